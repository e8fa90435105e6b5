//! The data types of IEEE 1588-2019 §5.3 and §7.6 as they appear on the wire.

use core::fmt;
use core::ops::{Add, Neg, Sub};

use crate::error::{Error, Result, need, room};

/// IEEE 1588-2019 §5.3.4 ClockIdentity: eight octets naming a PTP instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct ClockIdentity(pub [u8; 8]);

impl ClockIdentity {
    /// Length on the wire.
    pub const LEN: usize = 8;

    /// The identity built from an EUI-48 (MAC) address by inserting `FF FE` in the
    /// middle, the mapping IEEE 1588-2008 §7.5.2.2.2 defined and linuxptp still uses.
    pub const fn from_eui48(mac: [u8; 6]) -> ClockIdentity {
        ClockIdentity([mac[0], mac[1], mac[2], 0xFF, 0xFE, mac[3], mac[4], mac[5]])
    }

    /// The EUI-48 address this identity was made from by [`ClockIdentity::from_eui48`],
    /// if it has the `FF FE` filler.
    pub const fn to_eui48(self) -> Option<[u8; 6]> {
        let b = self.0;
        if b[3] == 0xFF && b[4] == 0xFE {
            Some([b[0], b[1], b[2], b[5], b[6], b[7]])
        } else {
            None
        }
    }

    /// Reads an identity from the first 8 bytes.
    #[inline]
    pub fn parse(b: &[u8]) -> Result<ClockIdentity> {
        need("clockIdentity", b, Self::LEN)?;
        let mut id = [0u8; 8];
        id.copy_from_slice(&b[..8]);
        Ok(ClockIdentity(id))
    }
}

impl fmt::Display for ClockIdentity {
    /// `00:11:22:ff:fe:33:44:55`, the form the decoder's JSON uses.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, b) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(":")?;
            }
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

/// IEEE 1588-2019 §5.3.5 PortIdentity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct PortIdentity {
    /// clockIdentity.
    pub clock_identity: ClockIdentity,
    /// portNumber (1..=65534 for a real port; 0xFFFF means all ports).
    pub port_number: u16,
}

impl PortIdentity {
    /// Length on the wire.
    pub const LEN: usize = 10;
    /// The wildcard identity (all ones) used as "all ports" in management.
    pub const ALL: PortIdentity = PortIdentity {
        clock_identity: ClockIdentity([0xFF; 8]),
        port_number: 0xFFFF,
    };

    /// Reads a port identity from the first 10 bytes.
    #[inline]
    pub fn parse(b: &[u8]) -> Result<PortIdentity> {
        need("portIdentity", b, Self::LEN)?;
        Ok(PortIdentity {
            clock_identity: ClockIdentity::parse(b)?,
            port_number: u16::from_be_bytes([b[8], b[9]]),
        })
    }

    /// Writes it into the first 10 bytes.
    #[inline]
    pub fn emit(&self, b: &mut [u8]) -> Result<usize> {
        room(b, Self::LEN)?;
        b[..8].copy_from_slice(&self.clock_identity.0);
        b[8..10].copy_from_slice(&self.port_number.to_be_bytes());
        Ok(Self::LEN)
    }
}

/// IEEE 1588-2019 §5.3.3 Timestamp: 48-bit seconds and nanoseconds below 10^9.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Timestamp {
    /// secondsField (48 bits).
    pub seconds: u64,
    /// nanosecondsField (below 10^9).
    pub nanoseconds: u32,
}

impl Timestamp {
    /// Length on the wire.
    pub const LEN: usize = 10;
    /// The largest secondsField, 2^48 - 1.
    pub const MAX_SECONDS: u64 = (1 << 48) - 1;

    /// A timestamp; an error if either field is out of range.
    pub const fn new(seconds: u64, nanoseconds: u32) -> Result<Timestamp> {
        if seconds > Self::MAX_SECONDS {
            return Err(Error::OutOfRange {
                field: "secondsField",
                value: seconds,
                max: Self::MAX_SECONDS,
            });
        }
        if nanoseconds >= 1_000_000_000 {
            return Err(Error::OutOfRange {
                field: "nanosecondsField",
                value: nanoseconds as u64,
                max: 999_999_999,
            });
        }
        Ok(Timestamp {
            seconds,
            nanoseconds,
        })
    }

    /// Reads a timestamp from the first 10 bytes; nanoseconds of 10^9 or more are an
    /// error (§5.3.3).
    #[inline]
    pub fn parse(b: &[u8]) -> Result<Timestamp> {
        let Some(a) = b.first_chunk::<{ Self::LEN }>() else {
            return Err(Error::Truncated {
                what: "timestamp",
                offset: 0,
                needed: Self::LEN,
                available: b.len(),
            });
        };
        Timestamp::from_array(a)
    }

