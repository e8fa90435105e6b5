//! `mediafabric.ptp`: the IEEE 1588-2019 wire format of `mediafabric-ptp` as Python
//! types.
//!
//! Every class here converts between Python values and the crate's types; parsing,
//! emitting, framing and the in-place updates are the crate's (`mediafabric_ptp::wire`).
//! The classes live in the private submodule `mediafabric._native._ptp` and carry
//! `mediafabric.ptp` as their `__module__`; `mediafabric/ptp.py` re-exports them.
//!
//! Shape of the classes:
//!
//! - Value types (`Timestamp`, `PortIdentity`, `ClockQuality`) and management data
//!   (`DefaultDataSet`, `ClockDescription`, ...) are frozen records made by
//!   [`record!`]: keyword (or positional) constructors where every field has the
//!   standard's default, one getter per field, value equality and hashing, `replace()`
//!   and pickling.
//! - Every TLV class extends [`Tlv`], which holds the TLV as it goes on the wire (type,
//!   length, value, emitted by the crate when the object is made); the subclass holds the
//!   typed fields. Two TLVs are equal when their wire bytes are.
//! - Every message class extends [`Message`], which holds the crate's header and body
//!   and the TLV objects; the subclass holds the typed body fields. `to_bytes()` is the
//!   crate's `Message::emit`.
//!
//! Bad input bytes raise `mediafabric.ParseError` with layer `"ptp"`; values that do not
//! fit their field raise `ValueError`, values of the wrong type `TypeError`.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::mem::{Discriminant, discriminant};
use std::net::{IpAddr, Ipv6Addr};

use mediafabric_ptp::Error as PtpError;
use mediafabric_ptp::wire::builder::MessageBuilder;
use mediafabric_ptp::wire::management as mg;
use mediafabric_ptp::wire::org;
use mediafabric_ptp::wire::tlvs as tl;
use mediafabric_ptp::wire::transport as tr;
use mediafabric_ptp::wire::{self as w, FlagField};
use pyo3::PyClass;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyMemoryView, PySlice, PyString,
    PyTuple,
};

use crate::buf::Input;
use crate::convert::{int_in, ip_arg, mac_arg};
use crate::errors::parse_error;

// ---------------------------------------------------------------------------------------
// Errors

/// The reason text of a PTP error, without the offset (which `ParseError` carries).
fn reason(e: &PtpError) -> String {
    match e {
        PtpError::Truncated {
            what,
            needed,
            available,
            ..
        } => format!("{what} truncated: need {needed} bytes, have {available}"),
        PtpError::Invalid {
            field,
            expected,
            found,
            ..
        } => format!("invalid {field}: expected {expected}, found {found} ({found:#x})"),
        other => other.to_string(),
    }
}

/// A PTP error as a Python exception: a problem in input bytes (it has an offset) is a
/// `ParseError` at `base` + its offset; a value that does not fit or an output problem
/// is a `ValueError`.
fn ptp_error(py: Python<'_>, e: PtpError, base: usize) -> PyErr {
    match e.offset() {
        Some(offset) => parse_error(py, "ptp", base + offset, &reason(&e)),
        None => PyValueError::new_err(e.to_string()),
    }
}

/// An error of the crate while building: always a bad value.
fn build_error(e: PtpError) -> PyErr {
    PyValueError::new_err(e.to_string())
}

fn type_name(o: &Bound<'_, PyAny>) -> String {
    o.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

fn hash_bytes(b: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    b.hash(&mut h);
    h.finish()
}

/// `o` unless it is missing or `None`: constructors take `None` as "the default".
fn given<'a, 'py>(o: Option<&'a Bound<'py, PyAny>>) -> Option<&'a Bound<'py, PyAny>> {
    o.filter(|o| !o.is_none())
}

// ---------------------------------------------------------------------------------------
// Field kinds: how one field is read from Python and given back

/// How a field of a class is converted: `get` reads (and range-checks) an argument,
/// `py` gives the value back to Python.
trait Kind {
    type T;
    fn get(o: &Bound<'_, PyAny>, name: &str) -> PyResult<Self::T>;
    fn py<'py>(py: Python<'py>, v: &Self::T) -> PyResult<Bound<'py, PyAny>>;
}

macro_rules! int_kind {
    ($(#[$m:meta])* $k:ident, $t:ty, $min:expr, $max:expr) => {
        $(#[$m])*
        struct $k;
        impl Kind for $k {
            type T = $t;
            fn get(o: &Bound<'_, PyAny>, name: &str) -> PyResult<$t> {
                Ok(int_in(o, name, $min as i64, $max as i64)? as $t)
            }
            fn py<'py>(py: Python<'py>, v: &$t) -> PyResult<Bound<'py, PyAny>> {
                Ok(v.into_pyobject(py)?.into_any())
            }
        }
    };
}

int_kind!(/// A 4-bit field.
    U4, u8, 0, 15);
int_kind!(U8, u8, 0, u8::MAX);
int_kind!(U16, u16, 0, u16::MAX);
int_kind!(/// A 24-bit field.
    U24, u32, 0, 0xFF_FFFF);
int_kind!(U32, u32, 0, u32::MAX);
int_kind!(/// A 48-bit field (seconds of a timestamp, times of jumps).
    U48, u64, 0, (1u64 << 48) - 1);
int_kind!(I8, i8, i8::MIN, i8::MAX);
int_kind!(I16, i16, i16::MIN, i16::MAX);
int_kind!(I32, i32, i32::MIN, i32::MAX);
int_kind!(/// nanosecondsField (§5.3.3): below 10^9.
    Nanos, u32, 0, 999_999_999);

/// An integer field given back as a member of one of the IntEnums of `mediafabric.ptp`
/// when the value has a name (`ManagementId.DEFAULT_DATA_SET`), else as the int.
macro_rules! enum_kind {
    ($k:ident, $t:ty, $max:expr, $class:literal) => {
        struct $k;
        impl Kind for $k {
            type T = $t;
            fn get(o: &Bound<'_, PyAny>, name: &str) -> PyResult<$t> {
                Ok(int_in(o, name, 0, $max as i64)? as $t)
            }
            fn py<'py>(py: Python<'py>, v: &$t) -> PyResult<Bound<'py, PyAny>> {
                enum_member(py, $class, i64::from(*v))
            }
        }
    };
}

enum_kind!(MsgTypeK, u8, 15, "MessageType");
enum_kind!(ActionK, u8, 15, "Action");
enum_kind!(MgmtIdK, u16, u16::MAX, "ManagementId");
enum_kind!(ErrorIdK, u16, u16::MAX, "ManagementErrorId");
enum_kind!(TlvTypeK, u16, u16::MAX, "TlvType");

/// The member of the IntEnum `class` of `mediafabric.ptp` with value `v`, or `v`.
fn enum_member<'py>(py: Python<'py>, class: &str, v: i64) -> PyResult<Bound<'py, PyAny>> {
    static MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    let int = v.into_pyobject(py)?.into_any();
    let Ok(m) = MODULE.get_or_try_init(py, || py.import("mediafabric.ptp").map(Bound::unbind))
    else {
        return Ok(int);
    };
    let member = m
        .bind(py)
        .getattr(class)
        .and_then(|c| c.getattr("_value2member_map_"))
        .and_then(|d| d.get_item(&int));
    Ok(member.unwrap_or(int))
}

/// timeSource (§7.6.2.8), an int (a `TimeSource` member when it has a name).
struct SourceK;
impl Kind for SourceK {
    type T = w::TimeSource;
    fn get(o: &Bound<'_, PyAny>, name: &str) -> PyResult<w::TimeSource> {
        U8::get(o, name).map(w::TimeSource)
    }
    fn py<'py>(py: Python<'py>, v: &w::TimeSource) -> PyResult<Bound<'py, PyAny>> {
        enum_member(py, "TimeSource", i64::from(v.0))
    }
}

/// clockAccuracy (§7.6.2.6), an int (a `ClockAccuracy` member when it has a name).
struct AccuracyK;
impl Kind for AccuracyK {
    type T = w::ClockAccuracy;
    fn get(o: &Bound<'_, PyAny>, name: &str) -> PyResult<w::ClockAccuracy> {
        U8::get(o, name).map(w::ClockAccuracy)
    }
    fn py<'py>(py: Python<'py>, v: &w::ClockAccuracy) -> PyResult<Bound<'py, PyAny>> {
        enum_member(py, "ClockAccuracy", i64::from(v.0))
    }
}

/// A TimeInterval (§5.3.2): nanoseconds scaled by 2^16, as an int.
struct IntervalK;
impl Kind for IntervalK {
    type T = w::TimeInterval;
    fn get(o: &Bound<'_, PyAny>, name: &str) -> PyResult<w::TimeInterval> {
        Ok(w::TimeInterval(int_in(o, name, i64::MIN, i64::MAX)?))
    }
    fn py<'py>(py: Python<'py>, v: &w::TimeInterval) -> PyResult<Bound<'py, PyAny>> {
        Ok(v.0.into_pyobject(py)?.into_any())
    }
}

/// IEEE 802.1AS ScaledNs (96 bits, signed), as an int; kept as the crate keeps it, the
/// high 32 bits and the low 64 bits.
struct ScaledNs96K;
impl Kind for ScaledNs96K {
    type T = (u32, u64);
    fn get(o: &Bound<'_, PyAny>, name: &str) -> PyResult<(u32, u64)> {
        if o.is_instance_of::<PyFloat>() || !o.is_instance_of::<PyInt>() {
            return Err(PyTypeError::new_err(format!(
                "{name}: an integer is required, not '{}'",
                type_name(o)
            )));
        }
        let v: i128 = o.extract()?;
        let limit = 1i128 << 95;
        if !(-limit..limit).contains(&v) {
            return Err(PyValueError::new_err(format!(
                "{name} must be a 96-bit signed integer, got {v}"
            )));
        }
        Ok(((v >> 64) as u32, v as u64))
    }
    fn py<'py>(py: Python<'py>, v: &(u32, u64)) -> PyResult<Bound<'py, PyAny>> {
        let n = (i128::from(v.0 as i32) << 64) | i128::from(v.1);
        Ok(n.into_pyobject(py)?.into_any())
    }
}

/// A bool (an int is refused, as pyo3 does for `bool` arguments).
struct BoolK;
impl Kind for BoolK {
    type T = bool;
    fn get(o: &Bound<'_, PyAny>, name: &str) -> PyResult<bool> {
        match o.cast::<PyBool>() {
            Ok(b) => Ok(b.is_true()),
            Err(_) => Err(PyTypeError::new_err(format!(
                "{name}: a bool is required, not '{}'",
                type_name(o)
            ))),
        }
    }
    fn py<'py>(py: Python<'py>, v: &bool) -> PyResult<Bound<'py, PyAny>> {
        Ok(PyBool::new(py, *v).to_owned().into_any())
    }
}

/// A Float64 (ENHANCED_ACCURACY_METRICS variances).
struct F64K;
impl Kind for F64K {
    type T = f64;
    fn get(o: &Bound<'_, PyAny>, name: &str) -> PyResult<f64> {
        if o.is_instance_of::<PyBool>() || o.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err(format!(
                "{name}: a number is required, not '{}'",
                type_name(o)
            )));
        }
        o.extract::<f64>().map_err(|_| {
            PyTypeError::new_err(format!(
                "{name}: a number is required, not '{}'",
                type_name(o)
            ))
        })
    }
    fn py<'py>(py: Python<'py>, v: &f64) -> PyResult<Bound<'py, PyAny>> {
        Ok(PyFloat::new(py, *v).into_any())
    }
}

/// The bytes of any bytes-like argument.
fn bytes_arg(o: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<u8>> {
    Ok(Input::new(o, name)?.with(<[u8]>::to_vec))
}

/// Octets (`bytes`; any bytes-like object in).
struct BytesK;
impl Kind for BytesK {
    type T = Vec<u8>;
    fn get(o: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<u8>> {
        bytes_arg(o, name)
    }
    fn py<'py>(py: Python<'py>, v: &Vec<u8>) -> PyResult<Bound<'py, PyAny>> {
        Ok(PyBytes::new(py, v).into_any())
    }
}

/// A fixed number of octets.
struct FixedBytesK<const N: usize>;
impl<const N: usize> Kind for FixedBytesK<N> {
    type T = [u8; N];
    fn get(o: &Bound<'_, PyAny>, name: &str) -> PyResult<[u8; N]> {
        let v = bytes_arg(o, name)?;
        <[u8; N]>::try_from(v.as_slice())
            .map_err(|_| PyValueError::new_err(format!("{name} is {N} bytes, got {}", v.len())))
    }
    fn py<'py>(py: Python<'py>, v: &[u8; N]) -> PyResult<Bound<'py, PyAny>> {
        Ok(PyBytes::new(py, v).into_any())
    }
}

/// A PTPText (§5.3.9): `str` out (UTF-8, with undecodable octets kept as lone
/// surrogates, so any octets round-trip); `str` or bytes in; at most 255 octets.
struct TextK;
impl Kind for TextK {
    type T = Vec<u8>;
    fn get(o: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<u8>> {
        let v = if o.is_instance_of::<PyString>() {
            let b = o.call_method1("encode", ("utf-8", "surrogateescape"))?;
            b.cast::<PyBytes>()?.as_bytes().to_vec()
        } else {
            bytes_arg(o, name).map_err(|e| {
                if e.is_instance_of::<PyTypeError>(o.py()) {
                    PyTypeError::new_err(format!(
                        "{name}: a str or bytes is required, not '{}'",
                        type_name(o)
                    ))
                } else {
                    e
                }
            })?
        };
        if v.len() > 255 {
            return Err(PyValueError::new_err(format!(
                "{name} is a PTPText of at most 255 octets, got {}",
                v.len()
            )));
        }
        Ok(v)
    }
    fn py<'py>(py: Python<'py>, v: &Vec<u8>) -> PyResult<Bound<'py, PyAny>> {
        text_to_py(py, v)
    }
}

fn text_to_py<'py>(py: Python<'py>, v: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    PyBytes::new(py, v).call_method1("decode", ("utf-8", "surrogateescape"))
}

/// An OUI or CID (organizationId, manufacturerIdentity): an int of 24 bits, or 3 bytes.
struct OuiK;
impl Kind for OuiK {
    type T = [u8; 3];
    fn get(o: &Bound<'_, PyAny>, name: &str) -> PyResult<[u8; 3]> {
        if o.is_instance_of::<PyInt>() {
            let v = U24::get(o, name)?;
            let b = v.to_be_bytes();
            return Ok([b[1], b[2], b[3]]);
        }
        FixedBytesK::<3>::get(o, name)
    }
    fn py<'py>(py: Python<'py>, v: &[u8; 3]) -> PyResult<Bound<'py, PyAny>> {
        let n = u32::from_be_bytes([0, v[0], v[1], v[2]]);
        Ok(n.into_pyobject(py)?.into_any())
    }
}

/// The TLV type of an organization extension: ORGANIZATION_EXTENSION (3),
/// ORGANIZATION_EXTENSION_PROPAGATE (0x4000) or _DO_NOT_PROPAGATE (0x8000).
struct OrgTypeK;
impl Kind for OrgTypeK {
    type T = u16;
    fn get(o: &Bound<'_, PyAny>, name: &str) -> PyResult<u16> {
        let v = U16::get(o, name)?;
        match w::TlvType(v) {
            w::TlvType::ORGANIZATION_EXTENSION
            | w::TlvType::ORGANIZATION_EXTENSION_PROPAGATE
            | w::TlvType::ORGANIZATION_EXTENSION_DO_NOT_PROPAGATE => Ok(v),
            _ => Err(PyValueError::new_err(format!(
                "{name} must be ORGANIZATION_EXTENSION (0x0003), \
                 ORGANIZATION_EXTENSION_PROPAGATE (0x4000) or \
                 ORGANIZATION_EXTENSION_DO_NOT_PROPAGATE (0x8000), got {v:#06x}"
            ))),
        }
    }
    fn py<'py>(py: Python<'py>, v: &u16) -> PyResult<Bound<'py, PyAny>> {
        TlvTypeK::py(py, v)
    }
}

/// Parses `"aa:bb:cc:ff:fe:dd:ee:ff"` (`:` or `-` between octets) or 16 hex digits.
fn parse_clock_identity(s: &str) -> Option<[u8; 8]> {
    let s = s.trim();
    let mut out = [0u8; 8];
    if s.len() == 16 && s.bytes().all(|c| c.is_ascii_hexdigit()) {
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()?;
        }
        return Some(out);
    }
    let sep = if s.contains('-') { '-' } else { ':' };
    let mut parts = s.split(sep);
    for byte in &mut out {
        let p = parts.next()?;
        if p.is_empty() || p.len() > 2 || !p.bytes().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        *byte = u8::from_str_radix(p, 16).ok()?;
    }
    parts.next().is_none().then_some(out)
}

/// A ClockIdentity (§5.3.4): `str` out (`"aa:bb:cc:ff:fe:dd:ee:ff"`); that form, 16 hex
/// digits or 8 bytes in.
struct CidK;
impl Kind for CidK {
    type T = w::ClockIdentity;
    fn get(o: &Bound<'_, PyAny>, name: &str) -> PyResult<w::ClockIdentity> {
        if let Ok(s) = o.cast::<PyString>() {
            let s = s.to_cow()?;
            return parse_clock_identity(&s)
                .map(w::ClockIdentity)
                .ok_or_else(|| {
                    PyValueError::new_err(format!(
                        "{name}: {s:?} is not a clock identity (expected eight hex octets like \
                     \"00:1b:19:ff:fe:00:00:01\")"
                    ))
                });
        }
        let b = bytes_arg(o, name).map_err(|e| {
            if e.is_instance_of::<PyTypeError>(o.py()) {
                PyTypeError::new_err(format!(
                    "{name}: a clock identity string or 8 bytes is required, not '{}'",
                    type_name(o)
                ))
            } else {
                e
            }
        })?;
        <[u8; 8]>::try_from(b.as_slice())
            .map(w::ClockIdentity)
            .map_err(|_| {
                PyValueError::new_err(format!(
                    "{name}: a clock identity is 8 bytes, got {}",
                    b.len()
                ))
            })
    }
    fn py<'py>(py: Python<'py>, v: &w::ClockIdentity) -> PyResult<Bound<'py, PyAny>> {
        Ok(PyString::new(py, &v.to_string()).into_any())
    }
}

/// A list of clock identities (PATH_TRACE, PATH_TRACE_LIST): a tuple of `str` out, any
/// iterable of clock identities in.
struct IdsK;
impl Kind for IdsK {
    type T = Vec<w::ClockIdentity>;
    fn get(o: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<w::ClockIdentity>> {
        iter_arg(o, name)?
            .iter()
            .map(|item| CidK::get(item, name))
            .collect()
    }
    fn py<'py>(py: Python<'py>, v: &Vec<w::ClockIdentity>) -> PyResult<Bound<'py, PyAny>> {
        let items = v
            .iter()
            .map(|c| CidK::py(py, c))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(PyTuple::new(py, items)?.into_any())
    }
}

/// The items of an iterable argument (a `str` or bytes is refused: it is not a list).
fn iter_arg<'py>(o: &Bound<'py, PyAny>, name: &str) -> PyResult<Vec<Bound<'py, PyAny>>> {
    if o.is_instance_of::<PyString>()
        || o.is_instance_of::<PyBytes>()
        || o.is_instance_of::<PyByteArray>()
    {
        return Err(PyTypeError::new_err(format!(
            "{name}: a list is required, not '{}'",
            type_name(o)
        )));
    }
    let it = o.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "{name}: a list is required, not '{}'",
            type_name(o)
        ))
    })?;
    it.collect()
}

