//! `mediafabric.vxlan`: the VXLAN header, encapsulation, decapsulation, forwarding
//! database and VTEP of `mediafabric-vxlan`, as Python types.

use std::net::IpAddr;

use mediafabric_vxlan as vx;
use mediafabric_vxlan::SetStorage as _;
use mediafabric_vxlan::fdb::Slot;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyFrozenSet, PyMemoryView, PySlice, PyString, PyTuple};

use crate::buf::Input;
use crate::convert::{
    Int, OptInt, int_in, ip_arg, mac_arg, mac_str, ports_arg, ranged, seconds, seconds_arg,
};
use crate::errors::{rejected_error, vxlan_error};

/// Capacity of a VTEP's flood list: (VNI, remote) pairs across all VNIs.
const FLOOD_CAPACITY: usize = 1024;
/// Capacity of each allow-list of a VTEP.
const ALLOW_CAPACITY: usize = 256;

type InnerVtep = vx::Vtep<
    Vec<Slot>,
    vx::GrowableSet<(vx::Vni, IpAddr)>,
    vx::FixedSet<vx::Vni, ALLOW_CAPACITY>,
    vx::FixedSet<IpAddr, ALLOW_CAPACITY>,
>;

fn vni_arg(obj: &Bound<'_, PyAny>) -> PyResult<vx::Vni> {
    let v = int_in(obj, "vni", 0, i64::from(vx::Vni::MAX))?;
    vx::Vni::new(v as u32).map_err(|e| vxlan_error(obj.py(), e))
}

fn bool_repr(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

fn ip_to_py(py: Python<'_>, ip: IpAddr) -> PyResult<Bound<'_, PyAny>> {
    ip.into_pyobject(py)
}

// ---------------------------------------------------------------------------------------
// Header and its extensions

/// The Group Based Policy extension (draft-smith-vxlan-group-policy §2.1).
///
/// ``dont_learn`` is the D bit (the receiver must not learn the inner source address),
/// ``policy_applied`` the A bit, ``group_policy_id`` the 16-bit Group Policy ID.
#[pyclass(frozen, eq, hash, module = "mediafabric.vxlan", name = "GroupPolicy")]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct GroupPolicy(vx::GroupPolicy);

#[pymethods]
impl GroupPolicy {
    #[new]
    #[pyo3(
        signature = (dont_learn = false, policy_applied = false, group_policy_id = Int(0)),
        text_signature = "(dont_learn=False, policy_applied=False, group_policy_id=0)"
    )]
    fn new(dont_learn: bool, policy_applied: bool, group_policy_id: Int) -> PyResult<Self> {
        Ok(GroupPolicy(vx::GroupPolicy {
            dont_learn,
            policy_applied,
            group_policy_id: ranged(group_policy_id.0, "group_policy_id", 0, 0xFFFF)? as u16,
        }))
    }

    /// The D bit: the receiver must not learn the inner source MAC.
    #[getter]
    fn dont_learn(&self) -> bool {
        self.0.dont_learn
    }

    /// The A bit: the sender already applied the policy.
    #[getter]
    fn policy_applied(&self) -> bool {
        self.0.policy_applied
    }

    /// The 16-bit Group Policy ID of the inner frame's source.
    #[getter]
    fn group_policy_id(&self) -> u16 {
        self.0.group_policy_id
    }

    fn __repr__(&self) -> String {
        format!(
            "GroupPolicy(dont_learn={}, policy_applied={}, group_policy_id={})",
            bool_repr(self.0.dont_learn),
            bool_repr(self.0.policy_applied),
            self.0.group_policy_id
        )
    }

    fn __getnewargs_ex__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyTuple>, Bound<'py, PyDict>)> {
        Ok((
            PyTuple::new(
                py,
                [
                    self.0.dont_learn.into_pyobject(py)?.to_owned().into_any(),
                    self.0
                        .policy_applied
                        .into_pyobject(py)?
                        .to_owned()
                        .into_any(),
                    self.0.group_policy_id.into_pyobject(py)?.into_any(),
                ],
            )?,
            PyDict::new(py),
        ))
    }
}

/// The VXLAN-GPE fields (draft-ietf-nvo3-vxlan-gpe §3).
///
/// ``version`` is the 2-bit Ver field, ``oam`` the O bit, ``bum`` the B bit and
/// ``next_protocol`` the Next Protocol number (1 IPv4, 2 IPv6, 3 Ethernet, 4 NSH,
/// 5 MPLS; see ``NextProtocol``), or ``None`` when the P bit is clear.
#[pyclass(frozen, eq, hash, module = "mediafabric.vxlan", name = "Gpe")]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Gpe(vx::Gpe);

#[pymethods]
impl Gpe {
    #[new]
    #[pyo3(
        signature = (version = Int(0), oam = false, bum = false, next_protocol = OptInt(Some(3))),
        text_signature = "(version=0, oam=False, bum=False, next_protocol=3)"
    )]
    fn new(
        py: Python<'_>,
        version: Int,
        oam: bool,
        bum: bool,
        next_protocol: OptInt,
    ) -> PyResult<Self> {
        let gpe = vx::Gpe {
            version: ranged(version.0, "version", 0, 255)? as u8,
            oam,
            bum,
            next_protocol: match next_protocol.0 {
                Some(p) => Some(vx::NextProtocol::from(
                    ranged(p, "next_protocol", 0, 255)? as u8
                )),
                None => None,
            },
        };
        // The crate's own check rejects a version that does not fit its 2 bits.
        vx::Header::with_gpe(vx::Vni::default(), gpe)
            .check()
            .map_err(|e| vxlan_error(py, e))?;
        Ok(Gpe(gpe))
    }

    /// The 2-bit GPE version.
    #[getter]
    fn version(&self) -> u8 {
        self.0.version
    }

    /// The O bit: an OAM packet.
    #[getter]
    fn oam(&self) -> bool {
        self.0.oam
    }

    /// The B bit: broadcast, unknown unicast or multicast traffic.
    #[getter]
    fn bum(&self) -> bool {
        self.0.bum
    }

    /// The Next Protocol number, or None when the P bit is clear.
    #[getter]
    fn next_protocol(&self) -> Option<u8> {
        self.0.next_protocol.map(u8::from)
    }

    fn __repr__(&self) -> String {
        format!(
            "Gpe(version={}, oam={}, bum={}, next_protocol={})",
            self.0.version,
            bool_repr(self.0.oam),
            bool_repr(self.0.bum),
            self.0
                .next_protocol
                .map_or_else(|| "None".to_string(), |p| u8::from(p).to_string())
        )
    }

    fn __getnewargs_ex__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyTuple>, Bound<'py, PyDict>)> {
        let kw = PyDict::new(py);
        kw.set_item("version", self.0.version)?;
        kw.set_item("oam", self.0.oam)?;
        kw.set_item("bum", self.0.bum)?;
        kw.set_item("next_protocol", self.next_protocol())?;
        Ok((PyTuple::empty(py), kw))
    }
}

