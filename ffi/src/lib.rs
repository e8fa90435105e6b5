//! The C ABI of mediafabric: `libmediafabric.a`, `libmediafabric.so` and the header
//! `include/mediafabric.h` (generated from this crate by cbindgen).
//!
//! This crate adds no protocol logic: every function converts C values to the types of
//! the protocol crates ([`mediafabric_vxlan`], [`mediafabric_ptp`] and
//! [`mediafabric_igmp`]), calls them and converts back.
//!
//! # Conventions
//!
//! Every exported name starts with `mf_` (types and functions) or `MF_` (constants);
//! protocol functions continue with the protocol (`mf_vxlan_...`).
//!
//! - **Status codes.** Every function that can fail returns an [`mf_status`]; `MF_STATUS_OK`
//!   (0) means success. The numbers are stable: a number is never reused for another
//!   meaning, new codes are only ever appended. [`mf_status_str`] names a code.
//! - **Outputs.** Results go through out-parameters, written only when the function
//!   returns `MF_STATUS_OK`. The one exception is the length out-parameter of a function
//!   filling a caller buffer or array: on `MF_STATUS_BUFFER_TOO_SMALL` it receives the
//!   size needed (bytes or elements), so the caller can retry with a bigger buffer.
//! - **Buffers.** Input buffers are `(const uint8_t *buf, size_t len)`; output buffers are
//!   `(uint8_t *out, size_t out_len, size_t *written)`. On failure the contents of an
//!   output buffer are unspecified.
//! - **Pointers.** Every pointer argument is checked: NULL gives `MF_STATUS_NULL_POINTER`
//!   and nothing is written. Pointers are only required to be valid for the duration of
//!   the call unless a function says otherwise; nothing is kept. The one optional
//!   pointer is the trailing `mf_error *err` (NULL: no detail wanted), and array outputs
//!   may be NULL when their capacity is 0 (to ask for the size needed).
//! - **Opaque objects** are created by `..._new(..., T **out)` and released by
//!   `..._free(T *)`, which accepts NULL. A `const T *` argument is only read.
//! - **Panics** never cross the boundary: every function body runs under
//!   `catch_unwind`, and a panic (always a bug in mediafabric) returns
//!   `MF_STATUS_PANIC`. The library must be built with `panic = "unwind"` (the default).
//! - **Errors with context.** Functions whose failure has something to say about the
//!   input (parsing, emitting, encapsulating, decapsulating, receiving) take a trailing
//!   `mf_error *err`. When it is not NULL and the function fails, the whole
//!   [`mf_error`] is written: status, layer, byte offset, field name, what was expected,
//!   what was found, and a complete message. It is left untouched on success. The
//!   struct is plain data: it owns no memory and may be copied, kept or discarded. No
//!   hidden per-thread "last error" state exists.
//! - **Time** is passed in by the caller as nanoseconds (`uint64_t`) since an epoch of
//!   the caller's choosing, from a monotonic clock; the library never reads a clock.
//! - **Threads.** The library has no global state. An opaque object may be used from
//!   any thread, but calls on one object must not overlap unless they all take it as
//!   `const` (read-only functions may run concurrently with each other).
//! - **Enumerations** are fixed-size integer typedefs with prefixed constants
//!   (`typedef uint32_t mf_status;`, `#define MF_STATUS_OK 0`): any value may be passed
//!   in, and an unknown one is reported as `MF_STATUS_INVALID_ARGUMENT`.
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(missing_docs)]
#![allow(non_camel_case_types)]

use core::ffi::c_char;
use core::fmt::{self, Write as _};
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::panic::{AssertUnwindSafe, catch_unwind};

pub mod igmp;
pub mod igmp_host;
pub mod igmp_router;
pub mod ptp;
pub mod st2110;
pub mod vxlan;

// ---------------------------------------------------------------------------------
// Status codes
// ---------------------------------------------------------------------------------

/// The result of every fallible function. `MF_STATUS_OK` (0) is success.
///
/// The numbers are part of the ABI: each keeps its meaning forever, is never reused,
/// and new codes are only appended. Use `mf_status_str` to name one.
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct mf_status(pub u32);

/// Success.
pub const MF_STATUS_OK: mf_status = mf_status(0);
/// A required pointer argument was NULL. Never reused.
pub const MF_STATUS_NULL_POINTER: mf_status = mf_status(1);
/// The caller's output buffer or array is too small; its length out-parameter holds
/// the size needed. Never reused.
pub const MF_STATUS_BUFFER_TOO_SMALL: mf_status = mf_status(2);
/// The input ends before the layer being read does. Never reused.
pub const MF_STATUS_TRUNCATED: mf_status = mf_status(3);
/// A field of the input holds a value that cannot be accepted. Never reused.
pub const MF_STATUS_INVALID_FIELD: mf_status = mf_status(4);
/// A checksum in the input does not match its data. Never reused.
pub const MF_STATUS_CHECKSUM: mf_status = mf_status(5);
/// A value handed in does not fit its field (a VNI above 2^24 - 1, a VLAN ID above
/// 4095, ...). Never reused.
pub const MF_STATUS_OUT_OF_RANGE: mf_status = mf_status(6);
/// A table or list holds as many entries as it may. Never reused.
pub const MF_STATUS_TABLE_FULL: mf_status = mf_status(7);
/// A received frame's VNI is not on the allow-list. Never reused.
pub const MF_STATUS_VNI_NOT_ALLOWED: mf_status = mf_status(8);
/// A received frame's sender (remote VTEP) is not on the allow-list. Never reused.
pub const MF_STATUS_REMOTE_NOT_ALLOWED: mf_status = mf_status(9);
/// The entry asked for does not exist. Never reused.
pub const MF_STATUS_NOT_FOUND: mf_status = mf_status(10);
/// An argument is not one of the values the function accepts (an unknown enumeration
/// constant, an IP family other than 4 or 6, a length above `PTRDIFF_MAX`, ...).
/// Never reused.
pub const MF_STATUS_INVALID_ARGUMENT: mf_status = mf_status(11);
/// A panic was caught at the boundary: a bug in mediafabric, please report it. Outputs
/// are not written. Never reused.
pub const MF_STATUS_PANIC: mf_status = mf_status(12);
/// An iterator has no more items (`mf_ptp_tlv_next`): not an error, nothing was
/// written. Never reused.
pub const MF_STATUS_END: mf_status = mf_status(13);

