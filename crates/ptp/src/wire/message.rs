//! The ten PTP messages (IEEE 1588-2019 §13.5 - §13.12): header, body and TLV suffix.
//!
//! [`Message::parse`] reads a whole message and keeps its TLV suffix as a slice of the
//! input ([`Message::tlvs`] iterates it without copying); [`Message::emit`] writes the
//! header, the body and a caller-supplied suffix into a caller buffer, setting
//! messageLength.

use crate::error::{Error, Result, need, room};
use crate::wire::header::{HEADER_LEN, Header, HeaderView, MessageType};
use crate::wire::tlv::TlvIter;
use crate::wire::types::{ClockIdentity, ClockQuality, PortIdentity, TimeSource, Timestamp};

/// IEEE 1588-2019 §13.5 Announce body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Announce {
    /// originTimestamp.
    pub origin_timestamp: Timestamp,
    /// currentUtcOffset (seconds, TAI - UTC).
    pub current_utc_offset: i16,
    /// grandmasterPriority1.
    pub grandmaster_priority1: u8,
    /// grandmasterClockQuality.
    pub grandmaster_clock_quality: ClockQuality,
    /// grandmasterPriority2.
    pub grandmaster_priority2: u8,
    /// grandmasterIdentity.
    pub grandmaster_identity: ClockIdentity,
    /// stepsRemoved.
    pub steps_removed: u16,
    /// timeSource.
    pub time_source: TimeSource,
}

/// IEEE 1588-2019 §15.4.1 managementMessage fields before the TLV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ManagementFields {
    /// targetPortIdentity.
    pub target_port_identity: PortIdentity,
    /// startingBoundaryHops.
    pub starting_boundary_hops: u8,
    /// boundaryHops.
    pub boundary_hops: u8,
    /// actionField (4 bits): 0 GET, 1 SET, 2 RESPONSE, 3 COMMAND, 4 ACKNOWLEDGE.
    pub action_field: u8,
}

impl ManagementFields {
    /// The name of an actionField value (Table 57), or `None` when reserved.
    pub const fn action_name(action: u8) -> Option<&'static str> {
        Some(match action {
            0 => "GET",
            1 => "SET",
            2 => "RESPONSE",
            3 => "COMMAND",
            4 => "ACKNOWLEDGE",
            _ => return None,
        })
    }
}

/// The body of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Body {
    /// Sync: originTimestamp (§13.6).
    Sync {
        /// originTimestamp.
        origin_timestamp: Timestamp,
    },
    /// Delay_Req: originTimestamp (§13.6).
    DelayReq {
        /// originTimestamp.
        origin_timestamp: Timestamp,
    },
    /// Follow_Up: preciseOriginTimestamp (§13.7).
    FollowUp {
        /// preciseOriginTimestamp.
        precise_origin_timestamp: Timestamp,
    },
    /// Delay_Resp (§13.8).
    DelayResp {
        /// receiveTimestamp.
        receive_timestamp: Timestamp,
        /// requestingPortIdentity.
        requesting_port_identity: PortIdentity,
    },
    /// Pdelay_Req (§13.9): originTimestamp and 10 reserved bytes.
    PdelayReq {
        /// originTimestamp.
        origin_timestamp: Timestamp,
    },
    /// Pdelay_Resp (§13.10).
    PdelayResp {
        /// requestReceiptTimestamp.
        request_receipt_timestamp: Timestamp,
        /// requestingPortIdentity.
        requesting_port_identity: PortIdentity,
    },
    /// Pdelay_Resp_Follow_Up (§13.11).
    PdelayRespFollowUp {
        /// responseOriginTimestamp.
        response_origin_timestamp: Timestamp,
        /// requestingPortIdentity.
        requesting_port_identity: PortIdentity,
    },
    /// Announce (§13.5).
    Announce(Announce),
    /// Signaling (§13.12): targetPortIdentity, then TLVs.
    Signaling {
        /// targetPortIdentity.
        target_port_identity: PortIdentity,
    },
    /// Management (§15.4.1), then one TLV.
    Management(ManagementFields),
    /// A reserved messageType: the bytes after the header are all suffix.
    Reserved,
}

