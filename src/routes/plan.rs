//! Applying a route to one frame: reading its paths and planning the effects.
//!
//! [`Route::plan`] is pure: the frame's payload text in, a [`Plan`] or a [`RouteError`]
//! out. The rules are in the module docs of `routes`.
//!
//! Paths are read on the payload's text with the pull reader, never through a parsed
//! value: each value a route maps is taken as its raw JSON text and written, as is, into
//! the payload the built-in decoder reads. So nothing the route does not map is built
//! (a deep `junk` field is skipped without recursion), and a string keeps its escapes
//! exactly, lone surrogates included (see `slices::text`). The payload was validated when
//! its envelope was read.

use std::borrow::Cow;

use crate::json::{write_str, Kind, Reader};

use super::{Mapping, Param, Route};
use crate::effect::Op;

/// What a [`Param`] found in a frame.
#[derive(Debug, Clone, PartialEq)]
pub enum Lookup<'t> {
    /// A value, as its JSON text (never `null`): borrowed from the frame or the route, or
    /// built (an object template's).
    Found(Cow<'t, str>),
    /// Nothing there, or `null`.
    Absent,
    /// The path met something other than an object before its end.
    NotObject {
        /// The dotted path to what it met (empty: the payload itself).
        parent: String,
        /// What it met, for a person (`a string`).
        found: &'static str,
    },
}

/// A payload as a route reads it: its text, and, for a flat frame, its members as the
/// envelope's one pass found them (key, raw value), so a path's first step is a lookup.
#[derive(Debug, Clone, Copy)]
pub struct Payload<'t> {
    /// The payload's JSON text.
    pub text: &'t str,
    /// Its members when known (a flat frame's), else empty: the text is read.
    pub members: &'t [(Cow<'t, str>, &'t str)],
}

impl<'t> Payload<'t> {
    /// A payload known only by its text.
    pub fn text(text: &'t str) -> Self {
        Payload { text, members: &[] }
    }
}

impl Param {
    /// What the param finds in `payload` (JSON text).
    pub fn lookup<'t>(&'t self, payload: &'t str) -> Lookup<'t> {
        self.lookup_in(Payload::text(payload))
    }

    /// What the param finds in `payload`, taking a path's first step from its members when
    /// they are known.
    pub fn lookup_in<'t>(&'t self, payload: Payload<'t>) -> Lookup<'t> {
        let path = match self {
            Param::Constant(json) if json == "null" => return Lookup::Absent,
            Param::Constant(json) => return Lookup::Found(Cow::Borrowed(json)),
            Param::Path(path) => path,
            Param::Generated(_) => return Lookup::Absent,
            Param::Object(members) => return object(members, payload),
            Param::Any(params) => {
                let mut not_object = None;
                for p in params {
                    match p.lookup_in(payload) {
                        Lookup::Found(v) => return Lookup::Found(v),
                        Lookup::Absent => {}
                        other => {
                            not_object.get_or_insert(other);
                        }
                    }
                }
                return not_object.unwrap_or(Lookup::Absent);
            }
        };
        let mut at = payload.text;
        let mut steps = path.iter().enumerate();
        if !payload.members.is_empty() {
            // The frame's object was read already: its first step is a lookup (the last
            // member of that name, as `JSON.parse` keeps it).
            let Some((_, first)) = steps.next() else {
                return Lookup::Found(Cow::Borrowed(at));
            };
            let found = payload.members.iter().rev().find(|(k, _)| k == first);
            match found {
                Some((_, raw)) => at = raw,
                None => return Lookup::Absent,
            }
        }
        for (depth, seg) in steps {
            let mut r = Reader::new(at);
            let next = match r.kind() {
                Ok(Kind::Null) => return Lookup::Absent,
                Ok(Kind::Object) => member(&mut r, seg),
                Ok(Kind::Array) if seg.parse::<usize>().is_ok() => {
                    item(&mut r, seg.parse::<usize>().unwrap_or(usize::MAX))
                }
                kind => {
                    let parent = path.get(..depth).unwrap_or_default().join(".");
                    let found = kind.map_or("not JSON", describe);
                    return Lookup::NotObject { parent, found };
                }
            };
            match next {
                Some(raw) => at = raw,
                None => return Lookup::Absent,
            }
        }
        match Reader::new(at).kind() {
            Ok(Kind::Null) => Lookup::Absent,
            _ => Lookup::Found(Cow::Borrowed(at)),
        }
    }

