//! ST 2110-20 depacketization into a caller's frame buffers.
//!
//! A [`Depacketizer`] takes RTP packets of one stream in arrival order and writes each
//! row segment where [`VideoLayout`] says it belongs, after checking that it fits: the
//! SRD Row Number names a row of the field, the offset is a whole pgroup, the data is
//! whole pgroups and ends inside its row. Nothing is ever written outside the frame
//! buffer, whatever the packet says; a packet that breaks a rule is an error and writes
//! nothing.
//!
//! Two pictures can be in flight, so packets reordered across a picture boundary still
//! land in their own picture; a third buffer holds the picture last handed back, so it
//! stays readable until the next call to [`Depacketizer::push`]. A picture is complete when every pgroup of it has
//! arrived; it is given up, incomplete, when packets of later pictures have gone
//! [`DepacketizerConfig::reorder_window`] sequence numbers past its last packet (the
//! one with the marker bit), or when a third picture starts while two are in flight.
//! Either way the
//! caller learns exactly what arrived: [`Depacketizer::lost`] lists the missing byte
//! ranges row by row (from a bitmap of received pgroups), and nothing is made up for
//! them (their bytes keep whatever the buffer held before).
//!
//! Interlaced pictures arrive as two fields with their own RTP timestamps; a field
//! with `F` set joins the picture whose first field came before it.
//!
//! Memory is the caller's: three frame buffers of [`VideoLayout::frame_bytes`] octets
//! and three bitmaps of [`coverage_words`] words (no heap; with the `alloc` feature
//! [`Depacketizer::allocate`] makes them).

use core::ops::Range;

use crate::error::{Error, Layer, Result};
use crate::rfc4175::Payload;
use crate::rtp::Packet;
use crate::video::{Geometry, VideoLayout};

/// Words (`u64`) of a pgroup bitmap for `layout`: one bit per pgroup of the picture.
pub const fn coverage_words(layout: &VideoLayout) -> usize {
    let pg = layout.pgroup();
    let per_row = (layout.width / pg.width()) as usize;
    (per_row * layout.rows() as usize).div_ceil(64)
}

/// What a [`Depacketizer`] is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DepacketizerConfig {
    /// The picture.
    pub layout: VideoLayout,
    /// Accept only this RTP payload type (`None`: any).
    pub payload_type: Option<u8>,
    /// Sequence numbers to wait, after a picture's last packet, for reordered packets
    /// of it before giving it up incomplete.
    pub reorder_window: u32,
}

impl DepacketizerConfig {
    /// Any payload type, a reorder window of 32 packets.
    pub fn new(layout: VideoLayout) -> Self {
        DepacketizerConfig {
            layout,
            payload_type: None,
            reorder_window: 32,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SlotState {
    /// Free for the next picture.
    Free,
    /// Receiving.
    Filling,
    /// Handed to the caller; readable until the slot is needed again.
    Done,
}

#[derive(Debug, Clone, Copy)]
struct SlotInfo {
    state: SlotState,
    /// RTP timestamps of the fields (field 1 only when interlaced).
    ts: [Option<u32>; 2],
    /// Extended sequence number of the last field's marker packet.
    marker_seq: Option<u32>,
    /// When the slot started (arrival order), to find the oldest.
    started: u64,
    received_pgroups: u64,
    packets: u64,
    duplicate_pgroups: u64,
}

impl SlotInfo {
    const FREE: SlotInfo = SlotInfo {
        state: SlotState::Free,
        ts: [None, None],
        marker_seq: None,
        started: 0,
        received_pgroups: 0,
        packets: 0,
        duplicate_pgroups: 0,
    };
}

/// A picture handed back by [`Depacketizer::push`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Completed {
    /// Which buffer holds it: read it with [`Depacketizer::frame`] and
    /// [`Depacketizer::lost`] before the next [`Depacketizer::push`].
    pub slot: usize,
    /// RTP timestamp (of the first field when interlaced; `None` if only the second
    /// field arrived).
    pub rtp_timestamp: Option<u32>,
    /// Whether every pgroup arrived.
    pub complete: bool,
    /// Octets that did not arrive.
    pub lost_bytes: u64,
    /// Packets that contributed.
    pub packets: u64,
}

/// What one [`Depacketizer::push`] did: up to two pictures finished (one given up to
/// make room, one completed by this packet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pushed {
    /// Finished pictures, oldest first.
    pub completed: [Option<Completed>; 2],
}

impl Pushed {
    fn add(&mut self, c: Completed) {
        if self.completed[0].is_none() {
            self.completed[0] = Some(c);
        } else {
            self.completed[1] = Some(c);
        }
    }

