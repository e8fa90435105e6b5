//! `mediafabric decode` end to end: the built binary on real captures (see
//! tests/data/README.md for where each one came from), on variants of them written
//! here with pcap-file, and against tshark.

use std::borrow::Cow;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use pcap_file::pcap::{PcapHeader, PcapReader, PcapWriter, RawPcapPacket};
use pcap_file::pcapng::PcapNgWriter;
use pcap_file::pcapng::blocks::enhanced_packet::EnhancedPacketBlock;
use pcap_file::pcapng::blocks::interface_description::{
    InterfaceDescriptionBlock, InterfaceDescriptionOption,
};
use pcap_file::pcapng::blocks::packet::PacketBlock;
use pcap_file::pcapng::blocks::simple_packet::SimplePacketBlock;
use pcap_file::{DataLink, Endianness};
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_mediafabric");

/// Exit code for an input that cannot be read or is not a capture.
const EXIT_INPUT: i32 = 3;
/// Exit code for a capture damaged partway.
const EXIT_DAMAGED: i32 = 4;

/// frame.time_epoch of tests/data/linux-vxlan-4789.pcap as tshark 4.0 prints it.
const TSHARK_TIMES: [&str; 10] = [
    "1795445387.572453000",
    "1795445387.979025000",
    "1795445387.979062000",
    "1795445387.979077000",
    "1795445387.979372000",
    "1795445388.179803000",
    "1795445388.179850000",
    "1795445388.380252000",
    "1795445388.380299000",
    "1795445390.740387000",
];
/// frame.len of the same packets.
const LENGTHS: [u64; 10] = [140, 92, 92, 111, 139, 111, 139, 111, 139, 120];

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn data(name: &str) -> PathBuf {
    repo_root().join("tests/data").join(name)
}

/// A path for a file this test writes.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("mediafabric-cli-decode");
    fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("run mediafabric")
}

fn stdout(o: &Output) -> &str {
    std::str::from_utf8(&o.stdout).expect("output is UTF-8")
}

fn stderr(o: &Output) -> &str {
    std::str::from_utf8(&o.stderr).expect("messages are UTF-8")
}

/// Decodes a file as JSON Lines; asserts the run succeeded quietly.
fn decode(path: &Path, extra: &[&str]) -> Vec<Line> {
    let mut args = vec!["decode"];
    args.extend_from_slice(extra);
    let p = path.to_str().unwrap();
    args.push(p);
    let o = run(&args);
    assert!(o.status.success(), "{p}: {:?} {}", o.status, stderr(&o));
    assert_eq!(stderr(&o), "", "{p}");
    parse_lines(stdout(&o))
}

/// One output line: the parsed object and the `time` exactly as written.
#[derive(Debug, Clone)]
struct Line {
    json: Value,
    time: String,
}

impl Line {
    fn layers(&self) -> &[Value] {
        self.json["layers"].as_array().expect("layers is an array")
    }

    fn protos(&self) -> Vec<&str> {
        self.layers()
            .iter()
            .map(|l| l["proto"].as_str().unwrap())
            .collect()
    }

    /// The first layer named `proto`.
    fn layer(&self, proto: &str) -> &Value {
        self.layers()
            .iter()
            .find(|l| l["proto"] == proto)
            .unwrap_or_else(|| panic!("no {proto} layer in {}", self.json))
    }

    /// Every value of `field` in layers named `proto`, outermost first.
    fn all(&self, proto: &str, field: &str) -> Vec<String> {
        self.layers()
            .iter()
            .filter(|l| l["proto"] == proto)
            .map(|l| match &l[field] {
                Value::String(s) => s.clone(),
                v => v.to_string(),
            })
            .collect()
    }
}

fn parse_lines(out: &str) -> Vec<Line> {
    out.lines()
        .map(|l| {
            let json: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
            // The number as printed: parsing it would round it through an f64.
            let rest = l.split_once("\"time\":").expect("every line has a time").1;
            let time = rest[..rest.find(',').unwrap()].to_string();
            Line { json, time }
        })
        .collect()
}

/// The bundled capture's packets (data, original length, timestamp).
fn bundled_packets() -> Vec<(Vec<u8>, u32, Duration)> {
    let f = fs::File::open(data("linux-vxlan-4789.pcap")).unwrap();
    let mut r = PcapReader::new(f).unwrap();
    let mut v = Vec::new();
    while let Some(p) = r.next_packet() {
        let p = p.unwrap();
        v.push((p.data.to_vec(), p.orig_len, p.timestamp));
    }
    assert_eq!(v.len(), 10);
    v
}

