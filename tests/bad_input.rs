//! Bad input is data: every malformed, mistyped, oversize, unknown, late or hostile frame
//! becomes one typed entry in `errors`, and everything else a UI can read (message order,
//! every message, `connection`, `typing`, acks) is exactly as it was before the frame. A
//! rejected frame notifies `errors` and `stats` only.
//!
//! Companions: `proto_keys.rs` (`__proto__` keys), `nesting.rs` (10,000-deep nesting on a
//! small stack), `ordering.rs` (duplicate and gapped seq).
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

use common::{assert_rejected, expand, lived_in, native, replayed};
use serde_json::json;
use wirestore::{ErrorKind, StoreOptions};

#[test]
fn invalid_json_is_a_protocol_error_and_changes_nothing() {
    let mut s = native();
    for frame in [
        &b"{\"action_type\":"[..],
        b"not json",
        b"",
        b"   ",
        b"{\"action_type\":\"content.delta\",\"messageId\":\"m1\",\"payload\":{\"text\":\"x\"}} trailing",
        b"[{\"action_type\":\"content.delta\",\"messageId\":\"m1\",\"payload\":{\"text\":\"x\"}}, {broken",
        b"\xff\xfe{}",
        b"\"just a string\"",
        b"42",
        b"null",
    ] {
        assert_rejected(&mut s, frame, ErrorKind::Protocol);
    }
}

#[test]
fn wrong_envelope_field_types_are_protocol_errors() {
    let mut s = native();
    for frame in [
        r#"{"action_type":5,"messageId":"m1","payload":{"text":"x"}}"#,
        r#"{"action_type":null,"messageId":"m1","payload":{"text":"x"}}"#,
        r#"{"messageId":"m1","payload":{"text":"x"}}"#,
        r#"{"action_type":"content.delta","messageId":{"id":"m1"},"payload":{"text":"x"}}"#,
        r#"{"action_type":"content.delta","messageId":["m1"],"payload":{"text":"x"}}"#,
        r#"{"action_type":"content.delta","messageId":"m1","seq":"9","payload":{"text":"x"}}"#,
        r#"{"action_type":"content.delta","messageId":"m1","seq":-1,"payload":{"text":"x"}}"#,
        r#"{"action_type":"content.delta","messageId":"m1","seq":9.5,"payload":{"text":"x"}}"#,
        r#"{"action_type":"content.delta","messageId":"m1","v":"1","payload":{"text":"x"}}"#,
        r#"{"action_type":"ack","ref":{},"payload":{"status":"delivered"}}"#,
        r#"["content.delta","m1"]"#,
    ] {
        assert_rejected(&mut s, frame.as_bytes(), ErrorKind::Protocol);
    }
}

#[test]
fn wrong_payload_field_types_are_protocol_errors() {
    let mut s = native();
    for (action, id, payload) in [
        ("content.delta", Some("m1"), json!({"text": 5})),
        ("content.delta", Some("m1"), json!({})),
        ("content.delta", Some("m1"), json!("Hello")),
        ("content.delta", None, json!({"text": "no message id"})),
        ("content.set", Some("m1"), json!({"text": ["a"]})),
        ("reasoning.delta", Some("m1"), json!({"text": null})),
        ("sources.add", Some("m1"), json!({"sources": "s2"})),
        ("sources.add", Some("m1"), json!({})),
        (
            "followUpQuestions.set",
            Some("m1"),
            json!({"questions": "no"}),
        ),
        (
            "followUpQuestions.set",
            Some("m1"),
            json!({"questions": [1, 2]}),
        ),
        ("citations.add", Some("m1"), json!({"citations": {}})),
        ("logs.append", Some("m1"), json!({"level": "info"})),
        ("tool.start", Some("m1"), json!({"name": "search"})),
        (
            "tool.delta",
            Some("m1"),
            json!({"toolCallId": "never", "argsText": "x"}),
        ),
        ("tool.end", Some("m1"), json!({"toolCallId": "never"})),
        ("elicitation.start", Some("m1"), json!({"schema": {}})),
        ("state.set", Some("m1"), json!({"slice": 5, "value": 1})),
        ("state.patch", Some("m1"), json!({"slice": "plan"})),
        ("message.error", Some("m1"), json!({"message": 5})),
        ("message.snapshot", Some("m1"), json!({"content": 5})),
        ("ack", None, json!({"status": "delivered"})),
        ("ack", None, json!({"status": "maybe"})),
        ("typing.start", None, json!({"userId": {}})),
    ] {
        let mut env = json!({"action_type": action, "payload": payload});
        if env["payload"]["status"] == json!("maybe") {
            env["ref"] = json!("c-9");
        }
        if let Some(id) = id {
            env["messageId"] = json!(id);
        }
        assert_rejected(&mut s, env.to_string().as_bytes(), ErrorKind::Protocol);
    }
}

#[test]
fn wrong_types_in_a_routed_foreign_frame_are_protocol_errors() {
    let mut s = replayed("seed004_chatspec");
    for frame in [
        r#"{"type":"message:stream","messageId":"ai-1","content":5,"isComplete":false}"#,
        r#"{"type":"message:ack","messageId":"msg-1","status":7}"#,
        r#"{"type":"message:stream","content":"no id","isComplete":false}"#,
    ] {
        assert_rejected(&mut s, frame.as_bytes(), ErrorKind::Protocol);
    }
}

