//! IGMP messages: version 1 (RFC 1112 Appendix I), 2 (RFC 2236) and 3 (RFC 9776).
//!
//! [`Message::parse`] tells the versions apart as RFC 9776 §7.1 says: a Membership
//! Query of 8 bytes is IGMPv1 when Max Resp Code is zero and IGMPv2 otherwise, one of
//! 12 bytes or more is IGMPv3, and one of 9 to 11 bytes is not valid. The checksum is
//! not enforced by `parse` (a decoder wants to show a bad one); use
//! [`Message::parse_verified`] or [`checksum_valid`] where it must be right.

use core::net::Ipv4Addr;

use crate::error::{Error, Result, room, truncated};
use crate::wire::codec::{decode_code8, encode_code8};
use crate::wire::records::{AddrList, GroupRecord, Records, read_sources, write_sources};

/// Membership Query (all versions).
pub const TYPE_QUERY: u8 = 0x11;
/// IGMPv1 Membership Report.
pub const TYPE_V1_REPORT: u8 = 0x12;
/// IGMPv2 Membership Report.
pub const TYPE_V2_REPORT: u8 = 0x16;
/// IGMPv2 Leave Group.
pub const TYPE_V2_LEAVE: u8 = 0x17;
/// IGMPv3 Membership Report.
pub const TYPE_V3_REPORT: u8 = 0x22;

/// The name of an IGMP type, or `None`.
pub const fn type_name(t: u8) -> Option<&'static str> {
    Some(match t {
        TYPE_QUERY => "Membership Query",
        TYPE_V1_REPORT => "Version 1 Membership Report",
        TYPE_V2_REPORT => "Version 2 Membership Report",
        TYPE_V2_LEAVE => "Leave Group",
        TYPE_V3_REPORT => "Version 3 Membership Report",
        _ => return None,
    })
}

/// An IGMPv3 group record.
pub type IgmpRecord<'a> = GroupRecord<'a, Ipv4Addr>;

/// An IGMP message.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Message<'a> {
    /// IGMPv1 query: 8 bytes, Max Resp Code 0.
    QueryV1 {
        /// Group Address (zero in a v1 query).
        group: Ipv4Addr,
    },
    /// IGMPv2 query: 8 bytes, Max Resp Time in 1/10 s (non-zero).
    QueryV2 {
        /// Max Resp Time, 1/10 s.
        max_resp_time: u8,
        /// Group Address (zero for a general query).
        group: Ipv4Addr,
    },
    /// IGMPv3 query (RFC 9776 §4.1).
    QueryV3 {
        /// Max Resp Code (see [`crate::wire::codec`]).
        max_resp_code: u8,
        /// Group Address (zero for a general query).
        group: Ipv4Addr,
        /// S flag: suppress router-side processing.
        s_flag: bool,
        /// QRV: querier's robustness variable (3 bits; 0 means above 7).
        qrv: u8,
        /// QQIC: querier's query interval code.
        qqic: u8,
        /// Source Addresses.
        sources: AddrList<'a, Ipv4Addr>,
    },
    /// IGMPv1 Membership Report.
    ReportV1 {
        /// Group Address.
        group: Ipv4Addr,
    },
    /// IGMPv2 Membership Report.
    ReportV2 {
        /// Group Address.
        group: Ipv4Addr,
    },
    /// IGMPv2 Leave Group.
    LeaveV2 {
        /// Group Address.
        group: Ipv4Addr,
    },
    /// IGMPv3 Membership Report (RFC 9776 §4.2).
    ReportV3 {
        /// Group Records.
        records: Records<'a, Ipv4Addr>,
    },
    /// Any other type (a router ignores it, RFC 9776 §4): kept as it came.
    Other {
        /// Type.
        msg_type: u8,
        /// The bytes after the checksum.
        rest: &'a [u8],
    },
}

/// Whether the Internet checksum over `b` (the whole IGMP message) is right.
pub fn checksum_valid(b: &[u8]) -> bool {
    etherparse::checksum::Sum16BitWords::new()
        .add_slice(b)
        .ones_complement()
        == 0
}

fn checksum(b: &[u8]) -> u16 {
    etherparse::checksum::Sum16BitWords::new()
        .add_slice(b)
        .ones_complement()
        .to_be()
}

