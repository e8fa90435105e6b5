//! The format parameters (`a=fmtp`) of an ST 2110-20 video stream: SMPTE ST 2110-20
//! §7.2 (required) and §7.3 (optional), with `TP`, `TROFF` and `CMAX` of SMPTE ST
//! 2110-21 and `MAXUDP` of SMPTE ST 2110-10.

use core::fmt;

use mediafabric_ptp::st2059::Rate;

use super::attr::Fmtp;
use super::{err, parse_u64};
use crate::error::Result;
use crate::format::{Depth, Format, Sampling};
pub use crate::pacing::SenderType;
pub use crate::packetize::PackingMode;

/// An enum whose variants are the values of one SDP parameter.
macro_rules! sdp_values {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
        }

        impl $name {
            /// Every value, in the order the standard lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The value as SDP writes it.
            pub const fn name(self) -> &'static str {
                match self {
                    $( $name::$variant => $text, )*
                }
            }

            /// Reads a value (exact spelling).
            pub fn from_name(s: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.name() == s)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

sdp_values! {
    /// `colorimetry` (ST 2110-20 §7): the colour primaries and matrix.
    Colorimetry {
        /// `BT601`: Recommendation ITU-R BT.601.
        Bt601 = "BT601",
        /// `BT709`: Recommendation ITU-R BT.709.
        Bt709 = "BT709",
        /// `BT2020`: Recommendation ITU-R BT.2020.
        Bt2020 = "BT2020",
        /// `BT2100`: Recommendation ITU-R BT.2100 (with `TCS` PQ or HLG).
        Bt2100 = "BT2100",
        /// `ST2065-1`: ACES (SMPTE ST 2065-1).
        St2065_1 = "ST2065-1",
        /// `ST2065-3`: ADX (SMPTE ST 2065-3).
        St2065_3 = "ST2065-3",
        /// `UNSPECIFIED`.
        Unspecified = "UNSPECIFIED",
        /// `XYZ`: ISO 11664-1 CIE XYZ.
        Xyz = "XYZ",
        /// `ALPHA`: a key signal (ST 2110-20:2022, with `sampling=KEY`).
        Alpha = "ALPHA",
    }
}

sdp_values! {
    /// `SSN`, the SMPTE standard number the stream follows (ST 2110-20 §7.2).
    Ssn {
        /// `ST2110-20:2017`.
        St2110_20_2017 = "ST2110-20:2017",
        /// `ST2110-20:2022`.
        St2110_20_2022 = "ST2110-20:2022",
    }
}

sdp_values! {
    /// `TCS`, the transfer characteristic system (ST 2110-20 §7.3); `SDR` when absent.
    Tcs {
        /// `SDR`: standard dynamic range (BT.709 / BT.2020 transfer).
        Sdr = "SDR",
        /// `PQ`: perceptual quantizer (BT.2100).
        Pq = "PQ",
        /// `HLG`: hybrid log-gamma (BT.2100).
        Hlg = "HLG",
        /// `LINEAR`: linear light, no transfer function.
        Linear = "LINEAR",
        /// `BT2100LINPQ`: linear light scaled as for PQ.
        Bt2100LinPq = "BT2100LINPQ",
        /// `BT2100LINHLG`: linear light scaled as for HLG.
        Bt2100LinHlg = "BT2100LINHLG",
        /// `ST2065-1`: ACES linear.
        St2065_1 = "ST2065-1",
        /// `ST428-1`: SMPTE ST 428-1 (D-Cinema).
        St428_1 = "ST428-1",
        /// `DENSITY`: film density (ADX).
        Density = "DENSITY",
        /// `ST2115LOGS3`: SMPTE ST 2115 S-Log3 (ST 2110-20:2022).
        St2115LogS3 = "ST2115LOGS3",
        /// `UNSPECIFIED`.
        Unspecified = "UNSPECIFIED",
    }
}

sdp_values! {
    /// `RANGE`, the range of sample values (ST 2110-20 §7.3); `NARROW` when absent.
    SampleRange {
        /// `NARROW`: the narrow ("video") range.
        Narrow = "NARROW",
        /// `FULLPROTECT`: the full range minus the protected codes.
        FullProtect = "FULLPROTECT",
        /// `FULL`: every code value.
        Full = "FULL",
    }
}

/// `PAR`, the pixel aspect ratio `<width>:<height>` (ST 2110-20 §7.3); 1:1 when absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Par {
    /// The horizontal part (non-zero).
    pub width: u32,
    /// The vertical part (non-zero).
    pub height: u32,
}

impl fmt::Display for Par {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.width, self.height)
    }
}

/// The largest width or height ST 2110-20 §7.2 allows.
pub const MAX_DIMENSION: u32 = 32767;

