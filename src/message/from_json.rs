//! Reading a message and its parts from JSON values: a `message.snapshot` payload, a
//! `logs.append` line, an `elicitation.start` form.
//!
//! The rules are those of docs/message-shape.md: camelCase names, unknown names ignored, a
//! missing field takes its default (except the few that are required), an optional field
//! may also be `null`. A value of the wrong type is an error naming the field, with the
//! path to it (`` `tools`[1]: `toolCallId`: expected a string ``).

use std::collections::{BTreeMap, VecDeque};

use super::{
    Args, Elicitation, LogEntry, Message, MessageError, Part, PartKind, Status, ToolCall,
    ToolStatus,
};
use crate::json::{write_u64, Map, Value};

impl Message {
    /// A message from a snapshot's JSON (docs/message-shape.md); missing slices are empty.
    pub fn from_json(value: &Value) -> Result<Message, String> {
        let o = object(value)?;
        Ok(Message {
            id: string(o, "id")?.unwrap_or_default(),
            role: nullable(o, "role", string)?,
            status: named(o, "status", &Status::ALL, |s| s.as_str())?.unwrap_or_default(),
            content: string(o, "content")?.unwrap_or_default(),
            reasoning: string(o, "reasoning")?.unwrap_or_default(),
            sources: list(o, "sources", |v| Ok(v.clone()))?.unwrap_or_default(),
            follow_up_questions: list(o, "followUpQuestions", text)?.unwrap_or_default(),
            citations: list(o, "citations", |v| Ok(v.clone()))?.unwrap_or_default(),
            logs: list(o, "logs", LogEntry::from_json)?
                .map(VecDeque::from)
                .unwrap_or_default(),
            tools: list(o, "tools", ToolCall::from_json)?.unwrap_or_default(),
            elicitation: nullable(o, "elicitation", |o, name| {
                member(o, name, Elicitation::from_json)
            })?,
            parts: list(o, "parts", Part::from_json)?.unwrap_or_default(),
            error: nullable(o, "error", |o, name| {
                member(o, name, MessageError::from_json)
            })?,
            meta: any(o, "meta"),
            text_epoch: 0,
            held_content: None,
            held_reasoning: None,
            custom: custom(o, "custom")?.unwrap_or_default(),
        })
    }
}

impl LogEntry {
    /// A log line from `{"level"?, "text", "ts"?}`.
    pub fn from_json(value: &Value) -> Result<LogEntry, String> {
        let o = object(value)?;
        Ok(LogEntry {
            level: nullable(o, "level", string)?,
            text: required(string(o, "text")?, "text")?,
            ts: any(o, "ts"),
        })
    }
}

impl Elicitation {
    /// A form from `{"elicitationId", "schema"?, "mode"?}`.
    pub fn from_json(value: &Value) -> Result<Elicitation, String> {
        let o = object(value)?;
        Ok(Elicitation {
            elicitation_id: required(string(o, "elicitationId")?, "elicitationId")?,
            schema: o.get("schema").cloned().unwrap_or_default(),
            mode: nullable(o, "mode", string)?,
            message: nullable(o, "message", string)?,
            tool_call_id: nullable(o, "toolCallId", string)?,
        })
    }
}

impl ToolCall {
    /// A tool call from `{"toolCallId", "name"?, "argsText"?, "status"?, "result"?, "error"?}`.
    pub fn from_json(value: &Value) -> Result<ToolCall, String> {
        let o = object(value)?;
        Ok(ToolCall {
            tool_call_id: required(string(o, "toolCallId")?, "toolCallId")?,
            name: nullable(o, "name", string)?,
            args_text: string(o, "argsText")?.unwrap_or_default(),
            args: any(o, "args").map(Args::whole).unwrap_or_default(),
            status: named(o, "status", &ToolStatus::ALL, |s| s.as_str())?.unwrap_or_default(),
            result: any(o, "result"),
            error: any(o, "error"),
            held: None,
            approval: any(o, "approval"),
        })
    }
}

