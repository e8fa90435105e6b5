//! The router's rules with exact times.

use super::*;
extern crate std;
use std::vec::Vec;

const ME: Ipv4Addr = Ipv4Addr::new(10, 77, 0, 5);
type R = IgmpRouter<8, 8>;
type Out = Collected<Ipv4Addr, 8, 32>;

fn t(secs: u64) -> Duration {
    Duration::from_secs(secs)
}
fn ms(ms: u64) -> Duration {
    Duration::from_millis(ms)
}

fn router() -> R {
    R::new(RouterConfig::new(ME), t(0)).unwrap()
}

fn poll(r: &mut R, now: Duration) -> Out {
    let mut o = Out::default();
    r.poll(now, &mut o);
    o
}

#[test]
fn startup_queries_then_query_interval() {
    let mut r = router();
    let mut sent = Vec::new();
    let mut now = t(0);
    while now < t(400) {
        let o = poll(&mut r, now);
        for q in o.queries() {
            assert_eq!(q.kind(), QueryKind::General);
            assert_eq!(q.destination(), Ipv4Addr::new(224, 0, 0, 1));
            assert_eq!(q.max_response(), t(10));
            assert_eq!((q.qrv, q.qqic), (2, 125));
            sent.push(now);
        }
        now = r.next_deadline().unwrap();
    }
    // RV = 2 startup queries QI/4 = 31.25 s apart, then every QI = 125 s.
    assert_eq!(sent, [t(0), ms(31_250), ms(156_250), ms(281_250)]);
    assert_eq!(r.counters().general_queries_sent, 4);
}

use crate::wire::igmp;
use crate::wire::records::{AddrList, GroupRecord, Records};

const G1: Ipv4Addr = Ipv4Addr::new(239, 1, 1, 1);
const HOST: Ipv4Addr = Ipv4Addr::new(10, 77, 0, 20);

fn s(n: u8) -> Ipv4Addr {
    Ipv4Addr::new(10, 1, 0, n)
}

/// How to wrap an IGMP message in IPv4.
#[derive(Clone, Copy)]
struct Ip {
    src: Ipv4Addr,
    dst: Option<Ipv4Addr>,
    ttl: u8,
    ra: bool,
}

const FROM_HOST: Ip = Ip {
    src: HOST,
    dst: None,
    ttl: 1,
    ra: true,
};

fn ipv4(m: &igmp::Message<'_>, ip: Ip) -> Vec<u8> {
    let mut body = std::vec![0u8; m.buffer_len()];
    m.emit(&mut body).unwrap();
    let hl = if ip.ra { 24 } else { 20 };
    let mut p = std::vec![0u8; hl];
    p[0] = 0x40 | (hl / 4) as u8;
    p[1] = 0xC0;
    p[2..4].copy_from_slice(&((hl + body.len()) as u16).to_be_bytes());
    p[8] = ip.ttl;
    p[9] = 2;
    p[12..16].copy_from_slice(&ip.src.octets());
    p[16..20].copy_from_slice(&ip.dst.unwrap_or(m.destination()).octets());
    if ip.ra {
        p[20..24].copy_from_slice(&[0x94, 4, 0, 0]);
    }
    let c = etherparse::checksum::Sum16BitWords::new()
        .add_slice(&p)
        .ones_complement()
        .to_be();
    p[10..12].copy_from_slice(&c.to_be_bytes());
    p.extend_from_slice(&body);
    p
}

fn v3_report(records: &[(RecordType, Ipv4Addr, &[Ipv4Addr])]) -> Vec<u8> {
    let recs: Vec<GroupRecord<'_, Ipv4Addr>> = records
        .iter()
        .map(|(rt, g, srcs)| GroupRecord {
            record_type: *rt,
            group: *g,
            sources: AddrList::Addrs(srcs),
            aux_data: &[],
        })
        .collect();
    ipv4(
        &igmp::Message::ReportV3 {
            records: Records::Given(&recs),
        },
        FROM_HOST,
    )
}

fn general_query(from: Ipv4Addr, qrv: u8, qqic: u8) -> Vec<u8> {
    ipv4(
        &igmp::Message::QueryV3 {
            max_resp_code: 100,
            group: Ipv4Addr::UNSPECIFIED,
            s_flag: false,
            qrv,
            qqic,
            sources: AddrList::Addrs(&[]),
        },
        Ip {
            src: from,
            ..FROM_HOST
        },
    )
}

fn rx(
    r: &mut R,
    p: &[u8],
    now: Duration,
) -> (core::result::Result<Accepted<Ipv4Addr>, Dropped>, Out) {
    let mut o = Out::default();
    let a = r.receive(p, now, &mut o);
    (a, o)
}

/// Receives a packet that must be accepted.
fn ok(r: &mut R, p: &[u8], now: Duration) -> Out {
    let (a, o) = rx(r, p, now);
    a.unwrap();
    o
}

/// A router past its startup queries (so only the queries under test are sent).
fn settled() -> R {
    let mut r = router();
    poll(&mut r, t(0));
    poll(&mut r, ms(31_250));
    r
}

