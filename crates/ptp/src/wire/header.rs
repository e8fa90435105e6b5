//! The common header of every PTP message (IEEE 1588-2019 §13.3).
//!
//! [`HeaderView`] is a checked zero-copy view over the first 34 bytes; [`Header`] is
//! the owned form with [`Header::parse`] and [`Header::emit`].

use crate::error::{Error, Result, need};
use crate::wire::types::{ClockIdentity, PortIdentity, TimeInterval};

/// Byte ranges of the header fields (IEEE 1588-2019 Table 35).
mod field {
    use core::ops::Range;
    pub const SDO_AND_TYPE: usize = 0;
    pub const VERSION: usize = 1;
    pub const MESSAGE_LENGTH: Range<usize> = 2..4;
    pub const DOMAIN_NUMBER: usize = 4;
    pub const MINOR_SDO_ID: usize = 5;
    pub const FLAG_FIELD: Range<usize> = 6..8;
    pub const CORRECTION_FIELD: Range<usize> = 8..16;
    pub const MESSAGE_TYPE_SPECIFIC: Range<usize> = 16..20;
    pub const SOURCE_PORT_IDENTITY: Range<usize> = 20..30;
    pub const SEQUENCE_ID: Range<usize> = 30..32;
    pub const CONTROL_FIELD: usize = 32;
    pub const LOG_MESSAGE_INTERVAL: usize = 33;
}

/// Length of the common header.
pub const HEADER_LEN: usize = 34;

/// IEEE 1588-2019 §13.3.2.2 messageType.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MessageType {
    /// 0x0 Sync (event).
    Sync,
    /// 0x1 Delay_Req (event).
    DelayReq,
    /// 0x2 Pdelay_Req (event).
    PdelayReq,
    /// 0x3 Pdelay_Resp (event).
    PdelayResp,
    /// 0x8 Follow_Up (general).
    FollowUp,
    /// 0x9 Delay_Resp (general).
    DelayResp,
    /// 0xA Pdelay_Resp_Follow_Up (general).
    PdelayRespFollowUp,
    /// 0xB Announce (general).
    Announce,
    /// 0xC Signaling (general).
    Signaling,
    /// 0xD Management (general).
    Management,
    /// A reserved value (0x4-0x7, 0xE, 0xF), kept.
    Reserved(u8),
}

impl MessageType {
    /// The type for the low 4 bits of `v`.
    pub const fn from_bits(v: u8) -> MessageType {
        match v & 0x0F {
            0x0 => MessageType::Sync,
            0x1 => MessageType::DelayReq,
            0x2 => MessageType::PdelayReq,
            0x3 => MessageType::PdelayResp,
            0x8 => MessageType::FollowUp,
            0x9 => MessageType::DelayResp,
            0xA => MessageType::PdelayRespFollowUp,
            0xB => MessageType::Announce,
            0xC => MessageType::Signaling,
            0xD => MessageType::Management,
            other => MessageType::Reserved(other),
        }
    }

    /// The 4-bit value.
    pub const fn bits(self) -> u8 {
        match self {
            MessageType::Sync => 0x0,
            MessageType::DelayReq => 0x1,
            MessageType::PdelayReq => 0x2,
            MessageType::PdelayResp => 0x3,
            MessageType::FollowUp => 0x8,
            MessageType::DelayResp => 0x9,
            MessageType::PdelayRespFollowUp => 0xA,
            MessageType::Announce => 0xB,
            MessageType::Signaling => 0xC,
            MessageType::Management => 0xD,
            MessageType::Reserved(v) => v & 0x0F,
        }
    }

