//! Text slices through the public `Store` API follow JavaScript's concatenation: a
//! surrogate pair a sender split across deltas (`"ab\ud83d"`, then `"\ude00cd"`) joins,
//! on the text path and the bytes path, inside one batch and across frames, for
//! `content`, `reasoning`, a tool call's `argsText` and routed frames alike; a read while
//! a high surrogate is held shows the text without it; the end of the stream turns a held
//! unit that never found its pair into U+FFFD.
// Host tests; tests/web.rs is the browser suite.
#![cfg(not(target_arch = "wasm32"))]
// Test code: a broken expectation panics (the no-panic rule of STYLE.md is for the library).
#![allow(
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unwrap_used
)]

mod common;

use common::{key_json, store_with};
use proptest::prelude::*;
use serde_json::json;
use wirestore::{Store, StoreOptions};

/// A JSON string literal of UTF-16 `units`, as `JSON.stringify` writes a JS string: lone
/// surrogates (and, here, everything outside ASCII) as `\uXXXX` escapes.
fn js_string(units: &[u16]) -> String {
    let mut out = String::from("\"");
    for &u in units {
        match u {
            0x20..=0x7e if u != u16::from(b'"') && u != u16::from(b'\\') => {
                out.push(char::from(u as u8));
            }
            _ => out.push_str(&format!("\\u{u:04x}")),
        }
    }
    out.push('"');
    out
}

fn utf16(text: &str) -> Vec<u16> {
    text.encode_utf16().collect()
}

fn delta(action: &str, id: &str, units: &[u16]) -> String {
    format!(
        r#"{{"action_type":"{action}","messageId":"{id}","payload":{{"text":{}}}}}"#,
        js_string(units)
    )
}

/// Feeds `frames` to a store by text and to another by bytes; both must agree.
fn both_paths(frames: &[String]) -> Store {
    let mut by_text = Store::new(StoreOptions::default());
    let mut by_bytes = Store::new(StoreOptions::default());
    for f in frames {
        by_text.ingest_text(f, 0);
        by_bytes.ingest(f.as_bytes(), 0);
    }
    assert_eq!(by_text.message_ids(), by_bytes.message_ids());
    for id in by_text.message_ids() {
        assert_eq!(by_text.message(id), by_bytes.message(id), "{id}");
    }
    by_text
}

#[test]
fn a_surrogate_pair_split_across_two_deltas_joins_across_frames_and_in_a_batch() {
    let text = utf16("ab😀cd");
    let (first, second) = text.split_at(3); // "ab\ud83d" | "\ude00cd"
    let frames = [
        delta("content.delta", "m1", first),
        delta("content.delta", "m1", second),
        delta("reasoning.delta", "m1", first),
        delta("reasoning.delta", "m1", second),
        format!(
            "[{},{}]",
            delta("content.delta", "m2", first),
            delta("content.delta", "m2", second)
        ),
    ];
    let s = both_paths(&frames);
    let m1 = s.message("m1").unwrap();
    assert_eq!(
        (m1.content.as_str(), m1.reasoning.as_str()),
        ("ab😀cd", "ab😀cd")
    );
    assert_eq!(s.message("m2").unwrap().content, "ab😀cd");
    assert!(s.errors().is_empty(), "{:?}", s.errors());
}

