//! RTP: the fixed header, CSRC list, header extension and padding of RFC 3550 §5.1,
//! with the general header extension elements of RFC 8285.
//!
//! [`Packet`] is the checked zero-copy view for the hot path: once
//! [`Packet::new_checked`] has accepted a buffer no getter can panic, and the payload
//! is a slice of the input. [`Header`] is the owned form for building: [`Header::emit`]
//! writes the header into a caller buffer, [`Header::emit_packet`] the header, a
//! payload and the padding, and `Header::parse(&Packet::new_checked(b)?)` gives back
//! what was emitted.

use core::ops::Range;

use crate::error::{Error, Layer, Result, room, truncated};

mod field {
    use core::ops::Range;
    /// V (2 bits), P, X, CC (4 bits).
    pub const VPXCC: usize = 0;
    /// M, PT (7 bits).
    pub const MPT: usize = 1;
    pub const SEQ: Range<usize> = 2..4;
    pub const TIMESTAMP: Range<usize> = 4..8;
    pub const SSRC: Range<usize> = 8..12;
    pub const CSRC: usize = 12;
}

/// Length of the fixed header (RFC 3550 §5.1).
pub const HEADER_LEN: usize = 12;
/// The only RTP version there is (RFC 3550 §5.1, `V`).
pub const VERSION: u8 = 2;
/// The most CSRCs a header can list (the 4-bit CC field).
pub const MAX_CSRC: usize = 15;
/// The "defined by profile" value of a one-byte header extension (RFC 8285 §4.2).
pub const ONE_BYTE_PROFILE: u16 = 0xBEDE;
/// The "defined by profile" value of a two-byte header extension, with its 4-bit
/// `appbits` zero (RFC 8285 §4.3: 0x100 followed by the appbits).
pub const TWO_BYTE_PROFILE: u16 = 0x1000;

