//! Reading packets from pcap and pcapng captures.
//!
//! [`CaptureReader`] streams a capture from any [`Read`]: it detects the format from
//! the magic number, reads in chunks (memory holds the current record and at most one
//! chunk more, whatever the file's size), and hands out one [`Packet`] at a time that
//! borrows its bytes from the reader's buffer. Every command
//! that reads a capture (`decode` today, the protocol analyzers later) goes through it.
//!
//! Formats (the pcap-file crate parses the headers and blocks):
//!
//! * pcap (draft-ietf-opsawg-pcap): both byte orders, microsecond magic `0xA1B2C3D4`
//!   and nanosecond magic `0xA1B23C4D`.
//! * pcapng (draft-ietf-opsawg-pcapng): Section Header Blocks (several sections, either
//!   byte order), Interface Description Blocks with each interface's link type,
//!   `if_tsresol` (default microseconds, powers of ten and of two) and `if_tsoffset`;
//!   Enhanced Packet, Simple Packet and the obsolete Packet blocks. Other blocks
//!   (name resolution, statistics, ...) are skipped.
//!
//! Damage is reported with the byte offset where it was found: a file that ends inside
//! a record is [`CaptureError::Truncated`], a record whose fields cannot be right is
//! [`CaptureError::Malformed`]. Packets before the damage have already been handed out.

use std::fmt;
use std::io::{self, Read};

use pcap_file::pcap::PcapParser;
use pcap_file::pcapng::blocks::interface_description::InterfaceDescriptionOption;
use pcap_file::pcapng::{Block, PcapNgParser};
use pcap_file::{Endianness, PcapError, TsResolution};

use crate::time::{DEFAULT_TSRESOL, Timestamp};

/// Size of the pcap file header (draft-ietf-opsawg-pcap §4).
const PCAP_HEADER_LEN: usize = 24;
/// Size of a pcap packet record header (draft-ietf-opsawg-pcap §5).
const PCAP_RECORD_HEADER_LEN: usize = 16;
/// pcapng block type of the Section Header Block (draft-ietf-opsawg-pcapng §4.1).
const PCAPNG_SHB: u32 = 0x0A0D_0D0A;
/// The Section Header Block's Byte-Order Magic as written by a big-endian writer.
const PCAPNG_BYTE_ORDER_MAGIC: u32 = 0x1A2B_3C4D;
/// pcapng Packet Block, obsolete (draft-ietf-opsawg-pcapng Appendix A).
const PCAPNG_PB: u32 = 2;
/// pcapng Simple Packet Block (§4.4).
const PCAPNG_SPB: u32 = 3;
/// pcapng Enhanced Packet Block (§4.3).
const PCAPNG_EPB: u32 = 6;
/// Offset of the packet data in an Enhanced or obsolete Packet Block: block type,
/// length, then 20 bytes of fixed fields.
const PCAPNG_PACKET_DATA_AT: usize = 28;
/// Offset of the packet data in a Simple Packet Block: type, length, original length.
const PCAPNG_SIMPLE_DATA_AT: usize = 12;

/// The largest record accepted. Real link layers stay far below this; a bigger length
/// field means the file is damaged, and refusing it keeps a corrupt length from
/// making the reader allocate gigabytes.
pub const MAX_RECORD_LEN: usize = 256 * 1024 * 1024;

/// How much the reader asks its source for at a time.
const READ_CHUNK: usize = 256 * 1024;

/// The container format of a capture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// Classic pcap.
    Pcap {
        /// Nanosecond timestamps (magic `0xA1B23C4D`) rather than microseconds.
        nanosecond: bool,
        /// Fields are big-endian.
        big_endian: bool,
    },
    /// pcapng.
    PcapNg,
}

/// What a capture says about the interface a packet was captured on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interface {
    /// The pcap LINKTYPE of the packets (1 Ethernet, 113 Linux SLL, ...).
    pub linktype: u32,
    /// Bytes captured at most per packet; 0 means no limit.
    pub snaplen: u32,
    /// pcapng `if_tsresol` (6 = microseconds for pcap and when absent).
    pub tsresol: u8,
    /// pcapng `if_tsoffset`, seconds added to every timestamp.
    pub tsoffset: i64,
}

/// One packet, borrowed from the reader until the next call to
/// [`CaptureReader::next_packet`].
#[derive(Debug, Clone, Copy)]
pub struct Packet<'a> {
    /// The captured bytes, starting with the link-layer header.
    pub data: &'a [u8],
    /// The packet's length on the wire (`orig_len`); `data` is shorter when the capture
    /// cut it at its snapshot length.
    pub original_len: u32,
    /// When it was captured; `None` for a pcapng Simple Packet Block (which carries no
    /// time) and for a packet whose interface was never described.
    pub timestamp: Option<Timestamp>,
    /// The pcapng interface number (always 0 in pcap).
    pub interface_id: u32,
    /// The LINKTYPE of `data`; `None` when the packet names an interface the file
    /// never described.
    pub linktype: Option<u32>,
}

