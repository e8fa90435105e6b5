//! Alignment of periodic signals to the SMPTE Epoch (SMPTE ST 2059-1 §6).

use core::cmp::Ordering;
use core::fmt;

use super::{Error, Rate};
use crate::wire::{Time, Timestamp};

pub(crate) const NS_PER_S: u128 = 1_000_000_000;

/// `(a / b, a % b)`, with 64-bit division when both fit (the common case, and several
/// times faster than a full 128-bit division on every target).
#[inline]
pub(crate) fn div_rem(a: u128, b: u128) -> (u128, u128) {
    if let (Ok(a64), Ok(b64)) = (u64::try_from(a), u64::try_from(b)) {
        ((a64 / b64) as u128, (a64 % b64) as u128)
    } else {
        (a / b, a % b)
    }
}

/// An instant since the SMPTE Epoch (or a duration), exactly: `nanos` whole nanoseconds
/// plus `remainder / divisor` of a nanosecond, `0 <= remainder < divisor`.
///
/// Alignment points of rates such as 30000/1001 fall between nanoseconds (frame 1 starts
/// 33 366 666 + 2/3 ns after the epoch), so this is how they are returned; convert with
/// [`ExactTime::to_timestamp_floor`] or [`ExactTime::to_timestamp_ceil`] when a wire
/// [`Timestamp`] is needed. The fraction is kept in lowest terms, so equal times are
/// equal values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ExactTime {
    nanos: u128,
    remainder: u32,
    divisor: u32,
}

impl ExactTime {
    /// The SMPTE Epoch (or a zero duration).
    pub const ZERO: ExactTime = ExactTime {
        nanos: 0,
        remainder: 0,
        divisor: 1,
    };

    /// Whole nanoseconds.
    pub const fn from_nanos(nanos: u128) -> ExactTime {
        ExactTime {
            nanos,
            remainder: 0,
            divisor: 1,
        }
    }

    /// `nanos + remainder / divisor` nanoseconds; a `remainder` of a whole nanosecond or
    /// more is carried into `nanos`. A zero divisor is [`Error::ZeroDenominator`]; a
    /// value whose ceiling does not fit a `u128` of nanoseconds is [`Error::OutOfRange`].
    pub const fn new(nanos: u128, remainder: u32, divisor: u32) -> Result<ExactTime, Error> {
        if divisor == 0 {
            return Err(Error::ZeroDenominator {
                numerator: remainder,
            });
        }
        let rem = remainder % divisor;
        match nanos.checked_add((remainder / divisor) as u128 + (rem != 0) as u128) {
            Some(_) => Ok(ExactTime::reduced(
                nanos + (remainder / divisor) as u128,
                rem,
                divisor,
            )),
            None => Err(Error::OutOfRange {
                field: "nanoseconds",
                value: i128::MAX,
                min: 0,
                max: i128::MAX,
            }),
        }
    }

    /// Builds from a remainder already below the divisor, reducing the fraction.
    pub(crate) const fn reduced(nanos: u128, remainder: u32, divisor: u32) -> ExactTime {
        if remainder == 0 {
            return ExactTime::from_nanos(nanos);
        }
        let (mut a, mut b) = (remainder, divisor);
        while b != 0 {
            let t = a % b;
            a = b;
            b = t;
        }
        ExactTime {
            nanos,
            remainder: remainder / a,
            divisor: divisor / a,
        }
    }

    /// Whole nanoseconds, rounded down.
    #[inline]
    pub const fn nanos_floor(self) -> u128 {
        self.nanos
    }

    /// Whole nanoseconds, rounded up.
    #[inline]
    pub const fn nanos_ceil(self) -> u128 {
        self.nanos + (self.remainder != 0) as u128
    }

    /// The fraction of a nanosecond above [`ExactTime::nanos_floor`] as `(remainder,
    /// divisor)` in lowest terms; `(0, 1)` for a whole number of nanoseconds.
    #[inline]
    pub const fn fraction(self) -> (u32, u32) {
        (self.remainder, self.divisor)
    }

    /// Whether this is a whole number of nanoseconds.
    #[inline]
    pub const fn is_whole_nanos(self) -> bool {
        self.remainder == 0
    }

