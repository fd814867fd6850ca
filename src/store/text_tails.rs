//! Many text slices read through their handles' cursors in one go, written as one string,
//! so a flush that re-reads every streaming message crosses into wasm once, not once per
//! message (each crossing decodes its own string).
//!
//! The format, per handle in order: `+` or `=`, the chunk's length in UTF-16 code units
//! (what JS `slice` counts), `:`, the chunk; or `!` alone when the handle is not a text
//! slice of an existing message. `+` is what was appended since the handle's last read,
//! `=` the whole text, as in [`Store::text_tail`].

use super::Store;
use crate::json::write_u64;

impl Store {
    /// Reads every handle's text slice through its cursor, appending the records to `out`.
    pub fn write_text_tails(&mut self, handles: &[u32], out: &mut String) {
        for &handle in handles {
            match self.text_tail(handle) {
                None => out.push('!'),
                Some((chunk, appended)) => {
                    out.push(if appended { '+' } else { '=' });
                    write_u64(out, utf16_len(chunk) as u64);
                    out.push(':');
                    out.push_str(chunk);
                }
            }
        }
    }
}

/// The length of `s` in UTF-16 code units: one per character, two for one outside the
/// basic plane (a four-byte UTF-8 sequence).
fn utf16_len(s: &str) -> usize {
    s.bytes()
        .map(|b| match b {
            0x80..=0xBF => 0, // continuation
            0xF0..=0xFF => 2,
            _ => 1,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::StoreOptions;

    #[test]
    fn utf16_lengths_are_what_js_counts() {
        for s in ["", "abc", "café", "日本語", "😀", "a😀b→", "\n\"\\"] {
            assert_eq!(utf16_len(s), s.encode_utf16().count(), "{s}");
        }
    }

    #[test]
    fn records_follow_the_handles_in_order() {
        let mut s = Store::new(StoreOptions::default());
        let content = s.intern("messages/m/content");
        let reasoning = s.intern("messages/m/reasoning");
        let sources = s.intern("messages/m/sources");
        let gone = s.intern("messages/x/content");
        for frame in [
            r#"{"action_type":"content.delta","messageId":"m","payload":{"text":"H😀"}}"#,
            r#"{"action_type":"reasoning.delta","messageId":"m","payload":{"text":"think"}}"#,
        ] {
            s.ingest(frame.as_bytes(), 0);
        }
        let mut out = String::new();
        s.write_text_tails(&[content, reasoning, sources, gone], &mut out);
        assert_eq!(out, "=3:H😀=5:think!!");

        s.ingest(
            r#"{"action_type":"content.delta","messageId":"m","payload":{"text":"é:+"}}"#
                .as_bytes(),
            0,
        );
        out.clear();
        s.write_text_tails(&[content, reasoning], &mut out);
        assert_eq!(out, "+3:é:++0:");
    }
}
