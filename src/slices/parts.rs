//! Text and reasoning parts: one message's text in pieces the protocol keeps apart (AI SDK
//! text parts by id, Anthropic content blocks by index, OpenAI output items by id).
//!
//! The text of all parts of a kind is one slice (`content`, or `reasoning`), in part order;
//! the `parts` slice says where each part starts. A delta for the last part of its kind is
//! an append, as any delta is, so the common case (parts one after the other) costs what an
//! unparted stream costs and changes `parts` only when a part begins. A delta for an earlier
//! part (two parts streaming at once) is inserted at that part's end: the later parts move,
//! `parts` changes, and the text's epoch counts a rewrite, so a reader holding the old text
//! reads it whole again instead of appending.

use crate::json::Piece;
use crate::message::{Changed, Part, PartKind, Slice};
use crate::slices::text;

/// The slice holding a part kind's text.
pub fn slice_of(kind: PartKind) -> Slice {
    match kind {
        PartKind::Reasoning => Slice::Reasoning,
        PartKind::Text | PartKind::Tool => Slice::Content,
    }
}

/// Begins the part `key` of `kind` at the end of `text`, unless it has begun already.
pub fn start(parts: &mut Vec<Part>, text: &str, kind: PartKind, key: &str) -> Changed {
    if kind == PartKind::Tool || parts.iter().any(|p| p.kind == kind && p.key == key) {
        return Changed::default();
    }
    parts.push(Part {
        kind,
        key: key.to_owned(),
        start: Some(text.encode_utf16().count() as u64),
        byte_start: text.len(),
        tool_call_id: None,
    });
    Changed::of(Slice::Parts)
}

/// Adds `delta` to the part `key` of `kind` (beginning it when new); `epoch` counts a
/// rewrite when the text went in before another part's. The text's held surrogate unit
/// (`slices::text`) belongs to its end: an append to the last part joins it as any append
/// does; text inserted into an earlier part has its lone edges shown as U+FFFD.
pub fn append(
    parts: &mut Vec<Part>,
    slot: &mut String,
    held: &mut Option<u16>,
    kind: PartKind,
    key: &str,
    delta: &Piece<'_>,
    epoch: &mut u64,
) -> Changed {
    let mut changed = start(parts, slot, kind, key);
    if delta.is_empty() {
        return changed;
    }
    let at = parts.iter().position(|p| p.kind == kind && p.key == key);
    let next = at.and_then(|at| {
        parts
            .iter()
            .enumerate()
            .skip(at + 1)
            .find(|(_, p)| p.kind == kind)
            .map(|(i, p)| (i, p.byte_start))
    });
    let text = slot;
    match next {
        None => changed.merge(text::append(text, held, delta, slice_of(kind))),
        Some((first_later, end)) => {
            let mut delta_text = String::new();
            if delta.lead.is_some() {
                delta_text.push(char::REPLACEMENT_CHARACTER);
            }
            delta_text.push_str(&delta.text);
            if delta.trail.is_some() {
                delta_text.push(char::REPLACEMENT_CHARACTER);
            }
            let delta = delta_text.as_str();
            // `end` is where a later part starts: a char boundary the store set.
            if !text.is_char_boundary(end) {
                text.push_str(delta);
            } else {
                text.insert_str(end, delta);
                let units = delta.encode_utf16().count() as u64;
                for p in parts
                    .iter_mut()
                    .skip(first_later)
                    .filter(|p| p.kind == kind)
                {
                    p.byte_start += delta.len();
                    p.start = p.start.map(|s| s + units);
                }
                *epoch += 1;
                changed.add(Slice::Parts);
            }
            changed.add(slice_of(kind));
        }
    }
    changed
}

/// After the text of `kind` was replaced (a `set`, a snapshot), parts past its end are no
/// longer where they were: they are dropped.
pub fn forget_beyond(parts: &mut Vec<Part>, kind: PartKind, len: usize) -> Changed {
    let before = parts.len();
    parts.retain(|p| p.kind != kind || p.byte_start <= len);
    if parts.len() == before {
        Changed::default()
    } else {
        Changed::of(Slice::Parts)
    }
}

