//! Interoperability with independent implementations: the Linux kernel's VXLAN driver
//! and Wireshark's VXLAN dissector (tshark).
//!
//! - Kernel to us: a kernel `vxlan` device in one network namespace encapsulates UDP
//!   datagrams; tcpdump records them on the veth of a second namespace; our
//!   [`decapsulate`] must find VNI 4242 and the exact inner datagrams, and our
//!   [`Encapsulation`] must rebuild the kernel's frames byte for byte (but the UDP
//!   checksum, left partial by checksum offload at the capture point). Plain over IPv4
//!   and IPv6, and GBP with the Group Policy ID the kernel takes from the socket mark.
//! - Us to the kernel: frames we encapsulate are written onto the veth with an
//!   `AF_PACKET` socket; the kernel must decapsulate them and deliver the exact payload
//!   to a UDP socket bound on the vxlan device's address. Plain (zero and computed UDP
//!   checksum) and GBP over IPv4, plain over IPv6 (where the kernel insists on a valid
//!   checksum).
//! - tshark: every form we emit (plain, GBP, IPv6 outer, 802.1Q, GPE with each next
//!   protocol, the legacy port) is decoded to the same fields, with checksum
//!   validation on and no expert error or warning.
//!
//! Needs root, iproute2, tcpdump, tshark and python3 (for the sockets inside the
//! namespaces). Without them the tests skip with a message, unless `CI=true`, where a
//! missing tool is a failure. Every test makes its own namespaces (the process id and
//! the test's name are in their names) and deletes them on every exit path, panics
//! included. Traffic only ever goes to the namespaces' own addresses.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use etherparse::{NetSlice, PacketBuilder, SlicedPacket, TransportSlice};
use mediafabric_vxlan::{
    DecapConfig, Encapsulation, Extension, Gpe, GroupPolicy, Header, NextProtocol, OuterIp,
    SourcePort, UdpChecksum, VlanTag, Vni, decapsulate,
};
use pcap_file::pcap::{PcapPacket, PcapReader, PcapWriter};
use serde_json::Value;

// ---------------------------------------------------------------------------------
// Environment
// ---------------------------------------------------------------------------------

const VNI: u32 = 4242;
/// How long to wait for a peer before giving up (a guard against hangs; nothing is
/// asserted about time).
const PEER_TIMEOUT: Duration = Duration::from_secs(20);
/// libpcap hands packets over in blocks: wait this long after the last packet before
/// stopping a capture (see PEERS.md).
const CAPTURE_SETTLE: Duration = Duration::from_secs(2);

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|euid| euid == "0"))
        })
        .unwrap_or(false)
}

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|p| {
        std::env::split_paths(&p).any(|d| {
            let f = d.join(tool);
            f.is_file()
                && std::fs::metadata(&f).is_ok_and(|m| {
                    use std::os::unix::fs::PermissionsExt;
                    m.permissions().mode() & 0o111 != 0
                })
        })
    })
}

/// Whether the test can run. A missing requirement skips with a message, or fails
/// when `CI=true`.
fn require(test: &str, root: bool, tools: &[&str]) -> bool {
    let mut missing: Vec<String> = Vec::new();
    if root && !is_root() {
        missing.push("root (network namespaces)".into());
    }
    missing.extend(tools.iter().filter(|t| !on_path(t)).map(|t| t.to_string()));
    if missing.is_empty() {
        return true;
    }
    let msg = format!("{test}: missing {}", missing.join(", "));
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{msg} (CI=true: a missing peer is a failure)");
    }
    // Straight to stderr, past the test harness's capture, so that a skip is seen.
    let _ = writeln!(std::io::stderr(), "SKIPPED {msg}");
    false
}

