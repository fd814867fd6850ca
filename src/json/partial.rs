//! Incremental parsing of JSON that arrives in pieces: a tool call's streamed arguments.
//!
//! Every piece is read once. The parser keeps its place between pieces (the open
//! containers, the token in progress) and grows the value in place, so arguments that
//! arrive in n pieces cost time linear in their total length, never a re-parse of the text
//! so far on every piece (the O(n²) of `parsePartialJson` in the AI SDK and of
//! `untruncate-json` in AG-UI's client, which both re-read the whole prefix per delta).
//!
//! Between pieces, [`PartialJson::value`] is the best view of the text so far, by the AI
//! SDK's `fixJson` rules, so a UI shows what it would show there: an open string shows the
//! characters read (a pending escape not yet), an open container its members so far, a
//! member appears once its value has begun, a partial literal reads as the literal it must
//! become (`t` → `true`), and a number as its text up to its last digit (`1.` → `1`, a lone
//! `-` → not yet there). A high surrogate escape waits for its low half, so the view is
//! always well-formed text.
//!
//! Text that is not JSON stops the parser at the first wrong byte ([`PartialJson::error`]);
//! the view keeps what was read before it. Nesting is bounded by [`MAX_DEPTH`], as the
//! whole-text reader bounds it.

use super::read::{Error, MAX_DEPTH};
use super::scan::plain_end;
use super::value::{Map, Number, Value};

/// What the parser expects next, outside of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// A value (at the root, after `:`, after `,` in an array).
    Value,
    /// A value or `]` (just after `[`).
    ValueOrClose,
    /// A key or `}` (just after `{`).
    KeyOrClose,
    /// A key (after `,` in an object).
    Key,
    /// The `:` after a key.
    Colon,
    /// `,` or the closing bracket of the innermost container.
    CommaOrClose,
    /// Nothing but whitespace: the root value is complete.
    End,
}

/// The token being read, which may span pieces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    /// Between tokens.
    None,
    /// Inside a string (an object key when `key`).
    Str { key: bool },
    /// After a backslash in a string.
    Escape { key: bool },
    /// Inside `\uXXXX`: the digits read so far and their value.
    Unicode { key: bool, digits: u8, code: u32 },
    /// Inside a number (its text is `number`).
    Number(NumberState),
    /// Inside `true`, `false` or `null`: how many bytes of it were read.
    Literal { word: &'static str, read: usize },
}

/// Where a number's text stands (RFC 8259, section 6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumberState {
    /// After `-`.
    Minus,
    /// After a leading `0`.
    Zero,
    /// In the integer digits.
    Int,
    /// After `.`.
    Dot,
    /// In the fraction digits.
    Frac,
    /// After `e` or `E`.
    Exp,
    /// After the exponent's sign.
    ExpSign,
    /// In the exponent digits.
    ExpDigits,
}

impl NumberState {
    /// The state after `b`, or `None` if `b` cannot come next in a number.
    fn next(self, b: u8) -> Option<NumberState> {
        use NumberState::*;
        let digit = b.is_ascii_digit();
        Some(match (self, b) {
            (Minus, b'0') => Zero,
            (Minus, _) if digit => Int,
            (Int, _) if digit => Int,
            (Zero | Int, b'.') => Dot,
            (Dot | Frac, _) if digit => Frac,
            (Zero | Int | Frac, b'e' | b'E') => Exp,
            (Exp, b'+' | b'-') => ExpSign,
            (Exp | ExpSign | ExpDigits, _) if digit => ExpDigits,
            _ => return None,
        })
    }

    /// Whether the text so far is a whole number.
    fn is_complete(self) -> bool {
        matches!(
            self,
            NumberState::Zero | NumberState::Int | NumberState::Frac | NumberState::ExpDigits
        )
    }
}

/// An open container, innermost last. An object remembers which member is being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    Array,
    Object { member: usize },
}

