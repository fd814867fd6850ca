//! Ordering: seq dedupe, gap hold, and the resume position.
//!
//! `seq` counts the server's frames of one session. A frame at or below the last
//! applied seq is a duplicate: dropped and counted. A frame past a gap is held, at most
//! `limits.maxHeld` of them, until the gap fills. If it has not filled `limits.gapMs`
//! after it opened, the client asks the server to resume from the last applied seq
//! (the replay fills the gap; replayed copies of held frames are then duplicates). If
//! the gap is still open another `gapMs` later, the held frames are applied across it
//! and the skip is reported: a stream never stalls forever.
//!
//! The position comes from `session.ready` (its `seq`). Before one arrived there is no
//! baseline, and the first seq seen cannot be trusted as the start: the frames before it
//! may still be on the way. So without a baseline a frame of seq 0 or 1 (a stream from its
//! start) applies at once, and any other is held as if past a gap from 0: frames that fill
//! in below it drain in order, nothing is dropped as a duplicate. If no baseline comes
//! within `gapMs`, the lowest held seq starts the stream (no error: nothing was known to
//! be missing); if a `session.ready` comes, the held frames past its seq are kept.

use std::collections::BTreeMap;

/// What to do with an arriving frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admit {
    /// Apply it now.
    Apply,
    /// Already applied or already held: drop it.
    Duplicate,
    /// Past a gap: hold it.
    Hold,
    /// Past a gap, with no room to hold it: drop it and resume.
    Overflow,
}

/// What an expired gap calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GapAction {
    /// Ask the server to resume from [`Ordering::position`].
    Resume,
    /// No baseline came within the gap window: the lowest held seq starts the stream
    /// (apply the held frames, no error).
    Start,
    /// Give up on the missing frames and apply the held ones; `from` is the first
    /// missing seq, `to` the last.
    Skip {
        /// First missing seq.
        from: u64,
        /// Last missing seq.
        to: u64,
    },
}

/// The ordering state of one session.
#[derive(Debug, Clone)]
pub struct Ordering {
    last: Option<u64>,
    held: BTreeMap<u64, String>,
    gap_since: Option<u64>,
    resume_asked_at: Option<u64>,
    max_held: usize,
    gap_ms: u64,
}

impl Ordering {
    /// A fresh ordering, without a baseline.
    pub fn new(max_held: usize, gap_ms: u64) -> Self {
        Self {
            last: None,
            held: BTreeMap::new(),
            gap_since: None,
            resume_asked_at: None,
            max_held,
            gap_ms,
        }
    }

    /// The last applied seq (what a resume continues after).
    pub fn position(&self) -> Option<u64> {
        self.last
    }

    /// How many frames are held.
    pub fn held(&self) -> usize {
        self.held.len()
    }

    /// Starts over after `seq` (a new session), dropping anything held, except what was
    /// held for want of a baseline: frames past `seq` are this session's, kept to drain.
    pub fn reset(&mut self, seq: Option<u64>) {
        let waiting = self.last.is_none();
        self.last = seq;
        match seq {
            Some(start) if waiting => self.held.retain(|s, _| *s > start),
            _ => self.held.clear(),
        }
        if self.held.is_empty() {
            self.gap_since = None;
        }
        self.resume_asked_at = None;
    }

    /// The held frames, lowest seq first (for a snapshot of the store, see `store::image`).
    pub fn held_frames(&self) -> impl Iterator<Item = (u64, &str)> {
        self.held.iter().map(|(seq, raw)| (*seq, raw.as_str()))
    }

    /// Starts over at a snapshot's position: after `seq`, holding `held` (their gap, if
    /// any, opens now).
    pub fn restore(&mut self, seq: Option<u64>, held: Vec<(u64, String)>, now_ms: u64) {
        self.last = seq;
        self.held = held.into_iter().collect();
        self.gap_since = (!self.held.is_empty()).then_some(now_ms);
        self.resume_asked_at = None;
    }

