//! `mediafabric igmp state`: the membership a router learns from a capture.
//!
//! The kernel captures in tests/data/igmp (see its README) are replayed and the result
//! is checked against the RFC 9776 / RFC 9777 rules worked by hand from the packet
//! times tshark shows; a capture built here adds a querier, an IGMPv2 host and a VLAN.

use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};
use std::process::Command;

use mediafabric_igmp::wire::frame::frame_igmp;
use mediafabric_igmp::wire::igmp::Message;
use mediafabric_igmp::wire::{AddrList, GroupRecord, RecordType, Records};
use pcap_file::DataLink;
use pcap_file::pcap::{PcapHeader, PcapPacket, PcapWriter};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_mediafabric");

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/igmp")
        .join(name)
}

fn run(args: &[&str]) -> Value {
    let out = Command::new(BIN)
        .arg("igmp")
        .arg("state")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// (group, mode, group timer, [(source, timer, forwarded)]) of the only router.
type GroupView = (
    String,
    String,
    Option<f64>,
    Vec<(String, Option<f64>, bool)>,
);

fn groups(v: &Value) -> Vec<GroupView> {
    let routers = v["links"][0]["routers"].as_array().unwrap();
    assert_eq!(routers.len(), 1);
    routers[0]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["group"].as_str().unwrap().to_string(),
                g["filterMode"].as_str().unwrap().to_string(),
                g["groupTimer"].as_f64(),
                g["sources"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| {
                        (
                            s["address"].as_str().unwrap().to_string(),
                            s["timer"].as_f64(),
                            s["forwarded"].as_bool().unwrap(),
                        )
                    })
                    .collect(),
            )
        })
        .collect()
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 2e-6)
}

#[test]
fn kernel_igmpv3_host_at_the_end_of_the_capture() {
    let v = run(&["--json", data("linux-igmpv3-host.pcap").to_str().unwrap()]);
    assert_eq!(v["packetsRead"], 12);
    assert_eq!(v["messages"], 12);
    assert_eq!(v["at"], 3.480084);
    let r = &v["links"][0]["routers"][0];
    assert_eq!(r["protocol"], "igmp");
    assert_eq!(r["accepted"], 12);
    assert_eq!(r["querier"]["address"], Value::Null);
    let g = groups(&v);
    assert_eq!(g.len(), 2);
    // 239.1.1.1: TO_EX({}) at 0 and 0.088031 (group timer GMI = 270 s), BLOCK(10.9.9.9)
    // at 1.700027 (its timer LMQT = 2 s), TO_IN({}) at 2.104088 (group timer LMQT).
    // Groups come in address order.
    let (name, mode, gt, srcs) = &g[1];
    assert_eq!((name.as_str(), mode.as_str()), ("239.1.1.1", "EXCLUDE"));
    assert!(close(*gt, 2.104088 + 2.0 - 3.480084), "{gt:?}");
    assert_eq!(srcs.len(), 1);
    assert_eq!(srcs[0].0, "10.9.9.9");
    assert!(close(srcs[0].1, 1.700027 + 2.0 - 3.480084));
    // 232.5.5.5 (SSM): sources 10.1.0.1 and .3 lowered to LMQT by the BLOCK at
    // 2.504064; 10.1.0.2, blocked at 1.300014, expired at 3.300014.
    let (name, mode, gt, srcs) = &g[0];
    assert_eq!(
        (name.as_str(), mode.as_str(), *gt),
        ("232.5.5.5", "INCLUDE", None)
    );
    let names: Vec<&str> = srcs.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(names, ["10.1.0.1", "10.1.0.3"]);
    for s in srcs {
        assert!(close(s.1, 2.504064 + 2.0 - 3.480084) && s.2, "{s:?}");
    }
}

#[test]
fn at_stops_the_replay_and_runs_the_timers_on() {
    let f = data("linux-igmpv3-host.pcap");
    let v = run(&["--json", "--at", "0.5", f.to_str().unwrap()]);
    assert_eq!(v["messages"], 3);
    let g = groups(&v);
    assert_eq!(g[1].0, "239.1.1.1");
    assert!(close(g[1].2, 0.088031 + 270.0 - 0.5));
    assert_eq!(g[0].0, "232.5.5.5");
    assert_eq!(g[0].3.len(), 1);
    assert!(close(g[0].3[0].1, 0.400024 + 270.0 - 0.5));
    // Long after the last packet every timer has run out.
    let v = run(&["--json", "--at", "300", f.to_str().unwrap()]);
    assert_eq!(v["messages"], 12);
    assert!(groups(&v).is_empty());
    assert_eq!(v["at"], 300.0);
}

