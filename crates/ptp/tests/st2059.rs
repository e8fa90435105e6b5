//! SMPTE ST 2059-1 arithmetic: exact values at known instants, a whole day of
//! drop-frame time code, RTP cadences, and properties over random instants.
//!
//! The expected numbers were worked out independently of this crate, by hand for the
//! calendar and with exact fractions (Python's `fractions.Fraction`) for the products
//! and floors; each test says how.

use mediafabric_ptp::st2059::{
    self, Date, Error, ExactTime, Jam, LocalTimeOffset, Rate, TimeCode, TimeCodeFormat,
    TimeCodeGenerator,
};
use mediafabric_ptp::wire::Timestamp;
use mediafabric_ptp::wire::org::SmpteSyncMetadata;
use proptest::prelude::*;

fn ts(s: u64, ns: u32) -> Timestamp {
    Timestamp::new(s, ns).unwrap()
}

fn tc(s: &str) -> TimeCode {
    s.parse().unwrap()
}

fn date(y: i32, m: u8, d: u8) -> Date {
    Date::new(y, m, d).unwrap()
}

/// 2026-03-15 is day 20 527 since 1970-01-01: 56 years of 365 days plus the 14 leap days
/// 1972..=2024 reach 2026-01-01 (20 454), then 31 + 28 + 14 days. 12:34:56 UTC adds
/// 45 296 s, so the POSIX time is 1 773 578 096 and PTP time (TAI, 37 s ahead of UTC since
/// 2017) is 1 773 578 133.
const PTP_2026_03_15_123456: u64 = 1_773_578_133;
/// 2026-03-15 00:00:00 UTC in PTP seconds.
const PTP_2026_03_15_MIDNIGHT_UTC: u64 = 20_527 * 86_400 + 37;

#[test]
fn the_epoch() {
    let t = ts(0, 0);
    for r in [
        Rate::FPS_23_98,
        Rate::FPS_25,
        Rate::FPS_29_97,
        Rate::FPS_59_94,
        Rate::FPS_119_88,
        Rate::HZ_90000,
        Rate::HZ_48000,
    ] {
        assert_eq!(st2059::frame_count(r, t), 0);
        assert_eq!(st2059::phase(r, t), ExactTime::ZERO);
        assert_eq!(st2059::next_alignment_point(r, t).time, ExactTime::ZERO);
        assert_eq!(st2059::rtp_timestamp(r, t), 0);
        if r.nominal() <= 120 {
            let g = TimeCodeGenerator::new(
                TimeCodeFormat::for_rate(r).unwrap(),
                LocalTimeOffset::fixed(0),
            );
            let df = g.format().drop_frame();
            assert_eq!(
                g.time_code_and_date(t).unwrap(),
                (TimeCode::new(0, 0, 0, 0, df), Date::EPOCH)
            );
        }
    }
}

