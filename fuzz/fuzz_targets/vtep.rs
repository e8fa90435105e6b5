//! A VTEP with a small fixed forwarding database, driven by a byte-coded program of
//! received frames (raw, or built from a few fuzzed fields so that learning is reached
//! often) and management operations. A reference model of the documented rules runs
//! alongside: after every step the table, the counters, the allow-lists and flood lists
//! and every forwarding decision must agree with it, and the table never holds more
//! than its capacity.
//!
//! Program: a sequence of operations, each an opcode byte (taken modulo 13) and its
//! operands; see `step`.
#![no_main]

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use mediafabric_fuzz::Bytes;
use mediafabric_vxlan::vtep::SetFull;
use mediafabric_vxlan::{
    AllowList, Destinations, Encapsulation, Entry, EntryKind, Extension, FdbCounters, FdbError,
    FixedFdb, FixedVtep, Gpe, GroupPolicy, Header, Learn, NextProtocol, OuterIp, Received, RxError,
    Vni, Vtep, VtepCounters, decapsulate,
};

const CAP: usize = 8;
const F: usize = 4;
const A: usize = 4;

type Dut = FixedVtep<CAP, F, A>;
type Key = (Vni, [u8; 6]);

fn vni(b: u8) -> Vni {
    Vni::new([1, 2, 4242, Vni::MAX][usize::from(b % 4)]).unwrap()
}

fn remote(b: u8) -> IpAddr {
    match b % 4 {
        0 => IpAddr::V4(Ipv4Addr::new(10, 77, 0, 1)),
        1 => IpAddr::V4(Ipv4Addr::new(10, 77, 0, 2)),
        2 => IpAddr::V6(Ipv6Addr::new(0xfd00, 0, 0, 0, 0, 0, 0, 1)),
        _ => IpAddr::V6(Ipv6Addr::new(0xfd00, 0, 0, 0, 0, 0, 0, 2)),
    }
}

fn pool_mac(b: u8) -> [u8; 6] {
    [0x02, 0, 0, 0, 0x20, b % 12]
}

/// Reference model of the VTEP and its forwarding database.
struct Model {
    fdb: HashMap<Key, Entry>,
    ageing: Duration,
    fdb_counters: FdbCounters,
    counters: VtepCounters,
    learning: bool,
    flood: Vec<(Vni, IpAddr)>,
    vnis: Option<Vec<Vni>>,
    remotes: Option<Vec<IpAddr>>,
}

impl Model {
    fn learn(&mut self, vni: Vni, mac: [u8; 6], remote: IpAddr, now: Duration) -> Learn {
        if let Some(e) = self.fdb.get_mut(&(vni, mac)) {
            return match e.kind {
                EntryKind::Static => Learn::Static,
                EntryKind::Learned if e.remote == remote => {
                    e.last_seen = now;
                    Learn::Refreshed
                }
                EntryKind::Learned => {
                    let previous = e.remote;
                    e.remote = remote;
                    e.last_seen = now;
                    self.fdb_counters.moved += 1;
                    Learn::Moved { previous }
                }
            };
        }
        if self.fdb.len() >= CAP {
            self.fdb_counters.table_full += 1;
            return Learn::TableFull;
        }
        self.fdb.insert(
            (vni, mac),
            Entry {
                vni,
                mac,
                remote,
                kind: EntryKind::Learned,
                last_seen: now,
            },
        );
        self.fdb_counters.learned += 1;
        Learn::New
    }

    fn allow<T: Copy + PartialEq>(list: &mut Option<Vec<T>>, v: T) -> Result<(), SetFull> {
        match list {
            None => {
                *list = Some(vec![v]);
                Ok(())
            }
            Some(l) if l.contains(&v) => Ok(()),
            Some(l) if l.len() == A => Err(SetFull { capacity: A }),
            Some(l) => {
                l.push(v);
                Ok(())
            }
        }
    }

    fn allows<T: PartialEq>(list: &Option<Vec<T>>, v: &T) -> bool {
        list.as_ref().is_none_or(|l| l.contains(v))
    }