#[test]
fn oversize_frame_is_rejected_unparsed_and_one_at_the_limit_is_accepted() {
    let limit = 128;
    let options =
        StoreOptions::from_json(&common::ours(&json!({"limits": {"maxFrameBytes": limit}})))
            .expect("valid options");
    let mut s = lived_in(options);
    let frame = |len: usize| {
        let head = r#"{"action_type":"content.delta","messageId":"m1","payload":{"text":""#;
        let tail = r#""}}"#;
        format!("{head}{}{tail}", "a".repeat(len - head.len() - tail.len()))
    };
    assert_rejected(&mut s, frame(limit + 1).as_bytes(), ErrorKind::Protocol);
    assert!(s
        .errors()
        .back()
        .expect("entry")
        .message
        .contains("maxFrameBytes"));
    let fits = frame(limit);
    assert_eq!(fits.len(), limit);
    s.ingest(fits.as_bytes(), 3_000);
    let text = s
        .message("m1")
        .map(|m| m.content.clone())
        .unwrap_or_default();
    assert!(text.starts_with("Helloaaa") && text.len() > 60, "{text}");
}

#[test]
fn unknown_action_types_are_unrouted_and_change_nothing() {
    let mut s = native();
    for frame in [
        r#"{"action_type":"widget.spin","messageId":"m1","payload":{}}"#,
        r#"{"action_type":"ignore","messageId":"m1"}"#,
        r#"{"action_type":"Content.Delta","messageId":"m1","payload":{"text":"x"}}"#,
        r#"{"action_type":"","messageId":"m1"}"#,
    ] {
        assert_rejected(&mut s, frame.as_bytes(), ErrorKind::Unrouted);
    }
    let e = s.errors().front().expect("entry");
    assert_eq!(e.action_type.as_deref(), Some("widget.spin"));
    let mut routed = replayed("seed004_chatspec");
    assert_rejected(
        &mut routed,
        br#"{"type":"message:edit","messageId":"ai-1","content":"x"}"#,
        ErrorKind::Unrouted,
    );
}

#[test]
fn a_newer_protocol_major_is_reported_and_skipped() {
    let mut s = native();
    let frame = r#"{"v":2,"action_type":"content.delta","messageId":"m1","payload":{"text":"x"}}"#;
    assert_rejected(&mut s, frame.as_bytes(), ErrorKind::Version);
}

#[test]
fn content_delta_after_done_is_reported_not_applied() {
    let mut s = native();
    for (action, payload) in [
        ("content.delta", json!({"text": " again"})),
        ("content.set", json!({"text": "Bye now"})),
        ("reasoning.delta", json!({"text": "late thought"})),
        ("sources.add", json!({"source": {"id": "late"}})),
        ("sources.set", json!({"sources": []})),
        ("followUpQuestions.add", json!({"question": "late?"})),
        ("citations.add", json!({"citation": {"n": 1}})),
        ("logs.append", json!({"text": "late log"})),
        ("tool.start", json!({"toolCallId": "t9"})),
        (
            "elicitation.start",
            json!({"elicitationId": "e9", "schema": {}}),
        ),
        ("state.set", json!({"slice": "plan", "value": 2})),
        ("state.patch", json!({"slice": "plan", "patch": {"b": 1}})),
        ("message.error", json!({"message": "too late"})),
        ("message.cancelled", json!({})),
    ] {
        let env = json!({"action_type": action, "messageId": "m2", "payload": payload});
        assert_rejected(&mut s, env.to_string().as_bytes(), ErrorKind::Lifecycle);
        let e = s.errors().back().expect("entry");
        assert_eq!(e.message_id.as_deref(), Some("m2"), "{action}");
        assert_eq!(e.action_type.as_deref(), Some(action));
    }
}

#[test]
fn a_bad_envelope_inside_a_batch_does_not_stop_the_others() {
    let mut s = native();
    let batch = r#"[
        {"action_type":"content.delta","messageId":"m1","payload":{"text":" a"}},
        {"messageId":"m1","payload":{"text":"no action type"}},
        "not an envelope",
        {"action_type":"content.delta","messageId":"m1","payload":{"text":5}},
        {"action_type":"nope.nope","messageId":"m1"},
        {"action_type":"content.delta","messageId":"m2","payload":{"text":"after done"}},
        {"action_type":"content.delta","messageId":"m1","payload":{"text":" b"}}
    ]"#;
    let errors = s.stats().errors;
    s.ingest(batch.as_bytes(), 2_000);
    assert_eq!(
        s.message("m1").map(|m| m.content.as_str()),
        Some("Hello a b")
    );
    assert_eq!(s.message("m2").map(|m| m.content.as_str()), Some("Bye"));
    assert_eq!(s.stats().errors - errors, 5);
    let kinds: Vec<ErrorKind> = s.errors().iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            ErrorKind::Protocol,
            ErrorKind::Protocol,
            ErrorKind::Protocol,
            ErrorKind::Unrouted,
            ErrorKind::Lifecycle
        ]
    );
    let keys: std::collections::BTreeSet<String> = s.take_flush().keys.into_iter().collect();
    assert_eq!(keys, expand(&["m1:content", "errors"]));
}
