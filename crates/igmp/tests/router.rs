//! The IGMP/MLD router fed with real kernel reports (the Linux captures under
//! `tests/data/router/`, copied from /work/shared/captures/igmp/), its queries read back
//! by our parser and by tshark, and arbitrary sequences of packets and time checked
//! against the router's invariants and a model of the forwarding events.

use std::collections::HashMap;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use mediafabric_igmp::router::{
    Accepted, Event, Family, FilterMode, IgmpRouter, MldRouter, Query, QueryKind, Router,
    RouterConfig, Sink, Version,
};
use mediafabric_igmp::wire::frame::{frame_mld, read_ipv4_igmp, read_ipv6_mld};
use mediafabric_igmp::wire::records::{AddrList, GroupRecord, RecordType, Records};
use mediafabric_igmp::wire::{igmp, mld};
use pcap_file::pcap::{PcapPacket, PcapReader, PcapWriter};
use proptest::prelude::*;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/router")
        .join(name)
}

/// (time since the first packet, IP packet) of each Ethernet frame.
fn packets(name: &str) -> Vec<(Duration, Vec<u8>)> {
    let mut r = PcapReader::new(std::fs::File::open(data(name)).unwrap()).unwrap();
    let mut out = Vec::new();
    let mut first = None;
    while let Some(p) = r.next_packet() {
        let p = p.unwrap();
        let t0 = *first.get_or_insert(p.timestamp);
        out.push((p.timestamp - t0, p.data[14..].to_vec()));
    }
    out
}

/// A sink that keeps everything.
#[derive(Debug)]
struct All<A, const S: usize> {
    events: Vec<Event<A>>,
    queries: Vec<Query<A, S>>,
}

impl<A, const S: usize> Default for All<A, S> {
    fn default() -> Self {
        All {
            events: Vec::new(),
            queries: Vec::new(),
        }
    }
}

impl<A, const S: usize> Sink<A, S> for All<A, S> {
    fn event(&mut self, e: Event<A>) {
        self.events.push(e)
    }
    fn query(&mut self, q: Query<A, S>) {
        self.queries.push(q)
    }
}

const ME4: Ipv4Addr = Ipv4Addr::new(10, 77, 0, 1);
const ME6: Ipv6Addr = Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 1);

/// Runs a router over a capture, polling at every deadline in between; returns the
/// router and everything it said, with the time of each query.
fn replay<A: Family, const G: usize, const S: usize>(
    r: &mut Router<A, G, S>,
    pkts: &[(Duration, Vec<u8>)],
    until: Duration,
) -> (All<A, S>, Vec<Duration>) {
    let mut all = All::default();
    let mut times = Vec::new();
    let base = Duration::from_secs(100);
    let mut step =
        |r: &mut Router<A, G, S>, now: Duration, pkt: Option<&[u8]>, all: &mut All<A, S>| {
            let before = all.queries.len();
            match pkt {
                Some(p) => {
                    r.receive(p, now, all)
                        .expect("the kernel's report is accepted");
                }
                None => r.poll(now, all),
            }
            times.extend(std::iter::repeat_n(now, all.queries.len() - before));
        };
    for (at, p) in pkts {
        let now = base + *at;
        while let Some(d) = r.next_deadline().filter(|d| *d <= now) {
            step(r, d, None, &mut all);
        }
        step(r, now, Some(p), &mut all);
    }
    while let Some(d) = r.next_deadline().filter(|d| *d <= base + until) {
        step(r, d, None, &mut all);
    }
    (all, times)
}

