//! The payload shapes of PROTOCOL.md's built-in actions, each read in one pass over its
//! object: strings borrow from the frame where they can, what the store keeps as sent
//! (sources, metadata, results, slices) is read into a [`Value`], and fields a shape does
//! not name are skipped (validated, never built).
//!
//! A missing required field, a wrongly typed field or a payload that is not an object is
//! an error naming the field; `null` reads as absent for an optional field. A repeated
//! field keeps its last value, as `JSON.parse` does.

use std::borrow::Cow;

use super::{Effect, ToolRef};
use crate::json::{self, Piece, Reader, Value};

type Read<T> = Result<T, json::Error>;

/// Where a payload's members come from: an object in JSON text (a built-in frame's
/// payload), or the members a route read off a frame, each its field name and raw JSON
/// value (read in place, never written out and read again).
pub enum Members<'s, 'a> {
    /// An object at a reader's cursor.
    Object(&'s mut Reader<'a>),
    /// Fields and their raw values, in order (a later repeat wins, as in an object).
    Fields(&'a [(&'a str, Cow<'a, str>)]),
}

/// Reads the payload's members, handing each key to `field`, which reads the key's value
/// and answers `true`, or answers `false` to have it skipped.
pub(super) fn object<'a>(
    m: &mut Members<'_, 'a>,
    mut field: impl FnMut(&str, &mut Reader<'a>) -> Read<bool>,
) -> Result<(), String> {
    let r = match m {
        Members::Object(r) => r,
        Members::Fields(fields) => {
            let fields: &'a [(&'a str, Cow<'a, str>)] = fields;
            for (key, raw) in fields {
                let mut r = Reader::new(raw.as_ref());
                let read = match field(key, &mut r) {
                    Ok(true) => Ok(()),
                    Ok(false) => r.skip().map(drop),
                    Err(e) => Err(e),
                };
                read.map_err(|e| format!("`{key}`: {}", e.message()))?;
            }
            return Ok(());
        }
    };
    r.begin_object().map_err(|e| e.message())?;
    let mut first = true;
    while let Some(key) = r.next_key(&mut first).map_err(|e| e.message())? {
        let read = match field(&key, r) {
            Ok(true) => Ok(()),
            Ok(false) => r.skip().map(drop),
            Err(e) => Err(e),
        };
        read.map_err(|e| format!("`{key}`: {}", e.message()))?;
    }
    Ok(())
}

/// The value of a required field.
pub(super) fn required<T>(value: Option<T>, name: &str) -> Result<T, String> {
    value.ok_or_else(|| format!("missing field `{name}`"))
}

pub(super) fn owned(r: &mut Reader<'_>) -> Read<String> {
    r.string().map(Cow::into_owned)
}

pub(super) fn owned_id(r: &mut Reader<'_>) -> Read<String> {
    r.id().map(Cow::into_owned)
}

/// An array of values, each kept as sent.
fn values(r: &mut Reader<'_>) -> Read<Vec<Value>> {
    let mut items = Vec::new();
    let mut first = true;
    r.begin_array()?;
    while r.next_item(&mut first)? {
        items.push(r.value()?);
    }
    Ok(items)
}

/// An array of strings.
fn strings(r: &mut Reader<'_>) -> Read<Vec<String>> {
    let mut items = Vec::new();
    let mut first = true;
    r.begin_array()?;
    while r.next_item(&mut first)? {
        items.push(owned(r)?);
    }
    Ok(items)
}

/// `message.start`: `{"role"?, "meta"?}`.
pub fn start<'a>(r: &mut Members<'_, 'a>) -> Result<Effect<'a>, String> {
    let (mut role, mut meta) = (None, None);
    object(r, |key, r| {
        match key {
            "role" => role = r.nullable(Reader::string)?,
            "meta" => meta = r.nullable(Reader::value)?,
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    Ok(Effect::MessageStart { role, meta })
}

/// `{"text"}`: the text of a content or reasoning delta or set, lone surrogates at its
/// edges kept apart (`slices::text` joins them).
pub fn text<'a>(r: &mut Members<'_, 'a>) -> Result<Piece<'a>, String> {
    let mut text = None;
    object(r, |key, r| {
        match key {
            "text" => text = Some(r.piece()?),
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    required(text, "text")
}

/// `{"<one>"?, "<many>"?}` (`sources.add`, `citations.add`): the array's items, then the
/// single one; at least one in all.
pub fn one_or_many(r: &mut Members<'_, '_>, one: &str, many: &str) -> Result<Vec<Value>, String> {
    let (mut single, mut all) = (None, None);
    object(r, |key, r| {
        if key == one {
            single = r.nullable(Reader::value)?;
        } else if key == many {
            all = r.nullable(values)?;
        } else {
            return Ok(false);
        }
        Ok(true)
    })?;
    let mut all = all.unwrap_or_default();
    all.extend(single);
    if all.is_empty() {
        return Err(format!("needs `{one}` or `{many}`"));
    }
    Ok(all)
}

/// `sources.set`: `{"sources"?}`; none clears them.
pub fn sources_set(r: &mut Members<'_, '_>) -> Result<Vec<Value>, String> {
    let mut sources = None;
    object(r, |key, r| {
        match key {
            "sources" => sources = r.nullable(values)?,
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    Ok(sources.unwrap_or_default())
}

/// `followUpQuestions.set`: `{"questions": [string]}`.
pub fn questions(r: &mut Members<'_, '_>) -> Result<Vec<String>, String> {
    let mut questions = None;
    object(r, |key, r| {
        match key {
            "questions" => questions = Some(strings(r)?),
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    required(questions, "questions")
}

/// `followUpQuestions.add`: `{"question"}`.
pub fn question(r: &mut Members<'_, '_>) -> Result<String, String> {
    let mut question = None;
    object(r, |key, r| {
        match key {
            "question" => question = Some(owned(r)?),
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    required(question, "question")
}

/// `{"text", "part"?}`: a content or reasoning delta, as a part when `part` is there.
pub fn text_part<'a>(r: &mut Members<'_, 'a>) -> Result<(Piece<'a>, Option<Cow<'a, str>>), String> {
    let (mut text, mut part) = (None, None);
    object(r, |key, r| {
        match key {
            "text" => text = Some(r.piece()?),
            "part" => part = r.nullable(Reader::id)?,
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    Ok((required(text, "text")?, part))
}

/// `tool.start`: `{"toolCallId", "name"?, "part"?}`.
pub fn tool_start<'a>(r: &mut Members<'_, 'a>) -> Result<Effect<'a>, String> {
    let (mut id, mut name, mut part) = (None, None, None);
    object(r, |key, r| {
        match key {
            "toolCallId" => id = Some(owned_id(r)?),
            "name" => name = r.nullable(owned)?,
            "part" => part = r.nullable(owned_id)?,
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    let id = required(id, "toolCallId")?;
    Ok(Effect::ToolStart { id, name, part })
}

/// Reads `toolCallId` or `part` into `call`; answers whether `key` was one of them.
pub(super) fn tool_ref(call: &mut ToolRef, key: &str, r: &mut Reader<'_>) -> Read<bool> {
    match key {
        "toolCallId" => call.id = r.nullable(owned_id)?,
        "part" => call.part = r.nullable(owned_id)?,
        _ => return Ok(false),
    }
    Ok(true)
}

/// A call must be named by its id or by its part.
pub(super) fn named_call(call: ToolRef) -> Result<ToolRef, String> {
    if call.id.is_none() && call.part.is_none() {
        return Err("needs `toolCallId` or `part`".into());
    }
    Ok(call)
}

/// `tool.delta`: `{"toolCallId" | "part", "argsText"}`.
pub fn tool_delta<'a>(r: &mut Members<'_, 'a>) -> Result<Effect<'a>, String> {
    let (mut call, mut args_text) = (ToolRef::default(), None);
    object(r, |key, r| {
        if tool_ref(&mut call, key, r)? {
            return Ok(true);
        }
        match key {
            "argsText" => args_text = Some(r.piece()?),
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    let call = named_call(call)?;
    let args_text = required(args_text, "argsText")?;
    Ok(Effect::ToolDelta { call, args_text })
}

/// `tool.end`: `{"toolCallId" | "part", "result"?, "error"?, "denied"?}`.
pub fn tool_end<'a>(r: &mut Members<'_, 'a>) -> Result<Effect<'a>, String> {
    let (mut call, mut result, mut error, mut denied) = (ToolRef::default(), None, None, false);
    object(r, |key, r| {
        if tool_ref(&mut call, key, r)? {
            return Ok(true);
        }
        match key {
            "result" => result = r.nullable(Reader::value)?,
            "error" => error = r.nullable(Reader::value)?,
            "denied" => denied = r.nullable(Reader::bool)?.unwrap_or(false),
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    let call = named_call(call)?;
    Ok(Effect::ToolEnd {
        call,
        result,
        error,
        denied,
    })
}

/// `elicitation.end`: `{"elicitationId"}`.
pub fn elicitation_end<'a>(r: &mut Members<'_, 'a>) -> Result<Effect<'a>, String> {
    let mut id = None;
    object(r, |key, r| {
        match key {
            "elicitationId" => id = Some(owned_id(r)?),
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    let id = required(id, "elicitationId")?;
    Ok(Effect::ElicitationEnd { id })
}

/// `state.set`: `{"slice", "value"?}`; no value is `null`.
pub fn state_set<'a>(r: &mut Members<'_, 'a>) -> Result<Effect<'a>, String> {
    let (slice, value) = slice_and(r, "value")?;
    let value = value.unwrap_or_default();
    Ok(Effect::StateSet { slice, value })
}

/// `state.patch`: `{"slice", "patch"}`.
pub fn state_patch<'a>(r: &mut Members<'_, 'a>) -> Result<Effect<'a>, String> {
    let (slice, patch) = slice_and(r, "patch")?;
    let patch = required(patch, "patch")?;
    Ok(Effect::StatePatch { slice, patch })
}

/// A custom slice's name (required) and the value of `field`.
pub(super) fn slice_and(
    r: &mut Members<'_, '_>,
    field: &str,
) -> Result<(String, Option<Value>), String> {
    let (mut slice, mut value) = (None, None);
    object(r, |key, r| {
        if key == "slice" {
            slice = Some(owned(r)?);
        } else if key == field {
            value = Some(r.value()?);
        } else {
            return Ok(false);
        }
        Ok(true)
    })?;
    Ok((required(slice, "slice")?, value))
}

/// `message.error` and `session.error`: `{"code"?, "message"?, "error"?}`.
pub struct Failure {
    /// A machine-readable code.
    pub code: Option<String>,
    /// `message`, else `error`, else empty.
    pub message: String,
}

/// Reads a [`Failure`].
pub fn failure(r: &mut Members<'_, '_>) -> Result<Failure, String> {
    let (mut code, mut message, mut error) = (None, None, None);
    object(r, |key, r| {
        match key {
            "code" => code = r.nullable(owned)?,
            "message" => message = r.nullable(owned)?,
            "error" => error = r.nullable(owned)?,
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    let message = message.or(error).unwrap_or_default();
    Ok(Failure { code, message })
}

/// `session.ready`: `{"sessionId"?, "epoch"?, "seq"?}` (numbers default to 0).
pub fn ready<'a>(r: &mut Members<'_, 'a>) -> Result<Effect<'a>, String> {
    let (mut session_id, mut epoch, mut seq) = (None, 0, 0);
    object(r, |key, r| {
        match key {
            "sessionId" => session_id = r.nullable(owned_id)?,
            "epoch" => epoch = r.u64()?,
            "seq" => seq = r.u64()?,
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    let session_id = session_id.unwrap_or_default();
    Ok(Effect::SessionReady {
        session_id,
        epoch,
        seq,
    })
}

/// `ack`: `{"status", "code"?, "error"?}`.
pub fn ack<'a>(r: &mut Members<'_, 'a>) -> Result<Effect<'a>, String> {
    let (mut status, mut code, mut error) = (None, None, None);
    object(r, |key, r| {
        match key {
            "status" => status = Some(owned(r)?),
            "code" => code = r.nullable(owned)?,
            "error" => error = r.nullable(owned)?,
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    let status = required(status, "status")?;
    Ok(Effect::Ack {
        status,
        code,
        error,
    })
}

/// `typing.start` and `typing.stop`: `{"userId"?, "conversationId"?}`; the user id and
/// the conversation id.
pub fn typing(r: &mut Members<'_, '_>) -> Result<(String, Option<String>), String> {
    let (mut user_id, mut conversation_id) = (None, None);
    object(r, |key, r| {
        match key {
            "userId" => user_id = r.nullable(owned_id)?,
            "conversationId" => conversation_id = r.nullable(owned_id)?,
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    Ok((user_id.unwrap_or_default(), conversation_id))
}

/// `resume.failed`: `{"reason"?}`.
pub fn reason<'a>(r: &mut Members<'_, 'a>) -> Result<Effect<'a>, String> {
    let mut reason = None;
    object(r, |key, r| {
        match key {
            "reason" => reason = r.nullable(owned)?,
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    let reason = reason.unwrap_or_default();
    Ok(Effect::ResumeFailed { reason })
}
