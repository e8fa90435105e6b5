//! `mediafabric.igmp` and `mediafabric.mld`: the IGMP (v1, v2, v3) and MLD (v1, v2)
//! wire formats of `mediafabric-igmp` as Python types.
//!
//! Every class holds owned copies of the message's fields and converts to the crate's
//! borrowed `Message` to emit or frame; parsing, emitting, framing, checksums and the
//! Max Resp Code / QQIC codes are the crate's (`mediafabric_igmp::wire`). The classes
//! live in the private submodules `mediafabric._native._igmp` and `_mld` and carry the
//! public module name as their `__module__`.
//!
//! Bad input bytes raise `mediafabric.ParseError` with layer `"igmp"`, `"mld"`,
//! `"ipv4"` or `"ipv6"` and the offset from the start of the buffer handed in; values
//! that do not fit their field raise `ValueError`, values of the wrong type
//! `TypeError`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use mediafabric_igmp::Error as IgmpError;
use mediafabric_igmp::router::Timers;
use mediafabric_igmp::wire::records::{AddrList, GroupRecord as WireRecord, RecordType, Records};
use mediafabric_igmp::wire::{codec, frame, igmp as wi, mld as wm};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyString, PyTuple};

use crate::buf::Input;
use crate::convert::{int_in, ip_arg, mac_arg};
use crate::errors::parse_error;

// ---------------------------------------------------------------------------------------
// Errors

/// The reason text of a crate error, without the offset (which `ParseError` carries).
fn reason(e: &IgmpError) -> String {
    match e {
        IgmpError::Truncated {
            what,
            needed,
            available,
            ..
        } => format!("{what} truncated: need {needed} bytes, have {available}"),
        IgmpError::Invalid {
            field,
            expected,
            found,
            ..
        } => format!("invalid {field}: expected {expected}, found {found} ({found:#x})"),
        IgmpError::Checksum {
            found, computed, ..
        } => format!("bad checksum: message says {found:#06x}, data gives {computed:#06x}"),
        other => other.to_string(),
    }
}

/// A crate error about input bytes in `layer` as a `ParseError` at `base` + its
/// offset; one about values (output, out of range) as a `ValueError`.
fn wire_error(py: Python<'_>, e: IgmpError, layer: &str, base: usize) -> PyErr {
    match e.offset() {
        Some(offset) => parse_error(py, layer, base + offset, &reason(&e)),
        None => PyValueError::new_err(e.to_string()),
    }
}

/// An error of `read_ipv4_igmp` / `read_ipv6_mld`, in the IP layer it names.
fn packet_error(py: Python<'_>, e: IgmpError, ip_layer: &str) -> PyErr {
    wire_error(py, e, ip_layer, 0)
}

fn build_error(e: IgmpError) -> PyErr {
    PyValueError::new_err(e.to_string())
}

fn type_name(o: &Bound<'_, PyAny>) -> String {
    o.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

// ---------------------------------------------------------------------------------------
// Arguments

/// An address of one family from Python.
trait Family: mediafabric_igmp::wire::WireAddr + Eq + std::hash::Hash + Send + Sync {
    const NAME: &'static str;
    fn from_ip(ip: IpAddr) -> Option<Self>;
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>>;
}

impl Family for Ipv4Addr {
    const NAME: &'static str = "an IPv4 address";
    fn from_ip(ip: IpAddr) -> Option<Self> {
        match ip {
            IpAddr::V4(a) => Some(a),
            IpAddr::V6(_) => None,
        }
    }
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.into_pyobject(py)?.into_any())
    }
}

impl Family for Ipv6Addr {
    const NAME: &'static str = "an IPv6 address";
    fn from_ip(ip: IpAddr) -> Option<Self> {
        match ip {
            IpAddr::V6(a) => Some(a),
            IpAddr::V4(_) => None,
        }
    }
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.into_pyobject(py)?.into_any())
    }
}

fn addr<A: Family>(o: &Bound<'_, PyAny>, what: &str) -> PyResult<A> {
    let ip = ip_arg(o, what)?;
    A::from_ip(ip)
        .ok_or_else(|| PyValueError::new_err(format!("{what}: {} is required, got {ip}", A::NAME)))
}

fn opt_addr<A: Family>(o: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Option<A>> {
    match o {
        Some(o) if !o.is_none() => addr(o, what).map(Some),
        _ => Ok(None),
    }
}

fn addrs<A: Family>(o: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<A>> {
    if o.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{what}: an iterable of addresses is required, not 'str'"
        )));
    }
    let it = o.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "{what}: an iterable of addresses is required, not '{}'",
            type_name(o)
        ))
    })?;
    it.map(|x| addr(&x?, what)).collect()
}

fn addr_tuple<'py, A: Family>(py: Python<'py>, a: &[A]) -> PyResult<Bound<'py, PyTuple>> {
    let items = a
        .iter()
        .map(|x| x.to_py(py))
        .collect::<PyResult<Vec<_>>>()?;
    PyTuple::new(py, items)
}

fn u8_arg(o: &Bound<'_, PyAny>, what: &str) -> PyResult<u8> {
    Ok(int_in(o, what, 0, 255)? as u8)
}

fn u16_arg(o: &Bound<'_, PyAny>, what: &str) -> PyResult<u16> {
    Ok(int_in(o, what, 0, i64::from(u16::MAX))? as u16)
}

fn bool_arg(o: &Bound<'_, PyAny>, what: &str) -> PyResult<bool> {
    if let Ok(b) = o.cast::<pyo3::types::PyBool>() {
        return Ok(b.is_true());
    }
    Err(PyTypeError::new_err(format!(
        "{what}: a bool is required, not '{}'",
        type_name(o)
    )))
}

/// `o` unless it is missing or `None`.
fn given<'a, 'py>(o: Option<&'a Bound<'py, PyAny>>) -> Option<&'a Bound<'py, PyAny>> {
    o.filter(|o| !o.is_none())
}

/// A Record Type as the `RecordType` IntEnum member, or a plain int when unknown.
fn record_type_py<'py>(py: Python<'py>, v: u8) -> PyResult<Bound<'py, PyAny>> {
    static ENUM: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    if RecordType::from_u8(v).name().is_none() {
        return Ok(v.into_pyobject(py)?.into_any());
    }
    let e = ENUM.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
        Ok(py
            .import("mediafabric.igmp")?
            .getattr("RecordType")?
            .unbind())
    })?;
    e.bind(py).call1((v,))
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

// ---------------------------------------------------------------------------------------
// Group records (one class per family)

/// An owned group record of either family.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Rec<A> {
    record_type: u8,
    group: A,
    sources: Vec<A>,
    aux_data: Vec<u8>,
}

impl<A: Family> Rec<A> {
    fn from_wire(r: &WireRecord<'_, A>) -> Self {
        Rec {
            record_type: r.record_type.to_u8(),
            group: r.group,
            sources: r.sources.iter().collect(),
            aux_data: r.aux_data.to_vec(),
        }
    }

