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

use std::borrow::Cow;

use crate::error::{ErrorKind, ProtocolError};
use crate::json::{self, Reader};

/// The protocol major version this client speaks.
pub const PROTOCOL_VERSION: u64 = 1;

/// The names of the envelope fields a backend uses.
///
/// ```json
/// { "actionType": "type", "messageId": "message_id", "seq": "seq", "ref": "ref_id",
///   "payload": null, "version": "v", "clientId": "messageId" }
/// ```
/// `payload: null` means flat frames: the action's fields sit beside the type, and the
/// whole object is the payload. `version: false` means no version field, read or written.
/// `clientId` names the id field of the frames this client sends (`id`): a backend that
/// acks by an id inside its own payload (`{type: 'message:send', messageId, …}`) reads it
/// there.
#[derive(Debug, Clone, PartialEq)]
pub struct EnvelopeNames {
    /// The routing field (`action_type`).
    pub action_type: String,
    /// The message id field (`messageId`); empty when frames never name their message.
    pub message_id: String,
    /// The sequence number field (`seq`).
    pub seq: String,
    /// The field naming the client frame an event answers (`ref`).
    pub reference: String,
    /// The payload field, or `None` for flat frames.
    pub payload: Option<String>,
    /// The protocol version field (`v`), or `None` for none.
    pub version: Option<String>,
    /// The id field of client frames (`id`).
    pub client_id: String,
}

impl Default for EnvelopeNames {
    fn default() -> Self {
        Self {
            action_type: "action_type".into(),
            message_id: "messageId".into(),
            seq: "seq".into(),
            reference: "ref".into(),
            payload: Some("payload".into()),
            version: Some("v".into()),
            client_id: "id".into(),
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
    /// A flat frame's members, each key with its raw JSON value, in order (read in the one
    /// pass over the frame, so a route finds its fields without reading the frame again);
    /// empty for an envelope with a payload field.
    pub fields: Vec<(Cow<'a, str>, &'a str)>,
}

/// The envelopes of one frame, each as raw JSON text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame<'a> {
    /// A frame of one envelope (not yet checked to be one).
    Single(&'a str),
    /// A batch: the items of the array, in order (each a valid JSON value).
    Batch(Vec<&'a str>),
}

impl<'a> Frame<'a> {
    /// The envelopes' texts, in order.
    pub fn items(&self) -> &[&'a str] {
        match self {
            Frame::Single(text) => std::slice::from_ref(text),
            Frame::Batch(items) => items,
        }
    }
}

/// Splits one frame into its envelopes. A batch (`[...]`) is checked whole before any
/// of it is used, so a malformed batch is one error and applies nothing; a single
/// envelope is checked when it is decoded.
pub fn split_frame(bytes: &[u8], max_frame_bytes: usize) -> Result<Frame<'_>, ProtocolError> {
    check_size(bytes.len(), max_frame_bytes)?;
    let text = std::str::from_utf8(bytes)
        .map_err(|e| ProtocolError::new(ErrorKind::Protocol, format!("frame is not UTF-8: {e}")))?;
    split(text)
}

/// [`split_frame`] for a frame that is text already (no UTF-8 check).
pub fn split_text(text: &str, max_frame_bytes: usize) -> Result<Frame<'_>, ProtocolError> {
    check_size(text.len(), max_frame_bytes)?;
    split(text)
}

fn check_size(len: usize, max_frame_bytes: usize) -> Result<(), ProtocolError> {
    if len <= max_frame_bytes {
        return Ok(());
    }
    Err(ProtocolError::new(
        ErrorKind::Protocol,
        format!(
            "frame of {len} bytes exceeds limits.maxFrameBytes ({max_frame_bytes}); not parsed"
        ),
    ))
}

fn split(text: &str) -> Result<Frame<'_>, ProtocolError> {
    let first = text.trim_start().as_bytes().first().copied();
    if first != Some(b'[') {
        return Ok(Frame::Single(text));
    }
    batch(text).map(Frame::Batch).map_err(|e| invalid_frame(&e))
}

