//! The wirestore reference backend: a scripted WebSocket chat server that speaks wire protocol
//! v1 (`PROTOCOL.md`), with sessions, seq, resume, and fault knobs, for the demo page and for
//! tests of the client against real sockets.
//!
//! Start it in-process with [`serve`] (port 0 picks a free port):
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let config = wirestore_server::Config { token_ms: 2, ..Default::default() };
//! let (addr, handle) = wirestore_server::serve(config).await?;
//! println!("ws://{addr}/ws?token=alice");
//! handle.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! # Layout
//! - `config`: flags and defaults; `auth`: token → user id or close code.
//! - `protocol`: action names, close codes, the envelope encoder.
//! - `command`: client frames → [`command::Command`] (unknown is a value).
//! - `session`: seq, replay buffer, live connection, message models; `registry`: all sessions,
//!   epoch, resume lookup, expiry; `message`: one message's model for `message.snapshot`.
//! - `script`: what a scripted reply says; `reply`: the task that streams it; `chat`: one
//!   `chat.message`; `rate_limit`: per-user limit.
//! - `hub`: live connections and typing broadcast; `connection`: one connection's commands;
//!   `writer`: the socket writer and its faults; `faults`: the knobs; `control`: `/control`.
//! - `ws`: `/ws`; `sse`: `POST /chat/stream`, a reply as SSE or NDJSON in the response body;
//!   `server`: routes and [`serve`]; `state`: what handlers share.

#![deny(missing_docs)]

pub mod auth;
pub mod chat;
pub mod command;
pub mod config;
pub mod connection;
pub mod control;
pub mod faults;
pub mod hub;
pub mod message;
pub mod protocol;
pub mod rate_limit;
pub mod registry;
pub mod reply;
pub mod script;
pub mod server;
pub mod session;
pub mod sse;
pub mod state;
pub mod writer;
pub mod ws;

pub use config::Config;
pub use server::{serve, ServerHandle};
