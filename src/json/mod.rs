//! JSON for wirestore, without serde: a borrowing pull [`Reader`] for the hot path, an owned
//! [`Value`] for what the store keeps as the server sent it, [`ToJson`] for what it hands to
//! JS, and [`PartialJson`] for JSON that streams in pieces (tool arguments).
//!
//! A general-purpose JSON library is most of a small wasm module; the store needs a few
//! hundred lines of it. Reading typed fields straight off the frame also skips building a
//! value tree that would be thrown away.

mod partial;
mod read;
mod scan;
mod value;
mod write;

pub use partial::PartialJson;
pub use read::{parse, Error, Kind, Piece, Reader, MAX_DEPTH};
pub use value::{parse_u64, Map, Number, Value};
pub use write::{to_string, write_str, write_u64, ObjectWriter, ToJson};

/// In unit tests: a [`Value`] written in `serde_json::json!` syntax.
#[cfg(test)]
macro_rules! jv {
    ($($t:tt)+) => {
        $crate::json::parse(&serde_json::json!($($t)+).to_string()).unwrap()
    };
}
#[cfg(test)]
pub(crate) use jv;
