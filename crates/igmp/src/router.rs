//! The multicast router's per-interface group state (RFC 9776 §6, RFC 9777 §7), sans-IO.
//!
//! [`GroupTable`] keeps, for each group on one interface, the filter mode, the group
//! timer and the source records with their timers, and applies every row of the action
//! tables of RFC 9776 §6.4.1 (current-state records) and §6.4.2 (state-change records).
//! Time is passed in as a [`Duration`] since an epoch of the caller's choosing; timers
//! are deadlines, and [`GroupTable::expire`] runs the ones that are due (§6.5). The
//! table returns what a forwarding plane needs ([`Event`]s: start or stop forwarding
//! (S,G) and (*,G)) and the group- and group-and-source-specific queries to send
//! ([`Query`]). Capacity is fixed (`G` groups of up to `S` sources each): no heap, and a
//! full table is an [`Event::GroupLimit`] / [`Event::SourceLimit`], never a panic or
//! silently forgotten state.
//!
//! Still to come in this module (issue "IGMP and MLD"): querier election, older-version
//! host compatibility, the S flag's suppression and retransmission of the queries.

use core::time::Duration;

use crate::wire::records::{RecordType, WireAddr};

/// The timer values a router derives from its configuration (RFC 9776 §8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timers {
    /// Robustness Variable (default 2).
    pub robustness: u32,
    /// Query Interval (default 125 s).
    pub query_interval: Duration,
    /// Query Response Interval (default 10 s).
    pub query_response_interval: Duration,
    /// Last Member Query Interval (default 1 s).
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
    /// Group Membership Interval: RV * QI + QRI (260 s by default, §8.4).
    pub fn gmi(&self) -> Duration {
        self.query_interval * self.robustness + self.query_response_interval
    }

    /// Last Member Query Count (defaults to RV, §8.7).
    pub fn lmqc(&self) -> u32 {
        self.robustness
    }

    /// Last Member Query Time: LMQI * LMQC (§8.8).
    pub fn lmqt(&self) -> Duration {
        self.last_member_query_interval * self.lmqc()
    }
}

/// Filter mode of a group (§6.2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterMode {
    /// Forward only the listed sources whose timers run.
    Include,
    /// Forward every source but those with a stopped timer.
    Exclude,
}

/// One source record: its address and the deadline of its timer (`None` = stopped, the
/// "Y" list of EXCLUDE mode: not forwarded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source<A> {
    /// The source address.
    pub addr: A,
    /// When the source timer expires; `None` when it is zero.
    pub expires: Option<Duration>,
}

/// A group's state on the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Group<A: WireAddr, const S: usize> {
    /// The group address.
    pub addr: A,
    /// Filter mode.
    pub mode: FilterMode,
    /// Group timer deadline (meaningful in EXCLUDE mode).
    pub group_timer: Option<Duration>,
    sources: [Option<Source<A>>; S],
}

impl<A: WireAddr, const S: usize> Group<A, S> {
    fn new(addr: A) -> Self {
        Group {
            addr,
            mode: FilterMode::Include,
            group_timer: None,
            sources: [None; S],
        }
    }

    /// The source records.
    pub fn sources(&self) -> impl Iterator<Item = &Source<A>> + '_ {
        self.sources.iter().filter_map(Option::as_ref)
    }

    fn find(&self, a: &A) -> Option<usize> {
        self.sources
            .iter()
            .position(|s| s.as_ref().is_some_and(|s| s.addr == *a))
    }

    fn has(&self, a: &A) -> bool {
        self.find(a).is_some()
    }

    /// Whether traffic from `src` to this group is forwarded (§6.3).
    pub fn forwards(&self, src: &A, now: Duration) -> bool {
        let running = |s: &Source<A>| s.expires.is_some_and(|t| t > now);
        match (self.mode, self.find(src)) {
            (FilterMode::Include, Some(i)) => self.sources[i].as_ref().is_some_and(running),
            (FilterMode::Include, None) => false,
            (FilterMode::Exclude, Some(i)) => self.sources[i].as_ref().is_some_and(running),
            (FilterMode::Exclude, None) => true,
        }
    }
}