/// A nested record (a `PortAddress` in a `ClockDescription`...).
struct RecK<R>(PhantomData<R>);
impl<R> Kind for RecK<R>
where
    R: PyClass<Frozen = pyo3::pyclass::boolean_struct::True>
        + Clone
        + std::marker::Sync
        + Into<PyClassInitializer<R>>,
{
    type T = R;
    fn get(o: &Bound<'_, PyAny>, name: &str) -> PyResult<R> {
        match o.cast::<R>() {
            Ok(r) => Ok(r.get().clone()),
            Err(_) => Err(PyTypeError::new_err(format!(
                "{name}: a {} is required, not '{}'",
                R::NAME,
                type_name(o)
            ))),
        }
    }
    fn py<'py>(py: Python<'py>, v: &R) -> PyResult<Bound<'py, PyAny>> {
        Ok(Bound::new(py, v.clone())?.into_any())
    }
}

/// A list of records: a tuple out, any iterable in.
struct RecListK<R>(PhantomData<R>);
impl<R> Kind for RecListK<R>
where
    R: PyClass<Frozen = pyo3::pyclass::boolean_struct::True>
        + Clone
        + std::marker::Sync
        + Into<PyClassInitializer<R>>,
{
    type T = Vec<R>;
    fn get(o: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<R>> {
        iter_arg(o, name)?
            .iter()
            .map(|item| RecK::<R>::get(item, name))
            .collect()
    }
    fn py<'py>(py: Python<'py>, v: &Vec<R>) -> PyResult<Bound<'py, PyAny>> {
        let items = v
            .iter()
            .map(|r| Bound::new(py, r.clone()).map(Bound::into_any))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(PyTuple::new(py, items)?.into_any())
    }
}

/// A Timestamp (§5.3.3), as the `Timestamp` class.
struct TsK;
impl Kind for TsK {
    type T = w::Timestamp;
    fn get(o: &Bound<'_, PyAny>, name: &str) -> PyResult<w::Timestamp> {
        RecK::<Timestamp>::get(o, name).map(|t| t.0)
    }
    fn py<'py>(py: Python<'py>, v: &w::Timestamp) -> PyResult<Bound<'py, PyAny>> {
        Ok(Bound::new(py, Timestamp(*v))?.into_any())
    }
}

/// A PortIdentity (§5.3.5), as the `PortIdentity` class.
struct PidK;
impl Kind for PidK {
    type T = w::PortIdentity;
    fn get(o: &Bound<'_, PyAny>, name: &str) -> PyResult<w::PortIdentity> {
        RecK::<PortIdentity>::get(o, name).map(|p| p.to_crate())
    }
    fn py<'py>(py: Python<'py>, v: &w::PortIdentity) -> PyResult<Bound<'py, PyAny>> {
        Ok(Bound::new(py, PortIdentity::from_crate(v))?.into_any())
    }
}

/// A ClockQuality (§5.3.7), as the `ClockQuality` class.
struct QualityK;
impl Kind for QualityK {
    type T = w::ClockQuality;
    fn get(o: &Bound<'_, PyAny>, name: &str) -> PyResult<w::ClockQuality> {
        RecK::<ClockQuality>::get(o, name).map(|q| q.to_crate())
    }
    fn py<'py>(py: Python<'py>, v: &w::ClockQuality) -> PyResult<Bound<'py, PyAny>> {
        Ok(Bound::new(py, ClockQuality::from_crate(v))?.into_any())
    }
}

// ---------------------------------------------------------------------------------------
// What every class shares: repr, pickling and replace() from the class's `_fields`

/// The repr of a field value: an enum member as `Class.NAME`, anything else as repr().
fn value_repr(v: &Bound<'_, PyAny>) -> PyResult<String> {
    static ENUM: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let py = v.py();
    let enum_type = ENUM.get_or_try_init(py, || {
        py.import("enum")
            .and_then(|m| m.getattr("Enum"))
            .map(Bound::unbind)
    })?;
    if v.is_instance(enum_type.bind(py))? {
        return Ok(format!(
            "{}.{}",
            v.get_type().name()?,
            v.getattr("name")?.str()?
        ));
    }
    Ok(v.repr()?.to_cow()?.into_owned())
}

fn class_fields<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Vec<String>> {
    obj.get_type()
        .getattr("_fields")?
        .try_iter()?
        .map(|n| n.and_then(|n| n.extract::<String>()))
        .collect()
}

/// `Name(field=value, ...)` over the class's `_fields`.
fn generic_repr(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    let mut parts = Vec::new();
    for f in class_fields(obj)? {
        let v = obj.getattr(f.as_str())?;
        parts.push(format!("{f}={}", value_repr(&v)?));
    }
    Ok(format!("{}({})", obj.get_type().name()?, parts.join(", ")))
}

/// The constructor's keyword arguments that make the same object.
fn fields_dict<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(obj.py());
    for f in class_fields(obj)? {
        d.set_item(f.as_str(), obj.getattr(f.as_str())?)?;
    }
    Ok(d)
}

fn getnewargs<'py>(obj: &Bound<'py, PyAny>) -> PyResult<(Bound<'py, PyTuple>, Bound<'py, PyDict>)> {
    Ok((PyTuple::empty(obj.py()), fields_dict(obj)?))
}

/// A copy of `obj` with some fields changed, made by the constructor (so checked).
fn generic_replace<'py>(
    obj: &Bound<'py, PyAny>,
    changes: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let d = fields_dict(obj)?;
    if let Some(c) = changes {
        d.update(c.as_mapping())?;
    }
    obj.get_type().call((), Some(&d))
}

// ---------------------------------------------------------------------------------------
// Records: frozen value classes

/// A frozen record class: fields with kinds and defaults, a constructor (keyword-only
/// when the signature prefix is `*,`), one getter per field, equality, hashing, repr,
/// pickling and `replace()`. With `=> path`, also `to_crate` / `from_crate` for a crate
/// struct with the same field names and types.
macro_rules! record {
    (
        $(#[$meta:meta])*
        class $name:ident [$($sig:tt)*] => $cr:path {
            $( $(#[$fmeta:meta])* $f:ident : $k:ty = $def:expr ),* $(,)?
        }
        $($extra:tt)*
    ) => {
        record! {
            $(#[$meta])*
            class $name [$($sig)*] {
                $( $(#[$fmeta])* $f : $k = $def ),*
            }
            $($extra)*
        }
        impl $name {
            #[allow(dead_code)]
            pub(crate) fn to_crate(&self) -> $cr {
                $cr { $($f: self.$f.clone()),* }
            }
            #[allow(dead_code)]
            pub(crate) fn from_crate(c: &$cr) -> Self {
                Self { $($f: c.$f.clone()),* }
            }
        }
    };
    (
        $(#[$meta:meta])*
        class $name:ident [$($sig:tt)*] {
            $( $(#[$fmeta:meta])* $f:ident : $k:ty = $def:expr ),* $(,)?
        }
        $($extra:tt)*
    ) => {
        $(#[$meta])*
        #[pyclass(frozen, eq, hash, module = "mediafabric.ptp")]
        #[derive(Clone, PartialEq, Eq, Hash)]
        struct $name {
            $($f: <$k as Kind>::T,)*
        }

        #[pymethods]
        impl $name {
            #[new]
            #[pyo3(signature = ($($sig)* $($f = Option::None),*))]
            #[allow(clippy::too_many_arguments)]
            fn new($($f: Option<&Bound<'_, PyAny>>),*) -> PyResult<Self> {
                $(
                    let $f: <$k as Kind>::T = match given($f) {
                        Some(o) => <$k as Kind>::get(o, stringify!($f))?,
                        None => $def,
                    };
                )*
                Ok(Self { $($f),* })
            }

            $(
                $(#[$fmeta])*
                #[getter]
                fn $f<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                    <$k as Kind>::py(py, &self.$f)
                }
            )*

            #[classattr]
            #[pyo3(name = "_fields")]
            fn fields_attr(py: Python<'_>) -> PyResult<Py<PyTuple>> {
                Ok(PyTuple::new(py, [$(stringify!($f)),*])?.unbind())
            }

            fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
                generic_repr(slf.as_any())
            }

            fn __getnewargs_ex__<'py>(
                slf: &Bound<'py, Self>,
            ) -> PyResult<(Bound<'py, PyTuple>, Bound<'py, PyDict>)> {
                getnewargs(slf.as_any())
            }

            /// A copy with the given fields changed.
            #[pyo3(signature = (**changes))]
            fn replace<'py>(
                slf: &Bound<'py, Self>,
                changes: Option<&Bound<'py, PyDict>>,
            ) -> PyResult<Bound<'py, PyAny>> {
                generic_replace(slf.as_any(), changes)
            }

            $($extra)*
        }
    };
}

// ---------------------------------------------------------------------------------------
// Value types

/// A PTP Timestamp (IEEE 1588-2019 §5.3.3): ``seconds`` (48 bits) and ``nanoseconds``
/// (below 10^9) since the PTP epoch. Ordered, hashable and immutable.
#[pyclass(frozen, eq, ord, hash, module = "mediafabric.ptp")]
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Timestamp(pub(crate) w::Timestamp);

#[pymethods]
impl Timestamp {
    #[new]
    #[pyo3(signature = (seconds = Option::None, nanoseconds = Option::None))]
    fn new(
        seconds: Option<&Bound<'_, PyAny>>,
        nanoseconds: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let seconds = given(seconds).map_or(Ok(0), |o| U48::get(o, "seconds"))?;
        let nanoseconds = given(nanoseconds).map_or(Ok(0), |o| Nanos::get(o, "nanoseconds"))?;
        w::Timestamp::new(seconds, nanoseconds)
            .map(Timestamp)
            .map_err(build_error)
    }

    /// The timestamp ``ns`` nanoseconds after the PTP epoch.
    #[staticmethod]
    fn from_ns(ns: &Bound<'_, PyAny>) -> PyResult<Self> {
        if ns.is_instance_of::<PyFloat>() || !ns.is_instance_of::<PyInt>() {
            return Err(PyTypeError::new_err(format!(
                "ns: an integer is required, not '{}'",
                type_name(ns)
            )));
        }
        let v: i128 = ns
            .extract()
            .map_err(|_| PyValueError::new_err("ns is out of the range of a PTP timestamp"))?;
        w::Time::from_nanos(v)
            .to_timestamp()
            .map(Timestamp)
            .map_err(|_| {
                PyValueError::new_err(format!(
                    "ns must be in 0..2**48 seconds of nanoseconds, got {v}"
                ))
            })
    }

    /// Nanoseconds since the PTP epoch.
    #[allow(clippy::wrong_self_convention)]
    fn to_ns(&self) -> i128 {
        w::Time::from(self.0).nanos()
    }

    /// secondsField (48 bits).
    #[getter]
    fn seconds(&self) -> u64 {
        self.0.seconds
    }

    /// nanosecondsField (below 10^9).
    #[getter]
    fn nanoseconds(&self) -> u32 {
        self.0.nanoseconds
    }

    #[classattr]
    #[pyo3(name = "_fields")]
    fn fields_attr(py: Python<'_>) -> PyResult<Py<PyTuple>> {
        Ok(PyTuple::new(py, ["seconds", "nanoseconds"])?.unbind())
    }

    fn __repr__(&self) -> String {
        format!(
            "Timestamp(seconds={}, nanoseconds={})",
            self.0.seconds, self.0.nanoseconds
        )
    }

    fn __getnewargs_ex__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyTuple>, Bound<'py, PyDict>)> {
        getnewargs(slf.as_any())
    }

    /// A copy with the given fields changed.
    #[pyo3(signature = (**changes))]
    fn replace<'py>(
        slf: &Bound<'py, Self>,
        changes: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        generic_replace(slf.as_any(), changes)
    }
}

record! {
    /// A PortIdentity (IEEE 1588-2019 §5.3.5): ``clock_identity`` (a ``str`` like
    /// ``"00:1b:19:ff:fe:00:00:01"``; 8 bytes or 16 hex digits are accepted too) and
    /// ``port_number``. ``PortIdentity.ALL`` is the all-ports wildcard.
    class PortIdentity [] => w::PortIdentity {
        /// clockIdentity, as ``"aa:bb:cc:ff:fe:dd:ee:ff"``.
        clock_identity: CidK = w::ClockIdentity::default(),
        /// portNumber (1..65534 for a real port; 0xFFFF for all ports).
        port_number: U16 = 0,
    }

    /// The wildcard identity (all ones): every clock, every port (§15.3.1).
    #[classattr]
    #[pyo3(name = "ALL")]
    fn all_ports() -> Self {
        Self::from_crate(&w::PortIdentity::ALL)
    }

    /// clockIdentity as 8 bytes.
    #[getter]
    fn clock_identity_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.clock_identity.0)
    }
}

record! {
    /// A ClockQuality (IEEE 1588-2019 §5.3.7). The defaults are those of a free-running
    /// clock: class 248, accuracy unknown (0xFE), variance 0xFFFF.
    class ClockQuality [] => w::ClockQuality {
        /// clockClass (§7.6.2.5).
        clock_class: U8 = 248,
        /// clockAccuracy (§7.6.2.6, Table 5; see ``ClockAccuracy``).
        clock_accuracy: AccuracyK = w::ClockAccuracy::UNKNOWN,
        /// offsetScaledLogVariance (§7.6.3.5).
        offset_scaled_log_variance: U16 = 0xFFFF,
    }
}

// ---------------------------------------------------------------------------------------
// Management data (IEEE 1588-2019 §15.5.3)

record! {
    /// DEFAULT_DATA_SET (IEEE 1588-2019 §15.5.3.3.1): the defaultDS of a clock.
    class DefaultDataSet [*,] => mg::DefaultDataSet {
        /// defaultDS.twoStepFlag (TSC).
        two_step_flag: BoolK = false,
        /// defaultDS.slaveOnly (SO).
        slave_only: BoolK = false,
        /// defaultDS.numberPorts.
        number_ports: U16 = 1,
        /// defaultDS.priority1.
        priority1: U8 = 128,
        /// defaultDS.clockQuality.
        clock_quality: QualityK = w::ClockQuality::default(),
        /// defaultDS.priority2.
        priority2: U8 = 128,
        /// defaultDS.clockIdentity.
        clock_identity: CidK = w::ClockIdentity::default(),
        /// defaultDS.domainNumber.
        domain_number: U8 = 0,
    }
}

record! {
    /// CURRENT_DATA_SET (IEEE 1588-2019 §15.5.3.4.1). The intervals are TimeIntervals:
    /// nanoseconds scaled by 2^16.
    class CurrentDataSet [*,] => mg::CurrentDataSet {
        /// currentDS.stepsRemoved.
        steps_removed: U16 = 0,
        /// currentDS.offsetFromMaster (scaled nanoseconds).
        offset_from_master: IntervalK = w::TimeInterval(0),
        /// currentDS.meanPathDelay (scaled nanoseconds).
        mean_path_delay: IntervalK = w::TimeInterval(0),
    }
}

record! {
    /// PARENT_DATA_SET (IEEE 1588-2019 §15.5.3.5.1).
    class ParentDataSet [*,] => mg::ParentDataSet {
        /// parentDS.parentPortIdentity.
        parent_port_identity: PidK = w::PortIdentity::default(),
        /// parentDS.parentStats (PS).
        parent_stats: BoolK = false,
        /// parentDS.observedParentOffsetScaledLogVariance.
        observed_parent_offset_scaled_log_variance: U16 = 0xFFFF,
        /// parentDS.observedParentClockPhaseChangeRate.
        observed_parent_clock_phase_change_rate: I32 = 0x7FFF_FFFF,
        /// parentDS.grandmasterPriority1.
        grandmaster_priority1: U8 = 128,
        /// parentDS.grandmasterClockQuality.
        grandmaster_clock_quality: QualityK = w::ClockQuality::default(),
        /// parentDS.grandmasterPriority2.
        grandmaster_priority2: U8 = 128,
        /// parentDS.grandmasterIdentity.
        grandmaster_identity: CidK = w::ClockIdentity::default(),
    }
}

record! {
    /// TIME_PROPERTIES_DATA_SET (IEEE 1588-2019 §15.5.3.6.1). ``flags``: bit 0 leap61,
    /// 1 leap59, 2 currentUtcOffsetValid, 3 ptpTimescale, 4 timeTraceable,
    /// 5 frequencyTraceable.
    class TimePropertiesDataSet [*,] => mg::TimePropertiesDataSet {
        /// timePropertiesDS.currentUtcOffset (TAI - UTC, seconds).
        current_utc_offset: I16 = 37,
        /// The flag octet (leap61, leap59, UTCV, PTP, TTRA, FTRA from bit 0 up).
        flags: U8 = 0,
        /// timePropertiesDS.timeSource (see ``TimeSource``).
        time_source: SourceK = w::TimeSource::INTERNAL_OSCILLATOR,
    }
}

record! {
    /// PORT_DATA_SET (IEEE 1588-2019 §15.5.3.7.1).
    class PortDataSet [*,] => mg::PortDataSet {
        /// portDS.portIdentity.
        port_identity: PidK = w::PortIdentity::default(),
        /// portDS.portState (Table 20: 1 INITIALIZING ... 6 MASTER, 9 SLAVE).
        port_state: U8 = 1,
        /// portDS.logMinDelayReqInterval.
        log_min_delay_req_interval: I8 = 0,
        /// portDS.meanLinkDelay (peerMeanPathDelay), scaled nanoseconds.
        peer_mean_path_delay: IntervalK = w::TimeInterval(0),
        /// portDS.logAnnounceInterval.
        log_announce_interval: I8 = 1,
        /// portDS.announceReceiptTimeout.
        announce_receipt_timeout: U8 = 3,
        /// portDS.logSyncInterval.
        log_sync_interval: I8 = 0,
        /// portDS.delayMechanism (1 E2E, 2 P2P, 3 COMMON_P2P, 0xFE NO_MECHANISM).
        delay_mechanism: U8 = 1,
        /// portDS.logMinPdelayReqInterval.
        log_min_pdelay_req_interval: I8 = 0,
        /// versionNumber (low nibble) and minorVersionNumber (high nibble).
        version_number: U8 = 0x12,
    }
}

record! {
    /// A PortAddress (IEEE 1588-2019 §5.3.6): ``network_protocol`` (Table 4: 1 UDP/IPv4,
    /// 2 UDP/IPv6, 3 IEEE 802.3, ...) and the address octets.
    class PortAddress [] {
        /// networkProtocol.
        network_protocol: U16 = 1,
        /// addressField.
        address: BytesK = Vec::new(),
    }
}

impl PortAddress {
    fn from_crate(a: &mg::PortAddress<'_>) -> Self {
        PortAddress {
            network_protocol: a.network_protocol,
            address: a.address.to_vec(),
        }
    }

    fn to_crate(&self) -> mg::PortAddress<'_> {
        mg::PortAddress {
            network_protocol: self.network_protocol,
            address: &self.address,
        }
    }
}

record! {
    /// CLOCK_DESCRIPTION (IEEE 1588-2019 §15.5.3.1.2). The texts are PTPText: ``str``
    /// (bytes are accepted), at most 255 octets each.
    class ClockDescription [*,] {
        /// clockType: 0x8000 ordinary clock, 0x4000 boundary clock, 0x2000 P2P
        /// transparent, 0x1000 E2E transparent, 0x0800 management node.
        clock_type: U16 = 0x8000,
        /// physicalLayerProtocol (``"IEEE 802.3"``).
        physical_layer_protocol: TextK = b"IEEE 802.3".to_vec(),
        /// physicalAddress (a MAC address for IEEE 802.3).
        physical_address: BytesK = Vec::new(),
        /// protocolAddress.
        protocol_address: RecK<PortAddress> = PortAddress { network_protocol: 1, address: Vec::new() },
        /// manufacturerIdentity (an OUI, as an int).
        manufacturer_identity: OuiK = [0; 3],
        /// productDescription (``"manufacturer;model;serial"``).
        product_description: TextK = Vec::new(),
        /// revisionData (``"hardware;firmware;software"``).
        revision_data: TextK = Vec::new(),
        /// userDescription.
        user_description: TextK = Vec::new(),
        /// profileIdentity (6 octets; the default profile is 00-1B-19-00-01-00).
        profile_identity: FixedBytesK<6> = [0x00, 0x1B, 0x19, 0x00, 0x01, 0x00],
    }
}

impl ClockDescription {
    fn from_crate(c: &mg::ClockDescription<'_>) -> Self {
        ClockDescription {
            clock_type: c.clock_type,
            physical_layer_protocol: c.physical_layer_protocol.0.to_vec(),
            physical_address: c.physical_address.to_vec(),
            protocol_address: PortAddress::from_crate(&c.protocol_address),
            manufacturer_identity: c.manufacturer_identity,
            product_description: c.product_description.0.to_vec(),
            revision_data: c.revision_data.0.to_vec(),
            user_description: c.user_description.0.to_vec(),
            profile_identity: c.profile_identity,
        }
    }

    fn to_crate(&self) -> mg::ClockDescription<'_> {
        mg::ClockDescription {
            clock_type: self.clock_type,
            physical_layer_protocol: mg::PtpText(&self.physical_layer_protocol),
            physical_address: &self.physical_address,
            protocol_address: self.protocol_address.to_crate(),
            manufacturer_identity: self.manufacturer_identity,
            product_description: mg::PtpText(&self.product_description),
            revision_data: mg::PtpText(&self.revision_data),
            user_description: mg::PtpText(&self.user_description),
            profile_identity: self.profile_identity,
        }
    }
}

record! {
    /// One record of a FAULT_LOG (IEEE 1588-2019 §15.5.3.1.5).
    class FaultRecord [*,] {
        /// faultTime.
        fault_time: TsK = w::Timestamp::default(),
        /// severityCode (Table 60: 0 emergency ... 7 debug).
        severity_code: U8 = 0,
        /// faultName.
        fault_name: TextK = Vec::new(),
        /// faultValue.
        fault_value: TextK = Vec::new(),
        /// faultDescription.
        fault_description: TextK = Vec::new(),
    }
}

impl FaultRecord {
    fn from_crate(r: &mg::FaultRecord<'_>) -> Self {
        FaultRecord {
            fault_time: r.fault_time,
            severity_code: r.severity_code,
            fault_name: r.fault_name.0.to_vec(),
            fault_value: r.fault_value.0.to_vec(),
            fault_description: r.fault_description.0.to_vec(),
        }
    }
}

record! {
    /// FAULT_LOG (IEEE 1588-2019 §15.5.3.1.5): the fault records.
    class FaultLog [] {
        /// The faultRecords.
        fault_records: RecListK<FaultRecord> = Vec::new(),
    }
}

record! {
    /// UTC_PROPERTIES (IEEE 1588-2019 §15.5.3.6.4). ``flags``: bit 0 leap61, 1 leap59,
    /// 2 currentUtcOffsetValid.
    class UtcProperties [*,] {
        /// currentUtcOffset.
        current_utc_offset: I16 = 37,
        /// The flag octet.
        flags: U8 = 0,
    }
}

record! {
    /// TIMESCALE_PROPERTIES (IEEE 1588-2019 §15.5.3.6.6). ``flags``: bit 3 ptpTimescale.
    class TimescaleProperties [*,] {
        /// The flag octet.
        flags: U8 = 0,
        /// timeSource.
        time_source: SourceK = w::TimeSource::INTERNAL_OSCILLATOR,
    }
}

record! {
    /// GRANDMASTER_CLUSTER_TABLE (IEEE 1588-2019 §15.5.3.5.2).
    class GrandmasterClusterTable [*,] {
        /// logQueryInterval.
        log_query_interval: I8 = 0,
        /// The grandmaster cluster's port addresses.
        port_addresses: RecListK<PortAddress> = Vec::new(),
    }
}

record! {
    /// UNICAST_MASTER_TABLE (IEEE 1588-2019 §15.5.3.7.15).
    class UnicastMasterTable [*,] {
        /// logQueryInterval.
        log_query_interval: I8 = 0,
        /// The unicast masters' port addresses.
        port_addresses: RecListK<PortAddress> = Vec::new(),
    }
}

record! {
    /// One entry of an ACCEPTABLE_MASTER_TABLE: a port identity and its
    /// alternatePriority1 (IEEE 1588-2019 §17.5.3).
    class AcceptableMaster [] {
        /// acceptablePortIdentity.
        acceptable_port_identity: PidK = w::PortIdentity::default(),
        /// alternatePriority1.
        alternate_priority1: U8 = 0,
    }
}

record! {
    /// ACCEPTABLE_MASTER_TABLE (IEEE 1588-2019 §15.5.3.7.17).
    class AcceptableMasterTable [] {
        /// The acceptable masters.
        acceptable_masters: RecListK<AcceptableMaster> = Vec::new(),
    }
}

record! {
    /// ALTERNATE_MASTER (IEEE 1588-2019 §15.5.3.7.20). ``flags`` bit 0:
    /// transmitAlternateMulticastSync.
    class AlternateMaster [*,] {
        /// The flag octet.
        flags: U8 = 0,
        /// logAlternateMulticastSyncInterval.
        log_alternate_multicast_sync_interval: I8 = 0,
        /// numberOfAlternateMasters.
        number_of_alternate_masters: U8 = 0,
    }
}

record! {
    /// ALTERNATE_TIME_OFFSET_NAME (IEEE 1588-2019 §15.5.3.2.3).
    class AlternateTimeOffsetName [*,] {
        /// keyField.
        key_field: U8 = 0,
        /// displayName.
        display_name: TextK = Vec::new(),
    }
}

record! {
    /// ALTERNATE_TIME_OFFSET_ENABLE (IEEE 1588-2019 §15.5.3.2.2). ``flags`` bit 0: enable.
    class AlternateTimeOffsetEnable [*,] {
        /// keyField.
        key_field: U8 = 0,
        /// The flag octet.
        flags: U8 = 0,
    }
}

record! {
    /// ALTERNATE_TIME_OFFSET_PROPERTIES (IEEE 1588-2019 §15.5.3.2.5).
    class AlternateTimeOffsetProperties [*,] => mg::AlternateTimeOffsetProperties {
        /// keyField.
        key_field: U8 = 0,
        /// currentOffset, seconds.
        current_offset: I32 = 0,
        /// jumpSeconds.
        jump_seconds: I32 = 0,
        /// timeOfNextJump, seconds (48 bits).
        time_of_next_jump: U48 = 0,
    }
}

record! {
    /// TRANSPARENT_CLOCK_DEFAULT_DATA_SET (IEEE 1588-2008 §15.5.3.9.1).
    class TransparentClockDefaultDataSet [*,] {
        /// clockIdentity.
        clock_identity: CidK = w::ClockIdentity::default(),
        /// numberPorts.
        number_ports: U16 = 1,
        /// delayMechanism.
        delay_mechanism: U8 = 1,
        /// primaryDomain.
        primary_domain: U8 = 0,
    }
}

record! {
    /// TRANSPARENT_CLOCK_PORT_DATA_SET (IEEE 1588-2008 §15.5.3.10.1).
    class TransparentClockPortDataSet [*,] => mg::TransparentClockPortDataSet {
        /// portIdentity.
        port_identity: PidK = w::PortIdentity::default(),
        /// faultyFlag (FLT).
        faulty_flag: BoolK = false,
        /// logMinPdelayReqInterval.
        log_min_pdelay_req_interval: I8 = 0,
        /// peerMeanPathDelay, scaled nanoseconds.
        peer_mean_path_delay: IntervalK = w::TimeInterval(0),
    }
}

// ---------------------------------------------------------------------------------------
// TLVs (IEEE 1588-2019 §14)

/// The base class of every TLV (IEEE 1588-2019 §14.1): ``tlv_type``, ``value`` and
/// ``to_bytes()`` (tlvType, lengthField and value, as the crate writes them). Two TLVs
/// are equal when they are the same on the wire.
#[pyclass(frozen, subclass, module = "mediafabric.ptp")]
struct Tlv {
    /// The whole TLV: type, length and value.
    wire: Vec<u8>,
}

impl Tlv {
    fn value_octets(&self) -> &[u8] {
        self.wire.get(4..).unwrap_or_default()
    }
}

#[pymethods]
impl Tlv {
    /// tlvType (a ``TlvType`` member when it has a name).
    #[getter]
    fn tlv_type<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let t = u16::from_be_bytes([self.wire[0], self.wire[1]]);
        TlvTypeK::py(py, &t)
    }

    /// lengthField: the length of the value.
    #[getter]
    fn length_field(&self) -> usize {
        self.value_octets().len()
    }

    /// The value octets (what follows tlvType and lengthField).
    #[getter]
    fn value<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.value_octets())
    }

    /// The TLV as it goes on the wire.
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.wire)
    }

    fn __bytes__<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.wire)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let py = other.py();
        Ok(match other.cast::<Tlv>() {
            Ok(o) => PyBool::new(py, o.get().wire == self.wire)
                .to_owned()
                .into_any()
                .unbind(),
            Err(_) => py.NotImplemented(),
        })
    }

    fn __hash__(&self) -> u64 {
        hash_bytes(&self.wire)
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        generic_repr(slf.as_any())
    }

    fn __getnewargs_ex__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyTuple>, Bound<'py, PyDict>)> {
        getnewargs(slf.as_any())
    }

    /// A copy with the given fields changed.
    #[pyo3(signature = (**changes))]
    fn replace<'py>(
        slf: &Bound<'py, Self>,
        changes: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        generic_replace(slf.as_any(), changes)
    }
}

