//! The machine's vocabulary: events in (past tense), commands out (imperative), and status.
//!
//! Kept apart from the machine so the driver's author can read the whole contract on one page.
//! Socket events carry the `generation` the driver got with [`Command::Open`] (or
//! [`Command::RequestToken`]); the machine ignores any whose generation is not the current one.

use super::ack::AckStatus;
use crate::json::{write_str, ObjectWriter, ToJson};

/// What happened, reported by the driver (or the glue, for protocol-level events).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The user asked to connect.
    Connect,
    /// Answer to [`Command::RequestToken`]; `None` connects without a token. Holds the
    /// secret: do not log this event.
    TokenReady {
        /// The generation the request carried.
        generation: u32,
        /// The token, if the source produced one.
        token: Option<String>,
    },
    /// The token source threw or rejected; treated like a failed attempt (backs off).
    TokenFailed {
        /// The generation the request carried.
        generation: u32,
        /// What went wrong (goes into `lastError`; must not contain the token).
        message: String,
    },
    /// The socket's `open` event.
    Opened {
        /// The socket's generation.
        generation: u32,
        /// An encoded `resume` frame to send before anything else, if the caller has one.
        resume: Option<String>,
    },
    /// Any frame arrived (proof of life for the heartbeat).
    FrameReceived {
        /// The socket's generation.
        generation: u32,
    },
    /// The socket's [`close`](https://developer.mozilla.org/en-US/docs/Web/API/CloseEvent) event.
    Closed {
        /// The socket's generation.
        generation: u32,
        /// `CloseEvent.code`.
        code: u16,
        /// `CloseEvent.reason` (server text; scrubbed of the token before display).
        reason: String,
        /// `CloseEvent.wasClean`.
        clean: bool,
    },
    /// The socket's `error` event. A `Closed` follows in browsers, so this only notes the error.
    Errored {
        /// The socket's generation.
        generation: u32,
    },
    /// The driver's single timer fired.
    TimerFired,
    /// The user called `close()`: no reconnect afterwards.
    UserClose,
    /// The browser went online or the tab became visible: if reconnecting, try now.
    Online,
    /// The server's `session.ready`: the connection works, so the attempt counter resets.
    SessionReady,
    /// `session.error` with `AUTH_FAILED`/`AUTH_REQUIRED`: close, no reconnect, `failed`.
    AuthFailed {
        /// The server's error code.
        code: String,
    },
    /// An `ack` frame with `ref` = `id`.
    AckReceived {
        /// The acked frame's client id.
        id: String,
        /// `received`, `delivered` or `error`.
        status: AckStatus,
        /// The server's error code, for `error`.
        code: Option<String>,
        /// The server's error text, for `error`.
        error: Option<String>,
    },
}

/// What the driver must do, in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Resolve the token (string, or sync/async function) and answer with
    /// [`Event::TokenReady`] or [`Event::TokenFailed`] carrying this generation.
    RequestToken {
        /// The attempt's generation.
        generation: u32,
    },
    /// Open a socket and tag its events with `generation`. In query mode `url` already
    /// carries the percent-encoded token: never log it.
    Open {
        /// The new socket's generation.
        generation: u32,
        /// The URL to open.
        url: String,
    },
    /// Send a text frame on the current socket.
    Send {
        /// The encoded frame.
        text: String,
    },
    /// Close the current socket.
    Close {
        /// The close code (see the `CLOSE_*` consts).
        code: u16,
        /// The close reason.
        reason: String,
    },
    /// (Re)arm the single timer for absolute time `at_ms`, replacing any earlier arming.
    /// `at_ms` may already be past (an event was handled after a deadline but before the
    /// timer callback ran): fire as soon as possible.
    Schedule {
        /// When to fire [`Event::TimerFired`].
        at_ms: u64,
    },
    /// Disarm the timer.
    CancelTimer,
    /// The `connection` key changed (read [`super::Connection::snapshot`]).
    StatusChanged,
    /// The `acks/<id>` key changed (read [`super::Connection::ack`]).
    AckChanged {
        /// The frame's client id.
        id: String,
    },
    /// Add an entry to the `errors` key.
    Error {
        /// The error kind (e.g. `outbox`).
        kind: String,
        /// Human text.
        message: String,
    },
}

