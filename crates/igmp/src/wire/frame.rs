//! Framing IGMP and MLD messages into whole Ethernet frames, and finding them in one.
//!
//! IGMP goes in IPv4 with TTL 1 and the Router Alert option (RFC 2113; RFC 9776 §4),
//! TOS 0xC0 (internetwork control, as hosts send it); MLD in IPv6 with hop limit 1, a
//! link-local source and a Hop-by-Hop Options header carrying Router Alert value 0
//! (RFC 2711; RFC 9777 §5). The destination is the one the RFCs give for the message
//! unless the caller names another. Reading a frame back reports the fields a router
//! must check (RFC 9776 §9: TTL 1, Router Alert present).

use core::net::{Ipv4Addr, Ipv6Addr};

use crate::error::{Error, Result, room, truncated};
use crate::wire::{igmp, mld};

const ETH: usize = 14;
const V4_RA: usize = 24;
const V6: usize = 40;
const HBH: usize = 8;

/// The Ethernet multicast address of an IPv4 group (RFC 1112 §6.4).
pub const fn ipv4_multicast_mac(g: Ipv4Addr) -> [u8; 6] {
    let o = g.octets();
    [0x01, 0x00, 0x5E, o[1] & 0x7F, o[2], o[3]]
}

/// The Ethernet multicast address of an IPv6 group (RFC 2464 §7).
pub const fn ipv6_multicast_mac(g: Ipv6Addr) -> [u8; 6] {
    let o = g.octets();
    [0x33, 0x33, o[12], o[13], o[14], o[15]]
}

fn ip_checksum(h: &[u8]) -> u16 {
    etherparse::checksum::Sum16BitWords::new()
        .add_slice(h)
        .ones_complement()
        .to_be()
}

/// Writes an Ethernet frame with IPv4 (TTL 1, Router Alert) carrying `msg` from
/// `src_ip`, to `dst` or the message's own destination. Returns the frame length.
pub fn frame_igmp(
    msg: &igmp::Message<'_>,
    src_mac: [u8; 6],
    src_ip: Ipv4Addr,
    dst: Option<Ipv4Addr>,
    out: &mut [u8],
) -> Result<usize> {
    let dst = dst.unwrap_or_else(|| msg.destination());
    let len = msg.buffer_len();
    let total = V4_RA + len;
    let total16 = u16::try_from(total).map_err(|_| Error::OutOfRange {
        field: "Total Length",
        value: total as u32,
        max: u32::from(u16::MAX),
    })?;
    let n = ETH + total;
    room(out, n)?;
    let f = &mut out[..n];
    f[0..6].copy_from_slice(&ipv4_multicast_mac(dst));
    f[6..12].copy_from_slice(&src_mac);
    f[12..14].copy_from_slice(&[0x08, 0x00]);
    let ip = &mut f[ETH..ETH + V4_RA];
    ip[0] = 0x46; // version 4, IHL 6
    ip[1] = 0xC0;
    ip[2..4].copy_from_slice(&total16.to_be_bytes());
    ip[4..6].fill(0);
    ip[6..8].copy_from_slice(&[0x40, 0x00]); // DF
    ip[8] = 1; // TTL
    ip[9] = crate::IP_PROTOCOL;
    ip[10..12].fill(0);
    ip[12..16].copy_from_slice(&src_ip.octets());
    ip[16..20].copy_from_slice(&dst.octets());
    ip[20..24].copy_from_slice(&[0x94, 0x04, 0x00, 0x00]); // Router Alert
    let c = ip_checksum(ip);
    ip[10..12].copy_from_slice(&c.to_be_bytes());
    msg.emit(&mut f[ETH + V4_RA..])?;
    Ok(n)
}

