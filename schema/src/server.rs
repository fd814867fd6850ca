//! Server-to-client envelopes: one variant per built-in `action_type`, each with its payload.
//!
//! A frame is one envelope or an array of them ([`ServerFrame`]). Message-scoped envelopes
//! carry `messageId` and `seq`; an `ack` carries `ref` and `seq`; connection-scoped ones
//! (`session.ready`, `session.error`, `resume.failed`, `pong`, typing) carry no `seq`.
//!
//! ```json
//! {"v":1,"action_type":"ack","seq":3,"ref":"c1-7","payload":{"status":"delivered"}}
//! ```

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::message::{Elicitation, Id, LogEntry, Message, MessageError, Source};

/// The fields of a message-scoped envelope besides `action_type` and `payload`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MessageHead {
    /// The protocol version; absent means 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub v: Option<u64>,
    /// The message the event is for.
    pub message_id: String,
    /// Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
    pub seq: u64,
    /// The client frame this answers (a `sync`'s id on its `message.snapshot`).
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// The fields of an `ack` besides `action_type` and `payload`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AckHead {
    /// The protocol version; absent means 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub v: Option<u64>,
    /// Position in the session's stream (acks are replayed like message frames).
    pub seq: u64,
    /// The `id` of the client frame this acknowledges.
    #[serde(rename = "ref")]
    pub reference: String,
}

/// The fields of a session-scoped envelope that is replayed (run, step, agent state, events)
/// besides `action_type` and `payload`: `seq`, no `messageId`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StreamHead {
    /// The protocol version; absent means 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub v: Option<u64>,
    /// Position in the session's stream.
    pub seq: u64,
    /// The client frame this answers, if any.
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// The fields of a connection-scoped envelope besides `action_type` and `payload`: no `seq`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ConnectionHead {
    /// The protocol version; absent means 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub v: Option<u64>,
    /// The client frame this answers, if any.
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// An empty payload (`{}`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Empty {}

/// `session.ready`: the session this connection is on, and the seq after which frames follow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SessionReady {
    /// What a later `resume` names.
    pub session_id: String,
    /// Changes whenever the server lost history it had promised; never resume across epochs.
    pub epoch: u64,
    /// The last seq before the frames that follow (0 on a fresh session).
    pub seq: u64,
}

/// `session.error`: a connection-scoped error; the connection goes on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SessionError {
    /// `VALIDATION_ERROR`, `NOT_FOUND`, `AUTH_FAILED`, `AUTH_REQUIRED`, …
    pub code: String,
    /// What went wrong, for a person.
    pub message: String,
}

/// An ack's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum AckStatus {
    /// The server has the frame.
    Received,
    /// The frame took effect.
    Delivered,
    /// The frame was refused; `code` and `error` say why.
    Error,
}

/// `ack`: the answer to a client frame sent with an id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Ack {
    /// Received, delivered or error.
    pub status: AckStatus,
    /// With `error`: `VALIDATION_ERROR`, `RATE_LIMIT`, `NOT_FOUND`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// With `error`: what went wrong, for a person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// `typing.start` / `typing.stop` from the server: who is typing where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TypingNotice {
    /// Who.
    pub user_id: String,
    /// In which conversation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<String>,
}

/// Why a `resume` could not be honoured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ResumeFailure {
    /// No such session (expired, never existed, or another user's).
    UnknownSession,
    /// The session's epoch is not the one named.
    EpochChanged,
    /// The history no longer holds every frame after the client's seq.
    BufferExceeded,
}

/// `resume.failed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ResumeFailed {
    /// Why.
    pub reason: ResumeFailure,
}

/// `message.start`: creates the message, or reopens it for regeneration (slices cleared).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct MessageStart {
    /// `user`, `assistant`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Free-form metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Value>,
}

/// `content.set` / `reasoning.set`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Text {
    /// The whole text.
    pub text: String,
}

