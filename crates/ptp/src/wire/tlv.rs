//! TLVs (IEEE 1588-2019 §14): lazy, zero-copy iteration over a message's suffix.
//!
//! Every TLV is `tlvType` (2 bytes), `lengthField` (2 bytes) and `lengthField` bytes of
//! value. [`TlvIter`] yields each as a [`Tlv`] borrowing the input; an unknown type is
//! an ordinary item (kept with its bytes, so it re-emits unchanged), and a TLV that runs
//! past the end of the suffix is an error item, after which iteration stops.

use crate::error::{Error, Result, room};

/// IEEE 1588-2019 §14.1.1 tlvType (Table 52), kept as its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TlvType(pub u16);

impl TlvType {
    /// MANAGEMENT.
    pub const MANAGEMENT: TlvType = TlvType(0x0001);
    /// MANAGEMENT_ERROR_STATUS.
    pub const MANAGEMENT_ERROR_STATUS: TlvType = TlvType(0x0002);
    /// ORGANIZATION_EXTENSION.
    pub const ORGANIZATION_EXTENSION: TlvType = TlvType(0x0003);
    /// REQUEST_UNICAST_TRANSMISSION.
    pub const REQUEST_UNICAST_TRANSMISSION: TlvType = TlvType(0x0004);
    /// GRANT_UNICAST_TRANSMISSION.
    pub const GRANT_UNICAST_TRANSMISSION: TlvType = TlvType(0x0005);
    /// CANCEL_UNICAST_TRANSMISSION.
    pub const CANCEL_UNICAST_TRANSMISSION: TlvType = TlvType(0x0006);
    /// ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION.
    pub const ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION: TlvType = TlvType(0x0007);
    /// PATH_TRACE.
    pub const PATH_TRACE: TlvType = TlvType(0x0008);
    /// ALTERNATE_TIME_OFFSET_INDICATOR.
    pub const ALTERNATE_TIME_OFFSET_INDICATOR: TlvType = TlvType(0x0009);
    /// ORGANIZATION_EXTENSION_PROPAGATE.
    pub const ORGANIZATION_EXTENSION_PROPAGATE: TlvType = TlvType(0x4000);
    /// ENHANCED_ACCURACY_METRICS.
    pub const ENHANCED_ACCURACY_METRICS: TlvType = TlvType(0x4001);
    /// ORGANIZATION_EXTENSION_DO_NOT_PROPAGATE.
    pub const ORGANIZATION_EXTENSION_DO_NOT_PROPAGATE: TlvType = TlvType(0x8000);
    /// L1_SYNC.
    pub const L1_SYNC: TlvType = TlvType(0x8001);
    /// PORT_COMMUNICATION_AVAILABILITY.
    pub const PORT_COMMUNICATION_AVAILABILITY: TlvType = TlvType(0x8002);
    /// PROTOCOL_ADDRESS.
    pub const PROTOCOL_ADDRESS: TlvType = TlvType(0x8003);
    /// SLAVE_RX_SYNC_TIMING_DATA.
    pub const SLAVE_RX_SYNC_TIMING_DATA: TlvType = TlvType(0x8004);
    /// SLAVE_RX_SYNC_COMPUTED_DATA.
    pub const SLAVE_RX_SYNC_COMPUTED_DATA: TlvType = TlvType(0x8005);
    /// SLAVE_TX_EVENT_TIMESTAMPS.
    pub const SLAVE_TX_EVENT_TIMESTAMPS: TlvType = TlvType(0x8006);
    /// CUMULATIVE_RATE_RATIO.
    pub const CUMULATIVE_RATE_RATIO: TlvType = TlvType(0x8007);
    /// PAD.
    pub const PAD: TlvType = TlvType(0x8008);
    /// AUTHENTICATION.
    pub const AUTHENTICATION: TlvType = TlvType(0x8009);

    /// The standard's name, or `None` for a reserved or experimental value.
    pub const fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            0x0001 => "MANAGEMENT",
            0x0002 => "MANAGEMENT_ERROR_STATUS",
            0x0003 => "ORGANIZATION_EXTENSION",
            0x0004 => "REQUEST_UNICAST_TRANSMISSION",
            0x0005 => "GRANT_UNICAST_TRANSMISSION",
            0x0006 => "CANCEL_UNICAST_TRANSMISSION",
            0x0007 => "ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION",
            0x0008 => "PATH_TRACE",
            0x0009 => "ALTERNATE_TIME_OFFSET_INDICATOR",
            0x4000 => "ORGANIZATION_EXTENSION_PROPAGATE",
            0x4001 => "ENHANCED_ACCURACY_METRICS",
            0x8000 => "ORGANIZATION_EXTENSION_DO_NOT_PROPAGATE",
            0x8001 => "L1_SYNC",
            0x8002 => "PORT_COMMUNICATION_AVAILABILITY",
            0x8003 => "PROTOCOL_ADDRESS",
            0x8004 => "SLAVE_RX_SYNC_TIMING_DATA",
            0x8005 => "SLAVE_RX_SYNC_COMPUTED_DATA",
            0x8006 => "SLAVE_TX_EVENT_TIMESTAMPS",
            0x8007 => "CUMULATIVE_RATE_RATIO",
            0x8008 => "PAD",
            0x8009 => "AUTHENTICATION",
            _ => return None,
        })
    }
}

