//! PTP transports (IEEE 1588-2019 Annexes C, D and E): addresses, framing of a whole
//! Ethernet frame into a caller buffer, locating the PTP message inside a frame, and
//! in-place updates for one-step and transparent clocks that keep the UDP checksum
//! right.
//!
//! The Ethernet, IPv4, IPv6 and UDP headers are written with etherparse.

use core::net::{Ipv4Addr, Ipv6Addr};

use etherparse::{EtherType, IpNumber, Ipv4Header, Ipv6Header, UdpHeader, checksum};

use crate::error::{Error, Result, room};
use crate::wire::header::{HEADER_LEN, HeaderView};
use crate::wire::types::{TimeInterval, Timestamp};

/// UDP port of event messages (Annex C/D).
pub const EVENT_PORT: u16 = 319;
/// UDP port of general messages.
pub const GENERAL_PORT: u16 = 320;
/// Ethertype of the Layer 2 transport (Annex E).
pub const ETHERTYPE: u16 = 0x88F7;
/// Layer 2 destination for all messages but peer delay (Annex E.3).
pub const L2_PRIMARY_MAC: [u8; 6] = [0x01, 0x1B, 0x19, 0x00, 0x00, 0x00];
/// Layer 2 destination for peer delay messages (Annex E.3), not forwarded by bridges.
pub const L2_PDELAY_MAC: [u8; 6] = [0x01, 0x80, 0xC2, 0x00, 0x00, 0x0E];
/// IPv4 destination for all messages but peer delay (Annex C.3).
pub const IPV4_PRIMARY: Ipv4Addr = Ipv4Addr::new(224, 0, 1, 129);
/// IPv4 destination for peer delay messages (Annex C.3).
pub const IPV4_PDELAY: Ipv4Addr = Ipv4Addr::new(224, 0, 0, 107);
/// IPv6 link-local destination for peer delay messages, FF02::6B (Annex D.3).
pub const IPV6_PDELAY: Ipv6Addr = Ipv6Addr::new(0xFF02, 0, 0, 0, 0, 0, 0, 0x6B);

/// The IPv6 primary address FF0X::181 for a multicast scope X (Annex D.3): 2 for
/// link-local, 4 admin-local, 5 site-local, 8 organization-local, E global.
pub const fn ipv6_primary(scope: u8) -> Ipv6Addr {
    Ipv6Addr::new(0xFF00 | (scope as u16 & 0x0F), 0, 0, 0, 0, 0, 0, 0x181)
}

/// The multicast MAC address of an IPv4 group (RFC 1112 §6.4).
pub const fn ipv4_multicast_mac(g: Ipv4Addr) -> [u8; 6] {
    let o = g.octets();
    [0x01, 0x00, 0x5E, o[1] & 0x7F, o[2], o[3]]
}

/// The multicast MAC address of an IPv6 group (RFC 2464 §7).
pub const fn ipv6_multicast_mac(g: Ipv6Addr) -> [u8; 6] {
    let o = g.octets();
    [0x33, 0x33, o[12], o[13], o[14], o[15]]
}

/// How a PTP message is carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// IEEE 802.3 / Ethernet (Annex E).
    Layer2 {
        /// Source MAC.
        src_mac: [u8; 6],
        /// Destination MAC (usually [`L2_PRIMARY_MAC`] or [`L2_PDELAY_MAC`]).
        dst_mac: [u8; 6],
    },
    /// UDP over IPv4 (Annex C).
    Udp4 {
        /// Source MAC.
        src_mac: [u8; 6],
        /// Destination MAC (the group's MAC for multicast, see [`ipv4_multicast_mac`]).
        dst_mac: [u8; 6],
        /// Source address.
        src: Ipv4Addr,
        /// Destination address (usually [`IPV4_PRIMARY`] or [`IPV4_PDELAY`]).
        dst: Ipv4Addr,
        /// TTL (Annex C.3 suggests 1 for peer delay; linuxptp uses 1 throughout).
        ttl: u8,
        /// DSCP (e.g. 46 for expedited forwarding in media networks).
        dscp: u8,
    },
    /// UDP over IPv6 (Annex D).
    Udp6 {
        /// Source MAC.
        src_mac: [u8; 6],
        /// Destination MAC (see [`ipv6_multicast_mac`]).
        dst_mac: [u8; 6],
        /// Source address.
        src: Ipv6Addr,
        /// Destination address.
        dst: Ipv6Addr,
        /// Hop limit.
        hop_limit: u8,
        /// DSCP.
        dscp: u8,
        /// Append the two octets of Annex D.6 after the message, which a one-step clock
        /// may change to keep the UDP checksum valid (linuxptp always appends them).
        checksum_trailer: bool,
    },
}

