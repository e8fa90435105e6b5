//! The IGMP / MLD multicast router of one interface for C ([`mediafabric_igmp::router`]).
//!
//! One opaque handle, `mf_igmp_router`, runs either protocol: the family of the
//! configured address picks IGMP (IPv4, RFC 9776 with RFC 2236 / RFC 1112
//! compatibility) or MLD (IPv6, RFC 9777 with RFC 2710 compatibility). The router keeps
//! the state of up to [`MF_IGMP_ROUTER_MAX_GROUPS`] groups of up to
//! [`MF_IGMP_ROUTER_MAX_SOURCES`] sources each, in one heap allocation made by
//! `mf_igmp_router_new`; nothing is allocated per packet except queue growth.
//!
//! The C caller drives it the same way a Rust caller drives [`Router`]:
//!
//! - `mf_igmp_router_receive` hands in one received IP packet and says whether it was
//!   accepted (and as what) or dropped (and why, `MF_IGMP_DROP_*`);
//! - `mf_igmp_router_poll` runs what is due; `mf_igmp_router_next_deadline` says when;
//! - both queue what the router produced inside the handle: forwarding events, read with
//!   `mf_igmp_router_next_event`, and queries to transmit, read with
//!   `mf_igmp_router_peek_query` (a description) and `mf_igmp_router_next_query` /
//!   `mf_igmp_router_next_query_frame` (written as an IP packet or Ethernet frame).
//!   The queues are bounded ([`MF_IGMP_ROUTER_EVENT_QUEUE`],
//!   [`MF_IGMP_ROUTER_QUERY_QUEUE`]); what does not fit is counted in
//!   `mf_igmp_router_counters` (`events_lost`, `queries_lost`), never silently lost.
//!   Drain both after every call.
//!
//! Time is `uint64_t` nanoseconds since an epoch of the caller's choosing, from a
//! monotonic clock. Deadlines and timers read back are in the same unit;
//! [`MF_IGMP_TIME_NONE`] (`UINT64_MAX`) stands for "not running".
//!
//! Versions are given and reported in the protocol's own numbering: IGMP 1, 2, 3; MLD
//! 1, 2.
//!
//! Nothing here decides anything about the protocol: every outcome is the crate's.

use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use core::ptr;
use core::time::Duration;
use std::collections::VecDeque;

use mediafabric_igmp::Error;
use mediafabric_igmp::router::{
    Accepted, DropReason, Event, FilterMode, Group, Query, QueryKind, Router, RouterConfig, Sink,
    Timers, Version,
};

use crate::{
    Failure, MF_IP_FAMILY_V4, MF_IP_FAMILY_V6, MF_LAYER_IGMP, MF_LAYER_IPV4, MF_LAYER_IPV6,
    MF_LAYER_MLD, MF_LAYER_NONE, MF_STATUS_END, MF_STATUS_OK, guard, guard_value, in_slice,
    mf_error, mf_ip_addr, mf_ip_family, mf_layer, mf_status, non_null, non_null_mut, out_slice,
    write_array,
};

// ---------------------------------------------------------------------------------
// Sizes and constants
// ---------------------------------------------------------------------------------

/// Groups one `mf_igmp_router` keeps state for. A report about a further group is not
/// applied and gives an `MF_IGMP_EVENT_GROUP_LIMIT` event (and `group_limit` counts it).
pub const MF_IGMP_ROUTER_MAX_GROUPS: usize = 1024;
/// Source records one group of an `mf_igmp_router` holds. A further source gives an
/// `MF_IGMP_EVENT_SOURCE_LIMIT` event (and `source_limit` counts it).
pub const MF_IGMP_ROUTER_MAX_SOURCES: usize = 64;
/// Forwarding events the router's queue holds: enough for every group and every source
/// of a full table to change in one call. Further events are counted in `events_lost`.
pub const MF_IGMP_ROUTER_EVENT_QUEUE: usize =
    MF_IGMP_ROUTER_MAX_GROUPS * (MF_IGMP_ROUTER_MAX_SOURCES + 2);
/// Queries the router's queue holds. Further queries are counted in `queries_lost`.
pub const MF_IGMP_ROUTER_QUERY_QUEUE: usize = 4 * MF_IGMP_ROUTER_MAX_GROUPS;
/// Bytes that hold any query the router writes, as an IP packet or an Ethernet frame:
/// an IPv6 header with Hop-by-Hop Router Alert (48), an MLDv2 query (28),
/// `MF_IGMP_ROUTER_MAX_SOURCES` IPv6 sources, and an Ethernet header (14).
pub const MF_IGMP_ROUTER_QUERY_BUF_LEN: usize = 14 + 48 + 28 + 16 * MF_IGMP_ROUTER_MAX_SOURCES;

/// A time that is not set: a timer that is not running, no deadline.
pub const MF_IGMP_TIME_NONE: u64 = u64::MAX;

const G: usize = MF_IGMP_ROUTER_MAX_GROUPS;
const S: usize = MF_IGMP_ROUTER_MAX_SOURCES;

/// Why a packet was dropped (`MF_IGMP_DROP_*`). The router and the host share these
/// numbers; the host uses the subset that applies to it.
pub type mf_igmp_drop_reason = u32;

/// Not dropped.
pub const MF_IGMP_DROP_NONE: mf_igmp_drop_reason = 0;
/// Not a well-formed IP packet or IGMP/MLD message (truncated, bad length, a query of
/// 9 to 11 bytes, RFC 9776 §7.1). `detail` says where.
pub const MF_IGMP_DROP_MALFORMED: mf_igmp_drop_reason = 1;
/// Not IGMP (IPv4 protocol other than 2) or not ICMPv6.
pub const MF_IGMP_DROP_NOT_IGMP: mf_igmp_drop_reason = 2;
/// An IGMP or ICMPv6 type that is not IGMP/MLD (RFC 9776 §4, RFC 9777 §5).
pub const MF_IGMP_DROP_UNKNOWN_TYPE: mf_igmp_drop_reason = 3;
/// A wrong IPv4 header, IGMP or ICMPv6 checksum (RFC 9776 §4.1.2, RFC 9777 §5.1.2).
pub const MF_IGMP_DROP_BAD_CHECKSUM: mf_igmp_drop_reason = 4;
/// TTL or hop limit other than 1 (RFC 9776 §4, RFC 9777 §5).
pub const MF_IGMP_DROP_BAD_TTL: mf_igmp_drop_reason = 5;
/// No Router Alert option while the configuration requires one.
pub const MF_IGMP_DROP_NO_ROUTER_ALERT: mf_igmp_drop_reason = 6;
/// A source that may not send this message (RFC 9777 §5.1.14, §5.2.14).
pub const MF_IGMP_DROP_BAD_SOURCE: mf_igmp_drop_reason = 7;
/// An IGMP report from outside the interface's subnet (RFC 9776 §9.2).
pub const MF_IGMP_DROP_OFF_LINK: mf_igmp_drop_reason = 8;
/// A report or leave sent to a unicast address that is not ours.
pub const MF_IGMP_DROP_WRONG_DESTINATION: mf_igmp_drop_reason = 9;
/// A message about an address that is not a group one reports (224.0.0.1, ff02::1, a
/// unicast address).
pub const MF_IGMP_DROP_INVALID_GROUP: mf_igmp_drop_reason = 10;
/// Our own query, looped back.
pub const MF_IGMP_DROP_OWN_QUERY: mf_igmp_drop_reason = 11;
/// An IGMPv3 / MLDv2 report to a router run as an older version.
pub const MF_IGMP_DROP_UNSUPPORTED_VERSION: mf_igmp_drop_reason = 12;
/// An older-version report or leave about an SSM group (RFC 9776 §7.3.2).
pub const MF_IGMP_DROP_SSM_OLDER_VERSION: mf_igmp_drop_reason = 13;
/// A leave ignored by the compatibility rules (RFC 9776 §7.3.2).
pub const MF_IGMP_DROP_IGNORED_BY_COMPATIBILITY: mf_igmp_drop_reason = 14;
/// A reason this version of the C API has no number for (a newer library reason).
pub const MF_IGMP_DROP_OTHER: mf_igmp_drop_reason = 31;
/// Size of `mf_igmp_router_counters.dropped`: every `MF_IGMP_DROP_*` value indexes it.
pub const MF_IGMP_DROP_REASON_COUNT: usize = 32;

/// What kind of message a router accepted (`MF_IGMP_ACCEPTED_*`).
pub type mf_igmp_accepted = u32;

/// Nothing accepted: the packet was dropped.
pub const MF_IGMP_ACCEPTED_NONE: mf_igmp_accepted = 0;
/// A query (any version).
pub const MF_IGMP_ACCEPTED_QUERY: mf_igmp_accepted = 1;
/// An IGMPv1/v2 or MLDv1 report.
pub const MF_IGMP_ACCEPTED_REPORT: mf_igmp_accepted = 2;
/// An IGMPv2 leave or MLDv1 done.
pub const MF_IGMP_ACCEPTED_LEAVE: mf_igmp_accepted = 3;
/// An IGMPv3 or MLDv2 report.
pub const MF_IGMP_ACCEPTED_REPORT_V3: mf_igmp_accepted = 4;

