//! The client: the store and the connection machine joined, still without IO.
//!
//! The browser driver hands it socket and timer events and frame bytes; it answers with
//! [`Action`]s (open, send, close, arm the timer, ask for the token). In between it keeps
//! the two halves in step: frames go to the store; what the store learns about the
//! session and acks goes to the machine; what the machine says about status, acks and
//! dropped frames goes into the store's keys. One timer serves both: the earliest of the
//! machine's deadline and the store's (gap, typing expiry).
//!
//! Because it is plain Rust, the whole reconnect/resume story is tested on the host with a
//! fake clock (tests at the bottom and in `tests/`).

pub mod frame;
pub mod options;
pub mod share;

use crate::json::{Map, Value};

use crate::connection::{Command, Connection, ConnectionOptions, Event};
use crate::error::{ErrorKind, ProtocolError};
use crate::options::StoreOptions;
use crate::store::{Signal, Store};
use crate::view::{ConnectionView, Direction};
use share::{Part, Post};

/// What the driver must do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Resolve the token (string or function) and answer [`Event::TokenReady`].
    RequestToken {
        /// The attempt it is for.
        generation: u32,
    },
    /// Open a socket. The url may carry the token: never log it.
    Open {
        /// The attempt's generation; tag every event of this socket with it.
        generation: u32,
        /// Where.
        url: String,
    },
    /// Send a text frame on the current socket.
    Send(String),
    /// Close the current socket.
    Close {
        /// Close code.
        code: u16,
        /// Close reason.
        reason: String,
    },
    /// Arm the one timer for this absolute time (ms), replacing any earlier one.
    Schedule(u64),
    /// Disarm the timer.
    CancelTimer,
    /// Post on the share channel (see [`share`]).
    Post(Post),
}

/// The store and the connection machine, joined.
#[derive(Debug)]
pub struct Client {
    store: Store,
    conn: Option<Connection>,
    id_prefix: String,
    next_id: u64,
    machine_timer: Option<u64>,
    armed: Option<u64>,
    /// This tab's part in a shared socket.
    part: Part,
    /// Frames this follower forwarded that the leader has not settled yet.
    unsettled: Vec<crate::share::Forward>,
}

impl Client {
    /// A client; `conn` is `None` for a store fed only through [`Client::ingest`].
    pub fn new(store: StoreOptions, conn: Option<ConnectionOptions>, seed: u64) -> Self {
        Self {
            store: Store::new(store),
            conn: conn.map(|o| Connection::new(o, seed)),
            id_prefix: format!("c{:x}-", seed & 0xffff_ffff),
            next_id: 0,
            machine_timer: None,
            armed: None,
            part: Part::Off,
            unsettled: Vec::new(),
        }
    }

    /// The store (read side).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The store (write side), e.g. to take a flush.
    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// The current socket generation (0 without a connection).
    pub fn generation(&self) -> u32 {
        self.conn.as_ref().map_or(0, Connection::generation)
    }

    /// A socket or timer event, or a user request (`Connect`, `UserClose`, `Online`).
    pub fn handle(&mut self, event: Event, now_ms: u64) -> Vec<Action> {
        let mut out = Vec::new();
        if matches!(event, Event::TimerFired) {
            let resuming = self.store.is_resuming();
            self.store.on_timer(now_ms);
            if resuming && !self.store.is_resuming() {
                // Only a leader's resume has a deadline; its followers take its verdict.
                self.tell(crate::share::Item::ResumeLapsed, &mut out);
            }
        }
        if let Event::TokenReady {
            token: Some(token), ..
        } = &event
        {
            self.store.remember_secret(token);
        }
        let event = match event {
            Event::Opened { generation, .. } => {
                let resume = self
                    .store
                    .begin_resume_at(now_ms)
                    .map(|r| self.encode("resume", resume_payload(&r)));
                if let Some(text) = &resume {
                    self.store.record(Direction::Out, text.as_bytes(), now_ms);
                    self.tell(crate::share::Item::Resume, &mut out);
                }
                Event::Opened { generation, resume }
            }
            // A follower's socket is the leader's.
            Event::Connect if self.is_following() => return self.after(now_ms, out),
            other => other,
        };
        if let Some(conn) = self.conn.as_mut() {
            let cmds = conn.handle(event, now_ms);
            self.carry_out(cmds, &mut out);
        }
        self.after(now_ms, out)
    }

