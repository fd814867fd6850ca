//! Text slices (`content`, `reasoning`): deltas append; `set` replaces.
//!
//! Cumulative streams send the whole text so far on every frame. When the new text
//! extends the old one, only the suffix is appended: no reallocation of the prefix, and
//! the work per frame is one comparison of bytes that were just parsed anyway, so a long
//! cumulative stream costs time linear in the bytes received.

use crate::message::{Changed, Slice};

/// Appends `delta`.
pub fn append(slot: &mut String, delta: &str, slice: Slice) -> Changed {
    if delta.is_empty() {
        return Changed::default();
    }
    slot.push_str(delta);
    Changed::of(slice)
}

/// Replaces the text with `next`, appending only the suffix when `next` extends it.
/// `rewrites` counts the changes that were not appends (readers holding a prefix of the
/// old text must then read it whole again).
pub fn set(slot: &mut String, next: &str, slice: Slice, rewrites: &mut u64) -> Changed {
    if next.len() >= slot.len() && next.as_bytes().starts_with(slot.as_bytes()) {
        // `slot.len()` is a char boundary of `next`: the bytes before it equal `slot`.
        return match next.get(slot.len()..) {
            Some(suffix) => append(slot, suffix, slice),
            None => Changed::default(),
        };
    }
    slot.clear();
    slot.push_str(next);
    *rewrites += 1;
    Changed::of(slice)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cumulative_set_that_extends_appends_the_suffix_in_place() {
        let mut s = String::with_capacity(64);
        set(&mut s, "Hel", Slice::Content, &mut 0);
        let ptr = s.as_ptr();
        assert!(!set(&mut s, "Hello", Slice::Content, &mut 0).is_empty());
        assert_eq!(s, "Hello");
        assert_eq!(s.as_ptr(), ptr, "the prefix was not reallocated");
    }

    #[test]
    fn identical_set_changes_nothing() {
        let mut s = String::from("same");
        assert!(set(&mut s, "same", Slice::Content, &mut 0).is_empty());
    }

    #[test]
    fn set_that_rewrites_replaces_and_counts_the_rewrite() {
        let mut rewrites = 0;
        let mut s = String::from("Hello");
        set(&mut s, "Hello, world", Slice::Content, &mut rewrites);
        assert_eq!(rewrites, 0, "an extension is an append");
        assert!(!set(&mut s, "Help", Slice::Content, &mut 0).is_empty());
        assert_eq!(s, "Help");
        assert!(!set(&mut s, "", Slice::Content, &mut 0).is_empty());
        assert_eq!(s, "");
    }

    #[test]
    fn multibyte_prefixes_are_respected() {
        let mut s = String::from("hé");
        set(&mut s, "héllo ✓", Slice::Content, &mut 0);
        assert_eq!(s, "héllo ✓");
    }

    #[test]
    fn empty_delta_is_no_change() {
        let mut s = String::new();
        assert!(append(&mut s, "", Slice::Reasoning).is_empty());
    }
}
