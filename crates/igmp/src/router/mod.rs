//! The multicast router of one interface: IGMP (RFC 9776, with RFC 2236 / RFC 1112
//! compatibility) and MLD (RFC 9777, with RFC 2710 compatibility), sans-IO, without a
//! heap.
//!
//! A [`Router`] is generic over the address family ([`Ipv4Addr`] for IGMP, [`Ipv6Addr`]
//! for MLD; see [`IgmpRouter`] and [`MldRouter`]) and over its fixed capacity: `G`
//! groups of up to `S` sources each. It never reads a clock and never touches a socket:
//!
//! - [`Router::receive`] takes a whole received IP packet (from the IP header) and the
//!   current time, validates it as RFC 9776 §9 / RFC 9777 §5 ask (checksums, TTL or hop
//!   limit 1, Router Alert, source and destination addresses) and applies it: querier
//!   election (§6.6.2), the group state tables (§6.4), older-version compatibility
//!   (§7.3). It returns what it did ([`Accepted`]) or why it dropped the packet
//!   ([`Dropped`]); every drop is counted in [`Counters`].
//! - [`Router::poll`] runs what is due: General Queries (startup and periodic),
//!   retransmissions of group- and group-and-source-specific queries (§6.6.3), the
//!   Other Querier Present timer and the group, source and compatibility timers (§6.5).
//!   [`Router::next_deadline`] says when to call it next.
//! - What happens goes to a [`Sink`]: forwarding [`Event`]s for the data plane and
//!   [`Query`] descriptions to transmit, which [`Router::emit_query`] (IP packet) or
//!   [`Router::emit_query_frame`] (Ethernet frame) write out. [`Collected`] is a sink in
//!   fixed arrays that counts what did not fit.
//!
//! Time is a [`Duration`] since an epoch of the caller's choosing.
//!
//! ```
//! use core::net::Ipv4Addr;
//! use core::time::Duration;
//! use mediafabric_igmp::router::{Collected, IgmpRouter, RouterConfig};
//!
//! let mut r = IgmpRouter::<8, 4>::new(RouterConfig::new(Ipv4Addr::new(10, 77, 0, 1)), Duration::ZERO)
//!     .unwrap();
//! let mut out = Collected::<Ipv4Addr, 4, 8>::default();
//! r.poll(Duration::ZERO, &mut out); // the first startup General Query
//! let q = out.queries().next().unwrap();
//! let mut packet = [0u8; 64];
//! let n = r.emit_query(&q, &mut packet).unwrap();
//! assert_eq!(n, 36); // IPv4 with Router Alert + IGMPv3 query
//!
//! // A Linux host joins 239.1.1.1 (IGMPv3 report, TO_EX({})).
//! let join = [
//!     0x46, 0xc0, 0x00, 0x28, 0x00, 0x00, 0x40, 0x00, 0x01, 0x02, 0xf9, 0xaa, 0x0a, 0x4d,
//!     0x00, 0x02, 0xe0, 0x00, 0x00, 0x16, 0x94, 0x04, 0x00, 0x00, 0x22, 0x00, 0xe9, 0xfb,
//!     0x00, 0x00, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0xef, 0x01, 0x01, 0x01,
//! ];
//! r.receive(&join, Duration::from_secs(1), &mut out).unwrap();
//! assert!(r.group(&Ipv4Addr::new(239, 1, 1, 1)).is_some());
//! ```

mod family;
mod table;

use core::fmt;
use core::net::{Ipv4Addr, Ipv6Addr};
use core::time::Duration;

use crate::error::{Error, Result};
use crate::wire::codec::encode_code8;
use crate::wire::records::RecordType;

pub use family::{Family, Message, Packet};
pub use table::{Event, FilterMode, Group, Source, Timers};

use table::{EventSink, GroupTable, SmallSet};

/// A protocol version, in IGMP's numbering. MLD maps onto it by role: MLDv1 (RFC 2710)
/// is [`Version::V2`] (it has IGMPv2's messages: report, done, query without sources)
/// and MLDv2 (RFC 9777) is [`Version::V3`]; MLD has no [`Version::V1`].
/// [`Family::version_name`] gives the protocol's own name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Version {
    /// IGMPv1 (RFC 1112).
    V1,
    /// IGMPv2 (RFC 2236) or MLDv1 (RFC 2710).
    V2,
    /// IGMPv3 (RFC 9776) or MLDv2 (RFC 9777).
    V3,
}

/// An IGMP router ([`Router`] over IPv4).
pub type IgmpRouter<const G: usize, const S: usize> = Router<Ipv4Addr, G, S>;
/// An MLD router ([`Router`] over IPv6).
pub type MldRouter<const G: usize, const S: usize> = Router<Ipv6Addr, G, S>;

