//! The client as one tab of a shared socket (see `crate::share`): leading, following,
//! handing over.
//!
//! A leader is a client like any other, whose store changes are also told as feed items
//! ([`Post::Item`]) and who sends the frames followers forward to it. A follower never
//! opens a socket: it applies the leader's items, forwards its sends ([`Post::Send`]) and
//! keeps each until the leader settles it. Its store's own resume and resync requests are
//! dropped, since the leader's store, in the same state, makes the same ones.

use std::borrow::Cow;

use super::{Action, Client};
use crate::connection::AckStatus;
use crate::json::Value;
use crate::share::feed::Feed;
use crate::share::follow::{Arrival, Follow, Imaged};
use crate::share::view::{Role, ShareView};
use crate::share::{Forward, Item, Position};
use crate::store::image::connection_view;

/// This tab's part, as the client keeps it.
#[derive(Debug, Clone, Default)]
pub(super) enum Part {
    /// Not sharing (or alone): a client like any other.
    #[default]
    Off,
    /// Owns the socket; numbers what it tells.
    Leader(Feed),
    /// Applies the leader's feed.
    Follower(Follow),
}

/// What a tab posts on the share channel.
#[derive(Debug, Clone, PartialEq)]
pub enum Post {
    /// A feed item at its position (a frame is posted by the driver itself, with the data
    /// it received: see [`Client::stamp_frame`]).
    Item(Position, Item<'static>),
    /// A follower's frame, for the leader to send.
    Send(Forward),
}

/// What an item or an image from the channel asks of the tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Catchup {
    /// Nothing more.
    Done,
    /// Ask the leader for an image.
    AskImage,
}

impl Client {
    /// Whether this tab follows another's socket.
    pub fn is_following(&self) -> bool {
        matches!(self.part, Part::Follower(_))
    }

    /// Whether this tab leads a shared socket.
    pub fn is_leading(&self) -> bool {
        matches!(self.part, Part::Leader(_))
    }

    /// Whether this follower waits for an image.
    pub fn is_joining(&self) -> bool {
        matches!(&self.part, Part::Follower(f) if f.joining())
    }

    /// Starts following (joining: ask the leader for an image next).
    pub fn follow(&mut self, now_ms: u64) -> Vec<Action> {
        self.part = Part::Follower(Follow::new());
        self.store.set_share(Some(ShareView {
            role: Role::Follower,
            reason: None,
        }));
        self.after(now_ms, Vec::new())
    }

    /// Shares nothing: this tab has its own socket; `reason` says why (`connection.share`).
    pub fn alone(&mut self, reason: &str, now_ms: u64) -> Vec<Action> {
        self.part = Part::Off;
        self.store.set_share(Some(ShareView {
            role: Role::Alone,
            reason: Some(reason.to_owned()),
        }));
        let out = self.unforward(now_ms);
        self.after(now_ms, out)
    }

    /// Leaves the share (the store closes, or stops sharing).
    pub fn stop_sharing(&mut self, now_ms: u64) -> Vec<Action> {
        self.part = Part::Off;
        self.store.set_share(None);
        self.after(now_ms, Vec::new())
    }

    /// Becomes the leader of a new `term`; answers where it stood in the previous one
    /// (`None`: it never caught up) for its hello. Its own unsettled frames go to its own
    /// connection machine; acks other leaders left unfinished start their timeout here.
    /// Connecting is the caller's next step.
    pub fn lead(&mut self, term: u64, now_ms: u64) -> (Option<Position>, Vec<Action>) {
        let from = match &self.part {
            Part::Follower(f) => f.position(),
            _ => None,
        };
        self.part = Part::Leader(Feed::new(term));
        self.store.set_share(Some(ShareView {
            role: Role::Leader,
            reason: None,
        }));
        let mut out = self.unforward(now_ms);
        for id in self.store.unfinished_acks() {
            if let Some(conn) = self.conn.as_mut() {
                let cmds = conn.watch_ack(&id, now_ms);
                self.carry_out(cmds, &mut out);
            }
        }
        (from, self.after(now_ms, out))
    }

    /// Where the next frame of socket `generation` stands in the feed, when leading (the
    /// driver posts the frame's data with it, before applying it).
    pub fn stamp_frame(&mut self, generation: u32) -> Option<Position> {
        if generation != self.generation() {
            return None;
        }
        match &mut self.part {
            Part::Leader(feed) => Some(feed.stamp()),
            _ => None,
        }
    }

    /// A leader's image of its store for a joining tab: `{"term","n","store"}`.
    pub fn share_image(&self) -> Option<String> {
        let Part::Leader(feed) = &self.part else {
            return None;
        };
        let at = feed.position();
        let mut out = String::from("{\"term\":");
        crate::json::write_u64(&mut out, at.term);
        out.push_str(",\"n\":");
        crate::json::write_u64(&mut out, at.n);
        out.push_str(",\"store\":");
        self.store.write_image(&mut out);
        out.push('}');
        Some(out)
    }