impl Body {
    /// The message type of this body; `Reserved` gives `MessageType::Reserved(0xF)`
    /// (the real value lives in the header).
    pub const fn message_type(&self) -> MessageType {
        match self {
            Body::Sync { .. } => MessageType::Sync,
            Body::DelayReq { .. } => MessageType::DelayReq,
            Body::FollowUp { .. } => MessageType::FollowUp,
            Body::DelayResp { .. } => MessageType::DelayResp,
            Body::PdelayReq { .. } => MessageType::PdelayReq,
            Body::PdelayResp { .. } => MessageType::PdelayResp,
            Body::PdelayRespFollowUp { .. } => MessageType::PdelayRespFollowUp,
            Body::Announce(_) => MessageType::Announce,
            Body::Signaling { .. } => MessageType::Signaling,
            Body::Management(_) => MessageType::Management,
            Body::Reserved => MessageType::Reserved(0xF),
        }
    }

    /// Length of the body on the wire (between the header and the TLVs).
    pub const fn len(&self) -> usize {
        body_len(self.message_type())
    }

    /// Whether the body is empty (only for reserved message types).
    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }

    #[inline]
    fn parse(t: MessageType, b: &[u8]) -> Result<Body> {
        let what = t.name().unwrap_or("message");
        need(what, b, body_len(t))?;
        let ts = |at: usize| Timestamp::parse(&b[at..]).map_err(|e| e.shifted(at));
        let pid = |at: usize| PortIdentity::parse(&b[at..]).map_err(|e| e.shifted(at));
        Ok(match t {
            MessageType::Sync => Body::Sync {
                origin_timestamp: ts(0)?,
            },
            MessageType::DelayReq => Body::DelayReq {
                origin_timestamp: ts(0)?,
            },
            MessageType::FollowUp => Body::FollowUp {
                precise_origin_timestamp: ts(0)?,
            },
            MessageType::DelayResp => Body::DelayResp {
                receive_timestamp: ts(0)?,
                requesting_port_identity: pid(10)?,
            },
            MessageType::PdelayReq => Body::PdelayReq {
                origin_timestamp: ts(0)?,
            },
            MessageType::PdelayResp => Body::PdelayResp {
                request_receipt_timestamp: ts(0)?,
                requesting_port_identity: pid(10)?,
            },
            MessageType::PdelayRespFollowUp => Body::PdelayRespFollowUp {
                response_origin_timestamp: ts(0)?,
                requesting_port_identity: pid(10)?,
            },
            MessageType::Announce => Body::Announce(Announce {
                origin_timestamp: ts(0)?,
                current_utc_offset: i16::from_be_bytes([b[10], b[11]]),
                grandmaster_priority1: b[13],
                grandmaster_clock_quality: ClockQuality::parse(&b[14..])?,
                grandmaster_priority2: b[18],
                grandmaster_identity: ClockIdentity::parse(&b[19..])?,
                steps_removed: u16::from_be_bytes([b[27], b[28]]),
                time_source: TimeSource(b[29]),
            }),
            MessageType::Signaling => Body::Signaling {
                target_port_identity: pid(0)?,
            },
            MessageType::Management => Body::Management(ManagementFields {
                target_port_identity: pid(0)?,
                starting_boundary_hops: b[10],
                boundary_hops: b[11],
                action_field: b[12] & 0x0F,
            }),
            MessageType::Reserved(_) => Body::Reserved,
        })
    }

    #[inline]
    fn emit(&self, b: &mut [u8]) -> Result<usize> {
        // Each arm writes every byte of its body (reserved ones as zero) through a
        // fixed-size array, so there is one bounds check per body.
        fn arr<const N: usize>(b: &mut [u8]) -> Result<&mut [u8; N]> {
            let available = b.len();
            b.first_chunk_mut::<N>().ok_or(Error::BufferTooSmall {
                needed: N,
                available,
            })
        }
        fn ts(t: &Timestamp) -> Result<[u8; 10]> {
            let mut o = [0u8; 10];
            t.emit(&mut o)?;
            Ok(o)
        }
        fn ts_pid(t: &Timestamp, p: &PortIdentity) -> Result<[u8; 20]> {
            let mut o = [0u8; 20];
            t.emit(&mut o[..10])?;
            o[10..18].copy_from_slice(&p.clock_identity.0);
            o[18..20].copy_from_slice(&p.port_number.to_be_bytes());
            Ok(o)
        }
        fn pid(p: &PortIdentity) -> [u8; 10] {
            let mut o = [0u8; 10];
            o[..8].copy_from_slice(&p.clock_identity.0);
            o[8..].copy_from_slice(&p.port_number.to_be_bytes());
            o
        }
        match self {
            Body::Sync {
                origin_timestamp: t,
            }
            | Body::DelayReq {
                origin_timestamp: t,
            }
            | Body::FollowUp {
                precise_origin_timestamp: t,
            } => *arr::<10>(b)? = ts(t)?,
            Body::PdelayReq {
                origin_timestamp: t,
            } => {
                let mut o = [0u8; 20];
                o[..10].copy_from_slice(&ts(t)?);
                *arr::<20>(b)? = o;
            }
            Body::DelayResp {
                receive_timestamp: t,
                requesting_port_identity: p,
            }
            | Body::PdelayResp {
                request_receipt_timestamp: t,
                requesting_port_identity: p,
            }
            | Body::PdelayRespFollowUp {
                response_origin_timestamp: t,
                requesting_port_identity: p,
            } => *arr::<20>(b)? = ts_pid(t, p)?,
            Body::Announce(a) => {
                let mut o = [0u8; 30];
                o[..10].copy_from_slice(&ts(&a.origin_timestamp)?);
                o[10..12].copy_from_slice(&a.current_utc_offset.to_be_bytes());
                o[13] = a.grandmaster_priority1;
                let q = &a.grandmaster_clock_quality;
                o[14] = q.clock_class;
                o[15] = q.clock_accuracy.0;
                o[16..18].copy_from_slice(&q.offset_scaled_log_variance.to_be_bytes());
                o[18] = a.grandmaster_priority2;
                o[19..27].copy_from_slice(&a.grandmaster_identity.0);
                o[27..29].copy_from_slice(&a.steps_removed.to_be_bytes());
                o[29] = a.time_source.0;
                *arr::<30>(b)? = o;
            }
            Body::Signaling {
                target_port_identity: p,
            } => *arr::<10>(b)? = pid(p),
            Body::Management(m) => {
                if m.action_field > 0x0F {
                    return Err(Error::OutOfRange {
                        field: "actionField",
                        value: u64::from(m.action_field),
                        max: 0x0F,
                    });
                }
                let mut o = [0u8; 14];
                o[..10].copy_from_slice(&pid(&m.target_port_identity));
                o[10] = m.starting_boundary_hops;
                o[11] = m.boundary_hops;
                o[12] = m.action_field;
                *arr::<14>(b)? = o;
            }
            Body::Reserved => {}
        }
        Ok(self.len())
    }
}

