//! JSON Patch (RFC 6902, <https://www.rfc-editor.org/rfc/rfc6902>) with JSON Pointer paths
//! (RFC 6901, <https://www.rfc-editor.org/rfc/rfc6901>): AG-UI's `STATE_DELTA` and
//! `ACTIVITY_DELTA` carry their changes as such operation arrays.
//!
//! All six operations (`add`, `remove`, `replace`, `move`, `copy`, `test`); `-` appends to
//! an array; `~1` is `/` and `~0` is `~` in a pointer. A patch is atomic (section 5): when an
//! operation fails, a `test` included, the ones before it are undone, so the target is left
//! exactly as it was and the caller reports one error. Undoing replays a log of what each
//! operation replaced, so a patch costs time in its own size, not in the document's (no
//! copy of the document is taken up front).

use crate::json::{Map, Value};

/// One step down a resolved path: an object member or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

/// What to do to put the target back as it was before one change.
#[derive(Debug)]
enum Undo {
    /// The whole document was replaced.
    Root(Value),
    /// A member was added at `index` of the object at `at`: remove it.
    Unadd { at: Vec<Step>, index: usize },
    /// The member at `index` was overwritten: put `old` back.
    Unset {
        at: Vec<Step>,
        index: usize,
        old: Value,
    },
    /// The member `key` at `index` was removed: insert it again.
    Unremove {
        at: Vec<Step>,
        index: usize,
        key: String,
        value: Value,
    },
    /// An item was inserted at `index` of the array at `at`: remove it.
    Uninsert { at: Vec<Step>, index: usize },
    /// The item at `index` was replaced: put `old` back.
    Unreplace {
        at: Vec<Step>,
        index: usize,
        old: Value,
    },
    /// The item at `index` was removed: insert it again.
    Unsplice {
        at: Vec<Step>,
        index: usize,
        value: Value,
    },
}

/// Applies `patch` (an array of operations) to `target`, all or nothing. Answers whether
/// `target` changed, or why the patch was not applied (naming the operation), with
/// `target` untouched.
pub fn apply(target: &mut Value, patch: &Value) -> Result<bool, String> {
    let Value::Array(ops) = patch else {
        return Err("a JSON Patch must be an array of operations".into());
    };
    let mut log = Vec::new();
    let mut changed = false;
    for (n, op) in ops.iter().enumerate() {
        match apply_op(target, op, &mut log) {
            Ok(moved) => changed |= moved,
            Err(why) => {
                while let Some(undo) = log.pop() {
                    revert(target, undo);
                }
                let name = op.get("op").and_then(Value::as_str).unwrap_or("?");
                let path = op.get("path").and_then(Value::as_str).unwrap_or("");
                return Err(format!(
                    "JSON Patch operation {n} (`{name}` {path:?}): {why}; patch not applied"
                ));
            }
        }
    }
    Ok(changed)
}

fn apply_op(target: &mut Value, op: &Value, log: &mut Vec<Undo>) -> Result<bool, String> {
    let Value::Object(fields) = op else {
        return Err("an operation must be an object".into());
    };
    let name = fields
        .get("op")
        .and_then(Value::as_str)
        .ok_or("missing `op`")?;
    let path = pointer(fields, "path")?;
    let value = || fields.get("value").cloned().ok_or("missing `value`");
    match name {
        "add" => add(target, &path, value()?, log).map(|()| true),
        "remove" => remove(target, &path, log).map(|_| true),
        "replace" => replace(target, &path, value()?, log).map(|()| true),
        "move" => {
            let from = pointer(fields, "from")?;
            if from == path {
                return Ok(false);
            }
            if path.len() > from.len() && path.starts_with(&from) {
                return Err("cannot move a value into itself".into());
            }
            let moved = remove(target, &from, log)?;
            add(target, &path, moved, log).map(|()| true)
        }
        "copy" => {
            let from = pointer(fields, "from")?;
            let copied = get(target, &from).ok_or("`from` does not exist")?.clone();
            add(target, &path, copied, log).map(|()| true)
        }
        "test" => {
            let found = get(target, &path).ok_or("the path does not exist")?;
            if !same(found, &value()?) {
                return Err("the value differs".into());
            }
            Ok(false)
        }
        _ => Err(format!("unknown op `{name}`")),
    }
}

