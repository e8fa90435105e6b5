"""mediafabric.igmp: the Linux kernel's IGMPv3 reports read (records as tshark shows
them) and framed again byte for byte; queries of every version built, read back and
decoded by tshark; the codes; every class round-trips; bad bytes are a ParseError with
layer and offset, bad values a ValueError or TypeError."""

from __future__ import annotations

import pickle
import random
import subprocess
from ipaddress import IPv4Address
from pathlib import Path

import pytest

from mediafabric import ParseError, igmp, pcap

from conftest import PY_DATA, need_tool

CAPTURE = PY_DATA / "igmp" / "linux-igmpv3-host.pcap"
A = IPv4Address
RT = igmp.RecordType

# What tshark shows for each frame of the capture: (record type, group, sources).
WANT: list[list[tuple[igmp.RecordType, str, list[str]]]] = [
    [(RT.CHANGE_TO_EXCLUDE_MODE, "239.1.1.1", [])],
    [(RT.CHANGE_TO_EXCLUDE_MODE, "239.1.1.1", [])],
    [(RT.ALLOW_NEW_SOURCES, "232.5.5.5", ["10.1.0.1"])],
    [(RT.ALLOW_NEW_SOURCES, "232.5.5.5", ["10.1.0.1", "10.1.0.2"])],
    [(RT.ALLOW_NEW_SOURCES, "232.5.5.5", ["10.1.0.2"])],
    [(RT.ALLOW_NEW_SOURCES, "232.5.5.5", ["10.1.0.3"])],
    [
        (RT.ALLOW_NEW_SOURCES, "232.5.5.5", ["10.1.0.3"]),
        (RT.BLOCK_OLD_SOURCES, "232.5.5.5", ["10.1.0.2"]),
    ],
    [
        (RT.BLOCK_OLD_SOURCES, "232.5.5.5", ["10.1.0.2"]),
        (RT.BLOCK_OLD_SOURCES, "239.1.1.1", ["10.9.9.9"]),
    ],
    [(RT.BLOCK_OLD_SOURCES, "239.1.1.1", ["10.9.9.9"])],
    [(RT.CHANGE_TO_INCLUDE_MODE, "239.1.1.1", [])],
    [
        (RT.BLOCK_OLD_SOURCES, "232.5.5.5", ["10.1.0.3", "10.1.0.1"]),
        (RT.CHANGE_TO_INCLUDE_MODE, "239.1.1.1", []),
    ],
    [(RT.BLOCK_OLD_SOURCES, "232.5.5.5", ["10.1.0.3", "10.1.0.1"])],
]


def frames() -> list[bytes]:
    return [p.data for p in pcap.read(CAPTURE)]


def test_kernel_reports_read_as_tshark_shows_them_and_frame_again_byte_for_byte() -> None:
    got = frames()
    assert len(got) == len(WANT)
    for frame, want in zip(got, WANT):
        p = igmp.parse_packet(frame, offset=14)
        assert p.src == A("10.77.0.2") and p.dst == A("224.0.0.22") == igmp.ALL_V3_ROUTERS
        assert p.ttl == 1 and p.router_alert and p.checksum_valid
        assert p.offset == 38
        m = p.message
        assert isinstance(m, igmp.V3Report)
        assert m.version == 3 and m.msg_type == 0x22
        assert [(r.record_type, r.group, list(r.sources)) for r in m.records] == [
            (t, A(g), [A(s) for s in srcs]) for t, g, srcs in want
        ]
        assert all(isinstance(r.record_type, igmp.RecordType) for r in m.records)
        # The same message alone, verified, and emitted again.
        assert igmp.parse(frame[38:], verify_checksum=True) == m
        assert m.to_bytes() == frame[38:]
        assert m.frame(frame[6:12], p.src) == frame
        # Built from scratch with the values tshark shows: the same frame.
        built = igmp.V3Report(
            [igmp.GroupRecord(t, g, srcs) for t, g, srcs in want]
        ).frame(src_mac=frame[6:12], src_ip="10.77.0.2")
        assert built == frame


def tshark_fields(path: Path, *fields: str) -> list[list[str]]:
    tshark = need_tool("tshark")
    args = [tshark, "-r", str(path), "-T", "fields", "-E", "separator=|", "-E", "aggregator=,"]
    for f in fields:
        args += ["-e", f]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return [line.split("|") for line in out.splitlines()]


