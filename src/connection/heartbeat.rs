//! Liveness of an open socket: ping when quiet, give up when the silence goes on.
//!
//! A WebSocket over a dead network path (laptop lid closed, NAT entry expired) can stay
//! "open" for minutes without a `close` event. So while open: if no frame at all arrived for
//! `interval_ms`, send a `ping`; if still nothing arrives within `timeout_ms` of that ping, the
//! socket is declared dead and the machine closes it with 4000 and reconnects. Any frame counts
//! as proof of life, not only `pong`, so a busy stream never pings.

/// The ping frame's `action_type`.
pub const PING_ACTION: &str = "ping";

/// What the heartbeat wants done at a given time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Beat {
    /// Nothing due.
    Idle,
    /// Send this ping frame.
    Ping(String),
    /// No frame within the timeout after a ping: the socket is dead.
    Dead,
}

/// Heartbeat state of the current socket. Inactive (no deadline) unless [`Heartbeat::start`]ed.
#[derive(Debug, Clone)]
pub struct Heartbeat {
    interval_ms: Option<u64>,
    timeout_ms: u64,
    active: bool,
    last_frame_at: u64,
    ping_sent_at: Option<u64>,
    pings: u64,
}

impl Heartbeat {
    /// `interval_ms: None` disables pinging entirely.
    pub fn new(interval_ms: Option<u64>, timeout_ms: u64) -> Self {
        Self {
            interval_ms,
            timeout_ms,
            active: false,
            last_frame_at: 0,
            ping_sent_at: None,
            pings: 0,
        }
    }

    /// The socket opened at `now_ms`: start watching.
    pub fn start(&mut self, now_ms: u64) {
        self.active = true;
        self.last_frame_at = now_ms;
        self.ping_sent_at = None;
    }

    /// The socket is gone: stop watching.
    pub fn stop(&mut self) {
        self.active = false;
        self.ping_sent_at = None;
    }

    /// A frame arrived: the socket is alive.
    pub fn frame_received(&mut self, now_ms: u64) {
        if self.active {
            self.last_frame_at = now_ms;
            self.ping_sent_at = None;
        }
    }

    /// When [`Heartbeat::poll`] next has something to do.
    pub fn deadline(&self) -> Option<u64> {
        let interval = self.interval_ms?;
        if !self.active {
            return None;
        }
        Some(match self.ping_sent_at {
            Some(sent) => sent.saturating_add(self.timeout_ms),
            None => self.last_frame_at.saturating_add(interval),
        })
    }

    /// What is due at `now_ms`.
    pub fn poll(&mut self, now_ms: u64) -> Beat {
        match self.deadline() {
            Some(at) if at <= now_ms => {}
            _ => return Beat::Idle,
        }
        if self.ping_sent_at.is_some() {
            self.stop();
            return Beat::Dead;
        }
        self.pings = self.pings.saturating_add(1);
        self.ping_sent_at = Some(now_ms);
        Beat::Ping(format!(
            r#"{{"v":1,"action_type":"{PING_ACTION}","id":"ping-{}"}}"#,
            self.pings
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pings_after_quiet_interval_then_dies_after_timeout() {
        let mut h = Heartbeat::new(Some(100), 30);
        h.start(0);
        assert_eq!(h.deadline(), Some(100));
        assert_eq!(h.poll(99), Beat::Idle);
        assert_eq!(
            h.poll(100),
            Beat::Ping(r#"{"v":1,"action_type":"ping","id":"ping-1"}"#.into())
        );
        assert_eq!(h.deadline(), Some(130));
        assert_eq!(h.poll(129), Beat::Idle);
        assert_eq!(h.poll(130), Beat::Dead);
        assert_eq!(h.deadline(), None);
    }

    #[test]
    fn any_frame_resets_the_interval_and_clears_the_ping() {
        let mut h = Heartbeat::new(Some(100), 30);
        h.start(0);
        h.frame_received(80);
        assert_eq!(h.deadline(), Some(180));
        assert!(matches!(h.poll(180), Beat::Ping(_)));
        h.frame_received(190);
        assert_eq!(h.deadline(), Some(290));
        assert!(matches!(h.poll(290), Beat::Ping(ref p) if p.contains("ping-2")));
    }

    #[test]
    fn disabled_or_stopped_heartbeat_has_no_deadline() {
        let mut off = Heartbeat::new(None, 30);
        off.start(0);
        assert_eq!(off.deadline(), None);
        assert_eq!(off.poll(1_000_000), Beat::Idle);
        let mut h = Heartbeat::new(Some(100), 30);
        assert_eq!(h.deadline(), None, "not started");
        h.start(0);
        h.stop();
        h.frame_received(5);
        assert_eq!(h.deadline(), None);
    }
}
