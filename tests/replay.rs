//! Replays PROTOCOL.md's own envelopes (`fixtures/native.jsonl`) through the public store
//! API, one frame and one flush at a time, and proves two things: each frame notifies
//! exactly the keys whose values it changed (never a sibling slice or message), and the
//! stream ends in the state the protocol describes.
//!
//! Expected keys use the shorthand of `common::expand`: `+id` a new message (all its
//! slices appear), `id:a,b` slices `a` and `b` of message `id` plus `messages/id`;
//! `stats` is implied on every frame.
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

use common::{assert_quiet, key_json, message_json, names, replay};
use serde_json::json;
use wirestore::store::Signal;
use wirestore::Status;

const NATIVE: &[&[&str]] = &[
    &["connection"],           // session.ready
    &["+m1"],                  // message.start m1
    &["+m2"],                  // message.start m2
    &["m1:sources"],           // sources.add s1
    &["m2:content"],           // content.delta m2
    &["m1:sources"],           // sources.add: s1 replaced in place, b appended
    &["m1:reasoning"],         // reasoning.delta
    &["m1:content"],           // content.delta m1
    &["m2:content"],           // content.delta m2
    &["m1:tools"],             // tool.start
    &["m1:tools"],             // tool.delta
    &["m1:tools"],             // tool.delta
    &["m1:tools"],             // tool.end
    &["m1:content"],           // content.delta (escaped, non-BMP)
    &["m1:followUpQuestions"], // followUpQuestions.set
    &["m1:logs"],              // logs.append
    &["m1:citations"],         // citations.add
    &["m1:plan"],              // state.set (custom slice)
    &["m1:plan"],              // state.patch
    &["m2:elicitation"],       // elicitation.start
    &["m2:elicitation"],       // elicitation.end
    &["m1:status"],            // message.done
    &["m2:status,error"],      // message.error
    &["acks/c-1"],             // ack
    &["typing"],               // typing.start
    &[],                       // pong: nothing but stats
    &["typing"],               // typing.stop
    &["+m3"],                  // a batch: start, set, done of m3, one notification
];

