# Stubs of mediafabric.ptp (python/src/ptp.rs, python/mediafabric/ptp.py).

import enum
from collections.abc import Iterable
from ipaddress import IPv4Address, IPv6Address
from typing import Any, ClassVar, Union, final

from typing_extensions import disjoint_base

from mediafabric._native import _BytesLike, _IpLike, _MacLike

_Buffer = _BytesLike
# A clock identity: "aa:bb:cc:ff:fe:dd:ee:ff", 16 hex digits, or 8 bytes.
_ClockIdentityLike = Union[str, _Buffer]
# A PTPText: str (or its UTF-8 octets), at most 255 octets.
_TextLike = Union[str, _Buffer]

__all__ = [
    "EVENT_PORT",
    "ETHERTYPE",
    "GENERAL_PORT",
    "HEADER_LEN",
    "IEEE_802_1_OUI",
    "IEEE_C37_238_OUI",
    "IPV4_PDELAY",
    "IPV4_PRIMARY",
    "IPV6_PDELAY",
    "IPV6_PRIMARY",
    "L2_PDELAY_MAC",
    "L2_PRIMARY_MAC",
    "SMPTE_OUI",
    "AcceptableMaster",
    "AcceptableMasterTable",
    "AcknowledgeCancelUnicastTransmission",
    "Action",
    "AlternateMaster",
    "AlternateTimeOffsetEnable",
    "AlternateTimeOffsetIndicator",
    "AlternateTimeOffsetName",
    "AlternateTimeOffsetProperties",
    "Announce",
    "Authentication",
    "CancelUnicastTransmission",
    "ClockAccuracy",
    "ClockDescription",
    "ClockQuality",
    "CurrentDataSet",
    "DefaultDataSet",
    "DelayReq",
    "DelayResp",
    "EnhancedAccuracyMetrics",
    "FaultLog",
    "FaultRecord",
    "FlagField",
    "FollowUp",
    "FollowUpInformation",
    "GrandmasterClusterTable",
    "GrantUnicastTransmission",
    "Management",
    "ManagementErrorId",
    "ManagementErrorStatus",
    "ManagementId",
    "ManagementTlv",
    "Message",
    "MessageIntervalRequest",
    "MessageType",
    "OrganizationExtension",
    "Pad",
    "ParentDataSet",
    "PathTrace",
    "PdelayReq",
    "PdelayResp",
    "PdelayRespFollowUp",
    "PortAddress",
    "PortDataSet",
    "PortIdentity",
    "PowerProfile2011",
    "PowerProfile2017",
    "RequestUnicastTransmission",
    "ReservedMessage",
    "Signaling",
    "SmpteSyncMetadata",
    "Sync",
    "TimePropertiesDataSet",
    "TimeSource",
    "TimescaleProperties",
    "Timestamp",
    "Tlv",
    "TlvType",
    "TransparentClockDefaultDataSet",
    "TransparentClockPortDataSet",
    "UnicastMasterTable",
    "UnknownTlv",
    "UtcProperties",
    "add_to_correction",
    "clock_identity_from_mac",
    "fix_udp_checksum",
    "frame_l2",
    "frame_udp4",
    "frame_udp6",
    "ipv6_primary",
    "locate",
    "parse",
    "parse_frame",
    "parse_tlv",
    "set_origin_timestamp",
]

EVENT_PORT: int
GENERAL_PORT: int
ETHERTYPE: int
HEADER_LEN: int
L2_PRIMARY_MAC: str
L2_PDELAY_MAC: str
IPV4_PRIMARY: IPv4Address
IPV4_PDELAY: IPv4Address
IPV6_PRIMARY: IPv6Address
IPV6_PDELAY: IPv6Address
SMPTE_OUI: int
IEEE_802_1_OUI: int
IEEE_C37_238_OUI: int

