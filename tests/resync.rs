//! Resync after a failed resume: a stale message's frames wait for its `message.snapshot`,
//! so a reader never sees text with a hole in it (text the server never had). The wait is
//! bounded by `limits.gapMs` and `limits.maxHeld`; past either, the frames apply as they
//! came and a `gap` error says so.
// Host tests; tests/web.rs is the browser suite.
#![cfg(not(target_arch = "wasm32"))]
// Test code: a broken expectation panics (the no-panic rule of STYLE.md is for the library).
#![allow(clippy::expect_used, clippy::panic, clippy::unwrap_used)]

mod common;

use common::{key_json, Replay};
use serde_json::{json, Value};
use wirestore::{ErrorKind, Status, StoreOptions};

fn step(r: &mut Replay, frame: Value) -> Vec<String> {
    r.step(&frame.to_string()).keys
}

fn delta(seq: u64, id: &str, text: &str) -> Value {
    json!({"action_type": "content.delta", "messageId": id, "seq": seq, "payload": {"text": text}})
}

fn content(r: &Replay, id: &str) -> Value {
    key_json(&r.store, &format!("messages/{id}/content"))
}

/// A store whose message `m1` streamed "Hello" (seq 1) and `m2` "x" (seq 2), then lost its
/// session: the resume failed, both are stale.
fn stale(limits: Value) -> Replay {
    let opts = StoreOptions::from_json(&common::ours(&json!({ "limits": limits }))).unwrap();
    let mut r = Replay::new(opts);
    let ready = |id: &str| json!({"action_type": "session.ready", "payload": {"sessionId": id, "epoch": 1, "seq": 0}});
    step(&mut r, ready("s-1"));
    step(&mut r, delta(1, "m1", "Hello"));
    step(&mut r, delta(2, "m2", "x"));
    r.store.begin_resume().expect("a session to resume");
    step(&mut r, ready("s-2"));
    step(
        &mut r,
        json!({"action_type": "resume.failed", "payload": {"reason": "expired"}}),
    );
    assert_eq!(r.store.message("m1").unwrap().status, Status::Stale);
    r.store.take_signals();
    r
}

#[test]
fn a_stale_messages_deltas_wait_for_its_snapshot_and_a_reader_never_sees_a_hole() {
    let mut r = stale(json!({}));
    // The server went on: it had "Hello, lost words" + " and more"; " and more" arrives live.
    assert_eq!(step(&mut r, delta(1, "m1", " and")), ["stats"]);
    assert_eq!(step(&mut r, delta(2, "m1", " more")), ["stats"]);
    assert_eq!(content(&r, "m1"), json!("Hello"), "not \"Hello and more\"");
    assert_eq!(r.store.stats().held, 2);
    step(
        &mut r,
        json!({"action_type": "message.snapshot", "messageId": "m1", "seq": 3,
               "payload": {"content": "Hello, lost words and more", "status": "streaming"}}),
    );
    assert_eq!(content(&r, "m1"), json!("Hello, lost words and more"));
    assert_eq!(r.store.stats().held, 0);
    step(&mut r, delta(4, "m1", "."));
    assert_eq!(content(&r, "m1"), json!("Hello, lost words and more."));
    assert!(
        r.store
            .errors()
            .iter()
            .all(|e| e.kind == ErrorKind::Session),
        "{:?}",
        r.store.errors()
    );
}

#[test]
fn a_regeneration_drops_the_frames_held_for_the_old_text() {
    let mut r = stale(json!({}));
    step(&mut r, delta(1, "m2", "y"));
    step(
        &mut r,
        json!({"action_type": "message.start", "messageId": "m2", "seq": 2}),
    );
    assert_eq!(
        content(&r, "m2"),
        json!(""),
        "the held delta was the old text's"
    );
    assert_eq!(r.store.message("m2").unwrap().status, Status::Streaming);
    step(&mut r, delta(3, "m2", "new"));
    assert_eq!(content(&r, "m2"), json!("new"));
    assert_eq!(r.store.stats().held, 0);
}

#[test]
fn without_a_snapshot_within_gap_ms_the_held_frames_apply_and_say_so() {
    let mut r = stale(json!({"gapMs": 100}));
    let t = r.now;
    step(&mut r, delta(1, "m1", " world"));
    assert_eq!(r.store.next_deadline(), Some(t + 10 + 100));
    r.store.on_timer(t + 10 + 99);
    assert_eq!(content(&r, "m1"), json!("Hello"));
    r.store.on_timer(t + 10 + 100);
    assert_eq!(content(&r, "m1"), json!("Hello world"));
    let e = r.store.errors().back().unwrap();
    assert_eq!(
        (e.kind, e.message_id.as_deref()),
        (ErrorKind::Gap, Some("m1"))
    );
    assert!(
        e.message
            .contains("no message.snapshot came within limits.gapMs"),
        "{e:?}"
    );
    assert_eq!((r.store.stats().held, r.store.next_deadline()), (0, None));
}

#[test]
fn more_held_frames_than_max_held_let_the_longest_waiting_message_go() {
    let mut r = stale(json!({"maxHeld": 2}));
    step(&mut r, delta(1, "m1", " a"));
    step(&mut r, delta(2, "m2", "b"));
    assert_eq!(content(&r, "m1"), json!("Hello"));
    step(&mut r, delta(3, "m2", "c"));
    assert_eq!(content(&r, "m1"), json!("Hello a"), "m1 waited longest");
    assert_eq!(content(&r, "m2"), json!("x"), "m2 still waits");
    assert_eq!(r.store.stats().held, 2);
    let e = r.store.errors().back().unwrap();
    assert!(e.message.contains("limits.maxHeld"), "{e:?}");
}