    fn lend(&self) -> WireRecord<'_, A> {
        WireRecord {
            record_type: RecordType::from_u8(self.record_type),
            group: self.group,
            sources: AddrList::Addrs(&self.sources),
            aux_data: &self.aux_data,
        }
    }

    fn new(
        record_type: &Bound<'_, PyAny>,
        group: &Bound<'_, PyAny>,
        sources: Option<&Bound<'_, PyAny>>,
        aux_data: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let aux_data = match given(aux_data) {
            Some(o) => Input::new(o, "aux_data")?.with(<[u8]>::to_vec),
            None => Vec::new(),
        };
        if aux_data.len() % 4 != 0 || aux_data.len() > 1020 {
            return Err(PyValueError::new_err(format!(
                "aux_data: a multiple of 4 bytes, at most 1020, is required (Aux Data Len \
                 counts 32-bit words), got {} bytes",
                aux_data.len()
            )));
        }
        let sources = match given(sources) {
            Some(o) => addrs(o, "sources")?,
            None => Vec::new(),
        };
        if sources.len() > usize::from(u16::MAX) {
            return Err(PyValueError::new_err(format!(
                "sources: at most 65535 (Number of Sources), got {}",
                sources.len()
            )));
        }
        Ok(Rec {
            record_type: u8_arg(record_type, "record_type")?,
            group: addr(group, "group")?,
            sources,
            aux_data,
        })
    }

    fn repr(&self, py: Python<'_>) -> PyResult<String> {
        let rt = record_type_py(py, self.record_type)?.repr()?.to_string();
        let srcs: Vec<String> = self.sources.iter().map(|s| format!("'{s:?}'")).collect();
        let mut s = format!(
            "GroupRecord({rt}, '{:?}', sources=[{}]",
            self.group,
            srcs.join(", ")
        );
        if !self.aux_data.is_empty() {
            s.push_str(&format!(
                ", aux_data=bytes.fromhex('{}')",
                hex(&self.aux_data)
            ));
        }
        s.push(')');
        Ok(s)
    }
}

macro_rules! record_class {
    ($name:ident, $module:literal, $a:ty, $doc:literal) => {
        #[doc = $doc]
        #[pyclass(frozen, eq, hash, module = $module, name = "GroupRecord")]
        #[derive(Clone, PartialEq, Eq, Hash)]
        struct $name(Rec<$a>);

        #[pymethods]
        impl $name {
            #[new]
            #[pyo3(signature = (record_type, group, sources = None, aux_data = None))]
            fn new(
                record_type: &Bound<'_, PyAny>,
                group: &Bound<'_, PyAny>,
                sources: Option<&Bound<'_, PyAny>>,
                aux_data: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Self> {
                Rec::new(record_type, group, sources, aux_data).map($name)
            }

            /// Record Type: a `RecordType` member, or an int for an unknown type (which a
            /// receiver ignores).
            #[getter]
            fn record_type<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                record_type_py(py, self.0.record_type)
            }

            /// Multicast Address.
            #[getter]
            fn group<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                self.0.group.to_py(py)
            }

            /// Source Addresses, in wire order.
            #[getter]
            fn sources<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
                addr_tuple(py, &self.0.sources)
            }

            /// Auxiliary Data, as it came.
            #[getter]
            fn aux_data<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
                PyBytes::new(py, &self.0.aux_data)
            }

            fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                self.0.repr(py)
            }

            fn __getnewargs__<'py>(
                &self,
                py: Python<'py>,
            ) -> PyResult<(
                u8,
                Bound<'py, PyAny>,
                Bound<'py, PyTuple>,
                Bound<'py, PyBytes>,
            )> {
                Ok((
                    self.0.record_type,
                    self.group(py)?,
                    self.sources(py)?,
                    self.aux_data(py),
                ))
            }
        }
    };
}

record_class!(
    IgmpGroupRecord,
    "mediafabric.igmp",
    Ipv4Addr,
    "An IGMPv3 group record (RFC 9776 §4.2.4): ``GroupRecord(record_type, group, \
     sources=(), aux_data=b\"\")``."
);
record_class!(
    MldGroupRecord,
    "mediafabric.mld",
    Ipv6Addr,
    "An MLDv2 multicast address record (RFC 9777 §5.2.4): ``GroupRecord(record_type, \
     group, sources=(), aux_data=b\"\")``."
);

fn records_arg<'py, A>(
    o: Option<&Bound<'py, PyAny>>,
    extract: impl Fn(&Bound<'py, PyAny>) -> Option<Rec<A>>,
) -> PyResult<Vec<Rec<A>>> {
    let Some(o) = given(o) else {
        return Ok(Vec::new());
    };
    let it = o.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "records: an iterable of GroupRecord is required, not '{}'",
            type_name(o)
        ))
    })?;
    let mut out = Vec::new();
    for x in it {
        let x = x?;
        let r = extract(&x).ok_or_else(|| {
            PyTypeError::new_err(format!(
                "records: GroupRecord objects of this module are required, not '{}'",
                type_name(&x)
            ))
        })?;
        out.push(r);
    }
    if out.len() > usize::from(u16::MAX) {
        return Err(PyValueError::new_err(format!(
            "records: at most 65535, got {}",
            out.len()
        )));
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// IGMP messages

/// An owned IGMP message.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Igmp {
    Query {
        version: u8,
        max_resp_code: u8,
        group: Ipv4Addr,
        s_flag: bool,
        qrv: u8,
        qqic: u8,
        sources: Vec<Ipv4Addr>,
    },
    V1Report(Ipv4Addr),
    V2Report(Ipv4Addr),
    V2Leave(Ipv4Addr),
    V3Report(Vec<Rec<Ipv4Addr>>),
    Unknown {
        msg_type: u8,
        rest: Vec<u8>,
    },
}

impl Igmp {
    fn from_wire(m: &wi::Message<'_>) -> Igmp {
        match *m {
            wi::Message::QueryV1 { group } => Igmp::Query {
                version: 1,
                max_resp_code: 0,
                group,
                s_flag: false,
                qrv: 0,
                qqic: 0,
                sources: Vec::new(),
            },
            wi::Message::QueryV2 {
                max_resp_time,
                group,
            } => Igmp::Query {
                version: 2,
                max_resp_code: max_resp_time,
                group,
                s_flag: false,
                qrv: 0,
                qqic: 0,
                sources: Vec::new(),
            },
            wi::Message::QueryV3 {
                max_resp_code,
                group,
                s_flag,
                qrv,
                qqic,
                ref sources,
            } => Igmp::Query {
                version: 3,
                max_resp_code,
                group,
                s_flag,
                qrv,
                qqic,
                sources: sources.iter().collect(),
            },
            wi::Message::ReportV1 { group } => Igmp::V1Report(group),
            wi::Message::ReportV2 { group } => Igmp::V2Report(group),
            wi::Message::LeaveV2 { group } => Igmp::V2Leave(group),
            wi::Message::ReportV3 { ref records } => {
                Igmp::V3Report(records.iter().map(|r| Rec::from_wire(&r)).collect())
            }
            wi::Message::Other { msg_type, rest } => Igmp::Unknown {
                msg_type,
                rest: rest.to_vec(),
            },
        }
    }

