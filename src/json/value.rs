//! An owned JSON value, for the parts of a message the store keeps as the server sent them
//! (sources, citations, tool results, custom slices, metadata).
//!
//! Numbers keep their JSON text: the store never computes with them, and not converting
//! spares the wasm the float parsing and printing code (~20 KB). Objects keep their keys
//! in arrival order, as `JSON.parse` does; equality ignores that order.

/// A JSON value.
#[derive(Debug, Clone, Default)]
pub enum Value {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as its JSON text.
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object.
    Object(Map),
}

/// A JSON number, kept as its (validated) text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number(String);

/// A JSON object: keys in arrival order, each at most once.
#[derive(Debug, Clone, Default)]
pub struct Map(Vec<(String, Value)>);

impl Number {
    /// A number from its JSON text; the caller has validated it.
    pub(crate) fn from_text(text: &str) -> Self {
        Number(text.to_owned())
    }

    /// The number's JSON text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number as a `u64`, when it is a non-negative integer in range.
    pub fn as_u64(&self) -> Option<u64> {
        parse_u64(&self.0)
    }

    /// The number as an `f64` (a plain decimal conversion, exact enough for options).
    pub fn as_f64(&self) -> Option<f64> {
        parse_f64(&self.0)
    }
}

impl From<u64> for Number {
    fn from(n: u64) -> Self {
        let mut text = String::new();
        super::write::write_u64(&mut text, n);
        Number(text)
    }
}

/// Parses decimal digits only (no sign, no fraction) into a `u64`, `None` on overflow.
pub fn parse_u64(text: &str) -> Option<u64> {
    if text.is_empty() {
        return None;
    }
    let mut n: u64 = 0;
    for b in text.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
    }
    Some(n)
}

/// Parses a JSON number's text into an `f64` by plain arithmetic: not correctly rounded in
/// the last bit, which no option needs, and far smaller than the standard parser.
fn parse_f64(text: &str) -> Option<f64> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(i) => (rest.get(..i)?, rest.get(i + 1..)?),
        None => (rest, ""),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mut value = 0.0f64;
    for b in whole.bytes() {
        value = value * 10.0 + f64::from(b.checked_sub(b'0').filter(|d| *d <= 9)?);
    }
    let mut scale = 1.0f64;
    for b in fraction.bytes() {
        scale /= 10.0;
        value += scale * f64::from(b.checked_sub(b'0').filter(|d| *d <= 9)?);
    }
    if !exponent.is_empty() {
        let (minus, digits) = match exponent.as_bytes().first() {
            Some(b'-') => (true, exponent.get(1..)?),
            Some(b'+') => (false, exponent.get(1..)?),
            _ => (false, exponent),
        };
        let e = parse_u64(digits)?.min(400) as i32;
        value *= 10f64.powi(if minus { -e } else { e });
    }
    Some(if negative { -value } else { value })
}

impl Map {
    /// An empty object.
    pub fn new() -> Self {
        Map(Vec::new())
    }

    /// The value under `key` (the last, should a large object repeat it).
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The value under `key`, mutably.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.0
            .iter_mut()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// Sets `key` to `value`, in place when it exists (so the key keeps its position).
    pub fn insert(&mut self, key: String, value: Value) {
        match self.get_mut(&key) {
            Some(slot) => *slot = value,
            None => self.0.push((key, value)),
        }
    }

    /// Appends `key` without looking for an earlier one: for a parser that knows the
    /// object is large, where a later duplicate then wins on lookup and in `JSON.parse`.
    pub(crate) fn push_unchecked(&mut self, key: String, value: Value) {
        self.0.push((key, value));
    }

    /// Sets `key` like [`Map::insert`] while the object is small, else appends it like
    /// [`Map::push_unchecked`] (the reader's rule for large objects); answers the index
    /// of the member set.
    pub(crate) fn put(&mut self, key: String, value: Value) -> usize {
        if self.0.len() < super::read::DEDUPE_KEYS {
            if let Some(i) = self.0.iter().rposition(|(k, _)| *k == key) {
                if let Some(slot) = self.0.get_mut(i) {
                    slot.1 = value;
                }
                return i;
            }
        }
        self.0.push((key, value));
        self.0.len() - 1
    }

