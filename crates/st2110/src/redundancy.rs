//! SMPTE ST 2022-7 seamless protection: one RTP stream sent twice over two paths
//! ("legs"), merged by the receiver into one stream that is hitless while either leg
//! delivers each packet.
//!
//! The sender side needs no state: the same RTP packet goes out on both legs (the SDP
//! pairs them with `a=group:DUP`, see [`crate::sdp`]). The receiver side is a
//! [`Merger`]: hand it each packet with the leg it came on, and it says whether the
//! packet is the first copy of its sequence number (pass it on) or a copy already seen
//! (drop it). Sequence numbers are the 32-bit extended ones of ST 2110-20 (Extended
//! Sequence Number and RTP sequence number), or plain 16-bit RTP ones extended by the
//! merger itself.
//!
//! It keeps a bitmap of the last [`WINDOW`] sequence numbers (no heap), so a copy
//! arriving up to that many packets late on the slower leg is still recognised. Per
//! leg it counts packets, first copies, duplicates, packets too old for the window,
//! and the sequence numbers the leg skipped; for the merged stream, the sequence numbers
//! neither leg delivered.

/// Sequence numbers the merger remembers (the tolerated skew between the legs, in
/// packets).
pub const WINDOW: u32 = 4096;
const WORDS: usize = WINDOW as usize / 64;

/// One of the two paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Leg {
    /// The first (primary) leg.
    A,
    /// The second (secondary) leg.
    B,
}

impl Leg {
    fn index(self) -> usize {
        match self {
            Leg::A => 0,
            Leg::B => 1,
        }
    }
}

/// What to do with a packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The first copy of this sequence number: pass it on.
    First,
    /// A copy of one already passed on: drop it.
    Duplicate,
    /// Older than the window: it cannot be told from a copy; dropped.
    TooOld,
}

/// Counts for one leg.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LegCounters {
    /// Packets received on the leg.
    pub packets: u64,
    /// Of them, first copies (passed on).
    pub first: u64,
    /// Of them, copies of packets already passed on.
    pub duplicates: u64,
    /// Of them, older than the window.
    pub too_old: u64,
    /// Sequence numbers this leg skipped (a jump forward in what it delivered): its own
    /// loss, which the other leg may have covered.
    pub gaps: u64,
}

/// Counts for the merged stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MergedCounters {
    /// Packets passed on.
    pub packets: u64,
    /// Sequence numbers that left the window without either leg delivering them: loss
    /// the protection did not cover.
    pub lost: u64,
}

/// The receive side of ST 2022-7.
#[derive(Debug, Clone)]
pub struct Merger {
    /// Bit `s % WINDOW` is set when sequence number `s` (within the window below
    /// `highest`) was passed on.
    seen: [u64; WORDS],
    /// The highest sequence number passed on.
    highest: Option<u32>,
    /// How far `highest` has moved since the first packet.
    advanced: u64,
    /// The last 32-bit sequence number seen on each leg (to count its gaps and to
    /// extend 16-bit numbers).
    last: [Option<u32>; 2],
    legs: [LegCounters; 2],
    merged: MergedCounters,
}

impl Default for Merger {
    fn default() -> Self {
        Merger::new()
    }
}

impl Merger {
    /// An empty merger.
    pub const fn new() -> Merger {
        Merger {
            seen: [0; WORDS],
            highest: None,
            advanced: 0,
            last: [None, None],
            legs: [LegCounters {
                packets: 0,
                first: 0,
                duplicates: 0,
                too_old: 0,
                gaps: 0,
            }; 2],
            merged: MergedCounters {
                packets: 0,
                lost: 0,
            },
        }
    }

    /// The counts of `leg`.
    pub fn leg(&self, leg: Leg) -> &LegCounters {
        &self.legs[leg.index()]
    }

    /// The counts of the merged stream.
    pub fn merged(&self) -> &MergedCounters {
        &self.merged
    }

