"""Building PTP messages and TLVs with mediafabric.ptp: the standard's defaults, round
trips through the wire format, framing, in-place updates, and tshark as the oracle for
what is built (decoded fields and no expert errors)."""

from __future__ import annotations

import copy
import pickle
import subprocess
from pathlib import Path
from typing import Any, Callable

import pytest

import mediafabric
from mediafabric import ParseError, pcap, ptp

from conftest import need_tool

PORT = ptp.PortIdentity("00:1b:19:ff:fe:00:00:01", 1)
PEER = ptp.PortIdentity("00:1b:19:ff:fe:00:00:02", 1)
MAC = "00:1b:19:00:00:01"
T = ptp.Timestamp(1700000000, 123456789)

SMPTE = ptp.SmpteSyncMetadata(
    default_system_frame_rate_numerator=30000,
    default_system_frame_rate_denominator=1001,
    master_locking_status=4,
    time_address_flags=1,
    current_local_offset=3600,
    jump_seconds=-3600,
    time_of_next_jump=0x6B045259,
    time_of_next_jam=0x6B045260,
    time_of_previous_jam=0x6B000000,
    previous_jam_local_offset=7200,
    daylight_saving=3,
    leap_second_jump=1,
)

# One of every TLV class (and every kind of management data).
TLVS: list[ptp.Tlv] = [
    ptp.UnknownTlv(0x7F01, b"\x01\x02"),
    ptp.Pad(6),
    ptp.ManagementTlv(ptp.ManagementId.PRIORITY1, 100),
    ptp.ManagementTlv(ptp.ManagementId.LOG_SYNC_INTERVAL, -3),
    ptp.ManagementTlv(ptp.ManagementId.INITIALIZE, 0x1234),
    ptp.ManagementTlv(ptp.ManagementId.USER_DESCRIPTION, "studio;rack 4"),
    ptp.ManagementTlv(ptp.ManagementId.TIME, T),
    ptp.ManagementTlv(ptp.ManagementId.PATH_TRACE_LIST, [PORT.clock_identity, bytes(range(8))]),
    ptp.ManagementTlv(
        ptp.ManagementId.DEFAULT_DATA_SET,
        ptp.DefaultDataSet(two_step_flag=True, priority1=100, clock_identity=PORT.clock_identity),
    ),
    ptp.ManagementTlv(
        ptp.ManagementId.CURRENT_DATA_SET,
        ptp.CurrentDataSet(steps_removed=1, offset_from_master=-5 << 16, mean_path_delay=100 << 16),
    ),
    ptp.ManagementTlv(
        ptp.ManagementId.PARENT_DATA_SET,
        ptp.ParentDataSet(parent_port_identity=PEER, grandmaster_identity=PEER.clock_identity),
    ),
    ptp.ManagementTlv(
        ptp.ManagementId.TIME_PROPERTIES_DATA_SET,
        ptp.TimePropertiesDataSet(flags=0x0C, time_source=ptp.TimeSource.GNSS),
    ),
    ptp.ManagementTlv(
        ptp.ManagementId.PORT_DATA_SET,
        ptp.PortDataSet(port_identity=PORT, port_state=9, log_sync_interval=-3),
    ),
    ptp.ManagementTlv(
        ptp.ManagementId.CLOCK_DESCRIPTION,
        ptp.ClockDescription(
            physical_address=bytes.fromhex("001b19000001"),
            protocol_address=ptp.PortAddress(1, bytes([10, 0, 0, 1])),
            manufacturer_identity=0x001B19,
            product_description="mediafabric;sdk;1",
            revision_data=";;0.1",
            user_description="test clock",
        ),
    ),
    ptp.ManagementTlv(
        ptp.ManagementId.FAULT_LOG,
        ptp.FaultLog(
            [
                ptp.FaultRecord(
                    fault_time=T,
                    severity_code=3,
                    fault_name="holdover",
                    fault_value="1",
                    fault_description="lost the reference",
                )
            ]
        ),
    ),
    ptp.ManagementTlv(
        ptp.ManagementId.UNICAST_MASTER_TABLE,
        ptp.UnicastMasterTable(
            log_query_interval=1,
            port_addresses=[
                ptp.PortAddress(1, bytes([10, 0, 0, 1])),
                ptp.PortAddress(2, bytes(16)),
            ],
        ),
    ),
    ptp.ManagementTlv(
        ptp.ManagementId.GRANDMASTER_CLUSTER_TABLE,
        ptp.GrandmasterClusterTable(
            port_addresses=[ptp.PortAddress(3, bytes.fromhex("001b19000001"))]
        ),
    ),
    ptp.ManagementTlv(
        ptp.ManagementId.ACCEPTABLE_MASTER_TABLE,
        ptp.AcceptableMasterTable([ptp.AcceptableMaster(PEER, 7)]),
    ),
    ptp.ManagementTlv(
        ptp.ManagementId.ALTERNATE_MASTER,
        ptp.AlternateMaster(
            flags=1, log_alternate_multicast_sync_interval=-2, number_of_alternate_masters=2
        ),
    ),
    ptp.ManagementTlv(
        ptp.ManagementId.ALTERNATE_TIME_OFFSET_NAME,
        ptp.AlternateTimeOffsetName(key_field=1, display_name="CET"),
    ),
    ptp.ManagementTlv(
        ptp.ManagementId.ALTERNATE_TIME_OFFSET_ENABLE,
        ptp.AlternateTimeOffsetEnable(key_field=1, flags=1),
    ),
    ptp.ManagementTlv(
        ptp.ManagementId.ALTERNATE_TIME_OFFSET_PROPERTIES,
        ptp.AlternateTimeOffsetProperties(
            key_field=1, current_offset=3600, jump_seconds=-3600, time_of_next_jump=1 << 40
        ),
    ),
    ptp.ManagementTlv(
        ptp.ManagementId.TRANSPARENT_CLOCK_DEFAULT_DATA_SET,
        ptp.TransparentClockDefaultDataSet(
            clock_identity=PORT.clock_identity, number_ports=4, delay_mechanism=2
        ),
    ),
    ptp.ManagementTlv(
        ptp.ManagementId.TRANSPARENT_CLOCK_PORT_DATA_SET,
        ptp.TransparentClockPortDataSet(
            port_identity=PORT, faulty_flag=True, peer_mean_path_delay=12345 << 16
        ),
    ),
    ptp.ManagementTlv(
        ptp.ManagementId.UTC_PROPERTIES, ptp.UtcProperties(current_utc_offset=37, flags=4)
    ),
    ptp.ManagementTlv(
        ptp.ManagementId.TIMESCALE_PROPERTIES,
        ptp.TimescaleProperties(flags=8, time_source=ptp.TimeSource.GNSS),
    ),
    ptp.ManagementTlv(ptp.ManagementId.UNICAST_MASTER_MAX_TABLE_SIZE, 16),
    ptp.ManagementTlv(ptp.ManagementId.TIME_STATUS_NP, bytes(50)),
    ptp.ManagementTlv(ptp.ManagementId.ENABLE_PORT),
    ptp.ManagementErrorStatus(
        management_error_id=ptp.ManagementErrorId.NO_SUCH_ID,
        management_id=ptp.ManagementId.TIME,
        display_data="not here",
    ),
    ptp.OrganizationExtension(organization_id=0x123456, organization_sub_type=9, data=b"abc"),
    SMPTE,
    ptp.FollowUpInformation(
        cumulative_scaled_rate_offset=-5,
        gm_time_base_indicator=1,
        last_gm_phase_change=-(1 << 70),
        scaled_last_gm_freq_change=3,
    ),
    ptp.MessageIntervalRequest(
        link_delay_interval=0,
        time_sync_interval=-3,
        announce_interval=127,
        flags=ptp.MessageIntervalRequest.COMPUTE_NEIGHBOR_RATE_RATIO
        | ptp.MessageIntervalRequest.COMPUTE_MEAN_LINK_DELAY,
    ),
    ptp.PowerProfile2011(
        grandmaster_id=3, grandmaster_time_inaccuracy=50, network_time_inaccuracy=200
    ),
    ptp.PowerProfile2017(grandmaster_id=3, total_time_inaccuracy=250),
    ptp.RequestUnicastTransmission(
        message_type=ptp.MessageType.SYNC, log_inter_message_period=-4, duration_field=300
    ),
    ptp.GrantUnicastTransmission(
        message_type=ptp.MessageType.ANNOUNCE,
        log_inter_message_period=1,
        duration_field=300,
        renewal_invited=True,
    ),
    ptp.CancelUnicastTransmission(message_type=ptp.MessageType.DELAY_RESP),
    ptp.AcknowledgeCancelUnicastTransmission(message_type=ptp.MessageType.DELAY_RESP),
    ptp.PathTrace([PORT.clock_identity, PEER.clock_identity]),
    ptp.AlternateTimeOffsetIndicator(
        key_field=1,
        current_offset=10763,
        jump_seconds=0,
        time_of_next_jump=0,
        display_name="UTC+03:00",
    ),
    ptp.Authentication(spp=2, sec_param_indicator=0, key_id=7, rest=b"\xaa\xbb\xcc\xdd"),
    ptp.EnhancedAccuracyMetrics(
        bc_hop_count=1, tc_hop_count=2, max_gm_inaccuracy=100 << 16, var_gm_inaccuracy=1.5e-9
    ),
]