/// Why a capture could not be read.
#[derive(Debug)]
#[non_exhaustive]
pub enum CaptureError {
    /// Reading from the file failed.
    Io {
        /// Offset of the data being read.
        offset: u64,
        /// The operating system's error.
        error: io::Error,
    },
    /// The file does not start with a pcap or pcapng magic number.
    NotACapture {
        /// The first bytes of the file (at most four).
        start: Vec<u8>,
    },
    /// The file ends inside a header or record.
    Truncated {
        /// Offset where the incomplete header or record starts.
        offset: u64,
        /// What was being read, e.g. "pcap packet record".
        what: &'static str,
        /// Bytes it needs.
        need: u64,
        /// Bytes left in the file.
        have: u64,
    },
    /// A header or record has a value it cannot have.
    Malformed {
        /// Offset of the header or record.
        offset: u64,
        /// What was being read.
        what: &'static str,
        /// What is wrong.
        reason: String,
    },
}

impl fmt::Display for CaptureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CaptureError::Io { offset, error } => {
                write!(f, "read error at byte {offset}: {error}")
            }
            CaptureError::NotACapture { start } if start.is_empty() => {
                f.write_str("not a pcap or pcapng file: the file is empty")
            }
            CaptureError::NotACapture { start } => {
                f.write_str("not a pcap or pcapng file: it starts with")?;
                for b in start {
                    write!(f, " {b:02x}")?;
                }
                if start.starts_with(&[0x1f, 0x8b]) {
                    f.write_str(" (gzip-compressed: decompress it first)")
                } else {
                    f.write_str(
                        " (a pcap file starts with a1 b2 c3 d4 or a1 b2 3c 4d in either \
                         byte order, a pcapng file with 0a 0d 0d 0a)",
                    )
                }
            }
            CaptureError::Truncated {
                offset,
                what,
                need,
                have,
            } => write!(
                f,
                "truncated at byte {offset}: the {what} there needs {need} bytes, only \
                 {have} remain"
            ),
            CaptureError::Malformed {
                offset,
                what,
                reason,
            } => write!(f, "malformed {what} at byte {offset}: {reason}"),
        }
    }
}

impl std::error::Error for CaptureError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CaptureError::Io { error, .. } => Some(error),
            _ => None,
        }
    }
}

enum Kind {
    Pcap {
        parser: PcapParser,
        interface: Interface,
        nanosecond: bool,
    },
    PcapNg {
        parser: PcapNgParser,
        /// The current section's interfaces, in Interface ID order.
        interfaces: Vec<Interface>,
    },
}

/// Streams the packets of a pcap or pcapng capture.
pub struct CaptureReader<R> {
    input: Input<R>,
    kind: Kind,
}

impl<R> fmt::Debug for CaptureReader<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CaptureReader")
            .field("format", &self.format())
            .field("position", &self.input.offset)
            .field("bytes_read", &self.input.bytes_read)
            .finish_non_exhaustive()
    }
}

/// A packet record found in the buffer, described by plain values so that the loop
/// that finds it holds no borrow of the buffer.
struct Found {
    /// Where the packet data starts, relative to the record.
    data_at: usize,
    data_len: usize,
    original_len: u32,
    timestamp: Option<Timestamp>,
    interface_id: u32,
    linktype: Option<u32>,
    /// Length of the whole record.
    record_len: usize,
}

impl<R> CaptureReader<R> {
    /// The container format.
    pub fn format(&self) -> FileFormat {
        match &self.kind {
            Kind::Pcap {
                parser, nanosecond, ..
            } => FileFormat::Pcap {
                nanosecond: *nanosecond,
                big_endian: parser.header().endianness == Endianness::Big,
            },
            Kind::PcapNg { .. } => FileFormat::PcapNg,
        }
    }

    /// Bytes read from the source so far (a little ahead of what was decoded); with the
    /// file's size this drives a progress bar.
    pub fn bytes_read(&self) -> u64 {
        self.input.bytes_read
    }
}

impl<R: Read> CaptureReader<R> {
    /// Reads the file header (pcap) or the first Section Header Block (pcapng).
    pub fn new(source: R) -> Result<CaptureReader<R>, CaptureError> {
        let mut input = Input {
            source,
            buf: Vec::new(),
            start: 0,
            end: 0,
            offset: 0,
            bytes_read: 0,
            eof: false,
        };
        input.fill(4)?;
        let start = input.available();
        let Some(&[a, b, c, d]) = start.get(..4) else {
            return Err(CaptureError::NotACapture {
                start: start.to_vec(),
            });
        };
        let kind = match u32::from_be_bytes([a, b, c, d]) {
            0xA1B2_C3D4 | 0xA1B2_3C4D | 0xD4C3_B2A1 | 0x4D3C_B2A1 => start_pcap(&mut input)?,
            PCAPNG_SHB => start_pcapng(&mut input)?,
            _ => {
                return Err(CaptureError::NotACapture {
                    start: vec![a, b, c, d],
                });
            }
        };
        Ok(CaptureReader { input, kind })
    }

