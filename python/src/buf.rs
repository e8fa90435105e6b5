//! Byte inputs: any object with the buffer protocol, read in place.
//!
//! `bytes` is read through `PyBytes` (immutable, so always safe to borrow). Every other
//! object (`bytearray`, `memoryview`, `array.array`, numpy arrays, `mmap`...) is read
//! through the buffer protocol with `PyBUF_SIMPLE`, which asks the exporter for one
//! contiguous block of bytes and pins it (a `bytearray` cannot be resized while the
//! export is held).
//!
//! The buffer protocol joined the stable ABI in Python 3.11 (PEP 3118's `Py_buffer` has
//! kept its layout since 3.3, but the limited API only promises it from 3.11). This
//! module is built once for every CPython from 3.9 on (abi3), so it declares the two
//! functions itself and uses them only when the running interpreter is 3.11 or newer.
//! On 3.9 and 3.10 a `bytearray` is still borrowed in place (`PyByteArray_AsString` is
//! in the stable ABI) and other exporters are copied once into a Rust buffer.
//!
//! Memory safety: the bytes are read while the GIL is held and no Python code runs
//! (see [`Input::with`]); the buffer export keeps the memory alive and in place until
//! [`Input`] is dropped.

use std::ffi::{c_char, c_int, c_void};
use std::sync::OnceLock;

use pyo3::exceptions::{PyBufferError, PyTypeError};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};

/// `Py_buffer` as in CPython's `Include/pybuffer.h` (stable ABI since 3.11).
#[repr(C)]
struct RawView {
    buf: *mut c_void,
    obj: *mut ffi::PyObject,
    len: ffi::Py_ssize_t,
    itemsize: ffi::Py_ssize_t,
    readonly: c_int,
    ndim: c_int,
    format: *mut c_char,
    shape: *mut ffi::Py_ssize_t,
    strides: *mut ffi::Py_ssize_t,
    suboffsets: *mut ffi::Py_ssize_t,
    internal: *mut c_void,
}

/// `PyBUF_SIMPLE`: one contiguous block of unsigned bytes, no format, shape or strides.
const PYBUF_SIMPLE: c_int = 0;

// SAFETY: both functions are exported by every CPython 3 interpreter and are part of the
// stable ABI from 3.11; they are only called after checking the running version.
unsafe extern "C" {
    fn PyObject_GetBuffer(obj: *mut ffi::PyObject, view: *mut RawView, flags: c_int) -> c_int;
    fn PyBuffer_Release(view: *mut RawView);
}

/// An exported buffer, released on drop.
pub(crate) struct Export {
    // Boxed so that the address handed to the exporter stays put.
    view: Box<RawView>,
}

impl Export {
    fn get(obj: &Bound<'_, PyAny>) -> PyResult<Export> {
        let mut view = Box::new(RawView {
            buf: std::ptr::null_mut(),
            obj: std::ptr::null_mut(),
            len: 0,
            itemsize: 0,
            readonly: 0,
            ndim: 0,
            format: std::ptr::null_mut(),
            shape: std::ptr::null_mut(),
            strides: std::ptr::null_mut(),
            suboffsets: std::ptr::null_mut(),
            internal: std::ptr::null_mut(),
        });
        // SAFETY: the GIL is held (we have a `Bound`), `obj` is a valid object and
        // `view` points to writable memory of the right layout.
        let rc = unsafe { PyObject_GetBuffer(obj.as_ptr(), &mut *view, PYBUF_SIMPLE) };
        if rc != 0 {
            return Err(PyErr::fetch(obj.py()));
        }
        Ok(Export { view })
    }

    fn as_slice(&self) -> &[u8] {
        let len = usize::try_from(self.view.len).unwrap_or(0);
        if self.view.buf.is_null() || len == 0 {
            return &[];
        }
        // SAFETY: a successful PyBUF_SIMPLE export gives `len` contiguous readable bytes
        // at `buf`, valid until PyBuffer_Release (called in drop, after this borrow ends).
        unsafe { std::slice::from_raw_parts(self.view.buf.cast::<u8>(), len) }
    }
}

