//! `mediafabric igmp state`: the multicast membership a router would hold after a
//! capture.
//!
//! Every IGMP and MLD packet of the capture is handed, in order and with the capture
//! time as the clock, to a passive [`Router`] of `mediafabric-igmp` (one for IGMP and
//! one for MLD per link; a link is a capture interface and, when frames are tagged,
//! a VLAN). The routers never query (they take the querier's QRV and QQIC like any
//! non-querier, RFC 9776 §6.6.1), so the result is what a router on that link would
//! have learned from the traffic: per group its filter mode, group timer and sources
//! with their timers, the compatibility mode, and the current querier. Timers run on
//! to the end of the capture, or to `--at`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::net::{Ipv4Addr, Ipv6Addr};
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Subcommand};
use etherparse::{LaxNetSlice, LaxSlicedPacket};
use mediafabric_igmp::router::{
    Accepted, DropReason, Event, Family, FilterMode, Query, Router, RouterConfig, Sink, Version,
};
use serde_json::{Map, Value, json};

use crate::capture::{CaptureReader, Packet};
use crate::failure::Failure;
use crate::progress::Progress;
use crate::time::Timestamp;

/// Groups one link's router holds (each family).
pub const MAX_GROUPS: usize = 2048;
/// Sources one group holds.
pub const MAX_SOURCES: usize = 64;
/// Stack for the replay thread: a router is a fixed-capacity value (no heap inside),
/// built in place and then boxed.
const REPLAY_STACK: usize = 256 << 20;

/// `mediafabric igmp ...`.
#[derive(Debug, Clone, Args)]
pub struct IgmpArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: IgmpCommand,
}

/// The `igmp` subcommands.
#[derive(Debug, Clone, Subcommand)]
pub enum IgmpCommand {
    /// Replay every IGMP and MLD message of a capture through a router and print the
    /// membership it ends with.
    ///
    /// Each link (capture interface, and VLAN when tagged) gets a passive IGMPv3 and
    /// MLDv2 router (RFC 9776, RFC 9777) that never sends queries; the capture's own
    /// times drive its timers. Printed per link and group: filter mode, group timer,
    /// compatibility mode, each source with its remaining timer and whether it is
    /// forwarded; and the current querier.
    #[command(after_long_help = crate::failure::EXIT_CODES_HELP)]
    State(StateArgs),
}

/// Arguments of `mediafabric igmp state`.
#[derive(Debug, Clone, Args)]
pub struct StateArgs {
    /// The capture: a pcap or pcapng file, or "-" for standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,

    /// Stop at SECONDS after the first packet (a decimal number, up to nine decimals):
    /// later packets are not applied, and the timers run on to that time when it is
    /// after the last packet.
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    pub at: Option<Duration>,

    /// Treat the source-specific multicast ranges (232.0.0.0/8, ff3x::/32) like any
    /// other group. By default the router is SSM-aware (RFC 4604, RFC 9776 §6.4): it
    /// ignores EXCLUDE-mode records and older-version reports for SSM groups.
    #[arg(long)]
    pub ssm_unaware: bool,
}

/// Reads `12`, `12.5` or `0.000000001` as an exact [`Duration`].
fn parse_seconds(s: &str) -> Result<Duration, String> {
    let bad = || format!("'{s}' is not a number of seconds (e.g. 12 or 12.25)");
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty() && frac.is_empty() {
        return Err(bad());
    }
    if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    if frac.len() > 9 {
        return Err(format!("'{s}': at most nine decimals (nanoseconds)"));
    }
    let secs: u64 = if int.is_empty() {
        0
    } else {
        int.parse().map_err(|_| bad())?
    };
    let nanos: u32 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<9}").parse().map_err(|_| bad())?
    };
    Ok(Duration::new(secs, nanos))
}

/// Runs `mediafabric igmp ...`.
pub fn run(args: &IgmpArgs) -> Result<(), Failure> {
    match &args.command {
        IgmpCommand::State(a) => {
            let a = a.clone();
            std::thread::Builder::new()
                .name("igmp-state".into())
                .stack_size(REPLAY_STACK)
                .spawn(move || state(&a))
                .map_err(Failure::Output)?
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p))
        }
    }
}

/// A link: one capture interface, one VLAN (or none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct LinkKey {
    interface: u32,
    vlan: Option<u16>,
}

/// A sink for a passive router: queries are never sent (it is not querier), events
/// only counted.
#[derive(Debug, Default)]
struct Passive {
    group_limit: u64,
    source_limit: u64,
}