/// What kind of query (`MF_IGMP_QUERY_*`).
pub type mf_igmp_query_kind = u32;

/// Not a query.
pub const MF_IGMP_QUERY_NONE: mf_igmp_query_kind = 0;
/// General Query.
pub const MF_IGMP_QUERY_GENERAL: mf_igmp_query_kind = 1;
/// Group-Specific (Multicast Address Specific) Query.
pub const MF_IGMP_QUERY_GROUP: mf_igmp_query_kind = 2;
/// Group-and-Source-Specific (Multicast Address and Source Specific) Query.
pub const MF_IGMP_QUERY_GROUP_AND_SOURCE: mf_igmp_query_kind = 3;

/// A forwarding event's kind (`MF_IGMP_EVENT_*`).
pub type mf_igmp_event_kind = u32;

/// Start forwarding traffic of `source` to `group`; without a source: of every source
/// that has no decision of its own (the group went to EXCLUDE mode).
pub const MF_IGMP_EVENT_FORWARD: mf_igmp_event_kind = 1;
/// Stop forwarding it; without a source: the group went to INCLUDE mode or was
/// deleted, and every per-source decision of the group is dropped too.
pub const MF_IGMP_EVENT_STOP_FORWARDING: mf_igmp_event_kind = 2;
/// A record for a new group was not applied: the table is full.
pub const MF_IGMP_EVENT_GROUP_LIMIT: mf_igmp_event_kind = 3;
/// A source was not recorded: the group is full.
pub const MF_IGMP_EVENT_SOURCE_LIMIT: mf_igmp_event_kind = 4;

/// A filter mode (`MF_IGMP_FILTER_*`): of a router's group (RFC 9776 §6.2.1) or of a
/// host's socket or interface state (§3.1, §3.2).
pub type mf_igmp_filter_mode = u32;

/// INCLUDE: only the listed sources.
pub const MF_IGMP_FILTER_INCLUDE: mf_igmp_filter_mode = 1;
/// EXCLUDE: every source but the listed ones.
pub const MF_IGMP_FILTER_EXCLUDE: mf_igmp_filter_mode = 2;

// ---------------------------------------------------------------------------------
// Plain-data structs
// ---------------------------------------------------------------------------------

/// The timer values of a router (RFC 9776 §8, RFC 9777 §9).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct mf_igmp_timers {
    /// Robustness Variable (§8.1, default 2; at least 1).
    pub robustness: u32,
    /// Query Interval (§8.2, default 125 s).
    pub query_interval_ns: u64,
    /// Query Response Interval (§8.3, default 10 s; less than the Query Interval).
    pub query_response_interval_ns: u64,
    /// Last Member (Listener) Query Interval (§8.8, default 1 s; not 0).
    pub last_member_query_interval_ns: u64,
}

/// A router's configuration for one interface. Fill it with
/// `mf_igmp_router_config_init` and change what differs.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct mf_igmp_router_config {
    /// Our address on the interface; its family selects IGMP (`MF_IP_FAMILY_V4`) or MLD
    /// (`MF_IP_FAMILY_V6`, a link-local address, RFC 9777 §5.1.14). It is the source of
    /// our queries and our rank in the querier election.
    pub address: mf_ip_addr,
    /// The timers.
    pub timers: mf_igmp_timers,
    /// Startup Query Count (§8.7); 0 means the Robustness Variable.
    pub startup_query_count: u32,
    /// Startup Query Interval (§8.6); 0 means a quarter of the Query Interval.
    pub startup_query_interval_ns: u64,
    /// The version the router runs (§7.3.1), in the protocol's numbering: IGMP 1, 2 or
    /// 3; MLD 1 or 2. Default the newest (3, or 2 for MLD).
    pub version: u8,
    /// Drop messages without a Router Alert option (IGMPv1 messages are exempt).
    /// Default true.
    pub require_router_alert: bool,
    /// Whether this router may be the querier (§6.6.2). Default true.
    pub querier: bool,
    /// SSM-aware (RFC 9776 §6.4, §7.3.2, RFC 4604). Default true.
    pub ssm_aware: bool,
    /// Whether `prefix_len` is set. Default false: reports from any unicast source are
    /// accepted.
    pub has_prefix_len: bool,
    /// The interface's IPv4 prefix length (0 to 32): IGMP reports from sources outside
    /// `address/prefix_len` (other than 0.0.0.0) are dropped as off-link (RFC 9776
    /// §9.2). Not used for MLD (0 to 128 accepted).
    pub prefix_len: u8,
    /// The link MTU, bounding the sources per query (RFC 9776 §4.1.8). Default 1500.
    pub mtu: usize,
}

/// What `mf_igmp_router_receive` did with a packet: accepted as `accepted`, or dropped
/// for `drop_reason`. Members that do not apply are zero.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mf_igmp_router_result {
    /// What was accepted (`MF_IGMP_ACCEPTED_*`), or `MF_IGMP_ACCEPTED_NONE` when dropped.
    pub accepted: mf_igmp_accepted,
    /// Why the packet was dropped (`MF_IGMP_DROP_*`), or `MF_IGMP_DROP_NONE`.
    pub drop_reason: mf_igmp_drop_reason,
    /// The sender (accepted packets).
    pub from: mf_ip_addr,
    /// The message's version in the protocol's numbering (IGMP 1-3, MLD 1-2).
    pub version: u8,
    /// For a query: which kind (`MF_IGMP_QUERY_*`).
    pub query_kind: mf_igmp_query_kind,
    /// The group of a query (unspecified for a General Query), report or leave.
    pub group: mf_ip_addr,
    /// For a query: its S flag (Suppress Router-Side Processing).
    pub s_flag: bool,
    /// For a query: whether it changed the querier election's outcome.
    pub querier_changed: bool,
    /// For an IGMPv3 / MLDv2 report: group records applied.
    pub records_applied: u32,
    /// For an IGMPv3 / MLDv2 report: group records ignored (unknown type, not a
    /// reportable group, SSM rules, compatibility mode).
    pub records_ignored: u32,
    /// Whether `detail` holds why a malformed packet or bad checksum was refused.
    pub has_detail: bool,
    /// The parse error behind `MF_IGMP_DROP_MALFORMED`, `_NOT_IGMP`, `_UNKNOWN_TYPE` or
    /// `_BAD_CHECKSUM`, when the library has one: status, layer, offset, field.
    pub detail: mf_error,
}

/// A forwarding event for the data plane (RFC 9776 §6.3). Applied in order, the events
/// keep a consumer in agreement with `mf_igmp_router_forwards`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct mf_igmp_event {
    /// What happened (`MF_IGMP_EVENT_*`).
    pub kind: mf_igmp_event_kind,
    /// The group.
    pub group: mf_ip_addr,
    /// Whether `source` is set: false for the (*,G) decision of `MF_IGMP_EVENT_FORWARD`
    /// and `_STOP_FORWARDING`, and for `_GROUP_LIMIT`.
    pub has_source: bool,
    /// The source.
    pub source: mf_ip_addr,
}

/// A query waiting in the router's queue (`mf_igmp_router_peek_query`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct mf_igmp_query {
    /// Which kind (`MF_IGMP_QUERY_*`).
    pub kind: mf_igmp_query_kind,
    /// Version of the query message in the protocol's numbering.
    pub version: u8,
    /// The group; unspecified (0.0.0.0 or ::) for a General Query.
    pub group: mf_ip_addr,
    /// The IP destination: the all-systems (all-nodes) group for a General Query, the
    /// group otherwise (RFC 9776 §4.1.12).
    pub destination: mf_ip_addr,
    /// Number of Source Addresses.
    pub number_of_sources: usize,
    /// S flag (§4.1.5).
    pub s_flag: bool,
    /// Max Resp Code as it goes on the wire.
    pub max_resp_code: u16,
    /// The Max Response Time it asks for.
    pub max_response_ns: u64,
    /// QRV (§4.1.6).
    pub qrv: u8,
    /// QQIC (§4.1.7).
    pub qqic: u8,
    /// Bytes of the IP packet `mf_igmp_router_next_query` writes (the frame is 14
    /// more).
    pub packet_len: usize,
}

/// A group's state on the router (RFC 9776 §6.2).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct mf_igmp_group {
    /// The group address.
    pub group: mf_ip_addr,
    /// Router filter mode (`MF_IGMP_FILTER_*`).
    pub mode: mf_igmp_filter_mode,
    /// Group timer deadline (§6.2.2), or `MF_IGMP_TIME_NONE`.
    pub group_timer_ns: u64,
    /// IGMPv1 Host Present timer deadline (§7.3.2), or `MF_IGMP_TIME_NONE`.
    pub v1_host_present_ns: u64,
    /// IGMPv2 / MLDv1 Host Present timer deadline, or `MF_IGMP_TIME_NONE`.
    pub v2_host_present_ns: u64,
    /// Group Compatibility Mode (§7.3.2) in the protocol's numbering.
    pub compatibility_version: u8,
    /// Source records (read them with `mf_igmp_router_sources`).
    pub number_of_sources: usize,
    /// Group-specific queries still to send (§6.6.3.1).
    pub group_query_retransmissions: u32,
    /// When the next retransmission of the group's queries is due, or
    /// `MF_IGMP_TIME_NONE`.
    pub next_query_ns: u64,
}

