//! Writing a message and its parts as the JSON of docs/message-shape.md: camelCase names,
//! statuses as their names, absent options as `null` (a log line's `level` and `ts` are
//! left out instead), and `textEpoch` never written.

use super::{
    Args, Elicitation, LogEntry, Message, MessageError, Part, PartKind, Status, ToolCall,
    ToolStatus,
};
use crate::json::{write_str, ObjectWriter, ToJson};

impl ToJson for Status {
    fn write_json(&self, out: &mut String) {
        write_str(out, self.as_str());
    }
}

impl ToJson for ToolStatus {
    fn write_json(&self, out: &mut String) {
        write_str(out, self.as_str());
    }
}

impl ToJson for LogEntry {
    fn write_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        o.field_some("level", &self.level)
            .field("text", &self.text)
            .field_some("ts", &self.ts);
        o.end();
    }
}

impl ToJson for ToolCall {
    fn write_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        o.field("toolCallId", &self.tool_call_id)
            .field("name", &self.name)
            .field("argsText", &self.args_text)
            .field("args", &self.args)
            .field("status", &self.status)
            .field("result", &self.result)
            .field("error", &self.error)
            .field("approval", &self.approval);
        o.end();
    }
}

impl ToJson for Elicitation {
    fn write_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        o.field("elicitationId", &self.elicitation_id)
            .field("schema", &self.schema)
            .field("mode", &self.mode)
            .field("message", &self.message)
            .field("toolCallId", &self.tool_call_id);
        o.end();
    }
}

impl ToJson for Args {
    fn write_json(&self, out: &mut String) {
        self.value().write_json(out);
    }
}

impl ToJson for PartKind {
    fn write_json(&self, out: &mut String) {
        write_str(out, self.as_str());
    }
}

impl ToJson for Part {
    fn write_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        o.field("type", &self.kind).field("key", &self.key);
        o.field_some("start", &self.start)
            .field_some("toolCallId", &self.tool_call_id);
        o.end();
    }
}

impl ToJson for MessageError {
    fn write_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        o.field("code", &self.code).field("message", &self.message);
        o.end();
    }
}

impl ToJson for Message {
    fn write_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        o.field("id", &self.id)
            .field("role", &self.role)
            .field("status", &self.status)
            .field("content", &self.content)
            .field("reasoning", &self.reasoning)
            .field("sources", &self.sources)
            .field("followUpQuestions", &self.follow_up_questions)
            .field("citations", &self.citations)
            .field("logs", &self.logs)
            .field("tools", &self.tools)
            .field("elicitation", &self.elicitation)
            .field("parts", &self.parts)
            .field("error", &self.error)
            .field("meta", &self.meta)
            .field("custom", &self.custom);
        o.end();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{jv, to_string};

