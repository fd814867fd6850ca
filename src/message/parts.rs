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
}

impl ToolStatus {
    /// Every tool status, in declaration order.
    pub const ALL: [ToolStatus; 3] = [ToolStatus::Running, ToolStatus::Done, ToolStatus::Error];

    /// The JSON name (`"running"`).
    pub fn as_str(self) -> &'static str {
        match self {
            ToolStatus::Running => "running",
            ToolStatus::Done => "done",
            ToolStatus::Error => "error",
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
    /// `form`, `url`, … (free text).
    pub mode: Option<String>,
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