/// Every status code with its static name, in numeric order.
fn status_names() -> &'static [(mf_status, &'static core::ffi::CStr)] {
    const NAMES: [(mf_status, &core::ffi::CStr); 14] = [
        (MF_STATUS_OK, c"ok"),
        (MF_STATUS_NULL_POINTER, c"null pointer"),
        (MF_STATUS_BUFFER_TOO_SMALL, c"buffer too small"),
        (MF_STATUS_TRUNCATED, c"truncated"),
        (MF_STATUS_INVALID_FIELD, c"invalid field"),
        (MF_STATUS_CHECKSUM, c"bad checksum"),
        (MF_STATUS_OUT_OF_RANGE, c"out of range"),
        (MF_STATUS_TABLE_FULL, c"table full"),
        (MF_STATUS_VNI_NOT_ALLOWED, c"VNI not allowed"),
        (MF_STATUS_REMOTE_NOT_ALLOWED, c"remote not allowed"),
        (MF_STATUS_NOT_FOUND, c"not found"),
        (MF_STATUS_INVALID_ARGUMENT, c"invalid argument"),
        (MF_STATUS_PANIC, c"panic (internal error)"),
        (MF_STATUS_END, c"end of iteration"),
    ];
    &NAMES
}

fn status_cstr(status: mf_status) -> &'static core::ffi::CStr {
    status_names()
        .iter()
        .find(|(s, _)| *s == status)
        .map_or(c"unknown status", |(_, name)| name)
}

/// A short static description of a status code, such as `"buffer too small"`.
///
/// Never returns NULL: an unknown code gives `"unknown status"`. The string is
/// NUL-terminated, lives as long as the program and must not be freed.
#[unsafe(no_mangle)]
pub extern "C" fn mf_status_str(status: mf_status) -> *const c_char {
    guard_value(c"unknown status".as_ptr(), || status_cstr(status).as_ptr())
}

/// The version of the library, such as `"0.1.0"` (the crate's Cargo version).
///
/// Never returns NULL. The string is NUL-terminated, static, and must not be freed.
#[unsafe(no_mangle)]
pub extern "C" fn mf_version() -> *const c_char {
    const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");
    guard_value(c"".as_ptr(), || VERSION.as_ptr().cast())
}

// ---------------------------------------------------------------------------------
// Layers
// ---------------------------------------------------------------------------------

/// The protocol layer an error was found in (`mf_error.layer`).
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct mf_layer(pub u32);

/// No particular layer: an argument rather than the bytes of a packet.
pub const MF_LAYER_NONE: mf_layer = mf_layer(0);
/// The outer Ethernet II header.
pub const MF_LAYER_ETHERNET: mf_layer = mf_layer(1);
/// An outer IEEE 802.1Q tag.
pub const MF_LAYER_VLAN: mf_layer = mf_layer(2);
/// The outer IPv4 header.
pub const MF_LAYER_IPV4: mf_layer = mf_layer(3);
/// The outer IPv6 header.
pub const MF_LAYER_IPV6: mf_layer = mf_layer(4);
/// The outer UDP header.
pub const MF_LAYER_UDP: mf_layer = mf_layer(5);
/// The VXLAN header.
pub const MF_LAYER_VXLAN: mf_layer = mf_layer(6);
/// The encapsulated (inner) frame.
pub const MF_LAYER_INNER: mf_layer = mf_layer(7);
/// A PTP message (IEEE 1588-2019 §13): its header, body or TLVs.
pub const MF_LAYER_PTP: mf_layer = mf_layer(8);
/// An IGMP message (RFC 1112, RFC 2236, RFC 9776): its fields, sources or group
/// records.
pub const MF_LAYER_IGMP: mf_layer = mf_layer(9);
/// An MLD message (RFC 2710, RFC 9777): its fields, sources or multicast address
/// records.
pub const MF_LAYER_MLD: mf_layer = mf_layer(10);
/// An RTP header (RFC 3550 §5.1): fixed header, CSRCs, extension, padding.
pub const MF_LAYER_RTP: mf_layer = mf_layer(11);
/// The RFC 4175 / ST 2110-20 payload header and sample row data.
pub const MF_LAYER_RFC4175: mf_layer = mf_layer(12);
/// A session description (RFC 8866 SDP with the ST 2110 attributes); the error's
/// `found` is the 1-based line number and `offset` where that line starts.
pub const MF_LAYER_SDP: mf_layer = mf_layer(13);

