//! Our host against the Linux kernel's: the same socket calls at the same times give
//! the same reports.
//!
//! `tests/data/host/linux-*-host.pcap` were recorded from a Linux kernel host in a
//! network namespace (see `tests/data/host/README.md`). The socket calls of the script
//! are replayed here at the times the kernel reported them; the kernel's random
//! retransmission delays are fed to our host through a scripted [`Rng`], so every
//! report must come out at the same instant with the same records (the kernel orders
//! records and sources its own way: they are compared as sets), and where the order
//! matches too, byte for byte.

use core::net::{Ipv4Addr, Ipv6Addr};
use core::time::Duration;
use std::collections::VecDeque;

use mediafabric_igmp::host::{Config, FilterMode, Host, Outgoing, Rng, SocketId, random_delay};
use mediafabric_igmp::wire::frame::{read_ipv4_igmp, read_ipv6_mld};
use mediafabric_igmp::wire::{igmp, mld};

const MAC: [u8; 6] = [0xa6, 0x23, 0x59, 0x56, 0xd1, 0x1e];
const URI: Duration = Duration::from_secs(1);

/// Hands out the values that make `random_delay(URI)` return the given delays.
struct Scripted(VecDeque<u32>);

impl Scripted {
    fn new(delays_us: &[u64]) -> Self {
        let max = URI.as_micros();
        let mut q = VecDeque::new();
        for &d in delays_us {
            // The smallest r with floor(r * (max + 1) / 2^64) == d.
            let r = ((u128::from(d) << 64) + max) / (max + 1);
            q.push_back((r >> 32) as u32);
            q.push_back(r as u32);
        }
        Scripted(q)
    }
}

impl Rng for Scripted {
    fn next_u32(&mut self) -> u32 {
        self.0
            .pop_front()
            .expect("the host drew more delays than the kernel used")
    }
}

#[test]
fn scripted_rng_gives_the_wanted_delays() {
    let want = [0, 1, 88_031, 500_000, 999_999, 1_000_000];
    let mut r = Scripted::new(&want);
    for w in want {
        assert_eq!(random_delay(&mut r, URI), Duration::from_micros(w));
    }
}

type Set<A> = Vec<(u8, A, Vec<A>)>;

fn sorted<A: Ord + Clone>(mut v: Vec<A>) -> Vec<A> {
    v.sort();
    v
}

fn read_pcap(path: &str) -> Vec<(Duration, Vec<u8>)> {
    let f = std::fs::File::open(path).unwrap();
    let mut r = pcap_file::pcap::PcapReader::new(f).unwrap();
    let mut out = Vec::new();
    while let Some(p) = r.next_packet() {
        let p = p.unwrap();
        out.push((p.timestamp, p.data.into_owned()));
    }
    let t0 = out[0].0;
    out.into_iter().map(|(t, d)| (t - t0, d)).collect()
}

fn v4_records(frame: &[u8]) -> Set<Ipv4Addr> {
    let ip = read_ipv4_igmp(frame, 14).unwrap();
    let igmp::Message::ReportV3 { records } = igmp::Message::parse_verified(ip.payload).unwrap()
    else {
        panic!("not a v3 report")
    };
    records
        .iter()
        .map(|r| {
            (
                r.record_type.to_u8(),
                r.group,
                sorted(r.sources.iter().collect()),
            )
        })
        .collect()
}

fn v6_records(frame: &[u8]) -> Set<Ipv6Addr> {
    let ip = read_ipv6_mld(frame, 14).unwrap();
    assert!(mld::checksum_valid(ip.payload, &ip.src, &ip.dst));
    let mld::Message::ReportV2 { records } = mld::Message::parse(ip.payload).unwrap() else {
        panic!("not an MLDv2 report")
    };
    records
        .iter()
        .map(|r| {
            (
                r.record_type.to_u8(),
                r.group,
                sorted(r.sources.iter().collect()),
            )
        })
        .collect()
}

/// Runs `calls` (time, action) and polls at every deadline until `end`; returns the
/// frames with their times.
fn replay<A: mediafabric_igmp::host::Family, F>(
    host: &mut Host<A, 8, 8, 8, Scripted>,
    calls: &mut [(Duration, F)],
    end: Duration,
) -> Vec<(Duration, Vec<u8>)>
where
    F: FnMut(&mut Host<A, 8, 8, 8, Scripted>, Duration),
{
    let mut out = Vec::new();
    let mut buf = vec![0u8; host.config().buffer_len()];
    let mut next_call = 0;
    loop {
        let call_at = calls.get(next_call).map(|c| c.0);
        let due = host.next_deadline();
        let now = match (call_at, due) {
            (Some(c), Some(d)) => c.min(d),
            (Some(c), None) => c,
            (None, Some(d)) if d <= end => d,
            _ => break,
        };
        while next_call < calls.len() && calls[next_call].0 == now {
            (calls[next_call].1)(host, now);
            next_call += 1;
        }
        host.poll(now, &mut buf, &mut |o: &Outgoing<'_, A>| {
            out.push((now, o.frame.to_vec()))
        })
        .unwrap();
    }
    out
}

fn us(v: u64) -> Duration {
    Duration::from_micros(v)
}