MESSAGES: list[ptp.Message] = [
    ptp.Sync(sequence_id=1, origin_timestamp=T, two_step=True, source_port_identity=PORT),
    ptp.DelayReq(sequence_id=2, origin_timestamp=T, source_port_identity=PEER),
    ptp.FollowUp(
        sequence_id=1, precise_origin_timestamp=T, source_port_identity=PORT, correction_ns=12.5
    ),
    ptp.DelayResp(
        sequence_id=2, receive_timestamp=T, requesting_port_identity=PEER, source_port_identity=PORT
    ),
    ptp.PdelayReq(sequence_id=3, origin_timestamp=T, source_port_identity=PORT),
    ptp.PdelayResp(
        sequence_id=3,
        request_receipt_timestamp=T,
        requesting_port_identity=PORT,
        source_port_identity=PEER,
        two_step=True,
    ),
    ptp.PdelayRespFollowUp(
        sequence_id=3,
        response_origin_timestamp=T,
        requesting_port_identity=PORT,
        source_port_identity=PEER,
    ),
    ptp.Announce(
        sequence_id=4,
        source_port_identity=PORT,
        grandmaster_identity=PORT.clock_identity,
        grandmaster_priority1=100,
        grandmaster_clock_quality=ptp.ClockQuality(6, ptp.ClockAccuracy.WITHIN_100_NS, 0x4E5D),
        time_source=ptp.TimeSource.GNSS,
        ptp_timescale=True,
        current_utc_offset_valid=True,
        time_traceable=True,
        frequency_traceable=True,
        log_message_interval=-2,
        tlvs=[ptp.PathTrace([PORT.clock_identity])],
    ),
    ptp.Signaling(sequence_id=5, source_port_identity=PEER, target_port_identity=PORT),
    ptp.Management(
        sequence_id=6,
        source_port_identity=PEER,
        action=ptp.Action.GET,
        tlvs=[ptp.ManagementTlv(ptp.ManagementId.DEFAULT_DATA_SET)],
    ),
    ptp.ReservedMessage(message_type=5, body=b"\x01\x02\x03"),
]


