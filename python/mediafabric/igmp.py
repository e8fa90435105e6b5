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

The sans-IO state machines of the crate are here too: ``Router`` (RFC 9776 §6, with
IGMPv1/v2 compatibility and querier election) and ``Host`` (RFC 9776 §3 and §5). They
never read a clock: every call takes ``now_ns``, integer nanoseconds since an epoch of
your choosing (``time.monotonic_ns()``; ``ns(seconds)`` converts), and every deadline
read back is such an integer::

    router = igmp.Router("10.77.0.1")
    host = igmp.Host("02:00:00:00:00:02", "10.77.0.2", seed=1)
    host.join(socket=1, group="239.1.1.1", now_ns=0)
    for frame in host.poll(0):
        result = router.receive(frame[14:], 0)   # Accepted, with .events and .queries
    assert router.group("239.1.1.1").mode == "exclude"
    events, queries = router.poll(router.next_deadline)  # due work: queries as packets

A router keeps up to ``MAX_ROUTER_GROUPS`` groups of ``MAX_ROUTER_SOURCES`` sources; a
host ``MAX_HOST_GROUPS`` groups, ``MAX_HOST_SOURCES`` sources per list and
``MAX_HOST_MEMBERSHIPS`` (socket, group) memberships.
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
