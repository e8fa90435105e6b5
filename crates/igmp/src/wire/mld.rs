//! MLD messages over ICMPv6: version 1 (RFC 2710) and 2 (RFC 9777).
//!
//! A Multicast Listener Query of 24 bytes is MLDv1, one of 28 bytes or more MLDv2
//! (RFC 9777 §8.1); 25 to 27 bytes is not valid. The ICMPv6 checksum covers an IPv6
//! pseudo-header, so checking and writing it needs the addresses:
//! [`Message::emit`] takes them, [`checksum_valid`] checks a received message.

use core::net::Ipv6Addr;

use crate::error::{Error, Result, room, truncated};
use crate::wire::codec::decode_code16;
use crate::wire::records::{AddrList, GroupRecord, Records, read_sources, write_sources};

/// Multicast Listener Query (both versions).
pub const TYPE_QUERY: u8 = 130;
/// MLDv1 Multicast Listener Report.
pub const TYPE_V1_REPORT: u8 = 131;
/// MLDv1 Multicast Listener Done.
pub const TYPE_V1_DONE: u8 = 132;
/// MLDv2 Multicast Listener Report.
pub const TYPE_V2_REPORT: u8 = 143;

/// ICMPv6's next-header number.
pub const NEXT_HEADER_ICMPV6: u8 = 58;

/// The name of an MLD type, or `None`.
pub const fn type_name(t: u8) -> Option<&'static str> {
    Some(match t {
        TYPE_QUERY => "Multicast Listener Query",
        TYPE_V1_REPORT => "Multicast Listener Report",
        TYPE_V1_DONE => "Multicast Listener Done",
        TYPE_V2_REPORT => "Version 2 Multicast Listener Report",
        _ => return None,
    })
}

/// An MLDv2 multicast address record.
pub type MldRecord<'a> = GroupRecord<'a, Ipv6Addr>;

/// An MLD message.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Message<'a> {
    /// MLDv1 query (24 bytes).
    QueryV1 {
        /// Maximum Response Delay, ms.
        max_response_delay: u16,
        /// Multicast Address (unspecified for a general query).
        group: Ipv6Addr,
    },
    /// MLDv2 query (RFC 9777 §5.1).
    QueryV2 {
        /// Maximum Response Code (see [`crate::wire::codec`]).
        max_response_code: u16,
        /// Multicast Address.
        group: Ipv6Addr,
        /// S flag.
        s_flag: bool,
        /// QRV (3 bits).
        qrv: u8,
        /// QQIC.
        qqic: u8,
        /// Source Addresses.
        sources: AddrList<'a, Ipv6Addr>,
    },
    /// MLDv1 Report.
    ReportV1 {
        /// Multicast Address.
        group: Ipv6Addr,
    },
    /// MLDv1 Done.
    DoneV1 {
        /// Multicast Address.
        group: Ipv6Addr,
    },
    /// MLDv2 Report (RFC 9777 §5.2).
    ReportV2 {
        /// Multicast Address Records.
        records: Records<'a, Ipv6Addr>,
    },
}

fn pseudo_sum(src: &Ipv6Addr, dst: &Ipv6Addr, len: usize) -> etherparse::checksum::Sum16BitWords {
    let mut s = etherparse::checksum::Sum16BitWords::new();
    s = s.add_16bytes(src.octets()).add_16bytes(dst.octets());
    s.add_4bytes((len as u32).to_be_bytes())
        .add_4bytes([0, 0, 0, NEXT_HEADER_ICMPV6])
}

/// Whether the ICMPv6 checksum of `b` (the whole MLD message) is right for the IPv6
/// source and destination it was sent with.
pub fn checksum_valid(b: &[u8], src: &Ipv6Addr, dst: &Ipv6Addr) -> bool {
    pseudo_sum(src, dst, b.len()).add_slice(b).ones_complement() == 0
}