/// Where the connection stands. Serialized lowercase (`"reconnecting"`).
#[cfg_attr(
    all(test, not(target_arch = "wasm32")),
    derive(ts_rs::TS),
    ts(export, rename = "ConnectionStatus", rename_all = "lowercase")
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Created, never connected.
    Idle,
    /// Resolving the token or opening a socket.
    Connecting,
    /// The socket is open.
    Open,
    /// Waiting out the backoff before the next attempt.
    Reconnecting,
    /// Closed by the user; stays closed until the next connect.
    Closed,
    /// Gave up: auth failure, policy violation, or retries exhausted (see `lastError`).
    Failed,
}

impl Status {
    /// The serialized name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Idle => "idle",
            Self::Connecting => "connecting",
            Self::Open => "open",
            Self::Reconnecting => "reconnecting",
            Self::Closed => "closed",
            Self::Failed => "failed",
        }
    }
}

impl ToJson for Status {
    fn write_json(&self, out: &mut String) {
        write_str(out, self.as_str());
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The value of the `connection` key.
///
/// ```json
/// {"status":"reconnecting","attempt":2,"nextRetryAt":1712000004000,
///  "lastError":"connection lost (1006)","generation":3,"outbox":1}
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionSnapshot {
    /// Where the connection stands.
    pub status: Status,
    /// Reconnect attempts since the last `session.ready`.
    pub attempt: u32,
    /// When the next attempt is due (ms, the driver's clock), while reconnecting.
    pub next_retry_at: Option<u64>,
    /// Why it last dropped or failed; never contains the token.
    pub last_error: Option<String>,
    /// The current socket generation.
    pub generation: u32,
    /// Frames waiting in the offline queue.
    pub outbox: usize,
}

impl ToJson for ConnectionSnapshot {
    fn write_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        o.field("status", &self.status)
            .field("attempt", &self.attempt)
            .field("nextRetryAt", &self.next_retry_at)
            .field("lastError", &self.last_error)
            .field("generation", &self.generation)
            .field("outbox", &self.outbox);
        o.end();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::to_string;

    #[test]
    fn statuses_write_lowercase() {
        let all = [
            Status::Idle,
            Status::Connecting,
            Status::Open,
            Status::Reconnecting,
            Status::Closed,
            Status::Failed,
        ];
        let names: Vec<String> = all.iter().map(to_string).collect();
        assert_eq!(
            names,
            [
                r#""idle""#,
                r#""connecting""#,
                r#""open""#,
                r#""reconnecting""#,
                r#""closed""#,
                r#""failed""#
            ]
        );
    }

    #[test]
    fn a_snapshot_writes_camel_case_with_nulls() {
        let idle = ConnectionSnapshot {
            status: Status::Idle,
            attempt: 0,
            next_retry_at: None,
            last_error: None,
            generation: 0,
            outbox: 0,
        };
        assert_eq!(
            to_string(&idle),
            r#"{"status":"idle","attempt":0,"nextRetryAt":null,"lastError":null,"generation":0,"outbox":0}"#
        );
        let retrying = ConnectionSnapshot {
            status: Status::Reconnecting,
            attempt: 2,
            next_retry_at: Some(1712000004000),
            last_error: Some("connection lost (1006)".into()),
            generation: 3,
            outbox: 1,
        };
        assert_eq!(
            to_string(&retrying),
            r#"{"status":"reconnecting","attempt":2,"nextRetryAt":1712000004000,"lastError":"connection lost (1006)","generation":3,"outbox":1}"#
        );
    }
}
