//! The `tools` slice: tool calls tracked by `toolCallId`, in start order.
//!
//! `tool.delta` appends argument text, and the text is parsed as it arrives (each piece
//! once, `json::PartialJson`), so `args` is a live value while it streams; `tool.input` says
//! the arguments are complete (given whole, as a whole text, or as what streamed), and
//! `tool.end` records the result, an error or a denial. `tool.approval` records the approval
//! a call asks for and, later, the answer. A call is named by its id or by the part that
//! started it (an Anthropic block index, an OpenAI item id: see `parts`).
//!
//! A delta or end for a call that never started is a protocol error, not a silent
//! creation: it means frames were lost or misrouted.

use crate::json::{Map, Piece, Value};

use crate::effect::ToolRef;
use crate::error::{ErrorKind, ProtocolError};
use crate::message::{Args, Changed, Part, PartKind, Slice, ToolCall, ToolStatus};
use crate::slices::text;

/// Starts the call `id`; with `part`, the call is also a part of the message that later
/// frames may name it by. A call that has started already keeps what it has (a protocol
/// may announce a call twice: a start, then the whole input with its name again); only a
/// name it lacked is filled in.
pub fn start(
    tools: &mut Vec<ToolCall>,
    parts: &mut Vec<Part>,
    id: String,
    name: Option<String>,
    part: Option<String>,
) -> Changed {
    let mut changed = Changed::default();
    if let Some(key) = part {
        let found = parts
            .iter_mut()
            .find(|p| p.kind == PartKind::Tool && p.key == key);
        match found {
            Some(p) if p.tool_call_id.as_deref() == Some(id.as_str()) => {}
            Some(p) => {
                p.tool_call_id = Some(id.clone());
                changed.add(Slice::Parts);
            }
            None => {
                parts.push(Part {
                    kind: PartKind::Tool,
                    key,
                    start: None,
                    byte_start: 0,
                    tool_call_id: Some(id.clone()),
                });
                changed.add(Slice::Parts);
            }
        }
    }
    match tools.iter_mut().find(|t| t.tool_call_id == id) {
        Some(slot) => {
            if slot.name.is_none() && name.is_some() {
                slot.name = name;
                changed.add(Slice::Tools);
            }
        }
        None => {
            tools.push(ToolCall {
                tool_call_id: id,
                name,
                args_text: String::new(),
                args: Args::default(),
                status: ToolStatus::Running,
                result: None,
                error: None,
                approval: None,
                held: None,
            });
            changed.add(Slice::Tools);
        }
    }
    changed
}

/// The id `call` names: its own, or the one of the tool part it names.
pub fn resolve<'p>(call: &'p ToolRef, parts: &'p [Part]) -> Option<&'p str> {
    if let Some(id) = call.id.as_deref() {
        return Some(id);
    }
    let key = call.part.as_deref()?;
    parts
        .iter()
        .find(|p| p.kind == PartKind::Tool && p.key == key)
        .and_then(|p| p.tool_call_id.as_deref())
}

fn find<'a>(
    tools: &'a mut [ToolCall],
    parts: &[Part],
    call: &ToolRef,
) -> Result<&'a mut ToolCall, ProtocolError> {
    let id = resolve(call, parts);
    tools
        .iter_mut()
        .find(|t| Some(t.tool_call_id.as_str()) == id)
        .ok_or_else(|| {
            let what = match (&call.id, &call.part) {
                (Some(id), _) => format!("no tool call `{id}` was started"),
                (None, Some(part)) => format!("no tool call was started as part `{part}`"),
                (None, None) => "a tool effect names no call".to_owned(),
            };
            ProtocolError::new(ErrorKind::Protocol, what)
        })
}

/// Appends argument text to a call (joining a surrogate pair split across deltas, as every
/// text slice does: `slices::text`) and reads what was appended into the call's `args`.
pub fn delta(
    tools: &mut [ToolCall],
    parts: &[Part],
    call: &ToolRef,
    args_text: &Piece<'_>,
) -> Result<Changed, ProtocolError> {
    let call = find(tools, parts, call)?;
    let before = call.args_text.len();
    let changed = text::append(&mut call.args_text, &mut call.held, args_text, Slice::Tools);
    if let Some(appended) = call.args_text.get(before..) {
        call.args.push(appended);
    }
    Ok(changed)
}