/// (kind, group, sources, S flag) of each query.
fn queries(o: &Out) -> Vec<(QueryKind, Option<Ipv4Addr>, Vec<Ipv4Addr>, bool)> {
    o.queries()
        .map(|q| (q.kind(), q.group, q.sources().collect(), q.s_flag))
        .collect()
}

#[test]
fn election_lost_to_a_lower_address_and_won_back_on_failover() {
    let mut r = router();
    poll(&mut r, t(0));
    let lower = Ipv4Addr::new(10, 77, 0, 1);
    let higher = Ipv4Addr::new(10, 77, 0, 9);
    // A higher address changes nothing.
    let (a, _) = rx(&mut r, &general_query(higher, 2, 125), t(5));
    assert!(matches!(
        a,
        Ok(Accepted::Query {
            querier_changed: false,
            ..
        })
    ));
    assert!(r.querier().is_us);
    // The lower one wins: we stop querying and time it out after RV*QI + QRI/2 = 255 s.
    let (a, _) = rx(&mut r, &general_query(lower, 2, 125), t(10));
    assert!(matches!(
        a,
        Ok(Accepted::Query {
            querier_changed: true,
            kind: QueryKind::General,
            ..
        })
    ));
    let q = *r.querier();
    assert!(!q.is_us);
    assert_eq!(q.address, Some(lower));
    assert_eq!(q.other_querier_present, Some(t(265)));
    assert_eq!(q.next_general_query, None);
    assert_eq!(r.next_deadline(), Some(t(265)));
    assert_eq!(
        poll(&mut r, ms(31_250)).queries().count(),
        0,
        "no startup query as non-querier"
    );
    // It keeps querying every QI: the timer restarts each time.
    ok(&mut r, &general_query(lower, 2, 125), t(135));
    assert_eq!(r.querier().other_querier_present, Some(t(390)));
    // It stops: at 390 s we are querier again and query at once, then every QI.
    assert_eq!(poll(&mut r, ms(389_999)).queries().count(), 0);
    let o = poll(&mut r, t(390));
    assert_eq!(queries(&o), [(QueryKind::General, None, Vec::new(), false)]);
    assert!(r.querier().is_us);
    assert_eq!(r.querier().address, Some(ME));
    assert_eq!(r.querier().next_general_query, Some(t(515)));
    assert_eq!(r.counters().lost_querier, 1);
    assert_eq!(r.counters().became_querier, 2);
}

#[test]
fn a_non_querier_adopts_qrv_and_qqic() {
    let mut r = router();
    let lower = Ipv4Addr::new(10, 77, 0, 1);
    ok(&mut r, &general_query(lower, 3, 60), t(1));
    assert_eq!(r.timers().robustness, 3);
    assert_eq!(r.timers().query_interval, t(60));
    // OQPI with the adopted values: 3*60 + 5 = 185 s.
    assert_eq!(r.querier().other_querier_present, Some(t(186)));
    // QRV 0 and QQIC 0 mean the configured values.
    ok(&mut r, &general_query(lower, 0, 0), t(2));
    assert_eq!(r.timers().robustness, 2);
    assert_eq!(r.timers().query_interval, t(125));
    // Timers of new state follow the adopted values: GMI = 3*60 + 20 = 200 s.
    ok(&mut r, &general_query(lower, 3, 60), t(3));
    ok(
        &mut r,
        &v3_report(&[(RecordType::ChangeToExcludeMode, G1, &[])]),
        t(4),
    );
    assert_eq!(r.group(&G1).unwrap().group_timer, Some(t(204)));
}

#[test]
fn leave_sends_lmqc_group_queries_and_the_group_times_out() {
    let mut r = settled();
    let (_, o) = rx(
        &mut r,
        &v3_report(&[(RecordType::ChangeToExcludeMode, G1, &[])]),
        t(100),
    );
    assert_eq!(
        o.events().collect::<Vec<_>>(),
        [Event::Forward {
            group: G1,
            source: None
        }]
    );
    // TO_IN({}): Q(G) now with S clear (group timer lowered to LMQT), then LMQI later.
    let (_, o) = rx(
        &mut r,
        &v3_report(&[(RecordType::ChangeToIncludeMode, G1, &[])]),
        t(110),
    );
    assert_eq!(
        queries(&o),
        [(QueryKind::Group, Some(G1), Vec::new(), false)]
    );
    let q = o.queries().next().unwrap();
    assert_eq!(q.max_response(), t(1));
    assert_eq!(q.destination(), G1);
    assert_eq!(r.group(&G1).unwrap().group_timer, Some(t(112)));
    assert_eq!(r.next_deadline(), Some(t(111)));
    let o = poll(&mut r, t(111));
    assert_eq!(
        queries(&o),
        [(QueryKind::Group, Some(G1), Vec::new(), false)]
    );
    assert_eq!(r.next_deadline(), Some(t(112)));
    let o = poll(&mut r, t(112));
    assert_eq!(o.queries().count(), 0, "LMQC = 2 queries in all");
    assert_eq!(
        o.events().collect::<Vec<_>>(),
        [Event::StopForwarding {
            group: G1,
            source: None
        }]
    );
    assert!(r.group(&G1).is_none());
    assert_eq!(r.counters().group_queries_sent, 2);
}

