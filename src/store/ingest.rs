//! Ingest: frame bytes → envelopes → ordering → effects → the store.
//!
//! The hot path. A frame is split (batch or single), each envelope decoded borrowing its
//! bytes, passed through ordering by seq, dispatched on its action type, and only then is
//! its payload decoded into the op's typed shape. Every failure becomes one error entry;
//! nothing that was applied before is touched.

use std::rc::Rc;

use super::{Signal, Store};
use crate::effect::{self, Effect, Op, EMPTY_PAYLOAD, FORBIDDEN_KEY};
use crate::error::{ErrorKind, ProtocolError};
use crate::message::{Message, MessageLimits};
use crate::ordering::Admit;
use crate::protocol::{
    decode_envelope, decode_named, split_frame, split_text, Envelope, EventName, Frame,
};
use crate::routes::{Dispatch, Payload, Route};
use crate::source::SourceId;

impl Store {
    /// Applies one frame (UTF-8 JSON bytes: an envelope or a batch) received at `now_ms`
    /// on the socket ([`SourceId::SOCKET`]).
    pub fn ingest(&mut self, bytes: &[u8], now_ms: u64) {
        self.ingest_from(SourceId::SOCKET, bytes, now_ms);
    }

    /// [`Store::ingest`] for a frame that is text already (a text WebSocket message).
    pub fn ingest_text(&mut self, text: &str, now_ms: u64) {
        self.received(text.as_bytes(), now_ms);
        let frame = split_text(text, self.opts.limits.max_frame_bytes);
        self.apply_frame(frame, None);
    }

    /// [`Store::ingest`] on behalf of `source` (see `crate::source`): its `seq` dedupes
    /// within that source, and the messages it changes are that source's.
    pub fn ingest_from(&mut self, source: SourceId, bytes: &[u8], now_ms: u64) {
        self.current = source;
        self.received(bytes, now_ms);
        let frame = split_frame(bytes, self.opts.limits.max_frame_bytes);
        self.apply_frame(frame, None);
        self.current = SourceId::SOCKET;
    }

    /// Applies a frame that arrived as text with a name beside it (an SSE event, an
    /// `ingestEvent`), on behalf of the current source. An empty text with a name is an
    /// empty payload (`event: done` + `data:`); without one it is nothing.
    pub(super) fn ingest_named(&mut self, text: &str, name: Option<EventName<'_>>, now_ms: u64) {
        let text = match (text.trim_ascii().is_empty(), name) {
            (false, _) => text,
            (true, Some(_)) => EMPTY_PAYLOAD,
            (true, None) => return,
        };
        self.received(text.as_bytes(), now_ms);
        let frame = split_text(text, self.opts.limits.max_frame_bytes);
        self.apply_frame(frame, name);
    }

    pub(super) fn received(&mut self, bytes: &[u8], now_ms: u64) {
        self.now_ms = now_ms;
        self.stats.frames += 1;
        self.record(crate::view::Direction::In, bytes, now_ms);
    }

    fn apply_frame(
        &mut self,
        frame: Result<Frame<'_>, ProtocolError>,
        name: Option<EventName<'_>>,
    ) {
        match frame {
            Err(e) => self.report(e),
            Ok(frame) => {
                for raw in frame.items() {
                    self.ingest_envelope(raw, name);
                }
            }
        }
        self.refresh_stats();
    }

    /// Brings the `stats` key up to date with the ordering's held count.
    pub(super) fn refresh_stats(&mut self) {
        self.stats.held = (self.ordering.held() + self.stale_hold.len()) as u64;
        self.clock
            .touch(&mut self.fixed.stats, || crate::key::Key::Stats);
    }

