"""Capture files: read pcap and pcapng, write pcap.

Reading streams the file (one record at a time) in Rust; see ``Reader``::

    for p in mediafabric.pcap.read("capture.pcapng"):
        print(p.time, mediafabric.decode(p.data, link_type=p.link_type))
"""

from __future__ import annotations

import os
from typing import Iterable, Tuple, Union

from mediafabric._native import Packet, Reader, write_pcap as _write_pcap

__all__ = ["Packet", "Reader", "read", "write"]


def read(path: Union[str, os.PathLike[str]]) -> Reader:
    """Opens a pcap or pcapng file; returns an iterator of ``Packet``.

    Raises ``OSError`` when the file cannot be opened and ``mediafabric.ParseError``
    when it is not a capture file (or, while iterating, for a malformed record).
    """
    return Reader(path)


def write(
    path: Union[str, os.PathLike[str]],
    packets: Iterable[Union[Packet, Tuple[Union[int, float], bytes]]],
    *,
    link_type: int = 1,
    nanosecond: bool = True,
) -> int:
    """Writes a pcap file; returns the number of packets written.

    ``packets`` holds ``Packet`` objects (of link type ``link_type``) or
    ``(time, data)`` tuples with ``time`` in seconds since the epoch.
    ``nanosecond=False`` writes the classic microsecond format. An existing file is
    replaced.
    """
    return _write_pcap(path, packets, link_type=link_type, nanosecond=nanosecond)
