//! The IGMP / MLD host side of one interface for C ([`mediafabric_igmp::host`]).
//!
//! One opaque handle, `mf_igmp_host`, runs either protocol: the family of the
//! configured source address picks IGMPv3 (IPv4, with IGMPv1/v2 compatibility) or MLDv2
//! (IPv6, with MLDv1 compatibility). It keeps up to [`MF_IGMP_HOST_MAX_GROUPS`] groups,
//! source lists of up to [`MF_IGMP_HOST_MAX_SOURCES`] addresses and
//! [`MF_IGMP_HOST_MAX_MEMBERSHIPS`] (socket, group) memberships, in one heap
//! allocation made by `mf_igmp_host_new`.
//!
//! - `mf_igmp_host_listen` is RFC 9776 §3.1's `IPMulticastListen(socket, interface,
//!   group, filter-mode, source-list)`; `mf_igmp_host_join` / `_leave` are its
//!   any-source forms; sockets are numbers the caller chooses.
//! - `mf_igmp_host_receive` takes a received IP packet (queries, other hosts' reports).
//! - `mf_igmp_host_poll` sends what is due: each frame (Ethernet, then IPv4 with Router
//!   Alert and TTL 1 or IPv6 with a Hop-by-Hop Router Alert and hop limit 1) is queued
//!   in the handle, up to [`MF_IGMP_HOST_FRAME_QUEUE`] frames (further ones are
//!   counted in `frames_lost`); read them with `mf_igmp_host_next_frame`.
//!   `mf_igmp_host_next_deadline` says when to poll next.
//!
//! Randomness (report delays) comes from a xorshift generator seeded by the caller at
//! `mf_igmp_host_new`: seed it from the system's entropy source. Time is `uint64_t`
//! nanoseconds, as for the router.

use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use core::ptr;
use std::collections::VecDeque;

use mediafabric_igmp::host::{
    Config, DropReason, FilterMode, Group, Host, HostError, LeavePolicy, OlderInclude, Outgoing,
    OutgoingKind, PendingChange, Received, SocketId, XorShift32,
};

use crate::igmp_router::{
    Addr, MF_IGMP_DROP_BAD_CHECKSUM, MF_IGMP_DROP_BAD_SOURCE, MF_IGMP_DROP_BAD_TTL,
    MF_IGMP_DROP_INVALID_GROUP, MF_IGMP_DROP_MALFORMED, MF_IGMP_DROP_NO_ROUTER_ALERT,
    MF_IGMP_DROP_NONE, MF_IGMP_DROP_OTHER, MF_IGMP_FILTER_EXCLUDE, MF_IGMP_FILTER_INCLUDE,
    MF_IGMP_QUERY_GENERAL, MF_IGMP_QUERY_GROUP, MF_IGMP_QUERY_GROUP_AND_SOURCE, MF_IGMP_QUERY_NONE,
    NO_ADDR, addr_from_c, build_on_own_stack, mf_igmp_drop_reason, mf_igmp_filter_mode,
    mf_igmp_query_kind, nanos, opt_nanos, read_addr, time,
};
use crate::{
    Failure, MF_IP_FAMILY_V4, MF_IP_FAMILY_V6, MF_LAYER_NONE, MF_STATUS_END, MF_STATUS_OK, guard,
    in_slice, mf_error, mf_ip_addr, mf_status, non_null, non_null_mut, out_slice, write_array,
};

// ---------------------------------------------------------------------------------
// Sizes and constants
// ---------------------------------------------------------------------------------

/// Groups one `mf_igmp_host` keeps interface state for; a further group is
/// `MF_STATUS_TABLE_FULL`.
pub const MF_IGMP_HOST_MAX_GROUPS: usize = 256;
/// Addresses in one source list (a socket's, an interface state's);
/// a longer list is `MF_STATUS_TABLE_FULL`.
pub const MF_IGMP_HOST_MAX_SOURCES: usize = 64;
/// (socket, group) memberships one `mf_igmp_host` keeps; a further one is
/// `MF_STATUS_TABLE_FULL`.
pub const MF_IGMP_HOST_MAX_MEMBERSHIPS: usize = 64;
/// Frames the host's queue holds; further frames are counted in `frames_lost`.
pub const MF_IGMP_HOST_FRAME_QUEUE: usize = 4 * MF_IGMP_HOST_MAX_GROUPS;

const G: usize = MF_IGMP_HOST_MAX_GROUPS;
const S: usize = MF_IGMP_HOST_MAX_SOURCES;
const K: usize = MF_IGMP_HOST_MAX_MEMBERSHIPS;

/// When to send an IGMPv2 Leave / MLDv1 Done (`MF_IGMP_LEAVE_*`).
pub type mf_igmp_leave_policy = u32;

/// Only if this host sent the last report for the group (RFC 2236 §3); the default.
pub const MF_IGMP_LEAVE_IF_LAST_REPORTER: mf_igmp_leave_policy = 0;
/// Always (RFC 2236 §3 allows it).
pub const MF_IGMP_LEAVE_ALWAYS: mf_igmp_leave_policy = 1;

/// How an INCLUDE state with sources is reported in the older modes
/// (`MF_IGMP_OLDER_INCLUDE_*`).
pub type mf_igmp_older_include = u32;

/// Not reported: only any-source joins are (RFC 9776 §7.2.1); the default.
pub const MF_IGMP_OLDER_INCLUDE_IGNORE: mf_igmp_older_include = 0;
/// Reported as a join of the whole group (what Linux does).
pub const MF_IGMP_OLDER_INCLUDE_REPORT_AS_JOIN: mf_igmp_older_include = 1;

/// What `mf_igmp_host_receive` made of a packet (`MF_IGMP_RECEIVED_*`).
pub type mf_igmp_received_kind = u32;

/// A query, acted on.
pub const MF_IGMP_RECEIVED_QUERY: mf_igmp_received_kind = 1;
/// Another host's older-version report.
pub const MF_IGMP_RECEIVED_OLDER_REPORT: mf_igmp_received_kind = 2;
/// Dropped (and counted); `drop_reason` says why.
pub const MF_IGMP_RECEIVED_DROPPED: mf_igmp_received_kind = 3;
/// Not something a host acts on (reports of v3, other ICMPv6, our own reports).
pub const MF_IGMP_RECEIVED_IGNORED: mf_igmp_received_kind = 4;

/// What an outgoing frame carries (`MF_IGMP_OUTGOING_*`).
pub type mf_igmp_outgoing_kind = u32;