def test_tshark_reads_the_capture_as_we_do() -> None:
    rows = tshark_fields(CAPTURE, "igmp.record_type", "igmp.maddr", "igmp.num_src")
    for row, frame in zip(rows, frames()):
        m = igmp.parse_packet(frame, 14).message
        assert isinstance(m, igmp.V3Report)
        assert row[0].split(",") == [str(int(r.record_type)) for r in m.records]
        assert row[1].split(",") == [str(r.group) for r in m.records]
        assert row[2].split(",") == [str(len(r.sources)) for r in m.records]


def built_queries() -> list[igmp.Message]:
    return [
        igmp.Query(version=1),
        igmp.Query(version=2),
        igmp.Query("239.1.1.1", version=2, max_resp_code=25),
        igmp.Query(),
        igmp.Query(
            "232.5.5.5",
            max_resp_code=igmp.encode_code8(200),
            s_flag=True,
            qrv=3,
            qqic=igmp.encode_code8(250),
            sources=["10.1.0.1", A("10.1.0.2")],
        ),
        igmp.V1Report("239.2.2.2"),
        igmp.V2Report("239.2.2.2"),
        igmp.V2Leave("239.2.2.2"),
    ]


def test_built_messages_decode_in_tshark(tmp_path: Path) -> None:
    msgs = built_queries()
    path = tmp_path / "igmp.pcap"
    pcap.write(path, [pcap.Packet(m.frame("02:00:00:00:00:01", "10.77.0.1")) for m in msgs])
    rows = tshark_fields(
        path,
        "igmp.version",
        "igmp.type",
        "igmp.max_resp",
        "igmp.s",
        "igmp.qrv",
        "igmp.qqic",
        "igmp.maddr",
        "igmp.saddr",
        "igmp.checksum.status",
        "ip.dst",
        "ip.ttl",
    )
    assert len(rows) == len(msgs)
    for row, m in zip(rows, msgs):
        version, mtype, max_resp, s, qrv, qqic, maddr, saddr, status, dst, ttl = row
        assert int(version) == m.version, row
        assert int(mtype, 0) == m.msg_type
        assert status == "1", f"tshark finds the checksum wrong: {row}"
        assert dst == str(m.destination) and ttl == "1"
        if isinstance(m, igmp.Query):
            assert maddr == str(m.group)
            if m.version > 1:
                # tshark prints the decoded Max Resp Time in tenths of a second.
                assert int(max_resp) == m.max_resp_time
            if m.version == 3:
                assert s == ("1" if m.s_flag else "0") and int(qrv) == m.qrv
                assert int(qqic) == m.qqic
                assert (saddr.split(",") if saddr else []) == [str(x) for x in m.sources]
        else:
            assert maddr == str(m.group)  # type: ignore[union-attr]


def test_queries_of_every_version() -> None:
    v1, v2, v2g, v3, v3s, *_ = built_queries()
    assert isinstance(v1, igmp.Query) and isinstance(v3s, igmp.Query)
    assert v1.to_bytes() == bytes.fromhex("1100eeff00000000")
    assert v1.version == 1 and v1.max_resp_code == 0 and v1.max_resp_time == 100
    assert igmp.parse(v1.to_bytes()) == v1
    assert isinstance(v2, igmp.Query) and v2.max_resp_code == 100 and v2.is_general
    assert isinstance(v2g, igmp.Query) and v2g.destination == A("239.1.1.1")
    assert igmp.parse(v2g.to_bytes()) == v2g and v2g.version == 2
    # RFC 9776 §8 defaults: 10 s response, robustness 2, 125 s interval.
    assert isinstance(v3, igmp.Query)
    assert (v3.max_resp_code, v3.qrv, v3.qqic, v3.qqi, v3.sources) == (100, 2, 125, 125, ())
    assert v3.destination == igmp.ALL_SYSTEMS and len(v3.to_bytes()) == 12
    wire = v3s.to_bytes()
    assert len(wire) == 20 and wire[8] == 0x0B  # S | QRV 3
    back = igmp.parse(wire, verify_checksum=True)
    assert back == v3s and hash(back) == hash(v3s)
    assert isinstance(back, igmp.Query)
    assert back.sources == (A("10.1.0.1"), A("10.1.0.2"))
    assert 190 < back.max_resp_time <= 200 and 230 < back.qqi <= 250
    assert back.max_resp_time == igmp.decode_code8(back.max_resp_code)
    frame = v3s.frame("02:00:00:00:00:01", "10.77.0.1")
    assert frame[:6] == bytes.fromhex("01005e050505")
    p = igmp.parse_packet(frame, 14)
    assert p.message == v3s and p.dst == A("232.5.5.5") and p.checksum_valid
    p = igmp.parse_packet(frame[14:])
    assert p.offset == 24 and p.message == v3s
    other = v3s.frame("02:00:00:00:00:01", "10.77.0.1", dst="224.0.0.1")
    assert igmp.parse_packet(other, 14).dst == igmp.ALL_SYSTEMS
    assert igmp.V2Leave("239.1.1.1").destination == igmp.ALL_ROUTERS