/// Writes a pcap of `packets` with the given link type and byte order.
fn write_pcap(path: &Path, linktype: u32, big_endian: bool, packets: &[(Vec<u8>, u32, Duration)]) {
    let header = PcapHeader {
        datalink: DataLink::from(linktype),
        endianness: if big_endian {
            Endianness::Big
        } else {
            Endianness::Little
        },
        snaplen: 262_144,
        ..PcapHeader::default()
    };
    let mut w = PcapWriter::with_header(fs::File::create(path).unwrap(), header).unwrap();
    for (data, orig_len, ts) in packets {
        w.write_raw_packet(&RawPcapPacket {
            ts_sec: u32::try_from(ts.as_secs()).unwrap(),
            ts_frac: ts.subsec_micros(),
            incl_len: u32::try_from(data.len()).unwrap(),
            orig_len: *orig_len,
            data: Cow::Borrowed(data),
        })
        .unwrap();
    }
}

/// The bundled capture's bytes and the file offset of each packet record.
fn bundled_records() -> (Vec<u8>, Vec<usize>) {
    let bytes = fs::read(data("linux-vxlan-4789.pcap")).unwrap();
    let mut at = 24;
    let mut offsets = Vec::new();
    while at < bytes.len() {
        offsets.push(at);
        let incl = u32::from_le_bytes(bytes[at + 8..at + 12].try_into().unwrap()) as usize;
        at += 16 + incl;
    }
    assert_eq!(at, bytes.len());
    (bytes, offsets)
}

#[test]
fn bundled_capture_decodes_to_real_values() {
    let lines = decode(&data("linux-vxlan-4789.pcap"), &[]);
    assert_eq!(lines.len(), 10);
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(l.json["index"], i, "{}", l.json);
        assert_eq!(l.time, TSHARK_TIMES[i]);
        assert_eq!(l.json["length"], LENGTHS[i]);
        assert!(l.json.get("caplen").is_none(), "{}", l.json);
        assert!(l.json.get("error").is_none(), "{}", l.json);
        // Outer headers: Ethernet, IPv4 between the two VTEPs, UDP to 4789, VNI 4242.
        assert_eq!(&l.protos()[..4], ["eth", "ipv4", "udp", "vxlan"]);
        let vx = l.layer("vxlan");
        assert_eq!(vx["vni"], 4242);
        assert_eq!(vx["vniValid"], true);
        assert_eq!(vx["flags"], 0x0800);
        let ip = l.layer("ipv4");
        assert!(ip["source"] == "10.77.0.1" || ip["source"] == "10.77.0.2");
        assert_eq!(ip["checksumValid"], true);
        assert_eq!(l.layer("udp")["destinationPort"], 4789);
    }
    let inner = |i: usize| lines[i].protos()[4..].to_vec();
    assert_eq!(inner(0), ["eth", "ipv6", "ipv6ext", "icmpv6", "mld"]);
    assert_eq!(inner(1), ["eth", "arp"]);
    assert_eq!(inner(2), ["eth", "arp"]);
    for i in [3, 5, 7] {
        assert_eq!(inner(i), ["eth", "ipv4", "udp", "payload"]);
    }
    for i in [4, 6, 8] {
        assert_eq!(inner(i), ["eth", "ipv4", "icmp", "payload"]);
    }
    assert_eq!(inner(9), ["eth", "ipv6", "icmpv6", "payload"]);

    // Packet 0: MLDv2 report (ICMPv6 type 143) behind a hop-by-hop header.
    let l0 = &lines[0];
    assert_eq!(l0.layers()[4]["destination"], "33:33:00:00:00:16");
    assert_eq!(l0.layers()[5]["destination"], "ff02::16");
    assert_eq!(l0.layer("icmpv6")["type"], 143);
    // Packets 1 and 2: ARP request and reply for 192.168.50.2 inside the tunnel.
    let arp = lines[1].layer("arp");
    assert_eq!(arp["operation"], 1);
    assert_eq!(arp["senderProtocolAddress"], "192.168.50.1");
    assert_eq!(arp["targetProtocolAddress"], "192.168.50.2");
    let arp = lines[2].layer("arp");
    assert_eq!(arp["operation"], 2);
    assert_eq!(arp["senderHardwareAddress"], "9e:4c:8b:8b:c2:14");
    // Packet 3: the inner UDP datagram to port 5000; packet 4: the port-unreachable.
    assert_eq!(
        lines[3].all("ipv4", "destination"),
        ["10.77.0.2", "192.168.50.2"]
    );
    assert_eq!(lines[3].all("udp", "destinationPort"), ["4789", "5000"]);
    let icmp = lines[4].layer("icmp");
    assert_eq!(
        (icmp["type"].clone(), icmp["code"].clone()),
        (json!(3), json!(3))
    );
    // Packet 9: router solicitation.
    assert_eq!(lines[9].layer("icmpv6")["type"], 133);
}