/// An IGMPv3 / MLDv2 report with state-change records (RFC 9776 §5.1).
pub const MF_IGMP_OUTGOING_STATE_CHANGE_REPORT: mf_igmp_outgoing_kind = 1;
/// An IGMPv3 / MLDv2 report with current-state records (§5.2).
pub const MF_IGMP_OUTGOING_CURRENT_STATE_REPORT: mf_igmp_outgoing_kind = 2;
/// An older-version report (IGMPv1/v2, MLDv1).
pub const MF_IGMP_OUTGOING_OLDER_REPORT: mf_igmp_outgoing_kind = 3;
/// An IGMPv2 Leave Group / MLDv1 Done.
pub const MF_IGMP_OUTGOING_LEAVE: mf_igmp_outgoing_kind = 4;

/// A group's state-change retransmission state (`MF_IGMP_PENDING_*`, RFC 9776 §5.1).
pub type mf_igmp_pending_kind = u32;

/// Nothing to retransmit.
pub const MF_IGMP_PENDING_NONE: mf_igmp_pending_kind = 0;
/// The next reports carry a filter-mode-change record.
pub const MF_IGMP_PENDING_FILTER_MODE: mf_igmp_pending_kind = 1;
/// Sources with retransmission state.
pub const MF_IGMP_PENDING_SOURCES: mf_igmp_pending_kind = 2;

// ---------------------------------------------------------------------------------
// Plain-data structs
// ---------------------------------------------------------------------------------

/// A host's configuration for one interface (RFC 9776 §8, RFC 9777 §9). Fill it with
/// `mf_igmp_host_config_init` and change what differs.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct mf_igmp_host_config {
    /// The interface's MAC address (Ethernet source of every frame).
    pub src_mac: [u8; 6],
    /// The interface's address; its family selects IGMP (`MF_IP_FAMILY_V4`, 0.0.0.0
    /// allowed, RFC 9776 §4.2.13) or MLD (`MF_IP_FAMILY_V6`, link-local, RFC 9777
    /// §5.2.13).
    pub src_ip: mf_ip_addr,
    /// Robustness Variable (§8.1, default 2, at least 1): how often a state change is
    /// sent.
    pub robustness: u8,
    /// Unsolicited Report Interval of IGMPv3/MLDv2 (§8.11, default 1 s).
    pub unsolicited_report_interval_ns: u64,
    /// Unsolicited Report Interval of IGMPv1/v2 and MLDv1 (default 10 s).
    pub older_unsolicited_report_interval_ns: u64,
    /// Query Interval assumed until a querier says otherwise (§8.2, default 125 s).
    pub query_interval_ns: u64,
    /// Query Response Interval (§8.3, default 10 s).
    pub query_response_interval_ns: u64,
    /// Link MTU: reports are packed up to this IP packet size (default 1500, at most
    /// 65535).
    pub mtu: usize,
    /// When to send IGMPv2 leaves / MLDv1 dones (`MF_IGMP_LEAVE_*`).
    pub leave_policy: mf_igmp_leave_policy,
    /// How INCLUDE states with sources are reported in the older modes
    /// (`MF_IGMP_OLDER_INCLUDE_*`).
    pub older_include: mf_igmp_older_include,
    /// Adopt the QRV and QQI of received v3 queries (default true).
    pub adopt_querier_values: bool,
    /// Drop queries without Router Alert (default false: IGMPv1 queriers never send
    /// it).
    pub require_router_alert: bool,
}

/// What `mf_igmp_host_receive` made of a packet. Members that do not apply are zero.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct mf_igmp_host_received {
    /// What it was (`MF_IGMP_RECEIVED_*`).
    pub kind: mf_igmp_received_kind,
    /// For a query: its version in the protocol's numbering (IGMP 1-3, MLD 1-2).
    pub version: u8,
    /// For a query: which kind (`MF_IGMP_QUERY_*`).
    pub query_kind: mf_igmp_query_kind,
    /// For a group(-and-source)-specific query or an older report: the group.
    pub group: mf_ip_addr,
    /// For a query: the number of sources it names.
    pub number_of_sources: usize,
    /// For a query: its maximum response time.
    pub max_response_ns: u64,
    /// For an older report: whether it suppressed a report of ours (RFC 2236 §3).
    pub suppressed: bool,
    /// For `MF_IGMP_RECEIVED_DROPPED`: why (`MF_IGMP_DROP_MALFORMED`, `_BAD_CHECKSUM`,
    /// `_BAD_TTL`, `_BAD_SOURCE`, `_NO_ROUTER_ALERT` or `_INVALID_GROUP`).
    pub drop_reason: mf_igmp_drop_reason,
}

/// A frame waiting in the host's queue.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct mf_igmp_outgoing {
    /// What it carries (`MF_IGMP_OUTGOING_*`).
    pub kind: mf_igmp_outgoing_kind,
    /// For an IGMPv3 / MLDv2 report: the group records in it.
    pub records: usize,
    /// For an older report: its version in the protocol's numbering.
    pub version: u8,
    /// For an older report or a leave: the group.
    pub group: mf_ip_addr,
    /// The IP destination.
    pub destination: mf_ip_addr,
    /// Bytes of the whole Ethernet frame (the IP packet starts 14 bytes in).
    pub frame_len: usize,
}

/// A group's interface state on the host (RFC 9776 §3.2) and its report timers.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct mf_igmp_host_group {
    /// The group address.
    pub group: mf_ip_addr,
    /// The interface filter mode (`MF_IGMP_FILTER_*`).
    pub mode: mf_igmp_filter_mode,
    /// Addresses in the interface source list (read them with
    /// `mf_igmp_host_sources`).
    pub number_of_sources: usize,
    /// Whether the state is anything but INCLUDE {} (the host listens).
    pub listening: bool,
    /// The state-change retransmission state (`MF_IGMP_PENDING_*`).
    pub pending: mf_igmp_pending_kind,
    /// For `MF_IGMP_PENDING_FILTER_MODE`: reports still to send; for
    /// `MF_IGMP_PENDING_SOURCES`: sources with retransmission state.
    pub pending_count: usize,
    /// When the next state-change report is due, or `MF_IGMP_TIME_NONE`.
    pub change_due_ns: u64,
    /// When the answer to a group(-and-source)-specific query is due, or
    /// `MF_IGMP_TIME_NONE`.
    pub response_due_ns: u64,
    /// Sources recorded for that answer (0: the whole group was queried).
    pub number_of_queried_sources: usize,
    /// When the next older-version report is due, or `MF_IGMP_TIME_NONE`.
    pub older_report_due_ns: u64,
    /// Unsolicited older-version reports still to repeat after the next one.
    pub older_repeats: u8,
    /// Whether this host sent the last older-version report (RFC 2236 §3's flag).
    pub last_reporter: bool,
    /// When an IGMPv2 Leave / MLDv1 Done is due, or `MF_IGMP_TIME_NONE`.
    pub leave_due_ns: u64,
}