    /// Whole seconds, rounded down.
    pub fn seconds_floor(self) -> u128 {
        self.nanos / NS_PER_S
    }

    /// The wire timestamp at or before this time (the fraction of a nanosecond dropped);
    /// an error past 2^48 seconds.
    pub fn to_timestamp_floor(self) -> Result<Timestamp, Error> {
        timestamp_of(self.nanos)
    }

    /// The wire timestamp at or after this time (a fraction of a nanosecond rounds up to
    /// the next nanosecond); an error past 2^48 seconds.
    pub fn to_timestamp_ceil(self) -> Result<Timestamp, Error> {
        timestamp_of(self.nanos_ceil())
    }

    /// The crate's arithmetic [`Time`] (nanoseconds scaled by 2^16), rounded down to a
    /// 2^-16 ns step; `None` if it does not fit (it always does below 2^48 seconds).
    pub fn to_time_floor(self) -> Option<Time> {
        let whole = i128::try_from(self.nanos).ok()?.checked_mul(1 << 16)?;
        let sub = ((self.remainder as u64) << 16) / self.divisor as u64;
        Some(Time::from_scaled_nanos(whole + sub as i128))
    }

    /// The sum of two times (or a time and a duration); `None` on overflow.
    pub fn checked_add(self, o: ExactTime) -> Option<ExactTime> {
        let d = self.divisor as u128 * o.divisor as u128;
        let r =
            self.remainder as u128 * o.divisor as u128 + o.remainder as u128 * self.divisor as u128;
        let carry = r / d;
        let (rem, div) = reduce(r % d, d)?;
        let nanos = self.nanos.checked_add(o.nanos)?.checked_add(carry)?;
        Some(ExactTime::reduced(nanos, rem, div))
    }
}

/// Reduces `r / d` and returns it as `u32`s, or `None` if the reduced divisor still does
/// not fit (two times with unrelated large divisors).
fn reduce(r: u128, d: u128) -> Option<(u32, u32)> {
    if r == 0 {
        return Some((0, 1));
    }
    let (mut a, mut b) = (r, d);
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    Some((u32::try_from(r / a).ok()?, u32::try_from(d / a).ok()?))
}

fn timestamp_of(nanos: u128) -> Result<Timestamp, Error> {
    let (s, ns) = div_rem(nanos, NS_PER_S);
    if s > Timestamp::MAX_SECONDS as u128 {
        return Err(Error::OutOfRange {
            field: "secondsField",
            value: i128::try_from(s).unwrap_or(i128::MAX),
            min: 0,
            max: Timestamp::MAX_SECONDS as i128,
        });
    }
    Ok(Timestamp {
        seconds: s as u64,
        nanoseconds: ns as u32,
    })
}

impl From<Timestamp> for ExactTime {
    fn from(t: Timestamp) -> ExactTime {
        ExactTime::from_nanos(t.seconds as u128 * NS_PER_S + t.nanoseconds as u128)
    }
}

impl PartialOrd for ExactTime {
    fn partial_cmp(&self, o: &ExactTime) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl Ord for ExactTime {
    fn cmp(&self, o: &ExactTime) -> Ordering {
        self.nanos.cmp(&o.nanos).then_with(|| {
            (self.remainder as u64 * o.divisor as u64)
                .cmp(&(o.remainder as u64 * self.divisor as u64))
        })
    }
}

impl fmt::Display for ExactTime {
    /// `seconds.nanoseconds` with nine digits, then `+remainder/divisor` ns when the time
    /// falls between nanoseconds: `1.033366666+2/3`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (s, ns) = div_rem(self.nanos, NS_PER_S);
        write!(f, "{s}.{ns:09}")?;
        if self.remainder != 0 {
            write!(f, "+{}/{}", self.remainder, self.divisor)?;
        }
        Ok(())
    }
}

/// A frame and the instant it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Alignment {
    /// The frame's number: frames since the SMPTE Epoch.
    pub frame: u128,
    /// Its alignment point, exactly.
    pub time: ExactTime,
}

