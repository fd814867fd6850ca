//! Bad input is data: every malformed, mistyped, oversize, unknown, late or hostile frame
//! becomes one typed entry in `errors`, and everything else a UI can read (message order,
//! every message, `connection`, `typing`, acks) is exactly as it was before the frame. A
//! rejected frame notifies `errors` and `stats` only.

// Test code: a broken expectation panics (the no-panic rule of STYLE.md is for the library).
#![allow(
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unwrap_used
)]

mod common;

use common::{expand, state};
use serde_json::json;
use wirestore::{ErrorKind, Store, StoreOptions};

/// A store in a lived-in state: m1 streaming (content, sources, a custom slice), m2 done,
/// an ack, someone typing.
fn lived_in(options: StoreOptions) -> Store {
    let mut store = Store::new(options);
    for frame in [
        r#"{"action_type":"session.ready","payload":{"sessionId":"s-1","epoch":1,"seq":0}}"#,
        r#"{"action_type":"message.start","messageId":"m1","seq":1,"payload":{"role":"assistant"}}"#,
        r#"{"action_type":"content.delta","messageId":"m1","seq":2,"payload":{"text":"Hello"}}"#,
        r#"{"action_type":"sources.add","messageId":"m1","seq":3,"payload":{"source":{"id":"s1"}}}"#,
        r#"{"action_type":"state.set","messageId":"m1","seq":4,"payload":{"slice":"plan","value":{"a":1}}}"#,
        r#"{"action_type":"content.delta","messageId":"m2","seq":5,"payload":{"text":"Bye"}}"#,
        r#"{"action_type":"message.done","messageId":"m2","seq":6}"#,
        r#"{"action_type":"ack","ref":"c-1","seq":7,"payload":{"status":"received"}}"#,
        r#"{"action_type":"typing.start","seq":8,"payload":{"userId":"u2"}}"#,
    ] {
        store.ingest(frame.as_bytes(), 1_000);
    }
    assert!(store.errors().is_empty(), "{:?}", store.errors());
    store.take_flush();
    store
}

/// A store after replaying fixture `name` (a foreign shape with its routes).
fn replayed(name: &str) -> Store {
    let mut store = Store::new(common::options(name));
    for frame in common::frames(name) {
        store.ingest(frame.as_bytes(), 1_000);
    }
    store.take_flush();
    store
}

/// Feeds `frame` and asserts it was answered by `errors` entries of `kind` only.
fn assert_rejected(store: &mut Store, frame: &[u8], kind: ErrorKind) {
    let before = state(store, &["c-1"]);
    let errors = store.stats().errors;
    store.ingest(frame, 2_000);
    let shown = String::from_utf8_lossy(frame);
    let shown: String = shown.chars().take(160).collect();
    assert_eq!(state(store, &["c-1"]), before, "state changed by {shown}");
    assert!(store.stats().errors > errors, "no error entry for {shown}");
    let last = store.errors().back().expect("an entry");
    assert_eq!(last.kind, kind, "{shown}: {last:?}");
    let keys: std::collections::BTreeSet<String> = store.take_flush().keys.into_iter().collect();
    assert_eq!(keys, expand(&["errors"]), "{shown}");
}

fn native() -> Store {
    lived_in(StoreOptions::default())
}

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
    let options = StoreOptions::from_json(&json!({"limits": {"maxFrameBytes": limit}}))
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