/// Length of the body of each message type (IEEE 1588-2019 Tables 43 - 56).
pub const fn body_len(t: MessageType) -> usize {
    match t {
        MessageType::Sync | MessageType::DelayReq | MessageType::FollowUp => 10,
        MessageType::DelayResp
        | MessageType::PdelayReq
        | MessageType::PdelayResp
        | MessageType::PdelayRespFollowUp => 20,
        MessageType::Announce => 30,
        MessageType::Signaling => 10,
        MessageType::Management => 14,
        MessageType::Reserved(_) => 0,
    }
}

/// A parsed message: header, body, and the TLV suffix as a slice of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Message<'a> {
    /// The common header.
    pub header: Header,
    /// The body.
    pub body: Body,
    /// Everything from the end of the body to messageLength: the TLVs.
    pub suffix: &'a [u8],
}

/// A checked zero-copy view of a whole message: the fastest way to read one.
///
/// [`MessageView::new_checked`] validates everything [`Message::parse`] does (version,
/// messageLength against the buffer and the body, nanoseconds below 10^9) without
/// decoding; the getters then read the bytes on demand and never fail.
#[derive(Debug, Clone, Copy)]
pub struct MessageView<'a> {
    bytes: &'a [u8],
    message_type: MessageType,
}

impl<'a> MessageView<'a> {
    /// Checks `buf` holds a valid message; bytes beyond messageLength are not part of it.
    #[inline]
    pub fn new_checked(buf: &'a [u8]) -> Result<MessageView<'a>> {
        let Some(h) = buf.first_chunk::<HEADER_LEN>() else {
            return Err(Error::Truncated {
                what: "header",
                offset: 0,
                needed: HEADER_LEN,
                available: buf.len(),
            });
        };
        if h[1] & 0x0F != 2 {
            return Err(Error::Invalid {
                field: "versionPTP",
                offset: 1,
                expected: "2",
                found: u64::from(h[1] & 0x0F),
            });
        }
        let t = MessageType::from_bits(h[0]);
        let len = usize::from(u16::from_be_bytes([h[2], h[3]]));
        let min = HEADER_LEN + body_len(t);
        if len < min || len > buf.len() {
            return Err(if len > buf.len() {
                Error::Truncated {
                    what: "message",
                    offset: 0,
                    needed: len,
                    available: buf.len(),
                }
            } else {
                Error::Invalid {
                    field: "messageLength",
                    offset: 2,
                    expected: "at least the header and body length",
                    found: len as u64,
                }
            });
        }
        let bytes = &buf[..len];
        if !matches!(
            t,
            MessageType::Signaling | MessageType::Management | MessageType::Reserved(_)
        ) {
            // Every other body starts with a timestamp.
            let ns = u32::from_be_bytes([bytes[40], bytes[41], bytes[42], bytes[43]]);
            if ns >= 1_000_000_000 {
                return Err(Error::Invalid {
                    field: "nanosecondsField",
                    offset: HEADER_LEN + 6,
                    expected: "less than 1000000000",
                    found: u64::from(ns),
                });
            }
        }
        Ok(MessageView {
            bytes,
            message_type: t,
        })
    }

    /// The message's bytes (up to messageLength).
    #[inline]
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The header, as a view.
    #[inline]
    pub fn header(&self) -> HeaderView<&'a [u8]> {
        HeaderView::new_unchecked(self.bytes)
    }

