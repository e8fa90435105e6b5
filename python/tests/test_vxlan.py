"""mediafabric.vxlan: header, encapsulation and decapsulation on real frames, round
trips for every variant, tshark as the oracle, and errors."""

from __future__ import annotations

import pickle
import subprocess
from ipaddress import IPv4Address, IPv6Address, ip_address
from pathlib import Path

import pytest

import mediafabric
from mediafabric import ParseError, pcap, vxlan
from mediafabric.vxlan import Gpe, GroupPolicy, Header, NextProtocol, VlanTag

from conftest import need_tool

# The VXLAN header of frame 1 of linux-vxlan-4789.pcap (kernel vxlan device, VNI 4242).
LINUX_HEADER = bytes.fromhex("0800000000109200")
# An inner ARP request (Ethernet broadcast), 42 bytes.
INNER = bytes.fromhex(
    "ffffffffffff" "020000000009" "0806"
    "0001080006040001" "020000000009" "c0a83201" "000000000000" "c0a83202"
)
MACS = {"src_mac": "02:00:00:00:00:01", "dst_mac": "02:00:00:00:00:02"}
V4 = {"src_ip": "10.0.0.1", "dst_ip": "10.0.0.2"}
V6 = {"src_ip": "fd00::1", "dst_ip": "fd00::2"}


@pytest.fixture
def linux_frames(vxlan_pcap: Path) -> list[bytes]:
    return [p.data for p in pcap.read(vxlan_pcap)]


# --- header -----------------------------------------------------------------------------


def test_header_of_the_linux_frame() -> None:
    h = Header.parse(LINUX_HEADER)
    assert h == Header(4242)
    assert (h.vni, h.vni_valid, h.gbp, h.gpe, h.format) == (4242, True, None, None, "vxlan")
    assert h.to_bytes() == LINUX_HEADER == bytes(h)
    # Reserved bits are ignored on receive and written as zero.
    noisy = bytes([0x08 | 0x70, 0xFF, 0, 0, 0, 0x10, 0x92, 0xFF])
    assert Header.parse(noisy) == h
    # Only the first 8 bytes are read.
    assert Header.parse(LINUX_HEADER + b"rest of the frame") == h


def test_gbp_and_gpe_bits() -> None:
    gbp = GroupPolicy(dont_learn=True, policy_applied=True, group_policy_id=0x1234)
    h = Header(0xABCDEF, gbp=gbp)
    assert h.to_bytes() == bytes([0x88, 0x48, 0x12, 0x34, 0xAB, 0xCD, 0xEF, 0])
    assert Header.parse(h.to_bytes()) == h
    assert Header.parse(h.to_bytes()).gbp == gbp
    # The same bytes read as GPE mean something else: the format must be chosen.
    assert Header.parse(h.to_bytes(), "gpe") != h

    gpe = Gpe(oam=True, next_protocol=NextProtocol.NSH)
    g = Header(7, gpe=gpe)
    assert g.to_bytes() == bytes([0x0D, 0, 0, 0x04, 0, 0, 7, 0])
    assert Header.parse(g.to_bytes(), format="gpe") == g
    assert (g.format, g.gpe, g.gbp) == ("gpe", gpe, None)
    assert g.gpe is not None and g.gpe.next_protocol == NextProtocol.NSH == 4
    # P bit clear: no next protocol.
    bare = Header(7, gpe=Gpe(next_protocol=None))
    assert bare.to_bytes()[0] & 0x04 == 0
    assert Header.parse(bare.to_bytes(), "gpe").gpe == Gpe(next_protocol=None)
    assert Gpe() == Gpe(version=0, oam=False, bum=False, next_protocol=3)
    assert GroupPolicy() == GroupPolicy(False, False, 0)


