//! `options.envelope`: the names of the envelope fields a backend uses, read by hand.

use super::fields::Fields;
use crate::json::Value;
use crate::protocol::EnvelopeNames;

/// Where the envelope names sit in the options, for messages.
const PATH: &str = "options.envelope";

/// The keys of `options.envelope`.
const KEYS: &[&str] = &[
    "actionType",
    "messageId",
    "seq",
    "ref",
    "payload",
    "version",
    "clientId",
];

impl EnvelopeNames {
    /// Reads `{actionType, messageId, seq, ref, payload, version, clientId}`; an absent name
    /// keeps its default; `payload: null` means flat frames, `messageId: null` frames that
    /// never name their message (they go to the current one, or a route says where), and
    /// `version: false` no version field, read or written.
    pub fn from_json(value: &Value) -> Result<Self, String> {
        Self::from_json_over(EnvelopeNames::default(), value)
    }

    /// [`EnvelopeNames::from_json`] over `base` instead of the defaults (a dialect's names,
    /// which the user's own `envelope` then adjusts).
    pub fn from_json_over(base: EnvelopeNames, value: &Value) -> Result<Self, String> {
        let fields = Fields::new(value, PATH, KEYS)?;
        let mut names = base;
        for (slot, key) in [
            (&mut names.action_type, "actionType"),
            (&mut names.message_id, "messageId"),
            (&mut names.seq, "seq"),
            (&mut names.reference, "ref"),
            (&mut names.client_id, "clientId"),
        ] {
            if let Some(name) = fields.string(key)? {
                *slot = name.to_owned();
            }
        }
        if fields.raw("messageId") == Some(&Value::Null) {
            names.message_id.clear();
        }
        match fields.raw("version") {
            None | Some(Value::Null) => {}
            Some(Value::Bool(false)) => names.version = None,
            Some(Value::String(name)) => names.version = Some(name.clone()),
            Some(_) => return Err(fields.wrong("version", "a string, or false for none")),
        }
        match fields.raw("payload") {
            None => {}
            Some(Value::Null) => names.payload = None,
            Some(Value::String(name)) => names.payload = Some(name.clone()),
            Some(_) => {
                return Err(fields.wrong("payload", "a string, or null for flat frames"));
            }
        }
        Ok(names)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::jv as json;

    #[test]
    fn names_override_the_defaults_and_null_payload_means_flat() {
        let n = EnvelopeNames::from_json(&json!({
            "actionType": "type", "messageId": "id", "seq": "n", "ref": "re",
            "payload": null, "version": null
        }))
        .unwrap();
        let expected = EnvelopeNames {
            action_type: "type".into(),
            message_id: "id".into(),
            seq: "n".into(),
            reference: "re".into(),
            payload: None,
            ..EnvelopeNames::default()
        };
        assert_eq!(n, expected);
        let n =
            EnvelopeNames::from_json(&json!({"version": false, "clientId": "messageId"})).unwrap();
        assert_eq!((n.version, n.client_id.as_str()), (None, "messageId"));
        assert_eq!(
            EnvelopeNames::from_json(&json!({"payload": "data"}))
                .unwrap()
                .payload,
            Some("data".into())
        );
        assert_eq!(
            EnvelopeNames::from_json(&json!({})).unwrap(),
            EnvelopeNames::default()
        );
    }

    #[test]
    fn bad_envelopes_say_what_to_change() {
        for (spec, needle) in [
            (
                json!({"type": "t"}),
                "options.envelope: unknown field `type`; fields are actionType, messageId, seq, ref, payload, version, clientId",
            ),
            (json!({"seq": 1}), "options.envelope.seq must be a string (got 1)"),
            (
                json!({"version": true}),
                "options.envelope.version must be a string, or false for none (got true)",
            ),
            (
                json!({"payload": false}),
                "options.envelope.payload must be a string, or null for flat frames (got false)",
            ),
            (json!("type"), "options.envelope must be an object"),
        ] {
            let err = EnvelopeNames::from_json(&spec).unwrap_err();
            assert!(err.contains(needle), "{err}");
        }
    }
}
