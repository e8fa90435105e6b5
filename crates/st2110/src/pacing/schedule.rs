//! The ST 2110-21 Packet Read Schedule and sender parameters, exactly.

use core::fmt;

use mediafabric_ptp::st2059::{Rate, rtp_timestamp_of_frame};

use super::{Error, Nanos};

const NS_PER_S: u128 = 1_000_000_000;

/// The sender types of SMPTE ST 2110-21 §7.1, as the SDP `TP` parameter names them
/// (§8.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SenderType {
    /// `2110TPN`: a narrow sender on the gapped Packet Read Schedule (§7.1.2).
    Narrow,
    /// `2110TPNL`: a narrow sender on the linear schedule (§7.1.3).
    NarrowLinear,
    /// `2110TPW`: a wide sender (§7.1.4), read on the linear schedule.
    Wide,
}

impl SenderType {
    /// Every sender type.
    pub const ALL: [SenderType; 3] = [
        SenderType::Narrow,
        SenderType::NarrowLinear,
        SenderType::Wide,
    ];

    /// The SDP `TP` value.
    pub const fn name(self) -> &'static str {
        match self {
            SenderType::Narrow => "2110TPN",
            SenderType::NarrowLinear => "2110TPNL",
            SenderType::Wide => "2110TPW",
        }
    }

    /// Reads an SDP `TP` value (exact spelling).
    pub fn from_name(s: &str) -> Option<SenderType> {
        SenderType::ALL.into_iter().find(|t| t.name() == s)
    }

    /// The Packet Read Schedule the type is read on: gapped for type N (§6.3), linear
    /// for types NL and W (§6.4).
    pub const fn read_schedule(self) -> ReadSchedule {
        match self {
            SenderType::Narrow => ReadSchedule::Gapped,
            SenderType::NarrowLinear | SenderType::Wide => ReadSchedule::Linear,
        }
    }
}

impl fmt::Display for SenderType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The two Packet Read Schedules of ST 2110-21.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReadSchedule {
    /// §6.3: reads spread over the active part of the frame (RACTIVE of it), leaving a
    /// gap where SDI has its vertical blanking.
    Gapped,
    /// §6.4: reads spread evenly over the whole frame period (RACTIVE = 1).
    Linear,
}

/// How the picture is scanned (ST 2110-20 §7.3 `interlace` and `segmented`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scan {
    /// Progressive frames.
    Progressive,
    /// Two interlaced fields per frame.
    Interlaced,
    /// Progressive segmented frame: sent as two fields, and read by ST 2110-21 like
    /// interlaced video (§6.3.3 covers both).
    Psf,
}

impl Scan {
    /// Whether frames travel as two fields.
    pub const fn has_fields(self) -> bool {
        !matches!(self, Scan::Progressive)
    }
}

/// `n / d` in lowest terms, over `u128`: the schedule's construction arithmetic.
#[derive(Debug, Clone, Copy)]
struct Q {
    n: u128,
    d: u128,
}

const fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

const OVERFLOW: Error = Error::Unrepresentable {
    what: "the schedule",
};

impl Q {
    fn new(n: u128, d: u128) -> Q {
        let g = gcd(n, d).max(1);
        Q { n: n / g, d: d / g }
    }

    fn mul(self, o: Q) -> Result<Q, Error> {
        // Cross-reduce first so the products stay small.
        let g1 = gcd(self.n, o.d).max(1);
        let g2 = gcd(o.n, self.d).max(1);
        let n = (self.n / g1).checked_mul(o.n / g2).ok_or(OVERFLOW)?;
        let d = (self.d / g2).checked_mul(o.d / g1).ok_or(OVERFLOW)?;
        Ok(Q::new(n, d))
    }

    fn add(self, o: Q) -> Result<Q, Error> {
        let g = gcd(self.d, o.d);
        let d = (self.d / g).checked_mul(o.d).ok_or(OVERFLOW)?;
        let a = self.n.checked_mul(d / self.d).ok_or(OVERFLOW)?;
        let b = o.n.checked_mul(d / o.d).ok_or(OVERFLOW)?;
        Ok(Q::new(a.checked_add(b).ok_or(OVERFLOW)?, d))
    }

