//! SMPTE ST 2110-20 video for C ([`mediafabric_st2110`], with the SMPTE ST 2059-1 time
//! arithmetic of [`mediafabric_ptp::st2059`]):
//!
//! - **SDP** (RFC 8866 with the ST 2110-20 / -21 / -10 parameters): `mf_st2110_sdp_parse`
//!   reads and checks a description into the plain struct [`mf_st2110_sdp`];
//!   `mf_st2110_sdp_write` checks one and writes its text; `mf_st2110_sdp_validate` only
//!   checks.
//! - **Packetizer** (`mf_st2110_packetizer`): RFC 4175 packets of a frame buffer, one
//!   field (or progressive picture) at a time, copied into a caller buffer or zero-copy
//!   (header bytes and up to three ranges of the frame buffer, for `sendmsg`).
//! - **Depacketizer** (`mf_st2110_depacketizer`): packets back into frame buffers it
//!   owns (three of them), with exact loss reporting.
//! - **Timing**: RTP timestamps of a PTP time and of a frame, the next alignment point,
//!   SMPTE ST 12-1 time codes.
//! - **ST 2110-21**: `mf_st2110_packets_per_frame` (NPACKETS), the schedule
//!   (`mf_st2110_schedule`: TFRAME, TRS, TRO, CMAX, VRX_FULL and every packet's
//!   departure, exactly), a pacer (`mf_st2110_pacer`) and the CInst / VRX analyzer
//!   (`mf_st2110_analyzer`).
//! - **ST 2022-7**: the hitless merger of two legs (`mf_st2110_merger`).
//!
//! Exact times are [`mf_st2110_nanos`]: `whole + numerator / denominator` nanoseconds
//! with `0 <= numerator < denominator`, so that values such as TRO = 17217200/27 ns are
//! kept without rounding.
//!
//! Frame buffers hold a picture in the RFC 4175 pgroup layout, row after row without
//! padding (4:2:0: a row is a pair of lines; interlaced: the whole picture, lines in
//! picture order). `mf_st2110_frame_bytes` gives their size.
//!
//! Everything is done by the crates; this module only converts.

use core::ffi::c_char;
use core::fmt;
use core::ptr::{self, NonNull};

use mediafabric_ptp::st2059::{
    self, ExactTime, LocalTimeOffset, Rate, TimeCodeFormat, TimeCodeGenerator,
};
use mediafabric_ptp::wire::Timestamp;
use mediafabric_st2110::depacketize::{Completed, Depacketizer, DepacketizerConfig};
use mediafabric_st2110::format::{Depth, Format, Sampling};
use mediafabric_st2110::pacing::{
    self, Analyzer, Arrival, Compliance, Datum, DrainOrigin, Extreme, FrameSummary, Measure, Nanos,
    Pacer, Packing, Report, Scan, Schedule, SenderType,
};
use mediafabric_st2110::packetize::{
    FieldPackets, MAX_HEADER_LEN, Packetizer, PacketizerConfig, PackingMode, STANDARD_UDP_SIZE,
};
use mediafabric_st2110::redundancy::{Leg, Merger, Verdict};
use mediafabric_st2110::sdp::{
    AddressType, Colorimetry, Connection, FilterMode, MediaClock, Origin, Par, RefClock, RefClocks,
    SampleRange, SourceFilter, Ssn, Stream, Tcs, Timing, VideoFormat, VideoSdp,
};
use mediafabric_st2110::video::VideoLayout;
use mediafabric_st2110::{Error, Layer};

use crate::{
    Failure, MF_IP_FAMILY_V4, MF_IP_FAMILY_V6, MF_LAYER_NONE, MF_LAYER_RFC4175, MF_LAYER_RTP,
    MF_LAYER_SDP, MF_STATUS_BUFFER_TOO_SMALL, MF_STATUS_END, MF_STATUS_INVALID_ARGUMENT,
    MF_STATUS_INVALID_FIELD, MF_STATUS_OK, MF_STATUS_OUT_OF_RANGE, MF_STATUS_TRUNCATED, guard,
    guard_value, in_slice, mf_error, mf_ip_addr, mf_ip_family, mf_status, non_null, non_null_mut,
    out_slice, write_array,
};

// ---------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------

/// The RTP clock rate of every ST 2110-20 video stream, in Hz (SMPTE ST 2110-10 §6.2).
pub const MF_ST2110_VIDEO_CLOCK_RATE: u32 = 90_000;
/// The Standard UDP Size Limit (SMPTE ST 2110-10 §6.3), in octets of UDP payload.
pub const MF_ST2110_STANDARD_UDP_SIZE: u32 = 1460;
/// The Extended UDP Size Limit (`MAXUDP=8960`, SMPTE ST 2110-10 §6.3).
pub const MF_ST2110_EXTENDED_UDP_SIZE: u32 = 8960;
/// The longest header of a packetizer's packet: RTP (12), Extended Sequence Number (2)
/// and three Sample Row Data headers (18).
pub const MF_ST2110_MAX_HEADER_LEN: usize = 32;
/// Frame buffer ranges one packet holds at most (one per Sample Row Data header).
pub const MF_ST2110_MAX_RANGES: usize = 3;
/// Pictures one `mf_st2110_depacketizer_push` hands back at most (one given up to make
/// room, one completed by the packet): the size of its `out` array.
pub const MF_ST2110_MAX_COMPLETED: usize = 2;
/// Frame buffers a depacketizer owns: two pictures in flight and the one last handed
/// back.
pub const MF_ST2110_DEPACKETIZER_SLOTS: usize = 3;
/// Size, NUL included, of the short text members of `mf_st2110_sdp` (user name,
/// addresses, `mid`, clocks).
pub const MF_ST2110_SDP_SHORT_LEN: usize = 128;
/// Size, NUL included, of the long text members of `mf_st2110_sdp` (session name and
/// information).
pub const MF_ST2110_SDP_LONG_LEN: usize = 256;
/// Sequence numbers the ST 2022-7 merger remembers (the tolerated skew between the
/// legs, in packets).
pub const MF_ST2110_MERGER_WINDOW: u32 = mediafabric_st2110::redundancy::WINDOW;

const _: () = assert!(MF_ST2110_MAX_HEADER_LEN == MAX_HEADER_LEN);
const _: () = assert!(MF_ST2110_STANDARD_UDP_SIZE as usize == STANDARD_UDP_SIZE);
const _: () = assert!(MF_ST2110_VIDEO_CLOCK_RATE == mediafabric_st2110::VIDEO_CLOCK_RATE);

// ---------------------------------------------------------------------------------
// Enumerations
// ---------------------------------------------------------------------------------

/// The `sampling` of ST 2110-20 §7.4.1 (`MF_ST2110_SAMPLING_*`).
pub type mf_st2110_sampling = u32;
/// `YCbCr-4:4:4`.
pub const MF_ST2110_SAMPLING_YCBCR_444: mf_st2110_sampling = 0;
/// `YCbCr-4:2:2`.
pub const MF_ST2110_SAMPLING_YCBCR_422: mf_st2110_sampling = 1;
/// `YCbCr-4:2:0`.
pub const MF_ST2110_SAMPLING_YCBCR_420: mf_st2110_sampling = 2;
/// `CLYCbCr-4:4:4`.
pub const MF_ST2110_SAMPLING_CLYCBCR_444: mf_st2110_sampling = 3;
/// `CLYCbCr-4:2:2`.
pub const MF_ST2110_SAMPLING_CLYCBCR_422: mf_st2110_sampling = 4;
/// `CLYCbCr-4:2:0`.
pub const MF_ST2110_SAMPLING_CLYCBCR_420: mf_st2110_sampling = 5;
/// `ICtCp-4:4:4`.
pub const MF_ST2110_SAMPLING_ICTCP_444: mf_st2110_sampling = 6;
/// `ICtCp-4:2:2`.
pub const MF_ST2110_SAMPLING_ICTCP_422: mf_st2110_sampling = 7;
/// `ICtCp-4:2:0`.
pub const MF_ST2110_SAMPLING_ICTCP_420: mf_st2110_sampling = 8;
/// `RGB`.
pub const MF_ST2110_SAMPLING_RGB: mf_st2110_sampling = 9;
/// `XYZ`.
pub const MF_ST2110_SAMPLING_XYZ: mf_st2110_sampling = 10;
/// `KEY`.
pub const MF_ST2110_SAMPLING_KEY: mf_st2110_sampling = 11;

/// The `depth` of ST 2110-20 §7.4.1 (`MF_ST2110_DEPTH_*`).
pub type mf_st2110_depth = u32;
/// 8 bits per sample.
pub const MF_ST2110_DEPTH_8: mf_st2110_depth = 0;
/// 10 bits.
pub const MF_ST2110_DEPTH_10: mf_st2110_depth = 1;
/// 12 bits.
pub const MF_ST2110_DEPTH_12: mf_st2110_depth = 2;
/// 16 bits, integer.
pub const MF_ST2110_DEPTH_16: mf_st2110_depth = 3;
/// 16 bits, floating point (`16f`).
pub const MF_ST2110_DEPTH_16F: mf_st2110_depth = 4;

/// The packing mode, SDP `PM` (ST 2110-20 §6.3), and for `mf_st2110_packets_per_frame`
/// one more way to cut rows (`MF_ST2110_PACKING_*`).
pub type mf_st2110_packing = u32;
/// `2110GPM`: general packing, each packet filled up to the UDP size limit.
pub const MF_ST2110_PACKING_GPM: mf_st2110_packing = 0;
/// `2110BPM`: block packing, 1260 octets of data in every packet but a field's last.
pub const MF_ST2110_PACKING_BPM: mf_st2110_packing = 1;
/// `2110GPM` with one row per packet (as the Media Transport Library sends): only for
/// `mf_st2110_packets_per_frame`.
pub const MF_ST2110_PACKING_GPM_SINGLE_ROW: mf_st2110_packing = 2;

/// The ST 2110-21 sender type, SDP `TP` (`MF_ST2110_SENDER_*`).
pub type mf_st2110_sender_type = u32;
/// `2110TPN`: narrow, gapped Packet Read Schedule (§7.1.2).
pub const MF_ST2110_SENDER_NARROW: mf_st2110_sender_type = 0;
/// `2110TPNL`: narrow, linear schedule (§7.1.3).
pub const MF_ST2110_SENDER_NARROW_LINEAR: mf_st2110_sender_type = 1;
/// `2110TPW`: wide (§7.1.4).
pub const MF_ST2110_SENDER_WIDE: mf_st2110_sender_type = 2;

/// How pictures are scanned (`MF_ST2110_SCAN_*`).
pub type mf_st2110_scan = u32;
/// Progressive frames.
pub const MF_ST2110_SCAN_PROGRESSIVE: mf_st2110_scan = 0;
/// Two interlaced fields per frame.
pub const MF_ST2110_SCAN_INTERLACED: mf_st2110_scan = 1;
/// Progressive segmented frames (PsF).
pub const MF_ST2110_SCAN_PSF: mf_st2110_scan = 2;

/// SDP `colorimetry` (ST 2110-20 §7.2; `MF_ST2110_COLORIMETRY_*`).
pub type mf_st2110_colorimetry = u32;
/// `BT601`.
pub const MF_ST2110_COLORIMETRY_BT601: mf_st2110_colorimetry = 0;
/// `BT709`.
pub const MF_ST2110_COLORIMETRY_BT709: mf_st2110_colorimetry = 1;
/// `BT2020`.
pub const MF_ST2110_COLORIMETRY_BT2020: mf_st2110_colorimetry = 2;
/// `BT2100`.
pub const MF_ST2110_COLORIMETRY_BT2100: mf_st2110_colorimetry = 3;
/// `ST2065-1`.
pub const MF_ST2110_COLORIMETRY_ST2065_1: mf_st2110_colorimetry = 4;
/// `ST2065-3`.
pub const MF_ST2110_COLORIMETRY_ST2065_3: mf_st2110_colorimetry = 5;
/// `UNSPECIFIED`.
pub const MF_ST2110_COLORIMETRY_UNSPECIFIED: mf_st2110_colorimetry = 6;
/// `XYZ`.
pub const MF_ST2110_COLORIMETRY_XYZ: mf_st2110_colorimetry = 7;
/// `ALPHA`.
pub const MF_ST2110_COLORIMETRY_ALPHA: mf_st2110_colorimetry = 8;

/// SDP `TCS` (ST 2110-20 §7.3; `MF_ST2110_TCS_*`); `MF_ST2110_TCS_NONE` when not
/// written (SDR is meant).
pub type mf_st2110_tcs = u32;
/// Not written.
pub const MF_ST2110_TCS_NONE: mf_st2110_tcs = 0;
/// `SDR`.
pub const MF_ST2110_TCS_SDR: mf_st2110_tcs = 1;
/// `PQ`.
pub const MF_ST2110_TCS_PQ: mf_st2110_tcs = 2;
/// `HLG`.
pub const MF_ST2110_TCS_HLG: mf_st2110_tcs = 3;
/// `LINEAR`.
pub const MF_ST2110_TCS_LINEAR: mf_st2110_tcs = 4;
/// `BT2100LINPQ`.
pub const MF_ST2110_TCS_BT2100LINPQ: mf_st2110_tcs = 5;
/// `BT2100LINHLG`.
pub const MF_ST2110_TCS_BT2100LINHLG: mf_st2110_tcs = 6;
/// `ST2065-1`.
pub const MF_ST2110_TCS_ST2065_1: mf_st2110_tcs = 7;
/// `ST428-1`.
pub const MF_ST2110_TCS_ST428_1: mf_st2110_tcs = 8;
/// `DENSITY`.
pub const MF_ST2110_TCS_DENSITY: mf_st2110_tcs = 9;
/// `ST2115LOGS3`.
pub const MF_ST2110_TCS_ST2115LOGS3: mf_st2110_tcs = 10;
/// `UNSPECIFIED`.
pub const MF_ST2110_TCS_UNSPECIFIED: mf_st2110_tcs = 11;

/// SDP `RANGE` (ST 2110-20 §7.3; `MF_ST2110_RANGE_*`); `MF_ST2110_RANGE_NONE` when not
/// written (NARROW is meant).
pub type mf_st2110_range_kind = u32;
/// Not written.
pub const MF_ST2110_RANGE_NONE: mf_st2110_range_kind = 0;
/// `NARROW`.
pub const MF_ST2110_RANGE_NARROW: mf_st2110_range_kind = 1;
/// `FULLPROTECT`.
pub const MF_ST2110_RANGE_FULLPROTECT: mf_st2110_range_kind = 2;
/// `FULL`.
pub const MF_ST2110_RANGE_FULL: mf_st2110_range_kind = 3;

/// SDP `SSN` (ST 2110-20 §7.2; `MF_ST2110_SSN_*`).
pub type mf_st2110_ssn = u32;
/// `ST2110-20:2017`.
pub const MF_ST2110_SSN_2017: mf_st2110_ssn = 0;
/// `ST2110-20:2022`.
pub const MF_ST2110_SSN_2022: mf_st2110_ssn = 1;

/// A stream's class under ST 2110-21 §7.1 (`MF_ST2110_COMPLIANCE_*`).
pub type mf_st2110_compliance = u32;
/// Nothing measured yet (no frame closed).
pub const MF_ST2110_COMPLIANCE_NONE: mf_st2110_compliance = 0;
/// Within the narrow limits, gapped schedule (`2110TPN`).
pub const MF_ST2110_COMPLIANCE_NARROW: mf_st2110_compliance = 1;
/// Within the narrow limits, linear schedule (`2110TPNL`).
pub const MF_ST2110_COMPLIANCE_NARROW_LINEAR: mf_st2110_compliance = 2;
/// Within the wide limits only (`2110TPW`).
pub const MF_ST2110_COMPLIANCE_WIDE: mf_st2110_compliance = 3;
/// Beyond the wide limits, or the virtual receiver buffer underflowed.
pub const MF_ST2110_COMPLIANCE_NOT_COMPLIANT: mf_st2110_compliance = 4;

/// What made a stream less than narrow (`MF_ST2110_MEASURE_*`).
pub type mf_st2110_measure = u32;
/// CInst above the limit.
pub const MF_ST2110_MEASURE_CINST: mf_st2110_measure = 0;
/// VRX above VRX_FULL.
pub const MF_ST2110_MEASURE_VRX_OVERFLOW: mf_st2110_measure = 1;
/// VRX below zero.
pub const MF_ST2110_MEASURE_VRX_UNDERFLOW: mf_st2110_measure = 2;

/// Where the analyzer's drain grid is anchored (`MF_ST2110_DRAIN_*`).
pub type mf_st2110_drain_origin = u32;
/// At multiples of TDRAIN since the SMPTE Epoch (ST 2110-21 §6.6.1).
pub const MF_ST2110_DRAIN_EPOCH: mf_st2110_drain_origin = 0;
/// At the first analyzed packet (as EBU LIST does; for arrival times not in PTP time).
pub const MF_ST2110_DRAIN_FIRST_PACKET: mf_st2110_drain_origin = 1;