/// An IEEE 802.1Q tag: ``vid`` (12 bits), ``pcp`` (3 bits), ``dei``.
#[pyclass(frozen, eq, hash, module = "mediafabric.vxlan", name = "VlanTag")]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct VlanTag(vx::VlanTag);

#[pymethods]
impl VlanTag {
    #[new]
    #[pyo3(signature = (vid, pcp = Int(0), dei = false), text_signature = "(vid, pcp=0, dei=False)")]
    fn new(vid: Int, pcp: Int, dei: bool) -> PyResult<Self> {
        Ok(VlanTag(vx::VlanTag {
            vid: ranged(vid.0, "vid", 0, 0x0FFF)? as u16,
            pcp: ranged(pcp.0, "pcp", 0, 7)? as u8,
            dei,
        }))
    }

    /// The VLAN identifier.
    #[getter]
    fn vid(&self) -> u16 {
        self.0.vid
    }

    /// The priority code point.
    #[getter]
    fn pcp(&self) -> u8 {
        self.0.pcp
    }

    /// The drop eligible indicator.
    #[getter]
    fn dei(&self) -> bool {
        self.0.dei
    }

    fn __repr__(&self) -> String {
        format!(
            "VlanTag(vid={}, pcp={}, dei={})",
            self.0.vid,
            self.0.pcp,
            bool_repr(self.0.dei)
        )
    }

    fn __getnewargs_ex__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyTuple>, Bound<'py, PyDict>)> {
        let kw = PyDict::new(py);
        kw.set_item("pcp", self.0.pcp)?;
        kw.set_item("dei", self.0.dei)?;
        Ok((PyTuple::new(py, [self.0.vid])?, kw))
    }
}

fn format_arg(s: &str) -> PyResult<vx::Format> {
    match s {
        "vxlan" => Ok(vx::Format::Vxlan),
        "gpe" => Ok(vx::Format::Gpe),
        other => Err(PyValueError::new_err(format!(
            "format must be \"vxlan\" or \"gpe\", not {other:?}"
        ))),
    }
}

/// The 8-byte VXLAN header (RFC 7348 §5), plain or with the Group Based Policy or GPE
/// extension.
///
/// ``Header(vni, *, gbp=None, gpe=None, vni_valid=True)``: ``vni`` is the 24-bit VXLAN
/// Network Identifier, ``gbp`` a ``GroupPolicy`` or ``gpe`` a ``Gpe`` (not both), and
/// ``vni_valid`` the I flag, which RFC 7348 requires set. Reserved bits are not kept:
/// they are written as zero.
#[pyclass(frozen, eq, hash, module = "mediafabric.vxlan", name = "Header")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct Header(vx::Header);

#[pymethods]
impl Header {
    #[new]
    #[pyo3(signature = (vni, *, gbp = None, gpe = None, vni_valid = true))]
    fn new(
        vni: &Bound<'_, PyAny>,
        gbp: Option<GroupPolicy>,
        gpe: Option<Gpe>,
        vni_valid: bool,
    ) -> PyResult<Self> {
        let extension = match (gbp, gpe) {
            (Some(_), Some(_)) => {
                return Err(PyValueError::new_err(
                    "a header has a GBP or a GPE extension, not both",
                ));
            }
            (Some(g), None) => vx::Extension::Gbp(g.0),
            (None, Some(g)) => vx::Extension::Gpe(g.0),
            (None, None) => vx::Extension::None,
        };
        Ok(Header(vx::Header {
            vni_valid,
            vni: vni_arg(vni)?,
            extension,
        }))
    }

    /// Reads a header from the first 8 bytes of ``buf`` (any bytes-like object).
    ///
    /// ``format`` says how to read the flag and reserved bytes: ``"vxlan"`` (RFC 7348,
    /// with GBP when the G flag is set) or ``"gpe"``. The bytes alone cannot tell them
    /// apart: the UDP port does (4789 VXLAN, 4790 GPE). Raises ``ParseError`` (layer
    /// ``"vxlan"``) when ``buf`` is shorter than 8 bytes.
    #[staticmethod]
    #[pyo3(signature = (buf, format = "vxlan"))]
    fn parse(py: Python<'_>, buf: &Bound<'_, PyAny>, format: &str) -> PyResult<Header> {
        let format = format_arg(format)?;
        let input = Input::new(buf, "buf")?;
        let r = input.with(|b| vx::Header::parse_bytes(b, format));
        drop(input);
        r.map(Header).map_err(|e| vxlan_error(py, e))
    }

