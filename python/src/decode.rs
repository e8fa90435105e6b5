//! `mediafabric.decode`: the layer model of `mediafabric-decode` as Python objects.

use std::sync::OnceLock;

use mediafabric_decode::{Decoded, LinkType, Options};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

use crate::buf::Input;
use crate::convert::{int_in, json_to_py, ports_arg};

/// The link type names `decode` accepts: the pcap LINKTYPE_ names in lower case.
const LINK_NAMES: &[(&str, LinkType)] = &[
    ("ethernet", LinkType::Ethernet),
    ("linux_sll", LinkType::LinuxSll),
    ("linux_sll2", LinkType::LinuxSll2),
    ("raw", LinkType::RawIp),
];

fn link_type_arg(obj: &Bound<'_, PyAny>) -> PyResult<LinkType> {
    if let Ok(s) = obj.cast::<PyString>() {
        let s = s.to_cow()?;
        return LINK_NAMES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(&s))
            .map(|(_, l)| *l)
            .ok_or_else(|| {
                PyValueError::new_err(format!(
                    "link_type {s:?} is not supported: use one of \"ethernet\", \"linux_sll\", \
                     \"linux_sll2\", \"raw\" or a pcap LINKTYPE number (1, 113, 276, 101)"
                ))
            });
    }
    if obj.is_instance_of::<pyo3::types::PyInt>() {
        let n = int_in(obj, "link_type", 0, i64::from(u32::MAX))? as u32;
        return LinkType::from_linktype(n).ok_or_else(|| {
            PyValueError::new_err(format!(
                "link_type {n} is not supported: the decoder reads LINKTYPE_ETHERNET (1), \
                 LINKTYPE_LINUX_SLL (113), LINKTYPE_LINUX_SLL2 (276) and LINKTYPE_RAW (101)"
            ))
        });
    }
    Err(PyTypeError::new_err(
        "link_type: a name (\"ethernet\", \"linux_sll\", \"linux_sll2\", \"raw\") or a pcap LINKTYPE number is required",
    ))
}

fn default_options() -> &'static Options {
    static DEFAULT: OnceLock<Options> = OnceLock::new();
    DEFAULT.get_or_init(Options::default)
}

/// Decodes one frame into the mediafabric layer model, the same model the
/// `mediafabric decode` command prints as JSON.
///
/// Returns ``{"length": n, "layers": [...]}``, plus ``"error": {"layer", "offset",
/// "reason"}`` when a layer could not be read (the layers before it are kept). Each
/// layer is a dict with a ``"proto"`` name (``"eth"``, ``"vlan"``, ``"ipv4"``,
/// ``"udp"``, ``"vxlan"``...) and the standard's field names.
///
/// ``frame`` is any bytes-like object (read in place). ``link_type`` is a pcap
/// LINKTYPE number (``Packet.link_type``) or one of ``"ethernet"``, ``"linux_sll"``,
/// ``"linux_sll2"``, ``"raw"``. ``vxlan_ports`` and ``gpe_ports`` replace the UDP
/// ports decoded as VXLAN (default 4789 and 8472) and VXLAN-GPE (default 4790).
#[pyfunction]
#[pyo3(
    signature = (frame, *, link_type = None, vxlan_ports = None, gpe_ports = None),
    text_signature = "(frame, *, link_type='ethernet', vxlan_ports=None, gpe_ports=None)"
)]
fn decode<'py>(
    py: Python<'py>,
    frame: &Bound<'py, PyAny>,
    link_type: Option<&Bound<'py, PyAny>>,
    vxlan_ports: Option<&Bound<'py, PyAny>>,
    gpe_ports: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let input = Input::new(frame, "frame")?;
    let link = match link_type {
        None => LinkType::Ethernet,
        Some(l) => link_type_arg(l)?,
    };
    let custom;
    let opts = if vxlan_ports.is_none() && gpe_ports.is_none() {
        default_options()
    } else {
        let d = default_options();
        custom = Options {
            vxlan_ports: match vxlan_ports {
                Some(p) => ports_arg(p, "vxlan_ports")?,
                None => d.vxlan_ports.clone(),
            },
            gpe_ports: match gpe_ports {
                Some(p) => ports_arg(p, "gpe_ports")?,
                None => d.gpe_ports.clone(),
            },
            rtp_ports: d.rtp_ports.clone(),
        };
        &custom
    };
    let (length, decoded): (usize, Decoded) =
        input.with(|b| (b.len(), mediafabric_decode::decode(b, link, opts)));
    drop(input);

    let out = PyDict::new(py);
    out.set_item("length", length)?;
    let layers = PyList::empty(py);
    for l in &decoded.layers {
        layers.append(json_to_py(py, l)?)?;
    }
    out.set_item("layers", layers)?;
    if let Some(e) = &decoded.error {
        let err = PyDict::new(py);
        err.set_item("layer", e.layer)?;
        err.set_item("offset", e.offset)?;
        err.set_item("reason", &e.reason)?;
        out.set_item("error", err)?;
    }
    Ok(out)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(decode, m)?)?;
    Ok(())
}
