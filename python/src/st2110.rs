//! `mediafabric.st2110`: SMPTE ST 2110-20 video of `mediafabric-st2110` (SDP, packetizer,
//! depacketizer, ST 2110-21 schedule and analyzer, ST 2022-7 merger) and the SMPTE ST
//! 2059-1 timing of `mediafabric-ptp`, as the private native module
//! `mediafabric._native._st2110`.
//!
//! This module only converts: values come in as plain Python values (names as SDP
//! spells them, integers) and go out as `int`, `bytes`, tuples and `dict`s, which
//! `mediafabric/st2110.py` turns into the typed public classes (dataclasses,
//! `fractions.Fraction` for exact nanoseconds). No protocol decision is made here.
//!
//! Errors: bad packet bytes raise `mediafabric.ParseError` (layer `"rtp"` or
//! `"rfc4175"`, offset in the packet); bad SDP text raises `mediafabric.st2110.SdpError`
//! (a `ParseError` with the line, the field and what was expected); bad values raise
//! `ValueError`.

use std::net::IpAddr;

use mediafabric_ptp::st2059::{self, LocalTimeOffset, Rate, TimeCodeFormat, TimeCodeGenerator};
use mediafabric_ptp::wire::Timestamp;
use mediafabric_st2110::depacketize::{Depacketizer as Depack, DepacketizerConfig};
use mediafabric_st2110::format::{Depth, Format, Sampling};
use mediafabric_st2110::pacing::{
    self, Analyzer as An, Arrival, Compliance, Datum, DrainOrigin, Extreme, FrameSummary, Measure,
    Nanos, Packing, Report, Scan, Schedule as Sched, SenderType,
};
use mediafabric_st2110::packetize::{Packetizer as Pack, PacketizerConfig, PackingMode};
use mediafabric_st2110::redundancy::{Leg, Merger as Merge, Verdict};
use mediafabric_st2110::sdp::{
    AddressType, Colorimetry, Connection, FilterMode, MediaClock, Origin, Par, RefClock, RefClocks,
    SampleRange, SourceFilter, Ssn, Stream, Tcs, Timing, VideoFormat, VideoSdp,
};
use mediafabric_st2110::video::VideoLayout;
use mediafabric_st2110::{Error, Layer};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple, PyType};

use crate::buf::Input;
use crate::convert::ip_arg;
use crate::errors::parse_error;

// ---------------------------------------------------------------------------------------
// Errors

fn reason(e: &Error) -> String {
    match e {
        Error::Truncated {
            what,
            needed,
            available,
            ..
        } => format!("{what} truncated: need {needed} bytes, have {available}"),
        Error::Invalid {
            field,
            expected,
            found,
            ..
        } => format!("invalid {field}: expected {expected}, found {found}"),
        other => other.to_string(),
    }
}

/// The byte offset where 1-based line `line` starts in `text`.
fn line_start(text: &[u8], line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(line - 2)
        .map_or(text.len(), |(i, _)| i + 1)
}

/// A crate error as a Python exception; `text` is the SDP text read, if any.
fn st_error(py: Python<'_>, e: Error, text: Option<&[u8]>) -> PyErr {
    if let Error::Sdp {
        line,
        field,
        expected,
    } = e
    {
        static CLASS: PyOnceLock<Py<PyType>> = PyOnceLock::new();
        let offset = text.map_or(0, |t| line_start(t, line));
        return match CLASS
            .import(py, "mediafabric.st2110", "SdpError")
            .and_then(|c| c.call1((line, field, expected, offset)))
        {
            Ok(err) => PyErr::from_value(err),
            Err(err) => err,
        };
    }
    match (e.layer(), e.offset()) {
        (Some(layer @ (Layer::Rtp | Layer::Rfc4175)), Some(offset)) => {
            parse_error(py, layer.name(), offset, &reason(&e))
        }
        _ => PyValueError::new_err(e.to_string()),
    }
}

fn pacing_error(e: pacing::Error) -> PyErr {
    PyValueError::new_err(e.to_string())
}

fn time_error(e: st2059::Error) -> PyErr {
    PyValueError::new_err(e.to_string())
}

fn value_err(what: &str, expected: &str, got: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(format!("{what}: expected {expected}, got {got}"))
}

// ---------------------------------------------------------------------------------------
// Arguments

fn sampling_arg(s: &str) -> PyResult<Sampling> {
    Sampling::from_name(s).ok_or_else(|| {
        value_err(
            "sampling",
            "an ST 2110-20 sampling such as 'YCbCr-4:2:2'",
            format!("{s:?}"),
        )
    })
}

fn depth_arg(s: &str) -> PyResult<Depth> {
    Depth::from_name(s)
        .ok_or_else(|| value_err("depth", "'8', '10', '12', '16' or '16f'", format!("{s:?}")))
}

fn packing_arg(s: &str) -> PyResult<PackingMode> {
    PackingMode::from_name(s)
        .ok_or_else(|| value_err("packing", "'2110GPM' or '2110BPM'", format!("{s:?}")))
}

