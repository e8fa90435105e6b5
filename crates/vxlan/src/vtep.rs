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

/// The set is full.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("set full ({capacity} entries)")]
pub struct SetFull {
    /// How many entries the set holds.
    pub capacity: usize,
}

/// Storage for the small sets of a [`Vtep`] (flood list, allow-lists): a fixed array
/// ([`FixedSet`], no heap) or, with the `alloc` feature, a vector that grows to a limit
/// ([`GrowableSet`]). Implementors give the four primitives; the set operations are
/// provided.
pub trait SetStorage<T: Copy + PartialEq>: Default {
    /// Number of values.
    fn len(&self) -> usize;
    /// The value at `i < len()`.
    fn get(&self, i: usize) -> Option<&T>;
    /// Appends a value, or says the storage is full.
    fn try_push(&mut self, v: T) -> Result<(), SetFull>;
    /// Removes the value at `i < len()`, moving the last one into its place.
    fn swap_remove(&mut self, i: usize);

    /// Whether it is empty.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the value is in the set.
    fn contains(&self, v: &T) -> bool {
        (0..self.len()).any(|i| self.get(i) == Some(v))
    }

    /// Adds a value; true if it was new. A full set is an error.
    fn insert(&mut self, v: T) -> Result<bool, SetFull> {
        if self.contains(&v) {
            return Ok(false);
        }
        self.try_push(v).map(|()| true)
    }

    /// Removes a value; true if it was there.
    fn remove(&mut self, v: &T) -> bool {
        match (0..self.len()).find(|&i| self.get(i) == Some(v)) {
            Some(i) => {
                self.swap_remove(i);
                true
            }
            None => false,
        }
    }

    /// The values.
    fn values(&self) -> impl Iterator<Item = T> + '_ {
        (0..self.len()).filter_map(|i| self.get(i).copied())
    }
}

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

impl<T: Copy + PartialEq, const N: usize> SetStorage<T> for FixedSet<T, N> {
    fn len(&self) -> usize {
        self.len
    }
    fn get(&self, i: usize) -> Option<&T> {
        self.items.get(i).and_then(Option::as_ref)
    }
    fn try_push(&mut self, v: T) -> Result<(), SetFull> {
        if self.len == N {
            return Err(SetFull { capacity: N });
        }
        self.items[self.len] = Some(v);
        self.len += 1;
        Ok(())
    }
    fn swap_remove(&mut self, i: usize) {
        if i < self.len {
            self.items[i] = self.items[self.len - 1].take();
            self.len -= 1;
        }
    }
}

/// A set on the heap that grows up to a limit (`usize::MAX` unless set).
#[cfg(feature = "alloc")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrowableSet<T> {
    items: alloc::vec::Vec<T>,
    max: usize,
}

#[cfg(feature = "alloc")]
impl<T> Default for GrowableSet<T> {
    fn default() -> Self {
        GrowableSet {
            items: alloc::vec::Vec::new(),
            max: usize::MAX,
        }
    }
}

#[cfg(feature = "alloc")]
impl<T> GrowableSet<T> {
    /// An empty set that holds at most `max` values.
    pub fn with_max(max: usize) -> Self {
        GrowableSet {
            items: alloc::vec::Vec::new(),
            max,
        }
    }
}

#[cfg(feature = "alloc")]
impl<T: Copy + PartialEq> SetStorage<T> for GrowableSet<T> {
    fn len(&self) -> usize {
        self.items.len()
    }
    fn get(&self, i: usize) -> Option<&T> {
        self.items.get(i)
    }
    fn try_push(&mut self, v: T) -> Result<(), SetFull> {
        if self.items.len() >= self.max {
            return Err(SetFull { capacity: self.max });
        }
        self.items.push(v);
        Ok(())
    }
    fn swap_remove(&mut self, i: usize) {
        if i < self.items.len() {
            self.items.swap_remove(i);
        }
    }
}