/// A router's configuration for one interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouterConfig<A> {
    /// Our address on the interface: the source of our queries and our rank in the
    /// querier election (for MLD a link-local address, RFC 9777 §5.1.14).
    pub address: A,
    /// Robustness Variable, Query Interval, Query Response Interval, Last Member Query
    /// Interval (RFC 9776 §8).
    pub timers: Timers,
    /// Startup Query Count (§8.7); `None` is the Robustness Variable.
    pub startup_query_count: Option<u32>,
    /// Startup Query Interval (§8.6); `None` is a quarter of the Query Interval.
    pub startup_query_interval: Option<Duration>,
    /// The version the router runs (§7.3.1: a router is configured down to IGMPv2 or
    /// IGMPv1, or MLDv1, when an older router is on the link). Default [`Version::V3`].
    pub version: Version,
    /// Drop messages without a Router Alert option (RFC 9776 §9, RFC 9777 §5). IGMPv1
    /// messages are exempt: RFC 1112 predates the option. Default true.
    pub require_router_alert: bool,
    /// Whether this router may be the querier (§6.6.2). When false it never sends
    /// queries. Default true.
    pub querier: bool,
    /// SSM-aware (RFC 9776 §6.4 and §7.3.2, RFC 4604): EXCLUDE-mode records and
    /// older-version reports for groups in the SSM range are ignored. Default true.
    pub ssm_aware: bool,
    /// The interface's IPv4 prefix length: IGMP reports from sources outside
    /// `address/prefix_len` (other than 0.0.0.0) are dropped as off-link (RFC 9776
    /// §9.2). `None` (default) accepts any unicast source. Not used for MLD, whose
    /// link-local rule already does this.
    pub prefix_len: Option<u8>,
    /// The link MTU: group-and-source-specific queries carry at most as many sources as
    /// fit (RFC 9776 §4.1.8). Default 1500.
    pub mtu: usize,
}

impl<A: Family> RouterConfig<A> {
    /// The RFC defaults for a router at `address`.
    pub fn new(address: A) -> Self {
        RouterConfig {
            address,
            timers: Timers::default(),
            startup_query_count: None,
            startup_query_interval: None,
            version: Version::V3,
            require_router_alert: true,
            querier: true,
            ssm_aware: true,
            prefix_len: None,
            mtu: 1500,
        }
    }

    /// Checks the configuration: a Robustness Variable of at least 1 (§8.1: it must not
    /// be zero), a Query Response Interval shorter than the Query Interval (§8.3), a
    /// non-zero Last Member Query Interval, a version the family has, an address that
    /// may send queries, and an MTU with room for one source.
    pub fn validate(&self) -> Result<()> {
        let t = &self.timers;
        if t.robustness == 0 {
            return Err(Error::OutOfRange {
                field: "Robustness Variable",
                value: 0,
                max: u32::MAX,
            });
        }
        if t.query_response_interval >= t.query_interval {
            return Err(Error::OutOfRange {
                field: "Query Response Interval",
                value: u32::try_from(t.query_response_interval.as_millis()).unwrap_or(u32::MAX),
                max: u32::try_from(t.query_interval.as_millis().saturating_sub(1))
                    .unwrap_or(u32::MAX),
            });
        }
        if t.last_member_query_interval.is_zero() || t.query_interval.is_zero() {
            return Err(Error::OutOfRange {
                field: "Last Member Query Interval",
                value: 0,
                max: u32::MAX,
            });
        }
        if self.version < A::OLDEST {
            return Err(Error::Invalid {
                field: "version",
                offset: 0,
                expected: "a version of the address family (MLD has no V1)",
                found: 1,
            });
        }
        if !self.address.valid_query_source() {
            return Err(Error::Invalid {
                field: "address",
                offset: 0,
                expected: "a unicast address (for MLD, link-local)",
                found: 0,
            });
        }
        if self.mtu < A::IP_HEADER_LEN + A::V3_QUERY_LEN + A::LEN {
            return Err(Error::OutOfRange {
                field: "mtu",
                value: self.mtu as u32,
                max: u32::MAX,
            });
        }
        Ok(())
    }
}

/// The querier election's state (RFC 9776 §6.6.2, RFC 9777 §7.6.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Querier<A> {
    /// The querier's address: ours while we are querier, else the sender of the last
    /// General Query from a lower address. `None` when we may not be querier and
    /// have heard none.
    pub address: Option<A>,
    /// Whether we are the querier.
    pub is_us: bool,
    /// When the Other Querier Present timer expires (running only while another
    /// router is querier).
    pub other_querier_present: Option<Duration>,
    /// When our next General Query is due (while we are querier).
    pub next_general_query: Option<Duration>,
    /// Startup queries still to send.
    pub startup_queries_left: u32,
}