fn sender_arg(s: &str) -> PyResult<SenderType> {
    SenderType::from_name(s).ok_or_else(|| {
        value_err(
            "sender",
            "'2110TPN', '2110TPNL' or '2110TPW'",
            format!("{s:?}"),
        )
    })
}

fn scan_arg(s: &str) -> PyResult<Scan> {
    match s {
        "progressive" => Ok(Scan::Progressive),
        "interlaced" => Ok(Scan::Interlaced),
        "psf" => Ok(Scan::Psf),
        _ => Err(value_err(
            "scan",
            "'progressive', 'interlaced' or 'psf'",
            format!("{s:?}"),
        )),
    }
}

fn rate_arg(num: u32, den: u32, what: &str) -> PyResult<Rate> {
    Rate::new(num, den).map_err(|_| {
        value_err(
            what,
            "a rate with a non-zero numerator and denominator",
            format!("{num}/{den}"),
        )
    })
}

fn timestamp_arg(ptp_ns: u128) -> PyResult<Timestamp> {
    let s = u64::try_from(ptp_ns / 1_000_000_000).unwrap_or(u64::MAX);
    Timestamp::new(s, (ptp_ns % 1_000_000_000) as u32)
        .map_err(|_| value_err("ptp_ns", "a PTP time below 2^48 seconds", ptp_ns))
}

fn layout_arg(
    sampling: &str,
    depth: &str,
    width: u32,
    height: u32,
    interlaced: bool,
) -> PyResult<VideoLayout> {
    let format = Format::new(sampling_arg(sampling)?, depth_arg(depth)?);
    VideoLayout::new(format, width, height, interlaced)
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// Exact nanoseconds as `(numerator, denominator)` in lowest terms.
fn nanos_out(n: Nanos) -> (i128, u64) {
    let r = n.reduced();
    (r.numerator(), r.denominator())
}

// ---------------------------------------------------------------------------------------
// SDP

fn get<'py>(d: &Bound<'py, PyDict>, key: &str) -> PyResult<Bound<'py, PyAny>> {
    d.get_item(key)?
        .ok_or_else(|| PyValueError::new_err(format!("sdp: missing {key:?}")))
}

fn get_opt<'py>(d: &Bound<'py, PyDict>, key: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
    Ok(d.get_item(key)?.filter(|v| !v.is_none()))
}

fn ip_py<'py>(py: Python<'py>, ip: IpAddr) -> PyResult<Bound<'py, PyAny>> {
    Ok(ip.into_pyobject(py)?.into_any())
}

fn leg_to_dict<'py>(py: Python<'py>, s: &Stream<'_>) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("mid", s.mid)?;
    d.set_item("port", s.port)?;
    d.set_item("destination", ip_py(py, s.destination.address)?)?;
    d.set_item("ttl", s.destination.ttl)?;
    d.set_item("address_count", s.destination.count)?;
    let (sources, exclude, any) = match &s.source_filter {
        Some(f) => (
            f.sources()
                .map(|a| ip_py(py, a))
                .collect::<PyResult<Vec<_>>>()?,
            f.mode == FilterMode::Exclude,
            f.destination.is_none(),
        ),
        None => (Vec::new(), false, false),
    };
    d.set_item("sources", PyTuple::new(py, sources)?)?;
    d.set_item("source_filter_exclude", exclude)?;
    d.set_item("source_filter_any_destination", any)?;
    let clocks: Vec<String> = s.ref_clocks.iter().map(|c| c.to_string()).collect();
    d.set_item("ref_clocks", PyTuple::new(py, clocks)?)?;
    Ok(d)
}

fn sdp_to_dict<'py>(py: Python<'py>, v: &VideoSdp<'_>) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("origin_username", v.origin.username)?;
    d.set_item("session_id", v.origin.session_id)?;
    d.set_item("session_version", v.origin.session_version)?;
    d.set_item("origin_address", v.origin.address)?;
    d.set_item("origin_ipv6", v.origin.address_type == AddressType::Ip6)?;
    d.set_item("session_name", v.session_name)?;
    d.set_item("session_info", v.session_info)?;
    d.set_item("timing", (v.timing.start, v.timing.stop))?;
    d.set_item("payload_type", v.payload_type)?;
    let f = &v.format;
    d.set_item("sampling", f.sampling.name())?;
    d.set_item("depth", f.depth.name())?;
    d.set_item("width", f.width)?;
    d.set_item("height", f.height)?;
    d.set_item(
        "rate",
        (f.exactframerate.numerator(), f.exactframerate.denominator()),
    )?;
    d.set_item("colorimetry", f.colorimetry.name())?;
    d.set_item("packing_mode", f.packing_mode.name())?;
    d.set_item("ssn", f.ssn.name())?;
    d.set_item("tp", f.tp.name())?;
    d.set_item("interlace", f.interlace)?;
    d.set_item("segmented", f.segmented)?;
    d.set_item("tcs", f.tcs.map(Tcs::name))?;
    d.set_item("range", f.range.map(SampleRange::name))?;
    d.set_item("max_udp", f.maxudp)?;
    d.set_item("par", f.par.map(|p| (p.width, p.height)))?;
    d.set_item("troff", f.troff)?;
    d.set_item("cmax", f.cmax)?;
    d.set_item("media_clock", v.media_clock.to_string())?;
    let legs = PyList::empty(py);
    for s in v.streams() {
        legs.append(leg_to_dict(py, s)?)?;
    }
    d.set_item("legs", legs)?;
    Ok(d)
}