    /// A follower's frame, to send on the leader's socket (queued while it is down).
    pub fn relay(&mut self, forward: Forward, now_ms: u64) -> Vec<Action> {
        let mut out = Vec::new();
        let Part::Leader(feed) = &mut self.part else {
            return self.after(now_ms, out);
        };
        if !feed.relay(&forward.id) {
            return self.after(now_ms, out);
        }
        self.store
            .record(crate::view::Direction::Out, forward.text.as_bytes(), now_ms);
        if let Some(conn) = self.conn.as_mut() {
            let f = forward;
            let cmds = conn.send(f.text, f.id, f.ack, f.coalesce, now_ms);
            self.carry_out(cmds, &mut out);
        }
        self.after(now_ms, out)
    }

    /// A new leader's hello (see `Follow::hello`); this follower's unsettled frames go to it.
    pub fn hello(
        &mut self,
        term: u64,
        from: Option<Position>,
        now_ms: u64,
    ) -> (Catchup, Vec<Action>) {
        let Part::Follower(follow) = &mut self.part else {
            return (Catchup::Done, self.after(now_ms, Vec::new()));
        };
        let ask = follow.hello(term, from);
        let out = self
            .unsettled
            .iter()
            .map(|f| Action::Post(Post::Send(f.clone())))
            .collect();
        (catchup(ask), self.after(now_ms, out))
    }

    /// A feed item from the leader, at `at`.
    pub fn follow_item(
        &mut self,
        at: Position,
        item: Item<'_>,
        now_ms: u64,
    ) -> (Catchup, Vec<Action>) {
        let Part::Follower(follow) = &mut self.part else {
            return (Catchup::Done, self.after(now_ms, Vec::new()));
        };
        let arrival = follow.arrive(at);
        if matches!(arrival, Arrival::Hold | Arrival::Resync) {
            follow.hold(at, item.into_owned());
        } else if arrival == Arrival::Apply {
            self.apply_item(item, now_ms);
        }
        let ask = arrival == Arrival::Resync;
        (catchup(ask), self.after(now_ms, Vec::new()))
    }

    /// A feed item as it crossed the channel (see [`item_from_channel`]); one that cannot be
    /// read is reported, and asks for an image (its position is lost otherwise).
    pub fn follow_channel(
        &mut self,
        at: Position,
        kind: &str,
        data: ChannelData<'_>,
        now_ms: u64,
    ) -> (Catchup, Vec<Action>) {
        match item_from_channel(kind, data) {
            Ok(item) => self.follow_item(at, item, now_ms),
            Err(e) => {
                self.report_share(&e);
                if let Part::Follower(follow) = &mut self.part {
                    follow.lost();
                }
                (Catchup::AskImage, self.after(now_ms, Vec::new()))
            }
        }
    }

    /// Reports a share problem in `errors` (kind `share`).
    pub fn report_share(&mut self, message: &str) {
        self.store.report(crate::error::ProtocolError::new(
            crate::error::ErrorKind::Share,
            format!("share: {message}"),
        ));
    }

    /// An image from the leader (`share_image`'s text): applied with the items held since,
    /// if this tab asked for one. A bad image is an error and changes nothing.
    pub fn follow_image(
        &mut self,
        text: &str,
        now_ms: u64,
    ) -> Result<(Catchup, Vec<Action>), String> {
        let Part::Follower(follow) = &mut self.part else {
            return Ok((Catchup::Done, self.after(now_ms, Vec::new())));
        };
        let value = crate::json::parse(text).map_err(|e| format!("image: {}", e.message()))?;
        let whole = |name: &str| {
            value
                .get(name)
                .and_then(Value::as_u64)
                .ok_or_else(|| format!("image: `{name}` must be a whole number"))
        };
        let at = Position {
            term: whole("term")?,
            n: whole("n")?,
        };
        let store = value.get("store").ok_or("image: `store` is missing")?;
        // Checked before the follower moves: a bad image leaves it joining, unchanged.
        let mut probe = follow.clone();
        let Imaged::Apply { items, again } = probe.imaged(at) else {
            return Ok((Catchup::Done, self.after(now_ms, Vec::new())));
        };
        self.store.import_image_value(store, now_ms)?;
        self.part = Part::Follower(probe);
        for item in items {
            self.apply_item(item, now_ms);
        }
        Ok((catchup(again), self.after(now_ms, Vec::new())))
    }

    /// A follower's send: its id and pending ack are local; the frame goes to the leader.
    pub(super) fn forward(&mut self, forward: Forward) -> Vec<Action> {
        if forward.ack {
            let pending = crate::connection::AckState {
                status: AckStatus::Pending,
                code: None,
                error: None,
            };
            self.store.set_ack(&forward.id, pending);
        }
        self.unsettled.push(forward.clone());
        vec![Action::Post(Post::Send(forward))]
    }

