//! The options of one stream, as the JS shim passes them to `openStream`.
//!
//! ```json
//! { "format": "auto", "idAsSeq": false, "resume": "lastEventId",
//!   "reconnect": { "baseDelayMs": 1000, "maxDelayMs": 30000, "maxRetries": 10, "jitter": 0.5 } }
//! ```
//! `format` is `auto` (from the response's `Content-Type`), `sse`, `ndjson` or `json-seq`;
//! `resume` is `never` (a POST, a `Response` handed over), `lastEventId` (a GET URL) or
//! `caller` (`options.resume` builds the next request). `reconnect` has the store's backoff
//! fields; `maxRetries` counts attempts in a row that applied nothing. A wrong option is an
//! error naming it.

use super::resume::{Reconnect, DEFAULT_MAX_RETRIES};
use super::{Format, Resume, StreamSpec};
use crate::connection::backoff::Backoff;
use crate::connection::options::{DEFAULT_BASE_DELAY_MS, DEFAULT_JITTER, DEFAULT_MAX_DELAY_MS};
use crate::json::Value;
use crate::options::fields::Fields;

const KEYS: &[&str] = &["format", "idAsSeq", "resume", "reconnect"];
const RECONNECT: &[&str] = &["baseDelayMs", "maxDelayMs", "maxRetries", "jitter"];

/// Reads a stream's options; `seed` seeds the backoff's jitter.
pub fn stream_options(value: &Value, seed: u64) -> Result<(StreamSpec, Reconnect), String> {
    let empty = Value::Object(Default::default());
    let value = if value.is_null() { &empty } else { value };
    let f = Fields::new(value, "stream options", KEYS)?;
    let format = match f.string("format")? {
        None | Some("auto") => None,
        Some(name) => Some(Format::from_name(name).ok_or_else(|| {
            format!("stream options.format `{name}`: use 'auto', 'sse', 'ndjson' or 'json-seq'")
        })?),
    };
    let id_as_seq = match f.member("idAsSeq") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(f.wrong("idAsSeq", "true or false")),
    };
    let resume = match f.string("resume")? {
        None | Some("never") => Resume::Never,
        Some("lastEventId") => Resume::LastEventId,
        Some("caller") => Resume::Caller,
        Some(other) => {
            return Err(format!(
                "stream options.resume `{other}`: use 'never', 'lastEventId' or 'caller'"
            ))
        }
    };
    let (mut base, mut max, mut retries, mut jitter) = (
        DEFAULT_BASE_DELAY_MS,
        DEFAULT_MAX_DELAY_MS,
        DEFAULT_MAX_RETRIES,
        DEFAULT_JITTER,
    );
    if let Some(r) = f.member("reconnect") {
        let r = Fields::new(r, "stream options.reconnect", RECONNECT)?;
        base = r.whole("baseDelayMs")?.unwrap_or(base);
        max = r.whole("maxDelayMs")?.unwrap_or(max);
        retries = r.whole("maxRetries")?.unwrap_or(retries);
        jitter = r.number("jitter")?.unwrap_or(jitter);
    }
    let spec = StreamSpec {
        format,
        id_as_seq,
        resume,
    };
    Ok((
        spec,
        Reconnect::new(Backoff::new(base, max, jitter, seed), retries),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::jv as json;

    #[test]
    fn defaults_and_every_field() {
        let (spec, _) = stream_options(&Value::Null, 1).unwrap();
        assert_eq!(
            spec,
            StreamSpec {
                format: None,
                id_as_seq: false,
                resume: Resume::Never
            }
        );
        let (spec, mut policy) = stream_options(
            &json!({"format": "json-seq", "idAsSeq": true, "resume": "caller",
                    "reconnect": {"baseDelayMs": 5, "jitter": 0, "maxRetries": 1}}),
            1,
        )
        .unwrap();
        assert_eq!(
            spec,
            StreamSpec {
                format: Some(Format::JsonSeq),
                id_as_seq: true,
                resume: Resume::Caller
            }
        );
        let cut = super::super::resume::Attempt::Network;
        assert_eq!(
            policy.next(&cut, false, false, true, None),
            super::super::resume::Next::Retry { delay_ms: 5 }
        );
    }

    #[test]
    fn wrong_options_say_what_to_change() {
        for (spec, needle) in [
            (
                json!({"format": "xml"}),
                "stream options.format `xml`: use 'auto', 'sse', 'ndjson' or 'json-seq'",
            ),
            (
                json!({"idAsSeq": "yes"}),
                "stream options.idAsSeq must be true or false",
            ),
            (
                json!({"resume": "always"}),
                "stream options.resume `always`",
            ),
            (
                json!({"reconnect": {"baseDelay": 1}}),
                "stream options.reconnect: unknown field `baseDelay`",
            ),
            (json!({"init": {}}), "stream options: unknown field `init`"),
        ] {
            let err = stream_options(&spec, 1).unwrap_err();
            assert!(err.contains(needle), "{err}");
        }
    }
}
