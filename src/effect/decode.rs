//! Decoding a payload into its op's effect.
//!
//! The same decoder serves a built-in frame's raw payload and a route-assembled one
//! (re-encoded as text), so only one copy of every payload decoder is in the wasm. The
//! shapes read field by field are in `payload`; a snapshot, a log line and a form are
//! read whole into a [`Value`] and converted by their own `from_json`.

use crate::json::{Reader, Value};

use super::payload::Members;
use super::{agent, has_forbidden_key, payload, Effect, Op, FORBIDDEN_KEY};
use crate::message::{Elicitation, LogEntry, Message};

/// Decodes the payload of `op`, one JSON value at the cursor of `r`: a built-in frame's
/// raw payload, or the payload a route assembled (re-encoded as text, so only one copy
/// of every payload decoder is compiled into the wasm). Strings borrow from the text
/// where they can. The error says what was wrong, for a person.
pub fn decode<'a>(op: Op, r: &mut Reader<'a>) -> Result<Effect<'a>, String> {
    decode_members(op, &mut Members::Object(r))
}

/// Decodes the payload of `op` from the fields a route read off a frame (field name, raw
/// JSON value): the same decoder as for a payload's text, with nothing written out and
/// read again. The values borrow from the frame where they can.
pub fn decode_fields<'a>(
    op: Op,
    fields: &'a [(&'a str, std::borrow::Cow<'a, str>)],
) -> Result<Effect<'a>, String> {
    decode_members(op, &mut Members::Fields(fields))
}

fn decode_members<'a>(op: Op, r: &mut Members<'_, 'a>) -> Result<Effect<'a>, String> {
    Ok(match op {
        Op::MessageStart => payload::start(r)?,
        Op::ContentDelta => match payload::text_part(r)? {
            (text, Some(part)) => Effect::ContentPart { text, part },
            (text, None) => Effect::ContentDelta(text),
        },
        Op::ContentSet => Effect::ContentSet(payload::text(r)?),
        Op::ReasoningDelta => match payload::text_part(r)? {
            (text, Some(part)) => Effect::ReasoningPart { text, part },
            (text, None) => Effect::ReasoningDelta(text),
        },
        Op::ReasoningSet => Effect::ReasoningSet(payload::text(r)?),
        Op::SourcesAdd => Effect::SourcesAdd(payload::one_or_many(r, "source", "sources")?),
        Op::SourcesSet => Effect::SourcesSet(payload::sources_set(r)?),
        Op::FollowUpSet => Effect::FollowUpSet(payload::questions(r)?),
        Op::FollowUpAdd => Effect::FollowUpAdd(payload::question(r)?),
        Op::CitationsAdd => Effect::CitationsAdd(payload::one_or_many(r, "citation", "citations")?),
        Op::LogsAppend => Effect::LogAppend(LogEntry::from_json(&whole(r)?)?),
        Op::ToolStart => payload::tool_start(r)?,
        Op::ToolDelta => payload::tool_delta(r)?,
        Op::ToolEnd => payload::tool_end(r)?,
        Op::ElicitationStart => Effect::ElicitationStart(Elicitation::from_json(&whole(r)?)?),
        Op::ElicitationEnd => payload::elicitation_end(r)?,
        Op::StateSet => payload::state_set(r)?,
        Op::StatePatch => payload::state_patch(r)?,
        Op::MessageSnapshot => {
            // Checked as a value first: the typed conversion would silently drop an
            // unknown top-level `__proto__`.
            let value = whole(r)?;
            if has_forbidden_key(&value) {
                return Err(format!("`{FORBIDDEN_KEY}` keys are not accepted"));
            }
            Effect::Snapshot(Box::new(Message::from_json(&value)?))
        }
        Op::MessageDone => ignored(r, Effect::Done)?,
        Op::MessageCancelled => ignored(r, Effect::Cancelled)?,
        Op::MessageError => {
            let p = payload::failure(r)?;
            Effect::Error {
                code: p.code,
                message: p.message,
            }
        }
        Op::SessionReady => payload::ready(r)?,
        Op::SessionError => {
            let p = payload::failure(r)?;
            Effect::SessionError {
                code: p.code.unwrap_or_default(),
                message: p.message,
            }
        }
        Op::Ack => payload::ack(r)?,
        Op::TypingStart => {
            let (user_id, conversation_id) = payload::typing(r)?;
            Effect::TypingStart {
                user_id,
                conversation_id,
            }
        }
        Op::TypingStop => {
            let (user_id, conversation_id) = payload::typing(r)?;
            Effect::TypingStop {
                user_id,
                conversation_id,
            }
        }
        Op::Pong => ignored(r, Effect::Pong)?,
        Op::ResumeFailed => payload::reason(r)?,
        Op::Ignore => ignored(r, Effect::Ignore)?,
        Op::MessageEnsure => agent::ensure(r)?,
        Op::MetaPatch => Effect::MetaPatch(agent::patch(r)?),
        Op::PartStart => agent::part_start(r)?,
        Op::ToolInput => agent::tool_input(r)?,
        Op::ToolApproval => agent::tool_approval(r)?,
        Op::DataPut => agent::data_put(r)?,
        Op::StateJsonPatch => agent::state_json_patch(r)?,
        Op::AgentState => Effect::AgentState(agent::value(r)?),
        Op::AgentPatch => Effect::AgentPatch(agent::patch(r)?),
        Op::RunStart => agent::run_start(r)?,
        Op::RunFinish => agent::run_finish(r)?,
        Op::RunError => {
            let p = payload::failure(r)?;
            Effect::RunError {
                code: p.code,
                message: p.message,
            }
        }
        Op::StepStart => Effect::StepStart(agent::step_name(r)?),
        Op::StepFinish => Effect::StepFinish(agent::step_name(r)?),
        Op::Event => agent::event(r)?,
    })
}

