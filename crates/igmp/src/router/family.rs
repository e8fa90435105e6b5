//! What differs between IGMP over IPv4 and MLD over IPv6: reading a received packet into
//! one family-neutral [`Packet`], the address rules, and writing a query.

use core::net::{Ipv4Addr, Ipv6Addr};
use core::time::Duration;

use crate::error::{Error, Result, room};
use crate::wire::codec::{decode_code8, decode_code16, encode_code8, encode_code16};
use crate::wire::frame::{frame_igmp, frame_mld, read_ipv4_igmp, read_ipv6_mld};
use crate::wire::records::{AddrList, Records, WireAddr};
use crate::wire::{igmp, mld};

use super::{DropReason, Dropped, Query, Version};

/// A received IGMP or MLD packet, with the IP fields a router checks (RFC 9776 §9,
/// RFC 9777 §5).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Packet<'a, A: WireAddr> {
    /// IP source address.
    pub src: A,
    /// IP destination address.
    pub dst: A,
    /// TTL (IPv4) or hop limit (IPv6).
    pub ttl: u8,
    /// Whether a Router Alert option was present (IPv4 option 148, or the IPv6
    /// Hop-by-Hop option 5).
    pub router_alert: bool,
    /// The message.
    pub message: Message<'a, A>,
}

/// An IGMP or MLD message in family-neutral terms. Versions are IGMP's: MLDv1 is
/// [`Version::V2`], MLDv2 is [`Version::V3`] (see [`Version`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Message<'a, A: WireAddr> {
    /// A Membership (Multicast Listener) Query of any version.
    Query {
        /// Which version's query (by length and code, RFC 9776 §7.1, RFC 9777 §8.1).
        version: Version,
        /// Group Address (unspecified for a General Query).
        group: A,
        /// Max Response Time (10 s for an IGMPv1 query).
        max_response: Duration,
        /// S flag (v3 queries only).
        s_flag: bool,
        /// QRV (v3 queries only; 0 otherwise).
        qrv: u8,
        /// Querier's Query Interval decoded from QQIC (v3 queries only; 0 otherwise).
        qqi: Duration,
        /// Source Addresses (v3 queries only).
        sources: AddrList<'a, A>,
    },
    /// An IGMPv1 / IGMPv2 Membership Report or an MLDv1 Report.
    Report {
        /// [`Version::V1`] or [`Version::V2`].
        version: Version,
        /// Group Address.
        group: A,
    },
    /// An IGMPv2 Leave Group or an MLDv1 Done.
    Leave {
        /// Group Address.
        group: A,
    },
    /// An IGMPv3 or MLDv2 report.
    ReportV3 {
        /// Its group records.
        records: Records<'a, A>,
    },
    /// An IGMP message of another type (routers ignore it, RFC 9776 §4).
    Other {
        /// Its type.
        msg_type: u8,
    },
}

impl<A: WireAddr> Message<'_, A> {
    /// The message's version ([`Version::V3`] for other types).
    pub fn version(&self) -> Version {
        match self {
            Message::Query { version, .. } | Message::Report { version, .. } => *version,
            Message::Leave { .. } => Version::V2,
            Message::ReportV3 { .. } | Message::Other { .. } => Version::V3,
        }
    }
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for core::net::Ipv4Addr {}
    impl Sealed for core::net::Ipv6Addr {}
}

/// An address family the router runs on: [`Ipv4Addr`] (IGMP) or [`Ipv6Addr`] (MLD).
/// Sealed: the two implementations are all there is.
pub trait Family: WireAddr + Ord + sealed::Sealed {
    /// The protocol's name for messages of `version` ("IGMPv2", "MLDv1", ...).
    fn version_name(version: Version) -> &'static str;
    /// The unspecified address (0.0.0.0, ::).
    const UNSPECIFIED: Self;
    /// Where General Queries go: 224.0.0.1 (RFC 9776 §4.1.12) or ff02::1 (RFC 9777
    /// §5.1.15).
    const ALL_SYSTEMS: Self;
    /// The oldest version the family has: V1 for IGMP, V2 (MLDv1) for MLD.
    const OLDEST: Version;
    /// Bytes of the IP header (with Router Alert) in front of a query.
    const IP_HEADER_LEN: usize;
    /// Bytes of a v3 query without sources (IGMPv3 12, MLDv2 28).
    const V3_QUERY_LEN: usize;

