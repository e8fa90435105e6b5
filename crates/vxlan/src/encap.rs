//! Encapsulation into a caller buffer and decapsulation into a slice of the input.
//!
//! The outer Ethernet, 802.1Q, IPv4, IPv6 and UDP headers are read and written with
//! [etherparse]; this module adds the VXLAN rules on top (RFC 7348 §5, §6, RFC 6935 and
//! RFC 6936 for zero UDP checksums over IPv6). Nothing here allocates.

use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use etherparse::{
    EtherType, Ethernet2Header, Ethernet2HeaderSlice, IpNumber, Ipv4Header, Ipv4HeaderSlice,
    Ipv6Header, Ipv6HeaderSlice, SingleVlanHeaderSlice, UdpHeader, UdpHeaderSlice, checksum,
};

use crate::error::{Error, Layer, Result};
use crate::header::{Extension, Format, HEADER_LEN, Header, NextProtocol, PORT, Packet};

const ETH_LEN: usize = 14;
const VLAN_LEN: usize = 4;
const IPV4_LEN: usize = 20;
const IPV6_LEN: usize = 40;
const UDP_LEN: usize = 8;

/// First port of the dynamic range RFC 7348 §5 asks source ports to be taken from.
pub const SOURCE_PORT_MIN: u16 = 49152;
/// Last port of that range.
pub const SOURCE_PORT_MAX: u16 = 65535;

/// An IEEE 802.1Q tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct VlanTag {
    /// Priority code point (3 bits).
    pub pcp: u8,
    /// Drop eligible indicator.
    pub dei: bool,
    /// VLAN identifier (12 bits).
    pub vid: u16,
}

/// The outer IP addresses: both IPv4 or both IPv6.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OuterIp {
    /// IPv4 source and destination.
    V4 {
        /// Source address (the local VTEP).
        src: Ipv4Addr,
        /// Destination address (the remote VTEP or a multicast group).
        dst: Ipv4Addr,
    },
    /// IPv6 source and destination.
    V6 {
        /// Source address (the local VTEP).
        src: Ipv6Addr,
        /// Destination address (the remote VTEP or a multicast group).
        dst: Ipv6Addr,
    },
}

impl OuterIp {
    /// A pair from two addresses of the same family; `None` when they differ.
    pub fn from_pair(src: IpAddr, dst: IpAddr) -> Option<OuterIp> {
        match (src, dst) {
            (IpAddr::V4(src), IpAddr::V4(dst)) => Some(OuterIp::V4 { src, dst }),
            (IpAddr::V6(src), IpAddr::V6(dst)) => Some(OuterIp::V6 { src, dst }),
            _ => None,
        }
    }

    /// The source address.
    pub fn src(&self) -> IpAddr {
        match *self {
            OuterIp::V4 { src, .. } => IpAddr::V4(src),
            OuterIp::V6 { src, .. } => IpAddr::V6(src),
        }
    }

    /// The destination address.
    pub fn dst(&self) -> IpAddr {
        match *self {
            OuterIp::V4 { dst, .. } => IpAddr::V4(dst),
            OuterIp::V6 { dst, .. } => IpAddr::V6(dst),
        }
    }
}

/// How the outer UDP source port is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SourcePort {
    /// From a hash of the inner frame's flow, in 49152..=65535 (RFC 7348 §5), so that
    /// one inner flow keeps one outer flow and ECMP can spread flows.
    #[default]
    FlowHash,
    /// A fixed port.
    Fixed(u16),
}

/// What goes into the outer UDP checksum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum UdpChecksum {
    /// Zero over IPv4 (RFC 7348 §5 "SHOULD be transmitted as zero"), computed over IPv6
    /// (RFC 8200 §8.1).
    #[default]
    Auto,
    /// Always computed, over IPv4 too.
    Compute,
    /// Always zero; over IPv6 this is the zero-checksum mode of RFC 6935 / RFC 6936,
    /// which the receiver must be configured to accept.
    Zero,
}

/// Everything needed to wrap inner frames for one remote VTEP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Encapsulation {
    /// Outer Ethernet source address.
    pub src_mac: [u8; 6],
    /// Outer Ethernet destination address (the next hop).
    pub dst_mac: [u8; 6],
    /// An optional 802.1Q tag on the outer frame.
    pub vlan: Option<VlanTag>,
    /// Outer IP addresses.
    pub ip: OuterIp,
    /// IPv4 TTL or IPv6 hop limit.
    pub ttl: u8,
    /// IPv4 TOS or IPv6 traffic class byte (DSCP and ECN).
    pub tos: u8,
    /// IPv4 Don't Fragment bit.
    pub dont_fragment: bool,
    /// IPv4 identification field.
    pub identification: u16,
    /// IPv6 flow label (20 bits).
    pub flow_label: u32,
    /// Outer UDP source port choice.
    pub src_port: SourcePort,
    /// Outer UDP destination port (4789, 4790 for GPE, 8472 for old Linux peers).
    pub dst_port: u16,
    /// Outer UDP checksum policy.
    pub udp_checksum: UdpChecksum,
    /// The VXLAN header.
    pub header: Header,
}

impl Encapsulation {
    /// Settings with the usual defaults: no VLAN tag, TTL 64, TOS 0, DF clear, source
    /// port from the flow hash, port 4789 (4790 for a GPE header), automatic checksum.
    pub fn new(src_mac: [u8; 6], dst_mac: [u8; 6], ip: OuterIp, header: Header) -> Self {
        Encapsulation {
            src_mac,
            dst_mac,
            vlan: None,
            ip,
            ttl: 64,
            tos: 0,
            dont_fragment: false,
            identification: 0,
            flow_label: 0,
            src_port: SourcePort::FlowHash,
            dst_port: match header.format() {
                Format::Vxlan => PORT,
                Format::Gpe => crate::header::GPE_PORT,
            },
            udp_checksum: UdpChecksum::Auto,
            header,
        }
    }

