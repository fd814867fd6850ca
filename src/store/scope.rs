//! Connection-scoped effects (`session.ready`, `ack`, typing, `resume.failed`, …), the
//! resume handshake, timers, and what the store tells the connection glue.
//!
//! The store is where the protocol's meaning lives; the connection machine only moves
//! bytes and time. So the store decides what a `session.ready` means and answers with
//! [`Signal`]s that the glue turns into connection events and frames.

use super::{Store, MAX_ACKS};
use crate::connection::{AckState, AckStatus};
use crate::effect::Effect;
use crate::error::{ErrorKind, ProtocolError};
use crate::key::Key;
use crate::message::Slice;
use crate::ordering::GapAction;
use crate::protocol::Envelope;
use crate::session::Ready;
use crate::view::{ConnectionView, TypingEntry};

/// How long a `typing.start` lasts without a `typing.stop` (the seed spec's 5 s, plus slack).
pub const TYPING_TTL_MS: u64 = 6000;

/// What the store asks of the connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signal {
    /// A session is ready (new or resumed): the backoff may reset.
    SessionReady,
    /// An `ack` for a client frame arrived.
    Ack {
        /// The client frame id.
        id: String,
        /// Its new status.
        status: AckStatus,
        /// Error code.
        code: Option<String>,
        /// Error text.
        error: Option<String>,
    },
    /// The server refused our credentials: stop reconnecting.
    AuthFailed {
        /// `AUTH_FAILED` or `AUTH_REQUIRED`.
        code: String,
    },
    /// A seq gap needs the server to resume from our position.
    NeedResume,
    /// Ask the server for a snapshot of this message (`sync {messageId}`).
    Sync(String),
}

/// The `resume` frame's payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResumeRequest {
    /// The session to resume.
    pub session_id: String,
    /// Its epoch.
    pub epoch: u64,
    /// The last seq applied.
    pub seq: u64,
}

impl Store {
    pub(super) fn apply_scoped(
        &mut self,
        effect: Effect<'_>,
        reference: Option<&str>,
        env: &Envelope<'_>,
    ) {
        match effect {
            Effect::SessionReady {
                session_id,
                epoch,
                seq,
            } => match self.session.ready(session_id.clone(), epoch, seq) {
                Ready::Adopt(seq) => {
                    self.ordering.reset(Some(seq));
                    self.set_session_id(Some(session_id));
                    self.signals.push(Signal::SessionReady);
                    // Frames held for want of a baseline may be in order now.
                    self.drain_held();
                }
                Ready::Resumed => {
                    self.resume_sent_at = None;
                    self.signals.push(Signal::SessionReady);
                }
                Ready::Candidate => {}
            },
            Effect::SessionError { code, message } => {
                if code == "AUTH_FAILED" || code == "AUTH_REQUIRED" {
                    self.signals.push(Signal::AuthFailed { code: code.clone() });
                }
                self.report(ProtocolError::new(
                    ErrorKind::Session,
                    format!("{code}: {message}"),
                ));
            }
            Effect::Ack {
                status,
                code,
                error,
            } => {
                let Some(id) = reference else {
                    let e = ProtocolError::new(
                        ErrorKind::Protocol,
                        "`ack` needs a `ref` naming the client frame",
                    );
                    return self.report(e.with_action(&env.action_type).with_seq(env.seq));
                };
                let status = match status.as_str() {
                    "received" => AckStatus::Received,
                    "delivered" => AckStatus::Delivered,
                    "error" => AckStatus::Error,
                    other => {
                        let e = ProtocolError::new(
                            ErrorKind::Protocol,
                            format!("ack status `{other}` is not received, delivered or error"),
                        );
                        return self.report(e.with_action(&env.action_type).with_seq(env.seq));
                    }
                };
                let state = AckState {
                    status,
                    code: code.clone(),
                    error: error.clone(),
                };
                let finished = self
                    .acks
                    .get(id)
                    .is_some_and(|(a, _)| a.status.is_finished() && a.status != AckStatus::Timeout);
                if !finished {
                    self.set_ack(id, state);
                }
                self.signals.push(Signal::Ack {
                    id: id.to_owned(),
                    status,
                    code,
                    error,
                });
            }
            Effect::TypingStart {
                user_id,
                conversation_id,
            } => {
                let until_ms = self.now_ms.saturating_add(TYPING_TTL_MS);
                let found = self
                    .typing
                    .iter_mut()
                    .find(|t| t.user_id == user_id && t.conversation_id == conversation_id);
                match found {
                    Some(entry) => entry.until_ms = until_ms,
                    None => {
                        self.typing.push(TypingEntry {
                            user_id,
                            conversation_id,
                            until_ms,
                        });
                        self.touch_typing();
                    }
                }
            }
            Effect::TypingStop {
                user_id,
                conversation_id,
            } => {
                let before = self.typing.len();
                self.typing
                    .retain(|t| !(t.user_id == user_id && t.conversation_id == conversation_id));
                if self.typing.len() != before {
                    self.touch_typing();
                }
            }
            Effect::ResumeFailed { reason } => self.resume_failed(&reason),
            Effect::AgentState(_)
            | Effect::AgentPatch(_)
            | Effect::RunStart { .. }
            | Effect::RunFinish { .. }
            | Effect::RunError { .. }
            | Effect::StepStart(_)
            | Effect::StepFinish(_)
            | Effect::Event { .. } => {
                if let Err(e) = self.apply_agent(effect) {
                    self.report(e.with_action(&env.action_type).with_seq(env.seq));
                }
            }
            _ => {}
        }
    }

