//! Exact rational rates: video frame rates and media clock rates.

use core::fmt;

use super::Error;

/// A rate in events per second as an exact fraction `numerator / denominator`.
///
/// Used both for video frame rates (SMPTE ST 2059-1 §5 counts "frames" at a rate such as
/// 30000/1001) and for media clock rates (SMPTE ST 2110-10 §8: the RTP clock of video is
/// 90 kHz, of audio the sampling rate). Both halves are `u32`, the width SMPTE ST 2059-2
/// gives defaultSystemFrameRate on the wire; a `Rate` is always reduced to lowest terms
/// and neither half is zero, so two equal rates compare equal whatever fraction they were
/// built from (60/2 == 30/1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rate {
    num: u32,
    den: u32,
}

const fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

impl Rate {
    /// 24000/1001 frames per second ("23.98").
    pub const FPS_23_98: Rate = Rate::ntsc(24);
    /// 24 frames per second.
    pub const FPS_24: Rate = Rate::hz(24);
    /// 25 frames per second.
    pub const FPS_25: Rate = Rate::hz(25);
    /// 30000/1001 frames per second ("29.97").
    pub const FPS_29_97: Rate = Rate::ntsc(30);
    /// 30 frames per second.
    pub const FPS_30: Rate = Rate::hz(30);
    /// 48000/1001 frames per second ("47.95").
    pub const FPS_47_95: Rate = Rate::ntsc(48);
    /// 48 frames per second.
    pub const FPS_48: Rate = Rate::hz(48);
    /// 50 frames per second.
    pub const FPS_50: Rate = Rate::hz(50);
    /// 60000/1001 frames per second ("59.94").
    pub const FPS_59_94: Rate = Rate::ntsc(60);
    /// 60 frames per second.
    pub const FPS_60: Rate = Rate::hz(60);
    /// 100 frames per second.
    pub const FPS_100: Rate = Rate::hz(100);
    /// 120000/1001 frames per second ("119.88").
    pub const FPS_119_88: Rate = Rate::ntsc(120);
    /// 120 frames per second.
    pub const FPS_120: Rate = Rate::hz(120);

    /// The 90 kHz RTP clock of video (SMPTE ST 2110-20 §6.1.1, RFC 4175).
    pub const HZ_90000: Rate = Rate::hz(90_000);
    /// 48 kHz, the audio sampling rate every SMPTE ST 2110-30 receiver supports.
    pub const HZ_48000: Rate = Rate::hz(48_000);
    /// 96 kHz audio sampling.
    pub const HZ_96000: Rate = Rate::hz(96_000);
    /// 44.1 kHz audio sampling.
    pub const HZ_44100: Rate = Rate::hz(44_100);

    /// `n` per second for a non-zero constant (a compile-time error for zero).
    const fn hz(n: u32) -> Rate {
        assert!(n != 0);
        Rate { num: n, den: 1 }
    }

    /// `n * 1000 / 1001` per second, reduced (every `n` used here is a multiple of 1).
    const fn ntsc(n: u32) -> Rate {
        let num = n as u64 * 1000;
        let g = gcd(num, 1001);
        Rate {
            num: (num / g) as u32,
            den: (1001 / g) as u32,
        }
    }

    /// The rate `numerator / denominator` per second, reduced to lowest terms.
    ///
    /// A zero denominator is [`Error::ZeroDenominator`]; a zero numerator (nothing ever
    /// happens, so there is no period) is [`Error::ZeroRate`].
    pub const fn new(numerator: u32, denominator: u32) -> Result<Rate, Error> {
        if denominator == 0 {
            return Err(Error::ZeroDenominator { numerator });
        }
        if numerator == 0 {
            return Err(Error::ZeroRate { denominator });
        }
        let g = gcd(numerator as u64, denominator as u64) as u32;
        Ok(Rate {
            num: numerator / g,
            den: denominator / g,
        })
    }

    /// A whole number of events per second (a media clock of `hz` Hz); zero is
    /// [`Error::ZeroRate`].
    pub const fn from_hz(hz: u32) -> Result<Rate, Error> {
        Rate::new(hz, 1)
    }

    /// The numerator after reduction.
    #[inline]
    pub const fn numerator(self) -> u32 {
        self.num
    }

