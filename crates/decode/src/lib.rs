//! Layer-by-layer packet decoding into the mediafabric JSON layer model.
//!
//! One function, [`decode`], turns a captured frame into a list of layers, each a JSON
//! object with a `"proto"` name and the standard's own field names in lowerCamelCase.
//! The `mediafabric decode` command and the Python package's `mediafabric.decode()`
//! both print exactly this model, so a script and a person see the same thing.
//!
//! Decoding never panics. A layer that cannot be read ends the list and is reported as
//! a [`DecodeError`] with the layer, the byte offset in the frame and the reason; the
//! layers before it are kept.
//!
//! The protocol work is done by the protocol crates (`mediafabric-vxlan`,
//! `mediafabric-ptp`) and
//! etherparse; this crate only walks the layers and names the fields.
//!
//! | proto | fields |
//! |---|---|
//! | `eth` | `destination`, `source`, `etherType` |
//! | `sll` | `packetType`, `arphrdType`, `addressLength`, `address`, `protocol` |
//! | `sll2` | `protocol`, `interfaceIndex`, `arphrdType`, `packetType`, `addressLength`, `address` |
//! | `vlan` | `pcp`, `dei`, `vid`, `etherType` |
//! | `arp` | `hardwareType`, `protocolType`, `operation`, `senderHardwareAddress`, `senderProtocolAddress`, `targetHardwareAddress`, `targetProtocolAddress` |
//! | `ipv4` | `version`, `ihl`, `dscp`, `ecn`, `totalLength`, `identification`, `dontFragment`, `moreFragments`, `fragmentOffset`, `ttl`, `protocol`, `headerChecksum`, `checksumValid`, `source`, `destination` |
//! | `ipv6` | `trafficClass`, `flowLabel`, `payloadLength`, `nextHeader`, `hopLimit`, `source`, `destination` |
//! | `ipv6ext` | `headerType`, `name`, `nextHeader`, `length` |
//! | `udp` | `sourcePort`, `destinationPort`, `length`, `checksum`, `checksumValid` |
//! | `tcp` | `sourcePort`, `destinationPort`, `sequenceNumber`, `acknowledgmentNumber`, `flags` |
//! | `icmp`, `icmpv6` | `type`, `code`, `checksum` |
//! | `igmp` | `type`, `typeName`, `version`, `maxRespCode`, `maxRespTime` (s), `checksum`, `checksumValid`, `groupAddress`; v3 queries `sFlag`, `qrv`, `qqic`, `qqi`, `sources`; v3 reports `numberOfGroupRecords`, `groupRecords` (`recordType`, `recordTypeName`, `auxDataLen`, `numberOfSources`, `multicastAddress`, `sources`) |
//! | `mld` (after `icmpv6`) | `type`, `typeName`, `version`, `checksum`, `checksumValid`, `maxRespCode`, `maxRespDelayMs`, `multicastAddress`; v2 queries `sFlag`, `qrv`, `qqic`, `qqi`, `sources`; v2 reports `numberOfRecords`, `groupRecords` |
//! | `vxlan` | `flags`, `vniValid`, `vni`, `gbp`, `gpe` (then the inner frame's layers) |
//! | `ptp` | `messageType` (name), `majorSdoId`, `minorSdoId`, `versionPTP`, `minorVersionPTP`, `messageLength`, `domainNumber`, `flagField` (booleans by flag name), `correctionField` (scaled ns), `messageTypeSpecific`, `sourcePortIdentity` (`clockIdentity`, `portNumber`), `sequenceId`, `controlField`, `logMessageInterval`, the body's fields (`originTimestamp` ..., Announce's `grandmaster*`, Management's `targetPortIdentity`, `actionField`), `tlvs` (`tlvType`, `lengthField`, and for MANAGEMENT `managementId` and `dataField`) |
//! | `payload` | `length` (bytes no decoder claimed) |
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use std::fmt::Write as _;
use std::net::{Ipv4Addr, Ipv6Addr};

use mediafabric_vxlan::{Extension, Format, Header, Packet as VxlanPacket};
use serde_json::{Map, Value, json};

mod igmp;
mod ptp;

/// How a capture frames its packets (the pcap LINKTYPE).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LinkType {
    /// LINKTYPE_ETHERNET (1).
    Ethernet,
    /// LINKTYPE_LINUX_SLL (113): Linux cooked capture v1 (`tcpdump -i any`, older).
    LinuxSll,
    /// LINKTYPE_LINUX_SLL2 (276): Linux cooked capture v2 (`tcpdump -i any`).
    LinuxSll2,
    /// LINKTYPE_RAW (101; also 228 LINKTYPE_IPV4 and 229 LINKTYPE_IPV6): a bare IPv4
    /// or IPv6 packet.
    RawIp,
}

impl LinkType {
    /// The link type for a pcap LINKTYPE number; `None` for one not supported.
    pub fn from_linktype(n: u32) -> Option<LinkType> {
        match n {
            1 => Some(LinkType::Ethernet),
            113 => Some(LinkType::LinuxSll),
            276 => Some(LinkType::LinuxSll2),
            101 | 12 | 14 | 228 | 229 => Some(LinkType::RawIp),
            _ => None,
        }
    }

    /// The pcap LINKTYPE number.
    pub fn linktype(self) -> u32 {
        match self {
            LinkType::Ethernet => 1,
            LinkType::LinuxSll => 113,
            LinkType::LinuxSll2 => 276,
            LinkType::RawIp => 101,
        }
    }
}

/// What the decoder treats as what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// UDP ports decoded as VXLAN (RFC 7348, GBP when the G flag is set).
    pub vxlan_ports: Vec<u16>,
    /// UDP ports decoded as VXLAN-GPE.
    pub gpe_ports: Vec<u16>,
    /// UDP ports decoded as RTP (RFC 3550), with the payload's encoding: RFC 4175
    /// (SMPTE ST 2110-20) payload headers are decoded for [`RtpEncoding::Raw`].
    pub rtp_ports: Vec<(u16, RtpEncoding)>,
}

