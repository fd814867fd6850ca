//! The store's side of sources and streams: opening a stream, applying its body's chunks,
//! deciding what follows each attempt, aborting it; and `ingestEvent`.
//!
//! A stream's frames are applied as WebSocket frames are, on behalf of its own source
//! (`crate::source`), so they dedupe by that source's seq and the messages they change are
//! remembered as the stream's. A stream is finished once it says so (`data: [DONE]`), or when
//! its body ends cleanly after every message it changed reached a final status; what follows
//! an unfinished attempt is `crate::stream::resume`'s decision.

use super::Store;
use crate::effect::Effect;
use crate::error::{ErrorKind, ProtocolError};
use crate::json::{ObjectWriter, ToJson};
use crate::protocol::EventName;
use crate::source::{Source, SourceId};
use crate::stream::resume::{Attempt, End, EndStatus, Next, Reconnect};
use crate::stream::{Bad, Format, Framer, Item, Stream, StreamSpec};

/// What the caller does after an attempt of a stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamNext {
    /// Read the body.
    Read,
    /// Ask again after `delay_ms`, sending `Last-Event-ID` when there is one.
    Retry {
        /// The wait.
        delay_ms: u64,
        /// The resume position.
        last_event_id: Option<String>,
    },
    /// The stream is over (its source is closed).
    End(End),
}

impl ToJson for StreamNext {
    /// `{"read":true}`, `{"retry":1000,"lastEventId":"41"}` or `{"end":{…}}`.
    fn write_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        match self {
            StreamNext::Read => o.field("read", &true),
            StreamNext::Retry {
                delay_ms,
                last_event_id,
            } => o
                .field("retry", delay_ms)
                .field_some("lastEventId", last_event_id),
            StreamNext::End(end) => o.field("end", end),
        };
        o.end();
    }
}

/// The content types a stream body may never have, even with an explicit format: a page
/// (a login redirect, an app's index.html fallback) parsed as a stream would apply nothing
/// and end "complete".
const PAGE_TYPES: [&str; 2] = ["text/html", "application/xhtml+xml"];

impl Store {
    /// The source of the frame being applied: [`SourceId::SOCKET`] between frames. A route
    /// that binds a stream's current message reads and writes it through this.
    pub fn current_source(&self) -> SourceId {
        self.current
    }

    /// The source `id`, if live.
    pub fn source(&self, id: SourceId) -> Option<&Source> {
        self.sources.get(id)
    }

    /// The source `id`, if live, to change (e.g. its current message).
    pub fn source_mut(&mut self, id: SourceId) -> Option<&mut Source> {
        self.sources.get_mut(id)
    }

    /// How many streams are open.
    pub fn open_streams(&self) -> usize {
        self.sources.streams()
    }

    /// Opens a stream: a new source whose body arrives by [`Store::stream_chunk`] once
    /// [`Store::stream_response`] said to read it.
    pub fn open_stream(&mut self, spec: StreamSpec, reconnect: Reconnect) -> SourceId {
        self.sources
            .open(Source::for_stream(Stream::new(spec, reconnect)))
    }

    /// An attempt's response arrived with `status` and `content_type`: whether to read its
    /// body, or what follows instead (an HTTP error or the wrong content type is an entry
    /// in `errors`). `label` names the request in error messages (method and path; never
    /// a query string, which may hold a token).
    pub fn stream_response(
        &mut self,
        id: SourceId,
        status: u16,
        content_type: &str,
        label: &str,
        now_ms: u64,
    ) -> StreamNext {
        self.now_ms = now_ms;
        let max = self.opts.limits.max_frame_bytes;
        let Some(stream) = self.stream_of(id) else {
            return StreamNext::End(closed_end());
        };
        if !(200..300).contains(&status) || status == 204 {
            return self.attempt_ended(id, Attempt::Status(status), label);
        }
        let essence = content_type.split(';').next().unwrap_or_default().trim();
        let is_page = PAGE_TYPES.iter().any(|t| essence.eq_ignore_ascii_case(t));
        let format = match stream.spec.format {
            Some(f) if !is_page => Some(f),
            Some(_) => None,
            None => Format::from_content_type(content_type),
        };
        let Some(format) = format else {
            let shown = if content_type.is_empty() {
                "none"
            } else {
                content_type
            };
            let expected = match stream.spec.format {
                Some(f) => format!("a {} body", f.name()),
                None => {
                    "text/event-stream, application/x-ndjson or application/json-seq".to_owned()
                }
            };
            let message = format!("{label}: expected {expected}, got Content-Type {shown}");
            return self.attempt_ended_with(id, Attempt::ContentType, message);
        };
        match &mut stream.framer {
            Some(framer) if stream.format == Some(format) => framer.restart(),
            framer => *framer = Some(Framer::new(format, max)),
        }
        stream.format = Some(format);
        stream.attempt_events = 0;
        StreamNext::Read
    }

