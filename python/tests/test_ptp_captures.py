"""mediafabric.ptp on real traffic (linuxptp 3.1 captures in tests/data): every message
re-emits byte for byte, every field equals tshark's, ptp4l's management RESPONSEs come
out as typed data sets, and mediafabric.decode shows the same values."""

from __future__ import annotations

import functools
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Optional

import pytest

import mediafabric
from mediafabric import pcap, ptp

from conftest import PY_DATA, need_tool

CAPTURES = [
    "ptp4l-udp4-e2e-domain127.pcap",
    "ptp4l-udp6-e2e.pcap",
    "ptp4l-l2-p2p.pcap",
    "ptp4l-pmc-management.pcap",
]

# Message classes per capture, as tshark's summary lists them.
EXPECTED_COUNTS = {
    "ptp4l-udp4-e2e-domain127.pcap": {
        "Sync": 89,
        "FollowUp": 89,
        "DelayReq": 80,
        "DelayResp": 80,
        "Announce": 45,
    },
    "ptp4l-udp6-e2e.pcap": {
        "Sync": 72,
        "FollowUp": 72,
        "DelayReq": 64,
        "DelayResp": 64,
        "Announce": 37,
    },
    "ptp4l-l2-p2p.pcap": {
        "PdelayReq": 158,
        "PdelayResp": 158,
        "PdelayRespFollowUp": 158,
        "Sync": 73,
        "FollowUp": 73,
        "Announce": 37,
    },
    "ptp4l-pmc-management.pcap": {"Sync": 57, "FollowUp": 57, "Announce": 29, "Management": 22},
}

GRANDMASTER = "8e:2a:0f:ff:fe:60:4e:d7"
SLAVE = "a6:23:59:ff:fe:56:d1:1e"


def capture(name: str) -> Path:
    path = PY_DATA / name
    if not path.is_file():
        pytest.fail(f"test capture {name} is missing from {PY_DATA}")
    return path


@functools.lru_cache(maxsize=None)
def messages(name: str) -> tuple[tuple[bytes, int, ptp.Message], ...]:
    """(frame, offset of the PTP message, parsed message) for every frame."""
    out = []
    for packet in pcap.read(capture(name)):
        offset = ptp.locate(packet.data)
        out.append((packet.data, offset, ptp.parse_frame(packet.data)))
    return tuple(out)


@pytest.mark.parametrize("name", CAPTURES)
def test_every_message_reemits_byte_for_byte(name: str) -> None:
    for frame, offset, m in messages(name):
        wire = m.to_bytes()
        assert wire == frame[offset : offset + len(wire)], m
        assert m.message_length == len(wire)
        # Nothing follows the message but ptp4l's two octets of Annex D.6 over IPv6.
        trailer = len(frame) - offset - len(wire)
        assert trailer == (2 if "udp6" in name else 0)
        assert ptp.parse(wire) == m
        assert ptp.parse(memoryview(frame)[offset:]) == m
        assert m.replace() == m
        for tlv in m.tlvs:
            assert ptp.parse_tlv(tlv.to_bytes()) == tlv
            assert not isinstance(tlv, ptp.UnknownTlv), tlv


@pytest.mark.parametrize("name", CAPTURES)
def test_message_classes(name: str) -> None:
    counts = Counter(type(m).__name__ for _, _, m in messages(name))
    assert counts == EXPECTED_COUNTS[name]
    for _, _, m in messages(name):
        assert isinstance(m, ptp.Message)
        assert m.version_ptp == 2
        assert (
            m.message_type
            == ptp.MessageType[
                {
                    "DelayReq": "DELAY_REQ",
                    "DelayResp": "DELAY_RESP",
                    "FollowUp": "FOLLOW_UP",
                    "PdelayReq": "PDELAY_REQ",
                    "PdelayResp": "PDELAY_RESP",
                    "PdelayRespFollowUp": "PDELAY_RESP_FOLLOW_UP",
                }.get(type(m).__name__, type(m).__name__.upper())
            ]
        )


