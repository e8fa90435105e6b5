//! The one error type of this crate.

use core::fmt;

/// The protocol layer an [`Error`] was found in.
///
/// Its `Display` form is the same short name the decoder's JSON uses for the layer
/// (`eth`, `vlan`, `ipv4`, `ipv6`, `udp`, `vxlan`, `inner`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Layer {
    /// The outer Ethernet II header.
    Ethernet,
    /// An outer IEEE 802.1Q tag.
    Vlan,
    /// The outer IPv4 header.
    Ipv4,
    /// The outer IPv6 header.
    Ipv6,
    /// The outer UDP header.
    Udp,
    /// The VXLAN header itself.
    Vxlan,
    /// The encapsulated (inner) frame.
    Inner,
}

impl Layer {
    /// The short name of the layer, as used in the decoder's JSON `proto` field.
    pub const fn name(self) -> &'static str {
        match self {
            Layer::Ethernet => "eth",
            Layer::Vlan => "vlan",
            Layer::Ipv4 => "ipv4",
            Layer::Ipv6 => "ipv6",
            Layer::Udp => "udp",
            Layer::Vxlan => "vxlan",
            Layer::Inner => "inner",
        }
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Everything that can go wrong while parsing, building or decapsulating.
///
/// Every variant says where (layer and byte offset from the start of the buffer that
/// was handed in) and what was expected, so that a caller can report it without
/// looking at the bytes again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input ends before the layer does.
    #[error("{layer}: truncated at offset {offset}: need {needed} bytes, have {available}")]
    Truncated {
        /// The layer being read.
        layer: Layer,
        /// Offset of the start of that layer in the input.
        offset: usize,
        /// Bytes the layer needs from `offset` on.
        needed: usize,
        /// Bytes the input has from `offset` on.
        available: usize,
    },
    /// A field holds a value this crate cannot accept.
    #[error("{layer}: invalid {field} at offset {offset}: expected {expected}, found {found}")]
    Invalid {
        /// The layer being read.
        layer: Layer,
        /// Offset of the field in the input.
        offset: usize,
        /// The field's name, as the standard spells it.
        field: &'static str,
        /// What the field had to hold.
        expected: &'static str,
        /// What it held.
        found: u32,
    },
    /// A checksum in the input does not match its data.
    #[error(
        "{layer}: bad checksum at offset {offset}: header says {found:#06x}, data gives {computed:#06x}"
    )]
    Checksum {
        /// The layer whose checksum failed.
        layer: Layer,
        /// Offset of the checksum field in the input.
        offset: usize,
        /// The checksum in the packet.
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
    /// The layer the error was found in, where it has one.
    pub const fn layer(&self) -> Option<Layer> {
        match self {
            Error::Truncated { layer, .. }
            | Error::Invalid { layer, .. }
            | Error::Checksum { layer, .. } => Some(*layer),
            Error::BufferTooSmall { .. } | Error::OutOfRange { .. } => None,
        }
    }

    /// The byte offset in the input the error refers to, where it has one.
    pub const fn offset(&self) -> Option<usize> {
        match self {
            Error::Truncated { offset, .. }
            | Error::Invalid { offset, .. }
            | Error::Checksum { offset, .. } => Some(*offset),
            Error::BufferTooSmall { .. } | Error::OutOfRange { .. } => None,
        }
    }

    /// The same error with its offset moved by `base`, for an error found in a
    /// sub-slice that starts `base` bytes into the caller's buffer.
    #[must_use]
    pub const fn shifted(self, base: usize) -> Self {
        match self {
            Error::Truncated {
                layer,
                offset,
                needed,
                available,
            } => Error::Truncated {
                layer,
                offset: offset + base,
                needed,
                available,
            },
            Error::Invalid {
                layer,
                offset,
                field,
                expected,
                found,
            } => Error::Invalid {
                layer,
                offset: offset + base,
                field,
                expected,
                found,
            },
            Error::Checksum {
                layer,
                offset,
                found,
                computed,
            } => Error::Checksum {
                layer,
                offset: offset + base,
                found,
                computed,
            },
            other => other,
        }
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = core::result::Result<T, E>;