    /// Applies a chunk of stream `id`'s body. Answers whether the stream is done (`[DONE]`
    /// arrived): the caller may stop reading.
    pub fn stream_chunk(&mut self, id: SourceId, chunk: &[u8], now_ms: u64) -> bool {
        self.with_framer(id, now_ms, |framer, emit| framer.push(chunk, emit))
    }

    /// Attempt `attempt` of stream `id` ended (its body, or the request): what follows.
    pub fn stream_ended(
        &mut self,
        id: SourceId,
        attempt: Attempt,
        label: &str,
        now_ms: u64,
    ) -> StreamNext {
        self.now_ms = now_ms;
        if let Attempt::Ended { broken, .. } = attempt {
            let mut partial = false;
            let mut bad = None;
            self.with_framer(id, now_ms, |framer, emit| {
                framer.finish(&mut |item: Item<'_>| match item {
                    Item::Bad(Bad::Unterminated) => partial = true,
                    Item::Bad(b) => bad = Some(b),
                    other => emit(other),
                })
            });
            if let (Some(b), Some(format)) = (bad, self.stream_of(id).and_then(|s| s.format)) {
                self.report(b.to_error(format));
            }
            return self.attempt_ended(id, Attempt::Ended { broken, partial }, label);
        }
        self.attempt_ended(id, attempt, label)
    }

    /// Stops stream `id`: with `cancel`, the messages it changed that are not final become
    /// `cancelled`; without, they stay as they are (a stop is not a disconnect). `None` if
    /// the stream had ended already.
    pub fn abort_stream(&mut self, id: SourceId, cancel: bool, now_ms: u64) -> Option<End> {
        self.now_ms = now_ms;
        let source = self.sources.close(id)?;
        let stream = source.stream.as_ref()?;
        let end = end_of(stream, EndStatus::Aborted);
        if cancel {
            for message_id in &source.touched {
                let open = self
                    .message(message_id)
                    .is_some_and(|m| !m.status.is_final());
                if open {
                    // Cannot fail: the message exists and is not final.
                    let _ = self.apply_to_message(message_id, Effect::Cancelled);
                }
            }
        }
        Some(end)
    }

    /// Applies one event whose name and payload arrived apart (socket.io's
    /// `onAny((name, payload) => …)`, a Pusher callback): the name is its routing key, the
    /// payload (JSON text) is read like a frame with the envelope's names.
    pub fn ingest_event(&mut self, name: &str, payload: &str, now_ms: u64) {
        self.current = SourceId::EVENTS;
        self.ingest_named(payload, Some(EventName::Given(name)), now_ms);
        self.current = SourceId::SOCKET;
    }

    fn stream_of(&mut self, id: SourceId) -> Option<&mut Stream> {
        self.sources.get_mut(id)?.stream.as_mut()
    }

    /// Runs the stream's framer with an `emit` that applies what it frames, on behalf of
    /// the stream's source. Answers whether the stream is done.
    fn with_framer(
        &mut self,
        id: SourceId,
        now_ms: u64,
        run: impl FnOnce(&mut Framer, &mut dyn FnMut(Item<'_>)),
    ) -> bool {
        let Some(stream) = self.stream_of(id) else {
            return true;
        };
        let (Some(mut framer), Some(format)) = (stream.framer.take(), stream.format) else {
            return stream.done;
        };
        let id_as_seq = stream.spec.id_as_seq;
        let (mut applied, mut done) = (0, false);
        self.current = id;
        run(&mut framer, &mut |item| match item {
            Item::Frame {
                text,
                event,
                id: event_id,
            } => {
                let seq = event_id
                    .filter(|_| id_as_seq)
                    .and_then(crate::json::parse_u64);
                if let Some(seq) = seq {
                    if !self.admit_from_source(seq) {
                        self.stats.duplicates += 1;
                        return;
                    }
                }
                applied += 1;
                self.ingest_named(text, event.map(EventName::Fallback), now_ms);
            }
            Item::Done => done = true,
            Item::Bad(bad) => self.report(bad.to_error(format)),
        });
        self.current = SourceId::SOCKET;
        let Some(stream) = self.stream_of(id) else {
            return true;
        };
        stream.framer = Some(framer);
        stream.events += applied;
        stream.attempt_events += applied;
        stream.done |= done;
        stream.done
    }

    /// Whether `seq` is new for the current source (recording it if so).
    pub(super) fn admit_from_source(&mut self, seq: u64) -> bool {
        let current = self.current;
        self.sources.get_mut(current).is_none_or(|s| s.admit(seq))
    }

    fn attempt_ended(&mut self, id: SourceId, attempt: Attempt, label: &str) -> StreamNext {
        let message = match &attempt {
            Attempt::Status(status) => format!("{label}: HTTP {status}"),
            Attempt::ContentType => format!("{label}: not a stream"),
            Attempt::Network => format!("{label}: the request failed"),
            Attempt::Ended { broken: true, .. } => format!("{label}: the connection dropped"),
            Attempt::Ended { .. } => {
                format!("{label}: the body ended inside an event (before its blank line)")
            }
        };
        self.attempt_ended_with(id, attempt, message)
    }

    fn attempt_ended_with(
        &mut self,
        id: SourceId,
        attempt: Attempt,
        message: String,
    ) -> StreamNext {
        let clean = matches!(
            attempt,
            Attempt::Ended {
                broken: false,
                partial: false
            }
        );
        let all_final = clean && self.touched_all_final(id);
        let Some(stream) = self.stream_of(id) else {
            return StreamNext::End(closed_end());
        };
        let finished = stream.done || all_final;
        let (progressed, resumable, retry) = (
            stream.attempt_events > 0,
            stream.resumable(),
            stream.retry_ms(),
        );
        let next = stream
            .reconnect
            .next(&attempt, finished, progressed, resumable, retry);
        let http = matches!(attempt, Attempt::Status(s) if s != 204);
        match next {
            Next::Retry { delay_ms } => {
                let last_event_id = stream.last_event_id().map(str::to_owned);
                if http {
                    // An error status is worth an entry even when a retry follows.
                    let message = format!("{message}; retrying in {delay_ms} ms");
                    self.report(ProtocolError::new(ErrorKind::Stream, message));
                }
                StreamNext::Retry {
                    delay_ms,
                    last_event_id,
                }
            }
            Next::End(status) => {
                let end = end_of(stream, status);
                self.sources.close(id);
                if let EndStatus::Error(reason) = status {
                    let message = match reason {
                        crate::stream::resume::Reason::Retries => format!(
                            "{message}; gave up after {} attempts that applied nothing",
                            end.attempts
                        ),
                        _ => format!("{message}; the stream ended"),
                    };
                    self.report(ProtocolError::new(ErrorKind::Stream, message));
                }
                StreamNext::End(end)
            }
        }
    }

    /// Whether the stream changed messages and all of them are final (or gone).
    fn touched_all_final(&self, id: SourceId) -> bool {
        let Some(source) = self.sources.get(id) else {
            return false;
        };
        !source.touched.is_empty()
            && source
                .touched
                .iter()
                .all(|m| self.message(m).is_none_or(|m| m.status.is_final()))
    }
}

fn end_of(stream: &Stream, status: EndStatus) -> End {
    End {
        status,
        http_status: stream.reconnect.http_status,
        attempts: stream.reconnect.attempts,
        events: stream.events,
        last_event_id: stream.last_event_id().map(str::to_owned),
    }
}

/// The end of a stream that is not open (ended or aborted already).
fn closed_end() -> End {
    End {
        status: EndStatus::Aborted,
        http_status: None,
        attempts: 0,
        events: 0,
        last_event_id: None,
    }
}

#[cfg(test)]
mod tests;
