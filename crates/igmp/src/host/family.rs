//! What differs between IGMP (IPv4) and MLD (IPv6) for a host: addresses, framing,
//! and reading and validating received messages.

use core::net::{Ipv4Addr, Ipv6Addr};
use core::time::Duration;

use crate::wire::codec::decode_code8;
use crate::wire::frame::{frame_igmp, frame_mld, read_ipv4_igmp, read_ipv6_mld};
use crate::wire::records::{AddrList, Records, WireAddr};
use crate::wire::{igmp, mld};

/// The Ethernet header in front of every frame the host writes.
pub const ETHERNET_HEADER_LEN: usize = 14;

/// The host's compatibility level, shared by both families: IGMPv1 (no leaves),
/// IGMPv2 / MLDv1 (reports and leaves/dones), IGMPv3 / MLDv2 (source filtering).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    V1,
    V2,
    V3,
}

/// Host Compatibility Mode of an interface (RFC 9776 §7.2.1, RFC 9777 §8.2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompatMode {
    /// IGMPv1: v1 reports, no leaves, no source filters (RFC 1112).
    IgmpV1,
    /// IGMPv2: v2 reports and leaves, no source filters (RFC 2236).
    IgmpV2,
    /// IGMPv3 (RFC 9776).
    IgmpV3,
    /// MLDv1: reports and dones, no source filters (RFC 2710).
    MldV1,
    /// MLDv2 (RFC 9777).
    MldV2,
}

impl CompatMode {
    /// The protocol version number (1, 2 or 3 for IGMP; 1 or 2 for MLD).
    pub const fn version(self) -> u8 {
        match self {
            CompatMode::IgmpV1 | CompatMode::MldV1 => 1,
            CompatMode::IgmpV2 | CompatMode::MldV2 => 2,
            CompatMode::IgmpV3 => 3,
        }
    }

    /// Whether source filters are reported (IGMPv3, MLDv2).
    pub const fn filters_sources(self) -> bool {
        matches!(self, CompatMode::IgmpV3 | CompatMode::MldV2)
    }
}

/// Why a received message was dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DropReason {
    /// The IP packet or the IGMP/MLD message could not be read.
    Malformed,
    /// The IGMP or ICMPv6 checksum is wrong.
    Checksum,
    /// A query with a TTL / hop limit other than 1 (RFC 9776 §4, RFC 9777 §5).
    HopLimit,
    /// An MLD query whose source is not link-local (RFC 9777 §5.1.14).
    Source,
    /// A query without Router Alert while the configuration requires one.
    RouterAlert,
    /// A query naming a group that is not a multicast address.
    Group,
}

/// A message the host acts on.
#[derive(Debug, Clone, Copy)]
pub enum Incoming<'a, A: WireAddr> {
    Query {
        level: Level,
        group: A,
        max_resp: Duration,
        qrv: u8,
        qqi: Option<Duration>,
        sources: AddrList<'a, A>,
    },
    OlderReport {
        group: A,
        src: A,
    },
    Ignored,
}

pub(crate) mod sealed {
    use super::CompatMode;
    use super::{DropReason, Incoming, Level};

    /// The family-specific operations the host uses; not part of the public API.
    pub trait Sealed: crate::wire::records::WireAddr {
        fn compat(level: Level) -> CompatMode;
        fn parse(
            packet: &[u8],
            require_router_alert: bool,
        ) -> Result<Incoming<'_, Self>, DropReason>;
        fn frame_report(
            records: &[u8],
            count: usize,
            mac: [u8; 6],
            src: Self,
            out: &mut [u8],
        ) -> crate::Result<usize>;
        fn frame_older(
            level: Level,
            group: Self,
            leave: bool,
            mac: [u8; 6],
            src: Self,
            out: &mut [u8],
        ) -> crate::Result<(usize, Self)>;
    }
}

