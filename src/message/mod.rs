//! One message: its slices, its lifecycle, and the reducer that applies an effect.
//!
//! Lifecycle: `pending → streaming → done | error | cancelled`, and `stale` when a resume
//! failed before the message finished (a snapshot resyncs it). `message.start` reopens a
//! message for regeneration, clearing its slices. A change to a message whose status is
//! final is reported (kind `lifecycle`) and not applied.
//!
//! The reducer answers with [`Changed`]: exactly which slices moved, so the store can
//! version and notify those keys and no sibling. Its JSON shape is docs/message-shape.md.
mod from_json;
mod parts;
mod slice;
#[cfg(test)]
mod tests;
mod to_json;

pub use parts::{
    Args, Elicitation, LogEntry, MessageError, Part, PartKind, Status, ToolCall, ToolStatus,
};
pub use slice::{Changed, MessageLimits, Slice};

use crate::json::Value;
use std::collections::{BTreeMap, VecDeque};

use crate::effect::Effect;
use crate::error::{ErrorKind, ProtocolError};
use crate::slices::{self, json_patch, merge_patch, parts as text_parts, text};

/// One message and all its slices.
#[cfg_attr(
    all(test, not(target_arch = "wasm32")),
    derive(ts_rs::TS),
    ts(export, rename_all = "camelCase")
)]
#[derive(Debug, Clone, PartialEq, Default)]
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
    /// Text, reasoning and tool parts in the order they began (`part.start`, a `part` key).
    pub parts: Vec<Part>,
    /// The error, when status is `error`.
    pub error: Option<MessageError>,
    /// Free-form metadata from `message.start`.
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(type = "unknown"))]
    pub meta: Option<Value>,
    /// Counts changes to `content` or `reasoning` that were not appends (a cumulative
    /// `set` that rewrote, a regeneration, a snapshot), so a reader holding the old text
    /// knows when appending the new tail is not enough. Not part of the JSON.
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(skip))]
    pub text_epoch: u64,
    /// A lone high surrogate that ended the last append to `content`, held until the next
    /// append decides (`slices::text`). Not part of the JSON.
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(skip))]
    pub held_content: Option<u16>,
    /// The same for `reasoning`.
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(skip))]
    pub held_reasoning: Option<u16>,
    /// Custom slices by name (`state.set` / `state.patch`).
    #[cfg_attr(
        all(test, not(target_arch = "wasm32")),
        ts(type = "Record<string, unknown>")
    )]
    pub custom: BTreeMap<String, Value>,
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
        if self.status.is_final() && matches!(effect, Effect::MessageEnsure { .. }) {
            return Ok(Changed::default());
        }
        // Metadata may follow the end (usage, a finish reason sent after it), and so may
        // the answer to a form the ended message waits for (an approval).
        let after_end = matches!(
            effect,
            Effect::MetaPatch(_) | Effect::ToolApproval { .. } | Effect::ElicitationEnd { .. }
        );
        if self.status.is_final() && !reopening && !after_end {
            if self.repeats_final(&effect) {
                return Ok(Changed::default());
            }
            return Err(ProtocolError::new(
                ErrorKind::Lifecycle,
                format!(
                    "message {} is {}; change not applied",
                    self.id,
                    self.status.as_str()
                ),
            ));
        }
        let mut changed = match effect {
            Effect::MessageStart { role, meta } => self.start(role.map(|r| r.into_owned()), meta),
            Effect::ContentDelta(t) => text::append(
                &mut self.content,
                &mut self.held_content,
                &t,
                Slice::Content,
            ),
            Effect::ContentSet(t) => text::set(
                &mut self.content,
                &mut self.held_content,
                &t,
                Slice::Content,
                &mut self.text_epoch,
            ),
            Effect::ReasoningDelta(t) => text::append(
                &mut self.reasoning,
                &mut self.held_reasoning,
                &t,
                Slice::Reasoning,
            ),
            Effect::ReasoningSet(t) => text::set(
                &mut self.reasoning,
                &mut self.held_reasoning,
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
            Effect::ContentPart { text, part } => text_parts::append(
                &mut self.parts,
                &mut self.content,
                &mut self.held_content,
                PartKind::Text,
                &part,
                &text,
                &mut self.text_epoch,
            ),
            Effect::ReasoningPart { text, part } => text_parts::append(
                &mut self.parts,
                &mut self.reasoning,
                &mut self.held_reasoning,
                PartKind::Reasoning,
                &part,
                &text,
                &mut self.text_epoch,
            ),
            Effect::PartStart { kind, key } => {
                let text = match kind {
                    PartKind::Reasoning => &self.reasoning,
                    PartKind::Text | PartKind::Tool => &self.content,
                };
                text_parts::start(&mut self.parts, text, kind, &key)
            }
            Effect::ToolStart { id, name, part } => {
                slices::tools::start(&mut self.tools, &mut self.parts, id, name, part)
            }
            Effect::ToolDelta { call, args_text } => {
                slices::tools::delta(&mut self.tools, &self.parts, &call, &args_text)?
            }
            Effect::ToolInput {
                call,
                args,
                args_text,
            } => slices::tools::input(&mut self.tools, &self.parts, &call, args, args_text)?,
            Effect::ToolApproval {
                call,
                approval_id,
                approved,
                reason,
            } => slices::tools::approval(
                &mut self.tools,
                &self.parts,
                &call,
                approval_id,
                approved,
                reason,
            )?,
            Effect::ToolEnd {
                call,
                result,
                error,
                denied,
            } => slices::tools::end(&mut self.tools, &self.parts, &call, result, error, denied)?,
            Effect::MessageEnsure { role, meta } => self.ensure(role.map(|r| r.into_owned()), meta),
            Effect::MetaPatch(patch) => self.patch_meta(&patch),
            Effect::DataPut {
                slice, id, data, ..
            } => slices::data::put(&mut self.custom, slice, id, data),
            Effect::StateJsonPatch { slice, patch } => self.json_patch_custom(slice, &patch)?,
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

    /// Whether `effect`, on a message whose status is final, is no change rather than a
    /// mistake: the same final status again, or a final status after another (the first
    /// one stands: an agent protocol ends an errored answer with its usual finish event).
    fn repeats_final(&self, effect: &Effect<'_>) -> bool {
        matches!(
            (effect, self.status),
            (Effect::Done, Status::Done) | (Effect::Cancelled, Status::Cancelled)
        ) || matches!(
            (effect, self.status),
            (Effect::Done | Effect::Cancelled, Status::Error) | (Effect::Done, Status::Cancelled)
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

    /// `meta.patch`: RFC 7386 merge patch onto `meta`.
    fn patch_meta(&mut self, patch: &Value) -> Changed {
        let mut meta = self.meta.take().unwrap_or_default();
        let moved = merge_patch::apply(&mut meta, patch);
        self.meta = Some(meta).filter(|m| !m.is_null());
        if moved {
            Changed::of(Slice::Meta)
        } else {
            Changed::default()
        }
    }

    /// `message.ensure`: fills a role or metadata the message lacks; never clears anything.
    fn ensure(&mut self, role: Option<String>, meta: Option<Value>) -> Changed {
        let mut changed = Changed::default();
        if self.role.is_none() && role.is_some() {
            self.role = role;
            changed.add(Slice::Role);
        }
        if self.meta.is_none() && meta.is_some() {
            self.meta = meta;
            changed.add(Slice::Meta);
        }
        changed
    }

    fn json_patch_custom(
        &mut self,
        slice: String,
        patch: &Value,
    ) -> Result<Changed, ProtocolError> {
        let target = self.custom.entry(slice.clone()).or_insert(Value::Null);
        match json_patch::apply(target, patch) {
            Ok(true) => Ok(Changed::of_custom(slice)),
            Ok(false) => Ok(Changed::default()),
            Err(e) => {
                if target.is_null() {
                    self.custom.remove(&slice);
                }
                Err(ProtocolError::new(ErrorKind::Protocol, e))
            }
        }
    }

    fn finish(&mut self, status: Status, error: Option<MessageError>) -> Changed {
        // The streams end: a held surrogate unit will never be completed.
        let mut changed = text::finish(&mut self.content, &mut self.held_content, Slice::Content);
        changed.merge(text::finish(
            &mut self.reasoning,
            &mut self.held_reasoning,
            Slice::Reasoning,
        ));
        changed.merge(slices::tools::finish_all(&mut self.tools));
        if self.status != status {
            self.status = status;
            changed.add(Slice::Status);
        }
        if self.error != error {
            self.error = error;
            changed.add(Slice::Error);
        }
        // A form still open when the message ends is no longer asked, unless the answer is
        // what the message waits for: an approval of one of its tool calls (AI SDK), an
        // interrupt (AG-UI). Those end only when answered (`store.reply`) or withdrawn.
        let waits = self
            .elicitation
            .as_ref()
            .is_some_and(|e| matches!(e.mode.as_deref(), Some("approval" | "interrupt")));
        if !waits && self.elicitation.take().is_some() {
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
        Changed::of_custom(slice)
    }

    fn patch_custom(&mut self, slice: String, patch: &Value) -> Changed {
        let target = self.custom.entry(slice.clone()).or_insert(Value::Null);
        if !merge_patch::apply(target, patch) {
            return Changed::default();
        }
        Changed::of_custom(slice)
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
            (Slice::Parts, self.parts == other.parts),
        ];
        for (slice, same) in pairs {
            if !same {
                c.add(slice);
            }
        }
        // Both maps are sorted by name: the names of `self`, then those only in `other`.
        let only_other = other
            .custom
            .keys()
            .filter(|k| !self.custom.contains_key(*k));
        for name in self.custom.keys().chain(only_other) {
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