    /// The finished pictures.
    pub fn iter(&self) -> impl Iterator<Item = &Completed> {
        self.completed.iter().flatten()
    }
}

/// Running counts of a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counters {
    /// Packets accepted.
    pub packets: u64,
    /// Packets refused (bad RTP or payload header, wrong payload type, a segment that
    /// does not fit the picture).
    pub invalid: u64,
    /// Packets of a picture already finished (too late, or a duplicate after it).
    pub late: u64,
    /// Packets with a sequence number below the highest seen (reordered).
    pub reordered: u64,
    /// Sequence numbers skipped and not (yet) filled by a later arrival within 128
    /// sequence numbers: packets lost on the way.
    pub sequence_gaps: u64,
    /// Packets whose sequence number arrived before (within the last 128).
    pub duplicate_packets: u64,
    /// Pgroups that arrived twice.
    pub duplicate_pgroups: u64,
    /// Pictures completed whole.
    pub complete: u64,
    /// Pictures given up with data missing.
    pub incomplete: u64,
}

/// Reassembles one ST 2110-20 stream into two caller buffers.
#[derive(Debug)]
pub struct Depacketizer<B, C> {
    config: DepacketizerConfig,
    frames: [B; SLOTS],
    coverage: [C; SLOTS],
    slots: [SlotInfo; SLOTS],
    /// Bit i: slot i was finished by the current push (not to be reused by it).
    finished_now: u8,
    geo: Geometry,
    total_pgroups: u64,
    highest_seq: Option<u32>,
    /// Which of the 128 sequence numbers up to the highest have arrived.
    seen: u128,
    /// The last finished picture's timestamps, to spot late packets.
    finished_ts: [Option<u32>; 4],
    finished_at: usize,
    arrivals: u64,
    counters: Counters,
}

#[cfg(feature = "alloc")]
impl Depacketizer<alloc::vec::Vec<u8>, alloc::vec::Vec<u64>> {
    /// A depacketizer with buffers on the heap.
    pub fn allocate(config: DepacketizerConfig) -> Self {
        use alloc::vec;
        let n = config.layout.frame_bytes();
        let w = coverage_words(&config.layout);
        Depacketizer::new(
            config,
            [vec![0; n], vec![0; n], vec![0; n]],
            [vec![0; w], vec![0; w], vec![0; w]],
        )
        .expect("buffers sized from the layout")
    }
}

impl<B: AsRef<[u8]> + AsMut<[u8]>, C: AsRef<[u64]> + AsMut<[u64]>> Depacketizer<B, C> {
    /// A depacketizer over three frame buffers (at least [`VideoLayout::frame_bytes`]
    /// octets each) and three bitmaps (at least [`coverage_words`] words each).
    pub fn new(
        config: DepacketizerConfig,
        frames: [B; SLOTS],
        coverage: [C; SLOTS],
    ) -> Result<Self> {
        let layout = config.layout;
        for f in &frames {
            if f.as_ref().len() < layout.frame_bytes() {
                return Err(Error::BufferTooSmall {
                    needed: layout.frame_bytes(),
                    available: f.as_ref().len(),
                });
            }
        }
        for c in &coverage {
            if c.as_ref().len() < coverage_words(&layout) {
                return Err(Error::BufferTooSmall {
                    needed: coverage_words(&layout) * 8,
                    available: c.as_ref().len() * 8,
                });
            }
        }
        let geo = layout.geometry();
        let pgroups_per_row = geo.pgroups_per_row;
        let mut d = Depacketizer {
            config,
            frames,
            coverage,
            slots: [SlotInfo::FREE; SLOTS],
            finished_now: 0,
            geo,
            total_pgroups: (pgroups_per_row * layout.rows() as usize) as u64,
            highest_seq: None,
            seen: 0,
            finished_ts: [None; 4],
            finished_at: 0,
            arrivals: 0,
            counters: Counters::default(),
        };
        for c in &mut d.coverage {
            c.as_mut().fill(0);
        }
        Ok(d)
    }