/// Writes a typed TLV with the crate.
fn emit_tlv(t: &w::TypedTlv<'_>) -> PyResult<Vec<u8>> {
    let mut out = vec![0u8; t.buffer_len()];
    t.emit(&mut out).map_err(build_error)?;
    Ok(out)
}

/// Writes an organization extension TLV whose dataField is written by `emit_data`.
fn emit_org(
    tlv_type: u16,
    organization_id: [u8; 3],
    organization_sub_type: u32,
    data_len: usize,
    emit_data: impl FnOnce(&mut [u8]) -> mediafabric_ptp::Result<usize>,
) -> PyResult<Vec<u8>> {
    let mut data = vec![0u8; data_len];
    emit_data(&mut data).map_err(build_error)?;
    emit_tlv(&w::TypedTlv {
        tlv_type: w::TlvType(tlv_type),
        body: w::TlvBody::OrganizationExtension(org::OrgExtension {
            organization_id,
            organization_sub_type,
            data: &data,
        }),
    })
}

/// A TLV class: typed fields (as in [`record!`]) over the [`Tlv`] base, which holds
/// what `encode` (an inherent method written beside) makes of them.
macro_rules! tlv_class {
    (
        $(#[$meta:meta])*
        class $name:ident [$($sig:tt)*] {
            $( $(#[$fmeta:meta])* $f:ident : $k:ty = $def:expr ),* $(,)?
        }
        $(org($oui:expr, $sub:expr);)?
        $(consts($($(#[$cmeta:meta])* $cname:ident: $cty:ty = $cval:expr),* $(,)?);)?
    ) => {
        $(#[$meta])*
        #[pyclass(frozen, extends = Tlv, module = "mediafabric.ptp")]
        struct $name {
            $($f: <$k as Kind>::T,)*
        }

        impl $name {
            /// The Python object: the base holds the TLV as `encode` writes it.
            #[allow(dead_code)]
            fn into_object(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
                let wire = self.encode()?;
                Ok(Bound::new(py, PyClassInitializer::from(Tlv { wire }).add_subclass(self))?
                    .into_any())
            }
        }

        #[pymethods]
        impl $name {
            #[new]
            #[pyo3(signature = ($($sig)* $($f = Option::None),*))]
            #[allow(clippy::too_many_arguments)]
            fn new($($f: Option<&Bound<'_, PyAny>>),*) -> PyResult<PyClassInitializer<Self>> {
                $(
                    let $f: <$k as Kind>::T = match given($f) {
                        Some(o) => <$k as Kind>::get(o, stringify!($f))?,
                        None => $def,
                    };
                )*
                let s = Self { $($f),* };
                let wire = s.encode()?;
                Ok(PyClassInitializer::from(Tlv { wire }).add_subclass(s))
            }

            $(
                $(#[$fmeta])*
                #[getter]
                fn $f<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                    <$k as Kind>::py(py, &self.$f)
                }
            )*

            #[classattr]
            #[pyo3(name = "_fields")]
            fn fields_attr(py: Python<'_>) -> PyResult<Py<PyTuple>> {
                Ok(PyTuple::new(py, [$(stringify!($f)),*])?.unbind())
            }

            $(
                /// organizationId (fixed by the class).
                #[getter]
                fn organization_id(&self) -> u32 {
                    u32::from_be_bytes([0, $oui[0], $oui[1], $oui[2]])
                }

                /// organizationSubType (fixed by the class).
                #[getter]
                fn organization_sub_type(&self) -> u32 {
                    $sub
                }

                /// dataField: the octets after organizationSubType.
                #[getter]
                fn data<'py>(slf: &Bound<'py, Self>) -> Bound<'py, PyBytes> {
                    let base = slf.as_super().get();
                    PyBytes::new(slf.py(), base.value_octets().get(6..).unwrap_or_default())
                }
            )?

            $($(
                $(#[$cmeta])*
                #[classattr]
                const $cname: $cty = $cval;
            )*)?
        }
    };
}

tlv_class! {
    /// A TLV this module has no class for, or whose value its class cannot hold
    /// (IEEE 1588-2019 §14.1): ``tlv_type`` and the value octets.
    class UnknownTlv [] {
        /// tlvType.
        tlv_type: TlvTypeK = 0x7FFF,
        /// The value octets.
        value: BytesK = Vec::new(),
    }
}

impl UnknownTlv {
    fn encode(&self) -> PyResult<Vec<u8>> {
        emit_tlv(&w::TypedTlv {
            tlv_type: w::TlvType(self.tlv_type),
            body: w::TlvBody::Other(&self.value),
        })
    }
}

tlv_class! {
    /// PAD (IEEE 1588-2019 §14.4): ``length`` zero octets.
    class Pad [] {
        /// The number of zero octets (lengthField).
        length: U16 = 0,
    }
}

impl Pad {
    fn encode(&self) -> PyResult<Vec<u8>> {
        emit_tlv(&w::TypedTlv {
            tlv_type: w::TlvType::PAD,
            body: w::TlvBody::Pad(usize::from(self.length)),
        })
    }
}

tlv_class! {
    /// MANAGEMENT_ERROR_STATUS (IEEE 1588-2019 §15.5.4).
    class ManagementErrorStatus [*,] {
        /// managementErrorId (see ``ManagementErrorId``).
        management_error_id: ErrorIdK = 0xFFFE,
        /// managementId of the request.
        management_id: MgmtIdK = 0,
        /// displayData (empty when absent).
        display_data: TextK = Vec::new(),
    }
}

impl ManagementErrorStatus {
    fn encode(&self) -> PyResult<Vec<u8>> {
        emit_tlv(&w::TypedTlv {
            tlv_type: w::TlvType::MANAGEMENT_ERROR_STATUS,
            body: w::TlvBody::ManagementErrorStatus(mg::ManagementErrorStatus {
                management_error_id: self.management_error_id,
                management_id: mg::ManagementId(self.management_id),
                display_data: mg::PtpText(&self.display_data),
            }),
        })
    }
}

tlv_class! {
    /// An ORGANIZATION_EXTENSION (IEEE 1588-2019 §14.3) of an organization or subtype
    /// this module has no class for: ``organization_id`` (OUI or CID, an int),
    /// ``organization_sub_type`` and the dataField octets. ``tlv_type`` may also be
    /// ORGANIZATION_EXTENSION_PROPAGATE or _DO_NOT_PROPAGATE.
    class OrganizationExtension [*,] {
        /// tlvType: 0x0003, 0x4000 or 0x8000.
        tlv_type: OrgTypeK = 0x0003,
        /// organizationId (24 bits).
        organization_id: OuiK = [0; 3],
        /// organizationSubType (24 bits).
        organization_sub_type: U24 = 0,
        /// dataField.
        data: BytesK = Vec::new(),
    }
}

impl OrganizationExtension {
    fn encode(&self) -> PyResult<Vec<u8>> {
        emit_tlv(&w::TypedTlv {
            tlv_type: w::TlvType(self.tlv_type),
            body: w::TlvBody::OrganizationExtension(org::OrgExtension {
                organization_id: self.organization_id,
                organization_sub_type: self.organization_sub_type,
                data: &self.data,
            }),
        })
    }
}

tlv_class! {
    /// The SMPTE ST 2059-2 synchronization metadata TLV (ORGANIZATION_EXTENSION, OUI
    /// 68-97-E8, subtype 1), with every field of ST 2059-2:2021 §7.2.
    class SmpteSyncMetadata [*,] {
        /// tlvType: 0x0003 (or 0x4000 / 0x8000).
        tlv_type: OrgTypeK = 0x0003,
        /// defaultSystemFrameRate numerator.
        default_system_frame_rate_numerator: U32 = 0,
        /// defaultSystemFrameRate denominator.
        default_system_frame_rate_denominator: U32 = 0,
        /// masterLockingStatus: 0 not in use, 1 free run, 2 cold locking, 3 warm
        /// locking, 4 locked.
        master_locking_status: U8 = 0,
        /// timeAddressFlags: bit 0 drop frame, bit 1 color frame identification.
        time_address_flags: U8 = 0,
        /// currentLocalOffset, seconds.
        current_local_offset: I32 = 0,
        /// jumpSeconds: the size of the next discontinuity of the local offset.
        jump_seconds: I32 = 0,
        /// timeOfNextJump, PTP seconds (48 bits).
        time_of_next_jump: U48 = 0,
        /// timeOfNextJam, PTP seconds (48 bits).
        time_of_next_jam: U48 = 0,
        /// timeOfPreviousJam, PTP seconds (48 bits).
        time_of_previous_jam: U48 = 0,
        /// previousJamLocalOffset, seconds.
        previous_jam_local_offset: I32 = 0,
        /// daylightSaving: bit 0 current, bit 1 at the next jump, bit 2 at the previous
        /// jam.
        daylight_saving: U8 = 0,
        /// leapSecondJump: bit 0 set when the next jump changes the leap second count.
        leap_second_jump: U8 = 0,
    }
    org(org::SMPTE_OUI, org::SmpteSyncMetadata::SUB_TYPE);
}

impl SmpteSyncMetadata {
    fn to_crate(&self) -> org::SmpteSyncMetadata {
        org::SmpteSyncMetadata {
            default_system_frame_rate_numerator: self.default_system_frame_rate_numerator,
            default_system_frame_rate_denominator: self.default_system_frame_rate_denominator,
            master_locking_status: self.master_locking_status,
            time_address_flags: self.time_address_flags,
            current_local_offset: self.current_local_offset,
            jump_seconds: self.jump_seconds,
            time_of_next_jump: self.time_of_next_jump,
            time_of_next_jam: self.time_of_next_jam,
            time_of_previous_jam: self.time_of_previous_jam,
            previous_jam_local_offset: self.previous_jam_local_offset,
            daylight_saving: self.daylight_saving,
            leap_second_jump: self.leap_second_jump,
        }
    }

    fn from_crate(tlv_type: u16, m: &org::SmpteSyncMetadata) -> Self {
        SmpteSyncMetadata {
            tlv_type,
            default_system_frame_rate_numerator: m.default_system_frame_rate_numerator,
            default_system_frame_rate_denominator: m.default_system_frame_rate_denominator,
            master_locking_status: m.master_locking_status,
            time_address_flags: m.time_address_flags,
            current_local_offset: m.current_local_offset,
            jump_seconds: m.jump_seconds,
            time_of_next_jump: m.time_of_next_jump,
            time_of_next_jam: m.time_of_next_jam,
            time_of_previous_jam: m.time_of_previous_jam,
            previous_jam_local_offset: m.previous_jam_local_offset,
            daylight_saving: m.daylight_saving,
            leap_second_jump: m.leap_second_jump,
        }
    }

    fn encode(&self) -> PyResult<Vec<u8>> {
        let m = self.to_crate();
        emit_org(
            self.tlv_type,
            org::SMPTE_OUI,
            org::SmpteSyncMetadata::SUB_TYPE,
            org::SmpteSyncMetadata::DATA_LEN,
            |b| m.emit(b),
        )
    }
}

tlv_class! {
    /// The IEEE 802.1AS Follow_Up information TLV (ORGANIZATION_EXTENSION, OUI 00-80-C2,
    /// subtype 1; 802.1AS-2020 §11.4.4.3).
    class FollowUpInformation [*,] {
        /// tlvType: 0x0003 (or 0x4000 / 0x8000).
        tlv_type: OrgTypeK = 0x0003,
        /// cumulativeScaledRateOffset: (rateRatio - 1) * 2^41.
        cumulative_scaled_rate_offset: I32 = 0,
        /// gmTimeBaseIndicator.
        gm_time_base_indicator: U16 = 0,
        /// lastGmPhaseChange: a ScaledNs (96-bit signed, nanoseconds * 2^16).
        last_gm_phase_change: ScaledNs96K = (0, 0),
        /// scaledLastGmFreqChange.
        scaled_last_gm_freq_change: I32 = 0,
    }
    org(org::IEEE_802_1_OUI, org::FollowUpInformation::SUB_TYPE);
}

impl FollowUpInformation {
    fn encode(&self) -> PyResult<Vec<u8>> {
        let f = org::FollowUpInformation {
            cumulative_scaled_rate_offset: self.cumulative_scaled_rate_offset,
            gm_time_base_indicator: self.gm_time_base_indicator,
            last_gm_phase_change_high: self.last_gm_phase_change.0,
            last_gm_phase_change_low: self.last_gm_phase_change.1,
            scaled_last_gm_freq_change: self.scaled_last_gm_freq_change,
        };
        emit_org(
            self.tlv_type,
            org::IEEE_802_1_OUI,
            org::FollowUpInformation::SUB_TYPE,
            org::FollowUpInformation::DATA_LEN,
            |b| f.emit(b),
        )
    }
}

tlv_class! {
    /// The IEEE 802.1AS message interval request TLV (ORGANIZATION_EXTENSION, OUI
    /// 00-80-C2, subtype 2; 802.1AS-2020 §10.6.4.3), carried in Signaling. The intervals
    /// are log2 seconds: 127 stop, 126 initial value, -128 no change.
    class MessageIntervalRequest [*,] {
        /// tlvType: 0x0003 (or 0x4000 / 0x8000).
        tlv_type: OrgTypeK = 0x0003,
        /// linkDelayInterval.
        link_delay_interval: I8 = -128,
        /// timeSyncInterval.
        time_sync_interval: I8 = -128,
        /// announceInterval.
        announce_interval: I8 = -128,
        /// flags: ``COMPUTE_NEIGHBOR_RATE_RATIO``, ``COMPUTE_MEAN_LINK_DELAY``,
        /// ``ONE_STEP_RECEIVE_CAPABLE``.
        flags: U8 = 0,
    }
    org(org::IEEE_802_1_OUI, org::MessageIntervalRequest::SUB_TYPE);
    consts(
        /// The flag computeNeighborRateRatio.
        COMPUTE_NEIGHBOR_RATE_RATIO: u8 = org::MessageIntervalRequest::COMPUTE_NEIGHBOR_RATE_RATIO,
        /// The flag computeMeanLinkDelay.
        COMPUTE_MEAN_LINK_DELAY: u8 = org::MessageIntervalRequest::COMPUTE_MEAN_LINK_DELAY,
        /// The flag oneStepReceiveCapable.
        ONE_STEP_RECEIVE_CAPABLE: u8 = org::MessageIntervalRequest::ONE_STEP_RECEIVE_CAPABLE,
    );
}

impl MessageIntervalRequest {
    fn encode(&self) -> PyResult<Vec<u8>> {
        let m = org::MessageIntervalRequest {
            link_delay_interval: self.link_delay_interval,
            time_sync_interval: self.time_sync_interval,
            announce_interval: self.announce_interval,
            flags: self.flags,
        };
        emit_org(
            self.tlv_type,
            org::IEEE_802_1_OUI,
            org::MessageIntervalRequest::SUB_TYPE,
            org::MessageIntervalRequest::DATA_LEN,
            |b| m.emit(b),
        )
    }
}

tlv_class! {
    /// The IEEE C37.238-2011 power profile TLV (ORGANIZATION_EXTENSION, OUI 1C-12-9D,
    /// subtype 1), carried in Announce.
    class PowerProfile2011 [*,] {
        /// tlvType: 0x0003 (or 0x4000 / 0x8000).
        tlv_type: OrgTypeK = 0x0003,
        /// grandmasterID.
        grandmaster_id: U16 = 0,
        /// grandmasterTimeInaccuracy, nanoseconds.
        grandmaster_time_inaccuracy: U32 = 0,
        /// networkTimeInaccuracy, nanoseconds.
        network_time_inaccuracy: U32 = 0,
    }
    org(org::IEEE_C37_238_OUI, org::PowerProfile2011::SUB_TYPE);
}

impl PowerProfile2011 {
    fn encode(&self) -> PyResult<Vec<u8>> {
        let p = org::PowerProfile2011 {
            grandmaster_id: self.grandmaster_id,
            grandmaster_time_inaccuracy: self.grandmaster_time_inaccuracy,
            network_time_inaccuracy: self.network_time_inaccuracy,
        };
        emit_org(
            self.tlv_type,
            org::IEEE_C37_238_OUI,
            org::PowerProfile2011::SUB_TYPE,
            org::PowerProfile2011::DATA_LEN,
            |b| p.emit(b),
        )
    }
}

tlv_class! {
    /// The IEEE C37.238-2017 power profile TLV (ORGANIZATION_EXTENSION, OUI 1C-12-9D,
    /// subtype 2), carried in Announce.
    class PowerProfile2017 [*,] {
        /// tlvType: 0x0003 (or 0x4000 / 0x8000).
        tlv_type: OrgTypeK = 0x0003,
        /// grandmasterID.
        grandmaster_id: U16 = 0,
        /// totalTimeInaccuracy, nanoseconds.
        total_time_inaccuracy: U32 = 0,
    }
    org(org::IEEE_C37_238_OUI, org::PowerProfile2017::SUB_TYPE);
}

impl PowerProfile2017 {
    fn encode(&self) -> PyResult<Vec<u8>> {
        let p = org::PowerProfile2017 {
            grandmaster_id: self.grandmaster_id,
            total_time_inaccuracy: self.total_time_inaccuracy,
        };
        emit_org(
            self.tlv_type,
            org::IEEE_C37_238_OUI,
            org::PowerProfile2017::SUB_TYPE,
            org::PowerProfile2017::DATA_LEN,
            |b| p.emit(b),
        )
    }
}

tlv_class! {
    /// REQUEST_UNICAST_TRANSMISSION (IEEE 1588-2019 §16.1.4.1).
    class RequestUnicastTransmission [*,] {
        /// The messageType requested (Announce, Sync, Delay_Resp or Pdelay_Resp).
        message_type: MsgTypeK = 0xB,
        /// logInterMessagePeriod.
        log_inter_message_period: I8 = 1,
        /// durationField, seconds.
        duration_field: U32 = 300,
    }
}

impl RequestUnicastTransmission {
    fn encode(&self) -> PyResult<Vec<u8>> {
        emit_tlv(&w::TypedTlv {
            tlv_type: w::TlvType::REQUEST_UNICAST_TRANSMISSION,
            body: w::TlvBody::RequestUnicastTransmission(tl::UnicastRequest {
                message_type: w::MessageType::from_bits(self.message_type),
                log_inter_message_period: self.log_inter_message_period,
                duration_field: self.duration_field,
            }),
        })
    }
}

tlv_class! {
    /// GRANT_UNICAST_TRANSMISSION (IEEE 1588-2019 §16.1.4.2); a durationField of 0
    /// denies the request.
    class GrantUnicastTransmission [*,] {
        /// The messageType granted.
        message_type: MsgTypeK = 0xB,
        /// logInterMessagePeriod.
        log_inter_message_period: I8 = 1,
        /// durationField, seconds.
        duration_field: U32 = 300,
        /// renewalInvited (R).
        renewal_invited: BoolK = false,
    }
}

impl GrantUnicastTransmission {
    fn encode(&self) -> PyResult<Vec<u8>> {
        emit_tlv(&w::TypedTlv {
            tlv_type: w::TlvType::GRANT_UNICAST_TRANSMISSION,
            body: w::TlvBody::GrantUnicastTransmission(tl::UnicastGrant {
                message_type: w::MessageType::from_bits(self.message_type),
                log_inter_message_period: self.log_inter_message_period,
                duration_field: self.duration_field,
                renewal_invited: self.renewal_invited,
            }),
        })
    }
}

tlv_class! {
    /// CANCEL_UNICAST_TRANSMISSION (IEEE 1588-2019 §16.1.4.3).
    class CancelUnicastTransmission [*,] {
        /// The messageType whose transmission is cancelled.
        message_type: MsgTypeK = 0xB,
    }
}

impl CancelUnicastTransmission {
    fn encode(&self) -> PyResult<Vec<u8>> {
        emit_tlv(&w::TypedTlv {
            tlv_type: w::TlvType::CANCEL_UNICAST_TRANSMISSION,
            body: w::TlvBody::CancelUnicastTransmission(w::MessageType::from_bits(
                self.message_type,
            )),
        })
    }
}

tlv_class! {
    /// ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION (IEEE 1588-2019 §16.1.4.4).
    class AcknowledgeCancelUnicastTransmission [*,] {
        /// The messageType whose cancellation is acknowledged.
        message_type: MsgTypeK = 0xB,
    }
}

impl AcknowledgeCancelUnicastTransmission {
    fn encode(&self) -> PyResult<Vec<u8>> {
        emit_tlv(&w::TypedTlv {
            tlv_type: w::TlvType::ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION,
            body: w::TlvBody::AcknowledgeCancelUnicastTransmission(w::MessageType::from_bits(
                self.message_type,
            )),
        })
    }
}

/// The octets of a list of clock identities.
fn ids_bytes(ids: &[w::ClockIdentity]) -> Vec<u8> {
    ids.iter().flat_map(|c| c.0).collect()
}

tlv_class! {
    /// PATH_TRACE (IEEE 1588-2019 §16.2.5): the pathSequence of clock identities.
    class PathTrace [] {
        /// pathSequence, as a tuple of clock identities.
        path_sequence: IdsK = Vec::new(),
    }
}

impl PathTrace {
    fn encode(&self) -> PyResult<Vec<u8>> {
        let bytes = ids_bytes(&self.path_sequence);
        emit_tlv(&w::TypedTlv {
            tlv_type: w::TlvType::PATH_TRACE,
            body: w::TlvBody::PathTrace(mg::WireList {
                count: self.path_sequence.len(),
                bytes: &bytes,
            }),
        })
    }
}

tlv_class! {
    /// ALTERNATE_TIME_OFFSET_INDICATOR (IEEE 1588-2019 §16.3.3).
    class AlternateTimeOffsetIndicator [*,] {
        /// keyField.
        key_field: U8 = 0,
        /// currentOffset, seconds.
        current_offset: I32 = 0,
        /// jumpSeconds.
        jump_seconds: I32 = 0,
        /// timeOfNextJump, seconds (48 bits).
        time_of_next_jump: U48 = 0,
        /// displayName.
        display_name: TextK = Vec::new(),
    }
}

impl AlternateTimeOffsetIndicator {
    fn encode(&self) -> PyResult<Vec<u8>> {
        emit_tlv(&w::TypedTlv {
            tlv_type: w::TlvType::ALTERNATE_TIME_OFFSET_INDICATOR,
            body: w::TlvBody::AlternateTimeOffsetIndicator(tl::AlternateTimeOffsetIndicator {
                key_field: self.key_field,
                current_offset: self.current_offset,
                jump_seconds: self.jump_seconds,
                time_of_next_jump: self.time_of_next_jump,
                display_name: mg::PtpText(&self.display_name),
            }),
        })
    }
}

tlv_class! {
    /// AUTHENTICATION (IEEE 1588-2019 §16.14.3). The lengths of disclosedKey,
    /// sequenceNo, RES and ICV depend on the security association, so they stay
    /// together in ``rest``.
    class Authentication [*,] {
        /// SPP, the security parameter pointer.
        spp: U8 = 0,
        /// secParamIndicator: bit 0 disclosedKey present, 1 sequenceNo present, 2 RES
        /// present.
        sec_param_indicator: U8 = 0,
        /// keyID.
        key_id: U32 = 0,
        /// disclosedKey, sequenceNo, RES (as the indicator says) and the ICV.
        rest: BytesK = Vec::new(),
    }
}

impl Authentication {
    fn encode(&self) -> PyResult<Vec<u8>> {
        emit_tlv(&w::TypedTlv {
            tlv_type: w::TlvType::AUTHENTICATION,
            body: w::TlvBody::Authentication(tl::Authentication {
                spp: self.spp,
                sec_param_indicator: self.sec_param_indicator,
                key_id: self.key_id,
                rest: &self.rest,
            }),
        })
    }
}

tlv_class! {
    /// ENHANCED_ACCURACY_METRICS (IEEE 1588-2019 §16.12). The max* fields are
    /// TimeIntervals (scaled nanoseconds), the var* fields Float64.
    class EnhancedAccuracyMetrics [*,] {
        /// bcHopCount.
        bc_hop_count: U8 = 0,
        /// tcHopCount.
        tc_hop_count: U8 = 0,
        /// maxGmInaccuracy.
        max_gm_inaccuracy: IntervalK = w::TimeInterval(0),
        /// varGmInaccuracy.
        var_gm_inaccuracy: F64K = 0.0,
        /// maxTransientInaccuracy.
        max_transient_inaccuracy: IntervalK = w::TimeInterval(0),
        /// varTransientInaccuracy.
        var_transient_inaccuracy: F64K = 0.0,
        /// maxDynamicInaccuracy.
        max_dynamic_inaccuracy: IntervalK = w::TimeInterval(0),
        /// varDynamicInaccuracy.
        var_dynamic_inaccuracy: F64K = 0.0,
        /// maxStaticInstanceInaccuracy.
        max_static_instance_inaccuracy: IntervalK = w::TimeInterval(0),
        /// varStaticInstanceInaccuracy.
        var_static_instance_inaccuracy: F64K = 0.0,
        /// maxStaticMediumInaccuracy.
        max_static_medium_inaccuracy: IntervalK = w::TimeInterval(0),
        /// varStaticMediumInaccuracy.
        var_static_medium_inaccuracy: F64K = 0.0,
    }
}

impl EnhancedAccuracyMetrics {
    fn from_crate(m: &tl::EnhancedAccuracyMetrics) -> Self {
        EnhancedAccuracyMetrics {
            bc_hop_count: m.bc_hop_count,
            tc_hop_count: m.tc_hop_count,
            max_gm_inaccuracy: m.max_gm_inaccuracy,
            var_gm_inaccuracy: m.var_gm_inaccuracy,
            max_transient_inaccuracy: m.max_transient_inaccuracy,
            var_transient_inaccuracy: m.var_transient_inaccuracy,
            max_dynamic_inaccuracy: m.max_dynamic_inaccuracy,
            var_dynamic_inaccuracy: m.var_dynamic_inaccuracy,
            max_static_instance_inaccuracy: m.max_static_instance_inaccuracy,
            var_static_instance_inaccuracy: m.var_static_instance_inaccuracy,
            max_static_medium_inaccuracy: m.max_static_medium_inaccuracy,
            var_static_medium_inaccuracy: m.var_static_medium_inaccuracy,
        }
    }

    fn encode(&self) -> PyResult<Vec<u8>> {
        emit_tlv(&w::TypedTlv {
            tlv_type: w::TlvType::ENHANCED_ACCURACY_METRICS,
            body: w::TlvBody::EnhancedAccuracyMetrics(tl::EnhancedAccuracyMetrics {
                bc_hop_count: self.bc_hop_count,
                tc_hop_count: self.tc_hop_count,
                max_gm_inaccuracy: self.max_gm_inaccuracy,
                var_gm_inaccuracy: self.var_gm_inaccuracy,
                max_transient_inaccuracy: self.max_transient_inaccuracy,
                var_transient_inaccuracy: self.var_transient_inaccuracy,
                max_dynamic_inaccuracy: self.max_dynamic_inaccuracy,
                var_dynamic_inaccuracy: self.var_dynamic_inaccuracy,
                max_static_instance_inaccuracy: self.max_static_instance_inaccuracy,
                var_static_instance_inaccuracy: self.var_static_instance_inaccuracy,
                max_static_medium_inaccuracy: self.max_static_medium_inaccuracy,
                var_static_medium_inaccuracy: self.var_static_medium_inaccuracy,
            }),
        })
    }
}

// ---------------------------------------------------------------------------------------
// MANAGEMENT TLV and its dataField

/// The managementIds whose one-octet dataField is an Integer8 (the log intervals of
/// Table 59); the crate keeps every one-octet value as its octet.
fn octet_is_signed(id: mg::ManagementId) -> bool {
    matches!(
        id,
        mg::ManagementId::LOG_ANNOUNCE_INTERVAL
            | mg::ManagementId::LOG_SYNC_INTERVAL
            | mg::ManagementId::LOG_MIN_PDELAY_REQ_INTERVAL
    )
}

type DataKind = Option<Discriminant<mg::ManagementData<'static>>>;

/// Writes a MANAGEMENT TLV with the crate; gives the kind of dataField written.
fn emit_management(
    id: mg::ManagementId,
    data: mg::ManagementData<'_>,
) -> PyResult<(Vec<u8>, DataKind)> {
    // The discriminant does not depend on the lifetime; compare it through a 'static
    // stand-in of the same variant.
    let kind = Some(static_kind(&data));
    let wire = emit_tlv(&w::TypedTlv {
        tlv_type: w::TlvType::MANAGEMENT,
        body: w::TlvBody::Management(mg::ManagementTlv {
            management_id: id,
            data,
        }),
    })?;
    Ok((wire, kind))
}

/// The discriminant of a dataField, independent of what it borrows.
fn static_kind(d: &mg::ManagementData<'_>) -> Discriminant<mg::ManagementData<'static>> {
    use mg::ManagementData as D;
    let empty: &'static [u8] = &[];
    let list = mg::WireList {
        count: 0,
        bytes: empty,
    };
    let stand_in: D<'static> = match d {
        D::Empty => D::Empty,
        D::ClockDescription(_) => D::ClockDescription(mg::ClockDescription {
            clock_type: 0,
            physical_layer_protocol: mg::PtpText(empty),
            physical_address: empty,
            protocol_address: mg::PortAddress {
                network_protocol: 0,
                address: empty,
            },
            manufacturer_identity: [0; 3],
            product_description: mg::PtpText(empty),
            revision_data: mg::PtpText(empty),
            user_description: mg::PtpText(empty),
            profile_identity: [0; 6],
        }),
        D::UserDescription(_) => D::UserDescription(mg::PtpText(empty)),
        D::Initialize(_) => D::Initialize(0),
        D::FaultLog(_) => D::FaultLog(list),
        D::DefaultDataSet(s) => D::DefaultDataSet(*s),
        D::CurrentDataSet(s) => D::CurrentDataSet(*s),
        D::ParentDataSet(s) => D::ParentDataSet(*s),
        D::TimePropertiesDataSet(s) => D::TimePropertiesDataSet(*s),
        D::PortDataSet(s) => D::PortDataSet(*s),
        D::Time(t) => D::Time(*t),
        D::UtcProperties { .. } => D::UtcProperties {
            current_utc_offset: 0,
            flags: 0,
        },
        D::TimescaleProperties { .. } => D::TimescaleProperties {
            flags: 0,
            time_source: w::TimeSource(0),
        },
        D::PathTraceList(_) => D::PathTraceList(list),
        D::GrandmasterClusterTable { .. } => D::GrandmasterClusterTable {
            log_query_interval: 0,
            addresses: list,
        },
        D::UnicastMasterTable { .. } => D::UnicastMasterTable {
            log_query_interval: 0,
            addresses: list,
        },
        D::MaxTableSize(_) => D::MaxTableSize(0),
        D::AcceptableMasterTable(_) => D::AcceptableMasterTable(list),
        D::AlternateMaster { .. } => D::AlternateMaster {
            flags: 0,
            log_alternate_multicast_sync_interval: 0,
            number_of_alternate_masters: 0,
        },
        D::AlternateTimeOffsetName { .. } => D::AlternateTimeOffsetName {
            key_field: 0,
            display_name: mg::PtpText(empty),
        },
        D::AlternateTimeOffsetEnable { .. } => D::AlternateTimeOffsetEnable {
            key_field: 0,
            flags: 0,
        },
        D::AlternateTimeOffsetProperties(p) => D::AlternateTimeOffsetProperties(*p),
        D::TransparentClockDefaultDataSet { .. } => D::TransparentClockDefaultDataSet {
            clock_identity: w::ClockIdentity::default(),
            number_ports: 0,
            delay_mechanism: 0,
            primary_domain: 0,
        },
        D::TransparentClockPortDataSet(p) => D::TransparentClockPortDataSet(*p),
        D::Octet(v) => D::Octet(*v),
        _ => D::Raw(empty),
    };
    discriminant(&stand_in)
}

/// The octets of a list of port addresses (a unicast master or grandmaster cluster
/// table, §5.3.6): networkProtocol, addressLength, addressField each.
fn port_addresses_bytes(list: &[PortAddress]) -> PyResult<Vec<u8>> {
    let mut out = Vec::new();
    for a in list {
        let n = u16::try_from(a.address.len())
            .map_err(|_| PyValueError::new_err("a PortAddress holds at most 65535 octets"))?;
        out.extend_from_slice(&a.network_protocol.to_be_bytes());
        out.extend_from_slice(&n.to_be_bytes());
        out.extend_from_slice(&a.address);
    }
    Ok(out)
}

/// The octets of FAULT_LOG records (§15.5.3.1.5): faultRecordLength (the octets after
/// it), faultTime, severityCode and the three PTPTexts.
fn fault_records_bytes(list: &[FaultRecord]) -> PyResult<Vec<u8>> {
    let mut out = Vec::new();
    for r in list {
        let mut rec = vec![0u8; w::Timestamp::LEN];
        r.fault_time.emit(&mut rec).map_err(build_error)?;
        rec.push(r.severity_code);
        for t in [&r.fault_name, &r.fault_value, &r.fault_description] {
            // TextK keeps every text at 255 octets or fewer.
            rec.push(t.len() as u8);
            rec.extend_from_slice(t);
        }
        let n = u16::try_from(rec.len())
            .map_err(|_| PyValueError::new_err("a fault record holds at most 65535 octets"))?;
        out.extend_from_slice(&n.to_be_bytes());
        out.extend_from_slice(&rec);
    }
    Ok(out)
}

/// The octets of ACCEPTABLE_MASTER_TABLE entries: acceptablePortIdentity and
/// alternatePriority1 each.
fn acceptable_masters_bytes(list: &[AcceptableMaster]) -> PyResult<Vec<u8>> {
    let mut out = Vec::new();
    for m in list {
        let mut b = [0u8; w::PortIdentity::LEN + 1];
        m.acceptable_port_identity
            .emit(&mut b)
            .map_err(build_error)?;
        b[w::PortIdentity::LEN] = m.alternate_priority1;
        out.extend_from_slice(&b);
    }
    Ok(out)
}

fn wrong_data(id: u16, what: &str) -> PyErr {
    let name = mg::ManagementId(id)
        .name()
        .map_or_else(|| format!("{id:#06x}"), |n| format!("{n} ({id:#06x})"));
    PyTypeError::new_err(format!("data: managementId {name} does not take {what}"))
}

/// Writes a MANAGEMENT TLV for `id` with the Python `data`, checks that the crate reads
/// back the same kind of dataField, and gives the wire bytes and `data` as read back.
fn encode_management(id: u16, data: &Bound<'_, PyAny>) -> PyResult<(Vec<u8>, Py<PyAny>)> {
    use mg::ManagementData as D;
    let py = data.py();
    let mid = mg::ManagementId(id);
    let (wire, kind) = if data.is_none() {
        emit_management(mid, D::Empty)?
    } else if data.is_instance_of::<PyInt>() {
        // Which integer dataField the id has, as the crate reads a two-octet one.
        let [hi, lo] = id.to_be_bytes();
        match mg::ManagementTlv::parse(&[hi, lo, 0, 0]).map(|t| t.data) {
            Ok(D::Octet(_)) => {
                let v = if octet_is_signed(mid) {
                    I8::get(data, "data")? as u8
                } else {
                    U8::get(data, "data")?
                };
                emit_management(mid, D::Octet(v))?
            }
            Ok(D::Initialize(_)) => emit_management(mid, D::Initialize(U16::get(data, "data")?))?,
            Ok(D::MaxTableSize(_)) => {
                emit_management(mid, D::MaxTableSize(U16::get(data, "data")?))?
            }
            _ => return Err(wrong_data(id, "an integer")),
        }
    } else if data.is_instance_of::<PyString>() {
        let t = TextK::get(data, "data")?;
        emit_management(mid, D::UserDescription(mg::PtpText(&t)))?
    } else if data.is_instance_of::<PyTuple>() || data.is_instance_of::<PyList>() {
        let ids = IdsK::get(data, "data")?;
        let bytes = ids_bytes(&ids);
        emit_management(
            mid,
            D::PathTraceList(mg::WireList {
                count: ids.len(),
                bytes: &bytes,
            }),
        )?
    } else if let Ok(t) = data.cast::<Timestamp>() {
        emit_management(mid, D::Time(t.get().0))?
    } else if let Ok(x) = data.cast::<DefaultDataSet>() {
        emit_management(mid, D::DefaultDataSet(x.get().to_crate()))?
    } else if let Ok(x) = data.cast::<CurrentDataSet>() {
        emit_management(mid, D::CurrentDataSet(x.get().to_crate()))?
    } else if let Ok(x) = data.cast::<ParentDataSet>() {
        emit_management(mid, D::ParentDataSet(x.get().to_crate()))?
    } else if let Ok(x) = data.cast::<TimePropertiesDataSet>() {
        emit_management(mid, D::TimePropertiesDataSet(x.get().to_crate()))?
    } else if let Ok(x) = data.cast::<PortDataSet>() {
        emit_management(mid, D::PortDataSet(x.get().to_crate()))?
    } else if let Ok(x) = data.cast::<ClockDescription>() {
        emit_management(mid, D::ClockDescription(x.get().to_crate()))?
    } else if let Ok(x) = data.cast::<FaultLog>() {
        let x = x.get();
        let bytes = fault_records_bytes(&x.fault_records)?;
        emit_management(
            mid,
            D::FaultLog(mg::WireList {
                count: x.fault_records.len(),
                bytes: &bytes,
            }),
        )?
    } else if let Ok(x) = data.cast::<UtcProperties>() {
        let x = x.get();
        emit_management(
            mid,
            D::UtcProperties {
                current_utc_offset: x.current_utc_offset,
                flags: x.flags,
            },
        )?
    } else if let Ok(x) = data.cast::<TimescaleProperties>() {
        let x = x.get();
        emit_management(
            mid,
            D::TimescaleProperties {
                flags: x.flags,
                time_source: x.time_source,
            },
        )?
    } else if let Ok(x) = data.cast::<GrandmasterClusterTable>() {
        let x = x.get();
        let bytes = port_addresses_bytes(&x.port_addresses)?;
        emit_management(
            mid,
            D::GrandmasterClusterTable {
                log_query_interval: x.log_query_interval,
                addresses: mg::WireList {
                    count: x.port_addresses.len(),
                    bytes: &bytes,
                },
            },
        )?
    } else if let Ok(x) = data.cast::<UnicastMasterTable>() {
        let x = x.get();
        let bytes = port_addresses_bytes(&x.port_addresses)?;
        emit_management(
            mid,
            D::UnicastMasterTable {
                log_query_interval: x.log_query_interval,
                addresses: mg::WireList {
                    count: x.port_addresses.len(),
                    bytes: &bytes,
                },
            },
        )?
    } else if let Ok(x) = data.cast::<AcceptableMasterTable>() {
        let x = x.get();
        let bytes = acceptable_masters_bytes(&x.acceptable_masters)?;
        emit_management(
            mid,
            D::AcceptableMasterTable(mg::WireList {
                count: x.acceptable_masters.len(),
                bytes: &bytes,
            }),
        )?
    } else if let Ok(x) = data.cast::<AlternateMaster>() {
        let x = x.get();
        emit_management(
            mid,
            D::AlternateMaster {
                flags: x.flags,
                log_alternate_multicast_sync_interval: x.log_alternate_multicast_sync_interval,
                number_of_alternate_masters: x.number_of_alternate_masters,
            },
        )?
    } else if let Ok(x) = data.cast::<AlternateTimeOffsetName>() {
        let x = x.get();
        emit_management(
            mid,
            D::AlternateTimeOffsetName {
                key_field: x.key_field,
                display_name: mg::PtpText(&x.display_name),
            },
        )?
    } else if let Ok(x) = data.cast::<AlternateTimeOffsetEnable>() {
        let x = x.get();
        emit_management(
            mid,
            D::AlternateTimeOffsetEnable {
                key_field: x.key_field,
                flags: x.flags,
            },
        )?
    } else if let Ok(x) = data.cast::<AlternateTimeOffsetProperties>() {
        emit_management(mid, D::AlternateTimeOffsetProperties(x.get().to_crate()))?
    } else if let Ok(x) = data.cast::<TransparentClockDefaultDataSet>() {
        let x = x.get();
        emit_management(
            mid,
            D::TransparentClockDefaultDataSet {
                clock_identity: x.clock_identity,
                number_ports: x.number_ports,
                delay_mechanism: x.delay_mechanism,
                primary_domain: x.primary_domain,
            },
        )?
    } else if let Ok(x) = data.cast::<TransparentClockPortDataSet>() {
        emit_management(mid, D::TransparentClockPortDataSet(x.get().to_crate()))?
    } else {
        let raw = bytes_arg(data, "data").map_err(|e| {
            if e.is_instance_of::<PyTypeError>(py) {
                PyTypeError::new_err(format!(
                    "data: None, an int, a str, a Timestamp, a tuple of clock identities, \
                     a management data set or bytes is required, not '{}'",
                    type_name(data)
                ))
            } else {
                e
            }
        })?;
        let (wire, _) = emit_management(mid, D::Raw(&raw))?;
        // Raw octets are written as given; `data` reads them back typed when the crate
        // can, and as the octets when it cannot.
        return match mg::ManagementTlv::parse(&wire[4..]) {
            Ok(t) => {
                let d = management_data_to_py(py, &t, &wire[4..])?.unbind();
                Ok((wire, d))
            }
            Err(_) => Ok((wire, PyBytes::new(py, &raw).into_any().unbind())),
        };
    };
    // Data of a kind the managementId does not take reads back as another kind, or not
    // at all.
    let back = mg::ManagementTlv::parse(&wire[4..])
        .ok()
        .filter(|back| kind.is_some_and(|k| k == static_kind(&back.data)))
        .ok_or_else(|| wrong_data(id, &format!("a {}", type_name(data))))?;
    let d = management_data_to_py(py, &back, &wire[4..])?.unbind();
    Ok((wire, d))
}

/// The dataField of a MANAGEMENT TLV as a Python object (see `ManagementTlv`); `value`
/// is the TLV's value, for data the crate keeps untyped.
fn management_data_to_py<'py>(
    py: Python<'py>,
    t: &mg::ManagementTlv<'_>,
    value: &[u8],
) -> PyResult<Bound<'py, PyAny>> {
    use mg::ManagementData as D;
    Ok(match &t.data {
        D::Empty => py.None().into_bound(py),
        D::ClockDescription(c) => Bound::new(py, ClockDescription::from_crate(c))?.into_any(),
        D::UserDescription(s) => text_to_py(py, s.0)?,
        D::Initialize(k) | D::MaxTableSize(k) => k.into_pyobject(py)?.into_any(),
        D::FaultLog(l) => Bound::new(
            py,
            FaultLog {
                fault_records: l
                    .fault_records()
                    .map(|r| FaultRecord::from_crate(&r))
                    .collect(),
            },
        )?
        .into_any(),
        D::DefaultDataSet(s) => Bound::new(py, DefaultDataSet::from_crate(s))?.into_any(),
        D::CurrentDataSet(s) => Bound::new(py, CurrentDataSet::from_crate(s))?.into_any(),
        D::ParentDataSet(s) => Bound::new(py, ParentDataSet::from_crate(s))?.into_any(),
        D::TimePropertiesDataSet(s) => {
            Bound::new(py, TimePropertiesDataSet::from_crate(s))?.into_any()
        }
        D::PortDataSet(s) => Bound::new(py, PortDataSet::from_crate(s))?.into_any(),
        D::Time(ts) => TsK::py(py, ts)?,
        D::UtcProperties {
            current_utc_offset,
            flags,
        } => Bound::new(
            py,
            UtcProperties {
                current_utc_offset: *current_utc_offset,
                flags: *flags,
            },
        )?
        .into_any(),
        D::TimescaleProperties { flags, time_source } => Bound::new(
            py,
            TimescaleProperties {
                flags: *flags,
                time_source: *time_source,
            },
        )?
        .into_any(),
        D::PathTraceList(l) => IdsK::py(py, &l.clock_identities().collect())?,
        D::GrandmasterClusterTable {
            log_query_interval,
            addresses,
        } => Bound::new(
            py,
            GrandmasterClusterTable {
                log_query_interval: *log_query_interval,
                port_addresses: addresses
                    .port_addresses()
                    .map(|a| PortAddress::from_crate(&a))
                    .collect(),
            },
        )?
        .into_any(),
        D::UnicastMasterTable {
            log_query_interval,
            addresses,
        } => Bound::new(
            py,
            UnicastMasterTable {
                log_query_interval: *log_query_interval,
                port_addresses: addresses
                    .port_addresses()
                    .map(|a| PortAddress::from_crate(&a))
                    .collect(),
            },
        )?
        .into_any(),
        D::AcceptableMasterTable(l) => Bound::new(
            py,
            AcceptableMasterTable {
                acceptable_masters: l
                    .acceptable_masters()
                    .map(|(p, a)| AcceptableMaster {
                        acceptable_port_identity: p,
                        alternate_priority1: a,
                    })
                    .collect(),
            },
        )?
        .into_any(),
        D::AlternateMaster {
            flags,
            log_alternate_multicast_sync_interval,
            number_of_alternate_masters,
        } => Bound::new(
            py,
            AlternateMaster {
                flags: *flags,
                log_alternate_multicast_sync_interval: *log_alternate_multicast_sync_interval,
                number_of_alternate_masters: *number_of_alternate_masters,
            },
        )?
        .into_any(),
        D::AlternateTimeOffsetName {
            key_field,
            display_name,
        } => Bound::new(
            py,
            AlternateTimeOffsetName {
                key_field: *key_field,
                display_name: display_name.0.to_vec(),
            },
        )?
        .into_any(),
        D::AlternateTimeOffsetEnable { key_field, flags } => Bound::new(
            py,
            AlternateTimeOffsetEnable {
                key_field: *key_field,
                flags: *flags,
            },
        )?
        .into_any(),
        D::AlternateTimeOffsetProperties(p) => {
            Bound::new(py, AlternateTimeOffsetProperties::from_crate(p))?.into_any()
        }
        D::TransparentClockDefaultDataSet {
            clock_identity,
            number_ports,
            delay_mechanism,
            primary_domain,
        } => Bound::new(
            py,
            TransparentClockDefaultDataSet {
                clock_identity: *clock_identity,
                number_ports: *number_ports,
                delay_mechanism: *delay_mechanism,
                primary_domain: *primary_domain,
            },
        )?
        .into_any(),
        D::TransparentClockPortDataSet(p) => {
            Bound::new(py, TransparentClockPortDataSet::from_crate(p))?.into_any()
        }
        D::Octet(v) if octet_is_signed(t.management_id) => (*v as i8).into_pyobject(py)?.into_any(),
        D::Octet(v) => v.into_pyobject(py)?.into_any(),
        D::Raw(r) => PyBytes::new(py, r).into_any(),
        _ => PyBytes::new(py, value.get(2..).unwrap_or_default()).into_any(),
    })
}

/// MANAGEMENT (IEEE 1588-2019 §15.5.2): ``management_id`` (see ``ManagementId``) and
/// ``data``, the dataField typed by managementId:
///
/// - ``None``: no dataField (GET requests may omit it; commands, NULL_PTP_MANAGEMENT);
/// - an ``int``: the one-octet value of PRIORITY1, DOMAIN, CLOCK_ACCURACY, ... (the log
///   intervals are signed) or the 16-bit value of INITIALIZE and the *_MAX_TABLE_SIZE
///   ids;
/// - a ``str``: USER_DESCRIPTION; a ``Timestamp``: TIME; a tuple of clock identities:
///   PATH_TRACE_LIST;
/// - a data-set object (``DefaultDataSet``, ``CurrentDataSet``, ``ParentDataSet``,
///   ``TimePropertiesDataSet``, ``PortDataSet``, ``ClockDescription``, ``FaultLog``, ...);
/// - ``bytes``: the dataField as raw octets (implementation-specific ids such as
///   linuxptp's ``*_NP``, or a dataField of unexpected length), written as given.
///
/// ``data`` reads back what the TLV holds on the wire: the crate parses it again, so an
/// int is normalized and bytes that form a known data set come back typed. Data of a
/// kind the managementId does not take is a ``TypeError``.
#[pyclass(frozen, extends = Tlv, module = "mediafabric.ptp")]
struct ManagementTlv {
    management_id: u16,
    data: Py<PyAny>,
}

impl ManagementTlv {
    fn into_object<'py>(
        py: Python<'py>,
        management_id: u16,
        data: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (wire, data) = encode_management(management_id, data)?;
        Ok(Bound::new(
            py,
            PyClassInitializer::from(Tlv { wire }).add_subclass(ManagementTlv {
                management_id,
                data,
            }),
        )?
        .into_any())
    }
}

#[pymethods]
impl ManagementTlv {
    #[new]
    #[pyo3(signature = (management_id = Option::None, data = Option::None))]
    fn new(
        py: Python<'_>,
        management_id: Option<&Bound<'_, PyAny>>,
        data: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyClassInitializer<Self>> {
        let management_id =
            given(management_id).map_or(Ok(0), |o| MgmtIdK::get(o, "management_id"))?;
        let none = py.None().into_bound(py);
        let (wire, data) = encode_management(management_id, data.unwrap_or(&none))?;
        Ok(
            PyClassInitializer::from(Tlv { wire }).add_subclass(ManagementTlv {
                management_id,
                data,
            }),
        )
    }

    /// managementId (a ``ManagementId`` member when it has a name).
    #[getter]
    fn management_id<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        MgmtIdK::py(py, &self.management_id)
    }

    /// The dataField, typed (see the class documentation).
    #[getter]
    fn data<'py>(&self, py: Python<'py>) -> Bound<'py, PyAny> {
        self.data.bind(py).clone()
    }

    #[classattr]
    #[pyo3(name = "_fields")]
    fn fields_attr(py: Python<'_>) -> PyResult<Py<PyTuple>> {
        Ok(PyTuple::new(py, ["management_id", "data"])?.unbind())
    }
}

// ---------------------------------------------------------------------------------------
// From the crate's TLVs to the classes

/// The object for one TLV of a message; `base` is the message's offset in the caller's
/// buffer (for error offsets).
fn tlv_to_py<'py>(py: Python<'py>, t: &w::Tlv<'_>, base: usize) -> PyResult<Bound<'py, PyAny>> {
    use org::KnownOrgExtension as K;
    use w::TlvBody as B;
    let typed = w::TypedTlv::parse(t).map_err(|e| ptp_error(py, e, base))?;
    let ty = t.tlv_type.0;
    let unknown = || UnknownTlv {
        tlv_type: ty,
        value: t.value.to_vec(),
    };
    match typed.body {
        B::Management(m) => {
            let data = management_data_to_py(py, &m, t.value)?;
            ManagementTlv::into_object(py, m.management_id.0, &data)
        }
        B::ManagementErrorStatus(e) => ManagementErrorStatus {
            management_error_id: e.management_error_id,
            management_id: e.management_id.0,
            display_data: e.display_data.0.to_vec(),
        }
        .into_object(py),
        B::OrganizationExtension(o) => match o.known() {
            Ok(Some(K::SmpteSyncMetadata(m))) => {
                SmpteSyncMetadata::from_crate(ty, &m).into_object(py)
            }
            Ok(Some(K::FollowUpInformation(f))) => FollowUpInformation {
                tlv_type: ty,
                cumulative_scaled_rate_offset: f.cumulative_scaled_rate_offset,
                gm_time_base_indicator: f.gm_time_base_indicator,
                last_gm_phase_change: (f.last_gm_phase_change_high, f.last_gm_phase_change_low),
                scaled_last_gm_freq_change: f.scaled_last_gm_freq_change,
            }
            .into_object(py),
            Ok(Some(K::MessageIntervalRequest(m))) => MessageIntervalRequest {
                tlv_type: ty,
                link_delay_interval: m.link_delay_interval,
                time_sync_interval: m.time_sync_interval,
                announce_interval: m.announce_interval,
                flags: m.flags,
            }
            .into_object(py),
            Ok(Some(K::PowerProfile2011(p))) => PowerProfile2011 {
                tlv_type: ty,
                grandmaster_id: p.grandmaster_id,
                grandmaster_time_inaccuracy: p.grandmaster_time_inaccuracy,
                network_time_inaccuracy: p.network_time_inaccuracy,
            }
            .into_object(py),
            Ok(Some(K::PowerProfile2017(p))) => PowerProfile2017 {
                tlv_type: ty,
                grandmaster_id: p.grandmaster_id,
                total_time_inaccuracy: p.total_time_inaccuracy,
            }
            .into_object(py),
            // Organizations and subtypes without a class, and known ones of another
            // length, keep their octets.
            _ => OrganizationExtension {
                tlv_type: ty,
                organization_id: o.organization_id,
                organization_sub_type: o.organization_sub_type,
                data: o.data.to_vec(),
            }
            .into_object(py),
        },
        B::RequestUnicastTransmission(r) => RequestUnicastTransmission {
            message_type: r.message_type.bits(),
            log_inter_message_period: r.log_inter_message_period,
            duration_field: r.duration_field,
        }
        .into_object(py),
        B::GrantUnicastTransmission(g) => GrantUnicastTransmission {
            message_type: g.message_type.bits(),
            log_inter_message_period: g.log_inter_message_period,
            duration_field: g.duration_field,
            renewal_invited: g.renewal_invited,
        }
        .into_object(py),
        B::CancelUnicastTransmission(m) => CancelUnicastTransmission {
            message_type: m.bits(),
        }
        .into_object(py),
        B::AcknowledgeCancelUnicastTransmission(m) => AcknowledgeCancelUnicastTransmission {
            message_type: m.bits(),
        }
        .into_object(py),
        B::PathTrace(l) => PathTrace {
            path_sequence: l.clock_identities().collect(),
        }
        .into_object(py),
        B::AlternateTimeOffsetIndicator(a) => AlternateTimeOffsetIndicator {
            key_field: a.key_field,
            current_offset: a.current_offset,
            jump_seconds: a.jump_seconds,
            time_of_next_jump: a.time_of_next_jump,
            display_name: a.display_name.0.to_vec(),
        }
        .into_object(py),
        B::Authentication(a) => Authentication {
            spp: a.spp,
            sec_param_indicator: a.sec_param_indicator,
            key_id: a.key_id,
            rest: a.rest.to_vec(),
        }
        .into_object(py),
        B::EnhancedAccuracyMetrics(m) => EnhancedAccuracyMetrics::from_crate(&m).into_object(py),
        B::Pad(n) => match u16::try_from(n) {
            Ok(length) => Pad { length }.into_object(py),
            Err(_) => unknown().into_object(py),
        },
        _ => unknown().into_object(py),
    }
}

// ---------------------------------------------------------------------------------------
// Messages (IEEE 1588-2019 §13)

/// The named bits of flagField (Table 37) by their Python names: the keyword arguments
/// of the message constructors, the boolean properties and the `FlagField` IntFlag.
const FLAGS: [(&str, FlagField); 12] = [
    ("alternate_master", FlagField::ALTERNATE_MASTER),
    ("two_step", FlagField::TWO_STEP),
    ("unicast", FlagField::UNICAST),
    ("profile_specific_1", FlagField::PROFILE_SPECIFIC_1),
    ("profile_specific_2", FlagField::PROFILE_SPECIFIC_2),
    ("leap61", FlagField::LEAP_61),
    ("leap59", FlagField::LEAP_59),
    (
        "current_utc_offset_valid",
        FlagField::CURRENT_UTC_OFFSET_VALID,
    ),
    ("ptp_timescale", FlagField::PTP_TIMESCALE),
    ("time_traceable", FlagField::TIME_TRACEABLE),
    ("frequency_traceable", FlagField::FREQUENCY_TRACEABLE),
    (
        "synchronization_uncertain",
        FlagField::SYNCHRONIZATION_UNCERTAIN,
    ),
];

/// The header fields every message constructor takes, in the order of repr() and of
/// pickling.
const HEADER_FIELDS: [&str; 11] = [
    "sequence_id",
    "domain_number",
    "source_port_identity",
    "flag_field",
    "correction_field",
    "log_message_interval",
    "control_field",
    "major_sdo_id",
    "minor_sdo_id",
    "minor_version_ptp",
    "message_type_specific",
];

/// The header keyword arguments of a message constructor.
struct HeaderArgs<'a, 'py> {
    sequence_id: Option<&'a Bound<'py, PyAny>>,
    domain_number: Option<&'a Bound<'py, PyAny>>,
    source_port_identity: Option<&'a Bound<'py, PyAny>>,
    flag_field: Option<&'a Bound<'py, PyAny>>,
    correction_field: Option<&'a Bound<'py, PyAny>>,
    correction_ns: Option<&'a Bound<'py, PyAny>>,
    log_message_interval: Option<&'a Bound<'py, PyAny>>,
    control_field: Option<&'a Bound<'py, PyAny>>,
    major_sdo_id: Option<&'a Bound<'py, PyAny>>,
    minor_sdo_id: Option<&'a Bound<'py, PyAny>>,
    minor_version_ptp: Option<&'a Bound<'py, PyAny>>,
    message_type_specific: Option<&'a Bound<'py, PyAny>>,
    flags: [Option<&'a Bound<'py, PyAny>>; 12],
}

/// Nanoseconds (an int, or a float with fractions of a nanosecond) as a correctionField.
fn scaled_from_ns(o: &Bound<'_, PyAny>, name: &str) -> PyResult<i64> {
    let out_of_range = || {
        PyValueError::new_err(format!(
            "{name} is out of the range of a correctionField (about ±1.4e14 ns)"
        ))
    };
    if o.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(format!(
            "{name}: a number is required, not 'bool'"
        )));
    }
    if o.is_instance_of::<PyInt>() {
        let ns: i128 = o.extract().map_err(|_| out_of_range())?;
        return i64::try_from(ns.checked_mul(1 << 16).ok_or_else(out_of_range)?)
            .map_err(|_| out_of_range());
    }
    let ns = F64K::get(o, name)?;
    let scaled = (ns * 65536.0).round();
    if !scaled.is_finite() || scaled < i64::MIN as f64 || scaled >= i64::MAX as f64 {
        return Err(out_of_range());
    }
    Ok(scaled as i64)
}

impl HeaderArgs<'_, '_> {
    /// `h` (the defaults of the message type) with the given fields set.
    fn apply(self, mut h: w::Header) -> PyResult<w::Header> {
        if let Some(o) = given(self.sequence_id) {
            h.sequence_id = U16::get(o, "sequence_id")?;
        }
        if let Some(o) = given(self.domain_number) {
            h.domain_number = U8::get(o, "domain_number")?;
        }
        if let Some(o) = given(self.source_port_identity) {
            h.source_port_identity = PidK::get(o, "source_port_identity")?;
        }
        if let Some(o) = given(self.flag_field) {
            h.flag_field = FlagField::from_bits_retain(U16::get(o, "flag_field")?);
        }
        for ((name, flag), o) in FLAGS.iter().zip(self.flags) {
            if let Some(o) = given(o) {
                h.flag_field.set(*flag, BoolK::get(o, name)?);
            }
        }
        match (given(self.correction_field), given(self.correction_ns)) {
            (Some(_), Some(_)) => {
                return Err(PyTypeError::new_err(
                    "give correction_field or correction_ns, not both",
                ));
            }
            (Some(o), None) => h.correction_field = IntervalK::get(o, "correction_field")?,
            (None, Some(o)) => {
                h.correction_field = w::TimeInterval(scaled_from_ns(o, "correction_ns")?)
            }
            (None, None) => {}
        }
        if let Some(o) = given(self.log_message_interval) {
            h.log_message_interval = I8::get(o, "log_message_interval")?;
        }
        if let Some(o) = given(self.control_field) {
            h.control_field = U8::get(o, "control_field")?;
        }
        if let Some(o) = given(self.major_sdo_id) {
            h.major_sdo_id = U4::get(o, "major_sdo_id")?;
        }
        if let Some(o) = given(self.minor_sdo_id) {
            h.minor_sdo_id = U8::get(o, "minor_sdo_id")?;
        }
        if let Some(o) = given(self.minor_version_ptp) {
            h.minor_version_ptp = U4::get(o, "minor_version_ptp")?;
        }
        if let Some(o) = given(self.message_type_specific) {
            h.message_type_specific = U32::get(o, "message_type_specific")?;
        }
        Ok(h)
    }
}

/// The TLV objects of a `tlvs` argument.
fn tlvs_arg(o: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<Py<Tlv>>> {
    let Some(o) = given(o) else {
        return Ok(Vec::new());
    };
    iter_arg(o, "tlvs")?
        .into_iter()
        .map(|t| match t.cast_into::<Tlv>() {
            Ok(t) => Ok(t.unbind()),
            Err(e) => Err(PyTypeError::new_err(format!(
                "tlvs: TLV objects are required, not '{}'",
                type_name(&e.into_inner())
            ))),
        })
        .collect()
}

/// The base class of every PTP message (IEEE 1588-2019 §13): the common header's fields,
/// ``tlvs`` and ``to_bytes()``. Two messages are equal when they are the same on the wire.
#[pyclass(frozen, subclass, module = "mediafabric.ptp")]
struct Message {
    header: w::Header,
    body: w::Body,
    tlvs: Vec<Py<Tlv>>,
    /// The octets after the header of a message of a reserved messageType.
    reserved_body: Vec<u8>,
}

impl Message {
    /// A message; checks that the crate can write it (its length fits messageLength).
    fn checked(
        header: w::Header,
        body: w::Body,
        tlvs: Vec<Py<Tlv>>,
        reserved_body: Vec<u8>,
    ) -> PyResult<Message> {
        if matches!(body, w::Body::Reserved) && !tlvs.is_empty() {
            return Err(PyValueError::new_err(
                "a ReservedMessage has no TLVs: give the octets after the header as body",
            ));
        }
        let m = Message {
            header,
            body,
            tlvs,
            reserved_body,
        };
        m.wire()?;
        Ok(m)
    }

    fn suffix(&self) -> Vec<u8> {
        let mut s = self.reserved_body.clone();
        for t in &self.tlvs {
            s.extend_from_slice(&t.get().wire);
        }
        s
    }

    /// The message as the crate writes it.
    fn wire(&self) -> PyResult<Vec<u8>> {
        let suffix = self.suffix();
        let m = w::Message {
            header: self.header,
            body: self.body,
            suffix: &suffix,
        };
        let mut out = vec![0u8; m.buffer_len()];
        m.emit(&mut out).map_err(build_error)?;
        Ok(out)
    }

    fn flag(&self, f: FlagField) -> bool {
        self.header.flag_field.contains(f)
    }
}

#[pymethods]
impl Message {
    /// messageType (a ``MessageType`` member when it has a name).
    #[getter]
    fn message_type<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        MsgTypeK::py(py, &self.header.message_type.bits())
    }

    /// majorSdoId (4 bits; formerly transportSpecific).
    #[getter]
    fn major_sdo_id(&self) -> u8 {
        self.header.major_sdo_id
    }

    /// minorVersionPTP (1 for IEEE 1588-2019, 0 for 2008).
    #[getter]
    fn minor_version_ptp(&self) -> u8 {
        self.header.minor_version_ptp
    }

    /// versionPTP (always 2).
    #[getter]
    fn version_ptp(&self) -> u8 {
        self.header.version_ptp
    }

    /// messageLength: the octets of ``to_bytes()``.
    #[getter]
    fn message_length(&self) -> PyResult<usize> {
        Ok(self.wire()?.len())
    }

    /// domainNumber.
    #[getter]
    fn domain_number(&self) -> u8 {
        self.header.domain_number
    }

    /// minorSdoId.
    #[getter]
    fn minor_sdo_id(&self) -> u8 {
        self.header.minor_sdo_id
    }

    /// flagField (Table 37) as the 16-bit number of octets 6-7 (see ``FlagField``).
    #[getter]
    fn flag_field(&self) -> u16 {
        self.header.flag_field.bits()
    }

    /// alternateMasterFlag.
    #[getter]
    fn alternate_master(&self) -> bool {
        self.flag(FlagField::ALTERNATE_MASTER)
    }

    /// twoStepFlag.
    #[getter]
    fn two_step(&self) -> bool {
        self.flag(FlagField::TWO_STEP)
    }

    /// unicastFlag.
    #[getter]
    fn unicast(&self) -> bool {
        self.flag(FlagField::UNICAST)
    }

    /// PTP profile Specific 1.
    #[getter]
    fn profile_specific_1(&self) -> bool {
        self.flag(FlagField::PROFILE_SPECIFIC_1)
    }

    /// PTP profile Specific 2.
    #[getter]
    fn profile_specific_2(&self) -> bool {
        self.flag(FlagField::PROFILE_SPECIFIC_2)
    }

    /// leap61.
    #[getter]
    fn leap61(&self) -> bool {
        self.flag(FlagField::LEAP_61)
    }

    /// leap59.
    #[getter]
    fn leap59(&self) -> bool {
        self.flag(FlagField::LEAP_59)
    }

    /// currentUtcOffsetValid.
    #[getter]
    fn current_utc_offset_valid(&self) -> bool {
        self.flag(FlagField::CURRENT_UTC_OFFSET_VALID)
    }

    /// ptpTimescale.
    #[getter]
    fn ptp_timescale(&self) -> bool {
        self.flag(FlagField::PTP_TIMESCALE)
    }

    /// timeTraceable.
    #[getter]
    fn time_traceable(&self) -> bool {
        self.flag(FlagField::TIME_TRACEABLE)
    }

    /// frequencyTraceable.
    #[getter]
    fn frequency_traceable(&self) -> bool {
        self.flag(FlagField::FREQUENCY_TRACEABLE)
    }

    /// synchronizationUncertain.
    #[getter]
    fn synchronization_uncertain(&self) -> bool {
        self.flag(FlagField::SYNCHRONIZATION_UNCERTAIN)
    }

    /// correctionField: nanoseconds scaled by 2^16 (§13.3.2.9).
    #[getter]
    fn correction_field(&self) -> i64 {
        self.header.correction_field.0
    }

    /// correctionField in nanoseconds, as a float (exact up to 2^37 ns).
    #[getter]
    fn correction_ns(&self) -> f64 {
        self.header.correction_field.0 as f64 / 65536.0
    }

    /// messageTypeSpecific (reserved in most messages).
    #[getter]
    fn message_type_specific(&self) -> u32 {
        self.header.message_type_specific
    }

    /// sourcePortIdentity.
    #[getter]
    fn source_port_identity(&self) -> PortIdentity {
        PortIdentity::from_crate(&self.header.source_port_identity)
    }

    /// sequenceId.
    #[getter]
    fn sequence_id(&self) -> u16 {
        self.header.sequence_id
    }

    /// controlField (Table 42; kept for version 1 hardware).
    #[getter]
    fn control_field(&self) -> u8 {
        self.header.control_field
    }

    /// logMessageInterval (0x7F where the message has none).
    #[getter]
    fn log_message_interval(&self) -> i8 {
        self.header.log_message_interval
    }

    /// The TLVs after the body, as a tuple.
    #[getter]
    fn tlvs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.tlvs.iter().map(|t| t.clone_ref(py)))
    }

    /// The message as it goes on the wire.
    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        Ok(PyBytes::new(py, &self.wire()?))
    }

    fn __bytes__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        self.to_bytes(py)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let py = other.py();
        Ok(match other.cast::<Message>() {
            Ok(o) => PyBool::new(py, o.get().wire()? == self.wire()?)
                .to_owned()
                .into_any()
                .unbind(),
            Err(_) => py.NotImplemented(),
        })
    }

    fn __hash__(&self) -> PyResult<u64> {
        Ok(hash_bytes(&self.wire()?))
    }

    /// ``Sync(sequence_id=..., domain_number=..., source_port_identity=..., <body>,
    /// <header fields that differ from the defaults>, tlvs=[...])``.
    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let obj = slf.as_any();
        let default = obj.get_type().call0().ok();
        let mut parts = Vec::new();
        let header_part = |f: &str, v: &Bound<'_, PyAny>| -> PyResult<String> {
            if f == "flag_field" {
                Ok(format!("flag_field={:#06x}", v.extract::<u16>()?))
            } else {
                Ok(format!("{f}={}", value_repr(v)?))
            }
        };
        for f in &HEADER_FIELDS[..3] {
            parts.push(header_part(f, &obj.getattr(*f)?)?);
        }
        for f in class_fields(obj)? {
            parts.push(format!("{f}={}", value_repr(&obj.getattr(f.as_str())?)?));
        }
        for f in &HEADER_FIELDS[3..] {
            let v = obj.getattr(*f)?;
            let same = match &default {
                Some(d) => v.eq(d.getattr(*f)?)?,
                None => false,
            };
            if !same {
                parts.push(header_part(f, &v)?);
            }
        }
        let tlvs = slf
            .get()
            .tlvs
            .iter()
            .map(|t| generic_repr(t.bind(slf.py()).as_any()));
        let tlvs = tlvs.collect::<PyResult<Vec<_>>>()?;
        if !tlvs.is_empty() {
            parts.push(format!("tlvs=[{}]", tlvs.join(", ")));
        }
        Ok(format!("{}({})", obj.get_type().name()?, parts.join(", ")))
    }

    fn __getnewargs_ex__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyTuple>, Bound<'py, PyDict>)> {
        Ok((PyTuple::empty(slf.py()), message_kwargs(slf)?))
    }

    /// A copy with the given fields changed (any keyword argument of the constructor).
    #[pyo3(signature = (**changes))]
    fn replace<'py>(
        slf: &Bound<'py, Self>,
        changes: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let d = message_kwargs(slf)?;
        if let Some(c) = changes {
            if c.contains("correction_ns")? {
                d.del_item("correction_field")?;
            }
            d.update(c.as_mapping())?;
        }
        slf.get_type().call((), Some(&d))
    }
}