/// The host's interface-wide state.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct mf_igmp_host_status {
    /// Host Compatibility Mode (RFC 9776 §7.2.1) as the protocol version it speaks:
    /// IGMP 1-3, MLD 1-2.
    pub compat_version: u8,
    /// Whether source filters are reported (IGMPv3, MLDv2).
    pub filters_sources: bool,
    /// When the IGMPv1 Querier Present timer expires, or `MF_IGMP_TIME_NONE`.
    pub v1_querier_present_ns: u64,
    /// When the IGMPv2 / MLDv1 Querier Present timer expires, or `MF_IGMP_TIME_NONE`.
    pub v2_querier_present_ns: u64,
    /// When the answer to a general query is due (the interface timer), or
    /// `MF_IGMP_TIME_NONE`.
    pub general_response_due_ns: u64,
    /// The Robustness Variable in use (configured, or adopted from a querier).
    pub robustness: u8,
    /// The Query Interval in use.
    pub query_interval_ns: u64,
    /// Older Version Querier Present Timeout, RV × QI + QRI (§8.12).
    pub older_querier_present_timeout_ns: u64,
    /// Groups the host keeps state for.
    pub number_of_groups: usize,
    /// (socket, group) memberships.
    pub number_of_memberships: usize,
}

/// What a host counted.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct mf_igmp_host_counters {
    /// General queries accepted.
    pub general_queries: u64,
    /// Group-specific queries accepted.
    pub group_queries: u64,
    /// Group-and-source-specific queries accepted.
    pub group_source_queries: u64,
    /// Queries of an older version among those.
    pub older_queries: u64,
    /// Dropped: unreadable packets.
    pub dropped_malformed: u64,
    /// Dropped: bad checksum.
    pub dropped_checksum: u64,
    /// Dropped: queries with TTL / hop limit other than 1.
    pub dropped_hop_limit: u64,
    /// Dropped: MLD queries from a non-link-local source.
    pub dropped_source: u64,
    /// Dropped: queries without Router Alert (when required).
    pub dropped_router_alert: u64,
    /// Dropped: queries for a non-multicast group.
    pub dropped_group: u64,
    /// Messages not acted on.
    pub ignored: u64,
    /// Older-version reports of other hosts heard.
    pub older_reports_heard: u64,
    /// Our older-version reports suppressed by another host's.
    pub older_reports_suppressed: u64,
    /// IGMPv3 / MLDv2 report messages sent.
    pub reports_sent: u64,
    /// Group records sent in them.
    pub records_sent: u64,
    /// Older-version reports sent.
    pub older_reports_sent: u64,
    /// IGMPv2 leaves / MLDv1 dones sent.
    pub leaves_sent: u64,
    /// Sources left out of IS_EX / TO_EX records that did not fit a message.
    pub sources_not_reported: u64,
    /// Source retransmission state that overflowed and fell back to filter-mode-change
    /// records.
    pub change_overflows: u64,
    /// Group-and-source-specific queries answered for the whole group.
    pub query_source_overflows: u64,
    /// Host Compatibility Mode changes.
    pub compat_changes: u64,
    /// Frames that did not fit the handle's queue (`MF_IGMP_HOST_FRAME_QUEUE`).
    pub frames_lost: u64,
}

// ---------------------------------------------------------------------------------
// The handle
// ---------------------------------------------------------------------------------

/// The host-side family operations this module needs.
trait HostAddr: Addr + mediafabric_igmp::host::Family {}
impl HostAddr for Ipv4Addr {}
impl HostAddr for Ipv6Addr {}

/// A frame and what it is.
#[derive(Debug)]
struct Frame<A> {
    bytes: Vec<u8>,
    destination: A,
    kind: OutgoingKind<A>,
}

#[derive(Debug)]
struct State<A: HostAddr> {
    host: Host<A, G, S, K, XorShift32>,
    buf: Vec<u8>,
    frames: VecDeque<Frame<A>>,
    frames_lost: u64,
}

#[derive(Debug)]
enum Kind {
    V4(Box<State<Ipv4Addr>>),
    V6(Box<State<Ipv6Addr>>),
}

/// The multicast host state of one interface: IGMPv3 or MLDv2 with the older
/// compatibility modes.
///
/// Opaque: create with `mf_igmp_host_new`, release with `mf_igmp_host_free`.
#[derive(Debug)]
pub struct mf_igmp_host {
    kind: Kind,
}

macro_rules! with_state {
    ($h:expr, $s:ident => $body:expr) => {
        match $h {
            Kind::V4($s) => $body,
            Kind::V6($s) => $body,
        }
    };
}

/// # Safety
///
/// `p` must be NULL or a live host from `mf_igmp_host_new` with no concurrent writer.
unsafe fn host_ref<'a>(p: *const mf_igmp_host) -> Result<&'a mf_igmp_host, Failure> {
    let p = non_null(p, "host")?;
    // SAFETY: the caller promises a live host with no concurrent writer.
    Ok(unsafe { &*p })
}

/// # Safety
///
/// `p` must be NULL or a live host from `mf_igmp_host_new` used by nothing else during
/// the call.
unsafe fn host_mut<'a>(p: *mut mf_igmp_host) -> Result<&'a mut mf_igmp_host, Failure> {
    let p = non_null_mut(p, "host")?;
    // SAFETY: the caller promises a live host that nobody else uses meanwhile.
    Ok(unsafe { &mut *p })
}

/// A host error as a failure.
fn host_failure(e: HostError) -> Failure {
    match e {
        HostError::NotMulticast => {
            Failure::invalid_argument("group", "a multicast group address", 0)
        }
        HostError::MembershipLimit { capacity } => {
            Failure::table_full("socket memberships", capacity)
        }
        HostError::GroupLimit { capacity } => Failure::table_full("groups", capacity),
        HostError::SourceLimit { capacity, .. } => Failure::table_full("source list", capacity),
        HostError::BufferTooSmall { needed, available } => {
            Failure::buffer_too_small("buffer", needed, available)
        }
        HostError::Config { field, reason } => Failure::invalid_argument(field, reason, 0),
        HostError::Frame(error) => Failure::Igmp {
            error,
            layer: MF_LAYER_NONE,
        },
        _ => Failure::invalid_argument("host", "an operation the host accepts", 0),
    }
}

fn mode_to_c(m: FilterMode) -> mf_igmp_filter_mode {
    match m {
        FilterMode::Include => MF_IGMP_FILTER_INCLUDE,
        FilterMode::Exclude => MF_IGMP_FILTER_EXCLUDE,
    }
}

fn mode_from_c(m: mf_igmp_filter_mode) -> Result<FilterMode, Failure> {
    match m {
        MF_IGMP_FILTER_INCLUDE => Ok(FilterMode::Include),
        MF_IGMP_FILTER_EXCLUDE => Ok(FilterMode::Exclude),
        other => Err(Failure::invalid_argument(
            "mode",
            "MF_IGMP_FILTER_INCLUDE (1) or MF_IGMP_FILTER_EXCLUDE (2)",
            u64::from(other),
        )),
    }
}

