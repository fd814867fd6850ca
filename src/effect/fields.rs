//! The payload fields every built-in op reads, as data: their names, whether the op needs
//! them, and what JSON they take.
//!
//! The decoders in `payload.rs` and `message/from_json.rs` are the behaviour; this table
//! describes them for three readers: a route spec is checked against it at creation (an
//! unknown field throws, listing these), a route knows from it whether an absent optional
//! field means "this frame does not carry the effect", and docs/routes.md lists it. A host
//! test decodes every op from this table, with and without each needed field, so the
//! table cannot drift from the decoders.

use super::Op;

/// Whether an op needs a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// The payload is invalid without it.
    Required,
    /// The op works without it.
    Optional,
    /// At least one of the op's `AnyOf` fields must be there (`source` or `sources`).
    AnyOf,
}

/// One payload field of an op.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The field's name in the payload (`text`, `toolCallId`).
    pub name: &'static str,
    /// Whether the op needs it.
    pub need: Need,
    /// The JSON it takes, for a person (`"a string"`).
    pub takes: &'static str,
}

const fn f(name: &'static str, need: Need, takes: &'static str) -> Field {
    Field { name, need, takes }
}

use Need::{AnyOf, Optional, Required};

const STRING: &str = "a string";
const ID: &str = "a string or a number";
const ANY: &str = "any JSON value";
const ARRAY: &str = "an array of any JSON values";
const STRINGS: &str = "an array of strings";
const COUNT: &str = "a non-negative integer";
const BOOL: &str = "a boolean";

const START: &[Field] = &[f("role", Optional, STRING), f("meta", Optional, ANY)];
const TEXT: &[Field] = &[f("text", Required, STRING)];
const TEXT_PART: &[Field] = &[f("text", Required, STRING), f("part", Optional, ID)];
const SOURCES_ADD: &[Field] = &[f("source", AnyOf, ANY), f("sources", AnyOf, ARRAY)];
const SOURCES_SET: &[Field] = &[f("sources", Optional, ARRAY)];
const QUESTIONS: &[Field] = &[f("questions", Required, STRINGS)];
const QUESTION: &[Field] = &[f("question", Required, STRING)];
const CITATIONS: &[Field] = &[f("citation", AnyOf, ANY), f("citations", AnyOf, ARRAY)];
const LOG: &[Field] = &[
    f("text", Required, STRING),
    f("level", Optional, STRING),
    f("ts", Optional, ANY),
];
const TOOL_START: &[Field] = &[
    f("toolCallId", Required, ID),
    f("name", Optional, STRING),
    f("part", Optional, ID),
];
const TOOL_DELTA: &[Field] = &[
    f("toolCallId", AnyOf, ID),
    f("part", AnyOf, ID),
    f("argsText", Required, STRING),
];
const TOOL_END: &[Field] = &[
    f("toolCallId", AnyOf, ID),
    f("part", AnyOf, ID),
    f("result", Optional, ANY),
    f("error", Optional, ANY),
    f("denied", Optional, BOOL),
];
const TOOL_INPUT: &[Field] = &[
    f("toolCallId", AnyOf, ID),
    f("part", AnyOf, ID),
    f("args", Optional, ANY),
    f("argsText", Optional, STRING),
];
const TOOL_APPROVAL: &[Field] = &[
    f("approvalId", Required, ID),
    f("toolCallId", Optional, ID),
    f("part", Optional, ID),
    f("approved", Optional, BOOL),
    f("reason", Optional, STRING),
];
const PART_START: &[Field] = &[
    f("kind", Required, "`text` or `reasoning`"),
    f("part", Required, ID),
];
const DATA_PUT: &[Field] = &[
    f("slice", Required, STRING),
    f("id", Optional, ID),
    f("data", Optional, ANY),
    f("transient", Optional, BOOL),
];
const PATCH: &[Field] = &[f("patch", Required, ANY)];
const VALUE: &[Field] = &[f("value", Optional, ANY)];
const RUN_START: &[Field] = &[f("threadId", Optional, ID), f("runId", Optional, ID)];
const RUN_FINISH: &[Field] = &[
    f("result", Optional, ANY),
    f("outcome", Optional, ANY),
    f("usage", Optional, ANY),
];
const STEP: &[Field] = &[f("name", Required, STRING)];
const EVENT: &[Field] = &[f("name", Required, STRING), f("value", Optional, ANY)];
const FORM_START: &[Field] = &[
    f("elicitationId", Required, STRING),
    f("schema", Optional, ANY),
    f("mode", Optional, STRING),
    f("message", Optional, STRING),
    f("toolCallId", Optional, ID),
];
const FORM_END: &[Field] = &[f("elicitationId", Required, ID)];
const STATE_SET: &[Field] = &[f("slice", Required, STRING), f("value", Optional, ANY)];
const STATE_PATCH: &[Field] = &[f("slice", Required, STRING), f("patch", Required, ANY)];
/// docs/message-shape.md: every member of a message, all optional.
const SNAPSHOT: &[Field] = &[
    f("id", Optional, STRING),
    f("role", Optional, STRING),
    f(
        "status",
        Optional,
        "a message status (`streaming`, `done`, …)",
    ),
    f("content", Optional, STRING),
    f("reasoning", Optional, STRING),
    f("sources", Optional, ARRAY),
    f("followUpQuestions", Optional, STRINGS),
    f("citations", Optional, ARRAY),
    f(
        "logs",
        Optional,
        "an array of log lines `{text, level?, ts?}`",
    ),
    f(
        "tools",
        Optional,
        "an array of tool calls `{toolCallId, …}`",
    ),
    f(
        "elicitation",
        Optional,
        "a form `{elicitationId, schema?, mode?}`",
    ),
    f("error", Optional, "`{message, code?}`"),
    f("meta", Optional, ANY),
    f("custom", Optional, "an object of custom slices"),
];
const FAILURE: &[Field] = &[
    f("message", Optional, STRING),
    f("code", Optional, STRING),
    f(
        "error",
        Optional,
        "a string (read when `message` is absent)",
    ),
];
const READY: &[Field] = &[
    f("sessionId", Optional, ID),
    f("epoch", Optional, COUNT),
    f("seq", Optional, COUNT),
];
const ACK: &[Field] = &[
    f("status", Required, "`received`, `delivered` or `error`"),
    f("code", Optional, STRING),
    f("error", Optional, STRING),
];
const TYPING: &[Field] = &[f("userId", Optional, ID), f("conversationId", Optional, ID)];
const RESUME_FAILED: &[Field] = &[f("reason", Optional, STRING)];
const NONE: &[Field] = &[];

