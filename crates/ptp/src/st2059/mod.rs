//! SMPTE ST 2059-1 time arithmetic: signals aligned to the SMPTE Epoch, exactly.
//!
//! SMPTE ST 2059-1 §6 makes the SMPTE Epoch the PTP epoch, 1970-01-01 00:00:00 TAI, and
//! aligns every periodic signal to it: frame `n` of a signal running at `r` frames per
//! second starts at the *alignment point* `n / r` seconds after the epoch. PTP time as
//! seconds and nanoseconds and rates such as 30000/1001 are both exact fractions, so all
//! the answers here are exact: nothing is rounded unless a function says how, and no
//! floating point is used anywhere. Every intermediate fits a `u128` for any 48-bit (in
//! fact any 64-bit) PTP seconds value and any `u32 / u32` rate, so nothing overflows.
//!
//! - [`Rate`]: a reduced fraction for frame rates (24, 30000/1001, 50, ...) and media
//!   clock rates (90 kHz, 48 kHz, ...); a zero denominator is an error.
//! - [`ExactTime`]: nanoseconds since the epoch plus an exact fraction of a nanosecond,
//!   with floor and ceiling conversions to [`Timestamp`](crate::wire::Timestamp).
//! - Alignment (§6): [`frame_count`], [`alignment_point`], [`next_alignment_point`],
//!   [`phase`].
//! - RTP (SMPTE ST 2110-10 §8, with ST 2059-1 §6): [`rtp_timestamp`],
//!   [`media_clock_count`], [`rtp_timestamp_of_frame`], [`media_clock_count_of_frame`].
//! - Time code (SMPTE ST 12-1 time address from PTP time, ST 2059-1 §7 and the ST
//!   2059-2 synchronization metadata): [`TimeCodeFormat`], [`TimeCode`],
//!   [`LocalTimeOffset`], [`Jam`], [`TimeCodeGenerator`], and the calendar [`Date`].
//!
//! # How a time code is derived
//!
//! A time code labels a frame `hh:mm:ss:ff` in local time of day. SMPTE ST 2059-1 §7
//! derives it from PTP time, the local time offset and, for the 1000/1001 rates, the
//! daily jam; ST 2059-2 carries those as synchronization metadata (see
//! [`SmpteSyncMetadata`]). This module reads the two as follows:
//!
//! - **Whole frame rates** (24, 25, 30, 50, 60, ...): every second since the SMPTE Epoch
//!   starts a frame, so the label of a frame is its local time of day: local seconds
//!   `PTP seconds + currentLocalOffset` modulo 86 400 give `hh:mm:ss`, and the frame's
//!   place within its second gives `ff`. A change of the local offset (a daylight saving
//!   change or a leap second, announced by jumpSeconds and timeOfNextJump) moves the time
//!   code at the instant it takes effect.
//! - **Other rates** (23.98, 29.97, 59.94, ...): frames and seconds drift apart, so the
//!   time code is a frame counter *jammed* once a day: the first frame whose alignment
//!   point is at or after the jam time is labelled with the local time of day of the jam
//!   (00:00:00:00 for a jam at local midnight), and every later frame adds one to the
//!   count. The jam is the latest of: the previous jam of the metadata
//!   (timeOfPreviousJam, with previousJamLocalOffset), the next one once it has passed
//!   (timeOfNextJam), and the daily jam at the configured local time of day (the
//!   metadata's jam time of day, else midnight). A change of local offset takes effect at
//!   the next jam. Drop-frame counting (SMPTE ST 12-1, "drop frame") skips labels 00 and
//!   01 in second 0 of every minute except each tenth, so 29.97 Hz labels 2 589 408
//!   frames a day and loses only about 2.6 frames a day against real time; the jam takes
//!   up that difference. Non-drop counting at 1000/1001 rates runs about 86 s a day
//!   slow and is likewise reset by the jam.
//!
//! The time code wraps at 24 hours: the count is taken modulo a day's labels.
//!
//! The time code of an instant is that of the frame containing it, the frame whose
//! alignment point is the latest at or before it; so the jam instant itself usually lies
//! in the last frame of the old count, and the first frame of the new one starts a
//! fraction of a frame later.
//!
//! # Rates above 30 frames per second
//!
//! The ST 12-1 time address counts at most 30 frames per second (its frames field holds
//! 0..=29 in two BCD digits of which the tens has two bits). For 50 and 59.94/60 frames
//! per second ST 12-1 counts *frame pairs*: the time address increments every other
//! frame and the field flag (the "field mark" of VITC and ATC) tells the first frame of a
//! pair (0) from the second (1). SMPTE ST 12-3 extends that to high frame rates by
//! grouping 3, 4 or 5 frames under one time address (72 and 96 as 24x3 and 24x4, 100 as
//! 25x4, 120 as 30x4, with drop-frame compensation at 119.88) and numbering the frames of
//! the group. [`TimeCodeFormat`] does the same for every whole multiple of 24, 25 or 30:
//! the count modulus is 30, 25 or 24 (30 preferred, then 25) and [`TimeCode::sub_frame`]
//! numbers the frames that share one time address (for pairs it is the ST 12-1 field
//! flag). Rates of at most 30 frames per second count one label per frame, with the rate
//! rounded to the nearest whole number as the count modulus (ST 12-1 names 24, 25 and 30;
//! others are counted the same way). Drop-frame counting exists only where ST 12-1 / ST
//! 12-3 define it: at 30x1000/1001 and its multiples (29.97, 59.94, 119.88, ...), where
//! the two labels dropped each minute take all their sub-frames with them (4 frames a
//! minute at 59.94, 8 at 119.88).
//!
//!
//! [`SmpteSyncMetadata`]: crate::wire::org::SmpteSyncMetadata
//!
//! # Example
//!
//! ```
//! use mediafabric_ptp::st2059::{self, Rate};
//! use mediafabric_ptp::wire::Timestamp;
//!
//! let t = Timestamp::new(1_000_000_000, 0)?;
//! // 29.97 Hz: 1e9 s * 30000/1001 = 29_970_029_970.02.. frames.
//! assert_eq!(st2059::frame_count(Rate::FPS_29_97, t), 29_970_029_970);
//! let next = st2059::next_alignment_point(Rate::FPS_29_97, t);
//! assert_eq!(next.frame, 29_970_029_971);
//! // Frame 29_970_029_971 starts at 30_000_000_000_971/30_000 s =
//! // 1_000_000_000.032366666.67.. s; the first whole nanosecond at or after it:
//! assert_eq!(next.time.to_timestamp_ceil()?, Timestamp::new(1_000_000_000, 32_366_667)?);
//! // The 90 kHz RTP timestamp at t: 9e13 mod 2^32.
//! assert_eq!(st2059::rtp_timestamp(Rate::HZ_90000, t), (90_000_000_000_000u64 % (1 << 32)) as u32);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod align;
mod calendar;
mod rate;
mod rtp;
mod timecode;

