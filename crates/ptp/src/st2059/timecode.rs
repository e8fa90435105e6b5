//! SMPTE ST 12-1 time addresses ("time code") from PTP time (SMPTE ST 2059-1 §7).
//!
//! The rules this module follows are in the [parent module](super) documentation.

use core::fmt;
use core::str::FromStr;

use super::align::{alignment_point, div_rem, frame_count};
use super::{Date, Error, ExactTime, Rate};
use crate::wire::Timestamp;
use crate::wire::org::SmpteSyncMetadata;

/// Seconds in a day of time code (SMPTE ST 12-1: the time address wraps at 24 hours).
pub const SECONDS_PER_DAY: u32 = 86_400;
const DAY: i128 = SECONDS_PER_DAY as i128;

/// `(a.div_euclid(b), a.rem_euclid(b))`, in 64 bits when both fit (128-bit division is
/// a library call on every target).
#[inline]
fn div_mod(a: i128, b: i128) -> (i128, i128) {
    if let (Ok(a64), Ok(b64)) = (i64::try_from(a), i64::try_from(b)) {
        (a64.div_euclid(b64) as i128, a64.rem_euclid(b64) as i128)
    } else {
        (a.div_euclid(b), a.rem_euclid(b))
    }
}

/// Drop-frame counting at a count modulus of 30: labels per minute that drops two, and
/// per ten minutes (one minute keeps them).
const DF_MINUTE: u32 = 60 * 30 - 2;
const DF_TEN_MINUTES: u32 = 10 * 60 * 30 - 9 * 2;

/// A SMPTE ST 12-1 time address with its flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TimeCode {
    /// Hours, 0..=23.
    pub hours: u8,
    /// Minutes, 0..=59.
    pub minutes: u8,
    /// Seconds, 0..=59.
    pub seconds: u8,
    /// Frames, below the count modulus (24, 25 or 30).
    pub frames: u8,
    /// Which frame of those sharing this time address: 0 for rates of at most 30 frames
    /// per second; the ST 12-1 field flag (0 first, 1 second frame of the pair) at 50 and
    /// 59.94/60; the ST 12-3 frame number within the group above that.
    pub sub_frame: u8,
    /// The ST 12-1 drop frame flag: counted in drop-frame mode.
    pub drop_frame: bool,
}

impl TimeCode {
    /// A time code from its fields (not checked against a format; see
    /// [`TimeCodeFormat::frame_of_day`]).
    pub const fn new(
        hours: u8,
        minutes: u8,
        seconds: u8,
        frames: u8,
        drop_frame: bool,
    ) -> TimeCode {
        TimeCode {
            hours,
            minutes,
            seconds,
            frames,
            sub_frame: 0,
            drop_frame,
        }
    }

    /// The same time code with [`TimeCode::sub_frame`] set.
    #[must_use]
    pub const fn with_sub_frame(mut self, sub_frame: u8) -> TimeCode {
        self.sub_frame = sub_frame;
        self
    }
}

impl fmt::Display for TimeCode {
    /// `hh:mm:ss:ff`, with `;` before the frames in drop-frame counting
    /// (`01:00:00;02`), and `.n` after them when [`TimeCode::sub_frame`] is not zero
    /// (`01:00:00:12.1`, the second frame of a pair).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sep = if self.drop_frame { ';' } else { ':' };
        write!(
            f,
            "{:02}:{:02}:{:02}{sep}{:02}",
            self.hours, self.minutes, self.seconds, self.frames
        )?;
        if self.sub_frame != 0 {
            write!(f, ".{}", self.sub_frame)?;
        }
        Ok(())
    }
}

impl FromStr for TimeCode {
    type Err = Error;

    /// Reads what [`Display`](fmt::Display) writes: `hh:mm:ss:ff` or `hh:mm:ss;ff`
    /// (drop frame), optionally followed by `.n` for the sub-frame. Each field is one or
    /// two digits; the ranges are checked by [`TimeCodeFormat::frame_of_day`].
    fn from_str(s: &str) -> Result<TimeCode, Error> {
        let b = s.as_bytes();
        let mut pos = 0;
        let number = |pos: &mut usize, what: &'static str| -> Result<u8, Error> {
            let start = *pos;
            let mut v: u8 = 0;
            while *pos < b.len() && b[*pos].is_ascii_digit() && *pos - start < 2 {
                v = v * 10 + (b[*pos] - b'0');
                *pos += 1;
            }
            if *pos == start {
                return Err(Error::Parse {
                    position: start,
                    expected: what,
                });
            }
            Ok(v)
        };
        let expect = |pos: &mut usize, c: &[u8], what: &'static str| -> Result<u8, Error> {
            match b.get(*pos) {
                Some(x) if c.contains(x) => {
                    *pos += 1;
                    Ok(*x)
                }
                _ => Err(Error::Parse {
                    position: *pos,
                    expected: what,
                }),
            }
        };
        let hours = number(&mut pos, "hours")?;
        expect(&mut pos, b":", "':'")?;
        let minutes = number(&mut pos, "minutes")?;
        expect(&mut pos, b":", "':'")?;
        let seconds = number(&mut pos, "seconds")?;
        let sep = expect(&mut pos, b":;", "':' or ';'")?;
        let frames = number(&mut pos, "frames")?;
        let mut sub_frame = 0;
        if pos < b.len() {
            expect(&mut pos, b".", "'.' or the end")?;
            sub_frame = number(&mut pos, "sub-frame")?;
        }
        if pos != b.len() {
            return Err(Error::Parse {
                position: pos,
                expected: "the end",
            });
        }
        Ok(TimeCode {
            hours,
            minutes,
            seconds,
            frames,
            sub_frame,
            drop_frame: sep == b';',
        })
    }
}

