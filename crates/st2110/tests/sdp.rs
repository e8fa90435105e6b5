//! SDP for ST 2110-20: the example descriptions in tests/data/sdp/ (README there) read
//! to the values they say, write back to text that reads the same, every error names its
//! line and parameter, and GStreamer's RTP caps and capture are described by an SDP we
//! write and read.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use mediafabric_ptp::st2059::Rate;
use mediafabric_st2110::Error;
use mediafabric_st2110::format::{Depth, Sampling};
use mediafabric_st2110::sdp::{
    AddressType, Attribute, Colorimetry, Connection, FilterMode, MediaClock, Origin, PackingMode,
    Par, PtpVersion, RefClock, RefClocks, SampleRange, SenderType, Session, SourceFilter, Ssn,
    Stream, Tcs, Timing, VideoFormat, VideoSdp,
};

fn data(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/data/sdp/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// Writes `sdp`, checks the text is CRLF-terminated lines in RFC 8866 order, reads it
/// back and checks it is the same description; returns the text.
fn round_trip(sdp: &VideoSdp<'_>) -> String {
    let mut buf = vec![0u8; sdp.buffer_len()];
    let n = sdp.emit(&mut buf).unwrap();
    assert_eq!(n, buf.len());
    let text = String::from_utf8(buf).unwrap();
    assert!(text.ends_with("\r\n"));
    assert!(!text.replace("\r\n", "").contains('\n'));
    let mut via_fmt = String::new();
    sdp.write_to(&mut via_fmt).unwrap();
    assert_eq!(via_fmt, text);
    let again = VideoSdp::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(&again, sdp, "{text}");
    text
}

const GM: [u8; 8] = [0x08, 0x00, 0x11, 0xFF, 0xFE, 0x22, 0x39, 0xE4];

#[test]
fn p1080_5994_gpm_tpn_with_ptp_and_direct_0() {
    let text = data("1080p5994-422-10-gpm-tpn.sdp");
    assert!(text.contains("\r\n"), "this example uses CRLF");
    let sdp = VideoSdp::parse(&text).unwrap();
    assert_eq!(
        sdp.origin,
        Origin {
            username: "-",
            session_id: 1624444003,
            session_version: 1624444003,
            address_type: AddressType::Ip4,
            address: "192.168.10.21",
        }
    );
    assert_eq!(sdp.session_name, "CAM-01 video");
    assert_eq!(
        sdp.session_info,
        Some("1080p59.94 YCbCr-4:2:2 10-bit, general packing, narrow sender")
    );
    assert_eq!(sdp.timing, Timing { start: 0, stop: 0 });
    assert_eq!(sdp.payload_type, 96);
    let mut f = VideoFormat::new(
        Sampling::YCbCr422,
        Depth::Bits10,
        1920,
        1080,
        Rate::FPS_59_94,
        Colorimetry::Bt709,
    );
    f.tcs = Some(Tcs::Sdr);
    assert_eq!(sdp.format, f);
    assert_eq!(sdp.format.packing_mode, PackingMode::General);
    assert_eq!(sdp.format.ssn, Ssn::St2110_20_2017);
    assert_eq!(sdp.format.tp, SenderType::Narrow);
    assert_eq!(sdp.format.format().pgroup().octets, 5);
    assert_eq!(sdp.media_clock, MediaClock::direct(0));
    let s = &sdp.primary;
    assert_eq!(s.port, 5004);
    assert_eq!(s.mid, None);
    assert_eq!(
        s.destination,
        Connection::multicast_v4(Ipv4Addr::new(239, 10, 21, 1), 64)
    );
    assert_eq!(
        s.source_filter,
        Some(
            SourceFilter::include(
                IpAddr::V4(Ipv4Addr::new(239, 10, 21, 1)),
                IpAddr::V4(Ipv4Addr::new(192, 168, 10, 21))
            )
            .unwrap()
        )
    );
    assert_eq!(
        s.ref_clocks,
        RefClocks::one(RefClock::Ptp {
            version: PtpVersion::Ieee1588_2008,
            grandmaster: GM,
            domain: Some(127),
        })
    );
    assert_eq!(sdp.secondary, None);
    let out = round_trip(&sdp);
    assert_eq!(
        out,
        "v=0\r\n\
         o=- 1624444003 1624444003 IN IP4 192.168.10.21\r\n\
         s=CAM-01 video\r\n\
         i=1080p59.94 YCbCr-4:2:2 10-bit, general packing, narrow sender\r\n\
         t=0 0\r\n\
         m=video 5004 RTP/AVP 96\r\n\
         c=IN IP4 239.10.21.1/64\r\n\
         a=source-filter: incl IN IP4 239.10.21.1 192.168.10.21\r\n\
         a=rtpmap:96 raw/90000\r\n\
         a=fmtp:96 sampling=YCbCr-4:2:2; width=1920; height=1080; exactframerate=60000/1001; \
         depth=10; TCS=SDR; colorimetry=BT709; PM=2110GPM; SSN=ST2110-20:2017; TP=2110TPN\r\n\
         a=ts-refclk:ptp=IEEE1588-2008:08-00-11-FF-FE-22-39-E4:127\r\n\
         a=mediaclk:direct=0\r\n"
    );
}

#[test]
fn session_layer_keeps_unknown_attributes_and_lines() {
    let text = data("1080p5994-422-10-gpm-tpn.sdp");
    let s = Session::parse(&text).unwrap();
    assert_eq!(s.lines().count(), 14);
    assert_eq!(s.name(), "CAM-01 video");
    let session_attrs: Vec<_> = s.attributes().collect();
    assert_eq!(
        session_attrs,
        [Attribute {
            line: 6,
            name: "recvonly",
            value: None
        }]
    );
    assert_eq!(s.media_count(), 1);
    let m = s.media().next().unwrap();
    assert_eq!(m.line(), 7);
    assert_eq!(m.media_line().media, "video");
    assert_eq!(m.media_line().formats().collect::<Vec<_>>(), ["96"]);
    let names: Vec<_> = m.attributes().map(|a| (a.line, a.name)).collect();
    assert_eq!(
        names,
        [
            (9, "source-filter"),
            (10, "rtpmap"),
            (11, "fmtp"),
            (12, "ts-refclk"),
            (13, "mediaclk"),
            (14, "framerate")
        ]
    );
    assert_eq!(
        m.attribute("framerate").unwrap().value,
        Some("59.94"),
        "an attribute this crate does not type is still there"
    );
    let fmtp =
        mediafabric_st2110::sdp::Fmtp::parse(m.attribute("fmtp").unwrap().value.unwrap(), 11)
            .unwrap();
    let params: Vec<_> = fmtp.params().map(|p| (p.name, p.value)).collect();
    assert_eq!(params.len(), 10);
    assert_eq!(params[3], ("exactframerate", Some("60000/1001")));
    // The same text with LF endings reads the same.
    let lf = text.replace("\r\n", "\n");
    assert_eq!(
        VideoSdp::parse(&lf).unwrap(),
        VideoSdp::parse(&text).unwrap()
    );
    // And without the final line ending, or with trailing empty lines.
    let cut = lf.trim_end();
    assert_eq!(
        VideoSdp::parse(cut).unwrap(),
        VideoSdp::parse(&text).unwrap()
    );
    let padded = format!("{lf}\n\n");
    assert_eq!(
        VideoSdp::parse(&padded).unwrap(),
        VideoSdp::parse(&text).unwrap()
    );
}

#[test]
fn st2022_7_pair_with_dup_group_and_two_source_filters() {
    let text = data("1080p50-2022-7.sdp");
    let sdp = VideoSdp::parse(&text).unwrap();
    assert_eq!(sdp.payload_type, 112);
    assert_eq!(sdp.format.exactframerate, Rate::FPS_50);
    let a = sdp.primary;
    let b = sdp.secondary.unwrap();
    assert_eq!((a.mid, b.mid), (Some("primary"), Some("secondary")));
    assert_eq!((a.port, b.port), (20000, 20000));
    assert_eq!(
        a.destination,
        Connection::multicast_v4(Ipv4Addr::new(239, 20, 30, 1), 32)
    );
    assert_eq!(
        b.destination,
        Connection::multicast_v4(Ipv4Addr::new(239, 120, 30, 1), 32)
    );
    let fa = a.source_filter.unwrap();
    let fb = b.source_filter.unwrap();
    assert_eq!(fa.mode, FilterMode::Include);
    assert_eq!(
        fa.sources().collect::<Vec<_>>(),
        [IpAddr::V4(Ipv4Addr::new(192, 168, 20, 30))]
    );
    assert_eq!(
        fb.sources().collect::<Vec<_>>(),
        [IpAddr::V4(Ipv4Addr::new(192, 168, 120, 30))]
    );
    assert_eq!(sdp.streams().count(), 2);
    let out = round_trip(&sdp);
    assert!(out.contains("t=0 0\r\na=group:DUP primary secondary\r\nm=video 20000"));
    assert_eq!(out.matches("a=mid:").count(), 2);
    // The group may name the two mids in either order.
    let swapped = text.replace("DUP primary secondary", "DUP secondary primary");
    assert_eq!(VideoSdp::parse(&swapped).unwrap(), sdp);
}

#[test]
fn uhd_block_packing_with_every_optional_parameter_over_ipv6() {
    let text = data("2160p50-bpm-hlg.sdp");
    let sdp = VideoSdp::parse(&text).unwrap();
    let f = sdp.format;
    assert_eq!((f.width, f.height), (3840, 2160));
    assert_eq!(f.exactframerate, Rate::FPS_50);
    assert_eq!(f.packing_mode, PackingMode::Block);
    assert_eq!(f.ssn, Ssn::St2110_20_2022);
    assert_eq!(f.tp, SenderType::Wide);
    assert_eq!(f.colorimetry, Colorimetry::Bt2100);
    assert_eq!(f.tcs, Some(Tcs::Hlg));
    assert_eq!(f.range, Some(SampleRange::Narrow));
    assert_eq!(f.maxudp, Some(8960));
    assert_eq!(
        f.par,
        Some(Par {
            width: 1,
            height: 1
        })
    );
    assert_eq!(f.troff, Some(37));
    assert_eq!(f.cmax, Some(16));
    assert!(!f.interlace && !f.segmented);
    let group: Ipv6Addr = "ff3e::8000:21".parse().unwrap();
    assert_eq!(sdp.primary.destination, Connection::new(IpAddr::V6(group)));
    assert_eq!(
        sdp.primary.source_filter.unwrap().address_type,
        AddressType::Ip6
    );
    // ts-refclk and mediaclk come from the session level.
    assert_eq!(
        sdp.primary.ref_clocks.first(),
        Some(RefClock::PtpTraceable(PtpVersion::Ieee1588_2008))
    );
    assert_eq!(sdp.media_clock, MediaClock::direct(0));
    let out = round_trip(&sdp);
    assert!(out.contains(
        "SSN=ST2110-20:2022; TP=2110TPW; RANGE=NARROW; MAXUDP=8960; PAR=1:1; TROFF=37; CMAX=16\r\n"
    ));
    assert!(out.contains("m=video 50020 RTP/AVP 98\r\nc=IN IP6 ff3e::8000:21\r\n"));
}

#[test]
fn interlaced_1080i_without_segmented() {
    let text = data("1080i5994-interlace.sdp");
    let sdp = VideoSdp::parse(&text).unwrap();
    assert!(sdp.format.interlace);
    assert!(!sdp.format.segmented);
    assert_eq!(sdp.format.exactframerate, Rate::FPS_29_97);
    assert_eq!(sdp.format.tp, SenderType::NarrowLinear);
    assert_eq!(sdp.format.tcs, None);
    assert_eq!(sdp.format.tcs_or_default(), Tcs::Sdr);
    assert_eq!(sdp.format.range_or_default(), SampleRange::Narrow);
    assert_eq!(
        sdp.primary.ref_clocks.first(),
        Some(RefClock::LocalMac([0x40, 0xA3, 0x6B, 0xA0, 0x2B, 0xD2]))
    );
    assert_eq!(sdp.primary.destination.ttl, Some(16));
    let out = round_trip(&sdp);
    assert!(out.contains("TP=2110TPNL; interlace\r\n"));
    // `interlace=1` (written by some senders) means the same.
    let eq1 = text.replace("; interlace", "; interlace=1");
    assert_eq!(VideoSdp::parse(&eq1).unwrap(), sdp);
    // PsF: segmented with interlace.
    let psf = text.replace("; interlace", "; interlace; segmented");
    let psf = VideoSdp::parse(&psf).unwrap();
    assert!(psf.format.segmented);
    round_trip(&psf);
}

/// GStreamer 1.22's caps for `rtpvrawpay pt=96` (as `gst-launch-1.0 -v` prints them;
/// the ssrc, timestamp-offset and seqnum-offset, which change from run to run, left out).
const GST_I420_CAPS: &str = "application/x-rtp, media=(string)video, clock-rate=(int)90000, encoding-name=(string)RAW, sampling=(string)YCbCr-4:2:0, depth=(string)8, width=(string)640, height=(string)360, colorimetry=(string)BT601-5, payload=(int)96, a-framerate=(string)25";
const GST_UYVP_CAPS: &str = "application/x-rtp, media=(string)video, clock-rate=(int)90000, encoding-name=(string)RAW, sampling=(string)YCbCr-4:2:2, depth=(string)10, width=(string)640, height=(string)360, colorimetry=(string)BT601-5, payload=(int)96, a-framerate=(string)50";

fn caps_field<'c>(caps: &'c str, name: &str) -> &'c str {
    caps.split(", ")
        .find_map(|f| f.strip_prefix(name)?.strip_prefix('='))
        .map(|v| v.split_once(')').map_or(v, |(_, v)| v))
        .unwrap_or_else(|| panic!("{name} not in {caps}"))
}