/// The constructor's keyword arguments that make the same message.
fn message_kwargs<'py>(slf: &Bound<'py, Message>) -> PyResult<Bound<'py, PyDict>> {
    let obj = slf.as_any();
    let d = PyDict::new(slf.py());
    for f in HEADER_FIELDS {
        d.set_item(f, obj.getattr(f)?)?;
    }
    for f in class_fields(obj)? {
        d.set_item(f.as_str(), obj.getattr(f.as_str())?)?;
    }
    if !slf.get().tlvs.is_empty() {
        d.set_item(
            "tlvs",
            PyList::new(
                slf.py(),
                slf.get().tlvs.iter().map(|t| t.clone_ref(slf.py())),
            )?,
        )?;
    }
    Ok(d)
}

/// What a message class adds to [`Message`]: its body.
trait MessageBody {
    /// The header with the standard's defaults for this message type, from the crate's
    /// `MessageBuilder` (controlField of Table 42, logMessageInterval 0x7F where the
    /// message has no interval, versionPTP 2, minorVersionPTP 1).
    fn defaults(&self) -> PyResult<w::Header>;
    /// The crate's body.
    fn to_body(&self) -> w::Body;
    /// The octets after the header of a reserved messageType.
    fn reserved_body(&self) -> Vec<u8> {
        Vec::new()
    }
}

