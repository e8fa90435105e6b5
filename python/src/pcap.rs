//! Capture files: a streaming reader for pcap and pcapng and a pcap writer, over the
//! `pcap-file` crate.
//!
//! The reader frames records itself (it reads exactly one record or block at a time,
//! after checking its declared length against [`MAX_RECORD`]) and hands each to
//! `pcap-file`'s parsers, so that memory stays bounded whatever the file says and every
//! error carries the file offset of the record it was found in.
//!
//! pcapng timestamps are converted with the interface's `if_tsresol` and `if_tsoffset`
//! options (draft-ietf-opsawg-pcapng §4.2); `pcap-file` 2 reads the raw 64-bit
//! count, which is only nanoseconds for interfaces declaring a resolution of 9.

use std::fs::File;
use std::hash::{Hash, Hasher};
use std::io::{BufReader, BufWriter, Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::time::Duration;

use pcap_file::pcap::{PcapHeader, PcapPacket, PcapParser, PcapWriter};
use pcap_file::pcapng::blocks::interface_description::{
    InterfaceDescriptionBlock, InterfaceDescriptionOption,
};
use pcap_file::pcapng::{Block, PcapNgParser};
use pcap_file::{DataLink, Endianness, PcapError, TsResolution};
use pyo3::basic::CompareOp;
use pyo3::exceptions::{PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyFloat, PyInt, PyTuple};

use crate::buf::Input;
use crate::convert::u32_arg;
use crate::errors::parse_error;

/// The largest pcap record or pcapng block accepted: 64 MiB. A larger declared length
/// is taken as corruption rather than buffered.
const MAX_RECORD: usize = 64 << 20;
/// The snapshot length written into pcap headers (the tcpdump default); longer packets
/// cannot be written.
const WRITE_SNAPLEN: u32 = 262_144;
/// pcap record header: ts_sec, ts_frac, incl_len, orig_len.
const PCAP_RECORD_HEADER: usize = 16;
/// pcap file header.
const PCAP_FILE_HEADER: usize = 24;
/// pcapng Section Header Block type (palindromic: the same in both byte orders).
const PCAPNG_SHB: u32 = 0x0A0D_0D0A;
const NS_PER_S: i128 = 1_000_000_000;

fn os_error(e: &std::io::Error, path: &std::path::Path) -> PyErr {
    let name = path.display().to_string();
    match e.raw_os_error() {
        // OSError(errno, strerror, filename) picks the matching subclass
        // (FileNotFoundError, PermissionError...).
        Some(code) => PyOSError::new_err((code, e.to_string(), name)),
        None => PyOSError::new_err(format!("{name}: {e}")),
    }
}

/// Reads until `buf` holds `want` bytes or the file ends; returns how many it holds.
fn fill(file: &mut impl Read, buf: &mut Vec<u8>, want: usize) -> std::io::Result<usize> {
    let mut got = buf.len();
    if want <= got {
        return Ok(got);
    }
    buf.resize(want, 0);
    while got < want {
        match file.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                buf.truncate(got);
                return Err(e);
            }
        }
    }
    buf.truncate(got);
    Ok(got)
}

fn u32_at(b: &[u8], at: usize, big: bool) -> u32 {
    let w = [b[at], b[at + 1], b[at + 2], b[at + 3]];
    if big {
        u32::from_be_bytes(w)
    } else {
        u32::from_le_bytes(w)
    }
}

/// Nanoseconds as float seconds, rounded once.
fn ns_to_secs(ns: i128) -> f64 {
    ns.div_euclid(NS_PER_S) as f64 + ns.rem_euclid(NS_PER_S) as f64 / 1e9
}