    /// A frame from the socket of `generation`; frames of a superseded socket are dropped.
    pub fn receive(&mut self, generation: u32, bytes: &[u8], now_ms: u64) -> Vec<Action> {
        self.receive_with(generation, now_ms, |store| store.ingest(bytes, now_ms))
    }

    /// [`Client::receive`] for a text message.
    pub fn receive_text(&mut self, generation: u32, text: &str, now_ms: u64) -> Vec<Action> {
        self.receive_with(generation, now_ms, |store| store.ingest_text(text, now_ms))
    }

    fn receive_with(
        &mut self,
        generation: u32,
        now_ms: u64,
        apply: impl FnOnce(&mut Store),
    ) -> Vec<Action> {
        if generation != self.generation() {
            return self.after(now_ms, Vec::new());
        }
        apply(&mut self.store);
        let mut out = Vec::new();
        if let Some(conn) = self.conn.as_mut() {
            let cmds = conn.handle(Event::FrameReceived { generation }, now_ms);
            self.carry_out(cmds, &mut out);
        }
        self.after(now_ms, out)
    }

    /// A frame from any other transport (SSE, a fetch stream, a replay).
    pub fn ingest(&mut self, bytes: &[u8], now_ms: u64) -> Vec<Action> {
        self.store.ingest(bytes, now_ms);
        self.after(now_ms, Vec::new())
    }

    /// [`Client::ingest`] for a frame that is text already.
    pub fn ingest_text(&mut self, text: &str, now_ms: u64) -> Vec<Action> {
        self.store.ingest_text(text, now_ms);
        self.after(now_ms, Vec::new())
    }

    /// Runs `f` on the store (a stream's response, chunk or end; an event), then passes on
    /// what the store signalled (an ack a stream carried) and re-arms the timer.
    pub fn with_store<R>(
        &mut self,
        now_ms: u64,
        f: impl FnOnce(&mut Store) -> R,
    ) -> (R, Vec<Action>) {
        let r = f(&mut self.store);
        (r, self.after(now_ms, Vec::new()))
    }

    /// Sends `action_type` with `payload`; queued while not open. Answers the frame id.
    pub fn send(
        &mut self,
        action_type: &str,
        payload: Value,
        ack: bool,
        now_ms: u64,
    ) -> (String, Vec<Action>) {
        self.send_as(action_type, payload, ack, None, now_ms)
    }

    /// [`Client::send`] with the caller's frame id: `id`, else, for flat frames, the
    /// payload's own id field (`envelope.clientId`, e.g. seed 004's `messageId`), else a
    /// fresh one. A backend that acks by that id settles `acks/<id>`.
    pub fn send_as(
        &mut self,
        action_type: &str,
        payload: Value,
        ack: bool,
        id: Option<String>,
        now_ms: u64,
    ) -> (String, Vec<Action>) {
        let names = self.store.names();
        let own = names
            .payload
            .is_none()
            .then(|| payload.get(&names.client_id))
            .flatten()
            .and_then(|v| match v {
                Value::String(s) if !s.is_empty() => Some(s.clone()),
                Value::Number(n) => Some(n.as_str().to_owned()),
                _ => None,
            });
        let id = match id.or(own) {
            Some(id) => id,
            None => {
                self.next_id += 1;
                format!("{}{}", self.id_prefix, self.next_id)
            }
        };
        let coalesce = frame::typing_key(action_type, &payload);
        let text = frame::encode(self.store.names(), action_type, &id, payload);
        self.store.record(Direction::Out, text.as_bytes(), now_ms);
        if self.is_following() {
            let forward = crate::share::Forward {
                id: id.clone(),
                text,
                ack,
                coalesce,
            };
            let out = self.forward(forward);
            return (id, self.after(now_ms, out));
        }
        let mut out = Vec::new();
        match self.conn.as_mut() {
            Some(conn) => {
                let cmds = conn.send(text, id.clone(), ack, coalesce, now_ms);
                self.carry_out(cmds, &mut out);
            }
            None => self.store.report(
                ProtocolError::new(
                    ErrorKind::Connection,
                    "send() needs a connection: create the store with a `url`",
                )
                .with_action(action_type),
            ),
        }
        (id, self.after(now_ms, out))
    }

