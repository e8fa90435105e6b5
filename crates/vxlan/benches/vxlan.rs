//! Per-packet cost of mediafabric-vxlan, with etherparse-only equivalents measured in the
//! same run for comparison. Results and the machine are recorded in BENCHMARKS.md.
//!
//!     cargo bench -p mediafabric-vxlan --bench vxlan
//!
//! Frames:
//! - `1450B`: a 1450-byte IPv4 VXLAN frame (outer Ethernet/IPv4/UDP/VXLAN, 50 bytes, then
//!   an inner Ethernet/IPv4/UDP frame of 1400 bytes), UDP checksum zero as RFC 7348 §5
//!   recommends over IPv4;
//! - `92B-arp`: frame 2 of tests/data/vxlan/linux-vxlan-4789.pcap, the Linux kernel's
//!   VXLAN (VNI 4242) carrying an ARP request: the small end.

use std::hint::black_box;
use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use etherparse::{LaxSlicedPacket, PacketBuilder, SlicedPacket, TransportSlice};
use mediafabric_vxlan::{
    DecapConfig, Encapsulation, Format, Gpe, GrowableFdb, HEADER_LEN, Header, OuterIp, SourcePort,
    UdpChecksum, Vni, decapsulate,
};

const SRC_MAC: [u8; 6] = [0x8e, 0x2a, 0x0f, 0x60, 0x4e, 0xd7];
const DST_MAC: [u8; 6] = [0xa6, 0x23, 0x59, 0x56, 0xd1, 0x1e];
const SRC_IP: [u8; 4] = [10, 77, 0, 1];
const DST_IP: [u8; 4] = [10, 77, 0, 2];
const SRC_PORT: u16 = 49_321;
const VNI: u32 = 4242;

/// Frame 2 of tests/data/vxlan/linux-vxlan-4789.pcap: ARP "who has 192.168.50.2"
/// through the kernel's vxlan device (VNI 4242, port 4789).
fn kernel_arp_frame() -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/vxlan/linux-vxlan-4789.pcap"
    );
    let file = std::fs::File::open(path).expect("kernel capture");
    let mut r = pcap_file::pcap::PcapReader::new(file).expect("pcap");
    let _ = r.next_packet();
    let f = r.next_packet().expect("frame 2").expect("pcap record");
    assert_eq!(
        &f.data[62..64],
        &[0x08, 0x06],
        "frame 2 is not the ARP request"
    );
    f.data.into_owned()
}

fn encapsulation(checksum: UdpChecksum) -> Encapsulation {
    let mut e = Encapsulation::new(
        SRC_MAC,
        DST_MAC,
        OuterIp::V4 {
            src: Ipv4Addr::from(SRC_IP),
            dst: Ipv4Addr::from(DST_IP),
        },
        Header::new(Vni::new(VNI).unwrap()),
    );
    e.src_port = SourcePort::Fixed(SRC_PORT);
    e.udp_checksum = checksum;
    e
}

/// An inner Ethernet/IPv4/UDP frame of `len` bytes.
fn inner_frame(len: usize) -> Vec<u8> {
    let b = PacketBuilder::ethernet2([0x76, 0xba, 0x03, 0x18, 0x88, 0x5c], [2, 0, 0, 0, 0x50, 2])
        .ipv4([192, 168, 50, 1], [192, 168, 50, 2], 64)
        .udp(37_767, 5000);
    let payload: Vec<u8> = (0..len - b.size(0)).map(|i| i as u8).collect();
    let mut v = Vec::with_capacity(len);
    b.write(&mut v, &payload).unwrap();
    assert_eq!(v.len(), len);
    v
}

struct Case {
    name: &'static str,
    frame: Vec<u8>,
    inner: Vec<u8>,
}

fn cases() -> Vec<Case> {
    let inner = inner_frame(1400);
    let e = encapsulation(UdpChecksum::Auto);
    let mut frame = vec![0u8; e.encapsulated_len(inner.len())];
    e.encapsulate(&inner, &mut frame).unwrap();
    assert_eq!(frame.len(), 1450);
    let arp = kernel_arp_frame();
    assert_eq!(arp.len(), 92);
    let arp_inner = arp[50..].to_vec();
    vec![
        Case {
            name: "1450B",
            frame,
            inner,
        },
        Case {
            name: "92B-arp",
            frame: arp,
            inner: arp_inner,
        },
    ]
}

/// The etherparse-only way to the same answer: slice every layer, check it is UDP to the
/// VXLAN port, then read the I flag and VNI from the first 8 bytes of the payload.
#[inline(never)]
fn etherparse_sliced(frame: &[u8]) -> Option<(u32, &[u8])> {
    let p = SlicedPacket::from_ethernet(frame).ok()?;
    let Some(TransportSlice::Udp(udp)) = p.transport else {
        return None;
    };
    vxlan_of_udp(udp.destination_port(), udp.payload())
}

