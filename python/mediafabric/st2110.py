"""SMPTE ST 2110-20 video: SDP, packetizer, depacketizer, ST 2110-21 timing and
compliance, ST 2022-7 redundancy, and the SMPTE ST 2059-1 time arithmetic.

The work is done by the ``mediafabric-st2110`` and ``mediafabric-ptp`` crates; this
module gives their results typed Python shapes::

    from mediafabric import st2110

    sdp = st2110.parse_sdp(open("stream.sdp").read())
    rx = st2110.Depacketizer(sdp.sampling, sdp.depth, sdp.width, sdp.height,
                             interlaced=sdp.interlace, payload_type=sdp.payload_type)
    for packet in udp_payloads:
        for picture in rx.push(packet):
            pixels = numpy.frombuffer(picture.data, dtype=numpy.uint8)  # no copy

Frames are in the RFC 4175 pgroup layout, row after row (``frame_bytes`` bytes).
``Picture.data`` is a ``bytes`` object: the depacketizer copies a finished picture once,
straight into it, so it stays valid for as long as it is referenced; ``memoryview`` and
``numpy.frombuffer`` wrap it without a further copy (read-only).

Exact times (TFRAME, TRS, TRO, departures, first packet times...) are
``fractions.Fraction`` nanoseconds: TRO of 1080p59.94 is ``Fraction(17217200, 27)``.
Rates are ``int``, ``Fraction`` or ``(numerator, denominator)``.

Bad packets raise ``mediafabric.ParseError`` (layer ``"rtp"`` or ``"rfc4175"``, with
the byte offset); bad SDP text raises ``SdpError`` (a ``ParseError`` with ``line``,
``field`` and ``expected``); bad values raise ``ValueError``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field as _field, replace
from fractions import Fraction
from ipaddress import IPv4Address, IPv6Address
from typing import Any, Dict, List, Optional, Tuple, Union

from mediafabric._errors import ParseError
from mediafabric._native import _st2110 as _native

__all__ = [
    "VIDEO_CLOCK_RATE",
    "MERGER_WINDOW",
    "Analyzer",
    "Depacketizer",
    "Extreme",
    "FrameSummary",
    "Merger",
    "PacketParts",
    "Packetizer",
    "Picture",
    "Report",
    "Schedule",
    "Sdp",
    "SdpError",
    "SdpLeg",
    "TimeCode",
    "Worst",
    "next_alignment_point",
    "packets_per_frame",
    "parse_sdp",
    "rtp_timestamp",
    "rtp_timestamp_of_frame",
    "time_code",
]

VIDEO_CLOCK_RATE: int = _native.VIDEO_CLOCK_RATE
MERGER_WINDOW: int = _native.WINDOW

IpAddress = Union[IPv4Address, IPv6Address]
RateLike = Union[int, Fraction, Tuple[int, int]]


def _rate(rate: RateLike, what: str = "rate") -> Tuple[int, int]:
    if isinstance(rate, tuple):
        num, den = rate
    elif isinstance(rate, (int, Fraction)) and not isinstance(rate, bool):
        num, den = rate.numerator, rate.denominator
    else:
        raise TypeError(f"{what}: an int, a Fraction or a (numerator, denominator) tuple is required")
    if num <= 0 or den <= 0 or num >= 1 << 32 or den >= 1 << 32:
        raise ValueError(f"{what}: a positive rate with 32-bit terms is required, got {num}/{den}")
    return int(num), int(den)


def _ns(pair: Tuple[int, int]) -> Fraction:
    return Fraction(pair[0], pair[1])


class SdpError(ParseError):
    """An SDP that cannot be accepted: ``line`` (1-based; 0 for a description built in
    memory), ``field`` (the line type, attribute or parameter: ``"m"``, ``"TP"``...) and
    ``expected``; ``offset`` is where the line starts in the text."""

    line: int
    field: str
    expected: str

    def __init__(self, line: int, field: str, expected: str, offset: int = 0) -> None:
        super().__init__("sdp", offset, f"line {line}: {field}: expected {expected}")
        self.args = (line, field, expected, offset)
        self.line = line
        self.field = field
        self.expected = expected

    def __str__(self) -> str:
        return f"sdp: line {self.line}: {self.field}: expected {self.expected}"


# ---- SDP -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SdpLeg:
    """One RTP stream (``m=video`` section): the only one, or one leg of ST 2022-7."""

    port: int
    destination: IpAddress
    ref_clocks: Tuple[str, ...]
    mid: Optional[str] = None
    ttl: Optional[int] = None
    address_count: Optional[int] = None
    sources: Tuple[IpAddress, ...] = ()
    source_filter_exclude: bool = False
    source_filter_any_destination: bool = False

    @property
    def source(self) -> Optional[IpAddress]:
        """The (first) source of the source filter, if there is one."""
        return self.sources[0] if self.sources else None


@dataclass(frozen=True)
class Sdp:
    """An ST 2110-20 session description: the format parameters (ST 2110-20 §7, with
    ``TP``/``TROFF``/``CMAX`` of ST 2110-21 and ``MAXUDP`` of ST 2110-10) and each
    stream's addressing. Enumerated values are spelled as SDP writes them
    (``"YCbCr-4:2:2"``, ``"10"``, ``"2110GPM"``, ``"2110TPN"``...)."""

    session_name: str
    origin_address: str
    sampling: str
    depth: str
    width: int
    height: int
    rate: Fraction
    legs: Tuple[SdpLeg, ...]
    colorimetry: str = "BT709"
    packing_mode: str = "2110GPM"
    ssn: str = "ST2110-20:2017"
    tp: str = "2110TPN"
    interlace: bool = False
    segmented: bool = False
    tcs: Optional[str] = None
    range: Optional[str] = None
    max_udp: Optional[int] = None
    par: Optional[Tuple[int, int]] = None
    troff: Optional[int] = None
    cmax: Optional[int] = None
    payload_type: int = 96
    origin_username: str = "-"
    session_id: int = 0
    session_version: int = 0
    origin_ipv6: bool = False
    session_info: Optional[str] = None
    timing: Tuple[int, int] = (0, 0)
    media_clock: str = "direct=0"

    def to_text(self) -> str:
        """The description as SDP text (CRLF line endings), after checking it as
        ``parse_sdp`` checks text (``SdpError`` with line 0 otherwise)."""
        d: Dict[str, Any] = {k: getattr(self, k) for k in self.__dataclass_fields__}
        d["rate"] = _rate(self.rate)
        d["legs"] = [asdict(leg) for leg in self.legs]
        return str(_native.sdp_write(d))

    def validate(self) -> None:
        """Raises ``SdpError`` or ``ValueError`` when the description is not valid."""
        self.to_text()

    def replace(self, **changes: Any) -> Sdp:
        """A copy with some fields changed."""
        return replace(self, **changes)


def parse_sdp(text: Union[str, bytes, bytearray, memoryview]) -> Sdp:
    """Reads and checks an ST 2110-20 session description (one stream, or two joined by
    ``a=group:DUP`` for ST 2022-7). Raises ``SdpError`` naming the line and parameter."""
    d = _native.sdp_parse(text)
    legs = tuple(
        SdpLeg(
            port=leg["port"],
            destination=leg["destination"],
            ref_clocks=tuple(leg["ref_clocks"]),
            mid=leg["mid"],
            ttl=leg["ttl"],
            address_count=leg["address_count"],
            sources=tuple(leg["sources"]),
            source_filter_exclude=leg["source_filter_exclude"],
            source_filter_any_destination=leg["source_filter_any_destination"],
        )
        for leg in d.pop("legs")
    )
    num, den = d.pop("rate")
    return Sdp(legs=legs, rate=Fraction(num, den), **d)


# ---- packetizer and depacketizer -----------------------------------------------------


@dataclass(frozen=True)
class PacketParts:
    """A packet as header bytes and ``(offset, length)`` ranges of the frame buffer
    (zero-copy): the packet is ``header`` followed by each range's bytes."""

    header: bytes
    ranges: Tuple[Tuple[int, int], ...]
    marker: bool

    def __len__(self) -> int:
        return len(self.header) + sum(n for _, n in self.ranges)

    def join(self, frame: Union[bytes, bytearray, memoryview]) -> bytes:
        """The whole packet, gathered from ``frame``."""
        view = memoryview(frame).cast("B")
        return self.header + b"".join(bytes(view[o : o + n]) for o, n in self.ranges)