    /// The standard's name (`"Delay_Resp"`), or `None` for a reserved value.
    pub const fn name(self) -> Option<&'static str> {
        Some(match self {
            MessageType::Sync => "Sync",
            MessageType::DelayReq => "Delay_Req",
            MessageType::PdelayReq => "Pdelay_Req",
            MessageType::PdelayResp => "Pdelay_Resp",
            MessageType::FollowUp => "Follow_Up",
            MessageType::DelayResp => "Delay_Resp",
            MessageType::PdelayRespFollowUp => "Pdelay_Resp_Follow_Up",
            MessageType::Announce => "Announce",
            MessageType::Signaling => "Signaling",
            MessageType::Management => "Management",
            MessageType::Reserved(_) => return None,
        })
    }

    /// Whether this is an event message (timestamped on send and receive, §7.4.1).
    pub const fn is_event(self) -> bool {
        matches!(
            self,
            MessageType::Sync
                | MessageType::DelayReq
                | MessageType::PdelayReq
                | MessageType::PdelayResp
        )
    }

    /// The controlField value IEEE 1588-2019 Table 42 assigns (kept for version 1
    /// hardware; receivers ignore it).
    pub const fn control_field(self) -> u8 {
        match self {
            MessageType::Sync => 0,
            MessageType::DelayReq => 1,
            MessageType::FollowUp => 2,
            MessageType::DelayResp => 3,
            MessageType::Management => 4,
            _ => 5,
        }
    }
}

bitflags::bitflags! {
    /// IEEE 1588-2019 §13.3.2.8 flagField (Table 37), as the 16-bit big-endian number
    /// of octets 6 and 7. Unknown bits are kept.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct FlagField: u16 {
        /// alternateMasterFlag (octet 0 bit 0).
        const ALTERNATE_MASTER = 0x0100;
        /// twoStepFlag (octet 0 bit 1).
        const TWO_STEP = 0x0200;
        /// unicastFlag (octet 0 bit 2).
        const UNICAST = 0x0400;
        /// PTP profile Specific 1 (octet 0 bit 5).
        const PROFILE_SPECIFIC_1 = 0x2000;
        /// PTP profile Specific 2 (octet 0 bit 6).
        const PROFILE_SPECIFIC_2 = 0x4000;
        /// leap61 (octet 1 bit 0).
        const LEAP_61 = 0x0001;
        /// leap59 (octet 1 bit 1).
        const LEAP_59 = 0x0002;
        /// currentUtcOffsetValid (octet 1 bit 2).
        const CURRENT_UTC_OFFSET_VALID = 0x0004;
        /// ptpTimescale (octet 1 bit 3).
        const PTP_TIMESCALE = 0x0008;
        /// timeTraceable (octet 1 bit 4).
        const TIME_TRACEABLE = 0x0010;
        /// frequencyTraceable (octet 1 bit 5).
        const FREQUENCY_TRACEABLE = 0x0020;
        /// synchronizationUncertain (octet 1 bit 6).
        const SYNCHRONIZATION_UNCERTAIN = 0x0040;
        // Any other bit is kept as it came.
        const _ = !0;
    }
}

impl FlagField {
    /// Every named flag with the standard's name, for decoders.
    pub const NAMED: [(&'static str, FlagField); 12] = [
        ("alternateMasterFlag", FlagField::ALTERNATE_MASTER),
        ("twoStepFlag", FlagField::TWO_STEP),
        ("unicastFlag", FlagField::UNICAST),
        ("ptpProfileSpecific1", FlagField::PROFILE_SPECIFIC_1),
        ("ptpProfileSpecific2", FlagField::PROFILE_SPECIFIC_2),
        ("leap61", FlagField::LEAP_61),
        ("leap59", FlagField::LEAP_59),
        ("currentUtcOffsetValid", FlagField::CURRENT_UTC_OFFSET_VALID),
        ("ptpTimescale", FlagField::PTP_TIMESCALE),
        ("timeTraceable", FlagField::TIME_TRACEABLE),
        ("frequencyTraceable", FlagField::FREQUENCY_TRACEABLE),
        (
            "synchronizationUncertain",
            FlagField::SYNCHRONIZATION_UNCERTAIN,
        ),
    ];
}

/// A zero-copy view of a PTP common header.
#[derive(Debug, Clone, Copy)]
pub struct HeaderView<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> HeaderView<T> {
    /// Wraps a buffer after checking it holds a whole header.
    pub fn new_checked(buffer: T) -> Result<Self> {
        need("header", buffer.as_ref(), HEADER_LEN)?;
        Ok(HeaderView { buffer })
    }

