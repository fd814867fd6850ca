//! wirestore: a fast, correct, live view of what a backend streams over a WebSocket.
//!
//! A backend streams small JSON events (PROTOCOL.md); wirestore owns the socket, routes
//! each event's `action_type` to a per-message reducer, and keeps a version for every key
//! a UI can subscribe to, so React re-renders only what changed.
//!
//! # Layout
//! - [`protocol`]: frames, envelopes with configurable field names, limits.
//! - [`effect`]: the built-in ops and their typed payloads.
//! - [`routes`]: foreign action names to built-in effects, as data.
//! - [`message`], [`slices`]: one message's slices, lifecycle and reducers.
//! - [`ordering`], [`session`]: seq dedupe, gap hold, the resume handshake.
//! - [`store`]: messages, order, per-key versions, dirty keys, flushes.
//! - [`source`]: where a frame arrived from (the socket, `ingestEvent`, each stream) and
//!   what is kept per source; [`stream`]: SSE, NDJSON and JSON-sequence bodies framed from
//!   their byte chunks, and when a cut stream is asked for again.
//! - [`json`]: a borrowing JSON reader, an owned value, and writing JSON (no serde).
//! - [`key`], [`view`], [`run`], [`error`], [`options`]: keys, their non-message values, errors as data, options.
//! - [`connection`]: the sans-IO connection machine (backoff, heartbeat, outbox, acks).
//! - [`client`]: the store and the connection machine joined; what the browser driver drives.
//! - [`share`]: tabs sharing one socket: the leader's feed, a follower's catch-up, who may share.
//! - `web` (wasm32 only): the web-sys driver and the `#[wasm_bindgen]` API.
//!
//! Everything but `web` is plain Rust, tested on the host with `cargo test`.
#![deny(missing_docs)]

pub mod client;
pub mod connection;
pub mod effect;
pub mod error;
pub mod json;
pub mod key;
pub mod message;
pub mod options;
pub mod ordering;
pub mod protocol;
pub mod routes;
pub mod run;
pub mod session;
pub mod share;
pub mod slices;
pub mod source;
pub mod store;
pub mod stream;
pub mod view;
#[cfg(target_arch = "wasm32")]
pub mod web;

pub use error::{ErrorKind, ProtocolError};
pub use key::Key;
pub use message::{Message, Status};
pub use options::{Limits, StoreOptions};
pub use store::{Flush, Store};
