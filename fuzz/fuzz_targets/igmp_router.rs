//! An IGMP router and an MLD router with small fixed capacity (3 groups of 3 sources),
//! driven by a byte-coded script of received IP packets (raw bytes, or IGMPv1/v2/v3
//! messages built from a few fuzzed fields so the state tables are reached often) and
//! time steps. After every step: no panic, capacity respected, the group invariants of
//! RFC 9776 §6 hold (INCLUDE groups have running sources only and are never empty,
//! EXCLUDE groups have a group timer), a model of the forwarding plane fed with the
//! events agrees with the router, nothing due is left after a poll, only the querier
//! sends group-specific queries, every query emits and parses back, and every packet is
//! either accepted or counted as dropped.
//!
//! Script: a sequence of operations, each an opcode byte (taken modulo 8) and operands;
//! see `fuzz_target!`.
#![no_main]

use std::collections::HashMap;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use mediafabric_fuzz::Bytes;
use mediafabric_igmp::router::{
    Event, Family, FilterMode, IgmpRouter, MldRouter, Query, QueryKind, Router, RouterConfig, Sink,
    Version,
};
use mediafabric_igmp::wire::records::{AddrList, GroupRecord, RecordType, Records};
use mediafabric_igmp::wire::{frame, igmp};

const GROUPS: [Ipv4Addr; 4] = [
    Ipv4Addr::new(239, 1, 1, 1),
    Ipv4Addr::new(239, 1, 1, 2),
    Ipv4Addr::new(232, 5, 5, 5),
    Ipv4Addr::new(239, 9, 9, 9),
];
const ME: Ipv4Addr = Ipv4Addr::new(10, 77, 0, 5);

fn source(b: u8) -> Ipv4Addr {
    Ipv4Addr::new(10, 1, 0, b % 5)
}

fn router_addr(b: u8) -> Ipv4Addr {
    Ipv4Addr::new(10, 77, 0, [1, 5, 9][usize::from(b % 3)])
}

struct Out<A, const S: usize> {
    events: Vec<Event<A>>,
    queries: Vec<Query<A, S>>,
}

impl<A, const S: usize> Out<A, S> {
    fn new() -> Self {
        Out {
            events: Vec::new(),
            queries: Vec::new(),
        }
    }
}

impl<A, const S: usize> Sink<A, S> for Out<A, S> {
    fn event(&mut self, e: Event<A>) {
        self.events.push(e)
    }
    fn query(&mut self, q: Query<A, S>) {
        self.queries.push(q)
    }
}

/// The forwarding plane as the events describe it.
struct Plane<A> {
    star: HashMap<A, bool>,
    per_source: HashMap<(A, A), bool>,
}