/// How a frame rate is counted in a time address (SMPTE ST 12-1, ST 12-3): the count
/// modulus, how many frames share one time address, and drop-frame or not.
///
/// See [Rates above 30 frames per second](super#rates-above-30-frames-per-second) for
/// which rates are accepted and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimeCodeFormat {
    rate: Rate,
    modulus: u8,
    per_label: u8,
    drop_frame: bool,
}

impl TimeCodeFormat {
    /// The counting for `rate`, in drop-frame mode when `drop_frame` is set. An error
    /// ([`Error::UnsupportedRate`]) for a rate above 30 frames per second that is not a
    /// whole multiple of 30, 25 or 24 (after rounding), and for drop frame at a rate that
    /// is not 30x1000/1001 or a multiple of it.
    pub const fn new(rate: Rate, drop_frame: bool) -> Result<TimeCodeFormat, Error> {
        let unsupported = Error::UnsupportedRate {
            numerator: rate.numerator(),
            denominator: rate.denominator(),
            drop_frame,
        };
        let nominal = rate.nominal();
        let (modulus, per_label) = if nominal <= 30 {
            (nominal, 1)
        } else if nominal.is_multiple_of(30) && nominal / 30 <= 255 {
            (30, nominal / 30)
        } else if nominal.is_multiple_of(25) && nominal / 25 <= 255 {
            (25, nominal / 25)
        } else if nominal.is_multiple_of(24) && nominal / 24 <= 255 {
            (24, nominal / 24)
        } else {
            return Err(unsupported);
        };
        if drop_frame
            && (modulus != 30
                || rate.numerator() as u64 * 1001
                    != nominal as u64 * 1000 * rate.denominator() as u64)
        {
            return Err(unsupported);
        }
        Ok(TimeCodeFormat {
            rate,
            modulus: modulus as u8,
            per_label: per_label as u8,
            drop_frame,
        })
    }

    /// The usual counting for `rate`: drop frame at 29.97, 59.94 and 119.88 (and other
    /// multiples of 30x1000/1001), non-drop otherwise.
    pub const fn for_rate(rate: Rate) -> Result<TimeCodeFormat, Error> {
        let df = rate.is_ntsc() && rate.nominal().is_multiple_of(30);
        TimeCodeFormat::new(rate, df)
    }

    /// The frame rate.
    pub const fn rate(self) -> Rate {
        self.rate
    }

    /// Time address frames per second: 24, 25 or 30 (the "count modulus").
    pub const fn count_modulus(self) -> u8 {
        self.modulus
    }

    /// Frames that share one time address: 1 up to 30 frames per second, 2 for the ST
    /// 12-1 frame pairs at 50 and 59.94/60, 3 to 5 for the ST 12-3 high frame rates.
    pub const fn frames_per_label(self) -> u8 {
        self.per_label
    }

    /// Whether labels are counted in drop-frame mode.
    pub const fn drop_frame(self) -> bool {
        self.drop_frame
    }

    /// Time addresses in a day: 86 400 times the count modulus, or 2 589 408 in
    /// drop-frame counting.
    pub const fn labels_per_day(self) -> u32 {
        if self.drop_frame {
            144 * DF_TEN_MINUTES
        } else {
            SECONDS_PER_DAY * self.modulus as u32
        }
    }

    /// Frames counted in a day before the time code wraps: [`labels_per_day`] times
    /// [`frames_per_label`].
    ///
    /// [`labels_per_day`]: TimeCodeFormat::labels_per_day
    /// [`frames_per_label`]: TimeCodeFormat::frames_per_label
    pub const fn frames_per_day(self) -> u64 {
        self.labels_per_day() as u64 * self.per_label as u64
    }

    /// The time code of the frame `count` frames after 00:00:00:00 (taken modulo
    /// [`frames_per_day`](TimeCodeFormat::frames_per_day), so the time code wraps at 24
    /// hours).
    pub const fn time_code(self, count: u64) -> TimeCode {
        let count = count % self.frames_per_day();
        let label = (count / self.per_label as u64) as u32;
        let sub_frame = (count % self.per_label as u64) as u8;
        let m = self.modulus as u32;
        // In NDF terms: the frame number of the day if no label were skipped.
        let ndf = if self.drop_frame {
            let tens = label / DF_TEN_MINUTES;
            let r = label % DF_TEN_MINUTES;
            if r < 60 * 30 {
                tens * 10 * 60 * 30 + r
            } else {
                let r = r - 60 * 30;
                tens * 10 * 60 * 30 + (1 + r / DF_MINUTE) * 60 * 30 + r % DF_MINUTE + 2
            }
        } else {
            label
        };
        let secs = ndf / m;
        TimeCode {
            hours: (secs / 3600) as u8,
            minutes: (secs / 60 % 60) as u8,
            seconds: (secs % 60) as u8,
            frames: (ndf % m) as u8,
            sub_frame,
            drop_frame: self.drop_frame,
        }
    }