/// Float or int seconds as nanoseconds.
fn secs_to_ns(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<i128> {
    if obj.is_instance_of::<PyInt>() {
        let s: i64 = obj
            .extract()
            .map_err(|_| PyValueError::new_err(format!("{what}: {obj} seconds is out of range")))?;
        return Ok(i128::from(s) * NS_PER_S);
    }
    if obj.is_instance_of::<PyFloat>() {
        let t: f64 = obj.extract()?;
        if !t.is_finite() || t.abs() >= 9.2e18 / 1e9 {
            return Err(PyValueError::new_err(format!(
                "{what}: {t} is not a usable time in seconds"
            )));
        }
        let whole = t.floor();
        let frac = ((t - whole) * 1e9).round() as i128;
        return Ok(whole as i128 * NS_PER_S + frac);
    }
    Err(PyTypeError::new_err(format!(
        "{what}: seconds as int or float are required, not '{}'",
        obj.get_type().name()?
    )))
}

fn time_ns_to_py(py: Python<'_>, ns: i128) -> PyResult<Bound<'_, PyAny>> {
    match i64::try_from(ns) {
        Ok(v) => Ok(v.into_pyobject(py)?.into_any()),
        Err(_) => Ok(ns.into_pyobject(py)?.into_any()),
    }
}

/// One captured packet.
///
/// ``time_ns`` is the exact timestamp in integer nanoseconds since the Unix epoch;
/// ``time`` the same as float seconds (rounded to about 0.2 µs for present-day
/// dates). ``data`` holds the captured bytes, ``orig_len`` the length on the wire
/// (larger when the capture was truncated by a snapshot length) and ``link_type`` the
/// pcap LINKTYPE number of the interface (1 for Ethernet), which
/// ``mediafabric.decode(p.data, link_type=p.link_type)`` accepts.
///
/// ``Packet(data, *, time=None, time_ns=None, orig_len=None, link_type=1)`` builds
/// one, for ``mediafabric.pcap.write``: give ``time`` (seconds) or ``time_ns``, not
/// both (the default is 0); ``orig_len`` defaults to ``len(data)``.
#[pyclass(frozen, module = "mediafabric.pcap", name = "Packet")]
pub(crate) struct Packet {
    time_ns: i128,
    data: Py<PyBytes>,
    orig_len: u32,
    link_type: u32,
}

#[pymethods]
impl Packet {
    #[new]
    #[pyo3(
        signature = (data, *, time = None, time_ns = None, orig_len = None, link_type = None),
        text_signature = "(data, *, time=None, time_ns=None, orig_len=None, link_type=1)"
    )]
    fn new(
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        time: Option<&Bound<'_, PyAny>>,
        time_ns: Option<&Bound<'_, PyAny>>,
        orig_len: Option<&Bound<'_, PyAny>>,
        link_type: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Packet> {
        // A `bytes` object is immutable: keep it rather than copy it.
        let bytes = match data.cast_exact::<PyBytes>() {
            Ok(b) => b.clone().unbind(),
            Err(_) => {
                let input = Input::new(data, "data")?;
                input.with(|b| PyBytes::new(py, b).unbind())
            }
        };
        let len = bytes.bind(py).as_bytes().len();
        let time_ns = match (time, time_ns) {
            (Some(_), Some(_)) => {
                return Err(PyValueError::new_err("give time or time_ns, not both"));
            }
            (Some(t), None) => secs_to_ns(t, "time")?,
            (None, Some(ns)) => {
                if !ns.is_instance_of::<PyInt>() {
                    return Err(PyTypeError::new_err("time_ns: an integer is required"));
                }
                ns.extract::<i128>()
                    .map_err(|_| PyValueError::new_err("time_ns is out of range"))?
            }
            (None, None) => 0,
        };
        let orig_len = match orig_len {
            Some(o) => u32_arg(o, "orig_len")?,
            None => u32::try_from(len)
                .map_err(|_| PyValueError::new_err("data is longer than a capture can hold"))?,
        };
        let link_type = match link_type {
            Some(l) => u32_arg(l, "link_type")?,
            None => 1,
        };
        Ok(Packet {
            time_ns,
            data: bytes,
            orig_len,
            link_type,
        })
    }

    /// The timestamp in seconds since the Unix epoch, as a float.
    #[getter]
    fn time(&self) -> f64 {
        ns_to_secs(self.time_ns)
    }

    /// The exact timestamp in nanoseconds since the Unix epoch.
    #[getter]
    fn time_ns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        time_ns_to_py(py, self.time_ns)
    }

    /// The captured bytes.
    #[getter]
    fn data(&self, py: Python<'_>) -> Py<PyBytes> {
        self.data.clone_ref(py)
    }

    /// The length of the packet on the wire.
    #[getter]
    fn orig_len(&self) -> u32 {
        self.orig_len
    }

    /// The pcap LINKTYPE number (1 = Ethernet, 113 = Linux SLL, 276 = Linux SLL2...).
    #[getter]
    fn link_type(&self) -> u32 {
        self.link_type
    }

    fn __len__(&self, py: Python<'_>) -> usize {
        self.data.bind(py).as_bytes().len()
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Packet(time_ns={}, data=<{} bytes>, orig_len={}, link_type={})",
            self.time_ns,
            self.data.bind(py).as_bytes().len(),
            self.orig_len,
            self.link_type
        )
    }

    fn __richcmp__(&self, other: &Bound<'_, PyAny>, op: CompareOp) -> PyResult<Py<PyAny>> {
        let py = other.py();
        let Ok(o) = other.cast::<Packet>() else {
            return Ok(py.NotImplemented());
        };
        let o = o.get();
        let eq = self.time_ns == o.time_ns
            && self.orig_len == o.orig_len
            && self.link_type == o.link_type
            && self.data.bind(py).as_bytes() == o.data.bind(py).as_bytes();
        match op {
            CompareOp::Eq => Ok(eq.into_pyobject(py)?.to_owned().into_any().unbind()),
            CompareOp::Ne => Ok((!eq).into_pyobject(py)?.to_owned().into_any().unbind()),
            _ => Ok(py.NotImplemented()),
        }
    }

    fn __hash__(&self, py: Python<'_>) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.time_ns.hash(&mut h);
        self.orig_len.hash(&mut h);
        self.link_type.hash(&mut h);
        self.data.bind(py).as_bytes().hash(&mut h);
        h.finish()
    }

    fn __getnewargs_ex__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyTuple>, Bound<'py, PyDict>)> {
        let kw = PyDict::new(py);
        kw.set_item("time_ns", time_ns_to_py(py, self.time_ns)?)?;
        kw.set_item("orig_len", self.orig_len)?;
        kw.set_item("link_type", self.link_type)?;
        Ok((PyTuple::new(py, [self.data.bind(py)])?, kw))
    }
}

