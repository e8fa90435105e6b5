"""mediafabric.mld: the Linux kernel's MLDv2 reports read (records as tshark shows
them), checksums checked over the IPv6 pseudo-header, framed again byte for byte;
queries of both versions built, read back and decoded by tshark; bad bytes are a
ParseError with layer and offset."""

from __future__ import annotations

import pickle
import random
import subprocess
from ipaddress import IPv6Address
from pathlib import Path

import pytest

from mediafabric import ParseError, igmp, mld, pcap

from conftest import PY_DATA, need_tool

CAPTURE = PY_DATA / "igmp" / "linux-mldv2-host.pcap"
A = IPv6Address
RT = mld.RecordType
HOST = A("fe80::a423:59ff:fe56:d11e")

WANT = [
    [(RT.CHANGE_TO_EXCLUDE_MODE, "ff3e::8000:1")],
    [(RT.CHANGE_TO_EXCLUDE_MODE, "ff15::1234"), (RT.CHANGE_TO_EXCLUDE_MODE, "ff3e::8000:1")],
    [(RT.CHANGE_TO_INCLUDE_MODE, "ff15::1234")],
    [(RT.CHANGE_TO_INCLUDE_MODE, "ff15::1234")],
    [(RT.CHANGE_TO_INCLUDE_MODE, "ff3e::8000:1")],
    [(RT.CHANGE_TO_INCLUDE_MODE, "ff3e::8000:1")],
]


def frames() -> list[bytes]:
    return [p.data for p in pcap.read(CAPTURE)]


def test_kernel_reports_read_verify_and_frame_again_byte_for_byte() -> None:
    assert mld.RecordType is igmp.RecordType
    got = frames()
    assert len(got) == len(WANT)
    for frame, want in zip(got, WANT):
        p = mld.parse_packet(frame, offset=14)
        assert p.src == HOST and p.dst == mld.ALL_MLDV2_ROUTERS
        assert p.hop_limit == 1 and p.router_alert and p.checksum_valid
        assert p.offset == 62
        m = p.message
        assert isinstance(m, mld.V2Report) and m.version == 2 and m.msg_type == 143
        assert [(r.record_type, r.group, r.sources) for r in m.records] == [
            (t, A(g), ()) for t, g in want
        ]
        assert mld.parse(frame[62:], src=HOST, dst="ff02::16") == m
        with pytest.raises(ParseError) as e:
            mld.parse(frame[62:], src=HOST, dst=mld.ALL_NODES)
        assert e.value.layer == "mld" and e.value.offset == 2
        assert m.to_bytes(HOST) == frame[62:]
        assert m.frame(frame[6:12], HOST) == frame
        built = mld.V2Report([mld.GroupRecord(t, g) for t, g in want])
        assert built.frame(frame[6:12], str(HOST)) == frame


def tshark_fields(path: Path, *fields: str) -> list[list[str]]:
    tshark = need_tool("tshark")
    args = [tshark, "-r", str(path), "-T", "fields", "-E", "separator=|", "-E", "aggregator=,"]
    for f in fields:
        args += ["-e", f]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return [line.split("|") for line in out.splitlines()]


def test_tshark_reads_the_capture_as_we_do() -> None:
    rows = tshark_fields(CAPTURE, "icmpv6.mldr.mar.record_type", "icmpv6.mldr.mar.multicast_address")
    for row, frame in zip(rows, frames()):
        m = mld.parse_packet(frame, 14).message
        assert isinstance(m, mld.V2Report)
        assert row[0].split(",") == [str(int(r.record_type)) for r in m.records]
        assert row[1].split(",") == [str(r.group) for r in m.records]


def built() -> list[mld.Message]:
    return [
        mld.Query(version=1),
        mld.Query("ff15::1234", version=1, max_response_code=2500),
        mld.Query(),
        mld.Query(
            "ff3e::8000:1",
            max_response_code=0x8123,
            s_flag=True,
            qrv=7,
            qqic=mld.encode_code8(300),
            sources=["2001:db8::1", A("2001:db8::2")],
        ),
        mld.V1Report("ff15::1234"),
        mld.V1Done("ff15::1234"),
        mld.V2Report(
            [mld.GroupRecord(RT.ALLOW_NEW_SOURCES, "ff3e::8000:1", ["2001:db8::1"])]
        ),
    ]