/// Writes an Ethernet frame with IPv6 (hop limit 1, Hop-by-Hop Router Alert)
/// carrying `msg` from `src_ip` (a link-local address), to `dst` or the message's own
/// destination. Returns the frame length.
pub fn frame_mld(
    msg: &mld::Message<'_>,
    src_mac: [u8; 6],
    src_ip: Ipv6Addr,
    dst: Option<Ipv6Addr>,
    out: &mut [u8],
) -> Result<usize> {
    let dst = dst.unwrap_or_else(|| msg.destination());
    let len = msg.buffer_len();
    let payload = HBH + len;
    let payload16 = u16::try_from(payload).map_err(|_| Error::OutOfRange {
        field: "Payload Length",
        value: payload as u32,
        max: u32::from(u16::MAX),
    })?;
    let n = ETH + V6 + payload;
    room(out, n)?;
    let f = &mut out[..n];
    f[0..6].copy_from_slice(&ipv6_multicast_mac(dst));
    f[6..12].copy_from_slice(&src_mac);
    f[12..14].copy_from_slice(&[0x86, 0xDD]);
    let ip = &mut f[ETH..ETH + V6];
    ip[0..4].copy_from_slice(&[0x60, 0, 0, 0]);
    ip[4..6].copy_from_slice(&payload16.to_be_bytes());
    ip[6] = 0; // Hop-by-Hop Options
    ip[7] = 1; // hop limit
    ip[8..24].copy_from_slice(&src_ip.octets());
    ip[24..40].copy_from_slice(&dst.octets());
    // Next header ICMPv6, length 0 (8 bytes), Router Alert (MLD), PadN of 2.
    f[ETH + V6..ETH + V6 + HBH].copy_from_slice(&[58, 0, 0x05, 0x02, 0, 0, 0x01, 0x00]);
    msg.emit(&src_ip, &dst, &mut f[ETH + V6 + HBH..])?;
    Ok(n)
}

/// An IGMP message found in an IPv4 packet, with what a router checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ipv4Igmp<'a> {
    /// IPv4 source.
    pub src: Ipv4Addr,
    /// IPv4 destination.
    pub dst: Ipv4Addr,
    /// TTL.
    pub ttl: u8,
    /// Whether the Router Alert option was present.
    pub router_alert: bool,
    /// The IGMP message bytes.
    pub payload: &'a [u8],
    /// Offset of the IGMP message in the input.
    pub offset: usize,
}

/// An MLD message found in an IPv6 packet, with what a router checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ipv6Mld<'a> {
    /// IPv6 source.
    pub src: Ipv6Addr,
    /// IPv6 destination.
    pub dst: Ipv6Addr,
    /// Hop limit.
    pub hop_limit: u8,
    /// Whether a Hop-by-Hop Router Alert option was present.
    pub router_alert: bool,
    /// The MLD (ICMPv6) message bytes.
    pub payload: &'a [u8],
    /// Offset of the message in the input.
    pub offset: usize,
}

/// Finds the IGMP message in an IPv4 packet starting at `b[at..]`.
pub fn read_ipv4_igmp(b: &[u8], at: usize) -> Result<Ipv4Igmp<'_>> {
    // `get` rather than `at + 20`: an offset near usize::MAX must not overflow.
    let Some(h) = b.get(at..).filter(|h| h.len() >= 20) else {
        return Err(truncated("IPv4 header", at, 20, b.len()));
    };
    let ihl = usize::from(h[0] & 0x0F) * 4;
    if h[0] >> 4 != 4 || ihl < 20 {
        return Err(Error::Invalid {
            field: "Version/IHL",
            offset: at,
            expected: "IPv4 with IHL >= 5",
            found: u32::from(h[0]),
        });
    }
    let total = usize::from(u16::from_be_bytes([h[2], h[3]]));
    if total < ihl || h.len() < total {
        return Err(truncated("IPv4 packet", at, total.max(ihl), b.len()));
    }
    if h[9] != crate::IP_PROTOCOL {
        return Err(Error::Invalid {
            field: "Protocol",
            offset: at + 9,
            expected: "IGMP (2)",
            found: u32::from(h[9]),
        });
    }
    // Walk the options for Router Alert (type 148).
    let mut router_alert = false;
    let mut o = 20;
    while o < ihl {
        match h[o] {
            0 => break,
            1 => o += 1,
            t => {
                let l = usize::from(*h.get(o + 1).unwrap_or(&0));
                if l < 2 || o + l > ihl {
                    break;
                }
                if t == 0x94 {
                    router_alert = true;
                }
                o += l;
            }
        }
    }
    Ok(Ipv4Igmp {
        src: Ipv4Addr::new(h[12], h[13], h[14], h[15]),
        dst: Ipv4Addr::new(h[16], h[17], h[18], h[19]),
        ttl: h[8],
        router_alert,
        payload: &h[ihl..total],
        offset: at + ihl,
    })
}