    /// Reads a timestamp from its 10 wire bytes.
    #[inline]
    pub fn from_array(b: &[u8; 10]) -> Result<Timestamp> {
        let seconds = u64::from_be_bytes([0, 0, b[0], b[1], b[2], b[3], b[4], b[5]]);
        let nanoseconds = u32::from_be_bytes([b[6], b[7], b[8], b[9]]);
        if nanoseconds >= 1_000_000_000 {
            return Err(Error::Invalid {
                field: "nanosecondsField",
                offset: 6,
                expected: "less than 1000000000",
                found: u64::from(nanoseconds),
            });
        }
        Ok(Timestamp {
            seconds,
            nanoseconds,
        })
    }

    /// Writes it into the first 10 bytes.
    #[inline]
    pub fn emit(&self, b: &mut [u8]) -> Result<usize> {
        Timestamp::new(self.seconds, self.nanoseconds)?;
        room(b, Self::LEN)?;
        b[..6].copy_from_slice(&self.seconds.to_be_bytes()[2..]);
        b[6..10].copy_from_slice(&self.nanoseconds.to_be_bytes());
        Ok(Self::LEN)
    }
}

/// IEEE 1588-2019 §5.3.2 TimeInterval (and correctionField, §13.3.2.9): nanoseconds
/// multiplied by 2^16, as a signed 64-bit number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct TimeInterval(pub i64);

impl TimeInterval {
    /// The value §13.3.2.9 reserves for "too big to represent".
    pub const TOO_BIG: TimeInterval = TimeInterval(0x7FFF_FFFF_FFFF_FFFF);

    /// An interval of whole nanoseconds; saturates at the representable range.
    pub const fn from_nanos(ns: i64) -> TimeInterval {
        TimeInterval(ns.saturating_mul(1 << 16))
    }

    /// Whole nanoseconds, rounded towards negative infinity.
    pub const fn nanos(self) -> i64 {
        self.0 >> 16
    }

    /// The scaled value (nanoseconds * 2^16).
    pub const fn scaled(self) -> i64 {
        self.0
    }
}

/// A time or duration for arithmetic: nanoseconds scaled by 2^16 in an `i128`.
///
/// It holds every [`Timestamp`] (48-bit seconds) and every [`TimeInterval`] exactly,
/// and sums and differences of them, without overflow or rounding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Time(i128);

const SCALE: i128 = 1 << 16;
const NS_PER_S: i128 = 1_000_000_000;

impl Time {
    /// Zero.
    pub const ZERO: Time = Time(0);

    /// From nanoseconds scaled by 2^16.
    pub const fn from_scaled_nanos(v: i128) -> Time {
        Time(v)
    }

    /// From whole nanoseconds.
    pub const fn from_nanos(ns: i128) -> Time {
        Time(ns * SCALE)
    }

    /// From seconds and nanoseconds.
    pub const fn from_secs_nanos(s: i64, ns: i64) -> Time {
        Time((s as i128 * NS_PER_S + ns as i128) * SCALE)
    }

    /// Nanoseconds scaled by 2^16.
    pub const fn scaled_nanos(self) -> i128 {
        self.0
    }

    /// Whole nanoseconds, rounded towards negative infinity.
    pub const fn nanos(self) -> i128 {
        self.0.div_euclid(SCALE)
    }

    /// The fraction of a nanosecond below [`Time::nanos`], in units of 2^-16 ns.
    pub const fn sub_nanos(self) -> u16 {
        self.0.rem_euclid(SCALE) as u16
    }

    /// Seconds as a float, for display and statistics (not for arithmetic).
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / (SCALE * NS_PER_S) as f64
    }

    /// The wire timestamp for this time (the fraction of a nanosecond is dropped,
    /// rounding towards negative infinity); an error before the epoch or past 2^48 s.
    pub fn to_timestamp(self) -> Result<Timestamp> {
        let ns = self.nanos();
        if ns < 0 {
            return Err(Error::OutOfRange {
                field: "secondsField",
                value: 0,
                max: Timestamp::MAX_SECONDS,
            });
        }
        let s = ns / NS_PER_S;
        if s > Timestamp::MAX_SECONDS as i128 {
            return Err(Error::OutOfRange {
                field: "secondsField",
                value: u64::try_from(s).unwrap_or(u64::MAX),
                max: Timestamp::MAX_SECONDS,
            });
        }
        Ok(Timestamp {
            seconds: s as u64,
            nanoseconds: (ns % NS_PER_S) as u32,
        })
    }

    /// The interval, saturating at [`TimeInterval::TOO_BIG`] (and its negative).
    pub fn to_interval(self) -> TimeInterval {
        if self.0 > i64::MAX as i128 {
            TimeInterval::TOO_BIG
        } else if self.0 < -(i64::MAX as i128) {
            TimeInterval(-i64::MAX)
        } else {
            TimeInterval(self.0 as i64)
        }
    }
}

