//! IGMP (v1, v2, v3) and MLD (v1, v2) for C: parsing messages and whole IPv4/IPv6
//! packets into plain data, reading group records and source lists into caller arrays,
//! building every message from a plain description, framing it in a whole Ethernet
//! frame, and the Max Resp Code / QQIC codes.
//!
//! Everything is done by [`mediafabric_igmp::wire`]; this module only converts. Offsets
//! handed back to C (sources, records, auxiliary data, the message itself) are byte
//! offsets from the start of the caller's buffer, computed from the slices the crate
//! borrows from it.

use core::ffi::{CStr, c_char};
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use core::ptr;

use mediafabric_igmp::Error;
use mediafabric_igmp::router::Timers;
use mediafabric_igmp::wire::records::{AddrList, GroupRecord, RecordType, Records, WireAddr};
use mediafabric_igmp::wire::{codec, frame, igmp, mld};

use crate::{
    Failure, MF_LAYER_IGMP, MF_LAYER_IPV4, MF_LAYER_IPV6, MF_LAYER_MLD, MF_LAYER_NONE,
    MF_STATUS_BUFFER_TOO_SMALL, MF_STATUS_CHECKSUM, MF_STATUS_INVALID_FIELD,
    MF_STATUS_OUT_OF_RANGE, MF_STATUS_TRUNCATED, guard, guard_value, in_slice, mf_error,
    mf_ip_addr, mf_layer, mf_status, no_overlap, non_null, non_null_mut, out_slice, write_array,
};

// ---------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------

/// The IP protocol number of IGMP (RFC 1112 Appendix I).
pub const MF_IGMP_IP_PROTOCOL: u8 = 2;
/// IGMP Membership Query, every version (RFC 9776 §4.1).
pub const MF_IGMP_TYPE_QUERY: u8 = 0x11;
/// IGMPv1 Membership Report (RFC 1112 Appendix I).
pub const MF_IGMP_TYPE_V1_REPORT: u8 = 0x12;
/// IGMPv2 Membership Report (RFC 2236 §2.1).
pub const MF_IGMP_TYPE_V2_REPORT: u8 = 0x16;
/// IGMPv2 Leave Group (RFC 2236 §2.1).
pub const MF_IGMP_TYPE_V2_LEAVE: u8 = 0x17;
/// IGMPv3 Membership Report (RFC 9776 §4.2).
pub const MF_IGMP_TYPE_V3_REPORT: u8 = 0x22;

/// MLD Multicast Listener Query, both versions (ICMPv6 type 130; RFC 9777 §5.1).
pub const MF_MLD_TYPE_QUERY: u8 = 130;
/// MLDv1 Multicast Listener Report (ICMPv6 type 131; RFC 2710 §3).
pub const MF_MLD_TYPE_V1_REPORT: u8 = 131;
/// MLDv1 Multicast Listener Done (ICMPv6 type 132; RFC 2710 §3).
pub const MF_MLD_TYPE_V1_DONE: u8 = 132;
/// MLDv2 Multicast Listener Report (ICMPv6 type 143; RFC 9777 §5.2).
pub const MF_MLD_TYPE_V2_REPORT: u8 = 143;

/// Record Type MODE_IS_INCLUDE (RFC 9776 §4.2.12, RFC 9777 §5.2.12).
pub const MF_RECORD_TYPE_MODE_IS_INCLUDE: u8 = 1;
/// Record Type MODE_IS_EXCLUDE.
pub const MF_RECORD_TYPE_MODE_IS_EXCLUDE: u8 = 2;
/// Record Type CHANGE_TO_INCLUDE_MODE.
pub const MF_RECORD_TYPE_CHANGE_TO_INCLUDE_MODE: u8 = 3;
/// Record Type CHANGE_TO_EXCLUDE_MODE.
pub const MF_RECORD_TYPE_CHANGE_TO_EXCLUDE_MODE: u8 = 4;
/// Record Type ALLOW_NEW_SOURCES.
pub const MF_RECORD_TYPE_ALLOW_NEW_SOURCES: u8 = 5;
/// Record Type BLOCK_OLD_SOURCES.
pub const MF_RECORD_TYPE_BLOCK_OLD_SOURCES: u8 = 6;

/// The largest value an 8-bit Max Resp Code / QQIC can stand for (RFC 9776 §4.1.1,
/// §4.1.7): 31744.
pub const MF_IGMP_CODE8_MAX: u32 = 31744;
/// The largest value a 16-bit MLDv2 Maximum Response Code can stand for (RFC 9777
/// §5.1.3): 8387584.
pub const MF_MLD_CODE16_MAX: u32 = 8_387_584;

/// Length of the Ethernet and IPv4 headers (with Router Alert) `mf_igmp_frame` writes
/// before the IGMP message: 14 + 24.
pub const MF_IGMP_FRAME_OVERHEAD: usize = 38;
/// Length of the Ethernet, IPv6 and Hop-by-Hop headers `mf_mld_frame` writes before
/// the MLD message: 14 + 40 + 8.
pub const MF_MLD_FRAME_OVERHEAD: usize = 62;

/// Which IGMP message an `mf_igmp_message` or `mf_igmp_spec` is (`MF_IGMP_KIND_*`).
pub type mf_igmp_kind = u32;

/// A type this library does not know (a router ignores it, RFC 9776 §4): only
/// `msg_type`, `checksum` and `length` are set. Cannot be built.
pub const MF_IGMP_KIND_OTHER: mf_igmp_kind = 0;
/// IGMPv1 query: 8 bytes, Max Resp Code 0 (RFC 1112; RFC 9776 §7.1).
pub const MF_IGMP_KIND_QUERY_V1: mf_igmp_kind = 1;
/// IGMPv2 query: 8 bytes, Max Resp Time non-zero (RFC 2236 §2.2).
pub const MF_IGMP_KIND_QUERY_V2: mf_igmp_kind = 2;
/// IGMPv3 query: 12 bytes or more (RFC 9776 §4.1).
pub const MF_IGMP_KIND_QUERY_V3: mf_igmp_kind = 3;
/// IGMPv1 Membership Report.
pub const MF_IGMP_KIND_V1_REPORT: mf_igmp_kind = 4;
/// IGMPv2 Membership Report.
pub const MF_IGMP_KIND_V2_REPORT: mf_igmp_kind = 5;
/// IGMPv2 Leave Group.
pub const MF_IGMP_KIND_V2_LEAVE: mf_igmp_kind = 6;
/// IGMPv3 Membership Report with group records.
pub const MF_IGMP_KIND_V3_REPORT: mf_igmp_kind = 7;

/// Which MLD message an `mf_mld_message` or `mf_mld_spec` is (`MF_MLD_KIND_*`).
pub type mf_mld_kind = u32;

/// MLDv1 query: 24 bytes (RFC 2710 §3; RFC 9777 §8.1).
pub const MF_MLD_KIND_QUERY_V1: mf_mld_kind = 1;
/// MLDv2 query: 28 bytes or more (RFC 9777 §5.1).
pub const MF_MLD_KIND_QUERY_V2: mf_mld_kind = 2;
/// MLDv1 Multicast Listener Report.
pub const MF_MLD_KIND_V1_REPORT: mf_mld_kind = 3;
/// MLDv1 Multicast Listener Done.
pub const MF_MLD_KIND_V1_DONE: mf_mld_kind = 4;
/// MLDv2 Multicast Listener Report with multicast address records.
pub const MF_MLD_KIND_V2_REPORT: mf_mld_kind = 5;

// ---------------------------------------------------------------------------------
// Plain-data structs
// ---------------------------------------------------------------------------------

/// A parsed IGMP message. Members that the message's kind does not have are zero.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct mf_igmp_message {
    /// Which message (`MF_IGMP_KIND_*`).
    pub kind: mf_igmp_kind,
    /// Type (octet 0).
    pub msg_type: u8,
    /// IGMP version of the message: 1, 2 or 3 (0 for `MF_IGMP_KIND_OTHER`).
    pub version: u8,
    /// Octet 1 of a query: IGMPv2 Max Resp Time (1/10 s) or IGMPv3 Max Resp Code
    /// (RFC 9776 §4.1.1); 0 for an IGMPv1 query and for other messages.
    pub max_resp_code: u8,
    /// The maximum response time in tenths of a second: the decoded Max Resp Code, or
    /// 100 for an IGMPv1 query (RFC 9776 §7.1); 0 for messages other than queries.
    pub max_resp_time: u32,
    /// Checksum as it is in the message.
    pub checksum: u16,
    /// Whether the checksum is right over the `length` bytes of the message.
    pub checksum_valid: bool,
    /// Group Address (queries, v1/v2 reports, leaves; `0.0.0.0` for a general query),
    /// `MF_IP_FAMILY_V4`.
    pub group: mf_ip_addr,
    /// IGMPv3 query: S flag (Suppress Router-Side Processing, RFC 9776 §4.1.5).
    pub s_flag: bool,
    /// IGMPv3 query: QRV (3 bits, RFC 9776 §4.1.6).
    pub qrv: u8,
    /// IGMPv3 query: QQIC (RFC 9776 §4.1.7).
    pub qqic: u8,
    /// IGMPv3 query: the Querier's Query Interval in seconds (decoded QQIC).
    pub qqi: u32,
    /// IGMPv3 query: Number of Sources.
    pub number_of_sources: usize,
    /// IGMPv3 query: offset of the first Source Address in the caller's buffer (read
    /// them with `mf_igmp_sources`).
    pub sources_offset: usize,
    /// IGMPv3 report: Number of Group Records (read them with `mf_igmp_records`).
    pub number_of_records: usize,
    /// IGMPv3 report: offset of the first group record in the caller's buffer.
    pub records_offset: usize,
    /// Offset of the message in the caller's buffer (0 for `mf_igmp_parse`).
    pub offset: usize,
    /// Length of the message in bytes (bytes after a fixed-size message are not part
    /// of it).
    pub length: usize,
}

