//! ST 2110-21: exact schedule parameters against published numbers, departure times
//! over a day without drift, the pacer's output analyzed as compliant, bursts and late
//! frames found with the right worst frame, and GStreamer's unpaced capture judged.

use etherparse::{SlicedPacket, TransportSlice};
use mediafabric_ptp::st2059::{Rate, alignment_point};
use mediafabric_ptp::wire::Timestamp;
use mediafabric_st2110::format::{Depth, Format, Sampling};
use mediafabric_st2110::pacing::{
    Analyzer, Arrival, Compliance, DrainOrigin, Measure, Nanos, Pacer, Packing, Report, Scan,
    Schedule, SenderType, packets_per_frame,
};
use mediafabric_st2110::rtp::Packet;
use pcap_file::pcap::PcapReader;

const UYVP: Format = Format::new(Sampling::YCbCr422, Depth::Bits10);
const STANDARD: Packing = Packing::SingleRow { max_udp: 1460 };

fn q(n: i128, d: u64) -> Nanos {
    Nanos::new(n, d).unwrap()
}

/// One row of expected values, all exact.
struct Expect {
    name: &'static str,
    rate: Rate,
    scan: Scan,
    width: u32,
    height: u32,
    npackets: u32,
    tframe: Nanos,
    trs: Nanos,
    tro: Nanos,
    /// The published TRO in whole nanoseconds (the floor of the exact value), where
    /// there is one.
    tro_published: Option<i128>,
    cmax: u32,
    vrx_full: u32,
    cmax_wide: Option<u32>,
    vrx_full_wide: u32,
    tdrain: Nanos,
}

/// Values worked out with exact fractions from the ST 2110-21 formulas (see the module
/// documentation of `pacing`); the published TROs are the `TR_OFFSET_VIDEO_*_SPECS`
/// values of a vendor's `tr_offset.h` (1080p59.94 and 2160p59.94 637674 ns, 1080p50
/// 764444, 1080i59.94 652503, 1080i50 782222, 1080p60 637037), and TRS at 1080p59.94
/// with 4320 packets is the "about 3.7 µs" of EBU LIST and Intel MTL reports.
fn table() -> Vec<Expect> {
    vec![
        Expect {
            name: "1080p59.94",
            rate: Rate::FPS_59_94,
            scan: Scan::Progressive,
            width: 1920,
            height: 1080,
            npackets: 4320,
            tframe: q(50_050_000, 3),
            trs: q(100_100, 27),
            tro: q(17_217_200, 27),
            tro_published: Some(637_674),
            cmax: 6,
            vrx_full: 9,
            cmax_wide: Some(16),
            vrx_full_wide: 863,
            tdrain: q(284_375, 81),
        },
        Expect {
            name: "1080p50",
            rate: Rate::FPS_50,
            scan: Scan::Progressive,
            width: 1920,
            height: 1080,
            npackets: 4320,
            tframe: q(20_000_000, 1),
            trs: q(40_000, 9),
            tro: q(6_880_000, 9),
            tro_published: Some(764_444),
            cmax: 5,
            vrx_full: 8,
            cmax_wide: Some(16),
            vrx_full_wide: 720,
            tdrain: q(1_250_000, 297),
        },
        Expect {
            name: "1080p60",
            rate: Rate::FPS_60,
            scan: Scan::Progressive,
            width: 1920,
            height: 1080,
            npackets: 4320,
            tframe: q(50_000_000, 3),
            trs: q(100_000, 27),
            tro: q(17_200_000, 27),
            tro_published: Some(637_037),
            cmax: 6,
            vrx_full: 9,
            cmax_wide: Some(16),
            vrx_full_wide: 864,
            tdrain: q(3_125_000, 891),
        },
        Expect {
            // TFRAME is the whole frame of two fields, NPACKETS both fields' packets.
            name: "1080i59.94",
            rate: Rate::FPS_29_97,
            scan: Scan::Interlaced,
            width: 1920,
            height: 1080,
            npackets: 4320,
            tframe: q(100_100_000, 3),
            trs: q(200_200, 27),
            tro: q(17_617_600, 27),
            tro_published: Some(652_503),
            cmax: 4,
            vrx_full: 8,
            cmax_wide: Some(16),
            vrx_full_wide: 720,
            tdrain: q(568_750, 81),
        },
        Expect {
            name: "1080i50",
            rate: Rate::FPS_25,
            scan: Scan::Interlaced,
            width: 1920,
            height: 1080,
            npackets: 4320,
            tframe: q(40_000_000, 1),
            trs: q(80_000, 9),
            tro: q(7_040_000, 9),
            tro_published: Some(782_222),
            cmax: 4,
            vrx_full: 8,
            cmax_wide: Some(16),
            vrx_full_wide: 720,
            tdrain: q(2_500_000, 297),
        },
        Expect {
            // Seven packets per 9600-octet row; 906 293.7 packets/s, at which
            // ST 2110-21 §7.1.4 defines no wide CMAX.
            name: "2160p59.94",
            rate: Rate::FPS_59_94,
            scan: Scan::Progressive,
            width: 3840,
            height: 2160,
            npackets: 15_120,
            tframe: q(50_050_000, 3),
            trs: q(28_600, 27),
            tro: q(17_217_200, 27),
            tro_published: Some(637_674),
            cmax: 21,
            vrx_full: 33,
            cmax_wide: None,
            vrx_full_wide: 3020,
            tdrain: q(81_250, 81),
        },
        Expect {
            // TRO_DEFAULT below 1080 lines is 28/750 of TFRAME; RACTIVE stays 1080/1125.
            name: "720p59.94",
            rate: Rate::FPS_59_94,
            scan: Scan::Progressive,
            width: 1280,
            height: 720,
            npackets: 2160,
            tframe: q(50_050_000, 3),
            trs: q(200_200, 27),
            tro: q(5_605_600, 9),
            tro_published: None,
            cmax: 4,
            vrx_full: 8,
            cmax_wide: Some(16),
            vrx_full_wide: 720,
            tdrain: q(568_750, 81),
        },
    ]
}