def tlv_message(i: int, tlv: ptp.Tlv) -> ptp.Message:
    """A message that carries `tlv` where the standards put it."""
    seq = 100 + i
    if isinstance(tlv, (ptp.ManagementTlv, ptp.ManagementErrorStatus)):
        return ptp.Management(
            sequence_id=seq,
            source_port_identity=PORT,
            target_port_identity=PEER,
            action=ptp.Action.RESPONSE,
            starting_boundary_hops=1,
            tlvs=[tlv],
        )
    if isinstance(tlv, ptp.SmpteSyncMetadata):
        return ptp.Management(
            sequence_id=seq, source_port_identity=PORT, action=ptp.Action.COMMAND, tlvs=[tlv]
        )
    if isinstance(tlv, ptp.FollowUpInformation):
        return ptp.FollowUp(sequence_id=seq, source_port_identity=PORT, major_sdo_id=1, tlvs=[tlv])
    if isinstance(
        tlv,
        (
            ptp.PowerProfile2011,
            ptp.PowerProfile2017,
            ptp.AlternateTimeOffsetIndicator,
            ptp.PathTrace,
        ),
    ):
        return ptp.Announce(sequence_id=seq, source_port_identity=PORT, tlvs=[tlv])
    major = 1 if isinstance(tlv, ptp.MessageIntervalRequest) else 0
    return ptp.Signaling(sequence_id=seq, source_port_identity=PORT, major_sdo_id=major, tlvs=[tlv])


# --- defaults -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cls, control, interval",
    [
        (ptp.Sync, 0, 0),
        (ptp.DelayReq, 1, 0x7F),
        (ptp.FollowUp, 2, 0),
        (ptp.DelayResp, 3, 0),
        (ptp.Management, 4, 0x7F),
        (ptp.PdelayReq, 5, 0x7F),
        (ptp.PdelayResp, 5, 0x7F),
        (ptp.PdelayRespFollowUp, 5, 0x7F),
        (ptp.Announce, 5, 1),
        (ptp.Signaling, 5, 0x7F),
    ],
)
def test_standard_defaults(cls: Callable[[], ptp.Message], control: int, interval: int) -> None:
    m = cls()
    # controlField per IEEE 1588-2019 Table 42, logMessageInterval 0x7F where the message
    # has none (§13.3.2.14), version 2.1.
    assert m.control_field == control
    assert m.log_message_interval == interval
    assert (m.version_ptp, m.minor_version_ptp) == (2, 1)
    assert m.flag_field == 0 and m.correction_field == 0 and m.sequence_id == 0
    assert m.domain_number == 0 and m.major_sdo_id == 0 and m.tlvs == ()
    assert (
        m.message_length
        == len(m.to_bytes())
        == ptp.HEADER_LEN
        + {
            ptp.Sync: 10,
            ptp.DelayReq: 10,
            ptp.FollowUp: 10,
            ptp.DelayResp: 20,
            ptp.PdelayReq: 20,
            ptp.PdelayResp: 20,
            ptp.PdelayRespFollowUp: 20,
            ptp.Announce: 30,
            ptp.Signaling: 10,
            ptp.Management: 14,
        }[cls]
    )
    assert ptp.parse(m.to_bytes()) == m


def test_body_defaults() -> None:
    a = ptp.Announce()
    assert a.grandmaster_priority1 == a.grandmaster_priority2 == 128
    assert a.grandmaster_clock_quality == ptp.ClockQuality(248, ptp.ClockAccuracy.UNKNOWN, 0xFFFF)
    assert a.time_source == ptp.TimeSource.INTERNAL_OSCILLATOR
    assert a.current_utc_offset == 37 and a.steps_removed == 0
    assert ptp.Signaling().target_port_identity == ptp.PortIdentity.ALL
    m = ptp.Management(starting_boundary_hops=3)
    assert m.target_port_identity == ptp.PortIdentity.ALL
    assert m.boundary_hops == 3 and m.action == ptp.Action.GET
    assert ptp.Sync().origin_timestamp == ptp.Timestamp(0, 0)
    assert ptp.PortIdentity.ALL == ptp.PortIdentity("ff" * 8, 0xFFFF)
    assert ptp.ClockQuality() == ptp.ClockQuality(248, 0xFE, 0xFFFF)


