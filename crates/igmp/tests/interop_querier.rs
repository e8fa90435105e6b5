//! Querier election between our router ([`mediafabric_igmp::router`]) and the querier
//! of a Linux bridge (RFC 9776 §6.6.2, RFC 9777 §7.6.2): the router with the lower
//! address is the querier, the other stays silent until its Other Querier Present timer
//! runs out.
//!
//! Namespace a holds bridge br0 (IGMP/MLD snooping, querier on, `mcast_query_use_ifaddr`
//! so that its queries come from br0's address, a 2 s query interval and a 5 s other
//! querier present interval) with port va; the other end of the veth, vb, is in
//! namespace b, where our router lives: this process drives it in real time, writes its
//! queries onto vb with an `AF_PACKET` socket and feeds it every frame the bridge sends,
//! read from vb with another. Both programs are python3 run in namespace b.
//!
//! What the bridge thinks is read from the kernel itself: the querier state of br0
//! (`IFLA_BR_MCAST_QUERIER_STATE`, Linux 5.15 and later: the querier's address, the
//! port it was heard on, the other-querier timer), which iproute2 6.1 does not print,
//! so a python3 rtnetlink reader in namespace a fetches it. The queries on vb carry the
//! kernel's receive timestamps, so their order and spacing on the wire are exact
//! whatever this process was doing.
//!
//! - Our address lower: the bridge records us as querier and sends no more queries;
//!   our router stays querier. When we stop, the bridge takes over again after its
//!   other querier present interval.
//! - Our address higher: our router yields to the bridge and sends nothing while the
//!   bridge keeps querying. When the bridge's querier is switched off, our router takes
//!   over after its Other Querier Present Interval, and the bridge (now only snooping)
//!   records us as the querier.
//!
//! Each case runs for IGMPv3 (IPv4 addresses decide) and MLDv2 (link-local addresses
//! decide). A last case keeps the bridge's default `mcast_query_use_ifaddr 0`: its
//! queries then come from 0.0.0.0, which our router does not let take part in the
//! election, and the bridge, whose own querier address is then unspecified, yields to
//! any router's query (Linux `br_ip4_multicast_select_querier`).
//!
//! Needs root, iproute2 and python3. Without them the tests skip with a message, unless
//! `CI=true`, where a missing tool is a failure. Each test makes its own namespaces and
//! deletes them on every exit path. Nothing is asserted about speed: the timeouts are
//! guards against hangs, and the time bounds checked are lower bounds (a querier must
//! not take over before the other querier present interval has passed).

mod common;

use std::cell::RefCell;
use std::fmt::{Debug, Display};
use std::io::Write;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::process::{ChildStdin, Stdio};
use std::str::FromStr;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use common::{Bg, Netns, PEER_TIMEOUT, lines_of, require, wait_for_line};
use mediafabric_igmp::router::{
    Accepted, Collected, DropReason, Family, QueryKind, Router, RouterConfig, Timers,
};
use serde_json::Value;

/// The bridge's query interval (2 s) and query response interval (1 s), in the
/// centiseconds iproute2 takes.
const BRIDGE_QUERY_INTERVAL_CS: u64 = 200;
const BRIDGE_QUERY_RESPONSE_CS: u64 = 100;
/// The bridge's other querier present interval (`mcast_querier_interval`), 5 s.
const BRIDGE_QUERIER_INTERVAL_CS: u64 = 500;

fn bridge_query_interval() -> Duration {
    Duration::from_millis(BRIDGE_QUERY_INTERVAL_CS * 10)
}

fn bridge_querier_interval() -> Duration {
    Duration::from_millis(BRIDGE_QUERIER_INTERVAL_CS * 10)
}

/// How long a state is watched to see that it holds: three of the bridge's query
/// intervals.
fn watch() -> Duration {
    bridge_query_interval() * 3
}

/// Guard against hangs: much longer than any of the intervals involved.
const GUARD: Duration = Duration::from_secs(40);

/// Our router's timers: QI 2 s, QRI 1 s, RV 2 (Other Querier Present Interval 4.5 s).
fn our_timers() -> Timers {
    Timers {
        robustness: 2,
        query_interval: Duration::from_secs(2),
        query_response_interval: Duration::from_secs(1),
        ..Timers::default()
    }
}

