//! Effects: what one action does, decoded into a typed value.
//!
//! Every built-in action of PROTOCOL.md has an [`Op`] and a payload shape. The same
//! decoder serves two inputs: a built-in frame's raw payload text (borrowing its
//! strings, no intermediate `serde_json::Value`), and a payload that a user route
//! assembled from a foreign frame's fields (see `routes`). So a route is only data: it
//! says which op and where its fields are, and runs exactly the built-in reducer.

use serde::de::{self, Deserialize, Deserializer};
use serde_json::Value;
use std::borrow::Cow;

use crate::message::{Elicitation, LogEntry};

/// The built-in actions, by their PROTOCOL.md names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `message.start`
    MessageStart,
    /// `content.delta`
    ContentDelta,
    /// `content.set`
    ContentSet,
    /// `reasoning.delta`
    ReasoningDelta,
    /// `reasoning.set`
    ReasoningSet,
    /// `sources.add`
    SourcesAdd,
    /// `sources.set`
    SourcesSet,
    /// `followUpQuestions.set`
    FollowUpSet,
    /// `followUpQuestions.add`
    FollowUpAdd,
    /// `citations.add`
    CitationsAdd,
    /// `logs.append`
    LogsAppend,
    /// `tool.start`
    ToolStart,
    /// `tool.delta`
    ToolDelta,
    /// `tool.end`
    ToolEnd,
    /// `elicitation.start`
    ElicitationStart,
    /// `elicitation.end`
    ElicitationEnd,
    /// `state.set`
    StateSet,
    /// `state.patch`
    StatePatch,
    /// `message.snapshot`
    MessageSnapshot,
    /// `message.done`
    MessageDone,
    /// `message.error`
    MessageError,
    /// `message.cancelled`
    MessageCancelled,
    /// `session.ready`
    SessionReady,
    /// `session.error`
    SessionError,
    /// `ack`
    Ack,
    /// `typing.start`
    TypingStart,
    /// `typing.stop`
    TypingStop,
    /// `pong`
    Pong,
    /// `resume.failed`
    ResumeFailed,
    /// A known action to ignore (routes only: `{"op": "ignore"}`).
    Ignore,
}

const OPS: [(&str, Op); 30] = [
    ("message.start", Op::MessageStart),
    ("content.delta", Op::ContentDelta),
    ("content.set", Op::ContentSet),
    ("reasoning.delta", Op::ReasoningDelta),
    ("reasoning.set", Op::ReasoningSet),
    ("sources.add", Op::SourcesAdd),
    ("sources.set", Op::SourcesSet),
    ("followUpQuestions.set", Op::FollowUpSet),
    ("followUpQuestions.add", Op::FollowUpAdd),
    ("citations.add", Op::CitationsAdd),
    ("logs.append", Op::LogsAppend),
    ("tool.start", Op::ToolStart),
    ("tool.delta", Op::ToolDelta),
    ("tool.end", Op::ToolEnd),
    ("elicitation.start", Op::ElicitationStart),
    ("elicitation.end", Op::ElicitationEnd),
    ("state.set", Op::StateSet),
    ("state.patch", Op::StatePatch),
    ("message.snapshot", Op::MessageSnapshot),
    ("message.done", Op::MessageDone),
    ("message.error", Op::MessageError),
    ("message.cancelled", Op::MessageCancelled),
    ("session.ready", Op::SessionReady),
    ("session.error", Op::SessionError),
    ("ack", Op::Ack),
    ("typing.start", Op::TypingStart),
    ("typing.stop", Op::TypingStop),
    ("pong", Op::Pong),
    ("resume.failed", Op::ResumeFailed),
    ("ignore", Op::Ignore),
];

impl Op {
    /// The op named `name` on the wire, if it is a built-in one.
    pub fn from_name(name: &str) -> Option<Op> {
        OPS.iter().find(|(n, _)| *n == name).map(|(_, op)| *op)
    }

