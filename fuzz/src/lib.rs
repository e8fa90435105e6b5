//! Oracles shared by the fuzz targets: what must hold for any input.
//!
//! Every check panics (and so makes libFuzzer report a crash) when an invariant breaks;
//! the message says which one.

use mediafabric_decode::{LinkType, Options, decode, mac_string};
use mediafabric_vxlan::{
    DecapConfig, Decapsulated, Encapsulation, Error, Extension, Format, Header, NextProtocol,
    OuterIp, Packet, SourcePort, UdpChecksum, decapsulate,
};

/// The bits of an 8-byte header that carry meaning in `format`; every other bit is
/// reserved and must be written as zero (RFC 7348 §5, draft-smith-vxlan-group-policy
/// §2.1, draft-ietf-nvo3-vxlan-gpe §3).
pub fn defined_bits(b: [u8; 8], format: Format) -> [u8; 8] {
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
                mask[3] = 0xFF; // Next Protocol when P is set
            }
        }
    }
    let mut out = [0u8; 8];
    for i in 0..8 {
        out[i] = b[i] & mask[i];
    }
    out
}

/// Whether the header says the payload is an Ethernet frame.
pub fn carries_ethernet(h: &Header) -> bool {
    match h.extension {
        Extension::Gpe(g) => matches!(g.next_protocol, Some(NextProtocol::Ethernet) | None),
        _ => true,
    }
}

/// An error from decapsulating `len` bytes points inside them and is coherent.
pub fn check_error(e: &Error, len: usize) {
    assert!(
        e.layer().is_some(),
        "decapsulate error without a layer: {e:?}"
    );
    let off = e.offset().expect("decapsulate error without an offset");
    match *e {
        Error::Truncated {
            offset,
            needed,
            available,
            layer: _,
        } => {
            assert!(offset <= len, "{e:?}: offset beyond the {len} bytes given");
            assert!(available <= len - offset, "{e:?}: only {len} bytes given");
            assert!(needed > available, "{e:?} is not a truncation");
        }
        Error::Invalid { offset, .. } | Error::Checksum { offset, .. } => {
            assert!(offset < len, "{e:?}: offset beyond the {len} bytes given");
        }
        _ => panic!("decapsulate returned a build error: {e:?}"),
    }
    assert!(off <= len);
    assert!(!e.to_string().is_empty());
}

/// A successful decapsulation describes its own input.
pub fn check_decapsulated(d: &Decapsulated<'_>, frame: &[u8]) {
    assert!(d.header.vni_valid, "accepted without the I flag");
    assert!(d.inner_offset >= 8 + 8, "inner offset {}", d.inner_offset);
    let end = d.inner_offset + d.inner.len();
    assert!(end <= frame.len(), "inner runs past the frame");
    assert!(
        core::ptr::eq(d.inner, &frame[d.inner_offset..end]),
        "inner is not the input's slice at inner_offset"
    );
    assert_eq!(d.src_ip.is_ipv4(), d.dst_ip.is_ipv4());
    if carries_ethernet(&d.header) {
        assert!(d.inner.len() >= 14, "Ethernet payload of {}", d.inner.len());
    }
    // The header was parsed from the 8 bytes before the inner frame.
    let vx: [u8; 8] = frame[d.inner_offset - 8..d.inner_offset]
        .try_into()
        .unwrap();
    let format = d.header.format();
    assert_eq!(Header::parse_bytes(&vx, format).unwrap(), d.header);
    assert_eq!(d.header.to_bytes().unwrap(), defined_bits(vx, format));
}

/// The encapsulation that reproduces a decapsulated frame's reported fields, with the
/// same fixed source port.
pub fn encapsulation_for(d: &Decapsulated<'_>) -> Encapsulation {
    let ip = OuterIp::from_pair(d.src_ip, d.dst_ip).expect("mixed address families");
    let mut e = Encapsulation::new(d.outer_src_mac, d.outer_dst_mac, ip, d.header);
    e.vlan = d.vlan;
    e.ttl = d.ttl;
    e.src_port = SourcePort::Fixed(d.src_port);
    e.dst_port = d.dst_port;
    e.udp_checksum = if d.udp_checksum == 0 {
        UdpChecksum::Zero
    } else {
        UdpChecksum::Compute
    };
    e
}