/// How the analyzer finds a frame's number (`MF_ST2110_DATUM_*`).
pub type mf_st2110_datum = u32;
/// The frame whose TVD is nearest its first packet.
pub const MF_ST2110_DATUM_NEAREST: mf_st2110_datum = 0;
/// The frame whose alignment point the RTP timestamp names.
pub const MF_ST2110_DATUM_RTP_TIMESTAMP: mf_st2110_datum = 1;

/// One of the two ST 2022-7 paths (`MF_ST2110_LEG_*`).
pub type mf_st2110_leg = u32;
/// The first (primary) leg.
pub const MF_ST2110_LEG_A: mf_st2110_leg = 0;
/// The second (secondary) leg.
pub const MF_ST2110_LEG_B: mf_st2110_leg = 1;

/// What to do with a packet of an ST 2022-7 pair (`MF_ST2110_MERGE_*`).
pub type mf_st2110_merge_verdict = u32;
/// The first copy of its sequence number: pass it on.
pub const MF_ST2110_MERGE_FIRST: mf_st2110_merge_verdict = 0;
/// A copy of one already passed on: drop it.
pub const MF_ST2110_MERGE_DUPLICATE: mf_st2110_merge_verdict = 1;
/// Older than the window: cannot be told from a copy; drop it.
pub const MF_ST2110_MERGE_TOO_OLD: mf_st2110_merge_verdict = 2;

fn sampling_of(v: mf_st2110_sampling, arg: &'static str) -> Result<Sampling, Failure> {
    Sampling::ALL
        .get(v as usize)
        .copied()
        .ok_or(Failure::invalid_argument(
            arg,
            "an MF_ST2110_SAMPLING_* constant",
            u64::from(v),
        ))
}

fn sampling_to_c(s: Sampling) -> mf_st2110_sampling {
    Sampling::ALL.iter().position(|x| *x == s).unwrap_or(0) as u32
}

fn depth_of(v: mf_st2110_depth, arg: &'static str) -> Result<Depth, Failure> {
    Depth::ALL
        .get(v as usize)
        .copied()
        .ok_or(Failure::invalid_argument(
            arg,
            "an MF_ST2110_DEPTH_* constant",
            u64::from(v),
        ))
}

fn depth_to_c(d: Depth) -> mf_st2110_depth {
    Depth::ALL.iter().position(|x| *x == d).unwrap_or(0) as u32
}

fn packing_mode_of(v: mf_st2110_packing, arg: &'static str) -> Result<PackingMode, Failure> {
    match v {
        MF_ST2110_PACKING_GPM => Ok(PackingMode::General),
        MF_ST2110_PACKING_BPM => Ok(PackingMode::Block),
        _ => Err(Failure::invalid_argument(
            arg,
            "MF_ST2110_PACKING_GPM or MF_ST2110_PACKING_BPM",
            u64::from(v),
        )),
    }
}

fn packing_mode_to_c(p: PackingMode) -> mf_st2110_packing {
    match p {
        PackingMode::General => MF_ST2110_PACKING_GPM,
        PackingMode::Block => MF_ST2110_PACKING_BPM,
    }
}

fn sender_of(v: mf_st2110_sender_type, arg: &'static str) -> Result<SenderType, Failure> {
    SenderType::ALL
        .get(v as usize)
        .copied()
        .ok_or(Failure::invalid_argument(
            arg,
            "an MF_ST2110_SENDER_* constant",
            u64::from(v),
        ))
}

fn sender_to_c(s: SenderType) -> mf_st2110_sender_type {
    SenderType::ALL.iter().position(|x| *x == s).unwrap_or(0) as u32
}

fn scan_of(v: mf_st2110_scan, arg: &'static str) -> Result<Scan, Failure> {
    match v {
        MF_ST2110_SCAN_PROGRESSIVE => Ok(Scan::Progressive),
        MF_ST2110_SCAN_INTERLACED => Ok(Scan::Interlaced),
        MF_ST2110_SCAN_PSF => Ok(Scan::Psf),
        _ => Err(Failure::invalid_argument(
            arg,
            "an MF_ST2110_SCAN_* constant",
            u64::from(v),
        )),
    }
}

fn compliance_to_c(c: Option<Compliance>) -> mf_st2110_compliance {
    match c {
        None => MF_ST2110_COMPLIANCE_NONE,
        Some(Compliance::Narrow) => MF_ST2110_COMPLIANCE_NARROW,
        Some(Compliance::NarrowLinear) => MF_ST2110_COMPLIANCE_NARROW_LINEAR,
        Some(Compliance::Wide) => MF_ST2110_COMPLIANCE_WIDE,
        Some(Compliance::NotCompliant) => MF_ST2110_COMPLIANCE_NOT_COMPLIANT,
    }
}

fn rate_of(num: u32, den: u32, arg: &'static str) -> Result<Rate, Failure> {
    Rate::new(num, den).map_err(|_| {
        Failure::invalid_argument(
            arg,
            "a rate with a non-zero numerator and denominator",
            u64::from(if num == 0 { num } else { den }),
        )
    })
}

fn timestamp_of(seconds: u64, nanoseconds: u32) -> Result<Timestamp, Failure> {
    if nanoseconds >= 1_000_000_000 {
        return Err(Failure::invalid_argument(
            "nanoseconds",
            "below 1000000000",
            u64::from(nanoseconds),
        ));
    }
    Timestamp::new(seconds, nanoseconds)
        .map_err(|_| Failure::invalid_argument("seconds", "a PTP time below 2^48 seconds", seconds))
}

fn name_of(names: &[&'static core::ffi::CStr], v: u32) -> *const c_char {
    names
        .get(v as usize)
        .copied()
        .unwrap_or(c"unknown")
        .as_ptr()
}

/// The SDP spelling of a sampling (`"YCbCr-4:2:2"`), or `"unknown"`. Static,
/// NUL-terminated, never NULL; do not free.
#[unsafe(no_mangle)]
pub extern "C" fn mf_st2110_sampling_str(sampling: mf_st2110_sampling) -> *const c_char {
    const N: [&core::ffi::CStr; 12] = [
        c"YCbCr-4:4:4",
        c"YCbCr-4:2:2",
        c"YCbCr-4:2:0",
        c"CLYCbCr-4:4:4",
        c"CLYCbCr-4:2:2",
        c"CLYCbCr-4:2:0",
        c"ICtCp-4:4:4",
        c"ICtCp-4:2:2",
        c"ICtCp-4:2:0",
        c"RGB",
        c"XYZ",
        c"KEY",
    ];
    guard_value(c"unknown".as_ptr(), || name_of(&N, sampling))
}

/// The SDP spelling of a depth (`"10"`, `"16f"`), or `"unknown"`. Static,
/// NUL-terminated, never NULL; do not free.
#[unsafe(no_mangle)]
pub extern "C" fn mf_st2110_depth_str(depth: mf_st2110_depth) -> *const c_char {
    const N: [&core::ffi::CStr; 5] = [c"8", c"10", c"12", c"16", c"16f"];
    guard_value(c"unknown".as_ptr(), || name_of(&N, depth))
}

/// The SDP `TP` value of a sender type (`"2110TPN"`), or `"unknown"`. Static,
/// NUL-terminated, never NULL; do not free.
#[unsafe(no_mangle)]
pub extern "C" fn mf_st2110_sender_type_str(sender: mf_st2110_sender_type) -> *const c_char {
    const N: [&core::ffi::CStr; 3] = [c"2110TPN", c"2110TPNL", c"2110TPW"];
    guard_value(c"unknown".as_ptr(), || name_of(&N, sender))
}

/// A compliance class as a short name (`"none"`, `"narrow"`, `"narrow_linear"`,
/// `"wide"`, `"not_compliant"`), or `"unknown"`. Static, NUL-terminated, never NULL;
/// do not free.
#[unsafe(no_mangle)]
pub extern "C" fn mf_st2110_compliance_str(compliance: mf_st2110_compliance) -> *const c_char {
    const N: [&core::ffi::CStr; 5] = [
        c"none",
        c"narrow",
        c"narrow_linear",
        c"wide",
        c"not_compliant",
    ];
    guard_value(c"unknown".as_ptr(), || name_of(&N, compliance))
}

// Every name agrees with the crate's own spelling (checked by the tests below).

// ---------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------

/// An error of the ST 2110 crate, its -21 arithmetic or the ST 2059 maths, before it
/// is reported to C.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Fault {
    /// A packet, payload or SDP error. For SDP errors read from text, `line_offset` is
    /// the byte offset of the line's start in the caller's text.
    St2110 {
        error: Error,
        line_offset: Option<usize>,
    },
    /// ST 2110-21 arithmetic, pacing or analysis.
    Pacing(pacing::Error),
    /// SMPTE ST 2059-1 arithmetic or ST 12-1 time codes.
    Time(st2059::Error),
}

impl From<Error> for Failure {
    fn from(error: Error) -> Failure {
        Failure::St2110(Fault::St2110 {
            error,
            line_offset: None,
        })
    }
}

impl From<pacing::Error> for Failure {
    fn from(e: pacing::Error) -> Failure {
        Failure::St2110(Fault::Pacing(e))
    }
}

impl From<st2059::Error> for Failure {
    fn from(e: st2059::Error) -> Failure {
        Failure::St2110(Fault::Time(e))
    }
}

/// The status reported for a fault.
pub(crate) fn fault_status(f: &Fault) -> mf_status {
    match f {
        Fault::St2110 { error, .. } => match error {
            Error::Truncated { .. } => MF_STATUS_TRUNCATED,
            Error::BufferTooSmall { .. } => MF_STATUS_BUFFER_TOO_SMALL,
            Error::OutOfRange { .. } => MF_STATUS_OUT_OF_RANGE,
            _ => MF_STATUS_INVALID_FIELD,
        },
        Fault::Pacing(e) => match e {
            pacing::Error::BlockPackingUnavailable { .. }
            | pacing::Error::TimeWentBackwards { .. } => MF_STATUS_INVALID_ARGUMENT,
            _ => MF_STATUS_OUT_OF_RANGE,
        },
        Fault::Time(e) => match e {
            st2059::Error::OutOfRange { .. } => MF_STATUS_OUT_OF_RANGE,
            _ => MF_STATUS_INVALID_ARGUMENT,
        },
    }
}

fn clamp_u64(v: i128) -> u64 {
    u64::try_from(v.max(0)).unwrap_or(u64::MAX)
}

/// Fills the numbers of an `mf_error` from a fault; returns its field name and
/// expected value.
pub(crate) fn fault_detail(f: &Fault, out: &mut mf_error) -> (&'static str, &'static str) {
    match *f {
        Fault::St2110 { error, line_offset } => {
            out.layer = match error.layer() {
                Some(Layer::Rtp) => MF_LAYER_RTP,
                Some(Layer::Rfc4175) => MF_LAYER_RFC4175,
                Some(Layer::Sdp) => MF_LAYER_SDP,
                _ => MF_LAYER_NONE,
            };
            if let Some(o) = error.offset().or(line_offset) {
                out.has_offset = true;
                out.offset = o;
            }
            match error {
                Error::Truncated {
                    what,
                    needed,
                    available,
                    ..
                } => {
                    out.needed = needed;
                    out.available = available;
                    (what, "")
                }
                Error::Invalid {
                    field,
                    expected,
                    found,
                    ..
                } => {
                    out.found = u64::from(found);
                    (field, expected)
                }
                Error::BufferTooSmall { needed, available } => {
                    out.needed = needed;
                    out.available = available;
                    ("out", "")
                }
                Error::Sdp {
                    line,
                    field,
                    expected,
                } => {
                    out.found = line as u64;
                    (field, expected)
                }
                Error::OutOfRange { field, value, max } => {
                    out.found = value;
                    out.max = max;
                    (field, "")
                }
                _ => ("", ""),
            }
        }
        Fault::Pacing(e) => match e {
            pacing::Error::OutOfRange {
                field,
                value,
                expected,
            } => {
                out.found = clamp_u64(value);
                (field, expected)
            }
            pacing::Error::UnsupportedInterlacedHeight { height } => {
                out.found = u64::from(height);
                (
                    "height",
                    "an interlaced raster of ST 2110-21 Table 1 (up to 1080 lines)",
                )
            }
            pacing::Error::Unrepresentable { what } => (what, "a value that can be represented"),
            pacing::Error::BlockPackingUnavailable { octets } => {
                out.found = u64::from(octets);
                ("PM", "a pgroup that divides 180 octets")
            }
            pacing::Error::PacketIndex { packet, npackets } => {
                out.found = u64::from(packet);
                out.max = u64::from(npackets.saturating_sub(1));
                ("packet", "below NPACKETS")
            }
            pacing::Error::LeadTooLarge { lead, vrx_full } => {
                out.found = u64::from(lead);
                out.max = u64::from(vrx_full);
                ("lead", "at most VRX_FULL")
            }
            pacing::Error::TimeWentBackwards { now_ns, .. } => {
                out.found = u64::try_from(now_ns).unwrap_or(u64::MAX);
                ("time_ns", "no earlier than the previous arrival")
            }
            _ => ("", ""),
        },
        Fault::Time(e) => match e {
            st2059::Error::OutOfRange {
                field, value, max, ..
            } => {
                out.found = clamp_u64(value);
                out.max = clamp_u64(max);
                (field, "")
            }
            st2059::Error::UnsupportedRate { numerator, .. } => {
                out.found = u64::from(numerator);
                (
                    "rate",
                    "a rate SMPTE ST 12 counts (drop frame only at 30000/1001 multiples)",
                )
            }
            _ => ("", ""),
        },
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::St2110 { error, .. } => write!(f, "{error}"),
            Fault::Pacing(e) => write!(f, "st2110-21: {e}"),
            Fault::Time(e) => write!(f, "st2059: {e}"),
        }
    }
}

// ---------------------------------------------------------------------------------
// Small plain-data types
// ---------------------------------------------------------------------------------

/// An exact number of nanoseconds: `whole + numerator / denominator`, with
/// `0 <= numerator < denominator` and the fraction in lowest terms (so a negative value
/// such as -1/3 ns is `whole = -1, numerator = 2, denominator = 3`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_st2110_nanos {
    /// The largest whole nanosecond at or below the value.
    pub whole: i64,
    /// The fraction's numerator.
    pub numerator: u64,
    /// The fraction's denominator (never zero; 1 for a whole number).
    pub denominator: u64,
}

fn nanos_to_c(n: Nanos, what: &'static str) -> Result<mf_st2110_nanos, Failure> {
    let r = n.reduced();
    let den = r.denominator();
    let whole = r.floor();
    let rem = r.numerator() - whole * i128::from(den);
    let whole =
        i64::try_from(whole).map_err(|_| Failure::from(pacing::Error::Unrepresentable { what }))?;
    Ok(mf_st2110_nanos {
        whole,
        numerator: rem as u64,
        denominator: den,
    })
}

/// A byte range of a frame buffer: `len` bytes from `offset`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_st2110_range {
    /// The first byte, from the start of the frame buffer.
    pub offset: usize,
    /// Bytes in the range.
    pub len: usize,
}

/// An instant exactly: `seconds` s plus `nanoseconds + remainder / divisor` ns since
/// the SMPTE Epoch (`remainder < divisor`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_st2110_exact_time {
    /// Whole seconds.
    pub seconds: u64,
    /// Whole nanoseconds, below 10^9.
    pub nanoseconds: u32,
    /// The fraction of a nanosecond's numerator.
    pub remainder: u32,
    /// The fraction's denominator (never zero).
    pub divisor: u32,
}

fn exact_time_to_c(t: ExactTime) -> Result<mf_st2110_exact_time, Failure> {
    let ns = t.nanos_floor();
    let (remainder, divisor) = t.fraction();
    let seconds = u64::try_from(ns / 1_000_000_000)
        .map_err(|_| Failure::from(pacing::Error::Unrepresentable { what: "the time" }))?;
    Ok(mf_st2110_exact_time {
        seconds,
        nanoseconds: (ns % 1_000_000_000) as u32,
        remainder,
        divisor,
    })
}

/// Frame `n` of a signal and the instant it starts (its alignment point).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_st2110_alignment {
    /// Frames since the SMPTE Epoch.
    pub frame: u64,
    /// The alignment point, exactly.
    pub time: mf_st2110_exact_time,
    /// The first whole nanosecond at or after it (when a sender may act on it), seconds.
    pub ceil_seconds: u64,
    /// The first whole nanosecond at or after it, nanoseconds.
    pub ceil_nanoseconds: u32,
}

/// A SMPTE ST 12-1 time address.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_st2110_time_code {
    /// 0..=23.
    pub hours: u8,
    /// 0..=59.
    pub minutes: u8,
    /// 0..=59.
    pub seconds: u8,
    /// Below the count modulus (24, 25 or 30).
    pub frames: u8,
    /// Which frame of those sharing the address (the ST 12-1 field flag at 50 and
    /// 59.94/60; the ST 12-3 frame number above that; 0 at up to 30 fps).
    pub sub_frame: u8,
    /// Counted in drop-frame mode.
    pub drop_frame: bool,
}

