//! A store's image: everything a second store needs to hold the same state, as one JSON
//! text, and reading it back.
//!
//! Tabs that share one socket (`crate::share`) hand a late tab the leader's image, then the
//! frames that followed it. So an image holds what the frames built, not what one reader
//! did with it: the messages in order (each as docs/message-shape.md), the session and
//! resume position (with the frames held past a gap, and a resume in flight), the ids
//! evicted by `limits.maxMessages`, typing, the error entries, the ack states and the
//! `connection` key. Counters (`stats`), recorded
//! `frames` and read cursors stay per store.
//!
//! ```json
//! {"messages":[{"id":"a-1","status":"streaming","content":"Hel",…}],
//!  "session":{"id":"s-1","epoch":7,"resuming":false,"candidate":null},
//!  "seq":41,"held":[[43,"{…raw envelope…}"]],"evicted":["a-0"],
//!  "typing":[{"userId":"u","conversationId":null,"untilMs":1732230000000}],
//!  "errors":[{"kind":"protocol","message":"…"}],
//!  "acks":[["c1-3",{"status":"delivered","code":null,"error":null}]],
//!  "connection":{"status":"open",…}}
//! ```
//!
//! Reading an image either replaces the state whole or, on any bad field, changes nothing
//! and says which field.

use super::Store;
use crate::connection::{AckState, AckStatus, Status as ConnectionStatus};
use crate::error::{ErrorKind, ProtocolError};
use crate::json::{write_str, write_u64, Map, ObjectWriter, ToJson, Value};
use crate::key::{Key, SliceKey};
use crate::message::{Message, Slice};
use crate::session::{Session, SessionId};
use crate::view::{ConnectionView, TypingEntry};

/// An image, read and checked, not yet applied.
struct Image {
    messages: Vec<Message>,
    current: Option<SessionId>,
    resuming: bool,
    candidate: Option<(SessionId, u64)>,
    seq: Option<u64>,
    held: Vec<(u64, String)>,
    evicted: Vec<String>,
    typing: Vec<TypingEntry>,
    errors: Vec<ProtocolError>,
    acks: Vec<(String, AckState)>,
    connection: Option<ConnectionView>,
}

impl Store {
    /// Writes this store's image (see the module docs).
    pub fn write_image(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        o.key("messages");
        let messages = o.out();
        messages.push('[');
        let kept = self.order.iter().filter_map(|id| self.messages.get(id));
        for (i, entry) in kept.enumerate() {
            if i > 0 {
                messages.push(',');
            }
            entry.message.write_json(messages);
        }
        messages.push(']');
        o.key("session");
        write_session(&self.session, o.out());
        o.field("seq", &self.ordering.position());
        o.key("held");
        let held = o.out();
        held.push('[');
        for (i, (seq, raw)) in self.ordering.held_frames().enumerate() {
            if i > 0 {
                held.push(',');
            }
            held.push('[');
            write_u64(held, seq);
            held.push(',');
            write_str(held, raw);
            held.push(']');
        }
        held.push(']');
        o.key("evicted");
        let evicted = o.out();
        evicted.push('[');
        for (i, id) in self.evicted.ids().enumerate() {
            if i > 0 {
                evicted.push(',');
            }
            write_str(evicted, id);
        }
        evicted.push(']');
        o.key("typing");
        let typing = o.out();
        typing.push('[');
        for (i, t) in self.typing.iter().enumerate() {
            if i > 0 {
                typing.push(',');
            }
            let mut e = ObjectWriter::new(typing);
            e.field("userId", &t.user_id)
                .field("conversationId", &t.conversation_id)
                .field("untilMs", &t.until_ms);
            e.end();
        }
        typing.push(']');
        o.field("errors", &self.errors);
        o.key("acks");
        let acks = o.out();
        acks.push('[');
        let states = self
            .ack_order
            .iter()
            .filter_map(|id| Some((id, self.acks.get(id)?)));
        for (i, (id, (state, _))) in states.enumerate() {
            if i > 0 {
                acks.push(',');
            }
            acks.push('[');
            write_str(acks, id);
            acks.push(',');
            state.write_json(acks);
            acks.push(']');
        }
        acks.push(']');
        o.field("connection", &self.connection);
        o.end();
    }

    /// This store's image as a string.
    pub fn image(&self) -> String {
        let mut out = String::new();
        self.write_image(&mut out);
        out
    }

    /// Replaces this store's state with an image's (see the module docs); every key whose
    /// value may have moved is dirtied. A bad image is an error naming the field, and
    /// changes nothing. Acks the image does not name are kept (this store's own sends).
    pub fn import_image(&mut self, text: &str, now_ms: u64) -> Result<(), String> {
        let value = crate::json::parse(text).map_err(|e| format!("image: {}", e.message()))?;
        self.import_image_value(&value, now_ms)
    }

