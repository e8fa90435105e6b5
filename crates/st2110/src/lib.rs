//! SMPTE ST 2110 RTP essences for mediafabric.
//!
//! This crate will hold RTP (RFC 3550), ST 2110-20 video (RFC 4175), ST 2110-21 pacing
//! and its compliance analysis, ST 2110-10 timing and SDP, and ST 2022-7 redundancy.
//!
//! **Status:** not yet implemented; tracked by the issue "ST 2110 video". Today the
//! crate only fixes the layout and the feature flags.
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

/// The RTP clock rate of every ST 2110-20 video stream (SMPTE ST 2110-10 §6.2), in Hz.
pub const VIDEO_CLOCK_RATE: u32 = 90_000;