fn frame_u64(n: u128) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

// ---------------------------------------------------------------------------------
// Timing (SMPTE ST 2059-1, ST 2110-10)
// ---------------------------------------------------------------------------------

/// The RTP timestamp at PTP time `seconds.nanoseconds` of a media clock of
/// `clock_num / clock_den` Hz (90000/1 for video): `floor(t * clock) mod 2^32`
/// (SMPTE ST 2110-10 §8.2, with `a=mediaclk:direct=0`).
///
/// `MF_STATUS_INVALID_ARGUMENT` for a zero rate, nanoseconds of 10^9 or more, or
/// seconds from 2^48 on.
///
/// # Safety
///
/// `out` must be NULL or point to a writable `uint32_t`; `err` must be NULL or point to
/// a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_rtp_timestamp(
    clock_num: u32,
    clock_den: u32,
    seconds: u64,
    nanoseconds: u32,
    out: *mut u32,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        let out = non_null_mut(out, "out")?;
        let clock = rate_of(clock_num, clock_den, "clock")?;
        let t = timestamp_of(seconds, nanoseconds)?;
        let v = st2059::rtp_timestamp(clock, t);
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(v) };
        Ok(())
    })
}

/// The RTP timestamp of frame `frame` (frames since the SMPTE Epoch) of a signal at
/// `rate_num / rate_den` frames per second, on a media clock of `clock_num / clock_den`
/// Hz: the clock's count at the frame's alignment point modulo 2^32 (ST 2110-10 §8.2,
/// ST 2110-20 §6.1.1).
///
/// # Safety
///
/// `out` must be NULL or point to a writable `uint32_t`; `err` must be NULL or point to
/// a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_rtp_timestamp_of_frame(
    rate_num: u32,
    rate_den: u32,
    clock_num: u32,
    clock_den: u32,
    frame: u64,
    out: *mut u32,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        let out = non_null_mut(out, "out")?;
        let rate = rate_of(rate_num, rate_den, "rate")?;
        let clock = rate_of(clock_num, clock_den, "clock")?;
        let v = st2059::rtp_timestamp_of_frame(rate, clock, u128::from(frame));
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(v) };
        Ok(())
    })
}

/// The first alignment point at or after PTP time `seconds.nanoseconds` of a signal at
/// `rate_num / rate_den` frames per second (SMPTE ST 2059-1 §6): the frame's number and
/// its start, exactly and as the first whole nanosecond at or after it.
///
/// # Safety
///
/// `out` must be NULL or point to a writable `mf_st2110_alignment`; `err` must be NULL
/// or point to a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_next_alignment_point(
    rate_num: u32,
    rate_den: u32,
    seconds: u64,
    nanoseconds: u32,
    out: *mut mf_st2110_alignment,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        let out = non_null_mut(out, "out")?;
        let rate = rate_of(rate_num, rate_den, "rate")?;
        let t = timestamp_of(seconds, nanoseconds)?;
        let a = st2059::next_alignment_point(rate, t);
        let ceil = a.time.to_timestamp_ceil()?;
        let c = mf_st2110_alignment {
            frame: u64::try_from(a.frame).map_err(|_| {
                Failure::from(pacing::Error::Unrepresentable {
                    what: "the frame number",
                })
            })?,
            time: exact_time_to_c(a.time)?,
            ceil_seconds: ceil.seconds,
            ceil_nanoseconds: ceil.nanoseconds,
        };
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(c) };
        Ok(())
    })
}

/// The SMPTE ST 12-1 time code of the frame containing PTP time `seconds.nanoseconds`
/// at `rate_num / rate_den` frames per second, counted in drop-frame mode when
/// `drop_frame`, in local time `local_offset_s` seconds from PTP time (the
/// currentLocalOffset of SMPTE ST 2059-2, e.g. -37 for UTC), with the daily jam at
/// local midnight (SMPTE ST 2059-1 §7).
///
/// `MF_STATUS_INVALID_ARGUMENT` for a rate ST 12 does not count (or drop frame at a
/// rate without it).
///
/// # Safety
///
/// `out` must be NULL or point to a writable `mf_st2110_time_code`; `err` must be NULL
/// or point to a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_time_code_of(
    rate_num: u32,
    rate_den: u32,
    drop_frame: bool,
    local_offset_s: i32,
    seconds: u64,
    nanoseconds: u32,
    out: *mut mf_st2110_time_code,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        let out = non_null_mut(out, "out")?;
        let rate = rate_of(rate_num, rate_den, "rate")?;
        let t = timestamp_of(seconds, nanoseconds)?;
        let format = TimeCodeFormat::new(rate, drop_frame)?;
        let g = TimeCodeGenerator::new(format, LocalTimeOffset::fixed(local_offset_s));
        let tc = g.time_code(t);
        let c = mf_st2110_time_code {
            hours: tc.hours,
            minutes: tc.minutes,
            seconds: tc.seconds,
            frames: tc.frames,
            sub_frame: tc.sub_frame,
            drop_frame: tc.drop_frame,
        };
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(c) };
        Ok(())
    })
}

// ---------------------------------------------------------------------------------
// Video geometry
// ---------------------------------------------------------------------------------

/// A picture: what the packetizer and depacketizer need to know of a stream.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_st2110_video {
    /// `MF_ST2110_SAMPLING_*`.
    pub sampling: mf_st2110_sampling,
    /// `MF_ST2110_DEPTH_*`.
    pub depth: mf_st2110_depth,
    /// Width in pixels: a whole number of pgroups, at most 32767.
    pub width: u32,
    /// Height in lines of the whole frame (both fields when interlaced), at most 32767:
    /// a whole number of pgroup rows per field.
    pub height: u32,
    /// Whether pictures travel as two fields (SDP `interlace`).
    pub interlaced: bool,
}

fn layout_of(v: &mf_st2110_video) -> Result<VideoLayout, Failure> {
    let format = Format::new(
        sampling_of(v.sampling, "video.sampling")?,
        depth_of(v.depth, "video.depth")?,
    );
    Ok(VideoLayout::new(format, v.width, v.height, v.interlaced)?)
}

/// The size in bytes of a frame buffer for `*video` (the RFC 4175 pgroup layout, row
/// after row): what the packetizer reads and the depacketizer writes.
///
/// `MF_STATUS_OUT_OF_RANGE` for a width or height the format cannot have.
///
/// # Safety
///
/// `video` must be NULL or point to an `mf_st2110_video`; `out` must be NULL or point
/// to a writable `size_t`; `err` must be NULL or point to a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_frame_bytes(
    video: *const mf_st2110_video,
    out: *mut usize,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        let video = non_null(video, "video")?;
        let out = non_null_mut(out, "out")?;
        // SAFETY: non-NULL and the caller promises an `mf_st2110_video`.
        let layout = layout_of(&unsafe { video.read() })?;
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(layout.frame_bytes()) };
        Ok(())
    })
}

/// NPACKETS of ST 2110-21: the packets of one frame (both fields when `scan` is not
/// progressive) of `width` x `height` pixels of `sampling` / `depth` sent with
/// `packing` under the UDP size limit `max_udp` (0: the standard 1460 octets; ignored
/// for block packing). GPM and BPM count what `mf_st2110_packetizer` sends.
///
/// # Safety
///
/// `out` must be NULL or point to a writable `uint32_t`; `err` must be NULL or point to
/// a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_packets_per_frame(
    sampling: mf_st2110_sampling,
    depth: mf_st2110_depth,
    width: u32,
    height: u32,
    scan: mf_st2110_scan,
    packing: mf_st2110_packing,
    max_udp: u32,
    out: *mut u32,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        let out = non_null_mut(out, "out")?;
        let format = Format::new(
            sampling_of(sampling, "sampling")?,
            depth_of(depth, "depth")?,
        );
        let scan = scan_of(scan, "scan")?;
        let max_udp = if max_udp == 0 {
            MF_ST2110_STANDARD_UDP_SIZE
        } else {
            max_udp
        };
        let packing = match packing {
            MF_ST2110_PACKING_GPM => Packing::General { max_udp },
            MF_ST2110_PACKING_BPM => Packing::Block,
            MF_ST2110_PACKING_GPM_SINGLE_ROW => Packing::SingleRow { max_udp },
            other => {
                return Err(Failure::invalid_argument(
                    "packing",
                    "an MF_ST2110_PACKING_* constant",
                    u64::from(other),
                ));
            }
        };
        let n = pacing::packets_per_frame(format, width, height, scan, packing)?;
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(n) };
        Ok(())
    })
}

// ---------------------------------------------------------------------------------
// Packetizer
// ---------------------------------------------------------------------------------

/// What a packetizer is made from.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_st2110_packetizer_config {
    /// The picture.
    pub video: mf_st2110_video,
    /// `MF_ST2110_PACKING_GPM` or `MF_ST2110_PACKING_BPM`.
    pub packing: mf_st2110_packing,
    /// The UDP payload limit in octets (the SDP `MAXUDP`); 0 for the standard 1460.
    pub max_udp: u32,
    /// RTP payload type, 0..=127 (96..=127 for a dynamic one).
    pub payload_type: u8,
    /// RTP SSRC.
    pub ssrc: u32,
}

/// A packet as header bytes plus frame buffer ranges (zero-copy): the packet is
/// `header[0..header_len]` followed by the bytes of each range, in order.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct mf_st2110_packet_parts {
    /// RTP header, Extended Sequence Number and Sample Row Data headers.
    pub header: [u8; MF_ST2110_MAX_HEADER_LEN],
    /// Bytes of `header` used.
    pub header_len: usize,
    /// Ranges of the frame buffer that follow the header.
    pub ranges: [mf_st2110_range; MF_ST2110_MAX_RANGES],
    /// Entries of `ranges` used (1..=3).
    pub n_ranges: usize,
    /// The whole packet's length (the UDP payload).
    pub len: usize,
    /// The RTP marker bit: the field's (or picture's) last packet.
    pub marker: bool,
}

/// An ST 2110-20 packetizer (opaque): create with `mf_st2110_packetizer_new`, release
/// with `mf_st2110_packetizer_free`.
///
/// Use: `mf_st2110_packetizer_begin_field(p, field, rtp_timestamp)`, then
/// `mf_st2110_packetizer_next` (copies a packet) or `mf_st2110_packetizer_next_parts`
/// (zero-copy) until `MF_STATUS_END`; the next field or picture starts with another
/// `..._begin_field`.
pub struct mf_st2110_packetizer {
    // Field order matters: `field` borrows the packetizer `packetizer` points to and is
    // dropped first (see `Drop`).
    field: Option<FieldPackets<'static>>,
    /// The packetizer, owned (from `Box::into_raw`); only reached through `field`
    /// while a field is in progress.
    packetizer: NonNull<Packetizer>,
    npackets: u32,
    frame_bytes: usize,
    fields: u32,
    /// The extended sequence number the next packet gets.
    next_sequence: u32,
}

impl Drop for mf_st2110_packetizer {
    fn drop(&mut self) {
        // The borrow of the packetizer ends before the packetizer is freed.
        self.field = None;
        // SAFETY: `packetizer` came from `Box::into_raw` in `mf_st2110_packetizer_new`,
        // is freed only here, and nothing borrows it any more.
        drop(unsafe { Box::from_raw(self.packetizer.as_ptr()) });
    }
}

impl fmt::Debug for mf_st2110_packetizer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("mf_st2110_packetizer")
            .field("npackets", &self.npackets)
            .field("next_sequence", &self.next_sequence)
            .finish_non_exhaustive()
    }
}

/// Creates a packetizer whose first packet gets extended sequence number
/// `first_sequence` (RTP sequence number and ST 2110-20 Extended Sequence Number).
///
/// `MF_STATUS_OUT_OF_RANGE` for a geometry the format cannot have, a payload type above
/// 127 or a UDP size limit without room for a pgroup; `MF_STATUS_INVALID_ARGUMENT` for
/// an unknown constant.
///
/// # Safety
///
/// `config` must be NULL or point to an `mf_st2110_packetizer_config`; `out` must be
/// NULL or point to a writable `mf_st2110_packetizer *`; `err` must be NULL or point to
/// a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_packetizer_new(
    config: *const mf_st2110_packetizer_config,
    first_sequence: u32,
    out: *mut *mut mf_st2110_packetizer,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        let config = non_null(config, "config")?;
        let out = non_null_mut(out, "out")?;
        // SAFETY: non-NULL and the caller promises a configuration.
        let c = unsafe { config.read() };
        let layout = layout_of(&c.video)?;
        let cfg = PacketizerConfig {
            layout,
            packing: packing_mode_of(c.packing, "config.packing")?,
            max_udp: if c.max_udp == 0 {
                STANDARD_UDP_SIZE
            } else {
                c.max_udp as usize
            },
            payload_type: c.payload_type,
            ssrc: c.ssrc,
        };
        let p = Packetizer::new(cfg, first_sequence)?;
        let handle = Box::new(mf_st2110_packetizer {
            field: None,
            npackets: p.packets_per_field(),
            frame_bytes: layout.frame_bytes(),
            fields: layout.fields(),
            next_sequence: first_sequence,
            packetizer: NonNull::from(Box::leak(Box::new(p))),
        });
        // SAFETY: non-NULL and writable (caller's promise); ownership passes to the
        // caller until `mf_st2110_packetizer_free`.
        unsafe { out.write(Box::into_raw(handle)) };
        Ok(())
    })
}

/// Releases a packetizer. NULL is accepted and does nothing.
///
/// # Safety
///
/// `p` must be NULL or a pointer from `mf_st2110_packetizer_new` not yet freed and not
/// in use by another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_packetizer_free(p: *mut mf_st2110_packetizer) {
    let _ = guard(ptr::null_mut(), || {
        if !p.is_null() {
            // SAFETY: a pointer from `Box::into_raw`, freed only once (caller's promise).
            drop(unsafe { Box::from_raw(p) });
        }
        Ok(())
    });
}

/// Packets per field (or progressive picture): ST 2110-21's NPACKETS of one field,
/// into `*npackets`, and the frame buffer size in bytes into `*frame_bytes`.
///
/// # Safety
///
/// `p` must be NULL or a live packetizer; `npackets` and `frame_bytes` must be NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_packetizer_info(
    p: *const mf_st2110_packetizer,
    npackets: *mut u32,
    frame_bytes: *mut usize,
) -> mf_status {
    guard(ptr::null_mut(), || {
        let p = non_null(p, "p")?;
        let npackets = non_null_mut(npackets, "npackets")?;
        let frame_bytes = non_null_mut(frame_bytes, "frame_bytes")?;
        // SAFETY: a live packetizer (caller's promise); only plain fields are read.
        let p = unsafe { &*p };
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe {
            npackets.write(p.npackets);
            frame_bytes.write(p.frame_bytes);
        }
        Ok(())
    })
}

/// The extended sequence number the next packet gets, into `*out`.
///
/// # Safety
///
/// `p` must be NULL or a live packetizer; `out` must be NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_packetizer_next_sequence(
    p: *const mf_st2110_packetizer,
    out: *mut u32,
) -> mf_status {
    guard(ptr::null_mut(), || {
        let p = non_null(p, "p")?;
        let out = non_null_mut(out, "out")?;
        // SAFETY: a live packetizer (caller's promise); only a plain field is read.
        let n = unsafe { (*p).next_sequence };
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(n) };
        Ok(())
    })
}

/// Starts field `field` (0; 1 for the second field of an interlaced picture) with RTP
/// timestamp `rtp_timestamp`; a field still in progress is abandoned.
///
/// `MF_STATUS_INVALID_ARGUMENT` for field 1 of a progressive stream or a field above 1.
///
/// # Safety
///
/// `p` must be NULL or a live packetizer used by nothing else during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_packetizer_begin_field(
    p: *mut mf_st2110_packetizer,
    field: u32,
    rtp_timestamp: u32,
) -> mf_status {
    guard(ptr::null_mut(), || {
        let p = non_null_mut(p, "p")?;
        // SAFETY: a live packetizer nobody else uses meanwhile (caller's promise).
        let p = unsafe { &mut *p };
        if field >= p.fields {
            return Err(Failure::invalid_argument(
                "field",
                "0, or 1 for an interlaced stream",
                u64::from(field),
            ));
        }
        // End the previous field's borrow before taking a new one.
        p.field = None;
        // SAFETY: the packetizer is owned by the handle and lives until its `Drop`,
        // which drops `field` first; no other reference to it exists while `field` is
        // set (the handle only reads its own plain fields meanwhile).
        let packetizer: &'static mut Packetizer = unsafe { &mut *p.packetizer.as_ptr() };
        p.field = Some(packetizer.field(field, rtp_timestamp));
        Ok(())
    })
}

