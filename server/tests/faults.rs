//! Fault knobs over real sockets: malformed injection, binary frames, duplicates, reordering,
//! drop-after, and the `/control` endpoint's answers.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::collections::BTreeSet;

use common::*;
use futures_util::SinkExt;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

async fn raw_text(ws: &mut Ws) -> String {
    match next_message(ws).await {
        Some(Message::Text(text)) => text.as_str().to_owned(),
        other => panic!("expected text, got {other:?}"),
    }
}

fn check_malformed(texts: &[String]) {
    assert!(
        serde_json::from_str::<Value>(&texts[0]).is_err(),
        "invalid JSON"
    );
    let parsed: Vec<Value> = texts[1..]
        .iter()
        .map(|t| serde_json::from_str(t).unwrap())
        .collect();
    assert!(parsed[0].get("action_type").is_none(), "no action_type");
    assert!(parsed[1]["messageId"].is_number(), "wrong-typed field");
    assert_eq!(parsed[2]["action_type"], "wirestore.unknownAction");
    assert!(parsed.iter().all(|f| f.get("seq").is_none()), "no seq");
}

#[tokio::test]
async fn malformed_injection_from_query_and_control() {
    let (addr, server) = start(fast()).await;
    let (mut ws, _) = connect_ready(addr, "token=alice&faults=malformed:4").await;
    let mut texts = Vec::new();
    for _ in 0..4 {
        texts.push(raw_text(&mut ws).await);
    }
    check_malformed(&texts);

    control(addr, json!({"malformed": 4})).await;
    let mut texts = Vec::new();
    for _ in 0..4 {
        texts.push(raw_text(&mut ws).await);
    }
    check_malformed(&texts);
    // Seq is untouched by the injection.
    send(&mut ws, "chat.message", "c1", json!({"content": "x"})).await;
    assert_eq!(recv(&mut ws).await["seq"], 1);
    server.shutdown().await;
}

#[tokio::test]
async fn binary_mode_sends_binary_frames_and_accepts_them() {
    let (addr, server) = start(fast()).await;
    let mut ws = connect(addr, "token=alice&binary=1").await;
    let Some(Message::Binary(bytes)) = next_message(&mut ws).await else {
        panic!("session.ready should be binary");
    };
    let ready: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(ready["action_type"], "session.ready");
    let frame = json!({"v": 1, "action_type": "ping", "id": "p1", "payload": {}});
    ws.send(Message::Binary(frame.to_string().into_bytes().into()))
        .await
        .unwrap();
    let Some(Message::Binary(bytes)) = next_message(&mut ws).await else {
        panic!("pong should be binary");
    };
    let pong: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(pong["action_type"], "pong");
    assert_eq!(pong["ref"], "p1");
    server.shutdown().await;
}

#[tokio::test]
async fn duplicate_sends_every_seqd_frame_twice() {
    let (addr, server) = start(fast()).await;
    let (mut ws, _) = connect_ready(addr, "token=alice&faults=duplicate").await;
    let (aid, mut frames) = chat(&mut ws, "c1", "twice").await;
    let mut dones = 0;
    frames.extend(
        recv_until(&mut ws, |f| {
            dones += usize::from(is(f, "message.done", &aid));
            dones == 2
        })
        .await,
    );
    let seqs = seqs(&frames);
    assert_eq!(seqs.len() % 2, 0);
    for pair in seqs.chunks(2) {
        assert_eq!(pair[0], pair[1]);
    }
    server.shutdown().await;
}

#[tokio::test]
async fn reorder_swaps_adjacent_seqd_frames() {
    let (addr, server) = start(fast()).await;
    let (mut ws, _) = connect_ready(addr, "token=alice&faults=reorder").await;
    send(&mut ws, "chat.message", "c1", json!({"content": "swap"})).await;
    let frames = recv_until(&mut ws, |f| {
        f["action_type"] == "message.done" && f["messageId"].as_str().unwrap().starts_with("a-")
    })
    .await;
    let seqs = seqs(&frames);
    assert_eq!(&seqs[..4], &[2, 1, 4, 3]);
    let sorted: BTreeSet<u64> = seqs.iter().copied().collect();
    assert_eq!(sorted.len(), seqs.len(), "nothing doubled");
    assert!(seqs.windows(2).any(|w| w[0] > w[1]));
    server.shutdown().await;
}

#[tokio::test]
async fn drop_after_closes_abruptly_with_no_close_frame() {
    let (addr, server) = start(fast()).await;
    let mut ws = connect(addr, "token=alice&faults=dropAfter:3").await;
    send(&mut ws, "chat.message", "c1", json!({"content": "x"})).await;
    for _ in 0..3 {
        assert!(matches!(
            next_message(&mut ws).await,
            Some(Message::Text(_))
        ));
    }
    assert!(
        next_message(&mut ws).await.is_none(),
        "ends without a close frame"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn control_reports_and_applies_server_wide_knobs() {
    let (addr, server) = start(fast()).await;
    let state = control(addr, json!({"duplicate": true, "delayMs": 1})).await;
    assert_eq!(state["duplicate"], true);
    assert_eq!(state["delayMs"], 1);
    assert_eq!(state["reorder"], false);
    let (mut ws, _) = connect_ready(addr, "token=alice").await;
    send(&mut ws, "ping", "p1", json!({})).await;
    assert_eq!(recv(&mut ws).await["action_type"], "pong");
    send(&mut ws, "chat.message", "c1", json!({"content": "x"})).await;
    let a = recv(&mut ws).await;
    let b = recv(&mut ws).await;
    assert_eq!(a, b, "duplicated");
    let state = control(addr, json!({"duplicate": false, "dropAfter": 1})).await;
    assert_eq!(state["duplicate"], false);
    assert_eq!(state["dropAfter"], 1);
    let (status, body) = http(addr, "POST", "/control", "{\"zap\": 1}").await;
    assert_eq!(status, 400, "{body}");
    let (status, body) = http(addr, "GET", "/control", "").await;
    assert_eq!(status, 200);
    assert!(body.contains("\"epoch\""));
    server.shutdown().await;
}