/// The ST 2110-20 format GStreamer's caps describe (its colorimetry names are RFC
/// 4175's, `BT601-5`, which ST 2110-20 writes `BT601`).
fn format_from_caps(caps: &str) -> (u8, VideoFormat) {
    assert_eq!(caps_field(caps, "clock-rate"), "90000");
    assert_eq!(caps_field(caps, "encoding-name"), "RAW");
    let colorimetry = match caps_field(caps, "colorimetry") {
        "BT601-5" => Colorimetry::Bt601,
        "BT709-2" => Colorimetry::Bt709,
        "BT2020" => Colorimetry::Bt2020,
        c => panic!("colorimetry {c}"),
    };
    let mut f = VideoFormat::new(
        Sampling::from_name(caps_field(caps, "sampling")).unwrap(),
        Depth::from_name(caps_field(caps, "depth")).unwrap(),
        caps_field(caps, "width").parse().unwrap(),
        caps_field(caps, "height").parse().unwrap(),
        Rate::new(caps_field(caps, "a-framerate").parse().unwrap(), 1).unwrap(),
        colorimetry,
    );
    // GStreamer sends without ST 2110-21 pacing: the loosest sender type.
    f.tp = SenderType::Wide;
    (caps_field(caps, "payload").parse().unwrap(), f)
}