    /// `self * D` as a whole number of ticks, for a `D` that `self.d` divides.
    fn ticks(self, per_ns: u64) -> Result<u128, Error> {
        self.n.checked_mul(per_ns as u128 / self.d).ok_or(OVERFLOW)
    }
}

/// `(RACTIVE, TRO_DEFAULT / TFRAME, total lines)`, the fractions as `(num, den)`.
type Raster = ((u32, u32), (u32, u32), u32);

/// `RACTIVE`, `TRO_DEFAULT / TFRAME` and the total lines of a raster, for the gapped
/// schedule (ST 2110-21 §6.3.2 and §6.3.3 Table 1). The linear schedule reads with
/// RACTIVE = 1 but keeps this TRO_DEFAULT (§6.4).
fn raster(scan: Scan, height: u32) -> Result<Raster, Error> {
    if height == 0 {
        return Err(Error::OutOfRange {
            field: "height",
            value: 0,
            expected: "at least one line",
        });
    }
    Ok(match scan {
        // §6.3.2: RACTIVE is 1080/1125 for every progressive raster; TRO_DEFAULT is
        // 43 lines of 1125 from 1080 active lines up, 28 of 750 below (720p).
        Scan::Progressive if height >= 1080 => ((1080, 1125), (43, 1125), 1125),
        Scan::Progressive => ((1080, 1125), (28, 750), 750),
        // §6.3.3 Table 1: the 525-, 625- and 1125-line interlaced systems.
        _ if height <= 487 => ((487, 525), (20, 525), 525),
        _ if height <= 576 => ((576, 625), (26, 625), 625),
        _ if height <= 1080 => ((1080, 1125), (22, 1125), 1125),
        _ => return Err(Error::UnsupportedInterlacedHeight { height }),
    })
}

/// The ST 2110-21 timing of one video stream: the sender parameters of §7.1 (CMAX,
/// VRX_FULL, β) and the Packet Read Schedule of §6 (TFRAME, TRS, TRO), with the exact
/// read time of every packet of every frame.
///
/// Times are kept on a grid of `1 / D` ns where `D` is the least common denominator
/// of TFRAME, TRO, TRS and TDRAIN in nanoseconds, so every read time is an integer on
/// that grid and the sum over any number of frames is exact: there is no drift.
///
/// See the [module documentation](super) for the formulas and their sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    rate: Rate,
    scan: Scan,
    height: u32,
    npackets: u32,
    sender: SenderType,
    max_udp: Option<u32>,
    troff: Option<(u128, u128)>,
    ractive: (u32, u32),
    total_lines: u32,
    per_ns: u64,
    period: u128,
    tro: u128,
    tro_default: u128,
    trs: u128,
    tdrain: u128,
    tline: u128,
    second: Option<(u32, u128)>,
}

/// ST 2110-21 §7.1: β, the drain-rate scaling factor of the network compatibility model
/// (1.1 for every sender type), as `(numerator, denominator)`.
pub const BETA: (u32, u32) = (11, 10);

/// ST 2110-10 §6.3: the Standard UDP Size Limit, in octets of UDP payload.
pub const STANDARD_UDP_SIZE_LIMIT: u32 = 1460;

/// ST 2110-21 §7.1.4: wide senders have a CMAX only below this many packets a second.
pub const WIDE_CMAX_PACKET_RATE: u32 = 900_000;

impl Schedule {
    /// The schedule of a stream of `npackets` packets per frame (NPACKETS, both fields
    /// of an interlaced frame) at frame rate `rate` (TFRAME = 1 / rate, a frame even for
    /// interlaced video), `height` active lines, sent as `sender`, with TRO_DEFAULT and
    /// the Standard UDP Size Limit.
    pub fn new(
        rate: Rate,
        scan: Scan,
        height: u32,
        npackets: u32,
        sender: SenderType,
    ) -> Result<Schedule, Error> {
        Schedule::build(rate, scan, height, npackets, sender, None, None)
    }