impl<'a> Message<'a> {
    /// Reads an MLD message (the ICMPv6 message). Only the MLD types are accepted;
    /// the checksum is not checked here (see [`checksum_valid`]).
    pub fn parse(b: &'a [u8]) -> Result<Message<'a>> {
        if b.len() < 4 {
            return Err(truncated("MLD message", 0, 4, b.len()));
        }
        let t = b[0];
        let fixed = |n: usize| {
            if b.len() < n {
                Err(truncated("MLD message", 0, n, b.len()))
            } else {
                Ok(())
            }
        };
        let addr = |at: usize| {
            let mut a = [0u8; 16];
            a.copy_from_slice(&b[at..at + 16]);
            Ipv6Addr::from(a)
        };
        Ok(match t {
            TYPE_QUERY => {
                fixed(24)?;
                let code = u16::from_be_bytes([b[4], b[5]]);
                let group = addr(8);
                match b.len() {
                    24 => Message::QueryV1 {
                        max_response_delay: code,
                        group,
                    },
                    25..=27 => {
                        return Err(Error::Invalid {
                            field: "length",
                            offset: 0,
                            expected: "24 (MLDv1 query) or at least 28 (MLDv2 query)",
                            found: b.len() as u32,
                        });
                    }
                    _ => {
                        let n = usize::from(u16::from_be_bytes([b[26], b[27]]));
                        Message::QueryV2 {
                            max_response_code: code,
                            group,
                            s_flag: b[24] & 0x08 != 0,
                            qrv: b[24] & 0x07,
                            qqic: b[25],
                            sources: read_sources(b, 28, n, "Source Address")?,
                        }
                    }
                }
            }
            TYPE_V1_REPORT => {
                fixed(24)?;
                Message::ReportV1 { group: addr(8) }
            }
            TYPE_V1_DONE => {
                fixed(24)?;
                Message::DoneV1 { group: addr(8) }
            }
            TYPE_V2_REPORT => {
                fixed(8)?;
                let n = usize::from(u16::from_be_bytes([b[6], b[7]]));
                Message::ReportV2 {
                    records: Records::check(&b[8..], n, 8)?.0,
                }
            }
            other => {
                return Err(Error::Invalid {
                    field: "Type",
                    offset: 0,
                    expected: "an MLD type (130, 131, 132 or 143)",
                    found: u32::from(other),
                });
            }
        })
    }

    /// The ICMPv6 type.
    pub fn msg_type(&self) -> u8 {
        match self {
            Message::QueryV1 { .. } | Message::QueryV2 { .. } => TYPE_QUERY,
            Message::ReportV1 { .. } => TYPE_V1_REPORT,
            Message::DoneV1 { .. } => TYPE_V1_DONE,
            Message::ReportV2 { .. } => TYPE_V2_REPORT,
        }
    }

    /// The MLD version.
    pub fn version(&self) -> u8 {
        match self {
            Message::QueryV2 { .. } | Message::ReportV2 { .. } => 2,
            _ => 1,
        }
    }

    /// The maximum response delay in milliseconds (0 for messages without one).
    pub fn max_response_delay_ms(&self) -> u32 {
        match self {
            Message::QueryV1 {
                max_response_delay, ..
            } => u32::from(*max_response_delay),
            Message::QueryV2 {
                max_response_code, ..
            } => decode_code16(*max_response_code),
            _ => 0,
        }
    }

    /// Length on the wire.
    pub fn buffer_len(&self) -> usize {
        match self {
            Message::QueryV2 { sources, .. } => 28 + sources.buffer_len(),
            Message::ReportV2 { records } => 8 + records.buffer_len(),
            _ => 24,
        }
    }

    /// Writes the message with the checksum for `src` and `dst` into `buf`.
    pub fn emit(&self, src: &Ipv6Addr, dst: &Ipv6Addr, buf: &mut [u8]) -> Result<usize> {
        let n = self.buffer_len();
        room(buf, n)?;
        let b = &mut buf[..n];
        b.fill(0);
        b[0] = self.msg_type();
        match self {
            Message::QueryV1 {
                max_response_delay,
                group,
            } => {
                b[4..6].copy_from_slice(&max_response_delay.to_be_bytes());
                b[8..24].copy_from_slice(&group.octets());
            }
            Message::QueryV2 {
                max_response_code,
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
                b[4..6].copy_from_slice(&max_response_code.to_be_bytes());
                b[8..24].copy_from_slice(&group.octets());
                b[24] = (u8::from(*s_flag) << 3) | qrv;
                b[25] = *qqic;
                b[26..28].copy_from_slice(&count.to_be_bytes());
                write_sources(sources, &mut b[28..]);
            }
            Message::ReportV1 { group } | Message::DoneV1 { group } => {
                b[8..24].copy_from_slice(&group.octets());
            }
            Message::ReportV2 { records } => {
                let count = u16::try_from(records.len()).map_err(|_| Error::OutOfRange {
                    field: "Nr of Mcast Address Records",
                    value: records.len() as u32,
                    max: u32::from(u16::MAX),
                })?;
                b[6..8].copy_from_slice(&count.to_be_bytes());
                records.write(&mut b[8..])?;
            }
        }
        let c = pseudo_sum(src, dst, n)
            .add_slice(b)
            .ones_complement()
            .to_be();
        b[2..4].copy_from_slice(&c.to_be_bytes());
        Ok(n)
    }
}

/// All nodes, ff02::1 (general queries).
pub const ALL_NODES: Ipv6Addr = Ipv6Addr::new(0xff02, 0, 0, 0, 0, 0, 0, 1);
/// All routers, ff02::2 (MLDv1 Done).
pub const ALL_ROUTERS: Ipv6Addr = Ipv6Addr::new(0xff02, 0, 0, 0, 0, 0, 0, 2);
/// All MLDv2-capable routers, ff02::16 (MLDv2 reports).
pub const ALL_MLDV2_ROUTERS: Ipv6Addr = Ipv6Addr::new(0xff02, 0, 0, 0, 0, 0, 0, 0x16);

impl Message<'_> {
    /// The IPv6 destination the RFCs give for this message.
    pub fn destination(&self) -> Ipv6Addr {
        match self {
            Message::QueryV1 { group, .. } | Message::QueryV2 { group, .. } => {
                if group.is_unspecified() {
                    ALL_NODES
                } else {
                    *group
                }
            }
            Message::ReportV1 { group } => *group,
            Message::DoneV1 { .. } => ALL_ROUTERS,
            Message::ReportV2 { .. } => ALL_MLDV2_ROUTERS,
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

    // From captures/igmp/linux-mldv2-host.pcap: fe80::a423:59ff:fe56:d11e to ff02::16.
    const SRC: Ipv6Addr = Ipv6Addr::new(0xfe80, 0, 0, 0, 0xa423, 0x59ff, 0xfe56, 0xd11e);
    const TWO_RECORDS: &str = "8f000cd60000000204000000ff15000000000000000000000000123404000000ff3e0000000000000000000080000001";
    const TO_IN: &str = "8f00912b0000000103000000ff150000000000000000000000001234";

    #[test]
    fn linux_reports_parse_verify_and_reemit() {
        for h in [TWO_RECORDS, TO_IN] {
            let b = unhex(h);
            assert!(checksum_valid(&b, &SRC, &ALL_MLDV2_ROUTERS));
            let m = Message::parse(&b).unwrap();
            assert_eq!(m.destination(), ALL_MLDV2_ROUTERS);
            let mut out = vec![0u8; m.buffer_len()];
            m.emit(&SRC, &ALL_MLDV2_ROUTERS, &mut out).unwrap();
            assert_eq!(out, b);
        }
        let b = unhex(TWO_RECORDS);
        let Message::ReportV2 { records } = Message::parse(&b).unwrap() else {
            panic!()
        };
        let r: Vec<_> = records.iter().collect();
        assert_eq!(r[0].record_type, RecordType::ChangeToExcludeMode);
        assert_eq!(r[0].group, "ff15::1234".parse::<Ipv6Addr>().unwrap());
        assert_eq!(r[1].group, "ff3e::8000:1".parse::<Ipv6Addr>().unwrap());
    }

    #[test]
    fn queries_both_versions() {
        let q1 = Message::QueryV1 {
            max_response_delay: 10000,
            group: Ipv6Addr::UNSPECIFIED,
        };
        let mut b = [0u8; 64];
        let n = q1.emit(&SRC, &ALL_NODES, &mut b).unwrap();
        assert_eq!(n, 24);
        assert!(checksum_valid(&b[..n], &SRC, &ALL_NODES));
        assert_eq!(Message::parse(&b[..n]).unwrap(), q1);
        let s = ["2001:db8::1".parse::<Ipv6Addr>().unwrap()];
        let q2 = Message::QueryV2 {
            max_response_code: 0x8123,
            group: "ff3e::8000:1".parse().unwrap(),
            s_flag: false,
            qrv: 2,
            qqic: 125,
            sources: AddrList::Addrs(&s),
        };
        let n = q2.emit(&SRC, &ALL_NODES, &mut b).unwrap();
        assert_eq!(n, 44);
        let p = Message::parse(&b[..n]).unwrap();
        assert_eq!(p, q2);
        assert_eq!(p.max_response_delay_ms(), (0x123 | 0x1000) << 3);
        assert!(matches!(
            Message::parse(&b[..26]),
            Err(Error::Invalid {
                field: "length",
                ..
            })
        ));
        for k in 0..n {
            let _ = Message::parse(&b[..k]);
        }
        assert!(Message::parse(&[128, 0, 0, 0]).is_err());
    }
}
