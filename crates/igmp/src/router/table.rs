//! The per-interface group state (RFC 9776 §6.2–§6.5, RFC 9777 §7.2–§7.5).
//!
//! [`GroupTable`] keeps, for each group on one interface, the filter mode, the group
//! timer, the source records with their timers, the older-version host present timers
//! (§7.3.2) and the retransmission state of the group's queries (§6.6.3). It applies
//! every row of the action tables of RFC 9776 §6.4.1 (current-state records) and §6.4.2
//! (state-change records) and runs the §6.5 timers. The [`Router`](super::Router)
//! drives it; the table itself sends nothing: a record that asks for "Send Q(G)" or
//! "Send Q(G,X)" returns that request to the router.
//!
//! Forwarding changes are reported as [`Event`]s computed as the difference between the
//! group's state before and after each step (for records that can only start
//! forwarding, the sources they start), so that a consumer that applies them as
//! [`Event`] documents always agrees with [`Group::forwards`].
//!
//! # Layout and cost
//!
//! Everything lives in fixed arrays (no heap). The groups occupy the first `len` of `G`
//! slots; beside them an index of (address, slot) pairs in ascending address order finds
//! a group by binary search, O(log G). Adding a group shifts the index entries above
//! it, removing one also moves the last slot into the hole (O(G) small copies, only
//! when a group comes or goes). A group's source records are packed at the front of its
//! `S` entries in ascending address order: a source is found by binary search, after
//! first trying the entry following the previous hit, so a record that lists sources in
//! address order is matched in one pass. Each record marks the sources it names in an
//! `S`-entry array and derives the §6.4 set operations (A−B, A∗B, X−A, A−Y) from those
//! marks, and the forwarding difference is a merge of two sorted lists: a record of `n`
//! sources costs O(n log S + S), plus O(S) for each source it adds.

use core::cmp::Ordering;
use core::fmt;
use core::time::Duration;

use crate::wire::records::{RecordType, WireAddr};

use super::{Family, Version};

/// The timer values a router works with (RFC 9776 §8, RFC 9777 §9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timers {
    /// Robustness Variable (§8.1, default 2; must not be zero).
    pub robustness: u32,
    /// Query Interval (§8.2, default 125 s).
    pub query_interval: Duration,
    /// Query Response Interval (§8.3, default 10 s): the Max Response Time of General
    /// Queries.
    pub query_response_interval: Duration,
    /// Last Member Query Interval (§8.8, default 1 s; RFC 9777 §9.8 calls it the Last
    /// Listener Query Interval): the Max Response Time of group-specific and
    /// group-and-source-specific queries, and the time between their retransmissions.
    pub last_member_query_interval: Duration,
}

impl Default for Timers {
    fn default() -> Self {
        Timers {
            robustness: 2,
            query_interval: Duration::from_secs(125),
            query_response_interval: Duration::from_secs(10),
            last_member_query_interval: Duration::from_secs(1),
        }
    }
}

impl Timers {
    /// Group Membership Interval, RV × QI + 2 × QRI (RFC 9776 §8.4; the Multicast Address
    /// Listening Interval of RFC 9777 §9.4). 270 s with the defaults. (RFC 3376 had
    /// RV × QI + QRI; the 2025 revisions doubled the QRI term.)
    pub fn gmi(&self) -> Duration {
        self.query_interval * self.robustness + self.query_response_interval * 2
    }

    /// Other Querier Present Interval, RV × QI + QRI / 2 (RFC 9776 §8.5, RFC 9777 §9.5).
    /// 255 s with the defaults.
    pub fn other_querier_present_interval(&self) -> Duration {
        self.query_interval * self.robustness + self.query_response_interval / 2
    }

    /// Older Host Present Interval, RV × QI + QRI (RFC 9776 §8.13; the Older Version
    /// Host Present Interval of RFC 9777 §9.13). 260 s with the defaults.
    pub fn older_host_present_interval(&self) -> Duration {
        self.query_interval * self.robustness + self.query_response_interval
    }

    /// Startup Query Interval default, QI / 4 (§8.6).
    pub fn default_startup_query_interval(&self) -> Duration {
        self.query_interval / 4
    }

    /// Last Member Query Count: the Robustness Variable (§8.9).
    pub fn lmqc(&self) -> u32 {
        self.robustness
    }

    /// Last Member Query Time: LMQI × LMQC (§8.10).
    pub fn lmqt(&self) -> Duration {
        self.last_member_query_interval * self.lmqc()
    }
}

/// Filter mode of a group (§6.2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterMode {
    /// Forward only the listed sources whose timers run.
    Include,
    /// Forward every source but those listed with a stopped timer.
    Exclude,
}

/// One source record (§6.2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source<A> {
    /// The source address.
    pub addr: A,
    /// When the source timer expires; `None` when it is zero (in EXCLUDE mode: the
    /// sources every member blocks, not forwarded).
    pub expires: Option<Duration>,
    rexmit: u32,
}

impl<A> Source<A> {
    /// Group-and-source-specific queries still to send that include this source
    /// (§6.6.3.2).
    pub fn retransmissions(&self) -> u32 {
        self.rexmit
    }
}

/// A group's state on the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Group<A: WireAddr, const S: usize> {
    /// The group (multicast) address.
    pub addr: A,
    /// Router filter mode (§6.2.1).
    pub mode: FilterMode,
    /// Group timer deadline (§6.2.2; only EXCLUDE mode has one).
    pub group_timer: Option<Duration>,
    /// IGMPv1 Host Present timer deadline (RFC 9776 §7.3.2); never set for MLD.
    pub v1_host_present: Option<Duration>,
    /// IGMPv2 (MLDv1) Host Present timer deadline (RFC 9776 §7.3.2, RFC 9777 §8.3.2).
    pub v2_host_present: Option<Duration>,
    query_rexmit: u32,
    next_query: Option<Duration>,
    /// The source records packed at the front in ascending address order, then `None`s
    /// (so the derived equality compares states, not histories).
    sources: [Option<Source<A>>; S],
}