    /// The same schedule with the read offset TRO set to `tro` (the SDP `TROFF`,
    /// ST 2110-21 §8.1, which must be below TFRAME, §6.2) instead of TRO_DEFAULT.
    pub fn with_tro(self, tro: Nanos) -> Result<Schedule, Error> {
        let r = tro.reduced();
        let n = u128::try_from(r.numerator()).map_err(|_| Error::OutOfRange {
            field: "TROFF",
            value: r.floor(),
            expected: "at least zero",
        })?;
        Schedule::build(
            self.rate,
            self.scan,
            self.height,
            self.npackets,
            self.sender,
            self.max_udp,
            Some((n, r.denominator() as u128)),
        )
    }

    /// The same schedule with `TROFF=micros` from the SDP (microseconds).
    pub fn with_troff_micros(self, micros: u32) -> Result<Schedule, Error> {
        self.with_tro(Nanos::from_integer(micros as i128 * 1000))
    }

    /// The same schedule for a stream declaring `MAXUDP=octets` (ST 2110-10 §6.3); the
    /// VRX_FULL floors of §7.1 scale by 1500 / MAXUDP, with 1500 standing for the
    /// Standard UDP Size Limit (any value up to 1460).
    pub fn with_max_udp(self, octets: u32) -> Result<Schedule, Error> {
        if octets == 0 {
            return Err(Error::OutOfRange {
                field: "MAXUDP",
                value: 0,
                expected: "a positive number of octets",
            });
        }
        Schedule::build(
            self.rate,
            self.scan,
            self.height,
            self.npackets,
            self.sender,
            Some(octets),
            self.troff,
        )
    }

    fn build(
        rate: Rate,
        scan: Scan,
        height: u32,
        npackets: u32,
        sender: SenderType,
        max_udp: Option<u32>,
        troff: Option<(u128, u128)>,
    ) -> Result<Schedule, Error> {
        if npackets == 0 {
            return Err(Error::OutOfRange {
                field: "NPACKETS",
                value: 0,
                expected: "at least one packet per frame",
            });
        }
        let (table_active, tro_ratio, total_lines) = raster(scan, height)?;
        let gapped = sender.read_schedule() == ReadSchedule::Gapped;
        let ractive = if gapped { table_active } else { (1, 1) };
        let n = npackets as u128;
        // TFRAME in ns: 1 / rate s.
        let period = Q::new(
            rate.denominator() as u128 * NS_PER_S,
            rate.numerator() as u128,
        );
        let tro_default = period.mul(Q::new(tro_ratio.0 as u128, tro_ratio.1 as u128))?;
        let tro = match troff {
            Some((num, den)) => Q::new(num, den),
            None => tro_default,
        };
        // §6.2: 0 <= TRO < TFRAME.
        if tro.n.checked_mul(period.d).ok_or(OVERFLOW)?
            >= period.n.checked_mul(tro.d).ok_or(OVERFLOW)?
        {
            return Err(Error::OutOfRange {
                field: "TROFF",
                value: i128::try_from(tro.n / tro.d).unwrap_or(i128::MAX),
                expected: "below TFRAME (ST 2110-21 section 6.2)",
            });
        }
        // TRS = TFRAME * RACTIVE / NPACKETS (§6.3.2, §6.4).
        let trs = period.mul(Q::new(ractive.0 as u128, ractive.1 as u128 * n))?;
        // TDRAIN = TFRAME / NPACKETS / β (§6.6.1).
        let tdrain = period.mul(Q::new(BETA.1 as u128, BETA.0 as u128 * n))?;
        let tline = period.mul(Q::new(1, total_lines as u128))?;
        // §6.3.3: the second field's reads start TFRAME/2 + TLINE/2 after the first
        // field's, packet j at (j - NPACKETS/2) * TRS past that.
        let second = if gapped && scan.has_fields() {
            let first = npackets.div_ceil(2);
            let half_step = if npackets % 2 == 1 {
                trs.mul(Q::new(1, 2))?
            } else {
                Q::new(0, 1)
            };
            let offset = period
                .mul(Q::new(1, 2))?
                .add(tline.mul(Q::new(1, 2))?)?
                .add(half_step)?;
            Some((first, offset))
        } else {
            None
        };
        let mut d = 1u128;
        for q in [period, tro, tro_default, trs, tdrain, tline]
            .into_iter()
            .chain(second.map(|(_, o)| o))
        {
            d = (d / gcd(d, q.d)).checked_mul(q.d).ok_or(OVERFLOW)?;
        }
        let per_ns = u64::try_from(d).map_err(|_| OVERFLOW)?;
        Ok(Schedule {
            rate,
            scan,
            height,
            npackets,
            sender,
            max_udp,
            troff,
            ractive,
            total_lines,
            per_ns,
            period: period.ticks(per_ns)?,
            tro: tro.ticks(per_ns)?,
            tro_default: tro_default.ticks(per_ns)?,
            trs: trs.ticks(per_ns)?,
            tdrain: tdrain.ticks(per_ns)?,
            tline: tline.ticks(per_ns)?,
            second: match second {
                Some((first, o)) => Some((first, o.ticks(per_ns)?)),
                None => None,
            },
        })
    }

