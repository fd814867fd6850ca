//! Replays each seed system's protocol shape (`fixtures/seed00N_*.jsonl`), driven only by
//! a route table (`fixtures/seed00N_*.options.json`): the backend does not change, the
//! routes say what its frames mean. Each replay asserts the exact keys every frame
//! changed and the final state, just as the native replay does.
//!
//! Shorthand of the expected keys: `+id` a new message, `id:a,b` its slices `a` and `b`
//! plus `messages/id`, other entries literal keys; `stats` is implied.
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

use common::{assert_quiet, key_json, message_json, replay};
use serde_json::json;
use wirestore::{ErrorKind, Status};

#[test]
fn seed000_plan_address_envelopes_route_to_builtin_slices() {
    let (r, flushes) = replay(
        "seed000_plan",
        &[
            &["+a1"],                  // start
            &["a1:content"],           // content
            &["a1:sources"],           // sources (the whole list, like the plan's state)
            &["+a2"],                  // content of a second message creates it
            &["a1:content"],           // content
            &["a1:followUpQuestions"], // followUpQuestions
            &["a2:logs"],              // logs
            &["a1:citations"],         // citations
            &["a1:sources"],           // sources grew
            &[],                       // the same sources again: nothing changed
            &["a2:chart"],             // a new component: a custom slice, no client code
            &["a1:content"],           // content
            &["a1:status"],            // done
            &["a2:status"],            // done, frame without a payload
        ],
    );
    let s = &r.store;
    assert_eq!(s.message_ids(), ["a1", "a2"]);
    let a1 = message_json(s, "a1");
    assert_eq!(a1["content"], json!("The answer."));
    assert_eq!(a1["role"], json!("assistant"));
    assert_eq!(
        a1["sources"],
        json!(["https://docs.rs", "https://crates.io"])
    );
    assert_eq!(a1["followUpQuestions"], json!(["Tell me more?"]));
    assert_eq!(a1["citations"], json!([{"source": 0, "quote": "docs"}]));
    assert_eq!(a1["status"], json!("done"));
    let a2 = message_json(s, "a2");
    assert_eq!(a2["content"], json!("Hi"));
    assert_eq!(
        a2["logs"],
        json!([{"level": "debug", "text": "tokens: 12"}])
    );
    assert_eq!(
        key_json(s, "messages/a2/chart"),
        json!({"kind": "bar", "points": [1, 2]})
    );
    assert_eq!(a2["status"], json!("done"));
    assert!(s.errors().is_empty(), "{:?}", s.errors());
    // Parallel streams into one message touch only their own slice.
    assert_quiet(&flushes[2], &["messages/a1/content", "messages/a2"]);
    assert_quiet(&flushes[4], &["messages/a1/sources", "messages/a2/content"]);
    assert_quiet(&flushes[10], &["messages/a1", "messages/a1/chart"]);
}

#[test]
fn seed001_openagents_update_fans_out_to_content_and_reasoning() {
    let (r, flushes) = replay(
        "seed001_openagents",
        &[
            &["connection"],                      // Subscribed
            &["+5f0c6a3e-0001"],                  // content only
            &["5f0c6a3e-0001:reasoning"],         // reasoning only
            &["5f0c6a3e-0001:content,reasoning"], // both
            &["+5f0c6a3e-0002"],                  // reasoning only creates
            &["5f0c6a3e-0001:content"],           // content only
            &[],                                  // empty delta: nothing
            &["5f0c6a3e-0002:content"],           // content with a null reasoning
        ],
    );
    let s = &r.store;
    let first = s.message("5f0c6a3e-0001").expect("first kept");
    assert_eq!(first.content, "Let me check.");
    assert_eq!(first.reasoning, "The user asks for a check.");
    assert_eq!(first.status, Status::Streaming);
    let second = s.message("5f0c6a3e-0002").expect("second kept");
    assert_eq!(
        (second.content.as_str(), second.reasoning.as_str()),
        ("Second", "Second thoughts")
    );
    assert_eq!(key_json(s, "connection")["sessionId"], json!("chat"));
    assert!(s.errors().is_empty(), "{:?}", s.errors());
    assert_quiet(&flushes[2], &["messages/5f0c6a3e-0001/content"]);
    assert_quiet(&flushes[5], &["messages/5f0c6a3e-0001/reasoning"]);
    assert_quiet(&flushes[7], &["messages/5f0c6a3e-0002/reasoning"]);
}