    /// Tells the followers `item`, when leading.
    pub(super) fn tell(&mut self, item: Item<'static>, out: &mut Vec<Action>) {
        if let Part::Leader(feed) = &mut self.part {
            out.push(Action::Post(Post::Item(feed.stamp(), item)));
        }
    }

    /// After every call, when leading: the relayed frames that left the queue are settled.
    pub(super) fn settle_relayed(&mut self, out: &mut Vec<Action>) {
        let (Part::Leader(feed), Some(conn)) = (&mut self.part, self.conn.as_ref()) else {
            return;
        };
        for id in feed.settle(|id| conn.is_queued(id)) {
            out.push(Action::Post(Post::Item(feed.stamp(), Item::Settled(id))));
        }
    }

    /// Whether a store signal is this tab's to act on: a follower leaves resumes and
    /// resyncs to the leader.
    pub(super) fn acts_on_resync(&self) -> bool {
        !self.is_following()
    }

    fn apply_item(&mut self, item: Item<'_>, now_ms: u64) {
        match item {
            Item::Frame(bytes) => self.store.ingest(&bytes, now_ms),
            Item::Text(text) => self.store.ingest_text(&text, now_ms),
            // Without a deadline of its own: the leader says when it lapsed.
            Item::Resume => {
                self.store.begin_resume();
            }
            Item::ResumeLapsed => self.store.lapse_resume(now_ms),
            Item::Connection(view) => self.store.set_connection(view),
            Item::Ack(id, state) => self.store.set_ack(&id, state),
            Item::Settled(id) => self.unsettled.retain(|f| f.id != id),
        }
    }

    /// This tab's unsettled frames, handed to its own connection machine.
    fn unforward(&mut self, now_ms: u64) -> Vec<Action> {
        let mut out = Vec::new();
        for f in std::mem::take(&mut self.unsettled) {
            if let Some(conn) = self.conn.as_mut() {
                let cmds = conn.send(f.text, f.id, f.ack, f.coalesce, now_ms);
                self.carry_out(cmds, &mut out);
            }
        }
        out
    }
}

/// A feed item as it crosses the channel: its kind and data (`f` a frame, as bytes or
/// text, `r` resume, `l` resume lapsed, `c` connection view JSON, `a` `[id, state]` JSON,
/// `s` an id).
pub fn item_from_channel<'a>(kind: &str, data: ChannelData<'a>) -> Result<Item<'a>, String> {
    let text = || match data {
        ChannelData::Text(t) => Ok(t),
        _ => Err(format!("share item `{kind}`: expected text")),
    };
    Ok(match kind {
        "f" => match data {
            ChannelData::Bytes(b) => Item::Frame(Cow::Borrowed(b)),
            ChannelData::Text(t) => Item::Text(Cow::Borrowed(t)),
            ChannelData::None => Item::Frame(Cow::Borrowed(&[])),
        },
        "r" => Item::Resume,
        "l" => Item::ResumeLapsed,
        "c" => {
            let value = crate::json::parse(text()?).map_err(|e| e.message())?;
            Item::Connection(connection_view(&value)?)
        }
        "a" => {
            let value = crate::json::parse(text()?).map_err(|e| e.message())?;
            match value.as_array().map(Vec::as_slice) {
                Some([Value::String(id), state]) => {
                    Item::Ack(id.clone(), crate::store::image::ack_state(state)?)
                }
                _ => return Err("share item `a`: expected [id, state]".into()),
            }
        }
        "s" => Item::Settled(text()?.to_owned()),
        other => return Err(format!("share item `{other}`: unknown kind")),
    })
}

/// The data of a feed item as it crossed the channel.
#[derive(Debug, Clone, Copy)]
pub enum ChannelData<'a> {
    /// Bytes (a binary frame).
    Bytes(&'a [u8]),
    /// Text (a text frame, or an item's JSON).
    Text(&'a str),
    /// Nothing.
    None,
}

/// An item's kind and data for the channel (the inverse of [`item_from_channel`]); frames
/// are posted by the driver with the data it received.
pub fn item_to_channel(item: &Item<'_>) -> (&'static str, Option<String>) {
    match item {
        Item::Frame(_) | Item::Text(_) => ("f", None),
        Item::Resume => ("r", None),
        Item::ResumeLapsed => ("l", None),
        Item::Connection(view) => ("c", Some(crate::json::to_string(view))),
        Item::Ack(id, state) => {
            let mut out = String::from("[");
            crate::json::write_str(&mut out, id);
            out.push(',');
            out.push_str(&crate::json::to_string(state));
            out.push(']');
            ("a", Some(out))
        }
        Item::Settled(id) => ("s", Some(id.clone())),
    }
}

fn catchup(ask: bool) -> Catchup {
    if ask {
        Catchup::AskImage
    } else {
        Catchup::Done
    }
}

#[cfg(test)]
mod tests;
