//! Wireshark (tshark) as an independent decoder of everything our wire layer emits.
//!
//! Every IGMP and MLD message [`mediafabric_igmp::wire`] can write (IGMPv1/v2/v3
//! queries with the S flag, QRV, QQIC, sources and Max Resp Codes in the floating-point
//! range; v1/v2 reports, v2 leave, v3 reports with all six record types, sources and
//! auxiliary data; MLDv1 query/report/done; MLDv2 queries and reports likewise) is
//! framed with [`frame_igmp`] / [`frame_mld`], written to a pcap and read back by tshark
//! with IPv4 header checksum validation on (IGMP and ICMPv6 checksums are always
//! checked by Wireshark). Every field tshark shows is compared with what we put in,
//! and tshark must report no expert warning or error on any frame.
//!
//! The expected values are worked out here from the RFCs (e.g. the floating-point
//! Max Resp Code of RFC 9776 §4.1.1 and RFC 9777 §5.1.3), not with the crate's own
//! codec, so a shared mistake cannot pass unseen.
//!
//! Needs tshark; without it the test skips with a message, unless `CI=true`.

mod common;

use std::net::{Ipv4Addr, Ipv6Addr};
use std::process::{Command, Stdio};

use common::{TempDir, mac_str, require, run, write_pcap};
use mediafabric_igmp::wire::frame::{frame_igmp, frame_mld};
use mediafabric_igmp::wire::igmp::{self, IgmpRecord};
use mediafabric_igmp::wire::mld::{self, MldRecord};
use mediafabric_igmp::wire::{AddrList, RecordType, Records};

const SRC_MAC: [u8; 6] = [0x02, 0x00, 0x5e, 0x10, 0x00, 0x01];
const SRC4: Ipv4Addr = Ipv4Addr::new(10, 77, 0, 1);
const SRC6: Ipv6Addr = Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0x5eff, 0xfe10, 0x0001);

/// One value tshark shows for a field.
#[derive(Debug, Clone, PartialEq)]
enum V {
    /// A number; tshark may print it in decimal or hex.
    N(u64),
    /// Text as tshark prints it (addresses, byte strings).
    T(String),
}

fn n(v: impl Into<u64>) -> V {
    V::N(v.into())
}

fn t(v: impl ToString) -> V {
    V::T(v.to_string())
}

/// Bytes as tshark prints an FT_BYTES field with `-T fields`: plain hex.
fn bytes_text(b: &[u8]) -> V {
    V::T(common::hex(b))
}

