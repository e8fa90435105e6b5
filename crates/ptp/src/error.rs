//! The one error type of this crate.

/// Everything that can go wrong while reading or writing PTP messages.
///
/// Offsets are in bytes from the start of the buffer the caller handed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input ends before the structure does.
    #[error("{what}: truncated at offset {offset}: need {needed} bytes, have {available}")]
    Truncated {
        /// What was being read (a message or TLV name, or "header").
        what: &'static str,
        /// Where it starts.
        offset: usize,
        /// Bytes it needs from `offset` on.
        needed: usize,
        /// Bytes the input has from `offset` on.
        available: usize,
    },
    /// A field holds a value that cannot be accepted.
    #[error("invalid {field} at offset {offset}: expected {expected}, found {found}")]
    Invalid {
        /// The field's name as IEEE 1588-2019 spells it.
        field: &'static str,
        /// Where the field is.
        offset: usize,
        /// What it had to hold.
        expected: &'static str,
        /// What it held.
        found: u64,
    },
    /// The caller's output buffer cannot hold what is to be written.
    #[error("output buffer too small: need {needed} bytes, have {available}")]
    BufferTooSmall {
        /// Bytes needed.
        needed: usize,
        /// Bytes available.
        available: usize,
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
    /// The byte offset in the input the error refers to, where it has one.
    pub const fn offset(&self) -> Option<usize> {
        match self {
            Error::Truncated { offset, .. } | Error::Invalid { offset, .. } => Some(*offset),
            _ => None,
        }
    }

    /// The same error with its offset moved by `base`.
    #[must_use]
    pub const fn shifted(self, base: usize) -> Self {
        match self {
            Error::Truncated {
                what,
                offset,
                needed,
                available,
            } => Error::Truncated {
                what,
                offset: offset + base,
                needed,
                available,
            },
            Error::Invalid {
                field,
                offset,
                expected,
                found,
            } => Error::Invalid {
                field,
                offset: offset + base,
                expected,
                found,
            },
            other => other,
        }
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = core::result::Result<T, E>;

/// Checks that `buf` holds `needed` bytes from the start.
pub(crate) fn need(what: &'static str, buf: &[u8], needed: usize) -> Result<()> {
    if buf.len() < needed {
        Err(Error::Truncated {
            what,
            offset: 0,
            needed,
            available: buf.len(),
        })
    } else {
        Ok(())
    }
}

/// Checks an output buffer holds `needed` bytes.
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
