//! IGMP (v1, v2, v3) and MLD (v1, v2) for mediafabric.
//!
//! The wire formats of RFC 1112, RFC 2236, RFC 9776, RFC 2710 and RFC 9777, and sans-IO
//! host and router state machines, all without a heap:
//!
//! - [`wire`] reads and writes every message of IGMPv1/v2/v3 and MLDv1/v2 (checksums,
//!   the Max Resp Code and QQIC codes, group records with source lists and auxiliary
//!   data) and frames them in IPv4/IPv6 as the RFCs require (Router Alert, TTL or hop
//!   limit 1, the right destination).
//! - [`router`] is a multicast router on one interface: the group state of RFC 9776
//!   §6.4 with the §6.5 timers, querier election (§6.6.2), group- and
//!   group-and-source-specific queries with the S flag and retransmissions (§6.6.3),
//!   older-version host compatibility (§7.3), the robustness checks of §9 with every
//!   drop counted, and forwarding events for a data plane. [`router::IgmpRouter`] and
//!   [`router::MldRouter`] are its two families.
//! - [`host`] is a multicast host on one interface: per-socket filters merged per §3.2,
//!   state-change reports with retransmission (§5.1), answers to queries (§5.2), and
//!   IGMPv1/v2 / MLDv1 compatibility (§7.2). [`host::IgmpHost`] and [`host::MldHost`].
//!
//! Both state machines are checked against the Linux kernel (its reports replayed, its
//! answers to our queries, its IGMPv2 mode) and a Linux bridge (snooping learns our
//! host's reports; querier election both ways), and fuzzed.
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
