//! All sessions of this server, the current epoch, and the rules for finding a session to
//! resume.
//!
//! The epoch starts at the process start time in seconds, so a resume against a really
//! restarted process fails with `epoch_changed`; `POST /control {"restart": true}` bumps it and
//! forgets every session, which simulates that without a restart.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::session::{ResumeFailure, Session};

/// Every session, by id.
pub struct Registry {
    epoch: AtomicU64,
    next_id: AtomicU64,
    capacity: usize,
    ttl: Duration,
    sessions: Mutex<HashMap<String, Arc<Session>>>,
}

impl Registry {
    /// An empty registry whose sessions buffer `capacity` frames and live `ttl` unattached.
    pub fn new(capacity: usize, ttl: Duration) -> Self {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(1, |d| d.as_secs());
        Registry {
            epoch: AtomicU64::new(now),
            next_id: AtomicU64::new(1),
            capacity,
            ttl,
            sessions: Mutex::new(HashMap::new()),
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Arc<Session>>> {
        self.sessions
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    /// The current epoch.
    pub fn epoch(&self) -> u64 {
        self.epoch.load(Ordering::SeqCst)
    }

    /// How many sessions exist.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether there are no sessions.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Makes a session for `user`.
    pub fn create(&self, user: &str) -> Arc<Session> {
        let n = self.next_id.fetch_add(1, Ordering::SeqCst);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let epoch = self.epoch();
        // Not a secret: resume also checks the user, so a guessed id resumes nothing.
        let id = format!("s-{epoch:x}-{n}-{nanos:08x}");
        let session = Arc::new(Session::new(
            id.clone(),
            epoch,
            user.to_owned(),
            self.capacity,
        ));
        self.lock().insert(id, session.clone());
        session
    }

    /// The session `id` of `user` in `epoch`, for a resume. Another user's session counts as
    /// unknown, so ids leak nothing.
    pub fn find_for_resume(
        &self,
        id: &str,
        epoch: u64,
        user: &str,
    ) -> Result<Arc<Session>, ResumeFailure> {
        match self.lock().get(id) {
            Some(session) if session.user == user => {
                if session.epoch == epoch {
                    Ok(session.clone())
                } else {
                    Err(ResumeFailure::EpochChanged)
                }
            }
            _ if epoch != self.epoch() => Err(ResumeFailure::EpochChanged),
            _ => Err(ResumeFailure::UnknownSession),
        }
    }

    /// Forgets session `id` and stops its tasks.
    pub fn discard(&self, id: &str) {
        if let Some(session) = self.lock().remove(id) {
            session.close();
        }
    }

    /// Starts a new epoch and forgets every session. Returns the new epoch.
    pub fn restart(&self) -> u64 {
        let epoch = self.epoch.fetch_add(1, Ordering::SeqCst) + 1;
        let old: Vec<_> = self.lock().drain().map(|(_, s)| s).collect();
        for session in old {
            session.close();
        }
        epoch
    }

    /// Forgets sessions unattached for longer than the ttl. Returns how many.
    pub fn sweep(&self, now: Instant) -> usize {
        let expired: Vec<_> = {
            let mut sessions = self.lock();
            let ids: Vec<_> = sessions
                .iter()
                .filter(|(_, s)| s.expired(now, self.ttl))
                .map(|(id, _)| id.clone())
                .collect();
            ids.iter().filter_map(|id| sessions.remove(id)).collect()
        };
        for session in &expired {
            session.close();
        }
        expired.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resume_lookup_names_the_reason() {
        let registry = Registry::new(10, Duration::from_secs(300));
        let epoch = registry.epoch();
        let s = registry.create("alice");
        assert!(registry.find_for_resume(&s.id, epoch, "alice").is_ok());
        assert_eq!(
            registry.find_for_resume(&s.id, epoch, "mallory").err(),
            Some(ResumeFailure::UnknownSession)
        );
        assert_eq!(
            registry.find_for_resume("nope", epoch, "alice").err(),
            Some(ResumeFailure::UnknownSession)
        );
        registry.restart();
        assert_eq!(
            registry.find_for_resume(&s.id, epoch, "alice").err(),
            Some(ResumeFailure::EpochChanged)
        );
    }

    #[test]
    fn sweep_forgets_only_long_unattached_sessions() {
        let registry = Registry::new(10, Duration::from_secs(300));
        registry.create("a");
        assert_eq!(registry.sweep(Instant::now()), 0);
        assert_eq!(registry.sweep(Instant::now() + Duration::from_secs(301)), 1);
        assert!(registry.is_empty());
    }
}