/// The short static name of a layer (`"eth"`, `"ipv4"`, `"udp"`, `"vxlan"`, `"ptp"`,
/// `"igmp"`, `"mld"`, `"rtp"`, `"rfc4175"`, `"sdp"`, ...), the same names the decoder's JSON output uses.
///
/// Never returns NULL: an unknown value gives `"unknown layer"`. The string is
/// NUL-terminated, static, and must not be freed.
#[unsafe(no_mangle)]
pub extern "C" fn mf_layer_str(layer: mf_layer) -> *const c_char {
    guard_value(c"unknown layer".as_ptr(), || {
        const NAMES: [(mf_layer, &core::ffi::CStr); 14] = [
            (MF_LAYER_NONE, c"none"),
            (MF_LAYER_ETHERNET, c"eth"),
            (MF_LAYER_VLAN, c"vlan"),
            (MF_LAYER_IPV4, c"ipv4"),
            (MF_LAYER_IPV6, c"ipv6"),
            (MF_LAYER_UDP, c"udp"),
            (MF_LAYER_VXLAN, c"vxlan"),
            (MF_LAYER_INNER, c"inner"),
            (MF_LAYER_PTP, c"ptp"),
            (MF_LAYER_IGMP, c"igmp"),
            (MF_LAYER_MLD, c"mld"),
            (MF_LAYER_RTP, c"rtp"),
            (MF_LAYER_RFC4175, c"rfc4175"),
            (MF_LAYER_SDP, c"sdp"),
        ];
        NAMES
            .iter()
            .find(|(l, _)| *l == layer)
            .map_or(c"unknown layer", |(_, name)| name)
            .as_ptr()
    })
}

// ---------------------------------------------------------------------------------
// IP addresses
// ---------------------------------------------------------------------------------

/// An IP address family: `MF_IP_FAMILY_V4` or `MF_IP_FAMILY_V6`.
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct mf_ip_family(pub u8);

/// IPv4.
pub const MF_IP_FAMILY_V4: mf_ip_family = mf_ip_family(4);
/// IPv6.
pub const MF_IP_FAMILY_V6: mf_ip_family = mf_ip_family(6);

/// An IPv4 or IPv6 address.
///
/// For IPv4 (`family == MF_IP_FAMILY_V4`) the address is in `bytes[0..4]` in network
/// order; the other 12 bytes are ignored on input and written as zero on output. For
/// IPv6 all 16 bytes are used. Any other family is `MF_STATUS_INVALID_ARGUMENT`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct mf_ip_addr {
    /// `MF_IP_FAMILY_V4` (4) or `MF_IP_FAMILY_V6` (6).
    pub family: mf_ip_family,
    /// The address, network byte order.
    pub bytes: [u8; 16],
}

impl mf_ip_addr {
    /// The C form of an address.
    pub fn from_ip(ip: IpAddr) -> mf_ip_addr {
        let mut bytes = [0u8; 16];
        match ip {
            IpAddr::V4(v4) => {
                bytes[..4].copy_from_slice(&v4.octets());
                mf_ip_addr {
                    family: MF_IP_FAMILY_V4,
                    bytes,
                }
            }
            IpAddr::V6(v6) => mf_ip_addr {
                family: MF_IP_FAMILY_V6,
                bytes: v6.octets(),
            },
        }
    }

    /// The Rust form of an address; `field` names it in the error.
    pub(crate) fn to_ip(self, field: &'static str) -> Result<IpAddr, Failure> {
        ip_from_family(self.family, &self.bytes, field)
    }
}

/// An address from a family and 16 bytes (of which IPv4 uses the first 4).
pub(crate) fn ip_from_family(
    family: mf_ip_family,
    bytes: &[u8; 16],
    field: &'static str,
) -> Result<IpAddr, Failure> {
    match family {
        MF_IP_FAMILY_V4 => Ok(IpAddr::V4(Ipv4Addr::new(
            bytes[0], bytes[1], bytes[2], bytes[3],
        ))),
        MF_IP_FAMILY_V6 => Ok(IpAddr::V6(Ipv6Addr::from(*bytes))),
        other => Err(Failure::invalid_argument(
            field,
            "MF_IP_FAMILY_V4 (4) or MF_IP_FAMILY_V6 (6)",
            u64::from(other.0),
        )),
    }
}

/// Parses an IPv4 address in dotted-quad form (`"10.77.0.1"`) or an IPv6 address in
/// RFC 5952 / RFC 4291 text form (`"2001:db8::1"`) into `*out`.
///
/// Returns `MF_STATUS_INVALID_ARGUMENT` when the text is neither; `*out` is written only
/// on success.
///
/// # Safety
///
/// `text` must be NULL or point to a NUL-terminated string; `out` must be NULL or point
/// to writable memory for one `mf_ip_addr`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_ip_addr_parse(text: *const c_char, out: *mut mf_ip_addr) -> mf_status {
    guard(core::ptr::null_mut(), || {
        let text = non_null(text, "text")?;
        let out = non_null_mut(out, "out")?;
        // SAFETY: the caller promises a NUL-terminated string valid for this call.
        let text = unsafe { core::ffi::CStr::from_ptr(text) };
        let ip: IpAddr = text
            .to_str()
            .ok()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| {
                Failure::invalid_argument("text", "an IPv4 or IPv6 address in text form", 0)
            })?;
        // SAFETY: `out` is non-NULL and the caller promises it is writable.
        unsafe { out.write(mf_ip_addr::from_ip(ip)) };
        Ok(())
    })
}