/// The encoding of the RTP on a port (the `encoding name` of `a=rtpmap`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RtpEncoding {
    /// `raw`: uncompressed video, RFC 4175 / SMPTE ST 2110-20.
    Raw,
    /// Any other encoding: the RTP header is decoded, the payload left as bytes.
    Other(String),
}

impl RtpEncoding {
    /// Reads an encoding name (`raw` in any case is [`RtpEncoding::Raw`]).
    pub fn from_name(s: &str) -> RtpEncoding {
        if s.eq_ignore_ascii_case("raw") {
            RtpEncoding::Raw
        } else {
            RtpEncoding::Other(s.to_string())
        }
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            vxlan_ports: vec![
                mediafabric_vxlan::PORT,
                mediafabric_vxlan::LINUX_LEGACY_PORT,
            ],
            gpe_ports: vec![mediafabric_vxlan::GPE_PORT],
            rtp_ports: Vec::new(),
        }
    }
}

/// Why decoding stopped before the end of a frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// The layer that could not be read (its `proto` name).
    pub layer: &'static str,
    /// Byte offset of the problem in the frame.
    pub offset: usize,
    /// What was wrong, in words.
    pub reason: String,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} at offset {}: {}",
            self.layer, self.offset, self.reason
        )
    }
}

impl std::error::Error for DecodeError {}

impl DecodeError {
    /// The error as a JSON object `{"layer", "offset", "reason"}`.
    pub fn to_json(&self) -> Value {
        json!({"layer": self.layer, "offset": self.offset, "reason": self.reason})
    }
}

/// A decoded frame.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// The layers, outermost first; an encapsulated frame's layers follow its tunnel's.
    pub layers: Vec<Value>,
    /// Set when a layer could not be read.
    pub error: Option<DecodeError>,
}

impl Decoded {
    /// `{"layers": [...]}` plus `"error"` when there was one.
    pub fn to_json(&self) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("layers".into(), Value::Array(self.layers.clone()));
        if let Some(e) = &self.error {
            m.insert("error".into(), e.to_json());
        }
        m
    }

    /// One readable line: each layer's summary joined by " / ", then the error.
    pub fn summary(&self) -> String {
        let mut s = String::new();
        for (i, l) in self.layers.iter().enumerate() {
            if i > 0 {
                s.push_str(" / ");
            }
            s.push_str(&layer_summary(l));
        }
        if let Some(e) = &self.error {
            if !s.is_empty() {
                s.push(' ');
            }
            let _ = write!(s, "[error: {e}]");
        }
        s
    }
}

fn field<'a>(l: &'a Value, k: &str) -> &'a Value {
    l.get(k).unwrap_or(&Value::Null)
}

/// A short readable form of one layer.
pub fn layer_summary(l: &Value) -> String {
    let proto = field(l, "proto").as_str().unwrap_or("?");
    let f = |k: &str| match field(l, k) {
        Value::String(s) => s.clone(),
        v => v.to_string(),
    };
    match proto {
        "eth" => format!(
            "eth {} > {} type 0x{:04x}",
            f("source"),
            f("destination"),
            field(l, "etherType").as_u64().unwrap_or(0)
        ),
        "sll" | "sll2" => format!(
            "{proto} {} protocol 0x{:04x}",
            f("address"),
            field(l, "protocol").as_u64().unwrap_or(0)
        ),
        "vlan" => format!("vlan {} pcp {}", f("vid"), f("pcp")),
        "arp" => format!(
            "arp op {} {} > {}",
            f("operation"),
            f("senderProtocolAddress"),
            f("targetProtocolAddress")
        ),
        "ipv4" | "ipv6" => format!(
            "{proto} {} > {} {} {}",
            f("source"),
            f("destination"),
            if proto == "ipv4" { "proto" } else { "next" },
            if proto == "ipv4" {
                f("protocol")
            } else {
                f("nextHeader")
            }
        ),
        "ipv6ext" => format!("ipv6ext {}", f("name")),
        "udp" | "tcp" => format!("{proto} {} > {}", f("sourcePort"), f("destinationPort")),
        "icmp" | "icmpv6" => format!("{proto} type {} code {}", f("type"), f("code")),
        "vxlan" => {
            let mut s = format!("vxlan vni {}", f("vni"));
            if let Some(g) = field(l, "gbp").as_object() {
                let _ = write!(s, " gbp {}", g.get("groupPolicyId").unwrap_or(&Value::Null));
            }
            if let Some(g) = field(l, "gpe").as_object() {
                let np = g.get("nextProtocol").unwrap_or(&Value::Null);
                let _ = write!(s, " gpe next {}", np);
            }
            s
        }
        "rtp" => format!(
            "rtp pt {} seq {} ts {} ssrc 0x{:08x}{}",
            f("payloadType"),
            f("sequenceNumber"),
            f("timestamp"),
            field(l, "ssrc").as_u64().unwrap_or(0),
            if field(l, "marker").as_bool() == Some(true) {
                " M"
            } else {
                ""
            }
        ),
        "rfc4175" => {
            let mut s = format!("rfc4175 esn {}", f("extendedSequenceNumber"));
            for r in field(l, "rows").as_array().into_iter().flatten() {
                let g = |k: &str| r.get(k).map(Value::to_string).unwrap_or_default();
                let _ = write!(
                    s,
                    " row {}{} +{} {}B",
                    g("rowNumber"),
                    if r.get("field") == Some(&Value::Bool(true)) {
                        "f2"
                    } else {
                        ""
                    },
                    g("offset"),
                    g("length")
                );
            }
            s
        }
        "payload" => format!("payload {} bytes", f("length")),
        other => other.to_string(),
    }
}

