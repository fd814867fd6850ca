//! Who may share: the channel and lock name, and the options every sharing tab must agree on.
//!
//! Tabs share only under one name: by default it is derived from the URL and, for a token
//! given as a string, from a hash of the token (so tabs of another user or another URL never
//! meet). With a token function the user is not known up front, so the app must name the
//! share itself (`share: { name }`, e.g. with the user id); sharing without a name is then
//! refused at creation.
//!
//! Tabs that meet must also read frames alike: the options that shape how frames become
//! state (envelope, routes, limits, the URL, and anything not known to be per tab) are
//! written canonically (object keys sorted, at every depth) and compared when a tab joins;
//! a tab whose options differ is refused, told which options differ.

use crate::json::{write_str, Value};

/// Every share name starts with this.
pub const NAME_PREFIX: &str = "wirestore:";

/// Options that may differ between the tabs of one share: how each tab connects (the
/// leader's apply to the one socket), the token (never compared, never sent), and what the
/// JS shim keeps for itself.
pub const PER_TAB_OPTIONS: &[&str] = &[
    "token",
    "tokenMode",
    "reconnect",
    "heartbeat",
    "outbox",
    "ackTimeoutMs",
    "notify",
    "share",
];

/// The longest name an app may give.
pub const MAX_NAME_CHARS: usize = 200;

/// A share's name and the canonical text of the options its tabs must agree on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The `BroadcastChannel` and Web Lock name.
    pub name: String,
    /// The options compared when a tab joins (no token in them).
    pub options: String,
}

/// The identity of a store created with `options`; `name` is the app's `share.name`.
pub fn identity(
    options: &Value,
    name: Option<&str>,
    token_is_function: bool,
) -> Result<Identity, String> {
    let url = match options.get("url") {
        Some(Value::String(url)) => url.as_str(),
        _ => return Err("share needs options.url: only a store with a socket can share it".into()),
    };
    let name = match name {
        Some(name) if name.is_empty() || name.chars().count() > MAX_NAME_CHARS => {
            return Err(format!(
                "share.name must be 1 to {MAX_NAME_CHARS} characters, not {:?}",
                name.chars().take(40).collect::<String>()
            ))
        }
        Some(name) => format!("{NAME_PREFIX}{name}"),
        None if token_is_function => {
            return Err("share: true with a token function needs share.name (for example the user id): tabs of different users must never share one socket".into())
        }
        None => {
            let token = options.get("token").and_then(Value::as_str).unwrap_or("");
            let mut h = fnv1a(FNV_OFFSET, url.as_bytes());
            h = fnv1a(h, b"\n");
            h = fnv1a(h, token.as_bytes());
            format!("{NAME_PREFIX}{h:016x}")
        }
    };
    let mut shared = String::new();
    write_shared(options, &mut shared);
    Ok(Identity {
        name,
        options: shared,
    })
}

/// The top-level options whose values differ between two canonical texts, sorted.
pub fn differences(mine: &str, theirs: &str) -> Vec<String> {
    let (Ok(a), Ok(b)) = (crate::json::parse(mine), crate::json::parse(theirs)) else {
        return vec!["(unreadable options)".into()];
    };
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
        return vec!["(unreadable options)".into()];
    };
    let mut keys: Vec<&String> = a.iter().chain(b.iter()).map(|(k, _)| k).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| a.get(k) != b.get(k))
        .cloned()
        .collect()
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv1a(h: u64, bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(h, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

/// The options minus [`PER_TAB_OPTIONS`], canonically.
fn write_shared(options: &Value, out: &mut String) {
    let Some(map) = options.as_object() else {
        out.push_str("{}");
        return;
    };
    let mut entries: Vec<(&String, &Value)> = map
        .iter()
        .filter(|(k, v)| !PER_TAB_OPTIONS.contains(&k.as_str()) && !v.is_null())
        .collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    write_entries(&entries, out);
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            write_entries(&entries, out);
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&crate::json::to_string(other)),
    }
}

fn write_entries(entries: &[(&String, &Value)], out: &mut String) {
    out.push('{');
    for (i, (k, v)) in entries.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_str(out, k);
        out.push(':');
        write_canonical(v, out);
    }
    out.push('}');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::jv;

    fn id(options: Value) -> Identity {
        identity(&options, None, false).unwrap()
    }

    #[test]
    fn another_url_or_another_token_is_another_share() {
        let a = id(jv!({"url": "ws://h/ws", "token": "alice"}));
        assert!(a.name.starts_with(NAME_PREFIX));
        assert_eq!(
            a,
            id(jv!({"url": "ws://h/ws", "token": "alice", "notify": "sync"}))
        );
        assert_ne!(a.name, id(jv!({"url": "ws://h/ws", "token": "bob"})).name);
        assert_ne!(
            a.name,
            id(jv!({"url": "ws://h/ws?room=2", "token": "alice"})).name
        );
        assert!(
            !a.name.contains("alice") && !a.options.contains("alice"),
            "no token in either"
        );
    }

    #[test]
    fn option_order_does_not_matter_but_values_do() {
        let a = id(
            jv!({"url": "ws://h", "routes": {"A": {"op": "ignore"}, "B": {"text": "t", "op": "content.delta"}}}),
        );
        let b = id(
            jv!({"routes": {"B": {"op": "content.delta", "text": "t"}, "A": {"op": "ignore"}}, "url": "ws://h"}),
        );
        assert_eq!(a.options, b.options);
        let c =
            id(jv!({"url": "ws://h", "routes": {"A": {"op": "ignore"}}, "limits": {"maxHeld": 3}}));
        assert_eq!(differences(&a.options, &c.options), ["limits", "routes"]);
        assert!(differences(&a.options, &b.options).is_empty());
    }

    #[test]
    fn how_each_tab_connects_may_differ() {
        let a = id(jv!({"url": "ws://h", "reconnect": {"maxRetries": 1}, "heartbeat": false}));
        let b = id(jv!({"url": "ws://h", "outbox": {"capacity": 3}, "ackTimeoutMs": 5}));
        assert_eq!(a.options, b.options);
    }

    #[test]
    fn a_token_function_needs_a_name() {
        let o = jv!({"url": "ws://h"});
        let e = identity(&o, None, true).unwrap_err();
        assert!(e.contains("share.name"), "{e}");
        let named = identity(&o, Some("user-7"), true).unwrap();
        assert_eq!(named.name, "wirestore:user-7");
        assert!(identity(&o, Some(""), false)
            .unwrap_err()
            .contains("1 to 200"));
        assert!(identity(&jv!({}), None, false)
            .unwrap_err()
            .contains("options.url"));
    }
}
