//! What agent protocols have beyond messages: the `state` key (an agent's shared state, set
//! whole or by RFC 6902 JSON Patch), the `run` key (a run's lifecycle and steps), events
//! for `store.on` listeners (kept for the next flush, never stored), and which message holds
//! each tool call.
//!
//! A run's end finishes its messages: every message changed since `run.start` that is
//! still open becomes `done` (`cancelled`, for an outcome of that type); a failed run ends
//! them in `error`; an interrupted run leaves them open, since they wait for the user's
//! answer (the interrupt is the message's `elicitation`).

use super::Store;
use crate::effect::Effect;
use crate::error::{ErrorKind, ProtocolError};
use crate::json::{to_string, Value};
use crate::key::Key;
use crate::message::MessageError;
use crate::run::RunStatus;
use crate::slices::json_patch;

/// Messages a run remembers having changed (for finishing them); the oldest are forgotten.
const MAX_RUN_MESSAGES: usize = 256;

/// Events kept for the next flush at most; older ones are dropped (and counted as errors).
pub const MAX_EVENTS: usize = 1024;

impl Store {
    /// Applies an effect on the `state` or `run` key, or an event. `Err` changes nothing.
    pub(super) fn apply_agent(&mut self, effect: Effect<'_>) -> Result<(), ProtocolError> {
        match effect {
            Effect::AgentState(value) if self.agent_state.as_ref() != Some(&value) => {
                self.agent_state = Some(value);
                self.touch_state();
            }
            Effect::AgentPatch(patch) => {
                let mut state = self.agent_state.take().unwrap_or_default();
                let result = json_patch::apply(&mut state, &patch);
                self.agent_state = Some(state);
                if result.map_err(|e| ProtocolError::new(ErrorKind::Protocol, e))? {
                    self.touch_state();
                }
            }
            Effect::RunStart { thread_id, run_id } => {
                self.run_messages.clear();
                self.run = crate::run::RunView {
                    status: RunStatus::Running,
                    thread_id: thread_id.or_else(|| self.run.thread_id.take()),
                    run_id,
                    ..Default::default()
                };
                self.touch_run();
            }
            Effect::RunFinish {
                result,
                outcome,
                usage,
            } => {
                let kind = outcome
                    .as_ref()
                    .and_then(|o| o.get("type"))
                    .and_then(Value::as_str);
                let status = match kind {
                    Some("interrupt") => RunStatus::Interrupted,
                    Some("cancelled") => RunStatus::Cancelled,
                    _ => RunStatus::Finished,
                };
                self.run.status = status;
                self.run.step = None;
                self.run.result = result;
                self.run.outcome = outcome;
                self.run.usage = usage;
                self.touch_run();
                match status {
                    RunStatus::Interrupted => {}
                    RunStatus::Cancelled => self.finish_run_messages(&|| Effect::Cancelled),
                    _ => self.finish_run_messages(&|| Effect::Done),
                }
            }
            Effect::RunError { message, code } => {
                self.run.status = RunStatus::Error;
                self.run.step = None;
                self.run.error = Some(MessageError {
                    code: code.clone(),
                    message: message.clone(),
                });
                self.touch_run();
                self.finish_run_messages(&|| Effect::Error {
                    code: code.clone(),
                    message: message.clone(),
                });
            }
            Effect::StepStart(name) => {
                self.run.step = Some(name);
                self.touch_run();
            }
            Effect::StepFinish(name) if self.run.step.as_deref() == Some(name.as_str()) => {
                self.run.step = None;
                self.touch_run();
            }
            Effect::Event { name, value } => self.emit(name, &value),
            _ => {}
        }
        Ok(())
    }

    /// Keeps an event for the next flush (`takeEvents`): a name and its value as JSON text.
    pub(super) fn emit(&mut self, name: String, value: &Value) {
        if self.events.len() >= MAX_EVENTS {
            self.events.remove(0);
            self.stats.errors += 1;
        }
        self.events.push((name, to_string(value)));
        self.clock.urgent = true;
    }