/// Formats a MAC address as `aa:bb:cc:dd:ee:ff`.
pub fn mac_string(m: &[u8]) -> String {
    let mut s = String::with_capacity(m.len() * 3);
    for (i, b) in m.iter().enumerate() {
        if i > 0 {
            s.push(':');
        }
        let _ = write!(s, "{b:02x}");
    }
    s
}

enum Next {
    /// An Ethernet II frame starts here.
    Ethernet,
    /// The payload of an Ethernet-like header with this ethertype.
    EtherType(u16),
    Ipv4,
    Ipv6,
    /// An IP payload (after any extension headers) of this protocol; the bool says
    /// whether the carrier is IPv6, and the addresses feed checksums.
    Ip(u8, IpCtx),
    Vxlan(Format),
    Ptp,
    /// RTP; raw video (RFC 4175) when true.
    Rtp(bool),
    Payload,
}

#[derive(Clone, Copy)]
enum IpCtx {
    V4([u8; 4], [u8; 4]),
    V6([u8; 16], [u8; 16]),
}

struct Walker<'a> {
    frame: &'a [u8],
    /// Where the current layer starts.
    at: usize,
    /// Where the current datagram ends (trailing link padding is not decoded).
    end: usize,
    layers: Vec<Value>,
    opts: &'a Options,
    /// Set when a length field promised more bytes than the frame has (a capture cut
    /// short by its snapshot length): the layers present are still decoded, and this
    /// is reported at the end.
    cut: Option<DecodeError>,
}

type Step = Result<Next, DecodeError>;

fn err(layer: &'static str, offset: usize, reason: impl Into<String>) -> DecodeError {
    DecodeError {
        layer,
        offset,
        reason: reason.into(),
    }
}

impl<'a> Walker<'a> {
    fn cut_short(&mut self, layer: &'static str, reason: String) {
        if self.cut.is_none() {
            self.cut = Some(err(layer, self.frame.len(), reason));
        }
    }