    /// Whether the address is multicast.
    fn is_multicast(&self) -> bool;
    /// Whether a report may be about this group: a multicast address other than the
    /// all-systems (all-nodes) group, and for IPv6 of a scope above node-local
    /// (RFC 9777 §6: no MLD for scopes 0 and 1, nor for ff02::1).
    fn reportable(&self) -> bool;
    /// Whether the address may send a query (RFC 9777 §5.1.14: link-local unicast for
    /// MLD; a unicast, non-zero address for IGMP).
    fn valid_query_source(&self) -> bool;
    /// Whether the address may send a report (RFC 9776 §4.2.13: IGMP reports may come
    /// from 0.0.0.0; RFC 9777 §5.2.14: MLD reports must come from a link-local address,
    /// and those from :: are discarded).
    fn valid_report_source(&self) -> bool;
    /// Whether `self` lies in `prefix`/`len`.
    fn in_prefix(&self, prefix: &Self, len: u8) -> bool;
    /// Whether the group lies in the source-specific multicast range (232/8,
    /// ff3x::/32; RFC 4607).
    fn is_ssm(&self) -> bool;
    /// Reads a whole IP packet (from the IP header) carrying IGMP or MLD, verifying the
    /// checksums.
    fn parse_packet(packet: &[u8]) -> core::result::Result<Packet<'_, Self>, Dropped>;
    /// The Max Resp Code field of a query of `version` for `d`, rounded down where the
    /// code cannot hold it exactly (RFC 9776 §8.8).
    fn max_resp_code(version: Version, d: Duration) -> u16;
    /// The Max Response Time a query of `version` with `code` asks for.
    fn max_response(version: Version, code: u16) -> Duration;
    /// Writes `q` from `src` as a whole IP packet (Router Alert, TTL 1) into `out`.
    fn write_query<const S: usize>(q: &Query<Self, S>, src: Self, out: &mut [u8]) -> Result<usize>;
    /// Writes `q` from `src` as a whole Ethernet frame from `src_mac` into `out`
    /// (with [`crate::wire::frame::frame_igmp`] / [`crate::wire::frame::frame_mld`]).
    fn write_query_frame<const S: usize>(
        q: &Query<Self, S>,
        src: Self,
        src_mac: [u8; 6],
        out: &mut [u8],
    ) -> Result<usize>;
}

fn malformed(e: Error) -> Dropped {
    let reason = match e {
        Error::Checksum { .. } => DropReason::BadChecksum,
        Error::Invalid {
            field: "Protocol", ..
        } => DropReason::NotIgmp,
        Error::Invalid {
            field: "Next Header",
            ..
        } => DropReason::NotIgmp,
        Error::Invalid { field: "Type", .. } => DropReason::UnknownType,
        _ => DropReason::Malformed,
    };
    Dropped {
        reason,
        detail: Some(e),
    }
}

fn ip_checksum(h: &[u8]) -> u16 {
    etherparse::checksum::Sum16BitWords::new()
        .add_slice(h)
        .ones_complement()
        .to_be()
}

fn sources_of<A: Family, const S: usize>(q: &Query<A, S>) -> ([A; S], usize) {
    let mut a = [A::UNSPECIFIED; S];
    let mut n = 0;
    for (slot, s) in a.iter_mut().zip(q.sources()) {
        *slot = s;
        n += 1;
    }
    (a, n)
}

fn igmp_query<'a, const S: usize>(
    q: &Query<Ipv4Addr, S>,
    srcs: &'a [Ipv4Addr],
) -> igmp::Message<'a> {
    let group = q.group.unwrap_or(Ipv4Addr::UNSPECIFIED);
    match q.version {
        Version::V1 => igmp::Message::QueryV1 { group },
        Version::V2 => igmp::Message::QueryV2 {
            max_resp_time: q.max_resp_code.clamp(1, 255) as u8,
            group,
        },
        Version::V3 => igmp::Message::QueryV3 {
            max_resp_code: q.max_resp_code.min(255) as u8,
            group,
            s_flag: q.s_flag,
            qrv: q.qrv.min(7),
            qqic: q.qqic,
            sources: AddrList::Addrs(srcs),
        },
    }
}