/// `content.delta` / `reasoning.delta`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TextDelta {
    /// The text to append.
    pub text: String,
    /// The part it belongs to (`part.start`), if the server names parts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<Id>,
}

/// What a `part.start` begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PartKind {
    /// A text part.
    Text,
    /// A reasoning part.
    Reasoning,
}

/// `part.start`: a text or reasoning part of the message begins (parts keep their order).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PartStart {
    /// `text` or `reasoning`.
    pub kind: PartKind,
    /// The part's key; later deltas name it as `part`.
    pub part: Id,
}

/// `sources.add`: one source or several; a source with the same `id` (else `url`) replaces.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SourcesAdd {
    /// One source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// Several sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<Source>>,
}

/// `sources.set`: replaces the sources (none clears them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SourcesSet {
    /// The new sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<Source>>,
}

/// `followUpQuestions.set`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FollowUpsSet {
    /// The new questions.
    pub questions: Vec<String>,
}

/// `followUpQuestions.add`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FollowUpAdd {
    /// One more question.
    pub question: String,
}

/// `citations.add`: one citation or several (any JSON objects).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CitationsAdd {
    /// One citation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation: Option<Map<String, Value>>,
    /// Several citations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citations: Option<Vec<Map<String, Value>>>,
}

/// `tool.start`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ToolStart {
    /// The call's id.
    pub tool_call_id: String,
    /// The tool's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The message part the call is, if the server names parts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<Id>,
}

/// `tool.delta`: a chunk of a tool call's arguments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ToolDelta {
    /// The call's id.
    pub tool_call_id: String,
    /// Appended to the call's `argsText`.
    pub args_text: String,
    /// The call's part, if the server names parts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<Id>,
}

/// `tool.input`: a tool call's arguments are complete.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ToolInput {
    /// The call's id.
    pub tool_call_id: String,
    /// The call's part, if the server names parts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<Id>,
    /// The arguments, parsed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub args: Option<Value>,
    /// The arguments' whole text (replaces what streamed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub args_text: Option<String>,
}

/// `tool.approval`: a tool call asks for the user's approval, or got the answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ToolApproval {
    /// Which approval.
    pub approval_id: Id,
    /// The call it is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_call_id: Option<String>,
    /// The call's part, if the server names parts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<Id>,
    /// The answer, once given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved: Option<bool>,
    /// Why, if said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `tool.end`: the call's result or error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ToolEnd {
    /// The call's id.
    pub tool_call_id: String,
    /// The result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<Value>,
    /// The error; the call's status becomes `error` when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<Value>,
    /// The call's part, if the server names parts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<Id>,
    /// The user refused the call; its status becomes `denied`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denied: Option<bool>,
}

/// `elicitation.end`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ElicitationEnd {
    /// The form that closed.
    pub elicitation_id: String,
}

/// `state.set`: replaces a custom slice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StateSet {
    /// The slice's name.
    pub slice: String,
    /// Its new value.
    pub value: Value,
}

/// `state.patch`: an RFC 7386 JSON Merge Patch onto a custom slice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StatePatch {
    /// The slice's name.
    pub slice: String,
    /// The merge patch.
    pub patch: Value,
}

/// `state.jsonPatch`: an RFC 6902 JSON Patch onto a custom slice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StateJsonPatch {
    /// The slice's name.
    pub slice: String,
    /// The operations (`{op, path, value?, from?}`), applied in order.
    pub patch: Vec<Map<String, Value>>,
}

/// `meta.patch`: an RFC 7386 merge patch onto the message's `meta`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MergePatch {
    /// The merge patch.
    pub patch: Value,
}

/// `data.put`: a keyed data part of the message (replaced by `id`), or a transient one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DataPut {
    /// The custom slice it goes in.
    pub slice: String,
    /// Its key in the slice (a later put with the same id replaces it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Id>,
    /// The data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
    /// An event only: not kept in the slice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transient: Option<bool>,
}

/// `agent.state`: replaces the session's shared `state` key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AgentState {
    /// The new state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
}