    fn need(&self, layer: &'static str, n: usize) -> Result<&'a [u8], DecodeError> {
        let have = self.end.saturating_sub(self.at);
        if have < n {
            Err(err(
                layer,
                self.at,
                format!("truncated: need {n} bytes, have {have}"),
            ))
        } else {
            Ok(&self.frame[self.at..self.end])
        }
    }

    fn push(&mut self, proto: &str, mut m: Map<String, Value>) {
        let mut o = Map::with_capacity(m.len() + 1);
        o.insert("proto".into(), Value::String(proto.into()));
        o.append(&mut m);
        self.layers.push(Value::Object(o));
    }

    fn ethernet(&mut self) -> Step {
        let b = self.need("eth", 14)?;
        let ty = u16::from_be_bytes([b[12], b[13]]);
        let m = obj(json!({
            "destination": mac_string(&b[0..6]),
            "source": mac_string(&b[6..12]),
            "etherType": ty,
        }));
        self.push("eth", m);
        self.at += 14;
        Ok(Next::EtherType(ty))
    }

    fn sll(&mut self) -> Step {
        let b = self.need("sll", 16)?;
        let alen = u16::from_be_bytes([b[4], b[5]]);
        let proto = u16::from_be_bytes([b[14], b[15]]);
        let m = obj(json!({
            "packetType": u16::from_be_bytes([b[0], b[1]]),
            "arphrdType": u16::from_be_bytes([b[2], b[3]]),
            "addressLength": alen,
            "address": mac_string(&b[6..6 + usize::from(alen.min(8))]),
            "protocol": proto,
        }));
        self.push("sll", m);
        self.at += 16;
        Ok(sll_next(proto, u16::from_be_bytes([b[2], b[3]])))
    }

    fn sll2(&mut self) -> Step {
        let b = self.need("sll2", 20)?;
        let proto = u16::from_be_bytes([b[0], b[1]]);
        let arphrd = u16::from_be_bytes([b[8], b[9]]);
        let alen = b[11];
        let m = obj(json!({
            "protocol": proto,
            "interfaceIndex": u32::from_be_bytes([b[4], b[5], b[6], b[7]]),
            "arphrdType": arphrd,
            "packetType": b[10],
            "addressLength": alen,
            "address": mac_string(&b[12..12 + usize::from(alen.min(8))]),
        }));
        self.push("sll2", m);
        self.at += 20;
        Ok(sll_next(proto, arphrd))
    }

    fn ether_type(&mut self, ty: u16) -> Step {
        match ty {
            0x0800 => Ok(Next::Ipv4),
            0x86DD => Ok(Next::Ipv6),
            0x8100 | 0x88A8 | 0x9100 => {
                let b = self.need("vlan", 4)?;
                let tci = u16::from_be_bytes([b[0], b[1]]);
                let inner = u16::from_be_bytes([b[2], b[3]]);
                let m = obj(json!({
                    "pcp": tci >> 13,
                    "dei": tci & 0x1000 != 0,
                    "vid": tci & 0x0FFF,
                    "etherType": inner,
                }));
                self.push("vlan", m);
                self.at += 4;
                Ok(Next::EtherType(inner))
            }
            0x0806 => {
                self.arp()?;
                Ok(Next::Payload)
            }
            mediafabric_ptp::ETHERTYPE => Ok(Next::Ptp),
            _ => Ok(Next::Payload),
        }
    }

    fn arp(&mut self) -> Result<(), DecodeError> {
        let b = self.need("arp", 8)?;
        let (hlen, plen) = (usize::from(b[4]), usize::from(b[5]));
        let total = 8 + 2 * (hlen + plen);
        let b = self.need("arp", total)?;
        let addr = |s: &[u8], is_proto: bool| -> Value {
            if is_proto && s.len() == 4 {
                Value::String(Ipv4Addr::new(s[0], s[1], s[2], s[3]).to_string())
            } else {
                Value::String(mac_string(s))
            }
        };
        let p4 = u16::from_be_bytes([b[2], b[3]]) == 0x0800;
        let m = obj(json!({
            "hardwareType": u16::from_be_bytes([b[0], b[1]]),
            "protocolType": u16::from_be_bytes([b[2], b[3]]),
            "hardwareAddressLength": hlen,
            "protocolAddressLength": plen,
            "operation": u16::from_be_bytes([b[6], b[7]]),
            "senderHardwareAddress": addr(&b[8..8 + hlen], false),
            "senderProtocolAddress": addr(&b[8 + hlen..8 + hlen + plen], p4),
            "targetHardwareAddress": addr(&b[8 + hlen + plen..8 + 2 * hlen + plen], false),
            "targetProtocolAddress": addr(&b[8 + 2 * hlen + plen..total], p4),
        }));
        self.push("arp", m);
        self.at += total;
        Ok(())
    }

    fn ipv4(&mut self) -> Step {
        let b = self.need("ipv4", 20)?;
        let version = b[0] >> 4;
        if version != 4 {
            return Err(err(
                "ipv4",
                self.at,
                format!("version is {version}, expected 4"),
            ));
        }
        let ihl = usize::from(b[0] & 0x0F);
        if ihl < 5 {
            return Err(err(
                "ipv4",
                self.at,
                format!("ihl is {ihl}, expected at least 5"),
            ));
        }
        let hlen = ihl * 4;
        let b = self.need("ipv4", hlen)?;
        let total = usize::from(u16::from_be_bytes([b[2], b[3]]));
        if total < hlen {
            return Err(err(
                "ipv4",
                self.at + 2,
                format!("totalLength {total} is less than the header length {hlen}"),
            ));
        }
        let total = if total > b.len() {
            self.cut_short(
                "ipv4",
                format!("truncated: totalLength is {total}, have {}", b.len()),
            );
            b.len()
        } else {
            total
        };
        let valid = etherparse::checksum::Sum16BitWords::new()
            .add_slice(&b[..hlen])
            .ones_complement()
            == 0;
        let flags_frag = u16::from_be_bytes([b[6], b[7]]);
        let src = [b[12], b[13], b[14], b[15]];
        let dst = [b[16], b[17], b[18], b[19]];
        let proto = b[9];
        let frag_offset = flags_frag & 0x1FFF;
        let more = flags_frag & 0x2000 != 0;
        let m = obj(json!({
            "version": 4,
            "ihl": ihl,
            "dscp": b[1] >> 2,
            "ecn": b[1] & 3,
            "totalLength": total,
            "identification": u16::from_be_bytes([b[4], b[5]]),
            "dontFragment": flags_frag & 0x4000 != 0,
            "moreFragments": more,
            "fragmentOffset": frag_offset,
            "ttl": b[8],
            "protocol": proto,
            "headerChecksum": u16::from_be_bytes([b[10], b[11]]),
            "checksumValid": valid,
            "source": Ipv4Addr::from(src).to_string(),
            "destination": Ipv4Addr::from(dst).to_string(),
        }));
        self.push("ipv4", m);
        self.end = self.at + total;
        self.at += hlen;
        if frag_offset != 0 || more {
            // Only the first fragment has the transport header, and even it is
            // incomplete: leave the rest as payload.
            return Ok(Next::Payload);
        }
        Ok(Next::Ip(proto, IpCtx::V4(src, dst)))
    }

    fn ipv6(&mut self) -> Step {
        let b = self.need("ipv6", 40)?;
        let version = b[0] >> 4;
        if version != 6 {
            return Err(err(
                "ipv6",
                self.at,
                format!("version is {version}, expected 6"),
            ));
        }
        let plen = usize::from(u16::from_be_bytes([b[4], b[5]]));
        let plen = if 40 + plen > b.len() {
            self.cut_short(
                "ipv6",
                format!("truncated: payloadLength is {plen}, have {}", b.len() - 40),
            );
            b.len() - 40
        } else {
            plen
        };
        let mut src = [0u8; 16];
        src.copy_from_slice(&b[8..24]);
        let mut dst = [0u8; 16];
        dst.copy_from_slice(&b[24..40]);
        let mut nh = b[6];
        let m = obj(json!({
            "version": 6,
            "trafficClass": (b[0] & 0x0F) << 4 | b[1] >> 4,
            "flowLabel": u32::from_be_bytes([0, b[1] & 0x0F, b[2], b[3]]),
            "payloadLength": plen,
            "nextHeader": nh,
            "hopLimit": b[7],
            "source": Ipv6Addr::from(src).to_string(),
            "destination": Ipv6Addr::from(dst).to_string(),
        }));
        self.push("ipv6", m);
        self.end = self.at + 40 + plen;
        self.at += 40;
        // Extension headers (RFC 8200 §4).
        loop {
            let name = match nh {
                0 => "Hop-by-Hop Options",
                43 => "Routing",
                44 => "Fragment",
                51 => "Authentication",
                60 => "Destination Options",
                135 => "Mobility",
                139 => "HIP",
                140 => "Shim6",
                _ => break,
            };
            let b = self.need("ipv6ext", 8)?;
            let len = match nh {
                44 => 8,
                51 => (usize::from(b[1]) + 2) * 4,
                _ => (usize::from(b[1]) + 1) * 8,
            };
            let b = self.need("ipv6ext", len)?;
            let next = b[0];
            let fragmented = nh == 44 && (u16::from_be_bytes([b[2], b[3]]) & 0xFFF9) != 0;
            let m = obj(json!({
                "headerType": nh,
                "name": name,
                "nextHeader": next,
                "length": len,
            }));
            self.push("ipv6ext", m);
            self.at += len;
            nh = next;
            if fragmented {
                return Ok(Next::Payload);
            }
        }
        Ok(Next::Ip(nh, IpCtx::V6(src, dst)))
    }

    fn ip_payload(&mut self, proto: u8, ip: IpCtx) -> Step {
        match proto {
            17 => self.udp(ip),
            6 => {
                let b = self.need("tcp", 20)?;
                let m = obj(json!({
                    "sourcePort": u16::from_be_bytes([b[0], b[1]]),
                    "destinationPort": u16::from_be_bytes([b[2], b[3]]),
                    "sequenceNumber": u32::from_be_bytes([b[4], b[5], b[6], b[7]]),
                    "acknowledgmentNumber": u32::from_be_bytes([b[8], b[9], b[10], b[11]]),
                    "dataOffset": b[12] >> 4,
                    "flags": u16::from_be_bytes([b[12] & 0x01, b[13]]),
                }));
                let off = usize::from(b[12] >> 4) * 4;
                self.push("tcp", m);
                self.at += off.clamp(20, b.len());
                Ok(Next::Payload)
            }
            2 => {
                let b = self.need("igmp", 8)?;
                let m = igmp::igmp_fields(b)
                    .map_err(|e| err("igmp", self.at + e.offset().unwrap_or(0), e.to_string()))?;
                self.push("igmp", m);
                self.at = self.end;
                Ok(Next::Payload)
            }
            1 | 58 => {
                let name = if proto == 1 { "icmp" } else { "icmpv6" };
                let b = self.need(name, 4)?;
                let m = obj(json!({
                    "type": b[0],
                    "code": b[1],
                    "checksum": u16::from_be_bytes([b[2], b[3]]),
                }));
                self.push(name, m);
                if let (58, IpCtx::V6(s, d), 130..=132 | 143) = (proto, ip, b[0]) {
                    let (s, d) = (Ipv6Addr::from(s), Ipv6Addr::from(d));
                    let m = igmp::mld_fields(b, &s, &d).map_err(|e| {
                        err("mld", self.at + e.offset().unwrap_or(0), e.to_string())
                    })?;
                    self.push("mld", m);
                    self.at = self.end;
                    return Ok(Next::Payload);
                }
                self.at += 4;
                Ok(Next::Payload)
            }
            _ => Ok(Next::Payload),
        }
    }

    fn udp(&mut self, ip: IpCtx) -> Step {
        let b = self.need("udp", 8)?;
        let sport = u16::from_be_bytes([b[0], b[1]]);
        let dport = u16::from_be_bytes([b[2], b[3]]);
        let len = usize::from(u16::from_be_bytes([b[4], b[5]]));
        let cks = u16::from_be_bytes([b[6], b[7]]);
        let whole = len <= b.len();
        if !whole && self.cut.is_some() && self.end == self.frame.len() {
            // The capture was cut short inside this datagram: decode what is there.
        } else if len < 8 || !whole {
            return Err(err(
                "udp",
                self.at + 4,
                format!(
                    "length {len} is not between 8 and the {} bytes left",
                    b.len()
                ),
            ));
        }
        let datagram = &b[..len.min(b.len())];
        let valid = if !whole {
            Value::Null
        } else if cks == 0 {
            match ip {
                // Zero means "no checksum" over IPv4; over IPv6 it is invalid (RFC 8200).
                IpCtx::V4(..) => Value::Null,
                IpCtx::V6(..) => Value::Bool(false),
            }
        } else {
            let mut sum = etherparse::checksum::Sum16BitWords::new();
            let sum = match ip {
                IpCtx::V4(s, d) => sum.add_4bytes(s).add_4bytes(d),
                IpCtx::V6(s, d) => sum.add_16bytes(s).add_16bytes(d),
            };
            let sum = sum
                .add_2bytes([0, 17])
                .add_2bytes((len as u16).to_be_bytes())
                .add_slice(datagram);
            Value::Bool(sum.ones_complement() == 0)
        };
        let m = obj(json!({
            "sourcePort": sport,
            "destinationPort": dport,
            "length": len,
            "checksum": cks,
            "checksumValid": valid,
        }));
        self.push("udp", m);
        self.end = self.at + len.min(b.len());
        self.at += 8;
        let fmt = |p: u16| {
            if self.opts.vxlan_ports.contains(&p) {
                Some(Format::Vxlan)
            } else if self.opts.gpe_ports.contains(&p) {
                Some(Format::Gpe)
            } else {
                None
            }
        };
        match fmt(dport).or_else(|| fmt(sport)) {
            Some(f) => Ok(Next::Vxlan(f)),
            None if matches!(
                dport,
                mediafabric_ptp::EVENT_PORT | mediafabric_ptp::GENERAL_PORT
            ) =>
            {
                Ok(Next::Ptp)
            }
            None => {
                let rtp = |p: u16| self.opts.rtp_ports.iter().find(|(q, _)| *q == p);
                match rtp(dport).or_else(|| rtp(sport)) {
                    Some((_, e)) => Ok(Next::Rtp(*e == RtpEncoding::Raw)),
                    None => Ok(Next::Payload),
                }
            }
        }
    }

    fn vxlan(&mut self, format: Format) -> Step {
        let b = self.need("vxlan", mediafabric_vxlan::HEADER_LEN)?;
        let p = VxlanPacket::new_unchecked(b);
        let h = Header::parse(&p, format).map_err(|e| err("vxlan", self.at, e.to_string()))?;
        self.push("vxlan", vxlan_fields(&p, &h));
        self.at += mediafabric_vxlan::HEADER_LEN;
        Ok(match h.extension {
            Extension::Gpe(g) => match g.next_protocol {
                Some(mediafabric_vxlan::NextProtocol::Ipv4) => Next::Ipv4,
                Some(mediafabric_vxlan::NextProtocol::Ipv6) => Next::Ipv6,
                Some(mediafabric_vxlan::NextProtocol::Ethernet) | None => Next::Ethernet,
                Some(_) => Next::Payload,
            },
            _ => Next::Ethernet,
        })
    }
}

impl Walker<'_> {
    /// RTP (RFC 3550 §5.1) and, for raw video, the RFC 4175 payload header.
    fn rtp(&mut self, raw: bool) -> Step {
        use mediafabric_st2110::rfc4175::Payload;
        use mediafabric_st2110::rtp::Packet;
        let b = &self.frame[self.at..self.end];
        let shift = |at: usize, e: mediafabric_st2110::Error| {
            err(
                e.layer().map_or("rtp", |l| l.name()),
                at + e.offset().unwrap_or(0),
                e.to_string(),
            )
        };
        let p = Packet::new_checked(b).map_err(|e| shift(self.at, e))?;
        let mut m = obj(json!({
            "version": p.version(),
            "padding": p.padding(),
            "extension": p.extension(),
            "csrcCount": p.csrc_count(),
            "marker": p.marker(),
            "payloadType": p.payload_type(),
            "sequenceNumber": p.sequence_number(),
            "timestamp": p.timestamp(),
            "ssrc": p.ssrc(),
        }));
        if p.csrc_count() > 0 {
            m.insert("csrcs".into(), p.csrcs().collect::<Vec<u32>>().into());
        }
        if let Some(x) = p.header_extension() {
            m.insert(
                "headerExtension".into(),
                json!({"profile": x.profile, "length": x.data.len() / 4}),
            );
        }
        if p.padding() {
            m.insert("paddingLength".into(), p.padding_len().into());
        }
        let range = p.payload_range();
        self.push("rtp", m);
        let start = self.at;
        self.end = start + range.end;
        self.at = start + range.start;
        if raw {
            let payload = &self.frame[self.at..self.end];
            let v = Payload::parse(payload).map_err(|e| shift(self.at, e))?;
            let rows: Vec<Value> = v
                .rows()
                .enumerate()
                .map(|(i, r)| {
                    json!({
                        "length": r.header.length,
                        "field": r.header.field,
                        "rowNumber": r.header.row_number,
                        "offset": r.header.offset,
                        "continuation": i + 1 < v.row_count(),
                    })
                })
                .collect();
            self.push(
                "rfc4175",
                obj(json!({
                    "extendedSequenceNumber": v.extended_sequence_number(),
                    "sequenceNumber32": v.sequence_number(p.sequence_number()),
                    "rows": rows,
                })),
            );
            self.at += v.header_len();
        }
        Ok(Next::Payload)
    }

