//! Interoperability with the Linux kernel as an IGMPv3/MLDv2 (and IGMPv2) host.
//!
//! - Kernel host to our router state: in one network namespace, python3 sockets join,
//!   leave, add, drop and block sources with every socket API the kernel offers
//!   (`IP_ADD_MEMBERSHIP`, `IP_ADD_SOURCE_MEMBERSHIP`, `IP_BLOCK_SOURCE`,
//!   `IP_DROP_MEMBERSHIP`, the protocol-independent `MCAST_JOIN_GROUP`,
//!   `MCAST_JOIN_SOURCE_GROUP`, `MCAST_BLOCK_SOURCE` ... and their IPv6 forms). tcpdump
//!   on the other end of the veth records the kernel's reports from the moment the
//!   interface comes up; every report is parsed by our wire layer and applied, record
//!   by record at its capture time, to a [`GroupTable`]. After each phase, once the
//!   retransmissions are over and the Last Member Query Time of any query the table
//!   asked for has passed unanswered (no queries are sent in this test, and the host
//!   has indeed left what was queried), the table's membership must be exactly what
//!   the kernel says it joined in /proc/net/igmp + /proc/net/mcfilter
//!   (/proc/net/igmp6 + /proc/net/mcfilter6).
//! - Our queries answered: general, group-specific and group-and-source-specific
//!   IGMPv3 and MLDv2 queries built with our wire layer are written onto the veth with
//!   an `AF_PACKET` socket. The kernel's answers must be the current-state records RFC
//!   9776 §5.2 / RFC 9777 §6.3 require (IS_EX/IS_IN with the host's sources; for a
//!   Q(G,S) only the asked sources the host listens to, and no answer at all when that
//!   set is empty), sent within the Max Resp Time (with generous slack: a guard, not a
//!   timing test). The same for a host forced to IGMPv2: v2 reports to the group, and
//!   a v2 leave to 224.0.0.2 when the socket drops the group.
//!
//! Reading the kernel's interface state from /proc: /proc/net/mcfilter lists, per
//! group and source, how many include-mode (INC) and exclude-mode (EXC) sockets name
//! the source. The interface's filter mode (RFC 9776 §3.2) is EXCLUDE when any socket
//! is in EXCLUDE mode, which /proc shows as "group without any source row" or "some
//! source with EXC > 0"; with at most one exclude-mode socket per group (which the
//! scenarios keep to, and where such a socket shares its group with include-mode
//! sockets it blocks at least one source), the excluded sources are those with
//! EXC > 0 and INC = 0, and the included ones of an INCLUDE group those with INC > 0.
//!
//! Needs root, iproute2, tcpdump and python3. Without them the tests skip with a
//! message, unless `CI=true`, where a missing tool is a failure. Each test makes its own
//! namespaces (pid and test tag in the names) and deletes them on every exit path.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;
use std::io::Write;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::process::{ChildStdin, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use common::{
    Bg, Capture, Netns, PEER_TIMEOUT, Pair, TempDir, inject, lines_of, require, wait_for_line,
};
use mediafabric_igmp::router::{
    Accepted, Collected, Family as RouterFamily, FilterMode, Router, RouterConfig,
};
use mediafabric_igmp::wire::frame::{frame_igmp, frame_mld, read_ipv4_igmp, read_ipv6_mld};
use mediafabric_igmp::wire::records::WireAddr;
use mediafabric_igmp::wire::{AddrList, RecordType, igmp, mld};

// ---------------------------------------------------------------------------------
// The host: python3 sockets in namespace b
// ---------------------------------------------------------------------------------

/// Keeps named sockets and applies lines of steps read from stdin (`op sock group
/// [source]`, separated by `;`), answering "done" after each line.
const PY_HOST: &str = r#"
import socket, struct, sys, time
ifname, v4addr = sys.argv[1], socket.inet_aton(sys.argv[2])
idx = socket.if_nametoindex(ifname)
IP, IP6 = socket.IPPROTO_IP, socket.IPPROTO_IPV6
# Linux <linux/in.h>, <linux/in6.h>
IP_ADD_MEMBERSHIP, IP_DROP_MEMBERSHIP = 35, 36
IP_UNBLOCK_SOURCE, IP_BLOCK_SOURCE = 37, 38
IP_ADD_SOURCE_MEMBERSHIP, IP_DROP_SOURCE_MEMBERSHIP = 39, 40
MCAST_JOIN_GROUP, MCAST_BLOCK_SOURCE, MCAST_UNBLOCK_SOURCE = 42, 43, 44
MCAST_LEAVE_GROUP, MCAST_JOIN_SOURCE_GROUP, MCAST_LEAVE_SOURCE_GROUP = 45, 46, 47
IPV6_ADD_MEMBERSHIP, IPV6_DROP_MEMBERSHIP = 20, 21
def v6(a): return ':' in a
def fam(a): return socket.AF_INET6 if v6(a) else socket.AF_INET
def ss(a):
    # struct sockaddr_in / sockaddr_in6 in a struct sockaddr_storage
    if v6(a):
        b = struct.pack('=HHI', socket.AF_INET6, 0, 0) + socket.inet_pton(socket.AF_INET6, a) + struct.pack('=I', 0)
    else:
        b = struct.pack('=HH', socket.AF_INET, 0) + socket.inet_aton(a) + bytes(8)
    return b.ljust(128, b'\0')
def greq(g): return struct.pack('=I', idx) + bytes(4) + ss(g)   # struct group_req
def gsreq(g, s): return greq(g) + ss(s)                          # struct group_source_req
socks = {}
for line in sys.stdin:
    for step in filter(None, (x.strip() for x in line.split(';'))):
        op, name, *args = step.split()
        if op == 'close':
            if name in socks:
                socks.pop(name).close()
            time.sleep(0.03)
            continue
        if op == 'sleep':
            time.sleep(float(name))
            continue
        g = args[0]
        s = args[1] if len(args) > 1 else None
        k = socks.get(name) or socks.setdefault(name, socket.socket(fam(g), socket.SOCK_DGRAM))
        lvl = IP6 if v6(g) else IP
        G = socket.inet_pton(fam(g), g)
        mreq6 = G + struct.pack('=i', idx)
        if op == 'join':
            k.setsockopt(*((IP6, IPV6_ADD_MEMBERSHIP, mreq6) if v6(g) else (IP, IP_ADD_MEMBERSHIP, G + v4addr)))
        elif op == 'leave':
            k.setsockopt(*((IP6, IPV6_DROP_MEMBERSHIP, mreq6) if v6(g) else (IP, IP_DROP_MEMBERSHIP, G + v4addr)))
        elif op in ('sjoin', 'sdrop', 'block', 'unblock'):
            opt = {'sjoin': IP_ADD_SOURCE_MEMBERSHIP, 'sdrop': IP_DROP_SOURCE_MEMBERSHIP,
                   'block': IP_BLOCK_SOURCE, 'unblock': IP_UNBLOCK_SOURCE}[op]
            k.setsockopt(IP, opt, G + v4addr + socket.inet_aton(s))   # struct ip_mreq_source
        elif op in ('gjoin', 'gleave'):
            k.setsockopt(lvl, {'gjoin': MCAST_JOIN_GROUP, 'gleave': MCAST_LEAVE_GROUP}[op], greq(g))
        elif op in ('gsjoin', 'gsleave', 'gblock', 'gunblock'):
            opt = {'gsjoin': MCAST_JOIN_SOURCE_GROUP, 'gsleave': MCAST_LEAVE_SOURCE_GROUP,
                   'gblock': MCAST_BLOCK_SOURCE, 'gunblock': MCAST_UNBLOCK_SOURCE}[op]
            k.setsockopt(lvl, opt, gsreq(g, s))
        else:
            raise SystemExit('unknown step ' + step)
        time.sleep(0.03)
    print('done', flush=True)
"#;

/// The python host, driven line by line.
struct Host {
    stdin: ChildStdin,
    rx: mpsc::Receiver<String>,
    _proc: Bg,
}

impl Host {
    fn start(ns: &Netns) -> Host {
        let mut c = ns.exec("python3");
        c.args(["-c", PY_HOST, "vb", "10.77.0.2"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        let mut child = c.spawn().expect("cannot start python3");
        let stdin = child.stdin.take().expect("stdin");
        let rx = lines_of(child.stdout.take().expect("stdout"));
        Host {
            stdin,
            rx,
            _proc: Bg(child),
        }
    }

    /// Applies the steps (`;`-separated) and waits until they are done.
    fn steps(&mut self, steps: &str) {
        writeln!(self.stdin, "{steps}").expect("python host died");
        self.stdin.flush().expect("python host died");
        wait_for_line(&self.rx, &format!("python host doing {steps:?}"), |l| {
            l == "done"
        });
    }
}

/// The host-side sysctls that make the kernel report quickly (20 ms between
/// retransmissions of unsolicited reports instead of 1 s) and skip duplicate address
/// detection (so that its MLD reports come from a link-local address at once).
fn fast_host(ns: &Netns) {
    for (k, v) in [
        ("net.ipv4.conf.vb.igmpv3_unsolicited_report_interval", "20"),
        ("net.ipv4.conf.vb.igmpv2_unsolicited_report_interval", "20"),
        ("net.ipv6.conf.vb.mldv2_unsolicited_report_interval", "20"),
        ("net.ipv6.conf.vb.mldv1_unsolicited_report_interval", "20"),
        ("net.ipv6.conf.vb.accept_dad", "0"),
    ] {
        ns.sysctl(k, v);
    }
}

/// Time for the kernel's retransmissions of a state change to end (robustness 2 at
/// 20 ms, randomised) and for libpcap to hand them over.
const SETTLE: Duration = Duration::from_millis(1500);

// ---------------------------------------------------------------------------------
// Membership, as the kernel and as our router state see it
// ---------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
enum Filter<A: Ord> {
    Include(BTreeSet<A>),
    Exclude(BTreeSet<A>),
}

type Membership<A> = BTreeMap<A, Filter<A>>;

/// One /proc/net/mcfilter(6) row: group, source, include count, exclude count.
type McRow<A> = (A, A, u64, u64);

/// The interface state from the groups and the filter rows (see the module doc).
fn derive<A: Ord + Copy>(groups: &[A], rows: &[McRow<A>]) -> Membership<A> {
    let mut m = Membership::new();
    for g in groups {
        let mine: Vec<_> = rows.iter().filter(|r| r.0 == *g).collect();
        let f = if mine.is_empty() || mine.iter().any(|r| r.3 > 0) {
            Filter::Exclude(
                mine.iter()
                    .filter(|r| r.3 > 0 && r.2 == 0)
                    .map(|r| r.1)
                    .collect(),
            )
        } else {
            Filter::Include(mine.iter().filter(|r| r.2 > 0).map(|r| r.1).collect())
        };
        m.insert(*g, f);
    }
    m
}

fn hex_v6(s: &str) -> Ipv6Addr {
    assert_eq!(s.len(), 32, "bad /proc IPv6 address {s}");
    Ipv6Addr::from(u128::from_str_radix(s, 16).expect("hex address"))
}

/// What the kernel in `ns` says `vb` joined over IPv4 (224.0.0.1, which is never
/// reported, left out).
fn kernel_v4(ns: &Netns, ifindex: u32) -> Membership<Ipv4Addr> {
    let igmp = ns.proc_net("igmp");
    let mut groups = Vec::new();
    let mut current = None;
    for line in igmp.lines().skip(1) {
        if line.starts_with('\t') {
            if current == Some(ifindex) {
                let tok = line.split_whitespace().next().expect("group");
                // The group's network-order bytes printed as a native-endian number.
                let g = Ipv4Addr::from(
                    u32::from_str_radix(tok, 16)
                        .expect("hex group")
                        .to_ne_bytes(),
                );
                if g != igmp::ALL_SYSTEMS {
                    groups.push(g);
                }
            }
        } else {
            current = line.split_whitespace().next().and_then(|t| t.parse().ok());
        }
    }
    let mut rows = Vec::new();
    for line in ns.proc_net("mcfilter").lines() {
        let t: Vec<&str> = line.split_whitespace().collect();
        if t.len() != 6 || t[0].parse() != Ok(ifindex) {
            continue;
        }
        let a = |s: &str| {
            Ipv4Addr::from(u32::from_str_radix(s.trim_start_matches("0x"), 16).expect("hex"))
        };
        rows.push((
            a(t[2]),
            a(t[3]),
            t[4].parse().expect("INC"),
            t[5].parse().expect("EXC"),
        ));
    }
    derive(&groups, &rows)
}

/// What the kernel in `ns` says `vb` joined over IPv6 (groups flagged as never
/// reported, such as ff02::1, left out).
fn kernel_v6(ns: &Netns, ifindex: u32) -> Membership<Ipv6Addr> {
    const MAF_NOREPORT: u32 = 0x08;
    let mut groups = Vec::new();
    for line in ns.proc_net("igmp6").lines() {
        let t: Vec<&str> = line.split_whitespace().collect();
        if t.len() < 5 || t[0].parse() != Ok(ifindex) {
            continue;
        }
        let flags = u32::from_str_radix(t[4], 16).expect("flags");
        if flags & MAF_NOREPORT == 0 {
            groups.push(hex_v6(t[2]));
        }
    }
    let mut rows = Vec::new();
    for line in ns.proc_net("mcfilter6").lines() {
        let t: Vec<&str> = line.split_whitespace().collect();
        if t.len() != 6 || t[0].parse() != Ok(ifindex) {
            continue;
        }
        rows.push((
            hex_v6(t[2]),
            hex_v6(t[3]),
            t[4].parse().expect("INC"),
            t[5].parse().expect("EXC"),
        ));
    }
    derive(&groups, &rows)
}

type R<A> = Router<A, 32, 16>;
type Sink<A> = Collected<A, 16, 64>;

/// Our router at `address`, started at `now`. It may be querier: as querier it lowers
/// the timers of what it queries (RFC 9776 §6.6.3), which the tests rely on.
fn router<A: RouterFamily>(address: A, now: Duration) -> R<A> {
    let mut c = RouterConfig::new(address);
    // Short Query Response Interval: our General Queries ask for answers within 1 s.
    c.timers.query_response_interval = Duration::from_secs(1);
    R::<A>::new(c, now).expect("router configuration")
}

/// Drives the router through every deadline up to `until` (sans-IO: nothing it asks to
/// send goes anywhere).
fn advance<A: RouterFamily>(r: &mut R<A>, until: Duration) {
    let mut sink = Sink::<A>::default();
    for _ in 0..100_000 {
        match r.next_deadline() {
            Some(t) if t < until => r.poll(t, &mut sink),
            _ => break,
        }
        assert_eq!(sink.overflow, 0);
        sink.clear();
    }
    r.poll(until, &mut sink);
}

/// Hands one captured frame's IP packet to the router at its capture time; it must
/// be accepted as an IGMPv3/MLDv2 report with every record applied.
fn feed<A: RouterFamily>(r: &mut R<A>, frame: &[u8], at: Duration) {
    advance(r, at);
    let mut sink = Sink::<A>::default();
    match r.receive(&frame[14..], at, &mut sink) {
        Ok(Accepted::ReportV3 { ignored: 0, .. }) => {}
        other => panic!(
            "the router took the kernel's report as {other:?}: {}",
            common::hex(frame)
        ),
    }
}

/// The membership our router holds at `now` (on a copy driven to `now`): INCLUDE
/// groups with their running sources, EXCLUDE groups with the sources not forwarded
/// (stopped timers).
fn router_view<A: RouterFamily + Ord>(r: &R<A>, now: Duration) -> Membership<A> {
    let mut snap = r.clone();
    advance(&mut snap, now);
    snap.groups()
        .map(|g| {
            let f = match g.mode {
                FilterMode::Include => Filter::Include(
                    g.sources()
                        .filter(|s| s.expires.is_some_and(|e| e > now))
                        .map(|s| s.addr)
                        .collect(),
                ),
                FilterMode::Exclude => Filter::Exclude(
                    g.sources()
                        .filter(|s| s.expires.is_none())
                        .map(|s| s.addr)
                        .collect(),
                ),
            };
            (g.addr, f)
        })
        .collect()
}

/// One group record as read from a report.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Rec<A: Ord> {
    group: A,
    kind: u8,
    sources: BTreeSet<A>,
}

/// A report from the host: when it was captured, its records and the frame.
struct Report<A: Ord> {
    at: Duration,
    records: Vec<Rec<A>>,
    frame: Vec<u8>,
}

fn collect<'a, A: WireAddr + Ord + 'a>(
    records: impl Iterator<Item = mediafabric_igmp::wire::GroupRecord<'a, A>>,
) -> Vec<Rec<A>> {
    records
        .map(|r| {
            assert!(r.aux_data.is_empty(), "the kernel sends no auxiliary data");
            Rec {
                group: r.group,
                kind: r.record_type.to_u8(),
                sources: r.sources.iter().collect(),
            }
        })
        .collect()
}

/// The IGMPv3 reports among `frames` sent from `host_mac`, checked as a router must
/// (RFC 9776 §9: TTL 1, Router Alert; to 224.0.0.22; valid checksum).
fn v3_reports(frames: &[(Duration, Vec<u8>)], host_mac: [u8; 6]) -> Vec<Report<Ipv4Addr>> {
    let mut out = Vec::new();
    for (at, f) in frames {
        if f.len() < 14 || f[6..12] != host_mac || f[12..14] != [0x08, 0x00] {
            continue;
        }
        let ip = read_ipv4_igmp(f, 14).expect("an IGMP packet");
        assert_eq!(ip.ttl, 1);
        assert!(ip.router_alert);
        assert_eq!(ip.src, Ipv4Addr::new(10, 77, 0, 2));
        let m = igmp::Message::parse_verified(ip.payload)
            .unwrap_or_else(|e| panic!("kernel IGMP rejected: {e}: {}", common::hex(f)));
        let igmp::Message::ReportV3 { records } = m else {
            panic!("the IGMPv3 host sent {m:?}");
        };
        assert_eq!(ip.dst, igmp::ALL_V3_ROUTERS);
        out.push(Report {
            at: *at,
            records: collect(records.iter()),
            frame: f.clone(),
        });
    }
    out
}

/// The MLDv2 reports among `frames` sent from `host_mac` (other ICMPv6, e.g. neighbour
/// discovery, skipped), checked as a router must (RFC 9777 §5: hop limit 1, Router
/// Alert, link-local or unspecified source, valid checksum, to ff02::16).
fn v2_reports(frames: &[(Duration, Vec<u8>)], host_mac: [u8; 6]) -> Vec<Report<Ipv6Addr>> {
    let mut out = Vec::new();
    for (at, f) in frames {
        if f.len() < 14 || f[6..12] != host_mac || f[12..14] != [0x86, 0xdd] {
            continue;
        }
        let Ok(ip) = read_ipv6_mld(f, 14) else {
            continue;
        };
        if ip.payload.first() != Some(&mld::TYPE_V2_REPORT) {
            assert!(
                !matches!(
                    ip.payload.first(),
                    Some(&(mld::TYPE_QUERY | mld::TYPE_V1_REPORT | mld::TYPE_V1_DONE))
                ),
                "the MLDv2 host sent MLD type {}",
                ip.payload[0]
            );
            continue;
        }
        assert_eq!(ip.hop_limit, 1);
        assert!(ip.router_alert);
        assert!(ip.src.is_unicast_link_local() || ip.src.is_unspecified());
        assert_eq!(ip.dst, mld::ALL_MLDV2_ROUTERS);
        assert!(mld::checksum_valid(ip.payload, &ip.src, &ip.dst));
        let m = mld::Message::parse(ip.payload).expect("kernel MLD");
        let mld::Message::ReportV2 { records } = m else {
            unreachable!()
        };
        out.push(Report {
            at: *at,
            records: collect(records.iter()),
            frame: f.clone(),
        });
    }
    out
}

// ---------------------------------------------------------------------------------
// (1) Kernel host -> our router state
// ---------------------------------------------------------------------------------

/// One address family's side of the membership test.
trait Family: RouterFamily + Ord + Debug + std::str::FromStr + 'static {
    const NAME: &'static str;
    const FILTER: &'static str;
    /// The /proc/net files with the kernel's groups and sources.
    const PROC: (&'static str, &'static str);
    /// A group and source re-joined last in each phase (see the module doc).
    const SENTINEL: (&'static str, &'static str);
    /// The address of our router in namespace a (for MLD, a link-local address).
    const ROUTER_ADDRESS: Self;
    fn kernel(ns: &Netns, ifindex: u32) -> Membership<Self>;
    fn reports(frames: &[(Duration, Vec<u8>)], mac: [u8; 6]) -> Vec<Report<Self>>;
}

impl Family for Ipv4Addr {
    const NAME: &'static str = "IGMPv3";
    const FILTER: &'static str = "igmp";
    const PROC: (&'static str, &'static str) = ("igmp", "mcfilter");
    const SENTINEL: (&'static str, &'static str) = ("232.0.0.99", "10.0.0.99");
    const ROUTER_ADDRESS: Self = Ipv4Addr::new(10, 77, 0, 1);
    fn kernel(ns: &Netns, ifindex: u32) -> Membership<Self> {
        kernel_v4(ns, ifindex)
    }
    fn reports(frames: &[(Duration, Vec<u8>)], mac: [u8; 6]) -> Vec<Report<Self>> {
        v3_reports(frames, mac)
    }
}

impl Family for Ipv6Addr {
    const NAME: &'static str = "MLDv2";
    const FILTER: &'static str = "ip6";
    const PROC: (&'static str, &'static str) = ("igmp6", "mcfilter6");
    const SENTINEL: (&'static str, &'static str) = ("ff3e::99", "2001:db8::99");
    const ROUTER_ADDRESS: Self = Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 1);
    fn kernel(ns: &Netns, ifindex: u32) -> Membership<Self> {
        kernel_v6(ns, ifindex)
    }
    fn reports(frames: &[(Duration, Vec<u8>)], mac: [u8; 6]) -> Vec<Report<Self>> {
        v2_reports(frames, mac)
    }
}

