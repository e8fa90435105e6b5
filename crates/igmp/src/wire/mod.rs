//! IGMP and MLD wire formats: zero-copy parsing, emitting into caller buffers.
//!
//! - [`igmp`]: IGMPv1 (RFC 1112), IGMPv2 (RFC 2236), IGMPv3 (RFC 9776).
//! - [`mld`]: MLDv1 (RFC 2710), MLDv2 (RFC 9777).
//! - [`records`]: source lists and group records shared by IGMPv3 and MLDv2.
//! - [`codec`]: the Max Resp Code / QQIC floating-point codes.
//! - [`frame`]: IPv4 (Router Alert, TTL 1) and IPv6 (Hop-by-Hop Router Alert) framing.

pub mod codec;
pub mod frame;
pub mod igmp;
pub mod mld;
pub mod records;

pub use records::{AddrIter, AddrList, GroupRecord, RecordIter, RecordType, Records, WireAddr};