/// The largest UDP payload of the extended UDP size limit of ST 2110-10 (octets),
/// the most `MAXUDP` may say.
pub const MAX_UDP_EXTENDED: u16 = 8960;

/// The format parameters of an ST 2110-20 stream: the `a=fmtp` line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct VideoFormat {
    /// `sampling` (required).
    pub sampling: Sampling,
    /// `depth` (required).
    pub depth: Depth,
    /// `width` in pixels, 1..32767 and a whole number of pgroups (required).
    pub width: u32,
    /// `height` in lines of the frame (both fields when interlaced), 1..32767, even for
    /// 4:2:0 (required).
    pub height: u32,
    /// `exactframerate`: frames per second (fields are twice as many when interlaced),
    /// written as an integer (`50`) or a reduced fraction (`60000/1001`) (required).
    pub exactframerate: Rate,
    /// `colorimetry` (required).
    pub colorimetry: Colorimetry,
    /// `PM` (required).
    pub packing_mode: PackingMode,
    /// `SSN` (required).
    pub ssn: Ssn,
    /// `TP`, the ST 2110-21 sender type (required).
    pub tp: SenderType,
    /// `interlace`: the frames are two interlaced fields.
    pub interlace: bool,
    /// `segmented`: progressive segmented frames (PsF); needs `interlace`.
    pub segmented: bool,
    /// `TCS`, when written (`SDR` is meant when not).
    pub tcs: Option<Tcs>,
    /// `RANGE`, when written (`NARROW` is meant when not).
    pub range: Option<SampleRange>,
    /// `MAXUDP` (ST 2110-10): the largest UDP payload in octets, 1..8960.
    pub maxudp: Option<u16>,
    /// `PAR`, when written (1:1 is meant when not).
    pub par: Option<Par>,
    /// `TROFF` (ST 2110-21): the transmission offset from the frame's alignment
    /// point, in microseconds, when it is not the default.
    pub troff: Option<u32>,
    /// `CMAX` (ST 2110-21): the sender's peak network compatibility model buffer, in
    /// packets, when written.
    pub cmax: Option<u32>,
}

/// Bits of the "seen" mask, one per parameter.
const NAMES: [&str; 17] = [
    "sampling",
    "depth",
    "width",
    "height",
    "exactframerate",
    "colorimetry",
    "PM",
    "SSN",
    "TP",
    "interlace",
    "segmented",
    "TCS",
    "RANGE",
    "MAXUDP",
    "PAR",
    "TROFF",
    "CMAX",
];

impl VideoFormat {
    /// A progressive format with the required parameters given and the defaults of
    /// a plain sender: `PM=2110GPM`, `SSN=ST2110-20:2017`, `TP=2110TPN`, no optional
    /// parameters written.
    pub const fn new(
        sampling: Sampling,
        depth: Depth,
        width: u32,
        height: u32,
        exactframerate: Rate,
        colorimetry: Colorimetry,
    ) -> VideoFormat {
        VideoFormat {
            sampling,
            depth,
            width,
            height,
            exactframerate,
            colorimetry,
            packing_mode: PackingMode::General,
            ssn: Ssn::St2110_20_2017,
            tp: SenderType::Narrow,
            interlace: false,
            segmented: false,
            tcs: None,
            range: None,
            maxudp: None,
            par: None,
            troff: None,
            cmax: None,
        }
    }

    /// The sampling and depth, for pgroup sizes.
    pub const fn format(&self) -> Format {
        Format::new(self.sampling, self.depth)
    }

    /// `TCS`, or `SDR` when it is not written.
    pub fn tcs_or_default(&self) -> Tcs {
        self.tcs.unwrap_or(Tcs::Sdr)
    }

    /// `RANGE`, or `NARROW` when it is not written.
    pub fn range_or_default(&self) -> SampleRange {
        self.range.unwrap_or(SampleRange::Narrow)
    }