/// A parsed MLD message. Members that the message's kind does not have are zero.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct mf_mld_message {
    /// Which message (`MF_MLD_KIND_*`).
    pub kind: mf_mld_kind,
    /// ICMPv6 Type (octet 0).
    pub msg_type: u8,
    /// MLD version of the message: 1 or 2.
    pub version: u8,
    /// Octets 4-5 of a query: MLDv1 Maximum Response Delay (ms) or MLDv2 Maximum
    /// Response Code (RFC 9777 §5.1.3).
    pub max_response_code: u16,
    /// The maximum response delay in milliseconds (decoded); 0 for messages other than
    /// queries.
    pub max_response_delay: u32,
    /// Checksum as it is in the message (it covers an IPv6 pseudo-header: check it
    /// with `mf_mld_checksum_valid` or read the packet with `mf_mld_parse_packet`).
    pub checksum: u16,
    /// Multicast Address, `MF_IP_FAMILY_V6` (`::` for a general query).
    pub group: mf_ip_addr,
    /// MLDv2 query: S flag (RFC 9777 §5.1.7).
    pub s_flag: bool,
    /// MLDv2 query: QRV (RFC 9777 §5.1.8).
    pub qrv: u8,
    /// MLDv2 query: QQIC (RFC 9777 §5.1.9).
    pub qqic: u8,
    /// MLDv2 query: the Querier's Query Interval in seconds (decoded QQIC).
    pub qqi: u32,
    /// MLDv2 query: Number of Sources.
    pub number_of_sources: usize,
    /// MLDv2 query: offset of the first Source Address in the caller's buffer (read
    /// them with `mf_mld_sources`).
    pub sources_offset: usize,
    /// MLDv2 report: Nr of Mcast Address Records (read them with `mf_mld_records`).
    pub number_of_records: usize,
    /// MLDv2 report: offset of the first record in the caller's buffer.
    pub records_offset: usize,
    /// Offset of the message in the caller's buffer (0 for `mf_mld_parse`).
    pub offset: usize,
    /// Length of the message in bytes.
    pub length: usize,
}

/// One IGMPv3 group record or MLDv2 multicast address record (RFC 9776 §4.2.4,
/// RFC 9777 §5.2.4), read from a message in the caller's buffer.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct mf_group_record {
    /// Record Type (`MF_RECORD_TYPE_*`; other values are kept as they came and a
    /// receiver ignores the record).
    pub record_type: u8,
    /// Multicast Address: `MF_IP_FAMILY_V4` for IGMP, `MF_IP_FAMILY_V6` for MLD.
    pub group: mf_ip_addr,
    /// Number of Sources.
    pub number_of_sources: usize,
    /// Offset of the first Source Address in the caller's buffer (read them with
    /// `mf_igmp_sources` / `mf_mld_sources`).
    pub sources_offset: usize,
    /// Length of the Auxiliary Data in bytes (Aux Data Len times 4).
    pub aux_data_len: usize,
    /// Offset of the Auxiliary Data in the caller's buffer.
    pub aux_data_offset: usize,
    /// Offset of the record in the caller's buffer.
    pub offset: usize,
}

/// An IGMP message found in an IPv4 packet, with what a router checks (RFC 9776 §9:
/// TTL 1 and the Router Alert option).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct mf_igmp_packet {
    /// IPv4 source address.
    pub src: mf_ip_addr,
    /// IPv4 destination address.
    pub dst: mf_ip_addr,
    /// Time to Live.
    pub ttl: u8,
    /// Whether the IPv4 header carries the Router Alert option (RFC 2113).
    pub router_alert: bool,
    /// The IGMP message; its offsets are from the start of the caller's buffer.
    pub message: mf_igmp_message,
}

/// An MLD message found in an IPv6 packet, with what a router checks (RFC 9777 §5:
/// hop limit 1, a link-local source, Hop-by-Hop Router Alert).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct mf_mld_packet {
    /// IPv6 source address.
    pub src: mf_ip_addr,
    /// IPv6 destination address.
    pub dst: mf_ip_addr,
    /// Hop Limit.
    pub hop_limit: u8,
    /// Whether a Hop-by-Hop Options header carries Router Alert (RFC 2711).
    pub router_alert: bool,
    /// Whether the ICMPv6 checksum is right for the packet's addresses.
    pub checksum_valid: bool,
    /// The MLD message; its offsets are from the start of the caller's buffer.
    pub message: mf_mld_message,
}

/// A group record to build (IGMPv3 or MLDv2). The arrays are only read during the
/// call that uses the record.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mf_group_record_spec {
    /// Record Type (`MF_RECORD_TYPE_*`; any value is written as given).
    pub record_type: u8,
    /// Multicast Address (`MF_IP_FAMILY_V4` for IGMP, `MF_IP_FAMILY_V6` for MLD).
    pub group: mf_ip_addr,
    /// `number_of_sources` source addresses of the same family (NULL when 0).
    pub sources: *const mf_ip_addr,
    /// Number of Sources.
    pub number_of_sources: usize,
    /// Auxiliary Data (NULL when `aux_data_len` is 0).
    pub aux_data: *const u8,
    /// Length of the Auxiliary Data: a multiple of 4, at most 1020.
    pub aux_data_len: usize,
}

/// An IGMP message to build. Start from `mf_igmp_spec_init`, which fills the
/// defaults, and set what differs. Members that the kind does not use are ignored.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mf_igmp_spec {
    /// Which message (`MF_IGMP_KIND_*` except `MF_IGMP_KIND_OTHER`).
    pub kind: mf_igmp_kind,
    /// IGMPv2 query: Max Resp Time (1/10 s, not 0); IGMPv3 query: Max Resp Code (see
    /// `mf_igmp_code8_encode`).
    pub max_resp_code: u8,
    /// Group Address, `MF_IP_FAMILY_V4` (queries, v1/v2 reports, leaves).
    pub group: mf_ip_addr,
    /// IGMPv3 query: S flag.
    pub s_flag: bool,
    /// IGMPv3 query: QRV, 0 to 7.
    pub qrv: u8,
    /// IGMPv3 query: QQIC (see `mf_igmp_code8_encode`).
    pub qqic: u8,
    /// IGMPv3 query: `number_of_sources` IPv4 source addresses (NULL when 0).
    pub sources: *const mf_ip_addr,
    /// IGMPv3 query: Number of Sources.
    pub number_of_sources: usize,
    /// IGMPv3 report: `number_of_records` group records (NULL when 0).
    pub records: *const mf_group_record_spec,
    /// IGMPv3 report: Number of Group Records.
    pub number_of_records: usize,
}

/// An MLD message to build. Start from `mf_mld_spec_init`, which fills the defaults,
/// and set what differs. Members that the kind does not use are ignored.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mf_mld_spec {
    /// Which message (`MF_MLD_KIND_*`).
    pub kind: mf_mld_kind,
    /// MLDv1 query: Maximum Response Delay (ms); MLDv2 query: Maximum Response Code
    /// (see `mf_mld_code16_encode`).
    pub max_response_code: u16,
    /// Multicast Address, `MF_IP_FAMILY_V6`.
    pub group: mf_ip_addr,
    /// MLDv2 query: S flag.
    pub s_flag: bool,
    /// MLDv2 query: QRV, 0 to 7.
    pub qrv: u8,
    /// MLDv2 query: QQIC (see `mf_igmp_code8_encode`).
    pub qqic: u8,
    /// MLDv2 query: `number_of_sources` IPv6 source addresses (NULL when 0).
    pub sources: *const mf_ip_addr,
    /// MLDv2 query: Number of Sources.
    pub number_of_sources: usize,
    /// MLDv2 report: `number_of_records` records (NULL when 0).
    pub records: *const mf_group_record_spec,
    /// MLDv2 report: Nr of Mcast Address Records.
    pub number_of_records: usize,
}

// ---------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------

/// An error of the IGMP crate about the bytes of a message, in `layer`, its offset
/// moved by `base` (where the crate's input starts in the caller's buffer). Errors
/// about the caller's values (output buffer, out-of-range value) have no layer.
fn failure(error: Error, layer: mf_layer, base: usize) -> Failure {
    let error = match error {
        Error::Truncated {
            what,
            offset,
            needed,
            available,
        } => Error::Truncated {
            what,
            offset: offset + base,
            needed,
            available,
        },
        Error::Invalid {
            field,
            offset,
            expected,
            found,
        } => Error::Invalid {
            field,
            offset: offset + base,
            expected,
            found,
        },
        Error::Checksum {
            offset,
            found,
            computed,
        } => Error::Checksum {
            offset: offset + base,
            found,
            computed,
        },
        other => {
            return Failure::Igmp {
                error: other,
                layer: MF_LAYER_NONE,
            };
        }
    };
    Failure::Igmp { error, layer }
}

/// Refuses a packet offset past the end of the buffer: a wrong argument, not packet
/// bytes that end too soon.
fn check_at(at: usize, len: usize) -> Result<(), Failure> {
    if at > len {
        return Err(Failure::invalid_argument(
            "at",
            "an offset inside the buffer (at most len)",
            at as u64,
        ));
    }
    Ok(())
}

/// An error of `frame::read_ipv4_igmp` / `read_ipv6_mld` (offsets already from the
/// caller's buffer), in the IP layer it names.
fn packet_failure(error: Error) -> Failure {
    let layer = match error {
        Error::Truncated { what, .. } if what.starts_with("IPv4") => MF_LAYER_IPV4,
        Error::Truncated { what, .. } if what.starts_with("IPv6") => MF_LAYER_IPV6,
        Error::Invalid {
            field: "Version/IHL" | "Protocol",
            ..
        } => MF_LAYER_IPV4,
        Error::Invalid {
            field: "Version" | "Next Header",
            ..
        } => MF_LAYER_IPV6,
        _ => MF_LAYER_NONE,
    };
    failure(error, layer, 0)
}

