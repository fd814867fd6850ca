//! The auth token never appears in a string the store produces, whatever the server echoes:
//! in a `session.error`, an unknown `action_type`, an ack's error or a close reason, raw or
//! percent-encoded, the client's keys hold `[redacted]` instead. The opt-in `frames`
//! recorder is the documented exception: it keeps frames raw, so a recording replays.
// Host tests; tests/web.rs is the browser suite.
#![cfg(not(target_arch = "wasm32"))]
// Test code: a broken expectation panics (the no-panic rule of STYLE.md is for the library).
#![allow(clippy::expect_used, clippy::panic, clippy::unwrap_used)]

mod common;

use common::ours;
use serde_json::json;
use wirestore::client::options::connection_options;
use wirestore::client::{Action, Client};
use wirestore::connection::Event;
use wirestore::StoreOptions;

/// A token with characters a query string percent-encodes.
const TOKEN: &str = "s3cr3t/tok+en=";
const ENCODED: &str = "s3cr3t%2Ftok%2Ben%3D";

/// A connected client that got `TOKEN` from its token source, recording frames.
fn connected() -> Client {
    let store = StoreOptions::from_json(&ours(&json!({"limits": {"recordFrames": 50}}))).unwrap();
    let conn = connection_options(
        &ours(&json!({"url": "ws://127.0.0.1:9/ws", "heartbeat": false})),
        true,
    )
    .unwrap();
    let mut c = Client::new(store, conn, 3);
    let asked = c.handle(Event::Connect, 0);
    assert!(asked
        .iter()
        .any(|a| matches!(a, Action::RequestToken { .. })));
    let generation = c.generation();
    let opened = c.handle(
        Event::TokenReady {
            generation,
            token: Some(TOKEN.into()),
        },
        1,
    );
    let url = opened.iter().find_map(|a| match a {
        Action::Open { url, .. } => Some(url.clone()),
        _ => None,
    });
    assert!(
        url.unwrap().ends_with(ENCODED),
        "the token travels in the query"
    );
    c.handle(
        Event::Opened {
            generation: c.generation(),
            resume: None,
        },
        2,
    );
    c
}

/// Every key the client has, as the JSON JS would read.
fn every_key(c: &Client, ack: &str) -> String {
    let store = c.store();
    let mut names = vec!["connection", "errors", "stats", "typing", "messages"]
        .into_iter()
        .map(str::to_owned)
        .collect::<Vec<_>>();
    names.push(format!("acks/{ack}"));
    for id in store.message_ids() {
        names.push(format!("messages/{id}"));
    }
    names
        .iter()
        .filter_map(|n| store.key(n))
        .filter_map(|k| store.value(&k).map(|v| wirestore::json::to_string(&v)))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_token_never_appears_in_any_key_whatever_the_server_echoes() {
    let mut c = connected();
    let (id, _) = c.send("chat.message", ours(&json!({"content": "hi"})), true, 3);
    let g = c.generation();
    let echoes = [
        json!({"action_type": "session.error",
               "payload": {"code": "OOPS", "message": format!("bad token {TOKEN} ({ENCODED})")}}),
        json!({"action_type": format!("echo.{TOKEN}"), "payload": {}}),
        json!({"action_type": format!("echo.{ENCODED}"), "messageId": TOKEN, "payload": {}}),
        json!({"action_type": "ack", "ref": id, "payload": {"status": "error", "code": TOKEN,
               "error": format!("rejected {ENCODED}")}}),
    ];
    for frame in echoes {
        c.receive(g, frame.to_string().as_bytes(), 4);
    }
    c.handle(
        Event::Closed {
            generation: g,
            code: 1011,
            reason: format!("ws://h/ws?token={ENCODED}"),
            clean: false,
        },
        5,
    );
    let all = every_key(&c, &id);
    assert!(!all.contains(TOKEN), "raw token in a key:\n{all}");
    assert!(!all.contains(ENCODED), "encoded token in a key:\n{all}");
    assert!(all.matches("[redacted]").count() >= 8, "{all}");
    let errors =
        wirestore::json::to_string(&c.store().errors().iter().collect::<Vec<_>>().as_slice());
    assert!(
        errors.contains("bad token [redacted] ([redacted])"),
        "{errors}"
    );
    assert!(errors.contains("echo.[redacted]"), "{errors}");
    let frames = c.store().value(&c.store().key("frames").unwrap()).unwrap();
    let frames = wirestore::json::to_string(&frames);
    assert!(
        frames.contains(&format!("bad token {TOKEN}")),
        "recorded raw: {frames}"
    );
}