fn builder() -> MessageBuilder {
    MessageBuilder::new(w::PortIdentity::default())
}

/// A message class: typed body fields (as in [`record!`]) over the [`Message`] base,
/// with the header fields and flags as keyword arguments.
macro_rules! message_class {
    (
        $(#[$meta:meta])*
        class $name:ident {
            $( $(#[$fmeta:meta])* $f:ident : $k:ty = $def:expr ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[pyclass(frozen, extends = Message, module = "mediafabric.ptp")]
        struct $name {
            $($f: <$k as Kind>::T,)*
        }

        #[pymethods]
        impl $name {
            #[new]
            #[pyo3(signature = (
                *, $($f = Option::None,)* tlvs = Option::None, sequence_id = Option::None, domain_number = Option::None,
                source_port_identity = Option::None, flag_field = Option::None, correction_field = Option::None,
                correction_ns = Option::None, log_message_interval = Option::None, control_field = Option::None,
                major_sdo_id = Option::None, minor_sdo_id = Option::None, minor_version_ptp = Option::None,
                message_type_specific = Option::None, alternate_master = Option::None, two_step = Option::None,
                unicast = Option::None, profile_specific_1 = Option::None, profile_specific_2 = Option::None,
                leap61 = Option::None, leap59 = Option::None, current_utc_offset_valid = Option::None,
                ptp_timescale = Option::None, time_traceable = Option::None, frequency_traceable = Option::None,
                synchronization_uncertain = Option::None
            ))]
            #[allow(clippy::too_many_arguments)]
            fn new(
                $($f: Option<&Bound<'_, PyAny>>,)*
                tlvs: Option<&Bound<'_, PyAny>>,
                sequence_id: Option<&Bound<'_, PyAny>>,
                domain_number: Option<&Bound<'_, PyAny>>,
                source_port_identity: Option<&Bound<'_, PyAny>>,
                flag_field: Option<&Bound<'_, PyAny>>,
                correction_field: Option<&Bound<'_, PyAny>>,
                correction_ns: Option<&Bound<'_, PyAny>>,
                log_message_interval: Option<&Bound<'_, PyAny>>,
                control_field: Option<&Bound<'_, PyAny>>,
                major_sdo_id: Option<&Bound<'_, PyAny>>,
                minor_sdo_id: Option<&Bound<'_, PyAny>>,
                minor_version_ptp: Option<&Bound<'_, PyAny>>,
                message_type_specific: Option<&Bound<'_, PyAny>>,
                alternate_master: Option<&Bound<'_, PyAny>>,
                two_step: Option<&Bound<'_, PyAny>>,
                unicast: Option<&Bound<'_, PyAny>>,
                profile_specific_1: Option<&Bound<'_, PyAny>>,
                profile_specific_2: Option<&Bound<'_, PyAny>>,
                leap61: Option<&Bound<'_, PyAny>>,
                leap59: Option<&Bound<'_, PyAny>>,
                current_utc_offset_valid: Option<&Bound<'_, PyAny>>,
                ptp_timescale: Option<&Bound<'_, PyAny>>,
                time_traceable: Option<&Bound<'_, PyAny>>,
                frequency_traceable: Option<&Bound<'_, PyAny>>,
                synchronization_uncertain: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<PyClassInitializer<Self>> {
                $(
                    let $f: <$k as Kind>::T = match given($f) {
                        Some(o) => <$k as Kind>::get(o, stringify!($f))?,
                        None => $def,
                    };
                )*
                let s = Self { $($f),* };
                let header = HeaderArgs {
                    sequence_id,
                    domain_number,
                    source_port_identity,
                    flag_field,
                    correction_field,
                    correction_ns,
                    log_message_interval,
                    control_field,
                    major_sdo_id,
                    minor_sdo_id,
                    minor_version_ptp,
                    message_type_specific,
                    flags: [
                        alternate_master,
                        two_step,
                        unicast,
                        profile_specific_1,
                        profile_specific_2,
                        leap61,
                        leap59,
                        current_utc_offset_valid,
                        ptp_timescale,
                        time_traceable,
                        frequency_traceable,
                        synchronization_uncertain,
                    ],
                }
                .apply(s.defaults()?)?;
                let base = Message::checked(header, s.to_body(), tlvs_arg(tlvs)?, s.reserved_body())?;
                Ok(PyClassInitializer::from(base).add_subclass(s))
            }

            $(
                $(#[$fmeta])*
                #[getter]
                fn $f<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                    <$k as Kind>::py(py, &self.$f)
                }
            )*

            #[classattr]
            #[pyo3(name = "_fields")]
            fn fields_attr(py: Python<'_>) -> PyResult<Py<PyTuple>> {
                Ok(PyTuple::new(py, [$(stringify!($f)),*])?.unbind())
            }
        }
    };
}

message_class! {
    /// Sync (IEEE 1588-2019 §13.6): ``origin_timestamp``. Set ``two_step=True`` when a
    /// Follow_Up carries the precise time.
    class Sync {
        /// originTimestamp.
        origin_timestamp: TsK = w::Timestamp::default(),
    }
}

impl MessageBody for Sync {
    fn defaults(&self) -> PyResult<w::Header> {
        Ok(builder().sync(0, self.origin_timestamp, false).header)
    }
    fn to_body(&self) -> w::Body {
        w::Body::Sync {
            origin_timestamp: self.origin_timestamp,
        }
    }
}

message_class! {
    /// Delay_Req (IEEE 1588-2019 §13.6): ``origin_timestamp``.
    class DelayReq {
        /// originTimestamp.
        origin_timestamp: TsK = w::Timestamp::default(),
    }
}

impl MessageBody for DelayReq {
    fn defaults(&self) -> PyResult<w::Header> {
        Ok(builder().delay_req(0, self.origin_timestamp).header)
    }
    fn to_body(&self) -> w::Body {
        w::Body::DelayReq {
            origin_timestamp: self.origin_timestamp,
        }
    }
}

message_class! {
    /// Follow_Up (IEEE 1588-2019 §13.7): ``precise_origin_timestamp`` of the Sync with
    /// the same sequenceId.
    class FollowUp {
        /// preciseOriginTimestamp.
        precise_origin_timestamp: TsK = w::Timestamp::default(),
    }
}

impl MessageBody for FollowUp {
    fn defaults(&self) -> PyResult<w::Header> {
        Ok(builder().follow_up(0, self.precise_origin_timestamp).header)
    }
    fn to_body(&self) -> w::Body {
        w::Body::FollowUp {
            precise_origin_timestamp: self.precise_origin_timestamp,
        }
    }
}

message_class! {
    /// Delay_Resp (IEEE 1588-2019 §13.8): ``receive_timestamp`` of the Delay_Req from
    /// ``requesting_port_identity``.
    class DelayResp {
        /// receiveTimestamp.
        receive_timestamp: TsK = w::Timestamp::default(),
        /// requestingPortIdentity.
        requesting_port_identity: PidK = w::PortIdentity::default(),
    }
}

impl MessageBody for DelayResp {
    fn defaults(&self) -> PyResult<w::Header> {
        Ok(builder()
            .delay_resp(0, self.receive_timestamp, self.requesting_port_identity)
            .header)
    }
    fn to_body(&self) -> w::Body {
        w::Body::DelayResp {
            receive_timestamp: self.receive_timestamp,
            requesting_port_identity: self.requesting_port_identity,
        }
    }
}

message_class! {
    /// Pdelay_Req (IEEE 1588-2019 §13.9): ``origin_timestamp`` (and ten reserved octets).
    class PdelayReq {
        /// originTimestamp.
        origin_timestamp: TsK = w::Timestamp::default(),
    }
}

impl MessageBody for PdelayReq {
    fn defaults(&self) -> PyResult<w::Header> {
        Ok(builder().pdelay_req(0, self.origin_timestamp).header)
    }
    fn to_body(&self) -> w::Body {
        w::Body::PdelayReq {
            origin_timestamp: self.origin_timestamp,
        }
    }
}

message_class! {
    /// Pdelay_Resp (IEEE 1588-2019 §13.10).
    class PdelayResp {
        /// requestReceiptTimestamp.
        request_receipt_timestamp: TsK = w::Timestamp::default(),
        /// requestingPortIdentity.
        requesting_port_identity: PidK = w::PortIdentity::default(),
    }
}

impl MessageBody for PdelayResp {
    fn defaults(&self) -> PyResult<w::Header> {
        Ok(builder()
            .pdelay_resp(
                0,
                self.request_receipt_timestamp,
                self.requesting_port_identity,
                false,
            )
            .header)
    }
    fn to_body(&self) -> w::Body {
        w::Body::PdelayResp {
            request_receipt_timestamp: self.request_receipt_timestamp,
            requesting_port_identity: self.requesting_port_identity,
        }
    }
}

message_class! {
    /// Pdelay_Resp_Follow_Up (IEEE 1588-2019 §13.11).
    class PdelayRespFollowUp {
        /// responseOriginTimestamp.
        response_origin_timestamp: TsK = w::Timestamp::default(),
        /// requestingPortIdentity.
        requesting_port_identity: PidK = w::PortIdentity::default(),
    }
}

impl MessageBody for PdelayRespFollowUp {
    fn defaults(&self) -> PyResult<w::Header> {
        Ok(builder()
            .pdelay_resp_follow_up(
                0,
                self.response_origin_timestamp,
                self.requesting_port_identity,
            )
            .header)
    }
    fn to_body(&self) -> w::Body {
        w::Body::PdelayRespFollowUp {
            response_origin_timestamp: self.response_origin_timestamp,
            requesting_port_identity: self.requesting_port_identity,
        }
    }
}

message_class! {
    /// Announce (IEEE 1588-2019 §13.5). The defaults are those of a free-running
    /// grandmaster (priorities 128, class 248, accuracy unknown, internal oscillator,
    /// TAI - UTC 37 s). The timing flags (``ptp_timescale``, ``current_utc_offset_valid``,
    /// ``time_traceable``, ...) are keyword arguments like every header flag.
    class Announce {
        /// originTimestamp.
        origin_timestamp: TsK = w::Timestamp::default(),
        /// currentUtcOffset (TAI - UTC, seconds).
        current_utc_offset: I16 = 37,
        /// grandmasterPriority1.
        grandmaster_priority1: U8 = 128,
        /// grandmasterClockQuality.
        grandmaster_clock_quality: QualityK = w::ClockQuality::default(),
        /// grandmasterPriority2.
        grandmaster_priority2: U8 = 128,
        /// grandmasterIdentity.
        grandmaster_identity: CidK = w::ClockIdentity::default(),
        /// stepsRemoved.
        steps_removed: U16 = 0,
        /// timeSource (see ``TimeSource``).
        time_source: SourceK = w::TimeSource::INTERNAL_OSCILLATOR,
    }
}

impl MessageBody for Announce {
    fn defaults(&self) -> PyResult<w::Header> {
        let parent = mg::ParentDataSet {
            parent_port_identity: w::PortIdentity::default(),
            parent_stats: false,
            observed_parent_offset_scaled_log_variance: 0xFFFF,
            observed_parent_clock_phase_change_rate: 0x7FFF_FFFF,
            grandmaster_priority1: self.grandmaster_priority1,
            grandmaster_clock_quality: self.grandmaster_clock_quality,
            grandmaster_priority2: self.grandmaster_priority2,
            grandmaster_identity: self.grandmaster_identity,
        };
        let time_properties = mg::TimePropertiesDataSet {
            current_utc_offset: self.current_utc_offset,
            flags: 0,
            time_source: self.time_source,
        };
        Ok(builder()
            .announce(0, &parent, self.steps_removed, &time_properties)
            .header)
    }
    fn to_body(&self) -> w::Body {
        w::Body::Announce(w::Announce {
            origin_timestamp: self.origin_timestamp,
            current_utc_offset: self.current_utc_offset,
            grandmaster_priority1: self.grandmaster_priority1,
            grandmaster_clock_quality: self.grandmaster_clock_quality,
            grandmaster_priority2: self.grandmaster_priority2,
            grandmaster_identity: self.grandmaster_identity,
            steps_removed: self.steps_removed,
            time_source: self.time_source,
        })
    }
}

message_class! {
    /// Signaling (IEEE 1588-2019 §13.12): ``target_port_identity`` (all ports by
    /// default) and the TLVs (unicast negotiation, message interval request, ...).
    class Signaling {
        /// targetPortIdentity.
        target_port_identity: PidK = w::PortIdentity::ALL,
    }
}

impl MessageBody for Signaling {
    fn defaults(&self) -> PyResult<w::Header> {
        Ok(builder().signaling(0, self.target_port_identity).header)
    }
    fn to_body(&self) -> w::Body {
        w::Body::Signaling {
            target_port_identity: self.target_port_identity,
        }
    }
}

message_class! {
    /// Management (IEEE 1588-2019 §15.4.1): ``target_port_identity`` (all ports by
    /// default), the boundary hops, ``action`` (see ``Action``: 0 GET, 1 SET, 2 RESPONSE,
    /// 3 COMMAND, 4 ACKNOWLEDGE) and one TLV (a ``ManagementTlv`` or a
    /// ``ManagementErrorStatus``).
    class Management {
        /// targetPortIdentity.
        target_port_identity: PidK = w::PortIdentity::ALL,
        /// startingBoundaryHops.
        starting_boundary_hops: U8 = 0,
        /// boundaryHops (startingBoundaryHops by default).
        boundary_hops: U8 = starting_boundary_hops,
        /// actionField (4 bits).
        action: ActionK = 0,
    }
}

impl MessageBody for Management {
    fn defaults(&self) -> PyResult<w::Header> {
        Ok(builder()
            .management(
                0,
                self.target_port_identity,
                self.action,
                self.starting_boundary_hops,
            )
            .header)
    }
    fn to_body(&self) -> w::Body {
        w::Body::Management(w::ManagementFields {
            target_port_identity: self.target_port_identity,
            starting_boundary_hops: self.starting_boundary_hops,
            boundary_hops: self.boundary_hops,
            action_field: self.action,
        })
    }
}

message_class! {
    /// A message of a reserved messageType (4-7, 0xE, 0xF): the header and the octets
    /// after it (``body``), kept as they came. It takes no ``tlvs``.
    class ReservedMessage {
        /// The reserved messageType.
        message_type: MsgTypeK = 0x4,
        /// The octets after the header.
        body: BytesK = Vec::new(),
    }
}

impl MessageBody for ReservedMessage {
    fn defaults(&self) -> PyResult<w::Header> {
        let t = w::MessageType::from_bits(self.message_type);
        if !matches!(t, w::MessageType::Reserved(_)) {
            return Err(PyValueError::new_err(format!(
                "message_type {:#x} is not reserved (use the {} class)",
                self.message_type,
                t.name().unwrap_or("message")
            )));
        }
        Ok(w::Header::new(t))
    }
    fn to_body(&self) -> w::Body {
        w::Body::Reserved
    }
    fn reserved_body(&self) -> Vec<u8> {
        self.body.clone()
    }
}

// ---------------------------------------------------------------------------------------
// Parsing

fn with_sub<'py, S>(py: Python<'py>, base: Message, sub: S) -> PyResult<Bound<'py, PyAny>>
where
    S: PyClass<BaseType = Message>,
{
    Ok(Bound::new(py, PyClassInitializer::from(base).add_subclass(sub))?.into_any())
}

/// The message object for the PTP message at the start of `data`; `base` is where
/// `data` starts in the caller's buffer (for error offsets).
fn message_to_py<'py>(py: Python<'py>, data: &[u8], base: usize) -> PyResult<Bound<'py, PyAny>> {
    let m = w::Message::parse(data).map_err(|e| ptp_error(py, e, base))?;
    let reserved = matches!(m.body, w::Body::Reserved);
    let mut tlvs = Vec::new();
    if !reserved {
        for t in m.tlvs() {
            let t = t.map_err(|e| ptp_error(py, e, base))?;
            tlvs.push(tlv_to_py(py, &t, base)?.cast_into::<Tlv>()?.unbind());
        }
    }
    let message = Message {
        header: m.header,
        body: m.body,
        tlvs,
        reserved_body: if reserved {
            m.suffix.to_vec()
        } else {
            Vec::new()
        },
    };
    match m.body {
        w::Body::Sync { origin_timestamp } => with_sub(py, message, Sync { origin_timestamp }),
        w::Body::DelayReq { origin_timestamp } => {
            with_sub(py, message, DelayReq { origin_timestamp })
        }
        w::Body::FollowUp {
            precise_origin_timestamp,
        } => with_sub(
            py,
            message,
            FollowUp {
                precise_origin_timestamp,
            },
        ),
        w::Body::DelayResp {
            receive_timestamp,
            requesting_port_identity,
        } => with_sub(
            py,
            message,
            DelayResp {
                receive_timestamp,
                requesting_port_identity,
            },
        ),
        w::Body::PdelayReq { origin_timestamp } => {
            with_sub(py, message, PdelayReq { origin_timestamp })
        }
        w::Body::PdelayResp {
            request_receipt_timestamp,
            requesting_port_identity,
        } => with_sub(
            py,
            message,
            PdelayResp {
                request_receipt_timestamp,
                requesting_port_identity,
            },
        ),
        w::Body::PdelayRespFollowUp {
            response_origin_timestamp,
            requesting_port_identity,
        } => with_sub(
            py,
            message,
            PdelayRespFollowUp {
                response_origin_timestamp,
                requesting_port_identity,
            },
        ),
        w::Body::Announce(a) => with_sub(
            py,
            message,
            Announce {
                origin_timestamp: a.origin_timestamp,
                current_utc_offset: a.current_utc_offset,
                grandmaster_priority1: a.grandmaster_priority1,
                grandmaster_clock_quality: a.grandmaster_clock_quality,
                grandmaster_priority2: a.grandmaster_priority2,
                grandmaster_identity: a.grandmaster_identity,
                steps_removed: a.steps_removed,
                time_source: a.time_source,
            },
        ),
        w::Body::Signaling {
            target_port_identity,
        } => with_sub(
            py,
            message,
            Signaling {
                target_port_identity,
            },
        ),
        w::Body::Management(f) => with_sub(
            py,
            message,
            Management {
                target_port_identity: f.target_port_identity,
                starting_boundary_hops: f.starting_boundary_hops,
                boundary_hops: f.boundary_hops,
                action: f.action_field,
            },
        ),
        w::Body::Reserved => with_sub(
            py,
            message,
            ReservedMessage {
                message_type: m.header.message_type.bits(),
                body: m.suffix.to_vec(),
            },
        ),
    }
}