#[test]
fn seed002_hybrid_sse_events_notify_exactly_the_changed_keys() {
    replay(
        "seed002_hybrid",
        &[
            &[],                    // usage_info: ignored
            &["+h1"],               // assistant_typing
            &["h1:content"],        // assistant_delta (Persian text)
            &["h1:content"],        // assistant_delta
            &["h1:status"],         // assistant_complete
            &["h1:content,status"], // assistant_regenerating: reopened, content cleared
            &["h1:content"],        // assistant_delta
            &["+h2"],               // assistant_typing h2
            &["h1:status"],         // assistant_regenerated
            &["h2:status,error"],   // assistant_error
            &["errors"],            // a delta after the error: reported, not applied
            &[],                    // usage_info
        ],
    );
}

#[test]
fn seed002_hybrid_sse_events_drive_the_lifecycle_including_regeneration() {
    let mut r = common::Replay::new(common::options("seed002_hybrid"));
    let flushes: Vec<_> = common::frames("seed002_hybrid")
        .iter()
        .map(|f| r.step(f))
        .collect();
    let s = &r.store;
    let h1 = s.message("h1").expect("h1 kept");
    assert_eq!(h1.content, "Hi again");
    assert_eq!(h1.status, Status::Done);
    assert_eq!(h1.role.as_deref(), Some("assistant"));
    let h2 = message_json(s, "h2");
    assert_eq!(h2["content"], json!(""));
    assert_eq!(h2["status"], json!("error"));
    assert_eq!(
        h2["error"],
        json!({"code": "ANON_LIMIT_REACHED", "message": "Anonymous limit reached"})
    );
    let errors: Vec<_> = s.errors().iter().collect();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].kind, ErrorKind::Lifecycle);
    assert_eq!(errors[0].message_id.as_deref(), Some("h2"));
    assert_eq!(errors[0].action_type.as_deref(), Some("assistant_delta"));
    assert_quiet(&flushes[5], &["messages/h2", "messages/h1/sources"]);
    assert_quiet(&flushes[10], &["messages/h2", "messages/h2/content"]);
}

#[test]
fn seed003_fastapi_events_route_tokens_tools_forms_and_done() {
    let (r, flushes) = replay(
        "seed003_fastapi",
        &[
            &["+msg_123"],            // chat.token
            &["msg_123:content"],     // chat.token
            &["msg_123:tools"],       // tool.start (toolCallId from content.tool)
            &["msg_123:tools"],       // tool.end
            &["msg_123:elicitation"], // elicitation.start
            &["+msg_200"],            // chat.token for another message
            &["msg_123:content"],     // chat.token
            // chat.done: the final text extends the streamed one; done closes the form,
            // since a finished message asks nothing more.
            &["msg_123:content,status,elicitation"],
            &["msg_200:content,status"], // chat.done whose final text replaces
        ],
    );
    let s = &r.store;
    assert!(
        flushes[4].urgent,
        "a form the user must fill is a discrete event"
    );
    let m = message_json(s, "msg_123");
    assert_eq!(
        m["content"],
        json!("Sure, let me check your calendar. Booked 2pm.")
    );
    assert_eq!(m["status"], json!("done"));
    assert_eq!(
        m["tools"],
        json!([{"toolCallId": "calendar_api", "name": "calendar_api", "argsText": "",
                "args": null, "status": "done", "result": {"free": ["2pm", "4pm"]},
                "error": null, "approval": null}])
    );
    assert_eq!(m["elicitation"], json!(null));
    let other = s.message("msg_200").expect("msg_200 kept");
    assert_eq!(
        (other.content.as_str(), other.status),
        ("Replaced", Status::Done)
    );
    assert!(s.errors().is_empty(), "{:?}", s.errors());
    assert_quiet(&flushes[6], &["messages/msg_200", "messages/msg_123/tools"]);
}

