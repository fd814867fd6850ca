//! Shared helpers of the host integration tests: loading fixtures, replaying frames one
//! at a time through the public `Store` API, and naming the keys a frame should change.
//!
//! Expected keys are written by hand in the tests with a small shorthand (see
//! [`expand`]), never computed from the store's own output.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::{json, Value};
use wirestore::{ErrorKind, Flush, Key, Store, StoreOptions};

/// Every built-in slice of a message, by its key segment (PROTOCOL.md, "Keys").
pub const BUILTIN_SLICES: [&str; 13] = [
    "content",
    "reasoning",
    "sources",
    "followUpQuestions",
    "citations",
    "logs",
    "tools",
    "elicitation",
    "status",
    "error",
    "role",
    "meta",
    "parts",
];

fn fixture_path(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join(file)
}

/// The frames of `fixtures/<name>.jsonl`, one per non-empty line, as the server sent them.
pub fn frames(name: &str) -> Vec<String> {
    let path = fixture_path(&format!("{name}.jsonl"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

/// The options of `fixtures/<name>.options.json`, or the defaults (native protocol).
pub fn options(name: &str) -> StoreOptions {
    let path = fixture_path(&format!("{name}.options.json"));
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let value: Value = serde_json::from_str(&text).expect("options file is JSON");
            StoreOptions::from_json(&ours(&value)).expect("fixture options are valid")
        }
        Err(_) => StoreOptions::default(),
    }
}

/// A `serde_json` value (the tests' `json!` literals) as wirestore's own JSON value.
pub fn ours(value: &Value) -> wirestore::json::Value {
    wirestore::json::parse(&value.to_string()).expect("serde_json writes valid JSON")
}

/// A store from a JSON options object.
pub fn store_with(options: Value) -> Store {
    Store::new(StoreOptions::from_json(&ours(&options)).expect("valid options"))
}

/// Expands the shorthand of an expected key list and adds `stats` (every ingest moves it):
/// - `+id`: message `id` was created: `messages`, `messages/id` and every built-in slice;
/// - `id:a,b`: `messages/id` and its slices `a` and `b`;
/// - anything else is a key name as it is.
pub fn expand(spec: &[&str]) -> BTreeSet<String> {
    let mut out = BTreeSet::from(["stats".to_owned()]);
    for item in spec {
        if let Some(id) = item.strip_prefix('+') {
            out.insert("messages".into());
            out.insert(format!("messages/{id}"));
            for s in BUILTIN_SLICES {
                out.insert(format!("messages/{id}/{s}"));
            }
        } else if let Some((id, slices)) = item.split_once(':') {
            out.insert(format!("messages/{id}"));
            for s in slices.split(',') {
                out.insert(format!("messages/{id}/{s}"));
            }
        } else {
            out.insert((*item).to_owned());
        }
    }
    out
}

/// A store fed one frame at a time, flushing after every frame and checking that each
/// key's version moved exactly when the flush named it.
pub struct Replay {
    pub store: Store,
    pub now: u64,
    seen: BTreeSet<String>,
}

impl Replay {
    pub fn new(options: StoreOptions) -> Self {
        Self {
            store: Store::new(options),
            now: 1_000,
            seen: BTreeSet::new(),
        }
    }

    /// Ingests `frame` 10 ms after the previous one and takes the flush.
    pub fn step(&mut self, frame: &str) -> Flush {
        self.now += 10;
        let before: Vec<(String, u64)> = self
            .seen
            .iter()
            .map(|k| (k.clone(), self.version(k)))
            .collect();
        self.store.ingest(frame.as_bytes(), self.now);
        let flush = self.store.take_flush();
        let keys: BTreeSet<&String> = flush.keys.iter().collect();
        assert_eq!(keys.len(), flush.keys.len(), "a key twice in one flush");
        for (key, was) in before {
            let moved = self.version(&key) != was;
            assert_eq!(
                moved,
                keys.contains(&key),
                "{key}: version moved = {moved}, named in flush = {}",
                !moved
            );
        }
        self.seen.extend(flush.keys.iter().cloned());
        assert!(!self.store.has_changes(), "a flush leaves nothing dirty");
        flush
    }

    fn version(&self, key: &str) -> u64 {
        self.store.key(key).map_or(0, |k| self.store.version(&k))
    }
}

/// Replays fixture `name`, asserting each frame changed exactly the keys `expected` names
/// (shorthand of [`expand`]); answers the replay and every flush.
pub fn replay(name: &str, expected: &[&[&str]]) -> (Replay, Vec<Flush>) {
    let frames = frames(name);
    assert_eq!(
        frames.len(),
        expected.len(),
        "{name}: one expected key list per frame"
    );
    let mut r = Replay::new(options(name));
    let mut flushes = Vec::new();
    for (i, (frame, spec)) in frames.iter().zip(expected).enumerate() {
        let flush = r.step(frame);
        let got: BTreeSet<String> = flush.keys.iter().cloned().collect();
        assert_eq!(
            got,
            expand(spec),
            "{name} line {}: {frame}\nchanged keys differ",
            i + 1
        );
        flushes.push(flush);
    }
    (r, flushes)
}

/// What the store writes for `value`, read back by serde_json for comparisons.
pub fn to_value<T: wirestore::json::ToJson + ?Sized>(value: &T) -> Value {
    let text = wirestore::json::to_string(value);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The message `id` as the JSON a UI reads from `messages/<id>`.
pub fn message_json(store: &Store, id: &str) -> Value {
    let key = Key::Message(id.to_owned());
    to_value(
        &store
            .value(&key)
            .unwrap_or_else(|| panic!("no message {id}")),
    )
}

/// The JSON value of a key given by name (`null` when it does not exist).
pub fn key_json(store: &Store, name: &str) -> Value {
    let key = store.key(name).unwrap_or_else(|| panic!("bad key {name}"));
    store
        .value(&key)
        .map(|v| to_value(&v))
        .unwrap_or(Value::Null)
}

/// Everything a UI can read apart from `errors` and `stats`: message order, every message,
/// `connection`, `typing`, and the acks named in `acks`.
pub fn state(store: &Store, acks: &[&str]) -> Value {
    let messages: Vec<Value> = store
        .message_ids()
        .iter()
        .map(|id| message_json(store, id))
        .collect();
    let acks: Vec<Value> = acks
        .iter()
        .map(|id| key_json(store, &format!("acks/{id}")))
        .collect();
    json!({
        "ids": store.message_ids(),
        "messages": messages,
        "connection": key_json(store, "connection"),
        "typing": key_json(store, "typing"),
        "acks": acks,
    })
}

/// Whether `flush` names `key`.
pub fn names(flush: &Flush, key: &str) -> bool {
    flush.keys.iter().any(|k| k == key)
}

/// Asserts that none of `keys` is in `flush` (sibling slices and messages stay quiet).
pub fn assert_quiet(flush: &Flush, keys: &[&str]) {
    for key in keys {
        assert!(!names(flush, key), "{key} was notified: {:?}", flush.keys);
    }
}

// Bad input: a lived-in store, and the check that a frame was rejected as data.

/// A store in a lived-in state: m1 streaming (content, sources, a custom slice), m2 done,
/// an ack, someone typing.
pub fn lived_in(options: StoreOptions) -> Store {
    let mut store = Store::new(options);
    for frame in [
        r#"{"action_type":"session.ready","payload":{"sessionId":"s-1","epoch":1,"seq":0}}"#,
        r#"{"action_type":"message.start","messageId":"m1","seq":1,"payload":{"role":"assistant"}}"#,
        r#"{"action_type":"content.delta","messageId":"m1","seq":2,"payload":{"text":"Hello"}}"#,
        r#"{"action_type":"sources.add","messageId":"m1","seq":3,"payload":{"source":{"id":"s1"}}}"#,
        r#"{"action_type":"state.set","messageId":"m1","seq":4,"payload":{"slice":"plan","value":{"a":1}}}"#,
        r#"{"action_type":"content.delta","messageId":"m2","seq":5,"payload":{"text":"Bye"}}"#,
        r#"{"action_type":"message.done","messageId":"m2","seq":6}"#,
        r#"{"action_type":"ack","ref":"c-1","seq":7,"payload":{"status":"received"}}"#,
        r#"{"action_type":"typing.start","seq":8,"payload":{"userId":"u2"}}"#,
    ] {
        store.ingest(frame.as_bytes(), 1_000);
    }
    assert!(store.errors().is_empty(), "{:?}", store.errors());
    store.take_flush();
    store
}

/// A store after replaying fixture `name` (a foreign shape with its routes).
pub fn replayed(name: &str) -> Store {
    let mut store = Store::new(options(name));
    for frame in frames(name) {
        store.ingest(frame.as_bytes(), 1_000);
    }
    store.take_flush();
    store
}

/// Feeds `frame` and asserts it was answered by `errors` entries of `kind` only.
/// A UTF-8 frame is fed twice, as text (a text WebSocket message) and then as bytes, and
/// each is checked; other bytes once, as bytes.
pub fn assert_rejected(store: &mut Store, frame: &[u8], kind: ErrorKind) {
    if let Ok(text) = std::str::from_utf8(frame) {
        assert_rejected_by(store, frame, kind, |s| s.ingest_text(text, 2_000));
    }
    assert_rejected_by(store, frame, kind, |s| s.ingest(frame, 2_000));
}

fn assert_rejected_by(
    store: &mut Store,
    frame: &[u8],
    kind: ErrorKind,
    feed: impl FnOnce(&mut Store),
) {
    let before = state(store, &["c-1"]);
    let errors = store.stats().errors;
    feed(store);
    let shown = String::from_utf8_lossy(frame);
    let shown: String = shown.chars().take(160).collect();
    assert_eq!(state(store, &["c-1"]), before, "state changed by {shown}");
    assert!(store.stats().errors > errors, "no error entry for {shown}");
    let last = store.errors().back().expect("an entry");
    assert_eq!(last.kind, kind, "{shown}: {last:?}");
    let keys: std::collections::BTreeSet<String> = store.take_flush().keys.into_iter().collect();
    assert_eq!(keys, expand(&["errors"]), "{shown}");
}

pub fn native() -> Store {
    lived_in(StoreOptions::default())
}
