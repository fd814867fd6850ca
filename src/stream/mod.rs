//! Streams: HTTP response bodies framed in the core, sans IO.
//!
//! Most agent backends stream to the browser in the body of an HTTP response, not over a
//! WebSocket: Server-Sent Events (the AI SDK, AG-UI, OpenAI, Anthropic), NDJSON, or RFC 7464
//! JSON text sequences. The browser edge hands this module the body's byte chunks as they
//! arrive, straight into wasm memory; the framing is found here, and each frame is applied
//! exactly like a WebSocket message. A chunk boundary never changes the result.
//!
//! - [`sse`]: the WHATWG event-stream parser; [`records`]: NDJSON and JSON text sequences.
//! - [`resume`]: what follows the end of a body or a refused response (reconnect with
//!   `Last-Event-ID` after `retry:` or the backoff, or end with how it ended).
//! - [`options`]: a stream's options as the JS shim passes them.
//! - [`Stream`]: one stream's framing and reconnect state, kept in its source
//!   (`crate::source`); `crate::store` applies what it frames.

pub mod options;
pub mod records;
pub mod resume;
mod scan;
pub mod sse;

use crate::error::{ErrorKind, ProtocolError};
use records::Records;
use resume::Reconnect;
use sse::SseParser;

/// How a body is framed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `text/event-stream`: each event's `data` is a frame.
    Sse,
    /// One JSON text per line.
    Ndjson,
    /// RFC 7464: `RS` JSON text `LF`.
    JsonSeq,
}

impl Format {
    /// The option's name (`'sse'`, `'ndjson'`, `'json-seq'`); `None` for anything else.
    pub fn from_name(name: &str) -> Option<Format> {
        match name {
            "sse" => Some(Format::Sse),
            "ndjson" => Some(Format::Ndjson),
            "json-seq" => Some(Format::JsonSeq),
            _ => None,
        }
    }

    /// The format a `Content-Type` names, if it names one of ours.
    pub fn from_content_type(content_type: &str) -> Option<Format> {
        let essence = content_type.split(';').next().unwrap_or_default().trim();
        let is = |name: &str| essence.eq_ignore_ascii_case(name);
        if is("text/event-stream") {
            Some(Format::Sse)
        } else if [
            "application/x-ndjson",
            "application/ndjson",
            "application/jsonl",
            "application/x-jsonlines",
            "application/jsonlines",
            "application/stream+json",
        ]
        .into_iter()
        .any(is)
        {
            Some(Format::Ndjson)
        } else if is("application/json-seq") {
            Some(Format::JsonSeq)
        } else {
            None
        }
    }

    /// The option's name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Sse => "sse",
            Format::Ndjson => "ndjson",
            Format::JsonSeq => "json-seq",
        }
    }
}

/// Why a stretch of a body was dropped. The stream goes on after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bad {
    /// A line, record or event's data longer than `limits.maxFrameBytes`.
    TooLong {
        /// The limit, in bytes.
        limit: usize,
    },
    /// Bytes that are not UTF-8.
    NotUtf8,
    /// The body ended inside an SSE event (before its blank line).
    Unterminated,
}

impl Bad {
    /// The error entry for it, in a stream of `format`.
    pub fn to_error(self, format: Format) -> ProtocolError {
        let what = match format {
            Format::Sse => "SSE event",
            Format::Ndjson => "NDJSON line",
            Format::JsonSeq => "JSON text sequence record",
        };
        let message = match self {
            Bad::TooLong { limit } => {
                format!("{what} longer than limits.maxFrameBytes ({limit}); dropped")
            }
            Bad::NotUtf8 => format!("{what} is not UTF-8; dropped"),
            Bad::Unterminated => {
                format!("the body ended inside an {what} (before its blank line); dropped")
            }
        };
        ProtocolError::new(ErrorKind::Protocol, message)
    }
}

/// What a framer found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item<'a> {
    /// A frame: JSON text, valid UTF-8.
    Frame {
        /// The frame's text.
        text: &'a str,
        /// The SSE `event:` name, when set.
        event: Option<&'a str>,
        /// The SSE `id:` of this very event, when it has one.
        id: Option<&'a str>,
    },
    /// `data: [DONE]`: the stream is complete.
    Done,
    /// A dropped stretch of input.
    Bad(Bad),
}