fn run(cmd: &mut Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed ({}): {}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn ip(args: &[&str]) -> String {
    run(Command::new("ip").args(args))
}

/// A scratch directory removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let d = std::env::temp_dir().join(format!("mfvx-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("temp dir");
        TempDir(d)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A network namespace, deleted (with every interface in it) on drop.
struct Netns(String);

impl Netns {
    fn new(name: String) -> Netns {
        // Left over from a killed run of the same pid: remove first.
        let _ = Command::new("ip")
            .args(["netns", "del", &name])
            .stderr(Stdio::null())
            .status();
        ip(&["netns", "add", &name]);
        Netns(name)
    }

    fn name(&self) -> &str {
        &self.0
    }

    /// `ip -n NS ARGS...`
    fn ip(&self, args: &str) -> String {
        let mut a = vec!["-n", &self.0];
        a.extend(args.split_whitespace());
        ip(&a)
    }

    /// `ip netns exec NS PROGRAM`
    fn exec(&self, program: &str) -> Command {
        let mut c = Command::new("ip");
        c.args(["netns", "exec", &self.0, program]);
        c
    }

    fn mac(&self, dev: &str) -> [u8; 6] {
        let out = self.ip(&format!("-j link show dev {dev}"));
        let v: Value = serde_json::from_str(&out).expect("ip -j output");
        parse_mac(v[0]["address"].as_str().expect("no address"))
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        let _ = Command::new("ip").args(["netns", "del", &self.0]).status();
    }
}

fn parse_mac(s: &str) -> [u8; 6] {
    let mut m = [0u8; 6];
    let parts: Vec<_> = s.split(':').collect();
    assert_eq!(parts.len(), 6, "bad MAC {s}");
    for (o, p) in m.iter_mut().zip(parts) {
        *o = u8::from_str_radix(p, 16).expect("bad MAC");
    }
    m
}

fn mac_str(m: &[u8]) -> String {
    m.iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// A background process, killed on drop.
struct Bg(Child);

impl Drop for Bg {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Lines of a child's output, read on a thread so that waits can time out.
fn lines_of(out: impl std::io::Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(out).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

fn wait_for_line(rx: &mpsc::Receiver<String>, what: &str, pred: impl Fn(&str) -> bool) {
    let deadline = Instant::now() + PEER_TIMEOUT;
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(l) if pred(&l) => return,
            Ok(l) => seen.push(l),
            Err(_) => panic!("{what} never became ready; it said: {seen:?}"),
        }
    }
}

/// Two namespaces joined by a veth pair: `va` (10.77.0.1, fd00::1) in `a` and `vb`
/// (10.77.0.2, fd00::2) in `b`. The veth ends are created inside the namespaces, so
/// deleting the namespaces removes everything.
struct Pair {
    a: Netns,
    b: Netns,
}

impl Pair {
    fn new(tag: &str) -> Pair {
        let base = format!("mfvx{}{tag}", std::process::id());
        let a = Netns::new(format!("{base}a"));
        let b = Netns::new(format!("{base}b"));
        a.ip(&format!(
            "link add va type veth peer name vb netns {}",
            b.name()
        ));
        a.ip("addr add 10.77.0.1/24 dev va");
        b.ip("addr add 10.77.0.2/24 dev vb");
        a.ip("addr add fd00::1/64 dev va nodad");
        b.ip("addr add fd00::2/64 dev vb nodad");
        for (ns, dev) in [(&a, "va"), (&b, "vb")] {
            ns.ip(&format!("link set {dev} up"));
            ns.ip("link set lo up");
        }
        Pair { a, b }
    }

    /// A kernel vxlan device `vx0` (VNI 4242, port 4789) in namespace `a` with address
    /// 192.168.50.1/24, over IPv4 or IPv6, with extra options (e.g. `gbp`).
    fn vxlan_in_a(&self, v6: bool, extra: &str) {
        let (local, remote) = if v6 {
            ("fd00::1", "fd00::2")
        } else {
            ("10.77.0.1", "10.77.0.2")
        };
        self.a.ip(&format!(
            "link add vx0 type vxlan id {VNI} local {local} remote {remote} dstport 4789 {extra}"
        ));
        self.a.ip("addr add 192.168.50.1/24 dev vx0");
        self.a.ip("link set vx0 up");
    }
}

/// tcpdump writing a pcap in a namespace.
struct Capture {
    proc: Bg,
    file: PathBuf,
}

impl Capture {
    fn start(ns: &Netns, dev: &str, filter: &str, file: PathBuf) -> Capture {
        let mut c = ns.exec("tcpdump");
        c.args(["-i", dev, "-n", "-U", "--immediate-mode", "-w"])
            .arg(&file)
            .arg(filter)
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = c.spawn().expect("cannot start tcpdump");
        let err = child.stderr.take().expect("stderr");
        let proc = Bg(child);
        let rx = lines_of(err);
        wait_for_line(&rx, "tcpdump", |l| l.contains("listening on"));
        Capture { proc, file }
    }

    /// Waits for libpcap to hand over the last packets, stops tcpdump cleanly and
    /// returns the captured frames.
    fn stop(mut self) -> Vec<Vec<u8>> {
        thread::sleep(CAPTURE_SETTLE);
        let pid = self.proc.0.id().to_string();
        let _ = Command::new("kill").args(["-INT", &pid]).status();
        let _ = self.proc.0.wait();
        read_pcap(&self.file)
    }
}

fn read_pcap(path: &Path) -> Vec<Vec<u8>> {
    let mut r = PcapReader::new(File::open(path).expect("open pcap")).expect("pcap header");
    let mut frames = Vec::new();
    while let Some(p) = r.next_packet() {
        frames.push(p.expect("pcap record").data.into_owned());
    }
    frames
}

fn write_pcap(path: &Path, frames: &[Vec<u8>]) {
    let mut w = PcapWriter::new(File::create(path).expect("create pcap")).expect("pcap");
    for (i, f) in frames.iter().enumerate() {
        let ts = Duration::from_millis(1_700_000_000_000 + i as u64);
        w.write_packet(&PcapPacket::new(ts, f.len() as u32, f))
            .expect("write pcap");
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

/// Sends UDP datagrams from a namespace, with an optional socket mark (`SO_MARK`, which
/// a kernel GBP device carries as the Group Policy ID).
const PY_SEND: &str = r#"
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
mark = int(sys.argv[3])
if mark:
    s.setsockopt(socket.SOL_SOCKET, 36, mark)  # SO_MARK
for p in sys.argv[4:]:
    s.sendto(bytes.fromhex(p), (sys.argv[1], int(sys.argv[2])))
"#;

/// Receives UDP datagrams in a namespace and prints each as "addr port hex".
const PY_LISTEN: &str = r#"
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], int(sys.argv[2])))
print("ready", flush=True)
while True:
    d, a = s.recvfrom(65535)
    print(a[0], a[1], d.hex(), flush=True)
"#;

/// Writes raw Ethernet frames onto an interface.
const PY_INJECT: &str = r#"
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((sys.argv[1], 0))
for f in sys.argv[2:]:
    s.send(bytes.fromhex(f))
"#;

// ---------------------------------------------------------------------------------
// (a) The kernel encapsulates, we decapsulate
// ---------------------------------------------------------------------------------

const INNER_PEER_MAC: [u8; 6] = [0x02, 0, 0, 0, 0x50, 0x02];

fn kernel_encapsulates(tag: &str, v6: bool, gbp_mark: Option<u16>) {
    let what = format!(
        "kernel encapsulates {} over {}",
        if gbp_mark.is_some() { "GBP" } else { "plain" },
        if v6 { "IPv6" } else { "IPv4" }
    );
    if !require(&what, true, &["ip", "tcpdump", "python3"]) {
        return;
    }
    let tmp = TempDir::new(tag);
    let pair = Pair::new(tag);
    pair.vxlan_in_a(v6, if gbp_mark.is_some() { "gbp" } else { "" });
    // A static neighbour: the kernel sends at once instead of asking by ARP first.
    pair.a.ip(&format!(
        "neigh add 192.168.50.2 lladdr {} dev vx0 nud permanent",
        mac_str(&INNER_PEER_MAC)
    ));
    let vx0_mac = pair.a.mac("vx0");
    let va_mac = pair.a.mac("va");
    let vb_mac = pair.b.mac("vb");

    let cap = Capture::start(&pair.b, "vb", "udp dst port 4789", tmp.path("kernel.pcap"));
    let payloads: Vec<Vec<u8>> = (0..3)
        .map(|i| format!("mediafabric {tag} kernel to us {i}").into_bytes())
        .collect();
    let mut c = pair.a.exec("python3");
    c.args(["-c", PY_SEND, "192.168.50.2", "5000"])
        .arg(gbp_mark.unwrap_or(0).to_string());
    for p in &payloads {
        c.arg(hex(p));
    }
    run(&mut c);
    let frames = cap.stop();
    assert!(!frames.is_empty(), "nothing captured");

    let (src_ip, dst_ip): (IpAddr, IpAddr) = if v6 {
        (
            "fd00::1".parse::<Ipv6Addr>().unwrap().into(),
            "fd00::2".parse::<Ipv6Addr>().unwrap().into(),
        )
    } else {
        (
            Ipv4Addr::new(10, 77, 0, 1).into(),
            Ipv4Addr::new(10, 77, 0, 2).into(),
        )
    };
    let mut got = BTreeSet::new();
    for frame in &frames {
        // The capture is taken before checksum offload completes the UDP checksum, so
        // it is not verified here (the kernel-side test below checks ours).
        let d = decapsulate(frame, &DecapConfig::default())
            .unwrap_or_else(|e| panic!("kernel frame rejected: {e}\n{}", hex(frame)));
        assert_eq!(d.header.vni.get(), VNI);
        assert_eq!(d.src_ip, src_ip);
        assert_eq!(d.dst_ip, dst_ip);
        assert_eq!(d.dst_port, 4789);
        assert_eq!(d.outer_src_mac, va_mac);
        assert_eq!(d.outer_dst_mac, vb_mac);
        assert_eq!(d.vlan, None);
        // A plain device never sets the G flag; a GBP device sets it when the frame has
        // a mark (a zero Group Policy ID is sent as no extension).
        if gbp_mark.is_none() {
            assert_eq!(d.header.extension, Extension::None);
        }
        assert_eq!(
            &d.inner[6..12],
            &vx0_mac,
            "inner source is the vxlan device"
        );

        reencapsulate_like_the_kernel(frame);

        // The inner frame: IPv4/UDP from 192.168.50.1 to 192.168.50.2:5000.
        let inner = SlicedPacket::from_ethernet(d.inner).expect("inner frame");
        let (Some(NetSlice::Ipv4(ip4)), Some(TransportSlice::Udp(udp))) =
            (&inner.net, &inner.transport)
        else {
            continue; // e.g. an IPv6 router solicitation from vx0 itself
        };
        assert_eq!(&d.inner[..6], &INNER_PEER_MAC);
        assert_eq!(ip4.header().source_addr(), Ipv4Addr::new(192, 168, 50, 1));
        assert_eq!(
            ip4.header().destination_addr(),
            Ipv4Addr::new(192, 168, 50, 2)
        );
        assert_eq!(udp.destination_port(), 5000);
        if let Some(mark) = gbp_mark {
            // The datagrams from the marked socket carry the mark as the Group Policy
            // ID (frames the kernel makes itself, e.g. MLD reports, carry their own).
            assert_eq!(
                d.header.extension,
                Extension::Gbp(GroupPolicy {
                    dont_learn: false,
                    policy_applied: false,
                    group_policy_id: mark,
                }),
                "the kernel carries the socket mark as the Group Policy ID: {}",
                hex(frame)
            );
        }
        got.insert(udp.payload().to_vec());
    }
    let want: BTreeSet<_> = payloads.into_iter().collect();
    assert_eq!(got, want, "inner UDP payloads differ from what was sent");
}

/// Our encapsulation of what we decapsulated, with the fields decapsulation does not
/// report (IPv4 identification, DF, TOS; IPv6 traffic class, flow label) copied from the
/// frame, is the kernel's frame byte for byte but the UDP checksum.
fn reencapsulate_like_the_kernel(frame: &[u8]) {
    let d = decapsulate(frame, &DecapConfig::default()).unwrap();
    let outer = SlicedPacket::from_ethernet(frame).expect("outer frame");
    let mut e = Encapsulation::new(
        d.outer_src_mac,
        d.outer_dst_mac,
        OuterIp::from_pair(d.src_ip, d.dst_ip).unwrap(),
        d.header,
    );
    e.ttl = d.ttl;
    e.src_port = SourcePort::Fixed(d.src_port);
    e.dst_port = d.dst_port;
    e.udp_checksum = UdpChecksum::Zero;
    match &outer.net {
        Some(NetSlice::Ipv4(ip4)) => {
            let h = ip4.header();
            e.identification = h.identification();
            e.dont_fragment = h.dont_fragment();
            e.tos = (h.dcp().value() << 2) | h.ecn().value();
        }
        Some(NetSlice::Ipv6(ip6)) => {
            let h = ip6.header();
            e.tos = h.traffic_class();
            e.flow_label = h.flow_label().value();
        }
        _ => panic!("outer is not IP"),
    }
    let mut out = vec![0u8; frame.len() + 64];
    let n = e.encapsulate(d.inner, &mut out).unwrap();
    assert_eq!(n, frame.len(), "length differs from the kernel's frame");
    let ck = d.inner_offset - 8 - 2; // the UDP checksum field
    assert_eq!(hex(&out[..ck]), hex(&frame[..ck]), "outer headers differ");
    assert_eq!(
        hex(&out[ck + 2..n]),
        hex(&frame[ck + 2..]),
        "payload differs"
    );
}

#[test]
fn kernel_encapsulates_plain_over_ipv4() {
    kernel_encapsulates("k4", false, None);
}

#[test]
fn kernel_encapsulates_plain_over_ipv6() {
    kernel_encapsulates("k6", true, None);
}

#[test]
fn kernel_encapsulates_gbp_over_ipv4() {
    kernel_encapsulates("kg", false, Some(0x1234));
}

// ---------------------------------------------------------------------------------
// (b) We encapsulate, the kernel decapsulates
// ---------------------------------------------------------------------------------

fn inner_udp(src_mac: [u8; 6], dst_mac: [u8; 6], dst_port: u16, payload: &[u8]) -> Vec<u8> {
    let b = PacketBuilder::ethernet2(src_mac, dst_mac)
        .ipv4([192, 168, 50, 2], [192, 168, 50, 1], 64)
        .udp(40000, dst_port);
    let mut v = Vec::with_capacity(b.size(payload.len()));
    b.write(&mut v, payload).expect("inner frame");
    v
}

fn kernel_decapsulates(tag: &str, v6: bool, header: Header) {
    let gbp = matches!(header.extension, Extension::Gbp(_));
    let what = format!(
        "kernel decapsulates {} over {}",
        if gbp { "GBP" } else { "plain" },
        if v6 { "IPv6" } else { "IPv4" }
    );
    if !require(&what, true, &["ip", "python3"]) {
        return;
    }
    let pair = Pair::new(tag);
    pair.vxlan_in_a(v6, if gbp { "gbp" } else { "" });
    let vx0_mac = pair.a.mac("vx0");
    let va_mac = pair.a.mac("va");
    let vb_mac = pair.b.mac("vb");

    let mut c = pair.a.exec("python3");
    c.args(["-c", PY_LISTEN, "192.168.50.1", "6000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    let mut child = c.spawn().expect("cannot start the listener");
    let out: ChildStdout = child.stdout.take().expect("stdout");
    let _listener = Bg(child);
    let rx = lines_of(out);
    wait_for_line(&rx, "UDP listener", |l| l == "ready");

    let ip = if v6 {
        OuterIp::V6 {
            src: "fd00::2".parse().unwrap(),
            dst: "fd00::1".parse().unwrap(),
        }
    } else {
        OuterIp::V4 {
            src: Ipv4Addr::new(10, 77, 0, 2),
            dst: Ipv4Addr::new(10, 77, 0, 1),
        }
    };
    // One datagram per UDP checksum mode the outer family allows the kernel to take
    // (over IPv6 it refuses zero checksums unless told otherwise, RFC 6935).
    let modes: &[UdpChecksum] = if v6 {
        &[UdpChecksum::Auto, UdpChecksum::Compute]
    } else {
        &[UdpChecksum::Auto, UdpChecksum::Compute, UdpChecksum::Zero]
    };
    let mut frames = Vec::new();
    let mut want = BTreeSet::new();
    for (i, mode) in modes.iter().enumerate() {
        let payload = format!("mediafabric {tag} us to kernel {i} {mode:?}").into_bytes();
        let inner = inner_udp(INNER_PEER_MAC, vx0_mac, 6000, &payload);
        let mut e = Encapsulation::new(vb_mac, va_mac, ip, header);
        e.udp_checksum = *mode;
        e.identification = i as u16;
        let mut f = vec![0u8; e.encapsulated_len(inner.len())];
        e.encapsulate(&inner, &mut f).unwrap();
        frames.push((payload.clone(), f));
        want.insert(payload);
    }

    // Inject until every datagram arrived (the first frames may race the device coming
    // up); the deadline only guards against a hang.
    let deadline = Instant::now() + PEER_TIMEOUT;
    let mut got = BTreeSet::new();
    while got != want {
        assert!(
            Instant::now() < deadline,
            "the kernel delivered {} of {} datagrams: {:?}",
            got.len(),
            want.len(),
            got.iter()
                .map(|p| String::from_utf8_lossy(p).into_owned())
                .collect::<Vec<_>>()
        );
        let mut c = pair.b.exec("python3");
        c.args(["-c", PY_INJECT, "vb"]);
        for (p, f) in &frames {
            if !got.contains(p) {
                c.arg(hex(f));
            }
        }
        run(&mut c);
        let until = Instant::now() + Duration::from_secs(1);
        while let Ok(line) = rx.recv_timeout(until.saturating_duration_since(Instant::now())) {
            let parts: Vec<_> = line.split_whitespace().collect();
            assert_eq!(parts.len(), 3, "listener said {line:?}");
            assert_eq!(parts[0], "192.168.50.2");
            assert_eq!(parts[1], "40000");
            let p = unhex(parts[2]);
            assert!(want.contains(&p), "unexpected datagram {line}");
            got.insert(p);
        }
    }
}

#[test]
fn kernel_decapsulates_plain_over_ipv4() {
    kernel_decapsulates("d4", false, Header::new(Vni::new(VNI).unwrap()));
}

#[test]
fn kernel_decapsulates_plain_over_ipv6() {
    kernel_decapsulates("d6", true, Header::new(Vni::new(VNI).unwrap()));
}

#[test]
fn kernel_decapsulates_gbp_over_ipv4() {
    kernel_decapsulates(
        "dg",
        false,
        Header::with_gbp(
            Vni::new(VNI).unwrap(),
            GroupPolicy {
                dont_learn: true,
                policy_applied: true,
                group_policy_id: 0xBEEF,
            },
        ),
    );
}

// ---------------------------------------------------------------------------------
// (c) tshark decodes everything we emit
// ---------------------------------------------------------------------------------

/// What one emitted frame is, to compare with tshark's reading of it.
struct Emitted {
    encap: Encapsulation,
    inner: Vec<u8>,
    frame: Vec<u8>,
}

fn tshark(args: &[&str]) -> String {
    run(Command::new("tshark")
        .args([
            "-o",
            "ip.check_checksum:TRUE",
            "-o",
            "udp.check_checksum:TRUE",
        ])
        .args(args)
        .stderr(Stdio::null()))
}

/// A field of a layer that tshark may have shown more than once (outer and inner):
/// `index` 0 is the outermost.
fn layer<'a>(layers: &'a Value, proto: &str, index: usize) -> &'a Value {
    match &layers[proto] {
        Value::Array(a) => a.get(index).unwrap_or(&Value::Null),
        v if index == 0 => v,
        _ => &Value::Null,
    }
}

fn field<'a>(layer: &'a Value, path: &[&str]) -> &'a str {
    let mut v = layer;
    for p in path {
        v = &v[*p];
    }
    v.as_str()
        .unwrap_or_else(|| panic!("no field {path:?} in {layer:#}"))
}