def test_header_keywords_and_flags() -> None:
    m = ptp.Sync(
        sequence_id=65535,
        domain_number=127,
        major_sdo_id=1,
        minor_sdo_id=2,
        minor_version_ptp=0,
        message_type_specific=0xDEADBEEF,
        log_message_interval=-7,
        control_field=9,
        flag_field=ptp.FlagField.UNICAST | ptp.FlagField.PROFILE_SPECIFIC_2,
        two_step=True,
        leap61=True,
        synchronization_uncertain=True,
        correction_field=-(3 << 16) - 1,
    )
    b = m.to_bytes()
    assert b[0] == 0x10 and b[1] == 0x02 and b[4] == 127 and b[5] == 2
    assert int.from_bytes(b[6:8], "big") == m.flag_field == 0x4641
    assert m.unicast and m.two_step and m.profile_specific_2 and m.leap61
    assert m.synchronization_uncertain and not m.leap59 and not m.alternate_master
    assert m.correction_field == -(3 << 16) - 1 and m.correction_ns == -3 - 1 / 65536
    assert int.from_bytes(b[16:20], "big") == 0xDEADBEEF
    assert b[32] == 9 and b[33] == 0xF9
    again = ptp.parse(b)
    assert again == m and isinstance(again, ptp.Sync)
    for name in ptp.FlagField.__members__:
        assert getattr(again, name.lower()) is bool(again.flag_field & ptp.FlagField[name])
    # A flag keyword clears a bit of flag_field too.
    assert ptp.Sync(flag_field=0xFFFF, two_step=False).flag_field == 0xFDFF
    # correctionField from nanoseconds, rounded to 2^-16 ns.
    assert ptp.FollowUp(correction_ns=12.5).correction_field == 12 * 65536 + 32768
    assert ptp.FollowUp(correction_ns=-7).correction_field == -7 << 16
    assert ptp.FollowUp(correction_ns=2**40).correction_field == 2**56


# --- round trips ---------------------------------------------------------------------------


@pytest.mark.parametrize("tlv", TLVS, ids=lambda t: type(t).__name__)
def test_tlv_round_trip(tlv: ptp.Tlv) -> None:
    wire = tlv.to_bytes()
    assert bytes(tlv) == wire
    assert int.from_bytes(wire[:2], "big") == tlv.tlv_type
    assert int.from_bytes(wire[2:4], "big") == tlv.length_field == len(tlv.value)
    back = ptp.parse_tlv(wire)
    assert type(back) is type(tlv)
    assert back == tlv and hash(back) == hash(tlv) and back.to_bytes() == wire
    for name in type(tlv)._fields:  # type: ignore[attr-defined]
        assert getattr(back, name) == getattr(tlv, name), name
    namespace = vars(ptp)
    assert eval(repr(tlv), namespace) == tlv
    assert pickle.loads(pickle.dumps(tlv)) == tlv
    assert copy.deepcopy(tlv) == tlv
    assert tlv.replace() == tlv
    # Inside a message, the TLV comes back the same.
    m = tlv_message(0, tlv)
    assert ptp.parse(m.to_bytes()).tlvs == (tlv,)


def test_typed_values_read_back() -> None:
    smpte = ptp.parse_tlv(SMPTE.to_bytes())
    assert isinstance(smpte, ptp.SmpteSyncMetadata)
    assert (smpte.organization_id, smpte.organization_sub_type) == (ptp.SMPTE_OUI, 1)
    assert smpte.tlv_type == ptp.TlvType.ORGANIZATION_EXTENSION
    assert len(smpte.data) == 42 and smpte.data == smpte.value[6:]
    assert smpte.jump_seconds == -3600 and smpte.time_of_previous_jam == 0x6B000000
    # The same octets as a generic organization extension parse back as the typed class.
    generic = ptp.OrganizationExtension(
        organization_id=ptp.SMPTE_OUI.to_bytes(3, "big"), organization_sub_type=1, data=smpte.data
    )
    assert generic == smpte and type(ptp.parse_tlv(generic.to_bytes())) is ptp.SmpteSyncMetadata
    fui = ptp.parse_tlv(TLVS[32].to_bytes())
    assert isinstance(fui, ptp.FollowUpInformation)
    assert fui.last_gm_phase_change == -(1 << 70) and fui.organization_id == ptp.IEEE_802_1_OUI
    # Management data normalized as the crate reads it back.
    assert ptp.ManagementTlv(ptp.ManagementId.LOG_SYNC_INTERVAL, -3).value == b"\x20\x0b\xfd\x00"
    assert ptp.ManagementTlv(ptp.ManagementId.PATH_TRACE_LIST, [bytes(8)]).data == (
        "00:" * 7 + "00",
    )
    raw_default = ptp.DefaultDataSet(priority1=5)
    raw = ptp.ManagementTlv(ptp.ManagementId.DEFAULT_DATA_SET, raw_default)
    assert ptp.ManagementTlv(ptp.ManagementId.DEFAULT_DATA_SET, raw.value[2:]).data == raw_default
    # Texts keep octets that are not UTF-8.
    odd = ptp.ManagementTlv(ptp.ManagementId.USER_DESCRIPTION, b"\x04caf\xe9\x00")
    assert odd.data == "caf\udce9" and odd.value == b"\x00\x02\x04caf\xe9\x00"
    assert ptp.ManagementTlv(odd.management_id, odd.data) == odd
    # Enumerations of the crate's names.
    assert ptp.ManagementId.DEFAULT_DATA_SET == 0x2000 and ptp.ManagementId.TIME_STATUS_NP == 0xC000
    assert ptp.TlvType.AUTHENTICATION == 0x8009 and ptp.MessageType.PDELAY_RESP_FOLLOW_UP == 0xA
    assert ptp.ClockAccuracy.WITHIN_2_5_US == 0x24 and ptp.Action.ACKNOWLEDGE == 4
    assert ptp.ManagementErrorId.GENERAL_ERROR == 0xFFFE and ptp.TimeSource.PTP == 0x40