fn config_to_c<A: HostAddr>(c: &Config<A>) -> mf_igmp_host_config {
    mf_igmp_host_config {
        src_mac: c.src_mac,
        src_ip: c.src_ip.to_c(),
        robustness: c.robustness,
        unsolicited_report_interval_ns: nanos(c.unsolicited_report_interval),
        older_unsolicited_report_interval_ns: nanos(c.older_unsolicited_report_interval),
        query_interval_ns: nanos(c.query_interval),
        query_response_interval_ns: nanos(c.query_response_interval),
        mtu: c.mtu,
        leave_policy: match c.leave_policy {
            LeavePolicy::IfLastReporter => MF_IGMP_LEAVE_IF_LAST_REPORTER,
            LeavePolicy::Always => MF_IGMP_LEAVE_ALWAYS,
        },
        older_include: match c.older_include {
            OlderInclude::Ignore => MF_IGMP_OLDER_INCLUDE_IGNORE,
            OlderInclude::ReportAsJoin => MF_IGMP_OLDER_INCLUDE_REPORT_AS_JOIN,
        },
        adopt_querier_values: c.adopt_querier_values,
        require_router_alert: c.require_router_alert,
    }
}

fn config_from_c<A: HostAddr>(c: &mf_igmp_host_config) -> Result<Config<A>, Failure> {
    let src_ip = addr_from_c::<A>(&c.src_ip, "config.src_ip")?;
    let mut cfg = Config::new(c.src_mac, src_ip);
    cfg.robustness = c.robustness;
    cfg.unsolicited_report_interval = time(c.unsolicited_report_interval_ns);
    cfg.older_unsolicited_report_interval = time(c.older_unsolicited_report_interval_ns);
    cfg.query_interval = time(c.query_interval_ns);
    cfg.query_response_interval = time(c.query_response_interval_ns);
    cfg.mtu = c.mtu;
    cfg.leave_policy = match c.leave_policy {
        MF_IGMP_LEAVE_IF_LAST_REPORTER => LeavePolicy::IfLastReporter,
        MF_IGMP_LEAVE_ALWAYS => LeavePolicy::Always,
        other => {
            return Err(Failure::invalid_argument(
                "config.leave_policy",
                "MF_IGMP_LEAVE_IF_LAST_REPORTER (0) or MF_IGMP_LEAVE_ALWAYS (1)",
                u64::from(other),
            ));
        }
    };
    cfg.older_include = match c.older_include {
        MF_IGMP_OLDER_INCLUDE_IGNORE => OlderInclude::Ignore,
        MF_IGMP_OLDER_INCLUDE_REPORT_AS_JOIN => OlderInclude::ReportAsJoin,
        other => {
            return Err(Failure::invalid_argument(
                "config.older_include",
                "MF_IGMP_OLDER_INCLUDE_IGNORE (0) or MF_IGMP_OLDER_INCLUDE_REPORT_AS_JOIN (1)",
                u64::from(other),
            ));
        }
    };
    cfg.adopt_querier_values = c.adopt_querier_values;
    cfg.require_router_alert = c.require_router_alert;
    Ok(cfg)
}

fn new_state<A: HostAddr>(c: &mf_igmp_host_config, seed: u32) -> Result<Box<State<A>>, Failure> {
    let cfg = config_from_c::<A>(c)?;
    let host = Host::new(cfg, XorShift32::new(seed)).map_err(host_failure)?;
    Ok(Box::new(State {
        buf: vec![0; cfg.buffer_len()],
        host,
        frames: VecDeque::new(),
        frames_lost: 0,
    }))
}

/// Fills `*out` with the defaults of RFC 9776 §8 / RFC 9777 §9 for an interface with
/// address `src_ip` and MAC `src_mac` (6 bytes): Robustness Variable 2, Unsolicited
/// Report Interval 1 s (older versions 10 s), Query Interval 125 s, Query Response
/// Interval 10 s, MTU 1500, leaves only by the last reporter, older modes report only
/// any-source joins, querier values adopted, Router Alert not required.
///
/// The family of `src_ip` selects IGMP or MLD.
///
/// # Safety
///
/// `src_ip` must be NULL or point to an `mf_ip_addr`; `src_mac` must be NULL or point
/// to 6 readable bytes; `out` must be NULL or point to a writable
/// `mf_igmp_host_config`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_host_config_init(
    src_ip: *const mf_ip_addr,
    src_mac: *const u8,
    out: *mut mf_igmp_host_config,
) -> mf_status {
    guard(ptr::null_mut(), || {
        let src_ip = non_null(src_ip, "src_ip")?;
        let src_mac = non_null(src_mac, "src_mac")?;
        let out = non_null_mut(out, "out")?;
        // SAFETY: non-NULL; the caller promises an `mf_ip_addr` and 6 readable bytes.
        let (ip, mac) = unsafe {
            (
                src_ip.read().to_ip("src_ip")?,
                src_mac.cast::<[u8; 6]>().read_unaligned(),
            )
        };
        let c = match ip {
            IpAddr::V4(a) => config_to_c(&Config::new(mac, a)),
            IpAddr::V6(a) => config_to_c(&Config::new(mac, a)),
        };
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(c) };
        Ok(())
    })
}

/// Creates a host with no memberships, in IGMPv3 / MLDv2 mode, from `*config` (see
/// `mf_igmp_host_config_init`), its report delays drawn from a xorshift generator
/// seeded with `seed` (0 is replaced by a fixed non-zero seed; give each host its own
/// seed from the system's entropy source).
///
/// Returns `MF_STATUS_INVALID_ARGUMENT` for an address family other than IPv4/IPv6, a
/// Robustness Variable of 0, an MTU that cannot hold a report of one source or is
/// above 65535, or an unknown policy constant (`*err` names the field). On success
/// `*out` owns the host (about 1 MB for MLD, on the heap): release it with
/// `mf_igmp_host_free`. Like the router, it is built on a short-lived helper thread so
/// that any caller stack will do.
///
/// # Safety
///
/// `config` must be NULL or point to an `mf_igmp_host_config`; `out` must be NULL or
/// point to a writable `mf_igmp_host *`; `err` must be NULL or point to a writable
/// `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_host_new(
    config: *const mf_igmp_host_config,
    seed: u32,
    out: *mut *mut mf_igmp_host,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        let config = non_null(config, "config")?;
        let out = non_null_mut(out, "out")?;
        // SAFETY: non-NULL and the caller promises a configuration (plain data).
        let c = unsafe { config.read() };
        let kind = match c.src_ip.family {
            MF_IP_FAMILY_V4 => Kind::V4(build_on_own_stack(
                size_of::<State<Ipv4Addr>>(),
                move || new_state::<Ipv4Addr>(&c, seed),
            )?),
            MF_IP_FAMILY_V6 => Kind::V6(build_on_own_stack(
                size_of::<State<Ipv6Addr>>(),
                move || new_state::<Ipv6Addr>(&c, seed),
            )?),
            other => {
                return Err(Failure::invalid_argument(
                    "config.src_ip",
                    "MF_IP_FAMILY_V4 (4) or MF_IP_FAMILY_V6 (6)",
                    u64::from(other.0),
                ));
            }
        };
        let h = Box::new(mf_igmp_host { kind });
        // SAFETY: non-NULL and writable (caller's promise). Ownership passes to the
        // caller until `mf_igmp_host_free`.
        unsafe { out.write(Box::into_raw(h)) };
        Ok(())
    })
}