/// The same with etherparse's lax slicer (accepts truncated length fields).
#[inline(never)]
fn etherparse_lax(frame: &[u8]) -> Option<(u32, &[u8])> {
    let p = LaxSlicedPacket::from_ethernet(frame).ok()?;
    let Some(TransportSlice::Udp(udp)) = p.transport else {
        return None;
    };
    vxlan_of_udp(udp.destination_port(), udp.payload())
}

#[inline(always)]
fn vxlan_of_udp(port: u16, payload: &[u8]) -> Option<(u32, &[u8])> {
    if port != 4789 || payload.len() < HEADER_LEN || payload[0] & 0x08 == 0 {
        return None;
    }
    let vni = u32::from_be_bytes([0, payload[4], payload[5], payload[6]]);
    Some((vni, &payload[HEADER_LEN..]))
}

#[inline(never)]
fn ours<'a>(frame: &'a [u8], config: &DecapConfig) -> Option<(u32, &'a [u8])> {
    let d = decapsulate(frame, config).ok()?;
    Some((d.header.vni.get(), d.inner))
}

fn decap(c: &mut Criterion) {
    let mut g = c.benchmark_group("decapsulate");
    g.throughput(Throughput::Elements(1));
    let config = DecapConfig::default();
    for case in cases() {
        let f = case.frame.as_slice();
        // All three must agree before they are timed.
        let want = Some((VNI, case.inner.as_slice()));
        assert_eq!(ours(f, &config), want);
        assert_eq!(etherparse_sliced(f), want);
        assert_eq!(etherparse_lax(f), want);
        g.bench_with_input(BenchmarkId::new("mediafabric", case.name), f, |b, f| {
            b.iter(|| ours(black_box(f), &config))
        });
        g.bench_with_input(
            BenchmarkId::new("etherparse_sliced", case.name),
            f,
            |b, f| b.iter(|| etherparse_sliced(black_box(f))),
        );
        g.bench_with_input(BenchmarkId::new("etherparse_lax", case.name), f, |b, f| {
            b.iter(|| etherparse_lax(black_box(f)))
        });
    }
    // The cost of verifying the outer UDP checksum, on a frame that carries one.
    let inner = inner_frame(1400);
    let e = encapsulation(UdpChecksum::Compute);
    let mut f = vec![0u8; e.encapsulated_len(inner.len())];
    e.encapsulate(&inner, &mut f).unwrap();
    let verify = DecapConfig {
        verify_udp_checksum: true,
        ..DecapConfig::default()
    };
    assert!(ours(&f, &verify).is_some());
    g.bench_with_input(
        BenchmarkId::new("mediafabric_verify_udp_checksum", "1450B"),
        &f,
        |b, f| b.iter(|| ours(black_box(f), &verify)),
    );
    g.finish();
}

/// The etherparse-only way to build the same frame: the VXLAN header and the inner
/// frame become the UDP payload of a PacketBuilder (which always computes the UDP
/// checksum), written into a reused Vec.
#[inline(never)]
fn etherparse_build(inner: &[u8], payload: &mut Vec<u8>, out: &mut Vec<u8>) {
    payload.clear();
    payload.extend_from_slice(&[0x08, 0, 0, 0]);
    payload.extend_from_slice(&(VNI << 8).to_be_bytes());
    payload.extend_from_slice(inner);
    out.clear();
    PacketBuilder::ethernet2(SRC_MAC, DST_MAC)
        .ipv4(SRC_IP, DST_IP, 64)
        .udp(SRC_PORT, 4789)
        .write(out, payload)
        .unwrap();
}

fn encap(c: &mut Criterion) {
    let mut g = c.benchmark_group("encapsulate");
    g.throughput(Throughput::Elements(1));
    let zero = encapsulation(UdpChecksum::Auto);
    let sum = encapsulation(UdpChecksum::Compute);
    for case in cases() {
        let inner = case.inner.as_slice();
        let n = zero.encapsulated_len(inner.len());
        let mut out = vec![0u8; n];
        let (mut payload, mut built) = (Vec::new(), Vec::new());
        // Same bytes but the IPv4 identification and the checksums' presence.
        etherparse_build(inner, &mut payload, &mut built);
        assert_eq!(sum.encapsulate(inner, &mut out), Ok(n));
        assert_eq!(built.len(), n);
        assert_eq!(&built[34..], &out[34..], "UDP and beyond differ");
        g.bench_with_input(
            BenchmarkId::new("mediafabric_zero_udp_checksum", case.name),
            inner,
            |b, inner| b.iter(|| zero.encapsulate(black_box(inner), &mut out)),
        );
        g.bench_with_input(
            BenchmarkId::new("mediafabric_udp_checksum", case.name),
            inner,
            |b, inner| b.iter(|| sum.encapsulate(black_box(inner), &mut out)),
        );
        g.bench_with_input(
            BenchmarkId::new("etherparse_builder", case.name),
            inner,
            |b, inner| b.iter(|| etherparse_build(black_box(inner), &mut payload, &mut built)),
        );
    }
    g.finish();
}

