//! SDP for ST 2110-20: any bytes read as a description or give an error naming a line
//! inside the input; a description that reads writes text that reads back as the same
//! description and, written again, is byte-identical. Every attribute value of a checked
//! session goes through the typed readers, and what they accept writes and reads back
//! equal. Allowed differences (the written text is canonical, so it differs from the
//! input in spelling, not in meaning): line endings, spaces, case of hex digits and of
//! fmtp names, `interlace=1` for `interlace`, unreduced `rate=`, attribute order, lines
//! and attributes the typed description does not keep.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mediafabric_st2110::sdp::{
    Fmtp, Group, MediaClock, RefClock, Rtpmap, Session, SourceFilter, VideoSdp,
};

fn write(sdp: &VideoSdp<'_>) -> Vec<u8> {
    let mut out = vec![0u8; sdp.buffer_len()];
    let n = sdp
        .emit(&mut out)
        .expect("a description that reads, writes");
    assert_eq!(n, out.len());
    out
}

/// A typed attribute value that reads must write back to text that reads as itself.
fn attribute(name: &str, value: &str, line: usize) {
    match name {
        "ts-refclk" => {
            if let Ok(c) = RefClock::parse(value, line) {
                assert_eq!(RefClock::parse(&c.to_string(), line), Ok(c), "{value}");
            }
        }
        "mediaclk" => {
            if let Ok(c) = MediaClock::parse(value, line) {
                assert_eq!(MediaClock::parse(&c.to_string(), line), Ok(c), "{value}");
            }
        }
        "source-filter" => {
            if let Ok(f) = SourceFilter::parse(value, line) {
                assert_eq!(SourceFilter::parse(&f.to_string(), line), Ok(f), "{value}");
            }
        }
        "rtpmap" => {
            if let Ok(r) = Rtpmap::parse(value, line) {
                assert_eq!(Rtpmap::parse(&r.to_string(), line), Ok(r), "{value}");
            }
        }
        "fmtp" => {
            if let Ok(f) = Fmtp::parse(value, line) {
                for p in f.params() {
                    assert!(!p.name.contains(';'));
                }
            }
        }
        "group" => {
            if let Ok(g) = Group::parse(value, line) {
                assert!(g.mids().all(|m| !m.is_empty() && !m.contains(' ')));
            }
        }
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let lines = data.split(|&b| b == b'\n').count();
    match VideoSdp::parse_bytes(data) {
        Ok(sdp) => {
            let out = write(&sdp);
            let text = std::str::from_utf8(&out).expect("written text is UTF-8");
            let again = VideoSdp::parse(text).expect("what we write reads");
            assert_eq!(again, sdp, "{text}");
            assert_eq!(write(&again), out, "written twice, the same bytes");
        }
        Err(e) => {
            let line = e.line().expect("an SDP error");
            assert!((1..=lines + 1).contains(&line), "{e} in {lines} lines");
            assert!(e.field().is_some());
        }
    }
    if let Ok(s) = Session::parse_bytes(data) {
        assert_eq!(s.media().count(), s.media_count());
        let in_media: usize = s.media().map(|m| m.lines().count() + 1).sum();
        assert_eq!(s.session_lines().count() + in_media, s.lines().count());
        for a in s.attributes() {
            attribute(a.name, a.value.unwrap_or(""), a.line);
        }
        for m in s.media() {
            let _ = (m.info(), m.connections().count());
            for a in m.attributes() {
                attribute(a.name, a.value.unwrap_or(""), a.line);
            }
        }
    }
});
