//! A pacer: releases each packet at its ST 2110-21 departure time, never early.

use mediafabric_ptp::wire::Timestamp;

use super::exact::timestamp_nanos;
use super::{Error, Nanos, Schedule};

/// A source of PTP time (seconds and nanoseconds since the SMPTE Epoch, the TAI
/// timescale of SMPTE ST 2059-1). The pacer never reads a clock by itself: the sender
/// hands one in, or passes the time directly to [`Pacer::release`].
pub trait Clock {
    /// The current time.
    fn now(&self) -> Timestamp;
}

/// Packets due for sending: `count` packets of frame `frame`, from packet index
/// `first_packet` on, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[must_use = "the released packets have to be sent"]
pub struct Release {
    /// The frame's number since the SMPTE Epoch.
    pub frame: u128,
    /// The first packet's index within the frame.
    pub first_packet: u32,
    /// How many packets are due (zero when none is).
    pub count: u32,
    /// The RTP timestamp of the frame (its alignment point on the 90 kHz clock).
    pub rtp_timestamp: u32,
}

/// Releases the packets of a stream at the read times of its [`Schedule`], optionally
/// `lead` packets (`lead * TRS`) ahead of them, and never before: a sender that sends
/// every released packet before asking again is compliant with its sender type by
/// construction (the virtual receiver buffer holds at most `lead + 1` packets and never
/// underflows, and packets leave no closer together than TRS, above the TDRAIN of the
/// network compatibility model).
///
/// The pacer is sans-IO and allocation-free: each call does a handful of integer
/// operations on the schedule's exact grid, so the departures of any number of frames
/// are exact (no accumulated rounding) and each is rounded up to the nanosecond only
/// when compared with the clock.
///
/// ```
/// use mediafabric_ptp::st2059::Rate;
/// use mediafabric_ptp::wire::Timestamp;
/// use mediafabric_st2110::pacing::{Pacer, Scan, Schedule, SenderType};
///
/// let s = Schedule::new(Rate::FPS_50, Scan::Progressive, 1080, 4320, SenderType::Narrow)?;
/// let mut pacer = Pacer::new(s, 1_000, 0)?;
/// // Frame 1000 starts at 20 s; its first read is TRO = 764 444.4.. ns later.
/// assert_eq!(pacer.next_release(), Timestamp::new(20, 764_445)?);
/// let r = pacer.release(Timestamp::new(20, 764_444)?);
/// assert_eq!(r.count, 0);
/// // TRS is 4444.4.. ns: at 20.000773333 s the first two packets are due.
/// let r = pacer.release(Timestamp::new(20, 773_333)?);
/// assert_eq!((r.frame, r.first_packet, r.count), (1_000, 0, 2));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Pacer {
    schedule: Schedule,
    lead: u128,
    frame: u128,
    packet: u32,
    /// The next departure, in schedule ticks.
    next: u128,
}

impl Pacer {
    /// A pacer starting at packet 0 of frame `first_frame`, sending each packet `lead`
    /// packets (`lead * TRS`) before its read time. `lead` may be at most VRX_FULL of
    /// the sender type; 0 sends each packet exactly at its read time.
    pub fn new(schedule: Schedule, first_frame: u128, lead: u32) -> Result<Pacer, Error> {
        let vrx_full = schedule.vrx_full();
        if lead > vrx_full {
            return Err(Error::LeadTooLarge { lead, vrx_full });
        }
        let lead = lead as u128 * schedule.trs_ticks();
        let mut p = Pacer {
            schedule,
            lead,
            frame: first_frame,
            packet: 0,
            next: 0,
        };
        p.next = p.departure_ticks(first_frame, 0)?;
        Ok(p)
    }

    /// A pacer starting with the first frame whose first departure is at or after
    /// `now`, so that nothing is due at once (a sender never starts with a burst).
    pub fn starting_after(schedule: Schedule, now: Timestamp, lead: u32) -> Result<Pacer, Error> {
        let mut p = Pacer::new(schedule, 0, lead)?;
        p.skip_to(now)?;
        Ok(p)
    }