fn header(c: &mut Criterion) {
    let mut g = c.benchmark_group("header");
    g.throughput(Throughput::Elements(1));
    let plain = Header::new(Vni::new(VNI).unwrap()).to_bytes().unwrap();
    let gpe = Header::with_gpe(Vni::new(VNI).unwrap(), Gpe::default())
        .to_bytes()
        .unwrap();
    g.bench_function("parse_vxlan", |b| {
        b.iter(|| Header::parse_bytes(black_box(&plain), Format::Vxlan))
    });
    g.bench_function("parse_gpe", |b| {
        b.iter(|| Header::parse_bytes(black_box(&gpe), Format::Gpe))
    });
    let h = Header::new(Vni::new(VNI).unwrap());
    let mut buf = [0u8; HEADER_LEN];
    g.bench_function("emit", |b| b.iter(|| black_box(&h).emit(&mut buf)));
    g.finish();
}

fn mac(i: u32) -> [u8; 6] {
    let b = i.to_be_bytes();
    [0x02, 0x00, b[0], b[1], b[2], b[3]]
}

fn fdb(c: &mut Criterion) {
    const N: usize = 4096;
    let mut g = c.benchmark_group("fdb_4096");
    g.throughput(Throughput::Elements(1));
    let vni = Vni::new(VNI).unwrap();
    let remote = IpAddr::V4(Ipv4Addr::new(10, 77, 0, 2));
    let now = Duration::from_secs(100);

    // The fixed table at 3/4 and at full load, and the growable one filled up.
    let mut fixed = Box::new(mediafabric_vxlan::FixedFdb::<N>::new());
    for i in 0..(N as u32 * 3 / 4) {
        fixed.learn(vni, mac(i), remote, now);
    }
    let mut full = fixed.clone();
    for i in (N as u32 * 3 / 4)..N as u32 {
        full.learn(vni, mac(i), remote, now);
    }
    assert_eq!(full.len(), N);
    let mut growable = GrowableFdb::growable(N);
    for i in 0..N as u32 {
        growable.learn(vni, mac(i), remote, now);
    }
    assert_eq!(growable.len(), N);

    let mut k = 0u32;
    let mut next = |n: u32| {
        k = (k + 7919) % n;
        k
    };
    let three_q = N as u32 * 3 / 4;
    g.bench_function("fixed_75pct/lookup_hit", |b| {
        b.iter(|| fixed.lookup(vni, &mac(next(three_q))).is_some())
    });
    g.bench_function("fixed_75pct/lookup_miss", |b| {
        b.iter(|| fixed.lookup(vni, &mac(N as u32 + next(three_q))).is_some())
    });
    g.bench_function("fixed_75pct/learn_refresh", |b| {
        b.iter(|| fixed.learn(vni, mac(next(three_q)), remote, now))
    });
    g.bench_function("fixed_75pct/learn_new_and_remove", |b| {
        b.iter(|| {
            let m = mac(N as u32 + next(three_q));
            let r = fixed.learn(vni, m, remote, now);
            fixed.remove(vni, &m);
            r
        })
    });
    g.bench_function("fixed_full/lookup_hit", |b| {
        b.iter(|| full.lookup(vni, &mac(next(N as u32))).is_some())
    });
    g.bench_function("fixed_full/lookup_miss", |b| {
        b.iter(|| full.lookup(vni, &mac(N as u32 + next(N as u32))).is_some())
    });
    g.bench_function("growable_full/lookup_hit", |b| {
        b.iter(|| growable.lookup(vni, &mac(next(N as u32))).is_some())
    });
    g.bench_function("growable_full/lookup_miss", |b| {
        b.iter(|| {
            growable
                .lookup(vni, &mac(N as u32 + next(N as u32)))
                .is_some()
        })
    });
    g.bench_function("growable_full/learn_refresh", |b| {
        b.iter(|| growable.learn(vni, mac(next(N as u32)), remote, now))
    });
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(40)
}

criterion_group! {
    name = benches;
    config = config();
    targets = decap, encap, header, fdb
}
criterion_main!(benches);