impl<A, const S: usize> Sink<A, S> for Passive {
    fn event(&mut self, e: Event<A>) {
        match e {
            Event::GroupLimit { .. } => self.group_limit += 1,
            Event::SourceLimit { .. } => self.source_limit += 1,
            _ => {}
        }
    }
    fn query(&mut self, _q: Query<A, S>) {}
}

/// One family's router on a link, with what the replay saw.
struct Replay<A: Family> {
    router: Box<Router<A, MAX_GROUPS, MAX_SOURCES>>,
    sink: Passive,
}

impl<A: Family> Replay<A> {
    fn new(address: A, start: Duration, ssm_aware: bool) -> Replay<A> {
        let mut config = RouterConfig::new(address);
        config.querier = false;
        config.ssm_aware = ssm_aware;
        let router = Router::new(config, start).expect("a passive router's configuration is valid");
        Replay {
            router: Box::new(router),
            sink: Passive::default(),
        }
    }
}

#[derive(Default)]
struct Link {
    igmp: Option<Replay<Ipv4Addr>>,
    mld: Option<Replay<Ipv6Addr>>,
}

/// The address a passive router takes: the highest it can, so that every real querier
/// on the link wins the election against it.
const PASSIVE_V4: Ipv4Addr = Ipv4Addr::new(223, 255, 255, 254);
const PASSIVE_V6: Ipv6Addr = Ipv6Addr::new(0xfe80, 0, 0, 0, 0xffff, 0xffff, 0xffff, 0xfffe);

enum Ip<'a> {
    V4(&'a [u8]),
    V6(&'a [u8]),
}

/// The link (VLAN) and IP packet of a frame, when it carries IGMP or ICMPv6.
fn ip_of<'a>(p: &Packet<'a>) -> Option<(Option<u16>, Ip<'a>)> {
    let data = p.data;
    let sliced = match p.linktype? {
        1 => LaxSlicedPacket::from_ethernet(data).ok()?,
        113 => {
            let proto = u16::from_be_bytes([*data.get(14)?, *data.get(15)?]);
            LaxSlicedPacket::from_ether_type(proto.into(), data.get(16..)?)
        }
        276 => {
            let proto = u16::from_be_bytes([*data.first()?, *data.get(1)?]);
            LaxSlicedPacket::from_ether_type(proto.into(), data.get(20..)?)
        }
        101 | 228 | 229 => LaxSlicedPacket::from_ip(data).ok()?,
        _ => return None,
    };
    let vlan = sliced.vlan_ids().first().map(|v| v.value());
    let start = |h: &[u8]| (h.as_ptr() as usize).checked_sub(data.as_ptr() as usize);
    match sliced.net? {
        LaxNetSlice::Ipv4(v4) if v4.header().protocol() == etherparse::IpNumber::IGMP => {
            let at = start(v4.header().slice())?;
            Some((vlan, Ip::V4(data.get(at..)?)))
        }
        LaxNetSlice::Ipv6(v6) if carries_icmpv6(&v6) => {
            let at = start(v6.header().slice())?;
            Some((vlan, Ip::V6(data.get(at..)?)))
        }
        _ => None,
    }
}

fn carries_icmpv6(v6: &etherparse::LaxIpv6Slice<'_>) -> bool {
    v6.payload().ip_number == etherparse::IpNumber::IPV6_ICMP
}

