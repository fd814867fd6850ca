//! The store: every message by id, their order, and a version for every key.
//!
//! The notification contract, in one sentence: applying a frame dirties exactly the keys
//! whose values it changed — a slice key and its message's key, never a sibling slice,
//! never a sibling message — and a flush hands each dirty key out once.
//!
//! Versions come from one counter that only grows, so a key's version never repeats,
//! even across eviction and recreation; a key that does not exist has version 0. Dirty
//! keys are enum values on the hot path and become strings once per flush.
//!
//! Memory is bounded: `limits.maxMessages` (the oldest finished message is evicted
//! first), the logs ring of each message, `limits.maxHeld` held frames, `limits.maxErrors`
//! error entries, and a bound on finished ack states.

mod agent;
mod evicted;
pub mod image;
mod ingest;
mod mirror;
mod read;
mod resync;
mod scope;
mod secret;
mod stream;
mod text_tails;
mod to_json;

use crate::json::Value;
use std::collections::{HashMap, HashSet, VecDeque};

use crate::connection::AckState;
use crate::error::{ErrorKind, ProtocolError};
use crate::key::{Key, SliceKey};
use crate::message::{
    Changed, Elicitation, LogEntry, Message, MessageError, Slice, Status, ToolCall,
};
use crate::options::StoreOptions;
use crate::ordering::Ordering;
use crate::session::Session;
use crate::source::{SourceId, Sources};
use crate::view::{ConnectionView, Direction, FrameRecord, Stats, TypingEntry};

use evicted::Evicted;
use read::Handles;
use resync::StaleHold;
pub use scope::{ResumeRequest, Signal};
use secret::Secrets;
pub use stream::StreamNext;

/// Ack states kept at most; the oldest are forgotten first.
pub const MAX_ACKS: usize = 1000;

/// What one flush hands out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Flush {
    /// Every key that changed since the last flush, once each.
    pub keys: Vec<String>,
    /// Whether a discrete event happened (start, final status, ack, form, connection).
    pub urgent: bool,
}

