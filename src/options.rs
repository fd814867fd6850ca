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

mod envelope;
pub(crate) mod fields;

use crate::json::Value;

use crate::protocol::EnvelopeNames;
use crate::routes::RouteTable;
use fields::Fields;

/// Bounds on what the store keeps and accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

impl Limits {
    /// Reads `options.limits`; an absent or `null` field keeps its default.
    pub fn from_json(value: &Value) -> Result<Self, String> {
        let fields = Fields::new(
            value,
            "options.limits",
            &[
                "maxFrameBytes",
                "maxLogsPerMessage",
                "maxHeld",
                "gapMs",
                "maxMessages",
                "maxErrors",
                "recordFrames",
            ],
        )?;
        let mut limits = Limits::default();
        for (slot, key) in [
            (&mut limits.max_frame_bytes, "maxFrameBytes"),
            (&mut limits.max_logs_per_message, "maxLogsPerMessage"),
            (&mut limits.max_held, "maxHeld"),
            (&mut limits.max_messages, "maxMessages"),
            (&mut limits.max_errors, "maxErrors"),
            (&mut limits.record_frames, "recordFrames"),
        ] {
            if let Some(n) = fields.whole(key)? {
                *slot = n;
            }
        }
        if let Some(ms) = fields.whole("gapMs")? {
            limits.gap_ms = ms;
        }
        if limits.max_messages == 0 || limits.max_frame_bytes == 0 {
            return Err("options.limits: maxMessages and maxFrameBytes must be at least 1".into());
        }
        Ok(limits)
    }
}

