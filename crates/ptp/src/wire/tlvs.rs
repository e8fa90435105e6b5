//! Typed TLV bodies (IEEE 1588-2019 §14 - §16): [`TypedTlv::parse`] turns any
//! [`Tlv`] into a [`TlvBody`]; types this crate does not know, and known types it has
//! no typed form for, stay [`TlvBody::Other`] with their bytes, so every TLV re-emits
//! byte for byte.

use crate::error::{Error, Result, need, room};
use crate::wire::header::MessageType;
use crate::wire::management::{ManagementErrorStatus, ManagementTlv, PtpText, WireList};
use crate::wire::org::OrgExtension;
use crate::wire::tlv::{TLV_HEADER_LEN, Tlv, TlvType};
use crate::wire::types::TimeInterval;

/// REQUEST_UNICAST_TRANSMISSION (§16.1.4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UnicastRequest {
    /// messageType requested (Announce, Sync or Delay_Resp / Pdelay_Resp).
    pub message_type: MessageType,
    /// logInterMessagePeriod.
    pub log_inter_message_period: i8,
    /// durationField, seconds.
    pub duration_field: u32,
}

/// GRANT_UNICAST_TRANSMISSION (§16.1.4.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UnicastGrant {
    /// messageType granted.
    pub message_type: MessageType,
    /// logInterMessagePeriod.
    pub log_inter_message_period: i8,
    /// durationField, seconds (0: denied).
    pub duration_field: u32,
    /// renewalInvited (R flag).
    pub renewal_invited: bool,
}

/// ALTERNATE_TIME_OFFSET_INDICATOR (§16.3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AlternateTimeOffsetIndicator<'a> {
    /// keyField.
    pub key_field: u8,
    /// currentOffset, seconds.
    pub current_offset: i32,
    /// jumpSeconds.
    pub jump_seconds: i32,
    /// timeOfNextJump, seconds (48 bits).
    pub time_of_next_jump: u64,
    /// displayName.
    pub display_name: PtpText<'a>,
}

/// AUTHENTICATION (§16.14.3). The lengths of disclosedKey, sequenceNo, RES and ICV
/// depend on the security association, which is the engine's business: they are kept
/// together, unsplit, in `rest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Authentication<'a> {
    /// SPP: security parameter pointer.
    pub spp: u8,
    /// secParamIndicator: bit 0 disclosedKey present, 1 sequenceNo present, 2 RES
    /// present.
    pub sec_param_indicator: u8,
    /// keyID.
    pub key_id: u32,
    /// disclosedKey, sequenceNo, RES (as the indicator says) and the ICV.
    pub rest: &'a [u8],
}

/// ENHANCED_ACCURACY_METRICS (§16.12): hop counts and the inaccuracy metrics.
///
/// Equality compares the variances bit for bit, so a NaN equals itself and a parsed
/// TLV always equals its re-parse.
#[derive(Debug, Clone, Copy)]
pub struct EnhancedAccuracyMetrics {
    /// bcHopCount.
    pub bc_hop_count: u8,
    /// tcHopCount.
    pub tc_hop_count: u8,
    /// maxGmInaccuracy.
    pub max_gm_inaccuracy: TimeInterval,
    /// varGmInaccuracy (Float64).
    pub var_gm_inaccuracy: f64,
    /// maxTransientInaccuracy.
    pub max_transient_inaccuracy: TimeInterval,
    /// varTransientInaccuracy.
    pub var_transient_inaccuracy: f64,
    /// maxDynamicInaccuracy.
    pub max_dynamic_inaccuracy: TimeInterval,
    /// varDynamicInaccuracy.
    pub var_dynamic_inaccuracy: f64,
    /// maxStaticInstanceInaccuracy.
    pub max_static_instance_inaccuracy: TimeInterval,
    /// varStaticInstanceInaccuracy.
    pub var_static_instance_inaccuracy: f64,
    /// maxStaticMediumInaccuracy.
    pub max_static_medium_inaccuracy: TimeInterval,
    /// varStaticMediumInaccuracy.
    pub var_static_medium_inaccuracy: f64,
}

impl EnhancedAccuracyMetrics {
    /// Length of the value.
    pub const LEN: usize = 84;