class Packetizer:
    """RFC 4175 packets of frame buffers (ST 2110-20 GPM or BPM), one field (or
    progressive picture) at a time; sequence numbers run on from call to call."""

    def __init__(
        self,
        sampling: str,
        depth: str,
        width: int,
        height: int,
        *,
        interlaced: bool = False,
        packing: str = "2110GPM",
        max_udp: int = 1460,
        payload_type: int = 96,
        ssrc: int = 0,
        first_sequence: int = 0,
    ) -> None:
        self._n = _native.Packetizer(
            sampling, depth, width, height, interlaced, packing, max_udp, payload_type, ssrc,
            first_sequence,
        )

    @property
    def npackets(self) -> int:
        """Packets per field (or progressive picture)."""
        return int(self._n.npackets)

    @property
    def frame_bytes(self) -> int:
        """Bytes of a frame buffer."""
        return int(self._n.frame_bytes)

    @property
    def next_sequence(self) -> int:
        """The extended sequence number the next packet gets."""
        return int(self._n.next_sequence)

    def packets(
        self, frame: Union[bytes, bytearray, memoryview, Any], *, rtp_timestamp: int, field: int = 0
    ) -> List[bytes]:
        """The packets (UDP payloads) of field ``field`` of ``frame``, copied."""
        return list(self._n.packets(frame, field, rtp_timestamp))

    def parts(self, *, rtp_timestamp: int, field: int = 0) -> List[PacketParts]:
        """The packets of field ``field`` as header bytes and frame buffer ranges."""
        return [
            PacketParts(header, tuple(ranges), marker)
            for header, ranges, marker in self._n.parts(field, rtp_timestamp)
        ]