impl Op {
    /// The payload fields the op reads; every other payload field is ignored.
    pub fn fields(self) -> &'static [Field] {
        match self {
            Op::MessageStart => START,
            Op::ContentDelta | Op::ReasoningDelta => TEXT_PART,
            Op::ContentSet | Op::ReasoningSet => TEXT,
            Op::SourcesAdd => SOURCES_ADD,
            Op::SourcesSet => SOURCES_SET,
            Op::FollowUpSet => QUESTIONS,
            Op::FollowUpAdd => QUESTION,
            Op::CitationsAdd => CITATIONS,
            Op::LogsAppend => LOG,
            Op::ToolStart => TOOL_START,
            Op::ToolDelta => TOOL_DELTA,
            Op::ToolEnd => TOOL_END,
            Op::ElicitationStart => FORM_START,
            Op::ElicitationEnd => FORM_END,
            Op::StateSet => STATE_SET,
            Op::StatePatch => STATE_PATCH,
            Op::MessageSnapshot => SNAPSHOT,
            Op::MessageError | Op::SessionError => FAILURE,
            Op::SessionReady => READY,
            Op::Ack => ACK,
            Op::TypingStart | Op::TypingStop => TYPING,
            Op::ResumeFailed => RESUME_FAILED,
            Op::MessageDone | Op::MessageCancelled | Op::Pong | Op::Ignore => NONE,
            Op::MessageEnsure => START,
            Op::MetaPatch | Op::AgentPatch => PATCH,
            Op::PartStart => PART_START,
            Op::ToolInput => TOOL_INPUT,
            Op::ToolApproval => TOOL_APPROVAL,
            Op::DataPut => DATA_PUT,
            Op::StateJsonPatch => STATE_PATCH,
            Op::AgentState => VALUE,
            Op::RunStart => RUN_START,
            Op::RunFinish => RUN_FINISH,
            Op::RunError => FAILURE,
            Op::StepStart | Op::StepFinish => STEP,
            Op::Event => EVENT,
        }
    }

    /// The op's field named `name`.
    pub fn field(self, name: &str) -> Option<&'static Field> {
        self.fields().iter().find(|f| f.name == name)
    }

    /// Whether a payload holding exactly the fields `has` says yes to lacks one the op
    /// needs (a required one, or every one of an any-of group).
    pub fn lacks_needed(self, has: impl Fn(&str) -> bool) -> bool {
        let fields = self.fields();
        let required = fields
            .iter()
            .any(|f| f.need == Need::Required && !has(f.name));
        let mut any_of = fields.iter().filter(|f| f.need == Need::AnyOf).peekable();
        let group = any_of.peek().is_some() && !any_of.any(|f| has(f.name));
        required || group
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::effect::decode_text;
    use crate::json::{jv as json, to_string, Map, Value};

    /// A value of the right JSON type for each field, so every op decodes.
    fn sample(op: Op, field: &Field) -> Value {
        match (op, field.name) {
            (_, "status") if op == Op::Ack => json!("received"),
            (Op::MessageSnapshot, "status") => json!("done"),
            (Op::MessageSnapshot, "logs") => json!([{"text": "l"}]),
            (Op::MessageSnapshot, "tools") => json!([{"toolCallId": "t"}]),
            (Op::MessageSnapshot, "elicitation") => json!({"elicitationId": "e"}),
            (Op::MessageSnapshot, "error") => json!({"message": "m"}),
            (Op::MessageSnapshot, "custom") => json!({"chart": 1}),
            (Op::PartStart, "kind") => json!("text"),
            (Op::StateJsonPatch, "patch") => json!([]),
            _ => match field.takes {
                STRINGS => json!(["q"]),
                ARRAY => json!([{"id": "x"}]),
                ANY => json!({"k": 1}),
                COUNT => json!(3),
                BOOL => json!(true),
                _ => json!("v"),
            },
        }
    }

    fn payload(op: Op, keep: impl Fn(&Field) -> bool) -> String {
        let mut map = Map::new();
        for field in op.fields().iter().filter(|f| keep(f)) {
            map.insert(field.name.to_owned(), sample(op, field));
        }
        to_string(&Value::Object(map))
    }

    #[test]
    fn every_op_decodes_from_its_fields_and_fails_without_a_needed_one() {
        for name in Op::names() {
            let op = Op::from_name(name).unwrap();
            let all = payload(op, |_| true);
            assert!(decode_text(op, &all).is_ok(), "{name} {all}");
            let needed = payload(op, |f| f.need != Need::Optional);
            assert!(decode_text(op, &needed).is_ok(), "{name} {needed}");
            assert!(!op.lacks_needed(|n| needed.contains(&format!("\"{n}\""))));
            for field in op.fields().iter().filter(|f| f.need == Need::Required) {
                let without = payload(op, |f| f.name != field.name);
                assert!(decode_text(op, &without).is_err(), "{name} {without}");
                assert!(op.lacks_needed(|n| n != field.name));
            }
            if op.fields().iter().any(|f| f.need == Need::AnyOf) {
                let without = payload(op, |f| f.need == Need::Required);
                assert!(decode_text(op, &without).is_err(), "{name} {without}");
                assert!(op.lacks_needed(|_| false));
            }
        }
    }

    #[test]
    fn an_op_without_needed_fields_never_lacks_one() {
        assert!(!Op::MessageStart.lacks_needed(|_| false));
        assert!(!Op::MessageDone.lacks_needed(|_| false));
        assert!(Op::ContentDelta.lacks_needed(|_| false));
        assert!(!Op::SourcesAdd.lacks_needed(|n| n == "source"));
    }
}