/// The status code of an IGMP crate error.
pub(crate) fn error_status(e: &Error) -> mf_status {
    match e {
        Error::Truncated { .. } => MF_STATUS_TRUNCATED,
        Error::Checksum { .. } => MF_STATUS_CHECKSUM,
        Error::BufferTooSmall { .. } => MF_STATUS_BUFFER_TOO_SMALL,
        Error::OutOfRange { .. } => MF_STATUS_OUT_OF_RANGE,
        _ => MF_STATUS_INVALID_FIELD,
    }
}

/// Fills the numbers of an `mf_error` from an IGMP crate error; returns its field name
/// and expected value.
pub(crate) fn error_detail(e: &Error, out: &mut mf_error) -> (&'static str, &'static str) {
    if let Some(o) = e.offset() {
        out.has_offset = true;
        out.offset = o;
    }
    match *e {
        Error::Truncated {
            what,
            needed,
            available,
            ..
        } => {
            out.needed = needed;
            out.available = available;
            (what, "")
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
            ("Checksum", "the Internet checksum of the message")
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

// ---------------------------------------------------------------------------------
// Conversions
// ---------------------------------------------------------------------------------

/// An address family as the C API carries it.
trait Family: WireAddr {
    const FAMILY_NAME: &'static str;
    fn from_c(a: &mf_ip_addr, field: &'static str) -> Result<Self, Failure>;
    fn to_c(self) -> mf_ip_addr;
}

impl Family for Ipv4Addr {
    const FAMILY_NAME: &'static str = "an IPv4 address (MF_IP_FAMILY_V4)";
    fn from_c(a: &mf_ip_addr, field: &'static str) -> Result<Self, Failure> {
        match a.to_ip(field)? {
            IpAddr::V4(v4) => Ok(v4),
            IpAddr::V6(_) => Err(Failure::invalid_argument(
                field,
                Self::FAMILY_NAME,
                u64::from(a.family.0),
            )),
        }
    }
    fn to_c(self) -> mf_ip_addr {
        mf_ip_addr::from_ip(IpAddr::V4(self))
    }
}

impl Family for Ipv6Addr {
    const FAMILY_NAME: &'static str = "an IPv6 address (MF_IP_FAMILY_V6)";
    fn from_c(a: &mf_ip_addr, field: &'static str) -> Result<Self, Failure> {
        match a.to_ip(field)? {
            IpAddr::V6(v6) => Ok(v6),
            IpAddr::V4(_) => Err(Failure::invalid_argument(
                field,
                Self::FAMILY_NAME,
                u64::from(a.family.0),
            )),
        }
    }
    fn to_c(self) -> mf_ip_addr {
        mf_ip_addr::from_ip(IpAddr::V6(self))
    }
}

/// A caller's array of `n` elements as a slice; NULL is allowed when `n` is 0.
///
/// # Safety
///
/// When `p` is not NULL it must point to `n` readable elements not written during the
/// call.
unsafe fn array<'a, T>(p: *const T, n: usize, arg: &'static str) -> Result<&'a [T], Failure> {
    if n == 0 {
        return Ok(&[]);
    }
    let p = non_null(p, arg)?;
    if n.checked_mul(size_of::<T>())
        .is_none_or(|b| b > isize::MAX as usize)
    {
        return Err(Failure::invalid_argument(
            arg,
            "an array of at most PTRDIFF_MAX bytes",
            n as u64,
        ));
    }
    // SAFETY: non-NULL, the size fits a slice, and the caller promises `n` readable
    // elements that nobody writes meanwhile.
    Ok(unsafe { core::slice::from_raw_parts(p, n) })
}

/// Addresses of one family from a C array.
///
/// # Safety
///
/// As for [`array`].
unsafe fn addrs<A: Family>(
    p: *const mf_ip_addr,
    n: usize,
    arg: &'static str,
) -> Result<Vec<A>, Failure> {
    // SAFETY: forwarded from the caller.
    let a = unsafe { array(p, n, arg) }?;
    a.iter().map(|x| A::from_c(x, arg)).collect()
}

/// The records of a spec, owned, ready to be lent to the crate as `GroupRecord`s.
struct OwnedRecord<'a, A> {
    record_type: RecordType,
    group: A,
    sources: Vec<A>,
    aux_data: &'a [u8],
}

/// # Safety
///
/// `p` must be NULL or point to `n` records whose arrays are readable (the caller's
/// promise on the spec).
unsafe fn records_from_c<'a, A: Family>(
    p: *const mf_group_record_spec,
    n: usize,
) -> Result<Vec<OwnedRecord<'a, A>>, Failure> {
    // SAFETY: forwarded from the caller.
    let specs = unsafe { array(p, n, "records") }?;
    specs
        .iter()
        .map(|r| {
            Ok(OwnedRecord {
                record_type: RecordType::from_u8(r.record_type),
                group: A::from_c(&r.group, "records.group")?,
                // SAFETY: the caller promises the record's arrays are readable.
                sources: unsafe { addrs(r.sources, r.number_of_sources, "records.sources") }?,
                // SAFETY: as above.
                aux_data: unsafe { array(r.aux_data, r.aux_data_len, "records.aux_data") }?,
            })
        })
        .collect()
}

