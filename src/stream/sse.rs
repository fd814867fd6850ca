//! Server-Sent Events, parsed from body bytes as the WHATWG HTML standard says
//! (<https://html.spec.whatwg.org/multipage/server-sent-events.html#parsing-an-event-stream>).
//!
//! Lines end with CRLF, LF or CR; a line starting with `:` is a comment; `field: value`
//! (one space after the colon dropped) sets `event`, appends to `data` (several lines join
//! with LF), sets `id` (ignored if it holds NUL) or `retry` (digits only); other fields are
//! ignored; a blank line dispatches the event, unless its data is empty. A UTF-8 BOM at the
//! very start is skipped. The last event id becomes the resume position only when its event
//! is dispatched, so a body cut inside an event resumes before it.
//!
//! Where the standard replaces bad bytes with U+FFFD, this parser drops the event and says
//! why ([`Bad`]): a frame with replacement characters in it would be applied wrong without a
//! trace. Nothing grows without bound: a line or an event's data longer than the limit is
//! dropped as it arrives and the event is reported once. Chunk boundaries may fall anywhere
//! (inside a UTF-8 sequence, between CR and LF): the parser's result does not depend on them.

use super::{Bad, Item};

/// The UTF-8 byte order mark.
const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];
/// The data that ends a stream cleanly (OpenAI's and the AI SDK's convention).
pub const DONE: &str = "[DONE]";
/// Room for a field name beside a data line of the full frame size.
const FIELD_SLACK: usize = 64;

/// An SSE parser: feed it chunks, take events.
#[derive(Debug)]
pub struct SseParser {
    /// The partial line carried over from the last chunk.
    line: Vec<u8>,
    /// Dropping the rest of an overlong line.
    skipping: bool,
    /// The last byte was CR: a LF right after it ends nothing.
    after_cr: bool,
    /// How much of a leading BOM has been seen; `None` once past the start.
    bom: Option<usize>,
    /// The event's data so far, each line followed by LF (checked UTF-8 line by line).
    data: String,
    event: String,
    /// Whether this event has an `id` line of its own (only then may it count as a seq).
    own_id: bool,
    id_buffer: String,
    last_event_id: String,
    retry_ms: Option<u64>,
    /// The first problem of the event being read; it is dropped at its end.
    bad: Option<Bad>,
    max_line: usize,
    max_data: usize,
    done: bool,
}

impl SseParser {
    /// A parser whose events' data may hold at most `max_data` bytes.
    pub fn new(max_data: usize) -> Self {
        SseParser {
            line: Vec::new(),
            skipping: false,
            after_cr: false,
            bom: Some(0),
            data: String::new(),
            event: String::new(),
            own_id: false,
            id_buffer: String::new(),
            last_event_id: String::new(),
            retry_ms: None,
            bad: None,
            max_line: max_data.saturating_add(FIELD_SLACK),
            max_data,
            done: false,
        }
    }

    /// The id of the last dispatched event: what a reconnect sends as `Last-Event-ID`.
    pub fn last_event_id(&self) -> &str {
        &self.last_event_id
    }

    /// Sets the resume position (a stream resumed with a `Last-Event-ID` it already knows).
    pub fn set_last_event_id(&mut self, id: &str) {
        self.last_event_id.clear();
        self.last_event_id.push_str(id);
        self.id_buffer.clear();
        self.id_buffer.push_str(id);
    }

    /// The server's `retry:` (reconnection time, ms), if it sent one.
    pub fn retry_ms(&self) -> Option<u64> {
        self.retry_ms
    }

    /// Whether `data: [DONE]` arrived; later bytes are ignored.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Starts a new body (a reconnect): keeps the last event id and `retry`, drops the rest.
    pub fn restart(&mut self) {
        let (id, retry) = (std::mem::take(&mut self.last_event_id), self.retry_ms);
        *self = SseParser::new(self.max_data);
        self.set_last_event_id(&id);
        self.retry_ms = retry;
    }

