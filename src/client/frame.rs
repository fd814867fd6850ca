//! Client frames: `{"v":1,"action_type":"…","id":"<client id>","payload":{…}}`.
//!
//! The field names follow the envelope names, so a backend that reads `type` gets `type`,
//! and one that acks by its own `messageId` gets the frame id there (`clientId`); with flat
//! envelopes the payload's fields sit beside them, and `version: false` leaves `v` out.

use crate::json::{Map, Value};

use crate::protocol::{EnvelopeNames, PROTOCOL_VERSION};

/// Encodes one client frame.
pub fn encode(names: &EnvelopeNames, action_type: &str, id: &str, payload: Value) -> String {
    let mut frame = Map::new();
    if let Some(version) = &names.version {
        frame.insert(version.clone(), Value::from(PROTOCOL_VERSION));
    }
    frame.insert(names.action_type.clone(), Value::from(action_type));
    frame.insert(names.client_id.clone(), Value::from(id));
    match (&names.payload, payload) {
        (_, Value::Null) => {}
        (Some(field), payload) => {
            frame.insert(field.clone(), payload);
        }
        (None, Value::Object(fields)) => {
            for (k, v) in &fields {
                if !frame.contains_key(k) {
                    frame.insert(k.clone(), v.clone());
                }
            }
        }
        (None, other) => {
            frame.insert("payload".into(), other);
        }
    }
    crate::json::to_string(&Value::Object(frame))
}

/// The outbox's coalescing key of a client frame: typing frames coalesce per conversation
/// (`typing.start` / `typing.stop` with the same `conversationId`, or none), so while the
/// socket is down only the latest typing frame of each conversation waits, and a frame of
/// one conversation never replaces another's (a `typing.stop` is never lost to a later
/// `typing.start` elsewhere). Every other frame has none.
pub fn typing_key(action_type: &str, payload: &Value) -> Option<String> {
    if !matches!(action_type, "typing.start" | "typing.stop") {
        return None;
    }
    Some(match payload.get("conversationId") {
        Some(Value::String(id)) => format!("typing/{id}"),
        Some(Value::Number(n)) => format!("typing/{}", n.as_str()),
        _ => "typing".to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::jv as json;

    #[test]
    fn native_frames_follow_the_protocol() {
        let text = encode(
            &EnvelopeNames::default(),
            "chat.message",
            "c-1",
            json!({"content": "hi"}),
        );
        let v: Value = crate::json::parse(&text).unwrap();
        assert_eq!(
            v,
            json!({"v": 1, "action_type": "chat.message", "id": "c-1", "payload": {"content": "hi"}})
        );
    }

    #[test]
    fn flat_foreign_frames_put_fields_beside_the_type() {
        let names = EnvelopeNames {
            action_type: "type".into(),
            payload: None,
            ..EnvelopeNames::default()
        };
        let text = encode(&names, "message:send", "c-2", json!({"content": "hi"}));
        let v: Value = crate::json::parse(&text).unwrap();
        assert_eq!(
            v,
            json!({"v": 1, "type": "message:send", "id": "c-2", "content": "hi"})
        );
    }

    #[test]
    fn seed_004_frames_carry_the_id_in_the_backends_own_field_and_no_version() {
        let names = EnvelopeNames {
            action_type: "type".into(),
            payload: None,
            version: None,
            client_id: "messageId".into(),
            ..EnvelopeNames::default()
        };
        let payload = json!({"conversationId": "c-1", "content": "hi", "messageId": "other"});
        let v: Value =
            crate::json::parse(&encode(&names, "message:send", "msg-1", payload)).unwrap();
        assert_eq!(
            v,
            json!({"type": "message:send", "messageId": "msg-1", "conversationId": "c-1", "content": "hi"})
        );
    }
}