fn lend<'b, A: Family>(owned: &'b [OwnedRecord<'b, A>]) -> Vec<GroupRecord<'b, A>> {
    owned
        .iter()
        .map(|r| GroupRecord {
            record_type: r.record_type,
            group: r.group,
            sources: AddrList::Addrs(&r.sources),
            aux_data: r.aux_data,
        })
        .collect()
}

fn igmp_kind_failure(kind: mf_igmp_kind) -> Failure {
    Failure::invalid_argument(
        "spec.kind",
        "an MF_IGMP_KIND_* other than MF_IGMP_KIND_OTHER (1 to 7)",
        u64::from(kind),
    )
}

fn mld_kind_failure(kind: mf_mld_kind) -> Failure {
    Failure::invalid_argument("spec.kind", "an MF_MLD_KIND_* (1 to 5)", u64::from(kind))
}

/// Runs `f` on the crate's message for an IGMP spec.
///
/// # Safety
///
/// `spec`'s arrays must be readable as its documentation says.
unsafe fn with_igmp<R>(
    spec: &mf_igmp_spec,
    f: impl FnOnce(&igmp::Message<'_>) -> Result<R, Failure>,
) -> Result<R, Failure> {
    let group = || Ipv4Addr::from_c(&spec.group, "spec.group");
    match spec.kind {
        MF_IGMP_KIND_QUERY_V1 => f(&igmp::Message::QueryV1 { group: group()? }),
        MF_IGMP_KIND_QUERY_V2 => f(&igmp::Message::QueryV2 {
            max_resp_time: spec.max_resp_code,
            group: group()?,
        }),
        MF_IGMP_KIND_QUERY_V3 => {
            // SAFETY: the caller's promise on the spec.
            let sources: Vec<Ipv4Addr> =
                unsafe { addrs(spec.sources, spec.number_of_sources, "spec.sources") }?;
            f(&igmp::Message::QueryV3 {
                max_resp_code: spec.max_resp_code,
                group: group()?,
                s_flag: spec.s_flag,
                qrv: spec.qrv,
                qqic: spec.qqic,
                sources: AddrList::Addrs(&sources),
            })
        }
        MF_IGMP_KIND_V1_REPORT => f(&igmp::Message::ReportV1 { group: group()? }),
        MF_IGMP_KIND_V2_REPORT => f(&igmp::Message::ReportV2 { group: group()? }),
        MF_IGMP_KIND_V2_LEAVE => f(&igmp::Message::LeaveV2 { group: group()? }),
        MF_IGMP_KIND_V3_REPORT => {
            // SAFETY: the caller's promise on the spec.
            let owned: Vec<OwnedRecord<'_, Ipv4Addr>> =
                unsafe { records_from_c(spec.records, spec.number_of_records) }?;
            let recs = lend(&owned);
            f(&igmp::Message::ReportV3 {
                records: Records::Given(&recs),
            })
        }
        other => Err(igmp_kind_failure(other)),
    }
}

/// Runs `f` on the crate's message for an MLD spec.
///
/// # Safety
///
/// `spec`'s arrays must be readable as its documentation says.
unsafe fn with_mld<R>(
    spec: &mf_mld_spec,
    f: impl FnOnce(&mld::Message<'_>) -> Result<R, Failure>,
) -> Result<R, Failure> {
    let group = || Ipv6Addr::from_c(&spec.group, "spec.group");
    match spec.kind {
        MF_MLD_KIND_QUERY_V1 => f(&mld::Message::QueryV1 {
            max_response_delay: spec.max_response_code,
            group: group()?,
        }),
        MF_MLD_KIND_QUERY_V2 => {
            // SAFETY: the caller's promise on the spec.
            let sources: Vec<Ipv6Addr> =
                unsafe { addrs(spec.sources, spec.number_of_sources, "spec.sources") }?;
            f(&mld::Message::QueryV2 {
                max_response_code: spec.max_response_code,
                group: group()?,
                s_flag: spec.s_flag,
                qrv: spec.qrv,
                qqic: spec.qqic,
                sources: AddrList::Addrs(&sources),
            })
        }
        MF_MLD_KIND_V1_REPORT => f(&mld::Message::ReportV1 { group: group()? }),
        MF_MLD_KIND_V1_DONE => f(&mld::Message::DoneV1 { group: group()? }),
        MF_MLD_KIND_V2_REPORT => {
            // SAFETY: the caller's promise on the spec.
            let owned: Vec<OwnedRecord<'_, Ipv6Addr>> =
                unsafe { records_from_c(spec.records, spec.number_of_records) }?;
            let recs = lend(&owned);
            f(&mld::Message::ReportV2 {
                records: Records::Given(&recs),
            })
        }
        other => Err(mld_kind_failure(other)),
    }
}

/// The offset of `sub` in `base`, where `sub` is a slice the crate borrowed from
/// `base` (an empty one still points into it).
fn offset_in(base: &[u8], sub: &[u8]) -> usize {
    let at = (sub.as_ptr() as usize).wrapping_sub(base.as_ptr() as usize);
    debug_assert!(at <= base.len(), "a slice of the caller's buffer");
    at
}

fn addr_list_range<A: WireAddr>(base: &[u8], l: &AddrList<'_, A>) -> (usize, usize) {
    match l {
        AddrList::Wire(b) => (l.len(), offset_in(base, b)),
        AddrList::Addrs(a) => (a.len(), 0),
    }
}

fn records_range<A: WireAddr>(base: &[u8], r: &Records<'_, A>) -> (usize, usize) {
    match r {
        Records::Wire { count, bytes } => (*count, offset_in(base, bytes)),
        Records::Given(g) => (g.len(), 0),
    }
}

/// The C form of a parsed IGMP message; `msg_bytes` is what the crate parsed (a slice
/// of `base`).
fn igmp_to_c(base: &[u8], msg_bytes: &[u8], m: &igmp::Message<'_>) -> mf_igmp_message {
    let length = m.buffer_len().min(msg_bytes.len());
    let mut o = mf_igmp_message {
        kind: MF_IGMP_KIND_OTHER,
        msg_type: m.msg_type(),
        version: m.version(),
        max_resp_code: 0,
        max_resp_time: m.max_resp_time(),
        checksum: u16::from_be_bytes([msg_bytes[2], msg_bytes[3]]),
        checksum_valid: igmp::checksum_valid(&msg_bytes[..length]),
        group: Ipv4Addr::UNSPECIFIED.to_c(),
        s_flag: false,
        qrv: 0,
        qqic: 0,
        qqi: 0,
        number_of_sources: 0,
        sources_offset: 0,
        number_of_records: 0,
        records_offset: 0,
        offset: offset_in(base, msg_bytes),
        length,
    };
    match *m {
        igmp::Message::QueryV1 { group } => {
            o.kind = MF_IGMP_KIND_QUERY_V1;
            o.group = group.to_c();
        }
        igmp::Message::QueryV2 {
            max_resp_time,
            group,
        } => {
            o.kind = MF_IGMP_KIND_QUERY_V2;
            o.max_resp_code = max_resp_time;
            o.group = group.to_c();
        }
        igmp::Message::QueryV3 {
            max_resp_code,
            group,
            s_flag,
            qrv,
            qqic,
            ref sources,
        } => {
            o.kind = MF_IGMP_KIND_QUERY_V3;
            o.max_resp_code = max_resp_code;
            o.group = group.to_c();
            o.s_flag = s_flag;
            o.qrv = qrv;
            o.qqic = qqic;
            o.qqi = codec::decode_code8(qqic);
            (o.number_of_sources, o.sources_offset) = addr_list_range(base, sources);
        }
        igmp::Message::ReportV1 { group } => {
            o.kind = MF_IGMP_KIND_V1_REPORT;
            o.group = group.to_c();
        }
        igmp::Message::ReportV2 { group } => {
            o.kind = MF_IGMP_KIND_V2_REPORT;
            o.group = group.to_c();
        }
        igmp::Message::LeaveV2 { group } => {
            o.kind = MF_IGMP_KIND_V2_LEAVE;
            o.group = group.to_c();
        }
        igmp::Message::ReportV3 { ref records } => {
            o.kind = MF_IGMP_KIND_V3_REPORT;
            (o.number_of_records, o.records_offset) = records_range(base, records);
        }
        igmp::Message::Other { .. } => {}
    }
    o
}

/// The C form of a parsed MLD message; `msg_bytes` is what the crate parsed.
fn mld_to_c(base: &[u8], msg_bytes: &[u8], m: &mld::Message<'_>) -> mf_mld_message {
    let mut o = mf_mld_message {
        kind: 0,
        msg_type: m.msg_type(),
        version: m.version(),
        max_response_code: 0,
        max_response_delay: m.max_response_delay_ms(),
        checksum: u16::from_be_bytes([msg_bytes[2], msg_bytes[3]]),
        group: Ipv6Addr::UNSPECIFIED.to_c(),
        s_flag: false,
        qrv: 0,
        qqic: 0,
        qqi: 0,
        number_of_sources: 0,
        sources_offset: 0,
        number_of_records: 0,
        records_offset: 0,
        offset: offset_in(base, msg_bytes),
        length: m.buffer_len().min(msg_bytes.len()),
    };
    match *m {
        mld::Message::QueryV1 {
            max_response_delay,
            group,
        } => {
            o.kind = MF_MLD_KIND_QUERY_V1;
            o.max_response_code = max_response_delay;
            o.group = group.to_c();
        }
        mld::Message::QueryV2 {
            max_response_code,
            group,
            s_flag,
            qrv,
            qqic,
            ref sources,
        } => {
            o.kind = MF_MLD_KIND_QUERY_V2;
            o.max_response_code = max_response_code;
            o.group = group.to_c();
            o.s_flag = s_flag;
            o.qrv = qrv;
            o.qqic = qqic;
            o.qqi = codec::decode_code8(qqic);
            (o.number_of_sources, o.sources_offset) = addr_list_range(base, sources);
        }
        mld::Message::ReportV1 { group } => {
            o.kind = MF_MLD_KIND_V1_REPORT;
            o.group = group.to_c();
        }
        mld::Message::DoneV1 { group } => {
            o.kind = MF_MLD_KIND_V1_DONE;
            o.group = group.to_c();
        }
        mld::Message::ReportV2 { ref records } => {
            o.kind = MF_MLD_KIND_V2_REPORT;
            (o.number_of_records, o.records_offset) = records_range(base, records);
        }
    }
    o
}

fn record_to_c<A: Family>(base: &[u8], r: &GroupRecord<'_, A>) -> mf_group_record {
    let (number_of_sources, sources_offset) = addr_list_range(base, &r.sources);
    mf_group_record {
        record_type: r.record_type.to_u8(),
        group: r.group.to_c(),
        number_of_sources,
        sources_offset,
        aux_data_len: r.aux_data.len(),
        aux_data_offset: offset_in(base, r.aux_data),
        offset: sources_offset - 4 - A::LEN,
    }
}

/// The bytes of the message described by `offset` and `length` (from an
/// `mf_*_message` of this buffer).
fn message_bytes(buf: &[u8], offset: usize, length: usize) -> Result<&[u8], Failure> {
    offset
        .checked_add(length)
        .filter(|end| *end <= buf.len())
        .map(|end| &buf[offset..end])
        .ok_or(Failure::invalid_argument(
            "msg",
            "a message parsed from this buffer (offset and length inside len)",
            offset.saturating_add(length) as u64,
        ))
}

/// Writes the crate's result length to `*written`, or the size needed on
/// `BufferTooSmall`.
///
/// # Safety
///
/// `written` must be non-NULL and writable.
unsafe fn report_written(result: Result<usize, Error>, written: *mut usize) -> Result<(), Failure> {
    match result {
        Ok(n) => {
            // SAFETY: non-NULL and writable (the caller's promise).
            unsafe { written.write(n) };
            Ok(())
        }
        Err(e) => {
            if let Error::BufferTooSmall { needed, .. } = e {
                // SAFETY: as above.
                unsafe { written.write(needed) };
            }
            Err(failure(e, MF_LAYER_NONE, 0))
        }
    }
}

// ---------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------

const NAME_CAP: usize = 40;

/// A name from the crate as a NUL-terminated array, at compile time.
const fn c_name(s: &str) -> [u8; NAME_CAP] {
    let b = s.as_bytes();
    assert!(b.len() < NAME_CAP, "name too long for NAME_CAP");
    let mut out = [0u8; NAME_CAP];
    let mut i = 0;
    while i < b.len() {
        out[i] = b[i];
        i += 1;
    }
    out
}

/// The crate's name of every 8-bit value, NUL-terminated, built at compile time (an
/// all-zero entry has no name).
macro_rules! names {
    ($name_of:expr) => {{
        let mut t = [[0u8; NAME_CAP]; 256];
        let mut v = 0;
        while v < 256 {
            if let Some(n) = $name_of(v as u8) {
                t[v] = c_name(n);
            }
            v += 1;
        }
        t
    }};
}

const fn record_type_name(v: u8) -> Option<&'static str> {
    RecordType::from_u8(v).name()
}

static IGMP_TYPE_NAMES: [[u8; NAME_CAP]; 256] = names!(igmp::type_name);
static MLD_TYPE_NAMES: [[u8; NAME_CAP]; 256] = names!(mld::type_name);
static RECORD_TYPE_NAMES: [[u8; NAME_CAP]; 256] = names!(record_type_name);

fn lookup(table: &'static [[u8; NAME_CAP]; 256], v: u8, unknown: &'static CStr) -> *const c_char {
    let n = &table[usize::from(v)];
    if n[0] == 0 {
        unknown.as_ptr()
    } else {
        n.as_ptr().cast()
    }
}

/// The RFC name of an IGMP Type (`"Membership Query"`, `"Version 3 Membership
/// Report"`, ...).
///
/// Never returns NULL: another value gives `"unknown IGMP type"`. The string is
/// NUL-terminated, static, and must not be freed.
#[unsafe(no_mangle)]
pub extern "C" fn mf_igmp_type_str(msg_type: u8) -> *const c_char {
    guard_value(c"unknown IGMP type".as_ptr(), || {
        lookup(&IGMP_TYPE_NAMES, msg_type, c"unknown IGMP type")
    })
}

/// The RFC name of an MLD (ICMPv6) Type (`"Multicast Listener Query"`, `"Version 2
/// Multicast Listener Report"`, ...).
///
/// Never returns NULL: another value gives `"unknown MLD type"`. The string is
/// NUL-terminated, static, and must not be freed.
#[unsafe(no_mangle)]
pub extern "C" fn mf_mld_type_str(msg_type: u8) -> *const c_char {
    guard_value(c"unknown MLD type".as_ptr(), || {
        lookup(&MLD_TYPE_NAMES, msg_type, c"unknown MLD type")
    })
}

/// The RFC name of a Record Type (`"MODE_IS_INCLUDE"`, ..., `"BLOCK_OLD_SOURCES"`).
///
/// Never returns NULL: another value gives `"unknown record type"`. The string is
/// NUL-terminated, static, and must not be freed.
#[unsafe(no_mangle)]
pub extern "C" fn mf_record_type_str(record_type: u8) -> *const c_char {
    guard_value(c"unknown record type".as_ptr(), || {
        lookup(&RECORD_TYPE_NAMES, record_type, c"unknown record type")
    })
}

// ---------------------------------------------------------------------------------
// Codes
// ---------------------------------------------------------------------------------

/// The value an 8-bit code stands for (RFC 9776 §4.1.1 Max Resp Code in 1/10 s,
/// §4.1.7 QQIC in seconds; RFC 9777 §5.1.9 QQIC): codes below 128 are the value, others
/// are a floating-point mantissa and exponent.
#[unsafe(no_mangle)]
pub extern "C" fn mf_igmp_code8_decode(code: u8) -> u32 {
    guard_value(0, || codec::decode_code8(code))
}

/// The 8-bit code of a value: exact below 128, else the largest code whose value is
/// not above it; values from `MF_IGMP_CODE8_MAX` on give 0xFF.
#[unsafe(no_mangle)]
pub extern "C" fn mf_igmp_code8_encode(value: u32) -> u8 {
    guard_value(0xFF, || codec::encode_code8(value))
}

/// The value, in milliseconds, a 16-bit MLDv2 Maximum Response Code stands for
/// (RFC 9777 §5.1.3).
#[unsafe(no_mangle)]
pub extern "C" fn mf_mld_code16_decode(code: u16) -> u32 {
    guard_value(0, || codec::decode_code16(code))
}

/// The 16-bit Maximum Response Code of a value in milliseconds: exact below 32768,
/// else the largest code whose value is not above it; values from `MF_MLD_CODE16_MAX`
/// on give 0xFFFF.
#[unsafe(no_mangle)]
pub extern "C" fn mf_mld_code16_encode(value: u32) -> u16 {
    guard_value(0xFFFF, || codec::encode_code16(value))
}

// ---------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------

/// Parses one IGMP message (the IPv4 payload) into `*out`.
///
/// The version of a query comes from its length and Max Resp Code (RFC 9776 §7.1): 8
/// bytes with code 0 is IGMPv1, 8 bytes otherwise IGMPv2, 12 bytes or more IGMPv3.
/// Group records and sources stay in the buffer: read them with `mf_igmp_records` and
/// `mf_igmp_sources`. The checksum is not enforced (`out->checksum_valid` tells);
/// `mf_igmp_parse_verified` makes a wrong one an error. An unknown type parses as
/// `MF_IGMP_KIND_OTHER`.
///
/// Errors (layer `MF_LAYER_IGMP`, offsets from `buf`): `MF_STATUS_TRUNCATED` below 8
/// bytes, or when the sources or records run past `len`; `MF_STATUS_INVALID_FIELD`
/// (field `"length"`) for a query of 9 to 11 bytes. `*out` is written only on success.
///
/// # Safety
///
/// `buf` must be NULL or point to `len` readable bytes; `out` must be NULL or point to
/// a writable `mf_igmp_message`; `err` must be NULL or point to a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_parse(
    buf: *const u8,
    len: usize,
    out: *mut mf_igmp_message,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        // SAFETY: the caller promises `len` readable bytes at `buf`.
        let buf = unsafe { in_slice(buf, len, "buf") }?;
        let out = non_null_mut(out, "out")?;
        let m = igmp::Message::parse(buf).map_err(|e| failure(e, MF_LAYER_IGMP, 0))?;
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(igmp_to_c(buf, buf, &m)) };
        Ok(())
    })
}

