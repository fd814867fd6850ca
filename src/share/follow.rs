//! A follower's catch-up: which of the leader's items to apply, which to hold, and when
//! to ask for an image.
//!
//! A follower is *joining* (it has asked for an image and holds what arrives meanwhile)
//! or *live* at a [`Position`] (it applied everything up to there). Live, the next item
//! of its term applies, an earlier one is a duplicate, a later one is a hole: it holds
//! that one and asks for an image again. An image taken at position P ends the join:
//! held items of P's term after P are handed back, in order, and must follow P without a
//! hole (else it asks again); anything else it held is dropped, being already in the
//! image or of a leader that is gone.
//!
//! A new leader's hello names its term and where it stood in the previous one. A live
//! follower at or past that point goes on in the new term; one behind it, or joining,
//! asks the new leader for an image. An image of another term than the latest hello's is
//! stale (its leader is gone) and ignored.
//!
//! Plain data, no IO: `crate::client` applies what it says.

use std::collections::VecDeque;

use super::{Item, Position};

/// At most this many items are held while joining; the oldest go first (the image that
/// ends the join is newer than they are, or the join starts over).
pub const MAX_HELD_ITEMS: usize = 4096;

/// How many past leaders' terms are remembered, to drop their late items.
const MAX_GONE_TERMS: usize = 8;

/// What to do with an item that arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrival {
    /// It is next: apply it.
    Apply,
    /// Applied already (or of a gone leader): drop it.
    Drop,
    /// Joining: hold it ([`Follow::hold`]) until the image comes.
    Hold,
    /// A hole before it: hold it and ask for an image.
    Resync,
}

/// What an image means for this follower.
#[derive(Debug, Clone, PartialEq)]
pub enum Imaged {
    /// Apply the image, then these held items, in order: live after them, unless `again`
    /// (a hole between the image and what was held: ask for a newer image).
    Apply {
        /// The held items that follow the image, in order.
        items: Vec<Item<'static>>,
        /// Whether to ask for another image.
        again: bool,
    },
    /// Not asked for, or of a gone leader: ignore it.
    Ignore,
}

/// The catch-up state of one follower. See the module docs.
#[derive(Debug, Clone, Default)]
pub struct Follow {
    live: Option<Position>,
    /// The term of the latest hello (or image), if one came.
    leader: Option<u64>,
    /// The terms of the last few leaders before it.
    gone: VecDeque<u64>,
    held: VecDeque<(Position, Item<'static>)>,
}

impl Follow {
    /// A follower that has nothing yet: joining.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether it waits for an image.
    pub fn joining(&self) -> bool {
        self.live.is_none()
    }

    /// The last item applied, while live.
    pub fn position(&self) -> Option<Position> {
        self.live
    }

    /// Decides about an item at `at`.
    pub fn arrive(&mut self, at: Position) -> Arrival {
        let Some(live) = self.live else {
            return Arrival::Hold;
        };
        if at.term != live.term {
            if self.gone.contains(&at.term) {
                return Arrival::Drop; // a gone leader's late item
            }
            // Items of a term no hello announced: something was missed.
            self.live = None;
            return Arrival::Resync;
        }
        if at.n <= live.n {
            return Arrival::Drop;
        }
        if at.n == live.n + 1 {
            self.live = Some(at);
            return Arrival::Apply;
        }
        self.live = None;
        Arrival::Resync
    }

    /// Holds an item while joining (after [`Arrival::Hold`] or [`Arrival::Resync`]).
    pub fn hold(&mut self, at: Position, item: Item<'static>) {
        if self.held.len() >= MAX_HELD_ITEMS {
            self.held.pop_front();
        }
        self.held.push_back((at, item));
    }

    /// A new leader of `term` says hello; `from` is where it stood in the previous term
    /// (`None`: it had never caught up). Answers whether to ask it for an image.
    pub fn hello(&mut self, term: u64, from: Option<Position>) -> bool {
        self.lead(term);
        match (self.live, from) {
            (Some(live), Some(from)) if live.term == from.term && live.n >= from.n => {
                self.live = Some(Position { term, n: 0 });
                false
            }
            (Some(live), _) if live.term == term => false, // said twice
            _ => {
                self.live = None;
                self.held.retain(|(at, _)| at.term == term);
                true
            }
        }
    }

    /// An image taken at `at` arrived.
    pub fn imaged(&mut self, at: Position) -> Imaged {
        if self.live.is_some() || self.leader.is_some_and(|t| t != at.term) {
            return Imaged::Ignore;
        }
        self.lead(at.term);
        let mut next = at.n + 1;
        let mut after = Vec::new();
        let mut hole = false;
        for (p, item) in self.held.drain(..) {
            if p.term != at.term || p.n < next {
                continue;
            }
            if p.n > next {
                hole = true;
                break;
            }
            after.push(item);
            next += 1;
        }
        self.held.clear();
        // With a hole between the image and the held items, the image still applies (it
        // is newer than what this tab has), and it asks again.
        self.live = (!hole).then_some(Position {
            term: at.term,
            n: next - 1,
        });
        Imaged::Apply {
            items: after,
            again: hole,
        }
    }

    /// Notes `term` as the leader's, and the one before as gone.
    fn lead(&mut self, term: u64) {
        match self.leader.replace(term) {
            Some(old) if old != term => {
                if self.gone.len() >= MAX_GONE_TERMS {
                    self.gone.pop_front();
                }
                self.gone.push_back(old);
            }
            _ => {}
        }
    }

    /// Something of the feed was lost here (an item that could not be read): joining again.
    pub fn lost(&mut self) {
        self.live = None;
    }