#[test]
fn a_member_answering_sets_the_s_flag_on_the_retransmission() {
    let mut r = settled();
    ok(
        &mut r,
        &v3_report(&[(RecordType::ChangeToExcludeMode, G1, &[])]),
        t(100),
    );
    ok(
        &mut r,
        &v3_report(&[(RecordType::ChangeToIncludeMode, G1, &[])]),
        t(110),
    );
    // Another member answers the first query: the group timer is GMI again (> LMQT).
    ok(
        &mut r,
        &v3_report(&[(RecordType::ModeIsExclude, G1, &[])]),
        ms(110_500),
    );
    assert_eq!(r.group(&G1).unwrap().group_timer, Some(ms(380_500)));
    let o = poll(&mut r, t(111));
    assert_eq!(
        queries(&o),
        [(QueryKind::Group, Some(G1), Vec::new(), true)]
    );
    let o = poll(&mut r, t(112));
    assert_eq!(o.events().count(), 0, "still forwarded");
    assert!(r.forwards(&G1, &s(1)));
}

#[test]
fn source_queries_split_by_the_s_flag_and_retransmit() {
    let mut r = settled();
    let g = Ipv4Addr::new(232, 5, 5, 5);
    ok(
        &mut r,
        &v3_report(&[(RecordType::AllowNewSources, g, &[s(1), s(2), s(3)])]),
        t(100),
    );
    // BLOCK(s1, s2): Q(G, {s1, s2}) with S clear; their timers go to LMQT.
    let (_, o) = rx(
        &mut r,
        &v3_report(&[(RecordType::BlockOldSources, g, &[s(1), s(2)])]),
        t(110),
    );
    assert_eq!(
        queries(&o),
        [(
            QueryKind::GroupAndSource,
            Some(g),
            std::vec![s(1), s(2)],
            false
        )]
    );
    let grp = *r.group(&g).unwrap();
    assert_eq!(grp.source(&s(1)).unwrap().expires, Some(t(112)));
    assert_eq!(grp.source(&s(1)).unwrap().retransmissions(), 1);
    assert_eq!(grp.source(&s(3)).unwrap().expires, Some(t(370)));
    // s1 is still wanted by someone: IS_IN(s1) restores its timer.
    ok(
        &mut r,
        &v3_report(&[(RecordType::ModeIsInclude, g, &[s(1)])]),
        ms(110_400),
    );
    // The retransmission: {s1} with S set, {s2} without (§6.6.3.2).
    let o = poll(&mut r, t(111));
    assert_eq!(
        queries(&o),
        [
            (QueryKind::GroupAndSource, Some(g), std::vec![s(1)], true),
            (QueryKind::GroupAndSource, Some(g), std::vec![s(2)], false),
        ]
    );
    // s2 expires at 112: only it stops.
    let o = poll(&mut r, t(112));
    assert_eq!(
        o.events().collect::<Vec<_>>(),
        [Event::StopForwarding {
            group: g,
            source: Some(s(2))
        }]
    );
    assert!(r.forwards(&g, &s(1)) && r.forwards(&g, &s(3)) && !r.forwards(&g, &s(2)));
    assert_eq!(r.counters().source_queries_sent, 3);
}

#[test]
fn sources_that_do_not_fit_one_query_are_split() {
    let mut cfg = RouterConfig::new(ME);
    cfg.mtu = 24 + 12 + 2 * 4; // room for two sources
    let mut r = R::new(cfg, t(0)).unwrap();
    poll(&mut r, t(0));
    assert_eq!(r.max_sources_per_query(), 2);
    let srcs = [s(1), s(2), s(3), s(4), s(5)];
    ok(
        &mut r,
        &v3_report(&[(RecordType::AllowNewSources, G1, &srcs)]),
        t(1),
    );
    let (_, o) = rx(
        &mut r,
        &v3_report(&[(RecordType::BlockOldSources, G1, &srcs)]),
        t(2),
    );
    let q = queries(&o);
    assert_eq!(q.len(), 3);
    assert_eq!(q[0].2, [s(1), s(2)]);
    assert_eq!(q[1].2, [s(3), s(4)]);
    assert_eq!(q[2].2, [s(5)]);
    for q in o.queries() {
        let mut b = [0u8; 64];
        let n = r.emit_query(&q, &mut b).unwrap();
        assert!(n <= 44);
    }
}

