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

use std::hint::black_box;
use std::net::Ipv4Addr;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use etherparse::IgmpSlice;
use mediafabric_igmp::wire::igmp::Message;
use mediafabric_igmp::wire::{AddrList, GroupRecord, RecordType, Records};

fn report_4x8() -> Vec<u8> {
    let sources: Vec<Vec<Ipv4Addr>> = (0..4u8)
        .map(|g| (0..8u8).map(|s| Ipv4Addr::new(10, 0, g, s + 1)).collect())
        .collect();
    let records: Vec<GroupRecord<'_, Ipv4Addr>> = sources
        .iter()
        .enumerate()
        .map(|(g, srcs)| GroupRecord {
            record_type: RecordType::ModeIsInclude,
            group: Ipv4Addr::new(232, 1, 1, g as u8 + 1),
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

criterion_group!(benches, bench_parse);
criterion_main!(benches);
