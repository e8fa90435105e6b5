//! Property tests of mediafabric-vxlan.
//!
//! - Header: every valid [`Header`] (plain, GBP, GPE with every next protocol including
//!   unknown values, version 0..=3, P bit absent) survives `emit` then `parse`; any
//!   8 bytes parse in both formats and re-emit as exactly their defined bits.
//! - Encapsulation: every valid [`Encapsulation`] (IPv4/IPv6, with or without an
//!   802.1Q tag, every [`UdpChecksum`] mode, fixed and hashed source ports, inner
//!   frames of every valid length) decapsulates back to the same fields; the outer
//!   headers are cross-checked with etherparse (an independent reader) including both
//!   checksums.
//! - Robustness: [`decapsulate`] never panics on arbitrary bytes nor on any truncation
//!   or single-bit flip of a valid frame; each error's offset lies within the input.
//! - Forwarding database: random operation sequences against a `HashMap` reference
//!   model, for [`FixedFdb`] of small sizes (full tables, probe wrap-around) and
//!   [`GrowableFdb`].

use std::collections::{HashMap, HashSet};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::time::Duration;

use etherparse::{LinkExtHeader, LinkHeader, NetHeaders, PacketHeaders, TransportHeader};
use mediafabric_vxlan::fdb::Slots;
use mediafabric_vxlan::{
    DecapConfig, Decapsulated, Encapsulation, Entry, EntryKind, Error, Extension, Fdb, FdbCounters,
    FdbError, FixedFdb, FixedVtep, Format, Gpe, GroupPolicy, GrowableFdb, HEADER_LEN, Header,
    Layer, Learn, NextProtocol, OuterIp, SourcePort, UdpChecksum, VlanTag, Vni, Vtep, decapsulate,
};
use proptest::prelude::*;
use proptest::sample::Index;

/// Cases per property: the default here, or `PROPTEST_CASES` from the environment for a
/// longer run (`PROPTEST_CASES=100000 cargo test --release -p mediafabric-vxlan --test proptest`).
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

// ---------------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------------

fn vni() -> impl Strategy<Value = Vni> {
    prop_oneof![Just(0), Just(Vni::MAX), 0..=Vni::MAX,].prop_map(|v| Vni::new(v).unwrap())
}

/// Every next protocol: the five named ones and any other byte value, made the way a
/// parser makes them (`From<u8>`), so that `Unknown` never holds a named value.
fn next_protocol() -> impl Strategy<Value = NextProtocol> {
    prop_oneof![
        Just(NextProtocol::Ipv4),
        Just(NextProtocol::Ipv6),
        Just(NextProtocol::Ethernet),
        Just(NextProtocol::Nsh),
        Just(NextProtocol::Mpls),
        any::<u8>().prop_map(NextProtocol::from),
    ]
}

fn group_policy() -> impl Strategy<Value = GroupPolicy> {
    (any::<bool>(), any::<bool>(), any::<u16>()).prop_map(
        |(dont_learn, policy_applied, group_policy_id)| GroupPolicy {
            dont_learn,
            policy_applied,
            group_policy_id,
        },
    )
}

fn gpe() -> impl Strategy<Value = Gpe> {
    (
        0u8..=3,
        any::<bool>(),
        any::<bool>(),
        proptest::option::of(next_protocol()),
    )
        .prop_map(|(version, oam, bum, next_protocol)| Gpe {
            version,
            oam,
            bum,
            next_protocol,
        })
}

fn extension() -> impl Strategy<Value = Extension> {
    prop_oneof![
        Just(Extension::None),
        group_policy().prop_map(Extension::Gbp),
        gpe().prop_map(Extension::Gpe),
    ]
}

/// Every valid header, with or without the I flag.
fn header() -> impl Strategy<Value = Header> {
    (any::<bool>(), vni(), extension()).prop_map(|(vni_valid, vni, extension)| Header {
        vni_valid,
        vni,
        extension,
    })
}

fn mac() -> impl Strategy<Value = [u8; 6]> {
    any::<[u8; 6]>()
}

fn outer_ip() -> impl Strategy<Value = OuterIp> {
    prop_oneof![
        (any::<[u8; 4]>(), any::<[u8; 4]>()).prop_map(|(s, d)| OuterIp::V4 {
            src: Ipv4Addr::from(s),
            dst: Ipv4Addr::from(d),
        }),
        (any::<[u8; 16]>(), any::<[u8; 16]>()).prop_map(|(s, d)| OuterIp::V6 {
            src: Ipv6Addr::from(s),
            dst: Ipv6Addr::from(d),
        }),
    ]
}

fn vlan() -> impl Strategy<Value = Option<VlanTag>> {
    proptest::option::of(
        (0u8..=7, any::<bool>(), 0u16..=0x0FFF).prop_map(|(pcp, dei, vid)| VlanTag {
            pcp,
            dei,
            vid,
        }),
    )
}

fn udp_checksum() -> impl Strategy<Value = UdpChecksum> {
    prop_oneof![
        Just(UdpChecksum::Auto),
        Just(UdpChecksum::Compute),
        Just(UdpChecksum::Zero),
    ]
}

fn source_port_choice() -> impl Strategy<Value = SourcePort> {
    prop_oneof![
        Just(SourcePort::FlowHash),
        any::<u16>().prop_map(SourcePort::Fixed)
    ]
}