fn state(args: &StateArgs) -> Result<(), Failure> {
    let path = args.file.display().to_string();
    let (source, size): (Box<dyn Read + Send>, Option<u64>) = if args.file.as_os_str() == "-" {
        (Box::new(io::stdin()), None)
    } else {
        let f = File::open(&args.file).map_err(|e| Failure::Input {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        let size = f.metadata().ok().map(|m| m.len());
        (Box::new(f), size)
    };
    let mut reader =
        CaptureReader::new(io::BufReader::new(source)).map_err(|e| Failure::Input {
            path: path.clone(),
            reason: e.to_string(),
        })?;
    let mut progress = Progress::for_input(size);

    let mut links: BTreeMap<LinkKey, Link> = BTreeMap::new();
    let mut first: Option<Timestamp> = None;
    let mut now = Duration::ZERO;
    let mut index: u64 = 0;
    let mut messages: u64 = 0;
    let mut undated: u64 = 0;
    let result = loop {
        let packet = match reader.next_packet() {
            Ok(Some(p)) => p,
            Ok(None) => break Ok(()),
            Err(error) => {
                break Err(Failure::Damaged {
                    path: path.clone(),
                    error,
                    packets: index,
                });
            }
        };
        index += 1;
        let Some((vlan, ip)) = ip_of(&packet) else {
            progress.set(reader.bytes_read());
            continue;
        };
        let Some(ts) = packet.timestamp else {
            undated += 1;
            continue;
        };
        let first = *first.get_or_insert(ts);
        // Captures can step back in time (several interfaces, clock steps): the clock
        // handed to the routers never goes backwards.
        let t = Duration::from_nanos(u64::try_from(ts.nanos() - first.nanos()).unwrap_or(0));
        if args.at.is_some_and(|at| t > at) {
            break Ok(());
        }
        now = now.max(t);
        messages += 1;
        let link = links
            .entry(LinkKey {
                interface: packet.interface_id,
                vlan,
            })
            .or_default();
        match ip {
            Ip::V4(b) => {
                let r = link
                    .igmp
                    .get_or_insert_with(|| Replay::new(PASSIVE_V4, now, !args.ssm_unaware));
                r.router.poll(now, &mut r.sink);
                let _: Result<Accepted<Ipv4Addr>, _> = r.router.receive(b, now, &mut r.sink);
            }
            Ip::V6(b) => {
                let r = link
                    .mld
                    .get_or_insert_with(|| Replay::new(PASSIVE_V6, now, !args.ssm_unaware));
                r.router.poll(now, &mut r.sink);
                let _: Result<Accepted<Ipv6Addr>, _> = r.router.receive(b, now, &mut r.sink);
            }
        }
        progress.set(reader.bytes_read());
    };
    progress.finish();
    result?;

    let end = args.at.unwrap_or(now).max(now);
    for link in links.values_mut() {
        if let Some(r) = &mut link.igmp {
            r.router.poll(end, &mut r.sink);
        }
        if let Some(r) = &mut link.mld {
            r.router.poll(end, &mut r.sink);
        }
    }

    let report = Report {
        path: &path,
        packets: index,
        messages,
        undated,
        end,
        links: &links,
    };
    let mut out = BufWriter::new(io::stdout().lock());
    let written = if args.json {
        serde_json::to_writer_pretty(&mut out, &report.to_json())
            .map_err(io::Error::from)
            .and_then(|()| out.write_all(b"\n"))
    } else {
        out.write_all(report.to_text().as_bytes())
    };
    written.and_then(|()| out.flush()).map_err(Failure::Output)
}

struct Report<'a> {
    path: &'a str,
    packets: u64,
    messages: u64,
    undated: u64,
    end: Duration,
    links: &'a BTreeMap<LinkKey, Link>,
}

/// Seconds with microsecond precision as a JSON number (timers are seconds long; a
/// capture's clock rarely has more than microseconds).
fn secs(d: Duration) -> Value {
    json!((d.as_micros() as f64) / 1e6)
}

fn remaining(deadline: Option<Duration>, now: Duration) -> Option<Duration> {
    deadline.map(|d| d.saturating_sub(now))
}

fn mode_name(m: FilterMode) -> &'static str {
    match m {
        FilterMode::Include => "INCLUDE",
        FilterMode::Exclude => "EXCLUDE",
    }
}