def test_built_messages_decode_in_tshark(tmp_path: Path) -> None:
    msgs = built()
    path = tmp_path / "mld.pcap"
    pcap.write(path, [pcap.Packet(m.frame("02:00:00:00:00:01", "fe80::1")) for m in msgs])
    rows = tshark_fields(
        path,
        "icmpv6.type",
        "icmpv6.checksum.status",
        "icmpv6.mld.multicast_address",
        "icmpv6.mld.maximum_response_delay",
        "icmpv6.mld.maximum_response_code",
        "icmpv6.mld.flag.s",
        "icmpv6.mld.flag.qrv",
        "icmpv6.mld.source_address",
        "ipv6.dst",
        "ipv6.hlim",
    )
    assert len(rows) == len(msgs)
    for row, m in zip(rows, msgs):
        mtype, status, maddr, delay, code, s, qrv, saddr, dst, hlim = row
        assert int(mtype) == m.msg_type and status == "1", row
        assert dst == str(m.destination) and hlim == "1"
        if isinstance(m, mld.Query):
            assert maddr == str(m.group)
            if m.version == 1:
                assert int(delay) == m.max_response_delay
            else:
                assert int(code) == m.max_response_delay
                assert s == ("1" if m.s_flag else "0") and int(qrv) == m.qrv
                assert (saddr.split(",") if saddr else []) == [str(x) for x in m.sources]


def test_queries_and_codes() -> None:
    q1, q1g, q2, q2s, *_ = built()
    assert isinstance(q1, mld.Query) and q1.max_response_code == 10000
    assert q1.destination == mld.ALL_NODES and len(q1.to_bytes("fe80::1")) == 24
    assert isinstance(q2, mld.Query)
    assert mld.decode_code16(q2.max_response_code) == 10000 and (q2.qrv, q2.qqi) == (2, 125)
    assert isinstance(q2s, mld.Query)
    wire = q2s.to_bytes("fe80::1")
    back = mld.parse(wire, src="fe80::1", dst="ff3e::8000:1")
    assert back == q2s and isinstance(back, mld.Query)
    assert back.max_response_delay == (0x123 | 0x1000) << 3
    assert back.sources == (A("2001:db8::1"), A("2001:db8::2"))
    assert 280 < back.qqi <= 300
    assert mld.parse(q1g.to_bytes("fe80::1")) == q1g
    p = mld.parse_packet(q2s.frame("02:00:00:00:00:01", "fe80::1"), 14)
    assert p.message == q2s and p.checksum_valid and p.dst == A("ff3e::8000:1")
    assert mld.V1Done("ff15::1234").destination == mld.ALL_ROUTERS
    for c in (0, 1, 0x7FFF, 0x8000, 0xFFFF):
        assert mld.encode_code16(mld.decode_code16(c)) == c
    assert mld.decode_code16(0xFFFF) == mld.CODE16_MAX
    assert pickle.loads(pickle.dumps(q2s)) == q2s
    for m in built():
        assert mld.parse(m.to_bytes("fe80::1")) == m
        assert repr(m).startswith(type(m).__name__ + "(")


def test_bad_bytes_and_values() -> None:
    frame = frames()[1]
    for n in range(14, len(frame)):
        with pytest.raises(ParseError) as e:
            mld.parse_packet(frame[:n], 14)
        assert e.value.layer == "ipv6" and e.value.offset in (14, 54)
    message = frame[62:]
    for n in range(len(message)):
        with pytest.raises(ParseError) as e:
            mld.parse(message[:n])
        assert e.value.layer == "mld"
    with pytest.raises(ParseError) as e:
        mld.parse(bytes([128]) + bytes(23))
    assert e.value.offset == 0 and "Type" in e.value.reason
    with pytest.raises(ParseError) as e:
        mld.parse(bytes([130]) + bytes(25))
    assert "length" in e.value.reason
    with pytest.raises(ParseError) as e:
        igmp.parse_packet(frame, 14)
    assert e.value.layer == "ipv4"
    with pytest.raises(ValueError, match="both"):
        mld.parse(message, src=HOST)
    with pytest.raises(ValueError, match="IPv6"):
        mld.V1Report("239.1.1.1")
    with pytest.raises(ValueError, match="only MLDv2"):
        mld.Query(version=1, qrv=2)
    with pytest.raises(ValueError, match="IPv6"):
        mld.V1Report("ff15::1").to_bytes("10.0.0.1")
    with pytest.raises(TypeError, match="this module"):
        mld.V2Report([igmp.GroupRecord(1, "239.1.1.1")])  # type: ignore[list-item]


def test_fixed_seed_mutations_raise_only_parse_errors() -> None:
    rng = random.Random(0x2710)
    seeds = frames() + [m.frame("02:00:00:00:00:01", "fe80::1") for m in built()]
    parsed = refused = 0
    for _ in range(3000):
        data = bytearray(rng.choice(seeds))
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(14, len(data))] = rng.randrange(256)
        if rng.random() < 0.3:
            del data[rng.randrange(14, len(data)) :]
        try:
            p = mld.parse_packet(bytes(data), 14)
        except ParseError:
            refused += 1
            continue
        parsed += 1
        assert mld.parse(p.message.to_bytes(p.src, p.dst)) == p.message
    assert parsed > 0 and refused > 0
