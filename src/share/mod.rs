//! Sharing one socket between the tabs of one app: the leader's feed, a follower's
//! catch-up, and the identity that decides who may share.
//!
//! One tab, the leader (elected by a Web Lock held for its lifetime, see `js/share.ts`),
//! owns the socket. Everything that changes its store's state is an [`Item`] of its feed,
//! numbered by a [`Position`]: each frame as the raw bytes or text it received, a resume
//! it began on a new socket (and, should no answer come, its lapse), the `connection` key, an ack state its connection machine
//! set, and the settling of a frame a follower asked it to send. It posts every item to a
//! `BroadcastChannel`; each follower's own store applies them, so its state is the same
//! pure function of the same frames (no per-key messages between tabs).
//!
//! A tab that arrives late, or that finds a hole in the numbering, asks for an image of a
//! store (`store::image`) taken at a position, applies it, then the items after that
//! position that it held meanwhile ([`follow::Follow`]): no gap and no duplicate between
//! the image and the first live item.
//!
//! When the leader goes (its tab closed or crashed, the lock passes on), the next leader
//! starts a new term at position 0 and says where it stood in the old one
//! ([`Hello`](follow::Follow::hello)). A follower at or past that point goes on; one behind
//! it asks for an image. The new leader resumes the same server session (sessionId, epoch,
//! seq), so the server replays exactly what it had not received; a follower that was
//! ahead drops the replayed copies by `seq`, because it mirrors the resume (the
//! [`Item::Resume`] item) and keeps its own position.
//!
//! Frames a follower sends go to the leader, whose connection machine sends or queues
//! them (one outbox for all tabs) and tracks their acks; the follower keeps each one
//! until the leader says it is settled (sent, or dropped), and gives the unsettled ones
//! to the next leader.

pub mod feed;
pub mod follow;
pub mod identity;
pub mod view;

use std::borrow::Cow;

use crate::connection::AckState;
use crate::view::ConnectionView;

/// Where an item stands in the feed: the leader's term (random, one per leadership) and
/// the item's number in it, counting from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// The leader's term.
    pub term: u64,
    /// The item's number in that term (0: before the first item).
    pub n: u64,
}

/// One thing the leader's store went through, told to every follower in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Item<'a> {
    /// A binary frame, as received.
    Frame(Cow<'a, [u8]>),
    /// A text frame, as received.
    Text(Cow<'a, str>),
    /// The leader's new socket opened and it asked the server to resume.
    Resume,
    /// The leader's resume went unanswered for `limits.gapMs`: it failed (a verdict of the
    /// leader's clock, so every follower takes the same one).
    ResumeLapsed,
    /// The leader's `connection` key (its `share` part is each tab's own).
    Connection(ConnectionView),
    /// The leader's connection machine set `acks/<id>`.
    Ack(String, AckState),
    /// A frame a follower forwarded was sent on the socket (or dropped): forget it.
    Settled(String),
}

impl Item<'_> {
    /// The item with its own copy of a frame's bytes, to hold it.
    pub fn into_owned(self) -> Item<'static> {
        match self {
            Item::Frame(bytes) => Item::Frame(Cow::Owned(bytes.into_owned())),
            Item::Text(text) => Item::Text(Cow::Owned(text.into_owned())),
            Item::Resume => Item::Resume,
            Item::ResumeLapsed => Item::ResumeLapsed,
            Item::Connection(view) => Item::Connection(view),
            Item::Ack(id, state) => Item::Ack(id, state),
            Item::Settled(id) => Item::Settled(id),
        }
    }
}

/// A frame a follower asks the leader to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forward {
    /// The client frame id (the follower made it; acks come back under it).
    pub id: String,
    /// The encoded frame.
    pub text: String,
    /// Whether an ack is tracked.
    pub ack: bool,
    /// The coalescing key (typing frames).
    pub coalesce: Option<String>,
}

impl Forward {
    /// `{"id","text","ack","coalesce"}`, as it crosses the channel.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        let mut o = crate::json::ObjectWriter::new(&mut out);
        o.field("id", &self.id)
            .field("text", &self.text)
            .field("ack", &self.ack)
            .field("coalesce", &self.coalesce);
        o.end();
        out
    }

    /// Reads [`Forward::to_json`]'s text.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let value = crate::json::parse(text).map_err(|e| format!("send: {}", e.message()))?;
        let field = |name: &str| value.get(name).and_then(crate::json::Value::as_str);
        Ok(Forward {
            id: field("id").ok_or("send: `id` must be a string")?.to_owned(),
            text: field("text")
                .ok_or("send: `text` must be a string")?
                .to_owned(),
            ack: value
                .get("ack")
                .and_then(crate::json::Value::as_bool)
                .unwrap_or(false),
            coalesce: field("coalesce").map(str::to_owned),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_forward_crosses_the_channel_unchanged() {
        let f = Forward {
            id: "c1-2".into(),
            text: r#"{"v":1,"action_type":"typing.start","id":"c1-2"}"#.into(),
            ack: false,
            coalesce: Some("typing".into()),
        };
        assert_eq!(Forward::from_json(&f.to_json()), Ok(f));
        assert!(Forward::from_json(r#"{"id":1}"#)
            .unwrap_err()
            .contains("`id`"));
    }
}