/// Like `mf_igmp_parse`, but a wrong checksum is `MF_STATUS_CHECKSUM` (layer
/// `MF_LAYER_IGMP`, offset 2, `err->found` the checksum in the message and
/// `err->computed` the one the data gives).
///
/// # Safety
///
/// As for `mf_igmp_parse`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_parse_verified(
    buf: *const u8,
    len: usize,
    out: *mut mf_igmp_message,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        // SAFETY: the caller promises `len` readable bytes at `buf`.
        let buf = unsafe { in_slice(buf, len, "buf") }?;
        let out = non_null_mut(out, "out")?;
        let m = igmp::Message::parse_verified(buf).map_err(|e| failure(e, MF_LAYER_IGMP, 0))?;
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(igmp_to_c(buf, buf, &m)) };
        Ok(())
    })
}

/// Reads the IPv4 packet that starts at `buf + at` (pass 14 for an untagged Ethernet
/// frame) and the IGMP message it carries into `*out`: addresses, TTL, whether the
/// Router Alert option is there, and the message with offsets from `buf`.
///
/// Errors: `MF_STATUS_INVALID_ARGUMENT` (field `"at"`) when `at` is past `len`;
/// `MF_STATUS_TRUNCATED` (`MF_LAYER_IPV4`) when the buffer ends inside the header or
/// before Total Length; `MF_STATUS_INVALID_FIELD` (`MF_LAYER_IPV4`) for a
/// version other than 4, an IHL below 5 or a Protocol other than 2; then the errors of
/// `mf_igmp_parse` (`MF_LAYER_IGMP`). The checksum is not enforced:
/// `out->message.checksum_valid` tells. `*out` is written only on success.
///
/// # Safety
///
/// As for `mf_igmp_parse`, with `out` pointing to an `mf_igmp_packet`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_parse_packet(
    buf: *const u8,
    len: usize,
    at: usize,
    out: *mut mf_igmp_packet,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        // SAFETY: the caller promises `len` readable bytes at `buf`.
        let buf = unsafe { in_slice(buf, len, "buf") }?;
        let out = non_null_mut(out, "out")?;
        check_at(at, buf.len())?;
        let p = frame::read_ipv4_igmp(buf, at).map_err(packet_failure)?;
        let m = igmp::Message::parse(p.payload).map_err(|e| failure(e, MF_LAYER_IGMP, p.offset))?;
        let c = mf_igmp_packet {
            src: p.src.to_c(),
            dst: p.dst.to_c(),
            ttl: p.ttl,
            router_alert: p.router_alert,
            message: igmp_to_c(buf, p.payload, &m),
        };
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(c) };
        Ok(())
    })
}

/// Parses one MLD message (the ICMPv6 message) into `*out`.
///
/// A query of 24 bytes is MLDv1, one of 28 bytes or more MLDv2 (RFC 9777 §8.1). The
/// checksum covers an IPv6 pseudo-header and is not checked here (see
/// `mf_mld_checksum_valid` and `mf_mld_parse_packet`).
///
/// Errors (layer `MF_LAYER_MLD`, offsets from `buf`): `MF_STATUS_TRUNCATED` when the
/// message, its sources or records run past `len`; `MF_STATUS_INVALID_FIELD` for a
/// Type that is not MLD (field `"Type"`) or a query of 25 to 27 bytes (`"length"`).
/// `*out` is written only on success.
///
/// # Safety
///
/// `buf` must be NULL or point to `len` readable bytes; `out` must be NULL or point to
/// a writable `mf_mld_message`; `err` must be NULL or point to a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_mld_parse(
    buf: *const u8,
    len: usize,
    out: *mut mf_mld_message,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        // SAFETY: the caller promises `len` readable bytes at `buf`.
        let buf = unsafe { in_slice(buf, len, "buf") }?;
        let out = non_null_mut(out, "out")?;
        let m = mld::Message::parse(buf).map_err(|e| failure(e, MF_LAYER_MLD, 0))?;
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(mld_to_c(buf, buf, &m)) };
        Ok(())
    })
}

/// Whether the ICMPv6 checksum of the MLD message in `buf` is right for the IPv6
/// source and destination it was sent with; the answer goes to `*valid`.
///
/// Returns `MF_STATUS_INVALID_ARGUMENT` when `src` or `dst` is not IPv6.
///
/// # Safety
///
/// `buf` must be NULL or point to `len` readable bytes; `src` and `dst` must be NULL
/// or point to an `mf_ip_addr`; `valid` must be NULL or point to a writable `bool`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_mld_checksum_valid(
    buf: *const u8,
    len: usize,
    src: *const mf_ip_addr,
    dst: *const mf_ip_addr,
    valid: *mut bool,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: the caller promises `len` readable bytes at `buf`.
        let buf = unsafe { in_slice(buf, len, "buf") }?;
        // SAFETY: non-NULL and pointing to an address (caller's promise).
        let src = Ipv6Addr::from_c(&unsafe { non_null(src, "src")?.read() }, "src")?;
        // SAFETY: as above.
        let dst = Ipv6Addr::from_c(&unsafe { non_null(dst, "dst")?.read() }, "dst")?;
        let valid = non_null_mut(valid, "valid")?;
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { valid.write(mld::checksum_valid(buf, &src, &dst)) };
        Ok(())
    })
}