#[test]
fn linux_igmpv3_reports_drive_the_router() {
    let pkts = packets("linux-igmpv3-host.pcap");
    let mut r = IgmpRouter::<8, 8>::new(RouterConfig::new(ME4), Duration::ZERO).unwrap();
    let (all, times) = replay(&mut r, &pkts, Duration::from_secs(5));
    assert_eq!(r.counters().dropped_total(), 0);
    assert_eq!(r.counters().v3_reports, pkts.len() as u64);
    let g239 = Ipv4Addr::new(239, 1, 1, 1);
    let g232 = Ipv4Addr::new(232, 5, 5, 5);
    let src = |n: u8| Ipv4Addr::new(10, 1, 0, n);
    let nine = Ipv4Addr::new(10, 9, 9, 9);
    // The host joined 239.1.1.1 for any source (TO_EX({})) ...
    assert!(all.events.contains(&Event::Forward {
        group: g239,
        source: None
    }));
    // ... and 232.5.5.5 from 10.1.0.1/.2/.3; dropped .2 (packet 7 at 1.300014 s), then
    // .1 and .3 (packet 11 at 2.504064 s); blocked 10.9.9.9 on 239.1.1.1 (packet 8 at
    // 1.700027 s) and left it (packet 10 at 2.104088 s). Each BLOCK is asked about with
    // Q(G,S), each leave with Q(G), S clear, LMQC = 2 times 1 s apart; a query for a
    // group with retransmissions pending joins them (the leave's Q(G) goes with the
    // retransmission at 2.700027 s), as do the robustness repeats of the reports.
    let specific: Vec<_> = all
        .queries
        .iter()
        .zip(&times)
        .filter(|(q, _)| q.kind() != QueryKind::General)
        .map(|(q, t)| {
            let rel = t.as_micros() - 100_000_000;
            (
                rel,
                q.group.unwrap(),
                q.sources().collect::<Vec<_>>(),
                q.s_flag,
            )
        })
        .collect();
    assert_eq!(
        specific,
        [
            (1_300_014, g232, vec![src(2)], false),
            (1_700_027, g239, vec![nine], false),
            (2_300_014, g232, vec![src(2)], false),
            (2_504_064, g232, vec![src(1), src(3)], false),
            (2_700_027, g239, vec![], false),
            (2_700_027, g239, vec![nine], false),
            (3_504_064, g232, vec![src(1), src(3)], false),
            (3_700_027, g239, vec![], false),
        ]
    );
    assert!(all.events.contains(&Event::StopForwarding {
        group: g232,
        source: Some(src(2))
    }));
    assert!(all.events.contains(&Event::StopForwarding {
        group: g239,
        source: None
    }));
    assert_eq!(r.groups().count(), 0);
    for q in &all.queries {
        let mut b = [0u8; 256];
        let n = r.emit_query(q, &mut b).unwrap();
        let ip = read_ipv4_igmp(&b[..n], 0).unwrap();
        assert_eq!((ip.ttl, ip.router_alert, ip.src), (1, true, ME4));
        let m = igmp::Message::parse_verified(ip.payload).unwrap();
        assert_eq!(m.version(), 3);
    }
    tshark_has_no_expert_errors("igmp", &r, &all.queries);
}

#[test]
fn linux_mldv2_reports_drive_the_router() {
    let pkts = packets("linux-mldv2-host.pcap");
    let mut r = MldRouter::<8, 8>::new(RouterConfig::new(ME6), Duration::ZERO).unwrap();
    let (all, _) = replay(&mut r, &pkts, Duration::from_secs(5));
    assert_eq!(r.counters().dropped_total(), 0);
    let ssm: Ipv6Addr = "ff3e::8000:1".parse().unwrap();
    let asm: Ipv6Addr = "ff15::1234".parse().unwrap();
    // The kernel's TO_EX({}) for the SSM group ff3e::8000:1 is ignored (SSM-aware).
    assert!(r.group(&ssm).is_none());
    assert!(r.counters().records_ignored >= 1);
    // ff15::1234 was joined and left: Q(G) sent (MLDv2, to the group), group gone.
    assert!(all.events.contains(&Event::Forward {
        group: asm,
        source: None
    }));
    assert!(all.events.contains(&Event::StopForwarding {
        group: asm,
        source: None
    }));
    assert!(r.group(&asm).is_none());
    let specific: Vec<_> = all
        .queries
        .iter()
        .filter(|q| q.group == Some(asm))
        .collect();
    assert_eq!(specific.len(), 2, "LMQC group-specific queries");
    for q in &all.queries {
        let mut b = [0u8; 256];
        let n = r.emit_query(q, &mut b).unwrap();
        let ip = read_ipv6_mld(&b[..n], 0).unwrap();
        assert_eq!((ip.hop_limit, ip.router_alert, ip.src), (1, true, ME6));
        assert!(mld::checksum_valid(ip.payload, &ip.src, &ip.dst));
        assert_eq!(mld::Message::parse(ip.payload).unwrap().version(), 2);
    }
    // A non-SSM-aware router takes the SSM join.
    let mut cfg = RouterConfig::new(ME6);
    cfg.ssm_aware = false;
    let mut r2 = MldRouter::<8, 8>::new(cfg, Duration::ZERO).unwrap();
    replay(&mut r2, &pkts[..1], Duration::ZERO);
    assert_eq!(r2.group(&ssm).map(|g| g.mode), Some(FilterMode::Exclude));
    tshark_has_no_expert_errors("mld", &r, &all.queries);
}