#[test]
fn a_non_querier_lowers_timers_on_queries_without_s() {
    let mut r = router();
    let lower = Ipv4Addr::new(10, 77, 0, 1);
    ok(&mut r, &general_query(lower, 2, 125), t(1));
    ok(
        &mut r,
        &v3_report(&[(RecordType::ChangeToExcludeMode, G1, &[])]),
        t(10),
    );
    ok(
        &mut r,
        &v3_report(&[(RecordType::AllowNewSources, G1, &[s(1)])]),
        t(10),
    );
    // A leave makes no query here (we are not querier) but the table lowers GT.
    let (_, o) = rx(
        &mut r,
        &v3_report(&[(RecordType::ChangeToIncludeMode, G1, &[s(1)])]),
        t(20),
    );
    assert_eq!(o.queries().count(), 0);
    ok(
        &mut r,
        &v3_report(&[(RecordType::ModeIsExclude, G1, &[])]),
        t(21),
    );
    ok(
        &mut r,
        &v3_report(&[(RecordType::AllowNewSources, G1, &[s(1)])]),
        t(21),
    );
    assert_eq!(r.group(&G1).unwrap().group_timer, Some(t(291)));
    let gq = |s_flag: bool, sources: &[Ipv4Addr]| {
        ipv4(
            &igmp::Message::QueryV3 {
                max_resp_code: 10,
                group: G1,
                s_flag,
                qrv: 2,
                qqic: 125,
                sources: AddrList::Addrs(sources),
            },
            Ip {
                src: lower,
                ..FROM_HOST
            },
        )
    };
    // With S set: nothing changes.
    let (a, _) = rx(&mut r, &gq(true, &[]), t(30));
    assert!(matches!(
        a,
        Ok(Accepted::Query {
            kind: QueryKind::Group,
            s_flag: true,
            ..
        })
    ));
    assert_eq!(r.group(&G1).unwrap().group_timer, Some(t(291)));
    // Without S: the group timer goes to LMQT.
    ok(&mut r, &gq(false, &[]), t(30));
    assert_eq!(r.group(&G1).unwrap().group_timer, Some(t(32)));
    // And a Q(G,S) without S lowers the source's timer.
    ok(&mut r, &gq(false, &[s(1)]), t(31));
    assert_eq!(
        r.group(&G1).unwrap().source(&s(1)).unwrap().expires,
        Some(t(33))
    );
}

#[test]
fn igmpv2_hosts_put_the_group_in_v2_compatibility() {
    let mut r = settled();
    let report = ipv4(&igmp::Message::ReportV2 { group: G1 }, FROM_HOST);
    let (a, o) = rx(&mut r, &report, t(100));
    assert_eq!(
        a,
        Ok(Accepted::Report {
            from: HOST,
            version: Version::V2,
            group: G1
        })
    );
    assert_eq!(
        o.events().collect::<Vec<_>>(),
        [Event::Forward {
            group: G1,
            source: None
        }]
    );
    let g = *r.group(&G1).unwrap();
    // IS_EX({}): EXCLUDE, GT = GMI; v2 host present for RV*QI + QRI = 260 s.
    assert_eq!(g.mode, FilterMode::Exclude);
    assert_eq!(g.group_timer, Some(t(370)));
    assert_eq!(g.v2_host_present, Some(t(360)));
    assert_eq!(g.compatibility_mode(), Version::V2);
    // BLOCK is ignored, and TO_EX's source list.
    let (a, _) = rx(
        &mut r,
        &v3_report(&[(RecordType::BlockOldSources, G1, &[s(1)])]),
        t(101),
    );
    assert_eq!(
        a,
        Ok(Accepted::ReportV3 {
            from: HOST,
            applied: 0,
            ignored: 1
        })
    );
    ok(
        &mut r,
        &v3_report(&[(RecordType::ChangeToExcludeMode, G1, &[s(2)])]),
        t(102),
    );
    assert_eq!(r.group(&G1).unwrap().sources().count(), 0);
    // A leave is TO_IN({}): group-specific queries.
    let leave = ipv4(&igmp::Message::LeaveV2 { group: G1 }, FROM_HOST);
    let (a, o) = rx(&mut r, &leave, t(200));
    assert_eq!(
        a,
        Ok(Accepted::Leave {
            from: HOST,
            group: G1
        })
    );
    assert_eq!(
        queries(&o),
        [(QueryKind::Group, Some(G1), Vec::new(), false)]
    );
    assert_eq!(
        o.queries().next().unwrap().version,
        Version::V3,
        "the querier keeps sending v3 queries"
    );
    // Answered by another v2 host: compat timer restarts.
    ok(&mut r, &report, t(201));
    assert_eq!(r.group(&G1).unwrap().v2_host_present, Some(t(461)));
    poll(&mut r, t(461));
    assert_eq!(r.group(&G1).unwrap().compatibility_mode(), Version::V3);
    // Back in v3 mode BLOCK counts again.
    let (a, _) = rx(
        &mut r,
        &v3_report(&[(RecordType::BlockOldSources, G1, &[s(1)])]),
        t(462),
    );
    assert_eq!(
        a,
        Ok(Accepted::ReportV3 {
            from: HOST,
            applied: 1,
            ignored: 0
        })
    );
}