def test_header_value_semantics() -> None:
    values = [
        Header(1),
        Header(2, vni_valid=False),
        Header(3, gbp=GroupPolicy(dont_learn=True, group_policy_id=9)),
        Header(4, gpe=Gpe(version=1, bum=True, next_protocol=1)),
    ]
    for h in values:
        assert eval(repr(h), vars(vxlan)) == h
        assert pickle.loads(pickle.dumps(h)) == h
        assert hash(h) == hash(eval(repr(h), vars(vxlan)))
    assert len(set(values)) == 4
    for v in (GroupPolicy(True, False, 5), Gpe(bum=True), VlanTag(100, pcp=5, dei=True)):
        assert eval(repr(v), vars(vxlan)) == v
        assert pickle.loads(pickle.dumps(v)) == v
    assert Header(1) != "Header(1)"
    assert not Header.parse(bytes([0, 0, 0, 0, 0, 0, 1, 0])).vni_valid


def test_header_errors() -> None:
    with pytest.raises(ParseError) as e:
        Header.parse(LINUX_HEADER[:5])
    assert (e.value.layer, e.value.offset) == ("vxlan", 0)
    assert e.value.reason == "truncated: need 8 bytes, have 5"
    assert str(e.value) == "vxlan at offset 0: truncated: need 8 bytes, have 5"
    assert isinstance(e.value, ValueError)
    with pytest.raises(ValueError, match="vni must be in 0..=16777215"):
        Header(1 << 24)
    with pytest.raises(ValueError, match="vni"):
        Header(-1)
    with pytest.raises(TypeError, match="integer"):
        Header("42")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not both"):
        Header(1, gbp=GroupPolicy(), gpe=Gpe())
    with pytest.raises(ValueError, match="format"):
        Header.parse(LINUX_HEADER, "vxlan-gbp")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="gpe.version"):
        Gpe(version=4)
    with pytest.raises(ValueError, match="next_protocol"):
        Gpe(next_protocol=256)
    with pytest.raises(ValueError, match="group_policy_id"):
        GroupPolicy(group_policy_id=0x10000)
    with pytest.raises(ValueError, match="vid"):
        VlanTag(4096)
    with pytest.raises(ValueError, match="pcp"):
        VlanTag(1, pcp=8)
    with pytest.raises(TypeError):
        Header(1, gbp=Gpe())  # type: ignore[arg-type]


# --- decapsulation of real frames ----------------------------------------------------------


def test_decapsulate_linux_frame(linux_frames: list[bytes]) -> None:
    frame = linux_frames[0]
    d = vxlan.decapsulate(frame)
    assert d.header == Header(4242)
    assert d.src_ip == IPv4Address("10.77.0.1") and d.dst_ip == IPv4Address("10.77.0.2")
    assert (d.src_port, d.dst_port, d.ttl, d.vlan) == (36086, 4789, 64, None)
    assert d.outer_src_mac == "8e:2a:0f:60:4e:d7"
    assert d.outer_dst_mac == "a6:23:59:56:d1:1e"
    assert d.udp_checksum == 0x1518  # the kernel's partial (offloaded) checksum
    assert d.inner_offset == 50
    assert isinstance(d.inner, memoryview) and d.inner.readonly
    assert d.inner == frame[50:] and len(d.inner) == 90
    assert bytes(d.inner[:6]) == bytes.fromhex("333300000016")
    assert "10.77.0.1:36086" in repr(d)
    for f in linux_frames:
        assert vxlan.decapsulate(f).header.vni == 4242


def test_reencapsulate_linux_frame_byte_exact(linux_frames: list[bytes]) -> None:
    """Our encapsulation of the kernel's inner frame, with the kernel's IP ID and source
    port, is the kernel's frame byte for byte, except the UDP checksum: the kernel left a
    partial offloaded one, we send zero as RFC 7348 §5 recommends over IPv4."""
    frame = linux_frames[0]
    d = vxlan.decapsulate(frame)
    out = vxlan.encapsulate(
        d.inner, vni=d.header.vni, src_mac=d.outer_src_mac, dst_mac=d.outer_dst_mac,
        src_ip=d.src_ip, dst_ip=d.dst_ip, identification=0xD9D5, src_port=d.src_port,
    )
    assert isinstance(out, bytes) and len(out) == len(frame)
    assert out[:40] == frame[:40]
    assert out[40:42] == b"\0\0"
    assert out[42:] == frame[42:]


