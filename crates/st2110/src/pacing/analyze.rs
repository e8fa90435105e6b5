//! The ST 2110-21 receiver models applied to packet arrival times.

use core::fmt;

use mediafabric_ptp::st2059::{Rate, media_clock_count_of_frame};

use super::{Error, Nanos, ReadSchedule, Schedule};

/// One packet as the analyzer sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Arrival {
    /// When it arrived (or left, when captured at the sender), in nanoseconds since the
    /// SMPTE Epoch (PTP time).
    pub time_ns: u128,
    /// Its RTP timestamp.
    pub rtp_timestamp: u32,
    /// Its RTP marker bit (set on the last packet of a frame or field).
    pub marker: bool,
    /// Its RTP sequence number (gaps are counted as lost packets).
    pub sequence: u16,
    /// Its length in octets (any layer the caller chooses; only summed).
    pub length: u32,
    /// Whether it carries the second field of an interlaced or PsF frame (the F bit of
    /// its first Sample Row Data header); always `false` for progressive video.
    pub second_field: bool,
}

/// Where the drain grid of the network compatibility model is anchored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DrainOrigin {
    /// At multiples of TDRAIN since the SMPTE Epoch, as ST 2110-21 §6.6.1 defines it.
    #[default]
    Epoch,
    /// At the first analyzed packet (what EBU LIST does; useful when arrival times are
    /// not PTP time).
    FirstPacket,
}

/// How a frame's number (and so its alignment point and TVD) is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Datum {
    /// The frame whose TVD (alignment point + TRO) is nearest the frame's first packet.
    #[default]
    Nearest,
    /// The frame whose alignment point the RTP timestamp names (the media clock
    /// unwrapped near the arrival time), which catches a sender whole frames off.
    RtpTimestamp,
}

/// A stream's (or one frame's) class under ST 2110-21 §7.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Compliance {
    /// Within the narrow limits, read on the gapped schedule (`2110TPN`).
    Narrow,
    /// Within the narrow limits, read on the linear schedule (`2110TPNL`).
    NarrowLinear,
    /// Within the wide limits only (`2110TPW`).
    Wide,
    /// Beyond the wide limits, or the virtual receiver buffer underflowed.
    NotCompliant,
}

impl Compliance {
    /// A short name: `narrow`, `narrow_linear`, `wide`, `not_compliant`.
    pub const fn name(self) -> &'static str {
        match self {
            Compliance::Narrow => "narrow",
            Compliance::NarrowLinear => "narrow_linear",
            Compliance::Wide => "wide",
            Compliance::NotCompliant => "not_compliant",
        }
    }

    fn rank(self) -> u8 {
        match self {
            Compliance::Narrow | Compliance::NarrowLinear => 0,
            Compliance::Wide => 1,
            Compliance::NotCompliant => 2,
        }
    }
}

impl fmt::Display for Compliance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The limits a stream is judged against (ST 2110-21 §7.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Limits {
    /// Narrow CMAX (for the schedule's RACTIVE).
    pub cmax_narrow: u32,
    /// Narrow VRX_FULL.
    pub vrx_full_narrow: u32,
    /// Wide CMAX; `None` at 900 000 packets per second or more.
    pub cmax_wide: Option<u32>,
    /// Wide VRX_FULL.
    pub vrx_full_wide: u32,
    /// The narrow class of the schedule: [`Compliance::Narrow`] on the gapped schedule,
    /// [`Compliance::NarrowLinear`] on the linear one.
    pub narrow: Compliance,
}

impl Limits {
    /// The limits of a schedule.
    pub fn of(schedule: &Schedule) -> Limits {
        Limits {
            cmax_narrow: schedule.cmax_narrow(),
            vrx_full_narrow: schedule.vrx_full_narrow(),
            cmax_wide: schedule.cmax_wide(),
            vrx_full_wide: schedule.vrx_full_wide(),
            narrow: match schedule.read_schedule() {
                ReadSchedule::Gapped => Compliance::Narrow,
                ReadSchedule::Linear => Compliance::NarrowLinear,
            },
        }
    }

    /// The class of measurements with peak CInst `cinst_max` and VRX between
    /// `vrx_min` and `vrx_max`: an underflow (VRX below zero) is not compliant; then
    /// narrow if both peaks are within the narrow limits, else wide if within the wide
    /// ones.
    pub fn classify(&self, cinst_max: u32, vrx_max: i64, vrx_min: i64) -> Compliance {
        if vrx_min < 0 {
            return Compliance::NotCompliant;
        }
        if cinst_max <= self.cmax_narrow && vrx_max <= self.vrx_full_narrow as i64 {
            return self.narrow;
        }
        if self.cmax_wide.is_none_or(|c| cinst_max <= c) && vrx_max <= self.vrx_full_wide as i64 {
            return Compliance::Wide;
        }
        Compliance::NotCompliant
    }
}

/// What the analyzer measured over one frame (both fields of an interlaced frame).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameSummary {
    /// The frame's number since the SMPTE Epoch (its alignment point is this times
    /// TFRAME).
    pub frame: u128,
    /// How many frames the analyzer closed before this one.
    pub ordinal: u64,
    /// The RTP timestamp of its first packet.
    pub rtp_timestamp: u32,
    /// Packets received.
    pub packets: u32,
    /// Their summed lengths.
    pub octets: u64,
    /// The first packet's arrival.
    pub first_packet_ns: u128,
    /// First packet time: the first packet's arrival minus the alignment point.
    pub fpt: Nanos,
    /// The RTP timestamp minus the RTP timestamp of the alignment point, in 90 kHz
    /// ticks (wrapping difference, so within ±2^31).
    pub rtp_offset: i64,
    /// The first packet's arrival minus the instant its RTP timestamp names.
    pub latency: Nanos,
    /// This frame's RTP timestamp minus the previous analyzed frame's (wrapping), for
    /// every frame but the first.
    pub rtp_delta: Option<u32>,
    /// The largest CInst at any of its packets.
    pub cinst_max: u32,
    /// The largest VRX at any of its packets.
    pub vrx_max: i64,
    /// The smallest VRX (below zero is an underflow).
    pub vrx_min: i64,
    /// This frame's class alone.
    pub compliance: Compliance,
}