def test_ptp4l_udp4_field_values() -> None:
    ms = [m for _, _, m in messages("ptp4l-udp4-e2e-domain127.pcap")]
    syncs = [m for m in ms if isinstance(m, ptp.Sync)]
    assert all(m.two_step and m.domain_number == 127 for m in syncs)
    assert all(m.log_message_interval == -3 and m.control_field == 0 for m in syncs)
    assert [m.sequence_id for m in syncs] == list(range(len(syncs)))
    announce = next(m for m in ms if isinstance(m, ptp.Announce))
    assert announce.source_port_identity == ptp.PortIdentity(GRANDMASTER, 1)
    assert announce.grandmaster_identity == GRANDMASTER
    assert announce.grandmaster_priority1 == 100
    assert announce.grandmaster_priority2 == 128
    assert announce.grandmaster_clock_quality == ptp.ClockQuality(248, 0xFE, 0xFFFF)
    assert announce.current_utc_offset == 37
    assert announce.time_source == ptp.TimeSource.INTERNAL_OSCILLATOR
    assert announce.log_message_interval == -2
    assert announce.minor_version_ptp == 0
    resp = next(m for m in ms if isinstance(m, ptp.DelayResp))
    assert resp.requesting_port_identity == ptp.PortIdentity(SLAVE, 1)
    assert resp.log_message_interval == -3
    follow = next(m for m in ms if isinstance(m, ptp.FollowUp))
    assert follow.precise_origin_timestamp == ptp.Timestamp(1795445308, 553478894)


# --- tshark -----------------------------------------------------------------------

Getter = Callable[[ptp.Message], Optional[int]]


def _clock(value: str) -> int:
    return int(value.replace(":", ""), 16)


def _body(attr: str, part: str) -> Getter:
    def get(m: ptp.Message) -> Optional[int]:
        v = getattr(m, attr, None)
        if v is None:
            return None
        if part == "clock":
            return _clock(v.clock_identity)
        result: int = getattr(v, part)
        return result

    return get


def _attr(attr: str) -> Getter:
    def get(m: ptp.Message) -> Optional[int]:
        v = getattr(m, attr, None)
        if v is None:
            return None
        if isinstance(v, str):
            return _clock(v)
        return int(v)

    return get


def _quality(part: str) -> Getter:
    def get(m: ptp.Message) -> Optional[int]:
        if not isinstance(m, ptp.Announce):
            return None
        result: int = getattr(m.grandmaster_clock_quality, part)
        return result

    return get