/// Strings a description borrows from, kept alive while it is built.
struct SdpStrings {
    username: String,
    address: String,
    name: String,
    info: Option<String>,
    media_clock: String,
    legs: Vec<LegStrings>,
}

struct LegStrings {
    mid: Option<String>,
    clocks: Vec<String>,
}

fn strings_of(d: &Bound<'_, PyDict>) -> PyResult<SdpStrings> {
    let legs_obj = get(d, "legs")?;
    let mut legs = Vec::new();
    for leg in legs_obj.try_iter()? {
        let leg = leg?;
        let leg = leg.cast::<PyDict>()?;
        legs.push(LegStrings {
            mid: get_opt(leg, "mid")?.map(|m| m.extract()).transpose()?,
            clocks: get(leg, "ref_clocks")?.extract()?,
        });
    }
    Ok(SdpStrings {
        username: get(d, "origin_username")?.extract()?,
        address: get(d, "origin_address")?.extract()?,
        name: get(d, "session_name")?.extract()?,
        info: get_opt(d, "session_info")?
            .map(|i| i.extract())
            .transpose()?,
        media_clock: get(d, "media_clock")?.extract()?,
        legs,
    })
}

fn pick<T: Copy>(all: &[T], name: &str, what: &str, f: impl Fn(T) -> &'static str) -> PyResult<T> {
    all.iter()
        .copied()
        .find(|v| f(*v) == name)
        .ok_or_else(|| value_err(what, "a value ST 2110-20 defines", format!("{name:?}")))
}

fn leg_from_dict<'a>(
    py: Python<'_>,
    leg: &Bound<'_, PyDict>,
    s: &'a LegStrings,
) -> PyResult<Stream<'a>> {
    let address = ip_arg(&get(leg, "destination")?, "destination")?;
    let destination = Connection {
        address,
        ttl: get_opt(leg, "ttl")?.map(|v| v.extract()).transpose()?,
        count: get_opt(leg, "address_count")?
            .map(|v| v.extract())
            .transpose()?,
    };
    let mut sources = Vec::new();
    for src in get(leg, "sources")?.try_iter()? {
        sources.push(ip_arg(&src?, "sources")?);
    }
    let source_filter = if sources.is_empty() {
        None
    } else {
        let exclude: bool = get(leg, "source_filter_exclude")?.extract()?;
        let any: bool = get(leg, "source_filter_any_destination")?.extract()?;
        Some(
            SourceFilter::new(
                if exclude {
                    FilterMode::Exclude
                } else {
                    FilterMode::Include
                },
                AddressType::of(&address),
                (!any).then_some(address),
                &sources,
            )
            .map_err(|e| st_error(py, e, None))?,
        )
    };
    let mut ref_clocks = RefClocks::new();
    for c in &s.clocks {
        ref_clocks
            .push(RefClock::parse(c, 0).map_err(|e| st_error(py, e, None))?)
            .map_err(|e| st_error(py, e, None))?;
    }
    Ok(Stream {
        mid: s.mid.as_deref(),
        port: get(leg, "port")?.extract()?,
        destination,
        source_filter,
        ref_clocks,
    })
}