impl Report<'_> {
    fn family_json<A: Family + std::fmt::Display>(
        r: &Replay<A>,
        end: Duration,
        protocol: &str,
    ) -> Value {
        let router = &r.router;
        let q = router.querier();
        let mut groups = Vec::new();
        for g in router.groups() {
            let sources: Vec<Value> = g
                .sources()
                .map(|s| {
                    json!({
                        "address": s.addr.to_string(),
                        "timer": remaining(s.expires, end).map(secs),
                        "forwarded": router.forwards(&g.addr, &s.addr),
                    })
                })
                .collect();
            groups.push(json!({
                "group": g.addr.to_string(),
                "filterMode": mode_name(g.mode),
                "groupTimer": remaining(g.group_timer, end).map(secs),
                "compatibilityMode": A::version_name(g.compatibility_mode()),
                "sources": sources,
            }));
        }
        let c = router.counters();
        let mut dropped = Map::new();
        for reason in DropReason::ALL {
            let n = c.dropped(reason);
            if n > 0 {
                dropped.insert(reason.name().to_string(), json!(n));
            }
        }
        json!({
            "protocol": protocol,
            "querier": {
                "address": q.address.map(|a| a.to_string()),
                "otherQuerierPresentTimer": remaining(q.other_querier_present, end).map(secs),
            },
            "groups": groups,
            "received": c.received,
            "accepted": c.accepted,
            "dropped": dropped,
            "groupLimitReached": r.sink.group_limit,
            "sourceLimitReached": r.sink.source_limit,
        })
    }

    fn to_json(&self) -> Value {
        let mut links = Vec::new();
        for (k, l) in self.links {
            let mut families = Vec::new();
            if let Some(r) = &l.igmp {
                families.push(Self::family_json(r, self.end, "igmp"));
            }
            if let Some(r) = &l.mld {
                families.push(Self::family_json(r, self.end, "mld"));
            }
            links.push(json!({
                "interface": k.interface,
                "vlan": k.vlan,
                "routers": families,
            }));
        }
        json!({
            "capture": self.path,
            "packetsRead": self.packets,
            "messages": self.messages,
            "undatedPackets": self.undated,
            "at": secs(self.end),
            "links": links,
        })
    }

    fn to_text(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{}: {} packets read, {} IGMP/MLD; state at {:.6} s after the first",
            self.path,
            self.packets,
            self.messages,
            self.end.as_secs_f64()
        );
        for (k, l) in self.links {
            let vlan = k.vlan.map(|v| format!(" vlan {v}")).unwrap_or_default();
            if let Some(r) = &l.igmp {
                Self::family_text(
                    &mut s,
                    r,
                    self.end,
                    &format!("interface {}{vlan} IGMP", k.interface),
                );
            }
            if let Some(r) = &l.mld {
                Self::family_text(
                    &mut s,
                    r,
                    self.end,
                    &format!("interface {}{vlan} MLD", k.interface),
                );
            }
        }
        s
    }

    fn family_text<A: Family + std::fmt::Display>(
        s: &mut String,
        r: &Replay<A>,
        end: Duration,
        title: &str,
    ) {
        let router = &r.router;
        let q = router.querier();
        let querier = match (q.address, remaining(q.other_querier_present, end)) {
            (Some(a), Some(t)) => format!("{a} (heard within the last {:.3} s)", {
                let oqpi = router.timers().other_querier_present_interval();
                oqpi.saturating_sub(t).as_secs_f64()
            }),
            (Some(a), None) => a.to_string(),
            (None, _) => "none heard".to_string(),
        };
        let c = router.counters();
        let _ = writeln!(
            s,
            "{title}: querier {querier}; {} messages, {} accepted, {} dropped",
            c.received,
            c.accepted,
            c.dropped_total()
        );
        for g in router.groups() {
            let timer = remaining(g.group_timer, end)
                .map(|t| format!(" group timer {:.3} s", t.as_secs_f64()))
                .unwrap_or_default();
            let compat = match g.compatibility_mode() {
                Version::V3 => String::new(),
                v => format!(" ({} compatibility)", A::version_name(v)),
            };
            let _ = writeln!(s, "  {} {}{timer}{compat}", g.addr, mode_name(g.mode));
            for src in g.sources() {
                let t = remaining(src.expires, end)
                    .map(|t| format!("{:.3} s", t.as_secs_f64()))
                    .unwrap_or_else(|| "stopped".into());
                let fwd = if router.forwards(&g.addr, &src.addr) {
                    "forwarded"
                } else {
                    "blocked"
                };
                let _ = writeln!(s, "    {} {t} {fwd}", src.addr);
            }
        }
        if r.sink.group_limit + r.sink.source_limit > 0 {
            let _ = writeln!(
                s,
                "  capacity reached: {} group records and {} sources not recorded (limits {MAX_GROUPS} groups, {MAX_SOURCES} sources per group)",
                r.sink.group_limit, r.sink.source_limit
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_parse_exactly() {
        assert_eq!(parse_seconds("12").unwrap(), Duration::from_secs(12));
        assert_eq!(
            parse_seconds("12.5").unwrap(),
            Duration::from_millis(12_500)
        );
        assert_eq!(
            parse_seconds(".000000001").unwrap(),
            Duration::from_nanos(1)
        );
        assert_eq!(parse_seconds("3.").unwrap(), Duration::from_secs(3));
        for bad in ["", ".", "-1", "1e3", "1.0000000001", "x"] {
            assert!(parse_seconds(bad).is_err(), "{bad}");
        }
    }
}