#[test]
fn a_day_in_2026() {
    // 2026-03-15 12:34:56.5 UTC.
    let t = ts(PTP_2026_03_15_123456, 500_000_000);
    // 25 Hz: 1_773_578_133 * 25 + 12 (half a second is 12.5 frames).
    assert_eq!(st2059::frame_count(Rate::FPS_25, t), 44_339_453_337);
    // floor(1_773_578_133.5 * 30000/1001) and * 60000/1001.
    assert_eq!(st2059::frame_count(Rate::FPS_29_97, t), 53_154_189_815);
    assert_eq!(st2059::frame_count(Rate::FPS_59_94, t), 106_308_379_630);
    // 90 kHz: 159_622_032_015_000 ticks, 3_867_426_456 after reduction mod 2^32.
    assert_eq!(
        st2059::media_clock_count(Rate::HZ_90000, t),
        159_622_032_015_000
    );
    assert_eq!(st2059::rtp_timestamp(Rate::HZ_90000, t), 3_867_426_456);
    assert_eq!(st2059::rtp_timestamp(Rate::HZ_48000, t), 1_203_633_984);

    // 25 Hz time code in Central European Time (UTC+1, no daylight saving until
    // 2026-03-29): 13:34:56 and frame 12.
    let cet = LocalTimeOffset::from_utc_offset(37, 3600, false);
    assert_eq!(cet.current_local_offset, 3563);
    let g = TimeCodeGenerator::new(TimeCodeFormat::for_rate(Rate::FPS_25).unwrap(), cet);
    assert_eq!(
        g.time_code_and_date(t).unwrap(),
        (tc("13:34:56:12"), date(2026, 3, 15))
    );
    assert_eq!(
        g.frame_of_time_code(date(2026, 3, 15), &tc("13:34:56:12")),
        Ok(44_339_453_337)
    );
    assert_eq!(
        g.ptp_time_of(date(2026, 3, 15), &tc("13:34:56:12"))
            .unwrap(),
        ExactTime::from(ts(PTP_2026_03_15_123456, 480_000_000))
    );

    // 29.97 drop frame in UTC, jammed at midnight: the jam frame is
    // ceil(1_773_532_837 * 30000/1001) = 53_152_832_278 and 1_357_537 frames later the
    // drop-frame label is 12:34:56;15 (about 0.5 s = 15 frames into the second; the
    // count loses 108 labels an hour and real time 107.89 frames, so they still agree).
    let utc = LocalTimeOffset::from_utc_offset(37, 0, false);
    let g = TimeCodeGenerator::new(TimeCodeFormat::for_rate(Rate::FPS_29_97).unwrap(), utc);
    let jam = st2059::next_alignment_point(Rate::FPS_29_97, ts(PTP_2026_03_15_MIDNIGHT_UTC, 0));
    assert_eq!(jam.frame, 53_152_832_278);
    assert_eq!(g.time_code_of_frame(jam.frame).unwrap(), tc("00:00:00;00"));
    assert_eq!(
        g.time_code_and_date(t).unwrap(),
        (tc("12:34:56;15"), date(2026, 3, 15))
    );
    assert_eq!(
        g.frame_of_time_code(date(2026, 3, 15), &tc("12:34:56;15")),
        Ok(53_154_189_815)
    );
    // 59.94: the same label, first frame of the pair.
    let g = TimeCodeGenerator::new(TimeCodeFormat::for_rate(Rate::FPS_59_94).unwrap(), utc);
    assert_eq!(g.time_code(t), tc("12:34:56;15"));
    // 23.98 non-drop runs 1000/1001 slow: 1_086_029 frames after the jam are
    // 45_251 s + 5 frames, 12:34:11:05.
    let g = TimeCodeGenerator::new(TimeCodeFormat::for_rate(Rate::FPS_23_98).unwrap(), utc);
    assert_eq!(g.time_code(t), tc("12:34:11:05"));
}

