//! Effects: what one action does, decoded into a typed value.
//!
//! Every built-in action of PROTOCOL.md has an [`Op`] and a payload shape. The same
//! decoder serves two inputs: a built-in frame's raw payload text (read field by field
//! with `json::Reader`, borrowing its strings, no intermediate value), and a payload
//! that a user route assembled from a foreign frame's fields (see `routes`), re-encoded
//! as text. So a route is only data: it says which op and where its fields are, and
//! runs exactly the built-in reducer.

mod decode;
mod fields;
mod op;
mod payload;

pub use decode::{decode, decode_text};
pub use fields::{Field, Need};
pub use op::Op;

use crate::json::{Piece, Value};
use std::borrow::Cow;

use crate::message::{Elicitation, LogEntry};

/// One decoded effect. Strings borrow from the frame where they can.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect<'a> {
    /// Create or reopen a message.
    MessageStart {
        /// `user`, `assistant`, …
        role: Option<Cow<'a, str>>,
        /// Free-form metadata.
        meta: Option<Value>,
    },
    /// Append to content.
    ContentDelta(Piece<'a>),
    /// Replace content (cumulative streams).
    ContentSet(Piece<'a>),
    /// Append to reasoning.
    ReasoningDelta(Piece<'a>),
    /// Replace reasoning.
    ReasoningSet(Piece<'a>),
    /// Append or replace sources (dedupe by id, else url).
    SourcesAdd(Vec<Value>),
    /// Replace sources.
    SourcesSet(Vec<Value>),
    /// Replace follow-up questions.
    FollowUpSet(Vec<String>),
    /// Append one follow-up question.
    FollowUpAdd(String),
    /// Append citations.
    CitationsAdd(Vec<Value>),
    /// Append a log line.
    LogAppend(LogEntry),
    /// A tool call started.
    ToolStart {
        /// The call's id.
        id: String,
        /// The tool's name.
        name: Option<String>,
    },
    /// More argument text for a tool call.
    ToolDelta {
        /// The call's id.
        id: String,
        /// The next chunk of the arguments' text.
        args_text: Piece<'a>,
    },
    /// A tool call ended.
    ToolEnd {
        /// The call's id.
        id: String,
        /// Its result.
        result: Option<Value>,
        /// Its error.
        error: Option<Value>,
    },
    /// The server asks the user to fill a form.
    ElicitationStart(Elicitation),
    /// The form is no longer wanted.
    ElicitationEnd {
        /// Which form.
        id: String,
    },
    /// Replace a custom slice.
    StateSet {
        /// The slice's name.
        slice: String,
        /// Its new value.
        value: Value,
    },
    /// Merge-patch a custom slice (RFC 7386).
    StatePatch {
        /// The slice's name.
        slice: String,
        /// The patch.
        patch: Value,
    },
    /// Replace the whole message.
    Snapshot(Box<crate::message::Message>),
    /// Status `done`.
    Done,
    /// Status `error`.
    Error {
        /// A machine-readable code.
        code: Option<String>,
        /// What went wrong.
        message: String,
    },
    /// Status `cancelled`.
    Cancelled,
    /// The server's session is ready.
    SessionReady {
        /// Session id.
        session_id: String,
        /// Session epoch (changes when the server forgets sessions).
        epoch: u64,
        /// The seq the stream continues after.
        seq: u64,
    },
    /// The server reports a session-level error.
    SessionError {
        /// A machine-readable code, e.g. `AUTH_FAILED`.
        code: String,
        /// What went wrong.
        message: String,
    },
    /// The server acknowledges a client frame.
    Ack {
        /// `received`, `delivered` or `error`.
        status: String,
        /// Error code.
        code: Option<String>,
        /// Error text.
        error: Option<String>,
    },
    /// Someone started typing.
    TypingStart {
        /// Who.
        user_id: String,
        /// Where.
        conversation_id: Option<String>,
    },
    /// Someone stopped typing.
    TypingStop {
        /// Who.
        user_id: String,
        /// Where.
        conversation_id: Option<String>,
    },
    /// Answer to a ping.
    Pong,
    /// The server cannot resume the session.
    ResumeFailed {
        /// Why.
        reason: String,
    },
    /// Nothing to do.
    Ignore,
}

/// The one key name a JS object must never receive: assigning it replaces the
/// object's prototype (prototype pollution).
pub const FORBIDDEN_KEY: &str = "__proto__";

/// Whether `value` holds a [`FORBIDDEN_KEY`] at any depth.
pub fn has_forbidden_key(value: &Value) -> bool {
    match value {
        Value::Object(map) => map
            .iter()
            .any(|(k, v)| k == FORBIDDEN_KEY || has_forbidden_key(v)),
        Value::Array(items) => items.iter().any(has_forbidden_key),
        _ => false,
    }
}

/// An empty payload, for actions sent without one.
pub const EMPTY_PAYLOAD: &str = "{}";