    /// Extends a 16-bit RTP sequence number to 32 bits, as the number nearest the last
    /// one seen on any leg (RFC 3550 Appendix A.1).
    pub fn extend(&self, seq16: u16) -> u32 {
        let reference = self.highest.or(self.last[0]).or(self.last[1]);
        match reference {
            None => u32::from(seq16),
            Some(r) => {
                let delta = seq16.wrapping_sub(r as u16) as i16;
                r.wrapping_add(delta as i32 as u32)
            }
        }
    }

    /// Takes a packet with 32-bit extended sequence number `seq` from `leg`.
    pub fn push(&mut self, leg: Leg, seq: u32) -> Verdict {
        let l = leg.index();
        self.legs[l].packets += 1;
        if let Some(prev) = self.last[l] {
            let d = seq.wrapping_sub(prev) as i32;
            if d > 1 {
                self.legs[l].gaps += (d - 1) as u64;
            }
            if d > 0 {
                self.last[l] = Some(seq);
            }
        } else {
            self.last[l] = Some(seq);
        }
        let verdict = match self.highest {
            None => {
                self.highest = Some(seq);
                self.set(seq);
                Verdict::First
            }
            Some(h) => {
                let ahead = seq.wrapping_sub(h) as i32;
                if ahead > 0 {
                    self.advance(h, seq);
                    self.set(seq);
                    Verdict::First
                } else if (-ahead) as u32 >= WINDOW {
                    Verdict::TooOld
                } else if self.is_set(seq) {
                    Verdict::Duplicate
                } else {
                    self.set(seq);
                    Verdict::First
                }
            }
        };
        match verdict {
            Verdict::First => {
                self.legs[l].first += 1;
                self.merged.packets += 1;
            }
            Verdict::Duplicate => self.legs[l].duplicates += 1,
            Verdict::TooOld => self.legs[l].too_old += 1,
        }
        verdict
    }

    /// Counts the sequence numbers still in the window that neither leg delivered, at the
    /// end of a stream (they would otherwise be counted only once later packets push
    /// them out of the window). Calling it again counts nothing new.
    pub fn finish(&mut self) {
        let Some(h) = self.highest else {
            return;
        };
        let span = u64::from(WINDOW).min(self.advanced + 1) as u32;
        for k in 0..span {
            let s = h.wrapping_sub(k);
            if !self.is_set(s) {
                self.merged.lost += 1;
                self.set(s);
            }
        }
    }

    /// Moves the window's top from `from` to `to`, counting the sequence numbers that
    /// leave it never delivered, and clearing their bits for reuse.
    fn advance(&mut self, from: u32, to: u32) {
        let steps = to.wrapping_sub(from);
        if steps < WINDOW {
            for k in 1..=steps {
                self.advanced += 1;
                // The number `from + k` enters the window and `from + k - WINDOW`
                // leaves it (counted only once the window has moved past the first
                // number the merger saw).
                let leaving = from.wrapping_add(k).wrapping_sub(WINDOW);
                if self.advanced >= u64::from(WINDOW) && !self.is_set(leaving) {
                    self.merged.lost += 1;
                }
                self.clear(leaving);
            }
        } else {
            // The whole old window leaves: count its holes (those at or after the first
            // number seen), then the numbers jumped over that never enter the new
            // window; the new window's own holes are counted when they leave it.
            for k in 0..WINDOW {
                let s = from.wrapping_sub(k);
                if self.advanced >= u64::from(k) && !self.is_set(s) {
                    self.merged.lost += 1;
                }
            }
            self.merged.lost += u64::from(steps - WINDOW);
            self.advanced += u64::from(steps);
            self.seen = [0; WORDS];
        }
        self.highest = Some(to);
    }

    fn set(&mut self, s: u32) {
        let i = (s % WINDOW) as usize;
        self.seen[i / 64] |= 1 << (i % 64);
    }

    fn clear(&mut self, s: u32) {
        let i = (s % WINDOW) as usize;
        self.seen[i / 64] &= !(1 << (i % 64));
    }