#[test]
fn leap_second_end_of_2016() {
    // The leap second 2016-12-31 23:59:60 UTC took TAI - UTC from 36 to 37 s. In PTP
    // seconds: 1_483_228_835 is 23:59:59, 1_483_228_836 is 23:59:60, 1_483_228_837 is
    // 2017-01-01 00:00:00 UTC. The grandmaster announces the local offset's jump of -1 s
    // at the start of the leap second, so that second carries 23:59:59 again.
    let m = SmpteSyncMetadata {
        default_system_frame_rate_numerator: 25,
        default_system_frame_rate_denominator: 1,
        master_locking_status: 4,
        time_address_flags: 0,
        current_local_offset: -36,
        jump_seconds: -1,
        time_of_next_jump: 1_483_228_836,
        time_of_next_jam: 0,
        time_of_previous_jam: 0,
        previous_jam_local_offset: 0,
        daylight_saving: 0,
        leap_second_jump: 1,
    };
    // Through the wire form, as a receiver would get it.
    let mut buf = [0u8; SmpteSyncMetadata::DATA_LEN];
    m.emit(&mut buf).unwrap();
    let m = SmpteSyncMetadata::parse(&buf).unwrap();
    let g = TimeCodeGenerator::from_sync_metadata(&m).unwrap();
    let at = |s, ns| g.time_code_and_date(ts(s, ns)).unwrap();
    let dec31 = date(2016, 12, 31);
    assert_eq!(at(1_483_228_835, 0), (tc("23:59:59:00"), dec31));
    assert_eq!(at(1_483_228_835, 999_999_999), (tc("23:59:59:24"), dec31));
    assert_eq!(at(1_483_228_836, 0), (tc("23:59:59:00"), dec31));
    assert_eq!(at(1_483_228_836, 960_000_000), (tc("23:59:59:24"), dec31));
    assert_eq!(at(1_483_228_837, 0), (tc("00:00:00:00"), date(2017, 1, 1)));
    // Asking for the repeated label gives its first occurrence.
    assert_eq!(
        g.frame_of_time_code(dec31, &tc("23:59:59:00")),
        Ok(1_483_228_835 * 25)
    );
    assert_eq!(
        g.frame_of_time_code(date(2017, 1, 1), &tc("00:00:00:00")),
        Ok(1_483_228_837 * 25)
    );

    // 29.97 drop frame jams at local midnight with the new offset: at PTP 1_483_228_837.
    // The day before was jammed at 1_483_142_436 (frame 44_449_823_257); the new jam frame
    // is 44_452_412_698, 2_589_441 frames later (86 401 s of 29.97 Hz), so the frame before
    // it has counted past 24 hours to 00:00:01;02 of the next day.
    let g = TimeCodeGenerator::new(
        TimeCodeFormat::for_rate(Rate::FPS_29_97).unwrap(),
        LocalTimeOffset::from_sync_metadata(&m),
    );
    let jam = st2059::next_alignment_point(Rate::FPS_29_97, ts(1_483_228_837, 0));
    assert_eq!(jam.frame, 44_452_412_698);
    assert_eq!(
        g.time_code_and_date(jam.time.to_timestamp_ceil().unwrap())
            .unwrap(),
        (tc("00:00:00;00"), date(2017, 1, 1))
    );
    // The jam instant itself is inside the frame before, which still counts on.
    assert_eq!(
        g.time_code_and_date(ts(1_483_228_837, 0)).unwrap(),
        (tc("00:00:01;02"), date(2017, 1, 1))
    );
    let jam = jam.frame;
    assert_eq!(g.time_code_of_frame(jam - 1).unwrap(), tc("00:00:01;02"));
    let prev = st2059::next_alignment_point(Rate::FPS_29_97, ts(1_483_142_436, 0)).frame;
    assert_eq!(prev, 44_449_823_257);
    assert_eq!(g.time_code_of_frame(prev).unwrap(), tc("00:00:00;00"));
}

#[test]
fn daylight_saving_starts_2026_03_29() {
    // Central Europe moves from UTC+1 to UTC+2 at 01:00 UTC on 2026-03-29 (day 20 541):
    // PTP 20_541 * 86_400 + 3_600 + 37 = 1_774_746_037.
    let jump = 1_774_746_037;
    let local = LocalTimeOffset::from_utc_offset(37, 3600, false).with_jump(3600, jump);
    let g = TimeCodeGenerator::new(TimeCodeFormat::for_rate(Rate::FPS_50).unwrap(), local);
    assert_eq!(g.time_code(ts(jump - 1, 990_000_000)), tc("01:59:59:24.1"));
    assert_eq!(g.time_code(ts(jump, 0)), tc("03:00:00:00"));
    assert_eq!(
        g.frame_of_time_code(date(2026, 3, 29), &tc("02:30:00:00")),
        Err(Error::NonexistentLocalTime {
            local_seconds: 20_541 * 86_400 + 9_000
        })
    );
    assert_eq!(
        g.frame_of_time_code(date(2026, 3, 29), &tc("03:00:00:00")),
        Ok(jump as u128 * 50)
    );

    // 29.97 drop frame keeps counting from the jam at local midnight (CET, PTP
    // 1_774_738_837) until the next jam at midnight CEST (PTP 1_774_821_637), so at
    // 04:00 CEST it reads 03:00:00;00 and the 23-hour day ends at 23:00:00;02.
    let g = TimeCodeGenerator::new(TimeCodeFormat::for_rate(Rate::FPS_29_97).unwrap(), local);
    assert_eq!(g.time_code(ts(jump + 3600, 0)), tc("03:00:00;00"));
    let next_jam = st2059::next_alignment_point(Rate::FPS_29_97, ts(1_774_821_637, 0)).frame;
    assert_eq!(
        g.time_code_of_frame(next_jam - 1).unwrap(),
        tc("23:00:00;02")
    );
    let jam = st2059::alignment_point(Rate::FPS_29_97, next_jam).unwrap();
    assert_eq!(
        g.time_code_and_date(jam.to_timestamp_ceil().unwrap())
            .unwrap(),
        (tc("00:00:00;00"), date(2026, 3, 30))
    );
}

