//! Records split by one byte: NDJSON (one JSON text per line, <https://github.com/ndjson/ndjson-spec>)
//! and JSON text sequences (RFC 7464: each text after an RS, 0x1E, and before a LF).
//!
//! Both are the same splitter with a different separator: NDJSON splits at LF, a JSON text
//! sequence at RS. Whitespace around a record (the CR of CRLF, RFC 7464's LF) is trimmed
//! and an empty record is nothing. A record longer than the limit is dropped as it arrives
//! and reported once it ends; one that is not UTF-8 is reported and dropped; the stream goes
//! on with the next record either way. The last record needs no separator after it (a JSON
//! text that was cut short fails to parse and is reported then).

use super::{Bad, Item};

/// RFC 7464's record separator.
pub const RS: u8 = 0x1E;
/// The UTF-8 byte order mark, skipped at the start of an NDJSON body.
const BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

/// A splitter of records by one separator byte.
#[derive(Debug)]
pub struct Records {
    separator: u8,
    record: Vec<u8>,
    skipping: bool,
    at_start: bool,
    max: usize,
}

impl Records {
    /// NDJSON: records end at LF.
    pub fn ndjson(max: usize) -> Self {
        Self::new(b'\n', max)
    }

    /// RFC 7464: records start at RS.
    pub fn json_seq(max: usize) -> Self {
        Self::new(RS, max)
    }

    fn new(separator: u8, max: usize) -> Self {
        Records {
            separator,
            record: Vec::new(),
            skipping: false,
            at_start: true,
            max,
        }
    }

    /// Starts a new body (a reconnect).
    pub fn restart(&mut self) {
        *self = Self::new(self.separator, self.max);
    }

    /// Splits `chunk`, calling `emit` for each complete record and bad one.
    pub fn push(&mut self, mut chunk: &[u8], emit: &mut (impl FnMut(Item<'_>) + ?Sized)) {
        while let Some(end) = super::scan::find(chunk, self.separator) {
            let (head, rest) = chunk.split_at(end);
            chunk = rest.get(1..).unwrap_or_default();
            if self.record.is_empty() && !self.skipping {
                self.complete(head, emit);
            } else {
                self.carry(head);
                let record = std::mem::take(&mut self.record);
                self.complete(&record, emit);
                self.record = record;
                self.record.clear();
            }
        }
        self.carry(chunk);
    }

    /// Ends the body: the last record needs no separator.
    pub fn finish(&mut self, emit: &mut (impl FnMut(Item<'_>) + ?Sized)) {
        let record = std::mem::take(&mut self.record);
        self.complete(&record, emit);
    }

    fn carry(&mut self, part: &[u8]) {
        if self.skipping {
            return;
        }
        if self.record.len() + part.len() > self.max {
            self.record.clear();
            self.skipping = true;
            return;
        }
        self.record.extend_from_slice(part);
    }

    fn complete(&mut self, record: &[u8], emit: &mut (impl FnMut(Item<'_>) + ?Sized)) {
        let mut record = record;
        if std::mem::take(&mut self.at_start) {
            record = record.strip_prefix(BOM).unwrap_or(record);
        }
        if std::mem::take(&mut self.skipping) || record.len() > self.max {
            return emit(Item::Bad(Bad::TooLong { limit: self.max }));
        }
        let record = record.trim_ascii();
        if record.is_empty() {
            return;
        }
        match std::str::from_utf8(record) {
            Ok(text) => emit(Item::Frame {
                text,
                event: None,
                id: None,
            }),
            Err(_) => emit(Item::Bad(Bad::NotUtf8)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Everything the splitter emits for `body` pushed in `chunks` pieces split at `cuts`.
    fn split(mut r: Records, body: &[u8], cuts: &[usize]) -> Vec<String> {
        let mut out = Vec::new();
        let mut emit = |item: Item<'_>| out.push(item.describe());
        let mut at = 0;
        for &cut in cuts.iter().chain(std::iter::once(&body.len())) {
            r.push(&body[at..cut], &mut emit);
            at = cut;
        }
        r.finish(&mut emit);
        out
    }

    #[test]
    fn ndjson_lines_are_frames_at_every_chunk_boundary() {
        let body = "\u{feff}{\"a\":1}\r\n\n  \n{\"b\":\"é😀\"}\n{\"c\":3}".as_bytes();
        let whole = split(Records::ndjson(100), body, &[]);
        assert_eq!(
            whole,
            [
                r#"frame {"a":1}"#,
                r#"frame {"b":"é😀"}"#,
                r#"frame {"c":3}"#
            ]
        );
        for i in 0..=body.len() {
            for j in i..=body.len() {
                assert_eq!(
                    split(Records::ndjson(100), body, &[i, j]),
                    whole,
                    "cut at {i}, {j}"
                );
            }
        }
    }

    #[test]
    fn json_seq_records_start_at_rs() {
        let body = b"\x1e{\"a\":1}\n\x1e{\"b\":2}\n\x1e\n\x1e{\"c\":3}";
        let whole = split(Records::json_seq(100), body, &[]);
        assert_eq!(
            whole,
            [r#"frame {"a":1}"#, r#"frame {"b":2}"#, r#"frame {"c":3}"#]
        );
        for i in 0..=body.len() {
            assert_eq!(
                split(Records::json_seq(100), body, &[i]),
                whole,
                "cut at {i}"
            );
        }
    }

    #[test]
    fn an_overlong_record_is_dropped_and_reported_once_and_the_next_one_applies() {
        let mut body = b"{\"a\":1}\n".to_vec();
        body.extend(std::iter::repeat_n(b'x', 10 << 20));
        body.extend_from_slice(b"\n{\"b\":2}\n");
        for cuts in [&[][..], &[3, 5000, 70_000]] {
            let out = split(Records::ndjson(1 << 20), &body, cuts);
            assert_eq!(
                out,
                [
                    r#"frame {"a":1}"#,
                    "bad longer than 1048576 bytes",
                    r#"frame {"b":2}"#
                ]
            );
        }
    }

    #[test]
    fn invalid_utf8_is_reported_and_the_stream_goes_on() {
        let body = b"{\"a\":\"\xff\"}\n{\"b\":\"\xe2\x82\"}\n{\"c\":1}\n";
        let out = split(Records::ndjson(100), body, &[]);
        assert_eq!(out, ["bad not UTF-8", "bad not UTF-8", r#"frame {"c":1}"#]);
    }

    #[test]
    fn nul_bytes_pass_through_to_the_json_reader_which_rejects_them() {
        let out = split(Records::ndjson(100), b"{\"a\":\"\0\"}\n", &[]);
        assert_eq!(out, ["frame {\"a\":\"\0\"}"]);
    }
}
