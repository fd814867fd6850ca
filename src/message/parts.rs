//! The values inside a message's slices: status, log lines, tool calls, forms, errors.
//! Each writes the JSON of docs/message-shape.md (`to_json.rs`), reads it back
//! (`from_json.rs`), and has a generated TS type.

use crate::json::Value;

/// Where a message is in its life.
#[cfg_attr(
    all(test, not(target_arch = "wasm32")),
    derive(ts_rs::TS),
    ts(export, rename = "MessageStatus", rename_all = "camelCase")
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Status {
    /// Created locally, nothing received yet.
    Pending,
    /// Receiving.
    #[default]
    Streaming,
    /// Finished.
    Done,
    /// Finished with an error.
    Error,
    /// Stopped by the user or the server.
    Cancelled,
    /// Unfinished when a resume failed; waiting for a snapshot.
    Stale,
}

impl Status {
    /// Every status, in declaration order.
    pub const ALL: [Status; 6] = [
        Status::Pending,
        Status::Streaming,
        Status::Done,
        Status::Error,
        Status::Cancelled,
        Status::Stale,
    ];

    /// The JSON name (`"streaming"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Streaming => "streaming",
            Status::Done => "done",
            Status::Error => "error",
            Status::Cancelled => "cancelled",
            Status::Stale => "stale",
        }
    }

    /// Whether no further change is accepted (until a `message.start` reopens it).
    pub fn is_final(self) -> bool {
        matches!(self, Status::Done | Status::Error | Status::Cancelled)
    }
}

/// A log line of the `logs` slice.
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq)]
pub struct LogEntry {
    /// `info`, `warn`, … (free text).
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(optional = nullable))]
    pub level: Option<String>,
    /// The line.
    pub text: String,
    /// A timestamp, as the server gave it.
    #[cfg_attr(
        all(test, not(target_arch = "wasm32")),
        ts(type = "unknown", optional = nullable)
    )]
    pub ts: Option<Value>,
}

/// Where a tool call is.
#[cfg_attr(
    all(test, not(target_arch = "wasm32")),
    derive(ts_rs::TS),
    ts(export, rename_all = "camelCase")
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ToolStatus {
    /// Started, arguments may still stream.
    #[default]
    Running,
    /// Ended with a result.
    Done,
    /// Ended with an error.
    Error,
    /// The user denied it.
    Denied,
}

impl ToolStatus {
    /// Every tool status, in declaration order.
    pub const ALL: [ToolStatus; 4] = [
        ToolStatus::Running,
        ToolStatus::Done,
        ToolStatus::Error,
        ToolStatus::Denied,
    ];

    /// The JSON name (`"running"`).
    pub fn as_str(self) -> &'static str {
        match self {
            ToolStatus::Running => "running",
            ToolStatus::Done => "done",
            ToolStatus::Error => "error",
            ToolStatus::Denied => "denied",
        }
    }
}

/// One tool call of the `tools` slice.
#[cfg_attr(
    all(test, not(target_arch = "wasm32")),
    derive(ts_rs::TS),
    ts(export, rename_all = "camelCase")
)]
#[derive(Debug, Clone, PartialEq)]
pub struct ToolCall {
    /// The call's id.
    pub tool_call_id: String,
    /// The tool's name.
    pub name: Option<String>,
    /// The arguments' text so far (often JSON streaming in).
    pub args_text: String,
    /// The arguments as a value: while they stream, the JSON read so far (each piece parsed
    /// once, `json::PartialJson`); once complete, the whole value. `null` before any, or
    /// when the text is not JSON.
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(type = "unknown"))]
    pub args: Args,
    /// The approval asked for (`{approvalId, approved?, reason?}`), if any.
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(type = "unknown"))]
    pub approval: Option<Value>,
    /// Running, done or error.
    pub status: ToolStatus,
    /// The result, once ended.
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(type = "unknown"))]
    pub result: Option<Value>,
    /// The error, if it failed.
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(type = "unknown"))]
    pub error: Option<Value>,
    /// A lone high surrogate that ended the last `argsText` delta, held until the next one
    /// decides (`slices::text`). Not part of the JSON.
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(skip))]
    pub held: Option<u16>,
}