/// Releases a host made by `mf_igmp_host_new`, with whatever frames are still queued.
/// NULL is accepted and does nothing. The pointer must not be used afterwards.
///
/// # Safety
///
/// `host` must be NULL or a pointer from `mf_igmp_host_new` not yet freed and not in
/// use by another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_host_free(host: *mut mf_igmp_host) {
    let _ = guard(ptr::null_mut(), || {
        if !host.is_null() {
            // SAFETY: the caller promises a pointer from `Box::into_raw` in
            // `mf_igmp_host_new`, freed only once.
            drop(unsafe { Box::from_raw(host) });
        }
        Ok(())
    });
}

/// The host's configuration, into `*out`.
///
/// # Safety
///
/// `host` must be NULL or a live host; `out` must be NULL or point to a writable
/// `mf_igmp_host_config`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_host_get_config(
    host: *const mf_igmp_host,
    out: *mut mf_igmp_host_config,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `host_ref`).
        let h = unsafe { host_ref(host) }?;
        let out = non_null_mut(out, "out")?;
        let c = with_state!(&h.kind, s => config_to_c(s.host.config()));
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(c) };
        Ok(())
    })
}

/// Reads `n` addresses of family `A` from the caller's array (NULL allowed when `n` is
/// 0).
///
/// # Safety
///
/// `p` must be NULL or point to `n` readable `mf_ip_addr`s.
unsafe fn read_addrs<A: Addr>(
    p: *const mf_ip_addr,
    n: usize,
    arg: &'static str,
) -> Result<Vec<A>, Failure> {
    if n == 0 {
        return Ok(Vec::new());
    }
    let p = non_null(p, arg)?;
    if n > S {
        return Err(Failure::table_full("source list", S));
    }
    // SAFETY: non-NULL, and the caller promises `n` readable elements (n <= S, so the
    // size fits a slice).
    let items = unsafe { core::slice::from_raw_parts(p, n) };
    items.iter().map(|a| addr_from_c::<A>(a, arg)).collect()
}

/// `IPMulticastListen(socket, interface, group, filter-mode, source-list)` (RFC 9776
/// §3.1, RFC 9777 §4.1) at `now_ns`: sets the filter of `socket` (a number the caller
/// chooses) for `group` to `mode` (`MF_IGMP_FILTER_*`) with the `n` addresses of
/// `sources` (NULL when `n` is 0). INCLUDE with no sources removes the membership.
/// `*changed` says whether the interface state changed; a change is reported on the
/// next `mf_igmp_host_poll` (it is due at `now_ns`).
///
/// Returns `MF_STATUS_INVALID_ARGUMENT` for a group that is not multicast, an address
/// of the other family or an unknown mode; `MF_STATUS_TABLE_FULL` when the memberships,
/// groups or a source list (`MF_IGMP_HOST_MAX_SOURCES`, also the union of a group's
/// INCLUDE lists) would overflow. On error nothing changed.
///
/// # Safety
///
/// `host` must be NULL or a live host used by nothing else during the call; `group`
/// must be NULL or point to an `mf_ip_addr`; `sources` must be NULL or point to `n`
/// `mf_ip_addr`s; `changed` must be NULL or point to a writable `bool`; `err` must be
/// NULL or point to a writable `mf_error`.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn mf_igmp_host_listen(
    host: *mut mf_igmp_host,
    socket: u64,
    group: *const mf_ip_addr,
    mode: mf_igmp_filter_mode,
    sources: *const mf_ip_addr,
    n: usize,
    now_ns: u64,
    changed: *mut bool,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        // SAFETY: forwarded caller's promise (see `host_mut`).
        let h = unsafe { host_mut(host) }?;
        let changed = non_null_mut(changed, "changed")?;
        let mode = mode_from_c(mode)?;
        let c = with_state!(&mut h.kind, s => {
            // SAFETY: forwarded caller's promises (an address, `n` addresses).
            let (g, list) = unsafe { (read_addr(group, "group")?, read_addrs(sources, n, "sources")?) };
            s.host
                .listen(SocketId(socket), g, mode, &list, time(now_ns))
                .map_err(host_failure)?
        });
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { changed.write(c) };
        Ok(())
    })
}

/// Joins `group` on `socket` for every source: EXCLUDE {} (RFC 9776 §3.1). As
/// `mf_igmp_host_listen`.
///
/// # Safety
///
/// As `mf_igmp_host_listen`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_host_join(
    host: *mut mf_igmp_host,
    socket: u64,
    group: *const mf_ip_addr,
    now_ns: u64,
    changed: *mut bool,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        // SAFETY: forwarded caller's promise (see `host_mut`).
        let h = unsafe { host_mut(host) }?;
        let changed = non_null_mut(changed, "changed")?;
        let c = with_state!(&mut h.kind, s => {
            // SAFETY: forwarded caller's promise (an address).
            let g = unsafe { read_addr(group, "group") }?;
            s.host.join(SocketId(socket), g, time(now_ns)).map_err(host_failure)?
        });
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { changed.write(c) };
        Ok(())
    })
}

/// Leaves `group` on `socket`: INCLUDE {} (RFC 9776 §3.1). Never fails for a multicast
/// group. As `mf_igmp_host_listen`.
///
/// # Safety
///
/// As `mf_igmp_host_listen`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_host_leave(
    host: *mut mf_igmp_host,
    socket: u64,
    group: *const mf_ip_addr,
    now_ns: u64,
    changed: *mut bool,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        // SAFETY: forwarded caller's promise (see `host_mut`).
        let h = unsafe { host_mut(host) }?;
        let changed = non_null_mut(changed, "changed")?;
        let c = with_state!(&mut h.kind, s => {
            // SAFETY: forwarded caller's promise (an address).
            let g = unsafe { read_addr(group, "group") }?;
            s.host.leave(SocketId(socket), g, time(now_ns)).map_err(host_failure)?
        });
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { changed.write(c) };
        Ok(())
    })
}

/// Drops every membership of `socket` (the socket closed) at `now_ns`; `*left` is how
/// many there were.
///
/// # Safety
///
/// `host` must be NULL or a live host used by nothing else during the call; `left`
/// must be NULL or point to a writable `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_host_close_socket(
    host: *mut mf_igmp_host,
    socket: u64,
    now_ns: u64,
    left: *mut usize,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `host_mut`).
        let h = unsafe { host_mut(host) }?;
        let left = non_null_mut(left, "left")?;
        let n = with_state!(&mut h.kind, s => s.host.close_socket(SocketId(socket), time(now_ns)));
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { left.write(n) };
        Ok(())
    })
}

