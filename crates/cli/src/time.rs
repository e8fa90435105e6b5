//! Capture timestamps, kept as exact integers.
//!
//! A capture stores time as integer units: pcap as seconds plus microseconds or
//! nanoseconds, pcapng as a 64-bit count of `if_tsresol` units plus an `if_tsoffset`
//! in seconds. [`Timestamp`] holds the instant as a signed count of nanoseconds since
//! 1970-01-01 00:00:00 UTC, and its [`Display`](std::fmt::Display) prints seconds with
//! exactly nine decimals straight from that integer. No value ever goes through a
//! floating-point number, so `1700000000.123456789` comes out digit for digit, and a
//! microsecond capture shows as `...123456000`, the way tshark prints
//! `frame.time_epoch`.
//!
//! Resolutions finer than a nanosecond, and power-of-two resolutions whose ticks are
//! not whole nanoseconds, are truncated toward the earlier nanosecond (as Wireshark's
//! pcapng reader does).

use std::fmt;

/// Nanoseconds in one second.
const NANOS_PER_SEC: u128 = 1_000_000_000;

/// The `if_tsresol` value a pcapng interface has when the option is absent:
/// microseconds (draft-ietf-opsawg-pcapng §4.2, `if_tsresol`).
pub const DEFAULT_TSRESOL: u8 = 6;

/// An instant as a signed count of nanoseconds since the Unix epoch.
///
/// `i128` holds every instant a pcap or pcapng file can express (a 64-bit tick count in
/// whole seconds plus a 64-bit signed offset) without overflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    nanos: i128,
}

impl Timestamp {
    /// The instant `nanos` nanoseconds after the epoch (negative: before it).
    pub const fn from_nanos(nanos: i128) -> Timestamp {
        Timestamp { nanos }
    }

    /// Nanoseconds since the Unix epoch.
    pub const fn nanos(self) -> i128 {
        self.nanos
    }

    /// A classic pcap record time: `ts_sec` and `ts_usec` (microsecond magic
    /// `0xA1B2C3D4`) or `ts_nsec` (nanosecond magic `0xA1B23C4D`), per
    /// draft-ietf-opsawg-pcap §5 (Packet Record).
    ///
    /// A fraction of a second or more (which a well-formed file never has) simply
    /// carries into the seconds; nothing is lost.
    pub fn from_pcap(ts_sec: u32, ts_frac: u32, nanosecond: bool) -> Timestamp {
        let frac = if nanosecond {
            i128::from(ts_frac)
        } else {
            i128::from(ts_frac) * 1_000
        };
        Timestamp::from_nanos(i128::from(ts_sec) * NANOS_PER_SEC as i128 + frac)
    }

    /// A pcapng Enhanced (or obsolete) Packet Block time: `units` ticks of the
    /// interface's resolution `tsresol` plus `offset_secs`, per
    /// draft-ietf-opsawg-pcapng §4.2 (`if_tsresol`, `if_tsoffset`) and §4.3.
    ///
    /// `tsresol` with the most significant bit clear means ticks of 10^-n s, with it set
    /// ticks of 2^-n s, where n is the remaining seven bits.
    pub fn from_pcapng(units: u64, tsresol: u8, offset_secs: i64) -> Timestamp {
        let n = u32::from(tsresol & 0x7F);
        let units = u128::from(units);
        let (secs, nanos) = if tsresol & 0x80 != 0 {
            // 2^-n: the seconds are the high bits, the fraction the low n bits.
            if n >= 64 {
                (0, (units * NANOS_PER_SEC) >> n)
            } else {
                let frac = units & ((1u128 << n) - 1);
                (units >> n, (frac * NANOS_PER_SEC) >> n)
            }
        } else {
            match 10u128.checked_pow(n) {
                Some(per_sec) => (units / per_sec, (units % per_sec) * NANOS_PER_SEC / per_sec),
                // Ticks of 10^-39 s or finer: a 64-bit count is far below 1 ns.
                None => (0, 0),
            }
        };
        // secs < 2^64 and nanos < 10^9, so all of this fits an i128.
        let total = (secs as i128 + i128::from(offset_secs)) * NANOS_PER_SEC as i128;
        Timestamp::from_nanos(total + nanos as i128)
    }
}

