//! The IGMPv3/MLDv2 host state machine through its public API: the §3.2 merge, every
//! §5.1 row and merge, retransmission counts and times, every §5.2 query case, the
//! compatibility modes, bad queries, packing, and every frame parsed back with our own
//! wire parser.

use core::net::{Ipv4Addr, Ipv6Addr};
use core::time::Duration;

use mediafabric_igmp::host::{
    CompatMode, Config, DropReason, FilterMode, HostError, IgmpHost, LeavePolicy, MldHost,
    OlderInclude, Outgoing, OutgoingKind, PendingChange, Received, SocketId, XorShift32,
    random_delay,
};
use mediafabric_igmp::wire::frame::{frame_igmp, frame_mld, read_ipv4_igmp, read_ipv6_mld};
use mediafabric_igmp::wire::records::AddrList;
use mediafabric_igmp::wire::{RecordType, igmp, mld};

use FilterMode::{Exclude, Include};
use RecordType::*;

const MAC: [u8; 6] = [0x02, 0, 0, 0, 0, 0x02];
const ME: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 2);
const G1: Ipv4Addr = Ipv4Addr::new(239, 1, 1, 1);
const G2: Ipv4Addr = Ipv4Addr::new(232, 5, 5, 5);
const S1: SocketId = SocketId(1);
const S2: SocketId = SocketId(2);
const S3: SocketId = SocketId(3);

fn a(n: u8) -> Ipv4Addr {
    Ipv4Addr::new(10, 1, 0, n)
}

fn t(ms: u64) -> Duration {
    Duration::from_millis(ms)
}

type H = IgmpHost<8, 8, 16>;

fn host(seed: u32) -> H {
    H::new(Config::new(MAC, ME), XorShift32::new(seed)).unwrap()
}

/// One record as sent: type, group, sources (sorted).
type Rec = (RecordType, Ipv4Addr, Vec<Ipv4Addr>);

/// What a frame said, parsed back with the wire layer.
#[derive(Debug, Clone, PartialEq)]
enum Msg {
    V3 {
        state_change: bool,
        records: Vec<Rec>,
    },
    V1Report(Ipv4Addr),
    V2Report(Ipv4Addr),
    Leave(Ipv4Addr),
}

fn parse_frame(o: &Outgoing<'_, Ipv4Addr>) -> Msg {
    assert_eq!(&o.frame[12..14], &[0x08, 0x00]);
    assert_eq!(&o.frame[6..12], &MAC);
    let ip = read_ipv4_igmp(o.ip_packet(), 0).unwrap();
    assert_eq!(ip.ttl, 1);
    assert!(ip.router_alert);
    assert_eq!(ip.src, ME);
    assert_eq!(ip.dst, o.destination);
    assert!(o.ip_packet().len() <= 1500);
    let m = igmp::Message::parse_verified(ip.payload).unwrap();
    assert_eq!(m.destination(), ip.dst);
    match (m, o.kind) {
        (igmp::Message::ReportV3 { records }, OutgoingKind::StateChangeReport { records: n })
        | (igmp::Message::ReportV3 { records }, OutgoingKind::CurrentStateReport { records: n }) => {
            assert_eq!(records.len(), n);
            let records = records
                .iter()
                .map(|r| {
                    let mut s: Vec<_> = r.sources.iter().collect();
                    s.sort();
                    (r.record_type, r.group, s)
                })
                .collect();
            Msg::V3 {
                state_change: matches!(o.kind, OutgoingKind::StateChangeReport { .. }),
                records,
            }
        }
        (
            igmp::Message::ReportV1 { group },
            OutgoingKind::OlderReport {
                version: 1,
                group: g,
            },
        ) => {
            assert_eq!(group, g);
            Msg::V1Report(group)
        }
        (
            igmp::Message::ReportV2 { group },
            OutgoingKind::OlderReport {
                version: 2,
                group: g,
            },
        ) => {
            assert_eq!(group, g);
            Msg::V2Report(group)
        }
        (igmp::Message::LeaveV2 { group }, OutgoingKind::Leave { group: g }) => {
            assert_eq!(group, g);
            Msg::Leave(group)
        }
        other => panic!("unexpected {other:?}"),
    }
}

fn poll(h: &mut H, now: Duration) -> Vec<Msg> {
    let mut buf = vec![0u8; h.config().buffer_len()];
    let mut out = Vec::new();
    let n = h
        .poll(now, &mut buf, &mut |o: &Outgoing<'_, Ipv4Addr>| {
            out.push(parse_frame(o))
        })
        .unwrap();
    assert_eq!(n, out.len());
    out
}

/// Polls at every deadline up to `until`; returns (time, message) pairs.
fn run(h: &mut H, until: Duration) -> Vec<(Duration, Msg)> {
    let mut all = Vec::new();
    while let Some(d) = h.next_deadline() {
        if d > until {
            break;
        }
        for m in poll(h, d) {
            all.push((d, m));
        }
    }
    all
}

fn sc(records: Vec<Rec>) -> Msg {
    Msg::V3 {
        state_change: true,
        records,
    }
}

fn cs(records: Vec<Rec>) -> Msg {
    Msg::V3 {
        state_change: false,
        records,
    }
}

fn state(h: &H, g: Ipv4Addr) -> (FilterMode, Vec<Ipv4Addr>) {
    let (m, s) = h.interface_state(&g);
    (m, s.iter().collect())
}

// ---------------------------------------------------------------- §3.2 merge

#[test]
fn merge_single_socket_each_mode() {
    let mut h = host(1);
    assert_eq!(state(&h, G1), (Include, vec![]));
    h.listen(S1, G1, Include, &[a(2), a(1), a(2)], t(0))
        .unwrap();
    assert_eq!(state(&h, G1), (Include, vec![a(1), a(2)]));
    h.listen(S1, G1, Exclude, &[a(3)], t(0)).unwrap();
    assert_eq!(state(&h, G1), (Exclude, vec![a(3)]));
    h.join(S1, G1, t(0)).unwrap();
    assert_eq!(state(&h, G1), (Exclude, vec![]));
    assert_eq!(h.socket_states().count(), 1);
    h.leave(S1, G1, t(0)).unwrap();
    assert_eq!(state(&h, G1), (Include, vec![]));
    assert_eq!(h.socket_states().count(), 0);
}

