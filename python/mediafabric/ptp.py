"""IEEE 1588-2019 Precision Time Protocol messages: parse, build, frame, update in place.

Every message and TLV of the standard is a class with the standard's field names in
snake_case; the work (parsing, emitting, framing) is done by the ``mediafabric-ptp``
crate::

    from mediafabric import ptp

    msg = ptp.parse(payload)                  # Sync, Announce, Management, ...
    print(msg.sequence_id, msg.source_port_identity, msg.tlvs)

    sync = ptp.Sync(sequence_id=7, domain_number=127, two_step=True,
                    source_port_identity=ptp.PortIdentity("00:1b:19:ff:fe:00:00:01", 1))
    frame = ptp.frame_udp4(sync, src_mac="00:1b:19:00:00:01", src_ip="10.0.0.1")
    assert ptp.parse_frame(frame) == sync

Objects are immutable and compare equal when they are the same on the wire;
``replace(**changes)`` makes a changed copy. Integer fields with named values (message
types, TLV types, managementIds, ...) read back as members of the IntEnums below.
"""

from __future__ import annotations

import enum

from mediafabric._native import _ptp as _native

AcceptableMaster = _native.AcceptableMaster
AcceptableMasterTable = _native.AcceptableMasterTable
AcknowledgeCancelUnicastTransmission = _native.AcknowledgeCancelUnicastTransmission
AlternateMaster = _native.AlternateMaster
AlternateTimeOffsetEnable = _native.AlternateTimeOffsetEnable
AlternateTimeOffsetIndicator = _native.AlternateTimeOffsetIndicator
AlternateTimeOffsetName = _native.AlternateTimeOffsetName
AlternateTimeOffsetProperties = _native.AlternateTimeOffsetProperties
Announce = _native.Announce
Authentication = _native.Authentication
CancelUnicastTransmission = _native.CancelUnicastTransmission
ClockDescription = _native.ClockDescription
ClockQuality = _native.ClockQuality
CurrentDataSet = _native.CurrentDataSet
DefaultDataSet = _native.DefaultDataSet
DelayReq = _native.DelayReq
DelayResp = _native.DelayResp
EnhancedAccuracyMetrics = _native.EnhancedAccuracyMetrics
FaultLog = _native.FaultLog
FaultRecord = _native.FaultRecord
FollowUp = _native.FollowUp
FollowUpInformation = _native.FollowUpInformation
GrandmasterClusterTable = _native.GrandmasterClusterTable
GrantUnicastTransmission = _native.GrantUnicastTransmission
Management = _native.Management
ManagementErrorStatus = _native.ManagementErrorStatus
ManagementTlv = _native.ManagementTlv
Message = _native.Message
MessageIntervalRequest = _native.MessageIntervalRequest
OrganizationExtension = _native.OrganizationExtension
Pad = _native.Pad
ParentDataSet = _native.ParentDataSet
PathTrace = _native.PathTrace
PdelayReq = _native.PdelayReq
PdelayResp = _native.PdelayResp
PdelayRespFollowUp = _native.PdelayRespFollowUp
PortAddress = _native.PortAddress
PortDataSet = _native.PortDataSet
PortIdentity = _native.PortIdentity
PowerProfile2011 = _native.PowerProfile2011
PowerProfile2017 = _native.PowerProfile2017
RequestUnicastTransmission = _native.RequestUnicastTransmission
ReservedMessage = _native.ReservedMessage
Signaling = _native.Signaling
SmpteSyncMetadata = _native.SmpteSyncMetadata
Sync = _native.Sync
TimePropertiesDataSet = _native.TimePropertiesDataSet
TimescaleProperties = _native.TimescaleProperties
Timestamp = _native.Timestamp
Tlv = _native.Tlv
TransparentClockDefaultDataSet = _native.TransparentClockDefaultDataSet
TransparentClockPortDataSet = _native.TransparentClockPortDataSet
UnicastMasterTable = _native.UnicastMasterTable
UnknownTlv = _native.UnknownTlv
UtcProperties = _native.UtcProperties

parse = _native.parse
parse_frame = _native.parse_frame
parse_tlv = _native.parse_tlv
frame_l2 = _native.frame_l2
frame_udp4 = _native.frame_udp4
frame_udp6 = _native.frame_udp6
locate = _native.locate
add_to_correction = _native.add_to_correction
set_origin_timestamp = _native.set_origin_timestamp
fix_udp_checksum = _native.fix_udp_checksum
clock_identity_from_mac = _native.clock_identity_from_mac
ipv6_primary = _native.ipv6_primary

EVENT_PORT: int = _native.EVENT_PORT
GENERAL_PORT: int = _native.GENERAL_PORT
ETHERTYPE: int = _native.ETHERTYPE
HEADER_LEN: int = _native.HEADER_LEN
L2_PRIMARY_MAC: str = _native.L2_PRIMARY_MAC
L2_PDELAY_MAC: str = _native.L2_PDELAY_MAC
IPV4_PRIMARY = _native.IPV4_PRIMARY
IPV4_PDELAY = _native.IPV4_PDELAY
IPV6_PRIMARY = _native.IPV6_PRIMARY
IPV6_PDELAY = _native.IPV6_PDELAY
SMPTE_OUI: int = _native.SMPTE_OUI
IEEE_802_1_OUI: int = _native.IEEE_802_1_OUI
IEEE_C37_238_OUI: int = _native.IEEE_C37_238_OUI

# The named values come from the crate's own tables, so the two never disagree.
MessageType = enum.IntEnum("MessageType", _native._enum_members("MessageType"), module=__name__)
MessageType.__doc__ = "messageType (IEEE 1588-2019 §13.3.2.2, Table 36)."
TlvType = enum.IntEnum("TlvType", _native._enum_members("TlvType"), module=__name__)
TlvType.__doc__ = "tlvType (IEEE 1588-2019 §14.1.1, Table 52)."
ManagementId = enum.IntEnum("ManagementId", _native._enum_members("ManagementId"), module=__name__)
ManagementId.__doc__ = (
    "managementId (IEEE 1588-2019 §15.5.2.3, Table 59), with linuxptp's *_NP values."
)
ManagementErrorId = enum.IntEnum(
    "ManagementErrorId", _native._enum_members("ManagementErrorId"), module=__name__
)
ManagementErrorId.__doc__ = "managementErrorId (IEEE 1588-2019 §15.5.4.1.4, Table 109)."
Action = enum.IntEnum("Action", _native._enum_members("Action"), module=__name__)
Action.__doc__ = "actionField of a Management message (IEEE 1588-2019 Table 57)."
TimeSource = enum.IntEnum("TimeSource", _native._enum_members("TimeSource"), module=__name__)
TimeSource.__doc__ = "timeSource (IEEE 1588-2019 §7.6.2.8, Table 6)."
ClockAccuracy = enum.IntEnum(
    "ClockAccuracy", _native._enum_members("ClockAccuracy"), module=__name__
)
ClockAccuracy.__doc__ = "clockAccuracy (IEEE 1588-2019 §7.6.2.6, Table 5)."
FlagField = enum.IntFlag("FlagField", _native._enum_members("FlagField"), module=__name__)
FlagField.__doc__ = (
    "The named bits of flagField (IEEE 1588-2019 §13.3.2.8, Table 37), as the 16-bit "
    "number of octets 6 and 7 (``Message.flag_field``)."
)

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
