//! Ack tracking: what became of each outgoing frame that asked for an ack.
//!
//! A tracked frame starts `pending`. The server's `ack` (with `ref` = the frame's id) moves it
//! to `received` (the server has it), then `delivered` or `error`, which are final. If neither
//! final answer comes within `ack_timeout_ms` of the frame being SENT it becomes `timeout`;
//! the clock starts at the send, not at the queueing, because a frame waiting in the outbox
//! while offline has not had a chance to be answered. A queued frame dropped by outbox overflow
//! becomes `dropped`. A late `delivered`/`error` after a `timeout` still wins: the server's
//! word is better than our guess. Finished states are kept for the UI, but only the newest
//! [`MAX_FINISHED_ACKS`], so a long session does not grow without bound.
//!
//! Serialized (the `acks/<id>` key): `{"status":"delivered","code":null,"error":null}`.

use std::collections::{HashMap, VecDeque};

use crate::json::{write_str, ObjectWriter, ToJson};

/// How many finished (delivered/error/timeout/dropped) ack states are kept.
pub const MAX_FINISHED_ACKS: usize = 1000;

/// Where an outgoing frame stands.
#[cfg_attr(
    all(test, not(target_arch = "wasm32")),
    derive(ts_rs::TS),
    ts(export, rename_all = "lowercase")
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AckStatus {
    /// Waiting (queued, or sent and not yet answered).
    Pending,
    /// The server has it; delivery may still follow.
    Received,
    /// The server delivered it. Final.
    Delivered,
    /// The server refused it (`code`/`error` say why). Final.
    Error,
    /// No final answer within the ack timeout of sending.
    Timeout,
    /// Dropped from a full outbox before it was ever sent. Final.
    Dropped,
}

impl AckStatus {
    /// The JSON name (`"delivered"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Received => "received",
            Self::Delivered => "delivered",
            Self::Error => "error",
            Self::Timeout => "timeout",
            Self::Dropped => "dropped",
        }
    }

    /// Whether no further change is expected (a late server answer may still replace `timeout`).
    pub fn is_finished(self) -> bool {
        !matches!(self, Self::Pending | Self::Received)
    }
}

/// The value of the `acks/<id>` key.
#[cfg_attr(
    all(test, not(target_arch = "wasm32")),
    derive(ts_rs::TS),
    ts(export, rename_all = "camelCase")
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AckState {
    /// Where the frame stands.
    pub status: AckStatus,
    /// The server's error code, for `error`.
    pub code: Option<String>,
    /// The server's error text, for `error`.
    pub error: Option<String>,
}

impl ToJson for AckStatus {
    fn write_json(&self, out: &mut String) {
        write_str(out, self.as_str());
    }
}

impl ToJson for AckState {
    fn write_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        o.field("status", &self.status)
            .field("code", &self.code)
            .field("error", &self.error);
        o.end();
    }
}

/// All tracked acks, their timeouts, and the bounded memory of finished ones.
#[derive(Debug, Clone)]
pub struct AckTracker {
    states: HashMap<String, AckState>,
    /// Absolute time each sent, unfinished frame times out.
    deadlines: HashMap<String, u64>,
    /// Finished ids, oldest first, for eviction.
    finished: VecDeque<String>,
    timeout_ms: u64,
}

impl AckTracker {
    /// A tracker whose frames time out `timeout_ms` after being sent.
    pub fn new(timeout_ms: u64) -> Self {
        Self {
            states: HashMap::new(),
            deadlines: HashMap::new(),
            finished: VecDeque::new(),
            timeout_ms,
        }
    }

    /// Start tracking `id` as pending (a reused id starts over).
    pub fn track(&mut self, id: &str) {
        self.deadlines.remove(id);
        self.states.insert(id.to_owned(), pending());
    }

    /// `id` was just put on the wire: start its timeout. Untracked or finished ids are ignored.
    pub fn sent(&mut self, id: &str, now_ms: u64) {
        if self.get(id).is_some_and(|s| !s.status.is_finished()) {
            let at = now_ms.saturating_add(self.timeout_ms);
            self.deadlines.insert(id.to_owned(), at);
        }
    }

    /// Apply a server ack. Returns whether the state changed. Only `received`, `delivered` and
    /// `error` come from the wire; anything else, unknown ids, and answers after a final
    /// answer (other than after `timeout`) are ignored.
    pub fn receive(
        &mut self,
        id: &str,
        status: AckStatus,
        code: Option<String>,
        error: Option<String>,
    ) -> bool {
        let Some(current) = self.states.get(id).map(|s| s.status) else {
            return false;
        };
        let allowed = match status {
            AckStatus::Received => current == AckStatus::Pending,
            AckStatus::Delivered | AckStatus::Error => !matches!(
                current,
                AckStatus::Delivered | AckStatus::Error | AckStatus::Dropped
            ),
            _ => false,
        };
        if !allowed {
            return false;
        }
        self.set(
            id,
            AckState {
                status,
                code,
                error,
            },
        );
        true
    }

    /// Mark a never-sent frame dropped. Returns whether it was tracked.
    pub fn drop_unsent(&mut self, id: &str) -> bool {
        if !self.states.contains_key(id) {
            return false;
        }
        self.set(id, plain(AckStatus::Dropped));
        true
    }