    /// Wraps a buffer without checking; accessors panic on a short one.
    pub const fn new_unchecked(buffer: T) -> Self {
        HeaderView { buffer }
    }

    /// Gives back the buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    fn b(&self) -> &[u8] {
        self.buffer.as_ref()
    }

    /// majorSdoId (formerly transportSpecific), 4 bits.
    #[inline]
    pub fn major_sdo_id(&self) -> u8 {
        self.b()[field::SDO_AND_TYPE] >> 4
    }
    /// messageType.
    #[inline]
    pub fn message_type(&self) -> MessageType {
        MessageType::from_bits(self.b()[field::SDO_AND_TYPE])
    }
    /// minorVersionPTP, 4 bits.
    #[inline]
    pub fn minor_version_ptp(&self) -> u8 {
        self.b()[field::VERSION] >> 4
    }
    /// versionPTP, 4 bits.
    #[inline]
    pub fn version_ptp(&self) -> u8 {
        self.b()[field::VERSION] & 0x0F
    }
    /// messageLength.
    #[inline]
    pub fn message_length(&self) -> u16 {
        let b = &self.b()[field::MESSAGE_LENGTH];
        u16::from_be_bytes([b[0], b[1]])
    }
    /// domainNumber.
    #[inline]
    pub fn domain_number(&self) -> u8 {
        self.b()[field::DOMAIN_NUMBER]
    }
    /// minorSdoId.
    #[inline]
    pub fn minor_sdo_id(&self) -> u8 {
        self.b()[field::MINOR_SDO_ID]
    }
    /// flagField.
    #[inline]
    pub fn flag_field(&self) -> FlagField {
        let b = &self.b()[field::FLAG_FIELD];
        FlagField::from_bits_retain(u16::from_be_bytes([b[0], b[1]]))
    }
    /// correctionField.
    #[inline]
    pub fn correction_field(&self) -> TimeInterval {
        let mut v = [0u8; 8];
        v.copy_from_slice(&self.b()[field::CORRECTION_FIELD]);
        TimeInterval(i64::from_be_bytes(v))
    }
    /// messageTypeSpecific.
    #[inline]
    pub fn message_type_specific(&self) -> u32 {
        let b = &self.b()[field::MESSAGE_TYPE_SPECIFIC];
        u32::from_be_bytes([b[0], b[1], b[2], b[3]])
    }
    /// sourcePortIdentity.
    #[inline]
    pub fn source_port_identity(&self) -> PortIdentity {
        let b = &self.b()[field::SOURCE_PORT_IDENTITY];
        let mut id = [0u8; 8];
        id.copy_from_slice(&b[..8]);
        PortIdentity {
            clock_identity: ClockIdentity(id),
            port_number: u16::from_be_bytes([b[8], b[9]]),
        }
    }
    /// sequenceId.
    #[inline]
    pub fn sequence_id(&self) -> u16 {
        let b = &self.b()[field::SEQUENCE_ID];
        u16::from_be_bytes([b[0], b[1]])
    }
    /// controlField.
    #[inline]
    pub fn control_field(&self) -> u8 {
        self.b()[field::CONTROL_FIELD]
    }
    /// logMessageInterval.
    #[inline]
    pub fn log_message_interval(&self) -> i8 {
        self.b()[field::LOG_MESSAGE_INTERVAL] as i8
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> HeaderView<T> {
    /// Sets correctionField (for one-step and transparent clocks).
    #[inline]
    pub fn set_correction_field(&mut self, v: TimeInterval) {
        self.buffer.as_mut()[field::CORRECTION_FIELD].copy_from_slice(&v.0.to_be_bytes());
    }
    /// Sets flagField.
    #[inline]
    pub fn set_flag_field(&mut self, v: FlagField) {
        self.buffer.as_mut()[field::FLAG_FIELD].copy_from_slice(&v.bits().to_be_bytes());
    }
    /// Sets sequenceId.
    #[inline]
    pub fn set_sequence_id(&mut self, v: u16) {
        self.buffer.as_mut()[field::SEQUENCE_ID].copy_from_slice(&v.to_be_bytes());
    }
    /// Sets domainNumber.
    #[inline]
    pub fn set_domain_number(&mut self, v: u8) {
        self.buffer.as_mut()[field::DOMAIN_NUMBER] = v;
    }
}

/// The owned common header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Header {
    /// majorSdoId (4 bits; 1 for IEEE 802.1AS, 0 otherwise).
    pub major_sdo_id: u8,
    /// messageType.
    pub message_type: MessageType,
    /// minorVersionPTP (4 bits; 1 for IEEE 1588-2019, 0 for 2008).
    pub minor_version_ptp: u8,
    /// versionPTP (4 bits; 2).
    pub version_ptp: u8,
    /// messageLength: the whole message including TLVs.
    pub message_length: u16,
    /// domainNumber.
    pub domain_number: u8,
    /// minorSdoId.
    pub minor_sdo_id: u8,
    /// flagField.
    pub flag_field: FlagField,
    /// correctionField.
    pub correction_field: TimeInterval,
    /// messageTypeSpecific (reserved in most messages).
    pub message_type_specific: u32,
    /// sourcePortIdentity.
    pub source_port_identity: PortIdentity,
    /// sequenceId.
    pub sequence_id: u16,
    /// controlField.
    pub control_field: u8,
    /// logMessageInterval.
    pub log_message_interval: i8,
}

impl Header {
    /// A version 2.1 header for `message_type` with every other field zero (and the
    /// controlField of Table 42; logMessageInterval 0x7F as §13.3.2.14 asks for
    /// messages without an interval).
    pub const fn new(message_type: MessageType) -> Header {
        Header {
            major_sdo_id: 0,
            message_type,
            minor_version_ptp: 1,
            version_ptp: 2,
            message_length: HEADER_LEN as u16,
            domain_number: 0,
            minor_sdo_id: 0,
            flag_field: FlagField::empty(),
            correction_field: TimeInterval(0),
            message_type_specific: 0,
            source_port_identity: PortIdentity {
                clock_identity: ClockIdentity([0; 8]),
                port_number: 0,
            },
            sequence_id: 0,
            control_field: message_type.control_field(),
            log_message_interval: 0x7F,
        }
    }