impl Part {
    /// A part from `{"type", "key", "start"?, "toolCallId"?}`. Its byte offset is not in the
    /// JSON: a snapshot's parts are positions in its own text, found again from `start`.
    pub fn from_json(value: &Value) -> Result<Part, String> {
        let o = object(value)?;
        let kinds = [PartKind::Text, PartKind::Reasoning, PartKind::Tool];
        let kind = named(o, "type", &kinds, |k| k.as_str())?;
        Ok(Part {
            kind: required(kind, "type")?,
            key: required(string(o, "key")?, "key")?,
            start: nullable(o, "start", |o, name| {
                member(o, name, |v| {
                    v.as_u64().ok_or_else(|| "expected a whole number".into())
                })
            })?,
            byte_start: 0,
            tool_call_id: nullable(o, "toolCallId", string)?,
        })
    }
}

impl MessageError {
    /// A message's error from `{"code"?, "message"}`.
    pub fn from_json(value: &Value) -> Result<MessageError, String> {
        let o = object(value)?;
        Ok(MessageError {
            code: nullable(o, "code", string)?,
            message: required(string(o, "message")?, "message")?,
        })
    }
}

/// The value's members, or an error when it is not an object.
fn object(value: &Value) -> Result<&Map, String> {
    value
        .as_object()
        .ok_or_else(|| "expected an object".to_owned())
}

/// `` `name`: what ``.
fn at(name: &str, what: &str) -> String {
    let mut out = String::with_capacity(name.len() + what.len() + 4);
    out.push('`');
    out.push_str(name);
    out.push_str("`: ");
    out.push_str(what);
    out
}

/// The value of a required field, or an error naming it when it was missing.
fn required<T>(value: Option<T>, name: &str) -> Result<T, String> {
    value.ok_or_else(|| {
        let mut out = String::from("missing field `");
        out.push_str(name);
        out.push('`');
        out
    })
}

/// A string.
fn text(value: &Value) -> Result<String, String> {
    value
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| "expected a string".to_owned())
}

/// The member `name` read with `read`, `None` when absent; an error says where.
fn member<T>(
    o: &Map,
    name: &str,
    read: impl FnOnce(&Value) -> Result<T, String>,
) -> Result<Option<T>, String> {
    o.get(name).map(read).transpose().map_err(|e| at(name, &e))
}

/// The string member `name`, `None` when absent.
fn string(o: &Map, name: &str) -> Result<Option<String>, String> {
    member(o, name, text)
}

/// An optional member: absent and `null` are both `None`, otherwise `read` decides.
fn nullable<T>(
    o: &Map,
    name: &str,
    read: impl FnOnce(&Map, &str) -> Result<Option<T>, String>,
) -> Result<Option<T>, String> {
    match o.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(_) => read(o, name),
    }
}

/// Any JSON value, kept as it is; absent and `null` are `None`.
fn any(o: &Map, name: &str) -> Option<Value> {
    o.get(name).filter(|v| !v.is_null()).cloned()
}

/// The array member `name`, each item read with `read`; an error says which item.
/// (Generic only in the loop: the lookup and the error are shared by every item type.)
fn list<T>(
    o: &Map,
    name: &str,
    read: impl Fn(&Value) -> Result<T, String>,
) -> Result<Option<Vec<T>>, String> {
    let Some(items) = array(o, name)? else {
        return Ok(None);
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        out.push(read(item).map_err(|e| item_error(name, i, &e))?);
    }
    Ok(Some(out))
}

/// The member `name` as an array, if present.
fn array<'a>(o: &'a Map, name: &str) -> Result<Option<&'a [Value]>, String> {
    o.get(name)
        .map(|value| {
            let items = value
                .as_array()
                .ok_or_else(|| at(name, "expected an array"))?;
            Ok(items.as_slice())
        })
        .transpose()
}

/// "`name`[i]: what".
fn item_error(name: &str, i: usize, what: &str) -> String {
    let mut path = String::with_capacity(name.len() + what.len() + 12);
    path.push('`');
    path.push_str(name);
    path.push_str("`[");
    write_u64(&mut path, i as u64);
    path.push_str("]: ");
    path.push_str(what);
    path
}

/// The object member `name` as a map of names to values.
fn custom(o: &Map, name: &str) -> Result<Option<BTreeMap<String, Value>>, String> {
    member(o, name, |value| {
        let map = object(value)?;
        // Inserted one by one: collecting would link a whole stable sort into the wasm.
        let mut out = BTreeMap::new();
        for (k, v) in map {
            out.insert(k.clone(), v.clone());
        }
        Ok(out)
    })
}