/// Parses the PTP message at the start of ``buf`` (any bytes-like object; octets after
/// messageLength are ignored, §13.1) into its message class (``Sync``, ``Announce``,
/// ...), TLVs typed. Raises ``mediafabric.ParseError`` (layer ``"ptp"``) on bad input.
#[pyfunction]
fn parse<'py>(py: Python<'py>, buf: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    // Copied first: building the objects runs Python code, which must not happen while
    // the caller's buffer is borrowed.
    let data = Input::new(buf, "buf")?.with(<[u8]>::to_vec);
    message_to_py(py, &data, 0)
}

/// Parses the PTP message of an Ethernet frame (Layer 2, UDP/IPv4 or UDP/IPv6, VLAN
/// tags allowed); error offsets count from the start of the frame.
#[pyfunction]
fn parse_frame<'py>(py: Python<'py>, frame: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let data = Input::new(frame, "frame")?.with(<[u8]>::to_vec);
    let at = tr::locate(&data).map_err(|e| ptp_error(py, e, 0))?.offset;
    message_to_py(py, &data[at..], at)
}

/// Parses one TLV (tlvType, lengthField, value) that fills ``buf`` exactly into its TLV
/// class.
#[pyfunction]
fn parse_tlv<'py>(py: Python<'py>, buf: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let data = Input::new(buf, "buf")?.with(<[u8]>::to_vec);
    let t = match w::TlvIter::new(&data, 0).next() {
        Some(Ok(t)) => t,
        Some(Err(e)) => return Err(ptp_error(py, e, 0)),
        None => {
            return Err(ptp_error(
                py,
                PtpError::Truncated {
                    what: "TLV",
                    offset: 0,
                    needed: 4,
                    available: 0,
                },
                0,
            ));
        }
    };
    if t.buffer_len() != data.len() {
        return Err(parse_error(
            py,
            "ptp",
            t.buffer_len(),
            &format!(
                "{} octets after the TLV (lengthField {})",
                data.len() - t.buffer_len(),
                t.length_field()
            ),
        ));
    }
    tlv_to_py(py, &t, 0)
}

