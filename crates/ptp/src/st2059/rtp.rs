//! RTP timestamps from PTP time (SMPTE ST 2110-10 §8, SMPTE ST 2059-1 §6).
//!
//! SMPTE ST 2110-10 runs every media clock in phase with the SMPTE Epoch: the clock
//! counts `rate` ticks per second of PTP time and read zero at the epoch, and an RTP
//! timestamp is the low 32 bits of that count (RFC 3550 §5.1 lets it wrap). The SDP says
//! so with `a=mediaclk:direct=0` (RFC 7273 §5.2); a stream announcing another offset adds
//! it with [`u32::wrapping_add`].

use super::align::{div_rem, frame_count};
use super::{Error, Rate};
use crate::wire::Timestamp;

/// The media clock's count at PTP time `t`: `floor(t * clock)` ticks since the SMPTE
/// Epoch, exactly and without wrapping.
#[inline]
pub fn media_clock_count(clock: Rate, t: Timestamp) -> u128 {
    frame_count(clock, t)
}

/// The RTP timestamp at PTP time `t` for a media clock of `clock` Hz:
/// `floor(t * clock) mod 2^32` (SMPTE ST 2110-10 §8.2), exactly.
#[inline]
pub fn rtp_timestamp(clock: Rate, t: Timestamp) -> u32 {
    media_clock_count(clock, t) as u32
}

/// `A / B` for the number of media clock ticks per frame, reduced.
#[inline]
fn ticks_per_frame(frame_rate: Rate, clock: Rate) -> (u128, u128) {
    let a = frame_rate.denominator() as u64 * clock.numerator() as u64;
    let b = frame_rate.numerator() as u64 * clock.denominator() as u64;
    let (mut x, mut y) = (a, b);
    while y != 0 {
        let t = x % y;
        x = y;
        y = t;
    }
    ((a / x) as u128, (b / x) as u128)
}

/// The media clock's count at the alignment point of frame `n` of a signal at
/// `frame_rate`: `floor(n * clock / frame_rate)`, the value SMPTE ST 2110-10 §8.2 puts in
/// the RTP timestamp of every packet of that frame (for video, ST 2110-20 §6.1.1). An
/// error only when it does not fit a `u128`.
///
/// At 60000/1001 frames per second and 90 kHz a frame lasts 1501.5 ticks, so the counts
/// step by 1501 and 1502 in turn.
pub fn media_clock_count_of_frame(frame_rate: Rate, clock: Rate, n: u128) -> Result<u128, Error> {
    let (a, b) = ticks_per_frame(frame_rate, clock);
    // n = q * b + r: n * a / b = q * a + r * a / b, and r * a < b * a < 2^128.
    let (q, r) = div_rem(n, b);
    let (part, _) = div_rem(r * a, b);
    q.checked_mul(a)
        .and_then(|x| x.checked_add(part))
        .ok_or(Error::OutOfRange {
            field: "frame",
            value: i128::try_from(n).unwrap_or(i128::MAX),
            min: 0,
            max: i128::try_from((u128::MAX / a).saturating_mul(b)).unwrap_or(i128::MAX),
        })
}

/// The RTP timestamp of frame `n`'s alignment point: [`media_clock_count_of_frame`]
/// modulo 2^32, computed without overflow for every `n`.
pub fn rtp_timestamp_of_frame(frame_rate: Rate, clock: Rate, n: u128) -> u32 {
    let (a, b) = ticks_per_frame(frame_rate, clock);
    let (q, r) = div_rem(n, b);
    let (part, _) = div_rem(r * a, b);
    (q as u32).wrapping_mul(a as u32).wrapping_add(part as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        let t = Timestamp::new(1, 500_000_000).unwrap();
        assert_eq!(media_clock_count(Rate::HZ_90000, t), 135_000);
        assert_eq!(media_clock_count(Rate::HZ_48000, t), 72_000);
        // 2^32 / 90000 = 47721.858.. s: the timestamp wraps during second 47721.
        let t = Timestamp::new(47_722, 0).unwrap();
        assert_eq!(
            rtp_timestamp(Rate::HZ_90000, t),
            (47_722u64 * 90_000 - (1 << 32)) as u32
        );
    }

    #[test]
    fn frames() {
        assert_eq!(ticks_per_frame(Rate::FPS_59_94, Rate::HZ_90000), (3003, 2));
        assert_eq!(ticks_per_frame(Rate::FPS_25, Rate::HZ_90000), (3600, 1));
        assert_eq!(ticks_per_frame(Rate::FPS_29_97, Rate::HZ_48000), (8008, 5));
        let mut prev = 0;
        for n in 1..=4u128 {
            let c = media_clock_count_of_frame(Rate::FPS_59_94, Rate::HZ_90000, n).unwrap();
            assert_eq!(c - prev, if n % 2 == 1 { 1501 } else { 1502 });
            prev = c;
        }
        assert!(media_clock_count_of_frame(Rate::FPS_59_94, Rate::HZ_90000, u128::MAX).is_err());
        // The wrapping form still answers: (2^128 - 1) * 1501.5 mod 2^32.
        let n = u128::MAX;
        let exact_low = {
            // n = 2 * (2^127 - 1) + 1, so n * 3003 / 2 = (2^127 - 1) * 3003 + 1501.
            ((1u128 << 127) - 1).wrapping_mul(3003).wrapping_add(1501) as u32
        };
        assert_eq!(
            rtp_timestamp_of_frame(Rate::FPS_59_94, Rate::HZ_90000, n),
            exact_low
        );
    }
}
