//! The `tools` slice: tool calls tracked by `toolCallId`, in start order.
//!
//! `tool.delta` appends argument text (often JSON streaming in); `tool.end` records the
//! result or error. A delta or end for a call that never started is a protocol error,
//! not a silent creation: it means frames were lost or misrouted.

use crate::json::{Piece, Value};

use crate::error::{ErrorKind, ProtocolError};
use crate::message::{Changed, Slice, ToolCall, ToolStatus};
use crate::slices::text;

/// Starts (or restarts) the call `id`.
pub fn start(tools: &mut Vec<ToolCall>, id: String, name: Option<String>) -> Changed {
    let call = ToolCall {
        tool_call_id: id,
        name,
        args_text: String::new(),
        status: ToolStatus::Running,
        result: None,
        error: None,
        held: None,
    };
    match tools
        .iter_mut()
        .find(|t| t.tool_call_id == call.tool_call_id)
    {
        Some(slot) if *slot == call => return Changed::default(),
        Some(slot) => *slot = call,
        None => tools.push(call),
    }
    Changed::of(Slice::Tools)
}

fn find<'a>(tools: &'a mut [ToolCall], id: &str) -> Result<&'a mut ToolCall, ProtocolError> {
    tools
        .iter_mut()
        .find(|t| t.tool_call_id == id)
        .ok_or_else(|| {
            ProtocolError::new(
                ErrorKind::Protocol,
                format!("no tool call `{id}` was started"),
            )
        })
}

/// Appends argument text to the call `id` (joining a surrogate pair split across deltas,
/// as every text slice does: `slices::text`).
pub fn delta(
    tools: &mut [ToolCall],
    id: &str,
    args_text: &Piece<'_>,
) -> Result<Changed, ProtocolError> {
    let call = find(tools, id)?;
    Ok(text::append(
        &mut call.args_text,
        &mut call.held,
        args_text,
        Slice::Tools,
    ))
}

/// Ends the argument streams of every call: a held surrogate unit becomes U+FFFD.
pub fn finish_all(tools: &mut [ToolCall]) -> Changed {
    let mut changed = Changed::default();
    for call in tools {
        changed.merge(text::finish(
            &mut call.args_text,
            &mut call.held,
            Slice::Tools,
        ));
    }
    changed
}

/// Ends the call `id` with a result or an error.
pub fn end(
    tools: &mut [ToolCall],
    id: &str,
    result: Option<Value>,
    error: Option<Value>,
) -> Result<Changed, ProtocolError> {
    let call = find(tools, id)?;
    text::finish(&mut call.args_text, &mut call.held, Slice::Tools);
    call.status = if error.is_some() {
        ToolStatus::Error
    } else {
        ToolStatus::Done
    };
    call.result = result;
    call.error = error;
    Ok(Changed::of(Slice::Tools))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::jv as json;

    #[test]
    fn a_call_streams_its_arguments_then_ends() {
        let mut t = Vec::new();
        start(&mut t, "t1".into(), Some("search".into()));
        delta(&mut t, "t1", &Piece::plain("{\"q\":")).unwrap();
        delta(&mut t, "t1", &Piece::plain("1}")).unwrap();
        end(&mut t, "t1", Some(json!([1])), None).unwrap();
        let call = t.first().unwrap();
        assert_eq!(call.args_text, "{\"q\":1}");
        assert_eq!(call.status, ToolStatus::Done);
    }

    #[test]
    fn delta_for_an_unknown_call_is_an_error() {
        let mut t = Vec::new();
        assert_eq!(
            delta(&mut t, "nope", &Piece::plain("x")).unwrap_err().kind,
            ErrorKind::Protocol
        );
        assert!(t.is_empty());
    }

    #[test]
    fn end_with_error_marks_the_call_failed() {
        let mut t = Vec::new();
        start(&mut t, "t1".into(), None);
        end(&mut t, "t1", None, Some(json!("denied"))).unwrap();
        assert_eq!(t.first().map(|c| c.status), Some(ToolStatus::Error));
    }
}
