//! Routes through the public `Store` API: a frame that does not fit its route is reported
//! (kind `protocol`, naming the route, the field and the path) and changes nothing; `?`
//! marks a field a frame may lack; `also` effects a frame does not carry are skipped; a
//! spec with an unknown key or op throws at creation, saying what that op takes.
// Host tests; tests/web.rs is the browser suite.
#![cfg(not(target_arch = "wasm32"))]
// Test code: a broken expectation panics (the no-panic rule of STYLE.md is for the library).
#![allow(clippy::expect_used, clippy::panic, clippy::unwrap_used)]

mod common;

use common::{ours, store_with};
use serde_json::{json, Value};
use wirestore::{ErrorKind, Store, StoreOptions};

/// A store speaking flat `{"type", "id", …}` frames with `routes`.
fn flat(routes: Value) -> Store {
    store_with(json!({
        "envelope": {"actionType": "type", "messageId": "id", "payload": null},
        "routes": routes,
    }))
}

fn ingest(store: &mut Store, frame: Value) {
    store.ingest(frame.to_string().as_bytes(), 0);
}

fn update_routes() -> Value {
    json!({
        "Update": {"op": "content.delta", "text?": "delta.content",
                   "also": [{"op": "reasoning.delta", "text": "delta.reasoning"}]},
        "Token": {"op": "content.delta", "text": "delta.content",
                  "also": [{"op": "logs.append", "text": "log.text", "level": "log.level"}]},
    })
}

#[test]
fn a_routed_frame_missing_its_mapped_field_is_reported_not_dropped() {
    let mut s = flat(update_routes());
    ingest(
        &mut s,
        json!({"type": "Token", "id": "m1", "delta": {"text": "typo"}}),
    );
    assert!(s.message("m1").is_none(), "nothing applied");
    let e = s.errors().back().expect("reported");
    assert_eq!(e.kind, ErrorKind::Protocol);
    assert_eq!(e.action_type.as_deref(), Some("Token"));
    assert_eq!(e.message_id.as_deref(), Some("m1"));
    for needle in [
        "route `Token`",
        "field `text`",
        "path `delta.content`",
        "absent",
    ] {
        assert!(e.message.contains(needle), "{needle}: {}", e.message);
    }
}

#[test]
fn a_routed_frame_whose_parent_path_is_not_an_object_is_reported() {
    let mut s = flat(update_routes());
    ingest(
        &mut s,
        json!({"type": "Update", "id": "m1", "delta": "Hello"}),
    );
    assert!(s.message("m1").is_none());
    let e = s.errors().back().expect("reported");
    assert_eq!(e.kind, ErrorKind::Protocol);
    for needle in [
        "route `Update`",
        "field `text`",
        "path `delta.content`",
        "`delta` is a string, not an object",
    ] {
        assert!(e.message.contains(needle), "{needle}: {}", e.message);
    }
}

#[test]
fn a_frame_that_fails_one_effect_applies_none_of_them() {
    let mut s = flat(update_routes());
    // Content is there; the `also` log line is found in part (no text): the whole frame
    // is reported, and the content is not applied either.
    ingest(
        &mut s,
        json!({"type": "Token", "id": "m1", "delta": {"content": "a"}, "log": {"level": "info"}}),
    );
    assert!(s.message("m1").is_none());
    let e = s.errors().back().expect("reported");
    assert!(
        e.message
            .contains("route `Token` (logs.append): field `text` at path `log.text`"),
        "{}",
        e.message
    );
    // A step whose payload the built-in decoder rejects (a number for text) also stops
    // the frame whole.
    ingest(
        &mut s,
        json!({"type": "Token", "id": "m1", "delta": {"content": 5}}),
    );
    assert!(s.message("m1").is_none());
    assert_eq!(
        s.errors().back().unwrap().message,
        "route `Token` (content.delta): field `text` at path `delta.content`: expected a string; not applied"
    );
    assert_eq!(s.errors().len(), 2);
}

#[test]
fn also_effects_stay_optional_and_a_question_mark_marks_an_optional_field() {
    let mut s = flat(update_routes());
    ingest(
        &mut s,
        json!({"type": "Update", "id": "m1", "delta": {"reasoning": "why"}}),
    );
    ingest(
        &mut s,
        json!({"type": "Update", "id": "m1", "delta": {"content": "Hi"}}),
    );
    ingest(&mut s, json!({"type": "Update", "id": "m1", "delta": {}}));
    ingest(
        &mut s,
        json!({"type": "Token", "id": "m1", "delta": {"content": "!"}}),
    );
    assert!(s.errors().is_empty(), "{:?}", s.errors());
    let m = s.message("m1").expect("created");
    assert_eq!((m.content.as_str(), m.reasoning.as_str()), ("Hi!", "why"));
}

#[test]
fn an_optional_field_an_op_can_do_without_still_applies_the_effect() {
    let mut s = flat(json!({
        "start": {"op": "message.start", "role?": "role"},
        "ack": {"op": "ack", "ref": "for", "status": "status", "error?": "error"},
    }));
    ingest(&mut s, json!({"type": "start", "id": "m1"}));
    ingest(
        &mut s,
        json!({"type": "ack", "for": "c1", "status": "received"}),
    );
    assert!(s.errors().is_empty(), "{:?}", s.errors());
    assert!(s.message("m1").is_some());
    let ack = common::key_json(&s, "acks/c1");
    assert_eq!(ack["status"], json!("received"));
}

fn creation_error(routes: Value) -> String {
    StoreOptions::from_json(&ours(&json!({ "routes": routes }))).unwrap_err()
}

#[test]
fn an_unknown_key_in_a_route_throws_at_creation_listing_the_ops_fields() {
    let err = creation_error(json!({"Update": {"op": "content.delta", "content": "delta"}}));
    assert!(err.starts_with("options.routes: route `Update`"), "{err}");
    assert!(
        err.contains("`content.delta` has no field \"content\""),
        "{err}"
    );
    assert!(err.contains("takes text (required)"), "{err}");
    let err = creation_error(json!({"Ack": {"op": "ack", "status": "s", "reason": "r"}}));
    assert!(
        err.contains("`ack` takes status (required), code, error"),
        "{err}"
    );
}

#[test]
fn a_route_naming_an_unknown_op_throws_at_creation() {
    let err = creation_error(json!({"Update": {"op": "content.append", "text": "t"}}));
    assert!(err.contains("unknown op `content.append`"), "{err}");
    assert!(err.contains("content.delta"), "lists the ops: {err}");
}
