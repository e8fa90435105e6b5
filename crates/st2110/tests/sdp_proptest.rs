//! Property tests for SDP: any valid ST 2110-20 description written by
//! `VideoSdp::emit` reads back as itself; any text (arbitrary bytes, or the examples
//! damaged at random) gives a value or an error naming a line inside the text, never a
//! panic, and whatever reads as a description writes back to text that reads the same.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use mediafabric_ptp::st2059::Rate;
use mediafabric_st2110::format::{Depth, Format, Sampling};
use mediafabric_st2110::sdp::{
    AddressType, Colorimetry, Connection, FilterMode, MediaClock, Origin, PackingMode, Par,
    PtpVersion, RefClock, RefClocks, SampleRange, SenderType, Session, SourceFilter, Ssn, Stream,
    Tcs, Timing, VideoFormat, VideoSdp,
};
use proptest::prelude::*;
use proptest::sample::select;

fn format() -> impl Strategy<Value = VideoFormat> {
    (
        select(Sampling::ALL.to_vec()),
        select(Depth::ALL.to_vec()),
        any::<u32>(),
        1u32..=32767,
        prop_oneof![
            (1u32..=300).prop_map(|n| Rate::new(n, 1).unwrap()),
            (1u32..=240).prop_map(|n| Rate::new(n * 1000, 1001).unwrap()),
            (1u32.., 1u32..100_000).prop_map(|(n, d)| Rate::new(n, d).unwrap()),
        ],
        select(Colorimetry::ALL.to_vec()),
        (
            select(PackingMode::ALL.to_vec()),
            select(Ssn::ALL.to_vec()),
            select(SenderType::ALL.to_vec()),
        ),
        (any::<bool>(), any::<bool>()),
        (
            proptest::option::of(select(Tcs::ALL.to_vec())),
            proptest::option::of(select(SampleRange::ALL.to_vec())),
            proptest::option::of(1u16..=8960),
            proptest::option::of((1u32.., 1u32..)),
            proptest::option::of(any::<u32>()),
            proptest::option::of(1u32..),
        ),
    )
        .prop_map(
            |(sampling, depth, w, h, rate, colorimetry, (pm, ssn, tp), (il, seg), opt)| {
                let pw = Format::new(sampling, depth).pgroup().width();
                let width = (w % (32767 / pw) + 1) * pw;
                let height = if sampling.two_rows() {
                    (h / 2).max(1) * 2
                } else {
                    h
                };
                let mut f = VideoFormat::new(sampling, depth, width, height, rate, colorimetry);
                f.packing_mode = pm;
                f.ssn = ssn;
                f.tp = tp;
                f.interlace = il;
                f.segmented = il && seg;
                let (tcs, range, maxudp, par, troff, cmax) = opt;
                f.tcs = tcs;
                f.range = range;
                f.maxudp = maxudp;
                f.par = par.map(|(width, height)| Par { width, height });
                f.troff = troff;
                f.cmax = cmax;
                f
            },
        )
}

fn v4(multicast: bool) -> impl Strategy<Value = IpAddr> {
    any::<[u8; 4]>().prop_map(move |mut b| {
        b[0] = if multicast {
            224 + b[0] % 16
        } else {
            b[0] % 224
        };
        IpAddr::V4(Ipv4Addr::from(b))
    })
}

fn v6(multicast: bool) -> impl Strategy<Value = IpAddr> {
    any::<[u8; 16]>().prop_map(move |mut b| {
        if multicast {
            b[0] = 0xff;
        } else if b[0] == 0xff {
            b[0] = 0x20;
        }
        IpAddr::V6(Ipv6Addr::from(b))
    })
}

fn connection() -> impl Strategy<Value = Connection> {
    prop_oneof![
        (v4(true), any::<u8>(), proptest::option::of(1u32..=u32::MAX)).prop_map(
            |(address, ttl, count)| Connection {
                address,
                ttl: Some(ttl),
                count
            }
        ),
        v4(false).prop_map(Connection::new),
        (v6(true), proptest::option::of(1u32..)).prop_map(|(address, count)| Connection {
            address,
            ttl: None,
            count
        }),
        v6(false).prop_map(Connection::new),
    ]
}

fn ref_clock() -> impl Strategy<Value = RefClock<'static>> {
    prop_oneof![
        (
            select(PtpVersion::ALL.to_vec()),
            any::<[u8; 8]>(),
            proptest::option::of(0u8..=127)
        )
            .prop_map(|(version, grandmaster, domain)| RefClock::Ptp {
                version,
                grandmaster,
                domain
            }),
        select(PtpVersion::ALL.to_vec()).prop_map(RefClock::PtpTraceable),
        any::<[u8; 6]>().prop_map(RefClock::LocalMac),
        select(vec![
            "gps",
            "ntp=/traceable/",
            "ntp=192.0.2.1:123",
            "local",
            "private:traceable"
        ])
        .prop_map(RefClock::Other),
    ]
}