/// One frame and what tshark must show for it: each listed field with exactly these
/// occurrences, in order (an empty list: the field must be absent).
struct Case {
    name: String,
    frame: Vec<u8>,
    want: Vec<(&'static str, Vec<V>)>,
}

/// The value of an 8-bit Max Resp Code or QQIC (RFC 9776 §4.1.1, §4.1.7): below 128
/// the code itself, else `1 exp(3) mant(4)` meaning `(mant | 0x10) << (exp + 3)`.
fn rfc_code8(code: u8) -> u64 {
    if code < 128 {
        u64::from(code)
    } else {
        let exp = u64::from((code >> 4) & 7);
        let mant = u64::from(code & 0x0f);
        (mant | 0x10) << (exp + 3)
    }
}

/// The value of MLDv2's 16-bit Maximum Response Code (RFC 9777 §5.1.3): below 32768
/// the code itself, else `1 exp(3) mant(12)` meaning `(mant | 0x1000) << (exp + 3)`.
fn rfc_code16(code: u16) -> u64 {
    if code < 0x8000 {
        u64::from(code)
    } else {
        let exp = u64::from((code >> 12) & 7);
        let mant = u64::from(code & 0x0fff);
        (mant | 0x1000) << (exp + 3)
    }
}

/// Every field the cases speak of: each case lists all IGMP or all MLD fields, so
/// that a field tshark shows but we did not expect is caught too.
const IGMP_FIELDS: &[&str] = &[
    "igmp.version",
    "igmp.type",
    "igmp.max_resp",
    "igmp.max_resp.exp",
    "igmp.max_resp.mant",
    "igmp.checksum.status",
    "igmp.maddr",
    "igmp.s",
    "igmp.qrv",
    "igmp.qqic",
    "igmp.num_src",
    "igmp.saddr",
    "igmp.num_grp_recs",
    "igmp.record_type",
    "igmp.aux_data_len",
    "igmp.aux_data",
];

const MLD_FIELDS: &[&str] = &[
    "icmpv6.type",
    "icmpv6.code",
    "icmpv6.checksum.status",
    "icmpv6.mld.maximum_response_delay",
    "icmpv6.mld.maximum_response_code",
    "icmpv6.mld.multicast_address",
    "icmpv6.mld.flag.s",
    "icmpv6.mld.flag.qrv",
    "icmpv6.mld.qqi",
    "icmpv6.mld.nb_sources",
    "icmpv6.mld.source_address",
    "icmpv6.mldr.nb_mcast_records",
    "icmpv6.mldr.mar.record_type",
    "icmpv6.mldr.mar.aux_data_len",
    "icmpv6.mldr.mar.nb_sources",
    "icmpv6.mldr.mar.multicast_address",
    "icmpv6.mldr.mar.source_address",
    "icmpv6.mldr.mar.auxiliary_data",
];

const IP_FIELDS: &[&str] = &[
    "eth.dst",
    "eth.src",
    "ip.src",
    "ip.dst",
    "ip.ttl",
    "ip.dsfield",
    "ip.len",
    "ip.proto",
    "ip.checksum.status",
    "ip.opt.type",
    "ip.opt.ra",
    "ipv6.src",
    "ipv6.dst",
    "ipv6.hlim",
    "ipv6.plen",
    "ipv6.nxt",
    "ipv6.hopopts.nxt",
    "ipv6.opt.router_alert",
];

fn igmp_case(name: &str, m: igmp::Message<'_>, mut want: Vec<(&'static str, Vec<V>)>) -> Case {
    let mut frame = vec![0u8; 14 + 24 + m.buffer_len()];
    let len = frame_igmp(&m, SRC_MAC, SRC4, None, &mut frame)
        .unwrap_or_else(|e| panic!("{name}: cannot frame: {e}"));
    frame.truncate(len);
    let dst = m.destination();
    let o = dst.octets();
    want.extend([
        (
            "eth.dst",
            vec![t(mac_str(&[0x01, 0x00, 0x5e, o[1] & 0x7f, o[2], o[3]]))],
        ),
        ("eth.src", vec![t(mac_str(&SRC_MAC))]),
        ("ip.src", vec![t(SRC4)]),
        ("ip.dst", vec![t(dst)]),
        ("ip.ttl", vec![n(1u8)]),
        ("ip.dsfield", vec![n(0xc0u8)]),
        ("ip.len", vec![n((24 + m.buffer_len()) as u64)]),
        ("ip.proto", vec![n(2u8)]),
        ("ip.checksum.status", vec![n(1u8)]), // good
        ("ip.opt.type", vec![n(148u8)]),      // Router Alert (RFC 2113)
        ("ip.opt.ra", vec![n(0u8)]),
        ("igmp.checksum.status", vec![n(1u8)]),
    ]);
    Case {
        name: name.into(),
        frame,
        want: complete(want, IGMP_FIELDS),
    }
}

fn mld_case(name: &str, m: mld::Message<'_>, mut want: Vec<(&'static str, Vec<V>)>) -> Case {
    let mut frame = vec![0u8; 14 + 48 + m.buffer_len()];
    let len = frame_mld(&m, SRC_MAC, SRC6, None, &mut frame)
        .unwrap_or_else(|e| panic!("{name}: cannot frame: {e}"));
    frame.truncate(len);
    let dst = m.destination();
    let o = dst.octets();
    want.extend([
        (
            "eth.dst",
            vec![t(mac_str(&[0x33, 0x33, o[12], o[13], o[14], o[15]]))],
        ),
        ("eth.src", vec![t(mac_str(&SRC_MAC))]),
        ("ipv6.src", vec![t(SRC6)]),
        ("ipv6.dst", vec![t(dst)]),
        ("ipv6.hlim", vec![n(1u8)]),
        ("ipv6.plen", vec![n((8 + m.buffer_len()) as u64)]),
        ("ipv6.nxt", vec![n(0u8)]), // Hop-by-Hop Options
        ("ipv6.hopopts.nxt", vec![n(58u8)]),
        ("ipv6.opt.router_alert", vec![n(0u8)]), // MLD (RFC 2711)
        ("icmpv6.code", vec![n(0u8)]),
        ("icmpv6.checksum.status", vec![n(1u8)]),
    ]);
    Case {
        name: name.into(),
        frame,
        want: complete(want, MLD_FIELDS),
    }
}

