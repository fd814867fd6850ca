//! What a follower's store does on the leader's word (tabs sharing one socket, see
//! `crate::share`): the leader's own timers decide when an unanswered resume has failed,
//! and a follower mirrors that verdict instead of keeping a clock of its own for it.

use super::Store;

impl Store {
    /// Whether a resume is in flight (its answer not yet come).
    pub fn is_resuming(&self) -> bool {
        self.session.resuming()
    }

    /// The leader's resume went unanswered for `limits.gapMs`: fail it here too, exactly as
    /// the leader's store did (the fresh session is adopted, unfinished messages go stale).
    pub fn lapse_resume(&mut self, now_ms: u64) {
        if !self.session.resuming() {
            return;
        }
        self.now_ms = now_ms;
        let wait = self.opts.limits.gap_ms;
        self.resume_failed(&format!(
            "no answer to resume within limits.gapMs ({wait} ms)"
        ));
    }
}
