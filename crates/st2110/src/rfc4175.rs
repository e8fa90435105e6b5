//! The RFC 4175 payload header that SMPTE ST 2110-20 uses (RFC 4175 §4.1, ST 2110-20
//! §6.2): the Extended Sequence Number and one or more Sample Row Data (SRD) headers,
//! each followed, after the last header, by its row data in order.
//!
//! [`Payload::parse`] reads an RTP payload zero-copy and checks that every header and
//! every row's data fit; [`Payload::rows`] then yields each [`SampleRow`] with its data
//! as a slice of the input. [`emit_headers`] writes the payload header for building.

use crate::error::{Error, Layer, Result, room, truncated};

/// Bytes of one Sample Row Data header: Length (16), F + Line No (16), C + Offset (16).
pub const SRD_HEADER_LEN: usize = 6;
/// Bytes of the Extended Sequence Number field.
pub const ESN_LEN: usize = 2;
/// The most SRD headers SMPTE ST 2110-20 lets a packet carry (its payload format
/// requirements, ST 2110-20 §6.2);
/// RFC 4175 itself sets no limit.
pub const ST2110_MAX_SRD: usize = 3;
/// The largest SRD Row Number / Offset (15 bits).
pub const MAX_ROW_OR_OFFSET: u16 = 0x7FFF;

/// One Sample Row Data header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SrdHeader {
    /// `SRD Length`: bytes of row data in this packet.
    pub length: u16,
    /// `F`: the second field of an interlaced frame (or the second segment of PsF).
    pub field: bool,
    /// `SRD Row Number` (15 bits).
    pub row_number: u16,
    /// `SRD Offset` (15 bits): the position, in pixels, of the first pixel of the data
    /// in its row.
    pub offset: u16,
}

/// One row segment of a packet: its header and its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SampleRow<'a> {
    /// The header.
    pub header: SrdHeader,
    /// Its `length` bytes of pgroups.
    pub data: &'a [u8],
    /// Where `data` starts in the buffer given to [`Payload::parse`].
    pub data_offset: usize,
}

/// A checked RFC 4175 payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Payload<'a> {
    esn: u16,
    headers: &'a [u8],
    data: &'a [u8],
    data_start: usize,
}

impl<'a> Payload<'a> {
    /// Reads the payload header of an RTP payload (`b` starts after the RTP header).
    /// Headers are read until one has its Continuation bit clear; every row's data must
    /// fit in what follows. Bytes after the last row's data are allowed (see
    /// [`Payload::trailing`]).
    #[inline]
    pub fn parse(b: &'a [u8]) -> Result<Payload<'a>> {
        let Some(esn) = b.first_chunk::<ESN_LEN>() else {
            return Err(truncated(
                Layer::Rfc4175,
                "Extended Sequence Number",
                0,
                ESN_LEN,
                b.len(),
            ));
        };
        let mut at = ESN_LEN;
        let mut total = 0usize;
        loop {
            let Some(h) = b.get(at..at + SRD_HEADER_LEN) else {
                return Err(truncated(
                    Layer::Rfc4175,
                    "sample row data header",
                    at,
                    SRD_HEADER_LEN,
                    b.len(),
                ));
            };
            total += usize::from(u16::from_be_bytes([h[0], h[1]]));
            at += SRD_HEADER_LEN;
            if h[4] & 0x80 == 0 {
                break;
            }
        }
        if b.len() - at < total {
            return Err(truncated(
                Layer::Rfc4175,
                "sample row data",
                at,
                total,
                b.len(),
            ));
        }
        Ok(Payload {
            esn: u16::from_be_bytes(*esn),
            headers: &b[ESN_LEN..at],
            data: &b[at..],
            data_start: at,
        })
    }

    /// `Extended Sequence Number`: the high 16 bits of the 32-bit sequence number.
    #[inline]
    pub fn extended_sequence_number(&self) -> u16 {
        self.esn
    }

    /// The 32-bit sequence number, with `rtp_sequence_number` as its low half.
    #[inline]
    pub fn sequence_number(&self, rtp_sequence_number: u16) -> u32 {
        (u32::from(self.esn) << 16) | u32::from(rtp_sequence_number)
    }

    /// Number of SRD headers.
    #[inline]
    pub fn row_count(&self) -> usize {
        self.headers.len() / SRD_HEADER_LEN
    }

    /// Bytes of the payload header (Extended Sequence Number and SRD headers).
    #[inline]
    pub fn header_len(&self) -> usize {
        self.data_start
    }

    /// The row segments, in order.
    #[inline]
    pub fn rows(&self) -> Rows<'a> {
        Rows {
            headers: self.headers.chunks_exact(SRD_HEADER_LEN),
            data: self.data,
            at: self.data_start,
        }
    }

    /// Bytes after the last row's data (none in a well-formed ST 2110-20 packet).
    pub fn trailing(&self) -> &'a [u8] {
        let used: usize = self.rows().map(|r| r.data.len()).sum();
        &self.data[used..]
    }
}

/// Iterator over the [`SampleRow`]s of a [`Payload`].
#[derive(Debug, Clone)]
pub struct Rows<'a> {
    headers: core::slice::ChunksExact<'a, u8>,
    data: &'a [u8],
    at: usize,
}

impl<'a> Iterator for Rows<'a> {
    type Item = SampleRow<'a>;

