//! Helpers shared by the IGMP/MLD interoperability tests: checking what the environment
//! offers (root, tools; skip or, with `CI=true`, fail), network namespaces and veth
//! pairs deleted on every exit path, tcpdump captures, python3 inside a namespace,
//! pcap files and hex.
//!
//! Each test binary uses a different subset, hence the `dead_code` allowance.
#![allow(dead_code)]

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use pcap_file::pcap::{PcapPacket, PcapReader, PcapWriter};
use serde_json::Value;

/// How long to wait for a peer before giving up: a guard against hangs, nothing is
/// asserted about time.
pub const PEER_TIMEOUT: Duration = Duration::from_secs(20);
/// libpcap hands packets over in blocks: wait this long after the last packet before
/// stopping a capture (PEERS.md).
pub const CAPTURE_SETTLE: Duration = Duration::from_secs(2);

pub fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|euid| euid == "0"))
        })
        .unwrap_or(false)
}

pub fn on_path(tool: &str) -> bool {
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

/// Whether the test can run. A missing requirement skips the test with a message on
/// stderr, or fails it when `CI=true`.
pub fn require(test: &str, root: bool, tools: &[&str]) -> bool {
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
    // Past the test harness's output capture, so that the skip is seen.
    let _ = writeln!(std::io::stderr(), "SKIPPED {msg}");
    false
}

/// Runs a command to completion; a failure panics with its output.
pub fn run(cmd: &mut Command) -> String {
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

pub fn ip(args: &[&str]) -> String {
    run(Command::new("ip").args(args))
}

/// A scratch directory, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let d = std::env::temp_dir().join(format!("mfigmp-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("temp dir");
        TempDir(d)
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A network namespace, deleted with every interface in it on drop (panics included).
pub struct Netns(String);

impl Netns {
    pub fn new(name: String) -> Netns {
        // Left over from a killed run with the same pid: remove it first.
        let _ = Command::new("ip")
            .args(["netns", "del", &name])
            .stderr(Stdio::null())
            .status();
        ip(&["netns", "add", &name]);
        Netns(name)
    }

    pub fn name(&self) -> &str {
        &self.0
    }

    /// `ip -n NS ARGS...`
    pub fn ip(&self, args: &str) -> String {
        let mut a = vec!["-n", &self.0];
        a.extend(args.split_whitespace());
        ip(&a)
    }

    /// `ip netns exec NS PROGRAM`
    pub fn exec(&self, program: &str) -> Command {
        let mut c = Command::new("ip");
        c.args(["netns", "exec", &self.0, program]);
        c
    }

    /// `sysctl -w KEY=VALUE` in the namespace.
    pub fn sysctl(&self, key: &str, value: &str) {
        run(self
            .exec("sysctl")
            .args(["-q", "-w", &format!("{key}={value}")]));
    }

    /// A file of the namespace's /proc/net (which shows the namespace of the reader).
    pub fn proc_net(&self, file: &str) -> String {
        run(self.exec("cat").arg(format!("/proc/net/{file}")))
    }

    pub fn mac(&self, dev: &str) -> [u8; 6] {
        let out = self.ip(&format!("-j link show dev {dev}"));
        let v: Value = serde_json::from_str(&out).expect("ip -j output");
        parse_mac(v[0]["address"].as_str().expect("no address"))
    }

    /// The interface index of `dev`.
    pub fn ifindex(&self, dev: &str) -> u32 {
        let out = self.ip(&format!("-j link show dev {dev}"));
        let v: Value = serde_json::from_str(&out).expect("ip -j output");
        v[0]["ifindex"].as_u64().expect("no ifindex") as u32
    }

    /// Waits until `dev` has a link-local IPv6 address that is no longer tentative
    /// (so the kernel has joined its solicited-node group and sends MLD from it).
    pub fn wait_link_local(&self, dev: &str) {
        let deadline = Instant::now() + PEER_TIMEOUT;
        loop {
            let out = self.ip(&format!("-j -6 addr show dev {dev} scope link"));
            let v: Value = serde_json::from_str(&out).expect("ip -j output");
            let ready = v[0]["addr_info"].as_array().is_some_and(|a| {
                a.iter().any(|a| {
                    a["local"].as_str().is_some_and(|l| l.starts_with("fe80:"))
                        && a["tentative"].as_bool() != Some(true)
                })
            });
            if ready {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{dev}: no link-local address: {out}"
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// The link-local IPv6 address of `dev`.
    pub fn link_local(&self, dev: &str) -> std::net::Ipv6Addr {
        let out = self.ip(&format!("-j -6 addr show dev {dev} scope link"));
        let v: Value = serde_json::from_str(&out).expect("ip -j output");
        v[0]["addr_info"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a["local"].as_str())
            .find(|a| a.starts_with("fe80:"))
            .unwrap_or_else(|| panic!("{dev} has no link-local address: {out}"))
            .parse()
            .expect("IPv6 address")
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        let _ = Command::new("ip").args(["netns", "del", &self.0]).status();
    }
}

pub fn parse_mac(s: &str) -> [u8; 6] {
    let mut m = [0u8; 6];
    let parts: Vec<_> = s.split(':').collect();
    assert_eq!(parts.len(), 6, "bad MAC {s}");
    for (o, p) in m.iter_mut().zip(parts) {
        *o = u8::from_str_radix(p, 16).expect("bad MAC");
    }
    m
}

pub fn mac_str(m: &[u8]) -> String {
    m.iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// A background process, killed and reaped on drop.
pub struct Bg(pub Child);

impl Drop for Bg {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The lines of a child's output, read on a thread so that waits can time out.
pub fn lines_of(out: impl std::io::Read + Send + 'static) -> mpsc::Receiver<String> {
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

pub fn wait_for_line(rx: &mpsc::Receiver<String>, what: &str, pred: impl Fn(&str) -> bool) {
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
/// (10.77.0.2, fd00::2) in `b`. The veth is created inside the namespaces, so deleting
/// them removes everything.
pub struct Pair {
    pub a: Netns,
    pub b: Netns,
}

impl Pair {
    /// `tag` must be short: namespace names carry the pid and the tag.
    pub fn new(tag: &str) -> Pair {
        let p = Pair::new_b_down(tag);
        p.b.ip("link set vb up");
        p
    }

    /// Like [`Pair::new`], but `vb` is left down (so that sysctls can be set and a
    /// capture started before the host's kernel sends its first reports).
    pub fn new_b_down(tag: &str) -> Pair {
        let base = format!("mfig{}{tag}", std::process::id());
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
        a.ip("link set va up");
        a.ip("link set lo up");
        b.ip("link set lo up");
        Pair { a, b }
    }
}

/// tcpdump writing a pcap in a namespace.
pub struct Capture {
    proc: Bg,
    file: PathBuf,
}

impl Capture {
    pub fn start(ns: &Netns, dev: &str, filter: &str, file: PathBuf) -> Capture {
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

    /// The frames captured so far with their capture times (the file is flushed per
    /// packet with `-U`; the last block may lag, see [`CAPTURE_SETTLE`]).
    pub fn peek(&self) -> Vec<(Duration, Vec<u8>)> {
        read_pcap_partial(&self.file)
    }

    /// Like [`Capture::stop`], with the capture times.
    pub fn stop_ts(mut self) -> Vec<(Duration, Vec<u8>)> {
        thread::sleep(CAPTURE_SETTLE);
        let pid = self.proc.0.id().to_string();
        let _ = Command::new("kill").args(["-INT", &pid]).status();
        let _ = self.proc.0.wait();
        read_pcap_partial(&self.file)
    }

    /// Waits for libpcap to hand over the last packets, stops tcpdump cleanly and
    /// returns the captured frames.
    pub fn stop(mut self) -> Vec<Vec<u8>> {
        thread::sleep(CAPTURE_SETTLE);
        let pid = self.proc.0.id().to_string();
        let _ = Command::new("kill").args(["-INT", &pid]).status();
        let _ = self.proc.0.wait();
        read_pcap(&self.file)
    }
}

pub fn read_pcap(path: &Path) -> Vec<Vec<u8>> {
    let mut r = PcapReader::new(File::open(path).expect("open pcap")).expect("pcap header");
    let mut frames = Vec::new();
    while let Some(p) = r.next_packet() {
        frames.push(p.expect("pcap record").data.into_owned());
    }
    frames
}

/// Reads a pcap that may still be written, with each frame's capture time: a short
/// last record is left out.
pub fn read_pcap_partial(path: &Path) -> Vec<(Duration, Vec<u8>)> {
    let Ok(f) = File::open(path) else {
        return Vec::new();
    };
    let Ok(mut r) = PcapReader::new(f) else {
        return Vec::new();
    };
    let mut frames = Vec::new();
    while let Some(Ok(p)) = r.next_packet() {
        frames.push((p.timestamp, p.data.into_owned()));
    }
    frames
}

pub fn write_pcap(path: &Path, frames: &[Vec<u8>]) {
    let mut w = PcapWriter::new(File::create(path).expect("create pcap")).expect("pcap");
    for (i, f) in frames.iter().enumerate() {
        let ts = Duration::from_millis(1_700_000_000_000 + i as u64);
        w.write_packet(&PcapPacket::new(ts, f.len() as u32, f))
            .expect("write pcap");
    }
}

pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

pub fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

/// Writes raw Ethernet frames (hex arguments after the interface name) onto an
/// interface with an `AF_PACKET` socket.
pub const PY_INJECT: &str = r#"
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((sys.argv[1], 0))
for f in sys.argv[2:]:
    s.send(bytes.fromhex(f))
"#;

/// Writes `frames` onto `dev` in `ns`.
pub fn inject(ns: &Netns, dev: &str, frames: &[Vec<u8>]) {
    let mut c = ns.exec("python3");
    c.args(["-c", PY_INJECT, dev]);
    for f in frames {
        c.arg(hex(f));
    }
    run(&mut c);
}
