//! Routes: from an action name to built-in effects, given as data.
//!
//! Dispatch looks the name up in the user's table first, then among the built-in
//! actions; a name found in neither is [`Dispatch::Unrouted`], a value that the store
//! reports in `errors`, not a failure (mini-redis's `Unknown` command is the model).
//!
//! A user route names a built-in op and where its fields sit in the foreign frame:
//!
//! ```json
//! { "message:stream": { "op": "content.set", "text": "content", "done": "isComplete" },
//!   "Update": { "op": "content.delta", "text": "delta.content",
//!               "also": [{ "op": "reasoning.delta", "text": "delta.reasoning" }] },
//!   "message:ack": { "op": "ack", "ref": "messageId", "status": "status", "error": "error" },
//!   "message:receive": { "op": "message.start", "role": { "value": "user" },
//!                        "also": [{ "op": "content.set", "text": "content" }, { "op": "message.done" }] },
//!   "connection:authenticated": { "op": "ignore" } }
//! ```
//! Every other key of a route is a field of the op's payload, as a dotted path into the
//! frame's payload (the whole frame for flat envelopes) or `{"value": …}` for a constant.
//! `messageId` and `ref` override the envelope's; `done` names a boolean that completes
//! the message; `also` lists more effects of the same frame. A route whose fields are
//! all absent from a frame is skipped (an `Update` carries content or reasoning).

use crate::json::{Map, Value};
use std::collections::HashMap;
use std::rc::Rc;

use crate::effect::Op;

/// Where a route reads one field.
#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    /// A dotted path into the payload (`delta.content`, `items.0.url`).
    Path(Vec<String>),
    /// A constant.
    Value(Value),
}

impl Param {
    /// The field's value in `payload`, if present and not null.
    pub fn resolve<'v>(&'v self, payload: &'v Value) -> Option<&'v Value> {
        let found = match self {
            Param::Value(v) => Some(v),
            Param::Path(path) => path.iter().try_fold(payload, |v, seg| match v {
                Value::Object(map) => map.get(seg),
                Value::Array(items) => seg.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            }),
        };
        found.filter(|v| !v.is_null())
    }
}

/// One route: an op and where its fields are.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    /// The built-in effect.
    pub op: Op,
    /// The op's payload fields.
    pub params: Vec<(String, Param)>,
    /// Overrides the envelope's message id.
    pub message_id: Option<Param>,
    /// Overrides the envelope's `ref`.
    pub reference: Option<Param>,
    /// A boolean field that, when true, completes the message.
    pub done: Option<Param>,
    /// More effects of the same frame.
    pub also: Vec<Route>,
}

impl Route {
    /// Builds the op's payload from `payload`; `None` when the route has fields and none
    /// is present (the frame does not carry this effect).
    pub fn assemble(&self, payload: &Value) -> Option<Value> {
        let mut out = Map::new();
        for (name, param) in &self.params {
            if let Some(v) = param.resolve(payload) {
                out.insert(name.clone(), v.clone());
            }
        }
        if out.is_empty() && !self.params.is_empty() {
            return None;
        }
        Some(Value::Object(out))
    }

    /// Whether the frame's `done` field is true.
    pub fn completes(&self, payload: &Value) -> bool {
        self.done
            .as_ref()
            .and_then(|p| p.resolve(payload))
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    fn from_json(name: &str, spec: &Value) -> Result<Route, String> {
        let Value::Object(fields) = spec else {
            return Err(format!("route `{name}` must be an object like {{\"op\": \"content.delta\", \"text\": \"delta\"}}"));
        };
        let op_name = fields
            .get("op")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("route `{name}` needs an \"op\" naming a built-in action"))?;
        let op = Op::from_name(op_name).ok_or_else(|| {
            let known: Vec<&str> = Op::names().collect();
            format!(
                "route `{name}`: unknown op `{op_name}`; use one of {}",
                known.join(", ")
            )
        })?;
        let mut route = Route {
            op,
            params: Vec::new(),
            message_id: None,
            reference: None,
            done: None,
            also: Vec::new(),
        };
        for (key, value) in fields {
            match key.as_str() {
                "op" => {}
                "also" => {
                    let items = value.as_array().ok_or_else(|| {
                        format!("route `{name}`: \"also\" must be an array of routes")
                    })?;
                    for item in items {
                        if item.get("also").is_some() {
                            return Err(format!("route `{name}`: \"also\" routes cannot nest"));
                        }
                        route.also.push(Route::from_json(name, item)?);
                    }
                }
                _ => {
                    let param = parse_param(name, key, value)?;
                    match key.as_str() {
                        "messageId" => route.message_id = Some(param),
                        "ref" => route.reference = Some(param),
                        "done" => route.done = Some(param),
                        _ => route.params.push((key.clone(), param)),
                    }
                }
            }
        }
        Ok(route)
    }
}

