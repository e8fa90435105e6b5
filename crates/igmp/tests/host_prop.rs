//! Arbitrary sequences of socket calls, queries (all versions, some damaged), other
//! hosts' reports and time never panic; the interface state always equals the RFC 9776
//! §3.2 merge of the socket states the calls set (a model kept beside the host); a
//! failed call changes nothing; every frame parses back.

use std::collections::{BTreeMap, BTreeSet};

use core::net::Ipv4Addr;
use core::time::Duration;

use mediafabric_igmp::host::{Config, FilterMode, IgmpHost, Outgoing, SocketId, XorShift32};
use mediafabric_igmp::wire::frame::{frame_igmp, read_ipv4_igmp};
use mediafabric_igmp::wire::igmp;
use proptest::prelude::*;

const G: usize = 3;
const S: usize = 4;
const K: usize = 6;
type H = IgmpHost<G, S, K>;

#[derive(Debug, Clone)]
enum Op {
    Listen {
        socket: u64,
        group: u8,
        exclude: bool,
        sources: Vec<u8>,
    },
    Close(u64),
    Query {
        version: u8,
        group: Option<u8>,
        sources: Vec<u8>,
        mrt: u8,
        damage: Option<(usize, u8)>,
    },
    OtherReport(u8),
    Advance(u16),
}

fn group(n: u8) -> Ipv4Addr {
    Ipv4Addr::new(239, 0, 0, n)
}

fn source(n: u8) -> Ipv4Addr {
    Ipv4Addr::new(10, 0, 1, n)
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..4u64, 0..4u8, any::<bool>(), prop::collection::vec(0..6u8, 0..4)).prop_map(
            |(socket, group, exclude, sources)| Op::Listen { socket, group, exclude, sources }
        ),
        1 => (0..4u64).prop_map(Op::Close),
        2 => (
            1..=3u8,
            prop::option::of(0..4u8),
            prop::collection::vec(0..6u8, 0..3),
            any::<u8>(),
            prop::option::of((0..40usize, any::<u8>()))
        )
            .prop_map(|(version, group, sources, mrt, damage)| Op::Query {
                version,
                group,
                sources,
                mrt,
                damage
            }),
        1 => (0..4u8).prop_map(Op::OtherReport),
        3 => any::<u16>().prop_map(Op::Advance),
    ]
}

type Model = BTreeMap<(u64, u8), (FilterMode, BTreeSet<u8>)>;

/// RFC 9776 §3.2, on ordinary sets.
fn merge(model: &Model, g: u8) -> (FilterMode, BTreeSet<u8>) {
    let states: Vec<_> = model
        .iter()
        .filter(|(k, _)| k.1 == g)
        .map(|(_, v)| v)
        .collect();
    let inc: BTreeSet<u8> = states
        .iter()
        .filter(|s| s.0 == FilterMode::Include)
        .flat_map(|s| s.1.iter().copied())
        .collect();
    let mut ex: Option<BTreeSet<u8>> = None;
    for s in states.iter().filter(|s| s.0 == FilterMode::Exclude) {
        ex = Some(match ex {
            None => s.1.clone(),
            Some(e) => e.intersection(&s.1).copied().collect(),
        });
    }
    match ex {
        Some(e) => (FilterMode::Exclude, e.difference(&inc).copied().collect()),
        None => (FilterMode::Include, inc),
    }
}

fn packet(m: &igmp::Message<'_>) -> Vec<u8> {
    let mut b = vec![0u8; 600];
    let n = frame_igmp(
        m,
        [2, 0, 0, 0, 0, 1],
        Ipv4Addr::new(10, 0, 0, 1),
        None,
        &mut b,
    )
    .unwrap();
    b[14..n].to_vec()
}