/// A query to transmit (or, in [`Accepted`], one received), in terms that
/// [`Router::emit_query`] writes out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Query<A, const S: usize> {
    /// The version of the query message (the router's configured version).
    pub version: Version,
    /// The group, or `None` for a General Query.
    pub group: Option<A>,
    sources: [Option<A>; S],
    n_sources: usize,
    /// S flag, Suppress Router-Side Processing (§4.1.5).
    pub s_flag: bool,
    /// Max Resp Code as it goes on the wire (8 bits for IGMP, 16 for MLD; the literal
    /// time for IGMPv2 / MLDv1).
    pub max_resp_code: u16,
    /// QRV (§4.1.6): the Robustness Variable, or 0 when above 7.
    pub qrv: u8,
    /// QQIC (§4.1.7): the Query Interval, coded.
    pub qqic: u8,
}

/// What kind of query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryKind {
    /// General Query.
    General,
    /// Group-Specific (Multicast Address Specific) Query.
    Group,
    /// Group-and-Source-Specific (Multicast Address and Source Specific) Query.
    GroupAndSource,
}

impl<A: Family, const S: usize> Query<A, S> {
    /// The kind of query.
    pub fn kind(&self) -> QueryKind {
        match (self.group, self.n_sources) {
            (None, _) => QueryKind::General,
            (Some(_), 0) => QueryKind::Group,
            _ => QueryKind::GroupAndSource,
        }
    }

    /// The Source Addresses.
    pub fn sources(&self) -> impl Iterator<Item = A> + '_ {
        self.sources[..self.n_sources].iter().flatten().copied()
    }

    /// The IP destination (§4.1.12): the all-systems group for a General Query, the
    /// group otherwise.
    pub fn destination(&self) -> A {
        self.group.unwrap_or(A::ALL_SYSTEMS)
    }

    /// The Max Response Time the query asks for.
    pub fn max_response(&self) -> Duration {
        A::max_response(self.version, self.max_resp_code)
    }
}

/// Why a packet was dropped. Each has a counter ([`Counters::dropped`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DropReason {
    /// Not a well-formed IP packet or IGMP/MLD message (truncated, bad length, a query
    /// of 9 to 11 bytes, RFC 9776 §7.1).
    Malformed,
    /// Not IGMP (IPv4 protocol other than 2) or not ICMPv6.
    NotIgmp,
    /// An IGMP type or ICMPv6 type that is not IGMP/MLD: silently ignored (RFC 9776 §4,
    /// RFC 9777 §5).
    UnknownType,
    /// A wrong IPv4 header, IGMP or ICMPv6 checksum (RFC 9776 §4.1.2, RFC 9777 §5.1.2).
    BadChecksum,
    /// TTL or hop limit other than 1 (RFC 9776 §4, RFC 9777 §5).
    BadTtl,
    /// No Router Alert option while [`RouterConfig::require_router_alert`].
    NoRouterAlert,
    /// A source that may not send this message: a query from 0.0.0.0, a multicast or
    /// broadcast address; an MLD message from a non-link-local address or ::
    /// (RFC 9777 §5.1.14, §5.2.14).
    BadSource,
    /// An IGMP report from a source outside the interface's subnet (RFC 9776 §9.2,
    /// [`RouterConfig::prefix_len`]).
    OffLink,
    /// A report or leave sent to a unicast address that is not ours.
    WrongDestination,
    /// A report, leave or group-specific query about an address that is not a
    /// multicast group one reports (e.g. 224.0.0.1, ff02::1, a unicast address).
    InvalidGroup,
    /// Our own query, looped back.
    OwnQuery,
    /// A message newer than the configured router version: an IGMPv3/MLDv2 report to a
    /// router run as IGMPv2/v1 or MLDv1 (which would not know the type).
    UnsupportedVersion,
    /// An older-version report or leave about an SSM group (RFC 9776 §7.3.2, SSM-aware
    /// routers ignore them).
    SsmOlderVersion,
    /// A leave ignored by compatibility rules: an IGMPv1 router, or a group in IGMPv1
    /// compatibility mode (RFC 9776 §7.3.2).
    IgnoredByCompatibility,
}

impl DropReason {
    /// Every reason, in the order of [`Counters::dropped`].
    pub const ALL: [DropReason; 14] = [
        DropReason::Malformed,
        DropReason::NotIgmp,
        DropReason::UnknownType,
        DropReason::BadChecksum,
        DropReason::BadTtl,
        DropReason::NoRouterAlert,
        DropReason::BadSource,
        DropReason::OffLink,
        DropReason::WrongDestination,
        DropReason::InvalidGroup,
        DropReason::OwnQuery,
        DropReason::UnsupportedVersion,
        DropReason::SsmOlderVersion,
        DropReason::IgnoredByCompatibility,
    ];

    /// Index into [`Counters::dropped`].
    pub const fn index(self) -> usize {
        self as usize
    }