fn field_of(p: &mut mf_st2110_packetizer) -> Result<&mut FieldPackets<'static>, Failure> {
    p.field.as_mut().ok_or(Failure::invalid_argument(
        "p",
        "a packetizer with a field begun (mf_st2110_packetizer_begin_field)",
        0,
    ))
}

/// Copies the field's next packet (the UDP payload: RTP header, payload header and
/// data) into `out`; `*written` is its length. `frame` is the whole frame buffer
/// (`frame_len` at least the size `mf_st2110_packetizer_info` gives).
///
/// Returns `MF_STATUS_END` (nothing written) when the field is done;
/// `MF_STATUS_BUFFER_TOO_SMALL` with `*written` the packet's length when `out` is too
/// short (nothing consumed: the same packet comes on the next call);
/// `MF_STATUS_INVALID_ARGUMENT` for a short `frame` or before
/// `mf_st2110_packetizer_begin_field`. A packet is at most the UDP size limit.
///
/// # Safety
///
/// `p` must be NULL or a live packetizer used by nothing else during the call; `frame`
/// must be NULL or point to `frame_len` readable bytes; `out` must be NULL or point to
/// `out_len` writable bytes not overlapping `frame`; `written` must be NULL or
/// writable; `err` must be NULL or point to a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_packetizer_next(
    p: *mut mf_st2110_packetizer,
    frame: *const u8,
    frame_len: usize,
    out: *mut u8,
    out_len: usize,
    written: *mut usize,
    err: *mut mf_error,
) -> mf_status {
    let mut end = false;
    let s = guard(err, || {
        let p = non_null_mut(p, "p")?;
        let written = non_null_mut(written, "written")?;
        crate::no_overlap(
            frame,
            frame_len,
            out,
            out_len,
            "out",
            "a buffer apart from frame",
        )?;
        // SAFETY: forwarded caller's promises (readable frame, writable out, disjoint).
        let frame = unsafe { in_slice(frame, frame_len, "frame") }?;
        // SAFETY: as above.
        let out = unsafe { out_slice(out, out_len, "out") }?;
        // SAFETY: a live packetizer nobody else uses meanwhile (caller's promise).
        let p = unsafe { &mut *p };
        if frame.len() < p.frame_bytes {
            return Err(Failure::invalid_argument(
                "frame_len",
                "a whole frame buffer (the frame_bytes of mf_st2110_packetizer_info)",
                frame.len() as u64,
            ));
        }
        let f = field_of(p)?;
        match f.next_into(frame, out) {
            None => {
                end = true;
                Ok(())
            }
            Some(Ok(n)) => {
                p.next_sequence = p.next_sequence.wrapping_add(1);
                // SAFETY: non-NULL and writable (caller's promise).
                unsafe { written.write(n) };
                Ok(())
            }
            Some(Err(e)) => {
                if let Error::BufferTooSmall { needed, available } = e {
                    // SAFETY: non-NULL and writable (caller's promise).
                    unsafe { written.write(needed) };
                    return Err(Failure::buffer_too_small("out", needed, available));
                }
                Err(e.into())
            }
        }
    });
    if s == MF_STATUS_OK && end {
        MF_STATUS_END
    } else {
        s
    }
}

/// The field's next packet as header bytes and frame buffer ranges (zero-copy): send
/// `parts.header[0..header_len]` and then each range of the frame buffer.
///
/// Returns `MF_STATUS_END` (nothing written) when the field is done and
/// `MF_STATUS_INVALID_ARGUMENT` before `mf_st2110_packetizer_begin_field`.
///
/// # Safety
///
/// `p` must be NULL or a live packetizer used by nothing else during the call; `out`
/// must be NULL or point to a writable `mf_st2110_packet_parts`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_packetizer_next_parts(
    p: *mut mf_st2110_packetizer,
    out: *mut mf_st2110_packet_parts,
) -> mf_status {
    let mut end = false;
    let s = guard(ptr::null_mut(), || {
        let p = non_null_mut(p, "p")?;
        let out = non_null_mut(out, "out")?;
        // SAFETY: a live packetizer nobody else uses meanwhile (caller's promise).
        let p = unsafe { &mut *p };
        let f = field_of(p)?;
        let Some(parts) = f.next_parts() else {
            end = true;
            return Ok(());
        };
        p.next_sequence = p.next_sequence.wrapping_add(1);
        let mut c = mf_st2110_packet_parts {
            header: [0; MF_ST2110_MAX_HEADER_LEN],
            header_len: parts.header().len(),
            ranges: [mf_st2110_range::default(); MF_ST2110_MAX_RANGES],
            n_ranges: parts.ranges().len(),
            len: parts.len(),
            marker: parts.marker(),
        };
        c.header[..parts.header().len()].copy_from_slice(parts.header());
        for (d, r) in c.ranges.iter_mut().zip(parts.ranges()) {
            *d = mf_st2110_range {
                offset: r.start,
                len: r.len(),
            };
        }
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(c) };
        Ok(())
    });
    if s == MF_STATUS_OK && end {
        MF_STATUS_END
    } else {
        s
    }
}

// ---------------------------------------------------------------------------------
// Depacketizer
// ---------------------------------------------------------------------------------

/// What a depacketizer is made from.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_st2110_depacketizer_config {
    /// The picture.
    pub video: mf_st2110_video,
    /// Accept only `payload_type` when set; any payload type otherwise.
    pub has_payload_type: bool,
    /// The stream's RTP payload type (when `has_payload_type`).
    pub payload_type: u8,
    /// Sequence numbers to wait, after a picture's last packet, for reordered packets
    /// of it before giving it up incomplete (32 is a good default).
    pub reorder_window: u32,
}

/// A picture handed back by `mf_st2110_depacketizer_push`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_st2110_completed {
    /// The buffer that holds it: read it with `mf_st2110_depacketizer_frame` and
    /// `mf_st2110_depacketizer_lost` before the next push.
    pub slot: usize,
    /// Whether `rtp_timestamp` is set (not when only a second field arrived).
    pub has_rtp_timestamp: bool,
    /// RTP timestamp (of the first field when interlaced).
    pub rtp_timestamp: u32,
    /// Whether every pgroup arrived.
    pub complete: bool,
    /// Bytes that did not arrive.
    pub lost_bytes: u64,
    /// Packets that contributed.
    pub packets: u64,
}

/// A depacketizer's running counts.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_st2110_depacketizer_counters {
    /// Packets accepted.
    pub packets: u64,
    /// Packets refused (bad RTP or payload header, wrong payload type, a segment that
    /// does not fit the picture).
    pub invalid: u64,
    /// Packets of a picture already finished.
    pub late: u64,
    /// Packets with a sequence number below the highest seen.
    pub reordered: u64,
    /// Sequence numbers skipped and not filled by a later arrival.
    pub sequence_gaps: u64,
    /// Packets whose sequence number arrived before.
    pub duplicate_packets: u64,
    /// Pgroups that arrived twice.
    pub duplicate_pgroups: u64,
    /// Pictures completed whole.
    pub complete: u64,
    /// Pictures given up with data missing.
    pub incomplete: u64,
}

/// An ST 2110-20 depacketizer with its three frame buffers (opaque): create with
/// `mf_st2110_depacketizer_new`, release with `mf_st2110_depacketizer_free`.
#[derive(Debug)]
pub struct mf_st2110_depacketizer {
    d: Depacketizer<Vec<u8>, Vec<u64>>,
}

/// Creates a depacketizer and its buffers (three frame buffers and three pgroup
/// bitmaps, on the heap).
///
/// # Safety
///
/// `config` must be NULL or point to an `mf_st2110_depacketizer_config`; `out` must be
/// NULL or point to a writable `mf_st2110_depacketizer *`; `err` must be NULL or point
/// to a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_depacketizer_new(
    config: *const mf_st2110_depacketizer_config,
    out: *mut *mut mf_st2110_depacketizer,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        let config = non_null(config, "config")?;
        let out = non_null_mut(out, "out")?;
        // SAFETY: non-NULL and the caller promises a configuration.
        let c = unsafe { config.read() };
        if c.has_payload_type && c.payload_type > 127 {
            return Err(Error::OutOfRange {
                field: "payload_type",
                value: u64::from(c.payload_type),
                max: 127,
            }
            .into());
        }
        let cfg = DepacketizerConfig {
            layout: layout_of(&c.video)?,
            payload_type: c.has_payload_type.then_some(c.payload_type),
            reorder_window: c.reorder_window,
        };
        let h = Box::new(mf_st2110_depacketizer {
            d: Depacketizer::allocate(cfg),
        });
        // SAFETY: non-NULL and writable (caller's promise); ownership passes to the
        // caller until `mf_st2110_depacketizer_free`.
        unsafe { out.write(Box::into_raw(h)) };
        Ok(())
    })
}

/// Releases a depacketizer and its buffers. NULL is accepted and does nothing.
///
/// # Safety
///
/// `d` must be NULL or a pointer from `mf_st2110_depacketizer_new` not yet freed and
/// not in use by another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_depacketizer_free(d: *mut mf_st2110_depacketizer) {
    let _ = guard(ptr::null_mut(), || {
        if !d.is_null() {
            // SAFETY: a pointer from `Box::into_raw`, freed only once (caller's promise).
            drop(unsafe { Box::from_raw(d) });
        }
        Ok(())
    });
}

fn completed_to_c(c: &Completed) -> mf_st2110_completed {
    mf_st2110_completed {
        slot: c.slot,
        has_rtp_timestamp: c.rtp_timestamp.is_some(),
        rtp_timestamp: c.rtp_timestamp.unwrap_or(0),
        complete: c.complete,
        lost_bytes: c.lost_bytes,
        packets: c.packets,
    }
}

/// Takes one RTP packet (the UDP payload) and writes the pictures it finished into
/// `out` (room for `MF_ST2110_MAX_COMPLETED`, oldest first), their number into
/// `*count` (0, 1 or 2).
///
/// A refused packet (bad RTP or RFC 4175 header, wrong payload type, a segment outside
/// the picture) returns `MF_STATUS_TRUNCATED` or `MF_STATUS_INVALID_FIELD` with the
/// layer (`MF_LAYER_RTP`, `MF_LAYER_RFC4175`) and byte offset in `*err`; it changes no
/// picture and is counted in `invalid`.
///
/// A finished picture stays readable (`mf_st2110_depacketizer_frame`,
/// `mf_st2110_depacketizer_lost`) until the next call to this function.
///
/// # Safety
///
/// `d` must be NULL or a live depacketizer used by nothing else during the call;
/// `packet` must be NULL or point to `len` readable bytes; `out` must be NULL or point
/// to `MF_ST2110_MAX_COMPLETED` writable elements; `count` must be NULL or writable;
/// `err` must be NULL or point to a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_depacketizer_push(
    d: *mut mf_st2110_depacketizer,
    packet: *const u8,
    len: usize,
    out: *mut mf_st2110_completed,
    count: *mut usize,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        let d = non_null_mut(d, "d")?;
        let out = non_null_mut(out, "out")?;
        let count = non_null_mut(count, "count")?;
        // SAFETY: forwarded caller's promise.
        let packet = unsafe { in_slice(packet, len, "packet") }?;
        // SAFETY: a live depacketizer nobody else uses meanwhile (caller's promise).
        let d = unsafe { &mut *d };
        let pushed = d.d.push(packet)?;
        let mut n = 0;
        for c in pushed.iter() {
            // SAFETY: at most MF_ST2110_MAX_COMPLETED (2) pictures, and the caller
            // promises that many writable elements.
            unsafe { out.add(n).write(completed_to_c(c)) };
            n += 1;
        }
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { count.write(n) };
        Ok(())
    })
}

fn slot_of(slot: usize) -> Result<usize, Failure> {
    if slot >= MF_ST2110_DEPACKETIZER_SLOTS {
        return Err(Failure::invalid_argument(
            "slot",
            "a slot below MF_ST2110_DEPACKETIZER_SLOTS",
            slot as u64,
        ));
    }
    Ok(slot)
}

/// The picture in buffer `slot`: `*data` points to its `*len` bytes (the size
/// `mf_st2110_frame_bytes` gives), owned by the depacketizer.
///
/// The pointer stays valid, and the bytes unchanged, until the next
/// `mf_st2110_depacketizer_push` or `mf_st2110_depacketizer_free` on `d`: copy what
/// must outlive that. Bytes of a picture that did not arrive keep what the buffer held
/// before (see `mf_st2110_depacketizer_lost`).
///
/// # Safety
///
/// `d` must be NULL or a live depacketizer; `data` and `len` must be NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_depacketizer_frame(
    d: *const mf_st2110_depacketizer,
    slot: usize,
    data: *mut *const u8,
    len: *mut usize,
) -> mf_status {
    guard(ptr::null_mut(), || {
        let d = non_null(d, "d")?;
        let data = non_null_mut(data, "data")?;
        let len = non_null_mut(len, "len")?;
        let slot = slot_of(slot)?;
        // SAFETY: a live depacketizer with no concurrent writer (caller's promise).
        let f = unsafe { &*d }.d.frame(slot);
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe {
            data.write(f.as_ptr());
            len.write(f.len());
        }
        Ok(())
    })
}

/// The byte ranges of the picture in buffer `slot` that did not arrive, in order (a run
/// crossing rows is split at each row), into `out` (room for `cap`); `*count` is their
/// number. With too little room: `MF_STATUS_BUFFER_TOO_SMALL` and `*count` the number
/// needed (`out` may be NULL when `cap` is 0).
///
/// # Safety
///
/// `d` must be NULL or a live depacketizer; `out` must be NULL or point to `cap`
/// writable elements; `count` must be NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_depacketizer_lost(
    d: *const mf_st2110_depacketizer,
    slot: usize,
    out: *mut mf_st2110_range,
    cap: usize,
    count: *mut usize,
) -> mf_status {
    guard(ptr::null_mut(), || {
        let d = non_null(d, "d")?;
        let slot = slot_of(slot)?;
        // SAFETY: a live depacketizer with no concurrent writer (caller's promise).
        let d = unsafe { &*d };
        let items = || {
            d.d.lost(slot).map(|r| mf_st2110_range {
                offset: r.start,
                len: r.len(),
            })
        };
        // SAFETY: forwarded caller's promises about `out` and `count`.
        unsafe { write_array(items, out, cap, count, "out") }
    })
}

/// The depacketizer's counters, into `*out`.
///
/// # Safety
///
/// `d` must be NULL or a live depacketizer; `out` must be NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_depacketizer_get_counters(
    d: *const mf_st2110_depacketizer,
    out: *mut mf_st2110_depacketizer_counters,
) -> mf_status {
    guard(ptr::null_mut(), || {
        let d = non_null(d, "d")?;
        let out = non_null_mut(out, "out")?;
        // SAFETY: a live depacketizer with no concurrent writer (caller's promise).
        let c = unsafe { &*d }.d.counters();
        let c = mf_st2110_depacketizer_counters {
            packets: c.packets,
            invalid: c.invalid,
            late: c.late,
            reordered: c.reordered,
            sequence_gaps: c.sequence_gaps,
            duplicate_packets: c.duplicate_packets,
            duplicate_pgroups: c.duplicate_pgroups,
            complete: c.complete,
            incomplete: c.incomplete,
        };
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(c) };
        Ok(())
    })
}

// ---------------------------------------------------------------------------------
// ST 2110-21 schedule
// ---------------------------------------------------------------------------------

/// What an ST 2110-21 schedule is made from.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_st2110_schedule_params {
    /// Frame rate numerator (`exactframerate`; frames, not fields, when interlaced).
    pub rate_num: u32,
    /// Frame rate denominator.
    pub rate_den: u32,
    /// `MF_ST2110_SCAN_*`.
    pub scan: mf_st2110_scan,
    /// Active lines of the frame.
    pub height: u32,
    /// NPACKETS: packets per frame (both fields).
    pub npackets: u32,
    /// `MF_ST2110_SENDER_*`.
    pub sender: mf_st2110_sender_type,
    /// Whether `troff_us` is set (else TRO_DEFAULT is used).
    pub has_troff: bool,
    /// The SDP `TROFF`, microseconds.
    pub troff_us: u32,
    /// The SDP `MAXUDP` (0: the Standard UDP Size Limit).
    pub max_udp: u32,
}

/// The sender parameters of a schedule.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_st2110_schedule_info {
    /// NPACKETS.
    pub npackets: u32,
    /// TFRAME, the frame period.
    pub tframe: mf_st2110_nanos,
    /// TRS, the spacing of packet reads.
    pub trs: mf_st2110_nanos,
    /// TRO in use (TROFF when set, else TRO_DEFAULT).
    pub tro: mf_st2110_nanos,
    /// TRO_DEFAULT of the raster.
    pub tro_default: mf_st2110_nanos,
    /// TDRAIN of the network compatibility model.
    pub tdrain: mf_st2110_nanos,
    /// TLINE.
    pub tline: mf_st2110_nanos,
    /// RACTIVE numerator.
    pub ractive_num: u32,
    /// RACTIVE denominator.
    pub ractive_den: u32,
    /// Whether `cmax` is set (a wide sender at 900 000 packets/s or more has none).
    pub has_cmax: bool,
    /// CMAX of the sender type.
    pub cmax: u32,
    /// VRX_FULL of the sender type.
    pub vrx_full: u32,
    /// The narrow CMAX.
    pub cmax_narrow: u32,
    /// The narrow VRX_FULL.
    pub vrx_full_narrow: u32,
    /// Whether `cmax_wide` is set.
    pub has_cmax_wide: bool,
    /// The wide CMAX.
    pub cmax_wide: u32,
    /// The wide VRX_FULL.
    pub vrx_full_wide: u32,
}