/// An address family the host runs on: [`Ipv4Addr`] (IGMP) or [`Ipv6Addr`] (MLD).
///
/// Sealed: the two implementations are all there is.
pub trait Family: WireAddr + Ord + Eq + core::hash::Hash + sealed::Sealed + 'static {
    /// The unspecified address (fills unused slots).
    const UNSPECIFIED: Self;
    /// Bytes of a version 3 / MLDv2 report before its records, from the IP header on
    /// (IPv4 with Router Alert + 8; IPv6 + Hop-by-Hop + 8).
    const REPORT_OVERHEAD: usize;
    /// The compatibility mode when no older querier is present.
    const CURRENT: CompatMode;
    /// Where version 3 / MLDv2 reports go: 224.0.0.22 (RFC 9776 §4.2.14) or ff02::16
    /// (RFC 9777 §5.2.14).
    const REPORT_DESTINATION: Self;

    /// Whether it is a multicast address.
    fn is_multicast_group(&self) -> bool;

    /// Whether state for the group is ever reported: not for the all-systems group
    /// 224.0.0.1 (RFC 9776 §5), nor for ff02::1 or node-local/reserved-scope
    /// addresses (RFC 9777 §6).
    fn is_reported(&self) -> bool;
}

impl Family for Ipv4Addr {
    const UNSPECIFIED: Self = Ipv4Addr::UNSPECIFIED;
    const REPORT_OVERHEAD: usize = 24 + 8;
    const CURRENT: CompatMode = CompatMode::IgmpV3;
    const REPORT_DESTINATION: Self = igmp::ALL_V3_ROUTERS;

    fn is_multicast_group(&self) -> bool {
        self.is_multicast()
    }

    fn is_reported(&self) -> bool {
        self.is_multicast() && *self != igmp::ALL_SYSTEMS
    }
}

impl sealed::Sealed for Ipv4Addr {
    fn compat(level: Level) -> CompatMode {
        match level {
            Level::V1 => CompatMode::IgmpV1,
            Level::V2 => CompatMode::IgmpV2,
            Level::V3 => CompatMode::IgmpV3,
        }
    }

    fn parse(packet: &[u8], require_router_alert: bool) -> Result<Incoming<'_, Self>, DropReason> {
        let ip = match read_ipv4_igmp(packet, 0) {
            Ok(ip) => ip,
            Err(crate::Error::Invalid {
                field: "Protocol", ..
            }) => return Ok(Incoming::Ignored),
            Err(_) => return Err(DropReason::Malformed),
        };
        let msg = igmp::Message::parse_verified(ip.payload).map_err(|e| match e {
            crate::Error::Checksum { .. } => DropReason::Checksum,
            _ => DropReason::Malformed,
        })?;
        let query = |level, group: Ipv4Addr, max_resp_ds: u32, qrv, qqi, sources| {
            if ip.ttl != 1 {
                return Err(DropReason::HopLimit);
            }
            if !(group.is_unspecified() || group.is_multicast()) {
                return Err(DropReason::Group);
            }
            if require_router_alert && !ip.router_alert {
                return Err(DropReason::RouterAlert);
            }
            Ok(Incoming::Query {
                level,
                group,
                max_resp: Duration::from_millis(u64::from(max_resp_ds) * 100),
                qrv,
                qqi,
                sources,
            })
        };
        match msg {
            igmp::Message::QueryV1 { .. } => query(
                Level::V1,
                Ipv4Addr::UNSPECIFIED,
                msg.max_resp_time(),
                0,
                None,
                AddrList::default(),
            ),
            igmp::Message::QueryV2 { group, .. } => query(
                Level::V2,
                group,
                msg.max_resp_time(),
                0,
                None,
                AddrList::default(),
            ),
            igmp::Message::QueryV3 {
                group,
                qrv,
                qqic,
                sources,
                ..
            } => query(
                Level::V3,
                group,
                msg.max_resp_time(),
                qrv,
                Some(Duration::from_secs(u64::from(decode_code8(qqic)))),
                sources,
            ),
            igmp::Message::ReportV1 { group } | igmp::Message::ReportV2 { group } => {
                Ok(Incoming::OlderReport { group, src: ip.src })
            }
            _ => Ok(Incoming::Ignored),
        }
    }

    fn frame_report(
        records: &[u8],
        count: usize,
        mac: [u8; 6],
        src: Self,
        out: &mut [u8],
    ) -> crate::Result<usize> {
        let msg = igmp::Message::ReportV3 {
            records: Records::Wire {
                count,
                bytes: records,
            },
        };
        frame_igmp(&msg, mac, src, None, out)
    }

    fn frame_older(
        level: Level,
        group: Self,
        leave: bool,
        mac: [u8; 6],
        src: Self,
        out: &mut [u8],
    ) -> crate::Result<(usize, Self)> {
        let msg = match (leave, level) {
            (true, _) => igmp::Message::LeaveV2 { group },
            (false, Level::V1) => igmp::Message::ReportV1 { group },
            (false, _) => igmp::Message::ReportV2 { group },
        };
        Ok((frame_igmp(&msg, mac, src, None, out)?, msg.destination()))
    }
}