type R<A> = Router<A, 32, 8>;
type Sink<A> = Collected<A, 8, 64>;

/// What differs between IGMP and MLD here.
trait Proto: Family + Copy + Debug + Display + FromStr + PartialEq {
    const NAME: &'static str;
    /// Key prefix of the querier state ("ip4", "ip6").
    const STATE: &'static str;
    /// The Ethernet type of the family's IP.
    const ETHERTYPE: [u8; 2];
    /// The source address of `frame` if it is a General Query (parsed here by hand,
    /// independently of the crate).
    fn general_query_src(frame: &[u8]) -> Option<Self>;
    /// Adds `addr` to br0.
    fn address_bridge(ns: &Netns, addr: Self);
}

impl Proto for Ipv4Addr {
    const NAME: &'static str = "IGMPv3";
    const STATE: &'static str = "ip4";
    const ETHERTYPE: [u8; 2] = [0x08, 0x00];

    fn general_query_src(f: &[u8]) -> Option<Self> {
        if f.len() < 34 || f[12..14] != [0x08, 0x00] || f[23] != 2 {
            return None;
        }
        let ihl = usize::from(f[14] & 0x0f) * 4;
        let igmp = f.get(14 + ihl..)?;
        // Type 0x11 (Membership Query) with Group Address 0.
        if igmp.len() < 8 || igmp[0] != 0x11 || igmp[4..8] != [0; 4] {
            return None;
        }
        Some(Ipv4Addr::new(f[26], f[27], f[28], f[29]))
    }

    fn address_bridge(ns: &Netns, addr: Self) {
        ns.ip(&format!("addr add {addr}/24 dev br0"));
    }
}

impl Proto for Ipv6Addr {
    const NAME: &'static str = "MLDv2";
    const STATE: &'static str = "ip6";
    const ETHERTYPE: [u8; 2] = [0x86, 0xdd];

    fn general_query_src(f: &[u8]) -> Option<Self> {
        if f.len() < 62 || f[12..14] != [0x86, 0xdd] {
            return None;
        }
        // The Hop-by-Hop Options header (Router Alert), then ICMPv6.
        let (mut next, mut at) = (f[20], 54);
        if next == 0 {
            next = f[at];
            at += (usize::from(f[at + 1]) + 1) * 8;
        }
        let icmp = f.get(at..)?;
        // Type 130 (Multicast Listener Query) with Multicast Address ::.
        if next != 58 || icmp.len() < 24 || icmp[0] != 130 || icmp[8..24] != [0; 16] {
            return None;
        }
        let src: [u8; 16] = f[22..38].try_into().ok()?;
        Some(Ipv6Addr::from(src))
    }

    fn address_bridge(ns: &Netns, addr: Self) {
        ns.ip(&format!("addr add {addr}/64 dev br0 nodad"));
    }
}

/// Writes the hex frames read from stdin, one a line, onto an interface.
const PY_INJECTOR: &str = r#"
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((sys.argv[1], 0))
print("ready", flush=True)
for line in sys.stdin:
    s.send(bytes.fromhex(line.strip()))
"#;

/// Prints every IPv4/IPv6 frame an interface sees: "in" (received) or "out" (sent from
/// this side), the kernel's receive timestamp (CLOCK_REALTIME, SO_TIMESTAMPNS) in
/// seconds and nanoseconds, and the frame in hex.
const PY_READER: &str = r#"
import socket, struct, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
s.setsockopt(socket.SOL_SOCKET, 35, 1)  # SO_TIMESTAMPNS
s.bind((sys.argv[1], 0))
print("ready", flush=True)
while True:
    b, anc, _, a = s.recvmsg(65535, 64)
    if b[12:14] not in (b"\x08\x00", b"\x86\xdd"):
        continue
    sec = nsec = 0
    for level, kind, data in anc:
        if level == socket.SOL_SOCKET and kind == 35:  # SCM_TIMESTAMPNS
            sec, nsec = struct.unpack("=qq", data[:16])
    way = "out" if a[2] == socket.PACKET_OUTGOING else "in"
    print("%s %d %d %s" % (way, sec, nsec, b.hex()), flush=True)
"#;

