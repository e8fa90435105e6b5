"""mediafabric.pcap: reading pcap/pcapng written by real tools, writing pcap that
tshark reads, round trips, and malformed files."""

from __future__ import annotations

import pickle
import struct
import subprocess
from pathlib import Path

import pytest

import mediafabric
from mediafabric import ParseError, pcap

from conftest import PY_DATA, capture, need_tool

# linux-vxlan-4789.pcap, frame 1 and 10 (tshark: frame.time_epoch).
FIRST_NS = 1_795_445_387_572_453_000
LAST_NS = 1_795_445_390_740_387_000


def test_read_pcap_microseconds(vxlan_pcap: Path) -> None:
    packets = list(pcap.read(vxlan_pcap))
    assert [len(p) for p in packets] == [140, 92, 92, 111, 139, 111, 139, 111, 139, 120]
    assert packets[0].time_ns == FIRST_NS
    assert packets[-1].time_ns == LAST_NS
    assert packets[0].time == pytest.approx(1795445387.572453, abs=1e-6)
    assert all(p.orig_len == len(p.data) and p.link_type == 1 for p in packets)
    assert isinstance(packets[0].data, bytes)
    # The VXLAN header of frame 1 is at offset 42 (see crates/vxlan's tests).
    assert packets[0].data[42:50] == bytes.fromhex("0800000000109200")


@pytest.mark.parametrize(
    "name", ["linux-vxlan-4789-nsec.pcap", "linux-vxlan-4789.pcapng"]
)
def test_other_encodings_of_the_same_packets(vxlan_pcap: Path, name: str) -> None:
    """editcap's nanosecond pcap and pcapng (no if_tsresol: microseconds) hold the very
    same packets."""
    assert list(pcap.read(capture(name))) == list(pcap.read(vxlan_pcap))


def test_pcapng_two_interfaces_and_resolutions(vxlan_pcap: Path) -> None:
    """mergecap's file: interface 0 Ethernet in nanoseconds, interface 1 SLL2 in
    microseconds."""
    merged = list(pcap.read(capture("linux-vxlan-4789-merged.pcapng")))
    assert len(merged) == 24
    eth = [p for p in merged if p.link_type == 1]
    sll2 = [p for p in merged if p.link_type == 276]
    assert eth == list(pcap.read(vxlan_pcap))
    assert sll2 == list(pcap.read(capture("linux-vxlan-4789-any-sll2.pcap")))
    assert sll2[-1].time_ns == 1_795_447_393_182_726_000


def test_pcapng_from_dumpcap_nanoseconds() -> None:
    """dumpcap on lo and any: LINKTYPE_ETHERNET and LINKTYPE_LINUX_SLL, if_tsresol 9;
    times as tshark shows them (frame.time_epoch)."""
    with pcap.read(PY_DATA / "dumpcap-lo-any.pcapng") as reader:
        assert reader.format == "pcapng"
        packets = list(reader)
    assert len(packets) == 16
    assert [p.link_type for p in packets[:12]] == [1] * 6 + [113] * 6
    assert packets[0].time_ns == 1_795_448_011_190_004_227
    assert packets[1].time_ns == 1_795_448_011_190_064_720
    assert packets[6].time_ns == packets[0].time_ns  # the same datagram seen on "any"
    assert [len(p) for p in packets[:2]] == [55, 83]
    assert [len(p) for p in packets[6:8]] == [57, 85]
    # The loopback "Ethernet" frame and the SLL frame carry the same IP datagram.
    lo = mediafabric.decode(packets[0].data, link_type=packets[0].link_type)
    anyif = mediafabric.decode(packets[6].data, link_type=packets[6].link_type)
    assert lo["layers"][1:] == anyif["layers"][1:]
    assert lo["layers"][2]["destinationPort"] == 5000


def test_reader_is_a_streaming_iterator(vxlan_pcap: Path) -> None:
    reader = pcap.read(vxlan_pcap)
    assert iter(reader) is reader
    assert reader.format == "pcap" and not reader.closed
    assert next(reader).time_ns == FIRST_NS
    assert len(list(reader)) == 9
    assert reader.closed
    with pytest.raises(StopIteration):
        next(reader)
    r2 = pcap.Reader(str(vxlan_pcap))
    r2.close()
    assert r2.closed and list(r2) == []
    assert "closed" in repr(r2)