def test_codes() -> None:
    for c in range(256):
        assert igmp.encode_code8(igmp.decode_code8(c)) == c
    assert igmp.decode_code8(0x80) == 128 and igmp.decode_code8(0xFF) == igmp.CODE8_MAX
    assert igmp.encode_code8(135) == 0x80 and igmp.encode_code8(2**32 - 1) == 0xFF
    with pytest.raises(ValueError):
        igmp.decode_code8(256)
    with pytest.raises(ValueError):
        igmp.encode_code8(-1)
    with pytest.raises(TypeError):
        igmp.encode_code8(1.5)  # type: ignore[arg-type]


def test_records_unknown_types_and_objects() -> None:
    rec = igmp.GroupRecord(9, "239.1.1.1", ["10.0.0.1"], aux_data=b"\x01\x02\x03\x04")
    assert rec.record_type == 9 and not isinstance(rec.record_type, igmp.RecordType)
    assert rec.aux_data == b"\x01\x02\x03\x04"
    report = igmp.V3Report([rec, igmp.GroupRecord(RT.MODE_IS_EXCLUDE, "239.1.1.2")])
    back = igmp.parse(report.to_bytes(), verify_checksum=True)
    assert back == report
    assert pickle.loads(pickle.dumps(report)) == report
    assert pickle.loads(pickle.dumps(rec)) == rec
    assert "GroupRecord(" in repr(report) and "aux_data" in repr(report)
    assert repr(igmp.V2Leave("239.1.1.1")) == "V2Leave('239.1.1.1')"
    unknown = igmp.UnknownMessage(0x30, b"\x00\x00\x00\x00")
    assert igmp.parse(unknown.to_bytes()) == unknown and unknown.version == 0
    assert {igmp.V1Report("239.1.1.1"), igmp.V1Report("239.1.1.1")} == {
        igmp.V1Report("239.1.1.1")
    }
    assert igmp.V1Report("239.1.1.1") != igmp.V2Report("239.1.1.1")  # type: ignore[comparison-overlap]
    assert [m.name for m in igmp.RecordType] == [
        "MODE_IS_INCLUDE",
        "MODE_IS_EXCLUDE",
        "CHANGE_TO_INCLUDE_MODE",
        "CHANGE_TO_EXCLUDE_MODE",
        "ALLOW_NEW_SOURCES",
        "BLOCK_OLD_SOURCES",
    ]


def test_buffer_protocol_inputs() -> None:
    frame = frames()[6]
    want = igmp.parse_packet(frame, 14).message
    for data in (bytearray(frame), memoryview(frame), memoryview(bytearray(frame))):
        assert igmp.parse_packet(data, 14).message == want
        assert igmp.parse(memoryview(frame)[38:]) == want
    with pytest.raises(TypeError, match="not 'str'"):
        igmp.parse(frame.hex())  # type: ignore[arg-type]


def parse_error(data: bytes, **kw: bool) -> ParseError:
    with pytest.raises(ParseError) as e:
        igmp.parse(data, **kw)
    assert isinstance(e.value, ValueError)
    return e.value