# tshark field -> the same value from our message (None: not in this message type).
TSHARK_FIELDS: dict[str, Getter] = {
    "ptp.v2.majorsdoid": lambda m: m.major_sdo_id,
    "ptp.v2.messagetype": lambda m: m.message_type,
    "ptp.v2.minorversionptp": lambda m: m.minor_version_ptp,
    "ptp.v2.versionptp": lambda m: m.version_ptp,
    "ptp.v2.messagelength": lambda m: m.message_length,
    "ptp.v2.domainnumber": lambda m: m.domain_number,
    "ptp.v2.minorsdoid": lambda m: m.minor_sdo_id,
    "ptp.v2.flags": lambda m: m.flag_field,
    "ptp.v2.correction.ns": lambda m: m.correction_field >> 16,
    "ptp.v2.messagetypespecific": lambda m: m.message_type_specific,
    "ptp.v2.clockidentity": lambda m: _clock(m.source_port_identity.clock_identity),
    "ptp.v2.sourceportid": lambda m: m.source_port_identity.port_number,
    "ptp.v2.sequenceid": lambda m: m.sequence_id,
    "ptp.v2.controlfield": lambda m: m.control_field,
    "ptp.v2.logmessageperiod": lambda m: m.log_message_interval,
    "ptp.v2.sdr.origintimestamp.seconds": lambda m: (
        m.origin_timestamp.seconds if isinstance(m, (ptp.Sync, ptp.DelayReq)) else None
    ),
    "ptp.v2.sdr.origintimestamp.nanoseconds": lambda m: (
        m.origin_timestamp.nanoseconds if isinstance(m, (ptp.Sync, ptp.DelayReq)) else None
    ),
    "ptp.v2.fu.preciseorigintimestamp.seconds": _body("precise_origin_timestamp", "seconds"),
    "ptp.v2.fu.preciseorigintimestamp.nanoseconds": _body(
        "precise_origin_timestamp", "nanoseconds"
    ),
    "ptp.v2.dr.receivetimestamp.seconds": _body("receive_timestamp", "seconds"),
    "ptp.v2.dr.receivetimestamp.nanoseconds": _body("receive_timestamp", "nanoseconds"),
    "ptp.v2.dr.requestingsourceportidentity": lambda m: (
        _clock(m.requesting_port_identity.clock_identity) if isinstance(m, ptp.DelayResp) else None
    ),
    "ptp.v2.dr.requestingsourceportid": lambda m: (
        m.requesting_port_identity.port_number if isinstance(m, ptp.DelayResp) else None
    ),
    "ptp.v2.pdrq.origintimestamp.seconds": lambda m: (
        m.origin_timestamp.seconds if isinstance(m, ptp.PdelayReq) else None
    ),
    "ptp.v2.pdrq.origintimestamp.nanoseconds": lambda m: (
        m.origin_timestamp.nanoseconds if isinstance(m, ptp.PdelayReq) else None
    ),
    "ptp.v2.pdrs.requestreceipttimestamp.seconds": _body("request_receipt_timestamp", "seconds"),
    "ptp.v2.pdrs.requestreceipttimestamp.nanoseconds": _body(
        "request_receipt_timestamp", "nanoseconds"
    ),
    "ptp.v2.pdrs.requestingportidentity": lambda m: (
        _clock(m.requesting_port_identity.clock_identity) if isinstance(m, ptp.PdelayResp) else None
    ),
    "ptp.v2.pdrs.requestingsourceportid": lambda m: (
        m.requesting_port_identity.port_number if isinstance(m, ptp.PdelayResp) else None
    ),
    "ptp.v2.pdfu.responseorigintimestamp.seconds": _body("response_origin_timestamp", "seconds"),
    "ptp.v2.pdfu.responseorigintimestamp.nanoseconds": _body(
        "response_origin_timestamp", "nanoseconds"
    ),
    "ptp.v2.pdfu.requestingportidentity": lambda m: (
        _clock(m.requesting_port_identity.clock_identity)
        if isinstance(m, ptp.PdelayRespFollowUp)
        else None
    ),
    "ptp.v2.pdfu.requestingsourceportid": lambda m: (
        m.requesting_port_identity.port_number if isinstance(m, ptp.PdelayRespFollowUp) else None
    ),
    "ptp.v2.an.origintimestamp.seconds": lambda m: (
        m.origin_timestamp.seconds if isinstance(m, ptp.Announce) else None
    ),
    "ptp.v2.an.origintimestamp.nanoseconds": lambda m: (
        m.origin_timestamp.nanoseconds if isinstance(m, ptp.Announce) else None
    ),
    "ptp.v2.an.origincurrentutcoffset": _attr("current_utc_offset"),
    "ptp.v2.an.priority1": _attr("grandmaster_priority1"),
    "ptp.v2.an.grandmasterclockclass": _quality("clock_class"),
    "ptp.v2.an.grandmasterclockaccuracy": _quality("clock_accuracy"),
    "ptp.v2.an.grandmasterclockvariance": _quality("offset_scaled_log_variance"),
    "ptp.v2.an.priority2": _attr("grandmaster_priority2"),
    "ptp.v2.an.grandmasterclockidentity": _attr("grandmaster_identity"),
    "ptp.v2.an.localstepsremoved": _attr("steps_removed"),
    "ptp.v2.timesource": lambda m: m.time_source if isinstance(m, ptp.Announce) else None,
    "ptp.v2.mm.targetportidentity": lambda m: (
        _clock(m.target_port_identity.clock_identity) if isinstance(m, ptp.Management) else None
    ),
    "ptp.v2.mm.targetportid": lambda m: (
        m.target_port_identity.port_number if isinstance(m, ptp.Management) else None
    ),
    "ptp.v2.mm.startingboundaryhops": _attr("starting_boundary_hops"),
    "ptp.v2.mm.boundaryhops": _attr("boundary_hops"),
    "ptp.v2.mm.action": _attr("action"),
    "ptp.v2.mm.tlvType": lambda m: m.tlvs[0].tlv_type if isinstance(m, ptp.Management) else None,
    "ptp.v2.mm.lengthField": lambda m: (
        m.tlvs[0].length_field if isinstance(m, ptp.Management) else None
    ),
    "ptp.v2.mm.managementId": lambda m: (
        m.tlvs[0].management_id
        if isinstance(m, ptp.Management) and isinstance(m.tlvs[0], ptp.ManagementTlv)
        else None
    ),
}


def tshark_rows(path: Path, fields: list[str], display_filter: str = "ptp") -> list[list[str]]:
    tshark = need_tool("tshark")
    cmd = [tshark, "-r", str(path), "-Y", display_filter, "-T", "fields"]
    cmd += ["-E", "separator=\t", "-E", "occurrence=f"]
    for f in fields:
        cmd += ["-e", f]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines()]