    /// Bytes of outer headers (Ethernet, tag, IP, UDP and VXLAN) before the inner frame.
    pub const fn overhead(&self) -> usize {
        ETH_LEN
            + if self.vlan.is_some() { VLAN_LEN } else { 0 }
            + match self.ip {
                OuterIp::V4 { .. } => IPV4_LEN,
                OuterIp::V6 { .. } => IPV6_LEN,
            }
            + UDP_LEN
            + HEADER_LEN
    }

    /// Total length of the frame [`Encapsulation::encapsulate`] writes for an inner frame
    /// of `inner_len` bytes.
    pub const fn encapsulated_len(&self, inner_len: usize) -> usize {
        self.overhead() + inner_len
    }

    /// The UDP source port this encapsulation uses for `inner`.
    pub fn source_port_for(&self, inner: &[u8]) -> u16 {
        match self.src_port {
            SourcePort::Fixed(p) => p,
            SourcePort::FlowHash => source_port(inner),
        }
    }

    /// Writes the whole outer frame followed by `inner` into `out` and returns the
    /// number of bytes written. `out` is untouched on error.
    pub fn encapsulate(&self, inner: &[u8], out: &mut [u8]) -> Result<usize> {
        self.header.check()?;
        if let Some(v) = self.vlan {
            if v.vid > 0x0FFF {
                return Err(Error::OutOfRange {
                    field: "vlan.vid",
                    value: u32::from(v.vid),
                    max: 0x0FFF,
                });
            }
            if v.pcp > 7 {
                return Err(Error::OutOfRange {
                    field: "vlan.pcp",
                    value: u32::from(v.pcp),
                    max: 7,
                });
            }
        }
        if self.flow_label > 0xF_FFFF {
            return Err(Error::OutOfRange {
                field: "ipv6.flowLabel",
                value: self.flow_label,
                max: 0xF_FFFF,
            });
        }
        if carries_ethernet(&self.header) && inner.len() < ETH_LEN {
            return Err(Error::Truncated {
                layer: Layer::Inner,
                offset: 0,
                needed: ETH_LEN,
                available: inner.len(),
            });
        }
        let total = self.encapsulated_len(inner.len());
        if out.len() < total {
            return Err(Error::BufferTooSmall {
                needed: total,
                available: out.len(),
            });
        }
        let udp_len = UDP_LEN + HEADER_LEN + inner.len();
        let ip_payload_max = match self.ip {
            OuterIp::V4 { .. } => usize::from(u16::MAX) - IPV4_LEN,
            OuterIp::V6 { .. } => usize::from(u16::MAX),
        };
        if udp_len > ip_payload_max {
            return Err(Error::OutOfRange {
                field: "inner frame length",
                value: u32::try_from(inner.len()).unwrap_or(u32::MAX),
                max: u32::try_from(ip_payload_max - UDP_LEN - HEADER_LEN).unwrap_or(u32::MAX),
            });
        }
        let out = &mut out[..total];

        // Ethernet (and tag)
        let ip_type = match self.ip {
            OuterIp::V4 { .. } => EtherType::IPV4,
            OuterIp::V6 { .. } => EtherType::IPV6,
        };
        let mut at = 0;
        let eth = Ethernet2Header {
            source: self.src_mac,
            destination: self.dst_mac,
            ether_type: if self.vlan.is_some() {
                EtherType::VLAN_TAGGED_FRAME
            } else {
                ip_type
            },
        };
        out[..ETH_LEN].copy_from_slice(&eth.to_bytes());
        at += ETH_LEN;
        if let Some(v) = self.vlan {
            let tci: u16 = (u16::from(v.pcp) << 13) | (u16::from(v.dei) << 12) | v.vid;
            out[at..at + 2].copy_from_slice(&tci.to_be_bytes());
            out[at + 2..at + 4].copy_from_slice(&ip_type.0.to_be_bytes());
            at += VLAN_LEN;
        }

        // VXLAN header and inner frame first: the UDP checksum covers them.
        let udp_at = at
            + match self.ip {
                OuterIp::V4 { .. } => IPV4_LEN,
                OuterIp::V6 { .. } => IPV6_LEN,
            };
        let vx_at = udp_at + UDP_LEN;
        self.header.emit(&mut out[vx_at..vx_at + HEADER_LEN])?;
        out[vx_at + HEADER_LEN..].copy_from_slice(inner);

        let src_port = self.source_port_for(inner);
        // udp_len was checked above to fit in a u16.
        let udp_len16 = udp_len as u16;
        let mut udp = UdpHeader {
            source_port: src_port,
            destination_port: self.dst_port,
            length: udp_len16,
            checksum: 0,
        };

        match self.ip {
            OuterIp::V4 { src, dst } => {
                let mut ip = Ipv4Header {
                    dscp: Default::default(),
                    ecn: Default::default(),
                    total_len: (IPV4_LEN + udp_len) as u16,
                    identification: self.identification,
                    dont_fragment: self.dont_fragment,
                    more_fragments: false,
                    fragment_offset: Default::default(),
                    time_to_live: self.ttl,
                    protocol: IpNumber::UDP,
                    header_checksum: 0,
                    source: src.octets(),
                    destination: dst.octets(),
                    options: Default::default(),
                };
                // tos is split by etherparse into DSCP and ECN; both fit their bits.
                ip.dscp = etherparse::IpDscp::try_new(self.tos >> 2).unwrap_or_default();
                ip.ecn = etherparse::IpEcn::try_new(self.tos & 3).unwrap_or_default();
                ip.header_checksum = ip.calc_header_checksum();
                out[at..at + IPV4_LEN].copy_from_slice(&ip.to_bytes());
                if self.udp_checksum == UdpChecksum::Compute {
                    udp.checksum = udp_checksum_v4(src.octets(), dst.octets(), &udp, &out[vx_at..]);
                }
            }
            OuterIp::V6 { src, dst } => {
                let ip = Ipv6Header {
                    traffic_class: self.tos,
                    flow_label: etherparse::Ipv6FlowLabel::try_new(self.flow_label)
                        .unwrap_or_default(),
                    payload_length: udp_len16,
                    next_header: IpNumber::UDP,
                    hop_limit: self.ttl,
                    source: src.octets(),
                    destination: dst.octets(),
                };
                out[at..at + IPV6_LEN].copy_from_slice(&ip.to_bytes());
                if self.udp_checksum != UdpChecksum::Zero {
                    udp.checksum = udp_checksum_v6(src.octets(), dst.octets(), &udp, &out[vx_at..]);
                }
            }
        }
        out[udp_at..udp_at + UDP_LEN].copy_from_slice(&udp.to_bytes());
        Ok(total)
    }
}