# --- round trips -------------------------------------------------------------------------


def test_round_trip_plain_ipv4() -> None:
    frame = vxlan.encapsulate(INNER, vni=4242, **MACS, **V4)
    assert len(frame) == 14 + 20 + 8 + 8 + len(INNER)
    d = vxlan.decapsulate(frame)
    assert d.header == Header(4242)
    assert d.inner == INNER
    assert d.dst_port == vxlan.VXLAN_PORT == 4789
    assert 49152 <= d.src_port <= 65535  # flow hash, RFC 7348 §5
    assert d.udp_checksum == 0  # RFC 7348 §5: zero over IPv4
    assert d.ttl == 64 and d.vlan is None
    # The flow hash is stable for one flow.
    assert vxlan.decapsulate(vxlan.encapsulate(INNER, vni=1, **MACS, **V4)).src_port == d.src_port
    # The layer model agrees.
    model = mediafabric.decode(frame)
    vx = next(e for e in model["layers"] if e["proto"] == "vxlan")
    assert vx["vni"] == 4242
    assert [e["proto"] for e in model["layers"]][-2:] == ["eth", "arp"]


def test_round_trip_gbp() -> None:
    gbp = GroupPolicy(dont_learn=True, policy_applied=False, group_policy_id=0xBEEF)
    frame = vxlan.encapsulate(INNER, vni=99, gbp=gbp, **MACS, **V4)
    d = vxlan.decapsulate(frame)
    assert d.header.gbp == gbp and d.header.vni == 99
    assert d.inner == INNER
    vx = next(e for e in mediafabric.decode(frame)["layers"] if e["proto"] == "vxlan")
    assert vx["gbp"] is not None


def test_round_trip_gpe_with_ip_payload() -> None:
    ipv4_packet = bytes.fromhex("4500001c000000004001f98dc0a83201c0a832020800f7ff00000000")
    gpe = Gpe(next_protocol=NextProtocol.IPV4)
    frame = vxlan.encapsulate(ipv4_packet, vni=5, gpe=gpe, **MACS, **V4)
    d = vxlan.decapsulate(frame)
    assert d.dst_port == vxlan.GPE_PORT == 4790
    assert d.header == Header(5, gpe=gpe) and d.header.format == "gpe"
    assert d.inner == ipv4_packet
    # GPE is only read on the GPE port: with gpe_port=None the frame is refused.
    with pytest.raises(ParseError) as e:
        vxlan.decapsulate(frame, gpe_port=None)
    assert (e.value.layer, e.value.offset) == ("udp", 36)


def test_round_trip_ipv6_vlan_and_checksum() -> None:
    frame = vxlan.encapsulate(
        INNER, vni=7, **MACS, src_ip=IPv6Address("fd00::1"), dst_ip="fd00::2",
        vlan=VlanTag(100, pcp=5), ttl=9, tos=0xB8, flow_label=0x12345,
    )
    assert len(frame) == 14 + 4 + 40 + 8 + 8 + len(INNER)
    d = vxlan.decapsulate(frame, verify_udp_checksum=True)
    assert d.src_ip == IPv6Address("fd00::1") and d.dst_ip == ip_address("fd00::2")
    assert d.vlan == VlanTag(100, pcp=5, dei=False)
    assert d.ttl == 9
    assert d.udp_checksum != 0  # computed over IPv6 (RFC 8200 §8.1)
    assert d.inner == INNER and d.inner_offset == 74
    ipv6 = next(e for e in mediafabric.decode(frame)["layers"] if e["proto"] == "ipv6")
    assert (ipv6["trafficClass"], ipv6["flowLabel"], ipv6["hopLimit"]) == (0xB8, 0x12345, 9)

    # A flipped payload bit is caught when checking, and names the checksum field.
    bad = bytearray(frame)
    bad[-1] ^= 1
    vxlan.decapsulate(bad)  # not checked by default
    with pytest.raises(ParseError) as e:
        vxlan.decapsulate(bad, verify_udp_checksum=True)
    assert (e.value.layer, e.value.offset) == ("udp", 18 + 40 + 6)
    assert "bad checksum" in e.value.reason


