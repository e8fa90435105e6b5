"""The exceptions of mediafabric.

They are plain Python classes (the native module raises them) so that they pickle,
subclass and introspect like any other exception.
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address
from typing import Union


class ParseError(ValueError):
    """Input bytes that cannot be read.

    ``layer`` is the short name of the layer the problem is in (``"eth"``, ``"vlan"``,
    ``"ipv4"``, ``"ipv6"``, ``"udp"``, ``"vxlan"``, ``"inner"``, or ``"pcap"`` /
    ``"pcapng"`` for a capture file), ``offset`` the byte offset of the problem from
    the start of the buffer (or file) that was handed in, and ``reason`` what was
    wrong, in words. It is a ``ValueError``, so ``except ValueError`` catches it too.
    """

    layer: str
    offset: int
    reason: str

    def __init__(self, layer: str, offset: int, reason: str) -> None:
        super().__init__(layer, offset, reason)
        self.layer = layer
        self.offset = offset
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.layer} at offset {self.offset}: {self.reason}"


class RejectedError(Exception):
    """A well-formed VXLAN frame a ``Vtep`` does not accept.

    ``reason`` is ``"vni_not_allowed"`` (``value`` is the VNI, an ``int``) or
    ``"remote_not_allowed"`` (``value`` is the sending VTEP's address).
    """

    reason: str
    value: Union[int, IPv4Address, IPv6Address]

    def __init__(self, reason: str, value: Union[int, IPv4Address, IPv6Address]) -> None:
        super().__init__(reason, value)
        self.reason = reason
        self.value = value

    def __str__(self) -> str:
        what = "VNI" if self.reason == "vni_not_allowed" else "remote VTEP"
        return f"{what} {self.value} is not on the VTEP's allow-list"