#[test]
fn igmpv1_hosts_make_leaves_and_to_in_ignored() {
    let mut r = settled();
    let report = ipv4(
        &igmp::Message::ReportV1 { group: G1 },
        Ip {
            ra: false,
            ..FROM_HOST
        },
    );
    let (a, _) = rx(&mut r, &report, t(100));
    assert_eq!(
        a,
        Ok(Accepted::Report {
            from: HOST,
            version: Version::V1,
            group: G1
        })
    );
    assert_eq!(r.group(&G1).unwrap().compatibility_mode(), Version::V1);
    let leave = ipv4(&igmp::Message::LeaveV2 { group: G1 }, FROM_HOST);
    let (a, o) = rx(&mut r, &leave, t(101));
    assert_eq!(a.unwrap_err().reason, DropReason::IgnoredByCompatibility);
    assert_eq!(o.queries().count(), 0);
    let (a, _) = rx(
        &mut r,
        &v3_report(&[(RecordType::ChangeToIncludeMode, G1, &[])]),
        t(102),
    );
    assert_eq!(
        a,
        Ok(Accepted::ReportV3 {
            from: HOST,
            applied: 0,
            ignored: 1
        })
    );
    assert_eq!(r.group(&G1).unwrap().group_timer, Some(t(370)));
    // v2 report while v1 is present: still v1 mode.
    ok(
        &mut r,
        &ipv4(&igmp::Message::ReportV2 { group: G1 }, FROM_HOST),
        t(103),
    );
    assert_eq!(r.group(&G1).unwrap().compatibility_mode(), Version::V1);
    poll(&mut r, t(360));
    assert_eq!(r.group(&G1).unwrap().compatibility_mode(), Version::V2);
    poll(&mut r, t(363));
    assert_eq!(r.group(&G1).unwrap().compatibility_mode(), Version::V3);
}

#[test]
fn a_router_configured_as_igmpv2() {
    let mut cfg = RouterConfig::new(ME);
    cfg.version = Version::V2;
    let mut r = R::new(cfg, t(0)).unwrap();
    let o = poll(&mut r, t(0));
    let q = o.queries().next().unwrap();
    assert_eq!(q.version, Version::V2);
    let mut b = [0u8; 64];
    let n = r.emit_query(&q, &mut b).unwrap();
    assert_eq!(n, 24 + 8, "IGMPv2 queries are 8 bytes");
    let ip = crate::wire::frame::read_ipv4_igmp(&b[..n], 0).unwrap();
    assert_eq!(
        igmp::Message::parse_verified(ip.payload).unwrap(),
        igmp::Message::QueryV2 {
            max_resp_time: 100,
            group: Ipv4Addr::UNSPECIFIED
        }
    );
    let (a, _) = rx(
        &mut r,
        &v3_report(&[(RecordType::ChangeToExcludeMode, G1, &[])]),
        t(1),
    );
    assert_eq!(a.unwrap_err().reason, DropReason::UnsupportedVersion);
    ok(
        &mut r,
        &ipv4(&igmp::Message::ReportV2 { group: G1 }, FROM_HOST),
        t(2),
    );
    let (_, o) = rx(
        &mut r,
        &ipv4(&igmp::Message::LeaveV2 { group: G1 }, FROM_HOST),
        t(3),
    );
    let q = o.queries().next().unwrap();
    let n = r.emit_query(&q, &mut b).unwrap();
    let ip = crate::wire::frame::read_ipv4_igmp(&b[..n], 0).unwrap();
    assert_eq!(ip.dst, G1);
    assert_eq!(
        igmp::Message::parse_verified(ip.payload).unwrap(),
        igmp::Message::QueryV2 {
            max_resp_time: 10,
            group: G1
        }
    );
    // A v3 query is newer than us: counted.
    ok(
        &mut r,
        &general_query(Ipv4Addr::new(10, 77, 0, 9), 2, 125),
        t(4),
    );
    assert_eq!(r.counters().newer_version_queries, 1);
}

#[test]
fn a_router_configured_as_igmpv1() {
    let mut cfg = RouterConfig::new(ME);
    cfg.version = Version::V1;
    let mut r = R::new(cfg, t(0)).unwrap();
    let o = poll(&mut r, t(0));
    let q = o.queries().next().unwrap();
    let mut b = [0u8; 64];
    let n = r.emit_query(&q, &mut b).unwrap();
    let ip = crate::wire::frame::read_ipv4_igmp(&b[..n], 0).unwrap();
    assert_eq!(
        igmp::Message::parse_verified(ip.payload).unwrap(),
        igmp::Message::QueryV1 {
            group: Ipv4Addr::UNSPECIFIED
        }
    );
    ok(
        &mut r,
        &ipv4(&igmp::Message::ReportV1 { group: G1 }, FROM_HOST),
        t(1),
    );
    let (a, _) = rx(
        &mut r,
        &ipv4(&igmp::Message::LeaveV2 { group: G1 }, FROM_HOST),
        t(2),
    );
    assert_eq!(a.unwrap_err().reason, DropReason::IgnoredByCompatibility);
    assert!(r.group(&G1).is_some());
}

