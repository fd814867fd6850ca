//! Text slices (`content`, `reasoning`, a tool call's `argsText`): deltas append; `set`
//! replaces.
//!
//! Cumulative streams send the whole text so far on every frame. When the new text
//! extends the old one, only the suffix is appended: no reallocation of the prefix, and
//! the work per frame is one comparison of bytes that were just parsed anyway, so a long
//! cumulative stream costs time linear in the bytes received.
//!
//! # Split surrogate pairs: JavaScript's concatenation
//! A sender that slices its text by UTF-16 units (`text.slice(i, i + n)` in JS) and sends
//! it through `JSON.stringify` can split an emoji across two frames: `"ab\ud83d"`, then
//! `"\ude00cd"`. A JS reducer's `+` joins them into 😀; so does every text slice here,
//! whatever path the frames took (text or bytes, one batch or many frames, built-in or
//! routed). The rule, for every text slice (each keeps its own `held` unit):
//! - a lone high surrogate that ends an append is held, not shown: reads during streaming
//!   stay well-formed;
//! - the next append decides: if it opens with a lone low surrogate the two join; if not,
//!   the held unit becomes U+FFFD before it (an empty append decides nothing);
//! - a lone low surrogate that opens an append with nothing held is U+FFFD, as is any lone
//!   surrogate inside a string;
//! - when the stream ends ([`finish`]: the message or the tool call is done, failed or
//!   cancelled) a held unit becomes U+FFFD, as a lone surrogate displays;
//! - a `set` replaces the text, held unit included (as `text = next` does in JS); its own
//!   trailing lone high surrogate is held like an append's, a leading low one is U+FFFD.

use std::borrow::Cow;

use crate::json::Piece;
use crate::message::{Changed, Slice};

