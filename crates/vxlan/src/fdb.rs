//! The VTEP forwarding database: (VNI, inner MAC) to remote VTEP.
//!
//! An open-addressing hash table over a slot storage the caller chooses: a fixed array
//! (`[Slot; N]`, no heap, for firmware) or, with the `alloc` feature, a `Vec` that
//! doubles when it fills up to a limit the caller sets. A full table is reported
//! ([`Learn::TableFull`], [`Error`](crate::Error) free), never a panic or a silent drop.
//!
//! Time is passed in by the caller as a [`Duration`] since any fixed epoch of its
//! choosing (a monotonic clock); the table never reads a clock.

use core::net::IpAddr;
use core::time::Duration;

use crate::header::Vni;

/// Default ageing time of learned entries, 300 s (the IEEE 802.1Q default and Linux's).
pub const DEFAULT_AGEING_TIME: Duration = Duration::from_secs(300);

/// How an entry got into the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryKind {
    /// Configured; never aged out and never replaced by learning.
    Static,
    /// Learned from a received frame; ages out.
    Learned,
}

/// One forwarding entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Entry {
    /// The VXLAN segment.
    pub vni: Vni,
    /// The inner (tenant) MAC address.
    pub mac: [u8; 6],
    /// The remote VTEP behind which the MAC lives.
    pub remote: IpAddr,
    /// Static or learned.
    pub kind: EntryKind,
    /// When the entry was last added or refreshed.
    pub last_seen: Duration,
}

/// A slot of the table: empty or holding an entry.
pub type Slot = Option<Entry>;

/// Storage of slots for an [`Fdb`].
pub trait Slots: AsRef<[Slot]> + AsMut<[Slot]> {
    /// Empty storage of twice the size (at least `min`), or `None` when this storage
    /// cannot grow.
    fn grown(&self, min: usize) -> Option<Self>
    where
        Self: Sized;
}

impl<const N: usize> Slots for [Slot; N] {
    fn grown(&self, _min: usize) -> Option<Self> {
        None
    }
}

#[cfg(feature = "alloc")]
impl Slots for alloc::vec::Vec<Slot> {
    fn grown(&self, min: usize) -> Option<Self> {
        let n = core::cmp::max(self.len().saturating_mul(2), min).max(8);
        Some(alloc::vec![None; n])
    }
}

/// What [`Fdb::learn`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Learn {
    /// A new entry was added.
    New,
    /// The entry existed with the same remote; its age was reset.
    Refreshed,
    /// The MAC moved to another remote VTEP.
    Moved {
        /// The remote it was behind before.
        previous: IpAddr,
    },
    /// A static entry exists for the key; it was left as it is.
    Static,
    /// The table is full: nothing was learned.
    TableFull,
}

/// Why [`Fdb::add_static`] failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FdbError {
    /// The table holds as many entries as it may.
    #[error("forwarding table full ({capacity} entries)")]
    Full {
        /// How many entries it holds.
        capacity: usize,
    },
}

/// Counters a device can report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FdbCounters {
    /// Entries learned (new).
    pub learned: u64,
    /// Entries moved to another remote.
    pub moved: u64,
    /// Learning attempts refused because the table was full.
    pub table_full: u64,
    /// Entries removed by ageing.
    pub aged: u64,
}

/// The forwarding database.
#[derive(Debug, Clone)]
pub struct Fdb<S: Slots> {
    slots: S,
    len: usize,
    max_entries: usize,
    /// The largest distance any entry was stored from its home slot since the storage
    /// was (re)built: a lookup never needs to probe further.
    max_probe: usize,
    ageing_time: Duration,
    counters: FdbCounters,
}

/// A forwarding database in a fixed array of `N` slots: no heap.
pub type FixedFdb<const N: usize> = Fdb<[Slot; N]>;

/// A forwarding database on the heap that grows up to a set limit.
#[cfg(feature = "alloc")]
pub type GrowableFdb = Fdb<alloc::vec::Vec<Slot>>;

impl<const N: usize> Default for Fdb<[Slot; N]> {
    fn default() -> Self {
        Fdb::with_slots([None; N])
    }
}

impl<const N: usize> Fdb<[Slot; N]> {
    /// An empty table of `N` slots.
    pub fn new() -> Self {
        Self::default()
    }
}

#[cfg(feature = "alloc")]
impl Fdb<alloc::vec::Vec<Slot>> {
    /// An empty table on the heap that holds at most `max_entries` entries, growing as
    /// it fills.
    pub fn growable(max_entries: usize) -> Self {
        let mut f = Fdb::with_slots(alloc::vec![None; 16]);
        f.max_entries = max_entries;
        f
    }
}

