//! The scan for the end of a plain run inside a JSON string, eight bytes at a time.
//!
//! A string's bytes are mostly plain: not `"`, not `\`, not a control character. Long
//! strings (a cumulative `content.set` carries the whole text so far) are read three
//! times per frame (UTF-8 check, skip, decode), so the scan tests a whole `u64` word per
//! step and looks at single bytes only in the word that holds a stop byte.

const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
const QUOTES: u64 = u64::from_ne_bytes([b'"'; 8]);
const BACKSLASHES: u64 = u64::from_ne_bytes([b'\\'; 8]);

/// Whether a byte ends a plain run.
#[inline]
pub fn is_stop(b: u8) -> bool {
    b == b'"' || b == b'\\' || b < 0x20
}

/// Whether some byte of `word` is below `n` (`n` ≤ 0x80); may not say which.
#[inline]
fn has_below(word: u64, n: u64) -> bool {
    word.wrapping_sub(ONES.wrapping_mul(n)) & !word & HIGHS != 0
}

/// Whether the word may hold a stop byte. Never `false` when it does.
#[inline]
fn may_stop(word: u64) -> bool {
    has_below(word ^ QUOTES, 1) || has_below(word ^ BACKSLASHES, 1) || has_below(word, 0x20)
}

/// The index of the first stop byte at or after `from`, or `bytes.len()` if none.
#[inline]
pub fn plain_end(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        if may_stop(u64::from_ne_bytes(word)) {
            break;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if is_stop(b) {
            return i;
        }
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slow(bytes: &[u8], from: usize) -> usize {
        (from..bytes.len())
            .find(|&i| is_stop(bytes[i]))
            .unwrap_or(bytes.len())
    }

    #[test]
    fn finds_every_stop_byte_at_every_offset_as_a_byte_scan_does() {
        let stops = [b'"', b'\\', 0x00, 0x1f, b'\n'];
        let plains = [b'a', b' ', 0x21, 0x5b, 0x5d, 0x7f, 0x80, 0xff, 0xc3];
        for len in 0..24 {
            for at in 0..=len {
                for &stop in &stops {
                    for &plain in &plains {
                        let mut bytes = vec![plain; len];
                        if at < len {
                            bytes[at] = stop;
                        }
                        for from in 0..=len {
                            assert_eq!(
                                plain_end(&bytes, from),
                                slow(&bytes, from),
                                "len {len}, stop {stop:#x} at {at}, plain {plain:#x}, from {from}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_run_of_plain_text_ends_at_the_end() {
        let text = "plain text with ünïcödé and 日本語, long enough for several words";
        assert_eq!(plain_end(text.as_bytes(), 0), text.len());
        assert_eq!(plain_end(b"ab\"cd", 0), 2);
        assert_eq!(plain_end(b"abcdefghij\\k", 3), 10);
    }
}
