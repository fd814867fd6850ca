//! A pull reader of JSON text (RFC 8259) that borrows from its input.
//!
//! The hot path decodes a frame once, field by field, straight into typed values: strings
//! without escapes are borrowed slices of the frame, a value the caller does not want yet
//! is skipped and kept as raw text, and nothing is built that is not used. Skipping keeps
//! its own small stack, so a deeply nested payload costs no recursion; building an owned
//! [`Value`] recurses and stops at [`MAX_DEPTH`], like `JSON.parse` stops at its own limit.
//!
//! Every failure is an [`Error`] naming what was expected and the byte offset.

use std::borrow::Cow;

use super::scan::plain_end;
use super::value::{Map, Number, Value};

/// How deep an owned [`Value`] may nest (arrays and objects).
pub const MAX_DEPTH: usize = 128;

/// Objects up to this many keys replace a repeated key in place on reading; larger ones
/// append, so a hostile frame with many keys costs linear time (a later duplicate still
/// wins on lookup, as in `JSON.parse`).
pub(crate) const DEDUPE_KEYS: usize = 64;

/// What went wrong, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What was expected or found.
    pub what: &'static str,
    /// The byte offset in the input.
    pub at: usize,
}

impl Error {
    /// `"<what> at byte <at>"`.
    pub fn message(&self) -> String {
        let mut out = String::with_capacity(self.what.len() + 16);
        out.push_str(self.what);
        out.push_str(" at byte ");
        super::write::write_u64(&mut out, self.at as u64);
        out
    }
}

/// The reader's result.
pub type Result<T> = std::result::Result<T, Error>;

/// A cursor over JSON text.
pub struct Reader<'a> {
    text: &'a str,
    pos: usize,
}

/// The kind of the next value, from its first byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool,
    /// A number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

/// A string read to be appended to a text slice: its text, with a lone surrogate at either
/// edge kept apart as its UTF-16 unit instead of replaced, so that a string a sender split
/// inside a surrogate pair (`"ab\ud83d"`, then `"\ude00cd"`) can join again the way
/// JavaScript's `+` joins it (`slices::text`). A lone surrogate inside is U+FFFD.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Piece<'a> {
    /// A lone low surrogate (`\udc00`..`\udfff`) the string opens with.
    pub lead: Option<u16>,
    /// The text between the edges.
    pub text: Cow<'a, str>,
    /// A lone high surrogate (`\ud800`..`\udbff`) the string ends with.
    pub trail: Option<u16>,
}

impl<'a> Piece<'a> {
    /// A piece of plain text, with nothing held apart.
    pub fn plain(text: impl Into<Cow<'a, str>>) -> Self {
        Piece {
            lead: None,
            text: text.into(),
            trail: None,
        }
    }

    /// Whether the piece holds nothing at all.
    pub fn is_empty(&self) -> bool {
        self.lead.is_none() && self.text.is_empty() && self.trail.is_none()
    }
}

/// One `\uXXXX` escape (or a pair of them).
enum Unit {
    /// A character (a pair joined).
    Char(char),
    /// A high surrogate not followed by a low one.
    High(u16),
    /// A low surrogate not preceded by a high one.
    Low(u16),
}