fn num(s: &str) -> u64 {
    match s.strip_prefix("0x") {
        Some(h) => u64::from_str_radix(h, 16).expect("hex field"),
        None => s.parse().expect("decimal field"),
    }
}

fn check_tshark_fields(e: &Emitted, pkt: &Value) {
    let enc = &e.encap;
    let layers = &pkt["_source"]["layers"];
    let what = format!("{:?} over {:?}", enc.header, enc.ip);
    let eth = layer(layers, "eth", 0);
    assert_eq!(field(eth, &["eth.src"]), mac_str(&enc.src_mac), "{what}");
    assert_eq!(field(eth, &["eth.dst"]), mac_str(&enc.dst_mac), "{what}");
    if let Some(v) = enc.vlan {
        let vl = layer(layers, "vlan", 0);
        assert_eq!(num(field(vl, &["vlan.id"])), u64::from(v.vid), "{what}");
        assert_eq!(
            num(field(vl, &["vlan.priority"])),
            u64::from(v.pcp),
            "{what}"
        );
        assert_eq!(field(vl, &["vlan.dei"]) == "1", v.dei, "{what}");
    }
    match enc.ip {
        OuterIp::V4 { src, dst } => {
            let ip = layer(layers, "ip", 0);
            assert_eq!(field(ip, &["ip.src"]), src.to_string(), "{what}");
            assert_eq!(field(ip, &["ip.dst"]), dst.to_string(), "{what}");
            assert_eq!(num(field(ip, &["ip.ttl"])), u64::from(enc.ttl), "{what}");
            assert_eq!(
                num(field(ip, &["ip.dsfield"])),
                u64::from(enc.tos),
                "{what}"
            );
            assert_eq!(num(field(ip, &["ip.id"])), u64::from(enc.identification));
            assert_eq!(
                field(ip, &["ip.flags_tree", "ip.flags.df"]) == "1",
                enc.dont_fragment
            );
            // 2 = good with checking on.
            assert_eq!(field(ip, &["ip.checksum.status"]), "1", "{what}");
        }
        OuterIp::V6 { src, dst } => {
            let ip = layer(layers, "ipv6", 0);
            assert_eq!(field(ip, &["ipv6.src"]), src.to_string(), "{what}");
            assert_eq!(field(ip, &["ipv6.dst"]), dst.to_string(), "{what}");
            assert_eq!(num(field(ip, &["ipv6.hlim"])), u64::from(enc.ttl), "{what}");
            let tc = field(ip, &["ipv6.tclass"]);
            assert_eq!(num(tc), u64::from(enc.tos), "{what}");
            assert_eq!(num(field(ip, &["ipv6.flow"])), u64::from(enc.flow_label));
        }
    }
    let udp = layer(layers, "udp", 0);
    let d = decapsulate(&e.frame, &DecapConfig::default()).unwrap();
    assert_eq!(
        num(field(udp, &["udp.srcport"])),
        u64::from(d.src_port),
        "{what}"
    );
    assert_eq!(
        num(field(udp, &["udp.dstport"])),
        u64::from(enc.dst_port),
        "{what}"
    );
    assert_eq!(
        num(field(udp, &["udp.length"])) as usize,
        16 + e.inner.len(),
        "{what}"
    );
    if d.udp_checksum != 0 {
        assert_eq!(
            field(udp, &["udp.checksum.status"]),
            "1",
            "{what}: bad UDP checksum"
        );
    }

    // tshark calls the GPE dissector "vxlan_gpe" but names its fields "vxlan.*".
    let vx = match &layers["vxlan"] {
        Value::Null => &layers["vxlan_gpe"],
        v => v,
    };
    assert!(
        !vx.is_null(),
        "{what}: tshark did not see VXLAN: {layers:#}"
    );
    let h = enc.header;
    let bytes = h.to_bytes().unwrap();
    assert_eq!(
        num(field(vx, &["vxlan.vni"])),
        u64::from(h.vni.get()),
        "{what}"
    );
    match h.extension {
        Extension::None => {
            assert_eq!(num(field(vx, &["vxlan.flags"])), 0x0800, "{what}");
            assert_eq!(field(vx, &["vxlan.flags_tree", "vxlan.flag_g"]), "0");
            assert_eq!(field(vx, &["vxlan.flags_tree", "vxlan.flag_i"]), "1");
            assert_eq!(num(field(vx, &["vxlan.gbp"])), 0, "{what}");
        }
        Extension::Gbp(g) => {
            let flags = u16::from_be_bytes([bytes[0], bytes[1]]);
            assert_eq!(num(field(vx, &["vxlan.flags"])), u64::from(flags), "{what}");
            let t = &vx["vxlan.flags_tree"];
            assert_eq!(field(t, &["vxlan.flag_g"]), "1", "{what}");
            assert_eq!(field(t, &["vxlan.flag_i"]), "1", "{what}");
            assert_eq!(field(t, &["vxlan.flag_d"]) == "1", g.dont_learn, "{what}");
            assert_eq!(
                field(t, &["vxlan.flag_a"]) == "1",
                g.policy_applied,
                "{what}"
            );
            assert_eq!(num(field(t, &["vxlan.flags_reserved"])), 0, "{what}");
            assert_eq!(
                num(field(vx, &["vxlan.gbp"])),
                u64::from(g.group_policy_id),
                "{what}"
            );
        }
        Extension::Gpe(g) => {
            assert_eq!(
                num(field(vx, &["vxlan.flags"])),
                u64::from(bytes[0]),
                "{what}"
            );
            let t = &vx["vxlan.flags_tree"];
            assert_eq!(
                num(field(t, &["vxlan.ver"])),
                u64::from(g.version),
                "{what}"
            );
            assert_eq!(num(field(t, &["vxlan.i_bit"])), 1, "{what}");
            assert_eq!(
                num(field(t, &["vxlan.p_bit"])) == 1,
                g.next_protocol.is_some(),
                "{what}"
            );
            assert_eq!(num(field(t, &["vxlan.o_bit"])) == 1, g.oam, "{what}");
            if let Some(np) = g.next_protocol {
                assert_eq!(
                    num(field(vx, &["vxlan.next_proto"])),
                    u64::from(u8::from(np)),
                    "{what}"
                );
            }
        }
    }

    // The inner frame as tshark saw it.
    let carries_ip = matches!(
        h.extension,
        Extension::Gpe(Gpe {
            next_protocol: Some(NextProtocol::Ipv4 | NextProtocol::Ipv6),
            ..
        })
    );
    if !carries_ip {
        let ieth = layer(layers, "eth", 1);
        assert_eq!(
            field(ieth, &["eth.src"]),
            mac_str(&e.inner[6..12]),
            "{what}"
        );
        assert_eq!(field(ieth, &["eth.dst"]), mac_str(&e.inner[..6]), "{what}");
    }
    let iudp = layer(layers, "udp", 1);
    assert_eq!(num(field(iudp, &["udp.dstport"])), 7000, "{what}");
    assert_eq!(field(iudp, &["udp.checksum.status"]), "1", "{what}");
}