/// An extreme value and the frame it occurred in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extreme<T> {
    /// The value.
    pub value: T,
    /// The frame's number since the SMPTE Epoch.
    pub frame: u128,
    /// The frame's ordinal in the analysis.
    pub ordinal: u64,
}

/// Which measurement made a stream less than narrow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Measure {
    /// CInst above the limit.
    CInst,
    /// VRX above VRX_FULL.
    VrxOverflow,
    /// VRX below zero.
    VrxUnderflow,
}

/// The frame that decided a stream's class, when it is not narrow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Worst {
    /// The frame's number since the SMPTE Epoch.
    pub frame: u128,
    /// The frame's ordinal in the analysis.
    pub ordinal: u64,
    /// What exceeded its limit.
    pub measure: Measure,
    /// The value measured.
    pub value: i64,
    /// The limit of the better class it missed (narrow's for a wide stream, wide's for
    /// a non-compliant one; zero for an underflow). `None` where the standard sets no
    /// wide CMAX.
    pub limit: Option<i64>,
}

/// Everything measured so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    /// The stream's class over every closed frame; `None` before the first.
    pub compliance: Option<Compliance>,
    /// The frame that decided a class below narrow.
    pub worst: Option<Worst>,
    /// The limits used.
    pub limits: Limits,
    /// Frames closed.
    pub frames: u64,
    /// Packets in closed frames.
    pub packets: u64,
    /// Their summed lengths.
    pub octets: u64,
    /// Packets missing by sequence number (over everything pushed).
    pub lost: u64,
    /// Packets pushed before the first frame start (not measured).
    pub skipped: u64,
    /// Peak CInst.
    pub cinst_max: Option<Extreme<u32>>,
    /// Peak VRX.
    pub vrx_max: Option<Extreme<i64>>,
    /// Lowest VRX.
    pub vrx_min: Option<Extreme<i64>>,
    /// Earliest first packet time.
    pub fpt_min: Option<Extreme<Nanos>>,
    /// Latest first packet time.
    pub fpt_max: Option<Extreme<Nanos>>,
    /// Smallest RTP offset.
    pub rtp_offset_min: Option<Extreme<i64>>,
    /// Largest RTP offset.
    pub rtp_offset_max: Option<Extreme<i64>>,
    /// Smallest latency.
    pub latency_min: Option<Extreme<Nanos>>,
    /// Largest latency.
    pub latency_max: Option<Extreme<Nanos>>,
    /// Smallest inter-frame RTP timestamp delta.
    pub rtp_delta_min: Option<Extreme<u32>>,
    /// Largest inter-frame RTP timestamp delta.
    pub rtp_delta_max: Option<Extreme<u32>>,
    /// Fewest packets in a frame.
    pub packets_min: Option<Extreme<u32>>,
    /// Most packets in a frame.
    pub packets_max: Option<Extreme<u32>>,
}

