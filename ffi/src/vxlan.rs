//! VXLAN (RFC 7348) for C: the header with its GBP and GPE extensions, encapsulation
//! and decapsulation of whole frames, and a VTEP's forwarding state (`mf_vxlan_fdb`:
//! forwarding database, flood lists, allow-lists).
//!
//! Everything is done by [`mediafabric_vxlan`]; this module only converts.

use core::net::IpAddr;
use core::ptr;
use core::time::Duration;

use mediafabric_vxlan::fdb::Slot;
use mediafabric_vxlan::{
    DecapConfig, Decapsulated, Encapsulation, EntryKind, Error, Extension, FixedSet, Format, Gpe,
    GroupPolicy, GrowableFdb, GrowableSet, Header, Layer, Learn, NextProtocol, OuterIp, RxError,
    SourcePort, UdpChecksum, VlanTag, Vni, Vtep, decapsulate,
};

use crate::{
    Failure, MF_IP_FAMILY_V4, MF_IP_FAMILY_V6, MF_LAYER_ETHERNET, MF_LAYER_INNER, MF_LAYER_IPV4,
    MF_LAYER_IPV6, MF_LAYER_NONE, MF_LAYER_UDP, MF_LAYER_VLAN, MF_LAYER_VXLAN,
    MF_STATUS_BUFFER_TOO_SMALL, MF_STATUS_CHECKSUM, MF_STATUS_INVALID_FIELD,
    MF_STATUS_OUT_OF_RANGE, MF_STATUS_TRUNCATED, guard, in_slice, ip_from_family, mf_error,
    mf_ip_addr, mf_ip_family, mf_layer, mf_status, non_null, non_null_mut, out_slice, write_array,
};

// ---------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------

/// Length of the VXLAN header in bytes (RFC 7348 §5).
pub const MF_VXLAN_HEADER_LEN: usize = 8;
/// The largest VNI, 2^24 - 1 (the VNI is 24 bits, RFC 7348 §5).
pub const MF_VXLAN_VNI_MAX: u32 = 0x00FF_FFFF;
/// IANA-assigned UDP destination port for VXLAN (RFC 7348 §5).
pub const MF_VXLAN_PORT: u16 = 4789;
/// IANA-assigned UDP destination port for VXLAN-GPE (draft-ietf-nvo3-vxlan-gpe §3.3).
pub const MF_VXLAN_GPE_PORT: u16 = 4790;
/// The Linux kernel's legacy default VXLAN port, from before IANA's assignment.
pub const MF_VXLAN_LINUX_LEGACY_PORT: u16 = 8472;
/// How many (VNI, remote VTEP) pairs the flood lists of one `mf_vxlan_fdb` hold in
/// all, across every VNI.
pub const MF_VXLAN_FDB_FLOOD_CAPACITY: usize = 256;
/// How many values each allow-list of one `mf_vxlan_fdb` holds (VNIs, remote VTEPs).
pub const MF_VXLAN_FDB_ALLOW_CAPACITY: usize = 64;

// ---------------------------------------------------------------------------------
// Enumerations
// ---------------------------------------------------------------------------------

/// Which header layout to read (`MF_VXLAN_FORMAT_*`). The two cannot be told apart
/// from the bytes alone: the receiver knows from the UDP port or its configuration.
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct mf_vxlan_format(pub u32);

/// RFC 7348 VXLAN, with the Group Based Policy extension read when the G flag is set.
pub const MF_VXLAN_FORMAT_VXLAN: mf_vxlan_format = mf_vxlan_format(0);
/// VXLAN-GPE (draft-ietf-nvo3-vxlan-gpe).
pub const MF_VXLAN_FORMAT_GPE: mf_vxlan_format = mf_vxlan_format(1);

/// What the reserved bytes of a header carry (`MF_VXLAN_EXTENSION_*`).
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct mf_vxlan_extension(pub u32);

/// Plain RFC 7348: reserved, zero on send, ignored on receive.
pub const MF_VXLAN_EXTENSION_NONE: mf_vxlan_extension = mf_vxlan_extension(0);
/// Group Based Policy (draft-smith-vxlan-group-policy; G flag set): `gbp` is used.
pub const MF_VXLAN_EXTENSION_GBP: mf_vxlan_extension = mf_vxlan_extension(1);
/// VXLAN-GPE (draft-ietf-nvo3-vxlan-gpe): `gpe` is used.
pub const MF_VXLAN_EXTENSION_GPE: mf_vxlan_extension = mf_vxlan_extension(2);

/// VXLAN-GPE Next Protocol 0x01: IPv4 (draft-ietf-nvo3-vxlan-gpe §3.2).
pub const MF_VXLAN_NEXT_PROTOCOL_IPV4: u8 = 1;
/// VXLAN-GPE Next Protocol 0x02: IPv6.
pub const MF_VXLAN_NEXT_PROTOCOL_IPV6: u8 = 2;
/// VXLAN-GPE Next Protocol 0x03: Ethernet.
pub const MF_VXLAN_NEXT_PROTOCOL_ETHERNET: u8 = 3;
/// VXLAN-GPE Next Protocol 0x04: Network Service Header (RFC 8300).
pub const MF_VXLAN_NEXT_PROTOCOL_NSH: u8 = 4;
/// VXLAN-GPE Next Protocol 0x05: MPLS.
pub const MF_VXLAN_NEXT_PROTOCOL_MPLS: u8 = 5;

/// How the outer UDP source port is chosen (`MF_VXLAN_SRC_PORT_*`).
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct mf_vxlan_src_port_mode(pub u32);

/// A hash of the inner frame's flow, in 49152..=65535, so that the underlay's ECMP
/// spreads flows and keeps each in order (RFC 7348 §5, "Source Port").
pub const MF_VXLAN_SRC_PORT_FLOW_HASH: mf_vxlan_src_port_mode = mf_vxlan_src_port_mode(0);
/// The fixed port in `mf_vxlan_encap_params.src_port`.
pub const MF_VXLAN_SRC_PORT_FIXED: mf_vxlan_src_port_mode = mf_vxlan_src_port_mode(1);

/// How the outer UDP checksum is written (`MF_VXLAN_UDP_CHECKSUM_*`).
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct mf_vxlan_udp_checksum(pub u32);

/// Zero over IPv4 (RFC 7348 §5 "SHOULD be transmitted as zero"), computed over IPv6
/// (RFC 8200 §8.1).
pub const MF_VXLAN_UDP_CHECKSUM_AUTO: mf_vxlan_udp_checksum = mf_vxlan_udp_checksum(0);
/// Always computed.
pub const MF_VXLAN_UDP_CHECKSUM_COMPUTE: mf_vxlan_udp_checksum = mf_vxlan_udp_checksum(1);
/// Always zero, also over IPv6 (RFC 6935 zero-checksum mode; the receiver must accept
/// it).
pub const MF_VXLAN_UDP_CHECKSUM_ZERO: mf_vxlan_udp_checksum = mf_vxlan_udp_checksum(2);

/// What learning did (`MF_VXLAN_LEARN_*`).
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct mf_vxlan_learn_kind(pub u32);

/// Nothing was learned: learning is off, the sender asked not to learn (GBP D bit),
/// the inner frame is not Ethernet or its source MAC is a group address. Only
/// `mf_vxlan_fdb_receive` reports it.
pub const MF_VXLAN_LEARN_NONE: mf_vxlan_learn_kind = mf_vxlan_learn_kind(0);
/// A new entry was added.
pub const MF_VXLAN_LEARN_NEW: mf_vxlan_learn_kind = mf_vxlan_learn_kind(1);
/// The entry existed with the same remote; its age was reset.
pub const MF_VXLAN_LEARN_REFRESHED: mf_vxlan_learn_kind = mf_vxlan_learn_kind(2);
/// The MAC moved to another remote VTEP; `previous` holds the old one.
pub const MF_VXLAN_LEARN_MOVED: mf_vxlan_learn_kind = mf_vxlan_learn_kind(3);
/// A static entry exists for the key; it was left as it is.
pub const MF_VXLAN_LEARN_STATIC: mf_vxlan_learn_kind = mf_vxlan_learn_kind(4);
/// The table is full: nothing was learned. Only `mf_vxlan_fdb_receive` reports it as
/// an outcome (the frame itself was accepted); `mf_vxlan_fdb_learn` returns
/// `MF_STATUS_TABLE_FULL` instead.
pub const MF_VXLAN_LEARN_TABLE_FULL: mf_vxlan_learn_kind = mf_vxlan_learn_kind(5);

// ---------------------------------------------------------------------------------
// Plain-data structs
// ---------------------------------------------------------------------------------

/// The Group Based Policy extension (draft-smith-vxlan-group-policy §2.1).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_vxlan_gbp {
    /// D bit, "Don't Learn": the receiver must not learn the inner source address.
    pub dont_learn: bool,
    /// A bit, "Policy Applied": the sender already applied the group policy.
    pub policy_applied: bool,
    /// The 16-bit Group Policy ID of the inner frame's source.
    pub group_policy_id: u16,
}

/// The Generic Protocol Extension fields (draft-ietf-nvo3-vxlan-gpe §3).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_vxlan_gpe {
    /// Ver: the 2-bit GPE version (0 today; above 3 is `MF_STATUS_OUT_OF_RANGE`).
    pub version: u8,
    /// O bit: an OAM packet.
    pub oam: bool,
    /// B bit: broadcast, unknown unicast or multicast traffic.
    pub bum: bool,
    /// P bit: `next_protocol` is present.
    pub has_next_protocol: bool,
    /// Next Protocol (`MF_VXLAN_NEXT_PROTOCOL_*` or any other value, kept as is);
    /// meaningful when `has_next_protocol`, else 0 on output and ignored on input.
    pub next_protocol: u8,
}