impl<'a> Message<'a> {
    /// Reads an IGMP message (the IP payload). Bytes after the message (e.g. link
    /// padding when the IP length was not applied) are ignored for fixed-size types.
    #[inline]
    pub fn parse(b: &'a [u8]) -> Result<Message<'a>> {
        if b.len() < 8 {
            return Err(truncated("IGMP message", 0, 8, b.len()));
        }
        let t = b[0];
        let code = b[1];
        let group = Ipv4Addr::new(b[4], b[5], b[6], b[7]);
        Ok(match t {
            TYPE_QUERY if b.len() == 8 => {
                if code == 0 {
                    Message::QueryV1 { group }
                } else {
                    Message::QueryV2 {
                        max_resp_time: code,
                        group,
                    }
                }
            }
            TYPE_QUERY if b.len() < 12 => {
                return Err(Error::Invalid {
                    field: "length",
                    offset: 0,
                    expected: "8 (IGMPv1/v2 query) or at least 12 (IGMPv3 query)",
                    found: b.len() as u32,
                });
            }
            TYPE_QUERY => {
                let n = usize::from(u16::from_be_bytes([b[10], b[11]]));
                Message::QueryV3 {
                    max_resp_code: code,
                    group,
                    s_flag: b[8] & 0x08 != 0,
                    qrv: b[8] & 0x07,
                    qqic: b[9],
                    sources: read_sources(b, 12, n, "Source Address")?,
                }
            }
            TYPE_V1_REPORT => Message::ReportV1 { group },
            TYPE_V2_REPORT => Message::ReportV2 { group },
            TYPE_V2_LEAVE => Message::LeaveV2 { group },
            TYPE_V3_REPORT => {
                let n = usize::from(u16::from_be_bytes([b[6], b[7]]));
                let (records, _) = Records::check(&b[8..], n, 8)?;
                Message::ReportV3 { records }
            }
            _ => Message::Other {
                msg_type: t,
                rest: &b[4..],
            },
        })
    }

    /// Like [`Message::parse`], but a wrong checksum is an error.
    pub fn parse_verified(b: &'a [u8]) -> Result<Message<'a>> {
        let m = Message::parse(b)?;
        let len = m.buffer_len().min(b.len());
        if !checksum_valid(&b[..len]) {
            // The checksum the message should carry: the sum without its own field.
            let computed = etherparse::checksum::Sum16BitWords::new()
                .add_slice(&b[..2])
                .add_slice(&b[4..len])
                .ones_complement()
                .to_be();
            return Err(Error::Checksum {
                offset: 2,
                found: u16::from_be_bytes([b[2], b[3]]),
                computed,
            });
        }
        Ok(m)
    }

    /// The type byte.
    pub fn msg_type(&self) -> u8 {
        match self {
            Message::QueryV1 { .. } | Message::QueryV2 { .. } | Message::QueryV3 { .. } => {
                TYPE_QUERY
            }
            Message::ReportV1 { .. } => TYPE_V1_REPORT,
            Message::ReportV2 { .. } => TYPE_V2_REPORT,
            Message::LeaveV2 { .. } => TYPE_V2_LEAVE,
            Message::ReportV3 { .. } => TYPE_V3_REPORT,
            Message::Other { msg_type, .. } => *msg_type,
        }
    }

    /// The IGMP version the message belongs to.
    pub fn version(&self) -> u8 {
        match self {
            Message::QueryV1 { .. } | Message::ReportV1 { .. } => 1,
            Message::QueryV2 { .. } | Message::ReportV2 { .. } | Message::LeaveV2 { .. } => 2,
            Message::QueryV3 { .. } | Message::ReportV3 { .. } => 3,
            Message::Other { .. } => 0,
        }
    }

    /// The Max Resp Time in tenths of a second (0 for messages without one).
    pub fn max_resp_time(&self) -> u32 {
        match self {
            Message::QueryV1 { .. } => 100, // RFC 9776 §7.1: v1 queries mean 10 s
            Message::QueryV2 { max_resp_time, .. } => u32::from(*max_resp_time),
            Message::QueryV3 { max_resp_code, .. } => decode_code8(*max_resp_code),
            _ => 0,
        }
    }

    /// Length on the wire.
    pub fn buffer_len(&self) -> usize {
        match self {
            Message::QueryV3 { sources, .. } => 12 + sources.buffer_len(),
            Message::ReportV3 { records } => 8 + records.buffer_len(),
            Message::Other { rest, .. } => 4 + rest.len(),
            _ => 8,
        }
    }

    /// Writes the message with its checksum into `buf`; returns the length.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        let n = self.buffer_len();
        room(buf, n)?;
        let b = &mut buf[..n];
        b.fill(0);
        b[0] = self.msg_type();
        let put_group = |b: &mut [u8], g: &Ipv4Addr| b[4..8].copy_from_slice(&g.octets());
        match self {
            Message::QueryV1 { group }
            | Message::ReportV1 { group }
            | Message::ReportV2 { group }
            | Message::LeaveV2 { group } => put_group(b, group),
            Message::QueryV2 {
                max_resp_time,
                group,
            } => {
                if *max_resp_time == 0 {
                    return Err(Error::OutOfRange {
                        field: "Max Resp Time",
                        value: 0,
                        max: 0,
                    });
                }
                b[1] = *max_resp_time;
                put_group(b, group);
            }
            Message::QueryV3 {
                max_resp_code,
                group,
                s_flag,
                qrv,
                qqic,
                sources,
            } => {
                if *qrv > 7 {
                    return Err(Error::OutOfRange {
                        field: "QRV",
                        value: u32::from(*qrv),
                        max: 7,
                    });
                }
                let count = u16::try_from(sources.len()).map_err(|_| Error::OutOfRange {
                    field: "Number of Sources",
                    value: sources.len() as u32,
                    max: u32::from(u16::MAX),
                })?;
                b[1] = *max_resp_code;
                put_group(b, group);
                b[8] = (u8::from(*s_flag) << 3) | qrv;
                b[9] = *qqic;
                b[10..12].copy_from_slice(&count.to_be_bytes());
                write_sources(sources, &mut b[12..]);
            }
            Message::ReportV3 { records } => {
                let count = u16::try_from(records.len()).map_err(|_| Error::OutOfRange {
                    field: "Number of Group Records",
                    value: records.len() as u32,
                    max: u32::from(u16::MAX),
                })?;
                b[6..8].copy_from_slice(&count.to_be_bytes());
                records.write(&mut b[8..])?;
            }
            Message::Other { rest, .. } => b[4..].copy_from_slice(rest),
        }
        let c = checksum(b);
        b[2..4].copy_from_slice(&c.to_be_bytes());
        Ok(n)
    }

    /// An IGMPv3 query with Max Resp Time and QQI given in their units (1/10 s and
    /// seconds), encoded with [`encode_code8`].
    pub fn query_v3(
        group: Ipv4Addr,
        max_resp_time_ds: u32,
        qqi_s: u32,
        qrv: u8,
        s_flag: bool,
        sources: &'a [Ipv4Addr],
    ) -> Message<'a> {
        Message::QueryV3 {
            max_resp_code: encode_code8(max_resp_time_ds),
            group,
            s_flag,
            qrv: if qrv > 7 { 0 } else { qrv },
            qqic: encode_code8(qqi_s),
            sources: AddrList::Addrs(sources),
        }
    }
}

