//! Per-message cost of mediafabric-igmp, with etherparse's IGMP parser measured in the
//! same run for comparison. Results and the machine are recorded in BENCHMARKS.md.
//!
//!     cargo bench -p mediafabric-igmp --bench igmp
//!
//! The message is an IGMPv3 Membership Report with 4 group records of 8 sources each
//! (8 + 4 * (8 + 32) = 168 bytes), the shape of an ST 2110 receiver joining four
//! source-specific streams with redundant senders. "parse" reads the message and walks
//! every record and every source (a parser that defers the walk is charged for it);
//! "parse+checksum" also verifies the Internet checksum.
//!
//! Router: the same report as a whole IPv4 packet (Router Alert, TTL 1) handed to
//! `Router::receive`, which checks the IP header and both checksums and applies the
//! four records (IS_IN, RFC 9776 §6.4.1) to a router of 64 groups; and a router
//! holding 10,000 groups of 8 sources each, refreshed by one report per group in turn
//! (the report rate such a router sustains; its memory is printed once).

use std::hint::black_box;
use std::net::Ipv4Addr;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group};
use etherparse::IgmpSlice;
use mediafabric_igmp::router::{Collected, IgmpRouter, RouterConfig};
use mediafabric_igmp::wire::frame::frame_igmp;
use mediafabric_igmp::wire::igmp::Message;
use mediafabric_igmp::wire::{AddrList, GroupRecord, RecordType, Records};

fn report_4x8() -> Vec<u8> {
    report(0, 4)
}

/// A v3 report with `n` IS_IN records of 8 sources, groups `first..first + n`.
fn report(first: u32, n: u32) -> Vec<u8> {
    let sources: Vec<Vec<Ipv4Addr>> = (first..first + n)
        .map(|g| {
            (0..8u8)
                .map(|s| Ipv4Addr::new(10, (g >> 8) as u8, g as u8, s + 1))
                .collect()
        })
        .collect();
    let records: Vec<GroupRecord<'_, Ipv4Addr>> = sources
        .iter()
        .enumerate()
        .map(|(g, srcs)| GroupRecord {
            record_type: RecordType::ModeIsInclude,
            group: Ipv4Addr::from(u32::from(Ipv4Addr::new(232, 1, 0, 0)) + first + g as u32),
            sources: AddrList::Addrs(srcs),
            aux_data: &[],
        })
        .collect();
    let msg = Message::ReportV3 {
        records: Records::Given(&records),
    };
    let mut buf = vec![0u8; msg.buffer_len()];
    let n = msg.emit(&mut buf).expect("emit");
    buf.truncate(n);
    buf
}

/// Sum of every group and source address, so nothing can be skipped.
fn walk_ours(m: &Message<'_>) -> u64 {
    let mut acc = 0u64;
    if let Message::ReportV3 { records } = m {
        for r in records.iter() {
            acc = acc.wrapping_add(u64::from(u32::from(r.group)));
            for s in r.sources.iter() {
                acc = acc.wrapping_add(u64::from(u32::from(s)));
            }
        }
    }
    acc
}

fn walk_etherparse(s: &IgmpSlice<'_>) -> u64 {
    let mut acc = 0u64;
    if let IgmpSlice::MembershipReportV3(r) = s {
        for rec in r.group_records() {
            let rec = rec.expect("record");
            acc = acc.wrapping_add(u64::from(u32::from_be_bytes(rec.multicast_address())));
            for a in rec.source_addresses() {
                acc = acc.wrapping_add(u64::from(u32::from_be_bytes(a)));
            }
        }
    }
    acc
}

