//! The PTP wire format (IEEE 1588-2019 §5.3, §13, §14): zero-copy views, owned
//! representations, parse and emit into caller buffers.
//!
//! - [`types`]: ClockIdentity, PortIdentity, Timestamp, TimeInterval, the arithmetic
//!   [`Time`], ClockQuality, clockAccuracy, timeSource.
//! - [`header`]: the common header and flagField.
//! - [`message`]: the ten message bodies and whole messages.
//! - [`builder`]: messages from a few fields with the standard's defaults.
//! - [`tlv`]: TLV iteration over a message's suffix.
//! - [`tlvs`]: typed TLV bodies.
//! - [`org`]: organization extension TLVs (SMPTE ST 2059-2, IEEE 802.1AS).
//! - [`management`]: managementId values.
//! - [`transport`]: Layer 2 / UDP framing and in-place one-step updates.

pub mod builder;
pub mod header;
pub mod management;
pub mod message;
pub mod org;
pub mod tlv;
pub mod tlvs;
pub mod transport;
pub mod types;

pub use header::{FlagField, HEADER_LEN, Header, HeaderView, MessageType};
pub use management::{ManagementData, ManagementErrorStatus, ManagementId, ManagementTlv, PtpText};
pub use message::{Announce, Body, ManagementFields, Message, MessageView, body_len};
pub use tlv::{Tlv, TlvIter, TlvType};
pub use tlvs::{TlvBody, TypedTlv};
pub use types::{
    ClockAccuracy, ClockIdentity, ClockQuality, PortIdentity, Time, TimeInterval, TimeSource,
    Timestamp,
};