    /// The header's 8 bytes.
    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let b = self.0.to_bytes().map_err(|e| vxlan_error(py, e))?;
        Ok(PyBytes::new(py, &b))
    }

    fn __bytes__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        self.to_bytes(py)
    }

    /// The VXLAN Network Identifier.
    #[getter]
    fn vni(&self) -> u32 {
        self.0.vni.get()
    }

    /// The I flag.
    #[getter]
    fn vni_valid(&self) -> bool {
        self.0.vni_valid
    }

    /// The Group Based Policy extension, or None.
    #[getter]
    fn gbp(&self) -> Option<GroupPolicy> {
        match self.0.extension {
            vx::Extension::Gbp(g) => Some(GroupPolicy(g)),
            _ => None,
        }
    }

    /// The GPE fields, or None.
    #[getter]
    fn gpe(&self) -> Option<Gpe> {
        match self.0.extension {
            vx::Extension::Gpe(g) => Some(Gpe(g)),
            _ => None,
        }
    }

    /// ``"gpe"`` for a GPE header, else ``"vxlan"``.
    #[getter]
    fn format(&self) -> &'static str {
        match self.0.format() {
            vx::Format::Gpe => "gpe",
            vx::Format::Vxlan => "vxlan",
        }
    }

    fn __repr__(&self) -> String {
        let mut s = format!("Header(vni={}", self.0.vni.get());
        match self.0.extension {
            vx::Extension::Gbp(g) => s.push_str(&format!(", gbp={}", GroupPolicy(g).__repr__())),
            vx::Extension::Gpe(g) => s.push_str(&format!(", gpe={}", Gpe(g).__repr__())),
            _ => {}
        }
        if !self.0.vni_valid {
            s.push_str(", vni_valid=False");
        }
        s.push(')');
        s
    }

    fn __getnewargs_ex__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyTuple>, Bound<'py, PyDict>)> {
        let kw = PyDict::new(py);
        kw.set_item("gbp", self.gbp())?;
        kw.set_item("gpe", self.gpe())?;
        kw.set_item("vni_valid", self.0.vni_valid)?;
        Ok((PyTuple::new(py, [self.0.vni.get()])?, kw))
    }
}

// ---------------------------------------------------------------------------------------
// Encapsulation and decapsulation

fn vlan_arg(obj: &Bound<'_, PyAny>) -> PyResult<vx::VlanTag> {
    if let Ok(t) = obj.cast::<VlanTag>() {
        return Ok(t.get().0);
    }
    if obj.is_instance_of::<pyo3::types::PyInt>() {
        return Ok(vx::VlanTag {
            vid: int_in(obj, "vlan", 0, 0x0FFF)? as u16,
            pcp: 0,
            dei: false,
        });
    }
    Err(PyTypeError::new_err(
        "vlan: a VLAN ID (int) or a VlanTag is required",
    ))
}

/// Wraps an inner frame in outer Ethernet (with an optional 802.1Q tag), IPv4 or IPv6,
/// UDP and VXLAN headers; returns the whole outer frame as ``bytes``.
///
/// ``inner`` is the tenant frame (any bytes-like object; an Ethernet frame unless
/// ``gpe`` says another next protocol). ``vni`` and ``gbp``/``gpe`` make the VXLAN
/// header. MAC addresses are ``"aa:bb:cc:dd:ee:ff"`` strings or 6 bytes; IP addresses
/// are strings or ``ipaddress`` objects, both IPv4 or both IPv6. ``ttl`` is the TTL or
/// hop limit, ``tos`` the TOS or traffic class byte, ``flow_label`` the IPv6 flow
/// label. ``src_port=None`` takes the UDP source port from a hash of the inner flow
/// (RFC 7348 §5); ``dst_port=None`` is 4789, or 4790 for GPE. ``udp_checksum`` is
/// ``"auto"`` (zero over IPv4, computed over IPv6), ``"compute"`` or ``"zero"``.
///
/// Raises ``ValueError`` for an argument out of range and ``ParseError`` (layer
/// ``"inner"``) for an Ethernet inner frame shorter than 14 bytes.
#[pyfunction]
#[pyo3(
    signature = (
        inner, *, vni, src_mac, dst_mac, src_ip, dst_ip, gbp = None, gpe = None, vlan = None,
        ttl = Int(64), tos = Int(0), dont_fragment = false, identification = Int(0),
        flow_label = Int(0), src_port = None, dst_port = None, udp_checksum = "auto"
    ),
    text_signature = "(inner, *, vni, src_mac, dst_mac, src_ip, dst_ip, gbp=None, gpe=None, vlan=None, ttl=64, tos=0, dont_fragment=False, identification=0, flow_label=0, src_port=None, dst_port=None, udp_checksum='auto')"
)]
#[allow(clippy::too_many_arguments)]
fn encapsulate<'py>(
    py: Python<'py>,
    inner: &Bound<'py, PyAny>,
    vni: &Bound<'py, PyAny>,
    src_mac: &Bound<'py, PyAny>,
    dst_mac: &Bound<'py, PyAny>,
    src_ip: &Bound<'py, PyAny>,
    dst_ip: &Bound<'py, PyAny>,
    gbp: Option<GroupPolicy>,
    gpe: Option<Gpe>,
    vlan: Option<&Bound<'py, PyAny>>,
    ttl: Int,
    tos: Int,
    dont_fragment: bool,
    identification: Int,
    flow_label: Int,
    src_port: Option<Int>,
    dst_port: Option<Int>,
    udp_checksum: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    let header = Header::new(vni, gbp, gpe, true)?.0;
    let src = ip_arg(src_ip, "src_ip")?;
    let dst = ip_arg(dst_ip, "dst_ip")?;
    let ip = vx::OuterIp::from_pair(src, dst).ok_or_else(|| {
        PyValueError::new_err(format!(
            "src_ip {src} and dst_ip {dst} must be both IPv4 or both IPv6"
        ))
    })?;
    let mut e = vx::Encapsulation::new(
        mac_arg(src_mac, "src_mac")?,
        mac_arg(dst_mac, "dst_mac")?,
        ip,
        header,
    );
    e.vlan = vlan.map(vlan_arg).transpose()?;
    e.ttl = ranged(ttl.0, "ttl", 0, 255)? as u8;
    e.tos = ranged(tos.0, "tos", 0, 255)? as u8;
    e.dont_fragment = dont_fragment;
    e.identification = ranged(identification.0, "identification", 0, 0xFFFF)? as u16;
    // The crate checks the 20-bit width; this only keeps the value in a u32.
    e.flow_label = ranged(flow_label.0, "flow_label", 0, i64::from(u32::MAX))? as u32;
    if let Some(p) = src_port {
        e.src_port = vx::SourcePort::Fixed(ranged(p.0, "src_port", 0, 0xFFFF)? as u16);
    }
    if let Some(p) = dst_port {
        e.dst_port = ranged(p.0, "dst_port", 0, 0xFFFF)? as u16;
    }
    e.udp_checksum = match udp_checksum {
        "auto" => vx::UdpChecksum::Auto,
        "compute" => vx::UdpChecksum::Compute,
        "zero" => vx::UdpChecksum::Zero,
        other => {
            return Err(PyValueError::new_err(format!(
                "udp_checksum must be \"auto\", \"compute\" or \"zero\", not {other:?}"
            )));
        }
    };

    let input = Input::new(inner, "inner")?;
    let total = e.encapsulated_len(input.len());
    // The frame is written straight into the new bytes object. The closure runs no
    // Python code while the input is borrowed: a failure is kept and raised after.
    let mut failure = None;
    let out = PyBytes::new_with(py, total, |out| {
        input.with(|b| match e.encapsulate(b, out) {
            Ok(_) => Ok(()),
            Err(err) => {
                failure = Some(err);
                Err(PyValueError::new_err("encapsulation failed"))
            }
        })
    });
    drop(input);
    match (out, failure) {
        (_, Some(err)) => Err(vxlan_error(py, err)),
        (out, None) => out,
    }
}