impl Item<'_> {
    /// One line saying what it is (tests compare these).
    pub fn describe(&self) -> String {
        match self {
            Item::Frame { text, event, id } => {
                let mut s = String::from("frame");
                if let Some(event) = event {
                    s.push_str(&format!(" event={event}"));
                }
                if let Some(id) = id {
                    s.push_str(&format!(" id={id}"));
                }
                format!("{s} {text}")
            }
            Item::Done => "done".into(),
            Item::Bad(Bad::TooLong { limit }) => format!("bad longer than {limit} bytes"),
            Item::Bad(Bad::NotUtf8) => "bad not UTF-8".into(),
            Item::Bad(Bad::Unterminated) => "bad unterminated".into(),
        }
    }
}

/// The parser for one body.
#[derive(Debug)]
pub enum Framer {
    /// Server-Sent Events.
    Sse(SseParser),
    /// NDJSON or a JSON text sequence.
    Records(Records),
}

impl Framer {
    /// A framer of `format` whose frames may hold at most `max_frame_bytes`.
    pub fn new(format: Format, max_frame_bytes: usize) -> Self {
        match format {
            Format::Sse => Framer::Sse(SseParser::new(max_frame_bytes)),
            Format::Ndjson => Framer::Records(Records::ndjson(max_frame_bytes)),
            Format::JsonSeq => Framer::Records(Records::json_seq(max_frame_bytes)),
        }
    }

    /// Frames `chunk`.
    pub fn push(&mut self, chunk: &[u8], emit: &mut (impl FnMut(Item<'_>) + ?Sized)) {
        match self {
            Framer::Sse(p) => p.push(chunk, emit),
            Framer::Records(r) => r.push(chunk, emit),
        }
    }

    /// Ends the body.
    pub fn finish(&mut self, emit: &mut (impl FnMut(Item<'_>) + ?Sized)) {
        match self {
            Framer::Sse(p) => p.finish(emit),
            Framer::Records(r) => r.finish(emit),
        }
    }

    /// Starts the next body of the same stream (a reconnect).
    pub fn restart(&mut self) {
        match self {
            Framer::Sse(p) => p.restart(),
            Framer::Records(r) => r.restart(),
        }
    }
}

/// What a stream was opened with.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamSpec {
    /// The framing, or `None` to take it from the response's `Content-Type`.
    pub format: Option<Format>,
    /// Use each SSE event's numeric `id:` as its `seq` (dedupe across a reconnect).
    pub id_as_seq: bool,
    /// Reconnect after a cut: the caller can ask again (a GET URL with `Last-Event-ID`, or
    /// `options.resume`). `auto` ones are resumed only as SSE, which carries a position.
    pub resume: Resume,
}

/// Whether and how a stream may be asked for again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resume {
    /// Never (a POST, a `Response` handed over).
    Never,
    /// A GET URL: again, with `Last-Event-ID`, when the body is SSE.
    LastEventId,
    /// The caller builds the next request (`options.resume`).
    Caller,
}

/// One stream's framing and reconnect state.
#[derive(Debug)]
pub struct Stream {
    /// What it was opened with.
    pub spec: StreamSpec,
    /// The body's parser, once the format is known.
    pub framer: Option<Framer>,
    /// The format in use.
    pub format: Option<Format>,
    /// The reconnect policy's state.
    pub reconnect: Reconnect,
    /// Frames applied, over all attempts.
    pub events: u64,
    /// Frames applied in the current attempt.
    pub attempt_events: u64,
    /// `data: [DONE]` arrived.
    pub done: bool,
}

impl Stream {
    /// A stream opened with `spec`, reconnecting by `reconnect`.
    pub fn new(spec: StreamSpec, reconnect: Reconnect) -> Self {
        Stream {
            format: spec.format,
            spec,
            framer: None,
            reconnect,
            events: 0,
            attempt_events: 0,
            done: false,
        }
    }

    /// The resume position: the last dispatched SSE event's id.
    pub fn last_event_id(&self) -> Option<&str> {
        match &self.framer {
            Some(Framer::Sse(p)) if !p.last_event_id().is_empty() => Some(p.last_event_id()),
            _ => None,
        }
    }

    /// The server's `retry:`, if it sent one.
    pub fn retry_ms(&self) -> Option<u64> {
        match &self.framer {
            Some(Framer::Sse(p)) => p.retry_ms(),
            _ => None,
        }
    }

    /// Whether a cut body is asked for again.
    pub fn resumable(&self) -> bool {
        match self.spec.resume {
            Resume::Never => false,
            // Before a response said otherwise, a GET may turn out to be SSE.
            Resume::LastEventId => matches!(self.format, Some(Format::Sse) | None),
            Resume::Caller => true,
        }
    }
}