#[test]
fn kernel_mldv2_host_and_the_ssm_range() {
    let f = data("linux-mldv2-host.pcap");
    // ff15::1234 is joined at 0.399987 (TO_EX({})) and left at 0.799971 (TO_IN({}):
    // group timer LMQT, 2 s); ff3e::8000:1, joined at 0 and left at 3.304034, is in
    // the SSM range: its any-source join is ignored by an SSM-aware router (RFC 9777
    // §7.4, RFC 4604) and kept by one that is not.
    let v = run(&["--json", "--at", "2", f.to_str().unwrap()]);
    let g = groups(&v);
    assert_eq!(g.len(), 1);
    assert_eq!(
        (g[0].0.as_str(), g[0].1.as_str()),
        ("ff15::1234", "EXCLUDE")
    );
    assert!(close(g[0].2, 0.799971 + 2.0 - 2.0), "{:?}", g[0].2);
    let v = run(&["--json", "--at", "3", f.to_str().unwrap()]);
    assert!(groups(&v).is_empty());
    let v = run(&["--json", "--ssm-unaware", f.to_str().unwrap()]);
    let g = groups(&v);
    assert_eq!(g.len(), 1);
    assert_eq!(
        (g[0].0.as_str(), g[0].1.as_str()),
        ("ff3e::8000:1", "EXCLUDE")
    );
    assert!(close(g[0].2, 3.304034 + 2.0 - 3.560062), "{:?}", g[0].2);
    assert_eq!(v["links"][0]["routers"][0]["protocol"], "mld");
}

/// An Ethernet frame (802.1Q-tagged with `vlan`) carrying `m` from `src` to `dst`.
fn igmp(vlan: Option<u16>, src: Ipv4Addr, dst: Ipv4Addr, m: &Message<'_>) -> Vec<u8> {
    let mut f = [0u8; 256];
    let n = frame_igmp(m, [2, 0, 0, 0, 0, 1], src, Some(dst), &mut f).unwrap();
    let mut v = f[..n].to_vec();
    if let Some(id) = vlan {
        let mut tag = vec![0x81, 0x00];
        tag.extend_from_slice(&id.to_be_bytes());
        v.splice(12..12, tag);
    }
    v
}

#[test]
fn querier_older_host_and_vlans_in_a_built_capture() {
    let querier = Ipv4Addr::new(10, 0, 0, 1);
    let host = Ipv4Addr::new(10, 0, 0, 7);
    let g1 = Ipv4Addr::new(239, 9, 9, 9);
    let rec = [GroupRecord {
        record_type: RecordType::ChangeToExcludeMode,
        group: g1,
        sources: AddrList::Addrs(&[]),
        aux_data: &[],
    }];
    let query = Message::query_v3(Ipv4Addr::UNSPECIFIED, 100, 125, 2, false, &[]);
    let frames: Vec<(u32, Vec<u8>)> = vec![
        // VLAN 10: a querier and an IGMPv3 join.
        (
            0,
            igmp(Some(10), querier, Ipv4Addr::new(224, 0, 0, 1), &query),
        ),
        (
            1,
            igmp(
                Some(10),
                host,
                Ipv4Addr::new(224, 0, 0, 22),
                &Message::ReportV3 {
                    records: Records::Given(&rec),
                },
            ),
        ),
        // VLAN 20: an IGMPv2 host.
        (
            2,
            igmp(Some(20), host, g1, &Message::ReportV2 { group: g1 }),
        ),
    ];
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("igmp-state-built.pcap");
    {
        let header = PcapHeader {
            datalink: DataLink::ETHERNET,
            ..PcapHeader::default()
        };
        let mut w = PcapWriter::with_header(std::fs::File::create(&path).unwrap(), header).unwrap();
        for (secs, f) in &frames {
            w.write_packet(&PcapPacket::new(
                std::time::Duration::from_secs(1_700_000_000 + u64::from(*secs)),
                f.len() as u32,
                f,
            ))
            .unwrap();
        }
    }
    let v = run(&["--json", path.to_str().unwrap()]);
    let links = v["links"].as_array().unwrap();
    assert_eq!(links.len(), 2);
    assert_eq!(links[0]["vlan"], 10);
    assert_eq!(links[1]["vlan"], 20);
    let r10 = &links[0]["routers"][0];
    assert_eq!(r10["querier"]["address"], "10.0.0.1");
    // Other Querier Present Interval: 2 * 125 + 10 / 2 = 255 s, heard 2 s before the end.
    assert_eq!(r10["querier"]["otherQuerierPresentTimer"], 253.0);
    assert_eq!(r10["groups"][0]["group"], "239.9.9.9");
    assert_eq!(r10["groups"][0]["compatibilityMode"], "IGMPv3");
    let r20 = &links[1]["routers"][0];
    assert_eq!(r20["querier"]["address"], Value::Null);
    assert_eq!(r20["groups"][0]["filterMode"], "EXCLUDE");
    assert_eq!(r20["groups"][0]["compatibilityMode"], "IGMPv2");
    // Text output says the same.
    let out = Command::new(BIN)
        .args(["igmp", "state", path.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("interface 0 vlan 10 IGMP: querier 10.0.0.1"),
        "{text}"
    );
    assert!(text.contains("239.9.9.9 EXCLUDE group timer"), "{text}");
    assert!(text.contains("(IGMPv2 compatibility)"), "{text}");
}

#[test]
fn bad_input_is_an_error_exit() {
    let out = Command::new(BIN)
        .args(["igmp", "state", "/nonexistent.pcap"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let out = Command::new(BIN)
        .args(["igmp", "state", "--at", "1e3", "x.pcap"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