/// JSON read piece by piece; see the module docs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PartialJson {
    /// The value so far; `None` until one has begun.
    root: Option<Value>,
    open: Vec<Open>,
    expect: Option<Expect>,
    token: Option<Token>,
    /// The key being read, or read and waiting for its value to begin.
    key: String,
    /// The number being read.
    number: String,
    /// Whether the number being read is in the value yet (it is once it has a digit).
    number_shown: bool,
    /// A `\uD8xx` escape waiting for its low half.
    high: Option<u32>,
    /// Bytes consumed, for error offsets.
    pos: usize,
    error: Option<Error>,
}

impl PartialJson {
    /// A parser that has read nothing.
    pub fn new() -> Self {
        Self::default()
    }

    /// The value so far (see the module docs); `None` before one has begun.
    pub fn value(&self) -> Option<&Value> {
        self.root.as_ref()
    }

    /// Takes the value so far, leaving the parser empty.
    pub fn take_value(&mut self) -> Option<Value> {
        self.root.take()
    }

    /// Why the text is not JSON, if a piece showed it.
    pub fn error(&self) -> Option<&Error> {
        self.error.as_ref()
    }

    /// Whether the text so far is one whole JSON value (whitespace may follow). A number at
    /// the root counts as whole: no more digits can be told apart from none.
    pub fn is_complete(&self) -> bool {
        if self.error.is_some() {
            return false;
        }
        match (self.expect, self.token) {
            (Some(Expect::End), None | Some(Token::None)) => true,
            (_, Some(Token::Number(state))) => self.open.is_empty() && state.is_complete(),
            _ => false,
        }
    }

    /// The whole value, once the text is complete; otherwise why not, for a person.
    pub fn finish(&self) -> Result<&Value, String> {
        if let Some(e) = &self.error {
            return Err(e.message());
        }
        match self.root.as_ref() {
            Some(v) if self.is_complete() => Ok(v),
            _ => Err(Error {
                what: "unexpected end of JSON",
                at: self.pos,
            }
            .message()),
        }
    }

    /// Reads the next piece. Nothing is read after an error.
    pub fn push(&mut self, piece: &str) {
        let bytes = piece.as_bytes();
        let mut i = 0;
        while i < bytes.len() && self.error.is_none() {
            i = match self.token.unwrap_or(Token::None) {
                Token::Str { key } => self.string_run(piece, i, key),
                Token::None => self.structural(bytes, i),
                token => self.in_token(token, bytes, i),
            };
        }
        self.pos += bytes.len();
        self.show_number();
    }

    fn fail(&mut self, what: &'static str, at: usize) {
        self.error = Some(Error {
            what,
            at: self.pos + at,
        });
    }