/// The items of a batch, each skipped (validated, not built) and kept as its text.
fn batch(text: &str) -> Result<Vec<&str>, json::Error> {
    let mut r = Reader::new(text);
    let mut items = Vec::new();
    let mut first = true;
    r.begin_array()?;
    while r.next_item(&mut first)? {
        items.push(r.skip()?);
    }
    r.finish()?;
    Ok(items)
}

/// A name a frame arrived with, beside its JSON (an SSE `event:`, an `ingestEvent` name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventName<'a> {
    /// The routing key when the envelope has none (SSE: `event: assistant_delta` with
    /// `data: {"delta": "Hi"}`).
    Fallback(&'a str),
    /// The routing key, whatever the envelope says (`ingestEvent(name, payload)`).
    Given(&'a str),
}

/// Decodes one envelope object with the given field names, in one pass: the routing key
/// and ids borrow from `raw`, the payload is kept as its raw text, and fields the names
/// do not mention are skipped (validated, not built).
pub fn decode_envelope<'a>(
    raw: &'a str,
    names: &EnvelopeNames,
) -> Result<Envelope<'a>, ProtocolError> {
    decode_named(raw, names, None)
}

/// [`decode_envelope`] for a frame that arrived with a name (see [`EventName`]).
pub fn decode_named<'a>(
    raw: &'a str,
    names: &EnvelopeNames,
    name: Option<EventName<'a>>,
) -> Result<Envelope<'a>, ProtocolError> {
    let mut r = Reader::new(raw);
    let parts = read_parts(&mut r, names, raw)
        .and_then(|parts| r.finish().map(|()| parts))
        .map_err(|e| invalid_frame(&e))?;
    let action_type = match name {
        Some(EventName::Given(name)) => Some(Cow::Borrowed(name)),
        Some(EventName::Fallback(name)) => parts.action_type.or(Some(Cow::Borrowed(name))),
        None => parts.action_type,
    };
    let action_type = action_type.ok_or_else(|| {
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
        fields: parts.fields,
    })
}

fn invalid_frame(e: &json::Error) -> ProtocolError {
    ProtocolError::new(
        ErrorKind::Protocol,
        format!("invalid frame: {}", e.message()),
    )
}

#[derive(Default)]
struct Parts<'a> {
    fields: Vec<(Cow<'a, str>, &'a str)>,
    action_type: Option<Cow<'a, str>>,
    message_id: Option<Cow<'a, str>>,
    seq: Option<u64>,
    reference: Option<Cow<'a, str>>,
    payload: Option<&'a str>,
    version: Option<u64>,
}

/// Reads the envelope object's fields (a later repeat of a field wins, as in
/// `JSON.parse`). `null` reads as absent for every field but the routing key.
fn read_parts<'a>(
    r: &mut Reader<'a>,
    n: &EnvelopeNames,
    raw: &'a str,
) -> Result<Parts<'a>, json::Error> {
    let mut parts = Parts::default();
    let flat = n.payload.is_none();
    if flat {
        parts.fields.reserve(8);
    }
    r.begin_object()?;
    let mut first = true;
    while let Some(name) = r.next_key(&mut first)? {
        let start = r.pos();
        read_part(r, n, &name, &mut parts)?;
        if flat {
            let value = raw.get(start..r.pos()).unwrap_or_default();
            parts.fields.push((name, value));
        }
    }
    Ok(parts)
}