/// An ST 2110-21 schedule (opaque): create with `mf_st2110_schedule_new`, release with
/// `mf_st2110_schedule_free`.
#[derive(Debug)]
pub struct mf_st2110_schedule {
    s: Schedule,
}

fn schedule_of(p: &mf_st2110_schedule_params) -> Result<Schedule, Failure> {
    let mut s = Schedule::new(
        rate_of(p.rate_num, p.rate_den, "params.rate")?,
        scan_of(p.scan, "params.scan")?,
        p.height,
        p.npackets,
        sender_of(p.sender, "params.sender")?,
    )?;
    if p.max_udp != 0 {
        s = s.with_max_udp(p.max_udp)?;
    }
    if p.has_troff {
        s = s.with_troff_micros(p.troff_us)?;
    }
    Ok(s)
}

/// Creates the schedule of a stream (ST 2110-21 §6, §7.1).
///
/// `MF_STATUS_OUT_OF_RANGE` for NPACKETS 0, a TROFF not below TFRAME or an interlaced
/// height beyond ST 2110-21 Table 1; `MF_STATUS_INVALID_ARGUMENT` for an unknown
/// constant or a zero rate.
///
/// # Safety
///
/// `params` must be NULL or point to an `mf_st2110_schedule_params`; `out` must be NULL
/// or point to a writable `mf_st2110_schedule *`; `err` must be NULL or point to a
/// writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_schedule_new(
    params: *const mf_st2110_schedule_params,
    out: *mut *mut mf_st2110_schedule,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        let params = non_null(params, "params")?;
        let out = non_null_mut(out, "out")?;
        // SAFETY: non-NULL and the caller promises parameters.
        let s = schedule_of(&unsafe { params.read() })?;
        // SAFETY: non-NULL and writable (caller's promise); ownership passes to the
        // caller until `mf_st2110_schedule_free`.
        unsafe { out.write(Box::into_raw(Box::new(mf_st2110_schedule { s }))) };
        Ok(())
    })
}

/// Releases a schedule. NULL is accepted and does nothing.
///
/// # Safety
///
/// `s` must be NULL or a pointer from `mf_st2110_schedule_new` not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_schedule_free(s: *mut mf_st2110_schedule) {
    let _ = guard(ptr::null_mut(), || {
        if !s.is_null() {
            // SAFETY: a pointer from `Box::into_raw`, freed only once (caller's promise).
            drop(unsafe { Box::from_raw(s) });
        }
        Ok(())
    });
}

/// # Safety
///
/// `p` must be NULL or a live schedule.
unsafe fn schedule_ref<'a>(p: *const mf_st2110_schedule) -> Result<&'a Schedule, Failure> {
    let p = non_null(p, "schedule")?;
    // SAFETY: a live schedule (caller's promise); it is never written after creation.
    Ok(&unsafe { &*p }.s)
}

/// The schedule's sender parameters, into `*out`.
///
/// # Safety
///
/// `schedule` must be NULL or a live schedule; `out` must be NULL or writable; `err`
/// must be NULL or point to a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_schedule_get_info(
    schedule: *const mf_st2110_schedule,
    out: *mut mf_st2110_schedule_info,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        // SAFETY: forwarded caller's promise.
        let s = unsafe { schedule_ref(schedule) }?;
        let out = non_null_mut(out, "out")?;
        let (ractive_num, ractive_den) = s.ractive();
        let c = mf_st2110_schedule_info {
            npackets: s.npackets(),
            tframe: nanos_to_c(s.tframe(), "TFRAME")?,
            trs: nanos_to_c(s.trs(), "TRS")?,
            tro: nanos_to_c(s.tro(), "TRO")?,
            tro_default: nanos_to_c(s.tro_default(), "TRO_DEFAULT")?,
            tdrain: nanos_to_c(s.tdrain(), "TDRAIN")?,
            tline: nanos_to_c(s.tline(), "TLINE")?,
            ractive_num,
            ractive_den,
            has_cmax: s.cmax().is_some(),
            cmax: s.cmax().unwrap_or(0),
            vrx_full: s.vrx_full(),
            cmax_narrow: s.cmax_narrow(),
            vrx_full_narrow: s.vrx_full_narrow(),
            has_cmax_wide: s.cmax_wide().is_some(),
            cmax_wide: s.cmax_wide().unwrap_or(0),
            vrx_full_wide: s.vrx_full_wide(),
        };
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(c) };
        Ok(())
    })
}

/// The read time TPRj (the departure of a sender on the schedule) of packet `packet` of
/// frame `frame` (frames since the SMPTE Epoch), in nanoseconds since the epoch:
/// exactly into `*exact` and as the first whole nanosecond at or after it into
/// `*ceil_ns` (either may be NULL when not wanted).
///
/// `MF_STATUS_OUT_OF_RANGE` for a packet index at or past NPACKETS.
///
/// # Safety
///
/// `schedule` must be NULL or a live schedule; `exact` and `ceil_ns` must each be NULL
/// or writable; `err` must be NULL or point to a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_schedule_departure(
    schedule: *const mf_st2110_schedule,
    frame: u64,
    packet: u32,
    exact: *mut mf_st2110_nanos,
    ceil_ns: *mut u64,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        // SAFETY: forwarded caller's promise.
        let s = unsafe { schedule_ref(schedule) }?;
        let t = s.departure(u128::from(frame), packet)?;
        let c = nanos_to_c(t, "a departure time")?;
        let ceil = u64::try_from(t.ceil()).map_err(|_| {
            Failure::from(pacing::Error::Unrepresentable {
                what: "a departure time",
            })
        })?;
        if !exact.is_null() {
            // SAFETY: non-NULL and writable (caller's promise).
            unsafe { exact.write(c) };
        }
        if !ceil_ns.is_null() {
            // SAFETY: non-NULL and writable (caller's promise).
            unsafe { ceil_ns.write(ceil) };
        }
        Ok(())
    })
}

/// The RTP timestamp of frame `frame` (its alignment point on the 90 kHz clock), or of
/// its second field when `second_field` (ST 2110-20 §6.1.1).
///
/// # Safety
///
/// `schedule` must be NULL or a live schedule; `out` must be NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_schedule_rtp_timestamp(
    schedule: *const mf_st2110_schedule,
    frame: u64,
    second_field: bool,
    out: *mut u32,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise.
        let s = unsafe { schedule_ref(schedule) }?;
        let out = non_null_mut(out, "out")?;
        let v = s.rtp_timestamp_of_field(u128::from(frame), second_field);
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(v) };
        Ok(())
    })
}

// ---------------------------------------------------------------------------------
// Pacer
// ---------------------------------------------------------------------------------

/// Packets due for sending: `count` packets of frame `frame` from index
/// `first_packet` on.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_st2110_release {
    /// Frames since the SMPTE Epoch.
    pub frame: u64,
    /// The first packet's index in the frame.
    pub first_packet: u32,
    /// Packets due (0 when none is).
    pub count: u32,
    /// The frame's RTP timestamp.
    pub rtp_timestamp: u32,
}

/// An ST 2110-21 pacer (opaque): releases each packet at its read time (or `lead`
/// packets before it), never early. Create with `mf_st2110_pacer_new`, release with
/// `mf_st2110_pacer_free`.
#[derive(Debug)]
pub struct mf_st2110_pacer {
    p: Pacer,
}

/// Creates a pacer for `schedule` starting at packet 0 of frame `first_frame`, sending
/// each packet `lead` packets (`lead * TRS`) before its read time (at most VRX_FULL).
///
/// # Safety
///
/// `schedule` must be NULL or a live schedule (it is copied); `out` must be NULL or
/// point to a writable `mf_st2110_pacer *`; `err` must be NULL or point to a writable
/// `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_pacer_new(
    schedule: *const mf_st2110_schedule,
    first_frame: u64,
    lead: u32,
    out: *mut *mut mf_st2110_pacer,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        // SAFETY: forwarded caller's promise.
        let s = unsafe { schedule_ref(schedule) }?;
        let out = non_null_mut(out, "out")?;
        let p = Pacer::new(*s, u128::from(first_frame), lead)?;
        // SAFETY: non-NULL and writable (caller's promise); ownership passes to the
        // caller until `mf_st2110_pacer_free`.
        unsafe { out.write(Box::into_raw(Box::new(mf_st2110_pacer { p }))) };
        Ok(())
    })
}

/// Releases a pacer. NULL is accepted and does nothing.
///
/// # Safety
///
/// `p` must be NULL or a pointer from `mf_st2110_pacer_new` not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_pacer_free(p: *mut mf_st2110_pacer) {
    let _ = guard(ptr::null_mut(), || {
        if !p.is_null() {
            // SAFETY: a pointer from `Box::into_raw`, freed only once (caller's promise).
            drop(unsafe { Box::from_raw(p) });
        }
        Ok(())
    });
}

/// The PTP time at which the next packet is due (the first whole nanosecond at or
/// after its departure), into `*seconds` and `*nanoseconds`.
///
/// # Safety
///
/// `p` must be NULL or a live pacer; `seconds` and `nanoseconds` must be NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_pacer_next_release(
    p: *const mf_st2110_pacer,
    seconds: *mut u64,
    nanoseconds: *mut u32,
) -> mf_status {
    guard(ptr::null_mut(), || {
        let p = non_null(p, "p")?;
        let seconds = non_null_mut(seconds, "seconds")?;
        let nanoseconds = non_null_mut(nanoseconds, "nanoseconds")?;
        // SAFETY: a live pacer with no concurrent writer (caller's promise).
        let t = unsafe { &*p }.p.next_release();
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe {
            seconds.write(t.seconds);
            nanoseconds.write(t.nanoseconds);
        }
        Ok(())
    })
}

/// The packets due at PTP time `seconds.nanoseconds`, of one frame at most, into
/// `*out` (count 0 when none is due); send them all before asking again.
///
/// # Safety
///
/// `p` must be NULL or a live pacer used by nothing else during the call; `out` must
/// be NULL or writable; `err` must be NULL or point to a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_pacer_release(
    p: *mut mf_st2110_pacer,
    seconds: u64,
    nanoseconds: u32,
    out: *mut mf_st2110_release,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        let p = non_null_mut(p, "p")?;
        let out = non_null_mut(out, "out")?;
        let now = timestamp_of(seconds, nanoseconds)?;
        // SAFETY: a live pacer nobody else uses meanwhile (caller's promise).
        let r = unsafe { &mut *p }.p.release(now);
        let c = mf_st2110_release {
            frame: frame_u64(r.frame),
            first_packet: r.first_packet,
            count: r.count,
            rtp_timestamp: r.rtp_timestamp,
        };
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(c) };
        Ok(())
    })
}

// ---------------------------------------------------------------------------------
// Analyzer
// ---------------------------------------------------------------------------------

/// One packet as the analyzer sees it.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_st2110_arrival {
    /// Arrival (or departure, when captured at the sender), nanoseconds since the SMPTE
    /// Epoch (PTP time).
    pub time_ns: u64,
    /// RTP timestamp.
    pub rtp_timestamp: u32,
    /// RTP marker bit.
    pub marker: bool,
    /// RTP sequence number.
    pub sequence: u16,
    /// Length in octets (any layer; only summed).
    pub length: u32,
    /// Whether it carries the second field (the F bit of its first SRD header).
    pub second_field: bool,
}

/// How an analyzer is set up.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_st2110_analyzer_options {
    /// `MF_ST2110_DRAIN_*`.
    pub drain_origin: mf_st2110_drain_origin,
    /// `MF_ST2110_DATUM_*`.
    pub datum: mf_st2110_datum,
    /// Take the first packet pushed as the first of a frame (otherwise measuring starts
    /// after the first packet with the marker bit).
    pub start_at_first_packet: bool,
}

/// What the analyzer measured over one frame.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_st2110_frame_summary {
    /// Frames since the SMPTE Epoch.
    pub frame: u64,
    /// Frames closed before this one.
    pub ordinal: u64,
    /// RTP timestamp of its first packet.
    pub rtp_timestamp: u32,
    /// Packets received.
    pub packets: u32,
    /// Their summed lengths.
    pub octets: u64,
    /// First packet's arrival, ns since the epoch.
    pub first_packet_ns: u64,
    /// First packet time: arrival minus the alignment point.
    pub fpt: mf_st2110_nanos,
    /// RTP timestamp minus that of the alignment point, in 90 kHz ticks.
    pub rtp_offset: i64,
    /// First packet's arrival minus the instant its RTP timestamp names.
    pub latency: mf_st2110_nanos,
    /// Whether `rtp_delta` is set (not for the first frame).
    pub has_rtp_delta: bool,
    /// RTP timestamp minus the previous frame's (wrapping).
    pub rtp_delta: u32,
    /// Peak CInst.
    pub cinst_max: u32,
    /// Peak VRX.
    pub vrx_max: i64,
    /// Lowest VRX (below zero: underflow).
    pub vrx_min: i64,
    /// This frame's class alone (`MF_ST2110_COMPLIANCE_*`).
    pub compliance: mf_st2110_compliance,
}

/// An extreme integer value and the frame it occurred in.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_st2110_extreme {
    /// Whether the rest is set (not before the first frame).
    pub present: bool,
    /// The value.
    pub value: i64,
    /// Frames since the SMPTE Epoch.
    pub frame: u64,
    /// The frame's ordinal in the analysis.
    pub ordinal: u64,
}

/// An extreme time and the frame it occurred in.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_st2110_extreme_nanos {
    /// Whether the rest is set.
    pub present: bool,
    /// The value.
    pub value: mf_st2110_nanos,
    /// Frames since the SMPTE Epoch.
    pub frame: u64,
    /// The frame's ordinal.
    pub ordinal: u64,
}

/// Everything an analyzer measured so far.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_st2110_report {
    /// The stream's class (`MF_ST2110_COMPLIANCE_NONE` before the first frame closes).
    pub compliance: mf_st2110_compliance,
    /// Whether the `worst_*` members are set (a class below narrow).
    pub has_worst: bool,
    /// The frame that decided the class.
    pub worst_frame: u64,
    /// Its ordinal.
    pub worst_ordinal: u64,
    /// What exceeded its limit (`MF_ST2110_MEASURE_*`).
    pub worst_measure: mf_st2110_measure,
    /// The value measured.
    pub worst_value: i64,
    /// Whether `worst_limit` is set.
    pub has_worst_limit: bool,
    /// The limit of the better class missed.
    pub worst_limit: i64,
    /// Narrow CMAX.
    pub cmax_narrow: u32,
    /// Narrow VRX_FULL.
    pub vrx_full_narrow: u32,
    /// Whether `cmax_wide` is set.
    pub has_cmax_wide: bool,
    /// Wide CMAX.
    pub cmax_wide: u32,
    /// Wide VRX_FULL.
    pub vrx_full_wide: u32,
    /// Frames closed.
    pub frames: u64,
    /// Packets in closed frames.
    pub packets: u64,
    /// Their summed lengths.
    pub octets: u64,
    /// Packets missing by sequence number.
    pub lost: u64,
    /// Packets before the first frame start (not measured).
    pub skipped: u64,
    /// Peak CInst.
    pub cinst_max: mf_st2110_extreme,
    /// Peak VRX.
    pub vrx_max: mf_st2110_extreme,
    /// Lowest VRX.
    pub vrx_min: mf_st2110_extreme,
    /// Earliest first packet time.
    pub fpt_min: mf_st2110_extreme_nanos,
    /// Latest first packet time.
    pub fpt_max: mf_st2110_extreme_nanos,
    /// Smallest RTP offset.
    pub rtp_offset_min: mf_st2110_extreme,
    /// Largest RTP offset.
    pub rtp_offset_max: mf_st2110_extreme,
    /// Smallest latency.
    pub latency_min: mf_st2110_extreme_nanos,
    /// Largest latency.
    pub latency_max: mf_st2110_extreme_nanos,
    /// Smallest inter-frame RTP timestamp delta.
    pub rtp_delta_min: mf_st2110_extreme,
    /// Largest inter-frame RTP timestamp delta.
    pub rtp_delta_max: mf_st2110_extreme,
    /// Fewest packets in a frame.
    pub packets_min: mf_st2110_extreme,
    /// Most packets in a frame.
    pub packets_max: mf_st2110_extreme,
}

/// An ST 2110-21 analyzer (opaque): create with `mf_st2110_analyzer_new`, release with
/// `mf_st2110_analyzer_free`.
#[derive(Debug)]
pub struct mf_st2110_analyzer {
    a: Analyzer,
}

