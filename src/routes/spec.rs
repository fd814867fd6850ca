//! Reading a route spec (`{"op": …, "<field>": "<path>", …}`) into a [`Route`].
//!
//! Every mistake is found here, at creation, with a message saying what to change: a spec
//! that is not an object, a missing or unknown `op`, a key that is neither reserved nor a
//! field of that op (the message lists the op's fields), a field the op needs that the
//! route does not map, a path with an empty segment, nested `also`.

use crate::json::{Map, Value};

use super::{Mapping, Param, Route};
use crate::effect::{Need, Op};

/// The keys of a spec that are not payload fields of its op.
pub(super) const RESERVED: [&str; 6] = ["op", "also", "messageId", "ref", "done", "bind"];

/// The suffix of a key whose field a frame may lack.
pub(super) const OPTIONAL: char = '?';

/// Reads the route `name`; `nested` for an entry of `also`.
pub(super) fn route(name: &str, spec: &Value, nested: bool) -> Result<Route, String> {
    let Value::Object(keys) = spec else {
        return Err(format!(
            "route `{name}` must be an object like {{\"op\": \"content.delta\", \"text\": \"delta\"}}"
        ));
    };
    let op = op(name, keys)?;
    let mut route = Route {
        op,
        fields: Vec::new(),
        message_id: None,
        reference: None,
        done: None,
        also: Vec::new(),
        bind: false,
    };
    for (key, value) in keys {
        match key.as_str() {
            "op" => {}
            "also" if nested => {
                return Err(format!(
                    "route `{name}`: \"also\" routes cannot nest; list every effect in the first \"also\""
                ))
            }
            "also" => {
                let items = value.as_array().ok_or_else(|| {
                    format!("route `{name}`: \"also\" must be an array of routes")
                })?;
                for item in items {
                    route.also.push(self::route(name, item, true)?);
                }
            }
            "messageId" => route.message_id = Some(param(name, key, value)?),
            "ref" => route.reference = Some(param(name, key, value)?),
            "done" => route.done = Some(param(name, key, value)?),
            "bind" => {
                route.bind = value.as_bool().ok_or_else(|| {
                    format!("route `{name}`: \"bind\" must be true or false")
                })?
            }
            _ => route.fields.push(mapping(name, op, key, value)?),
        }
    }
    check_needed(name, &route)?;
    Ok(route)
}

fn op(name: &str, keys: &Map) -> Result<Op, String> {
    let op_name = keys
        .get("op")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("route `{name}` needs an \"op\" naming a built-in action"))?;
    Op::from_name(op_name).ok_or_else(|| {
        let known: Vec<&str> = Op::names().collect();
        format!(
            "route `{name}`: unknown op `{op_name}`; use one of {}",
            known.join(", ")
        )
    })
}

/// A payload field of `op`, its key maybe ending in `?`.
fn mapping(name: &str, op: Op, key: &str, value: &Value) -> Result<Mapping, String> {
    let (field, optional) = match key.strip_suffix(OPTIONAL) {
        Some(field) => (field, true),
        None => (key, false),
    };
    if RESERVED.contains(&field) {
        return Err(format!(
            "route `{name}`: \"{key}\": `{field}` is optional already; write \"{field}\""
        ));
    }
    if op.field(field).is_none() {
        return Err(format!(
            "route `{name}`: `{}` has no field \"{field}\"; {}",
            op.name(),
            takes(op)
        ));
    }
    Ok(Mapping {
        field: field.to_owned(),
        param: param(name, key, value)?,
        optional,
    })
}

/// What `op` takes, for an error message.
fn takes(op: Op) -> String {
    let fields: Vec<String> = op
        .fields()
        .iter()
        .map(|f| match f.need {
            Need::Required => format!("{} (required)", f.name),
            Need::AnyOf => format!("{} (this or another marked so)", f.name),
            Need::Optional => f.name.to_owned(),
        })
        .collect();
    let own = if fields.is_empty() {
        format!("`{}` takes no payload fields", op.name())
    } else {
        format!("`{}` takes {}", op.name(), fields.join(", "))
    };
    format!("{own}; any route also takes op, messageId, ref, done, bind and also")
}

