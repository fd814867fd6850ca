//! Connection options: defaults, and the validation that turns misuse into a clear message.
//!
//! Options are checked once, when the app creates the store ([`ConnectionOptions::validate`]),
//! because that is the only moment an exception can point at the line that is wrong; the
//! machine itself never fails on them (it clamps what it must).

/// Default first reconnect delay.
pub const DEFAULT_BASE_DELAY_MS: u64 = 1000;
/// Default ceiling of the reconnect delay.
pub const DEFAULT_MAX_DELAY_MS: u64 = 30_000;
/// Default jitter fraction (see `backoff`).
pub const DEFAULT_JITTER: f64 = 0.5;
/// Default quiet time before a ping.
pub const DEFAULT_HEARTBEAT_INTERVAL_MS: u64 = 25_000;
/// Default wait for any frame after a ping.
pub const DEFAULT_HEARTBEAT_TIMEOUT_MS: u64 = 10_000;
/// Default offline queue size.
pub const DEFAULT_OUTBOX_CAPACITY: usize = 100;
/// Default wait for a final ack after sending.
pub const DEFAULT_ACK_TIMEOUT_MS: u64 = 10_000;

/// How the auth token reaches the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TokenMode {
    /// As the `token` query parameter of the URL (browsers cannot set WebSocket headers).
    #[default]
    Query,
    /// As the first frame: `{"v":1,"action_type":"auth","payload":{"token":"…"}}`, which keeps
    /// it out of server access logs.
    Frame,
}

/// Everything the machine needs to know up front.
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectionOptions {
    /// The `ws://` or `wss://` URL, without the token.
    pub url: String,
    /// How the token is sent.
    pub token_mode: TokenMode,
    /// Whether a token source exists (the driver owns the string or function).
    pub has_token: bool,
    /// First reconnect delay.
    pub base_delay_ms: u64,
    /// Reconnect delay ceiling.
    pub max_delay_ms: u64,
    /// Reconnect attempts before giving up (`Failed`); `None` retries forever.
    pub max_retries: Option<u32>,
    /// `0.0..=1.0`: each delay `d` becomes `d * (1 - jitter * r)`, `r` uniform in `[0, 1)`.
    pub jitter: f64,
    /// Quiet time before a ping; `None` disables the heartbeat.
    pub heartbeat_interval_ms: Option<u64>,
    /// Wait for any frame after a ping before declaring the socket dead.
    pub heartbeat_timeout_ms: u64,
    /// Frames kept while offline; the oldest is dropped beyond this.
    pub outbox_capacity: usize,
    /// Wait, from sending, for a `delivered`/`error` ack before `timeout`.
    pub ack_timeout_ms: u64,
}

impl Default for ConnectionOptions {
    fn default() -> Self {
        Self {
            url: String::new(),
            token_mode: TokenMode::Query,
            has_token: false,
            base_delay_ms: DEFAULT_BASE_DELAY_MS,
            max_delay_ms: DEFAULT_MAX_DELAY_MS,
            max_retries: None,
            jitter: DEFAULT_JITTER,
            heartbeat_interval_ms: Some(DEFAULT_HEARTBEAT_INTERVAL_MS),
            heartbeat_timeout_ms: DEFAULT_HEARTBEAT_TIMEOUT_MS,
            outbox_capacity: DEFAULT_OUTBOX_CAPACITY,
            ack_timeout_ms: DEFAULT_ACK_TIMEOUT_MS,
        }
    }
}

impl ConnectionOptions {
    /// Check the options; the error says what to change.
    pub fn validate(&self) -> Result<(), String> {
        validate_url(&self.url)?;
        if self.base_delay_ms == 0 {
            return Err("baseDelayMs must be at least 1".into());
        }
        if self.max_delay_ms < self.base_delay_ms {
            return Err(format!(
                "maxDelayMs ({}) must be at least baseDelayMs ({})",
                self.max_delay_ms, self.base_delay_ms
            ));
        }
        if !(0.0..=1.0).contains(&self.jitter) {
            // No float in the text: formatting an f64 costs ~15 KB of wasm.
            return Err("jitter must be a number between 0 and 1".into());
        }
        if self.heartbeat_interval_ms == Some(0) {
            return Err("heartbeatIntervalMs must be at least 1 (or null to disable)".into());
        }
        if self.heartbeat_timeout_ms == 0 {
            return Err("heartbeatTimeoutMs must be at least 1".into());
        }
        if self.ack_timeout_ms == 0 {
            return Err("ackTimeoutMs must be at least 1".into());
        }
        Ok(())
    }
}

