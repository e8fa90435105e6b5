//! SDP (RFC 8866) for SMPTE ST 2110-20 video streams: read, check and write.
//!
//! Two layers, neither of which allocates:
//!
//! - [`Session`] checks the text of any session description once (line grammar, the
//!   line order of RFC 8866 §9, the fields of `v=`, `o=`, `s=`, `c=`, `b=`, `t=`, `m=`)
//!   and then hands out borrowed views: [`Session::media`], [`Session::attributes`],
//!   [`Media::attributes`] (unknown attributes included), [`Session::lines`]. The
//!   attribute values ST 2110 uses have their own readers and writers in [`attr`]:
//!   [`Rtpmap`], [`Fmtp`], [`SourceFilter`] (RFC 4570), [`Group`] (RFC 5888 / RFC 7104
//!   `DUP`), [`RefClock`] (`ts-refclk`, RFC 7273 §4) and [`MediaClock`] (`mediaclk`,
//!   RFC 7273 §5).
//! - [`VideoSdp`] is the typed description of one ST 2110-20 stream, or of two
//!   duplicated ones joined by `a=group:DUP` for SMPTE ST 2022-7: the format
//!   parameters of ST 2110-20 §7 in [`VideoFormat`] (with the `TP`, `TROFF` and `CMAX`
//!   of ST 2110-21 and `MAXUDP` of ST 2110-10), the reference and media clocks of
//!   ST 2110-10, and each stream's addressing ([`Stream`]). [`VideoSdp::parse`]
//!   insists on every required parameter and checks every value and their
//!   consistency; [`VideoSdp::write_to`] writes a description into any
//!   [`core::fmt::Write`] (and [`VideoSdp::emit`] into a byte buffer) that
//!   [`VideoSdp::parse`] reads back to the same value.
//!
//! Every problem is an [`Error::Sdp`] naming the line (1-based), the
//! line type, attribute or parameter (`m`, `ts-refclk`, `exactframerate`, `TP`, ...)
//! and what was expected.
//!
//! ```
//! use mediafabric_st2110::format::{Depth, Sampling};
//! use mediafabric_st2110::sdp::{Colorimetry, VideoSdp};
//! use mediafabric_ptp::st2059::Rate;
//!
//! let text = "v=0\r\n\
//! o=- 1 1 IN IP4 192.168.1.10\r\n\
//! s=Camera 1\r\n\
//! t=0 0\r\n\
//! m=video 5004 RTP/AVP 96\r\n\
//! c=IN IP4 239.1.1.1/64\r\n\
//! a=source-filter: incl IN IP4 239.1.1.1 192.168.1.10\r\n\
//! a=rtpmap:96 raw/90000\r\n\
//! a=fmtp:96 sampling=YCbCr-4:2:2; width=1920; height=1080; exactframerate=60000/1001; \
//! depth=10; TCS=SDR; colorimetry=BT709; PM=2110GPM; SSN=ST2110-20:2017; TP=2110TPN\r\n\
//! a=ts-refclk:ptp=IEEE1588-2008:08-00-11-FF-FE-22-39-E4:127\r\n\
//! a=mediaclk:direct=0\r\n";
//! let sdp = VideoSdp::parse(text)?;
//! assert_eq!(sdp.format.sampling, Sampling::YCbCr422);
//! assert_eq!(sdp.format.depth, Depth::Bits10);
//! assert_eq!(sdp.format.exactframerate, Rate::FPS_59_94);
//! assert_eq!(sdp.format.colorimetry, Colorimetry::Bt709);
//! assert_eq!(sdp.primary.port, 5004);
//!
//! // Written back, it reads as the same description.
//! let mut out = [0u8; 1024];
//! let n = sdp.emit(&mut out)?;
//! let again = core::str::from_utf8(&out[..n]).unwrap();
//! assert_eq!(VideoSdp::parse(again)?, sdp);
//!
//! // A missing parameter is named.
//! let broken = text.replace("TP=2110TPN", "");
//! let e = VideoSdp::parse(&broken).unwrap_err();
//! assert_eq!((e.line(), e.field()), (Some(9), Some("TP")));
//! # Ok::<(), mediafabric_st2110::Error>(())
//! ```

pub mod attr;
mod stream;
mod text;
mod video;

pub use attr::{
    Eui64, FilterMode, Fmtp, FmtpParam, FmtpParams, Group, MacAddress, MediaClock, PtpVersion,
    RefClock, Rtpmap, SourceFilter,
};
pub use stream::{RefClocks, Stream, VideoSdp};
pub use text::{
    AddressType, Attribute, Attributes, Connection, Line, Lines, Media, MediaLine, MediaSections,
    Origin, Session, Timing,
};
pub use video::{Colorimetry, PackingMode, Par, SampleRange, SenderType, Ssn, Tcs, VideoFormat};

use crate::error::Error;

pub(crate) const fn err(line: usize, field: &'static str, expected: &'static str) -> Error {
    Error::Sdp {
        line,
        field,
        expected,
    }
}

/// RFC 8866 §9 `token`: one or more of the visible characters but separators.
pub(crate) fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b'!' | b'#'
                        | b'$'
                        | b'%'
                        | b'&'
                        | b'\''
                        | b'*'
                        | b'+'
                        | b'-'
                        | b'.'
                        | b'^'
                        | b'_'
                        | b'`'
                        | b'{'
                        | b'|'
                        | b'}'
                        | b'~'
                )
        })
}

/// A decimal number made only of digits (no sign, no spaces), below 2^64.
pub(crate) fn parse_u64(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.bytes().try_fold(0u64, |n, b| {
        n.checked_mul(10)?.checked_add(u64::from(b - b'0'))
    })
}

/// Text that may stand on a line: no CR, LF or NUL.
pub(crate) fn is_line_text(s: &str) -> bool {
    !s.bytes().any(|b| matches!(b, b'\r' | b'\n' | 0))
}