    /// The configuration.
    pub fn config(&self) -> &DepacketizerConfig {
        &self.config
    }

    /// The counters.
    pub fn counters(&self) -> &Counters {
        &self.counters
    }

    /// The picture in buffer `slot` ([`VideoLayout::frame_bytes`] octets).
    pub fn frame(&self, slot: usize) -> &[u8] {
        &self.frames[slot.min(SLOTS - 1)].as_ref()[..self.config.layout.frame_bytes()]
    }

    /// The byte ranges of the picture in buffer `slot` that did not arrive, in order,
    /// as ranges of the frame buffer (a run that crosses rows is split at each row).
    pub fn lost(&self, slot: usize) -> Lost<'_> {
        Lost {
            bits: self.coverage[slot.min(SLOTS - 1)].as_ref(),
            total: self.total_pgroups,
            per_row: self.geo.pgroups_per_row as u64,
            pg_octets: self.geo.pg_octets,
            next: 0,
        }
    }

    /// Takes one RTP packet (the UDP payload). Returns the pictures it finished, or an
    /// error (with the offset in `packet`) when the packet is refused; a refused packet
    /// changes no picture.
    pub fn push(&mut self, packet: &[u8]) -> Result<Pushed> {
        let r = self.push_inner(packet);
        if r.is_err() {
            self.counters.invalid += 1;
        }
        r
    }

    fn push_inner(&mut self, packet: &[u8]) -> Result<Pushed> {
        self.finished_now = 0;
        let layout = self.config.layout;
        let p = Packet::new_checked(packet)?;
        if let Some(pt) = self.config.payload_type
            && p.payload_type() != pt
        {
            return Err(Error::Invalid {
                layer: Layer::Rtp,
                field: "PT",
                offset: 1,
                expected: "the stream's payload type",
                found: u32::from(p.payload_type()),
            });
        }
        let base = p.header_len();
        let payload = Payload::parse(p.payload()).map_err(|e| shift(e, base))?;
        // Validate every segment before writing any, keeping where the first few go.
        let mut segs = [Seg::ZERO; KEPT];
        let mut field = None;
        for (i, r) in payload.rows().enumerate() {
            let h = r.header;
            let at = base + crate::rfc4175::ESN_LEN + i * crate::rfc4175::SRD_HEADER_LEN;
            if i == MAX_SEGMENTS {
                return Err(invalid(
                    at,
                    "SRD header count",
                    "at most 16 per packet",
                    i as u32 + 1,
                ));
            }
            let f = u32::from(h.field);
            if f == 1 && !layout.interlaced {
                return Err(invalid(at + 2, "F", "0 (the stream is progressive)", 1));
            }
            if field.is_some_and(|x| x != f) {
                return Err(invalid(at + 2, "F", "the same field in every SRD", f));
            }
            field = Some(f);
            let seg = self.segment(h, f, at, r.data_offset + base)?;
            if let Some(slot) = segs.get_mut(i) {
                *slot = seg;
            }
        }
        let field = field.unwrap_or(0);
        let seq = payload.sequence_number(p.sequence_number());
        let ts = p.timestamp();

        let mut out = Pushed::default();
        self.arrivals += 1;
        match self.highest_seq {
            Some(h) if seq.wrapping_sub(h) as i32 <= 0 => {
                // Bit k of `seen` is sequence number h - k.
                let k = h.wrapping_sub(seq);
                if k < 128 && self.seen & (1u128 << k) != 0 {
                    self.counters.duplicate_packets += 1;
                } else {
                    self.counters.reordered += 1;
                    if k < 128 {
                        self.seen |= 1u128 << k;
                        self.counters.sequence_gaps = self.counters.sequence_gaps.saturating_sub(1);
                    }
                }
            }
            Some(h) => {
                let d = seq.wrapping_sub(h);
                self.counters.sequence_gaps += u64::from(d - 1);
                self.seen = if d >= 128 { 0 } else { self.seen << d };
                self.seen |= 1;
                self.highest_seq = Some(seq);
            }
            None => {
                self.highest_seq = Some(seq);
                self.seen = 1;
            }
        }

        let slot = match self.find_slot(ts, field) {
            Some(s) => s,
            None => {
                if self.finished_ts.contains(&Some(ts)) {
                    self.counters.late += 1;
                    return Ok(out);
                }
                let s = self.take_slot(&mut out);
                self.slots[s] = SlotInfo {
                    state: SlotState::Filling,
                    started: self.arrivals,
                    ..SlotInfo::FREE
                };
                self.coverage[s].as_mut().fill(0);
                s
            }
        };
        self.slots[slot].ts[field as usize] = Some(ts);
        self.counters.packets += 1;
        self.slots[slot].packets += 1;
        let rows = payload.row_count();
        for seg in &segs[..rows.min(KEPT)] {
            self.write(slot, seg, packet);
        }
        // Packets with more segments than kept (RFC 4175 allows it; GStreamer sends
        // four on narrow rows): where the rest go is recomputed, all known to fit.
        if rows > KEPT {
            for r in payload.rows().skip(KEPT) {
                if let Ok(seg) = self.segment(r.header, field, 0, r.data_offset + base) {
                    self.write(slot, &seg, packet);
                }
            }
        }
        let last_field = layout.fields() - 1;
        if p.marker() && field == last_field {
            self.slots[slot].marker_seq = Some(seq);
        }
        if self.slots[slot].received_pgroups == self.total_pgroups {
            out.add(self.finish(slot));
        }
        // Give up pictures whose last packet is a reorder window behind.
        for s in 0..SLOTS {
            if self.slots[s].state == SlotState::Filling
                && let Some(m) = self.slots[s].marker_seq
                && seq.wrapping_sub(m) as i32 >= self.config.reorder_window as i32
            {
                out.add(self.finish(s));
            }
        }
        Ok(out)
    }

    /// Checks one segment against the layout and says where it goes.
    #[inline]
    fn segment(
        &self,
        h: crate::rfc4175::SrdHeader,
        field: u32,
        at: usize,
        data_at: usize,
    ) -> Result<Seg> {
        let g = &self.geo;
        let srd_row = u32::from(h.row_number);
        let row = srd_row >> g.pg_rows_shift;
        if srd_row & ((1 << g.pg_rows_shift) - 1) != 0 || row >= g.rows_per_field {
            return Err(invalid(
                at + 2,
                "SRD Row Number",
                "a row of the field",
                srd_row,
            ));
        }
        let offset = u32::from(h.offset);
        if offset & ((1 << g.pg_width_shift) - 1) != 0 || offset >= g.width {
            return Err(invalid(
                at + 4,
                "SRD Offset",
                "a pgroup boundary inside the row",
                offset,
            ));
        }
        let len = usize::from(h.length);
        let pg_index = (offset >> g.pg_width_shift) as usize;
        let n_pg = len / g.pg_octets;
        if n_pg * g.pg_octets != len || pg_index + n_pg > g.pgroups_per_row {
            return Err(invalid(
                at,
                "SRD Length",
                "whole pgroups ending inside the row",
                len as u32,
            ));
        }
        let picture_row = (row * g.fields + field) as usize;
        Ok(Seg {
            dst: picture_row * g.row_bytes + pg_index * g.pg_octets,
            src: data_at,
            len,
            first_pg: picture_row * g.pgroups_per_row + pg_index,
            n_pg,
        })
    }

    fn find_slot(&mut self, ts: u32, field: u32) -> Option<usize> {
        let f = field as usize;
        if let Some(s) = (0..SLOTS)
            .find(|&s| self.slots[s].state == SlotState::Filling && self.slots[s].ts[f] == Some(ts))
        {
            return Some(s);
        }
        if field == 1 {
            // A second field joins the newest picture still waiting for one.
            let cand = (0..SLOTS)
                .filter(|&s| {
                    let x = &self.slots[s];
                    x.state == SlotState::Filling && x.ts[1].is_none() && x.ts[0].is_some()
                })
                .max_by_key(|&s| self.slots[s].started);
            if let Some(s) = cand {
                return Some(s);
            }
        }
        None
    }

    /// A slot for a new picture: the one handed back most recently by an earlier push
    /// (its buffer is warm in the cache), else a free one;
    /// when two pictures are in flight already, the oldest is given up first (it is
    /// handed back by this push, and another buffer takes the new picture).
    fn take_slot(&mut self, out: &mut Pushed) -> usize {
        let filling = self
            .slots
            .iter()
            .filter(|x| x.state == SlotState::Filling)
            .count();
        if filling >= SLOTS - 1 {
            let oldest = (0..SLOTS)
                .filter(|&s| self.slots[s].state == SlotState::Filling)
                .min_by_key(|&s| self.slots[s].started)
                .unwrap_or(0);
            out.add(self.finish(oldest));
        }
        (0..SLOTS)
            .filter(|&s| {
                self.slots[s].state != SlotState::Filling && self.finished_now & (1 << s) == 0
            })
            // The buffer used most recently is the one most likely still in the cache.
            .max_by_key(|&s| {
                (
                    self.slots[s].state != SlotState::Free,
                    self.slots[s].started,
                )
            })
            .unwrap_or(0)
    }

    fn finish(&mut self, slot: usize) -> Completed {
        self.finished_now |= 1 << slot;
        let info = &mut self.slots[slot];
        info.state = SlotState::Done;
        let complete = info.received_pgroups == self.total_pgroups;
        let pg = self.geo.pg_octets as u64;
        let c = Completed {
            slot,
            rtp_timestamp: info.ts[0].or(info.ts[1]),
            complete,
            lost_bytes: (self.total_pgroups - info.received_pgroups) * pg,
            packets: info.packets,
        };
        for ts in info.ts.into_iter().flatten() {
            self.finished_ts[self.finished_at] = Some(ts);
            self.finished_at = (self.finished_at + 1) % self.finished_ts.len();
        }
        if complete {
            self.counters.complete += 1;
        } else {
            self.counters.incomplete += 1;
        }
        c
    }

    /// Writes a checked segment and marks its pgroups.
    #[inline]
    fn write(&mut self, slot: usize, seg: &Seg, packet: &[u8]) {
        let (Some(dst), Some(src)) = (
            self.frames[slot]
                .as_mut()
                .get_mut(seg.dst..seg.dst + seg.len),
            packet.get(seg.src..seg.src + seg.len),
        ) else {
            return;
        };
        dst.copy_from_slice(src);
        let (newly, dup) = mark(self.coverage[slot].as_mut(), seg.first_pg, seg.n_pg);
        self.slots[slot].received_pgroups += newly;
        self.slots[slot].duplicate_pgroups += dup;
        self.counters.duplicate_pgroups += dup;
    }
}