    /// Runs `f` on the crate's form of the message.
    fn with<R>(&self, f: impl FnOnce(&wi::Message<'_>) -> R) -> R {
        match self {
            Igmp::Query {
                version: 1, group, ..
            } => f(&wi::Message::QueryV1 { group: *group }),
            Igmp::Query {
                version: 2,
                max_resp_code,
                group,
                ..
            } => f(&wi::Message::QueryV2 {
                max_resp_time: *max_resp_code,
                group: *group,
            }),
            Igmp::Query {
                max_resp_code,
                group,
                s_flag,
                qrv,
                qqic,
                sources,
                ..
            } => f(&wi::Message::QueryV3 {
                max_resp_code: *max_resp_code,
                group: *group,
                s_flag: *s_flag,
                qrv: *qrv,
                qqic: *qqic,
                sources: AddrList::Addrs(sources),
            }),
            Igmp::V1Report(group) => f(&wi::Message::ReportV1 { group: *group }),
            Igmp::V2Report(group) => f(&wi::Message::ReportV2 { group: *group }),
            Igmp::V2Leave(group) => f(&wi::Message::LeaveV2 { group: *group }),
            Igmp::V3Report(recs) => {
                let lent: Vec<_> = recs.iter().map(Rec::lend).collect();
                f(&wi::Message::ReportV3 {
                    records: Records::Given(&lent),
                })
            }
            Igmp::Unknown { msg_type, rest } => f(&wi::Message::Other {
                msg_type: *msg_type,
                rest,
            }),
        }
    }

    fn to_bytes(&self) -> PyResult<Vec<u8>> {
        self.with(|m| {
            let mut out = vec![0u8; m.buffer_len()];
            m.emit(&mut out).map_err(build_error)?;
            Ok(out)
        })
    }

    fn frame(
        &self,
        src_mac: &Bound<'_, PyAny>,
        src_ip: &Bound<'_, PyAny>,
        dst: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<u8>> {
        let mac = mac_arg(src_mac, "src_mac")?;
        let src: Ipv4Addr = addr(src_ip, "src_ip")?;
        let dst: Option<Ipv4Addr> = opt_addr(dst, "dst")?;
        self.with(|m| {
            let mut out = vec![0u8; 38 + m.buffer_len()];
            let n = frame::frame_igmp(m, mac, src, dst, &mut out).map_err(build_error)?;
            out.truncate(n);
            Ok(out)
        })
    }

    fn into_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        Ok(match self {
            q @ Igmp::Query { .. } => Bound::new(py, Query(q))?.into_any(),
            r @ Igmp::V1Report(_) => Bound::new(py, V1Report(r))?.into_any(),
            r @ Igmp::V2Report(_) => Bound::new(py, V2Report(r))?.into_any(),
            r @ Igmp::V2Leave(_) => Bound::new(py, V2Leave(r))?.into_any(),
            r @ Igmp::V3Report(_) => Bound::new(py, V3Report(r))?.into_any(),
            u @ Igmp::Unknown { .. } => Bound::new(py, UnknownMessage(u))?.into_any(),
        })
    }

    fn repr(&self, py: Python<'_>) -> PyResult<String> {
        Ok(match self {
            Igmp::Query {
                version,
                max_resp_code,
                group,
                s_flag,
                qrv,
                qqic,
                sources,
            } => {
                let srcs: Vec<String> = sources.iter().map(|s| format!("'{s}'")).collect();
                format!(
                    "Query('{group}', version={version}, max_resp_code={max_resp_code}, \
                     s_flag={}, qrv={qrv}, qqic={qqic}, sources=[{}])",
                    if *s_flag { "True" } else { "False" },
                    srcs.join(", ")
                )
            }
            Igmp::V1Report(g) => format!("V1Report('{g}')"),
            Igmp::V2Report(g) => format!("V2Report('{g}')"),
            Igmp::V2Leave(g) => format!("V2Leave('{g}')"),
            Igmp::V3Report(recs) => {
                let r = recs
                    .iter()
                    .map(|r| r.repr(py))
                    .collect::<PyResult<Vec<_>>>()?;
                format!("V3Report([{}])", r.join(", "))
            }
            Igmp::Unknown { msg_type, rest } => format!(
                "UnknownMessage({msg_type:#04x}, bytes.fromhex('{}'))",
                hex(rest)
            ),
        })
    }
}

/// The `#[pymethods]` of a IGMP message class: its own, then those every one has.
macro_rules! igmp_methods {
    ($name:ident { $($extra:tt)* }) => {
        #[pymethods]
        impl $name {
        $($extra)*
        /// The message on the wire, with its checksum.
        fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
            Ok(PyBytes::new(py, &self.0.to_bytes()?))
        }

        /// A whole Ethernet frame carrying the message: IPv4 with TTL 1 and Router Alert
        /// (RFC 9776 §4), from ``src_ip``, to ``dst`` or the RFC destination.
        #[pyo3(signature = (src_mac, src_ip, dst = None))]
        fn frame<'py>(
            &self,
            py: Python<'py>,
            src_mac: &Bound<'py, PyAny>,
            src_ip: &Bound<'py, PyAny>,
            dst: Option<&Bound<'py, PyAny>>,
        ) -> PyResult<Bound<'py, PyBytes>> {
            Ok(PyBytes::new(py, &self.0.frame(src_mac, src_ip, dst)?))
        }

        /// The IP destination the RFCs give for the message.
        #[getter]
        fn destination(&self) -> Ipv4Addr {
            self.0.with(|m| m.destination())
        }

        /// Type (octet 0).
        #[getter]
        fn msg_type(&self) -> u8 {
            self.0.with(|m| m.msg_type())
        }

        /// The IGMP version the message belongs to (0 for an unknown type).
        #[getter]
        fn version(&self) -> u8 {
            self.0.with(|m| m.version())
        }

        fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
            self.0.repr(py)
        }

        fn __reduce__<'py>(
            slf: &Bound<'py, Self>,
        ) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyBytes>,))> {
            let py = slf.py();
            let parse = py.import("mediafabric.igmp")?.getattr("parse")?;
            Ok((parse, (slf.get().to_bytes(py)?,)))
        }
        }
    };
}

/// An IGMP Membership Query of any version (RFC 1112, RFC 2236 §2, RFC 9776 §4.1).
#[pyclass(frozen, eq, hash, module = "mediafabric.igmp")]
#[derive(Clone, PartialEq, Eq, Hash)]
struct Query(Igmp);