/// A checked zero-copy view of an RTP packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Packet<T> {
    /// Wraps a buffer without checking it. Getters may panic on a short or malformed
    /// buffer; use this only on a buffer sized for [`Header::emit`].
    pub const fn new_unchecked(buffer: T) -> Self {
        Packet { buffer }
    }

    /// Wraps a buffer after checking everything the getters rely on: the fixed header,
    /// version 2, the CSRC list, the header extension and the padding count all fit.
    #[inline]
    pub fn new_checked(buffer: T) -> Result<Self> {
        let p = Packet { buffer };
        p.check_len()?;
        Ok(p)
    }

    /// The checks of [`Packet::new_checked`].
    #[inline]
    pub fn check_len(&self) -> Result<()> {
        let b = self.buffer.as_ref();
        let Some(head) = b.first_chunk::<HEADER_LEN>() else {
            return Err(truncated(Layer::Rtp, "RTP header", 0, HEADER_LEN, b.len()));
        };
        let version = head[field::VPXCC] >> 6;
        if version != VERSION {
            return Err(Error::Invalid {
                layer: Layer::Rtp,
                field: "V",
                offset: 0,
                expected: "2",
                found: u32::from(version),
            });
        }
        let cc = usize::from(head[field::VPXCC] & 0x0F);
        let mut end = HEADER_LEN + 4 * cc;
        if b.len() < end {
            return Err(truncated(
                Layer::Rtp,
                "CSRC list",
                HEADER_LEN,
                4 * cc,
                b.len(),
            ));
        }
        if head[field::VPXCC] & 0x10 != 0 {
            let at = end;
            let Some(ext) = b.get(at..at + 4) else {
                return Err(truncated(Layer::Rtp, "header extension", at, 4, b.len()));
            };
            let words = usize::from(u16::from_be_bytes([ext[2], ext[3]]));
            end = at + 4 + 4 * words;
            if b.len() < end {
                return Err(truncated(
                    Layer::Rtp,
                    "header extension",
                    at,
                    4 + 4 * words,
                    b.len(),
                ));
            }
        }
        if head[field::VPXCC] & 0x20 != 0 {
            let last = b.len() - 1;
            let count = usize::from(b[last]);
            if count == 0 || count > b.len() - end {
                return Err(Error::Invalid {
                    layer: Layer::Rtp,
                    field: "padding count",
                    offset: last,
                    expected: "1 to the bytes after the header",
                    found: u32::from(b[last]),
                });
            }
        }
        Ok(())
    }

    /// The buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    fn b(&self) -> &[u8] {
        self.buffer.as_ref()
    }

    /// `V`: the version (2 in every checked packet).
    #[inline]
    pub fn version(&self) -> u8 {
        self.b()[field::VPXCC] >> 6
    }

    /// `P`: whether padding octets end the packet.
    #[inline]
    pub fn padding(&self) -> bool {
        self.b()[field::VPXCC] & 0x20 != 0
    }

    /// `X`: whether a header extension follows the CSRC list.
    #[inline]
    pub fn extension(&self) -> bool {
        self.b()[field::VPXCC] & 0x10 != 0
    }

    /// `CC`: the number of CSRC identifiers.
    #[inline]
    pub fn csrc_count(&self) -> u8 {
        self.b()[field::VPXCC] & 0x0F
    }

    /// `M`: the marker bit (for ST 2110-20 video, the last packet of a field or frame).
    #[inline]
    pub fn marker(&self) -> bool {
        self.b()[field::MPT] & 0x80 != 0
    }

    /// `PT`: the payload type.
    #[inline]
    pub fn payload_type(&self) -> u8 {
        self.b()[field::MPT] & 0x7F
    }

    /// `sequence number`.
    #[inline]
    pub fn sequence_number(&self) -> u16 {
        let b = self.b();
        u16::from_be_bytes([b[field::SEQ.start], b[field::SEQ.start + 1]])
    }

    /// `timestamp`.
    #[inline]
    pub fn timestamp(&self) -> u32 {
        let b = &self.b()[field::TIMESTAMP];
        u32::from_be_bytes([b[0], b[1], b[2], b[3]])
    }

    /// `SSRC`.
    #[inline]
    pub fn ssrc(&self) -> u32 {
        let b = &self.b()[field::SSRC];
        u32::from_be_bytes([b[0], b[1], b[2], b[3]])
    }

    /// The `i`th CSRC, if there is one.
    pub fn csrc(&self, i: usize) -> Option<u32> {
        if i >= usize::from(self.csrc_count()) {
            return None;
        }
        let at = field::CSRC + 4 * i;
        let b = &self.b()[at..at + 4];
        Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// The CSRC list.
    pub fn csrcs(&self) -> impl ExactSizeIterator<Item = u32> + '_ {
        self.b()[field::CSRC..field::CSRC + 4 * usize::from(self.csrc_count())]
            .chunks_exact(4)
            .map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]))
    }

    fn extension_range(&self) -> Option<Range<usize>> {
        if !self.extension() {
            return None;
        }
        let at = field::CSRC + 4 * usize::from(self.csrc_count());
        let b = self.b();
        let words = usize::from(u16::from_be_bytes([b[at + 2], b[at + 3]]));
        Some(at..at + 4 + 4 * words)
    }

    /// The header extension (RFC 3550 §5.3.1), if `X` is set.
    pub fn header_extension(&self) -> Option<Extension<'_>> {
        let r = self.extension_range()?;
        let b = &self.b()[r];
        Some(Extension {
            profile: u16::from_be_bytes([b[0], b[1]]),
            data: &b[4..],
        })
    }

    /// Bytes of the header: fixed part, CSRC list and header extension.
    #[inline]
    pub fn header_len(&self) -> usize {
        match self.extension_range() {
            Some(r) => r.end,
            None => field::CSRC + 4 * usize::from(self.csrc_count()),
        }
    }

    /// Padding octets at the end (the last one counts them), 0 without `P`.
    #[inline]
    pub fn padding_len(&self) -> usize {
        if self.padding() {
            let b = self.b();
            usize::from(b[b.len() - 1])
        } else {
            0
        }
    }

    /// Where the payload sits in the buffer.
    #[inline]
    pub fn payload_range(&self) -> Range<usize> {
        self.header_len()..self.b().len() - self.padding_len()
    }

    /// The payload, without the padding.
    #[inline]
    pub fn payload(&self) -> &[u8] {
        &self.b()[self.payload_range()]
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Packet<T> {
    fn bm(&mut self) -> &mut [u8] {
        self.buffer.as_mut()
    }

    /// Sets `M`.
    pub fn set_marker(&mut self, m: bool) {
        let b = self.bm();
        b[field::MPT] = (b[field::MPT] & 0x7F) | if m { 0x80 } else { 0 };
    }

    /// Sets `PT` (the low 7 bits of `pt`).
    pub fn set_payload_type(&mut self, pt: u8) {
        let b = self.bm();
        b[field::MPT] = (b[field::MPT] & 0x80) | (pt & 0x7F);
    }

    /// Sets `sequence number`.
    pub fn set_sequence_number(&mut self, s: u16) {
        self.bm()[field::SEQ].copy_from_slice(&s.to_be_bytes());
    }

    /// Sets `timestamp`.
    pub fn set_timestamp(&mut self, t: u32) {
        self.bm()[field::TIMESTAMP].copy_from_slice(&t.to_be_bytes());
    }

    /// Sets `SSRC`.
    pub fn set_ssrc(&mut self, s: u32) {
        self.bm()[field::SSRC].copy_from_slice(&s.to_be_bytes());
    }

    /// The payload, writable.
    pub fn payload_mut(&mut self) -> &mut [u8] {
        let r = self.payload_range();
        &mut self.bm()[r]
    }
}

/// A header extension (RFC 3550 §5.3.1): 16 bits defined by the profile and a body
/// that is a whole number of 32-bit words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extension<'a> {
    /// The 16 bits "defined by profile" ([`ONE_BYTE_PROFILE`], `0x100x` for the
    /// two-byte form of RFC 8285, or anything else).
    pub profile: u16,
    /// The extension's words (its length field is `data.len() / 4`).
    pub data: &'a [u8],
}

