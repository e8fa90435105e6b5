"""VXLAN (RFC 7348) with Group Based Policy and VXLAN-GPE: headers, encapsulation and
decapsulation of whole frames, a forwarding database and a sans-IO VTEP.

    frame = encapsulate(inner, vni=4242, src_mac="02:00:00:00:00:01",
                        dst_mac="02:00:00:00:00:02", src_ip="10.0.0.1", dst_ip="10.0.0.2")
    d = decapsulate(frame)
    assert d.header.vni == 4242 and bytes(d.inner) == inner
"""

from __future__ import annotations

import enum

from mediafabric._errors import RejectedError
from mediafabric._native import (
    GPE_PORT,
    HEADER_LEN,
    LINUX_LEGACY_PORT,
    VNI_MAX,
    VXLAN_PORT,
    Decapsulated,
    Fdb,
    FdbEntry,
    Gpe,
    GroupPolicy,
    Header,
    Received,
    VlanTag,
    Vtep,
    decapsulate,
    encapsulate,
)

__all__ = [
    "GPE_PORT",
    "HEADER_LEN",
    "LINUX_LEGACY_PORT",
    "VNI_MAX",
    "VXLAN_PORT",
    "Decapsulated",
    "Fdb",
    "FdbEntry",
    "Gpe",
    "GroupPolicy",
    "Header",
    "NextProtocol",
    "Received",
    "RejectedError",
    "VlanTag",
    "Vtep",
    "decapsulate",
    "encapsulate",
]


class NextProtocol(enum.IntEnum):
    """VXLAN-GPE Next Protocol numbers (draft-ietf-nvo3-vxlan-gpe §3.2).

    ``Gpe.next_protocol`` is a plain ``int``; it compares equal to these.
    """

    IPV4 = 1
    IPV6 = 2
    ETHERNET = 3
    NSH = 4
    MPLS = 5
