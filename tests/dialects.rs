//! The dialects (`dialects/*.json`) over the streams the protocols' own packages produced
//! (`fixtures/dialects/<dialect>/*.jsonl`, made by tests/dialects/generate.mjs). Every frame
//! keeps the flush contract (a key's version moves exactly when a flush names it), no
//! stream leaves an error entry, and the shapes each protocol is known for land where the
//! dialect says. The comparison with each protocol's own reader, field by field, is
//! js/test/dialects.wasm.test.ts (the real wasm, the recorded references).
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unwrap_used
)]

mod common;

use common::{key_json, message_json, Replay};
use serde_json::{json, Value};
use std::path::PathBuf;
use wirestore::StoreOptions;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The options `createWireStore({dialect})` passes for a dialect.
fn dialect(name: &str) -> StoreOptions {
    let path = root().join("dialects").join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let data: Value = serde_json::from_str(&text).expect("a dialect is JSON");
    StoreOptions::from_json(&common::ours(&json!({ "dialect": data }))).expect("valid dialect")
}

/// Replays one fixture through its dialect, flushing after every frame.
fn replay(dialect_name: &str, fixture: &str) -> Replay {
    let mut r = Replay::new(dialect(dialect_name));
    for frame in common::frames(&format!("dialects/{dialect_name}/{fixture}")) {
        r.step(&frame);
    }
    r
}

fn quiet(r: &Replay, what: &str) {
    assert!(
        r.store.errors().is_empty(),
        "{what}: {:#?}",
        r.store.errors()
    );
}

#[test]
fn every_fixture_replays_through_its_dialect_without_an_error() {
    for (d, dir) in [
        ("ai-sdk", "ai-sdk"),
        ("agui", "agui"),
        ("openai-responses", "openai"),
        ("anthropic", "anthropic"),
    ] {
        let folder = root().join("tests/fixtures/dialects").join(dir);
        let mut names: Vec<String> = std::fs::read_dir(&folder)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter_map(|n| n.strip_suffix(".jsonl").map(str::to_owned))
            .collect();
        names.sort();
        assert!(!names.is_empty(), "{folder:?}");
        for name in names {
            let mut r = Replay::new(dialect(d));
            for frame in common::frames(&format!("dialects/{dir}/{name}")) {
                r.step(&frame);
            }
            quiet(&r, &format!("{d}/{name}"));
            assert!(!r.store.message_ids().is_empty(), "{d}/{name}: no message");
        }
    }
}