    /// [`Store::import_image`] for an image parsed already.
    pub fn import_image_value(&mut self, value: &Value, now_ms: u64) -> Result<(), String> {
        let image = Image::from_json(value).map_err(|e| format!("image: {e}"))?;
        self.now_ms = now_ms;
        for id in std::mem::take(&mut self.order) {
            self.forget_message(&id);
        }
        for message in image.messages {
            self.insert(message);
        }
        self.clock.touch(&mut self.fixed.messages, || Key::Messages);
        self.session = Session::restore(image.current, image.resuming, image.candidate);
        self.ordering.restore(image.seq, image.held, now_ms);
        self.evicted = Default::default();
        for id in image.evicted {
            self.evicted.insert(id, self.opts.limits.max_messages);
        }
        self.typing = image.typing;
        self.clock.touch(&mut self.fixed.typing, || Key::Typing);
        self.errors = image.errors.into();
        while self.errors.len() > self.opts.limits.max_errors {
            self.errors.pop_front();
        }
        self.clock.touch(&mut self.fixed.errors, || Key::Errors);
        for (id, state) in image.acks {
            self.set_ack(&id, state);
        }
        let mut view = image.connection.unwrap_or_else(|| self.connection.clone());
        view.session_id = self.session.current().map(|s| s.id.clone());
        view.share = self.connection.share.clone();
        self.connection = view;
        self.clock
            .touch(&mut self.fixed.connection, || Key::Connection);
        self.refresh_stats();
        self.clock.urgent = true;
        Ok(())
    }

    /// The ids of the frames whose ack is still `pending` or `received`, oldest first.
    pub fn unfinished_acks(&self) -> Vec<String> {
        let unfinished = |id: &&String| {
            self.acks
                .get(id.as_str())
                .is_some_and(|(a, _)| !a.status.is_finished())
        };
        self.ack_order.iter().filter(unfinished).cloned().collect()
    }

    /// Drops message `id` and dirties its keys (its listeners read it as gone).
    fn forget_message(&mut self, id: &str) {
        let Some(entry) = self.messages.remove(id) else {
            return;
        };
        self.clock.maybe_twice = true;
        let dirty = &mut self.clock.dirty;
        dirty.push(Key::Message(id.to_owned()));
        for slice in Slice::ALL {
            dirty.push(Key::Slice(id.to_owned(), SliceKey::Builtin(slice)));
        }
        for name in entry.custom.into_keys() {
            dirty.push(Key::Slice(id.to_owned(), SliceKey::Custom(name)));
        }
    }
}

fn write_session(session: &Session, out: &mut String) {
    let Some(current) = session.current() else {
        out.push_str("null");
        return;
    };
    let mut o = ObjectWriter::new(out);
    o.field("id", &current.id)
        .field("epoch", &current.epoch)
        .field("resuming", &session.resuming());
    o.key("candidate");
    match session.candidate() {
        None => o.out().push_str("null"),
        Some((id, seq)) => {
            let mut c = ObjectWriter::new(o.out());
            c.field("id", &id.id)
                .field("epoch", &id.epoch)
                .field("seq", &seq);
            c.end();
        }
    }
    o.end();
}

impl Image {
    fn from_json(value: &Value) -> Result<Self, String> {
        let o = object(value, "the image")?;
        let messages = items(o, "messages", Message::from_json)?;
        let (current, resuming, candidate) = match o.get("session") {
            None | Some(Value::Null) => (None, false, None),
            Some(v) => {
                let s = object(v, "session")?;
                let candidate = match s.get("candidate") {
                    None | Some(Value::Null) => None,
                    Some(c) => {
                        let c = object(c, "session.candidate")?;
                        Some((session_id(c, "session.candidate")?, whole(c, "seq")?))
                    }
                };
                let resuming = s.get("resuming").and_then(Value::as_bool).unwrap_or(false);
                (Some(session_id(s, "session")?), resuming, candidate)
            }
        };
        let seq = match o.get("seq") {
            None | Some(Value::Null) => None,
            Some(_) => Some(whole(o, "seq")?),
        };
        let held = items(o, "held", |v| match v.as_array().map(Vec::as_slice) {
            Some([seq, Value::String(raw)]) => seq
                .as_u64()
                .map(|seq| (seq, raw.clone()))
                .ok_or_else(|| "expected [seq, text]".to_owned()),
            _ => Err("expected [seq, text]".to_owned()),
        })?;
        let evicted = items(o, "evicted", |v| {
            v.as_str()
                .map(str::to_owned)
                .ok_or_else(|| "expected a message id".to_owned())
        })?;
        let typing = items(o, "typing", |v| {
            let t = object(v, "an entry")?;
            Ok(TypingEntry {
                user_id: text(t, "userId")?,
                conversation_id: t
                    .get("conversationId")
                    .and_then(Value::as_str)
                    .map(Into::into),
                until_ms: whole(t, "untilMs")?,
            })
        })?;
        let errors = items(o, "errors", error_entry)?;
        let acks = items(o, "acks", |v| match v.as_array().map(Vec::as_slice) {
            Some([Value::String(id), state]) => Ok((id.clone(), ack_state(state)?)),
            _ => Err("expected [id, state]".to_owned()),
        })?;
        let connection = match o.get("connection") {
            None | Some(Value::Null) => None,
            Some(v) => Some(connection_view(v).map_err(|e| format!("`connection`: {e}"))?),
        };
        Ok(Image {
            messages,
            current,
            resuming,
            candidate,
            seq,
            held,
            evicted,
            typing,
            errors,
            acks,
            connection,
        })
    }
}