def test_write_read_round_trip(tmp_path: Path, vxlan_pcap: Path) -> None:
    packets = list(pcap.read(vxlan_pcap))
    out = tmp_path / "copy.pcap"
    assert pcap.write(out, packets) == 10
    assert list(pcap.read(out)) == packets
    assert out.read_bytes()[:4] == struct.pack("=I", 0xA1B23C4D)  # nanosecond magic
    # Microsecond files truncate to the microsecond; these times have no more.
    micro = tmp_path / "micro.pcap"
    pcap.write(micro, iter(packets), nanosecond=False)
    assert micro.read_bytes()[:4] == struct.pack("=I", 0xA1B2C3D4)
    assert list(pcap.read(micro)) == packets


def test_write_tuples_and_exact_times(tmp_path: Path) -> None:
    out = tmp_path / "t.pcap"
    frames = [
        (1_700_000_000, b"\x01" * 60),
        (1_700_000_000.25, bytearray(b"\x02" * 61)),
        (0.000001, memoryview(b"\x03" * 62)),
    ]
    pcap.write(out, frames)
    back = list(pcap.read(out))
    assert [p.time_ns for p in back] == [1_700_000_000_000_000_000, 1_700_000_000_250_000_000, 1_000]
    assert [p.data for p in back] == [b"\x01" * 60, b"\x02" * 61, b"\x03" * 62]
    # Packet objects keep nanoseconds and snapshot-length cuts.
    p = pcap.Packet(b"\xaa" * 64, time_ns=1_700_000_000_123_456_789, orig_len=1514)
    pcap.write(out, [p])
    (q,) = pcap.read(out)
    assert q == p and q.orig_len == 1514 and q.time_ns == 1_700_000_000_123_456_789


def test_packet_value_semantics() -> None:
    a = pcap.Packet(b"abc", time=1.5)
    b = pcap.Packet(bytearray(b"abc"), time_ns=1_500_000_000)
    assert a == b and hash(a) == hash(b)
    assert a != pcap.Packet(b"abc", time=1.5, link_type=113)
    assert a.orig_len == 3 and a.link_type == 1 and a.time == 1.5
    assert pcap.Packet(b"").time_ns == 0
    assert pickle.loads(pickle.dumps(a)) == a
    assert "time_ns=1500000000" in repr(a)
    with pytest.raises(ValueError, match="not both"):
        pcap.Packet(b"", time=1, time_ns=1)
    with pytest.raises(ValueError, match="orig_len"):
        pcap.Packet(b"", orig_len=-1)
    with pytest.raises(ValueError, match="time"):
        pcap.Packet(b"", time=float("nan"))
    with pytest.raises(TypeError, match="bytes-like"):
        pcap.Packet("text")  # type: ignore[arg-type]


def test_write_refuses_what_pcap_cannot_hold(tmp_path: Path) -> None:
    out = tmp_path / "bad.pcap"
    with pytest.raises(ValueError, match="packet 1: time is before 1970"):
        pcap.write(out, [(1, b"x"), (-1, b"y")])
    with pytest.raises(ValueError, match="after 2106"):
        pcap.write(out, [(2**33, b"x")])
    with pytest.raises(ValueError, match="link type 113"):
        pcap.write(out, [pcap.Packet(b"x", link_type=113)])
    assert pcap.write(out, [pcap.Packet(b"x", link_type=113)], link_type=113) == 1
    with pytest.raises(ValueError, match="orig_len 1 is less than"):
        pcap.write(out, [pcap.Packet(b"xy", orig_len=1)])
    with pytest.raises(ValueError, match="snapshot length"):
        pcap.write(out, [(0, bytes(300_000))])
    with pytest.raises(TypeError, match="packet 0: a Packet or a"):
        pcap.write(out, [b"no time"])
    with pytest.raises(ValueError, match="2 items"):
        pcap.write(out, [(0, b"x", 3)])
    with pytest.raises(TypeError, match="iterable"):
        pcap.write(out, 5)  # type: ignore[arg-type]
    with pytest.raises(FileNotFoundError):
        pcap.write(tmp_path / "no" / "such" / "dir.pcap", [])