#[test]
fn schedule_parameters_are_exact() {
    for e in table() {
        let n = packets_per_frame(UYVP, e.width, e.height, e.scan, STANDARD).unwrap();
        assert_eq!(n, e.npackets, "{}", e.name);
        let s = Schedule::new(e.rate, e.scan, e.height, n, SenderType::Narrow).unwrap();
        assert_eq!(s.npackets(), e.npackets, "{}", e.name);
        assert_eq!(s.tframe(), e.tframe, "{}: TFRAME {}", e.name, s.tframe());
        assert_eq!(s.trs(), e.trs, "{}: TRS {}", e.name, s.trs());
        assert_eq!(s.tro(), e.tro, "{}: TRO {}", e.name, s.tro());
        assert_eq!(s.tro(), s.tro_default());
        if let Some(p) = e.tro_published {
            assert_eq!(s.tro().floor(), p, "{}", e.name);
        }
        assert_eq!(s.cmax(), Some(e.cmax), "{}", e.name);
        assert_eq!(s.vrx_full(), e.vrx_full, "{}", e.name);
        assert_eq!(s.cmax_wide(), e.cmax_wide, "{}", e.name);
        assert_eq!(s.vrx_full_wide(), e.vrx_full_wide, "{}", e.name);
        assert_eq!(s.tdrain(), e.tdrain, "{}: TDRAIN {}", e.name, s.tdrain());
        let wide = Schedule::new(e.rate, e.scan, e.height, n, SenderType::Wide).unwrap();
        assert_eq!(wide.cmax(), e.cmax_wide);
        assert_eq!(wide.vrx_full(), e.vrx_full_wide);
        // The linear schedule: RACTIVE = 1, the same TRO_DEFAULT.
        assert_eq!(wide.trs().checked_mul_int(n as i128).unwrap(), e.tframe);
        assert_eq!(wide.tro(), e.tro);
    }
}