/// Runs `phases` of host steps; after each, our router state fed with every report
/// so far must hold what the kernel says the host joined. `want` is the membership
/// of the test's own groups after each phase (the scenario's meaning, checked against
/// the kernel too so that the test cannot pass on a misread /proc).
fn membership_follows_the_kernel<A: Family>(tag: &str, phases: &[(&str, Membership<A>)]) {
    let what = format!("{} kernel host to our router state", A::NAME);
    if !require(&what, true, &["ip", "tcpdump", "python3"]) {
        return;
    }
    let tmp = TempDir::new(tag);
    let pair = Pair::new_b_down(tag);
    fast_host(&pair.b);
    let vb_mac = pair.b.mac("vb");
    let ifindex = pair.b.ifindex("vb");
    // From before the host's interface comes up: every report it ever sends is seen.
    let cap = Capture::start(&pair.a, "va", A::FILTER, tmp.path("reports.pcap"));
    pair.b.ip("link set vb up");
    // The kernel's own groups (solicited-node) joined before the scenario's.
    pair.b.wait_link_local("vb");
    let mut host = Host::start(&pair.b);

    let mut r: Option<R<A>> = None;
    let mut fed = 0;
    let mut last = Duration::ZERO;
    let (sg, ss) = A::SENTINEL;
    let sentinel = (
        sg.parse::<A>().ok().expect("sentinel group"),
        ss.parse::<A>().ok().expect("sentinel source"),
    );
    for (i, (steps, want)) in phases.iter().enumerate() {
        let last_phase = i + 1 == phases.len();
        if last_phase {
            host.steps(&format!("{steps}; close z"));
        } else {
            host.steps(&format!("{steps}; close z; gsjoin z {sg} {ss}"));
        }
        thread::sleep(SETTLE);
        let reports = A::reports(&cap.peek(), vb_mac);
        assert!(reports.len() > fed, "phase {i}: the kernel sent no report");
        for rep in &reports[fed..] {
            // The router starts with the first report (the interface coming up).
            let r = r.get_or_insert_with(|| router(A::ROUTER_ADDRESS, rep.at));
            feed(r, &rep.frame, rep.at);
            last = rep.at;
        }
        fed = reports.len();
        let kernel = A::kernel(&pair.b, ifindex);
        // Every group the scenario speaks of is as the kernel says, and as meant.
        let mut want = want.clone();
        if !last_phase {
            want.insert(sentinel.0, Filter::Include(BTreeSet::from([sentinel.1])));
        }
        for (g, f) in &want {
            assert_eq!(
                kernel.get(g),
                Some(f),
                "phase {i}: the kernel's state of {g:?} is not what the steps mean\n{}{}",
                pair.b.proc_net(A::PROC.0),
                pair.b.proc_net(A::PROC.1)
            );
        }
        // Past the LMQT (2 s) of the last report: unanswered queries have run out.
        let now = last + Duration::from_millis(2001);
        let ours = router_view(r.as_ref().expect("router"), now);
        assert_eq!(
            ours,
            kernel,
            "phase {i} ({steps}): our router state differs from the kernel's membership\n\
             reports so far:\n{}",
            reports
                .iter()
                .map(|r| format!("  {:?} {:?}", r.at, r.records))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    drop(host);
    drop(cap);
}

fn inc<A: Ord + Copy>(s: &[A]) -> Filter<A> {
    Filter::Include(s.iter().copied().collect())
}

fn exc<A: Ord + Copy>(s: &[A]) -> Filter<A> {
    Filter::Exclude(s.iter().copied().collect())
}

fn v4(s: &str) -> Ipv4Addr {
    s.parse().unwrap()
}

fn v6(s: &str) -> Ipv6Addr {
    s.parse().unwrap()
}

#[test]
fn igmpv3_membership_follows_the_kernel_host() {
    let [g1, g2, g3, g4, ssm] = [
        "239.1.1.1",
        "239.2.2.2",
        "239.3.3.3",
        "239.4.4.4",
        "232.5.5.5",
    ]
    .map(v4);
    let s = |n: u8| Ipv4Addr::new(10, 1, 0, n);
    let x = |n: u8| Ipv4Addr::new(10, 9, 9, n);
    let phases = vec![
        (
            // ASM join with blocks (IP_ADD_MEMBERSHIP, IP_BLOCK_SOURCE), SSM joins with
            // both APIs (IP_ADD_SOURCE_MEMBERSHIP, MCAST_JOIN_SOURCE_GROUP) on one
            // group from two sockets, MCAST_JOIN_GROUP + MCAST_BLOCK_SOURCE, a plain
            // ASM join, and an include-mode socket on an EXCLUDE group.
            "join a 239.1.1.1; block a 239.1.1.1 10.9.9.9; block a 239.1.1.1 10.9.9.8; \
             sjoin b 232.5.5.5 10.1.0.1; sjoin b 232.5.5.5 10.1.0.2; \
             gsjoin c 232.5.5.5 10.1.0.3; gsjoin c 232.5.5.5 10.1.0.1; \
             gjoin d 239.2.2.2; gblock d 239.2.2.2 10.9.9.7; join e 239.3.3.3; \
             sjoin f 239.1.1.1 10.9.9.8",
            BTreeMap::from([
                (g1, exc(&[x(9)])),
                (g2, exc(&[x(7)])),
                (g3, exc(&[])),
                (ssm, inc(&[s(1), s(2), s(3)])),
            ]),
        ),
        (
            // Drop a source (one of two sockets keeps 10.1.0.1), unblock, leave with
            // MCAST_LEAVE_GROUP and IP_DROP_MEMBERSHIP, a new ASM group, and a group
            // going from ASM to SSM.
            "sdrop b 232.5.5.5 10.1.0.2; sdrop b 232.5.5.5 10.1.0.1; \
             unblock a 239.1.1.1 10.9.9.9; gleave d 239.2.2.2; \
             leave e 239.3.3.3; sjoin g 239.3.3.3 10.1.0.5; join h 239.4.4.4",
            BTreeMap::from([
                (g1, exc(&[])),
                (g3, inc(&[s(5)])),
                (g4, exc(&[])),
                (ssm, inc(&[s(1), s(3)])),
            ]),
        ),
        (
            // Every socket closes: the host leaves everything. Socket a (EXCLUDE) goes
            // before f (INCLUDE 10.9.9.8) on 239.1.1.1: the kernel sends TO_IN{10.9.9.8},
            // then BLOCK{10.9.9.8}. (Were f closed within the same timer tick, the
            // kernel would lose the TO_IN: a deleted group whose last mode was INCLUDE
            // only gets BLOCK records, and a router would keep the group in EXCLUDE
            // mode until its group timer ran out.)
            "close a; sleep 0.2; close b; close c; close d; close e; close f; close g; close h",
            BTreeMap::new(),
        ),
    ];
    membership_follows_the_kernel("m4", &phases);
}

#[test]
fn mldv2_membership_follows_the_kernel_host() {
    let [g1, g2, g3, ssm] = ["ff15::8000:1", "ff15::1234", "ff15::99", "ff3e::8000:5"].map(v6);
    let s = |n: u16| Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, n);
    let x = |n: u16| Ipv6Addr::new(0x2001, 0xdb8, 9, 0, 0, 0, 0, n);
    let phases = vec![
        (
            "join a ff15::1234; gblock a ff15::1234 2001:db8:9::9; \
             gblock a ff15::1234 2001:db8:9::8; \
             gsjoin b ff3e::8000:5 2001:db8::1; gsjoin b ff3e::8000:5 2001:db8::2; \
             gsjoin c ff3e::8000:5 2001:db8::3; gsjoin c ff3e::8000:5 2001:db8::1; \
             gjoin d ff15::8000:1; gsjoin f ff15::1234 2001:db8:9::8",
            BTreeMap::from([
                (g2, exc(&[x(9)])),
                (g1, exc(&[])),
                (ssm, inc(&[s(1), s(2), s(3)])),
            ]),
        ),
        (
            "gsleave b ff3e::8000:5 2001:db8::2; gsleave b ff3e::8000:5 2001:db8::1; \
             gunblock a ff15::1234 2001:db8:9::9; leave d ff15::8000:1; \
             gsjoin g ff15::8000:1 2001:db8::7; gjoin h ff15::99",
            BTreeMap::from([
                (g2, exc(&[])),
                (g1, inc(&[s(7)])),
                (g3, exc(&[])),
                (ssm, inc(&[s(1), s(3)])),
            ]),
        ),
        (
            "close a; sleep 0.2; close b; close c; close d; close f; close g; close h",
            BTreeMap::new(),
        ),
    ];
    membership_follows_the_kernel("m6", &phases);
}

// ---------------------------------------------------------------------------------
// (2) Our queries, the kernel's answers
// ---------------------------------------------------------------------------------

/// Max Resp Time of our queries: 1 s (10 in tenths; 1000 ms for MLD).
const MRT: Duration = Duration::from_secs(1);
/// Slack on top of it for scheduling and capture (a guard, not a measurement).
const SLACK: Duration = Duration::from_millis(1500);

/// One query we send and the current-state records it must bring (as a set; the
/// empty set: no answer at all).
struct Asked<A: Ord> {
    what: &'static str,
    frame: Vec<u8>,
    want: BTreeSet<Rec<A>>,
    /// Where Linux answers otherwise than the RFC's letter, what it sends instead
    /// (see [`linux_exclude_gss`]).
    or_linux: Option<BTreeSet<Rec<A>>>,
}

/// Linux answers a group-and-source-specific query for a group in EXCLUDE(A) mode
/// with the group's whole current state, IS_EX(A), instead of the IS_IN(B-A) of RFC
/// 9776 §5.2 rule 3 / RFC 9777 §6.3 (its `igmp_xmarksources` and `mld_xmarksources`
/// clear the group's "source query" flag unless every asked source is excluded, in
/// which case it rightly sends nothing). A router learns no less from it: IS_EX(A) in
/// EXCLUDE(X,Y) keeps every asked source forwarded that the host wants (RFC 9776
/// §6.4.1). Both answers are accepted; nothing else is.
fn linux_exclude_gss<A: Ord + Copy>(group: A, excluded: &[A]) -> Option<BTreeSet<Rec<A>>> {
    Some(BTreeSet::from([rec(
        group,
        RecordType::ModeIsExclude,
        excluded,
    )]))
}

/// Sends each query in turn from namespace a and waits for its answer, then checks
/// every answer: the records, and that it came within Max Resp Time (+ slack).
/// Returns the reports that answered each query.
fn ask<A: Family>(
    pair: &Pair,
    tmp: &TempDir,
    asked: &[Asked<A>],
    vb_mac: [u8; 6],
) -> Vec<Vec<Report<A>>> {
    let cap = Capture::start(&pair.a, "va", A::FILTER, tmp.path("answers.pcap"));
    let mut spans = Vec::new();
    for q in asked {
        let before = cap.peek().len();
        inject(&pair.a, "va", std::slice::from_ref(&q.frame));
        // Find our query in the capture (its send time), then wait for an answer.
        let deadline = Instant::now() + PEER_TIMEOUT;
        let sent = loop {
            let f = cap.peek();
            if let Some((t, _)) = f[before.min(f.len())..].iter().find(|(_, b)| *b == q.frame) {
                break *t;
            }
            assert!(
                Instant::now() < deadline,
                "{}: our query never showed",
                q.what
            );
            thread::sleep(Duration::from_millis(20));
        };
        if q.want.is_empty() {
            thread::sleep(MRT + Duration::from_millis(300));
        } else {
            loop {
                let n = A::reports(&cap.peek(), vb_mac)
                    .iter()
                    .filter(|r| r.at >= sent)
                    .count();
                if n > 0 {
                    break;
                }
                assert!(Instant::now() < deadline, "{}: no answer", q.what);
                thread::sleep(Duration::from_millis(20));
            }
            // Let an answer in several reports complete.
            thread::sleep(Duration::from_millis(200));
        }
        spans.push(sent);
    }
    let frames = cap.stop_ts();
    let mut per_query = Vec::new();
    for (i, q) in asked.iter().enumerate() {
        let from = spans[i];
        let to = spans.get(i + 1).copied().unwrap_or(Duration::MAX);
        let answers: Vec<Report<A>> = A::reports(&frames, vb_mac)
            .into_iter()
            .filter(|r| r.at >= from && r.at < to)
            .collect();
        let got: BTreeSet<Rec<A>> = answers
            .iter()
            .flat_map(|r| r.records.iter().cloned())
            .collect();
        assert!(
            got == q.want || q.or_linux.as_ref() == Some(&got),
            "{}: the kernel answered {got:?}, RFC 9776 §5.2 / RFC 9777 §6.3 want {:?}",
            q.what,
            q.want
        );
        for r in &answers {
            assert!(
                r.at - from <= MRT + SLACK,
                "{}: answered after {:?} (Max Resp Time {MRT:?})",
                q.what,
                r.at - from
            );
        }
        per_query.push(answers);
    }
    per_query
}

fn rec<A: Ord + Copy>(group: A, kind: RecordType, sources: &[A]) -> Rec<A> {
    Rec {
        group,
        kind: kind.to_u8(),
        sources: sources.iter().copied().collect(),
    }
}

/// The records a full answer (general query) gives for a membership.
fn current_state<A: Ord + Copy>(m: &Membership<A>) -> BTreeSet<Rec<A>> {
    m.iter()
        .map(|(g, f)| match f {
            Filter::Include(s) => Rec {
                group: *g,
                kind: RecordType::ModeIsInclude.to_u8(),
                sources: s.clone(),
            },
            Filter::Exclude(s) => Rec {
                group: *g,
                kind: RecordType::ModeIsExclude.to_u8(),
                sources: s.clone(),
            },
        })
        .collect()
}

fn igmp_query_frame(
    src_mac: [u8; 6],
    group: Ipv4Addr,
    max_resp_ds: u32,
    sources: &[Ipv4Addr],
) -> Vec<u8> {
    let m = igmp::Message::query_v3(group, max_resp_ds, 125, 2, false, sources);
    let mut f = vec![0u8; 14 + 24 + m.buffer_len()];
    let n = frame_igmp(&m, src_mac, Ipv4Addr::new(10, 77, 0, 1), None, &mut f).unwrap();
    f.truncate(n);
    f
}

fn mld_query_frame(
    src_mac: [u8; 6],
    src: Ipv6Addr,
    group: Ipv6Addr,
    max_resp_ms: u16,
    sources: &[Ipv6Addr],
) -> Vec<u8> {
    let m = mld::Message::QueryV2 {
        max_response_code: max_resp_ms,
        group,
        s_flag: false,
        qrv: 2,
        qqic: 125,
        sources: AddrList::Addrs(sources),
    };
    let mut f = vec![0u8; 14 + 48 + m.buffer_len()];
    let n = frame_mld(&m, src_mac, src, None, &mut f).unwrap();
    f.truncate(n);
    f
}

/// Our router, fed with the answers to its own General Query, holds what the kernel
/// joined.
fn answers_teach_the_router<A: Family>(
    r: &mut R<A>,
    answers: &[Report<A>],
    kernel: &Membership<A>,
) {
    assert!(!answers.is_empty());
    for rep in answers {
        feed(r, &rep.frame, rep.at);
    }
    let at = answers.last().map_or(Duration::ZERO, |r| r.at);
    assert_eq!(&router_view(r, at), kernel);
}

/// The router's own startup General Query, as an Ethernet frame from `mac`.
fn routers_general_query<A: Family>(r: &mut R<A>, now: Duration, mac: [u8; 6]) -> Vec<u8> {
    let mut sink = Sink::<A>::default();
    r.poll(now, &mut sink);
    let q = sink.queries().next().expect("a startup General Query");
    assert_eq!(q.max_response(), MRT);
    let mut f = vec![0u8; 1600];
    let n = r.emit_query_frame(&q, mac, &mut f).expect("emit");
    f.truncate(n);
    f
}

fn now() -> Duration {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
}

#[test]
fn kernel_answers_igmpv3_queries() {
    if !require(
        "kernel answers IGMPv3 queries",
        true,
        &["ip", "tcpdump", "python3"],
    ) {
        return;
    }
    let tmp = TempDir::new("q4");
    let pair = Pair::new_b_down("q4");
    fast_host(&pair.b);
    pair.b.ip("link set vb up");
    let va_mac = pair.a.mac("va");
    let vb_mac = pair.b.mac("vb");
    let mut host = Host::start(&pair.b);
    host.steps(
        "join a 239.1.1.1; block a 239.1.1.1 10.9.9.9; \
         sjoin b 232.5.5.5 10.1.0.1; sjoin b 232.5.5.5 10.1.0.2",
    );
    thread::sleep(SETTLE); // unsolicited reports over
    let [g1, ssm, other] = ["239.1.1.1", "232.5.5.5", "239.9.9.9"].map(v4);
    let s = |n: u8| Ipv4Addr::new(10, 1, 0, n);
    let x9 = Ipv4Addr::new(10, 9, 9, 9);
    let x3 = Ipv4Addr::new(10, 3, 3, 3);
    let kernel = kernel_v4(&pair.b, pair.b.ifindex("vb"));
    assert_eq!(
        kernel,
        BTreeMap::from([(g1, exc(&[x9])), (ssm, inc(&[s(1), s(2)]))])
    );
    let q = |g, srcs: &[Ipv4Addr]| igmp_query_frame(va_mac, g, 10, srcs);
    let mut ours = router(Ipv4Addr::new(10, 77, 0, 1), now());
    let general = routers_general_query(&mut ours, now(), va_mac);
    use RecordType::{ModeIsExclude as IsEx, ModeIsInclude as IsIn};
    let asked = vec![
        Asked {
            what: "our router's General Query",
            frame: general,
            want: current_state(&kernel),
            or_linux: None,
        },
        Asked {
            what: "Q(G) of an EXCLUDE group",
            frame: q(g1, &[]),
            want: BTreeSet::from([rec(g1, IsEx, &[x9])]),
            or_linux: None,
        },
        Asked {
            what: "Q(G) of an INCLUDE group",
            frame: q(ssm, &[]),
            want: BTreeSet::from([rec(ssm, IsIn, &[s(1), s(2)])]),
            or_linux: None,
        },
        Asked {
            // INCLUDE(A), Q(G,B): IS_IN(A*B)
            what: "Q(G,S) of an INCLUDE group",
            frame: q(ssm, &[s(1), s(7)]),
            want: BTreeSet::from([rec(ssm, IsIn, &[s(1)])]),
            or_linux: None,
        },
        Asked {
            // EXCLUDE(A), Q(G,B): IS_IN(B-A)
            what: "Q(G,S) of an EXCLUDE group",
            frame: q(g1, &[x9, x3]),
            want: BTreeSet::from([rec(g1, IsIn, &[x3])]),
            or_linux: linux_exclude_gss(g1, &[x9]),
        },
        Asked {
            // B-A empty: no answer.
            what: "Q(G,S) asking only for an excluded source",
            frame: q(g1, &[x9]),
            want: BTreeSet::new(),
            or_linux: None,
        },
        Asked {
            what: "Q(G) of a group the host is not in",
            frame: q(other, &[]),
            want: BTreeSet::new(),
            or_linux: None,
        },
    ];
    let answers = ask(&pair, &tmp, &asked, vb_mac);
    answers_teach_the_router(&mut ours, &answers[0], &kernel);
}

#[test]
fn kernel_answers_mldv2_queries() {
    if !require(
        "kernel answers MLDv2 queries",
        true,
        &["ip", "tcpdump", "python3"],
    ) {
        return;
    }
    let tmp = TempDir::new("q6");
    let pair = Pair::new_b_down("q6");
    fast_host(&pair.b);
    pair.b.ip("link set vb up");
    pair.b.wait_link_local("vb");
    let va_mac = pair.a.mac("va");
    let vb_mac = pair.b.mac("vb");
    let va_ll = pair.a.link_local("va");
    let mut host = Host::start(&pair.b);
    host.steps(
        "gjoin a ff15::8000:1; gblock a ff15::8000:1 2001:db8:9::9; \
         gsjoin b ff3e::8000:5 2001:db8::1; gsjoin b ff3e::8000:5 2001:db8::2",
    );
    thread::sleep(SETTLE);
    let [g1, ssm, other] = ["ff15::8000:1", "ff3e::8000:5", "ff3e::8000:99"].map(v6);
    let s = |n: u16| Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, n);
    let x9 = v6("2001:db8:9::9");
    let x3 = v6("2001:db8:3::3");
    let kernel = kernel_v6(&pair.b, pair.b.ifindex("vb"));
    assert_eq!(kernel.get(&g1), Some(&exc(&[x9])));
    assert_eq!(kernel.get(&ssm), Some(&inc(&[s(1), s(2)])));
    // The rest are the kernel's own groups (solicited-node addresses).
    assert!(
        kernel
            .iter()
            .filter(|(g, _)| **g != g1 && **g != ssm)
            .all(|(g, f)| g.segments()[0] == 0xff02 && *f == exc(&[])),
        "{kernel:?}"
    );
    let q = |g, srcs: &[Ipv6Addr]| mld_query_frame(va_mac, va_ll, g, 1000, srcs);
    let mut ours = router(va_ll, now());
    let general = routers_general_query(&mut ours, now(), va_mac);
    use RecordType::{ModeIsExclude as IsEx, ModeIsInclude as IsIn};
    let asked = vec![
        Asked {
            what: "our router's General Query",
            frame: general,
            want: current_state(&kernel),
            or_linux: None,
        },
        Asked {
            what: "Q(G) of an EXCLUDE address",
            frame: q(g1, &[]),
            want: BTreeSet::from([rec(g1, IsEx, &[x9])]),
            or_linux: None,
        },
        Asked {
            what: "Q(G) of an INCLUDE address",
            frame: q(ssm, &[]),
            want: BTreeSet::from([rec(ssm, IsIn, &[s(1), s(2)])]),
            or_linux: None,
        },
        Asked {
            what: "Q(G,S) of an INCLUDE address",
            frame: q(ssm, &[s(2), s(7)]),
            want: BTreeSet::from([rec(ssm, IsIn, &[s(2)])]),
            or_linux: None,
        },
        Asked {
            what: "Q(G,S) of an EXCLUDE address",
            frame: q(g1, &[x9, x3]),
            want: BTreeSet::from([rec(g1, IsIn, &[x3])]),
            or_linux: linux_exclude_gss(g1, &[x9]),
        },
        Asked {
            what: "Q(G,S) asking only for an excluded source",
            frame: q(g1, &[x9]),
            want: BTreeSet::new(),
            or_linux: None,
        },
        Asked {
            what: "Q(G) of an address the host is not listening to",
            frame: q(other, &[]),
            want: BTreeSet::new(),
            or_linux: None,
        },
    ];
    let answers = ask(&pair, &tmp, &asked, vb_mac);
    answers_teach_the_router(&mut ours, &answers[0], &kernel);
}