/// A VXLAN header (RFC 7348 §5).
///
/// Reserved bits are not kept: they are ignored on receive and written as zero.
/// Only the member named by `extension` is used; the other is zero on output and
/// ignored on input.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_vxlan_header {
    /// The I flag: the VNI is valid. RFC 7348 requires it; decapsulation rejects a
    /// header without it, but a header can be parsed and emitted either way.
    pub vni_valid: bool,
    /// The 24-bit VXLAN Network Identifier (at most `MF_VXLAN_VNI_MAX`).
    pub vni: u32,
    /// `MF_VXLAN_EXTENSION_NONE`, `_GBP` or `_GPE`; GPE headers are written in the GPE
    /// format.
    pub extension: mf_vxlan_extension,
    /// The GBP fields, when `extension == MF_VXLAN_EXTENSION_GBP`.
    pub gbp: mf_vxlan_gbp,
    /// The GPE fields, when `extension == MF_VXLAN_EXTENSION_GPE`.
    pub gpe: mf_vxlan_gpe,
}

/// An IEEE 802.1Q tag (IEEE 802.1Q-2018 §9.6).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_vlan_tag {
    /// Priority Code Point, 0..=7.
    pub pcp: u8,
    /// Drop Eligible Indicator.
    pub dei: bool,
    /// VLAN Identifier, 0..=4095.
    pub vid: u16,
}

/// Everything the outer headers of an encapsulated frame are built from.
///
/// Fill it with `mf_vxlan_encap_params_init`, then set the addresses and whatever else
/// differs from the defaults.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct mf_vxlan_encap_params {
    /// Outer source MAC: this VTEP's interface.
    pub src_mac: [u8; 6],
    /// Outer destination MAC: the next hop towards the remote VTEP.
    pub dst_mac: [u8; 6],
    /// Whether the outer frame carries an 802.1Q tag.
    pub has_vlan: bool,
    /// The outer 802.1Q tag, when `has_vlan`.
    pub vlan: mf_vlan_tag,
    /// `MF_IP_FAMILY_V4` or `MF_IP_FAMILY_V6`: which outer IP header is written.
    pub family: mf_ip_family,
    /// Outer source address (this VTEP), network order; IPv4 uses bytes 0..4.
    pub src_ip: [u8; 16],
    /// Outer destination address (the remote VTEP), network order; IPv4 uses bytes
    /// 0..4.
    pub dst_ip: [u8; 16],
    /// IPv4 TTL or IPv6 Hop Limit (default 64).
    pub ttl: u8,
    /// IPv4 TOS byte (DSCP and ECN) or IPv6 Traffic Class (default 0).
    pub tos: u8,
    /// IPv4 Don't Fragment flag (default off).
    pub dont_fragment: bool,
    /// IPv4 Identification (default 0).
    pub identification: u16,
    /// IPv6 Flow Label, 20 bits (default 0).
    pub flow_label: u32,
    /// How the UDP source port is chosen (default `MF_VXLAN_SRC_PORT_FLOW_HASH`).
    pub src_port_mode: mf_vxlan_src_port_mode,
    /// The UDP source port when `src_port_mode == MF_VXLAN_SRC_PORT_FIXED`.
    pub src_port: u16,
    /// UDP destination port (default `MF_VXLAN_PORT`, or `MF_VXLAN_GPE_PORT` for a GPE
    /// header).
    pub dst_port: u16,
    /// How the UDP checksum is written (default `MF_VXLAN_UDP_CHECKSUM_AUTO`).
    pub udp_checksum: mf_vxlan_udp_checksum,
    /// The VXLAN header.
    pub header: mf_vxlan_header,
}

/// What decapsulation accepts.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct mf_vxlan_decap_config {
    /// UDP destination ports read as VXLAN (default 4789 and 8472). A 0 entry matches
    /// nothing.
    pub vxlan_ports: [u16; 2],
    /// UDP destination port read as VXLAN-GPE (default 4790; 0 for none).
    pub gpe_port: u16,
    /// Verify a non-zero UDP checksum (default off, as RFC 7348 §5 allows).
    pub verify_udp_checksum: bool,
    /// Accept a zero UDP checksum over IPv6 (RFC 6935; default off).
    pub accept_ipv6_zero_checksum: bool,
}

/// A decapsulated frame: the outer fields and where the inner frame is.
///
/// The inner frame is not copied: it is the `inner_len` bytes at `inner_offset` in the
/// caller's frame buffer, valid as long as that buffer is and unchanged.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct mf_vxlan_decapsulated {
    /// Outer destination MAC.
    pub outer_dst_mac: [u8; 6],
    /// Outer source MAC.
    pub outer_src_mac: [u8; 6],
    /// Whether the outer frame had an 802.1Q tag.
    pub has_vlan: bool,
    /// The outer 802.1Q tag, when `has_vlan` (else zero).
    pub vlan: mf_vlan_tag,
    /// Outer source address: the sending VTEP.
    pub src_ip: mf_ip_addr,
    /// Outer destination address.
    pub dst_ip: mf_ip_addr,
    /// IPv4 TTL or IPv6 Hop Limit.
    pub ttl: u8,
    /// UDP source port.
    pub src_port: u16,
    /// UDP destination port.
    pub dst_port: u16,
    /// The UDP checksum as received (0: none).
    pub udp_checksum: u16,
    /// The VXLAN header.
    pub header: mf_vxlan_header,
    /// Offset of the inner frame in the caller's buffer.
    pub inner_offset: usize,
    /// Length of the inner frame.
    pub inner_len: usize,
}

/// What `mf_vxlan_fdb_learn` or `mf_vxlan_fdb_receive` did.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct mf_vxlan_learn {
    /// `MF_VXLAN_LEARN_*`.
    pub kind: mf_vxlan_learn_kind,
    /// For `MF_VXLAN_LEARN_MOVED`: the remote the MAC was behind before; all zero
    /// otherwise.
    pub previous: mf_ip_addr,
}

/// One forwarding entry, as listed by `mf_vxlan_fdb_entries`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct mf_vxlan_fdb_entry {
    /// The VXLAN segment.
    pub vni: u32,
    /// The inner (tenant) MAC address.
    pub mac: [u8; 6],
    /// The remote VTEP behind which the MAC lives.
    pub remote: mf_ip_addr,
    /// Configured (never ages out) rather than learned.
    pub is_static: bool,
    /// When the entry was last added or refreshed, in the caller's nanoseconds.
    pub last_seen_ns: u64,
}

/// The counters of an `mf_vxlan_fdb`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_vxlan_fdb_counters {
    /// Entries learned (new).
    pub learned: u64,
    /// Entries moved to another remote.
    pub moved: u64,
    /// Learning attempts refused because the table was full.
    pub table_full: u64,
    /// Entries removed by ageing.
    pub aged: u64,
    /// Frames accepted by `mf_vxlan_fdb_receive`.
    pub rx_accepted: u64,
    /// Frames rejected as malformed.
    pub rx_malformed: u64,
    /// Frames rejected for their VNI.
    pub rx_vni_rejected: u64,
    /// Frames rejected for their sender.
    pub rx_remote_rejected: u64,
    /// Accepted frames whose GBP D bit said not to learn.
    pub rx_dont_learn: u64,
}

/// The VTEP behind `mf_vxlan_fdb`: a growable forwarding database, a flood list that
/// grows to `MF_VXLAN_FDB_FLOOD_CAPACITY` pairs, fixed allow-lists.
type CVtep = Vtep<
    Vec<Slot>,
    GrowableSet<(Vni, IpAddr)>,
    FixedSet<Vni, MF_VXLAN_FDB_ALLOW_CAPACITY>,
    FixedSet<IpAddr, MF_VXLAN_FDB_ALLOW_CAPACITY>,
>;

/// The state of a VTEP: forwarding database (learning, static entries, ageing), flood
/// lists for head-end replication, allow-lists of VNIs and remote VTEPs, and the
/// decapsulation configuration used by `mf_vxlan_fdb_receive`.
///
/// Opaque: create with `mf_vxlan_fdb_new`, release with `mf_vxlan_fdb_free`.
pub struct mf_vxlan_fdb {
    vtep: CVtep,
}

impl core::fmt::Debug for mf_vxlan_fdb {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("mf_vxlan_fdb")
            .field("len", &self.vtep.fdb.len())
            .field("capacity", &self.vtep.fdb.capacity())
            .finish_non_exhaustive()
    }
}

// ---------------------------------------------------------------------------------
// Conversions
// ---------------------------------------------------------------------------------

fn layer_to_c(layer: Layer) -> mf_layer {
    match layer {
        Layer::Ethernet => MF_LAYER_ETHERNET,
        Layer::Vlan => MF_LAYER_VLAN,
        Layer::Ipv4 => MF_LAYER_IPV4,
        Layer::Ipv6 => MF_LAYER_IPV6,
        Layer::Udp => MF_LAYER_UDP,
        Layer::Vxlan => MF_LAYER_VXLAN,
        Layer::Inner => MF_LAYER_INNER,
        _ => MF_LAYER_NONE,
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::Vxlan(e)
    }
}

/// The status code of a VXLAN crate error.
pub(crate) fn error_status(e: &Error) -> mf_status {
    match e {
        Error::Truncated { .. } => MF_STATUS_TRUNCATED,
        Error::Invalid { .. } => MF_STATUS_INVALID_FIELD,
        Error::Checksum { .. } => MF_STATUS_CHECKSUM,
        Error::BufferTooSmall { .. } => MF_STATUS_BUFFER_TOO_SMALL,
        Error::OutOfRange { .. } => MF_STATUS_OUT_OF_RANGE,
        // A kind of error added to the VXLAN crate after this layer was written: its
        // message still says what it is.
        _ => MF_STATUS_INVALID_FIELD,
    }
}