fn stream(mid: Option<&'static str>) -> impl Strategy<Value = Stream<'static>> {
    (
        1u16..,
        connection(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(any::<[u8; 16]>(), 1..=8),
        prop::collection::vec(ref_clock(), 1..=4),
    )
        .prop_map(
            move |(port, destination, filter, star, exclude, sources, clocks)| {
                let mut s = Stream::new(port, destination, clocks[0]);
                s.mid = mid;
                for c in &clocks[1..] {
                    s.ref_clocks.push(*c).unwrap();
                }
                if filter {
                    let t = AddressType::of(&destination.address);
                    let sources: Vec<IpAddr> = sources
                        .iter()
                        .map(|b| match t {
                            AddressType::Ip4 => IpAddr::V4(Ipv4Addr::new(b[0], b[1], b[2], b[3])),
                            AddressType::Ip6 => IpAddr::V6(Ipv6Addr::from(*b)),
                        })
                        .collect();
                    let mode = if exclude {
                        FilterMode::Exclude
                    } else {
                        FilterMode::Include
                    };
                    let dest = (!star).then_some(destination.address);
                    s.source_filter = Some(SourceFilter::new(mode, t, dest, &sources).unwrap());
                }
                s
            },
        )
}

/// The owned parts of a description (its text fields), and the rest.
#[derive(Debug, Clone)]
struct Parts {
    username: String,
    address: String,
    name: String,
    info: Option<String>,
    ids: (u64, u64),
    timing: Timing,
    payload_type: u8,
    format: VideoFormat,
    media_clock: MediaClock<'static>,
    primary: Stream<'static>,
    secondary: Option<Stream<'static>>,
}

fn parts() -> impl Strategy<Value = Parts> {
    let mids = prop_oneof![
        Just((None, None)),
        Just((Some("primary"), None)),
        Just((Some("primary"), Some("secondary"))),
        Just((Some("1"), Some("2"))),
        Just((Some("B"), Some("A"))),
    ];
    (
        ("[a-z0-9_.-]{1,12}", "[a-z0-9.:-]{1,24}", "\\PC{1,24}"),
        proptest::option::of("\\PC{0,24}"),
        (any::<u64>(), any::<u64>(), any::<u64>(), any::<u64>()),
        0u8..=127,
        format(),
        (
            proptest::option::of(any::<u64>()),
            proptest::option::of((1u32.., 1u32..)),
        ),
        mids.prop_flat_map(|(a, b)| {
            (
                stream(a),
                match b {
                    Some(b) => stream(Some(b)).prop_map(Some).boxed(),
                    None => Just(None).boxed(),
                },
            )
        }),
    )
        .prop_map(
            |(
                (username, address, name),
                info,
                (id, ver, start, stop),
                pt,
                format,
                (offset, rate),
                (primary, secondary),
            )| {
                Parts {
                    username,
                    address,
                    name,
                    info,
                    ids: (id, ver),
                    timing: Timing { start, stop },
                    payload_type: pt,
                    format,
                    media_clock: MediaClock::Direct {
                        offset,
                        rate: rate.map(|(n, d)| Rate::new(n, d).unwrap()),
                    },
                    primary,
                    secondary,
                }
            },
        )
}

fn build(p: &Parts) -> VideoSdp<'_> {
    let origin = Origin {
        username: &p.username,
        session_id: p.ids.0,
        session_version: p.ids.1,
        address_type: AddressType::Ip4,
        address: &p.address,
    };
    let mut sdp = VideoSdp::new(origin, &p.name, p.payload_type, p.format, p.primary);
    sdp.session_info = p.info.as_deref();
    sdp.timing = p.timing;
    sdp.media_clock = p.media_clock;
    sdp.secondary = p.secondary;
    sdp
}

/// Whatever reads as a description writes back to text that reads as the same one.
fn oracle(text: &str) {
    let lines = text.split('\n').count();
    match VideoSdp::parse(text) {
        Ok(sdp) => {
            let mut buf = vec![0u8; sdp.buffer_len()];
            let n = sdp.emit(&mut buf).expect("what parses, writes");
            let out = std::str::from_utf8(&buf[..n]).unwrap();
            assert_eq!(VideoSdp::parse(out), Ok(sdp), "{text:?}\n->\n{out}");
        }
        Err(e) => {
            let line = e.line().expect("an SDP error");
            assert!(line >= 1 && line <= lines + 1, "{e} in {lines} lines");
            assert!(e.field().is_some());
        }
    }
    if let Ok(s) = Session::parse(text) {
        // Every view of a checked session works.
        assert_eq!(s.media().count(), s.media_count());
        let total: usize = s.media().map(|m| m.lines().count() + 1).sum();
        assert_eq!(s.session_lines().count() + total, s.lines().count());
        for m in s.media() {
            let _ = (m.info(), m.connections().count(), m.attributes().count());
        }
        let _ = s.attributes().count();
    }
}

const EXAMPLES: [&str; 6] = [
    include_str!("data/sdp/1080p5994-422-10-gpm-tpn.sdp"),
    include_str!("data/sdp/1080p50-2022-7.sdp"),
    include_str!("data/sdp/2160p50-bpm-hlg.sdp"),
    include_str!("data/sdp/1080i5994-interlace.sdp"),
    include_str!("data/sdp/640x360-i420-gstreamer.sdp"),
    include_str!("data/sdp/gst-rfc4175-uyvp-640x360.sdp"),
];

/// Pieces of SDP to splice into an example.
const PIECES: [&str; 24] = [
    "\n",
    "\r\n",
    "\r",
    " ",
    ";",
    "=",
    ":",
    "/",
    "a=",
    "m=video 5004 RTP/AVP 96\n",
    "c=IN IP4 239.1.1.1/64\n",
    "a=group:DUP a b\n",
    "a=mid:a\n",
    "a=mid:b\n",
    "interlace; segmented; ",
    "a=mediaclk:direct=0\n",
    "a=ts-refclk:ptp=IEEE1588-2008:traceable\n",
    "exactframerate=30000/1001; ",
    "width=1921; ",
    "IP6 ",
    "ff3e::1",
    "\u{e9}",
    "0",
    "99999999999999999999",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(384))]

    #[test]
    fn written_descriptions_read_back(p in parts()) {
        let sdp = build(&p);
        sdp.validate().unwrap();
        let mut buf = vec![0u8; sdp.buffer_len()];
        let n = sdp.emit(&mut buf).unwrap();
        let text = std::str::from_utf8(&buf[..n]).unwrap();
        prop_assert_eq!(VideoSdp::parse(text), Ok(sdp));
        let mut s = String::new();
        sdp.write_to(&mut s).unwrap();
        prop_assert_eq!(s.as_str(), text);
        // With LF endings too.
        let lf = text.replace("\r\n", "\n");
        prop_assert_eq!(VideoSdp::parse(&lf), Ok(sdp));
        // A short buffer is an error, never a panic or a partial success.
        let mut short = vec![0u8; n / 2];
        prop_assert!(sdp.emit(&mut short).is_err());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = Session::parse_bytes(&bytes);
        if let Ok(text) = std::str::from_utf8(&bytes) {
            oracle(text);
        } else {
            prop_assert!(VideoSdp::parse_bytes(&bytes).is_err());
        }
    }

    #[test]
    fn damaged_examples_never_panic_and_round_trip(
        which in 0..EXAMPLES.len(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..5, prop::option::of(select(PIECES.to_vec()))), 1..4),
    ) {
        let mut text = EXAMPLES[which].to_string();
        for (at, cut, piece) in edits {
            let mut i = at.index(text.len() + 1);
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            let mut j = (i + cut).min(text.len());
            while !text.is_char_boundary(j) {
                j -= 1;
            }
            text.replace_range(i..j, piece.unwrap_or(""));
        }
        oracle(&text);
    }

    #[test]
    fn lines_of_the_examples_in_any_order(which in 0..EXAMPLES.len(), seed in any::<u64>()) {
        // Shuffled lines: most orders are refused by RFC 8866 §9, none panics.
        let mut lines: Vec<&str> = EXAMPLES[which].lines().collect();
        let mut s = seed;
        for i in (1..lines.len()).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            lines.swap(i, (s >> 33) as usize % (i + 1));
        }
        oracle(&lines.join("\n"));
    }
}

