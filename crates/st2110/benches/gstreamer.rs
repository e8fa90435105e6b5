//! GStreamer's RFC 4175 payloader and depayloader on the same pictures as
//! `benches/video.rs`, measured by the same tool (criterion), so BENCHMARKS.md can put
//! them side by side.
//!
//!     cargo bench -p mediafabric-st2110 --bench gstreamer
//!
//! GStreamer is driven through `gst-launch-1.0` (it is a peer, not a library we link):
//! each sample runs a pipeline over N pictures twice, with and without the element
//! measured, and reports the difference, so process start-up, caps negotiation and the
//! source's own work cancel out:
//!
//! - `rtpvrawpay`: `videotestsrc pattern=black ! UYVP caps ! rtpvrawpay mtu=1460 !
//!   fakesink` minus the same without `rtpvrawpay`;
//! - `rtpvrawdepay`: `filesrc (N pictures already payloaded, RFC 4571 framing) !
//!   rtpstreamdepay ! rtpvrawdepay ! fakesink` minus the same without `rtpvrawdepay`.
//!
//! Throughput is octets of video per second, as in `benches/video.rs`. Without
//! `gst-launch-1.0` (or its elements) the bench prints why and measures nothing.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn gst(args: &str) -> Duration {
    let t = Instant::now();
    let ok = Command::new("gst-launch-1.0")
        .arg("-q")
        .args(args.split_whitespace())
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "gst-launch-1.0 {args}");
    t.elapsed()
}

fn have_gstreamer() -> bool {
    [
        "rtpvrawpay",
        "rtpvrawdepay",
        "rtpstreampay",
        "rtpstreamdepay",
        "videotestsrc",
    ]
    .iter()
    .all(|e| {
        Command::new("gst-inspect-1.0")
            .args(["--exists", e])
            .status()
            .is_ok_and(|s| s.success())
    })
}

fn bench(c: &mut Criterion) {
    if !have_gstreamer() {
        eprintln!(
            "gstreamer bench: gst-launch-1.0 or its RTP elements are missing; nothing measured"
        );
        return;
    }
    for (name, w, h) in [("1080p", 1920u32, 1080u32), ("2160p", 3840, 2160)] {
        let caps = format!("video/x-raw,format=UYVP,width={w},height={h},framerate=60/1");
        let bytes = u64::from(w) * u64::from(h) * 5 / 2;
        let mut g = c.benchmark_group(format!("st2110-20/{name}"));
        g.throughput(Throughput::Bytes(bytes));
        g.sample_size(10);
        g.measurement_time(Duration::from_secs(20));
        g.bench_function("gstreamer-rtpvrawpay", |b| {
            b.iter_custom(|n| {
                let n = n.max(1);
                let src = format!("videotestsrc num-buffers={n} pattern=black ! {caps}");
                let with = gst(&format!(
                    "{src} ! rtpvrawpay mtu=1460 ! fakesink sync=false"
                ));
                let without = gst(&format!("{src} ! fakesink sync=false"));
                with.saturating_sub(without)
            })
        });
        // The payloaded stream of up to 120 pictures, written once.
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
        let file = dir.join(format!("gst-{name}.rtpstream"));
        let frames = 120u64;
        gst(&format!(
            "videotestsrc num-buffers={frames} pattern=black ! {caps} ! rtpvrawpay mtu=1460 ! rtpstreampay ! filesink location={}",
            file.display()
        ));
        let rtp_caps = format!(
            "application/x-rtp,media=video,clock-rate=90000,encoding-name=RAW,sampling=YCbCr-4:2:2,depth=(string)10,width=(string){w},height=(string){h},payload=96"
        );
        g.bench_function("gstreamer-rtpvrawdepay", |b| {
            b.iter_custom(|n| {
                // Whole passes over the file; n pictures rounded up to passes.
                let passes = n.div_ceil(frames).max(1);
                let mut total = Duration::ZERO;
                for _ in 0..passes {
                    let src = format!(
                        "filesrc location={} ! application/x-rtp-stream ! rtpstreamdepay ! {rtp_caps}",
                        file.display()
                    );
                    let with = gst(&format!("{src} ! rtpvrawdepay ! fakesink sync=false"));
                    let without = gst(&format!("{src} ! fakesink sync=false"));
                    total += with.saturating_sub(without);
                }
                // Scale to the n pictures asked for.
                total.mul_f64(n as f64 / (passes * frames) as f64)
            })
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