/// The sender of the shared capture: 10.77.0.1 (MAC 8e:2a:0f:60:4e:d7) to 10.77.0.2:5004.
const GST_MAC: [u8; 6] = [0x8E, 0x2A, 0x0F, 0x60, 0x4E, 0xD7];

fn gst_sdp<'a>(name: &'a str, caps: &str) -> VideoSdp<'a> {
    let (pt, format) = format_from_caps(caps);
    let origin = Origin {
        username: "-",
        session_id: 0,
        session_version: 0,
        address_type: AddressType::Ip4,
        address: "10.77.0.1",
    };
    let stream = Stream::new(
        5004,
        Connection::new(IpAddr::V4(Ipv4Addr::new(10, 77, 0, 2))),
        RefClock::LocalMac(GST_MAC),
    );
    VideoSdp::new(origin, name, pt, format, stream)
}

#[test]
fn gstreamer_i420_caps_as_sdp() {
    let sdp = gst_sdp("GStreamer rtpvrawpay I420", GST_I420_CAPS);
    round_trip(&sdp);
    assert_eq!(
        VideoSdp::parse(&data("640x360-i420-gstreamer.sdp")).unwrap(),
        sdp
    );
    assert_eq!(sdp.format.format().pgroup().octets, 6);
    assert_eq!(sdp.format.format().row_octets(640), Some(1920));
}