/// One frame being measured.
#[derive(Debug, Clone, Copy)]
struct Open {
    tvd: u128,
    unit_timestamp: u32,
    arrived: u32,
    summary: FrameSummary,
}

/// Measures a stream against the ST 2110-21 models, packet by packet, in fixed memory.
///
/// - **CInst** (network compatibility model, §6.6.1): a bucket that every packet enters
///   when it arrives and that loses one packet at each tick of a grid of period
///   TDRAIN = TFRAME / NPACKETS / β, if it holds one; CInst is its content just after
///   the packet entered (so at least 1).
/// - **VRX** (virtual receiver buffer, §6.6.2): packets enter at arrival and leave at
///   their read times TPRj (TVD + j × TRS on the stream's Packet Read Schedule, TVD the
///   frame's alignment point plus TRO); VRX is the content just after a packet entered
///   and every read due at that instant left, so a sender on the read times measures
///   0 and a negative value is an underflow (a read of a packet not yet there). The
///   previous frame's unread packets still count.
/// - Per frame: first packet time (FPT, relative to the alignment point), RTP offset,
///   latency, inter-frame RTP timestamp delta, packet count.
///
/// Frames are told apart by their RTP timestamps (for interlaced and PsF video a
/// first-field packet with a new timestamp starts a frame; second-field packets join
/// it). Measuring starts at the first packet after one with the marker bit, unless
/// [`Analyzer::starting_at_first_packet`] says the first packet starts a frame.
#[derive(Debug, Clone)]
pub struct Analyzer {
    schedule: Schedule,
    limits: Limits,
    per_ns: u128,
    origin: DrainOrigin,
    datum: Datum,
    synced: bool,
    last_marker: bool,
    last_time: Option<u128>,
    last_sequence: Option<u16>,
    drain_base: u128,
    drained: u128,
    level: u32,
    started: bool,
    cur: Option<Open>,
    prev: Option<Open>,
    last_closed: Option<u32>,
    report: Report,
}

impl Analyzer {
    /// An analyzer of a stream with this schedule, the drain grid anchored at the
    /// epoch and frames found by their nearest TVD.
    pub fn new(schedule: Schedule) -> Analyzer {
        let limits = Limits::of(&schedule);
        Analyzer {
            schedule,
            limits,
            per_ns: schedule.per_ns() as u128,
            origin: DrainOrigin::Epoch,
            datum: Datum::Nearest,
            synced: false,
            last_marker: false,
            last_time: None,
            last_sequence: None,
            drain_base: 0,
            drained: 0,
            level: 0,
            started: false,
            cur: None,
            prev: None,
            last_closed: None,
            report: Report {
                compliance: None,
                worst: None,
                limits,
                frames: 0,
                packets: 0,
                octets: 0,
                lost: 0,
                skipped: 0,
                cinst_max: None,
                vrx_max: None,
                vrx_min: None,
                fpt_min: None,
                fpt_max: None,
                rtp_offset_min: None,
                rtp_offset_max: None,
                latency_min: None,
                latency_max: None,
                rtp_delta_min: None,
                rtp_delta_max: None,
                packets_min: None,
                packets_max: None,
            },
        }
    }

    /// The same analyzer with the drain grid anchored at `origin`.
    pub fn drain_origin(mut self, origin: DrainOrigin) -> Analyzer {
        self.origin = origin;
        self
    }

    /// The same analyzer finding frame numbers by `datum`.
    pub fn datum(mut self, datum: Datum) -> Analyzer {
        self.datum = datum;
        self
    }

    /// The same analyzer taking the first packet pushed as the first of a frame.
    pub fn starting_at_first_packet(mut self) -> Analyzer {
        self.synced = true;
        self
    }

