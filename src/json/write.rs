//! Writing JSON text: what a key's value becomes before `JSON.parse` reads it in JS, and
//! the frames the client sends.
//!
//! A type says how it is written by implementing [`ToJson`], usually with an
//! [`ObjectWriter`]; no reflection, no intermediate value.

use std::collections::{BTreeMap, VecDeque};

use super::value::{Map, Value};

/// A value that writes itself as JSON text.
pub trait ToJson {
    /// Appends this value's JSON to `out`.
    fn write_json(&self, out: &mut String);
}

/// The JSON text of `value`.
pub fn to_string<T: ToJson + ?Sized>(value: &T) -> String {
    let mut out = String::new();
    value.write_json(&mut out);
    out
}

/// Appends `n` in decimal.
pub fn write_u64(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        if let Some(d) = digits.get_mut(i) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for d in digits.get(i..).unwrap_or_default() {
        out.push(char::from(*d));
    }
}

/// Appends `s` as a JSON string literal, escaping quotes, backslashes and control
/// characters (everything else, non-ASCII included, is written as it is).
pub fn write_str(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(s.get(run..i).unwrap_or_default());
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            for nibble in [b >> 4, b & 0xf] {
                out.push(char::from(*HEX.get(usize::from(nibble)).unwrap_or(&b'0')));
            }
        } else {
            out.push_str(escape);
        }
        run = i + 1;
    }
    out.push_str(s.get(run..).unwrap_or_default());
    out.push('"');
}

/// Writes an object field by field: `{"a":1,"b":"x"}`.
pub struct ObjectWriter<'o> {
    out: &'o mut String,
    first: bool,
}

impl<'o> ObjectWriter<'o> {
    /// Opens an object in `out`.
    pub fn new(out: &'o mut String) -> Self {
        out.push('{');
        ObjectWriter { out, first: true }
    }

    /// Writes the field `name` (a key that needs no escaping) with `value`.
    pub fn field<T: ToJson + ?Sized>(&mut self, name: &str, value: &T) -> &mut Self {
        self.key(name);
        value.write_json(self.out);
        self
    }

    /// Writes the field unless `value` is `None`.
    pub fn field_some<T: ToJson>(&mut self, name: &str, value: &Option<T>) -> &mut Self {
        if let Some(value) = value {
            self.field(name, value);
        }
        self
    }

    /// Writes a key whose value the caller then appends to [`ObjectWriter::out`].
    pub fn key(&mut self, name: &str) -> &mut Self {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        write_str(self.out, name);
        self.out.push(':');
        self
    }

    /// The output, to write a value after [`ObjectWriter::key`].
    pub fn out(&mut self) -> &mut String {
        self.out
    }

    /// Closes the object.
    pub fn end(self) {
        self.out.push('}');
    }
}

impl ToJson for str {
    fn write_json(&self, out: &mut String) {
        write_str(out, self);
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut String) {
        write_str(out, self);
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl ToJson for u64 {
    fn write_json(&self, out: &mut String) {
        write_u64(out, *self);
    }
}

impl ToJson for u32 {
    fn write_json(&self, out: &mut String) {
        write_u64(out, u64::from(*self));
    }
}

impl ToJson for usize {
    fn write_json(&self, out: &mut String) {
        write_u64(out, *self as u64);
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut String) {
        match self {
            Some(v) => v.write_json(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, out: &mut String) {
        (**self).write_json(out);
    }
}

fn write_items<'i, T: ToJson + 'i>(out: &mut String, items: impl Iterator<Item = &'i T>) {
    out.push('[');
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push(',');
        }
        item.write_json(out);
    }
    out.push(']');
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut String) {
        write_items(out, self.iter());
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        write_items(out, self.iter());
    }
}

impl<T: ToJson> ToJson for VecDeque<T> {
    fn write_json(&self, out: &mut String) {
        write_items(out, self.iter());
    }
}

impl<T: ToJson> ToJson for BTreeMap<String, T> {
    fn write_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        for (k, v) in self {
            o.field(k, v);
        }
        o.end();
    }
}

impl ToJson for Map {
    fn write_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        for (k, v) in self.iter() {
            o.field(k, v);
        }
        o.end();
    }
}

impl ToJson for Value {
    fn write_json(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => b.write_json(out),
            Value::Number(n) => out.push_str(n.as_str()),
            Value::String(s) => write_str(out, s),
            Value::Array(items) => items.write_json(out),
            Value::Object(map) => map.write_json(out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    #[test]
    fn strings_escape_what_json_requires_only() {
        assert_eq!(to_string("a\"b\\c\nd\u{1}é/"), r#""a\"b\\c\nd\u0001é/""#);
        assert_eq!(to_string(""), r#""""#);
    }

    #[test]
    fn integers_write_in_decimal() {
        for n in [0, 7, 10, 1234567890, u64::MAX] {
            assert_eq!(to_string(&n), n.to_string());
        }
    }

    #[test]
    fn values_round_trip_through_text() {
        let text = r#"{"a":[1,-2.5e3,true,false,null],"b":{"c":"d\u0000\"","e":{}},"f":[]}"#;
        let value = parse(text).unwrap();
        assert_eq!(to_string(&value), text);
        assert_eq!(parse(&to_string(&value)).unwrap(), value);
    }

    #[test]
    fn objects_write_their_fields_in_order() {
        let mut out = String::new();
        let mut o = ObjectWriter::new(&mut out);
        o.field("id", "m1")
            .field("n", &3u32)
            .field_some::<String>("skip", &None)
            .field("opt", &None::<u64>);
        o.end();
        assert_eq!(out, r#"{"id":"m1","n":3,"opt":null}"#);
    }
}