fn carries_ethernet(h: &Header) -> bool {
    match h.extension {
        Extension::Gpe(g) => matches!(g.next_protocol, Some(NextProtocol::Ethernet) | None),
        _ => true,
    }
}

fn udp_pseudo_sum(udp: &UdpHeader, payload: &[u8]) -> checksum::Sum16BitWords {
    checksum::Sum16BitWords::new()
        .add_2bytes([0, IpNumber::UDP.0])
        .add_2bytes(udp.length.to_be_bytes())
        .add_2bytes(udp.source_port.to_be_bytes())
        .add_2bytes(udp.destination_port.to_be_bytes())
        .add_2bytes(udp.length.to_be_bytes())
        .add_slice(payload)
}

fn udp_checksum_v4(src: [u8; 4], dst: [u8; 4], udp: &UdpHeader, payload: &[u8]) -> u16 {
    let mut s = udp_pseudo_sum(udp, payload);
    s = s.add_4bytes(src).add_4bytes(dst);
    s.to_ones_complement_with_no_zero().to_be()
}

fn udp_checksum_v6(src: [u8; 16], dst: [u8; 16], udp: &UdpHeader, payload: &[u8]) -> u16 {
    let mut s = udp_pseudo_sum(udp, payload);
    s = s.add_16bytes(src).add_16bytes(dst);
    s.to_ones_complement_with_no_zero().to_be()
}

/// FNV-1a over the fields that name an inner flow: Ethernet addresses and type, and for
/// IPv4/IPv6 the addresses, protocol and (unfragmented TCP/UDP/SCTP) ports.
pub fn flow_hash(inner: &[u8]) -> u32 {
    const OFFSET: u32 = 0x811C_9DC5;
    const PRIME: u32 = 0x0100_0193;
    fn mix(mut h: u32, bytes: &[u8]) -> u32 {
        for b in bytes {
            h ^= u32::from(*b);
            h = h.wrapping_mul(PRIME);
        }
        h
    }
    let mut h = OFFSET;
    if inner.len() < ETH_LEN {
        return mix(h, inner);
    }
    h = mix(h, &inner[..ETH_LEN]);
    let mut at = ETH_LEN;
    let mut ty = u16::from_be_bytes([inner[12], inner[13]]);
    if (ty == 0x8100 || ty == 0x88A8) && inner.len() >= at + VLAN_LEN {
        h = mix(h, &inner[at..at + 2]);
        ty = u16::from_be_bytes([inner[at + 2], inner[at + 3]]);
        at += VLAN_LEN;
    }
    let l3 = &inner[at..];
    let (proto, l4) = match ty {
        0x0800 if l3.len() >= IPV4_LEN => {
            let ihl = usize::from(l3[0] & 0x0F) * 4;
            h = mix(h, &l3[12..20]);
            let fragmented = (u16::from_be_bytes([l3[6], l3[7]]) & 0x3FFF) != 0;
            if fragmented || ihl < IPV4_LEN || l3.len() < ihl {
                return h;
            }
            (l3[9], &l3[ihl..])
        }
        0x86DD if l3.len() >= IPV6_LEN => {
            h = mix(h, &l3[8..40]);
            (l3[6], &l3[IPV6_LEN..])
        }
        _ => return h,
    };
    h = mix(h, &[proto]);
    if matches!(proto, 6 | 17 | 132) && l4.len() >= 4 {
        h = mix(h, &l4[..4]);
    }
    h
}

/// The outer UDP source port for an inner frame: its [`flow_hash`] mapped onto
/// 49152..=65535 (RFC 7348 §5).
pub fn source_port(inner: &[u8]) -> u16 {
    let h = flow_hash(inner);
    let folded = (h >> 16) ^ (h & 0xFFFF);
    SOURCE_PORT_MIN + (folded % 16384) as u16
}