/// Writes an address in text form (`"10.77.0.1"`, `"2001:db8::1"`, RFC 5952 for IPv6)
/// as a NUL-terminated string into `buf`.
///
/// On success `*written` is the string length, without the NUL. When `len` is too
/// small the function returns `MF_STATUS_BUFFER_TOO_SMALL` with `*written` set to the
/// buffer size needed, NUL included (at most 46).
///
/// # Safety
///
/// `addr` must be NULL or point to an `mf_ip_addr`; `buf` must be NULL or point to `len`
/// writable bytes; `written` must be NULL or point to a writable `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_ip_addr_to_string(
    addr: *const mf_ip_addr,
    buf: *mut c_char,
    len: usize,
    written: *mut usize,
) -> mf_status {
    guard(core::ptr::null_mut(), || {
        let addr = non_null(addr, "addr")?;
        let buf = non_null_mut(buf, "buf")?;
        let written = non_null_mut(written, "written")?;
        // SAFETY: `addr` is non-NULL and the caller promises it points to an address.
        let ip = unsafe { addr.read() }.to_ip("addr")?;
        let mut text = FixedText::<64>::new();
        // IPv6 text is at most 45 characters; the buffer cannot overflow.
        let _ = write!(text, "{ip}");
        let s = text.as_bytes();
        if len < s.len() + 1 {
            // SAFETY: `written` is non-NULL and writable (caller's promise).
            unsafe { written.write(s.len() + 1) };
            return Err(Failure::buffer_too_small("buf", s.len() + 1, len));
        }
        // SAFETY: `buf` is non-NULL, writable for `len` bytes (caller's promise), and
        // `len >= s.len() + 1`; the regions cannot overlap as `s` is on our stack.
        unsafe {
            core::ptr::copy_nonoverlapping(s.as_ptr(), buf.cast::<u8>(), s.len());
            buf.add(s.len()).write(0);
            written.write(s.len());
        }
        Ok(())
    })
}

// ---------------------------------------------------------------------------------
// Error detail
// ---------------------------------------------------------------------------------

/// Size of `mf_error.field`, NUL included.
pub const MF_ERROR_FIELD_LEN: usize = 64;
/// Size of `mf_error.expected`, NUL included.
pub const MF_ERROR_EXPECTED_LEN: usize = 128;
/// Size of `mf_error.message`, NUL included.
pub const MF_ERROR_MESSAGE_LEN: usize = 256;

/// What went wrong, where and why: written by a failing function into the optional
/// trailing `mf_error *err` argument.
///
/// Written whole when the function returns anything but `MF_STATUS_OK` and `err` is not
/// NULL; untouched on success. Plain data: it owns nothing and needs no cleanup. Every
/// string member is NUL-terminated (texts longer than their array are cut at a
/// character boundary) and is the empty string when it does not apply.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mf_error {
    /// The status the function returned.
    pub status: mf_status,
    /// The layer of the input the error was found in; `MF_LAYER_NONE` for an error in
    /// an argument rather than in packet bytes.
    pub layer: mf_layer,
    /// Whether `offset` is meaningful.
    pub has_offset: bool,
    /// Byte offset, from the start of the caller's buffer, of the layer or field at
    /// fault (when `has_offset`).
    pub offset: usize,
    /// The field or argument at fault, as the standard spells it (`"dstPort"`,
    /// `"vni"`) or the C parameter name (`"out"`).
    pub field: [c_char; MF_ERROR_FIELD_LEN],
    /// What the field had to hold (`"a configured VXLAN port"`).
    pub expected: [c_char; MF_ERROR_EXPECTED_LEN],
    /// The value found in the input or handed in (an invalid field's value, the
    /// checksum in the packet, an out-of-range value, a VNI not allowed); 0 otherwise.
    pub found: u64,
    /// For `MF_STATUS_CHECKSUM`: the checksum the data gives.
    pub computed: u64,
    /// For `MF_STATUS_OUT_OF_RANGE`: the largest value the field holds; for
    /// `MF_STATUS_TABLE_FULL`: the capacity of the table.
    pub max: u64,
    /// For `MF_STATUS_TRUNCATED` and `MF_STATUS_BUFFER_TOO_SMALL`: bytes (or elements)
    /// needed.
    pub needed: usize,
    /// For `MF_STATUS_TRUNCATED` and `MF_STATUS_BUFFER_TOO_SMALL`: bytes (or elements)
    /// available.
    pub available: usize,
    /// A complete one-line English message, such as `"udp: invalid dstPort at offset
    /// 36: expected a configured VXLAN port, found 53"`.
    pub message: [c_char; MF_ERROR_MESSAGE_LEN],
}