    fn nanos(&self, ticks: u128) -> Nanos {
        // Every stored quantity was built from a u64-sized fraction, so this fits.
        Nanos::new(ticks as i128, self.per_ns).unwrap_or(Nanos::ZERO)
    }

    /// The frame rate.
    pub fn rate(&self) -> Rate {
        self.rate
    }

    /// The scan.
    pub fn scan(&self) -> Scan {
        self.scan
    }

    /// The active height in lines.
    pub fn height(&self) -> u32 {
        self.height
    }

    /// The sender type.
    pub fn sender(&self) -> SenderType {
        self.sender
    }

    /// The Packet Read Schedule (gapped or linear).
    pub fn read_schedule(&self) -> ReadSchedule {
        self.sender.read_schedule()
    }

    /// NPACKETS: packets per frame (both fields of an interlaced frame).
    pub fn npackets(&self) -> u32 {
        self.npackets
    }

    /// TFRAME: the frame period `1 / rate` (ST 2110-21 §3), a whole frame of two fields
    /// for interlaced and PsF video.
    pub fn tframe(&self) -> Nanos {
        self.nanos(self.period)
    }

    /// RACTIVE as `(numerator, denominator)`: the share of TFRAME the reads occupy
    /// (Table 1 / §6.3.2 for the gapped schedule, 1 for the linear one).
    pub fn ractive(&self) -> (u32, u32) {
        self.ractive
    }

    /// The total lines of the raster's system (1125, 750, 625 or 525), which TLINE
    /// divides TFRAME by.
    pub fn total_lines(&self) -> u32 {
        self.total_lines
    }

    /// TLINE = TFRAME / total lines.
    pub fn tline(&self) -> Nanos {
        self.nanos(self.tline)
    }

    /// TRS: the spacing of packet reads, `TFRAME * RACTIVE / NPACKETS`.
    pub fn trs(&self) -> Nanos {
        self.nanos(self.trs)
    }

    /// TRO: the read offset in use (TROFF when one was set, else TRO_DEFAULT).
    pub fn tro(&self) -> Nanos {
        self.nanos(self.tro)
    }

    /// TRO_DEFAULT of §6.3.2 / §6.3.3 for this raster.
    pub fn tro_default(&self) -> Nanos {
        self.nanos(self.tro_default)
    }

    /// TDRAIN: the drain interval of the network compatibility model,
    /// `TFRAME / NPACKETS / β` (§6.6.1).
    pub fn tdrain(&self) -> Nanos {
        self.nanos(self.tdrain)
    }

    /// Packets per second, `NPACKETS / TFRAME`, as `(numerator, denominator)`.
    pub fn packet_rate(&self) -> (u64, u64) {
        (
            self.npackets as u64 * self.rate.numerator() as u64,
            self.rate.denominator() as u64,
        )
    }

    /// `floor(NPACKETS / (k * TFRAME) * a / b)`.
    fn per_second(&self, k: u128, a: u128, b: u128) -> u32 {
        let num = self.npackets as u128 * self.rate.numerator() as u128 * a;
        let den = k * self.rate.denominator() as u128 * b;
        u32::try_from(num / den).unwrap_or(u32::MAX)
    }

    /// The narrow CMAX of §7.1.2 / §7.1.3 for this schedule's RACTIVE:
    /// `max(4, floor(NPACKETS / (43200 * RACTIVE * TFRAME)))`.
    pub fn cmax_narrow(&self) -> u32 {
        let (a, b) = self.ractive;
        self.per_second(43_200, b as u128, a as u128).max(4)
    }