    /// The frame count since 00:00:00:00 of a time code: the inverse of
    /// [`TimeCodeFormat::time_code`]. An error for a field out of range, a drop-frame
    /// flag that differs from this counting, or a label drop-frame counting skips.
    pub const fn frame_of_day(self, tc: &TimeCode) -> Result<u64, Error> {
        if tc.drop_frame != self.drop_frame {
            return Err(Error::CountingMismatch {
                expected: self.drop_frame,
                found: tc.drop_frame,
            });
        }
        let checks: [(&'static str, u8, u8); 5] = [
            ("hours", tc.hours, 23),
            ("minutes", tc.minutes, 59),
            ("seconds", tc.seconds, 59),
            ("frames", tc.frames, self.modulus - 1),
            ("sub_frame", tc.sub_frame, self.per_label - 1),
        ];
        let mut i = 0;
        while i < checks.len() {
            let (field, value, max) = checks[i];
            if value > max {
                return Err(Error::OutOfRange {
                    field,
                    value: value as i128,
                    min: 0,
                    max: max as i128,
                });
            }
            i += 1;
        }
        let minutes = tc.hours as u32 * 60 + tc.minutes as u32;
        let ndf = (minutes * 60 + tc.seconds as u32) * self.modulus as u32 + tc.frames as u32;
        let label = if self.drop_frame {
            if tc.seconds == 0 && tc.frames < 2 && !tc.minutes.is_multiple_of(10) {
                return Err(Error::DroppedLabel {
                    minutes: tc.minutes,
                    seconds: tc.seconds,
                    frames: tc.frames,
                });
            }
            ndf - 2 * (minutes - minutes / 10)
        } else {
            ndf
        };
        Ok(label as u64 * self.per_label as u64 + tc.sub_frame as u64)
    }

    /// The count of the first frame labelled at or after second `sod` of the day
    /// (frame 00, or 02 where drop-frame counting skips 00 and 01).
    const fn count_of_second(self, sod: u32) -> u64 {
        let minutes = sod / 60;
        let mut ndf = sod * self.modulus as u32;
        let label = if self.drop_frame {
            if sod.is_multiple_of(60) && !minutes.is_multiple_of(10) {
                ndf += 2;
            }
            ndf - 2 * (minutes - minutes / 10)
        } else {
            ndf
        };
        label as u64 * self.per_label as u64
    }
}

/// The ST 2059-2 daylightSaving flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct DaylightSaving {
    /// Bit 0: daylight saving time is in effect now.
    pub current: bool,
    /// Bit 1: daylight saving time will be in effect after the next jump.
    pub at_next_jump: bool,
    /// Bit 2: daylight saving time was in effect at the previous daily jam.
    pub at_previous_jam: bool,
}

impl DaylightSaving {
    /// From the daylightSaving octet (reserved bits ignored).
    pub const fn from_bits(b: u8) -> DaylightSaving {
        DaylightSaving {
            current: b & 1 != 0,
            at_next_jump: b & 2 != 0,
            at_previous_jam: b & 4 != 0,
        }
    }

    /// The daylightSaving octet.
    pub const fn bits(self) -> u8 {
        self.current as u8 | (self.at_next_jump as u8) << 1 | (self.at_previous_jam as u8) << 2
    }
}

/// The local time offset from PTP time and its next change (SMPTE ST 2059-2
/// synchronization metadata: currentLocalOffset, jumpSeconds, timeOfNextJump,
/// daylightSaving).
///
/// `current_local_offset` is local time minus PTP time in seconds, so it already holds
/// both the time zone (with daylight saving) and the TAI-UTC difference: UTC+1 with
/// TAI-UTC = 37 s is 3600 - 37 = 3563. At PTP second `time_of_next_jump` it changes by
/// `jump_seconds` (a daylight saving change, or -1 at a positive leap second); a
/// `jump_seconds` of zero means no change is planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct LocalTimeOffset {
    /// currentLocalOffset: local time minus PTP time, seconds.
    pub current_local_offset: i32,
    /// jumpSeconds: the change of the offset at `time_of_next_jump`, seconds.
    pub jump_seconds: i32,
    /// timeOfNextJump: PTP seconds at which the change takes effect.
    pub time_of_next_jump: u64,
    /// daylightSaving.
    pub daylight_saving: DaylightSaving,
}