@pytest.mark.parametrize("m", MESSAGES, ids=lambda m: type(m).__name__)
def test_message_round_trip(m: ptp.Message) -> None:
    wire = m.to_bytes()
    assert bytes(m) == wire and m.message_length == len(wire)
    back = ptp.parse(wire)
    assert type(back) is type(m) and back == m and hash(back) == hash(m)
    assert back.to_bytes() == wire
    # Octets after messageLength are ignored (§13.1).
    assert ptp.parse(wire + b"\xaa\xbb") == m
    assert eval(repr(m), vars(ptp)) == m
    assert pickle.loads(pickle.dumps(m)) == m
    assert copy.copy(m) == m
    changed = m.replace(sequence_id=m.sequence_id + 1)
    assert changed != m and changed.sequence_id == m.sequence_id + 1
    assert changed.replace(sequence_id=m.sequence_id) == m


def test_replace_and_immutability() -> None:
    s = ptp.Sync(sequence_id=1, correction_field=5)
    assert s.replace(correction_ns=2.0).correction_field == 2 << 16
    assert s.replace(two_step=True).flag_field == ptp.FlagField.TWO_STEP
    with pytest.raises(AttributeError):
        s.sequence_id = 2  # type: ignore[misc]
    with pytest.raises(TypeError):
        s.replace(no_such_field=1)
    assert ptp.Timestamp(1, 2).replace(nanoseconds=3) == ptp.Timestamp(1, 3)
    assert sorted([ptp.Timestamp(2, 0), ptp.Timestamp(1, 999999999)])[0].seconds == 1
    assert ptp.Timestamp.from_ns(T.to_ns()) == T and T.to_ns() == 1700000000123456789
    assert {ptp.Sync(): 1}[ptp.Sync()] == 1
    assert ptp.Sync() != ptp.DelayReq() and ptp.Sync() != b""
    m = ptp.Management(tlvs=[ptp.ManagementTlv(ptp.ManagementId.PRIORITY1, 1)])
    assert isinstance(m.tlvs, tuple)


# --- framing and in-place updates ------------------------------------------------------------


def test_framing_offsets_and_defaults() -> None:
    sync = MESSAGES[0]
    l2 = ptp.frame_l2(sync, src_mac=MAC)
    assert ptp.locate(l2) == 14 and l2[:6] == bytes.fromhex("011b19000000")
    assert int.from_bytes(l2[12:14], "big") == ptp.ETHERTYPE == 0x88F7
    pdelay = ptp.frame_l2(MESSAGES[4], src_mac=MAC)
    assert pdelay[:6] == bytes.fromhex("0180c200000e")
    u4 = ptp.frame_udp4(sync, src_mac=MAC, src_ip="10.0.0.1")
    assert ptp.locate(u4) == 42 and u4[:6] == bytes.fromhex("01005e000181")
    assert u4[30:34] == bytes([224, 0, 1, 129]) and u4[22] == 1  # TTL 1
    assert int.from_bytes(u4[36:38], "big") == ptp.EVENT_PORT == 319
    general = ptp.frame_udp4(MESSAGES[2], src_mac=MAC, src_ip="10.0.0.1")
    assert int.from_bytes(general[36:38], "big") == ptp.GENERAL_PORT == 320
    assert ptp.frame_udp4(MESSAGES[4], src_mac=MAC, src_ip="10.0.0.1")[30:34] == bytes(
        [224, 0, 0, 107]
    )
    unicast = ptp.frame_udp4(
        sync,
        src_mac=MAC,
        src_ip="10.0.0.1",
        dst_ip="10.0.0.2",
        dst_mac="00:1b:19:00:00:02",
        ttl=64,
        dscp=46,
    )
    assert unicast[:6] == bytes.fromhex("001b19000002") and unicast[15] >> 2 == 46
    u6 = ptp.frame_udp6(sync, src_mac=MAC, src_ip="fd00::1", checksum_trailer=True)
    assert ptp.locate(u6) == 62 and u6[:6] == bytes.fromhex("333300000181")
    assert u6[38:54] == ptp.IPV6_PRIMARY.packed and len(u6) == 62 + sync.message_length + 2
    assert (
        ptp.frame_udp6(MESSAGES[4], src_mac=MAC, src_ip="fd00::1")[38:54] == ptp.IPV6_PDELAY.packed
    )
    # The same octets in, whether a message object or its bytes.
    assert ptp.frame_udp4(sync.to_bytes(), src_mac=MAC, src_ip="10.0.0.1") == u4
    for frame in (l2, u4, u6, unicast):
        assert ptp.parse_frame(frame) == sync
        assert ptp.parse_frame(bytearray(frame)) == sync
    # An 802.1Q tag in front of the ethertype.
    tagged = l2[:12] + b"\x81\x00\x00\x05" + l2[12:]
    assert ptp.locate(tagged) == 18 and ptp.parse_frame(tagged) == sync
    assert ptp.clock_identity_from_mac(MAC) == PORT.clock_identity
    assert str(ptp.ipv6_primary(2)) == "ff02::181" and str(ptp.IPV4_PRIMARY) == "224.0.1.129"
    assert ptp.L2_PRIMARY_MAC == "01:1b:19:00:00:00" and ptp.L2_PDELAY_MAC == "01:80:c2:00:00:0e"