    /// What `Vtep::receive` must return for `frame` (and the model's state change).
    fn receive<'a>(
        &mut self,
        dut: &Dut,
        frame: &'a [u8],
        now: Duration,
    ) -> Result<Received<'a>, RxError> {
        let d = match decapsulate(frame, &dut.config) {
            Ok(d) => d,
            Err(e) => {
                self.counters.rx_malformed += 1;
                return Err(RxError::Malformed(e));
            }
        };
        if !Self::allows(&self.vnis, &d.header.vni) {
            self.counters.rx_vni_rejected += 1;
            return Err(RxError::VniNotAllowed(d.header.vni));
        }
        if !Self::allows(&self.remotes, &d.src_ip) {
            self.counters.rx_remote_rejected += 1;
            return Err(RxError::RemoteNotAllowed(d.src_ip));
        }
        self.counters.rx_accepted += 1;
        let dont_learn = matches!(d.header.extension, Extension::Gbp(g) if g.dont_learn);
        if dont_learn {
            self.counters.rx_dont_learn += 1;
        }
        let ethernet = mediafabric_fuzz::carries_ethernet(&d.header);
        let learned = if self.learning && !dont_learn && ethernet && d.inner.len() >= 12 {
            let src: [u8; 6] = d.inner[6..12].try_into().unwrap();
            (src[0] & 1 == 0).then(|| self.learn(d.header.vni, src, d.src_ip, now))
        } else {
            None
        };
        Ok(Received { frame: d, learned })
    }

    /// Checks the device against the model; forwarding is checked for every key of the
    /// model and, in turn, for one VNI's worth of the key pool.
    fn check(&self, dut: &Dut, step: usize) {
        let f = &dut.fdb;
        assert!(f.len() <= f.capacity() && f.capacity() == CAP);
        assert_eq!(f.len(), self.fdb.len());
        let all: HashMap<Key, Entry> = f.iter().map(|e| ((e.vni, e.mac), *e)).collect();
        assert_eq!(all.len(), f.len(), "iter yields duplicates");
        assert_eq!(all, self.fdb);
        for (k, e) in &self.fdb {
            assert_eq!(f.lookup(k.0, &k.1), Some(e), "lost {k:?}");
        }
        assert_eq!(f.counters(), self.fdb_counters);
        assert_eq!(dut.counters(), self.counters);
        assert_eq!(dut.learning, self.learning);
        let expiry = self
            .fdb
            .values()
            .filter(|e| e.kind == EntryKind::Learned)
            .map(|e| e.last_seen.saturating_add(self.ageing))
            .min();
        assert_eq!(f.next_expiry(), expiry);

        // Forwarding.
        let keys = self
            .fdb
            .keys()
            .copied()
            .chain((0..12).map(|m| (vni(step as u8), pool_mac(m))));
        for (v, m) in keys.chain([(vni(0), [0xFF; 6])]) {
            let mut flood: Vec<IpAddr> = self
                .flood
                .iter()
                .filter(|(fv, _)| *fv == v)
                .map(|(_, ip)| *ip)
                .collect();
            flood.sort();
            let known = (m[0] & 1 == 0)
                .then(|| self.fdb.get(&(v, m)).map(|e| e.remote))
                .flatten();
            let d = dut.destinations(v, &m);
            let mut got: Vec<IpAddr> = d.iter().collect();
            match (known, &d) {
                (Some(ip), Destinations::Unicast(x)) => {
                    assert_eq!(*x, ip);
                    assert_eq!(got, vec![ip]);
                }
                (None, Destinations::Flood { vni: fv, .. }) => {
                    assert_eq!(*fv, v);
                    got.sort();
                    assert_eq!(got, flood);
                }
                (want, got) => panic!("destinations({v}, {m:02x?}): want {want:?}, got {got:?}"),
            }
            let mut listed: Vec<IpAddr> = dut.flood_list(v).collect();
            listed.sort();
            assert_eq!(listed, flood);
        }
    }
}

/// An outer frame built from fuzzed fields, so that most of them are valid VXLAN.
fn synthesized(b: &mut Bytes<'_>) -> Vec<u8> {
    let v = vni(b.u8());
    let r = b.u8();
    let sel = b.u8();
    let mut src = if sel & 0x80 != 0 {
        b.mac()
    } else {
        pool_mac(sel)
    };
    if sel & 0x40 != 0 {
        src[0] |= 1; // a group address: never learned
    }
    let kind = b.u8();
    let header = match kind % 5 {
        0 => Header::new(v),
        1 => Header::with_gbp(
            v,
            GroupPolicy {
                dont_learn: kind & 0x80 != 0,
                policy_applied: kind & 0x40 != 0,
                group_policy_id: u16::from(kind),
            },
        ),
        2 => Header::with_gpe(v, Gpe::default()),
        3 => Header::with_gpe(
            v,
            Gpe {
                next_protocol: None,
                ..Gpe::default()
            },
        ),
        _ => Header::with_gpe(
            v,
            Gpe {
                next_protocol: Some(NextProtocol::Ipv4),
                ..Gpe::default()
            },
        ),
    };
    let (s, d) = match remote(r) {
        IpAddr::V4(a) => (IpAddr::V4(a), IpAddr::V4(Ipv4Addr::new(10, 77, 0, 9))),
        IpAddr::V6(a) => (
            IpAddr::V6(a),
            IpAddr::V6(Ipv6Addr::new(0xfd00, 0, 0, 0, 0, 0, 0, 9)),
        ),
    };
    let mut e = Encapsulation::new(
        [2, 0, 0, 0, 0, 1],
        [2, 0, 0, 0, 0, 9],
        OuterIp::from_pair(s, d).unwrap(),
        header,
    );
    if r & 0x80 != 0 {
        e.udp_checksum = mediafabric_vxlan::UdpChecksum::Compute;
    }
    let len = if mediafabric_fuzz::carries_ethernet(&header) {
        14 + usize::from(b.u8() % 64)
    } else {
        usize::from(b.u8() % 40)
    };
    let mut inner = vec![0u8; len];
    if len >= 14 {
        inner[..6].copy_from_slice(&[0xFF; 6]);
        inner[6..12].copy_from_slice(&src);
        inner[12..14].copy_from_slice(&[0x08, 0x06]);
    }
    let mut out = vec![0u8; e.encapsulated_len(len)];
    e.encapsulate(&inner, &mut out).expect("synthesized frame");
    out
}