enum State {
    Pcap {
        file: BufReader<File>,
        parser: PcapParser,
        big: bool,
        micro: bool,
        link_type: u32,
    },
    PcapNg {
        file: BufReader<File>,
        parser: PcapNgParser,
    },
}

/// An error found while reading, before it becomes a Python exception.
enum ReadError {
    Io(std::io::Error),
    Parse { offset: u64, reason: String },
}

impl ReadError {
    fn parse(offset: u64, reason: impl Into<String>) -> ReadError {
        ReadError::Parse {
            offset,
            reason: reason.into(),
        }
    }
}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> Self {
        ReadError::Io(e)
    }
}

fn pcap_file_reason(e: &PcapError) -> String {
    match e {
        PcapError::IncompleteBuffer => "record shorter than its header says".into(),
        PcapError::InvalidField(f) => format!("invalid field: {f}"),
        PcapError::InvalidInterfaceId(i) => format!("no interface {i} described"),
        other => other.to_string(),
    }
}

/// Runs a `pcap-file` parser, turning a panic inside it into an error of this record.
fn guarded<T>(offset: u64, f: impl FnOnce() -> Result<T, PcapError>) -> Result<T, ReadError> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(ReadError::parse(offset, pcap_file_reason(&e))),
        Err(_) => Err(ReadError::parse(
            offset,
            "malformed record (parser failure)",
        )),
    }
}

/// Reads one pcapng block (whole, with its trailer) into `buf`, which holds the
/// bytes of the block already read (none, or the magic number at the start of the
/// file); false at the end of the file. `big` is the byte order of the current
/// section, for blocks other than a Section Header Block.
fn read_ng_block(
    file: &mut BufReader<File>,
    buf: &mut Vec<u8>,
    offset: u64,
    big: bool,
) -> Result<bool, ReadError> {
    let n = fill(file, buf, 8)?;
    if n == 0 {
        return Ok(false);
    }
    if n < 8 {
        return Err(ReadError::parse(
            offset,
            format!("truncated block header: need 8 bytes, have {n}"),
        ));
    }
    let ty = u32_at(buf, 0, big);
    let big = if ty == PCAPNG_SHB {
        let n = fill(file, buf, 12)?;
        if n < 12 {
            return Err(ReadError::parse(
                offset,
                format!("truncated section header: need 12 bytes, have {n}"),
            ));
        }
        match u32_at(buf, 8, true) {
            0x1A2B_3C4D => true,
            0x4D3C_2B1A => false,
            other => {
                return Err(ReadError::parse(
                    offset + 8,
                    format!("section header: bad byte-order magic {other:#010x}"),
                ));
            }
        }
    } else {
        big
    };
    let total = u32_at(buf, 4, big) as usize;
    if total < 12 || !total.is_multiple_of(4) {
        return Err(ReadError::parse(
            offset + 4,
            format!("block total length {total} is not a multiple of 4 of at least 12"),
        ));
    }
    if total > MAX_RECORD {
        return Err(ReadError::parse(
            offset + 4,
            format!("block total length {total} is over the {MAX_RECORD}-byte limit"),
        ));
    }
    let n = fill(file, buf, total)?;
    if n < total {
        return Err(ReadError::parse(
            offset,
            format!("truncated block: need {total} bytes, have {n}"),
        ));
    }
    Ok(true)
}