impl<A: Family + std::hash::Hash> Plane<A> {
    fn new() -> Self {
        Plane {
            star: HashMap::new(),
            per_source: HashMap::new(),
        }
    }
    fn apply(&mut self, e: &Event<A>) {
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
    fn forwards(&self, g: A, s: A) -> bool {
        self.per_source
            .get(&(g, s))
            .copied()
            .unwrap_or_else(|| self.star.get(&g).copied().unwrap_or(false))
    }
}

fn ip4(src: Ipv4Addr, ttl: u8, m: &igmp::Message<'_>) -> Vec<u8> {
    let mut body = vec![0u8; m.buffer_len()];
    if m.emit(&mut body).is_err() {
        return Vec::new();
    }
    let mut p = vec![0x46, 0xC0, 0, 0, 0, 0, 0x40, 0, ttl, 2, 0, 0];
    p.extend_from_slice(&src.octets());
    p.extend_from_slice(&m.destination().octets());
    p.extend_from_slice(&[0x94, 4, 0, 0]);
    let total = (p.len() + body.len()) as u16;
    p[2..4].copy_from_slice(&total.to_be_bytes());
    let mut sum = 0u32;
    for c in p.chunks(2) {
        sum += u32::from(u16::from_be_bytes([c[0], c[1]]));
    }
    while sum > 0xFFFF {
        sum = (sum & 0xFFFF) + (sum >> 16);
    }
    p[10..12].copy_from_slice(&(!(sum as u16)).to_be_bytes());
    p.extend_from_slice(&body);
    p
}

/// Checks one router after a step, feeding what it said to the plane model.
fn check<A: Family + std::hash::Hash, const G: usize, const S: usize>(
    r: &Router<A, G, S>,
    out: &mut Out<A, S>,
    plane: &mut Plane<A>,
    universe: &[(A, A)],
    now: Duration,
    polled: bool,
) {
    for e in out.events.drain(..) {
        plane.apply(&e);
    }
    for q in out.queries.drain(..) {
        assert!(q.sources().count() <= S);
        if q.kind() != QueryKind::General {
            assert!(r.querier().is_us, "only the querier sends specific queries");
        }
        let mut b = [0u8; 256];
        let n = r.emit_query(&q, &mut b).expect("a query emits");
        let back = A::parse_packet(&b[..n]).expect("what we emit parses back");
        assert_eq!(back.ttl, 1);
        assert!(back.router_alert);
    }
    assert!(r.groups().count() <= G);
    for g in r.groups() {
        assert!(g.sources().count() <= S);
        match g.mode {
            FilterMode::Include => {
                assert!(g.sources().next().is_some(), "empty INCLUDE group kept");
                assert!(
                    g.sources().all(|s| s.expires.is_some()),
                    "stopped INCLUDE source"
                );
                assert!(g.group_timer.is_none());
            }
            FilterMode::Exclude => assert!(g.group_timer.is_some()),
        }
        if g.compatibility_mode() < Version::V3 {
            assert!(g.v1_host_present.is_some() || g.v2_host_present.is_some());
        }
    }
    for &(g, s) in universe {
        assert_eq!(plane.forwards(g, s), r.forwards(&g, &s), "events disagree");
    }
    if polled {
        assert!(r.next_deadline().is_none_or(|d| d > now), "due work left");
    }
    let c = r.counters();
    assert_eq!(c.received, c.accepted + c.dropped_total());
    if !r.querier().is_us {
        assert!(r.groups().all(|g| g.group_query_retransmissions() == 0));
    }
}

fuzz_target!(|data: &[u8]| {
    let mut b = Bytes(data);
    let mut v4 = IgmpRouter::<3, 3>::new(RouterConfig::new(ME), Duration::ZERO).unwrap();
    let me6 = Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 5);
    let mut v6 = MldRouter::<3, 3>::new(RouterConfig::new(me6), Duration::ZERO).unwrap();
    let (mut o4, mut o6) = (Out::new(), Out::new());
    let (mut p4, mut p6) = (Plane::new(), Plane::new());
    let u4: Vec<(Ipv4Addr, Ipv4Addr)> = GROUPS
        .iter()
        .flat_map(|g| (0..5).map(move |s| (*g, source(s))))
        .collect();
    let u6: Vec<(Ipv6Addr, Ipv6Addr)> = u4
        .iter()
        .map(|(g, s)| {
            let g6 = Ipv6Addr::new(0xff15, 0, 0, 0, 0, 0, 0, u16::from(g.octets()[3]));
            let s6 = Ipv6Addr::new(0xfd00, 0, 0, 0, 0, 0, 0, u16::from(s.octets()[3]));
            (g6, s6)
        })
        .collect();
    let mut now = Duration::ZERO;
    let mut steps = 0;
    while !b.is_empty() && steps < 200 {
        steps += 1;
        let mut polled = false;
        match b.u8() % 8 {
            0 => {
                let n = usize::from(b.u8());
                let p = b.take(n);
                let _ = v4.receive(p, now, &mut o4);
            }
            1 => {
                let n = usize::from(b.u8());
                let p = b.take(n);
                let _ = v6.receive(p, now, &mut o6);
            }
            2 => {
                // An IGMPv3 report of up to 3 records.
                let nrec = usize::from(b.u8() % 3) + 1;
                let mut lists = Vec::new();
                let mut heads = Vec::new();
                for _ in 0..nrec {
                    let h = b.u8();
                    let ns = usize::from(b.u8() % 4);
                    lists.push((0..ns).map(|_| source(b.u8())).collect::<Vec<_>>());
                    heads.push(h);
                }
                let recs: Vec<GroupRecord<'_, Ipv4Addr>> = heads
                    .iter()
                    .zip(&lists)
                    .map(|(h, l)| GroupRecord {
                        record_type: RecordType::from_u8(h % 7 + 1),
                        group: GROUPS[usize::from(h >> 4) % 4],
                        sources: AddrList::Addrs(l),
                        aux_data: &[],
                    })
                    .collect();
                let m = igmp::Message::ReportV3 {
                    records: Records::Given(&recs),
                };
                let _ = v4.receive(&ip4(Ipv4Addr::new(10, 77, 0, 50), 1, &m), now, &mut o4);
            }
            3 => {
                // An IGMPv1/v2 report or leave.
                let k = b.u8();
                let group = GROUPS[usize::from(k >> 2) % 4];
                let m = match k % 3 {
                    0 => igmp::Message::ReportV1 { group },
                    1 => igmp::Message::ReportV2 { group },
                    _ => igmp::Message::LeaveV2 { group },
                };
                let _ = v4.receive(&ip4(Ipv4Addr::new(10, 77, 0, 51), 1, &m), now, &mut o4);
            }
            4 => {
                // A query from another router.
                let k = b.u8();
                let srcs: Vec<Ipv4Addr> = (0..usize::from(k % 3)).map(|_| source(b.u8())).collect();
                let group = if k & 0x10 != 0 {
                    GROUPS[usize::from(k >> 5) % 4]
                } else {
                    Ipv4Addr::UNSPECIFIED
                };
                let m = match (k >> 2) % 3 {
                    0 => igmp::Message::QueryV2 {
                        max_resp_time: 10,
                        group,
                    },
                    1 => igmp::Message::QueryV1 {
                        group: Ipv4Addr::UNSPECIFIED,
                    },
                    _ => igmp::Message::QueryV3 {
                        max_resp_code: b.u8(),
                        group,
                        s_flag: k & 0x80 != 0,
                        qrv: b.u8() % 8,
                        qqic: b.u8(),
                        sources: AddrList::Addrs(if group.is_unspecified() { &[] } else { &srcs }),
                    },
                };
                let _ = v4.receive(&ip4(router_addr(b.u8()), 1, &m), now, &mut o4);
            }
            5 => {
                // An MLDv2 report built from the same fields, framed by the wire layer.
                let h = b.u8();
                let (g6, s6) = u6[usize::from(h) % u6.len()];
                let list = [s6];
                let rec = [GroupRecord {
                    record_type: RecordType::from_u8(h % 7 + 1),
                    group: g6,
                    sources: AddrList::Addrs(if h & 0x80 != 0 { &list[..] } else { &[] }),
                    aux_data: &[],
                }];
                let m = mediafabric_igmp::wire::mld::Message::ReportV2 {
                    records: Records::Given(&rec),
                };
                let mut f = [0u8; 256];
                let host = Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 0x20);
                if let Ok(n) = frame::frame_mld(&m, [2, 0, 0, 0, 0, 1], host, None, &mut f) {
                    let _ = v6.receive(&f[14..n], now, &mut o6);
                }
            }
            6 => {
                now += Duration::from_millis(u64::from(b.u16()) * 8);
                v4.poll(now, &mut o4);
                v6.poll(now, &mut o6);
                polled = true;
            }
            _ => {
                let d = [v4.next_deadline(), v6.next_deadline()]
                    .into_iter()
                    .flatten()
                    .min();
                if let Some(d) = d {
                    now = now.max(d);
                }
                v4.poll(now, &mut o4);
                v6.poll(now, &mut o6);
                polled = true;
            }
        }
        check(&v4, &mut o4, &mut p4, &u4, now, polled);
        check(&v6, &mut o6, &mut p6, &u6, now, polled);
    }
});
