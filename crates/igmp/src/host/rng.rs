//! Randomness for the host's timers, supplied by the caller.
//!
//! RFC 9776 §5.1 and §5.2 (RFC 9777 §6.1, §6.2) pick report delays "at random"; the
//! state machine never reads an entropy source itself. Give it anything that hands out
//! `u32`s: an OS generator, a hardware RNG, or [`XorShift32`] seeded from one.

use core::time::Duration;

/// A source of uniformly distributed 32-bit values.
pub trait Rng {
    /// The next value.
    fn next_u32(&mut self) -> u32;
}

impl<R: Rng + ?Sized> Rng for &mut R {
    fn next_u32(&mut self) -> u32 {
        (**self).next_u32()
    }
}

/// Marsaglia's 32-bit xorshift (shifts 13, 17, 5): small, fast and seedable; good
/// enough to spread report timers, not for anything secret.
#[derive(Debug, Clone)]
pub struct XorShift32 {
    state: u32,
}

impl XorShift32 {
    /// A generator from `seed` (a zero seed, which xorshift cannot use, is replaced by a
    /// fixed non-zero one).
    pub const fn new(seed: u32) -> Self {
        XorShift32 {
            state: if seed == 0 { 0x9E37_79B9 } else { seed },
        }
    }
}

impl Default for XorShift32 {
    fn default() -> Self {
        XorShift32::new(0)
    }
}

impl Rng for XorShift32 {
    fn next_u32(&mut self) -> u32 {
        let mut x = self.state;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.state = x;
        x
    }
}

/// A delay drawn uniformly from `[0, max]` at microsecond resolution.
pub fn random_delay<R: Rng + ?Sized>(rng: &mut R, max: Duration) -> Duration {
    let us = max.as_micros().min(u128::from(u64::MAX >> 1)) as u64;
    if us == 0 {
        return Duration::ZERO;
    }
    // Multiply-shift over 64 bits of randomness: uniform enough and never above `max`.
    let r = (u64::from(rng.next_u32()) << 32) | u64::from(rng.next_u32());
    let v = ((u128::from(r) * (u128::from(us) + 1)) >> 64) as u64;
    Duration::from_micros(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xorshift_known_sequence_and_zero_seed() {
        let mut r = XorShift32::new(1);
        assert_eq!(r.next_u32(), 270369);
        assert_eq!(r.next_u32(), 67634689);
        let mut z = XorShift32::new(0);
        assert_ne!(z.next_u32(), 0);
    }

    #[test]
    fn delays_stay_in_range() {
        let mut r = XorShift32::new(7);
        let max = Duration::from_millis(1000);
        let mut lo = max;
        let mut hi = Duration::ZERO;
        for _ in 0..10_000 {
            let d = random_delay(&mut r, max);
            assert!(d <= max);
            lo = lo.min(d);
            hi = hi.max(d);
        }
        // Spread over the whole interval.
        assert!(lo < Duration::from_millis(5) && hi > Duration::from_millis(995));
        assert_eq!(random_delay(&mut r, Duration::ZERO), Duration::ZERO);
        assert!(random_delay(&mut r, Duration::MAX) <= Duration::MAX);
    }
}