def _udp_checksum_ok(frame: bytes) -> bool:
    """Whether the UDP checksum is right, as mediafabric.decode checks it (a Layer 2
    frame has none)."""
    udp = [entry for entry in mediafabric.decode(frame)["layers"] if entry["proto"] == "udp"]
    return all(entry["checksumValid"] is True for entry in udp)


def test_in_place_updates() -> None:
    for make in (
        lambda m: ptp.frame_udp4(m, src_mac=MAC, src_ip="10.0.0.1"),
        lambda m: ptp.frame_udp6(m, src_mac=MAC, src_ip="fd00::1", checksum_trailer=True),
        lambda m: ptp.frame_l2(m, src_mac=MAC),
    ):
        frame = bytearray(make(ptp.Sync(sequence_id=9, correction_field=100)))
        assert ptp.add_to_correction(frame, 5 << 16) == 100 + (5 << 16)
        assert ptp.parse_frame(frame).correction_field == 100 + (5 << 16)
        assert _udp_checksum_ok(bytes(frame))
        ptp.set_origin_timestamp(frame, T)
        assert _udp_checksum_ok(bytes(frame))
        m = ptp.parse_frame(frame)
        assert isinstance(m, ptp.Sync) and m.origin_timestamp == T and m.sequence_id == 9
        ptp.fix_udp_checksum(frame)
        assert bytes(frame) == make(
            ptp.Sync(sequence_id=9, correction_field=100 + (5 << 16), origin_timestamp=T)
        )
    # Writable buffers of every kind are changed in place.
    base = ptp.frame_udp4(ptp.Sync(), src_mac=MAC, src_ip="10.0.0.1")
    view = memoryview(bytearray(base))
    ptp.add_to_correction(view, -1)
    assert ptp.parse_frame(view).correction_field == -1
    try:
        import numpy
    except ImportError:
        return
    arr = numpy.frombuffer(base, dtype=numpy.uint8).copy()
    ptp.add_to_correction(arr, 7)
    assert ptp.parse_frame(arr.tobytes()).correction_field == 7


def test_in_place_errors() -> None:
    frame = ptp.frame_udp4(ptp.Sync(), src_mac=MAC, src_ip="10.0.0.1")
    with pytest.raises(TypeError, match="writable"):
        ptp.add_to_correction(frame, 1)
    with pytest.raises(TypeError, match="writable"):
        ptp.set_origin_timestamp(memoryview(frame), T)
    with pytest.raises(TypeError):
        ptp.add_to_correction("abc", 1)  # type: ignore[arg-type]
    announce = bytearray(ptp.frame_udp4(ptp.Announce(), src_mac=MAC, src_ip="10.0.0.1"))
    with pytest.raises(ParseError) as e:
        ptp.set_origin_timestamp(announce, T)
    assert e.value.layer == "ptp" and e.value.offset == 42
    with pytest.raises(ValueError):
        ptp.add_to_correction(bytearray(frame), 1 << 63)
    with pytest.raises(TypeError):
        ptp.set_origin_timestamp(bytearray(frame), (1, 2))  # type: ignore[arg-type]
    not_ptp = bytearray(frame)
    not_ptp[37] = 0x50  # UDP destination port 0x0150
    with pytest.raises(ParseError) as e:
        ptp.add_to_correction(not_ptp, 1)
    assert e.value.offset == 36
    assert not_ptp[42:] == frame[42:]


# --- tshark decodes what is built --------------------------------------------------------------

# For each built frame: tshark fields and the values they must have.
TSHARK_CHECKS: dict[str, Callable[[ptp.Message], Any]] = {
    "ptp.v2.messagetype": lambda m: m.message_type,
    "ptp.v2.majorsdoid": lambda m: m.major_sdo_id,
    "ptp.v2.sequenceid": lambda m: m.sequence_id,
    "ptp.v2.domainnumber": lambda m: m.domain_number,
    "ptp.v2.flags": lambda m: m.flag_field,
    "ptp.v2.controlfield": lambda m: m.control_field,
    "ptp.v2.logmessageperiod": lambda m: m.log_message_interval,
    "ptp.v2.messagelength": lambda m: m.message_length,
    "ptp.v2.correction.ns": lambda m: m.correction_field >> 16,
    "ptp.v2.clockidentity": lambda m: int(
        m.source_port_identity.clock_identity.replace(":", ""), 16
    ),
}

