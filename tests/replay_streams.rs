//! Recorded stream bodies through the public `Store` stream API, re-chunked at every byte
//! offset: seed 002's SSE reply (`fixtures/seed002_hybrid_sse.txt`, the body its test
//! backend sends, tests/transports/seed002.mjs) driven by the same route table as its
//! socket frames (`fixtures/seed002_hybrid.options.json`), and its socket.io history.
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

use serde_json::json;
use wirestore::connection::backoff::Backoff;
use wirestore::store::StreamNext;
use wirestore::stream::resume::{Attempt, EndStatus, Reconnect};
use wirestore::stream::{Resume, StreamSpec};
use wirestore::{Status, Store};

fn body() -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/seed002_hybrid_sse.txt");
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

/// Streams `body` cut at `cuts` into `store` as one POST SSE stream; answers how it ended.
fn stream(store: &mut Store, body: &[u8], cuts: &[usize]) -> StreamNext {
    let spec = StreamSpec {
        format: None,
        id_as_seq: false,
        resume: Resume::Never,
    };
    let id = store.open_stream(spec, Reconnect::new(Backoff::new(10, 100, 0.0, 1), 3));
    let next = store.stream_response(
        id,
        200,
        "text/event-stream",
        "POST /api/v1/messages/send",
        0,
    );
    assert_eq!(next, StreamNext::Read);
    let mut at = 0;
    for &cut in cuts.iter().chain(std::iter::once(&body.len())) {
        store.stream_chunk(id, &body[at..cut], 0);
        at = cut;
    }
    let clean = Attempt::Ended {
        broken: false,
        partial: false,
    };
    store.stream_ended(id, clean, "POST /api/v1/messages/send", 0)
}

#[test]
fn seed002_sse_reply_applies_the_same_at_every_chunk_boundary() {
    let body = body();
    let reply = "سلام، hello from the stream 😀";
    for cut in 0..=body.len() {
        let mut store = Store::new(common::options("seed002_hybrid"));
        let StreamNext::End(end) = stream(&mut store, &body, &[cut]) else {
            panic!("not ended")
        };
        assert_eq!(
            (end.status, end.events),
            (EndStatus::Complete, 10),
            "cut at {cut}"
        );
        let r1 = store.message("r1").expect("the reply");
        assert_eq!(
            (r1.content.as_str(), r1.status, r1.role.as_deref()),
            (reply, Status::Done, Some("assistant")),
            "cut at {cut}"
        );
        assert!(
            store.errors().is_empty(),
            "cut at {cut}: {:?}",
            store.errors()
        );
    }
}

#[test]
fn seed002_history_from_socket_io_and_the_sse_reply_share_one_store() {
    let mut store = Store::new(common::options("seed002_hybrid"));
    // socket.io's `messages_list` payload, as `ingestEvent` hands it over: a batch.
    let history = json!([{"id": "u0", "role": "user", "content": "سلام?"},
                         {"id": "a0", "role": "assistant", "content": "سلام! How can I help?"}]);
    store.ingest_event("messages_list", &history.to_string(), 0);
    store.ingest_event("chats_list", r#"{"chats":[{"id":"c1"}],"total":1}"#, 0);
    store.ingest_event("usage_info", r#"{"remaining":20,"limit":20}"#, 0);
    let body = body();
    let cuts: Vec<usize> = (1..body.len()).step_by(7).collect();
    assert!(matches!(
        stream(&mut store, &body, &cuts),
        StreamNext::End(_)
    ));
    assert_eq!(store.message_ids(), ["u0", "a0", "r1"]);
    let u0 = common::message_json(&store, "u0");
    assert_eq!(
        (
            u0["role"].clone(),
            u0["content"].clone(),
            u0["status"].clone()
        ),
        (json!("user"), json!("سلام?"), json!("done"))
    );
    assert!(store.errors().is_empty(), "{:?}", store.errors());
    assert_eq!(store.open_streams(), 0);
}
