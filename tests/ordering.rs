//! Ordering through the public store API (PROTOCOL.md, "Ordering, duplicates and
//! resume"): a frame at or below the last applied `seq` is dropped and counted; a frame
//! past a gap is held until the gap fills and then applied in seq order; a gap that does
//! not fill asks for a resume after `gapMs`, and is skipped (reported) after another
//! `gapMs`; more held frames than `maxHeld` overflow into a resume request.
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

use common::{expand, Replay};
use serde_json::json;
use std::collections::BTreeSet;
use wirestore::store::Signal;
use wirestore::{ErrorKind, StoreOptions};

const READY: &str =
    r#"{"action_type":"session.ready","payload":{"sessionId":"s-1","epoch":1,"seq":0}}"#;

fn delta(seq: u64, text: &str) -> String {
    json!({"action_type": "content.delta", "messageId": "m1", "seq": seq,
           "payload": {"text": text}})
    .to_string()
}

fn started(limits: serde_json::Value) -> Replay {
    let opts =
        StoreOptions::from_json(&common::ours(&json!({ "limits": limits }))).expect("valid limits");
    let mut r = Replay::new(opts);
    r.step(READY);
    r.step(&delta(1, "a"));
    r.store.take_signals();
    r
}

fn keys(flush: &wirestore::Flush) -> BTreeSet<String> {
    flush.keys.iter().cloned().collect()
}

fn content(r: &Replay) -> String {
    r.store
        .message("m1")
        .map(|m| m.content.clone())
        .unwrap_or_default()
}

#[test]
fn duplicate_seq_is_dropped_counted_and_notifies_nothing() {
    let mut r = started(json!({}));
    assert_eq!(keys(&r.step(&delta(2, "b"))), expand(&["m1:content"]));
    for seq in [2, 1, 2] {
        assert_eq!(keys(&r.step(&delta(seq, "x"))), expand(&[]));
    }
    assert_eq!(content(&r), "ab");
    assert_eq!(r.store.stats().duplicates, 3);
    assert!(
        r.store.errors().is_empty(),
        "duplicates are normal, not errors"
    );
}

#[test]
fn gapped_seq_is_held_then_applied_in_order_when_the_gap_fills() {
    let mut r = started(json!({}));
    assert_eq!(keys(&r.step(&delta(4, "d"))), expand(&[]));
    assert_eq!(keys(&r.step(&delta(3, "c"))), expand(&[]));
    assert_eq!(keys(&r.step(&delta(4, "D"))), expand(&[]), "a held copy");
    assert_eq!(content(&r), "a");
    assert_eq!(r.store.stats().held, 2);
    assert_eq!(r.store.stats().duplicates, 1);
    let fill = r.step(&delta(2, "b"));
    assert_eq!(keys(&fill), expand(&["m1:content"]));
    assert_eq!(content(&r), "abcd");
    assert_eq!(r.store.stats().held, 0);
    assert_eq!(r.store.next_deadline(), None, "no gap is open");
    assert!(r.store.errors().is_empty());
    assert!(
        r.store.take_signals().is_empty(),
        "a gap that filled asks nothing"
    );
}

#[test]
fn a_gap_that_never_fills_asks_resume_then_skips_after_gap_ms() {
    let mut r = started(json!({"gapMs": 100}));
    r.step(&delta(3, "c"));
    let opened = r.now;
    assert_eq!(r.store.next_deadline(), Some(opened + 100));
    r.store.on_timer(opened + 99);
    assert!(r.store.take_signals().is_empty());
    r.store.on_timer(opened + 100);
    assert_eq!(r.store.take_signals(), [Signal::NeedResume]);
    assert_eq!(content(&r), "a", "nothing applied across the gap yet");
    let at = r.store.resume_position().expect("a session");
    assert_eq!((at.session_id.as_str(), at.epoch, at.seq), ("s-1", 1, 1));
    assert_eq!(r.store.next_deadline(), Some(opened + 200));
    r.store.on_timer(opened + 200);
    assert_eq!(content(&r), "ac");
    let e = r.store.errors().back().expect("the skip is reported");
    assert_eq!(e.kind, ErrorKind::Gap);
    let flush = r.store.take_flush();
    assert_eq!(
        flush.keys.iter().cloned().collect::<BTreeSet<_>>(),
        [
            "errors",
            "messages/m1",
            "messages/m1/content",
            "messages/m1/status",
            "stats"
        ]
        .map(String::from)
        .into(),
    );
    // What was lost is not known per message: unfinished ones are resynced by snapshot.
    assert_eq!(
        r.store.message("m1").map(|m| m.status),
        Some(wirestore::Status::Stale)
    );
    assert_eq!(r.store.take_signals(), [Signal::Sync("m1".into())]);
    assert_eq!(r.store.next_deadline(), None);
    // A stale message's frames wait for its snapshot: "acd" is text the server never had.
    assert_eq!(keys(&r.step(&delta(4, "d"))), expand(&[]));
    assert_eq!(keys(&r.step(&delta(2, "late"))), expand(&[]), "skipped seq");
    assert_eq!(content(&r), "ac");
    let snapshot = json!({"action_type": "message.snapshot", "messageId": "m1", "seq": 5,
                          "payload": {"content": "abcd", "status": "streaming"}});
    r.step(&snapshot.to_string());
    assert_eq!(
        content(&r),
        "abcd",
        "the snapshot holds what the held delta did"
    );
    r.step(&delta(6, "!"));
    assert_eq!(content(&r), "abcd!");
}