/// Reads the IPv6 packet that starts at `buf + at` (pass 14 for an untagged Ethernet
/// frame), walking its extension headers, and the MLD message it carries into `*out`:
/// addresses, hop limit, whether a Hop-by-Hop Router Alert is there, whether the
/// checksum is right, and the message with offsets from `buf`.
///
/// Errors: `MF_STATUS_INVALID_ARGUMENT` (field `"at"`) when `at` is past `len`;
/// `MF_STATUS_TRUNCATED` (`MF_LAYER_IPV6`) when the buffer ends inside the header, an extension header or before Payload Length; `MF_STATUS_INVALID_FIELD`
/// (`MF_LAYER_IPV6`) for a version other than 6 or a final Next Header other than
/// ICMPv6; then the errors of `mf_mld_parse` (`MF_LAYER_MLD`). `*out` is written only
/// on success.
///
/// # Safety
///
/// As for `mf_mld_parse`, with `out` pointing to an `mf_mld_packet`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_mld_parse_packet(
    buf: *const u8,
    len: usize,
    at: usize,
    out: *mut mf_mld_packet,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        // SAFETY: the caller promises `len` readable bytes at `buf`.
        let buf = unsafe { in_slice(buf, len, "buf") }?;
        let out = non_null_mut(out, "out")?;
        check_at(at, buf.len())?;
        let p = frame::read_ipv6_mld(buf, at).map_err(packet_failure)?;
        let m = mld::Message::parse(p.payload).map_err(|e| failure(e, MF_LAYER_MLD, p.offset))?;
        let c = mf_mld_packet {
            src: p.src.to_c(),
            dst: p.dst.to_c(),
            hop_limit: p.hop_limit,
            router_alert: p.router_alert,
            checksum_valid: mld::checksum_valid(p.payload, &p.src, &p.dst),
            message: mld_to_c(buf, p.payload, &m),
        };
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(c) };
        Ok(())
    })
}

/// Copies the group records of the IGMPv3 report `*msg` (parsed from this same buffer
/// by `mf_igmp_parse*`) into the caller's array of `cap` records; `*count` receives
/// their number. A message other than a v3 report has none.
///
/// Returns `MF_STATUS_BUFFER_TOO_SMALL` with `*count` set to the number needed when
/// `cap` is too small (`out` may be NULL when `cap` is 0), `MF_STATUS_INVALID_ARGUMENT`
/// when `*msg` does not fit `len`, and the parse errors of `mf_igmp_parse` when the
/// bytes are not those `*msg` was read from.
///
/// # Safety
///
/// `buf` must be NULL or point to `len` readable bytes; `msg` must be NULL or point to
/// an `mf_igmp_message`; `out` must be NULL or point to `cap` writable records; `count`
/// must be NULL or point to a writable `size_t`; `err` must be NULL or point to a
/// writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_records(
    buf: *const u8,
    len: usize,
    msg: *const mf_igmp_message,
    out: *mut mf_group_record,
    cap: usize,
    count: *mut usize,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        // SAFETY: the caller promises `len` readable bytes at `buf`.
        let buf = unsafe { in_slice(buf, len, "buf") }?;
        // SAFETY: non-NULL and pointing to a message (caller's promise); plain data.
        let msg = unsafe { non_null(msg, "msg")?.read() };
        let bytes = message_bytes(buf, msg.offset, msg.length)?;
        let m = igmp::Message::parse(bytes).map_err(|e| failure(e, MF_LAYER_IGMP, msg.offset))?;
        let records = match m {
            igmp::Message::ReportV3 { records } => records,
            _ => Records::Given(&[]),
        };
        // SAFETY: `out` holds `cap` writable records and `count` is writable (caller's
        // promise).
        unsafe {
            write_array(
                || records.iter().map(|r| record_to_c(buf, &r)),
                out,
                cap,
                count,
                "out",
            )
        }
    })
}

/// Copies the records of the MLDv2 report `*msg` (parsed from this same buffer) into
/// the caller's array, as `mf_igmp_records` does for IGMP.
///
/// # Safety
///
/// As for `mf_igmp_records`, with `msg` pointing to an `mf_mld_message`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_mld_records(
    buf: *const u8,
    len: usize,
    msg: *const mf_mld_message,
    out: *mut mf_group_record,
    cap: usize,
    count: *mut usize,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        // SAFETY: the caller promises `len` readable bytes at `buf`.
        let buf = unsafe { in_slice(buf, len, "buf") }?;
        // SAFETY: non-NULL and pointing to a message (caller's promise); plain data.
        let msg = unsafe { non_null(msg, "msg")?.read() };
        let bytes = message_bytes(buf, msg.offset, msg.length)?;
        let m = mld::Message::parse(bytes).map_err(|e| failure(e, MF_LAYER_MLD, msg.offset))?;
        let records = match m {
            mld::Message::ReportV2 { records } => records,
            _ => Records::Given(&[]),
        };
        // SAFETY: `out` holds `cap` writable records and `count` is writable (caller's
        // promise).
        unsafe {
            write_array(
                || records.iter().map(|r| record_to_c(buf, &r)),
                out,
                cap,
                count,
                "out",
            )
        }
    })
}

/// Copies `number` addresses of `A` found at `offset` in `buf` into the caller's array.
///
/// # Safety
///
/// As for `mf_igmp_sources`.
unsafe fn sources<A: Family>(
    buf: *const u8,
    len: usize,
    offset: usize,
    number: usize,
    out: *mut mf_ip_addr,
    cap: usize,
    count: *mut usize,
) -> Result<(), Failure> {
    // SAFETY: the caller promises `len` readable bytes at `buf`.
    let buf = unsafe { in_slice(buf, len, "buf") }?;
    let end = number
        .checked_mul(A::LEN)
        .and_then(|n| n.checked_add(offset))
        .filter(|end| *end <= buf.len())
        .ok_or(Failure::invalid_argument(
            "number",
            "sources inside the buffer (an offset and number from a parsed message or record)",
            number as u64,
        ))?;
    let list = AddrList::<A>::Wire(&buf[offset..end]);
    // SAFETY: `out` holds `cap` writable addresses and `count` is writable (caller's
    // promise).
    unsafe { write_array(|| list.iter().map(A::to_c), out, cap, count, "out") }
}

/// Copies `number` IPv4 source addresses that start at `offset` in `buf` (the
/// `sources_offset` and `number_of_sources` of an `mf_igmp_message` or
/// `mf_group_record` read from this buffer) into the caller's array of `cap`
/// addresses; `*count` receives the number copied.
///
/// Returns `MF_STATUS_BUFFER_TOO_SMALL` with `*count` set to `number` when `cap` is too
/// small (`out` may be NULL when `cap` is 0), and `MF_STATUS_INVALID_ARGUMENT` when the
/// addresses do not fit `len`.
///
/// # Safety
///
/// `buf` must be NULL or point to `len` readable bytes; `out` must be NULL or point to
/// `cap` writable addresses; `count` must be NULL or point to a writable `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_sources(
    buf: *const u8,
    len: usize,
    offset: usize,
    number: usize,
    out: *mut mf_ip_addr,
    cap: usize,
    count: *mut usize,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded from the caller.
        unsafe { sources::<Ipv4Addr>(buf, len, offset, number, out, cap, count) }
    })
}

/// Copies `number` IPv6 source addresses that start at `offset` in `buf` (from an
/// `mf_mld_message` or `mf_group_record`), as `mf_igmp_sources` does for IPv4.
///
/// # Safety
///
/// As for `mf_igmp_sources`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_mld_sources(
    buf: *const u8,
    len: usize,
    offset: usize,
    number: usize,
    out: *mut mf_ip_addr,
    cap: usize,
    count: *mut usize,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: forwarded from the caller.
        unsafe { sources::<Ipv6Addr>(buf, len, offset, number, out, cap, count) }
    })
}

// ---------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------

/// Fills `*out` for an IGMP message of `kind` with the defaults: group `0.0.0.0` (a
/// general query), no sources or records, and for queries the default timers of
/// RFC 9776 §8 (Query Response Interval 10 s: Max Resp Code 100; Robustness Variable
/// 2; Query Interval 125 s). An IGMPv1 query has Max Resp Code 0.
///
/// Returns `MF_STATUS_INVALID_ARGUMENT` for `MF_IGMP_KIND_OTHER` or an unknown kind.
///
/// # Safety
///
/// `out` must be NULL or point to a writable `mf_igmp_spec`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_spec_init(
    kind: mf_igmp_kind,
    out: *mut mf_igmp_spec,
) -> mf_status {
    guard(ptr::null_mut(), || {
        let out = non_null_mut(out, "out")?;
        if !(MF_IGMP_KIND_QUERY_V1..=MF_IGMP_KIND_V3_REPORT).contains(&kind) {
            return Err(Failure::invalid_argument(
                "kind",
                "an MF_IGMP_KIND_* other than MF_IGMP_KIND_OTHER (1 to 7)",
                u64::from(kind),
            ));
        }
        let t = Timers::default();
        let query = matches!(kind, MF_IGMP_KIND_QUERY_V2 | MF_IGMP_KIND_QUERY_V3);
        let qri_ds = (t.query_response_interval.as_millis() / 100) as u32;
        let spec = mf_igmp_spec {
            kind,
            max_resp_code: if query {
                codec::encode_code8(qri_ds)
            } else {
                0
            },
            group: Ipv4Addr::UNSPECIFIED.to_c(),
            s_flag: false,
            qrv: if kind == MF_IGMP_KIND_QUERY_V3 {
                t.robustness.min(7) as u8
            } else {
                0
            },
            qqic: if kind == MF_IGMP_KIND_QUERY_V3 {
                codec::encode_code8(t.query_interval.as_secs() as u32)
            } else {
                0
            },
            sources: ptr::null(),
            number_of_sources: 0,
            records: ptr::null(),
            number_of_records: 0,
        };
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(spec) };
        Ok(())
    })
}