impl LocalTimeOffset {
    /// A constant offset of `current_local_offset` seconds (local minus PTP time).
    pub const fn fixed(current_local_offset: i32) -> LocalTimeOffset {
        LocalTimeOffset {
            current_local_offset,
            jump_seconds: 0,
            time_of_next_jump: 0,
            daylight_saving: DaylightSaving {
                current: false,
                at_next_jump: false,
                at_previous_jam: false,
            },
        }
    }

    /// The offset of a time zone `time_zone_offset` seconds east of UTC (standard time),
    /// one hour more when `daylight_saving` is set, with `current_utc_offset` the PTP
    /// currentUtcOffset (TAI - UTC, IEEE 1588-2019 §7.2.4; 37 s since 2017). Zones whose
    /// daylight saving is not one hour give their whole offset with
    /// [`LocalTimeOffset::fixed`].
    pub const fn from_utc_offset(
        current_utc_offset: i16,
        time_zone_offset: i32,
        daylight_saving: bool,
    ) -> LocalTimeOffset {
        let mut o = LocalTimeOffset::fixed(
            time_zone_offset
                .saturating_add(if daylight_saving { 3600 } else { 0 })
                .saturating_sub(current_utc_offset as i32),
        );
        o.daylight_saving.current = daylight_saving;
        o
    }

    /// The same offset with a change of `jump_seconds` at PTP second `time_of_next_jump`.
    #[must_use]
    pub const fn with_jump(mut self, jump_seconds: i32, time_of_next_jump: u64) -> LocalTimeOffset {
        self.jump_seconds = jump_seconds;
        self.time_of_next_jump = time_of_next_jump;
        self
    }

    /// The local time fields of ST 2059-2 synchronization metadata.
    pub const fn from_sync_metadata(m: &SmpteSyncMetadata) -> LocalTimeOffset {
        LocalTimeOffset {
            current_local_offset: m.current_local_offset,
            jump_seconds: m.jump_seconds,
            time_of_next_jump: m.time_of_next_jump,
            daylight_saving: DaylightSaving::from_bits(m.daylight_saving),
        }
    }

    const fn jump_at(self, ptp_seconds: i128) -> bool {
        self.jump_seconds != 0 && ptp_seconds >= self.time_of_next_jump as i128
    }

    /// Local minus PTP time in effect at PTP second `ptp_seconds`.
    pub const fn offset_at(self, ptp_seconds: u64) -> i64 {
        self.offset_at_i(ptp_seconds as i128)
    }

    const fn offset_at_i(self, ptp_seconds: i128) -> i64 {
        let o = self.current_local_offset as i64;
        if self.jump_at(ptp_seconds) {
            o + self.jump_seconds as i64
        } else {
            o
        }
    }

    /// Whether daylight saving time is in effect at PTP second `ptp_seconds`.
    pub const fn daylight_saving_at(self, ptp_seconds: u64) -> bool {
        if self.jump_at(ptp_seconds as i128) {
            self.daylight_saving.at_next_jump
        } else {
            self.daylight_saving.current
        }
    }

    /// Local seconds since 1970-01-01 00:00:00 local time at PTP second `ptp_seconds`.
    pub const fn local_seconds(self, ptp_seconds: u64) -> i128 {
        ptp_seconds as i128 + self.offset_at(ptp_seconds) as i128
    }

    /// The local date and second of the day at PTP second `ptp_seconds`.
    pub const fn local_date(self, ptp_seconds: u64) -> Result<(Date, u32), Error> {
        let local = self.local_seconds(ptp_seconds);
        match Date::from_days_since_epoch(local.div_euclid(DAY) as i64) {
            Ok(d) => Ok((d, local.rem_euclid(DAY) as u32)),
            Err(e) => Err(e),
        }
    }

    /// The offsets that can be in effect: before and after the jump (one if none).
    fn offsets(&self) -> impl Iterator<Item = i64> {
        let o = self.current_local_offset as i64;
        let jumps = self.jump_seconds != 0;
        [o, o + self.jump_seconds as i64]
            .into_iter()
            .take(1 + jumps as usize)
    }

    /// The earliest PTP second whose local time is `local` (local times repeated by a
    /// backward jump have two), or `None` if a forward jump skips it.
    fn resolve_local(self, local: i128) -> Option<i128> {
        let mut best: Option<i128> = None;
        for o in self.offsets() {
            let s = local - o as i128;
            if self.offset_at_i(s) == o && best.is_none_or(|b| s < b) {
                best = Some(s);
            }
        }
        best
    }

    /// The latest PTP second at or before `s` whose local time of day is `tod`, and the
    /// offset in effect then.
    fn latest_at_time_of_day(self, s: i128, tod: u32) -> (i128, i64) {
        let mut best: Option<(i128, i64)> = None;
        for o in self.offsets() {
            let local = s + o as i128;
            let latest = local - div_mod(local - tod as i128, DAY).1 - o as i128;
            // The latest second with that local time under offset `o` may lie on the other
            // side of the jump, where `o` is not in effect; then the day before may be.
            for j in [latest, latest - DAY] {
                if self.offset_at_i(j) == o {
                    if best.is_none_or(|(b, _)| j > b) {
                        best = Some((j, o));
                    }
                    break;
                }
            }
        }
        // One of the offsets always qualifies unless the jump is a day or more; then use
        // the offset in effect at `s`.
        best.unwrap_or_else(|| {
            let o = self.offset_at_i(s);
            let local = s + o as i128;
            (local - (local - tod as i128).rem_euclid(DAY) - o as i128, o)
        })
    }
}