/// Which values are accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AllowList<S> {
    /// Every value.
    Any,
    /// Only these.
    Only(S),
}

impl<S> AllowList<S> {
    /// Whether `v` is accepted.
    pub fn allows<T: Copy + PartialEq>(&self, v: &T) -> bool
    where
        S: SetStorage<T>,
    {
        match self {
            AllowList::Any => true,
            AllowList::Only(s) => s.contains(v),
        }
    }

    /// Restricts the list to its current members plus `v` (turning `Any` into a list
    /// of one).
    pub fn allow<T: Copy + PartialEq>(&mut self, v: T) -> Result<(), SetFull>
    where
        S: SetStorage<T>,
    {
        match self {
            AllowList::Any => {
                let mut s = S::default();
                s.insert(v)?;
                *self = AllowList::Only(s);
                Ok(())
            }
            AllowList::Only(s) => s.insert(v).map(|_| ()),
        }
    }

    /// Takes `v` off the list; true if it was on it. (An emptied list accepts nothing;
    /// use [`AllowList::Any`] to accept everything again.)
    pub fn disallow<T: Copy + PartialEq>(&mut self, v: &T) -> bool
    where
        S: SetStorage<T>,
    {
        match self {
            AllowList::Any => false,
            AllowList::Only(s) => s.remove(v),
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
pub enum Destinations<'a, F> {
    /// A known unicast MAC: one remote VTEP.
    Unicast(IpAddr),
    /// Broadcast, multicast or unknown unicast: every remote on the VNI's flood list
    /// (head-end replication).
    Flood {
        /// The VNI.
        vni: Vni,
        /// The flood list.
        list: &'a F,
    },
}

impl<F: SetStorage<(Vni, IpAddr)>> Destinations<'_, F> {
    /// Every remote VTEP to send to.
    pub fn iter(&self) -> impl Iterator<Item = IpAddr> + '_ {
        let (one, vni, list) = match self {
            Destinations::Unicast(ip) => (Some(*ip), None, None),
            Destinations::Flood { vni, list } => (None, Some(*vni), Some(*list)),
        };
        one.into_iter().chain(
            list.into_iter()
                .flat_map(|l| l.values())
                .filter(move |(v, _)| Some(*v) == vni)
                .map(|(_, ip)| ip),
        )
    }
}

/// A VTEP: forwarding database, per-VNI flood lists and allow-lists.
///
/// `S` is the forwarding database's storage, `F` the flood list's (pairs of VNI and
/// remote, across all VNIs), `V` and `R` those of the VNI and remote allow-lists: fixed
/// arrays for firmware ([`FixedVtep`]), or, with `alloc`, storage that grows to a limit
/// ([`GrowableVtep`]). A full set is an error ([`SetFull`]), never a silent drop.
#[derive(Debug, Clone)]
pub struct Vtep<
    S: Slots,
    F: SetStorage<(Vni, IpAddr)> = FixedSet<(Vni, IpAddr), 64>,
    V: SetStorage<Vni> = FixedSet<Vni, 32>,
    R: SetStorage<IpAddr> = FixedSet<IpAddr, 32>,
> {
    /// The forwarding database.
    pub fdb: Fdb<S>,
    /// What decapsulation accepts.
    pub config: DecapConfig,
    /// Whether inner source MACs are learned.
    pub learning: bool,
    flood: F,
    /// VNIs accepted on receive.
    pub allowed_vnis: AllowList<V>,
    /// Remote VTEPs accepted on receive.
    pub allowed_remotes: AllowList<R>,
    counters: VtepCounters,
}

/// A VTEP entirely in fixed arrays: an `N`-slot forwarding database, `F` flood-list
/// pairs, `A` entries per allow-list. No heap.
pub type FixedVtep<const N: usize, const F: usize = 64, const A: usize = 32> =
    Vtep<[crate::fdb::Slot; N], FixedSet<(Vni, IpAddr), F>, FixedSet<Vni, A>, FixedSet<IpAddr, A>>;