pub use align::{Alignment, ExactTime, alignment_point, frame_count, next_alignment_point, phase};
pub use calendar::Date;
pub use rate::Rate;
pub use rtp::{
    media_clock_count, media_clock_count_of_frame, rtp_timestamp, rtp_timestamp_of_frame,
};
pub use timecode::{
    DaylightSaving, Jam, LocalTimeOffset, SECONDS_PER_DAY, TimeCode, TimeCodeFormat,
    TimeCodeGenerator,
};

/// Everything that can go wrong in the ST 2059-1 arithmetic.
///
/// None of these come from a buffer, so unlike [`crate::Error`] they carry values and
/// field names rather than byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A rate `numerator/0`.
    #[error("rate {numerator}/0: the denominator must not be zero")]
    ZeroDenominator {
        /// The numerator given.
        numerator: u32,
    },
    /// A rate `0/denominator`: nothing happens, so there is no period.
    #[error("rate 0/{denominator}: the rate must not be zero")]
    ZeroRate {
        /// The denominator given.
        denominator: u32,
    },
    /// A value outside the range its field or the result can hold.
    #[error("{field} out of range: {value} is not in {min}..={max}")]
    OutOfRange {
        /// The field's name (a SMPTE ST 12-1 time address field, `secondsField`, ...).
        field: &'static str,
        /// The value given or computed.
        value: i128,
        /// The smallest value allowed.
        min: i128,
        /// The largest value allowed.
        max: i128,
    },
    /// SMPTE ST 12-1 / ST 12-3 define no time address counting for this frame rate (or
    /// no drop-frame counting, when `drop_frame` is set).
    #[error(
        "no SMPTE ST 12 time address for {numerator}/{denominator} frames per second (drop frame: {drop_frame})"
    )]
    UnsupportedRate {
        /// The rate's numerator.
        numerator: u32,
        /// The rate's denominator.
        denominator: u32,
        /// Whether drop-frame counting was asked for.
        drop_frame: bool,
    },
    /// A time code names a frame label that drop-frame counting skips (SMPTE ST 12-1:
    /// labels 00 and 01 of second 0 of every minute not divisible by ten).
    #[error("time code {minutes:02}:{seconds:02};{frames:02} is dropped in drop-frame counting")]
    DroppedLabel {
        /// Minutes.
        minutes: u8,
        /// Seconds.
        seconds: u8,
        /// Frames.
        frames: u8,
    },
    /// A time code's drop-frame flag differs from the counting mode it is used with.
    #[error("time code drop frame flag is {found}, the counting mode needs {expected}")]
    CountingMismatch {
        /// What the format needs.
        expected: bool,
        /// What the time code has.
        found: bool,
    },
    /// A local time that is skipped by a forward jump of the local offset (a daylight
    /// saving change), so no PTP time has it.
    #[error("local time {local_seconds} s does not exist (skipped by a jump of the local offset)")]
    NonexistentLocalTime {
        /// The local time in seconds since 1970-01-01 00:00:00 local.
        local_seconds: i128,
    },
    /// No frame carries this time code on this local date.
    #[error("no frame has time code {time_code} on {date}")]
    NoSuchTimeCode {
        /// The time code asked for.
        time_code: TimeCode,
        /// The local date asked for.
        date: Date,
    },
    /// Text that is not a time code.
    #[error("not a time code at character {position}: expected {expected}")]
    Parse {
        /// Where the problem is (bytes from the start).
        position: usize,
        /// What had to be there.
        expected: &'static str,
    },
}