/// Answers each line read from stdin with the querier state the bridge reports over
/// rtnetlink (IFLA_LINKINFO / IFLA_INFO_DATA / IFLA_BR_MCAST_QUERIER_STATE (47), whose
/// attributes are BRIDGE_QUERIER_IP_ADDRESS (1), _IP_PORT (2), _IP_OTHER_TIMER (3),
/// _IPV6_ADDRESS (5), _IPV6_PORT (6), _IPV6_OTHER_TIMER (7)), as one line of JSON. One
/// long-lived process: starting python3 for every look would stall the router's loop.
const PY_QUERIER_STATE: &str = r#"
import socket, struct, sys, json
def attrs(b):
    i = 0
    while i + 4 <= len(b):
        ln, ty = struct.unpack_from("=HH", b, i)
        if ln < 4:
            break
        yield ty & 0x3fff, b[i + 4:i + ln]
        i += (ln + 3) & ~3
names = {1: "ip4_addr", 2: "ip4_port", 3: "ip4_other_timer",
         5: "ip6_addr", 6: "ip6_port", 7: "ip6_other_timer"}
def state(index):
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
    s.bind((0, 0))
    body = struct.pack("=BxHiII", socket.AF_UNSPEC, 0, index, 0, 0)
    s.send(struct.pack("=IHHII", 16 + len(body), 18, 1, 1, 0) + body)  # RTM_GETLINK
    d = s.recv(65536)
    s.close()
    ln, ty = struct.unpack_from("=IH", d, 0)
    if ty != 16:  # RTM_NEWLINK
        return {"error": "netlink answer of type %d" % ty}
    out = {"present": False}
    for t, v in attrs(d[32:ln]):
        if t != 18:  # IFLA_LINKINFO
            continue
        for t2, v2 in attrs(v):
            if t2 != 2:  # IFLA_INFO_DATA
                continue
            for t3, v3 in attrs(v2):
                if t3 != 47:
                    continue
                out["present"] = True
                for t4, v4 in attrs(v3):
                    if t4 in (1, 5):
                        fam = socket.AF_INET if t4 == 1 else socket.AF_INET6
                        out[names[t4]] = socket.inet_ntop(fam, v4)
                    elif t4 in (2, 6):
                        out[names[t4]] = struct.unpack("=I", v4)[0]
                    elif t4 in (3, 7):
                        out[names[t4]] = struct.unpack("=Q", v4)[0]
    return out
index = socket.if_nametoindex(sys.argv[1])
print("ready", flush=True)
for _ in sys.stdin:
    print(json.dumps(state(index)), flush=True)
"#;

/// The running [`PY_QUERIER_STATE`].
struct StateReader {
    stdin: ChildStdin,
    answers: Receiver<String>,
    _proc: Bg,
}

/// The bridge's view of the querier for one family.
#[derive(Debug, Clone, PartialEq)]
struct BridgeQuerier {
    /// The querier's address (the bridge's own while it is querier).
    addr: Option<String>,
    /// The port another querier was heard on.
    port: Option<u64>,
    /// The other querier present timer, while another querier is present.
    other_timer: Option<u64>,
}

/// Namespace a: bridge br0 with port va; namespace b: vb, where our router sends and
/// listens.
struct Lab {
    /// Started at the first look (br0 must exist); first, so that it ends first.
    state: RefCell<Option<StateReader>>,
    a: Netns,
    b: Netns,
}

impl Lab {
    /// `use_ifaddr`: the bridge's queries come from br0's address (`bridge_addr`), not
    /// from the unspecified address (the bridge's default).
    fn new<A: Proto>(tag: &str, bridge_addr: A, use_ifaddr: bool) -> Lab {
        let base = format!("mfq{}{tag}", std::process::id());
        let a = Netns::new(format!("{base}a"));
        let b = Netns::new(format!("{base}b"));
        a.ip("link set lo up");
        b.ip("link set lo up");
        a.ip(&format!(
            "link add br0 type bridge mcast_snooping 1 mcast_querier 1 \
             mcast_igmp_version 3 mcast_mld_version 2 mcast_query_use_ifaddr {} \
             mcast_query_interval {BRIDGE_QUERY_INTERVAL_CS} \
             mcast_query_response_interval {BRIDGE_QUERY_RESPONSE_CS} \
             mcast_querier_interval {BRIDGE_QUERIER_INTERVAL_CS} \
             mcast_startup_query_interval 100",
            u8::from(use_ifaddr)
        ));
        // Only the addresses the test gives: no generated link-local address on br0
        // (its MLD queries come from the one we add) nor on the veth ends (so that
        // namespace b's kernel stays quiet).
        a.ip("link set br0 addrgenmode none");
        a.ip(&format!(
            "link add va type veth peer name vb netns {}",
            b.name()
        ));
        a.ip("link set va addrgenmode none");
        b.ip("link set vb addrgenmode none");
        a.ip("link set va master br0");
        A::address_bridge(&a, bridge_addr);
        a.ip("link set va up");
        b.ip("link set vb up");
        a.ip("link set br0 up");
        Lab {
            state: RefCell::new(None),
            a,
            b,
        }
    }