impl<'a> Extension<'a> {
    /// The RFC 8285 elements when the profile is the one-byte (`0xBEDE`) or two-byte
    /// (`0x100x`) form; `None` for any other profile.
    pub fn elements(&self) -> Option<Elements<'a>> {
        let two_byte = if self.profile == ONE_BYTE_PROFILE {
            false
        } else if self.profile & 0xFFF0 == TWO_BYTE_PROFILE {
            true
        } else {
            return None;
        };
        Some(Elements {
            rest: self.data,
            two_byte,
        })
    }
}

/// One RFC 8285 header extension element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Element<'a> {
    /// `ID` (1-14 in the one-byte form, 1-255 in the two-byte form).
    pub id: u8,
    /// The element's data.
    pub data: &'a [u8],
}

/// Iterator over RFC 8285 elements. Padding bytes (zero) are skipped; an element that
/// runs past the extension, or the one-byte form's reserved ID 15, ends the iteration
/// with an `Err` (RFC 8285 §4.2: stop processing).
#[derive(Debug, Clone)]
pub struct Elements<'a> {
    rest: &'a [u8],
    two_byte: bool,
}

impl<'a> Iterator for Elements<'a> {
    type Item = core::result::Result<Element<'a>, ElementError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let (&first, tail) = self.rest.split_first()?;
            if first == 0 {
                self.rest = tail;
                continue;
            }
            let (id, len, body) = if self.two_byte {
                let Some((&l, body)) = tail.split_first() else {
                    self.rest = &[];
                    return Some(Err(ElementError::Truncated));
                };
                (first, usize::from(l), body)
            } else {
                let id = first >> 4;
                if id == 15 {
                    self.rest = &[];
                    return Some(Err(ElementError::ReservedId));
                }
                (id, usize::from(first & 0x0F) + 1, tail)
            };
            if body.len() < len {
                self.rest = &[];
                return Some(Err(ElementError::Truncated));
            }
            self.rest = &body[len..];
            return Some(Ok(Element {
                id,
                data: &body[..len],
            }));
        }
    }
}