/// What decapsulation accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecapConfig {
    /// UDP destination ports read as RFC 7348 VXLAN (with GBP when the G flag is set);
    /// 0 leaves a slot unused. Default: 4789 and 8472.
    pub vxlan_ports: [u16; 2],
    /// UDP destination port read as VXLAN-GPE; 0 for none. Default: 4790.
    pub gpe_port: u16,
    /// Check a non-zero outer UDP checksum and reject the frame when it is wrong.
    ///
    /// Off by default: RFC 7348 §5 makes the check optional for IPv4, and frames taken
    /// from a capture point before checksum offload carry partial checksums that the
    /// real receiver never sees.
    pub verify_udp_checksum: bool,
    /// Accept a zero UDP checksum over IPv6 (RFC 6935 / RFC 6936 zero-checksum mode).
    /// Off by default, as RFC 8200 §8.1 requires.
    pub accept_ipv6_zero_checksum: bool,
}

impl Default for DecapConfig {
    fn default() -> Self {
        DecapConfig {
            vxlan_ports: [PORT, crate::header::LINUX_LEGACY_PORT],
            gpe_port: crate::header::GPE_PORT,
            verify_udp_checksum: false,
            accept_ipv6_zero_checksum: false,
        }
    }
}

impl DecapConfig {
    /// The format a UDP destination port carries under this configuration.
    pub fn format_for_port(&self, port: u16) -> Option<Format> {
        if port == 0 {
            None
        } else if self.vxlan_ports.contains(&port) {
            Some(Format::Vxlan)
        } else if self.gpe_port == port {
            Some(Format::Gpe)
        } else {
            None
        }
    }
}

/// A decapsulated frame: the outer headers' fields and the inner frame as a slice of
/// the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decapsulated<'a> {
    /// Outer Ethernet destination.
    pub outer_dst_mac: [u8; 6],
    /// Outer Ethernet source.
    pub outer_src_mac: [u8; 6],
    /// Outer 802.1Q tag, if there was one.
    pub vlan: Option<VlanTag>,
    /// Outer IP source (the remote VTEP).
    pub src_ip: IpAddr,
    /// Outer IP destination.
    pub dst_ip: IpAddr,
    /// IPv4 TTL or IPv6 hop limit.
    pub ttl: u8,
    /// IPv4 TOS or IPv6 traffic class (DSCP and ECN).
    pub tos: u8,
    /// IPv4 Don't Fragment bit (false over IPv6).
    pub dont_fragment: bool,
    /// IPv4 identification (0 over IPv6).
    pub identification: u16,
    /// IPv6 flow label (0 over IPv4).
    pub flow_label: u32,
    /// Outer UDP source port.
    pub src_port: u16,
    /// Outer UDP destination port.
    pub dst_port: u16,
    /// Outer UDP checksum as received (0 when none).
    pub udp_checksum: u16,
    /// The VXLAN header.
    pub header: Header,
    /// The inner frame, a slice of the input.
    pub inner: &'a [u8],
    /// Offset of the inner frame in the input.
    pub inner_offset: usize,
}

fn truncated(layer: Layer, offset: usize, needed: usize, frame: &[u8]) -> Error {
    Error::Truncated {
        layer,
        offset,
        needed,
        available: frame.len().saturating_sub(offset),
    }
}

/// Reads an outer Ethernet frame down to the VXLAN header and returns its fields and
/// the inner frame. Every outer layer is checked: Ethernet type (IPv4, IPv6 or one
/// 802.1Q tag), IP version, header length, total/payload length against the buffer
/// (trailing padding is allowed), IPv4 header checksum, no fragments, UDP protocol,
/// UDP length, destination port, UDP checksum per `config`, the VXLAN I flag, and an
/// inner Ethernet frame at least 14 bytes long when the payload is Ethernet.
pub fn decapsulate<'a>(frame: &'a [u8], config: &DecapConfig) -> Result<Decapsulated<'a>> {
    const IP: usize = ETH_LEN;
    const UDP: usize = IP + IPV4_LEN;
    if let Some(f) = fast_checks(frame, config) {
        // Built straight into the return value: the fields are at fixed offsets.
        let b = &frame[..FAST_INNER];
        return Ok(Decapsulated {
            outer_dst_mac: [b[0], b[1], b[2], b[3], b[4], b[5]],
            outer_src_mac: [b[6], b[7], b[8], b[9], b[10], b[11]],
            vlan: None,
            src_ip: IpAddr::V4(Ipv4Addr::new(
                b[IP + 12],
                b[IP + 13],
                b[IP + 14],
                b[IP + 15],
            )),
            dst_ip: IpAddr::V4(Ipv4Addr::new(
                b[IP + 16],
                b[IP + 17],
                b[IP + 18],
                b[IP + 19],
            )),
            ttl: b[IP + 8],
            tos: b[IP + 1],
            dont_fragment: b[IP + 6] & 0x40 != 0,
            identification: u16::from_be_bytes([b[IP + 4], b[IP + 5]]),
            flow_label: 0,
            src_port: u16::from_be_bytes([b[UDP], b[UDP + 1]]),
            dst_port: u16::from_be_bytes([b[UDP + 2], b[UDP + 3]]),
            udp_checksum: u16::from_be_bytes([b[UDP + 6], b[UDP + 7]]),
            header: f.header,
            inner: &frame[FAST_INNER..f.inner_end],
            inner_offset: FAST_INNER,
        });
    }
    decapsulate_general(frame, config)
}

/// Offset of the inner frame on the fast path: Ethernet, IPv4 without options, UDP,
/// VXLAN.
const FAST_INNER: usize = ETH_LEN + IPV4_LEN + UDP_LEN + HEADER_LEN;

/// What the fast path needs to know beyond fixed offsets.
struct Fast {
    header: Header,
    inner_end: usize,
}