    /// Parses `chunk`, calling `emit` for each event, `[DONE]` and bad event.
    pub fn push(&mut self, mut chunk: &[u8], emit: &mut (impl FnMut(Item<'_>) + ?Sized)) {
        if let Some(seen) = self.bom {
            chunk = self.skip_bom(seen, chunk, emit);
        }
        while !chunk.is_empty() && !self.done {
            if self.after_cr {
                self.after_cr = false;
                if let Some(rest) = chunk.strip_prefix(b"\n") {
                    chunk = rest;
                    continue;
                }
            }
            let Some(end) = super::scan::find2(chunk, b'\n', b'\r') else {
                self.carry(chunk);
                return;
            };
            let (head, rest) = chunk.split_at(end);
            self.after_cr = rest.first() == Some(&b'\r');
            chunk = rest.get(1..).unwrap_or_default();
            if self.line.is_empty() && !self.skipping {
                self.line_end(head, emit);
            } else {
                self.carry(head);
                let line = std::mem::take(&mut self.line);
                let skipped = std::mem::take(&mut self.skipping);
                if !skipped {
                    self.line_end(&line, emit);
                }
                self.line = line;
                self.line.clear();
            }
        }
    }

    /// Ends the body: an event without its blank line is dropped and reported.
    pub fn finish(&mut self, emit: &mut (impl FnMut(Item<'_>) + ?Sized)) {
        if let Some(seen) = self.bom.take() {
            // A body shorter than a BOM: its bytes were held back as a possible BOM.
            let held = BOM.get(..seen).unwrap_or_default();
            self.push(held, emit);
        }
        // What is left is an event without its blank line (a comment alone is nothing).
        let partial = !self.line.is_empty() && self.line.first() != Some(&b':');
        let unterminated = self.bad.is_some() || !self.data.is_empty() || self.skipping || partial;
        if unterminated && !self.done {
            emit(Item::Bad(self.bad.take().unwrap_or(Bad::Unterminated)));
        }
        self.reset_event();
        self.line.clear();
        self.skipping = false;
    }

    /// Consumes a leading BOM (possibly split over chunks); answers the rest of the chunk.
    fn skip_bom<'c>(
        &mut self,
        mut seen: usize,
        chunk: &'c [u8],
        emit: &mut (impl FnMut(Item<'_>) + ?Sized),
    ) -> &'c [u8] {
        let mut i = 0;
        while let (Some(&b), Some(&want)) = (chunk.get(i), BOM.get(seen)) {
            if b != want {
                break;
            }
            seen += 1;
            i += 1;
        }
        if seen == BOM.len() {
            self.bom = None;
        } else if i == chunk.len() {
            self.bom = Some(seen); // the chunk ended inside what may still be a BOM
        } else {
            // Not a BOM after all: the bytes held back are the body's first bytes.
            self.bom = None;
            let held = BOM.get(..seen).unwrap_or_default();
            self.push(held, emit);
            return chunk.get(i..).unwrap_or_default();
        }
        chunk.get(i..).unwrap_or_default()
    }

    /// Keeps the start of a line that continues in the next chunk, within the limit.
    fn carry(&mut self, part: &[u8]) {
        if self.skipping {
            return;
        }
        if self.line.len() + part.len() > self.max_line {
            self.line.clear();
            self.skipping = true;
            self.bad.get_or_insert(Bad::TooLong {
                limit: self.max_data,
            });
            return;
        }
        self.line.extend_from_slice(part);
    }

    fn line_end(&mut self, line: &[u8], emit: &mut (impl FnMut(Item<'_>) + ?Sized)) {
        if line.is_empty() {
            return self.dispatch(emit);
        }
        if line.first() == Some(&b':') {
            return; // a comment (keep-alives are comments)
        }
        if line.len() > self.max_line {
            self.data.clear();
            self.bad.get_or_insert(Bad::TooLong {
                limit: self.max_data,
            });
            return;
        }
        let (name, value) = match line.iter().position(|&b| b == b':') {
            Some(colon) => {
                let (name, value) = line.split_at(colon);
                let value = value.get(1..).unwrap_or_default();
                (name, value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &[][..]),
        };
        match name {
            b"data" => self.data_line(value),
            b"event" => match std::str::from_utf8(value) {
                Ok(v) => {
                    self.event.clear();
                    self.event.push_str(v);
                }
                Err(_) => {
                    self.bad.get_or_insert(Bad::NotUtf8);
                }
            },
            b"id" => match std::str::from_utf8(value) {
                Ok(v) if !v.contains('\0') => {
                    self.id_buffer.clear();
                    self.id_buffer.push_str(v);
                    self.own_id = true;
                }
                Ok(_) => {} // the standard ignores an id holding NUL
                Err(_) => {
                    self.bad.get_or_insert(Bad::NotUtf8);
                }
            },
            b"retry" if !value.is_empty() && value.iter().all(u8::is_ascii_digit) => {
                if let Some(ms) = std::str::from_utf8(value)
                    .ok()
                    .and_then(crate::json::parse_u64)
                {
                    self.retry_ms = Some(ms);
                }
            }
            _ => {}
        }
    }

    fn data_line(&mut self, value: &[u8]) {
        if self.bad.is_some() {
            return;
        }
        if self.data.len() + value.len() + 1 > self.max_data.saturating_add(1) {
            self.bad = Some(Bad::TooLong {
                limit: self.max_data,
            });
            self.data.clear();
            return;
        }
        // Checked line by line: a line break never splits a UTF-8 sequence.
        let Ok(value) = std::str::from_utf8(value) else {
            self.bad = Some(Bad::NotUtf8);
            self.data.clear();
            return;
        };
        self.data.push_str(value);
        self.data.push('\n');
    }

    fn dispatch(&mut self, emit: &mut (impl FnMut(Item<'_>) + ?Sized)) {
        self.last_event_id.clone_from(&self.id_buffer);
        if let Some(bad) = self.bad.take() {
            emit(Item::Bad(bad));
        } else if !self.data.is_empty() {
            self.data.pop(); // the LF after the last data line
            if self.data == DONE {
                self.done = true;
                emit(Item::Done);
            } else {
                emit(Item::Frame {
                    text: &self.data,
                    event: (!self.event.is_empty()).then_some(self.event.as_str()),
                    id: self.own_id.then_some(self.last_event_id.as_str()),
                });
            }
        }
        self.reset_event();
    }

    fn reset_event(&mut self) {
        self.data.clear();
        self.event.clear();
        self.own_id = false;
        self.bad = None;
    }
}

#[cfg(test)]
mod tests;