    /// Reads the parameters of an `a=fmtp` line (the line number goes into errors).
    ///
    /// Parameter names are matched without regard to case (RFC 6838 §4.3); values are
    /// matched exactly, and may be in double quotes. `interlace` and `segmented` are
    /// flags, written bare or `=1`. Parameters this crate does not know are ignored, as
    /// ST 2110-20 asks of receivers; a known one twice is an error.
    pub fn from_fmtp(fmtp: &Fmtp<'_>, line: usize) -> Result<VideoFormat> {
        let mut seen = 0u32;
        let mut f = VideoFormat::new(
            Sampling::YCbCr422,
            Depth::Bits10,
            0,
            0,
            Rate::FPS_25,
            Colorimetry::Unspecified,
        );
        for p in fmtp.params() {
            let Some(index) = NAMES.iter().position(|n| n.eq_ignore_ascii_case(p.name)) else {
                if p.name.is_empty() {
                    return Err(err(
                        line,
                        "fmtp",
                        "<name>=<value> parameters separated by ';'",
                    ));
                }
                continue;
            };
            let name = NAMES[index];
            if seen & (1 << index) != 0 {
                return Err(err(line, name, "the parameter once"));
            }
            seen |= 1 << index;
            let value = p.value.map(|v| {
                v.strip_prefix('"')
                    .and_then(|v| v.strip_suffix('"'))
                    .unwrap_or(v)
            });
            if matches!(name, "interlace" | "segmented") {
                match value {
                    None | Some("1") => {}
                    Some(_) => return Err(err(line, name, "a flag without a value (or =1)")),
                }
                if name == "interlace" {
                    f.interlace = true;
                } else {
                    f.segmented = true;
                }
                continue;
            }
            let Some(v) = value else {
                return Err(err(line, name, "<name>=<value>"));
            };
            let number = |expected| parse_u64(v).ok_or(err(line, name, expected));
            match name {
                "sampling" => {
                    f.sampling = Sampling::from_name(v).ok_or(err(
                        line,
                        name,
                        "YCbCr-4:4:4, YCbCr-4:2:2, YCbCr-4:2:0, CLYCbCr-4:4:4, CLYCbCr-4:2:2, CLYCbCr-4:2:0, ICtCp-4:4:4, ICtCp-4:2:2, ICtCp-4:2:0, RGB, XYZ or KEY",
                    ))?;
                }
                "depth" => {
                    f.depth = Depth::from_name(v).ok_or(err(line, name, "8, 10, 12, 16 or 16f"))?;
                }
                "width" | "height" => {
                    let n = number("a whole number of pixels 1..32767")?;
                    let n = u32::try_from(n).unwrap_or(u32::MAX);
                    if name == "width" {
                        f.width = n;
                    } else {
                        f.height = n;
                    }
                }
                "exactframerate" => f.exactframerate = parse_exactframerate(v, line)?,
                "colorimetry" => {
                    f.colorimetry = Colorimetry::from_name(v).ok_or(err(
                        line,
                        name,
                        "BT601, BT709, BT2020, BT2100, ST2065-1, ST2065-3, UNSPECIFIED, XYZ or ALPHA",
                    ))?;
                }
                "PM" => {
                    f.packing_mode =
                        PackingMode::from_name(v).ok_or(err(line, name, "2110GPM or 2110BPM"))?;
                }
                "SSN" => {
                    f.ssn = Ssn::from_name(v).ok_or(err(
                        line,
                        name,
                        "ST2110-20:2017 or ST2110-20:2022",
                    ))?;
                }
                "TP" => {
                    f.tp = SenderType::from_name(v).ok_or(err(
                        line,
                        name,
                        "2110TPN, 2110TPNL or 2110TPW",
                    ))?;
                }
                "TCS" => {
                    f.tcs = Some(Tcs::from_name(v).ok_or(err(
                        line,
                        name,
                        "SDR, PQ, HLG, LINEAR, BT2100LINPQ, BT2100LINHLG, ST2065-1, ST428-1, DENSITY, ST2115LOGS3 or UNSPECIFIED",
                    ))?);
                }
                "RANGE" => {
                    f.range = Some(SampleRange::from_name(v).ok_or(err(
                        line,
                        name,
                        "NARROW, FULLPROTECT or FULL",
                    ))?);
                }
                "MAXUDP" => {
                    let n = number("octets 1..8960")?;
                    f.maxudp = Some(u16::try_from(n).unwrap_or(u16::MAX));
                }
                "PAR" => {
                    let par = v
                        .split_once(':')
                        .and_then(|(w, h)| Some((parse_u64(w)?, parse_u64(h)?)))
                        .and_then(|(w, h)| Some((u32::try_from(w).ok()?, u32::try_from(h).ok()?)))
                        .ok_or(err(line, name, "<width>:<height> as whole numbers"))?;
                    f.par = Some(Par {
                        width: par.0,
                        height: par.1,
                    });
                }
                "TROFF" => {
                    let n = number("microseconds as a whole number")?;
                    f.troff = Some(
                        u32::try_from(n).map_err(|_| err(line, name, "microseconds below 2^32"))?,
                    );
                }
                "CMAX" => {
                    let n = number("packets as a whole number")?;
                    f.cmax =
                        Some(u32::try_from(n).map_err(|_| err(line, name, "packets below 2^32"))?);
                }
                _ => {}
            }
        }
        // The required parameters, in the order ST 2110-20 §7.2 (and -21) list them.
        for (index, name) in NAMES.iter().enumerate().take(9) {
            if seen & (1 << index) == 0 {
                return Err(err(
                    line,
                    name,
                    "this required parameter in a=fmtp (ST 2110-20 §7.2, ST 2110-21 for TP)",
                ));
            }
        }
        f.check(line)?;
        Ok(f)
    }