/// The common case at fixed offsets: untagged IPv4 without options, no checksum to
/// verify. It accepts exactly what the general path accepts for such frames, and
/// [`decapsulate`] then returns the same result; anything else (including every error)
/// is left to the general path, so errors keep their layers and offsets.
#[inline(always)]
fn fast_checks(frame: &[u8], config: &DecapConfig) -> Option<Fast> {
    const IP: usize = ETH_LEN;
    const UDP: usize = IP + IPV4_LEN;
    const VX: usize = UDP + UDP_LEN;
    let head = frame.first_chunk::<FAST_INNER>()?;
    if head[12] != 0x08 || head[13] != 0x00 || head[IP] != 0x45 {
        return None;
    }
    let total = usize::from(u16::from_be_bytes([head[IP + 2], head[IP + 3]]));
    if total < FAST_INNER - IP || frame.len() - IP < total {
        return None;
    }
    // IPv4 header checksum: ten 16-bit words summing to 0xFFFF.
    let mut sum: u32 = 0;
    for w in head[IP..UDP].chunks_exact(2) {
        sum += u32::from(u16::from_be_bytes([w[0], w[1]]));
    }
    sum = (sum & 0xFFFF) + (sum >> 16);
    sum = (sum & 0xFFFF) + (sum >> 16);
    let frag = u16::from_be_bytes([head[IP + 6], head[IP + 7]]);
    if sum != 0xFFFF || frag & 0x3FFF != 0 || head[IP + 9] != IpNumber::UDP.0 {
        return None;
    }
    let ulen = usize::from(u16::from_be_bytes([head[UDP + 4], head[UDP + 5]]));
    if ulen < UDP_LEN + HEADER_LEN || ulen > total - IPV4_LEN {
        return None;
    }
    let dst_port = u16::from_be_bytes([head[UDP + 2], head[UDP + 3]]);
    let format = config.format_for_port(dst_port)?;
    if (head[UDP + 6] | head[UDP + 7]) != 0 && config.verify_udp_checksum {
        return None;
    }
    let header = Header::parse(&Packet::new_unchecked(&head[VX..FAST_INNER]), format).ok()?;
    if !header.vni_valid {
        return None;
    }
    let inner_end = UDP + ulen;
    if carries_ethernet(&header) && inner_end - FAST_INNER < ETH_LEN {
        return None;
    }
    Some(Fast { header, inner_end })
}

