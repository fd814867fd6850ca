//! The leader's feed: numbering what it tells the followers, and the followers' frames it
//! still has to send.
//!
//! Each item gets the next [`Position`] of the leader's term, so followers can tell a
//! duplicate from a hole (see `follow`). Frames a follower forwarded are remembered until
//! the connection machine no longer queues them (sent, or dropped by the outbox): then
//! the leader says so (`Item::Settled`), and the follower forgets its copy.

use std::collections::VecDeque;

use super::Position;

/// The leader's side of the feed.
#[derive(Debug, Clone)]
pub struct Feed {
    term: u64,
    n: u64,
    relayed: Vec<String>,
    /// The ids of the last frames relayed, so a frame forwarded twice (again to a new
    /// leader that had already read the first forward) goes out once.
    seen: VecDeque<String>,
}

/// How many relayed ids a leader remembers.
pub const MAX_SEEN_RELAYS: usize = 1024;

impl Feed {
    /// A new term, before its first item.
    pub fn new(term: u64) -> Self {
        Self {
            term,
            n: 0,
            relayed: Vec::new(),
            seen: VecDeque::new(),
        }
    }

    /// The position of the last item (what an image taken now includes).
    pub fn position(&self) -> Position {
        Position {
            term: self.term,
            n: self.n,
        }
    }

    /// The position of the next item.
    pub fn stamp(&mut self) -> Position {
        self.n += 1;
        self.position()
    }

    /// Remembers a follower's frame handed to the connection machine; false when it was
    /// relayed already (drop it).
    pub fn relay(&mut self, id: &str) -> bool {
        if self.seen.iter().any(|s| s == id) {
            return false;
        }
        if self.seen.len() >= MAX_SEEN_RELAYS {
            self.seen.pop_front();
        }
        self.seen.push_back(id.to_owned());
        self.relayed.push(id.to_owned());
        true
    }

    /// Takes the relayed frames `still_queued` no longer holds, in the order relayed.
    pub fn settle(&mut self, still_queued: impl Fn(&str) -> bool) -> Vec<String> {
        if self.relayed.is_empty() {
            return Vec::new();
        }
        let (queued, settled) = std::mem::take(&mut self.relayed)
            .into_iter()
            .partition(|id| still_queued(id));
        self.relayed = queued;
        settled
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_numbered_from_one_in_the_term() {
        let mut f = Feed::new(5);
        assert_eq!(f.position(), Position { term: 5, n: 0 });
        assert_eq!(f.stamp(), Position { term: 5, n: 1 });
        assert_eq!(f.stamp().n, 2);
        assert_eq!(f.position().n, 2);
    }

    #[test]
    fn relayed_frames_settle_once_they_leave_the_queue() {
        let mut f = Feed::new(1);
        for id in ["a", "b", "c"] {
            assert!(f.relay(id));
        }
        assert!(!f.relay("b"), "a second forward of one frame");
        assert_eq!(f.settle(|id| id != "b"), ["b"]);
        assert!(f.settle(|_| true).is_empty());
        assert_eq!(f.settle(|_| false), ["a", "c"]);
        assert!(f.settle(|_| false).is_empty());
    }
}