#[test]
fn ractive_table_and_linear_cmax() {
    let s = |scan, h, t| Schedule::new(Rate::FPS_25, scan, h, 1000, t).unwrap();
    assert_eq!(
        s(Scan::Progressive, 720, SenderType::Narrow).ractive(),
        (1080, 1125)
    );
    assert_eq!(
        s(Scan::Progressive, 2160, SenderType::Narrow).ractive(),
        (1080, 1125)
    );
    assert_eq!(
        s(Scan::Interlaced, 576, SenderType::Narrow).ractive(),
        (576, 625)
    );
    assert_eq!(s(Scan::Psf, 486, SenderType::Narrow).ractive(), (487, 525));
    assert_eq!(
        s(Scan::Interlaced, 1080, SenderType::NarrowLinear).ractive(),
        (1, 1)
    );
    // 576i: TRO_DEFAULT 26/625 of 40 ms.
    assert_eq!(
        s(Scan::Interlaced, 576, SenderType::Narrow).tro(),
        q(1_664_000, 1)
    );
    // 486i: 20/525 of 40 ms.
    assert_eq!(
        s(Scan::Interlaced, 486, SenderType::Narrow).tro(),
        q(32_000_000, 21)
    );
    assert!(Schedule::new(Rate::FPS_25, Scan::Interlaced, 2160, 10, SenderType::Narrow).is_err());
    assert!(Schedule::new(Rate::FPS_25, Scan::Progressive, 1080, 0, SenderType::Narrow).is_err());
    // Narrow linear CMAX has RACTIVE = 1: floor(4320 * 60000 / 1001 / 43200) = 5.
    let nl = Schedule::new(
        Rate::FPS_59_94,
        Scan::Progressive,
        1080,
        4320,
        SenderType::NarrowLinear,
    );
    assert_eq!(nl.unwrap().cmax(), Some(5));
}

#[test]
fn troff_and_maxudp() {
    let s = Schedule::new(
        Rate::FPS_50,
        Scan::Progressive,
        1080,
        4320,
        SenderType::Narrow,
    )
    .unwrap();
    let t = s.with_troff_micros(500).unwrap();
    assert_eq!(t.tro(), q(500_000, 1));
    assert_eq!(t.tro_default(), s.tro_default());
    assert_eq!(t.departure(0, 0).unwrap(), q(500_000, 1));
    // TRO must be below TFRAME (ST 2110-21 §6.2).
    assert!(s.with_troff_micros(20_000).is_err());
    assert!(s.with_troff_micros(19_999).is_ok());
    // MAXUDP 8960: VRX_FULL floors become 12000/8960 = 1 and 1080000/8960 = 120, so
    // the rate terms decide.
    let e = packets_per_frame(
        UYVP,
        1920,
        1080,
        Scan::Progressive,
        Packing::SingleRow { max_udp: 8960 },
    )
    .unwrap();
    assert_eq!(e, 1080);
    let x = Schedule::new(Rate::FPS_50, Scan::Progressive, 1080, e, SenderType::Narrow)
        .unwrap()
        .with_max_udp(8960)
        .unwrap();
    assert_eq!(x.vrx_full_narrow(), 2); // floor(54000 / 27000)
    assert_eq!(x.vrx_full_wide(), 180); // floor(54000 / 300)
    assert_eq!(x.with_max_udp(1460).unwrap().vrx_full_narrow(), 8);
}

#[test]
fn npackets_for_each_packing() {
    // 1080p 4:2:2 10-bit: 5 184 000 octets.
    let p = |scan, packing| packets_per_frame(UYVP, 1920, 1080, scan, packing).unwrap();
    // BPM: 1260-octet packets running across rows, the last of the frame short.
    assert_eq!(p(Scan::Progressive, Packing::Block), 4115);
    // Per field: 2 592 000 / 1260 = 2057.1, so 2058 each.
    assert_eq!(p(Scan::Interlaced, Packing::Block), 4116);
    assert_eq!(p(Scan::Progressive, STANDARD), 4320);
    assert_eq!(p(Scan::Interlaced, STANDARD), 4320);
    // GPM filling 1446 octets (1460 less RTP header and ESN) with 6-octet SRD headers:
    // between the single-segment and the two-segment packet sizes.
    let filled = p(Scan::Progressive, Packing::General { max_udp: 1460 });
    assert!((5_184_000u32.div_ceil(1440)..=5_184_000u32.div_ceil(1434)).contains(&filled));
    assert_eq!(filled, 3608);
    // 4:2:0 8-bit 1920x1080: pgroups of 6 octets over 2x2 pixels, 540 row pairs of
    // 5760 octets, 4 packets each (1440 octets of room).
    let i420 = Format::new(Sampling::YCbCr420, Depth::Bits8);
    assert_eq!(
        packets_per_frame(i420, 1920, 1080, Scan::Progressive, STANDARD).unwrap(),
        2160
    );
}