/// A failure inside a function, before it is reported to C. Kept small (no message
/// text): the `mf_error` is only built when the caller asked for one.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Failure {
    /// A required pointer argument was NULL.
    Null(&'static str),
    /// An argument is not one of the accepted values.
    InvalidArgument {
        arg: &'static str,
        expected: &'static str,
        found: u64,
    },
    /// An output buffer or array is too small.
    BufferTooSmall {
        arg: &'static str,
        needed: usize,
        available: usize,
    },
    /// A value does not fit its field (checked by this layer).
    OutOfRange {
        field: &'static str,
        value: u64,
        max: u64,
    },
    /// A table or list is full.
    TableFull { what: &'static str, capacity: usize },
    /// An entry does not exist.
    NotFound(&'static str),
    /// A panic was caught.
    Panic,
    /// An error of the VXLAN crate, with its own context and message.
    Vxlan(mediafabric_vxlan::Error),
    /// A VNI refused by an allow-list.
    VniNotAllowed(u32),
    /// A remote VTEP refused by an allow-list.
    RemoteNotAllowed(IpAddr),
    /// An error of the PTP crate, with the layer it was found in (the crate's errors
    /// name fields and offsets but not layers).
    Ptp {
        error: mediafabric_ptp::Error,
        layer: mf_layer,
    },
    /// An error of the IGMP crate, with the layer it was found in (offsets already
    /// from the start of the caller's buffer).
    Igmp {
        error: mediafabric_igmp::Error,
        layer: mf_layer,
    },
    /// An error of the ST 2110 crate (with its layer), its ST 2110-21 arithmetic or
    /// the ST 2059 time arithmetic.
    St2110(st2110::Fault),
}

impl Failure {
    pub(crate) const fn null(arg: &'static str) -> Failure {
        Failure::Null(arg)
    }

    pub(crate) const fn invalid_argument(
        arg: &'static str,
        expected: &'static str,
        found: u64,
    ) -> Failure {
        Failure::InvalidArgument {
            arg,
            expected,
            found,
        }
    }

    pub(crate) const fn buffer_too_small(
        arg: &'static str,
        needed: usize,
        available: usize,
    ) -> Failure {
        Failure::BufferTooSmall {
            arg,
            needed,
            available,
        }
    }

    pub(crate) const fn table_full(what: &'static str, capacity: usize) -> Failure {
        Failure::TableFull { what, capacity }
    }

    pub(crate) const fn not_found(what: &'static str) -> Failure {
        Failure::NotFound(what)
    }

    /// The status code reported for the failure.
    pub(crate) fn status(&self) -> mf_status {
        match self {
            Failure::Null(_) => MF_STATUS_NULL_POINTER,
            Failure::InvalidArgument { .. } => MF_STATUS_INVALID_ARGUMENT,
            Failure::BufferTooSmall { .. } => MF_STATUS_BUFFER_TOO_SMALL,
            Failure::OutOfRange { .. } => MF_STATUS_OUT_OF_RANGE,
            Failure::TableFull { .. } => MF_STATUS_TABLE_FULL,
            Failure::NotFound(_) => MF_STATUS_NOT_FOUND,
            Failure::Panic => MF_STATUS_PANIC,
            Failure::Vxlan(e) => vxlan::error_status(e),
            Failure::VniNotAllowed(_) => MF_STATUS_VNI_NOT_ALLOWED,
            Failure::RemoteNotAllowed(_) => MF_STATUS_REMOTE_NOT_ALLOWED,
            Failure::Ptp { error, .. } => ptp::error_status(error),
            Failure::Igmp { error, .. } => igmp::error_status(error),
            Failure::St2110(fault) => st2110::fault_status(fault),
        }
    }

    /// The C form of the failure.
    pub(crate) fn to_c(self) -> mf_error {
        let mut e = mf_error {
            status: self.status(),
            layer: MF_LAYER_NONE,
            has_offset: false,
            offset: 0,
            field: [0; MF_ERROR_FIELD_LEN],
            expected: [0; MF_ERROR_EXPECTED_LEN],
            found: 0,
            computed: 0,
            max: 0,
            needed: 0,
            available: 0,
            message: [0; MF_ERROR_MESSAGE_LEN],
        };
        let (field, expected) = match self {
            Failure::Null(arg) => (arg, "a non-NULL pointer"),
            Failure::InvalidArgument {
                arg,
                expected,
                found,
            } => {
                e.found = found;
                (arg, expected)
            }
            Failure::BufferTooSmall {
                arg,
                needed,
                available,
            } => {
                e.needed = needed;
                e.available = available;
                (arg, "")
            }
            Failure::OutOfRange { field, value, max } => {
                e.found = value;
                e.max = max;
                (field, "")
            }
            Failure::TableFull { what, capacity } => {
                e.max = capacity as u64;
                (what, "")
            }
            Failure::NotFound(what) => (what, ""),
            Failure::Panic => ("", ""),
            Failure::Vxlan(x) => vxlan::error_detail(&x, &mut e),
            Failure::VniNotAllowed(vni) => {
                e.layer = MF_LAYER_VXLAN;
                e.found = u64::from(vni);
                ("vni", "a VNI on the allow-list")
            }
            Failure::RemoteNotAllowed(ip) => {
                e.layer = match ip {
                    IpAddr::V4(_) => MF_LAYER_IPV4,
                    IpAddr::V6(_) => MF_LAYER_IPV6,
                };
                ("source address", "a remote VTEP on the allow-list")
            }
            Failure::Ptp { error, layer } => {
                e.layer = layer;
                ptp::error_detail(&error, &mut e)
            }
            Failure::Igmp { error, layer } => {
                e.layer = layer;
                igmp::error_detail(&error, &mut e)
            }
            Failure::St2110(fault) => st2110::fault_detail(&fault, &mut e),
        };
        copy_c_string(&mut e.field, field);
        copy_c_string(&mut e.expected, expected);
        let mut text = FixedText::<MF_ERROR_MESSAGE_LEN>::new();
        // A message longer than the array is cut; FixedText never fails.
        let _ = write!(text, "{self}");
        copy_c_string(&mut e.message, text.as_str());
        e
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Null(arg) => write!(f, "NULL pointer passed as `{arg}`"),
            Failure::InvalidArgument {
                arg,
                expected,
                found,
            } => write!(f, "invalid `{arg}`: expected {expected}, found {found}"),
            Failure::BufferTooSmall {
                arg,
                needed,
                available,
            } => write!(
                f,
                "output buffer `{arg}` too small: need {needed}, have {available}"
            ),
            Failure::OutOfRange { field, value, max } => {
                write!(f, "{field} out of range: {value} is more than {max}")
            }
            Failure::TableFull { what, capacity } => write!(f, "{what} full ({capacity} entries)"),
            Failure::NotFound(what) => write!(f, "{what} not found"),
            Failure::Panic => f.write_str("panic caught at the C boundary (a bug in mediafabric)"),
            Failure::Vxlan(e) => write!(f, "{e}"),
            Failure::VniNotAllowed(vni) => write!(f, "VNI {vni} not allowed"),
            Failure::RemoteNotAllowed(ip) => write!(f, "remote VTEP {ip} not allowed"),
            Failure::Ptp { error, layer } => {
                write_layer(f, *layer)?;
                write!(f, "{error}")
            }
            Failure::Igmp { error, layer } => {
                write_layer(f, *layer)?;
                write!(f, "{error}")
            }
            Failure::St2110(fault) => write!(f, "{fault}"),
        }
    }
}

/// `"<layer>: "` before a message, unless the layer is `MF_LAYER_NONE`.
fn write_layer(f: &mut fmt::Formatter<'_>, layer: mf_layer) -> fmt::Result {
    if layer != MF_LAYER_NONE {
        // SAFETY: mf_layer_str returns a static NUL-terminated string.
        let name = unsafe { core::ffi::CStr::from_ptr(mf_layer_str(layer)) };
        write!(f, "{}: ", name.to_str().unwrap_or("?"))?;
    }
    Ok(())
}

/// Copies `s` into a C char array, NUL-terminated, cut at a character boundary when it
/// does not fit; interior NUL bytes end the string early.
fn copy_c_string<const N: usize>(dst: &mut [c_char; N], s: &str) {
    let mut end = s.len().min(N.saturating_sub(1));
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    for (d, b) in dst.iter_mut().zip(s.as_bytes()[..end].iter()) {
        *d = *b as c_char;
    }
    if N > 0 {
        dst[end] = 0;
    }
}

/// A `fmt::Write` into a fixed array that keeps what fits and drops the rest.
pub(crate) struct FixedText<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> FixedText<N> {
    pub(crate) const fn new() -> Self {
        FixedText {
            buf: [0; N],
            len: 0,
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        // Only whole characters are ever appended.
        core::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

impl<const N: usize> fmt::Write for FixedText<N> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for ch in s.chars() {
            let n = ch.len_utf8();
            if self.len + n > N {
                break;
            }
            ch.encode_utf8(&mut self.buf[self.len..self.len + n]);
            self.len += n;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------
// Boundary helpers
// ---------------------------------------------------------------------------------

/// Runs a function body under `catch_unwind` and turns its outcome into a status,
/// filling `*err` (when not NULL) on failure.
pub(crate) fn guard(err: *mut mf_error, body: impl FnOnce() -> Result<(), Failure>) -> mf_status {
    let failure = match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => return MF_STATUS_OK,
        Ok(Err(f)) => f,
        Err(_) => Failure::Panic,
    };
    let status = failure.status();
    if !err.is_null() {
        let detail = catch_unwind(AssertUnwindSafe(|| failure.to_c()));
        if let Ok(detail) = detail {
            // SAFETY: `err` is non-NULL and the caller promises it points to writable
            // memory for one `mf_error` (documented on every function taking it).
            unsafe { err.write(detail) };
        }
    }
    status
}

/// Runs an infallible function body under `catch_unwind`, giving `fallback` if it
/// panics.
pub(crate) fn guard_value<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(fallback)
}

/// `p`, or a NULL-pointer failure naming `arg`.
pub(crate) fn non_null<T>(p: *const T, arg: &'static str) -> Result<*const T, Failure> {
    if p.is_null() {
        Err(Failure::null(arg))
    } else {
        Ok(p)
    }
}

/// `p`, or a NULL-pointer failure naming `arg`.
pub(crate) fn non_null_mut<T>(p: *mut T, arg: &'static str) -> Result<*mut T, Failure> {
    if p.is_null() {
        Err(Failure::null(arg))
    } else {
        Ok(p)
    }
}

/// Checks a length can describe a Rust slice (at most `isize::MAX` bytes).
fn check_len(len: usize, arg: &'static str) -> Result<(), Failure> {
    if len > isize::MAX as usize {
        Err(Failure::invalid_argument(
            arg,
            "a length of at most PTRDIFF_MAX",
            len as u64,
        ))
    } else {
        Ok(())
    }
}

/// The caller's input buffer as a slice.
///
/// # Safety
///
/// When `p` is not NULL it must point to `len` readable bytes that are not written
/// while the slice is in use.
pub(crate) unsafe fn in_slice<'a>(
    p: *const u8,
    len: usize,
    arg: &'static str,
) -> Result<&'a [u8], Failure> {
    let p = non_null(p, arg)?;
    check_len(len, arg)?;
    // SAFETY: non-NULL, `len` fits a slice, and the caller promises `len` readable
    // bytes that nobody writes meanwhile.
    Ok(unsafe { core::slice::from_raw_parts(p, len) })
}

/// The caller's output buffer as a slice.
///
/// # Safety
///
/// When `p` is not NULL it must point to `len` writable bytes that nothing else reads
/// or writes while the slice is in use.
pub(crate) unsafe fn out_slice<'a>(
    p: *mut u8,
    len: usize,
    arg: &'static str,
) -> Result<&'a mut [u8], Failure> {
    let p = non_null_mut(p, arg)?;
    check_len(len, arg)?;
    // SAFETY: non-NULL, `len` fits a slice, and the caller promises `len` writable
    // bytes used by nothing else during the call.
    Ok(unsafe { core::slice::from_raw_parts_mut(p, len) })
}