def tshark_int(value: str) -> int:
    return int(value, 0)


def test_fields_equal_tsharks() -> None:
    fields = list(TSHARK_FIELDS)
    compared = Counter[str]()
    total = 0
    for name in CAPTURES:
        rows = tshark_rows(capture(name), fields)
        ours = messages(name)
        assert len(rows) == len(ours)
        total += len(ours)
        for row, (_, _, m) in zip(rows, ours):
            for field, value in zip(fields, row):
                mine = TSHARK_FIELDS[field](m)
                if value == "":
                    assert mine is None, (name, field, m)
                    continue
                assert mine is not None, (name, field, value, m)
                assert int(mine) == tshark_int(value), (name, field, value, m)
                compared[field] += 1
    # Every field was compared, the header's on every message.
    assert set(compared) == set(fields)
    assert compared["ptp.v2.sequenceid"] == compared["ptp.v2.flags"] == total


# --- management RESPONSEs -------------------------------------------------------------


def responses() -> dict[int, ptp.ManagementTlv]:
    out = {}
    for _, _, m in messages("ptp4l-pmc-management.pcap"):
        if isinstance(m, ptp.Management) and m.action == ptp.Action.RESPONSE:
            (tlv,) = m.tlvs
            assert isinstance(tlv, ptp.ManagementTlv)
            out[int(tlv.management_id)] = tlv
    return out


def test_management_responses_are_typed() -> None:
    r = responses()
    grandmaster = ptp.PortIdentity(GRANDMASTER, 1)
    quality = ptp.ClockQuality(clock_class=248, clock_accuracy=ptp.ClockAccuracy.UNKNOWN)
    assert r[ptp.ManagementId.DEFAULT_DATA_SET].data == ptp.DefaultDataSet(
        two_step_flag=True,
        slave_only=False,
        number_ports=1,
        priority1=100,
        clock_quality=quality,
        priority2=128,
        clock_identity=GRANDMASTER,
        domain_number=0,
    )
    assert r[ptp.ManagementId.CURRENT_DATA_SET].data == ptp.CurrentDataSet(
        steps_removed=0, offset_from_master=0, mean_path_delay=0
    )
    assert r[ptp.ManagementId.PARENT_DATA_SET].data == ptp.ParentDataSet(
        parent_port_identity=ptp.PortIdentity(GRANDMASTER, 0),
        parent_stats=False,
        observed_parent_offset_scaled_log_variance=0xFFFF,
        observed_parent_clock_phase_change_rate=0x7FFFFFFF,
        grandmaster_priority1=100,
        grandmaster_clock_quality=quality,
        grandmaster_priority2=128,
        grandmaster_identity=GRANDMASTER,
    )
    assert r[ptp.ManagementId.TIME_PROPERTIES_DATA_SET].data == ptp.TimePropertiesDataSet(
        current_utc_offset=37, flags=0, time_source=ptp.TimeSource.INTERNAL_OSCILLATOR
    )
    assert r[ptp.ManagementId.PORT_DATA_SET].data == ptp.PortDataSet(
        port_identity=grandmaster,
        port_state=6,  # MASTER
        log_min_delay_req_interval=-3,
        peer_mean_path_delay=0,
        log_announce_interval=-2,
        announce_receipt_timeout=3,
        log_sync_interval=-3,
        delay_mechanism=1,  # E2E
        log_min_pdelay_req_interval=-3,
        version_number=2,
    )
    assert r[ptp.ManagementId.PRIORITY1].data == 100
    assert r[ptp.ManagementId.PRIORITY2].data == 128
    assert r[ptp.ManagementId.DOMAIN].data == 0
    assert r[ptp.ManagementId.USER_DESCRIPTION].data == ""
    assert r[ptp.ManagementId.CLOCK_DESCRIPTION].data == ptp.ClockDescription(
        clock_type=0x8000,
        physical_layer_protocol="IEEE 802.3",
        physical_address=bytes.fromhex("8e2a0f604ed7"),
        protocol_address=ptp.PortAddress(1, bytes([10, 77, 0, 1])),
        manufacturer_identity=0,
        product_description=";;",
        revision_data=";;",
        user_description="",
        profile_identity=bytes.fromhex("001b19000100"),
    )
    # linuxptp's TIME_STATUS_NP has no typed form: its octets, ending in the
    # grandmaster's identity.
    status = r[ptp.ManagementId.TIME_STATUS_NP].data
    assert isinstance(status, bytes) and len(status) == 50
    assert status.endswith(bytes.fromhex(GRANDMASTER.replace(":", "")))
    # Every RESPONSE rebuilt from its typed data is the same TLV.
    for tlv in r.values():
        assert ptp.ManagementTlv(tlv.management_id, tlv.data) == tlv