/// A day at 59.94: departures are the exact formula at every frame, the spacing is
/// exactly TFRAME, and 60000 frames are exactly 1001 s.
#[test]
fn departures_do_not_drift_over_a_day() {
    let s = Schedule::new(
        Rate::FPS_59_94,
        Scan::Progressive,
        1080,
        4320,
        SenderType::Narrow,
    )
    .unwrap();
    let frames_per_day = 24 * 3600 * 60_000 / 1001; // 5 178 821
    // A day starting at 2026-01-01 TAI (an arbitrary, realistic epoch offset).
    let start = 1_767_225_637u128 * 60_000 / 1001;
    let mut last = s.departure(start, 4319).unwrap();
    for frame in (start + 1..=start + frames_per_day).step_by(997) {
        let d0 = s.departure(frame, 0).unwrap();
        // Independently: the PTP crate's alignment point plus TRO plus j TRS.
        let a = alignment_point(Rate::FPS_59_94, frame).unwrap();
        let (rem, div) = a.fraction();
        let align = q(
            a.nanos_floor() as i128 * div as i128 + rem as i128,
            div as u64,
        );
        assert_eq!(d0, align.checked_add(s.tro()).unwrap());
        let d9 = s.departure(frame, 9).unwrap();
        assert_eq!(
            d9.checked_sub(d0).unwrap(),
            s.trs().checked_mul_int(9).unwrap()
        );
        assert!(d0 > last);
        last = s.departure(frame, 4319).unwrap();
    }
    let end = start + frames_per_day;
    let span = s
        .departure(end, 100)
        .unwrap()
        .checked_sub(s.departure(end - 60_000, 100).unwrap());
    assert_eq!(span.unwrap(), Nanos::from_integer(1001 * 1_000_000_000));
    assert_eq!(
        s.departure(end, 0)
            .unwrap()
            .checked_sub(s.departure(end - 1, 0).unwrap())
            .unwrap(),
        s.tframe()
    );
}

/// Sends `frames` frames with a pacer (each packet at the first nanosecond its release
/// allows) and analyzes them; `alter` may move a packet's arrival.
fn paced(
    s: Schedule,
    first: u128,
    frames: u128,
    lead: u32,
    mut alter: impl FnMut(u128, u32, u128) -> u128,
) -> (Analyzer, Vec<mediafabric_st2110::pacing::FrameSummary>) {
    let mut pacer = Pacer::new(s, first, lead).unwrap();
    let mut an = Analyzer::new(s).starting_at_first_packet();
    let mut summaries = Vec::new();
    let n = s.npackets();
    // The second field's RTP timestamp: the 90 kHz media clock at mid-frame.
    let half = q(s.tframe().numerator(), s.tframe().denominator() * 2);
    let half_frame_ticks = |frame: u128| {
        let mid = s.alignment_point(frame).unwrap().checked_add(half).unwrap();
        (mid.checked_mul_int(9).unwrap().floor() / 100_000) as u32
    };
    let mut seq = 0u16;
    let mut last_arrival = 0u128;
    while pacer.position().0 < first + frames {
        let at = pacer.next_release();
        let r = pacer.release(at);
        assert!(r.count > 0);
        for j in r.first_packet..r.first_packet + r.count {
            let now = at.seconds as u128 * 1_000_000_000 + at.nanoseconds as u128;
            let arrival = alter(r.frame, j, now).max(last_arrival);
            last_arrival = arrival;
            let second = s.scan().has_fields() && j >= n.div_ceil(2);
            let p = Arrival {
                time_ns: arrival,
                rtp_timestamp: if second {
                    half_frame_ticks(r.frame)
                } else {
                    r.rtp_timestamp
                },
                marker: j + 1 == n || (s.scan().has_fields() && j + 1 == n.div_ceil(2)),
                sequence: seq,
                length: 1200,
                second_field: second,
            };
            seq = seq.wrapping_add(1);
            if let Some(f) = an.push(&p).unwrap() {
                summaries.push(f);
            }
        }
    }
    summaries.extend(an.finish());
    (an, summaries)
}