/// A route that never maps a field its op needs could never apply.
fn check_needed(name: &str, route: &Route) -> Result<(), String> {
    let mapped = |field: &str| route.fields.iter().any(|m| m.field == field);
    let op = route.op;
    if !op.lacks_needed(mapped) {
        return Ok(());
    }
    let quoted = |need: Need| {
        let fields = op
            .fields()
            .iter()
            .filter(|f| f.need == need && !mapped(f.name));
        fields
            .map(|f| format!("\"{}\"", f.name))
            .collect::<Vec<_>>()
    };
    let required = quoted(Need::Required);
    let what = if required.is_empty() {
        format!("one of {}", quoted(Need::AnyOf).join(", "))
    } else {
        required.join(", ")
    };
    Err(format!(
        "route `{name}`: `{}` needs {what} mapped to a path or a {{\"value\": …}}",
        op.name()
    ))
}

/// A case of a route name: the payload field's path and the value it must hold.
pub(super) type Case = (Param, String);

/// A route name: its action (or prefix, ending in `*`) and its case, if it has one
/// (`content_block_delta[delta.type=text_delta]` → the path `delta.type`, the value
/// `text_delta`).
pub(super) fn name(name: &str) -> Result<(&str, Option<Case>), String> {
    let Some(open) = name.find('[') else {
        return Ok((name, None));
    };
    let wrong = || {
        format!(
            "route `{name}`: a case is written `action[path=value]`, e.g. `content_block_delta[delta.type=text_delta]`"
        )
    };
    let (base, rest) = name.split_at(open);
    let inner = rest
        .strip_prefix('[')
        .and_then(|r| r.strip_suffix(']'))
        .ok_or_else(wrong)?;
    let (path, value) = inner.split_once('=').ok_or_else(wrong)?;
    if base.is_empty() || path.is_empty() || path.split('.').any(str::is_empty) {
        return Err(wrong());
    }
    let path = Param::Path(path.split('.').map(str::to_owned).collect());
    Ok((base, Some((path, value.to_owned()))))
}

fn param(route: &str, key: &str, value: &Value) -> Result<Param, String> {
    if let Value::Array(items) = value {
        if items.is_empty() || items.iter().any(|v| matches!(v, Value::Array(_))) {
            return Err(format!(
                "route `{route}`: \"{key}\" as a list takes paths or {{\"value\": …}}, the first found wins"
            ));
        }
        let params = items.iter().map(|v| param(route, key, v));
        return params.collect::<Result<_, _>>().map(Param::Any);
    }
    match value {
        Value::String(path) if !path.split('.').any(str::is_empty) => {
            Ok(Param::Path(path.split('.').map(str::to_owned).collect()))
        }
        Value::Object(obj) if obj.len() == 1 && obj.contains_key("value") => {
            let constant = obj.get("value").unwrap_or(&Value::Null);
            Ok(Param::Constant(crate::json::to_string(constant)))
        }
        Value::Object(obj) if obj.len() == 1 && obj.contains_key("generated") => {
            match obj.get("generated") {
                Some(Value::String(prefix)) if matches!(key, "messageId" | "ref") => {
                    Ok(Param::Generated(prefix.clone()))
                }
                _ => Err(format!(
                    "route `{route}`: {{\"generated\": \"<prefix>\"}} makes a fresh id: only for \"messageId\" or \"ref\""
                )),
            }
        }
        Value::Object(obj) if !obj.is_empty() => {
            let members = obj
                .iter()
                .map(|(k, v)| param(route, key, v).map(|p| (k.clone(), p)));
            members.collect::<Result<_, _>>().map(Param::Object)
        }
        _ => Err(shape(route, key)),
    }
}

fn shape(route: &str, key: &str) -> String {
    format!(
        "route `{route}`: \"{key}\" must be a dotted path string (`delta.content`), {{\"value\": …}}, an object of those, or a list of them"
    )
}