#[test]
fn gstreamer_capture_is_described_by_its_sdp() {
    use etherparse::{NetSlice, SlicedPacket, TransportSlice};
    use mediafabric_st2110::rfc4175::Payload;
    use mediafabric_st2110::rtp::Packet;
    use pcap_file::pcap::PcapReader;

    let text = data("gst-rfc4175-uyvp-640x360.sdp");
    let sdp = VideoSdp::parse(&text).unwrap();
    // What we would write from GStreamer's caps is that description (plus its filter).
    let mut from_caps = gst_sdp(sdp.session_name, GST_UYVP_CAPS);
    from_caps.primary.source_filter = sdp.primary.source_filter;
    assert_eq!(from_caps, sdp);
    round_trip(&sdp);

    let pcap = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/gst-rfc4175-uyvp-640x360.pcap"
    ))
    .unwrap();
    let f = sdp.format;
    let pgroup = f.format().pgroup();
    let row_octets = f.format().row_octets(f.width).unwrap() as usize;
    let ticks_per_frame = 90_000 * f.exactframerate.denominator() / f.exactframerate.numerator();
    let mut reader = PcapReader::new(&pcap[..]).unwrap();
    let (mut frames, mut octets, mut last_ts) = (0, 0usize, None::<u32>);
    while let Some(p) = reader.next_packet() {
        let p = p.unwrap();
        let s = SlicedPacket::from_ethernet(&p.data).unwrap();
        let Some(etherparse::LinkSlice::Ethernet2(eth)) = &s.link else {
            panic!("not Ethernet")
        };
        assert!(
            matches!(sdp.primary.ref_clocks.first(), Some(RefClock::LocalMac(m)) if m == eth.source())
        );
        let Some(NetSlice::Ipv4(ip)) = &s.net else {
            panic!("not IPv4")
        };
        assert_eq!(
            IpAddr::V4(ip.header().destination_addr()),
            sdp.primary.destination.address
        );
        let filter = sdp.primary.source_filter.unwrap();
        assert!(
            filter
                .sources()
                .any(|a| a == IpAddr::V4(ip.header().source_addr()))
        );
        let Some(TransportSlice::Udp(udp)) = &s.transport else {
            panic!("not UDP")
        };
        assert_eq!(udp.destination_port(), sdp.primary.port);
        let rtp = Packet::new_checked(udp.payload()).unwrap();
        assert_eq!(rtp.payload_type(), sdp.payload_type);
        if let Some(ts) = last_ts
            && rtp.timestamp() != ts
        {
            assert_eq!(rtp.timestamp(), ts.wrapping_add(ticks_per_frame));
        }
        last_ts = Some(rtp.timestamp());
        for row in Payload::parse(rtp.payload()).unwrap().rows() {
            assert!(u32::from(row.header.row_number) < f.height);
            assert_eq!(u32::from(row.header.offset) % pgroup.width(), 0);
            assert_eq!(row.data.len() % pgroup.octets as usize, 0);
            octets += row.data.len();
        }
        frames += usize::from(rtp.marker());
    }
    assert_eq!(frames, 2);
    assert_eq!(octets, 2 * row_octets * f.height as usize);
}

/// When GStreamer is installed, its caps today are still the ones above.
#[test]
fn gstreamer_caps_match_a_live_run() {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    for (format, rate, caps) in [("I420", 25, GST_I420_CAPS), ("UYVP", 50, GST_UYVP_CAPS)] {
        let out = std::process::Command::new("gst-launch-1.0")
            .args(["-v", "videotestsrc", "num-buffers=1", "!"])
            .arg(format!(
                "video/x-raw,format={format},width=640,height=360,framerate={rate}/1"
            ))
            .args(["!", "rtpvrawpay", "pt=96", "!", "fakesink"])
            .output();
        let out = match out {
            Ok(o) => o,
            Err(e) => {
                assert!(!ci, "gst-launch-1.0 is needed when CI=true: {e}");
                eprintln!("skipped: gst-launch-1.0 not available ({e})");
                return;
            }
        };
        let text = String::from_utf8_lossy(&out.stdout);
        let live = text
            .lines()
            .find_map(|l| l.split_once("caps = application/x-rtp").map(|(_, r)| r))
            .unwrap_or_else(|| panic!("no RTP caps in:\n{text}"));
        let live = format!("application/x-rtp{}", live.trim_end());
        for field in [
            "clock-rate",
            "encoding-name",
            "sampling",
            "depth",
            "width",
            "height",
            "colorimetry",
            "payload",
            "a-framerate",
        ] {
            assert_eq!(
                caps_field(&live, field),
                caps_field(caps, field),
                "{field} in {live}"
            );
        }
    }
}