    /// Time out every frame whose deadline is at or before `now_ms`; returns their ids.
    pub fn expire(&mut self, now_ms: u64) -> Vec<String> {
        let mut due: Vec<(u64, String)> = self
            .deadlines
            .iter()
            .filter(|(_, at)| **at <= now_ms)
            .map(|(id, at)| (*at, id.clone()))
            .collect();
        due.sort_unstable();
        let ids: Vec<String> = due.into_iter().map(|(_, id)| id).collect();
        for id in &ids {
            self.set(id, plain(AckStatus::Timeout));
        }
        ids
    }

    /// The earliest pending timeout.
    pub fn next_deadline(&self) -> Option<u64> {
        self.deadlines.values().copied().min()
    }

    /// The state of `id`, if tracked and not yet evicted.
    pub fn get(&self, id: &str) -> Option<&AckState> {
        self.states.get(id)
    }

    fn set(&mut self, id: &str, state: AckState) {
        let was_finished = self.get(id).is_some_and(|s| s.status.is_finished());
        if state.status.is_finished() {
            self.deadlines.remove(id);
            if !was_finished {
                self.finished.push_back(id.to_owned());
            }
        }
        self.states.insert(id.to_owned(), state);
        self.evict();
    }

    fn evict(&mut self) {
        while self.finished.len() > MAX_FINISHED_ACKS {
            let Some(old) = self.finished.pop_front() else {
                break;
            };
            // A reused id may have started over; only forget it if it is still finished.
            if self.get(&old).is_some_and(|s| s.status.is_finished()) {
                self.states.remove(&old);
            }
        }
    }
}

fn pending() -> AckState {
    plain(AckStatus::Pending)
}

fn plain(status: AckStatus) -> AckState {
    AckState {
        status,
        code: None,
        error: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(t: &AckTracker, id: &str) -> Option<AckStatus> {
        t.get(id).map(|s| s.status)
    }

    #[test]
    fn received_then_delivered_and_delivered_is_final() {
        let mut t = AckTracker::new(100);
        t.track("a");
        t.sent("a", 0);
        assert!(t.receive("a", AckStatus::Received, None, None));
        assert_eq!(
            t.next_deadline(),
            Some(100),
            "received still awaits delivery"
        );
        assert!(t.receive("a", AckStatus::Delivered, None, None));
        assert_eq!(t.next_deadline(), None);
        assert!(!t.receive("a", AckStatus::Error, None, None));
        assert!(!t.receive("a", AckStatus::Received, None, None));
        assert_eq!(status(&t, "a"), Some(AckStatus::Delivered));
    }

    #[test]
    fn timeout_counts_from_send_not_from_track() {
        let mut t = AckTracker::new(100);
        t.track("a");
        assert!(t.expire(10_000).is_empty(), "unsent frames never time out");
        t.sent("a", 10_000);
        assert!(t.expire(10_099).is_empty());
        assert_eq!(t.expire(10_100), vec!["a".to_owned()]);
        assert_eq!(status(&t, "a"), Some(AckStatus::Timeout));
    }

    #[test]
    fn late_final_answer_replaces_timeout_but_not_dropped() {
        let mut t = AckTracker::new(10);
        t.track("a");
        t.sent("a", 0);
        t.expire(10);
        assert!(t.receive("a", AckStatus::Delivered, None, None));
        t.track("b");
        assert!(t.drop_unsent("b"));
        assert!(!t.receive("b", AckStatus::Delivered, None, None));
    }

    #[test]
    fn unknown_ids_and_non_wire_statuses_are_ignored() {
        let mut t = AckTracker::new(10);
        assert!(!t.receive("nope", AckStatus::Delivered, None, None));
        t.track("a");
        assert!(!t.receive("a", AckStatus::Timeout, None, None));
        assert!(!t.drop_unsent("nope"));
    }

    #[test]
    fn finished_states_are_bounded_newest_kept() {
        let mut t = AckTracker::new(10);
        for i in 0..MAX_FINISHED_ACKS + 5 {
            let id = i.to_string();
            t.track(&id);
            t.sent(&id, 0);
            t.receive(&id, AckStatus::Delivered, None, None);
        }
        assert!(t.get("0").is_none());
        assert!(t.get("4").is_none());
        assert!(t.get("5").is_some());
        assert!(t.get(&(MAX_FINISHED_ACKS + 4).to_string()).is_some());
    }

    #[test]
    fn ack_state_serializes_lowercase_camel() {
        let s = AckState {
            status: AckStatus::Error,
            code: Some("RATE_LIMIT".into()),
            error: Some("slow down".into()),
        };
        let json = crate::json::to_string(&s);
        assert_eq!(
            json,
            r#"{"status":"error","code":"RATE_LIMIT","error":"slow down"}"#
        );
        let pending = crate::json::to_string(&pending());
        assert_eq!(pending, r#"{"status":"pending","code":null,"error":null}"#);
    }

    #[test]
    fn ack_statuses_write_lowercase() {
        let all = [
            (AckStatus::Pending, "pending"),
            (AckStatus::Received, "received"),
            (AckStatus::Delivered, "delivered"),
            (AckStatus::Error, "error"),
            (AckStatus::Timeout, "timeout"),
            (AckStatus::Dropped, "dropped"),
        ];
        for (status, name) in all {
            assert_eq!(crate::json::to_string(&status), format!("\"{name}\""));
        }
    }
}