/// What the forwarding plane is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event<A> {
    /// Start forwarding traffic of `source` (or of every source: `None`) to `group`.
    Forward {
        /// The group.
        group: A,
        /// The source, or `None` for (*,G).
        source: Option<A>,
    },
    /// Stop forwarding it.
    StopForwarding {
        /// The group.
        group: A,
        /// The source, or `None` for (*,G).
        source: Option<A>,
    },
    /// A report for a new group was ignored: the table holds `G` groups already.
    GroupLimit {
        /// The group that did not fit.
        group: A,
    },
    /// A source was not recorded: the group holds `S` sources already.
    SourceLimit {
        /// The group.
        group: A,
        /// The source that did not fit.
        source: A,
    },
}

/// A query the router must send (it sends it LMQC times, LMQI apart, §6.6.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Query<A, const S: usize> {
    /// Group-specific query, Q(G).
    Group(A),
    /// Group-and-source-specific query, Q(G,S): up to `S` sources (the `len` first).
    GroupAndSources {
        /// The group.
        group: A,
        /// The sources.
        sources: [Option<A>; S],
    },
}

/// Where [`GroupTable::report`] writes what happened.
pub trait Sink<A, const S: usize> {
    /// A forwarding event.
    fn event(&mut self, e: Event<A>);
    /// A query to send.
    fn query(&mut self, q: Query<A, S>);
}

/// A sink that keeps up to `N` events and queries in fixed arrays (and counts what
/// did not fit, so nothing is lost silently).
#[derive(Debug, Clone)]
pub struct Collected<A, const S: usize, const N: usize> {
    /// The events, in order.
    pub events: [Option<Event<A>>; N],
    /// How many events.
    pub n_events: usize,
    /// The queries, in order.
    pub queries: [Option<Query<A, S>>; N],
    /// How many queries.
    pub n_queries: usize,
    /// Events and queries that did not fit.
    pub overflow: usize,
}

impl<A: Copy, const S: usize, const N: usize> Default for Collected<A, S, N> {
    fn default() -> Self {
        Collected {
            events: [None; N],
            n_events: 0,
            queries: [None; N],
            n_queries: 0,
            overflow: 0,
        }
    }
}

impl<A: Copy, const S: usize, const N: usize> Sink<A, S> for Collected<A, S, N> {
    fn event(&mut self, e: Event<A>) {
        if self.n_events < N {
            self.events[self.n_events] = Some(e);
            self.n_events += 1;
        } else {
            self.overflow += 1;
        }
    }
    fn query(&mut self, q: Query<A, S>) {
        if self.n_queries < N {
            self.queries[self.n_queries] = Some(q);
            self.n_queries += 1;
        } else {
            self.overflow += 1;
        }
    }
}

/// The group state of one interface: up to `G` groups of up to `S` sources.
#[derive(Debug, Clone)]
pub struct GroupTable<A: WireAddr, const G: usize, const S: usize> {
    groups: [Option<Group<A, S>>; G],
    /// Timer values.
    pub timers: Timers,
}

impl<A: WireAddr, const G: usize, const S: usize> Default for GroupTable<A, G, S> {
    fn default() -> Self {
        GroupTable {
            groups: [None; G],
            timers: Timers::default(),
        }
    }
}

struct QBuf<A, const S: usize> {
    s: [Option<A>; S],
    n: usize,
}

impl<A: Copy, const S: usize> QBuf<A, S> {
    fn new() -> Self {
        QBuf { s: [None; S], n: 0 }
    }
    fn push(&mut self, a: A) {
        if self.n < S {
            self.s[self.n] = Some(a);
            self.n += 1;
        }
    }
}

impl<A: WireAddr, const G: usize, const S: usize> GroupTable<A, G, S> {
    /// An empty table with the default timers.
    pub fn new() -> Self {
        Self::default()
    }

    /// The group's state, if the interface has listeners for it.
    pub fn group(&self, g: &A) -> Option<&Group<A, S>> {
        self.groups.iter().flatten().find(|x| x.addr == *g)
    }

