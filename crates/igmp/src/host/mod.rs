//! The multicast host side (RFC 9776 §3 and §5, RFC 9777 §4 and §6), sans-IO, with the
//! IGMPv1/v2 and MLDv1 compatibility modes (RFC 9776 §7.2.1, RFC 9777 §8.2.1).
//!
//! One [`Host`] is one interface of a system: the RFC's `IPMulticastListen(socket,
//! interface, group, filter-mode, source-list)` is [`Host::listen`] on the host of that
//! interface (a system with several interfaces runs one `Host` per interface). It is
//! generic over the address family: [`IgmpHost`] (IPv4, IGMPv3 with v1/v2
//! compatibility) and [`MldHost`] (IPv6, MLDv2 with MLDv1 compatibility).
//!
//! - **Socket state** (§3.1): each (socket, group) pair holds a filter mode and a source
//!   list; sockets are numbers the caller chooses ([`SocketId`]). Joining is EXCLUDE
//!   {}, leaving INCLUDE {}.
//! - **Interface state** (§3.2): merged from every socket's state for the group: EXCLUDE
//!   if any socket excludes, with the intersection of the EXCLUDE lists minus the union
//!   of the INCLUDE lists; otherwise INCLUDE with the union of the INCLUDE lists.
//! - **State-change reports** (§5.1): every change of an interface state sends its
//!   records (ALLOW/BLOCK for a source-list change, TO_IN/TO_EX for a filter-mode
//!   change) at once and [Robustness Variable] times in all, at random intervals up to
//!   the [Unsolicited Report Interval]. A change while retransmissions are pending is
//!   merged as §5.1 says: a filter-mode change makes the next RV reports carry the
//!   filter-mode-change record (with the whole current state); source-list changes add
//!   their sources to the retransmission state, each source reported RV times.
//! - **Queries** (§5.2): general queries set the interface timer, group-specific and
//!   group-and-source-specific queries set per-group timers with the queried sources
//!   merged as rules 1-5 say; when a timer fires the current-state records go out.
//! - **Compatibility** (§7.2.1): IGMPv1/IGMPv2 (MLDv1) querier-present timers put the
//!   interface in an older mode, where groups are reported with the older reports and
//!   left with IGMPv2 leaves / MLDv1 dones as RFC 2236 §3 and RFC 2710 §4 say.
//!
//! Nothing here reads a clock, an entropy source or a socket. Time comes in as a
//! [`Duration`] since an epoch the caller chooses, randomness from an [`Rng`] the
//! caller supplies ([`XorShift32`] is a seedable one), received packets through
//! [`Host::receive`]. [`Host::poll`] writes what is due as whole Ethernet frames into a
//! caller buffer (IPv4 with Router Alert and a TTL of one, or IPv6 with a Hop-by-Hop
//! Router Alert and a hop limit of one) and hands each to a [`Transmit`];
//! [`Host::next_deadline`] says when to poll again. Capacity is fixed by const
//! generics: `G` groups, `S` sources per list, `K` socket memberships. A full table is
//! a [`HostError`], never a panic and never silently forgotten state.
//!
//! # Choices where the RFCs leave room
//!
//! - IGMPv2 leaves and MLDv1 dones are sent only when this host sent the last report
//!   for the group (RFC 2236 §3 "if the flag is set", as Linux does), unless
//!   [`Config::leave_policy`] is [`LeavePolicy::Always`].
//! - In the older modes only EXCLUDE states are reported as joins (the older protocols
//!   can say nothing but "all sources", RFC 9776 §7.2.1); an INCLUDE state with sources
//!   is not reported unless [`Config::older_include`] is [`OlderInclude::ReportAsJoin`]
//!   (what Linux does).
//! - Unsolicited older reports are sent [Robustness Variable] times, the repeats at
//!   random delays up to [`Config::older_unsolicited_report_interval`] (RFC 2236 §3
//!   "repeated once or twice").
//! - The host adopts a v3 querier's QRV and QQI (RFC 9776 §4.1.6, §4.1.7) for its
//!   retransmission count and the Older Version Querier Present Timeout, unless
//!   [`Config::adopt_querier_values`] is false.
//! - When the source retransmission state of §5.1 would exceed `S` sources, the group
//!   falls back to filter-mode-change records (TO_IN/TO_EX carrying the whole current
//!   state) for the next RV reports: routers end in the same state, nothing is lost.
//! - When a group-and-source-specific query names more sources than `S`, the answer is
//!   the group's whole current state (as for a group-specific query).
//!
//! # Example
//!
//! ```
//! use core::net::Ipv4Addr;
//! use core::time::Duration;
//! use mediafabric_igmp::host::{Config, IgmpHost, Outgoing, SocketId, XorShift32};
//! use mediafabric_igmp::wire::{frame::read_ipv4_igmp, igmp::Message, RecordType};
//!
//! let cfg = Config::new([2, 0, 0, 0, 0, 1], Ipv4Addr::new(10, 0, 0, 2));
//! let mut host: IgmpHost<8, 8, 16> = IgmpHost::new(cfg, XorShift32::new(1)).unwrap();
//! let now = Duration::from_secs(5);
//! host.join(SocketId(1), Ipv4Addr::new(239, 1, 1, 1), now).unwrap();
//! let mut buf = [0u8; 3000];
//! let mut sent = 0;
//! host.poll(now, &mut buf, &mut |m: &Outgoing<'_, Ipv4Addr>| {
//!     let ip = read_ipv4_igmp(m.ip_packet(), 0).unwrap();
//!     let Message::ReportV3 { records } = Message::parse_verified(ip.payload).unwrap() else {
//!         panic!()
//!     };
//!     let r = records.iter().next().unwrap();
//!     assert_eq!(r.record_type, RecordType::ChangeToExcludeMode);
//!     sent += 1;
//! })
//! .unwrap();
//! assert_eq!(sent, 1);
//! // The retransmission is due within the Unsolicited Report Interval (1 s).
//! assert!(host.next_deadline().unwrap() <= now + Duration::from_secs(1));
//! ```

mod family;
mod rng;
mod sources;

use core::net::{Ipv4Addr, Ipv6Addr};
use core::time::Duration;

