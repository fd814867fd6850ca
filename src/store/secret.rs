//! The auth token, kept out of every human-readable string the store produces.
//!
//! Servers echo what they receive: a close reason quoting the URL, a `session.error`
//! repeating the token it rejected, an unknown `action_type`, an ack's error text. Every
//! string the store itself produces — each field of an `errors` entry, the `connection`
//! key's `lastError`, an `acks/<id>` code and error — passes through [`Secrets::scrub`] on
//! its way in, the one place that replaces the token, raw or percent-encoded (as a query
//! parameter carries it), with `[redacted]`. The last few tokens are remembered, so a late
//! echo of one a token function has since replaced is caught too.
//!
//! Not scrubbed, by decision: message slices (`content`, a message's `error`, …), the
//! application's data as the server sent it; and the frames of the opt-in `frames`
//! recorder, kept byte for byte so that a recording replays into the same state (scrubbing
//! a short token such as a user id would rewrite ids and text inside them). A recording
//! is raw: treat an export of it as a secret.

use std::collections::VecDeque;

use crate::connection::token::redact;

/// How many tokens are remembered (a token function returns a new one per connect).
const KEPT: usize = 4;

/// The tokens to keep out of human-readable text, newest last.
#[derive(Debug, Default)]
pub struct Secrets {
    tokens: VecDeque<String>,
}

impl Secrets {
    /// Remembers `token` (an empty one is no secret).
    pub fn remember(&mut self, token: &str) {
        if token.is_empty() || self.tokens.iter().any(|t| t == token) {
            return;
        }
        self.tokens.push_back(token.to_owned());
        while self.tokens.len() > KEPT {
            self.tokens.pop_front();
        }
    }

    /// `text` without any remembered token.
    pub fn scrub(&self, text: String) -> String {
        self.tokens.iter().fold(text, |text, token| {
            if text.contains(token.as_str()) || text.contains('%') {
                redact(&text, Some(token))
            } else {
                text
            }
        })
    }

    /// [`Secrets::scrub`] for an optional string.
    pub fn scrub_some(&self, text: Option<String>) -> Option<String> {
        text.map(|t| self.scrub(t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_tokens_are_scrubbed_raw_and_percent_encoded() {
        let mut s = Secrets::default();
        assert_eq!(s.scrub("nothing to hide".into()), "nothing to hide");
        s.remember("old/tok");
        s.remember("new+tok=");
        let text = "a old/tok b old%2Ftok c new+tok= d new%2Btok%3D".to_owned();
        assert_eq!(
            s.scrub(text),
            "a [redacted] b [redacted] c [redacted] d [redacted]"
        );
    }

    #[test]
    fn only_the_last_few_tokens_are_kept_and_empty_ones_never() {
        let mut s = Secrets::default();
        s.remember("");
        for i in 0..=KEPT {
            s.remember(&format!("token-{i}"));
        }
        assert_eq!(s.scrub("token-0".into()), "token-0", "forgotten");
        assert_eq!(s.scrub(format!("token-{KEPT}")), "[redacted]");
    }
}
