//! The server's model of one message it streamed, kept so `sync` can answer with a
//! `message.snapshot` (the shape in `docs/message-shape.md`).
//!
//! The model is updated by the very frames the session emits ([`MessageModel::apply`]), under
//! the session lock, so a snapshot always equals "every frame up to its own seq, applied".

use serde::Serialize;
use serde_json::{Map, Value};

use crate::protocol::action;

/// A message's lifecycle status, as on the wire.
pub mod status {
    /// Frames are still coming.
    pub const STREAMING: &str = "streaming";
    /// Complete.
    pub const DONE: &str = "done";
    /// Failed.
    pub const ERROR: &str = "error";
    /// Stopped by `signal.stop`.
    pub const CANCELLED: &str = "cancelled";
    /// A tool call still running.
    pub const RUNNING: &str = "running";
}

/// One tool call inside a message.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ToolCall {
    /// The call's id.
    pub tool_call_id: String,
    /// The tool's name.
    pub name: Option<String>,
    /// The arguments as streamed so far.
    pub args_text: String,
    /// `running`, `done` or `error`.
    pub status: &'static str,
    /// The tool's result.
    pub result: Value,
    /// The tool's error.
    pub error: Value,
}

/// The whole message, serialized camelCase exactly as `message.snapshot`'s payload.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct MessageModel {
    /// The message id.
    pub id: String,
    /// `user` or `assistant`.
    pub role: Option<String>,
    /// See [`status`].
    pub status: &'static str,
    /// The text so far.
    pub content: String,
    /// The reasoning so far.
    pub reasoning: String,
    /// Sources, unique by `id` (else `url`).
    pub sources: Vec<Value>,
    /// Suggested next questions.
    pub follow_up_questions: Vec<String>,
    /// Citations.
    pub citations: Vec<Value>,
    /// Log lines.
    pub logs: Vec<Value>,
    /// Tool calls.
    pub tools: Vec<ToolCall>,
    /// The open form, if any.
    pub elicitation: Value,
    /// `{code, message}` when failed.
    pub error: Value,
    /// `message.start`'s `meta`.
    pub meta: Value,
    /// Custom slices (`state.set`); this server sends none, but the shape has the key.
    pub custom: Map<String, Value>,
}

impl MessageModel {
    /// An empty streaming message.
    pub fn new(id: &str) -> Self {
        MessageModel {
            id: id.to_owned(),
            role: None,
            status: status::STREAMING,
            content: String::new(),
            reasoning: String::new(),
            sources: Vec::new(),
            follow_up_questions: Vec::new(),
            citations: Vec::new(),
            logs: Vec::new(),
            tools: Vec::new(),
            elicitation: Value::Null,
            error: Value::Null,
            meta: Value::Null,
            custom: Map::new(),
        }
    }