    /// The raw JSON text the param finds in `payload`, if any.
    pub fn resolve<'t>(&'t self, payload: Payload<'t>) -> Option<Cow<'t, str>> {
        match self.lookup_in(payload) {
            Lookup::Found(raw) => Some(raw),
            _ => None,
        }
    }

    /// The path as written in the spec (`delta.content`), or `{"value": …}`.
    pub fn describe(&self) -> String {
        match self {
            Param::Path(path) => path.join("."),
            Param::Constant(_) => "{\"value\": …}".to_owned(),
            Param::Any(params) => params
                .iter()
                .map(Param::describe)
                .collect::<Vec<_>>()
                .join(" | "),
            Param::Object(members) => {
                let inner: Vec<String> = members
                    .iter()
                    .map(|(k, p)| format!("{k}: {}", p.describe()))
                    .collect();
                format!("{{{}}}", inner.join(", "))
            }
            Param::Generated(prefix) => format!("{{\"generated\": \"{prefix}\"}}"),
        }
    }
}

/// An object template's value, as JSON text: its members found (`null`s left out); absent
/// when it has paths and none of them found anything.
fn object<'t>(members: &'t [(String, Param)], payload: Payload<'t>) -> Lookup<'t> {
    let mut out = String::from("{");
    let (mut paths, mut found) = (0, 0);
    for (name, param) in members {
        let by_path = !matches!(param, Param::Constant(_));
        paths += usize::from(by_path);
        match param.lookup_in(payload) {
            Lookup::Found(raw) => {
                if out.len() > 1 {
                    out.push(',');
                }
                found += usize::from(by_path);
                write_str(&mut out, name);
                out.push(':');
                out.push_str(&raw);
            }
            Lookup::Absent => {}
            not_object => return not_object,
        }
    }
    if paths > 0 && found == 0 {
        return Lookup::Absent;
    }
    out.push('}');
    Lookup::Found(Cow::Owned(out))
}

/// The raw value of the object member `key` (the last one, as `JSON.parse` keeps it).
fn member<'t>(r: &mut Reader<'t>, key: &str) -> Option<&'t str> {
    let mut found = None;
    let mut first = true;
    r.begin_object().ok()?;
    while let Some(k) = r.next_key(&mut first).ok()? {
        let raw = r.skip().ok()?;
        if k == key {
            found = Some(raw);
        }
    }
    found
}

/// The raw value of the array item at `index`.
fn item<'t>(r: &mut Reader<'t>, index: usize) -> Option<&'t str> {
    let mut first = true;
    r.begin_array().ok()?;
    let mut i = 0;
    while r.next_item(&mut first).ok()? {
        let raw = r.skip().ok()?;
        if i == index {
            return Some(raw);
        }
        i += 1;
    }
    None
}

/// `a string`, `an array`, …: what a path met.
fn describe(kind: Kind) -> &'static str {
    match kind {
        Kind::Null => "null",
        Kind::Bool => "a boolean",
        Kind::Number => "a number",
        Kind::String => "a string",
        Kind::Array => "an array",
        Kind::Object => "an object",
    }
}

/// Why a frame does not fit its route.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// A field the route maps without `?` is absent or `null`.
    Absent,
    /// The path met `found` at `parent`, where it needed an object.
    NotObject {
        /// The dotted path to what it met (empty: the payload itself).
        parent: String,
        /// What it met.
        found: &'static str,
    },
    /// A `messageId` or `ref` override found something other than a string or an integer.
    NotAnId,
}

/// A frame that does not fit its route: which effect, field and path, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteError {
    /// The effect's op.
    pub op: Op,
    /// The field (`text`, or `messageId`, `ref`, `done`).
    pub field: String,
    /// Its path, as written in the spec.
    pub path: String,
    /// What was wrong.
    pub problem: Problem,
}

