//! Sessions across connections: a drop mid-stream then `resume` replays exactly what was
//! missed (no lost, no doubled frame), and the ways a resume fails.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use serde_json::{json, Value};
use wirestore_server::script::plan;
use wirestore_server::Config;

/// Reads until the connection dies; returns what arrived.
async fn until_dropped(ws: &mut Ws) -> Vec<Value> {
    let mut frames = Vec::new();
    while let Some(frame) = try_recv(ws).await {
        frames.push(frame);
    }
    frames
}

fn resume_payload(ready: &Value, seq: u64) -> Value {
    json!({
        "sessionId": ready["payload"]["sessionId"],
        "epoch": ready["payload"]["epoch"],
        "seq": seq,
    })
}

#[tokio::test]
async fn drop_mid_stream_then_resume_replays_exactly() {
    let (addr, server) = start(Config {
        words: 60,
        ..fast()
    })
    .await;
    let (mut first, ready) = connect_ready(addr, "token=alice&tokenMs=2&faults=dropAfter:40").await;
    let (aid, mut before) = chat(&mut first, "c1", "resume me").await;
    before.extend(until_dropped(&mut first).await);
    let last = *seqs(&before).last().unwrap();
    assert!(
        before
            .iter()
            .all(|f| f["action_type"] != "message.done" || f["messageId"] != aid.as_str()),
        "dropped before the reply ended"
    );

    // The reply keeps streaming into the session while nobody is connected.
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let (mut second, fresh) = connect_ready(addr, "token=alice").await;
    assert_ne!(fresh["payload"]["sessionId"], ready["payload"]["sessionId"]);
    send(&mut second, "resume", "r1", resume_payload(&ready, last)).await;
    let resumed = recv(&mut second).await;
    assert_eq!(resumed["action_type"], "session.ready");
    assert_eq!(resumed["ref"], "r1");
    assert_eq!(
        resumed["payload"]["sessionId"],
        ready["payload"]["sessionId"]
    );
    assert_eq!(resumed["payload"]["seq"], last);
    let after = recv_until(&mut second, |f| is(f, "message.done", &aid)).await;

    let all: Vec<Value> = before.into_iter().chain(after).collect();
    let seqs = seqs(&all);
    assert_eq!(
        seqs,
        (1..=seqs.len() as u64).collect::<Vec<_>>(),
        "contiguous, no doubles"
    );
    let content = content_of(&all, &aid);
    assert_eq!(content, plan("resume me", &aid, 0, 60).text);
    send(&mut second, "sync", "y1", json!({ "messageId": aid })).await;
    let snapshot = recv(&mut second).await;
    assert_eq!(snapshot["payload"]["content"], content.as_str());
    server.shutdown().await;
}

#[tokio::test]
async fn control_drop_of_one_session_then_resume() {
    let (addr, server) = start(Config {
        words: 200,
        ..fast()
    })
    .await;
    let (mut first, ready) = connect_ready(addr, "token=alice&tokenMs=2").await;
    let (mut bystander, _) = connect_ready(addr, "token=bob").await;
    let (aid, mut before) = chat(&mut first, "c1", "drop me").await;
    let state = control(
        addr,
        json!({"drop": true, "sessionId": ready["payload"]["sessionId"]}),
    )
    .await;
    assert_eq!(state["dropped"], 1);
    before.extend(until_dropped(&mut first).await);
    let last = *seqs(&before).last().unwrap();
    assert!(
        frames_before_pong(&mut bystander, "p1").await.is_empty(),
        "others stay up"
    );

    let (mut second, _) = connect_ready(addr, "token=alice").await;
    send(&mut second, "resume", "r1", resume_payload(&ready, last)).await;
    let after = recv_until(&mut second, |f| is(f, "message.done", &aid)).await;
    assert_eq!(after[0]["ref"], "r1");
    let all: Vec<Value> = before.into_iter().chain(after).collect();
    let seqs = seqs(&all);
    assert_eq!(seqs, (1..=seqs.len() as u64).collect::<Vec<_>>());
    assert_eq!(content_of(&all, &aid), plan("drop me", &aid, 0, 200).text);
    server.shutdown().await;
}