/// Finds each part's byte offset again from its UTF-16 start (a snapshot's parts).
pub fn locate(parts: &mut [Part], content: &str, reasoning: &str) {
    for p in parts.iter_mut() {
        let text = match p.kind {
            PartKind::Text => content,
            PartKind::Reasoning => reasoning,
            PartKind::Tool => continue,
        };
        let Some(start) = p.start else { continue };
        let mut units = 0u64;
        p.byte_start = text.len();
        for (i, c) in text.char_indices() {
            if units >= start {
                p.byte_start = i;
                break;
            }
            units += c.len_utf16() as u64;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `append` with plain text and no held unit.
    fn add(
        parts: &mut Vec<Part>,
        text: &mut String,
        kind: PartKind,
        key: &str,
        delta: &str,
        epoch: &mut u64,
    ) -> Changed {
        append(
            parts,
            text,
            &mut None,
            kind,
            key,
            &Piece::plain(delta),
            epoch,
        )
    }

    /// Each text part's text, as a JS reader slices it out of the whole.
    fn texts(parts: &[Part], text: &str, kind: PartKind) -> Vec<String> {
        let units: Vec<u16> = text.encode_utf16().collect();
        let starts: Vec<usize> = parts
            .iter()
            .filter(|p| p.kind == kind)
            .filter_map(|p| p.start.map(|s| s as usize))
            .collect();
        starts
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let end = starts.get(i + 1).copied().unwrap_or(units.len());
                String::from_utf16_lossy(units.get(*s..end).unwrap_or_default())
            })
            .collect()
    }

    #[test]
    fn parts_one_after_the_other_append_and_change_parts_only_when_they_begin() {
        let (mut parts, mut text, mut epoch) = (Vec::new(), String::new(), 0);
        let c = add(
            &mut parts,
            &mut text,
            PartKind::Text,
            "a",
            "Hé😀",
            &mut epoch,
        );
        assert!(c.has(Slice::Parts) && c.has(Slice::Content));
        let c = add(
            &mut parts,
            &mut text,
            PartKind::Text,
            "a",
            "llo",
            &mut epoch,
        );
        assert!(!c.has(Slice::Parts) && c.has(Slice::Content));
        add(
            &mut parts,
            &mut text,
            PartKind::Text,
            "b",
            "Second",
            &mut epoch,
        );
        assert_eq!(texts(&parts, &text, PartKind::Text), ["Hé😀llo", "Second"]);
        assert_eq!(parts.get(1).and_then(|p| p.start), Some(7), "UTF-16 units");
        assert_eq!(epoch, 0, "appends only");
    }

    #[test]
    fn parts_streaming_at_once_keep_their_boundaries() {
        let (mut parts, mut text, mut epoch) = (Vec::new(), String::new(), 0);
        start(&mut parts, &text, PartKind::Text, "left");
        start(&mut parts, &text, PartKind::Text, "right");
        for (l, r) in [("L1 ", "R1 "), ("ü2 ", "😀2 "), ("L3", "R3")] {
            add(&mut parts, &mut text, PartKind::Text, "left", l, &mut epoch);
            add(
                &mut parts,
                &mut text,
                PartKind::Text,
                "right",
                r,
                &mut epoch,
            );
        }
        assert_eq!(
            texts(&parts, &text, PartKind::Text),
            ["L1 ü2 L3", "R1 😀2 R3"]
        );
        assert_eq!(text, "L1 ü2 L3R1 😀2 R3");
        assert!(epoch > 0, "inserts are rewrites for readers");
    }

    #[test]
    fn reasoning_parts_are_apart_from_text_parts() {
        let (mut parts, mut content, mut reasoning, mut epoch) =
            (Vec::new(), String::new(), String::new(), 0);
        add(
            &mut parts,
            &mut reasoning,
            PartKind::Reasoning,
            "r",
            "think",
            &mut epoch,
        );
        add(
            &mut parts,
            &mut content,
            PartKind::Text,
            "t",
            "say",
            &mut epoch,
        );
        add(
            &mut parts,
            &mut reasoning,
            PartKind::Reasoning,
            "r",
            "ing",
            &mut epoch,
        );
        assert_eq!((content.as_str(), reasoning.as_str()), ("say", "thinking"));
        assert_eq!(epoch, 0);
        let kinds: Vec<_> = parts.iter().map(|p| p.kind).collect();
        assert_eq!(kinds, [PartKind::Reasoning, PartKind::Text]);
    }

    #[test]
    fn a_snapshot_finds_its_parts_again() {
        let mut parts = vec![
            Part {
                kind: PartKind::Text,
                key: "a".into(),
                start: Some(0),
                byte_start: 0,
                tool_call_id: None,
            },
            Part {
                kind: PartKind::Text,
                key: "b".into(),
                start: Some(3),
                byte_start: 0,
                tool_call_id: None,
            },
        ];
        locate(&mut parts, "é😀x", "");
        assert_eq!(parts.get(1).map(|p| p.byte_start), Some(6));
        let c = forget_beyond(&mut parts, PartKind::Text, 2);
        assert!(c.has(Slice::Parts));
        assert_eq!(parts.len(), 1);
    }
}