def test_plain_vlan_id_and_dont_fragment() -> None:
    frame = vxlan.encapsulate(INNER, vni=1, vlan=42, dont_fragment=True, **MACS, **V4)
    d = vxlan.decapsulate(frame)
    assert d.vlan == VlanTag(42)
    ipv4 = next(e for e in mediafabric.decode(frame)["layers"] if e["proto"] == "ipv4")
    assert ipv4["dontFragment"] is True


def test_checksum_modes() -> None:
    v4 = vxlan.encapsulate(INNER, vni=1, udp_checksum="compute", **MACS, **V4)
    d = vxlan.decapsulate(v4, verify_udp_checksum=True)
    assert d.udp_checksum != 0
    udp = next(e for e in mediafabric.decode(v4)["layers"] if e["proto"] == "udp")
    assert udp["checksumValid"] is True

    zero6 = vxlan.encapsulate(INNER, vni=1, udp_checksum="zero", **MACS, **V6)
    with pytest.raises(ParseError) as e:
        vxlan.decapsulate(zero6)
    assert (e.value.layer, e.value.offset) == ("udp", 14 + 40 + 6)
    assert "zero-checksum mode" in e.value.reason
    d6 = vxlan.decapsulate(zero6, accept_ipv6_zero_checksum=True)
    assert d6.udp_checksum == 0 and d6.inner == INNER


def test_ports() -> None:
    frame = vxlan.encapsulate(INNER, vni=1, src_port=50000, dst_port=8472, **MACS, **V4)
    d = vxlan.decapsulate(frame)
    assert (d.src_port, d.dst_port) == (50000, 8472)
    with pytest.raises(ParseError, match="dstPort"):
        vxlan.decapsulate(frame, vxlan_ports=[4789])
    assert vxlan.decapsulate(frame, vxlan_ports=(8472,)).dst_port == 8472
    other = vxlan.encapsulate(INNER, vni=1, dst_port=9999, **MACS, **V4)
    assert vxlan.decapsulate(other, vxlan_ports=[9999, 4789]).dst_port == 9999


def test_mac_and_ip_argument_forms() -> None:
    a = vxlan.encapsulate(INNER, vni=1, src_mac="02:00:00:00:00:01", dst_mac="02-00-00-00-00-02",
                          src_ip=IPv4Address("10.0.0.1"), dst_ip="10.0.0.2")
    b = vxlan.encapsulate(INNER, vni=1, src_mac=bytes.fromhex("020000000001"),
                          dst_mac=bytearray.fromhex("020000000002"), **V4)
    assert a == b


# --- tshark as the oracle --------------------------------------------------------------------


