//! IEEE 1588-2019 Precision Time Protocol for mediafabric.
//!
//! This crate will hold the PTP wire format (every message and TLV of IEEE 1588-2019
//! §13 and §14), the sans-IO clock engine (BMCA, port state machine, servos) and the
//! profiles (SMPTE ST 2059-2, AES67, IEEE 802.1AS, ITU-T G.8275.x, ...).
//!
//! **Status:** in progress. [`wire`] reads and writes the common header, the ten
//! message bodies and iterates TLVs zero-copy; typed TLV bodies (management,
//! organization extensions, unicast negotiation, ...), transports and builders are
//! still to come (issue "PTP wire format"), and the engine has not been started
//! (issue "PTP engine").
//!
//! # Cargo features
//!
//! - `std` (default): implies `alloc`; enables `std::error::Error` integration.
//! - `alloc`: growable containers where fixed capacity is not required.
//!
//! Without default features the crate is `#![no_std]` and allocates nothing.
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod error;
pub mod wire;

pub use error::{Error, Result};

/// The PTP event message UDP port (IEEE 1588-2019 Annex C.2).
pub const EVENT_PORT: u16 = 319;
/// The PTP general message UDP port (IEEE 1588-2019 Annex C.2).
pub const GENERAL_PORT: u16 = 320;
/// The PTP ethertype for the Layer 2 transport (IEEE 1588-2019 Annex E).
pub const ETHERTYPE: u16 = 0x88F7;
