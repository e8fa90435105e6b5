//! SMPTE ST 2059-1 arithmetic benchmarks: one call each.
//!
//! `cargo bench -p mediafabric-ptp --bench st2059`
//!
//! The instant is 2026-03-15 12:34:56.5 UTC (PTP 1_773_578_133.5 s). "rtp_timestamp" is
//! the 90 kHz RTP timestamp of a PTP time, "rtp_of_frame" the RTP timestamp of a 59.94
//! frame's alignment point, "frame_count" and "next_alignment" the 29.97 frame maths,
//! and "time_code" the ST 12-1 time code of the frame containing the instant: 25 Hz
//! (direct from local time) and 29.97 drop frame (counted from the daily jam).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use mediafabric_ptp::st2059::{self, LocalTimeOffset, Rate, TimeCodeFormat, TimeCodeGenerator};
use mediafabric_ptp::wire::Timestamp;

fn bench(c: &mut Criterion) {
    let t = Timestamp::new(1_773_578_133, 500_000_000).unwrap();
    let mut g = c.benchmark_group("st2059");

    g.bench_function("rtp_timestamp/90k", |b| {
        b.iter(|| st2059::rtp_timestamp(black_box(Rate::HZ_90000), black_box(t)))
    });
    g.bench_function("rtp_of_frame/59.94@90k", |b| {
        b.iter(|| {
            st2059::rtp_timestamp_of_frame(
                black_box(Rate::FPS_59_94),
                black_box(Rate::HZ_90000),
                black_box(106_308_379_630),
            )
        })
    });
    g.bench_function("frame_count/29.97", |b| {
        b.iter(|| st2059::frame_count(black_box(Rate::FPS_29_97), black_box(t)))
    });
    g.bench_function("next_alignment/29.97", |b| {
        b.iter(|| st2059::next_alignment_point(black_box(Rate::FPS_29_97), black_box(t)))
    });

    let cet = LocalTimeOffset::from_utc_offset(37, 3600, false);
    for (name, rate) in [("25", Rate::FPS_25), ("29.97df", Rate::FPS_29_97)] {
        let generator = TimeCodeGenerator::new(TimeCodeFormat::for_rate(rate).unwrap(), cet);
        g.bench_function(format!("time_code/{name}"), |b| {
            b.iter(|| black_box(&generator).time_code(black_box(t)))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
