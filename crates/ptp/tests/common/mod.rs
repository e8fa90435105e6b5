//! Shared helpers of the integration tests: the PTP captures of `tests/data/ptp/`.

#![allow(dead_code)]

use std::fs::File;
use std::path::{Path, PathBuf};

use pcap_file::DataLink;
use pcap_file::pcap::PcapReader;

/// `tests/data/ptp/` of the repository.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/ptp")
}

/// Every capture: the recorded ones and `shared/`, sorted by path.
pub fn capture_files() -> Vec<PathBuf> {
    let mut v = Vec::new();
    for dir in [data_dir(), data_dir().join("shared")] {
        for e in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "pcap") {
                v.push(p);
            }
        }
    }
    v.sort();
    assert!(v.len() >= 15, "expected the PTP captures, found {v:?}");
    v
}

/// The file's name relative to `tests/data/ptp/`, for messages.
pub fn short(p: &Path) -> String {
    p.strip_prefix(data_dir())
        .unwrap_or(p)
        .display()
        .to_string()
}

/// The Ethernet frames of a capture, in order (frame 1 is index 0).
pub fn frames(p: &Path) -> Vec<Vec<u8>> {
    let f = File::open(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let mut r = PcapReader::new(f).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    assert_eq!(
        r.header().datalink,
        DataLink::ETHERNET,
        "{}: not an Ethernet capture",
        p.display()
    );
    let mut out = Vec::new();
    while let Some(pkt) = r.next_packet() {
        let pkt = pkt.unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        assert_eq!(
            pkt.data.len() as u32,
            pkt.orig_len,
            "{}: frame {} was cut by the snapshot length",
            p.display(),
            out.len() + 1
        );
        out.push(pkt.data.into_owned());
    }
    out
}
