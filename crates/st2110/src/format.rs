//! Video formats of SMPTE ST 2110-20: samplings, bit depths, and the pixel group
//! ("pgroup", RFC 4175 §4.1) each pair packs into.
//!
//! A pgroup is the smallest run of pixels whose samples end on an octet boundary;
//! packets carry whole pgroups, and a row segment's SRD Offset counts pixels. The size
//! follows from the sampling's unit (the pixels that share one set of colour-difference
//! samples, and the samples in it) and the bit depth: for YCbCr-4:2:2 at 10 bits, a
//! unit is 2 pixels of 4 samples (40 bits), which is already 5 whole octets; for
//! YCbCr-4:2:0 at 10 bits a unit is a 2x2 block of 6 samples (60 bits), so two units
//! (8 pixels, 15 octets) make a pgroup. [`Format::pgroup`] computes it that way and the
//! tests pin the result against the table of ST 2110-20 / RFC 4175 §4.3-§4.4.

use core::fmt;

/// The `sampling` media type parameter of ST 2110-20 §7.4.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sampling {
    /// `YCbCr-4:4:4`.
    YCbCr444,
    /// `YCbCr-4:2:2`.
    YCbCr422,
    /// `YCbCr-4:2:0`.
    YCbCr420,
    /// `CLYCbCr-4:4:4` (constant luminance).
    ClYCbCr444,
    /// `CLYCbCr-4:2:2`.
    ClYCbCr422,
    /// `CLYCbCr-4:2:0`.
    ClYCbCr420,
    /// `ICtCp-4:4:4`.
    ICtCp444,
    /// `ICtCp-4:2:2`.
    ICtCp422,
    /// `ICtCp-4:2:0`.
    ICtCp420,
    /// `RGB`.
    Rgb,
    /// `XYZ`.
    Xyz,
    /// `KEY`: one component, a key (alpha) signal.
    Key,
}

impl Sampling {
    /// Every sampling, in the order of ST 2110-20 §7.4.1.
    pub const ALL: [Sampling; 12] = [
        Sampling::YCbCr444,
        Sampling::YCbCr422,
        Sampling::YCbCr420,
        Sampling::ClYCbCr444,
        Sampling::ClYCbCr422,
        Sampling::ClYCbCr420,
        Sampling::ICtCp444,
        Sampling::ICtCp422,
        Sampling::ICtCp420,
        Sampling::Rgb,
        Sampling::Xyz,
        Sampling::Key,
    ];

    /// The parameter's value as SDP writes it (`YCbCr-4:2:2`, ...).
    pub const fn name(self) -> &'static str {
        match self {
            Sampling::YCbCr444 => "YCbCr-4:4:4",
            Sampling::YCbCr422 => "YCbCr-4:2:2",
            Sampling::YCbCr420 => "YCbCr-4:2:0",
            Sampling::ClYCbCr444 => "CLYCbCr-4:4:4",
            Sampling::ClYCbCr422 => "CLYCbCr-4:2:2",
            Sampling::ClYCbCr420 => "CLYCbCr-4:2:0",
            Sampling::ICtCp444 => "ICtCp-4:4:4",
            Sampling::ICtCp422 => "ICtCp-4:2:2",
            Sampling::ICtCp420 => "ICtCp-4:2:0",
            Sampling::Rgb => "RGB",
            Sampling::Xyz => "XYZ",
            Sampling::Key => "KEY",
        }
    }

    /// Reads an SDP `sampling` value (exact spelling, as ST 2110-20 requires).
    pub fn from_name(s: &str) -> Option<Sampling> {
        Sampling::ALL.into_iter().find(|x| x.name() == s)
    }

    /// The sampling unit: (pixels in it, rows it spans, samples in it).
    pub const fn unit(self) -> (u32, u32, u32) {
        match self {
            Sampling::YCbCr444
            | Sampling::ClYCbCr444
            | Sampling::ICtCp444
            | Sampling::Rgb
            | Sampling::Xyz => (1, 1, 3),
            Sampling::YCbCr422 | Sampling::ClYCbCr422 | Sampling::ICtCp422 => (2, 1, 4),
            // A 2x2 block: four luma samples, one of each colour difference.
            Sampling::YCbCr420 | Sampling::ClYCbCr420 | Sampling::ICtCp420 => (4, 2, 6),
            Sampling::Key => (1, 1, 1),
        }
    }

    /// Whether a pgroup covers two rows (the 4:2:0 samplings, RFC 4175 §4.4).
    pub const fn two_rows(self) -> bool {
        self.unit().1 == 2
    }
}

impl fmt::Display for Sampling {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The `depth` media type parameter of ST 2110-20 §7.4.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Depth {
    /// 8 bits per sample.
    Bits8,
    /// 10 bits.
    Bits10,
    /// 12 bits.
    Bits12,
    /// 16 bits, integer.
    Bits16,
    /// 16 bits, floating point (`16f`, IEEE 754 half precision).
    Bits16f,
}

impl Depth {
    /// Every depth.
    pub const ALL: [Depth; 5] = [
        Depth::Bits8,
        Depth::Bits10,
        Depth::Bits12,
        Depth::Bits16,
        Depth::Bits16f,
    ];