    fn ingest_envelope(&mut self, raw: &str, name: Option<EventName<'_>>) {
        self.stats.envelopes += 1;
        let env = match decode_named(raw, &self.opts.envelope, name) {
            Ok(env) => env,
            Err(e) => {
                if let Some(seq) = e.seq {
                    // A bad frame still takes its place in the order.
                    if !self.current.is_socket() {
                        self.admit_from_source(seq);
                    } else if self.ordering.admit(seq) == Admit::Apply {
                        self.ordering.applied(seq);
                    }
                }
                self.report(e);
                return;
            }
        };
        let Some(seq) = env.seq else {
            self.apply_envelope(&env);
            return;
        };
        if !self.current.is_socket() {
            // Another source's seq counts its own frames: dedupe, never hold.
            if self.admit_from_source(seq) {
                self.apply_envelope(&env);
            } else {
                self.stats.duplicates += 1;
            }
            return;
        }
        let mut admit = self.ordering.admit(seq);
        if admit == Admit::Overflow && self.ordering.position().is_none() {
            // No baseline yet and no room left to wait for one: the lowest seq starts.
            self.ordering.start(seq);
            self.drain_held();
            admit = self.ordering.admit(seq);
        }
        match admit {
            Admit::Apply => {
                self.apply_envelope(&env);
                self.ordering.applied(seq);
                self.drain_held();
            }
            Admit::Duplicate => self.stats.duplicates += 1,
            Admit::Hold => self.ordering.hold(seq, raw.to_owned(), self.now_ms),
            Admit::Overflow => {
                self.report(
                    ProtocolError::new(
                        ErrorKind::Gap,
                        "more frames past a seq gap than limits.maxHeld; dropped, resume asked",
                    )
                    .with_action(&env.action_type)
                    .with_seq(Some(seq)),
                );
                self.ordering.resume_asked(self.now_ms);
                self.signals.push(Signal::NeedResume);
            }
        }
    }

    /// Applies held frames that are now in order.
    pub(super) fn drain_held(&mut self) {
        while let Some((seq, raw)) = self.ordering.take_next() {
            match decode_envelope(&raw, &self.opts.envelope) {
                Ok(env) => self.apply_envelope(&env),
                Err(e) => self.report(e),
            }
            self.ordering.applied(seq);
        }
    }

    /// Applies one envelope in order, or holds it while its message is stale
    /// (`resync.rs`).
    fn apply_envelope(&mut self, env: &Envelope<'_>) {
        match self.stale_target(env) {
            Some(id) => self.hold_for_snapshot(id, env),
            None => self.apply_envelope_now(env),
        }
    }

    /// Dispatches one envelope; it counts as applied (`stats.applied`) when at least one
    /// of its effects did (`stats.effects`).
    pub(super) fn apply_envelope_now(&mut self, env: &Envelope<'_>) {
        let effects_before = self.stats.effects;
        self.dispatch_envelope(env);
        if self.stats.effects > effects_before {
            self.stats.applied += 1;
        }
    }

    fn dispatch_envelope(&mut self, env: &Envelope<'_>) {
        let payload = env.payload.unwrap_or(EMPTY_PAYLOAD);
        match self.opts.routes.resolve(&env.action_type) {
            Dispatch::Builtin(op) => match effect::decode_text(op, payload) {
                Ok(effect) => {
                    let (id, reference) = (env.message_id.as_deref(), env.reference.as_deref());
                    self.apply_effect(op, id, reference, effect, env, false);
                }
                Err(e) => self.report(context(
                    ProtocolError::new(
                        ErrorKind::Protocol,
                        format!("invalid `{}` payload: {e}", env.action_type),
                    ),
                    env,
                )),
            },
            Dispatch::Route(route) => self.apply_route(&route, payload, env),
            Dispatch::Cases(entry) => match entry.select(routed(payload, env)) {
                Some(route) => self.apply_route(route, payload, env),
                None => self.unrouted(env),
            },
            Dispatch::Unrouted => self.unrouted(env),
        }
    }

    /// An action no route or built-in names: reported, or, for a table that expects
    /// unknown names (a dialect's), only counted.
    fn unrouted(&mut self, env: &Envelope<'_>) {
        if self.opts.routes.quiet {
            self.stats.unknown += 1;
            return;
        }
        self.report(context(
            ProtocolError::new(
                ErrorKind::Unrouted,
                format!("no route for action `{}`; nothing changed", env.action_type),
            ),
            env,
        ));
    }