/// The member `name` as one of `all`, by the names `name_of` gives them.
fn named<T: Copy>(
    o: &Map,
    name: &str,
    all: &[T],
    name_of: impl Fn(T) -> &'static str,
) -> Result<Option<T>, String> {
    member(o, name, |value| {
        let text = value.as_str();
        all.iter()
            .copied()
            .find(|item| Some(name_of(*item)) == text)
            .ok_or_else(|| {
                let mut out = String::from("expected one of");
                for (i, item) in all.iter().enumerate() {
                    out.push_str(if i == 0 { " " } else { ", " });
                    out.push_str(name_of(*item));
                }
                out
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::jv;

    #[test]
    fn a_message_reads_every_slice() {
        let m = Message::from_json(&jv!({
            "id": "m1", "role": "assistant", "status": "done", "content": "c",
            "reasoning": "r", "sources": [{"id": "s1"}], "followUpQuestions": ["q"],
            "citations": [{"n": 1}], "logs": [{"text": "l", "level": "info", "ts": 5}],
            "tools": [{"toolCallId": "t1", "name": "search", "argsText": "{}",
                       "status": "done", "result": [1], "error": null}],
            "elicitation": {"elicitationId": "e1", "schema": {"type": "object"}, "mode": "form"},
            "error": {"code": "E", "message": "m"},
            "meta": {"k": 1}, "custom": {"plan": [1, 2]},
            "textEpoch": 9, "unknown": "ignored"
        }))
        .unwrap();
        let expected = Message {
            parts: Vec::new(),
            id: "m1".into(),
            role: Some("assistant".into()),
            status: Status::Done,
            content: "c".into(),
            reasoning: "r".into(),
            sources: vec![jv!({"id": "s1"})],
            follow_up_questions: vec!["q".into()],
            citations: vec![jv!({"n": 1})],
            logs: VecDeque::from([LogEntry {
                level: Some("info".into()),
                text: "l".into(),
                ts: Some(jv!(5)),
            }]),
            tools: vec![ToolCall {
                args: Default::default(),
                approval: None,
                tool_call_id: "t1".into(),
                name: Some("search".into()),
                args_text: "{}".into(),
                status: ToolStatus::Done,
                result: Some(jv!([1])),
                error: None,
                held: None,
            }],
            elicitation: Some(Elicitation {
                message: None,
                tool_call_id: None,
                elicitation_id: "e1".into(),
                schema: jv!({"type": "object"}),
                mode: Some("form".into()),
            }),
            error: Some(MessageError {
                code: Some("E".into()),
                message: "m".into(),
            }),
            meta: Some(jv!({"k": 1})),
            text_epoch: 0,
            held_content: None,
            held_reasoning: None,
            custom: BTreeMap::from([("plan".to_owned(), jv!([1, 2]))]),
        };
        assert_eq!(m, expected);
    }

    #[test]
    fn a_message_missing_everything_is_the_default() {
        assert_eq!(Message::from_json(&jv!({})).unwrap(), Message::default());
        let nulls = jv!({"role": null, "elicitation": null, "error": null, "meta": null});
        assert_eq!(Message::from_json(&nulls).unwrap(), Message::default());
    }

    #[test]
    fn written_messages_read_back_the_same() {
        let mut m = Message::from_json(&jv!({
            "id": "m1", "status": "cancelled", "logs": [{"text": "l"}],
            "tools": [{"toolCallId": "t"}], "custom": {"a": null}
        }))
        .unwrap();
        let again = Message::from_json(&crate::json::parse(&crate::json::to_string(&m)).unwrap());
        assert_eq!(again.unwrap(), m);
        m.status = Status::Stale;
        let again = Message::from_json(&crate::json::parse(&crate::json::to_string(&m)).unwrap());
        assert_eq!(again.unwrap().status, Status::Stale);
    }

    #[test]
    fn wrong_types_name_the_field() {
        let cases = [
            (jv!([]), "expected an object"),
            (jv!({"id": 1}), "`id`: expected a string"),
            (jv!({"id": null}), "`id`: expected a string"),
            (jv!({"role": 5}), "`role`: expected a string"),
            (
                jv!({"status": "finished"}),
                "`status`: expected one of pending, streaming, done, error, cancelled, stale",
            ),
            (
                jv!({"status": 1}),
                "`status`: expected one of pending, streaming, done, error, cancelled, stale",
            ),
            (jv!({"content": ["x"]}), "`content`: expected a string"),
            (jv!({"sources": {}}), "`sources`: expected an array"),
            (jv!({"sources": null}), "`sources`: expected an array"),
            (
                jv!({"followUpQuestions": ["a", 2]}),
                "`followUpQuestions`[1]: expected a string",
            ),
            (
                jv!({"logs": [{"text": "a"}, {}]}),
                "`logs`[1]: missing field `text`",
            ),
            (
                jv!({"tools": [{"toolCallId": 7}]}),
                "`tools`[0]: `toolCallId`: expected a string",
            ),
            (
                jv!({"tools": [{"toolCallId": "t", "status": "done!"}]}),
                "`tools`[0]: `status`: expected one of running, done, error, denied",
            ),
            (
                jv!({"elicitation": {"schema": {}}}),
                "`elicitation`: missing field `elicitationId`",
            ),
            (
                jv!({"elicitation": "e1"}),
                "`elicitation`: expected an object",
            ),
            (
                jv!({"error": {"code": "E"}}),
                "`error`: missing field `message`",
            ),
            (
                jv!({"error": {"message": "m", "code": 1}}),
                "`error`: `code`: expected a string",
            ),
            (jv!({"custom": [1]}), "`custom`: expected an object"),
        ];
        for (input, expected) in cases {
            assert_eq!(
                Message::from_json(&input).unwrap_err(),
                expected,
                "{input:?}"
            );
        }
    }

    #[test]
    fn a_log_line_needs_its_text() {
        let line = LogEntry::from_json(&jv!({"text": "hi", "level": null, "ts": null, "x": 1}));
        assert_eq!(
            line.unwrap(),
            LogEntry {
                level: None,
                text: "hi".into(),
                ts: None,
            }
        );
        let line = LogEntry::from_json(&jv!({"text": "hi", "ts": "2024-01-01"})).unwrap();
        assert_eq!(line.ts, Some(jv!("2024-01-01")));
        assert_eq!(
            LogEntry::from_json(&jv!({"level": "info"})).unwrap_err(),
            "missing field `text`"
        );
        assert_eq!(
            LogEntry::from_json(&jv!({"text": null})).unwrap_err(),
            "`text`: expected a string"
        );
        assert_eq!(
            LogEntry::from_json(&jv!({"text": "t", "level": 3})).unwrap_err(),
            "`level`: expected a string"
        );
        assert_eq!(
            LogEntry::from_json(&jv!("hi")).unwrap_err(),
            "expected an object"
        );
    }

    #[test]
    fn a_form_needs_its_id_and_defaults_the_rest() {
        assert_eq!(
            Elicitation::from_json(&jv!({"elicitationId": "e1"})).unwrap(),
            Elicitation {
                message: None,
                tool_call_id: None,
                elicitation_id: "e1".into(),
                schema: Value::Null,
                mode: None,
            }
        );
        assert_eq!(
            Elicitation::from_json(&jv!({"schema": {}, "mode": "form"})).unwrap_err(),
            "missing field `elicitationId`"
        );
        assert_eq!(
            Elicitation::from_json(&jv!({"elicitationId": 1})).unwrap_err(),
            "`elicitationId`: expected a string"
        );
        assert_eq!(
            Elicitation::from_json(&jv!({"elicitationId": "e", "mode": {}})).unwrap_err(),
            "`mode`: expected a string"
        );
    }

    #[test]
    fn a_tool_call_needs_its_id_and_defaults_the_rest() {
        assert_eq!(
            ToolCall::from_json(&jv!({"toolCallId": "t", "result": null})).unwrap(),
            ToolCall {
                args: Default::default(),
                approval: None,
                tool_call_id: "t".into(),
                name: None,
                args_text: String::new(),
                status: ToolStatus::Running,
                result: None,
                error: None,
                held: None,
            }
        );
        assert_eq!(
            ToolCall::from_json(&jv!({"name": "x"})).unwrap_err(),
            "missing field `toolCallId`"
        );
        assert_eq!(
            ToolCall::from_json(&jv!({"toolCallId": "t", "argsText": null})).unwrap_err(),
            "`argsText`: expected a string"
        );
    }

    #[test]
    fn a_message_error_needs_its_message() {
        assert_eq!(
            MessageError::from_json(&jv!({"message": "m", "code": null})).unwrap(),
            MessageError {
                code: None,
                message: "m".into(),
            }
        );
        assert_eq!(
            MessageError::from_json(&jv!({})).unwrap_err(),
            "missing field `message`"
        );
    }
}