#[test]
fn mld_rules_link_local_and_mldv1() {
    let mut r = MldRouter::<4, 4>::new(RouterConfig::new(ME6), Duration::ZERO).unwrap();
    let host: Ipv6Addr = "fe80::20".parse().unwrap();
    let g: Ipv6Addr = "ff15::1".parse().unwrap();
    let pkt = |src: Ipv6Addr, m: &mld::Message<'_>| {
        let mut b = [0u8; 256];
        let n = frame_mld(m, [2, 0, 0, 0, 0, 1], src, None, &mut b).unwrap();
        b[14..n].to_vec()
    };
    let mut all = All::<Ipv6Addr, 4>::default();
    // MLDv1 report: v2 compatibility (MLDv1 mode) for the group.
    let a = r.receive(
        &pkt(host, &mld::Message::ReportV1 { group: g }),
        Duration::from_secs(1),
        &mut all,
    );
    assert_eq!(
        a,
        Ok(Accepted::Report {
            from: host,
            version: Version::V2,
            group: g
        })
    );
    assert_eq!(r.group(&g).unwrap().compatibility_mode(), Version::V2);
    // Not link-local, or ::: dropped (RFC 9777 §5.2.14, §5.1.14).
    let global: Ipv6Addr = "fd00::2".parse().unwrap();
    for src in [global, Ipv6Addr::UNSPECIFIED] {
        let e = r.receive(
            &pkt(src, &mld::Message::DoneV1 { group: g }),
            Duration::from_secs(2),
            &mut all,
        );
        assert_eq!(e.unwrap_err().reason.name(), "bad-source");
    }
    let q = mld::Message::QueryV1 {
        max_response_delay: 1000,
        group: Ipv6Addr::UNSPECIFIED,
    };
    assert_eq!(
        r.receive(&pkt(global, &q), Duration::from_secs(2), &mut all)
            .unwrap_err()
            .reason
            .name(),
        "bad-source"
    );
    // Done: Q(G) twice; the group goes after LMQT.
    let before = all.queries.len();
    r.receive(
        &pkt(host, &mld::Message::DoneV1 { group: g }),
        Duration::from_secs(3),
        &mut all,
    )
    .unwrap();
    assert_eq!(all.queries.len(), before + 1);
    assert_eq!(
        all.queries.last().unwrap().max_response(),
        Duration::from_secs(1)
    );
    r.poll(Duration::from_secs(4), &mut all);
    r.poll(Duration::from_secs(5), &mut all);
    assert!(r.group(&g).is_none());
    // A lower link-local querier (MLDv1) takes over; election compares addresses.
    let cfg = RouterConfig::new("fe80::9".parse().unwrap());
    let mut r3 = MldRouter::<4, 4>::new(cfg, Duration::ZERO).unwrap();
    let a = r3.receive(
        &pkt("fe80::1".parse().unwrap(), &q),
        Duration::from_secs(1),
        &mut all,
    );
    assert!(matches!(
        a,
        Ok(Accepted::Query {
            querier_changed: true,
            version: Version::V2,
            ..
        })
    ));
    assert!(!r3.querier().is_us);
    assert_eq!(r3.counters().older_version_queries, 1);
}