fn summary_to_c(s: &FrameSummary) -> Result<mf_st2110_frame_summary, Failure> {
    Ok(mf_st2110_frame_summary {
        frame: frame_u64(s.frame),
        ordinal: s.ordinal,
        rtp_timestamp: s.rtp_timestamp,
        packets: s.packets,
        octets: s.octets,
        first_packet_ns: frame_u64(s.first_packet_ns),
        fpt: nanos_to_c(s.fpt, "the first packet time")?,
        rtp_offset: s.rtp_offset,
        latency: nanos_to_c(s.latency, "the latency")?,
        has_rtp_delta: s.rtp_delta.is_some(),
        rtp_delta: s.rtp_delta.unwrap_or(0),
        cinst_max: s.cinst_max,
        vrx_max: s.vrx_max,
        vrx_min: s.vrx_min,
        compliance: compliance_to_c(Some(s.compliance)),
    })
}

fn extreme<T: Copy + Into<i64>>(e: Option<Extreme<T>>) -> mf_st2110_extreme {
    match e {
        None => mf_st2110_extreme::default(),
        Some(e) => mf_st2110_extreme {
            present: true,
            value: e.value.into(),
            frame: frame_u64(e.frame),
            ordinal: e.ordinal,
        },
    }
}

fn extreme_nanos(e: Option<Extreme<Nanos>>) -> Result<mf_st2110_extreme_nanos, Failure> {
    Ok(match e {
        None => mf_st2110_extreme_nanos::default(),
        Some(e) => mf_st2110_extreme_nanos {
            present: true,
            value: nanos_to_c(e.value, "a time")?,
            frame: frame_u64(e.frame),
            ordinal: e.ordinal,
        },
    })
}

fn report_to_c(r: &Report) -> Result<mf_st2110_report, Failure> {
    let w = r.worst;
    Ok(mf_st2110_report {
        compliance: compliance_to_c(r.compliance),
        has_worst: w.is_some(),
        worst_frame: w.map_or(0, |w| frame_u64(w.frame)),
        worst_ordinal: w.map_or(0, |w| w.ordinal),
        worst_measure: match w.map(|w| w.measure) {
            Some(Measure::VrxOverflow) => MF_ST2110_MEASURE_VRX_OVERFLOW,
            Some(Measure::VrxUnderflow) => MF_ST2110_MEASURE_VRX_UNDERFLOW,
            _ => MF_ST2110_MEASURE_CINST,
        },
        worst_value: w.map_or(0, |w| w.value),
        has_worst_limit: w.is_some_and(|w| w.limit.is_some()),
        worst_limit: w.and_then(|w| w.limit).unwrap_or(0),
        cmax_narrow: r.limits.cmax_narrow,
        vrx_full_narrow: r.limits.vrx_full_narrow,
        has_cmax_wide: r.limits.cmax_wide.is_some(),
        cmax_wide: r.limits.cmax_wide.unwrap_or(0),
        vrx_full_wide: r.limits.vrx_full_wide,
        frames: r.frames,
        packets: r.packets,
        octets: r.octets,
        lost: r.lost,
        skipped: r.skipped,
        cinst_max: extreme(r.cinst_max),
        vrx_max: extreme(r.vrx_max),
        vrx_min: extreme(r.vrx_min),
        fpt_min: extreme_nanos(r.fpt_min)?,
        fpt_max: extreme_nanos(r.fpt_max)?,
        rtp_offset_min: extreme(r.rtp_offset_min),
        rtp_offset_max: extreme(r.rtp_offset_max),
        latency_min: extreme_nanos(r.latency_min)?,
        latency_max: extreme_nanos(r.latency_max)?,
        rtp_delta_min: extreme(r.rtp_delta_min),
        rtp_delta_max: extreme(r.rtp_delta_max),
        packets_min: extreme(r.packets_min),
        packets_max: extreme(r.packets_max),
    })
}

/// Creates an analyzer of a stream with `schedule` (copied) set up as `*options` says.
///
/// # Safety
///
/// `schedule` must be NULL or a live schedule; `options` must be NULL or point to an
/// `mf_st2110_analyzer_options`; `out` must be NULL or point to a writable
/// `mf_st2110_analyzer *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_analyzer_new(
    schedule: *const mf_st2110_schedule,
    options: *const mf_st2110_analyzer_options,
    out: *mut *mut mf_st2110_analyzer,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise.
        let s = unsafe { schedule_ref(schedule) }?;
        let options = non_null(options, "options")?;
        let out = non_null_mut(out, "out")?;
        // SAFETY: non-NULL and the caller promises options.
        let o = unsafe { options.read() };
        let origin = match o.drain_origin {
            MF_ST2110_DRAIN_EPOCH => DrainOrigin::Epoch,
            MF_ST2110_DRAIN_FIRST_PACKET => DrainOrigin::FirstPacket,
            v => {
                return Err(Failure::invalid_argument(
                    "options.drain_origin",
                    "an MF_ST2110_DRAIN_* constant",
                    u64::from(v),
                ));
            }
        };
        let datum = match o.datum {
            MF_ST2110_DATUM_NEAREST => Datum::Nearest,
            MF_ST2110_DATUM_RTP_TIMESTAMP => Datum::RtpTimestamp,
            v => {
                return Err(Failure::invalid_argument(
                    "options.datum",
                    "an MF_ST2110_DATUM_* constant",
                    u64::from(v),
                ));
            }
        };
        let mut a = Analyzer::new(*s).drain_origin(origin).datum(datum);
        if o.start_at_first_packet {
            a = a.starting_at_first_packet();
        }
        // SAFETY: non-NULL and writable (caller's promise); ownership passes to the
        // caller until `mf_st2110_analyzer_free`.
        unsafe { out.write(Box::into_raw(Box::new(mf_st2110_analyzer { a }))) };
        Ok(())
    })
}

/// Releases an analyzer. NULL is accepted and does nothing.
///
/// # Safety
///
/// `a` must be NULL or a pointer from `mf_st2110_analyzer_new` not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_analyzer_free(a: *mut mf_st2110_analyzer) {
    let _ = guard(ptr::null_mut(), || {
        if !a.is_null() {
            // SAFETY: a pointer from `Box::into_raw`, freed only once (caller's promise).
            drop(unsafe { Box::from_raw(a) });
        }
        Ok(())
    });
}

/// Measures one packet. When it closes a frame (it starts the next one), `*closed` is
/// true and `*summary` holds the closed frame's measurements; otherwise `*closed` is
/// false and `*summary` is untouched.
///
/// `MF_STATUS_INVALID_ARGUMENT` for an arrival earlier than the previous one (nothing
/// changes).
///
/// # Safety
///
/// `a` must be NULL or a live analyzer used by nothing else during the call; `arrival`
/// must be NULL or point to an `mf_st2110_arrival`; `summary` and `closed` must be NULL
/// or writable; `err` must be NULL or point to a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_analyzer_push(
    a: *mut mf_st2110_analyzer,
    arrival: *const mf_st2110_arrival,
    summary: *mut mf_st2110_frame_summary,
    closed: *mut bool,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        let a = non_null_mut(a, "a")?;
        let arrival = non_null(arrival, "arrival")?;
        let summary = non_null_mut(summary, "summary")?;
        let closed = non_null_mut(closed, "closed")?;
        // SAFETY: non-NULL and the caller promises an arrival.
        let p = unsafe { arrival.read() };
        let p = Arrival {
            time_ns: u128::from(p.time_ns),
            rtp_timestamp: p.rtp_timestamp,
            marker: p.marker,
            sequence: p.sequence,
            length: p.length,
            second_field: p.second_field,
        };
        // SAFETY: a live analyzer nobody else uses meanwhile (caller's promise).
        let s = unsafe { &mut *a }.a.push(&p)?;
        let c = s.as_ref().map(summary_to_c).transpose()?;
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe {
            if let Some(c) = c {
                summary.write(c);
            }
            closed.write(c.is_some());
        }
        Ok(())
    })
}

/// Closes the frame in progress (at the end of a capture): `*closed` and `*summary` as
/// for `mf_st2110_analyzer_push`.
///
/// # Safety
///
/// As for `mf_st2110_analyzer_push`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_analyzer_finish(
    a: *mut mf_st2110_analyzer,
    summary: *mut mf_st2110_frame_summary,
    closed: *mut bool,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        let a = non_null_mut(a, "a")?;
        let summary = non_null_mut(summary, "summary")?;
        let closed = non_null_mut(closed, "closed")?;
        // SAFETY: a live analyzer nobody else uses meanwhile (caller's promise).
        let s = unsafe { &mut *a }.a.finish();
        let c = s.as_ref().map(summary_to_c).transpose()?;
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe {
            if let Some(c) = c {
                summary.write(c);
            }
            closed.write(c.is_some());
        }
        Ok(())
    })
}

/// Everything measured over the closed frames, into `*out`.
///
/// # Safety
///
/// `a` must be NULL or a live analyzer; `out` must be NULL or writable; `err` must be
/// NULL or point to a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_analyzer_report(
    a: *const mf_st2110_analyzer,
    out: *mut mf_st2110_report,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        let a = non_null(a, "a")?;
        let out = non_null_mut(out, "out")?;
        // SAFETY: a live analyzer with no concurrent writer (caller's promise).
        let r = report_to_c(&unsafe { &*a }.a.report())?;
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(r) };
        Ok(())
    })
}

// ---------------------------------------------------------------------------------
// ST 2022-7 merger
// ---------------------------------------------------------------------------------

/// Counts of one leg of a merger.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_st2110_leg_counters {
    /// Packets received on the leg.
    pub packets: u64,
    /// First copies among them (passed on).
    pub first: u64,
    /// Copies of packets already passed on.
    pub duplicates: u64,
    /// Packets older than the window.
    pub too_old: u64,
    /// Sequence numbers the leg skipped (its own loss).
    pub gaps: u64,
}

/// Counts of a merger.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_st2110_merger_counters {
    /// Leg A (`legs[MF_ST2110_LEG_A]`) and leg B.
    pub legs: [mf_st2110_leg_counters; 2],
    /// Packets passed on.
    pub merged_packets: u64,
    /// Sequence numbers neither leg delivered (loss the protection did not cover).
    pub merged_lost: u64,
}

/// The receive side of SMPTE ST 2022-7 (opaque): create with `mf_st2110_merger_new`,
/// release with `mf_st2110_merger_free`.
#[derive(Debug)]
pub struct mf_st2110_merger {
    m: Merger,
}

/// Creates an empty merger.
///
/// # Safety
///
/// `out` must be NULL or point to a writable `mf_st2110_merger *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_merger_new(out: *mut *mut mf_st2110_merger) -> mf_status {
    guard(ptr::null_mut(), || {
        let out = non_null_mut(out, "out")?;
        let m = Box::new(mf_st2110_merger { m: Merger::new() });
        // SAFETY: non-NULL and writable (caller's promise); ownership passes to the
        // caller until `mf_st2110_merger_free`.
        unsafe { out.write(Box::into_raw(m)) };
        Ok(())
    })
}

/// Releases a merger. NULL is accepted and does nothing.
///
/// # Safety
///
/// `m` must be NULL or a pointer from `mf_st2110_merger_new` not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_merger_free(m: *mut mf_st2110_merger) {
    let _ = guard(ptr::null_mut(), || {
        if !m.is_null() {
            // SAFETY: a pointer from `Box::into_raw`, freed only once (caller's promise).
            drop(unsafe { Box::from_raw(m) });
        }
        Ok(())
    });
}

/// Takes a packet with 32-bit extended sequence number `seq` from `leg` and says what
/// to do with it (`MF_ST2110_MERGE_*`) in `*verdict`.
///
/// # Safety
///
/// `m` must be NULL or a live merger used by nothing else during the call; `verdict`
/// must be NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_merger_push(
    m: *mut mf_st2110_merger,
    leg: mf_st2110_leg,
    seq: u32,
    verdict: *mut mf_st2110_merge_verdict,
) -> mf_status {
    guard(ptr::null_mut(), || {
        let m = non_null_mut(m, "m")?;
        let verdict = non_null_mut(verdict, "verdict")?;
        let leg = match leg {
            MF_ST2110_LEG_A => Leg::A,
            MF_ST2110_LEG_B => Leg::B,
            v => {
                return Err(Failure::invalid_argument(
                    "leg",
                    "MF_ST2110_LEG_A or MF_ST2110_LEG_B",
                    u64::from(v),
                ));
            }
        };
        // SAFETY: a live merger nobody else uses meanwhile (caller's promise).
        let v = match unsafe { &mut *m }.m.push(leg, seq) {
            Verdict::First => MF_ST2110_MERGE_FIRST,
            Verdict::Duplicate => MF_ST2110_MERGE_DUPLICATE,
            Verdict::TooOld => MF_ST2110_MERGE_TOO_OLD,
        };
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { verdict.write(v) };
        Ok(())
    })
}

/// Extends a 16-bit RTP sequence number to 32 bits, as the number nearest the last one
/// the merger saw (RFC 3550 Appendix A.1), into `*out`.
///
/// # Safety
///
/// `m` must be NULL or a live merger; `out` must be NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_merger_extend(
    m: *const mf_st2110_merger,
    seq16: u16,
    out: *mut u32,
) -> mf_status {
    guard(ptr::null_mut(), || {
        let m = non_null(m, "m")?;
        let out = non_null_mut(out, "out")?;
        // SAFETY: a live merger with no concurrent writer (caller's promise).
        let v = unsafe { &*m }.m.extend(seq16);
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(v) };
        Ok(())
    })
}

/// Counts the sequence numbers still in the window that neither leg delivered (at the
/// end of a stream). Calling it again counts nothing new.
///
/// # Safety
///
/// `m` must be NULL or a live merger used by nothing else during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_merger_finish(m: *mut mf_st2110_merger) -> mf_status {
    guard(ptr::null_mut(), || {
        let m = non_null_mut(m, "m")?;
        // SAFETY: a live merger nobody else uses meanwhile (caller's promise).
        unsafe { &mut *m }.m.finish();
        Ok(())
    })
}

/// The merger's counts, into `*out`.
///
/// # Safety
///
/// `m` must be NULL or a live merger; `out` must be NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_merger_get_counters(
    m: *const mf_st2110_merger,
    out: *mut mf_st2110_merger_counters,
) -> mf_status {
    guard(ptr::null_mut(), || {
        let m = non_null(m, "m")?;
        let out = non_null_mut(out, "out")?;
        // SAFETY: a live merger with no concurrent writer (caller's promise).
        let m = &unsafe { &*m }.m;
        let leg = |l| {
            let c = m.leg(l);
            mf_st2110_leg_counters {
                packets: c.packets,
                first: c.first,
                duplicates: c.duplicates,
                too_old: c.too_old,
                gaps: c.gaps,
            }
        };
        let c = mf_st2110_merger_counters {
            legs: [leg(Leg::A), leg(Leg::B)],
            merged_packets: m.merged().packets,
            merged_lost: m.merged().lost,
        };
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(c) };
        Ok(())
    })
}

// ---------------------------------------------------------------------------------
// SDP
// ---------------------------------------------------------------------------------

/// One RTP stream (`m=video` section) of an `mf_st2110_sdp`: the only one, or one leg
/// of an ST 2022-7 pair.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mf_st2110_sdp_leg {
    /// `a=mid` (RFC 5888), the empty string when there is none (each of two legs needs
    /// one).
    pub mid: [c_char; MF_ST2110_SDP_SHORT_LEN],
    /// The UDP destination port (`m=`), 1..=65535.
    pub port: u16,
    /// The destination address (`c=`).
    pub destination: mf_ip_addr,
    /// Whether `ttl` is written (`c=` of an IPv4 multicast address: `/ttl`).
    pub has_ttl: bool,
    /// The IPv4 multicast TTL.
    pub ttl: u8,
    /// The number of consecutive multicast addresses of `c=` (0: not written).
    pub address_count: u32,
    /// Whether there is an `a=source-filter` (RFC 4570).
    pub has_source_filter: bool,
    /// An `excl` filter (otherwise `incl`).
    pub source_filter_exclude: bool,
    /// The filter's destination is `*` (otherwise it is `destination`).
    pub source_filter_any_destination: bool,
    /// The filter's (first) source address.
    pub source: mf_ip_addr,
    /// On parsing, how many sources the filter lists; only `source` is kept and written.
    pub source_count: usize,
    /// The (first) `a=ts-refclk` value, such as
    /// `"ptp=IEEE1588-2008:08-00-11-FF-FE-22-39-E4:127"` or `"localmac=8E-2A-0F-60-4E-D7"`
    /// (RFC 7273 §4.8, ST 2110-10).
    pub ref_clock: [c_char; MF_ST2110_SDP_SHORT_LEN],
    /// On parsing, how many reference clocks the stream has; only the first is kept.
    pub ref_clock_count: usize,
}

