//! IEEE 1588-2019 Precision Time Protocol for mediafabric.
//!
//! This crate will hold the PTP wire format (every message and TLV of IEEE 1588-2019
//! §13 and §14), the sans-IO clock engine (BMCA, port state machine, servos) and the
//! profiles (SMPTE ST 2059-2, AES67, IEEE 802.1AS, ITU-T G.8275.x, ...).
//!
//! **Status:** not yet implemented. The wire format is tracked by the issue
//! "PTP wire format", the engine by "PTP engine". Today the crate only fixes the
//! layout and the feature flags that the rest of the workspace builds against.
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

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

/// The PTP event message UDP port (IEEE 1588-2019 Annex C.2).
pub const EVENT_PORT: u16 = 319;
/// The PTP general message UDP port (IEEE 1588-2019 Annex C.2).
pub const GENERAL_PORT: u16 = 320;
/// The PTP ethertype for the Layer 2 transport (IEEE 1588-2019 Annex E).
pub const ETHERTYPE: u16 = 0x88F7;
