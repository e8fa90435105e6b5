from mediafabric import igmp as igmp, mld as mld, pcap as pcap, ptp as ptp, st2110 as st2110, vxlan as vxlan
from mediafabric._errors import ParseError as ParseError
from mediafabric._native import __version__ as __version__, decode as decode

__all__ = ["ParseError", "__version__", "decode", "igmp", "mld", "pcap", "ptp", "st2110", "vxlan"]
