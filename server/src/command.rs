//! Client frames, parsed into [`Command`]s.
//!
//! Like mini-redis's `Command`, an unknown `action_type` is a value ([`Command::Unknown`]),
//! not an error: the connection answers it with `session.error` and goes on. A frame that is
//! not an object with a string `action_type`, or whose payload misses a required field, is a
//! [`Invalid`] with a message saying what to fix. Neither ends the connection.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use crate::protocol::action;

/// Most replies one chat message may ask for.
pub const MAX_REPLIES: u32 = 8;

/// A chat message's payload.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ChatMessage {
    /// The user's text.
    pub content: String,
    /// The conversation it belongs to.
    pub conversation_id: Option<String>,
    /// The client's id for the user message.
    pub message_id: Option<String>,
    /// How many assistant replies to stream in parallel (1..=8, default 1).
    pub replies: Option<u32>,
}

/// A resume request's payload.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Resume {
    /// The session to continue.
    pub session_id: String,
    /// The epoch it was made in.
    pub epoch: u64,
    /// The last seq the client applied.
    pub seq: u64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MessageRef {
    message_id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Submit {
    elicitation_id: String,
    #[serde(default)]
    values: Value,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Typing {
    conversation_id: Option<String>,
}

/// What a client frame asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// `chat.message`.
    Chat(ChatMessage),
    /// `signal.stop {messageId}`.
    Stop {
        /// The reply to stop.
        message_id: String,
    },
    /// `elicitation.submit {elicitationId, values}`.
    Submit {
        /// The form.
        elicitation_id: String,
        /// The user's answers.
        values: Value,
    },
    /// `typing.start` (`true`) or `typing.stop` (`false`).
    Typing {
        /// Started or stopped.
        started: bool,
        /// The conversation, if the frame names one.
        conversation_id: Option<String>,
    },
    /// `ping`.
    Ping,
    /// `resume {sessionId, epoch, seq}`.
    Resume(Resume),
    /// `sync {messageId}`.
    Sync {
        /// The message to snapshot.
        message_id: String,
    },
    /// An action this server does not know.
    Unknown(String),
}

/// A parsed client frame.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientFrame {
    /// The client's frame id, echoed as `ref`.
    pub id: Option<String>,
    /// What it asks for.
    pub command: Command,
}

/// A frame that could not be understood, with its id if it had one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// The frame's id, if it had one.
    pub id: Option<String>,
    /// What was wrong.
    pub message: String,
}

/// Parses the frames in one WebSocket message: an envelope or an array of envelopes.
pub fn parse_text(text: &str) -> Vec<Result<ClientFrame, Invalid>> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(items)) => items.iter().map(parse).collect(),
        Ok(value) => vec![parse(&value)],
        Err(e) => vec![Err(Invalid {
            id: None,
            message: format!("invalid JSON: {e}"),
        })],
    }
}

/// Parses one envelope.
pub fn parse(value: &Value) -> Result<ClientFrame, Invalid> {
    let id = value.get("id").and_then(Value::as_str).map(str::to_owned);
    let invalid = |message: String| Invalid {
        id: id.clone(),
        message,
    };
    if !value.is_object() {
        return Err(invalid("a frame must be a JSON object".into()));
    }
    let Some(action_type) = value.get("action_type").and_then(Value::as_str) else {
        return Err(invalid("missing string field action_type".into()));
    };
    let payload = value.get("payload").cloned().unwrap_or(Value::Null);
    let command = match action_type {
        action::CHAT_MESSAGE => Command::Chat(payload_as(action_type, payload).map_err(invalid)?),
        action::SIGNAL_STOP => {
            let MessageRef { message_id } = payload_as(action_type, payload).map_err(invalid)?;
            Command::Stop { message_id }
        }
        action::ELICITATION_SUBMIT => {
            let Submit {
                elicitation_id,
                values,
            } = payload_as(action_type, payload).map_err(invalid)?;
            Command::Submit {
                elicitation_id,
                values,
            }
        }
        action::TYPING_START | action::TYPING_STOP => {
            let typing: Typing = if payload.is_null() {
                Typing::default()
            } else {
                payload_as(action_type, payload).map_err(invalid)?
            };
            Command::Typing {
                started: action_type == action::TYPING_START,
                conversation_id: typing.conversation_id,
            }
        }
        action::PING => Command::Ping,
        action::RESUME => Command::Resume(payload_as(action_type, payload).map_err(invalid)?),
        action::SYNC => {
            let MessageRef { message_id } = payload_as(action_type, payload).map_err(invalid)?;
            Command::Sync { message_id }
        }
        other => Command::Unknown(other.to_owned()),
    };
    Ok(ClientFrame { id, command })
}

fn payload_as<T: DeserializeOwned>(action_type: &str, payload: Value) -> Result<T, String> {
    serde_json::from_value(payload).map_err(|e| format!("{action_type}: bad payload: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn one(v: Value) -> Result<ClientFrame, Invalid> {
        parse(&v)
    }

    #[test]
    fn chat_message_parses_with_optional_fields() {
        let frame = one(json!({"v":1,"action_type":"chat.message","id":"c1",
            "payload":{"content":"hi","replies":2}}))
        .unwrap();
        assert_eq!(frame.id.as_deref(), Some("c1"));
        let Command::Chat(chat) = frame.command else {
            panic!("not chat")
        };
        assert_eq!(chat.content, "hi");
        assert_eq!(chat.replies, Some(2));
    }

    #[test]
    fn unknown_action_is_a_value_and_bad_payload_is_invalid() {
        assert_eq!(
            one(json!({"action_type":"zap"})).unwrap().command,
            Command::Unknown("zap".into())
        );
        let bad = one(json!({"action_type":"chat.message","id":"x","payload":{}})).unwrap_err();
        assert_eq!(bad.id.as_deref(), Some("x"));
        assert!(bad.message.contains("content"));
        assert!(one(json!({"payload":{}})).is_err());
    }

    #[test]
    fn text_may_be_invalid_json_or_a_batch() {
        assert!(parse_text("{nope").pop().unwrap().is_err());
        let batch = parse_text(r#"[{"action_type":"ping"},{"action_type":"typing.start"}]"#);
        assert_eq!(batch.len(), 2);
        assert!(batch.iter().all(Result::is_ok));
    }

    #[test]
    fn resume_reads_camel_case_fields() {
        let frame = one(json!({"action_type":"resume","id":"r",
            "payload":{"sessionId":"s","epoch":3,"seq":9}}))
        .unwrap();
        assert_eq!(
            frame.command,
            Command::Resume(Resume {
                session_id: "s".into(),
                epoch: 3,
                seq: 9
            })
        );
    }
}