/// A form the server asks the user to fill (`elicitation` slice).
#[cfg_attr(
    all(test, not(target_arch = "wasm32")),
    derive(ts_rs::TS),
    ts(export, rename_all = "camelCase")
)]
#[derive(Debug, Clone, PartialEq)]
pub struct Elicitation {
    /// Which form.
    pub elicitation_id: String,
    /// A JSON Schema of the fields.
    #[cfg_attr(
        all(test, not(target_arch = "wasm32")),
        ts(type = "Record<string, unknown>")
    )]
    pub schema: Value,
    /// `form`, `url`, `approval`, `interrupt`, … (free text).
    pub mode: Option<String>,
    /// What the user is asked, for a person.
    pub message: Option<String>,
    /// The tool call it is about (an approval, an interrupt on a call).
    pub tool_call_id: Option<String>,
}

/// A tool call's arguments as a value, parsed as their text streams in.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Args {
    /// The parser while the text streams; `None` once complete or set whole.
    parser: Option<Box<crate::json::PartialJson>>,
    /// The whole value, once complete or given.
    whole: Option<Value>,
}

impl Args {
    /// Arguments given whole.
    pub fn whole(value: Value) -> Self {
        Args {
            parser: None,
            whole: Some(value),
        }
    }

    /// The value so far (see [`ToolCall::args`]).
    pub fn value(&self) -> Option<&Value> {
        match (&self.whole, &self.parser) {
            (Some(v), _) => Some(v),
            (None, Some(p)) => p.value(),
            (None, None) => None,
        }
    }

    /// Reads the next piece of the arguments' text.
    pub fn push(&mut self, piece: &str) {
        if self.whole.is_some() {
            return;
        }
        self.parser.get_or_insert_with(Default::default).push(piece);
    }

    /// The text is complete: keeps its whole value, or, when it is not JSON, nothing.
    pub fn complete(&mut self) {
        if self.whole.is_some() {
            return;
        }
        if let Some(p) = self.parser.take() {
            self.whole = p.finish().ok().cloned();
        }
    }

    /// Replaces everything with the value of `text` (a whole text given at the end).
    pub fn set_text(&mut self, text: &str) {
        let mut p = crate::json::PartialJson::new();
        p.push(text);
        self.parser = None;
        self.whole = p.finish().ok().cloned();
    }
}

/// What a part of a message's text is part of.
#[cfg_attr(
    all(test, not(target_arch = "wasm32")),
    derive(ts_rs::TS),
    ts(export, rename = "MessagePartType", rename_all = "camelCase")
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// A part of `content`.
    Text,
    /// A part of `reasoning`.
    Reasoning,
    /// A tool call (in `tools`).
    Tool,
}

impl PartKind {
    /// The JSON name (`"text"`).
    pub fn as_str(self) -> &'static str {
        match self {
            PartKind::Text => "text",
            PartKind::Reasoning => "reasoning",
            PartKind::Tool => "tool",
        }
    }
}

/// One entry of the `parts` slice: the message's parts in the order they began, so a UI can
/// show text, reasoning and tool calls interleaved as the protocol sent them. A text part's
/// text is `content.slice(start, <the next text part's start, or the end>)` (UTF-16 units,
/// as JS slices); a reasoning part's is the same in `reasoning`.
#[cfg_attr(
    all(test, not(target_arch = "wasm32")),
    derive(ts_rs::TS),
    ts(export, rename = "MessagePart", rename_all = "camelCase")
)]
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// `text`, `reasoning` or `tool`.
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(rename = "type"))]
    pub kind: PartKind,
    /// The protocol's key for it (a part id, a block index, an item id).
    pub key: String,
    /// Where a text or reasoning part starts, in UTF-16 units.
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(optional = nullable))]
    pub start: Option<u64>,
    /// The same, in bytes of the Rust string (for inserting; not part of the JSON).
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(skip))]
    pub byte_start: usize,
    /// A tool part's call.
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(optional = nullable))]
    pub tool_call_id: Option<String>,
}

/// Why a message ended in error.
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq)]
pub struct MessageError {
    /// A machine-readable code.
    pub code: Option<String>,
    /// What went wrong.
    pub message: String,
}
