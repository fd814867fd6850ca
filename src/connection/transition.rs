//! The transitions behind [`Connection::handle`]: attempts, opens, the close policy, backoff,
//! and re-arming the single timer.
//!
//! Split from `mod.rs` so that file shows the public face (events in, commands out) and this
//! one the rules. Every step pushes the commands it needs onto `out`, in the order the driver
//! must carry them out; `finish` appends `StatusChanged` and the timer command last.

use super::heartbeat::Beat;
use super::outbox::Queued;
use super::token;
use super::{Command, Connection, ConnectionSnapshot, Status, TokenMode};
use super::{CLOSE_AUTH_FAILED, CLOSE_AUTH_FORBIDDEN, CLOSE_HEARTBEAT_TIMEOUT, CLOSE_NORMAL};
use super::{CLOSE_POLICY_VIOLATION, REASON_HEARTBEAT_TIMEOUT, REASON_USER_CLOSE};

impl Connection {
    pub(super) fn is_current(&self, generation: u32) -> bool {
        generation == self.generation
    }

    /// Connecting with a socket asked for (the token is resolved).
    pub(super) fn is_connecting_socket(&self) -> bool {
        self.status == Status::Connecting && !self.awaiting_token
    }

    /// A socket of the current generation exists (opening or open).
    pub(super) fn has_socket(&self) -> bool {
        self.is_connecting_socket() || self.status == Status::Open
    }

    pub(super) fn connect(&mut self, out: &mut Vec<Command>) {
        match self.status {
            Status::Idle | Status::Closed | Status::Failed => {
                self.attempt = 0;
                self.start_attempt(out);
            }
            Status::Reconnecting => self.start_attempt(out),
            Status::Connecting | Status::Open => {}
        }
    }

    pub(super) fn start_attempt(&mut self, out: &mut Vec<Command>) {
        self.generation = self.generation.wrapping_add(1);
        self.status = Status::Connecting;
        self.next_retry_at = None;
        if self.options.has_token {
            self.awaiting_token = true;
            out.push(Command::RequestToken {
                generation: self.generation,
            });
        } else {
            self.token = None;
            self.open(out);
        }
    }

    pub(super) fn open(&mut self, out: &mut Vec<Command>) {
        self.awaiting_token = false;
        let url = match (&self.token, self.options.token_mode) {
            (Some(token), TokenMode::Query) => token::url_with_token(&self.options.url, token),
            _ => self.options.url.clone(),
        };
        out.push(Command::Open {
            generation: self.generation,
            url,
        });
    }

    pub(super) fn opened(&mut self, resume: Option<String>, now_ms: u64, out: &mut Vec<Command>) {
        self.status = Status::Open;
        self.last_error = None;
        self.heartbeat.start(now_ms);
        if let (Some(token), TokenMode::Frame) = (&self.token, self.options.token_mode) {
            out.push(Command::Send {
                text: token::auth_frame(token),
            });
        }
        if let Some(text) = resume {
            out.push(Command::Send { text });
        }
        for queued in self.outbox.drain() {
            if queued.ack {
                self.acks.sent(&queued.id, now_ms);
            }
            out.push(Command::Send { text: queued.text });
        }
    }

    pub(super) fn closed(&mut self, code: u16, reason: &str, clean: bool, now_ms: u64) {
        let detail = if reason.is_empty() {
            code.to_string()
        } else {
            format!("{code} {reason}")
        };
        match code {
            CLOSE_AUTH_FAILED | CLOSE_AUTH_FORBIDDEN => {
                self.fail(format!("authentication failed ({detail})"));
            }
            CLOSE_POLICY_VIOLATION => self.fail(format!("policy violation ({detail})")),
            _ if clean => self.lose(now_ms, format!("connection closed ({detail})")),
            _ => self.lose(now_ms, format!("connection lost ({detail})")),
        }
    }