fn hash(vni: Vni, mac: &[u8; 6]) -> usize {
    // FNV-1a over the 9 key bytes; cheap and good enough to spread MACs.
    let mut h: u32 = 0x811C_9DC5;
    let v = vni.get().to_be_bytes();
    for b in v[1..].iter().chain(mac.iter()) {
        h ^= u32::from(*b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h as usize
}

impl<S: Slots> Fdb<S> {
    /// A table over the given storage; every slot must be empty (non-empty slots are
    /// cleared). For storage that cannot grow, the table holds as many entries as it
    /// has slots.
    pub fn with_slots(mut slots: S) -> Self {
        slots.as_mut().fill(None);
        let n = slots.as_ref().len();
        Fdb {
            slots,
            len: 0,
            // Keep an eighth of the slots free so that probe chains stay short and a
            // lookup that misses ends quickly even when the table is "full".
            max_entries: n - n / 8,
            max_probe: 0,
            ageing_time: DEFAULT_AGEING_TIME,
            counters: FdbCounters::default(),
        }
    }

    /// Sets how many entries the table may hold. For fixed storage it is at most the
    /// number of slots; the default keeps an eighth free, and filling every slot makes
    /// lookups that miss probe further. Returns the limit now in force.
    pub fn set_max_entries(&mut self, max: usize) -> usize {
        let n = self.slots.as_ref().len();
        self.max_entries = if self.slots.grown(n + 1).is_some() {
            max
        } else {
            max.min(n)
        }
        .max(self.len);
        self.max_entries
    }

    /// The table with [`Fdb::set_max_entries`] applied, for building.
    #[must_use]
    pub fn with_max_entries(mut self, max: usize) -> Self {
        self.set_max_entries(max);
        self
    }

    /// Sets how long a learned entry lives without being refreshed.
    pub fn set_ageing_time(&mut self, t: Duration) {
        self.ageing_time = t;
    }

    /// How long a learned entry lives without being refreshed.
    pub fn ageing_time(&self) -> Duration {
        self.ageing_time
    }

    /// Entries in the table.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// How many entries the table may hold.
    pub fn capacity(&self) -> usize {
        self.max_entries
    }

    /// The counters.
    pub fn counters(&self) -> FdbCounters {
        self.counters
    }

    fn find(&self, vni: Vni, mac: &[u8; 6]) -> Option<usize> {
        let slots = self.slots.as_ref();
        let n = slots.len();
        if n == 0 {
            return None;
        }
        let mut i = hash(vni, mac) % n;
        for _ in 0..=self.max_probe.min(n - 1) {
            match &slots[i] {
                None => return None,
                Some(e) if e.vni == vni && e.mac == *mac => return Some(i),
                Some(_) => i = (i + 1) % n,
            }
        }
        None
    }

    /// The entry for a key.
    pub fn lookup(&self, vni: Vni, mac: &[u8; 6]) -> Option<&Entry> {
        self.find(vni, mac)
            .and_then(|i| self.slots.as_ref()[i].as_ref())
    }

    /// The remote VTEP a frame to `mac` on `vni` goes to, if known.
    pub fn remote_for(&self, vni: Vni, mac: &[u8; 6]) -> Option<IpAddr> {
        self.lookup(vni, mac).map(|e| e.remote)
    }

    /// Makes room for one more entry, growing the storage when it may; false when the
    /// table is at its limit.
    fn reserve_one(&mut self) -> bool {
        if self.len >= self.max_entries {
            return false;
        }
        let n = self.slots.as_ref().len();
        // Keep the load under 7/8 in growable storage so that probes stay short; a
        // fixed array may fill completely.
        if (self.len + 1) * 8 > n * 7 {
            if let Some(mut bigger) = self.slots.grown(n + 1) {
                self.max_probe = 0;
                for e in self.slots.as_mut().iter_mut().filter_map(Option::take) {
                    let d = insert_slot(bigger.as_mut(), e);
                    self.max_probe = self.max_probe.max(d);
                }
                self.slots = bigger;
            } else if self.len >= n {
                return false;
            }
        }
        true
    }

    fn insert_new(&mut self, e: Entry) -> bool {
        if !self.reserve_one() {
            return false;
        }
        let d = insert_slot(self.slots.as_mut(), e);
        self.max_probe = self.max_probe.max(d);
        self.len += 1;
        true
    }

    /// Learns that `mac` on `vni` lives behind `remote`, seen at `now`.
    pub fn learn(&mut self, vni: Vni, mac: [u8; 6], remote: IpAddr, now: Duration) -> Learn {
        if let Some(i) = self.find(vni, &mac) {
            let Some(e) = self.slots.as_mut()[i].as_mut() else {
                return Learn::TableFull;
            };
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
                    self.counters.moved += 1;
                    Learn::Moved { previous }
                }
            };
        }
        let e = Entry {
            vni,
            mac,
            remote,
            kind: EntryKind::Learned,
            last_seen: now,
        };
        if self.insert_new(e) {
            self.counters.learned += 1;
            Learn::New
        } else {
            self.counters.table_full += 1;
            Learn::TableFull
        }
    }

    /// Adds or replaces a static entry.
    pub fn add_static(
        &mut self,
        vni: Vni,
        mac: [u8; 6],
        remote: IpAddr,
        now: Duration,
    ) -> Result<(), FdbError> {
        let e = Entry {
            vni,
            mac,
            remote,
            kind: EntryKind::Static,
            last_seen: now,
        };
        if let Some(i) = self.find(vni, &mac) {
            self.slots.as_mut()[i] = Some(e);
            return Ok(());
        }
        if self.insert_new(e) {
            Ok(())
        } else {
            Err(FdbError::Full {
                capacity: self.max_entries,
            })
        }
    }

    /// Removes the entry for a key, static or learned; returns it.
    pub fn remove(&mut self, vni: Vni, mac: &[u8; 6]) -> Option<Entry> {
        let i = self.find(vni, mac)?;
        let e = remove_slot(self.slots.as_mut(), i);
        if e.is_some() {
            self.len -= 1;
        }
        e
    }

    /// Removes every learned entry not refreshed for the ageing time; returns how many.
    pub fn age(&mut self, now: Duration) -> usize {
        self.age_with(now, |_| {})
    }

    /// Like [`Fdb::age`], calling `on_removed` with each entry removed.
    pub fn age_with(&mut self, now: Duration, mut on_removed: impl FnMut(&Entry)) -> usize {
        let ageing = self.ageing_time;
        let mut removed = 0;
        let mut i = 0;
        while i < self.slots.as_ref().len() {
            let expired = matches!(&self.slots.as_ref()[i], Some(e)
                if e.kind == EntryKind::Learned && now.saturating_sub(e.last_seen) >= ageing);
            if expired {
                if let Some(e) = remove_slot(self.slots.as_mut(), i) {
                    on_removed(&e);
                    removed += 1;
                    self.len -= 1;
                }
                // The backward shift may have moved another entry into slot i.
                continue;
            }
            i += 1;
        }
        self.counters.aged += removed as u64;
        removed
    }

    /// Every entry, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &Entry> + '_ {
        self.slots.as_ref().iter().filter_map(Option::as_ref)
    }

    /// The earliest time at which [`Fdb::age`] would remove something, for arming a
    /// timer; `None` when no learned entry exists.
    pub fn next_expiry(&self) -> Option<Duration> {
        self.iter()
            .filter(|e| e.kind == EntryKind::Learned)
            .map(|e| e.last_seen.saturating_add(self.ageing_time))
            .min()
    }
}