/// Re-encapsulates what was decapsulated and decapsulates that again: every reported
/// field comes back, the UDP checksum we compute verifies, and a second round gives
/// the very same bytes.
pub fn check_reencapsulation(d: &Decapsulated<'_>, config: &DecapConfig) {
    let e = encapsulation_for(d);
    let mut out = vec![0u8; e.encapsulated_len(d.inner.len())];
    let n = e
        .encapsulate(d.inner, &mut out)
        .unwrap_or_else(|err| panic!("re-encapsulating {d:?} failed: {err}"));
    assert_eq!(n, out.len());
    let strict = DecapConfig {
        verify_udp_checksum: true,
        ..*config
    };
    let d2 = decapsulate(&out, &strict)
        .unwrap_or_else(|err| panic!("our re-encapsulation of {d:?} is refused: {err}"));
    check_decapsulated(&d2, &out);
    assert_eq!(d2.header, d.header);
    assert_eq!(d2.inner, d.inner);
    assert_eq!(d2.inner_offset, e.overhead());
    assert_eq!(d2.outer_src_mac, d.outer_src_mac);
    assert_eq!(d2.outer_dst_mac, d.outer_dst_mac);
    assert_eq!(d2.vlan, d.vlan);
    assert_eq!(d2.src_ip, d.src_ip);
    assert_eq!(d2.dst_ip, d.dst_ip);
    assert_eq!(d2.ttl, d.ttl);
    assert_eq!(d2.src_port, d.src_port);
    assert_eq!(d2.dst_port, d.dst_port);
    assert_eq!(d2.udp_checksum == 0, d.udp_checksum == 0);
    // A fixed point: the second round writes the same bytes.
    let e2 = encapsulation_for(&d2);
    let mut again = vec![0u8; n];
    assert_eq!(e2.encapsulate(d2.inner, &mut again), Ok(n));
    assert_eq!(again, out, "re-encapsulation is not stable");
}

/// Every decapsulation configuration the targets try.
pub fn configs() -> [DecapConfig; 3] {
    [
        DecapConfig::default(),
        DecapConfig {
            verify_udp_checksum: true,
            accept_ipv6_zero_checksum: true,
            ..DecapConfig::default()
        },
        // GPE on the IANA VXLAN port and VXLAN on the GPE port: the format comes from
        // the configuration, not from the bytes.
        DecapConfig {
            vxlan_ports: [4790, 0],
            gpe_port: 4789,
            verify_udp_checksum: false,
            accept_ipv6_zero_checksum: true,
        },
    ]
}

/// Decapsulates under every configuration and checks whatever comes out.
pub fn check_frame(data: &[u8]) {
    for config in configs() {
        match decapsulate(data, &config) {
            Ok(d) => {
                check_decapsulated(&d, data);
                check_reencapsulation(&d, &config);
            }
            Err(e) => check_error(&e, data.len()),
        }
    }
}

