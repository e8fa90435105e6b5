//! Interoperability with a Linux bridge doing IGMP/MLD snooping.
//!
//! Our host state machine ([`mediafabric_igmp::host`]) joins and leaves groups; the
//! frames it writes go onto a bridge port through an `AF_PACKET` socket (from the
//! other end of the port's veth). The bridge (`mcast_snooping 1`, IGMPv3 and MLDv2
//! snooping) must learn exactly the memberships we report (`bridge -j mdb show`: the
//! group on the port, its filter mode, its source list) and forget them after our
//! leave (TO_IN{} / BLOCK of the last sources), once its own last-member queries went
//! unanswered.
//!
//! Needs root, iproute2 (`ip`, `bridge`) and python3. Without them the tests skip with
//! a message, unless `CI=true`, where a missing tool is a failure. Each test makes its
//! own namespaces and deletes them on every exit path.

mod common;

use std::collections::BTreeSet;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::thread;
use std::time::{Duration, Instant};

use common::{PEER_TIMEOUT, Pair, inject, require, run};
use mediafabric_igmp::host::{Config, Family, FilterMode, Host, Outgoing, SocketId, XorShift32};
use serde_json::Value;

type H<A> = Host<A, 8, 8, 16, XorShift32>;

/// Namespace a holds bridge br0 with port va; namespace b writes our frames on vb, so
/// they enter the bridge on va.
fn bridge_pair(tag: &str) -> Pair {
    let pair = Pair::new(tag);
    // Snooping with IGMPv3/MLDv2 source tracking; the bridge is querier so that it
    // removes a group after unanswered last-member queries (100 ms apart, twice).
    pair.a
        .ip("link add br0 type bridge mcast_snooping 1 mcast_querier 1 \
         mcast_igmp_version 3 mcast_mld_version 2 \
         mcast_last_member_interval 10 mcast_last_member_count 2");
    pair.a.ip("link set va master br0");
    pair.a.ip("link set br0 up");
    pair
}

/// One mdb entry of port va: group, filter mode, sources.
type Entry = (String, String, BTreeSet<String>);

fn mdb(pair: &Pair) -> BTreeSet<Entry> {
    let out = run(pair
        .a
        .exec("bridge")
        .args(["-j", "-d", "mdb", "show", "dev", "br0"]));
    let v: Value = serde_json::from_str(&out).expect("bridge -j output");
    let mut set = BTreeSet::new();
    for e in v[0]["mdb"].as_array().into_iter().flatten() {
        // (*,G) entries of our port; the (S,G) entries the bridge derives from the
        // source list are shown in the source list already.
        if e["port"] != "va" || e.get("src").is_some() {
            continue;
        }
        // The link-scope groups namespace b's own kernel reports (solicited-node).
        if e["grp"].as_str().is_some_and(|g| g.starts_with("ff02:")) {
            continue;
        }
        let grp = e["grp"].as_str().unwrap_or_default().to_string();
        let mode = e["filter_mode"].as_str().unwrap_or_default().to_string();
        let sources = e["source_list"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s["address"].as_str().map(str::to_string))
            .collect();
        set.insert((grp, mode, sources));
    }
    set
}

/// Polls the host at `now` and writes every frame it sends onto vb.
fn send<A: Family>(pair: &Pair, host: &mut H<A>, now: Duration) -> usize {
    let mut frames = Vec::new();
    let mut buf = vec![0u8; host.config().buffer_len()];
    host.poll(now, &mut buf, &mut |o: &Outgoing<'_, A>| {
        frames.push(o.frame.to_vec())
    })
    .expect("poll");
    if !frames.is_empty() {
        inject(&pair.b, "vb", &frames);
    }
    frames.len()
}

/// Runs the host's retransmissions (on its own clock, `step` apart) until none is due.
fn send_all<A: Family>(pair: &Pair, host: &mut H<A>, now: &mut Duration) {
    let mut sent = send(pair, host, *now);
    while let Some(t) = host.next_deadline() {
        // Only the state-change retransmissions (well within a few seconds).
        if t > *now + Duration::from_secs(5) {
            break;
        }
        *now = t;
        sent += send(pair, host, *now);
    }
    assert!(sent > 0, "the host sent nothing");
}

fn wait_mdb(pair: &Pair, want: &BTreeSet<Entry>, what: &str) {
    let deadline = Instant::now() + PEER_TIMEOUT;
    loop {
        let got = mdb(pair);
        if got == *want {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{what}: the bridge's mdb on va is {got:?}, we reported {want:?}"
        );
        thread::sleep(Duration::from_millis(50));
    }
}

fn entry(g: &str, mode: &str, s: &[&str]) -> Entry {
    (
        g.into(),
        mode.into(),
        s.iter().map(|x| x.to_string()).collect(),
    )
}

/// Our host joins an ASM group and an SSM group with two sources; the bridge learns
/// both as reported; we drop a source, then leave everything, and the bridge forgets.
fn bridge_learns<A: Family + std::str::FromStr>(
    tag: &str,
    src_ip: impl Fn(&Pair) -> A,
    asm: &str,
    ssm: &str,
    sources: [&str; 2],
) where
    <A as std::str::FromStr>::Err: std::fmt::Debug,
{
    if !require(
        &format!("bridge learns our {tag} reports"),
        true,
        &["ip", "bridge", "python3"],
    ) {
        return;
    }
    let pair = bridge_pair(tag);
    let a = |s: &str| s.parse::<A>().unwrap();
    let mut cfg = Config::new(pair.b.mac("vb"), src_ip(&pair));
    cfg.unsolicited_report_interval = Duration::from_millis(100);
    let mut host = H::<A>::new(cfg, XorShift32::new(7)).expect("host");
    let mut now = Duration::from_secs(1);

    host.join(SocketId(1), a(asm), now).unwrap();
    host.listen(
        SocketId(2),
        a(ssm),
        FilterMode::Include,
        &[a(sources[0]), a(sources[1])],
        now,
    )
    .unwrap();
    send_all(&pair, &mut host, &mut now);
    wait_mdb(
        &pair,
        &BTreeSet::from([entry(asm, "exclude", &[]), entry(ssm, "include", &sources)]),
        "after the joins",
    );

    // Drop one source (BLOCK): the bridge queries it, nobody answers, it goes.
    now += Duration::from_secs(1);
    host.listen(
        SocketId(2),
        a(ssm),
        FilterMode::Include,
        &[a(sources[0])],
        now,
    )
    .unwrap();
    send_all(&pair, &mut host, &mut now);
    wait_mdb(
        &pair,
        &BTreeSet::from([
            entry(asm, "exclude", &[]),
            entry(ssm, "include", &sources[..1]),
        ]),
        "after dropping a source",
    );

    // Leave everything (TO_IN{} and BLOCK).
    now += Duration::from_secs(1);
    host.close_socket(SocketId(1), now);
    host.close_socket(SocketId(2), now);
    send_all(&pair, &mut host, &mut now);
    wait_mdb(&pair, &BTreeSet::new(), "after leaving");
}

#[test]
fn bridge_learns_our_igmpv3_reports() {
    bridge_learns::<Ipv4Addr>(
        "b4",
        |_| Ipv4Addr::new(10, 77, 0, 2),
        "239.1.1.1",
        "232.5.5.5",
        ["10.1.0.1", "10.1.0.2"],
    );
}

#[test]
fn bridge_learns_our_mldv2_reports() {
    bridge_learns::<Ipv6Addr>(
        "b6",
        |p| p.b.link_local("vb"),
        "ff15::8000:1",
        "ff3e::8000:5",
        ["2001:db8::1", "2001:db8::2"],
    );
}