/// The `connection` key's value (the `share` part stays the reader's own).
pub(crate) fn connection_view(value: &Value) -> Result<ConnectionView, String> {
    let c = object(value, "the view")?;
    let status = text(c, "status")?;
    let status = named(&status, &CONNECTION_STATUSES, ConnectionStatus::as_str)
        .ok_or_else(|| format!("`status`: unknown status `{status}`"))?;
    let optional_whole = |name: &str| match c.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(_) => whole(c, name).map(Some),
    };
    Ok(ConnectionView {
        status,
        attempt: u32::try_from(optional_whole("attempt")?.unwrap_or(0)).unwrap_or(u32::MAX),
        next_retry_at: optional_whole("nextRetryAt")?,
        last_error: c.get("lastError").and_then(Value::as_str).map(Into::into),
        session_id: c.get("sessionId").and_then(Value::as_str).map(Into::into),
        outbox: usize::try_from(optional_whole("outbox")?.unwrap_or(0)).unwrap_or(usize::MAX),
        share: None,
    })
}

const CONNECTION_STATUSES: [ConnectionStatus; 6] = [
    ConnectionStatus::Idle,
    ConnectionStatus::Connecting,
    ConnectionStatus::Open,
    ConnectionStatus::Reconnecting,
    ConnectionStatus::Closed,
    ConnectionStatus::Failed,
];

const ACK_STATUSES: [AckStatus; 6] = [
    AckStatus::Pending,
    AckStatus::Received,
    AckStatus::Delivered,
    AckStatus::Error,
    AckStatus::Timeout,
    AckStatus::Dropped,
];

/// An `acks/<id>` value: `{"status", "code", "error"}`.
pub(crate) fn ack_state(value: &Value) -> Result<AckState, String> {
    let a = object(value, "an ack")?;
    let status = text(a, "status")?;
    Ok(AckState {
        status: named(&status, &ACK_STATUSES, AckStatus::as_str)
            .ok_or_else(|| format!("`status`: unknown ack status `{status}`"))?,
        code: a.get("code").and_then(Value::as_str).map(Into::into),
        error: a.get("error").and_then(Value::as_str).map(Into::into),
    })
}

fn error_entry(value: &Value) -> Result<ProtocolError, String> {
    let e = object(value, "an entry")?;
    let kind = text(e, "kind")?;
    let kind = named(&kind, &ErrorKind::ALL, ErrorKind::as_str)
        .ok_or_else(|| format!("`kind`: unknown kind `{kind}`"))?;
    Ok(ProtocolError {
        kind,
        message: text(e, "message")?,
        action_type: e.get("actionType").and_then(Value::as_str).map(Into::into),
        seq: e.get("seq").and_then(Value::as_u64),
        message_id: e.get("messageId").and_then(Value::as_str).map(Into::into),
    })
}

fn session_id(o: &Map, what: &str) -> Result<SessionId, String> {
    Ok(SessionId {
        id: text(o, "id").map_err(|e| format!("{what}: {e}"))?,
        epoch: whole(o, "epoch").map_err(|e| format!("{what}: {e}"))?,
    })
}

fn named<T: Copy>(name: &str, all: &[T], name_of: fn(T) -> &'static str) -> Option<T> {
    all.iter().copied().find(|item| name_of(*item) == name)
}

fn object<'a>(value: &'a Value, what: &str) -> Result<&'a Map, String> {
    value
        .as_object()
        .ok_or_else(|| format!("{what} must be an object"))
}