impl<'a> Reader<'a> {
    /// A reader at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        Reader { text, pos: 0 }
    }

    /// The byte offset of the cursor.
    pub fn pos(&self) -> usize {
        self.pos
    }

    fn err<T>(&self, what: &'static str) -> Result<T> {
        Err(Error { what, at: self.pos })
    }

    fn byte(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.byte() {
            self.pos += 1;
        }
    }

    /// The next non-whitespace byte, not consumed.
    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.byte()
    }

    fn expect(&mut self, b: u8, what: &'static str) -> Result<()> {
        if self.peek() == Some(b) {
            self.pos += 1;
            Ok(())
        } else {
            self.err(what)
        }
    }

    /// The kind of the next value, or an error at the end of input or a stray byte.
    pub fn kind(&mut self) -> Result<Kind> {
        Ok(match self.peek() {
            Some(b'n') => Kind::Null,
            Some(b't' | b'f') => Kind::Bool,
            Some(b'-' | b'0'..=b'9') => Kind::Number,
            Some(b'"') => Kind::String,
            Some(b'[') => Kind::Array,
            Some(b'{') => Kind::Object,
            Some(_) => return self.err("expected a JSON value"),
            None => return self.err("unexpected end of JSON"),
        })
    }

    /// Consumes a `null` if one is next; answers whether it did.
    pub fn null(&mut self) -> Result<bool> {
        if self.peek() != Some(b'n') {
            return Ok(false);
        }
        self.literal("null")?;
        Ok(true)
    }

    /// `None` for a `null`, else what `read` reads: an optional field's value.
    pub fn nullable<T>(&mut self, read: impl FnOnce(&mut Self) -> Result<T>) -> Result<Option<T>> {
        if self.null()? {
            Ok(None)
        } else {
            read(self).map(Some)
        }
    }

    fn literal(&mut self, word: &'static str) -> Result<()> {
        let end = self.pos + word.len();
        if self.text.as_bytes().get(self.pos..end) == Some(word.as_bytes()) {
            self.pos = end;
            Ok(())
        } else {
            self.err("expected a JSON value")
        }
    }

    /// Reads `true` or `false`.
    pub fn bool(&mut self) -> Result<bool> {
        match self.peek() {
            Some(b't') => self.literal("true").map(|()| true),
            Some(b'f') => self.literal("false").map(|()| false),
            _ => self.err("expected a boolean"),
        }
    }

    /// Reads a number, answering its text.
    pub fn number(&mut self) -> Result<&'a str> {
        self.skip_ws();
        let start = self.pos;
        if self.byte() == Some(b'-') {
            self.pos += 1;
        }
        match self.byte() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return self.err("expected a number"),
        }
        if self.byte() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.byte(), Some(b'0'..=b'9')) {
                return self.err("expected a digit after `.`");
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.byte() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.byte() {
                self.pos += 1;
            }
            if !matches!(self.byte(), Some(b'0'..=b'9')) {
                return self.err("expected a digit in the exponent");
            }
            self.digits();
        }
        Ok(self.text.get(start..self.pos).unwrap_or_default())
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.byte() {
            self.pos += 1;
        }
    }

    /// Reads a non-negative integer that fits a `u64`.
    pub fn u64(&mut self) -> Result<u64> {
        let at = self.pos;
        let text = self.number()?;
        super::value::parse_u64(text).ok_or(Error {
            what: "expected a non-negative integer",
            at,
        })
    }

    /// Reads an id given as a string or an integer; an integer is answered as its text
    /// (`42`, `-7`), borrowed like an unescaped string.
    pub fn id(&mut self) -> Result<Cow<'a, str>> {
        match self.peek() {
            Some(b'"') => self.string(),
            Some(b'-' | b'0'..=b'9') => {
                let at = self.pos;
                let text = self.number()?;
                if text.contains(['.', 'e', 'E']) {
                    return Err(Error {
                        what: "expected an integer id",
                        at,
                    });
                }
                Ok(Cow::Borrowed(text))
            }
            _ => self.err("expected a string or integer id"),
        }
    }

    /// Reads a string: borrowed when it has no escapes, unescaped into a new one otherwise.
    /// A lone surrogate becomes U+FFFD, as a `TextDecoder` would make it.
    pub fn string(&mut self) -> Result<Cow<'a, str>> {
        self.piece_or_string(false).map(|p| p.text)
    }

    /// Reads a string as a [`Piece`]: [`Reader::string`], except that a lone surrogate
    /// opening or ending it is kept apart.
    pub fn piece(&mut self) -> Result<Piece<'a>> {
        self.piece_or_string(true)
    }

    fn piece_or_string(&mut self, edges: bool) -> Result<Piece<'a>> {
        if self.peek() != Some(b'"') {
            return self.err("expected a string");
        }
        self.pos += 1;
        let start = self.pos;
        self.pos = plain_end(self.text.as_bytes(), start);
        match self.byte() {
            Some(b'"') => {
                let s = self.text.get(start..self.pos).unwrap_or_default();
                self.pos += 1;
                Ok(Piece::plain(s))
            }
            Some(b'\\') => self.unescape(start, edges),
            Some(_) => self.err("control character in a string"),
            None => self.err("unterminated string"),
        }
    }

    /// Finishes a string that has escapes; the cursor is at the first backslash. With
    /// `edges`, a lone surrogate opening or ending the string is kept apart.
    fn unescape(&mut self, start: usize, edges: bool) -> Result<Piece<'a>> {
        let mut out = String::from(self.text.get(start..self.pos).unwrap_or_default());
        let mut piece = Piece::default();
        loop {
            let run = self.pos;
            self.pos = plain_end(self.text.as_bytes(), run);
            match self.byte() {
                Some(b'"' | b'\\') => {}
                Some(_) => return self.err("control character in a string"),
                None => return self.err("unterminated string"),
            }
            out.push_str(self.text.get(run..self.pos).unwrap_or_default());
            if self.byte() == Some(b'"') {
                self.pos += 1;
                piece.text = Cow::Owned(out);
                return Ok(piece);
            }
            self.pos += 1; // the backslash
            let escaped = self.byte();
            self.pos += 1;
            match escaped {
                Some(b'"') => out.push('"'),
                Some(b'\\') => out.push('\\'),
                Some(b'/') => out.push('/'),
                Some(b'b') => out.push('\u{8}'),
                Some(b'f') => out.push('\u{c}'),
                Some(b'n') => out.push('\n'),
                Some(b'r') => out.push('\r'),
                Some(b't') => out.push('\t'),
                Some(b'u') => match self.unicode_escape()? {
                    Unit::Char(c) => out.push(c),
                    Unit::Low(unit) if edges && out.is_empty() && piece.lead.is_none() => {
                        piece.lead = Some(unit);
                    }
                    Unit::High(unit) if edges && self.byte() == Some(b'"') => {
                        piece.trail = Some(unit);
                    }
                    Unit::High(_) | Unit::Low(_) => out.push(char::REPLACEMENT_CHARACTER),
                },
                _ => {
                    self.pos -= 1;
                    return self.err("invalid escape in a string");
                }
            }
        }
    }

    /// The unit of a `\uXXXX` escape (the cursor after `u`), joining a surrogate pair.
    fn unicode_escape(&mut self) -> Result<Unit> {
        let high = self.hex4()?;
        if (0xDC00..0xE000).contains(&high) {
            return Ok(Unit::Low(high as u16));
        }
        if !(0xD800..0xDC00).contains(&high) {
            return Ok(Unit::Char(
                char::from_u32(high).unwrap_or(char::REPLACEMENT_CHARACTER),
            ));
        }
        let bytes = self.text.as_bytes();
        if bytes.get(self.pos) == Some(&b'\\') && bytes.get(self.pos + 1) == Some(&b'u') {
            let back = self.pos;
            self.pos += 2;
            let low = self.hex4()?;
            if (0xDC00..0xE000).contains(&low) {
                let c = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                return Ok(Unit::Char(
                    char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER),
                ));
            }
            self.pos = back;
        }
        Ok(Unit::High(high as u16))
    }

    fn hex4(&mut self) -> Result<u32> {
        let mut n = 0;
        for _ in 0..4 {
            let d = match self.byte() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                _ => return self.err("invalid \\u escape"),
            };
            n = n * 16 + u32::from(d);
            self.pos += 1;
        }
        Ok(n)
    }

    /// Enters an object; then call [`Reader::next_key`] until it answers `None`.
    pub fn begin_object(&mut self) -> Result<()> {
        self.expect(b'{', "expected an object")
    }

    /// The next key of the object entered, with its `:` consumed (the cursor is then at
    /// its value, which the caller must read or skip); `None` after the closing `}`.
    /// `first` starts `true` for each object.
    pub fn next_key(&mut self, first: &mut bool) -> Result<Option<Cow<'a, str>>> {
        match self.peek() {
            Some(b'}') => {
                self.pos += 1;
                return Ok(None);
            }
            Some(b',') if !*first => self.pos += 1,
            _ if *first => {}
            _ => return self.err("expected `,` or `}`"),
        }
        *first = false;
        if self.peek() != Some(b'"') {
            return self.err("expected a key");
        }
        let key = self.string()?;
        self.expect(b':', "expected `:`")?;
        Ok(Some(key))
    }

    /// Enters an array; then call [`Reader::next_item`] until it answers `false`.
    pub fn begin_array(&mut self) -> Result<()> {
        self.expect(b'[', "expected an array")
    }

    /// Whether another item follows in the array entered (the cursor is then at it).
    /// `first` starts `true` for each array.
    pub fn next_item(&mut self, first: &mut bool) -> Result<bool> {
        match self.peek() {
            Some(b']') => {
                self.pos += 1;
                return Ok(false);
            }
            Some(b',') if !*first => self.pos += 1,
            _ if *first => {}
            _ => return self.err("expected `,` or `]`"),
        }
        *first = false;
        Ok(true)
    }

    /// Skips one value, validating it, and answers its raw text. Iterative: nesting depth
    /// costs one bit each, not stack.
    pub fn skip(&mut self) -> Result<&'a str> {
        self.skip_ws();
        let start = self.pos;
        // One bit per open container: 1 for an object, 0 for an array.
        let mut open = Bits::default();
        loop {
            // At a value.
            match self.kind()? {
                Kind::Null => self.literal("null")?,
                Kind::Bool => {
                    self.bool()?;
                }
                Kind::Number => {
                    self.number()?;
                }
                Kind::String => {
                    self.skip_string()?;
                }
                Kind::Array => {
                    self.pos += 1;
                    if self.peek() != Some(b']') {
                        open.push(false);
                        continue;
                    }
                    self.pos += 1;
                }
                Kind::Object => {
                    self.pos += 1;
                    if self.peek() != Some(b'}') {
                        open.push(true);
                        self.skip_key()?;
                        continue;
                    }
                    self.pos += 1;
                }
            }
            // After a value: close what ends here, then move to the next value.
            loop {
                let Some(in_object) = open.top() else {
                    return Ok(self.text.get(start..self.pos).unwrap_or_default());
                };
                let close = if in_object { b'}' } else { b']' };
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        if in_object {
                            self.skip_key()?;
                        }
                        break;
                    }
                    Some(b) if b == close => {
                        self.pos += 1;
                        open.pop();
                    }
                    _ if in_object => return self.err("expected `,` or `}`"),
                    _ => return self.err("expected `,` or `]`"),
                }
            }
        }
    }

    fn skip_key(&mut self) -> Result<()> {
        if self.peek() != Some(b'"') {
            return self.err("expected a key");
        }
        self.skip_string()?;
        self.expect(b':', "expected `:`")
    }

    /// Skips a string (validating escapes) without building it.
    fn skip_string(&mut self) -> Result<()> {
        self.pos += 1; // the opening quote
        let bytes = self.text.as_bytes();
        loop {
            self.pos = plain_end(bytes, self.pos);
            match bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.pos += 1;
                    match bytes.get(self.pos) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                            self.pos += 1
                        }
                        Some(b'u') => {
                            self.pos += 1;
                            self.hex4()?;
                        }
                        _ => return self.err("invalid escape in a string"),
                    }
                }
                Some(_) => return self.err("control character in a string"),
                None => return self.err("unterminated string"),
            }
        }
    }

    /// Reads one value into an owned [`Value`], nesting at most [`MAX_DEPTH`] deep.
    pub fn value(&mut self) -> Result<Value> {
        self.value_at(0)
    }

    fn value_at(&mut self, depth: usize) -> Result<Value> {
        Ok(match self.kind()? {
            Kind::Null => {
                self.literal("null")?;
                Value::Null
            }
            Kind::Bool => Value::Bool(self.bool()?),
            Kind::Number => Value::Number(Number::from_text(self.number()?)),
            Kind::String => Value::String(self.string()?.into_owned()),
            Kind::Array => {
                if depth >= MAX_DEPTH {
                    return self.err("JSON nested too deep");
                }
                self.begin_array()?;
                let mut items = Vec::new();
                let mut first = true;
                while self.next_item(&mut first)? {
                    items.push(self.value_at(depth + 1)?);
                }
                Value::Array(items)
            }
            Kind::Object => {
                if depth >= MAX_DEPTH {
                    return self.err("JSON nested too deep");
                }
                self.begin_object()?;
                let mut map = Map::new();
                let mut first = true;
                while let Some(key) = self.next_key(&mut first)? {
                    let value = self.value_at(depth + 1)?;
                    if map.len() < DEDUPE_KEYS {
                        map.insert(key.into_owned(), value);
                    } else {
                        map.push_unchecked(key.into_owned(), value);
                    }
                }
                Value::Object(map)
            }
        })
    }

    /// Checks that only whitespace is left.
    pub fn finish(&mut self) -> Result<()> {
        match self.peek() {
            None => Ok(()),
            Some(_) => self.err("trailing characters after JSON"),
        }
    }
}