fn step(dut: &mut Dut, model: &mut Model, b: &mut Bytes<'_>, now: &mut Duration) {
    match b.u8() % 13 {
        0 => {
            let len = usize::from(b.u16() % 2048);
            let frame = b.take(len);
            let want = model.receive(dut, frame, *now);
            assert_eq!(dut.receive(frame, *now), want);
        }
        1 | 2 => {
            let frame = synthesized(b);
            let want = model.receive(dut, &frame, *now);
            assert!(!matches!(want, Err(RxError::Malformed(_))), "{want:?}");
            assert_eq!(dut.receive(&frame, *now), want);
        }
        3 => *now += Duration::from_secs(u64::from(b.u8())),
        4 => {
            let ageing = model.ageing;
            let t = *now;
            let gone: Vec<Key> = model
                .fdb
                .iter()
                .filter(|(_, e)| {
                    e.kind == EntryKind::Learned && t.saturating_sub(e.last_seen) >= ageing
                })
                .map(|(k, _)| *k)
                .collect();
            for k in &gone {
                model.fdb.remove(k);
            }
            model.fdb_counters.aged += gone.len() as u64;
            assert_eq!(dut.age(t), gone.len());
        }
        5 => {
            let (v, m, r) = (vni(b.u8()), pool_mac(b.u8()), remote(b.u8()));
            let want = if !model.fdb.contains_key(&(v, m)) && model.fdb.len() >= CAP {
                Err(FdbError::Full { capacity: CAP })
            } else {
                model.fdb.insert(
                    (v, m),
                    Entry {
                        vni: v,
                        mac: m,
                        remote: r,
                        kind: EntryKind::Static,
                        last_seen: *now,
                    },
                );
                Ok(())
            };
            assert_eq!(dut.fdb.add_static(v, m, r, *now), want);
        }
        6 => {
            let (v, m) = (vni(b.u8()), pool_mac(b.u8()));
            assert_eq!(dut.fdb.remove(v, &m), model.fdb.remove(&(v, m)));
        }
        7 => {
            let (v, r) = (vni(b.u8()), remote(b.u8()));
            let want = if model.flood.contains(&(v, r)) {
                Ok(false)
            } else if model.flood.len() == F {
                Err(SetFull { capacity: F })
            } else {
                model.flood.push((v, r));
                Ok(true)
            };
            assert_eq!(dut.add_flood(v, r), want);
        }
        8 => {
            let (v, r) = (vni(b.u8()), remote(b.u8()));
            let was = model.flood.iter().position(|x| *x == (v, r));
            if let Some(i) = was {
                model.flood.remove(i);
            }
            assert_eq!(dut.remove_flood(v, r), was.is_some());
        }
        9 => {
            let x = b.u8();
            if x & 0x80 != 0 {
                model.vnis = None;
                dut.allowed_vnis = AllowList::Any;
            } else {
                let v = vni(x);
                assert_eq!(dut.allowed_vnis.allow(v), Model::allow(&mut model.vnis, v));
            }
        }
        10 => {
            let x = b.u8();
            if x & 0x80 != 0 {
                model.remotes = None;
                dut.allowed_remotes = AllowList::Any;
            } else {
                let r = remote(x);
                assert_eq!(
                    dut.allowed_remotes.allow(r),
                    Model::allow(&mut model.remotes, r)
                );
            }
        }
        11 => {
            model.learning = !model.learning;
            dut.learning = model.learning;
        }
        _ => {
            let x = b.u8();
            if x & 0x80 != 0 {
                dut.config.verify_udp_checksum = !dut.config.verify_udp_checksum;
            } else {
                model.ageing = Duration::from_secs(u64::from(x));
                dut.fdb.set_ageing_time(model.ageing);
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    // Every slot may be used, so full-table behaviour is reached quickly.
    let mut dut: Dut = Vtep::new(FixedFdb::<CAP>::new().with_max_entries(CAP));
    let mut model = Model {
        fdb: HashMap::new(),
        ageing: dut.fdb.ageing_time(),
        fdb_counters: FdbCounters::default(),
        counters: VtepCounters::default(),
        learning: dut.learning,
        flood: Vec::new(),
        vnis: None,
        remotes: None,
    };
    let mut now = Duration::from_secs(1_000);
    let mut b = Bytes(data);
    let mut steps = 0;
    while !b.is_empty() && steps < 512 {
        step(&mut dut, &mut model, &mut b, &mut now);
        model.check(&dut, steps);
        steps += 1;
    }
});
