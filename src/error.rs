//! Errors as data: what goes into the `errors` key.
//!
//! A bad frame never throws and never panics; it becomes one [`ProtocolError`] entry,
//! and every other piece of state stays as it was. The kinds say which rule the input
//! broke, so a UI can tell a malformed frame from a late delta.
//!
//! ```json
//! { "kind": "lifecycle", "message": "content.delta for message m1 after it was done; not applied",
//!   "actionType": "content.delta", "seq": 12, "messageId": "m1" }
//! ```

use serde::Serialize;
use std::fmt;

/// Which rule an input broke.
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ErrorKind {
    /// Not JSON, not an envelope, a missing or wrongly typed field, an oversize frame.
    Protocol,
    /// A newer protocol major version; the envelope was skipped.
    Version,
    /// An `action_type` with no built-in action and no route.
    Unrouted,
    /// A change to a message whose status is final (done, error, cancelled).
    Lifecycle,
    /// A gap in `seq` that did not fill in time, or more held frames than allowed.
    Gap,
    /// A frame dropped from the outbox on overflow.
    Outbox,
    /// The server said something went wrong (`session.error`).
    Session,
    /// The connection failed in a way the user should see.
    Connection,
}

/// One entry of the `errors` key.
#[cfg_attr(
    all(test, not(target_arch = "wasm32")),
    derive(ts_rs::TS),
    ts(export, rename = "ErrorEntry")
)]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProtocolError {
    /// Which rule was broken.
    pub kind: ErrorKind,
    /// What happened, for a person.
    pub message: String,
    /// The frame's action type, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(optional))]
    pub action_type: Option<String>,
    /// The frame's seq, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(optional))]
    pub seq: Option<u64>,
    /// The message the frame was for, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(optional))]
    pub message_id: Option<String>,
}

impl ProtocolError {
    /// A new entry of `kind` saying `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            action_type: None,
            seq: None,
            message_id: None,
        }
    }

    /// Names the frame's action type.
    pub fn with_action(mut self, action_type: &str) -> Self {
        self.action_type = Some(action_type.to_owned());
        self
    }

    /// Names the frame's seq, if any.
    pub fn with_seq(mut self, seq: Option<u64>) -> Self {
        self.seq = seq.or(self.seq);
        self
    }

    /// Names the message the frame was for, if any.
    pub fn with_message(mut self, message_id: Option<&str>) -> Self {
        if let Some(id) = message_id {
            self.message_id = Some(id.to_owned());
        }
        self
    }
}

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.kind, self.message)
    }
}

impl std::error::Error for ProtocolError {}