/// The all-systems group, 224.0.0.1.
pub const ALL_SYSTEMS: Ipv4Addr = Ipv4Addr::new(224, 0, 0, 1);
/// The all-routers group, 224.0.0.2 (IGMPv2 Leave Group goes here).
pub const ALL_ROUTERS: Ipv4Addr = Ipv4Addr::new(224, 0, 0, 2);
/// The IGMPv3-capable routers group, 224.0.0.22.
pub const ALL_V3_ROUTERS: Ipv4Addr = Ipv4Addr::new(224, 0, 0, 22);

impl Message<'_> {
    /// The IP destination the RFCs give for this message: general queries to
    /// 224.0.0.1, group-specific queries and v1/v2 reports to the group, v2 leaves to
    /// 224.0.0.2, v3 reports to 224.0.0.22.
    pub fn destination(&self) -> Ipv4Addr {
        match self {
            Message::QueryV1 { group }
            | Message::QueryV2 { group, .. }
            | Message::QueryV3 { group, .. } => {
                if group.is_unspecified() {
                    ALL_SYSTEMS
                } else {
                    *group
                }
            }
            Message::ReportV1 { group } | Message::ReportV2 { group } => *group,
            Message::LeaveV2 { .. } => ALL_ROUTERS,
            Message::ReportV3 { .. } => ALL_V3_ROUTERS,
            Message::Other { .. } => ALL_SYSTEMS,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::records::RecordType;
    extern crate std;
    use std::vec;
    use std::vec::Vec;

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    // IGMP payloads of captures/igmp/linux-igmpv3-host.pcap (Linux kernel host).
    const TO_EX: &str = "2200e9fb0000000104000000ef010101";
    const ALLOW_2: &str = "2200d7ec0000000105000002e80505050a0100010a010002";
    const ALLOW_BLOCK: &str = "2200e4de0000000205000001e80505050a01000306000001e80505050a010002";
    const BLOCK_TO_IN: &str = "2200e3e70000000206000002e80505050a0100030a01000103000000ef010101";

    #[test]
    fn linux_reports_parse_and_reemit_byte_exact() {
        for h in [TO_EX, ALLOW_2, ALLOW_BLOCK, BLOCK_TO_IN] {
            let b = unhex(h);
            let m = Message::parse_verified(&b).unwrap();
            let mut out = vec![0u8; m.buffer_len()];
            m.emit(&mut out).unwrap();
            assert_eq!(out, b);
        }
        let b = unhex(BLOCK_TO_IN);
        let Message::ReportV3 { records } = Message::parse(&b).unwrap() else {
            panic!()
        };
        let r: Vec<_> = records.iter().collect();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].record_type, RecordType::BlockOldSources);
        assert_eq!(r[0].group, Ipv4Addr::new(232, 5, 5, 5));
        assert_eq!(
            r[0].sources.iter().collect::<Vec<_>>(),
            [Ipv4Addr::new(10, 1, 0, 3), Ipv4Addr::new(10, 1, 0, 1)]
        );
        assert_eq!(r[1].record_type, RecordType::ChangeToIncludeMode);
        assert!(r[1].sources.is_empty());
    }

    #[test]
    fn queries_by_length_and_code() {
        let mut v1 = Message::QueryV1 {
            group: Ipv4Addr::UNSPECIFIED,
        };
        let mut b = [0u8; 8];
        v1.emit(&mut b).unwrap();
        assert_eq!(b, [0x11, 0, 0xee, 0xff, 0, 0, 0, 0]);
        assert_eq!(Message::parse_verified(&b).unwrap(), v1);
        v1 = Message::QueryV2 {
            max_resp_time: 100,
            group: Ipv4Addr::new(239, 1, 1, 1),
        };
        v1.emit(&mut b).unwrap();
        assert_eq!(Message::parse(&b).unwrap(), v1);
        assert_eq!(v1.destination(), Ipv4Addr::new(239, 1, 1, 1));
        let srcs = [Ipv4Addr::new(10, 1, 0, 1), Ipv4Addr::new(10, 1, 0, 2)];
        let q = Message::query_v3(Ipv4Addr::new(232, 5, 5, 5), 100, 125, 2, true, &srcs);
        let mut b = [0u8; 20];
        assert_eq!(q.emit(&mut b).unwrap(), 20);
        let p = Message::parse_verified(&b).unwrap();
        assert_eq!(p, q);
        assert_eq!(p.max_resp_time(), 100);
        // 9 to 11 bytes is not a query of any version.
        assert!(matches!(
            Message::parse(&b[..10]),
            Err(Error::Invalid {
                field: "length",
                ..
            })
        ));
        // A wrong checksum is seen.
        b[3] ^= 1;
        assert!(matches!(
            Message::parse_verified(&b),
            Err(Error::Checksum { offset: 2, .. })
        ));
    }

    #[test]
    fn truncations_are_errors() {
        for h in [ALLOW_2, BLOCK_TO_IN] {
            let b = unhex(h);
            for n in 0..b.len() {
                assert!(Message::parse(&b[..n]).is_err(), "{h} cut at {n}");
            }
        }
    }

    #[test]
    fn building_a_report() {
        let s = [Ipv4Addr::new(10, 1, 0, 1)];
        let recs = [IgmpRecord {
            record_type: RecordType::AllowNewSources,
            group: Ipv4Addr::new(232, 5, 5, 5),
            sources: AddrList::Addrs(&s),
            aux_data: &[],
        }];
        let m = Message::ReportV3 {
            records: Records::Given(&recs),
        };
        let mut b = [0u8; 64];
        let n = m.emit(&mut b).unwrap();
        // The kernel's own first ALLOW (captures, packet 3).
        assert_eq!(&b[..n], unhex("2200e1f00000000105000001e80505050a010001"));
        assert_eq!(Message::parse(&b[..n]).unwrap(), m);
    }
}