#[test]
fn every_drop_reason_is_counted() {
    let mut r = settled();
    let join = v3_report(&[(RecordType::ChangeToExcludeMode, G1, &[])]);
    let report_v2 = |ip: Ip, group: Ipv4Addr| ipv4(&igmp::Message::ReportV2 { group }, ip);
    let mut bad_sum = join.clone();
    *bad_sum.last_mut().unwrap() ^= 1;
    let mut bad_ip_sum = join.clone();
    bad_ip_sum[10] ^= 1;
    let mut udp = join.clone();
    udp[9] = 17;
    let cases: Vec<(Vec<u8>, DropReason)> = std::vec![
        (join[..30].to_vec(), DropReason::Malformed),
        (std::vec![0x45], DropReason::Malformed),
        (udp, DropReason::NotIgmp),
        (
            ipv4(
                &igmp::Message::Other {
                    msg_type: 0x13,
                    rest: &[0; 4]
                },
                FROM_HOST
            ),
            DropReason::UnknownType
        ),
        (bad_sum, DropReason::BadChecksum),
        (bad_ip_sum, DropReason::BadChecksum),
        (
            report_v2(
                Ip {
                    ttl: 2,
                    ..FROM_HOST
                },
                G1
            ),
            DropReason::BadTtl
        ),
        (
            report_v2(
                Ip {
                    ra: false,
                    ..FROM_HOST
                },
                G1
            ),
            DropReason::NoRouterAlert
        ),
        (
            report_v2(
                Ip {
                    src: Ipv4Addr::new(224, 0, 0, 9),
                    ..FROM_HOST
                },
                G1
            ),
            DropReason::BadSource
        ),
        (
            general_query(Ipv4Addr::UNSPECIFIED, 2, 125),
            DropReason::BadSource
        ),
        (
            report_v2(
                Ip {
                    dst: Some(Ipv4Addr::new(10, 77, 0, 99)),
                    ..FROM_HOST
                },
                G1
            ),
            DropReason::WrongDestination
        ),
        (
            report_v2(FROM_HOST, Ipv4Addr::new(224, 0, 0, 1)),
            DropReason::InvalidGroup
        ),
        (
            report_v2(
                Ip {
                    dst: Some(Ipv4Addr::new(224, 0, 0, 22)),
                    ..FROM_HOST
                },
                Ipv4Addr::new(10, 0, 0, 1)
            ),
            DropReason::InvalidGroup
        ),
        (general_query(ME, 2, 125), DropReason::OwnQuery),
        (
            report_v2(FROM_HOST, Ipv4Addr::new(232, 1, 1, 1)),
            DropReason::SsmOlderVersion
        ),
    ];
    for (i, (p, reason)) in cases.iter().enumerate() {
        let (a, o) = rx(&mut r, p, t(100));
        assert_eq!(a.unwrap_err().reason, *reason, "case {i}");
        assert_eq!(o.events().count() + o.queries().count(), 0, "case {i}");
    }
    assert!(r.groups().next().is_none());
    // The parse errors say where.
    let (a, _) = rx(&mut r, &cases[4].0, t(100));
    assert!(matches!(
        a.unwrap_err().detail,
        Some(Error::Checksum { offset: 26, .. })
    ));
    // Off-link with a prefix, and the rest via other routers.
    let mut cfg = RouterConfig::new(ME);
    cfg.prefix_len = Some(24);
    let mut r2 = R::new(cfg, t(0)).unwrap();
    let off = report_v2(
        Ip {
            src: Ipv4Addr::new(10, 78, 0, 1),
            ..FROM_HOST
        },
        G1,
    );
    assert_eq!(
        rx(&mut r2, &off, t(1)).0.unwrap_err().reason,
        DropReason::OffLink
    );
    let zero = report_v2(
        Ip {
            src: Ipv4Addr::UNSPECIFIED,
            ..FROM_HOST
        },
        G1,
    );
    assert!(
        rx(&mut r2, &zero, t(1)).0.is_ok(),
        "RFC 9776 §4.2.13: routers accept 0.0.0.0"
    );
    let c = r.counters();
    for reason in DropReason::ALL {
        let want = cases.iter().filter(|(_, w)| *w == reason).count() as u64
            + u64::from(reason == DropReason::BadChecksum);
        if ![
            DropReason::OffLink,
            DropReason::UnsupportedVersion,
            DropReason::IgnoredByCompatibility,
        ]
        .contains(&reason)
        {
            assert_eq!(c.dropped(reason), want, "{reason}");
        }
    }
    assert_eq!(c.dropped_total(), cases.len() as u64 + 1);
    assert_eq!(c.received, c.dropped_total() + c.accepted);
}