/// The general decoder (crates/decode): never panics, reports offsets inside the frame,
/// always yields serialisable JSON, and agrees with the VXLAN decapsulator on every
/// frame the decapsulator accepts.
pub fn check_decoder(data: &[u8]) {
    let opts = Options::default();
    for link in [
        LinkType::Ethernet,
        LinkType::LinuxSll,
        LinkType::LinuxSll2,
        LinkType::RawIp,
    ] {
        let d = decode(data, link, &opts);
        if let Some(e) = &d.error {
            assert!(
                e.offset <= data.len(),
                "decode error {e} beyond {} bytes",
                data.len()
            );
        }
        for l in &d.layers {
            assert!(l["proto"].is_string(), "layer without proto: {l}");
        }
        let json = serde_json::to_string(&d.to_json()).expect("decode JSON");
        assert!(json.starts_with('{'));
        let _ = d.summary();
    }

    let Ok(x) = decapsulate(data, &DecapConfig::default()) else {
        return;
    };
    let d = decode(data, LinkType::Ethernet, &opts);
    let protos: Vec<&str> = d
        .layers
        .iter()
        .filter_map(|l| l["proto"].as_str())
        .collect();
    let k = protos
        .iter()
        .position(|p| *p == "vxlan")
        .unwrap_or_else(|| panic!("decapsulated but the decoder saw {protos:?} {:?}", d.error));
    let expect_outer: &[&str] = match (x.vlan.is_some(), x.src_ip.is_ipv4()) {
        (false, true) => &["eth", "ipv4", "udp"],
        (false, false) => &["eth", "ipv6", "udp"],
        (true, true) => &["eth", "vlan", "ipv4", "udp"],
        (true, false) => &["eth", "vlan", "ipv6", "udp"],
    };
    assert_eq!(&protos[..k], expect_outer, "outer layers differ");
    if let Some(e) = &d.error {
        assert!(
            e.offset >= x.inner_offset,
            "decoder fails on an outer layer the decapsulator accepted: {e}"
        );
    }
    let eth = &d.layers[0];
    assert_eq!(eth["source"], mac_string(&x.outer_src_mac));
    assert_eq!(eth["destination"], mac_string(&x.outer_dst_mac));
    let ip = &d.layers[k - 2];
    assert_eq!(ip["source"], x.src_ip.to_string());
    assert_eq!(ip["destination"], x.dst_ip.to_string());
    let udp = &d.layers[k - 1];
    assert_eq!(udp["sourcePort"], x.src_port);
    assert_eq!(udp["destinationPort"], x.dst_port);
    if let Some(v) = x.vlan {
        let vl = &d.layers[1];
        assert_eq!(vl["vid"], v.vid);
        assert_eq!(vl["pcp"], v.pcp);
        assert_eq!(vl["dei"], v.dei);
    }
    let vx = &d.layers[k];
    let raw = Packet::new_checked(&data[x.inner_offset - 8..]).unwrap();
    assert_eq!(vx["vni"], x.header.vni.get());
    assert_eq!(vx["vniValid"], true);
    assert_eq!(vx["flags"], raw.flags16());
    match x.header.extension {
        Extension::None => {
            assert!(vx["gbp"].is_null() && vx["gpe"].is_null());
        }
        Extension::Gbp(g) => {
            assert_eq!(vx["gbp"]["dontLearn"], g.dont_learn);
            assert_eq!(vx["gbp"]["policyApplied"], g.policy_applied);
            assert_eq!(vx["gbp"]["groupPolicyId"], g.group_policy_id);
        }
        Extension::Gpe(g) => {
            assert_eq!(vx["gpe"]["version"], g.version);
            assert_eq!(vx["gpe"]["oam"], g.oam);
            assert_eq!(vx["gpe"]["bum"], g.bum);
            assert_eq!(
                vx["gpe"]["nextProtocol"],
                serde_json::json!(g.next_protocol.map(u8::from))
            );
        }
    }
    if carries_ethernet(&x.header) {
        let ieth = d.layers.get(k + 1).unwrap_or_else(|| {
            panic!(
                "no inner Ethernet layer after VXLAN: {protos:?} {:?}",
                d.error
            )
        });
        assert_eq!(ieth["proto"], "eth");
        assert_eq!(ieth["destination"], mac_string(&x.inner[..6]));
        assert_eq!(ieth["source"], mac_string(&x.inner[6..12]));
    }
}

/// Reads a fuzz input as a stream of small numbers and slices; an exhausted input
/// yields zeros and empty slices.
#[derive(Debug)]
pub struct Bytes<'a>(pub &'a [u8]);

impl<'a> Bytes<'a> {
    /// Whether anything is left.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// One byte (0 when exhausted).
    pub fn u8(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                *b
            }
            None => 0,
        }
    }

    /// A big-endian u16.
    pub fn u16(&mut self) -> u16 {
        u16::from_be_bytes([self.u8(), self.u8()])
    }

    /// Up to `n` bytes.
    pub fn take(&mut self, n: usize) -> &'a [u8] {
        let n = n.min(self.0.len());
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        a
    }

    /// Six bytes as a MAC address.
    pub fn mac(&mut self) -> [u8; 6] {
        let mut m = [0u8; 6];
        for b in &mut m {
            *b = self.u8();
        }
        m
    }
}
