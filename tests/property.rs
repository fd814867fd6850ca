//! Properties of the store over generated input:
//! (a) random bytes and random JSON-ish frames (native and routed) never panic, every
//!     flush names real keys whose versions moved, and the store stays queryable;
//! (b) a clean stream of seq'd frames replayed with duplicates inserted and with
//!     reordering inside a window smaller than `limits.maxHeld` ends in exactly the
//!     state of the clean replay;
//! (c) a cumulative stream (`content.set` of growing prefixes) ends equal to the
//!     concatenation of the deltas, notifying `content` exactly when it grew;
//! (d) any JSON text fed to the incremental parser in pieces split anywhere (tool arguments
//!     as they stream) ends equal to the whole-text parse, and every view on the way is
//!     what the whole-text parser reads from the view's own JSON.
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

use common::{state, Replay};
use proptest::prelude::*;
use serde_json::{json, Value};
use wirestore::{Store, StoreOptions};

const ACTIONS: &[&str] = &[
    "message.start",
    "content.delta",
    "content.set",
    "reasoning.delta",
    "sources.add",
    "sources.set",
    "followUpQuestions.set",
    "followUpQuestions.add",
    "citations.add",
    "logs.append",
    "tool.start",
    "tool.delta",
    "tool.end",
    "elicitation.start",
    "elicitation.end",
    "state.set",
    "state.patch",
    "message.snapshot",
    "message.done",
    "message.error",
    "message.cancelled",
    "session.ready",
    "session.error",
    "ack",
    "typing.start",
    "typing.stop",
    "pong",
    "resume.failed",
    "nope",
    "message:stream",
];
const FIELDS: &[&str] = &[
    "text",
    "source",
    "sources",
    "questions",
    "question",
    "citation",
    "toolCallId",
    "argsText",
    "result",
    "elicitationId",
    "schema",
    "slice",
    "value",
    "patch",
    "status",
    "role",
    "meta",
    "content",
    "code",
    "message",
    "sessionId",
    "epoch",
    "seq",
    "userId",
    "isComplete",
    "id",
    "url",
    "__proto__",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        (-3i64..1000).prop_map(Value::from),
        "[a-z0-9 é]{0,6}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::vec((prop::sample::select(FIELDS), inner), 0..4).prop_map(|kv| {
                Value::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
            }),
        ]
    })
}

fn envelope() -> impl Strategy<Value = Value> {
    let id = prop_oneof![
        Just(json!("m1")),
        Just(json!("m2")),
        Just(json!("")),
        Just(json!(7)),
        Just(Value::Null)
    ];
    let seq = prop_oneof![Just(Value::Null), (0u64..12).prop_map(Value::from)];
    (prop::sample::select(ACTIONS), id, seq, json_value()).prop_map(|(a, id, seq, p)| {
        let mut env = json!({"action_type": a, "type": a, "messageId": id, "seq": seq,
                             "payload": p.clone(), "ref": "c-1"});
        if let (Some(env), Value::Object(flat)) = (env.as_object_mut(), p) {
            env.extend(flat.into_iter().filter(|(k, _)| k != "type"));
        }
        env
    })
}

fn frame() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..64),
        envelope().prop_map(|e| e.to_string().into_bytes()),
        prop::collection::vec(envelope(), 0..4)
            .prop_map(|b| Value::from(b).to_string().into_bytes()),
    ]
}

fn assert_queryable(store: &Store) {
    for id in store.message_ids() {
        let m = common::message_json(store, id);
        assert_eq!(m["id"], json!(id));
    }
    for key in ["connection", "messages", "typing", "errors", "stats"] {
        // Panics unless the store's JSON for the key parses.
        common::key_json(store, key);
    }
    assert!(store.errors().len() <= 100);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_frames_never_panic_and_the_store_stays_queryable(
        frames in prop::collection::vec(frame(), 1..24),
        routed in any::<bool>(),
    ) {
        let options = if routed { common::options("seed004_chatspec") } else { StoreOptions::default() };
        let mut r = Replay::new(options);
        for f in &frames {
            r.store.ingest(f, r.now);
            let flush = r.store.take_flush();
            for key in &flush.keys {
                prop_assert!(r.store.key(key).is_some(), "flushed an unparsable key {}", key);
            }
            r.store.on_timer(r.now + 5_000);
            r.store.take_flush();
            assert_queryable(&r.store);
        }
        let text: Vec<String> = frames.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect();
        let mut checked = Replay::new(StoreOptions::default());
        for t in &text {
            checked.step(t);
        }
    }
}

/// One generated step of a clean stream: which message and what happens to it.
fn clean_op() -> impl Strategy<Value = (usize, u8, String)> {
    (0usize..3, 0u8..6, "[a-z é😀]{1,4}")
}

fn clean_stream(ops: &[(usize, u8, String)]) -> Vec<String> {
    let mut frames = Vec::new();
    let mut seq = 0u64;
    let mut push = |id: String, action: &str, payload: Value| {
        seq += 1;
        frames.push(
            json!({"action_type": action, "messageId": id, "seq": seq, "payload": payload})
                .to_string(),
        );
    };
    for (n, (m, op, text)) in ops.iter().enumerate() {
        let id = format!("m{m}");
        match op {
            0 => push(id, "content.delta", json!({"text": text})),
            1 => push(id, "reasoning.delta", json!({"text": text})),
            2 => push(
                id,
                "sources.add",
                json!({"source": {"id": text.len() % 3, "t": text}}),
            ),
            3 => push(id, "logs.append", json!({"text": text})),
            4 => push(
                id,
                "state.patch",
                json!({"slice": "p", "patch": {text.clone(): n}}),
            ),
            _ => push(id, "followUpQuestions.add", json!({"question": text})),
        }
    }
    for m in [0, 2] {
        push(format!("m{m}"), "message.done", json!({}));
    }
    frames
}