/// One source record of a router's group (§6.2.3).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct mf_igmp_source {
    /// The source address.
    pub addr: mf_ip_addr,
    /// When the source timer expires, or `MF_IGMP_TIME_NONE` when it is zero (in
    /// EXCLUDE mode: a source every member blocks).
    pub expires_ns: u64,
    /// Whether traffic from the source to the group is forwarded (§6.3).
    pub forwarding: bool,
    /// Group-and-source-specific queries still to send naming it (§6.6.3.2).
    pub retransmissions: u32,
}

/// The querier election's state (RFC 9776 §6.6.2, RFC 9777 §7.6.2).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct mf_igmp_querier {
    /// Whether `address` is known: false when we may not be querier and have heard
    /// none.
    pub has_address: bool,
    /// The querier's address: ours while we are querier.
    pub address: mf_ip_addr,
    /// Whether we are the querier.
    pub is_us: bool,
    /// When the Other Querier Present timer expires, or `MF_IGMP_TIME_NONE`.
    pub other_querier_present_ns: u64,
    /// When our next General Query is due, or `MF_IGMP_TIME_NONE`.
    pub next_general_query_ns: u64,
    /// Startup queries still to send.
    pub startup_queries_left: u32,
}

/// What a router counted.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct mf_igmp_router_counters {
    /// Packets handed to `mf_igmp_router_receive`.
    pub received: u64,
    /// Packets accepted.
    pub accepted: u64,
    /// Packets dropped, for any reason.
    pub dropped_total: u64,
    /// Packets dropped, indexed by `MF_IGMP_DROP_*` (index 0 is always 0).
    pub dropped: [u64; MF_IGMP_DROP_REASON_COUNT],
    /// General Queries received (accepted).
    pub general_queries_received: u64,
    /// Group- and group-and-source-specific queries received (accepted).
    pub specific_queries_received: u64,
    /// Queries of an older version than ours (§7.3.1).
    pub older_version_queries: u64,
    /// Queries of a newer version than ours.
    pub newer_version_queries: u64,
    /// IGMPv1 reports accepted.
    pub v1_reports: u64,
    /// IGMPv2 / MLDv1 reports accepted.
    pub v2_reports: u64,
    /// IGMPv2 leaves / MLDv1 dones accepted.
    pub leaves: u64,
    /// IGMPv3 / MLDv2 reports accepted.
    pub v3_reports: u64,
    /// Group records applied.
    pub records_applied: u64,
    /// Group records ignored.
    pub records_ignored: u64,
    /// Records for new groups not applied: the table was full.
    pub group_limit: u64,
    /// Sources not recorded: the group was full.
    pub source_limit: u64,
    /// General Queries sent.
    pub general_queries_sent: u64,
    /// Group-specific queries sent.
    pub group_queries_sent: u64,
    /// Group-and-source-specific queries sent.
    pub source_queries_sent: u64,
    /// Times we became querier.
    pub became_querier: u64,
    /// Times we stopped being querier.
    pub lost_querier: u64,
    /// Events that did not fit the handle's queue (`MF_IGMP_ROUTER_EVENT_QUEUE`).
    pub events_lost: u64,
    /// Queries that did not fit the handle's queue (`MF_IGMP_ROUTER_QUERY_QUEUE`).
    pub queries_lost: u64,
}

// ---------------------------------------------------------------------------------
// Shared conversions (also used by the host, `igmp_host.rs`)
// ---------------------------------------------------------------------------------

/// Nanoseconds from C as a time.
pub(crate) fn time(ns: u64) -> Duration {
    Duration::from_nanos(ns)
}

/// A time or span as nanoseconds for C (saturating below `MF_IGMP_TIME_NONE`).
pub(crate) fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).map_or(MF_IGMP_TIME_NONE - 1, |n| n.min(MF_IGMP_TIME_NONE - 1))
}

/// An optional time for C: `MF_IGMP_TIME_NONE` when not set.
pub(crate) fn opt_nanos(d: Option<Duration>) -> u64 {
    d.map_or(MF_IGMP_TIME_NONE, nanos)
}

/// An address of one family, as C carries it.
pub(crate) trait Addr: Copy + Eq + core::fmt::Debug + 'static {
    /// `MF_IP_FAMILY_V4` or `MF_IP_FAMILY_V6`.
    const FAMILY: mf_ip_family;
    /// The message layer: IGMP or MLD.
    const LAYER: mf_layer;
    /// The IP layer.
    const IP_LAYER: mf_layer;
    /// The expected family, for error messages.
    const FAMILY_NAME: &'static str;
    /// The unspecified address.
    const ANY: Self;
    fn from_ip(ip: IpAddr) -> Option<Self>;
    fn to_c(self) -> mf_ip_addr;
    /// A [`Version`] in the protocol's numbering (MLDv1 is IGMP's V2 by role).
    fn version_number(v: Version) -> u8;
    /// The [`Version`] of a protocol version number.
    fn version_of(n: u8) -> Option<Version>;
}

impl Addr for Ipv4Addr {
    const FAMILY: mf_ip_family = MF_IP_FAMILY_V4;
    const LAYER: mf_layer = MF_LAYER_IGMP;
    const IP_LAYER: mf_layer = MF_LAYER_IPV4;
    const FAMILY_NAME: &'static str = "an IPv4 address (MF_IP_FAMILY_V4), as the router's";
    const ANY: Self = Ipv4Addr::UNSPECIFIED;
    fn from_ip(ip: IpAddr) -> Option<Self> {
        match ip {
            IpAddr::V4(a) => Some(a),
            IpAddr::V6(_) => None,
        }
    }
    fn to_c(self) -> mf_ip_addr {
        mf_ip_addr::from_ip(IpAddr::V4(self))
    }
    fn version_number(v: Version) -> u8 {
        match v {
            Version::V1 => 1,
            Version::V2 => 2,
            Version::V3 => 3,
        }
    }
    fn version_of(n: u8) -> Option<Version> {
        match n {
            1 => Some(Version::V1),
            2 => Some(Version::V2),
            3 => Some(Version::V3),
            _ => None,
        }
    }
}

impl Addr for Ipv6Addr {
    const FAMILY: mf_ip_family = MF_IP_FAMILY_V6;
    const LAYER: mf_layer = MF_LAYER_MLD;
    const IP_LAYER: mf_layer = MF_LAYER_IPV6;
    const FAMILY_NAME: &'static str = "an IPv6 address (MF_IP_FAMILY_V6), as the router's";
    const ANY: Self = Ipv6Addr::UNSPECIFIED;
    fn from_ip(ip: IpAddr) -> Option<Self> {
        match ip {
            IpAddr::V6(a) => Some(a),
            IpAddr::V4(_) => None,
        }
    }
    fn to_c(self) -> mf_ip_addr {
        mf_ip_addr::from_ip(IpAddr::V6(self))
    }
    fn version_number(v: Version) -> u8 {
        match v {
            Version::V1 | Version::V2 => 1,
            Version::V3 => 2,
        }
    }
    fn version_of(n: u8) -> Option<Version> {
        match n {
            1 => Some(Version::V2),
            2 => Some(Version::V3),
            _ => None,
        }
    }
}

/// Reads an address of family `A` from the caller.
///
/// # Safety
///
/// `p` must be NULL or point to an `mf_ip_addr`.
pub(crate) unsafe fn read_addr<A: Addr>(
    p: *const mf_ip_addr,
    arg: &'static str,
) -> Result<A, Failure> {
    let p = non_null(p, arg)?;
    // SAFETY: non-NULL and the caller promises an `mf_ip_addr` (plain data).
    let a = unsafe { p.read() };
    addr_from_c(&a, arg)
}

/// An address of family `A` from a C value.
pub(crate) fn addr_from_c<A: Addr>(a: &mf_ip_addr, arg: &'static str) -> Result<A, Failure> {
    let ip = a.to_ip(arg)?;
    A::from_ip(ip).ok_or(Failure::invalid_argument(
        arg,
        A::FAMILY_NAME,
        u64::from(a.family.0),
    ))
}

/// An error of the crate about a value handed in (a configuration), as a failure
/// without a layer.
pub(crate) fn value_failure(e: Error) -> Failure {
    match e {
        Error::OutOfRange { field, value, max } => Failure::OutOfRange {
            field,
            value: u64::from(value),
            max: u64::from(max),
        },
        Error::Invalid {
            field,
            expected,
            found,
            ..
        } => Failure::invalid_argument(field, expected, u64::from(found)),
        other => Failure::Igmp {
            error: other,
            layer: MF_LAYER_NONE,
        },
    }
}

/// The layer a packet error of the crate was found in: the IP header's, or the
/// message's.
pub(crate) fn packet_layer<A: Addr>(e: &Error) -> mf_layer {
    match *e {
        Error::Truncated { what, .. } if what.starts_with("IPv4") || what.starts_with("IPv6") => {
            A::IP_LAYER
        }
        Error::Invalid {
            field:
                "Version/IHL" | "Protocol" | "Version" | "Next Header" | "Total Length"
                | "Payload Length",
            ..
        } => A::IP_LAYER,
        // The IPv4 header checksum is the only checksum at offset 10.
        Error::Checksum { offset: 10, .. } if A::FAMILY == MF_IP_FAMILY_V4 => A::IP_LAYER,
        _ => A::LAYER,
    }
}

