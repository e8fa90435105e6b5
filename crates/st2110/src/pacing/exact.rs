//! Exact nanoseconds: a fraction `numerator / denominator` of a nanosecond.

use core::cmp::Ordering;
use core::fmt;

use mediafabric_ptp::st2059::ExactTime;
use mediafabric_ptp::wire::Timestamp;

const NS_PER_S: u128 = 1_000_000_000;

/// An exact number of nanoseconds, `numerator / denominator` (the denominator is never
/// zero), as an instant since the SMPTE Epoch or as a duration; it may be negative (an
/// offset before an alignment point).
///
/// The ST 2110-21 quantities are rational: at 60000/1001 frames per second TFRAME is
/// 16 683 333 + 1/3 ns and TRS of a 4320-packet 1080p frame 3707 + 11/27 ns. A value is
/// not necessarily kept in lowest terms (the per-packet paths skip the reduction), but
/// comparison and equality are exact whatever the representation, and
/// [`Nanos::reduced`] and [`Display`](fmt::Display) give lowest terms.
///
/// `Display` writes the exact decimal when the fraction terminates (`3707.5`, `-12`) and
/// `numerator/denominator` in lowest terms when it does not (`100100/27`).
#[derive(Debug, Clone, Copy)]
pub struct Nanos {
    num: i128,
    den: u64,
}

