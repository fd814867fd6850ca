//! The wire vocabulary this server speaks: action names, close codes, ack statuses, error codes,
//! and the envelope encoder.
//!
//! Everything here follows `PROTOCOL.md` (version 1); one `const` per magic string so a typo
//! is a compile error, not a silent protocol drift. An encoded frame looks like:
//!
//! ```json
//! {"v":1,"action_type":"content.delta","messageId":"a-1","seq":7,"payload":{"text":"Hel"}}
//! ```

use serde_json::{Map, Value};

/// The protocol version written into every frame's `v`.
pub const PROTOCOL_VERSION: u64 = 1;

/// The largest client frame this server reads (1 MiB, the client's own limit for server
/// frames): a larger one is refused with `session.error` `FRAME_TOO_LARGE`, unparsed, so
/// nothing it carries (a chat message's text) is echoed in a frame the client would reject.
pub const MAX_CLIENT_FRAME_BYTES: usize = 1 << 20;

/// `action_type` values, both directions.
pub mod action {
    /// Server: a session is ready (`{sessionId, epoch, seq}`), sent on connect and on resume.
    pub const SESSION_READY: &str = "session.ready";
    /// Server: a connection-scoped error (`{code, message}`).
    pub const SESSION_ERROR: &str = "session.error";
    /// Server: the answer to a client frame's `id` (`{status, code?, error?}`).
    pub const ACK: &str = "ack";
    /// Server: answer to `ping`.
    pub const PONG: &str = "pong";
    /// Server: a `resume` could not be honoured (`{reason}`).
    pub const RESUME_FAILED: &str = "resume.failed";
    /// Both: typing indicator.
    pub const TYPING_START: &str = "typing.start";
    /// Both: typing indicator ended.
    pub const TYPING_STOP: &str = "typing.stop";
    /// Server: a message begins (`{role}`).
    pub const MESSAGE_START: &str = "message.start";
    /// Server: append to content.
    pub const CONTENT_DELTA: &str = "content.delta";
    /// Server: replace content.
    pub const CONTENT_SET: &str = "content.set";
    /// Server: append to reasoning.
    pub const REASONING_DELTA: &str = "reasoning.delta";
    /// Server: add a source.
    pub const SOURCES_ADD: &str = "sources.add";
    /// Server: replace sources.
    pub const SOURCES_SET: &str = "sources.set";
    /// Server: replace follow-up questions.
    pub const FOLLOW_UPS_SET: &str = "followUpQuestions.set";
    /// Server: append one follow-up question.
    pub const FOLLOW_UPS_ADD: &str = "followUpQuestions.add";
    /// Server: add citations.
    pub const CITATIONS_ADD: &str = "citations.add";
    /// Server: append a log line.
    pub const LOGS_APPEND: &str = "logs.append";
    /// Server: a tool call starts.
    pub const TOOL_START: &str = "tool.start";
    /// Server: a chunk of a tool call's arguments.
    pub const TOOL_DELTA: &str = "tool.delta";
    /// Server: a tool call ends.
    pub const TOOL_END: &str = "tool.end";
    /// Server: a form for the user to fill.
    pub const ELICITATION_START: &str = "elicitation.start";
    /// Server: the form is answered.
    pub const ELICITATION_END: &str = "elicitation.end";
    /// Server: the whole message, for resync.
    pub const MESSAGE_SNAPSHOT: &str = "message.snapshot";
    /// Server: the message is complete.
    pub const MESSAGE_DONE: &str = "message.done";
    /// Server: the message failed.
    pub const MESSAGE_ERROR: &str = "message.error";
    /// Server: the message was stopped.
    pub const MESSAGE_CANCELLED: &str = "message.cancelled";
    /// Client: a chat message.
    pub const CHAT_MESSAGE: &str = "chat.message";
    /// Client: stop a streaming reply.
    pub const SIGNAL_STOP: &str = "signal.stop";
    /// Client: answer a form.
    pub const ELICITATION_SUBMIT: &str = "elicitation.submit";
    /// Client: heartbeat.
    pub const PING: &str = "ping";
    /// Client: continue a session after a reconnect.
    pub const RESUME: &str = "resume";
    /// Client: ask for a `message.snapshot`.
    pub const SYNC: &str = "sync";
}

/// WebSocket close codes this server uses (4000-4999 is the application range, RFC 6455 §7.4.2).
pub mod close {
    /// No token, or a bad one.
    pub const UNAUTHORIZED: u16 = 4401;
    /// A valid user who may not connect.
    pub const FORBIDDEN: u16 = 4403;
    /// Fault injection, when an abrupt drop is not possible.
    pub const DROPPED: u16 = 4000;
    /// Another connection resumed this connection's session.
    pub const SESSION_TAKEN: u16 = 4409;
    /// The server is shutting down ("going away", RFC 6455 §7.4.1).
    pub const GOING_AWAY: u16 = 1001;
}