#[tokio::test]
async fn resume_after_restart_fails_with_epoch_changed() {
    let (addr, server) = start(fast()).await;
    let (mut first, ready) = connect_ready(addr, "token=alice").await;
    let epoch = ready["payload"]["epoch"].as_u64().unwrap();
    let state = control(addr, json!({"restart": true})).await;
    assert_eq!(state["epoch"], epoch + 1);
    assert!(until_dropped(&mut first).await.is_empty());

    let (mut second, fresh) = connect_ready(addr, "token=alice").await;
    assert_eq!(fresh["payload"]["epoch"], epoch + 1);
    send(&mut second, "resume", "r1", resume_payload(&ready, 0)).await;
    let failed = recv(&mut second).await;
    assert_eq!(failed["action_type"], "resume.failed");
    assert_eq!(failed["ref"], "r1");
    assert_eq!(failed["payload"]["reason"], "epoch_changed");
    assert!(failed.get("seq").is_none());
    // The connection stays on its fresh session, seq going on from there.
    send(
        &mut second,
        "chat.message",
        "c1",
        json!({"content": "still here"}),
    )
    .await;
    let ack = recv(&mut second).await;
    assert_eq!(ack["seq"], 1);
    server.shutdown().await;
}

#[tokio::test]
async fn resume_of_an_unknown_or_foreign_session_fails() {
    let (addr, server) = start(fast()).await;
    let (_alice, ready) = connect_ready(addr, "token=alice").await;
    let (mut mallory, _) = connect_ready(addr, "token=mallory").await;
    send(&mut mallory, "resume", "r1", resume_payload(&ready, 0)).await;
    assert_eq!(
        recv(&mut mallory).await["payload"]["reason"],
        "unknown_session"
    );
    let mut unknown = resume_payload(&ready, 0);
    unknown["sessionId"] = json!("s-nope");
    send(&mut mallory, "resume", "r2", unknown).await;
    assert_eq!(
        recv(&mut mallory).await["payload"]["reason"],
        "unknown_session"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn resume_past_the_buffer_fails_with_buffer_exceeded() {
    let (addr, server) = start(Config {
        replay_frames: 5,
        ..fast()
    })
    .await;
    let (mut first, ready) = connect_ready(addr, "token=alice").await;
    let (aid, _) = chat(&mut first, "c1", "fill the buffer").await;
    recv_until(&mut first, |f| is(f, "message.done", &aid)).await;
    drop(first);
    let (mut second, _) = connect_ready(addr, "token=alice").await;
    send(&mut second, "resume", "r1", resume_payload(&ready, 0)).await;
    assert_eq!(
        recv(&mut second).await["payload"]["reason"],
        "buffer_exceeded"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn resume_on_the_same_connection_replays_after_the_given_seq() {
    let (addr, server) = start(fast()).await;
    let (mut ws, ready) = connect_ready(addr, "token=alice").await;
    let (aid, mut frames) = chat(&mut ws, "c1", "gap fill").await;
    frames.extend(recv_until(&mut ws, |f| is(f, "message.done", &aid)).await);
    let last = *seqs(&frames).last().unwrap();
    // As after a gap: ask again for everything after seq 3.
    send(&mut ws, "resume", "r1", resume_payload(&ready, 3)).await;
    let ready_again = recv(&mut ws).await;
    assert_eq!(ready_again["action_type"], "session.ready");
    assert_eq!(ready_again["ref"], "r1");
    let mut replay = Vec::new();
    for _ in 3..last {
        replay.push(recv(&mut ws).await);
    }
    assert_eq!(seqs(&replay), (4..=last).collect::<Vec<_>>());
    assert_eq!(replay, frames[3..].to_vec(), "byte-identical replay");
    server.shutdown().await;
}

#[tokio::test]
async fn a_resume_elsewhere_closes_the_old_connection_4409() {
    let (addr, server) = start(fast()).await;
    let (mut old, ready) = connect_ready(addr, "token=alice").await;
    let (mut new, _) = connect_ready(addr, "token=alice").await;
    send(&mut new, "resume", "r1", resume_payload(&ready, 0)).await;
    assert_eq!(recv(&mut new).await["ref"], "r1");
    assert_eq!(
        close_of(&mut old).await,
        (4409, "SESSION_TAKEN".to_string())
    );
    server.shutdown().await;
}
