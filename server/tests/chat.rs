//! A full scripted conversation over a real socket: session.ready, acks, the user echo, the
//! assistant reply's order of actions, snapshot, stop, forms, errors, rate limit, typing.

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

/// Consecutive runs of one action collapsed, e.g. `[a, a, b]` -> `[a, b]`.
fn shape(frames: &[&Value]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for f in frames {
        let name = f["action_type"].as_str().unwrap().to_owned();
        if out.last() != Some(&name) {
            out.push(name);
        }
    }
    out
}

#[tokio::test]
async fn session_ready_then_a_full_scripted_reply_in_order() {
    let (addr, server) = start(fast()).await;
    let (mut ws, ready) = connect_ready(addr, "token=alice").await;
    assert_eq!(ready["payload"]["seq"], 0);
    assert!(ready["payload"]["sessionId"].is_string());
    assert!(ready["payload"]["epoch"].is_u64());
    assert!(ready.get("seq").is_none(), "session.ready carries no seq");

    let (aid, mut frames) = chat(&mut ws, "c1", "hello sockets").await;
    frames.extend(recv_until(&mut ws, |f| is(f, "message.done", &aid)).await);

    // Acks first, received then delivered, then the user echo.
    let acks: Vec<_> = frames
        .iter()
        .filter(|f| f["action_type"] == "ack")
        .collect();
    assert_eq!(acks.len(), 2);
    assert_eq!(acks[0]["payload"], json!({"status": "received"}));
    assert_eq!(acks[1]["payload"], json!({"status": "delivered"}));
    assert!(acks.iter().all(|a| a["ref"] == "c1"));
    let uid = frames[2]["messageId"].as_str().unwrap();
    assert!(uid.starts_with("u-"));
    let user: Vec<_> = frames.iter().filter(|f| f["messageId"] == uid).collect();
    assert_eq!(
        shape(&user),
        ["message.start", "content.set", "message.done"]
    );
    assert_eq!(user[0]["payload"]["role"], "user");
    assert_eq!(user[1]["payload"]["text"], "hello sockets");

    // The assistant reply, in script order.
    assert!(aid.starts_with("a-"));
    let reply: Vec<_> = frames
        .iter()
        .filter(|f| f["messageId"] == aid.as_str())
        .collect();
    assert_eq!(
        shape(&reply),
        [
            "message.start",
            "sources.add",
            "reasoning.delta",
            "logs.append",
            "tool.start",
            "tool.delta",
            "tool.end",
            "logs.append",
            "content.delta",
            "followUpQuestions.set",
            "message.done"
        ]
    );
    assert_eq!(
        reply
            .iter()
            .filter(|f| f["action_type"] == "sources.add")
            .count(),
        3
    );
    let questions = reply
        .iter()
        .find(|f| f["action_type"] == "followUpQuestions.set")
        .unwrap();
    assert_eq!(
        questions["payload"]["questions"].as_array().unwrap().len(),
        3
    );
    for delta in reply.iter().filter(|f| f["action_type"] == "content.delta") {
        let n = delta["payload"]["text"].as_str().unwrap().chars().count();
        assert!((1..=8).contains(&n), "token of {n} chars");
    }

    // Every seq'd frame is numbered 1, 2, 3, … with no gap.
    let seqs = seqs(&frames);
    assert_eq!(seqs, (1..=seqs.len() as u64).collect::<Vec<_>>());

    // The snapshot agrees with the deltas, and with the script.
    let content = content_of(&frames, &aid);
    assert_eq!(content, plan("hello sockets", &aid, 0, 20).text);
    send(&mut ws, "sync", "y1", json!({ "messageId": aid })).await;
    let snapshot = recv(&mut ws).await;
    assert_eq!(snapshot["action_type"], "message.snapshot");
    assert_eq!(snapshot["ref"], "y1");
    assert_eq!(snapshot["payload"]["content"], content.as_str());
    assert_eq!(snapshot["payload"]["status"], "done");
    assert_eq!(snapshot["payload"]["sources"].as_array().unwrap().len(), 3);
    assert_eq!(snapshot["payload"]["tools"][0]["status"], "done");
    let args: Value = serde_json::from_str(
        snapshot["payload"]["tools"][0]["argsText"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(args["query"], "hello sockets");
    server.shutdown().await;
}

#[tokio::test]
async fn sync_of_an_unknown_message_is_a_session_error() {
    let (addr, server) = start(fast()).await;
    let (mut ws, _) = connect_ready(addr, "token=alice").await;
    send(&mut ws, "sync", "y1", json!({"messageId": "nope"})).await;
    let error = recv(&mut ws).await;
    assert_eq!(error["action_type"], "session.error");
    assert_eq!(error["payload"]["code"], "NOT_FOUND");
    server.shutdown().await;
}

#[tokio::test]
async fn parallel_replies_interleave_and_each_completes() {
    let (addr, server) = start(fast()).await;
    let (mut ws, _) = connect_ready(addr, "token=alice&tokenMs=2").await;
    send(
        &mut ws,
        "chat.message",
        "c1",
        json!({"content": "three at once", "replies": 3}),
    )
    .await;
    let mut done = 0;
    let frames = recv_until(&mut ws, |f| {
        if f["action_type"] == "message.done" && f["messageId"].as_str().unwrap().starts_with("a-")
        {
            done += 1;
        }
        done == 3
    })
    .await;
    let ids: Vec<String> = frames
        .iter()
        .filter(|f| f["action_type"] == "message.start" && f["payload"]["role"] == "assistant")
        .map(|f| f["messageId"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 3);
    // Interleaved: another reply's frame appears before the first reply is done.
    let first_done = frames
        .iter()
        .position(|f| is(f, "message.done", &ids[0]))
        .unwrap();
    assert!(frames[..first_done]
        .iter()
        .any(|f| is(f, "content.delta", &ids[1])));
    for (index, id) in ids.iter().enumerate() {
        assert_eq!(
            content_of(&frames, id),
            plan("three at once", id, index, 20).text
        );
    }
    server.shutdown().await;
}

#[tokio::test]
async fn signal_stop_cancels_the_reply_and_nothing_follows() {
    let (addr, server) = start(fast()).await;
    let (mut ws, _) = connect_ready(addr, "token=alice&tokenMs=5").await;
    let (aid, _) = chat(&mut ws, "c1", "a long answer").await;
    recv_until(&mut ws, |f| is(f, "content.delta", &aid)).await;
    send(&mut ws, "signal.stop", "s1", json!({ "messageId": aid })).await;
    let frames = recv_until(&mut ws, |f| is(f, "message.cancelled", &aid)).await;
    assert!(frames.iter().all(|f| f["action_type"] != "message.done"));
    // Acked received, then delivered (a final status, so `sendAndWait` resolves).
    for status in ["received", "delivered"] {
        let ack = recv(&mut ws).await;
        assert_eq!(ack["action_type"], "ack");
        assert_eq!(ack["ref"], "s1");
        assert_eq!(ack["payload"]["status"], status);
    }
    // Several ticks later: nothing more for that message.
    tokio::time::sleep(std::time::Duration::from_millis(60)).await;
    let after = frames_before_pong(&mut ws, "p1").await;
    assert!(
        after.iter().all(|f| f["messageId"] != aid.as_str()),
        "{after:?}"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn form_elicitation_round_trip() {
    let (addr, server) = start(fast()).await;
    let (mut ws, _) = connect_ready(addr, "token=alice").await;
    let (aid, _) = chat(&mut ws, "c1", "book it /form").await;
    let frames = recv_until(&mut ws, |f| is(f, "elicitation.start", &aid)).await;
    let start = frames.last().unwrap();
    assert_eq!(start["payload"]["mode"], "form");
    assert_eq!(start["payload"]["schema"]["type"], "object");
    let eid = start["payload"]["elicitationId"]
        .as_str()
        .unwrap()
        .to_owned();
    // The reply pauses: nothing more for it until the form is answered.
    tokio::time::sleep(std::time::Duration::from_millis(30)).await;
    assert!(frames_before_pong(&mut ws, "p1").await.is_empty());

    let values = json!({"name": "Ada", "seats": 2});
    send(
        &mut ws,
        "elicitation.submit",
        "f1",
        json!({"elicitationId": eid, "values": values}),
    )
    .await;
    let rest = recv_until(&mut ws, |f| is(f, "message.done", &aid)).await;
    assert_eq!(rest[0]["action_type"], "ack");
    let acks: Vec<_> = rest
        .iter()
        .filter(|f| f["action_type"] == "ack" && f["ref"] == "f1")
        .map(|f| f["payload"]["status"].as_str().unwrap())
        .collect();
    assert_eq!(acks, ["received", "delivered"]);
    assert!(rest
        .iter()
        .any(|f| is(f, "elicitation.end", &aid) && f["payload"]["elicitationId"] == eid.as_str()));
    let content = content_of(&rest, &aid);
    assert!(
        content.starts_with("You submitted name=Ada, seats=2. "),
        "{content}"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn error_prompt_ends_with_message_error() {
    let (addr, server) = start(fast()).await;
    let (mut ws, _) = connect_ready(addr, "token=alice").await;
    let (aid, _) = chat(&mut ws, "c1", "fail /error").await;
    let frames = recv_until(&mut ws, |f| {
        f["messageId"] == aid.as_str()
            && (f["action_type"] == "message.error" || f["action_type"] == "message.done")
    })
    .await;
    let last = frames.last().unwrap();
    assert_eq!(last["action_type"], "message.error");
    assert_eq!(last["payload"]["code"], "MODEL_ERROR");
    assert!(last["payload"]["message"].is_string());
    server.shutdown().await;
}

#[tokio::test]
async fn rate_limit_refuses_the_eleventh_message() {
    let (addr, server) = start(Config { words: 1, ..fast() }).await;
    let (mut ws, _) = connect_ready(addr, "token=alice&tokenMs=1000").await;
    for n in 1..=11 {
        send(
            &mut ws,
            "chat.message",
            &format!("c{n}"),
            json!({"content": "hi"}),
        )
        .await;
    }
    let frames = recv_until(&mut ws, |f| f["action_type"] == "ack" && f["ref"] == "c11").await;
    let last = frames.last().unwrap();
    assert_eq!(last["payload"]["status"], "error");
    assert_eq!(last["payload"]["code"], "RATE_LIMIT");
    let error = last["payload"]["error"].as_str().unwrap();
    assert!(
        error.starts_with("Rate limit exceeded. Try again in "),
        "{error}"
    );
    let delivered = frames
        .iter()
        .filter(|f| f["action_type"] == "ack" && f["payload"]["status"] == "delivered")
        .count();
    assert_eq!(delivered, 10);
    // No echo or reply for the refused message.
    let users = frames
        .iter()
        .filter(|f| f["action_type"] == "message.start" && f["payload"]["role"] == "user")
        .count();
    assert_eq!(users, 10);
    // The limit is per user: a second connection of the same user is refused too.
    let (mut other, _) = connect_ready(addr, "token=alice").await;
    send(&mut other, "chat.message", "d1", json!({"content": "hi"})).await;
    let ack = recv(&mut other).await;
    assert_eq!(ack["payload"]["code"], "RATE_LIMIT");
    server.shutdown().await;
}

#[tokio::test]
async fn typing_reaches_other_connections_of_the_conversation_only() {
    let (addr, server) = start(fast()).await;
    let (mut a, _) = connect_ready(addr, "token=alice&conversation=c1").await;
    let (mut b, _) = connect_ready(addr, "token=bob&conversation=c1").await;
    let (mut c, _) = connect_ready(addr, "token=carol&conversation=c2").await;
    send(&mut a, "typing.start", "t1", json!({})).await;
    let typing = recv(&mut b).await;
    assert_eq!(typing["action_type"], "typing.start");
    assert_eq!(
        typing["payload"],
        json!({"userId": "alice", "conversationId": "c1"})
    );
    assert!(typing.get("seq").is_none());
    send(&mut a, "typing.stop", "t2", json!({"conversationId": "c1"})).await;
    assert_eq!(recv(&mut b).await["action_type"], "typing.stop");
    assert!(
        frames_before_pong(&mut a, "p1").await.is_empty(),
        "not to the sender"
    );
    assert!(
        frames_before_pong(&mut c, "p2").await.is_empty(),
        "not to another conversation"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn bad_frames_get_a_validation_error_and_the_connection_goes_on() {
    let (addr, server) = start(fast()).await;
    let (mut ws, _) = connect_ready(addr, "token=alice").await;
    use futures_util::SinkExt;
    ws.send(tokio_tungstenite::tungstenite::Message::Text(
        "{not json".into(),
    ))
    .await
    .unwrap();
    let error = recv(&mut ws).await;
    assert_eq!(error["action_type"], "session.error");
    assert_eq!(error["payload"]["code"], "VALIDATION_ERROR");
    send(&mut ws, "wat.now", "w1", json!({})).await;
    let frames = recv_until(&mut ws, |f| f["action_type"] == "session.error").await;
    assert_eq!(frames[0]["action_type"], "ack");
    assert_eq!(frames[0]["payload"]["code"], "VALIDATION_ERROR");
    assert_eq!(frames[1]["ref"], "w1");
    send(&mut ws, "ping", "p1", json!({})).await;
    let pong = recv(&mut ws).await;
    assert_eq!(pong["action_type"], "pong");
    assert_eq!(pong["ref"], "p1");
    server.shutdown().await;
}

#[tokio::test]
async fn a_frame_over_one_mebibyte_is_refused_unparsed_and_the_connection_goes_on() {
    let (addr, server) = start(fast()).await;
    let (mut ws, _) = connect_ready(addr, "token=alice").await;
    let content = "x".repeat(wirestore_server::protocol::MAX_CLIENT_FRAME_BYTES);
    send(
        &mut ws,
        "chat.message",
        "huge",
        json!({ "content": content }),
    )
    .await;
    let frames = frames_before_pong(&mut ws, "p1").await;
    assert_eq!(
        frames.len(),
        1,
        "one error, no ack, no echo: {}",
        frames.len()
    );
    assert_eq!(frames[0]["action_type"], "session.error");
    assert_eq!(frames[0]["payload"]["code"], "FRAME_TOO_LARGE");
    // The same frame just under the limit is an ordinary chat message.
    let fits = "x".repeat(wirestore_server::protocol::MAX_CLIENT_FRAME_BYTES - 200);
    send(&mut ws, "chat.message", "big", json!({ "content": fits })).await;
    let ack = recv(&mut ws).await;
    assert_eq!(ack["ref"], "big");
    assert_eq!(ack["payload"]["status"], "received");
    server.shutdown().await;
}