    /// Decides what to do with a frame of `seq`.
    pub fn admit(&self, seq: u64) -> Admit {
        match self.last {
            // Without a baseline only a stream's very start is known to be in order.
            None if seq <= 1 => Admit::Apply,
            Some(last) if seq <= last => Admit::Duplicate,
            Some(last) if seq == last.saturating_add(1) => Admit::Apply,
            _ if self.held.contains_key(&seq) => Admit::Duplicate,
            _ if self.held.len() >= self.max_held => Admit::Overflow,
            _ => Admit::Hold,
        }
    }

    /// Without a baseline, lets the lowest of the held seqs and `seq` start the stream
    /// (the window passed, or there is no more room to wait); a no-op with one.
    pub fn start(&mut self, seq: u64) {
        if self.last.is_some() {
            return;
        }
        let lowest = self.held.keys().next().map_or(seq, |first| seq.min(*first));
        self.last = Some(lowest.saturating_sub(1));
    }

    /// Holds the raw envelope of `seq` (after [`Admit::Hold`]).
    pub fn hold(&mut self, seq: u64, raw: String, now_ms: u64) {
        self.held.insert(seq, raw);
        self.gap_since.get_or_insert(now_ms);
    }

    /// Records that `seq` was applied.
    pub fn applied(&mut self, seq: u64) {
        self.last = Some(self.last.map_or(seq, |l| l.max(seq)));
    }

    /// The next held frame, if it is now in order.
    pub fn take_next(&mut self) -> Option<(u64, String)> {
        // Without a baseline, held frames wait for one (or for the window to pass).
        let next = self.last.map(|l| l.saturating_add(1))?;
        while let Some(entry) = self.held.first_entry() {
            let seq = *entry.key();
            if seq < next {
                entry.remove();
            } else if seq == next {
                return Some((seq, entry.remove()));
            } else {
                return None;
            }
        }
        self.gap_since = None;
        self.resume_asked_at = None;
        None
    }

    /// When the open gap next needs attention.
    pub fn deadline(&self) -> Option<u64> {
        let since = self.gap_since?;
        Some(
            self.resume_asked_at
                .unwrap_or(since)
                .saturating_add(self.gap_ms),
        )
    }

    /// Marks a resume as asked now (a gap overflowed, or its deadline passed).
    pub fn resume_asked(&mut self, now_ms: u64) {
        self.resume_asked_at = Some(now_ms);
        self.gap_since.get_or_insert(now_ms);
    }