# tshark fields of the TLVs and their expected values, per TLV class.
TLV_CHECKS: dict[type, dict[str, Any]] = {
    ptp.SmpteSyncMetadata: {
        "ptp.v2.oe.smpte.defaultsystemframerate.numerator": 30000,
        "ptp.v2.oe.smpte.defaultsystemframerate.denominator": 1001,
        "ptp.v2.oe.smpte.masterlockingstatus": 4,
        "ptp.v2.oe.smpte.timeaddressflags": 1,
        "ptp.v2.oe.smpte.currentlocaloffset": 3600,
        "ptp.v2.oe.smpte.jumpseconds": -3600,
        "ptp.v2.oe.smpte.timeofnextjump": 0x6B045259,
        "ptp.v2.oe.smpte.timeofnextjam": 0x6B045260,
        "ptp.v2.oe.smpte.timeofpreviousjam": 0x6B000000,
        "ptp.v2.oe.smpte.previousjamlocaloffset": 7200,
        "ptp.v2.oe.smpte.daylightsaving": 3,
        "ptp.v2.oe.smpte.leapsecondjump": 1,
    },
    ptp.FollowUpInformation: {
        "ptp.as.fu.cumulativeScaledRateOffset": (-5) & 0xFFFFFFFF,
        "ptp.as.fu.gmTimeBaseIndicator": 1,
        "ptp.as.fu.lastGmPhaseChange": ((-(1 << 70)) & ((1 << 96) - 1)).to_bytes(12, "big").hex(),
        "ptp.as.fu.scaledLastGmFreqChange": 3,
    },
    ptp.MessageIntervalRequest: {
        "ptp.as.sig.tlv.linkdelayinterval": 0,
        "ptp.as.sig.tlv.timesyncinterval": -3,
        "ptp.as.sig.tlv.announceinterval": 127,
        "ptp.as.sig.tlv.flags": 0x06,
        "ptp.as.sig.tlv.flags.rateratio": 1,
        "ptp.as.sig.tlv.flags.meanlinkdelay": 1,
        "ptp.as.sig.tlv.flags.stepreceivecapable": 0,
    },
    ptp.PowerProfile2011: {
        "ptp.v2.an.oe.grandmasterID": 3,
        "ptp.v2.an.oe.grandmasterTimeInaccuracy": 50,
        "ptp.v2.an.oe.networkTimeInaccuracy": 200,
    },
    ptp.PowerProfile2017: {
        "ptp.v2.an.oe.grandmasterID": 3,
        "ptp.v2.an.oe.totalTimeInaccuracy": 250,
    },
    ptp.AlternateTimeOffsetIndicator: {
        "ptp.v2.an.atoi.keyField": 1,
        "ptp.v2.an.atoi.currentOffset": 10763,
        "ptp.v2.an.atoi.displayName": "UTC+03:00",
    },
    ptp.PathTrace: {"ptp.v2.an.pathsequence": 0x001B19FFFE000001},
    ptp.RequestUnicastTransmission: {
        "ptp.v2.sig.tlv.tlvType": 4,
        "ptp.v2.sig.tlv.messageType": 0,
        "ptp.v2.sig.tlv.logInterMessagePeriod": -4,
        "ptp.v2.sig.tlv.durationField": 300,
    },
    ptp.GrantUnicastTransmission: {
        "ptp.v2.sig.tlv.tlvType": 5,
        "ptp.v2.sig.tlv.messageType": 0xB,
        "ptp.v2.sig.tlv.durationField": 300,
        "ptp.v2.sig.tlv.renewalInvited": 1,
    },
    ptp.CancelUnicastTransmission: {"ptp.v2.sig.tlv.tlvType": 6, "ptp.v2.sig.tlv.messageType": 9},
    ptp.AcknowledgeCancelUnicastTransmission: {
        "ptp.v2.sig.tlv.tlvType": 7,
        "ptp.v2.sig.tlv.messageType": 9,
    },
    ptp.ManagementErrorStatus: {
        "ptp.v2.mm.managementErrorId": 2,
        "ptp.v2.mm.managementId": 0x200F,
        "ptp.v2.mm.displayData": "not here",
    },
}

