//! Hostile nesting: frames nested 10,000 deep, in every place a payload can hide them,
//! are answered without overflowing the stack. Each case runs on a thread with a 512 KiB
//! stack, far less than 10,000 recursive frames would need, so a recursive parse, walk
//! or drop of the nesting would crash the test instead of passing it.
//!
//! A nesting the store would have to keep (a source, a custom slice, a snapshot, a field
//! a route maps) is a `protocol` error and changes nothing else. Nesting inside a field
//! the action does not read is skipped without recursion, and the frame applies.
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

use common::state;
use wirestore::{ErrorKind, Store, StoreOptions};

const DEPTH: usize = 10_000;
/// Room for serde_json's own bounded recursion (128 levels, ~2 KiB each in a debug
/// build), and far too little for 10,000 levels of anything recursive.
const SMALL_STACK: usize = 512 * 1024;

fn arrays() -> String {
    format!("{}{}", "[".repeat(DEPTH), "]".repeat(DEPTH))
}

fn objects() -> String {
    format!("{}1{}", r#"{"a":"#.repeat(DEPTH), "}".repeat(DEPTH))
}

/// Runs `test` on a thread with a small stack; a stack overflow aborts the process.
fn on_small_stack(test: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(SMALL_STACK)
        .spawn(test)
        .expect("spawn")
        .join()
        .expect("the test thread finished");
}

fn with_m1(options: StoreOptions, start: &str) -> Store {
    let mut s = Store::new(options);
    s.ingest(start.as_bytes(), 1_000);
    s.take_flush();
    s
}

fn native_m1() -> Store {
    with_m1(
        StoreOptions::default(),
        r#"{"action_type":"content.delta","messageId":"m1","payload":{"text":"Hello"}}"#,
    )
}

fn assert_rejected(s: &mut Store, frame: &str) {
    let before = state(s, &[]);
    let errors = s.stats().errors;
    s.ingest(frame.as_bytes(), 2_000);
    assert_eq!(state(s, &[]), before, "state changed by {}", &frame[..80]);
    assert_eq!(s.stats().errors, errors + 1, "{}", &frame[..80]);
    let last = s.errors().back().expect("an entry");
    assert_eq!(last.kind, ErrorKind::Protocol, "{last:?}");
}

#[test]
fn deep_nesting_where_the_store_would_keep_it_is_a_protocol_error() {
    on_small_stack(|| {
        let mut s = native_m1();
        for deep in [arrays(), objects()] {
            for payload in [
                format!(r#"{{"source":{{"id":"s1","x":{deep}}}}}"#),
                format!(r#"{{"sources":{deep}}}"#),
            ] {
                let frame = format!(
                    r#"{{"action_type":"sources.add","messageId":"m1","payload":{payload}}}"#
                );
                assert_rejected(&mut s, &frame);
            }
            for (action, payload) in [
                ("state.set", format!(r#"{{"slice":"deep","value":{deep}}}"#)),
                (
                    "state.patch",
                    format!(r#"{{"slice":"deep","patch":{deep}}}"#),
                ),
                (
                    "message.snapshot",
                    format!(r#"{{"content":"x","meta":{deep}}}"#),
                ),
                ("message.start", format!(r#"{{"meta":{deep}}}"#)),
                ("citations.add", format!(r#"{{"citation":{deep}}}"#)),
            ] {
                let frame =
                    format!(r#"{{"action_type":"{action}","messageId":"m1","payload":{payload}}}"#);
                assert_rejected(&mut s, &frame);
            }
        }
    });
}

#[test]
fn deep_nesting_as_the_frame_itself_is_a_protocol_error() {
    on_small_stack(|| {
        let mut s = native_m1();
        assert_rejected(&mut s, &arrays());
        assert_rejected(&mut s, &objects());
        assert_rejected(&mut s, &"[".repeat(DEPTH));
        assert_rejected(&mut s, &r#"{"a":"#.repeat(DEPTH));
        let in_batch = format!(
            r#"[{{"action_type":"content.delta","messageId":"m1","payload":{{"text":"x","more":{}}}}}]"#,
            "[".repeat(DEPTH)
        );
        assert_rejected(&mut s, &in_batch);
    });
}

#[test]
fn deep_nesting_a_route_maps_is_a_protocol_error_and_one_it_does_not_is_skipped() {
    on_small_stack(|| {
        let options = StoreOptions::from_json(&common::ours(&serde_json::json!({
            "envelope": {"actionType": "type", "messageId": "message_id", "payload": null},
            "routes": {
                "Update": {"op": "content.delta", "text?": "delta.content"},
                "Chart": {"op": "state.set", "slice": {"value": "chart"}, "value": "junk"},
            },
        })))
        .expect("valid options");
        let mut s = with_m1(
            options,
            r#"{"type":"Update","message_id":"m1","delta":{"content":"Hello"}}"#,
        );
        for deep in [arrays(), objects()] {
            let kept = format!(r#"{{"type":"Chart","message_id":"m1","junk":{deep}}}"#);
            assert_rejected(&mut s, &kept);
            let skipped = format!(
                r#"{{"type":"Update","message_id":"m1","delta":{{"content":"!"}},"junk":{deep}}}"#
            );
            s.ingest(skipped.as_bytes(), 2_000);
        }
        assert_eq!(s.stats().errors, 2, "{:?}", s.errors());
        assert_eq!(s.message("m1").map(|m| m.content.as_str()), Some("Hello!!"));
    });
}

#[test]
fn deep_nesting_in_a_field_the_action_does_not_read_is_skipped() {
    on_small_stack(|| {
        let mut s = native_m1();
        for deep in [arrays(), objects()] {
            let frame = format!(
                r#"{{"action_type":"content.delta","messageId":"m1","extra":{deep},"payload":{{"text":"!"}}}}"#
            );
            s.ingest(frame.as_bytes(), 2_000);
        }
        assert!(s.errors().is_empty(), "{:?}", s.errors());
        assert_eq!(s.message("m1").map(|m| m.content.as_str()), Some("Hello!!"));
    });
}