/// A decapsulated frame as owned values, made while the input is borrowed.
struct DecapOwned {
    outer_dst_mac: [u8; 6],
    outer_src_mac: [u8; 6],
    vlan: Option<vx::VlanTag>,
    src_ip: IpAddr,
    dst_ip: IpAddr,
    ttl: u8,
    src_port: u16,
    dst_port: u16,
    udp_checksum: u16,
    header: vx::Header,
    inner_offset: usize,
    inner_len: usize,
}

impl DecapOwned {
    fn new(d: &vx::Decapsulated<'_>) -> Self {
        DecapOwned {
            outer_dst_mac: d.outer_dst_mac,
            outer_src_mac: d.outer_src_mac,
            vlan: d.vlan,
            src_ip: d.src_ip,
            dst_ip: d.dst_ip,
            ttl: d.ttl,
            src_port: d.src_port,
            dst_port: d.dst_port,
            udp_checksum: d.udp_checksum,
            header: d.header,
            inner_offset: d.inner_offset,
            inner_len: d.inner.len(),
        }
    }

    /// The Python object, with ``inner`` a read-only memoryview of `frame`.
    fn into_py(self, frame: &Bound<'_, PyAny>) -> PyResult<Decapsulated> {
        let py = frame.py();
        let start = isize::try_from(self.inner_offset)?;
        let end = isize::try_from(self.inner_offset + self.inner_len)?;
        let inner = PyMemoryView::from(frame)?
            .call_method1("cast", ("B",))?
            .get_item(PySlice::new(py, start, end, 1))?
            .call_method0("toreadonly")?;
        Ok(Decapsulated {
            d: self,
            inner: inner.unbind(),
        })
    }
}

fn decap_config(
    verify_udp_checksum: bool,
    accept_ipv6_zero_checksum: bool,
    vxlan_ports: Option<&Bound<'_, PyAny>>,
    gpe_port: OptInt,
) -> PyResult<vx::DecapConfig> {
    let mut c = vx::DecapConfig {
        verify_udp_checksum,
        accept_ipv6_zero_checksum,
        ..vx::DecapConfig::default()
    };
    if let Some(p) = vxlan_ports {
        let ports = ports_arg(p, "vxlan_ports")?;
        if ports.len() > c.vxlan_ports.len() {
            return Err(PyValueError::new_err(format!(
                "vxlan_ports: at most {} ports, got {}",
                c.vxlan_ports.len(),
                ports.len()
            )));
        }
        c.vxlan_ports = [0; 2];
        c.vxlan_ports[..ports.len()].copy_from_slice(&ports);
    }
    c.gpe_port = match gpe_port.0 {
        Some(p) => ranged(p, "gpe_port", 0, 0xFFFF)? as u16,
        None => 0,
    };
    Ok(c)
}

/// Takes an outer frame apart: checks every outer layer and returns a
/// ``Decapsulated`` with the outer fields, the VXLAN ``header`` and the ``inner``
/// frame.
///
/// Checked: Ethernet type (IPv4, IPv6 or one 802.1Q tag), IP version, lengths (trailing
/// Ethernet padding is allowed), the IPv4 header checksum, no fragments, UDP, the UDP
/// length and destination port (``vxlan_ports``, at most two, read as VXLAN/GBP;
/// ``gpe_port`` read as VXLAN-GPE, ``None`` for none), the UDP checksum when
/// ``verify_udp_checksum`` (a zero checksum over IPv6 only with
/// ``accept_ipv6_zero_checksum``, RFC 6935), and the VXLAN I flag. A failed check
/// raises ``ParseError`` naming the layer and the byte offset.
///
/// ``inner`` is a read-only ``memoryview`` of ``frame`` itself, not a copy: it keeps
/// ``frame`` alive (and a ``bytearray`` cannot be resized while it exists); use
/// ``bytes(d.inner)`` for a copy.
#[pyfunction]
#[pyo3(
    signature = (frame, *, verify_udp_checksum = false, accept_ipv6_zero_checksum = false,
                 vxlan_ports = None, gpe_port = OptInt(Some(4790))),
    text_signature = "(frame, *, verify_udp_checksum=False, accept_ipv6_zero_checksum=False, vxlan_ports=(4789, 8472), gpe_port=4790)"
)]
fn decapsulate(
    frame: &Bound<'_, PyAny>,
    verify_udp_checksum: bool,
    accept_ipv6_zero_checksum: bool,
    vxlan_ports: Option<&Bound<'_, PyAny>>,
    gpe_port: OptInt,
) -> PyResult<Decapsulated> {
    let py = frame.py();
    let config = decap_config(
        verify_udp_checksum,
        accept_ipv6_zero_checksum,
        vxlan_ports,
        gpe_port,
    )?;
    let input = Input::new(frame, "frame")?;
    let r = input.with(|b| vx::decapsulate(b, &config).map(|d| DecapOwned::new(&d)));
    drop(input);
    r.map_err(|e| vxlan_error(py, e))?.into_py(frame)
}