MANAGEMENT_CHECKS: dict[int, dict[str, Any]] = {
    0x2005: {"ptp.v2.mm.priority1": 100},
    0x200B: {"ptp.v2.mm.logSyncInterval": -3},
    0x0005: {"ptp.v2.mm.initializationKey": 0x1234},
    0x0002: {"ptp.v2.mm.userDescription": "studio;rack 4"},
    0x200F: {
        "ptp.v2.mm.currentTime.seconds": 1700000000,
        "ptp.v2.mm.currentTime.nanoseconds": 123456789,
    },
    0x2000: {
        "ptp.v2.mm.twoStep": 1,
        "ptp.v2.mm.priority1": 100,
        "ptp.v2.mm.clockclass": 248,
        "ptp.v2.mm.clockidentity": 0x001B19FFFE000001,
    },
    0x2001: {"ptp.v2.mm.stepsRemoved": 1, "ptp.v2.mm.pathDelay.ns": 100},
    0x2002: {
        "ptp.v2.mm.parentclockidentity": 0x001B19FFFE000002,
        "ptp.v2.mm.parentsourceportid": 1,
    },
    0x2003: {
        "ptp.v2.mm.currentutcoffset": 37,
        "ptp.v2.mm.CurrentUTCOffsetValid": 1,
        "ptp.v2.mm.ptptimescale": 1,
        "ptp.v2.mm.timesource": 0x20,
    },
    0x2004: {
        "ptp.v2.mm.portState": 9,
        "ptp.v2.mm.logSyncInterval": -3,
        "ptp.v2.mm.versionNumber": 2,
    },
    0x0001: {
        "ptp.v2.mm.productDescription": "mediafabric;sdk;1",
        "ptp.v2.mm.revisionData": ";;0.1",
        "ptp.v2.mm.userDescription": "test clock",
        "ptp.v2.mm.physicalAddress": "001b19000001",
        "ptp.v2.mm.manufacturerIdentity": "001b19",
        "ptp.v2.mm.profileIdentity": "001b19000100",
    },
    0x0006: {
        "ptp.v2.mm.numberOfFaultRecords": 1,
        "ptp.v2.mm.severityCode": 3,
        "ptp.v2.mm.faultName": "holdover",
        "ptp.v2.mm.faultDescription": "lost the reference",
    },
    # Wireshark 4.0 reads ALTERNATE_MASTER's octets 1 and 2 the other way round from
    # IEEE 1588 (logAlternateMulticastSyncInterval, then numberOfAlternateMasters, as the
    # crate and linuxptp's libptpmgmt write them): only the flag is compared.
    0x201D: {"ptp.v2.mm.transmitAlternateMulticastSync": 1},
    0x201F: {"ptp.v2.mm.keyField": 1, "ptp.v2.mm.displayName": "CET"},
    0x2021: {
        "ptp.v2.mm.keyField": 1,
        "ptp.v2.mm.currentOffset": 3600,
        "ptp.v2.mm.jumpSeconds": -3600,
    },
    0x4000: {
        "ptp.v2.mm.clockidentity": 0x001B19FFFE000001,
        "ptp.v2.mm.numberPorts": 4,
        "ptp.v2.mm.delayMechanism": 2,
    },
    0x4001: {"ptp.v2.mm.faultyFlag": 1, "ptp.v2.mm.peerMeanPathDelay.ns": 12345},
    0x2011: {"ptp.v2.mm.currentutcoffset": 37, "ptp.v2.mm.CurrentUTCOffsetValid": 1},
    0x2013: {"ptp.v2.mm.ptptimescale": 1, "ptp.v2.mm.timesource": 0x20},
}


def _framed(i: int, m: ptp.Message) -> bytes:
    # 802.1AS TLVs over Layer 2 (where tshark recognizes gPTP), the rest in turn over
    # UDP/IPv4, UDP/IPv6 and Layer 2.
    if m.major_sdo_id == 1 or isinstance(m, ptp.ReservedMessage):
        return ptp.frame_l2(m, src_mac=MAC)
    return [
        lambda: ptp.frame_udp4(m, src_mac=MAC, src_ip="10.0.0.1"),
        lambda: ptp.frame_udp6(m, src_mac=MAC, src_ip="fd00::1", checksum_trailer=i % 2 == 0),
        lambda: ptp.frame_l2(m, src_mac=MAC),
    ][i % 3]()


def _tshark_value(value: str) -> Any:
    try:
        return int(value, 0)
    except ValueError:
        return value


def test_tshark_decodes_built_frames(tmp_path: Path) -> None:
    tshark = need_tool("tshark")
    messages = [m for m in MESSAGES if not isinstance(m, ptp.ReservedMessage)]
    messages += [tlv_message(i, t) for i, t in enumerate(TLVS)]
    frames = [_framed(i, m) for i, m in enumerate(messages)]
    # Frames updated in place keep valid checksums.
    for frame in frames[:6]:
        updated = bytearray(frame)
        ptp.add_to_correction(updated, 1234 << 16)
        frames.append(bytes(updated))
        messages.append(ptp.parse_frame(updated))
    path = tmp_path / "built.pcap"
    pcap.write(path, [(i, f) for i, f in enumerate(frames)])

    expert = subprocess.run(
        [
            tshark,
            "-r",
            str(path),
            "-o",
            "udp.check_checksum:TRUE",
            "-o",
            "ip.check_checksum:TRUE",
            "-z",
            "expert,note",
            "-q",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "Errors" not in expert and "Warns" not in expert and "Notes" not in expert, expert

    tlv_fields = sorted(
        {f for checks in TLV_CHECKS.values() for f in checks}
        | {f for checks in MANAGEMENT_CHECKS.values() for f in checks}
    )
    fields = list(TSHARK_CHECKS) + ["ptp.v2.mm.managementId"] + tlv_fields
    cmd = [tshark, "-r", str(path), "-T", "fields", "-E", "separator=\t", "-E", "occurrence=f"]
    for f in fields:
        cmd += ["-e", f]
    rows = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.splitlines()
    assert len(rows) == len(messages)
    checked = set()
    for row, m in zip(rows, messages):
        values = dict(zip(fields, row.split("\t")))
        for field, get in TSHARK_CHECKS.items():
            assert _tshark_value(values[field]) == get(m), (field, m)
        for tlv in m.tlvs:
            want = TLV_CHECKS.get(type(tlv), {})
            if isinstance(tlv, ptp.ManagementTlv):
                assert _tshark_value(values["ptp.v2.mm.managementId"]) == tlv.management_id
                if tlv.data is not None:
                    want = MANAGEMENT_CHECKS.get(int(tlv.management_id), {})
            for field, expected in want.items():
                assert _tshark_value(values[field]) == expected, (field, tlv)
            if want:
                checked.add(
                    type(tlv).__name__
                    if not isinstance(tlv, ptp.ManagementTlv)
                    else int(tlv.management_id)
                )
    assert checked >= {t.__name__ for t in TLV_CHECKS} | set(MANAGEMENT_CHECKS)
