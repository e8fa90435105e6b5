//! IEEE 1588-2019 Precision Time Protocol for mediafabric.
//!
//! This crate will hold the PTP wire format (every message and TLV of IEEE 1588-2019
//! §13 and §14), the sans-IO clock engine (BMCA, port state machine, servos) and the
//! profiles (SMPTE ST 2059-2, AES67, IEEE 802.1AS, ITU-T G.8275.x, ...).
//!
//! **Status:** in progress. [`wire`] reads and writes the common header and the ten
//! message bodies, iterates TLVs zero-copy, names every managementId, frames messages
//! for Layer 2, UDP/IPv4 and UDP/IPv6 and updates framed messages in place for one-step
//! and transparent clocks. Typed TLV bodies (management data sets, organization
//! extensions, unicast negotiation, ...) and builders are still to come (issue "PTP
//! wire format"); the engine has not been started (issue "PTP engine").
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

pub use wire::transport::{ETHERTYPE, EVENT_PORT, GENERAL_PORT};