fn mld_query<'a, const S: usize>(q: &Query<Ipv6Addr, S>, srcs: &'a [Ipv6Addr]) -> mld::Message<'a> {
    let group = q.group.unwrap_or(Ipv6Addr::UNSPECIFIED);
    match q.version {
        Version::V1 | Version::V2 => mld::Message::QueryV1 {
            max_response_delay: q.max_resp_code,
            group,
        },
        Version::V3 => mld::Message::QueryV2 {
            max_response_code: q.max_resp_code,
            group,
            s_flag: q.s_flag,
            qrv: q.qrv.min(7),
            qqic: q.qqic,
            sources: AddrList::Addrs(srcs),
        },
    }
}

impl Family for Ipv4Addr {
    const UNSPECIFIED: Self = Ipv4Addr::UNSPECIFIED;
    const ALL_SYSTEMS: Self = Ipv4Addr::new(224, 0, 0, 1);
    const OLDEST: Version = Version::V1;
    const IP_HEADER_LEN: usize = 24;
    const V3_QUERY_LEN: usize = 12;

    fn version_name(version: Version) -> &'static str {
        match version {
            Version::V1 => "IGMPv1",
            Version::V2 => "IGMPv2",
            Version::V3 => "IGMPv3",
        }
    }
    fn is_multicast(&self) -> bool {
        Ipv4Addr::is_multicast(self)
    }
    fn reportable(&self) -> bool {
        Ipv4Addr::is_multicast(self) && *self != Self::ALL_SYSTEMS
    }
    fn valid_query_source(&self) -> bool {
        !self.is_unspecified()
            && !Ipv4Addr::is_multicast(self)
            && !self.is_broadcast()
            && !self.is_loopback()
    }
    fn valid_report_source(&self) -> bool {
        self.is_unspecified() || self.valid_query_source()
    }
    fn in_prefix(&self, prefix: &Self, len: u8) -> bool {
        let len = u32::from(len.min(32));
        let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
        u32::from(*self) & mask == u32::from(*prefix) & mask
    }
    fn is_ssm(&self) -> bool {
        self.octets()[0] == 232
    }
    fn parse_packet(b: &[u8]) -> core::result::Result<Packet<'_, Self>, Dropped> {
        let ip = read_ipv4_igmp(b, 0).map_err(malformed)?;
        let ihl = ip.offset;
        // read_ipv4_igmp checked that the header's IHL bytes are there.
        let header_ok = etherparse::checksum::Sum16BitWords::new()
            .add_slice(&b[..ihl])
            .ones_complement()
            == 0;
        if !header_ok {
            let found = u16::from_be_bytes([b[10], b[11]]);
            let computed = etherparse::checksum::Sum16BitWords::new()
                .add_slice(&b[..10])
                .add_slice(&b[12..ihl])
                .ones_complement()
                .to_be();
            return Err(malformed(Error::Checksum {
                offset: 10,
                found,
                computed,
            }));
        }
        let m = igmp::Message::parse_verified(ip.payload).map_err(|e| malformed(e.shifted(ihl)))?;
        let tenths = |t: u32| Duration::from_millis(u64::from(t) * 100);
        let message = match m {
            igmp::Message::QueryV1 { group } => Message::Query {
                version: Version::V1,
                group,
                max_response: Duration::from_secs(10),
                s_flag: false,
                qrv: 0,
                qqi: Duration::ZERO,
                sources: AddrList::default(),
            },
            igmp::Message::QueryV2 {
                max_resp_time,
                group,
            } => Message::Query {
                version: Version::V2,
                group,
                max_response: tenths(u32::from(max_resp_time)),
                s_flag: false,
                qrv: 0,
                qqi: Duration::ZERO,
                sources: AddrList::default(),
            },
            igmp::Message::QueryV3 {
                max_resp_code,
                group,
                s_flag,
                qrv,
                qqic,
                sources,
            } => Message::Query {
                version: Version::V3,
                group,
                max_response: tenths(decode_code8(max_resp_code)),
                s_flag,
                qrv,
                qqi: Duration::from_secs(u64::from(decode_code8(qqic))),
                sources,
            },
            igmp::Message::ReportV1 { group } => Message::Report {
                version: Version::V1,
                group,
            },
            igmp::Message::ReportV2 { group } => Message::Report {
                version: Version::V2,
                group,
            },
            igmp::Message::LeaveV2 { group } => Message::Leave { group },
            igmp::Message::ReportV3 { records } => Message::ReportV3 { records },
            igmp::Message::Other { msg_type, .. } => Message::Other { msg_type },
        };
        Ok(Packet {
            src: ip.src,
            dst: ip.dst,
            ttl: ip.ttl,
            router_alert: ip.router_alert,
            message,
        })
    }
    fn max_resp_code(version: Version, d: Duration) -> u16 {
        let tenths = u32::try_from(d.as_millis() / 100).unwrap_or(u32::MAX);
        match version {
            Version::V1 => 0,
            Version::V2 => tenths.clamp(1, 255) as u16,
            Version::V3 => u16::from(encode_code8(tenths)),
        }
    }
    fn max_response(version: Version, code: u16) -> Duration {
        match version {
            Version::V1 => Duration::from_secs(10),
            Version::V2 => Duration::from_millis(u64::from(code) * 100),
            Version::V3 => Duration::from_millis(u64::from(decode_code8(code as u8)) * 100),
        }
    }
    fn write_query<const S: usize>(q: &Query<Self, S>, src: Self, out: &mut [u8]) -> Result<usize> {
        let (srcs, n) = sources_of(q);
        let m = igmp_query(q, &srcs[..n]);
        let dst = q.destination();
        let total = Self::IP_HEADER_LEN + m.buffer_len();
        let total16 = u16::try_from(total).map_err(|_| Error::OutOfRange {
            field: "Total Length",
            value: total as u32,
            max: u32::from(u16::MAX),
        })?;
        room(out, total)?;
        let ip = &mut out[..Self::IP_HEADER_LEN];
        ip[0] = 0x46; // version 4, IHL 6
        ip[1] = 0xC0; // Internetwork Control (RFC 9776 §4)
        ip[2..4].copy_from_slice(&total16.to_be_bytes());
        ip[4..6].fill(0);
        ip[6..8].copy_from_slice(&[0x40, 0x00]); // DF
        ip[8] = 1; // TTL
        ip[9] = crate::IP_PROTOCOL;
        ip[10..12].fill(0);
        ip[12..16].copy_from_slice(&src.octets());
        ip[16..20].copy_from_slice(&dst.octets());
        ip[20..24].copy_from_slice(&[0x94, 0x04, 0x00, 0x00]); // Router Alert
        let c = ip_checksum(ip);
        ip[10..12].copy_from_slice(&c.to_be_bytes());
        m.emit(&mut out[Self::IP_HEADER_LEN..total])?;
        Ok(total)
    }
    fn write_query_frame<const S: usize>(
        q: &Query<Self, S>,
        src: Self,
        src_mac: [u8; 6],
        out: &mut [u8],
    ) -> Result<usize> {
        let (srcs, n) = sources_of(q);
        let m = igmp_query(q, &srcs[..n]);
        frame_igmp(&m, src_mac, src, Some(q.destination()), out)
    }
}