    /// The denominator after reduction (never zero).
    #[inline]
    pub const fn denominator(self) -> u32 {
        self.den
    }

    /// Whether the rate is a whole number per second, so that every second since the
    /// SMPTE Epoch starts a frame.
    #[inline]
    pub const fn is_integer(self) -> bool {
        self.den == 1
    }

    /// The rate rounded to the nearest whole number (halves round up), at least 1:
    /// the "nominal" rate SMPTE ST 12-1 §4 uses when it calls 30000/1001 "30".
    pub const fn nominal(self) -> u32 {
        let r = (self.num as u64 + self.den as u64 / 2) / self.den as u64;
        if r == 0 { 1 } else { r as u32 }
    }

    /// Whether this is `n * 1000/1001` for a whole `n` and not itself a whole number:
    /// the NTSC-derived rates 23.98, 29.97, 59.94, 119.88, ...
    pub const fn is_ntsc(self) -> bool {
        self.den != 1 && (self.num as u64 * 1001).is_multiple_of(self.den as u64 * 1000)
    }

    /// The frame period `denominator / numerator` seconds, as exact nanoseconds: whole
    /// nanoseconds and a remainder over [`Rate::numerator`].
    pub const fn period_nanos(self) -> (u64, u32) {
        let total = self.den as u64 * 1_000_000_000;
        (total / self.num as u64, (total % self.num as u64) as u32)
    }
}

impl fmt::Display for Rate {
    /// `30000/1001` or `25` (a whole rate shows no denominator).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.den == 1 {
            write!(f, "{}", self.num)
        } else {
            write!(f, "{}/{}", self.num, self.den)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_are_reduced() {
        assert_eq!(
            (Rate::FPS_29_97.numerator(), Rate::FPS_29_97.denominator()),
            (30000, 1001)
        );
        assert_eq!(
            (Rate::FPS_59_94.numerator(), Rate::FPS_59_94.denominator()),
            (60000, 1001)
        );
        assert_eq!(
            (Rate::FPS_23_98.numerator(), Rate::FPS_23_98.denominator()),
            (24000, 1001)
        );
        assert_eq!(
            (Rate::FPS_119_88.numerator(), Rate::FPS_119_88.denominator()),
            (120000, 1001)
        );
        assert_eq!(Rate::new(60, 2).unwrap(), Rate::FPS_30);
        assert_eq!(Rate::new(60000, 2002).unwrap(), Rate::FPS_29_97);
        // 7007/7000 shares the factor 7 with 1001.
        assert_eq!(
            Rate::new(7007, 7000).unwrap(),
            Rate::new(1001, 1000).unwrap()
        );
    }

    #[test]
    fn zero_is_an_error() {
        assert_eq!(
            Rate::new(30, 0),
            Err(Error::ZeroDenominator { numerator: 30 })
        );
        assert_eq!(Rate::new(0, 1), Err(Error::ZeroRate { denominator: 1 }));
        assert_eq!(Rate::from_hz(0), Err(Error::ZeroRate { denominator: 1 }));
    }

    #[test]
    fn nominal_and_ntsc() {
        assert_eq!(Rate::FPS_29_97.nominal(), 30);
        assert_eq!(Rate::FPS_23_98.nominal(), 24);
        assert_eq!(Rate::FPS_59_94.nominal(), 60);
        assert_eq!(Rate::new(1, 3).unwrap().nominal(), 1);
        assert!(Rate::FPS_29_97.is_ntsc());
        assert!(Rate::FPS_119_88.is_ntsc());
        assert!(Rate::new(7000, 1001).unwrap().is_ntsc());
        assert!(!Rate::FPS_30.is_ntsc());
        assert!(!Rate::new(30000, 1000 + 2).unwrap().is_ntsc());
        assert!(!Rate::new(1001, 1000).unwrap().is_ntsc());
    }

    #[test]
    fn period() {
        assert_eq!(Rate::FPS_25.period_nanos(), (40_000_000, 0));
        // 1001/30000 s = 33_366_666.66.. ns
        assert_eq!(Rate::FPS_29_97.period_nanos(), (33_366_666, 20_000));
    }
}