    fn encode(&self, action_type: &str, payload: Value) -> String {
        frame::encode(
            self.store.names(),
            action_type,
            &format!("{}{action_type}", self.id_prefix),
            payload,
        )
    }

    /// Turns machine commands into actions and store updates.
    fn carry_out(&mut self, cmds: Vec<Command>, out: &mut Vec<Action>) {
        for cmd in cmds {
            match cmd {
                Command::RequestToken { generation } => {
                    out.push(Action::RequestToken { generation })
                }
                Command::Open { generation, url } => out.push(Action::Open { generation, url }),
                Command::Send { text } => out.push(Action::Send(text)),
                Command::Close { code, reason } => out.push(Action::Close { code, reason }),
                Command::Schedule { at_ms } => self.machine_timer = Some(at_ms),
                Command::CancelTimer => self.machine_timer = None,
                Command::StatusChanged => {
                    if let Some(conn) = self.conn.as_ref() {
                        let view = ConnectionView::from_snapshot(conn.snapshot(), None);
                        self.store.set_connection(view.clone());
                        self.tell(crate::share::Item::Connection(view), out);
                    }
                }
                Command::AckChanged { id } => {
                    if let Some(state) = self.conn.as_ref().and_then(|c| c.ack(&id)).cloned() {
                        self.store.set_ack(&id, state.clone());
                        self.tell(crate::share::Item::Ack(id, state), out);
                    }
                }
                Command::Error { kind, message } => {
                    let kind = if kind == "outbox" {
                        ErrorKind::Outbox
                    } else {
                        ErrorKind::Connection
                    };
                    self.store.report(ProtocolError::new(kind, message));
                }
            }
        }
    }

    /// Passes the store's signals to the machine, then re-arms the one timer.
    fn after(&mut self, now_ms: u64, mut out: Vec<Action>) -> Vec<Action> {
        self.settle_relayed(&mut out);
        // Signals may raise more signals (a Sync sends a frame); a few rounds settle it.
        for _ in 0..4 {
            let signals = self.store.take_signals();
            if signals.is_empty() {
                break;
            }
            for signal in signals {
                self.on_signal(signal, now_ms, &mut out);
            }
        }
        let store_at = self.store.next_deadline();
        let at = match (self.machine_timer, store_at) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if at != self.armed {
            self.armed = at;
            out.push(at.map_or(Action::CancelTimer, Action::Schedule));
        }
        out
    }

    fn on_signal(&mut self, signal: Signal, now_ms: u64, out: &mut Vec<Action>) {
        let event = match signal {
            Signal::SessionReady => Event::SessionReady,
            Signal::Ack {
                id,
                status,
                code,
                error,
            } => Event::AckReceived {
                id,
                status,
                code,
                error,
            },
            Signal::AuthFailed { code } => Event::AuthFailed { code },
            Signal::NeedResume | Signal::Sync(_) if !self.acts_on_resync() => return,
            Signal::NeedResume => {
                let Some(r) = self.store.begin_resume() else {
                    return;
                };
                let (_, actions) = self.send("resume", resume_payload(&r), false, now_ms);
                out.extend(actions);
                return;
            }
            Signal::Sync(message_id) => {
                let (_, actions) = self.send(
                    "sync",
                    object([("messageId", message_id.into())]),
                    false,
                    now_ms,
                );
                out.extend(actions);
                return;
            }
        };
        if let Some(conn) = self.conn.as_mut() {
            let cmds = conn.handle(event, now_ms);
            self.carry_out(cmds, out);
        }
    }
}

/// The payload of a `resume` frame.
fn resume_payload(r: &crate::store::ResumeRequest) -> Value {
    object([
        ("sessionId", r.session_id.as_str().into()),
        ("epoch", r.epoch.into()),
        ("seq", r.seq.into()),
    ])
}

/// An object of the given fields.
fn object<const N: usize>(fields: [(&str, Value); N]) -> Value {
    let mut map = Map::new();
    for (k, v) in fields {
        map.insert(k.to_owned(), v);
    }
    Value::Object(map)
}

#[cfg(test)]
mod tests;
