//! The joined client on a fake clock: connect, stream, drop, resume, resync.

use crate::json::jv;
use serde_json::{json, Value};

use super::{Action, Client};
use crate::client::options::connection_options;
use crate::connection::Event;
use crate::key::Key;
use crate::options::StoreOptions;

fn client() -> Client {
    let conn = connection_options(
        &jv!({"url": "ws://127.0.0.1:9/ws", "heartbeat": false}),
        false,
    )
    .unwrap();
    Client::new(StoreOptions::default(), conn, 7)
}

/// What the store writes for `value`, read back by serde_json.
fn to_value<T: crate::json::ToJson + ?Sized>(value: &T) -> Value {
    serde_json::from_str(&crate::json::to_string(value)).unwrap()
}

fn frame(v: Value) -> Vec<u8> {
    v.to_string().into_bytes()
}

fn opened(c: &mut Client, now: u64) -> Vec<Action> {
    let generation = c.generation();
    c.handle(
        Event::Opened {
            generation,
            resume: None,
        },
        now,
    )
}

fn sent(actions: &[Action]) -> Vec<Value> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::Send(t) => serde_json::from_str(t).ok(),
            _ => None,
        })
        .collect()
}

fn delta(seq: u64, text: &str) -> Vec<u8> {
    frame(
        json!({"action_type": "content.delta", "messageId": "a1", "seq": seq, "payload": {"text": text}}),
    )
}

fn content(c: &Client) -> String {
    c.store()
        .message("a1")
        .map(|m| m.content.clone())
        .unwrap_or_default()
}

#[test]
fn connect_opens_and_the_outbox_waits_for_open() {
    let mut c = client();
    let (id, queued) = c.send("chat.message", jv!({"content": "hi"}), true, 0);
    assert!(sent(&queued).is_empty());
    let actions = c.handle(Event::Connect, 0);
    assert!(actions.iter().any(|a| matches!(a, Action::Open { .. })));
    let on_open = sent(&opened(&mut c, 1));
    assert_eq!(on_open.first().and_then(|f| f.get("id")), Some(&json!(id)));
    let ack = c.store().key(&format!("acks/{id}")).unwrap();
    assert!(c.store().version(&ack) > 0);
}

#[test]
fn a_drop_mid_stream_resumes_without_losing_or_doubling_a_token() {
    let mut c = client();
    c.handle(Event::Connect, 0);
    opened(&mut c, 0);
    let g = c.generation();
    c.receive(g, &frame(json!({"action_type": "session.ready", "payload": {"sessionId": "s1", "epoch": 1, "seq": 0}})), 1);
    c.receive(g, &delta(1, "Hel"), 2);
    c.receive(g, &delta(2, "lo"), 3);
    // The socket drops; the server keeps streaming into its replay buffer.
    let actions = c.handle(
        Event::Closed {
            generation: g,
            code: 1006,
            reason: String::new(),
            clean: false,
        },
        4,
    );
    let Some(Action::Schedule(at)) = actions
        .iter()
        .find(|a| matches!(a, Action::Schedule(_)))
        .cloned()
    else {
        panic!("no reconnect timer: {actions:?}");
    };
    let actions = c.handle(Event::TimerFired, at);
    assert!(actions.iter().any(|a| matches!(a, Action::Open { .. })));
    let g2 = c.generation();
    let first = sent(&c.handle(
        Event::Opened {
            generation: g2,
            resume: None,
        },
        at + 1,
    ));
    let resume = first.first().unwrap();
    assert_eq!(resume.get("action_type"), Some(&json!("resume")));
    assert_eq!(
        resume.get("payload"),
        Some(&json!({"sessionId": "s1", "epoch": 1, "seq": 2}))
    );
    // A fresh session is announced first, then the resume is confirmed and replayed.
    c.receive(g2, &frame(json!({"action_type": "session.ready", "payload": {"sessionId": "s9", "epoch": 1, "seq": 0}})), at + 2);
    c.receive(g2, &frame(json!({"action_type": "session.ready", "payload": {"sessionId": "s1", "epoch": 1, "seq": 2}})), at + 3);
    c.receive(g2, &delta(2, "lo"), at + 4);
    c.receive(g2, &delta(3, " wor"), at + 5);
    c.receive(g2, &delta(4, "ld"), at + 6);
    assert_eq!(content(&c), "Hello world");
    assert_eq!(c.store().stats().duplicates, 1);
}

#[test]
fn frames_from_a_superseded_socket_are_ignored() {
    let mut c = client();
    c.handle(Event::Connect, 0);
    opened(&mut c, 0);
    let old = c.generation();
    c.handle(
        Event::Closed {
            generation: old,
            code: 1006,
            reason: String::new(),
            clean: false,
        },
        1,
    );
    c.handle(Event::Online, 2);
    assert_ne!(c.generation(), old);
    c.receive(old, &delta(1, "late"), 3);
    assert_eq!(content(&c), "");
}