igmp_methods! {
Query {
    #[new]
    #[pyo3(signature = (group = None, *, version = None, max_resp_code = None, s_flag = None, qrv = None, qqic = None, sources = None))]
    fn new(
        group: Option<&Bound<'_, PyAny>>,
        version: Option<&Bound<'_, PyAny>>,
        max_resp_code: Option<&Bound<'_, PyAny>>,
        s_flag: Option<&Bound<'_, PyAny>>,
        qrv: Option<&Bound<'_, PyAny>>,
        qqic: Option<&Bound<'_, PyAny>>,
        sources: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let version = given(version).map_or(Ok(3), |o| int_in(o, "version", 1, 3))? as u8;
        let group = opt_addr(group, "group")?.unwrap_or(Ipv4Addr::UNSPECIFIED);
        let t = Timers::default();
        let qri_ds = (t.query_response_interval.as_millis() / 100) as u32;
        if version < 3 {
            for (o, what) in [(s_flag, "s_flag"), (qrv, "qrv"), (qqic, "qqic"), (sources, "sources")] {
                if given(o).is_some() {
                    return Err(PyValueError::new_err(format!(
                        "{what}: only IGMPv3 queries have it (version={version})"
                    )));
                }
            }
        }
        let max_resp_code = match (version, given(max_resp_code)) {
            (1, None) => 0,
            (1, Some(o)) => match u8_arg(o, "max_resp_code")? {
                0 => 0,
                v => {
                    return Err(PyValueError::new_err(format!(
                        "max_resp_code: an IGMPv1 query has 0 (RFC 9776 §7.1), got {v}"
                    )));
                }
            },
            (2, None) => qri_ds.min(255) as u8,
            (2, Some(o)) => match u8_arg(o, "max_resp_code")? {
                0 => {
                    return Err(PyValueError::new_err(
                        "max_resp_code: an IGMPv2 query has a non-zero Max Resp Time (a zero \
                         one reads as IGMPv1)",
                    ));
                }
                v => v,
            },
            (_, None) => codec::encode_code8(qri_ds),
            (_, Some(o)) => u8_arg(o, "max_resp_code")?,
        };
        Ok(Query(Igmp::Query {
            version,
            max_resp_code,
            group,
            s_flag: given(s_flag).map_or(Ok(false), |o| bool_arg(o, "s_flag"))?,
            qrv: match given(qrv) {
                Some(o) => int_in(o, "qrv", 0, 7)? as u8,
                None if version == 3 => t.robustness.min(7) as u8,
                None => 0,
            },
            qqic: match given(qqic) {
                Some(o) => u8_arg(o, "qqic")?,
                None if version == 3 => codec::encode_code8(t.query_interval.as_secs() as u32),
                None => 0,
            },
            sources: match given(sources) {
                Some(o) => {
                    let s = addrs(o, "sources")?;
                    if s.len() > usize::from(u16::MAX) {
                        return Err(PyValueError::new_err(format!(
                            "sources: at most 65535, got {}",
                            s.len()
                        )));
                    }
                    s
                }
                None => Vec::new(),
            },
        }))
    }

    /// Group Address (``0.0.0.0`` for a general query).
    #[getter]
    fn group(&self) -> Ipv4Addr {
        match &self.0 {
            Igmp::Query { group, .. } => *group,
            _ => Ipv4Addr::UNSPECIFIED,
        }
    }

    /// Octet 1: IGMPv2 Max Resp Time (1/10 s) or IGMPv3 Max Resp Code; 0 in IGMPv1.
    #[getter]
    fn max_resp_code(&self) -> u8 {
        match &self.0 {
            Igmp::Query { max_resp_code, .. } => *max_resp_code,
            _ => 0,
        }
    }

    /// The maximum response time in tenths of a second (decoded; 100 for IGMPv1).
    #[getter]
    fn max_resp_time(&self) -> u32 {
        self.0.with(|m| m.max_resp_time())
    }

    /// S flag (Suppress Router-Side Processing, RFC 9776 §4.1.5).
    #[getter]
    fn s_flag(&self) -> bool {
        matches!(&self.0, Igmp::Query { s_flag: true, .. })
    }

    /// QRV (Querier's Robustness Variable, RFC 9776 §4.1.6).
    #[getter]
    fn qrv(&self) -> u8 {
        match &self.0 {
            Igmp::Query { qrv, .. } => *qrv,
            _ => 0,
        }
    }

    /// QQIC (Querier's Query Interval Code, RFC 9776 §4.1.7).
    #[getter]
    fn qqic(&self) -> u8 {
        match &self.0 {
            Igmp::Query { qqic, .. } => *qqic,
            _ => 0,
        }
    }

    /// The Querier's Query Interval in seconds (decoded QQIC).
    #[getter]
    fn qqi(&self) -> u32 {
        codec::decode_code8(self.qqic())
    }

    /// Source Addresses.
    #[getter]
    fn sources<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        match &self.0 {
            Igmp::Query { sources, .. } => addr_tuple(py, sources),
            _ => Ok(PyTuple::empty(py)),
        }
    }

    /// Whether it is a general query (group 0.0.0.0).
    #[getter]
    fn is_general(&self) -> bool {
        self.group().is_unspecified()
    }

}
}

macro_rules! igmp_group_message {
    ($name:ident, $variant:ident, $doc:literal) => {
        #[doc = $doc]
        #[pyclass(frozen, eq, hash, module = "mediafabric.igmp")]
        #[derive(Clone, PartialEq, Eq, Hash)]
        struct $name(Igmp);

        igmp_methods! {
        $name {
            #[new]
            fn new(group: &Bound<'_, PyAny>) -> PyResult<Self> {
                Ok($name(Igmp::$variant(addr(group, "group")?)))
            }

            /// Group Address.
            #[getter]
            fn group(&self) -> Ipv4Addr {
                match &self.0 {
                    Igmp::$variant(g) => *g,
                    _ => Ipv4Addr::UNSPECIFIED,
                }
            }

        }
        }
    };
}

igmp_group_message!(
    V1Report,
    V1Report,
    "IGMPv1 Membership Report (RFC 1112 Appendix I): ``V1Report(group)``."
);
igmp_group_message!(
    V2Report,
    V2Report,
    "IGMPv2 Membership Report (RFC 2236 §2): ``V2Report(group)``."
);
igmp_group_message!(
    V2Leave,
    V2Leave,
    "IGMPv2 Leave Group (RFC 2236 §2): ``V2Leave(group)``; sent to 224.0.0.2."
);

/// IGMPv3 Membership Report (RFC 9776 §4.2): ``V3Report(records)``.
#[pyclass(frozen, eq, hash, module = "mediafabric.igmp")]
#[derive(Clone, PartialEq, Eq, Hash)]
struct V3Report(Igmp);

igmp_methods! {
V3Report {
    #[new]
    #[pyo3(signature = (records = None))]
    fn new(records: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        Ok(V3Report(Igmp::V3Report(records_arg(records, |x| {
            x.cast::<IgmpGroupRecord>().ok().map(|r| r.get().0.clone())
        })?)))
    }

    /// Group Records.
    #[getter]
    fn records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let Igmp::V3Report(recs) = &self.0 else {
            return Ok(PyTuple::empty(py));
        };
        let items = recs
            .iter()
            .map(|r| Bound::new(py, IgmpGroupRecord(r.clone())))
            .collect::<PyResult<Vec<_>>>()?;
        PyTuple::new(py, items)
    }

}
}

