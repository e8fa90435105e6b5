//! Builders: a correct message from a few fields, with the standard's defaults.
//!
//! A [`MessageBuilder`] holds what every message of one port shares (domain, source
//! port identity, SDO ids, version, the port's intervals); its methods make each
//! message type with the right messageType, controlField, logMessageInterval and flags
//! (IEEE 1588-2019 §13.3.2, Tables 36 - 42) and write it, TLVs included, into a caller
//! buffer.
//!
//! ```
//! use mediafabric_ptp::wire::{builder::MessageBuilder, ClockIdentity, Message, PortIdentity, Timestamp};
//!
//! let port = PortIdentity { clock_identity: ClockIdentity::from_eui48([0, 0x11, 0x22, 0x33, 0x44, 0x55]), port_number: 1 };
//! let b = MessageBuilder::new(port).domain_number(127).log_sync_interval(-3);
//! let mut buf = [0u8; 64];
//! let n = b.sync(7, Timestamp::default(), true).emit(&[], &mut buf)?;
//! let m = Message::parse(&buf[..n])?;
//! assert_eq!(m.header.sequence_id, 7);
//! assert_eq!(m.header.log_message_interval, -3);
//! # Ok::<(), mediafabric_ptp::Error>(())
//! ```

use crate::error::{Error, Result, room};
use crate::wire::header::{FlagField, HEADER_LEN, Header, MessageType};
use crate::wire::management::{ManagementTlv, ParentDataSet, TimePropertiesDataSet};
use crate::wire::message::{Announce, Body, ManagementFields};
use crate::wire::tlv::TlvType;
use crate::wire::tlvs::{TlvBody, TypedTlv};
use crate::wire::types::{PortIdentity, TimeInterval, Timestamp};

/// logMessageInterval for messages that have none (§13.3.2.14).
pub const NO_INTERVAL: i8 = 0x7F;

/// The shared fields of one port's messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageBuilder {
    source_port_identity: PortIdentity,
    domain_number: u8,
    major_sdo_id: u8,
    minor_sdo_id: u8,
    minor_version_ptp: u8,
    log_sync_interval: i8,
    log_announce_interval: i8,
    log_min_delay_req_interval: i8,
    unicast: bool,
}

/// A message ready to be written: header and body; TLVs are given to
/// [`Built::emit`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Built {
    /// The header (messageLength is set by `emit`).
    pub header: Header,
    /// The body.
    pub body: Body,
}

impl Built {
    /// Sets correctionField.
    #[must_use]
    pub fn correction(mut self, c: TimeInterval) -> Self {
        self.header.correction_field = c;
        self
    }

    /// Adds flags.
    #[must_use]
    pub fn flags(mut self, f: FlagField) -> Self {
        self.header.flag_field |= f;
        self
    }

    /// Writes header, body and `tlvs` into `buf`; returns the length.
    #[inline]
    pub fn emit(&self, tlvs: &[TypedTlv<'_>], buf: &mut [u8]) -> Result<usize> {
        let total =
            HEADER_LEN + self.body.len() + tlvs.iter().map(TypedTlv::buffer_len).sum::<usize>();
        let len16 = u16::try_from(total).map_err(|_| Error::OutOfRange {
            field: "messageLength",
            value: total as u64,
            max: u64::from(u16::MAX),
        })?;
        room(buf, total)?;
        let mut h = self.header;
        h.message_length = len16;
        let blen = self.body.len();
        // Emit through Message so header and body are written one way only.
        let msg = crate::wire::message::Message {
            header: h,
            body: self.body,
            suffix: &[],
        };
        msg.emit(&mut buf[..HEADER_LEN + blen])?;
        // Message::emit set messageLength to header + body: put the real one back.
        buf[2..4].copy_from_slice(&len16.to_be_bytes());
        let mut at = HEADER_LEN + blen;
        for t in tlvs {
            at += t.emit(&mut buf[at..])?;
        }
        Ok(at)
    }
}

impl MessageBuilder {
    /// A builder for a port: domain 0, SDO ids 0, version 2.1, intervals 2^0 s
    /// (announce 2^1 s), multicast.
    pub const fn new(source_port_identity: PortIdentity) -> Self {
        MessageBuilder {
            source_port_identity,
            domain_number: 0,
            major_sdo_id: 0,
            minor_sdo_id: 0,
            minor_version_ptp: 1,
            log_sync_interval: 0,
            log_announce_interval: 1,
            log_min_delay_req_interval: 0,
            unicast: false,
        }
    }