fn start_frame(rate: Rate) -> u128 {
    // The first frame after 2026-01-01 00:00:00 TAI.
    1_767_225_637u128 * rate.numerator() as u128 / rate.denominator() as u128 + 1
}

fn assert_paced(r: &Report, class: Compliance, lead: i64) {
    assert_eq!(r.compliance, Some(class), "{r:#?}");
    assert_eq!(r.worst, None);
    assert_eq!(r.cinst_max.unwrap().value, 1, "{r:#?}");
    assert_eq!(r.vrx_max.unwrap().value, lead, "{r:#?}");
    assert!(r.vrx_min.unwrap().value >= 0);
    assert_eq!(r.rtp_offset_min.unwrap().value, 0);
    assert_eq!(r.rtp_offset_max.unwrap().value, 0);
    assert_eq!(r.lost, 0);
}

#[test]
fn pacer_output_is_compliant_narrow() {
    let s = Schedule::new(
        Rate::FPS_59_94,
        Scan::Progressive,
        1080,
        4320,
        SenderType::Narrow,
    )
    .unwrap();
    let first = start_frame(s.rate());
    let (an, frames) = paced(s, first, 6, 0, |_, _, t| t);
    let r = an.report();
    assert_paced(&r, Compliance::Narrow, 0);
    assert_eq!((r.frames, r.packets), (6, 6 * 4320));
    assert_eq!(frames.len(), 6);
    assert_eq!(frames[0].frame, first);
    for f in &frames {
        assert_eq!(f.packets, 4320);
        assert_eq!(f.compliance, Compliance::Narrow);
        // The first packet leaves at the first nanosecond at or after TVD.
        assert!(f.fpt >= s.tro() && f.fpt < s.tro().checked_add(Nanos::from_integer(1)).unwrap());
        // Its RTP timestamp is the alignment point's, so the latency is FPT plus the
        // part of a 90 kHz tick the alignment point is past it.
        assert!(f.latency >= f.fpt && f.latency < f.fpt.checked_add(q(100_000, 9)).unwrap());
    }
    // 1501.5 ticks per frame: deltas of 1501 and 1502.
    assert_eq!(r.rtp_delta_min.unwrap().value, 1501);
    assert_eq!(r.rtp_delta_max.unwrap().value, 1502);

    // Leading the reads by 4 packets keeps VRX at 4, still narrow (VRX_FULL 9).
    let (an, _) = paced(s, first, 3, 4, |_, _, t| t);
    assert_paced(&an.report(), Compliance::Narrow, 4);
    assert!(Pacer::new(s, first, 10).is_err());
}

#[test]
fn pacer_output_interlaced_and_linear() {
    let i = Schedule::new(
        Rate::FPS_29_97,
        Scan::Interlaced,
        1080,
        4320,
        SenderType::Narrow,
    )
    .unwrap();
    let (an, frames) = paced(i, start_frame(i.rate()), 3, 2, |_, _, t| t);
    assert_paced(&an.report(), Compliance::Narrow, 2);
    assert!(frames.iter().all(|f| f.packets == 4320));
    // Field timestamps at 29.97: 1501.5 ticks per field.
    assert_eq!(i.rtp_timestamp_of_field(0, true), 1501);
    assert_eq!(i.rtp_timestamp_of_field(1, false), 3003);
    assert_eq!(i.rtp_timestamp_of_field(1, true), 4504);
    let f = start_frame(i.rate());
    assert_eq!(
        i.rtp_timestamp_of_field(f, true),
        (i.alignment_point(f)
            .unwrap()
            .checked_add(q(i.tframe().numerator(), i.tframe().denominator() * 2))
            .unwrap()
            .checked_mul_int(9)
            .unwrap()
            .floor()
            / 100_000) as u32
    );
    // The second field's first read: TFRAME/2 + TLINE/2 after the first field's.
    let d = i
        .departure(7, 2160)
        .unwrap()
        .checked_sub(i.departure(7, 0).unwrap())
        .unwrap();
    let expect = i.tframe().checked_add(i.tline()).unwrap();
    assert_eq!(d.checked_mul_int(2).unwrap(), expect);

    for t in [SenderType::NarrowLinear, SenderType::Wide] {
        let s = Schedule::new(Rate::FPS_50, Scan::Progressive, 1080, 4320, t).unwrap();
        let (an, _) = paced(s, start_frame(s.rate()), 3, 3, |_, _, t| t);
        // Linear: the next frame's first packets arrive while the previous frame's last
        // reads are due, and VRX counts them together.
        assert_paced(&an.report(), Compliance::NarrowLinear, 3);
    }
}

