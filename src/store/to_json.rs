//! Writing a key's value: each [`KeyValue`] is written as the value it borrows, with no
//! tag (`null` for an absent optional slice).

use super::KeyValue;
use crate::json::ToJson;

impl ToJson for KeyValue<'_> {
    fn write_json(&self, out: &mut String) {
        match self {
            KeyValue::Connection(v) => v.write_json(out),
            KeyValue::Strings(v) => v.write_json(out),
            KeyValue::Message(v) => v.write_json(out),
            KeyValue::Text(v) => v.write_json(out),
            KeyValue::Values(v) => v.write_json(out),
            KeyValue::Logs(v) => v.write_json(out),
            KeyValue::Tools(v) => v.write_json(out),
            KeyValue::Parts(v) => v.write_json(out),
            KeyValue::Run(v) => v.write_json(out),
            KeyValue::Elicitation(v) => v.write_json(out),
            KeyValue::Status(v) => v.write_json(out),
            KeyValue::Error(v) => v.write_json(out),
            KeyValue::Role(v) => v.write_json(out),
            KeyValue::Json(v) => v.write_json(out),
            KeyValue::Typing(v) => v.write_json(out),
            KeyValue::Errors(v) => v.write_json(out),
            KeyValue::Ack(v) => v.write_json(out),
            KeyValue::Stats(v) => v.write_json(out),
            KeyValue::Frames(v) => v.write_json(out),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;

    use super::*;
    use crate::connection::{AckState, AckStatus};
    use crate::error::{ErrorKind, ProtocolError};
    use crate::json::{jv, to_string};
    use crate::message::{Elicitation, LogEntry, Message, MessageError, Status, ToolCall};
    use crate::view::{ConnectionView, Direction, FrameRecord, Stats, TypingEntry};

    #[test]
    fn each_value_is_written_untagged() {
        let strings = ["a".to_owned(), "b\"".to_owned()];
        let values = [jv!({"id": 1}), jv!(null)];
        let logs = VecDeque::from([LogEntry {
            level: None,
            text: "l".into(),
            ts: None,
        }]);
        let tools = [ToolCall {
            args: Default::default(),
            approval: None,
            tool_call_id: "t".into(),
            name: None,
            args_text: String::new(),
            status: Default::default(),
            result: None,
            error: None,
            held: None,
        }];
        let form = Elicitation {
            message: None,
            tool_call_id: None,
            elicitation_id: "e".into(),
            schema: jv!({}),
            mode: None,
        };
        let error = MessageError {
            code: None,
            message: "m".into(),
        };
        let meta = jv!({"k": [1]});
        let typing = [TypingEntry {
            user_id: "u".into(),
            conversation_id: None,
            until_ms: 5,
        }];
        let errors = VecDeque::from([ProtocolError::new(ErrorKind::Gap, "g")]);
        let ack = AckState {
            status: AckStatus::Received,
            code: None,
            error: None,
        };
        let frames = VecDeque::from([FrameRecord {
            dir: Direction::Out,
            text: "x".into(),
            at: 3,
        }]);
        let message = Message::new("m1");
        let (view, stats) = (ConnectionView::default(), Stats::default());
        let cases: Vec<(KeyValue<'_>, String)> = vec![
            (
                KeyValue::Connection(&view),
                to_string(&view),
            ),
            (KeyValue::Strings(&strings), r#"["a","b\""]"#.into()),
            (KeyValue::Message(&message), to_string(&message)),
            (KeyValue::Text("t\n"), r#""t\n""#.into()),
            (KeyValue::Values(&values), r#"[{"id":1},null]"#.into()),
            (KeyValue::Logs(&logs), r#"[{"text":"l"}]"#.into()),
            (
                KeyValue::Tools(&tools),
                r#"[{"toolCallId":"t","name":null,"argsText":"","args":null,"status":"running","result":null,"error":null,"approval":null}]"#.into(),
            ),
            (
                KeyValue::Elicitation(Some(&form)),
                r#"{"elicitationId":"e","schema":{},"mode":null,"message":null,"toolCallId":null}"#.into(),
            ),
            (KeyValue::Elicitation(None), "null".into()),
            (KeyValue::Status(Status::Done), r#""done""#.into()),
            (
                KeyValue::Error(Some(&error)),
                r#"{"code":null,"message":"m"}"#.into(),
            ),
            (KeyValue::Error(None), "null".into()),
            (KeyValue::Role(Some("user")), r#""user""#.into()),
            (KeyValue::Role(None), "null".into()),
            (KeyValue::Json(Some(&meta)), r#"{"k":[1]}"#.into()),
            (KeyValue::Json(None), "null".into()),
            (
                KeyValue::Typing(&typing),
                r#"[{"userId":"u","conversationId":null}]"#.into(),
            ),
            (
                KeyValue::Errors(&errors),
                r#"[{"kind":"gap","message":"g"}]"#.into(),
            ),
            (
                KeyValue::Ack(&ack),
                r#"{"status":"received","code":null,"error":null}"#.into(),
            ),
            (
                KeyValue::Stats(&stats),
                r#"{"frames":0,"envelopes":0,"applied":0,"effects":0,"duplicates":0,"held":0,"errors":0,"evicted":0,"unknown":0}"#.into(),
            ),
            (
                KeyValue::Frames(&frames),
                r#"[{"dir":"out","text":"x","at":3}]"#.into(),
            ),
        ];
        for (value, expected) in cases {
            assert_eq!(to_string(&value), expected, "{value:?}");
        }
    }
}