    /// messageType.
    #[inline]
    pub fn message_type(&self) -> MessageType {
        self.message_type
    }

    /// sequenceId.
    #[inline]
    pub fn sequence_id(&self) -> u16 {
        u16::from_be_bytes([self.bytes[30], self.bytes[31]])
    }

    /// The timestamp every event message, Follow_Up, Delay_Resp, the peer-delay
    /// messages and Announce start their body with; `None` for Signaling, Management
    /// and reserved types.
    #[inline]
    pub fn timestamp(&self) -> Option<Timestamp> {
        match self.message_type {
            MessageType::Signaling | MessageType::Management | MessageType::Reserved(_) => None,
            _ => {
                let b = &self.bytes[HEADER_LEN..HEADER_LEN + 10];
                Some(Timestamp {
                    seconds: u64::from_be_bytes([0, 0, b[0], b[1], b[2], b[3], b[4], b[5]]),
                    nanoseconds: u32::from_be_bytes([b[6], b[7], b[8], b[9]]),
                })
            }
        }
    }

    /// The TLV suffix.
    #[inline]
    pub fn suffix(&self) -> &'a [u8] {
        &self.bytes[HEADER_LEN + body_len(self.message_type)..]
    }

    /// The TLVs, read lazily.
    #[inline]
    pub fn tlvs(&self) -> TlvIter<'a> {
        TlvIter::new(self.suffix(), HEADER_LEN + body_len(self.message_type))
    }

    /// The owned form (the same as [`Message::parse`] of the same bytes).
    pub fn to_message(&self) -> Message<'a> {
        // The checks were made: parsing again cannot fail.
        Message::parse(self.bytes).unwrap_or(Message {
            header: Header::new(self.message_type),
            body: Body::Reserved,
            suffix: &[],
        })
    }
}