/// The number of a drop reason.
fn drop_code(r: DropReason) -> mf_igmp_drop_reason {
    match r {
        DropReason::Malformed => MF_IGMP_DROP_MALFORMED,
        DropReason::NotIgmp => MF_IGMP_DROP_NOT_IGMP,
        DropReason::UnknownType => MF_IGMP_DROP_UNKNOWN_TYPE,
        DropReason::BadChecksum => MF_IGMP_DROP_BAD_CHECKSUM,
        DropReason::BadTtl => MF_IGMP_DROP_BAD_TTL,
        DropReason::NoRouterAlert => MF_IGMP_DROP_NO_ROUTER_ALERT,
        DropReason::BadSource => MF_IGMP_DROP_BAD_SOURCE,
        DropReason::OffLink => MF_IGMP_DROP_OFF_LINK,
        DropReason::WrongDestination => MF_IGMP_DROP_WRONG_DESTINATION,
        DropReason::InvalidGroup => MF_IGMP_DROP_INVALID_GROUP,
        DropReason::OwnQuery => MF_IGMP_DROP_OWN_QUERY,
        DropReason::UnsupportedVersion => MF_IGMP_DROP_UNSUPPORTED_VERSION,
        DropReason::SsmOlderVersion => MF_IGMP_DROP_SSM_OLDER_VERSION,
        DropReason::IgnoredByCompatibility => MF_IGMP_DROP_IGNORED_BY_COMPATIBILITY,
        _ => MF_IGMP_DROP_OTHER,
    }
}

/// The short name of a drop reason, as the Rust library spells it.
fn drop_name(code: mf_igmp_drop_reason) -> &'static core::ffi::CStr {
    match code {
        MF_IGMP_DROP_NONE => c"none",
        MF_IGMP_DROP_MALFORMED => c"malformed",
        MF_IGMP_DROP_NOT_IGMP => c"not-igmp",
        MF_IGMP_DROP_UNKNOWN_TYPE => c"unknown-type",
        MF_IGMP_DROP_BAD_CHECKSUM => c"bad-checksum",
        MF_IGMP_DROP_BAD_TTL => c"bad-ttl",
        MF_IGMP_DROP_NO_ROUTER_ALERT => c"no-router-alert",
        MF_IGMP_DROP_BAD_SOURCE => c"bad-source",
        MF_IGMP_DROP_OFF_LINK => c"off-link",
        MF_IGMP_DROP_WRONG_DESTINATION => c"wrong-destination",
        MF_IGMP_DROP_INVALID_GROUP => c"invalid-group",
        MF_IGMP_DROP_OWN_QUERY => c"own-query",
        MF_IGMP_DROP_UNSUPPORTED_VERSION => c"unsupported-version",
        MF_IGMP_DROP_SSM_OLDER_VERSION => c"ssm-older-version",
        MF_IGMP_DROP_IGNORED_BY_COMPATIBILITY => c"ignored-by-compatibility",
        MF_IGMP_DROP_OTHER => c"other",
        _ => c"unknown drop reason",
    }
}

/// The short static name of a drop reason (`"bad-checksum"`, `"off-link"`, ...), the
/// names the Rust library and the Python package use; `"none"` for
/// `MF_IGMP_DROP_NONE`.
///
/// Never returns NULL: an unknown value gives `"unknown drop reason"`. The string is
/// NUL-terminated, static, and must not be freed.
#[unsafe(no_mangle)]
pub extern "C" fn mf_igmp_drop_reason_str(reason: mf_igmp_drop_reason) -> *const core::ffi::c_char {
    guard_value(c"unknown drop reason".as_ptr(), || {
        drop_name(reason).as_ptr()
    })
}

pub(crate) fn filter_mode_to_c_router(m: FilterMode) -> mf_igmp_filter_mode {
    match m {
        FilterMode::Include => MF_IGMP_FILTER_INCLUDE,
        FilterMode::Exclude => MF_IGMP_FILTER_EXCLUDE,
    }
}

fn query_kind_to_c(k: QueryKind) -> mf_igmp_query_kind {
    match k {
        QueryKind::General => MF_IGMP_QUERY_GENERAL,
        QueryKind::Group => MF_IGMP_QUERY_GROUP,
        QueryKind::GroupAndSource => MF_IGMP_QUERY_GROUP_AND_SOURCE,
    }
}

/// An `mf_error` that says nothing: status `MF_STATUS_OK`, every member zero.
pub(crate) fn no_error() -> mf_error {
    mf_error {
        status: MF_STATUS_OK,
        layer: MF_LAYER_NONE,
        has_offset: false,
        offset: 0,
        field: [0; crate::MF_ERROR_FIELD_LEN],
        expected: [0; crate::MF_ERROR_EXPECTED_LEN],
        found: 0,
        computed: 0,
        max: 0,
        needed: 0,
        available: 0,
        message: [0; crate::MF_ERROR_MESSAGE_LEN],
    }
}

/// A zeroed `mf_ip_addr` (family 0): "no address" in a member that does not apply.
pub(crate) const NO_ADDR: mf_ip_addr = mf_ip_addr {
    family: mf_ip_family(0),
    bytes: [0; 16],
};

// ---------------------------------------------------------------------------------
// The handle
// ---------------------------------------------------------------------------------

/// The router's output, queued for the caller.
#[derive(Debug)]
struct Queues<A: Addr> {
    events: VecDeque<Event<A>>,
    queries: VecDeque<Query<A, S>>,
    events_lost: u64,
    queries_lost: u64,
}

impl<A: Addr> Sink<A, S> for Queues<A> {
    fn event(&mut self, e: Event<A>) {
        if self.events.len() < MF_IGMP_ROUTER_EVENT_QUEUE {
            self.events.push_back(e);
        } else {
            self.events_lost += 1;
        }
    }
    fn query(&mut self, q: Query<A, S>) {
        if self.queries.len() < MF_IGMP_ROUTER_QUERY_QUEUE {
            self.queries.push_back(q);
        } else {
            self.queries_lost += 1;
        }
    }
}

/// A router of one family with its queues.
#[derive(Debug)]
struct State<A: Addr + mediafabric_igmp::router::Family> {
    router: Router<A, G, S>,
    out: Queues<A>,
}

#[derive(Debug)]
enum Kind {
    V4(Box<State<Ipv4Addr>>),
    V6(Box<State<Ipv6Addr>>),
}

/// A multicast router of one interface: IGMP or MLD, with up to
/// `MF_IGMP_ROUTER_MAX_GROUPS` groups of `MF_IGMP_ROUTER_MAX_SOURCES` sources.
///
/// Opaque: create with `mf_igmp_router_new`, release with `mf_igmp_router_free`.
#[derive(Debug)]
pub struct mf_igmp_router {
    kind: Kind,
}

/// Runs `$body` with `$s` bound to the family's state.
macro_rules! with_state {
    ($r:expr, $s:ident => $body:expr) => {
        match $r {
            Kind::V4($s) => $body,
            Kind::V6($s) => $body,
        }
    };
}

/// # Safety
///
/// `p` must be NULL or a live router from `mf_igmp_router_new` with no concurrent
/// writer.
unsafe fn router_ref<'a>(p: *const mf_igmp_router) -> Result<&'a mf_igmp_router, Failure> {
    let p = non_null(p, "router")?;
    // SAFETY: the caller promises a live router with no concurrent writer.
    Ok(unsafe { &*p })
}

/// # Safety
///
/// `p` must be NULL or a live router from `mf_igmp_router_new` used by nothing else
/// during the call.
unsafe fn router_mut<'a>(p: *mut mf_igmp_router) -> Result<&'a mut mf_igmp_router, Failure> {
    let p = non_null_mut(p, "router")?;
    // SAFETY: the caller promises a live router that nobody else uses meanwhile.
    Ok(unsafe { &mut *p })
}

fn timers_to_c(t: &Timers) -> mf_igmp_timers {
    mf_igmp_timers {
        robustness: t.robustness,
        query_interval_ns: nanos(t.query_interval),
        query_response_interval_ns: nanos(t.query_response_interval),
        last_member_query_interval_ns: nanos(t.last_member_query_interval),
    }
}

fn timers_from_c(t: &mf_igmp_timers) -> Timers {
    Timers {
        robustness: t.robustness,
        query_interval: time(t.query_interval_ns),
        query_response_interval: time(t.query_response_interval_ns),
        last_member_query_interval: time(t.last_member_query_interval_ns),
    }
}

fn config_to_c<A: Addr + mediafabric_igmp::router::Family>(
    c: &RouterConfig<A>,
) -> mf_igmp_router_config {
    mf_igmp_router_config {
        address: c.address.to_c(),
        timers: timers_to_c(&c.timers),
        startup_query_count: c.startup_query_count.unwrap_or(0),
        startup_query_interval_ns: c.startup_query_interval.map_or(0, nanos),
        version: A::version_number(c.version),
        require_router_alert: c.require_router_alert,
        querier: c.querier,
        ssm_aware: c.ssm_aware,
        has_prefix_len: c.prefix_len.is_some(),
        prefix_len: c.prefix_len.unwrap_or(0),
        mtu: c.mtu,
    }
}

