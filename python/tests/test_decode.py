"""mediafabric.decode on real captures: the layer model, link types, ports, errors."""

from __future__ import annotations

import json
import os
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import mediafabric
from mediafabric import pcap

from conftest import IN_CI, REPO, capture

# What tshark shows for the ten frames of linux-vxlan-4789.pcap (frame, outer source,
# inner protocol and its distinguishing field).
EXPECTED_INNER = [
    ("10.77.0.1", "icmpv6", {"type": 143}),  # MLDv2 report
    ("10.77.0.1", "arp", {"operation": 1}),  # who has 192.168.50.2
    ("10.77.0.2", "arp", {"operation": 2}),  # 192.168.50.2 is at 9e:4c:8b:8b:c2:14
    ("10.77.0.1", "udp", {"sourcePort": 37767, "destinationPort": 5000}),
    ("10.77.0.2", "icmp", {"type": 3, "code": 3}),  # port unreachable
    ("10.77.0.1", "udp", {"sourcePort": 37767, "destinationPort": 5000}),
    ("10.77.0.2", "icmp", {"type": 3, "code": 3}),
    ("10.77.0.1", "udp", {"sourcePort": 37767, "destinationPort": 5000}),
    ("10.77.0.2", "icmp", {"type": 3, "code": 3}),
    ("10.77.0.2", "icmpv6", {"type": 133}),  # router solicitation
]


def layer(decoded: dict[str, Any], proto: str, nth: int = 0) -> dict[str, Any]:
    found = [entry for entry in decoded["layers"] if entry["proto"] == proto]
    assert len(found) > nth, f"no {proto} layer #{nth} in {decoded}"
    result: dict[str, Any] = found[nth]
    return result


def test_real_vxlan_capture(vxlan_pcap: Path) -> None:
    packets = list(pcap.read(vxlan_pcap))
    assert len(packets) == len(EXPECTED_INNER)
    for packet, (outer_src, proto, fields) in zip(packets, EXPECTED_INNER):
        d = mediafabric.decode(packet.data)
        assert "error" not in d, d
        assert d["length"] == len(packet.data)
        protos = [entry["proto"] for entry in d["layers"]]
        assert protos[:5] == ["eth", "ipv4", "udp", "vxlan", "eth"], protos
        assert layer(d, "ipv4")["source"] == outer_src
        assert layer(d, "udp")["destinationPort"] == 4789
        vx = layer(d, "vxlan")
        assert vx["vni"] == 4242
        assert vx["vniValid"] is True
        assert vx["flags"] == 0x0800
        assert vx["gbp"] is None and vx["gpe"] is None
        inner = layer(d, proto, 1 if proto == "udp" else 0)
        for key, value in fields.items():
            assert inner[key] == value, (proto, key, inner)


def test_inner_addresses_of_the_udp_frame(vxlan_pcap: Path) -> None:
    frame = list(pcap.read(vxlan_pcap))[3].data
    d = mediafabric.decode(frame)
    inner_eth = layer(d, "eth", 1)
    assert inner_eth["source"] == "76:ba:03:18:88:5c"
    assert inner_eth["destination"] == "9e:4c:8b:8b:c2:14"
    inner_ip = layer(d, "ipv4", 1)
    assert (inner_ip["source"], inner_ip["destination"]) == ("192.168.50.1", "192.168.50.2")
    assert inner_ip["ttl"] == 64 and inner_ip["dontFragment"] is True
    assert d["layers"][-1] == {"proto": "payload", "length": 19}


def test_python_types_of_the_model(vxlan_pcap: Path) -> None:
    d = mediafabric.decode(next(iter(pcap.read(vxlan_pcap))).data)
    assert isinstance(d, dict) and isinstance(d["layers"], list)
    ipv4 = layer(d, "ipv4")
    assert type(ipv4["ttl"]) is int
    assert type(ipv4["checksumValid"]) is bool
    assert type(ipv4["source"]) is str
    assert layer(d, "vxlan")["gbp"] is None
    # The model survives a JSON round trip unchanged: only JSON types are used.
    assert json.loads(json.dumps(d)) == d


@pytest.mark.parametrize(
    ("name", "link_type", "first"),
    [
        ("linux-vxlan-4789-any-sll2.pcap", 276, "sll2"),
        ("linux-vxlan-4789-any-sll.pcap", 113, "sll"),
    ],
)
def test_linux_cooked_captures(name: str, link_type: int, first: str) -> None:
    packets = list(pcap.read(capture(name)))
    assert packets and all(p.link_type == link_type for p in packets)
    vnis = set()
    for p in packets:
        by_number = mediafabric.decode(p.data, link_type=p.link_type)
        by_name = mediafabric.decode(p.data, link_type="linux_" + first)
        assert by_number == by_name
        assert "error" not in by_number
        assert by_number["layers"][0]["proto"] == first
        vnis.update(e["vni"] for e in by_number["layers"] if e["proto"] == "vxlan")
    assert vnis == {4242}