    fn is_set(&self, s: u32) -> bool {
        let i = (s % WINDOW) as usize;
        self.seen[i / 64] & (1 << (i % 64)) != 0
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use std::vec::Vec;

    use super::*;

    #[test]
    fn hitless_while_either_leg_delivers() {
        let mut m = Merger::new();
        let mut out = Vec::new();
        // Leg A loses 3..=5, leg B loses 8; B runs two packets behind A.
        let a: Vec<u32> = (0..12).filter(|s| !(3..=5).contains(s)).collect();
        let b: Vec<u32> = (0..12).filter(|&s| s != 8).collect();
        let mut ib = 0;
        for (i, &s) in a.iter().enumerate() {
            if m.push(Leg::A, s) == Verdict::First {
                out.push(s);
            }
            while ib < b.len() && ib + 2 <= i + 3 {
                if m.push(Leg::B, b[ib]) == Verdict::First {
                    out.push(b[ib]);
                }
                ib += 1;
            }
        }
        for &s in &b[ib..] {
            if m.push(Leg::B, s) == Verdict::First {
                out.push(s);
            }
        }
        let mut sorted = out.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..12).collect::<Vec<_>>());
        assert_eq!(m.merged().packets, 12);
        assert_eq!(m.leg(Leg::A).gaps, 3);
        assert_eq!(m.leg(Leg::B).gaps, 1);
        assert_eq!(
            m.leg(Leg::A).duplicates + m.leg(Leg::B).duplicates,
            12 - 3 + 12 - 1 - 12
        );
        assert_eq!(m.merged().lost, 0);
    }

    #[test]
    fn loss_on_both_legs_is_counted_once_it_leaves_the_window() {
        let mut m = Merger::new();
        for s in 0..100u32 {
            if s != 50 {
                m.push(Leg::A, s);
                m.push(Leg::B, s);
            }
        }
        assert_eq!(m.merged().lost, 0, "still inside the window");
        let mut ended = m.clone();
        ended.finish();
        ended.finish();
        assert_eq!(
            ended.merged().lost,
            1,
            "counted at the end of the stream, once"
        );
        for s in 100..100 + WINDOW {
            m.push(Leg::A, s);
        }
        assert_eq!(m.merged().lost, 1);
        assert_eq!(m.leg(Leg::B).gaps, 1);
        // A copy older than the window is refused.
        assert_eq!(m.push(Leg::B, 10), Verdict::TooOld);
    }

    #[test]
    fn sequence_numbers_wrap_and_extend() {
        let mut m = Merger::new();
        let start = u32::MAX - 5;
        for k in 0..12u32 {
            let s = start.wrapping_add(k);
            assert_eq!(m.push(Leg::A, s), Verdict::First);
            assert_eq!(m.push(Leg::B, s), Verdict::Duplicate);
        }
        assert_eq!(m.merged().packets, 12);
        assert_eq!(m.merged().lost, 0);
        let mut m = Merger::new();
        m.push(Leg::A, m.extend(65_534));
        assert_eq!(m.extend(65_535), 65_535);
        m.push(Leg::A, 65_535);
        assert_eq!(m.extend(0), 65_536);
        assert_eq!(m.extend(65_530), 65_530);
    }

    #[test]
    fn big_jump_counts_what_was_skipped() {
        let mut m = Merger::new();
        m.push(Leg::A, 0);
        m.push(Leg::A, 1);
        m.push(Leg::A, 1 + WINDOW + 10);
        // 2 ..= 11 fell out of the window at once; 12 ..= WINDOW + 10 are inside it and
        // may still come (the slower leg), so they count once they leave it.
        assert_eq!(m.merged().lost, 10);
        for s in 12..=WINDOW + 10 {
            m.push(Leg::B, s);
        }
        for s in WINDOW + 12..2 * WINDOW + 20 {
            m.push(Leg::A, s);
        }
        assert_eq!(m.merged().lost, 10);
    }
}