    /// A short name ("bad-checksum", ...).
    pub const fn name(self) -> &'static str {
        match self {
            DropReason::Malformed => "malformed",
            DropReason::NotIgmp => "not-igmp",
            DropReason::UnknownType => "unknown-type",
            DropReason::BadChecksum => "bad-checksum",
            DropReason::BadTtl => "bad-ttl",
            DropReason::NoRouterAlert => "no-router-alert",
            DropReason::BadSource => "bad-source",
            DropReason::OffLink => "off-link",
            DropReason::WrongDestination => "wrong-destination",
            DropReason::InvalidGroup => "invalid-group",
            DropReason::OwnQuery => "own-query",
            DropReason::UnsupportedVersion => "unsupported-version",
            DropReason::SsmOlderVersion => "ssm-older-version",
            DropReason::IgnoredByCompatibility => "ignored-by-compatibility",
        }
    }
}

impl fmt::Display for DropReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A dropped packet: why, and for malformed input the parse error (with its offset
/// into the packet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("packet dropped: {reason}")]
pub struct Dropped {
    /// Why.
    pub reason: DropReason,
    /// The parse error, when the packet did not parse or a checksum was wrong.
    pub detail: Option<Error>,
}

impl From<DropReason> for Dropped {
    fn from(reason: DropReason) -> Self {
        Dropped {
            reason,
            detail: None,
        }
    }
}

/// What an accepted packet was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accepted<A> {
    /// A query; `querier_changed` when it changed the election's outcome.
    Query {
        /// Sender.
        from: A,
        /// Version.
        version: Version,
        /// Kind.
        kind: QueryKind,
        /// Group (unspecified for a General Query).
        group: A,
        /// S flag.
        s_flag: bool,
        /// Whether the election changed: we stopped being querier, or the querier
        /// address changed.
        querier_changed: bool,
    },
    /// An IGMPv1/v2 or MLDv1 report.
    Report {
        /// Sender.
        from: A,
        /// [`Version::V1`] or [`Version::V2`].
        version: Version,
        /// Group.
        group: A,
    },
    /// An IGMPv2 leave or MLDv1 done.
    Leave {
        /// Sender.
        from: A,
        /// Group.
        group: A,
    },
    /// An IGMPv3 / MLDv2 report.
    ReportV3 {
        /// Sender.
        from: A,
        /// Records applied.
        applied: u32,
        /// Records ignored (unknown type, not a reportable group, SSM rules,
        /// compatibility mode).
        ignored: u32,
    },
}

/// What the router counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counters {
    /// Packets handed to [`Router::receive`].
    pub received: u64,
    /// Packets accepted.
    pub accepted: u64,
    /// Packets dropped, by [`DropReason::index`].
    pub dropped: [u64; DropReason::ALL.len()],
    /// General Queries received (accepted).
    pub general_queries_received: u64,
    /// Group- and group-and-source-specific queries received (accepted).
    pub specific_queries_received: u64,
    /// Queries received of an older version than ours (RFC 9776 §7.3.1 asks for a
    /// rate-limited warning: the caller can watch this).
    pub older_version_queries: u64,
    /// Queries received of a newer version than ours (§7.3.1).
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
    /// Group records ignored (see [`Accepted::ReportV3`]).
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
    /// Times we became querier (at start and after the Other Querier Present timer).
    pub became_querier: u64,
    /// Times we stopped being querier (a lower address queried).
    pub lost_querier: u64,
}

impl Counters {
    /// Packets dropped for `reason`.
    pub fn dropped(&self, reason: DropReason) -> u64 {
        self.dropped[reason.index()]
    }

    /// Packets dropped for any reason.
    pub fn dropped_total(&self) -> u64 {
        self.dropped.iter().sum()
    }
}

/// Where the router writes what happened.
pub trait Sink<A, const S: usize> {
    /// A forwarding event.
    fn event(&mut self, e: Event<A>);
    /// A query to transmit now.
    fn query(&mut self, q: Query<A, S>);
}

/// A sink that keeps up to `N` events and `N` queries in fixed arrays, and counts what
/// did not fit so nothing is lost silently.
#[derive(Debug, Clone)]
pub struct Collected<A, const S: usize, const N: usize> {
    events: [Option<Event<A>>; N],
    n_events: usize,
    queries: [Option<Query<A, S>>; N],
    n_queries: usize,
    /// Events and queries that did not fit.
    pub overflow: usize,
}

impl<A: Copy, const S: usize, const N: usize> Default for Collected<A, S, N> {
    fn default() -> Self {
        Collected {
            events: [None; N],
            n_events: 0,
            queries: [None; N],
            n_queries: 0,
            overflow: 0,
        }
    }
}

impl<A: Copy, const S: usize, const N: usize> Collected<A, S, N> {
    /// The events, in order.
    pub fn events(&self) -> impl Iterator<Item = Event<A>> + '_ {
        self.events[..self.n_events].iter().flatten().copied()
    }

    /// The queries, in order.
    pub fn queries(&self) -> impl Iterator<Item = Query<A, S>> + '_ {
        self.queries[..self.n_queries].iter().flatten().copied()
    }

    /// Empties it (the overflow count too).
    pub fn clear(&mut self) {
        *self = Self::default();
    }
}

