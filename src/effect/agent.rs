//! The payloads of the ops that agent protocols need beyond PROTOCOL.md v1: parts, a tool
//! call's complete input and approval, keyed and transient data parts, metadata patches,
//! JSON Patch, the store's `state` and `run` keys, and events. Read like the v1 shapes in
//! `payload.rs`: one pass over the object, unknown fields skipped, `null` as absent.

use super::payload::{named_call, object, owned, owned_id, required, slice_and, tool_ref, Members};
use super::{Effect, PartKind, ToolRef};
use crate::json::Reader;

/// `message.ensure`: `{"role"?, "meta"?}` (the shape of `message.start`).
pub fn ensure<'a>(r: &mut Members<'_, 'a>) -> Result<Effect<'a>, String> {
    match super::payload::start(r)? {
        Effect::MessageStart { role, meta } => Ok(Effect::MessageEnsure { role, meta }),
        other => Ok(other),
    }
}

/// `meta.patch` and `agent.patch`: `{"patch"}`.
pub fn patch(r: &mut Members<'_, '_>) -> Result<crate::json::Value, String> {
    let mut patch = None;
    object(r, |key, r| {
        match key {
            "patch" => patch = Some(r.value()?),
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    required(patch, "patch")
}

/// `agent.state`: `{"value"?}` (absent: `null`).
pub fn value(r: &mut Members<'_, '_>) -> Result<crate::json::Value, String> {
    let mut value = None;
    object(r, |key, r| {
        match key {
            "value" => value = Some(r.value()?),
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    Ok(value.unwrap_or_default())
}

/// `part.start`: `{"kind": "text" | "reasoning", "part"}`.
pub fn part_start<'a>(r: &mut Members<'_, 'a>) -> Result<Effect<'a>, String> {
    let (mut kind, mut key) = (None, None);
    object(r, |name, r| {
        match name {
            "kind" => kind = Some(r.string()?),
            "part" => key = Some(owned_id(r)?),
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    let kind = match required(kind, "kind")?.as_ref() {
        "text" => PartKind::Text,
        "reasoning" => PartKind::Reasoning,
        other => return Err(format!("`kind`: `{other}` is not `text` or `reasoning`")),
    };
    let key = required(key, "part")?;
    Ok(Effect::PartStart { kind, key })
}

/// `tool.input`: `{"toolCallId" | "part", "args"?, "argsText"?}`.
pub fn tool_input<'a>(r: &mut Members<'_, 'a>) -> Result<Effect<'a>, String> {
    let (mut call, mut args, mut args_text) = (ToolRef::default(), None, None);
    object(r, |key, r| {
        if tool_ref(&mut call, key, r)? {
            return Ok(true);
        }
        match key {
            "args" => args = r.nullable(Reader::value)?,
            "argsText" => args_text = r.nullable(owned)?,
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    let call = named_call(call)?;
    Ok(Effect::ToolInput {
        call,
        args,
        args_text,
    })
}

/// `tool.approval`: `{"approvalId", "toolCallId"?, "part"?, "approved"?, "reason"?}`.
pub fn tool_approval<'a>(r: &mut Members<'_, 'a>) -> Result<Effect<'a>, String> {
    let (mut call, mut approval_id, mut approved, mut reason) =
        (ToolRef::default(), None, None, None);
    object(r, |key, r| {
        if tool_ref(&mut call, key, r)? {
            return Ok(true);
        }
        match key {
            "approvalId" => approval_id = Some(owned_id(r)?),
            "approved" => approved = r.nullable(Reader::bool)?,
            "reason" => reason = r.nullable(owned)?,
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    let approval_id = required(approval_id, "approvalId")?;
    Ok(Effect::ToolApproval {
        call,
        approval_id,
        approved,
        reason,
    })
}

/// `data.put`: `{"slice", "id"?, "data"?, "transient"?}`.
pub fn data_put<'a>(r: &mut Members<'_, 'a>) -> Result<Effect<'a>, String> {
    let (mut slice, mut id, mut data, mut transient) = (None, None, None, false);
    object(r, |key, r| {
        match key {
            "slice" => slice = Some(owned(r)?),
            "id" => id = r.nullable(owned_id)?,
            "data" => data = Some(r.value()?),
            "transient" => transient = r.nullable(Reader::bool)?.unwrap_or(false),
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    Ok(Effect::DataPut {
        slice: required(slice, "slice")?,
        id,
        data: data.unwrap_or_default(),
        transient,
    })
}

/// `state.jsonPatch`: `{"slice", "patch"}`.
pub fn state_json_patch<'a>(r: &mut Members<'_, 'a>) -> Result<Effect<'a>, String> {
    let (slice, patch) = slice_and(r, "patch")?;
    let patch = required(patch, "patch")?;
    Ok(Effect::StateJsonPatch { slice, patch })
}

/// `run.start`: `{"threadId"?, "runId"?}`.
pub fn run_start<'a>(r: &mut Members<'_, 'a>) -> Result<Effect<'a>, String> {
    let (mut thread_id, mut run_id) = (None, None);
    object(r, |key, r| {
        match key {
            "threadId" => thread_id = r.nullable(owned_id)?,
            "runId" => run_id = r.nullable(owned_id)?,
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    Ok(Effect::RunStart { thread_id, run_id })
}

/// `run.finish`: `{"result"?, "outcome"?, "usage"?}`.
pub fn run_finish<'a>(r: &mut Members<'_, 'a>) -> Result<Effect<'a>, String> {
    let (mut result, mut outcome, mut usage) = (None, None, None);
    object(r, |key, r| {
        match key {
            "result" => result = r.nullable(Reader::value)?,
            "outcome" => outcome = r.nullable(Reader::value)?,
            "usage" => usage = r.nullable(Reader::value)?,
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    Ok(Effect::RunFinish {
        result,
        outcome,
        usage,
    })
}

/// `step.start` and `step.finish`: `{"name"}`.
pub fn step_name(r: &mut Members<'_, '_>) -> Result<String, String> {
    let mut name = None;
    object(r, |key, r| {
        match key {
            "name" => name = Some(owned(r)?),
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    required(name, "name")
}

/// `event`: `{"name", "value"?}`.
pub fn event<'a>(r: &mut Members<'_, 'a>) -> Result<Effect<'a>, String> {
    let (mut name, mut value) = (None, None);
    object(r, |key, r| {
        match key {
            "name" => name = Some(owned(r)?),
            "value" => value = Some(r.value()?),
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    Ok(Effect::Event {
        name: required(name, "name")?,
        value: value.unwrap_or_default(),
    })
}
