//! The 8-byte VXLAN header (RFC 7348 §5) and its two extensions: Group Based Policy
//! (draft-smith-vxlan-group-policy) and Generic Protocol Extension
//! (draft-ietf-nvo3-vxlan-gpe).
//!
//! [`Packet`] is a checked zero-copy view over any `T: AsRef<[u8]>`; once
//! [`Packet::new_checked`] succeeded no getter or setter panics. [`Header`] is the owned
//! representation, with [`Header::parse`] and [`Header::emit`].
//!
//! ```text
//! RFC 7348 + GBP:                          VXLAN-GPE:
//!  0               1               2               3
//! |G R R R I R R R|R D R R A R R R| Group Policy ID |   |R R Ver I P B O| reserved    |NextProto|
//! |        VXLAN Network Identifier (VNI)  | Reserved|   |        VNI                  | Reserved|
//! ```

use crate::error::{Error, Layer, Result};

/// Byte ranges of every field, relative to the start of the VXLAN header.
mod field {
    use core::ops::Range;
    /// Flags (RFC 7348 §5): G (GBP), I, and for GPE Ver, P, B, O.
    pub const FLAGS: usize = 0;
    /// GBP flags D and A (draft-smith-vxlan-group-policy §2.1).
    pub const GBP_FLAGS: usize = 1;
    /// GBP Group Policy ID.
    pub const GROUP_POLICY_ID: Range<usize> = 2..4;
    /// GPE Next Protocol (draft-ietf-nvo3-vxlan-gpe §3).
    pub const NEXT_PROTOCOL: usize = 3;
    /// VXLAN Network Identifier.
    pub const VNI: Range<usize> = 4..7;
    /// The last reserved byte.
    pub const RESERVED: usize = 7;
}

/// Length of the VXLAN header in bytes.
pub const HEADER_LEN: usize = 8;

/// IANA-assigned UDP destination port for VXLAN (RFC 7348 §5).
pub const PORT: u16 = 4789;
/// IANA-assigned UDP destination port for VXLAN-GPE.
pub const GPE_PORT: u16 = 4790;
/// The Linux kernel's legacy default VXLAN port, from before IANA's assignment.
pub const LINUX_LEGACY_PORT: u16 = 8472;

const FLAG_I: u8 = 0x08;
const FLAG_G: u8 = 0x80;
const GBP_D: u8 = 0x40;
const GBP_A: u8 = 0x08;
const GPE_VER_MASK: u8 = 0x30;
const GPE_VER_SHIFT: u8 = 4;
const GPE_P: u8 = 0x04;
const GPE_B: u8 = 0x02;
const GPE_O: u8 = 0x01;

/// A 24-bit VXLAN Network Identifier (RFC 7348 §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "u32", into = "u32"))]
pub struct Vni(u32);

impl Vni {
    /// The largest VNI, 2^24 - 1.
    pub const MAX: u32 = 0x00FF_FFFF;

    /// A VNI from its number; an error when it does not fit in 24 bits.
    pub const fn new(value: u32) -> Result<Vni> {
        if value > Self::MAX {
            Err(Error::OutOfRange {
                field: "vni",
                value,
                max: Self::MAX,
            })
        } else {
            Ok(Vni(value))
        }
    }

    /// The VNI's number.
    pub const fn get(self) -> u32 {
        self.0
    }
}

impl TryFrom<u32> for Vni {
    type Error = Error;
    fn try_from(value: u32) -> Result<Vni> {
        Vni::new(value)
    }
}

impl From<Vni> for u32 {
    fn from(v: Vni) -> u32 {
        v.0
    }
}

impl core::fmt::Display for Vni {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Which header layout to read the flag and reserved bytes with.
///
/// The two cannot be told apart from the bytes alone: the receiver knows from the UDP
/// port or its configuration. [`Format::for_port`] gives the usual mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Format {
    /// RFC 7348, with the Group Based Policy extension read when the G flag is set.
    Vxlan,
    /// VXLAN-GPE (draft-ietf-nvo3-vxlan-gpe).
    Gpe,
}

impl Format {
    /// The format the IANA and Linux ports carry: 4789 and 8472 are VXLAN, 4790 is GPE.
    pub const fn for_port(port: u16) -> Option<Format> {
        match port {
            PORT | LINUX_LEGACY_PORT => Some(Format::Vxlan),
            GPE_PORT => Some(Format::Gpe),
            _ => None,
        }
    }
}