/// A pcapng timestamp in the interface's units, as nanoseconds since the epoch.
fn ng_time_ns(raw: u64, idb: Option<&InterfaceDescriptionBlock<'_>>) -> i128 {
    // Default resolution: microseconds (if_tsresol absent).
    let mut resol = 6u8;
    let mut offset_s = 0i64;
    for o in idb.map(|i| &i.options[..]).unwrap_or(&[]) {
        match o {
            InterfaceDescriptionOption::IfTsResol(r) => resol = *r,
            // if_tsoffset is a signed 64-bit count of seconds.
            InterfaceDescriptionOption::IfTsOffset(s) => offset_s = *s as i64,
            _ => {}
        }
    }
    let raw = i128::from(raw);
    let ns = if resol & 0x80 == 0 {
        // 10^-resol seconds per unit.
        let e = u32::from(resol);
        if e <= 9 {
            raw * 10i128.pow(9 - e)
        } else if e - 9 < 20 {
            raw / 10i128.pow(e - 9)
        } else {
            0
        }
    } else {
        // 2^-b seconds per unit; raw < 2^64 so raw * 10^9 < 2^94.
        (raw * NS_PER_S) >> u32::from(resol & 0x7F)
    };
    ns + i128::from(offset_s) * NS_PER_S
}

/// What one step of the reader produced.
struct Record {
    time_ns: i128,
    orig_len: u32,
    link_type: u32,
    /// The packet bytes, a range of the reader's buffer.
    data: std::ops::Range<usize>,
}

/// Where `part`, a sub-slice handed back by the parser, lies in `buf`.
fn range_in(buf: &[u8], part: &[u8], offset: u64) -> Result<std::ops::Range<usize>, ReadError> {
    (part.as_ptr() as usize)
        .checked_sub(buf.as_ptr() as usize)
        .map(|start| start..start + part.len())
        .filter(|r| r.end <= buf.len())
        .ok_or_else(|| ReadError::parse(offset, "packet data outside its block"))
}