/// A VTEP on the heap: every table grows to the limit it is given.
#[cfg(feature = "alloc")]
pub type GrowableVtep = Vtep<
    alloc::vec::Vec<crate::fdb::Slot>,
    GrowableSet<(Vni, IpAddr)>,
    GrowableSet<Vni>,
    GrowableSet<IpAddr>,
>;

#[cfg(feature = "alloc")]
impl GrowableVtep {
    /// A VTEP whose forwarding database holds at most `max_entries` and whose flood
    /// list holds at most `max_flood` (VNI, remote) pairs. The allow-lists, which only
    /// configuration fills (never received traffic), grow without a limit.
    pub fn growable(max_entries: usize, max_flood: usize) -> Self {
        Vtep::with_flood_list(
            crate::fdb::GrowableFdb::growable(max_entries),
            GrowableSet::with_max(max_flood),
        )
    }
}

impl<S, F, V, R> Vtep<S, F, V, R>
where
    S: Slots,
    F: SetStorage<(Vni, IpAddr)>,
    V: SetStorage<Vni>,
    R: SetStorage<IpAddr>,
{
    /// A VTEP over a forwarding database, accepting every VNI and remote, learning on.
    pub fn new(fdb: Fdb<S>) -> Self {
        Self::with_flood_list(fdb, F::default())
    }

    /// Like [`Vtep::new`], with the flood list's storage given (for a limit of its own).
    pub fn with_flood_list(fdb: Fdb<S>, flood: F) -> Self {
        Vtep {
            fdb,
            config: DecapConfig::default(),
            learning: true,
            flood,
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
            .values()
            .filter(move |(v, _)| *v == vni)
            .map(|(_, ip)| ip)
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
        let mut v: FixedVtep<16, 8, 4> = Vtep::new(FixedFdb::<16>::new());
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
        let mut v: FixedVtep<16, 8, 4> = Vtep::new(FixedFdb::<16>::new());
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
        let mut v: FixedVtep<16, 8, 4> = Vtep::new(FixedFdb::<16>::new());
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
        let mut v: FixedVtep<4, 2, 4> = Vtep::new(FixedFdb::<4>::new());
        let vni = Vni::new(1).unwrap();
        assert_eq!(v.add_flood(vni, ip(1)), Ok(true));
        assert_eq!(v.add_flood(vni, ip(1)), Ok(false));
        assert_eq!(v.add_flood(vni, ip(2)), Ok(true));
        assert_eq!(v.add_flood(vni, ip(3)), Err(SetFull { capacity: 2 }));
        assert!(v.remove_flood(vni, ip(1)));
        assert_eq!(v.flood_list(vni).count(), 1);
    }

    #[cfg(feature = "alloc")]
    #[test]
    fn growable_vtep_grows_to_its_limits() {
        let mut v = GrowableVtep::growable(100, 1000);
        for i in 0..1000u32 {
            let vni = Vni::new(i % 10).unwrap();
            let remote = IpAddr::V4(Ipv4Addr::from(0x0a00_0000 + i));
            assert_eq!(v.add_flood(vni, remote), Ok(true));
        }
        let one = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1));
        assert_eq!(
            v.add_flood(Vni::new(1).unwrap(), one),
            Err(SetFull { capacity: 1000 })
        );
        assert_eq!(v.flood_list(Vni::new(3).unwrap()).count(), 100);
        for i in 0..300u32 {
            v.allowed_vnis.allow(Vni::new(i).unwrap()).unwrap();
        }
        assert!(v.allowed_vnis.allows(&Vni::new(299).unwrap()));
        assert!(v.allowed_vnis.disallow(&Vni::new(299).unwrap()));
        assert!(!v.allowed_vnis.allows(&Vni::new(299).unwrap()));
        assert_eq!(v.fdb.capacity(), 100);
    }
}