    /// The wire name of the op.
    pub fn name(self) -> &'static str {
        OPS.iter()
            .find(|(_, op)| *op == self)
            .map_or("ignore", |(n, _)| n)
    }

    /// All wire names, for error messages that list what is allowed.
    pub fn names() -> impl Iterator<Item = &'static str> {
        OPS.iter().map(|(n, _)| *n)
    }

    /// Whether the op acts on one message (and so needs a message id).
    pub fn is_message_scoped(self) -> bool {
        !matches!(
            self,
            Op::SessionReady
                | Op::SessionError
                | Op::Ack
                | Op::TypingStart
                | Op::TypingStop
                | Op::Pong
                | Op::ResumeFailed
                | Op::Ignore
        )
    }
}

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
    ContentDelta(Cow<'a, str>),
    /// Replace content (cumulative streams).
    ContentSet(Cow<'a, str>),
    /// Append to reasoning.
    ReasoningDelta(Cow<'a, str>),
    /// Replace reasoning.
    ReasoningSet(Cow<'a, str>),
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
        args_text: Cow<'a, str>,
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

/// Decodes the payload of `op` from a JSON deserializer: a built-in frame's raw payload,
/// or the payload a route assembled (re-encoded as text, so only one copy of every
/// payload decoder is compiled into the wasm).
pub fn decode<'de, D: Deserializer<'de>>(op: Op, d: D) -> Result<Effect<'de>, D::Error> {
    use payload::*;
    Ok(match op {
        Op::MessageStart => {
            let p = Start::deserialize(d)?;
            Effect::MessageStart {
                role: p.role,
                meta: p.meta,
            }
        }
        Op::ContentDelta => Effect::ContentDelta(Text::deserialize(d)?.text),
        Op::ContentSet => Effect::ContentSet(Text::deserialize(d)?.text),
        Op::ReasoningDelta => Effect::ReasoningDelta(Text::deserialize(d)?.text),
        Op::ReasoningSet => Effect::ReasoningSet(Text::deserialize(d)?.text),
        Op::SourcesAdd => Effect::SourcesAdd(one_or_many::<D>(Sources::deserialize(d)?)?),
        Op::SourcesSet => Effect::SourcesSet(Sources::deserialize(d)?.sources.unwrap_or_default()),
        Op::FollowUpSet => Effect::FollowUpSet(Questions::deserialize(d)?.questions),
        Op::FollowUpAdd => Effect::FollowUpAdd(Question::deserialize(d)?.question),
        Op::CitationsAdd => {
            let p = Citations::deserialize(d)?;
            let mut all = p.citations.unwrap_or_default();
            all.extend(p.citation);
            if all.is_empty() {
                return Err(de::Error::custom("needs `citation` or `citations`"));
            }
            Effect::CitationsAdd(all)
        }
        Op::LogsAppend => Effect::LogAppend(LogEntry::deserialize(d)?),
        Op::ToolStart => {
            let p = ToolStart::deserialize(d)?;
            Effect::ToolStart {
                id: p.tool_call_id.0.into_owned(),
                name: p.name,
            }
        }
        Op::ToolDelta => {
            let p = ToolDelta::deserialize(d)?;
            Effect::ToolDelta {
                id: p.tool_call_id.0.into_owned(),
                args_text: p.args_text,
            }
        }
        Op::ToolEnd => {
            let p = ToolEnd::deserialize(d)?;
            Effect::ToolEnd {
                id: p.tool_call_id.0.into_owned(),
                result: p.result,
                error: p.error,
            }
        }
        Op::ElicitationStart => Effect::ElicitationStart(Elicitation::deserialize(d)?),
        Op::ElicitationEnd => Effect::ElicitationEnd {
            id: ElicitationEnd::deserialize(d)?
                .elicitation_id
                .0
                .into_owned(),
        },
        Op::StateSet => {
            let p = StateSet::deserialize(d)?;
            Effect::StateSet {
                slice: p.slice,
                value: p.value,
            }
        }
        Op::StatePatch => {
            let p = StatePatch::deserialize(d)?;
            Effect::StatePatch {
                slice: p.slice,
                patch: p.patch,
            }
        }
        Op::MessageSnapshot => {
            // Checked as a value first: a typed decode would silently drop an unknown
            // top-level `__proto__`. Then decoded from text, the one decoder compiled.
            let value = Value::deserialize(d)?;
            if has_forbidden_key(&value) {
                return Err(de::Error::custom(format!(
                    "`{FORBIDDEN_KEY}` keys are not accepted"
                )));
            }
            let message = serde_json::from_str(&value.to_string()).map_err(de::Error::custom)?;
            Effect::Snapshot(Box::new(message))
        }
        Op::MessageDone => Effect::Done,
        Op::MessageCancelled => Effect::Cancelled,
        Op::MessageError => {
            let p = Failure::deserialize(d)?;
            Effect::Error {
                code: p.code,
                message: p.message.or(p.error).unwrap_or_default(),
            }
        }
        Op::SessionReady => {
            let p = Ready::deserialize(d)?;
            Effect::SessionReady {
                session_id: p.session_id.map(|i| i.0.into_owned()).unwrap_or_default(),
                epoch: p.epoch,
                seq: p.seq,
            }
        }
        Op::SessionError => {
            let p = Failure::deserialize(d)?;
            Effect::SessionError {
                code: p.code.unwrap_or_default(),
                message: p.message.or(p.error).unwrap_or_default(),
            }
        }
        Op::Ack => {
            let p = Ack::deserialize(d)?;
            Effect::Ack {
                status: p.status,
                code: p.code,
                error: p.error,
            }
        }
        Op::TypingStart | Op::TypingStop => {
            let p = Typing::deserialize(d)?;
            let user_id = p.user_id.map(|i| i.0.into_owned()).unwrap_or_default();
            let conversation_id = p.conversation_id.map(|i| i.0.into_owned());
            if op == Op::TypingStart {
                Effect::TypingStart {
                    user_id,
                    conversation_id,
                }
            } else {
                Effect::TypingStop {
                    user_id,
                    conversation_id,
                }
            }
        }
        Op::Pong => Effect::Pong,
        Op::ResumeFailed => Effect::ResumeFailed {
            reason: Reason::deserialize(d)?.reason.unwrap_or_default(),
        },
        Op::Ignore => Effect::Ignore,
    })
}

fn one_or_many<'de, D: Deserializer<'de>>(p: payload::Sources) -> Result<Vec<Value>, D::Error> {
    let mut all = p.sources.unwrap_or_default();
    all.extend(p.source);
    if all.is_empty() {
        return Err(de::Error::custom("needs `source` or `sources`"));
    }
    Ok(all)
}

/// The payload shapes of PROTOCOL.md's built-in actions.
mod payload {
    use crate::protocol::IdText;
    use serde::Deserialize;
    use serde_json::Value;
    use std::borrow::Cow;

    #[derive(Deserialize)]
    pub struct Start<'a> {
        #[serde(borrow, default)]
        pub role: Option<Cow<'a, str>>,
        #[serde(default)]
        pub meta: Option<Value>,
    }
    #[derive(Deserialize)]
    pub struct Text<'a> {
        #[serde(borrow)]
        pub text: Cow<'a, str>,
    }
    #[derive(Deserialize)]
    pub struct Sources {
        #[serde(default)]
        pub source: Option<Value>,
        #[serde(default)]
        pub sources: Option<Vec<Value>>,
    }
    #[derive(Deserialize)]
    pub struct Citations {
        #[serde(default)]
        pub citation: Option<Value>,
        #[serde(default)]
        pub citations: Option<Vec<Value>>,
    }
    #[derive(Deserialize)]
    pub struct Questions {
        pub questions: Vec<String>,
    }
    #[derive(Deserialize)]
    pub struct Question {
        pub question: String,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ToolStart<'a> {
        #[serde(borrow)]
        pub tool_call_id: IdText<'a>,
        #[serde(default)]
        pub name: Option<String>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ToolDelta<'a> {
        #[serde(borrow)]
        pub tool_call_id: IdText<'a>,
        #[serde(borrow)]
        pub args_text: Cow<'a, str>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ToolEnd<'a> {
        #[serde(borrow)]
        pub tool_call_id: IdText<'a>,
        #[serde(default)]
        pub result: Option<Value>,
        #[serde(default)]
        pub error: Option<Value>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ElicitationEnd<'a> {
        #[serde(borrow)]
        pub elicitation_id: IdText<'a>,
    }
    #[derive(Deserialize)]
    pub struct StateSet {
        pub slice: String,
        #[serde(default)]
        pub value: Value,
    }
    #[derive(Deserialize)]
    pub struct StatePatch {
        pub slice: String,
        pub patch: Value,
    }
    #[derive(Deserialize)]
    pub struct Failure {
        #[serde(default)]
        pub code: Option<String>,
        #[serde(default)]
        pub message: Option<String>,
        #[serde(default)]
        pub error: Option<String>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Ready<'a> {
        #[serde(borrow, default)]
        pub session_id: Option<IdText<'a>>,
        #[serde(default)]
        pub epoch: u64,
        #[serde(default)]
        pub seq: u64,
    }
    #[derive(Deserialize)]
    pub struct Ack {
        pub status: String,
        #[serde(default)]
        pub code: Option<String>,
        #[serde(default)]
        pub error: Option<String>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Typing<'a> {
        #[serde(borrow, default)]
        pub user_id: Option<IdText<'a>>,
        #[serde(borrow, default)]
        pub conversation_id: Option<IdText<'a>>,
    }
    #[derive(Deserialize)]
    pub struct Reason {
        #[serde(default)]
        pub reason: Option<String>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from_text(op: Op, text: &str) -> Result<Effect<'_>, serde_json::Error> {
        decode(op, &mut serde_json::Deserializer::from_str(text))
    }

    #[test]
    fn every_op_name_round_trips() {
        for name in Op::names() {
            let op = Op::from_name(name).unwrap();
            assert_eq!(op.name(), name);
        }
        assert_eq!(Op::from_name("nope"), None);
    }

    #[test]
    fn content_delta_borrows_its_text() {
        let e = from_text(Op::ContentDelta, r#"{"text":"Hello"}"#).unwrap();
        assert!(matches!(e, Effect::ContentDelta(Cow::Borrowed("Hello"))));
    }

    #[test]
    fn escaped_text_is_unescaped() {
        let e = from_text(Op::ContentDelta, r#"{"text":"a\nb\u00e9"}"#).unwrap();
        assert_eq!(e, Effect::ContentDelta(Cow::Owned("a\nbé".into())));
    }

    #[test]
    fn sources_add_takes_one_or_many() {
        let one = from_text(Op::SourcesAdd, r#"{"source":{"id":"s1"}}"#).unwrap();
        let many = from_text(Op::SourcesAdd, r#"{"sources":[{"id":"s1"},{"id":"s2"}]}"#).unwrap();
        assert!(matches!(one, Effect::SourcesAdd(v) if v.len() == 1));
        assert!(matches!(many, Effect::SourcesAdd(v) if v.len() == 2));
        assert!(from_text(Op::SourcesAdd, "{}").is_err());
    }

    #[test]
    fn wrong_payload_types_are_errors() {
        assert!(from_text(Op::ContentDelta, r#"{"text":5}"#).is_err());
        assert!(from_text(Op::FollowUpSet, r#"{"questions":"no"}"#).is_err());
        assert!(from_text(Op::ToolStart, r#"{"name":"x"}"#).is_err());
    }

    #[test]
    fn decodes_from_a_route_assembled_value() {
        let v = serde_json::json!({"text": "from a route"});
        let e = decode(Op::ContentSet, &v).unwrap();
        assert_eq!(e, Effect::ContentSet(Cow::Borrowed("from a route")));
    }
}