impl<A: WireAddr, const S: usize> Group<A, S> {
    fn new(addr: A) -> Self {
        Group {
            addr,
            mode: FilterMode::Include,
            group_timer: None,
            v1_host_present: None,
            v2_host_present: None,
            query_rexmit: 0,
            next_query: None,
            sources: [None; S],
        }
    }

    /// The source records, in ascending address order.
    pub fn sources(&self) -> impl Iterator<Item = &Source<A>> + '_ {
        self.sources.iter().map_while(Option::as_ref)
    }

    /// The source record of `a`.
    pub fn source(&self, a: &A) -> Option<&Source<A>> {
        self.sources().find(|s| s.addr == *a)
    }

    /// The Group Compatibility Mode (RFC 9776 §7.3.2): [`Version::V1`] while the IGMPv1
    /// Host Present timer runs, [`Version::V2`] (IGMPv2, MLDv1) while the v2 one runs,
    /// else [`Version::V3`] (IGMPv3, MLDv2).
    pub fn compatibility_mode(&self) -> Version {
        if self.v1_host_present.is_some() {
            Version::V1
        } else if self.v2_host_present.is_some() {
            Version::V2
        } else {
            Version::V3
        }
    }

    /// Group-specific queries still to send for this group (§6.6.3.1).
    pub fn group_query_retransmissions(&self) -> u32 {
        self.query_rexmit
    }

    /// When the next retransmission of this group's queries is due.
    pub fn next_query(&self) -> Option<Duration> {
        self.next_query
    }

    /// Whether IGMP suggests forwarding traffic from `src` to this group (RFC 9776 §6.3):
    /// a source record forwards while its timer runs; a source without a record is
    /// forwarded in EXCLUDE mode and not in INCLUDE mode. Timers that have reached their
    /// deadline count as running until [`Router::poll`](super::Router::poll) runs them.
    pub fn forwards(&self, src: &A) -> bool {
        decide(self.mode, self.source(src))
    }

    fn deadlines(&self) -> impl Iterator<Item = Duration> + '_ {
        self.group_timer
            .into_iter()
            .chain(self.v1_host_present)
            .chain(self.v2_host_present)
            .chain(self.next_query)
            .chain(self.sources().filter_map(|s| s.expires))
    }

    /// Whether [`GroupTable::expire`] has anything to do for this group at `now`.
    fn expiring(&self, now: Duration) -> bool {
        let due = |t: Option<Duration>| t.is_some_and(|t| t <= now);
        due(self.group_timer)
            || due(self.v1_host_present)
            || due(self.v2_host_present)
            || self.sources().any(|s| due(s.expires))
            || self.is_void()
    }

    /// INCLUDE with no sources: no state at all (§6.4, the group is deleted).
    fn is_void(&self) -> bool {
        self.mode == FilterMode::Include && self.sources[..].first().is_none_or(Option::is_none)
    }

    /// Keeps the source records for which `keep(position, record)` holds (it may also
    /// change them), packed and in order.
    fn retain_sources(&mut self, mut keep: impl FnMut(usize, &mut Source<A>) -> bool) {
        let mut w = 0;
        for r in 0..S {
            let Some(mut s) = self.sources[r] else { break };
            self.sources[r] = None;
            if keep(r, &mut s) {
                self.sources[w] = Some(s);
                w += 1;
            }
        }
    }
}

/// A record named the source ([`Group::name`]).
const NAMED: u8 = 1;
/// A record started forwarding the source.
const STARTED: u8 = 2;

/// The forwarding decision for a source whose record is `s` in a group of `mode`.
fn decide<A>(mode: FilterMode, s: Option<&Source<A>>) -> bool {
    match s {
        Some(s) => s.expires.is_some(),
        None => mode == FilterMode::Exclude,
    }
}

impl<A: WireAddr + Ord, const S: usize> Group<A, S> {
    /// Where source `a` is (`Ok`) or would go (`Err`). `hint` is tried first: the
    /// position after the previous lookup, right when a record lists its sources in
    /// address order.
    #[inline]
    fn locate(&self, a: &A, hint: usize) -> Result<usize, usize> {
        if let Some(Some(s)) = self.sources.get(hint)
            && s.addr == *a
        {
            return Ok(hint);
        }
        self.sources.binary_search_by(|s| match s {
            Some(s) => s.addr.cmp(a),
            None => Ordering::Greater,
        })
    }

    fn source_sorted(&self, a: &A) -> Option<&Source<A>> {
        self.locate(a, 0)
            .ok()
            .and_then(|i| self.sources[i].as_ref())
    }

    /// A source named by a record: finds it and marks it [`NAMED`] in `marks`, or, with
    /// `new`,
    /// records a missing one with timer `new` (a [`Event::SourceLimit`] when the group
    /// is full; `marks` are kept aligned). Returns its position and whether it is new;
    /// `cursor` is the hint of [`Group::locate`], moved past it.
    #[inline]
    fn name<K: EventSink<A>>(
        &mut self,
        a: A,
        new: Option<Option<Duration>>,
        cursor: &mut usize,
        marks: &mut [u8; S],
        sink: &mut K,
    ) -> Option<(usize, bool)> {
        let (i, added) = match self.locate(&a, *cursor) {
            Ok(i) => (i, false),
            Err(i) => {
                let expires = new?;
                // Full when the last entry is taken (or S is 0).
                if self.sources.last().is_none_or(Option::is_some) {
                    sink.event(Event::SourceLimit {
                        group: self.addr,
                        source: a,
                    });
                    return None;
                }
                self.sources.copy_within(i..S - 1, i + 1);
                marks.copy_within(i..S - 1, i + 1);
                marks[i] = 0;
                self.sources[i] = Some(Source {
                    addr: a,
                    expires,
                    rexmit: 0,
                });
                (i, true)
            }
        };
        marks[i] |= NAMED;
        *cursor = i + 1;
        Some((i, added))
    }
}

