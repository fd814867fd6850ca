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

use std::fmt;

use crate::json::{write_str, ObjectWriter, ToJson};

/// Which rule an input broke.
#[cfg_attr(
    all(test, not(target_arch = "wasm32")),
    derive(ts_rs::TS),
    ts(export, rename_all = "camelCase")
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// An HTTP stream failed: an error status, the wrong content type, a dropped
    /// connection that is not resumed, or too many attempts (`store.stream`).
    Stream,
    /// Tabs sharing one socket: a refused join, an unreadable image or feed item.
    Share,
}

/// One entry of the `errors` key.
#[cfg_attr(
    all(test, not(target_arch = "wasm32")),
    derive(ts_rs::TS),
    ts(export, rename = "ErrorEntry", rename_all = "camelCase")
)]
#[derive(Debug, Clone, PartialEq)]
pub struct ProtocolError {
    /// Which rule was broken.
    pub kind: ErrorKind,
    /// What happened, for a person.
    pub message: String,
    /// The frame's action type, when known.
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(optional))]
    pub action_type: Option<String>,
    /// The frame's seq, when known.
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(optional))]
    pub seq: Option<u64>,
    /// The message the frame was for, when known.
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(optional))]
    pub message_id: Option<String>,
}

impl ErrorKind {
    /// Every kind.
    pub const ALL: [ErrorKind; 10] = [
        ErrorKind::Protocol,
        ErrorKind::Version,
        ErrorKind::Unrouted,
        ErrorKind::Lifecycle,
        ErrorKind::Gap,
        ErrorKind::Outbox,
        ErrorKind::Session,
        ErrorKind::Connection,
        ErrorKind::Stream,
        ErrorKind::Share,
    ];

    /// The JSON name (`"lifecycle"`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Protocol => "protocol",
            ErrorKind::Version => "version",
            ErrorKind::Unrouted => "unrouted",
            ErrorKind::Lifecycle => "lifecycle",
            ErrorKind::Gap => "gap",
            ErrorKind::Outbox => "outbox",
            ErrorKind::Session => "session",
            ErrorKind::Connection => "connection",
            ErrorKind::Stream => "stream",
            ErrorKind::Share => "share",
        }
    }
}

impl ToJson for ErrorKind {
    fn write_json(&self, out: &mut String) {
        write_str(out, self.as_str());
    }
}

impl ToJson for ProtocolError {
    /// `{"kind", "message", "actionType"?, "seq"?, "messageId"?}`: unknown context left out.
    fn write_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        o.field("kind", &self.kind)
            .field("message", &self.message)
            .field_some("actionType", &self.action_type)
            .field_some("seq", &self.seq)
            .field_some("messageId", &self.message_id);
        o.end();
    }
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
        write!(f, "{}: {}", self.kind.as_str(), self.message)
    }
}

impl std::error::Error for ProtocolError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::to_string;

    #[test]
    fn kinds_write_their_camel_case_names() {
        let kinds = [
            (ErrorKind::Protocol, "protocol"),
            (ErrorKind::Version, "version"),
            (ErrorKind::Unrouted, "unrouted"),
            (ErrorKind::Lifecycle, "lifecycle"),
            (ErrorKind::Gap, "gap"),
            (ErrorKind::Outbox, "outbox"),
            (ErrorKind::Session, "session"),
            (ErrorKind::Connection, "connection"),
            (ErrorKind::Stream, "stream"),
            (ErrorKind::Share, "share"),
        ];
        for (kind, name) in kinds {
            assert_eq!(to_string(&kind), format!("\"{name}\""));
        }
    }

    #[test]
    fn an_entry_leaves_out_the_context_it_does_not_know() {
        let bare = ProtocolError::new(ErrorKind::Protocol, "not JSON");
        assert_eq!(
            to_string(&bare),
            r#"{"kind":"protocol","message":"not JSON"}"#
        );
        let full = ProtocolError::new(ErrorKind::Lifecycle, "late")
            .with_action("content.delta")
            .with_seq(Some(12))
            .with_message(Some("m1"));
        assert_eq!(
            to_string(&full),
            r#"{"kind":"lifecycle","message":"late","actionType":"content.delta","seq":12,"messageId":"m1"}"#
        );
    }
}