    /// Starts over: joining, nothing held (this tab stops following).
    pub fn reset(&mut self) {
        *self = Self::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T1: u64 = 11;
    const T2: u64 = 22;

    fn at(term: u64, n: u64) -> Position {
        Position { term, n }
    }

    fn text(s: &'static str) -> Item<'static> {
        Item::Text(s.into())
    }

    fn applied(items: Vec<Item<'static>>) -> Imaged {
        Imaged::Apply {
            items,
            again: false,
        }
    }

    fn live(term: u64, n: u64) -> Follow {
        let mut f = Follow::new();
        assert_eq!(f.imaged(at(term, n)), applied(vec![]));
        f
    }

    #[test]
    fn live_items_apply_in_order_and_copies_drop() {
        let mut f = live(T1, 3);
        assert_eq!(f.arrive(at(T1, 4)), Arrival::Apply);
        assert_eq!(f.arrive(at(T1, 4)), Arrival::Drop);
        assert_eq!(f.arrive(at(T1, 2)), Arrival::Drop);
        assert_eq!(f.arrive(at(T1, 5)), Arrival::Apply);
        assert_eq!(f.position(), Some(at(T1, 5)));
    }

    #[test]
    fn a_hole_asks_for_an_image_and_holds_what_comes() {
        let mut f = live(T1, 3);
        assert_eq!(f.arrive(at(T1, 5)), Arrival::Resync);
        f.hold(at(T1, 5), text("e"));
        assert!(f.joining());
        assert_eq!(f.arrive(at(T1, 6)), Arrival::Hold);
        f.hold(at(T1, 6), text("f"));
        assert_eq!(f.imaged(at(T1, 5)), applied(vec![text("f")]));
        assert_eq!(f.position(), Some(at(T1, 6)));
    }

    #[test]
    fn the_image_and_the_held_items_meet_without_gap_or_duplicate() {
        // A late tab: it holds 7..=9 while the leader's image (taken at 8) is on its way.
        let mut f = Follow::new();
        for (n, s) in [(7, "g"), (8, "h"), (9, "i")] {
            assert_eq!(f.arrive(at(T1, n)), Arrival::Hold);
            f.hold(at(T1, n), text(s));
        }
        assert_eq!(f.imaged(at(T1, 8)), applied(vec![text("i")]));
        assert_eq!(f.arrive(at(T1, 9)), Arrival::Drop);
        assert_eq!(f.arrive(at(T1, 10)), Arrival::Apply);
    }

    #[test]
    fn an_image_newer_than_everything_held_applies_alone() {
        let mut f = Follow::new();
        f.hold(at(T1, 1), text("a"));
        assert_eq!(f.imaged(at(T1, 4)), applied(vec![]));
        assert_eq!(f.position(), Some(at(T1, 4)));
    }

    #[test]
    fn a_hole_after_the_image_applies_it_and_asks_again() {
        let mut f = Follow::new();
        f.hold(at(T1, 6), text("f"));
        f.hold(at(T1, 8), text("h"));
        let again = Imaged::Apply {
            items: vec![text("f")],
            again: true,
        };
        assert_eq!(f.imaged(at(T1, 5)), again);
        assert!(f.joining(), "7 is missing: still joining");
    }

    #[test]
    fn an_image_nobody_asked_for_is_ignored() {
        let mut f = live(T1, 3);
        assert_eq!(f.imaged(at(T1, 9)), Imaged::Ignore);
        assert_eq!(f.position(), Some(at(T1, 3)));
    }

    #[test]
    fn a_follower_level_with_the_new_leader_goes_on_in_its_term() {
        let mut f = live(T1, 9);
        assert!(!f.hello(T2, Some(at(T1, 9))));
        assert_eq!(f.arrive(at(T2, 1)), Arrival::Apply);
        assert_eq!(
            f.arrive(at(T1, 10)),
            Arrival::Drop,
            "the gone leader's late item"
        );
    }

    #[test]
    fn a_follower_ahead_of_the_new_leader_goes_on_too() {
        // It applied frames the new leader never got; their replays drop by seq.
        let mut f = live(T1, 12);
        assert!(!f.hello(T2, Some(at(T1, 9))));
        assert_eq!(f.position(), Some(at(T2, 0)));
    }

    #[test]
    fn a_follower_behind_the_new_leader_asks_it_for_an_image() {
        let mut f = live(T1, 7);
        assert!(f.hello(T2, Some(at(T1, 9))));
        assert_eq!(f.arrive(at(T2, 1)), Arrival::Hold);
        f.hold(at(T2, 1), text("a"));
        assert_eq!(
            f.imaged(at(T1, 9)),
            Imaged::Ignore,
            "the gone leader's image"
        );
        assert_eq!(f.imaged(at(T2, 0)), applied(vec![text("a")]));
        assert_eq!(f.position(), Some(at(T2, 1)));
    }

    #[test]
    fn a_new_leader_that_never_caught_up_is_followed_from_an_image() {
        let mut f = live(T1, 7);
        assert!(f.hello(T2, None));
        let mut joining = Follow::new();
        assert!(joining.hello(T2, Some(at(T1, 3))));
    }

    #[test]
    fn an_item_of_an_unannounced_term_asks_for_an_image() {
        let mut f = live(T1, 2);
        assert_eq!(f.arrive(at(T2, 1)), Arrival::Resync);
    }

    #[test]
    fn holding_is_bounded() {
        let mut f = Follow::new();
        for n in 0..(MAX_HELD_ITEMS as u64 + 10) {
            f.hold(at(T1, n), Item::Resume);
        }
        assert_eq!(f.held.len(), MAX_HELD_ITEMS);
        assert_eq!(f.held.front().map(|(p, _)| p.n), Some(10));
    }
}
