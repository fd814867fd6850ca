//! One message: its slices, its lifecycle, and the reducer that applies an effect.
//!
//! Lifecycle: `pending → streaming → done | error | cancelled`, and `stale` when a resume
//! failed before the message finished (a snapshot resyncs it). `message.start` reopens a
//! message for regeneration, clearing its slices. A change to a message whose status is
//! final is reported (kind `lifecycle`) and not applied.
//!
//! The reducer answers with [`Changed`]: exactly which slices moved, so the store can
//! version and notify those keys and no sibling. Its JSON shape is docs/message-shape.md.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, VecDeque};

use crate::effect::Effect;
use crate::error::{ErrorKind, ProtocolError};
use crate::slices::{self, merge_patch, text};

/// Where a message is in its life.
#[cfg_attr(
    all(test, not(target_arch = "wasm32")),
    derive(ts_rs::TS),
    ts(export, rename = "MessageStatus")
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Status {
    /// Created locally, nothing received yet.
    Pending,
    /// Receiving.
    #[default]
    Streaming,
    /// Finished.
    Done,
    /// Finished with an error.
    Error,
    /// Stopped by the user or the server.
    Cancelled,
    /// Unfinished when a resume failed; waiting for a snapshot.
    Stale,
}

impl Status {
    /// Whether no further change is accepted (until a `message.start` reopens it).
    pub fn is_final(self) -> bool {
        matches!(self, Status::Done | Status::Error | Status::Cancelled)
    }
}

/// A log line of the `logs` slice.
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogEntry {
    /// `info`, `warn`, … (free text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// The line.
    pub text: String,
    /// A timestamp, as the server gave it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(type = "unknown"))]
    pub ts: Option<Value>,
}

/// Where a tool call is.
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ToolStatus {
    /// Started, arguments may still stream.
    #[default]
    Running,
    /// Ended with a result.
    Done,
    /// Ended with an error.
    Error,
}

/// One tool call of the `tools` slice.
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ToolCall {
    /// The call's id.
    pub tool_call_id: String,
    /// The tool's name.
    #[serde(default)]
    pub name: Option<String>,
    /// The arguments' text so far (often JSON streaming in).
    #[serde(default)]
    pub args_text: String,
    /// Running, done or error.
    #[serde(default)]
    pub status: ToolStatus,
    /// The result, once ended.
    #[serde(default)]
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(type = "unknown"))]
    pub result: Option<Value>,
    /// The error, if it failed.
    #[serde(default)]
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(type = "unknown"))]
    pub error: Option<Value>,
}

/// A form the server asks the user to fill (`elicitation` slice).
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Elicitation {
    /// Which form.
    pub elicitation_id: String,
    /// A JSON Schema of the fields.
    #[serde(default)]
    #[cfg_attr(
        all(test, not(target_arch = "wasm32")),
        ts(type = "Record<string, unknown>")
    )]
    pub schema: Value,
    /// `form`, `url`, … (free text).
    #[serde(default)]
    pub mode: Option<String>,
}

/// Why a message ended in error.
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageError {
    /// A machine-readable code.
    #[serde(default)]
    pub code: Option<String>,
    /// What went wrong.
    pub message: String,
}