#[test]
fn ai_sdk_chat_fills_every_slice_from_one_bound_message() {
    let r = replay("ai-sdk", "chat");
    quiet(&r, "chat");
    assert_eq!(r.store.message_ids(), ["msg-chat"]);
    let m = message_json(&r.store, "msg-chat");
    assert_eq!(m["role"], json!("assistant"));
    assert_eq!(m["status"], json!("done"));
    assert_eq!(
        m["content"],
        json!("Hello wörld 😀, checking 東京 and Zürich.It is sunny in Zürich.")
    );
    assert_eq!(m["reasoning"], json!("Let me think… 🤔"));
    let kinds: Vec<&str> = m["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["reasoning", "text", "tool", "text"]);
    assert_eq!(
        m["parts"][3]["start"],
        json!(39),
        "the second text part starts in UTF-16 units"
    );
    let tool = &m["tools"][0];
    assert_eq!(tool["args"], json!({"city": "Zürich", "days": 3}));
    assert_eq!(tool["status"], json!("done"));
    assert_eq!(m["sources"][0]["url"], json!("https://example.com/a"));
    assert_eq!(m["sources"][1]["type"], json!("document"));
    assert_eq!(
        m["custom"]["data-weather"],
        json!([{"id": "weather-Zürich", "data": {"city": "Zürich", "status": "done", "temp": 21}}])
    );
    assert_eq!(m["meta"]["totalTokens"], json!(52));
    assert_eq!(m["meta"]["finishReason"], json!("stop"));
}

#[test]
fn a_transient_data_part_is_an_event_and_nothing_is_kept() {
    let mut r = Replay::new(dialect("ai-sdk"));
    let frames = common::frames("dialects/ai-sdk/chat");
    let transient = frames
        .iter()
        .position(|f| f.contains("\"transient\":true"))
        .unwrap();
    for f in &frames[..=transient] {
        r.step(f);
    }
    let events = r.store.take_events();
    assert_eq!(
        events,
        [(
            "data-notification".to_owned(),
            r#"{"text":"looking up Zürich"}"#.to_owned()
        )]
    );
    let m = message_json(&r.store, "msg-chat");
    assert!(m["custom"].get("data-notification").is_none());
    assert!(r.store.take_events().is_empty(), "taken once");
}

#[test]
fn agui_state_deltas_apply_every_json_patch_op_and_runs_finish_their_messages() {
    let r = replay("agui", "run");
    quiet(&r, "run");
    assert_eq!(
        key_json(&r.store, "state"),
        json!({"city": "Tokyo", "steps": ["plan", "search"], "counts": {"a": 10},
               "copied": {"a": 10, "b": 2}, "moved": 2, "a/b": {"m~n": "✓"}})
    );
    let run = key_json(&r.store, "run");
    assert_eq!(run["status"], json!("finished"));
    assert_eq!(run["result"], json!({"answer": "done"}));
    for id in r.store.message_ids() {
        assert_eq!(message_json(&r.store, id)["status"], json!("done"), "{id}");
    }
    let m = message_json(&r.store, "msg-1");
    assert_eq!(m["tools"][0]["result"], json!("{\"temp\":21}"));
    assert_eq!(m["tools"][0]["args"], json!({"city": "東京", "unit": "C"}));
    let activity = message_json(&r.store, "activity-1");
    assert_eq!(activity["role"], json!("activity"));
    assert_eq!(
        activity["custom"]["activity"],
        json!({"steps": [{"title": "search", "done": true}]})
    );
}

#[test]
fn agui_interrupt_opens_the_form_and_keeps_the_message_open() {
    let r = replay("agui", "interrupt");
    quiet(&r, "interrupt");
    let m = message_json(&r.store, "msg-ask");
    assert_eq!(m["status"], json!("streaming"), "waits for the answer");
    assert_eq!(m["elicitation"]["elicitationId"], json!("interrupt-1"));
    assert_eq!(m["elicitation"]["mode"], json!("interrupt"));
    assert_eq!(m["elicitation"]["toolCallId"], json!("call-book"));
    assert_eq!(key_json(&r.store, "run")["status"], json!("interrupted"));
}

#[test]
fn agui_run_error_ends_the_open_message_in_error() {
    let r = replay("agui", "error");
    let m = message_json(&r.store, "msg-fail");
    assert_eq!(
        (m["status"].clone(), m["error"]["message"].clone()),
        (json!("error"), json!("the model is overloaded"))
    );
}

#[test]
fn anthropic_blocks_route_by_index_to_their_parts_and_tool_calls() {
    let r = replay("anthropic", "message");
    quiet(&r, "message");
    let m = message_json(&r.store, "msg_01basic");
    assert_eq!(
        m["content"],
        json!("According to the report, Zürich is ☀ today (東京 too).")
    );
    assert_eq!(
        m["reasoning"],
        json!("The user asks about Zürich… use the tool.")
    );
    assert_eq!(m["tools"][0]["toolCallId"], json!("toolu_01"));
    assert_eq!(
        m["tools"][0]["args"],
        json!({"city": "Zürich", "unit": "celsius"})
    );
    assert_eq!(m["citations"][0]["cited_text"], json!("Zürich is sunny"));
    assert_eq!(m["meta"]["stopReason"], json!("tool_use"));
    assert_eq!(m["meta"]["usage"]["output_tokens"], json!(87));
    assert_eq!(m["meta"]["usage"]["input_tokens"], json!(25));
    assert_eq!(m["status"], json!("done"));
}

#[test]
fn openai_items_route_by_id_and_the_sequence_dedupes() {
    let mut r = Replay::new(dialect("openai-responses"));
    let frames = common::frames("dialects/openai/response");
    for f in &frames {
        r.step(f);
    }
    for f in &frames[3..6] {
        r.step(f); // replayed: the same sequence numbers
    }
    quiet(&r, "response");
    assert_eq!(r.store.stats().duplicates, 3);
    let m = message_json(&r.store, "resp_basic");
    assert_eq!(
        m["content"],
        json!("The weather in Zürich is ☀ today, says 東京 TV.")
    );
    assert_eq!(m["reasoning"], json!("Looking for the weather… "));
    let ids: Vec<&str> = m["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["toolCallId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["call_1", "call_2"]);
    assert_eq!(m["tools"][1]["args"], json!({"tz": "Europe/Zurich"}));
    assert_eq!(m["sources"][0]["url"], json!("https://example.com/weather"));
    assert_eq!(m["meta"]["usage"]["total_tokens"], json!(60));
}

#[test]
fn unknown_event_types_are_counted_not_reported() {
    let mut r = Replay::new(dialect("anthropic"));
    r.step(r#"{"type":"message_start","message":{"id":"m","model":"x"}}"#);
    r.step(r#"{"type":"brand_new_event","x":1}"#);
    r.step(r#"{"type":"content_block_delta","index":0,"delta":{"type":"brand_new_delta"}}"#);
    quiet(&r, "unknown");
    assert_eq!(r.store.stats().unknown, 1);
}

/// The dialects as data for the JS package (`import { dialects } from 'wirestore'`): one
/// source of truth, `dialects/*.json`, written into `js/generated/dialects.ts` here, and the
/// `TS types current` stage fails when the committed copy differs.
#[test]
fn the_js_package_gets_the_dialects_as_written_in_dialects_json() {
    let mut names: Vec<String> = std::fs::read_dir(root().join("dialects"))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".json").map(str::to_owned))
        .collect();
    names.sort();
    let mut out = String::from(
        "// Generated from dialects/*.json by tests/dialects.rs (cargo test): edit those files.\n\
         // Each dialect is the data createWireStore({dialect}) passes to the core.\n\
         export const DIALECT_DATA = {\n",
    );
    for name in &names {
        let text =
            std::fs::read_to_string(root().join("dialects").join(format!("{name}.json"))).unwrap();
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            value["name"],
            json!(name),
            "dialects/{name}.json names itself"
        );
        dialect(name); // valid options
                       // The file as written (its order and layout are for people copying it), indented.
        let body = text.trim_end().replace('\n', "\n  ");
        out.push_str(&format!(
            "  {}: {body},\n",
            serde_json::to_string(name).unwrap()
        ));
    }
    out.push_str("} as const;\n");
    std::fs::write(root().join("js/generated/dialects.ts"), out).unwrap();
}

/// A fixture's frames as the SSE body the producer sent (`data: <frame>` per event).
fn sse_body(dir: &str, name: &str) -> Vec<u8> {
    let mut body = String::new();
    for frame in common::frames(&format!("dialects/{dir}/{name}")) {
        body.push_str("data: ");
        body.push_str(&frame);
        body.push_str("\n\n");
    }
    body.into_bytes()
}

#[test]
fn two_streams_of_a_dialect_at_once_each_fill_their_own_bound_message() {
    use wirestore::connection::backoff::Backoff;
    use wirestore::stream::resume::Reconnect;
    use wirestore::stream::{Format, Resume, StreamSpec};
    let spec = || StreamSpec {
        format: Some(Format::Sse),
        id_as_seq: false,
        resume: Resume::Never,
    };
    let policy = || Reconnect::new(Backoff::new(100, 1000, 0.0, 1), 0);
    let mut s = wirestore::Store::new(dialect("ai-sdk"));
    let (a, b) = (sse_body("ai-sdk", "chat"), sse_body("ai-sdk", "parallel"));
    let (sa, sb) = (
        s.open_stream(spec(), policy()),
        s.open_stream(spec(), policy()),
    );
    for id in [sa, sb] {
        s.stream_response(id, 200, "text/event-stream", "POST /api/chat", 0);
    }
    // Interleaved 37-byte chunks: neither stream names its message after `start`.
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let (ni, nj) = ((i + 37).min(a.len()), (j + 37).min(b.len()));
        s.stream_chunk(sa, &a[i..ni], 0);
        s.stream_chunk(sb, &b[j..nj], 0);
        (i, j) = (ni, nj);
    }
    assert!(s.errors().is_empty(), "{:?}", s.errors());
    for (id, fixture) in [("msg-chat", "chat"), ("msg-parallel", "parallel")] {
        let alone = replay("ai-sdk", fixture);
        assert_eq!(
            message_json(&s, id),
            message_json(&alone.store, id),
            "{id} as if it streamed alone"
        );
    }
}

/// docs/dialects.md shows each seed's route table; each block must be the options file its
/// replay test uses, so the documentation cannot drift from what is tested.
#[test]
fn the_seed_tables_in_the_docs_are_the_tested_ones() {
    let doc = std::fs::read_to_string(root().join("docs/dialects.md")).unwrap();
    let mut checked = 0;
    for (at, _) in doc.match_indices("<!-- options: ") {
        let rest = &doc[at + "<!-- options: ".len()..];
        let name = &rest[..rest.find(" -->").unwrap()];
        let block = &rest[rest.find("```json\n").unwrap() + "```json\n".len()..];
        let block = &block[..block.find("```").unwrap()];
        let shown: Value = serde_json::from_str(block).unwrap_or_else(|e| panic!("{name}: {e}"));
        let path = root().join(format!("tests/fixtures/{name}.options.json"));
        let tested: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        assert_eq!(shown, tested, "docs/dialects.md's table for {name}");
        checked += 1;
    }
    assert_eq!(checked, 5, "000, 001, 002, 003 and 004");
}