impl State {
    /// The next packet record, skipping blocks that are not packets.
    fn next(&mut self, buf: &mut Vec<u8>, offset: &mut u64) -> Result<Option<Record>, ReadError> {
        match self {
            State::Pcap {
                file,
                parser,
                big,
                micro,
                link_type,
            } => {
                buf.clear();
                let n = fill(file, buf, PCAP_RECORD_HEADER)?;
                if n == 0 {
                    return Ok(None);
                }
                let at = *offset;
                if n < PCAP_RECORD_HEADER {
                    return Err(ReadError::parse(
                        at,
                        format!("truncated record header: need 16 bytes, have {n}"),
                    ));
                }
                let incl = u32_at(buf, 8, *big) as usize;
                if incl > MAX_RECORD {
                    return Err(ReadError::parse(
                        at + 8,
                        format!("captured length {incl} is over the {MAX_RECORD}-byte limit"),
                    ));
                }
                let n = fill(file, buf, PCAP_RECORD_HEADER + incl)?;
                if n < PCAP_RECORD_HEADER + incl {
                    return Err(ReadError::parse(
                        at,
                        format!(
                            "truncated record: need {} bytes, have {n}",
                            PCAP_RECORD_HEADER + incl
                        ),
                    ));
                }
                *offset += n as u64;
                let (_, raw) = guarded(at, || parser.next_raw_packet(buf))?;
                let frac_ns = if *micro {
                    i128::from(raw.ts_frac) * 1000
                } else {
                    i128::from(raw.ts_frac)
                };
                Ok(Some(Record {
                    time_ns: i128::from(raw.ts_sec) * NS_PER_S + frac_ns,
                    orig_len: raw.orig_len,
                    link_type: *link_type,
                    data: PCAP_RECORD_HEADER..PCAP_RECORD_HEADER + incl,
                }))
            }
            State::PcapNg { file, parser } => loop {
                let at = *offset;
                let big = parser.section().endianness == Endianness::Big;
                buf.clear();
                if !read_ng_block(file, buf, at, big)? {
                    return Ok(None);
                }
                *offset += buf.len() as u64;
                let (_, block) = guarded(at, || parser.next_block(buf))?;
                let interfaces = parser.interfaces();
                let interface = |id: u32| {
                    interfaces.get(id as usize).ok_or_else(|| {
                        ReadError::parse(
                            at,
                            format!(
                                "packet of interface {id}, but the section describes {}",
                                interfaces.len()
                            ),
                        )
                    })
                };
                match block {
                    Block::EnhancedPacket(p) => {
                        let idb = interface(p.interface_id)?;
                        let raw = u64::try_from(p.timestamp.as_nanos()).unwrap_or(u64::MAX);
                        return Ok(Some(Record {
                            time_ns: ng_time_ns(raw, Some(idb)),
                            orig_len: p.original_len,
                            link_type: u32::from(idb.linktype),
                            data: range_in(buf, &p.data, at)?,
                        }));
                    }
                    Block::Packet(p) => {
                        let idb = interface(u32::from(p.interface_id))?;
                        return Ok(Some(Record {
                            time_ns: ng_time_ns(p.timestamp, Some(idb)),
                            orig_len: p.original_len,
                            link_type: u32::from(idb.linktype),
                            data: range_in(buf, &p.data, at)?,
                        }));
                    }
                    Block::SimplePacket(p) => {
                        // No timestamp; the first interface; the body holds the packet,
                        // cut to the snapshot length, then padding.
                        let idb = interface(0)?;
                        let mut len = p.data.len().min(p.original_len as usize);
                        if idb.snaplen != 0 {
                            len = len.min(idb.snaplen as usize);
                        }
                        return Ok(Some(Record {
                            time_ns: 0,
                            orig_len: p.original_len,
                            link_type: u32::from(idb.linktype),
                            data: range_in(buf, &p.data[..len], at)?,
                        }));
                    }
                    _ => continue,
                }
            },
        }
    }
}

/// A streaming reader of a pcap or pcapng file: an iterator of ``Packet``.
///
/// ``Reader(path)`` opens the file and reads its header; records are read one at a
/// time as the iteration goes, so memory use does not grow with the file. The file is
/// closed at the end of the iteration, by ``close()``, or on leaving a ``with`` block.
///
/// pcap files in microsecond and nanosecond resolution and either byte order, and
/// pcapng files (several sections and interfaces, ``if_tsresol``, ``if_tsoffset``,
/// enhanced, simple and obsolete packet blocks) are read. A malformed or truncated
/// record raises ``mediafabric.ParseError`` with ``layer`` ``"pcap"`` or ``"pcapng"``
/// and ``offset`` the byte offset of the record in the file; the reader is closed
/// after an error.
#[pyclass(module = "mediafabric.pcap", name = "Reader")]
pub(crate) struct Reader {
    path: PathBuf,
    format: &'static str,
    state: Option<State>,
    buf: Vec<u8>,
    offset: u64,
}