/// One message and all its slices.
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Message {
    /// The message id.
    pub id: String,
    /// `user`, `assistant`, …
    pub role: Option<String>,
    /// Lifecycle status.
    pub status: Status,
    /// The answer text.
    pub content: String,
    /// The reasoning text.
    pub reasoning: String,
    /// Sources, unique by `id`, else `url`.
    #[cfg_attr(
        all(test, not(target_arch = "wasm32")),
        ts(
            type = "Array<{ id?: string | number | null, url?: string | null, title?: string | null, [field: string]: unknown }>"
        )
    )]
    pub sources: Vec<Value>,
    /// Suggested next questions.
    pub follow_up_questions: Vec<String>,
    /// Citations.
    #[cfg_attr(
        all(test, not(target_arch = "wasm32")),
        ts(type = "Array<Record<string, unknown>>")
    )]
    pub citations: Vec<Value>,
    /// Log lines, newest last, bounded.
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(as = "Vec<LogEntry>"))]
    pub logs: VecDeque<LogEntry>,
    /// Tool calls in start order.
    pub tools: Vec<ToolCall>,
    /// The open form, if any.
    pub elicitation: Option<Elicitation>,
    /// The error, when status is `error`.
    pub error: Option<MessageError>,
    /// Free-form metadata from `message.start`.
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(type = "unknown"))]
    pub meta: Option<Value>,
    /// Counts changes to `content` or `reasoning` that were not appends (a cumulative
    /// `set` that rewrote, a regeneration, a snapshot), so a reader holding the old text
    /// knows when appending the new tail is not enough. Not part of the JSON.
    #[serde(skip)]
    pub text_epoch: u64,
    /// Custom slices by name (`state.set` / `state.patch`).
    #[cfg_attr(
        all(test, not(target_arch = "wasm32")),
        ts(type = "Record<string, unknown>")
    )]
    pub custom: BTreeMap<String, Value>,
}

/// The built-in slices; each is a key `messages/<id>/<name>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Slice {
    /// `content`
    Content,
    /// `reasoning`
    Reasoning,
    /// `sources`
    Sources,
    /// `followUpQuestions`
    FollowUpQuestions,
    /// `citations`
    Citations,
    /// `logs`
    Logs,
    /// `tools`
    Tools,
    /// `elicitation`
    Elicitation,
    /// `status`
    Status,
    /// `error`
    Error,
    /// `role`
    Role,
    /// `meta`
    Meta,
}

impl Slice {
    /// Every built-in slice, in bit order.
    pub const ALL: [Slice; 12] = [
        Slice::Content,
        Slice::Reasoning,
        Slice::Sources,
        Slice::FollowUpQuestions,
        Slice::Citations,
        Slice::Logs,
        Slice::Tools,
        Slice::Elicitation,
        Slice::Status,
        Slice::Error,
        Slice::Role,
        Slice::Meta,
    ];

    /// The slice's key segment.
    pub fn name(self) -> &'static str {
        match self {
            Slice::Content => "content",
            Slice::Reasoning => "reasoning",
            Slice::Sources => "sources",
            Slice::FollowUpQuestions => "followUpQuestions",
            Slice::Citations => "citations",
            Slice::Logs => "logs",
            Slice::Tools => "tools",
            Slice::Elicitation => "elicitation",
            Slice::Status => "status",
            Slice::Error => "error",
            Slice::Role => "role",
            Slice::Meta => "meta",
        }
    }

    /// The built-in slice with that key segment.
    pub fn from_name(name: &str) -> Option<Slice> {
        Slice::ALL.into_iter().find(|s| s.name() == name)
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// Which slices one effect changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changed {
    bits: u16,
    /// Custom slices that changed, by name.
    pub custom: Vec<String>,
}

impl Changed {
    pub(crate) fn of(slice: Slice) -> Self {
        Self {
            bits: slice.bit(),
            custom: Vec::new(),
        }
    }
    pub(crate) fn add(&mut self, slice: Slice) {
        self.bits |= slice.bit();
    }
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.bits == 0 && self.custom.is_empty()
    }
    /// Whether `slice` changed.
    pub fn has(&self, slice: Slice) -> bool {
        self.bits & slice.bit() != 0
    }
    /// The built-in slices that changed.
    pub fn slices(&self) -> impl Iterator<Item = Slice> + '_ {
        Slice::ALL.into_iter().filter(|s| self.has(*s))
    }
}

/// Per-message bounds the reducer keeps.
#[derive(Debug, Clone, Copy)]
pub struct MessageLimits {
    /// The `logs` ring's size.
    pub max_logs: usize,
}

impl Message {
    /// A new streaming message.
    pub fn new(id: &str) -> Self {
        Self {
            id: id.to_owned(),
            ..Self::default()
        }
    }