    /// Bits per sample.
    pub const fn bits(self) -> u32 {
        match self {
            Depth::Bits8 => 8,
            Depth::Bits10 => 10,
            Depth::Bits12 => 12,
            Depth::Bits16 | Depth::Bits16f => 16,
        }
    }

    /// The parameter's value as SDP writes it (`8`, `10`, `12`, `16`, `16f`).
    pub const fn name(self) -> &'static str {
        match self {
            Depth::Bits8 => "8",
            Depth::Bits10 => "10",
            Depth::Bits12 => "12",
            Depth::Bits16 => "16",
            Depth::Bits16f => "16f",
        }
    }

    /// Reads an SDP `depth` value.
    pub fn from_name(s: &str) -> Option<Depth> {
        Depth::ALL.into_iter().find(|x| x.name() == s)
    }
}

impl fmt::Display for Depth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A pixel group: `octets` bytes carry `pixels` pixels (over `rows` rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Pgroup {
    /// Octets in one pgroup.
    pub octets: u32,
    /// Pixels it covers in total.
    pub pixels: u32,
    /// Rows it spans (2 for 4:2:0, else 1).
    pub rows: u32,
}

impl Pgroup {
    /// Pixels of one row a pgroup covers (its width).
    pub const fn width(&self) -> u32 {
        self.pixels / self.rows
    }
}

/// A sampling at a depth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Format {
    /// `sampling`.
    pub sampling: Sampling,
    /// `depth`.
    pub depth: Depth,
}

impl Format {
    /// A sampling at a depth. Every pair has a pgroup; whether a receiver supports
    /// it is the receiver's business (ST 2110-20 lists the combinations in use).
    pub const fn new(sampling: Sampling, depth: Depth) -> Format {
        Format { sampling, depth }
    }

    /// The pixel group: whole sampling units until the bits end on an octet.
    pub const fn pgroup(&self) -> Pgroup {
        let (pixels, rows, samples) = self.sampling.unit();
        let bits = samples * self.depth.bits();
        let mut units = 1;
        while !(units * bits).is_multiple_of(8) {
            units += 1;
        }
        Pgroup {
            octets: units * bits / 8,
            pixels: units * pixels,
            rows,
        }
    }

    /// Octets of one row of `width` pixels (for 4:2:0, of one pair of rows), or
    /// `None` when `width` is not a whole number of pgroups.
    pub const fn row_octets(&self, width: u32) -> Option<u32> {
        let p = self.pgroup();
        if width == 0 || !width.is_multiple_of(p.width()) {
            return None;
        }
        Some(width / p.width() * p.octets)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (sampling, depth, octets, pixels) as RFC 4175 §4.3-§4.4 lists them (and as
    /// other ST 2110 implementations, such as Intel's Media Transport Library, use).
    const TABLE: [(Sampling, Depth, u32, u32); 18] = [
        (Sampling::YCbCr444, Depth::Bits8, 3, 1),
        (Sampling::YCbCr444, Depth::Bits10, 15, 4),
        (Sampling::YCbCr444, Depth::Bits12, 9, 2),
        (Sampling::YCbCr444, Depth::Bits16, 6, 1),
        (Sampling::YCbCr422, Depth::Bits8, 4, 2),
        (Sampling::YCbCr422, Depth::Bits10, 5, 2),
        (Sampling::YCbCr422, Depth::Bits12, 6, 2),
        (Sampling::YCbCr422, Depth::Bits16, 8, 2),
        (Sampling::YCbCr420, Depth::Bits8, 6, 4),
        (Sampling::YCbCr420, Depth::Bits10, 15, 8),
        (Sampling::YCbCr420, Depth::Bits12, 9, 4),
        (Sampling::YCbCr420, Depth::Bits16, 12, 4),
        (Sampling::Rgb, Depth::Bits8, 3, 1),
        (Sampling::Rgb, Depth::Bits10, 15, 4),
        (Sampling::Rgb, Depth::Bits12, 9, 2),
        (Sampling::Rgb, Depth::Bits16f, 6, 1),
        (Sampling::Key, Depth::Bits10, 5, 4),
        (Sampling::Key, Depth::Bits12, 3, 2),
    ];

    #[test]
    fn pgroups_match_the_published_table() {
        for (s, d, octets, pixels) in TABLE {
            let p = Format::new(s, d).pgroup();
            assert_eq!((p.octets, p.pixels), (octets, pixels), "{s} {d}");
        }
    }

    #[test]
    fn names_round_trip_and_invalid_pairs() {
        for s in Sampling::ALL {
            assert_eq!(Sampling::from_name(s.name()), Some(s));
        }
        for d in Depth::ALL {
            assert_eq!(Depth::from_name(d.name()), Some(d));
        }
        assert_eq!(Sampling::from_name("YCbCr-4:2:2 "), None);
        let uyvp = Format::new(Sampling::YCbCr422, Depth::Bits10);
        assert_eq!(uyvp.row_octets(1920), Some(4800));
        assert_eq!(uyvp.row_octets(1919), None);
        let i420 = Format::new(Sampling::YCbCr420, Depth::Bits8);
        assert_eq!(i420.pgroup().width(), 2);
        assert_eq!(i420.row_octets(640), Some(1920));
    }
}