/// Why RFC 8285 element parsing stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElementError {
    /// An element's length runs past the extension.
    Truncated,
    /// ID 15 in the one-byte form (RFC 8285 §4.2: reserved, stop processing).
    ReservedId,
}

/// The CSRC list of an owned [`Header`]: up to 15 identifiers, no heap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Csrcs {
    ids: [u32; MAX_CSRC],
    len: u8,
}

impl Csrcs {
    /// A list from a slice of at most 15 identifiers.
    pub fn new(ids: &[u32]) -> Result<Self> {
        if ids.len() > MAX_CSRC {
            return Err(Error::OutOfRange {
                field: "CC",
                value: ids.len() as u64,
                max: MAX_CSRC as u64,
            });
        }
        let mut c = Csrcs::default();
        c.ids[..ids.len()].copy_from_slice(ids);
        c.len = ids.len() as u8;
        Ok(c)
    }

    /// The identifiers.
    pub fn as_slice(&self) -> &[u32] {
        &self.ids[..usize::from(self.len)]
    }
}

/// An RTP header, owned (the extension body borrowed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Header<'a> {
    /// `M`.
    pub marker: bool,
    /// `PT` (0-127).
    pub payload_type: u8,
    /// `sequence number`.
    pub sequence_number: u16,
    /// `timestamp`.
    pub timestamp: u32,
    /// `SSRC`.
    pub ssrc: u32,
    /// CSRC list.
    pub csrcs: Csrcs,
    /// Header extension (`X` is set when present).
    pub extension: Option<Extension<'a>>,
    /// Padding octets [`Header::emit_packet`] adds after the payload (`P` is set when
    /// non-zero). [`Header::parse`] reports the packet's padding here.
    pub padding: u8,
}