/// `t * rate` as `(whole, rem)` with `t * rate = whole + rem / (den * 10^9)`.
#[inline]
pub(crate) fn scaled(rate: Rate, t: Timestamp) -> (u128, u128) {
    let num = rate.numerator() as u128;
    let den = rate.denominator() as u128;
    // seconds * num = q * den + r, then the rest is (r * 10^9 + ns * num) / (den * 10^9).
    let (q, r) = div_rem(t.seconds as u128 * num, den);
    let (q2, r2) = div_rem(r * NS_PER_S + t.nanoseconds as u128 * num, den * NS_PER_S);
    (q + q2, r2)
}

/// The number of whole periods of `rate` since the SMPTE Epoch at PTP time `t`:
/// `floor(t * rate)` (SMPTE ST 2059-1 §6). For a frame rate this is the number of the
/// frame that contains `t`, so an instant exactly on an alignment point belongs to the
/// frame that starts there.
///
/// `t` may hold any value of its fields (even above 2^48 s or 10^9 ns); the result is
/// exact.
#[inline]
pub fn frame_count(rate: Rate, t: Timestamp) -> u128 {
    scaled(rate, t).0
}

/// The alignment point of frame `n`: `n / rate` seconds after the SMPTE Epoch
/// (SMPTE ST 2059-1 §6), exactly. An error only when it does not fit a `u128` of
/// nanoseconds (far beyond any PTP time).
pub fn alignment_point(rate: Rate, n: u128) -> Result<ExactTime, Error> {
    let num = rate.numerator() as u128;
    let den_ns = rate.denominator() as u128 * NS_PER_S;
    // n = a * num + b: n * den_ns / num = a * den_ns + b * den_ns / num.
    let (a, b) = div_rem(n, num);
    let (c, rem) = div_rem(b * den_ns, num);
    let nanos = a
        .checked_mul(den_ns)
        .and_then(|x| x.checked_add(c))
        .ok_or(Error::OutOfRange {
            field: "frame",
            value: i128::try_from(n).unwrap_or(i128::MAX),
            min: 0,
            max: i128::try_from((u128::MAX / den_ns).saturating_mul(num)).unwrap_or(i128::MAX),
        })?;
    Ok(ExactTime::reduced(nanos, rem as u32, rate.numerator()))
}

/// The first alignment point at or after `t`: `t` itself when it is one, otherwise the
/// start of the next frame. The time is exact; [`ExactTime::to_timestamp_ceil`] gives
/// the first whole nanosecond at or after it, which is what a sender timing an event by
/// a nanosecond clock should use (never early), and [`ExactTime::to_timestamp_floor`]
/// the last one before it.
pub fn next_alignment_point(rate: Rate, t: Timestamp) -> Alignment {
    let (n, r2) = scaled(rate, t);
    let t_ns = t.seconds as u128 * NS_PER_S + t.nanoseconds as u128;
    if r2 == 0 {
        return Alignment {
            frame: n,
            time: ExactTime::from_nanos(t_ns),
        };
    }
    // t * rate = n + r2 / D with D = den * 10^9; the next frame is (D - r2) / D frames
    // later, that is (D - r2) / num nanoseconds.
    let num = rate.numerator() as u128;
    let gap = rate.denominator() as u128 * NS_PER_S - r2;
    let (g, rem) = div_rem(gap, num);
    Alignment {
        frame: n + 1,
        time: ExactTime::reduced(t_ns + g, rem as u32, rate.numerator()),
    }
}