/// Frame buffers: two pictures in flight and the one last handed back.
pub const SLOTS: usize = 3;

/// SRD headers one packet may carry here (ST 2110-20 senders use at most three).
pub const MAX_SEGMENTS: usize = 16;

/// Segments of a packet whose destinations are kept between checking and writing.
const KEPT: usize = 4;

/// Where a checked segment goes.
#[derive(Debug, Clone, Copy)]
struct Seg {
    /// Offset in the frame buffer.
    dst: usize,
    /// Offset of its data in the packet.
    src: usize,
    len: usize,
    first_pg: usize,
    n_pg: usize,
}

impl Seg {
    const ZERO: Seg = Seg {
        dst: 0,
        src: 0,
        len: 0,
        first_pg: 0,
        n_pg: 0,
    };
}

/// Sets bits `first..first + n`, returning (newly set, already set).
#[inline]
fn mark(bits: &mut [u64], first: usize, n: usize) -> (u64, u64) {
    if n == 0 {
        return (0, 0);
    }
    let last = first + n - 1;
    let Some(words) = bits.get_mut(first / 64..=last / 64) else {
        return (0, n as u64);
    };
    let head = !0u64 << (first % 64);
    let tail = !0u64 >> (63 - last % 64);
    let mut newly = 0u64;
    let k = words.len();
    for (i, w) in words.iter_mut().enumerate() {
        let mut mask = !0u64;
        if i == 0 {
            mask &= head;
        }
        if i == k - 1 {
            mask &= tail;
        }
        newly += u64::from((mask & !*w).count_ones());
        *w |= mask;
    }
    (newly, n as u64 - newly)
}

