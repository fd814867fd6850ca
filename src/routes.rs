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
pub use plan::{Lookup, Payload, Plan, Problem, RouteError, Step};

/// Where a route reads one value.
#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    /// A dotted path into the payload (`delta.content`, `items.0.url`).
    Path(Vec<String>),
    /// A constant (`{"value": …}`), as its JSON text.
    Constant(String),
    /// The first of several that finds a value (`["parentMessageId", "toolCallId"]`).
    Any(Vec<Param>),
    /// An object built from params (`{"url": "annotation.url", "title": "annotation.title"}`):
    /// the members found, the others left out; absent when no path member finds a value.
    Object(Vec<(String, Param)>),
    /// A fresh id, `<prefix>-<n>` (`{"generated": "msg"}`): for a start event that may come
    /// without one. Only where an id is read (`messageId`, `ref`).
    Generated(String),
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
    /// After this effect, its message is the current message of the frame's source: frames
    /// that name no message go to it (`bind: true` on a stream's start event).
    pub bind: bool,
}

/// What an action name resolves to.
#[derive(Debug, Clone)]
pub enum Dispatch {
    /// A built-in action with its own payload shape.
    Builtin(Op),
    /// A user route.
    Route(Rc<Route>),
    /// Routes chosen by a field of the payload (`content_block_delta[delta.type=text_delta]`).
    Cases(Rc<Entry>),
    /// Neither: reported in `errors` (kind `unrouted`), or only counted when the table
    /// says unknown names are expected (a dialect: receivers must tolerate new events).
    Unrouted,
}

/// A case's routes by the value its field holds.
pub type Cases = HashMap<String, Rc<Route>, FnvBuild>;

/// The routes of one action name: the ones chosen by a payload field's value, and the one
/// taken when none matches.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    /// `(path, value → route)`, in the order their paths first appear in the table.
    pub cases: Vec<(Param, Cases)>,
    /// The route of the plain name, if any.
    pub default: Option<Rc<Route>>,
}

impl Entry {
    /// The route for a frame whose payload is `payload`: the first case whose field holds
    /// a string naming one of its routes, else the default. Looking up borrows the field's
    /// text: nothing is allocated per frame.
    pub fn select(&self, payload: Payload<'_>) -> Option<&Rc<Route>> {
        for (path, routes) in &self.cases {
            let Some(raw) = path.resolve(payload) else {
                continue;
            };
            let mut r = crate::json::Reader::new(&raw);
            let name = r.string().ok();
            if let Some(route) = name.and_then(|v| routes.get(v.as_ref())) {
                return Some(route);
            }
        }
        self.default.as_ref()
    }
}

/// FNV-1a, for the route table: a name is looked up per frame, and the table's keys are the
/// app's own (fixed at creation), so a frame's name cannot grow a bucket: SipHash's defence
/// against chosen keys buys nothing here and costs time on every frame.
#[derive(Debug, Clone, Copy, Default)]
pub struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// Builds [`Fnv`] hashers.
pub type FnvBuild = std::hash::BuildHasherDefault<Fnv>;

/// The user's routes by foreign action name.
#[derive(Debug, Clone, Default)]
pub struct RouteTable {
    routes: HashMap<String, Rc<Entry>, FnvBuild>,
    /// Entries for names starting with a prefix (`data-*`), longest prefix first.
    prefixes: Vec<(String, Rc<Entry>)>,
    /// Unknown names are counted in `stats.unknown`, not reported (a dialect's table).
    pub quiet: bool,
}

impl RouteTable {
    /// Parses `{name: route}`; the error says which route is wrong and how. A name is an
    /// action (`Update`), an action with a case (`content_block_delta[delta.type=text_delta]`:
    /// the route applies when that payload field holds that string), or a prefix ending in
    /// `*` (`data-*`), with or without a case.
    pub fn from_json(spec: &Value) -> Result<Self, String> {
        let Value::Object(entries) = spec else {
            return Err("routes must be an object from action names to routes".into());
        };
        let mut table: HashMap<String, Entry> = HashMap::new();
        for (name, route) in entries {
            let route = Rc::new(spec::route(name, route, false)?);
            let (base, case) = spec::name(name)?;
            let entry = table.entry(base.to_owned()).or_default();
            match case {
                None => entry.default = Some(route),
                Some((path, value)) => {
                    let at = entry.cases.iter().position(|(p, _)| *p == path);
                    let at = at.unwrap_or_else(|| {
                        entry.cases.push((path, HashMap::default()));
                        entry.cases.len() - 1
                    });
                    if let Some((_, routes)) = entry.cases.get_mut(at) {
                        routes.insert(value, route);
                    }
                }
            }
        }
        let mut out = RouteTable::default();
        for (name, entry) in table {
            let entry = Rc::new(entry);
            match name.strip_suffix('*') {
                Some(prefix) => out.prefixes.push((prefix.to_owned(), entry)),
                None => {
                    out.routes.insert(name, entry);
                }
            }
        }
        out.prefixes
            .sort_by_key(|(prefix, _)| std::cmp::Reverse(prefix.len()));
        Ok(out)
    }

    /// Resolves an action name: user routes first (the exact name, then the longest
    /// prefix), then built-ins.
    pub fn resolve(&self, action_type: &str) -> Dispatch {
        if !self.routes.is_empty() || !self.prefixes.is_empty() {
            let entry = self.routes.get(action_type).or_else(|| {
                let mut prefixed = self.prefixes.iter();
                prefixed
                    .find(|(p, _)| action_type.starts_with(p.as_str()))
                    .map(|(_, e)| e)
            });
            if let Some(entry) = entry {
                return match (&entry.default, entry.cases.is_empty()) {
                    (Some(route), true) => Dispatch::Route(Rc::clone(route)),
                    _ => Dispatch::Cases(Rc::clone(entry)),
                };
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

    fn route_op(t: &RouteTable, name: &str, payload: String) -> Option<Op> {
        match t.resolve(name) {
            Dispatch::Route(r) => Some(r.op),
            Dispatch::Cases(e) => e.select(Payload::text(&payload)).map(|r| r.op),
            _ => None,
        }
    }

    #[test]
    fn a_case_chooses_a_route_by_a_payload_field_and_falls_back_to_the_plain_name() {
        let t = RouteTable::from_json(&json!({
            "content_block_delta[delta.type=text_delta]": {"op": "content.delta", "text": "delta.text"},
            "content_block_delta[delta.type=thinking_delta]": {"op": "reasoning.delta", "text": "delta.thinking"},
            "content_block_delta": {"op": "ignore"},
            "data-*": {"op": "ignore"},
            "data-weather[kind=x]": {"op": "message.done"}
        }))
        .unwrap();
        let delta = |kind: &str| crate::json::to_string(&json!({"delta": {"type": kind}}));
        assert_eq!(
            route_op(&t, "content_block_delta", delta("text_delta")),
            Some(Op::ContentDelta)
        );
        assert_eq!(
            route_op(&t, "content_block_delta", delta("thinking_delta")),
            Some(Op::ReasoningDelta)
        );
        assert_eq!(
            route_op(&t, "content_block_delta", delta("signature_delta")),
            Some(Op::Ignore)
        );
        assert_eq!(route_op(&t, "data-anything", "{}".into()), Some(Op::Ignore));
        assert_eq!(
            route_op(&t, "data-weather", r#"{"kind":"x"}"#.into()),
            Some(Op::MessageDone),
            "an exact name before a prefix"
        );
        assert_eq!(
            route_op(&t, "data-weather", "{}".into()),
            None,
            "no case, no default"
        );
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
