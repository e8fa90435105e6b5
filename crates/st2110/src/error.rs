//! The one error type of this crate.

use core::fmt;

/// The layer an [`Error`] was found in.
///
/// Its `Display` form is the short name the decoder's JSON uses for the layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Layer {
    /// The RTP fixed header, CSRC list, header extension or padding (RFC 3550 §5.1).
    Rtp,
    /// The RFC 4175 / ST 2110-20 payload header and sample row data.
    Rfc4175,
    /// A session description (RFC 8866 SDP with the ST 2110 attributes).
    Sdp,
}

impl Layer {
    /// The short name of the layer (`rtp`, `rfc4175`, `sdp`).
    pub const fn name(self) -> &'static str {
        match self {
            Layer::Rtp => "rtp",
            Layer::Rfc4175 => "rfc4175",
            Layer::Sdp => "sdp",
        }
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Everything that can go wrong while reading or writing ST 2110 packets.
///
/// Offsets are in bytes from the start of the buffer that was handed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input ends before the structure does.
    #[error("{layer}: {what} truncated at offset {offset}: need {needed} bytes, have {available}")]
    Truncated {
        /// The layer being read.
        layer: Layer,
        /// What was being read.
        what: &'static str,
        /// Where it starts.
        offset: usize,
        /// Bytes it needs from `offset` on.
        needed: usize,
        /// Bytes the input has from `offset` on.
        available: usize,
    },
    /// A field holds a value that cannot be accepted.
    #[error("{layer}: invalid {field} at offset {offset}: expected {expected}, found {found}")]
    Invalid {
        /// The layer being read.
        layer: Layer,
        /// The field's name as the standard spells it.
        field: &'static str,
        /// Where the field is.
        offset: usize,
        /// What it had to hold.
        expected: &'static str,
        /// What it held.
        found: u32,
    },
    /// The caller's output buffer cannot hold what is to be written.
    #[error("output buffer too small: need {needed} bytes, have {available}")]
    BufferTooSmall {
        /// Bytes needed.
        needed: usize,
        /// Bytes available.
        available: usize,
    },
    /// A session description (SDP, RFC 8866) that cannot be accepted: a line that breaks
    /// the grammar, or a parameter that is missing, out of its set or inconsistent.
    ///
    /// `line` counts from 1; it is 0 when the description being checked was built in
    /// memory for writing rather than read from text.
    #[error("sdp: line {line}: {field}: expected {expected}")]
    Sdp {
        /// The line the problem is on (1-based; 0 for a description built in memory).
        line: usize,
        /// The line type, attribute or parameter as the standard spells it (`m`,
        /// `ts-refclk`, `exactframerate`, `TP`, ...).
        field: &'static str,
        /// What it had to be.
        expected: &'static str,
    },
    /// A value handed in for building does not fit its field.
    #[error("{field} out of range: {value} is more than {max}")]
    OutOfRange {
        /// The field's name.
        field: &'static str,
        /// The value given.
        value: u64,
        /// The largest value the field holds.
        max: u64,
    },
}

impl Error {
    /// The layer the error was found in (`None` for errors about the caller's buffer or
    /// values).
    pub fn layer(&self) -> Option<Layer> {
        match self {
            Error::Truncated { layer, .. } | Error::Invalid { layer, .. } => Some(*layer),
            Error::Sdp { .. } => Some(Layer::Sdp),
            Error::BufferTooSmall { .. } | Error::OutOfRange { .. } => None,
        }
    }

    /// The byte offset the error refers to, where there is one (SDP errors give a line
    /// instead: see [`Error::line`]).
    pub fn offset(&self) -> Option<usize> {
        match self {
            Error::Truncated { offset, .. } | Error::Invalid { offset, .. } => Some(*offset),
            Error::Sdp { .. } | Error::BufferTooSmall { .. } | Error::OutOfRange { .. } => None,
        }
    }

    /// The 1-based line of a session description an [`Error::Sdp`] refers to (`Some(0)`
    /// for a description built in memory; `None` for every other error).
    pub fn line(&self) -> Option<usize> {
        match self {
            Error::Sdp { line, .. } => Some(*line),
            _ => None,
        }
    }

    /// The field or parameter an [`Error::Sdp`], [`Error::Invalid`] or
    /// [`Error::OutOfRange`] names.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Error::Sdp { field, .. }
            | Error::Invalid { field, .. }
            | Error::OutOfRange { field, .. } => Some(*field),
            _ => None,
        }
    }
}

/// This crate's result type.
pub type Result<T> = core::result::Result<T, Error>;

pub(crate) fn truncated(
    layer: Layer,
    what: &'static str,
    offset: usize,
    needed: usize,
    total: usize,
) -> Error {
    Error::Truncated {
        layer,
        what,
        offset,
        needed,
        available: total.saturating_sub(offset),
    }
}

pub(crate) fn room(buf: &[u8], needed: usize) -> Result<()> {
    if buf.len() < needed {
        Err(Error::BufferTooSmall {
            needed,
            available: buf.len(),
        })
    } else {
        Ok(())
    }
}