    fn querier_state<A: Proto>(&self) -> BridgeQuerier {
        let mut slot = self.state.borrow_mut();
        let reader = slot.get_or_insert_with(|| {
            let mut c = self.a.exec("python3");
            c.args(["-c", PY_QUERIER_STATE, "br0"])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::null());
            let mut child = c.spawn().expect("cannot start python3");
            let stdin = child.stdin.take().expect("stdin");
            let answers = lines_of(child.stdout.take().expect("stdout"));
            let proc = Bg(child);
            wait_for_line(&answers, "querier state reader", |l| l == "ready");
            StateReader {
                stdin,
                answers,
                _proc: proc,
            }
        });
        reader
            .stdin
            .write_all(b"?\n")
            .and_then(|()| reader.stdin.flush())
            .expect("write to the querier state reader");
        let out = reader
            .answers
            .recv_timeout(PEER_TIMEOUT)
            .expect("no answer from the querier state reader");
        let v: Value = serde_json::from_str(&out).expect("querier state JSON");
        assert_eq!(
            v["present"], true,
            "this kernel reports no IFLA_BR_MCAST_QUERIER_STATE for br0: {out}"
        );
        let key = |k: &str| v[format!("{}_{k}", A::STATE)].clone();
        BridgeQuerier {
            addr: key("addr").as_str().map(str::to_string),
            port: key("port").as_u64(),
            other_timer: key("other_timer").as_u64(),
        }
    }

    fn va_ifindex(&self) -> u64 {
        u64::from(self.a.ifindex("va"))
    }
}

/// One General Query seen on vb.
#[derive(Debug, Clone, Copy)]
struct Seen {
    /// When this process handled it, on the run's clock (the clock the router runs on).
    at: Duration,
    /// The kernel's timestamp of the frame on vb (CLOCK_REALTIME): exact order and
    /// spacing on the wire, whatever this process was doing.
    wire: Duration,
}

/// CLOCK_REALTIME now, the clock of [`Seen::wire`].
fn wall() -> Duration {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
}

/// Our router on vb, driven in real time, and the General Queries seen on the wire.
struct Run<A: Proto> {
    lab: Lab,
    epoch: Instant,
    mac: [u8; 6],
    bridge: A,
    router: Option<R<A>>,
    /// Written to the injector's stdin; the process is killed on drop.
    injector: (Bg, ChildStdin),
    frames: Receiver<String>,
    _reader: Bg,
    /// When the router asked for each General Query (run clock).
    emitted: Vec<Duration>,
    /// General Queries we sent (seen leaving vb).
    ours: Vec<Seen>,
    /// General Queries the bridge sent (seen arriving on vb).
    theirs: Vec<Seen>,
    sink: Sink<A>,
}