#[test]
fn merge_include_lists_unite() {
    // RFC 9776 §3.2: INCLUDE (a,b,c), INCLUDE (b,c,d), INCLUDE (e,f) -> INCLUDE (a-f).
    let mut h = host(1);
    h.listen(S1, G1, Include, &[a(1), a(2), a(3)], t(0))
        .unwrap();
    h.listen(S2, G1, Include, &[a(2), a(3), a(4)], t(0))
        .unwrap();
    h.listen(S3, G1, Include, &[a(5), a(6)], t(0)).unwrap();
    assert_eq!(state(&h, G1), (Include, (1..=6).map(a).collect()));
}

#[test]
fn merge_exclude_intersects_minus_includes() {
    // RFC 9776 §3.2: EXCLUDE (a,b,c,d), EXCLUDE (b,c,d,e), INCLUDE (d,e,f) -> EXCLUDE (b,c).
    let mut h = host(1);
    h.listen(S1, G1, Exclude, &[a(1), a(2), a(3), a(4)], t(0))
        .unwrap();
    h.listen(S2, G1, Exclude, &[a(2), a(3), a(4), a(5)], t(0))
        .unwrap();
    assert_eq!(state(&h, G1), (Exclude, vec![a(2), a(3), a(4)]));
    h.listen(S3, G1, Include, &[a(4), a(5), a(6)], t(0))
        .unwrap();
    assert_eq!(state(&h, G1), (Exclude, vec![a(2), a(3)]));
    // One EXCLUDE socket is enough for EXCLUDE mode.
    h.leave(S2, G1, t(0)).unwrap();
    assert_eq!(state(&h, G1), (Exclude, vec![a(1), a(2), a(3)]));
    // Without any EXCLUDE socket, the INCLUDE union remains.
    h.leave(S1, G1, t(0)).unwrap();
    assert_eq!(state(&h, G1), (Include, vec![a(4), a(5), a(6)]));
    // An EXCLUDE {} join beside INCLUDE sockets gives EXCLUDE {}.
    h.join(S1, G1, t(0)).unwrap();
    assert_eq!(state(&h, G1), (Exclude, vec![]));
}

#[test]
fn merge_groups_and_sockets_are_independent() {
    let mut h = host(1);
    h.listen(S1, G1, Include, &[a(1)], t(0)).unwrap();
    h.listen(S1, G2, Exclude, &[a(2)], t(0)).unwrap();
    h.listen(S2, G1, Include, &[a(3)], t(0)).unwrap();
    assert_eq!(state(&h, G1), (Include, vec![a(1), a(3)]));
    assert_eq!(state(&h, G2), (Exclude, vec![a(2)]));
    assert_eq!(h.close_socket(S1, t(0)), 2);
    assert_eq!(state(&h, G1), (Include, vec![a(3)]));
    assert_eq!(state(&h, G2), (Include, vec![]));
}

#[test]
fn full_tables_are_errors_and_change_nothing() {
    let mut h: IgmpHost<2, 2, 2> = IgmpHost::new(Config::new(MAC, ME), XorShift32::new(1)).unwrap();
    assert_eq!(
        h.listen(S1, G1, Include, &[a(1), a(2), a(3)], t(0)),
        Err(HostError::SourceLimit {
            needed: 3,
            capacity: 2
        })
    );
    assert_eq!(
        h.join(S1, Ipv4Addr::new(10, 0, 0, 1), t(0)),
        Err(HostError::NotMulticast)
    );
    h.listen(S1, G1, Include, &[a(1), a(2)], t(0)).unwrap();
    // The INCLUDE union would need three sources, even under an EXCLUDE socket.
    h.join(S2, G1, t(0)).unwrap();
    assert!(matches!(
        h.listen(S1, G1, Include, &[a(1), a(2), a(3)], t(0)),
        Err(HostError::SourceLimit { capacity: 2, .. })
    ));
    assert_eq!(state_of(&h, G1), (Exclude, vec![]));
    assert_eq!(
        h.join(S3, G2, t(0)),
        Err(HostError::MembershipLimit { capacity: 2 })
    );
    // Leaving the EXCLUDE socket always works: the union fits.
    h.leave(S2, G1, t(0)).unwrap();
    assert_eq!(state_of(&h, G1), (Include, vec![a(1), a(2)]));
    h.join(S2, G2, t(0)).unwrap();
    h.leave(S2, G2, t(0)).unwrap();
    // G2 is still retransmitting its leave: it holds its slot.
    assert!(h.group(&G2).is_some());
    assert_eq!(
        h.join(S3, Ipv4Addr::new(239, 9, 9, 9), t(0)),
        Err(HostError::GroupLimit { capacity: 2 })
    );
    assert_eq!(h.socket_states().count(), 1);
    assert_eq!(state_of(&h, G1), (Include, vec![a(1), a(2)]));
}

fn state_of<const G: usize, const S: usize, const K: usize>(
    h: &IgmpHost<G, S, K>,
    g: Ipv4Addr,
) -> (FilterMode, Vec<Ipv4Addr>) {
    let (m, s) = h.interface_state(&g);
    (m, s.iter().collect())
}

// ---------------------------------------------------------------- §5.1 rows

fn change_records(before: (FilterMode, &[Ipv4Addr]), after: (FilterMode, &[Ipv4Addr])) -> Vec<Msg> {
    let mut h = host(3);
    h.listen(S1, G1, before.0, before.1, t(0)).unwrap();
    run(&mut h, t(10_000));
    assert!(h.next_deadline().is_none());
    h.listen(S1, G1, after.0, after.1, t(20_000)).unwrap();
    let sent: Vec<_> = run(&mut h, t(30_000)).into_iter().map(|(_, m)| m).collect();
    assert!(h.next_deadline().is_none());
    sent
}

