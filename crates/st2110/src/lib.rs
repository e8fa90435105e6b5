//! SMPTE ST 2110 RTP essences for mediafabric.
//!
//! This crate will hold RTP (RFC 3550), ST 2110-20 video (RFC 4175), ST 2110-21 pacing
//! and its compliance analysis, ST 2110-10 timing and SDP, and ST 2022-7 redundancy.
//!
//! **Status:** ST 2110-20 video end to end, in progress towards the rest (issue "ST 2110
//! video"):
//!
//! - [`rtp`]: RTP packets (RFC 3550 §5.1: CSRCs, header extension with RFC 8285
//!   elements, padding), zero-copy.
//! - [`rfc4175`]: the ST 2110-20 / RFC 4175 payload header (Extended Sequence Number,
//!   Sample Row Data headers), each row's data a slice of the packet.
//! - [`format`]: every sampling and depth of ST 2110-20 and its pgroup; [`video`]: the
//!   frame buffer layout (pgroup rows, 4:2:0 line pairs, interlaced fields) and I420
//!   conversion.
//! - [`packetize`]: the packetizer (GPM and BPM, standard and extended UDP sizes; copying
//!   or zero-copy scatter-gather); [`depacketize`]: reassembly into caller buffers with
//!   exact loss reporting.
//! - [`pacing`]: ST 2110-21 in exact arithmetic (TFRAME, NPACKETS, TRS, TRO, CMAX,
//!   VRX_FULL, every packet's departure), a pacer, and the CInst/VRX analyzer with the
//!   -10 measures (first packet time, RTP offset, latency).
//! - [`sdp`]: RFC 8866 / ST 2110-20 SDP parsed, validated and written (with -10 and -21
//!   attributes, RFC 7273 clocks, RFC 4570 source filters, ST 2022-7 DUP groups).
//!
//! - [`redundancy`]: SMPTE ST 2022-7 seamless protection (hitless merge of two legs with
//!   per-leg loss counters).
//!
//! The -30/-31/-40/-22/-41 essences are still to come.
//!
//! # Cargo features
//!
//! - `std` (default): implies `alloc`.
//! - `alloc`: growable containers where fixed capacity is not required.
//!
//! Without default features the crate is `#![no_std]` and allocates nothing.
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[cfg(feature = "alloc")]
extern crate alloc;

pub mod depacketize;
pub mod error;
pub mod format;
pub mod pacing;
pub mod packetize;
pub mod redundancy;
pub mod rfc4175;
pub mod rtp;
pub mod sdp;
pub mod video;

pub use error::{Error, Layer, Result};

/// The RTP clock rate of every ST 2110-20 video stream (SMPTE ST 2110-10 §6.2), in Hz.
pub const VIDEO_CLOCK_RATE: u32 = 90_000;