/// What the forwarding plane is told (RFC 9776 §6.3).
///
/// A consumer keeps, per group, a (*,G) flag and per-source decisions, and forwards
/// traffic from S to G when S's decision says so, or, when S has no decision, when the
/// (*,G) flag is set. `source: None` events set or clear the (*,G) flag **and drop every
/// per-source decision of the group**; the router follows them with the per-source
/// decisions that differ from the new flag. A consumer applying the events in order
/// always agrees with [`Group::forwards`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event<A> {
    /// Start forwarding traffic of `source` (or, for `None`, of every source without a
    /// decision of its own: the group went to EXCLUDE mode) to `group`.
    Forward {
        /// The group.
        group: A,
        /// The source, or `None` for (*,G).
        source: Option<A>,
    },
    /// Stop forwarding it (for `None`: the group went to INCLUDE mode or was deleted).
    StopForwarding {
        /// The group.
        group: A,
        /// The source, or `None` for (*,G).
        source: Option<A>,
    },
    /// A record for a new group was not applied: the table holds its `G` groups already.
    GroupLimit {
        /// The group that did not fit.
        group: A,
    },
    /// A source was not recorded: the group holds its `S` sources already.
    SourceLimit {
        /// The group.
        group: A,
        /// The source that did not fit.
        source: A,
    },
}

/// Where the table writes forwarding events.
pub(crate) trait EventSink<A> {
    fn event(&mut self, e: Event<A>);
}

/// The queries a record asks for (the "Send Q(G)" and "Send Q(G,X)" actions).
#[derive(Debug)]
pub(crate) struct Requested<A, const S: usize> {
    pub(crate) group: bool,
    pub(crate) sources: SmallSet<A, S>,
    /// The group has retransmissions pending (§6.6.3: a new query merges with them).
    pub(crate) pending: bool,
}

/// Up to `S` distinct addresses in a fixed array.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SmallSet<A, const S: usize> {
    items: [Option<A>; S],
    n: usize,
}

impl<A: Copy + PartialEq, const S: usize> SmallSet<A, S> {
    pub(crate) fn new() -> Self {
        SmallSet {
            items: [None; S],
            n: 0,
        }
    }
    /// Adds `a`, which the caller knows is not in the set yet (every caller pushes the
    /// distinct sources of one group); beyond `S` it is left out.
    pub(crate) fn push(&mut self, a: A) {
        debug_assert!(!self.iter().any(|x| x == a));
        if self.n < S {
            self.items[self.n] = Some(a);
            self.n += 1;
        }
    }
    pub(crate) fn iter(&self) -> impl Iterator<Item = A> + '_ {
        self.items[..self.n].iter().flatten().copied()
    }
    pub(crate) fn is_empty(&self) -> bool {
        self.n == 0
    }
}

/// Where a group's state is: its address and its slot in [`GroupTable::groups`].
#[derive(Clone, Copy)]
struct Entry<A> {
    addr: A,
    slot: u32,
}

/// The group state of one interface: up to `G` groups of up to `S` sources.
#[derive(Clone)]
pub(crate) struct GroupTable<A: Family, const G: usize, const S: usize> {
    /// The groups, in slots `0..len` (in no particular order).
    groups: [Option<Group<A, S>>; G],
    /// One entry per group in `0..len`, in ascending address order.
    index: [Entry<A>; G],
    len: usize,
    /// The index position of the group last looked up for a change, tried first (a
    /// record's group is looked up for its compatibility mode, then to apply it).
    last: usize,
}

impl<A: Family, const G: usize, const S: usize> fmt::Debug for GroupTable<A, G, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.groups()).finish()
    }
}

fn star<A: WireAddr, const S: usize>(g: Option<&Group<A, S>>) -> bool {
    g.is_some_and(|g| g.mode == FilterMode::Exclude)
}

/// Emits the forwarding events that take a consumer from `before` to `after`: a merge
/// of the two source lists, which are both in address order.
fn diff<A: WireAddr + Ord, const S: usize, K: EventSink<A>>(
    addr: A,
    before: Option<&Group<A, S>>,
    after: Option<&Group<A, S>>,
    sink: &mut K,
) {
    let ev = |forward: bool, source: Option<A>| {
        if forward {
            Event::Forward {
                group: addr,
                source,
            }
        } else {
            Event::StopForwarding {
                group: addr,
                source,
            }
        }
    };
    let (sb, sa) = (star(before), star(after));
    if sb != sa {
        sink.event(ev(sa, None));
        for s in after.into_iter().flat_map(Group::sources) {
            let d = s.expires.is_some();
            if d != sa {
                sink.event(ev(d, Some(s.addr)));
            }
        }
        return;
    }
    let none: &[Option<Source<A>>] = &[];
    let (b, a) = (
        before.map_or(none, |g| &g.sources[..]),
        after.map_or(none, |g| &g.sources[..]),
    );
    let at = |l: &[Option<Source<A>>], i: usize| l.get(i).copied().flatten();
    let (mut i, mut j) = (0, 0);
    loop {
        // A source without a record follows the (*,G) state, the same on both sides.
        let (s, db, da) = match (at(b, i), at(a, j)) {
            (None, None) => break,
            (Some(x), None) => {
                i += 1;
                (x.addr, x.expires.is_some(), sa)
            }
            (None, Some(y)) => {
                j += 1;
                (y.addr, sb, y.expires.is_some())
            }
            (Some(x), Some(y)) => match x.addr.cmp(&y.addr) {
                Ordering::Less => {
                    i += 1;
                    (x.addr, x.expires.is_some(), sa)
                }
                Ordering::Greater => {
                    j += 1;
                    (y.addr, sb, y.expires.is_some())
                }
                Ordering::Equal => {
                    i += 1;
                    j += 1;
                    (x.addr, x.expires.is_some(), y.expires.is_some())
                }
            },
        };
        if db != da {
            sink.event(ev(da, Some(s)));
        }
    }
}

impl<A: Family, const G: usize, const S: usize> GroupTable<A, G, S> {
    // A table may be megabytes: `new` and `vacant` are calls, not inlined, so that
    // their results are written where the caller wants them instead of being built on
    // the stack and copied (the optimizer forwards a call's result, not a loop's).
    #[inline(never)]
    pub(crate) fn new() -> Self {
        // Slots are numbered in 32 bits (a table that large would not fit in memory).
        const { assert!(G <= u32::MAX as usize) };
        GroupTable {
            groups: Self::vacant(),
            index: [Entry {
                addr: A::UNSPECIFIED,
                slot: 0,
            }; G],
            len: 0,
            last: 0,
        }
    }