fn host_drop_code(r: DropReason) -> mf_igmp_drop_reason {
    match r {
        DropReason::Malformed => MF_IGMP_DROP_MALFORMED,
        DropReason::Checksum => MF_IGMP_DROP_BAD_CHECKSUM,
        DropReason::HopLimit => MF_IGMP_DROP_BAD_TTL,
        DropReason::Source => MF_IGMP_DROP_BAD_SOURCE,
        DropReason::RouterAlert => MF_IGMP_DROP_NO_ROUTER_ALERT,
        DropReason::Group => MF_IGMP_DROP_INVALID_GROUP,
        _ => MF_IGMP_DROP_OTHER,
    }
}

fn received_to_c<A: HostAddr>(r: &Received<A>) -> mf_igmp_host_received {
    let mut out = mf_igmp_host_received {
        kind: MF_IGMP_RECEIVED_IGNORED,
        version: 0,
        query_kind: MF_IGMP_QUERY_NONE,
        group: NO_ADDR,
        number_of_sources: 0,
        max_response_ns: 0,
        suppressed: false,
        drop_reason: MF_IGMP_DROP_NONE,
    };
    match *r {
        Received::Query {
            version,
            group,
            sources,
            max_response,
        } => {
            out.kind = MF_IGMP_RECEIVED_QUERY;
            out.version = version;
            out.query_kind = match (group, sources) {
                (None, _) => MF_IGMP_QUERY_GENERAL,
                (Some(_), 0) => MF_IGMP_QUERY_GROUP,
                _ => MF_IGMP_QUERY_GROUP_AND_SOURCE,
            };
            out.group = group.unwrap_or(A::ANY).to_c();
            out.number_of_sources = sources;
            out.max_response_ns = nanos(max_response);
        }
        Received::OlderReport { group, suppressed } => {
            out.kind = MF_IGMP_RECEIVED_OLDER_REPORT;
            out.group = group.to_c();
            out.suppressed = suppressed;
        }
        Received::Dropped(reason) => {
            out.kind = MF_IGMP_RECEIVED_DROPPED;
            out.drop_reason = host_drop_code(reason);
        }
        _ => {}
    }
    out
}

/// Takes a received IP packet (from the IP header: IPv4 for IGMP, IPv6 for MLD) at
/// `now_ns` and says in `*out` what the host made of it: a query acted on, another
/// host's older report, dropped (why) or ignored. Bad packets are a normal outcome:
/// `MF_STATUS_OK` with `out->kind == MF_IGMP_RECEIVED_DROPPED`.
///
/// # Safety
///
/// `host` must be NULL or a live host used by nothing else during the call; `packet`
/// must be NULL or point to `len` readable bytes; `out` must be NULL or point to a
/// writable `mf_igmp_host_received`; `err` must be NULL or point to a writable
/// `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_host_receive(
    host: *mut mf_igmp_host,
    packet: *const u8,
    len: usize,
    now_ns: u64,
    out: *mut mf_igmp_host_received,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        // SAFETY: forwarded caller's promise (see `host_mut`).
        let h = unsafe { host_mut(host) }?;
        // SAFETY: forwarded caller's promise (`len` readable bytes).
        let packet = unsafe { in_slice(packet, len, "packet") }?;
        let out = non_null_mut(out, "out")?;
        let r = with_state!(&mut h.kind, s => received_to_c(&s.host.receive(packet, time(now_ns))));
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(r) };
        Ok(())
    })
}

/// Sends everything due at `now_ns` (querier-present timers, state-change reports,
/// current-state reports, older-version reports and leaves): the frames are queued;
/// `*frames` is how many this call queued (read them with `mf_igmp_host_next_frame`).
///
/// # Safety
///
/// `host` must be NULL or a live host used by nothing else during the call; `frames`
/// must be NULL or point to a writable `size_t`; `err` must be NULL or point to a
/// writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_host_poll(
    host: *mut mf_igmp_host,
    now_ns: u64,
    frames: *mut usize,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        // SAFETY: forwarded caller's promise (see `host_mut`).
        let h = unsafe { host_mut(host) }?;
        let frames = non_null_mut(frames, "frames")?;
        let n = with_state!(&mut h.kind, s => {
            let (queue, lost) = (&mut s.frames, &mut s.frames_lost);
            let mut queued = 0usize;
            let mut tx = |o: &Outgoing<'_, _>| {
                if queue.len() < MF_IGMP_HOST_FRAME_QUEUE {
                    queue.push_back(Frame {
                        bytes: o.frame.to_vec(),
                        destination: o.destination,
                        kind: o.kind,
                    });
                    queued += 1;
                } else {
                    *lost += 1;
                }
            };
            s.host.poll(time(now_ns), &mut s.buf, &mut tx).map_err(host_failure)?;
            queued
        });
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { frames.write(n) };
        Ok(())
    })
}

fn outgoing_to_c<A: HostAddr>(f: &Frame<A>) -> mf_igmp_outgoing {
    let (kind, records, version, group) = match f.kind {
        OutgoingKind::StateChangeReport { records } => {
            (MF_IGMP_OUTGOING_STATE_CHANGE_REPORT, records, 0, None)
        }
        OutgoingKind::CurrentStateReport { records } => {
            (MF_IGMP_OUTGOING_CURRENT_STATE_REPORT, records, 0, None)
        }
        OutgoingKind::OlderReport { version, group } => {
            (MF_IGMP_OUTGOING_OLDER_REPORT, 0, version, Some(group))
        }
        OutgoingKind::Leave { group } => (MF_IGMP_OUTGOING_LEAVE, 0, 0, Some(group)),
    };
    mf_igmp_outgoing {
        kind,
        records,
        version,
        group: group.map_or(NO_ADDR, Addr::to_c),
        destination: f.destination.to_c(),
        frame_len: f.bytes.len(),
    }
}