fn text(o: &Map, name: &str) -> Result<String, String> {
    o.get(name)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| format!("`{name}` must be a string"))
}

fn whole(o: &Map, name: &str) -> Result<u64, String> {
    o.get(name)
        .and_then(Value::as_u64)
        .ok_or_else(|| format!("`{name}` must be a whole number"))
}

/// The array member `name` (absent: empty), each item read with `read`.
fn items<T>(
    o: &Map,
    name: &str,
    read: impl Fn(&Value) -> Result<T, String>,
) -> Result<Vec<T>, String> {
    let Some(value) = o.get(name) else {
        return Ok(Vec::new());
    };
    let list = value
        .as_array()
        .ok_or_else(|| format!("`{name}` must be an array"))?;
    let mut out = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        out.push(read(item).map_err(|e| format!("`{name}`[{i}]: {e}"))?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::StoreOptions;

    const FRAMES: &[&str] = &[
        r#"{"action_type":"session.ready","payload":{"sessionId":"s1","epoch":3,"seq":0}}"#,
        r#"{"action_type":"message.start","messageId":"a","seq":1,"payload":{"role":"assistant","meta":{"k":[1]}}}"#,
        r#"{"action_type":"content.delta","messageId":"a","seq":2,"payload":{"text":"Hel"}}"#,
        r#"{"action_type":"sources.add","messageId":"a","seq":3,"payload":{"source":{"id":"s","url":"https://x"}}}"#,
        r#"{"action_type":"state.set","messageId":"a","seq":4,"payload":{"slice":"plan","value":{"steps":[1]}}}"#,
        r#"{"action_type":"ack","ref":"c1-1","seq":5,"payload":{"status":"delivered"}}"#,
        r#"{"action_type":"content.delta","messageId":"b","seq":6,"payload":{"text":"x"}}"#,
        r#"{"action_type":"message.done","messageId":"b","seq":7,"payload":{}}"#,
        r#"{"action_type":"typing.start","payload":{"userId":"u2","conversationId":"c"}}"#,
        r#"{"action_type":"content.delta","messageId":"a","seq":9,"payload":{"text":"held"}}"#,
        r#"{"action_type":"nope","messageId":"a"}"#,
    ];

    fn fed(frames: &[&str]) -> Store {
        let mut s = Store::new(StoreOptions::default());
        for (i, f) in frames.iter().enumerate() {
            s.ingest(f.as_bytes(), 100 + i as u64);
        }
        s
    }

    fn same_state(a: &Store, b: &Store) {
        assert_eq!(a.message_ids(), b.message_ids());
        for id in a.message_ids() {
            assert_eq!(
                a.message(id),
                b.message(id)
                    .map(|m| {
                        let mut m = m.clone();
                        m.text_epoch = a.message(id).map_or(0, |m| m.text_epoch);
                        m
                    })
                    .as_ref()
            );
        }
        assert_eq!(a.errors(), b.errors());
        assert_eq!(a.typing, b.typing);
        assert_eq!(a.resume_position(), b.resume_position());
        assert_eq!(
            a.ordering.held_frames().collect::<Vec<_>>(),
            b.ordering.held_frames().collect::<Vec<_>>()
        );
        assert_eq!(
            a.value(&Key::Ack("c1-1".into())).is_some(),
            b.value(&Key::Ack("c1-1".into())).is_some()
        );
        assert_eq!(
            crate::json::to_string(&a.connection),
            crate::json::to_string(&b.connection)
        );
    }

    #[test]
    fn an_imported_image_holds_the_same_state() {
        let leader = fed(FRAMES);
        let mut follower = Store::new(StoreOptions::default());
        follower.import_image(&leader.image(), 500).unwrap();
        same_state(&leader, &follower);
        assert_eq!(
            follower.message("a").map(|m| m.content.as_str()),
            Some("Hel")
        );
        assert_eq!(follower.ordering.held(), 1, "seq 9 waits for 8 in both");
    }

    #[test]
    fn frames_after_the_image_apply_alike_on_both() {
        let mut leader = fed(&FRAMES[..6]);
        let mut follower = Store::new(StoreOptions::default());
        follower.import_image(&leader.image(), 500).unwrap();
        let rest: Vec<&str> = FRAMES[6..].iter().copied().chain([
            r#"{"action_type":"content.delta","messageId":"a","seq":8,"payload":{"text":"lo"}}"#,
            r#"{"action_type":"content.delta","messageId":"a","seq":5,"payload":{"text":"dup"}}"#,
        ]).collect();
        for f in &rest {
            leader.ingest(f.as_bytes(), 600);
            follower.ingest(f.as_bytes(), 600);
        }
        same_state(&leader, &follower);
        assert_eq!(
            follower.message("a").map(|m| m.content.as_str()),
            Some("Helloheld")
        );
    }

    #[test]
    fn an_import_dirties_what_it_replaced_and_drops_what_the_image_lacks() {
        let leader = fed(&FRAMES[..3]);
        let mut follower =
            fed(&[r#"{"action_type":"content.delta","messageId":"old","payload":{"text":"x"}}"#]);
        follower.take_flush();
        follower.import_image(&leader.image(), 500).unwrap();
        let keys = follower.take_flush().keys;
        for key in [
            "messages",
            "messages/old",
            "messages/old/content",
            "messages/a/content",
            "connection",
            "errors",
        ] {
            assert!(keys.iter().any(|k| k == key), "{key} not in {keys:?}");
        }
        assert_eq!(follower.message_ids(), ["a"]);
        let mut unique = keys.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), keys.len(), "each key once: {keys:?}");
    }

    #[test]
    fn a_reader_of_imported_text_gets_the_whole_text() {
        let leader = fed(&FRAMES[..3]);
        let mut follower =
            fed(&[r#"{"action_type":"content.delta","messageId":"a","payload":{"text":"H"}}"#]);
        let handle = follower.intern("messages/a/content");
        assert_eq!(follower.text_tail(handle), Some(("H", false)));
        follower.import_image(&leader.image(), 500).unwrap();
        assert_eq!(
            follower.text_tail(handle),
            Some(("Hel", false)),
            "a rewrite, not an append"
        );
    }

    #[test]
    fn evicted_ids_travel_so_late_frames_for_them_are_reported_alike() {
        let opts =
            || StoreOptions::from_json(&crate::json::jv!({"limits": {"maxMessages": 1}})).unwrap();
        let mut leader = Store::new(opts());
        for id in ["a", "b"] {
            let start =
                format!(r#"{{"action_type":"message.start","messageId":"{id}","payload":{{}}}}"#);
            leader.ingest(start.as_bytes(), 1);
            let done =
                format!(r#"{{"action_type":"message.done","messageId":"{id}","payload":{{}}}}"#);
            leader.ingest(done.as_bytes(), 1);
        }
        let mut follower = Store::new(opts());
        follower.import_image(&leader.image(), 2).unwrap();
        let late = br#"{"action_type":"content.delta","messageId":"a","payload":{"text":"late"}}"#;
        leader.ingest(late, 3);
        follower.ingest(late, 3);
        same_state(&leader, &follower);
        assert_eq!(follower.message_ids(), ["b"], "a stays evicted");
    }

    #[test]
    fn a_bad_image_changes_nothing_and_names_the_field() {
        let mut follower = fed(&FRAMES[..3]);
        let before = follower.image();
        for (bad, says) in [
            ("[]", "the image must be an object"),
            (r#"{"messages":[{"status":"nope"}]}"#, "`messages`[0]"),
            (r#"{"held":[[1]]}"#, "`held`[0]: expected [seq, text]"),
            (
                r#"{"acks":[["x",{"status":"meh"}]]}"#,
                "unknown ack status `meh`",
            ),
            (r#"{"session":{"id":"s"}}"#, "session: `epoch`"),
            ("{", "image:"),
        ] {
            let e = follower.import_image(bad, 9).unwrap_err();
            assert!(e.contains(says), "{bad}: {e}");
        }
        assert_eq!(follower.image(), before);
    }

    #[test]
    fn a_resume_in_flight_travels_with_the_image() {
        let mut leader = fed(&FRAMES[..3]);
        leader.begin_resume();
        leader.ingest(
            br#"{"action_type":"session.ready","payload":{"sessionId":"fresh","epoch":3,"seq":0}}"#,
            7,
        );
        let mut follower = Store::new(StoreOptions::default());
        follower.import_image(&leader.image(), 8).unwrap();
        // The old session confirms the resume: both keep their position.
        let confirm =
            br#"{"action_type":"session.ready","payload":{"sessionId":"s1","epoch":3,"seq":2}}"#;
        leader.ingest(confirm, 9);
        follower.ingest(confirm, 9);
        let replayed =
            br#"{"action_type":"content.delta","messageId":"a","seq":2,"payload":{"text":"DUP"}}"#;
        leader.ingest(replayed, 10);
        follower.ingest(replayed, 10);
        same_state(&leader, &follower);
        assert_eq!(
            follower.message("a").map(|m| m.content.as_str()),
            Some("Hel")
        );
    }
}