def test_tshark_decodes_our_frames(tmp_path: Path) -> None:
    tshark = need_tool("tshark")
    frames = [
        vxlan.encapsulate(INNER, vni=4242, **MACS, **V4),
        vxlan.encapsulate(INNER, vni=99, gbp=GroupPolicy(True, True, 0xBEEF), **MACS, **V4),
        vxlan.encapsulate(INNER, vni=7, vlan=VlanTag(100, pcp=5), udp_checksum="compute",
                          **MACS, **V6),
        vxlan.encapsulate(INNER, vni=0xFFFFFF, udp_checksum="compute", src_port=50000, **MACS,
                          **V4),
    ]
    path = tmp_path / "ours.pcap"
    pcap.write(path, [(1_700_000_000 + i, f) for i, f in enumerate(frames)])
    fields = ["vxlan.vni", "vxlan.flag_g", "vxlan.flag_d", "vxlan.flag_a", "vxlan.gbp",
              "vlan.id", "vlan.priority", "ipv6.src", "udp.srcport", "udp.checksum.status",
              "arp.dst.proto_ipv4"]
    cmd = [tshark, "-r", str(path), "-o", "udp.check_checksum:TRUE", "-T", "fields"]
    for f in fields:
        cmd += ["-e", f]
    rows = [
        dict(zip(fields, line.split("\t")))
        for line in subprocess.run(cmd, check=True, capture_output=True, text=True)
        .stdout.splitlines()
    ]
    assert [r["vxlan.vni"] for r in rows] == ["4242", "99", "7", "16777215"]
    assert all(r["arp.dst.proto_ipv4"] == "192.168.50.2" for r in rows)
    assert rows[1]["vxlan.flag_g"] == "1" and rows[1]["vxlan.gbp"] == "48879"
    assert rows[1]["vxlan.flag_d"] == "1" and rows[1]["vxlan.flag_a"] == "1"
    assert rows[2]["vlan.id"] == "100" and rows[2]["vlan.priority"] == "5"
    assert rows[2]["ipv6.src"] == "fd00::1"
    # 1 is "Good" in Wireshark's checksum status (0 bad, 2 unverified).
    assert rows[2]["udp.checksum.status"] == "1" and rows[3]["udp.checksum.status"] == "1"
    assert rows[3]["udp.srcport"] == "50000"
    expert = subprocess.run([tshark, "-r", str(path), "-q", "-z", "expert,warn"],
                            check=True, capture_output=True, text=True).stdout
    assert "Malformed" not in expert and "Bad checksum" not in expert


def test_tshark_decodes_our_gpe_frame(tmp_path: Path) -> None:
    tshark = need_tool("tshark")
    frame = vxlan.encapsulate(INNER, vni=5, gpe=Gpe(bum=True), **MACS, **V4)
    path = tmp_path / "gpe.pcap"
    pcap.write(path, [(0, frame)])
    out = subprocess.run(
        [tshark, "-r", str(path), "-T", "fields", "-e", "udp.dstport", "-e", "vxlan.vni",
         "-e", "vxlan.next_proto", "-e", "vxlan.p_bit", "-e", "arp.opcode"],
        check=True, capture_output=True, text=True,
    ).stdout.split()
    assert out == ["4790", "5", "3", "1", "1"]


# --- errors ------------------------------------------------------------------------------------


def test_every_truncation_is_a_parse_error(linux_frames: list[bytes]) -> None:
    for frame in linux_frames:
        for n in range(len(frame)):
            with pytest.raises(ParseError) as e:
                vxlan.decapsulate(frame[:n])
            # A cut frame is shorter than its IPv4 header says (or than the headers).
            assert e.value.layer in ("eth", "ipv4"), e.value
            assert 0 <= e.value.offset <= n


def ipv4_checksum(header: bytes) -> int:
    total = sum(int.from_bytes(header[i:i + 2], "big") for i in range(0, len(header), 2))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def cut_udp_payload(frame: bytes, n: int) -> bytes:
    """The frame with only n bytes of UDP payload, every length and checksum fixed."""
    out = bytearray(frame[:42 + n])
    out[16:18] = (20 + 8 + n).to_bytes(2, "big")
    out[24:26] = b"\0\0"
    out[24:26] = ipv4_checksum(bytes(out[14:34])).to_bytes(2, "big")
    out[38:40] = (8 + n).to_bytes(2, "big")
    out[40:42] = b"\0\0"
    return bytes(out)


def test_short_inner_layers_are_parse_errors(linux_frames: list[bytes]) -> None:
    frame = linux_frames[0]
    assert vxlan.decapsulate(cut_udp_payload(frame, 8 + 14)).inner == frame[50:64]
    with pytest.raises(ParseError) as e:
        vxlan.decapsulate(cut_udp_payload(frame, 8 + 13))
    assert (e.value.layer, e.value.offset) == ("inner", 50)
    with pytest.raises(ParseError) as e:
        vxlan.decapsulate(cut_udp_payload(frame, 5))
    assert (e.value.layer, e.value.offset) == ("vxlan", 42)
    assert e.value.reason == "truncated: need 8 bytes, have 5"
    bad_udp_length = bytearray(cut_udp_payload(frame, 30))
    bad_udp_length[38:40] = (8 + 31).to_bytes(2, "big")
    with pytest.raises(ParseError) as e:
        vxlan.decapsulate(bad_udp_length)
    assert (e.value.layer, e.value.offset) == ("udp", 38)