impl fmt::Display for Timestamp {
    /// Seconds since the epoch with exactly nine decimals, e.g. `1700000000.123456789`;
    /// `-0.500000000` half a second before the epoch.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.nanos < 0 { "-" } else { "" };
        let abs = self.nanos.unsigned_abs();
        write!(
            f,
            "{sign}{}.{:09}",
            abs / NANOS_PER_SEC,
            abs % NANOS_PER_SEC
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(t: Timestamp) -> String {
        t.to_string()
    }

    #[test]
    fn nanoseconds_print_exactly() {
        // 1700000000.123456789 is not representable in an f64 (it would print as
        // 1700000000.1234567165): the integer path must keep every digit.
        let t = Timestamp::from_pcap(1_700_000_000, 123_456_789, true);
        assert_eq!(s(t), "1700000000.123456789");
        assert_eq!(t, Timestamp::from_nanos(1_700_000_000_123_456_789));
        assert_eq!(
            s(Timestamp::from_pcap(1_700_000_000, 999_999_999, true)),
            "1700000000.999999999"
        );
        assert_eq!(
            s(Timestamp::from_pcap(1_700_000_000, 1, true)),
            "1700000000.000000001"
        );
        assert_eq!(s(Timestamp::from_pcap(0, 0, true)), "0.000000000");
        assert_eq!(
            s(Timestamp::from_pcap(u32::MAX, 999_999_999, true)),
            "4294967295.999999999"
        );
    }

    #[test]
    fn microsecond_pcap_shows_nine_decimals() {
        assert_eq!(
            s(Timestamp::from_pcap(1_700_000_000, 123_456, false)),
            "1700000000.123456000"
        );
        // Frame 1 of tests/data/linux-vxlan-4789.pcap, as tshark prints frame.time_epoch.
        assert_eq!(
            s(Timestamp::from_pcap(1_795_445_387, 572_453, false)),
            "1795445387.572453000"
        );
        assert_eq!(
            s(Timestamp::from_pcap(1_700_000_000, 7, false)),
            "1700000000.000007000"
        );
    }

    #[test]
    fn out_of_range_fraction_carries_into_seconds() {
        assert_eq!(
            s(Timestamp::from_pcap(10, 1_500_000, false)),
            "11.500000000"
        );
        assert_eq!(
            s(Timestamp::from_pcap(10, 2_000_000_001, true)),
            "12.000000001"
        );
    }

    #[test]
    fn pcapng_decimal_resolutions() {
        let usec = 1_700_000_000_123_456u64;
        assert_eq!(
            s(Timestamp::from_pcapng(usec, DEFAULT_TSRESOL, 0)),
            "1700000000.123456000"
        );
        let nsec = 1_700_000_000_123_456_789u64;
        assert_eq!(
            s(Timestamp::from_pcapng(nsec, 9, 0)),
            "1700000000.123456789"
        );
        // Milliseconds, whole seconds.
        assert_eq!(
            s(Timestamp::from_pcapng(1_700_000_000_123, 3, 0)),
            "1700000000.123000000"
        );
        assert_eq!(
            s(Timestamp::from_pcapng(1_700_000_000, 0, 0)),
            "1700000000.000000000"
        );
        // Picoseconds: the sub-nanosecond part is truncated, not rounded.
        assert_eq!(
            s(Timestamp::from_pcapng(1_700_000_123_456_789_999, 12, 0)),
            "1700000.123456789"
        );
        // 10^-19 s ticks: u64::MAX of them is 1.8446744073709551615 s.
        assert_eq!(s(Timestamp::from_pcapng(u64::MAX, 19, 0)), "1.844674407");
        // Absurdly fine resolutions do not overflow.
        assert_eq!(s(Timestamp::from_pcapng(u64::MAX, 38, 0)), "0.000000000");
        assert_eq!(s(Timestamp::from_pcapng(u64::MAX, 127, 0)), "0.000000000");
    }

    #[test]
    fn pcapng_power_of_two_resolutions() {
        // 2^-1 s ticks: 3 ticks is 1.5 s.
        assert_eq!(s(Timestamp::from_pcapng(3, 0x81, 0)), "1.500000000");
        // 2^-10 s: 1 tick is 976562.5 ns, truncated to 976562.
        assert_eq!(s(Timestamp::from_pcapng(1, 0x8A, 0)), "0.000976562");
        assert_eq!(
            s(Timestamp::from_pcapng((1_700_000_000 << 10) | 512, 0x8A, 0)),
            "1700000000.500000000"
        );
        // 2^-30 s (about 0.93 ns), the largest fraction.
        assert_eq!(
            s(Timestamp::from_pcapng(
                (1_700_000_000 << 30) | ((1 << 30) - 1),
                0x9E,
                0
            )),
            "1700000000.999999999"
        );
        // 2^-32 s: the NTP-style fraction. 0x8000_0000 is exactly half a second.
        assert_eq!(
            s(Timestamp::from_pcapng(
                (1_700_000_000u64 << 32) | 0x8000_0000,
                0xA0,
                0
            )),
            "1700000000.500000000"
        );
        // 2^0: one tick per second.
        assert_eq!(s(Timestamp::from_pcapng(42, 0x80, 0)), "42.000000000");
        // 2^-64 and finer: everything is a fraction of a second.
        assert_eq!(s(Timestamp::from_pcapng(1 << 63, 0xC0, 0)), "0.500000000");
        assert_eq!(s(Timestamp::from_pcapng(u64::MAX, 0xFF, 0)), "0.000000000");
    }

    #[test]
    fn pcapng_offset_and_negative_times() {
        assert_eq!(
            s(Timestamp::from_pcapng(123_456, 6, 1_700_000_000)),
            "1700000000.123456000"
        );
        // if_tsoffset is signed: half a second before the epoch.
        assert_eq!(s(Timestamp::from_pcapng(500_000, 6, -1)), "-0.500000000");
        assert_eq!(s(Timestamp::from_pcapng(0, 6, -2)), "-2.000000000");
        // The extremes still fit.
        assert_eq!(
            s(Timestamp::from_pcapng(u64::MAX, 0, i64::MAX)),
            "27670116110564327422.000000000"
        );
        assert_eq!(
            s(Timestamp::from_pcapng(0, 0, i64::MIN)),
            "-9223372036854775808.000000000"
        );
    }

    #[test]
    fn ordering_follows_time() {
        let a = Timestamp::from_pcapng(1, 9, 0);
        let b = Timestamp::from_pcap(0, 2, true);
        assert!(a < b);
    }
}
