//! IEEE 1588-2019 Precision Time Protocol for mediafabric.
//!
//! This crate will hold the PTP wire format (every message and TLV of IEEE 1588-2019
//! §13 and §14), the sans-IO clock engine (BMCA, port state machine, servos) and the
//! profiles (SMPTE ST 2059-2, AES67, IEEE 802.1AS, ITU-T G.8275.x, ...).
//!
//! **Status:** the wire format is complete: [`wire`] reads and writes the common header
//! and all ten messages (owned [`wire::Message`] and the zero-copy [`wire::MessageView`]),
//! iterates TLVs zero-copy and types every TLV of IEEE 1588-2019 (management with every
//! managementId of Table 59, error status, organization extensions with the SMPTE ST
//! 2059-2, IEEE 802.1AS and IEEE C37.238 ones typed, unicast negotiation, path trace,
//! alternate time offset, authentication, enhanced accuracy metrics, pad), frames
//! messages for Layer 2, UDP/IPv4 and UDP/IPv6, updates framed messages in place for
//! one-step and transparent clocks, and builds messages from a few fields
//! ([`wire::builder`]). Unknown TLVs and values are kept and re-emitted byte for byte;
//! reserved fields are written as zero. [`st2059`] does the SMPTE ST 2059-1 time
//! arithmetic exactly (no floating point): frame rates as reduced fractions, alignment
//! points and frame counts since the SMPTE Epoch, RTP timestamps of any instant or frame
//! (shared with the ST 2110 crate), and SMPTE ST 12-1 time code with drop frame, local
//! offsets, daylight saving and jams from the ST 2059-2 synchronization metadata. The
//! clock engine (BMCA, port state machine, servos, profiles) is the next step (issue
//! "PTP engine").
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
pub mod st2059;
pub mod wire;

pub use error::{Error, Result};

pub use wire::transport::{ETHERTYPE, EVENT_PORT, GENERAL_PORT};
