//! Turning Rust errors into Python exceptions.
//!
//! `ParseError` and `RejectedError` are defined in Python (`mediafabric/_errors.py`) so
//! that they are ordinary exception classes (picklable, subclassable, with a real
//! `__init__`) on every Python version the abi3 module supports; this module looks
//! them up once and raises them.

use pyo3::exceptions::{PyOverflowError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;

use mediafabric_vxlan::Error as VxError;

fn class<'py>(
    py: Python<'py>,
    cell: &'static PyOnceLock<Py<PyType>>,
    name: &str,
) -> PyResult<&'py Bound<'py, PyType>> {
    cell.import(py, "mediafabric._errors", name)
}

/// A `mediafabric.ParseError(layer, offset, reason)`.
pub(crate) fn parse_error(py: Python<'_>, layer: &str, offset: usize, reason: &str) -> PyErr {
    static CLASS: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    match class(py, &CLASS, "ParseError").and_then(|c| c.call1((layer, offset, reason))) {
        Ok(e) => PyErr::from_value(e),
        Err(e) => e,
    }
}

/// A `mediafabric.vxlan.RejectedError(reason, value)`.
pub(crate) fn rejected_error<'py>(
    py: Python<'py>,
    reason: &str,
    value: Bound<'py, PyAny>,
) -> PyErr {
    static CLASS: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    match class(py, &CLASS, "RejectedError").and_then(|c| c.call1((reason, value))) {
        Ok(e) => PyErr::from_value(e),
        Err(e) => e,
    }
}

/// The reason text of a VXLAN error, without the layer and offset (which the
/// exception carries as attributes).
fn vxlan_reason(e: &VxError) -> String {
    match e {
        VxError::Truncated {
            needed, available, ..
        } => format!("truncated: need {needed} bytes, have {available}"),
        VxError::Invalid {
            field,
            expected,
            found,
            ..
        } => format!("invalid {field}: expected {expected}, found {found} ({found:#x})"),
        VxError::Checksum {
            found, computed, ..
        } => format!("bad checksum: header says {found:#06x}, data gives {computed:#06x}"),
        other => other.to_string(),
    }
}

/// A VXLAN error as a Python exception: errors found in input bytes (with a layer and
/// an offset) become `ParseError`; a value out of range or a buffer problem is a bad
/// argument, `ValueError`.
pub(crate) fn vxlan_error(py: Python<'_>, e: VxError) -> PyErr {
    match (e.layer(), e.offset()) {
        (Some(layer), Some(offset)) => parse_error(py, layer.name(), offset, &vxlan_reason(&e)),
        _ => PyValueError::new_err(e.to_string()),
    }
}

/// `OverflowError` from an integer conversion turned into a `ValueError`: a number
/// out of range is a bad value, whatever its size.
pub(crate) fn overflow_to_value(py: Python<'_>, e: PyErr, what: &str) -> PyErr {
    if e.is_instance_of::<PyOverflowError>(py) {
        PyValueError::new_err(format!("{what}: {}", e.value(py)))
    } else {
        e
    }
}