    /// Applies one message-scoped effect; answers which slices changed.
    pub fn apply(
        &mut self,
        effect: Effect<'_>,
        limits: MessageLimits,
    ) -> Result<Changed, ProtocolError> {
        let reopening = matches!(effect, Effect::MessageStart { .. } | Effect::Snapshot(_));
        if self.status.is_final() && !reopening {
            if self.repeats_final(&effect) {
                return Ok(Changed::default());
            }
            return Err(ProtocolError::new(
                ErrorKind::Lifecycle,
                format!(
                    "message {} is {:?}; change not applied",
                    self.id, self.status
                ),
            ));
        }
        let mut changed = match effect {
            Effect::MessageStart { role, meta } => self.start(role.map(|r| r.into_owned()), meta),
            Effect::ContentDelta(t) => text::append(&mut self.content, &t, Slice::Content),
            Effect::ContentSet(t) => {
                text::set(&mut self.content, &t, Slice::Content, &mut self.text_epoch)
            }
            Effect::ReasoningDelta(t) => text::append(&mut self.reasoning, &t, Slice::Reasoning),
            Effect::ReasoningSet(t) => text::set(
                &mut self.reasoning,
                &t,
                Slice::Reasoning,
                &mut self.text_epoch,
            ),
            Effect::SourcesAdd(v) => slices::sources::add(&mut self.sources, v),
            Effect::SourcesSet(v) => replace(&mut self.sources, v, Slice::Sources),
            Effect::FollowUpSet(v) => {
                replace(&mut self.follow_up_questions, v, Slice::FollowUpQuestions)
            }
            Effect::FollowUpAdd(q) => {
                self.follow_up_questions.push(q);
                Changed::of(Slice::FollowUpQuestions)
            }
            Effect::CitationsAdd(v) => {
                self.citations.extend(v);
                Changed::of(Slice::Citations)
            }
            Effect::LogAppend(entry) => {
                slices::logs::push(&mut self.logs, entry, limits.max_logs);
                Changed::of(Slice::Logs)
            }
            Effect::ToolStart { id, name } => slices::tools::start(&mut self.tools, id, name),
            Effect::ToolDelta { id, args_text } => {
                slices::tools::delta(&mut self.tools, &id, &args_text)?
            }
            Effect::ToolEnd { id, result, error } => {
                slices::tools::end(&mut self.tools, &id, result, error)?
            }
            Effect::ElicitationStart(e) => {
                self.elicitation = Some(e);
                Changed::of(Slice::Elicitation)
            }
            Effect::ElicitationEnd { id } => self.end_elicitation(&id),
            Effect::StateSet { slice, value } => self.set_custom(slice, value),
            Effect::StatePatch { slice, patch } => self.patch_custom(slice, &patch),
            Effect::Snapshot(next) => self.replace_with(*next),
            Effect::Done => self.finish(Status::Done, None),
            Effect::Cancelled => self.finish(Status::Cancelled, None),
            Effect::Error { code, message } => {
                self.finish(Status::Error, Some(MessageError { code, message }))
            }
            _ => Changed::default(),
        };
        if self.status == Status::Pending && !changed.is_empty() {
            self.status = Status::Streaming;
            changed.add(Slice::Status);
        }
        Ok(changed)
    }

    /// Marks an unfinished message stale; answers whether it was unfinished.
    pub fn mark_stale(&mut self) -> bool {
        if self.status.is_final() || self.status == Status::Stale {
            return false;
        }
        self.status = Status::Stale;
        true
    }

    fn repeats_final(&self, effect: &Effect<'_>) -> bool {
        matches!(
            (effect, self.status),
            (Effect::Done, Status::Done) | (Effect::Cancelled, Status::Cancelled)
        )
    }

    fn start(&mut self, role: Option<String>, meta: Option<Value>) -> Changed {
        let fresh = Message {
            id: std::mem::take(&mut self.id),
            // Cloned, not taken: the diff below compares against the current values.
            role: role.or_else(|| self.role.clone()),
            meta: meta.or_else(|| self.meta.clone()),
            text_epoch: self.text_epoch + 1,
            ..Message::default()
        };
        let changed = self.diff(&fresh);
        *self = fresh;
        changed
    }