impl From<Timestamp> for Time {
    fn from(t: Timestamp) -> Time {
        Time((t.seconds as i128 * NS_PER_S + t.nanoseconds as i128) * SCALE)
    }
}

impl From<TimeInterval> for Time {
    fn from(t: TimeInterval) -> Time {
        Time(t.0 as i128)
    }
}

impl Add for Time {
    type Output = Time;
    fn add(self, o: Time) -> Time {
        Time(self.0 + o.0)
    }
}

impl Sub for Time {
    type Output = Time;
    fn sub(self, o: Time) -> Time {
        Time(self.0 - o.0)
    }
}

impl Neg for Time {
    type Output = Time;
    fn neg(self) -> Time {
        Time(-self.0)
    }
}

/// IEEE 1588-2019 §7.6.2.6 clockAccuracy (Table 5). Kept as its number so that
/// reserved and profile values survive a round trip; the named values are constants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClockAccuracy(pub u8);

impl ClockAccuracy {
    /// Within 1 ps.
    pub const PS_1: ClockAccuracy = ClockAccuracy(0x17);
    /// Within 25 ns.
    pub const NS_25: ClockAccuracy = ClockAccuracy(0x20);
    /// Within 100 ns.
    pub const NS_100: ClockAccuracy = ClockAccuracy(0x21);
    /// Within 250 ns.
    pub const NS_250: ClockAccuracy = ClockAccuracy(0x22);
    /// Within 1 µs.
    pub const US_1: ClockAccuracy = ClockAccuracy(0x23);
    /// Within 1 s.
    pub const S_1: ClockAccuracy = ClockAccuracy(0x2F);
    /// Unknown (0xFE).
    pub const UNKNOWN: ClockAccuracy = ClockAccuracy(0xFE);

    /// The accuracy the value stands for, as text (`"within 100 ns"`), or `None` for
    /// a reserved or profile-specific value.
    pub const fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            0x17 => "within 1 ps",
            0x18 => "within 2.5 ps",
            0x19 => "within 10 ps",
            0x1A => "within 25 ps",
            0x1B => "within 100 ps",
            0x1C => "within 250 ps",
            0x1D => "within 1 ns",
            0x1E => "within 2.5 ns",
            0x1F => "within 10 ns",
            0x20 => "within 25 ns",
            0x21 => "within 100 ns",
            0x22 => "within 250 ns",
            0x23 => "within 1 us",
            0x24 => "within 2.5 us",
            0x25 => "within 10 us",
            0x26 => "within 25 us",
            0x27 => "within 100 us",
            0x28 => "within 250 us",
            0x29 => "within 1 ms",
            0x2A => "within 2.5 ms",
            0x2B => "within 10 ms",
            0x2C => "within 25 ms",
            0x2D => "within 100 ms",
            0x2E => "within 250 ms",
            0x2F => "within 1 s",
            0x30 => "within 10 s",
            0x31 => "more than 10 s",
            0xFE => "unknown",
            _ => return None,
        })
    }
}

/// IEEE 1588-2019 §7.6.2.8 timeSource (Table 6), kept as its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TimeSource(pub u8);

impl TimeSource {
    /// ATOMIC_CLOCK.
    pub const ATOMIC_CLOCK: TimeSource = TimeSource(0x10);
    /// GNSS.
    pub const GNSS: TimeSource = TimeSource(0x20);
    /// TERRESTRIAL_RADIO.
    pub const TERRESTRIAL_RADIO: TimeSource = TimeSource(0x30);
    /// SERIAL_TIME_CODE.
    pub const SERIAL_TIME_CODE: TimeSource = TimeSource(0x39);
    /// PTP.
    pub const PTP: TimeSource = TimeSource(0x40);
    /// NTP.
    pub const NTP: TimeSource = TimeSource(0x50);
    /// HAND_SET.
    pub const HAND_SET: TimeSource = TimeSource(0x60);
    /// OTHER.
    pub const OTHER: TimeSource = TimeSource(0x90);
    /// INTERNAL_OSCILLATOR.
    pub const INTERNAL_OSCILLATOR: TimeSource = TimeSource(0xA0);

