"""MLD messages (v1 RFC 2710, v2 RFC 9777): parse, build, frame.

The IPv6 counterpart of ``mediafabric.igmp``, with the same shape::

    from mediafabric import mld

    query = mld.Query("ff3e::8000:1", sources=["2001:db8::1"])
    frame = query.frame(src_mac="02:00:00:00:00:01", src_ip="fe80::1")
    packet = mld.parse_packet(frame, offset=14)
    assert packet.message == query and packet.checksum_valid

The ICMPv6 checksum covers an IPv6 pseudo-header, so ``to_bytes`` takes the source
address (and the destination, which defaults to the one the RFC gives), and ``parse``
checks it when given both. A query of 24 bytes is MLDv1, one of 28 or more MLDv2
(RFC 9777 §8.1). Bad bytes raise ``mediafabric.ParseError`` (layer ``"mld"`` or
``"ipv6"``) with the offset of the problem.

``Router`` (RFC 9777 §7, with MLDv1 compatibility) and ``Host`` (RFC 9777 §4 and §6)
are the MLD twins of ``mediafabric.igmp.Router`` and ``Host``: the same methods, IPv6
addresses (the router's and the host's must be link-local), versions numbered as MLD
numbers them (1 and 2), times in integer nanoseconds (``now_ns``).
"""

from __future__ import annotations

from typing import Union

from mediafabric._native import _mld as _native
from mediafabric.igmp import RecordType, decode_code8, encode_code8

GroupRecord = _native.GroupRecord
Query = _native.Query
V1Report = _native.V1Report
V1Done = _native.V1Done
V2Report = _native.V2Report
Packet = _native.Packet

# The router and host state machines (python/src/igmp_state.rs).
Router = _native.Router
Host = _native.Host
Accepted = _native.Accepted
Dropped = _native.Dropped
Event = _native.Event
Group = _native.Group
Source = _native.Source
Querier = _native.Querier
Received = _native.Received
HostGroup = _native.HostGroup
ns = _native.ns
MAX_ROUTER_GROUPS: int = _native.MAX_ROUTER_GROUPS
MAX_ROUTER_SOURCES: int = _native.MAX_ROUTER_SOURCES
MAX_HOST_GROUPS: int = _native.MAX_HOST_GROUPS
MAX_HOST_SOURCES: int = _native.MAX_HOST_SOURCES
MAX_HOST_MEMBERSHIPS: int = _native.MAX_HOST_MEMBERSHIPS

parse = _native.parse
parse_packet = _native.parse_packet
decode_code16 = _native.decode_code16
encode_code16 = _native.encode_code16

NEXT_HEADER_ICMPV6: int = _native.NEXT_HEADER_ICMPV6
ALL_NODES = _native.ALL_NODES
ALL_ROUTERS = _native.ALL_ROUTERS
ALL_MLDV2_ROUTERS = _native.ALL_MLDV2_ROUTERS
CODE16_MAX: int = _native.CODE16_MAX

Message = Union[Query, V1Report, V1Done, V2Report]
"""Any MLD message class."""

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
    "Accepted",
    "Dropped",
    "Event",
    "Group",
    "Host",
    "HostGroup",
    "MAX_HOST_GROUPS",
    "MAX_HOST_MEMBERSHIPS",
    "MAX_HOST_SOURCES",
    "MAX_ROUTER_GROUPS",
    "MAX_ROUTER_SOURCES",
    "Querier",
    "Received",
    "Router",
    "Source",
    "ns",
]
