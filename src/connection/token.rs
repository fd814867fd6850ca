//! How the auth token reaches the server, and how it is kept out of everything else.
//!
//! Browsers cannot set headers on a WebSocket handshake, so the token travels either in the
//! URL's `token` query parameter (percent-encoded here, appended to any existing query) or in
//! a first `auth` frame. Either way it is a secret: it must never show up in `lastError`, the
//! `errors` key, the status snapshot or logs. [`redact`] scrubs it from any human text that
//! could have picked it up (a server echoing the URL in a close reason, say).

use crate::json::ObjectWriter;

/// The query parameter that carries the token in `TokenMode::Query`.
pub const TOKEN_QUERY_PARAM: &str = "token";

/// What replaces a token in human-readable text.
pub const REDACTED: &str = "[redacted]";

/// Percent-encode everything except RFC 3986 unreserved characters
/// (`A-Z a-z 0-9 - . _ ~`), so any token survives a query string unchanged
/// ([RFC 3986 §2.3](https://www.rfc-editor.org/rfc/rfc3986#section-2.3)).
pub fn percent_encode(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            for nibble in [byte >> 4, byte & 0x0F] {
                if let Some(&hex) = HEX.get(usize::from(nibble)) {
                    out.push(char::from(hex));
                }
            }
        }
    }
    out
}

/// `url` with `token=<encoded token>` appended, keeping any query it already has.
pub fn url_with_token(url: &str, token: &str) -> String {
    let separator = if !url.contains('?') {
        "?"
    } else if url.ends_with('?') || url.ends_with('&') {
        ""
    } else {
        "&"
    };
    format!(
        "{url}{separator}{TOKEN_QUERY_PARAM}={}",
        percent_encode(token)
    )
}

/// The first frame of `TokenMode::Frame`, JSON-escaped properly whatever the token holds:
/// `{"action_type":"auth","payload":{"token":"…"},"v":1}`.
pub fn auth_frame(token: &str) -> String {
    let mut out = String::with_capacity(token.len() + 56);
    let mut frame = ObjectWriter::new(&mut out);
    frame.field("action_type", "auth").key("payload");
    let mut payload = ObjectWriter::new(frame.out());
    payload.field("token", token);
    payload.end();
    frame.field("v", &1u32);
    frame.end();
    out
}

/// `text` with every occurrence of `secret` (raw or percent-encoded) replaced by
/// [`REDACTED`]. An empty secret redacts nothing.
pub fn redact(text: &str, secret: Option<&str>) -> String {
    let Some(secret) = secret.filter(|s| !s.is_empty()) else {
        return text.to_owned();
    };
    let raw = text.replace(secret, REDACTED);
    let encoded = percent_encode(secret);
    if encoded == secret {
        raw
    } else {
        raw.replace(&encoded, REDACTED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encoding_keeps_unreserved_and_escapes_the_rest() {
        assert_eq!(percent_encode("aZ09-._~"), "aZ09-._~");
        assert_eq!(percent_encode("a b&c=d/e+f"), "a%20b%26c%3Dd%2Fe%2Bf");
        assert_eq!(percent_encode("é"), "%C3%A9");
        assert_eq!(percent_encode("?#%"), "%3F%23%25");
    }

    #[test]
    fn token_is_appended_to_url_with_the_right_separator() {
        assert_eq!(url_with_token("wss://h/ws", "t"), "wss://h/ws?token=t");
        assert_eq!(
            url_with_token("wss://h/ws?a=1", "t"),
            "wss://h/ws?a=1&token=t"
        );
        assert_eq!(url_with_token("wss://h/ws?", "t"), "wss://h/ws?token=t");
        assert_eq!(
            url_with_token("wss://h/ws?a=1&", "t"),
            "wss://h/ws?a=1&token=t"
        );
        assert_eq!(
            url_with_token("ws://h", "a.b/c=="),
            "ws://h?token=a.b%2Fc%3D%3D"
        );
    }

    #[test]
    fn auth_frame_escapes_the_token_as_json() {
        let frame = auth_frame("he said \"hi\"");
        let value: serde_json::Value = serde_json::from_str(&frame).unwrap_or_default();
        let expected = serde_json::json!({
            "v": 1, "action_type": "auth", "payload": {"token": "he said \"hi\""}
        });
        assert_eq!(value, expected);
        assert_eq!(
            auth_frame("a\\b"),
            r#"{"action_type":"auth","payload":{"token":"a\\b"},"v":1}"#
        );
    }

    #[test]
    fn redact_removes_raw_and_encoded_token() {
        let text = "closed: bad token a/b= in wss://h?token=a%2Fb%3D";
        let clean = redact(text, Some("a/b="));
        assert!(!clean.contains("a/b="));
        assert!(!clean.contains("a%2Fb%3D"));
        assert_eq!(redact("x", None), "x");
        assert_eq!(redact("x", Some("")), "x");
    }
}
