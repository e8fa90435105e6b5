//! SMPTE ST 2110-21 traffic shaping and delivery timing: placeholder docs (filled below).

mod analyze;
mod error;
mod exact;
mod pacer;
mod packets;
mod schedule;

pub use analyze::{
    Analyzer, Arrival, Compliance, Datum, DrainOrigin, Extreme, FrameSummary, Limits, Measure,
    Report, Worst,
};
pub use error::Error;
pub use exact::Nanos;
pub use pacer::{Clock, Pacer, Release};
pub use packets::{
    BPM_BLOCK, BPM_PACKET_OCTETS, EXTENDED_SEQUENCE_NUMBER, EXTENDED_UDP_SIZE_LIMIT, Packing,
    RTP_HEADER, SRD_HEADER, packets_per_frame,
};
pub use schedule::{
    BETA, ReadSchedule, STANDARD_UDP_SIZE_LIMIT, Scan, Schedule, SenderType, WIDE_CMAX_PACKET_RATE,
};