    /// The value of the member at `index` (arrival order), mutably.
    pub(crate) fn value_at_mut(&mut self, index: usize) -> Option<&mut Value> {
        self.0.get_mut(index).map(|(_, v)| v)
    }

    /// Where `key` is (the last, should a large object repeat it).
    pub(crate) fn index_of(&self, key: &str) -> Option<usize> {
        self.0.iter().rposition(|(k, _)| k == key)
    }

    /// Removes the member at `index`, answering it.
    pub(crate) fn remove_at(&mut self, index: usize) -> Option<(String, Value)> {
        (index < self.0.len()).then(|| self.0.remove(index))
    }

    /// Inserts a member at `index` (at the end when past it).
    pub(crate) fn insert_at(&mut self, index: usize, key: String, value: Value) {
        let index = index.min(self.0.len());
        self.0.insert(index, (key, value));
    }

    /// Removes `key`; answers whether it was there.
    pub fn remove(&mut self, key: &str) -> bool {
        let before = self.0.len();
        self.0.retain(|(k, _)| k != key);
        self.0.len() != before
    }

    /// Whether `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// How many keys.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no keys.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The entries, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<'m> IntoIterator for &'m Map {
    type Item = (&'m String, &'m Value);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'m, (String, Value)>,
        fn(&'m (String, Value)) -> (&'m String, &'m Value),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl PartialEq for Map {
    /// Objects are equal when they hold the same keys with equal values, in any order.
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Number(a), Value::Number(b)) => a == b,
            (Value::String(a), Value::String(b)) => a == b,
            (Value::Array(a), Value::Array(b)) => a == b,
            (Value::Object(a), Value::Object(b)) => a == b,
            _ => false,
        }
    }
}

impl Value {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(map) => map.get(key),
            _ => None,
        }
    }

    /// The text of a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// A boolean's value.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// A non-negative integer's value.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    /// A number's value as an `f64`.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => n.as_f64(),
            _ => None,
        }
    }

    /// The object's map.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    /// The array's items.
    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// Whether this is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<u64> for Value {
    fn from(n: u64) -> Self {
        Value::Number(n.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    #[test]
    fn object_equality_ignores_key_order() {
        assert_eq!(
            parse(r#"{"a":1,"b":[true,null]}"#).unwrap(),
            parse(r#"{"b":[true,null],"a":1}"#).unwrap()
        );
        assert_ne!(
            parse(r#"{"a":1}"#).unwrap(),
            parse(r#"{"a":1,"b":2}"#).unwrap()
        );
        assert_ne!(parse("[1,2]").unwrap(), parse("[2,1]").unwrap());
    }

    #[test]
    fn numbers_read_as_integers_and_floats() {
        assert_eq!(parse("42").unwrap().as_u64(), Some(42));
        assert_eq!(parse("-1").unwrap().as_u64(), None);
        assert_eq!(parse("1.5").unwrap().as_u64(), None);
        assert_eq!(parse("18446744073709551616").unwrap().as_u64(), None);
        assert_eq!(parse("0.25").unwrap().as_f64(), Some(0.25));
        assert_eq!(parse("-2.5e2").unwrap().as_f64(), Some(-250.0));
        assert_eq!(
            parse("3E-1").unwrap().as_f64().map(|f| (f * 10.0).round()),
            Some(3.0)
        );
    }

    #[test]
    fn map_insert_replaces_in_place_and_remove_reports() {
        let mut m = Map::new();
        m.insert("a".into(), 1u64.into());
        m.insert("b".into(), 2u64.into());
        m.insert("a".into(), 3u64.into());
        assert_eq!(
            m.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert_eq!(m.get("a").and_then(Value::as_u64), Some(3));
        assert!(m.remove("a"));
        assert!(!m.remove("a"));
    }
}