/// Stores `e` in the first free slot from its home; returns how far from home that is.
fn insert_slot(slots: &mut [Slot], e: Entry) -> usize {
    let n = slots.len();
    let mut i = hash(e.vni, &e.mac) % n;
    let mut d = 0;
    loop {
        if slots[i].is_none() {
            slots[i] = Some(e);
            return d;
        }
        i = (i + 1) % n;
        d += 1;
    }
}

/// Removes slot `i` with backward-shift deletion, so that no tombstones are needed and
/// every remaining entry stays reachable from its home slot.
fn remove_slot(slots: &mut [Slot], i: usize) -> Option<Entry> {
    let n = slots.len();
    let removed = slots[i].take()?;
    let mut hole = i;
    let mut j = (i + 1) % n;
    while let Some(e) = slots[j] {
        let home = hash(e.vni, &e.mac) % n;
        // Move e into the hole when its home is not cyclically in (hole, j].
        let in_range = if hole <= j {
            hole < home && home <= j
        } else {
            hole < home || home <= j
        };
        if !in_range {
            slots[hole] = slots[j].take();
            hole = j;
        }
        j = (j + 1) % n;
        if j == i {
            break;
        }
    }
    Some(removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::net::Ipv4Addr;

    fn ip(n: u8) -> IpAddr {
        IpAddr::V4(Ipv4Addr::new(10, 0, 0, n))
    }
    fn mac(n: u16) -> [u8; 6] {
        let b = n.to_be_bytes();
        [2, 0, 0, 0, b[0], b[1]]
    }
    fn vni(n: u32) -> Vni {
        Vni::new(n).unwrap()
    }
    const T0: Duration = Duration::from_secs(1000);

    #[test]
    fn learn_refresh_move_static() {
        let mut f = FixedFdb::<8>::new();
        assert_eq!(f.learn(vni(1), mac(1), ip(1), T0), Learn::New);
        assert_eq!(f.learn(vni(1), mac(1), ip(1), T0), Learn::Refreshed);
        assert_eq!(
            f.learn(vni(1), mac(1), ip(2), T0),
            Learn::Moved { previous: ip(1) }
        );
        // The same MAC in another VNI is another entry.
        assert_eq!(f.learn(vni(2), mac(1), ip(3), T0), Learn::New);
        f.add_static(vni(1), mac(9), ip(9), T0).unwrap();
        assert_eq!(f.learn(vni(1), mac(9), ip(4), T0), Learn::Static);
        assert_eq!(f.remote_for(vni(1), &mac(9)), Some(ip(9)));
        assert_eq!(f.remote_for(vni(1), &mac(1)), Some(ip(2)));
        assert_eq!(f.remote_for(vni(2), &mac(1)), Some(ip(3)));
        assert_eq!(f.len(), 3);
        assert_eq!(f.counters().moved, 1);
    }

    #[test]
    fn full_fixed_table_reports_and_keeps_everything() {
        let mut f = FixedFdb::<4>::new();
        for i in 0..4 {
            assert_eq!(f.learn(vni(1), mac(i), ip(1), T0), Learn::New);
        }
        assert_eq!(f.learn(vni(1), mac(99), ip(1), T0), Learn::TableFull);
        assert_eq!(
            f.add_static(vni(1), mac(98), ip(1), T0),
            Err(FdbError::Full { capacity: 4 })
        );
        for i in 0..4 {
            assert_eq!(f.remote_for(vni(1), &mac(i)), Some(ip(1)));
        }
        // A lookup of a missing key in a full table terminates.
        assert_eq!(f.remote_for(vni(1), &mac(99)), None);
        assert_eq!(f.counters().table_full, 1);
    }

    #[test]
    fn ageing_spares_static_and_fresh_entries() {
        let mut f = FixedFdb::<16>::new();
        f.learn(vni(1), mac(1), ip(1), T0);
        f.learn(vni(1), mac(2), ip(1), T0 + Duration::from_secs(200));
        f.add_static(vni(1), mac(3), ip(1), T0).unwrap();
        assert_eq!(f.next_expiry(), Some(T0 + DEFAULT_AGEING_TIME));
        assert_eq!(f.age(T0 + Duration::from_secs(299)), 0);
        let mut gone = [None; 2];
        let n = f.age_with(T0 + Duration::from_secs(300), |e| gone[0] = Some(e.mac));
        assert_eq!(n, 1);
        assert_eq!(gone[0], Some(mac(1)));
        assert!(f.lookup(vni(1), &mac(2)).is_some());
        assert!(f.lookup(vni(1), &mac(3)).is_some());
        // Time going backwards never ages anything.
        assert_eq!(f.age(Duration::ZERO), 0);
    }

    #[test]
    fn a_fixed_table_keeps_an_eighth_free_unless_asked() {
        let mut f = FixedFdb::<64>::new();
        assert_eq!(f.capacity(), 56);
        for i in 0..56 {
            assert_eq!(f.learn(vni(1), mac(i), ip(1), T0), Learn::New);
        }
        assert_eq!(f.learn(vni(1), mac(999), ip(1), T0), Learn::TableFull);
        assert_eq!(f.set_max_entries(1000), 64);
        for i in 56..64 {
            assert_eq!(f.learn(vni(1), mac(i), ip(1), T0), Learn::New);
        }
        for i in 0..64 {
            assert!(f.lookup(vni(1), &mac(i)).is_some());
        }
        assert_eq!(f.remote_for(vni(1), &mac(999)), None);
        // The limit never drops below what the table holds.
        assert_eq!(f.set_max_entries(3), 64);
    }

    #[test]
    fn removal_keeps_probe_chains_intact() {
        let mut f = FixedFdb::<7>::new();
        for i in 0..7 {
            f.learn(vni(1), mac(i), ip(i as u8), T0);
        }
        for i in (0..7).step_by(2) {
            assert!(f.remove(vni(1), &mac(i)).is_some());
        }
        for i in 0..7 {
            let expect = if i % 2 == 0 { None } else { Some(ip(i as u8)) };
            assert_eq!(f.remote_for(vni(1), &mac(i)), expect, "mac {i}");
        }
        assert_eq!(f.len(), 3);
    }

    #[cfg(feature = "alloc")]
    #[test]
    fn growable_table_grows_to_its_limit() {
        let mut f = GrowableFdb::growable(1000);
        for i in 0..1000 {
            assert_eq!(f.learn(vni(7), mac(i), ip(1), T0), Learn::New);
        }
        assert_eq!(f.learn(vni(7), mac(1000), ip(1), T0), Learn::TableFull);
        for i in 0..1000 {
            assert_eq!(f.remote_for(vni(7), &mac(i)), Some(ip(1)));
        }
    }
}