    fn ptp(&mut self) -> Step {
        let b = &self.frame[self.at..self.end];
        let m = mediafabric_ptp::wire::Message::parse(b)
            .map_err(|e| err("ptp", self.at + e.offset().unwrap_or(0), e.to_string()))?;
        let len = m.buffer_len();
        self.push("ptp", ptp::message_fields(&m, self.at));
        self.at += len;
        Ok(Next::Payload)
    }
}

/// The JSON fields of a VXLAN header (without `proto`).
pub fn vxlan_fields<T: AsRef<[u8]>>(p: &VxlanPacket<T>, h: &Header) -> Map<String, Value> {
    let gbp = match h.extension {
        Extension::Gbp(g) => json!({
            "dontLearn": g.dont_learn,
            "policyApplied": g.policy_applied,
            "groupPolicyId": g.group_policy_id,
        }),
        _ => Value::Null,
    };
    let gpe = match h.extension {
        Extension::Gpe(g) => json!({
            "version": g.version,
            "oam": g.oam,
            "bum": g.bum,
            "nextProtocol": g.next_protocol.map(u8::from),
            "nextProtocolName": g.next_protocol.and_then(|n| n.name()),
        }),
        _ => Value::Null,
    };
    obj(json!({
        "flags": p.flags16(),
        "vniValid": h.vni_valid,
        "vni": h.vni.get(),
        "gbp": gbp,
        "gpe": gpe,
    }))
}