impl Reader {
    fn open(py: Python<'_>, path: PathBuf) -> PyResult<Reader> {
        let file = File::open(&path).map_err(|e| os_error(&e, &path))?;
        let mut file = BufReader::with_capacity(1 << 16, file);
        let mut buf = Vec::with_capacity(1 << 12);
        let read = |e: std::io::Error| os_error(&e, &path);
        let n = fill(&mut file, &mut buf, 4).map_err(read)?;
        if n < 4 {
            return Err(parse_error(
                py,
                "pcap",
                0,
                &format!("not a capture file: {n} bytes long"),
            ));
        }
        let magic = u32::from_be_bytes([buf[0], buf[1], buf[2], buf[3]]);
        let (format, state, offset) = match magic {
            0xA1B2_C3D4 | 0xA1B2_3C4D | 0xD4C3_B2A1 | 0x4D3C_B2A1 => {
                let n = fill(&mut file, &mut buf, PCAP_FILE_HEADER).map_err(read)?;
                if n < PCAP_FILE_HEADER {
                    return Err(parse_error(
                        py,
                        "pcap",
                        0,
                        &format!("truncated file header: need 24 bytes, have {n}"),
                    ));
                }
                let parser = guarded(0, || PcapParser::new(&buf).map(|(_, p)| p))
                    .map_err(|e| read_error(py, e, "pcap", &path))?;
                let h: PcapHeader = parser.header();
                let state = State::Pcap {
                    file,
                    big: h.endianness == Endianness::Big,
                    micro: h.ts_resolution == TsResolution::MicroSecond,
                    link_type: u32::from(h.datalink),
                    parser,
                };
                ("pcap", state, PCAP_FILE_HEADER as u64)
            }
            PCAPNG_SHB => {
                let first = read_ng_block(&mut file, &mut buf, 0, false)
                    .map_err(|e| read_error(py, e, "pcapng", &path))?;
                if !first {
                    return Err(parse_error(py, "pcapng", 0, "empty file"));
                }
                let parser = guarded(0, || PcapNgParser::new(&buf).map(|(_, p)| p))
                    .map_err(|e| read_error(py, e, "pcapng", &path))?;
                let len = buf.len() as u64;
                ("pcapng", State::PcapNg { file, parser }, len)
            }
            other => {
                return Err(parse_error(
                    py,
                    "pcap",
                    0,
                    &format!("not a pcap or pcapng file (magic {other:#010x})"),
                ));
            }
        };
        Ok(Reader {
            path,
            format,
            state: Some(state),
            buf,
            offset,
        })
    }
}

fn read_error(py: Python<'_>, e: ReadError, layer: &str, path: &std::path::Path) -> PyErr {
    match e {
        ReadError::Io(e) => os_error(&e, path),
        ReadError::Parse { offset, reason } => parse_error(
            py,
            layer,
            usize::try_from(offset).unwrap_or(usize::MAX),
            &reason,
        ),
    }
}

#[pymethods]
impl Reader {
    #[new]
    fn new(py: Python<'_>, path: PathBuf) -> PyResult<Reader> {
        Reader::open(py, path)
    }

    /// ``"pcap"`` or ``"pcapng"``.
    #[getter]
    fn format(&self) -> &'static str {
        self.format
    }

    /// Whether the file is closed (after ``close()``, the end, or an error).
    #[getter]
    fn closed(&self) -> bool {
        self.state.is_none()
    }

    /// Closes the file; the iteration ends.
    fn close(&mut self) {
        self.state = None;
    }

    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<Packet>> {
        let Some(state) = self.state.as_mut() else {
            return Ok(None);
        };
        match state.next(&mut self.buf, &mut self.offset) {
            Ok(Some(r)) => Ok(Some(Packet {
                time_ns: r.time_ns,
                data: PyBytes::new(py, &self.buf[r.data]).unbind(),
                orig_len: r.orig_len,
                link_type: r.link_type,
            })),
            Ok(None) => {
                self.state = None;
                Ok(None)
            }
            Err(e) => {
                self.state = None;
                Err(read_error(py, e, self.format, &self.path))
            }
        }
    }

    fn __enter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __exit__(
        &mut self,
        exc_type: &Bound<'_, PyAny>,
        exc_value: &Bound<'_, PyAny>,
        traceback: &Bound<'_, PyAny>,
    ) -> bool {
        let _ = (exc_type, exc_value, traceback);
        self.state = None;
        false
    }

    fn __repr__(&self) -> String {
        format!(
            "<mediafabric.pcap.Reader {:?} format={} {}>",
            self.path.display().to_string(),
            self.format,
            if self.state.is_some() {
                "open"
            } else {
                "closed"
            }
        )
    }
}

/// One packet to write: time, bytes, length on the wire.
fn write_item(
    item: &Bound<'_, PyAny>,
    index: usize,
    link_type: u32,
    mut write: impl FnMut(i128, &[u8], u32) -> PyResult<()>,
) -> PyResult<()> {
    if let Ok(p) = item.cast::<Packet>() {
        let p = p.get();
        if p.link_type != link_type {
            return Err(PyValueError::new_err(format!(
                "packet {index}: link type {} in a file of link type {link_type} \
                 (pass link_type={} to write it)",
                p.link_type, p.link_type
            )));
        }
        return write(p.time_ns, p.data.bind(item.py()).as_bytes(), p.orig_len);
    }
    let Ok(t) = item.cast::<PyTuple>() else {
        return Err(PyTypeError::new_err(format!(
            "packet {index}: a Packet or a (time, bytes) tuple is required, not '{}'",
            item.get_type().name()?
        )));
    };
    if t.len() != 2 {
        return Err(PyValueError::new_err(format!(
            "packet {index}: a (time, bytes) tuple has 2 items, not {}",
            t.len()
        )));
    }
    let time_ns = secs_to_ns(&t.get_item(0)?, &format!("packet {index}: time"))?;
    let input = Input::new(&t.get_item(1)?, &format!("packet {index}: data"))?;
    let len = input.len();
    let orig_len = u32::try_from(len)
        .map_err(|_| PyValueError::new_err(format!("packet {index}: {len} bytes is too long")))?;
    // The writer only copies the bytes into its buffer: no Python code runs.
    let mut out = Ok(());
    input.with(|b| out = write(time_ns, b, orig_len));
    out
}