    /// The next packet, or `None` at the end of the capture.
    ///
    /// After a [`Truncated`](CaptureError::Truncated) or
    /// [`Malformed`](CaptureError::Malformed) error the reader stays at the damaged
    /// record: calling again reports the same error.
    pub fn next_packet(&mut self) -> Result<Option<Packet<'_>>, CaptureError> {
        let found = match &mut self.kind {
            Kind::Pcap {
                parser,
                interface,
                nanosecond,
            } => next_pcap(&mut self.input, parser, interface, *nanosecond)?,
            Kind::PcapNg { parser, interfaces } => {
                next_pcapng(&mut self.input, parser, interfaces)?
            }
        };
        let Some(found) = found else {
            return Ok(None);
        };
        let data_start = self.input.start + found.data_at;
        self.input.consume(found.record_len);
        Ok(Some(Packet {
            data: &self.input.buf[data_start..data_start + found.data_len],
            original_len: found.original_len,
            timestamp: found.timestamp,
            interface_id: found.interface_id,
            linktype: found.linktype,
        }))
    }
}

fn start_pcap<R: Read>(input: &mut Input<R>) -> Result<Kind, CaptureError> {
    input.require(PCAP_HEADER_LEN, "pcap file header")?;
    let (_, parser) = PcapParser::new(input.available()).map_err(|e| CaptureError::Malformed {
        offset: 0,
        what: "pcap file header",
        reason: pcap_reason(e),
    })?;
    let header = parser.header();
    let nanosecond = header.ts_resolution == TsResolution::NanoSecond;
    // The low 16 bits are the LinkType; the upper ones may carry FCS information
    // (draft-ietf-opsawg-pcap §4, "LinkType and additional information").
    let interface = Interface {
        linktype: u32::from(header.datalink) & 0xFFFF,
        snaplen: header.snaplen,
        tsresol: if nanosecond { 9 } else { DEFAULT_TSRESOL },
        tsoffset: 0,
    };
    input.consume(PCAP_HEADER_LEN);
    Ok(Kind::Pcap {
        parser,
        interface,
        nanosecond,
    })
}

fn start_pcapng<R: Read>(input: &mut Input<R>) -> Result<Kind, CaptureError> {
    // The endianness passed does not matter: a Section Header Block's Byte-Order Magic
    // decides how its length is read.
    let len = input.pcapng_block_len(Endianness::Big)?;
    let (_, parser) =
        PcapNgParser::new(&input.available()[..len]).map_err(|e| CaptureError::Malformed {
            offset: 0,
            what: "pcapng Section Header Block",
            reason: pcap_reason(e),
        })?;
    input.consume(len);
    Ok(Kind::PcapNg {
        parser,
        interfaces: Vec::new(),
    })
}

fn next_pcap<R: Read>(
    input: &mut Input<R>,
    parser: &PcapParser,
    interface: &Interface,
    nanosecond: bool,
) -> Result<Option<Found>, CaptureError> {
    if !input.fill(1)? {
        return Ok(None);
    }
    input.require(PCAP_RECORD_HEADER_LEN, "pcap packet record header")?;
    let incl_len = read_u32(&input.available()[8..12], parser.header().endianness) as usize;
    if incl_len > MAX_RECORD_LEN {
        return Err(CaptureError::Malformed {
            offset: input.offset,
            what: "pcap packet record",
            reason: format!(
                "captured length {incl_len} is larger than the {MAX_RECORD_LEN}-byte limit"
            ),
        });
    }
    let record_len = PCAP_RECORD_HEADER_LEN + incl_len;
    input.require(record_len, "pcap packet record")?;
    let (_, raw) = parser
        .next_raw_packet(&input.available()[..record_len])
        .map_err(|e| CaptureError::Malformed {
            offset: input.offset,
            what: "pcap packet record",
            reason: pcap_reason(e),
        })?;
    // orig_len may exceed snaplen (that is what a snapshot length does), and some
    // writers set incl_len above orig_len: neither stops the packet being read, so the
    // raw record is used rather than pcap-file's stricter PcapPacket.
    Ok(Some(Found {
        data_at: PCAP_RECORD_HEADER_LEN,
        data_len: raw.data.len(),
        original_len: raw.orig_len,
        timestamp: Some(Timestamp::from_pcap(raw.ts_sec, raw.ts_frac, nanosecond)),
        interface_id: 0,
        linktype: Some(interface.linktype),
        record_len,
    }))
}

