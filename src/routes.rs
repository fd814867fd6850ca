//! Routes: from an action name to built-in effects, given as data.
//!
//! Dispatch looks the name up in the user's table first, then among the built-in
//! actions; a name found in neither is [`Dispatch::Unrouted`], a value that the store
//! reports in `errors`, not a failure (mini-redis's `Unknown` command is the model).
//!
//! A user route names a built-in op and where its fields sit in the foreign frame
//! (docs/routes.md is the reference for users):
//!
//! ```json
//! { "message:stream": { "op": "content.set", "text": "content", "done": "isComplete" },
//!   "Update": { "op": "content.delta", "text?": "delta.content",
//!               "also": [{ "op": "reasoning.delta", "text": "delta.reasoning" }] },
//!   "message:ack": { "op": "ack", "ref": "messageId", "status": "status", "error?": "error" },
//!   "message:receive": { "op": "message.start", "role": { "value": "user" },
//!                        "also": [{ "op": "content.set", "text": "content" }, { "op": "message.done" }] },
//!   "connection:authenticated": { "op": "ignore" } }
//! ```
//!
//! # The data model
//! - [`RouteTable`]: foreign action name → [`Route`], parsed once at creation (`spec.rs`);
//!   every mistake in a spec is an error there, never at the first frame.
//! - [`Route`]: one effect. Its [`Op`]; its [`Mapping`]s, each an op payload field (one of
//!   [`Op::fields`]) read from a [`Param`], `optional` when the spec's key ends in `?`;
//!   the `messageId` / `ref` overrides of the envelope's; `done`, a boolean that completes
//!   the message; and `also`, more routes applied to the same frame (one level deep).
//! - [`Param`]: a dotted path into the frame's payload (the whole frame for flat
//!   envelopes), or a constant (`{"value": …}`). [`Param::lookup`] says what a path found
//!   in the payload's text: a value (its raw JSON), nothing (absent or `null`), or a
//!   parent that is not an object.
//! - [`Route::plan`] is the whole meaning of a route for one frame, a pure function: the
//!   frame's payload text in, a [`Plan`] out (the effects in order, each with its op,
//!   message id, ref and payload as JSON text; then whether the message completes), or a
//!   [`RouteError`] naming the field and its path. The store decodes each step's payload
//!   with the built-in decoder (so a route runs exactly the built-in reducer) and applies
//!   the plan whole, or reports it and applies none of it.
//!
//! # Rules for one frame (`plan.rs`)
//! - A mapped field must be there: absent or `null` is a [`RouteError`], unless its key
//!   ended in `?`. An absent optional field is left out of the payload; if the op needs
//!   it (e.g. `text` of `content.delta`) the effect is skipped: the frame does not carry it.
//! - An `also` effect none of whose paths finds a value is skipped, with no error (an
//!   `Update` that carries only reasoning is fine); one that finds some is held to the
//!   rules above.
//! - A path that meets something other than an object (or an array, for a numeric
//!   segment) before its end is a [`RouteError`], optional or not, in fields and in
//!   `messageId`, `ref` and `done` alike: the frame's shape is not the one the route says.
//! - `messageId` and `ref` fall back to the envelope's when absent; `done` completes the
//!   message (the last message-scoped effect's) only when it is `true`.
//!
//! # Extending the language
//! A new kind of value source is a new [`Param`] variant, read in `spec::param` and
//! resolved in [`Param::lookup`]; a new reserved key of a spec goes in `spec::RESERVED` and
//! [`Route`]; a new op needs only its row in [`Op::fields`].

mod plan;
mod spec;

use crate::json::Value;
use std::collections::HashMap;
use std::rc::Rc;

use crate::effect::Op;
pub use plan::{Lookup, Plan, Problem, RouteError, Step};

/// Where a route reads one value.
#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    /// A dotted path into the payload (`delta.content`, `items.0.url`).
    Path(Vec<String>),
    /// A constant (`{"value": …}`), as its JSON text.
    Constant(String),
}

/// One payload field of a route's op and where the frame holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Mapping {
    /// The op's payload field (`text`).
    pub field: String,
    /// Where its value is read.
    pub param: Param,
    /// The spec's key ended in `?`: the frame may lack it.
    pub optional: bool,
}

/// One route: an op and where its fields are.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    /// The built-in effect.
    pub op: Op,
    /// The op's payload fields.
    pub fields: Vec<Mapping>,
    /// Overrides the envelope's message id.
    pub message_id: Option<Param>,
    /// Overrides the envelope's `ref`.
    pub reference: Option<Param>,
    /// A boolean field that, when true, completes the message.
    pub done: Option<Param>,
    /// More effects of the same frame.
    pub also: Vec<Route>,
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
            routes.insert(name.clone(), Rc::new(spec::route(name, route, false)?));
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
    fn a_user_route_comes_before_the_builtin_of_the_same_name() {
        let t = RouteTable::from_json(&json!({"content.delta": {"op": "ignore"}})).unwrap();
        assert!(matches!(t.resolve("content.delta"), Dispatch::Route(r) if r.op == Op::Ignore));
        assert!(matches!(
            t.resolve("content.set"),
            Dispatch::Builtin(Op::ContentSet)
        ));
    }
}