/// The protocol carried after a VXLAN-GPE header (draft-ietf-nvo3-vxlan-gpe §3.2).
///
/// Unknown values are kept, so that they re-emit unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum NextProtocol {
    /// 0x01: IPv4.
    Ipv4,
    /// 0x02: IPv6.
    Ipv6,
    /// 0x03: Ethernet.
    Ethernet,
    /// 0x04: Network Service Header (RFC 8300).
    Nsh,
    /// 0x05: MPLS.
    Mpls,
    /// Any other value. (A value that has a name, such as 1, always parses as that
    /// name: `Unknown(1)` writes the same byte as `Ipv4` and reads back as `Ipv4`.)
    Unknown(u8),
}

impl From<u8> for NextProtocol {
    fn from(v: u8) -> Self {
        match v {
            1 => NextProtocol::Ipv4,
            2 => NextProtocol::Ipv6,
            3 => NextProtocol::Ethernet,
            4 => NextProtocol::Nsh,
            5 => NextProtocol::Mpls,
            other => NextProtocol::Unknown(other),
        }
    }
}

impl From<NextProtocol> for u8 {
    fn from(p: NextProtocol) -> u8 {
        match p {
            NextProtocol::Ipv4 => 1,
            NextProtocol::Ipv6 => 2,
            NextProtocol::Ethernet => 3,
            NextProtocol::Nsh => 4,
            NextProtocol::Mpls => 5,
            NextProtocol::Unknown(v) => v,
        }
    }
}

impl NextProtocol {
    /// The name used in the decoder's output (`"IPv4"`, `"Ethernet"`, ...), or `None`
    /// for an unknown value.
    pub const fn name(self) -> Option<&'static str> {
        match self {
            NextProtocol::Ipv4 => Some("IPv4"),
            NextProtocol::Ipv6 => Some("IPv6"),
            NextProtocol::Ethernet => Some("Ethernet"),
            NextProtocol::Nsh => Some("NSH"),
            NextProtocol::Mpls => Some("MPLS"),
            NextProtocol::Unknown(_) => None,
        }
    }
}

/// The Group Based Policy extension (draft-smith-vxlan-group-policy §2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct GroupPolicy {
    /// D bit, "Don't Learn": the receiver must not learn the inner source address.
    pub dont_learn: bool,
    /// A bit, "Policy Applied": the sender already applied the group policy.
    pub policy_applied: bool,
    /// The 16-bit Group Policy ID of the inner frame's source.
    pub group_policy_id: u16,
}

/// The Generic Protocol Extension fields (draft-ietf-nvo3-vxlan-gpe §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Gpe {
    /// Ver: the 2-bit GPE version (0 today).
    pub version: u8,
    /// O bit: this is an OAM packet.
    pub oam: bool,
    /// B bit: broadcast, unknown unicast or multicast traffic.
    pub bum: bool,
    /// The Next Protocol field, present when the P bit is set; `None` when it is clear.
    pub next_protocol: Option<NextProtocol>,
}

impl Default for Gpe {
    fn default() -> Self {
        Gpe {
            version: 0,
            oam: false,
            bum: false,
            next_protocol: Some(NextProtocol::Ethernet),
        }
    }
}

/// What the reserved bytes of a header carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Extension {
    /// Plain RFC 7348: reserved, zero on send, ignored on receive.
    #[default]
    None,
    /// Group Based Policy (G flag set).
    Gbp(GroupPolicy),
    /// VXLAN-GPE.
    Gpe(Gpe),
}