#[test]
fn every_row_of_the_state_change_table() {
    let (x, y, z) = (a(1), a(2), a(3));
    // INCLUDE (A) -> INCLUDE (B): ALLOW (B-A), BLOCK (A-B).
    let m = sc(vec![
        (AllowNewSources, G1, vec![z]),
        (BlockOldSources, G1, vec![x]),
    ]);
    assert_eq!(
        change_records((Include, &[x, y]), (Include, &[y, z])),
        [m.clone(), m]
    );
    // EXCLUDE (A) -> EXCLUDE (B): ALLOW (A-B), BLOCK (B-A).
    let m = sc(vec![
        (AllowNewSources, G1, vec![x]),
        (BlockOldSources, G1, vec![z]),
    ]);
    assert_eq!(
        change_records((Exclude, &[x, y]), (Exclude, &[y, z])),
        [m.clone(), m]
    );
    // INCLUDE (A) -> EXCLUDE (B): TO_EX (B).
    let m = sc(vec![(ChangeToExcludeMode, G1, vec![y, z])]);
    assert_eq!(
        change_records((Include, &[x, y]), (Exclude, &[y, z])),
        [m.clone(), m]
    );
    // EXCLUDE (A) -> INCLUDE (B): TO_IN (B).
    let m = sc(vec![(ChangeToIncludeMode, G1, vec![y, z])]);
    assert_eq!(
        change_records((Exclude, &[x, y]), (Include, &[y, z])),
        [m.clone(), m]
    );
    // Only additions, only removals: one record.
    let m = sc(vec![(AllowNewSources, G1, vec![z])]);
    assert_eq!(
        change_records((Include, &[x]), (Include, &[x, z])),
        [m.clone(), m]
    );
    let m = sc(vec![(AllowNewSources, G1, vec![x])]);
    assert_eq!(
        change_records((Exclude, &[x]), (Exclude, &[])),
        [m.clone(), m]
    );
}

#[test]
fn join_and_leave_from_nothing() {
    let mut h = host(5);
    h.join(S1, G1, t(0)).unwrap();
    let sent = run(&mut h, t(5000));
    let m = sc(vec![(ChangeToExcludeMode, G1, vec![])]);
    assert_eq!(
        sent.iter().map(|x| x.1.clone()).collect::<Vec<_>>(),
        [m.clone(), m]
    );
    h.leave(S1, G1, t(6000)).unwrap();
    // The group stays until its leave is retransmitted.
    assert!(h.group(&G1).is_some());
    let sent = run(&mut h, t(9000));
    let m = sc(vec![(ChangeToIncludeMode, G1, vec![])]);
    assert_eq!(
        sent.iter().map(|x| x.1.clone()).collect::<Vec<_>>(),
        [m.clone(), m]
    );
    assert!(h.group(&G1).is_none());
    // 224.0.0.1 is never reported.
    h.join(S1, Ipv4Addr::new(224, 0, 0, 1), t(10_000)).unwrap();
    assert!(h.next_deadline().is_none());
}

#[test]
fn retransmissions_count_and_exact_times() {
    for seed in [1, 2, 3, 99, 12345] {
        for rv in 1..=7u8 {
            let mut cfg = Config::new(MAC, ME);
            cfg.robustness = rv;
            let mut h = H::new(cfg, XorShift32::new(seed)).unwrap();
            h.join(S1, G1, t(1000)).unwrap();
            // The same generator, to know the exact draws.
            let mut rng = XorShift32::new(seed);
            let mut expect = vec![t(1000)];
            for _ in 1..rv {
                let last = *expect.last().unwrap();
                expect.push(last + random_delay(&mut rng, Duration::from_secs(1)));
            }
            let sent = run(&mut h, t(100_000));
            let times: Vec<_> = sent.iter().map(|x| x.0).collect();
            assert_eq!(times, expect, "seed {seed} rv {rv}");
            for w in times.windows(2) {
                assert!(w[1] - w[0] <= Duration::from_secs(1));
            }
        }
    }
}

#[test]
fn merge_source_changes_while_pending() {
    // Kernel-like: ALLOW {1}, then ALLOW {2} before the retransmission: the next report
    // carries both, then {2} alone.
    let mut h = host(7);
    h.listen(S1, G2, Include, &[a(1)], t(0)).unwrap();
    assert_eq!(
        poll(&mut h, t(0)),
        [sc(vec![(AllowNewSources, G2, vec![a(1)])])]
    );
    h.listen(S1, G2, Include, &[a(1), a(2)], t(1)).unwrap();
    let g = h.group(&G2).unwrap();
    assert_eq!(
        g.pending_change(),
        PendingChange::Sources {
            sources: &[a(1), a(2)],
            remaining: &[1, 2]
        }
    );
    assert_eq!(g.change_due(), Some(t(1)));
    assert_eq!(
        poll(&mut h, t(1)),
        [sc(vec![(AllowNewSources, G2, vec![a(1), a(2)])])]
    );
    let rest: Vec<_> = run(&mut h, t(10_000)).into_iter().map(|x| x.1).collect();
    assert_eq!(rest, [sc(vec![(AllowNewSources, G2, vec![a(2)])])]);
}

#[test]
fn merge_a_source_added_then_removed_is_blocked_with_full_count() {
    let mut h = host(7);
    h.listen(S1, G2, Include, &[a(1)], t(0)).unwrap();
    poll(&mut h, t(0));
    // Retransmission state of a(1) is kept; now it must be blocked.
    h.leave(S1, G2, t(5)).unwrap();
    let sent: Vec<_> = run(&mut h, t(10_000)).into_iter().map(|x| x.1).collect();
    let m = sc(vec![(BlockOldSources, G2, vec![a(1)])]);
    assert_eq!(sent, [m.clone(), m]);
}