/// Ends the argument streams of every call: a held surrogate unit becomes U+FFFD, and the
/// arguments are complete.
pub fn finish_all(tools: &mut [ToolCall]) -> Changed {
    let mut changed = Changed::default();
    for call in tools {
        let before = call.args_text.len();
        changed.merge(text::finish(
            &mut call.args_text,
            &mut call.held,
            Slice::Tools,
        ));
        if let Some(appended) = call.args_text.get(before..) {
            call.args.push(appended);
        }
        call.args.complete();
    }
    changed
}

/// A call's arguments are complete: given as a value, as a whole text, or what streamed.
/// Named by a part that is not a tool call's (an Anthropic `content_block_stop` of a text
/// block), it changes nothing: the part that ended was not a call.
pub fn input(
    tools: &mut [ToolCall],
    parts: &[Part],
    call: &ToolRef,
    args: Option<Value>,
    args_text: Option<String>,
) -> Result<Changed, ProtocolError> {
    if call.id.is_none() && resolve(call, parts).is_none() {
        return Ok(Changed::default());
    }
    let call = find(tools, parts, call)?;
    let before = call.clone();
    if let Some(text) = args_text {
        call.args.set_text(&text);
        call.args_text = text;
    }
    match args {
        Some(value) => call.args = Args::whole(value),
        None => call.args.complete(),
    }
    Ok(if *call == before {
        Changed::default()
    } else {
        Changed::of(Slice::Tools)
    })
}

/// Records an approval request for a call, or its answer (found by the approval's id when
/// the frame names no call).
pub fn approval(
    tools: &mut [ToolCall],
    parts: &[Part],
    call: &ToolRef,
    approval_id: String,
    approved: Option<bool>,
    reason: Option<String>,
) -> Result<Changed, ProtocolError> {
    let named = call.id.is_some() || call.part.is_some();
    let target = if named {
        find(tools, parts, call)?
    } else {
        let asked = |t: &&mut ToolCall| {
            let id = t.approval.as_ref().and_then(|a| a.get("approvalId"));
            id.and_then(Value::as_str) == Some(approval_id.as_str())
        };
        tools.iter_mut().find(asked).ok_or_else(|| {
            let what = format!("no tool call asked for approval `{approval_id}`");
            ProtocolError::new(ErrorKind::Protocol, what)
        })?
    };
    let mut map = match target.approval.take() {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    };
    map.insert("approvalId".into(), Value::String(approval_id));
    if let Some(approved) = approved {
        map.insert("approved".into(), Value::Bool(approved));
    }
    if let Some(reason) = reason {
        map.insert("reason".into(), Value::String(reason));
    }
    target.approval = Some(Value::Object(map));
    Ok(Changed::of(Slice::Tools))
}