fn emitted_forms() -> Vec<Emitted> {
    let v4 = OuterIp::V4 {
        src: Ipv4Addr::new(10, 77, 0, 1),
        dst: Ipv4Addr::new(10, 77, 0, 2),
    };
    let v6 = OuterIp::V6 {
        src: "fd00::1".parse().unwrap(),
        dst: "fd00::2".parse().unwrap(),
    };
    let vni = |n| Vni::new(n).unwrap();
    let gbp = |d, a, id| GroupPolicy {
        dont_learn: d,
        policy_applied: a,
        group_policy_id: id,
    };
    let gpe = |np, oam, bum| Gpe {
        version: 0,
        oam,
        bum,
        next_protocol: np,
    };
    let tag = Some(VlanTag {
        pcp: 5,
        dei: false,
        vid: 100,
    });

    let src = [0x02, 0x00, 0x00, 0x00, 0x00, 0x01];
    let dst = [0x02, 0x00, 0x00, 0x00, 0x00, 0x02];
    let imac_s = [0x02, 0xaa, 0x00, 0x00, 0x00, 0x01];
    let imac_d = [0x02, 0xaa, 0x00, 0x00, 0x00, 0x02];
    let payload = b"mediafabric to tshark";
    let eth_v4 = inner_udp(imac_s, imac_d, 7000, payload);
    let eth_v6 = {
        let b = PacketBuilder::ethernet2(imac_s, imac_d)
            .ipv6(
                "fd01::1".parse::<Ipv6Addr>().unwrap().octets(),
                "fd01::2".parse::<Ipv6Addr>().unwrap().octets(),
                64,
            )
            .udp(40000, 7000);
        let mut v = Vec::new();
        b.write(&mut v, payload).unwrap();
        v
    };
    let bare_v4 = eth_v4[14..].to_vec();
    let bare_v6 = eth_v6[14..].to_vec();

    // (outer ip, vlan, header, udp checksum, dst port override, inner)
    #[allow(clippy::type_complexity)]
    let forms: Vec<(
        OuterIp,
        Option<VlanTag>,
        Header,
        UdpChecksum,
        Option<u16>,
        &Vec<u8>,
    )> = vec![
        (
            v4,
            None,
            Header::new(vni(VNI)),
            UdpChecksum::Auto,
            None,
            &eth_v4,
        ),
        (
            v4,
            None,
            Header::new(vni(Vni::MAX)),
            UdpChecksum::Compute,
            None,
            &eth_v4,
        ),
        (
            v4,
            None,
            Header::new(vni(0)),
            UdpChecksum::Compute,
            None,
            &eth_v6,
        ),
        (
            v4,
            None,
            Header::with_gbp(vni(1), gbp(true, true, 0xBEEF)),
            UdpChecksum::Compute,
            None,
            &eth_v4,
        ),
        (
            v4,
            None,
            Header::with_gbp(vni(2), gbp(false, false, 0)),
            UdpChecksum::Auto,
            None,
            &eth_v4,
        ),
        (
            v4,
            None,
            Header::with_gbp(vni(3), gbp(true, false, 7)),
            UdpChecksum::Auto,
            None,
            &eth_v6,
        ),
        (
            v6,
            None,
            Header::new(vni(VNI)),
            UdpChecksum::Auto,
            None,
            &eth_v4,
        ),
        (
            v6,
            None,
            Header::with_gbp(vni(5), gbp(false, true, 0x0102)),
            UdpChecksum::Compute,
            None,
            &eth_v6,
        ),
        (
            v4,
            tag,
            Header::new(vni(6)),
            UdpChecksum::Compute,
            None,
            &eth_v4,
        ),
        (
            v6,
            tag,
            Header::with_gbp(vni(7), gbp(true, true, 1)),
            UdpChecksum::Auto,
            None,
            &eth_v4,
        ),
        (
            v4,
            None,
            Header::with_gpe(vni(8), gpe(Some(NextProtocol::Ethernet), false, false)),
            UdpChecksum::Compute,
            None,
            &eth_v4,
        ),
        (
            v4,
            None,
            Header::with_gpe(vni(9), gpe(Some(NextProtocol::Ipv4), false, true)),
            UdpChecksum::Auto,
            None,
            &bare_v4,
        ),
        (
            v6,
            None,
            Header::with_gpe(vni(10), gpe(Some(NextProtocol::Ipv6), false, false)),
            UdpChecksum::Auto,
            None,
            &bare_v6,
        ),
        (
            v4,
            tag,
            Header::with_gpe(vni(11), gpe(Some(NextProtocol::Ethernet), true, true)),
            UdpChecksum::Compute,
            None,
            &eth_v6,
        ),
        (
            v4,
            None,
            Header::new(vni(12)),
            UdpChecksum::Compute,
            Some(8472),
            &eth_v4,
        ),
    ];
    let mut out = Vec::new();
    for (i, (ip, vlan, header, csum, port, inner)) in forms.into_iter().enumerate() {
        let mut e = Encapsulation::new(src, dst, ip, header);
        e.vlan = vlan;
        e.udp_checksum = csum;
        e.identification = 0x1000 + i as u16;
        e.tos = (i as u8) << 2;
        e.ttl = 64 - i as u8;
        e.dont_fragment = i % 2 == 0;
        e.flow_label = 0x12345 + i as u32;
        if i % 3 == 0 {
            e.src_port = SourcePort::Fixed(49152 + i as u16);
        }
        if let Some(p) = port {
            e.dst_port = p;
        }
        let mut frame = vec![0u8; e.encapsulated_len(inner.len())];
        e.encapsulate(inner, &mut frame).unwrap();
        out.push(Emitted {
            encap: e,
            inner: inner.clone(),
            frame,
        });
    }
    out
}