/// The value of one key, borrowed from the store, ready to write as JSON (each as its
/// inner value, see `to_json.rs`).
#[derive(Debug)]
pub enum KeyValue<'a> {
    /// `connection`
    Connection(&'a ConnectionView),
    /// `messages` or `followUpQuestions`
    Strings(&'a [String]),
    /// `messages/<id>`
    Message(&'a Message),
    /// `content`, `reasoning`
    Text(&'a str),
    /// `sources`, `citations`
    Values(&'a [Value]),
    /// `logs`
    Logs(&'a VecDeque<LogEntry>),
    /// `tools`
    Tools(&'a [ToolCall]),
    /// `parts`
    Parts(&'a [crate::message::Part]),
    /// `run`
    Run(&'a crate::run::RunView),
    /// `elicitation`
    Elicitation(Option<&'a Elicitation>),
    /// `status`
    Status(Status),
    /// `error`
    Error(Option<&'a MessageError>),
    /// `role`
    Role(Option<&'a str>),
    /// `meta` or a custom slice
    Json(Option<&'a Value>),
    /// `typing`
    Typing(&'a [TypingEntry]),
    /// `errors`
    Errors(&'a VecDeque<ProtocolError>),
    /// `acks/<id>`
    Ack(&'a AckState),
    /// `stats`
    Stats(&'a Stats),
    /// `frames`
    Frames(&'a VecDeque<FrameRecord>),
}

/// The version counter and the dirty keys since the last flush.
#[derive(Debug, Default)]
struct Clock {
    now: u64,
    drained_at: u64,
    /// Set when a key was pushed without its version check (a removal): only then can
    /// the dirty list hold a key twice, so only then does a flush dedupe it.
    maybe_twice: bool,
    dirty: Vec<Key>,
    urgent: bool,
    /// What the last notice since the drain said (`Some(urgent)`), if one was taken.
    told: Option<bool>,
}

impl Clock {
    /// Gives `version` a new value, marking `key` dirty if it was clean.
    fn touch(&mut self, version: &mut u64, key: impl FnOnce() -> Key) {
        if *version <= self.drained_at {
            self.dirty.push(key());
        }
        self.now += 1;
        *version = self.now;
    }
}

/// One message and the versions of its keys.
#[derive(Debug)]
struct Entry {
    message: Message,
    version: u64,
    slices: [u64; Slice::ALL.len()],
    custom: HashMap<String, u64>,
}

impl Entry {
    fn mark(&mut self, changed: &Changed, clock: &mut Clock) {
        if changed.is_empty() {
            return;
        }
        let id = &self.message.id;
        for slice in changed.slices() {
            if let Some(v) = self.slices.get_mut(slice as usize) {
                clock.touch(v, || Key::Slice(id.clone(), SliceKey::Builtin(slice)));
            }
        }
        for name in &changed.custom {
            let v = self.custom.entry(name.clone()).or_insert(0);
            clock.touch(v, || Key::Slice(id.clone(), SliceKey::Custom(name.clone())));
        }
        clock.touch(&mut self.version, || Key::Message(id.clone()));
    }
}

/// Versions of the keys that are not per message.
#[derive(Debug, Default)]
struct Fixed {
    connection: u64,
    messages: u64,
    typing: u64,
    errors: u64,
    stats: u64,
    frames: u64,
    state: u64,
    run: u64,
}

/// All state a UI can subscribe to.
#[derive(Debug)]
pub struct Store {
    opts: StoreOptions,
    messages: HashMap<String, Entry>,
    order: Vec<String>,
    errors: VecDeque<ProtocolError>,
    typing: Vec<TypingEntry>,
    acks: HashMap<String, (AckState, u64)>,
    ack_order: VecDeque<String>,
    connection: ConnectionView,
    stats: Stats,
    fixed: Fixed,
    ordering: Ordering,
    session: Session,
    clock: Clock,
    signals: Vec<Signal>,
    now_ms: u64,
    frames: VecDeque<FrameRecord>,
    handles: Handles,
    evicted: Evicted,
    stale_hold: StaleHold,
    /// When the `resume` of a new socket went out, until it is answered.
    resume_sent_at: Option<u64>,
    secrets: Secrets,
    sources: Sources,
    /// The source of the frame being applied ([`SourceId::SOCKET`] between frames).
    current: SourceId,
    /// The `state` key (an agent's shared state); `None` until one arrives.
    agent_state: Option<Value>,
    /// The `run` key.
    run: crate::run::RunView,
    /// Events for `store.on` listeners, taken with each flush.
    events: Vec<(String, String)>,
    /// Which message holds each tool call, by source and call id (a frame naming a call its
    /// source started applies there).
    tool_owners: HashMap<(u32, String), String>,
    /// The messages the running run changed (finished with it).
    run_messages: Vec<String>,
    /// Ids made by routes' `{"generated": …}` so far.
    minted: u64,
}

impl Store {
    /// An empty store.
    pub fn new(opts: StoreOptions) -> Self {
        let ordering = Ordering::new(opts.limits.max_held, opts.limits.gap_ms);
        Self {
            opts,
            messages: HashMap::new(),
            order: Vec::new(),
            errors: VecDeque::new(),
            typing: Vec::new(),
            acks: HashMap::new(),
            ack_order: VecDeque::new(),
            connection: ConnectionView::default(),
            stats: Stats::default(),
            fixed: Fixed::default(),
            ordering,
            session: Session::default(),
            clock: Clock::default(),
            signals: Vec::new(),
            now_ms: 0,
            frames: VecDeque::new(),
            handles: Handles::default(),
            evicted: Evicted::default(),
            stale_hold: StaleHold::default(),
            resume_sent_at: None,
            secrets: Secrets::default(),
            sources: Sources::default(),
            agent_state: None,
            run: crate::run::RunView::default(),
            events: Vec::new(),
            tool_owners: HashMap::new(),
            run_messages: Vec::new(),
            minted: 0,
            current: SourceId::SOCKET,
        }
    }

    /// The envelope field names frames are read (and client frames written) with.
    pub fn names(&self) -> &crate::protocol::EnvelopeNames {
        &self.opts.envelope
    }

    /// Frames larger than this many bytes are rejected unparsed.
    pub fn max_frame_bytes(&self) -> usize {
        self.opts.limits.max_frame_bytes
    }

    /// The message `id`, if kept.
    pub fn message(&self, id: &str) -> Option<&Message> {
        self.messages.get(id).map(|e| &e.message)
    }

    /// Message ids in arrival order.
    pub fn message_ids(&self) -> &[String] {
        &self.order
    }

    /// The recent error entries, oldest first.
    pub fn errors(&self) -> &VecDeque<ProtocolError> {
        &self.errors
    }

    /// The counters.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// Parses a key name, knowing which message ids exist.
    pub fn key(&self, text: &str) -> Option<Key> {
        Key::parse(text, |id| self.messages.contains_key(id))
    }

    /// The current value of `key`, or `None` if it does not exist.
    pub fn value(&self, key: &Key) -> Option<KeyValue<'_>> {
        Some(match key {
            Key::Connection => KeyValue::Connection(&self.connection),
            Key::Messages => KeyValue::Strings(&self.order),
            Key::Message(id) => KeyValue::Message(self.message(id)?),
            Key::Slice(id, slice) => slice_value(self.message(id)?, slice)?,
            Key::Typing => KeyValue::Typing(&self.typing),
            Key::Errors => KeyValue::Errors(&self.errors),
            Key::Ack(id) => KeyValue::Ack(&self.acks.get(id)?.0),
            Key::Stats => KeyValue::Stats(&self.stats),
            Key::Frames => KeyValue::Frames(&self.frames),
            Key::State => KeyValue::Json(Some(self.agent_state.as_ref()?)),
            Key::Run => KeyValue::Run(&self.run),
        })
    }

    /// The version of `key`: 0 if it does not exist; otherwise it moves exactly when the
    /// value does.
    pub fn version(&self, key: &Key) -> u64 {
        match key {
            Key::Connection => self.fixed.connection,
            Key::Messages => self.fixed.messages,
            Key::Typing => self.fixed.typing,
            Key::Errors => self.fixed.errors,
            Key::Stats => self.fixed.stats,
            Key::Frames => self.fixed.frames,
            Key::State => self.agent_state.as_ref().map_or(0, |_| self.fixed.state),
            Key::Run => self.fixed.run,
            Key::Message(id) => self.messages.get(id).map_or(0, |e| e.version),
            Key::Slice(id, SliceKey::Builtin(s)) => self
                .messages
                .get(id)
                .and_then(|e| e.slices.get(*s as usize).copied())
                .unwrap_or(0),
            Key::Slice(id, SliceKey::Custom(name)) => self
                .messages
                .get(id)
                .filter(|e| e.message.custom.contains_key(name))
                .and_then(|e| e.custom.get(name).copied())
                .unwrap_or(0),
            Key::Ack(id) => self.acks.get(id).map_or(0, |a| a.1),
        }
    }

    /// Hands out the keys changed since the last flush, each once.
    pub fn take_flush(&mut self) -> Flush {
        let mut keys: Vec<String> = self.clock.dirty.drain(..).map(|k| k.to_string()).collect();
        if self.clock.maybe_twice {
            // Each once, in the order they first changed (no sort linked into the wasm).
            let mut seen = HashSet::with_capacity(keys.len());
            keys.retain(|k| seen.insert(k.clone()));
        }
        Flush {
            keys,
            urgent: self.drained(),
        }
    }

    /// Ends a flush once its keys are taken; answers whether it was urgent.
    fn drained(&mut self) -> bool {
        self.clock.maybe_twice = false;
        self.clock.drained_at = self.clock.now;
        self.clock.told = None;
        std::mem::take(&mut self.clock.urgent)
    }

    /// Whether a discrete event is waiting in the next flush.
    pub fn is_urgent(&self) -> bool {
        self.clock.urgent
    }

    /// Whether whoever flushes must be told about changes now: `Some(urgent)` for the first
    /// change since the last flush, and once more if that flush turns urgent; `None` when
    /// nothing changed or the last notice still holds. One notice per flush, not per frame.
    pub fn take_notice(&mut self) -> Option<bool> {
        if self.clock.dirty.is_empty() && self.events.is_empty() {
            return None;
        }
        let urgent = self.clock.urgent;
        if matches!(self.clock.told, Some(told) if told || !urgent) {
            return None;
        }
        self.clock.told = Some(urgent);
        Some(urgent)
    }

    /// Forgets the last notice, so the next [`Store::take_notice`] tells again.
    pub fn forget_notice(&mut self) {
        self.clock.told = None;
    }

    /// Whether anything changed since the last flush.
    pub fn has_changes(&self) -> bool {
        !self.clock.dirty.is_empty()
    }

    /// Keeps `token` out of every human-readable string the store produces from now on
    /// (see `secret.rs`).
    pub fn remember_secret(&mut self, token: &str) {
        self.secrets.remember(token);
    }

    /// Records an error entry (bounded by `limits.maxErrors`), scrubbed of the token.
    pub fn report(&mut self, error: ProtocolError) {
        let error = ProtocolError {
            message: self.secrets.scrub(error.message),
            action_type: self.secrets.scrub_some(error.action_type),
            message_id: self.secrets.scrub_some(error.message_id),
            ..error
        };
        self.errors.push_back(error);
        while self.errors.len() > self.opts.limits.max_errors {
            self.errors.pop_front();
        }
        self.stats.errors += 1;
        self.clock.touch(&mut self.fixed.errors, || Key::Errors);
    }

    /// Records a frame in the `frames` key, if `limits.recordFrames` asks for it.
    pub fn record(&mut self, dir: Direction, bytes: &[u8], at: u64) {
        let keep = self.opts.limits.record_frames;
        if keep == 0 {
            return;
        }
        // Raw, not scrubbed: a recording replays byte for byte (see `secret.rs`).
        let text = String::from_utf8_lossy(bytes).into_owned();
        self.frames.push_back(FrameRecord { dir, text, at });
        while self.frames.len() > keep {
            self.frames.pop_front();
        }
        self.clock.touch(&mut self.fixed.frames, || Key::Frames);
    }

    fn insert(&mut self, message: Message) {
        if self.messages.len() >= self.opts.limits.max_messages {
            self.evict_one();
        }
        let mut entry = Entry {
            message,
            version: 0,
            slices: [0; Slice::ALL.len()],
            custom: HashMap::new(),
        };
        // A text epoch no earlier holder of this id reached (each rewrite moved the clock
        // too), so a reader's cursor from before an eviction never matches this message.
        entry.message.text_epoch = self.clock.now;
        let mut all = Changed::default();
        for slice in Slice::ALL {
            all.add(slice);
        }
        all.custom = entry.message.custom.keys().cloned().collect();
        entry.mark(&all, &mut self.clock);
        let id = entry.message.id.clone();
        self.messages.insert(id.clone(), entry);
        self.order.push(id);
        self.clock.touch(&mut self.fixed.messages, || Key::Messages);
    }

    fn evict_one(&mut self) {
        let finished = self.order.iter().position(|id| {
            self.messages
                .get(id)
                .is_some_and(|e| e.message.status.is_final())
        });
        let index = finished.unwrap_or(0);
        if index >= self.order.len() {
            return;
        }
        let id = self.order.remove(index);
        if let Some(entry) = self.messages.remove(&id) {
            if !entry.message.tools.is_empty() {
                self.tool_owners.retain(|_, owner| *owner != id);
            }
            if !entry.message.status.is_final() {
                let status = entry.message.status.as_str();
                let max = self.opts.limits.max_messages;
                let text = format!(
                    "message {id} was evicted while {status} (limits.maxMessages {max} reached, none \
                     finished); its later frames are reported, not applied"
                );
                self.report(ProtocolError::new(ErrorKind::Lifecycle, text).with_message(Some(&id)));
            }
            self.clock.maybe_twice = true;
            let dirty = &mut self.clock.dirty;
            dirty.push(Key::Message(id.clone()));
            for slice in Slice::ALL {
                dirty.push(Key::Slice(id.clone(), SliceKey::Builtin(slice)));
            }
            for name in entry.custom.keys().cloned() {
                dirty.push(Key::Slice(id.clone(), SliceKey::Custom(name)));
            }
            self.evicted.insert(id, self.opts.limits.max_messages);
        }
        self.stats.evicted += 1;
        self.clock.touch(&mut self.fixed.messages, || Key::Messages);
    }
}

fn slice_value<'a>(m: &'a Message, slice: &SliceKey) -> Option<KeyValue<'a>> {
    let SliceKey::Builtin(slice) = slice else {
        let SliceKey::Custom(name) = slice else {
            return None;
        };
        return m.custom.get(name).map(|v| KeyValue::Json(Some(v)));
    };
    Some(match slice {
        Slice::Content => KeyValue::Text(&m.content),
        Slice::Reasoning => KeyValue::Text(&m.reasoning),
        Slice::Sources => KeyValue::Values(&m.sources),
        Slice::FollowUpQuestions => KeyValue::Strings(&m.follow_up_questions),
        Slice::Citations => KeyValue::Values(&m.citations),
        Slice::Logs => KeyValue::Logs(&m.logs),
        Slice::Tools => KeyValue::Tools(&m.tools),
        Slice::Elicitation => KeyValue::Elicitation(m.elicitation.as_ref()),
        Slice::Status => KeyValue::Status(m.status),
        Slice::Error => KeyValue::Error(m.error.as_ref()),
        Slice::Role => KeyValue::Role(m.role.as_deref()),
        Slice::Meta => KeyValue::Json(m.meta.as_ref()),
        Slice::Parts => KeyValue::Parts(&m.parts),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::jv as json;

    #[test]
    fn a_key_evicted_and_recreated_within_a_flush_is_handed_out_once() {
        let opts = StoreOptions::from_json(&json!({"limits": {"maxMessages": 1}})).unwrap();
        let mut s = Store::new(opts);
        let delta = |id: &str| {
            format!(
                r#"{{"action_type":"content.delta","messageId":"{id}","payload":{{"text":"x"}}}}"#
            )
        };
        s.ingest(delta("a").as_bytes(), 0);
        s.take_flush();
        s.ingest(delta("b").as_bytes(), 1); // evicts a
        let start = r#"{"action_type":"message.start","messageId":"a","payload":{}}"#;
        s.ingest(start.as_bytes(), 2); // evicts b, re-creates a
        s.ingest(delta("a").as_bytes(), 2);
        let keys = s.take_flush().keys;
        let mut unique = keys.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(keys.len(), unique.len(), "{keys:?}");
        assert!(keys.contains(&"messages/a/content".to_owned()));
        assert_eq!(s.message_ids(), ["a"]);
    }

    #[test]
    fn a_notice_is_taken_once_per_flush_and_again_when_it_turns_urgent() {
        let mut s = Store::new(StoreOptions::default());
        let delta = r#"{"action_type":"content.delta","messageId":"a","payload":{"text":"x"}}"#;
        assert_eq!(s.take_notice(), None, "nothing changed");
        s.ingest(delta.as_bytes(), 0);
        assert_eq!(s.take_notice(), Some(false));
        s.ingest(delta.as_bytes(), 1);
        assert_eq!(s.take_notice(), None, "told already");
        s.ingest(
            br#"{"action_type":"message.done","messageId":"a","payload":{}}"#,
            2,
        );
        assert!(s.is_urgent());
        assert_eq!(s.take_notice(), Some(true), "the flush turned urgent");
        assert_eq!(s.take_notice(), None);
        s.take_flush();
        assert_eq!(s.take_notice(), None, "flushed: nothing new");
        s.ingest(delta.as_bytes(), 3);
        assert_eq!(s.take_notice(), Some(false), "a new flush is due");
        s.forget_notice();
        assert_eq!(s.take_notice(), Some(false), "told again after forgetting");
    }

    #[test]
    fn text_and_bytes_frames_apply_alike() {
        let frames = [
            r#"{"action_type":"message.start","messageId":"a","payload":{"role":"assistant"}}"#,
            r#"[{"action_type":"content.delta","messageId":"a","payload":{"text":"caf\u00e9 \"q\"\n"}},
               {"action_type":"content.delta","messageId":"a","payload":{"text":"日本語 😀"}}]"#,
            r#"{"action_type":"sources.add","messageId":"a","payload":{"sources":[{"url":"https://x"}]}}"#,
            r#"{"action_type":"content.delta","messageId":"a","payload":{"text":broken}}"#,
        ];
        let mut by_text = Store::new(StoreOptions::default());
        let mut by_bytes = Store::new(StoreOptions::default());
        for f in frames {
            by_text.ingest_text(f, 0);
            by_bytes.ingest(f.as_bytes(), 0);
        }
        let message = by_text.message("a").unwrap();
        assert_eq!(message.content, "café \"q\"\n日本語 😀");
        assert_eq!(Some(message), by_bytes.message("a"));
        assert_eq!(by_text.errors().len(), 1);
        assert_eq!(by_text.errors(), by_bytes.errors());
    }
}
