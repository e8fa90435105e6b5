//! Conversions of arguments and results shared by the modules.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Duration;

use pyo3::Borrowed;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyList, PyString};
use serde_json::Value;

use crate::buf::Input;
use crate::errors::overflow_to_value;

/// The Python string for a field name of the layer model.
///
/// The model has a few dozen field names; each is made into a Python string once and
/// reused, which saves an allocation and a hash computation per field (a `str` caches
/// its hash). The cache is bounded, in case a model ever carried data in its keys.
fn key<'py>(py: Python<'py>, k: &str) -> Bound<'py, PyString> {
    const MAX_KEYS: usize = 4096;
    type Keys = HashMap<String, Py<PyString>, BuildHasherDefault<Fnv>>;
    static KEYS: Mutex<Option<Keys>> = Mutex::new(None);
    let Ok(mut guard) = KEYS.lock() else {
        return PyString::new(py, k);
    };
    let map = guard.get_or_insert_with(Keys::default);
    if let Some(s) = map.get(k) {
        return s.bind(py).clone();
    }
    let s = PyString::new(py, k);
    if map.len() < MAX_KEYS {
        map.insert(k.to_owned(), s.clone().unbind());
    }
    s
}

/// FNV-1a: the key cache hashes short, trusted field names, where SipHash's
/// flood resistance buys nothing and costs more than the lookup saves.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A JSON value of the layer model as the matching Python object: `dict`, `list`,
/// `int`, `float`, `bool`, `str` or `None`. Object keys keep the model's order.
pub(crate) fn json_to_py<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else {
                PyFloat::new(py, n.as_f64().unwrap_or(f64::NAN)).into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(a) => {
            let list = PyList::empty(py);
            for item in a {
                list.append(json_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(m) => {
            let dict = PyDict::new(py);
            for (k, item) in m {
                dict.set_item(key(py, k), json_to_py(py, item)?)?;
            }
            dict.into_any()
        }
    })
}

/// An integer argument that has a default (`ttl = Int(64)`): an `int` (a `float` is a
/// `TypeError`, which pyo3 prefixes with the argument's name); range-check it with
/// [`ranged`].
pub(crate) struct Int(pub i64);

/// Like [`Int`], with `None` allowed: `gpe_port = OptInt(Some(4790))`.
pub(crate) struct OptInt(pub Option<i64>);

fn extract_i64(obj: &Bound<'_, PyAny>) -> PyResult<i64> {
    if obj.is_instance_of::<PyFloat>() {
        return Err(PyTypeError::new_err("an integer is required, not 'float'"));
    }
    obj.extract::<i64>()
        .map_err(|e| overflow_to_value(obj.py(), e, "integer out of range"))
}

impl FromPyObject<'_, '_> for Int {
    type Error = PyErr;
    fn extract(obj: Borrowed<'_, '_, PyAny>) -> PyResult<Self> {
        extract_i64(&obj).map(Int)
    }
}

impl FromPyObject<'_, '_> for OptInt {
    type Error = PyErr;
    fn extract(obj: Borrowed<'_, '_, PyAny>) -> PyResult<Self> {
        if obj.is_none() {
            return Ok(OptInt(None));
        }
        extract_i64(&obj).map(|v| OptInt(Some(v)))
    }
}

/// `v` if it is in `min..=max`, else a `ValueError` naming the argument.
pub(crate) fn ranged(v: i64, what: &str, min: i64, max: i64) -> PyResult<i64> {
    if v < min || v > max {
        return Err(PyValueError::new_err(format!(
            "{what} must be in {min}..={max}, got {v}"
        )));
    }
    Ok(v)
}

/// An integer argument in `min..=max`; anything else is a `ValueError` naming it (a
/// non-integer is a `TypeError`).
pub(crate) fn int_in(obj: &Bound<'_, PyAny>, what: &str, min: i64, max: i64) -> PyResult<i64> {
    let py = obj.py();
    if obj.is_instance_of::<PyFloat>() {
        return Err(PyTypeError::new_err(format!(
            "{what}: an integer is required, not 'float'"
        )));
    }
    let v: i64 = obj.extract().map_err(|e: PyErr| {
        if e.is_instance_of::<PyTypeError>(py) {
            let ty = obj
                .get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_else(|_| "?".into());
            PyTypeError::new_err(format!("{what}: an integer is required, not '{ty}'"))
        } else {
            overflow_to_value(py, e, what)
        }
    })?;
    ranged(v, what, min, max)
}

/// A 16-bit unsigned argument (a port, an identification).
pub(crate) fn u16_arg(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<u16> {
    Ok(int_in(obj, what, 0, i64::from(u16::MAX))? as u16)
}

/// A 32-bit unsigned argument.
pub(crate) fn u32_arg(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<u32> {
    Ok(int_in(obj, what, 0, i64::from(u32::MAX))? as u32)
}

/// A list of UDP ports from any iterable of integers.
pub(crate) fn ports_arg(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<u16>> {
    if obj.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{what}: an iterable of port numbers is required, not 'str'"
        )));
    }
    let mut out = Vec::new();
    for item in obj.try_iter().map_err(|_| {
        PyTypeError::new_err(format!("{what}: an iterable of port numbers is required"))
    })? {
        out.push(u16_arg(&item?, what)?);
    }
    Ok(out)
}