#[test]
fn merge_filter_mode_change_takes_over() {
    // Pending ALLOW/BLOCK, then a mode change: only TO_EX, RV times.
    let mut h = host(8);
    h.listen(S1, G1, Include, &[a(1)], t(0)).unwrap();
    poll(&mut h, t(0));
    h.listen(S1, G1, Exclude, &[a(2)], t(10)).unwrap();
    assert_eq!(
        h.group(&G1).unwrap().pending_change(),
        PendingChange::FilterMode { remaining: 2 }
    );
    let sent: Vec<_> = run(&mut h, t(10_000)).into_iter().map(|x| x.1).collect();
    let m = sc(vec![(ChangeToExcludeMode, G1, vec![a(2)])]);
    assert_eq!(sent, [m.clone(), m]);

    // Pending TO_EX, then a source change: the next RV reports are TO_EX of the new
    // state (the count starts again), no ALLOW/BLOCK.
    let mut h = host(8);
    h.join(S1, G1, t(0)).unwrap();
    poll(&mut h, t(0));
    h.listen(S1, G1, Exclude, &[a(3)], t(10)).unwrap();
    assert_eq!(
        h.group(&G1).unwrap().pending_change(),
        PendingChange::FilterMode { remaining: 2 }
    );
    let sent: Vec<_> = run(&mut h, t(10_000)).into_iter().map(|x| x.1).collect();
    let m = sc(vec![(ChangeToExcludeMode, G1, vec![a(3)])]);
    assert_eq!(sent, [m.clone(), m]);
}

#[test]
fn source_retransmission_overflow_falls_back_to_mode_records() {
    let mut h: IgmpHost<4, 2, 4> = IgmpHost::new(Config::new(MAC, ME), XorShift32::new(1)).unwrap();
    h.listen(S1, G1, Include, &[a(1), a(2)], t(0)).unwrap();
    let mut buf = vec![0u8; 4000];
    h.poll(t(0), &mut buf, &mut |_: &Outgoing<'_, Ipv4Addr>| {})
        .unwrap();
    // {1,2} -> {3,4}: four sources with retransmission state, room for two.
    h.listen(S1, G1, Include, &[a(3), a(4)], t(1)).unwrap();
    assert_eq!(h.counters().change_overflows, 1);
    let mut recs = Vec::new();
    h.poll(t(1), &mut buf, &mut |o: &Outgoing<'_, Ipv4Addr>| {
        recs.push(parse_frame(o))
    })
    .unwrap();
    assert_eq!(
        recs,
        [sc(vec![(ChangeToIncludeMode, G1, vec![a(3), a(4)])])]
    );
}

// ---------------------------------------------------------------- queries

fn query_v3(group: Ipv4Addr, mrt_ds: u32, sources: &[Ipv4Addr]) -> Vec<u8> {
    let q = igmp::Message::query_v3(group, mrt_ds, 125, 2, false, sources);
    frame_q(&q, 1)
}

fn frame_q(q: &igmp::Message<'_>, ttl: u8) -> Vec<u8> {
    let mut b = vec![0u8; 2000];
    let n = frame_igmp(
        q,
        [2, 0, 0, 0, 0, 1],
        Ipv4Addr::new(10, 0, 0, 1),
        None,
        &mut b,
    )
    .unwrap();
    b.truncate(n);
    b.drain(..14);
    b[8] = ttl;
    // Fix the IPv4 header checksum after changing TTL.
    b[10] = 0;
    b[11] = 0;
    let mut sum = 0u32;
    for i in (0..24).step_by(2) {
        sum += u32::from(u16::from_be_bytes([b[i], b[i + 1]]));
    }
    while sum > 0xFFFF {
        sum = (sum & 0xFFFF) + (sum >> 16);
    }
    b[10..12].copy_from_slice(&(!(sum as u16)).to_be_bytes());
    b
}

fn member_host() -> H {
    let mut h = host(11);
    h.join(S1, G1, t(0)).unwrap();
    h.listen(S1, G2, Include, &[a(1), a(2)], t(0)).unwrap();
    run(&mut h, t(10_000));
    assert!(h.next_deadline().is_none());
    h
}

#[test]
fn general_query_answers_every_group_within_max_resp() {
    let mut h = member_host();
    let r = h.receive(&query_v3(Ipv4Addr::UNSPECIFIED, 100, &[]), t(20_000));
    assert!(matches!(
        r,
        Received::Query {
            version: 3,
            group: None,
            ..
        }
    ));
    let due = h.general_response_due().unwrap();
    assert!(due >= t(20_000) && due <= t(30_000));
    let sent = run(&mut h, t(40_000));
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].0, due);
    assert_eq!(
        sent[0].1,
        cs(vec![
            (ModeIsExclude, G1, vec![]),
            (ModeIsInclude, G2, vec![a(1), a(2)])
        ])
    );
    assert_eq!(h.counters().general_queries, 1);
}

#[test]
fn rule_1_an_earlier_general_response_covers_later_queries() {
    let mut h = member_host();
    h.receive(&query_v3(Ipv4Addr::UNSPECIFIED, 0, &[]), t(20_000));
    assert_eq!(h.general_response_due(), Some(t(20_000)));
    h.receive(&query_v3(G1, 100, &[]), t(20_000));
    h.receive(&query_v3(Ipv4Addr::UNSPECIFIED, 100, &[]), t(20_000));
    assert_eq!(h.group(&G1).unwrap().response_due(), None);
    assert_eq!(h.general_response_due(), Some(t(20_000)));
}

#[test]
fn rule_2_general_query_replaces_a_later_general_response() {
    let mut h = member_host();
    h.receive(&query_v3(Ipv4Addr::UNSPECIFIED, 250, &[]), t(20_000));
    let first = h.general_response_due().unwrap();
    // Max Resp 0: due at once, earlier than the first.
    h.receive(&query_v3(Ipv4Addr::UNSPECIFIED, 0, &[]), t(20_000));
    assert_eq!(h.general_response_due(), Some(t(20_000)));
    assert!(first >= t(20_000));
}