#[test]
fn built_in_memory_and_written_in_order() {
    let origin = Origin {
        username: "mediafabric",
        session_id: 7,
        session_version: 8,
        address_type: AddressType::Ip4,
        address: "192.0.2.1",
    };
    let mut format = VideoFormat::new(
        Sampling::Rgb,
        Depth::Bits12,
        1280,
        720,
        Rate::FPS_60,
        Colorimetry::Bt2020,
    );
    format.range = Some(SampleRange::FullProtect);
    format.par = Some(Par {
        width: 4,
        height: 3,
    });
    let gm = RefClock::Ptp {
        version: PtpVersion::Ieee1588_2019,
        grandmaster: [0xab, 0xcd, 0xef, 1, 2, 3, 4, 5],
        domain: None,
    };
    let mut a = Stream::new(
        6000,
        Connection::multicast_v4(Ipv4Addr::new(239, 0, 0, 1), 1),
        gm,
    );
    a.mid = Some("A");
    a.ref_clocks
        .push(RefClock::LocalMac([2, 0, 0, 0, 0, 1]))
        .unwrap();
    let mut b = Stream::new(
        6002,
        Connection {
            address: IpAddr::V4(Ipv4Addr::new(239, 0, 1, 1)),
            ttl: Some(255),
            count: Some(2),
        },
        gm,
    );
    b.mid = Some("B");
    b.source_filter = Some(
        SourceFilter::new(
            FilterMode::Exclude,
            AddressType::Ip4,
            None,
            &[
                IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1)),
                IpAddr::V4(Ipv4Addr::new(10, 0, 0, 2)),
            ],
        )
        .unwrap(),
    );
    let mut sdp = VideoSdp::new(origin, "two paths", 127, format, a);
    sdp.secondary = Some(b);
    sdp.session_info = Some("RGB 12-bit");
    sdp.timing = Timing {
        start: 3_900_000_000,
        stop: 0,
    };
    sdp.media_clock = MediaClock::Direct {
        offset: Some(1234),
        rate: Some(Rate::new(90000, 1).unwrap()),
    };
    let text = round_trip(&sdp);
    assert_eq!(
        text,
        "v=0\r\n\
         o=mediafabric 7 8 IN IP4 192.0.2.1\r\n\
         s=two paths\r\n\
         i=RGB 12-bit\r\n\
         t=3900000000 0\r\n\
         a=group:DUP A B\r\n\
         m=video 6000 RTP/AVP 127\r\n\
         c=IN IP4 239.0.0.1/1\r\n\
         a=rtpmap:127 raw/90000\r\n\
         a=fmtp:127 sampling=RGB; width=1280; height=720; exactframerate=60; depth=12; \
         colorimetry=BT2020; PM=2110GPM; SSN=ST2110-20:2017; TP=2110TPN; RANGE=FULLPROTECT; PAR=4:3\r\n\
         a=ts-refclk:ptp=IEEE1588-2019:AB-CD-EF-01-02-03-04-05\r\n\
         a=ts-refclk:localmac=02-00-00-00-00-01\r\n\
         a=mediaclk:direct=1234 rate=90000/1\r\n\
         a=mid:A\r\n\
         m=video 6002 RTP/AVP 127\r\n\
         c=IN IP4 239.0.1.1/255/2\r\n\
         a=source-filter: excl IN IP4 * 10.0.0.1 10.0.0.2\r\n\
         a=rtpmap:127 raw/90000\r\n\
         a=fmtp:127 sampling=RGB; width=1280; height=720; exactframerate=60; depth=12; \
         colorimetry=BT2020; PM=2110GPM; SSN=ST2110-20:2017; TP=2110TPN; RANGE=FULLPROTECT; PAR=4:3\r\n\
         a=ts-refclk:ptp=IEEE1588-2019:AB-CD-EF-01-02-03-04-05\r\n\
         a=mediaclk:direct=1234 rate=90000/1\r\n\
         a=mid:B\r\n"
    );
    // The session layer reads the written text line by line in RFC 8866 order.
    let session = Session::parse(&text).unwrap();
    let kinds: String = session.lines().map(|l| l.kind).collect();
    assert_eq!(kinds, "vositamcaaaaaamcaaaaaa");

    // A buffer one byte short is refused with the size needed, and nothing panics.
    let mut short = vec![0u8; text.len() - 1];
    assert_eq!(
        sdp.emit(&mut short),
        Err(Error::BufferTooSmall {
            needed: text.len(),
            available: text.len() - 1
        })
    );
    // A writer that gives up is an error naming the output.
    struct Full;
    impl core::fmt::Write for Full {
        fn write_str(&mut self, _: &str) -> core::fmt::Result {
            Err(core::fmt::Error)
        }
    }
    assert_eq!(sdp.write_to(&mut Full).unwrap_err().field(), Some("output"));
}

#[test]
fn invalid_descriptions_in_memory_are_refused_before_writing() {
    let text = data("1080p50-2022-7.sdp");
    let base = VideoSdp::parse(&text).unwrap();
    let mut buf = [0u8; 4096];
    let check = |sdp: VideoSdp<'_>, field: &str| {
        let mut buf = [0u8; 4096];
        let e = sdp.emit(&mut buf).unwrap_err();
        assert_eq!((e.line(), e.field()), (Some(0), Some(field)), "{e}");
        assert_eq!(sdp.validate(), Err(e));
    };
    assert!(base.emit(&mut buf).is_ok());
    let mut s = base;
    s.format.width = 1921;
    check(s, "width");
    let mut s = base;
    s.format.segmented = true;
    check(s, "segmented");
    let mut s = base;
    s.session_name = "two\r\nlines";
    check(s, "s");
    let mut s = base;
    s.secondary.as_mut().unwrap().mid = Some("primary");
    check(s, "mid");
    let mut s = base;
    s.primary.mid = Some("has space");
    check(s, "mid");
    let mut s = base;
    s.primary.ref_clocks = RefClocks::new();
    check(s, "ts-refclk");
    let mut s = base;
    s.primary.ref_clocks = RefClocks::one(RefClock::Other("localmac=zz"));
    check(s, "ts-refclk");
    let mut s = base;
    s.media_clock = MediaClock::Sender;
    check(s, "mediaclk");
    let mut s = base;
    s.primary.port = 0;
    check(s, "m");
    let mut s = base;
    s.payload_type = 128;
    check(s, "m");
    let mut s = base;
    s.primary.destination.ttl = None;
    check(s, "c");
    let mut s = base;
    s.primary.destination.address = IpAddr::V4(Ipv4Addr::new(239, 9, 9, 9));
    check(s, "source-filter");
    let mut s = base;
    s.origin.username = "a b";
    check(s, "o");
    let mut s = base;
    s.format.maxudp = Some(9000);
    check(s, "MAXUDP");
}

/// Replaces `from` (which must occur) in `text` with `to`.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} not in the example");
    text.replacen(from, to, 1)
}