/// A frame sent as GStreamer's rtpvrawpay sends it, every packet back to back (10 ns
/// apart), at its first read time.
#[test]
fn burst_is_not_compliant_with_the_right_worst_frame() {
    let s = Schedule::new(
        Rate::FPS_59_94,
        Scan::Progressive,
        1080,
        4320,
        SenderType::Narrow,
    )
    .unwrap();
    let first = start_frame(s.rate());
    let bad = first + 3;
    let tvd = s.departure(bad, 0).unwrap().ceil() as u128;
    let (an, frames) = paced(s, first, 6, 0, |f, j, t| {
        if f == bad { tvd + 10 * j as u128 } else { t }
    });
    let r = an.report();
    assert_eq!(r.compliance, Some(Compliance::NotCompliant));
    let w = r.worst.unwrap();
    assert_eq!((w.frame, w.ordinal, w.measure), (bad, 3, Measure::CInst));
    assert_eq!(w.limit, Some(16));
    assert!(w.value > 3000, "{w:?}");
    assert_eq!(r.cinst_max.unwrap().frame, bad);
    assert_eq!(r.vrx_max.unwrap().frame, bad);
    for f in &frames {
        let want = if f.frame == bad {
            Compliance::NotCompliant
        } else {
            Compliance::Narrow
        };
        assert_eq!(f.compliance, want, "{f:?}");
    }

    // Twelve packets back to back: CInst 12, above narrow (6) but within wide (16).
    let (an, _) = paced(s, first, 4, 0, |f, j, t| {
        if f == first + 2 && j < 12 {
            s.departure(f, 0).unwrap().ceil() as u128 + j as u128
        } else {
            t
        }
    });
    let r = an.report();
    assert_eq!(r.compliance, Some(Compliance::Wide), "{r:#?}");
    let w = r.worst.unwrap();
    assert_eq!(
        (w.frame, w.measure, w.value, w.limit),
        (first + 2, Measure::CInst, 12, Some(6))
    );
}

#[test]
fn late_packets_underflow() {
    let s = Schedule::new(
        Rate::FPS_50,
        Scan::Progressive,
        1080,
        4320,
        SenderType::Narrow,
    )
    .unwrap();
    let first = start_frame(s.rate());
    // Frame first+1 leaves 5 TRS late: its reads find the buffer empty.
    let late = s.trs().checked_mul_int(5).unwrap().ceil() as u128;
    let (an, _) = paced(
        s,
        first,
        3,
        0,
        |f, _, t| if f == first + 1 { t + late } else { t },
    );
    let r = an.report();
    assert_eq!(r.compliance, Some(Compliance::NotCompliant));
    let w = r.worst.unwrap();
    assert_eq!(
        (w.frame, w.measure, w.limit),
        (first + 1, Measure::VrxUnderflow, Some(0))
    );
    assert_eq!(w.value, -5);
}

#[test]
fn analyzer_rejects_time_going_backwards_and_counts_loss() {
    let s = Schedule::new(
        Rate::FPS_50,
        Scan::Progressive,
        1080,
        10,
        SenderType::Narrow,
    )
    .unwrap();
    let mut an = Analyzer::new(s).starting_at_first_packet();
    let p = |t, seq| Arrival {
        time_ns: t,
        rtp_timestamp: 0,
        marker: false,
        sequence: seq,
        length: 100,
        second_field: false,
    };
    an.push(&p(1000, 1)).unwrap();
    assert!(an.push(&p(999, 2)).is_err());
    an.push(&p(2000, 5)).unwrap();
    // 2, 3 and 4 never came (the rejected packet changed nothing).
    assert_eq!(an.report().lost, 3);
    // Without the first-packet promise, packets before the first marker are skipped.
    let mut an = Analyzer::new(s);
    an.push(&p(1000, 1)).unwrap();
    an.push(&Arrival {
        marker: true,
        ..p(1001, 2)
    })
    .unwrap();
    an.push(&p(1002, 3)).unwrap();
    assert_eq!(an.finish().unwrap().packets, 1);
    assert_eq!(an.report().skipped, 2);
}

