//! The sans-IO connection machine: reconnection, heartbeat, offline queue and acks.
//!
//! [`Connection`] never touches a socket, a timer or a clock. It takes [`Event`]s (plus the
//! current time) and returns [`Command`]s; the browser driver carries them out with web-sys
//! and feeds back what happened. So every policy below is tested on the host with a fake
//! clock, the way phoenix's `socket.js` is tested with a fake transport.
//!
//! Lifecycle: `idle --Connect--> connecting --Opened--> open --close/heartbeat death-->
//! reconnecting --delay--> connecting ...`; `closed` after [`Event::UserClose`]; `failed` after
//! an auth failure, a policy-violation close, or `max_retries` exhausted.
//!
//! - **Generations.** Every connection attempt gets a new generation; the driver tags each
//!   socket event with the generation of the socket it came from, and events of an older
//!   generation are ignored. A superseded socket's late `close` cannot start a second
//!   reconnect loop (phoenix's `connectClock`).
//! - **Close policy.** Any close the user did not ask for reconnects, including a clean 1000
//!   from the server: servers close cleanly when they restart or deploy, and the app still
//!   wants its stream. The exceptions are 4401/4403 (auth) and 1008 (policy violation), which
//!   would fail again the same way: those go to `failed`.
//! - **Backoff** ([`backoff`]): the attempt counter resets on `session.ready`, not on socket
//!   open, so a server that accepts and immediately drops still backs off.
//! - **One timer.** The driver keeps a single timer; after each call the machine re-arms it
//!   for the earliest deadline (reconnect, ping, heartbeat timeout, ack timeout) if that moved.

pub mod ack;
pub mod backoff;
pub mod heartbeat;
pub mod options;
pub mod outbox;
pub mod token;
mod transition;
mod types;

#[cfg(test)]
mod tests;

pub use ack::{AckState, AckStatus};
pub use options::{ConnectionOptions, TokenMode};
pub use types::{Command, ConnectionSnapshot, Event, Status};

use self::ack::AckTracker;
use self::backoff::Backoff;
use self::heartbeat::Heartbeat;
use self::outbox::{Outbox, Pushed, Queued};

/// Close code the client uses for a close the user asked for.
pub const CLOSE_NORMAL: u16 = 1000;
/// Server close code: policy violation; not retried.
pub const CLOSE_POLICY_VIOLATION: u16 = 1008;
/// Client close code for a socket that stopped answering the heartbeat.
pub const CLOSE_HEARTBEAT_TIMEOUT: u16 = 4000;
/// Server close code: authentication failed; not retried.
pub const CLOSE_AUTH_FAILED: u16 = 4401;
/// Server close code: authenticated but forbidden; not retried.
pub const CLOSE_AUTH_FORBIDDEN: u16 = 4403;
/// Close reason sent on a user close.
pub const REASON_USER_CLOSE: &str = "client closed";
/// Close reason sent on heartbeat death.
pub const REASON_HEARTBEAT_TIMEOUT: &str = "heartbeat timeout";
/// Close reason sent after a `session.error` auth failure.
pub const REASON_AUTH_FAILED: &str = "authentication failed";
/// `kind` of the error entry reported when the outbox drops a frame.
pub const ERROR_KIND_OUTBOX: &str = "outbox";

/// The connection state machine. See the module docs.
pub struct Connection {
    options: ConnectionOptions,
    status: Status,
    attempt: u32,
    generation: u32,
    next_retry_at: Option<u64>,
    last_error: Option<String>,
    /// Connecting and waiting for the driver's `TokenReady`/`TokenFailed`.
    awaiting_token: bool,
    /// The latest token: sent in the auth frame (Frame mode) and scrubbed from error text.
    token: Option<String>,
    /// What the driver's single timer is armed for.
    timer: Option<u64>,
    backoff: Backoff,
    outbox: Outbox,
    acks: AckTracker,
    heartbeat: Heartbeat,
}

impl std::fmt::Debug for Connection {
    /// Shows the snapshot only: the token must not reach logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Connection").field(&self.snapshot()).finish()
    }
}

impl Connection {
    /// A machine in `idle`. `seed` feeds the backoff jitter. Options are not checked here;
    /// call [`ConnectionOptions::validate`] first to report misuse.
    pub fn new(options: ConnectionOptions, seed: u64) -> Self {
        let o = &options;
        Self {
            backoff: Backoff::new(o.base_delay_ms, o.max_delay_ms, o.jitter, seed),
            outbox: Outbox::new(o.outbox_capacity),
            acks: AckTracker::new(o.ack_timeout_ms),
            heartbeat: Heartbeat::new(o.heartbeat_interval_ms, o.heartbeat_timeout_ms),
            status: Status::Idle,
            attempt: 0,
            generation: 0,
            next_retry_at: None,
            last_error: None,
            awaiting_token: false,
            token: None,
            timer: None,
            options,
        }
    }