/// The member `field` of an operation, parsed as a JSON Pointer into its reference tokens.
fn pointer(fields: &Map, field: &str) -> Result<Vec<String>, String> {
    let text = fields
        .get(field)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("missing `{field}`"))?;
    if text.is_empty() {
        return Ok(Vec::new());
    }
    let rest = text
        .strip_prefix('/')
        .ok_or_else(|| format!("`{field}` must be empty or start with `/`"))?;
    let tokens: Vec<String> = rest
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect();
    if tokens.iter().any(|t| t == crate::effect::FORBIDDEN_KEY) {
        return Err(format!("`{field}`: `__proto__` keys are not accepted"));
    }
    Ok(tokens)
}

/// An array index token: digits without a leading zero (RFC 6901, section 4).
fn index(token: &str) -> Option<usize> {
    if token.is_empty() || (token.len() > 1 && token.starts_with('0')) {
        return None;
    }
    if !token.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    token.parse().ok()
}

fn get<'v>(root: &'v Value, tokens: &[String]) -> Option<&'v Value> {
    tokens.iter().try_fold(root, |v, t| match v {
        Value::Object(map) => map.get(t),
        Value::Array(items) => items.get(index(t)?),
        _ => None,
    })
}

/// The container the last token is in, with the steps taken to reach it.
fn parent<'v>(
    root: &'v mut Value,
    tokens: &[String],
) -> Result<(&'v mut Value, Vec<Step>), String> {
    let mut node = root;
    let mut steps = Vec::new();
    for t in tokens.iter().take(tokens.len().saturating_sub(1)) {
        node = match node {
            Value::Object(map) => {
                let i = map.index_of(t).ok_or("a parent does not exist")?;
                steps.push(Step::Key(t.clone()));
                map.value_at_mut(i).ok_or("a parent does not exist")?
            }
            Value::Array(items) => {
                let i = index(t).ok_or("a parent index is not a number")?;
                steps.push(Step::Index(i));
                items.get_mut(i).ok_or("a parent index is out of range")?
            }
            _ => return Err("a parent is not an object or array".into()),
        };
    }
    Ok((node, steps))
}

fn add(
    root: &mut Value,
    tokens: &[String],
    value: Value,
    log: &mut Vec<Undo>,
) -> Result<(), String> {
    let Some(last) = tokens.last() else {
        log.push(Undo::Root(std::mem::replace(root, value)));
        return Ok(());
    };
    let (container, at) = parent(root, tokens)?;
    match container {
        Value::Object(map) => match map.index_of(last) {
            Some(index) => {
                let slot = map.value_at_mut(index).ok_or("the member vanished")?;
                let old = std::mem::replace(slot, value);
                log.push(Undo::Unset { at, index, old });
            }
            None => {
                let index = map.len();
                map.insert_at(index, last.clone(), value);
                log.push(Undo::Unadd { at, index });
            }
        },
        Value::Array(items) => {
            let index = if last == "-" {
                items.len()
            } else {
                index(last).ok_or("the index is not a number or `-`")?
            };
            if index > items.len() {
                return Err("the index is out of range".into());
            }
            items.insert(index, value);
            log.push(Undo::Uninsert { at, index });
        }
        _ => return Err("the parent is not an object or array".into()),
    }
    Ok(())
}

