//! SMPTE ST 2110 RTP essences for mediafabric.
//!
//! This crate will hold RTP (RFC 3550), ST 2110-20 video (RFC 4175), ST 2110-21 pacing
//! and its compliance analysis, ST 2110-10 timing and SDP, and ST 2022-7 redundancy.
//!
//! **Status:** in progress (issue "ST 2110 video"). [`rtp`] reads and writes RTP
//! packets (RFC 3550 §5.1: CSRCs, header extension with RFC 8285 elements, padding)
//! zero-copy; [`rfc4175`] reads and writes the ST 2110-20 / RFC 4175 payload header
//! (Extended Sequence Number, Sample Row Data headers) with each row's data as a slice;
//! [`format`] knows every sampling and depth of ST 2110-20 and its pgroup.
//! Packetizer, depacketizer, -21 pacing and analysis, -10 timing and SDP are to come.
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
pub mod rfc4175;
pub mod rtp;
pub mod sdp;
pub mod video;

pub use error::{Error, Layer, Result};

/// The RTP clock rate of every ST 2110-20 video stream (SMPTE ST 2110-10 §6.2), in Hz.
pub const VIDEO_CLOCK_RATE: u32 = 90_000;