    /// Feed one event that happened at `now_ms`; returns what the driver must do, in order.
    pub fn handle(&mut self, event: Event, now_ms: u64) -> Vec<Command> {
        let before = self.snapshot();
        let mut out = Vec::new();
        match event {
            Event::Connect => self.connect(&mut out),
            Event::TokenReady { generation, token } => {
                if self.is_current(generation) && self.awaiting_token {
                    self.token = token.filter(|t| !t.is_empty());
                    self.open(&mut out);
                }
            }
            Event::TokenFailed {
                generation,
                message,
            } => {
                if self.is_current(generation) && self.awaiting_token {
                    self.awaiting_token = false;
                    self.lose(now_ms, format!("token unavailable: {message}"));
                }
            }
            Event::Opened { generation, resume } => {
                if self.is_current(generation) && self.is_connecting_socket() {
                    self.opened(resume, now_ms, &mut out);
                }
            }
            Event::FrameReceived { generation } => {
                if self.is_current(generation) && self.status == Status::Open {
                    self.heartbeat.frame_received(now_ms);
                }
            }
            Event::Closed {
                generation,
                code,
                reason,
                clean,
            } => {
                if self.is_current(generation) && self.has_socket() {
                    self.closed(code, &reason, clean, now_ms);
                }
            }
            Event::Errored { generation } => {
                // Browsers follow `error` with `close`; only the close moves the machine.
                if self.is_current(generation) && self.has_socket() {
                    self.set_error("socket error".into());
                }
            }
            Event::TimerFired => {
                self.timer = None;
                self.timer_fired(now_ms, &mut out);
            }
            Event::UserClose => self.user_close(&mut out),
            Event::Online => {
                if self.status == Status::Reconnecting {
                    self.start_attempt(&mut out);
                }
            }
            Event::SessionReady => {
                if self.status == Status::Open {
                    self.attempt = 0;
                }
            }
            Event::AuthFailed { code } => {
                if matches!(self.status, Status::Connecting | Status::Open) {
                    self.abandon_socket(CLOSE_NORMAL, REASON_AUTH_FAILED, &mut out);
                    self.fail(format!("authentication failed ({code})"));
                }
            }
            Event::AckReceived {
                id,
                status,
                code,
                error,
            } => {
                if self.acks.receive(&id, status, code, error) {
                    out.push(Command::AckChanged { id });
                }
            }
        }
        self.finish(before, &mut out);
        out
    }

    /// Queue or send a frame. `text` is the already-encoded frame; `id` its client id; `ack`
    /// = track an ack for it. `coalesce`: `Some(key)` for typing frames — while queued, a
    /// newer frame with the same key replaces the older one in place.
    pub fn send(
        &mut self,
        text: String,
        id: String,
        ack: bool,
        coalesce: Option<String>,
        now_ms: u64,
    ) -> Vec<Command> {
        let before = self.snapshot();
        let mut out = Vec::new();
        if ack {
            self.acks.track(&id);
            out.push(Command::AckChanged { id: id.clone() });
        }
        if self.status == Status::Open {
            if ack {
                self.acks.sent(&id, now_ms);
            }
            out.push(Command::Send { text });
        } else {
            let item = Queued {
                text,
                id,
                ack,
                coalesce,
            };
            let new_id = item.id.clone();
            match self.outbox.push(item) {
                Pushed::Queued => {}
                Pushed::Coalesced { replaced } => {
                    if replaced.id != new_id {
                        self.drop_ack(&replaced, &mut out);
                    }
                }
                Pushed::Overflowed { dropped } => {
                    let message = format!(
                        "outbox full ({} frames): dropped the oldest queued frame \"{}\"",
                        self.outbox.capacity(),
                        dropped.id
                    );
                    out.push(Command::Error {
                        kind: ERROR_KIND_OUTBOX.into(),
                        message: self.scrub(&message),
                    });
                    self.drop_ack(&dropped, &mut out);
                }
            }
        }
        self.finish(before, &mut out);
        out
    }

    /// Current status.
    pub fn status(&self) -> Status {
        self.status
    }

    /// Reconnect attempts since the last `session.ready` (or connect).
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// When the next reconnect attempt is due, while `reconnecting`.
    pub fn next_retry_at(&self) -> Option<u64> {
        self.next_retry_at
    }

    /// Why the connection last failed or dropped; never contains the token.
    pub fn last_error(&self) -> Option<&str> {
        self.last_error.as_deref()
    }

    /// The current socket generation (see the module docs).
    pub fn generation(&self) -> u32 {
        self.generation
    }

    /// The state of the frame with client id `id`, if tracked and not yet evicted.
    pub fn ack(&self, id: &str) -> Option<&AckState> {
        self.acks.get(id)
    }

    /// Whether the frame with client id `id` waits in the offline queue.
    pub fn is_queued(&self, id: &str) -> bool {
        self.outbox.contains(id)
    }

    /// Starts the ack timeout of a frame sent earlier by someone else (another tab that led
    /// the shared socket before this one), unless it is tracked already or finished.
    pub fn watch_ack(&mut self, id: &str, now_ms: u64) -> Vec<Command> {
        let before = self.snapshot();
        let mut out = Vec::new();
        if self.acks.get(id).is_none() {
            self.acks.track(id);
            self.acks.sent(id, now_ms);
        }
        self.finish(before, &mut out);
        out
    }

    /// Frames waiting in the offline queue.
    pub fn outbox_len(&self) -> usize {
        self.outbox.len()
    }

    /// The value of the `connection` key.
    pub fn snapshot(&self) -> ConnectionSnapshot {
        ConnectionSnapshot {
            status: self.status,
            attempt: self.attempt,
            next_retry_at: self.next_retry_at,
            last_error: self.last_error.clone(),
            generation: self.generation,
            outbox: self.outbox.len(),
        }
    }
}