/// A held high surrogate and the low one that completes it.
fn join(high: u16, low: u16) -> char {
    let c = 0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
    char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// Appends `piece` to `slot`, joining a surrogate pair split across appends (see the
/// module docs); `held` is the slot's held unit.
pub fn append(
    slot: &mut String,
    held: &mut Option<u16>,
    piece: &Piece<'_>,
    slice: Slice,
) -> Changed {
    if piece.is_empty() {
        return Changed::default();
    }
    let before = slot.len();
    match (held.take(), piece.lead) {
        (Some(high), Some(low)) => slot.push(join(high, low)),
        (Some(_), None) | (None, Some(_)) => slot.push(char::REPLACEMENT_CHARACTER),
        (None, None) => {}
    }
    slot.push_str(&piece.text);
    *held = piece.trail;
    if slot.len() == before {
        return Changed::default();
    }
    Changed::of(slice)
}

/// Replaces the text with `piece`, appending only the suffix when it extends the text.
/// `rewrites` counts the changes that were not appends (readers holding a prefix of the
/// old text must then read it whole again).
pub fn set(
    slot: &mut String,
    held: &mut Option<u16>,
    piece: &Piece<'_>,
    slice: Slice,
    rewrites: &mut u64,
) -> Changed {
    let next = match piece.lead {
        Some(_) => Cow::Owned(format!("{}{}", char::REPLACEMENT_CHARACTER, piece.text)),
        None => Cow::Borrowed(piece.text.as_ref()),
    };
    *held = piece.trail;
    replace(slot, &next, slice, rewrites)
}

/// Ends the slot's stream: a held unit becomes U+FFFD.
pub fn finish(slot: &mut String, held: &mut Option<u16>, slice: Slice) -> Changed {
    if held.take().is_none() {
        return Changed::default();
    }
    slot.push(char::REPLACEMENT_CHARACTER);
    Changed::of(slice)
}

fn replace(slot: &mut String, next: &str, slice: Slice, rewrites: &mut u64) -> Changed {
    if next.len() >= slot.len() && next.as_bytes().starts_with(slot.as_bytes()) {
        // `slot.len()` is a char boundary of `next`: the bytes before it equal `slot`.
        return match next.get(slot.len()..) {
            Some("") | None => Changed::default(),
            Some(suffix) => {
                slot.push_str(suffix);
                Changed::of(slice)
            }
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
    use crate::json::Reader;

    /// The piece a JSON string literal reads as.
    fn piece(json: &str) -> Piece<'_> {
        Reader::new(json).piece().unwrap()
    }

    fn plain(text: &str) -> Piece<'_> {
        Piece::plain(text)
    }

    #[test]
    fn cumulative_set_that_extends_appends_the_suffix_in_place() {
        let mut s = String::with_capacity(64);
        set(&mut s, &mut None, &plain("Hel"), Slice::Content, &mut 0);
        let ptr = s.as_ptr();
        assert!(!set(&mut s, &mut None, &plain("Hello"), Slice::Content, &mut 0).is_empty());
        assert_eq!(s, "Hello");
        assert_eq!(s.as_ptr(), ptr, "the prefix was not reallocated");
    }

    #[test]
    fn identical_set_changes_nothing() {
        let mut s = String::from("same");
        assert!(set(&mut s, &mut None, &plain("same"), Slice::Content, &mut 0).is_empty());
    }

    #[test]
    fn set_that_rewrites_replaces_and_counts_the_rewrite() {
        let mut rewrites = 0;
        let mut s = String::from("Hello");
        set(
            &mut s,
            &mut None,
            &plain("Hello, world"),
            Slice::Content,
            &mut rewrites,
        );
        assert_eq!(rewrites, 0, "an extension is an append");
        assert!(!set(&mut s, &mut None, &plain("Help"), Slice::Content, &mut 0).is_empty());
        assert_eq!(s, "Help");
        assert!(!set(&mut s, &mut None, &plain(""), Slice::Content, &mut 0).is_empty());
        assert_eq!(s, "");
    }

    #[test]
    fn multibyte_prefixes_are_respected() {
        let mut s = String::from("hé");
        set(&mut s, &mut None, &plain("héllo ✓"), Slice::Content, &mut 0);
        assert_eq!(s, "héllo ✓");
    }

    #[test]
    fn empty_delta_is_no_change() {
        let mut s = String::new();
        assert!(append(&mut s, &mut None, &plain(""), Slice::Reasoning).is_empty());
    }

    #[test]
    fn a_surrogate_pair_split_across_appends_joins() {
        let (mut s, mut held) = (String::new(), None);
        let first = append(&mut s, &mut held, &piece(r#""ab\ud83d""#), Slice::Content);
        assert!(!first.is_empty());
        assert_eq!((s.as_str(), held), ("ab", Some(0xD83D)), "held, not shown");
        append(&mut s, &mut held, &piece(r#""\ude00cd""#), Slice::Content);
        assert_eq!((s.as_str(), held), ("ab😀cd", None));
    }

    #[test]
    fn a_held_unit_waits_for_the_append_that_decides() {
        let (mut s, mut held) = (String::new(), None);
        append(&mut s, &mut held, &piece(r#""\ud83d""#), Slice::Content);
        assert!(append(&mut s, &mut held, &plain(""), Slice::Content).is_empty());
        assert_eq!(held, Some(0xD83D), "an empty append decides nothing");
        append(&mut s, &mut held, &piece(r#""\ude00""#), Slice::Content);
        assert_eq!((s.as_str(), held), ("😀", None));
    }

    #[test]
    fn a_held_unit_not_completed_becomes_a_replacement_character() {
        let (mut s, mut held) = (String::new(), None);
        append(&mut s, &mut held, &piece(r#""a\ud83d""#), Slice::Content);
        append(&mut s, &mut held, &plain("z"), Slice::Content);
        assert_eq!(s, "a\u{fffd}z");
        append(&mut s, &mut held, &piece(r#""\ude00!""#), Slice::Content);
        assert_eq!(
            s, "a\u{fffd}z\u{fffd}!",
            "a lone low surrogate with nothing held"
        );
        append(&mut s, &mut held, &piece(r#""\ud83d""#), Slice::Content);
        append(
            &mut s,
            &mut held,
            &piece(r#""\ud83d\ude00""#),
            Slice::Content,
        );
        assert_eq!(
            s, "a\u{fffd}z\u{fffd}!\u{fffd}😀",
            "a high one after a held one"
        );
        append(&mut s, &mut held, &piece(r#""x\ud83d""#), Slice::Content);
        assert!(!finish(&mut s, &mut held, Slice::Content).is_empty());
        assert_eq!(
            (s.as_str(), held),
            ("a\u{fffd}z\u{fffd}!\u{fffd}😀x\u{fffd}", None)
        );
        assert!(finish(&mut s, &mut held, Slice::Content).is_empty());
    }

    #[test]
    fn lone_surrogates_inside_a_string_are_replacement_characters() {
        let p = piece(r#""a\ud83db\ude00c""#);
        assert_eq!(p, Piece::plain("a\u{fffd}b\u{fffd}c"));
        assert_eq!(Reader::new(r#""\ud83d""#).string().unwrap(), "\u{fffd}");
    }

    #[test]
    fn a_set_replaces_the_held_unit_and_holds_its_own() {
        let (mut s, mut held, mut rewrites) = (String::new(), None, 0);
        set(
            &mut s,
            &mut held,
            &piece(r#""ab\ud83d""#),
            Slice::Content,
            &mut rewrites,
        );
        assert_eq!((s.as_str(), held), ("ab", Some(0xD83D)));
        set(
            &mut s,
            &mut held,
            &piece(r#""ab\ud83d\ude00c""#),
            Slice::Content,
            &mut rewrites,
        );
        assert_eq!(
            (s.as_str(), held, rewrites),
            ("ab😀c", None, 0),
            "an extension"
        );
        set(
            &mut s,
            &mut held,
            &piece(r#""\ude00""#),
            Slice::Content,
            &mut rewrites,
        );
        assert_eq!((s.as_str(), held), ("\u{fffd}", None));
    }
}
