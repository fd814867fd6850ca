//! The schema and the client core describe the same actions: every action the core knows
//! (`wirestore::effect::Op`, the table its decoder reads) is a schema envelope and the other
//! way round, a field the core requires is required by the schema, every field the schema
//! names is one the core reads, and an action needs `messageId` exactly when the core scopes it
//! to a message. So adding an action or a field to either side fails CI until both say it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;

use serde_json::Value;
use wirestore::effect::{Need, Op};
use wirestore_schema::document;

/// Fields the schema has and the core does not read, each with the reason.
const SCHEMA_ONLY: &[(&str, &str)] = &[
    // The client derives a message's parts from the frames; a snapshot's are ignored.
    ("message.snapshot", "parts"),
];

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(path) => {
            let name = path.trim_start_matches("#/$defs/");
            &doc["$defs"][name]
        }
        None => schema,
    }
}

fn names(value: &Value) -> BTreeSet<String> {
    match value {
        Value::Object(map) => map.keys().cloned().collect(),
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => BTreeSet::new(),
    }
}

#[test]
fn the_schema_and_the_client_know_the_same_actions_and_fields() {
    let doc = document();
    let variants = doc["$defs"]["ServerEnvelope"]["oneOf"].as_array().unwrap();
    let mut in_schema = BTreeSet::new();
    for variant in variants {
        let action = variant["properties"]["action_type"]["const"]
            .as_str()
            .unwrap()
            .to_owned();
        let op = Op::from_name(&action)
            .unwrap_or_else(|| panic!("the schema has `{action}`, the client core does not"));
        let required = names(&variant["required"]);
        assert_eq!(
            required.contains("messageId"),
            op.is_message_scoped(),
            "`{action}`: the schema and the core disagree on whether it needs a messageId"
        );
        let payload = resolve(&doc, &variant["properties"]["payload"]);
        let props = names(&payload["properties"]);
        let payload_required = names(&payload["required"]);
        for field in op.fields() {
            if field.need == Need::Required {
                assert!(
                    payload_required.contains(field.name),
                    "`{action}`: the core requires `{}`, the schema does not",
                    field.name
                );
            }
        }
        for prop in &props {
            let exempt = SCHEMA_ONLY.contains(&(action.as_str(), prop.as_str()));
            assert!(
                exempt || op.field(prop).is_some(),
                "`{action}`: the schema names `{prop}`, the core does not read it"
            );
        }
        in_schema.insert(action);
    }
    assert_eq!(
        in_schema.len(),
        variants.len(),
        "one envelope per action in the schema"
    );
    for name in Op::names().filter(|n| *n != "ignore") {
        assert!(
            in_schema.contains(name),
            "the client core knows `{name}` (src/effect/op.rs), the schema does not (schema/src/server.rs)"
        );
    }
}
