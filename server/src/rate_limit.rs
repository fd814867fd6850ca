//! A sliding-window rate limit on chat messages, per user across all that user's connections.
//!
//! The limit is on the user (the token), not the connection, so opening a second tab does not
//! double the budget.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Counts recent hits per user.
#[derive(Debug)]
pub struct RateLimiter {
    limit: usize,
    window: Duration,
    hits: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl RateLimiter {
    /// Allows `limit` hits per `window` per user.
    pub fn new(limit: usize, window: Duration) -> Self {
        RateLimiter {
            limit,
            window,
            hits: Mutex::new(HashMap::new()),
        }
    }

    /// Records a hit for `user` at `now`; if over the limit, returns the whole seconds until
    /// the next hit would be allowed (and records nothing).
    pub fn check(&self, user: &str, now: Instant) -> Result<(), u64> {
        let mut hits = self
            .hits
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        let recent = hits.entry(user.to_owned()).or_default();
        while recent
            .front()
            .is_some_and(|&at| now.saturating_duration_since(at) >= self.window)
        {
            recent.pop_front();
        }
        if recent.len() < self.limit {
            recent.push_back(now);
            return Ok(());
        }
        let oldest = recent.front().copied().unwrap_or(now);
        let wait = self
            .window
            .saturating_sub(now.saturating_duration_since(oldest));
        // Round up so "try again in N seconds" is never too early.
        Err(wait.as_millis().div_ceil(1000).max(1) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hit_past_the_limit_is_refused_with_a_wait() {
        let limiter = RateLimiter::new(2, Duration::from_secs(60));
        let t0 = Instant::now();
        assert!(limiter.check("u", t0).is_ok());
        assert!(limiter.check("u", t0 + Duration::from_secs(10)).is_ok());
        assert_eq!(limiter.check("u", t0 + Duration::from_secs(20)), Err(40));
    }

    #[test]
    fn users_are_counted_apart_and_the_window_slides() {
        let limiter = RateLimiter::new(1, Duration::from_secs(60));
        let t0 = Instant::now();
        assert!(limiter.check("a", t0).is_ok());
        assert!(limiter.check("b", t0).is_ok());
        assert!(limiter.check("a", t0 + Duration::from_secs(1)).is_err());
        assert!(limiter.check("a", t0 + Duration::from_secs(60)).is_ok());
    }
}