    /// The schedule used.
    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }

    /// Measures one packet. Returns the summary of the frame this packet closed (the
    /// previous one, when this packet starts a new frame). Packets must come in arrival
    /// order: an earlier time than the last is an error and changes nothing.
    pub fn push(&mut self, p: &Arrival) -> Result<Option<FrameSummary>, Error> {
        if let Some(last) = self.last_time
            && p.time_ns < last
        {
            return Err(Error::TimeWentBackwards {
                previous_ns: last,
                now_ns: p.time_ns,
            });
        }
        let t = p
            .time_ns
            .checked_mul(self.per_ns)
            .ok_or(Error::Unrepresentable {
                what: "an arrival time",
            })?;
        self.last_time = Some(p.time_ns);
        if let Some(s) = self.last_sequence {
            let gap = p.sequence.wrapping_sub(s.wrapping_add(1));
            if gap != 0 && gap < 0x8000 {
                self.report.lost += gap as u64;
            }
        }
        self.last_sequence = Some(p.sequence);

        if !self.synced {
            self.synced = self.last_marker;
            if !self.synced {
                self.last_marker = p.marker;
                self.report.skipped += 1;
                return Ok(None);
            }
        }
        self.last_marker = p.marker;

        let starts = match &self.cur {
            None => true,
            Some(c) => {
                p.rtp_timestamp != c.unit_timestamp
                    && (!self.schedule.scan().has_fields() || !p.second_field)
            }
        };
        let mut closed = None;
        if starts {
            closed = self.close();
            self.open(p, t)?;
        }

        // CInst (§6.6.1).
        let tdrain = self.schedule.tdrain_ticks();
        if !self.started {
            self.started = true;
            self.drain_base = match self.origin {
                DrainOrigin::Epoch => 0,
                DrainOrigin::FirstPacket => t,
            };
            self.drained = (t - self.drain_base) / tdrain;
            self.level = 1;
        } else {
            let drained = (t - self.drain_base) / tdrain;
            let ticks = drained - self.drained;
            self.drained = drained;
            self.level = if ticks >= self.level as u128 {
                1
            } else {
                self.level - ticks as u32 + 1
            };
        }

        // VRX (§6.6.2).
        let s = self.schedule;
        let prev_outstanding = self
            .prev
            .as_ref()
            .map_or(0, |f| f.arrived as i64 - s.reads_by(f.tvd, t) as i64);
        let level = self.level;
        let Some(cur) = self.cur.as_mut() else {
            return Ok(closed);
        };
        cur.arrived = cur.arrived.saturating_add(1);
        cur.unit_timestamp = p.rtp_timestamp;
        let vrx = cur.arrived as i64 - s.reads_by(cur.tvd, t) as i64 + prev_outstanding;
        let sum = &mut cur.summary;
        sum.packets = cur.arrived;
        sum.octets += p.length as u64;
        sum.cinst_max = sum.cinst_max.max(level);
        sum.vrx_max = sum.vrx_max.max(vrx);
        sum.vrx_min = sum.vrx_min.min(vrx);
        Ok(closed)
    }

    /// Closes the frame in progress (at the end of a capture) and returns its summary.
    pub fn finish(&mut self) -> Option<FrameSummary> {
        let s = self.close();
        self.cur = None;
        self.prev = None;
        s
    }

    /// Everything measured over the closed frames.
    pub fn report(&self) -> Report {
        self.report
    }

    fn frame_number(&self, p: &Arrival, t: u128) -> u128 {
        let period = self.schedule.period_ticks();
        match self.datum {
            Datum::Nearest => {
                // floor((t - TRO) / TFRAME + 1/2).
                let x = (2 * t + period).saturating_sub(2 * self.schedule.tro_ticks());
                x / (2 * period)
            }
            Datum::RtpTimestamp => {
                let rate = self.schedule.rate();
                // The 90 kHz count at arrival, then the stamp's count nearest to it.
                let estimate = p.time_ns * 9 / 100_000;
                let diff = p.rtp_timestamp.wrapping_sub(estimate as u32) as i32 as i128;
                let k = (estimate as i128 + diff).max(0) as u128;
                // Nearest frame: k * rate / 90000 + 1/2.
                let num = 2 * k * rate.numerator() as u128 + 90_000 * rate.denominator() as u128;
                num / (2 * 90_000 * rate.denominator() as u128)
            }
        }
    }

    fn open(&mut self, p: &Arrival, t: u128) -> Result<(), Error> {
        let frame = self.frame_number(p, t);
        let tvd = self.schedule.tvd_ticks(frame)?;
        let align = self.schedule.align_ticks(frame)?;
        let fpt = Nanos::new(t as i128 - align as i128, self.per_ns as u64).ok_or(
            Error::Unrepresentable {
                what: "the first packet time",
            },
        )?;
        let rtp_offset = p
            .rtp_timestamp
            .wrapping_sub(self.schedule.rtp_timestamp(frame)) as i32;
        let count = media_clock_count_of_frame(self.schedule.rate(), Rate::HZ_90000, frame)
            .map_err(|_| Error::Unrepresentable {
                what: "the media clock count",
            })?;
        let k = count as i128 + rtp_offset as i128;
        let stamp_time = Nanos::new(k * 100_000, 9).unwrap_or(Nanos::ZERO);
        let latency = Nanos::from_integer(p.time_ns as i128)
            .checked_sub(stamp_time)
            .ok_or(Error::Unrepresentable {
                what: "the latency",
            })?;
        let ordinal = self.report.frames;
        let rtp_delta = self.last_closed.map(|ts| p.rtp_timestamp.wrapping_sub(ts));
        self.prev = self.cur.take();
        self.cur = Some(Open {
            tvd,
            unit_timestamp: p.rtp_timestamp,
            arrived: 0,
            summary: FrameSummary {
                frame,
                ordinal,
                rtp_timestamp: p.rtp_timestamp,
                packets: 0,
                octets: 0,
                first_packet_ns: p.time_ns,
                fpt,
                rtp_offset: rtp_offset as i64,
                latency,
                rtp_delta,
                cinst_max: 0,
                vrx_max: i64::MIN,
                vrx_min: i64::MAX,
                compliance: Compliance::Narrow,
            },
        });
        Ok(())
    }

    fn close(&mut self) -> Option<FrameSummary> {
        let open = self.cur.as_ref()?;
        let mut s = open.summary;
        s.compliance = self.limits.classify(s.cinst_max, s.vrx_max, s.vrx_min);
        self.last_closed = Some(s.rtp_timestamp);
        let r = &mut self.report;
        r.frames += 1;
        r.packets += s.packets as u64;
        r.octets += s.octets;
        max_of(&mut r.cinst_max, at(s.cinst_max, &s));
        max_of(&mut r.vrx_max, at(s.vrx_max, &s));
        min_of(&mut r.vrx_min, at(s.vrx_min, &s));
        min_of(&mut r.fpt_min, at(s.fpt, &s));
        max_of(&mut r.fpt_max, at(s.fpt, &s));
        min_of(&mut r.rtp_offset_min, at(s.rtp_offset, &s));
        max_of(&mut r.rtp_offset_max, at(s.rtp_offset, &s));
        min_of(&mut r.latency_min, at(s.latency, &s));
        max_of(&mut r.latency_max, at(s.latency, &s));
        if let Some(d) = s.rtp_delta {
            min_of(&mut r.rtp_delta_min, at(d, &s));
            max_of(&mut r.rtp_delta_max, at(d, &s));
        }
        min_of(&mut r.packets_min, at(s.packets, &s));
        max_of(&mut r.packets_max, at(s.packets, &s));
        let (c, vmax, vmin) = (
            r.cinst_max.map_or(0, |e| e.value),
            r.vrx_max.map_or(0, |e| e.value),
            r.vrx_min.map_or(0, |e| e.value),
        );
        let class = self.limits.classify(c, vmax, vmin);
        r.compliance = Some(class);
        r.worst = worst(&self.limits, class, r);
        Some(s)
    }
}