#[test]
fn tshark_decodes_everything_we_emit() {
    if !require("tshark decodes everything we emit", false, &["tshark"]) {
        return;
    }
    let tmp = TempDir::new("tshark");
    let forms = emitted_forms();
    let file = tmp.path("ours.pcap");
    write_pcap(
        &file,
        &forms.iter().map(|e| e.frame.clone()).collect::<Vec<_>>(),
    );
    let f = file.to_str().unwrap();
    let json = tshark(&[
        "-r",
        f,
        "-d",
        "udp.port==8472,vxlan",
        "-T",
        "json",
        "--no-duplicate-keys",
    ]);
    let pkts: Value = serde_json::from_str(&json).expect("tshark JSON");
    let pkts = pkts.as_array().expect("array of packets");
    assert_eq!(pkts.len(), forms.len());
    for (e, p) in forms.iter().zip(pkts) {
        check_tshark_fields(e, p);
    }

    let expert = tshark(&["-r", f, "-d", "udp.port==8472,vxlan", "-q", "-z", "expert"]);
    for severity in ["Errors", "Warnings"] {
        assert!(
            !expert.contains(severity),
            "tshark reports {severity} on our frames:\n{expert}"
        );
    }
}

/// The committed kernel capture (tests/data/vxlan/linux-vxlan-4789.pcap, copied from
/// /work/shared/captures/vxlan/, recorded from a kernel vxlan device): our reading of
/// every frame agrees with tshark's.
#[test]
fn tshark_and_we_agree_on_the_kernel_capture() {
    if !require(
        "tshark and we agree on the kernel capture",
        false,
        &["tshark"],
    ) {
        return;
    }
    let file =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/vxlan/linux-vxlan-4789.pcap");
    let frames = read_pcap(&file);
    let json = tshark(&[
        "-r",
        file.to_str().unwrap(),
        "-T",
        "json",
        "--no-duplicate-keys",
    ]);
    let pkts: Value = serde_json::from_str(&json).expect("tshark JSON");
    let pkts = pkts.as_array().expect("array of packets");
    assert_eq!(pkts.len(), frames.len());
    assert_eq!(frames.len(), 10);
    for (f, p) in frames.iter().zip(pkts) {
        let d = decapsulate(f, &DecapConfig::default()).expect("kernel frame");
        let layers = &p["_source"]["layers"];
        let vx = &layers["vxlan"];
        assert_eq!(
            num(field(vx, &["vxlan.vni"])),
            u64::from(d.header.vni.get())
        );
        assert_eq!(num(field(vx, &["vxlan.flags"])), 0x0800);
        let ip = layer(layers, "ip", 0);
        assert_eq!(field(ip, &["ip.src"]), d.src_ip.to_string());
        assert_eq!(field(ip, &["ip.dst"]), d.dst_ip.to_string());
        let udp = layer(layers, "udp", 0);
        assert_eq!(num(field(udp, &["udp.srcport"])), u64::from(d.src_port));
        assert_eq!(num(field(udp, &["udp.dstport"])), u64::from(d.dst_port));
        let ieth = layer(layers, "eth", 1);
        assert_eq!(field(ieth, &["eth.src"]), mac_str(&d.inner[6..12]));
        assert_eq!(field(ieth, &["eth.dst"]), mac_str(&d.inner[..6]));
        reencapsulate_like_the_kernel(f);
    }
}