fn next_pcapng<R: Read>(
    input: &mut Input<R>,
    parser: &mut PcapNgParser,
    interfaces: &mut Vec<Interface>,
) -> Result<Option<Found>, CaptureError> {
    loop {
        if !input.fill(1)? {
            return Ok(None);
        }
        let endianness = parser.section().endianness;
        let len = input.pcapng_block_len(endianness)?;
        let offset = input.offset;
        let bytes = &input.available()[..len];
        let what = pcapng_block_name(read_u32(&bytes[..4], endianness));
        let (_, block) = parser
            .next_block(bytes)
            .map_err(|e| CaptureError::Malformed {
                offset,
                what,
                reason: pcap_reason(e),
            })?;
        let found = match block {
            Block::SectionHeader(_) => {
                interfaces.clear();
                None
            }
            Block::InterfaceDescription(idb) => {
                let mut i = Interface {
                    linktype: u32::from(idb.linktype),
                    snaplen: idb.snaplen,
                    tsresol: DEFAULT_TSRESOL,
                    tsoffset: 0,
                };
                for o in &idb.options {
                    match o {
                        InterfaceDescriptionOption::IfTsResol(r) => i.tsresol = *r,
                        // if_tsoffset is a signed 64-bit value; pcap-file reads the same
                        // bits as unsigned.
                        InterfaceDescriptionOption::IfTsOffset(s) => {
                            i.tsoffset = i64::from_ne_bytes(s.to_ne_bytes());
                        }
                        _ => {}
                    }
                }
                interfaces.push(i);
                None
            }
            Block::EnhancedPacket(epb) => {
                let iface = interfaces.get(epb.interface_id as usize);
                // pcap-file keeps the raw 64-bit tick count as a Duration of that many
                // nanoseconds; as_nanos() gives the exact count back.
                let units = u64::try_from(epb.timestamp.as_nanos()).unwrap_or(u64::MAX);
                Some(Found {
                    data_at: PCAPNG_PACKET_DATA_AT,
                    data_len: epb.data.len(),
                    original_len: epb.original_len,
                    timestamp: iface.map(|i| Timestamp::from_pcapng(units, i.tsresol, i.tsoffset)),
                    interface_id: epb.interface_id,
                    linktype: iface.map(|i| i.linktype),
                    record_len: len,
                })
            }
            Block::Packet(pb) => {
                let iface = interfaces.get(usize::from(pb.interface_id));
                // The timestamp is two 32-bit words, high then low (Appendix A), but
                // pcap-file 2 reads it as one 64-bit integer, which swaps the words
                // in a little-endian section.
                let units = match endianness {
                    Endianness::Little => pb.timestamp.rotate_left(32),
                    Endianness::Big => pb.timestamp,
                };
                Some(Found {
                    data_at: PCAPNG_PACKET_DATA_AT,
                    data_len: pb.data.len(),
                    original_len: pb.original_len,
                    timestamp: iface.map(|i| Timestamp::from_pcapng(units, i.tsresol, i.tsoffset)),
                    interface_id: u32::from(pb.interface_id),
                    linktype: iface.map(|i| i.linktype),
                    record_len: len,
                })
            }
            Block::SimplePacket(spb) => {
                // The block body is padded to 32 bits; the packet is the original length
                // cut to the first interface's snapshot length (§4.4).
                let iface = interfaces.first();
                let mut data_len = spb.data.len().min(spb.original_len as usize);
                if let Some(i) = iface.filter(|i| i.snaplen != 0) {
                    data_len = data_len.min(i.snaplen as usize);
                }
                Some(Found {
                    data_at: PCAPNG_SIMPLE_DATA_AT,
                    data_len,
                    original_len: spb.original_len,
                    timestamp: None,
                    interface_id: 0,
                    linktype: iface.map(|i| i.linktype),
                    record_len: len,
                })
            }
            _ => None,
        };
        match found {
            Some(f) => return Ok(Some(f)),
            None => input.consume(len),
        }
    }
}

/// The file, buffered so that a whole record is always in memory at once.
struct Input<R> {
    source: R,
    buf: Vec<u8>,
    /// First byte of `buf` not consumed yet.
    start: usize,
    /// End of the valid bytes in `buf`.
    end: usize,
    /// File offset of `buf[start]`.
    offset: u64,
    /// Bytes read from the source so far.
    bytes_read: u64,
    /// The source has returned end of file.
    eof: bool,
}

impl<R: Read> Input<R> {
    /// The buffered bytes not consumed yet.
    fn available(&self) -> &[u8] {
        &self.buf[self.start..self.end]
    }

    fn consume(&mut self, n: usize) {
        self.start += n;
        self.offset += n as u64;
    }

    /// Like [`fill`](Self::fill), but running out of file is a truncation.
    fn require(&mut self, n: usize, what: &'static str) -> Result<(), CaptureError> {
        if self.fill(n)? {
            Ok(())
        } else {
            Err(CaptureError::Truncated {
                offset: self.offset,
                what,
                need: n as u64,
                have: (self.end - self.start) as u64,
            })
        }
    }