#[test]
fn a_failed_resume_marks_unfinished_messages_stale_and_asks_for_snapshots() {
    let mut c = client();
    c.handle(Event::Connect, 0);
    opened(&mut c, 0);
    let g = c.generation();
    c.receive(g, &frame(json!({"action_type": "session.ready", "payload": {"sessionId": "s1", "epoch": 1, "seq": 0}})), 1);
    c.receive(g, &delta(1, "partial"), 2);
    c.handle(
        Event::Closed {
            generation: g,
            code: 1006,
            reason: String::new(),
            clean: false,
        },
        3,
    );
    c.handle(Event::Online, 4);
    let g2 = c.generation();
    c.handle(
        Event::Opened {
            generation: g2,
            resume: None,
        },
        5,
    );
    c.receive(g2, &frame(json!({"action_type": "session.ready", "payload": {"sessionId": "s2", "epoch": 2, "seq": 0}})), 6);
    let actions = c.receive(
        g2,
        &frame(json!({"action_type": "resume.failed", "payload": {"reason": "epoch_changed"}})),
        7,
    );
    let sync = sent(&actions);
    assert_eq!(
        sync.first().and_then(|f| f.get("payload")),
        Some(&json!({"messageId": "a1"}))
    );
    assert_eq!(
        c.store().message("a1").map(|m| m.status),
        Some(crate::message::Status::Stale)
    );
    let snapshot = json!({"action_type": "message.snapshot", "messageId": "a1", "seq": 1,
                          "payload": {"status": "done", "content": "partial and the rest"}});
    c.receive(g2, &frame(snapshot), 8);
    assert_eq!(content(&c), "partial and the rest");
    let session = c.store().value(&Key::Connection).map(|v| to_value(&v));
    assert_eq!(
        session.and_then(|v| v.get("sessionId").cloned()),
        Some(json!("s2"))
    );
}

#[test]
fn an_ack_frame_moves_the_ack_key_through_the_machine() {
    let mut c = client();
    c.handle(Event::Connect, 0);
    opened(&mut c, 0);
    let (id, _) = c.send("chat.message", jv!({"content": "x"}), true, 1);
    let g = c.generation();
    c.receive(
        g,
        &frame(json!({"action_type": "ack", "ref": id, "payload": {"status": "delivered"}})),
        2,
    );
    let key = c.store().key(&format!("acks/{id}")).unwrap();
    let v = to_value(&c.store().value(&key).unwrap());
    assert_eq!(v.get("status"), Some(&json!("delivered")));
}

#[test]
fn recorded_frames_show_both_directions_when_asked() {
    let store = StoreOptions::from_json(&jv!({"limits": {"recordFrames": 2}})).unwrap();
    let conn = connection_options(&jv!({"url": "ws://127.0.0.1:9/ws"}), false).unwrap();
    let mut c = Client::new(store, conn, 1);
    c.send("chat.message", jv!({"content": "hi"}), false, 1);
    c.ingest(&delta(1, "a"), 2);
    c.ingest(&delta(2, "b"), 3);
    let frames = to_value(&c.store().value(&Key::Frames).unwrap());
    let dirs: Vec<&str> = frames
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["dir"].as_str())
        .collect();
    assert_eq!(dirs, ["in", "in"], "bounded to the newest 2");
    assert!(frames[1]["text"].as_str().unwrap().contains("\"seq\":2"));
}

#[test]
fn typing_frames_queued_offline_coalesce_per_conversation() {
    let mut c = client();
    let typing = |c: &mut Client, action: &str, conversation: &str| {
        let payload = jv!({ "conversationId": conversation });
        c.send(action, payload, false, 0);
    };
    typing(&mut c, "typing.start", "A");
    typing(&mut c, "typing.start", "B");
    typing(&mut c, "typing.stop", "A");
    c.send("chat.message", jv!({"content": "hi"}), false, 0);
    typing(&mut c, "typing.start", "C");
    typing(&mut c, "typing.start", "B");
    c.send("typing.start", jv!({}), false, 0);
    c.handle(Event::Connect, 0);
    let on_open: Vec<(String, Value)> = sent(&opened(&mut c, 1))
        .into_iter()
        .map(|f| {
            let action = f["action_type"].as_str().unwrap_or_default().to_owned();
            (action, f["payload"]["conversationId"].clone())
        })
        .collect();
    let expected = [
        ("typing.stop", json!("A")), // the latest of A, in A's first place
        ("typing.start", json!("B")),
        ("chat.message", Value::Null),
        ("typing.start", json!("C")),
        ("typing.start", Value::Null), // no conversation is a conversation of its own
    ];
    let expected: Vec<(String, Value)> = expected
        .into_iter()
        .map(|(a, v)| (a.to_owned(), v))
        .collect();
    assert_eq!(on_open, expected);
}

/// A client that streamed into `a1` on session s1, lost the socket and opened a new one at
/// `at`, sending `resume` first; answers the new generation.
fn reconnected(c: &mut Client, at: u64) -> u32 {
    c.handle(Event::Connect, 0);
    opened(c, 0);
    let g = c.generation();
    c.receive(g, &frame(json!({"action_type": "session.ready", "payload": {"sessionId": "s1", "epoch": 1, "seq": 0}})), 1);
    c.receive(g, &delta(1, "partial"), 2);
    c.handle(
        Event::Closed {
            generation: g,
            code: 1006,
            reason: String::new(),
            clean: false,
        },
        3,
    );
    c.handle(Event::Online, 4);
    let g2 = c.generation();
    let first = sent(&c.handle(
        Event::Opened {
            generation: g2,
            resume: None,
        },
        at,
    ));
    assert_eq!(first[0]["action_type"], json!("resume"));
    g2
}

