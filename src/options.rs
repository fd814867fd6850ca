//! Store options: envelope field names, routes and limits, read from a JSON object.
//!
//! These come from the app at creation (`createWireStore({...})`); a wrong option is API
//! misuse, so it is the one place that fails loudly, with a message naming the option
//! and what to change.
//!
//! ```json
//! { "envelope": { "actionType": "type", "payload": null },
//!   "routes": { "Update": { "op": "content.delta", "text": "delta.content" } },
//!   "limits": { "maxFrameBytes": 1048576, "maxLogsPerMessage": 500, "maxHeld": 256,
//!               "gapMs": 2000, "maxMessages": 1000, "maxErrors": 100 } }
//! ```

use crate::json::Value;
use serde::Deserialize;

use crate::protocol::EnvelopeNames;
use crate::routes::RouteTable;

/// Bounds on what the store keeps and accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Limits {
    /// Frames larger than this are rejected unparsed (1 MiB).
    pub max_frame_bytes: usize,
    /// The `logs` ring of each message (500).
    pub max_logs_per_message: usize,
    /// Frames held past a seq gap (256).
    pub max_held: usize,
    /// How long a gap may stay open before a resume is asked (2000 ms).
    pub gap_ms: u64,
    /// Messages kept; the oldest finished ones are evicted first (1000).
    pub max_messages: usize,
    /// Entries kept in the `errors` key (100).
    pub max_errors: usize,
    /// Frames in and out kept in the `frames` key for inspection (0: none, the default).
    pub record_frames: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_frame_bytes: 1 << 20,
            max_logs_per_message: 500,
            max_held: 256,
            gap_ms: 2000,
            max_messages: 1000,
            max_errors: 100,
            record_frames: 0,
        }
    }
}

/// Everything that shapes how frames are read and kept.
#[derive(Debug, Clone, Default)]
pub struct StoreOptions {
    /// Envelope field names.
    pub envelope: EnvelopeNames,
    /// User routes.
    pub routes: RouteTable,
    /// Bounds.
    pub limits: Limits,
}

impl StoreOptions {
    /// Reads `envelope`, `routes` and `limits` from an options object; other keys are
    /// left to the caller (the connection's options share the object).
    pub fn from_json(options: &Value) -> Result<Self, String> {
        let mut out = StoreOptions::default();
        if let Some(v) = options.get("envelope").filter(|v| !v.is_null()) {
            out.envelope = serde_json::from_str::<EnvelopeNames>(&crate::json::to_string(v))
                .map_err(|e| format!("options.envelope: {e}; fields are actionType, messageId, seq, ref, payload (string or null), version"))?;
        }
        if let Some(v) = options.get("routes").filter(|v| !v.is_null()) {
            out.routes = RouteTable::from_json(v).map_err(|e| format!("options.routes: {e}"))?;
        }
        if let Some(v) = options.get("limits").filter(|v| !v.is_null()) {
            out.limits = serde_json::from_str::<Limits>(&crate::json::to_string(v))
                .map_err(|e| format!("options.limits: {e}"))?;
            if out.limits.max_messages == 0 || out.limits.max_frame_bytes == 0 {
                return Err(
                    "options.limits: maxMessages and maxFrameBytes must be at least 1".into(),
                );
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::jv as json;

    #[test]
    fn defaults_follow_the_protocol() {
        let o = StoreOptions::from_json(&json!({})).unwrap();
        assert_eq!(o.limits.max_frame_bytes, 1_048_576);
        assert_eq!(o.limits.max_logs_per_message, 500);
        assert_eq!(o.limits.max_held, 256);
        assert_eq!(o.limits.gap_ms, 2000);
        assert_eq!(o.envelope.action_type, "action_type");
    }

    #[test]
    fn bad_options_name_the_option() {
        for (opts, needle) in [
            (
                json!({"limits": {"maxFrameBytes": "big"}}),
                "options.limits",
            ),
            (
                json!({"limits": {"maxFrames": 1}}),
                "unknown field `maxFrames`",
            ),
            (json!({"envelope": {"type": "t"}}), "options.envelope"),
            (json!({"routes": {"x": {"op": "zzz"}}}), "options.routes"),
            (json!({"limits": {"maxMessages": 0}}), "at least 1"),
        ] {
            let err = StoreOptions::from_json(&opts).unwrap_err();
            assert!(err.contains(needle), "{err}");
        }
    }

    #[test]
    fn flat_envelopes_are_payload_null() {
        let o =
            StoreOptions::from_json(&json!({"envelope": {"actionType": "type", "payload": null}}))
                .unwrap();
        assert_eq!(o.envelope.payload, None);
    }
}