/// A decapsulated VXLAN frame (see ``decapsulate``).
///
/// ``inner`` is a read-only ``memoryview`` into the frame that was decapsulated
/// (zero-copy), starting at ``inner_offset``.
#[pyclass(frozen, module = "mediafabric.vxlan", name = "Decapsulated")]
pub(crate) struct Decapsulated {
    d: DecapOwned,
    inner: Py<PyAny>,
}

#[pymethods]
impl Decapsulated {
    /// The VXLAN header.
    #[getter]
    fn header(&self) -> Header {
        Header(self.d.header)
    }

    /// The inner frame: a read-only memoryview of the input.
    #[getter]
    fn inner(&self, py: Python<'_>) -> Py<PyAny> {
        self.inner.clone_ref(py)
    }

    /// Offset of the inner frame in the input.
    #[getter]
    fn inner_offset(&self) -> usize {
        self.d.inner_offset
    }

    /// The outer IP source: the remote VTEP.
    #[getter]
    fn src_ip<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        ip_to_py(py, self.d.src_ip)
    }

    /// The outer IP destination.
    #[getter]
    fn dst_ip<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        ip_to_py(py, self.d.dst_ip)
    }

    /// The outer UDP source port.
    #[getter]
    fn src_port(&self) -> u16 {
        self.d.src_port
    }

    /// The outer UDP destination port.
    #[getter]
    fn dst_port(&self) -> u16 {
        self.d.dst_port
    }

    /// The outer UDP checksum as received (0 for none).
    #[getter]
    fn udp_checksum(&self) -> u16 {
        self.d.udp_checksum
    }

    /// The outer 802.1Q tag, or None.
    #[getter]
    fn vlan(&self) -> Option<VlanTag> {
        self.d.vlan.map(VlanTag)
    }

    /// The outer IPv4 TTL or IPv6 hop limit.
    #[getter]
    fn ttl(&self) -> u8 {
        self.d.ttl
    }

    /// The outer Ethernet source address.
    #[getter]
    fn outer_src_mac(&self) -> String {
        mac_str(&self.d.outer_src_mac)
    }

    /// The outer Ethernet destination address.
    #[getter]
    fn outer_dst_mac(&self) -> String {
        mac_str(&self.d.outer_dst_mac)
    }

    fn __repr__(&self) -> String {
        format!(
            "<Decapsulated {}:{} > {}:{} {} inner={} bytes at {}>",
            self.d.src_ip,
            self.d.src_port,
            self.d.dst_ip,
            self.d.dst_port,
            Header(self.d.header).__repr__(),
            self.d.inner_len,
            self.d.inner_offset
        )
    }
}

// ---------------------------------------------------------------------------------------
// Forwarding database and VTEP

/// One entry of a forwarding database.
#[pyclass(frozen, eq, module = "mediafabric.vxlan", name = "FdbEntry")]
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct FdbEntry(vx::Entry);

#[pymethods]
impl FdbEntry {
    /// The VNI.
    #[getter]
    fn vni(&self) -> u32 {
        self.0.vni.get()
    }

    /// The inner (tenant) MAC address.
    #[getter]
    fn mac(&self) -> String {
        mac_str(&self.0.mac)
    }

    /// The remote VTEP behind which the MAC lives.
    #[getter]
    fn remote<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        ip_to_py(py, self.0.remote)
    }

    /// ``"static"`` or ``"learned"``.
    #[getter]
    fn kind(&self) -> &'static str {
        match self.0.kind {
            vx::EntryKind::Static => "static",
            vx::EntryKind::Learned => "learned",
        }
    }

    /// When the entry was last added or refreshed, in the caller's seconds.
    #[getter]
    fn last_seen(&self) -> f64 {
        seconds(self.0.last_seen)
    }

    fn __repr__(&self) -> String {
        let family = match self.0.remote {
            IpAddr::V4(_) => "IPv4Address",
            IpAddr::V6(_) => "IPv6Address",
        };
        format!(
            "FdbEntry(vni={}, mac='{}', remote={family}('{}'), kind='{}', last_seen={:?})",
            self.0.vni.get(),
            mac_str(&self.0.mac),
            self.0.remote,
            self.kind(),
            seconds(self.0.last_seen)
        )
    }
}

fn learn_name(l: vx::Learn) -> &'static str {
    match l {
        vx::Learn::New => "new",
        vx::Learn::Refreshed => "refreshed",
        vx::Learn::Moved { .. } => "moved",
        vx::Learn::Static => "static",
        vx::Learn::TableFull => "table_full",
    }
}

fn ip_list<'py>(
    py: Python<'py>,
    ips: impl Iterator<Item = IpAddr>,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    ips.map(|ip| ip_to_py(py, ip)).collect()
}

/// A VXLAN forwarding database: (VNI, inner MAC) to remote VTEP, with learning,
/// ageing, static entries and per-VNI flood lists for head-end replication.
///
/// ``Fdb(max_entries=4096, ageing_time=300.0)``. Times (``now``, ``ageing_time``) are
/// float seconds since an epoch of the caller's choosing (use a monotonic clock such as
/// ``time.monotonic()``); the table never reads a clock. A negative, NaN or infinite
/// time is a ``ValueError``. MACs are ``"aa:bb:cc:dd:ee:ff"`` strings or 6 bytes,
/// remotes IP address strings or ``ipaddress`` objects. The flood list holds up to 1024
/// (VNI, remote) pairs in all.
#[pyclass(subclass, module = "mediafabric.vxlan", name = "Fdb")]
pub(crate) struct Fdb {
    vtep: InnerVtep,
}