    #[inline(never)]
    fn vacant() -> [Option<Group<A, S>>; G] {
        [None; G]
    }

    /// The index position of group `g` (`Ok`) or where it would go (`Err`).
    fn find(&self, g: &A) -> Result<usize, usize> {
        if let Some(e) = self.index[..self.len].get(self.last)
            && e.addr == *g
        {
            return Ok(self.last);
        }
        self.index[..self.len].binary_search_by(|e| e.addr.cmp(g))
    }

    /// [`GroupTable::find`], remembering a hit for the next lookup.
    fn seek(&mut self, g: &A) -> Result<usize, usize> {
        let r = self.find(g);
        if let Ok(k) = r {
            self.last = k;
        }
        r
    }

    /// The Group Compatibility Mode of `g` ([`Group::compatibility_mode`]; IGMPv3 or
    /// MLDv2 without state).
    pub(crate) fn compatibility_mode(&mut self, g: &A) -> Version {
        match self.seek(g) {
            Ok(k) => self.groups[self.index[k].slot as usize]
                .as_ref()
                .map_or(Version::V3, Group::compatibility_mode),
            Err(_) => Version::V3,
        }
    }

    fn slot(&self, g: &A) -> Option<usize> {
        self.find(g).ok().map(|k| self.index[k].slot as usize)
    }

    pub(crate) fn group(&self, g: &A) -> Option<&Group<A, S>> {
        self.slot(g).and_then(|i| self.groups[i].as_ref())
    }

    fn group_mut(&mut self, g: &A) -> Option<&mut Group<A, S>> {
        let k = self.seek(g).ok()?;
        self.groups[self.index[k].slot as usize].as_mut()
    }