    /// Checks the values and their consistency: width and height 1..32767, width a
    /// whole number of pgroups, an even height for 4:2:0, `segmented` only with
    /// `interlace`, `MAXUDP` 1..8960, a non-zero `PAR` and `CMAX`.
    pub fn check(&self, line: usize) -> Result<()> {
        if self.width == 0 || self.width > MAX_DIMENSION {
            return Err(err(line, "width", "1..32767 pixels"));
        }
        if self.format().row_octets(self.width).is_none() {
            return Err(err(
                line,
                "width",
                "a whole number of pgroups of the sampling and depth (RFC 4175 §4)",
            ));
        }
        if self.height == 0 || self.height > MAX_DIMENSION {
            return Err(err(line, "height", "1..32767 lines"));
        }
        if self.sampling.two_rows() && !self.height.is_multiple_of(2) {
            return Err(err(
                line,
                "height",
                "an even number of lines for 4:2:0 sampling",
            ));
        }
        if self.segmented && !self.interlace {
            return Err(err(
                line,
                "segmented",
                "interlace as well (ST 2110-20 §7.3)",
            ));
        }
        if self.maxudp.is_some_and(|m| m == 0 || m > MAX_UDP_EXTENDED) {
            return Err(err(
                line,
                "MAXUDP",
                "octets 1..8960 (the extended UDP size limit of ST 2110-10)",
            ));
        }
        if self.par.is_some_and(|p| p.width == 0 || p.height == 0) {
            return Err(err(line, "PAR", "a non-zero width and height"));
        }
        if self.cmax == Some(0) {
            return Err(err(line, "CMAX", "at least 1 packet"));
        }
        Ok(())
    }
}

/// `exactframerate` (ST 2110-20 §7.2): an integer rate as a single decimal number, any
/// other as `<numerator>/<denominator>` with the smallest numerator possible.
fn parse_exactframerate(v: &str, line: usize) -> Result<Rate> {
    const EXPECTED: &str = "an integer (50) or a reduced fraction (60000/1001), non-zero";
    let (n, d) = match v.split_once('/') {
        Some((n, d)) => (parse_u64(n), parse_u64(d)),
        None => (parse_u64(v), Some(1)),
    };
    let (Some(n), Some(d)) = (n, d) else {
        return Err(err(line, "exactframerate", EXPECTED));
    };
    let (Ok(n32), Ok(d32)) = (u32::try_from(n), u32::try_from(d)) else {
        return Err(err(
            line,
            "exactframerate",
            "a numerator and denominator below 2^32",
        ));
    };
    let rate = Rate::new(n32, d32).map_err(|_| err(line, "exactframerate", EXPECTED))?;
    if v.contains('/') && rate.is_integer() {
        return Err(err(
            line,
            "exactframerate",
            "an integer rate as a single number (25, not 25/1 or 50/2)",
        ));
    }
    if rate.numerator() != n32 {
        return Err(err(
            line,
            "exactframerate",
            "the fraction with the smallest numerator (30000/1001, not 60000/2002)",
        ));
    }
    Ok(rate)
}

impl fmt::Display for VideoFormat {
    /// The parameters as an `a=fmtp` line carries them, separated by `; `, required ones
    /// first in the order of ST 2110-20's examples.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "sampling={}; width={}; height={}; exactframerate={}; depth={}",
            self.sampling, self.width, self.height, self.exactframerate, self.depth
        )?;
        if let Some(t) = self.tcs {
            write!(f, "; TCS={t}")?;
        }
        write!(
            f,
            "; colorimetry={}; PM={}; SSN={}; TP={}",
            self.colorimetry, self.packing_mode, self.ssn, self.tp
        )?;
        if self.interlace {
            f.write_str("; interlace")?;
        }
        if self.segmented {
            f.write_str("; segmented")?;
        }
        if let Some(r) = self.range {
            write!(f, "; RANGE={r}")?;
        }
        if let Some(m) = self.maxudp {
            write!(f, "; MAXUDP={m}")?;
        }
        if let Some(p) = self.par {
            write!(f, "; PAR={p}")?;
        }
        if let Some(t) = self.troff {
            write!(f, "; TROFF={t}")?;
        }
        if let Some(c) = self.cmax {
            write!(f, "; CMAX={c}")?;
        }
        Ok(())
    }
}
