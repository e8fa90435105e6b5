"""The exceptions, and robustness: no input makes any parser fail with anything but
ParseError (never SystemError, a Rust panic or a crash)."""

from __future__ import annotations

import pickle
import random
from ipaddress import IPv4Address
from pathlib import Path

import pytest

import mediafabric
from mediafabric import ParseError, pcap, vxlan
from mediafabric.vxlan import RejectedError


def test_parse_error_is_a_value_error_with_context() -> None:
    e = ParseError("udp", 36, "invalid dstPort")
    assert isinstance(e, ValueError)
    assert (e.layer, e.offset, e.reason) == ("udp", 36, "invalid dstPort")
    assert str(e) == "udp at offset 36: invalid dstPort"
    again = pickle.loads(pickle.dumps(e))
    assert (again.layer, again.offset, again.reason) == (e.layer, e.offset, e.reason)


def test_rejected_error() -> None:
    e = RejectedError("remote_not_allowed", IPv4Address("10.0.0.3"))
    assert str(e) == "remote VTEP 10.0.0.3 is not on the VTEP's allow-list"
    assert pickle.loads(pickle.dumps(e)).value == IPv4Address("10.0.0.3")
    assert str(RejectedError("vni_not_allowed", 7)) == "VNI 7 is not on the VTEP's allow-list"


def test_error_raised_by_native_code_is_the_public_class() -> None:
    with pytest.raises(mediafabric.ParseError) as e:
        vxlan.decapsulate(b"\x00" * 10)
    assert type(e.value) is mediafabric.ParseError
    assert (e.value.layer, e.value.offset) == ("eth", 0)
    assert e.value.reason == "truncated: need 14 bytes, have 10"


def mutations(seed_frames: list[bytes], rng: random.Random, count: int) -> list[bytes]:
    out = []
    for _ in range(count):
        frame = bytearray(rng.choice(seed_frames))
        for _ in range(rng.randint(1, 4)):
            choice = rng.random()
            if choice < 0.5 and frame:
                frame[rng.randrange(len(frame))] = rng.randrange(256)
            elif choice < 0.7:
                del frame[rng.randrange(len(frame) + 1):]
            elif choice < 0.85:
                frame += bytes(rng.randrange(256) for _ in range(rng.randint(1, 40)))
            elif frame:
                at = rng.randrange(len(frame))
                frame[at:at + 2] = b"\xff\xff"
        out.append(bytes(frame))
    out += [bytes(rng.randrange(256) for _ in range(rng.randint(0, 200))) for _ in range(count // 4)]
    return out


def test_no_input_escapes_as_anything_but_parse_error(vxlan_pcap: Path) -> None:
    rng = random.Random(20240611)
    seeds = [p.data for p in pcap.read(vxlan_pcap)]
    seeds += [
        vxlan.encapsulate(seeds[3][50:], vni=9, gbp=vxlan.GroupPolicy(True), vlan=5,
                          src_mac="02:00:00:00:00:01", dst_mac="02:00:00:00:00:02",
                          src_ip="fd00::1", dst_ip="fd00::2"),
        vxlan.encapsulate(seeds[3][64:], vni=9, gpe=vxlan.Gpe(next_protocol=1),
                          src_mac="02:00:00:00:00:01", dst_mac="02:00:00:00:00:02",
                          src_ip="10.0.0.1", dst_ip="10.0.0.2"),
    ]
    vtep = vxlan.Vtep(max_entries=64)
    accepted = 0
    for frame in mutations(seeds, rng, 3000):
        for link in ("ethernet", "linux_sll", "linux_sll2", "raw"):
            d = mediafabric.decode(frame, link_type=link)
            assert d["length"] == len(frame)
        for fmt in ("vxlan", "gpe"):
            try:
                vxlan.Header.parse(frame, fmt)
            except ParseError:
                pass
        try:
            vxlan.decapsulate(frame, verify_udp_checksum=True, accept_ipv6_zero_checksum=True)
            accepted += 1
        except ParseError as e:
            assert e.layer in {"eth", "vlan", "ipv4", "ipv6", "udp", "vxlan", "inner"}
            assert 0 <= e.offset <= len(frame)
        try:
            vtep.receive(frame, now=1.0)
        except ParseError:
            pass
    assert accepted > 0
    assert len(vtep) <= 64
