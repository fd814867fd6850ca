//! Eviction by `limits.maxMessages` through the public `Store` API: an evicted message never
//! comes back silently. A late frame for one is reported (kind `lifecycle`) and not applied;
//! evicting a message that is still streaming is reported once and counted in
//! `stats.evicted`; a `message.start` or a snapshot brings an evicted id back on purpose.
// Host tests; tests/web.rs is the browser suite.
#![cfg(not(target_arch = "wasm32"))]
// Test code: a broken expectation panics (the no-panic rule of STYLE.md is for the library).
#![allow(clippy::expect_used, clippy::panic, clippy::unwrap_used)]

mod common;

use common::store_with;
use serde_json::json;
use wirestore::{ErrorKind, Status, Store};

fn keeping(n: usize) -> Store {
    store_with(json!({"limits": {"maxMessages": n}}))
}

fn send(s: &mut Store, action: &str, id: &str, payload: serde_json::Value) {
    let frame = json!({"action_type": action, "messageId": id, "payload": payload});
    s.ingest(frame.to_string().as_bytes(), 0);
}

fn delta(s: &mut Store, id: &str, text: &str) {
    send(s, "content.delta", id, json!({"text": text}));
}

fn lifecycle_errors(s: &Store) -> Vec<String> {
    s.errors()
        .iter()
        .filter(|e| e.kind == ErrorKind::Lifecycle)
        .map(|e| format!("{} {}", e.message_id.as_deref().unwrap_or("-"), e.message))
        .collect()
}

#[test]
fn evicting_a_streaming_message_is_reported_once_and_its_late_deltas_are_not_applied() {
    let mut s = keeping(2);
    delta(&mut s, "a", "Hel");
    delta(&mut s, "b", "x");
    delta(&mut s, "c", "y"); // none finished: the oldest streaming one goes
    assert_eq!(s.message_ids(), ["b", "c"]);
    assert_eq!(s.stats().evicted, 1);
    let errors = lifecycle_errors(&s);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("a message a was evicted while streaming"),
        "{errors:?}"
    );
    delta(&mut s, "a", "lo");
    delta(&mut s, "a", "!");
    assert!(
        s.message("a").is_none(),
        "not recreated holding only the new text"
    );
    assert_eq!(
        s.message_ids(),
        ["b", "c"],
        "and nothing else was evicted for it"
    );
    let errors = lifecycle_errors(&s);
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors[1].contains("message a was evicted"), "{errors:?}");
    assert_eq!(s.stats().evicted, 1);
}

#[test]
fn a_late_frame_for_an_evicted_finished_message_is_reported_not_applied() {
    let mut s = keeping(1);
    delta(&mut s, "a", "done text");
    send(&mut s, "message.done", "a", json!({}));
    delta(&mut s, "b", "x"); // evicts the finished `a`: no error for that
    assert!(lifecycle_errors(&s).is_empty(), "{:?}", s.errors());
    send(&mut s, "sources.add", "a", json!({"source": {"id": "s1"}}));
    assert!(s.message("a").is_none());
    assert_eq!(s.message_ids(), ["b"]);
    let errors = lifecycle_errors(&s);
    assert_eq!(errors.len(), 1, "{errors:?}");
    let e = s.errors().back().unwrap();
    assert_eq!(e.action_type.as_deref(), Some("sources.add"));
}

#[test]
fn a_message_start_or_a_snapshot_brings_an_evicted_id_back() {
    let mut s = keeping(1);
    delta(&mut s, "a", "old");
    send(&mut s, "message.done", "a", json!({}));
    delta(&mut s, "b", "x");
    send(&mut s, "message.start", "a", json!({"role": "assistant"}));
    delta(&mut s, "a", "new");
    assert_eq!(s.message("a").unwrap().content, "new");
    delta(&mut s, "b", "late"); // `b` was evicted by the new `a`
    assert!(s.message("b").is_none());
    send(
        &mut s,
        "message.snapshot",
        "b",
        json!({"id": "b", "status": "done", "content": "whole"}),
    );
    let b = s.message("b").unwrap();
    assert_eq!((b.content.as_str(), b.status), ("whole", Status::Done));
}

#[test]
fn stats_applied_counts_envelopes_and_effects_counts_effects() {
    let mut s = store_with(json!({
        "envelope": {"actionType": "type", "messageId": "id", "payload": null},
        "routes": {
            "Update": {"op": "content.delta", "text?": "c",
                       "also": [{"op": "reasoning.delta", "text": "r"}]},
            "Final": {"op": "content.set", "text": "c", "done": "end"},
        },
    }));
    let frames = [
        json!({"type": "Update", "id": "m", "c": "a", "r": "b"}), // 1 envelope, 2 effects
        json!({"type": "Update", "id": "m"}),                     // carries nothing: not applied
        json!({"type": "Final", "id": "m", "c": "ab", "end": true}), // content.set + done
        json!({"type": "Nope", "id": "m"}),                       // unrouted
    ];
    for f in frames {
        s.ingest(f.to_string().as_bytes(), 0);
    }
    let stats = s.stats();
    assert_eq!((stats.envelopes, stats.applied, stats.effects), (4, 2, 4));
}
