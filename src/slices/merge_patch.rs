//! JSON Merge Patch (RFC 7386, <https://www.rfc-editor.org/rfc/rfc7386>) for custom slices.
//!
//! An object patch merges key by key, `null` deletes a key; any other patch replaces the
//! target. Recursion follows the patch's depth, which the JSON reader already bounds (`json::MAX_DEPTH`).

use crate::json::{Map, Value};

/// Applies `patch` to `target`; answers whether `target` changed.
pub fn apply(target: &mut Value, patch: &Value) -> bool {
    let Value::Object(patch) = patch else {
        if target == patch {
            return false;
        }
        *target = patch.clone();
        return true;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    let mut changed = false;
    if let Value::Object(map) = target {
        for (key, value) in patch {
            if value.is_null() {
                changed |= map.remove(key);
            } else {
                if !map.contains_key(key) {
                    map.insert(key.clone(), Value::Null);
                }
                if let Some(slot) = map.get_mut(key) {
                    let was_new = slot.is_null();
                    changed |= apply(slot, value) || was_new;
                }
            }
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::jv as json;

    // The examples of RFC 7386, appendix A.
    #[test]
    fn rfc_7386_examples() {
        let cases = [
            (json!({"a":"b"}), json!({"a":"c"}), json!({"a":"c"})),
            (json!({"a":"b"}), json!({"b":"c"}), json!({"a":"b","b":"c"})),
            (json!({"a":"b"}), json!({"a":null}), json!({})),
            (
                json!({"a":"b","b":"c"}),
                json!({"a":null}),
                json!({"b":"c"}),
            ),
            (json!({"a":["b"]}), json!({"a":"c"}), json!({"a":"c"})),
            (json!({"a":"c"}), json!({"a":["b"]}), json!({"a":["b"]})),
            (
                json!({"a":{"b":"c"}}),
                json!({"a":{"b":"d","c":null}}),
                json!({"a":{"b":"d"}}),
            ),
            (json!({"a":[{"b":"c"}]}), json!({"a":[1]}), json!({"a":[1]})),
            (json!(["a", "b"]), json!(["c", "d"]), json!(["c", "d"])),
            (json!({"a":"b"}), json!(["c"]), json!(["c"])),
            (json!({"a":"foo"}), json!(null), json!(null)),
            (json!({"a":"foo"}), json!("bar"), json!("bar")),
            (json!({"e":null}), json!({"a":1}), json!({"e":null,"a":1})),
            (json!([1, 2]), json!({"a":"b","c":null}), json!({"a":"b"})),
            (
                json!({}),
                json!({"a":{"bb":{"ccc":null}}}),
                json!({"a":{"bb":{}}}),
            ),
        ];
        for (mut target, patch, want) in cases {
            apply(&mut target, &patch);
            assert_eq!(target, want, "patch {patch:?}");
        }
    }

    #[test]
    fn a_patch_that_changes_nothing_says_so() {
        let mut t = json!({"a": 1});
        assert!(!apply(&mut t, &json!({"a": 1})));
        assert!(!apply(&mut t, &json!({"zz": null})));
        assert!(apply(&mut t, &json!({"b": {}})));
    }
}