/// Decodes `text`, which must be exactly the payload of `op` (one JSON value).
pub fn decode_text(op: Op, text: &str) -> Result<Effect<'_>, String> {
    let mut r = Reader::new(text);
    let effect = decode(op, &mut r)?;
    r.finish().map_err(|e| e.message())?;
    Ok(effect)
}

/// The payload read whole, for the shapes converted from a value.
fn whole(m: &mut Members<'_, '_>) -> Result<Value, String> {
    match m {
        Members::Object(r) => r.value().map_err(|e| e.message()),
        Members::Fields(fields) => {
            let mut map = crate::json::Map::new();
            for (key, raw) in fields.iter() {
                let value =
                    crate::json::parse(raw).map_err(|e| format!("`{key}`: {}", e.message()))?;
                map.insert((*key).to_owned(), value);
            }
            Ok(Value::Object(map))
        }
    }
}

/// `effect`, for an op that takes nothing from its payload (skipped, whatever it is).
fn ignored<'a>(m: &mut Members<'_, 'a>, effect: Effect<'a>) -> Result<Effect<'a>, String> {
    if let Members::Object(r) = m {
        r.skip().map_err(|e| e.message())?;
    }
    Ok(effect)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{jv, to_string, Piece};
    use std::borrow::Cow;

    fn from_text(op: Op, text: &str) -> Result<Effect<'_>, String> {
        decode_text(op, text)
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
        assert!(matches!(
            e,
            Effect::ContentDelta(Piece {
                text: Cow::Borrowed("Hello"),
                ..
            })
        ));
        let e = from_text(Op::ToolDelta, r#"{"toolCallId":7,"argsText":"{\"q"}"#).unwrap();
        assert!(matches!(
            e,
            Effect::ToolDelta { ref call, args_text: Piece { text: Cow::Owned(ref t), .. } } if call.id.as_deref() == Some("7") && t == "{\"q"
        ));
    }

    #[test]
    fn escaped_text_is_unescaped() {
        let e = from_text(Op::ContentDelta, r#"{"text":"a\nb\u00e9"}"#).unwrap();
        assert_eq!(e, Effect::ContentDelta(Piece::plain("a\nbé")));
    }

    #[test]
    fn sources_add_takes_one_or_many() {
        let one = from_text(Op::SourcesAdd, r#"{"source":{"id":"s1"}}"#).unwrap();
        let many = from_text(Op::SourcesAdd, r#"{"sources":[{"id":"s1"},{"id":"s2"}]}"#).unwrap();
        let both = from_text(
            Op::SourcesAdd,
            r#"{"source":{"id":"s3"},"sources":[{"id":"s1"}]}"#,
        );
        assert!(matches!(one, Effect::SourcesAdd(v) if v.len() == 1));
        assert!(matches!(many, Effect::SourcesAdd(v) if v.len() == 2));
        assert_eq!(
            both.unwrap(),
            Effect::SourcesAdd(vec![jv!({"id": "s1"}), jv!({"id": "s3"})])
        );
        assert_eq!(
            from_text(Op::SourcesAdd, "{}").unwrap_err(),
            "needs `source` or `sources`"
        );
        assert!(from_text(Op::SourcesAdd, r#"{"source":null,"sources":[]}"#).is_err());
        assert_eq!(
            from_text(Op::SourcesSet, "{}").unwrap(),
            Effect::SourcesSet(vec![])
        );
    }

    #[test]
    fn citations_add_takes_one_or_many() {
        let e = from_text(Op::CitationsAdd, r#"{"citations":[1],"citation":2}"#).unwrap();
        assert_eq!(e, Effect::CitationsAdd(vec![jv!(1), jv!(2)]));
        assert_eq!(
            from_text(Op::CitationsAdd, r#"{"citations":[]}"#).unwrap_err(),
            "needs `citation` or `citations`"
        );
    }

    #[test]
    fn wrong_payload_types_are_errors() {
        assert!(from_text(Op::ContentDelta, r#"{"text":5}"#).is_err());
        assert!(from_text(Op::FollowUpSet, r#"{"questions":"no"}"#).is_err());
        assert!(from_text(Op::ToolStart, r#"{"name":"x"}"#).is_err());
        for (op, text) in [
            (Op::ContentDelta, r#"{"text":null}"#),
            (Op::ContentDelta, r#""Hello""#),
            (Op::ContentDelta, r#"["Hello"]"#),
            (Op::MessageStart, "null"),
            (Op::MessageStart, r#"{"role":5}"#),
            (Op::FollowUpSet, r#"{"questions":[1,2]}"#),
            (Op::FollowUpAdd, "{}"),
            (Op::SourcesAdd, r#"{"sources":"s2"}"#),
            (Op::CitationsAdd, r#"{"citations":{}}"#),
            (Op::ToolStart, r#"{"toolCallId":1.5}"#),
            (Op::ToolDelta, r#"{"toolCallId":"t1"}"#),
            (Op::ToolEnd, r#"{"toolCallId":null}"#),
            (Op::ElicitationEnd, r#"{"elicitationId":{}}"#),
            (Op::StateSet, r#"{"slice":5,"value":1}"#),
            (Op::StatePatch, r#"{"slice":"plan"}"#),
            (Op::MessageError, r#"{"message":5}"#),
            (Op::SessionReady, r#"{"epoch":-1}"#),
            (Op::SessionReady, r#"{"seq":null}"#),
            (Op::Ack, r#"{"code":"x"}"#),
            (Op::TypingStart, r#"{"userId":{}}"#),
            (Op::ResumeFailed, r#"{"reason":false}"#),
            (Op::ContentDelta, r#"{"text":"a"} {}"#),
        ] {
            assert!(from_text(op, text).is_err(), "{} {text}", op.name());
        }
    }

    #[test]
    fn errors_name_the_field() {
        assert_eq!(
            from_text(Op::ContentDelta, r#"{"text":5}"#).unwrap_err(),
            "`text`: expected a string at byte 8"
        );
        assert_eq!(
            from_text(Op::ToolStart, r#"{"name":"x"}"#).unwrap_err(),
            "missing field `toolCallId`"
        );
        assert_eq!(
            from_text(Op::StatePatch, r#"{"slice":"plan"}"#).unwrap_err(),
            "missing field `patch`"
        );
    }

    #[test]
    fn unknown_fields_are_skipped_and_nulls_are_absent() {
        let e = from_text(
            Op::MessageStart,
            r#"{"x":[{"y":"}"}],"role":null,"meta":null,"z":1}"#,
        );
        assert_eq!(
            e.unwrap(),
            Effect::MessageStart {
                role: None,
                meta: None
            }
        );
        let e = from_text(
            Op::ToolEnd,
            r#"{"toolCallId":"t1","result":{"a":[1]},"error":null}"#,
        );
        assert_eq!(
            e.unwrap(),
            Effect::ToolEnd {
                call: super::super::ToolRef::id("t1"),
                result: Some(jv!({"a": [1]})),
                error: None,
                denied: false
            }
        );
        let e = from_text(Op::MessageError, r#"{"error":"boom","code":null}"#).unwrap();
        assert_eq!(
            e,
            Effect::Error {
                code: None,
                message: "boom".into()
            }
        );
    }

    #[test]
    fn ids_and_numbers_read_as_the_wire_gives_them() {
        let e = from_text(Op::SessionReady, r#"{"sessionId":12,"epoch":3}"#).unwrap();
        assert_eq!(
            e,
            Effect::SessionReady {
                session_id: "12".into(),
                epoch: 3,
                seq: 0
            }
        );
        let e = from_text(Op::TypingStop, r#"{"userId":"u1","conversationId":9}"#).unwrap();
        assert_eq!(
            e,
            Effect::TypingStop {
                user_id: "u1".into(),
                conversation_id: Some("9".into())
            }
        );
        assert_eq!(
            from_text(Op::StateSet, r#"{"slice":"plan"}"#).unwrap(),
            Effect::StateSet {
                slice: "plan".into(),
                value: Value::Null
            }
        );
    }

    #[test]
    fn ops_without_fields_take_any_payload() {
        for text in ["{}", "null", "[1]", r#""x""#] {
            assert_eq!(from_text(Op::MessageDone, text).unwrap(), Effect::Done);
            assert_eq!(from_text(Op::Pong, text).unwrap(), Effect::Pong);
        }
    }

    #[test]
    fn a_snapshot_with_a_proto_key_is_refused() {
        let err = from_text(Op::MessageSnapshot, r#"{"content":"x","__proto__":{}}"#);
        assert_eq!(err.unwrap_err(), "`__proto__` keys are not accepted");
        let err = from_text(Op::MessageSnapshot, r#"{"custom":{"a":[{"__proto__":1}]}}"#);
        assert!(err.is_err());
    }

    #[test]
    fn whole_value_shapes_go_through_from_json() {
        let e = from_text(Op::LogsAppend, r#"{"text":"t","level":"info"}"#).unwrap();
        assert!(matches!(e, Effect::LogAppend(ref l) if l.text == "t"));
        assert!(from_text(Op::LogsAppend, r#"{"level":"info"}"#).is_err());
        let e = from_text(Op::ElicitationStart, r#"{"elicitationId":"e1"}"#).unwrap();
        assert!(matches!(e, Effect::ElicitationStart(ref f) if f.elicitation_id == "e1"));
        let e = from_text(Op::MessageSnapshot, r#"{"content":"x"}"#).unwrap();
        assert!(matches!(e, Effect::Snapshot(ref m) if m.content == "x"));
    }

    #[test]
    fn decodes_from_a_route_assembled_value() {
        let text = to_string(&jv!({"text": "from a route"}));
        let e = decode_text(Op::ContentSet, &text).unwrap();
        assert_eq!(e, Effect::ContentSet(Piece::plain("from a route")));
    }
}