const ETH: usize = 14;
const V4: usize = 20;
const V6: usize = 40;
const UDP: usize = 8;

impl Transport {
    /// Bytes of headers in front of the message.
    pub const fn overhead(&self) -> usize {
        match self {
            Transport::Layer2 { .. } => ETH,
            Transport::Udp4 { .. } => ETH + V4 + UDP,
            Transport::Udp6 { .. } => ETH + V6 + UDP,
        }
    }

    /// Bytes the whole frame takes for a message of `len` bytes.
    pub const fn frame_len(&self, len: usize) -> usize {
        self.overhead()
            + len
            + match self {
                Transport::Udp6 {
                    checksum_trailer: true,
                    ..
                } => 2,
                _ => 0,
            }
    }

    /// Writes a whole Ethernet frame carrying `message` (already emitted) into `out`:
    /// event messages go to port 319, general to 320, chosen from the message's type.
    /// Returns the frame length.
    pub fn frame(&self, message: &[u8], out: &mut [u8]) -> Result<usize> {
        let h = HeaderView::new_checked(message)?;
        let port = if h.message_type().is_event() {
            EVENT_PORT
        } else {
            GENERAL_PORT
        };
        let n = self.frame_len(message.len());
        room(out, n)?;
        let out = &mut out[..n];
        let (src_mac, dst_mac, ty) = match *self {
            Transport::Layer2 { src_mac, dst_mac } => (src_mac, dst_mac, ETHERTYPE),
            Transport::Udp4 {
                src_mac, dst_mac, ..
            } => (src_mac, dst_mac, EtherType::IPV4.0),
            Transport::Udp6 {
                src_mac, dst_mac, ..
            } => (src_mac, dst_mac, EtherType::IPV6.0),
        };
        out[..6].copy_from_slice(&dst_mac);
        out[6..12].copy_from_slice(&src_mac);
        out[12..14].copy_from_slice(&ty.to_be_bytes());
        let ip_at = ETH;
        match *self {
            Transport::Layer2 { .. } => {
                out[ETH..].copy_from_slice(message);
            }
            Transport::Udp4 {
                src,
                dst,
                ttl,
                dscp,
                ..
            } => {
                let udp_len = UDP + message.len();
                let total = V4 + udp_len;
                let total16 = u16::try_from(total).map_err(|_| Error::OutOfRange {
                    field: "messageLength",
                    value: message.len() as u64,
                    max: u64::from(u16::MAX) - (V4 + UDP) as u64,
                })?;
                let mut ip = Ipv4Header::new(
                    total16 - V4 as u16,
                    ttl,
                    IpNumber::UDP,
                    src.octets(),
                    dst.octets(),
                )
                .map_err(|_| Error::OutOfRange {
                    field: "messageLength",
                    value: message.len() as u64,
                    max: u64::from(u16::MAX) - (V4 + UDP) as u64,
                })?;
                ip.dscp = etherparse::IpDscp::try_new(dscp).map_err(|_| Error::OutOfRange {
                    field: "dscp",
                    value: u64::from(dscp),
                    max: 63,
                })?;
                ip.dont_fragment = true;
                ip.header_checksum = ip.calc_header_checksum();
                out[ip_at..ip_at + V4].copy_from_slice(&ip.to_bytes());
                let u = ip_at + V4;
                out[u + UDP..].copy_from_slice(message);
                let udp = UdpHeader {
                    source_port: port,
                    destination_port: port,
                    length: udp_len as u16,
                    checksum: 0,
                };
                out[u..u + UDP].copy_from_slice(&udp.to_bytes());
                fix_udp_checksum(out)?;
            }
            Transport::Udp6 {
                src,
                dst,
                hop_limit,
                dscp,
                checksum_trailer,
                ..
            } => {
                if dscp > 63 {
                    return Err(Error::OutOfRange {
                        field: "dscp",
                        value: u64::from(dscp),
                        max: 63,
                    });
                }
                let udp_len = UDP + message.len() + if checksum_trailer { 2 } else { 0 };
                let udp_len16 = u16::try_from(udp_len).map_err(|_| Error::OutOfRange {
                    field: "messageLength",
                    value: message.len() as u64,
                    max: u64::from(u16::MAX) - UDP as u64,
                })?;
                let ip = Ipv6Header {
                    traffic_class: dscp << 2,
                    flow_label: Default::default(),
                    payload_length: udp_len16,
                    next_header: IpNumber::UDP,
                    hop_limit,
                    source: src.octets(),
                    destination: dst.octets(),
                };
                out[ip_at..ip_at + V6].copy_from_slice(&ip.to_bytes());
                let u = ip_at + V6;
                out[u + UDP..u + UDP + message.len()].copy_from_slice(message);
                if checksum_trailer {
                    out[u + UDP + message.len()..].fill(0);
                }
                let udp = UdpHeader {
                    source_port: port,
                    destination_port: port,
                    length: udp_len16,
                    checksum: 0,
                };
                out[u..u + UDP].copy_from_slice(&udp.to_bytes());
                fix_udp_checksum(out)?;
            }
        }
        Ok(n)
    }
}

