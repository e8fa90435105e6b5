"""Bad input to mediafabric.ptp: every malformed message is a ParseError (layer "ptp")
with the offset of the problem, every bad argument a ValueError or TypeError naming it,
and a fixed-seed mutation loop over real messages raises nothing else."""

from __future__ import annotations

import random
from typing import Any, Callable

import pytest

from mediafabric import ParseError, pcap, ptp

from conftest import PY_DATA

MAC = "00:1b:19:00:00:01"


def real_messages() -> list[bytes]:
    """The PTP message of every frame of the real captures."""
    out = []
    for name in (
        "ptp4l-udp4-e2e-domain127.pcap",
        "ptp4l-l2-p2p.pcap",
        "ptp4l-pmc-management.pcap",
    ):
        for packet in pcap.read(PY_DATA / name):
            offset = ptp.locate(packet.data)
            m = ptp.parse(packet.data[offset:])
            out.append(packet.data[offset : offset + m.message_length])
    return out


MANAGEMENT_RESPONSE = bytes.fromhex(
    "0d02004a000000000000000000000000000000008e2a0ffffe604ed700010000047f"
    "a62359fffe56d11e000101010200000100162000010000"
    "0164f8feffff808e2a0ffffe604ed70000"
)


def parse_error(buf: Any) -> ParseError:
    with pytest.raises(ParseError) as e:
        ptp.parse(buf)
    assert e.value.layer == "ptp"
    assert isinstance(e.value, ValueError)
    return e.value


def test_the_fixture_is_a_management_response() -> None:
    m = ptp.parse(MANAGEMENT_RESPONSE)
    assert isinstance(m, ptp.Management) and m.action == ptp.Action.RESPONSE
    assert isinstance(m.tlvs[0], ptp.ManagementTlv)
    assert isinstance(m.tlvs[0].data, ptp.DefaultDataSet)


def test_every_truncation_is_a_parse_error() -> None:
    sync = ptp.Sync(sequence_id=1).to_bytes()
    for wire in (sync, MANAGEMENT_RESPONSE):
        for n in range(len(wire)):
            e = parse_error(wire[:n])
            assert 0 <= e.offset <= n
            assert "truncated" in e.reason
    e = parse_error(b"")
    assert e.offset == 0 and "header" in e.reason


def test_header_errors_have_offsets() -> None:
    wire = bytearray(ptp.Sync(sequence_id=1).to_bytes())
    bad = bytearray(wire)
    bad[1] = 0x01  # versionPTP 1
    e = parse_error(bad)
    assert e.offset == 1 and "versionPTP" in e.reason
    bad = bytearray(wire)
    bad[2:4] = (20).to_bytes(2, "big")  # messageLength shorter than the header
    e = parse_error(bad)
    assert e.offset == 2 and "messageLength" in e.reason
    bad = bytearray(wire)
    bad[2:4] = (40).to_bytes(2, "big")  # shorter than a Sync
    e = parse_error(bad)
    assert e.offset == 2 and "messageLength" in e.reason
    bad = bytearray(wire)
    bad[40:44] = (10**9).to_bytes(4, "big")  # nanosecondsField of originTimestamp
    e = parse_error(bad)
    assert e.offset == 40 and "nanosecondsField" in e.reason
    bad = bytearray(ptp.DelayResp().to_bytes())
    bad[40:44] = (0xFFFFFFFF).to_bytes(4, "big")
    assert parse_error(bad).offset == 40


def test_tlv_errors_have_offsets() -> None:
    wire = bytearray(MANAGEMENT_RESPONSE)
    # lengthField of the MANAGEMENT TLV (at 48) claims more than the message holds.
    wire[50:52] = (0x40).to_bytes(2, "big")
    e = parse_error(wire)
    assert e.offset == 48 and "TLV truncated" in e.reason
    # A TLV cut after its type.
    short = ptp.Signaling(tlvs=[ptp.Pad(2)]).to_bytes()[:-4]
    short = short[:2] + (len(short) - 0).to_bytes(2, "big") + short[4:]
    e = parse_error(short[:-2] + b"\x80\x08")
    assert e.offset == 44
    # A typed TLV too short for its fields: the offset is inside its value.
    grant = bytearray(ptp.Signaling(tlvs=[ptp.GrantUnicastTransmission()]).to_bytes())
    grant[46:48] = (3).to_bytes(2, "big")
    grant[2:4] = (48 + 3).to_bytes(2, "big")
    e = parse_error(bytes(grant[: 48 + 3]))
    assert e.offset == 48 and "GRANT_UNICAST_TRANSMISSION" in e.reason
    # A clock description whose text runs past its TLV.
    desc = bytearray(
        ptp.Management(
            tlvs=[ptp.ManagementTlv(ptp.ManagementId.CLOCK_DESCRIPTION, ptp.ClockDescription())]
        ).to_bytes()
    )
    desc[48 + 4 + 2 + 2] = 200  # physicalLayerProtocol's length octet
    e = parse_error(desc)
    assert 48 < e.offset < len(desc)