fn poll(h: &mut H, now: Duration, buf: &mut [u8]) {
    h.poll(now, buf, &mut |o: &Outgoing<'_, Ipv4Addr>| {
        let ip = read_ipv4_igmp(o.ip_packet(), 0).unwrap();
        assert_eq!(ip.ttl, 1);
        igmp::Message::parse_verified(ip.payload).unwrap();
    })
    .unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn host_matches_the_merge_and_never_panics(
        seed in any::<u32>(),
        ops in prop::collection::vec(op(), 1..60),
    ) {
        let mut h = H::new(Config::new([2, 0, 0, 0, 0, 2], Ipv4Addr::new(10, 0, 0, 2)),
            XorShift32::new(seed)).unwrap();
        let mut buf = vec![0u8; h.config().buffer_len()];
        let mut model = Model::new();
        let mut now = Duration::ZERO;
        for op in ops {
            match op {
                Op::Listen { socket, group: g, exclude, sources } => {
                    let mode = if exclude { FilterMode::Exclude } else { FilterMode::Include };
                    let addrs: Vec<_> = sources.iter().map(|&s| source(s)).collect();
                    let before = h.interface_state(&group(g));
                    match h.listen(SocketId(socket), group(g), mode, &addrs, now) {
                        Ok(_) => {
                            let set: BTreeSet<u8> = sources.iter().copied().collect();
                            if mode == FilterMode::Include && set.is_empty() {
                                model.remove(&(socket, g));
                            } else {
                                model.insert((socket, g), (mode, set));
                            }
                        }
                        Err(_) => prop_assert_eq!(h.interface_state(&group(g)), before),
                    }
                }
                Op::Close(socket) => {
                    let n = model.keys().filter(|k| k.0 == socket).count();
                    prop_assert_eq!(h.close_socket(SocketId(socket), now), n);
                    model.retain(|k, _| k.0 != socket);
                }
                Op::Query { version, group: g, sources, mrt, damage } => {
                    let grp = g.map_or(Ipv4Addr::UNSPECIFIED, group);
                    let addrs: Vec<_> = sources.iter().map(|&s| source(s)).collect();
                    let m = match version {
                        1 => igmp::Message::QueryV1 { group: Ipv4Addr::UNSPECIFIED },
                        2 => igmp::Message::QueryV2 { max_resp_time: mrt.max(1), group: grp },
                        _ => igmp::Message::query_v3(grp, u32::from(mrt), 125, 2, false, &addrs),
                    };
                    let mut p = packet(&m);
                    if let Some((i, x)) = damage {
                        let i = i % p.len();
                        p[i] ^= x;
                    }
                    let _ = h.receive(&p, now);
                }
                Op::OtherReport(g) => {
                    let mut b = vec![0u8; 100];
                    let m = igmp::Message::ReportV2 { group: group(g) };
                    let n = frame_igmp(&m, [2, 0, 0, 0, 0, 9], Ipv4Addr::new(10, 0, 0, 9),
                        None, &mut b).unwrap();
                    let _ = h.receive(&b[14..n], now);
                }
                Op::Advance(ms) => {
                    let end = now + Duration::from_millis(u64::from(ms) * 10);
                    while let Some(d) = h.next_deadline() {
                        if d > end {
                            break;
                        }
                        prop_assert!(d >= now, "deadline in the past");
                        now = d;
                        poll(&mut h, now, &mut buf);
                    }
                    now = end;
                }
            }
            poll(&mut h, now, &mut buf);
            // The interface state is the §3.2 merge of the socket states.
            for g in 0..4u8 {
                let (mode, set) = merge(&model, g);
                let (hm, hs) = h.interface_state(&group(g));
                prop_assert_eq!(hm, mode);
                prop_assert_eq!(hs.iter().collect::<Vec<_>>(),
                    set.iter().map(|&s| source(s)).collect::<Vec<_>>());
            }
            prop_assert_eq!(h.socket_states().count(), model.len());
            prop_assert!(h.groups().count() <= G);
        }
        // Everything settles: with time, nothing is left to send but what the state
        // keeps (querier-present timers run out too).
        for _ in 0..200 {
            let Some(d) = h.next_deadline() else { break };
            now = now.max(d);
            poll(&mut h, now, &mut buf);
        }
        prop_assert!(h.next_deadline().is_none());
        prop_assert!(h.groups().all(|g| g.is_listening()));
    }
}

#[test]
fn garbage_never_panics() {
    let mut h = H::new(
        Config::new([2; 6], Ipv4Addr::new(10, 0, 0, 2)),
        XorShift32::new(9),
    )
    .unwrap();
    let mut r = XorShift32::new(77);
    use mediafabric_igmp::host::Rng;
    for len in 0..200 {
        for _ in 0..20 {
            let mut b: Vec<u8> = (0..len).map(|_| r.next_u32() as u8).collect();
            if len > 0 {
                b[0] = 0x46;
            }
            if len > 9 {
                b[9] = 2;
            }
            let _ = h.receive(&b, Duration::ZERO);
        }
    }
}