/// Every frame, every check, errors with their layer and offset.
#[inline(never)]
fn decapsulate_general<'a>(frame: &'a [u8], config: &DecapConfig) -> Result<Decapsulated<'a>> {
    let eth = Ethernet2HeaderSlice::from_slice(frame)
        .map_err(|_| truncated(Layer::Ethernet, 0, ETH_LEN, frame))?;
    let mut at = ETH_LEN;
    let mut ty = eth.ether_type();
    let mut vlan = None;
    if ty == EtherType::VLAN_TAGGED_FRAME || ty == EtherType::PROVIDER_BRIDGING {
        let v = SingleVlanHeaderSlice::from_slice(&frame[at..])
            .map_err(|_| truncated(Layer::Vlan, at, VLAN_LEN, frame))?;
        vlan = Some(VlanTag {
            pcp: v.priority_code_point().value(),
            dei: v.drop_eligible_indicator(),
            vid: v.vlan_identifier().value(),
        });
        ty = v.ether_type();
        at += VLAN_LEN;
    }
    let ip_at = at;
    let (src_ip, dst_ip, ttl, udp_at, ip_end, ip_extra) = match ty {
        EtherType::IPV4 => {
            let ip = Ipv4HeaderSlice::from_slice(&frame[at..]).map_err(|e| match e {
                etherparse::err::ipv4::HeaderSliceError::Len(l) => {
                    truncated(Layer::Ipv4, ip_at, l.required_len, frame)
                }
                etherparse::err::ipv4::HeaderSliceError::Content(c) => match c {
                    etherparse::err::ipv4::HeaderError::UnexpectedVersion { version_number } => {
                        Error::Invalid {
                            layer: Layer::Ipv4,
                            offset: ip_at,
                            field: "version",
                            expected: "4",
                            found: u32::from(version_number),
                        }
                    }
                    etherparse::err::ipv4::HeaderError::HeaderLengthSmallerThanHeader { ihl } => {
                        Error::Invalid {
                            layer: Layer::Ipv4,
                            offset: ip_at,
                            field: "ihl",
                            expected: "at least 5",
                            found: u32::from(ihl),
                        }
                    }
                },
            })?;
            let hlen = ip.slice().len();
            let total = usize::from(ip.total_len());
            if total < hlen {
                return Err(Error::Invalid {
                    layer: Layer::Ipv4,
                    offset: ip_at + 2,
                    field: "totalLength",
                    expected: "at least the header length",
                    found: total as u32,
                });
            }
            if frame.len() - ip_at < total {
                return Err(truncated(Layer::Ipv4, ip_at, total, frame));
            }
            let computed = checksum::Sum16BitWords::new()
                .add_slice(ip.slice())
                .ones_complement();
            if computed != 0 && computed != 0xFFFF {
                let found = ip.header_checksum();
                let fixed = ip.to_header().calc_header_checksum();
                return Err(Error::Checksum {
                    layer: Layer::Ipv4,
                    offset: ip_at + 10,
                    found,
                    computed: fixed,
                });
            }
            if ip.more_fragments() || ip.fragments_offset().value() != 0 {
                return Err(Error::Invalid {
                    layer: Layer::Ipv4,
                    offset: ip_at + 6,
                    field: "fragmentOffset",
                    expected: "an unfragmented datagram",
                    found: u32::from(ip.fragments_offset().value()),
                });
            }
            if ip.protocol() != IpNumber::UDP {
                return Err(Error::Invalid {
                    layer: Layer::Ipv4,
                    offset: ip_at + 9,
                    field: "protocol",
                    expected: "UDP (17)",
                    found: u32::from(ip.protocol().0),
                });
            }
            let tos = frame[ip_at + 1];
            (
                IpAddr::V4(ip.source_addr()),
                IpAddr::V4(ip.destination_addr()),
                ip.ttl(),
                ip_at + hlen,
                ip_at + total,
                (tos, ip.dont_fragment(), ip.identification(), 0u32),
            )
        }
        EtherType::IPV6 => {
            let ip = Ipv6HeaderSlice::from_slice(&frame[at..]).map_err(|e| match e {
                etherparse::err::ipv6::HeaderSliceError::Len(l) => {
                    truncated(Layer::Ipv6, ip_at, l.required_len, frame)
                }
                etherparse::err::ipv6::HeaderSliceError::Content(c) => match c {
                    etherparse::err::ipv6::HeaderError::UnexpectedVersion { version_number } => {
                        Error::Invalid {
                            layer: Layer::Ipv6,
                            offset: ip_at,
                            field: "version",
                            expected: "6",
                            found: u32::from(version_number),
                        }
                    }
                },
            })?;
            let plen = usize::from(ip.payload_length());
            if frame.len() - ip_at - IPV6_LEN < plen {
                return Err(truncated(Layer::Ipv6, ip_at, IPV6_LEN + plen, frame));
            }
            if ip.next_header() != IpNumber::UDP {
                return Err(Error::Invalid {
                    layer: Layer::Ipv6,
                    offset: ip_at + 6,
                    field: "nextHeader",
                    expected: "UDP (17) with no extension headers",
                    found: u32::from(ip.next_header().0),
                });
            }
            (
                IpAddr::V6(ip.source_addr()),
                IpAddr::V6(ip.destination_addr()),
                ip.hop_limit(),
                ip_at + IPV6_LEN,
                ip_at + IPV6_LEN + plen,
                (ip.traffic_class(), false, 0u16, ip.flow_label().value()),
            )
        }
        other => {
            return Err(Error::Invalid {
                layer: if vlan.is_some() {
                    Layer::Vlan
                } else {
                    Layer::Ethernet
                },
                offset: at - 2,
                field: "etherType",
                expected: "IPv4 (0x0800), IPv6 (0x86DD) or one 802.1Q tag",
                found: u32::from(other.0),
            });
        }
    };

    let ip_payload = &frame[udp_at..ip_end];
    let udp = UdpHeaderSlice::from_slice(ip_payload)
        .map_err(|_| truncated(Layer::Udp, udp_at, UDP_LEN, &frame[..ip_end]))?;
    let ulen = usize::from(udp.length());
    if ulen < UDP_LEN || ulen > ip_payload.len() {
        return Err(Error::Invalid {
            layer: Layer::Udp,
            offset: udp_at + 4,
            field: "length",
            expected: "between 8 and the IP payload length",
            found: ulen as u32,
        });
    }
    let dst_port = udp.destination_port();
    let format = config.format_for_port(dst_port).ok_or(Error::Invalid {
        layer: Layer::Udp,
        offset: udp_at + 2,
        field: "dstPort",
        expected: "a configured VXLAN port",
        found: u32::from(dst_port),
    })?;
    let udp_payload = &ip_payload[UDP_LEN..ulen];
    let found = udp.checksum();
    if found == 0 {
        if matches!(src_ip, IpAddr::V6(_)) && !config.accept_ipv6_zero_checksum {
            return Err(Error::Invalid {
                layer: Layer::Udp,
                offset: udp_at + 6,
                field: "checksum",
                expected: "non-zero over IPv6 (zero-checksum mode is off)",
                found: 0,
            });
        }
    } else if config.verify_udp_checksum {
        let hdr = udp.to_header();
        let computed = match (src_ip, dst_ip) {
            (IpAddr::V4(s), IpAddr::V4(d)) => {
                udp_checksum_v4(s.octets(), d.octets(), &hdr, udp_payload)
            }
            (IpAddr::V6(s), IpAddr::V6(d)) => {
                udp_checksum_v6(s.octets(), d.octets(), &hdr, udp_payload)
            }
            _ => unreachable_pair(),
        };
        if computed != found {
            return Err(Error::Checksum {
                layer: Layer::Udp,
                offset: udp_at + 6,
                found,
                computed,
            });
        }
    }

    let vx_at = udp_at + UDP_LEN;
    let vx = Packet::new_checked(udp_payload).map_err(|e| e.shifted(vx_at))?;
    let header = Header::parse(&vx, format).map_err(|e| e.shifted(vx_at))?;
    if !header.vni_valid {
        return Err(Error::Invalid {
            layer: Layer::Vxlan,
            offset: vx_at,
            field: "flags",
            expected: "the I flag set (RFC 7348 §5)",
            found: u32::from(vx.flags()),
        });
    }
    let inner_offset = vx_at + HEADER_LEN;
    let inner = &udp_payload[HEADER_LEN..];
    if carries_ethernet(&header) && inner.len() < ETH_LEN {
        return Err(Error::Truncated {
            layer: Layer::Inner,
            offset: inner_offset,
            needed: ETH_LEN,
            available: inner.len(),
        });
    }
    Ok(Decapsulated {
        outer_dst_mac: eth.destination(),
        outer_src_mac: eth.source(),
        vlan,
        src_ip,
        dst_ip,
        ttl,
        tos: ip_extra.0,
        dont_fragment: ip_extra.1,
        identification: ip_extra.2,
        flow_label: ip_extra.3,
        src_port: udp.source_port(),
        dst_port,
        udp_checksum: found,
        header,
        inner,
        inner_offset,
    })
}