/// An IGMP message of a type this library does not know (a router ignores it,
/// RFC 9776 §4), kept as it came: ``UnknownMessage(msg_type, rest)`` where ``rest`` is
/// the bytes after the checksum.
#[pyclass(frozen, eq, hash, module = "mediafabric.igmp")]
#[derive(Clone, PartialEq, Eq, Hash)]
struct UnknownMessage(Igmp);

igmp_methods! {
UnknownMessage {
    #[new]
    fn new(msg_type: &Bound<'_, PyAny>, rest: &Bound<'_, PyAny>) -> PyResult<Self> {
        let msg_type = u8_arg(msg_type, "msg_type")?;
        if matches!(
            msg_type,
            wi::TYPE_QUERY
                | wi::TYPE_V1_REPORT
                | wi::TYPE_V2_REPORT
                | wi::TYPE_V2_LEAVE
                | wi::TYPE_V3_REPORT
        ) {
            return Err(PyValueError::new_err(format!(
                "msg_type: {msg_type:#04x} is a known type: use its class"
            )));
        }
        let rest = Input::new(rest, "rest")?.with(<[u8]>::to_vec);
        Ok(UnknownMessage(Igmp::Unknown { msg_type, rest }))
    }

    /// The bytes after the checksum.
    #[getter]
    fn rest<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        match &self.0 {
            Igmp::Unknown { rest, .. } => PyBytes::new(py, rest),
            _ => PyBytes::new(py, b""),
        }
    }

}
}

/// An IGMP message read from an IPv4 packet, with what a router checks (RFC 9776 §9).
#[pyclass(frozen, module = "mediafabric.igmp", name = "Packet")]
struct IgmpPacket {
    #[pyo3(get)]
    src: Ipv4Addr,
    #[pyo3(get)]
    dst: Ipv4Addr,
    #[pyo3(get)]
    ttl: u8,
    #[pyo3(get)]
    router_alert: bool,
    #[pyo3(get)]
    checksum_valid: bool,
    #[pyo3(get)]
    offset: usize,
    #[pyo3(get)]
    message: Py<PyAny>,
}

#[pymethods]
impl IgmpPacket {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Packet(src='{}', dst='{}', ttl={}, router_alert={}, checksum_valid={}, offset={}, message={})",
            self.src,
            self.dst,
            self.ttl,
            py_bool(self.router_alert),
            py_bool(self.checksum_valid),
            self.offset,
            self.message.bind(py).repr()?
        ))
    }
}

fn py_bool(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

/// Parses an IGMP message (the IPv4 payload) into its class. With
/// ``verify_checksum=True`` a wrong checksum is a ``ParseError`` (offset 2).
#[pyfunction]
#[pyo3(name = "parse", signature = (data, *, verify_checksum = false))]
fn igmp_parse<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    verify_checksum: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let m = Input::new(data, "data")?.with(|b| {
        let m = if verify_checksum {
            wi::Message::parse_verified(b)
        } else {
            wi::Message::parse(b)
        };
        m.map(|m| Igmp::from_wire(&m))
    });
    m.map_err(|e| wire_error(py, e, "igmp", 0))?.into_py(py)
}

/// Reads the IPv4 packet at ``data[offset:]`` (``offset=14`` for an untagged Ethernet
/// frame) and its IGMP message.
#[pyfunction]
#[pyo3(name = "parse_packet", signature = (data, offset = 0))]
fn igmp_parse_packet<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    offset: usize,
) -> PyResult<Bound<'py, IgmpPacket>> {
    let input = Input::new(data, "data")?;
    if offset > input.len() {
        return Err(PyValueError::new_err(format!(
            "offset {offset} is past the end of the data ({} bytes)",
            input.len()
        )));
    }
    let r = input.with(|b| {
        let p = frame::read_ipv4_igmp(b, offset).map_err(|e| (e, "ipv4", 0))?;
        let m = wi::Message::parse(p.payload).map_err(|e| (e, "igmp", p.offset))?;
        let len = m.buffer_len().min(p.payload.len());
        Ok((
            p.src,
            p.dst,
            p.ttl,
            p.router_alert,
            wi::checksum_valid(&p.payload[..len]),
            p.offset,
            Igmp::from_wire(&m),
        ))
    });
    let (src, dst, ttl, router_alert, checksum_valid, offset, m) =
        r.map_err(|(e, layer, base): (IgmpError, &str, usize)| {
            if base == 0 {
                packet_error(py, e, layer)
            } else {
                wire_error(py, e, layer, base)
            }
        })?;
    Bound::new(
        py,
        IgmpPacket {
            src,
            dst,
            ttl,
            router_alert,
            checksum_valid,
            offset,
            message: m.into_py(py)?.unbind(),
        },
    )
}

/// The value an 8-bit code stands for (RFC 9776 §4.1.1 Max Resp Code in 1/10 s,
/// §4.1.7 and RFC 9777 §5.1.9 QQIC in seconds).
#[pyfunction]
fn decode_code8(code: &Bound<'_, PyAny>) -> PyResult<u32> {
    Ok(codec::decode_code8(u8_arg(code, "code")?))
}

/// The 8-bit code of a value: exact below 128, else the largest code not above it;
/// values from ``CODE8_MAX`` on give 0xFF.
#[pyfunction]
fn encode_code8(value: &Bound<'_, PyAny>) -> PyResult<u8> {
    Ok(codec::encode_code8(
        int_in(value, "value", 0, i64::from(u32::MAX))? as u32,
    ))
}

/// The value in milliseconds a 16-bit MLDv2 Maximum Response Code stands for
/// (RFC 9777 §5.1.3).
#[pyfunction]
fn decode_code16(code: &Bound<'_, PyAny>) -> PyResult<u32> {
    Ok(codec::decode_code16(u16_arg(code, "code")?))
}

/// The 16-bit Maximum Response Code of a value in milliseconds: exact below 32768, else
/// the largest code not above it; values from ``CODE16_MAX`` on give 0xFFFF.
#[pyfunction]
fn encode_code16(value: &Bound<'_, PyAny>) -> PyResult<u16> {
    Ok(codec::encode_code16(
        int_in(value, "value", 0, i64::from(u32::MAX))? as u32,
    ))
}

/// The (name, value) pairs of ``RecordType``, from the crate.
#[pyfunction]
#[pyo3(name = "_record_types")]
fn record_types() -> Vec<(&'static str, u8)> {
    (0..=255u8)
        .filter_map(|v| RecordType::from_u8(v).name().map(|n| (n, v)))
        .collect()
}

// ---------------------------------------------------------------------------------------
// MLD messages

/// An owned MLD message.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Mld {
    Query {
        version: u8,
        max_response_code: u16,
        group: Ipv6Addr,
        s_flag: bool,
        qrv: u8,
        qqic: u8,
        sources: Vec<Ipv6Addr>,
    },
    V1Report(Ipv6Addr),
    V1Done(Ipv6Addr),
    V2Report(Vec<Rec<Ipv6Addr>>),
}

