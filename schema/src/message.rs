//! The JSON of one message as a `message.snapshot` carries it (docs/message-shape.md), and
//! the parts it is made of. camelCase on the wire.
//!
//! ```json
//! {"id":"a-1","role":"assistant","status":"streaming","content":"Hel","sources":[]}
//! ```
//! Every field but `id` may be omitted in a snapshot; the client fills defaults.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Where a message is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum MessageStatus {
    /// Created on the client, nothing received yet.
    Pending,
    /// Frames are still coming.
    Streaming,
    /// Finished.
    Done,
    /// Finished with an error.
    Error,
    /// Stopped by the user or the server.
    Cancelled,
    /// Unfinished when a resume failed (client side only; a server never sends it).
    Stale,
}

/// Where a tool call is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ToolStatus {
    /// Started; its arguments may still stream.
    Running,
    /// Ended with a result.
    Done,
    /// Ended with an error.
    Error,
    /// Refused: the user denied its approval (`tool.end {denied: true}`).
    Denied,
}

/// A source, unique in a message by `id`, else by `url`. Any other field is kept as sent.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Source {
    /// The source's identity (a string or a number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Id>,
    /// Where it lives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// What to show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Any other field, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An id that may be a string or a number (a source's, a part's, an approval's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Id {
    /// A text id.
    Text(String),
    /// A numeric id.
    Number(serde_json::Number),
}

/// A log line (`logs.append`'s payload, an item of `logs`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LogEntry {
    /// `info`, `warn`, … (free text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// The line.
    pub text: String,
    /// A timestamp as the server gives it (ms since the Unix epoch, by convention).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ts: Option<Value>,
}

/// One tool call of the `tools` slice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ToolCall {
    /// The call's id.
    pub tool_call_id: String,
    /// The tool's name.
    #[serde(default)]
    pub name: Option<String>,
    /// The arguments' text so far (often JSON, streaming in).
    #[serde(default)]
    pub args_text: String,
    /// Running, done or error.
    pub status: ToolStatus,
    /// The result, once ended.
    #[serde(default)]
    pub result: Value,
    /// The error, if it failed.
    #[serde(default)]
    pub error: Value,
    /// The arguments parsed, once `argsText` is complete JSON (`tool.input`), else null.
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub args: Value,
    /// The approval asked for (`{approvalId, approved?, reason?}`), if any.
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub approval: Value,
}

/// A form the server asks the user to fill (`elicitation.start`'s payload, the slice).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Elicitation {
    /// Which form; `elicitation.submit` names it.
    pub elicitation_id: String,
    /// A JSON Schema of the fields to fill.
    pub schema: Map<String, Value>,
    /// `form`, `url`, … (free text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// What to tell the user about the form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The tool call the form belongs to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_call_id: Option<String>,
}

/// What a part of a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PartType {
    /// Text (in `content`).
    Text,
    /// Reasoning (in `reasoning`).
    Reasoning,
    /// A tool call (in `tools`).
    Tool,
}

/// One entry of the `parts` slice: the message's parts in the order they began. A text part's
/// text is `content` from its `start` (UTF-16 units) to the next text part's; a reasoning
/// part's the same in `reasoning`; a tool part names its call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MessagePart {
    /// `text`, `reasoning` or `tool`.
    #[serde(rename = "type")]
    pub kind: PartType,
    /// The protocol's key for it (a part id, a block index, an item id).
    pub key: String,
    /// Where a text or reasoning part starts, in UTF-16 units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<u64>,
    /// A tool part's call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_call_id: Option<String>,
}

/// Why a message ended in error (`message.error`'s payload, the `error` slice).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MessageError {
    /// A machine-readable code.
    #[serde(default)]
    pub code: Option<String>,
    /// What went wrong.
    pub message: String,
}

/// The whole message: `message.snapshot`'s payload, and what the key `messages/<id>` holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    /// The message id.
    pub id: String,
    /// `user`, `assistant`, …
    #[serde(default)]
    pub role: Option<String>,
    /// Lifecycle status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<MessageStatus>,
    /// The answer text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// The reasoning text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reasoning: Option<String>,
    /// Sources, unique by `id`, else `url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<Source>>,
    /// Suggested next questions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up_questions: Option<Vec<String>>,
    /// Citations (any JSON objects).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citations: Option<Vec<Map<String, Value>>>,
    /// Log lines, newest last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logs: Option<Vec<LogEntry>>,
    /// Tool calls in start order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tools: Option<Vec<ToolCall>>,
    /// Text, reasoning and tool parts in the order they began (the client derives it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parts: Option<Vec<MessagePart>>,
    /// The open form, or null.
    #[serde(default)]
    pub elicitation: Option<Elicitation>,
    /// The error when status is `error`, or null.
    #[serde(default)]
    pub error: Option<MessageError>,
    /// Free-form metadata from `message.start`.
    #[serde(default)]
    pub meta: Option<Value>,
    /// Custom slices by name (`state.set` / `state.patch`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom: Option<Map<String, Value>>,
}