def test_parse_frame_offsets_count_from_the_frame() -> None:
    frame = bytearray(ptp.frame_udp4(ptp.Sync(), src_mac=MAC, src_ip="10.0.0.1"))
    frame[42 + 1] = 0x03
    with pytest.raises(ParseError) as e:
        ptp.parse_frame(frame)
    assert e.value.offset == 43
    with pytest.raises(ParseError) as e:
        ptp.parse_frame(b"\x00" * 12 + b"\x08\x06" + b"\x00" * 28)  # ARP
    assert e.value.offset == 12 and "etherType" in e.value.reason
    with pytest.raises(ParseError):
        ptp.locate(b"\x00" * 10)
    with pytest.raises(ParseError) as e:
        ptp.parse_tlv(ptp.Pad(2).to_bytes() + b"\x00")
    assert e.value.offset == 6


@pytest.mark.parametrize(
    "call",
    [
        lambda: ptp.parse("0d02"),
        lambda: ptp.parse(12),
        lambda: ptp.parse_frame("frame"),
        lambda: ptp.parse_tlv(["x"]),
        lambda: ptp.locate("x"),
        lambda: ptp.Sync(sequence_id=1.0),
        lambda: ptp.Sync(sequence_id="1"),
        lambda: ptp.Sync(two_step=1),
        lambda: ptp.Sync(origin_timestamp=(1, 2)),
        lambda: ptp.Sync(source_port_identity="00:1b:19:ff:fe:00:00:01"),
        lambda: ptp.Sync(tlvs=[b"\x00\x08\x00\x00"]),
        lambda: ptp.Sync(tlvs=ptp.Pad(2)),
        lambda: ptp.Sync(correction_ns="1"),
        lambda: ptp.Sync(correction_ns=True),
        lambda: ptp.Sync(correction_field=1, correction_ns=1.0),
        lambda: ptp.Sync(no_such_field=1),
        lambda: ptp.PortIdentity(12345678),
        lambda: ptp.Announce(grandmaster_clock_quality=248),
        lambda: ptp.ManagementTlv(ptp.ManagementId.PRIORITY1, ptp.DefaultDataSet()),
        lambda: ptp.ManagementTlv(ptp.ManagementId.DEFAULT_DATA_SET, 5),
        lambda: ptp.ManagementTlv(ptp.ManagementId.TIME, "now"),
        lambda: ptp.ManagementTlv(ptp.ManagementId.PRIORITY1, 1.5),
        lambda: ptp.ManagementTlv(ptp.ManagementId.PRIORITY1, object()),
        lambda: ptp.ClockDescription(protocol_address=b"\x0a\x00\x00\x01"),
        lambda: ptp.FaultLog([ptp.FaultRecord(), "x"]),
        lambda: ptp.PathTrace("00:1b:19:ff:fe:00:00:01"),
        lambda: ptp.AlternateTimeOffsetIndicator(display_name=5),
        lambda: ptp.EnhancedAccuracyMetrics(var_gm_inaccuracy="x"),
        lambda: ptp.FollowUpInformation(last_gm_phase_change=1.0),
        lambda: ptp.Timestamp.from_ns(1.5),
        lambda: ptp.frame_l2(ptp.Sync(), src_mac=12),
        lambda: ptp.frame_udp4("msg", src_mac=MAC, src_ip="10.0.0.1"),
        lambda: ptp.frame_udp4(ptp.Sync(), src_mac=MAC, src_ip=10),
        lambda: ptp.add_to_correction(ptp.frame_l2(ptp.Sync(), src_mac=MAC), 1),
        lambda: ptp.add_to_correction(bytearray(ptp.frame_l2(ptp.Sync(), src_mac=MAC)), 1.5),
        lambda: ptp.set_origin_timestamp(bytearray(100), 5),
    ],
)
def test_type_errors(call: Callable[[], object]) -> None:
    with pytest.raises(TypeError):
        call()


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: ptp.Timestamp(nanoseconds=10**9), "nanoseconds"),
        (lambda: ptp.Timestamp(seconds=-1), "seconds"),
        (lambda: ptp.Timestamp(seconds=1 << 48), "seconds"),
        (lambda: ptp.Timestamp.from_ns(-1), "ns"),
        (lambda: ptp.Timestamp.from_ns(1 << 100), "ns"),
        (lambda: ptp.Sync(sequence_id=65536), "sequence_id"),
        (lambda: ptp.Sync(sequence_id=-1), "sequence_id"),
        (lambda: ptp.Sync(domain_number=256), "domain_number"),
        (lambda: ptp.Sync(major_sdo_id=16), "major_sdo_id"),
        (lambda: ptp.Sync(minor_version_ptp=16), "minor_version_ptp"),
        (lambda: ptp.Sync(log_message_interval=128), "log_message_interval"),
        (lambda: ptp.Sync(flag_field=1 << 16), "flag_field"),
        (lambda: ptp.Sync(correction_field=1 << 63), "correction_field"),
        (lambda: ptp.Sync(correction_ns=float("inf")), "correction_ns"),
        (lambda: ptp.Sync(correction_ns=1 << 50), "correction_ns"),
        (lambda: ptp.Sync(message_type_specific=1 << 32), "message_type_specific"),
        (lambda: ptp.Management(action=16), "action"),
        (lambda: ptp.Announce(current_utc_offset=1 << 15), "current_utc_offset"),
        (lambda: ptp.Announce(grandmaster_identity="00:1b:19"), "grandmaster_identity"),
        (lambda: ptp.Announce(grandmaster_identity=b"\x00" * 6), "grandmaster_identity"),
        (lambda: ptp.PortIdentity(port_number=70000), "port_number"),
        (lambda: ptp.PortIdentity("zz:zz:zz:zz:zz:zz:zz:zz"), "clock_identity"),
        (lambda: ptp.ClockQuality(clock_accuracy=256), "clock_accuracy"),
        (lambda: ptp.ReservedMessage(message_type=0), "message_type"),
        (lambda: ptp.ReservedMessage(tlvs=[ptp.Pad(2)]), "body"),
        (lambda: ptp.Signaling(tlvs=[ptp.Pad(65535)]), "messageLength"),
        (lambda: ptp.ManagementTlv(ptp.ManagementId.LOG_SYNC_INTERVAL, 128), "data"),
        (lambda: ptp.ManagementTlv(ptp.ManagementId.PRIORITY1, -1), "data"),
        (lambda: ptp.ManagementTlv(ptp.ManagementId.INITIALIZE, 1 << 16), "data"),
        (lambda: ptp.ManagementTlv(0x10000), "management_id"),
        (lambda: ptp.ManagementTlv(ptp.ManagementId.USER_DESCRIPTION, "x" * 256), "data"),
        (lambda: ptp.ManagementErrorStatus(display_data=b"x" * 300), "display_data"),
        (lambda: ptp.OrganizationExtension(tlv_type=1), "tlv_type"),
        (lambda: ptp.OrganizationExtension(organization_id=1 << 24), "organization_id"),
        (lambda: ptp.OrganizationExtension(organization_id=b"\x00\x01"), "organization_id"),
        (lambda: ptp.OrganizationExtension(organization_sub_type=1 << 24), "organization_sub_type"),
        (lambda: ptp.SmpteSyncMetadata(time_of_next_jam=1 << 48), "time_of_next_jam"),
        (lambda: ptp.SmpteSyncMetadata(tlv_type=0x0001), "tlv_type"),
        (lambda: ptp.FollowUpInformation(last_gm_phase_change=1 << 95), "last_gm_phase_change"),
        (lambda: ptp.MessageIntervalRequest(link_delay_interval=128), "link_delay_interval"),
        (lambda: ptp.RequestUnicastTransmission(message_type=16), "message_type"),
        (lambda: ptp.GrantUnicastTransmission(duration_field=1 << 32), "duration_field"),
        (lambda: ptp.Pad(1 << 16), "length"),
        (lambda: ptp.UnknownTlv(0x10000), "tlv_type"),
        (lambda: ptp.ClockDescription(profile_identity=b"\x00" * 5), "profile_identity"),
        (lambda: ptp.PortAddress(network_protocol=-1), "network_protocol"),
        (lambda: ptp.UnicastMasterTable(log_query_interval=-129), "log_query_interval"),
        (lambda: ptp.AlternateTimeOffsetProperties(time_of_next_jump=-1), "time_of_next_jump"),
        (lambda: ptp.ipv6_primary(16), "scope"),
        (lambda: ptp.frame_l2(ptp.Sync(), src_mac="00:1b"), "src_mac"),
        (lambda: ptp.frame_udp4(ptp.Sync(), src_mac=MAC, src_ip="fd00::1"), "src_ip"),
        (
            lambda: ptp.frame_udp4(ptp.Sync(), src_mac=MAC, src_ip="10.0.0.1", dst_ip="10.0.0.2"),
            "dst_mac",
        ),
        (lambda: ptp.frame_udp4(ptp.Sync(), src_mac=MAC, src_ip="10.0.0.1", ttl=256), "ttl"),
        (lambda: ptp.frame_udp4(ptp.Sync(), src_mac=MAC, src_ip="10.0.0.1", dscp=64), "dscp"),
        (lambda: ptp.frame_udp6(ptp.Sync(), src_mac=MAC, src_ip="10.0.0.1"), "src_ip"),
        (
            lambda: ptp.frame_udp6(ptp.Sync(), src_mac=MAC, src_ip="fd00::1", dst_ip="nowhere"),
            "dst_ip",
        ),
        (lambda: ptp.add_to_correction(bytearray(100), 1 << 63), "delta"),
    ],
)
def test_value_errors(call: Callable[[], object], name: str) -> None:
    with pytest.raises(ValueError) as e:
        call()
    assert not isinstance(e.value, ParseError) or name == "frame"
    assert name in str(e.value)