impl Mld {
    fn from_wire(m: &wm::Message<'_>) -> Mld {
        match *m {
            wm::Message::QueryV1 {
                max_response_delay,
                group,
            } => Mld::Query {
                version: 1,
                max_response_code: max_response_delay,
                group,
                s_flag: false,
                qrv: 0,
                qqic: 0,
                sources: Vec::new(),
            },
            wm::Message::QueryV2 {
                max_response_code,
                group,
                s_flag,
                qrv,
                qqic,
                ref sources,
            } => Mld::Query {
                version: 2,
                max_response_code,
                group,
                s_flag,
                qrv,
                qqic,
                sources: sources.iter().collect(),
            },
            wm::Message::ReportV1 { group } => Mld::V1Report(group),
            wm::Message::DoneV1 { group } => Mld::V1Done(group),
            wm::Message::ReportV2 { ref records } => {
                Mld::V2Report(records.iter().map(|r| Rec::from_wire(&r)).collect())
            }
        }
    }

    fn with<R>(&self, f: impl FnOnce(&wm::Message<'_>) -> R) -> R {
        match self {
            Mld::Query {
                version: 1,
                max_response_code,
                group,
                ..
            } => f(&wm::Message::QueryV1 {
                max_response_delay: *max_response_code,
                group: *group,
            }),
            Mld::Query {
                max_response_code,
                group,
                s_flag,
                qrv,
                qqic,
                sources,
                ..
            } => f(&wm::Message::QueryV2 {
                max_response_code: *max_response_code,
                group: *group,
                s_flag: *s_flag,
                qrv: *qrv,
                qqic: *qqic,
                sources: AddrList::Addrs(sources),
            }),
            Mld::V1Report(group) => f(&wm::Message::ReportV1 { group: *group }),
            Mld::V1Done(group) => f(&wm::Message::DoneV1 { group: *group }),
            Mld::V2Report(recs) => {
                let lent: Vec<_> = recs.iter().map(Rec::lend).collect();
                f(&wm::Message::ReportV2 {
                    records: Records::Given(&lent),
                })
            }
        }
    }

    fn to_bytes(
        &self,
        src: &Bound<'_, PyAny>,
        dst: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<u8>> {
        let src: Ipv6Addr = addr(src, "src")?;
        let dst: Option<Ipv6Addr> = opt_addr(dst, "dst")?;
        self.with(|m| {
            let dst = dst.unwrap_or_else(|| m.destination());
            let mut out = vec![0u8; m.buffer_len()];
            m.emit(&src, &dst, &mut out).map_err(build_error)?;
            Ok(out)
        })
    }

    fn frame(
        &self,
        src_mac: &Bound<'_, PyAny>,
        src_ip: &Bound<'_, PyAny>,
        dst: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<u8>> {
        let mac = mac_arg(src_mac, "src_mac")?;
        let src: Ipv6Addr = addr(src_ip, "src_ip")?;
        let dst: Option<Ipv6Addr> = opt_addr(dst, "dst")?;
        self.with(|m| {
            let mut out = vec![0u8; 62 + m.buffer_len()];
            let n = frame::frame_mld(m, mac, src, dst, &mut out).map_err(build_error)?;
            out.truncate(n);
            Ok(out)
        })
    }

    fn into_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        Ok(match self {
            q @ Mld::Query { .. } => Bound::new(py, MldQuery(q))?.into_any(),
            r @ Mld::V1Report(_) => Bound::new(py, MldV1Report(r))?.into_any(),
            r @ Mld::V1Done(_) => Bound::new(py, MldV1Done(r))?.into_any(),
            r @ Mld::V2Report(_) => Bound::new(py, MldV2Report(r))?.into_any(),
        })
    }

    fn repr(&self, py: Python<'_>) -> PyResult<String> {
        Ok(match self {
            Mld::Query {
                version,
                max_response_code,
                group,
                s_flag,
                qrv,
                qqic,
                sources,
            } => {
                let srcs: Vec<String> = sources.iter().map(|s| format!("'{s}'")).collect();
                format!(
                    "Query('{group}', version={version}, max_response_code={max_response_code}, \
                     s_flag={}, qrv={qrv}, qqic={qqic}, sources=[{}])",
                    py_bool(*s_flag),
                    srcs.join(", ")
                )
            }
            Mld::V1Report(g) => format!("V1Report('{g}')"),
            Mld::V1Done(g) => format!("V1Done('{g}')"),
            Mld::V2Report(recs) => {
                let r = recs
                    .iter()
                    .map(|r| r.repr(py))
                    .collect::<PyResult<Vec<_>>>()?;
                format!("V2Report([{}])", r.join(", "))
            }
        })
    }
}

/// The `#[pymethods]` of a MLD message class: its own, then those every one has.
macro_rules! mld_methods {
    ($name:ident { $($extra:tt)* }) => {
        #[pymethods]
        impl $name {
        $($extra)*
        /// The message on the wire, with the ICMPv6 checksum over the pseudo-header of
        /// ``src`` and ``dst`` (default: the RFC destination).
        #[pyo3(signature = (src, dst = None))]
        fn to_bytes<'py>(
            &self,
            py: Python<'py>,
            src: &Bound<'py, PyAny>,
            dst: Option<&Bound<'py, PyAny>>,
        ) -> PyResult<Bound<'py, PyBytes>> {
            Ok(PyBytes::new(py, &self.0.to_bytes(src, dst)?))
        }

        /// A whole Ethernet frame carrying the message: IPv6 with hop limit 1 and a
        /// Hop-by-Hop Router Alert (RFC 9777 §5), from ``src_ip`` (link-local), to
        /// ``dst`` or the RFC destination.
        #[pyo3(signature = (src_mac, src_ip, dst = None))]
        fn frame<'py>(
            &self,
            py: Python<'py>,
            src_mac: &Bound<'py, PyAny>,
            src_ip: &Bound<'py, PyAny>,
            dst: Option<&Bound<'py, PyAny>>,
        ) -> PyResult<Bound<'py, PyBytes>> {
            Ok(PyBytes::new(py, &self.0.frame(src_mac, src_ip, dst)?))
        }

        /// The IPv6 destination the RFCs give for the message.
        #[getter]
        fn destination(&self) -> Ipv6Addr {
            self.0.with(|m| m.destination())
        }

        /// ICMPv6 Type (octet 0).
        #[getter]
        fn msg_type(&self) -> u8 {
            self.0.with(|m| m.msg_type())
        }

        /// The MLD version the message belongs to.
        #[getter]
        fn version(&self) -> u8 {
            self.0.with(|m| m.version())
        }

        fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
            self.0.repr(py)
        }

        fn __reduce__<'py>(
            slf: &Bound<'py, Self>,
        ) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyBytes>,))> {
            let py = slf.py();
            let parse = py.import("mediafabric.mld")?.getattr("parse")?;
            let unspecified = Ipv6Addr::UNSPECIFIED.into_pyobject(py)?.into_any();
            Ok((parse, (slf.get().to_bytes(py, &unspecified, None)?,)))
        }
        }
    };
}

/// An MLD Multicast Listener Query of either version (RFC 2710 §3, RFC 9777 §5.1).
#[pyclass(frozen, eq, hash, module = "mediafabric.mld", name = "Query")]
#[derive(Clone, PartialEq, Eq, Hash)]
struct MldQuery(Mld);

mld_methods! {
MldQuery {
    #[new]
    #[pyo3(signature = (group = None, *, version = None, max_response_code = None, s_flag = None, qrv = None, qqic = None, sources = None))]
    fn new(
        group: Option<&Bound<'_, PyAny>>,
        version: Option<&Bound<'_, PyAny>>,
        max_response_code: Option<&Bound<'_, PyAny>>,
        s_flag: Option<&Bound<'_, PyAny>>,
        qrv: Option<&Bound<'_, PyAny>>,
        qqic: Option<&Bound<'_, PyAny>>,
        sources: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let version = given(version).map_or(Ok(2), |o| int_in(o, "version", 1, 2))? as u8;
        let group = opt_addr(group, "group")?.unwrap_or(Ipv6Addr::UNSPECIFIED);
        let t = Timers::default();
        let qri_ms = t.query_response_interval.as_millis() as u32;
        if version < 2 {
            for (o, what) in [(s_flag, "s_flag"), (qrv, "qrv"), (qqic, "qqic"), (sources, "sources")] {
                if given(o).is_some() {
                    return Err(PyValueError::new_err(format!(
                        "{what}: only MLDv2 queries have it (version=1)"
                    )));
                }
            }
        }
        let max_response_code = match (version, given(max_response_code)) {
            (_, Some(o)) => u16_arg(o, "max_response_code")?,
            (1, None) => u16::try_from(qri_ms).unwrap_or(u16::MAX),
            (_, None) => codec::encode_code16(qri_ms),
        };
        Ok(MldQuery(Mld::Query {
            version,
            max_response_code,
            group,
            s_flag: given(s_flag).map_or(Ok(false), |o| bool_arg(o, "s_flag"))?,
            qrv: match given(qrv) {
                Some(o) => int_in(o, "qrv", 0, 7)? as u8,
                None if version == 2 => t.robustness.min(7) as u8,
                None => 0,
            },
            qqic: match given(qqic) {
                Some(o) => u8_arg(o, "qqic")?,
                None if version == 2 => codec::encode_code8(t.query_interval.as_secs() as u32),
                None => 0,
            },
            sources: match given(sources) {
                Some(o) => {
                    let s = addrs(o, "sources")?;
                    if s.len() > usize::from(u16::MAX) {
                        return Err(PyValueError::new_err(format!(
                            "sources: at most 65535, got {}",
                            s.len()
                        )));
                    }
                    s
                }
                None => Vec::new(),
            },
        }))
    }

    /// Multicast Address (``::`` for a general query).
    #[getter]
    fn group(&self) -> Ipv6Addr {
        match &self.0 {
            Mld::Query { group, .. } => *group,
            _ => Ipv6Addr::UNSPECIFIED,
        }
    }

    /// Octets 4-5: MLDv1 Maximum Response Delay (ms) or MLDv2 Maximum Response Code.
    #[getter]
    fn max_response_code(&self) -> u16 {
        match &self.0 {
            Mld::Query {
                max_response_code, ..
            } => *max_response_code,
            _ => 0,
        }
    }

    /// The maximum response delay in milliseconds (decoded).
    #[getter]
    fn max_response_delay(&self) -> u32 {
        self.0.with(|m| m.max_response_delay_ms())
    }

    /// S flag (RFC 9777 §5.1.7).
    #[getter]
    fn s_flag(&self) -> bool {
        matches!(&self.0, Mld::Query { s_flag: true, .. })
    }

    /// QRV (RFC 9777 §5.1.8).
    #[getter]
    fn qrv(&self) -> u8 {
        match &self.0 {
            Mld::Query { qrv, .. } => *qrv,
            _ => 0,
        }
    }

    /// QQIC (RFC 9777 §5.1.9).
    #[getter]
    fn qqic(&self) -> u8 {
        match &self.0 {
            Mld::Query { qqic, .. } => *qqic,
            _ => 0,
        }
    }

    /// The Querier's Query Interval in seconds (decoded QQIC).
    #[getter]
    fn qqi(&self) -> u32 {
        codec::decode_code8(self.qqic())
    }

    /// Source Addresses.
    #[getter]
    fn sources<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        match &self.0 {
            Mld::Query { sources, .. } => addr_tuple(py, sources),
            _ => Ok(PyTuple::empty(py)),
        }
    }

    /// Whether it is a general query (group ``::``).
    #[getter]
    fn is_general(&self) -> bool {
        self.group().is_unspecified()
    }

}
}

macro_rules! mld_group_message {
    ($name:ident, $pyname:literal, $variant:ident, $doc:literal) => {
        #[doc = $doc]
        #[pyclass(frozen, eq, hash, module = "mediafabric.mld", name = $pyname)]
        #[derive(Clone, PartialEq, Eq, Hash)]
        struct $name(Mld);

        mld_methods! {
        $name {
            #[new]
            fn new(group: &Bound<'_, PyAny>) -> PyResult<Self> {
                Ok($name(Mld::$variant(addr(group, "group")?)))
            }

            /// Multicast Address.
            #[getter]
            fn group(&self) -> Ipv6Addr {
                match &self.0 {
                    Mld::$variant(g) => *g,
                    _ => Ipv6Addr::UNSPECIFIED,
                }
            }

        }
        }
    };
}

mld_group_message!(
    MldV1Report,
    "V1Report",
    V1Report,
    "MLDv1 Multicast Listener Report (RFC 2710 §3): ``V1Report(group)``."
);
mld_group_message!(
    MldV1Done,
    "V1Done",
    V1Done,
    "MLDv1 Multicast Listener Done (RFC 2710 §3): ``V1Done(group)``; sent to ff02::2."
);

/// MLDv2 Multicast Listener Report (RFC 9777 §5.2): ``V2Report(records)``.
#[pyclass(frozen, eq, hash, module = "mediafabric.mld", name = "V2Report")]
#[derive(Clone, PartialEq, Eq, Hash)]
struct MldV2Report(Mld);

mld_methods! {
MldV2Report {
    #[new]
    #[pyo3(signature = (records = None))]
    fn new(records: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        Ok(MldV2Report(Mld::V2Report(
            records_arg(records, |x| {
                x.cast::<MldGroupRecord>().ok().map(|r| r.get().0.clone())
            })?,
        )))
    }

    /// Multicast Address Records.
    #[getter]
    fn records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let Mld::V2Report(recs) = &self.0 else {
            return Ok(PyTuple::empty(py));
        };
        let items = recs
            .iter()
            .map(|r| Bound::new(py, MldGroupRecord(r.clone())))
            .collect::<PyResult<Vec<_>>>()?;
        PyTuple::new(py, items)
    }

}
}