/// Ends a call with a result, an error or a denial; its arguments are complete then.
pub fn end(
    tools: &mut [ToolCall],
    parts: &[Part],
    call: &ToolRef,
    result: Option<Value>,
    error: Option<Value>,
    denied: bool,
) -> Result<Changed, ProtocolError> {
    let call = find(tools, parts, call)?;
    let before = call.args_text.len();
    text::finish(&mut call.args_text, &mut call.held, Slice::Tools);
    if let Some(appended) = call.args_text.get(before..) {
        call.args.push(appended);
    }
    call.status = if denied {
        ToolStatus::Denied
    } else if error.is_some() {
        ToolStatus::Error
    } else {
        ToolStatus::Done
    };
    call.result = result;
    call.error = error;
    call.args.complete();
    Ok(Changed::of(Slice::Tools))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::jv as json;

    fn id(s: &str) -> ToolRef {
        ToolRef::id(s)
    }

    fn text(s: &str) -> Piece<'_> {
        Piece::plain(s)
    }

    #[test]
    fn a_call_streams_its_arguments_then_ends() {
        let (mut t, mut p) = (Vec::new(), Vec::new());
        start(&mut t, &mut p, "t1".into(), Some("search".into()), None);
        delta(&mut t, &p, &id("t1"), &text("{\"q\":")).unwrap();
        delta(&mut t, &p, &id("t1"), &text("1}")).unwrap();
        end(&mut t, &p, &id("t1"), Some(json!([1])), None, false).unwrap();
        let call = t.first().unwrap();
        assert_eq!(call.args_text, "{\"q\":1}");
        assert_eq!(call.args.value(), Some(&json!({"q": 1})));
        assert_eq!(call.status, ToolStatus::Done);
        assert!(p.is_empty(), "no part key, no part");
    }

    #[test]
    fn args_are_a_live_value_while_they_stream() {
        let (mut t, mut p) = (Vec::new(), Vec::new());
        start(&mut t, &mut p, "t1".into(), None, None);
        let mut seen = Vec::new();
        for piece in ["{\"city\":", "\"Zür", "ich\",\"days\":[1", ",2]}"] {
            delta(&mut t, &p, &id("t1"), &text(piece)).unwrap();
            let args = t.first().and_then(|c| c.args.value()).cloned();
            seen.push(args.map(|a| crate::json::to_string(&a)));
        }
        assert_eq!(
            seen.iter()
                .map(|s| s.as_deref().unwrap_or("-"))
                .collect::<Vec<_>>(),
            [
                "{}",
                r#"{"city":"Zür"}"#,
                r#"{"city":"Zürich","days":[1]}"#,
                r#"{"city":"Zürich","days":[1,2]}"#
            ]
        );
    }

    #[test]
    fn a_call_started_as_a_part_is_named_by_it() {
        let (mut t, mut p) = (Vec::new(), Vec::new());
        let c = start(&mut t, &mut p, "toolu_1".into(), None, Some("1".into()));
        assert!(c.has(Slice::Parts) && c.has(Slice::Tools));
        let by_part = ToolRef {
            id: None,
            part: Some("1".into()),
        };
        delta(&mut t, &p, &by_part, &text("{}")).unwrap();
        input(&mut t, &p, &by_part, None, None).unwrap();
        assert_eq!(t.first().and_then(|c| c.args.value()), Some(&json!({})));
        let other = ToolRef {
            id: None,
            part: Some("2".into()),
        };
        let e = delta(&mut t, &p, &other, &text("x")).unwrap_err();
        assert!(e.message.contains("part `2`"), "{e:?}");
    }

    #[test]
    fn input_given_whole_wins_and_a_whole_text_replaces_the_streamed_one() {
        let (mut t, mut p) = (Vec::new(), Vec::new());
        start(&mut t, &mut p, "a".into(), None, None);
        delta(&mut t, &p, &id("a"), &text("{\"x\":")).unwrap();
        input(&mut t, &p, &id("a"), Some(json!({"x": 2})), None).unwrap();
        assert_eq!(
            t.first().and_then(|c| c.args.value()),
            Some(&json!({"x": 2}))
        );
        start(&mut t, &mut p, "b".into(), None, None);
        delta(&mut t, &p, &id("b"), &text("{\"y\"")).unwrap();
        input(&mut t, &p, &id("b"), None, Some("{\"y\":3}".into())).unwrap();
        let b = t.get(1).unwrap();
        assert_eq!(
            (b.args_text.as_str(), b.args.value()),
            ("{\"y\":3}", Some(&json!({"y": 3})))
        );
        start(&mut t, &mut p, "c".into(), None, None);
        delta(&mut t, &p, &id("c"), &text("not json")).unwrap();
        end(&mut t, &p, &id("c"), None, None, false).unwrap();
        assert_eq!(t.get(2).unwrap().args.value(), None, "not JSON: no value");
    }

    #[test]
    fn an_approval_is_asked_then_answered_by_its_id() {
        let (mut t, mut p) = (Vec::new(), Vec::new());
        start(&mut t, &mut p, "t1".into(), None, None);
        approval(&mut t, &p, &id("t1"), "ap1".into(), None, None).unwrap();
        approval(
            &mut t,
            &p,
            &ToolRef::default(),
            "ap1".into(),
            Some(false),
            Some("no".into()),
        )
        .unwrap();
        assert_eq!(
            t.first().unwrap().approval,
            Some(json!({"approvalId": "ap1", "approved": false, "reason": "no"}))
        );
        end(&mut t, &p, &id("t1"), None, None, true).unwrap();
        assert_eq!(t.first().unwrap().status, ToolStatus::Denied);
        assert!(approval(&mut t, &p, &ToolRef::default(), "zz".into(), None, None).is_err());
    }

    #[test]
    fn delta_for_an_unknown_call_is_an_error() {
        let mut t = Vec::new();
        let e = delta(&mut t, &[], &id("nope"), &text("x")).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Protocol);
        assert!(t.is_empty());
    }

    #[test]
    fn end_with_error_marks_the_call_failed() {
        let (mut t, mut p) = (Vec::new(), Vec::new());
        start(&mut t, &mut p, "t1".into(), None, None);
        end(&mut t, &p, &id("t1"), None, Some(json!("denied")), false).unwrap();
        assert_eq!(t.first().map(|c| c.status), Some(ToolStatus::Error));
    }
}