/// One IGMPv2 message of the host: capture time, "report" or "leave", group, IP
/// destination.
type V2Msg = (Duration, &'static str, Ipv4Addr, Ipv4Addr);

/// A host forced to IGMPv2 (RFC 2236): unsolicited v2 reports to the group, v2
/// reports answering our v2 general and group-specific queries, and a leave to
/// 224.0.0.2 when the socket drops the group.
#[test]
fn kernel_igmpv2_host_reports_answers_and_leaves() {
    if !require("kernel IGMPv2 host", true, &["ip", "tcpdump", "python3"]) {
        return;
    }
    let tmp = TempDir::new("v2");
    let pair = Pair::new_b_down("v2");
    fast_host(&pair.b);
    pair.b.sysctl("net.ipv4.conf.vb.force_igmp_version", "2");
    pair.b.ip("link set vb up");
    let va_mac = pair.a.mac("va");
    let vb_mac = pair.b.mac("vb");
    let [g1, g2] = ["239.1.1.1", "239.2.2.2"].map(v4);
    let cap = Capture::start(&pair.a, "va", "igmp", tmp.path("v2.pcap"));
    let mut host = Host::start(&pair.b);

    // Collects (time, message kind, group, ip dst) of the host's IGMP messages.
    let host_msgs = |frames: &[(Duration, Vec<u8>)]| {
        let mut v: Vec<V2Msg> = Vec::new();
        for (t, f) in frames {
            if f[6..12] != vb_mac {
                continue;
            }
            let ip = read_ipv4_igmp(f, 14).expect("IGMP");
            assert_eq!(ip.ttl, 1);
            assert!(
                ip.router_alert,
                "RFC 2236 §2: v2 messages carry Router Alert"
            );
            let m = igmp::Message::parse_verified(ip.payload).expect("kernel IGMP");
            let (kind, g) = match m {
                igmp::Message::ReportV2 { group } => ("report", group),
                igmp::Message::LeaveV2 { group } => ("leave", group),
                other => panic!("an IGMPv2 host sent {other:?}"),
            };
            v.push((*t, kind, g, ip.dst));
        }
        v
    };
    let wait_for = |pred: &dyn Fn(&[V2Msg]) -> bool| {
        let deadline = Instant::now() + PEER_TIMEOUT;
        loop {
            let msgs = host_msgs(&cap.peek());
            if pred(&msgs) {
                return msgs;
            }
            assert!(
                Instant::now() < deadline,
                "the IGMPv2 host did not send what was expected: {msgs:?}"
            );
            thread::sleep(Duration::from_millis(20));
        }
    };

    host.steps("join a 239.1.1.1; gjoin b 239.2.2.2");
    // Unsolicited reports: to the group itself (RFC 2236 §3).
    let msgs = wait_for(&|m| {
        [g1, g2]
            .iter()
            .all(|g| m.iter().any(|x| x.1 == "report" && x.2 == *g))
    });
    for (_, kind, g, dst) in &msgs {
        assert_eq!((*kind, dst), ("report", g));
    }
    thread::sleep(SETTLE);
    let quiet = host_msgs(&cap.peek()).len();

    // A v2 general query: one report per group, within Max Resp Time.
    let mut general = igmp::Message::QueryV2 {
        max_resp_time: 10,
        group: Ipv4Addr::UNSPECIFIED,
    };
    let frame = |m: &igmp::Message<'_>| {
        let mut f = vec![0u8; 64];
        let n = frame_igmp(m, va_mac, Ipv4Addr::new(10, 77, 0, 1), None, &mut f).unwrap();
        f.truncate(n);
        f
    };
    let t0 = Instant::now();
    inject(&pair.a, "va", &[frame(&general)]);
    let msgs = wait_for(&|m| {
        [g1, g2]
            .iter()
            .all(|g| m[quiet..].iter().any(|x| x.2 == *g))
    });
    assert!(
        t0.elapsed() <= MRT + SLACK,
        "answered after {:?}",
        t0.elapsed()
    );
    thread::sleep(Duration::from_millis(300));
    let after_general = host_msgs(&cap.peek());
    for (_, kind, g, dst) in &after_general[quiet..] {
        assert_eq!((*kind, dst), ("report", g));
    }
    assert_eq!(after_general.len(), quiet + 2, "{msgs:?}");

    // A group-specific query for g1: a report for g1 only.
    general = igmp::Message::QueryV2 {
        max_resp_time: 10,
        group: g1,
    };
    inject(&pair.a, "va", &[frame(&general)]);
    let n = after_general.len();
    wait_for(&|m| m.len() > n);
    thread::sleep(MRT + Duration::from_millis(300));
    let after_specific = host_msgs(&cap.peek());
    assert_eq!(
        after_specific[n..]
            .iter()
            .map(|x| (x.1, x.2, x.3))
            .collect::<Vec<_>>(),
        [("report", g1, g1)]
    );

    // Dropping g1: a leave to all-routers (RFC 2236 §3), nothing for g2.
    let n = after_specific.len();
    host.steps("leave a 239.1.1.1");
    wait_for(&|m| m.len() > n);
    let frames = cap.stop_ts();
    let end = host_msgs(&frames);
    let tail: Vec<_> = end[n..].iter().map(|x| (x.1, x.2, x.3)).collect();
    assert!(!tail.is_empty());
    assert!(
        tail.iter().all(|x| *x == ("leave", g1, igmp::ALL_ROUTERS)),
        "{tail:?}"
    );
}
