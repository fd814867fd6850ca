//! The values of the keys that are not messages: `connection`, `typing`, `stats`.
//!
//! Each is a plain struct that writes the JSON a UI reads (camelCase, [`ToJson`]); the
//! TypeScript types are generated from these (see `js/generated`).

use crate::connection::{ConnectionSnapshot, Status};
use crate::json::{write_str, ObjectWriter, ToJson};
use crate::share::view::ShareView;

/// The value of the `connection` key.
///
/// ```json
/// {"status":"open","attempt":0,"nextRetryAt":null,"lastError":null,"sessionId":"s-1","outbox":0,
///  "share":{"role":"leader","reason":null}}
/// ```
#[cfg_attr(
    all(test, not(target_arch = "wasm32")),
    derive(ts_rs::TS),
    ts(export, rename = "ConnectionSnapshot", rename_all = "camelCase")
)]
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectionView {
    /// Where the connection stands.
    pub status: Status,
    /// Reconnect attempts since the last `session.ready`.
    pub attempt: u32,
    /// When the next attempt is due (ms since the epoch), while reconnecting.
    pub next_retry_at: Option<u64>,
    /// Why it last dropped or failed; never contains the token.
    pub last_error: Option<String>,
    /// The server session followed, once `session.ready` arrived.
    pub session_id: Option<String>,
    /// Frames waiting in the offline queue.
    pub outbox: usize,
    /// This tab's part in a shared socket (`createWireStore({share})`), else `null`.
    pub share: Option<ShareView>,
}

impl Default for ConnectionView {
    fn default() -> Self {
        Self {
            status: Status::Idle,
            attempt: 0,
            next_retry_at: None,
            last_error: None,
            session_id: None,
            outbox: 0,
            share: None,
        }
    }
}

impl ConnectionView {
    /// The view of a connection machine's snapshot, with the session followed.
    pub fn from_snapshot(s: ConnectionSnapshot, session_id: Option<String>) -> Self {
        Self {
            status: s.status,
            attempt: s.attempt,
            next_retry_at: s.next_retry_at,
            last_error: s.last_error,
            session_id,
            outbox: s.outbox,
            share: None,
        }
    }
}

/// One entry of the `typing` key.
#[cfg_attr(
    all(test, not(target_arch = "wasm32")),
    derive(ts_rs::TS),
    ts(export, rename_all = "camelCase")
)]
#[derive(Debug, Clone, PartialEq)]
pub struct TypingEntry {
    /// Who is typing.
    pub user_id: String,
    /// In which conversation.
    pub conversation_id: Option<String>,
    /// When the entry lapses without a `typing.stop` (ms).
    #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(skip))]
    pub until_ms: u64,
}

/// The value of the `stats` key: counters of what the store saw.
#[cfg_attr(
    all(test, not(target_arch = "wasm32")),
    derive(ts_rs::TS),
    ts(export, rename_all = "camelCase")
)]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Frames ingested.
    pub frames: u64,
    /// Envelopes decoded from them.
    pub envelopes: u64,
    /// Envelopes applied: at least one of their effects took place.
    pub applied: u64,
    /// Effects applied (a routed envelope with `also` may apply several; `done` is one).
    pub effects: u64,
    /// Envelopes dropped as duplicates (seq at or below the last applied).
    pub duplicates: u64,
    /// Envelopes held now, waiting for a gap to fill.
    pub held: u64,
    /// Error entries recorded.
    pub errors: u64,
    /// Messages evicted by `limits.maxMessages` (streaming ones included, each reported).
    pub evicted: u64,
    /// Frames of an action a dialect does not know, accepted and ignored (receivers must
    /// tolerate new event types).
    pub unknown: u64,
}

/// Which way a recorded frame went.
#[cfg_attr(
    all(test, not(target_arch = "wasm32")),
    derive(ts_rs::TS),
    ts(export, rename = "FrameDirection", rename_all = "camelCase")
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// From the server.
    In,
    /// From this client.
    Out,
}

