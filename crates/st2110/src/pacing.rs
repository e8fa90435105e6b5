//! SMPTE ST 2110-21 traffic shaping and delivery timing, in exact rational arithmetic.
//!
//! - [`Schedule`]: the sender parameters of a stream (TFRAME, NPACKETS, RACTIVE, TRS,
//!   TRO, TDRAIN, CMAX, VRX_FULL) and the exact read time of every packet of every
//!   frame, on a common grid of `1 / D` ns so that any number of frames adds up exactly.
//! - [`packets_per_frame`]: NPACKETS from the ST 2110-20 packetization ([`Packing`]).
//! - [`Pacer`]: releases each packet at its departure time by a [`Clock`], never early,
//!   so a sender built on it is compliant by construction.
//! - [`Analyzer`]: CInst and VRX from arrival times, first packet time, RTP offset,
//!   latency and RTP timestamp deltas per frame, and the stream's class
//!   ([`Compliance`]) with the frame that decided it ([`Worst`]).
//! - [`Nanos`]: an exact fraction of a nanosecond; `Display` prints a terminating
//!   decimal (`764444.5`) or `numerator/denominator` (`6880000/9`).
//!
//! No floating point is used, nothing allocates, and the per-packet paths (the pacer's
//! release, the analyzer's push, [`Schedule::departure`]) do a few integer operations.
//!
//! # The model (ST 2110-21:2017, with the clause numbers its implementers cite)
//!
//! Times are measured from the SMPTE Epoch (SMPTE ST 2059-1 §6): frame `N` has its
//! alignment point at `N * TFRAME`.
//!
//! | quantity | value | clause |
//! |---|---|---|
//! | TFRAME | `1 / frame rate`; for interlaced and PsF video the period of a whole frame (two fields) | §3 |
//! | NPACKETS | packets per frame (both fields) | §3 |
//! | RACTIVE, gapped | 1080/1125 for every progressive raster; interlaced/PsF per Table 1: 487/525 (up to 487 lines), 576/625 (up to 576), 1080/1125 (up to 1080) | §6.3.2, §6.3.3 |
//! | RACTIVE, linear | 1 | §6.4 |
//! | TRS | `TFRAME * RACTIVE / NPACKETS` | §6.3.2, §6.4 |
//! | TRO_DEFAULT, progressive | `43/1125 * TFRAME` from 1080 active lines up, `28/750 * TFRAME` below (720p) | §6.3.2 |
//! | TRO_DEFAULT, interlaced/PsF | `22/1125`, `26/625`, `20/525` of TFRAME (Table 1); the linear schedule uses the same | §6.3.3, §6.4 |
//! | TRO | TRO_DEFAULT, or the SDP `TROFF` (µs), `0 <= TRO < TFRAME` | §6.2, §8.1 |
//! | TPRj (read time) | `TVD + j * TRS`, `TVD = N * TFRAME + TRO`; gapped interlaced second field: `TVD + TFRAME/2 + TLINE/2 + (j - NPACKETS/2) * TRS`, TLINE = TFRAME / total lines | §6.2, §6.3, §6.4 |
//! | TDRAIN | `TFRAME / NPACKETS / β`, β = 1.1, drains at `k * TDRAIN` since the epoch | §6.6.1, §7.1 |
//! | CMAX, narrow (N, NL) | `max(4, floor(NPACKETS / (43200 * RACTIVE * TFRAME)))` | §7.1.2, §7.1.3 |
//! | CMAX, wide (W) | `max(16, floor(NPACKETS / (21600 * TFRAME)))`, only below 900 000 packets/s | §7.1.4 |
//! | VRX_FULL, narrow | `max(8 * 1500 / MAXUDP, floor(NPACKETS / (27000 * TFRAME)))` | §7.1.2, §7.1.3 |
//! | VRX_FULL, wide | `max(720 * 1500 / MAXUDP, floor(NPACKETS / (300 * TFRAME)))` | §7.1.4 |
//!
//! MAXUDP in the VRX_FULL floors is 1500 under the Standard UDP Size Limit and the
//! declared `MAXUDP` otherwise. Type N senders are read on the gapped schedule, types NL
//! and W on the linear one.
//!
//! The SMPTE text itself is not public; every row was checked against at least two
//! independent implementations of it, which agree:
//!
//! - EBU LIST (`ebu/pi-list`, `cpp/libs/st2110/lib/src/ebu/list/st2110/d21/settings.cpp`:
//!   RACTIVE, TRO multipliers, CMAX and VRX_FULL with the `1500 * 8 / MAXIP` floor;
//!   `c_calculator.cpp`: TDRAIN with β = 11/10; `compliance.cpp`: the class ladder).
//! - Intel's Media Transport Library (`OpenVisualCloud/Media-Transport-Library`,
//!   `lib/src/st2110/st_tx_video_session.c` pacing, `st_rx_timing_parser.c` and
//!   `st_rx_ebu.c`: the same CMAX/VRX_FULL, FPT, RTP offset, latency and delta checks;
//!   `st_header.h`: 1260-octet BPM packets).
//! - NVIDIA's Rivermax samples (`calculate_send_time_ns`, citing §6.3.2/§6.3.3): the
//!   same RACTIVE and TRO table, with TFRAME a whole frame for interlaced video.
//! - An open-source Python model of ST 2110-21:2022 (pyst2110): Table 1 with TLINE and
//!   the second-field offset, the epoch-anchored drain grid, 900 000 packets/s for
//!   wide CMAX, MAXUDP scaling of VRX_FULL, gapped for N and linear for NL and W.
//! - A vendor's published TRO values (`tr_offset.h`): 637 674 ns (1080p/2160p59.94),
//!   764 444 (1080p/2160p50), 652 503 (1080i59.94), 782 222 (1080i50), 637 037
//!   (1080p60), 651 851 (1080i60): the floors of the exact values here.
//!
//! TRS at 1080p59.94 with 4320 packets per frame (4:2:2 10-bit, four packets per
//! 4800-octet row under the 1460-octet limit) is `100100/27` = 3707.4 ns, TRO
//! `17217200/27` = 637 674.07 ns, CMAX 6 and VRX_FULL 9:
//!
//! ```
//! use mediafabric_ptp::st2059::Rate;
//! use mediafabric_st2110::format::{Depth, Format, Sampling};
//! use mediafabric_st2110::pacing::{self, Nanos, Packing, Scan, Schedule, SenderType};
//!
//! let uyvp = Format::new(Sampling::YCbCr422, Depth::Bits10);
//! let n = pacing::packets_per_frame(
//!     uyvp, 1920, 1080, Scan::Progressive, Packing::SingleRow { max_udp: 1460 })?;
//! assert_eq!(n, 4320);
//! let s = Schedule::new(Rate::FPS_59_94, Scan::Progressive, 1080, n, SenderType::Narrow)?;
//! assert_eq!(s.tframe(), Nanos::new(50_050_000, 3).unwrap());
//! assert_eq!(s.trs().to_string(), "100100/27");
//! assert_eq!(s.tro().floor(), 637_674);
//! assert_eq!((s.cmax(), s.vrx_full()), (Some(6), 9));
//! // Packet 10 of frame 1000: 1000 * TFRAME + TRO + 10 * TRS.
//! assert_eq!(s.departure(1000, 10)?.to_string(), "450468218200/27");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Receiver measurements
//!
//! CInst is the bucket's content just after a packet entered it and every drain tick at
//! or before its arrival was applied (at least 1); VRX the virtual receiver buffer's
//! content just after a packet entered and every read due at that instant was taken (0
//! for a sender on the read times; below 0 is an underflow, not compliant). The class
//! is narrow (or narrow linear, on the linear schedule) when the peaks are within the
//! narrow CMAX and VRX_FULL, else wide within the wide ones, else not compliant, as EBU
//! LIST judges it. EBU LIST and the Media Transport Library count CInst without the
//! arriving packet (one less) and anchor its drain grid at the first packet
//! ([`DrainOrigin::FirstPacket`] does the latter).

mod analyze;
mod error;
mod exact;
mod pacer;
mod packets;
mod schedule;

pub use analyze::{
    Analyzer, Arrival, Compliance, Datum, DrainOrigin, Extreme, FrameSummary, Limits, Measure,
    Report, Worst,
};
pub use error::Error;
pub use exact::Nanos;
pub use pacer::{Clock, Pacer, Release};
pub use packets::{
    BPM_BLOCK, BPM_PACKET_OCTETS, EXTENDED_SEQUENCE_NUMBER, EXTENDED_UDP_SIZE_LIMIT, Packing,
    RTP_HEADER, SRD_HEADER, packets_per_frame,
};
pub use schedule::{
    BETA, ReadSchedule, STANDARD_UDP_SIZE_LIMIT, Scan, Schedule, SenderType, WIDE_CMAX_PACKET_RATE,
};