    /// Every group, in ascending address order.
    pub(crate) fn groups(&self) -> impl Iterator<Item = &Group<A, S>> + '_ {
        self.index[..self.len]
            .iter()
            .filter_map(|e| self.groups[e.slot as usize].as_ref())
    }

    /// Whether traffic from `src` to `g` is forwarded ([`Group::forwards`]).
    pub(crate) fn forwards(&self, g: &A, src: &A) -> bool {
        self.group(g)
            .is_some_and(|g| decide(g.mode, g.source_sorted(src)))
    }

    /// Adds a new group at index position `k` (from [`GroupTable::find`]); its slot, or
    /// `None` when the table is full.
    fn insert(&mut self, k: usize, g: A) -> Option<usize> {
        if self.len == G {
            return None;
        }
        let slot = self.len;
        self.groups[slot] = Some(Group::new(g));
        self.index.copy_within(k..self.len, k + 1);
        self.index[k] = Entry {
            addr: g,
            slot: slot as u32,
        };
        self.len += 1;
        self.last = k;
        Some(slot)
    }

    /// Deletes the group at index position `k`; the last slot moves into its place.
    fn remove(&mut self, k: usize) {
        let slot = self.index[k].slot as usize;
        self.index.copy_within(k + 1..self.len, k);
        self.len -= 1;
        let last = self.len;
        self.groups[slot] = self.groups[last].take();
        if slot != last
            && let Some(moved) = self.groups[slot].as_ref()
            && let Ok(m) = self.find(&moved.addr)
        {
            self.index[m].slot = slot as u32;
        }
    }

    /// Finds or creates the group for a record that may create state: its index
    /// position and slot; `None` when the record creates nothing or the table is full
    /// (a [`Event::GroupLimit`]).
    fn slot_for<K: EventSink<A>>(
        &mut self,
        group: A,
        record_type: RecordType,
        empty: bool,
        sink: &mut K,
    ) -> Option<(usize, usize)> {
        let k = match self.seek(&group) {
            Ok(k) => return Some((k, self.index[k].slot as usize)),
            Err(k) => k,
        };
        // A group in INCLUDE() with no sources is no state at all: BLOCK, and TO_IN,
        // IS_IN and ALLOW with no sources, for an unknown group change nothing.
        if matches!(record_type, RecordType::BlockOldSources)
            || (empty
                && matches!(
                    record_type,
                    RecordType::ModeIsInclude
                        | RecordType::ChangeToIncludeMode
                        | RecordType::AllowNewSources
                ))
        {
            return None;
        }
        match self.insert(k, group) {
            Some(slot) => Some((k, slot)),
            None => {
                sink.event(Event::GroupLimit { group });
                None
            }
        }
    }

    /// Applies one group record (current-state or state-change, §6.4) received at `now`
    /// with the Group Membership Interval `gmi`. Returns the queries the record asks
    /// for. The timers of the sources to query are not lowered here: that is part of
    /// sending the query ([`GroupTable::lower_sources`], §6.6.3.2). The group timer of a
    /// "Send Q(G)" is lowered here to `lmqt` (§6.6.3.1).
    ///
    /// The sources of the record are walked once (twice for IS_EX and TO_EX, which
    /// delete before they add); `marks` flags the group's records the walk met, and
    /// the source lists of the queries are read off those marks, in address order.
    /// Records that only add sources or restart timers (IS_IN, ALLOW, TO_IN) report
    /// the sources whose forwarding they start; the others report the difference
    /// between the group before and after.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn report<K: EventSink<A>>(
        &mut self,
        group: A,
        record_type: RecordType,
        sources: impl Iterator<Item = A> + Clone,
        now: Duration,
        gmi: Duration,
        lmqt: Duration,
        sink: &mut K,
    ) -> Requested<A, S> {
        let mut req = Requested {
            group: false,
            sources: SmallSet::new(),
            pending: false,
        };
        if matches!(record_type, RecordType::Unknown(_)) {
            return req;
        }
        let empty = sources.clone().next().is_none();
        let Some((k, slot)) = self.slot_for(group, record_type, empty, sink) else {
            return req;
        };
        let Some(g) = self.groups[slot].as_mut() else {
            return req;
        };
        let adds_only = matches!(
            record_type,
            RecordType::ModeIsInclude
                | RecordType::AllowNewSources
                | RecordType::ChangeToIncludeMode
        );
        let before = (!adds_only).then_some(*g);
        let gmi = now + gmi;
        let mut marks = [0u8; S];
        let mut cursor = 0;
        // Which of the group's records go into the "Send Q(G,X)" query, by whether the
        // record named them and whether their timer runs.
        let mut query: Option<fn(bool, bool) -> bool> = None;
        match (g.mode, record_type) {
            // INCLUDE(A) + IS_IN(B) / ALLOW(B) -> INCLUDE(A+B); (B)=GMI
            // EXCLUDE(X,Y) + IS_IN(A) / ALLOW(A) -> EXCLUDE(X+A, Y-A); (A)=GMI
            // INCLUDE(A) + TO_IN(B) -> INCLUDE(A+B); (B)=GMI; Send Q(G,A-B)
            // EXCLUDE(X,Y) + TO_IN(A) -> EXCLUDE(X+A, Y-A); (A)=GMI; Send Q(G,X-A);
            //   Send Q(G)
            (
                mode,
                RecordType::ModeIsInclude
                | RecordType::AllowNewSources
                | RecordType::ChangeToIncludeMode,
            ) => {
                // Forwarding starts for a new record in INCLUDE mode (in EXCLUDE mode
                // (*,G) forwarded it already) and for a stopped timer that starts; the
                // usual refresh of running sources changes nothing.
                for b in sources {
                    if let Some((i, added)) =
                        g.name(b, Some(Some(gmi)), &mut cursor, &mut marks, sink)
                        && let Some(s) = g.sources[i].as_mut()
                    {
                        if (added && mode == FilterMode::Include) || s.expires.is_none() {
                            marks[i] |= STARTED;
                        }
                        s.expires = Some(gmi);
                    }
                }
                if record_type == RecordType::ChangeToIncludeMode {
                    // Every record of A (INCLUDE) runs; X is those of EXCLUDE that run.
                    query = Some(|named, running| !named && running);
                    req.group = mode == FilterMode::Exclude;
                }
            }
            // INCLUDE(A) + BLOCK(B) -> INCLUDE(A); Send Q(G,A*B)
            (FilterMode::Include, RecordType::BlockOldSources) => {
                for b in sources {
                    g.name(b, None, &mut cursor, &mut marks, sink);
                }
                query = Some(|named, _| named);
            }
            // EXCLUDE(X,Y) + BLOCK(A) -> EXCLUDE(X+(A-Y), Y); (A-X-Y)=GT; Send Q(G,A-Y)
            (FilterMode::Exclude, RecordType::BlockOldSources) => {
                let gt = g.group_timer;
                for a in sources {
                    g.name(a, Some(gt), &mut cursor, &mut marks, sink);
                }
                // Y: the named records with a stopped timer.
                query = Some(|named, running| named && running);
            }
            // INCLUDE(A) + IS_EX(B) -> EXCLUDE(A*B, B-A); (B-A)=0; Delete (A-B); GT=GMI
            // INCLUDE(A) + TO_EX(B) -> the same, and Send Q(G,A*B)
            // EXCLUDE(X,Y) + IS_EX(A) -> EXCLUDE(A-Y, Y*A); (A-X-Y)=GMI;
            //   Delete (X-A); Delete (Y-A); GT=GMI
            // EXCLUDE(X,Y) + TO_EX(A) -> EXCLUDE(A-Y, Y*A); (A-X-Y)=GT;
            //   Delete (X-A); Delete (Y-A); Send Q(G,A-Y); GT=GMI
            (mode, RecordType::ModeIsExclude | RecordType::ChangeToExcludeMode) => {
                let to_ex = record_type == RecordType::ChangeToExcludeMode;
                let new = match mode {
                    FilterMode::Include => None,
                    FilterMode::Exclude if to_ex => g.group_timer,
                    FilterMode::Exclude => Some(gmi),
                };
                // The deletions first, so that their room serves the additions.
                for b in sources.clone() {
                    g.name(b, None, &mut cursor, &mut marks, sink);
                }
                g.retain_sources(|i, _| marks[i] & NAMED != 0);
                let (mut cursor, mut marks) = (0, [0u8; S]);
                for b in sources {
                    g.name(b, Some(new), &mut cursor, &mut marks, sink);
                }
                g.mode = FilterMode::Exclude;
                g.group_timer = Some(gmi);
                // Every record left is in the new report; A*B (from INCLUDE, where the
                // new ones have stopped timers) and A-Y (from EXCLUDE) are those that
                // run.
                if to_ex {
                    query = Some(|_, running| running);
                }
            }
            (_, RecordType::Unknown(_)) => {}
        }
        if let Some(query) = query {
            for (i, s) in g.sources().enumerate() {
                if query(marks[i] & NAMED != 0, s.expires.is_some()) {
                    req.sources.push(s.addr);
                }
            }
        }
        // Send Q(G): lower the group timer to LMQT (§6.6.3.1).
        if req.group {
            let lmqt = now + lmqt;
            if g.group_timer.is_some_and(|t| t > lmqt) {
                g.group_timer = Some(lmqt);
            }
        }
        req.pending = g.next_query.is_some();
        if g.is_void() {
            // An INCLUDE group with no sources left is no state. (From IS_IN, ALLOW or
            // TO_IN: a new group whose every source hit the limit, no events.)
            req.pending = false;
            self.remove(k);
            if let Some(before) = before {
                diff(group, Some(&before), None, sink);
            }
        } else if let Some(before) = before {
            diff(group, Some(&before), Some(&*g), sink);
        } else {
            for (i, s) in g.sources().enumerate() {
                if marks[i] & STARTED != 0 {
                    sink.event(Event::Forward {
                        group,
                        source: Some(s.addr),
                    });
                }
            }
        }
        req
    }

    /// Lowers the timers of `sources` of `group` that run longer than `lmqt` from now to
    /// `now + lmqt` (a query without the S flag was sent or received, §6.6.1 and
    /// §6.6.3.2). With `rexmit`, those sources also get `rexmit` retransmissions (the
    /// querier's "Send Q(G,X)"). Returns whether any source was lowered.
    pub(crate) fn lower_sources(
        &mut self,
        group: &A,
        sources: impl Iterator<Item = A>,
        now: Duration,
        lmqt: Duration,
        rexmit: u32,
    ) -> bool {
        let Some(g) = self.group_mut(group) else {
            return false;
        };
        let lmqt = now + lmqt;
        let mut any = false;
        let mut cursor = 0;
        for a in sources {
            if let Ok(i) = g.locate(&a, cursor) {
                cursor = i + 1;
                if let Some(s) = g.sources[i].as_mut()
                    && s.expires.is_some_and(|t| t > lmqt)
                {
                    s.expires = Some(lmqt);
                    s.rexmit = rexmit;
                    any = true;
                }
            }
        }
        any
    }

    /// Lowers the group timer of `group` to `now + lmqt` when it runs longer (a
    /// group-specific query without the S flag was received, §6.6.1).
    pub(crate) fn lower_group(&mut self, group: &A, now: Duration, lmqt: Duration) {
        if let Some(g) = self.group_mut(group)
            && g.group_timer.is_some_and(|t| t > now + lmqt)
        {
            g.group_timer = Some(now + lmqt);
        }
    }

    /// Starts `count` group-specific query transmissions for `group` (§6.6.3.1).
    pub(crate) fn start_group_query(&mut self, group: &A, count: u32) {
        if let Some(g) = self.group_mut(group) {
            g.query_rexmit = count;
        }
    }

    /// Sets an older-version host present timer (§7.3.2): `version` is V1 or V2.
    pub(crate) fn host_present(&mut self, group: &A, version: Version, until: Duration) {
        if let Some(g) = self.group_mut(group) {
            match version {
                Version::V1 => g.v1_host_present = Some(until),
                Version::V2 => g.v2_host_present = Some(until),
                Version::V3 => {}
            }
        }
    }

    /// Forgets every pending query retransmission (the router stopped being querier).
    pub(crate) fn cancel_queries(&mut self) {
        for g in self.groups[..self.len].iter_mut().flatten() {
            g.query_rexmit = 0;
            g.next_query = None;
            for s in g.sources.iter_mut().map_while(Option::as_mut) {
                s.rexmit = 0;
            }
        }
    }

    /// Takes one transmission of the queries pending for `group`, as of `now`:
    /// whether a group-specific query is due and with which S flag, and the sources of
    /// the group-and-source-specific query split by S flag (§6.6.3.2: S set for sources
    /// whose timer is longer than LMQT). Counters are decreased; the next retransmission
    /// is scheduled `lmqi` later while any remain.
    pub(crate) fn take_transmission(
        &mut self,
        group: &A,
        now: Duration,
        lmqt: Duration,
        lmqi: Duration,
    ) -> Option<Transmission<A, S>> {
        let g = self.group_mut(group)?;
        let lmqt = now + lmqt;
        let mut t = Transmission {
            group: None,
            suppressed: SmallSet::new(),
            plain: SmallSet::new(),
        };
        if g.query_rexmit > 0 {
            g.query_rexmit -= 1;
            t.group = Some(g.group_timer.is_some_and(|gt| gt > lmqt));
        }
        let mut more = g.query_rexmit > 0;
        for s in g.sources.iter_mut().map_while(Option::as_mut) {
            if s.rexmit == 0 {
                continue;
            }
            match s.expires {
                None => s.rexmit = 0,
                Some(e) => {
                    s.rexmit -= 1;
                    more |= s.rexmit > 0;
                    if e > lmqt {
                        t.suppressed.push(s.addr);
                    } else {
                        t.plain.push(s.addr);
                    }
                }
            }
        }
        g.next_query = more.then_some(now + lmqi);
        Some(t)
    }

    /// The first group, from index position `*at` on in address order, whose query
    /// retransmission is due at `now`; `*at` moves past it. Adding or deleting groups
    /// between calls invalidates `*at`; retransmitting does not.
    pub(crate) fn next_due_query(&self, now: Duration, at: &mut usize) -> Option<A> {
        while *at < self.len {
            let e = self.index[*at];
            *at += 1;
            if self.groups[e.slot as usize]
                .as_ref()
                .is_some_and(|g| g.next_query.is_some_and(|t| t <= now))
            {
                return Some(e.addr);
            }
        }
        None
    }

    /// Runs the timers that are due at `now` (§6.5, §7.3.2): expired older-version host
    /// present timers are cleared; expired sources of INCLUDE groups are deleted, those
    /// of EXCLUDE groups stop being forwarded; an expired group timer turns an EXCLUDE
    /// group into INCLUDE with its running sources, or deletes it. Groups are visited in
    /// address order.
    pub(crate) fn expire<K: EventSink<A>>(&mut self, now: Duration, sink: &mut K) {
        let mut k = 0;
        while k < self.len {
            let Some(g) = self.groups[self.index[k].slot as usize].as_mut() else {
                k += 1;
                continue;
            };
            if !g.expiring(now) {
                k += 1;
                continue;
            }
            let before = *g;
            if g.v1_host_present.is_some_and(|t| t <= now) {
                g.v1_host_present = None;
            }
            if g.v2_host_present.is_some_and(|t| t <= now) {
                g.v2_host_present = None;
            }
            if g.mode == FilterMode::Exclude && g.group_timer.is_some_and(|t| t <= now) {
                // Group timer expired: INCLUDE with the sources whose timers run.
                g.retain_sources(|_, s| s.expires.is_some_and(|t| t > now));
                g.mode = FilterMode::Include;
                g.group_timer = None;
            }
            let mode = g.mode;
            g.retain_sources(|_, s| {
                if s.expires.is_some_and(|t| t <= now) {
                    match mode {
                        FilterMode::Include => return false,
                        FilterMode::Exclude => {
                            s.expires = None;
                            s.rexmit = 0;
                        }
                    }
                }
                true
            });
            if g.is_void() {
                self.remove(k);
                diff(before.addr, Some(&before), None, sink);
            } else {
                diff(before.addr, Some(&before), Some(&*g), sink);
                k += 1;
            }
        }
    }

    /// The earliest deadline of any timer of any group.
    pub(crate) fn next_deadline(&self) -> Option<Duration> {
        self.groups[..self.len]
            .iter()
            .flatten()
            .flat_map(Group::deadlines)
            .min()
    }
}