// ---------------------------------------------------------------------------------------
// Framing (Annexes C, D, E) and in-place updates

/// The octets of a message argument: a message object or any bytes-like object.
fn message_arg(o: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(m) = o.cast::<Message>() {
        return m.get().wire();
    }
    bytes_arg(o, "msg").map_err(|e| {
        if e.is_instance_of::<PyTypeError>(o.py()) {
            PyTypeError::new_err(format!(
                "msg: a message object or bytes is required, not '{}'",
                type_name(o)
            ))
        } else {
            e
        }
    })
}

/// Whether the message is a peer-delay message, which has its own destinations.
fn is_peer_delay(msg: &[u8]) -> bool {
    w::HeaderView::new_checked(msg).is_ok_and(|h| {
        matches!(
            h.message_type(),
            w::MessageType::PdelayReq
                | w::MessageType::PdelayResp
                | w::MessageType::PdelayRespFollowUp
        )
    })
}

fn frame_with(py: Python<'_>, t: &tr::Transport, msg: &[u8]) -> PyResult<Vec<u8>> {
    let mut out = vec![0u8; t.frame_len(msg.len())];
    let n = t.frame(msg, &mut out).map_err(|e| ptp_error(py, e, 0))?;
    out.truncate(n);
    Ok(out)
}

