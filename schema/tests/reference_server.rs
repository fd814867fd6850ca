//! The reference server (`server/`) speaks the schema: every frame it sends in a chat with a
//! form, a tool call, acks, a snapshot, typing, a resume failure and errors reads as a
//! `ServerFrame` and writes back to the same JSON (so no field is unknown to the types, and
//! none has another type). A loopback server, a real WebSocket client; every wait bounded.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::net::SocketAddr;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::time::timeout;
use tokio_tungstenite::connect_async;
use tokio_tungstenite::tungstenite::Message;
use wirestore_schema::server::ServerFrame;
use wirestore_server::{serve, Config};

const WAIT: Duration = Duration::from_secs(10);

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn connect(addr: SocketAddr, query: &str) -> Ws {
    let url = format!("ws://{addr}/ws?{query}");
    timeout(WAIT, connect_async(url)).await.unwrap().unwrap().0
}

/// The next frame's envelopes, each checked against the types.
async fn next(ws: &mut Ws) -> Vec<Value> {
    loop {
        let message = timeout(WAIT, ws.next()).await.unwrap().unwrap().unwrap();
        let value: Value = match message {
            Message::Text(text) => serde_json::from_str(text.as_str()).unwrap(),
            Message::Binary(bytes) => serde_json::from_slice(&bytes).unwrap(),
            _ => continue,
        };
        let typed: ServerFrame = serde_json::from_value(value.clone()).unwrap_or_else(|e| {
            panic!("the reference server sent {value}, not in the schema: {e}")
        });
        assert_eq!(
            serde_json::to_value(&typed).unwrap(),
            value,
            "round trip of {value}"
        );
        return match value {
            Value::Array(items) => items,
            one => vec![one],
        };
    }
}

async fn send(ws: &mut Ws, frame: Value) {
    ws.send(Message::Text(frame.to_string().into()))
        .await
        .unwrap();
}

#[tokio::test]
async fn every_frame_of_the_reference_server_is_a_schema_frame() {
    let config = Config {
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        token_ms: 1,
        words: 12,
        ..Config::default()
    };
    let (addr, handle) = serve(config).await.unwrap();
    let mut a = connect(addr, "token=alice&conversation=c&binary=1").await;
    let mut b = connect(addr, "token=bob&conversation=c").await;
    let ready = next(&mut a).await.remove(0);
    next(&mut b).await;

    send(
        &mut a,
        json!({"v":1,"action_type":"chat.message","id":"c1","payload":{"content":"hi /form"}}),
    )
    .await;
    let mut seen = Vec::new();
    let mut reply = String::new();
    for _ in 0..2000 {
        for frame in next(&mut a).await {
            let action = frame["action_type"].as_str().unwrap_or_default().to_owned();
            if action == "elicitation.start" {
                let eid = frame["payload"]["elicitationId"].clone();
                send(
                    &mut a,
                    json!({"action_type":"elicitation.submit","id":"e1",
                    "payload":{"elicitationId": eid, "values": {"city": "Oslo"}}}),
                )
                .await;
            }
            if action == "message.done"
                && frame["messageId"].as_str().unwrap_or("").starts_with('a')
            {
                reply = frame["messageId"].as_str().unwrap_or_default().to_owned();
            }
            seen.push(action);
        }
        if !reply.is_empty() {
            break;
        }
    }
    assert!(!reply.is_empty(), "the reply did not finish");
    send(
        &mut a,
        json!({"action_type":"sync","id":"y","payload":{"messageId": reply}}),
    )
    .await;
    send(&mut a, json!({"action_type":"resume","id":"r","payload":{"sessionId":"nope","epoch":ready["payload"]["epoch"],"seq":0}})).await;
    send(&mut a, json!({"action_type":"zap","id":"z"})).await;
    send(&mut a, json!({"action_type":"typing.start"})).await;
    send(&mut a, json!({"action_type":"ping","id":"p"})).await;
    for _ in 0..20 {
        for frame in next(&mut a).await {
            seen.push(frame["action_type"].as_str().unwrap_or_default().to_owned());
        }
        if seen.iter().any(|s| s == "pong") {
            break;
        }
    }
    let typing = next(&mut b).await;
    assert!(
        typing.iter().any(|f| f["action_type"] == "typing.start"),
        "{typing:?}"
    );
    for wanted in [
        "ack",
        "message.start",
        "content.set",
        "sources.add",
        "elicitation.start",
        "elicitation.end",
        "reasoning.delta",
        "logs.append",
        "tool.start",
        "tool.delta",
        "tool.end",
        "content.delta",
        "followUpQuestions.set",
        "message.done",
        "message.snapshot",
        "resume.failed",
        "session.error",
        "pong",
    ] {
        assert!(
            seen.iter().any(|s| s == wanted),
            "no {wanted} among {seen:?}"
        );
    }
    handle.shutdown().await;
}