fn sll_next(proto: u16, arphrd: u16) -> Next {
    match arphrd {
        // ARPHRD_ETHER, ARPHRD_LOOPBACK, ARPHRD_NONE...: protocol is an ethertype.
        _ if proto >= 0x0600 => Next::EtherType(proto),
        // Protocol 0x0004 and friends: the payload is not IP.
        _ => Next::Payload,
    }
}

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// Decodes one frame of the given link type.
pub fn decode(frame: &[u8], link: LinkType, opts: &Options) -> Decoded {
    let mut w = Walker {
        frame,
        at: 0,
        end: frame.len(),
        layers: Vec::with_capacity(8),
        opts,
        cut: None,
    };
    let mut next = match link {
        LinkType::Ethernet => Next::Ethernet,
        LinkType::LinuxSll => match w.sll() {
            Ok(n) => n,
            Err(e) => return done(w, Some(e)),
        },
        LinkType::LinuxSll2 => match w.sll2() {
            Ok(n) => n,
            Err(e) => return done(w, Some(e)),
        },
        LinkType::RawIp => match frame.first().map(|b| b >> 4) {
            Some(6) => Next::Ipv6,
            _ => Next::Ipv4,
        },
    };
    // Every step consumes at least one byte or ends, so this terminates; the bound is a
    // second guard against pathological nesting.
    for _ in 0..256 {
        let step = match next {
            Next::Ethernet => w.ethernet(),
            Next::EtherType(t) => w.ether_type(t),
            Next::Ipv4 => w.ipv4(),
            Next::Ipv6 => w.ipv6(),
            Next::Ip(p, ip) => w.ip_payload(p, ip),
            Next::Vxlan(f) => w.vxlan(f),
            Next::Ptp => w.ptp(),
            Next::Rtp(raw) => w.rtp(raw),
            Next::Payload => {
                let rest = w.end.saturating_sub(w.at);
                if rest > 0 {
                    w.push("payload", obj(json!({"length": rest})));
                }
                return done(w, None);
            }
        };
        match step {
            Ok(n) => next = n,
            Err(e) => return done(w, Some(e)),
        }
    }
    let at = w.at;
    done(w, Some(err("payload", at, "too many nested layers")))
}