    fn touch_typing(&mut self) {
        self.clock.touch(&mut self.fixed.typing, || Key::Typing);
    }

    fn set_session_id(&mut self, id: Option<String>) {
        if self.connection.session_id != id {
            self.connection.session_id = id;
            self.clock
                .touch(&mut self.fixed.connection, || Key::Connection);
            self.clock.urgent = true;
        }
    }

    pub(super) fn resume_failed(&mut self, reason: &str) {
        self.resume_sent_at = None;
        let adopted = self.session.resume_failed();
        if adopted.is_some() {
            // The fresh session the server announced is the one followed now.
            self.signals.push(Signal::SessionReady);
        }
        self.ordering.reset(adopted);
        let session_id = self.session.current().map(|s| s.id.clone());
        self.set_session_id(session_id);
        self.report(ProtocolError::new(
            ErrorKind::Session,
            format!("resume failed ({reason}); unfinished messages are stale until resynced"),
        ));
        self.resync_unfinished();
    }

    /// Marks every unfinished message stale and asks the server for its snapshot: what
    /// was lost (a failed resume, a gap given up on) is not known message by message.
    fn resync_unfinished(&mut self) {
        let mut stale = Vec::new();
        for id in &self.order {
            if let Some(entry) = self.messages.get_mut(id) {
                if entry.message.mark_stale() {
                    let mut changed = crate::message::Changed::default();
                    changed.add(Slice::Status);
                    entry.mark(&changed, &mut self.clock);
                    stale.push(id.clone());
                }
            }
        }
        self.signals.extend(stale.into_iter().map(Signal::Sync));
        self.clock.urgent = true;
    }

    /// Starts a resume after a reconnect: the frame's payload, if there is a session.
    pub fn begin_resume(&mut self) -> Option<ResumeRequest> {
        let seq = self.ordering.position().unwrap_or(0);
        let current = self.session.begin_resume()?;
        Some(ResumeRequest {
            session_id: current.id.clone(),
            epoch: current.epoch,
            seq,
        })
    }

    /// [`Store::begin_resume`] for the `resume` sent first on a new socket at `now_ms`: if
    /// neither a `session.ready` confirming it nor a `resume.failed` arrives within
    /// `limits.gapMs`, the resume counts as failed (see [`Store::on_timer`]).
    pub fn begin_resume_at(&mut self, now_ms: u64) -> Option<ResumeRequest> {
        let request = self.begin_resume()?;
        self.resume_sent_at = Some(now_ms);
        Some(request)
    }

