//! The server session this client follows, and the resume handshake.
//!
//! `session.ready {sessionId, epoch, seq}` names the session. After a reconnect the
//! client sends `resume {sessionId, epoch, seq}` first. The server may already have
//! announced a fresh session on the new socket; while a resume is in flight that
//! announcement is only a candidate. The server confirms a resume with a
//! `session.ready` naming the old session (the stream then continues where it was), or
//! answers `resume.failed`, after which the candidate is adopted.

/// One session's identity and position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionId {
    /// The server's session id.
    pub id: String,
    /// The server's epoch; a restart that forgot sessions changes it.
    pub epoch: u64,
}

/// What a `session.ready` means here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ready {
    /// A new session: start ordering over after `seq`.
    Adopt(u64),
    /// The session we asked to resume: keep our position.
    Resumed,
    /// A fresh session announced while a resume is in flight: held as a candidate.
    Candidate,
}

/// The session state machine.
#[derive(Debug, Clone, Default)]
pub struct Session {
    current: Option<SessionId>,
    resuming: bool,
    candidate: Option<(SessionId, u64)>,
}

impl Session {
    /// The session followed now.
    pub fn current(&self) -> Option<&SessionId> {
        self.current.as_ref()
    }

    /// Whether a resume is in flight.
    pub fn resuming(&self) -> bool {
        self.resuming
    }

    /// The fresh session announced while a resume is in flight, and its seq.
    pub fn candidate(&self) -> Option<(&SessionId, u64)> {
        self.candidate.as_ref().map(|(id, seq)| (id, *seq))
    }

    /// The state a snapshot of the store carried (see `store::image`).
    pub fn restore(
        current: Option<SessionId>,
        resuming: bool,
        candidate: Option<(SessionId, u64)>,
    ) -> Self {
        Self {
            resuming: resuming && current.is_some(),
            current,
            candidate,
        }
    }

    /// Starts a resume, if there is a session to resume.
    pub fn begin_resume(&mut self) -> Option<&SessionId> {
        self.resuming = self.current.is_some();
        self.candidate = None;
        self.current.as_ref()
    }

    /// Handles `session.ready`.
    pub fn ready(&mut self, id: String, epoch: u64, seq: u64) -> Ready {
        let named = SessionId { id, epoch };
        if self.resuming {
            if self.current.as_ref() == Some(&named) {
                self.resuming = false;
                return Ready::Resumed;
            }
            self.candidate = Some((named, seq));
            return Ready::Candidate;
        }
        self.current = Some(named);
        Ready::Adopt(seq)
    }

    /// Handles `resume.failed`: adopts the candidate, if any; answers its seq.
    pub fn resume_failed(&mut self) -> Option<u64> {
        self.resuming = false;
        let (id, seq) = self.candidate.take()?;
        self.current = Some(id);
        Some(seq)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_ready_is_adopted() {
        let mut s = Session::default();
        assert_eq!(s.ready("s1".into(), 1, 0), Ready::Adopt(0));
        assert_eq!(s.current().map(|c| c.id.as_str()), Some("s1"));
    }

    #[test]
    fn a_resume_is_confirmed_by_the_same_session() {
        let mut s = Session::default();
        s.ready("s1".into(), 1, 0);
        assert!(s.begin_resume().is_some());
        assert_eq!(s.ready("fresh".into(), 1, 0), Ready::Candidate);
        assert_eq!(s.ready("s1".into(), 1, 40), Ready::Resumed);
        assert!(!s.resuming());
    }

    #[test]
    fn a_failed_resume_adopts_the_candidate() {
        let mut s = Session::default();
        s.ready("s1".into(), 1, 0);
        s.begin_resume();
        s.ready("s2".into(), 2, 0);
        assert_eq!(s.resume_failed(), Some(0));
        assert_eq!(s.current().map(|c| c.epoch), Some(2));
    }

    #[test]
    fn same_id_with_a_new_epoch_is_not_a_resume() {
        let mut s = Session::default();
        s.ready("s1".into(), 1, 0);
        s.begin_resume();
        assert_eq!(s.ready("s1".into(), 2, 0), Ready::Candidate);
    }
}