    /// domainNumber.
    #[must_use]
    pub const fn domain_number(mut self, d: u8) -> Self {
        self.domain_number = d;
        self
    }

    /// majorSdoId (4 bits) and minorSdoId.
    #[must_use]
    pub const fn sdo_id(mut self, major: u8, minor: u8) -> Self {
        self.major_sdo_id = major & 0x0F;
        self.minor_sdo_id = minor;
        self
    }

    /// minorVersionPTP (0 for IEEE 1588-2008 peers, 1 for 2019).
    #[must_use]
    pub const fn minor_version(mut self, v: u8) -> Self {
        self.minor_version_ptp = v & 0x0F;
        self
    }

    /// portDS.logSyncInterval, carried by Sync and Follow_Up.
    #[must_use]
    pub const fn log_sync_interval(mut self, v: i8) -> Self {
        self.log_sync_interval = v;
        self
    }

    /// portDS.logAnnounceInterval, carried by Announce.
    #[must_use]
    pub const fn log_announce_interval(mut self, v: i8) -> Self {
        self.log_announce_interval = v;
        self
    }

    /// portDS.logMinDelayReqInterval, carried by Delay_Resp.
    #[must_use]
    pub const fn log_min_delay_req_interval(mut self, v: i8) -> Self {
        self.log_min_delay_req_interval = v;
        self
    }

    /// Set the unicastFlag on every message.
    #[must_use]
    pub const fn unicast(mut self, u: bool) -> Self {
        self.unicast = u;
        self
    }

    #[inline]
    fn header(&self, t: MessageType, sequence_id: u16, interval: i8) -> Header {
        let mut h = Header::new(t);
        h.major_sdo_id = self.major_sdo_id;
        h.minor_sdo_id = self.minor_sdo_id;
        h.minor_version_ptp = self.minor_version_ptp;
        h.domain_number = self.domain_number;
        h.source_port_identity = self.source_port_identity;
        h.sequence_id = sequence_id;
        h.log_message_interval = interval;
        if self.unicast {
            h.flag_field |= FlagField::UNICAST;
        }
        h
    }

    /// Sync; `two_step` sets twoStepFlag (a Follow_Up will carry the precise time).
    pub fn sync(&self, sequence_id: u16, origin_timestamp: Timestamp, two_step: bool) -> Built {
        let mut header = self.header(MessageType::Sync, sequence_id, self.log_sync_interval);
        if two_step {
            header.flag_field |= FlagField::TWO_STEP;
        }
        Built {
            header,
            body: Body::Sync { origin_timestamp },
        }
    }

    /// Follow_Up for the Sync of the same sequenceId.
    pub fn follow_up(&self, sequence_id: u16, precise_origin_timestamp: Timestamp) -> Built {
        Built {
            header: self.header(MessageType::FollowUp, sequence_id, self.log_sync_interval),
            body: Body::FollowUp {
                precise_origin_timestamp,
            },
        }
    }

    /// Delay_Req.
    pub fn delay_req(&self, sequence_id: u16, origin_timestamp: Timestamp) -> Built {
        Built {
            header: self.header(MessageType::DelayReq, sequence_id, NO_INTERVAL),
            body: Body::DelayReq { origin_timestamp },
        }
    }

    /// Delay_Resp answering a Delay_Req (same sequenceId; correctionField as §11.3.2
    /// says: the request's correction, which the caller passes on with
    /// [`Built::correction`]).
    pub fn delay_resp(
        &self,
        sequence_id: u16,
        receive_timestamp: Timestamp,
        requesting_port_identity: PortIdentity,
    ) -> Built {
        Built {
            header: self.header(
                MessageType::DelayResp,
                sequence_id,
                self.log_min_delay_req_interval,
            ),
            body: Body::DelayResp {
                receive_timestamp,
                requesting_port_identity,
            },
        }
    }