#[test]
fn readme_command_works_from_the_repository_root() {
    let o = Command::new(BIN)
        .current_dir(repo_root())
        .args(["decode", "tests/data/linux-vxlan-4789.pcap"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 10);
}

#[test]
fn pcapng_and_nanosecond_pcap_decode_identically() {
    let reference = run(&["decode", data("linux-vxlan-4789.pcap").to_str().unwrap()]);
    assert!(reference.status.success());
    for name in ["linux-vxlan-4789.pcapng", "linux-vxlan-4789-nsec.pcap"] {
        for format in ["jsonl", "text"] {
            let a = run(&["decode", "--format", format, data(name).to_str().unwrap()]);
            let b = run(&[
                "decode",
                "--format",
                format,
                data("linux-vxlan-4789.pcap").to_str().unwrap(),
            ]);
            assert!(a.status.success(), "{name}: {}", stderr(&a));
            assert_eq!(stdout(&a), stdout(&b), "{name} --format {format}");
        }
    }
    // The same through standard input.
    let o = Command::new(BIN)
        .args(["decode", "-"])
        .stdin(fs::File::open(data("linux-vxlan-4789.pcapng")).unwrap())
        .output()
        .unwrap();
    assert!(o.status.success());
    assert_eq!(o.stdout, reference.stdout);
}

#[test]
fn big_endian_pcap_decodes_identically() {
    let path = scratch("big-endian.pcap");
    write_pcap(&path, 1, true, &bundled_packets());
    assert_eq!(&fs::read(&path).unwrap()[..4], [0xA1, 0xB2, 0xC3, 0xD4]);
    let a = run(&["decode", path.to_str().unwrap()]);
    let b = run(&["decode", data("linux-vxlan-4789.pcap").to_str().unwrap()]);
    assert!(a.status.success(), "{}", stderr(&a));
    assert_eq!(stdout(&a), stdout(&b));
}

#[test]
fn recorded_sll2_capture_has_the_same_tunnel_layers() {
    let sll2 = decode(&data("linux-vxlan-4789-any-sll2.pcap"), &[]);
    let sll = decode(&data("linux-vxlan-4789-any-sll.pcap"), &[]);
    assert_eq!(sll2.len(), 14);
    assert_eq!(sll.len(), 14);
    for (a, b) in sll2.iter().zip(&sll) {
        assert_eq!(&a.protos()[..4], ["sll2", "ipv4", "udp", "vxlan"]);
        assert_eq!(&b.protos()[..4], ["sll", "ipv4", "udp", "vxlan"]);
        assert!(a.json.get("error").is_none() && b.json.get("error").is_none());
        assert_eq!(a.layer("vxlan")["vni"], 4242);
        assert_eq!(a.layer("udp")["destinationPort"], 4789);
        let head = a.layer("sll2");
        assert_eq!(head["protocol"], 0x0800);
        assert_eq!(head["arphrdType"], 1);
        // Received (PACKET_HOST, 0) or sent (PACKET_OUTGOING, 4) by the capturing host.
        let incoming = head["packetType"] == 0;
        assert!(incoming || head["packetType"] == 4, "{head}");
        let src = a.layer("ipv4")["source"].clone();
        assert_eq!(src, if incoming { "10.77.0.1" } else { "10.77.0.2" });
        // Both files were recorded at once: below the link header the frames are the
        // same bytes, so the layers must be equal.
        assert_eq!(a.layers()[1..], b.layers()[1..]);
        assert_eq!(b.layer("sll")["packetType"], head["packetType"]);
        // SLL2's header is 4 bytes longer than SLL's.
        assert_eq!(
            a.json["length"].as_u64(),
            b.json["length"].as_u64().map(|n| n + 4)
        );
    }
    let inner: Vec<Vec<&str>> = sll2.iter().map(|l| l.protos()[4..].to_vec()).collect();
    assert!(inner.contains(&vec!["eth", "arp"]));
    assert!(inner.contains(&vec!["eth", "ipv4", "udp", "payload"]));
    assert!(inner.contains(&vec!["eth", "ipv4", "icmp", "payload"]));
    // The echo request and reply carry the ICMP identifier 0x4d46 ("MF").
    assert_eq!(sll2[10].all("icmp", "type"), ["8"]);
    assert_eq!(sll2[11].all("icmp", "type"), ["0"]);
}

#[test]
fn constructed_sll2_and_raw_ip_match_the_ethernet_capture() {
    let packets = bundled_packets();
    // Replace each Ethernet header by a Linux SLL2 header (LINKTYPE_LINUX_SLL2): protocol,
    // reserved, interface index 3, ARPHRD_ETHER, packet type, address length 6, the
    // Ethernet source address padded to 8 bytes.
    let sll2: Vec<_> = packets
        .iter()
        .map(|(d, orig, ts)| {
            let mut f = vec![d[12], d[13], 0, 0, 0, 0, 0, 3, 0, 1, 0, 6];
            f.extend_from_slice(&d[6..12]);
            f.extend_from_slice(&[0, 0]);
            f.extend_from_slice(&d[14..]);
            (f, orig + 6, *ts)
        })
        .collect();
    let raw: Vec<_> = packets
        .iter()
        .map(|(d, orig, ts)| (d[14..].to_vec(), orig - 14, *ts))
        .collect();
    let (p_sll2, p_raw) = (
        scratch("constructed-sll2.pcap"),
        scratch("constructed-raw.pcap"),
    );
    write_pcap(&p_sll2, 276, false, &sll2);
    write_pcap(&p_raw, 101, false, &raw);
    let eth = decode(&data("linux-vxlan-4789.pcap"), &[]);
    let sll2 = decode(&p_sll2, &[]);
    let raw = decode(&p_raw, &[]);
    assert_eq!(sll2.len(), 10);
    assert_eq!(raw.len(), 10);
    for i in 0..10 {
        let (e, s, r) = (&eth[i], &sll2[i], &raw[i]);
        assert_eq!(s.layers()[1..], e.layers()[1..], "packet {i}");
        assert_eq!(r.layers(), &e.layers()[1..], "packet {i}");
        assert_eq!(s.layers()[0]["proto"], "sll2");
        assert_eq!(s.layers()[0]["interfaceIndex"], 3);
        assert_eq!(s.layers()[0]["address"], e.layers()[0]["source"]);
        assert_eq!(s.time, e.time);
        assert_eq!(r.time, e.time);
        assert_eq!(s.json["length"], LENGTHS[i] + 6);
        assert_eq!(r.json["length"], LENGTHS[i] - 14);
    }
}

#[test]
fn merged_pcapng_with_two_interfaces_and_resolutions() {
    // mergecap of the nanosecond pcap (Ethernet, if_tsresol 9) and the SLL2 recording
    // (microseconds): two interfaces with different link types and resolutions.
    let merged = decode(&data("linux-vxlan-4789-merged.pcapng"), &[]);
    let eth = decode(&data("linux-vxlan-4789.pcap"), &[]);
    let sll2 = decode(&data("linux-vxlan-4789-any-sll2.pcap"), &[]);
    assert_eq!(merged.len(), eth.len() + sll2.len());
    for (i, (m, o)) in merged.iter().zip(eth.iter().chain(&sll2)).enumerate() {
        assert_eq!(m.json["index"], i);
        assert_eq!(m.time, o.time, "packet {i}");
        assert_eq!(m.json["length"], o.json["length"]);
        assert_eq!(m.json["layers"], o.json["layers"], "packet {i}");
    }
}

#[test]
fn text_format() {
    let o = run(&[
        "decode",
        "--format",
        "text",
        data("linux-vxlan-4789.pcap").to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let lines: Vec<&str> = stdout(&o).lines().collect();
    assert_eq!(lines.len(), 10);
    assert_eq!(
        lines[1],
        "1 1795445387.979025000 92 eth 8e:2a:0f:60:4e:d7 > a6:23:59:56:d1:1e type 0x0800 \
         / ipv4 10.77.0.1 > 10.77.0.2 proto 17 / udp 36875 > 4789 / vxlan vni 4242 \
         / eth 76:ba:03:18:88:5c > ff:ff:ff:ff:ff:ff type 0x0806 \
         / arp op 1 192.168.50.1 > 192.168.50.2"
    );
    for (i, l) in lines.iter().enumerate() {
        let mut f = l.split(' ');
        assert_eq!(f.next(), Some(i.to_string().as_str()));
        assert_eq!(f.next(), Some(TSHARK_TIMES[i]));
        assert_eq!(f.next(), Some(LENGTHS[i].to_string().as_str()));
        assert!(l.contains(" / vxlan vni 4242 / "), "{l}");
    }
}

#[test]
fn count_and_skip() {
    let p = data("linux-vxlan-4789.pcap");
    let lines = decode(&p, &["--skip", "3", "--count", "2"]);
    let idx: Vec<_> = lines.iter().map(|l| l.json["index"].clone()).collect();
    assert_eq!(idx, [json!(3), json!(4)]);
    assert_eq!(lines[0].time, TSHARK_TIMES[3]);
    assert_eq!(decode(&p, &["-c", "0"]).len(), 0);
    assert_eq!(decode(&p, &["--skip", "100"]).len(), 0);
}

#[test]
fn vxlan_and_gpe_ports_from_the_command_line() {
    // The bundled frames with the outer UDP destination port changed to 8888.
    let mut packets = bundled_packets();
    for (d, _, _) in &mut packets {
        d[36..38].copy_from_slice(&8888u16.to_be_bytes());
    }
    let path = scratch("vxlan-8888.pcap");
    write_pcap(&path, 1, false, &packets);
    for l in decode(&path, &[]) {
        assert_eq!(l.protos(), ["eth", "ipv4", "udp", "payload"]);
    }
    for l in decode(&path, &["--vxlan-port", "8888"]) {
        assert_eq!(l.layer("vxlan")["vni"], 4242);
        assert_eq!(l.protos()[4], "eth");
    }
    // Read as VXLAN-GPE the header gets a gpe object (no P bit: next protocol unset).
    for l in decode(&path, &["--gpe-port", "8888"]) {
        let vx = l.layer("vxlan");
        assert!(vx["gpe"].is_object(), "{vx}");
        assert_eq!(vx["gbp"], Value::Null);
    }
    let o = run(&["decode", "--vxlan-port", "0", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["decode", "--vxlan-port", "65536", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn missing_file() {
    let o = run(&["decode", "no/such/capture.pcap"]);
    assert_eq!(o.status.code(), Some(EXIT_INPUT));
    assert_eq!(stdout(&o), "");
    let e = stderr(&o);
    assert!(e.contains("no/such/capture.pcap"), "{e}");
    assert!(e.contains("cannot open"), "{e}");
    assert!(!e.contains("panicked"), "{e}");
}

#[test]
fn text_file_is_not_a_capture() {
    let readme = data("README.md");
    let o = run(&["decode", readme.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(EXIT_INPUT));
    assert_eq!(stdout(&o), "");
    let e = stderr(&o);
    assert!(e.contains("README.md"), "{e}");
    assert!(e.contains("not a pcap or pcapng file"), "{e}");
    // An empty file, and one too short for a pcap header.
    let empty = scratch("empty.pcap");
    fs::write(&empty, b"").unwrap();
    let o = run(&["decode", empty.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(EXIT_INPUT));
    assert!(stderr(&o).contains("the file is empty"), "{}", stderr(&o));
    let short = scratch("short.pcap");
    fs::write(
        &short,
        &fs::read(data("linux-vxlan-4789.pcap")).unwrap()[..10],
    )
    .unwrap();
    let o = run(&["decode", short.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(EXIT_INPUT));
    assert!(stderr(&o).contains("pcap file header"), "{}", stderr(&o));
    // A directory.
    let o = run(&["decode", repo_root().join("tests").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(EXIT_INPUT));
    assert!(stderr(&o).contains("directory"), "{}", stderr(&o));
}

#[test]
fn truncated_pcap_prints_what_it_can_then_fails() {
    let (bytes, offsets) = bundled_records();
    let last = offsets[9];
    // Cut inside the last record's data, and inside its header.
    for (cut, what) in [
        (bytes.len() - 30, "pcap packet record"),
        (last + 7, "header"),
    ] {
        let path = scratch(&format!("truncated-{cut}.pcap"));
        fs::write(&path, &bytes[..cut]).unwrap();
        let o = run(&["decode", path.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(EXIT_DAMAGED), "{}", stderr(&o));
        let lines = parse_lines(stdout(&o));
        assert_eq!(lines.len(), 9);
        assert_eq!(lines[8].time, TSHARK_TIMES[8]);
        let e = stderr(&o);
        assert!(e.contains(path.to_str().unwrap()), "{e}");
        assert!(e.contains(&format!("truncated at byte {last}")), "{e}");
        assert!(e.contains(what), "{e}");
        assert!(e.contains("9 packets read before it"), "{e}");
    }
    // The same in pcapng: the last Enhanced Packet Block cut short.
    let ng = fs::read(data("linux-vxlan-4789.pcapng")).unwrap();
    let path = scratch("truncated.pcapng");
    fs::write(&path, &ng[..ng.len() - 20]).unwrap();
    let o = run(&["decode", "--format", "text", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(EXIT_DAMAGED));
    assert_eq!(stdout(&o).lines().count(), 9);
    assert!(
        stderr(&o).contains("Enhanced Packet Block"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn corrupted_header_is_a_packet_error_and_decoding_goes_on() {
    let (mut bytes, offsets) = bundled_records();
    // Packet 1: the outer IPv4 header's version nibble becomes 6.
    bytes[offsets[1] + 16 + 14] = 0x65;
    // Packet 4: the inner IPv4 header (after eth, ipv4, udp, vxlan, eth) gets IHL 2.
    bytes[offsets[4] + 16 + 14 + 20 + 8 + 8 + 14] = 0x42;
    let path = scratch("corrupted.pcap");
    fs::write(&path, &bytes).unwrap();
    let lines = decode(&path, &[]);
    assert_eq!(lines.len(), 10);
    let e = &lines[1].json["error"];
    assert_eq!(e["layer"], "ipv4");
    assert_eq!(e["offset"], 14);
    assert!(e["reason"].as_str().unwrap().contains("version"), "{e}");
    assert_eq!(lines[1].protos(), ["eth"]);
    let e = &lines[4].json["error"];
    assert_eq!(e["layer"], "ipv4");
    assert_eq!(e["offset"], 64);
    assert_eq!(lines[4].protos(), ["eth", "ipv4", "udp", "vxlan", "eth"]);
    for i in [0, 2, 3, 5, 6, 7, 8, 9] {
        assert!(lines[i].json.get("error").is_none(), "packet {i}");
        assert_eq!(lines[i].layer("vxlan")["vni"], 4242);
    }
    // The text format shows the error at the end of the line.
    let o = run(&["decode", "--format", "text", path.to_str().unwrap()]);
    let l1 = stdout(&o).lines().nth(1).unwrap().to_string();
    assert!(
        l1.ends_with("[error: ipv4 at offset 14: version is 6, expected 4]"),
        "{l1}"
    );
}

#[test]
fn unsupported_link_type_is_a_packet_error() {
    // LINKTYPE_IEEE802_11 (105).
    let path = scratch("wifi.pcap");
    write_pcap(&path, 105, false, &bundled_packets()[..2]);
    let lines = decode(&path, &[]);
    assert_eq!(lines.len(), 2);
    for l in &lines {
        assert_eq!(l.layers(), &[] as &[Value]);
        assert_eq!(l.json["error"]["layer"], "link");
        assert_eq!(l.json["error"]["offset"], 0);
        assert!(l.json["error"]["reason"].as_str().unwrap().contains("105"));
    }
}

#[test]
fn snapshot_length_shows_caplen() {
    let packets: Vec<_> = bundled_packets()
        .into_iter()
        .map(|(d, orig, ts)| (d[..60].to_vec(), orig, ts))
        .collect();
    let path = scratch("snap60.pcap");
    write_pcap(&path, 1, false, &packets);
    for (i, l) in decode(&path, &[]).iter().enumerate() {
        assert_eq!(l.json["length"], LENGTHS[i]);
        assert_eq!(l.json["caplen"], 60);
    }
    let o = run(&["decode", "--format", "text", path.to_str().unwrap()]);
    assert!(stdout(&o).starts_with("0 1795445387.572453000 60/140 eth "));
}

/// A pcapng with what editcap never writes: a big-endian section, power-of-two and
/// offset timestamps, a Simple Packet Block, an obsolete Packet Block, a second section
/// in little-endian.
fn unusual_pcapng(path: &Path) {
    let packets = bundled_packets();
    let mut w =
        PcapNgWriter::with_endianness(fs::File::create(path).unwrap(), Endianness::Big).unwrap();
    // Interface 0: 2^-20 s ticks, 1000 s offset. Interface 1: milliseconds.
    w.write_pcapng_block(InterfaceDescriptionBlock {
        linktype: DataLink::ETHERNET,
        snaplen: 0,
        options: vec![
            InterfaceDescriptionOption::IfTsResol(0x80 | 20),
            InterfaceDescriptionOption::IfTsOffset(1000),
        ],
    })
    .unwrap();
    w.write_pcapng_block(InterfaceDescriptionBlock {
        linktype: DataLink::ETHERNET,
        snaplen: 0,
        options: vec![InterfaceDescriptionOption::IfTsResol(3)],
    })
    .unwrap();
    let epb = |iface: u32, units: u64, p: &(Vec<u8>, u32, Duration)| EnhancedPacketBlock {
        interface_id: iface,
        // pcap-file writes the Duration's nanoseconds as the raw tick count.
        timestamp: Duration::from_nanos(units),
        original_len: p.1,
        data: Cow::Owned(p.0.clone()),
        options: vec![],
    };
    w.write_pcapng_block(epb(0, (1_700_000_000 << 20) | 777_777, &packets[0]))
        .unwrap();
    w.write_pcapng_block(epb(1, 1_700_000_000_123, &packets[1]))
        .unwrap();
    w.write_pcapng_block(SimplePacketBlock {
        original_len: packets[2].1,
        data: Cow::Owned(packets[2].0.clone()),
    })
    .unwrap();
    // The obsolete Packet Block. pcap-file writes its timestamp as one 64-bit integer,
    // which is the standard's high-then-low word order only in a big-endian section.
    w.write_pcapng_block(PacketBlock {
        interface_id: 1,
        drop_count: 0,
        timestamp: 1_700_000_000_456,
        captured_len: u32::try_from(packets[3].0.len()).unwrap(),
        original_len: packets[3].1,
        data: Cow::Owned(packets[3].0.clone()),
        options: vec![],
    })
    .unwrap();
    let mut out = w.into_inner();
    // Second section, little-endian, one interface in nanoseconds.
    let mut w = PcapNgWriter::with_endianness(Vec::new(), Endianness::Little).unwrap();
    w.write_pcapng_block(InterfaceDescriptionBlock {
        linktype: DataLink::ETHERNET,
        snaplen: 0,
        options: vec![InterfaceDescriptionOption::IfTsResol(9)],
    })
    .unwrap();
    w.write_pcapng_block(epb(0, 1_700_000_000_123_456_789, &packets[4]))
        .unwrap();
    std::io::Write::write_all(&mut out, &w.into_inner()).unwrap();
}

#[test]
fn unusual_pcapng_timestamps_sections_and_simple_packets() {
    let path = scratch("unusual.pcapng");
    unusual_pcapng(&path);
    let lines = decode(&path, &[]);
    let times: Vec<&str> = lines.iter().map(|l| l.time.as_str()).collect();
    // 777777 / 2^20 s = 0.741745948... s, truncated to the nanosecond.
    assert_eq!(
        times,
        [
            "1700001000.741745948",
            "1700000000.123000000",
            "null",
            "1700000000.456000000",
            "1700000000.123456789"
        ]
    );
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(l.json["index"], i);
        assert_eq!(l.json["length"], LENGTHS[i]);
        assert!(l.json.get("caplen").is_none(), "{}", l.json);
        assert_eq!(l.layer("vxlan")["vni"], 4242);
    }
}

#[test]
fn closed_pipe_ends_quietly_with_success() {
    // Enough packets that the output is far larger than a pipe's buffer.
    let packets = bundled_packets();
    let many: Vec<_> = packets.iter().cycle().take(2_000).cloned().collect();
    let path = scratch("many.pcap");
    write_pcap(&path, 1, false, &many);
    let mut child = Command::new(BIN)
        .args(["decode", path.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is dropped here: the pipe closes like `| head -1` would close it.
    assert!(first.starts_with("{\"index\":0,"), "{first}");
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{:?}", o.status);
    assert_eq!(stderr(&o), "");
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    // A file above the progress bar's size threshold, stderr piped as in CI.
    let packets = bundled_packets();
    // Frames padded with an Ethernet trailer, so that few packets make a large file.
    let many: Vec<_> = packets
        .iter()
        .cycle()
        .take(4_000)
        .map(|(d, _, ts)| {
            let mut d = d.clone();
            d.resize(1400, 0);
            (d, 1400, *ts)
        })
        .collect();
    let path = scratch("large.pcap");
    write_pcap(&path, 1, false, &many);
    assert!(fs::metadata(&path).unwrap().len() > 4 * 1024 * 1024);
    let o = run(&["decode", "--format", "text", path.to_str().unwrap()]);
    assert!(o.status.success());
    assert_eq!(stderr(&o), "");
    assert_eq!(stdout(&o).lines().count(), 4_000);
}

/// Whether tshark can be used; without it the test is skipped, unless CI=true.
fn tshark_available() -> bool {
    let ok = Command::new("tshark")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "tshark is required when CI=true (Debian package: tshark)"
        );
        eprintln!(
            "skipping the tshark comparison: tshark is not installed (apt-get install tshark)"
        );
    }
    ok
}

/// Compares every packet of `path` with tshark's frame.time_epoch, frame.len,
/// frame.cap_len and, when `layers` is set, vxlan.vni, ip.src and udp.srcport.
fn compare_with_tshark(path: &Path, layers: bool) {
    let o = Command::new("tshark")
        .arg("-r")
        .arg(path)
        .args(["-T", "fields", "-E", "separator=/t", "-E", "occurrence=a"])
        .args([
            "-e",
            "frame.time_epoch",
            "-e",
            "frame.len",
            "-e",
            "frame.cap_len",
        ])
        .args(["-e", "vxlan.vni", "-e", "ip.src", "-e", "udp.srcport"])
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "tshark on {}: {}",
        path.display(),
        stderr(&o)
    );
    let ours = decode(path, &[]);
    let theirs: Vec<&str> = stdout(&o).lines().collect();
    assert_eq!(ours.len(), theirs.len(), "{}", path.display());
    let list = |s: &str| -> Vec<String> {
        if s.is_empty() {
            Vec::new()
        } else {
            s.split(',').map(str::to_string).collect()
        }
    };
    for (i, (us, them)) in ours.iter().zip(theirs).enumerate() {
        let ctx = format!(
            "{} packet {i}: tshark {them:?}, ours {}",
            path.display(),
            us.json
        );
        let f: Vec<&str> = them.split('\t').collect();
        assert_eq!(f.len(), 6, "{ctx}");
        let time = if us.time == "null" { "" } else { &us.time };
        assert_eq!(time, f[0], "{ctx}");
        assert_eq!(us.json["length"].to_string(), f[1], "{ctx}");
        let caplen = us.json.get("caplen").unwrap_or(&us.json["length"]);
        assert_eq!(caplen.to_string(), f[2], "{ctx}");
        if !layers {
            continue;
        }
        assert_eq!(us.all("vxlan", "vni"), list(f[3]), "{ctx}");
        // tshark also dissects the IP/UDP header quoted inside an ICMP error, which the
        // decoder leaves as payload: ours must be tshark's list or a prefix of it that
        // stops at an ICMP layer.
        for (ours, theirs) in [
            (us.all("ipv4", "source"), list(f[4])),
            (us.all("udp", "sourcePort"), list(f[5])),
        ] {
            assert_eq!(ours[..], theirs[..ours.len().min(theirs.len())], "{ctx}");
            if ours.len() != theirs.len() {
                assert!(us.protos().contains(&"icmp"), "{ctx}");
            }
        }
    }
}

#[test]
fn tshark_agrees_on_every_packet() {
    if !tshark_available() {
        return;
    }
    for name in [
        "linux-vxlan-4789.pcap",
        "linux-vxlan-4789.pcapng",
        "linux-vxlan-4789-nsec.pcap",
        "linux-vxlan-4789-merged.pcapng",
        "linux-vxlan-4789-any-sll2.pcap",
        "linux-vxlan-4789-any-sll.pcap",
    ] {
        compare_with_tshark(&data(name), true);
    }
    let unusual = scratch("unusual-tshark.pcapng");
    unusual_pcapng(&unusual);
    compare_with_tshark(&unusual, true);
    let packets: Vec<_> = bundled_packets()
        .into_iter()
        .map(|(d, orig, ts)| (d[..60].to_vec(), orig, ts))
        .collect();
    let snap = scratch("snap60-tshark.pcap");
    write_pcap(&snap, 1, false, &packets);
    // Cut at 60 bytes, the outer IPv4 packet is incomplete: tshark dissects what is
    // there, the decoder reports the layer as truncated. Only the frame is compared.
    compare_with_tshark(&snap, false);
}