/// The drop-frame label after `t` as SMPTE ST 12-1 states the rule (written out here
/// independently of the crate's label arithmetic): count frames 00..=29 and the
/// sub-frames of each, and at each new minute not divisible by ten start at frame 02.
fn drop_frame_successor(t: TimeCode, per_label: u8) -> TimeCode {
    let mut n = t;
    n.sub_frame += 1;
    if n.sub_frame < per_label {
        return n;
    }
    n.sub_frame = 0;
    n.frames += 1;
    if n.frames < 30 {
        return n;
    }
    n.frames = 0;
    n.seconds += 1;
    if n.seconds < 60 {
        return n;
    }
    n.seconds = 0;
    n.minutes += 1;
    if n.minutes == 60 {
        n.minutes = 0;
        n.hours = (n.hours + 1) % 24;
    }
    if !n.minutes.is_multiple_of(10) {
        n.frames = 2;
    }
    n
}

/// Every frame of one day at `rate` in drop-frame counting from the jam at UTC midnight:
/// each label is the one after the previous, `frames` of them end at 23:59:59;29 (on the
/// last frame of the pair), and the next jam follows `tail` frames later.
fn whole_drop_frame_day(rate: Rate, frames: u64, tail: u64) {
    let f = TimeCodeFormat::new(rate, true).unwrap();
    let k = f.frames_per_label();
    assert_eq!(f.frames_per_day(), frames);
    let g = TimeCodeGenerator::new(f, LocalTimeOffset::from_utc_offset(37, 0, false));
    let start = st2059::next_alignment_point(rate, ts(PTP_2026_03_15_MIDNIGHT_UTC, 0)).frame;
    let mut minute_boundaries = 0;
    let mut last = g.time_code_of_frame(start).unwrap();
    assert_eq!(last, tc("00:00:00;00"));
    for n in start + 1..start + frames as u128 {
        let t = g.time_code_of_frame(n).unwrap();
        assert_eq!(t, drop_frame_successor(last, k), "frame {n}");
        if t.minutes != last.minutes {
            minute_boundaries += 1;
        }
        last = t;
    }
    assert_eq!(last, tc("23:59:59;29").with_sub_frame(k - 1));
    assert_eq!(minute_boundaries, 24 * 60 - 1);
    // The count wraps and runs on until the next jam resets it.
    let end = start + frames as u128;
    for i in 0..tail {
        let t = g.time_code_of_frame(end + i as u128).unwrap();
        assert_eq!(f.frame_of_day(&t), Ok(i));
    }
    let next = st2059::next_alignment_point(rate, ts(PTP_2026_03_15_MIDNIGHT_UTC + 86_400, 0));
    assert_eq!(next.frame, end + tail as u128);
    assert_eq!(g.time_code_of_frame(next.frame).unwrap(), tc("00:00:00;00"));
}

#[test]
fn drop_frame_day_at_29_97() {
    // 2_589_408 labels; the day has ceil/ceil difference 2_589_411 frames (86 400 s *
    // 29.97 = 2_589_410.59), so three frames run past 23:59:59;29.
    whole_drop_frame_day(Rate::FPS_29_97, 2_589_408, 3);
}

#[test]
fn drop_frame_day_at_59_94() {
    // 5_178_816 frames (pairs of 2_589_408 labels); the day has 5_178_821.
    whole_drop_frame_day(Rate::FPS_59_94, 5_178_816, 5);
}