fn config_from_c<A: Addr + mediafabric_igmp::router::Family>(
    c: &mf_igmp_router_config,
) -> Result<RouterConfig<A>, Failure> {
    let address = addr_from_c::<A>(&c.address, "config.address")?;
    let version = A::version_of(c.version).ok_or(Failure::invalid_argument(
        "config.version",
        "a version of the protocol: IGMP 1, 2 or 3; MLD 1 or 2",
        u64::from(c.version),
    ))?;
    let max_prefix = if A::FAMILY == MF_IP_FAMILY_V4 {
        32
    } else {
        128
    };
    if c.has_prefix_len && c.prefix_len > max_prefix {
        return Err(Failure::OutOfRange {
            field: "config.prefix_len",
            value: u64::from(c.prefix_len),
            max: u64::from(max_prefix),
        });
    }
    let mut cfg = RouterConfig::new(address);
    cfg.timers = timers_from_c(&c.timers);
    cfg.startup_query_count = (c.startup_query_count != 0).then_some(c.startup_query_count);
    cfg.startup_query_interval =
        (c.startup_query_interval_ns != 0).then(|| time(c.startup_query_interval_ns));
    cfg.version = version;
    cfg.require_router_alert = c.require_router_alert;
    cfg.querier = c.querier;
    cfg.ssm_aware = c.ssm_aware;
    cfg.prefix_len = c.has_prefix_len.then_some(c.prefix_len);
    cfg.mtu = c.mtu;
    cfg.validate().map_err(value_failure)?;
    Ok(cfg)
}

fn new_state<A: Addr + mediafabric_igmp::router::Family>(
    c: &mf_igmp_router_config,
    now: Duration,
) -> Result<Box<State<A>>, Failure> {
    let cfg = config_from_c::<A>(c)?;
    let router = Router::new(cfg, now).map_err(value_failure)?;
    Ok(Box::new(State {
        router,
        out: Queues {
            events: VecDeque::new(),
            queries: VecDeque::new(),
            events_lost: 0,
            queries_lost: 0,
        },
    }))
}

/// Runs `build` on a short-lived helper thread whose stack holds several copies of a
/// value of `size` bytes, and returns what it built.
///
/// The protocol crate builds its fixed-capacity state by value (it is `no_std` and
/// free of `unsafe`, so it cannot construct in place), and the compiler keeps one or
/// more temporary copies on the stack before the value reaches the heap: megabytes for
/// a full router, more than some callers' threads have. The helper thread makes the
/// constructor work whatever the caller's stack. Should the thread not start (a
/// system out of threads), the value is built on the caller's thread.
pub(crate) fn build_on_own_stack<T: Send + 'static>(
    size: usize,
    build: impl FnOnce() -> Result<T, Failure> + Send + Copy + 'static,
) -> Result<T, Failure> {
    // Unoptimised builds keep up to about six copies; optimised ones two.
    let stack = size.saturating_mul(8).saturating_add(1 << 20);
    match std::thread::Builder::new()
        .name("mediafabric-new".into())
        .stack_size(stack)
        .spawn(build)
    {
        Ok(h) => h.join().unwrap_or(Err(Failure::Panic)),
        Err(_) => build(),
    }
}

/// Fills `*out` with the RFC defaults for a router at `address` (RFC 9776 §8, RFC 9777
/// §9): Robustness Variable 2, Query Interval 125 s, Query Response Interval 10 s, Last
/// Member Query Interval 1 s, startup count and interval derived from them, the newest
/// version, Router Alert required, may be querier, SSM-aware, no prefix, MTU 1500.
///
/// The family of `address` selects IGMP or MLD. Returns `MF_STATUS_INVALID_ARGUMENT`
/// for another family.
///
/// # Safety
///
/// `address` must be NULL or point to an `mf_ip_addr`; `out` must be NULL or point to
/// a writable `mf_igmp_router_config`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_router_config_init(
    address: *const mf_ip_addr,
    out: *mut mf_igmp_router_config,
) -> mf_status {
    guard(ptr::null_mut(), || {
        let address = non_null(address, "address")?;
        let out = non_null_mut(out, "out")?;
        // SAFETY: non-NULL and the caller promises an `mf_ip_addr`.
        let ip = unsafe { address.read() }.to_ip("address")?;
        let c = match ip {
            IpAddr::V4(a) => config_to_c(&RouterConfig::new(a)),
            IpAddr::V6(a) => config_to_c(&RouterConfig::new(a)),
        };
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(c) };
        Ok(())
    })
}

/// Creates a router started at `now_ns` from `*config` (see
/// `mf_igmp_router_config_init`). When it may be querier it is querier at once and its
/// first startup General Query is due at `now_ns` (RFC 9776 §6.6.2): call
/// `mf_igmp_router_poll(router, now_ns)` to have it queued.
///
/// Returns `MF_STATUS_INVALID_ARGUMENT` for an address family other than IPv4/IPv6, a
/// version the protocol does not have, or an address that may not send queries (for
/// MLD: not link-local); `MF_STATUS_OUT_OF_RANGE` for a Robustness Variable of 0, a
/// Query Response Interval not below the Query Interval, a zero Last Member Query
/// Interval, a prefix length beyond the family's or an MTU without room for one source.
/// `*err` says which field. On success `*out` owns the router (about 2.7 MB for MLD,
/// 1.7 MB for IGMP, on the heap): release it with `mf_igmp_router_free`.
///
/// The state is built on a short-lived helper thread with a stack large enough for it,
/// so the call works on any caller stack (it is tested with 64 KiB); should no thread
/// be available it is built on the caller's thread.
///
/// # Safety
///
/// `config` must be NULL or point to an `mf_igmp_router_config`; `out` must be NULL or
/// point to a writable `mf_igmp_router *`; `err` must be NULL or point to a writable
/// `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_router_new(
    config: *const mf_igmp_router_config,
    now_ns: u64,
    out: *mut *mut mf_igmp_router,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        let config = non_null(config, "config")?;
        let out = non_null_mut(out, "out")?;
        // SAFETY: non-NULL and the caller promises a configuration (plain data; its
        // booleans are read as bytes by C's rules, which only ever store 0 or 1).
        let c = unsafe { config.read() };
        let now = time(now_ns);
        let kind = match c.address.family {
            MF_IP_FAMILY_V4 => Kind::V4(build_on_own_stack(
                size_of::<State<Ipv4Addr>>(),
                move || new_state::<Ipv4Addr>(&c, now),
            )?),
            MF_IP_FAMILY_V6 => Kind::V6(build_on_own_stack(
                size_of::<State<Ipv6Addr>>(),
                move || new_state::<Ipv6Addr>(&c, now),
            )?),
            other => {
                return Err(Failure::invalid_argument(
                    "config.address",
                    "MF_IP_FAMILY_V4 (4) or MF_IP_FAMILY_V6 (6)",
                    u64::from(other.0),
                ));
            }
        };
        let r = Box::new(mf_igmp_router { kind });
        // SAFETY: non-NULL and writable (caller's promise). Ownership passes to the
        // caller until `mf_igmp_router_free`.
        unsafe { out.write(Box::into_raw(r)) };
        Ok(())
    })
}

/// Releases a router made by `mf_igmp_router_new`, with whatever is still queued.
/// NULL is accepted and does nothing. The pointer must not be used afterwards.
///
/// # Safety
///
/// `router` must be NULL or a pointer from `mf_igmp_router_new` not yet freed and not
/// in use by another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_router_free(router: *mut mf_igmp_router) {
    let _ = guard(ptr::null_mut(), || {
        if !router.is_null() {
            // SAFETY: the caller promises a pointer from `Box::into_raw` in
            // `mf_igmp_router_new`, freed only once.
            drop(unsafe { Box::from_raw(router) });
        }
        Ok(())
    });
}

/// The router's configuration, as given to `mf_igmp_router_new`, into `*out`.
///
/// # Safety
///
/// `router` must be NULL or a live router; `out` must be NULL or point to a writable
/// `mf_igmp_router_config`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_router_get_config(
    router: *const mf_igmp_router,
    out: *mut mf_igmp_router_config,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `router_ref`).
        let r = unsafe { router_ref(router) }?;
        let out = non_null_mut(out, "out")?;
        let c = with_state!(&r.kind, s => config_to_c(s.router.config()));
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(c) };
        Ok(())
    })
}

/// The timers in use, into `*out`: the configured ones, with the Robustness Variable
/// and (while not querier) the Query Interval adopted from the querier's QRV and QQIC
/// (RFC 9776 §4.1.6, §4.1.7).
///
/// # Safety
///
/// `router` must be NULL or a live router; `out` must be NULL or point to a writable
/// `mf_igmp_timers`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_router_timers(
    router: *const mf_igmp_router,
    out: *mut mf_igmp_timers,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `router_ref`).
        let r = unsafe { router_ref(router) }?;
        let out = non_null_mut(out, "out")?;
        let t = with_state!(&r.kind, s => timers_to_c(s.router.timers()));
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(t) };
        Ok(())
    })
}

