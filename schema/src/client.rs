//! Client-to-server envelopes: one variant per built-in action, each with its payload.
//!
//! A client frame carries `id` when the client wants an `ack` (its `ref` is that `id`).
//! A server may accept actions of its own beyond these; a frame whose `action_type` it does
//! not know is answered with `session.error` (and an error ack when it had an `id`).
//!
//! ```json
//! {"v":1,"action_type":"chat.message","id":"c1-7","payload":{"content":"hi"}}
//! ```

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::server::Empty;

/// The fields of a client envelope besides `action_type` and `payload`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct ClientHead {
    /// The protocol version; absent means 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub v: Option<u64>,
    /// The client's frame id; answers to this frame carry it as `ref`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// `chat.message`: the user says something. A server may read fields of its own beside these.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChatMessage {
    /// The user's text.
    pub content: String,
    /// The conversation it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<String>,
    /// The client's id for the user message (the server echoes it under this id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// Any other field, for the server's own use.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `signal.stop` and `sync`: the message they are about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MessageRef {
    /// The message.
    pub message_id: String,
}

/// `elicitation.submit`: the user's answers to a form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ElicitationSubmit {
    /// The form (`elicitation.start`'s `elicitationId`).
    pub elicitation_id: String,
    /// The filled values, shaped by the form's schema.
    pub values: Map<String, Value>,
}

/// `typing.start` / `typing.stop` from a client.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Typing {
    /// The conversation; absent means the connection's current one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<String>,
}

/// `resume`: continue a session after a reconnect, from the last seq the client applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Resume {
    /// `session.ready.sessionId`.
    pub session_id: String,
    /// `session.ready.epoch`.
    pub epoch: u64,
    /// The last seq applied.
    pub seq: u64,
}

/// `auth`: the token, as the first frame instead of the `token` query parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Auth {
    /// The token.
    pub token: String,
}

/// One client-to-server envelope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "action_type")]
pub enum ClientEnvelope {
    /// A chat message.
    #[serde(rename = "chat.message")]
    #[schemars(title = "ChatMessageRequest")]
    ChatMessage {
        /// `v`, `id`.
        #[serde(flatten)]
        head: ClientHead,
        /// The payload.
        payload: ChatMessage,
    },
    /// Stop a streaming reply.
    #[serde(rename = "signal.stop")]
    #[schemars(title = "SignalStopRequest")]
    SignalStop {
        /// `v`, `id`.
        #[serde(flatten)]
        head: ClientHead,
        /// The payload.
        payload: MessageRef,
    },
    /// Answer a form.
    #[serde(rename = "elicitation.submit")]
    #[schemars(title = "ElicitationSubmitRequest")]
    ElicitationSubmit {
        /// `v`, `id`.
        #[serde(flatten)]
        head: ClientHead,
        /// The payload.
        payload: ElicitationSubmit,
    },
    /// The user started typing.
    #[serde(rename = "typing.start")]
    #[schemars(title = "TypingStartRequest")]
    TypingStart {
        /// `v`, `id`.
        #[serde(flatten)]
        head: ClientHead,
        /// The payload.
        #[serde(default)]
        payload: Typing,
    },
    /// The user stopped typing.
    #[serde(rename = "typing.stop")]
    #[schemars(title = "TypingStopRequest")]
    TypingStop {
        /// `v`, `id`.
        #[serde(flatten)]
        head: ClientHead,
        /// The payload.
        #[serde(default)]
        payload: Typing,
    },
    /// Heartbeat; answered with `pong`.
    #[serde(rename = "ping")]
    #[schemars(title = "PingRequest")]
    Ping {
        /// `v`, `id`.
        #[serde(flatten)]
        head: ClientHead,
        /// The payload.
        #[serde(default)]
        payload: Empty,
    },
    /// Continue a session.
    #[serde(rename = "resume")]
    #[schemars(title = "ResumeRequest")]
    Resume {
        /// `v`, `id`.
        #[serde(flatten)]
        head: ClientHead,
        /// The payload.
        payload: Resume,
    },
    /// Ask for a `message.snapshot`.
    #[serde(rename = "sync")]
    #[schemars(title = "SyncRequest")]
    Sync {
        /// `v`, `id`.
        #[serde(flatten)]
        head: ClientHead,
        /// The payload.
        payload: MessageRef,
    },
    /// The token, when not in the URL.
    #[serde(rename = "auth")]
    #[schemars(title = "AuthRequest")]
    Auth {
        /// `v`, `id`.
        #[serde(flatten)]
        head: ClientHead,
        /// The payload.
        payload: Auth,
    },
}

/// One client-to-server WebSocket message: an envelope, or a batch handled in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ClientFrame {
    /// One envelope.
    One(Box<ClientEnvelope>),
    /// A batch.
    Batch(Vec<ClientEnvelope>),
}
