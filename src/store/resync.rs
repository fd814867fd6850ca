//! Holding a stale message's frames until its snapshot arrives.
//!
//! After a failed resume (or a gap given up on) every unfinished message is `stale`: what
//! the server sent it meanwhile is lost, and the client asks for its `message.snapshot`.
//! The server keeps streaming it, though, and a delta applied before the snapshot would show
//! text with a hole in it, text the server never had. So the socket's frames for a stale
//! message are held here, not applied, until:
//! - its `message.snapshot` applies: the held frames are the server's frames from before it
//!   (the socket delivers in seq order, so a frame past the snapshot's seq arrives after
//!   it), so the snapshot already holds what they did: they are dropped;
//! - a `message.start` regenerates it: the held frames belonged to the old text, dropped;
//! - the wait is over (`limits.gapMs` after the first frame held for it) or more than
//!   `limits.maxHeld` frames are held: then the frames are applied as they came, and a
//!   `gap` error says the message's text may miss what was lost. A snapshot arriving later
//!   still replaces the message whole.

use super::Store;
use crate::effect::Op;
use crate::error::{ErrorKind, ProtocolError};
use crate::message::Status;
use crate::protocol::{decode_envelope, Envelope};
use crate::routes::Dispatch;

impl Store {
    /// The stale message `env` must wait for, if it must: a socket frame for a `stale`
    /// message that is neither its snapshot nor its regeneration.
    pub(super) fn stale_target(&self, env: &Envelope<'_>) -> Option<String> {
        // Only the socket's frames: they arrive unnamed, so a held one decodes again as is.
        if !self.current.is_socket() {
            return None;
        }
        let id = env.message_id.as_deref()?;
        if self.messages.get(id)?.message.status != Status::Stale {
            return None;
        }
        let op = match self.opts.routes.resolve(&env.action_type) {
            Dispatch::Builtin(op) => op,
            Dispatch::Route(route) => route.op,
            Dispatch::Cases(entry) => {
                let payload = crate::routes::Payload {
                    text: env.payload.unwrap_or("{}"),
                    members: &env.fields,
                };
                entry.select(payload)?.op
            }
            Dispatch::Unrouted => return None,
        };
        let resyncs = matches!(op, Op::MessageSnapshot | Op::MessageStart);
        (!resyncs).then(|| id.to_owned())
    }

    /// Holds `env` until the snapshot of the stale message `id` (see the module docs).
    pub(super) fn hold_for_snapshot(&mut self, id: String, env: &Envelope<'_>) {
        let frame = HeldFrame {
            id,
            raw: env.raw.to_owned(),
            at: self.now_ms,
        };
        if let Some(oldest) = self.stale_hold.hold(frame, self.opts.limits.max_held) {
            self.let_go(
                &oldest,
                "more frames waited for snapshots than limits.maxHeld",
            );
        }
    }

    /// After a snapshot or a regeneration of `id`: the frames held for it are covered.
    pub(super) fn settle_stale(&mut self, id: &str) {
        if !self.stale_hold.is_empty() {
            self.stale_hold.take(id);
        }
    }

    /// Applies the frames held for the messages whose wait is over at `now_ms`.
    pub(super) fn stale_timer(&mut self, now_ms: u64) {
        let wait = self.opts.limits.gap_ms;
        for id in self.stale_hold.expired(now_ms, wait) {
            let why = format!("no message.snapshot came within limits.gapMs ({wait} ms)");
            self.let_go(&id, &why);
        }
    }

    /// When the held frames of stale messages next need attention.
    pub(super) fn stale_deadline(&self) -> Option<u64> {
        self.stale_hold.deadline(self.opts.limits.gap_ms)
    }

    /// Stops waiting for `id`'s snapshot: applies its held frames as they came, and says so.
    fn let_go(&mut self, id: &str, why: &str) {
        let frames = self.stale_hold.take(id);
        let text = format!(
            "{why}: applied the {} frames held for stale message {id}; its text may miss what \
             was lost until a snapshot replaces it",
            frames.len()
        );
        self.report(ProtocolError::new(ErrorKind::Gap, text).with_message(Some(id)));
        for frame in frames {
            self.apply_held(&frame.raw);
        }
        self.refresh_stats();
    }

    fn apply_held(&mut self, raw: &str) {
        match decode_envelope(raw, &self.opts.envelope) {
            Ok(env) => self.apply_envelope_now(&env),
            Err(e) => self.report(e),
        }
    }
}

/// One held envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldFrame {
    /// The stale message it is for.
    pub id: String,
    /// The envelope as it arrived.
    pub raw: String,
    /// When it was held.
    pub at: u64,
}

/// The frames held for stale messages, in arrival order.
#[derive(Debug, Default)]
pub struct StaleHold {
    frames: Vec<HeldFrame>,
}

impl StaleHold {
    /// Holds `frame`; when more than `max` are held, answers the message whose frames must
    /// be let go (the one held longest).
    pub fn hold(&mut self, frame: HeldFrame, max: usize) -> Option<String> {
        self.frames.push(frame);
        if self.frames.len() > max {
            return self.frames.first().map(|f| f.id.clone());
        }
        None
    }

    /// Takes the frames held for `id`, in arrival order.
    pub fn take(&mut self, id: &str) -> Vec<HeldFrame> {
        let (mine, rest) = std::mem::take(&mut self.frames)
            .into_iter()
            .partition(|f| f.id == id);
        self.frames = rest;
        mine
    }

    /// How many frames are held.
    pub fn len(&self) -> usize {
        self.frames.len()
    }

    /// Whether nothing is held.
    pub fn is_empty(&self) -> bool {
        self.frames.is_empty()
    }

    /// When the longest wait ends, with waits of `wait_ms`.
    pub fn deadline(&self, wait_ms: u64) -> Option<u64> {
        self.frames.first().map(|f| f.at.saturating_add(wait_ms))
    }

    /// The messages whose wait (of `wait_ms` from their first held frame) is over.
    pub fn expired(&self, now_ms: u64, wait_ms: u64) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        for f in &self.frames {
            if f.at.saturating_add(wait_ms) <= now_ms && !ids.contains(&f.id) {
                ids.push(f.id.clone());
            }
        }
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(id: &str, seq: u64, at: u64) -> HeldFrame {
        HeldFrame {
            id: id.into(),
            raw: format!("{seq}"),
            at,
        }
    }

    #[test]
    fn frames_are_taken_per_message_in_arrival_order() {
        let mut h = StaleHold::default();
        h.hold(frame("a", 1, 0), 8);
        h.hold(frame("b", 2, 5), 8);
        h.hold(frame("a", 3, 9), 8);
        assert_eq!(h.deadline(100), Some(100));
        assert_eq!(h.expired(104, 100), ["a"]);
        let a: Vec<String> = h.take("a").into_iter().map(|f| f.raw).collect();
        assert_eq!((a, h.len()), (vec!["1".to_owned(), "3".to_owned()], 1));
        assert_eq!(h.deadline(100), Some(105));
    }

    #[test]
    fn past_the_bound_the_longest_held_message_is_let_go() {
        let mut h = StaleHold::default();
        assert_eq!(h.hold(frame("a", 1, 0), 2), None);
        assert_eq!(h.hold(frame("b", 2, 0), 2), None);
        assert_eq!(h.hold(frame("b", 3, 0), 2), Some("a".into()));
    }
}