#[test]
fn a_tool_calls_args_text_joins_a_split_pair_too() {
    let text = utf16(r#"{"q":"🦀"}"#);
    let (first, second) = text.split_at(7);
    let tool_delta = |units: &[u16]| {
        format!(
            r#"{{"action_type":"tool.delta","messageId":"m1","payload":{{"toolCallId":"t1","argsText":{}}}}}"#,
            js_string(units)
        )
    };
    let frames = [
        r#"{"action_type":"tool.start","messageId":"m1","payload":{"toolCallId":"t1"}}"#.into(),
        tool_delta(first),
        tool_delta(second),
    ];
    let s = both_paths(&frames);
    assert_eq!(s.message("m1").unwrap().tools[0].args_text, r#"{"q":"🦀"}"#);
}

#[test]
fn a_read_while_a_high_surrogate_is_held_is_well_formed_and_shows_it_later() {
    let mut s = Store::new(StoreOptions::default());
    let text = utf16("ab😀cd");
    s.ingest(delta("content.delta", "m1", &text[..3]).as_bytes(), 0);
    assert_eq!(key_json(&s, "messages/m1/content"), json!("ab"));
    assert_eq!(key_json(&s, "messages/m1")["content"], json!("ab"));
    s.ingest(delta("content.delta", "m1", &text[3..]).as_bytes(), 0);
    assert_eq!(key_json(&s, "messages/m1/content"), json!("ab😀cd"));
}

#[test]
fn a_held_unit_the_stream_never_completes_becomes_a_replacement_character() {
    let mut s = Store::new(StoreOptions::default());
    let high = [u16::from(b'x'), 0xD83D];
    s.ingest(delta("content.delta", "m1", &high).as_bytes(), 0);
    s.ingest(delta("content.delta", "m1", &utf16("y")).as_bytes(), 0);
    assert_eq!(s.message("m1").unwrap().content, "x\u{fffd}y");
    s.ingest(delta("content.delta", "m1", &high).as_bytes(), 0);
    s.ingest(
        br#"{"action_type":"message.done","messageId":"m1","payload":{}}"#,
        0,
    );
    let m = s.message("m1").unwrap();
    assert_eq!(
        m.content, "x\u{fffd}yx\u{fffd}",
        "done turned the held unit into U+FFFD"
    );
    assert!(s.errors().is_empty(), "{:?}", s.errors());
}

#[test]
fn a_routed_delta_joins_a_split_pair_like_a_builtin_one() {
    let mut s = store_with(json!({
        "envelope": {"actionType": "type", "messageId": "id", "payload": null},
        "routes": {"Update": {"op": "content.delta", "text": "delta.content"}},
    }));
    let text = utf16("ab😀cd");
    for part in [&text[..3], &text[3..]] {
        let frame = format!(
            r#"{{"type":"Update","id":"m1","delta":{{"content":{}}}}}"#,
            js_string(part)
        );
        s.ingest(frame.as_bytes(), 0);
    }
    assert_eq!(s.message("m1").unwrap().content, "ab😀cd");
    assert!(s.errors().is_empty(), "{:?}", s.errors());
}

/// Text with astral characters (pairs to split), BMP and ASCII.
fn any_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just('a'),
            Just(' '),
            Just('é'),
            Just('✓'),
            Just('😀'),
            Just('🦀'),
            Just('𝄞'),
        ],
        0..40,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    /// Sliced at arbitrary UTF-16 positions and sent in arbitrary batches, any text
    /// arrives whole; every read in between is a prefix of it (never a lone unit).
    #[test]
    fn text_sliced_by_utf16_units_arrives_whole(
        text in any_text(),
        cuts in proptest::collection::vec(0usize..80, 0..12),
        batch in 1usize..4,
    ) {
        let units = utf16(&text);
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(units.len())).collect();
        cuts.push(0);
        cuts.push(units.len());
        cuts.sort_unstable();
        let pieces: Vec<String> = cuts
            .windows(2)
            .map(|w| delta("content.delta", "m1", &units[w[0]..w[1]]))
            .collect();
        let frames: Vec<String> = pieces.chunks(batch).map(|c| format!("[{}]", c.join(","))).collect();
        let mut s = Store::new(StoreOptions::default());
        for f in &frames {
            s.ingest(f.as_bytes(), 0);
            if let Some(m) = s.message("m1") {
                prop_assert!(text.starts_with(&m.content), "{:?} is not a prefix of {text:?}", m.content);
            }
        }
        prop_assert_eq!(s.message("m1").map_or("", |m| m.content.as_str()), text.as_str());
    }
}