#[test]
fn rtp_cadence_59_94_at_90_khz() {
    // 90000 * 1001 / 60000 = 1501.5 ticks a frame: steps of 1501 and 1502 in turn, and
    // exactly 1501.5 * N over an even number N of frames. Start from the frame at the
    // 2026 instant (even: 106_308_379_630), run 2 * 60000 frames (about 33 minutes),
    // across several wraps of the 32-bit timestamp.
    let start = st2059::frame_count(Rate::FPS_59_94, ts(PTP_2026_03_15_123456, 500_000_000));
    assert_eq!(start % 2, 0);
    let frames = 120_000u128;
    let mut prev = st2059::rtp_timestamp_of_frame(Rate::FPS_59_94, Rate::HZ_90000, start);
    let mut sum = 0u64;
    let mut wraps = 0;
    for i in 1..=frames {
        let n = start + i;
        let now = st2059::rtp_timestamp_of_frame(Rate::FPS_59_94, Rate::HZ_90000, n);
        let step = now.wrapping_sub(prev);
        assert_eq!(step, if i % 2 == 1 { 1501 } else { 1502 }, "frame {n}");
        if now < prev {
            wraps += 1;
        }
        sum += u64::from(step);
        // The same value from the alignment point's time: the first nanosecond at or
        // after it never crosses a 90 kHz tick (they are 11 111 ns apart).
        let at = st2059::alignment_point(Rate::FPS_59_94, n).unwrap();
        assert_eq!(
            st2059::rtp_timestamp(Rate::HZ_90000, at.to_timestamp_ceil().unwrap()),
            now
        );
        prev = now;
    }
    assert_eq!(u128::from(sum) * 60_000, 90_000 * 1001 * frames);
    assert_eq!(sum, 180_180_000);
    assert!(wraps <= 1);
    let full = st2059::media_clock_count_of_frame(Rate::FPS_59_94, Rate::HZ_90000, start + frames)
        .unwrap()
        - st2059::media_clock_count_of_frame(Rate::FPS_59_94, Rate::HZ_90000, start).unwrap();
    assert_eq!(full, u128::from(sum));
}

#[test]
fn rtp_cadence_29_97_at_48_khz() {
    // 48000 * 1001 / 30000 = 1601.6 samples a frame: 1601 or 1602, in a five-frame
    // sequence of 8008 samples.
    let mut prev = st2059::rtp_timestamp_of_frame(Rate::FPS_29_97, Rate::HZ_48000, 0);
    let mut steps = [0u32; 10];
    for (i, s) in steps.iter_mut().enumerate() {
        let now = st2059::rtp_timestamp_of_frame(Rate::FPS_29_97, Rate::HZ_48000, i as u128 + 1);
        *s = now.wrapping_sub(prev);
        prev = now;
    }
    assert_eq!(
        steps,
        [1601, 1602, 1601, 1602, 1602, 1601, 1602, 1601, 1602, 1602]
    );
    assert_eq!(steps[..5].iter().sum::<u32>(), 8008);
}