fn attempt(c: &Client) -> Value {
    to_value(&c.store().value(&Key::Connection).unwrap())["attempt"].clone()
}

#[test]
fn a_resume_nobody_answers_within_gap_ms_counts_as_failed() {
    let mut c = client();
    let g2 = reconnected(&mut c, 10);
    assert_eq!(attempt(&c), json!(1));
    c.receive(g2, &frame(json!({"action_type": "session.ready", "payload": {"sessionId": "s2", "epoch": 1, "seq": 0}})), 11);
    assert_eq!(c.store().next_deadline(), Some(10 + 2_000));
    let actions = c.handle(Event::TimerFired, 10 + 1_999);
    assert!(sent(&actions).is_empty(), "still waiting");
    let actions = c.handle(Event::TimerFired, 10 + 2_000);
    let sync = sent(&actions);
    assert_eq!(sync[0]["action_type"], json!("sync"), "{sync:?}");
    let a1 = c.store().message("a1").map(|m| m.status);
    assert_eq!(a1, Some(crate::message::Status::Stale));
    let e = c.store().errors().back().unwrap();
    assert!(
        e.message
            .contains("no answer to resume within limits.gapMs"),
        "{e:?}"
    );
    let connection = to_value(&c.store().value(&Key::Connection).unwrap());
    assert_eq!(
        connection["sessionId"],
        json!("s2"),
        "the fresh session is followed"
    );
    assert_eq!(connection["attempt"], json!(0), "a session was established");
    // A late answer to the resume is then a new session like any other, not a crash.
    c.receive(g2, &frame(json!({"action_type": "session.ready", "payload": {"sessionId": "s1", "epoch": 1, "seq": 1}})), 2_100);
    assert_eq!(c.store().next_deadline(), None);
}

#[test]
fn a_resume_failed_that_adopts_the_fresh_session_resets_the_attempt_counter() {
    let mut c = client();
    let g2 = reconnected(&mut c, 10);
    c.receive(g2, &frame(json!({"action_type": "session.ready", "payload": {"sessionId": "s2", "epoch": 2, "seq": 0}})), 11);
    assert_eq!(attempt(&c), json!(1), "a candidate is not yet the session");
    c.receive(
        g2,
        &frame(json!({"action_type": "resume.failed", "payload": {"reason": "epoch_changed"}})),
        12,
    );
    assert_eq!(attempt(&c), json!(0));
    assert_eq!(c.store().next_deadline(), None, "the resume was answered");
}

#[test]
fn a_backend_acking_by_its_own_message_id_settles_the_ack_of_that_id() {
    // Seed 004: the client chooses `messageId`, the server acks `{type: 'message:ack', messageId}`.
    let options = jv!({
        "envelope": {"actionType": "type", "payload": null, "version": false, "clientId": "messageId"},
        "routes": {"message:ack": {"op": "ack", "ref": "messageId", "status": "status", "error?": "error"}}
    });
    let conn = connection_options(
        &jv!({"url": "ws://127.0.0.1:9/ws", "heartbeat": false}),
        false,
    )
    .unwrap();
    let mut c = Client::new(StoreOptions::from_json(&options).unwrap(), conn, 7);
    c.handle(Event::Connect, 0);
    opened(&mut c, 0);
    let payload = jv!({"messageId": "msg-1", "conversationId": "c-1", "content": "hi"});
    let (id, actions) = c.send_as("message:send", payload, true, None, 1);
    assert_eq!(id, "msg-1", "the payload's own id field is the frame id");
    assert_eq!(
        sent(&actions),
        [
            json!({"type": "message:send", "messageId": "msg-1", "conversationId": "c-1", "content": "hi"})
        ]
    );
    let (given, actions) = c.send_as(
        "message:send",
        jv!({"content": "yo"}),
        true,
        Some("msg-2".into()),
        1,
    );
    assert_eq!(given, "msg-2");
    assert_eq!(
        sent(&actions),
        [json!({"type": "message:send", "messageId": "msg-2", "content": "yo"})]
    );
    let g = c.generation();
    for (m, status) in [
        ("msg-1", "received"),
        ("msg-1", "delivered"),
        ("msg-2", "received"),
    ] {
        c.receive(
            g,
            &frame(json!({"type": "message:ack", "messageId": m, "status": status})),
            2,
        );
    }
    let state = |id: &str| {
        to_value(
            &c.store()
                .value(&c.store().key(&format!("acks/{id}")).unwrap())
                .unwrap(),
        )["status"]
            .clone()
    };
    assert_eq!(
        (state("msg-1"), state("msg-2")),
        (json!("delivered"), json!("received"))
    );
    assert!(c.store().errors().is_empty(), "{:?}", c.store().errors());
}
