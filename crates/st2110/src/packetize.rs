//! ST 2110-20 packetization of a frame buffer (RFC 4175 with the packing modes of
//! SMPTE ST 2110-20 §6.3).
//!
//! A [`Packetizer`] walks one field (or progressive picture) of a frame buffer laid
//! out as [`VideoLayout`] says and yields its RTP packets in order: RTP header,
//! Extended Sequence Number, one to three Sample Row Data headers, then the row data.
//! Packets carry whole pgroups; a packet that reaches the end of a row continues on
//! the next one with another SRD header (at most three per packet); the last packet
//! of the field has the marker bit.
//!
//! Two ways out of it, both without a heap:
//! - [`FieldPackets::next_into`] copies each packet into a caller buffer;
//! - [`FieldPackets::next_parts`] (zero-copy) gives the header bytes and up to three
//!   byte ranges of the frame buffer, for a scatter-gather send (`sendmsg` with an
//!   iovec, a NIC descriptor chain) that never copies the picture.
//!
//! Packing modes:
//! - [`PackingMode::General`] (`PM=2110GPM`): each packet holds as many pgroups as
//!   fit in the UDP size limit ([`STANDARD_UDP_SIZE`], 1460 octets, or the SDP's
//!   `MAXUDP`, e.g. [`EXTENDED_UDP_SIZE`]) after the RTP, ESN and SRD headers.
//! - [`PackingMode::Block`] (`PM=2110BPM`): every packet but the last of a field holds
//!   exactly [`BPM_DATA_OCTETS`] (1260) octets of pgroup data, seven 180-octet blocks,
//!   which every 8-, 10- and 12-bit pgroup size divides; formats whose pgroup does not
//!   divide 180 octets have no block mode.

use core::ops::Range;

use crate::error::{Error, Result, room};
use crate::rfc4175::{ESN_LEN, SRD_HEADER_LEN};
use crate::rtp::{HEADER_LEN as RTP_HEADER_LEN, VERSION};
use crate::video::VideoLayout;

/// The standard UDP size limit of ST 2110-10 (octets of UDP payload).
pub const STANDARD_UDP_SIZE: usize = 1460;
/// The extended UDP size limit of ST 2110-10 (`MAXUDP=8960`).
pub const EXTENDED_UDP_SIZE: usize = 8960;
/// Octets of video data in every Block Packing Mode packet but a field's last.
pub const BPM_DATA_OCTETS: usize = 1260;
/// The block Block Packing Mode packets are made of.
pub const BPM_BLOCK_OCTETS: usize = 180;
/// SRD headers a packet may carry (ST 2110-20).
pub const MAX_SRDS: usize = 3;
/// The longest header a packet has: RTP, ESN and three SRD headers.
pub const MAX_HEADER_LEN: usize = RTP_HEADER_LEN + ESN_LEN + MAX_SRDS * SRD_HEADER_LEN;

/// `PM` of ST 2110-20 §7.4.1: the packing mode (SDP `PM=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PackingMode {
    /// `2110GPM`: general packing mode, packets may continue on the next row.
    General,
    /// `2110BPM`: block packing mode, 1260-octet packets of 180-octet blocks.
    Block,
}

impl PackingMode {
    /// Every value, in the order the standard lists them.
    pub const ALL: &'static [PackingMode] = &[PackingMode::General, PackingMode::Block];

    /// The value as SDP writes it.
    pub const fn name(self) -> &'static str {
        match self {
            PackingMode::General => "2110GPM",
            PackingMode::Block => "2110BPM",
        }
    }

    /// Reads an SDP value (exact spelling).
    pub fn from_name(s: &str) -> Option<PackingMode> {
        PackingMode::ALL.iter().copied().find(|v| v.name() == s)
    }
}

impl core::fmt::Display for PackingMode {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// What a [`Packetizer`] is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PacketizerConfig {
    /// The picture.
    pub layout: VideoLayout,
    /// Packing mode.
    pub packing: PackingMode,
    /// The UDP payload size limit ([`STANDARD_UDP_SIZE`] unless the SDP says `MAXUDP`).
    pub max_udp: usize,
    /// RTP payload type (96-127 for a dynamic one).
    pub payload_type: u8,
    /// RTP SSRC.
    pub ssrc: u32,
}