impl<A: Copy, const S: usize, const N: usize> Sink<A, S> for Collected<A, S, N> {
    fn event(&mut self, e: Event<A>) {
        if self.n_events < N {
            self.events[self.n_events] = Some(e);
            self.n_events += 1;
        } else {
            self.overflow += 1;
        }
    }
    fn query(&mut self, q: Query<A, S>) {
        if self.n_queries < N {
            self.queries[self.n_queries] = Some(q);
            self.n_queries += 1;
        } else {
            self.overflow += 1;
        }
    }
}

/// Passes table events to the caller's sink and counts the limits.
struct Events<'a, K, const S: usize> {
    sink: &'a mut K,
    group_limit: u64,
    source_limit: u64,
}

impl<A, const S: usize, K: Sink<A, S>> EventSink<A> for Events<'_, K, S> {
    fn event(&mut self, e: Event<A>) {
        match e {
            Event::GroupLimit { .. } => self.group_limit += 1,
            Event::SourceLimit { .. } => self.source_limit += 1,
            _ => {}
        }
        self.sink.event(e);
    }
}

/// The router of one interface: up to `G` groups of up to `S` sources each.
#[derive(Debug, Clone)]
pub struct Router<A: Family, const G: usize, const S: usize> {
    config: RouterConfig<A>,
    timers: Timers,
    table: GroupTable<A, G, S>,
    querier: Querier<A>,
    counters: Counters,
}

impl<A: Family, const G: usize, const S: usize> Router<A, G, S> {
    /// A router started at `now`: when it may be querier, it is querier and its first
    /// startup General Query is due at once (§6.6.2: "all routers start up as
    /// queriers").
    pub fn new(config: RouterConfig<A>, now: Duration) -> Result<Self> {
        config.validate()?;
        let startup = config
            .startup_query_count
            .unwrap_or(config.timers.robustness);
        let querier = if config.querier {
            Querier {
                address: Some(config.address),
                is_us: true,
                other_querier_present: None,
                next_general_query: Some(now),
                startup_queries_left: startup,
            }
        } else {
            Querier {
                address: None,
                is_us: false,
                other_querier_present: None,
                next_general_query: None,
                startup_queries_left: 0,
            }
        };
        let counters = Counters {
            became_querier: u64::from(config.querier),
            ..Counters::default()
        };
        Ok(Router {
            config,
            timers: config.timers,
            table: GroupTable::new(),
            querier,
            counters,
        })
    }

    /// The configuration.
    pub fn config(&self) -> &RouterConfig<A> {
        &self.config
    }

    /// The timers in use: the configured ones, with the Robustness Variable adopted
    /// from the querier's QRV and, while not querier, the Query Interval from its QQIC
    /// (§4.1.6, §4.1.7).
    pub fn timers(&self) -> &Timers {
        &self.timers
    }

    /// The querier election's state.
    pub fn querier(&self) -> &Querier<A> {
        &self.querier
    }

    /// The counters.
    pub fn counters(&self) -> &Counters {
        &self.counters
    }