impl<A: Proto> Run<A> {
    fn new(lab: Lab, bridge: A) -> Run<A> {
        let mut c = lab.b.exec("python3");
        c.args(["-c", PY_READER, "vb"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        let mut child = c.spawn().expect("cannot start python3");
        let out = child.stdout.take().expect("stdout");
        let reader = Bg(child);
        let frames = lines_of(out);
        wait_for_line(&frames, "frame reader", |l| l == "ready");

        let mut c = lab.b.exec("python3");
        c.args(["-c", PY_INJECTOR, "vb"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        let mut child = c.spawn().expect("cannot start python3");
        let stdin = child.stdin.take().expect("stdin");
        let out = child.stdout.take().expect("stdout");
        let injector = Bg(child);
        wait_for_line(&lines_of(out), "injector", |l| l == "ready");

        let mac = lab.b.mac("vb");
        Run {
            lab,
            epoch: Instant::now(),
            mac,
            bridge,
            router: None,
            injector: (injector, stdin),
            frames,
            _reader: reader,
            emitted: Vec::new(),
            ours: Vec::new(),
            theirs: Vec::new(),
            sink: Sink::<A>::default(),
        }
    }

    fn now(&self) -> Duration {
        self.epoch.elapsed()
    }

    fn router(&self) -> &R<A> {
        self.router.as_ref().expect("router running")
    }

    fn start_router(&mut self, addr: A) {
        let mut cfg = RouterConfig::new(addr);
        cfg.timers = our_timers();
        self.router = Some(R::<A>::new(cfg, self.now()).expect("router config"));
    }

    /// Writes the queries the router put in the sink onto vb.
    fn transmit(&mut self) {
        let Some(r) = self.router.as_ref() else {
            return;
        };
        assert_eq!(self.sink.overflow, 0, "sink overflow");
        let now = self.epoch.elapsed();
        let mut buf = [0u8; 1600];
        for q in self.sink.queries() {
            if q.kind() == QueryKind::General {
                self.emitted.push(now);
            }
            let n = r.emit_query_frame(&q, self.mac, &mut buf).expect("emit");
            let line = format!("{}\n", common::hex(&buf[..n]));
            self.injector
                .1
                .write_all(line.as_bytes())
                .and_then(|()| self.injector.1.flush())
                .expect("write to the injector");
        }
        self.sink.clear();
    }

    /// Polls the router, then waits up to `max` (or its next deadline) for one frame
    /// and handles it.
    fn step(&mut self, max: Duration) {
        let now = self.now();
        let mut wait = max;
        if let Some(r) = self.router.as_mut() {
            r.poll(now, &mut self.sink);
            if let Some(d) = r.next_deadline() {
                wait = wait.min(d.saturating_sub(now));
            }
        }
        self.transmit();
        let line = match self.frames.recv_timeout(wait) {
            Ok(l) => l,
            Err(RecvTimeoutError::Timeout) => return,
            Err(RecvTimeoutError::Disconnected) => panic!("the frame reader stopped"),
        };
        let now = self.now();
        let f: Vec<&str> = line.split(' ').collect();
        let [dir, sec, nsec, hex] = f[..] else {
            panic!("frame reader: {line}");
        };
        let wire = Duration::new(
            sec.parse().expect("seconds"),
            nsec.parse().expect("nanoseconds"),
        );
        assert!(!wire.is_zero(), "no kernel timestamp: {line}");
        let frame = common::unhex(hex);
        let query = A::general_query_src(&frame);
        let seen = Seen { at: now, wire };
        if dir == "out" {
            if let Some(from) = query {
                assert_eq!(from, self.router().config().address);
                self.ours.push(seen);
            }
            return;
        }
        if let Some(from) = query {
            assert_eq!(
                from, self.bridge,
                "a General Query from an unexpected address"
            );
            self.theirs.push(seen);
        }
        // The router gets the frames of its family (IPv4 for IGMP, IPv6 for MLD).
        if let Some(r) = self
            .router
            .as_mut()
            .filter(|_| frame[12..14] == A::ETHERTYPE)
        {
            let res = r.receive(&frame[14..], now, &mut self.sink);
            if query == Some(A::UNSPECIFIED) {
                // Not from a router that can be querier (RFC 9777 §5.1.14 for MLD;
                // for IGMP, the router's rule): dropped, no part in the election.
                match res {
                    Err(d) if d.reason == DropReason::BadSource => {}
                    other => panic!("a General Query from the unspecified address: {other:?}"),
                }
            } else if query.is_some() {
                // The bridge's General Queries must be accepted as such.
                match res {
                    Ok(Accepted::Query { from, kind, .. }) => {
                        assert_eq!((from, kind), (self.bridge, QueryKind::General));
                    }
                    other => panic!(
                        "our router did not accept the bridge's General Query \
                         {}: {other:?}",
                        common::hex(&frame)
                    ),
                }
            }
        }
        self.transmit();
    }

    /// Runs until `cond` holds (checked about every 100 ms).
    fn until(&mut self, what: &str, mut cond: impl FnMut(&mut Self) -> bool) -> Duration {
        let deadline = self.now() + GUARD;
        let mut next_check = Duration::ZERO;
        loop {
            let now = self.now();
            if now >= next_check {
                if cond(self) {
                    return self.now();
                }
                next_check = self.now() + Duration::from_millis(100);
            }
            assert!(
                now < deadline,
                "{} {what}: not within {GUARD:?}; our queries at {:?}, the bridge's at {:?}, \
                 router {:?}, bridge {:?}",
                A::NAME,
                self.ours.iter().map(|s| s.at).collect::<Vec<_>>(),
                self.theirs.iter().map(|s| s.at).collect::<Vec<_>>(),
                self.router.as_ref().map(|r| *r.querier()),
                self.lab.querier_state::<A>(),
            );
            self.step(Duration::from_millis(20));
        }
    }

    /// Runs for `d`, checking `inv` after every step.
    fn hold(&mut self, d: Duration, mut inv: impl FnMut(&Self)) {
        let end = self.now() + d;
        while self.now() < end {
            self.step(Duration::from_millis(20).min(end.saturating_sub(self.now())));
            inv(self);
        }
    }

    /// The timeline, for the test's output (shown with `--nocapture` or on failure).
    fn log(&self, what: &str) {
        let t0 = self.theirs.first().map_or(Duration::ZERO, |s| s.wire);
        let rel = |v: &[Seen]| {
            v.iter()
                .map(|s| format!("{:.2}", s.wire.saturating_sub(t0).as_secs_f64()))
                .collect::<Vec<_>>()
                .join(" ")
        };
        eprintln!(
            "{} {what}: bridge querier state {:?}; General Queries on vb (s after the \
             bridge's first): bridge [{}], ours [{}]",
            A::NAME,
            self.lab.querier_state::<A>(),
            rel(&self.theirs),
            rel(&self.ours)
        );
    }

    /// Our General Queries on the wire after wall-clock time `t`.
    fn ours_after(&self, t: Duration) -> Vec<Duration> {
        self.ours
            .iter()
            .filter(|s| s.wire > t)
            .map(|s| s.wire)
            .collect()
    }

    /// The bridge's General Queries on the wire after wall-clock time `t`.
    fn theirs_after(&self, t: Duration) -> Vec<Duration> {
        self.theirs
            .iter()
            .filter(|s| s.wire > t)
            .map(|s| s.wire)
            .collect()
    }

    /// The General Queries the router asked for after run-clock time `t`.
    fn emitted_after(&self, t: Duration) -> Vec<Duration> {
        self.emitted.iter().copied().filter(|e| *e > t).collect()
    }
}

fn addr<A: FromStr>(s: &str) -> A
where
    A::Err: Debug,
{
    s.parse().expect("address")
}

fn ready(test: &str) -> bool {
    require(test, true, &["ip", "python3"])
}

/// Starts the bridge, waits for its first General Query, and checks that it considers
/// itself the querier.
/// `bridge` is br0's address; the bridge's queries come from it when `use_ifaddr`,
/// else from the unspecified address.
fn bridge_querying<A: Proto>(tag: &str, bridge: A, use_ifaddr: bool) -> Run<A> {
    let lab = Lab::new(tag, bridge, use_ifaddr);
    let bridge = if use_ifaddr { bridge } else { A::UNSPECIFIED };
    let mut run = Run::<A>::new(lab, bridge);
    run.until("the bridge's first General Query", |r| !r.theirs.is_empty());
    let state = run.lab.querier_state::<A>();
    assert_eq!(
        (state.addr.as_deref(), state.port, state.other_timer),
        (Some(bridge.to_string().as_str()), None, None),
        "the bridge should be querier by itself"
    );
    run
}

/// A query the bridge sent just before its state changed may reach vb a little later.
const IN_FLIGHT: Duration = Duration::from_millis(100);

/// Our address is lower: the bridge yields and stays silent while we query; when we
/// stop, it takes over after its other querier present interval.
fn we_are_lower<A: Proto>(tag: &str, ours: A, bridge: A) {
    if !ready(&format!("{} querier election, our address lower", A::NAME)) {
        return;
    }
    assert!(ours < bridge);
    we_win(tag, ours, bridge, true);
}

/// We become the querier: because our address is lower (`use_ifaddr`), or because the
/// bridge queries from the unspecified address, which does not take part in our
/// election, while the bridge, whose own querier address is then unspecified, yields
/// to any query it hears.
fn we_win<A: Proto>(tag: &str, ours: A, bridge_addr: A, use_ifaddr: bool) {
    let mut run = bridge_querying(tag, bridge_addr, use_ifaddr);
    let bridge = run.bridge;
    run.start_router(ours);
    let va = run.lab.va_ifindex();
    let ours_s = ours.to_string();

    // The bridge hears our query and records us, heard on va, as the querier.
    run.until("the bridge records us as querier", |r| {
        let s = r.lab.querier_state::<A>();
        s.addr.as_deref() == Some(ours_s.as_str()) && s.port == Some(va) && s.other_timer.is_some()
    });
    let switched = wall();
    run.log("the bridge yielded to us");
    assert!(
        !run.ours.is_empty(),
        "the bridge switched without our query"
    );

    // It stays silent, and we stay querier, for three of its query intervals.
    run.hold(watch(), |r| {
        let q = r.router().querier();
        assert!(
            q.is_us && q.address == Some(ours),
            "we lost the election: {q:?}"
        );
    });
    let late = run.theirs_after(switched + IN_FLIGHT);
    assert!(
        late.is_empty(),
        "the bridge kept querying after it recorded us as querier: {late:?} (at {switched:?})"
    );
    let sent = run.ours_after(switched);
    assert!(sent.len() >= 2, "we should have kept querying: {sent:?}");
    let state = run.lab.querier_state::<A>();
    assert_eq!(
        (state.addr.as_deref(), state.port),
        (Some(ours_s.as_str()), Some(va))
    );
    assert_eq!(run.router().counters().lost_querier, 0);

    run.log("three bridge query intervals later");

    // Failover: our router stops. The bridge queries again once its other querier
    // present interval has passed since our last query.
    run.router = None;
    run.until("the bridge resumes querying", |r| {
        let last = r.ours.last().expect("our queries").wire;
        !r.theirs_after(last).is_empty()
    });
    let last = run.ours.last().expect("our queries").wire;
    let resumed = run.theirs_after(last)[0];
    assert!(
        resumed - last + IN_FLIGHT >= bridge_querier_interval(),
        "the bridge resumed {:?} after our last query, within its querier interval {:?}",
        resumed - last,
        bridge_querier_interval()
    );
    let bridge_s = bridge.to_string();
    run.until("the bridge records itself as querier", |r| {
        let s = r.lab.querier_state::<A>();
        s.addr.as_deref() == Some(bridge_s.as_str()) && s.port.is_none()
    });
    // And goes on querying.
    let t = wall();
    run.until("the bridge's next General Query", |r| {
        !r.theirs_after(t).is_empty()
    });
    run.log("our router stopped, the bridge took over");
    // Everything our router sent reached the wire.
    assert_eq!(run.ours.len(), run.emitted.len());
}

/// Our address is higher: our router yields to the bridge and stays silent while the
/// bridge keeps querying; when the bridge's querier is switched off, ours takes over
/// after its Other Querier Present Interval.
fn we_are_higher<A: Proto>(tag: &str, ours: A, bridge: A) {
    if !ready(&format!("{} querier election, our address higher", A::NAME)) {
        return;
    }
    assert!(ours > bridge);
    let mut run = bridge_querying(tag, bridge, true);
    run.start_router(ours);
    let va = run.lab.va_ifindex();
    let bridge_s = bridge.to_string();

    // We start as querier (RFC 9776 §6.6.2) and yield at the bridge's next query.
    let lost = run.until("our router yields to the bridge", |r| {
        let q = r.router().querier();
        !q.is_us && q.address == Some(bridge)
    });
    assert!(
        !run.emitted.is_empty(),
        "our router sent no startup query before yielding"
    );
    assert_eq!(run.router().counters().lost_querier, 1);
    run.log("our router yielded to the bridge");

    // For three of the bridge's query intervals: we send nothing, the bridge goes on.
    run.hold(watch(), |r| {
        let q = r.router().querier();
        assert!(
            !q.is_us && q.address == Some(bridge) && q.other_querier_present.is_some(),
            "{q:?}"
        );
    });
    let sent = run.emitted_after(lost);
    assert!(sent.is_empty(), "we queried while not querier: {sent:?}");
    let theirs: Vec<_> = run.theirs.iter().filter(|s| s.at > lost).collect();
    assert!(
        theirs.len() >= 2,
        "the bridge should have kept querying: {theirs:?}"
    );
    // Everything we sent reached the wire: the bridge heard our (higher) queries and
    // did not yield to them.
    assert_eq!(run.ours.len(), run.emitted.len());
    let state = run.lab.querier_state::<A>();
    assert_eq!(
        (state.addr.as_deref(), state.port, state.other_timer),
        (Some(bridge_s.as_str()), None, None),
        "the bridge yielded to a higher address"
    );
    // QQIC and QRV adopted from the bridge's queries (§4.1.6, §4.1.7).
    let t = run.router().timers();
    assert_eq!(
        (t.query_interval, t.robustness),
        (bridge_query_interval(), 2)
    );

    run.log("three bridge query intervals later");

    // Failover: the bridge stops querying.
    run.lab.a.ip("link set br0 type bridge mcast_querier 0");
    let off = run.now();
    let off_wall = wall();
    run.until("our router takes over", |r| {
        r.router().querier().is_us && !r.emitted_after(off).is_empty()
    });
    let last_heard = run.theirs.last().expect("bridge queries").at;
    let first = run.emitted_after(off)[0];
    // The router ran on this clock: its Other Querier Present timer (RV × QI + QRI / 2
    // with the bridge's QRV and QQI, §8.5) ran from the last query it heard.
    let oqpi = Timers {
        robustness: 2,
        query_interval: bridge_query_interval(),
        ..our_timers()
    }
    .other_querier_present_interval();
    assert!(
        first >= last_heard + oqpi,
        "we took over {:?} after the last query heard, within the Other Querier \
         Present Interval {oqpi:?}",
        first - last_heard
    );
    assert_eq!(run.router().counters().became_querier, 2);

    // Our General Queries go out, and the bridge, now only snooping, records us as the
    // querier heard on va.
    let ours_s = ours.to_string();
    run.until("the bridge records us as querier", |r| {
        let s = r.lab.querier_state::<A>();
        s.addr.as_deref() == Some(ours_s.as_str()) && s.port == Some(va) && s.other_timer.is_some()
    });
    assert!(!run.ours_after(off_wall).is_empty());
    let late = run.theirs_after(off_wall + IN_FLIGHT);
    assert!(
        late.is_empty(),
        "the bridge queried with mcast_querier 0: {late:?}"
    );
    // And we go on querying.
    let t = wall();
    run.until("our next General Query", |r| {
        r.router().querier().is_us && !r.ours_after(t).is_empty()
    });
    run.log("the bridge's querier stopped, our router took over");
}

#[test]
fn igmp_our_lower_address_wins_and_the_bridge_takes_over_when_we_stop() {
    we_are_lower::<Ipv4Addr>("l4", addr("10.77.0.10"), addr("10.77.0.20"));
}

#[test]
fn igmp_the_bridge_lower_address_wins_and_we_take_over_when_it_stops() {
    we_are_higher::<Ipv4Addr>("h4", addr("10.77.0.30"), addr("10.77.0.20"));
}

#[test]
fn mld_our_lower_address_wins_and_the_bridge_takes_over_when_we_stop() {
    we_are_lower::<Ipv6Addr>("l6", addr("fe80::10"), addr("fe80::20"));
}

#[test]
fn mld_the_bridge_lower_address_wins_and_we_take_over_when_it_stops() {
    we_are_higher::<Ipv6Addr>("h6", addr("fe80::30"), addr("fe80::20"));
}

/// The bridge's default, `mcast_query_use_ifaddr 0`: its queries come from 0.0.0.0.
/// Such a query cannot win our election (our router drops it as [`DropReason::BadSource`])
/// and the bridge yields to our query whatever our address (br0's own 10.77.0.20 is
/// lower than ours, but unused).
#[test]
fn igmp_a_bridge_querying_from_0_0_0_0_yields_to_us() {
    if !ready("IGMPv3 querier election, bridge querying from 0.0.0.0") {
        return;
    }
    we_win::<Ipv4Addr>("z4", addr("10.77.0.30"), addr("10.77.0.20"), false);
}