fn at<T>(value: T, s: &FrameSummary) -> Extreme<T> {
    Extreme {
        value,
        frame: s.frame,
        ordinal: s.ordinal,
    }
}

fn max_of<T: Ord + Copy>(slot: &mut Option<Extreme<T>>, e: Extreme<T>) {
    if slot.is_none_or(|s| e.value > s.value) {
        *slot = Some(e);
    }
}

fn min_of<T: Ord + Copy>(slot: &mut Option<Extreme<T>>, e: Extreme<T>) {
    if slot.is_none_or(|s| e.value < s.value) {
        *slot = Some(e);
    }
}

/// The frame that put the stream in `class`, when that is below narrow.
fn worst(limits: &Limits, class: Compliance, r: &Report) -> Option<Worst> {
    if class.rank() == 0 {
        return None;
    }
    let make = |e: Extreme<i64>, measure, limit| Worst {
        frame: e.frame,
        ordinal: e.ordinal,
        measure,
        value: e.value,
        limit,
    };
    let c = r.cinst_max.map(|e| Extreme {
        value: e.value as i64,
        frame: e.frame,
        ordinal: e.ordinal,
    })?;
    let vmax = r.vrx_max?;
    let vmin = r.vrx_min?;
    if class == Compliance::NotCompliant {
        if vmin.value < 0 {
            return Some(make(vmin, Measure::VrxUnderflow, Some(0)));
        }
        if let Some(w) = limits.cmax_wide
            && c.value > w as i64
        {
            return Some(make(c, Measure::CInst, Some(w as i64)));
        }
        return Some(make(
            vmax,
            Measure::VrxOverflow,
            Some(limits.vrx_full_wide as i64),
        ));
    }
    if c.value > limits.cmax_narrow as i64 {
        Some(make(c, Measure::CInst, Some(limits.cmax_narrow as i64)))
    } else {
        Some(make(
            vmax,
            Measure::VrxOverflow,
            Some(limits.vrx_full_narrow as i64),
        ))
    }
}