    /// The snapshot payload.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// Applies one emitted frame. Actions this model does not track change nothing.
    pub fn apply(&mut self, action_type: &str, payload: &Value) {
        let text = || str_field(payload, "text").unwrap_or_default().to_owned();
        match action_type {
            action::MESSAGE_START => {
                *self = MessageModel::new(&self.id);
                self.role = str_field(payload, "role").map(str::to_owned);
                self.meta = payload.get("meta").cloned().unwrap_or(Value::Null);
            }
            action::CONTENT_DELTA => self.content.push_str(&text()),
            action::CONTENT_SET => self.content = text(),
            action::REASONING_DELTA => self.reasoning.push_str(&text()),
            action::SOURCES_ADD => {
                let many = payload.get("sources").and_then(Value::as_array);
                let one = payload.get("source").map(std::slice::from_ref);
                for source in many.map(Vec::as_slice).or(one).unwrap_or_default() {
                    self.add_source(source.clone());
                }
            }
            action::FOLLOW_UPS_SET => {
                self.follow_up_questions = payload
                    .get("questions")
                    .and_then(Value::as_array)
                    .map(|qs| {
                        qs.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default();
            }
            action::LOGS_APPEND => self.logs.push(payload.clone()),
            action::TOOL_START => self.tools.push(ToolCall {
                tool_call_id: str_field(payload, "toolCallId")
                    .unwrap_or_default()
                    .to_owned(),
                name: str_field(payload, "name").map(str::to_owned),
                args_text: String::new(),
                status: status::RUNNING,
                result: Value::Null,
                error: Value::Null,
            }),
            action::TOOL_DELTA => {
                if let Some(tool) = self.tool_mut(payload) {
                    tool.args_text
                        .push_str(str_field(payload, "argsText").unwrap_or_default());
                }
            }
            action::TOOL_END => {
                if let Some(tool) = self.tool_mut(payload) {
                    tool.result = payload.get("result").cloned().unwrap_or(Value::Null);
                    tool.error = payload.get("error").cloned().unwrap_or(Value::Null);
                    tool.status = if tool.error.is_null() {
                        status::DONE
                    } else {
                        status::ERROR
                    };
                }
            }
            action::ELICITATION_START => self.elicitation = payload.clone(),
            action::ELICITATION_END => self.elicitation = Value::Null,
            action::MESSAGE_DONE => self.finish(status::DONE, Value::Null),
            action::MESSAGE_CANCELLED => self.finish(status::CANCELLED, Value::Null),
            action::MESSAGE_ERROR => {
                let error = serde_json::json!({
                    "code": payload.get("code").cloned().unwrap_or(Value::Null),
                    "message": payload.get("message").cloned().unwrap_or(Value::Null),
                });
                self.finish(status::ERROR, error);
            }
            _ => {}
        }
    }

    /// Ends the message as the client does: the status, the error (or none), and no open
    /// form, since an ended message asks for nothing (a reply stopped while its form was open
    /// must not snapshot as still asking).
    fn finish(&mut self, status: &'static str, error: Value) {
        self.status = status;
        self.error = error;
        self.elicitation = Value::Null;
    }

    fn add_source(&mut self, source: Value) {
        let key = |s: &Value| {
            s.get("id")
                .or_else(|| s.get("url"))
                .cloned()
                .unwrap_or(Value::Null)
        };
        let new_key = key(&source);
        match self
            .sources
            .iter_mut()
            .find(|s| !new_key.is_null() && key(s) == new_key)
        {
            Some(existing) => *existing = source,
            None => self.sources.push(source),
        }
    }

    fn tool_mut(&mut self, payload: &Value) -> Option<&mut ToolCall> {
        let id = str_field(payload, "toolCallId")?;
        self.tools.iter_mut().find(|t| t.tool_call_id == id)
    }
}

fn str_field<'a>(payload: &'a Value, name: &str) -> Option<&'a str> {
    payload.get(name).and_then(Value::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn frames_build_the_snapshot_shape() {
        let mut m = MessageModel::new("a-1");
        m.apply(action::MESSAGE_START, &json!({"role": "assistant"}));
        m.apply(action::CONTENT_DELTA, &json!({"text": "Hel"}));
        m.apply(action::CONTENT_DELTA, &json!({"text": "lo"}));
        m.apply(
            action::SOURCES_ADD,
            &json!({"source": {"id": "s1", "url": "u1"}}),
        );
        m.apply(
            action::SOURCES_ADD,
            &json!({"source": {"id": "s1", "url": "u2"}}),
        );
        m.apply(
            action::TOOL_START,
            &json!({"toolCallId": "t1", "name": "search"}),
        );
        m.apply(
            action::TOOL_DELTA,
            &json!({"toolCallId": "t1", "argsText": "{\"q\""}),
        );
        m.apply(
            action::TOOL_DELTA,
            &json!({"toolCallId": "t1", "argsText": ":1}"}),
        );
        m.apply(action::TOOL_END, &json!({"toolCallId": "t1", "result": 2}));
        m.apply(action::FOLLOW_UPS_SET, &json!({"questions": ["why?"]}));
        m.apply(action::MESSAGE_DONE, &json!({}));
        let snap = m.to_json();
        assert_eq!(snap["content"], "Hello");
        assert_eq!(snap["status"], "done");
        assert_eq!(snap["sources"], json!([{"id": "s1", "url": "u2"}]));
        assert_eq!(snap["tools"][0]["argsText"], "{\"q\":1}");
        assert_eq!(snap["tools"][0]["status"], "done");
        assert_eq!(snap["followUpQuestions"], json!(["why?"]));
    }

    #[test]
    fn an_ended_message_has_no_open_form() {
        for end in [
            action::MESSAGE_CANCELLED,
            action::MESSAGE_DONE,
            action::MESSAGE_ERROR,
        ] {
            let mut m = MessageModel::new("a-3");
            m.apply(action::MESSAGE_START, &json!({"role": "assistant"}));
            m.apply(
                action::ELICITATION_START,
                &json!({"elicitationId": "e1", "schema": {}, "mode": "form"}),
            );
            assert_eq!(m.to_json()["elicitation"]["elicitationId"], "e1");
            m.apply(end, &json!({"message": "x"}));
            assert_eq!(m.to_json()["elicitation"], Value::Null, "after {end}");
        }
    }

    #[test]
    fn message_error_sets_status_and_error() {
        let mut m = MessageModel::new("a-2");
        m.apply(
            action::MESSAGE_ERROR,
            &json!({"code": "MODEL_ERROR", "message": "boom"}),
        );
        assert_eq!(m.status, status::ERROR);
        assert_eq!(m.error, json!({"code": "MODEL_ERROR", "message": "boom"}));
    }
}