/// Where the PTP message sits in an Ethernet frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located {
    /// Offset of the PTP message in the frame.
    pub offset: usize,
    /// Offset of the UDP header, when the transport is UDP.
    pub udp_offset: Option<usize>,
    /// Offset of the IP header (the Ethernet payload), when the transport is UDP.
    pub ip_offset: usize,
    /// Whether the UDP datagram is carried over IPv6.
    pub ipv6: bool,
}

/// Finds the PTP message in an Ethernet frame (optionally 802.1Q-tagged) carried over
/// Layer 2, UDP/IPv4 or UDP/IPv6 (ports 319/320); an error says why it is not one.
pub fn locate(frame: &[u8]) -> Result<Located> {
    let trunc = |offset: usize, needed: usize| Error::Truncated {
        what: "frame",
        offset,
        needed,
        available: frame.len().saturating_sub(offset),
    };
    if frame.len() < ETH {
        return Err(trunc(0, ETH));
    }
    let mut at = 12;
    let mut ty = u16::from_be_bytes([frame[12], frame[13]]);
    while ty == 0x8100 || ty == 0x88A8 {
        if frame.len() < at + 6 {
            return Err(trunc(at, 6));
        }
        at += 4;
        ty = u16::from_be_bytes([frame[at], frame[at + 1]]);
    }
    at += 2;
    let (udp_at, ipv6) = match ty {
        ETHERTYPE => {
            return Ok(Located {
                offset: at,
                udp_offset: None,
                ip_offset: at,
                ipv6: false,
            });
        }
        0x0800 => {
            if frame.len() < at + V4 {
                return Err(trunc(at, V4));
            }
            let ihl = usize::from(frame[at] & 0x0F) * 4;
            if frame[at] >> 4 != 4 || ihl < V4 || frame[at + 9] != 17 {
                return Err(Error::Invalid {
                    field: "IPv4 header",
                    offset: at,
                    expected: "IPv4 carrying UDP",
                    found: u64::from(frame[at + 9]),
                });
            }
            (at + ihl, false)
        }
        0x86DD => {
            if frame.len() < at + V6 {
                return Err(trunc(at, V6));
            }
            if frame[at + 6] != 17 {
                return Err(Error::Invalid {
                    field: "nextHeader",
                    offset: at + 6,
                    expected: "UDP (17)",
                    found: u64::from(frame[at + 6]),
                });
            }
            (at + V6, true)
        }
        other => {
            return Err(Error::Invalid {
                field: "etherType",
                offset: at - 2,
                expected: "0x88F7, IPv4 or IPv6",
                found: u64::from(other),
            });
        }
    };
    if frame.len() < udp_at + UDP {
        return Err(trunc(udp_at, UDP));
    }
    let dport = u16::from_be_bytes([frame[udp_at + 2], frame[udp_at + 3]]);
    if dport != EVENT_PORT && dport != GENERAL_PORT {
        return Err(Error::Invalid {
            field: "destination port",
            offset: udp_at + 2,
            expected: "319 or 320",
            found: u64::from(dport),
        });
    }
    Ok(Located {
        offset: udp_at + UDP,
        udp_offset: Some(udp_at),
        ip_offset: at,
        ipv6,
    })
}

