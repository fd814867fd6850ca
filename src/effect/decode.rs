//! Decoding a payload into its op's effect.
//!
//! The same decoder serves a built-in frame's raw payload and a route-assembled one
//! (re-encoded as text), so only one copy of every payload decoder is in the wasm.

use crate::json::Value;
use serde::de::{self, Deserialize, Deserializer};

use super::{has_forbidden_key, payload, Effect, Op, FORBIDDEN_KEY};
use crate::message::{Elicitation, LogEntry, Message};

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
        Op::LogsAppend => Effect::LogAppend(from_value(d, LogEntry::from_json)?),
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
        Op::ElicitationStart => Effect::ElicitationStart(from_value(d, Elicitation::from_json)?),
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
            let message = Message::from_json(&value).map_err(de::Error::custom)?;
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

/// A part read by hand from the payload as a value (`LogEntry::from_json`, …).
fn from_value<'de, T, D: Deserializer<'de>>(
    d: D,
    read: fn(&Value) -> Result<T, String>,
) -> Result<T, D::Error> {
    read(&Value::deserialize(d)?).map_err(de::Error::custom)
}

fn one_or_many<'de, D: Deserializer<'de>>(p: payload::Sources) -> Result<Vec<Value>, D::Error> {
    let mut all = p.sources.unwrap_or_default();
    all.extend(p.source);
    if all.is_empty() {
        return Err(de::Error::custom("needs `source` or `sources`"));
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

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
