# Stubs of mediafabric.st2110 (python/src/st2110.rs, python/mediafabric/st2110.py).

from dataclasses import dataclass, field
from fractions import Fraction
from ipaddress import IPv4Address, IPv6Address
from typing import Any, Dict, List, Optional, Tuple, Union

from mediafabric._errors import ParseError
from mediafabric._native import _BytesLike

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

VIDEO_CLOCK_RATE: int
MERGER_WINDOW: int

IpAddress = Union[IPv4Address, IPv6Address]
RateLike = Union[int, Fraction, Tuple[int, int]]

class SdpError(ParseError):
    line: int
    field: str
    expected: str
    def __init__(self, line: int, field: str, expected: str, offset: int = 0) -> None: ...

@dataclass(frozen=True)
class SdpLeg:
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
    def source(self) -> Optional[IpAddress]: ...

@dataclass(frozen=True)
class Sdp:
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
    def to_text(self) -> str: ...
    def validate(self) -> None: ...
    def replace(self, **changes: Any) -> Sdp: ...

def parse_sdp(text: Union[str, bytes, bytearray, memoryview]) -> Sdp: ...
@dataclass(frozen=True)
class PacketParts:
    header: bytes
    ranges: Tuple[Tuple[int, int], ...]
    marker: bool
    def __len__(self) -> int: ...
    def join(self, frame: Union[bytes, bytearray, memoryview]) -> bytes: ...

class Packetizer:
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
    ) -> None: ...
    @property
    def npackets(self) -> int: ...
    @property
    def frame_bytes(self) -> int: ...
    @property
    def next_sequence(self) -> int: ...
    def packets(
        self, frame: Union[bytes, bytearray, memoryview, Any], *, rtp_timestamp: int, field: int = 0
    ) -> List[bytes]: ...
    def parts(self, *, rtp_timestamp: int, field: int = 0) -> List[PacketParts]: ...

@dataclass(frozen=True)
class Picture:
    slot: int
    rtp_timestamp: Optional[int]
    complete: bool
    lost_bytes: int
    packets: int
    data: bytes = field(repr=False)
    lost: Tuple[Tuple[int, int], ...] = ()

class Depacketizer:
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
    ) -> None: ...
    @property
    def frame_bytes(self) -> int: ...
    def push(self, packet: Union[bytes, bytearray, memoryview, Any]) -> List[Picture]: ...
    @property
    def counters(self) -> Dict[str, int]: ...

@dataclass(frozen=True)
class TimeCode:
    hours: int
    minutes: int
    seconds: int
    frames: int
    sub_frame: int
    drop_frame: bool

def rtp_timestamp(ptp_ns: int, clock: RateLike = 90000) -> int: ...
def rtp_timestamp_of_frame(frame: int, rate: RateLike, clock: RateLike = 90000) -> int: ...
def next_alignment_point(ptp_ns: int, rate: RateLike) -> Tuple[int, Fraction]: ...
def time_code(
    ptp_ns: int, rate: RateLike, *, drop_frame: bool = False, local_offset: int = 0
) -> TimeCode: ...
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
) -> int: ...

class Schedule:
    npackets: int
    tframe: Fraction
    trs: Fraction
    tro: Fraction
    tro_default: Fraction
    tdrain: Fraction
    tline: Fraction
    ractive: Fraction
    cmax: Optional[int]
    vrx_full: int
    cmax_narrow: int
    vrx_full_narrow: int
    cmax_wide: Optional[int]
    vrx_full_wide: int
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
    ) -> None: ...
    def departure(self, frame: int, packet: int) -> Fraction: ...
    def departure_ns(self, frame: int, packet: int) -> int: ...
    def rtp_timestamp(self, frame: int, *, second_field: bool = False) -> int: ...

@dataclass(frozen=True)
class FrameSummary:
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
    value: Union[int, Fraction]
    frame: int
    ordinal: int

@dataclass(frozen=True)
class Worst:
    frame: int
    ordinal: int
    measure: str
    value: int
    limit: Optional[int]

@dataclass(frozen=True)
class Report:
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

class Analyzer:
    def __init__(
        self,
        schedule: Schedule,
        *,
        drain_origin: str = "epoch",
        datum: str = "nearest",
        start_at_first_packet: bool = False,
    ) -> None: ...
    def push(
        self,
        time_ns: int,
        rtp_timestamp: int,
        *,
        marker: bool,
        sequence: int,
        length: int,
        second_field: bool = False,
    ) -> Optional[FrameSummary]: ...
    def finish(self) -> Optional[FrameSummary]: ...
    def report(self) -> Report: ...

class Merger:
    def __init__(self) -> None: ...
    def push(self, leg: str, seq: int) -> str: ...
    def extend(self, seq16: int) -> int: ...
    def finish(self) -> None: ...
    @property
    def counters(self) -> Dict[str, Any]: ...