/// Fills `*out` for an MLD message of `kind` with the defaults: group `::`, no sources
/// or records, and for queries the default timers of RFC 9777 §9 (Query Response
/// Interval 10 s: Maximum Response Delay 10000 ms; Robustness Variable 2; Query
/// Interval 125 s).
///
/// Returns `MF_STATUS_INVALID_ARGUMENT` for an unknown kind.
///
/// # Safety
///
/// `out` must be NULL or point to a writable `mf_mld_spec`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_mld_spec_init(kind: mf_mld_kind, out: *mut mf_mld_spec) -> mf_status {
    guard(ptr::null_mut(), || {
        let out = non_null_mut(out, "out")?;
        if !(MF_MLD_KIND_QUERY_V1..=MF_MLD_KIND_V2_REPORT).contains(&kind) {
            return Err(Failure::invalid_argument(
                "kind",
                "an MF_MLD_KIND_* (1 to 5)",
                u64::from(kind),
            ));
        }
        let t = Timers::default();
        let qri_ms = t.query_response_interval.as_millis() as u32;
        let spec = mf_mld_spec {
            kind,
            max_response_code: match kind {
                MF_MLD_KIND_QUERY_V1 => u16::try_from(qri_ms).unwrap_or(u16::MAX),
                MF_MLD_KIND_QUERY_V2 => codec::encode_code16(qri_ms),
                _ => 0,
            },
            group: Ipv6Addr::UNSPECIFIED.to_c(),
            s_flag: false,
            qrv: if kind == MF_MLD_KIND_QUERY_V2 {
                t.robustness.min(7) as u8
            } else {
                0
            },
            qqic: if kind == MF_MLD_KIND_QUERY_V2 {
                codec::encode_code8(t.query_interval.as_secs() as u32)
            } else {
                0
            },
            sources: ptr::null(),
            number_of_sources: 0,
            records: ptr::null(),
            number_of_records: 0,
        };
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(spec) };
        Ok(())
    })
}

/// Writes the IGMP message `*spec` describes, with its checksum, into `out`; `*written`
/// receives its length.
///
/// Errors: `MF_STATUS_BUFFER_TOO_SMALL` with `*written` = bytes needed;
/// `MF_STATUS_OUT_OF_RANGE` for an IGMPv2 query with Max Resp Time 0, a QRV above 7, more
/// than 65535 sources or records, or auxiliary data that is not a multiple of 4 or
/// above 1020 bytes; `MF_STATUS_INVALID_ARGUMENT` for an unknown kind or an address
/// that is not IPv4. On failure the contents of `out` are unspecified.
///
/// # Safety
///
/// `spec` must be NULL or point to an `mf_igmp_spec` whose arrays are readable as
/// documented; `out` must be NULL or point to `out_len` writable bytes; `written` must
/// be NULL or point to a writable `size_t`; `err` must be NULL or point to a writable
/// `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_emit(
    spec: *const mf_igmp_spec,
    out: *mut u8,
    out_len: usize,
    written: *mut usize,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        // SAFETY: non-NULL and pointing to a spec (caller's promise); plain data.
        let spec = unsafe { non_null(spec, "spec")?.read() };
        // SAFETY: the caller promises `out_len` writable bytes at `out`.
        let out = unsafe { out_slice(out, out_len, "out") }?;
        let written = non_null_mut(written, "written")?;
        // SAFETY: the caller's promise on the spec's arrays.
        let result = unsafe { with_igmp(&spec, |m| Ok(m.emit(out))) }?;
        // SAFETY: `written` is non-NULL and writable (caller's promise).
        unsafe { report_written(result, written) }
    })
}

/// Writes a whole Ethernet frame carrying the IGMP message `*spec` describes into
/// `out`: Ethernet II to the group's multicast MAC, IPv4 with TTL 1, TOS 0xC0, Don't
/// Fragment and the Router Alert option (RFC 2113; RFC 9776 §4), from `*src_ip`, to
/// `*dst` or, when `dst` is NULL, the RFC destination of the message (224.0.0.1 for a
/// general query, the group for a group-specific query or a v1/v2 report, 224.0.0.2 for
/// a leave, 224.0.0.22 for a v3 report). `*written` receives the frame length
/// (`MF_IGMP_FRAME_OVERHEAD` plus the message).
///
/// Errors: those of `mf_igmp_emit`; `MF_STATUS_INVALID_ARGUMENT` for a source or
/// destination that is not IPv4 or `out` overlapping a source array.
///
/// # Safety
///
/// As for `mf_igmp_emit`; `src_mac` must be NULL or point to 6 readable bytes; `src_ip`
/// must be NULL or point to an `mf_ip_addr`; `dst` may be NULL or point to an
/// `mf_ip_addr`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_frame(
    spec: *const mf_igmp_spec,
    src_mac: *const u8,
    src_ip: *const mf_ip_addr,
    dst: *const mf_ip_addr,
    out: *mut u8,
    out_len: usize,
    written: *mut usize,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        // SAFETY: non-NULL and pointing to a spec (caller's promise); plain data.
        let spec = unsafe { non_null(spec, "spec")?.read() };
        // SAFETY: the caller promises 6 readable bytes at `src_mac`.
        let mac = unsafe { in_slice(src_mac, 6, "src_mac") }?;
        let mac: [u8; 6] = [mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]];
        // SAFETY: non-NULL and pointing to an address (caller's promise).
        let src = Ipv4Addr::from_c(&unsafe { non_null(src_ip, "src_ip")?.read() }, "src_ip")?;
        let dst = if dst.is_null() {
            None
        } else {
            // SAFETY: non-NULL and pointing to an address (caller's promise).
            Some(Ipv4Addr::from_c(&unsafe { dst.read() }, "dst")?)
        };
        no_overlap(
            src_mac,
            6,
            out,
            out_len,
            "out",
            "a buffer that does not overlap `src_mac`",
        )?;
        // SAFETY: the caller promises `out_len` writable bytes at `out`.
        let out = unsafe { out_slice(out, out_len, "out") }?;
        let written = non_null_mut(written, "written")?;
        // SAFETY: the caller's promise on the spec's arrays.
        let result = unsafe { with_igmp(&spec, |m| Ok(frame::frame_igmp(m, mac, src, dst, out))) }?;
        // SAFETY: `written` is non-NULL and writable (caller's promise).
        unsafe { report_written(result, written) }
    })
}

/// Writes the IPv4 destination the RFCs give for the message `*spec` describes into
/// `*out` (see `mf_igmp_frame`).
///
/// # Safety
///
/// `spec` must be NULL or point to an `mf_igmp_spec` whose arrays are readable; `out`
/// must be NULL or point to a writable `mf_ip_addr`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_igmp_destination(
    spec: *const mf_igmp_spec,
    out: *mut mf_ip_addr,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: non-NULL and pointing to a spec (caller's promise); plain data.
        let spec = unsafe { non_null(spec, "spec")?.read() };
        let out = non_null_mut(out, "out")?;
        // SAFETY: the caller's promise on the spec's arrays.
        let d = unsafe { with_igmp(&spec, |m| Ok(m.destination())) }?;
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(d.to_c()) };
        Ok(())
    })
}

/// Writes the MLD message `*spec` describes into `out`, with the ICMPv6 checksum over
/// the pseudo-header of `*src` and `*dst` (NULL: the RFC destination of the message,
/// as `mf_mld_frame` gives it); `*written` receives its length.
///
/// Errors: `MF_STATUS_BUFFER_TOO_SMALL` with `*written` = bytes needed;
/// `MF_STATUS_OUT_OF_RANGE` for a QRV above 7, more than 65535 sources or records, or
/// bad auxiliary data; `MF_STATUS_INVALID_ARGUMENT` for an unknown kind or an address
/// that is not IPv6.
///
/// # Safety
///
/// As for `mf_igmp_emit`, with `spec` pointing to an `mf_mld_spec`, `src` to an
/// `mf_ip_addr`, `dst` NULL or to an `mf_ip_addr`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_mld_emit(
    spec: *const mf_mld_spec,
    src: *const mf_ip_addr,
    dst: *const mf_ip_addr,
    out: *mut u8,
    out_len: usize,
    written: *mut usize,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        // SAFETY: non-NULL and pointing to a spec (caller's promise); plain data.
        let spec = unsafe { non_null(spec, "spec")?.read() };
        // SAFETY: non-NULL and pointing to an address (caller's promise).
        let src = Ipv6Addr::from_c(&unsafe { non_null(src, "src")?.read() }, "src")?;
        let dst = if dst.is_null() {
            None
        } else {
            // SAFETY: non-NULL and pointing to an address (caller's promise).
            Some(Ipv6Addr::from_c(&unsafe { dst.read() }, "dst")?)
        };
        // SAFETY: the caller promises `out_len` writable bytes at `out`.
        let out = unsafe { out_slice(out, out_len, "out") }?;
        let written = non_null_mut(written, "written")?;
        // SAFETY: the caller's promise on the spec's arrays.
        let result = unsafe {
            with_mld(&spec, |m| {
                let dst = dst.unwrap_or_else(|| m.destination());
                Ok(m.emit(&src, &dst, out))
            })
        }?;
        // SAFETY: `written` is non-NULL and writable (caller's promise).
        unsafe { report_written(result, written) }
    })
}