#[pymethods]
impl Fdb {
    #[new]
    #[pyo3(
        signature = (max_entries = Int(4096), ageing_time = 300.0),
        text_signature = "(max_entries=4096, ageing_time=300.0)"
    )]
    fn new(max_entries: Int, ageing_time: f64) -> PyResult<Self> {
        let max = ranged(max_entries.0, "max_entries", 0, i64::from(u32::MAX))? as usize;
        let mut fdb = vx::GrowableFdb::growable(max);
        fdb.set_ageing_time(seconds_arg(ageing_time, "ageing_time")?);
        Ok(Fdb {
            vtep: InnerVtep::with_flood_list(fdb, vx::GrowableSet::with_max(FLOOD_CAPACITY)),
        })
    }

    /// Learns that ``mac`` on ``vni`` lives behind ``remote``, seen at ``now``.
    ///
    /// Returns what happened: ``"new"``, ``"refreshed"`` (same remote, age reset),
    /// ``"moved"`` (another remote), ``"static"`` (a static entry exists and was kept)
    /// or ``"table_full"`` (nothing learned).
    fn learn(
        &mut self,
        vni: &Bound<'_, PyAny>,
        mac: &Bound<'_, PyAny>,
        remote: &Bound<'_, PyAny>,
        now: f64,
    ) -> PyResult<&'static str> {
        let (vni, mac, remote) = (
            vni_arg(vni)?,
            mac_arg(mac, "mac")?,
            ip_arg(remote, "remote")?,
        );
        let now = seconds_arg(now, "now")?;
        Ok(learn_name(self.vtep.fdb.learn(vni, mac, remote, now)))
    }

    /// Adds or replaces a static entry (never aged, never replaced by learning).
    /// Raises ``ValueError`` when the table is full.
    #[pyo3(signature = (vni, mac, remote, now = 0.0))]
    fn add_static(
        &mut self,
        vni: &Bound<'_, PyAny>,
        mac: &Bound<'_, PyAny>,
        remote: &Bound<'_, PyAny>,
        now: f64,
    ) -> PyResult<()> {
        let (vni, mac, remote) = (
            vni_arg(vni)?,
            mac_arg(mac, "mac")?,
            ip_arg(remote, "remote")?,
        );
        let now = seconds_arg(now, "now")?;
        self.vtep
            .fdb
            .add_static(vni, mac, remote, now)
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// Removes the entry for ``(vni, mac)``; True if there was one.
    fn remove(&mut self, vni: &Bound<'_, PyAny>, mac: &Bound<'_, PyAny>) -> PyResult<bool> {
        let (vni, mac) = (vni_arg(vni)?, mac_arg(mac, "mac")?);
        Ok(self.vtep.fdb.remove(vni, &mac).is_some())
    }

    /// The remote VTEP for ``(vni, mac)``, or None.
    fn lookup<'py>(
        &self,
        py: Python<'py>,
        vni: &Bound<'py, PyAny>,
        mac: &Bound<'py, PyAny>,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let (vni, mac) = (vni_arg(vni)?, mac_arg(mac, "mac")?);
        self.vtep
            .fdb
            .remote_for(vni, &mac)
            .map(|ip| ip_to_py(py, ip))
            .transpose()
    }

    /// Removes every learned entry not refreshed for ``ageing_time`` before ``now``;
    /// returns how many.
    fn age(&mut self, now: f64) -> PyResult<usize> {
        Ok(self.vtep.age(seconds_arg(now, "now")?))
    }

    /// The earliest time at which ``age`` would remove something, or None.
    fn next_expiry(&self) -> Option<f64> {
        self.vtep.fdb.next_expiry().map(seconds)
    }

    /// Every entry, in no particular order.
    fn entries(&self) -> Vec<FdbEntry> {
        self.vtep.fdb.iter().map(|e| FdbEntry(*e)).collect()
    }

    fn __len__(&self) -> usize {
        self.vtep.fdb.len()
    }

    /// The most entries the table holds.
    #[getter]
    fn max_entries(&self) -> usize {
        self.vtep.fdb.capacity()
    }

    /// How long a learned entry lives without being refreshed, in seconds.
    #[getter]
    fn ageing_time(&self) -> f64 {
        seconds(self.vtep.fdb.ageing_time())
    }

    #[setter]
    fn set_ageing_time(&mut self, t: f64) -> PyResult<()> {
        self.vtep
            .fdb
            .set_ageing_time(seconds_arg(t, "ageing_time")?);
        Ok(())
    }

    /// Counters: ``learned``, ``moved``, ``table_full``, ``aged``.
    #[getter]
    fn counters<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        fdb_counters(py, &self.vtep)
    }

    /// Adds ``remote`` to the flood list of ``vni``; True if it was not there.
    /// Raises ``ValueError`` when the flood list is full.
    fn flood_add(&mut self, vni: &Bound<'_, PyAny>, remote: &Bound<'_, PyAny>) -> PyResult<bool> {
        let (vni, remote) = (vni_arg(vni)?, ip_arg(remote, "remote")?);
        self.vtep
            .add_flood(vni, remote)
            .map_err(|e| PyValueError::new_err(format!("flood list: {e}")))
    }

    /// Removes ``remote`` from the flood list of ``vni``; True if it was there.
    fn flood_remove(
        &mut self,
        vni: &Bound<'_, PyAny>,
        remote: &Bound<'_, PyAny>,
    ) -> PyResult<bool> {
        let (vni, remote) = (vni_arg(vni)?, ip_arg(remote, "remote")?);
        Ok(self.vtep.remove_flood(vni, remote))
    }

    /// The remotes on the flood list of ``vni``.
    fn flood_list<'py>(
        &self,
        py: Python<'py>,
        vni: &Bound<'py, PyAny>,
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let vni = vni_arg(vni)?;
        ip_list(py, self.vtep.flood_list(vni))
    }

    /// Where a frame to ``mac`` on ``vni`` goes: ``[remote]`` for a known unicast MAC,
    /// else every remote on the VNI's flood list (broadcast, multicast and unknown
    /// unicast are flooded).
    fn destinations<'py>(
        &self,
        py: Python<'py>,
        vni: &Bound<'py, PyAny>,
        mac: &Bound<'py, PyAny>,
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let (vni, mac) = (vni_arg(vni)?, mac_arg(mac, "mac")?);
        ip_list(py, self.vtep.destinations(vni, &mac).iter())
    }

    fn __repr__(&self) -> String {
        format!(
            "<mediafabric.vxlan.Fdb entries={} max_entries={} ageing_time={}>",
            self.vtep.fdb.len(),
            self.vtep.fdb.capacity(),
            seconds(self.vtep.fdb.ageing_time())
        )
    }
}