/// A daily jam (SMPTE ST 2059-2 timeOfPreviousJam, previousJamLocalOffset): the PTP
/// second at which a time code running at a 1000/1001 rate was last set to local time,
/// and the local offset used then.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Jam {
    /// PTP seconds of the jam.
    pub time: u64,
    /// The currentLocalOffset in effect at the jam.
    pub local_offset: i32,
}

/// Time codes of a signal from PTP time: the counting, the local time offset and the
/// daily jam (SMPTE ST 2059-1 §7; see [How a time code is
/// derived](super#how-a-time-code-is-derived)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimeCodeGenerator {
    format: TimeCodeFormat,
    local: LocalTimeOffset,
    previous_jam: Option<Jam>,
    next_jam: Option<u64>,
    jam_time_of_day: u32,
}

impl TimeCodeGenerator {
    /// Time codes counted by `format` in the local time given by `local`, with daily
    /// jams at local midnight.
    pub const fn new(format: TimeCodeFormat, local: LocalTimeOffset) -> TimeCodeGenerator {
        TimeCodeGenerator {
            format,
            local,
            previous_jam: None,
            next_jam: None,
            jam_time_of_day: 0,
        }
    }

    /// The same generator with daily jams at second `time_of_day` of the local day
    /// instead of midnight; an error from 86 400 on.
    pub const fn with_jam_time_of_day(
        mut self,
        time_of_day: u32,
    ) -> Result<TimeCodeGenerator, Error> {
        if time_of_day >= SECONDS_PER_DAY {
            return Err(Error::OutOfRange {
                field: "jam time of day",
                value: time_of_day as i128,
                min: 0,
                max: SECONDS_PER_DAY as i128 - 1,
            });
        }
        self.jam_time_of_day = time_of_day;
        Ok(self)
    }

    /// The same generator with the jams the metadata announced: the previous one (with
    /// its local offset) and the PTP second of the next one.
    #[must_use]
    pub const fn with_jams(
        mut self,
        previous: Option<Jam>,
        next: Option<u64>,
    ) -> TimeCodeGenerator {
        self.previous_jam = previous;
        self.next_jam = next;
        self
    }

    /// A generator for the signal SMPTE ST 2059-2 synchronization metadata describes:
    /// defaultSystemFrameRate, the drop frame bit of timeAddressFlags, the local offset
    /// and its next jump, and the jams (a timeOfPreviousJam or timeOfNextJam of zero means
    /// none is known). Daily jams happen at the local time of day of the previous jam
    /// (else of the next one, else midnight).
    pub const fn from_sync_metadata(m: &SmpteSyncMetadata) -> Result<TimeCodeGenerator, Error> {
        let rate = match Rate::new(
            m.default_system_frame_rate_numerator,
            m.default_system_frame_rate_denominator,
        ) {
            Ok(r) => r,
            Err(e) => return Err(e),
        };
        let format = match TimeCodeFormat::new(rate, m.time_address_flags & 1 != 0) {
            Ok(f) => f,
            Err(e) => return Err(e),
        };
        let local = LocalTimeOffset::from_sync_metadata(m);
        let previous = if m.time_of_previous_jam != 0 {
            Some(Jam {
                time: m.time_of_previous_jam,
                local_offset: m.previous_jam_local_offset,
            })
        } else {
            None
        };
        let next = if m.time_of_next_jam != 0 {
            Some(m.time_of_next_jam)
        } else {
            None
        };
        let tod = match (previous, next) {
            (Some(j), _) => (j.time as i128 + j.local_offset as i128).rem_euclid(DAY) as u32,
            (None, Some(t)) => local.local_seconds(t).rem_euclid(DAY) as u32,
            (None, None) => 0,
        };
        Ok(TimeCodeGenerator {
            format,
            local,
            previous_jam: previous,
            next_jam: next,
            jam_time_of_day: tod,
        })
    }

    /// The counting.
    pub const fn format(&self) -> TimeCodeFormat {
        self.format
    }

    /// The local time offset.
    pub const fn local(&self) -> LocalTimeOffset {
        self.local
    }

    /// The local second of the day of daily jams.
    pub const fn jam_time_of_day(&self) -> u32 {
        self.jam_time_of_day
    }

    /// The time code of the frame that contains PTP time `t`.
    pub fn time_code(&self, t: Timestamp) -> TimeCode {
        let n = frame_count(self.format.rate, t);
        self.address(n, self.frame_seconds(n).unwrap_or(t.seconds as i128))
            .0
    }

