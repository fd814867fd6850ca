//! Keys: the names a UI subscribes to (PROTOCOL.md, "Keys").
//!
//! `connection`, `messages`, `messages/<id>`, `messages/<id>/<slice>`, `typing`, `errors`,
//! `acks/<id>`, `stats`, `frames`, `state` and `run`. Inside the store a key is this enum, so marking one dirty
//! on the hot path builds no string; strings are made once per flush.

use std::fmt;

use crate::message::Slice;

/// A slice key's last segment.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SliceKey {
    /// A built-in slice.
    Builtin(Slice),
    /// A custom slice (`state.set` / `state.patch`).
    Custom(String),
}

/// One subscribable key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    /// `connection`
    Connection,
    /// `messages`: the ordered ids.
    Messages,
    /// `messages/<id>`: the whole message.
    Message(String),
    /// `messages/<id>/<slice>`
    Slice(String, SliceKey),
    /// `typing`
    Typing,
    /// `errors`
    Errors,
    /// `acks/<id>`
    Ack(String),
    /// `stats`
    Stats,
    /// `frames` (recorded frames in and out)
    Frames,
    /// `state`: an agent's shared state (AG-UI `STATE_SNAPSHOT` / `STATE_DELTA`)
    State,
    /// `run`: where the agent's run stands
    Run,
}

/// Prefix of message keys.
pub const MESSAGES_PREFIX: &str = "messages/";
/// Prefix of ack keys.
pub const ACKS_PREFIX: &str = "acks/";

impl Key {
    /// Parses a key. A message id may itself contain `/`: `is_message` says whether a
    /// candidate id exists, so `messages/a/b` is message `a/b` if there is one, else
    /// slice `b` of message `a`.
    pub fn parse(text: &str, is_message: impl Fn(&str) -> bool) -> Option<Key> {
        match text {
            "connection" => return Some(Key::Connection),
            "messages" => return Some(Key::Messages),
            "typing" => return Some(Key::Typing),
            "errors" => return Some(Key::Errors),
            "stats" => return Some(Key::Stats),
            "frames" => return Some(Key::Frames),
            "state" => return Some(Key::State),
            "run" => return Some(Key::Run),
            _ => {}
        }
        if let Some(id) = text.strip_prefix(ACKS_PREFIX) {
            return Some(Key::Ack(id.to_owned()));
        }
        let rest = text.strip_prefix(MESSAGES_PREFIX)?;
        if rest.is_empty() {
            return None;
        }
        let split = rest.rsplit_once('/');
        match split {
            Some((id, slice)) if !is_message(rest) && !id.is_empty() && !slice.is_empty() => {
                let slice = Slice::from_name(slice)
                    .map_or_else(|| SliceKey::Custom(slice.to_owned()), SliceKey::Builtin);
                Some(Key::Slice(id.to_owned(), slice))
            }
            _ => Some(Key::Message(rest.to_owned())),
        }
    }
}

impl Key {
    /// The key's name in up to four pieces, in order (the rest empty), so it can be written
    /// out without the formatting machinery.
    pub fn pieces(&self) -> [&str; 4] {
        match self {
            Key::Connection => ["connection", "", "", ""],
            Key::Messages => ["messages", "", "", ""],
            Key::Message(id) => [MESSAGES_PREFIX, id, "", ""],
            Key::Slice(id, SliceKey::Builtin(s)) => [MESSAGES_PREFIX, id, "/", s.name()],
            Key::Slice(id, SliceKey::Custom(s)) => [MESSAGES_PREFIX, id, "/", s],
            Key::Typing => ["typing", "", "", ""],
            Key::Errors => ["errors", "", "", ""],
            Key::Ack(id) => [ACKS_PREFIX, id, "", ""],
            Key::Stats => ["stats", "", "", ""],
            Key::Frames => ["frames", "", "", ""],
            Key::State => ["state", "", "", ""],
            Key::Run => ["run", "", "", ""],
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.pieces()
            .iter()
            .try_for_each(|piece| f.write_str(piece))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none(_: &str) -> bool {
        false
    }

    #[test]
    fn keys_round_trip_through_text() {
        for text in [
            "connection",
            "messages",
            "messages/m1",
            "messages/m1/content",
            "messages/m1/followUpQuestions",
            "messages/m1/plan",
            "typing",
            "errors",
            "acks/c-1",
            "stats",
            "frames",
            "state",
            "run",
        ] {
            let key = Key::parse(text, none).unwrap();
            assert_eq!(key.to_string(), text);
        }
    }

    #[test]
    fn ids_with_slashes_prefer_an_existing_message() {
        assert_eq!(
            Key::parse("messages/a/b", |id| id == "a/b"),
            Some(Key::Message("a/b".into()))
        );
        assert_eq!(
            Key::parse("messages/a/b/content", |id| id == "a/b"),
            Some(Key::Slice("a/b".into(), SliceKey::Builtin(Slice::Content)))
        );
    }

    #[test]
    fn unknown_keys_are_none() {
        assert_eq!(Key::parse("nope", none), None);
        assert_eq!(Key::parse("messages/", none), None);
    }
}