@dataclass(frozen=True)
class Picture:
    """A picture handed back by ``Depacketizer.push``: its bytes (``data``, the RFC 4175
    pgroup layout, a ``bytes`` that numpy can wrap without copying) and what did not
    arrive (``lost``: ``(offset, length)`` ranges; those bytes hold what the buffer held
    before)."""

    slot: int
    rtp_timestamp: Optional[int]
    complete: bool
    lost_bytes: int
    packets: int
    data: bytes = _field(repr=False)
    lost: Tuple[Tuple[int, int], ...] = ()


class Depacketizer:
    """Reassembles one ST 2110-20 stream (three frame buffers of its own)."""

    def __init__(
        self,
        sampling: str,
        depth: str,
        width: int,
        height: int,
        *,
        interlaced: bool = False,
        payload_type: Optional[int] = None,
        reorder_window: int = 32,
    ) -> None:
        self._n = _native.Depacketizer(
            sampling, depth, width, height, interlaced, payload_type, reorder_window
        )

    @property
    def frame_bytes(self) -> int:
        """Bytes of a picture."""
        return int(self._n.frame_bytes)

    def push(self, packet: Union[bytes, bytearray, memoryview, Any]) -> List[Picture]:
        """Takes one RTP packet (the UDP payload); returns the pictures it finished
        (none, one, or two when an older one was given up). A bad packet raises
        ``ParseError`` and changes nothing."""
        return [
            Picture(slot, ts, complete, lost_bytes, packets, data, tuple(lost))
            for slot, ts, complete, lost_bytes, packets, data, lost in self._n.push(packet)
        ]

    @property
    def counters(self) -> Dict[str, int]:
        """packets, invalid, late, reordered, sequence_gaps, duplicate_packets,
        duplicate_pgroups, complete, incomplete."""
        return dict(self._n.counters())


# ---- timing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TimeCode:
    """A SMPTE ST 12-1 time address."""

    hours: int
    minutes: int
    seconds: int
    frames: int
    sub_frame: int
    drop_frame: bool

    def __str__(self) -> str:
        sep = ";" if self.drop_frame else ":"
        return f"{self.hours:02}:{self.minutes:02}:{self.seconds:02}{sep}{self.frames:02}"


def rtp_timestamp(ptp_ns: int, clock: RateLike = VIDEO_CLOCK_RATE) -> int:
    """The RTP timestamp at PTP time ``ptp_ns`` (ns since the SMPTE Epoch) of a media
    clock of ``clock`` Hz: ``floor(t * clock) mod 2**32`` (ST 2110-10 §8.2)."""
    return int(_native.rtp_timestamp(ptp_ns, *_rate(clock, "clock")))


def rtp_timestamp_of_frame(frame: int, rate: RateLike, clock: RateLike = VIDEO_CLOCK_RATE) -> int:
    """The RTP timestamp of frame ``frame`` (frames since the epoch) at ``rate``."""
    return int(_native.rtp_timestamp_of_frame(frame, *_rate(rate), *_rate(clock, "clock")))


