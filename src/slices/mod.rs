//! Reducers for the slice families of a message, one file each.
//!
//! Each takes the slice's current value and the effect's data, changes the slice in
//! place, and answers [`Changed`](crate::message::Changed): empty when the value did not
//! move, so no key is dirtied for a no-op.

pub mod data;
pub mod json_patch;
pub mod logs;
pub mod merge_patch;
pub mod parts;
pub mod sources;
pub mod text;
pub mod tools;