/// A zero-copy view of a VXLAN header at the start of a buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Packet<T> {
    /// Wraps a buffer without checking its length; getters may panic on a short one.
    /// Use it to emit into a buffer you sized yourself.
    pub const fn new_unchecked(buffer: T) -> Packet<T> {
        Packet { buffer }
    }

    /// Wraps a buffer after checking it holds a whole header.
    pub fn new_checked(buffer: T) -> Result<Packet<T>> {
        let p = Packet::new_unchecked(buffer);
        p.check_len()?;
        Ok(p)
    }

    /// Checks the buffer holds a whole header; after that no accessor panics.
    pub fn check_len(&self) -> Result<()> {
        let len = self.buffer.as_ref().len();
        if len < HEADER_LEN {
            Err(Error::Truncated {
                layer: Layer::Vxlan,
                offset: 0,
                needed: HEADER_LEN,
                available: len,
            })
        } else {
            Ok(())
        }
    }

    /// Gives back the buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// The first flags byte.
    #[inline]
    pub fn flags(&self) -> u8 {
        self.buffer.as_ref()[field::FLAGS]
    }

    /// The first two bytes as one number, as Wireshark shows `vxlan.flags`.
    #[inline]
    pub fn flags16(&self) -> u16 {
        let b = self.buffer.as_ref();
        u16::from_be_bytes([b[0], b[1]])
    }

    /// I flag: the VNI is valid (RFC 7348 §5 requires it set).
    #[inline]
    pub fn i_flag(&self) -> bool {
        self.flags() & FLAG_I != 0
    }

    /// G flag: a Group Based Policy extension is present.
    #[inline]
    pub fn g_flag(&self) -> bool {
        self.flags() & FLAG_G != 0
    }

    /// GBP D bit.
    #[inline]
    pub fn dont_learn(&self) -> bool {
        self.buffer.as_ref()[field::GBP_FLAGS] & GBP_D != 0
    }

    /// GBP A bit.
    #[inline]
    pub fn policy_applied(&self) -> bool {
        self.buffer.as_ref()[field::GBP_FLAGS] & GBP_A != 0
    }

    /// GBP Group Policy ID.
    #[inline]
    pub fn group_policy_id(&self) -> u16 {
        let b = &self.buffer.as_ref()[field::GROUP_POLICY_ID];
        u16::from_be_bytes([b[0], b[1]])
    }

    /// GPE version bits.
    #[inline]
    pub fn gpe_version(&self) -> u8 {
        (self.flags() & GPE_VER_MASK) >> GPE_VER_SHIFT
    }

    /// GPE P bit: the next protocol field is present.
    #[inline]
    pub fn gpe_p_flag(&self) -> bool {
        self.flags() & GPE_P != 0
    }

    /// GPE B bit.
    #[inline]
    pub fn gpe_b_flag(&self) -> bool {
        self.flags() & GPE_B != 0
    }

    /// GPE O bit.
    #[inline]
    pub fn gpe_o_flag(&self) -> bool {
        self.flags() & GPE_O != 0
    }

    /// GPE Next Protocol byte.
    #[inline]
    pub fn next_protocol(&self) -> u8 {
        self.buffer.as_ref()[field::NEXT_PROTOCOL]
    }

    /// The 24-bit VNI.
    #[inline]
    pub fn vni(&self) -> Vni {
        let b = &self.buffer.as_ref()[field::VNI];
        Vni(u32::from_be_bytes([0, b[0], b[1], b[2]]))
    }

    /// The last (reserved) byte.
    #[inline]
    pub fn reserved(&self) -> u8 {
        self.buffer.as_ref()[field::RESERVED]
    }

    /// What follows the header.
    #[inline]
    pub fn payload(&self) -> &[u8] {
        &self.buffer.as_ref()[HEADER_LEN..]
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Packet<T> {
    /// Sets the whole first flags byte.
    #[inline]
    pub fn set_flags(&mut self, v: u8) {
        self.buffer.as_mut()[field::FLAGS] = v;
    }

    /// Sets the VNI.
    #[inline]
    pub fn set_vni(&mut self, vni: Vni) {
        let b = vni.0.to_be_bytes();
        self.buffer.as_mut()[field::VNI].copy_from_slice(&b[1..]);
    }

    /// Sets the GBP flags byte and Group Policy ID from `gbp`.
    #[inline]
    pub fn set_group_policy(&mut self, gbp: &GroupPolicy) {
        let b = self.buffer.as_mut();
        b[field::GBP_FLAGS] =
            if gbp.dont_learn { GBP_D } else { 0 } | if gbp.policy_applied { GBP_A } else { 0 };
        b[field::GROUP_POLICY_ID].copy_from_slice(&gbp.group_policy_id.to_be_bytes());
    }

    /// Sets the GPE Next Protocol byte.
    #[inline]
    pub fn set_next_protocol(&mut self, v: u8) {
        self.buffer.as_mut()[field::NEXT_PROTOCOL] = v;
    }

    /// Zeroes every byte of the header.
    #[inline]
    pub fn clear(&mut self) {
        self.buffer.as_mut()[..HEADER_LEN].fill(0);
    }

    /// What follows the header, writable.
    #[inline]
    pub fn payload_mut(&mut self) -> &mut [u8] {
        &mut self.buffer.as_mut()[HEADER_LEN..]
    }
}

/// An owned VXLAN header.
///
/// Reserved bits are not kept: they are ignored on receive and written as zero
/// (RFC 7348 §5), so `parse(emit(h)) == h` for every valid `h`, and a parsed header
/// whose reserved bits were zero re-emits byte for byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Header {
    /// The I flag. RFC 7348 requires it set; [`Header::new`] sets it and decapsulation
    /// rejects a header without it, but a header can be parsed and shown either way.
    pub vni_valid: bool,
    /// The VXLAN Network Identifier.
    pub vni: Vni,
    /// The GBP or GPE extension, if any.
    pub extension: Extension,
}