fn is_link_local(a: &Ipv6Addr) -> bool {
    a.segments()[0] & 0xFFC0 == 0xFE80
}

impl Family for Ipv6Addr {
    const UNSPECIFIED: Self = Ipv6Addr::UNSPECIFIED;
    const REPORT_OVERHEAD: usize = 40 + 8 + 8;
    const CURRENT: CompatMode = CompatMode::MldV2;
    const REPORT_DESTINATION: Self = mld::ALL_MLDV2_ROUTERS;

    fn is_multicast_group(&self) -> bool {
        self.is_multicast()
    }

    fn is_reported(&self) -> bool {
        // Scope 0 (reserved) and 1 (interface-local) never leave the node; the
        // link-scope all-nodes address is never reported (RFC 9777 §6).
        let scope = self.octets()[1] & 0x0F;
        self.is_multicast() && scope > 1 && *self != mld::ALL_NODES
    }
}

impl sealed::Sealed for Ipv6Addr {
    fn compat(level: Level) -> CompatMode {
        match level {
            Level::V3 => CompatMode::MldV2,
            _ => CompatMode::MldV1,
        }
    }

    fn parse(packet: &[u8], require_router_alert: bool) -> Result<Incoming<'_, Self>, DropReason> {
        let ip = match read_ipv6_mld(packet, 0) {
            Ok(ip) => ip,
            Err(crate::Error::Invalid {
                field: "Next Header",
                ..
            }) => return Ok(Incoming::Ignored),
            Err(_) => return Err(DropReason::Malformed),
        };
        match ip.payload.first() {
            Some(
                &(mld::TYPE_QUERY | mld::TYPE_V1_REPORT | mld::TYPE_V1_DONE | mld::TYPE_V2_REPORT),
            ) => {}
            Some(_) => return Ok(Incoming::Ignored),
            None => return Err(DropReason::Malformed),
        }
        let msg = mld::Message::parse(ip.payload).map_err(|_| DropReason::Malformed)?;
        if !mld::checksum_valid(ip.payload, &ip.src, &ip.dst) {
            return Err(DropReason::Checksum);
        }
        let query = |level, group: Ipv6Addr, qrv, qqi, sources| {
            if ip.hop_limit != 1 {
                return Err(DropReason::HopLimit);
            }
            if !is_link_local(&ip.src) {
                return Err(DropReason::Source);
            }
            if !(group.is_unspecified() || group.is_multicast()) {
                return Err(DropReason::Group);
            }
            if require_router_alert && !ip.router_alert {
                return Err(DropReason::RouterAlert);
            }
            Ok(Incoming::Query {
                level,
                group,
                max_resp: Duration::from_millis(u64::from(msg.max_response_delay_ms())),
                qrv,
                qqi,
                sources,
            })
        };
        match msg {
            mld::Message::QueryV1 { group, .. } => {
                query(Level::V2, group, 0, None, AddrList::default())
            }
            mld::Message::QueryV2 {
                group,
                qrv,
                qqic,
                sources,
                ..
            } => query(
                Level::V3,
                group,
                qrv,
                Some(Duration::from_secs(u64::from(decode_code8(qqic)))),
                sources,
            ),
            mld::Message::ReportV1 { group } => Ok(Incoming::OlderReport { group, src: ip.src }),
            _ => Ok(Incoming::Ignored),
        }
    }

    fn frame_report(
        records: &[u8],
        count: usize,
        mac: [u8; 6],
        src: Self,
        out: &mut [u8],
    ) -> crate::Result<usize> {
        let msg = mld::Message::ReportV2 {
            records: Records::Wire {
                count,
                bytes: records,
            },
        };
        frame_mld(&msg, mac, src, None, out)
    }

    fn frame_older(
        _level: Level,
        group: Self,
        leave: bool,
        mac: [u8; 6],
        src: Self,
        out: &mut [u8],
    ) -> crate::Result<(usize, Self)> {
        let msg = if leave {
            mld::Message::DoneV1 { group }
        } else {
            mld::Message::ReportV1 { group }
        };
        Ok((frame_mld(&msg, mac, src, None, out)?, msg.destination()))
    }
}