/// Describes the oldest queued frame in `*out` without taking it. Returns
/// `MF_STATUS_END` (and writes nothing) when none is queued.
///
/// # Safety
///
/// `host` must be NULL or a live host; `out` must be NULL or point to a writable
/// `mf_igmp_outgoing`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_host_peek_frame(
    host: *const mf_igmp_host,
    out: *mut mf_igmp_outgoing,
) -> mf_status {
    let mut end = false;
    let s = guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `host_ref`).
        let h = unsafe { host_ref(host) }?;
        let out = non_null_mut(out, "out")?;
        let f = with_state!(&h.kind, s => s.frames.front().map(outgoing_to_c));
        match f {
            // SAFETY: non-NULL and writable (caller's promise).
            Some(f) => unsafe { out.write(f) },
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

/// Takes the oldest queued frame: copies the whole Ethernet frame into `out`
/// (`*written` is its length; the IP packet starts 14 bytes in) and describes it in
/// `*info`.
///
/// Returns `MF_STATUS_END` when no frame is queued, and `MF_STATUS_BUFFER_TOO_SMALL`
/// with `*written` set to the bytes needed when `out_len` is too small (the frame stays
/// queued; 14 + the configured MTU is always enough).
///
/// # Safety
///
/// `host` must be NULL or a live host used by nothing else during the call; `out` must
/// be NULL or point to `out_len` writable bytes; `written` must be NULL or point to a
/// writable `size_t`; `info` must be NULL or point to a writable `mf_igmp_outgoing`;
/// `err` must be NULL or point to a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_host_next_frame(
    host: *mut mf_igmp_host,
    out: *mut u8,
    out_len: usize,
    written: *mut usize,
    info: *mut mf_igmp_outgoing,
    err: *mut mf_error,
) -> mf_status {
    let mut end = false;
    let s = guard(err, || {
        // SAFETY: forwarded caller's promise (see `host_mut`).
        let h = unsafe { host_mut(host) }?;
        // SAFETY: forwarded caller's promise (`out_len` writable bytes).
        let out = unsafe { out_slice(out, out_len, "out") }?;
        let written = non_null_mut(written, "written")?;
        let info = non_null_mut(info, "info")?;
        let taken = with_state!(&mut h.kind, s => {
            let Some(f) = s.frames.front() else {
                end = true;
                return Ok(());
            };
            let n = f.bytes.len();
            if out.len() < n {
                // SAFETY: non-NULL and writable (caller's promise).
                unsafe { written.write(n) };
                return Err(Failure::buffer_too_small("out", n, out.len()));
            }
            out[..n].copy_from_slice(&f.bytes);
            let i = outgoing_to_c(f);
            s.frames.pop_front();
            (n, i)
        });
        // SAFETY: both non-NULL and writable (caller's promise).
        unsafe {
            written.write(taken.0);
            info.write(taken.1);
        }
        Ok(())
    });
    if s == MF_STATUS_OK && end {
        MF_STATUS_END
    } else {
        s
    }
}

/// When `mf_igmp_host_poll` must be called next, into `*out`; `MF_IGMP_TIME_NONE`
/// when nothing is scheduled.
///
/// # Safety
///
/// `host` must be NULL or a live host; `out` must be NULL or point to a writable
/// `uint64_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_host_next_deadline(
    host: *const mf_igmp_host,
    out: *mut u64,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `host_ref`).
        let h = unsafe { host_ref(host) }?;
        let out = non_null_mut(out, "out")?;
        let d = with_state!(&h.kind, s => opt_nanos(s.host.next_deadline()));
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(d) };
        Ok(())
    })
}

fn group_to_c<A: HostAddr>(g: &Group<A, S>) -> mf_igmp_host_group {
    let (pending, pending_count) = match g.pending_change() {
        PendingChange::None => (MF_IGMP_PENDING_NONE, 0),
        PendingChange::FilterMode { remaining } => {
            (MF_IGMP_PENDING_FILTER_MODE, usize::from(remaining))
        }
        PendingChange::Sources { sources, .. } => (MF_IGMP_PENDING_SOURCES, sources.len()),
    };
    mf_igmp_host_group {
        group: g.group().to_c(),
        mode: mode_to_c(g.filter_mode()),
        number_of_sources: g.sources().len(),
        listening: g.is_listening(),
        pending,
        pending_count,
        change_due_ns: opt_nanos(g.change_due()),
        response_due_ns: opt_nanos(g.response_due()),
        number_of_queried_sources: g.queried_sources().len(),
        older_report_due_ns: opt_nanos(g.older_report_due()),
        older_repeats: g.older_repeats(),
        last_reporter: g.last_reporter(),
        leave_due_ns: opt_nanos(g.leave_due()),
    }
}

/// The interface state of `group`, into `*out`; `MF_STATUS_NOT_FOUND` when the host
/// keeps none (the state is INCLUDE {}: nobody listens and no leave is pending).
///
/// # Safety
///
/// `host` must be NULL or a live host; `group` must be NULL or point to an
/// `mf_ip_addr`; `out` must be NULL or point to a writable `mf_igmp_host_group`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_host_group_state(
    host: *const mf_igmp_host,
    group: *const mf_ip_addr,
    out: *mut mf_igmp_host_group,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `host_ref`).
        let h = unsafe { host_ref(host) }?;
        let out = non_null_mut(out, "out")?;
        let g = with_state!(&h.kind, s => {
            // SAFETY: forwarded caller's promise (an address).
            let a = unsafe { read_addr(group, "group") }?;
            s.host.group(&a).map(group_to_c)
        });
        let g = g.ok_or(Failure::not_found("group"))?;
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(g) };
        Ok(())
    })
}

/// The number of groups the host keeps state for, into `*out` (iterate them with
/// `mf_igmp_host_group_at`).
///
/// # Safety
///
/// `host` must be NULL or a live host; `out` must be NULL or point to a writable
/// `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_host_group_count(
    host: *const mf_igmp_host,
    out: *mut usize,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `host_ref`).
        let h = unsafe { host_ref(host) }?;
        let out = non_null_mut(out, "out")?;
        let n = with_state!(&h.kind, s => s.host.groups().count());
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(n) };
        Ok(())
    })
}

/// The `index`-th group the host keeps state for, into `*out`; `MF_STATUS_NOT_FOUND`
/// past the last. The order holds until the host is next changed.
///
/// # Safety
///
/// `host` must be NULL or a live host; `out` must be NULL or point to a writable
/// `mf_igmp_host_group`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_host_group_at(
    host: *const mf_igmp_host,
    index: usize,
    out: *mut mf_igmp_host_group,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `host_ref`).
        let h = unsafe { host_ref(host) }?;
        let out = non_null_mut(out, "out")?;
        let g = with_state!(&h.kind, s => s.host.groups().nth(index).map(group_to_c));
        let g = g.ok_or(Failure::not_found("group"))?;
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(g) };
        Ok(())
    })
}

/// The interface source list of `group` (RFC 9776 §3.2; empty when the host keeps no
/// state: INCLUDE {}) into the caller's array of `cap` addresses, `*count` set to their
/// number; `MF_STATUS_BUFFER_TOO_SMALL` with `*count` set to the number needed when
/// `cap` is too small (`out` may be NULL when `cap` is 0).
///
/// # Safety
///
/// `host` must be NULL or a live host; `group` must be NULL or point to an
/// `mf_ip_addr`; `out` must be NULL or point to `cap` writable `mf_ip_addr`s; `count`
/// must be NULL or point to a writable `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_host_sources(
    host: *const mf_igmp_host,
    group: *const mf_ip_addr,
    out: *mut mf_ip_addr,
    cap: usize,
    count: *mut usize,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `host_ref`).
        let h = unsafe { host_ref(host) }?;
        with_state!(&h.kind, s => {
            // SAFETY: forwarded caller's promise (an address).
            let a = unsafe { read_addr(group, "group") }?;
            let (_, list) = s.host.interface_state(&a);
            // SAFETY: forwarded caller's promises (`cap` elements, a `size_t`).
            unsafe { write_array(|| list.iter().map(Addr::to_c), out, cap, count, "out") }
        })
    })
}