/// Whether the header says the payload is an Ethernet frame (and so must be at least
/// 14 bytes long): plain and GBP always, GPE with next protocol Ethernet or absent.
fn carries_ethernet(h: &Header) -> bool {
    match h.extension {
        Extension::Gpe(g) => matches!(g.next_protocol, Some(NextProtocol::Ethernet) | None),
        _ => true,
    }
}

fn inner_frame(ethernet: bool) -> impl Strategy<Value = Vec<u8>> {
    let min = if ethernet { 14 } else { 0 };
    prop_oneof![
        6 => min..=128usize,
        3 => 129usize..=1500,
        1 => 1501usize..=9000,
    ]
    .prop_flat_map(|len| proptest::collection::vec(any::<u8>(), len))
}

/// One encapsulation, the inner frame it wraps, and the receive configuration that
/// accepts it (the destination port is either the default for the format or any other
/// non-zero port, configured on the receiver).
#[derive(Debug, Clone)]
struct Case {
    encap: Encapsulation,
    inner: Vec<u8>,
    config: DecapConfig,
}

fn case() -> impl Strategy<Value = Case> {
    let outer = (
        mac(),
        mac(),
        outer_ip(),
        vlan(),
        any::<u8>(),
        any::<u8>(),
        any::<bool>(),
        any::<u16>(),
        0u32..=0xF_FFFF,
        source_port_choice(),
        udp_checksum(),
        proptest::option::of(1u16..=u16::MAX),
    );
    (vni(), extension(), outer).prop_flat_map(|(vni, extension, outer)| {
        let header = Header {
            vni_valid: true,
            vni,
            extension,
        };
        let inner = inner_frame(carries_ethernet(&header));
        (Just(header), Just(outer), inner).prop_map(|(header, outer, inner)| {
            let (src_mac, dst_mac, ip, vlan, ttl, tos, df, id, flow, sport, csum, port) = outer;
            let mut encap = Encapsulation::new(src_mac, dst_mac, ip, header);
            encap.vlan = vlan;
            encap.ttl = ttl;
            encap.tos = tos;
            encap.dont_fragment = df;
            encap.identification = id;
            encap.flow_label = flow;
            encap.src_port = sport;
            encap.udp_checksum = csum;
            let mut config = DecapConfig {
                verify_udp_checksum: true,
                accept_ipv6_zero_checksum: true,
                ..DecapConfig::default()
            };
            if let Some(p) = port {
                encap.dst_port = p;
                match header.format() {
                    Format::Vxlan => {
                        config.vxlan_ports = [p, 0];
                        config.gpe_port = 0;
                    }
                    Format::Gpe => {
                        config.vxlan_ports = [0, 0];
                        config.gpe_port = p;
                    }
                }
            }
            Case {
                encap,
                inner,
                config,
            }
        })
    })
}

// ---------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------

/// The bits of an 8-byte header that carry meaning in `format`; every other bit is
/// reserved (RFC 7348 §5, draft-smith-vxlan-group-policy §2.1,
/// draft-ietf-nvo3-vxlan-gpe §3).
fn defined_bits(b: [u8; 8], format: Format) -> [u8; 8] {
    let mut mask = [0u8, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0];
    match format {
        Format::Vxlan => {
            mask[0] = 0x88; // G, I
            if b[0] & 0x80 != 0 {
                mask[1] = 0x48; // D, A
                mask[2] = 0xFF; // Group Policy ID
                mask[3] = 0xFF;
            }
        }
        Format::Gpe => {
            mask[0] = 0x3F; // Ver, I, P, B, O
            if b[0] & 0x04 != 0 {
                mask[3] = 0xFF; // Next Protocol, when P is set
            }
        }
    }
    let mut out = [0u8; 8];
    for i in 0..8 {
        out[i] = b[i] & mask[i];
    }
    out
}

/// An error from decapsulating `len` bytes must point inside them and be coherent.
fn check_error(e: &Error, len: usize) -> Result<(), TestCaseError> {
    prop_assert!(
        e.layer().is_some(),
        "decapsulate error without a layer: {e:?}"
    );
    match *e {
        Error::Truncated {
            offset,
            needed,
            available,
            ..
        } => {
            prop_assert!(offset <= len, "{e:?} beyond input of {len} bytes");
            prop_assert!(available <= len - offset, "{e:?}: input has {len} bytes");
            prop_assert!(needed > available, "{e:?} is not a truncation");
        }
        Error::Invalid { offset, .. } | Error::Checksum { offset, .. } => {
            prop_assert!(offset < len, "{e:?} beyond input of {len} bytes");
        }
        _ => prop_assert!(false, "decapsulate returned a build error: {e:?}"),
    }
    prop_assert!(!e.to_string().is_empty());
    Ok(())
}

/// A successful decapsulation must describe its own input.
fn check_ok(d: &Decapsulated<'_>, frame: &[u8]) -> Result<(), TestCaseError> {
    prop_assert!(d.header.vni_valid);
    prop_assert!(d.inner_offset <= frame.len());
    prop_assert!(d.inner_offset + d.inner.len() <= frame.len());
    prop_assert_eq!(
        d.inner.as_ptr(),
        frame[d.inner_offset..].as_ptr(),
        "inner is not the slice of the input at inner_offset"
    );
    prop_assert_eq!(d.src_ip.is_ipv4(), d.dst_ip.is_ipv4());
    if carries_ethernet(&d.header) {
        prop_assert!(d.inner.len() >= 14);
    }
    Ok(())
}