use crate::wire::records::{AddrList, GroupRecord, RecordType, Records};

pub use family::{CompatMode, DropReason, ETHERNET_HEADER_LEN, Family};
pub use rng::{Rng, XorShift32, random_delay};
pub use sources::{Full, SourceSet};

use family::{Incoming, Level};

/// An IGMP host (IPv4): up to `G` groups, `S` sources per list, `K` socket
/// memberships.
pub type IgmpHost<const G: usize, const S: usize, const K: usize, R = XorShift32> =
    Host<Ipv4Addr, G, S, K, R>;

/// An MLD host (IPv6): up to `G` groups, `S` sources per list, `K` socket
/// memberships.
pub type MldHost<const G: usize, const S: usize, const K: usize, R = XorShift32> =
    Host<Ipv6Addr, G, S, K, R>;

/// Filter mode of a socket or interface state (RFC 9776 §3.1, RFC 9777 §4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FilterMode {
    /// Only the listed sources are wanted.
    Include,
    /// Every source but the listed ones is wanted.
    Exclude,
}

/// A socket, as the caller numbers them (RFC 9776 §2: "socket" is whatever the
/// system uses to tell its listeners apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SocketId(pub u64);

/// When to send an IGMPv2 Leave / MLDv1 Done (RFC 2236 §3, RFC 2710 §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LeavePolicy {
    /// Only if this host sent the last report for the group (its "flag" is set).
    #[default]
    IfLastReporter,
    /// Always (RFC 2236 §3 allows it).
    Always,
}

/// How an INCLUDE state with sources is reported in the older modes, which cannot
/// express source filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OlderInclude {
    /// Not reported: only EXCLUDE states (any-source joins) are (RFC 9776 §7.2.1).
    #[default]
    Ignore,
    /// Reported as a join of the whole group.
    ReportAsJoin,
}

/// The host's configuration (RFC 9776 §8, RFC 9777 §9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config<A> {
    /// The interface's MAC address (Ethernet source of every frame).
    pub src_mac: [u8; 6],
    /// The interface's address: IPv4 (0.0.0.0 allowed, RFC 9776 §4.2.13) or an IPv6
    /// link-local address (RFC 9777 §5.2.13).
    pub src_ip: A,
    /// Robustness Variable (§8.1, default 2): how many times a state change is sent.
    pub robustness: u8,
    /// Unsolicited Report Interval of IGMPv3/MLDv2 (§8.11, default 1 s).
    pub unsolicited_report_interval: Duration,
    /// Unsolicited Report Interval of IGMPv1/v2 and MLDv1 (RFC 2236 §8.10, RFC 2710
    /// §7.10, default 10 s).
    pub older_unsolicited_report_interval: Duration,
    /// Query Interval assumed until a querier says otherwise (§8.2, default 125 s).
    pub query_interval: Duration,
    /// Query Response Interval (§8.3, default 10 s), used in the Older Version Querier
    /// Present Timeout (§8.12).
    pub query_response_interval: Duration,
    /// Link MTU: reports are packed up to this IP packet size (default 1500).
    pub mtu: usize,
    /// When to send IGMPv2 leaves / MLDv1 dones.
    pub leave_policy: LeavePolicy,
    /// How INCLUDE states with sources are reported in the older modes.
    pub older_include: OlderInclude,
    /// Adopt the QRV and QQI of received v3 queries (default true).
    pub adopt_querier_values: bool,
    /// Drop queries without Router Alert (default false: IGMPv1 queriers never send
    /// it).
    pub require_router_alert: bool,
}

impl<A: Family> Config<A> {
    /// The defaults of RFC 9776 §8 / RFC 9777 §9 for an interface.
    pub fn new(src_mac: [u8; 6], src_ip: A) -> Self {
        Config {
            src_mac,
            src_ip,
            robustness: 2,
            unsolicited_report_interval: Duration::from_secs(1),
            older_unsolicited_report_interval: Duration::from_secs(10),
            query_interval: Duration::from_secs(125),
            query_response_interval: Duration::from_secs(10),
            mtu: 1500,
            leave_policy: LeavePolicy::IfLastReporter,
            older_include: OlderInclude::Ignore,
            adopt_querier_values: true,
            require_router_alert: false,
        }
    }

    /// Bytes of the buffer [`Host::poll`] needs: one frame of `mtu` bytes plus room to
    /// assemble its records.
    pub fn buffer_len(&self) -> usize {
        ETHERNET_HEADER_LEN + self.mtu + self.mtu.saturating_sub(A::REPORT_OVERHEAD)
    }
}

/// What can go wrong when changing or running the host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HostError {
    /// The address given as a group is not a multicast address.
    #[error("not a multicast address")]
    NotMulticast,
    /// No room for another (socket, group) membership.
    #[error("membership table full: {capacity} socket memberships")]
    MembershipLimit {
        /// `K`.
        capacity: usize,
    },
    /// No room for another group on the interface.
    #[error("group table full: {capacity} groups")]
    GroupLimit {
        /// `G`.
        capacity: usize,
    },
    /// A source list (the socket's, or the union of the group's INCLUDE lists) would
    /// exceed `S`.
    #[error("source list of {needed} or more addresses exceeds the capacity of {capacity}")]
    SourceLimit {
        /// At least this many sources were needed.
        needed: usize,
        /// `S`.
        capacity: usize,
    },
    /// The buffer handed to [`Host::poll`] is smaller than [`Config::buffer_len`].
    #[error("buffer too small: need {needed} bytes, have {available}")]
    BufferTooSmall {
        /// Bytes needed.
        needed: usize,
        /// Bytes given.
        available: usize,
    },
    /// A configuration value cannot be used.
    #[error("invalid configuration: {field} {reason}")]
    Config {
        /// The field.
        field: &'static str,
        /// What is wrong.
        reason: &'static str,
    },
    /// Framing a message failed (cannot happen with a valid configuration).
    #[error("framing: {0}")]
    Frame(crate::Error),
}