#[test]
fn seed003_elicitation_start_carries_the_schema_mode_and_id() {
    let frames = common::frames("seed003_fastapi");
    let mut r = common::Replay::new(common::options("seed003_fastapi"));
    for frame in &frames[..5] {
        r.step(frame);
    }
    assert_eq!(
        key_json(&r.store, "messages/msg_123/elicitation"),
        json!({"elicitationId": "evt_456", "mode": "form", "message": null, "toolCallId": null,
               "schema": {"type": "object", "properties": {"slot": {"enum": ["2pm", "4pm"]}}}})
    );
}

#[test]
fn seed004_chatspec_cumulative_stream_acks_typing_and_received_messages() {
    let (r, flushes) = replay(
        "seed004_chatspec",
        &[
            &[],                      // connection:authenticated: ignored
            &["acks/msg-1"],          // message:ack received
            &["+msg-1"],              // message:receive: a user message, complete
            &["acks/msg-1"],          // message:ack delivered
            &["typing"],              // typing:start
            &["+ai-1"],               // message:stream, first chunk
            &["ai-1:content"],        // message:stream, cumulative
            &[],                      // typing:start again: the same person still typing
            &[],                      // the same cumulative text again
            &["ai-1:content,status"], // isComplete
            &["typing"],              // typing:stop
            &["acks/msg-2"],          // message:ack error (rate limit)
            &["+ai-2"],               // one complete frame
        ],
    );
    let s = &r.store;
    assert_eq!(s.message_ids(), ["msg-1", "ai-1", "ai-2"]);
    let user = s.message("msg-1").expect("msg-1 kept");
    assert_eq!(
        (user.role.as_deref(), user.content.as_str(), user.status),
        (Some("user"), "What's new?", Status::Done)
    );
    let ai = s.message("ai-1").expect("ai-1 kept");
    assert_eq!(
        (ai.content.as_str(), ai.status),
        ("Here is the news.", Status::Done)
    );
    let ai2 = s.message("ai-2").expect("ai-2 kept");
    assert_eq!(
        (ai2.content.as_str(), ai2.status),
        ("All at once.", Status::Done)
    );
    assert_eq!(key_json(s, "acks/msg-1")["status"], json!("delivered"));
    assert_eq!(
        key_json(s, "acks/msg-2"),
        json!({"status": "error", "code": null,
               "error": "Rate limit exceeded. Try again in 30 seconds"})
    );
    assert_eq!(key_json(s, "typing"), json!([]));
    assert!(s.errors().is_empty(), "{:?}", s.errors());
    assert_quiet(&flushes[1], &["messages/msg-1", "messages"]);
    assert_quiet(&flushes[3], &["messages/msg-1", "messages/msg-1/status"]);
    assert_quiet(&flushes[6], &["messages/ai-1/status", "messages/msg-1"]);
}

#[test]
fn seed004_typing_start_shows_who_types_where() {
    let frames = common::frames("seed004_chatspec");
    let mut r = common::Replay::new(common::options("seed004_chatspec"));
    for frame in &frames[..5] {
        r.step(frame);
    }
    assert_eq!(
        key_json(&r.store, "typing"),
        json!([{"userId": "u-7", "conversationId": "c-1"}])
    );
}

#[test]
fn seed003_as_its_spec_sends_it_names_the_message_only_on_tokens() {
    // The seed's own frames: only `chat.token` carries `ref_id`; `bind: true` makes it the
    // socket's current message, so `tool.*`, `elicitation.start` and `chat.done` go to it.
    let (r, flushes) = replay(
        "seed003_fastapi_spec",
        &[
            &["+msg_123"],
            &["msg_123:content"],
            &["msg_123:tools"],
            &["msg_123:tools"],
            &["msg_123:elicitation"],
            &["msg_123:content,status,elicitation"],
            &["+msg_124"],
            &["msg_124:content,status"],
        ],
    );
    let s = &r.store;
    assert!(s.errors().is_empty(), "{:?}", s.errors());
    let m = message_json(s, "msg_123");
    assert_eq!(m["content"], json!("Sure, let me check. Booked 2pm."));
    assert_eq!(m["tools"][0]["result"], json!({"free": ["2pm", "4pm"]}));
    assert_eq!(m["status"], json!("done"));
    let next = message_json(s, "msg_124");
    assert_eq!(
        (next["content"].clone(), next["status"].clone()),
        (json!("Anything else?"), json!("done"))
    );
    assert_quiet(&flushes[2], &["messages/msg_124"]);
}