/// Every bad description is refused with the right line and parameter.
#[test]
fn every_error_names_its_line_and_parameter() {
    let good = data("1080p50-2022-7.sdp");
    VideoSdp::parse(&good).unwrap();
    // Line numbers of the example: 1 v, 2 o, 3 s, 4 t, 5 group, 6 m, 7 c, 8 source-filter,
    // 9 rtpmap, 10 fmtp, 11 ts-refclk, 12 mediaclk, 13 mid, 14 m (second) ... 21 mid.
    let cases: &[(&str, &str, usize, &str)] = &[
        // The text layer.
        ("v=0", "v=1", 1, "v"),
        ("v=0\n", "", 1, "v"),
        ("o=- 1443716955", "o=- x1443716955", 2, "o"),
        (" IN IP4 192.168.20.30\n", " IN IP9 192.168.20.30\n", 2, "o"),
        ("s=PGM 2022-7", "s=", 3, "s"),
        ("s=PGM 2022-7\n", "", 3, "s"),
        ("t=0 0", "t=0", 4, "t"),
        ("t=0 0\n", "", 4, "t"),
        ("t=0 0", "t=0 0\nt=1 2", 5, "t"),
        ("t=0 0", "t=0 0\n\nx=1", 5, "line"),
        ("t=0 0", "T=0 0", 4, "line"),
        ("t=0 0", "t=0 0\nq=what", 5, "line"),
        ("t=0 0", "r=7d 1h 0\nt=0 0", 4, "r"),
        ("s=PGM 2022-7", "s=PGM\r2022-7", 3, "line"),
        ("s=PGM 2022-7", "i=x\ns=PGM 2022-7", 3, "s"),
        ("a=group:DUP", "b=AS:1\na=group:DUP", 5, "line"),
        (
            "c=IN IP4 239.20.30.1/32",
            "c=IN IP4 239.20.30.1/32\nb=AS:x",
            8,
            "b",
        ),
        ("c=IN IP4 239.20.30.1/32", "c=IN IP4 239.20.30.1", 7, "c"),
        (
            "c=IN IP4 239.20.30.1/32",
            "c=IN IP4 239.20.30.1/256",
            7,
            "c",
        ),
        ("c=IN IP4 239.20.30.1/32", "c=IN IP4 10.0.0.1/32", 7, "c"),
        ("c=IN IP4 239.20.30.1/32", "c=IN IP6 239.20.30.1/32", 7, "c"),
        (
            "c=IN IP4 239.20.30.1/32",
            "c=IN IP4 239.20.30.1/32/0",
            7,
            "c",
        ),
        (
            "c=IN IP4 239.20.30.1/32",
            "c=ATM IP4 239.20.30.1/32",
            7,
            "c",
        ),
        (
            "m=video 20000 RTP/AVP 112",
            "m=video 70000 RTP/AVP 112",
            6,
            "m",
        ),
        ("m=video 20000 RTP/AVP 112", "m=video 20000 RTP/AVP", 6, "m"),
        ("a=mid:primary", "a=mid:", 13, "a"),
        ("a=mid:primary", "a=mi d:primary", 13, "a"),
        ("c=IN IP4 239.20.30.1/32\n", "", 6, "c"),
        (
            "c=IN IP4 239.20.30.1/32",
            "c=IN IP4 239.20.30.1/32\nc=IN IP4 239.20.30.1/32",
            8,
            "c",
        ),
        // Order inside a media section: c= after a=.
        (
            "c=IN IP4 239.20.30.1/32\na=source-filter: incl IN IP4 239.20.30.1 192.168.20.30",
            "a=source-filter: incl IN IP4 239.20.30.1 192.168.20.30\nc=IN IP4 239.20.30.1/32",
            8,
            "line",
        ),
        // The media section.
        (
            "m=video 20000 RTP/AVP 112",
            "m=audio 20000 RTP/AVP 112",
            6,
            "m",
        ),
        (
            "m=video 20000 RTP/AVP 112",
            "m=video 20000 RTP/SAVP 112",
            6,
            "m",
        ),
        (
            "m=video 20000 RTP/AVP 112",
            "m=video 20000/2 RTP/AVP 112",
            6,
            "m",
        ),
        ("m=video 20000 RTP/AVP 112", "m=video 0 RTP/AVP 112", 6, "m"),
        (
            "m=video 20000 RTP/AVP 112",
            "m=video 20000 RTP/AVP 112 113",
            6,
            "m",
        ),
        (
            "m=video 20000 RTP/AVP 112",
            "m=video 20000 RTP/AVP 200",
            6,
            "m",
        ),
        ("a=rtpmap:112 raw/90000\n", "", 6, "rtpmap"),
        (
            "a=rtpmap:112 raw/90000",
            "a=rtpmap:112 raw/48000",
            9,
            "rtpmap",
        ),
        (
            "a=rtpmap:112 raw/90000",
            "a=rtpmap:112 jxsv/90000",
            9,
            "rtpmap",
        ),
        (
            "a=rtpmap:112 raw/90000",
            "a=rtpmap:112 raw/90000/2",
            9,
            "rtpmap",
        ),
        ("a=rtpmap:112 raw/90000", "a=rtpmap:112 raw", 9, "rtpmap"),
        (
            "a=rtpmap:112 raw/90000",
            "a=rtpmap:112 raw/90000\na=rtpmap:112 raw/90000",
            10,
            "rtpmap",
        ),
        ("a=fmtp:112 sampling", "a=fmtp:113 sampling", 10, "fmtp"),
        ("a=fmtp:112 sampling", "a=fmtp:x sampling", 10, "fmtp"),
        ("a=fmtp:112 sampling", "a=fmtp:112", 10, "fmtp"),
        (
            "a=ts-refclk:ptp=IEEE1588-2008:AC-DE-48-FF-FE-23-45-67:127\n",
            "",
            6,
            "ts-refclk",
        ),
        (
            "AC-DE-48-FF-FE-23-45-67:127",
            "AC-DE-48-FF-FE-23-45:127",
            11,
            "ts-refclk",
        ),
        (
            "AC-DE-48-FF-FE-23-45-67:127",
            "AC-DE-48-FF-FE-23-45-67:128",
            11,
            "ts-refclk",
        ),
        (
            "AC-DE-48-FF-FE-23-45-67:127",
            "AC-DE-48-FF-FE-23-45-6G:127",
            11,
            "ts-refclk",
        ),
        (
            "AC-DE-48-FF-FE-23-45-67:127",
            "traceable:1",
            11,
            "ts-refclk",
        ),
        ("ptp=IEEE1588-2008:AC", "localmac=AC", 11, "ts-refclk"),
        ("a=mediaclk:direct=0\n", "", 6, "mediaclk"),
        ("a=mediaclk:direct=0", "a=mediaclk:direct=x", 12, "mediaclk"),
        (
            "a=mediaclk:direct=0",
            "a=mediaclk:direct=0 rate=1/0",
            12,
            "mediaclk",
        ),
        ("a=mediaclk:direct=0", "a=mediaclk:sender", 12, "mediaclk"),
        (
            "a=mediaclk:direct=0",
            "a=mediaclk:direct=0\na=mediaclk:direct=0",
            13,
            "mediaclk",
        ),
        ("a=mid:primary", "a=mid:primary\na=mid:again", 14, "mid"),
        (
            "a=source-filter: incl IN IP4 239.20.30.1 192.168.20.30",
            "a=source-filter: incl IN IP4 239.20.30.2 192.168.20.30",
            8,
            "source-filter",
        ),
        (
            "a=source-filter: incl IN IP4 239.20.30.1 192.168.20.30",
            "a=source-filter: incl IN IP4 239.20.30.1",
            8,
            "source-filter",
        ),
        (
            "a=source-filter: incl IN IP4 239.20.30.1 192.168.20.30",
            "a=source-filter: only IN IP4 239.20.30.1 192.168.20.30",
            8,
            "source-filter",
        ),
        (
            "a=source-filter: incl IN IP4 239.20.30.1 192.168.20.30",
            "a=source-filter: incl IN IP4 239.20.30.1 fe80::1",
            8,
            "source-filter",
        ),
        (
            "a=source-filter: incl IN IP4 239.20.30.1 192.168.20.30",
            "a=source-filter: incl IN IP4 239.20.30.1 192.168.20.30\na=source-filter: incl IN IP4 * 192.168.20.31",
            9,
            "source-filter",
        ),
        // ST 2022-7.
        ("a=group:DUP primary secondary\n", "", 13, "group"),
        (
            "a=group:DUP primary secondary",
            "a=group:DUP primary third",
            5,
            "group",
        ),
        (
            "a=group:DUP primary secondary",
            "a=group:DUP primary",
            5,
            "group",
        ),
        (
            "a=group:DUP primary secondary",
            "a=group:DUP primary primary",
            5,
            "group",
        ),
        (
            "a=group:DUP primary secondary",
            "a=group:DUP primary secondary third",
            5,
            "group",
        ),
        (
            "a=group:DUP primary secondary",
            "a=group:DUP primary secondary\na=group:DUP primary secondary",
            6,
            "group",
        ),
        ("a=mid:primary\n", "", 5, "group"),
        (
            "m=video 20000 RTP/AVP 112\nc=IN IP4 239.120",
            "m=video 20000 RTP/AVP 113\nc=IN IP4 239.120",
            18,
            "fmtp",
        ),
    ];
    let mut fields_seen = std::collections::BTreeSet::new();
    for &(from, to, line, field) in cases {
        let text = edit(&good, from, to);
        let e = VideoSdp::parse(&text).expect_err(&format!("{from:?} -> {to:?} was accepted"));
        assert_eq!(
            (e.line(), e.field()),
            (Some(line), Some(field)),
            "{from:?} -> {to:?}: {e}"
        );
        assert!(!e.to_string().is_empty());
        fields_seen.insert(field);
    }
    assert!(fields_seen.len() >= 14, "{fields_seen:?}");

    // The two DUP streams must agree on payload type, format and media clock.
    let at = good.rfind("m=video").unwrap();
    let (head, tail) = good.split_at(at);
    let check = |tail: String, line, field| {
        let e = VideoSdp::parse(&format!("{head}{tail}")).unwrap_err();
        assert_eq!((e.line(), e.field()), (Some(line), Some(field)), "{e}");
    };
    check(tail.replace("112", "113"), 14, "m");
    check(tail.replace("TP=2110TPN", "TP=2110TPW"), 18, "fmtp");
    check(tail.replace("direct=0", "direct=5"), 20, "mediaclk");
}