/// An ST 2110-20 session description as plain data: one video stream, or two for
/// SMPTE ST 2022-7 (`a=group:DUP`).
///
/// Read with `mf_st2110_sdp_parse`; written with `mf_st2110_sdp_write` (start from
/// `mf_st2110_sdp_init`). Strings are NUL-terminated UTF-8 in fixed arrays. What the
/// struct does not hold is not kept: attributes other than the ST 2110 ones, media-level
/// `i=`, reference clocks after the first and source filter sources after the first.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mf_st2110_sdp {
    /// `o=` user name (`"-"` when there is none).
    pub origin_username: [c_char; MF_ST2110_SDP_SHORT_LEN],
    /// `o=` session id.
    pub session_id: u64,
    /// `o=` session version.
    pub session_version: u64,
    /// `o=` address type: `MF_IP_FAMILY_V4` (`IP4`) or `MF_IP_FAMILY_V6` (`IP6`).
    pub origin_family: mf_ip_family,
    /// `o=` unicast address (or host name).
    pub origin_address: [c_char; MF_ST2110_SDP_SHORT_LEN],
    /// `s=`.
    pub session_name: [c_char; MF_ST2110_SDP_LONG_LEN],
    /// The session's `i=`, the empty string when there is none.
    pub session_info: [c_char; MF_ST2110_SDP_LONG_LEN],
    /// `t=` start (0 for a permanent session).
    pub timing_start: u64,
    /// `t=` stop.
    pub timing_stop: u64,
    /// The RTP payload type, 0..=127.
    pub payload_type: u8,
    /// `sampling` (`MF_ST2110_SAMPLING_*`).
    pub sampling: mf_st2110_sampling,
    /// `depth` (`MF_ST2110_DEPTH_*`).
    pub depth: mf_st2110_depth,
    /// `width`.
    pub width: u32,
    /// `height` (the whole frame).
    pub height: u32,
    /// `exactframerate` numerator (frames per second).
    pub rate_num: u32,
    /// `exactframerate` denominator.
    pub rate_den: u32,
    /// `colorimetry` (`MF_ST2110_COLORIMETRY_*`).
    pub colorimetry: mf_st2110_colorimetry,
    /// `PM` (`MF_ST2110_PACKING_GPM` or `_BPM`).
    pub packing_mode: mf_st2110_packing,
    /// `SSN` (`MF_ST2110_SSN_*`).
    pub ssn: mf_st2110_ssn,
    /// `TP` (`MF_ST2110_SENDER_*`).
    pub tp: mf_st2110_sender_type,
    /// `interlace`.
    pub interlace: bool,
    /// `segmented` (PsF; needs `interlace`).
    pub segmented: bool,
    /// `TCS` (`MF_ST2110_TCS_*`, `MF_ST2110_TCS_NONE` when not written).
    pub tcs: mf_st2110_tcs,
    /// `RANGE` (`MF_ST2110_RANGE_*`, `MF_ST2110_RANGE_NONE` when not written).
    pub range: mf_st2110_range_kind,
    /// `MAXUDP` (0: not written).
    pub max_udp: u16,
    /// `PAR` width (0 with `par_height` 0: not written).
    pub par_width: u32,
    /// `PAR` height.
    pub par_height: u32,
    /// Whether `TROFF` is written.
    pub has_troff: bool,
    /// `TROFF`, microseconds.
    pub troff_us: u32,
    /// Whether `CMAX` is written.
    pub has_cmax: bool,
    /// `CMAX`, packets.
    pub cmax: u32,
    /// The `a=mediaclk` value (`"direct=0"`).
    pub media_clock: [c_char; MF_ST2110_SDP_SHORT_LEN],
    /// Streams in `leg`: 1, or 2 for ST 2022-7.
    pub legs: usize,
    /// The streams.
    pub leg: [mf_st2110_sdp_leg; 2],
}

const EMPTY_LEG: mf_st2110_sdp_leg = mf_st2110_sdp_leg {
    mid: [0; MF_ST2110_SDP_SHORT_LEN],
    port: 0,
    destination: mf_ip_addr {
        family: MF_IP_FAMILY_V4,
        bytes: [0; 16],
    },
    has_ttl: false,
    ttl: 0,
    address_count: 0,
    has_source_filter: false,
    source_filter_exclude: false,
    source_filter_any_destination: false,
    source: mf_ip_addr {
        family: MF_IP_FAMILY_V4,
        bytes: [0; 16],
    },
    source_count: 0,
    ref_clock: [0; MF_ST2110_SDP_SHORT_LEN],
    ref_clock_count: 0,
};

fn empty_sdp() -> mf_st2110_sdp {
    mf_st2110_sdp {
        origin_username: [0; MF_ST2110_SDP_SHORT_LEN],
        session_id: 0,
        session_version: 0,
        origin_family: MF_IP_FAMILY_V4,
        origin_address: [0; MF_ST2110_SDP_SHORT_LEN],
        session_name: [0; MF_ST2110_SDP_LONG_LEN],
        session_info: [0; MF_ST2110_SDP_LONG_LEN],
        timing_start: 0,
        timing_stop: 0,
        payload_type: 96,
        sampling: MF_ST2110_SAMPLING_YCBCR_422,
        depth: MF_ST2110_DEPTH_10,
        width: 0,
        height: 0,
        rate_num: 0,
        rate_den: 1,
        colorimetry: MF_ST2110_COLORIMETRY_BT709,
        packing_mode: MF_ST2110_PACKING_GPM,
        ssn: MF_ST2110_SSN_2017,
        tp: MF_ST2110_SENDER_NARROW,
        interlace: false,
        segmented: false,
        tcs: MF_ST2110_TCS_NONE,
        range: MF_ST2110_RANGE_NONE,
        max_udp: 0,
        par_width: 0,
        par_height: 0,
        has_troff: false,
        troff_us: 0,
        has_cmax: false,
        cmax: 0,
        media_clock: [0; MF_ST2110_SDP_SHORT_LEN],
        legs: 1,
        leg: [EMPTY_LEG; 2],
    }
}

/// The text of a NUL-terminated UTF-8 array.
fn text_in<'a, const N: usize>(
    a: &'a [c_char; N],
    field: &'static str,
) -> Result<&'a str, Failure> {
    // SAFETY: c_char and u8 have the same size and alignment; the array is initialized.
    let bytes: &[u8; N] = unsafe { &*ptr::from_ref(a).cast::<[u8; N]>() };
    let end = bytes
        .iter()
        .position(|b| *b == 0)
        .ok_or(Failure::invalid_argument(
            field,
            "a NUL-terminated string",
            N as u64,
        ))?;
    core::str::from_utf8(&bytes[..end])
        .map_err(|e| Failure::invalid_argument(field, "UTF-8 text", e.valid_up_to() as u64))
}

/// Copies `s` into a C array, NUL-terminated; too long is `MF_STATUS_OUT_OF_RANGE`.
fn text_out<const N: usize>(
    dst: &mut [c_char; N],
    s: &str,
    field: &'static str,
) -> Result<(), Failure> {
    if s.len() >= N || s.as_bytes().contains(&0) {
        return Err(Failure::OutOfRange {
            field,
            value: s.len() as u64,
            max: N as u64 - 1,
        });
    }
    for (d, b) in dst.iter_mut().zip(s.as_bytes()) {
        *d = *b as c_char;
    }
    dst[s.len()] = 0;
    Ok(())
}

fn index_of<T: PartialEq + Copy>(all: &[T], v: T) -> u32 {
    all.iter().position(|x| *x == v).unwrap_or(0) as u32
}

fn pick<T: Copy>(
    all: &[T],
    v: u32,
    arg: &'static str,
    expected: &'static str,
) -> Result<T, Failure> {
    all.get(v as usize)
        .copied()
        .ok_or(Failure::invalid_argument(arg, expected, u64::from(v)))
}

fn optional_pick<T: Copy>(
    all: &[T],
    v: u32,
    arg: &'static str,
    expected: &'static str,
) -> Result<Option<T>, Failure> {
    if v == 0 {
        Ok(None)
    } else {
        pick(all, v - 1, arg, expected).map(Some)
    }
}

fn leg_to_c(s: &Stream<'_>) -> Result<mf_st2110_sdp_leg, Failure> {
    let mut c = EMPTY_LEG;
    text_out(&mut c.mid, s.mid.unwrap_or(""), "mid")?;
    c.port = s.port;
    c.destination = mf_ip_addr::from_ip(s.destination.address);
    c.has_ttl = s.destination.ttl.is_some();
    c.ttl = s.destination.ttl.unwrap_or(0);
    c.address_count = s.destination.count.unwrap_or(0);
    if let Some(f) = &s.source_filter {
        c.has_source_filter = true;
        c.source_filter_exclude = f.mode == FilterMode::Exclude;
        c.source_filter_any_destination = f.destination.is_none();
        if let Some(first) = f.sources().next() {
            c.source = mf_ip_addr::from_ip(first);
        }
        c.source_count = f.sources().count();
    }
    if let Some(clock) = s.ref_clocks.first() {
        text_out(&mut c.ref_clock, &clock.to_string(), "ts-refclk")?;
    }
    c.ref_clock_count = s.ref_clocks.len();
    Ok(c)
}

fn sdp_to_c(v: &VideoSdp<'_>) -> Result<mf_st2110_sdp, Failure> {
    let mut c = empty_sdp();
    text_out(&mut c.origin_username, v.origin.username, "o")?;
    c.session_id = v.origin.session_id;
    c.session_version = v.origin.session_version;
    c.origin_family = match v.origin.address_type {
        AddressType::Ip4 => MF_IP_FAMILY_V4,
        AddressType::Ip6 => MF_IP_FAMILY_V6,
    };
    text_out(&mut c.origin_address, v.origin.address, "o")?;
    text_out(&mut c.session_name, v.session_name, "s")?;
    text_out(&mut c.session_info, v.session_info.unwrap_or(""), "i")?;
    c.timing_start = v.timing.start;
    c.timing_stop = v.timing.stop;
    c.payload_type = v.payload_type;
    let f = &v.format;
    c.sampling = sampling_to_c(f.sampling);
    c.depth = depth_to_c(f.depth);
    c.width = f.width;
    c.height = f.height;
    c.rate_num = f.exactframerate.numerator();
    c.rate_den = f.exactframerate.denominator();
    c.colorimetry = index_of(Colorimetry::ALL, f.colorimetry);
    c.packing_mode = packing_mode_to_c(f.packing_mode);
    c.ssn = index_of(Ssn::ALL, f.ssn);
    c.tp = sender_to_c(f.tp);
    c.interlace = f.interlace;
    c.segmented = f.segmented;
    c.tcs = f
        .tcs
        .map_or(MF_ST2110_TCS_NONE, |t| index_of(Tcs::ALL, t) + 1);
    c.range = f
        .range
        .map_or(MF_ST2110_RANGE_NONE, |r| index_of(SampleRange::ALL, r) + 1);
    c.max_udp = f.maxudp.unwrap_or(0);
    if let Some(p) = f.par {
        c.par_width = p.width;
        c.par_height = p.height;
    }
    c.has_troff = f.troff.is_some();
    c.troff_us = f.troff.unwrap_or(0);
    c.has_cmax = f.cmax.is_some();
    c.cmax = f.cmax.unwrap_or(0);
    text_out(&mut c.media_clock, &v.media_clock.to_string(), "mediaclk")?;
    c.leg[0] = leg_to_c(&v.primary)?;
    c.legs = 1;
    if let Some(s) = &v.secondary {
        c.leg[1] = leg_to_c(s)?;
        c.legs = 2;
    }
    Ok(c)
}

fn leg_from_c(c: &mf_st2110_sdp_leg) -> Result<Stream<'_>, Failure> {
    let mid = text_in(&c.mid, "leg.mid")?;
    let address = c.destination.to_ip("leg.destination")?;
    let destination = Connection {
        address,
        ttl: c.has_ttl.then_some(c.ttl),
        count: (c.address_count != 0).then_some(c.address_count),
    };
    let source_filter = if c.has_source_filter {
        let source = c.source.to_ip("leg.source")?;
        Some(SourceFilter::new(
            if c.source_filter_exclude {
                FilterMode::Exclude
            } else {
                FilterMode::Include
            },
            AddressType::of(&address),
            (!c.source_filter_any_destination).then_some(address),
            &[source],
        )?)
    } else {
        None
    };
    let clock = text_in(&c.ref_clock, "leg.ref_clock")?;
    let ref_clocks = if clock.is_empty() {
        RefClocks::new()
    } else {
        RefClocks::one(RefClock::parse(clock, 0)?)
    };
    Ok(Stream {
        mid: (!mid.is_empty()).then_some(mid),
        port: c.port,
        destination,
        source_filter,
        ref_clocks,
    })
}

fn sdp_from_c(c: &mf_st2110_sdp) -> Result<VideoSdp<'_>, Failure> {
    let address_type = match c.origin_family {
        MF_IP_FAMILY_V4 => AddressType::Ip4,
        MF_IP_FAMILY_V6 => AddressType::Ip6,
        other => {
            return Err(Failure::invalid_argument(
                "sdp.origin_family",
                "MF_IP_FAMILY_V4 (4) or MF_IP_FAMILY_V6 (6)",
                u64::from(other.0),
            ));
        }
    };
    let origin = Origin {
        username: text_in(&c.origin_username, "sdp.origin_username")?,
        session_id: c.session_id,
        session_version: c.session_version,
        address_type,
        address: text_in(&c.origin_address, "sdp.origin_address")?,
    };
    let info = text_in(&c.session_info, "sdp.session_info")?;
    let format = VideoFormat {
        sampling: sampling_of(c.sampling, "sdp.sampling")?,
        depth: depth_of(c.depth, "sdp.depth")?,
        width: c.width,
        height: c.height,
        exactframerate: rate_of(c.rate_num, c.rate_den, "sdp.rate")?,
        colorimetry: pick(
            Colorimetry::ALL,
            c.colorimetry,
            "sdp.colorimetry",
            "an MF_ST2110_COLORIMETRY_* constant",
        )?,
        packing_mode: packing_mode_of(c.packing_mode, "sdp.packing_mode")?,
        ssn: pick(Ssn::ALL, c.ssn, "sdp.ssn", "an MF_ST2110_SSN_* constant")?,
        tp: sender_of(c.tp, "sdp.tp")?,
        interlace: c.interlace,
        segmented: c.segmented,
        tcs: optional_pick(Tcs::ALL, c.tcs, "sdp.tcs", "an MF_ST2110_TCS_* constant")?,
        range: optional_pick(
            SampleRange::ALL,
            c.range,
            "sdp.range",
            "an MF_ST2110_RANGE_* constant",
        )?,
        maxudp: (c.max_udp != 0).then_some(c.max_udp),
        par: (c.par_width != 0 || c.par_height != 0).then_some(Par {
            width: c.par_width,
            height: c.par_height,
        }),
        troff: c.has_troff.then_some(c.troff_us),
        cmax: c.has_cmax.then_some(c.cmax),
    };
    if !(1..=2).contains(&c.legs) {
        return Err(Failure::invalid_argument(
            "sdp.legs",
            "1 or 2",
            c.legs as u64,
        ));
    }
    let secondary = if c.legs == 2 {
        Some(leg_from_c(&c.leg[1])?)
    } else {
        None
    };
    Ok(VideoSdp {
        origin,
        session_name: text_in(&c.session_name, "sdp.session_name")?,
        session_info: (!info.is_empty()).then_some(info),
        timing: Timing {
            start: c.timing_start,
            stop: c.timing_stop,
        },
        payload_type: c.payload_type,
        format,
        media_clock: MediaClock::parse(text_in(&c.media_clock, "sdp.media_clock")?, 0)?,
        primary: leg_from_c(&c.leg[0])?,
        secondary,
    })
}

/// The byte offset where 1-based line `line` starts in `text`.
fn line_start(text: &[u8], line: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    if line == 1 {
        return Some(0);
    }
    text.iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(line - 2)
        .map(|(i, _)| i + 1)
        .filter(|&o| o <= text.len())
}

/// Fills `*out` with the defaults for writing a description: user name `"-"`, IPv4
/// origin, `t=0 0`, payload type 96, YCbCr-4:2:2 10-bit, BT709, `PM=2110GPM`,
/// `SSN=ST2110-20:2017`, `TP=2110TPN`, `mediaclk:direct=0`, one stream; the rest empty
/// or zero (set at least the session name, origin address, size, rate, destination,
/// port and reference clock).
///
/// # Safety
///
/// `out` must be NULL or point to a writable `mf_st2110_sdp`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_sdp_init(out: *mut mf_st2110_sdp) -> mf_status {
    guard(ptr::null_mut(), || {
        let out = non_null_mut(out, "out")?;
        let mut c = empty_sdp();
        text_out(&mut c.origin_username, "-", "origin_username")?;
        text_out(&mut c.media_clock, "direct=0", "media_clock")?;
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(c) };
        Ok(())
    })
}