impl Header {
    /// A plain RFC 7348 header with the I flag set.
    pub const fn new(vni: Vni) -> Header {
        Header {
            vni_valid: true,
            vni,
            extension: Extension::None,
        }
    }

    /// A header with the Group Based Policy extension.
    pub const fn with_gbp(vni: Vni, gbp: GroupPolicy) -> Header {
        Header {
            vni_valid: true,
            vni,
            extension: Extension::Gbp(gbp),
        }
    }

    /// A VXLAN-GPE header.
    pub const fn with_gpe(vni: Vni, gpe: Gpe) -> Header {
        Header {
            vni_valid: true,
            vni,
            extension: Extension::Gpe(gpe),
        }
    }

    /// The format this header is written in.
    pub const fn format(&self) -> Format {
        match self.extension {
            Extension::Gpe(_) => Format::Gpe,
            _ => Format::Vxlan,
        }
    }

    /// Reads a header from a checked view, in the given format.
    #[inline(always)]
    pub fn parse<T: AsRef<[u8]>>(packet: &Packet<T>, format: Format) -> Result<Header> {
        packet.check_len()?;
        let extension = match format {
            Format::Vxlan if packet.g_flag() => Extension::Gbp(GroupPolicy {
                dont_learn: packet.dont_learn(),
                policy_applied: packet.policy_applied(),
                group_policy_id: packet.group_policy_id(),
            }),
            Format::Vxlan => Extension::None,
            Format::Gpe => Extension::Gpe(Gpe {
                version: packet.gpe_version(),
                oam: packet.gpe_o_flag(),
                bum: packet.gpe_b_flag(),
                next_protocol: packet
                    .gpe_p_flag()
                    .then(|| NextProtocol::from(packet.next_protocol())),
            }),
        };
        Ok(Header {
            vni_valid: packet.i_flag(),
            vni: packet.vni(),
            extension,
        })
    }

    /// Reads a header from the start of `bytes`; what follows is not looked at.
    pub fn parse_bytes(bytes: &[u8], format: Format) -> Result<Header> {
        Header::parse(&Packet::new_checked(bytes)?, format)
    }

    /// Length of the header on the wire.
    pub const fn buffer_len(&self) -> usize {
        HEADER_LEN
    }

    /// Checks every field fits its bits.
    pub fn check(&self) -> Result<()> {
        if self.vni.0 > Vni::MAX {
            return Err(Error::OutOfRange {
                field: "vni",
                value: self.vni.0,
                max: Vni::MAX,
            });
        }
        if let Extension::Gpe(g) = &self.extension
            && g.version > 3
        {
            return Err(Error::OutOfRange {
                field: "gpe.version",
                value: u32::from(g.version),
                max: 3,
            });
        }
        Ok(())
    }