    #[inline]
    fn next(&mut self) -> Option<SampleRow<'a>> {
        let h = self.headers.next()?;
        let header = SrdHeader {
            length: u16::from_be_bytes([h[0], h[1]]),
            field: h[2] & 0x80 != 0,
            row_number: u16::from_be_bytes([h[2] & 0x7F, h[3]]),
            offset: u16::from_be_bytes([h[4] & 0x7F, h[5]]),
        };
        // `Payload::parse` checked that the lengths fit; `split_at_checked` keeps
        // this panic-free regardless.
        let (data, rest) = self.data.split_at_checked(usize::from(header.length))?;
        let row = SampleRow {
            header,
            data,
            data_offset: self.at,
        };
        self.data = rest;
        self.at += data.len();
        Some(row)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.headers.len()))
    }
}

/// Bytes [`emit_headers`] writes for `n` SRD headers.
pub const fn headers_len(n: usize) -> usize {
    ESN_LEN + n * SRD_HEADER_LEN
}

/// Writes the Extended Sequence Number and the SRD headers (Continuation set on all
/// but the last) into `buf` and returns the bytes written; the row data goes after.
/// At least one header is needed; row numbers and offsets must fit 15 bits.
pub fn emit_headers(esn: u16, headers: &[SrdHeader], buf: &mut [u8]) -> Result<usize> {
    if headers.is_empty() {
        return Err(Error::OutOfRange {
            field: "SRD header count",
            value: 0,
            max: 0,
        });
    }
    for h in headers {
        for (field, v) in [("SRD Row Number", h.row_number), ("SRD Offset", h.offset)] {
            if v > MAX_ROW_OR_OFFSET {
                return Err(Error::OutOfRange {
                    field,
                    value: u64::from(v),
                    max: u64::from(MAX_ROW_OR_OFFSET),
                });
            }
        }
    }
    let len = headers_len(headers.len());
    room(buf, len)?;
    buf[..ESN_LEN].copy_from_slice(&esn.to_be_bytes());
    let last = headers.len() - 1;
    for (i, (h, out)) in headers
        .iter()
        .zip(buf[ESN_LEN..len].chunks_exact_mut(SRD_HEADER_LEN))
        .enumerate()
    {
        out[0..2].copy_from_slice(&h.length.to_be_bytes());
        out[2..4].copy_from_slice(&(h.row_number | if h.field { 0x8000 } else { 0 }).to_be_bytes());
        out[4..6].copy_from_slice(&(h.offset | if i < last { 0x8000 } else { 0 }).to_be_bytes());
    }
    Ok(len)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The RTP payload start of packet 2 of tests/data/gst-rfc4175-uyvp-640x360.pcap
    /// (GStreamer rtpvrawpay, 640x360 UYVP): the end of row 0 (220 bytes from pixel
    /// 552) and the start of row 1 (1150 bytes from pixel 0).
    const GST_HEAD: [u8; 14] = [
        0x00, 0x00, 0x00, 0xdc, 0x00, 0x00, 0x82, 0x28, 0x04, 0x7e, 0x00, 0x01, 0x00, 0x00,
    ];

    #[test]
    fn gstreamer_two_rows() {
        let mut b = [0u8; 14 + 220 + 1150];
        b[..14].copy_from_slice(&GST_HEAD);
        let p = Payload::parse(&b).unwrap();
        assert_eq!(p.extended_sequence_number(), 0);
        assert_eq!(p.row_count(), 2);
        let rows: [SampleRow<'_>; 2] = {
            let mut it = p.rows();
            [it.next().unwrap(), it.next().unwrap()]
        };
        assert_eq!(
            rows[0].header,
            SrdHeader {
                length: 220,
                field: false,
                row_number: 0,
                offset: 552
            }
        );
        assert_eq!(rows[0].data_offset, 14);
        assert_eq!(
            rows[1].header,
            SrdHeader {
                length: 1150,
                field: false,
                row_number: 1,
                offset: 0
            }
        );
        assert_eq!(rows[1].data_offset, 14 + 220);
        assert!(p.trailing().is_empty());
        let mut out = [0u8; 14];
        assert_eq!(
            emit_headers(0, &[rows[0].header, rows[1].header], &mut out).unwrap(),
            14
        );
        assert_eq!(out, GST_HEAD);
    }

    #[test]
    fn short_data_and_headers_are_errors() {
        let mut b = [0u8; 14 + 220 + 1149];
        b[..14].copy_from_slice(&GST_HEAD);
        assert!(matches!(
            Payload::parse(&b),
            Err(Error::Truncated {
                offset: 14,
                needed: 1370,
                available: 1369,
                ..
            })
        ));
        assert!(matches!(
            Payload::parse(&GST_HEAD[..10]),
            Err(Error::Truncated { offset: 8, .. })
        ));
        assert!(matches!(
            Payload::parse(&[0]),
            Err(Error::Truncated { offset: 0, .. })
        ));
        let bad = SrdHeader {
            row_number: 0x8000,
            ..SrdHeader::default()
        };
        assert!(matches!(
            emit_headers(0, &[bad], &mut [0u8; 8]),
            Err(Error::OutOfRange {
                field: "SRD Row Number",
                ..
            })
        ));
    }

    #[test]
    fn field_bit_and_sequence_extension() {
        let h = SrdHeader {
            length: 4,
            field: true,
            row_number: 539,
            offset: 1916,
        };
        let mut b = [0u8; 12];
        let n = emit_headers(0xABCD, &[h], &mut b).unwrap();
        assert_eq!(n, 8);
        let p = Payload::parse(&b).unwrap();
        assert_eq!(p.rows().next().unwrap().header, h);
        assert_eq!(p.sequence_number(0x0102), 0xABCD_0102);
    }
}