/// Writes the queries into a pcap and has tshark decode them; no expert messages of
/// warning level or above. Skips (or with CI=true fails) without tshark.
fn tshark_has_no_expert_errors<A: Family, const G: usize, const S: usize>(
    tag: &str,
    r: &Router<A, G, S>,
    qs: &[Query<A, S>],
) {
    if Command::new("tshark").arg("--version").output().is_err() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true and tshark is missing"
        );
        eprintln!("SKIP: tshark is not on PATH");
        return;
    }
    let dir = std::env::temp_dir().join(format!("mf-router-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("queries.pcap");
    {
        let mut w = PcapWriter::new(std::fs::File::create(&path).unwrap()).unwrap();
        for q in qs {
            let mut b = [0u8; 512];
            let n = r.emit_query_frame(q, [2, 0, 0, 0, 0, 1], &mut b).unwrap();
            w.write_packet(&PcapPacket::new(Duration::ZERO, n as u32, &b[..n]))
                .unwrap();
        }
    }
    let out = Command::new("tshark")
        .args(["-r", path.to_str().unwrap(), "-q", "-z", "expert,warn"])
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        !text.contains("Error") && !text.contains("Warning") && !text.contains("Malformed"),
        "{text}"
    );
}

// ---- Arbitrary sequences -------------------------------------------------------------

const GROUPS: [Ipv4Addr; 5] = [
    Ipv4Addr::new(239, 1, 1, 1),
    Ipv4Addr::new(239, 1, 1, 2),
    Ipv4Addr::new(232, 5, 5, 5),
    Ipv4Addr::new(239, 9, 9, 9),
    Ipv4Addr::new(224, 0, 0, 1),
];
const SOURCES: [Ipv4Addr; 5] = [
    Ipv4Addr::new(10, 1, 0, 1),
    Ipv4Addr::new(10, 1, 0, 2),
    Ipv4Addr::new(10, 1, 0, 3),
    Ipv4Addr::new(10, 1, 0, 4),
    Ipv4Addr::new(10, 1, 0, 5),
];
const ROUTERS: [Ipv4Addr; 3] = [
    Ipv4Addr::new(10, 77, 0, 0),
    Ipv4Addr::new(10, 77, 0, 1),
    Ipv4Addr::new(10, 77, 0, 7),
];

#[derive(Debug, Clone)]
enum Op {
    V3(Vec<(u8, usize, Vec<usize>)>),
    V2Report(usize),
    V1Report(usize),
    Leave(usize),
    Query {
        from: usize,
        group: Option<usize>,
        sources: Vec<usize>,
        s_flag: bool,
        qrv: u8,
        qqic: u8,
    },
    Garbage(Vec<u8>),
    Wait(u64),
    PollDeadline,
}

fn op() -> impl Strategy<Value = Op> {
    let idx = |n: usize| 0..n;
    prop_oneof![
        4 => prop::collection::vec((1u8..=7, idx(5), prop::collection::vec(idx(5), 0..4)), 1..3).prop_map(Op::V3),
        1 => idx(5).prop_map(Op::V2Report),
        1 => idx(5).prop_map(Op::V1Report),
        1 => idx(5).prop_map(Op::Leave),
        1 => (idx(3), prop::option::of(idx(5)), prop::collection::vec(idx(5), 0..3), any::<bool>(), 0u8..8, any::<u8>())
            .prop_map(|(from, group, sources, s_flag, qrv, qqic)| Op::Query { from, group, sources, s_flag, qrv, qqic }),
        1 => prop::collection::vec(any::<u8>(), 0..64).prop_map(Op::Garbage),
        3 => (0u64..200_000).prop_map(Op::Wait),
        3 => Just(Op::PollDeadline),
    ]
}

fn ip4(src: Ipv4Addr, m: &igmp::Message<'_>) -> Vec<u8> {
    let mut body = vec![0u8; m.buffer_len()];
    m.emit(&mut body).unwrap();
    let mut p = vec![0x46, 0xC0, 0, 0, 0, 0, 0x40, 0, 1, 2, 0, 0];
    p.extend_from_slice(&src.octets());
    p.extend_from_slice(&m.destination().octets());
    p.extend_from_slice(&[0x94, 4, 0, 0]);
    let total = (p.len() + body.len()) as u16;
    p[2..4].copy_from_slice(&total.to_be_bytes());
    let c = etherparse::checksum::Sum16BitWords::new()
        .add_slice(&p)
        .ones_complement()
        .to_be();
    p[10..12].copy_from_slice(&c.to_be_bytes());
    p.extend_from_slice(&body);
    p
}

/// The forwarding plane as the events describe it (see `Event`).
#[derive(Default)]
struct Plane {
    star: HashMap<Ipv4Addr, bool>,
    per_source: HashMap<(Ipv4Addr, Ipv4Addr), bool>,
}