    /// Every group.
    pub fn groups(&self) -> impl Iterator<Item = &Group<A, S>> + '_ {
        self.groups.iter().flatten()
    }

    fn index(&self, g: &A) -> Option<usize> {
        self.groups
            .iter()
            .position(|x| x.as_ref().is_some_and(|x| x.addr == *g))
    }

    /// Applies one group record (current-state or state-change, §6.4) received at
    /// `now`. Records of unknown type are ignored (§4.2.12).
    pub fn report<K: Sink<A, S>>(
        &mut self,
        group: A,
        record_type: RecordType,
        sources: impl Iterator<Item = A> + Clone,
        now: Duration,
        sink: &mut K,
    ) {
        if matches!(record_type, RecordType::Unknown(_)) {
            return;
        }
        let gmi = now + self.timers.gmi();
        let lmqt = now + self.timers.lmqt();
        let idx = match self.index(&group) {
            Some(i) => i,
            None => {
                // A group in INCLUDE() with no sources is no state at all: BLOCK and
                // TO_IN/IS_IN with no sources for an unknown group change nothing.
                let empty = sources.clone().next().is_none();
                if matches!(record_type, RecordType::BlockOldSources)
                    || (empty
                        && matches!(
                            record_type,
                            RecordType::ModeIsInclude
                                | RecordType::ChangeToIncludeMode
                                | RecordType::AllowNewSources
                        ))
                {
                    return;
                }
                match self.groups.iter().position(Option::is_none) {
                    Some(i) => {
                        self.groups[i] = Some(Group::new(group));
                        i
                    }
                    None => {
                        sink.event(Event::GroupLimit { group });
                        return;
                    }
                }
            }
        };
        let Some(g) = self.groups[idx].as_mut() else {
            return;
        };
        let set_timer = |g: &mut Group<A, S>, a: A, t: Option<Duration>, sink: &mut K| {
            if let Some(i) = g.find(&a) {
                if let Some(s) = g.sources[i].as_mut() {
                    s.expires = t;
                }
                return;
            }
            match g.sources.iter().position(Option::is_none) {
                Some(i) => {
                    g.sources[i] = Some(Source {
                        addr: a,
                        expires: t,
                    })
                }
                None => sink.event(Event::SourceLimit {
                    group: g.addr,
                    source: a,
                }),
            }
        };
        let lower = |g: &mut Group<A, S>, a: &A| {
            if let Some(i) = g.find(a)
                && let Some(s) = g.sources[i].as_mut()
                && s.expires.is_some_and(|t| t > lmqt)
            {
                s.expires = Some(lmqt);
            }
        };
        let before_mode = g.mode;
        let mut q = QBuf::<A, S>::new();
        let mut query_group = false;
        match (g.mode, record_type) {
            // INCLUDE(A) + IS_IN(B) / ALLOW(B) -> INCLUDE(A+B); (B)=GMI
            (FilterMode::Include, RecordType::ModeIsInclude | RecordType::AllowNewSources) => {
                for b in sources {
                    set_timer(g, b, Some(gmi), sink);
                }
            }
            // INCLUDE(A) + TO_IN(B) -> INCLUDE(A+B); (B)=GMI; Send Q(G,A-B)
            (FilterMode::Include, RecordType::ChangeToIncludeMode) => {
                for a in g.sources().map(|s| s.addr).collect_fixed::<S>().iter() {
                    if !sources.clone().any(|b| b == *a) {
                        q.push(*a);
                    }
                }
                for b in sources {
                    set_timer(g, b, Some(gmi), sink);
                }
            }
            // INCLUDE(A) + BLOCK(B) -> INCLUDE(A); Send Q(G,A*B)
            (FilterMode::Include, RecordType::BlockOldSources) => {
                for b in sources {
                    if g.has(&b) {
                        q.push(b);
                    }
                }
            }
            // INCLUDE(A) + IS_EX(B) -> EXCLUDE(A*B, B-A); (B-A)=0; Delete (A-B); GT=GMI
            // INCLUDE(A) + TO_EX(B) -> the same, and Send Q(G,A*B)
            (FilterMode::Include, RecordType::ModeIsExclude | RecordType::ChangeToExcludeMode) => {
                let to_ex = record_type == RecordType::ChangeToExcludeMode;
                for i in 0..S {
                    if let Some(s) = g.sources[i]
                        && !sources.clone().any(|b| b == s.addr)
                    {
                        g.sources[i] = None;
                    }
                }
                for b in sources {
                    if g.has(&b) {
                        if to_ex {
                            q.push(b);
                        }
                    } else {
                        set_timer(g, b, None, sink);
                    }
                }
                g.mode = FilterMode::Exclude;
                g.group_timer = Some(gmi);
            }
            // EXCLUDE(X,Y) + IS_IN(A) / ALLOW(A) -> EXCLUDE(X+A, Y-A); (A)=GMI
            (FilterMode::Exclude, RecordType::ModeIsInclude | RecordType::AllowNewSources) => {
                for a in sources {
                    set_timer(g, a, Some(gmi), sink);
                }
            }
            // EXCLUDE(X,Y) + TO_IN(A) -> EXCLUDE(X+A, Y-A); (A)=GMI; Send Q(G,X-A); Send Q(G)
            (FilterMode::Exclude, RecordType::ChangeToIncludeMode) => {
                for s in g.sources().copied().collect_fixed::<S>().iter() {
                    if s.expires.is_some() && !sources.clone().any(|a| a == s.addr) {
                        q.push(s.addr);
                    }
                }
                for a in sources {
                    set_timer(g, a, Some(gmi), sink);
                }
                query_group = true;
            }
            // EXCLUDE(X,Y) + BLOCK(A) -> EXCLUDE(X+(A-Y), Y); (A-X-Y)=GT; Send Q(G,A-Y)
            (FilterMode::Exclude, RecordType::BlockOldSources) => {
                let gt = g.group_timer;
                for a in sources {
                    match g.find(&a).and_then(|i| g.sources[i]) {
                        Some(s) if s.expires.is_none() => {} // in Y
                        Some(_) => q.push(a),                // in X
                        None => {
                            set_timer(g, a, gt, sink);
                            q.push(a);
                        }
                    }
                }
            }
            // EXCLUDE(X,Y) + IS_EX(A) -> EXCLUDE(A-Y, Y*A); (A-X-Y)=GMI;
            //   Delete (X-A); Delete (Y-A); GT=GMI
            // EXCLUDE(X,Y) + TO_EX(A) -> EXCLUDE(A-Y, Y*A); (A-X-Y)=GT;
            //   Delete (X-A); Delete (Y-A); Send Q(G,A-Y); GT=GMI
            (FilterMode::Exclude, RecordType::ModeIsExclude | RecordType::ChangeToExcludeMode) => {
                let to_ex = record_type == RecordType::ChangeToExcludeMode;
                let gt = g.group_timer;
                for i in 0..S {
                    if let Some(s) = g.sources[i]
                        && !sources.clone().any(|a| a == s.addr)
                    {
                        g.sources[i] = None;
                    }
                }
                for a in sources {
                    match g.find(&a).and_then(|i| g.sources[i]) {
                        Some(s) if s.expires.is_none() => {} // in Y
                        Some(_) => {
                            if to_ex {
                                q.push(a);
                            }
                        }
                        None => {
                            set_timer(g, a, if to_ex { gt } else { Some(gmi) }, sink);
                            if to_ex {
                                q.push(a);
                            }
                        }
                    }
                }
                g.group_timer = Some(gmi);
            }
            (_, RecordType::Unknown(_)) => {}
        }
        // Send Q(G,S): lower the queried sources' timers to LMQT (§6.6.3.2).
        for a in q.s.iter().take(q.n).flatten() {
            lower(g, a);
        }
        if query_group && g.group_timer.is_some_and(|t| t > lmqt) {
            g.group_timer = Some(lmqt);
        }
        if before_mode == FilterMode::Include && g.mode == FilterMode::Exclude {
            sink.event(Event::Forward {
                group: g.addr,
                source: None,
            });
        }
        if q.n > 0 {
            sink.query(Query::GroupAndSources {
                group: g.addr,
                sources: q.s,
            });
        }
        if query_group {
            sink.query(Query::Group(g.addr));
        }
        // An INCLUDE group with no sources left is no state.
        if g.mode == FilterMode::Include && g.sources().next().is_none() {
            self.groups[idx] = None;
        }
    }

    /// Runs the timers that are due at `now` (§6.5): expired sources of INCLUDE groups
    /// are deleted, those of EXCLUDE groups stop being forwarded; an expired group timer
    /// turns an EXCLUDE group into INCLUDE with its running sources, or deletes it.
    pub fn expire<K: Sink<A, S>>(&mut self, now: Duration, sink: &mut K) {
        for slot in self.groups.iter_mut() {
            let Some(g) = slot.as_mut() else { continue };
            let gaddr = g.addr;
            if g.mode == FilterMode::Exclude && g.group_timer.is_some_and(|t| t <= now) {
                // Group timer expired: INCLUDE with the sources whose timers run.
                for s in g.sources.iter_mut() {
                    if s.as_ref()
                        .is_some_and(|s| s.expires.is_none_or(|t| t <= now))
                    {
                        *s = None;
                    }
                }
                g.mode = FilterMode::Include;
                g.group_timer = None;
                sink.event(Event::StopForwarding {
                    group: gaddr,
                    source: None,
                });
                for s in g.sources() {
                    sink.event(Event::Forward {
                        group: gaddr,
                        source: Some(s.addr),
                    });
                }
            }
            for s in g.sources.iter_mut() {
                let Some(src) = s.as_mut() else { continue };
                if src.expires.is_some_and(|t| t <= now) {
                    match g.mode {
                        FilterMode::Include => {
                            sink.event(Event::StopForwarding {
                                group: gaddr,
                                source: Some(src.addr),
                            });
                            *s = None;
                        }
                        FilterMode::Exclude => {
                            src.expires = None;
                            sink.event(Event::StopForwarding {
                                group: gaddr,
                                source: Some(src.addr),
                            });
                        }
                    }
                }
            }
            if g.mode == FilterMode::Include && g.sources().next().is_none() {
                *slot = None;
            }
        }
    }

    /// The earliest deadline of any timer, for arming the caller's timer.
    pub fn next_deadline(&self) -> Option<Duration> {
        self.groups()
            .flat_map(|g| {
                g.group_timer
                    .into_iter()
                    .chain(g.sources().filter_map(|s| s.expires))
            })
            .min()
    }
}