/// A point in time or a span given as seconds (float or int), as a [`Duration`].
/// Negative, NaN, infinite or too large values are a `ValueError`.
pub(crate) fn seconds_arg(secs: f64, what: &str) -> PyResult<Duration> {
    Duration::try_from_secs_f64(secs).map_err(|_| {
        PyValueError::new_err(format!(
            "{what} must be a finite, non-negative number of seconds, got {secs}"
        ))
    })
}

/// A [`Duration`] as float seconds.
pub(crate) fn seconds(d: Duration) -> f64 {
    d.as_secs_f64()
}

/// A MAC address: `"aa:bb:cc:dd:ee:ff"` (or with `-`), or 6 bytes of any bytes-like
/// object.
pub(crate) fn mac_arg(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<[u8; 6]> {
    if let Ok(s) = obj.cast::<PyString>() {
        let s = s.to_cow()?;
        return parse_mac(&s).ok_or_else(|| {
            PyValueError::new_err(format!(
                "{what}: {s:?} is not a MAC address (expected six hex bytes like \"02:00:5e:00:53:01\")"
            ))
        });
    }
    let input = Input::new(obj, what).map_err(|e| {
        if e.is_instance_of::<PyTypeError>(obj.py()) {
            PyTypeError::new_err(format!(
                "{what}: a MAC address string or 6 bytes is required"
            ))
        } else {
            e
        }
    })?;
    input.with(|b| <[u8; 6]>::try_from(b).ok()).ok_or_else(|| {
        PyValueError::new_err(format!(
            "{what}: a MAC address is 6 bytes, got {}",
            input.len()
        ))
    })
}

fn parse_mac(s: &str) -> Option<[u8; 6]> {
    let sep = if s.contains('-') { '-' } else { ':' };
    let mut out = [0u8; 6];
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

/// A MAC address in the form the layer model uses.
pub(crate) fn mac_str(m: &[u8; 6]) -> String {
    mediafabric_decode::mac_string(m)
}

/// An IP address: a string, or an `ipaddress.IPv4Address` / `IPv6Address`.
pub(crate) fn ip_arg(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<IpAddr> {
    if let Ok(s) = obj.cast::<PyString>() {
        let s = s.to_cow()?;
        return s.trim().parse().map_err(|_| {
            PyValueError::new_err(format!("{what}: {s:?} is not an IPv4 or IPv6 address"))
        });
    }
    if obj.hasattr("packed")? {
        return obj
            .extract::<IpAddr>()
            .map_err(|e| PyValueError::new_err(format!("{what}: {}", e.value(obj.py()))));
    }
    let ty = obj
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into());
    Err(PyTypeError::new_err(format!(
        "{what}: an IP address (str or ipaddress.IPv4Address/IPv6Address) is required, not '{ty}'"
    )))
}