    /// A resume asked on the live socket for a gap: the same frame, without resetting
    /// the handshake's candidate.
    pub fn resume_position(&self) -> Option<ResumeRequest> {
        let current = self.session.current()?;
        let seq = self.ordering.position().unwrap_or(0);
        Some(ResumeRequest {
            session_id: current.id.clone(),
            epoch: current.epoch,
            seq,
        })
    }

    /// When an unanswered `resume` counts as failed.
    fn resume_deadline(&self) -> Option<u64> {
        let sent = self.resume_sent_at.filter(|_| self.session.resuming())?;
        Some(sent.saturating_add(self.opts.limits.gap_ms))
    }

    /// Hands out the signals raised since the last call.
    pub fn take_signals(&mut self) -> Vec<Signal> {
        std::mem::take(&mut self.signals)
    }

    /// Sets the `connection` key (from the connection machine), keeping the session id.
    pub fn set_connection(&mut self, mut view: ConnectionView) {
        view.session_id = self.connection.session_id.clone();
        view.last_error = self.secrets.scrub_some(view.last_error);
        view.share = self.connection.share.clone();
        if view != self.connection {
            if view.status != self.connection.status {
                self.clock.urgent = true;
            }
            self.connection = view;
            self.clock
                .touch(&mut self.fixed.connection, || Key::Connection);
        }
    }

    /// Sets `connection.share` (this tab's part in a shared socket, see `crate::share`).
    pub fn set_share(&mut self, share: Option<crate::share::view::ShareView>) {
        if self.connection.share != share {
            self.connection.share = share;
            self.clock
                .touch(&mut self.fixed.connection, || Key::Connection);
            self.clock.urgent = true;
        }
    }

    /// Sets `acks/<id>` (from the connection machine or an `ack` frame).
    pub fn set_ack(&mut self, id: &str, mut state: AckState) {
        state.code = self.secrets.scrub_some(state.code);
        state.error = self.secrets.scrub_some(state.error);
        match self.acks.get_mut(id) {
            Some((current, _)) if *current == state => return,
            Some((current, version)) => {
                *current = state;
                self.clock.touch(version, || Key::Ack(id.to_owned()));
            }
            None => {
                let mut version = 0;
                self.clock.touch(&mut version, || Key::Ack(id.to_owned()));
                self.acks.insert(id.to_owned(), (state, version));
                self.ack_order.push_back(id.to_owned());
                while self.ack_order.len() > MAX_ACKS {
                    if let Some(old) = self.ack_order.pop_front() {
                        self.acks.remove(&old);
                        self.clock.maybe_twice = true;
                        self.clock.dirty.push(Key::Ack(old));
                    }
                }
            }
        }
        self.clock.urgent = true;
    }

    /// The earliest time the store needs [`Store::on_timer`] (a gap, a stale message's
    /// wait for its snapshot, or typing expiry).
    pub fn next_deadline(&self) -> Option<u64> {
        let typing = self.typing.iter().map(|t| t.until_ms).min();
        let resume = self.resume_deadline();
        [
            self.ordering.deadline(),
            self.stale_deadline(),
            resume,
            typing,
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// Handles what is due at `now_ms`: lapsed typing entries and an open seq gap.
    pub fn on_timer(&mut self, now_ms: u64) {
        self.now_ms = now_ms;
        let before = self.typing.len();
        self.typing.retain(|t| t.until_ms > now_ms);
        if self.typing.len() != before {
            self.touch_typing();
        }
        if self.resume_deadline().is_some_and(|at| at <= now_ms) {
            let wait = self.opts.limits.gap_ms;
            self.resume_failed(&format!(
                "no answer to resume within limits.gapMs ({wait} ms)"
            ));
        }
        self.stale_timer(now_ms);
        match self.ordering.on_timer(now_ms) {
            Some(GapAction::Resume) => self.signals.push(Signal::NeedResume),
            Some(GapAction::Start) => {
                self.drain_held();
                self.refresh_stats();
            }
            Some(GapAction::Skip { from, to }) => {
                self.report(ProtocolError::new(
                    ErrorKind::Gap,
                    format!("frames {from}..={to} never arrived; applied what followed them, resyncing unfinished messages"),
                ));
                self.drain_held();
                self.refresh_stats();
                self.resync_unfinished();
            }
            None => {}
        }
    }
}