/// The keys of `options.dialect`.
const DIALECT_KEYS: &[&str] = &["name", "envelope", "routes", "unrouted"];

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
    /// Reads `dialect`, `envelope`, `routes` and `limits` from an options object; other
    /// keys are left to the caller (the connection's options share the object).
    ///
    /// A dialect is `{name?, envelope?, routes?, unrouted?}`: its envelope names are the
    /// starting point the user's `envelope` adjusts, its routes are the table the user's
    /// `routes` extend (a user route of the same name replaces the dialect's), and
    /// `unrouted: "ignore"` counts frames of unknown actions in `stats.unknown` instead of
    /// reporting them (receivers of these protocols must tolerate new event types).
    pub fn from_json(options: &Value) -> Result<Self, String> {
        let top = Fields::open(options, "options");
        let mut out = StoreOptions::default();
        let mut routes = crate::json::Map::new();
        let mut quiet = false;
        if let Some(d) = top.member("dialect") {
            if d.as_str().is_some() {
                return Err("options.dialect: a dialect's name is resolved by the JS package (createWireStore); the core takes its data, {envelope, routes, unrouted}".into());
            }
            let fields = Fields::new(d, "options.dialect", DIALECT_KEYS)?;
            if let Some(v) = fields.member("envelope") {
                out.envelope = EnvelopeNames::from_json(v)
                    .map_err(|e| e.replacen("options.envelope", "options.dialect.envelope", 1))?;
            }
            if let Some(v) = fields.member("routes") {
                let Value::Object(map) = v else {
                    return Err(fields.wrong("routes", "an object from action names to routes"));
                };
                routes = map.clone();
            }
            quiet = match fields.string("unrouted")? {
                None | Some("report") => false,
                Some("ignore") => true,
                Some(_) => return Err(fields.wrong("unrouted", "\"report\" or \"ignore\"")),
            };
        }
        if let Some(v) = top.member("envelope") {
            out.envelope = EnvelopeNames::from_json_over(out.envelope.clone(), v)?;
        }
        if let Some(v) = top.member("routes") {
            let Value::Object(map) = v else {
                return Err(
                    "options.routes: routes must be an object from action names to routes".into(),
                );
            };
            for (name, route) in map {
                routes.insert(name.clone(), route.clone());
            }
        }
        if !routes.is_empty() {
            out.routes = RouteTable::from_json(&Value::Object(routes))
                .map_err(|e| format!("options.routes: {e}"))?;
        }
        out.routes.quiet = quiet;
        if let Some(v) = top.member("limits") {
            out.limits = Limits::from_json(v)?;
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
            (
                json!({"limits": {"maxHeld": -1}}),
                "options.limits.maxHeld must be a whole number, 0 or more (got -1)",
            ),
            (
                json!({"limits": {"gapMs": 2.5}}),
                "options.limits.gapMs must be a whole number, 0 or more (got 2.5)",
            ),
            (
                json!({"limits": {"recordFrames": true}}),
                "options.limits.recordFrames must be",
            ),
            (
                json!({"limits": {"maxFrames": 1}}),
                "fields are maxFrameBytes, maxLogsPerMessage, maxHeld, gapMs, maxMessages, maxErrors, recordFrames",
            ),
            (json!({"limits": 5}), "options.limits must be an object"),
            (
                json!({"envelope": {"payload": 1}}),
                "options.envelope.payload must be a string, or null",
            ),
        ] {
            let err = StoreOptions::from_json(&opts).unwrap_err();
            assert!(err.contains(needle), "{err}");
        }
    }

    #[test]
    fn every_limit_is_read() {
        let o = StoreOptions::from_json(&json!({"limits": {
            "maxFrameBytes": 10, "maxLogsPerMessage": 11, "maxHeld": 12, "gapMs": 13,
            "maxMessages": 14, "maxErrors": 15, "recordFrames": 16, "maxEvents": null
        }}));
        assert!(o.is_err(), "unknown keys are refused even when null");
        let o = StoreOptions::from_json(&json!({"limits": {
            "maxFrameBytes": 10, "maxLogsPerMessage": 11, "maxHeld": 12, "gapMs": 13,
            "maxMessages": 14, "maxErrors": 15, "recordFrames": 16
        }}))
        .unwrap();
        assert_eq!(
            o.limits,
            Limits {
                max_frame_bytes: 10,
                max_logs_per_message: 11,
                max_held: 12,
                gap_ms: 13,
                max_messages: 14,
                max_errors: 15,
                record_frames: 16,
            }
        );
        let o = StoreOptions::from_json(&json!({"limits": {"maxHeld": null}, "envelope": null}))
            .unwrap();
        assert_eq!(o.limits, Limits::default());
    }

    #[test]
    fn a_dialect_is_the_starting_point_the_users_options_adjust() {
        let o = StoreOptions::from_json(&json!({
            "dialect": {
                "name": "x",
                "envelope": {"actionType": "type", "payload": null, "messageId": null},
                "routes": {"a": {"op": "message.done"}, "b": {"op": "message.done"}},
                "unrouted": "ignore"
            },
            "envelope": {"seq": "n"},
            "routes": {"b": {"op": "ignore"}, "c": {"op": "message.done"}}
        }))
        .unwrap();
        assert_eq!(o.envelope.action_type, "type");
        assert_eq!(o.envelope.seq, "n");
        assert_eq!(o.envelope.payload, None);
        assert_eq!(o.envelope.message_id, "", "null: frames name no message");
        assert!(o.routes.quiet);
        let op = |name: &str| match o.routes.resolve(name) {
            crate::routes::Dispatch::Route(r) => Some(r.op),
            _ => None,
        };
        assert_eq!(op("a"), Some(crate::effect::Op::MessageDone));
        assert_eq!(
            op("b"),
            Some(crate::effect::Op::Ignore),
            "the user's route wins"
        );
        assert_eq!(op("c"), Some(crate::effect::Op::MessageDone), "and extends");
        for (opts, needle) in [
            (json!({"dialect": "agui"}), "resolved by the JS package"),
            (
                json!({"dialect": {"rutes": {}}}),
                "options.dialect: unknown field `rutes`",
            ),
            (
                json!({"dialect": {"unrouted": "drop"}}),
                "options.dialect.unrouted must be",
            ),
            (
                json!({"dialect": {"routes": []}}),
                "options.dialect.routes must be",
            ),
            (
                json!({"dialect": {"envelope": {"x": 1}}}),
                "options.dialect.envelope: unknown field",
            ),
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