fn sdp_from_dict<'a>(
    py: Python<'_>,
    d: &Bound<'_, PyDict>,
    s: &'a SdpStrings,
) -> PyResult<VideoSdp<'a>> {
    let (rate_num, rate_den): (u32, u32) = get(d, "rate")?.extract()?;
    let (start, stop): (u64, u64) = get(d, "timing")?.extract()?;
    let str_of = |k: &str| -> PyResult<String> { get(d, k)?.extract() };
    let opt_str =
        |k: &str| -> PyResult<Option<String>> { get_opt(d, k)?.map(|v| v.extract()).transpose() };
    let format = VideoFormat {
        sampling: sampling_arg(&str_of("sampling")?)?,
        depth: depth_arg(&str_of("depth")?)?,
        width: get(d, "width")?.extract()?,
        height: get(d, "height")?.extract()?,
        exactframerate: rate_arg(rate_num, rate_den, "rate")?,
        colorimetry: pick(
            Colorimetry::ALL,
            &str_of("colorimetry")?,
            "colorimetry",
            Colorimetry::name,
        )?,
        packing_mode: packing_arg(&str_of("packing_mode")?)?,
        ssn: pick(Ssn::ALL, &str_of("ssn")?, "ssn", Ssn::name)?,
        tp: sender_arg(&str_of("tp")?)?,
        interlace: get(d, "interlace")?.extract()?,
        segmented: get(d, "segmented")?.extract()?,
        tcs: opt_str("tcs")?
            .map(|t| pick(Tcs::ALL, &t, "tcs", Tcs::name))
            .transpose()?,
        range: opt_str("range")?
            .map(|t| pick(SampleRange::ALL, &t, "range", SampleRange::name))
            .transpose()?,
        maxudp: get_opt(d, "max_udp")?.map(|v| v.extract()).transpose()?,
        par: get_opt(d, "par")?
            .map(|v| v.extract::<(u32, u32)>())
            .transpose()?
            .map(|(width, height)| Par { width, height }),
        troff: get_opt(d, "troff")?.map(|v| v.extract()).transpose()?,
        cmax: get_opt(d, "cmax")?.map(|v| v.extract()).transpose()?,
    };
    let legs = get(d, "legs")?;
    let n = legs.len()?;
    if !(1..=2).contains(&n) || n != s.legs.len() {
        return Err(value_err("legs", "one stream, or two for ST 2022-7", n));
    }
    let leg = |i: usize| -> PyResult<Stream<'a>> {
        let l = legs.get_item(i)?;
        leg_from_dict(py, l.cast::<PyDict>()?, &s.legs[i])
    };
    let ipv6: bool = get(d, "origin_ipv6")?.extract()?;
    Ok(VideoSdp {
        origin: Origin {
            username: &s.username,
            session_id: get(d, "session_id")?.extract()?,
            session_version: get(d, "session_version")?.extract()?,
            address_type: if ipv6 {
                AddressType::Ip6
            } else {
                AddressType::Ip4
            },
            address: &s.address,
        },
        session_name: &s.name,
        session_info: s.info.as_deref(),
        timing: Timing { start, stop },
        payload_type: get(d, "payload_type")?.extract()?,
        format,
        media_clock: MediaClock::parse(&s.media_clock, 0).map_err(|e| st_error(py, e, None))?,
        primary: leg(0)?,
        secondary: if n == 2 { Some(leg(1)?) } else { None },
    })
}

/// Reads and checks an ST 2110-20 description; returns its fields as a dict.
#[pyfunction]
fn sdp_parse<'py>(py: Python<'py>, text: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyDict>> {
    if let Ok(s) = text.cast::<PyString>() {
        let s = s.to_cow()?;
        let v = VideoSdp::parse(&s).map_err(|e| st_error(py, e, Some(s.as_bytes())))?;
        return sdp_to_dict(py, &v);
    }
    let input = Input::new(text, "text")?;
    let owned: Vec<u8> = input.with(<[u8]>::to_vec);
    let v = VideoSdp::parse_bytes(&owned).map_err(|e| st_error(py, e, Some(&owned)))?;
    sdp_to_dict(py, &v)
}

/// Checks a description given as the dict `sdp_parse` returns and writes its text.
#[pyfunction]
fn sdp_write(py: Python<'_>, d: &Bound<'_, PyDict>) -> PyResult<String> {
    let s = strings_of(d)?;
    let v = sdp_from_dict(py, d, &s)?;
    let mut out = String::new();
    v.write_to(&mut out).map_err(|e| st_error(py, e, None))?;
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Packetizer and depacketizer

/// The packetizer (wrapped by `mediafabric.st2110.Packetizer`).
#[pyclass(module = "mediafabric._native._st2110", name = "Packetizer")]
struct Packetizer {
    p: Pack,
    frame_bytes: usize,
    fields: u32,
}

type PartsTuple<'py> = (Bound<'py, PyBytes>, Vec<(usize, usize)>, bool);

#[pymethods]
impl Packetizer {
    #[new]
    #[allow(clippy::too_many_arguments)]
    fn new(
        sampling: &str,
        depth: &str,
        width: u32,
        height: u32,
        interlaced: bool,
        packing: &str,
        max_udp: usize,
        payload_type: u8,
        ssrc: u32,
        first_sequence: u32,
    ) -> PyResult<Self> {
        let layout = layout_arg(sampling, depth, width, height, interlaced)?;
        let cfg = PacketizerConfig {
            layout,
            packing: packing_arg(packing)?,
            max_udp,
            payload_type,
            ssrc,
        };
        let p = Pack::new(cfg, first_sequence).map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(Packetizer {
            p,
            frame_bytes: layout.frame_bytes(),
            fields: layout.fields(),
        })
    }

    #[getter]
    fn npackets(&self) -> u32 {
        self.p.packets_per_field()
    }

    #[getter]
    fn frame_bytes(&self) -> usize {
        self.frame_bytes
    }

    #[getter]
    fn next_sequence(&self) -> u32 {
        self.p.next_sequence()
    }