#[test]
fn from_sync_metadata() {
    // 29.97 drop frame in New York on 2026-03-15 (EDT, UTC-4 since 2026-03-08), the
    // previous jam at local midnight (04:00 UTC), the next a day later.
    let prev_jam = PTP_2026_03_15_MIDNIGHT_UTC + 4 * 3600;
    let m = SmpteSyncMetadata {
        default_system_frame_rate_numerator: 30_000,
        default_system_frame_rate_denominator: 1001,
        master_locking_status: 4,
        time_address_flags: 1,
        current_local_offset: -4 * 3600 - 37,
        jump_seconds: 0,
        time_of_next_jump: 0,
        time_of_next_jam: prev_jam + 86_400,
        time_of_previous_jam: prev_jam,
        previous_jam_local_offset: -4 * 3600 - 37,
        daylight_saving: 0b101,
        leap_second_jump: 0,
    };
    let g = TimeCodeGenerator::from_sync_metadata(&m).unwrap();
    assert_eq!(g.jam_time_of_day(), 0);
    assert!(g.format().drop_frame());
    assert!(g.local().daylight_saving_at(prev_jam));
    let by_hand = TimeCodeGenerator::new(
        TimeCodeFormat::new(Rate::FPS_29_97, true).unwrap(),
        LocalTimeOffset::fixed(-4 * 3600 - 37),
    );
    // 12:34:56.5 UTC is 08:34:56.5 EDT; the count from the jam agrees with a generator
    // that jams at local midnight by itself.
    let t = ts(PTP_2026_03_15_123456, 500_000_000);
    assert_eq!(g.time_code_and_date(t), by_hand.time_code_and_date(t));
    assert_eq!(g.time_code(t).hours, 8);
    // At 23.98 the count runs 1000/1001 slow: jammed at midnight it reads 02:59:49:05
    // on the first frame at or after 03:00 EDT (258_941 frames later); a jam at 03:00
    // local sets that frame to 03:00:00:00.
    let midnight = TimeCodeGenerator::new(
        TimeCodeFormat::for_rate(Rate::FPS_23_98).unwrap(),
        LocalTimeOffset::fixed(-4 * 3600 - 37),
    );
    let at_three = midnight
        .with_jams(
            Some(Jam {
                time: prev_jam + 3 * 3600,
                local_offset: -4 * 3600 - 37,
            }),
            None,
        )
        .with_jam_time_of_day(3 * 3600)
        .unwrap();
    let jam = st2059::next_alignment_point(Rate::FPS_23_98, ts(prev_jam + 3 * 3600, 0)).frame;
    let jam0 = st2059::next_alignment_point(Rate::FPS_23_98, ts(prev_jam, 0)).frame;
    assert_eq!(jam - jam0, 258_941);
    assert_eq!(midnight.time_code_of_frame(jam).unwrap(), tc("02:59:49:05"));
    assert_eq!(at_three.time_code_of_frame(jam).unwrap(), tc("03:00:00:00"));
    // Before 03:00 the 03:00 jam counts from the day before's 03:00 jam.
    assert_eq!(
        at_three.time_code_of_frame(jam - 1).unwrap(),
        tc("02:58:33:15")
    );
    assert_eq!(
        at_three.frame_of_time_code(date(2026, 3, 15), &tc("03:00:00:00")),
        Ok(jam)
    );

    let mut bad = m;
    bad.default_system_frame_rate_denominator = 0;
    assert_eq!(
        TimeCodeGenerator::from_sync_metadata(&bad),
        Err(Error::ZeroDenominator { numerator: 30_000 })
    );
    bad = m;
    bad.default_system_frame_rate_numerator = 25;
    bad.default_system_frame_rate_denominator = 1;
    assert!(matches!(
        TimeCodeGenerator::from_sync_metadata(&bad),
        Err(Error::UnsupportedRate {
            drop_frame: true,
            ..
        })
    ));
}

/// Frame rates for the properties: the named ones and arbitrary fractions.
fn rates() -> impl Strategy<Value = Rate> {
    prop_oneof![
        prop::sample::select(vec![
            Rate::FPS_23_98,
            Rate::FPS_24,
            Rate::FPS_25,
            Rate::FPS_29_97,
            Rate::FPS_30,
            Rate::FPS_47_95,
            Rate::FPS_48,
            Rate::FPS_50,
            Rate::FPS_59_94,
            Rate::FPS_60,
            Rate::FPS_100,
            Rate::FPS_119_88,
            Rate::FPS_120,
            Rate::HZ_90000,
            Rate::HZ_48000,
        ]),
        (1u32..1 << 20, 1u32..1 << 12).prop_map(|(n, d)| Rate::new(n, d).unwrap()),
    ]
}

fn instants() -> impl Strategy<Value = Timestamp> {
    (0u64..=Timestamp::MAX_SECONDS, 0u32..1_000_000_000).prop_map(|(s, ns)| ts(s, ns))
}