/// One membership: a socket's filter for a group (RFC 9776 §3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SocketState<A: Family, const S: usize> {
    /// The socket.
    pub socket: SocketId,
    /// The group.
    pub group: A,
    /// Filter mode.
    pub mode: FilterMode,
    /// Source list.
    pub sources: SourceSet<A, S>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pending<A: Family, const S: usize> {
    None,
    Mode(u8),
    Sources {
        set: SourceSet<A, S>,
        counts: [u8; S],
    },
}

/// The retransmission state of a group's state-change report (RFC 9776 §5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PendingChange<'a, A> {
    /// Nothing to retransmit.
    None,
    /// The next `remaining` reports carry a filter-mode-change record.
    FilterMode {
        /// Reports still to send.
        remaining: u8,
    },
    /// Sources with retransmission state, each with its remaining count.
    Sources {
        /// The sources.
        sources: &'a [A],
        /// Reports still to carry each.
        remaining: &'a [u8],
    },
}

/// A group's state on the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Group<A: Family, const S: usize> {
    group: A,
    mode: FilterMode,
    sources: SourceSet<A, S>,
    change: Pending<A, S>,
    change_at: Option<Duration>,
    response_at: Option<Duration>,
    response_sources: SourceSet<A, S>,
    older_at: Option<Duration>,
    older_repeats: u8,
    last_reporter: bool,
    leave_at: Option<Duration>,
}

impl<A: Family, const S: usize> Group<A, S> {
    fn new(group: A) -> Self {
        Group {
            group,
            mode: FilterMode::Include,
            sources: SourceSet::new(),
            change: Pending::None,
            change_at: None,
            response_at: None,
            response_sources: SourceSet::new(),
            older_at: None,
            older_repeats: 0,
            last_reporter: false,
            leave_at: None,
        }
    }

    /// The group address.
    pub fn group(&self) -> A {
        self.group
    }

    /// The interface filter mode (§3.2).
    pub fn filter_mode(&self) -> FilterMode {
        self.mode
    }

    /// The interface source list (§3.2).
    pub fn sources(&self) -> &SourceSet<A, S> {
        &self.sources
    }

    /// Whether the interface state is anything but INCLUDE {} (the host listens).
    pub fn is_listening(&self) -> bool {
        !(self.mode == FilterMode::Include && self.sources.is_empty())
    }

    /// The state-change retransmission state (§5.1).
    pub fn pending_change(&self) -> PendingChange<'_, A> {
        match &self.change {
            Pending::None => PendingChange::None,
            Pending::Mode(n) => PendingChange::FilterMode { remaining: *n },
            Pending::Sources { set, counts } => PendingChange::Sources {
                sources: set.as_slice(),
                remaining: &counts[..set.len()],
            },
        }
    }

    /// When the next state-change report for the group is due.
    pub fn change_due(&self) -> Option<Duration> {
        self.change_at
    }

    /// When the answer to a group(-and-source)-specific query is due (§5.2).
    pub fn response_due(&self) -> Option<Duration> {
        self.response_at
    }

    /// The sources recorded for that answer (empty: the whole group was queried).
    pub fn queried_sources(&self) -> &SourceSet<A, S> {
        &self.response_sources
    }

    /// When the next older-version report is due (unsolicited or answering a query).
    pub fn older_report_due(&self) -> Option<Duration> {
        self.older_at
    }

    /// Unsolicited older-version reports still to repeat after the next one.
    pub fn older_repeats(&self) -> u8 {
        self.older_repeats
    }

    /// Whether this host sent the last older-version report for the group (RFC 2236
    /// §3's flag).
    pub fn last_reporter(&self) -> bool {
        self.last_reporter
    }

    /// When an IGMPv2 Leave / MLDv1 Done is due.
    pub fn leave_due(&self) -> Option<Duration> {
        self.leave_at
    }

    fn member_v3(&self) -> bool {
        self.is_listening() && self.group.is_reported()
    }

    fn member_older(&self, policy: OlderInclude) -> bool {
        self.group.is_reported()
            && match self.mode {
                FilterMode::Exclude => true,
                FilterMode::Include => {
                    policy == OlderInclude::ReportAsJoin && !self.sources.is_empty()
                }
            }
    }

    fn idle(&self) -> bool {
        !self.is_listening()
            && self.change == Pending::None
            && self.leave_at.is_none()
            && self.change_at.is_none()
    }

    /// Whether traffic from `src` passes the interface filter.
    pub fn forwards(&self, src: &A) -> bool {
        match self.mode {
            FilterMode::Include => self.sources.contains(src),
            FilterMode::Exclude => !self.sources.contains(src),
        }
    }
}

/// Counters of what the host received and sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counters {
    /// General queries accepted.
    pub general_queries: u64,
    /// Group-specific queries accepted.
    pub group_queries: u64,
    /// Group-and-source-specific queries accepted.
    pub group_source_queries: u64,
    /// Queries of an older version (IGMPv1/v2, MLDv1) among those.
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
    /// Messages not acted on (reports of v3, other ICMPv6, our own reports).
    pub ignored: u64,
    /// Older-version reports of other hosts heard.
    pub older_reports_heard: u64,
    /// Our older-version reports suppressed by another host's (RFC 2236 §3).
    pub older_reports_suppressed: u64,
    /// IGMPv3/MLDv2 report messages sent.
    pub reports_sent: u64,
    /// Group records sent in them.
    pub records_sent: u64,
    /// Older-version reports sent.
    pub older_reports_sent: u64,
    /// IGMPv2 leaves / MLDv1 dones sent.
    pub leaves_sent: u64,
    /// Sources left out of IS_EX / TO_EX records that did not fit a message (§4.2.16).
    pub sources_not_reported: u64,
    /// Source retransmission state that overflowed `S` and fell back to
    /// filter-mode-change records.
    pub change_overflows: u64,
    /// Group-and-source-specific queries answered for the whole group because their
    /// sources overflowed `S`.
    pub query_source_overflows: u64,
    /// Host Compatibility Mode changes.
    pub compat_changes: u64,
}

