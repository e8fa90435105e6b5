//! IGMP (v1, v2, v3) and MLD (v1, v2) for mediafabric.
//!
//! This crate will hold the wire formats of RFC 1112, RFC 2236, RFC 9776, RFC 2710 and
//! RFC 9777, and sans-IO host and router state machines.
//!
//! **Status:** in progress. [`wire`] reads and writes every message of IGMPv1/v2/v3 and
//! MLDv1/v2 (checksums, the Max Resp Code and QQIC codes, group records) and frames them in
//! IPv4/IPv6 as the RFCs require. [`router`] holds the router's per-interface group
//! state with every row of the RFC 9776 §6.4 action tables and the §6.5 timers; querier
//! election, compatibility modes and the host state machine are still to come (issue
//! "IGMP and MLD").
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

pub mod error;
pub mod host;
pub mod router;
pub mod wire;

pub use error::{Error, Result};

/// The IP protocol number of IGMP (RFC 1112 Appendix I).
pub const IP_PROTOCOL: u8 = 2;
/// The all-systems group, 224.0.0.1 (RFC 1112 §4).
pub const ALL_SYSTEMS: [u8; 4] = [224, 0, 0, 1];
/// The IGMPv3 routers group, 224.0.0.22 (RFC 9776 §4.2.14).
pub const ALL_V3_ROUTERS: [u8; 4] = [224, 0, 0, 22];
