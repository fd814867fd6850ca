//! Finding a byte in a body, eight bytes at a time.
//!
//! The framers look for line ends (or RS) in every byte of a body; a byte-by-byte loop is
//! most of their time on long frames. Reading the bytes as `u64` words and testing all eight
//! at once ("has a zero byte": `(w - 0x01…) & !w & 0x80…`, on `w ^ byte×0x01…`) is plain
//! integer arithmetic, so it is as fast in wasm as natively. The test marks the first
//! matching byte exactly (only bytes after a match can be marked falsely), and little-endian
//! words put the first byte lowest, so the lowest mark is the answer. (`json::scan` does the
//! same for the stop bytes of a JSON string.)

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each zero byte of `w` (exact up to the first one).
fn zero_bytes(w: u64) -> u64 {
    w.wrapping_sub(ONES) & !w & HIGHS
}

/// Where the first `a` or `b` is in `bytes`.
pub fn find2(bytes: &[u8], a: u8, b: u8) -> Option<usize> {
    let (wa, wb) = (ONES * u64::from(a), ONES * u64::from(b));
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        let w = u64::from_le_bytes(<[u8; 8]>::try_from(word).unwrap_or_default());
        let marks = zero_bytes(w ^ wa) | zero_bytes(w ^ wb);
        if marks != 0 {
            return Some(at + (marks.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let tail = words.remainder();
    tail.iter().position(|&x| x == a || x == b).map(|i| at + i)
}

/// Where the first `a` is in `bytes`.
pub fn find(bytes: &[u8], a: u8) -> Option<usize> {
    find2(bytes, a, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(bytes: &[u8], a: u8, b: u8) -> Option<usize> {
        bytes.iter().position(|&x| x == a || x == b)
    }

    #[test]
    fn finds_what_a_byte_loop_finds_at_every_position_and_length() {
        // Every byte value around the targets, so borrows between bytes are exercised.
        for len in 0..40 {
            for at in 0..=len {
                for filler in [0x00u8, 0x01, 0x09, 0x0B, 0x0C, 0x0E, 0x7F, 0x80, 0x8A, 0xFF] {
                    let mut bytes = vec![filler; len];
                    if at < len {
                        bytes[at] = b'\r';
                    }
                    if at + 3 < len {
                        bytes[at + 3] = b'\n';
                    }
                    assert_eq!(
                        find2(&bytes, b'\n', b'\r'),
                        naive(&bytes, b'\n', b'\r'),
                        "{bytes:?}"
                    );
                    assert_eq!(
                        find(&bytes, b'\n'),
                        naive(&bytes, b'\n', b'\n'),
                        "{bytes:?}"
                    );
                    assert_eq!(find(&bytes, 0x1E), naive(&bytes, 0x1E, 0x1E));
                }
            }
        }
    }

    #[test]
    fn a_pseudo_random_sweep_agrees_with_the_byte_loop() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..2000 {
            let mut bytes = Vec::new();
            for _ in 0..(x % 70) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                // Mostly bytes near the targets and zero.
                bytes.push(
                    [0x00, 0x0A, 0x0D, 0x0B, 0x09, 0x0C, 0x80, 0x8D, 0xFF, b'a'][(x % 10) as usize],
                );
            }
            assert_eq!(
                find2(&bytes, b'\n', b'\r'),
                naive(&bytes, b'\n', b'\r'),
                "{bytes:?}"
            );
        }
    }
}
