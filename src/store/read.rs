//! Reading keys cheaply, frame after frame: keys interned as handles, and text slices read
//! incrementally (only what was appended since the reader's last read).
//!
//! A UI re-reads a streaming message's `content` every animation frame. Passing and parsing
//! the key's name, and copying the whole text out each time, would cost more than applying
//! the frames did; a handle is an integer, and its cursor knows what its reader holds.

use super::Store;
use crate::key::{Key, SliceKey};
use crate::message::Slice;
use std::collections::{HashMap, HashSet};

/// Keys interned as small integers, so a reader that reads one key every frame passes and
/// parses its name once, not on every read. Released handles are reused. A handle belongs
/// to one reader, so it also keeps that reader's cursor in a text slice.
#[derive(Debug, Default)]
pub(super) struct Handles {
    slots: Vec<Option<Slot>>,
    free: Vec<u32>,
    /// The live handles of each interned key: a flush names changed keys by handle.
    by_key: HashMap<Key, Vec<u32>>,
}

#[derive(Debug)]
struct Slot {
    key: Key,
    /// The text epoch and byte length the reader holds (`u64::MAX`: nothing yet).
    text_epoch: u64,
    text_bytes: usize,
}

impl Store {
    /// Interns a key name as a handle (at least 1); 0 when the name is not a key.
    pub fn intern(&mut self, text: &str) -> u32 {
        let Some(key) = self.key(text) else { return 0 };
        let h = &mut self.handles;
        let handle = match h.free.pop() {
            Some(i) => i + 1,
            None => {
                h.slots.push(None);
                u32::try_from(h.slots.len()).unwrap_or(0)
            }
        };
        let Some(slot) = handle
            .checked_sub(1)
            .and_then(|i| h.slots.get_mut(i as usize))
        else {
            return 0;
        };
        h.by_key.entry(key.clone()).or_default().push(handle);
        *slot = Some(Slot {
            key,
            text_epoch: u64::MAX,
            text_bytes: 0,
        });
        handle
    }

    /// Releases a handle from [`Store::intern`]; it may be reused.
    pub fn release(&mut self, handle: u32) {
        let Some(i) = handle.checked_sub(1) else {
            return;
        };
        let h = &mut self.handles;
        let Some(slot) = h.slots.get_mut(i as usize).and_then(Option::take) else {
            return;
        };
        h.free.push(i);
        if let Some(handles) = h.by_key.get_mut(&slot.key) {
            handles.retain(|&x| x != handle);
            if handles.is_empty() {
                h.by_key.remove(&slot.key);
            }
        }
    }

    /// Ends a flush like [`Store::take_flush`], for a reader that holds handles: the
    /// handles of the keys changed since the last flush, each once, in first-change order.
    /// A changed key without a handle is left out: nobody holding one asked about it.
    pub fn take_flush_handles(&mut self) -> Vec<u32> {
        let mut out = Vec::new();
        for key in self.clock.dirty.drain(..) {
            if let Some(handles) = self.handles.by_key.get(&key) {
                out.extend_from_slice(handles);
            }
        }
        if self.clock.maybe_twice {
            let mut seen = HashSet::with_capacity(out.len());
            out.retain(|h| seen.insert(*h));
        }
        self.drained();
        out
    }

    /// Whether a live handle names a text slice (`content` or `reasoning`).
    pub fn is_text_handle(&self, handle: u32) -> bool {
        matches!(
            self.key_at(handle),
            Some(Key::Slice(
                _,
                SliceKey::Builtin(Slice::Content | Slice::Reasoning)
            ))
        )
    }

    /// The key behind a live handle.
    pub fn key_at(&self, handle: u32) -> Option<&Key> {
        let i = handle.checked_sub(1)?;
        self.handles.slots.get(i as usize)?.as_ref().map(|s| &s.key)
    }