fn done(w: Walker<'_>, error: Option<DecodeError>) -> Decoded {
    Decoded {
        layers: w.layers,
        error: error.or(w.cut),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Frame 1 of captures/vxlan/linux-vxlan-4789.pcap (kernel vxlan, VNI 4242) with an
    /// MLDv2 report inside.
    const LINUX_VXLAN: &[u8] = &[
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

    fn protos(d: &Decoded) -> Vec<&str> {
        d.layers
            .iter()
            .map(|l| l["proto"].as_str().unwrap())
            .collect()
    }

    #[test]
    fn linux_vxlan_frame() {
        let d = decode(LINUX_VXLAN, LinkType::Ethernet, &Options::default());
        assert_eq!(d.error, None);
        assert_eq!(
            protos(&d),
            [
                "eth", "ipv4", "udp", "vxlan", "eth", "ipv6", "ipv6ext", "icmpv6", "mld"
            ]
        );
        let vx = &d.layers[3];
        assert_eq!(vx["vni"], 4242);
        assert_eq!(vx["flags"], 0x0800);
        assert_eq!(vx["gbp"], Value::Null);
        assert_eq!(d.layers[1]["checksumValid"], true);
        assert_eq!(d.layers[1]["source"], "10.77.0.1");
        // The capture was taken before checksum offload: the outer UDP sum is partial.
        assert_eq!(d.layers[2]["checksumValid"], false);
        assert_eq!(d.layers[4]["destination"], "33:33:00:00:00:16");
        assert_eq!(d.layers[7]["type"], 143);
        assert_eq!(
            d.layers[8]["groupRecords"][0]["recordTypeName"],
            "CHANGE_TO_EXCLUDE_MODE"
        );
        assert_eq!(d.layers[8]["checksumValid"], true);
        assert!(d.summary().contains("vxlan vni 4242"));
    }

    #[test]
    fn truncations_give_errors_with_offsets() {
        for n in 0..LINUX_VXLAN.len() {
            let d = decode(&LINUX_VXLAN[..n], LinkType::Ethernet, &Options::default());
            let e = d.error.expect("truncated frame decoded without error");
            assert!(e.offset <= n, "offset {} beyond {n}", e.offset);
        }
    }

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn ptp_on_all_three_transports() {
        // An Announce over UDP/IPv4 (captures/ptp/ptp4l-udp4-e2e-domain127.pcap).
        let f = unhex(
            "01005e0001818e2a0f604ed708004500005c3057400001115d6b0a4d0001e0000181014001400048ec280b0200407f0000000000000000000000000000008e2a0ffffe604ed70001000005fe0000000000000000000000250064f8feffff808e2a0ffffe604ed70000a0",
        );
        let d = decode(&f, LinkType::Ethernet, &Options::default());
        assert_eq!(d.error, None);
        assert_eq!(protos(&d), ["eth", "ipv4", "udp", "ptp"]);
        let p = &d.layers[3];
        assert_eq!(p["messageType"], "Announce");
        assert_eq!(p["domainNumber"], 127);
        assert_eq!(p["grandmasterPriority1"], 100);
        assert_eq!(p["grandmasterClockQuality"]["clockClass"], 248);
        assert_eq!(
            p["sourcePortIdentity"]["clockIdentity"],
            "8e:2a:0f:ff:fe:60:4e:d7"
        );
        assert_eq!(p["logMessageInterval"], -2);
        assert_eq!(p["flagField"]["twoStepFlag"], false);
        // A Pdelay_Resp over Layer 2 (ptp4l-l2-p2p.pcap).
        let f = unhex(
            "0180c200000ea6235956d11e88f70302003600000200000000000000000000000000a62359fffe56d11e00010000057f00006b0452593041c9cd8e2a0ffffe604ed70001",
        );
        let d = decode(&f, LinkType::Ethernet, &Options::default());
        assert_eq!(d.error, None);
        assert_eq!(protos(&d), ["eth", "ptp"]);
        assert_eq!(d.layers[1]["messageType"], "Pdelay_Resp");
        assert_eq!(d.layers[1]["flagField"]["twoStepFlag"], true);
        assert_eq!(
            d.layers[1]["requestReceiptTimestamp"]["secondsField"],
            0x6b045259_u64
        );
        // A Delay_Resp over UDP/IPv6 (ptp4l-udp6-e2e.pcap); ptp4l pads it by 2 bytes.
        let f = unhex(
            "3333000001818e2a0f604ed786dd600f64ec00401101fd000000000000000000000000000001ff0e0000000000000000000000000181014001400040fde209020036000000000000000000000000000000008e2a0ffffe604ed70001000003fd00006b04524d0b61c52ba62359fffe56d11e00010000",
        );
        let d = decode(&f, LinkType::Ethernet, &Options::default());
        assert_eq!(d.error, None);
        assert_eq!(protos(&d), ["eth", "ipv6", "udp", "ptp", "payload"]);
        assert_eq!(d.layers[3]["messageType"], "Delay_Resp");
        assert_eq!(
            d.layers[3]["requestingPortIdentity"]["clockIdentity"],
            "a6:23:59:ff:fe:56:d1:1e"
        );
    }

    #[test]
    fn snapshot_cut_frames_decode_what_is_there() {
        // Cut inside the outer headers' promise: the outer layers and the VXLAN header
        // are there, the cut is reported.
        let d = decode(&LINUX_VXLAN[..54], LinkType::Ethernet, &Options::default());
        assert_eq!(protos(&d), ["eth", "ipv4", "udp", "vxlan"]);
        assert_eq!(d.layers[3]["vni"], 4242);
        assert_eq!(d.layers[2]["checksumValid"], Value::Null);
        let e = d.error.expect("the cut is reported");
        assert_eq!(e.layer, "eth");
        assert_eq!(e.offset, 50);
        let d = decode(&LINUX_VXLAN[..120], LinkType::Ethernet, &Options::default());
        assert_eq!(
            protos(&d),
            [
                "eth", "ipv4", "udp", "vxlan", "eth", "ipv6", "ipv6ext", "icmpv6"
            ]
        );
        // The inner MLD report itself is cut: that is the error reported.
        let e = d.error.expect("the cut is reported");
        assert_eq!(e.layer, "mld");
        // A UDP length beyond a complete IP datagram is still an error.
        let mut f = LINUX_VXLAN.to_vec();
        f[38] = 0x10;
        let d = decode(&f, LinkType::Ethernet, &Options::default());
        assert_eq!(d.error.unwrap().layer, "udp");
    }

    #[test]
    fn ptp_management_response_is_typed() {
        // ptp4l's RESPONSE to pmc's GET DEFAULT_DATA_SET (ptp4l-pmc-management.pcap).
        let f = unhex(
            "01005e0001818e2a0f604ed708004500006639504000011154680a4d0001e0000181014001400052ec320d02004a000000000000000000000000000000008e2a0ffffe604ed700010000047fa62359fffe56d11e0001010102000001001620000100000164f8feffff808e2a0ffffe604ed70000",
        );
        let d = decode(&f, LinkType::Ethernet, &Options::default());
        assert_eq!(d.error, None);
        let p = &d.layers[3];
        assert_eq!(p["messageType"], "Management");
        assert_eq!(p["actionField"], "RESPONSE");
        let t = &p["tlvs"][0];
        assert_eq!(t["tlvType"], "MANAGEMENT");
        assert_eq!(t["lengthField"], 22);
        assert_eq!(t["managementId"], "DEFAULT_DATA_SET");
        assert_eq!(t["priority1"], 100);
        assert_eq!(t["twoStepFlag"], true);
        assert_eq!(t["clockQuality"]["clockClass"], 248);
        assert_eq!(t["clockIdentity"], "8e:2a:0f:ff:fe:60:4e:d7");
    }

    #[test]
    fn igmp_and_mld_reports_from_the_kernel() {
        // captures/igmp/linux-igmpv3-host.pcap, packet 7: ALLOW + BLOCK.
        let f = unhex(
            "01005e000016a6235956d11e080046c00038000040000102f99a0a4d0002e0000016940400002200e4de0000000205000001e80505050a01000306000001e80505050a010002",
        );
        let d = decode(&f, LinkType::Ethernet, &Options::default());
        assert_eq!(d.error, None);
        assert_eq!(protos(&d), ["eth", "ipv4", "igmp"]);
        let g = &d.layers[2];
        assert_eq!(g["type"], 0x22);
        assert_eq!(g["version"], 3);
        assert_eq!(g["checksumValid"], true);
        assert_eq!(g["groupRecords"][0]["recordTypeName"], "ALLOW_NEW_SOURCES");
        assert_eq!(g["groupRecords"][1]["recordType"], 6);
        assert_eq!(g["groupRecords"][1]["sources"][0], "10.1.0.2");
        // captures/igmp/linux-mldv2-host.pcap, packet 2: two TO_EX records.
        let f = unhex(
            "333300000016a6235956d11e86dd6000000000380001fe80000000000000a42359fffe56d11eff0200000000000000000000000000163a000502000001008f000cd60000000204000000ff15000000000000000000000000123404000000ff3e0000000000000000000080000001",
        );
        let d = decode(&f, LinkType::Ethernet, &Options::default());
        assert_eq!(d.error, None);
        assert_eq!(protos(&d), ["eth", "ipv6", "ipv6ext", "icmpv6", "mld"]);
        let m = &d.layers[4];
        assert_eq!(m["version"], 2);
        assert_eq!(m["checksumValid"], true);
        assert_eq!(m["groupRecords"][1]["multicastAddress"], "ff3e::8000:1");
    }

    #[test]
    fn sll2_wrapping() {
        let mut f = vec![0x08, 0x00, 0, 0, 0, 0, 0, 3, 0, 1, 0, 6];
        f.extend_from_slice(&[0x8e, 0x2a, 0x0f, 0x60, 0x4e, 0xd7, 0, 0]);
        f.extend_from_slice(&LINUX_VXLAN[14..]);
        let d = decode(&f, LinkType::LinuxSll2, &Options::default());
        assert_eq!(d.error, None);
        assert_eq!(protos(&d)[..4], ["sll2", "ipv4", "udp", "vxlan"]);
        assert_eq!(d.layers[0]["interfaceIndex"], 3);
    }

    #[test]
    fn garbage_never_panics() {
        let mut x: u32 = 1;
        for len in 0..200 {
            let mut f = LINUX_VXLAN.to_vec();
            for _ in 0..8 {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                let i = (x as usize) % f.len();
                f[i] = (x >> 8) as u8;
            }
            f.truncate(len.min(f.len()));
            for link in [
                LinkType::Ethernet,
                LinkType::LinuxSll,
                LinkType::LinuxSll2,
                LinkType::RawIp,
            ] {
                let _ = decode(&f, link, &Options::default()).summary();
            }
        }
    }
}