impl RouteError {
    /// The error, for a person, naming the route `name` (the frame's action type).
    pub fn message(&self, name: &str) -> String {
        let what = match &self.problem {
            Problem::Absent => {
                "is absent; not applied (a field the frame may lack is written \"<field>?\")"
                    .to_owned()
            }
            Problem::NotObject { parent, found } if parent.is_empty() => {
                format!("cannot be read: the payload is {found}, not an object; not applied")
            }
            Problem::NotObject { parent, found } => {
                format!("cannot be read: `{parent}` is {found}, not an object; not applied")
            }
            Problem::NotAnId => "is not a string or an integer; not applied".to_owned(),
        };
        format!(
            "route `{name}` ({}): field `{}` at path `{}` {what}",
            self.op.name(),
            self.field,
            self.path
        )
    }
}

/// One effect a frame carries.
#[derive(Debug, Clone, PartialEq)]
pub struct Step<'t> {
    /// The built-in op.
    pub op: Op,
    /// The message it is for (the override's, else the envelope's, else the last
    /// message-scoped step's).
    pub message_id: Option<Cow<'t, str>>,
    /// The client frame it answers.
    pub reference: Option<Cow<'t, str>>,
    /// The op's payload fields, each its name and raw JSON value, for the built-in
    /// decoder (`effect::decode_fields`): taken from the frame as they are, never written
    /// out and read again.
    pub fields: Vec<(&'t str, Cow<'t, str>)>,
    /// Its message becomes the source's current message (`bind`).
    pub bind: bool,
}

impl Step<'_> {
    /// The payload as one JSON object's text (what the decoder reads, for a person).
    pub fn payload_text(&self) -> String {
        let mut out = String::from("{");
        for (i, (name, raw)) in self.fields.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_str(&mut out, name);
            out.push(':');
            out.push_str(raw);
        }
        out.push('}');
        out
    }
}

/// What a frame does under its route.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan<'t> {
    /// The effects, in order (the route's own, then its `also`).
    pub steps: Vec<Step<'t>>,
    /// Whether `done` said the message completes.
    pub completes: bool,
    /// The message a completion is for.
    pub target: Option<Cow<'t, str>>,
}