impl PacketizerConfig {
    /// General packing into standard-size packets.
    pub fn new(layout: VideoLayout, payload_type: u8, ssrc: u32) -> Self {
        PacketizerConfig {
            layout,
            packing: PackingMode::General,
            max_udp: STANDARD_UDP_SIZE,
            payload_type,
            ssrc,
        }
    }
}

/// One row segment of a packet: `len` octets of field row `row` from byte `start` of
/// the row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Segment {
    row: u32,
    start: usize,
    len: usize,
}

/// Position in a field: the next byte to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Cursor {
    row: u32,
    byte: usize,
}

/// Plans packets: which row segments each one carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Planner {
    row_bytes: usize,
    rows: u32,
    pg: usize,
    packing: PackingMode,
    max_udp: usize,
}

impl Planner {
    /// The segments of the packet that starts at `c`, and where the next one starts.
    #[inline]
    fn plan(&self, mut c: Cursor) -> ([Segment; MAX_SRDS], usize, Cursor) {
        let mut segs = [Segment::default(); MAX_SRDS];
        let mut n = 0;
        let mut used = 0;
        while n < MAX_SRDS && c.row < self.rows {
            let budget = match self.packing {
                PackingMode::General => self
                    .max_udp
                    .saturating_sub(RTP_HEADER_LEN + ESN_LEN + (n + 1) * SRD_HEADER_LEN + used),
                PackingMode::Block => BPM_DATA_OCTETS - used,
            };
            let take = (self.row_bytes - c.byte).min(budget / self.pg * self.pg);
            if take == 0 {
                break;
            }
            segs[n] = Segment {
                row: c.row,
                start: c.byte,
                len: take,
            };
            n += 1;
            used += take;
            c.byte += take;
            if c.byte == self.row_bytes {
                c.row += 1;
                c.byte = 0;
            } else {
                break;
            }
        }
        (segs, n, c)
    }
}

/// Packetizes fields and pictures; keeps the sequence number running across them.
#[derive(Debug, Clone)]
pub struct Packetizer {
    config: PacketizerConfig,
    planner: Planner,
    /// The 32-bit extended sequence number of the next packet.
    sequence: u32,
    packets_per_field: u32,
    frame_bytes: usize,
}

impl Packetizer {
    /// A packetizer whose first packet gets extended sequence number `first_sequence`.
    ///
    /// Errors: a payload type above 127; a UDP size limit with no room for one pgroup;
    /// Block Packing Mode for a pgroup that does not divide 180 octets, with a UDP size
    /// limit below its 1292-octet packets, or with rows shorter than 630 octets (a
    /// 1260-octet block would then need more than three SRD headers).
    pub fn new(config: PacketizerConfig, first_sequence: u32) -> Result<Packetizer> {
        let layout = config.layout;
        let pg = layout.pgroup().octets as usize;
        if config.payload_type > 0x7F {
            return Err(Error::OutOfRange {
                field: "PT",
                value: u64::from(config.payload_type),
                max: 0x7F,
            });
        }
        let min_udp = RTP_HEADER_LEN + ESN_LEN + SRD_HEADER_LEN + pg;
        if config.max_udp < min_udp || config.max_udp > usize::from(u16::MAX) {
            return Err(Error::OutOfRange {
                field: "MAXUDP",
                value: config.max_udp as u64,
                max: u64::from(u16::MAX),
            });
        }
        if config.packing == PackingMode::Block {
            let invalid = |expected| Error::Invalid {
                layer: crate::error::Layer::Rfc4175,
                field: "PM",
                offset: 0,
                expected,
                found: pg as u32,
            };
            if !BPM_BLOCK_OCTETS.is_multiple_of(pg) {
                return Err(invalid(
                    "2110GPM: the pgroup does not divide a 180-octet block",
                ));
            }
            if layout.row_bytes() * 2 < BPM_DATA_OCTETS {
                return Err(invalid("2110GPM: rows shorter than 630 octets"));
            }
            if config.max_udp
                < RTP_HEADER_LEN + ESN_LEN + MAX_SRDS * SRD_HEADER_LEN + BPM_DATA_OCTETS
            {
                return Err(invalid(
                    "a UDP size limit of at least 1292 octets for 2110BPM",
                ));
            }
        }
        let planner = Planner {
            row_bytes: layout.row_bytes(),
            rows: layout.rows_per_field(),
            pg,
            packing: config.packing,
            max_udp: config.max_udp,
        };
        let mut n = 0u32;
        let mut c = Cursor::default();
        while c.row < planner.rows {
            let (_, k, next) = planner.plan(c);
            if k == 0 {
                // Cannot happen with the checks above; never loop forever.
                return Err(Error::OutOfRange {
                    field: "MAXUDP",
                    value: config.max_udp as u64,
                    max: u64::from(u16::MAX),
                });
            }
            c = next;
            n += 1;
        }
        Ok(Packetizer {
            config,
            planner,
            sequence: first_sequence,
            packets_per_field: n,
            frame_bytes: layout.frame_bytes(),
        })
    }