/// Fills the numeric members of `out` from a VXLAN crate error and gives its field
/// name and expectation.
pub(crate) fn error_detail(e: &Error, out: &mut mf_error) -> (&'static str, &'static str) {
    if let Some(l) = e.layer() {
        out.layer = layer_to_c(l);
    }
    if let Some(o) = e.offset() {
        out.has_offset = true;
        out.offset = o;
    }
    match *e {
        Error::Truncated {
            needed, available, ..
        } => {
            out.needed = needed;
            out.available = available;
            ("", "")
        }
        Error::Invalid {
            field,
            expected,
            found,
            ..
        } => {
            out.found = u64::from(found);
            (field, expected)
        }
        Error::Checksum {
            found, computed, ..
        } => {
            out.found = u64::from(found);
            out.computed = u64::from(computed);
            ("checksum", "")
        }
        Error::BufferTooSmall { needed, available } => {
            out.needed = needed;
            out.available = available;
            ("out", "")
        }
        Error::OutOfRange { field, value, max } => {
            out.found = u64::from(value);
            out.max = u64::from(max);
            (field, "")
        }
        _ => ("", ""),
    }
}

fn to_vni(v: u32) -> Result<Vni, Failure> {
    Ok(Vni::new(v)?)
}

fn format_from_c(format: mf_vxlan_format) -> Result<Format, Failure> {
    match format {
        MF_VXLAN_FORMAT_VXLAN => Ok(Format::Vxlan),
        MF_VXLAN_FORMAT_GPE => Ok(Format::Gpe),
        other => Err(Failure::invalid_argument(
            "format",
            "MF_VXLAN_FORMAT_VXLAN (0) or MF_VXLAN_FORMAT_GPE (1)",
            u64::from(other.0),
        )),
    }
}

fn format_to_c(format: Format) -> mf_vxlan_format {
    match format {
        Format::Vxlan => MF_VXLAN_FORMAT_VXLAN,
        Format::Gpe => MF_VXLAN_FORMAT_GPE,
    }
}

fn header_from_c(h: &mf_vxlan_header) -> Result<Header, Failure> {
    let extension = match h.extension {
        MF_VXLAN_EXTENSION_NONE => Extension::None,
        MF_VXLAN_EXTENSION_GBP => Extension::Gbp(GroupPolicy {
            dont_learn: h.gbp.dont_learn,
            policy_applied: h.gbp.policy_applied,
            group_policy_id: h.gbp.group_policy_id,
        }),
        MF_VXLAN_EXTENSION_GPE => Extension::Gpe(Gpe {
            version: h.gpe.version,
            oam: h.gpe.oam,
            bum: h.gpe.bum,
            next_protocol: h
                .gpe
                .has_next_protocol
                .then(|| NextProtocol::from(h.gpe.next_protocol)),
        }),
        other => {
            return Err(Failure::invalid_argument(
                "header.extension",
                "MF_VXLAN_EXTENSION_NONE (0), _GBP (1) or _GPE (2)",
                u64::from(other.0),
            ));
        }
    };
    let header = Header {
        vni_valid: h.vni_valid,
        vni: to_vni(h.vni)?,
        extension,
    };
    header.check()?;
    Ok(header)
}

fn header_to_c(h: &Header) -> mf_vxlan_header {
    let mut c = mf_vxlan_header {
        vni_valid: h.vni_valid,
        vni: h.vni.get(),
        ..mf_vxlan_header::default()
    };
    match h.extension {
        Extension::None => c.extension = MF_VXLAN_EXTENSION_NONE,
        Extension::Gbp(g) => {
            c.extension = MF_VXLAN_EXTENSION_GBP;
            c.gbp = mf_vxlan_gbp {
                dont_learn: g.dont_learn,
                policy_applied: g.policy_applied,
                group_policy_id: g.group_policy_id,
            };
        }
        Extension::Gpe(g) => {
            c.extension = MF_VXLAN_EXTENSION_GPE;
            c.gpe = mf_vxlan_gpe {
                version: g.version,
                oam: g.oam,
                bum: g.bum,
                has_next_protocol: g.next_protocol.is_some(),
                next_protocol: g.next_protocol.map_or(0, u8::from),
            };
        }
    }
    c
}

fn vlan_to_c(v: Option<VlanTag>) -> (bool, mf_vlan_tag) {
    match v {
        Some(v) => (
            true,
            mf_vlan_tag {
                pcp: v.pcp,
                dei: v.dei,
                vid: v.vid,
            },
        ),
        None => (false, mf_vlan_tag::default()),
    }
}

fn ip_bytes(ip: IpAddr) -> [u8; 16] {
    mf_ip_addr::from_ip(ip).bytes
}

fn encap_from_c(p: &mf_vxlan_encap_params) -> Result<Encapsulation, Failure> {
    let src = ip_from_family(p.family, &p.src_ip, "params.family")?;
    let dst = ip_from_family(p.family, &p.dst_ip, "params.family")?;
    let ip = OuterIp::from_pair(src, dst).ok_or_else(|| {
        // Both come from the same family, so this cannot happen; say so if it does.
        Failure::invalid_argument("params.family", "one family for both addresses", 0)
    })?;
    let mut e = Encapsulation::new(p.src_mac, p.dst_mac, ip, header_from_c(&p.header)?);
    e.vlan = p.has_vlan.then_some(VlanTag {
        pcp: p.vlan.pcp,
        dei: p.vlan.dei,
        vid: p.vlan.vid,
    });
    e.ttl = p.ttl;
    e.tos = p.tos;
    e.dont_fragment = p.dont_fragment;
    e.identification = p.identification;
    e.flow_label = p.flow_label;
    e.src_port = match p.src_port_mode {
        MF_VXLAN_SRC_PORT_FLOW_HASH => SourcePort::FlowHash,
        MF_VXLAN_SRC_PORT_FIXED => SourcePort::Fixed(p.src_port),
        other => {
            return Err(Failure::invalid_argument(
                "params.src_port_mode",
                "MF_VXLAN_SRC_PORT_FLOW_HASH (0) or MF_VXLAN_SRC_PORT_FIXED (1)",
                u64::from(other.0),
            ));
        }
    };
    e.dst_port = p.dst_port;
    e.udp_checksum = match p.udp_checksum {
        MF_VXLAN_UDP_CHECKSUM_AUTO => UdpChecksum::Auto,
        MF_VXLAN_UDP_CHECKSUM_COMPUTE => UdpChecksum::Compute,
        MF_VXLAN_UDP_CHECKSUM_ZERO => UdpChecksum::Zero,
        other => {
            return Err(Failure::invalid_argument(
                "params.udp_checksum",
                "MF_VXLAN_UDP_CHECKSUM_AUTO (0), _COMPUTE (1) or _ZERO (2)",
                u64::from(other.0),
            ));
        }
    };
    Ok(e)
}

fn encap_to_c(e: &Encapsulation) -> mf_vxlan_encap_params {
    let (has_vlan, vlan) = vlan_to_c(e.vlan);
    let (src_port_mode, src_port) = match e.src_port {
        SourcePort::FlowHash => (MF_VXLAN_SRC_PORT_FLOW_HASH, 0),
        SourcePort::Fixed(p) => (MF_VXLAN_SRC_PORT_FIXED, p),
    };
    mf_vxlan_encap_params {
        src_mac: e.src_mac,
        dst_mac: e.dst_mac,
        has_vlan,
        vlan,
        family: match e.ip {
            OuterIp::V4 { .. } => MF_IP_FAMILY_V4,
            OuterIp::V6 { .. } => MF_IP_FAMILY_V6,
        },
        src_ip: ip_bytes(e.ip.src()),
        dst_ip: ip_bytes(e.ip.dst()),
        ttl: e.ttl,
        tos: e.tos,
        dont_fragment: e.dont_fragment,
        identification: e.identification,
        flow_label: e.flow_label,
        src_port_mode,
        src_port,
        dst_port: e.dst_port,
        udp_checksum: match e.udp_checksum {
            UdpChecksum::Auto => MF_VXLAN_UDP_CHECKSUM_AUTO,
            UdpChecksum::Compute => MF_VXLAN_UDP_CHECKSUM_COMPUTE,
            UdpChecksum::Zero => MF_VXLAN_UDP_CHECKSUM_ZERO,
        },
        header: header_to_c(&e.header),
    }
}

fn config_from_c(c: &mf_vxlan_decap_config) -> DecapConfig {
    DecapConfig {
        vxlan_ports: c.vxlan_ports,
        gpe_port: c.gpe_port,
        verify_udp_checksum: c.verify_udp_checksum,
        accept_ipv6_zero_checksum: c.accept_ipv6_zero_checksum,
    }
}

fn config_to_c(c: &DecapConfig) -> mf_vxlan_decap_config {
    mf_vxlan_decap_config {
        vxlan_ports: c.vxlan_ports,
        gpe_port: c.gpe_port,
        verify_udp_checksum: c.verify_udp_checksum,
        accept_ipv6_zero_checksum: c.accept_ipv6_zero_checksum,
    }
}

fn decapsulated_to_c(d: &Decapsulated<'_>) -> mf_vxlan_decapsulated {
    let (has_vlan, vlan) = vlan_to_c(d.vlan);
    mf_vxlan_decapsulated {
        outer_dst_mac: d.outer_dst_mac,
        outer_src_mac: d.outer_src_mac,
        has_vlan,
        vlan,
        src_ip: mf_ip_addr::from_ip(d.src_ip),
        dst_ip: mf_ip_addr::from_ip(d.dst_ip),
        ttl: d.ttl,
        src_port: d.src_port,
        dst_port: d.dst_port,
        udp_checksum: d.udp_checksum,
        header: header_to_c(&d.header),
        inner_offset: d.inner_offset,
        inner_len: d.inner.len(),
    }
}

fn learn_to_c(l: Option<Learn>) -> mf_vxlan_learn {
    const NO_ADDR: mf_ip_addr = mf_ip_addr {
        family: mf_ip_family(0),
        bytes: [0; 16],
    };
    let (kind, previous) = match l {
        None => (MF_VXLAN_LEARN_NONE, NO_ADDR),
        Some(Learn::New) => (MF_VXLAN_LEARN_NEW, NO_ADDR),
        Some(Learn::Refreshed) => (MF_VXLAN_LEARN_REFRESHED, NO_ADDR),
        Some(Learn::Moved { previous }) => (MF_VXLAN_LEARN_MOVED, mf_ip_addr::from_ip(previous)),
        Some(Learn::Static) => (MF_VXLAN_LEARN_STATIC, NO_ADDR),
        Some(Learn::TableFull) => (MF_VXLAN_LEARN_TABLE_FULL, NO_ADDR),
    };
    mf_vxlan_learn { kind, previous }
}