/// Every required fmtp parameter, missing, is named; every bad value is named.
#[test]
fn every_fmtp_parameter_is_checked_by_name() {
    let good = data("1080p50-2022-7.sdp");
    let line = 10;
    let fmtp = "sampling=YCbCr-4:2:2; width=1920; height=1080; exactframerate=50; depth=10; TCS=SDR; colorimetry=BT709; PM=2110GPM; SSN=ST2110-20:2017; TP=2110TPN";
    for required in [
        "sampling",
        "depth",
        "width",
        "height",
        "exactframerate",
        "colorimetry",
        "PM",
        "SSN",
        "TP",
    ] {
        let without: Vec<&str> = fmtp
            .split("; ")
            .filter(|p| !p.starts_with(&format!("{required}=")))
            .collect();
        let text = edit(&good, fmtp, &without.join("; "));
        let e = VideoSdp::parse(&text).unwrap_err();
        assert_eq!((e.line(), e.field()), (Some(line), Some(required)), "{e}");
    }
    let bad: &[(&str, &str, &str)] = &[
        ("sampling=YCbCr-4:2:2", "sampling=YUV422", "sampling"),
        ("sampling=YCbCr-4:2:2", "sampling=ycbcr-4:2:2", "sampling"),
        ("depth=10", "depth=9", "depth"),
        ("width=1920", "width=0", "width"),
        ("width=1920", "width=32768", "width"),
        ("width=1920", "width=1921", "width"),
        ("width=1920", "width=-1920", "width"),
        ("width=1920", "width=+1920", "width"),
        ("width=1920", "width=99999999999999999999999", "width"),
        ("height=1080", "height=0", "height"),
        ("height=1080", "height=40000", "height"),
        ("height=1080", "height", "height"),
        ("exactframerate=50", "exactframerate=50/1", "exactframerate"),
        (
            "exactframerate=50",
            "exactframerate=100/2",
            "exactframerate",
        ),
        (
            "exactframerate=50",
            "exactframerate=60000/2002",
            "exactframerate",
        ),
        (
            "exactframerate=50",
            "exactframerate=59.94",
            "exactframerate",
        ),
        ("exactframerate=50", "exactframerate=0", "exactframerate"),
        ("exactframerate=50", "exactframerate=25/0", "exactframerate"),
        (
            "exactframerate=50",
            "exactframerate=5000000000",
            "exactframerate",
        ),
        ("colorimetry=BT709", "colorimetry=BT709-2", "colorimetry"),
        ("PM=2110GPM", "PM=GPM", "PM"),
        ("SSN=ST2110-20:2017", "SSN=ST2110-20:2019", "SSN"),
        ("SSN=ST2110-20:2017", "SSN=ST2110-20", "SSN"),
        ("TP=2110TPN", "TP=2110TPX", "TP"),
        ("TCS=SDR", "TCS=HDR", "TCS"),
        ("TCS=SDR", "TCS=SDR; TCS=SDR", "TCS"),
        ("TP=2110TPN", "TP=2110TPN; segmented", "segmented"),
        ("TP=2110TPN", "TP=2110TPN; interlace=yes", "interlace"),
        ("TP=2110TPN", "TP=2110TPN; RANGE=WIDE", "RANGE"),
        ("TP=2110TPN", "TP=2110TPN; MAXUDP=0", "MAXUDP"),
        ("TP=2110TPN", "TP=2110TPN; MAXUDP=8961", "MAXUDP"),
        ("TP=2110TPN", "TP=2110TPN; PAR=1", "PAR"),
        ("TP=2110TPN", "TP=2110TPN; PAR=0:1", "PAR"),
        ("TP=2110TPN", "TP=2110TPN; TROFF=-5", "TROFF"),
        ("TP=2110TPN", "TP=2110TPN; TROFF=4294967296", "TROFF"),
        ("TP=2110TPN", "TP=2110TPN; CMAX=0", "CMAX"),
        ("TP=2110TPN", "TP=2110TPN; CMAX", "CMAX"),
        ("TP=2110TPN", "TP=2110TPN; =4", "fmtp"),
    ];
    for &(from, to, field) in bad {
        let text = edit(&good, from, to);
        let e = VideoSdp::parse(&text).expect_err(&format!("{to:?} was accepted"));
        assert_eq!(
            (e.line(), e.field()),
            (Some(line), Some(field)),
            "{to}: {e}"
        );
    }
    // 4:2:0 needs an even height (and a width of whole 2-pixel pgroups at 8 bits).
    let i420 = data("640x360-i420-gstreamer.sdp");
    let e = VideoSdp::parse(&edit(&i420, "height=360", "height=361")).unwrap_err();
    assert_eq!((e.line(), e.field()), (Some(8), Some("height")));
    let e = VideoSdp::parse(&edit(&i420, "width=640", "width=641")).unwrap_err();
    assert_eq!((e.line(), e.field()), (Some(8), Some("width")));
    // Accepted spellings: names in any case, quoted values, unknown parameters, a
    // trailing ';', extra spaces.
    let loose = edit(
        &good,
        fmtp,
        "SAMPLING=YCbCr-4:2:2;width=1920 ;  height=1080; exactframerate=50; depth=10; TCS=SDR; colorimetry=BT709; pm=2110GPM; SSN=\"ST2110-20:2017\"; TP=2110TPN; TSMODE=SAMP; x-vendor=1;",
    );
    assert_eq!(
        VideoSdp::parse(&loose).unwrap(),
        VideoSdp::parse(&good).unwrap()
    );
}