#[test]
fn rules_3_to_5_group_and_source_queries() {
    // Rule 3: G-S-S query records its sources.
    let mut h = member_host();
    h.receive(&query_v3(G2, 100, &[a(1), a(9)]), t(20_000));
    let g = h.group(&G2).unwrap();
    assert!(g.response_due().is_some());
    assert_eq!(g.queried_sources().iter().collect::<Vec<_>>(), [a(1), a(9)]);
    // Rule 5: another G-S-S query adds its sources, earliest time kept.
    let before = g.response_due().unwrap();
    h.receive(&query_v3(G2, 100, &[a(2)]), t(20_001));
    let g = h.group(&G2).unwrap();
    assert_eq!(
        g.queried_sources().iter().collect::<Vec<_>>(),
        [a(1), a(2), a(9)]
    );
    assert!(g.response_due().unwrap() <= before);
    // INCLUDE (A) answers IS_IN (A*B).
    let sent: Vec<_> = run(&mut h, t(40_000)).into_iter().map(|x| x.1).collect();
    assert_eq!(sent, [cs(vec![(ModeIsInclude, G2, vec![a(1), a(2)])])]);

    // Rule 4: a group-specific query clears the list.
    let mut h = member_host();
    h.receive(&query_v3(G2, 100, &[a(1)]), t(20_000));
    h.receive(&query_v3(G2, 100, &[]), t(20_000));
    assert!(h.group(&G2).unwrap().queried_sources().is_empty());
    // ... and a later G-S-S query does not bring one back.
    h.receive(&query_v3(G2, 100, &[a(1)]), t(20_000));
    assert!(h.group(&G2).unwrap().queried_sources().is_empty());
    let sent: Vec<_> = run(&mut h, t(40_000)).into_iter().map(|x| x.1).collect();
    assert_eq!(sent, [cs(vec![(ModeIsInclude, G2, vec![a(1), a(2)])])]);
}

#[test]
fn group_and_source_answers_by_mode() {
    // EXCLUDE (A) answers IS_IN (B-A).
    let mut h = host(4);
    h.listen(S1, G1, Exclude, &[a(1)], t(0)).unwrap();
    run(&mut h, t(10_000));
    h.receive(&query_v3(G1, 10, &[a(1), a(2), a(3)]), t(20_000));
    let sent: Vec<_> = run(&mut h, t(40_000)).into_iter().map(|x| x.1).collect();
    assert_eq!(sent, [cs(vec![(ModeIsInclude, G1, vec![a(2), a(3)])])]);
    // Nothing to say: no report.
    h.receive(&query_v3(G1, 10, &[a(1)]), t(50_000));
    assert!(run(&mut h, t(60_000)).is_empty());
    // INCLUDE (A) with no queried source in A: no report either.
    let mut h = member_host();
    h.receive(&query_v3(G2, 10, &[a(7)]), t(20_000));
    assert!(run(&mut h, t(40_000)).is_empty());
    // Group-specific query: IS_EX / IS_IN of the whole state.
    h.receive(&query_v3(G1, 10, &[]), t(50_000));
    let sent: Vec<_> = run(&mut h, t(60_000)).into_iter().map(|x| x.1).collect();
    assert_eq!(sent, [cs(vec![(ModeIsExclude, G1, vec![])])]);
    // A query for a group we are not in sets nothing.
    h.receive(&query_v3(Ipv4Addr::new(239, 7, 7, 7), 10, &[]), t(70_000));
    assert!(h.next_deadline().is_none());
    assert_eq!(h.counters().group_source_queries, 1);
    assert_eq!(h.counters().group_queries, 2);
}

#[test]
fn too_many_queried_sources_answer_for_the_group() {
    let mut h = member_host();
    let many: Vec<_> = (1..=20).map(a).collect();
    h.receive(&query_v3(G2, 10, &many), t(20_000));
    assert_eq!(h.counters().query_source_overflows, 1);
    let sent: Vec<_> = run(&mut h, t(40_000)).into_iter().map(|x| x.1).collect();
    assert_eq!(sent, [cs(vec![(ModeIsInclude, G2, vec![a(1), a(2)])])]);
}

#[test]
fn bad_queries_are_dropped_and_counted() {
    let mut h = member_host();
    let good = query_v3(Ipv4Addr::UNSPECIFIED, 100, &[]);
    let mut bad_sum = good.clone();
    bad_sum[24 + 2] ^= 1;
    assert_eq!(
        h.receive(&bad_sum, t(1)),
        Received::Dropped(DropReason::Checksum)
    );
    let q = igmp::Message::query_v3(Ipv4Addr::UNSPECIFIED, 100, 125, 2, false, &[]);
    assert_eq!(
        h.receive(&frame_q(&q, 2), t(1)),
        Received::Dropped(DropReason::HopLimit)
    );
    assert_eq!(
        h.receive(&good[..30], t(1)),
        Received::Dropped(DropReason::Malformed)
    );
    assert_eq!(
        h.receive(&[0x45], t(1)),
        Received::Dropped(DropReason::Malformed)
    );
    let unicast = igmp::Message::query_v3(Ipv4Addr::new(10, 0, 0, 9), 100, 125, 2, false, &[]);
    assert_eq!(
        h.receive(&frame_q(&unicast, 1), t(1)),
        Received::Dropped(DropReason::Group)
    );
    let c = h.counters();
    assert_eq!(
        (
            c.dropped_checksum,
            c.dropped_hop_limit,
            c.dropped_malformed,
            c.dropped_group
        ),
        (1, 1, 2, 1)
    );
    assert_eq!(c.general_queries, 0);
    assert!(h.next_deadline().is_none());
    // Router Alert required: a v1 query (frame_igmp adds it; strip it by hand).
    let mut cfg = Config::new(MAC, ME);
    cfg.require_router_alert = true;
    let mut h = H::new(cfg, XorShift32::new(1)).unwrap();
    let mut no_ra = good.clone();
    no_ra[20..24].copy_from_slice(&[1, 1, 1, 1]); // four NOPs
    fix_ip_checksum(&mut no_ra);
    assert_eq!(
        h.receive(&no_ra, t(1)),
        Received::Dropped(DropReason::RouterAlert)
    );
    assert_eq!(h.counters().dropped_router_alert, 1);
}