    /// Between tokens: whitespace, punctuation, or the first byte of a value or key.
    fn structural(&mut self, bytes: &[u8], i: usize) -> usize {
        let Some(&b) = bytes.get(i) else {
            return i;
        };
        if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
            return i + 1;
        }
        let expect = self.expect.unwrap_or(Expect::Value);
        match (expect, b) {
            (Expect::ValueOrClose | Expect::CommaOrClose, b']') => self.close(true, i),
            (Expect::KeyOrClose | Expect::CommaOrClose, b'}') => self.close(false, i),
            (Expect::CommaOrClose, b',') => {
                self.expect = Some(match self.open.last() {
                    Some(Open::Object { .. }) => Expect::Key,
                    _ => Expect::Value,
                });
            }
            (Expect::KeyOrClose | Expect::Key, b'"') => {
                self.key.clear();
                self.token = Some(Token::Str { key: true });
            }
            (Expect::Colon, b':') => self.expect = Some(Expect::Value),
            (Expect::Value | Expect::ValueOrClose, _) => self.begin_value(b, i),
            (Expect::KeyOrClose | Expect::Key, _) => self.fail("expected a key", i),
            (Expect::Colon, _) => self.fail("expected `:`", i),
            (Expect::CommaOrClose, _) => self.fail("expected `,` or a closing bracket", i),
            (Expect::End, _) => self.fail("trailing characters after JSON", i),
        }
        i + 1
    }

    /// The first byte `b` of a value.
    fn begin_value(&mut self, b: u8, i: usize) {
        match b {
            b'{' | b'[' => {
                if self.open.len() >= MAX_DEPTH {
                    return self.fail("JSON nested too deep", i);
                }
                let (value, open) = if b == b'{' {
                    (Value::Object(Map::new()), Open::Object { member: 0 })
                } else {
                    (Value::Array(Vec::new()), Open::Array)
                };
                self.place(value);
                self.open.push(open);
                self.expect = Some(if b == b'{' {
                    Expect::KeyOrClose
                } else {
                    Expect::ValueOrClose
                });
            }
            b'"' => {
                self.place(Value::String(String::new()));
                self.token = Some(Token::Str { key: false });
            }
            b't' | b'f' | b'n' => {
                let (word, value) = match b {
                    b't' => ("true", Value::Bool(true)),
                    b'f' => ("false", Value::Bool(false)),
                    _ => ("null", Value::Null),
                };
                // Shown as the literal it must become, as `fixJson` completes it.
                self.place(value);
                self.token = Some(Token::Literal { word, read: 1 });
            }
            b'-' | b'0'..=b'9' => {
                self.number.clear();
                self.number.push(char::from(b));
                self.number_shown = false;
                let state = if b == b'-' {
                    NumberState::Minus
                } else if b == b'0' {
                    NumberState::Zero
                } else {
                    NumberState::Int
                };
                self.token = Some(Token::Number(state));
            }
            _ => self.fail("expected a JSON value", i),
        }
    }

    /// Inside a literal, an escape or a number.
    fn in_token(&mut self, token: Token, bytes: &[u8], i: usize) -> usize {
        let Some(&b) = bytes.get(i) else {
            return i;
        };
        match token {
            Token::Literal { word, read } => {
                if word.as_bytes().get(read) != Some(&b) {
                    self.fail("invalid literal", i);
                    return i;
                }
                if read + 1 == word.len() {
                    self.end_value();
                } else {
                    self.token = Some(Token::Literal {
                        word,
                        read: read + 1,
                    });
                }
                i + 1
            }
            Token::Escape { key } => {
                let c = match b {
                    b'"' => '"',
                    b'\\' => '\\',
                    b'/' => '/',
                    b'b' => '\u{8}',
                    b'f' => '\u{c}',
                    b'n' => '\n',
                    b'r' => '\r',
                    b't' => '\t',
                    b'u' => {
                        self.token = Some(Token::Unicode {
                            key,
                            digits: 0,
                            code: 0,
                        });
                        return i + 1;
                    }
                    _ => {
                        self.fail("invalid escape in a string", i);
                        return i;
                    }
                };
                let mut buf = [0u8; 4];
                self.append(key, c.encode_utf8(&mut buf));
                self.token = Some(Token::Str { key });
                i + 1
            }
            Token::Unicode { key, digits, code } => {
                let Some(d) = char::from(b).to_digit(16) else {
                    self.fail("invalid \\u escape", i);
                    return i;
                };
                let code = code * 16 + d;
                if digits < 3 {
                    self.token = Some(Token::Unicode {
                        key,
                        digits: digits + 1,
                        code,
                    });
                } else {
                    self.unicode(key, code);
                    self.token = Some(Token::Str { key });
                }
                i + 1
            }
            Token::Number(state) => match state.next(b) {
                Some(next) => {
                    self.number.push(char::from(b));
                    self.token = Some(Token::Number(next));
                    i + 1
                }
                None if state.is_complete() => {
                    // The byte after the number is read again, as structure.
                    self.show_number();
                    self.end_value();
                    i
                }
                None => {
                    self.fail("invalid number", i);
                    i
                }
            },
            Token::None | Token::Str { .. } => i,
        }
    }

    /// Inside a string: copies the plain run at `i` in one go, then handles what ends it.
    fn string_run(&mut self, piece: &str, i: usize, key: bool) -> usize {
        let bytes = piece.as_bytes();
        let end = plain_end(bytes, i);
        if end > i {
            // `end` is at an ASCII byte or the piece's end: a char boundary.
            self.append(key, piece.get(i..end).unwrap_or_default());
        }
        match bytes.get(end) {
            None => end,
            Some(b'"') => {
                self.flush_high(key);
                if key {
                    self.token = Some(Token::None);
                    self.expect = Some(Expect::Colon);
                } else {
                    self.end_value();
                }
                end + 1
            }
            Some(b'\\') => {
                self.token = Some(Token::Escape { key });
                end + 1
            }
            Some(_) => {
                self.fail("control character in a string", end);
                end
            }
        }
    }

    /// The character of a `\u` escape, joining a surrogate pair; a lone surrogate becomes
    /// U+FFFD, as in the whole-text reader.
    fn unicode(&mut self, key: bool, code: u32) {
        let c = match (self.high.take(), code) {
            (Some(high), 0xDC00..=0xDFFF) => {
                char::from_u32(0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00))
            }
            (high, _) => {
                if high.is_some() {
                    self.push_char(key, char::REPLACEMENT_CHARACTER);
                }
                if (0xD800..0xDC00).contains(&code) {
                    self.high = Some(code);
                    return;
                }
                char::from_u32(code)
            }
        };
        self.push_char(key, c.unwrap_or(char::REPLACEMENT_CHARACTER));
    }

    fn push_char(&mut self, key: bool, c: char) {
        let mut buf = [0u8; 4];
        self.append_now(key, c.encode_utf8(&mut buf));
    }

    /// A waiting high surrogate that no low half followed becomes U+FFFD.
    fn flush_high(&mut self, key: bool) {
        if self.high.take().is_some() {
            self.push_char(key, char::REPLACEMENT_CHARACTER);
        }
    }

    /// Appends text to the key or the string being read.
    fn append(&mut self, key: bool, text: &str) {
        self.flush_high(key);
        self.append_now(key, text);
    }

    fn append_now(&mut self, key: bool, text: &str) {
        if key {
            self.key.push_str(text);
        } else if let Some(Value::String(s)) = self.current() {
            s.push_str(text);
        }
    }

    /// Puts a value that has just begun where it belongs: the root, the end of the
    /// innermost array, or the innermost object under the key read last.
    fn place(&mut self, value: Value) {
        let Some(depth) = self.open.len().checked_sub(1) else {
            self.root = Some(value);
            return;
        };
        let key = std::mem::take(&mut self.key);
        let member = match self.root.as_mut().and_then(|r| walk(r, &self.open, depth)) {
            Some(Value::Array(items)) => {
                items.push(value);
                None
            }
            Some(Value::Object(map)) => Some(map.put(key, value)),
            _ => None,
        };
        if let (Some(index), Some(Open::Object { member })) = (member, self.open.last_mut()) {
            *member = index;
        }
    }

    /// The value being read (a string or number): the current child of the innermost
    /// container, or the root.
    fn current(&mut self) -> Option<&mut Value> {
        let depth = self.open.len();
        let root = self.root.as_mut()?;
        walk(root, &self.open, depth)
    }

    /// Shows the number being read, up to its last digit (placing it at its first).
    fn show_number(&mut self) {
        let Some(Token::Number(state)) = self.token else {
            return;
        };
        let digits = if state.is_complete() {
            self.number.len()
        } else {
            self.number
                .trim_end_matches(['-', '+', '.', 'e', 'E'])
                .len()
        };
        let Some(text) = self
            .number
            .get(..digits)
            .filter(|t| !t.is_empty() && *t != "-")
        else {
            return;
        };
        let number = Value::Number(Number::from_text(text));
        if self.number_shown {
            if let Some(slot) = self.current() {
                *slot = number;
            }
        } else {
            self.number_shown = true;
            self.place(number);
        }
    }

    /// A scalar value ended: the container (or the root) decides what comes next.
    fn end_value(&mut self) {
        self.token = Some(Token::None);
        self.expect = Some(if self.open.is_empty() {
            Expect::End
        } else {
            Expect::CommaOrClose
        });
    }

    /// Closes the innermost container with `]` (`array`) or `}`.
    fn close(&mut self, array: bool, i: usize) {
        match self.open.last() {
            Some(Open::Array) if array => {}
            Some(Open::Object { .. }) if !array => {}
            _ => return self.fail("mismatched closing bracket", i),
        }
        self.open.pop();
        self.end_value();
    }
}