fn decap_checked<'a>(
    frame: &'a [u8],
    config: &DecapConfig,
) -> Result<Option<Decapsulated<'a>>, TestCaseError> {
    match decapsulate(frame, config) {
        Ok(d) => {
            check_ok(&d, frame)?;
            Ok(Some(d))
        }
        Err(e) => {
            check_error(&e, frame.len())?;
            Ok(None)
        }
    }
}

fn encapsulate(case: &Case) -> Vec<u8> {
    let mut out = vec![0u8; case.encap.encapsulated_len(case.inner.len())];
    let n = case
        .encap
        .encapsulate(&case.inner, &mut out)
        .expect("a valid encapsulation fails");
    assert_eq!(n, out.len());
    out
}

/// Offset of the outer UDP header.
fn udp_offset(e: &Encapsulation) -> usize {
    e.overhead() - 8 - HEADER_LEN
}

// ---------------------------------------------------------------------------------
// Header
// ---------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(2048)))]

    #[test]
    fn header_emit_then_parse_is_identity(h in header()) {
        let bytes = h.to_bytes().unwrap();
        prop_assert_eq!(Header::parse_bytes(&bytes, h.format()).unwrap(), h);
        // What was written has no reserved bit set.
        prop_assert_eq!(defined_bits(bytes, h.format()), bytes);
        // The zero-copy view agrees with the owned form.
        let p = mediafabric_vxlan::Packet::new_checked(&bytes[..]).unwrap();
        prop_assert_eq!(p.vni(), h.vni);
        prop_assert_eq!(p.i_flag(), h.vni_valid);
        // emit writes exactly 8 bytes and nothing after them.
        let mut big = [0xA5u8; 12];
        prop_assert_eq!(h.emit(&mut big).unwrap(), HEADER_LEN);
        prop_assert_eq!(&big[..8], &bytes[..]);
        prop_assert_eq!(&big[8..], &[0xA5u8; 4][..]);
        // A short buffer is an error, not a panic, and is not written.
        let mut small = [0xA5u8; 7];
        prop_assert_eq!(
            h.emit(&mut small),
            Err(Error::BufferTooSmall { needed: 8, available: 7 })
        );
        prop_assert_eq!(small, [0xA5u8; 7]);
    }

    #[test]
    fn any_eight_bytes_parse_and_reemit_their_defined_bits(
        bytes in any::<[u8; 8]>(),
        tail in proptest::collection::vec(any::<u8>(), 0..8),
    ) {
        let mut with_tail = bytes.to_vec();
        with_tail.extend_from_slice(&tail);
        for format in [Format::Vxlan, Format::Gpe] {
            let h = Header::parse_bytes(&with_tail, format).unwrap();
            let again = h.to_bytes().unwrap();
            prop_assert_eq!(again, defined_bits(bytes, format), "{:?} {:?}", format, h);
            prop_assert_eq!(Header::parse_bytes(&again, format).unwrap(), h);
            if defined_bits(bytes, format) == bytes {
                // Reserved bits zero: byte for byte.
                prop_assert_eq!(again, bytes);
            }
        }
    }

    #[test]
    fn short_header_is_a_truncation(bytes in proptest::collection::vec(any::<u8>(), 0..8)) {
        for format in [Format::Vxlan, Format::Gpe] {
            prop_assert_eq!(
                Header::parse_bytes(&bytes, format),
                Err(Error::Truncated {
                    layer: Layer::Vxlan,
                    offset: 0,
                    needed: 8,
                    available: bytes.len(),
                })
            );
        }
    }

    #[test]
    fn gpe_version_above_three_is_refused(g in gpe(), v in 4u8..=255, n in vni()) {
        let h = Header::with_gpe(n, Gpe { version: v, ..g });
        let mut buf = [0x5Au8; 8];
        let refused = matches!(h.emit(&mut buf), Err(Error::OutOfRange { .. }));
        prop_assert!(refused);
        prop_assert_eq!(buf, [0x5Au8; 8]);
    }
}

// ---------------------------------------------------------------------------------
// Encapsulation and decapsulation
// ---------------------------------------------------------------------------------