/// One entry of the `frames` key (recorded only with `limits.recordFrames > 0`).
///
/// ```json
/// {"dir":"in","text":"{\"action_type\":\"content.delta\",…}","at":1732230000000}
/// ```
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq)]
pub struct FrameRecord {
    /// In or out.
    pub dir: Direction,
    /// The frame as it went over the wire (lossy UTF-8 for invalid bytes).
    pub text: String,
    /// When (ms since the epoch, the driver's clock).
    pub at: u64,
}

impl ToJson for ConnectionView {
    fn write_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        o.field("status", &self.status)
            .field("attempt", &self.attempt)
            .field("nextRetryAt", &self.next_retry_at)
            .field("lastError", &self.last_error)
            .field("sessionId", &self.session_id)
            .field("outbox", &self.outbox)
            .field("share", &self.share);
        o.end();
    }
}

impl ToJson for TypingEntry {
    fn write_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        o.field("userId", &self.user_id)
            .field("conversationId", &self.conversation_id);
        o.end();
    }
}

impl ToJson for Stats {
    fn write_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        o.field("frames", &self.frames)
            .field("envelopes", &self.envelopes)
            .field("applied", &self.applied)
            .field("effects", &self.effects)
            .field("duplicates", &self.duplicates)
            .field("held", &self.held)
            .field("errors", &self.errors)
            .field("evicted", &self.evicted)
            .field("unknown", &self.unknown);
        o.end();
    }
}

impl Direction {
    /// The JSON name (`"in"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::In => "in",
            Direction::Out => "out",
        }
    }
}

impl ToJson for Direction {
    fn write_json(&self, out: &mut String) {
        write_str(out, self.as_str());
    }
}

impl ToJson for FrameRecord {
    fn write_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        o.field("dir", &self.dir)
            .field("text", &self.text)
            .field("at", &self.at);
        o.end();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::to_string;

    #[test]
    fn the_connection_view_writes_camel_case_with_nulls() {
        assert_eq!(
            to_string(&ConnectionView::default()),
            r#"{"status":"idle","attempt":0,"nextRetryAt":null,"lastError":null,"sessionId":null,"outbox":0,"share":null}"#
        );
        let view = ConnectionView {
            status: Status::Reconnecting,
            attempt: 2,
            next_retry_at: Some(1712000004000),
            last_error: Some("connection lost (1006)".into()),
            session_id: Some("s-1".into()),
            outbox: 1,
            share: None,
        };
        assert_eq!(
            to_string(&view),
            r#"{"status":"reconnecting","attempt":2,"nextRetryAt":1712000004000,"lastError":"connection lost (1006)","sessionId":"s-1","outbox":1,"share":null}"#
        );
    }

    #[test]
    fn a_typing_entry_leaves_out_its_deadline() {
        let entry = TypingEntry {
            user_id: "u1".into(),
            conversation_id: None,
            until_ms: 99,
        };
        assert_eq!(
            to_string(&entry),
            r#"{"userId":"u1","conversationId":null}"#
        );
        let entry = TypingEntry {
            conversation_id: Some("c".into()),
            ..entry
        };
        assert_eq!(to_string(&entry), r#"{"userId":"u1","conversationId":"c"}"#);
    }

    #[test]
    fn stats_write_every_counter() {
        let stats = Stats {
            unknown: 8,
            frames: 1,
            envelopes: 2,
            applied: 3,
            effects: 8,
            duplicates: 4,
            held: 5,
            errors: 6,
            evicted: 7,
        };
        assert_eq!(
            to_string(&stats),
            r#"{"frames":1,"envelopes":2,"applied":3,"effects":8,"duplicates":4,"held":5,"errors":6,"evicted":7,"unknown":8}"#
        );
    }

    #[test]
    fn a_frame_record_writes_its_direction_by_name() {
        let record = FrameRecord {
            dir: Direction::In,
            text: r#"{"seq":1}"#.into(),
            at: 1732230000000,
        };
        assert_eq!(
            to_string(&record),
            r#"{"dir":"in","text":"{\"seq\":1}","at":1732230000000}"#
        );
        assert_eq!(to_string(&Direction::Out), r#""out""#);
    }
}
