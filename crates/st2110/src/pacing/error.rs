//! What can go wrong in the ST 2110-21 arithmetic, pacing and analysis.

/// Everything the [`pacing`](super) module reports. None of these come from a packet
/// buffer, so they carry values and field names rather than byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A value outside what the standard or the arithmetic allows.
    #[error("{field} out of range: {value} ({expected})")]
    OutOfRange {
        /// The parameter's name (`NPACKETS`, `height`, `TROFF`, ...).
        field: &'static str,
        /// The value given or computed (saturated to `i128`).
        value: i128,
        /// What it had to be.
        expected: &'static str,
    },
    /// SMPTE ST 2110-21 §6.3.3 Table 1 has no interlaced or PsF system with this many
    /// active lines (it covers up to 487 of 525, 576 of 625 and 1080 of 1125).
    #[error("no interlaced system of ST 2110-21 Table 1 has {height} active lines")]
    UnsupportedInterlacedHeight {
        /// The height given.
        height: u32,
    },
    /// The schedule's instants need a common denominator (of a nanosecond) above 2^64,
    /// or a value past 2^127 of it: far beyond any real format.
    #[error("{what} cannot be represented exactly")]
    Unrepresentable {
        /// The quantity.
        what: &'static str,
    },
    /// ST 2110-20 §6.3.3 Block Packing Mode puts 180-octet blocks of whole pgroups in
    /// every packet; a pgroup of this size does not divide 180 octets.
    #[error("block packing mode needs a pgroup that divides 180 octets, not {octets}")]
    BlockPackingUnavailable {
        /// The pgroup's size in octets.
        octets: u32,
    },
    /// A packet index at or past NPACKETS.
    #[error("packet {packet} of a frame of {npackets} packets")]
    PacketIndex {
        /// The index given.
        packet: u32,
        /// NPACKETS.
        npackets: u32,
    },
    /// A pacer lead (packets sent ahead of their read time) above VRX_FULL, which would
    /// overflow the virtual receiver buffer.
    #[error("a lead of {lead} packets exceeds VRX_FULL = {vrx_full}")]
    LeadTooLarge {
        /// The lead asked for.
        lead: u32,
        /// The sender type's VRX_FULL.
        vrx_full: u32,
    },
    /// An arrival time earlier than the previous packet's: the analyzer needs packets in
    /// the order they were sent (or captured).
    #[error("arrival at {now_ns} ns is before the previous one at {previous_ns} ns")]
    TimeWentBackwards {
        /// The previous packet's arrival.
        previous_ns: u128,
        /// This packet's.
        now_ns: u128,
    },
}