// Both addresses come from the same IP header, so they are always the same family.
#[cold]
fn unreachable_pair() -> u16 {
    0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::header::{Gpe, GroupPolicy, Vni};

    /// Frame 1 of linux-vxlan-4789.pcap: the kernel's vxlan device (VNI 4242, port
    /// 4789) carrying an MLDv2 report from 10.77.0.1 to 10.77.0.2.
    pub(crate) const LINUX_FRAME: &[u8] = &[
        0xa6, 0x23, 0x59, 0x56, 0xd1, 0x1e, 0x8e, 0x2a, 0x0f, 0x60, 0x4e, 0xd7, 0x08, 0x00, 0x45,
        0x00, 0x00, 0x7e, 0xd9, 0xd5, 0x00, 0x00, 0x40, 0x11, 0x8b, 0xfd, 0x0a, 0x4d, 0x00, 0x01,
        0x0a, 0x4d, 0x00, 0x02, 0x8c, 0xf6, 0x12, 0xb5, 0x00, 0x6a, 0x15, 0x18, 0x08, 0x00, 0x00,
        0x00, 0x00, 0x10, 0x92, 0x00, 0x33, 0x33, 0x00, 0x00, 0x00, 0x16, 0x76, 0xba, 0x03, 0x18,
        0x88, 0x5c, 0x86, 0xdd, 0x60, 0x00, 0x00, 0x00, 0x00, 0x24, 0x00, 0x01, 0xfe, 0x80, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x74, 0xba, 0x03, 0xff, 0xfe, 0x18, 0x88, 0x5c, 0xff, 0x02,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x16, 0x3a,
        0x00, 0x05, 0x02, 0x00, 0x00, 0x01, 0x00, 0x8f, 0x00, 0xe9, 0x65, 0x00, 0x00, 0x00, 0x01,
        0x04, 0x00, 0x00, 0x00, 0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x01, 0xff, 0x18, 0x88, 0x5c,
    ];

    #[test]
    fn decapsulate_linux_frame() {
        let d = decapsulate(LINUX_FRAME, &DecapConfig::default()).unwrap();
        assert_eq!(d.header.vni.get(), 4242);
        assert_eq!(d.src_ip, IpAddr::V4(Ipv4Addr::new(10, 77, 0, 1)));
        assert_eq!(d.dst_ip, IpAddr::V4(Ipv4Addr::new(10, 77, 0, 2)));
        assert_eq!(d.src_port, 36086);
        assert_eq!(d.dst_port, 4789);
        assert_eq!(d.inner_offset, 50);
        assert_eq!(d.inner.len(), 90);
        assert_eq!(&d.inner[..6], &[0x33, 0x33, 0, 0, 0, 0x16]);
    }

    #[test]
    fn reencapsulate_linux_frame_byte_exact_but_udp_checksum() {
        let d = decapsulate(LINUX_FRAME, &DecapConfig::default()).unwrap();
        let mut e = Encapsulation::new(
            d.outer_src_mac,
            d.outer_dst_mac,
            OuterIp::from_pair(d.src_ip, d.dst_ip).unwrap(),
            d.header,
        );
        e.identification = 0xd9d5;
        e.src_port = SourcePort::Fixed(d.src_port);
        let mut out = [0u8; 256];
        let n = e.encapsulate(d.inner, &mut out).unwrap();
        assert_eq!(n, LINUX_FRAME.len());
        // The kernel left a partial (offloaded) UDP checksum; we send zero as RFC 7348
        // recommends. Everything else is the same.
        assert_eq!(&out[..40], &LINUX_FRAME[..40]);
        assert_eq!(&out[40..42], &[0, 0]);
        assert_eq!(&out[42..n], &LINUX_FRAME[42..]);
    }

    fn sample(ip: OuterIp, header: Header) -> Encapsulation {
        Encapsulation::new([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2], ip, header)
    }

    const INNER: &[u8] = &[
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0, 9, 0x08, 0x06, 1, 2, 3, 4,
    ];

    #[test]
    fn round_trip_v6_with_checksum_and_vlan() {
        let mut e = sample(
            OuterIp::V6 {
                src: "fd00::1".parse().unwrap(),
                dst: "fd00::2".parse().unwrap(),
            },
            Header::with_gbp(
                Vni::new(99).unwrap(),
                GroupPolicy {
                    dont_learn: true,
                    policy_applied: false,
                    group_policy_id: 7,
                },
            ),
        );
        e.vlan = Some(VlanTag {
            pcp: 5,
            dei: false,
            vid: 100,
        });
        let mut out = [0u8; 200];
        let n = e.encapsulate(INNER, &mut out).unwrap();
        assert_eq!(n, 14 + 4 + 40 + 8 + 8 + INNER.len());
        let cfg = DecapConfig {
            verify_udp_checksum: true,
            ..DecapConfig::default()
        };
        let d = decapsulate(&out[..n], &cfg).unwrap();
        assert_eq!(d.header, e.header);
        assert_eq!(d.inner, INNER);
        assert_eq!(d.vlan, e.vlan);
        assert_ne!(d.udp_checksum, 0);
        assert!((SOURCE_PORT_MIN..=SOURCE_PORT_MAX).contains(&d.src_port));

        // A flipped payload bit is caught by the checksum.
        out[n - 1] ^= 1;
        assert!(matches!(
            decapsulate(&out[..n], &cfg),
            Err(Error::Checksum {
                layer: Layer::Udp,
                ..
            })
        ));
    }

    #[test]
    fn ipv6_zero_checksum_mode() {
        let mut e = sample(
            OuterIp::V6 {
                src: "fd00::1".parse().unwrap(),
                dst: "fd00::2".parse().unwrap(),
            },
            Header::new(Vni::new(1).unwrap()),
        );
        e.udp_checksum = UdpChecksum::Zero;
        let mut out = [0u8; 200];
        let n = e.encapsulate(INNER, &mut out).unwrap();
        assert!(matches!(
            decapsulate(&out[..n], &DecapConfig::default()),
            Err(Error::Invalid {
                field: "checksum",
                ..
            })
        ));
        let cfg = DecapConfig {
            accept_ipv6_zero_checksum: true,
            ..DecapConfig::default()
        };
        assert_eq!(decapsulate(&out[..n], &cfg).unwrap().inner, INNER);
    }

    #[test]
    fn gpe_round_trip_on_4790() {
        let e = sample(
            OuterIp::V4 {
                src: Ipv4Addr::new(10, 0, 0, 1),
                dst: Ipv4Addr::new(10, 0, 0, 2),
            },
            Header::with_gpe(
                Vni::new(5).unwrap(),
                Gpe {
                    next_protocol: Some(NextProtocol::Ipv4),
                    ..Gpe::default()
                },
            ),
        );
        assert_eq!(e.dst_port, 4790);
        let mut out = [0u8; 200];
        // An IPv4 payload may be shorter than an Ethernet header.
        let n = e.encapsulate(&[0x45, 0, 0, 4], &mut out).unwrap();
        let d = decapsulate(&out[..n], &DecapConfig::default()).unwrap();
        assert_eq!(d.header, e.header);
        assert_eq!(d.inner, &[0x45, 0, 0, 4]);
    }

    #[test]
    fn fast_and_general_paths_agree() {
        let cfg = DecapConfig::default();
        assert!(fast_checks(LINUX_FRAME, &cfg).is_some(), "the common case");
        let fast = decapsulate(LINUX_FRAME, &cfg).unwrap();
        assert_eq!(Ok(fast), decapsulate_general(LINUX_FRAME, &cfg));
        assert_eq!(fast.identification, 0xd9d5);
        assert!(!fast.dont_fragment);
        // Anything the fast path declines goes the general way with the same answer.
        let mut f = LINUX_FRAME.to_vec();
        for i in 0..60 {
            for bit in [0x01u8, 0x80] {
                f[i] ^= bit;
                if fast_checks(&f, &cfg).is_some() {
                    assert_eq!(
                        decapsulate(&f, &cfg),
                        decapsulate_general(&f, &cfg),
                        "byte {i}"
                    );
                }
                f[i] ^= bit;
            }
        }
    }

    #[test]
    fn every_truncation_is_an_error_not_a_panic() {
        for n in 0..LINUX_FRAME.len() {
            let r = decapsulate(&LINUX_FRAME[..n], &DecapConfig::default());
            assert!(r.is_err(), "prefix of {n} bytes accepted");
        }
    }

    #[test]
    fn outer_layer_errors_carry_offsets() {
        let cfg = DecapConfig::default();
        let mut f = LINUX_FRAME.to_vec();
        f[24] ^= 0xFF; // IPv4 header checksum
        assert_eq!(
            decapsulate(&f, &cfg).unwrap_err(),
            Error::Checksum {
                layer: Layer::Ipv4,
                offset: 24,
                found: 0x74fd,
                computed: 0x8bfd
            }
        );
        let mut f = LINUX_FRAME.to_vec();
        f[36..38].copy_from_slice(&53u16.to_be_bytes());
        assert!(matches!(
            decapsulate(&f, &cfg),
            Err(Error::Invalid {
                field: "dstPort",
                offset: 36,
                ..
            })
        ));
        let mut f = LINUX_FRAME.to_vec();
        f[42] = 0; // I flag cleared
        assert!(matches!(
            decapsulate(&f, &cfg),
            Err(Error::Invalid {
                layer: Layer::Vxlan,
                offset: 42,
                ..
            })
        ));
        let mut f = LINUX_FRAME.to_vec();
        f[12] = 0x88;
        f[13] = 0xF7;
        assert!(matches!(
            decapsulate(&f, &cfg),
            Err(Error::Invalid {
                field: "etherType",
                offset: 12,
                ..
            })
        ));
        // Ethernet padding after the IP datagram is allowed.
        let mut f = LINUX_FRAME.to_vec();
        f.extend_from_slice(&[0; 6]);
        assert_eq!(decapsulate(&f, &cfg).unwrap().inner.len(), 90);
    }

    #[test]
    fn encapsulate_errors() {
        let e = sample(
            OuterIp::V4 {
                src: Ipv4Addr::new(10, 0, 0, 1),
                dst: Ipv4Addr::new(10, 0, 0, 2),
            },
            Header::new(Vni::new(5).unwrap()),
        );
        let mut small = [0u8; 60];
        assert_eq!(
            e.encapsulate(INNER, &mut small),
            Err(Error::BufferTooSmall {
                needed: 68,
                available: 60
            })
        );
        assert!(matches!(
            e.encapsulate(&INNER[..10], &mut [0u8; 100]),
            Err(Error::Truncated {
                layer: Layer::Inner,
                ..
            })
        ));
    }

    #[test]
    fn flow_hash_is_stable_per_flow() {
        let a = source_port(LINUX_FRAME);
        assert_eq!(a, source_port(LINUX_FRAME));
        assert!(a >= SOURCE_PORT_MIN);
        // Different inner ports give (almost always) a different source port.
        let mut f = LINUX_FRAME.to_vec();
        f[40] ^= 0x55;
        let _ = source_port(&f);
    }
}