#[test]
fn gstreamer_colorimetry_spelling_is_not_st2110() {
    // RFC 4175 writes BT601-5 / BT709-2; ST 2110-20 does not.
    let text = data("gst-rfc4175-uyvp-640x360.sdp");
    let e = VideoSdp::parse(&edit(&text, "colorimetry=BT601", "colorimetry=BT601-5")).unwrap_err();
    assert_eq!(e.field(), Some("colorimetry"));
}

#[test]
fn not_utf8_names_its_line() {
    let mut bytes = data("1080i5994-interlace.sdp").into_bytes();
    let at = bytes.windows(6).position(|w| w == b"Studio").unwrap();
    bytes[at] = 0xff;
    let e = VideoSdp::parse_bytes(&bytes).unwrap_err();
    assert_eq!((e.line(), e.field()), (Some(3), Some("line")));
    assert_eq!(Session::parse_bytes(b"").unwrap_err().field(), Some("v"));
}

#[test]
fn ref_clock_and_media_clock_forms() {
    let cases = [
        "ptp=IEEE1588-2008:39-A7-94-FF-FE-07-CB-D0:37",
        "ptp=IEEE1588-2002:39-A7-94-FF-FE-07-CB-D0",
        "ptp=IEEE802.1AS-2011:traceable",
        "localmac=CA-FE-01-CA-FE-02",
        "ntp=/traceable/",
        "ptp=IEEE1588-2002:39-A7-94-FF-FE-07-CB-D0:domain-name=ABCDEFGHIJKLMNOP",
        "ptp=IEEE1588-2030:39-A7-94-FF-FE-07-CB-D0:37",
        "gps",
    ];
    for c in cases {
        let r = RefClock::parse(c, 1).unwrap();
        assert_eq!(r.to_string(), c, "{r:?}");
    }
    // Lower-case hex reads the same and is written upper-case.
    let r = RefClock::parse("ptp=IEEE1588-2008:39-a7-94-ff-fe-07-cb-d0:0", 1).unwrap();
    assert_eq!(r.to_string(), "ptp=IEEE1588-2008:39-A7-94-FF-FE-07-CB-D0:0");
    for c in [
        "direct=0",
        "direct",
        "direct=963214424 rate=1000/1001",
        "sender",
        "IEEE1722=38-D6-6D-8E-D2-78-13-2F",
    ] {
        assert_eq!(MediaClock::parse(c, 1).unwrap().to_string(), c);
    }
}