/// Reads the frame with etherparse and checks every outer field against what was asked
/// for, including the IPv4 header checksum and the UDP checksum.
fn cross_check_with_etherparse(case: &Case, frame: &[u8]) -> Result<(), TestCaseError> {
    let e = &case.encap;
    let p = PacketHeaders::from_ethernet_slice(frame)
        .map_err(|err| TestCaseError::fail(format!("etherparse rejects our frame: {err}")))?;
    let Some(LinkHeader::Ethernet2(eth)) = p.link else {
        return Err(TestCaseError::fail("no Ethernet II header"));
    };
    prop_assert_eq!(eth.source, e.src_mac);
    prop_assert_eq!(eth.destination, e.dst_mac);
    match (e.vlan, p.link_exts.as_slice()) {
        (None, []) => {}
        (Some(v), [LinkExtHeader::Vlan(t)]) => {
            prop_assert_eq!(eth.ether_type.0, 0x8100);
            prop_assert_eq!(t.pcp.value(), v.pcp);
            prop_assert_eq!(t.drop_eligible_indicator, v.dei);
            prop_assert_eq!(t.vlan_id.value(), v.vid);
        }
        (want, got) => {
            return Err(TestCaseError::fail(format!(
                "vlan {want:?}, etherparse saw {got:?}"
            )));
        }
    }
    let Some(TransportHeader::Udp(udp)) = p.transport else {
        return Err(TestCaseError::fail("no UDP header"));
    };
    let payload = p.payload.slice();
    let udp_len = 8 + HEADER_LEN + case.inner.len();
    prop_assert_eq!(usize::from(udp.length), udp_len);
    prop_assert_eq!(udp.source_port, e.source_port_for(&case.inner));
    prop_assert_eq!(udp.destination_port, e.dst_port);
    prop_assert_eq!(&payload[..HEADER_LEN], &e.header.to_bytes().unwrap()[..]);
    prop_assert_eq!(&payload[HEADER_LEN..], &case.inner[..]);
    let v6 = matches!(e.ip, OuterIp::V6 { .. });
    let want_checksum = match e.udp_checksum {
        UdpChecksum::Zero => false,
        UdpChecksum::Compute => true,
        UdpChecksum::Auto => v6,
    };
    match p.net {
        Some(NetHeaders::Ipv4(ip, ext)) => {
            let OuterIp::V4 { src, dst } = e.ip else {
                return Err(TestCaseError::fail("IPv4 for an IPv6 encapsulation"));
            };
            prop_assert!(ext.is_empty());
            prop_assert_eq!(ip.source, src.octets());
            prop_assert_eq!(ip.destination, dst.octets());
            prop_assert_eq!(ip.time_to_live, e.ttl);
            prop_assert_eq!((ip.dscp.value() << 2) | ip.ecn.value(), e.tos);
            prop_assert_eq!(ip.dont_fragment, e.dont_fragment);
            prop_assert!(!ip.more_fragments);
            prop_assert_eq!(ip.fragment_offset.value(), 0);
            prop_assert_eq!(ip.identification, e.identification);
            prop_assert_eq!(usize::from(ip.total_len), 20 + udp_len);
            prop_assert_eq!(ip.header_checksum, ip.calc_header_checksum());
            if want_checksum {
                prop_assert_eq!(udp.checksum, udp.calc_checksum_ipv4(&ip, payload).unwrap());
            } else {
                prop_assert_eq!(udp.checksum, 0);
            }
        }
        Some(NetHeaders::Ipv6(ip, ext)) => {
            let OuterIp::V6 { src, dst } = e.ip else {
                return Err(TestCaseError::fail("IPv6 for an IPv4 encapsulation"));
            };
            prop_assert!(ext.is_empty());
            prop_assert_eq!(ip.source, src.octets());
            prop_assert_eq!(ip.destination, dst.octets());
            prop_assert_eq!(ip.hop_limit, e.ttl);
            prop_assert_eq!(ip.traffic_class, e.tos);
            prop_assert_eq!(ip.flow_label.value(), e.flow_label);
            prop_assert_eq!(usize::from(ip.payload_length), udp_len);
            if want_checksum {
                prop_assert_eq!(udp.checksum, udp.calc_checksum_ipv6(&ip, payload).unwrap());
            } else {
                prop_assert_eq!(udp.checksum, 0);
            }
        }
        other => return Err(TestCaseError::fail(format!("not IP: {other:?}"))),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(1024)))]

    #[test]
    fn decapsulate_undoes_encapsulate(case in case()) {
        let e = &case.encap;
        let frame = encapsulate(&case);
        prop_assert_eq!(frame.len(), e.overhead() + case.inner.len());
        cross_check_with_etherparse(&case, &frame)?;

        let d = decapsulate(&frame, &case.config)
            .map_err(|err| TestCaseError::fail(format!("{err}")))?;
        check_ok(&d, &frame)?;
        prop_assert_eq!(d.header, e.header);
        prop_assert_eq!(d.inner, &case.inner[..]);
        prop_assert_eq!(d.inner_offset, e.overhead());
        prop_assert_eq!(d.outer_src_mac, e.src_mac);
        prop_assert_eq!(d.outer_dst_mac, e.dst_mac);
        prop_assert_eq!(d.vlan, e.vlan);
        prop_assert_eq!(d.src_ip, e.ip.src());
        prop_assert_eq!(d.dst_ip, e.ip.dst());
        prop_assert_eq!(d.ttl, e.ttl);
        prop_assert_eq!(d.dst_port, e.dst_port);
        match e.src_port {
            SourcePort::Fixed(p) => prop_assert_eq!(d.src_port, p),
            SourcePort::FlowHash => {
                prop_assert!(d.src_port >= 49152, "hashed port {} below 49152", d.src_port);
                prop_assert_eq!(d.src_port, mediafabric_vxlan::source_port(&case.inner));
            }
        }
        let v6 = matches!(e.ip, OuterIp::V6 { .. });
        let zero = e.udp_checksum == UdpChecksum::Zero || (!v6 && e.udp_checksum == UdpChecksum::Auto);
        prop_assert_eq!(d.udp_checksum == 0, zero);

        // IPv6 with a zero checksum is accepted only when configured (RFC 6936).
        let strict = DecapConfig { accept_ipv6_zero_checksum: false, ..case.config };
        let r = decapsulate(&frame, &strict);
        if v6 && zero {
            prop_assert_eq!(
                r.map(|_| ()),
                Err(Error::Invalid {
                    layer: Layer::Udp,
                    offset: udp_offset(e) + 6,
                    field: "checksum",
                    expected: "non-zero over IPv6 (zero-checksum mode is off)",
                    found: 0,
                })
            );
        } else {
            prop_assert_eq!(r.map(|d| d.header), Ok(e.header));
        }
    }

    #[test]
    fn encapsulate_refuses_small_buffers_without_writing(case in case(), short in 1usize..=64) {
        let need = case.encap.encapsulated_len(case.inner.len());
        let len = need.saturating_sub(short);
        let mut out = vec![0xA5u8; len];
        prop_assert_eq!(
            case.encap.encapsulate(&case.inner, &mut out),
            Err(Error::BufferTooSmall { needed: need, available: len })
        );
        prop_assert!(out.iter().all(|&b| b == 0xA5), "buffer written on error");
        // A bigger buffer is fine, and only the frame's bytes are written.
        let mut out = vec![0xA5u8; need + short];
        prop_assert_eq!(case.encap.encapsulate(&case.inner, &mut out), Ok(need));
        prop_assert!(out[need..].iter().all(|&b| b == 0xA5));
    }

    #[test]
    fn every_truncation_is_an_error(case in case()) {
        let frame = encapsulate(&case);
        for n in 0..frame.len() {
            let r = decapsulate(&frame[..n], &case.config);
            match r {
                Ok(d) => return Err(TestCaseError::fail(format!(
                    "prefix of {n} of {} bytes accepted: {d:?}", frame.len()))),
                Err(e) => check_error(&e, n)?,
            }
        }
    }

    #[test]
    fn bit_flips_never_panic_and_checksums_catch_them(
        case in case(),
        picks in proptest::collection::vec(any::<Index>(), 64),
    ) {
        let frame = encapsulate(&case);
        let e = &case.encap;
        let udp_at = udp_offset(e);
        let ip_at = udp_at - match e.ip { OuterIp::V4 { .. } => 20, OuterIp::V6 { .. } => 40 };
        let checksummed = frame[udp_at + 6..udp_at + 8] != [0, 0];
        // Every bit of the outer headers and the first inner bytes, then random ones.
        let head = (e.overhead() + 16).min(frame.len());
        let bits = (0..head * 8).chain(picks.iter().map(|i| i.index(frame.len() * 8)));
        let relaxed = DecapConfig { verify_udp_checksum: false, ..case.config };
        let mut f = frame.clone();
        for bit in bits {
            let (byte, mask) = (bit / 8, 1u8 << (bit % 8));
            f[byte] ^= mask;
            let strict = decap_checked(&f, &case.config)?;
            decap_checked(&f, &relaxed)?;
            // The IPv4 header checksum catches every single-bit error in its header.
            if matches!(e.ip, OuterIp::V4 { .. }) && (ip_at..udp_at).contains(&byte) {
                prop_assert!(strict.is_none(), "flip of bit {} in the IPv4 header accepted", bit);
            }
            // A UDP checksum, when present and checked, catches every single-bit error
            // in the UDP header (but its own field) and payload, and in the addresses
            // of the pseudo-header.
            let in_udp = byte >= udp_at && !(udp_at + 6..udp_at + 8).contains(&byte);
            let in_addr = match e.ip {
                OuterIp::V4 { .. } => (ip_at + 12..ip_at + 20).contains(&byte),
                OuterIp::V6 { .. } => (ip_at + 8..ip_at + 40).contains(&byte),
            };
            if checksummed && (in_udp || in_addr) {
                prop_assert!(strict.is_none(), "flip of bit {} accepted despite the UDP checksum", bit);
            }
            f[byte] ^= mask;
        }
        prop_assert_eq!(f, frame);
    }

    #[test]
    fn garbage_never_panics(
        mut bytes in proptest::collection::vec(any::<u8>(), 0..256),
        ethertype in prop_oneof![Just(None), Just(Some(0x0800u16)), Just(Some(0x86DD)), Just(Some(0x8100)), Just(Some(0x88A8))],
        inner_ethertype in prop_oneof![Just(0x0800u16), Just(0x86DD)],
        verify in any::<bool>(),
        accept_zero in any::<bool>(),
    ) {
        // Steer the garbage towards deeper layers: a plausible Ethernet type, a tag
        // followed by an IP type, and an IP version nibble that matches.
        if let Some(t) = ethertype
            && bytes.len() >= 14
        {
                bytes[12..14].copy_from_slice(&t.to_be_bytes());
                let mut ty = t;
                let mut at = 14;
                if matches!(t, 0x8100 | 0x88A8) && bytes.len() >= 18 {
                    bytes[16..18].copy_from_slice(&inner_ethertype.to_be_bytes());
                    ty = inner_ethertype;
                    at = 18;
                }
                if bytes.len() > at {
                    match ty {
                        0x0800 => bytes[at] = 0x45,
                        0x86DD => bytes[at] = (bytes[at] & 0x0F) | 0x60,
                        _ => {}
                    }
                }
        }
        let config = DecapConfig {
            verify_udp_checksum: verify,
            accept_ipv6_zero_checksum: accept_zero,
            ..DecapConfig::default()
        };
        decap_checked(&bytes, &config)?;
    }
}