    /// The wide CMAX of §7.1.4, `max(16, floor(NPACKETS / (21600 * TFRAME)))`, which the
    /// standard defines only below 900 000 packets per second (`None` from there).
    pub fn cmax_wide(&self) -> Option<u32> {
        let (n, d) = self.packet_rate();
        (n < WIDE_CMAX_PACKET_RATE as u64 * d).then(|| self.per_second(21_600, 1, 1).max(16))
    }

    /// MAXUDP as the VRX_FULL expressions use it: 1500 under the Standard UDP Size
    /// Limit, else the declared value.
    fn maxudp(&self) -> u32 {
        match self.max_udp {
            Some(v) if v > STANDARD_UDP_SIZE_LIMIT => v,
            _ => 1500,
        }
    }

    /// The narrow VRX_FULL of §7.1.2 / §7.1.3:
    /// `max(8 * 1500 / MAXUDP, floor(NPACKETS / (27000 * TFRAME)))`.
    pub fn vrx_full_narrow(&self) -> u32 {
        (12_000 / self.maxudp()).max(self.per_second(27_000, 1, 1))
    }

    /// The wide VRX_FULL of §7.1.4:
    /// `max(720 * 1500 / MAXUDP, floor(NPACKETS / (300 * TFRAME)))`.
    pub fn vrx_full_wide(&self) -> u32 {
        (1_080_000 / self.maxudp()).max(self.per_second(300, 1, 1))
    }

    /// CMAX of the declared sender type (`None` for a wide sender at 900 000 packets
    /// per second or more, where §7.1.4 sets none).
    pub fn cmax(&self) -> Option<u32> {
        match self.sender {
            SenderType::Narrow | SenderType::NarrowLinear => Some(self.cmax_narrow()),
            SenderType::Wide => self.cmax_wide(),
        }
    }

    /// VRX_FULL of the declared sender type.
    pub fn vrx_full(&self) -> u32 {
        match self.sender {
            SenderType::Narrow | SenderType::NarrowLinear => self.vrx_full_narrow(),
            SenderType::Wide => self.vrx_full_wide(),
        }
    }

    /// The alignment point of frame `frame`: `frame * TFRAME` after the SMPTE Epoch
    /// (SMPTE ST 2059-1 §6).
    pub fn alignment_point(&self, frame: u128) -> Result<Nanos, Error> {
        let t = self.align_ticks(frame)?;
        Ok(self.nanos(t))
    }

    /// TPRj relative to the frame's video transmission datum TVD (the alignment point
    /// plus TRO): `j * TRS`, or for the second field of a gapped interlaced frame
    /// `TFRAME/2 + TLINE/2 + (j - NPACKETS/2) * TRS` (§6.3.3).
    pub fn read_offset(&self, packet: u32) -> Result<Nanos, Error> {
        Ok(self.nanos(self.offset_ticks(packet)?))
    }

    /// The read time TPRj of packet `packet` of frame `frame` since the SMPTE Epoch:
    /// the alignment point, plus TRO, plus [`Schedule::read_offset`]. A sender whose
    /// packet leaves at this instant (or up to VRX_FULL packets before it) keeps the
    /// virtual receiver buffer within bounds; this is the departure time the
    /// [`Pacer`](super::Pacer) follows.
    pub fn departure(&self, frame: u128, packet: u32) -> Result<Nanos, Error> {
        let t = self
            .tvd_ticks(frame)?
            .checked_add(self.offset_ticks(packet)?)
            .ok_or(OVERFLOW)?;
        if t > i128::MAX as u128 {
            return Err(OVERFLOW);
        }
        Ok(self.nanos(t))
    }

    /// The RTP timestamp of frame `frame` (its alignment point on the 90 kHz media
    /// clock, ST 2110-10 §8.2, ST 2110-20 §6.1.1).
    pub fn rtp_timestamp(&self, frame: u128) -> u32 {
        rtp_timestamp_of_frame(self.rate, Rate::HZ_90000, frame)
    }