    fn packets<'py>(
        &mut self,
        py: Python<'py>,
        frame: &Bound<'py, PyAny>,
        field: u32,
        rtp_timestamp: u32,
    ) -> PyResult<Vec<Bound<'py, PyBytes>>> {
        self.check_field(field)?;
        let input = Input::new(frame, "frame")?;
        if input.len() < self.frame_bytes {
            return Err(value_err(
                "frame",
                &format!("{} bytes (a whole frame buffer)", self.frame_bytes),
                input.len(),
            ));
        }
        let max = self.p.config().max_udp;
        // Packets are built in Rust first (no Python code runs while the frame is read).
        let packets: Vec<Vec<u8>> = input.with(|frame| {
            let mut f = self.p.field(field, rtp_timestamp);
            let mut out = vec![0u8; max];
            let mut v = Vec::new();
            while let Some(Ok(n)) = f.next_into(frame, &mut out) {
                v.push(out[..n].to_vec());
            }
            v
        });
        Ok(packets.iter().map(|p| PyBytes::new(py, p)).collect())
    }

    fn parts<'py>(
        &mut self,
        py: Python<'py>,
        field: u32,
        rtp_timestamp: u32,
    ) -> PyResult<Vec<PartsTuple<'py>>> {
        self.check_field(field)?;
        let mut f = self.p.field(field, rtp_timestamp);
        let mut v = Vec::new();
        while let Some(p) = f.next_parts() {
            let ranges = p.ranges().iter().map(|r| (r.start, r.len())).collect();
            v.push((PyBytes::new(py, p.header()), ranges, p.marker()));
        }
        Ok(v)
    }
}

impl Packetizer {
    fn check_field(&self, field: u32) -> PyResult<()> {
        if field >= self.fields {
            return Err(value_err(
                "field",
                "0, or 1 for an interlaced stream",
                field,
            ));
        }
        Ok(())
    }
}

/// A finished picture: (slot, rtp_timestamp, complete, lost_bytes, packets, data, lost).
type PictureTuple<'py> = (
    usize,
    Option<u32>,
    bool,
    u64,
    u64,
    Bound<'py, PyBytes>,
    Vec<(usize, usize)>,
);

/// The depacketizer (wrapped by `mediafabric.st2110.Depacketizer`).
#[pyclass(module = "mediafabric._native._st2110", name = "Depacketizer")]
struct Depacketizer {
    d: Depack<Vec<u8>, Vec<u64>>,
}

#[pymethods]
impl Depacketizer {
    #[new]
    #[allow(clippy::too_many_arguments)]
    fn new(
        sampling: &str,
        depth: &str,
        width: u32,
        height: u32,
        interlaced: bool,
        payload_type: Option<u8>,
        reorder_window: u32,
    ) -> PyResult<Self> {
        let layout = layout_arg(sampling, depth, width, height, interlaced)?;
        if payload_type.is_some_and(|p| p > 127) {
            return Err(value_err(
                "payload_type",
                "0..=127",
                payload_type.unwrap_or(0),
            ));
        }
        Ok(Depacketizer {
            d: Depack::allocate(DepacketizerConfig {
                layout,
                payload_type,
                reorder_window,
            }),
        })
    }

    #[getter]
    fn frame_bytes(&self) -> usize {
        self.d.config().layout.frame_bytes()
    }

    /// Each finished picture's bytes are copied once, straight into a new `bytes`
    /// object, so they outlive the depacketizer's buffer.
    fn push<'py>(
        &mut self,
        py: Python<'py>,
        packet: &Bound<'py, PyAny>,
    ) -> PyResult<Vec<PictureTuple<'py>>> {
        let input = Input::new(packet, "packet")?;
        let pushed = input
            .with(|p| self.d.push(p))
            .map_err(|e| st_error(py, e, None))?;
        let mut out = Vec::new();
        for c in pushed.iter() {
            let frame = self.d.frame(c.slot);
            let data = PyBytes::new_with(py, frame.len(), |b| {
                b.copy_from_slice(frame);
                Ok(())
            })?;
            let lost = self.d.lost(c.slot).map(|r| (r.start, r.len())).collect();
            out.push((
                c.slot,
                c.rtp_timestamp,
                c.complete,
                c.lost_bytes,
                c.packets,
                data,
                lost,
            ));
        }
        Ok(out)
    }

    fn counters<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let c = self.d.counters();
        let d = PyDict::new(py);
        for (k, v) in [
            ("packets", c.packets),
            ("invalid", c.invalid),
            ("late", c.late),
            ("reordered", c.reordered),
            ("sequence_gaps", c.sequence_gaps),
            ("duplicate_packets", c.duplicate_packets),
            ("duplicate_pgroups", c.duplicate_pgroups),
            ("complete", c.complete),
            ("incomplete", c.incomplete),
        ] {
            d.set_item(k, v)?;
        }
        Ok(d)
    }
}

// ---------------------------------------------------------------------------------------
// Timing

