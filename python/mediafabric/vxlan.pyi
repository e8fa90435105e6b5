import enum

from mediafabric._errors import RejectedError as RejectedError
from mediafabric._native import (
    GPE_PORT as GPE_PORT,
    HEADER_LEN as HEADER_LEN,
    LINUX_LEGACY_PORT as LINUX_LEGACY_PORT,
    VNI_MAX as VNI_MAX,
    VXLAN_PORT as VXLAN_PORT,
    Decapsulated as Decapsulated,
    Fdb as Fdb,
    FdbEntry as FdbEntry,
    Gpe as Gpe,
    GroupPolicy as GroupPolicy,
    Header as Header,
    Received as Received,
    VlanTag as VlanTag,
    Vtep as Vtep,
    decapsulate as decapsulate,
    encapsulate as encapsulate,
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
    IPV4 = 1
    IPV6 = 2
    ETHERNET = 3
    NSH = 4
    MPLS = 5
