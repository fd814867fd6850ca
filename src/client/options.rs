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

use crate::connection::{ConnectionOptions, TokenMode};
use crate::json::Value;
use crate::options::fields::Fields;

/// The keys of `options.reconnect`.
const RECONNECT: &[&str] = &["baseDelayMs", "maxDelayMs", "maxRetries", "jitter"];
/// The keys of `options.heartbeat`.
const HEARTBEAT: &[&str] = &["intervalMs", "timeoutMs"];
/// The keys of `options.outbox`.
const OUTBOX: &[&str] = &["capacity"];

/// The connection options in `options`, or `None` when it names no `url`.
/// `has_token` says whether the app gave a token (a string or a function).
pub fn connection_options(
    options: &Value,
    has_token: bool,
) -> Result<Option<ConnectionOptions>, String> {
    let top = Fields::open(options, "options");
    let url = match top.raw("url") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(url)) => url.clone(),
        Some(_) => return Err("options.url must be a string like \"wss://host/ws\"".into()),
    };
    let mut o = ConnectionOptions {
        url,
        has_token,
        ..ConnectionOptions::default()
    };
    o.token_mode = match top.string("tokenMode") {
        Ok(None | Some("query")) => TokenMode::Query,
        Ok(Some("frame")) => TokenMode::Frame,
        Ok(Some(other)) => {
            return Err(format!(
                "options.tokenMode `{other}`: use \"query\" or \"frame\""
            ))
        }
        Err(_) => return Err(top.wrong("tokenMode", "\"query\" or \"frame\"")),
    };
    if let Some(v) = top.member("reconnect") {
        let r = Fields::new(v, "options.reconnect", RECONNECT)?;
        o.base_delay_ms = r.whole("baseDelayMs")?.unwrap_or(o.base_delay_ms);
        o.max_delay_ms = r.whole("maxDelayMs")?.unwrap_or(o.max_delay_ms);
        o.max_retries = r.whole("maxRetries")?.or(o.max_retries);
        o.jitter = r.number("jitter")?.unwrap_or(o.jitter);
    }
    if top.raw("heartbeat") == Some(&Value::Bool(false)) {
        o.heartbeat_interval_ms = None;
    } else if let Some(v) = top.member("heartbeat") {
        if !v.is_object() {
            let what = "an object like {\"intervalMs\": 25000}, or false to turn it off";
            return Err(top.wrong("heartbeat", what));
        }
        let h = Fields::new(v, "options.heartbeat", HEARTBEAT)?;
        o.heartbeat_interval_ms = h.whole("intervalMs")?.or(o.heartbeat_interval_ms);
        o.heartbeat_timeout_ms = h.whole("timeoutMs")?.unwrap_or(o.heartbeat_timeout_ms);
    }
    if let Some(v) = top.member("outbox") {
        let b = Fields::new(v, "options.outbox", OUTBOX)?;
        o.outbox_capacity = b.whole("capacity")?.unwrap_or(o.outbox_capacity);
    }
    o.ack_timeout_ms = top.whole("ackTimeoutMs")?.unwrap_or(o.ack_timeout_ms);
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
    fn every_connection_option_is_read() {
        let o = connection_options(
            &json!({"url": "wss://h/ws", "tokenMode": null,
                    "reconnect": {"baseDelayMs": 7, "maxDelayMs": 70, "maxRetries": 0, "jitter": 0.25},
                    "heartbeat": {"intervalMs": 8, "timeoutMs": 9}, "outbox": {"capacity": 0},
                    "ackTimeoutMs": null, "unrelated": [1]}),
            false,
        )
        .unwrap()
        .unwrap();
        let expected = ConnectionOptions {
            url: "wss://h/ws".into(),
            base_delay_ms: 7,
            max_delay_ms: 70,
            max_retries: Some(0),
            jitter: 0.25,
            heartbeat_interval_ms: Some(8),
            heartbeat_timeout_ms: 9,
            outbox_capacity: 0,
            ..ConnectionOptions::default()
        };
        assert_eq!(o, expected);
    }

    #[test]
    fn jitter_reads_fractions_exponents_and_integers() {
        for (jitter, expected) in [
            (serde_json::json!(0), 0.0),
            (serde_json::json!(1), 1.0),
            (serde_json::json!(0.1), 0.1),
            (serde_json::json!(5e-1), 0.5),
            (serde_json::json!(null), 0.5),
        ] {
            let o = connection_options(
                &json!({"url": "ws://x/ws", "reconnect": {"jitter": jitter}}),
                false,
            )
            .unwrap()
            .unwrap();
            assert!((o.jitter - expected).abs() < 1e-12, "{}", o.jitter);
        }
    }

    #[test]
    fn null_members_keep_the_defaults() {
        let o = connection_options(
            &json!({"url": "ws://x/ws", "reconnect": {"maxRetries": null, "baseDelayMs": null},
                    "heartbeat": null, "outbox": null}),
            false,
        )
        .unwrap()
        .unwrap();
        let expected = ConnectionOptions {
            url: "ws://x/ws".into(),
            ..ConnectionOptions::default()
        };
        assert_eq!(o, expected);
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
            (
                json!({"url": "ws://x/ws", "tokenMode": 1}),
                "options.tokenMode must be \"query\" or \"frame\" (got 1)",
            ),
            (
                json!({"url": "ws://x/ws", "reconnect": {"base": 1}}),
                "options.reconnect: unknown field `base`; fields are baseDelayMs, maxDelayMs, maxRetries, jitter",
            ),
            (
                json!({"url": "ws://x/ws", "reconnect": {"baseDelayMs": -5}}),
                "options.reconnect.baseDelayMs must be a whole number, 0 or more (got -5)",
            ),
            (
                json!({"url": "ws://x/ws", "reconnect": {"maxDelayMs": 1.5}}),
                "options.reconnect.maxDelayMs must be a whole number, 0 or more (got 1.5)",
            ),
            (
                json!({"url": "ws://x/ws", "reconnect": {"maxRetries": 4_294_967_296u64}}),
                "options.reconnect.maxRetries must be a smaller whole number",
            ),
            (
                json!({"url": "ws://x/ws", "reconnect": {"jitter": "0.5"}}),
                "options.reconnect.jitter must be a number (got a string)",
            ),
            (
                json!({"url": "ws://x/ws", "reconnect": {"jitter": 1.5}}),
                "jitter must be a number between 0 and 1",
            ),
            (
                json!({"url": "ws://x/ws", "reconnect": {"jitter": -0.1}}),
                "jitter must be a number between 0 and 1",
            ),
            (
                json!({"url": "ws://x/ws", "reconnect": true}),
                "options.reconnect must be an object; fields are",
            ),
            (
                json!({"url": "ws://x/ws", "heartbeat": true}),
                "options.heartbeat must be an object like {\"intervalMs\": 25000}, or false to turn it off (got true)",
            ),
            (
                json!({"url": "ws://x/ws", "heartbeat": {"intervalMs": 0}}),
                "heartbeatIntervalMs must be at least 1",
            ),
            (
                json!({"url": "ws://x/ws", "heartbeat": {"interval": 5}}),
                "options.heartbeat: unknown field `interval`; fields are intervalMs, timeoutMs",
            ),
            (
                json!({"url": "ws://x/ws", "heartbeat": {"timeoutMs": "5"}}),
                "options.heartbeat.timeoutMs must be a whole number",
            ),
            (
                json!({"url": "ws://x/ws", "outbox": {"capacity": -1}}),
                "options.outbox.capacity must be a whole number, 0 or more (got -1)",
            ),
            (
                json!({"url": "ws://x/ws", "outbox": {"size": 1}}),
                "options.outbox: unknown field `size`; fields are capacity",
            ),
            (
                json!({"url": "ws://x/ws", "ackTimeoutMs": 2.5}),
                "options.ackTimeoutMs must be a whole number, 0 or more (got 2.5)",
            ),
        ] {
            let err = connection_options(&opts, false).unwrap_err();
            assert!(err.contains(needle), "{err}");
        }
    }
}