    /// The RTP timestamp of a field of frame `frame` for interlaced and PsF video: the
    /// first field's is the frame's, the second field's the 90 kHz media clock half a
    /// frame later, `floor((frame + 1/2) * 90000 / rate) mod 2^32` (ST 2110-20 §6.1.1:
    /// each field is timestamped at its own sampling instant).
    pub fn rtp_timestamp_of_field(&self, frame: u128, second: bool) -> u32 {
        if !second {
            return self.rtp_timestamp(frame);
        }
        let num = 2 * self.rate.numerator() as u128;
        let den = 90_000 * self.rate.denominator() as u128;
        // x = 2 frame + 1 = q num + r: x den / num = q den + r den / num. Wrapping past
        // frame 2^127 (no PTP time is that far) rather than panicking.
        let x = frame.wrapping_mul(2).wrapping_add(1);
        let (q, r) = (x / num, x % num);
        (q.wrapping_mul(den) as u32).wrapping_add((r * den / num) as u32)
    }

    /// Ticks of `1 / D` ns per nanosecond (`D`).
    pub(crate) fn per_ns(&self) -> u64 {
        self.per_ns
    }

    pub(crate) fn period_ticks(&self) -> u128 {
        self.period
    }

    pub(crate) fn tro_ticks(&self) -> u128 {
        self.tro
    }

    pub(crate) fn trs_ticks(&self) -> u128 {
        self.trs
    }

    pub(crate) fn tdrain_ticks(&self) -> u128 {
        self.tdrain
    }

    pub(crate) fn align_ticks(&self, frame: u128) -> Result<u128, Error> {
        frame.checked_mul(self.period).ok_or(Error::OutOfRange {
            field: "frame",
            value: i128::try_from(frame).unwrap_or(i128::MAX),
            expected: "a frame whose alignment point can be represented",
        })
    }

    /// TVD of frame `frame` in ticks.
    pub(crate) fn tvd_ticks(&self, frame: u128) -> Result<u128, Error> {
        self.align_ticks(frame)?
            .checked_add(self.tro)
            .ok_or(OVERFLOW)
    }

    pub(crate) fn offset_ticks(&self, packet: u32) -> Result<u128, Error> {
        if packet >= self.npackets {
            return Err(Error::PacketIndex {
                packet,
                npackets: self.npackets,
            });
        }
        Ok(match self.second {
            Some((first, offset)) if packet >= first => {
                offset + (packet - first) as u128 * self.trs
            }
            _ => packet as u128 * self.trs,
        })
    }

    /// How many reads of a frame whose TVD is `tvd` have happened at or before `t`
    /// (ticks): `#{ j < NPACKETS : TVD + offset(j) <= t }`.
    pub(crate) fn reads_by(&self, tvd: u128, t: u128) -> u32 {
        let Some(since) = t.checked_sub(tvd) else {
            return 0;
        };
        let run = |from: u128, count: u32| -> u32 {
            match since.checked_sub(from) {
                None => 0,
                Some(x) => {
                    let k = x / self.trs + 1;
                    if k >= count as u128 { count } else { k as u32 }
                }
            }
        };
        match self.second {
            Some((first, offset)) => run(0, first) + run(offset, self.npackets - first),
            None => run(0, self.npackets),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sender_names_round_trip() {
        for t in SenderType::ALL {
            assert_eq!(SenderType::from_name(t.name()), Some(t));
        }
        assert_eq!(SenderType::from_name("2110tpn"), None);
    }

    #[test]
    fn reads_by_counts_each_read_once() {
        for (scan, n) in [
            (Scan::Progressive, 7),
            (Scan::Interlaced, 7),
            (Scan::Interlaced, 8),
        ] {
            let s = Schedule::new(Rate::FPS_25, scan, 1080, n, SenderType::Narrow).unwrap();
            let tvd = s.tvd_ticks(3).unwrap();
            assert_eq!(s.reads_by(tvd, tvd - 1), 0);
            for j in 0..n {
                let at = tvd + s.offset_ticks(j).unwrap();
                assert_eq!(s.reads_by(tvd, at), j + 1, "{scan:?} {n} {j}");
                assert_eq!(s.reads_by(tvd, at - 1), j, "{scan:?} {n} {j}");
            }
            assert_eq!(s.reads_by(tvd, u128::MAX), n);
        }
    }
}
