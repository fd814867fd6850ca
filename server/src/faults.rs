//! Fault knobs: the ways this server misbehaves on purpose so a client's ordering, dedupe,
//! resume and error paths can be tested against real sockets.
//!
//! Knobs come from two places: server-wide ones set with `POST /control` ([`GlobalKnobs`]) and
//! per-connection ones from the `faults` query parameter ([`ConnFaults::parse`]), e.g.
//! `faults=dropAfter:40,duplicate,reorder,malformed:3,delayMs:5`, so parallel tests do not
//! interfere. A connection's writer uses the union of both (see `writer.rs`).

use std::sync::{Arc, RwLock};

use serde::Serialize;

/// The knobs that shape every frame a connection sends.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Knobs {
    /// Send each seq'd frame twice.
    pub duplicate: bool,
    /// Swap adjacent pairs of seq'd frames.
    pub reorder: bool,
    /// Wait this long before each frame.
    pub delay_ms: u64,
}

impl Knobs {
    /// Either side's knob turned on wins; the longer delay wins.
    pub fn union(self, other: Knobs) -> Knobs {
        Knobs {
            duplicate: self.duplicate || other.duplicate,
            reorder: self.reorder || other.reorder,
            delay_ms: self.delay_ms.max(other.delay_ms),
        }
    }
}

/// Server-wide knobs, shared by every connection's writer.
#[derive(Debug, Clone, Default)]
pub struct GlobalKnobs(Arc<RwLock<Knobs>>);

impl GlobalKnobs {
    /// The knobs now.
    pub fn get(&self) -> Knobs {
        *self.0.read().unwrap_or_else(|poison| poison.into_inner())
    }

    /// Changes the knobs.
    pub fn update(&self, change: impl FnOnce(&mut Knobs)) -> Knobs {
        let mut knobs = self.0.write().unwrap_or_else(|poison| poison.into_inner());
        change(&mut knobs);
        *knobs
    }
}

/// One connection's faults, from its `faults` query parameter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ConnFaults {
    /// The per-connection knobs.
    pub knobs: Knobs,
    /// Close the connection abruptly after this many frames.
    pub drop_after: Option<u64>,
    /// Malformed frames to send right after `session.ready`.
    pub malformed: u32,
}

impl ConnFaults {
    /// Parses `name[:value]` items separated by commas. Unknown items are returned so the
    /// caller can log them; they never refuse the connection.
    pub fn parse(text: &str) -> (ConnFaults, Vec<String>) {
        let mut faults = ConnFaults::default();
        let mut unknown = Vec::new();
        for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (name, value) = match item.split_once(':') {
                Some((name, value)) => (name, Some(value)),
                None => (item, None),
            };
            let number = value.and_then(|v| v.parse::<u64>().ok());
            match (name, number) {
                ("duplicate", _) => faults.knobs.duplicate = value != Some("0"),
                ("reorder", _) => faults.knobs.reorder = value != Some("0"),
                ("delayMs", Some(n)) => faults.knobs.delay_ms = n,
                ("dropAfter", Some(n)) => faults.drop_after = Some(n),
                ("malformed", n) => {
                    faults.malformed = n.unwrap_or(1).try_into().unwrap_or(u32::MAX)
                }
                _ => unknown.push(item.to_owned()),
            }
        }
        (faults, unknown)
    }
}

/// The malformed frames an injection cycles through: invalid JSON, an object without
/// `action_type`, a wrong-typed field, an unknown `action_type`. None carries a `seq`.
pub const MALFORMED_FRAMES: [&str; 4] = [
    r#"{"v":1,"action_type":"content.delta","payload":{"text":"#,
    r#"{"v":1,"messageId":"x-malformed","payload":{"text":"no action_type"}}"#,
    r#"{"v":1,"action_type":"content.delta","messageId":42,"payload":{"text":7}}"#,
    r#"{"v":1,"action_type":"wirestore.unknownAction","messageId":"x-malformed","payload":{}}"#,
];

/// The `n`th malformed frame of an injection.
pub fn malformed_frame(n: u32) -> &'static str {
    let index = (n as usize) % MALFORMED_FRAMES.len();
    MALFORMED_FRAMES.get(index).copied().unwrap_or("{")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_faults_parse() {
        let (faults, unknown) =
            ConnFaults::parse("dropAfter:40,duplicate,reorder,malformed:3,delayMs:5,zap");
        assert_eq!(faults.drop_after, Some(40));
        assert!(faults.knobs.duplicate && faults.knobs.reorder);
        assert_eq!(faults.knobs.delay_ms, 5);
        assert_eq!(faults.malformed, 3);
        assert_eq!(unknown, vec!["zap".to_string()]);
    }

    #[test]
    fn union_prefers_on_and_longer_delay() {
        let a = Knobs {
            duplicate: true,
            reorder: false,
            delay_ms: 3,
        };
        let b = Knobs {
            duplicate: false,
            reorder: true,
            delay_ms: 9,
        };
        assert_eq!(
            a.union(b),
            Knobs {
                duplicate: true,
                reorder: true,
                delay_ms: 9
            }
        );
    }

    #[test]
    fn malformed_frames_cycle_and_the_first_is_not_json() {
        assert!(serde_json::from_str::<serde_json::Value>(malformed_frame(0)).is_err());
        assert_eq!(malformed_frame(4), malformed_frame(0));
    }
}