const READY: &str =
    r#"{"action_type":"session.ready","payload":{"sessionId":"s","epoch":1,"seq":0}}"#;
const MAX_HELD: usize = 8;

fn replay_all(frames: &[String]) -> Store {
    let opts = StoreOptions::from_json(&common::ours(&json!({"limits": {"maxHeld": MAX_HELD}})))
        .expect("opts");
    let mut store = Store::new(opts);
    store.ingest(READY.as_bytes(), 0);
    for f in frames {
        store.ingest(f.as_bytes(), 0);
    }
    store
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn duplicates_and_reordering_within_the_hold_window_end_in_the_clean_state(
        ops in prop::collection::vec(clean_op(), 1..60),
        window in 2usize..=MAX_HELD,
        order_keys in prop::collection::vec(any::<u32>(), 70),
        dups in prop::collection::vec((any::<prop::sample::Index>(), 0usize..10), 0..12),
    ) {
        let clean = clean_stream(&ops);
        let expected = replay_all(&clean);
        prop_assert!(expected.errors().is_empty(), "{:?}", expected.errors());

        let mut order: Vec<usize> = (0..clean.len()).collect();
        for chunk in order.chunks_mut(window) {
            chunk.sort_by_key(|i| order_keys[*i % order_keys.len()]);
        }
        for (which, offset) in &dups {
            let original = which.index(clean.len());
            let at = order.iter().position(|i| *i == original).unwrap_or(0);
            let to = (at + 1 + offset).min(order.len());
            order.insert(to, original);
        }
        let delivered: Vec<String> = order.iter().map(|i| clean[*i].clone()).collect();
        let got = replay_all(&delivered);

        prop_assert_eq!(state(&got, &[]), state(&expected, &[]));
        prop_assert!(got.errors().is_empty(), "{:?}", got.errors());
        prop_assert_eq!(got.stats().duplicates, dups.len() as u64);
        prop_assert_eq!(got.stats().held, 0);
    }

    #[test]
    fn cumulative_content_set_ends_equal_to_the_concatenated_deltas(
        deltas in prop::collection::vec("[a-z é😀]{0,5}", 1..30),
    ) {
        let mut by_delta = Replay::new(StoreOptions::default());
        let mut cumulative = Replay::new(StoreOptions::default());
        let mut routed = Replay::new(common::options("seed004_chatspec"));
        let mut so_far = String::new();
        for (i, d) in deltas.iter().enumerate() {
            so_far.push_str(d);
            by_delta.step(&json!({"action_type": "content.delta", "messageId": "m",
                                  "payload": {"text": d}}).to_string());
            let flush = cumulative.step(&json!({"action_type": "content.set", "messageId": "m",
                                                "payload": {"text": so_far}}).to_string());
            if i > 0 {
                let grew = flush.keys.iter().any(|k| k == "messages/m/content");
                prop_assert_eq!(grew, !d.is_empty());
            }
            routed.step(&json!({"type": "message:stream", "messageId": "m", "content": so_far,
                                "isComplete": i + 1 == deltas.len()}).to_string());
        }
        let content = |r: &Replay| r.store.message("m").map(|m| m.content.clone());
        prop_assert_eq!(content(&by_delta), Some(so_far.clone()));
        prop_assert_eq!(content(&cumulative), Some(so_far.clone()));
        prop_assert_eq!(content(&routed), Some(so_far));
        prop_assert_eq!(routed.store.message("m").map(|m| m.status), Some(wirestore::Status::Done));
    }

    #[test]
    fn json_streamed_in_any_pieces_parses_as_the_whole_text(
        value in any_json(),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..12),
        pretty in any::<bool>(),
    ) {
        let text = if pretty { serde_json::to_string_pretty(&value) } else { serde_json::to_string(&value) }.unwrap();
        let bounds: Vec<usize> = (0..=text.len()).filter(|i| text.is_char_boundary(*i)).collect();
        let mut at: Vec<usize> = cuts.iter().map(|c| bounds[c.index(bounds.len())]).collect();
        at.push(text.len());
        at.sort_unstable();
        let mut p = wirestore::json::PartialJson::new();
        let mut last = 0;
        for b in at {
            p.push(&text[last..b]);
            last = b;
            if let Some(view) = p.value() {
                let reread = wirestore::json::parse(&wirestore::json::to_string(view));
                prop_assert_eq!(reread.as_ref(), Ok(view));
            }
        }
        prop_assert_eq!(p.finish(), Ok(&wirestore::json::parse(&text).unwrap()));
    }
}

/// Arbitrary JSON text material: every kind of value, nested, with escapes and non-ASCII.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        (-1e6f64..1e6).prop_map(|f| json!(f)),
        "[a-z\\\"\n\t é😀\u{1}]{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-z\"é]{0,4}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}