#[test]
fn native_stream_notifies_exactly_the_changed_keys_and_ends_in_protocol_state() {
    let (mut r, flushes) = replay("native", NATIVE);
    let store = &r.store;

    assert_eq!(store.message_ids(), ["m1", "m2", "m3"]);
    let m1 = store.message("m1").expect("m1 kept");
    assert_eq!(m1.status, Status::Done);
    assert_eq!(m1.role.as_deref(), Some("assistant"));
    assert_eq!(m1.meta, Some(common::ours(&json!({"model": "demo-1"}))));
    assert_eq!(m1.content, "Hello, world é😀");
    assert_eq!(m1.reasoning, "The user greets.");
    assert_eq!(
        m1.sources,
        vec![
            common::ours(&json!({"id": "s1", "url": "https://a.example", "title": "A, updated"})),
            common::ours(&json!({"url": "https://b.example", "title": "B"})),
        ]
    );
    assert_eq!(m1.follow_up_questions, ["Why?", "How?"]);
    assert_eq!(
        m1.citations,
        vec![common::ours(
            &json!({"sourceId": "s1", "start": 0, "end": 5})
        )]
    );
    assert_eq!(
        message_json(store, "m1")["logs"],
        json!([{"level": "info", "text": "fetched 2 pages", "ts": 1_700_000_000}])
    );
    assert_eq!(
        message_json(store, "m1")["tools"],
        json!([{"toolCallId": "t1", "name": "search", "argsText": "{\"q\":\"rust\"}",
                "args": {"q": "rust"}, "status": "done", "result": {"hits": 2}, "error": null,
                "approval": null}])
    );
    assert_eq!(
        key_json(store, "messages/m1/plan"),
        json!({"steps": ["search", "answer"], "current": 1, "note": "ok"})
    );
    assert!(m1.elicitation.is_none() && m1.error.is_none());

    let m2 = store.message("m2").expect("m2 kept");
    assert_eq!(m2.content, "Hi there");
    assert_eq!(m2.status, Status::Error);
    assert_eq!(
        key_json(store, "messages/m2/error"),
        json!({"code": "RATE_LIMIT", "message": "slow down"})
    );
    assert!(m2.elicitation.is_none());
    assert!(m2.sources.is_empty() && m2.custom.is_empty());

    let m3 = store.message("m3").expect("m3 kept");
    assert_eq!(
        (m3.role.as_deref(), m3.content.as_str(), m3.status),
        (Some("user"), "What is Rust?", Status::Done)
    );

    assert_eq!(
        key_json(store, "acks/c-1"),
        json!({"status": "delivered", "code": null, "error": null})
    );
    assert_eq!(key_json(store, "typing"), json!([]));
    assert_eq!(key_json(store, "connection")["sessionId"], json!("s-1"));
    assert!(store.errors().is_empty(), "{:?}", store.errors());
    let stats = store.stats();
    assert_eq!((stats.frames, stats.envelopes), (28, 30));
    assert_eq!((stats.applied, stats.duplicates, stats.errors), (30, 0, 0));
    assert_eq!(r.store.take_signals().first(), Some(&Signal::SessionReady));

    // Siblings stay quiet: spot checks on top of the exact sets above.
    let at = |line: usize| &flushes[line - 1];
    assert_quiet(at(4), &["messages/m2", "messages/m1/content", "messages"]);
    assert_quiet(at(5), &["messages/m1", "messages/m2/sources"]);
    assert_quiet(at(14), &["messages/m2/content", "messages/m1/reasoning"]);
    assert_quiet(at(18), &["messages/m2/plan", "messages/m1/content"]);
    assert_quiet(at(20), &["messages/m1/elicitation", "messages/m1"]);
    assert_quiet(at(23), &["messages/m1/status", "messages/m1/error"]);
    assert_quiet(
        at(24),
        &["messages", "messages/m1", "messages/m2", "typing"],
    );
    assert_quiet(at(28), &["messages/m1", "messages/m2"]);
}

#[test]
fn discrete_events_are_urgent_and_streaming_text_is_not() {
    let (_, flushes) = replay("native", NATIVE);
    let urgent = |line: usize| flushes[line - 1].urgent;
    for line in [1, 2, 20, 21, 22, 23, 24, 28] {
        assert!(urgent(line), "line {line} should be urgent");
    }
    for line in [5, 7, 8, 11, 14, 16] {
        assert!(!urgent(line), "line {line} should not be urgent");
    }
}

#[test]
fn a_batch_applies_in_order_and_flushes_each_key_once() {
    let (r, flushes) = replay("native", NATIVE);
    let batch = flushes.last().expect("flushes");
    assert!(names(batch, "messages/m3/content") && names(batch, "messages/m3/status"));
    assert_eq!(r.store.message("m3").map(|m| m.status), Some(Status::Done));
}

#[test]
fn regeneration_notifies_cleared_slices_but_not_the_kept_role_and_meta() {
    let mut r = common::Replay::new(wirestore::StoreOptions::default());
    for frame in [
        r#"{"action_type":"message.start","messageId":"m1","payload":{"role":"assistant","meta":{"model":"x"}}}"#,
        r#"{"action_type":"content.delta","messageId":"m1","payload":{"text":"old"}}"#,
        r#"{"action_type":"message.done","messageId":"m1"}"#,
    ] {
        r.step(frame);
    }
    let reopen = r.step(r#"{"action_type":"message.start","messageId":"m1","payload":{}}"#);
    let got: std::collections::BTreeSet<String> = reopen.keys.iter().cloned().collect();
    assert_eq!(got, common::expand(&["m1:content,status"]));
    let m1 = r.store.message("m1").expect("m1 kept");
    assert_eq!(m1.role.as_deref(), Some("assistant"));
    assert_eq!(m1.meta, Some(common::ours(&json!({"model": "x"}))));
}
