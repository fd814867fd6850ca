//! Reading an option object field by field, by hand: the object's keys are checked against
//! the ones its reader knows, and each field is read as the type it must have.
//!
//! Every error names the option by its path (`options.limits.maxHeld`) and says what it
//! must be, because the app sees it as an exception at the line that created the store.
//! A member that is absent or `null` reads as `None`: the default applies, as it does for
//! a whole option object that is absent or `null`.

use crate::json::{Map, Value};

/// The members of one option object, with its path for messages.
pub(crate) struct Fields<'v> {
    path: &'v str,
    map: Option<&'v Map>,
}

impl<'v> Fields<'v> {
    /// `value`, which must be an object whose keys are all among `keys`; `path` names it
    /// in messages (`options.limits`).
    pub(crate) fn new(value: &'v Value, path: &'v str, keys: &[&str]) -> Result<Self, String> {
        let Value::Object(map) = value else {
            return Err(format!(
                "{path} must be an object; {}",
                list_of_fields(keys)
            ));
        };
        if let Some((key, _)) = map.iter().find(|(key, _)| !keys.contains(&key.as_str())) {
            return Err(format!(
                "{path}: unknown field `{key}`; {}",
                list_of_fields(keys)
            ));
        }
        Ok(Fields {
            path,
            map: Some(map),
        })
    }

    /// `value` without checking its keys (the top-level options object, whose keys are
    /// shared among readers); a value that is not an object has no members.
    pub(crate) fn open(value: &'v Value, path: &'v str) -> Self {
        Fields {
            path,
            map: value.as_object(),
        }
    }

    /// The member `name` as it is, `null` included.
    pub(crate) fn raw(&self, name: &str) -> Option<&'v Value> {
        self.map.and_then(|map| map.get(name))
    }

    /// The member `name`, unless it is absent or `null`.
    pub(crate) fn member(&self, name: &str) -> Option<&'v Value> {
        self.raw(name).filter(|v| !v.is_null())
    }

    /// `"{path}.{name} must be {what} (got {what it is})"`.
    pub(crate) fn wrong(&self, name: &str, what: &str) -> String {
        let got = self.raw(name).map_or_else(String::new, describe);
        format!("{}.{name} must be {what} (got {got})", self.path)
    }

    /// A whole number of at least 0 that fits `T` (`u64`, `u32`, `usize`).
    pub(crate) fn whole<T: TryFrom<u64>>(&self, name: &str) -> Result<Option<T>, String> {
        let Some(v) = self.member(name) else {
            return Ok(None);
        };
        let n = v
            .as_u64()
            .ok_or_else(|| self.wrong(name, "a whole number, 0 or more"))?;
        T::try_from(n)
            .map(Some)
            .map_err(|_| self.wrong(name, "a smaller whole number"))
    }

    /// A number, fractions allowed.
    pub(crate) fn number(&self, name: &str) -> Result<Option<f64>, String> {
        self.member(name)
            .map(|v| v.as_f64().ok_or_else(|| self.wrong(name, "a number")))
            .transpose()
    }

    /// A string.
    pub(crate) fn string(&self, name: &str) -> Result<Option<&'v str>, String> {
        self.member(name)
            .map(|v| v.as_str().ok_or_else(|| self.wrong(name, "a string")))
            .transpose()
    }
}

/// `"fields are a, b, c"`.
fn list_of_fields(keys: &[&str]) -> String {
    format!("fields are {}", keys.join(", "))
}

/// What a wrong value is, for a message: a number or boolean as written, anything else by
/// its kind (a string could be long, or something the app would rather not see echoed).
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(true) => "true".into(),
        Value::Bool(false) => "false".into(),
        Value::Number(n) => n.as_str().to_owned(),
        Value::String(_) => "a string".into(),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::jv as json;

    const KEYS: &[&str] = &["n", "f", "s"];

    #[test]
    fn absent_and_null_members_read_as_none() {
        let v = json!({"n": null});
        let f = Fields::new(&v, "options.x", KEYS).unwrap();
        assert_eq!(f.whole::<u64>("n"), Ok(None));
        assert_eq!(f.number("f"), Ok(None));
        assert_eq!(f.string("s"), Ok(None));
        assert_eq!(f.raw("n"), Some(&Value::Null));
    }

    #[test]
    fn members_read_as_their_types() {
        let v = json!({"n": 7, "f": 0.25, "s": "t"});
        let f = Fields::new(&v, "options.x", KEYS).unwrap();
        assert_eq!(f.whole::<u32>("n"), Ok(Some(7)));
        assert_eq!(f.number("f"), Ok(Some(0.25)));
        assert_eq!(f.number("n"), Ok(Some(7.0)));
        assert_eq!(f.string("s"), Ok(Some("t")));
    }

    /// One read of a field, its value dropped.
    type Read = fn(&Fields) -> Result<(), String>;

    #[test]
    fn errors_name_the_field_and_what_it_must_be() {
        let whole: Read = |f| f.whole::<u64>("n").map(drop);
        let cases: [(Value, Read, &str); 9] = [
            (
                json!({"n": -1}),
                whole,
                "options.x.n must be a whole number, 0 or more (got -1)",
            ),
            (json!({"n": 1.5}), whole, "(got 1.5)"),
            (json!({"n": "5"}), whole, "(got a string)"),
            (json!({"n": true}), whole, "(got true)"),
            (
                json!({"n": 4_294_967_296u64}),
                |f| f.whole::<u32>("n").map(drop),
                "options.x.n must be a smaller whole number",
            ),
            (
                json!({"f": "x"}),
                |f| f.number("f").map(drop),
                "options.x.f must be a number",
            ),
            (
                json!({"s": []}),
                |f| f.string("s").map(drop),
                "options.x.s must be a string (got an array)",
            ),
            (
                json!({"zz": 1}),
                whole,
                "options.x: unknown field `zz`; fields are n, f, s",
            ),
            (
                json!([1]),
                whole,
                "options.x must be an object; fields are n, f, s",
            ),
        ];
        for (v, read, needle) in cases {
            let e = Fields::new(&v, "options.x", KEYS)
                .and_then(|f| read(&f))
                .unwrap_err();
            assert!(e.contains(needle), "{e}");
        }
    }

    #[test]
    fn an_open_object_checks_no_keys() {
        let v = json!({"anything": 1, "n": 2});
        assert_eq!(Fields::open(&v, "options").whole::<u64>("n"), Ok(Some(2)));
        let not_object = json!(5);
        assert_eq!(Fields::open(&not_object, "options").raw("n"), None);
    }
}