def test_messages_of_bytes_are_checked_by_framing() -> None:
    with pytest.raises(ParseError) as e:
        ptp.frame_udp4(b"\x00" * 10, src_mac=MAC, src_ip="10.0.0.1")
    assert e.value.offset == 0 and "header" in e.value.reason


# --- a fixed-seed mutation loop ---------------------------------------------------------


def mutate(rng: random.Random, wire: bytes) -> bytes:
    b = bytearray(wire)
    for _ in range(rng.randint(1, 4)):
        op = rng.random()
        if op < 0.55 and b:
            b[rng.randrange(len(b))] = rng.randrange(256)
        elif op < 0.7 and len(b) > 4:
            # Keep messageLength consistent, so that the body and TLVs get read.
            b[2:4] = len(b).to_bytes(2, "big")
            b[rng.randrange(4, len(b))] ^= 1 << rng.randrange(8)
        elif op < 0.85:
            del b[rng.randrange(len(b) + 1) :]
        else:
            b += bytes(rng.randrange(256) for _ in range(rng.randint(1, 12)))
            if rng.random() < 0.5 and len(b) >= 4:
                b[2:4] = len(b).to_bytes(2, "big")
    return bytes(b)


def test_mutations_raise_only_parse_errors() -> None:
    rng = random.Random(0x1588_2019)
    seeds = real_messages()
    seeds += [
        ptp.Signaling(tlvs=[t]).to_bytes()
        for t in (
            ptp.RequestUnicastTransmission(),
            ptp.GrantUnicastTransmission(),
            ptp.PathTrace(["00" * 8]),
            ptp.AlternateTimeOffsetIndicator(display_name="UTC"),
            ptp.Authentication(rest=b"1234"),
            ptp.EnhancedAccuracyMetrics(),
            ptp.MessageIntervalRequest(),
            ptp.Pad(4),
        )
    ]
    seeds += [
        ptp.Management(tlvs=[ptp.ManagementTlv(mid, data)]).to_bytes()
        for mid, data in (
            (ptp.ManagementId.FAULT_LOG, ptp.FaultLog([ptp.FaultRecord(fault_name="x")])),
            (
                ptp.ManagementId.UNICAST_MASTER_TABLE,
                ptp.UnicastMasterTable(port_addresses=[ptp.PortAddress(1, b"1234")]),
            ),
            (
                ptp.ManagementId.ACCEPTABLE_MASTER_TABLE,
                ptp.AcceptableMasterTable([ptp.AcceptableMaster()]),
            ),
            (ptp.ManagementId.CLOCK_DESCRIPTION, ptp.ClockDescription(product_description="a;b;c")),
            (
                ptp.ManagementId.ALTERNATE_TIME_OFFSET_NAME,
                ptp.AlternateTimeOffsetName(display_name="x"),
            ),
        )
    ]
    parsed = errors = 0
    for _ in range(6000):
        wire = mutate(rng, rng.choice(seeds))
        try:
            m = ptp.parse(wire)
        except ParseError as e:
            assert e.layer == "ptp" and 0 <= e.offset <= max(len(wire), 4)
            errors += 1
            continue
        parsed += 1
        # What parses re-emits to octets that parse to the same message.
        again = ptp.parse(m.to_bytes())
        assert again == m and again.to_bytes() == m.to_bytes()
        repr(m)
        for tlv in m.tlvs:
            assert ptp.parse_tlv(tlv.to_bytes()) == tlv
    assert parsed > 1000 and errors > 1000
