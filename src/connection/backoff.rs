//! Reconnect delays: capped exponential backoff with jitter.
//!
//! `delay(attempt) = min(max, base * 2^(attempt-1))`, then jitter pulls it down by a random
//! fraction: `delay * (1 - jitter * r)` with `r` uniform in `[0, 1)`, so the result always lies
//! in `[delay * (1 - jitter), delay]`. Jitter only ever shortens the wait, never lengthens it,
//! so `max_delay_ms` stays a real ceiling, and many clients dropped by one server restart
//! spread their reconnects out instead of arriving together ("full jitter" at `jitter = 1`).
//!
//! The machine is sans-IO and must be reproducible in tests, so the randomness comes from a
//! tiny xorshift generator seeded by the caller (the driver passes e.g. `Math.random()` bits).

/// Marsaglia's xorshift64: fast, tiny, good enough to spread reconnects. Not for secrets.
#[derive(Debug, Clone)]
pub struct XorShift64 {
    state: u64,
}

/// Used instead of a zero state, which would make xorshift emit zeros forever.
const NONZERO_SEED: u64 = 0x9E37_79B9_7F4A_7C15;

impl XorShift64 {
    /// A generator seeded with `seed`. The seed is first scrambled (splitmix64's finalizer),
    /// because xorshift's first outputs for small seeds such as 1, 2, 3 are small and alike:
    /// clients seeded with nearby values would otherwise reconnect together.
    pub fn new(seed: u64) -> Self {
        let mut z = seed.wrapping_add(NONZERO_SEED);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        let state = if z == 0 { NONZERO_SEED } else { z };
        Self { state }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.state;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.state = x;
        x
    }

    /// A uniform float in `[0, 1)`, from the top 53 bits (the f64 mantissa width).
    pub fn next_f64(&mut self) -> f64 {
        const MANTISSA_SCALE: f64 = (1u64 << 53) as f64;
        (self.next_u64() >> 11) as f64 / MANTISSA_SCALE
    }
}

/// Computes the wait before reconnect attempt `n` (1-based).
#[derive(Debug, Clone)]
pub struct Backoff {
    base_ms: u64,
    max_ms: u64,
    jitter: f64,
    rng: XorShift64,
}

impl Backoff {
    /// `jitter` is clamped into `0.0..=1.0` (NaN counts as 0) so a bad option cannot produce
    /// a negative or oversized delay.
    pub fn new(base_ms: u64, max_ms: u64, jitter: f64, seed: u64) -> Self {
        let jitter = if jitter.is_nan() {
            0.0
        } else {
            jitter.clamp(0.0, 1.0)
        };
        Self {
            base_ms,
            max_ms,
            jitter,
            rng: XorShift64::new(seed),
        }
    }

    /// The un-jittered delay for `attempt`: `min(max, base * 2^(attempt-1))`, saturating.
    pub fn ceiling(&self, attempt: u32) -> u64 {
        let factor = 2u64.saturating_pow(attempt.saturating_sub(1));
        self.base_ms.saturating_mul(factor).min(self.max_ms)
    }

    /// The jittered delay for `attempt`, within `[ceiling * (1 - jitter), ceiling]`.
    pub fn delay(&mut self, attempt: u32) -> u64 {
        let ceiling = self.ceiling(attempt);
        let r = self.rng.next_f64();
        // Float-to-int `as` saturates, and `min` keeps us inside the ceiling even if rounding
        // of a huge u64 through f64 overshoots.
        let cut = (ceiling as f64 * self.jitter * r) as u64;
        ceiling.saturating_sub(cut.min(ceiling))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delay_doubles_per_attempt_without_jitter() {
        let mut b = Backoff::new(1000, 30_000, 0.0, 1);
        let delays: Vec<u64> = (1..=6).map(|a| b.delay(a)).collect();
        assert_eq!(delays, vec![1000, 2000, 4000, 8000, 16_000, 30_000]);
    }

    #[test]
    fn delay_is_capped_and_never_overflows() {
        let mut b = Backoff::new(1000, 30_000, 0.0, 1);
        assert_eq!(b.delay(7), 30_000);
        assert_eq!(b.delay(200), 30_000);
        assert_eq!(b.delay(u32::MAX), 30_000);
        let mut huge = Backoff::new(u64::MAX, u64::MAX, 0.0, 3);
        assert_eq!(huge.delay(u32::MAX), u64::MAX);
        let mut jittered = Backoff::new(u64::MAX, u64::MAX, 0.5, 3);
        assert!(jittered.delay(u32::MAX) >= u64::MAX / 2 - 1);
    }

    #[test]
    fn attempt_zero_is_treated_like_the_first() {
        let b = Backoff::new(1000, 30_000, 0.0, 1);
        assert_eq!(b.ceiling(0), 1000);
    }

    #[test]
    fn jittered_delay_stays_within_bounds_over_many_seeds() {
        for seed in 0..500u64 {
            let mut b = Backoff::new(1000, 30_000, 0.5, seed);
            for attempt in 1..=10 {
                let ceiling = b.ceiling(attempt);
                let d = b.delay(attempt);
                assert!(
                    d <= ceiling,
                    "seed {seed} attempt {attempt}: {d} > {ceiling}"
                );
                assert!(
                    d * 2 >= ceiling,
                    "seed {seed} attempt {attempt}: {d} < half"
                );
            }
        }
    }

    #[test]
    fn jitter_actually_spreads_delays() {
        let delays: std::collections::HashSet<u64> = (1..100u64)
            .map(|seed| Backoff::new(1000, 30_000, 1.0, seed).delay(3))
            .collect();
        assert!(delays.len() > 50, "only {} distinct delays", delays.len());
    }

    #[test]
    fn out_of_range_jitter_is_clamped() {
        for seed in 1..50 {
            let d = Backoff::new(1000, 30_000, 7.0, seed).delay(1);
            assert!(d <= 1000);
            assert_eq!(Backoff::new(1000, 30_000, -1.0, seed).delay(1), 1000);
            assert_eq!(Backoff::new(1000, 30_000, f64::NAN, seed).delay(1), 1000);
        }
    }

    #[test]
    fn rng_is_deterministic_and_in_unit_interval() {
        let mut a = XorShift64::new(42);
        let mut b = XorShift64::new(42);
        for _ in 0..1000 {
            let x = a.next_f64();
            assert_eq!(x, b.next_f64());
            assert!((0.0..1.0).contains(&x));
        }
        assert_ne!(XorShift64::new(0).next_u64(), 0);
    }
}
