//! The ids of messages evicted by `limits.maxMessages`, so that a late frame for one is
//! reported instead of silently creating the message again holding only its own slice.
//!
//! Bounded: the last [`MAX_EVICTED`] ids (at least `limits.maxMessages`, whichever is
//! larger); an id evicted longer ago than that is forgotten, and a frame for it creates a
//! new message as for any unknown id.

use std::collections::{HashSet, VecDeque};

/// The fewest evicted ids remembered.
pub const MAX_EVICTED: usize = 1000;

/// Evicted message ids, oldest first.
#[derive(Debug, Default)]
pub struct Evicted {
    ids: HashSet<String>,
    order: VecDeque<String>,
}

impl Evicted {
    /// Remembers `id`, keeping at most `bound` ids.
    pub fn insert(&mut self, id: String, bound: usize) {
        if !self.ids.insert(id.clone()) {
            return;
        }
        self.order.push_back(id);
        while self.order.len() > bound.max(MAX_EVICTED) {
            if let Some(old) = self.order.pop_front() {
                self.ids.remove(&old);
            }
        }
    }

    /// Whether `id` was evicted (and not since recreated).
    pub fn contains(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// The ids remembered, oldest first.
    pub fn ids(&self) -> impl Iterator<Item = &String> {
        self.order.iter()
    }

    /// Forgets `id`: the message exists again (a `message.start` or a snapshot).
    pub fn remove(&mut self, id: &str) {
        if self.ids.remove(id) {
            self.order.retain(|o| o != id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_record_is_bounded_and_forgets_the_oldest() {
        let mut e = Evicted::default();
        for i in 0..=MAX_EVICTED {
            e.insert(format!("m{i}"), 10);
        }
        assert!(!e.contains("m0"));
        assert!(e.contains("m1") && e.contains(&format!("m{MAX_EVICTED}")));
        e.remove("m1");
        assert!(!e.contains("m1"));
        e.insert("m1".into(), 10);
        assert!(e.contains("m1"));
    }
}
