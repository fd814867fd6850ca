//! Many text slices read through their handles' cursors in one go, written as one string,
//! so a flush that re-reads every streaming message crosses into wasm once, not once per
//! message (each crossing decodes its own string).
//!
//! The format, per handle in order: `+` or `=`, the chunk's length in UTF-16 code units
//! (what JS `slice` counts), `:`, the chunk; or `!` alone when the handle is not a text
//! slice of an existing message. `+` is what was appended since the handle's last read,
//! `=` the whole text, as in [`Store::text_tail`].
//!
//! A flush ([`Store::write_flush`]) writes, per changed handle, the handle's number and then
//! its text record, or `;` for a handle that is not a text slice: the changed keys and all
//! the text a flush re-reads, in one string.

use super::Store;
use crate::json::write_u64;

impl Store {
    /// Ends a flush like [`Store::take_flush_handles`], writing its records to `out`: per
    /// changed handle its number, then its text record, or `;` when it is not a text slice.
    pub fn write_flush(&mut self, out: &mut String) {
        for handle in self.take_flush_handles() {
            write_u64(out, u64::from(handle));
            if self.is_text_handle(handle) {
                self.write_text_tail(handle, out);
            } else {
                out.push(';');
            }
        }
    }

    fn write_text_tail(&mut self, handle: u32, out: &mut String) {
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
    fn a_flush_writes_each_changed_handle_with_its_text() {
        let mut s = Store::new(StoreOptions::default());
        let content = s.intern("messages/m/content");
        let sources = s.intern("messages/m/sources");
        let reasoning = s.intern("messages/m/reasoning");
        let list = s.intern("messages");
        s.ingest(
            r#"{"action_type":"content.delta","messageId":"m","payload":{"text":"H😀;1"}}"#
                .as_bytes(),
            0,
        );
        let mut out = String::new();
        s.write_flush(&mut out);
        let expected = format!("{content}=5:H😀;1{reasoning}=0:{sources};{list};");
        assert_eq!(
            out, expected,
            "every slice of a new message changed, in slice order"
        );
        assert_eq!(s.take_notice(), None, "the flush is over");

        s.ingest(
            r#"{"action_type":"content.delta","messageId":"m","payload":{"text":"!"}}"#.as_bytes(),
            0,
        );
        out.clear();
        s.write_flush(&mut out);
        assert_eq!(out, format!("{content}+1:!"));
        out.clear();
        s.write_flush(&mut out);
        assert_eq!(out, "");
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
        for handle in [content, reasoning, sources, gone] {
            s.write_text_tail(handle, &mut out);
        }
        assert_eq!(out, "=3:H😀=5:think!!");

        s.ingest(
            r#"{"action_type":"content.delta","messageId":"m","payload":{"text":"é:+"}}"#
                .as_bytes(),
            0,
        );
        out.clear();
        for handle in [content, reasoning] {
            s.write_text_tail(handle, &mut out);
        }
        assert_eq!(out, "+3:é:++0:");
    }
}