impl<'a> Header<'a> {
    /// Reads the header of a checked packet.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(p: &'a Packet<&'a T>) -> Header<'a> {
        let mut csrcs = Csrcs::default();
        for (i, c) in p.csrcs().enumerate() {
            csrcs.ids[i] = c;
        }
        csrcs.len = p.csrc_count();
        Header {
            marker: p.marker(),
            payload_type: p.payload_type(),
            sequence_number: p.sequence_number(),
            timestamp: p.timestamp(),
            ssrc: p.ssrc(),
            csrcs,
            extension: p.header_extension(),
            padding: p.padding_len() as u8,
        }
    }

    /// Bytes of the header (fixed part, CSRCs, extension).
    pub fn buffer_len(&self) -> usize {
        HEADER_LEN
            + 4 * self.csrcs.as_slice().len()
            + self.extension.map_or(0, |e| 4 + e.data.len())
    }

    /// Writes the header into `buf` and returns its length. The `P` bit follows
    /// [`Header::padding`]; the padding itself is written by [`Header::emit_packet`].
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        if self.payload_type > 0x7F {
            return Err(Error::OutOfRange {
                field: "PT",
                value: u64::from(self.payload_type),
                max: 0x7F,
            });
        }
        let len = self.buffer_len();
        if let Some(e) = self.extension
            && (!e.data.len().is_multiple_of(4) || e.data.len() / 4 > usize::from(u16::MAX))
        {
            return Err(Error::OutOfRange {
                field: "header extension length",
                value: e.data.len() as u64,
                max: 4 * u64::from(u16::MAX),
            });
        }
        room(buf, len)?;
        let cc = self.csrcs.as_slice().len();
        buf[field::VPXCC] = (VERSION << 6)
            | if self.padding > 0 { 0x20 } else { 0 }
            | if self.extension.is_some() { 0x10 } else { 0 }
            | cc as u8;
        buf[field::MPT] = if self.marker { 0x80 } else { 0 } | self.payload_type;
        buf[field::SEQ].copy_from_slice(&self.sequence_number.to_be_bytes());
        buf[field::TIMESTAMP].copy_from_slice(&self.timestamp.to_be_bytes());
        buf[field::SSRC].copy_from_slice(&self.ssrc.to_be_bytes());
        for (i, c) in self.csrcs.as_slice().iter().enumerate() {
            let at = field::CSRC + 4 * i;
            buf[at..at + 4].copy_from_slice(&c.to_be_bytes());
        }
        if let Some(e) = self.extension {
            let at = field::CSRC + 4 * cc;
            buf[at..at + 2].copy_from_slice(&e.profile.to_be_bytes());
            buf[at + 2..at + 4].copy_from_slice(&((e.data.len() / 4) as u16).to_be_bytes());
            buf[at + 4..at + 4 + e.data.len()].copy_from_slice(e.data);
        }
        Ok(len)
    }

    /// Writes the header, `payload` and [`Header::padding`] octets (zeros, the last
    /// one holding the count) and returns the packet's length.
    pub fn emit_packet(&self, payload: &[u8], buf: &mut [u8]) -> Result<usize> {
        let total = self.buffer_len() + payload.len() + usize::from(self.padding);
        room(buf, total)?;
        let h = self.emit(buf)?;
        buf[h..h + payload.len()].copy_from_slice(payload);
        let pad = usize::from(self.padding);
        if pad > 0 {
            let at = h + payload.len();
            buf[at..total - 1].fill(0);
            buf[total - 1] = self.padding;
        }
        Ok(total)
    }
}