def test_bad_bytes_are_parse_errors_with_layer_and_offset() -> None:
    frame = frames()[10]  # BLOCK + TO_IN
    message = frame[38:]
    for n in range(len(message)):
        e = parse_error(message[:n])
        assert e.layer == "igmp"
    e = parse_error(message[: 8 + 8 + 7])
    assert e.offset == 8 and "group record" in e.reason
    for n in range(14, len(frame)):
        with pytest.raises(ParseError) as pe:
            igmp.parse_packet(frame[:n], 14)
        assert pe.value.layer == "ipv4" and pe.value.offset == 14
    e = parse_error(bytes([0x11, 100]) + bytes(8))
    assert e.layer == "igmp" and e.offset == 0 and "length" in e.reason
    bad = bytearray(message)
    bad[3] ^= 1
    assert igmp.parse(bytes(bad)) == igmp.parse(message)
    e = parse_error(bytes(bad), verify_checksum=True)
    assert e.offset == 2 and "checksum" in e.reason
    p = igmp.parse_packet(frame[:38] + bytes(bad), 14)
    assert not p.checksum_valid
    udp = bytearray(frame)
    udp[14 + 9] = 17
    with pytest.raises(ParseError) as pe:
        igmp.parse_packet(bytes(udp), 14)
    assert pe.value.layer == "ipv4" and pe.value.offset == 23 and "Protocol" in pe.value.reason
    # A record cut inside the packet: the offset is from the start of the frame.
    short = bytearray(frame[: 38 + 8 + 8 + 7])
    short[16:18] = (len(short) - 14).to_bytes(2, "big")
    with pytest.raises(ParseError) as pe:
        igmp.parse_packet(bytes(short), 14)
    assert pe.value.layer == "igmp" and pe.value.offset == 38 + 8
    with pytest.raises(ValueError, match="past the end"):
        igmp.parse_packet(frame, len(frame) + 1)


def test_bad_values() -> None:
    with pytest.raises(ValueError, match="non-zero"):
        igmp.Query(version=2, max_resp_code=0)
    with pytest.raises(ValueError, match="IGMPv1"):
        igmp.Query(version=1, max_resp_code=5)
    with pytest.raises(ValueError, match="only IGMPv3"):
        igmp.Query(version=2, sources=["10.0.0.1"])
    with pytest.raises(ValueError, match="qrv"):
        igmp.Query(qrv=8)
    with pytest.raises(ValueError, match="version"):
        igmp.Query(version=4)
    with pytest.raises(ValueError, match="IPv4"):
        igmp.V2Report("ff02::1")
    with pytest.raises(ValueError, match="not an IPv4 or IPv6"):
        igmp.V2Report("239.1.1.256")
    with pytest.raises(TypeError):
        igmp.V2Report(239)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="multiple of 4"):
        igmp.GroupRecord(1, "239.1.1.1", aux_data=b"abc")
    with pytest.raises(TypeError, match="not 'str'"):
        igmp.GroupRecord(1, "239.1.1.1", "10.0.0.1")
    with pytest.raises(TypeError, match="GroupRecord"):
        igmp.V3Report([("239.1.1.1",)])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="bool"):
        igmp.Query(s_flag=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="known type"):
        igmp.UnknownMessage(0x11, b"")
    with pytest.raises(ValueError, match="MAC"):
        igmp.V2Report("239.1.1.1").frame("02:00", "10.0.0.1")
    with pytest.raises(ValueError, match="IPv4"):
        igmp.V2Report("239.1.1.1").frame("02:00:00:00:00:01", "fe80::1")


def test_fixed_seed_mutations_raise_only_parse_errors() -> None:
    rng = random.Random(0x1611)
    seeds = frames() + [m.frame("02:00:00:00:00:01", "10.0.0.1") for m in built_queries()]
    parsed = refused = 0
    for _ in range(3000):
        data = bytearray(rng.choice(seeds))
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(14, len(data))] = rng.randrange(256)
        if rng.random() < 0.3:
            del data[rng.randrange(14, len(data)) :]
        try:
            p = igmp.parse_packet(bytes(data), 14)
        except ParseError:
            refused += 1
            continue
        parsed += 1
        # What parses re-emits and parses to the same message.
        assert igmp.parse(p.message.to_bytes()) == p.message
    assert parsed > 0 and refused > 0