    /// Applies a routed frame: its whole plan (`Route::plan`), or, when the frame does not
    /// fit the route or a step's payload does not decode, one error and nothing else.
    fn apply_route(&mut self, route: &Route, payload: &str, env: &Envelope<'_>) {
        let (id, reference) = (env.message_id.as_deref(), env.reference.as_deref());
        let minted = &mut self.minted;
        let mut mint = |prefix: &str| {
            *minted += 1;
            let mut id = String::from(prefix);
            id.push('-');
            crate::json::write_u64(&mut id, *minted);
            id
        };
        let plan = match route.plan_minting(routed(payload, env), id, reference, &mut mint) {
            Ok(plan) => plan,
            Err(e) => {
                let msg = e.message(&env.action_type);
                return self.report(context(ProtocolError::new(ErrorKind::Protocol, msg), env));
            }
        };
        let mut effects = Vec::with_capacity(plan.steps.len());
        for step in &plan.steps {
            match effect::decode_fields(step.op, &step.fields) {
                Ok(effect) => effects.push(effect),
                Err(e) => {
                    let msg = route.explain(&env.action_type, step.op, &e);
                    return self.report(context(ProtocolError::new(ErrorKind::Protocol, msg), env));
                }
            }
        }
        for (step, effect) in plan.steps.iter().zip(effects) {
            let (id, reference) = (step.message_id.as_deref(), step.reference.as_deref());
            self.apply_effect(step.op, id, reference, effect, env, step.bind);
        }
        if plan.completes {
            let target = plan.target.as_deref();
            self.apply_effect(Op::MessageDone, target, None, Effect::Done, env, false);
        }
    }

    /// Applies one effect; with `bind`, the message it applied to becomes the current
    /// message of the frame's source.
    fn apply_effect(
        &mut self,
        op: Op,
        message_id: Option<&str>,
        reference: Option<&str>,
        effect: Effect<'_>,
        env: &Envelope<'_>,
        bind: bool,
    ) {
        if has_forbidden_key(&effect) {
            let msg = format!(
                "`{FORBIDDEN_KEY}` keys are not accepted; `{}` not applied",
                env.action_type
            );
            return self.report(context(ProtocolError::new(ErrorKind::Protocol, msg), env));
        }
        if let Effect::DataPut {
            transient: true,
            slice,
            data,
            ..
        } = &effect
        {
            // An event, not state: no message is needed, none is changed.
            self.stats.effects += 1;
            return self.emit(slice.clone(), data);
        }
        if !op.is_message_scoped() {
            self.stats.effects += 1;
            return self.apply_scoped(effect, reference, env);
        }
        let Some(id) = self.target(message_id, &effect) else {
            let msg = format!(
                "`{}` needs a message id (field `{}`)",
                env.action_type, self.opts.envelope.message_id
            );
            return self.report(context(ProtocolError::new(ErrorKind::Protocol, msg), env));
        };
        let started = match &effect {
            Effect::ToolStart { id, .. } => Some(id.clone()),
            _ => None,
        };
        match self.apply_to_message(&id, effect) {
            Ok(()) => {
                self.stats.effects += 1;
                if let Some(tool) = started {
                    self.own_tool(&tool, &id);
                }
                if matches!(op, Op::MessageSnapshot | Op::MessageStart) {
                    self.settle_stale(&id);
                }
                if bind {
                    let bound = match id {
                        MessageRef::Shared(rc) => rc,
                        other => Rc::from(&*other),
                    };
                    if let Some(source) = self.sources.get_mut(self.current) {
                        source.current_message = Some(bound);
                    }
                }
            }
            Err(e) => self.report(context(e, env).with_message(Some(&id))),
        }
    }