    /// The time code of the frame that contains `t` and the local date it belongs to
    /// (for jammed rates, the date of the jam, plus one if the count passed 24 hours).
    pub fn time_code_and_date(&self, t: Timestamp) -> Result<(TimeCode, Date), Error> {
        let n = frame_count(self.format.rate, t);
        let (tc, day) = self.address(n, self.frame_seconds(n).unwrap_or(t.seconds as i128));
        let date = Date::from_days_since_epoch(i64::try_from(day).unwrap_or(i64::MAX))?;
        Ok((tc, date))
    }

    /// The time code of frame `n` (frames since the SMPTE Epoch). An error only for
    /// frames beyond 2^64 seconds.
    pub fn time_code_of_frame(&self, n: u128) -> Result<TimeCode, Error> {
        Ok(self.address(n, self.frame_seconds(n)?).0)
    }

    /// Whole seconds of frame `n`'s alignment point.
    fn frame_seconds(&self, n: u128) -> Result<i128, Error> {
        let r = self.format.rate;
        let (q, rem) = div_rem(n, r.numerator() as u128);
        let s = q
            .checked_mul(r.denominator() as u128)
            .and_then(|x| x.checked_add(rem * r.denominator() as u128 / r.numerator() as u128))
            .and_then(|x| i128::try_from(x).ok())
            .filter(|&x| x <= u64::MAX as i128);
        s.ok_or(Error::OutOfRange {
            field: "frame",
            value: i128::try_from(n).unwrap_or(i128::MAX),
            min: 0,
            max: i128::MAX,
        })
    }

    /// The first frame at or after PTP second `j`: `ceil(j * rate)`.
    fn first_frame_at(&self, j: i128) -> i128 {
        let r = self.format.rate;
        let x = j * r.numerator() as i128;
        let d = r.denominator() as i128;
        -div_mod(-x, d).0
    }

    /// The jam in force for frame `n` whose alignment point is in PTP second `s`: its PTP
    /// second and local offset.
    fn jam_for(&self, s: i128) -> (i128, i64) {
        let mut best = self.local.latest_at_time_of_day(s, self.jam_time_of_day);
        if let Some(j) = self.previous_jam
            && j.time as i128 <= s
            && j.time as i128 >= best.0
        {
            best = (j.time as i128, j.local_offset as i64);
        }
        if let Some(t) = self.next_jam
            && t as i128 <= s
            && t as i128 >= best.0
        {
            best = (t as i128, self.local.offset_at(t));
        }
        best
    }

    /// The time code of frame `n` whose alignment point is in PTP second `s`, and the
    /// local day (days since 1970-01-01) it belongs to.
    fn address(&self, n: u128, s: i128) -> (TimeCode, i128) {
        let f = self.format;
        let rate = f.rate;
        if rate.is_integer() {
            let num = rate.numerator() as u128;
            let fis = (n % num) as u64;
            let local = s + self.local.offset_at_i(s) as i128;
            let (day, sod) = div_mod(local, DAY);
            let count = sod as u64 * num as u64 + fis;
            return (f.time_code(count), day);
        }
        let (j, o) = self.jam_for(s);
        let local = j + o as i128;
        let (jam_day, sod) = div_mod(local, DAY);
        let start = f.count_of_second(sod as u32) as i128;
        let count = start + (n as i128 - self.first_frame_at(j));
        let (days, count) = div_mod(count, f.frames_per_day() as i128);
        (f.time_code(count as u64), jam_day + days)
    }

    /// The frame labelled `tc` on local date `date`: the inverse of
    /// [`TimeCodeGenerator::time_code_and_date`]. Where a label occurs twice on a date
    /// (the few labels a jammed count reaches again just before the next jam, or local
    /// times a backward jump repeats) the first is returned. Errors: a time code the
    /// counting does not have, a local time a forward jump skips, or a label no frame of
    /// that date carries (at 1000/1001 rates the next jam overtakes the last labels of a
    /// day that a count slower than real time never reaches).
    pub fn frame_of_time_code(&self, date: Date, tc: &TimeCode) -> Result<u128, Error> {
        let f = self.format;
        let rate = f.rate;
        let count = f.frame_of_day(tc)?;
        let day_start = date.days_since_epoch() as i128 * DAY;
        let n = if rate.is_integer() {
            let num = rate.numerator() as u64;
            let local = day_start + (count / num) as i128;
            let s = self
                .local
                .resolve_local(local)
                .ok_or(Error::NonexistentLocalTime {
                    local_seconds: local,
                })?;
            s * num as i128 + (count % num) as i128
        } else {
            let tod_count = f.count_of_second(self.jam_time_of_day);
            let jam_day = if count >= tod_count {
                day_start
            } else {
                day_start - DAY
            };
            let jam_local = jam_day + self.jam_time_of_day as i128;
            let j = self
                .local
                .resolve_local(jam_local)
                .ok_or(Error::NonexistentLocalTime {
                    local_seconds: jam_local,
                })?;
            let (j, o) = self.jam_for(j);
            let start = f.count_of_second((j + o as i128).rem_euclid(DAY) as u32) as i128;
            self.first_frame_at(j) + (count as i128 - start).rem_euclid(f.frames_per_day() as i128)
        };
        let not_found = Error::NoSuchTimeCode {
            time_code: *tc,
            date,
        };
        let n = u128::try_from(n).map_err(|_| not_found)?;
        let s = self.frame_seconds(n).map_err(|_| not_found)?;
        let (back, day) = self.address(n, s);
        if back != *tc || day != date.days_since_epoch() as i128 {
            return Err(not_found);
        }
        Ok(n)
    }