def next_alignment_point(ptp_ns: int, rate: RateLike) -> Tuple[int, Fraction]:
    """The first frame starting at or after ``ptp_ns`` and its start, in exact ns."""
    frame, num, den = _native.next_alignment_point(ptp_ns, *_rate(rate))
    return int(frame), Fraction(num, den)


def time_code(
    ptp_ns: int, rate: RateLike, *, drop_frame: bool = False, local_offset: int = 0
) -> TimeCode:
    """The ST 12-1 time code of the frame containing ``ptp_ns``, in local time
    ``local_offset`` seconds from PTP time, jammed daily at local midnight (ST 2059-1
    §7)."""
    return TimeCode(*_native.time_code(ptp_ns, *_rate(rate), drop_frame, local_offset))


def packets_per_frame(
    sampling: str,
    depth: str,
    width: int,
    height: int,
    *,
    scan: str = "progressive",
    packing: str = "2110GPM",
    max_udp: int = 1460,
    single_row: bool = False,
) -> int:
    """NPACKETS of ST 2110-21 (both fields of an interlaced frame). ``single_row``
    counts GPM with one row per packet."""
    return int(
        _native.packets_per_frame(sampling, depth, width, height, scan, packing, max_udp, single_row)
    )


# ---- ST 2110-21 ------------------------------------------------------------------------


class Schedule:
    """The ST 2110-21 timing of a stream: sender parameters and every packet's read
    time, exactly. ``scan`` is ``"progressive"``, ``"interlaced"`` or ``"psf"``;
    ``sender`` the SDP ``TP``; ``troff`` the SDP ``TROFF`` (µs); ``max_udp`` the SDP
    ``MAXUDP``."""

    def __init__(
        self,
        rate: RateLike,
        height: int,
        npackets: int,
        *,
        scan: str = "progressive",
        sender: str = "2110TPN",
        troff: Optional[int] = None,
        max_udp: Optional[int] = None,
    ) -> None:
        self._n = _native.Schedule(*_rate(rate), scan, height, npackets, sender, troff, max_udp)
        info = self._n.info()
        self.npackets: int = info["npackets"]
        self.tframe: Fraction = _ns(info["tframe"])
        self.trs: Fraction = _ns(info["trs"])
        self.tro: Fraction = _ns(info["tro"])
        self.tro_default: Fraction = _ns(info["tro_default"])
        self.tdrain: Fraction = _ns(info["tdrain"])
        self.tline: Fraction = _ns(info["tline"])
        self.ractive: Fraction = Fraction(*info["ractive"])
        self.cmax: Optional[int] = info["cmax"]
        self.vrx_full: int = info["vrx_full"]
        self.cmax_narrow: int = info["cmax_narrow"]
        self.vrx_full_narrow: int = info["vrx_full_narrow"]
        self.cmax_wide: Optional[int] = info["cmax_wide"]
        self.vrx_full_wide: int = info["vrx_full_wide"]

    def departure(self, frame: int, packet: int) -> Fraction:
        """The read time of packet ``packet`` of frame ``frame``, ns since the epoch."""
        return _ns(self._n.departure(frame, packet))

    def departure_ns(self, frame: int, packet: int) -> int:
        """The first whole nanosecond at or after ``departure(frame, packet)``."""
        return int(self._n.departure_ns(frame, packet))

    def rtp_timestamp(self, frame: int, *, second_field: bool = False) -> int:
        """The RTP timestamp of frame ``frame`` (or of its second field)."""
        return int(self._n.rtp_timestamp(frame, second_field))


@dataclass(frozen=True)
class FrameSummary:
    """What the analyzer measured over one frame."""

    frame: int
    ordinal: int
    rtp_timestamp: int
    packets: int
    octets: int
    first_packet_ns: int
    fpt: Fraction
    rtp_offset: int
    latency: Fraction
    rtp_delta: Optional[int]
    cinst_max: int
    vrx_max: int
    vrx_min: int
    compliance: str


@dataclass(frozen=True)
class Extreme:
    """An extreme value and the frame (and its ordinal) it occurred in."""

    value: Union[int, Fraction]
    frame: int
    ordinal: int


@dataclass(frozen=True)
class Worst:
    """The frame that made a stream less than narrow."""

    frame: int
    ordinal: int
    measure: str
    value: int
    limit: Optional[int]