/// Parses a whole text as one JSON value.
pub fn parse(text: &str) -> Result<Value> {
    let mut r = Reader::new(text);
    let value = r.value()?;
    r.finish()?;
    Ok(value)
}

/// A stack of bits: inline for the first 64 levels, spilling to the heap beyond.
#[derive(Default)]
struct Bits {
    inline: u64,
    spill: Vec<u64>,
    len: usize,
}

impl Bits {
    fn push(&mut self, bit: bool) {
        let (word, shift) = (self.len / 64, self.len % 64);
        if word > 0 && self.spill.len() < word {
            self.spill.push(0);
        }
        let slot = match word {
            0 => &mut self.inline,
            _ => match self.spill.get_mut(word - 1) {
                Some(slot) => slot,
                None => return,
            },
        };
        *slot = (*slot & !(1 << shift)) | (u64::from(bit) << shift);
        self.len += 1;
    }

    fn top(&self) -> Option<bool> {
        let i = self.len.checked_sub(1)?;
        let (word, shift) = (i / 64, i % 64);
        let bits = match word {
            0 => self.inline,
            _ => *self.spill.get(word - 1)?,
        };
        Some(bits >> shift & 1 == 1)
    }

    fn pop(&mut self) {
        self.len = self.len.saturating_sub(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_borrow_unless_escaped() {
        let mut r = Reader::new(r#" "plain" "a\nb\u00e9\ud83d\ude00\"" "#);
        assert!(matches!(r.string().unwrap(), Cow::Borrowed("plain")));
        assert_eq!(r.string().unwrap(), "a\nbé😀\"");
        r.finish().unwrap();
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        assert_eq!(Reader::new(r#""\ud800x""#).string().unwrap(), "\u{fffd}x");
        assert_eq!(Reader::new(r#""\udc00""#).string().unwrap(), "\u{fffd}");
    }

    #[test]
    fn objects_are_read_key_by_key() {
        let mut r = Reader::new(r#"{"a": 1, "b" : [true, null], "c": {"d": "e"}}"#);
        r.begin_object().unwrap();
        let mut first = true;
        let mut seen = Vec::new();
        while let Some(key) = r.next_key(&mut first).unwrap() {
            seen.push((key.into_owned(), r.skip().unwrap()));
        }
        r.finish().unwrap();
        assert_eq!(
            seen,
            [
                ("a".to_owned(), "1"),
                ("b".to_owned(), "[true, null]"),
                ("c".to_owned(), r#"{"d": "e"}"#)
            ]
        );
    }

    #[test]
    fn skip_handles_deep_nesting_without_recursion() {
        let deep = format!("{}1{}", "[{\"k\":".repeat(50_000), "}]".repeat(50_000));
        let mut r = Reader::new(&deep);
        assert_eq!(r.skip().unwrap().len(), deep.len());
        assert!(parse(&deep).is_err(), "owned values stop at MAX_DEPTH");
    }

    #[test]
    fn malformed_input_is_an_error_with_its_offset() {
        for (text, what) in [
            ("", "unexpected end of JSON"),
            ("{", "expected a key"),
            (r#"{"a" 1}"#, "expected `:`"),
            (r#"{"a":1,}"#, "expected a key"),
            ("[1 2]", "expected `,` or `]`"),
            ("[1,]", "expected a JSON value"),
            ("01", "trailing characters after JSON"),
            ("1.", "expected a digit after `.`"),
            ("-", "expected a number"),
            ("nul", "expected a JSON value"),
            ("\"a", "unterminated string"),
            ("\"\\x\"", "invalid escape in a string"),
            ("\"\u{1}\"", "control character in a string"),
            ("[] []", "trailing characters after JSON"),
        ] {
            let err = parse(text).unwrap_err();
            assert_eq!(err.what, what, "{text:?}");
            let mut r = Reader::new(text);
            assert!(r.skip().and_then(|_| r.finish()).is_err(), "skip {text:?}");
        }
        assert_eq!(
            parse("[1 2]").unwrap_err().message(),
            "expected `,` or `]` at byte 3"
        );
    }

    #[test]
    fn later_duplicate_keys_win() {
        let v = parse(r#"{"a":1,"b":2,"a":3}"#).unwrap();
        assert_eq!(v.get("a").and_then(Value::as_u64), Some(3));
        assert_eq!(v.as_object().map(Map::len), Some(2));
        let many: String = (0..100).map(|i| format!("\"k{i}\":{i},")).collect();
        let v = parse(&format!("{{{many}\"k1\":7}}")).unwrap();
        assert_eq!(v.get("k1").and_then(Value::as_u64), Some(7));
    }

    #[test]
    fn ids_are_strings_or_integers_as_their_text() {
        let mut r = Reader::new(r#"["m1", 42, -7, "a\"b"]"#);
        r.begin_array().unwrap();
        let mut first = true;
        let mut ids = Vec::new();
        while r.next_item(&mut first).unwrap() {
            ids.push(r.id().unwrap());
        }
        assert!(matches!(ids[0], Cow::Borrowed("m1")));
        assert!(matches!(ids[1], Cow::Borrowed("42")));
        assert_eq!(ids[2], "-7");
        assert_eq!(ids[3], "a\"b");
        for (text, what) in [
            ("1.5", "expected an integer id"),
            ("1e3", "expected an integer id"),
            ("{}", "expected a string or integer id"),
            ("null", "expected a string or integer id"),
            ("[1]", "expected a string or integer id"),
        ] {
            assert_eq!(Reader::new(text).id().unwrap_err().what, what, "{text}");
        }
    }

    #[test]
    fn typed_reads_reject_other_kinds() {
        assert_eq!(
            Reader::new("5").string().unwrap_err().what,
            "expected a string"
        );
        assert_eq!(
            Reader::new("\"5\"").u64().unwrap_err().what,
            "expected a number"
        );
        assert_eq!(
            Reader::new("-5").u64().unwrap_err().what,
            "expected a non-negative integer"
        );
        assert_eq!(Reader::new("7 ").u64().unwrap(), 7);
        let mut r = Reader::new("null 1");
        assert!(r.null().unwrap());
        assert!(!r.null().unwrap());
    }

    #[test]
    fn nullable_reads_null_as_none_and_checks_anything_else() {
        let mut r = Reader::new(r#"null "x" 5"#);
        assert_eq!(r.nullable(Reader::string).unwrap(), None);
        assert_eq!(r.nullable(Reader::string).unwrap().as_deref(), Some("x"));
        assert_eq!(
            r.nullable(Reader::string).unwrap_err().what,
            "expected a string"
        );
    }
}
