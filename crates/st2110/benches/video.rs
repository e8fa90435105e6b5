//! ST 2110-20 packetization and depacketization throughput, next to a plain memcpy of
//! the same bytes in the same run. Results and the machine are in BENCHMARKS.md.
//!
//!     cargo bench -p mediafabric-st2110 --bench video
//!
//! Pictures: 1920x1080 and 3840x2160, YCbCr-4:2:2 10-bit (UYVP pgroups), general
//! packing into standard 1460-octet UDP payloads. Throughput is octets of video per
//! second (criterion prints it in bytes; multiply by 8 for bits).
//! - `memcpy`: one `copy_from_slice` of the picture into another buffer;
//! - `packetize-copy`: every packet of the picture written into one reused packet
//!   buffer (headers and data), as a sender filling a ring would;
//! - `packetize-zero-copy`: every packet's header and frame ranges, without touching
//!   the picture (what a scatter-gather sender needs);
//! - `depacketize`: every packet of the picture pushed into a depacketizer (checks,
//!   copy into the frame buffer, pgroup bitmap), completing the picture.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use mediafabric_st2110::depacketize::{Depacketizer, DepacketizerConfig};
use mediafabric_st2110::format::{Depth, Format, Sampling};
use mediafabric_st2110::packetize::{Packetizer, PacketizerConfig};
use mediafabric_st2110::video::VideoLayout;

fn bench(c: &mut Criterion) {
    for (name, w, h) in [("1080p", 1920u32, 1080u32), ("2160p", 3840, 2160)] {
        let layout = VideoLayout::new(Format::new(Sampling::YCbCr422, Depth::Bits10), w, h, false)
            .expect("layout");
        let bytes = layout.frame_bytes();
        let frame: Vec<u8> = (0..bytes).map(|i| i as u8).collect();
        let mut g = c.benchmark_group(format!("st2110-20/{name}"));
        g.throughput(Throughput::Bytes(bytes as u64));
        g.sample_size(30);

        let mut dst = vec![0u8; bytes];
        g.bench_function(BenchmarkId::new("memcpy", bytes), |b| {
            b.iter(|| {
                dst.copy_from_slice(black_box(&frame));
                black_box(&dst);
            })
        });

        let mut p = Packetizer::new(PacketizerConfig::new(layout, 96, 1), 0).expect("packetizer");
        let mut out = [0u8; 1500];
        let mut ts = 0u32;
        g.bench_function(BenchmarkId::new("packetize-copy", bytes), |b| {
            b.iter(|| {
                ts = ts.wrapping_add(1501);
                let mut f = p.field(0, ts);
                let mut sum = 0usize;
                while let Some(n) = f.next_into(black_box(&frame), &mut out) {
                    sum += n.expect("packet");
                    black_box(&out);
                }
                sum
            })
        });
        g.bench_function(BenchmarkId::new("packetize-zero-copy", bytes), |b| {
            b.iter(|| {
                ts = ts.wrapping_add(1501);
                let mut f = p.field(0, ts);
                let mut sum = 0usize;
                while let Some(parts) = f.next_parts() {
                    sum += parts.len();
                    black_box(&parts);
                }
                sum
            })
        });

        // One picture's packets, rebuilt for every iteration with a new timestamp so
        // each push sequence completes a picture.
        let mut packets: Vec<Vec<u8>> = Vec::new();
        {
            let mut f = p.field(0, 0);
            while let Some(n) = f.next_into(&frame, &mut out) {
                packets.push(out[..n.expect("packet")].to_vec());
            }
        }
        let mut d = Depacketizer::allocate(DepacketizerConfig::new(layout));
        let mut ts = 0u32;
        let mut seq = 0u16;
        g.bench_function(BenchmarkId::new("depacketize", bytes), |b| {
            b.iter(|| {
                ts = ts.wrapping_add(1501);
                let mut done = 0;
                for pk in packets.iter_mut() {
                    pk[4..8].copy_from_slice(&ts.to_be_bytes());
                    seq = seq.wrapping_add(1);
                    pk[2..4].copy_from_slice(&seq.to_be_bytes());
                    done += d.push(black_box(pk)).expect("push").iter().count();
                }
                assert_eq!(done, 1);
                done
            })
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