fn duration_ns(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

/// Reads a 6-byte MAC address from the caller.
///
/// # Safety
///
/// `p` must be NULL or point to 6 readable bytes.
unsafe fn read_mac(p: *const u8, arg: &'static str) -> Result<[u8; 6], Failure> {
    let p = non_null(p, arg)?;
    let mut mac = [0u8; 6];
    // SAFETY: non-NULL and the caller promises 6 readable bytes; `mac` is ours.
    unsafe { ptr::copy_nonoverlapping(p, mac.as_mut_ptr(), 6) };
    Ok(mac)
}

/// Reads an address from the caller.
///
/// # Safety
///
/// `p` must be NULL or point to an `mf_ip_addr`.
unsafe fn read_ip(p: *const mf_ip_addr, arg: &'static str) -> Result<IpAddr, Failure> {
    let p = non_null(p, arg)?;
    // SAFETY: non-NULL and the caller promises it points to an `mf_ip_addr` (plain
    // data: every bit pattern of its integer members is valid).
    unsafe { p.read() }.to_ip(arg)
}

/// The caller's table, read-only.
///
/// # Safety
///
/// `p` must be NULL or a pointer from `mf_vxlan_fdb_new` not yet freed, not being
/// modified by another thread.
unsafe fn fdb_ref<'a>(p: *const mf_vxlan_fdb) -> Result<&'a mf_vxlan_fdb, Failure> {
    let p = non_null(p, "fdb")?;
    // SAFETY: the caller promises a live table from `mf_vxlan_fdb_new` with no
    // concurrent writer.
    Ok(unsafe { &*p })
}

/// The caller's table, writable.
///
/// # Safety
///
/// `p` must be NULL or a pointer from `mf_vxlan_fdb_new` not yet freed, used by no one
/// else during the call.
unsafe fn fdb_mut<'a>(p: *mut mf_vxlan_fdb) -> Result<&'a mut mf_vxlan_fdb, Failure> {
    let p = non_null_mut(p, "fdb")?;
    // SAFETY: the caller promises a live table from `mf_vxlan_fdb_new` that nobody
    // else uses during this call.
    Ok(unsafe { &mut *p })
}

// ---------------------------------------------------------------------------------
// Header
// ---------------------------------------------------------------------------------

/// Fills `*out` with a plain RFC 7348 header for `vni`: I flag set, no extension.
///
/// Returns `MF_STATUS_OUT_OF_RANGE` when `vni` exceeds `MF_VXLAN_VNI_MAX`. `*out` is
/// written only on success.
///
/// # Safety
///
/// `out` must be NULL or point to writable memory for one `mf_vxlan_header`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_vxlan_header_init(vni: u32, out: *mut mf_vxlan_header) -> mf_status {
    guard(ptr::null_mut(), || {
        let out = non_null_mut(out, "out")?;
        let h = Header::new(to_vni(vni)?);
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(header_to_c(&h)) };
        Ok(())
    })
}

/// Parses the 8-byte VXLAN header at the start of `buf` in the given format
/// (RFC 7348 §5; GBP when the G flag is set in `MF_VXLAN_FORMAT_VXLAN`; GPE in
/// `MF_VXLAN_FORMAT_GPE`). Bytes after the header are not looked at.
///
/// Returns `MF_STATUS_TRUNCATED` when `len < 8` and `MF_STATUS_INVALID_ARGUMENT` for an
/// unknown format. A header without the I flag parses (with `vni_valid` false).
/// `*out` is written only on success; `*err`, when `err` is not NULL, only on failure.
///
/// # Safety
///
/// `buf` must be NULL or point to `len` readable bytes; `out` must be NULL or point to
/// a writable `mf_vxlan_header`; `err` must be NULL or point to a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_vxlan_header_parse(
    buf: *const u8,
    len: usize,
    format: mf_vxlan_format,
    out: *mut mf_vxlan_header,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        // SAFETY: the caller promises `len` readable bytes at `buf`.
        let buf = unsafe { in_slice(buf, len, "buf") }?;
        let out = non_null_mut(out, "out")?;
        let h = Header::parse_bytes(buf, format_from_c(format)?)?;
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(header_to_c(&h)) };
        Ok(())
    })
}

/// Writes `*header` as 8 bytes into `out`; `*written` receives 8. Reserved bits are
/// written as zero.
///
/// Returns `MF_STATUS_OUT_OF_RANGE` for a VNI above `MF_VXLAN_VNI_MAX` or a GPE version
/// above 3, `MF_STATUS_INVALID_ARGUMENT` for an unknown extension, and
/// `MF_STATUS_BUFFER_TOO_SMALL` (with `*written` = 8) when `out_len < 8`.
///
/// # Safety
///
/// `header` must be NULL or point to an `mf_vxlan_header`; `out` must be NULL or point
/// to `out_len` writable bytes; `written` must be NULL or point to a writable `size_t`;
/// `err` must be NULL or point to a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_vxlan_header_emit(
    header: *const mf_vxlan_header,
    out: *mut u8,
    out_len: usize,
    written: *mut usize,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        let header = non_null(header, "header")?;
        // SAFETY: the caller promises `out_len` writable bytes at `out`.
        let out = unsafe { out_slice(out, out_len, "out") }?;
        let written = non_null_mut(written, "written")?;
        // SAFETY: non-NULL and points to a header (caller's promise); plain data.
        let h = header_from_c(&unsafe { header.read() })?;
        match h.emit(out) {
            Ok(n) => {
                // SAFETY: non-NULL and writable (caller's promise).
                unsafe { written.write(n) };
                Ok(())
            }
            Err(e) => {
                if let Error::BufferTooSmall { needed, .. } = e {
                    // SAFETY: non-NULL and writable (caller's promise).
                    unsafe { written.write(needed) };
                }
                Err(e.into())
            }
        }
    })
}

/// The format the IANA and Linux ports carry: 4789 and 8472 are
/// `MF_VXLAN_FORMAT_VXLAN`, 4790 is `MF_VXLAN_FORMAT_GPE`.
///
/// Returns `MF_STATUS_NOT_FOUND` for any other port. `*out` is written only on success.
///
/// # Safety
///
/// `out` must be NULL or point to a writable `mf_vxlan_format`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_vxlan_format_for_port(
    port: u16,
    out: *mut mf_vxlan_format,
) -> mf_status {
    guard(ptr::null_mut(), || {
        let out = non_null_mut(out, "out")?;
        let f = Format::for_port(port).ok_or(Failure::not_found("port"))?;
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(format_to_c(f)) };
        Ok(())
    })
}

// ---------------------------------------------------------------------------------
// Encapsulation
// ---------------------------------------------------------------------------------

/// Fills `*out` with encapsulation defaults for the given family and header: MACs and
/// addresses zero (set them afterwards), no VLAN tag, TTL 64, TOS 0, DF off,
/// identification 0, flow label 0, flow-hash source port, destination port 4789 (4790
/// for a GPE header), `MF_VXLAN_UDP_CHECKSUM_AUTO`.
///
/// Returns `MF_STATUS_INVALID_ARGUMENT` for a family other than 4 or 6 and the header's
/// errors (`MF_STATUS_OUT_OF_RANGE`, `MF_STATUS_INVALID_ARGUMENT`). `*out` is written
/// only on success.
///
/// # Safety
///
/// `header` must be NULL or point to an `mf_vxlan_header`; `out` must be NULL or point
/// to a writable `mf_vxlan_encap_params`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_vxlan_encap_params_init(
    family: mf_ip_family,
    header: *const mf_vxlan_header,
    out: *mut mf_vxlan_encap_params,
) -> mf_status {
    guard(ptr::null_mut(), || {
        let header = non_null(header, "header")?;
        let out = non_null_mut(out, "out")?;
        let zero = ip_from_family(family, &[0; 16], "family")?;
        let ip = OuterIp::from_pair(zero, zero)
            .ok_or_else(|| Failure::invalid_argument("family", "4 or 6", 0))?;
        // SAFETY: non-NULL and points to a header (caller's promise); plain data.
        let h = header_from_c(&unsafe { header.read() })?;
        let e = Encapsulation::new([0; 6], [0; 6], ip, h);
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(encap_to_c(&e)) };
        Ok(())
    })
}

/// The length of the frame `mf_vxlan_encapsulate` writes for an inner frame of
/// `inner_len` bytes: 14 (Ethernet) + 4 (with VLAN) + 20 or 40 (IPv4 or IPv6) + 8
/// (UDP) + 8 (VXLAN) + `inner_len`.
///
/// Returns `MF_STATUS_INVALID_ARGUMENT` for invalid parameters (unknown family or enum
/// value) and `MF_STATUS_OUT_OF_RANGE` when the sum overflows `size_t`. `*out` is
/// written only on success.
///
/// # Safety
///
/// `params` must be NULL or point to an `mf_vxlan_encap_params`; `out` must be NULL or
/// point to a writable `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_vxlan_encapsulated_len(
    params: *const mf_vxlan_encap_params,
    inner_len: usize,
    out: *mut usize,
) -> mf_status {
    guard(ptr::null_mut(), || {
        let params = non_null(params, "params")?;
        let out = non_null_mut(out, "out")?;
        // SAFETY: non-NULL and points to parameters (caller's promise); plain data.
        let e = encap_from_c(&unsafe { params.read() })?;
        let total = e
            .overhead()
            .checked_add(inner_len)
            .ok_or_else(|| Failure::OutOfRange {
                field: "inner_len",
                value: inner_len as u64,
                max: (usize::MAX - e.overhead()) as u64,
            })?;
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(total) };
        Ok(())
    })
}

