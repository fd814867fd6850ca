//! The `share` part of the `connection` key: this tab's part in a shared socket.
//!
//! ```json
//! {"role":"follower","reason":null}
//! {"role":"alone","reason":"Web Locks are not available here: this tab has its own socket"}
//! ```
//! `null` (the whole `share`) when the store was not asked to share.

use crate::json::{write_str, ObjectWriter, ToJson};

/// A tab's part in a shared socket.
#[cfg_attr(
    all(test, not(target_arch = "wasm32")),
    derive(ts_rs::TS),
    ts(export, rename = "ShareRole", rename_all = "lowercase")
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Owns the socket and feeds the other tabs.
    Leader,
    /// Applies the leader's feed; its sends go through the leader.
    Follower,
    /// Asked to share but cannot (no Web Locks or BroadcastChannel, or refused by the
    /// leader): it has its own socket; `reason` says why.
    Alone,
}

impl Role {
    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Leader => "leader",
            Role::Follower => "follower",
            Role::Alone => "alone",
        }
    }
}

impl ToJson for Role {
    fn write_json(&self, out: &mut String) {
        write_str(out, self.as_str());
    }
}

/// The value of `connection.share`.
#[cfg_attr(
    all(test, not(target_arch = "wasm32")),
    derive(ts_rs::TS),
    ts(export, rename_all = "camelCase")
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareView {
    /// This tab's part.
    pub role: Role,
    /// Why it is `alone`, or what went wrong last (`null` otherwise).
    pub reason: Option<String>,
}

impl ToJson for ShareView {
    fn write_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        o.field("role", &self.role).field("reason", &self.reason);
        o.end();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::to_string;

    #[test]
    fn a_share_view_writes_its_role_by_name() {
        let v = ShareView {
            role: Role::Alone,
            reason: Some("no locks".into()),
        };
        assert_eq!(to_string(&v), r#"{"role":"alone","reason":"no locks"}"#);
        for (role, name) in [(Role::Leader, "leader"), (Role::Follower, "follower")] {
            assert_eq!(to_string(&role), format!("\"{name}\""));
        }
    }
}
