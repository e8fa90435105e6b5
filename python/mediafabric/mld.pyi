# Stubs of mediafabric.mld (python/src/igmp.rs, python/mediafabric/mld.py).

from collections.abc import Iterable
from ipaddress import IPv6Address
from typing import Any, Optional, Union, final

from mediafabric._native import _BytesLike, _IpLike, _MacLike
from mediafabric.igmp import (
    RecordType as RecordType,
    decode_code8 as decode_code8,
    encode_code8 as encode_code8,
)

__all__ = [
    "ALL_MLDV2_ROUTERS",
    "ALL_NODES",
    "ALL_ROUTERS",
    "CODE16_MAX",
    "NEXT_HEADER_ICMPV6",
    "GroupRecord",
    "Message",
    "Packet",
    "Query",
    "RecordType",
    "V1Done",
    "V1Report",
    "V2Report",
    "decode_code16",
    "decode_code8",
    "encode_code16",
    "encode_code8",
    "parse",
    "parse_packet",
]

NEXT_HEADER_ICMPV6: int
ALL_NODES: IPv6Address
ALL_ROUTERS: IPv6Address
ALL_MLDV2_ROUTERS: IPv6Address
CODE16_MAX: int

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
    def group(self) -> IPv6Address: ...
    @property
    def sources(self) -> tuple[IPv6Address, ...]: ...
    @property
    def aux_data(self) -> bytes: ...
    def __getnewargs__(self) -> tuple[int, IPv6Address, tuple[IPv6Address, ...], bytes]: ...

class _Common:
    def to_bytes(self, src: _IpLike, dst: Optional[_IpLike] = None) -> bytes: ...
    def frame(self, src_mac: _MacLike, src_ip: _IpLike, dst: Optional[_IpLike] = None) -> bytes: ...
    @property
    def destination(self) -> IPv6Address: ...
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
        max_response_code: Optional[int] = None,
        s_flag: Optional[bool] = None,
        qrv: Optional[int] = None,
        qqic: Optional[int] = None,
        sources: Optional[Iterable[_IpLike]] = None,
    ) -> Query: ...
    @property
    def group(self) -> IPv6Address: ...
    @property
    def max_response_code(self) -> int: ...
    @property
    def max_response_delay(self) -> int: ...
    @property
    def s_flag(self) -> bool: ...
    @property
    def qrv(self) -> int: ...
    @property
    def qqic(self) -> int: ...
    @property
    def qqi(self) -> int: ...
    @property
    def sources(self) -> tuple[IPv6Address, ...]: ...
    @property
    def is_general(self) -> bool: ...

@final
class V1Report(_Common):
    def __new__(cls, group: _IpLike) -> V1Report: ...
    @property
    def group(self) -> IPv6Address: ...

@final
class V1Done(_Common):
    def __new__(cls, group: _IpLike) -> V1Done: ...
    @property
    def group(self) -> IPv6Address: ...

@final
class V2Report(_Common):
    def __new__(cls, records: Optional[Iterable[GroupRecord]] = None) -> V2Report: ...
    @property
    def records(self) -> tuple[GroupRecord, ...]: ...

Message = Union[Query, V1Report, V1Done, V2Report]

@final
class Packet:
    @property
    def src(self) -> IPv6Address: ...
    @property
    def dst(self) -> IPv6Address: ...
    @property
    def hop_limit(self) -> int: ...
    @property
    def router_alert(self) -> bool: ...
    @property
    def checksum_valid(self) -> bool: ...
    @property
    def offset(self) -> int: ...
    @property
    def message(self) -> Message: ...

def parse(
    data: _BytesLike, *, src: Optional[_IpLike] = None, dst: Optional[_IpLike] = None
) -> Message: ...
def parse_packet(data: _BytesLike, offset: int = 0) -> Packet: ...
def decode_code16(code: int) -> int: ...
def encode_code16(value: int) -> int: ...