    fn finish(&mut self, status: Status, error: Option<MessageError>) -> Changed {
        let mut changed = Changed::default();
        if self.status != status {
            self.status = status;
            changed.add(Slice::Status);
        }
        if self.error != error {
            self.error = error;
            changed.add(Slice::Error);
        }
        if self.elicitation.take().is_some() {
            changed.add(Slice::Elicitation);
        }
        changed
    }

    fn end_elicitation(&mut self, id: &str) -> Changed {
        match &self.elicitation {
            Some(e) if e.elicitation_id == id => {
                self.elicitation = None;
                Changed::of(Slice::Elicitation)
            }
            _ => Changed::default(),
        }
    }

    fn set_custom(&mut self, slice: String, value: Value) -> Changed {
        if self.custom.get(&slice) == Some(&value) {
            return Changed::default();
        }
        self.custom.insert(slice.clone(), value);
        Changed {
            bits: 0,
            custom: vec![slice],
        }
    }

    fn patch_custom(&mut self, slice: String, patch: &Value) -> Changed {
        let target = self.custom.entry(slice.clone()).or_insert(Value::Null);
        if !merge_patch::apply(target, patch) {
            return Changed::default();
        }
        Changed {
            bits: 0,
            custom: vec![slice],
        }
    }

    fn replace_with(&mut self, mut next: Message) -> Changed {
        next.id = self.id.clone();
        next.text_epoch = self.text_epoch + 1;
        let changed = self.diff(&next);
        *self = next;
        changed
    }

    /// Which slices differ between `self` and `other`.
    fn diff(&self, other: &Message) -> Changed {
        let mut c = Changed::default();
        let pairs = [
            (Slice::Content, self.content == other.content),
            (Slice::Reasoning, self.reasoning == other.reasoning),
            (Slice::Sources, self.sources == other.sources),
            (
                Slice::FollowUpQuestions,
                self.follow_up_questions == other.follow_up_questions,
            ),
            (Slice::Citations, self.citations == other.citations),
            (Slice::Logs, self.logs == other.logs),
            (Slice::Tools, self.tools == other.tools),
            (Slice::Elicitation, self.elicitation == other.elicitation),
            (Slice::Status, self.status == other.status),
            (Slice::Error, self.error == other.error),
            (Slice::Role, self.role == other.role),
            (Slice::Meta, self.meta == other.meta),
        ];
        for (slice, same) in pairs {
            if !same {
                c.add(slice);
            }
        }
        let names: std::collections::BTreeSet<&String> =
            self.custom.keys().chain(other.custom.keys()).collect();
        for name in names {
            if self.custom.get(name) != other.custom.get(name) {
                c.custom.push(name.clone());
            }
        }
        c
    }
}