@dataclass(frozen=True)
class Report:
    """Everything measured so far. ``compliance`` is ``"narrow"``, ``"narrow_linear"``,
    ``"wide"``, ``"not_compliant"`` or ``None`` before the first frame closes."""

    compliance: Optional[str]
    worst: Optional[Worst]
    cmax_narrow: int
    vrx_full_narrow: int
    cmax_wide: Optional[int]
    vrx_full_wide: int
    frames: int
    packets: int
    octets: int
    lost: int
    skipped: int
    cinst_max: Optional[Extreme]
    vrx_max: Optional[Extreme]
    vrx_min: Optional[Extreme]
    fpt_min: Optional[Extreme]
    fpt_max: Optional[Extreme]
    rtp_offset_min: Optional[Extreme]
    rtp_offset_max: Optional[Extreme]
    latency_min: Optional[Extreme]
    latency_max: Optional[Extreme]
    rtp_delta_min: Optional[Extreme]
    rtp_delta_max: Optional[Extreme]
    packets_min: Optional[Extreme]
    packets_max: Optional[Extreme]


def _summary(d: Optional[Dict[str, Any]]) -> Optional[FrameSummary]:
    if d is None:
        return None
    d = dict(d)
    d["fpt"] = _ns(d["fpt"])
    d["latency"] = _ns(d["latency"])
    return FrameSummary(**d)


def _extreme(t: Optional[Tuple[Any, int, int]]) -> Optional[Extreme]:
    if t is None:
        return None
    value = _ns(t[0]) if isinstance(t[0], tuple) else t[0]
    return Extreme(value, t[1], t[2])


class Analyzer:
    """Measures a stream against the ST 2110-21 models (CInst, VRX) and the -10 measures
    (first packet time, RTP offset, latency), packet by packet. ``drain_origin`` is
    ``"epoch"`` or ``"first_packet"``; ``datum`` ``"nearest"`` or ``"rtp_timestamp"``."""

    def __init__(
        self,
        schedule: Schedule,
        *,
        drain_origin: str = "epoch",
        datum: str = "nearest",
        start_at_first_packet: bool = False,
    ) -> None:
        self._n = _native.Analyzer(schedule._n, drain_origin, datum, start_at_first_packet)

    def push(
        self,
        time_ns: int,
        rtp_timestamp: int,
        *,
        marker: bool,
        sequence: int,
        length: int,
        second_field: bool = False,
    ) -> Optional[FrameSummary]:
        """Measures one packet; returns the summary of the frame it closed, if any.
        Arrivals must not go back in time (``ValueError``)."""
        return _summary(
            self._n.push(time_ns, rtp_timestamp, marker, sequence, length, second_field)
        )

    def finish(self) -> Optional[FrameSummary]:
        """Closes the frame in progress and returns its summary."""
        return _summary(self._n.finish())

    def report(self) -> Report:
        """Everything measured over the closed frames."""
        d = dict(self._n.report())
        w = d.pop("worst")
        cmax_narrow, vrx_full_narrow, cmax_wide, vrx_full_wide = d.pop("limits")
        extremes = {k: _extreme(v) for k, v in d.items() if isinstance(v, tuple) or v is None}
        extremes.pop("compliance", None)
        return Report(
            compliance=d["compliance"],
            worst=Worst(*w) if w is not None else None,
            cmax_narrow=cmax_narrow,
            vrx_full_narrow=vrx_full_narrow,
            cmax_wide=cmax_wide,
            vrx_full_wide=vrx_full_wide,
            frames=d["frames"],
            packets=d["packets"],
            octets=d["octets"],
            lost=d["lost"],
            skipped=d["skipped"],
            **extremes,
        )


class Merger:
    """The receive side of SMPTE ST 2022-7: ``push(leg, seq)`` with leg ``"a"`` or
    ``"b"`` and the 32-bit extended sequence number says ``"first"`` (pass it on),
    ``"duplicate"`` or ``"too_old"`` (drop it)."""

    def __init__(self) -> None:
        self._n = _native.Merger()

    def push(self, leg: str, seq: int) -> str:
        return str(self._n.push(leg, seq))

    def extend(self, seq16: int) -> int:
        """A 16-bit RTP sequence number extended to 32 bits (RFC 3550 Appendix A.1)."""
        return int(self._n.extend(seq16))

    def finish(self) -> None:
        """Counts the holes still in the window (at the end of a stream)."""
        self._n.finish()

    @property
    def counters(self) -> Dict[str, Any]:
        """``{"a": {...}, "b": {...}, "merged_packets": n, "merged_lost": n}``; each leg
        has packets, first, duplicates, too_old and gaps."""
        return dict(self._n.counters())