/// Replaces an existing value in place (an object member keeps its position).
fn replace(
    root: &mut Value,
    tokens: &[String],
    value: Value,
    log: &mut Vec<Undo>,
) -> Result<(), String> {
    let Some(last) = tokens.last() else {
        log.push(Undo::Root(std::mem::replace(root, value)));
        return Ok(());
    };
    let (container, at) = parent(root, tokens)?;
    match container {
        Value::Object(map) => {
            let index = map.index_of(last).ok_or("the path does not exist")?;
            let slot = map.value_at_mut(index).ok_or("the path does not exist")?;
            let old = std::mem::replace(slot, value);
            log.push(Undo::Unset { at, index, old });
        }
        Value::Array(items) => {
            let index = index(last).ok_or("the index is out of range")?;
            let slot = items.get_mut(index).ok_or("the index is out of range")?;
            let old = std::mem::replace(slot, value);
            log.push(Undo::Unreplace { at, index, old });
        }
        _ => return Err("the parent is not an object or array".into()),
    }
    Ok(())
}

fn remove(root: &mut Value, tokens: &[String], log: &mut Vec<Undo>) -> Result<Value, String> {
    let Some(last) = tokens.last() else {
        let old = std::mem::take(root);
        log.push(Undo::Root(old.clone()));
        return Ok(old);
    };
    let (container, at) = parent(root, tokens)?;
    match container {
        Value::Object(map) => {
            let index = map.index_of(last).ok_or("the path does not exist")?;
            let (key, value) = map.remove_at(index).ok_or("the path does not exist")?;
            log.push(Undo::Unremove {
                at,
                index,
                key,
                value: value.clone(),
            });
            Ok(value)
        }
        Value::Array(items) => {
            let index = index(last)
                .filter(|i| *i < items.len())
                .ok_or("the index is out of range")?;
            let value = items.remove(index);
            log.push(Undo::Unsplice {
                at,
                index,
                value: value.clone(),
            });
            Ok(value)
        }
        _ => Err("the parent is not an object or array".into()),
    }
}

/// Puts back what one logged change replaced. Each entry was logged right after its change,
/// and entries are undone newest first, so every path still leads where it did.
fn revert(root: &mut Value, undo: Undo) {
    let at = match &undo {
        Undo::Root(_) => None,
        Undo::Unadd { at, .. }
        | Undo::Unset { at, .. }
        | Undo::Unremove { at, .. }
        | Undo::Uninsert { at, .. }
        | Undo::Unreplace { at, .. }
        | Undo::Unsplice { at, .. } => Some(at.clone()),
    };
    let Some(at) = at else {
        if let Undo::Root(old) = undo {
            *root = old;
        }
        return;
    };
    let Some(node) = walk(root, &at) else {
        return;
    };
    match (node, undo) {
        (Value::Object(map), Undo::Unadd { index, .. }) => {
            map.remove_at(index);
        }
        (Value::Object(map), Undo::Unset { index, old, .. }) => {
            if let Some(slot) = map.value_at_mut(index) {
                *slot = old;
            }
        }
        (
            Value::Object(map),
            Undo::Unremove {
                index, key, value, ..
            },
        ) => map.insert_at(index, key, value),
        (Value::Array(items), Undo::Uninsert { index, .. }) if index < items.len() => {
            items.remove(index);
        }
        (Value::Array(items), Undo::Unreplace { index, old, .. }) => {
            if let Some(slot) = items.get_mut(index) {
                *slot = old;
            }
        }
        (Value::Array(items), Undo::Unsplice { index, value, .. }) => {
            items.insert(index.min(items.len()), value);
        }
        _ => {}
    }
}

fn walk<'v>(root: &'v mut Value, steps: &[Step]) -> Option<&'v mut Value> {
    steps
        .iter()
        .try_fold(root, |node, step| match (node, step) {
            (Value::Object(map), Step::Key(k)) => {
                let i = map.index_of(k)?;
                map.value_at_mut(i)
            }
            (Value::Array(items), Step::Index(i)) => items.get_mut(*i),
            _ => None,
        })
}