/// Recomputes the UDP checksum of a framed PTP message in place, after any change to
/// the message. A Layer 2 frame has none and is left alone.
pub fn fix_udp_checksum(frame: &mut [u8]) -> Result<()> {
    let loc = locate(frame)?;
    update_udp_checksum(frame, &loc, false)
}

/// Like [`fix_udp_checksum`]; with `keep_zero_v4`, a zero checksum over IPv4 (which
/// means "not computed", RFC 768) is left zero.
fn update_udp_checksum(frame: &mut [u8], loc: &Located, keep_zero_v4: bool) -> Result<()> {
    let Some(u) = loc.udp_offset else {
        return Ok(());
    };
    let ulen = usize::from(u16::from_be_bytes([frame[u + 4], frame[u + 5]]));
    if ulen < UDP || frame.len() < u + ulen {
        return Err(Error::Invalid {
            field: "UDP length",
            offset: u + 4,
            expected: "between 8 and the bytes left in the frame",
            found: ulen as u64,
        });
    }
    if keep_zero_v4 && !loc.ipv6 && frame[u + 6] == 0 && frame[u + 7] == 0 {
        return Ok(());
    }
    frame[u + 6] = 0;
    frame[u + 7] = 0;
    let mut sum = checksum::Sum16BitWords::new();
    if loc.ipv6 {
        let ip = u - V6;
        let mut s = [0u8; 16];
        s.copy_from_slice(&frame[ip + 8..ip + 24]);
        let mut d = [0u8; 16];
        d.copy_from_slice(&frame[ip + 24..ip + 40]);
        sum = sum.add_16bytes(s).add_16bytes(d);
    } else {
        let ip = loc.ip_offset;
        let s = [
            frame[ip + 12],
            frame[ip + 13],
            frame[ip + 14],
            frame[ip + 15],
        ];
        let d = [
            frame[ip + 16],
            frame[ip + 17],
            frame[ip + 18],
            frame[ip + 19],
        ];
        sum = sum.add_4bytes(s).add_4bytes(d);
    }
    let c = sum
        .add_2bytes([0, 17])
        .add_2bytes((ulen as u16).to_be_bytes())
        .add_slice(&frame[u..u + ulen])
        .to_ones_complement_with_no_zero()
        .to_be();
    frame[u + 6..u + 8].copy_from_slice(&c.to_be_bytes());
    Ok(())
}