/// One transmission of a group's pending queries.
#[derive(Debug)]
pub(crate) struct Transmission<A, const S: usize> {
    /// A group-specific query is due, with this S flag.
    pub(crate) group: Option<bool>,
    /// Sources for the query with the S flag set.
    pub(crate) suppressed: SmallSet<A, S>,
    /// Sources for the query with the S flag clear.
    pub(crate) plain: SmallSet<A, S>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::net::Ipv4Addr;
    extern crate std;
    use std::vec::Vec;

    type Table = GroupTable<Ipv4Addr, 4, 4>;
    #[derive(Default)]
    struct Ev(Vec<Event<Ipv4Addr>>);
    impl EventSink<Ipv4Addr> for Ev {
        fn event(&mut self, e: Event<Ipv4Addr>) {
            self.0.push(e)
        }
    }
    const G1: Ipv4Addr = Ipv4Addr::new(232, 5, 5, 5);
    const T: Timers = Timers {
        robustness: 2,
        query_interval: Duration::from_secs(125),
        query_response_interval: Duration::from_secs(10),
        last_member_query_interval: Duration::from_secs(1),
    };
    fn s(n: u8) -> Ipv4Addr {
        Ipv4Addr::new(10, 1, 0, n)
    }
    fn t(secs: u64) -> Duration {
        Duration::from_secs(secs)
    }
    fn rep(
        tab: &mut Table,
        rt: RecordType,
        srcs: &[Ipv4Addr],
        now: u64,
    ) -> (Ev, Requested<Ipv4Addr, 4>) {
        let mut o = Ev::default();
        let r = tab.report(
            G1,
            rt,
            srcs.iter().copied(),
            t(now),
            T.gmi(),
            T.lmqt(),
            &mut o,
        );
        (o, r)
    }
    fn srcs(tab: &Table) -> Vec<(Ipv4Addr, Option<Duration>)> {
        let mut v: Vec<_> = tab
            .group(&G1)
            .map(|g| g.sources().map(|s| (s.addr, s.expires)).collect())
            .unwrap_or_default();
        v.sort();
        v
    }
    fn fwd(source: Option<Ipv4Addr>) -> Event<Ipv4Addr> {
        Event::Forward { group: G1, source }
    }
    fn stop(source: Option<Ipv4Addr>) -> Event<Ipv4Addr> {
        Event::StopForwarding { group: G1, source }
    }