    /// Reads until at least `n` unconsumed bytes are buffered; `false` when the source
    /// ends first.
    fn fill(&mut self, n: usize) -> Result<bool, CaptureError> {
        while self.end - self.start < n {
            if self.eof {
                return Ok(false);
            }
            // Move what is left to the front, then make room for the rest and a chunk.
            if self.start > 0 {
                self.buf.copy_within(self.start..self.end, 0);
                self.end -= self.start;
                self.start = 0;
            }
            let want = n.max(self.end + READ_CHUNK);
            if self.buf.len() < want {
                self.buf.resize(want, 0);
            }
            match self.source.read(&mut self.buf[self.end..]) {
                Ok(0) => self.eof = true,
                Ok(k) => {
                    self.end += k;
                    self.bytes_read += k as u64;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => {
                    return Err(CaptureError::Io {
                        offset: self.offset + (self.end - self.start) as u64,
                        error,
                    });
                }
            }
        }
        Ok(true)
    }

    /// Makes the whole pcapng block at the current offset available and returns its
    /// length (draft-ietf-opsawg-pcapng §3.1, General Block Structure).
    fn pcapng_block_len(&mut self, endianness: Endianness) -> Result<usize, CaptureError> {
        self.require(12, "pcapng block header")?;
        let b = &self.available()[..12];
        let block_type = read_u32(&b[..4], endianness);
        // A new section may switch byte order: its Byte-Order Magic decides how to read
        // its own length.
        let endianness = if block_type == PCAPNG_SHB {
            match u32::from_be_bytes([b[8], b[9], b[10], b[11]]) {
                PCAPNG_BYTE_ORDER_MAGIC => Endianness::Big,
                m if m.swap_bytes() == PCAPNG_BYTE_ORDER_MAGIC => Endianness::Little,
                m => {
                    return Err(CaptureError::Malformed {
                        offset: self.offset,
                        what: "pcapng Section Header Block",
                        reason: format!(
                            "byte-order magic is {m:#010x}, expected 0x1a2b3c4d in either \
                             byte order"
                        ),
                    });
                }
            }
        } else {
            endianness
        };
        let what = pcapng_block_name(block_type);
        let len = read_u32(&b[4..8], endianness) as usize;
        if len < 12 || !len.is_multiple_of(4) || len > MAX_RECORD_LEN {
            return Err(CaptureError::Malformed {
                offset: self.offset,
                what,
                reason: format!(
                    "block total length {len} is not a multiple of 4 between 12 and \
                     {MAX_RECORD_LEN}"
                ),
            });
        }
        self.require(len, what)?;
        Ok(len)
    }
}

fn read_u32(b: &[u8], e: Endianness) -> u32 {
    let b = [b[0], b[1], b[2], b[3]];
    match e {
        Endianness::Big => u32::from_be_bytes(b),
        Endianness::Little => u32::from_le_bytes(b),
    }
}

fn pcapng_block_name(block_type: u32) -> &'static str {
    match block_type {
        PCAPNG_SHB => "pcapng Section Header Block",
        1 => "pcapng Interface Description Block",
        PCAPNG_PB => "pcapng Packet Block",
        PCAPNG_SPB => "pcapng Simple Packet Block",
        4 => "pcapng Name Resolution Block",
        5 => "pcapng Interface Statistics Block",
        PCAPNG_EPB => "pcapng Enhanced Packet Block",
        _ => "pcapng block",
    }
}

