//! Effects: what one action does, decoded into a typed value.
//!
//! Every built-in action of PROTOCOL.md has an [`Op`] and a payload shape. The same
//! decoder serves two inputs: a built-in frame's raw payload text (read field by field
//! with `json::Reader`, borrowing its strings, no intermediate value), and a payload
//! that a user route assembled from a foreign frame's fields (see `routes`), re-encoded
//! as text. So a route is only data: it says which op and where its fields are, and
//! runs exactly the built-in reducer.

mod agent;
mod decode;
mod fields;
mod op;
mod payload;

pub use crate::message::PartKind;
pub use decode::{decode, decode_fields, decode_text};
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
    /// Append to content, as part `part` of it (a text part keeps its boundaries).
    ContentPart {
        /// The text.
        text: Piece<'a>,
        /// The part's key (a part id, a block index).
        part: Cow<'a, str>,
    },
    /// Append to reasoning, as part `part` of it.
    ReasoningPart {
        /// The text.
        text: Piece<'a>,
        /// The part's key.
        part: Cow<'a, str>,
    },
    /// A text or reasoning part begins.
    PartStart {
        /// Which text it is part of.
        kind: PartKind,
        /// The part's key.
        key: String,
    },
    /// A tool call started.
    ToolStart {
        /// The call's id.
        id: String,
        /// The tool's name.
        name: Option<String>,
        /// The part (a block index, an item id) later frames name the call by.
        part: Option<String>,
    },
    /// More argument text for a tool call.
    ToolDelta {
        /// Which call.
        call: ToolRef,
        /// The next chunk of the arguments' text.
        args_text: Piece<'a>,
    },
    /// A tool call's arguments are complete.
    ToolInput {
        /// Which call.
        call: ToolRef,
        /// The arguments as a value, when the frame carries them parsed.
        args: Option<Value>,
        /// The arguments' whole text, when the frame carries it (it replaces the streamed text).
        args_text: Option<String>,
    },
    /// A tool call asks for the user's approval, or the answer arrived.
    ToolApproval {
        /// Which call (the approval id finds it when absent).
        call: ToolRef,
        /// The approval's id.
        approval_id: String,
        /// The answer, once given.
        approved: Option<bool>,
        /// Why, if said.
        reason: Option<String>,
    },
    /// A tool call ended.
    ToolEnd {
        /// Which call.
        call: ToolRef,
        /// Its result.
        result: Option<Value>,
        /// Its error.
        error: Option<Value>,
        /// The user denied it.
        denied: bool,
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
    /// RFC 6902 JSON Patch onto a custom slice.
    StateJsonPatch {
        /// The slice's name.
        slice: String,
        /// The operations.
        patch: Value,
    },
    /// A data part: replaced in place by id, appended without one; `transient` ones are
    /// only delivered as an event.
    DataPut {
        /// The custom slice holding parts of this kind (`data-weather`).
        slice: String,
        /// The part's id.
        id: Option<String>,
        /// Its data.
        data: Value,
        /// An event, not state.
        transient: bool,
    },
    /// Creates the message unless it exists.
    MessageEnsure {
        /// `user`, `assistant`, …, for a new message (or one without a role).
        role: Option<Cow<'a, str>>,
        /// Metadata for a new message.
        meta: Option<Value>,
    },
    /// RFC 7386 merge patch onto `meta` (usage, a finish reason).
    MetaPatch(Value),
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
    /// Replaces the store's `state` key.
    AgentState(Value),
    /// RFC 6902 JSON Patch onto the store's `state` key.
    AgentPatch(Value),
    /// A run started (the `run` key).
    RunStart {
        /// The thread.
        thread_id: Option<String>,
        /// The run.
        run_id: Option<String>,
    },
    /// The run finished: its messages are done, unless it was interrupted (then they wait
    /// for the answer) or cancelled.
    RunFinish {
        /// The run's result.
        result: Option<Value>,
        /// `{type: success | interrupt | cancelled, …}`.
        outcome: Option<Value>,
        /// Token usage.
        usage: Option<Value>,
    },
    /// The run failed: its unfinished messages end in error.
    RunError {
        /// What went wrong.
        message: String,
        /// A machine-readable code.
        code: Option<String>,
    },
    /// A step of the run started.
    StepStart(String),
    /// A step of the run finished.
    StepFinish(String),
    /// An event for `store.on(name)` listeners; nothing is kept.
    Event {
        /// Its name.
        name: String,
        /// Its value.
        value: Value,
    },
    /// Nothing to do.
    Ignore,
}

/// Which tool call an effect is for: by its id, or by the part that started it (an
/// Anthropic block index, an OpenAI item id), when the frame names only that.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ToolRef {
    /// The call's id.
    pub id: Option<String>,
    /// The part that started it.
    pub part: Option<String>,
}

impl ToolRef {
    /// A call named by its id.
    pub fn id(id: impl Into<String>) -> Self {
        ToolRef {
            id: Some(id.into()),
            part: None,
        }
    }
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
