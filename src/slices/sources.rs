//! The `sources` slice: appends, where a source with the same identity replaces the
//! earlier one in place (its position is kept, so a card does not jump).
//!
//! Identity is the source's `id` (string or number), else its `url`; a source with
//! neither is always appended.

use crate::json::Value;

use crate::message::{Changed, Slice};

fn identity(source: &Value) -> Option<(&'static str, &Value)> {
    ["id", "url"]
        .into_iter()
        .find_map(|k| source.get(k).filter(|v| !v.is_null()).map(|v| (k, v)))
}

/// Adds `incoming` sources, replacing any with the same identity.
pub fn add(sources: &mut Vec<Value>, incoming: Vec<Value>) -> Changed {
    let mut changed = false;
    for source in incoming {
        let existing = identity(&source).and_then(|(field, id)| {
            sources
                .iter()
                .position(|s| identity(s) == Some((field, id)))
        });
        match existing.and_then(|i| sources.get_mut(i)) {
            Some(slot) if *slot == source => {}
            Some(slot) => {
                *slot = source;
                changed = true;
            }
            None => {
                sources.push(source);
                changed = true;
            }
        }
    }
    if changed {
        Changed::of(Slice::Sources)
    } else {
        Changed::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::jv as json;

    #[test]
    fn same_id_replaces_in_place() {
        let mut s = vec![json!({"id": "a", "title": "old"}), json!({"id": "b"})];
        add(&mut s, vec![json!({"id": "a", "title": "new"})]);
        assert_eq!(
            s,
            vec![json!({"id": "a", "title": "new"}), json!({"id": "b"})]
        );
    }

    #[test]
    fn url_is_the_identity_without_id() {
        let mut s = vec![json!({"url": "u1", "title": "x"})];
        add(
            &mut s,
            vec![json!({"url": "u1", "title": "y"}), json!({"url": "u2"})],
        );
        assert_eq!(s.len(), 2);
        assert_eq!(s.first(), Some(&json!({"url": "u1", "title": "y"})));
    }

    #[test]
    fn an_identical_source_is_no_change() {
        let mut s = vec![json!({"id": 1})];
        assert!(add(&mut s, vec![json!({"id": 1})]).is_empty());
    }

    #[test]
    fn sources_without_identity_append() {
        let mut s = vec![json!({"title": "t"})];
        add(&mut s, vec![json!({"title": "t"})]);
        assert_eq!(s.len(), 2);
    }
}