/// A WebSocket URL must be absolute `ws:`/`wss:` with a host and no fragment: the
/// [WebSocket constructor](https://developer.mozilla.org/en-US/docs/Web/API/WebSocket/WebSocket)
/// throws a `SyntaxError` on anything else, far from the line that caused it.
fn validate_url(url: &str) -> Result<(), String> {
    if url.is_empty() {
        return Err("url is required: pass a ws:// or wss:// URL".into());
    }
    let lower = url.to_ascii_lowercase();
    let rest = ["ws://", "wss://"]
        .iter()
        .find_map(|scheme| lower.strip_prefix(scheme));
    let Some(rest) = rest else {
        return Err(format!(
            "url must start with ws:// or wss:// (got \"{}\"); for http(s) pages use ws(s) on the same host",
            scheme_of(url)
        ));
    };
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    if rest.get(..host_end).is_none_or(str::is_empty) {
        return Err("url has no host: write it like wss://example.com/ws".into());
    }
    if url.contains('#') {
        return Err("url must not contain a #fragment: remove it".into());
    }
    if url.chars().any(char::is_whitespace) {
        return Err("url must not contain whitespace: percent-encode it".into());
    }
    Ok(())
}

/// Only the scheme of a bad URL goes into the message: the rest may carry credentials.
fn scheme_of(url: &str) -> &str {
    url.split_once(':')
        .map_or("no scheme", |(scheme, _)| scheme)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_url(url: &str) -> ConnectionOptions {
        ConnectionOptions {
            url: url.into(),
            ..ConnectionOptions::default()
        }
    }

    #[test]
    fn defaults_match_the_documented_values() {
        let o = ConnectionOptions::default();
        assert_eq!(o.url, "");
        assert_eq!(o.token_mode, TokenMode::Query);
        assert_eq!((o.base_delay_ms, o.max_delay_ms), (1000, 30_000));
        assert_eq!(o.heartbeat_interval_ms, Some(25_000));
        assert_eq!((o.outbox_capacity, o.ack_timeout_ms), (100, 10_000));
        assert_eq!(o.jitter, 0.5);
        assert_eq!(o.max_retries, None);
    }

    #[test]
    fn accepts_ws_and_wss_urls_with_paths_and_queries() {
        for url in [
            "ws://localhost:5000/ws",
            "WSS://example.com",
            "wss://h/p?a=1",
        ] {
            assert_eq!(with_url(url).validate(), Ok(()), "{url}");
        }
    }

    #[test]
    fn rejects_bad_urls_with_a_message_saying_what_to_change() {
        let cases = [
            ("", "required"),
            ("https://example.com/ws", "ws:// or wss://"),
            ("wss:///path", "no host"),
            ("wss://h/ws#frag", "fragment"),
            ("wss://h/a b", "whitespace"),
        ];
        for (url, needle) in cases {
            let err = with_url(url).validate().err().unwrap_or_default();
            assert!(err.contains(needle), "{url}: {err}");
        }
    }

    #[test]
    fn rejects_inconsistent_numbers() {
        let base = with_url("wss://h");
        let bad = [
            ConnectionOptions {
                max_delay_ms: 10,
                ..base.clone()
            },
            ConnectionOptions {
                jitter: 1.5,
                ..base.clone()
            },
            ConnectionOptions {
                jitter: f64::NAN,
                ..base.clone()
            },
            ConnectionOptions {
                heartbeat_interval_ms: Some(0),
                ..base.clone()
            },
            ConnectionOptions {
                ack_timeout_ms: 0,
                ..base.clone()
            },
        ];
        for o in bad {
            assert!(o.validate().is_err(), "{o:?}");
        }
    }
}