/// `agent.patch`: an RFC 6902 JSON Patch onto the `state` key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AgentPatch {
    /// The operations, applied in order.
    pub patch: Vec<Map<String, Value>>,
}

/// `run.start`: an agent run begins.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RunStart {
    /// The thread (conversation) it runs in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_id: Option<Id>,
    /// The run's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_id: Option<Id>,
}

/// `run.finish`: the run ended.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct RunFinish {
    /// What it produced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<Value>,
    /// How it ended, as the agent says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Value>,
    /// Tokens and the like.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<Value>,
}

/// `step.start` / `step.finish`: a named step of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Step {
    /// The step's name.
    pub name: String,
}

/// `event`: a named event for the app's listeners (`store.on(name)`); nothing is kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Event {
    /// The event's name.
    pub name: String,
    /// Its value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
}

/// One server-to-client envelope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "action_type")]
pub enum ServerEnvelope {
    /// The session this connection is on.
    #[serde(rename = "session.ready")]
    #[schemars(title = "SessionReadyEnvelope")]
    SessionReady {
        /// `v`, `ref`.
        #[serde(flatten)]
        head: ConnectionHead,
        /// The payload.
        payload: SessionReady,
    },
    /// A connection-scoped error.
    #[serde(rename = "session.error")]
    #[schemars(title = "SessionErrorEnvelope")]
    SessionError {
        /// `v`, `ref`.
        #[serde(flatten)]
        head: ConnectionHead,
        /// The payload.
        payload: SessionError,
    },
    /// A resume could not be honoured.
    #[serde(rename = "resume.failed")]
    #[schemars(title = "ResumeFailedEnvelope")]
    ResumeFailed {
        /// `v`, `ref`.
        #[serde(flatten)]
        head: ConnectionHead,
        /// The payload.
        payload: ResumeFailed,
    },
    /// The answer to `ping`.
    #[serde(rename = "pong")]
    #[schemars(title = "PongEnvelope")]
    Pong {
        /// `v`, `ref`.
        #[serde(flatten)]
        head: ConnectionHead,
        /// The payload.
        #[serde(default)]
        payload: Empty,
    },
    /// Someone else started typing.
    #[serde(rename = "typing.start")]
    #[schemars(title = "TypingStartEnvelope")]
    TypingStart {
        /// `v`, `ref`.
        #[serde(flatten)]
        head: ConnectionHead,
        /// The payload.
        payload: TypingNotice,
    },
    /// Someone else stopped typing.
    #[serde(rename = "typing.stop")]
    #[schemars(title = "TypingStopEnvelope")]
    TypingStop {
        /// `v`, `ref`.
        #[serde(flatten)]
        head: ConnectionHead,
        /// The payload.
        payload: TypingNotice,
    },
    /// The answer to a client frame's `id`.
    #[serde(rename = "ack")]
    #[schemars(title = "AckEnvelope")]
    Ack {
        /// `v`, `seq`, `ref`.
        #[serde(flatten)]
        head: AckHead,
        /// The payload.
        payload: Ack,
    },
    /// A message begins (or is regenerated).
    #[serde(rename = "message.start")]
    #[schemars(title = "MessageStartEnvelope")]
    MessageStart {
        /// `v`, `messageId`, `seq`, `ref`.
        #[serde(flatten)]
        head: MessageHead,
        /// The payload.
        #[serde(default)]
        payload: MessageStart,
    },
    /// Appends to `content`.
    #[serde(rename = "content.delta")]
    #[schemars(title = "ContentDeltaEnvelope")]
    ContentDelta {
        /// `v`, `messageId`, `seq`, `ref`.
        #[serde(flatten)]
        head: MessageHead,
        /// The payload.
        payload: TextDelta,
    },
    /// Replaces `content` (a cumulative stream: where it extends the old text, the suffix is new).
    #[serde(rename = "content.set")]
    #[schemars(title = "ContentSetEnvelope")]
    ContentSet {
        /// `v`, `messageId`, `seq`, `ref`.
        #[serde(flatten)]
        head: MessageHead,
        /// The payload.
        payload: Text,
    },
    /// Appends to `reasoning`.
    #[serde(rename = "reasoning.delta")]
    #[schemars(title = "ReasoningDeltaEnvelope")]
    ReasoningDelta {
        /// `v`, `messageId`, `seq`, `ref`.
        #[serde(flatten)]
        head: MessageHead,
        /// The payload.
        payload: TextDelta,
    },
    /// Adds sources.
    #[serde(rename = "sources.add")]
    #[schemars(title = "SourcesAddEnvelope")]
    SourcesAdd {
        /// `v`, `messageId`, `seq`, `ref`.
        #[serde(flatten)]
        head: MessageHead,
        /// The payload.
        payload: SourcesAdd,
    },
    /// Replaces sources.
    #[serde(rename = "sources.set")]
    #[schemars(title = "SourcesSetEnvelope")]
    SourcesSet {
        /// `v`, `messageId`, `seq`, `ref`.
        #[serde(flatten)]
        head: MessageHead,
        /// The payload.
        payload: SourcesSet,
    },
    /// Replaces follow-up questions.
    #[serde(rename = "followUpQuestions.set")]
    #[schemars(title = "FollowUpsSetEnvelope")]
    FollowUpsSet {
        /// `v`, `messageId`, `seq`, `ref`.
        #[serde(flatten)]
        head: MessageHead,
        /// The payload.
        payload: FollowUpsSet,
    },
    /// Appends one follow-up question.
    #[serde(rename = "followUpQuestions.add")]
    #[schemars(title = "FollowUpAddEnvelope")]
    FollowUpAdd {
        /// `v`, `messageId`, `seq`, `ref`.
        #[serde(flatten)]
        head: MessageHead,
        /// The payload.
        payload: FollowUpAdd,
    },
    /// Appends citations.
    #[serde(rename = "citations.add")]
    #[schemars(title = "CitationsAddEnvelope")]
    CitationsAdd {
        /// `v`, `messageId`, `seq`, `ref`.
        #[serde(flatten)]
        head: MessageHead,
        /// The payload.
        payload: CitationsAdd,
    },
    /// Appends a log line (the client keeps a bounded ring).
    #[serde(rename = "logs.append")]
    #[schemars(title = "LogsAppendEnvelope")]
    LogsAppend {
        /// `v`, `messageId`, `seq`, `ref`.
        #[serde(flatten)]
        head: MessageHead,
        /// The payload.
        payload: LogEntry,
    },
    /// A tool call starts.
    #[serde(rename = "tool.start")]
    #[schemars(title = "ToolStartEnvelope")]
    ToolStart {
        /// `v`, `messageId`, `seq`, `ref`.
        #[serde(flatten)]
        head: MessageHead,
        /// The payload.
        payload: ToolStart,
    },
    /// A chunk of a tool call's arguments.
    #[serde(rename = "tool.delta")]
    #[schemars(title = "ToolDeltaEnvelope")]
    ToolDelta {
        /// `v`, `messageId`, `seq`, `ref`.
        #[serde(flatten)]
        head: MessageHead,
        /// The payload.
        payload: ToolDelta,
    },
    /// A tool call ends.
    #[serde(rename = "tool.end")]
    #[schemars(title = "ToolEndEnvelope")]
    ToolEnd {
        /// `v`, `messageId`, `seq`, `ref`.
        #[serde(flatten)]
        head: MessageHead,
        /// The payload.
        payload: ToolEnd,
    },
    /// A form for the user to fill.
    #[serde(rename = "elicitation.start")]
    #[schemars(title = "ElicitationStartEnvelope")]
    ElicitationStart {
        /// `v`, `messageId`, `seq`, `ref`.
        #[serde(flatten)]
        head: MessageHead,
        /// The payload.
        payload: Elicitation,
    },
    /// The form is answered or withdrawn.
    #[serde(rename = "elicitation.end")]
    #[schemars(title = "ElicitationEndEnvelope")]
    ElicitationEnd {
        /// `v`, `messageId`, `seq`, `ref`.
        #[serde(flatten)]
        head: MessageHead,
        /// The payload.
        payload: ElicitationEnd,
    },
    /// Replaces a custom slice.
    #[serde(rename = "state.set")]
    #[schemars(title = "StateSetEnvelope")]
    StateSet {
        /// `v`, `messageId`, `seq`, `ref`.
        #[serde(flatten)]
        head: MessageHead,
        /// The payload.
        payload: StateSet,
    },
    /// Merge-patches a custom slice.
    #[serde(rename = "state.patch")]
    #[schemars(title = "StatePatchEnvelope")]
    StatePatch {
        /// `v`, `messageId`, `seq`, `ref`.
        #[serde(flatten)]
        head: MessageHead,
        /// The payload.
        payload: StatePatch,
    },
    /// The whole message, for resync (the answer to `sync`).
    #[serde(rename = "message.snapshot")]
    #[schemars(title = "MessageSnapshotEnvelope")]
    MessageSnapshot {
        /// `v`, `messageId`, `seq`, `ref`.
        #[serde(flatten)]
        head: MessageHead,
        /// The payload.
        payload: Box<Message>,
    },
    /// The message is complete.
    #[serde(rename = "message.done")]
    #[schemars(title = "MessageDoneEnvelope")]
    MessageDone {
        /// `v`, `messageId`, `seq`, `ref`.
        #[serde(flatten)]
        head: MessageHead,
        /// The payload.
        #[serde(default)]
        payload: Empty,
    },
    /// The message failed.
    #[serde(rename = "message.error")]
    #[schemars(title = "MessageErrorEnvelope")]
    MessageError {
        /// `v`, `messageId`, `seq`, `ref`.
        #[serde(flatten)]
        head: MessageHead,
        /// The payload.
        payload: MessageError,
    },
    /// The message was stopped.
    #[serde(rename = "message.cancelled")]
    #[schemars(title = "MessageCancelledEnvelope")]
    MessageCancelled {
        /// `v`, `messageId`, `seq`, `ref`.
        #[serde(flatten)]
        head: MessageHead,
        /// The payload.
        #[serde(default)]
        payload: Empty,
    },
    /// Replaces `reasoning`.
    #[serde(rename = "reasoning.set")]
    #[schemars(title = "ReasoningSetEnvelope")]
    ReasoningSet {
        /// `v`, `messageId`, `seq`, `ref`.
        #[serde(flatten)]
        head: MessageHead,
        /// The payload.
        payload: Text,
    },
    /// Creates the message unless it exists (never clears it).
    #[serde(rename = "message.ensure")]
    #[schemars(title = "MessageEnsureEnvelope")]
    MessageEnsure {
        /// `v`, `messageId`, `seq`, `ref`.
        #[serde(flatten)]
        head: MessageHead,
        /// The payload.
        #[serde(default)]
        payload: MessageStart,
    },
    /// Merge-patches (RFC 7386) the message's `meta`.
    #[serde(rename = "meta.patch")]
    #[schemars(title = "MetaPatchEnvelope")]
    MetaPatch {
        /// `v`, `messageId`, `seq`, `ref`.
        #[serde(flatten)]
        head: MessageHead,
        /// The payload.
        payload: MergePatch,
    },
    /// A text or reasoning part of the message begins.
    #[serde(rename = "part.start")]
    #[schemars(title = "PartStartEnvelope")]
    PartStart {
        /// `v`, `messageId`, `seq`, `ref`.
        #[serde(flatten)]
        head: MessageHead,
        /// The payload.
        payload: PartStart,
    },
    /// A tool call's arguments are complete.
    #[serde(rename = "tool.input")]
    #[schemars(title = "ToolInputEnvelope")]
    ToolInput {
        /// `v`, `messageId`, `seq`, `ref`.
        #[serde(flatten)]
        head: MessageHead,
        /// The payload.
        payload: ToolInput,
    },
    /// A tool call asks for (or got) the user's approval.
    #[serde(rename = "tool.approval")]
    #[schemars(title = "ToolApprovalEnvelope")]
    ToolApproval {
        /// `v`, `messageId`, `seq`, `ref`.
        #[serde(flatten)]
        head: MessageHead,
        /// The payload.
        payload: ToolApproval,
    },
    /// A keyed data part, or a transient one.
    #[serde(rename = "data.put")]
    #[schemars(title = "DataPutEnvelope")]
    DataPut {
        /// `v`, `messageId`, `seq`, `ref`.
        #[serde(flatten)]
        head: MessageHead,
        /// The payload.
        payload: DataPut,
    },
    /// JSON-Patches (RFC 6902) a custom slice.
    #[serde(rename = "state.jsonPatch")]
    #[schemars(title = "StateJsonPatchEnvelope")]
    StateJsonPatch {
        /// `v`, `messageId`, `seq`, `ref`.
        #[serde(flatten)]
        head: MessageHead,
        /// The payload.
        payload: StateJsonPatch,
    },
    /// Replaces the session's `state` key.
    #[serde(rename = "agent.state")]
    #[schemars(title = "AgentStateEnvelope")]
    AgentState {
        /// `v`, `seq`, `ref`.
        #[serde(flatten)]
        head: StreamHead,
        /// The payload.
        payload: AgentState,
    },
    /// JSON-Patches (RFC 6902) the `state` key.
    #[serde(rename = "agent.patch")]
    #[schemars(title = "AgentPatchEnvelope")]
    AgentPatch {
        /// `v`, `seq`, `ref`.
        #[serde(flatten)]
        head: StreamHead,
        /// The payload.
        payload: AgentPatch,
    },
    /// An agent run begins.
    #[serde(rename = "run.start")]
    #[schemars(title = "RunStartEnvelope")]
    RunStart {
        /// `v`, `seq`, `ref`.
        #[serde(flatten)]
        head: StreamHead,
        /// The payload.
        #[serde(default)]
        payload: RunStart,
    },
    /// The run ended.
    #[serde(rename = "run.finish")]
    #[schemars(title = "RunFinishEnvelope")]
    RunFinish {
        /// `v`, `seq`, `ref`.
        #[serde(flatten)]
        head: StreamHead,
        /// The payload.
        #[serde(default)]
        payload: RunFinish,
    },
    /// The run failed.
    #[serde(rename = "run.error")]
    #[schemars(title = "RunErrorEnvelope")]
    RunError {
        /// `v`, `seq`, `ref`.
        #[serde(flatten)]
        head: StreamHead,
        /// The payload.
        payload: MessageError,
    },
    /// A step of the run begins.
    #[serde(rename = "step.start")]
    #[schemars(title = "StepStartEnvelope")]
    StepStart {
        /// `v`, `seq`, `ref`.
        #[serde(flatten)]
        head: StreamHead,
        /// The payload.
        payload: Step,
    },
    /// A step of the run ends.
    #[serde(rename = "step.finish")]
    #[schemars(title = "StepFinishEnvelope")]
    StepFinish {
        /// `v`, `seq`, `ref`.
        #[serde(flatten)]
        head: StreamHead,
        /// The payload.
        payload: Step,
    },
    /// A named event for the app's listeners.
    #[serde(rename = "event")]
    #[schemars(title = "EventEnvelope")]
    Event {
        /// `v`, `seq`, `ref`.
        #[serde(flatten)]
        head: StreamHead,
        /// The payload.
        payload: Event,
    },
}

/// One server-to-client WebSocket message: an envelope, or a batch applied in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ServerFrame {
    /// One envelope.
    One(Box<ServerEnvelope>),
    /// A batch, applied in order, notifying subscribers once.
    Batch(Vec<ServerEnvelope>),
}