/// An MLD message read from an IPv6 packet, with what a router checks (RFC 9777 §5).
#[pyclass(frozen, module = "mediafabric.mld", name = "Packet")]
struct MldPacket {
    #[pyo3(get)]
    src: Ipv6Addr,
    #[pyo3(get)]
    dst: Ipv6Addr,
    #[pyo3(get)]
    hop_limit: u8,
    #[pyo3(get)]
    router_alert: bool,
    #[pyo3(get)]
    checksum_valid: bool,
    #[pyo3(get)]
    offset: usize,
    #[pyo3(get)]
    message: Py<PyAny>,
}

#[pymethods]
impl MldPacket {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Packet(src='{}', dst='{}', hop_limit={}, router_alert={}, checksum_valid={}, offset={}, message={})",
            self.src,
            self.dst,
            self.hop_limit,
            py_bool(self.router_alert),
            py_bool(self.checksum_valid),
            self.offset,
            self.message.bind(py).repr()?
        ))
    }
}

/// Parses an MLD message (the ICMPv6 message) into its class. When ``src`` and ``dst``
/// (the IPv6 addresses it was sent with) are given, a wrong checksum is a
/// ``ParseError`` (offset 2).
#[pyfunction]
#[pyo3(name = "parse", signature = (data, *, src = None, dst = None))]
fn mld_parse<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    src: Option<&Bound<'py, PyAny>>,
    dst: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let src: Option<Ipv6Addr> = opt_addr(src, "src")?;
    let dst: Option<Ipv6Addr> = opt_addr(dst, "dst")?;
    if src.is_some() != dst.is_some() {
        return Err(PyValueError::new_err(
            "src and dst: give both (to check the checksum) or neither",
        ));
    }
    let r = Input::new(data, "data")?.with(|b| {
        let m = wm::Message::parse(b)?;
        let valid = match (src, dst) {
            (Some(s), Some(d)) => Some(wm::checksum_valid(
                &b[..m.buffer_len().min(b.len())],
                &s,
                &d,
            )),
            _ => None,
        };
        Ok::<_, IgmpError>((Mld::from_wire(&m), valid, u16::from_be_bytes([b[2], b[3]])))
    });
    let (m, valid, checksum) = r.map_err(|e| wire_error(py, e, "mld", 0))?;
    if valid == Some(false) {
        return Err(parse_error(
            py,
            "mld",
            2,
            &format!(
                "bad checksum: message says {checksum:#06x}, which is not right for src {} and dst {}",
                src.unwrap_or(Ipv6Addr::UNSPECIFIED),
                dst.unwrap_or(Ipv6Addr::UNSPECIFIED)
            ),
        ));
    }
    m.into_py(py)
}

/// Reads the IPv6 packet at ``data[offset:]`` (``offset=14`` for an untagged Ethernet
/// frame), walking its extension headers, and its MLD message.
#[pyfunction]
#[pyo3(name = "parse_packet", signature = (data, offset = 0))]
fn mld_parse_packet<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    offset: usize,
) -> PyResult<Bound<'py, MldPacket>> {
    let input = Input::new(data, "data")?;
    if offset > input.len() {
        return Err(PyValueError::new_err(format!(
            "offset {offset} is past the end of the data ({} bytes)",
            input.len()
        )));
    }
    let r = input.with(|b| {
        let p = frame::read_ipv6_mld(b, offset).map_err(|e| (e, "ipv6", 0))?;
        let m = wm::Message::parse(p.payload).map_err(|e| (e, "mld", p.offset))?;
        Ok((
            p.src,
            p.dst,
            p.hop_limit,
            p.router_alert,
            wm::checksum_valid(p.payload, &p.src, &p.dst),
            p.offset,
            Mld::from_wire(&m),
        ))
    });
    let (src, dst, hop_limit, router_alert, checksum_valid, offset, m) =
        r.map_err(|(e, layer, base): (IgmpError, &str, usize)| {
            if base == 0 {
                packet_error(py, e, layer)
            } else {
                wire_error(py, e, layer, base)
            }
        })?;
    Bound::new(
        py,
        MldPacket {
            src,
            dst,
            hop_limit,
            router_alert,
            checksum_valid,
            offset,
            message: m.into_py(py)?.unbind(),
        },
    )
}

// ---------------------------------------------------------------------------------------
// Registration

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let i = PyModule::new(py, "mediafabric.igmp")?;
    i.add_class::<IgmpGroupRecord>()?;
    i.add_class::<Query>()?;
    i.add_class::<V1Report>()?;
    i.add_class::<V2Report>()?;
    i.add_class::<V2Leave>()?;
    i.add_class::<V3Report>()?;
    i.add_class::<UnknownMessage>()?;
    i.add_class::<IgmpPacket>()?;
    i.add_function(wrap_pyfunction!(igmp_parse, &i)?)?;
    i.add_function(wrap_pyfunction!(igmp_parse_packet, &i)?)?;
    i.add_function(wrap_pyfunction!(decode_code8, &i)?)?;
    i.add_function(wrap_pyfunction!(encode_code8, &i)?)?;
    i.add_function(wrap_pyfunction!(record_types, &i)?)?;
    i.add("IP_PROTOCOL", mediafabric_igmp::IP_PROTOCOL)?;
    i.add("ALL_SYSTEMS", wi::ALL_SYSTEMS)?;
    i.add("ALL_ROUTERS", wi::ALL_ROUTERS)?;
    i.add("ALL_V3_ROUTERS", wi::ALL_V3_ROUTERS)?;
    i.add("CODE8_MAX", codec::CODE8_MAX)?;
    m.setattr("_igmp", i)?;

    let d = PyModule::new(py, "mediafabric.mld")?;
    d.add_class::<MldGroupRecord>()?;
    d.add_class::<MldQuery>()?;
    d.add_class::<MldV1Report>()?;
    d.add_class::<MldV1Done>()?;
    d.add_class::<MldV2Report>()?;
    d.add_class::<MldPacket>()?;
    d.add_function(wrap_pyfunction!(mld_parse, &d)?)?;
    d.add_function(wrap_pyfunction!(mld_parse_packet, &d)?)?;
    d.add_function(wrap_pyfunction!(decode_code16, &d)?)?;
    d.add_function(wrap_pyfunction!(encode_code16, &d)?)?;
    d.add("NEXT_HEADER_ICMPV6", wm::NEXT_HEADER_ICMPV6)?;
    d.add("ALL_NODES", wm::ALL_NODES)?;
    d.add("ALL_ROUTERS", wm::ALL_ROUTERS)?;
    d.add("ALL_MLDV2_ROUTERS", wm::ALL_MLDV2_ROUTERS)?;
    d.add("CODE16_MAX", codec::CODE16_MAX)?;
    m.setattr("_mld", d)?;
    Ok(())
}
