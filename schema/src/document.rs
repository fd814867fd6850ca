//! The schema document: every wire type under `$defs`, and the two frame roots
//! (`ServerFrame`, `ClientFrame`), as JSON Schema draft 2020-12.
//!
//! A backend in another language validates a frame it sends against
//! `{"$ref": "<file>#/$defs/ServerFrame"}`; the document's root accepts a frame of either
//! direction.

use schemars::generate::SchemaSettings;
use serde_json::{json, Value};

use crate::client::ClientFrame;
use crate::server::ServerFrame;

/// The document's `$id`.
pub const SCHEMA_ID: &str = "https://wirestore.dev/schema/protocol-v1.json";

/// The JSON Schema of protocol v1.
pub fn document() -> Value {
    let mut generator = SchemaSettings::draft2020_12().into_generator();
    let server = generator.subschema_for::<ServerFrame>();
    let client = generator.subschema_for::<ClientFrame>();
    let defs: serde_json::Map<String, Value> =
        generator.take_definitions(true).into_iter().collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "wirestore protocol v1",
        "description": "The frames of wirestore wire protocol v1 (PROTOCOL.md). A WebSocket message is one envelope or an array of envelopes, as UTF-8 JSON in a text or binary frame. Generated from the Rust types of the wirestore-schema crate: do not edit.",
        "anyOf": [server.to_value(), client.to_value()],
        "$defs": defs,
    })
}
