//! Sources: where a frame arrived from, and what the store keeps per source.
//!
//! A store is fed by several transports at once: its own WebSocket, events handed over one
//! by one (`ingestEvent`: socket.io, Pusher, `postMessage`), and any number of HTTP streams
//! (`store.stream`: an SSE or NDJSON body per assistant turn). Every frame is applied on
//! behalf of one [`SourceId`], and the store keeps a [`Source`] for each live one, so state
//! that belongs to a transport never leaks into another:
//!
//! - ordering: the socket's frames follow the session's `seq` (dedupe, gap hold, resume;
//!   see `ordering`); any other source's `seq` (or SSE `id:` taken as seq) counts that
//!   source's own frames and only dedupes: a repeat at or below its last seq is dropped,
//!   never held, because a stream cannot be asked to fill a gap;
//! - the messages a stream's frames touched (what `abort({cancel: true})` cancels, and what
//!   tells a stream that ended without `[DONE]` that it still finished);
//! - the stream's framing state (SSE parser, last event id, `retry:`), when it is one;
//! - [`Source::current_message`]: the message that frames without an id belong to, bound
//!   per source so two parallel streams never write into each other's message. The store
//!   sets nothing here by itself; a route that binds the current message from a start event
//!   (AI SDK `start.messageId`, Anthropic `message_start.message.id`) reads and writes it
//!   through [`crate::Store::current_source`] and [`crate::Store::source_mut`].
//!
//! Source ids are small integers handed out by the store and never reused while it lives:
//! [`SourceId::SOCKET`] (0: the WebSocket, `ingest`, `ingestBytes`), [`SourceId::EVENTS`]
//! (1: `ingestEvent`), then one per stream from [`crate::Store::open_stream`].

use std::collections::VecDeque;

use crate::stream::Stream;

/// Messages a source remembers having touched; the oldest are forgotten first.
pub const MAX_TOUCHED: usize = 256;

/// Which transport a frame arrived on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceId(pub u32);

impl SourceId {
    /// The store's own WebSocket, and frames given to `ingest` / `ingestBytes`.
    pub const SOCKET: SourceId = SourceId(0);
    /// Events given one by one with a name (`ingestEvent`).
    pub const EVENTS: SourceId = SourceId(1);
    /// The first id [`crate::Store::open_stream`] hands out.
    pub const FIRST_STREAM: u32 = 2;

    /// Whether frames of this source follow the session's ordering (hold, gap, resume).
    pub fn is_socket(self) -> bool {
        self == Self::SOCKET
    }

    /// Whether this is a stream's source (one from [`crate::Store::open_stream`]).
    pub fn is_stream(self) -> bool {
        self.0 >= Self::FIRST_STREAM
    }
}

/// What the store keeps for one source between its frames.
#[derive(Debug, Default)]
pub struct Source {
    /// The last `seq` applied from this source (not the socket: that is the session's).
    pub last_seq: Option<u64>,
    /// The messages this source's frames changed, oldest first, each once (bounded by
    /// [`MAX_TOUCHED`]). Kept for streams only.
    pub touched: VecDeque<String>,
    /// The message that frames without a message id go to, bound per source (see the
    /// module docs). `None` until a route binds one.
    pub current_message: Option<std::rc::Rc<str>>,
    /// The framing state of a stream source (`None` for the socket and events).
    pub stream: Option<Stream>,
}

impl Source {
    /// A source for a stream of the given framing.
    pub fn for_stream(stream: Stream) -> Self {
        Source {
            stream: Some(stream),
            ..Source::default()
        }
    }

    /// Remembers that a frame of this source changed message `id`.
    pub fn touch(&mut self, id: &str) {
        if self.touched.back().is_some_and(|last| last == id) {
            return; // the common case: the same message, frame after frame
        }
        if let Some(at) = self.touched.iter().position(|t| t == id) {
            self.touched.remove(at);
        }
        self.touched.push_back(id.to_owned());
        if self.touched.len() > MAX_TOUCHED {
            self.touched.pop_front();
        }
    }

    /// Whether a frame with `seq` is new for this source (and if so, records it).
    pub fn admit(&mut self, seq: u64) -> bool {
        if self.last_seq.is_some_and(|last| seq <= last) {
            return false;
        }
        self.last_seq = Some(seq);
        true
    }
}

/// The sources of one store: a few at a time (the socket, events, a stream per turn), so a
/// short list searched from the front beats a map.
#[derive(Debug)]
pub struct Sources {
    live: Vec<(SourceId, Source)>,
    next: u32,
}

impl Default for Sources {
    fn default() -> Self {
        Sources {
            live: vec![
                (SourceId::SOCKET, Source::default()),
                (SourceId::EVENTS, Source::default()),
            ],
            next: SourceId::FIRST_STREAM,
        }
    }
}

impl Sources {
    /// Adds a source and answers its new id.
    pub fn open(&mut self, source: Source) -> SourceId {
        let id = SourceId(self.next);
        self.next = self.next.wrapping_add(1).max(SourceId::FIRST_STREAM);
        self.live.push((id, source));
        id
    }

    /// Forgets a stream source (the socket and events stay).
    pub fn close(&mut self, id: SourceId) -> Option<Source> {
        if id.0 < SourceId::FIRST_STREAM {
            return None;
        }
        let at = self.live.iter().position(|(i, _)| *i == id)?;
        Some(self.live.remove(at).1)
    }

    /// The source `id`, if live.
    pub fn get(&self, id: SourceId) -> Option<&Source> {
        self.live.iter().find(|(i, _)| *i == id).map(|(_, s)| s)
    }

    /// The source `id`, if live, to change.
    pub fn get_mut(&mut self, id: SourceId) -> Option<&mut Source> {
        self.live.iter_mut().find(|(i, _)| *i == id).map(|(_, s)| s)
    }

    /// How many stream sources are live.
    pub fn streams(&self) -> usize {
        self.live.iter().filter(|(_, s)| s.stream.is_some()).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_never_reused_and_the_fixed_sources_stay() {
        let mut s = Sources::default();
        let a = s.open(Source::default());
        let b = s.open(Source::default());
        assert_eq!((a, b), (SourceId(2), SourceId(3)));
        assert!(s.close(a).is_some());
        assert!(s.close(a).is_none(), "closed already");
        assert!(s.close(SourceId::SOCKET).is_none());
        assert!(s.close(SourceId::EVENTS).is_none());
        assert_eq!(s.open(Source::default()), SourceId(4));
        assert!(s.get(SourceId::SOCKET).is_some() && s.get(a).is_none());
    }

    #[test]
    fn a_source_dedupes_its_own_seq_without_holding() {
        let mut s = Source::default();
        assert!(s.admit(5));
        assert!(!s.admit(5), "a repeat");
        assert!(!s.admit(3), "older");
        assert!(s.admit(9), "a gap is not held: the frame applies");
        assert_eq!(s.last_seq, Some(9));
    }

    #[test]
    fn touched_messages_are_kept_once_each_newest_last_and_bounded() {
        let mut s = Source::default();
        for id in ["a", "a", "b", "a"] {
            s.touch(id);
        }
        assert_eq!(s.touched, ["b", "a"]);
        for i in 0..MAX_TOUCHED + 10 {
            s.touch(&format!("m{i}"));
        }
        assert_eq!(s.touched.len(), MAX_TOUCHED);
        assert_eq!(s.touched.back().map(String::as_str), Some("m265"));
    }
}