fn compare<A: PartialEq + Ord + Clone + core::fmt::Debug>(
    ours: &[(Duration, Vec<u8>)],
    kernel: &[(Duration, Vec<u8>)],
    records: fn(&[u8]) -> Set<A>,
) -> usize {
    assert_eq!(ours.len(), kernel.len(), "number of reports");
    let mut exact = 0;
    for (i, ((to, fo), (tk, fk))) in ours.iter().zip(kernel).enumerate() {
        assert_eq!(to, tk, "time of report {i}");
        let (ro, rk) = (records(fo), records(fk));
        assert_eq!(sorted(ro), sorted(rk), "records of report {i}");
        if fo == fk {
            exact += 1;
        }
    }
    exact
}

#[test]
fn igmpv3_reports_match_the_linux_kernel() {
    let kernel = read_pcap(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/host/linux-igmpv3-host.pcap"
    ));
    assert_eq!(kernel.len(), 12);
    let g_asm = Ipv4Addr::new(239, 1, 1, 1);
    let g_ssm = Ipv4Addr::new(232, 5, 5, 5);
    let s = |n| Ipv4Addr::new(10, 1, 0, n);
    let sock = SocketId(3);
    // The kernel's retransmission delays, in the order our host draws them (a delay
    // of 999 999 us is one that a newer change overtook before it ran out).
    let rng = Scripted::new(&[
        88_031, 999_999, 208_045, 999_999, 400_013, 240_011, 399_976, 976_020,
    ]);
    let mut host = Host::new(Config::new(MAC, Ipv4Addr::new(10, 77, 0, 2)), rng).unwrap();
    type Call = Box<dyn FnMut(&mut Host<Ipv4Addr, 8, 8, 8, Scripted>, Duration)>;
    let mut calls: Vec<(Duration, Call)> = vec![
        (
            us(0),
            Box::new(move |h, t| assert!(h.join(sock, g_asm, t).unwrap())),
        ),
        (
            us(400_024),
            Box::new(move |h, t| {
                assert!(
                    h.listen(sock, g_ssm, FilterMode::Include, &[s(1)], t)
                        .unwrap()
                )
            }),
        ),
        (
            us(700_015),
            Box::new(move |h, t| {
                assert!(
                    h.listen(sock, g_ssm, FilterMode::Include, &[s(1), s(2)], t)
                        .unwrap()
                )
            }),
        ),
        (
            us(1_000_008),
            Box::new(move |h, t| {
                let all = [s(1), s(2), s(3)];
                assert!(h.listen(sock, g_ssm, FilterMode::Include, &all, t).unwrap())
            }),
        ),
        (
            us(1_300_014),
            Box::new(move |h, t| {
                assert!(
                    h.listen(sock, g_ssm, FilterMode::Include, &[s(1), s(3)], t)
                        .unwrap()
                )
            }),
        ),
        (
            us(1_700_027),
            Box::new(move |h, t| {
                let block = [Ipv4Addr::new(10, 9, 9, 9)];
                assert!(
                    h.listen(sock, g_asm, FilterMode::Exclude, &block, t)
                        .unwrap()
                )
            }),
        ),
        (
            us(2_104_088),
            Box::new(move |h, t| assert!(h.leave(sock, g_asm, t).unwrap())),
        ),
        (
            us(2_504_064),
            Box::new(move |h, t| assert_eq!(h.close_socket(sock, t), 1)),
        ),
    ];
    let ours = replay(&mut host, &mut calls, Duration::from_secs(10));
    let exact = compare(&ours, &kernel, v4_records);
    // Single-record reports are the kernel's bytes exactly.
    assert!(exact >= 8, "{exact} byte-exact");
    assert!(host.groups().next().is_none());
    assert_eq!(host.counters().records_sent, 15);
}

#[test]
fn mldv2_reports_match_the_linux_kernel() {
    let kernel = read_pcap(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/host/linux-mldv2-host.pcap"
    ));
    assert_eq!(kernel.len(), 6);
    let ll: Ipv6Addr = "fe80::a423:59ff:fe56:d11e".parse().unwrap();
    let g1: Ipv6Addr = "ff3e::8000:1".parse().unwrap();
    let g2: Ipv6Addr = "ff15::1234".parse().unwrap();
    let sock = SocketId(4);
    let rng = Scripted::new(&[399_987, 999_999, 576_167, 256_028]);
    let mut host = Host::new(Config::new(MAC, ll), rng).unwrap();
    type Call = Box<dyn FnMut(&mut Host<Ipv6Addr, 8, 8, 8, Scripted>, Duration)>;
    let mut calls: Vec<(Duration, Call)> = vec![
        (
            us(0),
            Box::new(move |h, t| assert!(h.join(sock, g1, t).unwrap())),
        ),
        (
            us(399_987),
            Box::new(move |h, t| assert!(h.join(sock, g2, t).unwrap())),
        ),
        (
            us(799_971),
            Box::new(move |h, t| assert!(h.leave(sock, g2, t).unwrap())),
        ),
        (
            us(3_304_034),
            Box::new(move |h, t| assert_eq!(h.close_socket(sock, t), 1)),
        ),
    ];
    let ours = replay(&mut host, &mut calls, Duration::from_secs(10));
    let exact = compare(&ours, &kernel, v6_records);
    assert!(exact >= 5, "{exact} byte-exact");
}