def test_tshark_reads_what_we_write(tmp_path: Path, vxlan_pcap: Path) -> None:
    tshark = need_tool("tshark")
    out = tmp_path / "w.pcap"
    pcap.write(out, pcap.read(vxlan_pcap))
    fields = subprocess.run(
        [tshark, "-r", str(out), "-T", "fields", "-e", "frame.time_epoch", "-e", "vxlan.vni",
         "-e", "frame.len"],
        check=True, capture_output=True, text=True,
    ).stdout.splitlines()
    assert len(fields) == 10
    assert fields[0].split("\t") == ["1795445387.572453000", "4242", "140"]
    assert fields[-1].split("\t") == ["1795445390.740387000", "4242", "120"]
    expert = subprocess.run(
        [tshark, "-r", str(out), "-q", "-z", "expert,error"],
        check=True, capture_output=True, text=True,
    ).stdout
    assert "Malformed" not in expert


def test_read_files_written_by_tshark_tools(tmp_path: Path, vxlan_pcap: Path) -> None:
    """editcap converts our own file to pcapng with nanoseconds; we read it back."""
    editcap = need_tool("editcap")
    mine = tmp_path / "mine.pcap"
    packets = [pcap.Packet(b"\x02" * 60, time_ns=1_700_000_000_000_000_000 + i * 1001)
               for i in range(5)]
    pcap.write(mine, packets)
    ng = tmp_path / "mine.pcapng"
    subprocess.run([editcap, "-F", "pcapng", str(mine), str(ng)], check=True,
                   capture_output=True)
    assert list(pcap.read(ng)) == packets


# --- pcapng variants built by hand (draft-ietf-opsawg-pcapng §4) ----------------------


def block(kind: int, body: bytes, endian: str = "<") -> bytes:
    body += b"\0" * (-len(body) % 4)
    n = 12 + len(body)
    return struct.pack(endian + "II", kind, n) + body + struct.pack(endian + "I", n)


def option(code: int, value: bytes, endian: str = "<") -> bytes:
    return struct.pack(endian + "HH", code, len(value)) + value + b"\0" * (-len(value) % 4)


def shb(endian: str = "<") -> bytes:
    return block(0x0A0D0D0A, struct.pack(endian + "IHHq", 0x1A2B3C4D, 1, 0, -1), endian)


def idb(link: int, opts: bytes = b"", endian: str = "<") -> bytes:
    end = struct.pack(endian + "HH", 0, 0) if opts else b""
    return block(1, struct.pack(endian + "HHI", link, 0, 0) + opts + end, endian)


def epb(iface: int, ts: int, data: bytes, orig: int | None = None, endian: str = "<") -> bytes:
    head = struct.pack(endian + "IIIII", iface, ts >> 32, ts & 0xFFFFFFFF, len(data),
                       len(data) if orig is None else orig)
    return block(6, head + data, endian)


def test_pcapng_resolutions_offsets_sections(tmp_path: Path) -> None:
    f = tmp_path / "hand.pcapng"
    f.write_bytes(
        shb()
        # 0: microseconds (no if_tsresol); 1: 2^-20 s units; 2: ms units, +100 s offset
        + idb(1)
        + idb(101, option(9, bytes([0x80 | 20])))
        + idb(276, option(9, bytes([3])) + option(14, struct.pack("<q", 100)))
        + epb(0, 1_500_000, b"a" * 14)
        + epb(1, 3 << 20 | 1 << 19, b"b" * 20, orig=1500)
        + epb(2, 2_500, b"c" * 21)
        + block(0x0BAD, b"unknown block, skipped")
        # a second section, big-endian, with its own interface (nanoseconds)
        + shb(">")
        + idb(113, option(9, bytes([9]), ">"), ">")
        + epb(0, 7, b"d" * 17, endian=">")
        # a Simple Packet Block: no timestamp; padding is not data
        + block(3, struct.pack(">I", 3) + b"efg", ">")
    )
    packets = list(pcap.read(f))
    assert [(p.link_type, p.time_ns, p.data, p.orig_len) for p in packets] == [
        (1, 1_500_000_000, b"a" * 14, 14),
        (101, 3_500_000_000, b"b" * 20, 1500),
        (276, 102_500_000_000, b"c" * 21, 21),
        (113, 7, b"d" * 17, 17),
        (113, 0, b"efg", 3),
    ]