#[pyfunction]
fn rtp_timestamp(ptp_ns: u128, clock_num: u32, clock_den: u32) -> PyResult<u32> {
    let clock = rate_arg(clock_num, clock_den, "clock")?;
    Ok(st2059::rtp_timestamp(clock, timestamp_arg(ptp_ns)?))
}

#[pyfunction]
fn rtp_timestamp_of_frame(
    frame: u128,
    rate_num: u32,
    rate_den: u32,
    clock_num: u32,
    clock_den: u32,
) -> PyResult<u32> {
    let rate = rate_arg(rate_num, rate_den, "rate")?;
    let clock = rate_arg(clock_num, clock_den, "clock")?;
    Ok(st2059::rtp_timestamp_of_frame(rate, clock, frame))
}

/// `(frame, numerator, denominator)`: the frame and its alignment point in exact ns.
#[pyfunction]
fn next_alignment_point(ptp_ns: u128, rate_num: u32, rate_den: u32) -> PyResult<(u128, u128, u32)> {
    let rate = rate_arg(rate_num, rate_den, "rate")?;
    let a = st2059::next_alignment_point(rate, timestamp_arg(ptp_ns)?);
    let (rem, div) = a.time.fraction();
    let num = a
        .time
        .nanos_floor()
        .checked_mul(u128::from(div))
        .and_then(|x| x.checked_add(u128::from(rem)))
        .ok_or_else(|| value_err("ptp_ns", "a representable time", ptp_ns))?;
    Ok((a.frame, num, div))
}

/// `(hours, minutes, seconds, frames, sub_frame, drop_frame)`.
#[pyfunction]
fn time_code(
    ptp_ns: u128,
    rate_num: u32,
    rate_den: u32,
    drop_frame: bool,
    local_offset: i32,
) -> PyResult<(u8, u8, u8, u8, u8, bool)> {
    let rate = rate_arg(rate_num, rate_den, "rate")?;
    let format = TimeCodeFormat::new(rate, drop_frame).map_err(time_error)?;
    let g = TimeCodeGenerator::new(format, LocalTimeOffset::fixed(local_offset));
    let tc = g.time_code(timestamp_arg(ptp_ns)?);
    Ok((
        tc.hours,
        tc.minutes,
        tc.seconds,
        tc.frames,
        tc.sub_frame,
        tc.drop_frame,
    ))
}

#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn packets_per_frame(
    sampling: &str,
    depth: &str,
    width: u32,
    height: u32,
    scan: &str,
    packing: &str,
    max_udp: u32,
    single_row: bool,
) -> PyResult<u32> {
    let format = Format::new(sampling_arg(sampling)?, depth_arg(depth)?);
    let packing = match (packing_arg(packing)?, single_row) {
        (PackingMode::Block, false) => Packing::Block,
        (PackingMode::General, false) => Packing::General { max_udp },
        (PackingMode::General, true) => Packing::SingleRow { max_udp },
        (PackingMode::Block, true) => {
            return Err(value_err("single_row", "False with block packing", "True"));
        }
    };
    pacing::packets_per_frame(format, width, height, scan_arg(scan)?, packing).map_err(pacing_error)
}

// ---------------------------------------------------------------------------------------
// Schedule, analyzer

/// The ST 2110-21 schedule (wrapped by `mediafabric.st2110.Schedule`).
#[pyclass(frozen, module = "mediafabric._native._st2110", name = "Schedule")]
struct Schedule {
    s: Sched,
}

#[pymethods]
impl Schedule {
    #[new]
    #[allow(clippy::too_many_arguments)]
    fn new(
        rate_num: u32,
        rate_den: u32,
        scan: &str,
        height: u32,
        npackets: u32,
        sender: &str,
        troff: Option<u32>,
        max_udp: Option<u32>,
    ) -> PyResult<Self> {
        let mut s = Sched::new(
            rate_arg(rate_num, rate_den, "rate")?,
            scan_arg(scan)?,
            height,
            npackets,
            sender_arg(sender)?,
        )
        .map_err(pacing_error)?;
        if let Some(m) = max_udp {
            s = s.with_max_udp(m).map_err(pacing_error)?;
        }
        if let Some(t) = troff {
            s = s.with_troff_micros(t).map_err(pacing_error)?;
        }
        Ok(Schedule { s })
    }