/// `t` as a fraction of a second: (numerator, denominator) with an exact u128 check
/// that `time * rate` is the whole number `frame`.
fn is_frame_boundary(rate: Rate, time: ExactTime, frame: u128) -> bool {
    // time = (nanos * div + rem) / div ns; time * num / den / 1e9 == frame
    let (rem, div) = time.fraction();
    let lhs = (time.nanos_floor() * div as u128 + rem as u128) * rate.numerator() as u128;
    lhs == frame * rate.denominator() as u128 * 1_000_000_000 * div as u128
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn next_alignment_is_the_first_boundary_at_or_after(rate in rates(), t in instants()) {
        let a = st2059::next_alignment_point(rate, t);
        let t_exact = ExactTime::from(t);
        prop_assert!(a.time >= t_exact);
        let (p, r) = rate.period_nanos();
        let period = ExactTime::new(p as u128, r, rate.numerator()).unwrap();
        prop_assert!(a.time < t_exact.checked_add(period).unwrap());
        prop_assert!(is_frame_boundary(rate, a.time, a.frame));
        prop_assert_eq!(st2059::alignment_point(rate, a.frame).unwrap(), a.time);
        let n = st2059::frame_count(rate, t);
        prop_assert!(a.frame == n || a.frame == n + 1);
        prop_assert_eq!(a.frame == n, st2059::phase(rate, t) == ExactTime::ZERO);
        // The nanosecond at or after the alignment point is in the frame (for rates
        // below 1 GHz every frame lasts at least a nanosecond).
        if let Ok(c) = a.time.to_timestamp_ceil() {
            prop_assert_eq!(st2059::frame_count(rate, c), a.frame);
        }
    }

    #[test]
    fn phase_adds_back_to_the_instant(rate in rates(), t in instants()) {
        let n = st2059::frame_count(rate, t);
        let start = st2059::alignment_point(rate, n).unwrap();
        let ph = st2059::phase(rate, t);
        prop_assert!(start <= ExactTime::from(t));
        prop_assert_eq!(start.checked_add(ph), Some(ExactTime::from(t)));
        let (p, r) = rate.period_nanos();
        prop_assert!(ph < ExactTime::new(p as u128, r, rate.numerator()).unwrap());
    }

    #[test]
    fn rtp_timestamps_are_monotone_mod_2_32(
        clock in prop::sample::select(vec![Rate::HZ_90000, Rate::HZ_48000, Rate::HZ_96000, Rate::HZ_44100]),
        t in instants(),
        dt in 0u64..40_000_000_000_000,
    ) {
        // Two instants less than 2^32 / 96000 s (44 739 s) apart.
        let t_ns = t.seconds as u128 * 1_000_000_000 + t.nanoseconds as u128 + dt as u128;
        let t2 = Timestamp { seconds: (t_ns / 1_000_000_000) as u64, nanoseconds: (t_ns % 1_000_000_000) as u32 };
        let (c1, c2) = (st2059::media_clock_count(clock, t), st2059::media_clock_count(clock, t2));
        prop_assert!(c2 >= c1);
        prop_assert!(c2 - c1 < 1 << 32);
        let d = st2059::rtp_timestamp(clock, t2).wrapping_sub(st2059::rtp_timestamp(clock, t));
        prop_assert_eq!(u128::from(d), c2 - c1);
        // The count is floor(t * clock): within one tick of t_ns * clock / 1e9.
        let exact = t_ns * clock.numerator() as u128;
        prop_assert!(c2 * 1_000_000_000 <= exact && exact < (c2 + 1) * 1_000_000_000);
    }

    #[test]
    fn rtp_of_a_frame_is_the_clock_at_its_alignment_point(
        frame_rate in rates(),
        clock in prop::sample::select(vec![Rate::HZ_90000, Rate::HZ_48000, Rate::HZ_96000]),
        t in instants(),
    ) {
        let a = st2059::next_alignment_point(frame_rate, t);
        // The clock at an exact instant is floor(time * clock); compare with the count at
        // the floor and ceiling nanoseconds, which bracket it.
        let c = st2059::media_clock_count_of_frame(frame_rate, clock, a.frame).unwrap();
        prop_assert_eq!(st2059::rtp_timestamp_of_frame(frame_rate, clock, a.frame), c as u32);
        if let (Ok(lo), Ok(hi)) = (a.time.to_timestamp_floor(), a.time.to_timestamp_ceil()) {
            prop_assert!(st2059::media_clock_count(clock, lo) <= c);
            prop_assert!(c <= st2059::media_clock_count(clock, hi));
        }
    }

    #[test]
    fn time_codes_step_by_one_frame_and_invert(
        rate in prop::sample::select(vec![
            Rate::FPS_23_98, Rate::FPS_24, Rate::FPS_25, Rate::FPS_29_97, Rate::FPS_30,
            Rate::FPS_50, Rate::FPS_59_94, Rate::FPS_60, Rate::FPS_119_88,
        ]),
        zone in -12i32 * 3600..=14 * 3600,
        s in 63_072_010u64..4_102_444_800, // 1972 .. 2100
        ns in 0u32..1_000_000_000,
    ) {
        let zone = zone / 900 * 900;
        let g = TimeCodeGenerator::new(
            TimeCodeFormat::for_rate(rate).unwrap(),
            LocalTimeOffset::from_utc_offset(37, zone, false),
        );
        let f = g.format();
        let t = ts(s, ns);
        let n = st2059::frame_count(rate, t);
        let (code, day) = g.time_code_and_date(t).unwrap();
        prop_assert_eq!(g.time_code_of_frame(n).unwrap(), code);
        // The next frame has the next label, except at a jam, which restarts the count
        // at 00:00:00:00 for rates that are not whole.
        let next = g.time_code_of_frame(n + 1).unwrap();
        let c = f.frame_of_day(&code).unwrap();
        if f.frame_of_day(&next).unwrap() != (c + 1) % f.frames_per_day() {
            prop_assert!(!rate.is_integer());
            prop_assert_eq!(next, TimeCode::new(0, 0, 0, 0, f.drop_frame()));
        }
        // Back from the label and date to the frame: the same frame, or for a label a
        // jammed count reaches twice in a day, its first occurrence.
        let back = g.frame_of_time_code(day, &code).unwrap();
        prop_assert_eq!(g.time_code_of_frame(back).unwrap(), code);
        prop_assert!(back <= n);
        if back != n {
            prop_assert!(!rate.is_integer());
            prop_assert!(c < 8 * u64::from(f.frames_per_label()));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever the metadata and the inputs, the arithmetic answers or returns an error:
    /// it never panics (overflow checks are on in tests).
    #[test]
    fn arbitrary_inputs_never_panic(
        num in any::<u32>(), den in any::<u32>(), flags in any::<u8>(),
        offset in any::<i32>(), jump in any::<i32>(), jump_at in any::<u64>(),
        prev_jam in any::<u64>(), prev_offset in any::<i32>(), next_jam in any::<u64>(),
        seconds in any::<u64>(), nanoseconds in any::<u32>(), frame in any::<u128>(),
        fields in any::<[u8; 5]>(), year in any::<i32>(), month in any::<u8>(), day in any::<u8>(),
    ) {
        let t = Timestamp { seconds, nanoseconds };
        if let Ok(rate) = Rate::new(num, den) {
            let _ = st2059::frame_count(rate, t);
            let _ = st2059::phase(rate, t);
            let a = st2059::next_alignment_point(rate, t);
            let _ = (a.time.to_timestamp_ceil(), a.time.to_time_floor());
            let _ = st2059::alignment_point(rate, frame);
            let _ = st2059::rtp_timestamp(rate, t);
            let _ = st2059::rtp_timestamp_of_frame(rate, Rate::HZ_90000, frame);
            let _ = st2059::media_clock_count_of_frame(Rate::HZ_90000, rate, frame);
        }
        let m = SmpteSyncMetadata {
            default_system_frame_rate_numerator: num,
            default_system_frame_rate_denominator: den,
            master_locking_status: 0,
            time_address_flags: flags,
            current_local_offset: offset,
            jump_seconds: jump,
            time_of_next_jump: jump_at,
            time_of_next_jam: next_jam,
            time_of_previous_jam: prev_jam,
            previous_jam_local_offset: prev_offset,
            daylight_saving: flags,
            leap_second_jump: 0,
        };
        for g in [
            TimeCodeGenerator::from_sync_metadata(&m),
            TimeCodeFormat::new(Rate::FPS_29_97, flags & 1 == 1)
                .map(|f| TimeCodeGenerator::new(f, LocalTimeOffset::from_sync_metadata(&m))),
        ] {
            let Ok(g) = g else { continue };
            let _ = g.time_code(t);
            let _ = g.time_code_and_date(t);
            let _ = g.time_code_of_frame(frame);
            let code = TimeCode::new(fields[0], fields[1], fields[2], fields[3], flags & 1 == 1)
                .with_sub_frame(fields[4] % 4);
            if let Ok(d) = Date::new(year, month, day) {
                let _ = g.frame_of_time_code(d, &code);
            }
            if let Ok(d) = Date::new(2026, 3, 15) {
                let _ = g.frame_of_time_code(d, &code);
            }
        }
    }
}