def test_outer_layer_errors_carry_offsets(linux_frames: list[bytes]) -> None:
    frame = linux_frames[0]
    cases = [
        (24, 0xFF, "ipv4", 24, "bad checksum"),  # header checksum
        (42, 0x00, "vxlan", 42, "invalid flags"),  # I flag cleared
        (14, 0x65, "ipv4", 14, "invalid version"),
        (12, 0x88, "eth", 12, "invalid etherType"),
    ]
    for at, value, layer, offset, reason in cases:
        bad = bytearray(frame)
        bad[at] = value if value != 0xFF else bad[at] ^ 0xFF
        with pytest.raises(ParseError) as e:
            vxlan.decapsulate(bad)
        assert (e.value.layer, e.value.offset) == (layer, offset), e.value
        assert e.value.reason.startswith(reason), e.value.reason


def test_bad_encapsulation_arguments() -> None:
    with pytest.raises(ParseError) as e:
        vxlan.encapsulate(INNER[:10], vni=1, **MACS, **V4)
    assert (e.value.layer, e.value.offset) == ("inner", 0)
    with pytest.raises(ValueError, match="both IPv4 or both IPv6"):
        vxlan.encapsulate(INNER, vni=1, **MACS, src_ip="10.0.0.1", dst_ip="fd00::2")
    bad_args: list[tuple[dict[str, object], type[Exception], str]] = [
        ({"vni": 1 << 24}, ValueError, "vni"),
        ({"ttl": 256}, ValueError, "ttl must be in 0..=255"),
        ({"tos": -1}, ValueError, "tos"),
        ({"identification": 70000}, ValueError, "identification"),
        ({"flow_label": 1 << 20}, ValueError, "flowLabel"),
        ({"src_port": 65536}, ValueError, "src_port"),
        ({"dst_port": -5}, ValueError, "dst_port"),
        ({"vlan": 4096}, ValueError, "vlan"),
        ({"vlan": "100"}, TypeError, "vlan"),
        ({"udp_checksum": "maybe"}, ValueError, "udp_checksum"),
        ({"src_mac": "02:00:00:00:00"}, ValueError, "src_mac"),
        ({"src_mac": "02:00:00:00:00:zz"}, ValueError, "src_mac"),
        ({"dst_mac": b"\x02\x00"}, ValueError, "dst_mac: a MAC address is 6 bytes, got 2"),
        ({"dst_mac": 5}, TypeError, "dst_mac"),
        ({"src_ip": "10.0.0.256"}, ValueError, "src_ip"),
        ({"dst_ip": 167772162}, TypeError, "dst_ip"),
        ({"ttl": 1.5}, TypeError, "ttl"),
        ({"ttl": 2**80}, ValueError, "out of range"),
    ]
    for override, exc, message in bad_args:
        kwargs: dict[str, object] = {"vni": 1, **MACS, **V4}
        kwargs.update(override)
        with pytest.raises(exc, match=message):
            vxlan.encapsulate(INNER, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="at most 2 ports"):
        vxlan.decapsulate(b"", vxlan_ports=[1, 2, 3])
    with pytest.raises(ValueError, match="gpe_port"):
        vxlan.decapsulate(b"", gpe_port=70000)


def test_constants() -> None:
    assert (vxlan.VXLAN_PORT, vxlan.GPE_PORT, vxlan.LINUX_LEGACY_PORT) == (4789, 4790, 8472)
    assert vxlan.HEADER_LEN == 8 and vxlan.VNI_MAX == 2**24 - 1