/// The Ethernet frame (IEEE 1588-2019 Annex E, ethertype 0x88F7) carrying ``msg`` (a
/// message object or its bytes). ``dst_mac`` defaults to 01:1B:19:00:00:00, or
/// 01:80:C2:00:00:0E for peer-delay messages.
#[pyfunction]
#[pyo3(signature = (msg, *, src_mac, dst_mac = Option::None))]
fn frame_l2<'py>(
    py: Python<'py>,
    msg: &Bound<'py, PyAny>,
    src_mac: &Bound<'py, PyAny>,
    dst_mac: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let m = message_arg(msg)?;
    let src_mac = mac_arg(src_mac, "src_mac")?;
    let dst_mac = match given(dst_mac) {
        Some(o) => mac_arg(o, "dst_mac")?,
        None if is_peer_delay(&m) => tr::L2_PDELAY_MAC,
        None => tr::L2_PRIMARY_MAC,
    };
    let frame = frame_with(py, &tr::Transport::Layer2 { src_mac, dst_mac }, &m)?;
    Ok(PyBytes::new(py, &frame))
}

fn dst_mac_for(dst_mac: Option<&Bound<'_, PyAny>>, dst: IpAddr) -> PyResult<[u8; 6]> {
    if let Some(o) = given(dst_mac) {
        return mac_arg(o, "dst_mac");
    }
    match dst {
        IpAddr::V4(a) if a.is_multicast() => Ok(tr::ipv4_multicast_mac(a)),
        IpAddr::V6(a) if a.is_multicast() => Ok(tr::ipv6_multicast_mac(a)),
        _ => Err(PyValueError::new_err(
            "dst_mac is required when dst_ip is not a multicast address",
        )),
    }
}

/// The Ethernet/IPv4/UDP frame (IEEE 1588-2019 Annex C) carrying ``msg``: port 319 for
/// event messages, 320 for general ones. ``dst_ip`` defaults to 224.0.1.129 (224.0.0.107
/// for peer-delay messages) and ``dst_mac`` to the group's MAC address; ``ttl`` to 1 as
/// linuxptp sends.
#[pyfunction]
#[pyo3(signature = (msg, *, src_mac, src_ip, dst_ip = Option::None, dst_mac = Option::None, ttl = Option::None, dscp = Option::None))]
#[allow(clippy::too_many_arguments)]
fn frame_udp4<'py>(
    py: Python<'py>,
    msg: &Bound<'py, PyAny>,
    src_mac: &Bound<'py, PyAny>,
    src_ip: &Bound<'py, PyAny>,
    dst_ip: Option<&Bound<'py, PyAny>>,
    dst_mac: Option<&Bound<'py, PyAny>>,
    ttl: Option<&Bound<'py, PyAny>>,
    dscp: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let m = message_arg(msg)?;
    let src_mac = mac_arg(src_mac, "src_mac")?;
    let IpAddr::V4(src) = ip_arg(src_ip, "src_ip")? else {
        return Err(PyValueError::new_err("src_ip must be an IPv4 address"));
    };
    let dst = match given(dst_ip) {
        Some(o) => match ip_arg(o, "dst_ip")? {
            IpAddr::V4(a) => a,
            IpAddr::V6(_) => return Err(PyValueError::new_err("dst_ip must be an IPv4 address")),
        },
        None if is_peer_delay(&m) => tr::IPV4_PDELAY,
        None => tr::IPV4_PRIMARY,
    };
    let t = tr::Transport::Udp4 {
        src_mac,
        dst_mac: dst_mac_for(dst_mac, IpAddr::V4(dst))?,
        src,
        dst,
        ttl: given(ttl).map_or(Ok(1), |o| U8::get(o, "ttl"))?,
        dscp: given(dscp).map_or(Ok(0), |o| int_in(o, "dscp", 0, 63).map(|v| v as u8))?,
    };
    Ok(PyBytes::new(py, &frame_with(py, &t, &m)?))
}

/// The Ethernet/IPv6/UDP frame (IEEE 1588-2019 Annex D) carrying ``msg``. ``dst_ip``
/// defaults to FF0E::181 (FF02::6B for peer-delay messages) and ``dst_mac`` to the
/// group's MAC address; ``checksum_trailer`` appends the two octets of Annex D.6 that a
/// one-step clock may change to keep the UDP checksum right (linuxptp always does).
#[pyfunction]
#[pyo3(signature = (msg, *, src_mac, src_ip, dst_ip = Option::None, dst_mac = Option::None, hop_limit = Option::None, dscp = Option::None, checksum_trailer = false))]
#[allow(clippy::too_many_arguments)]
fn frame_udp6<'py>(
    py: Python<'py>,
    msg: &Bound<'py, PyAny>,
    src_mac: &Bound<'py, PyAny>,
    src_ip: &Bound<'py, PyAny>,
    dst_ip: Option<&Bound<'py, PyAny>>,
    dst_mac: Option<&Bound<'py, PyAny>>,
    hop_limit: Option<&Bound<'py, PyAny>>,
    dscp: Option<&Bound<'py, PyAny>>,
    checksum_trailer: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    let m = message_arg(msg)?;
    let src_mac = mac_arg(src_mac, "src_mac")?;
    let IpAddr::V6(src) = ip_arg(src_ip, "src_ip")? else {
        return Err(PyValueError::new_err("src_ip must be an IPv6 address"));
    };
    let dst = match given(dst_ip) {
        Some(o) => match ip_arg(o, "dst_ip")? {
            IpAddr::V6(a) => a,
            IpAddr::V4(_) => return Err(PyValueError::new_err("dst_ip must be an IPv6 address")),
        },
        None if is_peer_delay(&m) => tr::IPV6_PDELAY,
        None => tr::ipv6_primary(0xE),
    };
    let t = tr::Transport::Udp6 {
        src_mac,
        dst_mac: dst_mac_for(dst_mac, IpAddr::V6(dst))?,
        src,
        dst,
        hop_limit: given(hop_limit).map_or(Ok(1), |o| U8::get(o, "hop_limit"))?,
        dscp: given(dscp).map_or(Ok(0), |o| int_in(o, "dscp", 0, 63).map(|v| v as u8))?,
        checksum_trailer,
    };
    Ok(PyBytes::new(py, &frame_with(py, &t, &m)?))
}

/// The offset of the PTP message in an Ethernet frame (Layer 2, or UDP ports 319/320
/// over IPv4 or IPv6; VLAN tags allowed). Raises ``ParseError`` when it holds none.
#[pyfunction]
fn locate(py: Python<'_>, frame: &Bound<'_, PyAny>) -> PyResult<usize> {
    let r = Input::new(frame, "frame")?.with(tr::locate);
    r.map(|l| l.offset).map_err(|e| ptp_error(py, e, 0))
}

/// A writable, byte-addressed view of `frame`, or a `TypeError`.
fn writable<'py>(frame: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let not_writable = || {
        PyTypeError::new_err(format!(
            "frame must be a writable buffer (bytearray, memoryview of one, numpy array...), \
             not '{}'",
            type_name(frame)
        ))
    };
    if frame.is_instance_of::<PyString>() {
        return Err(not_writable());
    }
    let view = PyMemoryView::from(frame).map_err(|_| not_writable())?;
    if view.getattr("readonly")?.is_truthy()? {
        return Err(not_writable());
    }
    if !view.getattr("c_contiguous")?.is_truthy()? {
        return Err(PyTypeError::new_err("frame must be a C-contiguous buffer"));
    }
    view.call_method1("cast", ("B",))
}

/// Runs `update` (a crate function) on a copy of the frame and writes the result back
/// into the caller's buffer.
fn update_in_place<R>(
    frame: &Bound<'_, PyAny>,
    update: impl FnOnce(&mut [u8]) -> mediafabric_ptp::Result<R>,
) -> PyResult<R> {
    let py = frame.py();
    let view = writable(frame)?;
    let mut data = Input::new(frame, "frame")?.with(<[u8]>::to_vec);
    let r = update(&mut data).map_err(|e| ptp_error(py, e, 0))?;
    view.set_item(PySlice::full(py), PyBytes::new(py, &data))?;
    Ok(r)
}

/// Adds ``delta`` (nanoseconds scaled by 2^16) to the correctionField of the PTP
/// message in ``frame``, a writable buffer changed in place, and fixes the UDP checksum
/// (a residence time for a transparent clock). Returns the new correctionField.
#[pyfunction]
fn add_to_correction(frame: &Bound<'_, PyAny>, delta: &Bound<'_, PyAny>) -> PyResult<i64> {
    let delta = IntervalK::get(delta, "delta")?;
    update_in_place(frame, |f| tr::add_to_correction(f, delta)).map(|t| t.0)
}

/// Writes the originTimestamp of the Sync, Delay_Req, Pdelay_Req (or the
/// preciseOriginTimestamp of the Follow_Up) in ``frame``, a writable buffer changed in
/// place, and fixes the UDP checksum (a one-step clock at transmission).
#[pyfunction]
fn set_origin_timestamp(frame: &Bound<'_, PyAny>, ts: &Bound<'_, PyAny>) -> PyResult<()> {
    let ts = TsK::get(ts, "ts")?;
    update_in_place(frame, |f| tr::set_origin_timestamp(f, ts))
}

/// Recomputes the UDP checksum of a framed PTP message in place (a Layer 2 frame has
/// none and is left alone).
#[pyfunction]
fn fix_udp_checksum(frame: &Bound<'_, PyAny>) -> PyResult<()> {
    update_in_place(frame, tr::fix_udp_checksum)
}

/// The clock identity made from an EUI-48 (MAC) address by inserting FF-FE in the
/// middle, as IEEE 1588-2008 §7.5.2.2.2 defined and linuxptp does.
#[pyfunction]
fn clock_identity_from_mac(mac: &Bound<'_, PyAny>) -> PyResult<String> {
    Ok(w::ClockIdentity::from_eui48(mac_arg(mac, "mac")?).to_string())
}

/// The IPv6 primary address FF0X::181 for multicast scope ``scope`` (Annex D.3): 2
/// link-local, 4 admin-local, 5 site-local, 8 organization-local, 0xE global.
#[pyfunction]
fn ipv6_primary(scope: &Bound<'_, PyAny>) -> PyResult<Ipv6Addr> {
    Ok(tr::ipv6_primary(U4::get(scope, "scope")?))
}

// ---------------------------------------------------------------------------------------
// Names for the IntEnums of mediafabric.ptp, from the crate's tables

fn upper_snake(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// The (name, value) pairs of one of the IntEnums `mediafabric.ptp` defines.
#[pyfunction]
#[pyo3(name = "_enum_members")]
fn enum_members(kind: &str) -> PyResult<Vec<(String, u32)>> {
    let mut out = Vec::new();
    match kind {
        "MessageType" => {
            for v in 0..16u8 {
                if let Some(n) = w::MessageType::from_bits(v).name() {
                    out.push((upper_snake(n), u32::from(v)));
                }
            }
        }
        "TlvType" => {
            for v in 0..=u16::MAX {
                if let Some(n) = w::TlvType(v).name() {
                    out.push((n.to_string(), u32::from(v)));
                }
            }
        }
        "ManagementId" => {
            for v in 0..=u16::MAX {
                if let Some(n) = mg::ManagementId(v).name() {
                    out.push((n.to_string(), u32::from(v)));
                }
            }
        }
        "ManagementErrorId" => {
            for v in 0..=u16::MAX {
                if let Some(n) = mg::ManagementErrorStatus::error_name(v) {
                    out.push((n.to_string(), u32::from(v)));
                }
            }
        }
        "Action" => {
            for v in 0..16u8 {
                if let Some(n) = w::ManagementFields::action_name(v) {
                    out.push((n.to_string(), u32::from(v)));
                }
            }
        }
        "TimeSource" => {
            for v in 0..=u8::MAX {
                if let Some(n) = w::TimeSource(v).name() {
                    out.push((n.to_string(), u32::from(v)));
                }
            }
        }
        "ClockAccuracy" => {
            for v in 0..=u8::MAX {
                if let Some(n) = w::ClockAccuracy(v).name() {
                    out.push((upper_snake(n), u32::from(v)));
                }
            }
        }
        "FlagField" => {
            for (n, f) in FLAGS {
                out.push((n.to_ascii_uppercase(), u32::from(f.bits())));
            }
        }
        other => {
            return Err(PyValueError::new_err(format!("no enumeration {other:?}")));
        }
    }
    Ok(out)
}

fn mac_text(m: [u8; 6]) -> String {
    m.iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// Registers the private submodule `_ptp` of `mediafabric._native` (kept out of
/// `_native.__all__`; `mediafabric.ptp` re-exports it).
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let p = PyModule::new(py, "mediafabric.ptp")?;
    p.add_class::<Timestamp>()?;
    p.add_class::<PortIdentity>()?;
    p.add_class::<ClockQuality>()?;
    p.add_class::<DefaultDataSet>()?;
    p.add_class::<CurrentDataSet>()?;
    p.add_class::<ParentDataSet>()?;
    p.add_class::<TimePropertiesDataSet>()?;
    p.add_class::<PortDataSet>()?;
    p.add_class::<PortAddress>()?;
    p.add_class::<ClockDescription>()?;
    p.add_class::<FaultRecord>()?;
    p.add_class::<FaultLog>()?;
    p.add_class::<UtcProperties>()?;
    p.add_class::<TimescaleProperties>()?;
    p.add_class::<GrandmasterClusterTable>()?;
    p.add_class::<UnicastMasterTable>()?;
    p.add_class::<AcceptableMaster>()?;
    p.add_class::<AcceptableMasterTable>()?;
    p.add_class::<AlternateMaster>()?;
    p.add_class::<AlternateTimeOffsetName>()?;
    p.add_class::<AlternateTimeOffsetEnable>()?;
    p.add_class::<AlternateTimeOffsetProperties>()?;
    p.add_class::<TransparentClockDefaultDataSet>()?;
    p.add_class::<TransparentClockPortDataSet>()?;
    p.add_class::<Tlv>()?;
    p.add_class::<UnknownTlv>()?;
    p.add_class::<Pad>()?;
    p.add_class::<ManagementTlv>()?;
    p.add_class::<ManagementErrorStatus>()?;
    p.add_class::<OrganizationExtension>()?;
    p.add_class::<SmpteSyncMetadata>()?;
    p.add_class::<FollowUpInformation>()?;
    p.add_class::<MessageIntervalRequest>()?;
    p.add_class::<PowerProfile2011>()?;
    p.add_class::<PowerProfile2017>()?;
    p.add_class::<RequestUnicastTransmission>()?;
    p.add_class::<GrantUnicastTransmission>()?;
    p.add_class::<CancelUnicastTransmission>()?;
    p.add_class::<AcknowledgeCancelUnicastTransmission>()?;
    p.add_class::<PathTrace>()?;
    p.add_class::<AlternateTimeOffsetIndicator>()?;
    p.add_class::<Authentication>()?;
    p.add_class::<EnhancedAccuracyMetrics>()?;
    p.add_class::<Message>()?;
    p.add_class::<Sync>()?;
    p.add_class::<DelayReq>()?;
    p.add_class::<FollowUp>()?;
    p.add_class::<DelayResp>()?;
    p.add_class::<PdelayReq>()?;
    p.add_class::<PdelayResp>()?;
    p.add_class::<PdelayRespFollowUp>()?;
    p.add_class::<Announce>()?;
    p.add_class::<Signaling>()?;
    p.add_class::<Management>()?;
    p.add_class::<ReservedMessage>()?;
    p.add_function(wrap_pyfunction!(parse, &p)?)?;
    p.add_function(wrap_pyfunction!(parse_frame, &p)?)?;
    p.add_function(wrap_pyfunction!(parse_tlv, &p)?)?;
    p.add_function(wrap_pyfunction!(frame_l2, &p)?)?;
    p.add_function(wrap_pyfunction!(frame_udp4, &p)?)?;
    p.add_function(wrap_pyfunction!(frame_udp6, &p)?)?;
    p.add_function(wrap_pyfunction!(locate, &p)?)?;
    p.add_function(wrap_pyfunction!(add_to_correction, &p)?)?;
    p.add_function(wrap_pyfunction!(set_origin_timestamp, &p)?)?;
    p.add_function(wrap_pyfunction!(fix_udp_checksum, &p)?)?;
    p.add_function(wrap_pyfunction!(clock_identity_from_mac, &p)?)?;
    p.add_function(wrap_pyfunction!(ipv6_primary, &p)?)?;
    p.add_function(wrap_pyfunction!(enum_members, &p)?)?;
    p.add("EVENT_PORT", tr::EVENT_PORT)?;
    p.add("GENERAL_PORT", tr::GENERAL_PORT)?;
    p.add("ETHERTYPE", tr::ETHERTYPE)?;
    p.add("HEADER_LEN", w::HEADER_LEN)?;
    p.add("L2_PRIMARY_MAC", mac_text(tr::L2_PRIMARY_MAC))?;
    p.add("L2_PDELAY_MAC", mac_text(tr::L2_PDELAY_MAC))?;
    p.add("IPV4_PRIMARY", tr::IPV4_PRIMARY)?;
    p.add("IPV4_PDELAY", tr::IPV4_PDELAY)?;
    p.add("IPV6_PRIMARY", tr::ipv6_primary(0xE))?;
    p.add("IPV6_PDELAY", tr::IPV6_PDELAY)?;
    let oui = |o: [u8; 3]| u32::from_be_bytes([0, o[0], o[1], o[2]]);
    p.add("SMPTE_OUI", oui(org::SMPTE_OUI))?;
    p.add("IEEE_802_1_OUI", oui(org::IEEE_802_1_OUI))?;
    p.add("IEEE_C37_238_OUI", oui(org::IEEE_C37_238_OUI))?;
    m.setattr("_ptp", p)?;
    Ok(())
}