    /// Reads a header and checks versionPTP is 2 and messageLength is at least the
    /// header and at most the buffer (bytes after messageLength are ignored, §13.1).
    #[inline]
    pub fn parse(buf: &[u8]) -> Result<Header> {
        // One length check, then every field is read at a constant index of a fixed
        // array: no further bounds checks on the hot path.
        let Some(b) = buf.first_chunk::<HEADER_LEN>() else {
            return Err(Error::Truncated {
                what: "header",
                offset: 0,
                needed: HEADER_LEN,
                available: buf.len(),
            });
        };
        let version_ptp = b[field::VERSION] & 0x0F;
        if version_ptp != 2 {
            return Err(Error::Invalid {
                field: "versionPTP",
                offset: field::VERSION,
                expected: "2",
                found: u64::from(version_ptp),
            });
        }
        let message_length = u16::from_be_bytes([b[2], b[3]]);
        let len = usize::from(message_length);
        if len < HEADER_LEN {
            return Err(Error::Invalid {
                field: "messageLength",
                offset: field::MESSAGE_LENGTH.start,
                expected: "at least 34",
                found: len as u64,
            });
        }
        if len > buf.len() {
            return Err(Error::Truncated {
                what: "message",
                offset: 0,
                needed: len,
                available: buf.len(),
            });
        }
        Ok(Header {
            major_sdo_id: b[0] >> 4,
            message_type: MessageType::from_bits(b[0]),
            minor_version_ptp: b[1] >> 4,
            version_ptp,
            message_length,
            domain_number: b[4],
            minor_sdo_id: b[5],
            flag_field: FlagField::from_bits_retain(u16::from_be_bytes([b[6], b[7]])),
            correction_field: TimeInterval(i64::from_be_bytes([
                b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15],
            ])),
            message_type_specific: u32::from_be_bytes([b[16], b[17], b[18], b[19]]),
            source_port_identity: PortIdentity {
                clock_identity: ClockIdentity([
                    b[20], b[21], b[22], b[23], b[24], b[25], b[26], b[27],
                ]),
                port_number: u16::from_be_bytes([b[28], b[29]]),
            },
            sequence_id: u16::from_be_bytes([b[30], b[31]]),
            control_field: b[32],
            log_message_interval: b[33] as i8,
        })
    }

