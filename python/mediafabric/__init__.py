"""mediafabric: packets of broadcast-media networks, from Python.

- ``mediafabric.decode(frame)``: one frame as a list of layers (the model the
  ``mediafabric decode`` command prints).
- ``mediafabric.pcap``: read pcap and pcapng files, write pcap files.
- ``mediafabric.igmp`` and ``mediafabric.mld``: IGMP (v1-v3) and MLD (v1, v2)
  messages and group records: parse, build, frame in IPv4/IPv6 with Router Alert.
- ``mediafabric.ptp``: IEEE 1588-2019 (PTP) messages and TLVs: parse, build, frame for
  Layer 2 / UDP, update framed messages in place.
- ``mediafabric.st2110``: SMPTE ST 2110-20 video: SDP, packetizer, depacketizer,
  ST 2110-21 schedule and compliance analysis, ST 2022-7 merging, ST 2059 timing.
- ``mediafabric.vxlan``: VXLAN headers (with GBP and GPE), encapsulation,
  decapsulation, a forwarding database and a VTEP.
- ``mediafabric.ParseError``: what every parser raises on bad input.

The work is done by the mediafabric Rust crates; this package is a thin layer over
them. Byte inputs may be any bytes-like object (``bytes``, ``bytearray``,
``memoryview``, numpy arrays...) and are read in place.
"""

from mediafabric import igmp, mld, pcap, ptp, st2110, vxlan
from mediafabric._errors import ParseError
from mediafabric._native import __version__, decode

__all__ = ["ParseError", "__version__", "decode", "igmp", "mld", "pcap", "ptp", "st2110", "vxlan"]