    /// The standard's name for the value, or `None` for a reserved or profile value.
    pub const fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            0x10 => "ATOMIC_CLOCK",
            0x20 => "GNSS",
            0x30 => "TERRESTRIAL_RADIO",
            0x39 => "SERIAL_TIME_CODE",
            0x40 => "PTP",
            0x50 => "NTP",
            0x60 => "HAND_SET",
            0x90 => "OTHER",
            0xA0 => "INTERNAL_OSCILLATOR",
            _ => return None,
        })
    }
}

/// IEEE 1588-2019 §5.3.7 ClockQuality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClockQuality {
    /// clockClass (§7.6.2.5).
    pub clock_class: u8,
    /// clockAccuracy (§7.6.2.6).
    pub clock_accuracy: ClockAccuracy,
    /// offsetScaledLogVariance (§7.6.3.5).
    pub offset_scaled_log_variance: u16,
}

impl Default for ClockQuality {
    /// The quality of a default, free-running clock: class 248, accuracy unknown,
    /// variance 0xFFFF.
    fn default() -> Self {
        ClockQuality {
            clock_class: 248,
            clock_accuracy: ClockAccuracy::UNKNOWN,
            offset_scaled_log_variance: 0xFFFF,
        }
    }
}

impl ClockQuality {
    /// Length on the wire.
    pub const LEN: usize = 4;

    /// Reads it from the first 4 bytes.
    #[inline]
    pub fn parse(b: &[u8]) -> Result<ClockQuality> {
        need("clockQuality", b, Self::LEN)?;
        Ok(ClockQuality {
            clock_class: b[0],
            clock_accuracy: ClockAccuracy(b[1]),
            offset_scaled_log_variance: u16::from_be_bytes([b[2], b[3]]),
        })
    }

    /// Writes it into the first 4 bytes.
    #[inline]
    pub fn emit(&self, b: &mut [u8]) -> Result<usize> {
        room(b, Self::LEN)?;
        b[0] = self.clock_class;
        b[1] = self.clock_accuracy.0;
        b[2..4].copy_from_slice(&self.offset_scaled_log_variance.to_be_bytes());
        Ok(Self::LEN)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_identity_eui48() {
        let id = ClockIdentity::from_eui48([0x00, 0x11, 0x22, 0x33, 0x44, 0x55]);
        assert_eq!(id.0, [0x00, 0x11, 0x22, 0xff, 0xfe, 0x33, 0x44, 0x55]);
        assert_eq!(id.to_eui48(), Some([0x00, 0x11, 0x22, 0x33, 0x44, 0x55]));
        extern crate std;
        assert_eq!(std::format!("{id}"), "00:11:22:ff:fe:33:44:55");
    }

    #[test]
    fn timestamp_bounds() {
        assert!(Timestamp::new(Timestamp::MAX_SECONDS, 999_999_999).is_ok());
        assert!(Timestamp::new(Timestamp::MAX_SECONDS + 1, 0).is_err());
        assert!(Timestamp::new(0, 1_000_000_000).is_err());
        let b = [0, 0, 0x65, 0x53, 0xF1, 0x00, 0x3B, 0x9A, 0xCA, 0x00];
        assert!(matches!(
            Timestamp::parse(&b),
            Err(Error::Invalid { offset: 6, .. })
        ));
        let t = Timestamp::new(0x1234_5678_9ABC, 123_456_789).unwrap();
        let mut out = [0u8; 10];
        t.emit(&mut out).unwrap();
        assert_eq!(Timestamp::parse(&out).unwrap(), t);
    }

    #[test]
    fn time_arithmetic_is_exact_over_the_48_bit_range() {
        let max = Timestamp::new(Timestamp::MAX_SECONDS, 999_999_999).unwrap();
        let t = Time::from(max);
        let back = (t + Time::from(TimeInterval(0x7FFF)) - Time::from(TimeInterval(0x7FFF)))
            .to_timestamp()
            .unwrap();
        assert_eq!(back, max);
        let d = Time::from(TimeInterval::from_nanos(-1500)) + Time::from_nanos(1000);
        assert_eq!(d.nanos(), -500);
        assert_eq!(Time::from_scaled_nanos(-1).nanos(), -1);
        assert_eq!(Time::from_scaled_nanos(-1).sub_nanos(), 0xFFFF);
        assert!(Time::from_nanos(-1).to_timestamp().is_err());
        assert_eq!(
            Time::from_nanos(i128::from(i64::MAX)).to_interval(),
            TimeInterval::TOO_BIG
        );
    }
}