def test_raw_ip_link_type(vxlan_pcap: Path) -> None:
    frame = next(iter(pcap.read(vxlan_pcap))).data
    d = mediafabric.decode(frame[14:], link_type="raw")
    assert [e["proto"] for e in d["layers"][:3]] == ["ipv4", "udp", "vxlan"]
    assert mediafabric.decode(frame[14:], link_type=101) == d


def test_ports_select_what_is_vxlan(vxlan_pcap: Path) -> None:
    frame = next(iter(pcap.read(vxlan_pcap))).data
    plain = mediafabric.decode(frame, vxlan_ports=[])
    assert [e["proto"] for e in plain["layers"]] == ["eth", "ipv4", "udp", "payload"]
    # The same bytes read as VXLAN-GPE when port 4789 is declared a GPE port.
    gpe = mediafabric.decode(frame, vxlan_ports=(), gpe_ports=[4789])
    vx = layer(gpe, "vxlan")
    assert vx["gpe"] is not None and vx["vni"] == 4242
    # Any iterable of ints works; a generator too.
    assert mediafabric.decode(frame, vxlan_ports=(p for p in [4789])) == mediafabric.decode(frame)


def test_truncated_frames_report_the_failing_layer(vxlan_pcap: Path) -> None:
    frame = next(iter(pcap.read(vxlan_pcap))).data
    d = mediafabric.decode(frame[:30])
    assert [e["proto"] for e in d["layers"]] == ["eth"]
    assert d["error"]["layer"] == "ipv4"
    assert d["error"]["offset"] == 14
    assert isinstance(d["error"]["reason"], str) and d["error"]["reason"]
    assert d["length"] == 30
    # Every prefix of every frame decodes without an exception.
    for p in pcap.read(vxlan_pcap):
        for n in range(len(p.data) + 1):
            out = mediafabric.decode(p.data[:n])
            assert out["length"] == n
            assert "error" in out or n == len(p.data) or out["layers"][-1]["proto"] == "payload"


def test_empty_frame() -> None:
    d = mediafabric.decode(b"")
    assert d["length"] == 0
    assert d["error"]["layer"] == "eth" and d["error"]["offset"] == 0


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="link_type"):
        mediafabric.decode(b"", link_type="token_ring")
    with pytest.raises(ValueError, match="link_type 6 is not supported"):
        mediafabric.decode(b"", link_type=6)
    with pytest.raises(TypeError, match="link_type"):
        mediafabric.decode(b"", link_type=1.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="bytes-like object is required, not 'str'"):
        mediafabric.decode("45000014")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="not 'int'"):
        mediafabric.decode(42)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="vxlan_ports must be in 0..=65535"):
        mediafabric.decode(b"", vxlan_ports=[70000])
    with pytest.raises(ValueError, match="gpe_ports"):
        mediafabric.decode(b"", gpe_ports=[-1])
    with pytest.raises(TypeError, match="vxlan_ports"):
        mediafabric.decode(b"", vxlan_ports="4789")  # type: ignore[arg-type]


def cli_binary() -> Path | None:
    explicit = os.environ.get("MEDIAFABRIC_CLI")
    if explicit:
        return Path(explicit)
    for profile in ("release", "debug"):
        candidate = REPO / "target" / profile / "mediafabric"
        if candidate.is_file():
            return candidate
    return None


@pytest.mark.parametrize(
    "name",
    ["linux-vxlan-4789.pcap", "linux-vxlan-4789-merged.pcapng", "linux-vxlan-4789-any-sll.pcap"],
)
def test_same_model_as_the_cli(name: str) -> None:
    """The Python package and `mediafabric decode` print the same layers and times."""
    cli = cli_binary()
    if cli is None or not cli.is_file():
        message = "the mediafabric CLI is not built (cargo build -p mediafabric-cli)"
        if IN_CI:
            pytest.fail(f"{message}; CI=true requires it")
        pytest.skip(message)
    path = capture(name)
    out = subprocess.run(
        [str(cli), "decode", str(path)], check=True, capture_output=True, text=True
    ).stdout
    lines = [json.loads(line, parse_float=Decimal) for line in out.splitlines()]
    packets = list(pcap.read(path))
    assert len(lines) == len(packets)
    for line, p in zip(lines, packets):
        d = mediafabric.decode(p.data, link_type=p.link_type)
        assert line["layers"] == d["layers"]
        assert line.get("error") == d.get("error")
        assert line["length"] == p.orig_len
        assert line["time"] * 1_000_000_000 == p.time_ns