/// How far `t` is past the alignment point of the frame that contains it, exactly:
/// zero on an alignment point, always less than one period `1 / rate`.
pub fn phase(rate: Rate, t: Timestamp) -> ExactTime {
    let (_, r2) = scaled(rate, t);
    // r2 / (den * 10^9) frames = r2 / num nanoseconds.
    let (p, rem) = div_rem(r2, rate.numerator() as u128);
    ExactTime::reduced(p, rem as u32, rate.numerator())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: u64, ns: u32) -> Timestamp {
        Timestamp::new(s, ns).unwrap()
    }

    #[test]
    fn epoch() {
        for r in [
            Rate::FPS_25,
            Rate::FPS_29_97,
            Rate::FPS_59_94,
            Rate::HZ_90000,
        ] {
            assert_eq!(frame_count(r, ts(0, 0)), 0);
            assert_eq!(phase(r, ts(0, 0)), ExactTime::ZERO);
            assert_eq!(
                next_alignment_point(r, ts(0, 0)),
                Alignment {
                    frame: 0,
                    time: ExactTime::ZERO
                }
            );
        }
    }

    #[test]
    fn ntsc_frame_one() {
        // 1001/30000 s = 33_366_666 + 2/3 ns.
        let a = alignment_point(Rate::FPS_29_97, 1).unwrap();
        assert_eq!(a.nanos_floor(), 33_366_666);
        assert_eq!(a.fraction(), (2, 3));
        assert_eq!(a.to_timestamp_ceil().unwrap(), ts(0, 33_366_667));
        assert_eq!(a.to_timestamp_floor().unwrap(), ts(0, 33_366_666));
        assert_eq!(
            a.to_time_floor().unwrap().scaled_nanos(),
            33_366_666 * 65536 + 43690
        );
        assert_eq!(next_alignment_point(Rate::FPS_29_97, ts(0, 1)).time, a);
        assert_eq!(
            next_alignment_point(Rate::FPS_29_97, ts(0, 33_366_666)).time,
            a
        );
        assert_eq!(
            next_alignment_point(Rate::FPS_29_97, ts(0, 33_366_667)).frame,
            2
        );
        assert_eq!(frame_count(Rate::FPS_29_97, ts(0, 33_366_666)), 0);
        assert_eq!(frame_count(Rate::FPS_29_97, ts(0, 33_366_667)), 1);
        // 1/3 ns after the alignment point.
        assert_eq!(
            phase(Rate::FPS_29_97, ts(0, 33_366_667)),
            ExactTime::new(0, 1, 3).unwrap()
        );
        // Frame 30000 starts at exactly 1001 s.
        assert_eq!(
            alignment_point(Rate::FPS_29_97, 30_000).unwrap(),
            ExactTime::from_nanos(1001 * NS_PER_S)
        );
    }

    #[test]
    fn exact_time_order_and_display() {
        let a = ExactTime::new(5, 1, 3).unwrap();
        let b = ExactTime::new(5, 2, 6).unwrap();
        assert_eq!(a, b);
        assert!(ExactTime::new(5, 1, 2).unwrap() > a);
        assert!(ExactTime::from_nanos(6) > a);
        assert_eq!(
            ExactTime::new(5, 7, 3).unwrap(),
            ExactTime::new(7, 1, 3).unwrap()
        );
        assert!(ExactTime::new(0, 0, 0).is_err());
        assert!(ExactTime::new(u128::MAX, 1, 2).is_err());
        assert!(ExactTime::new(u128::MAX, 2, 2).is_err());
        assert_eq!(
            ExactTime::new(u128::MAX - 1, 1, 2).unwrap().nanos_ceil(),
            u128::MAX
        );
        extern crate std;
        use std::string::ToString;
        let one = alignment_point(Rate::FPS_29_97, 1).unwrap();
        assert_eq!(one.to_string(), "0.033366666+2/3");
        assert_eq!(
            a.checked_add(ExactTime::new(0, 2, 3).unwrap()),
            Some(ExactTime::from_nanos(6))
        );
    }

    #[test]
    fn extreme_values_do_not_overflow() {
        let max = Timestamp {
            seconds: u64::MAX,
            nanoseconds: u32::MAX,
        };
        let r = Rate::new(u32::MAX, 1).unwrap();
        let n = frame_count(r, max);
        assert_eq!(
            n,
            u64::MAX as u128 * u32::MAX as u128 + (u32::MAX as u128 * u32::MAX as u128) / NS_PER_S
        );
        let slow = Rate::new(1, u32::MAX).unwrap();
        let a = next_alignment_point(slow, max);
        assert!(a.time >= ExactTime::from(max));
        assert!(a.time.to_timestamp_ceil().is_err());
        assert!(alignment_point(slow, u128::MAX).is_err());
    }
}