#[test]
fn largest_inner_frame_fits_and_one_more_byte_does_not() {
    let h = Header::new(Vni::new(1).unwrap());
    let v4 = OuterIp::V4 {
        src: Ipv4Addr::new(10, 0, 0, 1),
        dst: Ipv4Addr::new(10, 0, 0, 2),
    };
    let v6 = OuterIp::V6 {
        src: "fd00::1".parse().unwrap(),
        dst: "fd00::2".parse().unwrap(),
    };
    // IPv4 total length and IPv6 payload length are 16-bit fields.
    for (ip, max_inner) in [(v4, 65535 - 20 - 16), (v6, 65535 - 16)] {
        let e = Encapsulation::new([2; 6], [4; 6], ip, h);
        let mut out = vec![0u8; e.encapsulated_len(max_inner + 1)];
        let inner = vec![0x11u8; max_inner + 1];
        let n = e.encapsulate(&inner[..max_inner], &mut out).unwrap();
        let cfg = DecapConfig {
            verify_udp_checksum: true,
            ..DecapConfig::default()
        };
        let d = decapsulate(&out[..n], &cfg).unwrap();
        assert_eq!(d.inner.len(), max_inner);
        assert!(matches!(
            e.encapsulate(&inner, &mut out),
            Err(Error::OutOfRange { .. })
        ));
    }
}

