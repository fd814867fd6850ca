//! `__proto__` keys are refused wherever they hide: a JS object receiving one would have
//! its prototype replaced (prototype pollution). Each frame carrying one, in a source, a
//! citation, a custom slice's name, value or patch, a snapshot, `meta`, a form's schema,
//! a log's timestamp, or a routed foreign frame, is a `protocol` error entry and is not
//! applied; all other state stays as it was.
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

use common::{assert_rejected, native, replayed};
use serde_json::json;
use wirestore::ErrorKind;

#[test]
fn proto_keys_are_refused_wherever_they_hide() {
    let mut s = native();
    for (action, payload) in [
        (
            "sources.add",
            json!({"source": {"id": "s9", "__proto__": {"polluted": true}}}),
        ),
        (
            "sources.add",
            json!({"sources": [{"id": "s9", "meta": {"__proto__": 1}}]}),
        ),
        ("sources.set", json!({"sources": [{"__proto__": {}}]})),
        (
            "citations.add",
            json!({"citation": {"__proto__": {"x": 1}}}),
        ),
        (
            "state.set",
            json!({"slice": "__proto__", "value": {"x": 1}}),
        ),
        (
            "state.set",
            json!({"slice": "plan", "value": {"__proto__": {"x": 1}}}),
        ),
        (
            "state.set",
            json!({"slice": "plan", "value": [{"deep": {"__proto__": 1}}]}),
        ),
        (
            "state.patch",
            json!({"slice": "plan", "patch": {"__proto__": {"x": 1}}}),
        ),
        (
            "state.patch",
            json!({"slice": "__proto__", "patch": {"x": 1}}),
        ),
        ("message.snapshot", json!({"content": "x", "__proto__": {}})),
        (
            "message.snapshot",
            json!({"content": "x", "custom": {"__proto__": 1}}),
        ),
        ("message.start", json!({"meta": {"__proto__": {}}})),
        (
            "elicitation.start",
            json!({"elicitationId": "e1", "schema": {"properties": {"__proto__": {}}}}),
        ),
        ("logs.append", json!({"text": "t", "ts": {"__proto__": 1}})),
    ] {
        let env = json!({"action_type": action, "messageId": "m1", "payload": payload});
        assert_rejected(&mut s, env.to_string().as_bytes(), ErrorKind::Protocol);
    }
    // The key spelled with a JSON escape is the same key once decoded.
    let escaped = r#"{"action_type":"sources.add","messageId":"m1","payload":{"source":{"id":"s9","\u005f_proto__":{}}}}"#;
    assert_rejected(&mut s, escaped.as_bytes(), ErrorKind::Protocol);
}

#[test]
fn proto_keys_in_a_routed_foreign_frame_are_refused() {
    let mut s = replayed("seed000_plan");
    let frame = r#"{"messageId":"a2","address":"chart","payload":{"chart":{"__proto__":{"x":1}}}}"#;
    assert_rejected(&mut s, frame.as_bytes(), ErrorKind::Protocol);
}