#[test]
fn emitted_queries_are_what_frame_igmp_writes() {
    let mut r = settled();
    ok(
        &mut r,
        &v3_report(&[(RecordType::AllowNewSources, G1, &[s(1), s(2)])]),
        t(100),
    );
    let (_, o) = rx(
        &mut r,
        &v3_report(&[(RecordType::BlockOldSources, G1, &[s(1), s(2)])]),
        t(101),
    );
    let q = o.queries().next().unwrap();
    let (mut ip, mut eth) = ([0u8; 128], [0u8; 128]);
    let n = r.emit_query(&q, &mut ip).unwrap();
    let m = r
        .emit_query_frame(&q, [2, 0, 0, 0, 0, 5], &mut eth)
        .unwrap();
    assert_eq!(m, n + 14);
    assert_eq!(&eth[14..m], &ip[..n]);
    let back = crate::wire::frame::read_ipv4_igmp(&ip[..n], 0).unwrap();
    assert_eq!(
        (back.ttl, back.router_alert, back.src, back.dst),
        (1, true, ME, G1)
    );
    // What we send, we parse back as a query (and drop as our own).
    let mut o = Out::default();
    assert_eq!(
        r.receive(&ip[..n], t(101), &mut o).unwrap_err().reason,
        DropReason::OwnQuery
    );
    let p = Ipv4Addr::parse_packet(&ip[..n]).unwrap();
    assert!(matches!(
        p.message,
        Message::Query {
            version: Version::V3,
            group: G1,
            s_flag: false,
            qrv: 2,
            ..
        }
    ));
    assert_eq!(
        r.emit_query(&q, &mut ip[..n - 1]).unwrap_err(),
        Error::BufferTooSmall {
            needed: n,
            available: n - 1
        }
    );
}

/// The group index (address-ordered binary search over a fixed array) and the packed,
/// address-ordered source lists, checked against plain models.
mod index {
    use super::*;
    use crate::router::table::{EventSink, GroupTable};
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    #[derive(Default)]
    struct Ev(Vec<Event<Ipv4Addr>>);
    impl EventSink<Ipv4Addr> for Ev {
        fn event(&mut self, e: Event<Ipv4Addr>) {
            self.0.push(e)
        }
    }

    const GMI: Duration = Duration::from_secs(270);
    const LMQT: Duration = Duration::from_secs(2);

    /// Group `id`: the addresses do not ascend with `id`, so the order in which a test
    /// adds groups is not their address order.
    fn grp(id: u8) -> Ipv4Addr {
        Ipv4Addr::new(239, id.wrapping_mul(37), 255 - id, 1)
    }

    /// The one source each test group gets.
    fn src_of(id: u8) -> Ipv4Addr {
        Ipv4Addr::new(10, 2, 0, id)
    }

    fn join<const G: usize, const S: usize>(
        tab: &mut GroupTable<Ipv4Addr, G, S>,
        id: u8,
        now: Duration,
    ) -> Ev {
        let mut o = Ev::default();
        tab.report(
            grp(id),
            RecordType::AllowNewSources,
            [src_of(id)].into_iter(),
            now,
            GMI,
            LMQT,
            &mut o,
        );
        o
    }

    /// Ends group `id` now: its source timer is lowered to `now` and run out.
    fn leave<const G: usize, const S: usize>(
        tab: &mut GroupTable<Ipv4Addr, G, S>,
        id: u8,
        now: Duration,
    ) -> Ev {
        tab.lower_sources(&grp(id), [src_of(id)].into_iter(), now, Duration::ZERO, 0);
        let mut o = Ev::default();
        tab.expire(now, &mut o);
        o
    }