/// Reads and checks an ST 2110-20 session description (`len` bytes of UTF-8 text at
/// `text`, no NUL needed) into `*out`.
///
/// A description that breaks RFC 8866, lacks a required ST 2110 parameter or has an
/// inconsistent one returns `MF_STATUS_INVALID_FIELD` with, in `*err`: layer
/// `MF_LAYER_SDP`, `field` the line type, attribute or parameter (`"m"`, `"TP"`,
/// `"exactframerate"`...), `expected` what it had to be, `found` the 1-based line
/// number, and `offset` the byte offset where that line starts. A text too long for an
/// array of the struct is `MF_STATUS_OUT_OF_RANGE`.
///
/// # Safety
///
/// `text` must be NULL or point to `len` readable bytes; `out` must be NULL or point to
/// a writable `mf_st2110_sdp`; `err` must be NULL or point to a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_sdp_parse(
    text: *const c_char,
    len: usize,
    out: *mut mf_st2110_sdp,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        // SAFETY: forwarded caller's promise.
        let bytes = unsafe { in_slice(text.cast::<u8>(), len, "text") }?;
        let out = non_null_mut(out, "out")?;
        let sdp = VideoSdp::parse_bytes(bytes).map_err(|error| {
            Failure::St2110(Fault::St2110 {
                error,
                line_offset: error.line().and_then(|l| line_start(bytes, l)),
            })
        })?;
        let c = sdp_to_c(&sdp)?;
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(c) };
        Ok(())
    })
}

/// Checks a description as `mf_st2110_sdp_parse` checks text (errors have `found` 0:
/// no line).
///
/// # Safety
///
/// `sdp` must be NULL or point to an `mf_st2110_sdp`; `err` must be NULL or point to a
/// writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_sdp_validate(
    sdp: *const mf_st2110_sdp,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        let sdp = non_null(sdp, "sdp")?;
        // SAFETY: non-NULL and the caller promises a description.
        let c = unsafe { &*sdp };
        sdp_from_c(c)?.validate()?;
        Ok(())
    })
}

/// Checks a description and writes its text (RFC 8866 line order, CRLF line endings),
/// NUL-terminated, into `out`; `*written` is its length without the NUL. With too
/// little room: `MF_STATUS_BUFFER_TOO_SMALL` and `*written` the size needed, NUL
/// included. The text reads back (`mf_st2110_sdp_parse`) as the same description.
///
/// # Safety
///
/// `sdp` must be NULL or point to an `mf_st2110_sdp`; `out` must be NULL or point to
/// `len` writable bytes; `written` must be NULL or writable; `err` must be NULL or
/// point to a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_st2110_sdp_write(
    sdp: *const mf_st2110_sdp,
    out: *mut c_char,
    len: usize,
    written: *mut usize,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        let sdp = non_null(sdp, "sdp")?;
        let written = non_null_mut(written, "written")?;
        // SAFETY: forwarded caller's promise.
        let out = unsafe { out_slice(out.cast::<u8>(), len, "out") }?;
        // SAFETY: non-NULL and the caller promises a description.
        let v = sdp_from_c(unsafe { &*sdp })?;
        v.validate()?;
        let n = v.buffer_len();
        if out.len() < n + 1 {
            // SAFETY: non-NULL and writable (caller's promise).
            unsafe { written.write(n + 1) };
            return Err(Failure::buffer_too_small("out", n + 1, out.len()));
        }
        let n = v.emit(&mut out[..n])?;
        out[n] = 0;
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { written.write(n) };
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::ffi::CStr;
    use core::mem::MaybeUninit;

    fn data(name: &str) -> Vec<u8> {
        let path = format!(
            "{}/../crates/st2110/tests/data/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn cstr(p: *const c_char) -> &'static str {
        // SAFETY: the library returns static NUL-terminated strings.
        unsafe { CStr::from_ptr(p) }.to_str().unwrap()
    }

    fn parse(text: &[u8]) -> Result<mf_st2110_sdp, Box<mf_error>> {
        let mut out = MaybeUninit::<mf_st2110_sdp>::uninit();
        let mut err = MaybeUninit::<mf_error>::uninit();
        // SAFETY: valid pointers and length.
        let s = unsafe {
            mf_st2110_sdp_parse(
                text.as_ptr().cast(),
                text.len(),
                out.as_mut_ptr(),
                err.as_mut_ptr(),
            )
        };
        if s == MF_STATUS_OK {
            // SAFETY: written on success.
            Ok(unsafe { out.assume_init() })
        } else {
            // SAFETY: written on failure.
            Err(Box::new(unsafe { err.assume_init() }))
        }
    }

    fn write(sdp: &mf_st2110_sdp) -> String {
        let mut buf = vec![0 as c_char; 4096];
        let mut n = 0;
        // SAFETY: valid pointers and length.
        let s = unsafe {
            mf_st2110_sdp_write(sdp, buf.as_mut_ptr(), buf.len(), &mut n, ptr::null_mut())
        };
        assert_eq!(s, MF_STATUS_OK);
        let bytes: Vec<u8> = buf[..n].iter().map(|c| *c as u8).collect();
        assert_eq!(buf[n], 0);
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn every_sample_sdp_round_trips_through_the_struct() {
        let dir = format!(
            "{}/../crates/st2110/tests/data/sdp",
            env!("CARGO_MANIFEST_DIR")
        );
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "sdp") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let c = parse(text.as_bytes())
                .unwrap_or_else(|e| panic!("{path:?}: {}", cstr(e.message.as_ptr())));
            let written = write(&c);
            assert_eq!(
                VideoSdp::parse(&written).unwrap(),
                VideoSdp::parse(&text).unwrap(),
                "{path:?}"
            );
            // And the struct read back from the written text writes the same text.
            assert_eq!(write(&parse(written.as_bytes()).unwrap()), written);
            seen += 1;
        }
        assert_eq!(seen, 6);
    }

    #[test]
    fn sdp_errors_name_the_line_and_its_offset() {
        let text = String::from_utf8(data("sdp/gst-rfc4175-uyvp-640x360.sdp")).unwrap();
        let broken = text.replace("; TP=2110TPW", "");
        let e = parse(broken.as_bytes()).unwrap_err();
        assert_eq!(e.status, MF_STATUS_INVALID_FIELD);
        assert_eq!(e.layer, MF_LAYER_SDP);
        assert_eq!(cstr(e.field.as_ptr()), "TP");
        assert_eq!(e.found, 9);
        assert!(e.has_offset);
        assert!(broken[e.offset..].starts_with("a=fmtp:96 "));
        assert!(cstr(e.message.as_ptr()).starts_with("sdp: line 9: TP"));
        // Writing an unchecked struct fails the same checks.
        let mut c = parse(text.as_bytes()).unwrap();
        c.width = 641;
        let mut err = MaybeUninit::<mf_error>::uninit();
        // SAFETY: valid pointers.
        let s = unsafe { mf_st2110_sdp_validate(&c, err.as_mut_ptr()) };
        assert_eq!(s, MF_STATUS_INVALID_FIELD);
        // SAFETY: written on failure.
        let e = unsafe { err.assume_init() };
        assert_eq!((cstr(e.field.as_ptr()), e.found), ("width", 0));
    }

    #[test]
    fn names_are_the_crates() {
        for (i, s) in Sampling::ALL.iter().enumerate() {
            assert_eq!(cstr(mf_st2110_sampling_str(i as u32)), s.name());
        }
        for (i, d) in Depth::ALL.iter().enumerate() {
            assert_eq!(cstr(mf_st2110_depth_str(i as u32)), d.name());
        }
        for (i, t) in SenderType::ALL.iter().enumerate() {
            assert_eq!(cstr(mf_st2110_sender_type_str(i as u32)), t.name());
        }
        for c in [
            Compliance::Narrow,
            Compliance::NarrowLinear,
            Compliance::Wide,
            Compliance::NotCompliant,
        ] {
            assert_eq!(
                cstr(mf_st2110_compliance_str(compliance_to_c(Some(c)))),
                c.name()
            );
        }
        assert_eq!(cstr(mf_st2110_sampling_str(12)), "unknown");
        assert_eq!(Tcs::ALL.len() as u32, MF_ST2110_TCS_UNSPECIFIED);
        assert_eq!(
            Colorimetry::ALL.len() as u32,
            MF_ST2110_COLORIMETRY_ALPHA + 1
        );
    }

    #[test]
    fn schedule_1080p5994_is_exact() {
        let p = mf_st2110_schedule_params {
            rate_num: 60000,
            rate_den: 1001,
            scan: MF_ST2110_SCAN_PROGRESSIVE,
            height: 1080,
            npackets: 4320,
            sender: MF_ST2110_SENDER_NARROW,
            ..Default::default()
        };
        let mut s = ptr::null_mut();
        let mut info = mf_st2110_schedule_info::default();
        let mut exact = mf_st2110_nanos::default();
        let mut ceil = 0u64;
        // SAFETY: valid pointers; the schedule is freed at the end.
        unsafe {
            assert_eq!(
                mf_st2110_schedule_new(&p, &mut s, ptr::null_mut()),
                MF_STATUS_OK
            );
            assert_eq!(
                mf_st2110_schedule_get_info(s, &mut info, ptr::null_mut()),
                MF_STATUS_OK
            );
            assert_eq!(
                mf_st2110_schedule_departure(s, 1000, 10, &mut exact, &mut ceil, ptr::null_mut()),
                MF_STATUS_OK
            );
            assert_eq!(
                mf_st2110_schedule_departure(s, 0, 4320, &mut exact, &mut ceil, ptr::null_mut()),
                MF_STATUS_OUT_OF_RANGE
            );
            mf_st2110_schedule_free(s);
        }
        let q = |whole, numerator, denominator| mf_st2110_nanos {
            whole,
            numerator,
            denominator,
        };
        assert_eq!(info.tro, q(637_674, 2, 27)); // 17217200/27
        assert_eq!(info.trs, q(3707, 11, 27)); // 100100/27
        assert_eq!(info.tframe, q(16_683_333, 1, 3));
        assert_eq!((info.has_cmax, info.cmax, info.vrx_full), (true, 6, 9));
        assert_eq!(exact, q(16_684_008_081, 13, 27)); // 450468218200/27
        assert_eq!(ceil, 16_684_008_082);
    }

    #[test]
    fn packetizer_and_depacketizer_round_trip() {
        let video = mf_st2110_video {
            sampling: MF_ST2110_SAMPLING_YCBCR_422,
            depth: MF_ST2110_DEPTH_10,
            width: 640,
            height: 360,
            interlaced: false,
        };
        let cfg = mf_st2110_packetizer_config {
            video,
            payload_type: 96,
            ssrc: 7,
            ..Default::default()
        };
        let mut p = ptr::null_mut();
        let mut d = ptr::null_mut();
        let dcfg = mf_st2110_depacketizer_config {
            video,
            has_payload_type: true,
            payload_type: 96,
            reorder_window: 32,
        };
        let (mut npackets, mut frame_bytes) = (0u32, 0usize);
        // SAFETY: valid pointers throughout; both objects are freed at the end.
        unsafe {
            assert_eq!(
                mf_st2110_packetizer_new(&cfg, 65_530, &mut p, ptr::null_mut()),
                MF_STATUS_OK
            );
            assert_eq!(
                mf_st2110_depacketizer_new(&dcfg, &mut d, ptr::null_mut()),
                MF_STATUS_OK
            );
            assert_eq!(
                mf_st2110_packetizer_info(p, &mut npackets, &mut frame_bytes),
                MF_STATUS_OK
            );
            assert_eq!(frame_bytes, 576_000);
            let frame: Vec<u8> = (0..frame_bytes).map(|i| (i * 7 + i / 251) as u8).collect();
            let mut out = [0u8; 1500];
            let mut n = 0usize;
            assert_eq!(
                mf_st2110_packetizer_next(
                    p,
                    frame.as_ptr(),
                    frame.len(),
                    out.as_mut_ptr(),
                    out.len(),
                    &mut n,
                    ptr::null_mut()
                ),
                MF_STATUS_INVALID_ARGUMENT,
                "no field begun"
            );
            assert_eq!(
                mf_st2110_packetizer_begin_field(p, 1, 0),
                MF_STATUS_INVALID_ARGUMENT
            );
            assert_eq!(mf_st2110_packetizer_begin_field(p, 0, 1234), MF_STATUS_OK);
            let mut count = 0u32;
            let mut done = Vec::new();
            loop {
                let s = mf_st2110_packetizer_next(
                    p,
                    frame.as_ptr(),
                    frame.len(),
                    out.as_mut_ptr(),
                    out.len(),
                    &mut n,
                    ptr::null_mut(),
                );
                if s == MF_STATUS_END {
                    break;
                }
                assert_eq!(s, MF_STATUS_OK);
                count += 1;
                let mut c = [mf_st2110_completed::default(); 2];
                let mut k = 9;
                assert_eq!(
                    mf_st2110_depacketizer_push(
                        d,
                        out.as_ptr(),
                        n,
                        c.as_mut_ptr(),
                        &mut k,
                        ptr::null_mut()
                    ),
                    MF_STATUS_OK
                );
                done.extend_from_slice(&c[..k]);
            }
            assert_eq!(count, npackets);
            assert_eq!(done.len(), 1);
            assert!(done[0].complete && done[0].has_rtp_timestamp && done[0].rtp_timestamp == 1234);
            let (mut data, mut len) = (ptr::null(), 0usize);
            assert_eq!(
                mf_st2110_depacketizer_frame(d, done[0].slot, &mut data, &mut len),
                MF_STATUS_OK
            );
            assert_eq!(core::slice::from_raw_parts(data, len), &frame[..]);
            let mut lost = 5usize;
            assert_eq!(
                mf_st2110_depacketizer_lost(d, done[0].slot, ptr::null_mut(), 0, &mut lost),
                MF_STATUS_OK
            );
            assert_eq!(lost, 0);
            let mut next = 0u32;
            assert_eq!(
                mf_st2110_packetizer_next_sequence(p, &mut next),
                MF_STATUS_OK
            );
            assert_eq!(next, 65_530u32.wrapping_add(npackets));

            // The zero-copy parts of the next picture are the same bytes.
            assert_eq!(mf_st2110_packetizer_begin_field(p, 0, 5000), MF_STATUS_OK);
            let mut copy = ptr::null_mut();
            assert_eq!(
                mf_st2110_packetizer_new(&cfg, next, &mut copy, ptr::null_mut()),
                MF_STATUS_OK
            );
            assert_eq!(
                mf_st2110_packetizer_begin_field(copy, 0, 5000),
                MF_STATUS_OK
            );
            let mut parts = MaybeUninit::<mf_st2110_packet_parts>::uninit();
            let mut m = 0;
            while mf_st2110_packetizer_next_parts(p, parts.as_mut_ptr()) == MF_STATUS_OK {
                let parts = parts.assume_init_ref();
                let mut joined = parts.header[..parts.header_len].to_vec();
                for r in &parts.ranges[..parts.n_ranges] {
                    joined.extend_from_slice(&frame[r.offset..r.offset + r.len]);
                }
                assert_eq!(joined.len(), parts.len);
                assert_eq!(
                    mf_st2110_packetizer_next(
                        copy,
                        frame.as_ptr(),
                        frame.len(),
                        out.as_mut_ptr(),
                        out.len(),
                        &mut n,
                        ptr::null_mut()
                    ),
                    MF_STATUS_OK
                );
                assert_eq!(joined, &out[..n]);
                m += 1;
            }
            assert_eq!(m, npackets);
            // A short output buffer says how much is needed and consumes nothing.
            assert_eq!(mf_st2110_packetizer_begin_field(copy, 0, 1), MF_STATUS_OK);
            assert_eq!(
                mf_st2110_packetizer_next(
                    copy,
                    frame.as_ptr(),
                    frame.len(),
                    out.as_mut_ptr(),
                    10,
                    &mut n,
                    ptr::null_mut()
                ),
                MF_STATUS_BUFFER_TOO_SMALL
            );
            assert_eq!(n, 1460);
            mf_st2110_packetizer_free(copy);

            // A packet cut inside the RTP header is refused with its layer.
            let mut err = MaybeUninit::<mf_error>::uninit();
            let mut c = [mf_st2110_completed::default(); 2];
            let mut k = 0;
            assert_eq!(
                mf_st2110_depacketizer_push(
                    d,
                    out.as_ptr(),
                    5,
                    c.as_mut_ptr(),
                    &mut k,
                    err.as_mut_ptr()
                ),
                MF_STATUS_TRUNCATED
            );
            let e = err.assume_init();
            assert_eq!(e.layer, MF_LAYER_RTP);
            let mut counters = mf_st2110_depacketizer_counters::default();
            assert_eq!(
                mf_st2110_depacketizer_get_counters(d, &mut counters),
                MF_STATUS_OK
            );
            assert_eq!((counters.invalid, counters.complete), (1, 1));
            mf_st2110_packetizer_free(p);
            mf_st2110_depacketizer_free(d);
        }
    }
}