impl Plane {
    fn apply(&mut self, e: &Event<Ipv4Addr>) {
        let (group, source, on) = match *e {
            Event::Forward { group, source } => (group, source, true),
            Event::StopForwarding { group, source } => (group, source, false),
            _ => return,
        };
        match source {
            None => {
                self.star.insert(group, on);
                self.per_source.retain(|(g, _), _| *g != group);
            }
            Some(s) => {
                self.per_source.insert((group, s), on);
            }
        }
    }
    fn forwards(&self, g: Ipv4Addr, s: Ipv4Addr) -> bool {
        self.per_source
            .get(&(g, s))
            .copied()
            .unwrap_or_else(|| self.star.get(&g).copied().unwrap_or(false))
    }
}

type Small = IgmpRouter<3, 3>;

fn check(r: &Small, plane: &Plane, now: Duration, polled: bool) {
    assert!(r.groups().count() <= 3);
    for g in r.groups() {
        assert!(g.sources().count() <= 3);
        match g.mode {
            FilterMode::Include => {
                assert!(
                    g.sources().next().is_some(),
                    "an empty INCLUDE group is deleted"
                );
                assert!(
                    g.sources().all(|s| s.expires.is_some()),
                    "INCLUDE sources run"
                );
                assert!(g.group_timer.is_none());
            }
            FilterMode::Exclude => assert!(g.group_timer.is_some()),
        }
        if g.compatibility_mode() < Version::V3 {
            assert!(g.v1_host_present.is_some() || g.v2_host_present.is_some());
        }
    }
    for g in GROUPS {
        for s in SOURCES {
            assert_eq!(plane.forwards(g, s), r.forwards(&g, &s), "({s}, {g})");
        }
    }
    if polled {
        assert!(
            r.next_deadline().is_none_or(|d| d > now),
            "nothing due is left after poll"
        );
    }
    let c = r.counters();
    assert_eq!(c.received, c.accepted + c.dropped_total());
    if r.querier().is_us {
        assert!(r.querier().next_general_query.is_some());
        assert!(r.querier().other_querier_present.is_none());
    } else {
        assert!(r.querier().next_general_query.is_none());
        assert!(r.groups().all(|g| g.group_query_retransmissions() == 0
            && g.sources().all(|s| s.retransmissions() == 0)));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_sequences_keep_the_invariants(ops in prop::collection::vec(op(), 1..60)) {
        let mut r = Small::new(RouterConfig::new(ROUTERS[1]), Duration::ZERO).unwrap();
        let mut plane = Plane::default();
        let mut now = Duration::ZERO;
        let mut sink = All::<Ipv4Addr, 3>::default();
        for op in ops {
            let mut polled = false;
            let pkt = match op {
                Op::V3(recs) => {
                    let lists: Vec<Vec<Ipv4Addr>> = recs.iter().map(|(_, _, s)| s.iter().map(|i| SOURCES[*i]).collect()).collect();
                    let records: Vec<GroupRecord<'_, Ipv4Addr>> = recs.iter().zip(&lists).map(|((t, g, _), l)| GroupRecord {
                        record_type: RecordType::from_u8(*t),
                        group: GROUPS[*g],
                        sources: AddrList::Addrs(l),
                        aux_data: &[],
                    }).collect();
                    Some(ip4(Ipv4Addr::new(10, 77, 0, 50), &igmp::Message::ReportV3 { records: Records::Given(&records) }))
                }
                Op::V2Report(g) => Some(ip4(Ipv4Addr::new(10, 77, 0, 51), &igmp::Message::ReportV2 { group: GROUPS[g] })),
                Op::V1Report(g) => Some(ip4(Ipv4Addr::new(10, 77, 0, 52), &igmp::Message::ReportV1 { group: GROUPS[g] })),
                Op::Leave(g) => Some(ip4(Ipv4Addr::new(10, 77, 0, 51), &igmp::Message::LeaveV2 { group: GROUPS[g] })),
                Op::Query { from, group, sources, s_flag, qrv, qqic } => {
                    let l: Vec<Ipv4Addr> = sources.iter().map(|i| SOURCES[*i]).collect();
                    Some(ip4(ROUTERS[from], &igmp::Message::QueryV3 {
                        max_resp_code: 10,
                        group: group.map_or(Ipv4Addr::UNSPECIFIED, |g| GROUPS[g]),
                        s_flag,
                        qrv,
                        qqic,
                        sources: AddrList::Addrs(if group.is_some() { &l } else { &[] }),
                    }))
                }
                Op::Garbage(b) => Some(b),
                Op::Wait(ms) => {
                    now += Duration::from_millis(ms);
                    r.poll(now, &mut sink);
                    polled = true;
                    None
                }
                Op::PollDeadline => {
                    if let Some(d) = r.next_deadline() {
                        now = now.max(d);
                    }
                    r.poll(now, &mut sink);
                    polled = true;
                    None
                }
            };
            if let Some(p) = pkt {
                let _ = r.receive(&p, now, &mut sink);
            }
            for e in sink.events.drain(..) {
                plane.apply(&e);
            }
            for q in sink.queries.drain(..) {
                prop_assert!(q.sources().count() <= 3);
                let mut b = [0u8; 128];
                let n = r.emit_query(&q, &mut b).unwrap();
                let ip = read_ipv4_igmp(&b[..n], 0).unwrap();
                prop_assert!(igmp::Message::parse_verified(ip.payload).is_ok());
                if q.kind() != QueryKind::General {
                    prop_assert!(r.querier().is_us);
                }
            }
            check(&r, &plane, now, polled);
        }
    }
}