/// Encapsulates the inner Ethernet frame: writes outer Ethernet (with the optional
/// 802.1Q tag), IPv4 or IPv6, UDP, VXLAN and the inner frame into `out`, and its
/// length into `*written` (RFC 7348 §5).
///
/// Errors: `MF_STATUS_BUFFER_TOO_SMALL` (with `*written` = bytes needed, see
/// `mf_vxlan_encapsulated_len`); `MF_STATUS_TRUNCATED` for an inner Ethernet frame
/// shorter than 14 bytes; `MF_STATUS_OUT_OF_RANGE` for a VNI, VLAN, flow label or GPE
/// version out of range, or an inner frame too long for one IP datagram;
/// `MF_STATUS_INVALID_ARGUMENT` for unknown enumeration values or `out` overlapping
/// `inner`. On failure the contents of `out` are unspecified.
///
/// # Safety
///
/// `params` must be NULL or point to an `mf_vxlan_encap_params`; `inner` must be NULL or
/// point to `inner_len` readable bytes; `out` must be NULL or point to `out_len`
/// writable bytes; `written` must be NULL or point to a writable `size_t`; `err` must
/// be NULL or point to a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_vxlan_encapsulate(
    params: *const mf_vxlan_encap_params,
    inner: *const u8,
    inner_len: usize,
    out: *mut u8,
    out_len: usize,
    written: *mut usize,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        let params = non_null(params, "params")?;
        // A shared and a mutable slice over the same bytes may not exist at once:
        // refuse overlapping buffers before making either (addresses only compared).
        let (i0, o0) = (inner as usize, out as usize);
        if !inner.is_null()
            && !out.is_null()
            && i0 < o0.saturating_add(out_len)
            && o0 < i0.saturating_add(inner_len)
        {
            return Err(Failure::invalid_argument(
                "out",
                "a buffer that does not overlap `inner`",
                0,
            ));
        }
        // SAFETY: the caller promises `inner_len` readable bytes at `inner`.
        let inner = unsafe { in_slice(inner, inner_len, "inner") }?;
        // SAFETY: the caller promises `out_len` writable bytes at `out`; they do not
        // overlap `inner` (checked above).
        let out = unsafe { out_slice(out, out_len, "out") }?;
        let written = non_null_mut(written, "written")?;
        // SAFETY: non-NULL and points to parameters (caller's promise); plain data.
        let e = encap_from_c(&unsafe { params.read() })?;
        match e.encapsulate(inner, out) {
            Ok(n) => {
                // SAFETY: non-NULL and writable (caller's promise).
                unsafe { written.write(n) };
                Ok(())
            }
            Err(x) => {
                if let Error::BufferTooSmall { needed, .. } = x {
                    // SAFETY: non-NULL and writable (caller's promise).
                    unsafe { written.write(needed) };
                }
                Err(x.into())
            }
        }
    })
}

// ---------------------------------------------------------------------------------
// Decapsulation
// ---------------------------------------------------------------------------------

/// Fills `*out` with the default decapsulation configuration: VXLAN on UDP ports 4789
/// and 8472, GPE on 4790, UDP checksum not verified, zero UDP checksum over IPv6
/// refused.
///
/// # Safety
///
/// `out` must be NULL or point to a writable `mf_vxlan_decap_config`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_vxlan_decap_config_default(
    out: *mut mf_vxlan_decap_config,
) -> mf_status {
    guard(ptr::null_mut(), || {
        let out = non_null_mut(out, "out")?;
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(config_to_c(&DecapConfig::default())) };
        Ok(())
    })
}

/// Decapsulates a received outer frame (starting with the Ethernet header): checks
/// every outer layer (Ethernet, one optional 802.1Q tag, IPv4 header checksum and
/// fragmentation or IPv6, UDP length, port and optionally checksum, the VXLAN I flag)
/// and describes the inner frame.
///
/// The inner frame is not copied: `out->inner_offset` and `out->inner_len` locate it
/// inside `frame`, so it is valid as long as the caller's buffer is.
///
/// Errors: `MF_STATUS_TRUNCATED`, `MF_STATUS_INVALID_FIELD`, `MF_STATUS_CHECKSUM`, with
/// layer and offset in `*err`. `*out` is written only on success.
///
/// # Safety
///
/// `frame` must be NULL or point to `len` readable bytes; `config` must be NULL or
/// point to an `mf_vxlan_decap_config`; `out` must be NULL or point to a writable
/// `mf_vxlan_decapsulated`; `err` must be NULL or point to a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_vxlan_decapsulate(
    frame: *const u8,
    len: usize,
    config: *const mf_vxlan_decap_config,
    out: *mut mf_vxlan_decapsulated,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        // SAFETY: the caller promises `len` readable bytes at `frame`.
        let frame = unsafe { in_slice(frame, len, "frame") }?;
        let config = non_null(config, "config")?;
        let out = non_null_mut(out, "out")?;
        // SAFETY: non-NULL and points to a configuration (caller's promise).
        let config = config_from_c(&unsafe { config.read() });
        let d = decapsulate(frame, &config)?;
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(decapsulated_to_c(&d)) };
        Ok(())
    })
}

// ---------------------------------------------------------------------------------
// Forwarding database
// ---------------------------------------------------------------------------------

/// Creates an empty VTEP table on the heap holding at most `max_entries` forwarding
/// entries (it grows as it fills), with flood lists of `MF_VXLAN_FDB_FLOOD_CAPACITY`
/// pairs, allow-lists that accept everything, learning on, ageing time 300 s, and the
/// default decapsulation configuration.
///
/// Returns `MF_STATUS_INVALID_ARGUMENT` when `max_entries` is 0. On success `*out`
/// owns the table: release it with `mf_vxlan_fdb_free`.
///
/// # Safety
///
/// `out` must be NULL or point to a writable `mf_vxlan_fdb *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_vxlan_fdb_new(
    max_entries: usize,
    out: *mut *mut mf_vxlan_fdb,
) -> mf_status {
    guard(ptr::null_mut(), || {
        let out = non_null_mut(out, "out")?;
        if max_entries == 0 {
            return Err(Failure::invalid_argument("max_entries", "at least 1", 0));
        }
        let fdb = Box::new(mf_vxlan_fdb {
            vtep: Vtep::with_flood_list(
                GrowableFdb::growable(max_entries),
                GrowableSet::with_max(MF_VXLAN_FDB_FLOOD_CAPACITY),
            ),
        });
        // SAFETY: non-NULL and writable (caller's promise). Ownership of the box
        // passes to the caller until `mf_vxlan_fdb_free`.
        unsafe { out.write(Box::into_raw(fdb)) };
        Ok(())
    })
}

/// Releases a table made by `mf_vxlan_fdb_new`. NULL is accepted and does nothing.
/// The pointer must not be used afterwards.
///
/// # Safety
///
/// `fdb` must be NULL or a pointer from `mf_vxlan_fdb_new` not yet freed and not in use
/// by another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_vxlan_fdb_free(fdb: *mut mf_vxlan_fdb) {
    let _ = guard(ptr::null_mut(), || {
        if !fdb.is_null() {
            // SAFETY: the caller promises the pointer came from `Box::into_raw` in
            // `mf_vxlan_fdb_new` and is freed only once.
            drop(unsafe { Box::from_raw(fdb) });
        }
        Ok(())
    });
}

/// Sets how long a learned entry lives without being refreshed, in milliseconds
/// (default 300000, as in IEEE 802.1Q and Linux). Static entries never age.
///
/// # Safety
///
/// `fdb` must be NULL or a live table from `mf_vxlan_fdb_new`, used by nothing else
/// during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_vxlan_fdb_set_ageing_time_ms(
    fdb: *mut mf_vxlan_fdb,
    ms: u64,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `fdb_mut`).
        let fdb = unsafe { fdb_mut(fdb) }?;
        fdb.vtep.fdb.set_ageing_time(Duration::from_millis(ms));
        Ok(())
    })
}

/// The ageing time of learned entries in milliseconds, into `*out`.
///
/// # Safety
///
/// `fdb` must be NULL or a live table from `mf_vxlan_fdb_new`; `out` must be NULL or
/// point to a writable `uint64_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_vxlan_fdb_ageing_time_ms(
    fdb: *const mf_vxlan_fdb,
    out: *mut u64,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `fdb_ref`).
        let fdb = unsafe { fdb_ref(fdb) }?;
        let out = non_null_mut(out, "out")?;
        let ms = u64::try_from(fdb.vtep.fdb.ageing_time().as_millis()).unwrap_or(u64::MAX);
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(ms) };
        Ok(())
    })
}

/// Learns that `mac` (6 bytes) on `vni` lives behind `remote`, seen at `now_ns`.
///
/// `*outcome` says what happened: `MF_VXLAN_LEARN_NEW`, `_REFRESHED`, `_MOVED` (with
/// the previous remote) or `_STATIC` (a static entry exists and is kept). Returns
/// `MF_STATUS_TABLE_FULL` when the table holds `max_entries` (nothing learned,
/// `*outcome` untouched), `MF_STATUS_OUT_OF_RANGE` for a VNI above `MF_VXLAN_VNI_MAX`.
///
/// # Safety
///
/// `fdb` must be NULL or a live table used by nothing else during the call; `mac` must
/// be NULL or point to 6 readable bytes; `remote` must be NULL or point to an
/// `mf_ip_addr`; `outcome` must be NULL or point to a writable `mf_vxlan_learn`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_vxlan_fdb_learn(
    fdb: *mut mf_vxlan_fdb,
    vni: u32,
    mac: *const u8,
    remote: *const mf_ip_addr,
    now_ns: u64,
    outcome: *mut mf_vxlan_learn,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `fdb_mut`).
        let fdb = unsafe { fdb_mut(fdb) }?;
        // SAFETY: forwarded caller's promise (6 readable bytes).
        let mac = unsafe { read_mac(mac, "mac") }?;
        // SAFETY: forwarded caller's promise (an `mf_ip_addr`).
        let remote = unsafe { read_ip(remote, "remote") }?;
        let outcome = non_null_mut(outcome, "outcome")?;
        let v = to_vni(vni)?;
        let l = fdb
            .vtep
            .fdb
            .learn(v, mac, remote, Duration::from_nanos(now_ns));
        if l == Learn::TableFull {
            return Err(Failure::table_full(
                "forwarding table",
                fdb.vtep.fdb.capacity(),
            ));
        }
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { outcome.write(learn_to_c(Some(l))) };
        Ok(())
    })
}