    /// Writes the header into the first [`HEADER_LEN`] bytes of `buf`; returns the
    /// number of bytes written. Reserved bits are written as zero.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        self.check()?;
        if buf.len() < HEADER_LEN {
            return Err(Error::BufferTooSmall {
                needed: HEADER_LEN,
                available: buf.len(),
            });
        }
        let mut p = Packet::new_unchecked(&mut buf[..HEADER_LEN]);
        p.clear();
        let i = if self.vni_valid { FLAG_I } else { 0 };
        match &self.extension {
            Extension::None => p.set_flags(i),
            Extension::Gbp(gbp) => {
                p.set_flags(i | FLAG_G);
                p.set_group_policy(gbp);
            }
            Extension::Gpe(g) => {
                let mut f = i | (g.version << GPE_VER_SHIFT);
                if g.oam {
                    f |= GPE_O;
                }
                if g.bum {
                    f |= GPE_B;
                }
                if let Some(np) = g.next_protocol {
                    f |= GPE_P;
                    p.set_next_protocol(np.into());
                }
                p.set_flags(f);
            }
        }
        p.set_vni(self.vni);
        Ok(HEADER_LEN)
    }

    /// The header as an array, without a caller buffer.
    pub fn to_bytes(&self) -> Result<[u8; HEADER_LEN]> {
        let mut b = [0u8; HEADER_LEN];
        self.emit(&mut b)?;
        Ok(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The VXLAN header of the first packet of linux-vxlan-4789.pcap (kernel vxlan
    // device, VNI 4242 = 0x001092), offset 42 of the frame.
    const LINUX_HEADER: [u8; 8] = [0x08, 0x00, 0x00, 0x00, 0x00, 0x10, 0x92, 0x00];

    #[test]
    fn deconstruct_linux_header() {
        let p = Packet::new_checked(&LINUX_HEADER[..]).unwrap();
        assert!(p.i_flag());
        assert!(!p.g_flag());
        assert_eq!(p.vni().get(), 4242);
        let h = Header::parse(&p, Format::Vxlan).unwrap();
        assert_eq!(h, Header::new(Vni::new(4242).unwrap()));
    }

    #[test]
    fn construct_linux_header() {
        let h = Header::new(Vni::new(4242).unwrap());
        assert_eq!(h.to_bytes().unwrap(), LINUX_HEADER);
    }

    #[test]
    fn gbp_bits() {
        let h = Header::with_gbp(
            Vni::new(0xABCDEF).unwrap(),
            GroupPolicy {
                dont_learn: true,
                policy_applied: true,
                group_policy_id: 0x1234,
            },
        );
        let b = h.to_bytes().unwrap();
        assert_eq!(b, [0x88, 0x48, 0x12, 0x34, 0xAB, 0xCD, 0xEF, 0]);
        assert_eq!(Header::parse_bytes(&b, Format::Vxlan).unwrap(), h);
        // Read as GPE, the same bytes mean something else: the format must be chosen.
        assert_ne!(Header::parse_bytes(&b, Format::Gpe).unwrap(), h);
    }

    #[test]
    fn gpe_bits() {
        let h = Header::with_gpe(
            Vni::new(7).unwrap(),
            Gpe {
                version: 0,
                oam: true,
                bum: false,
                next_protocol: Some(NextProtocol::Nsh),
            },
        );
        let b = h.to_bytes().unwrap();
        assert_eq!(b, [0x0D, 0, 0, 0x04, 0, 0, 7, 0]);
        assert_eq!(Header::parse_bytes(&b, Format::Gpe).unwrap(), h);
    }

    #[test]
    fn reserved_bits_ignored_on_receive() {
        let mut b = LINUX_HEADER;
        b[1] = 0xFF;
        b[7] = 0xFF;
        b[0] |= 0x70;
        let h = Header::parse_bytes(&b, Format::Vxlan).unwrap();
        assert_eq!(h, Header::new(Vni::new(4242).unwrap()));
        assert_eq!(h.to_bytes().unwrap(), LINUX_HEADER);
    }

    #[test]
    fn short_and_bad_input() {
        assert_eq!(
            Header::parse_bytes(&LINUX_HEADER[..7], Format::Vxlan),
            Err(Error::Truncated {
                layer: Layer::Vxlan,
                offset: 0,
                needed: 8,
                available: 7
            })
        );
        assert!(Vni::new(1 << 24).is_err());
        let mut h = Header::with_gpe(Vni::new(1).unwrap(), Gpe::default());
        if let Extension::Gpe(g) = &mut h.extension {
            g.version = 4;
        }
        assert!(matches!(h.to_bytes(), Err(Error::OutOfRange { .. })));
        assert!(matches!(
            Header::new(Vni::new(1).unwrap()).emit(&mut [0u8; 7]),
            Err(Error::BufferTooSmall { .. })
        ));
    }

    #[test]
    fn ports() {
        assert_eq!(Format::for_port(4789), Some(Format::Vxlan));
        assert_eq!(Format::for_port(8472), Some(Format::Vxlan));
        assert_eq!(Format::for_port(4790), Some(Format::Gpe));
        assert_eq!(Format::for_port(53), None);
    }
}