    /// The alignment point of the frame labelled `tc` on local date `date`, exactly (see
    /// [`TimeCodeGenerator::frame_of_time_code`]).
    pub fn ptp_time_of(&self, date: Date, tc: &TimeCode) -> Result<ExactTime, Error> {
        alignment_point(self.format.rate, self.frame_of_time_code(date, tc)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tc(s: &str) -> TimeCode {
        s.parse().unwrap()
    }

    #[test]
    fn drop_frame_labels() {
        let f = TimeCodeFormat::new(Rate::FPS_29_97, true).unwrap();
        assert_eq!(f.labels_per_day(), 2_589_408);
        assert_eq!(f.time_code(0), tc("00:00:00;00"));
        assert_eq!(f.time_code(1799), tc("00:00:59;29"));
        assert_eq!(f.time_code(1800), tc("00:01:00;02"));
        assert_eq!(f.time_code(17_981), tc("00:09:59;29"));
        assert_eq!(f.time_code(17_982), tc("00:10:00;00"));
        assert_eq!(f.time_code(17_982 + 1800), tc("00:11:00;02"));
        assert_eq!(f.time_code(107_892), tc("01:00:00;00"));
        assert_eq!(f.time_code(2_589_407), tc("23:59:59;29"));
        assert_eq!(f.time_code(2_589_408), tc("00:00:00;00"));
        assert_eq!(f.frame_of_day(&tc("00:01:00;02")), Ok(1800));
        assert_eq!(
            f.frame_of_day(&tc("00:01:00;01")),
            Err(Error::DroppedLabel {
                minutes: 1,
                seconds: 0,
                frames: 1
            })
        );
        assert!(f.frame_of_day(&tc("00:10:00;00")).is_ok());
        assert_eq!(
            f.frame_of_day(&tc("00:10:00:00")),
            Err(Error::CountingMismatch {
                expected: true,
                found: false
            })
        );
        assert_eq!(f.count_of_second(60), 1800);
        assert_eq!(f.count_of_second(600), 17_982);
        assert_eq!(f.count_of_second(59), 1770);
    }

    #[test]
    fn every_label_round_trips() {
        for (rate, df) in [
            (Rate::FPS_29_97, true),
            (Rate::FPS_59_94, true),
            (Rate::FPS_29_97, false),
            (Rate::FPS_25, false),
            (Rate::FPS_24, false),
            (Rate::FPS_50, false),
            (Rate::FPS_119_88, true),
        ] {
            let f = TimeCodeFormat::new(rate, df).unwrap();
            // Every frame of the first and last 11 minutes, then a stride across the day.
            let n = f.frames_per_day();
            let edge = 11 * 60 * 30 * f.frames_per_label() as u64;
            let counts = (0..edge).chain(n - edge..n).chain((0..n).step_by(997));
            let mut prev: Option<u64> = None;
            for c in counts {
                let t = f.time_code(c);
                assert_eq!(f.frame_of_day(&t), Ok(c), "{rate} {t}");
                if prev == Some(c.wrapping_sub(1)) {
                    assert_ne!(f.time_code(c - 1), t);
                }
                prev = Some(c);
            }
        }
    }

    #[test]
    fn high_frame_rates() {
        let f = TimeCodeFormat::new(Rate::FPS_59_94, true).unwrap();
        assert_eq!((f.count_modulus(), f.frames_per_label()), (30, 2));
        assert_eq!(f.time_code(3599), tc("00:00:59;29.1"));
        // Four frames (two labels of two) dropped at the minute.
        assert_eq!(f.time_code(3600), tc("00:01:00;02"));
        assert_eq!(f.frames_per_day(), 2 * 2_589_408);
        let f = TimeCodeFormat::for_rate(Rate::FPS_50).unwrap();
        assert_eq!(
            (f.count_modulus(), f.frames_per_label(), f.drop_frame()),
            (25, 2, false)
        );
        assert_eq!(f.time_code(49), tc("00:00:00:24.1"));
        let f = TimeCodeFormat::for_rate(Rate::FPS_119_88).unwrap();
        assert_eq!(
            (f.count_modulus(), f.frames_per_label(), f.drop_frame()),
            (30, 4, true)
        );
        assert_eq!(f.time_code(7200), tc("00:01:00;02"));
        let f = TimeCodeFormat::for_rate(Rate::FPS_100).unwrap();
        assert_eq!((f.count_modulus(), f.frames_per_label()), (25, 4));
        let f = TimeCodeFormat::for_rate(Rate::FPS_48).unwrap();
        assert_eq!((f.count_modulus(), f.frames_per_label()), (24, 2));
        let f = TimeCodeFormat::for_rate(Rate::new(96, 1).unwrap()).unwrap();
        assert_eq!((f.count_modulus(), f.frames_per_label()), (24, 4));
        let f = TimeCodeFormat::for_rate(Rate::FPS_23_98).unwrap();
        assert_eq!(
            (f.count_modulus(), f.frames_per_label(), f.drop_frame()),
            (24, 1, false)
        );
    }

    #[test]
    fn unsupported_rates() {
        let e = |n, d, df| {
            TimeCodeFormat::new(Rate::new(n, d).unwrap(), df)
                == Err(Error::UnsupportedRate {
                    numerator: n,
                    denominator: d,
                    drop_frame: df,
                })
        };
        assert!(e(31, 1, false));
        assert!(e(25, 1, true));
        assert!(e(30, 1, true));
        assert!(e(24000, 1001, true));
        assert!(e(50000, 1001, true));
        assert!(TimeCodeFormat::new(Rate::FPS_29_97, false).is_ok());
    }

    #[test]
    fn parse_and_display() {
        extern crate std;
        use std::string::ToString;
        for s in [
            "01:02:03:04",
            "23:59:59;29",
            "00:00:00:24.1",
            "12:34:56;07.3",
        ] {
            assert_eq!(tc(s).to_string(), s);
        }
        assert_eq!(tc("1:2:3:4"), TimeCode::new(1, 2, 3, 4, false));
        for (s, position) in [
            ("", 0),
            ("01:02:03", 8),
            ("01-02:03:04", 2),
            ("01:02:03:04x", 11),
            ("01:02:03:04.", 12),
            ("001:02:03:04", 2),
        ] {
            match s.parse::<TimeCode>() {
                Err(Error::Parse { position: p, .. }) => assert_eq!(p, position, "{s}"),
                other => panic!("{s}: {other:?}"),
            }
        }
    }

    #[test]
    fn generator_at_the_epoch() {
        let t = Timestamp::new(0, 0).unwrap();
        let g = TimeCodeGenerator::new(
            TimeCodeFormat::for_rate(Rate::FPS_25).unwrap(),
            LocalTimeOffset::fixed(0),
        );
        assert_eq!(g.time_code(t), tc("00:00:00:00"));
        // TAI - UTC was 10 s at the start of 1972; the epoch itself is 1969-12-31
        // 23:59:50 in a zone with that offset.
        let g = TimeCodeGenerator::new(g.format(), LocalTimeOffset::from_utc_offset(10, 0, false));
        assert_eq!(
            g.time_code_and_date(t).unwrap(),
            (tc("23:59:50:00"), Date::new(1969, 12, 31).unwrap())
        );
        let g = TimeCodeGenerator::new(
            TimeCodeFormat::for_rate(Rate::FPS_29_97).unwrap(),
            LocalTimeOffset::fixed(0),
        );
        assert_eq!(g.time_code(t), tc("00:00:00;00"));
        assert_eq!(g.frame_of_time_code(Date::EPOCH, &tc("00:00:00;00")), Ok(0));
    }

    #[test]
    fn the_instant_of_a_jam_is_in_the_frame_before() {
        // Local midnight 1970-01-02 at 29.97: PTP 86_400 s is 2_589_410.6 frames, so
        // frame 2_589_410 starts 0.59 frame before the jam and frame 2_589_411 is the
        // first at or after it.
        let g = TimeCodeGenerator::new(
            TimeCodeFormat::for_rate(Rate::FPS_29_97).unwrap(),
            LocalTimeOffset::fixed(0),
        );
        assert_eq!(
            frame_count(Rate::FPS_29_97, Timestamp::new(86_400, 0).unwrap()),
            2_589_410
        );
        for (s, ns) in [(86_399, 990_000_000), (86_400, 0), (86_400, 10_000_000)] {
            let t = Timestamp::new(s, ns).unwrap();
            let n = frame_count(Rate::FPS_29_97, t);
            assert_eq!(Ok(g.time_code(t)), g.time_code_of_frame(n));
            assert_eq!(g.time_code(t), tc("00:00:00;02"), "{s}.{ns}");
        }
        assert_eq!(g.time_code_of_frame(2_589_411), Ok(tc("00:00:00;00")));
        assert_eq!(
            g.time_code_and_date(Timestamp::new(86_400, 0).unwrap())
                .unwrap()
                .1,
            Date::new(1970, 1, 2).unwrap()
        );
    }

    #[test]
    fn daylight_saving_flags() {
        for b in 0..8 {
            assert_eq!(DaylightSaving::from_bits(b).bits(), b);
        }
        let o = LocalTimeOffset::from_utc_offset(37, 3600, true).with_jump(-3600, 1000);
        assert_eq!(o.current_local_offset, 7200 - 37);
        assert_eq!(o.offset_at(999), 7163);
        assert_eq!(o.offset_at(1000), 3563);
        assert!(o.daylight_saving_at(999));
        assert!(!o.daylight_saving_at(1000));
    }
}