/// Adds `delta` to the correctionField of the PTP message in `frame` (a transparent
/// clock's residence time, or a one-step clock's correction) and fixes the UDP
/// checksum. Returns the new correctionField.
pub fn add_to_correction(frame: &mut [u8], delta: TimeInterval) -> Result<TimeInterval> {
    let loc = locate(frame)?;
    let mut h =
        HeaderView::new_checked(&mut frame[loc.offset..]).map_err(|e| e.shifted(loc.offset))?;
    let new = TimeInterval(h.correction_field().0.saturating_add(delta.0));
    h.set_correction_field(new);
    update_udp_checksum(frame, &loc, true)?;
    Ok(new)
}

/// Writes the originTimestamp of a framed Sync, Delay_Req or Pdelay_Req (the first
/// body field, IEEE 1588-2019 §13.6) at transmission by a one-step clock, and fixes the
/// UDP checksum.
pub fn set_origin_timestamp(frame: &mut [u8], t: Timestamp) -> Result<()> {
    let loc = locate(frame)?;
    let at = loc.offset;
    let h = HeaderView::new_checked(&frame[at..]).map_err(|e| e.shifted(at))?;
    use crate::wire::header::MessageType as M;
    match h.message_type() {
        M::Sync | M::DelayReq | M::PdelayReq | M::FollowUp => {}
        other => {
            return Err(Error::Invalid {
                field: "messageType",
                offset: at,
                expected: "Sync, Delay_Req, Pdelay_Req or Follow_Up",
                found: u64::from(other.bits()),
            });
        }
    }
    let ts_at = at + HEADER_LEN;
    if frame.len() < ts_at + Timestamp::LEN {
        return Err(Error::Truncated {
            what: "originTimestamp",
            offset: ts_at,
            needed: Timestamp::LEN,
            available: frame.len().saturating_sub(ts_at),
        });
    }
    t.emit(&mut frame[ts_at..ts_at + Timestamp::LEN])?;
    update_udp_checksum(frame, &loc, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::message::Message;
    extern crate std;
    use std::vec::Vec;

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    // Whole frames from captures/ptp (linuxptp 3.1): an Announce over UDP/IPv4 and a
    // Delay_Resp over UDP/IPv6 with the two trailing octets of Annex D.
    const ANNOUNCE_UDP4: &str = "01005e0001818e2a0f604ed708004500005c3057400001115d6b0a4d0001e0000181014001400048ec280b0200407f0000000000000000000000000000008e2a0ffffe604ed70001000005fe0000000000000000000000250064f8feffff808e2a0ffffe604ed70000a0";
    const DELAY_RESP_UDP6: &str = "3333000001818e2a0f604ed786dd600f64ec00401101fd000000000000000000000000000001ff0e0000000000000000000000000181014001400040fde209020036000000000000000000000000000000008e2a0ffffe604ed70001000003fd00006b04524d0b61c52ba62359fffe56d11e00010000";

    #[test]
    fn reframes_ptp4l_udp4_byte_exact() {
        let f = unhex(ANNOUNCE_UDP4);
        let loc = locate(&f).unwrap();
        assert_eq!(loc.offset, 42);
        let msg = &f[42..];
        let t = Transport::Udp4 {
            src_mac: [0x8e, 0x2a, 0x0f, 0x60, 0x4e, 0xd7],
            dst_mac: ipv4_multicast_mac(IPV4_PRIMARY),
            src: Ipv4Addr::new(10, 77, 0, 1),
            dst: IPV4_PRIMARY,
            ttl: 1,
            dscp: 0,
        };
        let mut out = [0u8; 200];
        let n = t.frame(msg, &mut out).unwrap();
        assert_eq!(n, f.len());
        // Everything but the IPv4 identification (and so the header checksum) and the
        // UDP checksum matches: the capture holds the kernel's partial (offloaded)
        // checksum, so ours is checked independently with etherparse.
        assert_eq!(out[..18], f[..18]);
        assert_eq!(out[20..24], f[20..24]);
        assert_eq!(out[26..40], f[26..40]);
        assert_eq!(out[42..n], f[42..]);
        let udp = etherparse::UdpHeader::from_slice(&out[34..]).unwrap().0;
        let want = udp
            .calc_checksum_ipv4_raw([10, 77, 0, 1], [224, 0, 1, 129], &out[42..n])
            .unwrap();
        assert_eq!(udp.checksum, want);
    }

    #[test]
    fn reframes_ptp4l_udp6_with_trailer() {
        let f = unhex(DELAY_RESP_UDP6);
        let loc = locate(&f).unwrap();
        assert!(loc.ipv6);
        let m = Message::parse(&f[loc.offset..]).unwrap();
        let t = Transport::Udp6 {
            src_mac: [0x8e, 0x2a, 0x0f, 0x60, 0x4e, 0xd7],
            dst_mac: ipv6_multicast_mac(ipv6_primary(0xE)),
            src: "fd00::1".parse().unwrap(),
            dst: ipv6_primary(0xE),
            hop_limit: 1,
            dscp: 0,
            checksum_trailer: true,
        };
        let mut out = [0u8; 200];
        let n = t
            .frame(&f[loc.offset..loc.offset + m.buffer_len()], &mut out)
            .unwrap();
        assert_eq!(n, f.len());
        // The flow label differs (the kernel picked one for ptp4l) and the capture holds
        // a partial UDP checksum; the rest is identical.
        assert_eq!(out[..15], f[..15]);
        assert_eq!(out[18..22], f[18..22]);
        assert_eq!(out[22..60], f[22..60]);
        assert_eq!(out[62..n], f[62..]);
        let udp = etherparse::UdpHeader::from_slice(&out[54..]).unwrap().0;
        let mut src = [0u8; 16];
        src.copy_from_slice(&out[22..38]);
        let mut dst = [0u8; 16];
        dst.copy_from_slice(&out[38..54]);
        let want = udp.calc_checksum_ipv6_raw(src, dst, &out[62..n]).unwrap();
        assert_eq!(udp.checksum, want);
    }

    #[test]
    fn one_step_updates_keep_checksum_valid() {
        let mut f = unhex(DELAY_RESP_UDP6);
        add_to_correction(&mut f, TimeInterval::from_nanos(1234)).unwrap();
        let loc = locate(&f).unwrap();
        let m = Message::parse(&f[loc.offset..]).unwrap();
        assert_eq!(m.header.correction_field.nanos(), 1234);
        let udp = etherparse::UdpHeader::from_slice(&f[54..]).unwrap().0;
        let mut src = [0u8; 16];
        src.copy_from_slice(&f[22..38]);
        let mut dst = [0u8; 16];
        dst.copy_from_slice(&f[38..54]);
        assert_eq!(
            udp.checksum,
            udp.calc_checksum_ipv6_raw(src, dst, &f[62..]).unwrap()
        );
        let before = f.clone();
        fix_udp_checksum(&mut f).unwrap();
        assert_eq!(f, before, "checksum was already right");
        // A Delay_Resp has no originTimestamp.
        assert!(set_origin_timestamp(&mut f, Timestamp::default()).is_err());
        // Layer 2: no checksum to fix.
        let mut l2 = unhex(
            "0180c200000ea6235956d11e88f70302003600000200000000000000000000000000a62359fffe56d11e00010000057f00006b0452593041c9cd8e2a0ffffe604ed70001",
        );
        add_to_correction(&mut l2, TimeInterval::from_nanos(-5)).unwrap();
        assert_eq!(
            Message::parse(&l2[14..])
                .unwrap()
                .header
                .correction_field
                .nanos(),
            -5
        );
    }

    #[test]
    fn locate_errors() {
        let f = unhex(ANNOUNCE_UDP4);
        for n in 0..42 {
            assert!(locate(&f[..n]).is_err());
        }
        let mut g = f.clone();
        g[36] = 0x01; // destination port 0x0140 -> 0x0140 | ...
        g[37] = 0x00;
        assert!(matches!(locate(&g), Err(Error::Invalid { offset: 36, .. })));
    }
}