def test_big_endian_and_snaplen_cut_pcap(tmp_path: Path) -> None:
    f = tmp_path / "be.pcap"
    header = struct.pack(">IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 96, 1)
    record = struct.pack(">IIII", 1_700_000_000, 999_999, 96, 1514) + bytes(range(96))
    f.write_bytes(header + record)
    (p,) = pcap.read(f)
    assert p.time_ns == 1_700_000_000_999_999_000
    assert p.orig_len == 1514 and p.data == bytes(range(96))


def test_malformed_files_raise_parse_error_with_offsets(tmp_path: Path, vxlan_pcap: Path) -> None:
    good = vxlan_pcap.read_bytes()
    f = tmp_path / "bad.pcap"

    f.write_bytes(good[:100])  # header (24) + first record cut short
    reader = pcap.read(f)
    with pytest.raises(ParseError) as e:
        next(reader)
    assert (e.value.layer, e.value.offset) == ("pcap", 24)
    assert "truncated record: need 156 bytes, have 76" in e.value.reason
    assert reader.closed

    f.write_bytes(good[:24 + 156 + 10])  # second record header cut
    with pytest.raises(ParseError) as e:
        list(pcap.read(f))
    assert e.value.offset == 24 + 156 and "record header" in e.value.reason

    corrupt = bytearray(good)
    corrupt[24 + 8: 24 + 12] = struct.pack("<I", 0x7FFFFFFF)  # absurd captured length
    f.write_bytes(bytes(corrupt))
    with pytest.raises(ParseError, match="over the"):
        list(pcap.read(f))

    for content, reason in [
        (b"", "0 bytes long"),
        (b"GIF89a trailing", "not a pcap or pcapng file"),
        (good[:20], "truncated file header"),
    ]:
        f.write_bytes(content)
        with pytest.raises(ParseError, match=reason) as e:
            pcap.read(f)
        assert e.value.offset == 0

    ng = capture("linux-vxlan-4789.pcapng").read_bytes()
    f.write_bytes(ng[:-3])
    with pytest.raises(ParseError) as e:
        list(pcap.read(f))
    assert e.value.layer == "pcapng" and "truncated block" in e.value.reason
    f.write_bytes(shb() + epb(0, 0, b"x"))  # a packet with no interface described
    with pytest.raises(ParseError, match="interface 0"):
        list(pcap.read(f))
    f.write_bytes(shb() + struct.pack("<II", 1, 13))  # length not a multiple of 4
    with pytest.raises(ParseError, match="multiple of 4") as e:
        list(pcap.read(f))
    assert e.value.offset == len(shb()) + 4


def test_every_truncation_and_corruption_is_handled(tmp_path: Path, vxlan_pcap: Path) -> None:
    """Every prefix of a pcap and a pcapng file, and every single-byte corruption of the
    pcapng's first blocks, reads or raises ParseError: nothing else."""
    f = tmp_path / "x"
    for source in (vxlan_pcap, capture("linux-vxlan-4789.pcapng")):
        data = source.read_bytes()
        for n in range(0, len(data), 7):
            f.write_bytes(data[:n])
            try:
                for _ in pcap.read(f):
                    pass
            except ParseError:
                pass
    data = capture("linux-vxlan-4789.pcapng").read_bytes()
    for i in range(0, 300):
        for value in (0x00, 0xFF, data[i] ^ 0x80):
            mutated = bytearray(data)
            mutated[i] = value
            f.write_bytes(bytes(mutated))
            try:
                for _ in pcap.read(f):
                    pass
            except ParseError:
                pass


def test_missing_file_is_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError) as e:
        pcap.read(tmp_path / "missing.pcap")
    assert e.value.filename == str(tmp_path / "missing.pcap")
    with pytest.raises(IsADirectoryError):
        list(pcap.read(tmp_path))