impl<'a> Message<'a> {
    /// Reads a whole message. Bytes after messageLength are ignored (§13.1); a
    /// messageLength shorter than the body, a timestamp with nanoseconds of 10^9 or
    /// more, or a version other than 2 is an error.
    #[inline]
    pub fn parse(buf: &'a [u8]) -> Result<Message<'a>> {
        let header = Header::parse(buf)?;
        let end = usize::from(header.message_length);
        let t = header.message_type;
        let blen = body_len(t);
        if end < HEADER_LEN + blen {
            return Err(Error::Invalid {
                field: "messageLength",
                offset: 2,
                expected: "at least the header and body length",
                found: end as u64,
            });
        }
        let body = Body::parse(t, &buf[HEADER_LEN..end]).map_err(|e| e.shifted(HEADER_LEN))?;
        Ok(Message {
            header,
            body,
            suffix: &buf[HEADER_LEN + blen..end],
        })
    }

    /// The TLVs of the suffix, read lazily; each item is a TLV or an error for a
    /// malformed one (offsets relative to the start of the message).
    #[inline]
    pub fn tlvs(&self) -> TlvIter<'a> {
        TlvIter::new(self.suffix, HEADER_LEN + self.body.len())
    }

    /// Length on the wire: header, body and suffix.
    pub fn buffer_len(&self) -> usize {
        HEADER_LEN + self.body.len() + self.suffix.len()
    }