    fn departure_ticks(&self, frame: u128, packet: u32) -> Result<u128, Error> {
        let t = self
            .schedule
            .tvd_ticks(frame)?
            .checked_add(self.schedule.offset_ticks(packet)?)
            .ok_or(Error::Unrepresentable {
                what: "a departure time",
            })?;
        // Near the epoch a lead cannot reach before zero.
        Ok(t.saturating_sub(self.lead))
    }

    /// The schedule followed.
    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }

    /// The next packet to be released: `(frame, packet index)`.
    pub fn position(&self) -> (u128, u32) {
        (self.frame, self.packet)
    }

    /// The exact departure time of the next packet.
    pub fn next_departure(&self) -> Nanos {
        Nanos::new(self.next as i128, self.schedule.per_ns()).unwrap_or(Nanos::ZERO)
    }

    /// The first whole nanosecond at which the next packet may leave (its departure
    /// rounded up): what a sender sleeps until. Saturates far past any PTP time.
    pub fn next_release(&self) -> Timestamp {
        self.next_departure()
            .to_timestamp_ceil()
            .unwrap_or(Timestamp {
                seconds: Timestamp::MAX_SECONDS,
                nanoseconds: 999_999_999,
            })
    }

    /// The packets due at `now` (departure at or before it), at most to the end of the
    /// current frame; call again for the next frame's. Advances past what it returns.
    pub fn release(&mut self, now: Timestamp) -> Release {
        self.release_at_most(now, u32::MAX)
    }

    /// Like [`Pacer::release`] with at most `max` packets.
    pub fn release_at_most(&mut self, now: Timestamp, max: u32) -> Release {
        let now_ticks = timestamp_nanos(now).saturating_mul(self.schedule.per_ns() as u128);
        let out = Release {
            frame: self.frame,
            first_packet: self.packet,
            count: 0,
            rtp_timestamp: self.schedule.rtp_timestamp(self.frame),
        };
        let n = self.schedule.npackets();
        let mut count = 0;
        while count < max && self.next <= now_ticks {
            count += 1;
            if self.packet + 1 < n {
                self.packet += 1;
                // Within the frame, from the frame's first departure; this cannot fail
                // for a packet below NPACKETS whose frame already had a departure.
                self.next = self
                    .departure_ticks(self.frame, self.packet)
                    .unwrap_or(u128::MAX);
            } else {
                self.frame += 1;
                self.packet = 0;
                self.next = self.departure_ticks(self.frame, 0).unwrap_or(u128::MAX);
                break;
            }
        }
        Release { count, ..out }
    }

    /// The packets due at the clock's time (see [`Pacer::release`]).
    pub fn poll(&mut self, clock: &impl Clock, max: u32) -> Release {
        self.release_at_most(clock.now(), max)
    }

    /// Drops every frame that can no longer be sent on time: moves to the first frame
    /// whose first departure is at or after `now` unless the next packet is still in the
    /// future. Returns how many frames (whole or partly unsent) were skipped. A sender
    /// that fell behind calls this rather than releasing a late burst.
    pub fn skip_to(&mut self, now: Timestamp) -> Result<u128, Error> {
        let per_ns = self.schedule.per_ns() as u128;
        let now_ticks = timestamp_nanos(now)
            .checked_mul(per_ns)
            .ok_or(Error::Unrepresentable { what: "the time" })?;
        if self.next >= now_ticks {
            return Ok(0);
        }
        // First frame f with f * TFRAME + TRO - lead >= now.
        let period = self.schedule.period_ticks();
        let target = now_ticks
            .saturating_add(self.lead)
            .saturating_sub(self.schedule.tro_ticks())
            .div_ceil(period);
        let target = target.max(self.frame + 1);
        let skipped = target - self.frame;
        self.frame = target;
        self.packet = 0;
        self.next = self.departure_ticks(target, 0)?;
        Ok(skipped)
    }
}