    /// Writes the header into the first 34 bytes of `buf`.
    #[inline]
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        if (self.major_sdo_id | self.minor_version_ptp | self.version_ptp) > 0x0F {
            return Err(self.nibble_error());
        }
        let available = buf.len();
        let Some(b) = buf.first_chunk_mut::<HEADER_LEN>() else {
            return Err(Error::BufferTooSmall {
                needed: HEADER_LEN,
                available,
            });
        };
        // Built as one array and stored at once: no per-field bounds checks.
        let l = self.message_length.to_be_bytes();
        let f = self.flag_field.bits().to_be_bytes();
        let c = self.correction_field.0.to_be_bytes();
        let t = self.message_type_specific.to_be_bytes();
        let id = self.source_port_identity.clock_identity.0;
        let p = self.source_port_identity.port_number.to_be_bytes();
        let q = self.sequence_id.to_be_bytes();
        *b = [
            (self.major_sdo_id << 4) | self.message_type.bits(),
            (self.minor_version_ptp << 4) | self.version_ptp,
            l[0],
            l[1],
            self.domain_number,
            self.minor_sdo_id,
            f[0],
            f[1],
            c[0],
            c[1],
            c[2],
            c[3],
            c[4],
            c[5],
            c[6],
            c[7],
            t[0],
            t[1],
            t[2],
            t[3],
            id[0],
            id[1],
            id[2],
            id[3],
            id[4],
            id[5],
            id[6],
            id[7],
            p[0],
            p[1],
            q[0],
            q[1],
            self.control_field,
            self.log_message_interval as u8,
        ];
        Ok(HEADER_LEN)
    }

    #[cold]
    fn nibble_error(&self) -> Error {
        let (field, v) = if self.major_sdo_id > 0x0F {
            ("majorSdoId", self.major_sdo_id)
        } else if self.minor_version_ptp > 0x0F {
            ("minorVersionPTP", self.minor_version_ptp)
        } else {
            ("versionPTP", self.version_ptp)
        };
        Error::OutOfRange {
            field,
            value: u64::from(v),
            max: 0x0F,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The header of a Sync from ptp4l-udp4-e2e-domain127.pcap (two-step master,
    /// domain 127, logMessageInterval -3).
    pub(crate) const PTP4L_SYNC: [u8; 44] = [
        0x00, 0x02, 0x00, 0x2c, 0x7f, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x8e, 0x2a, 0x0f, 0xff, 0xfe, 0x60, 0x4e, 0xd7, 0x00, 0x01,
        0x00, 0x00, 0x00, 0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    ];

    #[test]
    fn header_round_trip_and_fields() {
        let h = Header::parse(&PTP4L_SYNC).unwrap();
        assert_eq!(h.message_type, MessageType::Sync);
        assert_eq!(h.domain_number, 127);
        assert!(h.flag_field.contains(FlagField::TWO_STEP));
        assert_eq!(h.log_message_interval, -3);
        assert_eq!(h.message_length, 44);
        let mut out = [0u8; 34];
        h.emit(&mut out).unwrap();
        assert_eq!(out, PTP4L_SYNC[..34]);
    }

    #[test]
    fn header_errors() {
        assert!(matches!(
            Header::parse(&PTP4L_SYNC[..33]),
            Err(Error::Truncated { needed: 34, .. })
        ));
        let mut b = PTP4L_SYNC;
        b[1] = 0x01;
        assert!(matches!(
            Header::parse(&b),
            Err(Error::Invalid {
                field: "versionPTP",
                offset: 1,
                ..
            })
        ));
        let mut b = PTP4L_SYNC;
        b[3] = 60;
        assert!(matches!(Header::parse(&b), Err(Error::Truncated { .. })));
    }
}