    #[test]
    fn default_intervals_of_rfc_9776_section_8() {
        assert_eq!(T.gmi(), t(270));
        assert_eq!(T.other_querier_present_interval(), Duration::from_secs(255));
        assert_eq!(T.older_host_present_interval(), t(260));
        assert_eq!(T.lmqt(), t(2));
        assert_eq!(
            T.default_startup_query_interval(),
            Duration::from_millis(31_250)
        );
        assert_eq!(Timers::default(), T);
    }

    #[test]
    fn include_allow_block_and_timeout() {
        let mut tab = Table::new();
        let (o, _) = rep(&mut tab, RecordType::AllowNewSources, &[s(1), s(2)], 0);
        assert_eq!(o.0, [fwd(Some(s(1))), fwd(Some(s(2)))]);
        assert_eq!(srcs(&tab), [(s(1), Some(t(270))), (s(2), Some(t(270)))]);
        assert!(tab.group(&G1).unwrap().forwards(&s(1)));
        assert!(!tab.group(&G1).unwrap().forwards(&s(3)));
        // BLOCK(s2, s9): query G,{s2}: s9 is not in A.
        let (o, r) = rep(&mut tab, RecordType::BlockOldSources, &[s(2), s(9)], 10);
        assert!(o.0.is_empty());
        assert!(!r.group);
        assert_eq!(r.sources.iter().collect::<Vec<_>>(), [s(2)]);
        assert!(tab.lower_sources(&G1, r.sources.iter(), t(10), T.lmqt(), 2));
        assert_eq!(srcs(&tab)[1], (s(2), Some(t(12))));
        let mut o = Ev::default();
        tab.expire(t(12), &mut o);
        assert_eq!(srcs(&tab), [(s(1), Some(t(270)))]);
        assert_eq!(o.0, [stop(Some(s(2)))]);
        let mut o = Ev::default();
        tab.expire(t(270), &mut o);
        assert!(
            tab.group(&G1).is_none(),
            "an empty INCLUDE group is deleted"
        );
        assert_eq!(o.0, [stop(Some(s(1)))]);
    }

    #[test]
    fn to_exclude_and_back_as_the_linux_host_reports() {
        let mut tab = Table::new();
        // TO_EX {} from INCLUDE: EXCLUDE({}, {}), group timer GMI, (*,G) forwarded.
        let (o, r) = rep(&mut tab, RecordType::ChangeToExcludeMode, &[], 0);
        assert_eq!(o.0, [fwd(None)]);
        assert!(r.sources.is_empty() && !r.group);
        let g = tab.group(&G1).unwrap();
        assert_eq!(g.mode, FilterMode::Exclude);
        assert_eq!(g.group_timer, Some(t(270)));
        assert!(g.forwards(&s(7)));
        // BLOCK(s9) in EXCLUDE: s9 added with the group timer, queried, lowered.
        let (o, r) = rep(&mut tab, RecordType::BlockOldSources, &[s(9)], 5);
        assert!(o.0.is_empty(), "s9 is forwarded until its timer runs out");
        assert_eq!(r.sources.iter().collect::<Vec<_>>(), [s(9)]);
        tab.lower_sources(&G1, r.sources.iter(), t(5), T.lmqt(), 0);
        assert_eq!(srcs(&tab), [(s(9), Some(t(7)))]);
        let mut o = Ev::default();
        tab.expire(t(7), &mut o);
        assert_eq!(o.0, [stop(Some(s(9)))]);
        assert_eq!(srcs(&tab), [(s(9), None)], "s9 moved to the exclude list");
        assert!(!tab.group(&G1).unwrap().forwards(&s(9)));
        assert!(tab.group(&G1).unwrap().forwards(&s(8)));
        // TO_IN {} : Q(G) and Q(G, X-A) = {} (s9 is in Y); group timer lowered to LMQT.
        let (_, r) = rep(&mut tab, RecordType::ChangeToIncludeMode, &[], 20);
        assert!(r.group);
        assert!(r.sources.is_empty());
        assert_eq!(tab.group(&G1).unwrap().group_timer, Some(t(22)));
        let mut o = Ev::default();
        tab.expire(t(22), &mut o);
        assert!(
            tab.group(&G1).is_none(),
            "no listener answered: the group is gone"
        );
        assert_eq!(o.0, [stop(None)]);
    }