fn fdb_counters<'py>(py: Python<'py>, v: &InnerVtep) -> PyResult<Bound<'py, PyDict>> {
    let c = v.fdb.counters();
    let d = PyDict::new(py);
    d.set_item("learned", c.learned)?;
    d.set_item("moved", c.moved)?;
    d.set_item("table_full", c.table_full)?;
    d.set_item("aged", c.aged)?;
    Ok(d)
}

/// What ``Vtep.receive`` accepted: the decapsulated ``frame`` and what learning did
/// with its inner source MAC (``"new"``, ``"refreshed"``, ``"moved"``, ``"static"``,
/// ``"table_full"``, or None when nothing was learned: learning off, GBP D bit set, a
/// group source address, or a non-Ethernet inner frame).
#[pyclass(frozen, module = "mediafabric.vxlan", name = "Received")]
pub(crate) struct Received {
    frame: Py<Decapsulated>,
    learned: Option<&'static str>,
}

#[pymethods]
impl Received {
    /// The decapsulated frame.
    #[getter]
    fn frame(&self, py: Python<'_>) -> Py<Decapsulated> {
        self.frame.clone_ref(py)
    }

    /// What learning did, or None.
    #[getter]
    fn learned(&self) -> Option<&'static str> {
        self.learned
    }

    fn __repr__(&self) -> String {
        format!(
            "<Received {} learned={}>",
            self.frame.get().__repr__(),
            self.learned.map_or("None".into(), |l| format!("{l:?}"))
        )
    }
}

/// A sans-IO VXLAN tunnel end point: a forwarding database (``Fdb``) plus
/// decapsulation with allow-lists, learning and counters.
///
/// ``receive(frame, now)`` decapsulates an outer frame, checks the allow-lists and
/// learns the inner source MAC behind the sending VTEP. The decapsulation settings are
/// those of ``decapsulate``. ``allowed_vnis`` and ``allowed_remotes`` are None (accept
/// any) or a frozenset; assign an iterable (up to 256 items) or None, or add one with
/// ``allow_vni``/``allow_remote``.
#[pyclass(extends = Fdb, module = "mediafabric.vxlan", name = "Vtep")]
pub(crate) struct Vtep {}

fn allow_list<'py, T: Copy + PartialEq, const N: usize>(
    py: Python<'py>,
    l: &vx::AllowList<vx::FixedSet<T, N>>,
    conv: impl Fn(Python<'py>, T) -> PyResult<Bound<'py, PyAny>>,
) -> PyResult<Option<Bound<'py, PyFrozenSet>>> {
    match l {
        vx::AllowList::Any => Ok(None),
        vx::AllowList::Only(s) => {
            let items = s
                .values()
                .map(|v| conv(py, v))
                .collect::<PyResult<Vec<_>>>()?;
            Ok(Some(PyFrozenSet::new(py, &items)?))
        }
    }
}

fn allow_list_from<T: Copy + PartialEq, const N: usize>(
    items: Option<&Bound<'_, PyAny>>,
    what: &str,
    conv: impl Fn(&Bound<'_, PyAny>) -> PyResult<T>,
) -> PyResult<vx::AllowList<vx::FixedSet<T, N>>> {
    let Some(items) = items else {
        return Ok(vx::AllowList::Any);
    };
    if items.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{what}: an iterable or None is required, not 'str'"
        )));
    }
    let mut set = vx::FixedSet::<T, N>::default();
    for item in items.try_iter()? {
        set.insert(conv(&item?)?)
            .map_err(|e| PyValueError::new_err(format!("{what}: {e}")))?;
    }
    Ok(vx::AllowList::Only(set))
}

