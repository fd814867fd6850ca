//! The wire format of PROTOCOL.md: frames, envelopes, limits.
//!
//! A frame is UTF-8 JSON: one envelope object, or an array of them (a batch). Decoding is
//! the hot path, so it parses once and borrows: the routing key, ids and seq are read
//! into [`Envelope`], while the payload is kept as raw JSON text and decoded only after
//! dispatch on the action type has chosen a typed shape for it (see `routes`).
//!
//! Field names are data ([`EnvelopeNames`]): a backend that says `type` instead of
//! `action_type`, or puts its fields beside the type (a flat frame), is read as it is.
//!
//! Every failure is a [`ProtocolError`] value, never a panic; the store turns it into an
//! entry of the `errors` key and changes nothing else.

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;

use crate::error::{ErrorKind, ProtocolError};

/// The protocol major version this client speaks.
pub const PROTOCOL_VERSION: u64 = 1;

/// The names of the envelope fields a backend uses.
///
/// ```json
/// { "actionType": "type", "messageId": "message_id", "seq": "seq", "ref": "ref_id",
///   "payload": null, "version": "v" }
/// ```
/// `payload: null` means flat frames: the action's fields sit beside the type, and the
/// whole object is the payload.
#[derive(Debug, Clone, PartialEq)]
pub struct EnvelopeNames {
    /// The routing field (`action_type`).
    pub action_type: String,
    /// The message id field (`messageId`).
    pub message_id: String,
    /// The sequence number field (`seq`).
    pub seq: String,
    /// The field naming the client frame an event answers (`ref`).
    pub reference: String,
    /// The payload field, or `None` for flat frames.
    pub payload: Option<String>,
    /// The protocol version field (`v`).
    pub version: String,
}

impl Default for EnvelopeNames {
    fn default() -> Self {
        Self {
            action_type: "action_type".into(),
            message_id: "messageId".into(),
            seq: "seq".into(),
            reference: "ref".into(),
            payload: Some("payload".into()),
            version: "v".into(),
        }
    }
}

/// One decoded envelope, borrowing from the frame's bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope<'a> {
    /// The routing key, e.g. `content.delta`.
    pub action_type: Cow<'a, str>,
    /// The message the event is for, when the envelope names one.
    pub message_id: Option<Cow<'a, str>>,
    /// Position in the session's stream.
    pub seq: Option<u64>,
    /// The id of the client frame this answers.
    pub reference: Option<Cow<'a, str>>,
    /// The payload as raw JSON text (the whole object for flat frames).
    pub payload: Option<&'a str>,
    /// The envelope itself as raw JSON text (kept when a frame must be held for ordering).
    pub raw: &'a str,
}

/// The elements of one frame: each a raw envelope object, in order.
pub fn split_frame<'a>(
    bytes: &'a [u8],
    max_frame_bytes: usize,
) -> Result<Vec<&'a str>, ProtocolError> {
    if bytes.len() > max_frame_bytes {
        return Err(ProtocolError::new(
            ErrorKind::Protocol,
            format!(
                "frame of {} bytes exceeds limits.maxFrameBytes ({max_frame_bytes}); not parsed",
                bytes.len()
            ),
        ));
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|e| ProtocolError::new(ErrorKind::Protocol, format!("frame is not UTF-8: {e}")))?;
    let first = text.trim_start().as_bytes().first().copied();
    if first == Some(b'[') {
        let items: Vec<&'a RawValue> = serde_json::from_str(text).map_err(json_error)?;
        Ok(items.into_iter().map(RawValue::get).collect())
    } else {
        Ok(vec![text])
    }
}

/// Decodes one envelope object with the given field names.
pub fn decode_envelope<'a>(
    raw: &'a str,
    names: &EnvelopeNames,
) -> Result<Envelope<'a>, ProtocolError> {
    let mut de = serde_json::Deserializer::from_str(raw);
    let parts = EnvelopeSeed { names }
        .deserialize(&mut de)
        .map_err(json_error)?;
    de.end().map_err(json_error)?;
    let action_type = parts.action_type.ok_or_else(|| {
        ProtocolError::new(
            ErrorKind::Protocol,
            format!("envelope has no `{}` field", names.action_type),
        )
        .with_seq(parts.seq)
    })?;
    if let Some(v) = parts.version {
        if v > PROTOCOL_VERSION {
            return Err(ProtocolError::new(
                ErrorKind::Version,
                format!("protocol version {v} is newer than {PROTOCOL_VERSION}; skipped"),
            )
            .with_action(&action_type)
            .with_seq(parts.seq));
        }
    }
    let payload = match names.payload {
        Some(_) => parts.payload,
        None => Some(raw),
    };
    Ok(Envelope {
        action_type,
        message_id: parts.message_id,
        seq: parts.seq,
        reference: parts.reference,
        payload,
        raw,
    })
}

fn json_error(e: serde_json::Error) -> ProtocolError {
    ProtocolError::new(ErrorKind::Protocol, format!("invalid frame: {e}"))
}

#[derive(Default)]
struct Parts<'a> {
    action_type: Option<Cow<'a, str>>,
    message_id: Option<Cow<'a, str>>,
    seq: Option<u64>,
    reference: Option<Cow<'a, str>>,
    payload: Option<&'a str>,
    version: Option<u64>,
}

