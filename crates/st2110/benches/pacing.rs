//! SMPTE ST 2110-21 per-packet costs.
//!
//! `cargo bench -p mediafabric-st2110 --bench pacing`
//!
//! 1080p59.94 4:2:2 10-bit in 4320 packets per frame (TRS 3707.4 ns, so a sender or an
//! analyzer has that long per packet). "departure" is one exact read time of a frame
//! two days after 2026-01-01 TAI; "pacer" releases one packet (the clock exactly at its
//! departure, as a sender woken on time sees it); "analyzer" measures one packet of a
//! paced stream (CInst, VRX, frame bookkeeping), averaged over whole frames.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mediafabric_ptp::st2059::Rate;
use mediafabric_st2110::pacing::{Analyzer, Arrival, Pacer, Scan, Schedule, SenderType};

fn bench(c: &mut Criterion) {
    let s = Schedule::new(
        Rate::FPS_59_94,
        Scan::Progressive,
        1080,
        4320,
        SenderType::Narrow,
    )
    .unwrap();
    let frame = 1_767_398_437u128 * 60_000 / 1001;
    let mut g = c.benchmark_group("st2110-21");

    g.bench_function("departure/1080p59.94", |b| {
        b.iter(|| s.departure(black_box(frame), black_box(1234)))
    });

    g.bench_function("pacer/release", |b| {
        let mut p = Pacer::new(s, frame, 0).unwrap();
        b.iter(|| {
            let at = p.next_release();
            black_box(p.release(black_box(at)))
        })
    });

    // Two frames of a paced stream, replayed into a fresh analyzer per iteration.
    let mut pacer = Pacer::new(s, frame, 0).unwrap();
    let mut arrivals = Vec::new();
    while pacer.position().0 < frame + 2 {
        let at = pacer.next_release();
        let r = pacer.release(at);
        let t = at.seconds as u128 * 1_000_000_000 + at.nanoseconds as u128;
        for j in r.first_packet..r.first_packet + r.count {
            arrivals.push(Arrival {
                time_ns: t,
                rtp_timestamp: r.rtp_timestamp,
                marker: j + 1 == s.npackets(),
                sequence: arrivals.len() as u16,
                length: 1242,
                second_field: false,
            });
        }
    }
    g.throughput(Throughput::Elements(arrivals.len() as u64));
    g.bench_function("analyzer/push", |b| {
        b.iter(|| {
            let mut a = Analyzer::new(s).starting_at_first_packet();
            for p in &arrivals {
                black_box(a.push(black_box(p)).unwrap());
            }
            a.finish();
            a.report()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