    /// The message a message-scoped effect is for: the one holding the tool call it names,
    /// else the id the frame gives, else its source's current message (bound by a route
    /// with `bind`).
    fn target<'e>(
        &self,
        message_id: Option<&'e str>,
        effect: &Effect<'_>,
    ) -> Option<MessageRef<'e>> {
        let call = match effect {
            Effect::ToolDelta { call, .. }
            | Effect::ToolInput { call, .. }
            | Effect::ToolApproval { call, .. }
            | Effect::ToolEnd { call, .. } => call.id.as_deref(),
            Effect::ElicitationStart(form) => form.tool_call_id.as_deref(),
            Effect::ToolStart { id, .. } => Some(id.as_str()),
            _ => None,
        };
        if let Some(owner) = call.and_then(|id| self.tool_owner(id)) {
            return Some(MessageRef::Owned(owner.to_owned()));
        }
        if let Some(id) = message_id.filter(|id| !id.is_empty()) {
            return Some(MessageRef::Borrowed(id));
        }
        let source = self.sources.get(self.current)?;
        source.current_message.clone().map(MessageRef::Shared)
    }

    /// Applies a message-scoped effect, creating the message if it is new.
    pub(super) fn apply_to_message(
        &mut self,
        id: &str,
        effect: Effect<'_>,
    ) -> Result<(), ProtocolError> {
        let urgent = matches!(
            effect,
            Effect::MessageStart { .. }
                | Effect::Done
                | Effect::Error { .. }
                | Effect::Cancelled
                | Effect::Snapshot(_)
                | Effect::ElicitationStart(_)
                | Effect::ElicitationEnd { .. }
                | Effect::ToolApproval { .. }
                | Effect::MessageEnsure { .. }
        );
        let limits = MessageLimits {
            max_logs: self.opts.limits.max_logs_per_message,
        };
        if let Some(entry) = self.messages.get_mut(id) {
            let changed = entry.message.apply(effect, limits)?;
            entry.mark(&changed, &mut self.clock);
        } else if self.evicted.contains(id) && !reopens(&effect) {
            return Err(ProtocolError::new(
                ErrorKind::Lifecycle,
                format!(
                    "message {id} was evicted (limits.maxMessages); a late frame is not applied \
                     (a message.start or message.snapshot brings it back)"
                ),
            ));
        } else {
            self.evicted.remove(id);
            let mut message = Message::new(id);
            message.apply(effect, limits)?;
            self.insert(message);
        }
        self.clock.urgent |= urgent;
        self.note_run_message(id);
        if self.current.is_stream() {
            if let Some(source) = self.sources.get_mut(self.current) {
                source.touch(id);
            }
        }
        Ok(())
    }
}

/// Whether `effect` defines a whole message anew, so it may bring back an evicted id.
fn reopens(effect: &Effect<'_>) -> bool {
    matches!(effect, Effect::MessageStart { .. } | Effect::Snapshot(_))
}

/// A message id as `target` found it: borrowed from the frame, shared with the source that
/// bound it (no copy per frame), or copied.
enum MessageRef<'e> {
    Borrowed(&'e str),
    Shared(Rc<str>),
    Owned(String),
}

impl std::ops::Deref for MessageRef<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            MessageRef::Borrowed(s) => s,
            MessageRef::Shared(s) => s,
            MessageRef::Owned(s) => s,
        }
    }
}

/// The payload a route reads: its text, with a flat frame's members as the envelope read them.
fn routed<'t>(payload: &'t str, env: &'t Envelope<'t>) -> Payload<'t> {
    Payload {
        text: payload,
        members: &env.fields,
    }
}

fn context(e: ProtocolError, env: &Envelope<'_>) -> ProtocolError {
    let e = e.with_seq(env.seq).with_message(env.message_id.as_deref());
    if e.action_type.is_some() {
        return e;
    }
    e.with_action(&env.action_type)
}

fn has_forbidden_key(effect: &Effect<'_>) -> bool {
    let walk = effect::has_forbidden_key;
    match effect {
        Effect::MessageStart { meta, .. } => meta.as_ref().is_some_and(walk),
        Effect::SourcesAdd(v) | Effect::SourcesSet(v) | Effect::CitationsAdd(v) => {
            v.iter().any(walk)
        }
        Effect::LogAppend(l) => l.ts.as_ref().is_some_and(walk),
        Effect::ToolEnd { result, error, .. } => {
            result.as_ref().is_some_and(walk) || error.as_ref().is_some_and(walk)
        }
        Effect::MessageEnsure { meta, .. } => meta.as_ref().is_some_and(walk),
        Effect::ToolInput { args, .. } => args.as_ref().is_some_and(walk),
        Effect::DataPut { slice, data, .. } => slice == FORBIDDEN_KEY || walk(data),
        Effect::StateJsonPatch { slice, patch } => slice == FORBIDDEN_KEY || walk(patch),
        Effect::MetaPatch(v) | Effect::AgentState(v) | Effect::AgentPatch(v) => walk(v),
        Effect::Event { value, .. } => walk(value),
        Effect::RunFinish {
            result,
            outcome,
            usage,
        } => [result, outcome, usage]
            .iter()
            .any(|v| v.as_ref().is_some_and(walk)),
        Effect::ElicitationStart(e) => walk(&e.schema),
        Effect::StateSet { slice, value } => slice == FORBIDDEN_KEY || walk(value),
        Effect::StatePatch { slice, patch } => slice == FORBIDDEN_KEY || walk(patch),
        // Checked while decoding (effect::decode), before the typed decode drops keys.
        Effect::Snapshot(_) => false,
        _ => false,
    }
}
