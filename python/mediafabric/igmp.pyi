# Stubs of mediafabric.igmp (python/src/igmp.rs, python/mediafabric/igmp.py).

import enum
from collections.abc import Iterable
from ipaddress import IPv4Address
from typing import Any, Optional, Union, final

from mediafabric._native import _BytesLike, _IpLike, _MacLike

__all__ = [
    "ALL_ROUTERS",
    "ALL_SYSTEMS",
    "ALL_V3_ROUTERS",
    "CODE8_MAX",
    "IP_PROTOCOL",
    "GroupRecord",
    "Message",
    "Packet",
    "Query",
    "RecordType",
    "UnknownMessage",
    "V1Report",
    "V2Leave",
    "V2Report",
    "V3Report",
    "decode_code8",
    "encode_code8",
    "parse",
    "parse_packet",
]

IP_PROTOCOL: int
ALL_SYSTEMS: IPv4Address
ALL_ROUTERS: IPv4Address
ALL_V3_ROUTERS: IPv4Address
CODE8_MAX: int

class RecordType(enum.IntEnum):
    MODE_IS_INCLUDE = 1
    MODE_IS_EXCLUDE = 2
    CHANGE_TO_INCLUDE_MODE = 3
    CHANGE_TO_EXCLUDE_MODE = 4
    ALLOW_NEW_SOURCES = 5
    BLOCK_OLD_SOURCES = 6

@final
class GroupRecord:
    def __new__(
        cls,
        record_type: int,
        group: _IpLike,
        sources: Optional[Iterable[_IpLike]] = None,
        aux_data: Optional[_BytesLike] = None,
    ) -> GroupRecord: ...
    @property
    def record_type(self) -> Union[RecordType, int]: ...
    @property
    def group(self) -> IPv4Address: ...
    @property
    def sources(self) -> tuple[IPv4Address, ...]: ...
    @property
    def aux_data(self) -> bytes: ...
    def __getnewargs__(self) -> tuple[int, IPv4Address, tuple[IPv4Address, ...], bytes]: ...

class _Common:
    def to_bytes(self) -> bytes: ...
    def frame(self, src_mac: _MacLike, src_ip: _IpLike, dst: Optional[_IpLike] = None) -> bytes: ...
    @property
    def destination(self) -> IPv4Address: ...
    @property
    def msg_type(self) -> int: ...
    @property
    def version(self) -> int: ...
    def __reduce__(self) -> tuple[Any, tuple[bytes]]: ...

@final
class Query(_Common):
    def __new__(
        cls,
        group: Optional[_IpLike] = None,
        *,
        version: Optional[int] = None,
        max_resp_code: Optional[int] = None,
        s_flag: Optional[bool] = None,
        qrv: Optional[int] = None,
        qqic: Optional[int] = None,
        sources: Optional[Iterable[_IpLike]] = None,
    ) -> Query: ...
    @property
    def group(self) -> IPv4Address: ...
    @property
    def max_resp_code(self) -> int: ...
    @property
    def max_resp_time(self) -> int: ...
    @property
    def s_flag(self) -> bool: ...
    @property
    def qrv(self) -> int: ...
    @property
    def qqic(self) -> int: ...
    @property
    def qqi(self) -> int: ...
    @property
    def sources(self) -> tuple[IPv4Address, ...]: ...
    @property
    def is_general(self) -> bool: ...

@final
class V1Report(_Common):
    def __new__(cls, group: _IpLike) -> V1Report: ...
    @property
    def group(self) -> IPv4Address: ...

@final
class V2Report(_Common):
    def __new__(cls, group: _IpLike) -> V2Report: ...
    @property
    def group(self) -> IPv4Address: ...

@final
class V2Leave(_Common):
    def __new__(cls, group: _IpLike) -> V2Leave: ...
    @property
    def group(self) -> IPv4Address: ...

@final
class V3Report(_Common):
    def __new__(cls, records: Optional[Iterable[GroupRecord]] = None) -> V3Report: ...
    @property
    def records(self) -> tuple[GroupRecord, ...]: ...

@final
class UnknownMessage(_Common):
    def __new__(cls, msg_type: int, rest: _BytesLike) -> UnknownMessage: ...
    @property
    def rest(self) -> bytes: ...

Message = Union[Query, V1Report, V2Report, V2Leave, V3Report, UnknownMessage]

@final
class Packet:
    @property
    def src(self) -> IPv4Address: ...
    @property
    def dst(self) -> IPv4Address: ...
    @property
    def ttl(self) -> int: ...
    @property
    def router_alert(self) -> bool: ...
    @property
    def checksum_valid(self) -> bool: ...
    @property
    def offset(self) -> int: ...
    @property
    def message(self) -> Message: ...

def parse(data: _BytesLike, *, verify_checksum: bool = False) -> Message: ...
def parse_packet(data: _BytesLike, offset: int = 0) -> Packet: ...
def decode_code8(code: int) -> int: ...
def encode_code8(value: int) -> int: ...