fn result_to_c<A: Addr>(
    r: &core::result::Result<Accepted<A>, mediafabric_igmp::router::Dropped>,
) -> mf_igmp_router_result {
    let mut out = mf_igmp_router_result {
        accepted: MF_IGMP_ACCEPTED_NONE,
        drop_reason: MF_IGMP_DROP_NONE,
        from: NO_ADDR,
        version: 0,
        query_kind: MF_IGMP_QUERY_NONE,
        group: NO_ADDR,
        s_flag: false,
        querier_changed: false,
        records_applied: 0,
        records_ignored: 0,
        has_detail: false,
        detail: no_error(),
    };
    match r {
        Ok(Accepted::Query {
            from,
            version,
            kind,
            group,
            s_flag,
            querier_changed,
        }) => {
            out.accepted = MF_IGMP_ACCEPTED_QUERY;
            out.from = from.to_c();
            out.version = A::version_number(*version);
            out.query_kind = query_kind_to_c(*kind);
            out.group = group.to_c();
            out.s_flag = *s_flag;
            out.querier_changed = *querier_changed;
        }
        Ok(Accepted::Report {
            from,
            version,
            group,
        }) => {
            out.accepted = MF_IGMP_ACCEPTED_REPORT;
            out.from = from.to_c();
            out.version = A::version_number(*version);
            out.group = group.to_c();
        }
        Ok(Accepted::Leave { from, group }) => {
            out.accepted = MF_IGMP_ACCEPTED_LEAVE;
            out.from = from.to_c();
            out.version = A::version_number(Version::V2);
            out.group = group.to_c();
        }
        Ok(Accepted::ReportV3 {
            from,
            applied,
            ignored,
        }) => {
            out.accepted = MF_IGMP_ACCEPTED_REPORT_V3;
            out.from = from.to_c();
            out.version = A::version_number(Version::V3);
            out.records_applied = *applied;
            out.records_ignored = *ignored;
        }
        Err(d) => {
            out.drop_reason = drop_code(d.reason);
            if let Some(e) = d.detail {
                out.has_detail = true;
                out.detail = Failure::Igmp {
                    error: e,
                    layer: packet_layer::<A>(&e),
                }
                .to_c();
            }
        }
    }
    out
}

/// Receives one IP packet (from the IP header: IPv4 for an IGMP router, IPv6 for MLD)
/// at `now_ns`, and says in `*result` what the router did with it: accepted (as what)
/// or dropped (why; for malformed packets and bad checksums with the parse error in
/// `result->detail`). Events and queries it causes are queued (read them with
/// `mf_igmp_router_next_event` and `mf_igmp_router_next_query`).
///
/// A dropped packet is a normal outcome, counted, and returns `MF_STATUS_OK` with
/// `result->drop_reason` set. Error statuses are for bad arguments only
/// (`MF_STATUS_NULL_POINTER`, `MF_STATUS_INVALID_ARGUMENT` for a length above
/// `PTRDIFF_MAX`).
///
/// # Safety
///
/// `router` must be NULL or a live router used by nothing else during the call;
/// `packet` must be NULL or point to `len` readable bytes; `result` must be NULL or
/// point to a writable `mf_igmp_router_result`; `err` must be NULL or point to a
/// writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_router_receive(
    router: *mut mf_igmp_router,
    packet: *const u8,
    len: usize,
    now_ns: u64,
    result: *mut mf_igmp_router_result,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        // SAFETY: forwarded caller's promise (see `router_mut`).
        let r = unsafe { router_mut(router) }?;
        // SAFETY: forwarded caller's promise (`len` readable bytes).
        let packet = unsafe { in_slice(packet, len, "packet") }?;
        let result = non_null_mut(result, "result")?;
        let now = time(now_ns);
        let c = with_state!(&mut r.kind, s => {
            let got = s.router.receive(packet, now, &mut s.out);
            result_to_c(&got)
        });
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { result.write(c) };
        Ok(())
    })
}

/// Runs everything due at `now_ns`: the Other Querier Present timer, General Queries
/// (startup and periodic), query retransmissions, and the group, source and
/// compatibility timers (RFC 9776 §6.5, §6.6). What it produces is queued.
///
/// # Safety
///
/// `router` must be NULL or a live router used by nothing else during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_router_poll(
    router: *mut mf_igmp_router,
    now_ns: u64,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `router_mut`).
        let r = unsafe { router_mut(router) }?;
        let now = time(now_ns);
        with_state!(&mut r.kind, s => s.router.poll(now, &mut s.out));
        Ok(())
    })
}

/// The earliest time `mf_igmp_router_poll` has something to do, into `*out`;
/// `MF_IGMP_TIME_NONE` when nothing is scheduled.
///
/// # Safety
///
/// `router` must be NULL or a live router; `out` must be NULL or point to a writable
/// `uint64_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_router_next_deadline(
    router: *const mf_igmp_router,
    out: *mut u64,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `router_ref`).
        let r = unsafe { router_ref(router) }?;
        let out = non_null_mut(out, "out")?;
        let d = with_state!(&r.kind, s => opt_nanos(s.router.next_deadline()));
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(d) };
        Ok(())
    })
}

/// How many events and queries are queued, into `*events` and `*queries`.
///
/// # Safety
///
/// `router` must be NULL or a live router; `events` and `queries` must be NULL or
/// point to writable `size_t`s.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_router_pending(
    router: *const mf_igmp_router,
    events: *mut usize,
    queries: *mut usize,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `router_ref`).
        let r = unsafe { router_ref(router) }?;
        let events = non_null_mut(events, "events")?;
        let queries = non_null_mut(queries, "queries")?;
        let (e, q) = with_state!(&r.kind, s => (s.out.events.len(), s.out.queries.len()));
        // SAFETY: both non-NULL and writable (caller's promise).
        unsafe {
            events.write(e);
            queries.write(q);
        }
        Ok(())
    })
}

fn event_to_c<A: Addr>(e: &Event<A>) -> mf_igmp_event {
    let (kind, group, source) = match *e {
        Event::Forward { group, source } => (MF_IGMP_EVENT_FORWARD, group, source),
        Event::StopForwarding { group, source } => (MF_IGMP_EVENT_STOP_FORWARDING, group, source),
        Event::GroupLimit { group } => (MF_IGMP_EVENT_GROUP_LIMIT, group, None),
        Event::SourceLimit { group, source } => (MF_IGMP_EVENT_SOURCE_LIMIT, group, Some(source)),
    };
    mf_igmp_event {
        kind,
        group: group.to_c(),
        has_source: source.is_some(),
        source: source.map_or(NO_ADDR, Addr::to_c),
    }
}

/// Takes the oldest queued forwarding event into `*out`. Returns `MF_STATUS_END` (and
/// writes nothing) when none is queued.
///
/// # Safety
///
/// `router` must be NULL or a live router used by nothing else during the call; `out`
/// must be NULL or point to a writable `mf_igmp_event`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_router_next_event(
    router: *mut mf_igmp_router,
    out: *mut mf_igmp_event,
) -> mf_status {
    let mut end = false;
    let s = guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `router_mut`).
        let r = unsafe { router_mut(router) }?;
        let out = non_null_mut(out, "out")?;
        let e = with_state!(&mut r.kind, s => s.out.events.pop_front().map(|e| event_to_c(&e)));
        match e {
            // SAFETY: non-NULL and writable (caller's promise).
            Some(e) => unsafe { out.write(e) },
            None => end = true,
        }
        Ok(())
    });
    if s == MF_STATUS_OK && end {
        MF_STATUS_END
    } else {
        s
    }
}

/// Writes `q` as an IP packet (or, with a MAC, an Ethernet frame) into a buffer of
/// `MF_IGMP_ROUTER_QUERY_BUF_LEN` bytes; returns its length.
fn emit<A: Addr + mediafabric_igmp::router::Family>(
    r: &Router<A, G, S>,
    q: &Query<A, S>,
    mac: Option<[u8; 6]>,
    buf: &mut [u8; MF_IGMP_ROUTER_QUERY_BUF_LEN],
) -> Result<usize, Failure> {
    let n = match mac {
        None => r.emit_query(q, buf),
        Some(m) => r.emit_query_frame(q, m, buf),
    };
    n.map_err(value_failure)
}

fn query_to_c<A: Addr + mediafabric_igmp::router::Family>(
    r: &Router<A, G, S>,
    q: &Query<A, S>,
) -> Result<mf_igmp_query, Failure> {
    let mut buf = [0u8; MF_IGMP_ROUTER_QUERY_BUF_LEN];
    let packet_len = emit(r, q, None, &mut buf)?;
    Ok(mf_igmp_query {
        kind: query_kind_to_c(q.kind()),
        version: A::version_number(q.version),
        group: q.group.unwrap_or(A::ANY).to_c(),
        destination: q.destination().to_c(),
        number_of_sources: q.sources().count(),
        s_flag: q.s_flag,
        max_resp_code: q.max_resp_code,
        max_response_ns: nanos(q.max_response()),
        qrv: q.qrv,
        qqic: q.qqic,
        packet_len,
    })
}