/// What [`Host::receive`] made of a packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Received<A> {
    /// A query, acted on.
    Query {
        /// Its protocol version (IGMP 1-3, MLD 1-2).
        version: u8,
        /// The group, `None` for a general query.
        group: Option<A>,
        /// Number of sources named.
        sources: usize,
        /// Maximum response time.
        max_response: Duration,
    },
    /// Another host's older-version report.
    OlderReport {
        /// The group.
        group: A,
        /// Whether it suppressed a report of ours.
        suppressed: bool,
    },
    /// Dropped, and counted.
    Dropped(DropReason),
    /// Not something a host acts on.
    Ignored,
}

/// What an outgoing frame carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutgoingKind<A> {
    /// An IGMPv3/MLDv2 report with state-change records (§5.1).
    StateChangeReport {
        /// Records in it.
        records: usize,
    },
    /// An IGMPv3/MLDv2 report with current-state records (§5.2).
    CurrentStateReport {
        /// Records in it.
        records: usize,
    },
    /// An older-version report (IGMPv1/v2, MLDv1).
    OlderReport {
        /// The protocol version of the report.
        version: u8,
        /// The group.
        group: A,
    },
    /// An IGMPv2 Leave Group / MLDv1 Done.
    Leave {
        /// The group.
        group: A,
    },
}

/// A frame to send: Ethernet, then IPv4 or IPv6 with the IGMP/MLD message.
#[derive(Debug, Clone, Copy)]
pub struct Outgoing<'a, A> {
    /// The whole Ethernet frame.
    pub frame: &'a [u8],
    /// The IP destination.
    pub destination: A,
    /// What it is.
    pub kind: OutgoingKind<A>,
}

impl<'a, A> Outgoing<'a, A> {
    /// The IP packet (the frame without its Ethernet header), for raw IP sockets.
    pub fn ip_packet(&self) -> &'a [u8] {
        &self.frame[ETHERNET_HEADER_LEN..]
    }
}

/// Where [`Host::poll`] sends frames.
pub trait Transmit<A> {
    /// Sends one frame.
    fn transmit(&mut self, out: &Outgoing<'_, A>);
}

impl<A, F: FnMut(&Outgoing<'_, A>)> Transmit<A> for F {
    fn transmit(&mut self, out: &Outgoing<'_, A>) {
        self(out)
    }
}

/// The host state of one interface. See the [module documentation](self).
#[derive(Debug, Clone)]
pub struct Host<A: Family, const G: usize, const S: usize, const K: usize, R = XorShift32> {
    config: Config<A>,
    rng: R,
    sockets: [Option<SocketState<A, S>>; K],
    groups: [Option<Group<A, S>>; G],
    general_at: Option<Duration>,
    v1_querier_until: Option<Duration>,
    v2_querier_until: Option<Duration>,
    robustness: u8,
    query_interval: Duration,
    counters: Counters,
}

/// The §3.2 merge of socket states for one group.
fn merge<'a, A: Family, const S: usize>(
    states: impl Iterator<Item = &'a SocketState<A, S>>,
) -> Result<(FilterMode, SourceSet<A, S>), HostError> {
    let mut ex: Option<SourceSet<A, S>> = None;
    let mut inc = SourceSet::<A, S>::new();
    for s in states {
        match s.mode {
            FilterMode::Exclude => {
                ex = Some(match ex {
                    None => s.sources,
                    Some(e) => e.intersection(&s.sources),
                })
            }
            FilterMode::Include => {
                inc.union_with(&s.sources)
                    .map_err(|Full| HostError::SourceLimit {
                        needed: S + 1,
                        capacity: S,
                    })?
            }
        }
    }
    Ok(match ex {
        Some(e) => (FilterMode::Exclude, e.difference(&inc)),
        None => (FilterMode::Include, inc),
    })
}

fn earliest(a: Option<Duration>, b: Duration) -> Duration {
    a.map_or(b, |a| a.min(b))
}

impl<A: Family, const G: usize, const S: usize, const K: usize, R: Rng> Host<A, G, S, K, R> {
    /// A host for one interface with no memberships, in IGMPv3/MLDv2 mode.
    pub fn new(config: Config<A>, rng: R) -> Result<Self, HostError> {
        if config.robustness == 0 {
            return Err(HostError::Config {
                field: "robustness",
                reason: "must be at least 1 (RFC 9776 §8.1)",
            });
        }
        if config.mtu > usize::from(u16::MAX) || config.mtu < A::REPORT_OVERHEAD + 4 + 2 * A::LEN {
            return Err(HostError::Config {
                field: "mtu",
                reason: "must hold a report with one record of one source, and fit 65535",
            });
        }
        if S == 0 || G == 0 || K == 0 {
            return Err(HostError::Config {
                field: "capacity",
                reason: "G, S and K must be at least 1",
            });
        }
        Ok(Host {
            robustness: config.robustness,
            query_interval: config.query_interval,
            config,
            rng,
            sockets: [None; K],
            groups: [None; G],
            general_at: None,
            v1_querier_until: None,
            v2_querier_until: None,
            counters: Counters::default(),
        })
    }

    /// The configuration.
    pub fn config(&self) -> &Config<A> {
        &self.config
    }

    /// The random number generator (e.g. to reseed it).
    pub fn rng_mut(&mut self) -> &mut R {
        &mut self.rng
    }

    /// The counters.
    pub fn counters(&self) -> &Counters {
        &self.counters
    }

    /// The Host Compatibility Mode (§7.2.1), as of the last call.
    pub fn compat_mode(&self) -> CompatMode {
        A::compat(self.level())
    }

    /// When the IGMPv1 Querier Present timer expires (always `None` for MLD).
    pub fn v1_querier_present_until(&self) -> Option<Duration> {
        self.v1_querier_until
    }

    /// When the IGMPv2 (or MLDv1) Querier Present timer expires.
    pub fn v2_querier_present_until(&self) -> Option<Duration> {
        self.v2_querier_until
    }

    /// When the answer to a general query is due (the interface timer, §5.2).
    pub fn general_response_due(&self) -> Option<Duration> {
        self.general_at
    }

    /// The Robustness Variable in use (configured, or adopted from a querier's QRV).
    pub fn robustness(&self) -> u8 {
        self.robustness
    }

    /// The Query Interval in use (configured, or adopted from a querier's QQIC).
    pub fn query_interval(&self) -> Duration {
        self.query_interval
    }