/// A UDP length shorter than the IP payload leaves fewer bytes for the inner frame than
/// the IP datagram holds. The inner frame is then too short, and the error must say how
/// many bytes the UDP datagram has for it (10), not how many the IP datagram has (60).
///
/// Ignored until crates/vxlan/src/encap.rs is fixed: `decapsulate` passes
/// `&frame[..ip_end]` to `truncated` for `Layer::Inner`, so `available` is 60 and the
/// error claims 14 bytes are needed while 60 are there.
#[test]
fn inner_truncation_counts_udp_bytes_only() {
    let e = Encapsulation::new(
        [2; 6],
        [4; 6],
        OuterIp::V4 {
            src: Ipv4Addr::new(10, 0, 0, 1),
            dst: Ipv4Addr::new(10, 0, 0, 2),
        },
        Header::new(Vni::new(1).unwrap()),
    );
    let mut f = vec![0u8; e.encapsulated_len(60)];
    e.encapsulate(&[0u8; 60], &mut f).unwrap();
    // UDP length (offset 38) = 8 (UDP) + 8 (VXLAN) + 10: the inner frame gets 10 bytes.
    f[38..40].copy_from_slice(&26u16.to_be_bytes());
    assert_eq!(
        decapsulate(&f, &DecapConfig::default()),
        Err(Error::Truncated {
            layer: Layer::Inner,
            offset: 50,
            needed: 14,
            available: 10,
        })
    );
}

/// `NextProtocol::Unknown` may hold a value that has a name; such a header emits that
/// value, which parses back as the named variant. Strategies above build next protocols
/// with `From<u8>`, as a parser does; this pins down the documented normalisation.
#[test]
fn unknown_next_protocol_with_a_named_value_normalises() {
    let h = Header::with_gpe(
        Vni::new(3).unwrap(),
        Gpe {
            next_protocol: Some(NextProtocol::Unknown(1)),
            ..Gpe::default()
        },
    );
    let b = h.to_bytes().unwrap();
    assert_eq!(b[3], 1);
    let back = Header::parse_bytes(&b, Format::Gpe).unwrap();
    let Extension::Gpe(g) = back.extension else {
        panic!("not GPE: {back:?}");
    };
    assert_eq!(g.next_protocol, Some(NextProtocol::Ipv4));
    assert_eq!(back.to_bytes().unwrap(), b);
}

// ---------------------------------------------------------------------------------
// Forwarding database against a reference model
// ---------------------------------------------------------------------------------

const VNIS: [u32; 3] = [1, 2, Vni::MAX];
const MACS: usize = 16;
const REMOTES: usize = 4;

fn key_vni(i: u8) -> Vni {
    Vni::new(VNIS[usize::from(i) % VNIS.len()]).unwrap()
}

fn key_mac(i: u8) -> [u8; 6] {
    [0x02, 0, 0, 0, 0x10, i % MACS as u8]
}

fn remote(i: u8) -> IpAddr {
    match i % REMOTES as u8 {
        0 => IpAddr::V4(Ipv4Addr::new(10, 77, 0, 1)),
        1 => IpAddr::V4(Ipv4Addr::new(10, 77, 0, 2)),
        2 => IpAddr::V6("fd00::1".parse().unwrap()),
        _ => IpAddr::V6("fd00::2".parse().unwrap()),
    }
}

#[derive(Debug, Clone, Copy)]
enum Op {
    Learn {
        v: u8,
        m: u8,
        r: u8,
    },
    AddStatic {
        v: u8,
        m: u8,
        r: u8,
    },
    Remove {
        v: u8,
        m: u8,
    },
    Lookup {
        v: u8,
        m: u8,
    },
    Age,
    /// Moves the clock by this many seconds (backwards too: a caller's clock source may
    /// misbehave and the table must stay consistent).
    Clock(i16),
}

fn op() -> impl Strategy<Value = Op> {
    let v = 0u8..VNIS.len() as u8;
    let m = 0u8..MACS as u8;
    let r = 0u8..REMOTES as u8;
    prop_oneof![
        6 => (v.clone(), m.clone(), r.clone()).prop_map(|(v, m, r)| Op::Learn { v, m, r }),
        2 => (v.clone(), m.clone(), r).prop_map(|(v, m, r)| Op::AddStatic { v, m, r }),
        2 => (v.clone(), m.clone()).prop_map(|(v, m)| Op::Remove { v, m }),
        2 => (v, m).prop_map(|(v, m)| Op::Lookup { v, m }),
        1 => Just(Op::Age),
        3 => prop_oneof![9 => 0i16..=120, 1 => -30i16..0].prop_map(Op::Clock),
    ]
}