/// Finds the MLD message in an IPv6 packet starting at `b[at..]`, walking extension
/// headers.
pub fn read_ipv6_mld(b: &[u8], at: usize) -> Result<Ipv6Mld<'_>> {
    let Some(h) = b.get(at..).filter(|h| h.len() >= V6) else {
        return Err(truncated("IPv6 header", at, V6, b.len()));
    };
    if h[0] >> 4 != 6 {
        return Err(Error::Invalid {
            field: "Version",
            offset: at,
            expected: "6",
            found: u32::from(h[0] >> 4),
        });
    }
    let plen = usize::from(u16::from_be_bytes([h[4], h[5]]));
    if h.len() < V6 + plen {
        return Err(truncated("IPv6 packet", at, V6 + plen, b.len()));
    }
    let mut nh = h[6];
    let mut o = V6;
    let end = V6 + plen;
    let mut router_alert = false;
    while matches!(nh, 0 | 43 | 60) {
        if end < o + 2 {
            return Err(truncated("IPv6 extension header", at + o, 2, at + end));
        }
        let l = (usize::from(h[o + 1]) + 1) * 8;
        if end < o + l {
            return Err(truncated("IPv6 extension header", at + o, l, at + end));
        }
        if nh == 0 {
            let mut p = o + 2;
            while p < o + l {
                let t = h[p];
                if t == 0 {
                    // Pad1.
                    p += 1;
                    continue;
                }
                if p + 1 >= o + l {
                    break;
                }
                if t == 0x05 {
                    router_alert = true;
                }
                p += 2 + usize::from(h[p + 1]);
            }
        }
        nh = h[o];
        o += l;
    }
    if nh != mld::NEXT_HEADER_ICMPV6 {
        return Err(Error::Invalid {
            field: "Next Header",
            offset: at + 6,
            expected: "ICMPv6 (58) after any extension headers",
            found: u32::from(nh),
        });
    }
    let mut src = [0u8; 16];
    src.copy_from_slice(&h[8..24]);
    let mut dst = [0u8; 16];
    dst.copy_from_slice(&h[24..40]);
    Ok(Ipv6Mld {
        src: Ipv6Addr::from(src),
        dst: Ipv6Addr::from(dst),
        hop_limit: h[7],
        router_alert,
        payload: &h[o..end],
        offset: at + o,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::records::{AddrList, RecordType, Records};
    extern crate std;
    use std::vec::Vec;

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn igmp_frame_matches_the_kernel_byte_for_byte() {
        // Packet 1 of captures/igmp/linux-igmpv3-host.pcap.
        let want = unhex(
            "01005e000016a6235956d11e080046c00028000040000102f9aa0a4d0002e0000016940400002200e9fb0000000104000000ef010101",
        );
        let rec = [crate::wire::igmp::IgmpRecord {
            record_type: RecordType::ChangeToExcludeMode,
            group: Ipv4Addr::new(239, 1, 1, 1),
            sources: AddrList::Addrs(&[]),
            aux_data: &[],
        }];
        let m = igmp::Message::ReportV3 {
            records: Records::Given(&rec),
        };
        let mut out = [0u8; 128];
        let n = frame_igmp(
            &m,
            [0xa6, 0x23, 0x59, 0x56, 0xd1, 0x1e],
            Ipv4Addr::new(10, 77, 0, 2),
            None,
            &mut out,
        )
        .unwrap();
        assert_eq!(&out[..n], &want[..]);
        let r = read_ipv4_igmp(&want, 14).unwrap();
        assert!(r.router_alert);
        assert_eq!(r.ttl, 1);
        assert_eq!(r.offset, 38);
        assert_eq!(igmp::Message::parse_verified(r.payload).unwrap(), m);
    }

    #[test]
    fn mld_frame_matches_the_kernel_byte_for_byte() {
        // Packet 3 of captures/igmp/linux-mldv2-host.pcap.
        let want = unhex(
            "333300000016a6235956d11e86dd6000000000240001fe80000000000000a42359fffe56d11eff0200000000000000000000000000163a000502000001008f00912b0000000103000000ff150000000000000000000000001234",
        );
        let r = read_ipv6_mld(&want, 14).unwrap();
        assert!(r.router_alert);
        assert_eq!(r.hop_limit, 1);
        let m = mld::Message::parse(r.payload).unwrap();
        let mut out = [0u8; 128];
        let n = frame_mld(
            &m,
            [0xa6, 0x23, 0x59, 0x56, 0xd1, 0x1e],
            r.src,
            None,
            &mut out,
        )
        .unwrap();
        assert_eq!(&out[..n], &want[..]);
        for k in 0..want.len() {
            let _ = read_ipv6_mld(&want[..k], 14);
            let _ = read_ipv4_igmp(&want[..k], 14);
        }
    }

    #[test]
    fn offsets_past_the_end_are_errors_not_overflows() {
        let b = [0x45u8; 64];
        for at in [64, 65, usize::MAX - 10, usize::MAX] {
            assert!(matches!(
                read_ipv4_igmp(&b, at),
                Err(Error::Truncated { available: 0, .. })
            ));
            assert!(matches!(
                read_ipv6_mld(&b, at),
                Err(Error::Truncated { available: 0, .. })
            ));
        }
    }
}
