//! One authenticated connection's handling of client frames: which session it is on, and what
//! each [`Command`] does.
//!
//! Seq'd frames (acks, message frames) go through the session so they are buffered for resume;
//! connection-scoped ones (`pong`, `session.error`, `resume.failed`) go straight to this
//! connection's writer and carry no seq.

use std::sync::Arc;
use std::time::Duration;

use serde_json::json;

use crate::chat;
use crate::command::{parse_text, ClientFrame, Command, Invalid, Resume};
use crate::hub::ConnHandle;
use crate::protocol::{ack_payload, ack_status, action, error_code, Frame, MAX_CLIENT_FRAME_BYTES};
use crate::session::{Live, Session};
use crate::state::AppState;
use crate::writer::Outbound;

/// A live connection and the session it is attached to.
pub struct Connection {
    state: AppState,
    conn: Arc<ConnHandle>,
    session: Arc<Session>,
    tick: Duration,
}

impl Connection {
    /// Attaches `conn` to a fresh session and sends `session.ready`.
    pub fn open(state: AppState, conn: Arc<ConnHandle>, tick: Duration) -> Self {
        let session = state.registry.create(&conn.user);
        conn.set_session_id(&session.id);
        session.attach_fresh(Live {
            conn_id: conn.id,
            outbox: conn.outbox.clone(),
        });
        Connection {
            state,
            conn,
            session,
            tick,
        }
    }

    /// Handles one WebSocket text (or binary UTF-8) message from the client.
    pub fn handle_text(&mut self, text: &str) {
        if self.refuse_oversize(text.len()) {
            return;
        }
        for frame in parse_text(text) {
            match frame {
                Ok(frame) => self.handle(frame),
                Err(Invalid { id, message }) => self.validation_error(id, message),
            }
        }
    }

    /// Handles bytes that should be UTF-8 JSON.
    pub fn handle_bytes(&mut self, bytes: &[u8]) {
        if self.refuse_oversize(bytes.len()) {
            return;
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => self.handle_text(text),
            Err(_) => self.validation_error(None, "binary frame is not UTF-8".into()),
        }
    }

    /// Answers a frame of `len` bytes over [`MAX_CLIENT_FRAME_BYTES`] with `session.error`;
    /// returns whether it was one.
    fn refuse_oversize(&self, len: usize) -> bool {
        if len <= MAX_CLIENT_FRAME_BYTES {
            return false;
        }
        let message =
            format!("a frame of {len} bytes exceeds the limit of {MAX_CLIENT_FRAME_BYTES}");
        self.session_error(None, error_code::FRAME_TOO_LARGE, message);
        true
    }

    /// Detaches from the session (which lives on for its ttl) and leaves the hub.
    pub fn close(self) {
        self.session.detach(self.conn.id);
        self.state.hub.remove(self.conn.id);
    }

    fn handle(&mut self, frame: ClientFrame) {
        let ClientFrame { id, command } = frame;
        match command {
            Command::Chat(chat) => {
                if let Some(conversation) = &chat.conversation_id {
                    self.conn.set_conversation(conversation);
                }
                chat::handle(
                    &self.state,
                    &self.session,
                    &self.conn.user,
                    id,
                    chat,
                    self.tick,
                );
            }
            Command::Stop { message_id } => {
                // A stop for a reply that already ended is harmless: acked, nothing else.
                // `delivered` once it took effect: the client's `sendAndWait` waits for a final
                // status, and would otherwise wait out its delivered-grace.
                self.session.stop_reply(&message_id);
                self.ack_delivered(id);
            }
            Command::Submit {
                elicitation_id,
                values,
            } => {
                if self.session.submit_elicitation(&elicitation_id, values) {
                    self.ack_delivered(id);
                } else {
                    let error = format!("no open elicitation {elicitation_id}");
                    self.ack(
                        id,
                        ack_status::ERROR,
                        Some(error_code::NOT_FOUND),
                        Some(&error),
                    );
                }
            }
            Command::Typing {
                started,
                conversation_id,
            } => self.typing(started, conversation_id),
            Command::Ping => self.direct(Frame::new(action::PONG, json!({})).with_ref(id)),
            Command::Resume(resume) => self.resume(id, resume),
            Command::Sync { message_id } => {
                if !self.session.emit_snapshot(&message_id, id.clone()) {
                    let message = format!("unknown message {message_id}");
                    self.session_error(id, error_code::NOT_FOUND, message);
                }
            }
            Command::Unknown(name) => {
                self.validation_error(id, format!("unknown action_type {name:?}"));
            }
        }
    }

    fn typing(&self, started: bool, conversation_id: Option<String>) {
        if let Some(conversation) = &conversation_id {
            self.conn.set_conversation(conversation);
        }
        let conversation = self.conn.conversation();
        let name = if started {
            action::TYPING_START
        } else {
            action::TYPING_STOP
        };
        let payload = json!({"userId": self.conn.user, "conversationId": conversation});
        let text = Frame::new(name, payload).encode(None);
        self.state.hub.broadcast(self.conn.id, &conversation, &text);
    }

    /// Moves this connection to the session named in `resume`, or answers `resume.failed` and
    /// stays where it is. The current session is detached first and re-attached (with what it
    /// emitted meanwhile) on failure, so frames of two sessions never interleave.
    fn resume(&mut self, id: Option<String>, resume: Resume) {
        let live = Live {
            conn_id: self.conn.id,
            outbox: self.conn.outbox.clone(),
        };
        let detached_at = self.session.detach(self.conn.id);
        let outcome = self
            .state
            .registry
            .find_for_resume(&resume.session_id, resume.epoch, &self.conn.user)
            .and_then(|target| {
                target.resume(live.clone(), resume.epoch, resume.seq, id.clone())?;
                Ok(target)
            });
        match outcome {
            Ok(target) => {
                if target.id != self.session.id {
                    self.state.registry.discard(&self.session.id);
                }
                self.conn.set_session_id(&target.id);
                self.session = target;
            }
            Err(failure) => {
                self.session.reattach(live, detached_at);
                let payload = json!({"reason": failure.as_str()});
                self.direct(Frame::new(action::RESUME_FAILED, payload).with_ref(id));
            }
        }
    }

    /// `received`, then `delivered`: the frame took effect.
    fn ack_delivered(&self, id: Option<String>) {
        self.ack(id.clone(), ack_status::RECEIVED, None, None);
        self.ack(id, ack_status::DELIVERED, None, None);
    }

    fn ack(&self, id: Option<String>, status: &str, code: Option<&str>, error: Option<&str>) {
        if id.is_some() {
            let payload = ack_payload(status, code, error);
            self.session
                .emit(Frame::new(action::ACK, payload).with_ref(id));
        }
    }

    fn validation_error(&self, id: Option<String>, message: String) {
        // A frame with an id may be waiting for its ack: fail it, so the client stops waiting.
        self.ack(
            id.clone(),
            ack_status::ERROR,
            Some(error_code::VALIDATION_ERROR),
            Some(&message),
        );
        self.session_error(id, error_code::VALIDATION_ERROR, message);
    }

    fn session_error(&self, id: Option<String>, code: &str, message: String) {
        let payload = json!({"code": code, "message": message});
        self.direct(Frame::new(action::SESSION_ERROR, payload).with_ref(id));
    }

    fn direct(&self, frame: Frame) {
        let _ = self.conn.outbox.send(Outbound::Frame {
            text: frame.encode(None).into(),
            seq: None,
        });
    }
}