/// A message that does not parse inside a well-formed IP packet is dropped with its
/// error's offset in the packet's coordinates (after the IP header and its options).
#[test]
fn malformed_message_errors_point_into_the_packet() {
    use mediafabric_igmp::router::{Collected, DropReason, IgmpRouter, MldRouter, RouterConfig};
    use std::net::{Ipv4Addr, Ipv6Addr};
    use std::time::Duration;
    // IPv4 with Router Alert (24 bytes) carrying a 10-byte IGMP query: 9 to 11 bytes is
    // no valid length (RFC 9776 §7.1), reported at the message's first byte.
    let mut p = vec![
        0x46, 0xc0, 0x00, 0x22, 0, 0, 0x40, 0, 1, 2, 0, 0, 10, 77, 0, 5, 224, 0, 0, 1, 0x94, 0x04,
        0, 0,
    ];
    p.extend_from_slice(&[0x11, 0x64, 0, 0, 0, 0, 0, 0, 0, 0]);
    // The IPv4 header checksum over the 24-byte header.
    let sum = {
        let mut s = 0u32;
        for ch in p[..24].chunks(2) {
            s += u32::from(u16::from_be_bytes([ch[0], ch[1]]));
        }
        while s > 0xffff {
            s = (s & 0xffff) + (s >> 16);
        }
        !(s as u16)
    };
    p[10..12].copy_from_slice(&sum.to_be_bytes());
    let mut r = IgmpRouter::<4, 4>::new(
        RouterConfig::new(Ipv4Addr::new(10, 77, 0, 1)),
        Duration::ZERO,
    )
    .unwrap();
    let mut out = Collected::<Ipv4Addr, 4, 8>::default();
    let d = r.receive(&p, Duration::ZERO, &mut out).unwrap_err();
    assert_eq!(d.reason, DropReason::Malformed);
    assert_eq!(d.detail.and_then(|e| e.offset()), Some(24), "{d:?}");
    // MLD: a 20-byte ICMPv6 query (24 is the least, RFC 2710) after a 40-byte IPv6
    // header and an 8-byte hop-by-hop header.
    let mut m = vec![0x60, 0, 0, 0, 0, 28, 0, 1];
    m.extend_from_slice(&Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 5).octets());
    m.extend_from_slice(&Ipv6Addr::new(0xff02, 0, 0, 0, 0, 0, 0, 1).octets());
    m.extend_from_slice(&[58, 0, 5, 2, 0, 0, 1, 0]);
    m.extend_from_slice(&[130, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    let mut r6 = MldRouter::<4, 4>::new(
        RouterConfig::new(Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 1)),
        Duration::ZERO,
    )
    .unwrap();
    let mut out6 = Collected::<Ipv6Addr, 4, 8>::default();
    let d = r6.receive(&m, Duration::ZERO, &mut out6).unwrap_err();
    assert!(
        d.detail.and_then(|e| e.offset()).is_some_and(|o| o >= 48),
        "{d:?}"
    );
}