/// Refuses two caller buffers that share any byte: a shared and a mutable slice over
/// the same memory may not exist at once. Only the addresses are compared.
pub(crate) fn no_overlap(
    a: *const u8,
    a_len: usize,
    b: *const u8,
    b_len: usize,
    arg: &'static str,
    expected: &'static str,
) -> Result<(), Failure> {
    let (a0, b0) = (a as usize, b as usize);
    if !a.is_null()
        && !b.is_null()
        && a_len > 0
        && b_len > 0
        && a0 < b0.saturating_add(b_len)
        && b0 < a0.saturating_add(a_len)
    {
        return Err(Failure::invalid_argument(arg, expected, 0));
    }
    Ok(())
}

/// Copies the items `items()` yields into the caller's array of `cap` elements and writes the count, or
/// reports `MF_STATUS_BUFFER_TOO_SMALL` with `*count` set to the number needed. `out`
/// may be NULL when `cap` is 0.
///
/// # Safety
///
/// `out` must be NULL or point to `cap` writable elements; `count` must be NULL or
/// point to a writable `size_t`.
pub(crate) unsafe fn write_array<T: Copy, I: Iterator<Item = T>>(
    items: impl Fn() -> I,
    out: *mut T,
    cap: usize,
    count: *mut usize,
    arg: &'static str,
) -> Result<(), Failure> {
    let count = non_null_mut(count, "count")?;
    if cap > 0 {
        non_null_mut(out, arg)?;
    }
    let needed = items().count();
    if needed > cap {
        // SAFETY: `count` is non-NULL and writable (caller's promise).
        unsafe { count.write(needed) };
        return Err(Failure::buffer_too_small(arg, needed, cap));
    }
    for (i, item) in items().take(needed).enumerate() {
        // SAFETY: `i < needed <= cap`, so the element is inside the caller's array of
        // `cap` writable elements; `out` is non-NULL because `cap > 0` here.
        unsafe { out.add(i).write(item) };
    }
    // SAFETY: `count` is non-NULL and writable (caller's promise).
    unsafe { count.write(needed) };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::ffi::CStr;

    fn cstr(p: *const c_char) -> &'static str {
        assert!(!p.is_null());
        // SAFETY: the library returns static NUL-terminated strings.
        unsafe { CStr::from_ptr(p) }.to_str().unwrap()
    }

    #[test]
    fn status_numbers_are_stable() {
        // These numbers are ABI: this test must never be edited, only extended.
        let expected: [(mf_status, u32); 14] = [
            (MF_STATUS_OK, 0),
            (MF_STATUS_NULL_POINTER, 1),
            (MF_STATUS_BUFFER_TOO_SMALL, 2),
            (MF_STATUS_TRUNCATED, 3),
            (MF_STATUS_INVALID_FIELD, 4),
            (MF_STATUS_CHECKSUM, 5),
            (MF_STATUS_OUT_OF_RANGE, 6),
            (MF_STATUS_TABLE_FULL, 7),
            (MF_STATUS_VNI_NOT_ALLOWED, 8),
            (MF_STATUS_REMOTE_NOT_ALLOWED, 9),
            (MF_STATUS_NOT_FOUND, 10),
            (MF_STATUS_INVALID_ARGUMENT, 11),
            (MF_STATUS_PANIC, 12),
            (MF_STATUS_END, 13),
        ];
        for (s, n) in expected {
            assert_eq!(s.0, n);
        }
        assert_eq!(status_names().len(), expected.len());
        for (i, (s, _)) in status_names().iter().enumerate() {
            assert_eq!(s.0 as usize, i, "STATUS_NAMES in numeric order");
        }
        let layers = [
            MF_LAYER_NONE,
            MF_LAYER_ETHERNET,
            MF_LAYER_VLAN,
            MF_LAYER_IPV4,
            MF_LAYER_IPV6,
            MF_LAYER_UDP,
            MF_LAYER_VXLAN,
            MF_LAYER_INNER,
            MF_LAYER_PTP,
            MF_LAYER_IGMP,
            MF_LAYER_MLD,
            MF_LAYER_RTP,
            MF_LAYER_RFC4175,
            MF_LAYER_SDP,
        ];
        for (i, l) in layers.iter().enumerate() {
            assert_eq!(l.0 as usize, i);
        }
    }

    #[test]
    fn status_strings_distinct_static_and_terminated() {
        let mut seen = std::collections::HashSet::new();
        for n in 0..14 {
            let s = cstr(mf_status_str(mf_status(n)));
            assert!(!s.is_empty());
            assert_ne!(s, "unknown status", "status {n} has a name");
            assert!(seen.insert(s), "status {n} name {s:?} is unique");
        }
        for n in [14, 99, 0x7fff_ffff, u32::MAX] {
            assert_eq!(cstr(mf_status_str(mf_status(n))), "unknown status");
        }
        assert_eq!(cstr(mf_layer_str(MF_LAYER_UDP)), "udp");
        assert_eq!(cstr(mf_layer_str(MF_LAYER_PTP)), "ptp");
        assert_eq!(cstr(mf_layer_str(MF_LAYER_IGMP)), "igmp");
        assert_eq!(cstr(mf_layer_str(MF_LAYER_MLD)), "mld");
        assert_eq!(cstr(mf_layer_str(MF_LAYER_RTP)), "rtp");
        assert_eq!(cstr(mf_layer_str(MF_LAYER_RFC4175)), "rfc4175");
        assert_eq!(cstr(mf_layer_str(MF_LAYER_SDP)), "sdp");
        assert_eq!(cstr(mf_layer_str(mf_layer(14))), "unknown layer");
        // The layer names are the VXLAN crate's own.
        assert_eq!(
            cstr(mf_layer_str(MF_LAYER_ETHERNET)),
            mediafabric_vxlan::Layer::Ethernet.name()
        );
    }

    #[test]
    fn version_is_cargo_version() {
        assert_eq!(cstr(mf_version()), env!("CARGO_PKG_VERSION"));
    }

    #[test]
    fn panics_become_a_status_and_fill_the_error() {
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let mut e = core::mem::MaybeUninit::<mf_error>::uninit();
        let s = guard(e.as_mut_ptr(), || panic!("boom"));
        std::panic::set_hook(prev);
        assert_eq!(s, MF_STATUS_PANIC);
        // SAFETY: guard wrote the whole struct on failure.
        let e = unsafe { e.assume_init() };
        assert_eq!(e.status, MF_STATUS_PANIC);
        assert_eq!(guard_value(7, || -> i32 { panic!("x") }), 7);
    }

    #[test]
    fn error_strings_are_cut_and_terminated() {
        let mut a = [1 as c_char; 4];
        copy_c_string(&mut a, "abcdef");
        assert_eq!(a, [b'a' as c_char, b'b' as c_char, b'c' as c_char, 0]);
        // "é" is two bytes: never cut in the middle.
        copy_c_string(&mut a, "abé");
        assert_eq!(&a[..3], &[b'a' as c_char, b'b' as c_char, 0]);
        let mut t = FixedText::<3>::new();
        write!(t, "aé€").unwrap();
        assert_eq!(t.as_str(), "aé");
    }

    #[test]
    fn ip_text_round_trip_and_null_checks() {
        let mut a = mf_ip_addr {
            family: mf_ip_family(0),
            bytes: [0xAA; 16],
        };
        // SAFETY: valid pointers to a C string and an address.
        let s = unsafe { mf_ip_addr_parse(c"10.77.0.1".as_ptr(), &mut a) };
        assert_eq!(s, MF_STATUS_OK);
        assert_eq!(a.family, MF_IP_FAMILY_V4);
        assert_eq!(&a.bytes[..4], &[10, 77, 0, 1]);
        assert_eq!(&a.bytes[4..], &[0; 12]);
        let mut buf = [0 as c_char; 46];
        let mut n = 0usize;
        // SAFETY: valid pointers and length.
        let s = unsafe { mf_ip_addr_to_string(&a, buf.as_mut_ptr(), buf.len(), &mut n) };
        assert_eq!(s, MF_STATUS_OK);
        assert_eq!(n, 9);
        assert_eq!(cstr(buf.as_ptr()), "10.77.0.1");
        // SAFETY: NULL pointers are allowed and rejected.
        unsafe {
            assert_eq!(
                mf_ip_addr_parse(core::ptr::null(), &mut a),
                MF_STATUS_NULL_POINTER
            );
            assert_eq!(
                mf_ip_addr_parse(c"10.77.0.1".as_ptr(), core::ptr::null_mut()),
                MF_STATUS_NULL_POINTER
            );
            assert_eq!(
                mf_ip_addr_parse(c"10.77.0.256".as_ptr(), &mut a),
                MF_STATUS_INVALID_ARGUMENT
            );
            assert_eq!(
                mf_ip_addr_to_string(&a, buf.as_mut_ptr(), 9, &mut n),
                MF_STATUS_BUFFER_TOO_SMALL
            );
        }
        assert_eq!(n, 10);
    }
}
