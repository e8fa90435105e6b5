//! Where the bytes of an ST 2110-20 picture live: the frame buffer layout the
//! packetizer reads and the depacketizer writes.
//!
//! A frame buffer holds the picture in the RFC 4175 pgroup layout, row after row,
//! with no padding: the layout of GStreamer's raw `UYVP`, `UYVY` and `RGB` buffers and
//! of the `.frames` files the CLI reads and writes. For the 4:2:0 samplings a pgroup
//! spans two picture lines, so a buffer "row" is a pair of lines (RFC 4175 §4.4) and the
//! SRD Row Number of its data is the pair's first line.
//!
//! An interlaced picture (ST 2110-20 §6.2.2, `interlace` in SDP) travels as two
//! fields, each its own RTP "frame" (one RTP timestamp, the marker on its last packet):
//! the first field carries picture lines 0, 2, 4, ... as SRD rows 0, 1, 2, ... with
//! `F` clear, the second lines 1, 3, 5, ... with `F` set. The frame buffer still holds
//! the whole picture, lines in picture order.

use crate::error::{Error, Result};
use crate::format::{Format, Pgroup};

/// The geometry of a video stream and the frame buffer that holds a picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct VideoLayout {
    /// Sampling and depth.
    pub format: Format,
    /// Picture width in pixels.
    pub width: u32,
    /// Picture height in lines (the whole frame, both fields when interlaced).
    pub height: u32,
    /// Whether pictures travel as two fields.
    pub interlaced: bool,
}

impl VideoLayout {
    /// A layout, checked: the width a whole number of pgroups, the height a whole
    /// number of pgroup rows (even for 4:2:0) and of fields (even when interlaced;
    /// a multiple of 4 for interlaced 4:2:0), both at most 32767 (the 15-bit SRD fields)
    /// and the buffer size representable.
    pub fn new(format: Format, width: u32, height: u32, interlaced: bool) -> Result<VideoLayout> {
        let pg = format.pgroup();
        if width == 0 || width > 32_767 || !width.is_multiple_of(pg.width()) {
            return Err(Error::OutOfRange {
                field: "width",
                value: u64::from(width),
                max: 32_767,
            });
        }
        let step = pg.rows * if interlaced { 2 } else { 1 };
        if height == 0 || height > 32_767 || !height.is_multiple_of(step) {
            return Err(Error::OutOfRange {
                field: "height",
                value: u64::from(height),
                max: 32_767,
            });
        }
        Ok(VideoLayout {
            format,
            width,
            height,
            interlaced,
        })
    }

    /// The numbers a packetizer or depacketizer needs per packet, computed once.
    pub const fn geometry(&self) -> Geometry {
        let pg = self.format.pgroup();
        Geometry {
            pg_octets: pg.octets as usize,
            pg_width_shift: pg.width().trailing_zeros(),
            pg_rows_shift: pg.rows.trailing_zeros(),
            row_bytes: self.row_bytes(),
            pgroups_per_row: (self.width / pg.width()) as usize,
            rows_per_field: self.rows_per_field(),
            fields: self.fields(),
            width: self.width,
        }
    }

    /// The pgroup.
    #[inline]
    pub const fn pgroup(&self) -> Pgroup {
        self.format.pgroup()
    }

    /// Octets of one buffer row (a line; a pair of lines for 4:2:0).
    #[inline]
    pub const fn row_bytes(&self) -> usize {
        let pg = self.format.pgroup();
        (self.width / pg.width() * pg.octets) as usize
    }

    /// Buffer rows in the picture (lines, or line pairs for 4:2:0).
    #[inline]
    pub const fn rows(&self) -> u32 {
        self.height / self.format.pgroup().rows
    }

    /// Octets of the whole picture in the frame buffer.
    #[inline]
    pub const fn frame_bytes(&self) -> usize {
        self.row_bytes() * self.rows() as usize
    }

    /// Fields per picture: 2 when interlaced, else 1.
    #[inline]
    pub const fn fields(&self) -> u32 {
        if self.interlaced { 2 } else { 1 }
    }

    /// Buffer rows that one field (or the whole progressive picture) sends.
    #[inline]
    pub const fn rows_per_field(&self) -> u32 {
        self.rows() / self.fields()
    }

    /// Octets one field (or progressive picture) carries.
    #[inline]
    pub const fn field_bytes(&self) -> usize {
        self.row_bytes() * self.rows_per_field() as usize
    }

    /// The SRD Row Number of the field's `row`th buffer row (RFC 4175: the picture
    /// line for progressive, the field line for interlaced; the first line of the pair
    /// for 4:2:0).
    #[inline]
    pub const fn srd_row(&self, row: u32) -> u32 {
        row * self.format.pgroup().rows
    }

    /// The field's buffer row that an SRD Row Number names, if it is one.
    #[inline]
    pub const fn row_of_srd(&self, srd_row: u32) -> Option<u32> {
        let r = self.format.pgroup().rows;
        if !srd_row.is_multiple_of(r) || srd_row / r >= self.rows_per_field() {
            None
        } else {
            Some(srd_row / r)
        }
    }

    /// Where row `row` of field `field` (0 or 1) starts in the frame buffer.
    #[inline]
    pub const fn row_offset(&self, field: u32, row: u32) -> usize {
        let picture_row = row * self.fields() + field;
        picture_row as usize * self.row_bytes()
    }

    /// The pixel a byte offset within a row is at (offsets are whole pgroups).
    #[inline]
    pub const fn pixel_of(&self, byte_in_row: usize) -> u32 {
        let pg = self.format.pgroup();
        (byte_in_row / pg.octets as usize) as u32 * pg.width()
    }

