//! A VXLAN tunnel end point: decapsulation with allow-lists and learning, and the
//! choice of destinations for transmission (known unicast or head-end replication).
//!
//! Sans-IO: [`Vtep::receive`] takes a frame and the current time and returns the inner
//! frame; [`Vtep::destinations`] says where an inner frame must be sent; the caller
//! encapsulates (with [`Encapsulation`](crate::Encapsulation)) and does the I/O.

use core::net::IpAddr;
use core::time::Duration;

use crate::encap::{DecapConfig, Decapsulated, decapsulate};
use crate::error::Error;
use crate::fdb::{Fdb, Learn, Slots};
use crate::header::{Extension, Vni};

/// A set of up to `N` values in a fixed array: no heap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedSet<T: Copy + PartialEq, const N: usize> {
    items: [Option<T>; N],
    len: usize,
}

impl<T: Copy + PartialEq, const N: usize> Default for FixedSet<T, N> {
    fn default() -> Self {
        FixedSet {
            items: [None; N],
            len: 0,
        }
    }
}

/// The set is full.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("set full ({capacity} entries)")]
pub struct SetFull {
    /// How many entries the set holds.
    pub capacity: usize,
}

impl<T: Copy + PartialEq, const N: usize> FixedSet<T, N> {
    /// Adds a value; true if it was new. A full set is an error.
    pub fn insert(&mut self, v: T) -> Result<bool, SetFull> {
        if self.contains(&v) {
            return Ok(false);
        }
        if self.len == N {
            return Err(SetFull { capacity: N });
        }
        self.items[self.len] = Some(v);
        self.len += 1;
        Ok(true)
    }

    /// Removes a value; true if it was there.
    pub fn remove(&mut self, v: &T) -> bool {
        let Some(i) = self.items[..self.len]
            .iter()
            .position(|x| x.as_ref() == Some(v))
        else {
            return false;
        };
        self.items[i] = self.items[self.len - 1].take();
        self.len -= 1;
        true
    }

    /// Whether the value is in the set.
    pub fn contains(&self, v: &T) -> bool {
        self.items[..self.len].iter().any(|x| x.as_ref() == Some(v))
    }

    /// The values.
    pub fn iter(&self) -> impl Iterator<Item = &T> + '_ {
        self.items[..self.len].iter().filter_map(Option::as_ref)
    }

    /// How many values.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Which values are accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AllowList<T: Copy + PartialEq, const N: usize> {
    /// Every value.
    Any,
    /// Only these.
    Only(FixedSet<T, N>),
}

impl<T: Copy + PartialEq, const N: usize> AllowList<T, N> {
    /// Whether `v` is accepted.
    pub fn allows(&self, v: &T) -> bool {
        match self {
            AllowList::Any => true,
            AllowList::Only(s) => s.contains(v),
        }
    }

    /// Restricts the list to its current members plus `v` (turning `Any` into a list
    /// of one).
    pub fn allow(&mut self, v: T) -> Result<(), SetFull> {
        match self {
            AllowList::Any => {
                let mut s = FixedSet::default();
                s.insert(v)?;
                *self = AllowList::Only(s);
                Ok(())
            }
            AllowList::Only(s) => s.insert(v).map(|_| ()),
        }
    }
}

/// Why a received frame was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RxError {
    /// The frame is not valid VXLAN.
    #[error("malformed: {0}")]
    Malformed(#[from] Error),
    /// The VNI is not on the allow-list.
    #[error("VNI {0} not allowed")]
    VniNotAllowed(Vni),
    /// The sending VTEP is not on the allow-list.
    #[error("remote VTEP {0} not allowed")]
    RemoteNotAllowed(IpAddr),
}

/// Counters of a [`Vtep`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct VtepCounters {
    /// Frames accepted.
    pub rx_accepted: u64,
    /// Frames rejected as malformed.
    pub rx_malformed: u64,
    /// Frames rejected for their VNI.
    pub rx_vni_rejected: u64,
    /// Frames rejected for their sender.
    pub rx_remote_rejected: u64,
    /// Frames whose GBP D bit said not to learn.
    pub rx_dont_learn: u64,
}

/// An accepted frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Received<'a> {
    /// The decapsulated frame.
    pub frame: Decapsulated<'a>,
    /// What learning did with the inner source MAC; `None` when learning is off, the
    /// sender asked not to learn (GBP D bit) or the inner frame is not Ethernet.
    pub learned: Option<Learn>,
}

/// Where an inner frame is sent.
#[derive(Debug, Clone)]
pub enum Destinations<'a, const F: usize> {
    /// A known unicast MAC: one remote VTEP.
    Unicast(IpAddr),
    /// Broadcast, multicast or unknown unicast: every remote on the VNI's flood list
    /// (head-end replication).
    Flood {
        /// The VNI.
        vni: Vni,
        /// The flood list.
        list: &'a FixedSet<(Vni, IpAddr), F>,
    },
}