#[test]
fn a_resume_replay_fills_the_gap_and_its_copies_of_held_frames_are_duplicates() {
    let mut r = started(json!({"gapMs": 100}));
    r.step(&delta(3, "c"));
    r.store.on_timer(r.now + 100);
    assert_eq!(r.store.take_signals(), [Signal::NeedResume]);
    r.step(&delta(2, "b"));
    r.step(&delta(3, "c"));
    r.step(&delta(4, "d"));
    assert_eq!(content(&r), "abcd");
    assert_eq!(r.store.stats().duplicates, 1);
    assert_eq!(r.store.next_deadline(), None);
    assert!(r.store.errors().is_empty());
}

#[test]
fn more_held_frames_than_max_held_overflow_into_a_resume_request() {
    let mut r = started(json!({"maxHeld": 2}));
    r.step(&delta(3, "c"));
    r.step(&delta(4, "d"));
    assert!(r.store.take_signals().is_empty());
    let overflow = r.step(&delta(5, "e"));
    assert_eq!(keys(&overflow), expand(&["errors"]));
    assert_eq!(
        r.store.errors().back().map(|e| e.kind),
        Some(ErrorKind::Gap)
    );
    assert_eq!(r.store.take_signals(), [Signal::NeedResume]);
    assert_eq!(r.store.stats().held, 2);
    r.step(&delta(2, "b"));
    assert_eq!(content(&r), "abcd");
    r.step(&delta(5, "e"));
    assert_eq!(content(&r), "abcde");
}