/// The RFC 3550 Appendix A.1 comparison of sequence numbers: whether `a` comes after
/// `b` modulo 2^16 (a difference below 2^15 counts as ahead).
#[inline]
pub const fn seq_after(a: u16, b: u16) -> bool {
    let d = a.wrapping_sub(b);
    d != 0 && d < 0x8000
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first 20 bytes of packet 1 of tests/data/gst-rfc4175-uyvp-640x360.pcap
    /// (GStreamer's rtpvrawpay, payload type 96): the RTP header, then the start of the
    /// RFC 4175 payload header.
    const GST: [u8; 20] = [
        0x80, 0x60, 0x19, 0xa4, 0xff, 0x21, 0xde, 0x30, 0x59, 0x10, 0x33, 0x07, 0x00, 0x00, 0x05,
        0x64, 0x00, 0x00, 0x00, 0x00,
    ];

    #[test]
    fn fixed_header_fields() {
        let p = Packet::new_checked(&GST[..]).unwrap();
        assert_eq!(p.version(), 2);
        assert!(!p.padding() && !p.extension() && !p.marker());
        assert_eq!(p.payload_type(), 96);
        assert_eq!(p.sequence_number(), 0x19a4);
        assert_eq!(p.timestamp(), 0xff21_de30);
        assert_eq!(p.ssrc(), 0x5910_3307);
        assert_eq!(p.payload(), &GST[12..]);
        let h = Header::parse(&p);
        let mut out = [0u8; 20];
        assert_eq!(h.emit_packet(p.payload(), &mut out).unwrap(), 20);
        assert_eq!(out, GST);
    }

    #[test]
    fn csrc_extension_and_padding_round_trip() {
        let ext = [0x10, 0xAA, 0x21, 0xBB, 0xCC, 0x00, 0x00, 0x00];
        let h = Header {
            marker: true,
            payload_type: 97,
            sequence_number: 65535,
            timestamp: 0xFFFF_FFFF,
            ssrc: 7,
            csrcs: Csrcs::new(&[1, 2, 3]).unwrap(),
            extension: Some(Extension {
                profile: ONE_BYTE_PROFILE,
                data: &ext,
            }),
            padding: 3,
        };
        let mut buf = [0u8; 64];
        let n = h.emit_packet(b"abcd", &mut buf).unwrap();
        assert_eq!(n, 12 + 12 + 12 + 4 + 3);
        let p = Packet::new_checked(&buf[..n]).unwrap();
        assert_eq!(p.payload(), b"abcd");
        assert_eq!(Header::parse(&p), h);
        let els: Vec<_> = p
            .header_extension()
            .unwrap()
            .elements()
            .unwrap()
            .collect::<core::result::Result<_, _>>()
            .unwrap();
        assert_eq!(
            els,
            [
                Element {
                    id: 1,
                    data: &[0xAA]
                },
                Element {
                    id: 2,
                    data: &[0xBB, 0xCC]
                }
            ]
        );
    }

    extern crate std;
    use std::vec::Vec;

    #[test]
    fn bad_input_is_an_error_with_offset() {
        assert!(matches!(
            Packet::new_checked(&GST[..11]),
            Err(Error::Truncated { offset: 0, .. })
        ));
        let mut v1 = GST;
        v1[0] = 0x40;
        assert!(matches!(
            Packet::new_checked(&v1[..]),
            Err(Error::Invalid { field: "V", .. })
        ));
        let mut cc = GST;
        cc[0] = 0x82; // two CSRCs, 8 bytes after the header: fits
        assert!(Packet::new_checked(&cc[..]).is_ok());
        cc[0] = 0x83; // three do not
        assert!(matches!(
            Packet::new_checked(&cc[..]),
            Err(Error::Truncated { offset: 12, .. })
        ));
        let mut x = GST;
        x[0] = 0x90;
        x[14] = 0x00;
        x[15] = 0x02; // two words of extension, only one there
        assert!(matches!(
            Packet::new_checked(&x[..]),
            Err(Error::Truncated { offset: 12, .. })
        ));
        let mut pad = GST;
        pad[0] = 0xA0;
        pad[19] = 9; // 8 bytes after the header
        assert!(matches!(
            Packet::new_checked(&pad[..]),
            Err(Error::Invalid { offset: 19, .. })
        ));
        pad[19] = 0;
        assert!(Packet::new_checked(&pad[..]).is_err());
        pad[19] = 8;
        assert_eq!(
            Packet::new_checked(&pad[..]).unwrap().payload(),
            &[] as &[u8]
        );
    }

    #[test]
    fn sequence_comparison_wraps() {
        assert!(seq_after(1, 0));
        assert!(seq_after(0, 65535));
        assert!(!seq_after(0, 0));
        assert!(!seq_after(0, 1));
        assert!(!seq_after(0x8000, 0));
    }

    #[test]
    fn rfc8285_two_byte_and_errors() {
        let e = Extension {
            profile: 0x1000,
            data: &[5, 2, 0xAA, 0xBB, 0, 6, 0],
        };
        let v: Vec<_> = e.elements().unwrap().collect();
        assert_eq!(
            v,
            [
                Ok(Element {
                    id: 5,
                    data: &[0xAA, 0xBB]
                }),
                Ok(Element { id: 6, data: &[] })
            ]
        );
        let bad = Extension {
            profile: ONE_BYTE_PROFILE,
            data: &[0xF0, 0, 0, 0],
        };
        assert_eq!(
            bad.elements().unwrap().next(),
            Some(Err(ElementError::ReservedId))
        );
        let short = Extension {
            profile: ONE_BYTE_PROFILE,
            data: &[0x13, 1],
        };
        assert_eq!(
            short.elements().unwrap().next(),
            Some(Err(ElementError::Truncated))
        );
        assert!(
            Extension {
                profile: 0xABAC,
                data: &[]
            }
            .elements()
            .is_none()
        );
    }
}