/// pcap-file's error as words. The reader always hands it complete records, so
/// "need more bytes" means a length inside the record points past its end.
fn pcap_reason(e: PcapError) -> String {
    match e {
        PcapError::IncompleteBuffer => "a length field points past the end of the record".into(),
        PcapError::InvalidField(s) => s.to_string(),
        PcapError::InvalidInterfaceId(id) => format!("interface {id} is not described"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pcap_header(magic: u32, big: bool, snaplen: u32, linktype: u32) -> Vec<u8> {
        let mut v = Vec::new();
        let mut put = |x: u32, n: usize| {
            let b = if big {
                x.to_be_bytes()
            } else {
                x.to_le_bytes()
            };
            if n == 2 {
                v.extend_from_slice(if big { &b[2..] } else { &b[..2] });
            } else {
                v.extend_from_slice(&b);
            }
        };
        put(magic, 4);
        put(2, 2);
        put(4, 2);
        put(0, 4);
        put(0, 4);
        put(snaplen, 4);
        put(linktype, 4);
        v
    }

    fn pcap_record(big: bool, sec: u32, frac: u32, orig: u32, data: &[u8]) -> Vec<u8> {
        let mut v = Vec::new();
        for x in [sec, frac, data.len() as u32, orig] {
            v.extend_from_slice(&if big {
                x.to_be_bytes()
            } else {
                x.to_le_bytes()
            });
        }
        v.extend_from_slice(data);
        v
    }

    /// A pcapng block: type, total length, body padded to 32 bits, total length.
    fn block(big: bool, ty: u32, body: &[u8]) -> Vec<u8> {
        let u = |x: u32| {
            if big {
                x.to_be_bytes()
            } else {
                x.to_le_bytes()
            }
        };
        let pad = (4 - body.len() % 4) % 4;
        let len = (12 + body.len() + pad) as u32;
        let mut v = u(ty).to_vec();
        v.extend_from_slice(&u(len));
        v.extend_from_slice(body);
        v.extend(std::iter::repeat_n(0, pad));
        v.extend_from_slice(&u(len));
        v
    }

    fn shb(big: bool) -> Vec<u8> {
        let mut body = PCAPNG_BYTE_ORDER_MAGIC.to_be_bytes().to_vec();
        if !big {
            body.reverse();
        }
        body.extend_from_slice(if big { &[0, 1, 0, 0] } else { &[1, 0, 0, 0] });
        body.extend_from_slice(&[0xFF; 8]);
        block(big, PCAPNG_SHB, &body)
    }

    /// An Interface Description Block, with `if_tsresol` / `if_tsoffset` when given.
    fn idb(
        big: bool,
        linktype: u16,
        snaplen: u32,
        tsresol: Option<u8>,
        off: Option<i64>,
    ) -> Vec<u8> {
        let u16b = |x: u16| {
            if big {
                x.to_be_bytes()
            } else {
                x.to_le_bytes()
            }
        };
        let mut body = u16b(linktype).to_vec();
        body.extend_from_slice(&[0, 0]);
        body.extend_from_slice(&if big {
            snaplen.to_be_bytes()
        } else {
            snaplen.to_le_bytes()
        });
        if let Some(r) = tsresol {
            body.extend_from_slice(&u16b(9));
            body.extend_from_slice(&u16b(1));
            body.extend_from_slice(&[r, 0, 0, 0]);
        }
        if let Some(o) = off {
            body.extend_from_slice(&u16b(14));
            body.extend_from_slice(&u16b(8));
            body.extend_from_slice(&if big {
                o.to_be_bytes()
            } else {
                o.to_le_bytes()
            });
        }
        body.extend_from_slice(&[0, 0, 0, 0]);
        block(big, 1, &body)
    }

    fn epb(big: bool, iface: u32, units: u64, orig: u32, data: &[u8]) -> Vec<u8> {
        let u = |x: u32| {
            if big {
                x.to_be_bytes()
            } else {
                x.to_le_bytes()
            }
        };
        let mut body = Vec::new();
        for x in [
            iface,
            (units >> 32) as u32,
            units as u32,
            data.len() as u32,
            orig,
        ] {
            body.extend_from_slice(&u(x));
        }
        body.extend_from_slice(data);
        body.extend(std::iter::repeat_n(0, (4 - data.len() % 4) % 4));
        block(big, PCAPNG_EPB, &body)
    }

    fn spb(big: bool, orig: u32, data: &[u8]) -> Vec<u8> {
        let mut body = if big {
            orig.to_be_bytes()
        } else {
            orig.to_le_bytes()
        }
        .to_vec();
        body.extend_from_slice(data);
        block(big, PCAPNG_SPB, &body)
    }

    #[derive(Debug, PartialEq)]
    struct Owned {
        data: Vec<u8>,
        original_len: u32,
        time: Option<String>,
        interface_id: u32,
        linktype: Option<u32>,
    }

    /// Reads every packet; returns them and the error that ended the reading, if any.
    fn read_all<R: Read>(r: R) -> (Vec<Owned>, Option<CaptureError>) {
        let mut reader = match CaptureReader::new(r) {
            Ok(r) => r,
            Err(e) => return (Vec::new(), Some(e)),
        };
        let mut v = Vec::new();
        loop {
            match reader.next_packet() {
                Ok(Some(p)) => v.push(Owned {
                    data: p.data.to_vec(),
                    original_len: p.original_len,
                    time: p.timestamp.map(|t| t.to_string()),
                    interface_id: p.interface_id,
                    linktype: p.linktype,
                }),
                Ok(None) => return (v, None),
                Err(e) => return (v, Some(e)),
            }
        }
    }

    fn read_bytes(b: &[u8]) -> (Vec<Owned>, Option<CaptureError>) {
        read_all(b)
    }

    #[test]
    fn pcap_microseconds_little_endian() {
        let mut f = pcap_header(0xA1B2_C3D4, false, 65535, 1);
        f.extend(pcap_record(false, 1_700_000_000, 123_456, 60, &[1, 2, 3]));
        f.extend(pcap_record(false, 1_700_000_001, 0, 4, &[4, 5, 6, 7]));
        let r = CaptureReader::new(&f[..]).unwrap();
        assert_eq!(
            r.format(),
            FileFormat::Pcap {
                nanosecond: false,
                big_endian: false
            }
        );
        let (p, e) = read_bytes(&f);
        assert!(e.is_none());
        assert_eq!(
            p,
            [
                Owned {
                    data: vec![1, 2, 3],
                    original_len: 60,
                    time: Some("1700000000.123456000".into()),
                    interface_id: 0,
                    linktype: Some(1),
                },
                Owned {
                    data: vec![4, 5, 6, 7],
                    original_len: 4,
                    time: Some("1700000001.000000000".into()),
                    interface_id: 0,
                    linktype: Some(1),
                }
            ]
        );
    }

    #[test]
    fn pcap_nanoseconds_big_endian_and_linktype_bits() {
        // LINKTYPE_LINUX_SLL2 with FCS information in the upper bits.
        let mut f = pcap_header(0xA1B2_3C4D, true, 65535, 0x1400_0000 | 276);
        f.extend(pcap_record(true, 1_700_000_000, 123_456_789, 1, &[9]));
        assert_eq!(
            CaptureReader::new(&f[..]).unwrap().format(),
            FileFormat::Pcap {
                nanosecond: true,
                big_endian: true
            }
        );
        let (p, e) = read_bytes(&f);
        assert!(e.is_none());
        assert_eq!(p[0].time.as_deref(), Some("1700000000.123456789"));
        assert_eq!(p[0].linktype, Some(276));
        // Little-endian nanosecond magic.
        let mut f = pcap_header(0xA1B2_3C4D, false, 65535, 101);
        f.extend(pcap_record(false, 5, 7, 1, &[9]));
        let (p, _) = read_bytes(&f);
        assert_eq!(p[0].time.as_deref(), Some("5.000000007"));
        assert_eq!(p[0].linktype, Some(101));
    }

    #[test]
    fn pcap_snapshot_cuts_are_packets_not_errors() {
        // orig_len above snaplen is what a snapshot length produces; pcap-file's
        // PcapPacket would refuse it.
        let mut f = pcap_header(0xA1B2_C3D4, false, 4, 1);
        f.extend(pcap_record(false, 1, 0, 1500, &[1, 2, 3, 4]));
        let (p, e) = read_bytes(&f);
        assert!(e.is_none(), "{e:?}");
        assert_eq!(p[0].original_len, 1500);
        assert_eq!(p[0].data, [1, 2, 3, 4]);
    }

    #[test]
    fn pcap_truncation_and_bad_lengths() {
        let mut f = pcap_header(0xA1B2_C3D4, false, 65535, 1);
        f.extend(pcap_record(false, 1, 0, 3, &[1, 2, 3]));
        let good = f.len();
        f.extend(pcap_record(false, 2, 0, 10, &[0; 10]));
        // Inside the second record's data.
        let (p, e) = read_bytes(&f[..f.len() - 1]);
        assert_eq!(p.len(), 1);
        match e {
            Some(CaptureError::Truncated {
                offset,
                what,
                need,
                have,
            }) => {
                assert_eq!(offset, good as u64);
                assert_eq!(what, "pcap packet record");
                assert_eq!((need, have), (26, 25));
            }
            e => panic!("{e:?}"),
        }
        // Inside its header.
        let (p, e) = read_bytes(&f[..good + 5]);
        assert_eq!(p.len(), 1);
        assert!(
            matches!(
                e,
                Some(CaptureError::Truncated {
                    what: "pcap packet record header",
                    need: 16,
                    have: 5,
                    ..
                })
            ),
            "{e:?}"
        );
        // A length no capture can have.
        let mut f = pcap_header(0xA1B2_C3D4, false, 65535, 1);
        f.extend(pcap_record(false, 1, 0, 3, &[1, 2, 3]));
        f[24 + 8..24 + 12].copy_from_slice(&0x7FFF_FFFFu32.to_le_bytes());
        let (_, e) = read_bytes(&f);
        assert!(
            matches!(e, Some(CaptureError::Malformed { offset: 24, .. })),
            "{e:?}"
        );
        // A file header cut short.
        let (_, e) = read_bytes(&f[..20]);
        assert!(
            matches!(
                e,
                Some(CaptureError::Truncated {
                    offset: 0,
                    what: "pcap file header",
                    ..
                })
            ),
            "{e:?}"
        );
    }

    #[test]
    fn not_captures() {
        for (bytes, text) in [
            (&b""[..], "the file is empty"),
            (&b"\x0a\x0d"[..], "it starts with 0a 0d"),
            (&b"GIF89a"[..], "it starts with 47 49 46 38"),
            (&b"\x1f\x8b\x08\x00rest"[..], "gzip"),
        ] {
            let e = CaptureReader::new(bytes).unwrap_err();
            assert!(matches!(e, CaptureError::NotACapture { .. }), "{e:?}");
            assert!(e.to_string().contains(text), "{e}");
        }
    }

    #[test]
    fn pcapng_interfaces_blocks_and_sections() {
        let mut f = shb(false);
        f.extend(idb(false, 1, 0, Some(9), None));
        f.extend(idb(false, 276, 4, None, Some(-10)));
        // An unknown block type and a Name Resolution Block are skipped.
        f.extend(block(false, 0x0000_0BAD, &[1, 2, 3, 4]));
        f.extend(block(false, 4, &[0, 0, 0, 0]));
        f.extend(epb(
            false,
            0,
            1_700_000_000_123_456_789,
            100,
            &[1, 2, 3, 4, 5],
        ));
        f.extend(epb(false, 1, 10_500_000, 9, &[6; 9]));
        // A Simple Packet Block is cut to the original length and to interface 0's
        // snapshot length (none here); its body padding is not packet data.
        f.extend(spb(false, 5, &[7, 7, 7, 7, 7]));
        // An Enhanced Packet Block naming an interface that does not exist.
        f.extend(epb(false, 7, 1, 1, &[8]));
        // A second section, big-endian this time: the interfaces start again.
        f.extend(shb(true));
        f.extend(idb(true, 101, 2, Some(0x80 | 10), None));
        f.extend(epb(true, 0, (3 << 10) | 512, 3, &[0x45, 0, 0]));
        f.extend(spb(true, 3, &[0x45, 0, 0]));
        f.extend(epb(true, 1, 1, 1, &[8]));

        let (p, e) = read_bytes(&f);
        assert!(e.is_none(), "{e:?}");
        let summary: Vec<_> = p
            .iter()
            .map(|p| {
                (
                    p.interface_id,
                    p.linktype,
                    p.time.as_deref(),
                    p.data.len(),
                    p.original_len,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (0, Some(1), Some("1700000000.123456789"), 5, 100),
                (1, Some(276), Some("0.500000000"), 9, 9),
                (0, Some(1), None, 5, 5),
                (7, None, None, 1, 1),
                (0, Some(101), Some("3.500000000"), 3, 3),
                // SLL cut to the section's interface 0 snapshot length of 2.
                (0, Some(101), None, 2, 3),
                (1, None, None, 1, 1),
            ]
        );
        assert_eq!(p[0].data, [1, 2, 3, 4, 5]);
        assert_eq!(p[2].data, [7; 5]);
        assert_eq!(
            CaptureReader::new(&f[..]).unwrap().format(),
            FileFormat::PcapNg
        );
    }

    #[test]
    fn pcapng_obsolete_packet_block() {
        let mut f = shb(false);
        f.extend(idb(false, 1, 0, None, None));
        // Packet Block: interface 0 (16 bits), drops, timestamp, lengths, data.
        let mut body = vec![0, 0, 0, 0];
        let units: u64 = 1_700_000_000_000_001;
        body.extend_from_slice(&((units >> 32) as u32).to_le_bytes());
        body.extend_from_slice(&(units as u32).to_le_bytes());
        body.extend_from_slice(&2u32.to_le_bytes());
        body.extend_from_slice(&2u32.to_le_bytes());
        body.extend_from_slice(&[0xAB, 0xCD, 0, 0]);
        f.extend(block(false, PCAPNG_PB, &body));
        let (p, e) = read_bytes(&f);
        assert!(e.is_none(), "{e:?}");
        assert_eq!(p[0].data, [0xAB, 0xCD]);
        assert_eq!(p[0].time.as_deref(), Some("1700000000.000001000"));
    }

    #[test]
    fn pcapng_damage() {
        let mut f = shb(false);
        f.extend(idb(false, 1, 0, None, None));
        let at = f.len() as u64;
        f.extend(epb(false, 0, 1, 4, &[1, 2, 3, 4]));
        // Truncated block.
        let (_, e) = read_bytes(&f[..f.len() - 4]);
        assert!(
            matches!(e, Some(CaptureError::Truncated { offset, what: "pcapng Enhanced Packet Block", .. }) if offset == at),
            "{e:?}"
        );
        // Length not a multiple of 4.
        let mut bad = f.clone();
        bad[at as usize + 4] = 33;
        let (_, e) = read_bytes(&bad);
        assert!(
            matches!(e, Some(CaptureError::Malformed { offset, .. }) if offset == at),
            "{e:?}"
        );
        // Trailing length differs from the leading one.
        let mut bad = f.clone();
        let n = bad.len();
        bad[n - 4] = 0;
        let (_, e) = read_bytes(&bad);
        assert!(
            matches!(e, Some(CaptureError::Malformed { offset, .. }) if offset == at),
            "{e:?}"
        );
        // Captured length beyond the block.
        let mut bad = f.clone();
        bad[at as usize + 20] = 200;
        let (p, e) = read_bytes(&bad);
        assert!(p.is_empty());
        assert!(
            matches!(e, Some(CaptureError::Malformed { offset, .. }) if offset == at),
            "{e:?}"
        );
        // A Section Header Block with a wrong byte-order magic.
        let mut bad = shb(false);
        bad[8] = 0;
        let (_, e) = read_bytes(&bad);
        assert!(
            matches!(e, Some(CaptureError::Malformed { offset: 0, .. })),
            "{e:?}"
        );
    }

    /// A source that gives one byte per read and is interrupted between reads.
    struct Trickle<'a> {
        data: &'a [u8],
        interrupt: bool,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.interrupt = !self.interrupt;
            if self.interrupt {
                return Err(io::ErrorKind::Interrupted.into());
            }
            match (self.data.split_first(), buf.first_mut()) {
                (Some((b, rest)), Some(slot)) => {
                    *slot = *b;
                    self.data = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }

    #[test]
    fn short_reads_and_large_records() {
        let big = vec![0x5A; READ_CHUNK + 12345];
        let mut f = pcap_header(0xA1B2_C3D4, false, 0x0100_0000, 1);
        f.extend(pcap_record(false, 1, 0, 3, &[1, 2, 3]));
        f.extend(pcap_record(false, 2, 0, big.len() as u32, &big));
        f.extend(pcap_record(false, 3, 0, 1, &[4]));
        let (whole, e) = read_bytes(&f);
        assert!(e.is_none());
        assert_eq!(whole.len(), 3);
        assert_eq!(whole[1].data, big);
        let (trickled, e) = read_all(Trickle {
            data: &f,
            interrupt: false,
        });
        assert!(e.is_none(), "{e:?}");
        assert_eq!(trickled, whole);
        let mut ng = shb(true);
        ng.extend(idb(true, 1, 0, None, None));
        ng.extend(epb(true, 0, 1, 3, &[1, 2, 3]));
        ng.extend(epb(true, 0, 2, big.len() as u32, &big));
        let (a, _) = read_bytes(&ng);
        let (b, e) = read_all(Trickle {
            data: &ng,
            interrupt: false,
        });
        assert!(e.is_none(), "{e:?}");
        assert_eq!(a, b);
        assert_eq!(b[1].data, big);
    }

    #[test]
    fn read_errors_have_an_offset() {
        struct Failing(usize);
        impl Read for Failing {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let mut f = pcap_header(0xA1B2_C3D4, false, 65535, 1);
                f.extend(pcap_record(false, 1, 0, 3, &[1, 2, 3]));
                if self.0 >= f.len() {
                    return Err(io::Error::other("disk on fire"));
                }
                let n = (f.len() - self.0).min(buf.len());
                buf[..n].copy_from_slice(&f[self.0..self.0 + n]);
                self.0 += n;
                Ok(n)
            }
        }
        let (p, e) = read_all(Failing(0));
        assert_eq!(p.len(), 1);
        match e {
            Some(e @ CaptureError::Io { offset: 43, .. }) => {
                assert!(e.to_string().contains("disk on fire"), "{e}");
            }
            e => panic!("{e:?}"),
        }
    }
}