const fn gcd_u128(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

impl Nanos {
    /// Zero.
    pub const ZERO: Nanos = Nanos { num: 0, den: 1 };

    /// A whole number of nanoseconds.
    pub const fn from_integer(nanos: i128) -> Nanos {
        Nanos { num: nanos, den: 1 }
    }

    /// `numerator / denominator` nanoseconds; `None` for a zero denominator.
    pub const fn new(numerator: i128, denominator: u64) -> Option<Nanos> {
        if denominator == 0 {
            None
        } else {
            Some(Nanos {
                num: numerator,
                den: denominator,
            })
        }
    }

    /// The same value in lowest terms.
    pub fn reduced(self) -> Nanos {
        let g = gcd_u128(self.num.unsigned_abs(), self.den as u128);
        if g <= 1 {
            return self;
        }
        Nanos {
            num: self.num / g as i128,
            den: (self.den as u128 / g) as u64,
        }
    }

    /// The numerator in lowest terms (its sign is the value's sign).
    pub fn numerator(self) -> i128 {
        self.reduced().num
    }

    /// The denominator in lowest terms (never zero).
    pub fn denominator(self) -> u64 {
        self.reduced().den
    }

    /// The largest whole number of nanoseconds at or below the value.
    #[inline]
    pub const fn floor(self) -> i128 {
        self.num.div_euclid(self.den as i128)
    }

    /// The smallest whole number of nanoseconds at or above the value: when a sender
    /// timed by a nanosecond clock may act on an exact instant without being early.
    #[inline]
    pub const fn ceil(self) -> i128 {
        let f = self.num.div_euclid(self.den as i128);
        if self.num.rem_euclid(self.den as i128) == 0 {
            f
        } else {
            f + 1
        }
    }

    /// Whether the value is a whole number of nanoseconds.
    pub const fn is_integer(self) -> bool {
        self.num.rem_euclid(self.den as i128) == 0
    }

    /// Whether the value has a finite decimal expansion (its reduced denominator has no
    /// prime factor but 2 and 5).
    pub fn is_terminating(self) -> bool {
        let mut d = self.denominator();
        while d.is_multiple_of(2) {
            d /= 2;
        }
        while d.is_multiple_of(5) {
            d /= 5;
        }
        d == 1
    }

    /// The sum; `None` when the common denominator or the numerator does not fit.
    pub fn checked_add(self, o: Nanos) -> Option<Nanos> {
        let (a, b) = (self.reduced(), o.reduced());
        let g = gcd_u128(a.den as u128, b.den as u128);
        let lcm = (a.den as u128 / g).checked_mul(b.den as u128)?;
        let den = u64::try_from(lcm).ok()?;
        let x = a.num.checked_mul((lcm / a.den as u128) as i128)?;
        let y = b.num.checked_mul((lcm / b.den as u128) as i128)?;
        Some(Nanos {
            num: x.checked_add(y)?,
            den,
        })
    }

    /// The difference `self - o`; `None` on overflow.
    pub fn checked_sub(self, o: Nanos) -> Option<Nanos> {
        self.checked_add(Nanos {
            num: o.num.checked_neg()?,
            den: o.den,
        })
    }

    /// The value times a whole number; `None` on overflow.
    pub fn checked_mul_int(self, k: i128) -> Option<Nanos> {
        Some(Nanos {
            num: self.num.checked_mul(k)?,
            den: self.den,
        })
    }

    /// The value as a PTP [`ExactTime`] (whole nanoseconds and a fraction over a `u32`);
    /// `None` for a negative value or a reduced denominator above `u32::MAX`.
    pub fn to_exact_time(self) -> Option<ExactTime> {
        let r = self.reduced();
        let den = u32::try_from(r.den).ok()?;
        let whole = u128::try_from(r.floor()).ok()?;
        let rem = r.num.rem_euclid(r.den as i128) as u32;
        ExactTime::new(whole, rem, den).ok()
    }

    /// The wire timestamp at or after the value (the first nanosecond a sender may act
    /// on); `None` below zero or past 2^48 seconds.
    pub fn to_timestamp_ceil(self) -> Option<Timestamp> {
        timestamp_of(self.ceil())
    }

    /// The wire timestamp at or before the value; `None` below zero or past 2^48 s.
    pub fn to_timestamp_floor(self) -> Option<Timestamp> {
        timestamp_of(self.floor())
    }

    /// Nanoseconds since the SMPTE Epoch of a wire timestamp.
    pub fn from_timestamp(t: Timestamp) -> Nanos {
        Nanos::from_integer(timestamp_nanos(t) as i128)
    }
}

/// Nanoseconds since the epoch of a wire timestamp (any field values).
#[inline]
pub(crate) fn timestamp_nanos(t: Timestamp) -> u128 {
    t.seconds as u128 * NS_PER_S + t.nanoseconds as u128
}

fn timestamp_of(ns: i128) -> Option<Timestamp> {
    let ns = u128::try_from(ns).ok()?;
    let s = u64::try_from(ns / NS_PER_S).ok()?;
    Timestamp::new(s, (ns % NS_PER_S) as u32).ok()
}

impl From<Timestamp> for Nanos {
    fn from(t: Timestamp) -> Nanos {
        Nanos::from_timestamp(t)
    }
}

impl PartialEq for Nanos {
    fn eq(&self, o: &Nanos) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}

impl Eq for Nanos {}

impl PartialOrd for Nanos {
    fn partial_cmp(&self, o: &Nanos) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl Ord for Nanos {
    fn cmp(&self, o: &Nanos) -> Ordering {
        // Whole parts first, then the fractions: r1/d1 against r2/d2 with both
        // remainders below their denominators, so the products stay below 2^128.
        let (q1, r1) = (
            self.num.div_euclid(self.den as i128),
            self.num.rem_euclid(self.den as i128) as u128,
        );
        let (q2, r2) = (
            o.num.div_euclid(o.den as i128),
            o.num.rem_euclid(o.den as i128) as u128,
        );
        q1.cmp(&q2)
            .then_with(|| (r1 * o.den as u128).cmp(&(r2 * self.den as u128)))
    }
}

impl fmt::Display for Nanos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = self.reduced();
        if r.den == 1 {
            return write!(f, "{}", r.num);
        }
        // A terminating fraction: scale to 10^digits.
        let (mut twos, mut fives, mut d) = (0u32, 0u32, r.den);
        while d.is_multiple_of(2) {
            d /= 2;
            twos += 1;
        }
        while d.is_multiple_of(5) {
            d /= 5;
            fives += 1;
        }
        let digits = twos.max(fives);
        let scaled = if d == 1 {
            10u128
                .checked_pow(digits)
                .map(|p| p / r.den as u128)
                .and_then(|m| r.num.unsigned_abs().checked_mul(m))
        } else {
            None
        };
        match scaled {
            Some(s) => {
                let p = 10u128.pow(digits);
                let sign = if r.num < 0 { "-" } else { "" };
                write!(
                    f,
                    "{sign}{}.{:0width$}",
                    s / p,
                    s % p,
                    width = digits as usize
                )
            }
            None => write!(f, "{}/{}", r.num, r.den),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate std;
    use std::string::ToString;

    #[test]
    fn order_and_equality_ignore_representation() {
        let a = Nanos::new(2, 3).unwrap();
        let b = Nanos::new(-4, 6).unwrap();
        assert_eq!(a, Nanos::new(4, 6).unwrap());
        assert!(b < Nanos::ZERO && Nanos::ZERO < a);
        assert_eq!(b.floor(), -1);
        assert_eq!(b.ceil(), 0);
        assert_eq!(a.ceil(), 1);
        assert_eq!(Nanos::from_integer(7).ceil(), 7);
        assert!(Nanos::new(1, 0).is_none());
    }

    #[test]
    fn display() {
        assert_eq!(Nanos::new(15, 2).unwrap().to_string(), "7.5");
        assert_eq!(Nanos::new(-1, 8).unwrap().to_string(), "-0.125");
        assert_eq!(Nanos::new(100100, 27).unwrap().to_string(), "100100/27");
        assert_eq!(Nanos::new(-6, 3).unwrap().to_string(), "-2");
        assert!(!Nanos::new(1, 3).unwrap().is_terminating());
        assert!(Nanos::new(1, 40).unwrap().is_terminating());
    }

    #[test]
    fn arithmetic() {
        let third = Nanos::new(1, 3).unwrap();
        let half = Nanos::new(1, 2).unwrap();
        assert_eq!(third.checked_add(half).unwrap(), Nanos::new(5, 6).unwrap());
        assert_eq!(third.checked_sub(half).unwrap(), Nanos::new(-1, 6).unwrap());
        assert_eq!(third.checked_mul_int(6).unwrap(), Nanos::from_integer(2));
        let big = Nanos::new(1, u64::MAX).unwrap();
        assert!(
            big.checked_add(Nanos::new(1, u64::MAX - 1).unwrap())
                .is_none()
        );
        let t = Nanos::new(33_366_666 * 3 + 2, 3).unwrap();
        let e = t.to_exact_time().unwrap();
        assert_eq!((e.nanos_floor(), e.fraction()), (33_366_666, (2, 3)));
        assert_eq!(
            t.to_timestamp_ceil().unwrap(),
            Timestamp::new(0, 33_366_667).unwrap()
        );
        assert!(Nanos::from_integer(-1).to_timestamp_floor().is_none());
    }
}
