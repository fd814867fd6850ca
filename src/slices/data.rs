//! Data parts (AI SDK `data-<name>`): a custom slice per kind holding `[{id?, data}]`. A part
//! with an id replaces the earlier part with that id in place (a progress indicator that
//! updates); one without an id is appended. Transient parts never get here: the store hands
//! them to `store.on` listeners as events and keeps nothing.

use std::collections::BTreeMap;

use crate::json::{Map, Value};
use crate::message::Changed;

/// Puts a data part into the custom slice `slice`.
pub fn put(
    custom: &mut BTreeMap<String, Value>,
    slice: String,
    id: Option<String>,
    data: Value,
) -> Changed {
    let list = custom
        .entry(slice.clone())
        .or_insert_with(|| Value::Array(Vec::new()));
    if !matches!(list, Value::Array(_)) {
        *list = Value::Array(Vec::new());
    }
    let Value::Array(items) = list else {
        return Changed::default();
    };
    let mut part = Map::new();
    if let Some(id) = &id {
        part.insert("id".into(), Value::String(id.clone()));
    }
    part.insert("data".into(), data);
    let part = Value::Object(part);
    let same_id = |item: &Value| {
        id.as_deref()
            .is_some_and(|id| item.get("id").and_then(Value::as_str) == Some(id))
    };
    match items.iter_mut().find(|item| same_id(item)) {
        Some(slot) if *slot == part => return Changed::default(),
        Some(slot) => *slot = part,
        None => items.push(part),
    }
    Changed::of_custom(slice)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::jv as json;

    #[test]
    fn a_part_with_an_id_replaces_in_place_and_one_without_is_appended() {
        let mut custom = BTreeMap::new();
        put(
            &mut custom,
            "data-w".into(),
            Some("a".into()),
            json!({"s": 1}),
        );
        put(&mut custom, "data-w".into(), None, json!("x"));
        put(
            &mut custom,
            "data-w".into(),
            Some("a".into()),
            json!({"s": 2}),
        );
        assert_eq!(
            custom.get("data-w"),
            Some(&json!([{"id": "a", "data": {"s": 2}}, {"data": "x"}]))
        );
        let again = put(
            &mut custom,
            "data-w".into(),
            Some("a".into()),
            json!({"s": 2}),
        );
        assert!(again.is_empty(), "the same part again changes nothing");
    }
}