#[test]
fn a_bad_envelope_with_a_seq_does_not_open_a_gap() {
    let mut r = started(json!({}));
    r.step(r#"{"seq":2,"messageId":"m1","payload":{"text":"no action type"}}"#);
    r.step(r#"{"action_type":"content.delta","seq":3,"messageId":"m1","payload":{"text":7}}"#);
    assert_eq!(keys(&r.step(&delta(4, "d"))), expand(&["m1:content"]));
    assert_eq!(content(&r), "ad");
    assert_eq!(r.store.stats().held, 0);
    let kinds: Vec<_> = r.store.errors().iter().map(|e| (e.kind, e.seq)).collect();
    assert_eq!(
        kinds,
        [
            (ErrorKind::Protocol, Some(2)),
            (ErrorKind::Protocol, Some(3))
        ]
    );
}

#[test]
fn a_confirmed_resume_keeps_the_position_and_a_failed_one_marks_unfinished_stale() {
    let mut r = started(json!({}));
    r.step(r#"{"action_type":"message.done","messageId":"m0","seq":2}"#);
    let resume = r.store.begin_resume().expect("a session to resume");
    assert_eq!((resume.session_id.as_str(), resume.seq), ("s-1", 2));
    r.step(READY);
    assert_eq!(keys(&r.step(&delta(2, "dup"))), expand(&[]));
    assert_eq!(keys(&r.step(&delta(3, "b"))), expand(&["m1:content"]));

    r.store.begin_resume();
    let fresh =
        r#"{"action_type":"session.ready","payload":{"sessionId":"s-2","epoch":2,"seq":0}}"#;
    assert_eq!(
        keys(&r.step(fresh)),
        expand(&[]),
        "a candidate until resume fails"
    );
    r.store.take_signals();
    let failed = r.step(r#"{"action_type":"resume.failed","payload":{"reason":"expired"}}"#);
    assert_eq!(
        keys(&failed),
        expand(&["m1:status", "errors", "connection"])
    );
    assert_eq!(
        r.store.message("m1").map(|m| m.status),
        Some(wirestore::Status::Stale)
    );
    assert_eq!(
        r.store.message("m0").map(|m| m.status),
        Some(wirestore::Status::Done)
    );
    // The fresh session is followed now (the backoff resets), and m1 is asked for.
    assert_eq!(
        r.store.take_signals(),
        [Signal::SessionReady, Signal::Sync("m1".into())]
    );
    assert_eq!(
        r.store.errors().back().map(|e| e.kind),
        Some(ErrorKind::Session)
    );
    assert_eq!(
        common::key_json(&r.store, "connection")["sessionId"],
        json!("s-2")
    );
    r.step(
        &json!({"action_type": "message.snapshot", "messageId": "m1", "seq": 1,
                   "payload": {"content": "ab", "status": "done"}})
        .to_string(),
    );
    assert_eq!(
        r.store.message("m1").map(|m| m.status),
        Some(wirestore::Status::Done)
    );
}

#[test]
fn stats_held_is_the_number_held_now_after_a_timer_skip() {
    let mut r = started(json!({"gapMs": 100}));
    r.step(&delta(3, "c"));
    assert_eq!(r.store.stats().held, 1);
    r.store.on_timer(r.now + 100);
    r.store.on_timer(r.now + 200);
    assert_eq!(content(&r), "ac");
    let flush = r.store.take_flush();
    assert_eq!(r.store.stats().held, 0, "stats.held is 'held now'");
    assert!(
        flush.keys.iter().any(|k| k == "stats"),
        "stats changed: {:?}",
        flush.keys
    );
}

#[test]
fn without_session_ready_a_lower_seq_arriving_after_the_first_is_not_lost() {
    let mut r = Replay::new(StoreOptions::default());
    r.step(&delta(2, "b"));
    assert_eq!(
        content(&r),
        "",
        "held: the frame before it may be on the way"
    );
    r.step(&delta(1, "a"));
    assert_eq!(content(&r), "ab", "drained in seq order");
    assert_eq!(r.store.stats().duplicates, 0);
    assert!(r.store.errors().is_empty(), "{:?}", r.store.errors());
}

#[test]
fn without_session_ready_the_lowest_held_seq_starts_the_stream_after_gap_ms() {
    let mut r = Replay::new(StoreOptions::default());
    let t0 = r.now;
    r.step(&delta(42, "b"));
    r.step(&delta(41, "a"));
    r.step(&delta(44, "d"));
    assert_eq!(content(&r), "");
    let due = r.store.next_deadline().expect("a window is open");
    assert!(due > t0 && due <= t0 + 10 + 2_000, "{due}");
    r.store.on_timer(due);
    assert_eq!(
        content(&r),
        "ab",
        "41 started the stream; 43 is a real gap now"
    );
    assert!(
        r.store.errors().is_empty(),
        "no error: nothing was known to be missing"
    );
    r.step(&delta(43, "c"));
    assert_eq!(content(&r), "abcd");
}

#[test]
fn a_session_ready_after_held_frames_keeps_those_past_its_seq() {
    let mut r = Replay::new(StoreOptions::default());
    r.step(&delta(2, "b"));
    r.step(r#"{"action_type":"session.ready","payload":{"sessionId":"s-1","epoch":1,"seq":1}}"#);
    assert_eq!(content(&r), "b", "2 follows the baseline 1");
    r.step(&delta(1, "a"));
    assert_eq!(
        content(&r),
        "b",
        "1 is at the baseline: the session had it already"
    );
}

#[test]
fn without_session_ready_more_frames_than_max_held_start_the_stream_instead_of_dropping() {
    let opts = StoreOptions::from_json(&common::ours(&json!({"limits": {"maxHeld": 2}}))).unwrap();
    let mut r = Replay::new(opts);
    for (seq, text) in [(12, "c"), (11, "b"), (10, "a"), (13, "d")] {
        r.step(&delta(seq, text));
    }
    assert_eq!(content(&r), "abcd");
    assert!(r.store.errors().is_empty(), "{:?}", r.store.errors());
}
