//! GStreamer's RFC 4175 packets (rtpvrawpay) read with our RTP and payload-header
//! parsers: every packet parses, sequence numbers and timestamps behave, and placing
//! each row segment at its row and pixel offset rebuilds GStreamer's own frames byte
//! for byte (tests/data/README.md says where the files come from).

use etherparse::{SlicedPacket, TransportSlice};
use mediafabric_st2110::rfc4175::{Payload, SrdHeader, emit_headers};
use mediafabric_st2110::rtp::{Header, Packet};
use pcap_file::pcap::PcapReader;

const WIDTH: usize = 640;
const HEIGHT: usize = 360;
/// 4:2:2 10-bit: a pgroup is 2 pixels in 5 bytes (RFC 4175 §4.3).
const PGROUP_BYTES: usize = 5;
const PGROUP_PIXELS: usize = 2;
const ROW_BYTES: usize = WIDTH / PGROUP_PIXELS * PGROUP_BYTES;
const FRAME_BYTES: usize = ROW_BYTES * HEIGHT;

fn data(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn rtp_payloads() -> Vec<Vec<u8>> {
    let pcap = data("gst-rfc4175-uyvp-640x360.pcap");
    let mut r = PcapReader::new(&pcap[..]).unwrap();
    let mut out = Vec::new();
    while let Some(p) = r.next_packet() {
        let p = p.unwrap();
        let s = SlicedPacket::from_ethernet(&p.data).unwrap();
        let Some(TransportSlice::Udp(u)) = s.transport else {
            panic!("not UDP")
        };
        assert_eq!(u.destination_port(), 5004);
        out.push(u.payload().to_vec());
    }
    out
}

#[test]
fn gstreamer_frames_rebuild_byte_for_byte() {
    let expected = data("gst-rfc4175-uyvp-640x360.frames");
    assert_eq!(expected.len(), 2 * FRAME_BYTES);
    let payloads = rtp_payloads();
    let mut frames = vec![vec![0u8; FRAME_BYTES]];
    let mut written = vec![vec![false; FRAME_BYTES]];
    let mut last: Option<(u32, u32)> = None; // (32-bit sequence number, timestamp)
    let mut markers = 0;
    for (i, udp) in payloads.iter().enumerate() {
        let p = Packet::new_checked(&udp[..]).unwrap_or_else(|e| panic!("packet {i}: {e}"));
        assert_eq!(p.payload_type(), 96);
        let payload = Payload::parse(p.payload()).unwrap_or_else(|e| panic!("packet {i}: {e}"));
        assert!(payload.row_count() <= 3, "packet {i}: more than 3 SRDs");
        assert!(payload.trailing().is_empty());
        let seq = payload.sequence_number(p.sequence_number());
        if let Some((s, ts)) = last {
            assert_eq!(seq, s.wrapping_add(1), "packet {i}: sequence");
            if markers == frames.len() - 1 {
                assert_eq!(p.timestamp(), ts, "packet {i}: one timestamp per frame");
            } else {
                // 50 fps at 90 kHz: 1800 ticks per frame.
                assert_eq!(p.timestamp(), ts.wrapping_add(1800), "packet {i}");
                frames.push(vec![0u8; FRAME_BYTES]);
                written.push(vec![false; FRAME_BYTES]);
            }
        }
        last = Some((seq, p.timestamp()));
        let f = frames.len() - 1;
        for row in payload.rows() {
            let h = row.header;
            assert!(!h.field);
            assert_eq!(usize::from(h.offset) % PGROUP_PIXELS, 0);
            let at = usize::from(h.row_number) * ROW_BYTES
                + usize::from(h.offset) / PGROUP_PIXELS * PGROUP_BYTES;
            assert!(at + row.data.len() <= (usize::from(h.row_number) + 1) * ROW_BYTES);
            frames[f][at..at + row.data.len()].copy_from_slice(row.data);
            for w in &mut written[f][at..at + row.data.len()] {
                assert!(!*w, "packet {i}: byte {at} written twice");
                *w = true;
            }
        }
        if p.marker() {
            markers += 1;
        }
        // Our emitters rebuild the packet's headers byte for byte.
        let h = Header::parse(&p);
        let srds: Vec<SrdHeader> = payload.rows().map(|r| r.header).collect();
        let mut out = vec![0u8; udp.len()];
        let n = h.emit(&mut out).unwrap();
        let m = emit_headers(payload.extended_sequence_number(), &srds, &mut out[n..]).unwrap();
        assert_eq!(
            &out[..n + m],
            &udp[..n + m],
            "packet {i}: headers re-emitted"
        );
    }
    assert_eq!(markers, 2, "one marker per frame");
    assert_eq!(frames.len(), 2);
    assert!(
        written.iter().all(|w| w.iter().all(|&b| b)),
        "every byte delivered"
    );
    assert_eq!(frames.concat(), expected);
}

#[test]
fn depacketizer_rebuilds_gstreamer_frames() {
    use mediafabric_st2110::depacketize::{Depacketizer, DepacketizerConfig};
    use mediafabric_st2110::format::{Depth, Format, Sampling};
    use mediafabric_st2110::video::VideoLayout;

    let expected = data("gst-rfc4175-uyvp-640x360.frames");
    let layout = VideoLayout::new(
        Format::new(Sampling::YCbCr422, Depth::Bits10),
        WIDTH as u32,
        HEIGHT as u32,
        false,
    )
    .unwrap();
    let mut config = DepacketizerConfig::new(layout);
    config.payload_type = Some(96);
    let mut d = Depacketizer::allocate(config);
    let mut frames = Vec::new();
    for udp in rtp_payloads() {
        for c in d.push(&udp).unwrap().iter() {
            assert!(c.complete && c.lost_bytes == 0);
            assert_eq!(d.lost(c.slot).count(), 0);
            frames.extend_from_slice(d.frame(c.slot));
        }
    }
    assert_eq!(frames.len(), expected.len());
    assert!(frames == expected, "frames differ from GStreamer's");
    assert_eq!(d.counters().complete, 2);
    assert_eq!(d.counters().sequence_gaps, 0);
}