    /// The configuration.
    pub fn config(&self) -> &PacketizerConfig {
        &self.config
    }

    /// Packets in one field (or progressive picture): ST 2110-21's `NPACKETS`.
    pub fn packets_per_field(&self) -> u32 {
        self.packets_per_field
    }

    /// The extended sequence number the next packet gets.
    pub fn next_sequence(&self) -> u32 {
        self.sequence
    }

    /// The packets of `field` (0, or 1 for the second field of an interlaced picture)
    /// with RTP timestamp `rtp_timestamp`. Call again for the next field or picture.
    pub fn field(&mut self, field: u32, rtp_timestamp: u32) -> FieldPackets<'_> {
        FieldPackets {
            field: field.min(self.config.layout.fields() - 1),
            rtp_timestamp,
            cursor: Cursor::default(),
            p: self,
        }
    }
}

/// A packet as header bytes plus ranges of the frame buffer (zero-copy).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PacketParts {
    header: [u8; MAX_HEADER_LEN],
    header_len: u8,
    ranges: [Range<usize>; MAX_SRDS],
    n_ranges: u8,
}

impl PacketParts {
    /// RTP header, ESN and SRD headers.
    #[inline]
    pub fn header(&self) -> &[u8] {
        &self.header[..usize::from(self.header_len)]
    }

    /// The frame buffer ranges that follow the header, in order.
    #[inline]
    pub fn ranges(&self) -> &[Range<usize>] {
        &self.ranges[..usize::from(self.n_ranges)]
    }

    /// Octets of the whole packet (UDP payload).
    #[inline]
    pub fn len(&self) -> usize {
        usize::from(self.header_len) + self.ranges().iter().map(|r| r.len()).sum::<usize>()
    }

    /// Whether the packet is empty (never: a packet has a header).
    #[inline]
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Whether this is the field's last packet (marker bit set).
    #[inline]
    pub fn marker(&self) -> bool {
        self.header[1] & 0x80 != 0
    }
}

/// The packets of one field, in order.
#[derive(Debug)]
pub struct FieldPackets<'a> {
    p: &'a mut Packetizer,
    field: u32,
    rtp_timestamp: u32,
    cursor: Cursor,
}