impl<const F: usize> Destinations<'_, F> {
    /// Every remote VTEP to send to.
    pub fn iter(&self) -> impl Iterator<Item = IpAddr> + '_ {
        let (one, vni, list) = match self {
            Destinations::Unicast(ip) => (Some(*ip), None, None),
            Destinations::Flood { vni, list } => (None, Some(*vni), Some(*list)),
        };
        one.into_iter().chain(
            list.into_iter()
                .flat_map(|l| l.iter())
                .filter(move |(v, _)| Some(*v) == vni)
                .map(|(_, ip)| *ip),
        )
    }
}

/// A VTEP: forwarding database, per-VNI flood lists and allow-lists.
///
/// `F` is the capacity of the flood list (pairs of VNI and remote, across all VNIs) and
/// `A` that of each allow-list.
#[derive(Debug, Clone)]
pub struct Vtep<S: Slots, const F: usize = 64, const A: usize = 32> {
    /// The forwarding database.
    pub fdb: Fdb<S>,
    /// What decapsulation accepts.
    pub config: DecapConfig,
    /// Whether inner source MACs are learned.
    pub learning: bool,
    flood: FixedSet<(Vni, IpAddr), F>,
    /// VNIs accepted on receive.
    pub allowed_vnis: AllowList<Vni, A>,
    /// Remote VTEPs accepted on receive.
    pub allowed_remotes: AllowList<IpAddr, A>,
    counters: VtepCounters,
}

impl<S: Slots, const F: usize, const A: usize> Vtep<S, F, A> {
    /// A VTEP over a forwarding database, accepting every VNI and remote, learning on.
    pub fn new(fdb: Fdb<S>) -> Self {
        Vtep {
            fdb,
            config: DecapConfig::default(),
            learning: true,
            flood: FixedSet::default(),
            allowed_vnis: AllowList::Any,
            allowed_remotes: AllowList::Any,
            counters: VtepCounters::default(),
        }
    }

    /// The counters.
    pub fn counters(&self) -> VtepCounters {
        self.counters
    }

    /// Adds a remote to a VNI's flood list.
    pub fn add_flood(&mut self, vni: Vni, remote: IpAddr) -> Result<bool, SetFull> {
        self.flood.insert((vni, remote))
    }

    /// Removes a remote from a VNI's flood list.
    pub fn remove_flood(&mut self, vni: Vni, remote: IpAddr) -> bool {
        self.flood.remove(&(vni, remote))
    }