    /// Pdelay_Req.
    pub fn pdelay_req(&self, sequence_id: u16, origin_timestamp: Timestamp) -> Built {
        Built {
            header: self.header(MessageType::PdelayReq, sequence_id, NO_INTERVAL),
            body: Body::PdelayReq { origin_timestamp },
        }
    }

    /// Pdelay_Resp; `two_step` sets twoStepFlag.
    pub fn pdelay_resp(
        &self,
        sequence_id: u16,
        request_receipt_timestamp: Timestamp,
        requesting_port_identity: PortIdentity,
        two_step: bool,
    ) -> Built {
        let mut header = self.header(MessageType::PdelayResp, sequence_id, NO_INTERVAL);
        if two_step {
            header.flag_field |= FlagField::TWO_STEP;
        }
        Built {
            header,
            body: Body::PdelayResp {
                request_receipt_timestamp,
                requesting_port_identity,
            },
        }
    }

    /// Pdelay_Resp_Follow_Up.
    pub fn pdelay_resp_follow_up(
        &self,
        sequence_id: u16,
        response_origin_timestamp: Timestamp,
        requesting_port_identity: PortIdentity,
    ) -> Built {
        Built {
            header: self.header(MessageType::PdelayRespFollowUp, sequence_id, NO_INTERVAL),
            body: Body::PdelayRespFollowUp {
                response_origin_timestamp,
                requesting_port_identity,
            },
        }
    }

    /// Announce from the clock's data sets (§13.5, §9.5.3): the grandmaster fields
    /// from parentDS, stepsRemoved from currentDS, the UTC offset, time source and the
    /// timing flags from timePropertiesDS.
    pub fn announce(
        &self,
        sequence_id: u16,
        parent: &ParentDataSet,
        steps_removed: u16,
        time_properties: &TimePropertiesDataSet,
    ) -> Built {
        let mut header = self.header(
            MessageType::Announce,
            sequence_id,
            self.log_announce_interval,
        );
        // timePropertiesDS flags occupy bits 0-5 of flagField's second octet in the
        // same order (Table 37).
        header.flag_field |= FlagField::from_bits_retain(u16::from(time_properties.flags & 0x3F));
        Built {
            header,
            body: Body::Announce(Announce {
                origin_timestamp: Timestamp::default(),
                current_utc_offset: time_properties.current_utc_offset,
                grandmaster_priority1: parent.grandmaster_priority1,
                grandmaster_clock_quality: parent.grandmaster_clock_quality,
                grandmaster_priority2: parent.grandmaster_priority2,
                grandmaster_identity: parent.grandmaster_identity,
                steps_removed,
                time_source: time_properties.time_source,
            }),
        }
    }

    /// Signaling to a target port (TLVs go to [`Built::emit`]).
    pub fn signaling(&self, sequence_id: u16, target_port_identity: PortIdentity) -> Built {
        Built {
            header: self.header(MessageType::Signaling, sequence_id, NO_INTERVAL),
            body: Body::Signaling {
                target_port_identity,
            },
        }
    }

