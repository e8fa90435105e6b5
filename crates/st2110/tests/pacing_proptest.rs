//! Properties of the ST 2110-21 schedule and models over arbitrary formats: departures
//! strictly increase through and across frames, a sender at or ahead of its read times
//! never underflows the virtual receiver buffer, CInst is at least one, and the pacer
//! never releases a packet before its departure.

use mediafabric_ptp::st2059::Rate;
use mediafabric_ptp::wire::Timestamp;
use mediafabric_st2110::pacing::{
    Analyzer, Arrival, Datum, Nanos, Pacer, Scan, Schedule, SenderType,
};
use proptest::prelude::*;

fn rate() -> impl Strategy<Value = Rate> {
    prop_oneof![
        Just(Rate::FPS_23_98),
        Just(Rate::FPS_25),
        Just(Rate::FPS_29_97),
        Just(Rate::FPS_50),
        Just(Rate::FPS_59_94),
        Just(Rate::FPS_60),
        Just(Rate::FPS_119_88),
    ]
}

fn scan() -> impl Strategy<Value = Scan> {
    prop_oneof![
        Just(Scan::Progressive),
        Just(Scan::Interlaced),
        Just(Scan::Psf)
    ]
}

fn sender() -> impl Strategy<Value = SenderType> {
    prop_oneof![
        Just(SenderType::Narrow),
        Just(SenderType::NarrowLinear),
        Just(SenderType::Wide)
    ]
}

fn schedule() -> impl Strategy<Value = Schedule> {
    (rate(), scan(), 1u32..=1080, 2u32..=3000, sender()).prop_map(|(r, s, h, n, t)| {
        Schedule::new(r, s, h, n, t).expect("every height up to 1080 has a Table 1 system")
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn departures_strictly_increase(s in schedule(), frame in 0u128..1u128 << 40, j in 0u32..3000) {
        let n = s.npackets();
        let j = j % n;
        let d = s.departure(frame, j).unwrap();
        if j + 1 < n {
            prop_assert!(s.departure(frame, j + 1).unwrap() > d);
        } else {
            prop_assert!(s.departure(frame + 1, 0).unwrap() > d);
        }
        // Every read of a frame falls inside that frame's period after its TVD.
        let start = s.alignment_point(frame).unwrap();
        prop_assert!(d >= start.checked_add(s.tro()).unwrap());
        let last = s.departure(frame, n - 1).unwrap();
        let next = s.alignment_point(frame + 1).unwrap().checked_add(s.tro()).unwrap();
        prop_assert!(last < next);
        prop_assert_eq!(
            s.departure(frame + 1, j).unwrap().checked_sub(d).unwrap(),
            s.tframe()
        );
    }

    #[test]
    fn early_senders_never_underflow(
        s in schedule(),
        lead in 0u32..8,
        jitter in proptest::collection::vec(0u64..5000, 64),
        frame in 1u128 << 30..1u128 << 31,
    ) {
        // Each packet leaves at its pacer release, then a little earlier (never before
        // the previous one): at or ahead of its read time. With few packets per frame a
        // lead of VRX_FULL packets can be more than half a frame, so frames are found
        // by their RTP timestamps rather than by the nearest TVD.
        let lead = lead.min(s.vrx_full());
        let mut pacer = Pacer::new(s, frame, lead).unwrap();
        let mut an = Analyzer::new(s).starting_at_first_packet().datum(Datum::RtpTimestamp);
        let n = s.npackets();
        let mut last = 0u128;
        let mut k = 0usize;
        let mut seq = 0u16;
        while pacer.position().0 < frame + 2 {
            let at = pacer.next_release();
            let r = pacer.release(at);
            let now = at.seconds as u128 * 1_000_000_000 + at.nanoseconds as u128;
            for j in r.first_packet..r.first_packet + r.count {
                let early = now.saturating_sub(jitter[k % jitter.len()] as u128);
                k += 1;
                let t = early.max(last);
                last = t;
                let second = s.scan().has_fields() && j >= n.div_ceil(2);
                an.push(&Arrival {
                    time_ns: t,
                    rtp_timestamp: r.rtp_timestamp.wrapping_add(second as u32),
                    marker: j + 1 == n,
                    sequence: seq,
                    length: 1000,
                    second_field: second,
                })
                .unwrap();
                seq = seq.wrapping_add(1);
            }
        }
        an.finish();
        let rep = an.report();
        prop_assert_eq!(rep.frames, 2);
        prop_assert!(rep.vrx_min.unwrap().value >= 0, "{:?}", rep);
        prop_assert!(rep.cinst_max.unwrap().value >= 1);
    }

    #[test]
    fn pacer_is_never_early(s in schedule(), secs in 1_000u64..2_000_000_000, ns in 0u32..1_000_000_000, steps in 1usize..200) {
        let start = Timestamp::new(secs, ns).unwrap();
        let mut pacer = Pacer::starting_after(s, start, 0).unwrap();
        prop_assert!(pacer.next_departure() >= Nanos::from(start));
        for _ in 0..steps {
            let (f, j) = pacer.position();
            let d = s.departure(f, j).unwrap();
            prop_assert_eq!(pacer.next_departure(), d);
            let at = pacer.next_release();
            // One nanosecond before, nothing; at the release, at least this packet.
            let before = Nanos::from(at).checked_sub(Nanos::from_integer(1)).unwrap();
            if let Some(b) = before.to_timestamp_floor() {
                prop_assert_eq!(pacer.release(b).count, 0);
            }
            let r = pacer.release_at_most(at, 3);
            prop_assert!(r.count >= 1 && r.count <= 3);
            prop_assert_eq!((r.frame, r.first_packet), (f, j));
            prop_assert!(Nanos::from(at) >= d);
        }
    }

    #[test]
    fn cinst_is_at_least_one(s in schedule(), gaps in proptest::collection::vec(0u128..20_000, 1..300)) {
        let mut an = Analyzer::new(s).starting_at_first_packet();
        let mut t = 1_700_000_000u128 * 1_000_000_000;
        for (i, g) in gaps.iter().enumerate() {
            t += g;
            an.push(&Arrival {
                time_ns: t,
                rtp_timestamp: (i / 50) as u32,
                marker: i % 50 == 49,
                sequence: i as u16,
                length: 100,
                second_field: false,
            })
            .unwrap();
        }
        an.finish();
        let r = an.report();
        prop_assert!(r.cinst_max.unwrap().value >= 1);
        prop_assert!(r.cinst_max.unwrap().value as usize <= gaps.len());
        prop_assert_eq!(r.packets as usize, gaps.len());
    }
}