fn ageing_time() -> impl Strategy<Value = Duration> {
    prop_oneof![
        Just(Duration::ZERO),
        Just(Duration::from_secs(1)),
        Just(Duration::from_secs(60)),
        Just(Duration::from_secs(300)),
    ]
}

/// The reference: a plain map with the documented rules.
struct Model {
    map: HashMap<(Vni, [u8; 6]), Entry>,
    capacity: usize,
    ageing: Duration,
    counters: FdbCounters,
}

impl Model {
    fn learn(&mut self, vni: Vni, mac: [u8; 6], remote: IpAddr, now: Duration) -> Learn {
        if let Some(e) = self.map.get_mut(&(vni, mac)) {
            return match e.kind {
                EntryKind::Static => Learn::Static,
                EntryKind::Learned if e.remote == remote => {
                    e.last_seen = now;
                    Learn::Refreshed
                }
                EntryKind::Learned => {
                    let previous = e.remote;
                    e.remote = remote;
                    e.last_seen = now;
                    self.counters.moved += 1;
                    Learn::Moved { previous }
                }
            };
        }
        if self.map.len() >= self.capacity {
            self.counters.table_full += 1;
            return Learn::TableFull;
        }
        self.map.insert(
            (vni, mac),
            Entry {
                vni,
                mac,
                remote,
                kind: EntryKind::Learned,
                last_seen: now,
            },
        );
        self.counters.learned += 1;
        Learn::New
    }

    fn add_static(
        &mut self,
        vni: Vni,
        mac: [u8; 6],
        remote: IpAddr,
        now: Duration,
    ) -> Result<(), FdbError> {
        if !self.map.contains_key(&(vni, mac)) && self.map.len() >= self.capacity {
            return Err(FdbError::Full {
                capacity: self.capacity,
            });
        }
        self.map.insert(
            (vni, mac),
            Entry {
                vni,
                mac,
                remote,
                kind: EntryKind::Static,
                last_seen: now,
            },
        );
        Ok(())
    }

    fn age(&mut self, now: Duration) -> HashSet<(Vni, [u8; 6])> {
        let ageing = self.ageing;
        let gone: HashSet<_> = self
            .map
            .iter()
            .filter(|(_, e)| {
                e.kind == EntryKind::Learned && now.saturating_sub(e.last_seen) >= ageing
            })
            .map(|(k, _)| *k)
            .collect();
        for k in &gone {
            self.map.remove(k);
        }
        self.counters.aged += gone.len() as u64;
        gone
    }
}

fn run_fdb_model<S: Slots>(
    mut fdb: Fdb<S>,
    capacity: usize,
    ageing: Duration,
    ops: &[Op],
) -> Result<(), TestCaseError> {
    fdb.set_ageing_time(ageing);
    prop_assert_eq!(fdb.capacity(), capacity);
    let mut model = Model {
        map: HashMap::new(),
        capacity,
        ageing,
        counters: FdbCounters::default(),
    };
    let mut now = Duration::from_secs(1_000);
    for (step, op) in ops.iter().enumerate() {
        match *op {
            Op::Learn { v, m, r } => {
                let full = model.map.len() >= capacity
                    && !model.map.contains_key(&(key_vni(v), key_mac(m)));
                let want = model.learn(key_vni(v), key_mac(m), remote(r), now);
                let got = fdb.learn(key_vni(v), key_mac(m), remote(r), now);
                prop_assert_eq!(got, want, "step {} {:?}", step, op);
                prop_assert_eq!(got == Learn::TableFull, full, "step {}", step);
            }
            Op::AddStatic { v, m, r } => {
                let want = model.add_static(key_vni(v), key_mac(m), remote(r), now);
                let got = fdb.add_static(key_vni(v), key_mac(m), remote(r), now);
                prop_assert_eq!(got, want, "step {} {:?}", step, op);
            }
            Op::Remove { v, m } => {
                let want = model.map.remove(&(key_vni(v), key_mac(m)));
                let got = fdb.remove(key_vni(v), &key_mac(m));
                prop_assert_eq!(got, want, "step {} {:?}", step, op);
            }
            Op::Lookup { v, m } => {
                let want = model.map.get(&(key_vni(v), key_mac(m)));
                prop_assert_eq!(fdb.lookup(key_vni(v), &key_mac(m)), want, "step {}", step);
            }
            Op::Age => {
                let want = model.age(now);
                let mut seen = HashSet::new();
                let n = fdb.age_with(now, |e| {
                    seen.insert((e.vni, e.mac));
                });
                prop_assert_eq!(n, want.len(), "step {}", step);
                prop_assert_eq!(seen, want, "step {}", step);
            }
            Op::Clock(s) => {
                now = if s >= 0 {
                    now + Duration::from_secs(s.unsigned_abs().into())
                } else {
                    now.saturating_sub(Duration::from_secs(s.unsigned_abs().into()))
                };
            }
        }
        // After every step the whole table agrees with the model.
        prop_assert_eq!(
            fdb.len(),
            model.map.len(),
            "len after step {} {:?}",
            step,
            op
        );
        prop_assert_eq!(fdb.is_empty(), model.map.is_empty());
        prop_assert!(fdb.len() <= fdb.capacity());
        let all: HashMap<_, _> = fdb.iter().map(|e| ((e.vni, e.mac), *e)).collect();
        prop_assert_eq!(all.len(), fdb.len(), "iter yields duplicates");
        prop_assert_eq!(&all, &model.map, "contents after step {} {:?}", step, op);
        for v in 0..VNIS.len() as u8 {
            for m in 0..MACS as u8 {
                let want = model.map.get(&(key_vni(v), key_mac(m)));
                prop_assert_eq!(fdb.lookup(key_vni(v), &key_mac(m)), want);
                prop_assert_eq!(
                    fdb.remote_for(key_vni(v), &key_mac(m)),
                    want.map(|e| e.remote)
                );
            }
        }
        let expiry = model
            .map
            .values()
            .filter(|e| e.kind == EntryKind::Learned)
            .map(|e| e.last_seen + ageing)
            .min();
        prop_assert_eq!(fdb.next_expiry(), expiry);
        prop_assert_eq!(fdb.counters(), model.counters);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(512)))]

    #[test]
    fn fixed_fdb_1_matches_model(ops in proptest::collection::vec(op(), 0..200), ageing in ageing_time()) {
        run_fdb_model(FixedFdb::<1>::new(), 1, ageing, &ops)?;
    }

    #[test]
    fn fixed_fdb_2_matches_model(ops in proptest::collection::vec(op(), 0..200), ageing in ageing_time()) {
        run_fdb_model(FixedFdb::<2>::new(), 2, ageing, &ops)?;
    }

    #[test]
    fn fixed_fdb_5_matches_model(ops in proptest::collection::vec(op(), 0..300), ageing in ageing_time()) {
        run_fdb_model(FixedFdb::<5>::new(), 5, ageing, &ops)?;
    }

    #[test]
    fn fixed_fdb_16_matches_model(ops in proptest::collection::vec(op(), 0..400), ageing in ageing_time()) {
        // By default a fixed table keeps an eighth of its slots free.
        run_fdb_model(FixedFdb::<16>::new(), 14, ageing, &ops)?;
    }

    #[test]
    fn fixed_fdb_16_filled_completely_matches_model(ops in proptest::collection::vec(op(), 0..400), ageing in ageing_time()) {
        run_fdb_model(FixedFdb::<16>::new().with_max_entries(16), 16, ageing, &ops)?;
    }

    #[test]
    fn fixed_fdb_64_matches_model(ops in proptest::collection::vec(op(), 0..400), ageing in ageing_time()) {
        run_fdb_model(FixedFdb::<64>::new(), 56, ageing, &ops)?;
    }

    #[test]
    fn growable_fdb_matches_model(
        max in prop_oneof![Just(0usize), 1usize..=60],
        ops in proptest::collection::vec(op(), 0..400),
        ageing in ageing_time(),
    ) {
        run_fdb_model(GrowableFdb::growable(max), max, ageing, &ops)?;
    }
}