/// Close reasons, paired with [`close`] codes.
pub mod reason {
    /// No `token` query parameter.
    pub const AUTH_REQUIRED: &str = "AUTH_REQUIRED";
    /// The token is malformed or starts with `bad`.
    pub const AUTH_FAILED: &str = "AUTH_FAILED";
    /// The token starts with `forbidden`.
    pub const FORBIDDEN: &str = "FORBIDDEN";
    /// Another connection resumed the session.
    pub const SESSION_TAKEN: &str = "SESSION_TAKEN";
    /// Server shutdown.
    pub const SHUTDOWN: &str = "SHUTDOWN";
}

/// `ack` payload `status` values.
pub mod ack_status {
    /// The server has the frame.
    pub const RECEIVED: &str = "received";
    /// The frame took effect (for a chat message: it is in the conversation).
    pub const DELIVERED: &str = "delivered";
    /// The frame was refused; `code` and `error` say why.
    pub const ERROR: &str = "error";
}

/// `code` values in acks, `session.error` and `message.error`.
pub mod error_code {
    /// The client frame was not understood.
    pub const VALIDATION_ERROR: &str = "VALIDATION_ERROR";
    /// Too many chat messages.
    pub const RATE_LIMIT: &str = "RATE_LIMIT";
    /// The scripted model failed (prompt contained `/error`).
    pub const MODEL_ERROR: &str = "MODEL_ERROR";
    /// A `sync` or `elicitation.submit` named something the session does not know.
    pub const NOT_FOUND: &str = "NOT_FOUND";
    /// A client frame larger than [`super::MAX_CLIENT_FRAME_BYTES`].
    pub const FRAME_TOO_LARGE: &str = "FRAME_TOO_LARGE";
}

/// One server-to-client frame before it is encoded.
#[derive(Debug, Clone)]
pub struct Frame {
    /// The routing key.
    pub action_type: &'static str,
    /// The message the frame is for, for message-scoped actions.
    pub message_id: Option<String>,
    /// The client frame id this answers.
    pub reference: Option<String>,
    /// Action-specific data.
    pub payload: Value,
}

impl Frame {
    /// A connection-scoped frame.
    pub fn new(action_type: &'static str, payload: Value) -> Self {
        Frame {
            action_type,
            message_id: None,
            reference: None,
            payload,
        }
    }

    /// A message-scoped frame.
    pub fn for_message(action_type: &'static str, message_id: &str, payload: Value) -> Self {
        Frame {
            message_id: Some(message_id.to_owned()),
            ..Frame::new(action_type, payload)
        }
    }

    /// The same frame, answering client frame `reference`.
    pub fn with_ref(mut self, reference: Option<String>) -> Self {
        self.reference = reference;
        self
    }

    /// Encodes the frame as JSON text, with `seq` when it has one.
    pub fn encode(&self, seq: Option<u64>) -> String {
        let mut map = Map::new();
        map.insert("v".into(), Value::from(PROTOCOL_VERSION));
        map.insert("action_type".into(), Value::from(self.action_type));
        if let Some(id) = &self.message_id {
            map.insert("messageId".into(), Value::from(id.as_str()));
        }
        if let Some(seq) = seq {
            map.insert("seq".into(), Value::from(seq));
        }
        if let Some(reference) = &self.reference {
            map.insert("ref".into(), Value::from(reference.as_str()));
        }
        map.insert("payload".into(), self.payload.clone());
        Value::Object(map).to_string()
    }
}

/// An `ack` payload: `{status, code?, error?}`.
pub fn ack_payload(status: &str, code: Option<&str>, error: Option<&str>) -> Value {
    let mut map = Map::new();
    map.insert("status".into(), Value::from(status));
    if let Some(code) = code {
        map.insert("code".into(), Value::from(code));
    }
    if let Some(error) = error {
        map.insert("error".into(), Value::from(error));
    }
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn encode_writes_exact_field_names() {
        let frame = Frame::for_message(action::CONTENT_DELTA, "a-1", json!({"text": "hi"}))
            .with_ref(Some("c1".into()));
        let value: Value = serde_json::from_str(&frame.encode(Some(3))).unwrap();
        assert_eq!(
            value,
            json!({"v":1,"action_type":"content.delta","messageId":"a-1","seq":3,"ref":"c1","payload":{"text":"hi"}})
        );
    }

    #[test]
    fn connection_scoped_frame_has_no_message_id_or_seq() {
        let value: Value =
            serde_json::from_str(&Frame::new(action::PONG, json!({})).encode(None)).unwrap();
        assert_eq!(value, json!({"v":1,"action_type":"pong","payload":{}}));
    }

    #[test]
    fn ack_payload_omits_absent_fields() {
        assert_eq!(
            ack_payload("received", None, None),
            json!({"status":"received"})
        );
    }
}