/// JSON equality for `test`: numbers by value (`1` equals `1.0`), objects in any order.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            x.as_str() == y.as_str() || (x.as_f64().is_some() && x.as_f64() == y.as_f64())
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::jv as json;

    // RFC 6902, appendix A: each example's document, patch and result (or failure).
    #[test]
    fn rfc_6902_appendix_a() {
        let ok = [
            // A.1 adding an object member
            (
                json!({"foo": "bar"}),
                json!([{"op": "add", "path": "/baz", "value": "qux"}]),
                json!({"baz": "qux", "foo": "bar"}),
            ),
            // A.2 adding an array element
            (
                json!({"foo": ["bar", "baz"]}),
                json!([{"op": "add", "path": "/foo/1", "value": "qux"}]),
                json!({"foo": ["bar", "qux", "baz"]}),
            ),
            // A.3 removing an object member
            (
                json!({"baz": "qux", "foo": "bar"}),
                json!([{"op": "remove", "path": "/baz"}]),
                json!({"foo": "bar"}),
            ),
            // A.4 removing an array element
            (
                json!({"foo": ["bar", "qux", "baz"]}),
                json!([{"op": "remove", "path": "/foo/1"}]),
                json!({"foo": ["bar", "baz"]}),
            ),
            // A.5 replacing a value
            (
                json!({"baz": "qux", "foo": "bar"}),
                json!([{"op": "replace", "path": "/baz", "value": "boo"}]),
                json!({"baz": "boo", "foo": "bar"}),
            ),
            // A.6 moving a value
            (
                json!({"foo": {"bar": "baz", "waldo": "fred"}, "qux": {"corge": "grault"}}),
                json!([{"op": "move", "from": "/foo/waldo", "path": "/qux/thud"}]),
                json!({"foo": {"bar": "baz"}, "qux": {"corge": "grault", "thud": "fred"}}),
            ),
            // A.7 moving an array element
            (
                json!({"foo": ["all", "grass", "cows", "eat"]}),
                json!([{"op": "move", "from": "/foo/1", "path": "/foo/3"}]),
                json!({"foo": ["all", "cows", "eat", "grass"]}),
            ),
            // A.8 testing a value: success
            (
                json!({"baz": "qux", "foo": ["a", 2, "c"]}),
                json!([{"op": "test", "path": "/baz", "value": "qux"},
                       {"op": "test", "path": "/foo/1", "value": 2}]),
                json!({"baz": "qux", "foo": ["a", 2, "c"]}),
            ),
            // A.10 adding a nested member object
            (
                json!({"foo": "bar"}),
                json!([{"op": "add", "path": "/child", "value": {"grandchild": {}}}]),
                json!({"foo": "bar", "child": {"grandchild": {}}}),
            ),
            // A.11 ignoring unrecognized elements
            (
                json!({"foo": "bar"}),
                json!([{"op": "add", "path": "/baz", "value": "qux", "xyz": 123}]),
                json!({"foo": "bar", "baz": "qux"}),
            ),
            // A.14 ~ escape ordering
            (
                json!({"/": 9, "~1": 10}),
                json!([{"op": "test", "path": "/~01", "value": 10}]),
                json!({"/": 9, "~1": 10}),
            ),
            // A.16 adding an array value
            (
                json!({"foo": ["bar"]}),
                json!([{"op": "add", "path": "/foo/-", "value": ["abc", "def"]}]),
                json!({"foo": ["bar", ["abc", "def"]]}),
            ),
        ];
        for (mut doc, patch, want) in ok {
            assert!(apply(&mut doc, &patch).is_ok(), "{patch:?}");
            assert_eq!(doc, want, "{patch:?}");
        }
        let failing = [
            // A.9 testing a value: error
            (
                json!({"baz": "qux"}),
                json!([{"op": "test", "path": "/baz", "value": "bar"}]),
            ),
            // A.12 adding to a nonexistent target
            (
                json!({"foo": "bar"}),
                json!([{"op": "add", "path": "/baz/bat", "value": "qux"}]),
            ),
            // A.15 comparing strings and numbers
            (
                json!({"/": 9, "~1": 10}),
                json!([{"op": "test", "path": "/~01", "value": "10"}]),
            ),
        ];
        for (mut doc, patch) in failing {
            let before = doc.clone();
            assert!(apply(&mut doc, &patch).is_err(), "{patch:?}");
            assert_eq!(doc, before);
        }
    }

    #[test]
    fn a_failing_operation_undoes_every_one_before_it_exactly() {
        let mut doc = json!({"a": {"x": 1, "y": [1, 2, 3]}, "b": "keep", "list": ["p", "q"]});
        let before = crate::json::to_string(&doc);
        let patch = json!([
            {"op": "add", "path": "/a/z", "value": 3},
            {"op": "replace", "path": "/b", "value": "changed"},
            {"op": "remove", "path": "/a/x"},
            {"op": "move", "from": "/list/0", "path": "/list/-"},
            {"op": "copy", "from": "/a/y", "path": "/c"},
            {"op": "replace", "path": "/a/y/0", "value": 9},
            {"op": "add", "path": "/a/y/1", "value": 8},
            {"op": "remove", "path": "/a/y/2"},
            {"op": "add", "path": "", "value": {"whole": true}},
            {"op": "add", "path": "/whole2", "value": 1},
            {"op": "remove", "path": "/whole"},
            {"op": "test", "path": "/whole2", "value": 2}
        ]);
        let err = apply(&mut doc, &patch).unwrap_err();
        assert!(
            err.starts_with("JSON Patch operation 11 (`test` \"/whole2\")"),
            "{err}"
        );
        assert!(err.ends_with("patch not applied"), "{err}");
        // Byte for byte, member order included.
        assert_eq!(crate::json::to_string(&doc), before);
    }

    #[test]
    fn pointers_follow_rfc_6901() {
        let mut doc = json!({"a/b": {"m~n": [0]}, "": 1});
        apply(
            &mut doc,
            &json!([{"op": "add", "path": "/a~1b/m~0n/-", "value": 1},
                    {"op": "replace", "path": "/", "value": 2}]),
        )
        .unwrap();
        assert_eq!(doc, json!({"a/b": {"m~n": [0, 1]}, "": 2}));
        for bad in ["/a~1b/m~0n/01", "/a~1b/m~0n/x", "/a~1b/m~0n/-", "nope"] {
            let mut d = doc.clone();
            assert!(
                apply(&mut d, &json!([{"op": "remove", "path": bad}])).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_whole_document_can_be_replaced_and_tested() {
        let mut doc = json!({"old": true});
        apply(
            &mut doc,
            &json!([{"op": "replace", "path": "", "value": [1]},
                    {"op": "test", "path": "", "value": [1.0]}]),
        )
        .unwrap();
        assert_eq!(doc, json!([1]));
    }

    #[test]
    fn bad_patches_say_what_is_wrong() {
        for (patch, needle) in [
            (json!({"op": "add"}), "must be an array"),
            (json!([5]), "must be an object"),
            (json!([{"path": "/a"}]), "missing `op`"),
            (json!([{"op": "add", "path": "/a"}]), "missing `value`"),
            (json!([{"op": "nope", "path": "/a"}]), "unknown op `nope`"),
            (
                json!([{"op": "copy", "path": "/a", "from": "/zz"}]),
                "`from` does not exist",
            ),
            (
                json!([{"op": "move", "path": "/a/b", "from": "/a"}]),
                "into itself",
            ),
            (
                json!([{"op": "add", "path": "/a/9", "value": 1}]),
                "out of range",
            ),
        ] {
            let mut doc = json!({"a": [1]});
            let err = apply(&mut doc, &patch).unwrap_err();
            assert!(err.contains(needle), "{err}");
            assert_eq!(doc, json!({"a": [1]}));
        }
    }

    #[test]
    fn only_tests_change_nothing() {
        let mut doc = json!({"a": 1});
        assert_eq!(
            apply(&mut doc, &json!([{"op": "test", "path": "/a", "value": 1}])),
            Ok(false)
        );
        assert_eq!(
            apply(&mut doc, &json!([{"op": "add", "path": "/b", "value": 2}])),
            Ok(true)
        );
    }
}