    #[test]
    fn exclude_is_ex_rows() {
        let mut tab = Table::new();
        let (o, _) = rep(&mut tab, RecordType::ModeIsExclude, &[s(1), s(2)], 0);
        // INCLUDE() + IS_EX(B) -> EXCLUDE({}, B): B with stopped timers.
        assert_eq!(o.0, [fwd(None), stop(Some(s(1))), stop(Some(s(2)))]);
        assert_eq!(srcs(&tab), [(s(1), None), (s(2), None)]);
        let (o, _) = rep(&mut tab, RecordType::ModeIsInclude, &[s(1)], 1);
        // EXCLUDE(X,Y) + IS_IN(A) -> EXCLUDE(X+A, Y-A): s1 now forwarded.
        assert_eq!(o.0, [fwd(Some(s(1)))]);
        assert_eq!(srcs(&tab), [(s(1), Some(t(271))), (s(2), None)]);
        let (o, _) = rep(&mut tab, RecordType::ModeIsExclude, &[s(2), s(3)], 2);
        // EXCLUDE(X,Y) + IS_EX(A) -> EXCLUDE(A-Y, Y*A); (A-X-Y)=GMI; delete X-A, Y-A.
        assert!(
            o.0.is_empty(),
            "s1 leaves X but is still forwarded by (*,G)"
        );
        assert_eq!(srcs(&tab), [(s(2), None), (s(3), Some(t(272)))]);
        assert_eq!(tab.group(&G1).unwrap().group_timer, Some(t(272)));
        // Group timer runs out: INCLUDE with the running s3; (*,G) off, s3 on.
        let mut o = Ev::default();
        tab.expire(t(272), &mut o);
        assert_eq!(o.0, [stop(None)], "s3 expires at the same instant");
        assert!(tab.group(&G1).is_none());
    }

    #[test]
    fn group_timer_expiry_keeps_running_sources() {
        let mut tab = Table::new();
        rep(&mut tab, RecordType::ModeIsExclude, &[], 0);
        rep(&mut tab, RecordType::AllowNewSources, &[s(4)], 100);
        let mut o = Ev::default();
        tab.expire(t(270), &mut o);
        assert_eq!(o.0, [stop(None), fwd(Some(s(4)))]);
        let g = tab.group(&G1).unwrap();
        assert_eq!(g.mode, FilterMode::Include);
        assert_eq!(srcs(&tab), [(s(4), Some(t(370)))]);
    }

    #[test]
    fn to_ex_from_exclude_uses_the_group_timer_and_queries() {
        let mut tab = Table::new();
        rep(&mut tab, RecordType::ChangeToExcludeMode, &[s(1)], 0); // EXCLUDE({}, {s1})
        rep(&mut tab, RecordType::AllowNewSources, &[s(2)], 10); // X = {s2}
        let (_, r) = rep(
            &mut tab,
            RecordType::ChangeToExcludeMode,
            &[s(1), s(2), s(3)],
            20,
        );
        // A-Y = {s2, s3}; (A-X-Y) = {s3} gets GT (270); GT = GMI.
        assert_eq!(r.sources.iter().collect::<Vec<_>>(), [s(2), s(3)]);
        assert_eq!(
            srcs(&tab),
            [(s(1), None), (s(2), Some(t(280))), (s(3), Some(t(270)))]
        );
        assert_eq!(tab.group(&G1).unwrap().group_timer, Some(t(290)));
    }

    #[test]
    fn retransmissions_split_by_s_flag() {
        let mut tab = Table::new();
        rep(&mut tab, RecordType::AllowNewSources, &[s(1), s(2)], 0);
        let (_, r) = rep(&mut tab, RecordType::BlockOldSources, &[s(1), s(2)], 10);
        tab.lower_sources(&G1, r.sources.iter(), t(10), T.lmqt(), 2);
        let x = tab
            .take_transmission(&G1, t(10), T.lmqt(), T.last_member_query_interval)
            .unwrap();
        assert_eq!(x.group, None);
        assert!(x.suppressed.is_empty());
        assert_eq!(x.plain.iter().collect::<Vec<_>>(), [s(1), s(2)]);
        assert_eq!(tab.group(&G1).unwrap().next_query(), Some(t(11)));
        // s1 is reported again: its timer is back to GMI, so the retransmission asks
        // for it with S set.
        rep(&mut tab, RecordType::ModeIsInclude, &[s(1)], 10);
        let x = tab
            .take_transmission(&G1, t(11), T.lmqt(), T.last_member_query_interval)
            .unwrap();
        assert_eq!(x.suppressed.iter().collect::<Vec<_>>(), [s(1)]);
        assert_eq!(x.plain.iter().collect::<Vec<_>>(), [s(2)]);
        assert_eq!(tab.group(&G1).unwrap().next_query(), None);
    }

    #[test]
    fn limits_are_events_not_panics() {
        let mut tab = GroupTable::<Ipv4Addr, 1, 2>::new();
        let mut o = Ev::default();
        tab.report(
            G1,
            RecordType::AllowNewSources,
            [s(1), s(2), s(3)].into_iter(),
            t(0),
            T.gmi(),
            T.lmqt(),
            &mut o,
        );
        assert_eq!(
            o.0[0],
            Event::SourceLimit {
                group: G1,
                source: s(3)
            }
        );
        let g2 = Ipv4Addr::new(239, 1, 1, 1);
        tab.report(
            g2,
            RecordType::ChangeToExcludeMode,
            [].into_iter(),
            t(0),
            T.gmi(),
            T.lmqt(),
            &mut o,
        );
        assert_eq!(o.0[3], Event::GroupLimit { group: g2 });
        assert_eq!(tab.groups().count(), 1);
        assert_eq!(tab.next_deadline(), Some(t(270)));
    }
}