# tshark's management fields -> the typed data's, per managementId.
MANAGEMENT_FIELDS: dict[int, dict[str, Callable[[Any], object]]] = {
    0x2000: {
        "ptp.v2.mm.twoStep": lambda d: int(d.two_step_flag),
        "ptp.v2.mm.SlavOnly": lambda d: int(d.slave_only),
        "ptp.v2.mm.numberPorts": lambda d: d.number_ports,
        "ptp.v2.mm.priority1": lambda d: d.priority1,
        "ptp.v2.mm.clockclass": lambda d: d.clock_quality.clock_class,
        "ptp.v2.mm.clockaccuracy": lambda d: d.clock_quality.clock_accuracy,
        "ptp.v2.mm.clockvariance": lambda d: d.clock_quality.offset_scaled_log_variance,
        "ptp.v2.mm.priority2": lambda d: d.priority2,
        "ptp.v2.mm.clockidentity": lambda d: _clock(d.clock_identity),
        "ptp.v2.mm.domainNumber": lambda d: d.domain_number,
    },
    0x2001: {
        "ptp.v2.mm.stepsRemoved": lambda d: d.steps_removed,
        "ptp.v2.mm.offset.ns": lambda d: d.offset_from_master >> 16,
        "ptp.v2.mm.pathDelay.ns": lambda d: d.mean_path_delay >> 16,
    },
    0x2002: {
        "ptp.v2.mm.parentclockidentity": lambda d: _clock(d.parent_port_identity.clock_identity),
        "ptp.v2.mm.parentsourceportid": lambda d: d.parent_port_identity.port_number,
        "ptp.v2.mm.parentstats": lambda d: int(d.parent_stats),
        "ptp.v2.mm.observedParentOffsetScaledLogVariance": lambda d: d.observed_parent_offset_scaled_log_variance,
        "ptp.v2.mm.observedParentClockPhaseChangeRate": lambda d: d.observed_parent_clock_phase_change_rate,
        "ptp.v2.mm.grandmasterPriority1": lambda d: d.grandmaster_priority1,
        "ptp.v2.mm.grandmasterclockclass": lambda d: d.grandmaster_clock_quality.clock_class,
        "ptp.v2.mm.grandmasterclockaccuracy": lambda d: d.grandmaster_clock_quality.clock_accuracy,
        "ptp.v2.mm.grandmasterclockvariance": lambda d: d.grandmaster_clock_quality.offset_scaled_log_variance,
        "ptp.v2.mm.grandmasterPriority2": lambda d: d.grandmaster_priority2,
        "ptp.v2.mm.grandmasterclockidentity": lambda d: _clock(d.grandmaster_identity),
    },
    0x2003: {
        "ptp.v2.mm.currentutcoffset": lambda d: d.current_utc_offset,
        "ptp.v2.mm.li61": lambda d: d.flags & 1,
        "ptp.v2.mm.li59": lambda d: d.flags >> 1 & 1,
        "ptp.v2.mm.CurrentUTCOffsetValid": lambda d: d.flags >> 2 & 1,
        "ptp.v2.mm.ptptimescale": lambda d: d.flags >> 3 & 1,
        "ptp.v2.mm.timeTraceable": lambda d: d.flags >> 4 & 1,
        "ptp.v2.mm.frequencyTraceable": lambda d: d.flags >> 5 & 1,
        "ptp.v2.mm.timesource": lambda d: d.time_source,
    },
    0x2004: {
        "ptp.v2.mm.PortNumber": lambda d: d.port_identity.port_number,
        "ptp.v2.mm.portState": lambda d: d.port_state,
        "ptp.v2.mm.logMinDelayReqInterval": lambda d: d.log_min_delay_req_interval,
        "ptp.v2.mm.peerMeanPathDelay.ns": lambda d: d.peer_mean_path_delay >> 16,
        "ptp.v2.mm.logAnnounceInterval": lambda d: d.log_announce_interval,
        "ptp.v2.mm.announceReceiptTimeout": lambda d: d.announce_receipt_timeout,
        "ptp.v2.mm.logSyncInterval": lambda d: d.log_sync_interval,
        "ptp.v2.mm.delayMechanism": lambda d: d.delay_mechanism,
        "ptp.v2.mm.logMinPdelayReqInterval": lambda d: d.log_min_pdelay_req_interval,
        "ptp.v2.mm.versionNumber": lambda d: d.version_number,
    },
    0x2005: {"ptp.v2.mm.priority1": lambda d: d},
    0x2006: {"ptp.v2.mm.priority2": lambda d: d},
    0x2007: {"ptp.v2.mm.domainNumber": lambda d: d},
    0x0001: {
        "ptp.v2.mm.clockType": lambda d: d.clock_type,
        "ptp.v2.mm.physicalLayerProtocol": lambda d: d.physical_layer_protocol,
        "ptp.v2.mm.physicalAddress": lambda d: d.physical_address.hex(),
        "ptp.v2.mm.networkProtocol": lambda d: d.protocol_address.network_protocol,
        "ptp.v2.mm.protocolAddress": lambda d: d.protocol_address.address.hex(),
        "ptp.v2.mm.manufacturerIdentity": lambda d: f"{d.manufacturer_identity:06x}",
        "ptp.v2.mm.productDescription": lambda d: d.product_description,
        "ptp.v2.mm.revisionData": lambda d: d.revision_data,
        "ptp.v2.mm.profileIdentity": lambda d: d.profile_identity.hex(),
    },
}