/// Adds or replaces a static entry: `mac` (6 bytes) on `vni` is behind `remote`. Static
/// entries never age and learning never replaces them.
///
/// Returns `MF_STATUS_TABLE_FULL` when the table holds `max_entries` and the key is
/// new, `MF_STATUS_OUT_OF_RANGE` for a VNI above `MF_VXLAN_VNI_MAX`.
///
/// # Safety
///
/// `fdb` must be NULL or a live table used by nothing else during the call; `mac` must
/// be NULL or point to 6 readable bytes; `remote` must be NULL or point to an
/// `mf_ip_addr`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_vxlan_fdb_add_static(
    fdb: *mut mf_vxlan_fdb,
    vni: u32,
    mac: *const u8,
    remote: *const mf_ip_addr,
    now_ns: u64,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `fdb_mut`).
        let fdb = unsafe { fdb_mut(fdb) }?;
        // SAFETY: forwarded caller's promise (6 readable bytes).
        let mac = unsafe { read_mac(mac, "mac") }?;
        // SAFETY: forwarded caller's promise (an `mf_ip_addr`).
        let remote = unsafe { read_ip(remote, "remote") }?;
        let v = to_vni(vni)?;
        fdb.vtep
            .fdb
            .add_static(v, mac, remote, Duration::from_nanos(now_ns))
            .map_err(|_| Failure::table_full("forwarding table", fdb.vtep.fdb.capacity()))
    })
}

/// Removes the entry for `mac` (6 bytes) on `vni`, static or learned.
///
/// Returns `MF_STATUS_NOT_FOUND` when there is none.
///
/// # Safety
///
/// `fdb` must be NULL or a live table used by nothing else during the call; `mac` must
/// be NULL or point to 6 readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_vxlan_fdb_remove(
    fdb: *mut mf_vxlan_fdb,
    vni: u32,
    mac: *const u8,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `fdb_mut`).
        let fdb = unsafe { fdb_mut(fdb) }?;
        // SAFETY: forwarded caller's promise (6 readable bytes).
        let mac = unsafe { read_mac(mac, "mac") }?;
        let v = to_vni(vni)?;
        fdb.vtep
            .fdb
            .remove(v, &mac)
            .map(|_| ())
            .ok_or(Failure::not_found("forwarding entry"))
    })
}

/// The remote VTEP behind `mac` (6 bytes) on `vni`, into `*out`.
///
/// Returns `MF_STATUS_NOT_FOUND` when the table has no entry for the key (`*out`
/// untouched).
///
/// # Safety
///
/// `fdb` must be NULL or a live table; `mac` must be NULL or point to 6 readable bytes;
/// `out` must be NULL or point to a writable `mf_ip_addr`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_vxlan_fdb_lookup(
    fdb: *const mf_vxlan_fdb,
    vni: u32,
    mac: *const u8,
    out: *mut mf_ip_addr,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `fdb_ref`).
        let fdb = unsafe { fdb_ref(fdb) }?;
        // SAFETY: forwarded caller's promise (6 readable bytes).
        let mac = unsafe { read_mac(mac, "mac") }?;
        let out = non_null_mut(out, "out")?;
        let v = to_vni(vni)?;
        let ip = fdb
            .vtep
            .fdb
            .remote_for(v, &mac)
            .ok_or(Failure::not_found("forwarding entry"))?;
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(mf_ip_addr::from_ip(ip)) };
        Ok(())
    })
}

/// Removes every learned entry not refreshed for the ageing time as of `now_ns`;
/// `*removed` receives how many. Time going backwards removes nothing.
///
/// # Safety
///
/// `fdb` must be NULL or a live table used by nothing else during the call; `removed`
/// must be NULL or point to a writable `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_vxlan_fdb_age(
    fdb: *mut mf_vxlan_fdb,
    now_ns: u64,
    removed: *mut usize,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `fdb_mut`).
        let fdb = unsafe { fdb_mut(fdb) }?;
        let removed = non_null_mut(removed, "removed")?;
        let n = fdb.vtep.age(Duration::from_nanos(now_ns));
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { removed.write(n) };
        Ok(())
    })
}

/// The number of forwarding entries (static and learned), into `*out`.
///
/// # Safety
///
/// `fdb` must be NULL or a live table; `out` must be NULL or point to a writable
/// `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_vxlan_fdb_len(fdb: *const mf_vxlan_fdb, out: *mut usize) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `fdb_ref`).
        let fdb = unsafe { fdb_ref(fdb) }?;
        let out = non_null_mut(out, "out")?;
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(fdb.vtep.fdb.len()) };
        Ok(())
    })
}

/// Copies every forwarding entry, in no particular order, into `out_array` of `cap`
/// elements; `*count` receives how many.
///
/// Returns `MF_STATUS_BUFFER_TOO_SMALL` with `*count` = entries in the table when `cap`
/// is smaller (nothing copied). `out_array` may be NULL when `cap` is 0, to ask for the
/// count.
///
/// # Safety
///
/// `fdb` must be NULL or a live table; `out_array` must be NULL or point to `cap`
/// writable `mf_vxlan_fdb_entry`; `count` must be NULL or point to a writable `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_vxlan_fdb_entries(
    fdb: *const mf_vxlan_fdb,
    out_array: *mut mf_vxlan_fdb_entry,
    cap: usize,
    count: *mut usize,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `fdb_ref`).
        let fdb = unsafe { fdb_ref(fdb) }?;
        let items = || {
            fdb.vtep.fdb.iter().map(|e| mf_vxlan_fdb_entry {
                vni: e.vni.get(),
                mac: e.mac,
                remote: mf_ip_addr::from_ip(e.remote),
                is_static: e.kind == EntryKind::Static,
                last_seen_ns: duration_ns(e.last_seen),
            })
        };
        // SAFETY: forwarded caller's promise (`cap` writable elements, writable count).
        unsafe { write_array(items, out_array, cap, count, "out_array") }
    })
}

/// The earliest time (caller's nanoseconds) at which `mf_vxlan_fdb_age` would remove
/// an entry, for arming a timer, into `*out`.
///
/// Returns `MF_STATUS_NOT_FOUND` when no learned entry exists.
///
/// # Safety
///
/// `fdb` must be NULL or a live table; `out` must be NULL or point to a writable
/// `uint64_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_vxlan_fdb_next_expiry_ns(
    fdb: *const mf_vxlan_fdb,
    out: *mut u64,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `fdb_ref`).
        let fdb = unsafe { fdb_ref(fdb) }?;
        let out = non_null_mut(out, "out")?;
        let t = fdb
            .vtep
            .fdb
            .next_expiry()
            .ok_or(Failure::not_found("learned entry"))?;
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(duration_ns(t)) };
        Ok(())
    })
}

/// The table's counters, into `*out`.
///
/// # Safety
///
/// `fdb` must be NULL or a live table; `out` must be NULL or point to a writable
/// `mf_vxlan_fdb_counters`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_vxlan_fdb_get_counters(
    fdb: *const mf_vxlan_fdb,
    out: *mut mf_vxlan_fdb_counters,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `fdb_ref`).
        let fdb = unsafe { fdb_ref(fdb) }?;
        let out = non_null_mut(out, "out")?;
        let f = fdb.vtep.fdb.counters();
        let v = fdb.vtep.counters();
        let c = mf_vxlan_fdb_counters {
            learned: f.learned,
            moved: f.moved,
            table_full: f.table_full,
            aged: f.aged,
            rx_accepted: v.rx_accepted,
            rx_malformed: v.rx_malformed,
            rx_vni_rejected: v.rx_vni_rejected,
            rx_remote_rejected: v.rx_remote_rejected,
            rx_dont_learn: v.rx_dont_learn,
        };
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(c) };
        Ok(())
    })
}

/// Adds `remote` to the flood list of `vni` (head-end replication of broadcast,
/// unknown unicast and multicast). Adding a remote already there succeeds and changes
/// nothing.
///
/// Returns `MF_STATUS_TABLE_FULL` when the flood lists already hold
/// `MF_VXLAN_FDB_FLOOD_CAPACITY` pairs, `MF_STATUS_OUT_OF_RANGE` for a bad VNI.
///
/// # Safety
///
/// `fdb` must be NULL or a live table used by nothing else during the call; `remote`
/// must be NULL or point to an `mf_ip_addr`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_vxlan_fdb_flood_add(
    fdb: *mut mf_vxlan_fdb,
    vni: u32,
    remote: *const mf_ip_addr,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `fdb_mut`).
        let fdb = unsafe { fdb_mut(fdb) }?;
        // SAFETY: forwarded caller's promise (an `mf_ip_addr`).
        let remote = unsafe { read_ip(remote, "remote") }?;
        let v = to_vni(vni)?;
        fdb.vtep
            .add_flood(v, remote)
            .map(|_| ())
            .map_err(|e| Failure::table_full("flood list", e.capacity))
    })
}

/// Removes `remote` from the flood list of `vni`.
///
/// Returns `MF_STATUS_NOT_FOUND` when it is not on it.
///
/// # Safety
///
/// `fdb` must be NULL or a live table used by nothing else during the call; `remote`
/// must be NULL or point to an `mf_ip_addr`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_vxlan_fdb_flood_remove(
    fdb: *mut mf_vxlan_fdb,
    vni: u32,
    remote: *const mf_ip_addr,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `fdb_mut`).
        let fdb = unsafe { fdb_mut(fdb) }?;
        // SAFETY: forwarded caller's promise (an `mf_ip_addr`).
        let remote = unsafe { read_ip(remote, "remote") }?;
        let v = to_vni(vni)?;
        if fdb.vtep.remove_flood(v, remote) {
            Ok(())
        } else {
            Err(Failure::not_found("flood list entry"))
        }
    })
}