fn fix_ip_checksum(b: &mut [u8]) {
    let ihl = usize::from(b[0] & 15) * 4;
    b[10] = 0;
    b[11] = 0;
    let mut sum = 0u32;
    for i in (0..ihl).step_by(2) {
        sum += u32::from(u16::from_be_bytes([b[i], b[i + 1]]));
    }
    while sum > 0xFFFF {
        sum = (sum & 0xFFFF) + (sum >> 16);
    }
    b[10..12].copy_from_slice(&(!(sum as u16)).to_be_bytes());
}

// ---------------------------------------------------------------- compatibility

fn query_v2(group: Ipv4Addr, mrt: u8) -> Vec<u8> {
    frame_q(
        &igmp::Message::QueryV2 {
            max_resp_time: mrt,
            group,
        },
        1,
    )
}

fn query_v1() -> Vec<u8> {
    frame_q(
        &igmp::Message::QueryV1 {
            group: Ipv4Addr::UNSPECIFIED,
        },
        1,
    )
}

#[test]
fn igmpv2_querier_switches_mode_and_cancels_v3_timers() {
    let mut h = host(21);
    h.join(S1, G1, t(0)).unwrap();
    poll(&mut h, t(0));
    assert!(h.next_deadline().is_some());
    h.receive(&query_v2(Ipv4Addr::UNSPECIFIED, 100), t(100));
    assert_eq!(h.compat_mode(), CompatMode::IgmpV2);
    // RV * QI + QRI = 2 * 125 + 10 s.
    assert_eq!(
        h.v2_querier_present_until(),
        Some(t(100) + Duration::from_secs(260))
    );
    assert_eq!(h.group(&G1).unwrap().pending_change(), PendingChange::None);
    // The query is answered with a v2 report to the group within 10 s.
    let sent = run(&mut h, t(20_000));
    assert_eq!(sent.len(), 1);
    assert!(sent[0].0 <= t(10_100));
    assert_eq!(sent[0].1, Msg::V2Report(G1));
    assert!(h.group(&G1).unwrap().last_reporter());
    // Leaving sends a leave to 224.0.0.2 (we were the last reporter).
    h.leave(S1, G1, t(30_000)).unwrap();
    assert_eq!(poll(&mut h, t(30_000)), [Msg::Leave(G1)]);
    assert!(h.group(&G1).is_none());
    // Joining in v2 mode: unsolicited report, repeated RV-1 times within 10 s.
    h.join(S1, G2, t(40_000)).unwrap();
    let sent = run(&mut h, t(100_000));
    assert_eq!(
        sent.iter().map(|x| x.1.clone()).collect::<Vec<_>>(),
        [Msg::V2Report(G2), Msg::V2Report(G2)]
    );
    assert!(sent[1].0 - sent[0].0 <= Duration::from_secs(10));
    // The timer runs out: back to IGMPv3, nothing sent.
    let end = h.v2_querier_present_until().unwrap();
    assert_eq!(h.next_deadline(), Some(end));
    assert!(poll(&mut h, end).is_empty());
    assert_eq!(h.compat_mode(), CompatMode::IgmpV3);
    assert_eq!(h.counters().compat_changes, 2);
    // And changes are v3 records again.
    h.leave(S1, G2, end).unwrap();
    assert_eq!(
        poll(&mut h, end),
        [sc(vec![(ChangeToIncludeMode, G2, vec![])])]
    );
}

#[test]
fn igmpv2_report_suppression_and_leave_policy() {
    for policy in [LeavePolicy::IfLastReporter, LeavePolicy::Always] {
        let mut cfg = Config::new(MAC, ME);
        cfg.leave_policy = policy;
        let mut h = H::new(cfg, XorShift32::new(5)).unwrap();
        h.receive(&query_v2(Ipv4Addr::UNSPECIFIED, 100), t(0));
        h.join(S1, G1, t(10)).unwrap();
        assert_eq!(poll(&mut h, t(10)), [Msg::V2Report(G1)]);
        // Another host reports: our repeat is suppressed and the flag cleared.
        let other = {
            let mut b = vec![0u8; 100];
            let m = igmp::Message::ReportV2 { group: G1 };
            let n = frame_igmp(
                &m,
                [2, 0, 0, 0, 0, 9],
                Ipv4Addr::new(10, 0, 0, 9),
                None,
                &mut b,
            )
            .unwrap();
            b[14..n].to_vec()
        };
        assert_eq!(
            h.receive(&other, t(20)),
            Received::OlderReport {
                group: G1,
                suppressed: true
            }
        );
        assert!(!h.group(&G1).unwrap().last_reporter());
        assert_eq!(h.group(&G1).unwrap().older_report_due(), None);
        h.leave(S1, G1, t(30)).unwrap();
        let sent = poll(&mut h, t(30));
        match policy {
            LeavePolicy::IfLastReporter => assert!(sent.is_empty()),
            LeavePolicy::Always => assert_eq!(sent, [Msg::Leave(G1)]),
        }
        assert_eq!(h.counters().older_reports_suppressed, 1);
    }
}

#[test]
fn igmpv2_query_timer_reset_only_when_max_resp_is_shorter() {
    let mut h = host(6);
    h.receive(&query_v2(Ipv4Addr::UNSPECIFIED, 100), t(0));
    h.join(S1, G1, t(0)).unwrap();
    poll(&mut h, t(0));
    // Now the group's repeat is pending within 10 s; a query of 25.5 s keeps it.
    let due = h.group(&G1).unwrap().older_report_due().unwrap();
    h.receive(&query_v2(G1, 255), t(1));
    assert_eq!(h.group(&G1).unwrap().older_report_due(), Some(due));
    // A query with Max Resp 0.1 s (less than what is left, most likely) resets it.
    if due > t(101) {
        h.receive(&query_v2(G1, 1), t(1));
        assert!(h.group(&G1).unwrap().older_report_due().unwrap() <= t(101));
    }
}