    #[test]
    fn statuses_write_their_camel_case_names() {
        let names: Vec<String> = Status::ALL.iter().map(to_string).collect();
        assert_eq!(
            names,
            [
                r#""pending""#,
                r#""streaming""#,
                r#""done""#,
                r#""error""#,
                r#""cancelled""#,
                r#""stale""#
            ]
        );
        let names: Vec<String> = ToolStatus::ALL.iter().map(to_string).collect();
        assert_eq!(
            names,
            [r#""running""#, r#""done""#, r#""error""#, r#""denied""#]
        );
    }

    #[test]
    fn a_log_line_leaves_out_absent_level_and_ts() {
        let bare = LogEntry {
            level: None,
            text: "hi".into(),
            ts: None,
        };
        assert_eq!(to_string(&bare), r#"{"text":"hi"}"#);
        let full = LogEntry {
            level: Some("warn".into()),
            text: "a \"b\"".into(),
            ts: Some(jv!(1732230000000u64)),
        };
        assert_eq!(
            to_string(&full),
            r#"{"level":"warn","text":"a \"b\"","ts":1732230000000}"#
        );
    }

    #[test]
    fn a_tool_call_writes_every_field_with_nulls() {
        let running = ToolCall {
            args: Default::default(),
            approval: None,
            tool_call_id: "t1".into(),
            name: None,
            args_text: String::new(),
            status: ToolStatus::Running,
            result: None,
            error: None,
            held: None,
        };
        assert_eq!(
            to_string(&running),
            r#"{"toolCallId":"t1","name":null,"argsText":"","args":null,"status":"running","result":null,"error":null,"approval":null}"#
        );
        let done = ToolCall {
            args: Default::default(),
            approval: None,
            name: Some("search".into()),
            args_text: r#"{"q":1}"#.into(),
            status: ToolStatus::Done,
            result: Some(jv!({"hits": [1, 2]})),
            ..running
        };
        assert_eq!(
            to_string(&done),
            r#"{"toolCallId":"t1","name":"search","argsText":"{\"q\":1}","args":null,"status":"done","result":{"hits":[1,2]},"error":null,"approval":null}"#
        );
    }

    #[test]
    fn a_form_and_an_error_write_camel_case() {
        let form = Elicitation {
            message: None,
            tool_call_id: None,
            elicitation_id: "e1".into(),
            schema: jv!({"type": "object"}),
            mode: Some("form".into()),
        };
        assert_eq!(
            to_string(&form),
            r#"{"elicitationId":"e1","schema":{"type":"object"},"mode":"form","message":null,"toolCallId":null}"#
        );
        let bare = Elicitation {
            message: None,
            tool_call_id: None,
            schema: crate::json::Value::Null,
            mode: None,
            ..form
        };
        assert_eq!(
            to_string(&bare),
            r#"{"elicitationId":"e1","schema":null,"mode":null,"message":null,"toolCallId":null}"#
        );
        let error = MessageError {
            code: None,
            message: "boom".into(),
        };
        assert_eq!(to_string(&error), r#"{"code":null,"message":"boom"}"#);
    }

    #[test]
    fn an_empty_message_writes_every_slice_and_no_text_epoch() {
        let m = Message {
            text_epoch: 7,
            ..Message::new("m1")
        };
        assert_eq!(
            to_string(&m),
            concat!(
                r#"{"id":"m1","role":null,"status":"streaming","content":"","reasoning":"","#,
                r#""sources":[],"followUpQuestions":[],"citations":[],"logs":[],"tools":[],"#,
                r#""elicitation":null,"parts":[],"error":null,"meta":null,"custom":{}}"#
            )
        );
    }

    #[test]
    fn a_full_message_writes_its_parts_in_order() {
        let mut m = Message::new("m1");
        m.role = Some("assistant".into());
        m.status = Status::Error;
        m.content = "line\nnext".into();
        m.reasoning = "why".into();
        m.sources = vec![jv!({"id": "s1", "url": "https://x"})];
        m.follow_up_questions = vec!["more?".into()];
        m.citations = vec![jv!({"n": 1})];
        m.logs.push_back(LogEntry {
            level: Some("info".into()),
            text: "l".into(),
            ts: None,
        });
        m.tools.push(ToolCall {
            args: Default::default(),
            approval: None,
            tool_call_id: "t".into(),
            name: None,
            args_text: "{".into(),
            status: ToolStatus::Error,
            result: None,
            error: Some(jv!("bad")),
            held: None,
        });
        m.elicitation = Some(Elicitation {
            message: None,
            tool_call_id: None,
            elicitation_id: "e".into(),
            schema: jv!({}),
            mode: None,
        });
        m.error = Some(MessageError {
            code: Some("E".into()),
            message: "failed".into(),
        });
        m.meta = Some(jv!({"k": [true, null]}));
        m.custom.insert("z".into(), jv!(1));
        m.custom.insert("a".into(), jv!({"b": "c"}));
        assert_eq!(
            to_string(&m),
            concat!(
                r#"{"id":"m1","role":"assistant","status":"error","content":"line\nnext","#,
                r#""reasoning":"why","sources":[{"id":"s1","url":"https://x"}],"#,
                r#""followUpQuestions":["more?"],"citations":[{"n":1}],"#,
                r#""logs":[{"level":"info","text":"l"}],"#,
                r#""tools":[{"toolCallId":"t","name":null,"argsText":"{","args":null,"status":"error","result":null,"error":"bad","approval":null}],"#,
                r#""elicitation":{"elicitationId":"e","schema":{},"mode":null,"message":null,"toolCallId":null},"#,
                r#""parts":[],"#,
                r#""error":{"code":"E","message":"failed"},"meta":{"k":[true,null]},"#,
                r#""custom":{"a":{"b":"c"},"z":1}}"#
            )
        );
    }
}
