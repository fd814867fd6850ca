//! Token check for `/ws?token=…`.
//!
//! This is a reference server, so "auth" is a convention, not security: any token of 1..=64
//! characters from `[A-Za-z0-9_-]` is accepted and IS the user id; a token starting with `bad`
//! fails (4401 `AUTH_FAILED`), one starting with `forbidden` is refused (4403 `FORBIDDEN`), and
//! no token at all is 4401 `AUTH_REQUIRED`. It lets tests and the demo exercise every path.

use crate::protocol::{close, reason};

/// Longest accepted token.
pub const MAX_TOKEN_LEN: usize = 64;

/// Why a connection is refused: the close code and reason to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rejection {
    /// The WebSocket close code.
    pub code: u16,
    /// The close reason.
    pub reason: &'static str,
}

/// The token of an `auth` frame (`{"action_type":"auth","payload":{"token":"…"}}`).
pub fn token_from_frame(text: &str) -> Option<String> {
    let frame: serde_json::Value = serde_json::from_str(text).ok()?;
    if frame.get("action_type")?.as_str()? != "auth" {
        return None;
    }
    Some(frame.get("payload")?.get("token")?.as_str()?.to_owned())
}

/// Returns the user id for `token`, or how to refuse the connection.
pub fn check(token: Option<&str>) -> Result<String, Rejection> {
    let token = match token {
        None | Some("") => {
            return Err(Rejection {
                code: close::UNAUTHORIZED,
                reason: reason::AUTH_REQUIRED,
            })
        }
        Some(token) => token,
    };
    let well_formed = token.len() <= MAX_TOKEN_LEN
        && token
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !well_formed || token.starts_with("bad") {
        return Err(Rejection {
            code: close::UNAUTHORIZED,
            reason: reason::AUTH_FAILED,
        });
    }
    if token.starts_with("forbidden") {
        return Err(Rejection {
            code: close::FORBIDDEN,
            reason: reason::FORBIDDEN,
        });
    }
    Ok(token.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_token_is_the_user_id() {
        assert_eq!(check(Some("alice_1-x")), Ok("alice_1-x".to_string()));
    }

    #[test]
    fn missing_bad_and_forbidden_tokens_are_refused() {
        assert_eq!(check(None).unwrap_err().reason, reason::AUTH_REQUIRED);
        assert_eq!(check(Some("")).unwrap_err().reason, reason::AUTH_REQUIRED);
        assert_eq!(
            check(Some("bad-token")).unwrap_err().reason,
            reason::AUTH_FAILED
        );
        assert_eq!(
            check(Some("forbidden1")).unwrap_err().code,
            close::FORBIDDEN
        );
    }

    #[test]
    fn an_auth_frame_carries_the_token() {
        let frame = r#"{"v":1,"action_type":"auth","payload":{"token":"user-a"}}"#;
        assert_eq!(token_from_frame(frame).as_deref(), Some("user-a"));
        assert_eq!(
            token_from_frame(r#"{"action_type":"ping","payload":{"token":"x"}}"#),
            None
        );
        assert_eq!(token_from_frame("not json"), None);
    }

    #[test]
    fn malformed_tokens_fail() {
        assert_eq!(check(Some("a b")).unwrap_err().reason, reason::AUTH_FAILED);
        let long = "x".repeat(MAX_TOKEN_LEN + 1);
        assert_eq!(check(Some(&long)).unwrap_err().reason, reason::AUTH_FAILED);
    }
}