/// Reads the value of the envelope's member `key` into `parts`, or skips it.
fn read_part<'a>(
    r: &mut Reader<'a>,
    n: &EnvelopeNames,
    key: &str,
    parts: &mut Parts<'a>,
) -> Result<(), json::Error> {
    {
        if key == n.action_type {
            parts.action_type = Some(r.string()?);
        } else if key == n.message_id && !n.message_id.is_empty() {
            parts.message_id = r.nullable(Reader::id)?;
        } else if key == n.seq {
            parts.seq = r.nullable(Reader::u64)?;
        } else if key == n.reference {
            parts.reference = r.nullable(Reader::id)?;
        } else if n.payload.as_deref() == Some(key) {
            parts.payload = Some(r.skip()?);
        } else if n.version.as_deref() == Some(key) {
            parts.version = r.nullable(Reader::u64)?;
        } else {
            r.skip()?;
        }
    }
    Ok(())
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
        let frame = split_frame(frame, 1024).unwrap();
        assert_eq!(
            frame.items(),
            [r#"{"action_type":"a"}"#, r#"{"action_type":"b"}"#]
        );
        assert_eq!(split_frame(b" [ ] ", 1024).unwrap().items(), [""; 0]);
    }

    #[test]
    fn a_single_envelope_is_passed_on_unparsed() {
        let frame = split_frame(br#" {"action_type":"a"} "#, 1024).unwrap();
        assert_eq!(frame, Frame::Single(r#" {"action_type":"a"} "#));
    }

    #[test]
    fn a_malformed_batch_is_one_error() {
        for frame in [
            &br#"[{"action_type":"a"}, {broken"#[..],
            br#"[{"action_type":"a"}] trailing"#,
            br#"[{"action_type":"a"},]"#,
            b"[",
        ] {
            let err = split_frame(frame, 1024).unwrap_err();
            assert_eq!(err.kind, ErrorKind::Protocol);
            assert!(err.message.starts_with("invalid frame: "), "{err:?}");
        }
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
    fn ids_may_be_integers_and_nulls_read_as_absent() {
        let raw = r#"{"action_type":"ack","messageId":null,"ref":-12,"seq":null,"v":null}"#;
        let env = decode_envelope(raw, &names()).unwrap();
        assert_eq!(env.message_id, None);
        assert!(matches!(env.reference, Some(Cow::Borrowed("-12"))));
        assert_eq!((env.seq, env.payload), (None, None));
    }

    #[test]
    fn unknown_fields_are_skipped_and_a_repeated_field_wins_last() {
        let raw =
            r#"{ "x" : {"a":[1,"}"]}, "action_type":"a", "seq":1, "seq":2 ,"action_type":"b"}"#;
        let env = decode_envelope(raw, &names()).unwrap();
        assert_eq!((env.action_type.as_ref(), env.seq), ("b", Some(2)));
    }

    #[test]
    fn an_escaped_action_type_is_unescaped() {
        let env = decode_envelope(r#"{"action_type":"content\u002edelta"}"#, &names()).unwrap();
        assert_eq!(env.action_type, "content.delta");
    }

    #[test]
    fn an_error_names_what_was_expected_and_where() {
        let err = decode_envelope(r#"{"action_type":"a","seq":"9"}"#, &names()).unwrap_err();
        assert_eq!(err.message, "invalid frame: expected a number at byte 25");
        assert_eq!(err.seq, None);
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
            r#"{"action_type":null}"#,
            r#"{"action_type":"a","seq":-1}"#,
            r#"{"action_type":"a","seq":9.5}"#,
            r#"{"action_type":"a","v":"1"}"#,
            r#"{"action_type":"a","ref":{}}"#,
            r#"{"action_type":"a","messageId":1.5}"#,
            r#"{"action_type":"a","payload":}"#,
            r#"{"action_type":"a""#,
            "",
        ] {
            assert!(decode_envelope(raw, &names()).is_err(), "{raw}");
        }
    }

    #[test]
    fn an_event_name_routes_a_frame_without_an_action_field_or_any_frame_when_given() {
        let flat = EnvelopeNames {
            payload: None,
            ..EnvelopeNames::default()
        };
        let raw = r#"{"delta":"Hi","messageId":"m"}"#;
        let env = decode_named(raw, &flat, Some(EventName::Fallback("assistant_delta"))).unwrap();
        assert_eq!(env.action_type, "assistant_delta");
        assert_eq!(
            (env.message_id.as_deref(), env.payload),
            (Some("m"), Some(raw))
        );
        let own = r#"{"action_type":"content.delta"}"#;
        let env = decode_named(own, &flat, Some(EventName::Fallback("x"))).unwrap();
        assert_eq!(
            env.action_type, "content.delta",
            "the frame's own field wins"
        );
        let env = decode_named(own, &flat, Some(EventName::Given("chats_list"))).unwrap();
        assert_eq!(env.action_type, "chats_list", "a given name wins");
        assert!(decode_named("{}", &flat, None).is_err());
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