    /// Management with the given action (0 GET, 1 SET, 2 RESPONSE, 3 COMMAND,
    /// 4 ACKNOWLEDGE); boundaryHops start at `hops`.
    pub fn management(
        &self,
        sequence_id: u16,
        target_port_identity: PortIdentity,
        action_field: u8,
        hops: u8,
    ) -> Built {
        Built {
            header: self.header(MessageType::Management, sequence_id, NO_INTERVAL),
            body: Body::Management(ManagementFields {
                target_port_identity,
                starting_boundary_hops: hops,
                boundary_hops: hops,
                action_field,
            }),
        }
    }
}

/// A MANAGEMENT TLV, for [`Built::emit`].
pub fn management_tlv(m: ManagementTlv<'_>) -> TypedTlv<'_> {
    TypedTlv {
        tlv_type: TlvType::MANAGEMENT,
        body: TlvBody::Management(m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::management::{ManagementData, ManagementId};
    use crate::wire::message::Message;
    use crate::wire::types::{ClockAccuracy, ClockIdentity, ClockQuality, TimeSource};
    extern crate std;
    use std::vec::Vec;

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    fn ptp4l_builder() -> MessageBuilder {
        // The grandmaster of captures/ptp/ptp4l-udp4-e2e-domain127.pcap.
        MessageBuilder::new(PortIdentity {
            clock_identity: ClockIdentity::from_eui48([0x8e, 0x2a, 0x0f, 0x60, 0x4e, 0xd7]),
            port_number: 1,
        })
        .domain_number(127)
        .minor_version(0)
        .log_sync_interval(-3)
        .log_announce_interval(-2)
        .log_min_delay_req_interval(-3)
    }

    #[test]
    fn builds_ptp4l_announce_and_sync_byte_exact() {
        let b = ptp4l_builder();
        let parent = ParentDataSet {
            parent_port_identity: PortIdentity::default(),
            parent_stats: false,
            observed_parent_offset_scaled_log_variance: 0xFFFF,
            observed_parent_clock_phase_change_rate: 0x7FFF_FFFF,
            grandmaster_priority1: 100,
            grandmaster_clock_quality: ClockQuality {
                clock_class: 248,
                clock_accuracy: ClockAccuracy::UNKNOWN,
                offset_scaled_log_variance: 0xFFFF,
            },
            grandmaster_priority2: 128,
            grandmaster_identity: ClockIdentity([0x8e, 0x2a, 0x0f, 0xff, 0xfe, 0x60, 0x4e, 0xd7]),
        };
        let tp = TimePropertiesDataSet {
            current_utc_offset: 37,
            flags: 0,
            time_source: TimeSource::INTERNAL_OSCILLATOR,
        };
        let mut buf = [0u8; 128];
        let n = b.announce(0, &parent, 0, &tp).emit(&[], &mut buf).unwrap();
        assert_eq!(
            &buf[..n],
            unhex(
                "0b0200407f0000000000000000000000000000008e2a0ffffe604ed70001000005fe0000000000000000000000250064f8feffff808e2a0ffffe604ed70000a0"
            )
        );
        let n = b
            .sync(0, Timestamp::default(), true)
            .emit(&[], &mut buf)
            .unwrap();
        assert_eq!(
            &buf[..n],
            unhex(
                "0002002c7f0002000000000000000000000000008e2a0ffffe604ed70001000000fd00000000000000000000"
            )
        );
    }

    #[test]
    fn builds_a_management_response_with_its_tlv() {
        // The pmc capture's ptp4l ran in domain 0.
        let b = ptp4l_builder().domain_number(0);
        let target = PortIdentity {
            clock_identity: ClockIdentity([0xa6, 0x23, 0x59, 0xff, 0xfe, 0x56, 0xd1, 0x1e]),
            port_number: 1,
        };
        let tlv = management_tlv(ManagementTlv {
            management_id: ManagementId::PRIORITY1,
            data: ManagementData::Octet(100),
        });
        let mut buf = [0u8; 128];
        let n = b
            .management(0, target, 2, 1)
            .emit(&[tlv], &mut buf)
            .unwrap();
        let m = Message::parse(&buf[..n]).unwrap();
        assert_eq!(usize::from(m.header.message_length), n);
        assert_eq!(m.header.log_message_interval, NO_INTERVAL);
        assert_eq!(m.header.control_field, 4);
        let t = m.tlvs().next().unwrap().unwrap();
        let typed = TypedTlv::parse(&t).unwrap();
        assert_eq!(typed, tlv);
        // The same response ptp4l sent, except sequenceId.
        let want = unhex(
            "0d020038000000000000000000000000000000008e2a0ffffe604ed700010000047fa62359fffe56d11e0001010102000001000420056400",
        );
        assert_eq!(&buf[..30], &want[..30]);
        assert_eq!(&buf[32..n], &want[32..]);
        assert!(
            b.sync(0, Timestamp::default(), false)
                .emit(&[], &mut [0u8; 43])
                .is_err()
        );
    }
}