/// Describes the oldest queued query in `*out` without taking it. Returns
/// `MF_STATUS_END` (and writes nothing) when none is queued.
///
/// # Safety
///
/// `router` must be NULL or a live router; `out` must be NULL or point to a writable
/// `mf_igmp_query`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_router_peek_query(
    router: *const mf_igmp_router,
    out: *mut mf_igmp_query,
) -> mf_status {
    let mut end = false;
    let s = guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `router_ref`).
        let r = unsafe { router_ref(router) }?;
        let out = non_null_mut(out, "out")?;
        let q = with_state!(&r.kind, s => match s.out.queries.front() {
            Some(q) => Some(query_to_c(&s.router, q)?),
            None => None,
        });
        match q {
            // SAFETY: non-NULL and writable (caller's promise).
            Some(q) => unsafe { out.write(q) },
            None => end = true,
        }
        Ok(())
    });
    if s == MF_STATUS_OK && end {
        MF_STATUS_END
    } else {
        s
    }
}

/// Shared body of `next_query` and `next_query_frame`.
///
/// # Safety
///
/// As for those functions.
unsafe fn next_query(
    router: *mut mf_igmp_router,
    mac: Option<*const u8>,
    out: *mut u8,
    out_len: usize,
    written: *mut usize,
    err: *mut mf_error,
) -> mf_status {
    let mut end = false;
    let s = guard(err, || {
        // SAFETY: forwarded caller's promise (see `router_mut`).
        let r = unsafe { router_mut(router) }?;
        let mac = match mac {
            None => None,
            Some(p) => {
                let p = non_null(p, "src_mac")?;
                // SAFETY: non-NULL and the caller promises 6 readable bytes.
                Some(unsafe { p.cast::<[u8; 6]>().read_unaligned() })
            }
        };
        // SAFETY: forwarded caller's promise (`out_len` writable bytes).
        let out = unsafe { out_slice(out, out_len, "out") }?;
        let written = non_null_mut(written, "written")?;
        let mut buf = [0u8; MF_IGMP_ROUTER_QUERY_BUF_LEN];
        let n = with_state!(&mut r.kind, s => match s.out.queries.front() {
            None => None,
            Some(q) => Some(emit(&s.router, q, mac, &mut buf)?),
        });
        let Some(n) = n else {
            end = true;
            return Ok(());
        };
        if out.len() < n {
            // SAFETY: non-NULL and writable (caller's promise).
            unsafe { written.write(n) };
            return Err(Failure::buffer_too_small("out", n, out.len()));
        }
        out[..n].copy_from_slice(&buf[..n]);
        with_state!(&mut r.kind, s => {
            s.out.queries.pop_front();
        });
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { written.write(n) };
        Ok(())
    });
    if s == MF_STATUS_OK && end {
        MF_STATUS_END
    } else {
        s
    }
}

/// Takes the oldest queued query and writes it into `out` as a whole IP packet from the
/// router's address: IPv4 with Router Alert and TTL 1 (IGMP), or IPv6 with a Hop-by-Hop
/// Router Alert and hop limit 1 (MLD), checksums filled. `*written` is its length.
///
/// Returns `MF_STATUS_END` when no query is queued, and `MF_STATUS_BUFFER_TOO_SMALL`
/// with `*written` set to the bytes needed when `out_len` is too small (the query stays
/// queued; `MF_IGMP_ROUTER_QUERY_BUF_LEN` bytes are always enough).
///
/// # Safety
///
/// `router` must be NULL or a live router used by nothing else during the call; `out`
/// must be NULL or point to `out_len` writable bytes; `written` must be NULL or point
/// to a writable `size_t`; `err` must be NULL or point to a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_router_next_query(
    router: *mut mf_igmp_router,
    out: *mut u8,
    out_len: usize,
    written: *mut usize,
    err: *mut mf_error,
) -> mf_status {
    // SAFETY: forwarded caller's promises.
    unsafe { next_query(router, None, out, out_len, written, err) }
}

/// As `mf_igmp_router_next_query`, written as a whole Ethernet frame from `src_mac` (6
/// bytes) to the multicast MAC of the IP destination.
///
/// # Safety
///
/// As `mf_igmp_router_next_query`; `src_mac` must be NULL or point to 6 readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_router_next_query_frame(
    router: *mut mf_igmp_router,
    src_mac: *const u8,
    out: *mut u8,
    out_len: usize,
    written: *mut usize,
    err: *mut mf_error,
) -> mf_status {
    // SAFETY: forwarded caller's promises.
    unsafe { next_query(router, Some(src_mac), out, out_len, written, err) }
}

/// The querier election's state, into `*out`.
///
/// # Safety
///
/// `router` must be NULL or a live router; `out` must be NULL or point to a writable
/// `mf_igmp_querier`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_router_querier(
    router: *const mf_igmp_router,
    out: *mut mf_igmp_querier,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `router_ref`).
        let r = unsafe { router_ref(router) }?;
        let out = non_null_mut(out, "out")?;
        let q = with_state!(&r.kind, s => {
            let q = s.router.querier();
            mf_igmp_querier {
                has_address: q.address.is_some(),
                address: q.address.map_or(NO_ADDR, Addr::to_c),
                is_us: q.is_us,
                other_querier_present_ns: opt_nanos(q.other_querier_present),
                next_general_query_ns: opt_nanos(q.next_general_query),
                startup_queries_left: q.startup_queries_left,
            }
        });
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(q) };
        Ok(())
    })
}

/// The router's counters, into `*out`.
///
/// # Safety
///
/// `router` must be NULL or a live router; `out` must be NULL or point to a writable
/// `mf_igmp_router_counters`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_router_get_counters(
    router: *const mf_igmp_router,
    out: *mut mf_igmp_router_counters,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `router_ref`).
        let r = unsafe { router_ref(router) }?;
        let out = non_null_mut(out, "out")?;
        let c = with_state!(&r.kind, s => {
            let c = s.router.counters();
            let mut dropped = [0u64; MF_IGMP_DROP_REASON_COUNT];
            for reason in DropReason::ALL {
                dropped[drop_code(reason) as usize] += c.dropped(reason);
            }
            mf_igmp_router_counters {
                received: c.received,
                accepted: c.accepted,
                dropped_total: c.dropped_total(),
                dropped,
                general_queries_received: c.general_queries_received,
                specific_queries_received: c.specific_queries_received,
                older_version_queries: c.older_version_queries,
                newer_version_queries: c.newer_version_queries,
                v1_reports: c.v1_reports,
                v2_reports: c.v2_reports,
                leaves: c.leaves,
                v3_reports: c.v3_reports,
                records_applied: c.records_applied,
                records_ignored: c.records_ignored,
                group_limit: c.group_limit,
                source_limit: c.source_limit,
                general_queries_sent: c.general_queries_sent,
                group_queries_sent: c.group_queries_sent,
                source_queries_sent: c.source_queries_sent,
                became_querier: c.became_querier,
                lost_querier: c.lost_querier,
                events_lost: s.out.events_lost,
                queries_lost: s.out.queries_lost,
            }
        });
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(c) };
        Ok(())
    })
}

fn group_to_c<A: Addr + mediafabric_igmp::router::Family>(g: &Group<A, S>) -> mf_igmp_group {
    mf_igmp_group {
        group: g.addr.to_c(),
        mode: filter_mode_to_c_router(g.mode),
        group_timer_ns: opt_nanos(g.group_timer),
        v1_host_present_ns: opt_nanos(g.v1_host_present),
        v2_host_present_ns: opt_nanos(g.v2_host_present),
        compatibility_version: A::version_number(g.compatibility_mode()),
        number_of_sources: g.sources().count(),
        group_query_retransmissions: g.group_query_retransmissions(),
        next_query_ns: opt_nanos(g.next_query()),
    }
}

/// The number of groups with state, into `*out` (iterate them with
/// `mf_igmp_router_group_at`).
///
/// # Safety
///
/// `router` must be NULL or a live router; `out` must be NULL or point to a writable
/// `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_router_group_count(
    router: *const mf_igmp_router,
    out: *mut usize,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `router_ref`).
        let r = unsafe { router_ref(router) }?;
        let out = non_null_mut(out, "out")?;
        let n = with_state!(&r.kind, s => s.router.groups().count());
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(n) };
        Ok(())
    })
}

/// The `index`-th group with state (0 to `mf_igmp_router_group_count` - 1), into
/// `*out`; `MF_STATUS_NOT_FOUND` past the last. The order is the table's and holds
/// until the router is next changed (receive, poll).
///
/// # Safety
///
/// `router` must be NULL or a live router; `out` must be NULL or point to a writable
/// `mf_igmp_group`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_router_group_at(
    router: *const mf_igmp_router,
    index: usize,
    out: *mut mf_igmp_group,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `router_ref`).
        let r = unsafe { router_ref(router) }?;
        let out = non_null_mut(out, "out")?;
        let g = with_state!(&r.kind, s => s.router.groups().nth(index).map(group_to_c));
        let g = g.ok_or(Failure::not_found("group"))?;
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(g) };
        Ok(())
    })
}

/// The state of `group`, into `*out`; `MF_STATUS_NOT_FOUND` when the router has none
/// (nobody listens), `MF_STATUS_INVALID_ARGUMENT` for an address of the other family.
///
/// # Safety
///
/// `router` must be NULL or a live router; `group` must be NULL or point to an
/// `mf_ip_addr`; `out` must be NULL or point to a writable `mf_igmp_group`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_router_group(
    router: *const mf_igmp_router,
    group: *const mf_ip_addr,
    out: *mut mf_igmp_group,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `router_ref`).
        let r = unsafe { router_ref(router) }?;
        let out = non_null_mut(out, "out")?;
        let g = with_state!(&r.kind, s => {
            // SAFETY: forwarded caller's promise (an `mf_ip_addr`).
            let a = unsafe { read_addr(group, "group") }?;
            s.router.group(&a).map(group_to_c)
        });
        let g = g.ok_or(Failure::not_found("group"))?;
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(g) };
        Ok(())
    })
}