/// GStreamer 1.22's rtpvrawpay, unpaced, captured on a veth pair: 420 packets per frame
/// in about 1.4 ms of a 20 ms frame. Arrival times are capture times, not PTP, so the
/// drain grid starts at the first packet.
#[test]
fn gstreamer_capture_is_not_compliant() {
    let pcap = std::fs::read(format!(
        "{}/tests/data/gst-rfc4175-uyvp-640x360.pcap",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let mut reader = PcapReader::new(&pcap[..]).unwrap();
    let mut arrivals = Vec::new();
    while let Some(p) = reader.next_packet() {
        let p = p.unwrap();
        let s = SlicedPacket::from_ethernet(&p.data).unwrap();
        let Some(TransportSlice::Udp(u)) = s.transport else {
            panic!("not UDP")
        };
        let rtp = Packet::new_checked(u.payload()).unwrap();
        arrivals.push(Arrival {
            time_ns: p.timestamp.as_nanos(),
            rtp_timestamp: rtp.timestamp(),
            marker: rtp.marker(),
            sequence: rtp.sequence_number(),
            length: p.data.len() as u32,
            second_field: false,
        });
    }
    assert_eq!(arrivals.len(), 840);
    let n = 420;
    let s = Schedule::new(Rate::FPS_50, Scan::Progressive, 360, n, SenderType::Narrow).unwrap();
    let mut an = Analyzer::new(s)
        .starting_at_first_packet()
        .drain_origin(DrainOrigin::FirstPacket);
    for a in &arrivals {
        an.push(a).unwrap();
    }
    an.finish();
    let r = an.report();
    assert_eq!((r.frames, r.packets, r.lost), (2, 840, 0));
    assert_eq!(r.packets_min.unwrap().value, 420);
    assert_eq!(r.compliance, Some(Compliance::NotCompliant));
    let w = r.worst.unwrap();
    assert_eq!(w.measure, Measure::CInst);
    // 420 packets in 1.4 ms against a drain every 43.3 µs: the bucket reaches hundreds.
    assert!(w.value > 300, "{w:?}");
    // 50 fps at 90 kHz: the second frame's timestamp is 1800 ticks on (though GStreamer,
    // not live, sent it 1.5 ms after the first).
    assert_eq!(r.rtp_delta_min.map(|e| e.value), Some(1800));
}

#[test]
fn pacer_skips_late_frames_and_never_releases_early() {
    let s = Schedule::new(
        Rate::FPS_25,
        Scan::Progressive,
        1080,
        100,
        SenderType::Narrow,
    )
    .unwrap();
    let now = Timestamp::new(1_000, 123).unwrap();
    let mut p = Pacer::starting_after(s, now, 0).unwrap();
    // 1000 s is frame 25 000; its TVD (0.7644 ms later) is past 1000 s + 123 ns.
    assert_eq!(p.position(), (25_000, 0));
    let first = p.next_departure();
    assert!(first >= Nanos::from(now));
    let early = first.ceil() - 1;
    let r = p.release(
        Timestamp::new(
            (early / 1_000_000_000) as u64,
            (early % 1_000_000_000) as u32,
        )
        .unwrap(),
    );
    assert_eq!(r.count, 0);
    // Stall for 3 frames: skip to the next whole frame instead of bursting.
    let later = Timestamp::new(1_000, 120_000_000).unwrap();
    assert_eq!(p.skip_to(later).unwrap(), 3);
    assert_eq!(p.position(), (25_003, 0));
    assert!(p.next_departure() >= Nanos::from(later));
    // A release never crosses into the next frame.
    let r = p.release(Timestamp::new(1_001, 0).unwrap());
    assert_eq!((r.frame, r.first_packet, r.count), (25_003, 0, 100));
    assert_eq!(r.rtp_timestamp, s.rtp_timestamp(25_003));
    assert_eq!(p.position(), (25_004, 0));
}