impl Route {
    /// Plans what the frame whose payload is `payload` (JSON text) does, given the
    /// envelope's message id and `ref`; an error names the first field that does not fit.
    pub fn plan<'t>(
        &'t self,
        payload: &'t str,
        message_id: Option<&'t str>,
        reference: Option<&'t str>,
    ) -> Result<Plan<'t>, RouteError> {
        let mut n = 0u64;
        let mut mint = |prefix: &str| {
            n += 1;
            format!("{prefix}-{n}")
        };
        self.plan_minting(Payload::text(payload), message_id, reference, &mut mint)
    }

    /// [`Route::plan`], with `mint` making the fresh ids a `{"generated": …}` asks for.
    pub fn plan_minting<'t>(
        &'t self,
        payload: Payload<'t>,
        message_id: Option<&'t str>,
        reference: Option<&'t str>,
        mint: &mut dyn FnMut(&str) -> String,
    ) -> Result<Plan<'t>, RouteError> {
        let mut plan = Plan {
            steps: Vec::with_capacity(1 + self.also.len()),
            target: message_id.map(Cow::Borrowed),
            ..Plan::default()
        };
        let routes = std::iter::once((self, false)).chain(self.also.iter().map(|r| (r, true)));
        for (route, is_also) in routes {
            let Some(fields) = route.assemble(payload, is_also)? else {
                continue;
            };
            let id = route.id(&route.message_id, "messageId", payload, mint)?;
            let id = id.map(Cow::Owned).or_else(|| plan.target.clone());
            let refers = route.id(&route.reference, "ref", payload, mint)?;
            let refers = refers
                .map(Cow::Owned)
                .or_else(|| reference.map(Cow::Borrowed));
            if route.op.is_message_scoped() {
                plan.target.clone_from(&id);
            }
            plan.steps.push(Step {
                op: route.op,
                message_id: id,
                reference: refers,
                fields,
                bind: route.bind,
            });
        }
        plan.completes = self.completes(payload)?;
        Ok(plan)
    }

    /// The op's payload fields from the frame; `None` when the frame does not carry the
    /// effect.
    #[allow(clippy::type_complexity)]
    fn assemble<'t>(
        &'t self,
        payload: Payload<'t>,
        is_also: bool,
    ) -> Result<Option<Vec<(&'t str, Cow<'t, str>)>>, RouteError> {
        let mut out: Vec<(&'t str, Cow<'t, str>)> = Vec::with_capacity(self.fields.len());
        let mut absent: Option<&Mapping> = None;
        let (mut paths, mut found_by_path) = (0, 0);
        for m in &self.fields {
            let by_path = !matches!(m.param, Param::Constant(_));
            paths += usize::from(by_path);
            match m.param.lookup_in(payload) {
                Lookup::Found(raw) => {
                    found_by_path += usize::from(by_path);
                    out.push((&m.field, raw));
                }
                Lookup::Absent if m.optional => {}
                Lookup::Absent => {
                    absent.get_or_insert(m);
                }
                Lookup::NotObject { parent, found } => {
                    let problem = Problem::NotObject { parent, found };
                    return Err(self.error(&m.field, &m.param, problem));
                }
            }
        }
        if is_also && paths > 0 && found_by_path == 0 {
            return Ok(None);
        }
        if let Some(m) = absent {
            return Err(self.error(&m.field, &m.param, Problem::Absent));
        }
        if self
            .op
            .lacks_needed(|name| out.iter().any(|(k, _)| *k == name))
        {
            return Ok(None);
        }
        Ok(Some(out))
    }

    /// An override's id, if it found one.
    fn id(
        &self,
        param: &Option<Param>,
        field: &str,
        payload: Payload<'_>,
        mint: &mut dyn FnMut(&str) -> String,
    ) -> Result<Option<String>, RouteError> {
        let Some(param) = param else {
            return Ok(None);
        };
        // A generated id is the last resort of a list, or the whole param.
        let generated = match param {
            Param::Generated(prefix) => Some(prefix),
            Param::Any(params) => params.iter().find_map(|p| match p {
                Param::Generated(prefix) => Some(prefix),
                _ => None,
            }),
            _ => None,
        };
        match param.lookup_in(payload) {
            Lookup::Absent => Ok(generated.map(|prefix| mint(prefix))),
            Lookup::Found(raw) => {
                let mut r = Reader::new(&raw);
                match (r.id(), r.finish()) {
                    (Ok(id), Ok(())) => Ok(Some(id.into_owned())),
                    _ => Err(self.error(field, param, Problem::NotAnId)),
                }
            }
            Lookup::NotObject { parent, found } => {
                let problem = Problem::NotObject { parent, found };
                Err(self.error(field, param, problem))
            }
        }
    }

    /// Whether the frame's `done` field is `true`.
    fn completes(&self, payload: Payload<'_>) -> Result<bool, RouteError> {
        let Some(done) = &self.done else {
            return Ok(false);
        };
        match done.lookup_in(payload) {
            Lookup::Found(raw) => Ok(raw == "true"),
            Lookup::Absent => Ok(false),
            Lookup::NotObject { parent, found } => {
                let problem = Problem::NotObject { parent, found };
                Err(self.error("done", done, problem))
            }
        }
    }

    /// A step's decode error (`` `text`: expected a string at byte 8 ``), for a person,
    /// naming the route `name`: the field's path in the frame instead of a byte offset
    /// into the payload the route assembled, which the user never sees.
    pub fn explain(&self, name: &str, op: Op, error: &str) -> String {
        let bare = error
            .rsplit_once(" at byte ")
            .map_or(error, |(head, _)| head);
        let field = bare
            .strip_prefix('`')
            .and_then(|rest| rest.split_once("`: "));
        let path = field.and_then(|(field, _)| {
            let routes = std::iter::once(self).chain(self.also.iter());
            let mut mappings = routes.filter(|r| r.op == op).flat_map(|r| r.fields.iter());
            mappings
                .find(|m| m.field == field)
                .map(|m| (field, m.param.describe()))
        });
        match (path, field) {
            (Some((field, path)), Some((_, what))) => format!(
                "route `{name}` ({}): field `{field}` at path `{path}`: {what}; not applied",
                op.name()
            ),
            _ => format!("route `{name}` ({}): {bare}; not applied", op.name()),
        }
    }

    fn error(&self, field: &str, param: &Param, problem: Problem) -> RouteError {
        RouteError {
            op: self.op,
            field: field.to_owned(),
            path: param.describe(),
            problem,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Dispatch, RouteTable};
    use super::*;
    use crate::json::{jv as json, to_string, Map, Value};
    use std::rc::Rc;

    /// A JSON literal as the text a payload arrives as.
    macro_rules! text {
        ($($t:tt)+) => {
            // Leaked: a plan borrows its payload, and a test's payload lives for the test.
            &*Box::leak(to_string(&json!($($t)+)).into_boxed_str())
        };
    }

    fn route(spec: Value) -> Rc<Route> {
        let mut table = Map::new();
        table.insert("r".into(), spec);
        let t = RouteTable::from_json(&Value::Object(table)).unwrap();
        let Dispatch::Route(r) = t.resolve("r") else {
            panic!("not routed")
        };
        r
    }

    /// Each step's op and payload, as `op payload-json`.
    fn payloads(plan: &Plan) -> Vec<String> {
        plan.steps
            .iter()
            .map(|s| format!("{} {}", s.op.name(), s.payload_text()))
            .collect()
    }

    #[test]
    fn paths_reach_into_objects_and_arrays() {
        let p = Param::Path(vec!["delta".into(), "items".into(), "1".into()]);
        let v = text!({"delta": {"items": ["a", "b"]}});
        assert_eq!(p.lookup(v), Lookup::Found(Cow::Borrowed("\"b\"")));
        assert_eq!(Param::Path(vec!["nope".into()]).lookup(v), Lookup::Absent);
        let past = Param::Path(vec!["delta".into(), "items".into(), "9".into()]);
        assert_eq!(past.lookup(v), Lookup::Absent);
    }

    #[test]
    fn a_path_through_a_non_object_says_where_and_what() {
        let p = Param::Path(vec!["delta".into(), "content".into()]);
        let not = |parent: &str, found| Lookup::NotObject {
            parent: parent.into(),
            found,
        };
        assert_eq!(p.lookup(text!({"delta": "x"})), not("delta", "a string"));
        assert_eq!(p.lookup(text!({"delta": [1]})), not("delta", "an array"));
        assert_eq!(p.lookup(text!(7)), not("", "a number"));
        assert_eq!(p.lookup(text!({"delta": null})), Lookup::Absent);
        assert_eq!(
            p.lookup(text!({"delta": {"content": null}})),
            Lookup::Absent
        );
    }

    #[test]
    fn a_mapped_field_the_frame_lacks_is_an_error_naming_field_and_path() {
        let r = route(json!({"op": "content.delta", "text": "delta.content"}));
        let e = r
            .plan(text!({"delta": {"text": "hi"}}), Some("m"), None)
            .unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.path.as_str()),
            ("text", "delta.content")
        );
        assert_eq!(e.problem, Problem::Absent);
        assert_eq!(
            e.message("Update"),
            "route `Update` (content.delta): field `text` at path `delta.content` is absent; \
             not applied (a field the frame may lack is written \"<field>?\")"
        );
        let e = r.plan(text!({"delta": "hi"}), Some("m"), None).unwrap_err();
        assert!(
            e.message("Update")
                .contains("`delta` is a string, not an object"),
            "{e:?}"
        );
    }

    #[test]
    fn an_optional_field_the_op_needs_skips_the_effect_when_absent() {
        let r = route(json!({"op": "content.delta", "text?": "delta.content"}));
        let plan = r.plan(text!({"delta": {}}), Some("m"), None).unwrap();
        assert!(plan.steps.is_empty());
        let plan = r
            .plan(text!({"delta": {"content": "x"}}), Some("m"), None)
            .unwrap();
        assert_eq!(payloads(&plan), [r#"content.delta {"text":"x"}"#]);
        // Optional is about presence, not shape.
        assert!(r.plan(text!({"delta": 3}), Some("m"), None).is_err());
    }

    #[test]
    fn an_optional_field_the_op_can_do_without_is_left_out() {
        let r = route(json!({"op": "message.start", "role?": "role", "meta?": "meta"}));
        let plan = r.plan(text!({}), Some("m"), None).unwrap();
        assert_eq!(payloads(&plan), [r#"message.start {}"#]);
    }

    #[test]
    fn also_effects_the_frame_does_not_carry_are_skipped_silently() {
        let r = route(json!({"op": "content.delta", "text?": "delta.content",
                             "also": [{"op": "reasoning.delta", "text": "delta.reasoning"}]}));
        let only_reasoning = text!({"delta": {"reasoning": "hmm"}});
        let plan = r.plan(only_reasoning, Some("m"), None).unwrap();
        assert_eq!(payloads(&plan), [r#"reasoning.delta {"text":"hmm"}"#]);
        let both = text!({"delta": {"content": "a", "reasoning": "b"}});
        assert_eq!(r.plan(both, Some("m"), None).unwrap().steps.len(), 2);
        let none = text!({"delta": {"reasoning": null}});
        assert!(r.plan(none, Some("m"), None).unwrap().steps.is_empty());
    }

    #[test]
    fn an_also_effect_found_in_part_is_held_to_its_fields() {
        let r = route(json!({"op": "message.start",
                             "also": [{"op": "tool.delta", "toolCallId": "tc.id", "argsText": "tc.args"}]}));
        let e = r
            .plan(text!({"tc": {"id": "t1"}}), Some("m"), None)
            .unwrap_err();
        assert_eq!((e.op, e.field.as_str()), (Op::ToolDelta, "argsText"));
        assert_eq!(r.plan(text!({}), Some("m"), None).unwrap().steps.len(), 1);
    }

    #[test]
    fn overrides_done_and_constants() {
        let r = route(
            json!({"op": "content.set", "text": "content", "done": "isComplete",
                             "messageId": "mid"}),
        );
        let plan = r
            .plan(
                text!({"content": "a", "isComplete": true, "mid": 7}),
                Some("env"),
                None,
            )
            .unwrap();
        assert!(plan.completes);
        assert_eq!(plan.target.as_deref(), Some("7"));
        let plan = r.plan(text!({"content": "a"}), Some("env"), None).unwrap();
        assert!(!plan.completes);
        assert_eq!(plan.target.as_deref(), Some("env"));
        let e = r
            .plan(text!({"content": "a", "mid": {"x": 1}}), Some("env"), None)
            .unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.problem),
            ("messageId", Problem::NotAnId)
        );
        let c = route(json!({"op": "message.start", "role": {"value": "user"}}));
        let plan = c.plan(text!({}), Some("m"), None).unwrap();
        assert_eq!(payloads(&plan), [r#"message.start {"role":"user"}"#]);
    }

    #[test]
    fn a_decode_error_names_the_fields_path_not_a_byte_offset() {
        let r = route(json!({"op": "message.start",
                             "also": [{"op": "content.delta", "text": "delta.content"}]}));
        assert_eq!(
            r.explain("U", Op::ContentDelta, "`text`: expected a string at byte 8"),
            "route `U` (content.delta): field `text` at path `delta.content`: expected a string; not applied"
        );
        assert_eq!(
            r.explain("U", Op::MessageStart, "expected an object at byte 0"),
            "route `U` (message.start): expected an object; not applied"
        );
    }

    #[test]
    fn a_ref_override_falls_back_to_the_envelopes() {
        let r =
            route(json!({"op": "ack", "ref": "messageId", "status": "status", "error?": "error"}));
        let plan = r
            .plan(
                text!({"messageId": "c1", "status": "received"}),
                None,
                Some("env"),
            )
            .unwrap();
        assert_eq!(plan.steps.first().unwrap().reference.as_deref(), Some("c1"));
        let plan = r
            .plan(text!({"status": "received"}), None, Some("env"))
            .unwrap();
        assert_eq!(
            plan.steps.first().unwrap().reference.as_deref(),
            Some("env")
        );
    }
}