#[test]
fn ref_clocks_hold_four() {
    let mut c = RefClocks::new();
    for d in 0..4 {
        c.push(RefClock::Ptp {
            version: PtpVersion::Ieee1588_2008,
            grandmaster: [d; 8],
            domain: Some(d),
        })
        .unwrap();
    }
    assert_eq!(c.len(), 4);
    let e = c.push(RefClock::Other("gps")).unwrap_err();
    assert_eq!(e.field(), Some("ts-refclk"));
    assert_eq!(
        c.iter().map(|r| r.to_string()).last().unwrap(),
        "ptp=IEEE1588-2008:03-03-03-03-03-03-03-03:3"
    );
    // Written and read back with all four.
    let f = VideoFormat::new(
        Sampling::Key,
        Depth::Bits10,
        1920,
        1080,
        Rate::FPS_25,
        Colorimetry::Alpha,
    );
    let mut s = Stream::new(
        1,
        Connection::new(IpAddr::V4(Ipv4Addr::LOCALHOST)),
        RefClock::Other("gps"),
    );
    s.ref_clocks = c;
    let origin = Origin {
        username: "-",
        session_id: 0,
        session_version: 0,
        address_type: AddressType::Ip4,
        address: "127.0.0.1",
    };
    let sdp = VideoSdp::new(origin, " ", 96, f, s);
    let mut buf = [0u8; 2048];
    let n = sdp.emit(&mut buf).unwrap();
    let text = std::str::from_utf8(&buf[..n]).unwrap();
    assert_eq!(VideoSdp::parse(text), Ok(sdp));
    // A fifth in the text is refused on its line.
    let five = text.replace("a=mediaclk", "a=ts-refclk:gps\r\na=mediaclk");
    let e = VideoSdp::parse(&five).unwrap_err();
    assert_eq!(e.field(), Some("ts-refclk"));
    assert_eq!(
        e.line(),
        Some(five.lines().position(|l| l == "a=ts-refclk:gps").unwrap() + 1)
    );
}