    pub(super) fn timer_fired(&mut self, now_ms: u64, out: &mut Vec<Command>) {
        let retry_due = self.next_retry_at.is_some_and(|at| at <= now_ms);
        if self.status == Status::Reconnecting && retry_due {
            self.start_attempt(out);
        }
        if self.status == Status::Open {
            match self.heartbeat.poll(now_ms) {
                Beat::Idle => {}
                Beat::Ping(text) => out.push(Command::Send { text }),
                Beat::Dead => {
                    // Do not wait for the dead socket's own close: it may take minutes.
                    self.abandon_socket(CLOSE_HEARTBEAT_TIMEOUT, REASON_HEARTBEAT_TIMEOUT, out);
                    let timeout = self.options.heartbeat_timeout_ms;
                    self.lose(
                        now_ms,
                        format!("heartbeat timeout (no frame {timeout} ms after a ping)"),
                    );
                }
            }
        }
        for id in self.acks.expire(now_ms) {
            out.push(Command::AckChanged { id });
        }
    }

    pub(super) fn user_close(&mut self, out: &mut Vec<Command>) {
        self.abandon_socket(CLOSE_NORMAL, REASON_USER_CLOSE, out);
        self.status = Status::Closed;
        self.next_retry_at = None;
    }

    /// Close the current socket (if one exists) ourselves and move past its generation, so its
    /// late `close`/`error` events, or a pending `TokenReady`, are ignored.
    pub(super) fn abandon_socket(&mut self, code: u16, reason: &str, out: &mut Vec<Command>) {
        if self.has_socket() {
            out.push(Command::Close {
                code,
                reason: reason.into(),
            });
        }
        self.generation = self.generation.wrapping_add(1);
        self.awaiting_token = false;
        self.heartbeat.stop();
    }

    /// The attempt or socket was lost: back off and retry, or give up after `max_retries`.
    pub(super) fn lose(&mut self, now_ms: u64, reason: String) {
        self.heartbeat.stop();
        if let Some(max) = self.options.max_retries {
            if self.attempt >= max {
                self.fail(format!("{reason}; gave up after {max} retries"));
                return;
            }
        }
        self.attempt = self.attempt.saturating_add(1);
        let delay = self.backoff.delay(self.attempt);
        self.next_retry_at = Some(now_ms.saturating_add(delay));
        self.status = Status::Reconnecting;
        self.set_error(reason);
    }

    pub(super) fn fail(&mut self, reason: String) {
        self.heartbeat.stop();
        self.awaiting_token = false;
        self.status = Status::Failed;
        self.next_retry_at = None;
        self.set_error(reason);
    }

    pub(super) fn set_error(&mut self, text: String) {
        self.last_error = Some(self.scrub(&text));
    }

    /// Remove the token from text that might echo it (a server's close reason, say).
    pub(super) fn scrub(&self, text: &str) -> String {
        token::redact(text, self.token.as_deref())
    }

    pub(super) fn drop_ack(&mut self, frame: &Queued, out: &mut Vec<Command>) {
        if frame.ack && self.acks.drop_unsent(&frame.id) {
            out.push(Command::AckChanged {
                id: frame.id.clone(),
            });
        }
    }

    pub(super) fn next_deadline(&self) -> Option<u64> {
        let retry = self
            .next_retry_at
            .filter(|_| self.status == Status::Reconnecting);
        let beat = self.heartbeat.deadline();
        [retry, beat, self.acks.next_deadline()]
            .into_iter()
            .flatten()
            .min()
    }

    /// Append `StatusChanged` if the `connection` key moved, dedupe `AckChanged`, and re-arm
    /// the timer if the earliest deadline moved.
    pub(super) fn finish(&mut self, before: ConnectionSnapshot, out: &mut Vec<Command>) {
        let mut seen = std::collections::HashSet::new();
        out.retain(|c| match c {
            Command::AckChanged { id } => seen.insert(id.clone()),
            _ => true,
        });
        if self.snapshot() != before {
            out.push(Command::StatusChanged);
        }
        let next = self.next_deadline();
        if next != self.timer {
            out.push(match next {
                Some(at_ms) => Command::Schedule { at_ms },
                None => Command::CancelTimer,
            });
            self.timer = next;
        }
    }
}
