//! Running GStreamer from the interop tests: finding it (a failure under `CI=true`, a
//! skip otherwise), launching pipelines, scratch directories that clean up after
//! themselves, RFC 4571 framed RTP streams, and pcap files of Ethernet/IPv4/UDP packets.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use etherparse::{PacketBuilder, SlicedPacket, TransportSlice};
use pcap_file::pcap::{PcapHeader, PcapPacket, PcapReader, PcapWriter};
use pcap_file::{DataLink, Endianness, TsResolution};

/// The UDP port of every stream (the usual ST 2110 / RTP port).
pub const PORT: u16 = 5004;

/// Whether the environment says this is CI, where a missing peer is a failure.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Whether `gst-launch-1.0` and every element in `elements` are installed. When one is
/// missing: under `CI=true` the test fails (panics) naming it; otherwise this prints
/// why the test is skipped and returns `false`.
pub fn gstreamer_with(test: &str, elements: &[&str]) -> bool {
    let missing = missing_elements(elements);
    if missing.is_empty() {
        return true;
    }
    let why = format!(
        "GStreamer peer missing: {} (Debian: gstreamer1.0-tools, gstreamer1.0-plugins-base, \
         gstreamer1.0-plugins-good, gstreamer1.0-plugins-bad)",
        missing.join(", ")
    );
    assert!(!in_ci(), "{test}: {why}");
    eprintln!("{test}: skipped: {why}");
    false
}

fn missing_elements(elements: &[&str]) -> Vec<String> {
    let launch = Command::new("gst-launch-1.0").arg("--version").output();
    if !launch.is_ok_and(|o| o.status.success()) {
        return vec!["gst-launch-1.0".into()];
    }
    elements
        .iter()
        .filter(|e| {
            !Command::new("gst-inspect-1.0")
                .args(["--exists", e])
                .status()
                .is_ok_and(|s| s.success())
        })
        .map(|e| format!("element {e}"))
        .collect()
}

/// Runs `gst-launch-1.0 -q` with the pipeline given as separate words (no shell), and
/// panics with GStreamer's own output if it fails.
pub fn launch(pipeline: &[String]) {
    let out = Command::new("gst-launch-1.0")
        .arg("-q")
        .args(pipeline)
        .env("GST_DEBUG", "*:1")
        .output()
        .expect("gst-launch-1.0 runs");
    assert!(
        out.status.success(),
        "gst-launch-1.0 {} failed ({}):\n{}{}",
        pipeline.join(" "),
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Splits words of a pipeline written as one string (no word holds a space).
pub fn words(pipeline: &str) -> Vec<String> {
    pipeline.split_whitespace().map(str::to_owned).collect()
}

/// A directory of its own under the system temporary directory, removed (with what is
/// in it) when dropped, on success and on panic alike.
pub struct Scratch {
    dir: PathBuf,
}

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "mf-gst-{}-{}-{name}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).expect("scratch directory");
        Scratch { dir }
    }

    pub fn path(&self, file: &str) -> PathBuf {
        self.dir.join(file)
    }

    /// `path(file)` as a string for a pipeline's `location=`.
    pub fn location(&self, file: &str) -> String {
        let p = self.path(file);
        let s = p.to_str().expect("UTF-8 temporary path");
        assert!(!s.contains(char::is_whitespace), "{s}: a space in the path");
        s.to_owned()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The RTP packets of an RFC 4571 stream (each packet after a 16-bit big-endian
/// length), as GStreamer's `rtpstreampay` writes it. Panics on a truncated stream.
pub fn rfc4571_packets(stream: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < stream.len() {
        assert!(at + 2 <= stream.len(), "RFC 4571 length cut at {at}");
        let n = usize::from(u16::from_be_bytes([stream[at], stream[at + 1]]));
        at += 2;
        assert!(at + n <= stream.len(), "RFC 4571 packet at {at} cut short");
        out.push(&stream[at..at + n]);
        at += n;
    }
    out
}

/// Writes `packets` (UDP payloads with their capture times) to a nanosecond pcap file
/// as Ethernet II / IPv4 / UDP from 10.77.0.1 to 10.77.0.2, port [`PORT`] both sides.
pub fn write_pcap(path: &Path, packets: &[(Duration, Vec<u8>)]) {
    let header = PcapHeader {
        datalink: DataLink::ETHERNET,
        ts_resolution: TsResolution::NanoSecond,
        endianness: Endianness::Little,
        ..PcapHeader::default()
    };
    let file = std::fs::File::create(path).expect("pcap file");
    let mut w = PcapWriter::with_header(std::io::BufWriter::new(file), header).expect("header");
    let mut frame = Vec::with_capacity(1600);
    for (t, udp) in packets {
        frame.clear();
        PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
            .ipv4([10, 77, 0, 1], [10, 77, 0, 2], 64)
            .udp(PORT, PORT)
            .write(&mut frame, udp)
            .expect("an Ethernet/IPv4/UDP frame");
        w.write_packet(&PcapPacket::new(*t, frame.len() as u32, &frame))
            .expect("pcap packet");
    }
    use std::io::Write;
    w.into_writer().flush().expect("pcap flush");
}

/// The UDP payloads to port [`PORT`] of an Ethernet pcap file and their times.
pub fn read_pcap(bytes: &[u8]) -> Vec<(Duration, Vec<u8>)> {
    let mut r = PcapReader::new(bytes).expect("pcap header");
    let mut out = Vec::new();
    while let Some(p) = r.next_packet() {
        let p = p.expect("pcap packet");
        let s = SlicedPacket::from_ethernet(&p.data).expect("Ethernet frame");
        let Some(TransportSlice::Udp(u)) = s.transport else {
            panic!("not UDP")
        };
        assert_eq!(u.destination_port(), PORT);
        out.push((p.timestamp, u.payload().to_vec()));
    }
    out
}