/// Adds every field of `all` (and of the IP layers) not yet listed as absent.
fn complete(
    mut want: Vec<(&'static str, Vec<V>)>,
    all: &[&'static str],
) -> Vec<(&'static str, Vec<V>)> {
    for f in all.iter().chain(IP_FIELDS) {
        if !want.iter().any(|(w, _)| w == f) {
            want.push((f, Vec::new()));
        }
    }
    want
}

fn ip4(s: &str) -> Ipv4Addr {
    s.parse().unwrap()
}

fn ip6(s: &str) -> Ipv6Addr {
    s.parse().unwrap()
}

/// The expected fields of an IGMPv3 query.
fn igmp_v3_query_fields(m: &igmp::Message<'_>) -> Vec<(&'static str, Vec<V>)> {
    let igmp::Message::QueryV3 {
        max_resp_code,
        group,
        s_flag,
        qrv,
        qqic,
        sources,
    } = *m
    else {
        unreachable!()
    };
    let mut w = vec![
        ("igmp.version", vec![n(3u8)]),
        ("igmp.type", vec![n(0x11u8)]),
        ("igmp.max_resp", vec![V::N(rfc_code8(max_resp_code))]),
        ("igmp.maddr", vec![t(group)]),
        ("igmp.s", vec![n(u8::from(s_flag))]),
        ("igmp.qrv", vec![n(qrv)]),
        // Wireshark shows QQIC as the raw code.
        ("igmp.qqic", vec![n(qqic)]),
        ("igmp.num_src", vec![n(sources.len() as u64)]),
        ("igmp.saddr", sources.iter().map(t).collect()),
    ];
    if max_resp_code >= 128 {
        w.push(("igmp.max_resp.exp", vec![n((max_resp_code >> 4) & 7)]));
        w.push(("igmp.max_resp.mant", vec![n(max_resp_code & 0x0f)]));
    }
    w
}

fn igmp_v3_report_fields(recs: &[IgmpRecord<'_>]) -> Vec<(&'static str, Vec<V>)> {
    let mut w = vec![
        ("igmp.version", vec![n(3u8)]),
        ("igmp.type", vec![n(0x22u8)]),
        ("igmp.num_grp_recs", vec![n(recs.len() as u64)]),
    ];
    let col = |f: fn(&IgmpRecord<'_>) -> Vec<V>| recs.iter().flat_map(f).collect::<Vec<_>>();
    w.push(("igmp.record_type", col(|r| vec![n(r.record_type.to_u8())])));
    w.push((
        "igmp.aux_data_len",
        col(|r| vec![n((r.aux_data.len() / 4) as u64)]),
    ));
    w.push(("igmp.num_src", col(|r| vec![n(r.sources.len() as u64)])));
    w.push(("igmp.maddr", col(|r| vec![t(r.group)])));
    w.push(("igmp.saddr", col(|r| r.sources.iter().map(t).collect())));
    w.push((
        "igmp.aux_data",
        col(|r| {
            if r.aux_data.is_empty() {
                vec![]
            } else {
                vec![bytes_text(r.aux_data)]
            }
        }),
    ));
    w
}

fn mld_v2_query_fields(m: &mld::Message<'_>) -> Vec<(&'static str, Vec<V>)> {
    let mld::Message::QueryV2 {
        max_response_code,
        group,
        s_flag,
        qrv,
        qqic,
        sources,
    } = *m
    else {
        unreachable!()
    };
    vec![
        ("icmpv6.type", vec![n(130u8)]),
        (
            "icmpv6.mld.maximum_response_code",
            vec![V::N(rfc_code16(max_response_code))],
        ),
        ("icmpv6.mld.multicast_address", vec![t(group)]),
        ("icmpv6.mld.flag.s", vec![n(u8::from(s_flag))]),
        ("icmpv6.mld.flag.qrv", vec![n(qrv)]),
        ("icmpv6.mld.qqi", vec![V::N(rfc_code8(qqic))]),
        ("icmpv6.mld.nb_sources", vec![n(sources.len() as u64)]),
        ("icmpv6.mld.source_address", sources.iter().map(t).collect()),
    ]
}

fn mld_v2_report_fields(recs: &[MldRecord<'_>]) -> Vec<(&'static str, Vec<V>)> {
    let col = |f: fn(&MldRecord<'_>) -> Vec<V>| recs.iter().flat_map(f).collect::<Vec<_>>();
    vec![
        ("icmpv6.type", vec![n(143u8)]),
        ("icmpv6.mldr.nb_mcast_records", vec![n(recs.len() as u64)]),
        (
            "icmpv6.mldr.mar.record_type",
            col(|r| vec![n(r.record_type.to_u8())]),
        ),
        (
            "icmpv6.mldr.mar.aux_data_len",
            col(|r| vec![n((r.aux_data.len() / 4) as u64)]),
        ),
        (
            "icmpv6.mldr.mar.nb_sources",
            col(|r| vec![n(r.sources.len() as u64)]),
        ),
        (
            "icmpv6.mldr.mar.multicast_address",
            col(|r| vec![t(r.group)]),
        ),
        (
            "icmpv6.mldr.mar.source_address",
            col(|r| r.sources.iter().map(t).collect()),
        ),
        (
            "icmpv6.mldr.mar.auxiliary_data",
            col(|r| {
                if r.aux_data.is_empty() {
                    vec![]
                } else {
                    vec![bytes_text(r.aux_data)]
                }
            }),
        ),
    ]
}

const ALL_TYPES: [RecordType; 6] = [
    RecordType::ModeIsInclude,
    RecordType::ModeIsExclude,
    RecordType::ChangeToIncludeMode,
    RecordType::ChangeToExcludeMode,
    RecordType::AllowNewSources,
    RecordType::BlockOldSources,
];

fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    let g1 = ip4("239.1.1.1");
    let ssm = ip4("232.5.5.5");
    let zero = Ipv4Addr::UNSPECIFIED;

    // IGMPv1 (RFC 1112 Appendix I).
    cases.push(igmp_case(
        "IGMPv1 query",
        igmp::Message::QueryV1 { group: zero },
        vec![
            ("igmp.version", vec![n(1u8)]),
            ("igmp.type", vec![n(0x11u8)]),
            ("igmp.maddr", vec![t(zero)]),
        ],
    ));
    cases.push(igmp_case(
        "IGMPv1 report",
        igmp::Message::ReportV1 { group: g1 },
        vec![
            ("igmp.version", vec![n(1u8)]),
            ("igmp.type", vec![n(0x12u8)]),
            ("igmp.maddr", vec![t(g1)]),
        ],
    ));

    // IGMPv2 (RFC 2236 §2).
    for (name, mrt, group) in [
        ("IGMPv2 general query", 100u8, zero),
        ("IGMPv2 group-specific query", 10, g1),
        ("IGMPv2 query, Max Resp Time 255", 255, g1),
    ] {
        cases.push(igmp_case(
            name,
            igmp::Message::QueryV2 {
                max_resp_time: mrt,
                group,
            },
            vec![
                ("igmp.version", vec![n(2u8)]),
                ("igmp.type", vec![n(0x11u8)]),
                ("igmp.max_resp", vec![n(mrt)]),
                ("igmp.maddr", vec![t(group)]),
            ],
        ));
    }
    cases.push(igmp_case(
        "IGMPv2 report",
        igmp::Message::ReportV2 { group: g1 },
        vec![
            ("igmp.version", vec![n(2u8)]),
            ("igmp.type", vec![n(0x16u8)]),
            ("igmp.max_resp", vec![n(0u8)]),
            ("igmp.maddr", vec![t(g1)]),
        ],
    ));
    cases.push(igmp_case(
        "IGMPv2 leave",
        igmp::Message::LeaveV2 { group: g1 },
        vec![
            ("igmp.version", vec![n(2u8)]),
            ("igmp.type", vec![n(0x17u8)]),
            ("igmp.max_resp", vec![n(0u8)]),
            ("igmp.maddr", vec![t(g1)]),
        ],
    ));

    // IGMPv3 queries (RFC 9776 §4.1).
    let srcs3 = [ip4("10.1.0.1"), ip4("10.1.0.2"), ip4("192.0.2.77")];
    let many: Vec<Ipv4Addr> = (1..=40).map(|i| Ipv4Addr::new(10, 2, 0, i)).collect();
    let v3q: Vec<(&str, igmp::Message<'_>)> = vec![
        (
            "IGMPv3 general query (defaults)",
            igmp::Message::query_v3(zero, 100, 125, 2, false, &[]),
        ),
        (
            "IGMPv3 group-specific query, S flag, QRV 7",
            igmp::Message::query_v3(g1, 10, 125, 7, true, &[]),
        ),
        (
            "IGMPv3 group-and-source query",
            igmp::Message::query_v3(ssm, 10, 60, 2, false, &srcs3),
        ),
        (
            "IGMPv3 group-and-source query, S flag, 40 sources",
            igmp::Message::query_v3(ssm, 20, 30, 3, true, &many),
        ),
        (
            "IGMPv3 query, Max Resp Code 0x80 (12.8 s), QRV 0",
            igmp::Message::QueryV3 {
                max_resp_code: 0x80,
                group: zero,
                s_flag: false,
                qrv: 0,
                qqic: 0x80,
                sources: AddrList::Addrs(&[]),
            },
        ),
        (
            "IGMPv3 query, Max Resp Code 0x8F, QQIC 0xA5",
            igmp::Message::QueryV3 {
                max_resp_code: 0x8F,
                group: g1,
                s_flag: true,
                qrv: 5,
                qqic: 0xA5,
                sources: AddrList::Addrs(&srcs3[..1]),
            },
        ),
        (
            "IGMPv3 query, Max Resp Code 0xFF (3174.4 s), QQIC 0xFF",
            igmp::Message::QueryV3 {
                max_resp_code: 0xFF,
                group: zero,
                s_flag: false,
                qrv: 2,
                qqic: 0xFF,
                sources: AddrList::Addrs(&[]),
            },
        ),
        (
            // 2000 ds lies between codes: it is rounded down to 0xCF = 1984.
            "IGMPv3 query, Max Resp Time 200 s (encoded by query_v3)",
            igmp::Message::query_v3(g1, 2000, 1000, 4, false, &srcs3[1..]),
        ),
    ];
    for (name, m) in v3q {
        cases.push(igmp_case(name, m, igmp_v3_query_fields(&m)));
    }

    // IGMPv3 reports (RFC 9776 §4.2): each record type, with and without sources and
    // auxiliary data, several records in one report.
    let aux: [u8; 8] = [0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04];
    let recs: Vec<IgmpRecord<'_>> = ALL_TYPES
        .iter()
        .enumerate()
        .map(|(i, &rt)| IgmpRecord {
            record_type: rt,
            group: Ipv4Addr::new(232, 1, 1, i as u8 + 1),
            sources: AddrList::Addrs(&srcs3[..i % 4]),
            aux_data: &aux[..(i % 3) * 4],
        })
        .collect();
    for r in &recs {
        let one = [*r];
        let m = igmp::Message::ReportV3 {
            records: Records::Given(&one),
        };
        let name = format!("IGMPv3 report, one {}", r.record_type.name().unwrap());
        cases.push(igmp_case(&name, m, igmp_v3_report_fields(&one)));
    }
    let m = igmp::Message::ReportV3 {
        records: Records::Given(&recs),
    };
    cases.push(igmp_case(
        "IGMPv3 report, six records",
        m,
        igmp_v3_report_fields(&recs),
    ));
    let big = [IgmpRecord {
        record_type: RecordType::ModeIsExclude,
        group: g1,
        sources: AddrList::Addrs(&many),
        aux_data: &[],
    }];
    cases.push(igmp_case(
        "IGMPv3 report, IS_EX with 40 sources",
        igmp::Message::ReportV3 {
            records: Records::Given(&big),
        },
        igmp_v3_report_fields(&big),
    ));

    // MLDv1 (RFC 2710 §3).
    let m1 = ip6("ff3e::8000:1");
    let m2 = ip6("ff15::1234");
    for (name, delay, group) in [
        ("MLDv1 general query", 10000u16, Ipv6Addr::UNSPECIFIED),
        ("MLDv1 address-specific query", 1000, m1),
        ("MLDv1 query, delay 65535 ms", 65535, m2),
    ] {
        cases.push(mld_case(
            name,
            mld::Message::QueryV1 {
                max_response_delay: delay,
                group,
            },
            vec![
                ("icmpv6.type", vec![n(130u8)]),
                ("icmpv6.mld.maximum_response_delay", vec![n(delay)]),
                ("icmpv6.mld.multicast_address", vec![t(group)]),
            ],
        ));
    }
    for (name, m, ty) in [
        ("MLDv1 report", mld::Message::ReportV1 { group: m1 }, 131u8),
        ("MLDv1 done", mld::Message::DoneV1 { group: m1 }, 132),
    ] {
        cases.push(mld_case(
            name,
            m,
            vec![
                ("icmpv6.type", vec![n(ty)]),
                // Wireshark shows the (zero) delay field of reports and dones too.
                ("icmpv6.mld.maximum_response_delay", vec![n(0u8)]),
                ("icmpv6.mld.multicast_address", vec![t(m1)]),
            ],
        ));
    }

    // MLDv2 queries (RFC 9777 §5.1).
    let srcs6 = [ip6("2001:db8::1"), ip6("2001:db8::2"), ip6("fd00::77")];
    let many6: Vec<Ipv6Addr> = (1..=20)
        .map(|i| Ipv6Addr::new(0x2001, 0xdb8, 1, 0, 0, 0, 0, i))
        .collect();
    let q = |code: u16, group, s_flag, qrv, qqic, sources| mld::Message::QueryV2 {
        max_response_code: code,
        group,
        s_flag,
        qrv,
        qqic,
        sources: AddrList::Addrs(sources),
    };
    let v2q: Vec<(&str, mld::Message<'_>)> = vec![
        (
            "MLDv2 general query (defaults)",
            q(10000, Ipv6Addr::UNSPECIFIED, false, 2, 125, &[]),
        ),
        (
            "MLDv2 address-specific query, S flag, QRV 7",
            q(1000, m1, true, 7, 125, &[]),
        ),
        (
            "MLDv2 address-and-source query",
            q(1000, m1, false, 2, 60, &srcs6),
        ),
        (
            "MLDv2 address-and-source query, S flag, 20 sources",
            q(2000, m2, true, 3, 30, &many6),
        ),
        (
            "MLDv2 query, Maximum Response Code 0x8000, QQIC 0x80",
            q(0x8000, Ipv6Addr::UNSPECIFIED, false, 0, 0x80, &[]),
        ),
        (
            "MLDv2 query, Maximum Response Code 0xABCD, QQIC 0xA5",
            q(0xABCD, m1, true, 5, 0xA5, &srcs6[..1]),
        ),
        (
            "MLDv2 query, Maximum Response Code 0xFFFF, QQIC 0xFF",
            q(0xFFFF, Ipv6Addr::UNSPECIFIED, false, 2, 0xFF, &[]),
        ),
    ];
    for (name, m) in v2q {
        cases.push(mld_case(name, m, mld_v2_query_fields(&m)));
    }

    // MLDv2 reports (RFC 9777 §5.2).
    let recs6: Vec<MldRecord<'_>> = ALL_TYPES
        .iter()
        .enumerate()
        .map(|(i, &rt)| MldRecord {
            record_type: rt,
            group: Ipv6Addr::new(0xff3e, 0, 0, 0, 0, 0, 0x8000, i as u16 + 1),
            sources: AddrList::Addrs(&srcs6[..i % 4]),
            aux_data: &aux[..(i % 3) * 4],
        })
        .collect();
    for r in &recs6 {
        let one = [*r];
        let m = mld::Message::ReportV2 {
            records: Records::Given(&one),
        };
        let name = format!("MLDv2 report, one {}", r.record_type.name().unwrap());
        cases.push(mld_case(&name, m, mld_v2_report_fields(&one)));
    }
    cases.push(mld_case(
        "MLDv2 report, six records",
        mld::Message::ReportV2 {
            records: Records::Given(&recs6),
        },
        mld_v2_report_fields(&recs6),
    ));
    let big6 = [MldRecord {
        record_type: RecordType::ChangeToExcludeMode,
        group: m2,
        sources: AddrList::Addrs(&many6),
        aux_data: &[],
    }];
    cases.push(mld_case(
        "MLDv2 report, TO_EX with 20 sources",
        mld::Message::ReportV2 {
            records: Records::Given(&big6),
        },
        mld_v2_report_fields(&big6),
    ));
    cases
}

fn tshark(args: &[&str]) -> String {
    run(Command::new("tshark")
        .args(["-o", "ip.check_checksum:TRUE"])
        .args(args)
        .stderr(Stdio::null()))
}

fn same(want: &V, got: &str) -> bool {
    match want {
        V::N(w) => {
            let parsed = match got.strip_prefix("0x") {
                Some(h) => u64::from_str_radix(h, 16).ok(),
                None => got.parse().ok(),
            };
            parsed == Some(*w)
        }
        V::T(w) => w == got,
    }
}

#[test]
fn tshark_decodes_every_message_we_emit() {
    if !require("tshark decodes every IGMP/MLD message", false, &["tshark"]) {
        return;
    }
    let cases = cases();
    let tmp = TempDir::new("tshark");
    let file = tmp.path("ours.pcap");
    write_pcap(
        &file,
        &cases.iter().map(|c| c.frame.clone()).collect::<Vec<_>>(),
    );
    let f = file.to_str().unwrap();

    let fields: Vec<&str> = IP_FIELDS
        .iter()
        .chain(IGMP_FIELDS)
        .chain(MLD_FIELDS)
        .copied()
        .collect();
    let mut args = vec![
        "-r",
        f,
        "-T",
        "fields",
        "-E",
        "occurrence=a",
        "-E",
        "aggregator=;",
        "-E",
        "separator=/t",
    ];
    for fl in &fields {
        args.extend(["-e", fl]);
    }
    let out = tshark(&args);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines.len(),
        cases.len(),
        "tshark read a different number of frames"
    );
    let mut failures = Vec::new();
    for (c, line) in cases.iter().zip(&lines) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), fields.len(), "{}: {line}", c.name);
        for (field, want) in &c.want {
            let i = fields.iter().position(|f| f == field).unwrap();
            let got: Vec<&str> = if cols[i].is_empty() {
                Vec::new()
            } else {
                cols[i].split(';').collect()
            };
            let ok = got.len() == want.len() && want.iter().zip(&got).all(|(w, g)| same(w, g));
            if !ok {
                failures.push(format!(
                    "{}: {field}: we put in {want:?}, tshark shows {got:?}",
                    c.name
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "tshark disagrees:\n{}",
        failures.join("\n")
    );

    // No expert information of warning or error severity (malformed, bad checksum,
    // unexpected lengths ...), frame by frame.
    let expert = tshark(&[
        "-r",
        f,
        "-T",
        "fields",
        "-E",
        "occurrence=a",
        "-E",
        "aggregator=;",
        "-e",
        "_ws.expert.severity",
        "-e",
        "_ws.expert.message",
        "-e",
        "_ws.malformed",
    ]);
    let mut problems = Vec::new();
    for (c, line) in cases.iter().zip(expert.lines()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let severities: Vec<&str> = cols[0].split(';').filter(|s| !s.is_empty()).collect();
        // Wireshark severities: 0x00200000 chat, 0x00400000 note, 0x00600000 warning,
        // 0x00800000 error.
        let bad = severities.iter().any(|s| {
            let v = s
                .strip_prefix("0x")
                .map(|h| u64::from_str_radix(h, 16).unwrap_or(u64::MAX))
                .unwrap_or_else(|| s.parse().unwrap_or(u64::MAX));
            v >= 0x0060_0000
        });
        if bad || cols.get(2).is_some_and(|m| !m.is_empty()) {
            problems.push(format!("{}: {line}", c.name));
        }
    }
    let summary = tshark(&["-r", f, "-q", "-z", "expert"]);
    for severity in ["Errors", "Warnings"] {
        if summary.contains(severity) {
            problems.push(summary.clone());
            break;
        }
    }
    assert!(
        problems.is_empty(),
        "tshark reports problems on our frames:\n{}",
        problems.join("\n")
    );
}

/// The IGMP/MLD fields tshark shows for the kernel's own reports (the committed
/// captures of tests/data/interop/, recorded from Linux hosts) are the ones our parser
/// finds, record by record.
#[test]
fn tshark_and_we_agree_on_kernel_reports() {
    if !require("tshark and we agree on kernel reports", false, &["tshark"]) {
        return;
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/interop");
    let mut seen = 0;
    for name in ["linux-igmpv3-host.pcap", "linux-mldv2-host.pcap"] {
        let file = dir.join(name);
        let frames = common::read_pcap(&file);
        let f = file.to_str().unwrap();
        let fields: Vec<&str> = IGMP_FIELDS.iter().chain(MLD_FIELDS).copied().collect();
        let mut args = vec![
            "-r",
            f,
            "-T",
            "fields",
            "-E",
            "occurrence=a",
            "-E",
            "aggregator=;",
            "-E",
            "separator=/t",
        ];
        for fl in &fields {
            args.extend(["-e", fl]);
        }
        let out = tshark(&args);
        for (frame, line) in frames.iter().zip(out.lines()) {
            let cols: Vec<&str> = line.split('\t').collect();
            let col = |name: &str| -> Vec<&str> {
                let i = fields.iter().position(|f| *f == name).unwrap();
                if cols[i].is_empty() {
                    Vec::new()
                } else {
                    cols[i].split(';').collect()
                }
            };
            let want: Vec<(&str, Vec<V>)> =
                if let Ok(r) = mediafabric_igmp::wire::frame::read_ipv4_igmp(frame, 14) {
                    match igmp::Message::parse_verified(r.payload).expect("kernel IGMP") {
                        igmp::Message::ReportV3 { records } => {
                            let recs: Vec<_> = records.iter().collect();
                            igmp_v3_report_fields(&recs)
                        }
                        other => panic!("not a v3 report: {other:?}"),
                    }
                } else {
                    let r = mediafabric_igmp::wire::frame::read_ipv6_mld(frame, 14)
                        .expect("IGMP or MLD frame");
                    if r.payload.first() != Some(&mld::TYPE_V2_REPORT) {
                        continue; // e.g. neighbour discovery in the capture
                    }
                    assert!(mld::checksum_valid(r.payload, &r.src, &r.dst));
                    match mld::Message::parse(r.payload).expect("kernel MLD") {
                        mld::Message::ReportV2 { records } => {
                            let recs: Vec<_> = records.iter().collect();
                            mld_v2_report_fields(&recs)
                        }
                        other => panic!("not a v2 report: {other:?}"),
                    }
                };
            for (field, w) in &want {
                let got = col(field);
                assert!(
                    got.len() == w.len() && w.iter().zip(&got).all(|(w, g)| same(w, g)),
                    "{name}: {field}: we read {w:?}, tshark {got:?}"
                );
            }
            seen += 1;
        }
    }
    assert!(seen >= 8, "only {seen} reports compared");
}
