//! The wire types of wirestore protocol v1 as Rust data, and the JSON Schema made from them.
//!
//! This crate is the one source of truth for the shape of every frame: `schema/protocol-v1.json`
//! is generated from these types (`cargo test -p wirestore-schema` rewrites it), and the
//! Python package's pydantic models (`python/src/wirestore/wire.py`) and the TypeScript types
//! (`js/generated/protocol-v1.ts`) are generated from that file. Nothing is kept twice by
//! hand: CI fails when a generated file differs from what its generator writes.
//!
//! The types describe what a v1 server must send (`PROTOCOL.md`, "What a server must do"):
//! `seq` is required on message-scoped frames and acks, and absent on connection-scoped ones.
//! The client is more lenient than this (it accepts frames without `seq`), so a frame that
//! validates here is one every wirestore client applies.
//!
//! ```json
//! {"v":1,"action_type":"content.delta","messageId":"a-1","seq":42,"payload":{"text":"Hel"}}
//! ```
//!
//! # Layout
//! - `message`: the JSON of one message (`message.snapshot`, docs/message-shape.md).
//! - `server`: server-to-client envelopes and their payloads.
//! - `client`: client-to-server envelopes and their payloads.
//! - `document`: the schema document (`$defs` of all of them, the two frame roots).

#![deny(missing_docs)]

pub mod client;
pub mod document;
pub mod message;
pub mod server;

pub use client::ClientEnvelope;
pub use document::{document, SCHEMA_ID};
pub use server::ServerEnvelope;