/// The source records of `group` into the caller's array of `cap` elements, `*count`
/// set to their number. `MF_STATUS_BUFFER_TOO_SMALL` with `*count` set to the number
/// needed when `cap` is too small (`out` may be NULL when `cap` is 0);
/// `MF_STATUS_NOT_FOUND` when the router has no state for the group.
///
/// # Safety
///
/// `router` must be NULL or a live router; `group` must be NULL or point to an
/// `mf_ip_addr`; `out` must be NULL or point to `cap` writable `mf_igmp_source`s;
/// `count` must be NULL or point to a writable `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_router_sources(
    router: *const mf_igmp_router,
    group: *const mf_ip_addr,
    out: *mut mf_igmp_source,
    cap: usize,
    count: *mut usize,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `router_ref`).
        let r = unsafe { router_ref(router) }?;
        non_null_mut(count, "count")?;
        with_state!(&r.kind, s => {
            // SAFETY: forwarded caller's promise (an `mf_ip_addr`).
            let a = unsafe { read_addr(group, "group") }?;
            let g = s.router.group(&a).ok_or(Failure::not_found("group"))?;
            let items = || {
                g.sources().map(|src| mf_igmp_source {
                    addr: src.addr.to_c(),
                    expires_ns: opt_nanos(src.expires),
                    forwarding: g.forwards(&src.addr),
                    retransmissions: src.retransmissions(),
                })
            };
            // SAFETY: forwarded caller's promises (`cap` elements, a `size_t`).
            unsafe { write_array(items, out, cap, count, "out") }
        })
    })
}

/// Whether traffic from `source` to `group` is to be forwarded (RFC 9776 §6.3), into
/// `*out`.
///
/// # Safety
///
/// `router` must be NULL or a live router; `group` and `source` must be NULL or point
/// to `mf_ip_addr`s; `out` must be NULL or point to a writable `bool`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_router_forwards(
    router: *const mf_igmp_router,
    group: *const mf_ip_addr,
    source: *const mf_ip_addr,
    out: *mut bool,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `router_ref`).
        let r = unsafe { router_ref(router) }?;
        let out = non_null_mut(out, "out")?;
        let f = with_state!(&r.kind, s => {
            // SAFETY: forwarded caller's promises (`mf_ip_addr`s).
            let (g, src) = unsafe { (read_addr(group, "group")?, read_addr(source, "source")?) };
            s.router.forwards(&g, &src)
        });
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(f) };
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{MF_STATUS_BUFFER_TOO_SMALL, MF_STATUS_NOT_FOUND, MF_STATUS_NULL_POINTER};

    fn v4(a: [u8; 4]) -> mf_ip_addr {
        mf_ip_addr::from_ip(IpAddr::V4(Ipv4Addr::from(a)))
    }

    /// A Linux host's IGMPv3 TO_EX({}) for 239.1.1.1 (IP packet of the kernel capture).
    const JOIN: [u8; 40] = [
        0x46, 0xc0, 0x00, 0x28, 0x00, 0x00, 0x40, 0x00, 0x01, 0x02, 0xf9, 0xaa, 0x0a, 0x4d, 0x00,
        0x02, 0xe0, 0x00, 0x00, 0x16, 0x94, 0x04, 0x00, 0x00, 0x22, 0x00, 0xe9, 0xfb, 0x00, 0x00,
        0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0xef, 0x01, 0x01, 0x01,
    ];

    fn router() -> *mut mf_igmp_router {
        let mut c = core::mem::MaybeUninit::uninit();
        let mut r = ptr::null_mut();
        // SAFETY: valid pointers.
        unsafe {
            assert_eq!(
                mf_igmp_router_config_init(&v4([10, 77, 0, 1]), c.as_mut_ptr()),
                MF_STATUS_OK
            );
            assert_eq!(
                mf_igmp_router_new(c.as_ptr(), 0, &mut r, ptr::null_mut()),
                MF_STATUS_OK
            );
        }
        r
    }

    #[test]
    fn join_query_and_drain() {
        // The router is built on its own stack: the test thread's small default is
        // enough.
        {
            {
                let r = router();
                // SAFETY: a live router and valid pointers throughout.
                unsafe {
                    assert_eq!(mf_igmp_router_poll(r, 0), MF_STATUS_OK);
                    let mut q = core::mem::MaybeUninit::uninit();
                    assert_eq!(mf_igmp_router_peek_query(r, q.as_mut_ptr()), MF_STATUS_OK);
                    let q = q.assume_init();
                    assert_eq!(
                        (q.kind, q.version, q.packet_len),
                        (MF_IGMP_QUERY_GENERAL, 3, 36)
                    );
                    let mut buf = [0u8; 64];
                    let mut n = 0;
                    let s =
                        mf_igmp_router_next_query(r, buf.as_mut_ptr(), 10, &mut n, ptr::null_mut());
                    assert_eq!((s, n), (MF_STATUS_BUFFER_TOO_SMALL, 36));
                    let s =
                        mf_igmp_router_next_query(r, buf.as_mut_ptr(), 64, &mut n, ptr::null_mut());
                    assert_eq!((s, n), (MF_STATUS_OK, 36));
                    let s =
                        mf_igmp_router_next_query(r, buf.as_mut_ptr(), 64, &mut n, ptr::null_mut());
                    assert_eq!(s, MF_STATUS_END);
                    let mut res = core::mem::MaybeUninit::uninit();
                    let s = mf_igmp_router_receive(
                        r,
                        JOIN.as_ptr(),
                        JOIN.len(),
                        1_000_000_000,
                        res.as_mut_ptr(),
                        ptr::null_mut(),
                    );
                    assert_eq!(s, MF_STATUS_OK);
                    let res = res.assume_init();
                    assert_eq!(
                        (res.accepted, res.drop_reason, res.records_applied),
                        (MF_IGMP_ACCEPTED_REPORT_V3, MF_IGMP_DROP_NONE, 1)
                    );
                    let mut e = core::mem::MaybeUninit::uninit();
                    assert_eq!(mf_igmp_router_next_event(r, e.as_mut_ptr()), MF_STATUS_OK);
                    let e = e.assume_init();
                    assert_eq!((e.kind, e.has_source), (MF_IGMP_EVENT_FORWARD, false));
                    assert_eq!(e.group, v4([239, 1, 1, 1]));
                    let mut e2 = core::mem::MaybeUninit::uninit();
                    assert_eq!(mf_igmp_router_next_event(r, e2.as_mut_ptr()), MF_STATUS_END);
                    let mut g = core::mem::MaybeUninit::uninit();
                    assert_eq!(
                        mf_igmp_router_group(r, &v4([239, 1, 1, 1]), g.as_mut_ptr()),
                        MF_STATUS_OK
                    );
                    assert_eq!(g.assume_init().mode, MF_IGMP_FILTER_EXCLUDE);
                    assert_eq!(
                        mf_igmp_router_group(r, &v4([239, 1, 1, 2]), g.as_mut_ptr()),
                        MF_STATUS_NOT_FOUND
                    );
                    mf_igmp_router_free(r);
                }
            }
        }
    }

    #[test]
    fn null_pointers_and_bad_arguments() {
        // SAFETY: NULL pointers are allowed and rejected.
        unsafe {
            assert_eq!(
                mf_igmp_router_poll(ptr::null_mut(), 0),
                MF_STATUS_NULL_POINTER
            );
            mf_igmp_router_free(ptr::null_mut());
            let mut c = core::mem::MaybeUninit::uninit();
            assert_eq!(
                mf_igmp_router_config_init(&v4([10, 0, 0, 1]), c.as_mut_ptr()),
                MF_STATUS_OK
            );
            let mut c = c.assume_init();
            c.version = 4;
            let mut r = ptr::null_mut();
            let mut e = core::mem::MaybeUninit::uninit();
            assert_eq!(
                mf_igmp_router_new(&c, 0, &mut r, e.as_mut_ptr()),
                crate::MF_STATUS_INVALID_ARGUMENT
            );
            assert!(r.is_null());
            c.version = 3;
            c.timers.robustness = 0;
            assert_eq!(
                mf_igmp_router_new(&c, 0, &mut r, e.as_mut_ptr()),
                crate::MF_STATUS_OUT_OF_RANGE
            );
            assert_eq!(
                mf_igmp_router_new(&c, 0, ptr::null_mut(), ptr::null_mut()),
                MF_STATUS_NULL_POINTER
            );
        }
        assert_eq!(nanos(Duration::MAX), MF_IGMP_TIME_NONE - 1);
        for code in 0..=MF_IGMP_DROP_REASON_COUNT as u32 {
            assert!(!mf_igmp_drop_reason_str(code).is_null());
        }
        for r in DropReason::ALL {
            let name = drop_name(drop_code(r)).to_str().unwrap();
            assert_eq!(name, r.name(), "the C name is the library's");
        }
    }
}