/// Copies the flood list of `vni` into `out_array` of `cap` addresses; `*count`
/// receives how many.
///
/// Returns `MF_STATUS_BUFFER_TOO_SMALL` with `*count` = the list's length when `cap` is
/// smaller (nothing copied). `out_array` may be NULL when `cap` is 0, to ask for the
/// length.
///
/// # Safety
///
/// `fdb` must be NULL or a live table; `out_array` must be NULL or point to `cap`
/// writable `mf_ip_addr`; `count` must be NULL or point to a writable `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_vxlan_fdb_flood_list(
    fdb: *const mf_vxlan_fdb,
    vni: u32,
    out_array: *mut mf_ip_addr,
    cap: usize,
    count: *mut usize,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `fdb_ref`).
        let fdb = unsafe { fdb_ref(fdb) }?;
        let v = to_vni(vni)?;
        let items = || fdb.vtep.flood_list(v).map(mf_ip_addr::from_ip);
        // SAFETY: forwarded caller's promise (`cap` writable elements, writable count).
        unsafe { write_array(items, out_array, cap, count, "out_array") }
    })
}

/// Where an inner frame to `dst_mac` (6 bytes) on `vni` is sent: the one remote VTEP
/// of a known unicast MAC, else (broadcast, multicast, unknown unicast) every remote
/// on the VNI's flood list. Copied into `out_array` of `cap` addresses; `*count`
/// receives how many (0 when the MAC is unknown and the flood list empty).
///
/// Returns `MF_STATUS_BUFFER_TOO_SMALL` with `*count` = the number of destinations when
/// `cap` is smaller. `out_array` may be NULL when `cap` is 0.
///
/// # Safety
///
/// `fdb` must be NULL or a live table; `dst_mac` must be NULL or point to 6 readable
/// bytes; `out_array` must be NULL or point to `cap` writable `mf_ip_addr`; `count`
/// must be NULL or point to a writable `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_vxlan_fdb_destinations(
    fdb: *const mf_vxlan_fdb,
    vni: u32,
    dst_mac: *const u8,
    out_array: *mut mf_ip_addr,
    cap: usize,
    count: *mut usize,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `fdb_ref`).
        let fdb = unsafe { fdb_ref(fdb) }?;
        // SAFETY: forwarded caller's promise (6 readable bytes).
        let mac = unsafe { read_mac(dst_mac, "dst_mac") }?;
        let v = to_vni(vni)?;
        let d = fdb.vtep.destinations(v, &mac);
        let items = || d.iter().map(mf_ip_addr::from_ip);
        // SAFETY: forwarded caller's promise (`cap` writable elements, writable count).
        unsafe { write_array(items, out_array, cap, count, "out_array") }
    })
}

/// Turns learning of inner source MACs in `mf_vxlan_fdb_receive` on or off (default
/// on). `mf_vxlan_fdb_learn` is not affected.
///
/// # Safety
///
/// `fdb` must be NULL or a live table used by nothing else during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_vxlan_fdb_set_learning(
    fdb: *mut mf_vxlan_fdb,
    learning: bool,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `fdb_mut`).
        let fdb = unsafe { fdb_mut(fdb) }?;
        fdb.vtep.learning = learning;
        Ok(())
    })
}

/// Sets the decapsulation configuration `mf_vxlan_fdb_receive` uses (copied).
///
/// # Safety
///
/// `fdb` must be NULL or a live table used by nothing else during the call; `config`
/// must be NULL or point to an `mf_vxlan_decap_config`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_vxlan_fdb_set_decap_config(
    fdb: *mut mf_vxlan_fdb,
    config: *const mf_vxlan_decap_config,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `fdb_mut`).
        let fdb = unsafe { fdb_mut(fdb) }?;
        let config = non_null(config, "config")?;
        // SAFETY: non-NULL and points to a configuration (caller's promise).
        fdb.vtep.config = config_from_c(&unsafe { config.read() });
        Ok(())
    })
}

/// Restricts the VNIs `mf_vxlan_fdb_receive` accepts to those allowed so far plus
/// `vni` (the first call turns "every VNI" into a list of one).
///
/// Returns `MF_STATUS_TABLE_FULL` beyond `MF_VXLAN_FDB_ALLOW_CAPACITY` VNIs,
/// `MF_STATUS_OUT_OF_RANGE` for a bad VNI.
///
/// # Safety
///
/// `fdb` must be NULL or a live table used by nothing else during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_vxlan_fdb_allow_vni(fdb: *mut mf_vxlan_fdb, vni: u32) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `fdb_mut`).
        let fdb = unsafe { fdb_mut(fdb) }?;
        let v = to_vni(vni)?;
        fdb.vtep
            .allowed_vnis
            .allow(v)
            .map_err(|e| Failure::table_full("VNI allow-list", e.capacity))
    })
}

/// Restricts the remote VTEPs `mf_vxlan_fdb_receive` accepts frames from to those
/// allowed so far plus `remote` (the first call turns "every remote" into a list of
/// one).
///
/// Returns `MF_STATUS_TABLE_FULL` beyond `MF_VXLAN_FDB_ALLOW_CAPACITY` remotes.
///
/// # Safety
///
/// `fdb` must be NULL or a live table used by nothing else during the call; `remote`
/// must be NULL or point to an `mf_ip_addr`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_vxlan_fdb_allow_remote(
    fdb: *mut mf_vxlan_fdb,
    remote: *const mf_ip_addr,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `fdb_mut`).
        let fdb = unsafe { fdb_mut(fdb) }?;
        // SAFETY: forwarded caller's promise (an `mf_ip_addr`).
        let remote = unsafe { read_ip(remote, "remote") }?;
        fdb.vtep
            .allowed_remotes
            .allow(remote)
            .map_err(|e| Failure::table_full("remote allow-list", e.capacity))
    })
}

/// Empties both allow-lists, so that `mf_vxlan_fdb_receive` accepts every VNI and
/// every remote again (the state after `mf_vxlan_fdb_new`).
///
/// # Safety
///
/// `fdb` must be NULL or a live table used by nothing else during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_vxlan_fdb_allow_all(fdb: *mut mf_vxlan_fdb) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded caller's promise (see `fdb_mut`).
        let fdb = unsafe { fdb_mut(fdb) }?;
        fdb.vtep.allowed_vnis = mediafabric_vxlan::AllowList::Any;
        fdb.vtep.allowed_remotes = mediafabric_vxlan::AllowList::Any;
        Ok(())
    })
}