    fn key(&self) -> [u64; 12] {
        [
            u64::from(self.bc_hop_count),
            u64::from(self.tc_hop_count),
            self.max_gm_inaccuracy.0 as u64,
            self.var_gm_inaccuracy.to_bits(),
            self.max_transient_inaccuracy.0 as u64,
            self.var_transient_inaccuracy.to_bits(),
            self.max_dynamic_inaccuracy.0 as u64,
            self.var_dynamic_inaccuracy.to_bits(),
            self.max_static_instance_inaccuracy.0 as u64,
            self.var_static_instance_inaccuracy.to_bits(),
            self.max_static_medium_inaccuracy.0 as u64,
            self.var_static_medium_inaccuracy.to_bits(),
        ]
    }
}

impl PartialEq for EnhancedAccuracyMetrics {
    fn eq(&self, o: &Self) -> bool {
        self.key() == o.key()
    }
}

/// A typed TLV body.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum TlvBody<'a> {
    /// MANAGEMENT.
    Management(ManagementTlv<'a>),
    /// MANAGEMENT_ERROR_STATUS.
    ManagementErrorStatus(ManagementErrorStatus<'a>),
    /// ORGANIZATION_EXTENSION, _PROPAGATE or _DO_NOT_PROPAGATE (the TLV type says
    /// which); see [`OrgExtension::known`] for the typed profiles.
    OrganizationExtension(OrgExtension<'a>),
    /// REQUEST_UNICAST_TRANSMISSION.
    RequestUnicastTransmission(UnicastRequest),
    /// GRANT_UNICAST_TRANSMISSION.
    GrantUnicastTransmission(UnicastGrant),
    /// CANCEL_UNICAST_TRANSMISSION: the message type.
    CancelUnicastTransmission(MessageType),
    /// ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION: the message type.
    AcknowledgeCancelUnicastTransmission(MessageType),
    /// PATH_TRACE: the pathSequence of clock identities.
    PathTrace(WireList<'a>),
    /// ALTERNATE_TIME_OFFSET_INDICATOR.
    AlternateTimeOffsetIndicator(AlternateTimeOffsetIndicator<'a>),
    /// AUTHENTICATION.
    Authentication(Authentication<'a>),
    /// ENHANCED_ACCURACY_METRICS.
    EnhancedAccuracyMetrics(EnhancedAccuracyMetrics),
    /// PAD: its length (the value is all zero on emit).
    Pad(usize),
    /// Any other TLV: its bytes.
    Other(&'a [u8]),
}

/// A TLV with a typed body.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TypedTlv<'a> {
    /// tlvType.
    pub tlv_type: TlvType,
    /// The body.
    pub body: TlvBody<'a>,
}

fn even(n: usize) -> usize {
    n + (n & 1)
}

fn ti(v: &[u8], at: usize) -> TimeInterval {
    let mut b = [0u8; 8];
    b.copy_from_slice(&v[at..at + 8]);
    TimeInterval(i64::from_be_bytes(b))
}

fn f64_at(v: &[u8], at: usize) -> f64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&v[at..at + 8]);
    f64::from_bits(u64::from_be_bytes(b))
}

impl<'a> TypedTlv<'a> {
    /// Types a TLV. A known type whose value is too short is an error (offsets from
    /// the start of the TLV's value); a known type whose value carries more than its
    /// typed form accounts for is kept as [`TlvBody::Other`].
    #[inline]
    pub fn parse(t: &Tlv<'a>) -> Result<TypedTlv<'a>> {
        let v = t.value;
        let shift = |e: Error| e.shifted(t.offset + TLV_HEADER_LEN);
        let body = match t.tlv_type {
            TlvType::MANAGEMENT => TlvBody::Management(ManagementTlv::parse(v).map_err(shift)?),
            TlvType::MANAGEMENT_ERROR_STATUS => {
                TlvBody::ManagementErrorStatus(ManagementErrorStatus::parse(v).map_err(shift)?)
            }
            TlvType::ORGANIZATION_EXTENSION
            | TlvType::ORGANIZATION_EXTENSION_PROPAGATE
            | TlvType::ORGANIZATION_EXTENSION_DO_NOT_PROPAGATE => {
                TlvBody::OrganizationExtension(OrgExtension::parse(v).map_err(shift)?)
            }
            TlvType::REQUEST_UNICAST_TRANSMISSION => {
                need("REQUEST_UNICAST_TRANSMISSION", v, 6).map_err(shift)?;
                TlvBody::RequestUnicastTransmission(UnicastRequest {
                    message_type: MessageType::from_bits(v[0] >> 4),
                    log_inter_message_period: v[1] as i8,
                    duration_field: u32::from_be_bytes([v[2], v[3], v[4], v[5]]),
                })
            }
            TlvType::GRANT_UNICAST_TRANSMISSION => {
                need("GRANT_UNICAST_TRANSMISSION", v, 8).map_err(shift)?;
                TlvBody::GrantUnicastTransmission(UnicastGrant {
                    message_type: MessageType::from_bits(v[0] >> 4),
                    log_inter_message_period: v[1] as i8,
                    duration_field: u32::from_be_bytes([v[2], v[3], v[4], v[5]]),
                    renewal_invited: v[7] & 1 != 0,
                })
            }
            TlvType::CANCEL_UNICAST_TRANSMISSION => {
                need("CANCEL_UNICAST_TRANSMISSION", v, 2).map_err(shift)?;
                TlvBody::CancelUnicastTransmission(MessageType::from_bits(v[0] >> 4))
            }
            TlvType::ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION => {
                need("ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION", v, 2).map_err(shift)?;
                TlvBody::AcknowledgeCancelUnicastTransmission(MessageType::from_bits(v[0] >> 4))
            }
            TlvType::PATH_TRACE => TlvBody::PathTrace(WireList {
                count: v.len() / 8,
                bytes: &v[..v.len() - v.len() % 8],
            }),
            TlvType::ALTERNATE_TIME_OFFSET_INDICATOR => {
                need("ALTERNATE_TIME_OFFSET_INDICATOR", v, 16).map_err(shift)?;
                let n = usize::from(v[15]);
                need("displayName", v, 16 + n).map_err(shift)?;
                TlvBody::AlternateTimeOffsetIndicator(AlternateTimeOffsetIndicator {
                    key_field: v[0],
                    current_offset: i32::from_be_bytes([v[1], v[2], v[3], v[4]]),
                    jump_seconds: i32::from_be_bytes([v[5], v[6], v[7], v[8]]),
                    time_of_next_jump: u64::from_be_bytes([
                        0, 0, v[9], v[10], v[11], v[12], v[13], v[14],
                    ]),
                    display_name: PtpText(&v[16..16 + n]),
                })
            }
            TlvType::AUTHENTICATION => {
                need("AUTHENTICATION", v, 6).map_err(shift)?;
                TlvBody::Authentication(Authentication {
                    spp: v[0],
                    sec_param_indicator: v[1],
                    key_id: u32::from_be_bytes([v[2], v[3], v[4], v[5]]),
                    rest: &v[6..],
                })
            }
            TlvType::ENHANCED_ACCURACY_METRICS => {
                need("ENHANCED_ACCURACY_METRICS", v, EnhancedAccuracyMetrics::LEN)
                    .map_err(shift)?;
                TlvBody::EnhancedAccuracyMetrics(EnhancedAccuracyMetrics {
                    bc_hop_count: v[0],
                    tc_hop_count: v[1],
                    max_gm_inaccuracy: ti(v, 4),
                    var_gm_inaccuracy: f64_at(v, 12),
                    max_transient_inaccuracy: ti(v, 20),
                    var_transient_inaccuracy: f64_at(v, 28),
                    max_dynamic_inaccuracy: ti(v, 36),
                    var_dynamic_inaccuracy: f64_at(v, 44),
                    max_static_instance_inaccuracy: ti(v, 52),
                    var_static_instance_inaccuracy: f64_at(v, 60),
                    max_static_medium_inaccuracy: ti(v, 68),
                    var_static_medium_inaccuracy: f64_at(v, 76),
                })
            }
            TlvType::PAD if v.iter().all(|b| *b == 0) => TlvBody::Pad(v.len()),
            _ => TlvBody::Other(v),
        };
        let typed = TypedTlv {
            tlv_type: t.tlv_type,
            body,
        };
        // Keep it typed only if it re-emits to exactly the same length; the bytes in
        // the known fields are then the same too (reserved octets aside).
        if typed.value_len() != v.len() {
            return Ok(TypedTlv {
                tlv_type: t.tlv_type,
                body: TlvBody::Other(v),
            });
        }
        Ok(typed)
    }

    /// Length of the value on the wire.
    #[inline]
    pub fn value_len(&self) -> usize {
        match &self.body {
            TlvBody::Management(m) => m.buffer_len(),
            TlvBody::ManagementErrorStatus(e) => e.buffer_len(),
            TlvBody::OrganizationExtension(o) => o.buffer_len(),
            TlvBody::RequestUnicastTransmission(_) => 6,
            TlvBody::GrantUnicastTransmission(_) => 8,
            TlvBody::CancelUnicastTransmission(_)
            | TlvBody::AcknowledgeCancelUnicastTransmission(_) => 2,
            TlvBody::PathTrace(l) => l.bytes.len(),
            TlvBody::AlternateTimeOffsetIndicator(a) => even(16 + a.display_name.0.len()),
            TlvBody::Authentication(a) => 6 + a.rest.len(),
            TlvBody::EnhancedAccuracyMetrics(_) => EnhancedAccuracyMetrics::LEN,
            TlvBody::Pad(n) => *n,
            TlvBody::Other(v) => v.len(),
        }
    }

    /// Length of the whole TLV on the wire.
    pub fn buffer_len(&self) -> usize {
        TLV_HEADER_LEN + self.value_len()
    }

    /// Writes the whole TLV (type, length and value) into `buf`.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        let len = self.value_len();
        let len16 = u16::try_from(len).map_err(|_| Error::OutOfRange {
            field: "lengthField",
            value: len as u64,
            max: u64::from(u16::MAX),
        })?;
        let n = TLV_HEADER_LEN + len;
        room(buf, n)?;
        buf[..2].copy_from_slice(&self.tlv_type.0.to_be_bytes());
        buf[2..4].copy_from_slice(&len16.to_be_bytes());
        let v = &mut buf[TLV_HEADER_LEN..n];
        v.fill(0);
        match &self.body {
            TlvBody::Management(m) => {
                m.emit(v)?;
            }
            TlvBody::ManagementErrorStatus(e) => {
                e.emit(v)?;
            }
            TlvBody::OrganizationExtension(o) => {
                o.emit(v)?;
            }
            TlvBody::RequestUnicastTransmission(r) => {
                v[0] = r.message_type.bits() << 4;
                v[1] = r.log_inter_message_period as u8;
                v[2..6].copy_from_slice(&r.duration_field.to_be_bytes());
            }
            TlvBody::GrantUnicastTransmission(g) => {
                v[0] = g.message_type.bits() << 4;
                v[1] = g.log_inter_message_period as u8;
                v[2..6].copy_from_slice(&g.duration_field.to_be_bytes());
                v[7] = u8::from(g.renewal_invited);
            }
            TlvBody::CancelUnicastTransmission(t)
            | TlvBody::AcknowledgeCancelUnicastTransmission(t) => {
                v[0] = t.bits() << 4;
            }
            TlvBody::PathTrace(l) => v.copy_from_slice(l.bytes),
            TlvBody::AlternateTimeOffsetIndicator(a) => {
                if a.time_of_next_jump >= 1 << 48 {
                    return Err(Error::OutOfRange {
                        field: "timeOfNextJump",
                        value: a.time_of_next_jump,
                        max: (1 << 48) - 1,
                    });
                }
                let name_len =
                    u8::try_from(a.display_name.0.len()).map_err(|_| Error::OutOfRange {
                        field: "displayName",
                        value: a.display_name.0.len() as u64,
                        max: 255,
                    })?;
                v[0] = a.key_field;
                v[1..5].copy_from_slice(&a.current_offset.to_be_bytes());
                v[5..9].copy_from_slice(&a.jump_seconds.to_be_bytes());
                v[9..15].copy_from_slice(&a.time_of_next_jump.to_be_bytes()[2..]);
                v[15] = name_len;
                v[16..16 + a.display_name.0.len()].copy_from_slice(a.display_name.0);
            }
            TlvBody::Authentication(a) => {
                v[0] = a.spp;
                v[1] = a.sec_param_indicator;
                v[2..6].copy_from_slice(&a.key_id.to_be_bytes());
                v[6..].copy_from_slice(a.rest);
            }
            TlvBody::EnhancedAccuracyMetrics(m) => {
                v[0] = m.bc_hop_count;
                v[1] = m.tc_hop_count;
                let pairs = [
                    (m.max_gm_inaccuracy, m.var_gm_inaccuracy),
                    (m.max_transient_inaccuracy, m.var_transient_inaccuracy),
                    (m.max_dynamic_inaccuracy, m.var_dynamic_inaccuracy),
                    (
                        m.max_static_instance_inaccuracy,
                        m.var_static_instance_inaccuracy,
                    ),
                    (
                        m.max_static_medium_inaccuracy,
                        m.var_static_medium_inaccuracy,
                    ),
                ];
                for (i, (max, var)) in pairs.iter().enumerate() {
                    let at = 4 + i * 16;
                    v[at..at + 8].copy_from_slice(&max.0.to_be_bytes());
                    v[at + 8..at + 16].copy_from_slice(&var.to_bits().to_be_bytes());
                }
            }
            TlvBody::Pad(_) => {}
            TlvBody::Other(b) => v.copy_from_slice(b),
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::tlv::TlvIter;
    extern crate std;
    use std::vec;
    use std::vec::Vec;

    fn round_trip(bytes: &[u8]) -> TypedTlv<'_> {
        let t = TlvIter::new(bytes, 0).next().unwrap().unwrap();
        let typed = TypedTlv::parse(&t).unwrap();
        let mut out = vec![0u8; typed.buffer_len()];
        typed.emit(&mut out).unwrap();
        assert_eq!(out, bytes);
        typed
    }

    #[test]
    fn unicast_negotiation_tlvs() {
        // Request Sync at 2^-4 s for 300 s; Grant the same with renewal invited.
        let r = round_trip(&[0x00, 0x04, 0x00, 0x06, 0x00, 0xFC, 0, 0, 0x01, 0x2C]);
        assert_eq!(
            r.body,
            TlvBody::RequestUnicastTransmission(UnicastRequest {
                message_type: MessageType::Sync,
                log_inter_message_period: -4,
                duration_field: 300
            })
        );
        let g = round_trip(&[0x00, 0x05, 0x00, 0x08, 0xB0, 0x01, 0, 0, 0x01, 0x2C, 0, 1]);
        assert!(matches!(
            g.body,
            TlvBody::GrantUnicastTransmission(UnicastGrant {
                message_type: MessageType::Announce,
                renewal_invited: true,
                ..
            })
        ));
        let c = round_trip(&[0x00, 0x06, 0x00, 0x02, 0x90, 0x00]);
        assert_eq!(
            c.body,
            TlvBody::CancelUnicastTransmission(MessageType::DelayResp)
        );
        round_trip(&[0x00, 0x07, 0x00, 0x02, 0x90, 0x00]);
    }

    #[test]
    fn atoi_path_trace_pad_auth_unknown() {
        let mut atoi: Vec<u8> = vec![0x00, 0x09, 0x00, 0x1A, 1];
        atoi.extend_from_slice(&10763i32.to_be_bytes());
        atoi.extend_from_slice(&0i32.to_be_bytes());
        atoi.extend_from_slice(&[0; 6]);
        atoi.push(9);
        atoi.extend_from_slice(b"UTC+03:00");
        atoi.push(0); // pad to an even length
        let t = round_trip(&atoi);
        let TlvBody::AlternateTimeOffsetIndicator(a) = t.body else {
            panic!()
        };
        assert_eq!(a.display_name.as_str(), Some("UTC+03:00"));
        assert_eq!(a.current_offset, 10763);
        let p = round_trip(&[
            0x00, 0x08, 0x00, 0x10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 9, 9, 9, 9, 9,
        ]);
        let TlvBody::PathTrace(l) = p.body else {
            panic!()
        };
        assert_eq!(l.clock_identities().count(), 2);
        assert_eq!(
            round_trip(&[0x80, 0x08, 0x00, 0x04, 0, 0, 0, 0]).body,
            TlvBody::Pad(4)
        );
        // A PAD with non-zero bytes is kept as it came.
        assert!(matches!(
            round_trip(&[0x80, 0x08, 0x00, 0x02, 0, 1]).body,
            TlvBody::Other(_)
        ));
        let a = round_trip(&[
            0x80, 0x09, 0x00, 0x0A, 2, 0, 0, 0, 0, 7, 0xAA, 0xBB, 0xCC, 0xDD,
        ]);
        assert!(matches!(
            a.body,
            TlvBody::Authentication(Authentication { key_id: 7, .. })
        ));
        assert!(matches!(
            round_trip(&[0x7E, 0x01, 0x00, 0x01, 5]).body,
            TlvBody::Other(_)
        ));
        // A typed TLV too short for its fields is an error with the offset of its value.
        let t = Tlv {
            tlv_type: TlvType::GRANT_UNICAST_TRANSMISSION,
            value: &[0, 0, 0],
            offset: 50,
        };
        assert!(matches!(
            TypedTlv::parse(&t),
            Err(Error::Truncated { offset: 54, .. })
        ));
    }
}