    /// Every group with state, in ascending address order.
    pub fn groups(&self) -> impl Iterator<Item = &Group<A, S>> + '_ {
        self.table.groups()
    }

    /// The state of group `g`.
    pub fn group(&self, g: &A) -> Option<&Group<A, S>> {
        self.table.group(g)
    }

    /// Whether traffic from `source` to `group` is to be forwarded (§6.3).
    pub fn forwards(&self, group: &A, source: &A) -> bool {
        self.table.forwards(group, source)
    }

    /// The earliest time [`Router::poll`] has something to do.
    pub fn next_deadline(&self) -> Option<Duration> {
        [
            self.querier.next_general_query,
            self.querier.other_querier_present,
            self.table.next_deadline(),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// The most sources one group-and-source-specific query carries (the MTU, §4.1.8,
    /// and `S`).
    pub fn max_sources_per_query(&self) -> usize {
        ((self.config.mtu - A::IP_HEADER_LEN - A::V3_QUERY_LEN) / A::LEN).clamp(1, S.max(1))
    }

    /// Writes `q` as a whole IP packet from our address (TTL 1, Router Alert) into
    /// `out`; returns its length.
    pub fn emit_query(&self, q: &Query<A, S>, out: &mut [u8]) -> Result<usize> {
        A::write_query(q, self.config.address, out)
    }

    /// Writes `q` as a whole Ethernet frame from `src_mac` into `out`; returns its
    /// length.
    pub fn emit_query_frame(
        &self,
        q: &Query<A, S>,
        src_mac: [u8; 6],
        out: &mut [u8],
    ) -> Result<usize> {
        A::write_query_frame(q, self.config.address, src_mac, out)
    }

    fn qrv(&self) -> u8 {
        u8::try_from(self.timers.robustness)
            .ok()
            .filter(|r| *r <= 7)
            .unwrap_or(0)
    }

    fn qqic(&self) -> u8 {
        encode_code8(u32::try_from(self.timers.query_interval.as_secs()).unwrap_or(u32::MAX))
    }

    fn query(&self, group: Option<A>, s_flag: bool, max: Duration) -> Query<A, S> {
        Query {
            version: self.config.version,
            group,
            sources: [None; S],
            n_sources: 0,
            s_flag,
            max_resp_code: A::max_resp_code(self.config.version, max),
            qrv: self.qrv(),
            qqic: self.qqic(),
        }
    }

    fn send_general<K: Sink<A, S>>(&mut self, sink: &mut K) {
        let q = self.query(None, false, self.timers.query_response_interval);
        self.counters.general_queries_sent += 1;
        sink.query(q);
    }

    /// Sends the queries pending for `group` as of `now`.
    fn transmit<K: Sink<A, S>>(&mut self, group: A, now: Duration, sink: &mut K) {
        let lmqt = self.timers.lmqt();
        let lmqi = self.timers.last_member_query_interval;
        let Some(t) = self.table.take_transmission(&group, now, lmqt, lmqi) else {
            return;
        };
        if self.config.version < Version::V2 {
            return;
        }
        if let Some(s) = t.group {
            let q = self.query(Some(group), s, lmqi);
            self.counters.group_queries_sent += 1;
            sink.query(q);
        }
        if self.config.version < Version::V3 {
            return;
        }
        // §6.6.3.2: the S-flag message may be left out when a group-specific query
        // goes at the same time.
        let sets: [(bool, &SmallSet<A, S>); 2] = [(true, &t.suppressed), (false, &t.plain)];
        for (s_flag, set) in sets {
            if s_flag && t.group.is_some() {
                continue;
            }
            let per = self.max_sources_per_query();
            let mut it = set.iter().peekable();
            while it.peek().is_some() {
                let mut q = self.query(Some(group), s_flag, lmqi);
                for a in it.by_ref().take(per) {
                    q.sources[q.n_sources] = Some(a);
                    q.n_sources += 1;
                }
                self.counters.source_queries_sent += 1;
                sink.query(q);
            }
        }
    }

    fn lose_querier(&mut self, from: A, now: Duration) {
        if self.querier.is_us {
            self.counters.lost_querier += 1;
        }
        self.querier.is_us = false;
        self.querier.address = Some(from);
        self.querier.other_querier_present =
            Some(now + self.timers.other_querier_present_interval());
        self.querier.next_general_query = None;
        self.querier.startup_queries_left = 0;
        self.table.cancel_queries();
    }

    /// Runs everything due at `now`: the Other Querier Present timer (expiry makes us
    /// querier, with a General Query at once), General Queries, query retransmissions
    /// and the group, source and compatibility timers.
    pub fn poll<K: Sink<A, S>>(&mut self, now: Duration, sink: &mut K) {
        if self.querier.other_querier_present.is_some_and(|t| t <= now) {
            self.querier.other_querier_present = None;
            if self.config.querier {
                self.querier.is_us = true;
                self.querier.address = Some(self.config.address);
                self.querier.next_general_query = Some(now);
                self.counters.became_querier += 1;
            }
            // No querier heard: the Query Interval is ours again (§4.1.7).
            self.timers.query_interval = self.config.timers.query_interval;
        }
        if self.querier.is_us && self.querier.next_general_query.is_some_and(|t| t <= now) {
            self.send_general(sink);
            let next = if self.querier.startup_queries_left > 1 {
                self.querier.startup_queries_left -= 1;
                self.config
                    .startup_query_interval
                    .unwrap_or_else(|| self.timers.default_startup_query_interval())
            } else {
                self.querier.startup_queries_left = 0;
                self.timers.query_interval
            };
            self.querier.next_general_query = Some(now + next);
        }
        let mut ev = Events::<K, S> {
            sink,
            group_limit: 0,
            source_limit: 0,
        };
        self.table.expire(now, &mut ev);
        // Retransmitting adds and deletes no group, so the walk's position stays valid.
        let mut at = 0;
        while let Some(g) = self.table.next_due_query(now, &mut at) {
            self.transmit(g, now, ev.sink);
        }
    }

    /// Receives one IP packet (from the IP header: IPv4 for IGMP, IPv6 for MLD) at
    /// `now`.
    pub fn receive<K: Sink<A, S>>(
        &mut self,
        ip_packet: &[u8],
        now: Duration,
        sink: &mut K,
    ) -> core::result::Result<Accepted<A>, Dropped> {
        self.counters.received += 1;
        let r = self.receive_inner(ip_packet, now, sink);
        match &r {
            Ok(_) => self.counters.accepted += 1,
            Err(d) => self.counters.dropped[d.reason.index()] += 1,
        }
        r
    }

    fn receive_inner<K: Sink<A, S>>(
        &mut self,
        b: &[u8],
        now: Duration,
        sink: &mut K,
    ) -> core::result::Result<Accepted<A>, Dropped> {
        let p = A::parse_packet(b)?;
        if p.ttl != 1 {
            return Err(DropReason::BadTtl.into());
        }
        let v1 = matches!(
            p.message,
            Message::Query {
                version: Version::V1,
                ..
            } | Message::Report {
                version: Version::V1,
                ..
            }
        );
        if self.config.require_router_alert && !p.router_alert && !v1 {
            return Err(DropReason::NoRouterAlert.into());
        }
        match p.message {
            Message::Other { .. } => Err(DropReason::UnknownType.into()),
            Message::Query {
                version,
                group,
                s_flag,
                qrv,
                qqi,
                sources,
                ..
            } => {
                if !p.src.valid_query_source() {
                    return Err(DropReason::BadSource.into());
                }
                if p.src == self.config.address {
                    return Err(DropReason::OwnQuery.into());
                }
                let general = group == A::UNSPECIFIED;
                if !general && !group.reportable() {
                    return Err(DropReason::InvalidGroup.into());
                }
                if version < self.config.version {
                    self.counters.older_version_queries += 1;
                } else if version > self.config.version {
                    self.counters.newer_version_queries += 1;
                }
                let mut changed = false;
                // §6.6.2: a General Query from a lower address wins the election. A
                // router that may not query follows whoever does.
                if general && (p.src < self.config.address || !self.config.querier) {
                    changed = self.querier.is_us || self.querier.address != Some(p.src);
                    self.lose_querier(p.src, now);
                }
                // §4.1.6, §4.1.7: adopt the querier's QRV and QQI.
                let from_querier = !self.querier.is_us && self.querier.address == Some(p.src);
                if version == Version::V3 && from_querier {
                    self.timers.robustness = if qrv == 0 {
                        self.config.timers.robustness
                    } else {
                        u32::from(qrv)
                    };
                    self.timers.query_interval = if qqi.is_zero() {
                        self.config.timers.query_interval
                    } else {
                        qqi
                    };
                    if general {
                        // The Other Querier Present Interval with the adopted values.
                        self.querier.other_querier_present =
                            Some(now + self.timers.other_querier_present_interval());
                    }
                }
                // §6.6.1: without the S flag, lower the timers of what is queried.
                if !general && !s_flag {
                    let lmqt = self.timers.lmqt();
                    if sources.is_empty() {
                        self.table.lower_group(&group, now, lmqt);
                    } else {
                        self.table
                            .lower_sources(&group, sources.iter(), now, lmqt, 0);
                    }
                }
                let kind = if general {
                    self.counters.general_queries_received += 1;
                    QueryKind::General
                } else {
                    self.counters.specific_queries_received += 1;
                    if sources.is_empty() {
                        QueryKind::Group
                    } else {
                        QueryKind::GroupAndSource
                    }
                };
                Ok(Accepted::Query {
                    from: p.src,
                    version,
                    kind,
                    group,
                    s_flag,
                    querier_changed: changed,
                })
            }
            Message::Report { .. } | Message::Leave { .. } | Message::ReportV3 { .. } => {
                self.check_reporter(&p)?;
                self.report(p, now, sink)
            }
        }
    }

    fn check_reporter(&self, p: &Packet<'_, A>) -> core::result::Result<(), Dropped> {
        if !p.src.valid_report_source() {
            return Err(DropReason::BadSource.into());
        }
        if let Some(len) = self.config.prefix_len
            && p.src != A::UNSPECIFIED
            && A::LEN == 4
            && !p.src.in_prefix(&self.config.address, len)
        {
            return Err(DropReason::OffLink.into());
        }
        // Reports go to a multicast address; RFC 9776 §4.2.14 also has us accept any
        // address of ours.
        if !p.dst.is_multicast() && p.dst != self.config.address {
            return Err(DropReason::WrongDestination.into());
        }
        Ok(())
    }

    fn report<K: Sink<A, S>>(
        &mut self,
        p: Packet<'_, A>,
        now: Duration,
        sink: &mut K,
    ) -> core::result::Result<Accepted<A>, Dropped> {
        match p.message {
            Message::Report { version, group } => {
                if !group.reportable() {
                    return Err(DropReason::InvalidGroup.into());
                }
                if self.config.ssm_aware && group.is_ssm() {
                    return Err(DropReason::SsmOlderVersion.into());
                }
                // §7.3.2: IGMPv1/v2 reports are IS_EX({}), and set the older version
                // host present timer.
                self.apply(group, RecordType::ModeIsExclude, &[], now, sink);
                let until = now + self.timers.older_host_present_interval();
                if self.config.version == Version::V3 {
                    self.table.host_present(&group, version, until);
                }
                match version {
                    Version::V1 => self.counters.v1_reports += 1,
                    _ => self.counters.v2_reports += 1,
                }
                Ok(Accepted::Report {
                    from: p.src,
                    version,
                    group,
                })
            }
            Message::Leave { group } => {
                if !group.reportable() {
                    return Err(DropReason::InvalidGroup.into());
                }
                if self.config.ssm_aware && group.is_ssm() {
                    return Err(DropReason::SsmOlderVersion.into());
                }
                // §7.3.1: an IGMPv1 router ignores leaves; §7.3.2: so does a group in
                // IGMPv1 compatibility mode. Otherwise a leave is TO_IN({}).
                let compat = self.table.compatibility_mode(&group);
                if self.config.version == Version::V1 || compat == Version::V1 {
                    return Err(DropReason::IgnoredByCompatibility.into());
                }
                self.apply(group, RecordType::ChangeToIncludeMode, &[], now, sink);
                self.counters.leaves += 1;
                Ok(Accepted::Leave { from: p.src, group })
            }
            Message::ReportV3 { records } => {
                if self.config.version < Version::V3 {
                    return Err(DropReason::UnsupportedVersion.into());
                }
                let (mut applied, mut ignored) = (0u32, 0u32);
                for r in records.iter() {
                    let compat = self.table.compatibility_mode(&r.group);
                    let exclude = matches!(
                        r.record_type,
                        RecordType::ModeIsExclude | RecordType::ChangeToExcludeMode
                    );
                    let skip = matches!(r.record_type, RecordType::Unknown(_))
                        || !r.group.reportable()
                        || (self.config.ssm_aware && r.group.is_ssm() && exclude)
                        // §7.3.2: in v1/v2 compatibility BLOCK is ignored, in v1 TO_IN too.
                        || (compat < Version::V3 && r.record_type == RecordType::BlockOldSources)
                        || (compat == Version::V1
                            && r.record_type == RecordType::ChangeToIncludeMode);
                    if skip {
                        ignored += 1;
                        continue;
                    }
                    applied += 1;
                    if compat < Version::V3 && r.record_type == RecordType::ChangeToExcludeMode {
                        // ... and the source list of TO_EX.
                        self.apply_iter(r.group, r.record_type, core::iter::empty(), now, sink);
                    } else {
                        self.apply_iter(r.group, r.record_type, r.sources.iter(), now, sink);
                    }
                }
                self.counters.v3_reports += 1;
                self.counters.records_applied += u64::from(applied);
                self.counters.records_ignored += u64::from(ignored);
                Ok(Accepted::ReportV3 {
                    from: p.src,
                    applied,
                    ignored,
                })
            }
            Message::Query { .. } | Message::Other { .. } => Err(DropReason::UnknownType.into()),
        }
    }

    fn apply<K: Sink<A, S>>(
        &mut self,
        group: A,
        rt: RecordType,
        sources: &[A],
        now: Duration,
        sink: &mut K,
    ) {
        self.apply_iter(group, rt, sources.iter().copied(), now, sink)
    }

    /// Applies one record and performs the §6.6.3 query actions it asks for.
    fn apply_iter<K: Sink<A, S>>(
        &mut self,
        group: A,
        rt: RecordType,
        sources: impl Iterator<Item = A> + Clone,
        now: Duration,
        sink: &mut K,
    ) {
        let mut ev = Events::<K, S> {
            sink,
            group_limit: 0,
            source_limit: 0,
        };
        let t = self.timers;
        let req = self
            .table
            .report(group, rt, sources, now, t.gmi(), t.lmqt(), &mut ev);
        self.counters.group_limit += ev.group_limit;
        self.counters.source_limit += ev.source_limit;
        let sink = ev.sink;
        let querier = self.querier.is_us;
        // RFC 9776 §6.6.3: a new query for a group merges with retransmissions already
        // pending for it; they go at the pending schedule.
        let pending = req.pending;
        let mut send = false;
        // "Send Q(G,X)": sources with a timer above LMQT get LMQC retransmissions and
        // their timers lowered to LMQT (§6.6.3.2); only the querier sends.
        if !req.sources.is_empty() && self.config.version == Version::V3 {
            let rexmit = if querier { t.lmqc() } else { 0 };
            send |= self
                .table
                .lower_sources(&group, req.sources.iter(), now, t.lmqt(), rexmit)
                && querier;
        }
        // "Send Q(G)": the table lowered the group timer; LMQC queries (§6.6.3.1).
        if req.group && querier && self.config.version >= Version::V2 {
            self.table.start_group_query(&group, t.lmqc());
            send = true;
        }
        if send && !pending {
            self.transmit(group, now, sink);
        }
    }
}

#[cfg(test)]
mod tests;
