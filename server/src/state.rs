//! The state every request handler shares: configuration, sessions, live connections, the rate
//! limiter, the server-wide fault knobs, and the id counters.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tokio_util::sync::CancellationToken;

use crate::config::{Config, RATE_WINDOW};
use crate::faults::GlobalKnobs;
use crate::hub::Hub;
use crate::rate_limit::RateLimiter;
use crate::registry::Registry;

/// Shared server state.
pub struct Shared {
    /// The configuration it started with.
    pub config: Config,
    /// Every session.
    pub registry: Registry,
    /// Every live connection.
    pub hub: Hub,
    /// Chat messages per user.
    pub limiter: RateLimiter,
    /// Server-wide fault knobs.
    pub knobs: GlobalKnobs,
    /// The last `dropAfter` set through `/control` (reported back; it applied once).
    pub last_drop_after: Mutex<Option<u64>>,
    /// Fires on shutdown.
    pub shutdown: CancellationToken,
    next_message: AtomicU64,
    next_elicitation: AtomicU64,
}

/// What handlers hold.
pub type AppState = Arc<Shared>;

impl Shared {
    /// Fresh state for `config`.
    pub fn new(config: Config) -> AppState {
        Arc::new(Shared {
            registry: Registry::new(config.replay_frames, config.session_ttl),
            limiter: RateLimiter::new(config.rate_limit, RATE_WINDOW),
            hub: Hub::default(),
            knobs: GlobalKnobs::default(),
            last_drop_after: Mutex::new(None),
            shutdown: CancellationToken::new(),
            next_message: AtomicU64::new(1),
            next_elicitation: AtomicU64::new(1),
            config,
        })
    }

    /// A new message id with `prefix` (`u` or `a`): `u-1`, `a-2`, … Server-wide, so ids never
    /// collide between a client's old and new sessions.
    pub fn message_id(&self, prefix: &str) -> String {
        format!(
            "{prefix}-{}",
            self.next_message.fetch_add(1, Ordering::SeqCst)
        )
    }

    /// A new elicitation id: `e-1`, `e-2`, …
    pub fn elicitation_id(&self) -> String {
        format!("e-{}", self.next_elicitation.fetch_add(1, Ordering::SeqCst))
    }
}