#[test]
fn igmpv1_querier_v1_reports_and_no_leaves() {
    let mut h = member_host();
    h.receive(&query_v1(), t(20_000));
    assert_eq!(h.compat_mode(), CompatMode::IgmpV1);
    assert!(h.v1_querier_present_until().is_some());
    // Only the EXCLUDE group is reported in older modes by default.
    let sent: Vec<_> = run(&mut h, t(31_000)).into_iter().map(|x| x.1).collect();
    assert_eq!(sent, [Msg::V1Report(G1)]);
    h.leave(S1, G1, t(40_000)).unwrap();
    assert!(poll(&mut h, t(40_000)).is_empty());
    // A v2 query while v1 is present keeps v1; when v1 ends, v2 remains.
    h.receive(&query_v2(Ipv4Addr::UNSPECIFIED, 100), t(50_000));
    assert_eq!(h.compat_mode(), CompatMode::IgmpV1);
    let v1_end = h.v1_querier_present_until().unwrap();
    poll(&mut h, v1_end);
    assert_eq!(h.compat_mode(), CompatMode::IgmpV2);
}

#[test]
fn older_include_policy() {
    let mut cfg = Config::new(MAC, ME);
    cfg.older_include = OlderInclude::ReportAsJoin;
    let mut h = H::new(cfg, XorShift32::new(2)).unwrap();
    h.receive(&query_v2(Ipv4Addr::UNSPECIFIED, 100), t(0));
    h.listen(S1, G2, Include, &[a(1)], t(0)).unwrap();
    assert_eq!(poll(&mut h, t(0)), [Msg::V2Report(G2)]);
    let mut h = host(2);
    h.receive(&query_v2(Ipv4Addr::UNSPECIFIED, 100), t(0));
    h.listen(S1, G2, Include, &[a(1)], t(0)).unwrap();
    assert!(poll(&mut h, t(0)).is_empty());
}

#[test]
fn v3_query_values_are_adopted() {
    let mut h = host(2);
    let q = igmp::Message::query_v3(Ipv4Addr::UNSPECIFIED, 100, 60, 3, false, &[]);
    h.receive(&frame_q(&q, 1), t(0));
    assert_eq!(h.robustness(), 3);
    assert_eq!(h.query_interval(), Duration::from_secs(60));
    assert_eq!(h.older_querier_present_timeout(), Duration::from_secs(190));
    h.receive(&query_v2(Ipv4Addr::UNSPECIFIED, 100), t(1000));
    assert_eq!(
        h.v2_querier_present_until(),
        Some(t(1000) + Duration::from_secs(190))
    );
    // QRV 3: an older join is sent three times.
    h.join(S1, G1, t(2000)).unwrap();
    let n = run(&mut h, t(100_000)).len();
    assert_eq!(n, 3);
}

// ---------------------------------------------------------------- packing

#[test]
fn reports_pack_to_the_mtu_and_split_records() {
    let mut cfg = Config::new(MAC, ME);
    cfg.mtu = 24 + 8 + 8 + 4 * 10; // one record of ten sources, or six empty ones
    let mut h: IgmpHost<16, 32, 32> = IgmpHost::new(cfg, XorShift32::new(1)).unwrap();
    for i in 0..7u8 {
        h.join(SocketId(1), Ipv4Addr::new(239, 0, 0, i), t(0))
            .unwrap();
    }
    let mut buf = vec![0u8; cfg.buffer_len()];
    let mut msgs = Vec::new();
    h.poll(t(0), &mut buf, &mut |o: &Outgoing<'_, Ipv4Addr>| {
        assert!(o.ip_packet().len() <= cfg.mtu);
        msgs.push(parse_frame(o))
    })
    .unwrap();
    let sizes: Vec<_> = msgs
        .iter()
        .map(|m| match m {
            Msg::V3 { records, .. } => records.len(),
            _ => 0,
        })
        .collect();
    assert_eq!(sizes, [6, 1]);
    // A 25-source INCLUDE list: split in records of 10, 10 and 5 (ALLOW may be split).
    let srcs: Vec<_> = (1..=25).map(a).collect();
    h.listen(SocketId(2), G2, Include, &srcs, t(1)).unwrap();
    msgs.clear();
    let mut buf2 = vec![0u8; cfg.buffer_len()];
    h.poll(t(1), &mut buf2, &mut |o: &Outgoing<'_, Ipv4Addr>| {
        msgs.push(parse_frame(o))
    })
    .unwrap();
    let g2: Vec<_> = msgs
        .iter()
        .flat_map(|m| match m {
            Msg::V3 { records, .. } => records.clone(),
            _ => vec![],
        })
        .filter(|r| r.1 == G2)
        .collect();
    assert_eq!(
        g2.iter().map(|r| r.2.len()).collect::<Vec<_>>(),
        [10, 10, 5]
    );
    assert!(g2.iter().all(|r| r.0 == AllowNewSources));
    // TO_EX with too many sources: one record with what fits, the rest counted.
    h.listen(
        SocketId(3),
        Ipv4Addr::new(239, 9, 9, 9),
        Exclude,
        &srcs,
        t(2),
    )
    .unwrap();
    msgs.clear();
    h.poll(t(2), &mut buf2, &mut |o: &Outgoing<'_, Ipv4Addr>| {
        msgs.push(parse_frame(o))
    })
    .unwrap();
    let ex: Vec<_> = msgs
        .iter()
        .flat_map(|m| match m {
            Msg::V3 { records, .. } => records.clone(),
            _ => vec![],
        })
        .filter(|r| r.0 == ChangeToExcludeMode)
        .collect();
    assert_eq!(ex.len(), 1);
    assert_eq!(ex[0].2, srcs[..10]);
    assert_eq!(h.counters().sources_not_reported, 15);
}

