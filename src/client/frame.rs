//! Client frames: `{"v":1,"action_type":"…","id":"<client id>","payload":{…}}`.
//!
//! The routing field follows the envelope names, so a backend that reads `type` gets
//! `type`; with flat envelopes the payload's fields sit beside it.

use crate::json::{Map, Value};

use crate::protocol::{EnvelopeNames, PROTOCOL_VERSION};

/// Encodes one client frame.
pub fn encode(names: &EnvelopeNames, action_type: &str, id: &str, payload: Value) -> String {
    let mut frame = Map::new();
    frame.insert(names.version.clone(), Value::from(PROTOCOL_VERSION));
    frame.insert(names.action_type.clone(), Value::from(action_type));
    frame.insert("id".into(), Value::from(id));
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
}