    /// The events since the last call, oldest first: `(name, value as JSON text)`.
    pub fn take_events(&mut self) -> Vec<(String, String)> {
        std::mem::take(&mut self.events)
    }

    /// Whether events wait for the next flush.
    pub fn has_events(&self) -> bool {
        !self.events.is_empty()
    }

    /// The user answered the open form `elicitation_id` of message `message_id`: it ends
    /// here, and an approval's answer (`approved`) is recorded on its tool call. Answers
    /// whether that form was open.
    pub fn answer(
        &mut self,
        message_id: &str,
        elicitation_id: &str,
        approved: Option<bool>,
        reason: Option<String>,
    ) -> bool {
        let form = self
            .messages
            .get(message_id)
            .and_then(|e| e.message.elicitation.as_ref())
            .filter(|f| f.elicitation_id == elicitation_id)
            .cloned();
        let Some(form) = form else {
            return false;
        };
        if let (Some(approved), Some(call)) = (approved, form.tool_call_id) {
            let approval = Effect::ToolApproval {
                call: crate::effect::ToolRef::id(call),
                approval_id: form.elicitation_id.clone(),
                approved: Some(approved),
                reason,
            };
            if let Err(e) = self.apply_to_message(message_id, approval) {
                self.report(e.with_message(Some(message_id)));
            }
        }
        let end = Effect::ElicitationEnd {
            id: form.elicitation_id,
        };
        self.apply_to_message(message_id, end).is_ok()
    }

    /// The events waiting for the next flush, as one JSON text: `""` when there are none,
    /// else `[[name, value], …]`, oldest first. Taking them empties the queue.
    pub fn take_events_json(&mut self) -> String {
        if self.events.is_empty() {
            return String::new();
        }
        let mut out = String::from("[");
        for (i, (name, value)) in self.events.drain(..).enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push('[');
            crate::json::write_str(&mut out, &name);
            out.push(',');
            out.push_str(&value);
            out.push(']');
        }
        out.push(']');
        out
    }

    /// Remembers that the running run changed message `id`.
    pub(super) fn note_run_message(&mut self, id: &str) {
        if self.run.status != RunStatus::Running || self.run_messages.iter().any(|m| m == id) {
            return;
        }
        if self.run_messages.len() >= MAX_RUN_MESSAGES {
            self.run_messages.remove(0);
        }
        self.run_messages.push(id.to_owned());
    }

    /// Ends every message of the run that is still open with `end`.
    fn finish_run_messages(&mut self, end: &dyn Fn() -> Effect<'static>) {
        for id in std::mem::take(&mut self.run_messages) {
            let open = self
                .messages
                .get(&id)
                .is_some_and(|e| !e.message.status.is_final());
            if open {
                // An open message accepts a final status: nothing to report.
                let _ = self.apply_to_message(&id, end());
            }
        }
    }

    /// The message holding the tool call `id` that a frame of the current source started.
    /// Calls are known per source: a call id is unique within one stream or socket (a
    /// protocol's promise), not across them (two streams may both say `call-1`).
    pub(super) fn tool_owner(&self, id: &str) -> Option<&str> {
        self.tool_owners
            .get(&(self.current.0, id.to_owned()))
            .map(String::as_str)
            .filter(|m| self.messages.contains_key(*m))
    }

    /// Records that message `message` holds the tool call `id` of the current source.
    pub(super) fn own_tool(&mut self, id: &str, message: &str) {
        let key = (self.current.0, id.to_owned());
        if self.tool_owners.get(&key).map(String::as_str) != Some(message) {
            self.tool_owners.insert(key, message.to_owned());
        }
    }

    fn touch_state(&mut self) {
        self.clock.touch(&mut self.fixed.state, || Key::State);
    }

    fn touch_run(&mut self) {
        self.clock.urgent = true;
        self.clock.touch(&mut self.fixed.run, || Key::Run);
    }
}