def test_management_data_equals_tsharks() -> None:
    fields = ["ptp.v2.mm.managementId"] + sorted(
        {f for table in MANAGEMENT_FIELDS.values() for f in table}
    )
    rows = tshark_rows(capture("ptp4l-pmc-management.pcap"), fields, "ptp.v2.mm.action == 2")
    r = responses()
    seen = set()
    for row in rows:
        values = dict(zip(fields, row))
        mid = tshark_int(values["ptp.v2.mm.managementId"])
        data = r[mid].data
        for field, get in MANAGEMENT_FIELDS.get(mid, {}).items():
            mine = get(data)
            if isinstance(mine, str):
                assert values[field] == mine, (hex(mid), field)
            else:
                assert tshark_int(values[field]) == mine, (hex(mid), field)
            seen.add(mid)
    assert seen == set(MANAGEMENT_FIELDS)


# --- mediafabric.decode shows the same message ------------------------------------------


@pytest.mark.parametrize("name", CAPTURES)
def test_decode_model_shows_ptp(name: str) -> None:
    for frame, _, m in messages(name)[:40]:
        d = mediafabric.decode(frame)
        assert "error" not in d, d
        layer = next(entry for entry in d["layers"] if entry["proto"] == "ptp")
        assert layer["sequenceId"] == m.sequence_id
        assert layer["domainNumber"] == m.domain_number
        assert layer["messageLength"] == m.message_length
        assert layer["correctionField"] == m.correction_field
        assert layer["logMessageInterval"] == m.log_message_interval
        assert layer["sourcePortIdentity"] == {
            "clockIdentity": m.source_port_identity.clock_identity,
            "portNumber": m.source_port_identity.port_number,
        }
        assert layer["flagField"]["twoStepFlag"] is m.two_step
        assert layer["flagField"]["unicastFlag"] is m.unicast
        name_of = {v: k for k, v in ptp.MessageType.__members__.items()}
        assert layer["messageType"].upper() == name_of[m.message_type]
        assert len(layer["tlvs"]) == len(m.tlvs)
        if isinstance(m, ptp.Announce):
            assert layer["grandmasterIdentity"] == m.grandmaster_identity
            assert layer["grandmasterPriority1"] == m.grandmaster_priority1
            assert layer["timeSource"] == m.time_source
        if isinstance(m, ptp.FollowUp):
            t = layer["preciseOriginTimestamp"]
            assert (t["secondsField"], t["nanosecondsField"]) == (
                m.precise_origin_timestamp.seconds,
                m.precise_origin_timestamp.nanoseconds,
            )
        if isinstance(m, ptp.Management):
            assert layer["actionField"] == ptp.Action(m.action).name
            assert (
                layer["tlvs"][0]["managementId"] == ptp.ManagementId(m.tlvs[0].management_id).name
            )