fn replace<T: PartialEq>(slot: &mut Vec<T>, next: Vec<T>, slice: Slice) -> Changed {
    if *slot == next {
        return Changed::default();
    }
    *slot = next;
    Changed::of(slice)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::borrow::Cow;

    const LIMITS: MessageLimits = MessageLimits { max_logs: 3 };

    fn msg() -> Message {
        Message::new("m1")
    }

    #[test]
    fn content_delta_after_done_is_reported_not_applied() {
        let mut m = msg();
        m.apply(Effect::ContentDelta(Cow::Borrowed("a")), LIMITS)
            .unwrap();
        m.apply(Effect::Done, LIMITS).unwrap();
        let err = m
            .apply(Effect::ContentDelta(Cow::Borrowed("b")), LIMITS)
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Lifecycle);
        assert_eq!(m.content, "a");
    }

    #[test]
    fn a_second_done_is_a_quiet_no_op() {
        let mut m = msg();
        m.apply(Effect::Done, LIMITS).unwrap();
        assert!(m.apply(Effect::Done, LIMITS).unwrap().is_empty());
    }

    #[test]
    fn message_start_reopens_for_regeneration_and_clears_slices() {
        let mut m = msg();
        m.apply(Effect::ContentDelta(Cow::Borrowed("old")), LIMITS)
            .unwrap();
        m.apply(Effect::FollowUpSet(vec!["q".into()]), LIMITS)
            .unwrap();
        m.apply(Effect::Done, LIMITS).unwrap();
        let c = m
            .apply(
                Effect::MessageStart {
                    role: None,
                    meta: None,
                },
                LIMITS,
            )
            .unwrap();
        assert!(c.has(Slice::Content) && c.has(Slice::FollowUpQuestions) && c.has(Slice::Status));
        assert!(!c.has(Slice::Sources));
        assert_eq!(m.status, Status::Streaming);
        assert_eq!(m.content, "");
    }

    #[test]
    fn error_sets_status_and_error_slices() {
        let mut m = msg();
        let c = m
            .apply(
                Effect::Error {
                    code: Some("X".into()),
                    message: "boom".into(),
                },
                LIMITS,
            )
            .unwrap();
        assert!(c.has(Slice::Status) && c.has(Slice::Error));
        assert_eq!(m.error.as_ref().map(|e| e.message.as_str()), Some("boom"));
    }

    #[test]
    fn logs_are_a_bounded_ring() {
        let mut m = msg();
        for i in 0..5 {
            let entry = LogEntry {
                level: None,
                text: i.to_string(),
                ts: None,
            };
            m.apply(Effect::LogAppend(entry), LIMITS).unwrap();
        }
        let texts: Vec<_> = m.logs.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["2", "3", "4"]);
    }

    #[test]
    fn custom_slices_set_and_merge_patch() {
        let mut m = msg();
        let c = m
            .apply(
                Effect::StateSet {
                    slice: "plan".into(),
                    value: json!({"a": 1, "b": 2}),
                },
                LIMITS,
            )
            .unwrap();
        assert_eq!(c.custom, ["plan"]);
        m.apply(
            Effect::StatePatch {
                slice: "plan".into(),
                patch: json!({"b": null, "c": 3}),
            },
            LIMITS,
        )
        .unwrap();
        assert_eq!(m.custom.get("plan"), Some(&json!({"a": 1, "c": 3})));
        let same = m
            .apply(
                Effect::StateSet {
                    slice: "plan".into(),
                    value: json!({"a": 1, "c": 3}),
                },
                LIMITS,
            )
            .unwrap();
        assert!(same.is_empty());
    }

    #[test]
    fn snapshot_replaces_and_dirties_only_what_differs() {
        let mut m = msg();
        m.apply(Effect::SourcesSet(vec![json!({"id": "s1"})]), LIMITS)
            .unwrap();
        let snap = json!({"id": "ignored", "status": "done", "content": "full",
                          "sources": [{"id": "s1"}]});
        let snap: Message = serde_json::from_value(snap).unwrap();
        let c = m.apply(Effect::Snapshot(Box::new(snap)), LIMITS).unwrap();
        assert!(c.has(Slice::Content) && c.has(Slice::Status));
        assert!(!c.has(Slice::Sources));
        assert_eq!(m.id, "m1");
        assert_eq!(m.status, Status::Done);
    }

    #[test]
    fn elicitation_end_clears_only_the_matching_form() {
        let mut m = msg();
        let form = Elicitation {
            elicitation_id: "e1".into(),
            schema: json!({}),
            mode: None,
        };
        m.apply(Effect::ElicitationStart(form), LIMITS).unwrap();
        assert!(m
            .apply(Effect::ElicitationEnd { id: "other".into() }, LIMITS)
            .unwrap()
            .is_empty());
        assert!(m
            .apply(Effect::ElicitationEnd { id: "e1".into() }, LIMITS)
            .unwrap()
            .has(Slice::Elicitation));
        assert!(m.elicitation.is_none());
    }

    #[test]
    fn pending_becomes_streaming_on_first_change() {
        let mut m = Message {
            status: Status::Pending,
            ..msg()
        };
        let c = m
            .apply(Effect::ContentDelta(Cow::Borrowed("x")), LIMITS)
            .unwrap();
        assert!(c.has(Slice::Status));
        assert_eq!(m.status, Status::Streaming);
    }
}