#[cfg(test)]
mod tests {
    use super::super::RouteTable;
    use crate::json::jv as json;

    fn error(spec: crate::json::Value) -> String {
        RouteTable::from_json(&spec).unwrap_err()
    }

    #[test]
    fn bad_routes_say_what_to_change() {
        for (spec, needle) in [
            (json!([]), "must be an object"),
            (json!({"x": 1}), "route `x` must be an object"),
            (json!({"x": {"text": "a"}}), "needs an \"op\""),
            (
                json!({"x": {"op": "content.nope"}}),
                "unknown op `content.nope`; use one of message.start, content.delta",
            ),
            (
                json!({"x": {"op": "content.set", "text": 5}}),
                "\"text\" must be a dotted path",
            ),
            (
                json!({"x": {"op": "content.set", "text": "delta..content"}}),
                "dotted path",
            ),
            (
                json!({"x": {"op": "content.set", "text": ""}}),
                "dotted path",
            ),
            (
                json!({"x": {"op": "message.done", "also": {}}}),
                "array of routes",
            ),
            (
                json!({"x": {"op": "message.done", "also": [{"op": "message.done", "also": []}]}}),
                "cannot nest",
            ),
            (
                json!({"x": {"op": "message.done", "also": [{"op": "nope"}]}}),
                "route `x`: unknown op `nope`",
            ),
        ] {
            let err = error(spec);
            assert!(err.contains(needle), "{err}");
        }
    }

    #[test]
    fn an_unknown_field_lists_the_fields_of_that_op() {
        let err = error(json!({"Update": {"op": "content.delta", "txt": "delta.content"}}));
        assert!(
            err.contains("route `Update`: `content.delta` has no field \"txt\"; `content.delta` takes text (required)"),
            "{err}"
        );
        assert!(
            err.contains("op, messageId, ref, done, bind and also"),
            "{err}"
        );
        let err = error(json!({"s": {"op": "tool.end", "toolCallId": "id", "output": "out"}}));
        assert!(
            err.contains("`tool.end` takes toolCallId (this or another marked so), part (this or another marked so), result, error, denied"),
            "{err}"
        );
        let err = error(json!({"d": {"op": "message.done", "final": "f"}}));
        assert!(
            err.contains("`message.done` takes no payload fields"),
            "{err}"
        );
        let err = error(json!({"d": {"op": "message.done",
                                      "also": [{"op": "typing.start", "user": "u"}]}}));
        assert!(
            err.contains("`typing.start` takes userId, conversationId"),
            "{err}"
        );
    }

    #[test]
    fn a_route_must_map_what_its_op_needs() {
        let err = error(json!({"t": {"op": "tool.delta", "toolCallId": "id"}}));
        assert!(
            err.contains("`tool.delta` needs \"argsText\" mapped"),
            "{err}"
        );
        let err = error(json!({"s": {"op": "sources.add"}}));
        assert!(
            err.contains("`sources.add` needs one of \"source\", \"sources\" mapped"),
            "{err}"
        );
        assert!(
            RouteTable::from_json(&json!({"s": {"op": "sources.add", "source?": "s"}})).is_ok()
        );
    }

    #[test]
    fn the_reserved_keys_take_no_question_mark() {
        let err = error(json!({"x": {"op": "content.set", "text": "t", "done?": "d"}}));
        assert!(err.contains("`done` is optional already"), "{err}");
    }

    #[test]
    fn a_question_mark_makes_a_mapping_optional() {
        let t = RouteTable::from_json(&json!({
            "u": {"op": "content.delta", "text?": "delta.content"},
            "v": {"op": "message.start", "role": {"value": "user"}, "meta": "m"}
        }))
        .unwrap();
        let super::super::Dispatch::Route(u) = t.resolve("u") else {
            panic!("not routed")
        };
        let m = u.fields.first().unwrap();
        assert_eq!((m.field.as_str(), m.optional), ("text", true));
        let super::super::Dispatch::Route(v) = t.resolve("v") else {
            panic!("not routed")
        };
        assert!(v.fields.iter().all(|m| !m.optional));
    }
}