fn parse_param(route: &str, key: &str, value: &Value) -> Result<Param, String> {
    match value {
        Value::String(path) if !path.is_empty() => {
            Ok(Param::Path(path.split('.').map(str::to_owned).collect()))
        }
        Value::Object(obj) if obj.len() == 1 && obj.contains_key("value") => Ok(Param::Value(
            obj.get("value").cloned().unwrap_or(Value::Null),
        )),
        _ => Err(format!(
            "route `{route}`: field \"{key}\" must be a dotted path string or {{\"value\": …}}"
        )),
    }
}

/// What an action name resolves to.
#[derive(Debug, Clone)]
pub enum Dispatch {
    /// A built-in action with its own payload shape.
    Builtin(Op),
    /// A user route.
    Route(Rc<Route>),
    /// Neither: reported in `errors` (kind `unrouted`).
    Unrouted,
}

/// The user's routes by foreign action name.
#[derive(Debug, Clone, Default)]
pub struct RouteTable {
    routes: HashMap<String, Rc<Route>>,
}

impl RouteTable {
    /// Parses `{name: route}`; the error says which route is wrong and how.
    pub fn from_json(spec: &Value) -> Result<Self, String> {
        let Value::Object(entries) = spec else {
            return Err("routes must be an object from action names to routes".into());
        };
        let mut routes = HashMap::with_capacity(entries.len());
        for (name, route) in entries {
            routes.insert(name.clone(), Rc::new(Route::from_json(name, route)?));
        }
        Ok(Self { routes })
    }

    /// Resolves an action name: user routes first, then built-ins.
    pub fn resolve(&self, action_type: &str) -> Dispatch {
        if !self.routes.is_empty() {
            if let Some(route) = self.routes.get(action_type) {
                return Dispatch::Route(Rc::clone(route));
            }
        }
        match Op::from_name(action_type) {
            Some(Op::Ignore) | None => Dispatch::Unrouted,
            Some(op) => Dispatch::Builtin(op),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::jv as json;

    #[test]
    fn paths_reach_into_objects_and_arrays() {
        let p = Param::Path(vec!["delta".into(), "items".into(), "1".into()]);
        let v = json!({"delta": {"items": ["a", "b"]}});
        assert_eq!(p.resolve(&v), Some(&json!("b")));
        assert_eq!(Param::Path(vec!["nope".into()]).resolve(&v), None);
    }

    #[test]
    fn a_route_assembles_the_ops_payload() {
        let t = RouteTable::from_json(&json!({
            "Update": {"op": "content.delta", "text": "delta.content",
                       "also": [{"op": "reasoning.delta", "text": "delta.reasoning"}]}
        }))
        .unwrap();
        let Dispatch::Route(r) = t.resolve("Update") else {
            panic!("not routed")
        };
        let frame = json!({"delta": {"content": "hi"}});
        assert_eq!(r.assemble(&frame), Some(json!({"text": "hi"})));
        assert_eq!(r.also.first().and_then(|a| a.assemble(&frame)), None);
    }

    #[test]
    fn done_and_constants() {
        let t = RouteTable::from_json(&json!({
            "s": {"op": "content.set", "text": "content", "done": "isComplete"},
            "r": {"op": "message.start", "role": {"value": "user"}}
        }))
        .unwrap();
        let Dispatch::Route(s) = t.resolve("s") else {
            panic!()
        };
        assert!(s.completes(&json!({"isComplete": true})));
        assert!(!s.completes(&json!({"isComplete": false})));
        let Dispatch::Route(r) = t.resolve("r") else {
            panic!()
        };
        assert_eq!(r.assemble(&json!({})), Some(json!({"role": "user"})));
    }

    #[test]
    fn unknown_names_are_unrouted_values() {
        let t = RouteTable::default();
        assert!(matches!(
            t.resolve("content.delta"),
            Dispatch::Builtin(Op::ContentDelta)
        ));
        assert!(matches!(t.resolve("what.ever"), Dispatch::Unrouted));
        assert!(matches!(t.resolve("ignore"), Dispatch::Unrouted));
    }

    #[test]
    fn bad_routes_say_what_to_change() {
        for (spec, needle) in [
            (json!([]), "must be an object"),
            (json!({"x": {"text": "a"}}), "needs an \"op\""),
            (
                json!({"x": {"op": "content.nope"}}),
                "unknown op `content.nope`",
            ),
            (
                json!({"x": {"op": "content.set", "text": 5}}),
                "dotted path",
            ),
            (
                json!({"x": {"op": "content.set", "also": {}}}),
                "array of routes",
            ),
        ] {
            let err = RouteTable::from_json(&spec).unwrap_err();
            assert!(err.contains(needle), "{err}");
        }
    }
}
