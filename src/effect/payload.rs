//! The payload shapes of PROTOCOL.md's built-in actions, decoded borrowing the frame.
#![allow(missing_docs)] // wire shapes private to the decoder; PROTOCOL.md documents them

use crate::json::Value;
use crate::protocol::IdText;
use serde::Deserialize;
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