/// Writes packets to a pcap file; returns how many were written.
///
/// ``packets`` is any iterable of ``Packet`` objects or ``(time, data)`` tuples
/// (``time`` in seconds since the epoch as int or float, ``data`` bytes-like). Every
/// ``Packet`` must have the file's ``link_type``. ``nanosecond=True`` writes the
/// nanosecond pcap format (magic 0xa1b23c4d), ``False`` the classic microsecond one
/// (timestamps truncated to the microsecond). The snapshot length is 262144, so
/// longer packets cannot be written. An existing file is replaced.
#[pyfunction]
#[pyo3(
    signature = (path, packets, *, link_type = None, nanosecond = true),
    text_signature = "(path, packets, *, link_type=1, nanosecond=True)"
)]
fn write_pcap(
    path: PathBuf,
    packets: &Bound<'_, PyAny>,
    link_type: Option<&Bound<'_, PyAny>>,
    nanosecond: bool,
) -> PyResult<usize> {
    let link_type = match link_type {
        Some(l) => u32_arg(l, "link_type")?,
        None => 1,
    };
    let iter = packets.try_iter().map_err(|_| {
        PyTypeError::new_err("packets: an iterable of Packet or (time, bytes) tuples is required")
    })?;
    let file = File::create(&path).map_err(|e| os_error(&e, &path))?;
    let header = PcapHeader {
        version_major: 2,
        version_minor: 4,
        ts_correction: 0,
        ts_accuracy: 0,
        snaplen: WRITE_SNAPLEN,
        datalink: DataLink::from(link_type),
        ts_resolution: if nanosecond {
            TsResolution::NanoSecond
        } else {
            TsResolution::MicroSecond
        },
        endianness: Endianness::native(),
    };
    let io = |e: PcapError| match e {
        PcapError::IoError(e) => os_error(&e, &path),
        other => PyValueError::new_err(other.to_string()),
    };
    let mut writer =
        PcapWriter::with_header(BufWriter::with_capacity(1 << 16, file), header).map_err(io)?;
    let mut count = 0usize;
    for (index, item) in iter.enumerate() {
        let item = item?;
        write_item(&item, index, link_type, |time_ns, data, orig_len| {
            if time_ns < 0 {
                return Err(PyValueError::new_err(format!(
                    "packet {index}: time is before 1970, which pcap cannot hold"
                )));
            }
            let secs = time_ns / NS_PER_S;
            if secs > i128::from(u32::MAX) {
                return Err(PyValueError::new_err(format!(
                    "packet {index}: time is after 2106-02-07, which pcap cannot hold"
                )));
            }
            if data.len() > WRITE_SNAPLEN as usize {
                return Err(PyValueError::new_err(format!(
                    "packet {index}: {} bytes is more than the snapshot length {WRITE_SNAPLEN}",
                    data.len()
                )));
            }
            if (orig_len as usize) < data.len() {
                return Err(PyValueError::new_err(format!(
                    "packet {index}: orig_len {orig_len} is less than the {} bytes of data",
                    data.len()
                )));
            }
            let ts = Duration::new(secs as u64, (time_ns % NS_PER_S) as u32);
            writer
                .write_packet(&PcapPacket::new(ts, orig_len, data))
                .map(|_| ())
                .map_err(|e| match e {
                    PcapError::IoError(e) => os_error(&e, &path),
                    other => PyValueError::new_err(format!("packet {index}: {other}")),
                })
        })?;
        count += 1;
    }
    writer
        .into_writer()
        .flush()
        .map_err(|e| os_error(&e, &path))?;
    Ok(count)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Packet>()?;
    m.add_class::<Reader>()?;
    m.add_function(wrap_pyfunction!(write_pcap, m)?)?;
    Ok(())
}
