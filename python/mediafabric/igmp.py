"""IGMP messages (v1 RFC 1112, v2 RFC 2236, v3 RFC 9776): parse, build, frame.

Every message is an immutable class with the RFC's field names; the work (parsing,
emitting, checksums, framing, the Max Resp Code / QQIC codes) is done by the
``mediafabric-igmp`` crate::

    from mediafabric import igmp

    report = igmp.V3Report([
        igmp.GroupRecord(igmp.RecordType.ALLOW_NEW_SOURCES, "232.5.5.5", ["10.1.0.1"]),
    ])
    frame = report.frame(src_mac="02:00:00:00:00:01", src_ip="10.77.0.2")
    packet = igmp.parse_packet(frame, offset=14)
    assert packet.message == report and packet.router_alert and packet.ttl == 1

``parse`` tells query versions apart as RFC 9776 §7.1 says (8 bytes with Max Resp
Code 0 is IGMPv1, 8 bytes otherwise IGMPv2, 12 or more IGMPv3). Bad bytes raise
``mediafabric.ParseError`` (layer ``"igmp"`` or ``"ipv4"``) with the offset of the
problem.
"""

from __future__ import annotations

import enum
from typing import Union

from mediafabric._native import _igmp as _native

GroupRecord = _native.GroupRecord
Query = _native.Query
V1Report = _native.V1Report
V2Report = _native.V2Report
V2Leave = _native.V2Leave
V3Report = _native.V3Report
UnknownMessage = _native.UnknownMessage
Packet = _native.Packet

parse = _native.parse
parse_packet = _native.parse_packet
decode_code8 = _native.decode_code8
encode_code8 = _native.encode_code8

IP_PROTOCOL: int = _native.IP_PROTOCOL
ALL_SYSTEMS = _native.ALL_SYSTEMS
ALL_ROUTERS = _native.ALL_ROUTERS
ALL_V3_ROUTERS = _native.ALL_V3_ROUTERS
CODE8_MAX: int = _native.CODE8_MAX

# The names and values come from the crate, so the two never disagree.
RecordType = enum.IntEnum("RecordType", _native._record_types(), module=__name__)
RecordType.__doc__ = "Record Type of a group record (RFC 9776 §4.2.12, RFC 9777 §5.2.12)."

Message = Union[Query, V1Report, V2Report, V2Leave, V3Report, UnknownMessage]
"""Any IGMP message class."""

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
