//! The one error type of this crate.

/// Everything that can go wrong while reading or writing IGMP and MLD messages.
///
/// Offsets are in bytes from the start of the buffer the caller handed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input ends before the structure does.
    #[error("{what}: truncated at offset {offset}: need {needed} bytes, have {available}")]
    Truncated {
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
    #[error("invalid {field} at offset {offset}: expected {expected}, found {found}")]
    Invalid {
        /// The field's name as the RFC spells it.
        field: &'static str,
        /// Where the field is.
        offset: usize,
        /// What it had to hold.
        expected: &'static str,
        /// What it held.
        found: u32,
    },
    /// The checksum does not match the data.
    #[error(
        "bad checksum at offset {offset}: message says {found:#06x}, data gives {computed:#06x}"
    )]
    Checksum {
        /// Offset of the checksum field.
        offset: usize,
        /// The checksum in the message.
        found: u16,
        /// The checksum the data gives.
        computed: u16,
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
        value: u32,
        /// The largest value the field holds.
        max: u32,
    },
}

impl Error {
    /// The byte offset in the input the error refers to, where it has one.
    pub const fn offset(&self) -> Option<usize> {
        match self {
            Error::Truncated { offset, .. }
            | Error::Invalid { offset, .. }
            | Error::Checksum { offset, .. } => Some(*offset),
            _ => None,
        }
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = core::result::Result<T, E>;

impl Error {
    /// The same error with its offset moved `by` bytes later: for an error found in a
    /// part of a larger buffer (a message inside an IP packet), in the larger buffer's
    /// coordinates.
    pub fn shifted(self, by: usize) -> Error {
        match self {
            Error::Truncated {
                what,
                offset,
                needed,
                available,
            } => Error::Truncated {
                what,
                offset: offset + by,
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
                offset: offset + by,
                expected,
                found,
            },
            Error::Checksum {
                offset,
                found,
                computed,
            } => Error::Checksum {
                offset: offset + by,
                found,
                computed,
            },
            other => other,
        }
    }
}

pub(crate) fn truncated(what: &'static str, offset: usize, needed: usize, have: usize) -> Error {
    Error::Truncated {
        what,
        offset,
        needed,
        available: have.saturating_sub(offset),
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