/// Length of a TLV's type and length fields.
pub const TLV_HEADER_LEN: usize = 4;

/// One TLV, borrowing its value from the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tlv<'a> {
    /// tlvType.
    pub tlv_type: TlvType,
    /// The value (`lengthField` bytes).
    pub value: &'a [u8],
    /// Offset of the TLV's first byte in the message.
    pub offset: usize,
}

impl Tlv<'_> {
    /// lengthField.
    pub fn length_field(&self) -> u16 {
        // Values come from a u16 lengthField or were checked by `emit`.
        self.value.len() as u16
    }

    /// Length on the wire.
    pub fn buffer_len(&self) -> usize {
        TLV_HEADER_LEN + self.value.len()
    }

    /// Writes the TLV into `buf`.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        if self.value.len() > usize::from(u16::MAX) {
            return Err(Error::OutOfRange {
                field: "lengthField",
                value: self.value.len() as u64,
                max: u64::from(u16::MAX),
            });
        }
        let n = self.buffer_len();
        room(buf, n)?;
        buf[..2].copy_from_slice(&self.tlv_type.0.to_be_bytes());
        buf[2..4].copy_from_slice(&(self.value.len() as u16).to_be_bytes());
        buf[4..n].copy_from_slice(self.value);
        Ok(n)
    }
}

/// Iterator over the TLVs of a suffix.
#[derive(Debug, Clone)]
pub struct TlvIter<'a> {
    rest: &'a [u8],
    offset: usize,
}

impl<'a> TlvIter<'a> {
    /// Iterates `suffix`, which starts at `offset` in the message.
    pub const fn new(suffix: &'a [u8], offset: usize) -> Self {
        TlvIter {
            rest: suffix,
            offset,
        }
    }
}

impl<'a> Iterator for TlvIter<'a> {
    type Item = Result<Tlv<'a>>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        let fail = |needed, available, offset| {
            Some(Err(Error::Truncated {
                what: "TLV",
                offset,
                needed,
                available,
            }))
        };
        if self.rest.len() < TLV_HEADER_LEN {
            let r = fail(TLV_HEADER_LEN, self.rest.len(), self.offset);
            self.rest = &[];
            return r;
        }
        let tlv_type = TlvType(u16::from_be_bytes([self.rest[0], self.rest[1]]));
        let len = usize::from(u16::from_be_bytes([self.rest[2], self.rest[3]]));
        if self.rest.len() < TLV_HEADER_LEN + len {
            let r = fail(TLV_HEADER_LEN + len, self.rest.len(), self.offset);
            self.rest = &[];
            return r;
        }
        let tlv = Tlv {
            tlv_type,
            value: &self.rest[TLV_HEADER_LEN..TLV_HEADER_LEN + len],
            offset: self.offset,
        };
        self.rest = &self.rest[TLV_HEADER_LEN + len..];
        self.offset += TLV_HEADER_LEN + len;
        Some(Ok(tlv))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iterates_known_unknown_and_reports_overrun() {
        let suffix = [
            0x00, 0x08, 0x00, 0x08, 1, 2, 3, 4, 5, 6, 7, 8, // PATH_TRACE, one identity
            0x7F, 0x00, 0x00, 0x02, 0xAB, 0xCD, // unknown type 0x7F00
            0x80, 0x08, 0x00, 0x10, 0, 0, // PAD claiming 16 bytes
        ];
        let mut it = TlvIter::new(&suffix, 44);
        let a = it.next().unwrap().unwrap();
        assert_eq!(a.tlv_type, TlvType::PATH_TRACE);
        assert_eq!(a.offset, 44);
        assert_eq!(a.value, &[1, 2, 3, 4, 5, 6, 7, 8]);
        let b = it.next().unwrap().unwrap();
        assert_eq!(b.tlv_type.name(), None);
        assert_eq!(b.offset, 56);
        let mut out = [0u8; 6];
        b.emit(&mut out).unwrap();
        assert_eq!(out, suffix[12..18]);
        assert!(matches!(
            it.next(),
            Some(Err(Error::Truncated {
                offset: 62,
                needed: 20,
                available: 6,
                ..
            }))
        ));
        assert!(it.next().is_none());
    }
}