/// Takes a received outer frame at `now_ns`: decapsulates it with the table's
/// configuration, checks the allow-lists, and (when learning is on, the GBP D bit is
/// clear and the inner source MAC is unicast) learns the inner source MAC behind the
/// sending VTEP. Rejected frames are counted and never learned from.
///
/// On success `*out` describes the frame as `mf_vxlan_decapsulate` does (the inner
/// frame stays in the caller's buffer) and `*learned` says what learning did
/// (`MF_VXLAN_LEARN_NONE` when nothing was attempted, `MF_VXLAN_LEARN_TABLE_FULL` when
/// the table was full: the frame is still accepted).
///
/// Errors: the decapsulation errors, `MF_STATUS_VNI_NOT_ALLOWED` (`err->found` = the
/// VNI), `MF_STATUS_REMOTE_NOT_ALLOWED` (`err->message` names the sender). Outputs are
/// written only on success.
///
/// # Safety
///
/// `fdb` must be NULL or a live table used by nothing else during the call; `frame`
/// must be NULL or point to `len` readable bytes; `out` must be NULL or point to a
/// writable `mf_vxlan_decapsulated`; `learned` must be NULL or point to a writable
/// `mf_vxlan_learn`; `err` must be NULL or point to a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_vxlan_fdb_receive(
    fdb: *mut mf_vxlan_fdb,
    frame: *const u8,
    len: usize,
    now_ns: u64,
    out: *mut mf_vxlan_decapsulated,
    learned: *mut mf_vxlan_learn,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        // SAFETY: forwarded caller's promise (see `fdb_mut`).
        let fdb = unsafe { fdb_mut(fdb) }?;
        // SAFETY: the caller promises `len` readable bytes at `frame`.
        let frame = unsafe { in_slice(frame, len, "frame") }?;
        let out = non_null_mut(out, "out")?;
        let learned = non_null_mut(learned, "learned")?;
        let r = fdb
            .vtep
            .receive(frame, Duration::from_nanos(now_ns))
            .map_err(|e| match e {
                RxError::Malformed(e) => Failure::from(e),
                RxError::VniNotAllowed(v) => Failure::VniNotAllowed(v.get()),
                RxError::RemoteNotAllowed(ip) => Failure::RemoteNotAllowed(ip),
                // A kind of rejection added to the VXLAN crate later.
                _ => Failure::invalid_argument("frame", "a frame the VTEP accepts", 0),
            })?;
        // SAFETY: both non-NULL and writable (caller's promise).
        unsafe {
            out.write(decapsulated_to_c(&r.frame));
            learned.write(learn_to_c(r.learned));
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        MF_STATUS_INVALID_ARGUMENT, MF_STATUS_NOT_FOUND, MF_STATUS_NULL_POINTER, MF_STATUS_OK,
        MF_STATUS_TABLE_FULL,
    };
    use core::ffi::CStr;
    use core::mem::MaybeUninit;

    // The second frame of /work/shared/captures/vxlan/linux-vxlan-4789.pcap: a Linux
    // vxlan device (VNI 4242, 10.77.0.1 -> 10.77.0.2:4789) carrying an ARP request.
    const ARP_FRAME: [u8; 92] = [
        0xa6, 0x23, 0x59, 0x56, 0xd1, 0x1e, 0x8e, 0x2a, 0x0f, 0x60, 0x4e, 0xd7, 0x08, 0x00, 0x45,
        0x00, 0x00, 0x4e, 0xd9, 0xd9, 0x00, 0x00, 0x40, 0x11, 0x8c, 0x29, 0x0a, 0x4d, 0x00, 0x01,
        0x0a, 0x4d, 0x00, 0x02, 0x90, 0x0b, 0x12, 0xb5, 0x00, 0x3a, 0x14, 0xe8, 0x08, 0x00, 0x00,
        0x00, 0x00, 0x10, 0x92, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x76, 0xba, 0x03, 0x18,
        0x88, 0x5c, 0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0x76, 0xba, 0x03,
        0x18, 0x88, 0x5c, 0xc0, 0xa8, 0x32, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0xa8,
        0x32, 0x02,
    ];

    fn v4(a: u8, b: u8, c: u8, d: u8) -> mf_ip_addr {
        mf_ip_addr::from_ip(IpAddr::from([a, b, c, d]))
    }

    fn message(e: &mf_error) -> &str {
        // SAFETY: the library always NUL-terminates the array.
        unsafe { CStr::from_ptr(e.message.as_ptr()) }
            .to_str()
            .unwrap()
    }

    #[test]
    fn decapsulate_real_frame_and_report_errors() {
        let mut cfg = MaybeUninit::uninit();
        let mut d = MaybeUninit::uninit();
        let mut e = MaybeUninit::<mf_error>::uninit();
        // SAFETY: every pointer is valid for the call.
        unsafe {
            assert_eq!(
                mf_vxlan_decap_config_default(cfg.as_mut_ptr()),
                MF_STATUS_OK
            );
            let mut cfg = cfg.assume_init();
            let s = mf_vxlan_decapsulate(
                ARP_FRAME.as_ptr(),
                ARP_FRAME.len(),
                &cfg,
                d.as_mut_ptr(),
                e.as_mut_ptr(),
            );
            assert_eq!(s, MF_STATUS_OK);
            let d = d.assume_init();
            assert_eq!(d.header.vni, 4242);
            assert_eq!(d.src_ip, v4(10, 77, 0, 1));
            assert_eq!((d.inner_offset, d.inner_len), (50, 42));
            // The capture was taken before checksum offload filled the UDP checksum
            // in: tshark calls 0x14e8 wrong and computes 0xae4d, and so do we.
            cfg.verify_udp_checksum = true;
            let mut d3 = MaybeUninit::uninit();
            let s = mf_vxlan_decapsulate(
                ARP_FRAME.as_ptr(),
                ARP_FRAME.len(),
                &cfg,
                d3.as_mut_ptr(),
                e.as_mut_ptr(),
            );
            assert_eq!(s, MF_STATUS_CHECKSUM);
            let c = e.assume_init_ref();
            assert_eq!(
                (c.layer, c.offset, c.found, c.computed),
                (MF_LAYER_UDP, 40, 0x14e8, 0xae4d)
            );
            cfg.verify_udp_checksum = false;
            // A wrong UDP port: an error with layer, offset and field.
            cfg.vxlan_ports = [1, 2];
            let mut d2 = MaybeUninit::uninit();
            let s = mf_vxlan_decapsulate(
                ARP_FRAME.as_ptr(),
                ARP_FRAME.len(),
                &cfg,
                d2.as_mut_ptr(),
                e.as_mut_ptr(),
            );
            assert_eq!(s, MF_STATUS_INVALID_FIELD);
            let e = e.assume_init();
            assert_eq!(e.status, s);
            assert_eq!(e.layer, MF_LAYER_UDP);
            assert!(e.has_offset);
            assert_eq!(e.offset, 36);
            assert_eq!(e.found, 4789);
            assert_eq!(
                CStr::from_ptr(e.field.as_ptr()).to_str().unwrap(),
                "dstPort"
            );
            assert!(message(&e).starts_with("udp: invalid dstPort at offset 36"));
        }
    }

    #[test]
    fn constants_match_the_vxlan_crate() {
        // cbindgen needs literals; these keep them equal to the crate's own.
        assert_eq!(MF_VXLAN_HEADER_LEN, mediafabric_vxlan::HEADER_LEN);
        assert_eq!(MF_VXLAN_VNI_MAX, Vni::MAX);
        assert_eq!(MF_VXLAN_PORT, mediafabric_vxlan::PORT);
        assert_eq!(MF_VXLAN_GPE_PORT, mediafabric_vxlan::GPE_PORT);
        assert_eq!(
            MF_VXLAN_LINUX_LEGACY_PORT,
            mediafabric_vxlan::LINUX_LEGACY_PORT
        );
        for (c, p) in [
            (MF_VXLAN_NEXT_PROTOCOL_IPV4, NextProtocol::Ipv4),
            (MF_VXLAN_NEXT_PROTOCOL_IPV6, NextProtocol::Ipv6),
            (MF_VXLAN_NEXT_PROTOCOL_ETHERNET, NextProtocol::Ethernet),
            (MF_VXLAN_NEXT_PROTOCOL_NSH, NextProtocol::Nsh),
            (MF_VXLAN_NEXT_PROTOCOL_MPLS, NextProtocol::Mpls),
        ] {
            assert_eq!(NextProtocol::from(c), p);
        }
    }

    #[test]
    fn null_pointers_are_reported_with_the_argument_name() {
        let mut e = MaybeUninit::<mf_error>::uninit();
        let mut h = MaybeUninit::uninit();
        // SAFETY: NULL is an accepted (and rejected) value for every pointer.
        unsafe {
            let s = mf_vxlan_header_parse(
                ptr::null(),
                8,
                MF_VXLAN_FORMAT_VXLAN,
                h.as_mut_ptr(),
                e.as_mut_ptr(),
            );
            assert_eq!(s, MF_STATUS_NULL_POINTER);
            let e = e.assume_init();
            assert_eq!(CStr::from_ptr(e.field.as_ptr()).to_str().unwrap(), "buf");
            assert_eq!(message(&e), "NULL pointer passed as `buf`");
            assert_eq!(mf_vxlan_fdb_new(4, ptr::null_mut()), MF_STATUS_NULL_POINTER);
            mf_vxlan_fdb_free(ptr::null_mut());
            let mut n = 0usize;
            assert_eq!(
                mf_vxlan_fdb_len(ptr::null(), &mut n),
                MF_STATUS_NULL_POINTER
            );
            assert_eq!(
                mf_vxlan_header_parse(
                    ARP_FRAME.as_ptr().add(42),
                    8,
                    mf_vxlan_format(9),
                    h.as_mut_ptr(),
                    ptr::null_mut()
                ),
                MF_STATUS_INVALID_ARGUMENT
            );
            // A length no slice can have.
            assert_eq!(
                mf_vxlan_header_parse(
                    ARP_FRAME.as_ptr(),
                    usize::MAX,
                    MF_VXLAN_FORMAT_VXLAN,
                    h.as_mut_ptr(),
                    ptr::null_mut()
                ),
                MF_STATUS_INVALID_ARGUMENT
            );
        }
    }

    #[test]
    fn header_conversion_round_trips() {
        let headers = [
            Header::new(Vni::new(4242).unwrap()),
            Header {
                vni_valid: false,
                ..Header::new(Vni::new(0).unwrap())
            },
            Header::with_gbp(
                Vni::new(Vni::MAX).unwrap(),
                GroupPolicy {
                    dont_learn: true,
                    policy_applied: false,
                    group_policy_id: 0xBEEF,
                },
            ),
            Header::with_gpe(
                Vni::new(7).unwrap(),
                Gpe {
                    version: 3,
                    oam: true,
                    bum: true,
                    next_protocol: Some(NextProtocol::Unknown(0x99)),
                },
            ),
            Header::with_gpe(
                Vni::new(8).unwrap(),
                Gpe {
                    next_protocol: None,
                    ..Gpe::default()
                },
            ),
        ];
        for h in headers {
            assert_eq!(header_from_c(&header_to_c(&h)).unwrap(), h);
        }
    }

    #[test]
    fn fdb_full_and_flood_list_sizes() {
        let mut fdb = ptr::null_mut();
        let mac = [2u8, 0, 0, 0, 0, 1];
        let mac2 = [2u8, 0, 0, 0, 0, 2];
        let r = v4(10, 0, 0, 1);
        // SAFETY: every pointer is valid for the call; the table is freed at the end.
        unsafe {
            assert_eq!(mf_vxlan_fdb_new(1, &mut fdb), MF_STATUS_OK);
            let mut l = MaybeUninit::uninit();
            assert_eq!(
                mf_vxlan_fdb_learn(fdb, 1, mac.as_ptr(), &r, 0, l.as_mut_ptr()),
                MF_STATUS_OK
            );
            assert_eq!(l.assume_init().kind, MF_VXLAN_LEARN_NEW);
            assert_eq!(
                mf_vxlan_fdb_learn(fdb, 1, mac2.as_ptr(), &r, 0, l.as_mut_ptr()),
                MF_STATUS_TABLE_FULL
            );
            assert_eq!(
                mf_vxlan_fdb_add_static(fdb, 1, mac2.as_ptr(), &r, 0),
                MF_STATUS_TABLE_FULL
            );
            for i in 0..MF_VXLAN_FDB_FLOOD_CAPACITY {
                let ip = v4(10, 1, (i >> 8) as u8, i as u8);
                assert_eq!(mf_vxlan_fdb_flood_add(fdb, 1, &ip), MF_STATUS_OK);
            }
            let extra = v4(10, 2, 0, 0);
            assert_eq!(mf_vxlan_fdb_flood_add(fdb, 1, &extra), MF_STATUS_TABLE_FULL);
            let mut n = 0usize;
            assert_eq!(
                mf_vxlan_fdb_flood_list(fdb, 1, ptr::null_mut(), 0, &mut n),
                crate::MF_STATUS_BUFFER_TOO_SMALL
            );
            assert_eq!(n, MF_VXLAN_FDB_FLOOD_CAPACITY);
            assert_eq!(
                mf_vxlan_fdb_flood_list(fdb, 2, ptr::null_mut(), 0, &mut n),
                MF_STATUS_OK
            );
            assert_eq!(n, 0);
            assert_eq!(
                mf_vxlan_fdb_remove(fdb, 1, mac2.as_ptr()),
                MF_STATUS_NOT_FOUND
            );
            mf_vxlan_fdb_free(fdb);
        }
    }
}