struct EnvelopeSeed<'n> {
    names: &'n EnvelopeNames,
}

impl<'de> DeserializeSeed<'de> for EnvelopeSeed<'_> {
    type Value = Parts<'de>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for EnvelopeSeed<'_> {
    type Value = Parts<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an envelope object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let n = self.names;
        let mut parts = Parts::default();
        while let Some(key) = map.next_key::<Text<'de>>()? {
            let key = key.0.as_ref();
            if key == n.action_type {
                parts.action_type = Some(map.next_value::<Text<'de>>()?.0);
            } else if key == n.message_id {
                parts.message_id = map.next_value::<Option<IdText<'de>>>()?.map(|i| i.0);
            } else if key == n.seq {
                parts.seq = map.next_value()?;
            } else if key == n.reference {
                parts.reference = map.next_value::<Option<IdText<'de>>>()?.map(|i| i.0);
            } else if n.payload.as_deref() == Some(key) {
                let raw: &'de RawValue = map.next_value()?;
                parts.payload = Some(raw.get());
            } else if key == n.version {
                parts.version = map.next_value()?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(parts)
    }
}

/// A JSON string, borrowed from the input when it has no escapes. (serde's own
/// `Cow<str>` always allocates outside a derive's `#[serde(borrow)]`.)
pub(crate) struct Text<'a>(pub Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TextVisitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for TextVisitor<'a> {
            type Value = Text<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        d.deserialize_str(TextVisitor(std::marker::PhantomData))
    }
}

/// An id given as a JSON string or integer; integers are read as their decimal text.
pub(crate) struct IdText<'a>(pub Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for IdText<'a> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct IdVisitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for IdVisitor<'a> {
            type Value = IdText<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or integer id")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(IdText(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(IdText(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(IdText(Cow::Owned(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(IdText(Cow::Owned(v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(IdText(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_any(IdVisitor(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> EnvelopeNames {
        EnvelopeNames::default()
    }

    #[test]
    fn decodes_a_builtin_envelope_borrowing_its_fields() {
        let raw = r#"{"v":1,"action_type":"content.delta","messageId":"m1","seq":7,"payload":{"text":"He"}}"#;
        let env = decode_envelope(raw, &names()).unwrap();
        assert_eq!(env.action_type, "content.delta");
        assert!(matches!(env.action_type, Cow::Borrowed(_)));
        assert!(matches!(env.message_id, Some(Cow::Borrowed("m1"))));
        assert_eq!(env.seq, Some(7));
        assert_eq!(env.payload, Some(r#"{"text":"He"}"#));
    }

    #[test]
    fn batch_frames_split_into_their_envelopes_in_order() {
        let frame = br#" [{"action_type":"a"}, {"action_type":"b"}]"#;
        let items = split_frame(frame, 1024).unwrap();
        assert_eq!(
            items,
            vec![r#"{"action_type":"a"}"#, r#"{"action_type":"b"}"#]
        );
    }

    #[test]
    fn oversize_frame_is_rejected_unparsed() {
        let err = split_frame(&[b' '; 11], 10).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Protocol);
        assert!(err.message.contains("maxFrameBytes"));
    }

    #[test]
    fn missing_action_type_is_a_protocol_error_with_seq() {
        let err = decode_envelope(r#"{"seq":3,"payload":{}}"#, &names()).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Protocol);
        assert_eq!(err.seq, Some(3));
    }

    #[test]
    fn newer_major_version_is_reported_and_skipped() {
        let err = decode_envelope(r#"{"v":2,"action_type":"x.y"}"#, &names()).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Version);
        assert_eq!(err.action_type.as_deref(), Some("x.y"));
    }

    #[test]
    fn foreign_names_and_flat_frames_are_read_as_they_are() {
        let names = EnvelopeNames {
            action_type: "type".into(),
            message_id: "message_id".into(),
            payload: None,
            ..EnvelopeNames::default()
        };
        let raw = r#"{"type":"Update","message_id":42,"delta":{"content":"x"}}"#;
        let env = decode_envelope(raw, &names).unwrap();
        assert_eq!(env.action_type, "Update");
        assert_eq!(env.message_id.as_deref(), Some("42"));
        assert_eq!(env.payload, Some(raw));
    }

    #[test]
    fn wrong_field_types_are_errors_not_panics() {
        for raw in [
            r#"{"action_type":5}"#,
            r#"{"action_type":"a","seq":"x"}"#,
            r#"{"action_type":"a","messageId":{}}"#,
            r#"[1,2]"#,
            r#""str""#,
            r#"{"action_type":"a"} trailing"#,
        ] {
            assert!(decode_envelope(raw, &names()).is_err(), "{raw}");
        }
    }

    #[test]
    fn deep_nesting_in_a_payload_is_skipped_without_recursion() {
        let deep = format!(
            r#"{{"action_type":"a","payload":{}{}}}"#,
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        let env = decode_envelope(&deep, &names()).unwrap();
        assert_eq!(env.payload.map(str::len), Some(20_000));
    }
}