#[test]
fn config_and_buffer_errors() {
    let mut cfg = Config::new(MAC, ME);
    cfg.robustness = 0;
    assert!(matches!(
        H::new(cfg, XorShift32::new(1)),
        Err(HostError::Config {
            field: "robustness",
            ..
        })
    ));
    cfg.robustness = 2;
    cfg.mtu = 40;
    assert!(matches!(
        H::new(cfg, XorShift32::new(1)),
        Err(HostError::Config { field: "mtu", .. })
    ));
    let mut h = host(1);
    h.join(S1, G1, t(0)).unwrap();
    let mut small = [0u8; 100];
    assert!(matches!(
        h.poll(t(0), &mut small, &mut |_: &Outgoing<'_, Ipv4Addr>| {}),
        Err(HostError::BufferTooSmall { .. })
    ));
    // Nothing was lost: the report is still due.
    assert_eq!(poll(&mut h, t(0)).len(), 1);
}

// ---------------------------------------------------------------- MLD

const ME6: Ipv6Addr = Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 2);
const R6: Ipv6Addr = Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 1);

fn g6(n: u16) -> Ipv6Addr {
    Ipv6Addr::new(0xff3e, 0, 0, 0, 0, 0, 0x8000, n)
}

fn s6(n: u16) -> Ipv6Addr {
    Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, n)
}

type H6 = MldHost<8, 8, 8>;

#[derive(Debug, Clone, PartialEq)]
enum Msg6 {
    V2(Vec<(RecordType, Ipv6Addr, Vec<Ipv6Addr>)>),
    V1Report(Ipv6Addr),
    Done(Ipv6Addr),
}

fn poll6(h: &mut H6, now: Duration) -> Vec<Msg6> {
    let mut buf = vec![0u8; h.config().buffer_len()];
    let mut out = Vec::new();
    h.poll(now, &mut buf, &mut |o: &Outgoing<'_, Ipv6Addr>| {
        let ip = read_ipv6_mld(o.ip_packet(), 0).unwrap();
        assert_eq!(ip.hop_limit, 1);
        assert!(ip.router_alert);
        assert_eq!(ip.src, ME6);
        assert_eq!(ip.dst, o.destination);
        assert!(mld::checksum_valid(ip.payload, &ip.src, &ip.dst));
        let m = mld::Message::parse(ip.payload).unwrap();
        assert_eq!(m.destination(), ip.dst);
        out.push(match m {
            mld::Message::ReportV2 { records } => Msg6::V2(
                records
                    .iter()
                    .map(|r| (r.record_type, r.group, r.sources.iter().collect()))
                    .collect(),
            ),
            mld::Message::ReportV1 { group } => Msg6::V1Report(group),
            mld::Message::DoneV1 { group } => Msg6::Done(group),
            other => panic!("{other:?}"),
        });
    })
    .unwrap();
    out
}

fn mld_query(q: &mld::Message<'_>, src: Ipv6Addr, hop: u8) -> Vec<u8> {
    let mut b = vec![0u8; 2000];
    let n = frame_mld(q, [2, 0, 0, 0, 0, 1], src, None, &mut b).unwrap();
    b.truncate(n);
    b.drain(..14);
    b[7] = hop;
    b
}

#[test]
fn mld_changes_queries_and_v1_mode() {
    let mut h = H6::new(Config::new(MAC, ME6), XorShift32::new(3)).unwrap();
    assert_eq!(h.compat_mode(), CompatMode::MldV2);
    h.listen(S1, g6(1), Include, &[s6(1)], t(0)).unwrap();
    assert_eq!(
        poll6(&mut h, t(0)),
        [Msg6::V2(vec![(AllowNewSources, g6(1), vec![s6(1)])])]
    );
    let srcs = [s6(1), s6(5)];
    let q = mld::Message::QueryV2 {
        max_response_code: 1000,
        group: g6(1),
        s_flag: false,
        qrv: 2,
        qqic: 125,
        sources: AddrList::Addrs(&srcs),
    };
    // Bad source, bad hop limit, bad checksum.
    assert_eq!(
        h.receive(
            &mld_query(&q, Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1), 1),
            t(5000)
        ),
        Received::Dropped(DropReason::Source)
    );
    assert_eq!(
        h.receive(&mld_query(&q, R6, 255), t(5000)),
        Received::Dropped(DropReason::HopLimit)
    );
    let mut bad = mld_query(&q, R6, 1);
    let last = bad.len() - 1;
    bad[last] ^= 0xff;
    assert_eq!(
        h.receive(&bad, t(5000)),
        Received::Dropped(DropReason::Checksum)
    );
    // A good G-S-S query: IS_IN (A*B) within 1 s.
    assert!(matches!(
        h.receive(&mld_query(&q, R6, 1), t(5000)),
        Received::Query { version: 2, .. }
    ));
    let due = h.group(&g6(1)).unwrap().response_due().unwrap();
    assert!(due <= t(6000));
    let mut got = Vec::new();
    while let Some(d) = h.next_deadline() {
        got.extend(poll6(&mut h, d));
    }
    assert!(got.contains(&Msg6::V2(vec![(ModeIsInclude, g6(1), vec![s6(1)])])));
    // MLDv1 querier: MLDv1 mode, reports to the group and dones to ff02::2.
    let q1 = mld::Message::QueryV1 {
        max_response_delay: 1000,
        group: Ipv6Addr::UNSPECIFIED,
    };
    h.receive(&mld_query(&q1, R6, 1), t(10_000));
    assert_eq!(h.compat_mode(), CompatMode::MldV1);
    h.join(S2, g6(2), t(10_000)).unwrap();
    assert!(poll6(&mut h, t(10_000)).contains(&Msg6::V1Report(g6(2))));
    h.leave(S2, g6(2), t(10_001)).unwrap();
    assert_eq!(poll6(&mut h, t(10_001)), [Msg6::Done(g6(2))]);
    // ff02::1 and interface-local groups are never reported.
    h.receive(&mld_query(&q1, R6, 1), t(20_000)); // stays v1
    let mut h = H6::new(Config::new(MAC, ME6), XorShift32::new(3)).unwrap();
    h.join(S1, "ff02::1".parse().unwrap(), t(0)).unwrap();
    h.join(S1, "ff01::5".parse().unwrap(), t(0)).unwrap();
    assert!(h.next_deadline().is_none());
}