/// Writes a whole Ethernet frame carrying the MLD message `*spec` describes into
/// `out`: Ethernet II to the group's multicast MAC, IPv6 with hop limit 1 and a
/// Hop-by-Hop Options header with Router Alert (RFC 2711; RFC 9777 §5), from `*src_ip`
/// (a link-local address), to `*dst` or, when NULL, the RFC destination of the message
/// (ff02::1 for a general query, the group for a group-specific query or a v1 report,
/// ff02::2 for a Done, ff02::16 for a v2 report). `*written` receives the frame length
/// (`MF_MLD_FRAME_OVERHEAD` plus the message).
///
/// Errors: those of `mf_mld_emit`.
///
/// # Safety
///
/// As for `mf_igmp_frame`, with `spec` pointing to an `mf_mld_spec`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_mld_frame(
    spec: *const mf_mld_spec,
    src_mac: *const u8,
    src_ip: *const mf_ip_addr,
    dst: *const mf_ip_addr,
    out: *mut u8,
    out_len: usize,
    written: *mut usize,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        // SAFETY: non-NULL and pointing to a spec (caller's promise); plain data.
        let spec = unsafe { non_null(spec, "spec")?.read() };
        // SAFETY: the caller promises 6 readable bytes at `src_mac`.
        let mac = unsafe { in_slice(src_mac, 6, "src_mac") }?;
        let mac: [u8; 6] = [mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]];
        // SAFETY: non-NULL and pointing to an address (caller's promise).
        let src = Ipv6Addr::from_c(&unsafe { non_null(src_ip, "src_ip")?.read() }, "src_ip")?;
        let dst = if dst.is_null() {
            None
        } else {
            // SAFETY: non-NULL and pointing to an address (caller's promise).
            Some(Ipv6Addr::from_c(&unsafe { dst.read() }, "dst")?)
        };
        no_overlap(
            src_mac,
            6,
            out,
            out_len,
            "out",
            "a buffer that does not overlap `src_mac`",
        )?;
        // SAFETY: the caller promises `out_len` writable bytes at `out`.
        let out = unsafe { out_slice(out, out_len, "out") }?;
        let written = non_null_mut(written, "written")?;
        // SAFETY: the caller's promise on the spec's arrays.
        let result = unsafe { with_mld(&spec, |m| Ok(frame::frame_mld(m, mac, src, dst, out))) }?;
        // SAFETY: `written` is non-NULL and writable (caller's promise).
        unsafe { report_written(result, written) }
    })
}

/// Writes the IPv6 destination the RFCs give for the message `*spec` describes into
/// `*out` (see `mf_mld_frame`).
///
/// # Safety
///
/// `spec` must be NULL or point to an `mf_mld_spec` whose arrays are readable; `out`
/// must be NULL or point to a writable `mf_ip_addr`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_mld_destination(
    spec: *const mf_mld_spec,
    out: *mut mf_ip_addr,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: non-NULL and pointing to a spec (caller's promise); plain data.
        let spec = unsafe { non_null(spec, "spec")?.read() };
        let out = non_null_mut(out, "out")?;
        // SAFETY: the caller's promise on the spec's arrays.
        let d = unsafe { with_mld(&spec, |m| Ok(m.destination())) }?;
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(d.to_c()) };
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{MF_STATUS_INVALID_ARGUMENT, MF_STATUS_OK};

    fn cstr(p: *const c_char) -> &'static str {
        // SAFETY: the library returns static NUL-terminated strings.
        unsafe { CStr::from_ptr(p) }.to_str().unwrap()
    }

    #[test]
    fn constants_are_the_crates() {
        assert_eq!(MF_IGMP_IP_PROTOCOL, mediafabric_igmp::IP_PROTOCOL);
        assert_eq!(MF_IGMP_TYPE_QUERY, igmp::TYPE_QUERY);
        assert_eq!(MF_IGMP_TYPE_V1_REPORT, igmp::TYPE_V1_REPORT);
        assert_eq!(MF_IGMP_TYPE_V2_REPORT, igmp::TYPE_V2_REPORT);
        assert_eq!(MF_IGMP_TYPE_V2_LEAVE, igmp::TYPE_V2_LEAVE);
        assert_eq!(MF_IGMP_TYPE_V3_REPORT, igmp::TYPE_V3_REPORT);
        assert_eq!(MF_MLD_TYPE_QUERY, mld::TYPE_QUERY);
        assert_eq!(MF_MLD_TYPE_V1_REPORT, mld::TYPE_V1_REPORT);
        assert_eq!(MF_MLD_TYPE_V1_DONE, mld::TYPE_V1_DONE);
        assert_eq!(MF_MLD_TYPE_V2_REPORT, mld::TYPE_V2_REPORT);
        assert_eq!(MF_IGMP_CODE8_MAX, codec::CODE8_MAX);
        assert_eq!(MF_MLD_CODE16_MAX, codec::CODE16_MAX);
        let rts = [
            (MF_RECORD_TYPE_MODE_IS_INCLUDE, RecordType::ModeIsInclude),
            (MF_RECORD_TYPE_MODE_IS_EXCLUDE, RecordType::ModeIsExclude),
            (
                MF_RECORD_TYPE_CHANGE_TO_INCLUDE_MODE,
                RecordType::ChangeToIncludeMode,
            ),
            (
                MF_RECORD_TYPE_CHANGE_TO_EXCLUDE_MODE,
                RecordType::ChangeToExcludeMode,
            ),
            (
                MF_RECORD_TYPE_ALLOW_NEW_SOURCES,
                RecordType::AllowNewSources,
            ),
            (
                MF_RECORD_TYPE_BLOCK_OLD_SOURCES,
                RecordType::BlockOldSources,
            ),
        ];
        for (c, r) in rts {
            assert_eq!(c, r.to_u8());
            assert_eq!(cstr(mf_record_type_str(c)), r.name().unwrap());
        }
        assert_eq!(cstr(mf_record_type_str(7)), "unknown record type");
        assert_eq!(cstr(mf_igmp_type_str(0x22)), "Version 3 Membership Report");
        assert_eq!(cstr(mf_igmp_type_str(0x99)), "unknown IGMP type");
        assert_eq!(cstr(mf_mld_type_str(143)), mld::type_name(143).unwrap());
        assert_eq!(cstr(mf_mld_type_str(0)), "unknown MLD type");
    }

    #[test]
    fn frame_overheads_are_the_crates() {
        let mut spec = core::mem::MaybeUninit::<mf_igmp_spec>::uninit();
        // SAFETY: valid pointer.
        let s = unsafe { mf_igmp_spec_init(MF_IGMP_KIND_V2_REPORT, spec.as_mut_ptr()) };
        assert_eq!(s, MF_STATUS_OK);
        // SAFETY: initialised on success.
        let spec = unsafe { spec.assume_init() };
        let mut out = [0u8; 128];
        let mut n = 0;
        let src = Ipv4Addr::new(10, 0, 0, 1).to_c();
        // SAFETY: valid pointers and lengths.
        let s = unsafe {
            mf_igmp_frame(
                &spec,
                [2u8, 0, 0, 0, 0, 1].as_ptr(),
                &src,
                ptr::null(),
                out.as_mut_ptr(),
                out.len(),
                &mut n,
                ptr::null_mut(),
            )
        };
        assert_eq!(s, MF_STATUS_OK);
        assert_eq!(n, MF_IGMP_FRAME_OVERHEAD + 8);
        let mut mspec = core::mem::MaybeUninit::<mf_mld_spec>::uninit();
        // SAFETY: valid pointer.
        unsafe { mf_mld_spec_init(MF_MLD_KIND_V1_REPORT, mspec.as_mut_ptr()) };
        // SAFETY: initialised on success.
        let mspec = unsafe { mspec.assume_init() };
        let src6 = Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 1).to_c();
        // SAFETY: valid pointers and lengths.
        let s = unsafe {
            mf_mld_frame(
                &mspec,
                [2u8, 0, 0, 0, 0, 1].as_ptr(),
                &src6,
                ptr::null(),
                out.as_mut_ptr(),
                out.len(),
                &mut n,
                ptr::null_mut(),
            )
        };
        assert_eq!(s, MF_STATUS_OK);
        assert_eq!(n, MF_MLD_FRAME_OVERHEAD + 24);
        // SAFETY: a NULL `out` is refused.
        let s = unsafe { mf_igmp_spec_init(MF_IGMP_KIND_OTHER, core::ptr::null_mut()) };
        assert_eq!(s, crate::MF_STATUS_NULL_POINTER);
        let mut spec2 = spec;
        // SAFETY: valid pointer.
        let s = unsafe { mf_igmp_spec_init(MF_IGMP_KIND_OTHER, &mut spec2) };
        assert_eq!(s, MF_STATUS_INVALID_ARGUMENT);
    }

    #[test]
    fn every_cut_of_a_report_is_an_error_not_a_panic() {
        // Packet 11 of captures/igmp/linux-igmpv3-host.pcap, from the IPv4 header on.
        let pkt = [
            0x46, 0xc0, 0x00, 0x38, 0x00, 0x00, 0x40, 0x00, 0x01, 0x02, 0x00, 0x00, 10, 77, 0, 2,
            224, 0, 0, 22, 0x94, 0x04, 0x00, 0x00, 0x22, 0x00, 0xe3, 0xe7, 0x00, 0x00, 0x00, 0x02,
            0x06, 0x00, 0x00, 0x02, 0xe8, 0x05, 0x05, 0x05, 0x0a, 0x01, 0x00, 0x03, 0x0a, 0x01,
            0x00, 0x01, 0x03, 0x00, 0x00, 0x00, 0xef, 0x01, 0x01, 0x01,
        ];
        let mut p = core::mem::MaybeUninit::<mf_igmp_packet>::uninit();
        // SAFETY: valid pointers.
        let s = unsafe {
            mf_igmp_parse_packet(pkt.as_ptr(), pkt.len(), 0, p.as_mut_ptr(), ptr::null_mut())
        };
        assert_eq!(s, MF_STATUS_OK);
        // SAFETY: written on success.
        let p = unsafe { p.assume_init() };
        assert_eq!(p.message.offset, 24);
        assert_eq!(p.message.records_offset, 32);
        assert!(p.message.checksum_valid);
        for n in 0..pkt.len() {
            let mut e = core::mem::MaybeUninit::<mf_error>::uninit();
            let mut q = core::mem::MaybeUninit::<mf_igmp_packet>::uninit();
            // SAFETY: valid pointers.
            let s =
                unsafe { mf_igmp_parse_packet(pkt.as_ptr(), n, 0, q.as_mut_ptr(), e.as_mut_ptr()) };
            assert_ne!(s, MF_STATUS_OK, "cut at {n}");
            // SAFETY: written on failure.
            let e = unsafe { e.assume_init() };
            assert!(e.has_offset);
            assert!(e.layer == MF_LAYER_IPV4 || e.layer == MF_LAYER_IGMP);
        }
    }
}
