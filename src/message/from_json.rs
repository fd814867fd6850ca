//! Reading a message and its parts from JSON values: a `message.snapshot` payload, a
//! `logs.append` line, an `elicitation.start` form.
//!
//! Transitional: these still go through serde while the crate moves to `crate::json`.

use super::{Elicitation, LogEntry, Message};
use crate::json::{to_string, Value};

fn via_serde<T: serde::de::DeserializeOwned>(value: &Value) -> Result<T, String> {
    serde_json::from_str(&to_string(value)).map_err(|e| e.to_string())
}

impl Message {
    /// A message from a snapshot's JSON (docs/message-shape.md); missing slices are empty.
    pub fn from_json(value: &Value) -> Result<Message, String> {
        via_serde(value)
    }
}

impl LogEntry {
    /// A log line from `{"level"?, "text", "ts"?}`.
    pub fn from_json(value: &Value) -> Result<LogEntry, String> {
        via_serde(value)
    }
}

impl Elicitation {
    /// A form from `{"elicitationId", "schema"?, "mode"?}`.
    pub fn from_json(value: &Value) -> Result<Elicitation, String> {
        via_serde(value)
    }
}