// ---------------------------------------------------------------------------------
// VTEP: learning through received frames
// ---------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(256)))]

    /// Frames from random remotes carrying random inner source MACs: the VTEP learns
    /// exactly what a model of the rules says (no learning from group addresses, from
    /// GBP "don't learn" frames or when the table is full), and forwards known unicast
    /// to the learned remote.
    #[test]
    fn vtep_learns_what_it_receives(
        frames in proptest::collection::vec(
            (0u8..4, 0u8..6, any::<bool>(), any::<bool>(), 0u8..3),
            1..60,
        ),
    ) {
        let mut vtep: FixedVtep<4, 8, 4> = Vtep::new(FixedFdb::<4>::new());
        let mut model = Model {
            map: HashMap::new(),
            capacity: 4,
            ageing: vtep.fdb.ageing_time(),
            counters: FdbCounters::default(),
        };
        let now = Duration::from_secs(10);
        for (r, m, group, dont_learn, v) in frames {
            let vni = key_vni(v);
            let mut src = key_mac(m);
            if group {
                src[0] |= 1;
            }
            let header = if dont_learn {
                Header::with_gbp(vni, GroupPolicy { dont_learn: true, ..GroupPolicy::default() })
            } else {
                Header::new(vni)
            };
            let (sip, dip) = match remote(r) {
                IpAddr::V4(a) => (IpAddr::V4(a), IpAddr::V4(Ipv4Addr::new(10, 77, 0, 9))),
                IpAddr::V6(a) => (IpAddr::V6(a), IpAddr::V6("fd00::9".parse().unwrap())),
            };
            let e = Encapsulation::new([2; 6], [4; 6], OuterIp::from_pair(sip, dip).unwrap(), header);
            let mut inner = vec![0u8; 60];
            inner[..6].copy_from_slice(&[0xFF; 6]);
            inner[6..12].copy_from_slice(&src);
            inner[12..14].copy_from_slice(&[0x08, 0x06]);
            let mut out = vec![0u8; e.encapsulated_len(inner.len())];
            e.encapsulate(&inner, &mut out).unwrap();
            let rx = vtep.receive(&out, now).unwrap();
            prop_assert_eq!(rx.frame.inner, &inner[..]);
            let want = (!group && !dont_learn).then(|| model.learn(vni, src, sip, now));
            prop_assert_eq!(rx.learned, want);
            if let Some(e) = model.map.get(&(vni, src)) {
                let dest: Vec<_> = vtep.destinations(vni, &src).iter().collect();
                prop_assert_eq!(dest, vec![e.remote]);
            }
            prop_assert_eq!(vtep.fdb.len(), model.map.len());
        }
    }
}
