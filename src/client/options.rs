//! Connection options read from the app's options object (camelCase JSON).
//!
//! ```json
//! { "url": "wss://api.example.com/ws", "tokenMode": "query",
//!   "reconnect": { "baseDelayMs": 1000, "maxDelayMs": 30000, "maxRetries": null, "jitter": 0.5 },
//!   "heartbeat": { "intervalMs": 25000, "timeoutMs": 10000 },
//!   "outbox": { "capacity": 100 }, "ackTimeoutMs": 10000 }
//! ```
//! `heartbeat: false` turns the heartbeat off. No `url` means a store fed only through
//! `ingest` (SSE, fetch streams, tests). A wrong option is an error naming it.

use crate::json::Value;
use serde::Deserialize;

use crate::connection::{ConnectionOptions, TokenMode};

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Reconnect {
    base_delay_ms: Option<u64>,
    max_delay_ms: Option<u64>,
    max_retries: Option<u32>,
    jitter: Option<f64>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Heartbeat {
    interval_ms: Option<u64>,
    timeout_ms: Option<u64>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Outbox {
    capacity: Option<usize>,
}

fn field<T: for<'de> Deserialize<'de> + Default>(v: &Value, name: &str) -> Result<T, String> {
    match v.get(name) {
        None | Some(Value::Null) => Ok(T::default()),
        Some(x) => serde_json::from_str(&crate::json::to_string(x))
            .map_err(|e| format!("options.{name}: {e}")),
    }
}

/// The connection options in `options`, or `None` when it names no `url`.
/// `has_token` says whether the app gave a token (a string or a function).
pub fn connection_options(
    options: &Value,
    has_token: bool,
) -> Result<Option<ConnectionOptions>, String> {
    let url = match options.get("url") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(url)) => url.clone(),
        Some(_) => return Err("options.url must be a string like \"wss://host/ws\"".into()),
    };
    let mut o = ConnectionOptions {
        url,
        has_token,
        ..ConnectionOptions::default()
    };
    o.token_mode = match options.get("tokenMode").and_then(Value::as_str) {
        None | Some("query") => TokenMode::Query,
        Some("frame") => TokenMode::Frame,
        Some(other) => {
            return Err(format!(
                "options.tokenMode `{other}`: use \"query\" or \"frame\""
            ))
        }
    };
    let r: Reconnect = field(options, "reconnect")?;
    o.base_delay_ms = r.base_delay_ms.unwrap_or(o.base_delay_ms);
    o.max_delay_ms = r.max_delay_ms.unwrap_or(o.max_delay_ms);
    o.max_retries = r.max_retries.or(o.max_retries);
    o.jitter = r.jitter.unwrap_or(o.jitter);
    if options.get("heartbeat") == Some(&Value::Bool(false)) {
        o.heartbeat_interval_ms = None;
    } else {
        let h: Heartbeat = field(options, "heartbeat")?;
        o.heartbeat_interval_ms = h.interval_ms.or(o.heartbeat_interval_ms);
        o.heartbeat_timeout_ms = h.timeout_ms.unwrap_or(o.heartbeat_timeout_ms);
    }
    let b: Outbox = field(options, "outbox")?;
    o.outbox_capacity = b.capacity.unwrap_or(o.outbox_capacity);
    if let Some(v) = options.get("ackTimeoutMs").filter(|v| !v.is_null()) {
        o.ack_timeout_ms = v
            .as_u64()
            .ok_or("options.ackTimeoutMs must be a whole number of ms")?;
    }
    o.validate()?;
    Ok(Some(o))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::jv as json;

    #[test]
    fn no_url_means_an_ingest_only_store() {
        assert!(connection_options(&json!({}), false).unwrap().is_none());
    }

    #[test]
    fn options_override_the_defaults() {
        let o = connection_options(
            &json!({"url": "ws://127.0.0.1:1/ws", "reconnect": {"baseDelayMs": 5, "maxRetries": 3},
                    "heartbeat": false, "outbox": {"capacity": 2}, "ackTimeoutMs": 50, "tokenMode": "frame"}),
            true,
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            (o.base_delay_ms, o.max_retries, o.heartbeat_interval_ms),
            (5, Some(3), None)
        );
        assert_eq!(
            (o.outbox_capacity, o.ack_timeout_ms, o.token_mode),
            (2, 50, TokenMode::Frame)
        );
    }

    #[test]
    fn bad_options_say_what_to_change() {
        for (opts, needle) in [
            (json!({"url": 5}), "options.url"),
            (json!({"url": "http://x"}), "ws"),
            (
                json!({"url": "ws://x/ws", "tokenMode": "cookie"}),
                "tokenMode",
            ),
            (
                json!({"url": "ws://x/ws", "reconnect": {"base": 1}}),
                "options.reconnect",
            ),
            (
                json!({"url": "ws://x/ws", "ackTimeoutMs": -1}),
                "ackTimeoutMs",
            ),
        ] {
            let err = connection_options(&opts, false).unwrap_err();
            assert!(err.contains(needle), "{err}");
        }
    }
}