    /// Reads a text slice through a handle's cursor: `(chunk, appended)`, where with
    /// `appended` the chunk is what was added since this handle's last read, otherwise the
    /// whole text (first read, or a rewrite since). Moves the cursor to the end.
    pub fn text_tail(&mut self, handle: u32) -> Option<(&str, bool)> {
        let i = handle.checked_sub(1)?;
        let slot = self.handles.slots.get_mut(i as usize)?.as_mut()?;
        let Key::Slice(id, SliceKey::Builtin(slice)) = &slot.key else {
            return None;
        };
        let m = &self.messages.get(id.as_str())?.message;
        let text = match slice {
            Slice::Content => &m.content,
            Slice::Reasoning => &m.reasoning,
            _ => return None,
        };
        let tail = (slot.text_epoch == m.text_epoch)
            .then(|| text.get(slot.text_bytes..))
            .flatten();
        slot.text_epoch = m.text_epoch;
        slot.text_bytes = text.len();
        Some(match tail {
            Some(tail) => (tail, true),
            None => (text.as_str(), false),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::StoreOptions;

    fn ingest(store: &mut Store, frame: &str) {
        store.ingest(frame.as_bytes(), 0);
    }

    #[test]
    fn handles_name_keys_until_released_and_are_reused() {
        let mut s = Store::new(StoreOptions::default());
        let a = s.intern("messages/m/content");
        let b = s.intern("connection");
        assert!(a >= 1 && b >= 1 && a != b);
        assert_eq!(s.intern("not a key"), 0);
        assert_eq!(s.key_at(a), s.key("messages/m/content").as_ref());
        s.release(a);
        s.release(a);
        assert_eq!(s.key_at(a), None);
        assert_eq!(s.intern("errors"), a, "a released handle is reused");
        assert_eq!(s.key_at(0), None);
        assert_eq!(s.key_at(99), None);
    }

    fn delta(store: &mut Store, id: &str, text: &str) {
        let frame = format!(
            r#"{{"action_type":"content.delta","messageId":"{id}","payload":{{"text":"{text}"}}}}"#
        );
        ingest(store, &frame);
    }

    fn done(store: &mut Store, id: &str) {
        let frame =
            format!(r#"{{"action_type":"message.done","messageId":"{id}","payload":{{}}}}"#);
        ingest(store, &frame);
    }

    /// A store keeping one message: a second one evicts the first once it is done.
    fn keeping_one() -> Store {
        Store::new(StoreOptions {
            limits: crate::options::Limits {
                max_messages: 1,
                ..Default::default()
            },
            ..Default::default()
        })
    }

    #[test]
    fn a_flush_names_the_changed_keys_that_have_handles_and_only_those() {
        let mut s = Store::new(StoreOptions::default());
        let content = s.intern("messages/m/content");
        let twin = s.intern("messages/m/content");
        let list = s.intern("messages");
        let other = s.intern("messages/n/content");
        let gone = s.intern("messages/m");
        s.release(gone);
        delta(&mut s, "m", "Hi");
        assert_eq!(
            s.take_flush_handles(),
            vec![content, twin, list],
            "content, then `messages`; not the message key (released) nor `stats` (no handle)"
        );
        assert_eq!(s.take_notice(), None, "the flush is over");
        delta(&mut s, "m", "!");
        assert_eq!(s.take_flush_handles(), vec![content, twin]);
        s.release(twin);
        delta(&mut s, "n", "x");
        assert_eq!(s.take_flush_handles(), vec![other, list]);
        assert_eq!(s.take_flush_handles(), Vec::<u32>::new());
    }

    #[test]
    fn a_key_changed_twice_in_a_flush_is_named_once() {
        let mut s = keeping_one();
        let content = s.intern("messages/a/content");
        done(&mut s, "a");
        // `b` evicts the finished `a`, then `a` comes back and evicts `b`: keys change twice.
        done(&mut s, "b");
        delta(&mut s, "a", "again");
        assert_eq!(s.take_flush_handles(), vec![content]);
    }

    #[test]
    fn a_handle_reads_a_text_slice_from_its_own_cursor() {
        let mut s = Store::new(StoreOptions::default());
        let h = s.intern("messages/m/content");
        let other = s.intern("messages/m/content");
        assert_eq!(s.text_tail(h), None, "no message yet");
        ingest(
            &mut s,
            r#"{"action_type":"content.delta","messageId":"m","payload":{"text":"Hé"}}"#,
        );
        assert_eq!(s.text_tail(h), Some(("Hé", false)), "a first read is whole");
        ingest(
            &mut s,
            r#"{"action_type":"content.delta","messageId":"m","payload":{"text":"llo"}}"#,
        );
        assert_eq!(s.text_tail(h), Some(("llo", true)));
        assert_eq!(s.text_tail(h), Some(("", true)));
        assert_eq!(
            s.text_tail(other),
            Some(("Héllo", false)),
            "cursors are per handle"
        );
        ingest(
            &mut s,
            r#"{"action_type":"content.set","messageId":"m","payload":{"text":"Bye"}}"#,
        );
        assert_eq!(
            s.text_tail(h),
            Some(("Bye", false)),
            "a rewrite hands out the whole text"
        );
        let sources = s.intern("messages/m/sources");
        assert_eq!(s.text_tail(sources), None);
    }

    #[test]
    fn a_cursor_never_matches_a_later_message_with_the_same_id() {
        let mut s = keeping_one();
        let h = s.intern("messages/a/content");
        delta(&mut s, "a", "Hello");
        done(&mut s, "a");
        assert_eq!(s.text_tail(h), Some(("Hello", false)));
        // `b` evicts `a`; then a new `a` (evicting `b`) streams a text that extends the old one.
        done(&mut s, "b");
        ingest(
            &mut s,
            r#"{"action_type":"message.start","messageId":"a","payload":{}}"#,
        );
        delta(&mut s, "a", "Hello, again");
        assert_eq!(
            s.text_tail(h),
            Some(("Hello, again", false)),
            "read whole, not as the tail `, again`"
        );
    }

    #[test]
    fn regeneration_and_snapshots_move_the_text_epoch() {
        let mut s = Store::new(StoreOptions::default());
        let h = s.intern("messages/m/content");
        ingest(
            &mut s,
            r#"{"action_type":"content.delta","messageId":"m","payload":{"text":"old"}}"#,
        );
        assert_eq!(s.text_tail(h), Some(("old", false)));
        ingest(
            &mut s,
            r#"{"action_type":"message.start","messageId":"m","payload":{}}"#,
        );
        ingest(
            &mut s,
            r#"{"action_type":"content.delta","messageId":"m","payload":{"text":"oldie"}}"#,
        );
        assert_eq!(
            s.text_tail(h),
            Some(("oldie", false)),
            "a reader holding `old` must reread"
        );
        ingest(
            &mut s,
            r#"{"action_type":"message.snapshot","messageId":"m","payload":{"content":"oldie!"}}"#,
        );
        assert_eq!(
            s.text_tail(h),
            Some(("oldie!", false)),
            "a snapshot is a rewrite too"
        );
    }
}