    fn check<const G: usize, const S: usize>(
        tab: &GroupTable<Ipv4Addr, G, S>,
        model: &BTreeSet<Ipv4Addr>,
        ids: core::ops::Range<u8>,
    ) {
        let listed: Vec<Ipv4Addr> = tab.groups().map(|g| g.addr).collect();
        let expected: Vec<Ipv4Addr> = model.iter().copied().collect();
        assert_eq!(
            listed, expected,
            "groups() lists the model, in address order"
        );
        for id in ids {
            let a = grp(id);
            assert_eq!(tab.group(&a).map(|g| g.addr), model.get(&a).copied());
            assert_eq!(tab.forwards(&a, &src_of(id)), model.contains(&a));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
        #[test]
        fn index_follows_a_model_through_joins_and_leaves(
            ops in proptest::collection::vec((any::<bool>(), 0u8..40), 0..300)
        ) {
            let mut tab = GroupTable::<Ipv4Addr, 16, 2>::new();
            let mut model = BTreeSet::new();
            for (step, (is_join, id)) in ops.into_iter().enumerate() {
                let now = Duration::from_millis(step as u64);
                let a = grp(id);
                if is_join {
                    let o = join(&mut tab, id, now);
                    let expect = if model.contains(&a) {
                        Vec::new()
                    } else if model.len() == 16 {
                        std::vec![Event::GroupLimit { group: a }]
                    } else {
                        model.insert(a);
                        std::vec![Event::Forward { group: a, source: Some(src_of(id)) }]
                    };
                    prop_assert_eq!(o.0, expect);
                } else {
                    let o = leave(&mut tab, id, now);
                    let expect = if model.remove(&a) {
                        std::vec![Event::StopForwarding { group: a, source: Some(src_of(id)) }]
                    } else {
                        Vec::new()
                    };
                    prop_assert_eq!(o.0, expect);
                }
                check(&tab, &model, 0..40);
            }
        }
    }

    #[test]
    fn a_full_table_holds_exactly_g_groups() {
        // Added in a scrambled order: 7 * k mod 10 visits every k < 10 once.
        let order: Vec<u8> = (0..10u8).map(|k| (k * 7) % 10).collect();
        let mut tab = GroupTable::<Ipv4Addr, 10, 1>::new();
        let mut model = BTreeSet::new();
        for &id in &order {
            assert_eq!(join(&mut tab, id, t(0)).0.len(), 1);
            model.insert(grp(id));
        }
        check(&tab, &model, 0..12);
        // Full: a new group is a GroupLimit and changes nothing ...
        assert_eq!(
            join(&mut tab, 10, t(1)).0,
            [Event::GroupLimit { group: grp(10) }]
        );
        check(&tab, &model, 0..12);
        // ... while the groups it holds still take reports.
        for &id in &order {
            assert!(join(&mut tab, id, t(2)).0.is_empty());
            assert_eq!(
                tab.group(&grp(id))
                    .unwrap()
                    .sources()
                    .next()
                    .unwrap()
                    .expires,
                Some(t(2) + GMI)
            );
        }
        assert_eq!(tab.next_deadline(), Some(t(2) + GMI));
        // One leaves (from the middle of the index and of the slots): one more fits.
        assert_eq!(leave(&mut tab, 3, t(3)).0.len(), 1);
        model.remove(&grp(3));
        check(&tab, &model, 0..12);
        assert_eq!(join(&mut tab, 10, t(4)).0.len(), 1);
        model.insert(grp(10));
        check(&tab, &model, 0..12);
        assert_eq!(
            join(&mut tab, 11, t(5)).0,
            [Event::GroupLimit { group: grp(11) }]
        );
        // Every group leaves, last-added first: the table is empty and usable again.
        for id in (0..11u8).rev() {
            leave(&mut tab, id, t(6));
        }
        check(&tab, &BTreeSet::new(), 0..12);
        assert_eq!(tab.next_deadline(), None);
        assert_eq!(join(&mut tab, 11, t(7)).0.len(), 1);
        check(&tab, &[grp(11)].into_iter().collect(), 0..12);
    }

    #[test]
    fn sources_are_kept_in_address_order() {
        let g = grp(1);
        let mut tab = GroupTable::<Ipv4Addr, 2, 4>::new();
        let mut o = Ev::default();
        tab.report(
            g,
            RecordType::AllowNewSources,
            [s(9), s(2), s(7), s(2), s(4), s(5)].into_iter(),
            t(0),
            GMI,
            LMQT,
            &mut o,
        );
        let fwd = |n| Event::Forward {
            group: g,
            source: Some(s(n)),
        };
        // The limit is met at s5 (the repeated s2 is one record); the events follow
        // address order.
        assert_eq!(
            o.0,
            [
                Event::SourceLimit {
                    group: g,
                    source: s(5)
                },
                fwd(2),
                fwd(4),
                fwd(7),
                fwd(9)
            ]
        );
        let addrs = |tab: &GroupTable<Ipv4Addr, 2, 4>| -> Vec<Ipv4Addr> {
            tab.group(&g).unwrap().sources().map(|x| x.addr).collect()
        };
        assert_eq!(addrs(&tab), [s(2), s(4), s(7), s(9)]);
        // INCLUDE(A) + TO_EX(B): deletes A-B first, so B-A fits; Q(G, A*B) in address
        // order.
        let mut o = Ev::default();
        let r = tab.report(
            g,
            RecordType::ChangeToExcludeMode,
            [s(9), s(1), s(7), s(3), s(6)].into_iter(),
            t(1),
            GMI,
            LMQT,
            &mut o,
        );
        assert_eq!(r.sources.iter().collect::<Vec<_>>(), [s(7), s(9)]);
        // A-B = {s2, s4} went; of B-A, s1 and s3 fit and s6 does not.
        assert_eq!(addrs(&tab), [s(1), s(3), s(7), s(9)]);
        assert_eq!(
            o.0,
            [
                Event::SourceLimit {
                    group: g,
                    source: s(6)
                },
                Event::Forward {
                    group: g,
                    source: None
                },
                Event::StopForwarding {
                    group: g,
                    source: Some(s(1))
                },
                Event::StopForwarding {
                    group: g,
                    source: Some(s(3))
                },
            ]
        );
        assert!(tab.forwards(&g, &s(7)) && !tab.forwards(&g, &s(3)) && tab.forwards(&g, &s(6)));
    }

    #[test]
    fn groups_iterate_in_address_order() {
        let mut r = router();
        let g2 = Ipv4Addr::new(232, 5, 5, 5);
        let p = v3_report(&[
            (RecordType::ChangeToExcludeMode, G1, &[]),
            (RecordType::AllowNewSources, g2, &[s(1)]),
        ]);
        rx(&mut r, &p, t(1)).0.unwrap();
        let listed: Vec<Ipv4Addr> = r.groups().map(|g| g.addr).collect();
        assert_eq!(listed, [g2, G1]);
        assert!(r.forwards(&g2, &s(1)) && !r.forwards(&g2, &s(2)));
        assert!(r.forwards(&G1, &s(2)));
    }
}