    /// The byte offset within a row of pixel `x` (a multiple of the pgroup width).
    #[inline]
    pub const fn byte_of(&self, x: u32) -> usize {
        let pg = self.format.pgroup();
        (x / pg.width() * pg.octets) as usize
    }
}

/// Converts a YCbCr-4:2:0 8-bit picture between the RFC 4175 pgroup layout (per 2x2
/// block: Y'00 Y'01 Y'10 Y'11 Cb'00 Cr'00, RFC 4175 §4.4) and the planar I420 layout
/// (the Y plane, then Cb, then Cr, each row after row without padding: GStreamer's
/// and FFmpeg's `I420` / `yuv420p` with even width).
///
/// `to_planar` picks the direction. Both buffers must hold `width * height * 3 / 2`
/// octets; the layout must be 8-bit 4:2:0.
pub fn convert_i420(
    layout: &VideoLayout,
    pgroups: &mut [u8],
    planar: &mut [u8],
    to_planar: bool,
) -> Result<()> {
    use crate::format::{Depth, Sampling};
    if layout.format.depth != Depth::Bits8
        || !matches!(
            layout.format.sampling,
            Sampling::YCbCr420 | Sampling::ClYCbCr420 | Sampling::ICtCp420
        )
    {
        return Err(Error::OutOfRange {
            field: "sampling",
            value: u64::from(layout.format.depth.bits()),
            max: 8,
        });
    }
    let (w, h) = (layout.width as usize, layout.height as usize);
    let n = w * h * 3 / 2;
    for len in [pgroups.len(), planar.len()] {
        if len < n {
            return Err(Error::BufferTooSmall {
                needed: n,
                available: len,
            });
        }
    }
    let (y, chroma) = planar[..n].split_at_mut(w * h);
    let (cb, cr) = chroma.split_at_mut(w * h / 4);
    let cw = w / 2;
    for (pair, row) in pgroups[..n].chunks_exact_mut(w * 3).enumerate() {
        let (y0, rest) = y[2 * pair * w..].split_at_mut(w);
        let y1 = &mut rest[..w];
        let cbr = &mut cb[pair * cw..pair * cw + cw];
        let crr = &mut cr[pair * cw..pair * cw + cw];
        for (x, g) in row.chunks_exact_mut(6).enumerate() {
            let (a, b) = (2 * x, 2 * x + 1);
            if to_planar {
                y0[a] = g[0];
                y0[b] = g[1];
                y1[a] = g[2];
                y1[b] = g[3];
                cbr[x] = g[4];
                crr[x] = g[5];
            } else {
                g.copy_from_slice(&[y0[a], y0[b], y1[a], y1[b], cbr[x], crr[x]]);
            }
        }
    }
    Ok(())
}

/// A [`VideoLayout`]'s per-packet numbers (see [`VideoLayout::geometry`]). Pgroup
/// widths (1, 2, 4 or 8 pixels) and heights (1 or 2 lines) are powers of two, so
/// pixel and line arithmetic is shifts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Geometry {
    /// Octets of a pgroup.
    pub pg_octets: usize,
    /// log2 of the pgroup's width in pixels.
    pub pg_width_shift: u32,
    /// log2 of the pgroup's height in lines.
    pub pg_rows_shift: u32,
    /// Octets of a buffer row.
    pub row_bytes: usize,
    /// Pgroups in a buffer row.
    pub pgroups_per_row: usize,
    /// Buffer rows per field.
    pub rows_per_field: u32,
    /// Fields per picture.
    pub fields: u32,
    /// Picture width in pixels.
    pub width: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{Depth, Sampling};

    #[test]
    fn layouts() {
        let uyvp = VideoLayout::new(
            Format::new(Sampling::YCbCr422, Depth::Bits10),
            1920,
            1080,
            false,
        )
        .unwrap();
        assert_eq!(uyvp.row_bytes(), 4800);
        assert_eq!(uyvp.frame_bytes(), 5_184_000);
        assert_eq!(uyvp.row_offset(0, 3), 3 * 4800);
        let i = VideoLayout {
            interlaced: true,
            ..uyvp
        };
        assert_eq!(i.rows_per_field(), 540);
        assert_eq!(i.row_offset(1, 0), 4800);
        assert_eq!(i.row_offset(0, 1), 2 * 4800);
        let i420 = VideoLayout::new(
            Format::new(Sampling::YCbCr420, Depth::Bits8),
            640,
            360,
            false,
        )
        .unwrap();
        assert_eq!(i420.rows(), 180);
        assert_eq!(i420.row_bytes(), 1920);
        assert_eq!(i420.frame_bytes(), 640 * 360 * 3 / 2);
        assert_eq!(i420.srd_row(5), 10);
        assert_eq!(i420.row_of_srd(10), Some(5));
        assert_eq!(i420.row_of_srd(11), None);
        let g = i420.geometry();
        assert_eq!((g.pg_octets, g.pg_width_shift, g.pg_rows_shift), (6, 1, 1));
        assert_eq!(
            (g.row_bytes, g.pgroups_per_row, g.rows_per_field),
            (1920, 320, 180)
        );
        assert!(
            VideoLayout::new(
                Format::new(Sampling::YCbCr420, Depth::Bits8),
                640,
                361,
                false
            )
            .is_err()
        );
        assert!(
            VideoLayout::new(
                Format::new(Sampling::YCbCr422, Depth::Bits10),
                1919,
                1080,
                false
            )
            .is_err()
        );
        assert!(
            VideoLayout::new(
                Format::new(Sampling::YCbCr422, Depth::Bits10),
                1920,
                1081,
                true
            )
            .is_err()
        );
    }
}