    /// Older Version Querier Present Timeout: RV * QI + QRI (§8.12).
    pub fn older_querier_present_timeout(&self) -> Duration {
        self.query_interval * u32::from(self.robustness) + self.config.query_response_interval
    }

    /// The interface state of `group`, if the host keeps any for it (listening, or
    /// still retransmitting its leave).
    pub fn group(&self, group: &A) -> Option<&Group<A, S>> {
        self.groups.iter().flatten().find(|g| g.group == *group)
    }

    /// Every group the host keeps state for.
    pub fn groups(&self) -> impl Iterator<Item = &Group<A, S>> + '_ {
        self.groups.iter().flatten()
    }

    /// Every socket membership.
    pub fn socket_states(&self) -> impl Iterator<Item = &SocketState<A, S>> + '_ {
        self.sockets.iter().flatten()
    }

    /// The interface state of `group` (INCLUDE {} when the host has none).
    pub fn interface_state(&self, group: &A) -> (FilterMode, SourceSet<A, S>) {
        self.group(group)
            .map_or((FilterMode::Include, SourceSet::new()), |g| {
                (g.mode, g.sources)
            })
    }

    fn level(&self) -> Level {
        if self.v1_querier_until.is_some() {
            Level::V1
        } else if self.v2_querier_until.is_some() {
            Level::V2
        } else {
            Level::V3
        }
    }

    /// `IPMulticastListen(socket, interface, group, filter-mode, source-list)` (RFC
    /// 9776 §3.1, RFC 9777 §4.1) at `now`. INCLUDE with no sources removes the
    /// socket's membership. Returns whether the interface state changed; a change is
    /// reported on the next [`Host::poll`] (it is due at `now`).
    ///
    /// On error nothing changed. Leaving (INCLUDE {}) never fails for a valid group:
    /// the union of a group's INCLUDE lists is kept within `S` at all times, so the
    /// merge after any removal fits.
    pub fn listen(
        &mut self,
        socket: SocketId,
        group: A,
        mode: FilterMode,
        sources: &[A],
        now: Duration,
    ) -> Result<bool, HostError> {
        if !group.is_multicast_group() {
            return Err(HostError::NotMulticast);
        }
        let set = SourceSet::from_iter_checked(sources.iter().copied()).map_err(|Full| {
            HostError::SourceLimit {
                needed: sources.len(),
                capacity: S,
            }
        })?;
        let new_state = if mode == FilterMode::Include && set.is_empty() {
            None
        } else {
            Some(SocketState {
                socket,
                group,
                mode,
                sources: set,
            })
        };
        let idx = self.sockets.iter().position(|s| {
            s.as_ref()
                .is_some_and(|s| s.socket == socket && s.group == group)
        });
        let slot = match (idx, &new_state) {
            (None, None) => return Ok(false),
            (Some(i), _) => i,
            (None, Some(_)) => self
                .sockets
                .iter()
                .position(Option::is_none)
                .ok_or(HostError::MembershipLimit { capacity: K })?,
        };
        // The merge with the new state in place; also keeps the union of INCLUDE
        // lists within S (checked here whatever the mode).
        let others = self
            .sockets
            .iter()
            .enumerate()
            .filter(|(i, s)| *i != slot && s.as_ref().is_some_and(|s| s.group == group))
            .filter_map(|(_, s)| s.as_ref());
        let (new_mode, new_sources) = merge(others.clone().chain(new_state.as_ref()))?;
        let mut inc = SourceSet::<A, S>::new();
        for s in others.chain(new_state.as_ref()) {
            if s.mode == FilterMode::Include {
                inc.union_with(&s.sources)
                    .map_err(|Full| HostError::SourceLimit {
                        needed: S + 1,
                        capacity: S,
                    })?;
            }
        }
        let (old_mode, old_sources) = self.interface_state(&group);
        let changed = old_mode != new_mode || old_sources != new_sources;
        let gi = match self
            .groups
            .iter()
            .position(|g| g.as_ref().is_some_and(|g| g.group == group))
        {
            Some(i) => Some(i),
            None if changed => Some(
                self.groups
                    .iter()
                    .position(Option::is_none)
                    .ok_or(HostError::GroupLimit { capacity: G })?,
            ),
            None => None,
        };
        self.sockets[slot] = new_state;
        if !changed {
            return Ok(false);
        }
        let gi = gi.unwrap_or_default();
        let level = self.level();
        let g = self.groups[gi].get_or_insert_with(|| Group::new(group));
        let was_older_member = g.member_older(self.config.older_include);
        g.mode = new_mode;
        g.sources = new_sources;
        let rv = self.robustness;
        match level {
            Level::V3 => {
                if group.is_reported() {
                    Self::merge_change(g, old_mode, &old_sources, rv, &mut self.counters);
                    g.change_at = Some(now);
                }
            }
            Level::V1 | Level::V2 => {
                let is_member = g.member_older(self.config.older_include);
                if is_member && !was_older_member {
                    g.older_at = Some(now);
                    g.older_repeats = rv.saturating_sub(1);
                } else if !is_member && was_older_member {
                    g.older_at = None;
                    g.older_repeats = 0;
                    if level == Level::V2
                        && (g.last_reporter || self.config.leave_policy == LeavePolicy::Always)
                    {
                        g.leave_at = Some(now);
                    }
                    g.last_reporter = false;
                }
            }
        }
        self.gc();
        Ok(true)
    }

    /// Joins `group` on `socket` for every source: EXCLUDE {} (§3.1).
    pub fn join(&mut self, socket: SocketId, group: A, now: Duration) -> Result<bool, HostError> {
        self.listen(socket, group, FilterMode::Exclude, &[], now)
    }

    /// Leaves `group` on `socket`: INCLUDE {} (§3.1). Never fails for a multicast
    /// group.
    pub fn leave(&mut self, socket: SocketId, group: A, now: Duration) -> Result<bool, HostError> {
        self.listen(socket, group, FilterMode::Include, &[], now)
    }

    /// Drops every membership of `socket` (the socket closed); returns how many.
    pub fn close_socket(&mut self, socket: SocketId, now: Duration) -> usize {
        let mut n = 0;
        while let Some(g) = self
            .sockets
            .iter()
            .flatten()
            .find(|s| s.socket == socket)
            .map(|s| s.group)
        {
            // Leaving cannot fail (see `listen`); should it, stop rather than loop.
            if self.leave(socket, g, now).is_err() {
                break;
            }
            n += 1;
        }
        n
    }

    /// Merges a state change into the group's retransmission state (§5.1).
    fn merge_change(
        g: &mut Group<A, S>,
        old_mode: FilterMode,
        old: &SourceSet<A, S>,
        rv: u8,
        counters: &mut Counters,
    ) {
        if old_mode != g.mode || matches!(g.change, Pending::Mode(_)) {
            g.change = Pending::Mode(rv);
            return;
        }
        let (mut set, mut counts) = match g.change {
            Pending::Sources { set, counts } => (set, counts),
            _ => (SourceSet::new(), [0u8; S]),
        };
        let changed = old.difference(&g.sources);
        let added = g.sources.difference(old);
        for a in changed.iter().chain(added.iter()) {
            match set.search(&a) {
                Ok(i) => counts[i] = rv,
                Err(i) => {
                    if set.insert_at(i, a).is_err() {
                        counters.change_overflows += 1;
                        g.change = Pending::Mode(rv);
                        return;
                    }
                    counts.copy_within(i..set.len() - 1, i + 1);
                    counts[i] = rv;
                }
            }
        }
        g.change = if set.is_empty() {
            Pending::None
        } else {
            Pending::Sources { set, counts }
        };
    }

    fn gc(&mut self) {
        for slot in self.groups.iter_mut() {
            if slot.as_ref().is_some_and(|g| g.idle()) {
                *slot = None;
            }
        }
    }

    /// Takes a received IPv4 (IGMP) or IPv6 (MLD) packet, from its IP header on.
    /// Queries are validated (checksum, TTL / hop limit 1, link-local source for MLD,
    /// optionally Router Alert) and bad ones dropped and counted.
    pub fn receive(&mut self, packet: &[u8], now: Duration) -> Received<A> {
        let inc = match A::parse(packet, self.config.require_router_alert) {
            Ok(i) => i,
            Err(r) => {
                let c = &mut self.counters;
                match r {
                    DropReason::Malformed => c.dropped_malformed += 1,
                    DropReason::Checksum => c.dropped_checksum += 1,
                    DropReason::HopLimit => c.dropped_hop_limit += 1,
                    DropReason::Source => c.dropped_source += 1,
                    DropReason::RouterAlert => c.dropped_router_alert += 1,
                    DropReason::Group => c.dropped_group += 1,
                }
                return Received::Dropped(r);
            }
        };
        match inc {
            Incoming::Query {
                level,
                group,
                max_resp,
                qrv,
                qqi,
                sources,
            } => {
                self.query(level, group, max_resp, qrv, qqi, sources, now);
                let general = group == A::UNSPECIFIED;
                Received::Query {
                    version: A::compat(level).version(),
                    group: if general { None } else { Some(group) },
                    sources: sources.len(),
                    max_response: max_resp,
                }
            }
            Incoming::OlderReport { group, src } => {
                if src == self.config.src_ip && src != A::UNSPECIFIED {
                    self.counters.ignored += 1;
                    return Received::Ignored;
                }
                self.counters.older_reports_heard += 1;
                let mut suppressed = false;
                if self.level() != Level::V3
                    && let Some(g) = self.groups.iter_mut().flatten().find(|g| g.group == group)
                {
                    g.last_reporter = false;
                    if g.older_at.take().is_some() {
                        suppressed = true;
                        g.older_repeats = 0;
                        self.counters.older_reports_suppressed += 1;
                    }
                }
                Received::OlderReport { group, suppressed }
            }
            Incoming::Ignored => {
                self.counters.ignored += 1;
                Received::Ignored
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn query(
        &mut self,
        level: Level,
        group: A,
        max_resp: Duration,
        qrv: u8,
        qqi: Option<Duration>,
        sources: AddrList<'_, A>,
        now: Duration,
    ) {
        let general = group == A::UNSPECIFIED;
        let c = &mut self.counters;
        if general {
            c.general_queries += 1;
        } else if sources.is_empty() {
            c.group_queries += 1;
        } else {
            c.group_source_queries += 1;
        }
        if level != Level::V3 {
            c.older_queries += 1;
        }
        if level == Level::V3 && self.config.adopt_querier_values {
            if qrv != 0 {
                self.robustness = qrv;
            }
            if let Some(q) = qqi.filter(|q| !q.is_zero()) {
                self.query_interval = q;
            }
        }
        // §7.2.1: older general queries start the querier-present timers.
        if general && level != Level::V3 {
            let before = self.level();
            let until = Some(now + self.older_querier_present_timeout());
            if level == Level::V1 {
                self.v1_querier_until = until;
            } else {
                self.v2_querier_until = until;
            }
            self.compat_changed(before);
        }
        match self.level() {
            Level::V3 => self.query_v3(group, max_resp, sources, now),
            _ => self.query_older(group, max_resp, now),
        }
    }

    /// Acts on a change of compatibility mode from `before` to the current one.
    fn compat_changed(&mut self, before: Level) {
        let after = self.level();
        if before == after {
            return;
        }
        self.counters.compat_changes += 1;
        if before == Level::V3 {
            // §7.2.1: cancel every pending response and retransmission timer.
            self.general_at = None;
            for g in self.groups.iter_mut().flatten() {
                g.change = Pending::None;
                g.change_at = None;
                g.response_at = None;
                g.response_sources.clear();
            }
        } else if after == Level::V3 {
            for g in self.groups.iter_mut().flatten() {
                g.older_at = None;
                g.older_repeats = 0;
                g.leave_at = None;
                g.last_reporter = false;
            }
        }
        self.gc();
    }

    fn query_v3(&mut self, group: A, max_resp: Duration, sources: AddrList<'_, A>, now: Duration) {
        let at = now + random_delay(&mut self.rng, max_resp);
        // Rule 1: a general response due sooner covers it.
        if self.general_at.is_some_and(|g| g <= at) {
            return;
        }
        if group == A::UNSPECIFIED {
            // Rule 2.
            self.general_at = Some(at);
            return;
        }
        let Some(g) = self
            .groups
            .iter_mut()
            .flatten()
            .find(|g| g.group == group && g.member_v3())
        else {
            return;
        };
        let pending = g.response_at.is_some();
        if sources.is_empty() {
            // Rules 3 and 4: the whole group.
            g.response_sources.clear();
        } else if !pending || !g.response_sources.is_empty() {
            // Rule 3 (record the sources) and rule 5 (add them).
            let mut s = if pending {
                g.response_sources
            } else {
                SourceSet::new()
            };
            let mut overflow = false;
            for a in sources.iter() {
                if s.insert(a).is_err() {
                    overflow = true;
                    break;
                }
            }
            if overflow {
                self.counters.query_source_overflows += 1;
                s.clear();
            }
            g.response_sources = s;
        }
        // (Rule 4 with a pending group-specific answer keeps the list empty.)
        g.response_at = Some(earliest(g.response_at, at));
    }

    fn query_older(&mut self, group: A, max_resp: Duration, now: Duration) {
        let policy = self.config.older_include;
        for g in self.groups.iter_mut().flatten() {
            if !(group == A::UNSPECIFIED || g.group == group) || !g.member_older(policy) {
                continue;
            }
            // RFC 2236 §3: reset only if the Max Resp Time is below the time left.
            let reset = g.older_at.is_none_or(|t| max_resp < t.saturating_sub(now));
            if reset {
                g.older_at = Some(now + random_delay(&mut self.rng, max_resp));
            }
        }
    }

    /// When [`Host::poll`] must be called next, if anything is scheduled.
    pub fn next_deadline(&self) -> Option<Duration> {
        let mut d: Option<Duration> = None;
        let mut take = |t: Option<Duration>| {
            if let Some(t) = t {
                d = Some(earliest(d, t));
            }
        };
        take(self.general_at);
        take(self.v1_querier_until);
        take(self.v2_querier_until);
        for g in self.groups.iter().flatten() {
            take(g.change_at);
            take(g.response_at);
            take(g.older_at);
            take(g.leave_at);
        }
        d
    }

    /// Sends everything due at `now`: expires querier-present timers, then sends
    /// state-change reports, current-state reports, older-version reports and leaves.
    /// Frames are written into `buf` (at least [`Config::buffer_len`] bytes) one after
    /// the other and handed to `tx`. Returns the number of frames sent.
    pub fn poll<T: Transmit<A> + ?Sized>(
        &mut self,
        now: Duration,
        buf: &mut [u8],
        tx: &mut T,
    ) -> Result<usize, HostError> {
        let need = self.config.buffer_len();
        if buf.len() < need {
            return Err(HostError::BufferTooSmall {
                needed: need,
                available: buf.len(),
            });
        }
        let before = self.level();
        if self.v1_querier_until.is_some_and(|t| t <= now) {
            self.v1_querier_until = None;
        }
        if self.v2_querier_until.is_some_and(|t| t <= now) {
            self.v2_querier_until = None;
        }
        self.compat_changed(before);
        let sent = match self.level() {
            Level::V3 => self.poll_v3(now, buf, tx)?,
            level => self.poll_older(level, now, buf, tx)?,
        };
        self.gc();
        Ok(sent)
    }

    fn poll_v3<T: Transmit<A> + ?Sized>(
        &mut self,
        now: Duration,
        buf: &mut [u8],
        tx: &mut T,
    ) -> Result<usize, HostError> {
        let cfg = self.config;
        let mut p = Packer::<A>::new(&cfg, buf, true);
        // State-change reports (§5.1).
        for g in self.groups.iter_mut().flatten() {
            if g.change_at.is_none_or(|t| t > now) {
                continue;
            }
            match &mut g.change {
                Pending::None => {}
                Pending::Mode(n) => {
                    let t = match g.mode {
                        FilterMode::Include => RecordType::ChangeToIncludeMode,
                        FilterMode::Exclude => RecordType::ChangeToExcludeMode,
                    };
                    p.push(tx, &mut self.counters, t, g.group, g.sources.as_slice())?;
                    *n -= 1;
                    if *n == 0 {
                        g.change = Pending::None;
                    }
                }
                Pending::Sources { set, counts } => {
                    let mut allow = *set;
                    allow.retain(|a| match g.mode {
                        FilterMode::Include => g.sources.contains(a),
                        FilterMode::Exclude => !g.sources.contains(a),
                    });
                    let block = set.difference(&allow);
                    if !allow.is_empty() {
                        let t = RecordType::AllowNewSources;
                        p.push(tx, &mut self.counters, t, g.group, allow.as_slice())?;
                    }
                    if !block.is_empty() {
                        let t = RecordType::BlockOldSources;
                        p.push(tx, &mut self.counters, t, g.group, block.as_slice())?;
                    }
                    // Each report carries every source once: count them down.
                    let (old, old_counts) = (*set, *counts);
                    set.clear();
                    for (i, a) in old.iter().enumerate() {
                        let left = old_counts[i].saturating_sub(1);
                        if left > 0 {
                            let w = set.len();
                            let _ = set.insert_at(w, a);
                            counts[w] = left;
                        }
                    }
                    if set.is_empty() {
                        g.change = Pending::None;
                    }
                }
            }
            g.change_at = match g.change {
                Pending::None => None,
                _ => Some(now + random_delay(&mut self.rng, cfg.unsolicited_report_interval)),
            };
        }
        p.flush(tx, &mut self.counters)?;
        // Current-state reports (§5.2).
        p.state_change = false;
        let general = self.general_at.is_some_and(|t| t <= now);
        if general {
            self.general_at = None;
        }
        for g in self.groups.iter_mut().flatten() {
            let group_due = g.response_at.is_some_and(|t| t <= now);
            if group_due {
                g.response_at = None;
            }
            if !g.member_v3() {
                g.response_sources.clear();
                continue;
            }
            let t = match g.mode {
                FilterMode::Include => RecordType::ModeIsInclude,
                FilterMode::Exclude => RecordType::ModeIsExclude,
            };
            if general || (group_due && g.response_sources.is_empty()) {
                p.push(tx, &mut self.counters, t, g.group, g.sources.as_slice())?;
            } else if group_due {
                // §5.2: INCLUDE(A) answers IS_IN(A*B), EXCLUDE(A) answers IS_IN(B-A).
                let b = g.response_sources;
                let s = match g.mode {
                    FilterMode::Include => g.sources.intersection(&b),
                    FilterMode::Exclude => b.difference(&g.sources),
                };
                if !s.is_empty() {
                    let t = RecordType::ModeIsInclude;
                    p.push(tx, &mut self.counters, t, g.group, s.as_slice())?;
                }
            }
            if group_due {
                g.response_sources.clear();
            }
        }
        p.flush(tx, &mut self.counters)?;
        Ok(p.sent)
    }

    fn poll_older<T: Transmit<A> + ?Sized>(
        &mut self,
        level: Level,
        now: Duration,
        buf: &mut [u8],
        tx: &mut T,
    ) -> Result<usize, HostError> {
        let cfg = self.config;
        let version = A::compat(level).version();
        let mut sent = 0;
        for g in self.groups.iter_mut().flatten() {
            if g.leave_at.is_some_and(|t| t <= now) {
                g.leave_at = None;
                let (n, dst) = A::frame_older(level, g.group, true, cfg.src_mac, cfg.src_ip, buf)
                    .map_err(HostError::Frame)?;
                tx.transmit(&Outgoing {
                    frame: &buf[..n],
                    destination: dst,
                    kind: OutgoingKind::Leave { group: g.group },
                });
                self.counters.leaves_sent += 1;
                sent += 1;
            }
            if g.older_at.is_some_and(|t| t <= now) {
                g.older_at = None;
                if !g.member_older(cfg.older_include) {
                    g.older_repeats = 0;
                    continue;
                }
                let (n, dst) = A::frame_older(level, g.group, false, cfg.src_mac, cfg.src_ip, buf)
                    .map_err(HostError::Frame)?;
                tx.transmit(&Outgoing {
                    frame: &buf[..n],
                    destination: dst,
                    kind: OutgoingKind::OlderReport {
                        version,
                        group: g.group,
                    },
                });
                self.counters.older_reports_sent += 1;
                sent += 1;
                g.last_reporter = true;
                if g.older_repeats > 0 {
                    g.older_repeats -= 1;
                    g.older_at = Some(
                        now + random_delay(&mut self.rng, cfg.older_unsolicited_report_interval),
                    );
                }
            }
        }
        Ok(sent)
    }
}

/// Packs group records into as few IGMPv3/MLDv2 reports as the MTU allows (§4.2.16).
struct Packer<'b, A: Family> {
    frame: &'b mut [u8],
    scratch: &'b mut [u8],
    used: usize,
    count: usize,
    mac: [u8; 6],
    src: A,
    state_change: bool,
    sent: usize,
}

impl<'b, A: Family> Packer<'b, A> {
    fn new(cfg: &Config<A>, buf: &'b mut [u8], state_change: bool) -> Self {
        let (frame, rest) = buf.split_at_mut(ETHERNET_HEADER_LEN + cfg.mtu);
        let cap = cfg.mtu - A::REPORT_OVERHEAD;
        Packer {
            frame,
            scratch: &mut rest[..cap],
            used: 0,
            count: 0,
            mac: cfg.src_mac,
            src: cfg.src_ip,
            state_change,
            sent: 0,
        }
    }

    fn write(&mut self, t: RecordType, group: A, sources: &[A]) {
        let rec = GroupRecord {
            record_type: t,
            group,
            sources: AddrList::Addrs(sources),
            aux_data: &[],
        };
        // The room was checked by the caller: this cannot fail.
        if let Ok(n) =
            Records::Given(core::slice::from_ref(&rec)).write(&mut self.scratch[self.used..])
        {
            self.used += n;
            self.count += 1;
        }
    }

    /// Adds one record, splitting it over messages (or, for IS_EX / TO_EX, cutting its
    /// source list) when it does not fit (§4.2.16).
    fn push<T: Transmit<A> + ?Sized>(
        &mut self,
        tx: &mut T,
        counters: &mut Counters,
        t: RecordType,
        group: A,
        sources: &[A],
    ) -> Result<(), HostError> {
        let head = 4 + A::LEN;
        let mut rest = sources;
        loop {
            let room = self.scratch.len() - self.used;
            let fit = room.saturating_sub(head) / A::LEN;
            if room >= head && rest.len() <= fit {
                self.write(t, group, rest);
                return Ok(());
            }
            if self.count > 0 {
                // Start the record in a fresh message.
                self.flush(tx, counters)?;
                continue;
            }
            // A fresh message and still too long (fit >= 1 by the MTU check).
            if matches!(
                t,
                RecordType::ModeIsExclude | RecordType::ChangeToExcludeMode
            ) {
                self.write(t, group, &rest[..fit]);
                counters.sources_not_reported += (rest.len() - fit) as u64;
                return Ok(());
            }
            self.write(t, group, &rest[..fit]);
            rest = &rest[fit..];
            self.flush(tx, counters)?;
        }
    }

    fn flush<T: Transmit<A> + ?Sized>(
        &mut self,
        tx: &mut T,
        counters: &mut Counters,
    ) -> Result<(), HostError> {
        if self.count == 0 {
            return Ok(());
        }
        let n = A::frame_report(
            &self.scratch[..self.used],
            self.count,
            self.mac,
            self.src,
            self.frame,
        )
        .map_err(HostError::Frame)?;
        let records = self.count;
        let kind = if self.state_change {
            OutgoingKind::StateChangeReport { records }
        } else {
            OutgoingKind::CurrentStateReport { records }
        };
        tx.transmit(&Outgoing {
            frame: &self.frame[..n],
            destination: A::REPORT_DESTINATION,
            kind,
        });
        counters.reports_sent += 1;
        counters.records_sent += records as u64;
        self.sent += 1;
        self.used = 0;
        self.count = 0;
        Ok(())
    }
}