fn bench_parse(c: &mut Criterion) {
    let bytes = report_4x8();
    let expected = walk_ours(&Message::parse(&bytes).expect("parse"));

    let mut g = c.benchmark_group("igmpv3-report-4x8");
    g.throughput(Throughput::Elements(1));
    g.bench_function("mediafabric/parse", |b| {
        b.iter(|| {
            let m = Message::parse(black_box(&bytes)).expect("parse");
            black_box(walk_ours(&m))
        })
    });
    g.bench_function("mediafabric/parse+checksum", |b| {
        b.iter(|| {
            let m = Message::parse_verified(black_box(&bytes)).expect("parse");
            black_box(walk_ours(&m))
        })
    });
    g.bench_function("etherparse/parse", |b| {
        b.iter(|| {
            let s = IgmpSlice::from_slice(black_box(&bytes)).expect("parse");
            black_box(walk_etherparse(&s))
        })
    });
    g.bench_function("etherparse/parse+checksum", |b| {
        b.iter(|| {
            let s = IgmpSlice::from_slice(black_box(&bytes)).expect("parse");
            assert!(s.is_checksum_valid());
            black_box(walk_etherparse(&s))
        })
    });
    g.finish();

    let s = IgmpSlice::from_slice(&bytes).expect("etherparse parses it");
    assert_eq!(
        walk_etherparse(&s),
        expected,
        "both parsers see the same addresses"
    );
}

/// The IGMP message framed as the IPv4 packet a router receives.
fn ip_packet(igmp: &[u8]) -> Vec<u8> {
    let m = Message::parse(igmp).expect("parse");
    let mut f = vec![0u8; 14 + 24 + igmp.len()];
    let n = frame_igmp(&m, [2, 0, 0, 0, 0, 2], HOST, None, &mut f).expect("frame");
    f[14..n].to_vec()
}

const HOST: Ipv4Addr = Ipv4Addr::new(10, 77, 0, 2);

fn bench_router(c: &mut Criterion) {
    let mut g = c.benchmark_group("router");
    g.throughput(Throughput::Elements(1));

    let packet = ip_packet(&report_4x8());
    let config = RouterConfig::new(Ipv4Addr::new(10, 77, 0, 1));
    let mut r = Box::new(IgmpRouter::<64, 8>::new(config, Duration::ZERO).expect("router"));
    let mut sink = Collected::<Ipv4Addr, 8, 64>::default();
    let mut t = Duration::ZERO;
    g.bench_function("report-4x8/64-groups", |b| {
        b.iter(|| {
            t += Duration::from_micros(1);
            sink.clear();
            black_box(r.receive(black_box(&packet), t, &mut sink)).expect("accepted")
        })
    });

    const GROUPS: u32 = 10_000;
    let packets: Vec<Vec<u8>> = (0..GROUPS).map(|i| ip_packet(&report(i, 1))).collect();
    let mut big = Box::new(IgmpRouter::<10_240, 8>::new(config, Duration::ZERO).expect("router"));
    let mut sink = Collected::<Ipv4Addr, 8, 64>::default();
    for p in &packets {
        sink.clear();
        big.receive(p, Duration::from_secs(1), &mut sink)
            .expect("accepted");
    }
    assert_eq!(big.groups().count(), GROUPS as usize);
    eprintln!(
        "router of 10,240 groups x 8 sources: {} bytes ({} per group slot), no heap",
        size_of::<IgmpRouter<10_240, 8>>(),
        size_of::<IgmpRouter<10_240, 8>>() / 10_240
    );
    let mut i = 0usize;
    let mut t = Duration::from_secs(1);
    g.bench_function("report-1x8/10000-groups", |b| {
        b.iter(|| {
            i = (i + 1) % packets.len();
            t += Duration::from_micros(1);
            sink.clear();
            black_box(big.receive(black_box(&packets[i]), t, &mut sink)).expect("accepted")
        })
    });
    g.finish();
}

criterion_group!(benches, bench_parse, bench_router);
// The 10,000-group router is a 2.8 MB value: run the benches on a thread with room for
// it next to the harness (the main thread has 8 MB).
fn main() {
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(|| {
            benches();
            Criterion::default().configure_from_args().final_summary();
        })
        .expect("bench thread")
        .join()
        .expect("benches ran");
}