@final
class Timestamp:
    def __new__(cls, seconds: int = ..., nanoseconds: int = ...) -> Timestamp: ...
    @staticmethod
    def from_ns(ns: int) -> Timestamp: ...
    def to_ns(self) -> int: ...
    @property
    def seconds(self) -> int: ...
    @property
    def nanoseconds(self) -> int: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __lt__(self, value: Timestamp, /) -> bool: ...
    def __le__(self, value: Timestamp, /) -> bool: ...
    def __gt__(self, value: Timestamp, /) -> bool: ...
    def __ge__(self, value: Timestamp, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __getnewargs_ex__(self) -> tuple[tuple[()], dict[str, Any]]: ...
    def replace(self, **changes: Any) -> Timestamp: ...

# --- values and management data -----------------------------------------------

@final
class AcceptableMaster:
    def __new__(
        cls, acceptable_port_identity: PortIdentity = ..., alternate_priority1: int = ...
    ) -> AcceptableMaster: ...
    @property
    def acceptable_port_identity(self) -> PortIdentity: ...
    @property
    def alternate_priority1(self) -> int: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __getnewargs_ex__(self) -> tuple[tuple[()], dict[str, Any]]: ...
    def replace(self, **changes: Any) -> AcceptableMaster: ...

@final
class AcceptableMasterTable:
    def __new__(
        cls, acceptable_masters: Iterable[AcceptableMaster] = ...
    ) -> AcceptableMasterTable: ...
    @property
    def acceptable_masters(self) -> tuple[AcceptableMaster, ...]: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __getnewargs_ex__(self) -> tuple[tuple[()], dict[str, Any]]: ...
    def replace(self, **changes: Any) -> AcceptableMasterTable: ...

@final
class AlternateMaster:
    def __new__(
        cls,
        *,
        flags: int = ...,
        log_alternate_multicast_sync_interval: int = ...,
        number_of_alternate_masters: int = ...,
    ) -> AlternateMaster: ...
    @property
    def flags(self) -> int: ...
    @property
    def log_alternate_multicast_sync_interval(self) -> int: ...
    @property
    def number_of_alternate_masters(self) -> int: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __getnewargs_ex__(self) -> tuple[tuple[()], dict[str, Any]]: ...
    def replace(self, **changes: Any) -> AlternateMaster: ...

@final
class AlternateTimeOffsetEnable:
    def __new__(cls, *, key_field: int = ..., flags: int = ...) -> AlternateTimeOffsetEnable: ...
    @property
    def key_field(self) -> int: ...
    @property
    def flags(self) -> int: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __getnewargs_ex__(self) -> tuple[tuple[()], dict[str, Any]]: ...
    def replace(self, **changes: Any) -> AlternateTimeOffsetEnable: ...

@final
class AlternateTimeOffsetName:
    def __new__(
        cls, *, key_field: int = ..., display_name: _TextLike = ...
    ) -> AlternateTimeOffsetName: ...
    @property
    def key_field(self) -> int: ...
    @property
    def display_name(self) -> str: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __getnewargs_ex__(self) -> tuple[tuple[()], dict[str, Any]]: ...
    def replace(self, **changes: Any) -> AlternateTimeOffsetName: ...

@final
class AlternateTimeOffsetProperties:
    def __new__(
        cls,
        *,
        key_field: int = ...,
        current_offset: int = ...,
        jump_seconds: int = ...,
        time_of_next_jump: int = ...,
    ) -> AlternateTimeOffsetProperties: ...
    @property
    def key_field(self) -> int: ...
    @property
    def current_offset(self) -> int: ...
    @property
    def jump_seconds(self) -> int: ...
    @property
    def time_of_next_jump(self) -> int: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __getnewargs_ex__(self) -> tuple[tuple[()], dict[str, Any]]: ...
    def replace(self, **changes: Any) -> AlternateTimeOffsetProperties: ...

@final
class ClockDescription:
    def __new__(
        cls,
        *,
        clock_type: int = ...,
        physical_layer_protocol: _TextLike = ...,
        physical_address: _BytesLike = ...,
        protocol_address: PortAddress = ...,
        manufacturer_identity: Union[int, _Buffer] = ...,
        product_description: _TextLike = ...,
        revision_data: _TextLike = ...,
        user_description: _TextLike = ...,
        profile_identity: _BytesLike = ...,
    ) -> ClockDescription: ...
    @property
    def clock_type(self) -> int: ...
    @property
    def physical_layer_protocol(self) -> str: ...
    @property
    def physical_address(self) -> bytes: ...
    @property
    def protocol_address(self) -> PortAddress: ...
    @property
    def manufacturer_identity(self) -> int: ...
    @property
    def product_description(self) -> str: ...
    @property
    def revision_data(self) -> str: ...
    @property
    def user_description(self) -> str: ...
    @property
    def profile_identity(self) -> bytes: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __getnewargs_ex__(self) -> tuple[tuple[()], dict[str, Any]]: ...
    def replace(self, **changes: Any) -> ClockDescription: ...

@final
class ClockQuality:
    def __new__(
        cls,
        clock_class: int = ...,
        clock_accuracy: int = ...,
        offset_scaled_log_variance: int = ...,
    ) -> ClockQuality: ...
    @property
    def clock_class(self) -> int: ...
    @property
    def clock_accuracy(self) -> int: ...
    @property
    def offset_scaled_log_variance(self) -> int: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __getnewargs_ex__(self) -> tuple[tuple[()], dict[str, Any]]: ...
    def replace(self, **changes: Any) -> ClockQuality: ...

@final
class CurrentDataSet:
    def __new__(
        cls,
        *,
        steps_removed: int = ...,
        offset_from_master: int = ...,
        mean_path_delay: int = ...,
    ) -> CurrentDataSet: ...
    @property
    def steps_removed(self) -> int: ...
    @property
    def offset_from_master(self) -> int: ...
    @property
    def mean_path_delay(self) -> int: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __getnewargs_ex__(self) -> tuple[tuple[()], dict[str, Any]]: ...
    def replace(self, **changes: Any) -> CurrentDataSet: ...

@final
class DefaultDataSet:
    def __new__(
        cls,
        *,
        two_step_flag: bool = ...,
        slave_only: bool = ...,
        number_ports: int = ...,
        priority1: int = ...,
        clock_quality: ClockQuality = ...,
        priority2: int = ...,
        clock_identity: _ClockIdentityLike = ...,
        domain_number: int = ...,
    ) -> DefaultDataSet: ...
    @property
    def two_step_flag(self) -> bool: ...
    @property
    def slave_only(self) -> bool: ...
    @property
    def number_ports(self) -> int: ...
    @property
    def priority1(self) -> int: ...
    @property
    def clock_quality(self) -> ClockQuality: ...
    @property
    def priority2(self) -> int: ...
    @property
    def clock_identity(self) -> str: ...
    @property
    def domain_number(self) -> int: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __getnewargs_ex__(self) -> tuple[tuple[()], dict[str, Any]]: ...
    def replace(self, **changes: Any) -> DefaultDataSet: ...

@final
class FaultLog:
    def __new__(cls, fault_records: Iterable[FaultRecord] = ...) -> FaultLog: ...
    @property
    def fault_records(self) -> tuple[FaultRecord, ...]: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __getnewargs_ex__(self) -> tuple[tuple[()], dict[str, Any]]: ...
    def replace(self, **changes: Any) -> FaultLog: ...

@final
class FaultRecord:
    def __new__(
        cls,
        *,
        fault_time: Timestamp = ...,
        severity_code: int = ...,
        fault_name: _TextLike = ...,
        fault_value: _TextLike = ...,
        fault_description: _TextLike = ...,
    ) -> FaultRecord: ...
    @property
    def fault_time(self) -> Timestamp: ...
    @property
    def severity_code(self) -> int: ...
    @property
    def fault_name(self) -> str: ...
    @property
    def fault_value(self) -> str: ...
    @property
    def fault_description(self) -> str: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __getnewargs_ex__(self) -> tuple[tuple[()], dict[str, Any]]: ...
    def replace(self, **changes: Any) -> FaultRecord: ...

@final
class GrandmasterClusterTable:
    def __new__(
        cls, *, log_query_interval: int = ..., port_addresses: Iterable[PortAddress] = ...
    ) -> GrandmasterClusterTable: ...
    @property
    def log_query_interval(self) -> int: ...
    @property
    def port_addresses(self) -> tuple[PortAddress, ...]: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __getnewargs_ex__(self) -> tuple[tuple[()], dict[str, Any]]: ...
    def replace(self, **changes: Any) -> GrandmasterClusterTable: ...

@final
class ParentDataSet:
    def __new__(
        cls,
        *,
        parent_port_identity: PortIdentity = ...,
        parent_stats: bool = ...,
        observed_parent_offset_scaled_log_variance: int = ...,
        observed_parent_clock_phase_change_rate: int = ...,
        grandmaster_priority1: int = ...,
        grandmaster_clock_quality: ClockQuality = ...,
        grandmaster_priority2: int = ...,
        grandmaster_identity: _ClockIdentityLike = ...,
    ) -> ParentDataSet: ...
    @property
    def parent_port_identity(self) -> PortIdentity: ...
    @property
    def parent_stats(self) -> bool: ...
    @property
    def observed_parent_offset_scaled_log_variance(self) -> int: ...
    @property
    def observed_parent_clock_phase_change_rate(self) -> int: ...
    @property
    def grandmaster_priority1(self) -> int: ...
    @property
    def grandmaster_clock_quality(self) -> ClockQuality: ...
    @property
    def grandmaster_priority2(self) -> int: ...
    @property
    def grandmaster_identity(self) -> str: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __getnewargs_ex__(self) -> tuple[tuple[()], dict[str, Any]]: ...
    def replace(self, **changes: Any) -> ParentDataSet: ...

@final
class PortAddress:
    def __new__(cls, network_protocol: int = ..., address: _BytesLike = ...) -> PortAddress: ...
    @property
    def network_protocol(self) -> int: ...
    @property
    def address(self) -> bytes: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __getnewargs_ex__(self) -> tuple[tuple[()], dict[str, Any]]: ...
    def replace(self, **changes: Any) -> PortAddress: ...

@final
class PortDataSet:
    def __new__(
        cls,
        *,
        port_identity: PortIdentity = ...,
        port_state: int = ...,
        log_min_delay_req_interval: int = ...,
        peer_mean_path_delay: int = ...,
        log_announce_interval: int = ...,
        announce_receipt_timeout: int = ...,
        log_sync_interval: int = ...,
        delay_mechanism: int = ...,
        log_min_pdelay_req_interval: int = ...,
        version_number: int = ...,
    ) -> PortDataSet: ...
    @property
    def port_identity(self) -> PortIdentity: ...
    @property
    def port_state(self) -> int: ...
    @property
    def log_min_delay_req_interval(self) -> int: ...
    @property
    def peer_mean_path_delay(self) -> int: ...
    @property
    def log_announce_interval(self) -> int: ...
    @property
    def announce_receipt_timeout(self) -> int: ...
    @property
    def log_sync_interval(self) -> int: ...
    @property
    def delay_mechanism(self) -> int: ...
    @property
    def log_min_pdelay_req_interval(self) -> int: ...
    @property
    def version_number(self) -> int: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __getnewargs_ex__(self) -> tuple[tuple[()], dict[str, Any]]: ...
    def replace(self, **changes: Any) -> PortDataSet: ...

@final
class PortIdentity:
    def __new__(
        cls, clock_identity: _ClockIdentityLike = ..., port_number: int = ...
    ) -> PortIdentity: ...
    @property
    def clock_identity(self) -> str: ...
    @property
    def port_number(self) -> int: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __getnewargs_ex__(self) -> tuple[tuple[()], dict[str, Any]]: ...
    def replace(self, **changes: Any) -> PortIdentity: ...
    ALL: ClassVar[PortIdentity]
    @property
    def clock_identity_bytes(self) -> bytes: ...

@final
class TimePropertiesDataSet:
    def __new__(
        cls,
        *,
        current_utc_offset: int = ...,
        flags: int = ...,
        time_source: int = ...,
    ) -> TimePropertiesDataSet: ...
    @property
    def current_utc_offset(self) -> int: ...
    @property
    def flags(self) -> int: ...
    @property
    def time_source(self) -> int: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __getnewargs_ex__(self) -> tuple[tuple[()], dict[str, Any]]: ...
    def replace(self, **changes: Any) -> TimePropertiesDataSet: ...

@final
class TimescaleProperties:
    def __new__(cls, *, flags: int = ..., time_source: int = ...) -> TimescaleProperties: ...
    @property
    def flags(self) -> int: ...
    @property
    def time_source(self) -> int: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __getnewargs_ex__(self) -> tuple[tuple[()], dict[str, Any]]: ...
    def replace(self, **changes: Any) -> TimescaleProperties: ...

@final
class TransparentClockDefaultDataSet:
    def __new__(
        cls,
        *,
        clock_identity: _ClockIdentityLike = ...,
        number_ports: int = ...,
        delay_mechanism: int = ...,
        primary_domain: int = ...,
    ) -> TransparentClockDefaultDataSet: ...
    @property
    def clock_identity(self) -> str: ...
    @property
    def number_ports(self) -> int: ...
    @property
    def delay_mechanism(self) -> int: ...
    @property
    def primary_domain(self) -> int: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __getnewargs_ex__(self) -> tuple[tuple[()], dict[str, Any]]: ...
    def replace(self, **changes: Any) -> TransparentClockDefaultDataSet: ...

@final
class TransparentClockPortDataSet:
    def __new__(
        cls,
        *,
        port_identity: PortIdentity = ...,
        faulty_flag: bool = ...,
        log_min_pdelay_req_interval: int = ...,
        peer_mean_path_delay: int = ...,
    ) -> TransparentClockPortDataSet: ...
    @property
    def port_identity(self) -> PortIdentity: ...
    @property
    def faulty_flag(self) -> bool: ...
    @property
    def log_min_pdelay_req_interval(self) -> int: ...
    @property
    def peer_mean_path_delay(self) -> int: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __getnewargs_ex__(self) -> tuple[tuple[()], dict[str, Any]]: ...
    def replace(self, **changes: Any) -> TransparentClockPortDataSet: ...

@final
class UnicastMasterTable:
    def __new__(
        cls, *, log_query_interval: int = ..., port_addresses: Iterable[PortAddress] = ...
    ) -> UnicastMasterTable: ...
    @property
    def log_query_interval(self) -> int: ...
    @property
    def port_addresses(self) -> tuple[PortAddress, ...]: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __getnewargs_ex__(self) -> tuple[tuple[()], dict[str, Any]]: ...
    def replace(self, **changes: Any) -> UnicastMasterTable: ...

@final
class UtcProperties:
    def __new__(cls, *, current_utc_offset: int = ..., flags: int = ...) -> UtcProperties: ...
    @property
    def current_utc_offset(self) -> int: ...
    @property
    def flags(self) -> int: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __getnewargs_ex__(self) -> tuple[tuple[()], dict[str, Any]]: ...
    def replace(self, **changes: Any) -> UtcProperties: ...

# --- TLVs -------------------------------------------------------------------------

@disjoint_base
class Tlv:
    @property
    def tlv_type(self) -> int: ...
    @property
    def length_field(self) -> int: ...
    @property
    def value(self) -> bytes: ...
    def to_bytes(self) -> bytes: ...
    def __bytes__(self) -> bytes: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __getnewargs_ex__(self) -> tuple[tuple[()], dict[str, Any]]: ...
    def replace(self, **changes: Any) -> Tlv: ...

_ManagementData = Union[
    None,
    int,
    str,
    bytes,
    Timestamp,
    tuple[str, ...],
    DefaultDataSet,
    CurrentDataSet,
    ParentDataSet,
    TimePropertiesDataSet,
    PortDataSet,
    ClockDescription,
    FaultLog,
    UtcProperties,
    TimescaleProperties,
    GrandmasterClusterTable,
    UnicastMasterTable,
    AcceptableMasterTable,
    AlternateMaster,
    AlternateTimeOffsetName,
    AlternateTimeOffsetEnable,
    AlternateTimeOffsetProperties,
    TransparentClockDefaultDataSet,
    TransparentClockPortDataSet,
]
_ManagementDataLike = Union[
    _ManagementData, _Buffer, tuple[_ClockIdentityLike, ...], list[_ClockIdentityLike]
]

@final
class ManagementTlv(Tlv):
    def __new__(
        cls, management_id: int = ..., data: _ManagementDataLike = ...
    ) -> ManagementTlv: ...
    @property
    def management_id(self) -> int: ...
    @property
    def data(self) -> _ManagementData: ...
    def replace(self, **changes: Any) -> ManagementTlv: ...

@final
class AcknowledgeCancelUnicastTransmission(Tlv):
    def __new__(cls, *, message_type: int = ...) -> AcknowledgeCancelUnicastTransmission: ...
    @property
    def message_type(self) -> int: ...
    def replace(self, **changes: Any) -> AcknowledgeCancelUnicastTransmission: ...

@final
class AlternateTimeOffsetIndicator(Tlv):
    def __new__(
        cls,
        *,
        key_field: int = ...,
        current_offset: int = ...,
        jump_seconds: int = ...,
        time_of_next_jump: int = ...,
        display_name: _TextLike = ...,
    ) -> AlternateTimeOffsetIndicator: ...
    @property
    def key_field(self) -> int: ...
    @property
    def current_offset(self) -> int: ...
    @property
    def jump_seconds(self) -> int: ...
    @property
    def time_of_next_jump(self) -> int: ...
    @property
    def display_name(self) -> str: ...
    def replace(self, **changes: Any) -> AlternateTimeOffsetIndicator: ...

@final
class Authentication(Tlv):
    def __new__(
        cls,
        *,
        spp: int = ...,
        sec_param_indicator: int = ...,
        key_id: int = ...,
        rest: _BytesLike = ...,
    ) -> Authentication: ...
    @property
    def spp(self) -> int: ...
    @property
    def sec_param_indicator(self) -> int: ...
    @property
    def key_id(self) -> int: ...
    @property
    def rest(self) -> bytes: ...
    def replace(self, **changes: Any) -> Authentication: ...

@final
class CancelUnicastTransmission(Tlv):
    def __new__(cls, *, message_type: int = ...) -> CancelUnicastTransmission: ...
    @property
    def message_type(self) -> int: ...
    def replace(self, **changes: Any) -> CancelUnicastTransmission: ...

@final
class EnhancedAccuracyMetrics(Tlv):
    def __new__(
        cls,
        *,
        bc_hop_count: int = ...,
        tc_hop_count: int = ...,
        max_gm_inaccuracy: int = ...,
        var_gm_inaccuracy: float = ...,
        max_transient_inaccuracy: int = ...,
        var_transient_inaccuracy: float = ...,
        max_dynamic_inaccuracy: int = ...,
        var_dynamic_inaccuracy: float = ...,
        max_static_instance_inaccuracy: int = ...,
        var_static_instance_inaccuracy: float = ...,
        max_static_medium_inaccuracy: int = ...,
        var_static_medium_inaccuracy: float = ...,
    ) -> EnhancedAccuracyMetrics: ...
    @property
    def bc_hop_count(self) -> int: ...
    @property
    def tc_hop_count(self) -> int: ...
    @property
    def max_gm_inaccuracy(self) -> int: ...
    @property
    def var_gm_inaccuracy(self) -> float: ...
    @property
    def max_transient_inaccuracy(self) -> int: ...
    @property
    def var_transient_inaccuracy(self) -> float: ...
    @property
    def max_dynamic_inaccuracy(self) -> int: ...
    @property
    def var_dynamic_inaccuracy(self) -> float: ...
    @property
    def max_static_instance_inaccuracy(self) -> int: ...
    @property
    def var_static_instance_inaccuracy(self) -> float: ...
    @property
    def max_static_medium_inaccuracy(self) -> int: ...
    @property
    def var_static_medium_inaccuracy(self) -> float: ...
    def replace(self, **changes: Any) -> EnhancedAccuracyMetrics: ...

@final
class FollowUpInformation(Tlv):
    def __new__(
        cls,
        *,
        tlv_type: int = ...,
        cumulative_scaled_rate_offset: int = ...,
        gm_time_base_indicator: int = ...,
        last_gm_phase_change: int = ...,
        scaled_last_gm_freq_change: int = ...,
    ) -> FollowUpInformation: ...
    @property
    def tlv_type(self) -> int: ...
    @property
    def cumulative_scaled_rate_offset(self) -> int: ...
    @property
    def gm_time_base_indicator(self) -> int: ...
    @property
    def last_gm_phase_change(self) -> int: ...
    @property
    def scaled_last_gm_freq_change(self) -> int: ...
    def replace(self, **changes: Any) -> FollowUpInformation: ...
    @property
    def organization_id(self) -> int: ...
    @property
    def organization_sub_type(self) -> int: ...
    @property
    def data(self) -> bytes: ...

@final
class GrantUnicastTransmission(Tlv):
    def __new__(
        cls,
        *,
        message_type: int = ...,
        log_inter_message_period: int = ...,
        duration_field: int = ...,
        renewal_invited: bool = ...,
    ) -> GrantUnicastTransmission: ...
    @property
    def message_type(self) -> int: ...
    @property
    def log_inter_message_period(self) -> int: ...
    @property
    def duration_field(self) -> int: ...
    @property
    def renewal_invited(self) -> bool: ...
    def replace(self, **changes: Any) -> GrantUnicastTransmission: ...

@final
class ManagementErrorStatus(Tlv):
    def __new__(
        cls,
        *,
        management_error_id: int = ...,
        management_id: int = ...,
        display_data: _TextLike = ...,
    ) -> ManagementErrorStatus: ...
    @property
    def management_error_id(self) -> int: ...
    @property
    def management_id(self) -> int: ...
    @property
    def display_data(self) -> str: ...
    def replace(self, **changes: Any) -> ManagementErrorStatus: ...

@final
class MessageIntervalRequest(Tlv):
    COMPUTE_NEIGHBOR_RATE_RATIO: ClassVar[int]
    COMPUTE_MEAN_LINK_DELAY: ClassVar[int]
    ONE_STEP_RECEIVE_CAPABLE: ClassVar[int]
    def __new__(
        cls,
        *,
        tlv_type: int = ...,
        link_delay_interval: int = ...,
        time_sync_interval: int = ...,
        announce_interval: int = ...,
        flags: int = ...,
    ) -> MessageIntervalRequest: ...
    @property
    def tlv_type(self) -> int: ...
    @property
    def link_delay_interval(self) -> int: ...
    @property
    def time_sync_interval(self) -> int: ...
    @property
    def announce_interval(self) -> int: ...
    @property
    def flags(self) -> int: ...
    def replace(self, **changes: Any) -> MessageIntervalRequest: ...
    @property
    def organization_id(self) -> int: ...
    @property
    def organization_sub_type(self) -> int: ...
    @property
    def data(self) -> bytes: ...

@final
class OrganizationExtension(Tlv):
    def __new__(
        cls,
        *,
        tlv_type: int = ...,
        organization_id: Union[int, _Buffer] = ...,
        organization_sub_type: int = ...,
        data: _BytesLike = ...,
    ) -> OrganizationExtension: ...
    @property
    def tlv_type(self) -> int: ...
    @property
    def organization_id(self) -> int: ...
    @property
    def organization_sub_type(self) -> int: ...
    @property
    def data(self) -> bytes: ...
    def replace(self, **changes: Any) -> OrganizationExtension: ...

@final
class Pad(Tlv):
    def __new__(cls, length: int = ...) -> Pad: ...
    @property
    def length(self) -> int: ...
    def replace(self, **changes: Any) -> Pad: ...

@final
class PathTrace(Tlv):
    def __new__(cls, path_sequence: Iterable[_ClockIdentityLike] = ...) -> PathTrace: ...
    @property
    def path_sequence(self) -> tuple[str, ...]: ...
    def replace(self, **changes: Any) -> PathTrace: ...

@final
class PowerProfile2011(Tlv):
    def __new__(
        cls,
        *,
        tlv_type: int = ...,
        grandmaster_id: int = ...,
        grandmaster_time_inaccuracy: int = ...,
        network_time_inaccuracy: int = ...,
    ) -> PowerProfile2011: ...
    @property
    def tlv_type(self) -> int: ...
    @property
    def grandmaster_id(self) -> int: ...
    @property
    def grandmaster_time_inaccuracy(self) -> int: ...
    @property
    def network_time_inaccuracy(self) -> int: ...
    def replace(self, **changes: Any) -> PowerProfile2011: ...
    @property
    def organization_id(self) -> int: ...
    @property
    def organization_sub_type(self) -> int: ...
    @property
    def data(self) -> bytes: ...

@final
class PowerProfile2017(Tlv):
    def __new__(
        cls,
        *,
        tlv_type: int = ...,
        grandmaster_id: int = ...,
        total_time_inaccuracy: int = ...,
    ) -> PowerProfile2017: ...
    @property
    def tlv_type(self) -> int: ...
    @property
    def grandmaster_id(self) -> int: ...
    @property
    def total_time_inaccuracy(self) -> int: ...
    def replace(self, **changes: Any) -> PowerProfile2017: ...
    @property
    def organization_id(self) -> int: ...
    @property
    def organization_sub_type(self) -> int: ...
    @property
    def data(self) -> bytes: ...

@final
class RequestUnicastTransmission(Tlv):
    def __new__(
        cls,
        *,
        message_type: int = ...,
        log_inter_message_period: int = ...,
        duration_field: int = ...,
    ) -> RequestUnicastTransmission: ...
    @property
    def message_type(self) -> int: ...
    @property
    def log_inter_message_period(self) -> int: ...
    @property
    def duration_field(self) -> int: ...
    def replace(self, **changes: Any) -> RequestUnicastTransmission: ...

@final
class SmpteSyncMetadata(Tlv):
    def __new__(
        cls,
        *,
        tlv_type: int = ...,
        default_system_frame_rate_numerator: int = ...,
        default_system_frame_rate_denominator: int = ...,
        master_locking_status: int = ...,
        time_address_flags: int = ...,
        current_local_offset: int = ...,
        jump_seconds: int = ...,
        time_of_next_jump: int = ...,
        time_of_next_jam: int = ...,
        time_of_previous_jam: int = ...,
        previous_jam_local_offset: int = ...,
        daylight_saving: int = ...,
        leap_second_jump: int = ...,
    ) -> SmpteSyncMetadata: ...
    @property
    def tlv_type(self) -> int: ...
    @property
    def default_system_frame_rate_numerator(self) -> int: ...
    @property
    def default_system_frame_rate_denominator(self) -> int: ...
    @property
    def master_locking_status(self) -> int: ...
    @property
    def time_address_flags(self) -> int: ...
    @property
    def current_local_offset(self) -> int: ...
    @property
    def jump_seconds(self) -> int: ...
    @property
    def time_of_next_jump(self) -> int: ...
    @property
    def time_of_next_jam(self) -> int: ...
    @property
    def time_of_previous_jam(self) -> int: ...
    @property
    def previous_jam_local_offset(self) -> int: ...
    @property
    def daylight_saving(self) -> int: ...
    @property
    def leap_second_jump(self) -> int: ...
    def replace(self, **changes: Any) -> SmpteSyncMetadata: ...
    @property
    def organization_id(self) -> int: ...
    @property
    def organization_sub_type(self) -> int: ...
    @property
    def data(self) -> bytes: ...

@final
class UnknownTlv(Tlv):
    def __new__(cls, tlv_type: int = ..., value: _BytesLike = ...) -> UnknownTlv: ...
    @property
    def tlv_type(self) -> int: ...
    @property
    def value(self) -> bytes: ...
    def replace(self, **changes: Any) -> UnknownTlv: ...

# --- messages ---------------------------------------------------------------------

@disjoint_base
class Message:
    @property
    def message_type(self) -> int: ...
    @property
    def major_sdo_id(self) -> int: ...
    @property
    def minor_version_ptp(self) -> int: ...
    @property
    def version_ptp(self) -> int: ...
    @property
    def message_length(self) -> int: ...
    @property
    def domain_number(self) -> int: ...
    @property
    def minor_sdo_id(self) -> int: ...
    @property
    def flag_field(self) -> int: ...
    @property
    def alternate_master(self) -> bool: ...
    @property
    def two_step(self) -> bool: ...
    @property
    def unicast(self) -> bool: ...
    @property
    def profile_specific_1(self) -> bool: ...
    @property
    def profile_specific_2(self) -> bool: ...
    @property
    def leap61(self) -> bool: ...
    @property
    def leap59(self) -> bool: ...
    @property
    def current_utc_offset_valid(self) -> bool: ...
    @property
    def ptp_timescale(self) -> bool: ...
    @property
    def time_traceable(self) -> bool: ...
    @property
    def frequency_traceable(self) -> bool: ...
    @property
    def synchronization_uncertain(self) -> bool: ...
    @property
    def correction_field(self) -> int: ...
    @property
    def correction_ns(self) -> float: ...
    @property
    def message_type_specific(self) -> int: ...
    @property
    def source_port_identity(self) -> PortIdentity: ...
    @property
    def sequence_id(self) -> int: ...
    @property
    def control_field(self) -> int: ...
    @property
    def log_message_interval(self) -> int: ...
    @property
    def tlvs(self) -> tuple[Tlv, ...]: ...
    def to_bytes(self) -> bytes: ...
    def __bytes__(self) -> bytes: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __getnewargs_ex__(self) -> tuple[tuple[()], dict[str, Any]]: ...
    def replace(self, **changes: Any) -> Message: ...

@final
class Announce(Message):
    def __new__(
        cls,
        *,
        origin_timestamp: Timestamp = ...,
        current_utc_offset: int = ...,
        grandmaster_priority1: int = ...,
        grandmaster_clock_quality: ClockQuality = ...,
        grandmaster_priority2: int = ...,
        grandmaster_identity: _ClockIdentityLike = ...,
        steps_removed: int = ...,
        time_source: int = ...,
        tlvs: Iterable[Tlv] = ...,
        sequence_id: int = ...,
        domain_number: int = ...,
        source_port_identity: PortIdentity = ...,
        flag_field: int = ...,
        correction_field: int = ...,
        correction_ns: float = ...,
        log_message_interval: int = ...,
        control_field: int = ...,
        major_sdo_id: int = ...,
        minor_sdo_id: int = ...,
        minor_version_ptp: int = ...,
        message_type_specific: int = ...,
        alternate_master: bool = ...,
        two_step: bool = ...,
        unicast: bool = ...,
        profile_specific_1: bool = ...,
        profile_specific_2: bool = ...,
        leap61: bool = ...,
        leap59: bool = ...,
        current_utc_offset_valid: bool = ...,
        ptp_timescale: bool = ...,
        time_traceable: bool = ...,
        frequency_traceable: bool = ...,
        synchronization_uncertain: bool = ...,
    ) -> Announce: ...
    @property
    def origin_timestamp(self) -> Timestamp: ...
    @property
    def current_utc_offset(self) -> int: ...
    @property
    def grandmaster_priority1(self) -> int: ...
    @property
    def grandmaster_clock_quality(self) -> ClockQuality: ...
    @property
    def grandmaster_priority2(self) -> int: ...
    @property
    def grandmaster_identity(self) -> str: ...
    @property
    def steps_removed(self) -> int: ...
    @property
    def time_source(self) -> int: ...
    def replace(self, **changes: Any) -> Announce: ...

@final
class DelayReq(Message):
    def __new__(
        cls,
        *,
        origin_timestamp: Timestamp = ...,
        tlvs: Iterable[Tlv] = ...,
        sequence_id: int = ...,
        domain_number: int = ...,
        source_port_identity: PortIdentity = ...,
        flag_field: int = ...,
        correction_field: int = ...,
        correction_ns: float = ...,
        log_message_interval: int = ...,
        control_field: int = ...,
        major_sdo_id: int = ...,
        minor_sdo_id: int = ...,
        minor_version_ptp: int = ...,
        message_type_specific: int = ...,
        alternate_master: bool = ...,
        two_step: bool = ...,
        unicast: bool = ...,
        profile_specific_1: bool = ...,
        profile_specific_2: bool = ...,
        leap61: bool = ...,
        leap59: bool = ...,
        current_utc_offset_valid: bool = ...,
        ptp_timescale: bool = ...,
        time_traceable: bool = ...,
        frequency_traceable: bool = ...,
        synchronization_uncertain: bool = ...,
    ) -> DelayReq: ...
    @property
    def origin_timestamp(self) -> Timestamp: ...
    def replace(self, **changes: Any) -> DelayReq: ...

@final
class DelayResp(Message):
    def __new__(
        cls,
        *,
        receive_timestamp: Timestamp = ...,
        requesting_port_identity: PortIdentity = ...,
        tlvs: Iterable[Tlv] = ...,
        sequence_id: int = ...,
        domain_number: int = ...,
        source_port_identity: PortIdentity = ...,
        flag_field: int = ...,
        correction_field: int = ...,
        correction_ns: float = ...,
        log_message_interval: int = ...,
        control_field: int = ...,
        major_sdo_id: int = ...,
        minor_sdo_id: int = ...,
        minor_version_ptp: int = ...,
        message_type_specific: int = ...,
        alternate_master: bool = ...,
        two_step: bool = ...,
        unicast: bool = ...,
        profile_specific_1: bool = ...,
        profile_specific_2: bool = ...,
        leap61: bool = ...,
        leap59: bool = ...,
        current_utc_offset_valid: bool = ...,
        ptp_timescale: bool = ...,
        time_traceable: bool = ...,
        frequency_traceable: bool = ...,
        synchronization_uncertain: bool = ...,
    ) -> DelayResp: ...
    @property
    def receive_timestamp(self) -> Timestamp: ...
    @property
    def requesting_port_identity(self) -> PortIdentity: ...
    def replace(self, **changes: Any) -> DelayResp: ...

@final
class FollowUp(Message):
    def __new__(
        cls,
        *,
        precise_origin_timestamp: Timestamp = ...,
        tlvs: Iterable[Tlv] = ...,
        sequence_id: int = ...,
        domain_number: int = ...,
        source_port_identity: PortIdentity = ...,
        flag_field: int = ...,
        correction_field: int = ...,
        correction_ns: float = ...,
        log_message_interval: int = ...,
        control_field: int = ...,
        major_sdo_id: int = ...,
        minor_sdo_id: int = ...,
        minor_version_ptp: int = ...,
        message_type_specific: int = ...,
        alternate_master: bool = ...,
        two_step: bool = ...,
        unicast: bool = ...,
        profile_specific_1: bool = ...,
        profile_specific_2: bool = ...,
        leap61: bool = ...,
        leap59: bool = ...,
        current_utc_offset_valid: bool = ...,
        ptp_timescale: bool = ...,
        time_traceable: bool = ...,
        frequency_traceable: bool = ...,
        synchronization_uncertain: bool = ...,
    ) -> FollowUp: ...
    @property
    def precise_origin_timestamp(self) -> Timestamp: ...
    def replace(self, **changes: Any) -> FollowUp: ...

@final
class Management(Message):
    def __new__(
        cls,
        *,
        target_port_identity: PortIdentity = ...,
        starting_boundary_hops: int = ...,
        boundary_hops: int = ...,
        action: int = ...,
        tlvs: Iterable[Tlv] = ...,
        sequence_id: int = ...,
        domain_number: int = ...,
        source_port_identity: PortIdentity = ...,
        flag_field: int = ...,
        correction_field: int = ...,
        correction_ns: float = ...,
        log_message_interval: int = ...,
        control_field: int = ...,
        major_sdo_id: int = ...,
        minor_sdo_id: int = ...,
        minor_version_ptp: int = ...,
        message_type_specific: int = ...,
        alternate_master: bool = ...,
        two_step: bool = ...,
        unicast: bool = ...,
        profile_specific_1: bool = ...,
        profile_specific_2: bool = ...,
        leap61: bool = ...,
        leap59: bool = ...,
        current_utc_offset_valid: bool = ...,
        ptp_timescale: bool = ...,
        time_traceable: bool = ...,
        frequency_traceable: bool = ...,
        synchronization_uncertain: bool = ...,
    ) -> Management: ...
    @property
    def target_port_identity(self) -> PortIdentity: ...
    @property
    def starting_boundary_hops(self) -> int: ...
    @property
    def boundary_hops(self) -> int: ...
    @property
    def action(self) -> int: ...
    def replace(self, **changes: Any) -> Management: ...

@final
class PdelayReq(Message):
    def __new__(
        cls,
        *,
        origin_timestamp: Timestamp = ...,
        tlvs: Iterable[Tlv] = ...,
        sequence_id: int = ...,
        domain_number: int = ...,
        source_port_identity: PortIdentity = ...,
        flag_field: int = ...,
        correction_field: int = ...,
        correction_ns: float = ...,
        log_message_interval: int = ...,
        control_field: int = ...,
        major_sdo_id: int = ...,
        minor_sdo_id: int = ...,
        minor_version_ptp: int = ...,
        message_type_specific: int = ...,
        alternate_master: bool = ...,
        two_step: bool = ...,
        unicast: bool = ...,
        profile_specific_1: bool = ...,
        profile_specific_2: bool = ...,
        leap61: bool = ...,
        leap59: bool = ...,
        current_utc_offset_valid: bool = ...,
        ptp_timescale: bool = ...,
        time_traceable: bool = ...,
        frequency_traceable: bool = ...,
        synchronization_uncertain: bool = ...,
    ) -> PdelayReq: ...
    @property
    def origin_timestamp(self) -> Timestamp: ...
    def replace(self, **changes: Any) -> PdelayReq: ...

@final
class PdelayResp(Message):
    def __new__(
        cls,
        *,
        request_receipt_timestamp: Timestamp = ...,
        requesting_port_identity: PortIdentity = ...,
        tlvs: Iterable[Tlv] = ...,
        sequence_id: int = ...,
        domain_number: int = ...,
        source_port_identity: PortIdentity = ...,
        flag_field: int = ...,
        correction_field: int = ...,
        correction_ns: float = ...,
        log_message_interval: int = ...,
        control_field: int = ...,
        major_sdo_id: int = ...,
        minor_sdo_id: int = ...,
        minor_version_ptp: int = ...,
        message_type_specific: int = ...,
        alternate_master: bool = ...,
        two_step: bool = ...,
        unicast: bool = ...,
        profile_specific_1: bool = ...,
        profile_specific_2: bool = ...,
        leap61: bool = ...,
        leap59: bool = ...,
        current_utc_offset_valid: bool = ...,
        ptp_timescale: bool = ...,
        time_traceable: bool = ...,
        frequency_traceable: bool = ...,
        synchronization_uncertain: bool = ...,
    ) -> PdelayResp: ...
    @property
    def request_receipt_timestamp(self) -> Timestamp: ...
    @property
    def requesting_port_identity(self) -> PortIdentity: ...
    def replace(self, **changes: Any) -> PdelayResp: ...

@final
class PdelayRespFollowUp(Message):
    def __new__(
        cls,
        *,
        response_origin_timestamp: Timestamp = ...,
        requesting_port_identity: PortIdentity = ...,
        tlvs: Iterable[Tlv] = ...,
        sequence_id: int = ...,
        domain_number: int = ...,
        source_port_identity: PortIdentity = ...,
        flag_field: int = ...,
        correction_field: int = ...,
        correction_ns: float = ...,
        log_message_interval: int = ...,
        control_field: int = ...,
        major_sdo_id: int = ...,
        minor_sdo_id: int = ...,
        minor_version_ptp: int = ...,
        message_type_specific: int = ...,
        alternate_master: bool = ...,
        two_step: bool = ...,
        unicast: bool = ...,
        profile_specific_1: bool = ...,
        profile_specific_2: bool = ...,
        leap61: bool = ...,
        leap59: bool = ...,
        current_utc_offset_valid: bool = ...,
        ptp_timescale: bool = ...,
        time_traceable: bool = ...,
        frequency_traceable: bool = ...,
        synchronization_uncertain: bool = ...,
    ) -> PdelayRespFollowUp: ...
    @property
    def response_origin_timestamp(self) -> Timestamp: ...
    @property
    def requesting_port_identity(self) -> PortIdentity: ...
    def replace(self, **changes: Any) -> PdelayRespFollowUp: ...

@final
class ReservedMessage(Message):
    def __new__(
        cls,
        *,
        message_type: int = ...,
        body: _BytesLike = ...,
        tlvs: Iterable[Tlv] = ...,
        sequence_id: int = ...,
        domain_number: int = ...,
        source_port_identity: PortIdentity = ...,
        flag_field: int = ...,
        correction_field: int = ...,
        correction_ns: float = ...,
        log_message_interval: int = ...,
        control_field: int = ...,
        major_sdo_id: int = ...,
        minor_sdo_id: int = ...,
        minor_version_ptp: int = ...,
        message_type_specific: int = ...,
        alternate_master: bool = ...,
        two_step: bool = ...,
        unicast: bool = ...,
        profile_specific_1: bool = ...,
        profile_specific_2: bool = ...,
        leap61: bool = ...,
        leap59: bool = ...,
        current_utc_offset_valid: bool = ...,
        ptp_timescale: bool = ...,
        time_traceable: bool = ...,
        frequency_traceable: bool = ...,
        synchronization_uncertain: bool = ...,
    ) -> ReservedMessage: ...
    @property
    def message_type(self) -> int: ...
    @property
    def body(self) -> bytes: ...
    def replace(self, **changes: Any) -> ReservedMessage: ...

@final
class Signaling(Message):
    def __new__(
        cls,
        *,
        target_port_identity: PortIdentity = ...,
        tlvs: Iterable[Tlv] = ...,
        sequence_id: int = ...,
        domain_number: int = ...,
        source_port_identity: PortIdentity = ...,
        flag_field: int = ...,
        correction_field: int = ...,
        correction_ns: float = ...,
        log_message_interval: int = ...,
        control_field: int = ...,
        major_sdo_id: int = ...,
        minor_sdo_id: int = ...,
        minor_version_ptp: int = ...,
        message_type_specific: int = ...,
        alternate_master: bool = ...,
        two_step: bool = ...,
        unicast: bool = ...,
        profile_specific_1: bool = ...,
        profile_specific_2: bool = ...,
        leap61: bool = ...,
        leap59: bool = ...,
        current_utc_offset_valid: bool = ...,
        ptp_timescale: bool = ...,
        time_traceable: bool = ...,
        frequency_traceable: bool = ...,
        synchronization_uncertain: bool = ...,
    ) -> Signaling: ...
    @property
    def target_port_identity(self) -> PortIdentity: ...
    def replace(self, **changes: Any) -> Signaling: ...

@final
class Sync(Message):
    def __new__(
        cls,
        *,
        origin_timestamp: Timestamp = ...,
        tlvs: Iterable[Tlv] = ...,
        sequence_id: int = ...,
        domain_number: int = ...,
        source_port_identity: PortIdentity = ...,
        flag_field: int = ...,
        correction_field: int = ...,
        correction_ns: float = ...,
        log_message_interval: int = ...,
        control_field: int = ...,
        major_sdo_id: int = ...,
        minor_sdo_id: int = ...,
        minor_version_ptp: int = ...,
        message_type_specific: int = ...,
        alternate_master: bool = ...,
        two_step: bool = ...,
        unicast: bool = ...,
        profile_specific_1: bool = ...,
        profile_specific_2: bool = ...,
        leap61: bool = ...,
        leap59: bool = ...,
        current_utc_offset_valid: bool = ...,
        ptp_timescale: bool = ...,
        time_traceable: bool = ...,
        frequency_traceable: bool = ...,
        synchronization_uncertain: bool = ...,
    ) -> Sync: ...
    @property
    def origin_timestamp(self) -> Timestamp: ...
    def replace(self, **changes: Any) -> Sync: ...

# --- functions --------------------------------------------------------------------

def parse(buf: _BytesLike) -> Message: ...
def parse_frame(frame: _BytesLike) -> Message: ...
def parse_tlv(buf: _BytesLike) -> Tlv: ...
def frame_l2(
    msg: Union[Message, _BytesLike], *, src_mac: _MacLike, dst_mac: _MacLike = ...
) -> bytes: ...
def frame_udp4(
    msg: Union[Message, _BytesLike],
    *,
    src_mac: _MacLike,
    src_ip: _IpLike,
    dst_ip: _IpLike = ...,
    dst_mac: _MacLike = ...,
    ttl: int = ...,
    dscp: int = ...,
) -> bytes: ...
def frame_udp6(
    msg: Union[Message, _BytesLike],
    *,
    src_mac: _MacLike,
    src_ip: _IpLike,
    dst_ip: _IpLike = ...,
    dst_mac: _MacLike = ...,
    hop_limit: int = ...,
    dscp: int = ...,
    checksum_trailer: bool = False,
) -> bytes: ...
def locate(frame: _BytesLike) -> int: ...
def add_to_correction(frame: _BytesLike, delta: int) -> int: ...
def set_origin_timestamp(frame: _BytesLike, ts: Timestamp) -> None: ...
def fix_udp_checksum(frame: _BytesLike) -> None: ...
def clock_identity_from_mac(mac: _MacLike) -> str: ...
def ipv6_primary(scope: int) -> IPv6Address: ...

# --- named values (from the crate's tables) ------------------------------------

class MessageType(enum.IntEnum):
    SYNC = 0x0000
    DELAY_REQ = 0x0001
    PDELAY_REQ = 0x0002
    PDELAY_RESP = 0x0003
    FOLLOW_UP = 0x0008
    DELAY_RESP = 0x0009
    PDELAY_RESP_FOLLOW_UP = 0x000A
    ANNOUNCE = 0x000B
    SIGNALING = 0x000C
    MANAGEMENT = 0x000D

class TlvType(enum.IntEnum):
    MANAGEMENT = 0x0001
    MANAGEMENT_ERROR_STATUS = 0x0002
    ORGANIZATION_EXTENSION = 0x0003
    REQUEST_UNICAST_TRANSMISSION = 0x0004
    GRANT_UNICAST_TRANSMISSION = 0x0005
    CANCEL_UNICAST_TRANSMISSION = 0x0006
    ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION = 0x0007
    PATH_TRACE = 0x0008
    ALTERNATE_TIME_OFFSET_INDICATOR = 0x0009
    ORGANIZATION_EXTENSION_PROPAGATE = 0x4000
    ENHANCED_ACCURACY_METRICS = 0x4001
    ORGANIZATION_EXTENSION_DO_NOT_PROPAGATE = 0x8000
    L1_SYNC = 0x8001
    PORT_COMMUNICATION_AVAILABILITY = 0x8002
    PROTOCOL_ADDRESS = 0x8003
    SLAVE_RX_SYNC_TIMING_DATA = 0x8004
    SLAVE_RX_SYNC_COMPUTED_DATA = 0x8005
    SLAVE_TX_EVENT_TIMESTAMPS = 0x8006
    CUMULATIVE_RATE_RATIO = 0x8007
    PAD = 0x8008
    AUTHENTICATION = 0x8009

class ManagementId(enum.IntEnum):
    NULL_PTP_MANAGEMENT = 0x0000
    CLOCK_DESCRIPTION = 0x0001
    USER_DESCRIPTION = 0x0002
    SAVE_IN_NON_VOLATILE_STORAGE = 0x0003
    RESET_NON_VOLATILE_STORAGE = 0x0004
    INITIALIZE = 0x0005
    FAULT_LOG = 0x0006
    FAULT_LOG_RESET = 0x0007
    DEFAULT_DATA_SET = 0x2000
    CURRENT_DATA_SET = 0x2001
    PARENT_DATA_SET = 0x2002
    TIME_PROPERTIES_DATA_SET = 0x2003
    PORT_DATA_SET = 0x2004
    PRIORITY1 = 0x2005
    PRIORITY2 = 0x2006
    DOMAIN = 0x2007
    SLAVE_ONLY = 0x2008
    LOG_ANNOUNCE_INTERVAL = 0x2009
    ANNOUNCE_RECEIPT_TIMEOUT = 0x200A
    LOG_SYNC_INTERVAL = 0x200B
    VERSION_NUMBER = 0x200C
    ENABLE_PORT = 0x200D
    DISABLE_PORT = 0x200E
    TIME = 0x200F
    CLOCK_ACCURACY = 0x2010
    UTC_PROPERTIES = 0x2011
    TRACEABILITY_PROPERTIES = 0x2012
    TIMESCALE_PROPERTIES = 0x2013
    UNICAST_NEGOTIATION_ENABLE = 0x2014
    PATH_TRACE_LIST = 0x2015
    PATH_TRACE_ENABLE = 0x2016
    GRANDMASTER_CLUSTER_TABLE = 0x2017
    UNICAST_MASTER_TABLE = 0x2018
    UNICAST_MASTER_MAX_TABLE_SIZE = 0x2019
    ACCEPTABLE_MASTER_TABLE = 0x201A
    ACCEPTABLE_MASTER_TABLE_ENABLED = 0x201B
    ACCEPTABLE_MASTER_MAX_TABLE_SIZE = 0x201C
    ALTERNATE_MASTER = 0x201D
    ALTERNATE_TIME_OFFSET_ENABLE = 0x201E
    ALTERNATE_TIME_OFFSET_NAME = 0x201F
    ALTERNATE_TIME_OFFSET_MAX_KEY = 0x2020
    ALTERNATE_TIME_OFFSET_PROPERTIES = 0x2021
    EXTERNAL_PORT_CONFIGURATION_ENABLED = 0x3000
    MASTER_ONLY = 0x3001
    HOLDOVER_UPGRADE_ENABLE = 0x3002
    EXT_PORT_CONFIG_PORT_DATA_SET = 0x3003
    TRANSPARENT_CLOCK_DEFAULT_DATA_SET = 0x4000
    TRANSPARENT_CLOCK_PORT_DATA_SET = 0x4001
    PRIMARY_DOMAIN = 0x4002
    DELAY_MECHANISM = 0x6000
    LOG_MIN_PDELAY_REQ_INTERVAL = 0x6001
    TIME_STATUS_NP = 0xC000
    GRANDMASTER_SETTINGS_NP = 0xC001
    PORT_DATA_SET_NP = 0xC002
    SUBSCRIBE_EVENTS_NP = 0xC003
    PORT_PROPERTIES_NP = 0xC004
    PORT_STATS_NP = 0xC005

class ManagementErrorId(enum.IntEnum):
    RESPONSE_TOO_BIG = 0x0001
    NO_SUCH_ID = 0x0002
    WRONG_LENGTH = 0x0003
    WRONG_VALUE = 0x0004
    NOT_SETABLE = 0x0005
    NOT_SUPPORTED = 0x0006
    UNPOPULATED = 0x0007
    GENERAL_ERROR = 0xFFFE

class Action(enum.IntEnum):
    GET = 0x0000
    SET = 0x0001
    RESPONSE = 0x0002
    COMMAND = 0x0003
    ACKNOWLEDGE = 0x0004

class TimeSource(enum.IntEnum):
    ATOMIC_CLOCK = 0x0010
    GNSS = 0x0020
    TERRESTRIAL_RADIO = 0x0030
    SERIAL_TIME_CODE = 0x0039
    PTP = 0x0040
    NTP = 0x0050
    HAND_SET = 0x0060
    OTHER = 0x0090
    INTERNAL_OSCILLATOR = 0x00A0

class ClockAccuracy(enum.IntEnum):
    WITHIN_1_PS = 0x0017
    WITHIN_2_5_PS = 0x0018
    WITHIN_10_PS = 0x0019
    WITHIN_25_PS = 0x001A
    WITHIN_100_PS = 0x001B
    WITHIN_250_PS = 0x001C
    WITHIN_1_NS = 0x001D
    WITHIN_2_5_NS = 0x001E
    WITHIN_10_NS = 0x001F
    WITHIN_25_NS = 0x0020
    WITHIN_100_NS = 0x0021
    WITHIN_250_NS = 0x0022
    WITHIN_1_US = 0x0023
    WITHIN_2_5_US = 0x0024
    WITHIN_10_US = 0x0025
    WITHIN_25_US = 0x0026
    WITHIN_100_US = 0x0027
    WITHIN_250_US = 0x0028
    WITHIN_1_MS = 0x0029
    WITHIN_2_5_MS = 0x002A
    WITHIN_10_MS = 0x002B
    WITHIN_25_MS = 0x002C
    WITHIN_100_MS = 0x002D
    WITHIN_250_MS = 0x002E
    WITHIN_1_S = 0x002F
    WITHIN_10_S = 0x0030
    MORE_THAN_10_S = 0x0031
    UNKNOWN = 0x00FE

class FlagField(enum.IntFlag):
    ALTERNATE_MASTER = 0x0100
    TWO_STEP = 0x0200
    UNICAST = 0x0400
    PROFILE_SPECIFIC_1 = 0x2000
    PROFILE_SPECIFIC_2 = 0x4000
    LEAP61 = 0x0001
    LEAP59 = 0x0002
    CURRENT_UTC_OFFSET_VALID = 0x0004
    PTP_TIMESCALE = 0x0008
    TIME_TRACEABLE = 0x0010
    FREQUENCY_TRACEABLE = 0x0020
    SYNCHRONIZATION_UNCERTAIN = 0x0040