    /// The remotes on a VNI's flood list.
    pub fn flood_list(&self, vni: Vni) -> impl Iterator<Item = IpAddr> + '_ {
        self.flood
            .iter()
            .filter(move |(v, _)| *v == vni)
            .map(|(_, ip)| *ip)
    }

    /// Takes a received outer frame: decapsulates it, checks the allow-lists and learns
    /// the inner source MAC behind the sending VTEP. Rejected frames are counted and
    /// never learned from.
    pub fn receive<'a>(&mut self, frame: &'a [u8], now: Duration) -> Result<Received<'a>, RxError> {
        let d = match decapsulate(frame, &self.config) {
            Ok(d) => d,
            Err(e) => {
                self.counters.rx_malformed += 1;
                return Err(RxError::Malformed(e));
            }
        };
        if !self.allowed_vnis.allows(&d.header.vni) {
            self.counters.rx_vni_rejected += 1;
            return Err(RxError::VniNotAllowed(d.header.vni));
        }
        if !self.allowed_remotes.allows(&d.src_ip) {
            self.counters.rx_remote_rejected += 1;
            return Err(RxError::RemoteNotAllowed(d.src_ip));
        }
        self.counters.rx_accepted += 1;
        let dont_learn = matches!(d.header.extension, Extension::Gbp(g) if g.dont_learn);
        if dont_learn {
            self.counters.rx_dont_learn += 1;
        }
        let ethernet = match d.header.extension {
            Extension::Gpe(g) => matches!(
                g.next_protocol,
                Some(crate::header::NextProtocol::Ethernet) | None
            ),
            _ => true,
        };
        let learned = if self.learning && !dont_learn && ethernet && d.inner.len() >= 12 {
            let mut src = [0u8; 6];
            src.copy_from_slice(&d.inner[6..12]);
            // Group (multicast/broadcast) source addresses are never learned.
            (src[0] & 1 == 0).then(|| self.fdb.learn(d.header.vni, src, d.src_ip, now))
        } else {
            None
        };
        Ok(Received { frame: d, learned })
    }

    /// Where an inner frame to `dst_mac` on `vni` goes: the known remote for a unicast
    /// MAC in the table, else the VNI's flood list.
    pub fn destinations(&self, vni: Vni, dst_mac: &[u8; 6]) -> Destinations<'_, F> {
        if dst_mac[0] & 1 == 0
            && let Some(ip) = self.fdb.remote_for(vni, dst_mac)
        {
            return Destinations::Unicast(ip);
        }
        Destinations::Flood {
            vni,
            list: &self.flood,
        }
    }

    /// Ages the forwarding database.
    pub fn age(&mut self, now: Duration) -> usize {
        self.fdb.age(now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encap::{Encapsulation, OuterIp};
    use crate::fdb::FixedFdb;
    use crate::header::{GroupPolicy, Header};
    use core::net::Ipv4Addr;
    extern crate std;
    use std::vec::Vec;

    fn frame(
        src_vtep: u8,
        vni: u32,
        inner_src: [u8; 6],
        gbp: Option<GroupPolicy>,
    ) -> ([u8; 128], usize) {
        let h = match gbp {
            Some(g) => Header::with_gbp(Vni::new(vni).unwrap(), g),
            None => Header::new(Vni::new(vni).unwrap()),
        };
        let e = Encapsulation::new(
            [2, 0, 0, 0, 0, src_vtep],
            [2, 0, 0, 0, 0, 1],
            OuterIp::V4 {
                src: Ipv4Addr::new(10, 0, 0, src_vtep),
                dst: Ipv4Addr::new(10, 0, 0, 1),
            },
            h,
        );
        let mut inner = [0u8; 60];
        inner[..6].copy_from_slice(&[0xff; 6]);
        inner[6..12].copy_from_slice(&inner_src);
        inner[12..14].copy_from_slice(&[0x08, 0x06]);
        let mut out = [0u8; 128];
        let n = e.encapsulate(&inner, &mut out).unwrap();
        (out, n)
    }

    fn ip(n: u8) -> IpAddr {
        IpAddr::V4(Ipv4Addr::new(10, 0, 0, n))
    }

    const M1: [u8; 6] = [2, 0xaa, 0, 0, 0, 1];
    const T: Duration = Duration::from_secs(5);

    #[test]
    fn learns_and_forwards() {
        let mut v: Vtep<_, 8, 4> = Vtep::new(FixedFdb::<16>::new());
        let vni = Vni::new(100).unwrap();
        v.add_flood(vni, ip(2)).unwrap();
        v.add_flood(vni, ip(3)).unwrap();
        v.add_flood(Vni::new(200).unwrap(), ip(4)).unwrap();
        // Unknown: flooded to the VNI's list only.
        let d: Vec<_> = v.destinations(vni, &M1).iter().collect();
        assert_eq!(d, [ip(2), ip(3)]);
        let (f, n) = frame(2, 100, M1, None);
        let r = v.receive(&f[..n], T).unwrap();
        assert_eq!(r.learned, Some(Learn::New));
        let d: Vec<_> = v.destinations(vni, &M1).iter().collect();
        assert_eq!(d, [ip(2)]);
        // Broadcast is always flooded.
        let d: Vec<_> = v.destinations(vni, &[0xff; 6]).iter().collect();
        assert_eq!(d.len(), 2);
    }

    #[test]
    fn allow_lists_reject_count_and_never_learn() {
        let mut v: Vtep<_, 8, 4> = Vtep::new(FixedFdb::<16>::new());
        v.allowed_vnis.allow(Vni::new(100).unwrap()).unwrap();
        v.allowed_remotes.allow(ip(2)).unwrap();
        let (f, n) = frame(3, 100, M1, None);
        assert_eq!(v.receive(&f[..n], T), Err(RxError::RemoteNotAllowed(ip(3))));
        let (f, n) = frame(2, 101, M1, None);
        assert_eq!(
            v.receive(&f[..n], T),
            Err(RxError::VniNotAllowed(Vni::new(101).unwrap()))
        );
        assert!(v.fdb.is_empty());
        assert!(matches!(v.receive(&f[..20], T), Err(RxError::Malformed(_))));
        let c = v.counters();
        assert_eq!(
            (c.rx_remote_rejected, c.rx_vni_rejected, c.rx_malformed),
            (1, 1, 1)
        );
        let (f, n) = frame(2, 100, M1, None);
        assert!(v.receive(&f[..n], T).is_ok());
        assert_eq!(v.counters().rx_accepted, 1);
    }

    #[test]
    fn gbp_dont_learn_is_honoured() {
        let mut v: Vtep<_, 8, 4> = Vtep::new(FixedFdb::<16>::new());
        let g = GroupPolicy {
            dont_learn: true,
            policy_applied: false,
            group_policy_id: 9,
        };
        let (f, n) = frame(2, 100, M1, Some(g));
        assert_eq!(v.receive(&f[..n], T).unwrap().learned, None);
        assert!(v.fdb.is_empty());
        assert_eq!(v.counters().rx_dont_learn, 1);
    }

    #[test]
    fn full_flood_list_is_an_error() {
        let mut v: Vtep<_, 2, 4> = Vtep::new(FixedFdb::<4>::new());
        let vni = Vni::new(1).unwrap();
        assert_eq!(v.add_flood(vni, ip(1)), Ok(true));
        assert_eq!(v.add_flood(vni, ip(1)), Ok(false));
        assert_eq!(v.add_flood(vni, ip(2)), Ok(true));
        assert_eq!(v.add_flood(vni, ip(3)), Err(SetFull { capacity: 2 }));
        assert!(v.remove_flood(vni, ip(1)));
        assert_eq!(v.flood_list(vni).count(), 1);
    }
}