fn invalid(offset: usize, field: &'static str, expected: &'static str, found: u32) -> Error {
    Error::Invalid {
        layer: Layer::Rfc4175,
        field,
        offset,
        expected,
        found,
    }
}

/// Moves an error's offset from the payload to the packet.
fn shift(e: Error, by: usize) -> Error {
    match e {
        Error::Truncated {
            layer,
            what,
            offset,
            needed,
            available,
        } => Error::Truncated {
            layer,
            what,
            offset: offset + by,
            needed,
            available,
        },
        Error::Invalid {
            layer,
            field,
            offset,
            expected,
            found,
        } => Error::Invalid {
            layer,
            field,
            offset: offset + by,
            expected,
            found,
        },
        other => other,
    }
}

/// The missing byte ranges of a picture (see [`Depacketizer::lost`]).
#[derive(Debug, Clone)]
pub struct Lost<'a> {
    bits: &'a [u64],
    total: u64,
    per_row: u64,
    pg_octets: usize,
    next: u64,
}

impl Iterator for Lost<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let bit = |i: u64| {
            self.bits
                .get((i / 64) as usize)
                .is_some_and(|w| w >> (i % 64) & 1 == 1)
        };
        // Skip whole received words quickly.
        while self.next < self.total {
            let w = (self.next / 64) as usize;
            if self.next.is_multiple_of(64)
                && self.bits.get(w) == Some(&u64::MAX)
                && self.next + 64 <= self.total
            {
                self.next += 64;
                continue;
            }
            if bit(self.next) {
                self.next += 1;
                continue;
            }
            break;
        }
        if self.next >= self.total {
            return None;
        }
        let start = self.next;
        let row_end = (start / self.per_row + 1) * self.per_row;
        let mut end = start;
        while end < row_end.min(self.total) && !bit(end) {
            end += 1;
        }
        self.next = end;
        let o = self.pg_octets;
        Some(start as usize * o..end as usize * o)
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use std::vec;
    use std::vec::Vec;

    use super::*;
    use crate::format::{Depth, Format, Sampling};
    use crate::packetize::{Packetizer, PacketizerConfig};

    fn layout(interlaced: bool) -> VideoLayout {
        VideoLayout::new(
            Format::new(Sampling::YCbCr422, Depth::Bits10),
            640,
            360,
            interlaced,
        )
        .unwrap()
    }

    fn packets(l: VideoLayout, frame: &[u8], pictures: u32) -> Vec<Vec<u8>> {
        let mut p = Packetizer::new(PacketizerConfig::new(l, 96, 9), 65_530).unwrap();
        let mut out = vec![0u8; 1500];
        let mut v = Vec::new();
        for pic in 0..pictures {
            for field in 0..l.fields() {
                let mut f = p.field(field, pic * 1800 + field * 900);
                while let Some(n) = f.next_into(frame, &mut out) {
                    v.push(out[..n.unwrap()].to_vec());
                }
            }
        }
        v
    }

    fn dep(l: VideoLayout) -> Depacketizer<Vec<u8>, Vec<u64>> {
        let n = l.frame_bytes();
        let w = coverage_words(&l);
        Depacketizer::new(
            DepacketizerConfig::new(l),
            [vec![0; n], vec![0; n], vec![0; n]],
            [vec![0; w], vec![0; w], vec![0; w]],
        )
        .unwrap()
    }

    fn frame(l: &VideoLayout) -> Vec<u8> {
        (0..l.frame_bytes()).map(|i| (i % 253) as u8).collect()
    }

    #[test]
    fn whole_pictures_complete_in_order() {
        for interlaced in [false, true] {
            let l = layout(interlaced);
            let f = frame(&l);
            let mut d = dep(l);
            let mut done = Vec::new();
            for p in packets(l, &f, 3) {
                for c in d.push(&p).unwrap().iter() {
                    assert!(c.complete);
                    assert_eq!(d.frame(c.slot), &f[..]);
                    assert_eq!(d.lost(c.slot).count(), 0);
                    done.push(c.rtp_timestamp);
                }
            }
            assert_eq!(
                done,
                [Some(0), Some(1800), Some(3600)],
                "interlaced {interlaced}"
            );
            assert_eq!(d.counters().sequence_gaps, 0);
        }
    }

    #[test]
    fn loss_is_reported_exactly_and_reordering_tolerated() {
        let l = layout(false);
        let f = frame(&l);
        let mut ps = packets(l, &f, 3);
        let per = ps.len() / 3;
        // Picture 0: swap two packets across the boundary to picture 1.
        ps.swap(per - 1, per + 1);
        // Picture 1: lose its 10th packet.
        let lost = ps.remove(per + 10);
        let lost_pkt = Packet::new_checked(&lost[..]).unwrap();
        let lost_rows: Vec<_> = Payload::parse(lost_pkt.payload()).unwrap().rows().collect();
        let mut d = dep(l);
        let mut results = Vec::new();
        for p in &ps {
            for c in d.push(p).unwrap().iter() {
                let lost: Vec<_> = d.lost(c.slot).collect();
                if c.complete {
                    assert_eq!(d.frame(c.slot), &f[..]);
                }
                results.push((c.rtp_timestamp, c.complete, c.lost_bytes, lost));
            }
        }
        assert_eq!(results.len(), 3, "{results:?}");
        assert_eq!((results[2].0, results[2].1), (Some(3600), true));
        assert_eq!(results[0].0, Some(0));
        assert!(results[0].1);
        let (ts, complete, lost_bytes, ranges) = &results[1];
        assert_eq!((*ts, *complete), (Some(1800), false));
        let expect: Vec<Range<usize>> = lost_rows
            .iter()
            .map(|r| {
                let at = usize::from(r.header.row_number) * l.row_bytes()
                    + l.byte_of(u32::from(r.header.offset));
                at..at + r.data.len()
            })
            .collect();
        assert_eq!(ranges, &expect);
        assert_eq!(
            *lost_bytes as usize,
            lost_rows.iter().map(|r| r.data.len()).sum::<usize>()
        );
        assert_eq!(d.counters().reordered, 2);
        assert_eq!(d.counters().sequence_gaps, 1);
        assert!(d.push(&ps[5]).unwrap().iter().next().is_none());
        assert_eq!(d.counters().late, 1);
    }

    #[test]
    fn hostile_segments_are_refused_and_write_nothing() {
        let l = layout(false);
        let f = frame(&l);
        let good = packets(l, &f, 1).remove(3);
        let mut d = dep(l);
        // Row past the field, offset not on a pgroup, length past the row, odd length,
        // field bit in a progressive stream, truncated data.
        let base = 12 + 2;
        let cases: [(usize, [u8; 2]); 5] = [
            (base + 2, [0x7F, 0xFF]),
            (base + 4, [0x00, 0x01]),
            (base, [0xFF, 0xF0]),
            (base, [0x00, 0x03]),
            (base + 2, [0x80, 0x00]),
        ];
        for (at, v) in cases {
            let mut b = good.clone();
            b[at..at + 2].copy_from_slice(&v);
            assert!(d.push(&b).is_err(), "{at} {v:?}");
        }
        assert!(d.push(&good[..good.len() - 1]).is_err());
        assert_eq!(d.counters().invalid, 6);
        assert_eq!(d.counters().packets, 0);
        assert!(d.frame(0).iter().all(|&b| b == 0));
        assert!(d.push(&good).is_ok());
    }

    #[test]
    fn bitmap_marking() {
        let mut bits = [0u64; 3];
        assert_eq!(mark(&mut bits, 60, 70), (70, 0));
        assert_eq!(bits[0], 0xF << 60);
        assert_eq!(bits[1], u64::MAX);
        assert_eq!(bits[2], 0x3);
        assert_eq!(mark(&mut bits, 0, 64), (60, 4));
    }
}