/// The value `depth` levels down from `root`, following each open container's current
/// child (an array's last item, an object's member being read).
fn walk<'v>(root: &'v mut Value, open: &[Open], depth: usize) -> Option<&'v mut Value> {
    let mut node = root;
    for level in open.iter().take(depth) {
        node = match (node, level) {
            (Value::Array(items), Open::Array) => items.last_mut()?,
            (Value::Object(map), Open::Object { member }) => map.value_at_mut(*member)?,
            _ => return None,
        };
    }
    Some(node)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{jv, parse, to_string};

    /// The view after each prefix, as JSON text (`-` before a value begins).
    fn views(text: &str) -> Vec<String> {
        let mut p = PartialJson::new();
        let mut out = Vec::new();
        for c in text.chars() {
            let mut buf = [0u8; 4];
            p.push(c.encode_utf8(&mut buf));
            out.push(p.value().map_or_else(|| "-".to_owned(), to_string));
        }
        out
    }

    /// The view after `text`, read char by char and read whole (which must agree).
    fn last_view(text: &str) -> String {
        let mut whole = PartialJson::new();
        whole.push(text);
        let whole = whole.value().map_or_else(|| "-".to_owned(), to_string);
        let by_char = views(text).pop().unwrap_or_else(|| "-".to_owned());
        assert_eq!(whole, by_char, "{text:?}");
        whole
    }

    #[test]
    fn a_streamed_object_shows_its_members_as_they_begin() {
        assert_eq!(
            views(r#"{"city":"Pa"}"#),
            [
                "{}",
                "{}",
                "{}",
                "{}",
                "{}",
                "{}",
                "{}",
                "{}",
                r#"{"city":""}"#,
                r#"{"city":"P"}"#,
                r#"{"city":"Pa"}"#,
                r#"{"city":"Pa"}"#,
                r#"{"city":"Pa"}"#,
            ]
        );
    }

    #[test]
    fn partial_tokens_read_as_fix_json_reads_them() {
        for (prefix, view) in [
            ("", "-"),
            ("  ", "-"),
            ("[", "[]"),
            ("[1", "[1]"),
            ("[1,", "[1]"),
            ("[1, -", "[1]"),
            ("[1, -2", "[1,-2]"),
            ("[1.", "[1]"),
            ("[1.5e", "[1.5]"),
            ("[1.5e-", "[1.5]"),
            ("[1.5e-3", "[1.5e-3]"),
            ("[t", "[true]"),
            ("[fa", "[false]"),
            ("[n", "[null]"),
            (r#"{"a":1,"b"#, r#"{"a":1}"#),
            (r#"{"a":1,"b":"#, r#"{"a":1}"#),
            (r#"{"a":{"b":[{"c":"x"#, r#"{"a":{"b":[{"c":"x"}]}}"#),
            (r#"["ab\"#, r#"["ab"]"#),
            (r#"["ab\u00"#, r#"["ab"]"#),
            (r#"["ab\u00e9"#, r#"["abé"]"#),
            (r#"["\ud83d"#, r#"[""]"#),
            (r#"["\ud83d\ude00"#, r#"["😀"]"#),
            ("\"x", "\"x\""),
            ("4", "4"),
            ("-", "-"),
        ] {
            assert_eq!(last_view(prefix), view, "prefix {prefix:?}");
        }
    }

    #[test]
    fn a_whole_text_finishes_to_what_the_reader_parses() {
        for text in [
            r#"{"q":"rust wasm","n":3,"tags":["a","b"],"deep":{"x":[1,{"y":null}]},"ok":true}"#,
            r#"  [ 0 , -0.5E+2 , "\u00e9\n\t\"\\\/" , false , {} , [] ]  "#,
            r#""just a string""#,
            "12345",
            "null",
            r#"{"a":1,"a":2}"#,
            r#"{"emoji":"\ud83d\ude00 日本語 😀","lone":"\ud800x"}"#,
        ] {
            let mut p = PartialJson::new();
            p.push(text);
            assert!(p.is_complete(), "{text}");
            assert_eq!(p.finish(), Ok(&parse(text).unwrap()), "{text}");
        }
    }

    #[test]
    fn any_split_into_pieces_gives_the_same_value() {
        let text = r#"{"city":"Zürich 😀","days":[1,22,-3.5e2],"flags":{"metric":true,"x":null},"note":"a\"b\u00e9\ud83d\ude00"}"#;
        let want = parse(text).unwrap();
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|i| text.is_char_boundary(*i))
            .collect();
        for step in 1..8 {
            for start in 0..step {
                let mut p = PartialJson::new();
                let mut last = 0;
                for &b in bounds.iter().skip(start).step_by(step) {
                    p.push(&text[last..b]);
                    last = b;
                }
                p.push(&text[last..]);
                assert_eq!(p.finish(), Ok(&want), "step {step} start {start}");
            }
        }
    }

    #[test]
    fn a_member_repeated_keeps_its_place_and_takes_the_last_value() {
        let mut p = PartialJson::new();
        p.push(r#"{"a":"x","b":1,"a":"y"#);
        assert_eq!(p.value(), Some(&jv!({"a": "y", "b": 1})));
        p.push(r#"z"}"#);
        assert_eq!(p.finish(), Ok(&jv!({"a": "yz", "b": 1})));
    }

    #[test]
    fn text_that_is_not_json_stops_at_the_wrong_byte_and_keeps_the_view() {
        for (text, what, view) in [
            (
                r#"{"a":1 "b""#,
                "expected `,` or a closing bracket",
                r#"{"a":1}"#,
            ),
            (r#"{"a":tru,"#, "invalid literal", r#"{"a":true}"#),
            (
                r#"{"a":01}"#,
                "expected `,` or a closing bracket",
                r#"{"a":0}"#,
            ),
            ("[1}", "mismatched closing bracket", "[1]"),
            (r#"{"a":"\x"}"#, "invalid escape in a string", r#"{"a":""}"#),
            ("{1:2}", "expected a key", "{}"),
            (r#"{"a" 1}"#, "expected `:`", "{}"),
            ("[1]]", "trailing characters after JSON", "[1]"),
            ("[-]", "invalid number", "[]"),
            ("?", "expected a JSON value", "-"),
        ] {
            let mut p = PartialJson::new();
            p.push(text);
            p.push(r#"{"more":1}"#);
            assert_eq!(p.error().map(|e| e.what), Some(what), "{text}");
            assert_eq!(
                p.value().map_or_else(|| "-".to_owned(), to_string),
                view,
                "{text}"
            );
            assert!(p.finish().is_err());
        }
    }

    #[test]
    fn an_unfinished_text_does_not_finish() {
        for text in ["", "{", r#"{"a":"#, r#"["x"#, "[1", "tru", "-"] {
            let mut p = PartialJson::new();
            p.push(text);
            assert!(!p.is_complete(), "{text}");
            assert!(p.finish().is_err(), "{text}");
        }
    }

    #[test]
    fn nesting_past_the_depth_limit_is_an_error_not_a_stack_overflow() {
        let mut p = PartialJson::new();
        p.push(&"[".repeat(MAX_DEPTH + 10));
        assert_eq!(p.error().map(|e| e.what), Some("JSON nested too deep"));
        let mut p = PartialJson::new();
        p.push(&"[".repeat(MAX_DEPTH));
        p.push(&"]".repeat(MAX_DEPTH));
        assert!(p.is_complete());
    }

    #[test]
    fn error_offsets_count_across_pieces() {
        let mut p = PartialJson::new();
        p.push("[1,");
        p.push("2,?");
        assert_eq!(p.error().map(|e| e.at), Some(5));
    }
}