    fn info<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let s = &self.s;
        let d = PyDict::new(py);
        d.set_item("npackets", s.npackets())?;
        d.set_item("tframe", nanos_out(s.tframe()))?;
        d.set_item("trs", nanos_out(s.trs()))?;
        d.set_item("tro", nanos_out(s.tro()))?;
        d.set_item("tro_default", nanos_out(s.tro_default()))?;
        d.set_item("tdrain", nanos_out(s.tdrain()))?;
        d.set_item("tline", nanos_out(s.tline()))?;
        d.set_item("ractive", s.ractive())?;
        d.set_item("cmax", s.cmax())?;
        d.set_item("vrx_full", s.vrx_full())?;
        d.set_item("cmax_narrow", s.cmax_narrow())?;
        d.set_item("vrx_full_narrow", s.vrx_full_narrow())?;
        d.set_item("cmax_wide", s.cmax_wide())?;
        d.set_item("vrx_full_wide", s.vrx_full_wide())?;
        Ok(d)
    }

    fn departure(&self, frame: u128, packet: u32) -> PyResult<(i128, u64)> {
        Ok(nanos_out(
            self.s.departure(frame, packet).map_err(pacing_error)?,
        ))
    }

    fn departure_ns(&self, frame: u128, packet: u32) -> PyResult<i128> {
        Ok(self
            .s
            .departure(frame, packet)
            .map_err(pacing_error)?
            .ceil())
    }

    fn rtp_timestamp(&self, frame: u128, second_field: bool) -> u32 {
        self.s.rtp_timestamp_of_field(frame, second_field)
    }
}

fn compliance_name(c: Compliance) -> &'static str {
    c.name()
}

fn summary_dict<'py>(py: Python<'py>, s: &FrameSummary) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("frame", s.frame)?;
    d.set_item("ordinal", s.ordinal)?;
    d.set_item("rtp_timestamp", s.rtp_timestamp)?;
    d.set_item("packets", s.packets)?;
    d.set_item("octets", s.octets)?;
    d.set_item("first_packet_ns", s.first_packet_ns)?;
    d.set_item("fpt", nanos_out(s.fpt))?;
    d.set_item("rtp_offset", s.rtp_offset)?;
    d.set_item("latency", nanos_out(s.latency))?;
    d.set_item("rtp_delta", s.rtp_delta)?;
    d.set_item("cinst_max", s.cinst_max)?;
    d.set_item("vrx_max", s.vrx_max)?;
    d.set_item("vrx_min", s.vrx_min)?;
    d.set_item("compliance", compliance_name(s.compliance))?;
    Ok(d)
}

fn extreme_tuple<'py, T>(
    py: Python<'py>,
    e: Option<Extreme<T>>,
    f: impl Fn(T) -> PyResult<Bound<'py, PyAny>>,
) -> PyResult<Option<(Bound<'py, PyAny>, u128, u64)>> {
    let _ = py;
    e.map(|e| Ok((f(e.value)?, e.frame, e.ordinal))).transpose()
}

fn report_dict<'py>(py: Python<'py>, r: &Report) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("compliance", r.compliance.map(compliance_name))?;
    let worst = r.worst.map(|w| {
        (
            w.frame,
            w.ordinal,
            match w.measure {
                Measure::CInst => "cinst",
                Measure::VrxOverflow => "vrx_overflow",
                Measure::VrxUnderflow => "vrx_underflow",
            },
            w.value,
            w.limit,
        )
    });
    d.set_item("worst", worst)?;
    let l = &r.limits;
    d.set_item(
        "limits",
        (
            l.cmax_narrow,
            l.vrx_full_narrow,
            l.cmax_wide,
            l.vrx_full_wide,
        ),
    )?;
    for (k, v) in [
        ("frames", r.frames),
        ("packets", r.packets),
        ("octets", r.octets),
        ("lost", r.lost),
        ("skipped", r.skipped),
    ] {
        d.set_item(k, v)?;
    }
    let int = |v: i64| -> PyResult<Bound<'py, PyAny>> { Ok(v.into_pyobject(py)?.into_any()) };
    let ns = |v: Nanos| -> PyResult<Bound<'py, PyAny>> {
        Ok(nanos_out(v).into_pyobject(py)?.into_any())
    };
    d.set_item(
        "cinst_max",
        extreme_tuple(py, r.cinst_max, |v| int(i64::from(v)))?,
    )?;
    d.set_item("vrx_max", extreme_tuple(py, r.vrx_max, int)?)?;
    d.set_item("vrx_min", extreme_tuple(py, r.vrx_min, int)?)?;
    d.set_item("fpt_min", extreme_tuple(py, r.fpt_min, ns)?)?;
    d.set_item("fpt_max", extreme_tuple(py, r.fpt_max, ns)?)?;
    d.set_item("rtp_offset_min", extreme_tuple(py, r.rtp_offset_min, int)?)?;
    d.set_item("rtp_offset_max", extreme_tuple(py, r.rtp_offset_max, int)?)?;
    d.set_item("latency_min", extreme_tuple(py, r.latency_min, ns)?)?;
    d.set_item("latency_max", extreme_tuple(py, r.latency_max, ns)?)?;
    d.set_item(
        "rtp_delta_min",
        extreme_tuple(py, r.rtp_delta_min, |v| int(i64::from(v)))?,
    )?;
    d.set_item(
        "rtp_delta_max",
        extreme_tuple(py, r.rtp_delta_max, |v| int(i64::from(v)))?,
    )?;
    d.set_item(
        "packets_min",
        extreme_tuple(py, r.packets_min, |v| int(i64::from(v)))?,
    )?;
    d.set_item(
        "packets_max",
        extreme_tuple(py, r.packets_max, |v| int(i64::from(v)))?,
    )?;
    Ok(d)
}