impl FieldPackets<'_> {
    /// Packets still to come in this field.
    pub fn is_done(&self) -> bool {
        self.cursor.row >= self.p.planner.rows
    }

    /// The next packet as header bytes and frame buffer ranges, or `None` when the
    /// field is done. Each call takes the next sequence number.
    #[inline]
    pub fn next_parts(&mut self) -> Option<PacketParts> {
        if self.is_done() {
            return None;
        }
        let (segs, n, next) = self.p.planner.plan(self.cursor);
        self.cursor = next;
        let marker = self.is_done();
        let layout = &self.p.config.layout;
        let mut parts = PacketParts {
            header: [0; MAX_HEADER_LEN],
            header_len: 0,
            ranges: [0..0, 0..0, 0..0],
            n_ranges: n as u8,
        };
        let len = self.write_header(&segs[..n], marker, &mut parts.header);
        parts.header_len = len as u8;
        for (r, s) in parts.ranges.iter_mut().zip(&segs[..n]) {
            let at = layout.row_offset(self.field, s.row) + s.start;
            *r = at..at + s.len;
        }
        self.p.sequence = self.p.sequence.wrapping_add(1);
        Some(parts)
    }

    /// The next packet copied into `out` (UDP payload: RTP header, payload header and
    /// data), returning its length; `None` when the field is done. `frame` is the
    /// whole frame buffer ([`VideoLayout::frame_bytes`] octets).
    #[inline]
    pub fn next_into(&mut self, frame: &[u8], out: &mut [u8]) -> Option<Result<usize>> {
        if self.is_done() {
            return None;
        }
        let need = self.p.frame_bytes;
        if frame.len() < need {
            return Some(Err(Error::BufferTooSmall {
                needed: need,
                available: frame.len(),
            }));
        }
        let (segs, n, next) = self.p.planner.plan(self.cursor);
        let marker = next.row >= self.p.planner.rows;
        let head = RTP_HEADER_LEN + ESN_LEN + n * SRD_HEADER_LEN;
        let total = head + segs[..n].iter().map(|s| s.len).sum::<usize>();
        if let Err(e) = room(out, total) {
            return Some(Err(e));
        }
        self.cursor = next;
        let written = self.write_header(&segs[..n], marker, out);
        debug_assert_eq!(written, head);
        let layout = &self.p.config.layout;
        let mut at = head;
        for s in &segs[..n] {
            let from = layout.row_offset(self.field, s.row) + s.start;
            out[at..at + s.len].copy_from_slice(&frame[from..from + s.len]);
            at += s.len;
        }
        self.p.sequence = self.p.sequence.wrapping_add(1);
        Some(Ok(total))
    }

    /// Writes RTP header, ESN and SRD headers for `segs` into `out` (long enough).
    #[inline]
    fn write_header(&self, segs: &[Segment], marker: bool, out: &mut [u8]) -> usize {
        let cfg = &self.p.config;
        let seq = self.p.sequence;
        out[0] = VERSION << 6;
        out[1] = cfg.payload_type | if marker { 0x80 } else { 0 };
        out[2..4].copy_from_slice(&(seq as u16).to_be_bytes());
        out[4..8].copy_from_slice(&self.rtp_timestamp.to_be_bytes());
        out[8..12].copy_from_slice(&cfg.ssrc.to_be_bytes());
        out[12..14].copy_from_slice(&((seq >> 16) as u16).to_be_bytes());
        let layout = &cfg.layout;
        let f = if self.field == 1 { 0x8000u16 } else { 0 };
        let mut at = RTP_HEADER_LEN + ESN_LEN;
        let last = segs.len().saturating_sub(1);
        for (i, s) in segs.iter().enumerate() {
            let row = layout.srd_row(s.row) as u16;
            let offset = layout.pixel_of(s.start) as u16;
            let c = if i < last { 0x8000u16 } else { 0 };
            out[at..at + 2].copy_from_slice(&(s.len as u16).to_be_bytes());
            out[at + 2..at + 4].copy_from_slice(&(row | f).to_be_bytes());
            out[at + 4..at + 6].copy_from_slice(&(offset | c).to_be_bytes());
            at += SRD_HEADER_LEN;
        }
        at
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use std::vec;
    use std::vec::Vec;

    use super::*;
    use crate::format::{Depth, Format, Sampling};
    use crate::rfc4175::Payload;
    use crate::rtp::Packet;

    fn uyvp(w: u32, h: u32, interlaced: bool) -> VideoLayout {
        VideoLayout::new(
            Format::new(Sampling::YCbCr422, Depth::Bits10),
            w,
            h,
            interlaced,
        )
        .unwrap()
    }

    /// Rebuilds a frame from packets with the crate's parsers.
    fn rebuild(layout: &VideoLayout, packets: &[(u32, Vec<u8>)]) -> Vec<u8> {
        let mut f = vec![0u8; layout.frame_bytes()];
        for (field, p) in packets {
            let p = Packet::new_checked(&p[..]).unwrap();
            let pl = Payload::parse(p.payload()).unwrap();
            for r in pl.rows() {
                assert_eq!(r.header.field, *field == 1);
                let row = layout.row_of_srd(u32::from(r.header.row_number)).unwrap();
                let at =
                    layout.row_offset(*field, row) + layout.byte_of(u32::from(r.header.offset));
                f[at..at + r.data.len()].copy_from_slice(r.data);
            }
        }
        f
    }

    fn pattern(n: usize) -> Vec<u8> {
        (0..n).map(|i| (i * 7 + i / 251) as u8).collect()
    }

    #[test]
    fn gpm_1080p_uyvp_packets_and_round_trip() {
        let layout = uyvp(1920, 1080, false);
        let mut p = Packetizer::new(PacketizerConfig::new(layout, 96, 7), 0xFFFF_FFFE).unwrap();
        // 1460 - 12 - 2 - 6 = 1440 octets: 288 pgroups (576 pixels) per one-SRD packet;
        // 4800-octet rows: 1440, 1440, 1440, then 480 + a second SRD of 954 (1440 - 6
        // rounded down to pgroups), ...
        let frame = pattern(layout.frame_bytes());
        let mut packets = Vec::new();
        let mut out = [0u8; 1500];
        {
            let mut f = p.field(0, 90_000);
            while let Some(n) = f.next_into(&frame, &mut out) {
                packets.push((0, out[..n.unwrap()].to_vec()));
            }
        }
        assert_eq!(packets.len() as u32, p.packets_per_field());
        assert!(packets.iter().all(|(_, b)| b.len() <= 1460));
        let seqs: Vec<u32> = packets
            .iter()
            .map(|(_, b)| {
                let pk = Packet::new_checked(&b[..]).unwrap();
                Payload::parse(pk.payload())
                    .unwrap()
                    .sequence_number(pk.sequence_number())
            })
            .collect();
        assert_eq!(seqs[0], 0xFFFF_FFFE);
        assert_eq!(seqs[2], 0);
        assert!(
            packets[..packets.len() - 1]
                .iter()
                .all(|(_, b)| b[1] & 0x80 == 0)
        );
        assert_eq!(packets.last().unwrap().1[1], 0x80 | 96);
        let first = Packet::new_checked(&packets[3].1[..]).unwrap();
        let rows: Vec<_> = Payload::parse(first.payload())
            .unwrap()
            .rows()
            .map(|r| r.header)
            .collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].row_number, rows[0].offset, rows[0].length),
            (0, 1728, 480)
        );
        assert_eq!(
            (rows[1].row_number, rows[1].offset, rows[1].length),
            (1, 0, 950)
        );
        assert_eq!(rebuild(&layout, &packets), frame);
    }

    #[test]
    fn zero_copy_parts_equal_the_copied_packets() {
        let layout = uyvp(640, 360, false);
        let frame = pattern(layout.frame_bytes());
        let cfg = PacketizerConfig {
            max_udp: EXTENDED_UDP_SIZE,
            ..PacketizerConfig::new(layout, 100, 1)
        };
        let mut a = Packetizer::new(cfg, 5).unwrap();
        let mut b = a.clone();
        let mut fa = a.field(0, 1);
        let mut fb = b.field(0, 1);
        let mut out = vec![0u8; EXTENDED_UDP_SIZE];
        let mut count = 0;
        while let Some(parts) = fa.next_parts() {
            let n = fb.next_into(&frame, &mut out).unwrap().unwrap();
            let mut joined = parts.header().to_vec();
            for r in parts.ranges() {
                joined.extend_from_slice(&frame[r.clone()]);
            }
            assert_eq!(joined, &out[..n]);
            assert_eq!(parts.len(), n);
            count += 1;
        }
        assert!(fb.next_into(&frame, &mut out).is_none());
        assert_eq!(count, a.packets_per_field());
    }

    #[test]
    fn bpm_packets_hold_1260_octets() {
        let layout = uyvp(1920, 1080, false);
        let cfg = PacketizerConfig {
            packing: PackingMode::Block,
            ..PacketizerConfig::new(layout, 96, 7)
        };
        let mut p = Packetizer::new(cfg, 0).unwrap();
        let n = p.packets_per_field() as usize;
        assert_eq!(n, layout.frame_bytes().div_ceil(BPM_DATA_OCTETS));
        let mut f = p.field(0, 0);
        let mut sizes = Vec::new();
        while let Some(parts) = f.next_parts() {
            sizes.push(parts.ranges().iter().map(|r| r.len()).sum::<usize>());
        }
        assert!(sizes[..n - 1].iter().all(|&s| s == BPM_DATA_OCTETS));
        assert_eq!(sizes.iter().sum::<usize>(), layout.frame_bytes());
        // 16-bit 4:2:2 (8-octet pgroups) has no block mode.
        let l16 = VideoLayout::new(
            Format::new(Sampling::YCbCr422, Depth::Bits16),
            1920,
            1080,
            false,
        )
        .unwrap();
        let cfg = PacketizerConfig {
            packing: PackingMode::Block,
            ..PacketizerConfig::new(l16, 96, 7)
        };
        assert!(Packetizer::new(cfg, 0).is_err());
    }

    #[test]
    fn interlaced_fields_and_420_line_pairs() {
        let layout = uyvp(720, 486, true);
        let frame = pattern(layout.frame_bytes());
        let mut p = Packetizer::new(PacketizerConfig::new(layout, 96, 7), 0).unwrap();
        let mut packets = Vec::new();
        let mut out = [0u8; 1500];
        for field in 0..2 {
            let mut f = p.field(field, 1000 + field);
            while let Some(n) = f.next_into(&frame, &mut out) {
                packets.push((field, out[..n.unwrap()].to_vec()));
            }
        }
        assert_eq!(packets.len() as u32, 2 * p.packets_per_field());
        assert_eq!(rebuild(&layout, &packets), frame);

        let i420 = VideoLayout::new(
            Format::new(Sampling::YCbCr420, Depth::Bits8),
            640,
            360,
            false,
        )
        .unwrap();
        let frame = pattern(i420.frame_bytes());
        let mut p = Packetizer::new(PacketizerConfig::new(i420, 96, 7), 0).unwrap();
        let mut packets = Vec::new();
        let mut f = p.field(0, 0);
        while let Some(n) = f.next_into(&frame, &mut out) {
            packets.push((0, out[..n.unwrap()].to_vec()));
        }
        let pk = Packet::new_checked(&packets[1].1[..]).unwrap();
        let srd: Vec<_> = Payload::parse(pk.payload())
            .unwrap()
            .rows()
            .map(|r| r.header)
            .collect();
        assert_eq!(srd[0].row_number % 2, 0);
        assert_eq!(rebuild(&i420, &packets), frame);
    }

    #[test]
    fn bad_configurations_are_errors() {
        let layout = uyvp(1920, 1080, false);
        for (pt, max_udp) in [(128u8, 1460usize), (96, 20), (96, 70_000)] {
            let cfg = PacketizerConfig {
                max_udp,
                ..PacketizerConfig::new(layout, pt, 1)
            };
            assert!(Packetizer::new(cfg, 0).is_err(), "{pt} {max_udp}");
        }
        let mut p = Packetizer::new(PacketizerConfig::new(layout, 96, 1), 0).unwrap();
        let mut f = p.field(0, 0);
        assert!(matches!(
            f.next_into(&[0u8; 10], &mut [0u8; 1500]),
            Some(Err(Error::BufferTooSmall { .. }))
        ));
        let frame = vec![0u8; layout.frame_bytes()];
        assert!(matches!(
            f.next_into(&frame, &mut [0u8; 100]),
            Some(Err(Error::BufferTooSmall { .. }))
        ));
        // The failed calls consumed nothing.
        assert_eq!(p.next_sequence(), 0);
    }
}