/// Collecting a small iterator into a fixed array without a heap.
trait CollectFixed<T> {
    fn collect_fixed<const N: usize>(self) -> FixedVec<T, N>;
}

struct FixedVec<T, const N: usize> {
    items: [Option<T>; N],
}

impl<T: Copy, const N: usize> FixedVec<T, N> {
    fn iter(&self) -> impl Iterator<Item = &T> + '_ {
        self.items.iter().flatten()
    }
}

impl<T: Copy, I: Iterator<Item = T>> CollectFixed<T> for I {
    fn collect_fixed<const N: usize>(self) -> FixedVec<T, N> {
        let mut items = [None; N];
        for (slot, v) in items.iter_mut().zip(self) {
            *slot = Some(v);
        }
        FixedVec { items }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::net::Ipv4Addr;
    extern crate std;
    use std::vec::Vec;

    type Table = GroupTable<Ipv4Addr, 4, 4>;
    type Out = Collected<Ipv4Addr, 4, 16>;
    const G1: Ipv4Addr = Ipv4Addr::new(232, 5, 5, 5);
    fn s(n: u8) -> Ipv4Addr {
        Ipv4Addr::new(10, 1, 0, n)
    }
    fn t(secs: u64) -> Duration {
        Duration::from_secs(secs)
    }
    fn rep(tab: &mut Table, rt: RecordType, srcs: &[Ipv4Addr], now: u64) -> Out {
        let mut o = Out::default();
        tab.report(G1, rt, srcs.iter().copied(), t(now), &mut o);
        o
    }
    fn srcs(tab: &Table) -> Vec<(Ipv4Addr, Option<Duration>)> {
        let mut v: Vec<_> = tab
            .group(&G1)
            .map(|g| g.sources().map(|s| (s.addr, s.expires)).collect())
            .unwrap_or_default();
        v.sort();
        v
    }

    #[test]
    fn include_allow_block_and_timeout() {
        let mut tab = Table::new();
        rep(&mut tab, RecordType::AllowNewSources, &[s(1), s(2)], 0);
        assert_eq!(srcs(&tab), [(s(1), Some(t(260))), (s(2), Some(t(260)))]);
        assert!(tab.group(&G1).unwrap().forwards(&s(1), t(1)));
        assert!(!tab.group(&G1).unwrap().forwards(&s(3), t(1)));
        // BLOCK(s2): query G,{s2} and lower its timer to LMQT (2 s).
        let o = rep(&mut tab, RecordType::BlockOldSources, &[s(2), s(9)], 10);
        assert_eq!(o.n_queries, 1);
        let Some(Query::GroupAndSources { sources, .. }) = o.queries[0] else {
            panic!()
        };
        assert_eq!(sources[0], Some(s(2)));
        assert_eq!(sources[1], None);
        assert_eq!(srcs(&tab)[1], (s(2), Some(t(12))));
        let mut o = Out::default();
        tab.expire(t(12), &mut o);
        assert_eq!(srcs(&tab), [(s(1), Some(t(260)))]);
        assert_eq!(
            o.events[0],
            Some(Event::StopForwarding {
                group: G1,
                source: Some(s(2))
            })
        );
        tab.expire(t(260), &mut Out::default());
        assert!(
            tab.group(&G1).is_none(),
            "an empty INCLUDE group is deleted"
        );
    }

    #[test]
    fn to_exclude_and_back_as_the_linux_host_reports() {
        let mut tab = Table::new();
        // IS_EX/TO_EX {} from INCLUDE: EXCLUDE({}, {}), group timer GMI, (*,G) forwarded.
        let o = rep(&mut tab, RecordType::ChangeToExcludeMode, &[], 0);
        assert_eq!(
            o.events[0],
            Some(Event::Forward {
                group: G1,
                source: None
            })
        );
        let g = tab.group(&G1).unwrap();
        assert_eq!(g.mode, FilterMode::Exclude);
        assert_eq!(g.group_timer, Some(t(260)));
        assert!(g.forwards(&s(7), t(1)));
        // BLOCK(s9) in EXCLUDE: s9 added with the group timer, queried, lowered.
        let o = rep(&mut tab, RecordType::BlockOldSources, &[s(9)], 5);
        assert_eq!(o.n_queries, 1);
        assert_eq!(srcs(&tab), [(s(9), Some(t(7)))]);
        tab.expire(t(7), &mut Out::default());
        assert_eq!(srcs(&tab), [(s(9), None)], "s9 moved to the exclude list");
        assert!(!tab.group(&G1).unwrap().forwards(&s(9), t(8)));
        assert!(tab.group(&G1).unwrap().forwards(&s(8), t(8)));
        // TO_IN {} : query G and G,(X-A); group timer lowered to LMQT.
        let o = rep(&mut tab, RecordType::ChangeToIncludeMode, &[], 20);
        assert_eq!(o.queries[o.n_queries - 1], Some(Query::Group(G1)));
        assert_eq!(tab.group(&G1).unwrap().group_timer, Some(t(22)));
        let mut o = Out::default();
        tab.expire(t(22), &mut o);
        assert!(
            tab.group(&G1).is_none(),
            "no listener answered: the group is gone"
        );
        assert_eq!(
            o.events[0],
            Some(Event::StopForwarding {
                group: G1,
                source: None
            })
        );
    }

    #[test]
    fn exclude_is_ex_rows() {
        let mut tab = Table::new();
        rep(&mut tab, RecordType::ModeIsExclude, &[s(1), s(2)], 0);
        // INCLUDE() + IS_EX(B) -> EXCLUDE({}, B): B with stopped timers.
        assert_eq!(srcs(&tab), [(s(1), None), (s(2), None)]);
        rep(&mut tab, RecordType::ModeIsInclude, &[s(1)], 1);
        // EXCLUDE(X,Y) + IS_IN(A) -> EXCLUDE(X+A, Y-A): s1 now forwarded.
        assert_eq!(srcs(&tab), [(s(1), Some(t(261))), (s(2), None)]);
        rep(&mut tab, RecordType::ModeIsExclude, &[s(2), s(3)], 2);
        // EXCLUDE(X,Y) + IS_EX(A) -> EXCLUDE(A-Y, Y*A); (A-X-Y)=GMI; delete X-A, Y-A.
        assert_eq!(srcs(&tab), [(s(2), None), (s(3), Some(t(262)))]);
        assert_eq!(tab.group(&G1).unwrap().group_timer, Some(t(262)));
    }

    #[test]
    fn limits_are_events_not_panics() {
        let mut tab = GroupTable::<Ipv4Addr, 1, 2>::new();
        let mut o = Collected::<Ipv4Addr, 2, 8>::default();
        tab.report(
            G1,
            RecordType::AllowNewSources,
            [s(1), s(2), s(3)].into_iter(),
            t(0),
            &mut o,
        );
        assert_eq!(
            o.events[0],
            Some(Event::SourceLimit {
                group: G1,
                source: s(3)
            })
        );
        let g2 = Ipv4Addr::new(239, 1, 1, 1);
        tab.report(
            g2,
            RecordType::ChangeToExcludeMode,
            [].into_iter(),
            t(0),
            &mut o,
        );
        assert_eq!(o.events[1], Some(Event::GroupLimit { group: g2 }));
        assert_eq!(tab.groups().count(), 1);
        assert_eq!(tab.next_deadline(), Some(t(260)));
    }
}