#[pymethods]
impl Vtep {
    #[new]
    #[pyo3(
        signature = (max_entries = Int(4096), ageing_time = 300.0, *, learning = true,
                     verify_udp_checksum = false, accept_ipv6_zero_checksum = false,
                     vxlan_ports = None, gpe_port = OptInt(Some(4790))),
        text_signature = "(max_entries=4096, ageing_time=300.0, *, learning=True, verify_udp_checksum=False, accept_ipv6_zero_checksum=False, vxlan_ports=(4789, 8472), gpe_port=4790)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn new(
        max_entries: Int,
        ageing_time: f64,
        learning: bool,
        verify_udp_checksum: bool,
        accept_ipv6_zero_checksum: bool,
        vxlan_ports: Option<&Bound<'_, PyAny>>,
        gpe_port: OptInt,
    ) -> PyResult<PyClassInitializer<Self>> {
        let mut fdb = Fdb::new(max_entries, ageing_time)?;
        fdb.vtep.config = decap_config(
            verify_udp_checksum,
            accept_ipv6_zero_checksum,
            vxlan_ports,
            gpe_port,
        )?;
        fdb.vtep.learning = learning;
        Ok(PyClassInitializer::from(fdb).add_subclass(Vtep {}))
    }

    /// Takes a received outer frame at time ``now``: decapsulates it, checks the
    /// allow-lists and learns the inner source MAC; returns a ``Received``.
    ///
    /// Raises ``ParseError`` for a malformed frame and ``RejectedError`` for a VNI or
    /// remote not on its allow-list; rejected frames are counted and never learned
    /// from.
    fn receive(
        mut slf: PyRefMut<'_, Self>,
        frame: &Bound<'_, PyAny>,
        now: f64,
    ) -> PyResult<Received> {
        let py = frame.py();
        let now = seconds_arg(now, "now")?;
        let input = Input::new(frame, "frame")?;
        let fdb = slf.as_super();
        let r = input.with(|b| {
            fdb.vtep
                .receive(b, now)
                .map(|r| (DecapOwned::new(&r.frame), r.learned))
        });
        drop(input);
        match r {
            Ok((d, learned)) => Ok(Received {
                frame: Py::new(py, d.into_py(frame)?)?,
                learned: learned.map(learn_name),
            }),
            Err(vx::RxError::Malformed(e)) => Err(vxlan_error(py, e)),
            Err(vx::RxError::VniNotAllowed(v)) => Err(rejected_error(
                py,
                "vni_not_allowed",
                v.get().into_pyobject(py)?.into_any(),
            )),
            Err(vx::RxError::RemoteNotAllowed(ip)) => {
                Err(rejected_error(py, "remote_not_allowed", ip_to_py(py, ip)?))
            }
            Err(other) => Err(PyValueError::new_err(other.to_string())),
        }
    }

    /// Whether inner source MACs are learned.
    #[getter]
    fn learning(mut slf: PyRefMut<'_, Self>) -> bool {
        slf.as_super().vtep.learning
    }

    #[setter]
    fn set_learning(mut slf: PyRefMut<'_, Self>, on: bool) {
        slf.as_super().vtep.learning = on;
    }

    /// The VNIs accepted on receive, or None for any.
    #[getter]
    fn allowed_vnis<'py>(
        mut slf: PyRefMut<'py, Self>,
        py: Python<'py>,
    ) -> PyResult<Option<Bound<'py, PyFrozenSet>>> {
        allow_list(py, &slf.as_super().vtep.allowed_vnis, |py, v: vx::Vni| {
            Ok(v.get().into_pyobject(py)?.into_any())
        })
    }

    #[setter]
    fn set_allowed_vnis(
        mut slf: PyRefMut<'_, Self>,
        vnis: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        slf.as_super().vtep.allowed_vnis = allow_list_from(vnis, "allowed_vnis", vni_arg)?;
        Ok(())
    }

    /// The remote VTEPs accepted on receive, or None for any.
    #[getter]
    fn allowed_remotes<'py>(
        mut slf: PyRefMut<'py, Self>,
        py: Python<'py>,
    ) -> PyResult<Option<Bound<'py, PyFrozenSet>>> {
        allow_list(py, &slf.as_super().vtep.allowed_remotes, ip_to_py)
    }

    #[setter]
    fn set_allowed_remotes(
        mut slf: PyRefMut<'_, Self>,
        remotes: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        slf.as_super().vtep.allowed_remotes =
            allow_list_from(remotes, "allowed_remotes", |o| ip_arg(o, "remote"))?;
        Ok(())
    }

    /// Accepts ``vni`` on receive (restricting a VTEP that accepted any VNI to it).
    fn allow_vni(mut slf: PyRefMut<'_, Self>, vni: &Bound<'_, PyAny>) -> PyResult<()> {
        let vni = vni_arg(vni)?;
        slf.as_super()
            .vtep
            .allowed_vnis
            .allow(vni)
            .map_err(|e| PyValueError::new_err(format!("allowed_vnis: {e}")))
    }

    /// Accepts ``remote`` on receive (restricting a VTEP that accepted any remote to
    /// it).
    fn allow_remote(mut slf: PyRefMut<'_, Self>, remote: &Bound<'_, PyAny>) -> PyResult<()> {
        let remote = ip_arg(remote, "remote")?;
        slf.as_super()
            .vtep
            .allowed_remotes
            .allow(remote)
            .map_err(|e| PyValueError::new_err(format!("allowed_remotes: {e}")))
    }

    /// Counters: those of ``Fdb`` plus ``rx_accepted``, ``rx_malformed``,
    /// ``rx_vni_rejected``, ``rx_remote_rejected``, ``rx_dont_learn``.
    #[getter]
    fn counters<'py>(
        mut slf: PyRefMut<'py, Self>,
        py: Python<'py>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let v = &slf.as_super().vtep;
        let d = fdb_counters(py, v)?;
        let c = v.counters();
        d.set_item("rx_accepted", c.rx_accepted)?;
        d.set_item("rx_malformed", c.rx_malformed)?;
        d.set_item("rx_vni_rejected", c.rx_vni_rejected)?;
        d.set_item("rx_remote_rejected", c.rx_remote_rejected)?;
        d.set_item("rx_dont_learn", c.rx_dont_learn)?;
        Ok(d)
    }

    fn __repr__(mut slf: PyRefMut<'_, Self>) -> String {
        let v = &slf.as_super().vtep;
        format!(
            "<mediafabric.vxlan.Vtep entries={} max_entries={} learning={}>",
            v.fdb.len(),
            v.fdb.capacity(),
            bool_repr(v.learning)
        )
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<GroupPolicy>()?;
    m.add_class::<Gpe>()?;
    m.add_class::<VlanTag>()?;
    m.add_class::<Header>()?;
    m.add_class::<Decapsulated>()?;
    m.add_class::<FdbEntry>()?;
    m.add_class::<Fdb>()?;
    m.add_class::<Received>()?;
    m.add_class::<Vtep>()?;
    m.add_function(wrap_pyfunction!(encapsulate, m)?)?;
    m.add_function(wrap_pyfunction!(decapsulate, m)?)?;
    m.add("VXLAN_PORT", vx::PORT)?;
    m.add("GPE_PORT", vx::GPE_PORT)?;
    m.add("LINUX_LEGACY_PORT", vx::LINUX_LEGACY_PORT)?;
    m.add("HEADER_LEN", vx::HEADER_LEN)?;
    m.add("VNI_MAX", vx::Vni::MAX)?;
    Ok(())
}