/// The ST 2110-21 analyzer (wrapped by `mediafabric.st2110.Analyzer`).
#[pyclass(module = "mediafabric._native._st2110", name = "Analyzer")]
struct Analyzer {
    a: An,
}

#[pymethods]
impl Analyzer {
    #[new]
    fn new(
        schedule: &Bound<'_, Schedule>,
        drain_origin: &str,
        datum: &str,
        start_at_first_packet: bool,
    ) -> PyResult<Self> {
        let origin = match drain_origin {
            "epoch" => DrainOrigin::Epoch,
            "first_packet" => DrainOrigin::FirstPacket,
            o => return Err(value_err("drain_origin", "'epoch' or 'first_packet'", o)),
        };
        let datum = match datum {
            "nearest" => Datum::Nearest,
            "rtp_timestamp" => Datum::RtpTimestamp,
            o => return Err(value_err("datum", "'nearest' or 'rtp_timestamp'", o)),
        };
        let mut a = An::new(schedule.get().s).drain_origin(origin).datum(datum);
        if start_at_first_packet {
            a = a.starting_at_first_packet();
        }
        Ok(Analyzer { a })
    }

    #[allow(clippy::too_many_arguments)]
    fn push<'py>(
        &mut self,
        py: Python<'py>,
        time_ns: u128,
        rtp_timestamp: u32,
        marker: bool,
        sequence: u16,
        length: u32,
        second_field: bool,
    ) -> PyResult<Option<Bound<'py, PyDict>>> {
        let p = Arrival {
            time_ns,
            rtp_timestamp,
            marker,
            sequence,
            length,
            second_field,
        };
        let s = self.a.push(&p).map_err(pacing_error)?;
        s.map(|s| summary_dict(py, &s)).transpose()
    }

    fn finish<'py>(&mut self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        self.a.finish().map(|s| summary_dict(py, &s)).transpose()
    }

    fn report<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        report_dict(py, &self.a.report())
    }
}

// ---------------------------------------------------------------------------------------
// ST 2022-7

/// The ST 2022-7 merger (wrapped by `mediafabric.st2110.Merger`).
#[pyclass(module = "mediafabric._native._st2110", name = "Merger")]
struct Merger {
    m: Merge,
}

fn leg_arg(leg: &str) -> PyResult<Leg> {
    match leg {
        "a" | "A" => Ok(Leg::A),
        "b" | "B" => Ok(Leg::B),
        o => Err(value_err("leg", "'a' or 'b'", format!("{o:?}"))),
    }
}

#[pymethods]
impl Merger {
    #[new]
    fn new() -> Self {
        Merger { m: Merge::new() }
    }

    fn push(&mut self, leg: &str, seq: u32) -> PyResult<&'static str> {
        Ok(match self.m.push(leg_arg(leg)?, seq) {
            Verdict::First => "first",
            Verdict::Duplicate => "duplicate",
            Verdict::TooOld => "too_old",
        })
    }

    fn extend(&self, seq16: u16) -> u32 {
        self.m.extend(seq16)
    }

    fn finish(&mut self) {
        self.m.finish();
    }

    fn counters<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (name, leg) in [("a", Leg::A), ("b", Leg::B)] {
            let c = self.m.leg(leg);
            let l = PyDict::new(py);
            l.set_item("packets", c.packets)?;
            l.set_item("first", c.first)?;
            l.set_item("duplicates", c.duplicates)?;
            l.set_item("too_old", c.too_old)?;
            l.set_item("gaps", c.gaps)?;
            d.set_item(name, l)?;
        }
        d.set_item("merged_packets", self.m.merged().packets)?;
        d.set_item("merged_lost", self.m.merged().lost)?;
        Ok(d)
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let s = PyModule::new(py, "mediafabric._native._st2110")?;
    s.add_class::<Packetizer>()?;
    s.add_class::<Depacketizer>()?;
    s.add_class::<Schedule>()?;
    s.add_class::<Analyzer>()?;
    s.add_class::<Merger>()?;
    s.add_function(wrap_pyfunction!(sdp_parse, &s)?)?;
    s.add_function(wrap_pyfunction!(sdp_write, &s)?)?;
    s.add_function(wrap_pyfunction!(rtp_timestamp, &s)?)?;
    s.add_function(wrap_pyfunction!(rtp_timestamp_of_frame, &s)?)?;
    s.add_function(wrap_pyfunction!(next_alignment_point, &s)?)?;
    s.add_function(wrap_pyfunction!(time_code, &s)?)?;
    s.add_function(wrap_pyfunction!(packets_per_frame, &s)?)?;
    s.add("WINDOW", mediafabric_st2110::redundancy::WINDOW)?;
    s.add("VIDEO_CLOCK_RATE", mediafabric_st2110::VIDEO_CLOCK_RATE)?;
    m.setattr("_st2110", s)?;
    Ok(())
}