/// The host's interface-wide state, into `*out`.
///
/// # Safety
///
/// `host` must be NULL or a live host; `out` must be NULL or point to a writable
/// `mf_igmp_host_status`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_host_get_status(
    host: *const mf_igmp_host,
    out: *mut mf_igmp_host_status,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `host_ref`).
        let h = unsafe { host_ref(host) }?;
        let out = non_null_mut(out, "out")?;
        let st = with_state!(&h.kind, s => {
            let host = &s.host;
            let mode = host.compat_mode();
            mf_igmp_host_status {
                compat_version: mode.version(),
                filters_sources: mode.filters_sources(),
                v1_querier_present_ns: opt_nanos(host.v1_querier_present_until()),
                v2_querier_present_ns: opt_nanos(host.v2_querier_present_until()),
                general_response_due_ns: opt_nanos(host.general_response_due()),
                robustness: host.robustness(),
                query_interval_ns: nanos(host.query_interval()),
                older_querier_present_timeout_ns: nanos(host.older_querier_present_timeout()),
                number_of_groups: host.groups().count(),
                number_of_memberships: host.socket_states().count(),
            }
        });
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(st) };
        Ok(())
    })
}

/// The host's counters, into `*out`.
///
/// # Safety
///
/// `host` must be NULL or a live host; `out` must be NULL or point to a writable
/// `mf_igmp_host_counters`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_host_get_counters(
    host: *const mf_igmp_host,
    out: *mut mf_igmp_host_counters,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `host_ref`).
        let h = unsafe { host_ref(host) }?;
        let out = non_null_mut(out, "out")?;
        let c = with_state!(&h.kind, s => {
            let c = s.host.counters();
            mf_igmp_host_counters {
                general_queries: c.general_queries,
                group_queries: c.group_queries,
                group_source_queries: c.group_source_queries,
                older_queries: c.older_queries,
                dropped_malformed: c.dropped_malformed,
                dropped_checksum: c.dropped_checksum,
                dropped_hop_limit: c.dropped_hop_limit,
                dropped_source: c.dropped_source,
                dropped_router_alert: c.dropped_router_alert,
                dropped_group: c.dropped_group,
                ignored: c.ignored,
                older_reports_heard: c.older_reports_heard,
                older_reports_suppressed: c.older_reports_suppressed,
                reports_sent: c.reports_sent,
                records_sent: c.records_sent,
                older_reports_sent: c.older_reports_sent,
                leaves_sent: c.leaves_sent,
                sources_not_reported: c.sources_not_reported,
                change_overflows: c.change_overflows,
                query_source_overflows: c.query_source_overflows,
                compat_changes: c.compat_changes,
                frames_lost: s.frames_lost,
            }
        });
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(c) };
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{MF_STATUS_INVALID_ARGUMENT, MF_STATUS_NOT_FOUND, MF_STATUS_TABLE_FULL};
    use core::mem::MaybeUninit;

    fn v4(a: [u8; 4]) -> mf_ip_addr {
        mf_ip_addr::from_ip(IpAddr::V4(Ipv4Addr::from(a)))
    }

    #[test]
    fn join_reports_and_errors() {
        let mac = [2, 0, 0, 0, 0, 2];
        let mut c = MaybeUninit::uninit();
        let mut h = ptr::null_mut();
        // SAFETY: valid pointers throughout; the host is freed at the end.
        unsafe {
            assert_eq!(
                mf_igmp_host_config_init(&v4([10, 0, 0, 2]), mac.as_ptr(), c.as_mut_ptr()),
                MF_STATUS_OK
            );
            assert_eq!(
                mf_igmp_host_new(c.as_ptr(), 7, &mut h, ptr::null_mut()),
                MF_STATUS_OK
            );
            let mut changed = false;
            let g = v4([239, 1, 1, 1]);
            assert_eq!(
                mf_igmp_host_join(h, 1, &g, 0, &mut changed, ptr::null_mut()),
                MF_STATUS_OK
            );
            assert!(changed);
            let mut n = 0;
            assert_eq!(
                mf_igmp_host_poll(h, 0, &mut n, ptr::null_mut()),
                MF_STATUS_OK
            );
            assert_eq!(n, 1);
            let mut buf = [0u8; 1514];
            let mut info = MaybeUninit::uninit();
            assert_eq!(
                mf_igmp_host_next_frame(
                    h,
                    buf.as_mut_ptr(),
                    buf.len(),
                    &mut n,
                    info.as_mut_ptr(),
                    ptr::null_mut()
                ),
                MF_STATUS_OK
            );
            let info = info.assume_init();
            assert_eq!(
                (info.kind, info.records, info.frame_len, n),
                (MF_IGMP_OUTGOING_STATE_CHANGE_REPORT, 1, n, 54)
            );
            assert_eq!(info.destination, v4([224, 0, 0, 22]));
            let mut st = MaybeUninit::uninit();
            assert_eq!(
                mf_igmp_host_group_state(h, &g, st.as_mut_ptr()),
                MF_STATUS_OK
            );
            assert_eq!(st.assume_init().mode, MF_IGMP_FILTER_EXCLUDE);
            assert_eq!(
                mf_igmp_host_group_state(h, &v4([239, 9, 9, 9]), st.as_mut_ptr()),
                MF_STATUS_NOT_FOUND
            );
            assert_eq!(
                mf_igmp_host_join(h, 1, &v4([10, 0, 0, 9]), 0, &mut changed, ptr::null_mut()),
                MF_STATUS_INVALID_ARGUMENT
            );
            assert_eq!(
                mf_igmp_host_listen(
                    h,
                    1,
                    &g,
                    7,
                    ptr::null(),
                    0,
                    0,
                    &mut changed,
                    ptr::null_mut()
                ),
                MF_STATUS_INVALID_ARGUMENT
            );
            let many = [v4([10, 0, 0, 1]); S + 1];
            assert_eq!(
                mf_igmp_host_listen(
                    h,
                    1,
                    &g,
                    MF_IGMP_FILTER_INCLUDE,
                    many.as_ptr(),
                    many.len(),
                    0,
                    &mut changed,
                    ptr::null_mut()
                ),
                MF_STATUS_TABLE_FULL
            );
            mf_igmp_host_free(h);
        }
    }
}