impl Drop for Export {
    fn drop(&mut self) {
        // The export is only ever created and dropped inside a call from Python, with
        // the GIL held (`Input` is neither Send nor stored anywhere).
        // SAFETY: the view was filled by a successful PyObject_GetBuffer and is
        // released exactly once.
        unsafe { PyBuffer_Release(&mut *self.view) };
    }
}

fn buffer_protocol_is_stable(py: Python<'_>) -> bool {
    static STABLE: OnceLock<bool> = OnceLock::new();
    *STABLE.get_or_init(|| py.version_info() >= (3, 11))
}

/// Bytes handed in from Python.
pub(crate) enum Input<'py> {
    /// An immutable `bytes` object.
    Bytes(Bound<'py, PyBytes>),
    /// A `bytearray` on Python 3.9/3.10, read in place.
    ByteArray(Bound<'py, PyByteArray>),
    /// Any exporter, through the buffer protocol (Python 3.11+).
    Export(Export),
    /// Any other exporter on Python 3.9/3.10: copied.
    Copied(Vec<u8>),
}

impl<'py> Input<'py> {
    /// Reads `obj` as bytes. `what` names the argument in error messages.
    ///
    /// A `str` is refused with a `TypeError` (text is not bytes); an object without the
    /// buffer protocol gets a `TypeError`; a non-contiguous buffer a `BufferError`.
    pub(crate) fn new(obj: &Bound<'py, PyAny>, what: &str) -> PyResult<Input<'py>> {
        if let Ok(b) = obj.cast::<PyBytes>() {
            return Ok(Input::Bytes(b.clone()));
        }
        if obj.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err(format!(
                "{what}: a bytes-like object is required, not 'str' \
                 (encode the text, or use bytes.fromhex() for hex)"
            )));
        }
        let py = obj.py();
        if buffer_protocol_is_stable(py) {
            return Export::get(obj)
                .map(Input::Export)
                .map_err(|e| buffer_error(py, e, obj, what));
        }
        if let Ok(b) = obj.cast::<PyByteArray>() {
            return Ok(Input::ByteArray(b.clone()));
        }
        // Python 3.9/3.10 and an exporter other than bytes/bytearray.
        let view =
            pyo3::types::PyMemoryView::from(obj).map_err(|e| buffer_error(py, e, obj, what))?;
        if !view.getattr("c_contiguous")?.is_truthy()? {
            return Err(PyBufferError::new_err(format!(
                "{what}: a C-contiguous buffer is required"
            )));
        }
        Ok(Input::Copied(
            view.call_method0("tobytes")?
                .cast::<PyBytes>()?
                .as_bytes()
                .to_vec(),
        ))
    }

    /// Runs `f` on the bytes.
    ///
    /// `f` must not run Python code (no calls into Python objects, no allocation of
    /// objects that could trigger a finalizer): a `bytearray` read on Python 3.9/3.10
    /// is only borrowed, not pinned. Every caller parses into owned Rust values inside
    /// `f` and builds Python objects afterwards.
    pub(crate) fn with<R>(&self, f: impl FnOnce(&[u8]) -> R) -> R {
        match self {
            Input::Bytes(b) => f(b.as_bytes()),
            // SAFETY: the GIL is held and `f` runs no Python code, so nothing can resize
            // or free the bytearray's storage while the slice is alive.
            Input::ByteArray(b) => f(unsafe { b.as_bytes() }),
            Input::Export(e) => f(e.as_slice()),
            Input::Copied(v) => f(v),
        }
    }

    /// The number of bytes.
    pub(crate) fn len(&self) -> usize {
        self.with(<[u8]>::len)
    }
}

fn buffer_error(py: Python<'_>, e: PyErr, obj: &Bound<'_, PyAny>, what: &str) -> PyErr {
    if e.is_instance_of::<PyTypeError>(py) {
        let ty = obj
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "?".into());
        PyTypeError::new_err(format!(
            "{what}: a bytes-like object is required, not '{ty}'"
        ))
    } else {
        let msg = format!("{what}: a C-contiguous bytes-like object is required ({e})");
        let new = PyBufferError::new_err(msg);
        new.set_cause(py, Some(e));
        new
    }
}