    /// Writes the message into `buf`, with messageLength and messageType taken from
    /// the body and suffix (the header's own values of those are ignored; a reserved
    /// type keeps the header's). Returns the bytes written.
    #[inline]
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        let n = self.buffer_len();
        if n > usize::from(u16::MAX) {
            return Err(Error::OutOfRange {
                field: "messageLength",
                value: n as u64,
                max: u64::from(u16::MAX),
            });
        }
        room(buf, n)?;
        let mut h = self.header;
        h.message_length = n as u16;
        if !matches!(self.body, Body::Reserved) {
            h.message_type = self.body.message_type();
        }
        h.emit(buf)?;
        let b = self.body.emit(&mut buf[HEADER_LEN..])?;
        if !self.suffix.is_empty() {
            buf[HEADER_LEN + b..n].copy_from_slice(self.suffix);
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::header::FlagField;
    extern crate std;
    use std::vec::Vec;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    // UDP payloads from captures/ptp/ptp4l-udp4-e2e-domain127.pcap and
    // ptp4l-pmc-management.pcap (linuxptp 3.1).
    const SYNC: &str =
        "0002002c7f0002000000000000000000000000008e2a0ffffe604ed70001000000fd00000000000000000000";
    const FOLLOW_UP: &str =
        "0802002c7f0000000000000000000000000000008e2a0ffffe604ed70001000002fd00006b04523c20fd6aee";
    const DELAY_RESP: &str = "090200367f0000000000000000000000000000008e2a0ffffe604ed70001000003fd00006b04523d0aa1032aa62359fffe56d11e0001";
    const ANNOUNCE: &str = "0b0200407f0000000000000000000000000000008e2a0ffffe604ed70001000005fe0000000000000000000000250064f8feffff808e2a0ffffe604ed70000a0";
    const MGMT_RESPONSE: &str = "0d02004a000000000000000000000000000000008e2a0ffffe604ed700010000047fa62359fffe56d11e0001010102000001001620000100000164f8feffff808e2a0ffffe604ed70000";

    fn round_trip(s: &str) -> Vec<u8> {
        let b = hex(s);
        let m = Message::parse(&b).unwrap();
        let mut out = std::vec![0u8; m.buffer_len()];
        assert_eq!(m.emit(&mut out).unwrap(), b.len());
        assert_eq!(out, b, "re-emit differs");
        b
    }

    #[test]
    fn ptp4l_messages_parse_and_reemit_byte_exact() {
        for s in [SYNC, FOLLOW_UP, DELAY_RESP, ANNOUNCE, MGMT_RESPONSE] {
            round_trip(s);
        }
        let b = hex(FOLLOW_UP);
        let m = Message::parse(&b).unwrap();
        assert_eq!(m.header.message_type, MessageType::FollowUp);
        assert_eq!(
            m.body,
            Body::FollowUp {
                precise_origin_timestamp: Timestamp::new(0x6b04523c, 0x20fd6aee).unwrap()
            }
        );
        let b = hex(ANNOUNCE);
        let m = Message::parse(&b).unwrap();
        let Body::Announce(a) = m.body else {
            panic!("not an announce")
        };
        assert_eq!(a.current_utc_offset, 37);
        assert_eq!(a.grandmaster_priority1, 100);
        assert_eq!(a.grandmaster_clock_quality.clock_class, 248);
        assert_eq!(a.grandmaster_priority2, 128);
        assert_eq!(a.time_source, TimeSource::INTERNAL_OSCILLATOR);
        assert_eq!(m.header.log_message_interval, -2);
        assert!(!m.header.flag_field.contains(FlagField::TWO_STEP));
        let b = hex(DELAY_RESP);
        let m = Message::parse(&b).unwrap();
        let Body::DelayResp {
            requesting_port_identity: p,
            ..
        } = m.body
        else {
            panic!("not a delay_resp")
        };
        assert_eq!(p.port_number, 1);
        assert_eq!(
            p.clock_identity.0,
            [0xa6, 0x23, 0x59, 0xff, 0xfe, 0x56, 0xd1, 0x1e]
        );
    }

    #[test]
    fn management_suffix_has_one_tlv() {
        let b = hex(MGMT_RESPONSE);
        let m = Message::parse(&b).unwrap();
        let Body::Management(mf) = m.body else {
            panic!()
        };
        assert_eq!(mf.action_field, 2);
        let tlvs: Vec<_> = m.tlvs().collect();
        assert_eq!(tlvs.len(), 1);
        let t = tlvs[0].unwrap();
        assert_eq!(t.tlv_type.0, 0x0001);
        assert_eq!(t.value.len(), 0x16);
    }

    #[test]
    fn view_agrees_with_parse() {
        for h in [SYNC, FOLLOW_UP, DELAY_RESP, ANNOUNCE, MGMT_RESPONSE] {
            let b = hex(h);
            let v = MessageView::new_checked(&b).unwrap();
            let m = Message::parse(&b).unwrap();
            assert_eq!(v.to_message(), m);
            assert_eq!(v.sequence_id(), m.header.sequence_id);
            assert_eq!(v.suffix(), m.suffix);
            assert_eq!(v.header().correction_field(), m.header.correction_field);
            for n in 0..b.len() {
                assert_eq!(
                    MessageView::new_checked(&b[..n]).is_err(),
                    Message::parse(&b[..n]).is_err()
                );
            }
        }
        let mut b = hex(SYNC);
        b[40] = 0xFF;
        assert!(MessageView::new_checked(&b).is_err());
        assert!(Message::parse(&b).is_err());
    }

    #[test]
    fn every_truncation_is_an_error() {
        for s in [SYNC, DELAY_RESP, ANNOUNCE, MGMT_RESPONSE] {
            let b = hex(s);
            for n in 0..b.len() {
                assert!(Message::parse(&b[..n]).is_err());
            }
            // Trailing bytes beyond messageLength are ignored.
            let mut long = b.clone();
            long.extend_from_slice(&[0xAA; 7]);
            assert_eq!(Message::parse(&long).unwrap().buffer_len(), b.len());
        }
    }
}
