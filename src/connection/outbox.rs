//! The offline queue: frames the app sent while the socket was not open.
//!
//! A bounded FIFO. When it is full the OLDEST frame is dropped (the newest intent of the user
//! is the one worth keeping) and handed back so the machine can report it and mark its ack
//! `dropped`. Typing frames are coalesced: a frame queued with a coalescing key replaces, in
//! place, an earlier queued frame with the same key, so ten keystrokes offline become one
//! `typing.start` instead of ten, and the replacement keeps the older frame's position.

use std::collections::VecDeque;

/// One queued frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queued {
    /// The encoded frame, sent as is.
    pub text: String,
    /// The frame's client id (the `ref` its ack will carry).
    pub id: String,
    /// Whether an ack is tracked for it.
    pub ack: bool,
    /// The coalescing key (typing frames), if any.
    pub coalesce: Option<String>,
}

/// What [`Outbox::push`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pushed {
    /// Appended at the back.
    Queued,
    /// Replaced an earlier frame with the same coalescing key, in its place.
    Coalesced {
        /// The frame that was replaced.
        replaced: Queued,
    },
    /// Appended, and the oldest frame fell off the front to stay within capacity.
    Overflowed {
        /// The frame that was dropped (the new one itself when the capacity is 0).
        dropped: Queued,
    },
}

/// Bounded FIFO of frames waiting for an open socket.
#[derive(Debug, Clone)]
pub struct Outbox {
    items: VecDeque<Queued>,
    capacity: usize,
}

impl Outbox {
    /// An empty outbox holding at most `capacity` frames (0 disables queueing).
    pub fn new(capacity: usize) -> Self {
        Self {
            items: VecDeque::new(),
            capacity,
        }
    }

    /// The most frames it holds.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Queue `item`, coalescing or dropping the oldest as described in the module docs.
    pub fn push(&mut self, item: Queued) -> Pushed {
        if let Some(key) = item.coalesce.as_deref() {
            let same_key = self
                .items
                .iter_mut()
                .find(|q| q.coalesce.as_deref() == Some(key));
            if let Some(slot) = same_key {
                let replaced = std::mem::replace(slot, item);
                return Pushed::Coalesced { replaced };
            }
        }
        self.items.push_back(item);
        if self.items.len() > self.capacity {
            if let Some(dropped) = self.items.pop_front() {
                return Pushed::Overflowed { dropped };
            }
        }
        Pushed::Queued
    }

    /// Take every queued frame, oldest first, leaving the outbox empty.
    pub fn drain(&mut self) -> impl Iterator<Item = Queued> + '_ {
        self.items.drain(..)
    }

    /// Whether the frame with client id `id` waits.
    pub fn contains(&self, id: &str) -> bool {
        self.items.iter().any(|q| q.id == id)
    }

    /// How many frames wait.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether nothing waits.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(id: &str, coalesce: Option<&str>) -> Queued {
        Queued {
            text: format!("text-{id}"),
            id: id.to_owned(),
            ack: false,
            coalesce: coalesce.map(str::to_owned),
        }
    }

    fn ids(outbox: &mut Outbox) -> Vec<String> {
        outbox.drain().map(|q| q.id).collect()
    }

    #[test]
    fn drains_in_fifo_order_and_empties() {
        let mut o = Outbox::new(10);
        for id in ["a", "b", "c"] {
            assert_eq!(o.push(frame(id, None)), Pushed::Queued);
        }
        assert_eq!(o.len(), 3);
        assert_eq!(ids(&mut o), vec!["a", "b", "c"]);
        assert!(o.is_empty());
    }

    #[test]
    fn overflow_drops_the_oldest() {
        let mut o = Outbox::new(2);
        o.push(frame("a", None));
        o.push(frame("b", None));
        assert_eq!(
            o.push(frame("c", None)),
            Pushed::Overflowed {
                dropped: frame("a", None)
            }
        );
        assert_eq!(ids(&mut o), vec!["b", "c"]);
    }

    #[test]
    fn zero_capacity_drops_every_frame() {
        let mut o = Outbox::new(0);
        assert_eq!(
            o.push(frame("a", None)),
            Pushed::Overflowed {
                dropped: frame("a", None)
            }
        );
        assert!(o.is_empty());
    }

    #[test]
    fn coalescing_replaces_in_place_and_keeps_others() {
        let mut o = Outbox::new(10);
        o.push(frame("t1", Some("typing:c1")));
        o.push(frame("m1", None));
        o.push(frame("u1", Some("typing:c2")));
        let pushed = o.push(frame("t2", Some("typing:c1")));
        assert_eq!(
            pushed,
            Pushed::Coalesced {
                replaced: frame("t1", Some("typing:c1"))
            }
        );
        assert_eq!(ids(&mut o), vec!["t2", "m1", "u1"]);
    }

    #[test]
    fn coalescing_never_overflows() {
        let mut o = Outbox::new(1);
        o.push(frame("t1", Some("k")));
        assert!(matches!(
            o.push(frame("t2", Some("k"))),
            Pushed::Coalesced { .. }
        ));
        assert_eq!(o.len(), 1);
    }
}