impl Family for Ipv6Addr {
    const UNSPECIFIED: Self = Ipv6Addr::UNSPECIFIED;
    const ALL_SYSTEMS: Self = mld::ALL_NODES;
    const OLDEST: Version = Version::V2;
    const IP_HEADER_LEN: usize = 48;
    const V3_QUERY_LEN: usize = 28;

    fn version_name(version: Version) -> &'static str {
        match version {
            Version::V1 | Version::V2 => "MLDv1",
            Version::V3 => "MLDv2",
        }
    }
    fn is_multicast(&self) -> bool {
        Ipv6Addr::is_multicast(self)
    }
    fn reportable(&self) -> bool {
        Ipv6Addr::is_multicast(self) && self.octets()[1] & 0x0F > 1 && *self != mld::ALL_NODES
    }
    fn valid_query_source(&self) -> bool {
        self.is_unicast_link_local()
    }
    fn valid_report_source(&self) -> bool {
        self.is_unicast_link_local()
    }
    fn in_prefix(&self, prefix: &Self, len: u8) -> bool {
        let len = u32::from(len.min(128));
        let mask = if len == 0 {
            0
        } else {
            u128::MAX << (128 - len)
        };
        u128::from(*self) & mask == u128::from(*prefix) & mask
    }
    fn is_ssm(&self) -> bool {
        let o = self.octets();
        o[0] == 0xFF && o[1] & 0xF0 == 0x30 && o[2..12].iter().all(|b| *b == 0)
    }
    fn parse_packet(b: &[u8]) -> core::result::Result<Packet<'_, Self>, Dropped> {
        let ip = read_ipv6_mld(b, 0).map_err(malformed)?;
        let m = mld::Message::parse(ip.payload).map_err(|e| malformed(e.shifted(ip.offset)))?;
        if !mld::checksum_valid(ip.payload, &ip.src, &ip.dst) {
            let p = ip.payload;
            let mut zeroed = etherparse::checksum::Sum16BitWords::new()
                .add_16bytes(ip.src.octets())
                .add_16bytes(ip.dst.octets())
                .add_4bytes((p.len() as u32).to_be_bytes())
                .add_4bytes([0, 0, 0, mld::NEXT_HEADER_ICMPV6])
                .add_slice(&p[..2]);
            if p.len() > 4 {
                zeroed = zeroed.add_slice(&p[4..]);
            }
            return Err(malformed(Error::Checksum {
                offset: ip.offset + 2,
                found: u16::from_be_bytes([p[2], p[3]]),
                computed: zeroed.ones_complement().to_be(),
            }));
        }
        let ms = |ms: u32| Duration::from_millis(u64::from(ms));
        let message = match m {
            mld::Message::QueryV1 {
                max_response_delay,
                group,
            } => Message::Query {
                version: Version::V2,
                group,
                max_response: ms(u32::from(max_response_delay)),
                s_flag: false,
                qrv: 0,
                qqi: Duration::ZERO,
                sources: AddrList::default(),
            },
            mld::Message::QueryV2 {
                max_response_code,
                group,
                s_flag,
                qrv,
                qqic,
                sources,
            } => Message::Query {
                version: Version::V3,
                group,
                max_response: ms(decode_code16(max_response_code)),
                s_flag,
                qrv,
                qqi: Duration::from_secs(u64::from(decode_code8(qqic))),
                sources,
            },
            mld::Message::ReportV1 { group } => Message::Report {
                version: Version::V2,
                group,
            },
            mld::Message::DoneV1 { group } => Message::Leave { group },
            mld::Message::ReportV2 { records } => Message::ReportV3 { records },
        };
        Ok(Packet {
            src: ip.src,
            dst: ip.dst,
            ttl: ip.hop_limit,
            router_alert: ip.router_alert,
            message,
        })
    }
    fn max_resp_code(version: Version, d: Duration) -> u16 {
        let ms = u32::try_from(d.as_millis()).unwrap_or(u32::MAX);
        match version {
            Version::V1 | Version::V2 => ms.min(u32::from(u16::MAX)) as u16,
            Version::V3 => encode_code16(ms),
        }
    }
    fn max_response(version: Version, code: u16) -> Duration {
        match version {
            Version::V1 | Version::V2 => Duration::from_millis(u64::from(code)),
            Version::V3 => Duration::from_millis(u64::from(decode_code16(code))),
        }
    }
    fn write_query<const S: usize>(q: &Query<Self, S>, src: Self, out: &mut [u8]) -> Result<usize> {
        let (srcs, n) = sources_of(q);
        let m = mld_query(q, &srcs[..n]);
        let dst = q.destination();
        let payload = 8 + m.buffer_len();
        let payload16 = u16::try_from(payload).map_err(|_| Error::OutOfRange {
            field: "Payload Length",
            value: payload as u32,
            max: u32::from(u16::MAX),
        })?;
        let total = 40 + payload;
        room(out, total)?;
        let ip = &mut out[..Self::IP_HEADER_LEN];
        ip[0..4].copy_from_slice(&[0x60, 0, 0, 0]);
        ip[4..6].copy_from_slice(&payload16.to_be_bytes());
        ip[6] = 0; // Hop-by-Hop Options
        ip[7] = 1; // hop limit
        ip[8..24].copy_from_slice(&src.octets());
        ip[24..40].copy_from_slice(&dst.octets());
        // ICMPv6 next, 8 bytes, Router Alert (MLD, RFC 2711), PadN of 2.
        ip[40..48].copy_from_slice(&[mld::NEXT_HEADER_ICMPV6, 0, 0x05, 0x02, 0, 0, 0x01, 0x00]);
        m.emit(&src, &dst, &mut out[Self::IP_HEADER_LEN..total])?;
        Ok(total)
    }
    fn write_query_frame<const S: usize>(
        q: &Query<Self, S>,
        src: Self,
        src_mac: [u8; 6],
        out: &mut [u8],
    ) -> Result<usize> {
        let (srcs, n) = sources_of(q);
        let m = mld_query(q, &srcs[..n]);
        frame_mld(&m, src_mac, src, Some(q.destination()), out)
    }
}