    /// What the gap calls for at `now_ms`, if its deadline passed.
    pub fn on_timer(&mut self, now_ms: u64) -> Option<GapAction> {
        if self.deadline()? > now_ms {
            return None;
        }
        if self.last.is_none() {
            self.start(u64::MAX);
            return Some(GapAction::Start);
        }
        if self.resume_asked_at.is_none() {
            self.resume_asked(now_ms);
            return Some(GapAction::Resume);
        }
        let first_held = *self.held.keys().next()?;
        let from = self.last.map_or(0, |l| l.saturating_add(1));
        let to = first_held.saturating_sub(1);
        self.last = Some(to);
        self.resume_asked_at = None;
        self.gap_since = None;
        Some(GapAction::Skip { from, to })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ord() -> Ordering {
        let mut o = Ordering::new(2, 100);
        o.reset(Some(0));
        o
    }

    #[test]
    fn in_order_frames_apply_and_duplicates_drop() {
        let mut o = ord();
        assert_eq!(o.admit(1), Admit::Apply);
        o.applied(1);
        assert_eq!(o.admit(1), Admit::Duplicate);
        assert_eq!(o.admit(2), Admit::Apply);
    }

    #[test]
    fn a_gap_holds_until_it_fills_then_drains_in_order() {
        let mut o = ord();
        assert_eq!(o.admit(3), Admit::Hold);
        o.hold(3, "c".into(), 0);
        assert_eq!(o.admit(2), Admit::Hold);
        o.hold(2, "b".into(), 0);
        assert_eq!(o.admit(3), Admit::Duplicate);
        assert_eq!(o.admit(4), Admit::Overflow);
        o.applied(1);
        assert_eq!(o.take_next(), Some((2, "b".into())));
        o.applied(2);
        assert_eq!(o.take_next(), Some((3, "c".into())));
        o.applied(3);
        assert_eq!(o.take_next(), None);
        assert_eq!(o.deadline(), None);
    }

    #[test]
    fn an_unfilled_gap_asks_resume_then_skips() {
        let mut o = ord();
        o.hold(5, "e".into(), 10);
        assert_eq!(o.on_timer(50), None);
        assert_eq!(o.on_timer(110), Some(GapAction::Resume));
        assert_eq!(o.deadline(), Some(210));
        assert_eq!(o.on_timer(210), Some(GapAction::Skip { from: 1, to: 4 }));
        assert_eq!(o.take_next(), Some((5, "e".into())));
    }

    #[test]
    fn a_restored_ordering_holds_what_the_snapshot_held() {
        let mut o = ord();
        o.hold(3, "stale".into(), 0);
        o.restore(Some(7), vec![(9, "i".into())], 50);
        assert_eq!(o.position(), Some(7));
        assert_eq!(o.held_frames().collect::<Vec<_>>(), [(9, "i")]);
        assert_eq!(o.admit(9), Admit::Duplicate);
        assert_eq!(o.deadline(), Some(150));
        o.applied(8);
        assert_eq!(o.take_next(), Some((9, "i".into())));
    }

    #[test]
    fn without_a_baseline_only_a_streams_start_applies_at_once() {
        let o = Ordering::new(4, 100);
        assert_eq!(o.admit(0), Admit::Apply);
        assert_eq!(o.admit(1), Admit::Apply);
        assert_eq!(o.admit(41), Admit::Hold);
    }

    #[test]
    fn without_a_baseline_a_lower_seq_that_arrives_after_is_not_lost() {
        let mut o = Ordering::new(4, 100);
        o.hold(42, "b".into(), 10);
        assert_eq!(o.admit(41), Admit::Hold, "not a duplicate");
        o.hold(41, "a".into(), 20);
        assert_eq!(o.take_next(), None, "waits for a baseline");
        assert_eq!(o.on_timer(109), None);
        assert_eq!(o.on_timer(110), Some(GapAction::Start));
        assert_eq!(o.position(), Some(40));
        assert_eq!(o.take_next(), Some((41, "a".into())));
        o.applied(41);
        assert_eq!(o.take_next(), Some((42, "b".into())));
        o.applied(42);
        assert_eq!((o.take_next(), o.deadline()), (None, None));
    }

    #[test]
    fn without_a_baseline_and_no_room_left_the_lowest_seq_starts_the_stream() {
        let mut o = Ordering::new(2, 100);
        o.hold(12, "c".into(), 0);
        o.hold(11, "b".into(), 0);
        assert_eq!(o.admit(10), Admit::Overflow);
        o.start(10);
        assert_eq!(o.admit(10), Admit::Apply);
        o.applied(10);
        assert_eq!(o.take_next(), Some((11, "b".into())));
    }

    #[test]
    fn a_baseline_that_arrives_keeps_the_frames_held_past_it() {
        let mut o = Ordering::new(4, 100);
        o.hold(7, "g".into(), 0);
        o.hold(5, "e".into(), 0);
        o.reset(Some(5));
        assert_eq!(
            o.held(),
            1,
            "5 is at the baseline: the session had it already"
        );
        assert_eq!(o.admit(6), Admit::Apply);
        o.applied(6);
        assert_eq!(o.take_next(), Some((7, "g".into())));
        o.reset(Some(0));
        assert_eq!(o.held(), 0, "a new session drops what the old one held");
    }
}
