//! Writes `schema/protocol-v1.json` from the Rust types (like ts-rs writes `js/generated/`),
//! so `cargo test` regenerates it and CI's drift check fails when the committed file differs.
//! Also checks the examples of PROTOCOL.md and the docs read as the types say.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use serde_json::{json, Value};
use wirestore_schema::{document, ClientEnvelope, ServerEnvelope};

const SCHEMA_FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/protocol-v1.json");

#[test]
fn schema_file_is_written_from_the_types() {
    let text = serde_json::to_string_pretty(&document()).unwrap() + "\n";
    let on_disk = std::fs::read_to_string(SCHEMA_FILE).unwrap_or_default();
    if on_disk != text {
        std::fs::write(SCHEMA_FILE, &text).unwrap();
    }
    let parsed: Value = serde_json::from_str(&text).unwrap();
    for name in [
        "ServerFrame",
        "ClientFrame",
        "ServerEnvelope",
        "ClientEnvelope",
        "Message",
    ] {
        assert!(parsed["$defs"][name].is_object(), "$defs.{name} is missing");
    }
}

fn round_trips_as<T: serde::Serialize + serde::de::DeserializeOwned>(frame: Value) {
    let typed: T = serde_json::from_value(frame.clone())
        .unwrap_or_else(|e| panic!("{frame} does not read: {e}"));
    assert_eq!(serde_json::to_value(&typed).unwrap(), frame);
}

#[test]
fn protocol_examples_read_and_write_back_exactly() {
    for frame in [
        json!({"v":1,"action_type":"content.delta","messageId":"a-1","seq":42,"payload":{"text":"Hel"}}),
        json!({"v":1,"action_type":"session.ready","payload":{"sessionId":"s","epoch":7,"seq":0}}),
        json!({"v":1,"action_type":"ack","seq":3,"ref":"c1","payload":{"status":"error","code":"RATE_LIMIT","error":"slow down"}}),
        json!({"action_type":"sources.add","messageId":"a","seq":1,"payload":{"source":{"id":3,"url":"u","score":0.5}}}),
        json!({"action_type":"resume.failed","ref":"r","payload":{"reason":"buffer_exceeded"}}),
        json!({"action_type":"message.snapshot","messageId":"a","seq":9,"ref":"y","payload":{"id":"a","status":"done","content":"hi","role":"assistant","elicitation":null,"error":null,"meta":null}}),
    ] {
        round_trips_as::<ServerEnvelope>(frame);
    }
    for frame in [
        json!({"v":1,"action_type":"chat.message","id":"c1-7","payload":{"content":"hi","replies":2}}),
        json!({"action_type":"resume","id":"r","payload":{"sessionId":"s","epoch":3,"seq":9}}),
        json!({"action_type":"elicitation.submit","id":"e","payload":{"elicitationId":"e1","values":{"city":"Oslo"}}}),
    ] {
        round_trips_as::<ClientEnvelope>(frame);
    }
}

#[test]
fn frames_a_server_must_not_send_do_not_read() {
    for frame in [
        // A message frame without seq, and one without messageId.
        json!({"action_type":"content.delta","messageId":"a","payload":{"text":"x"}}),
        json!({"action_type":"content.delta","seq":1,"payload":{"text":"x"}}),
        // A wrong payload type, an unknown action, an ack without ref.
        json!({"action_type":"content.delta","messageId":"a","seq":1,"payload":{"text":5}}),
        json!({"action_type":"zap","payload":{}}),
        json!({"action_type":"ack","seq":1,"payload":{"status":"received"}}),
    ] {
        assert!(
            serde_json::from_value::<ServerEnvelope>(frame.clone()).is_err(),
            "{frame} should not read"
        );
    }
}
