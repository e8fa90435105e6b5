//! PTP wire-format benchmarks, with statime's parser measured on the same bytes in the
//! same run.
//!
//! `cargo bench -p mediafabric-ptp --bench ptp`
//!
//! The messages are ptp4l's own (captures/ptp): a two-step Sync, its Follow_Up, an
//! Announce (with a PATH_TRACE TLV appended, as a boundary-clock chain sends it), and
//! a Management RESPONSE carrying DEFAULT_DATA_SET. "mediafabric" parses into the
//! owned `Message` (every field decoded; every TLV walked and typed);
//! "mediafabric_view" checks the message with the zero-copy `MessageView` and reads the
//! fields a clock uses (sequenceId, correctionField, domain, the body timestamp) and
//! walks the TLVs; "statime" is statime 0.4's full deserialization.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mediafabric_ptp::wire::builder::MessageBuilder;
use mediafabric_ptp::wire::management::{ParentDataSet, TimePropertiesDataSet};
use mediafabric_ptp::wire::{
    Body, ClockAccuracy, ClockIdentity, ClockQuality, Message, MessageView, PortIdentity,
    TimeSource, Timestamp, TypedTlv,
};

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

const SYNC: &str =
    "0002002c7f0002000000000000000000000000008e2a0ffffe604ed70001000000fd00000000000000000000";
const FOLLOW_UP: &str =
    "0802002c7f0000000000000000000000000000008e2a0ffffe604ed70001000002fd00006b04523c20fd6aee";
// ptp4l's Announce with a PATH_TRACE TLV holding one clock identity (messageLength
// 0x40 + 12 = 0x4c).
const ANNOUNCE_PATH_TRACE: &str = "0b02004c7f0000000000000000000000000000008e2a0ffffe604ed70001000005fe0000000000000000000000250064f8feffff808e2a0ffffe604ed70000a0000800088e2a0ffffe604ed7";
const MGMT_RESPONSE: &str = "0d02004a000000000000000000000000000000008e2a0ffffe604ed700010000047fa62359fffe56d11e0001010102000001001620000100000164f8feffff808e2a0ffffe604ed70000";

fn ours_parse(b: &[u8]) -> usize {
    let m = Message::parse(b).unwrap();
    let mut n = match m.body {
        Body::Sync { origin_timestamp } => origin_timestamp.nanoseconds as usize,
        Body::FollowUp {
            precise_origin_timestamp,
        } => precise_origin_timestamp.nanoseconds as usize,
        Body::Announce(a) => a.steps_removed as usize,
        _ => 0,
    };
    for t in m.tlvs() {
        let t = TypedTlv::parse(&t.unwrap()).unwrap();
        n += t.value_len();
    }
    n + usize::from(m.header.sequence_id)
}

/// The zero-copy path: the message checked once, then the fields a clock needs read
/// from the bytes.
fn ours_view(b: &[u8]) -> usize {
    let v = MessageView::new_checked(b).unwrap();
    let h = v.header();
    let mut n = usize::from(v.sequence_id())
        + h.correction_field().0 as usize
        + usize::from(h.domain_number())
        + v.timestamp().map_or(0, |t| t.nanoseconds as usize);
    for t in v.tlvs() {
        n += t.unwrap().value.len();
    }
    n
}

fn statime_parse(b: &[u8]) -> usize {
    let m = statime::fuzz::FuzzMessage::deserialize(b).unwrap();
    m.tlv().count()
}

fn parse(c: &mut Criterion) {
    for (name, hex) in [
        ("sync", SYNC),
        ("follow_up", FOLLOW_UP),
        ("announce_path_trace", ANNOUNCE_PATH_TRACE),
        ("management_default_ds", MGMT_RESPONSE),
    ] {
        let b = unhex(hex);
        assert!(statime_parse(&b) < 8, "statime reads {name}");
        let mut g = c.benchmark_group(format!("parse/{name}"));
        g.throughput(Throughput::Elements(1));
        g.bench_function("mediafabric", |bn| bn.iter(|| ours_parse(black_box(&b))));
        g.bench_function("mediafabric_view", |bn| {
            bn.iter(|| ours_view(black_box(&b)))
        });
        g.bench_function("statime", |bn| bn.iter(|| statime_parse(black_box(&b))));
        g.finish();
    }
}

fn build(c: &mut Criterion) {
    let port = PortIdentity {
        clock_identity: ClockIdentity::from_eui48([0x8e, 0x2a, 0x0f, 0x60, 0x4e, 0xd7]),
        port_number: 1,
    };
    let b = MessageBuilder::new(port)
        .domain_number(127)
        .log_sync_interval(-3)
        .log_announce_interval(-2);
    let parent = ParentDataSet {
        parent_port_identity: port,
        parent_stats: false,
        observed_parent_offset_scaled_log_variance: 0xFFFF,
        observed_parent_clock_phase_change_rate: 0x7FFF_FFFF,
        grandmaster_priority1: 100,
        grandmaster_clock_quality: ClockQuality {
            clock_class: 248,
            clock_accuracy: ClockAccuracy::UNKNOWN,
            offset_scaled_log_variance: 0xFFFF,
        },
        grandmaster_priority2: 128,
        grandmaster_identity: port.clock_identity,
    };
    let tp = TimePropertiesDataSet {
        current_utc_offset: 37,
        flags: 0,
        time_source: TimeSource::INTERNAL_OSCILLATOR,
    };
    let mut buf = [0u8; 128];
    let mut g = c.benchmark_group("build");
    g.throughput(Throughput::Elements(1));
    g.bench_function("sync/mediafabric", |bn| {
        let mut seq = 0u16;
        bn.iter(|| {
            seq = seq.wrapping_add(1);
            b.sync(seq, Timestamp::default(), true)
                .emit(&[], black_box(&mut buf))
                .unwrap()
        })
    });
    g.bench_function("announce/mediafabric", |bn| {
        let mut seq = 0u16;
        bn.iter(|| {
            seq = seq.wrapping_add(1);
            b.announce(seq, black_box(&parent), 0, &tp)
                .emit(&[], black_box(&mut buf))
                .unwrap()
        })
    });
    // statime has no public builder; re-serializing a parsed message is the closest
    // thing it offers to building one.
    for (name, hex) in [("sync", SYNC), ("announce", ANNOUNCE_PATH_TRACE)] {
        let bytes = unhex(hex);
        let m = statime::fuzz::FuzzMessage::deserialize(&bytes).unwrap();
        g.bench_function(format!("{name}/statime_serialize"), |bn| {
            bn.iter(|| black_box(&m).serialize(black_box(&mut buf)).unwrap())
        });
        let ours = Message::parse(&bytes).unwrap();
        g.bench_function(format!("{name}/mediafabric_emit"), |bn| {
            bn.iter(|| black_box(&ours).emit(black_box(&mut buf)).unwrap())
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2));
    targets = parse, build
}
criterion_main!(benches);
