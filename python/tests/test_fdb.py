"""mediafabric.vxlan.Fdb and Vtep: learning, moves, static entries, ageing, full
tables, flood lists, allow-lists and counters."""

from __future__ import annotations

import math
from ipaddress import IPv4Address, IPv6Address
from pathlib import Path

import pytest

from mediafabric import ParseError, pcap, vxlan
from mediafabric.vxlan import Fdb, GroupPolicy, RejectedError, Vtep


def mac(n: int) -> str:
    return "02:00:00:00:%02x:%02x" % (n >> 8, n & 0xFF)


def ip(n: int) -> IPv4Address:
    return IPv4Address(f"10.0.0.{n}")


T0 = 1000.0


def test_learn_refresh_move_static() -> None:
    f = Fdb()
    assert (f.max_entries, f.ageing_time, len(f)) == (4096, 300.0, 0)
    assert f.learn(1, mac(1), "10.0.0.1", T0) == "new"
    assert f.learn(1, mac(1), ip(1), T0 + 1) == "refreshed"
    assert f.learn(1, mac(1), ip(2), T0 + 2) == "moved"
    assert f.lookup(1, mac(1)) == ip(2)
    # The same MAC in another VNI is another entry.
    assert f.learn(2, mac(1), ip(3), T0) == "new"
    f.add_static(1, mac(9), ip(9))
    assert f.learn(1, mac(9), ip(4), T0) == "static"
    assert f.lookup(1, mac(9)) == ip(9)
    assert f.lookup(2, mac(1)) == ip(3)
    assert f.lookup(3, mac(1)) is None
    assert len(f) == 3
    assert f.counters == {"learned": 2, "moved": 1, "table_full": 0, "aged": 0}
    entries = {(e.vni, e.mac): e for e in f.entries()}
    e = entries[(1, mac(1))]
    assert (e.remote, e.kind, e.last_seen) == (ip(2), "learned", T0 + 2)
    assert entries[(1, mac(9))].kind == "static"
    assert "kind='learned'" in repr(e)
    # MACs as bytes and in upper case name the same entry.
    assert f.lookup(1, bytes.fromhex("020000000001")) == ip(2)
    assert f.lookup(1, mac(1).upper()) == ip(2)
    assert f.remove(1, mac(1)) is True
    assert f.remove(1, mac(1)) is False
    assert f.lookup(1, mac(1)) is None and len(f) == 2


def test_ipv6_remotes() -> None:
    f = Fdb()
    assert f.learn(10, mac(1), "fd00::7", 0) == "new"
    assert f.lookup(10, mac(1)) == IPv6Address("fd00::7")


def test_ageing_spares_static_and_fresh_entries() -> None:
    f = Fdb(ageing_time=300)
    f.learn(1, mac(1), ip(1), T0)
    f.learn(1, mac(2), ip(1), T0 + 200)
    f.add_static(1, mac(3), ip(1), T0)
    assert f.next_expiry() == T0 + 300
    assert f.age(T0 + 299.5) == 0
    assert f.age(T0 + 300) == 1
    assert f.lookup(1, mac(1)) is None
    assert f.next_expiry() == T0 + 500
    assert f.age(T0 + 10_000) == 1
    assert [e.mac for e in f.entries()] == [mac(3)]
    assert f.next_expiry() is None
    assert f.counters["aged"] == 2
    f.ageing_time = 0.5
    assert f.ageing_time == 0.5
    f.learn(1, mac(4), ip(1), 1.25)
    assert f.age(1.75) == 1


def test_full_table_reports_and_keeps_everything() -> None:
    f = Fdb(max_entries=100)
    for i in range(100):
        assert f.learn(7, mac(i), ip(1), T0) == "new"
    assert f.learn(7, mac(100), ip(1), T0) == "table_full"
    with pytest.raises(ValueError, match="full"):
        f.add_static(7, mac(101), ip(1))
    assert all(f.lookup(7, mac(i)) == ip(1) for i in range(100))
    assert f.lookup(7, mac(100)) is None
    assert f.counters["table_full"] == 1 and len(f) == 100
    # Known entries still refresh and move in a full table.
    assert f.learn(7, mac(5), ip(2), T0) == "moved"
    assert Fdb(max_entries=0).learn(1, mac(1), ip(1), 0) == "table_full"


def test_flood_lists_and_destinations() -> None:
    f = Fdb()
    assert f.flood_add(100, ip(2)) is True
    assert f.flood_add(100, "10.0.0.3") is True
    assert f.flood_add(100, ip(2)) is False
    assert f.flood_add(200, ip(4)) is True
    assert f.flood_list(100) == [ip(2), ip(3)]
    assert f.flood_list(300) == []
    # Unknown unicast is flooded to the VNI's list only; known unicast goes to one.
    assert f.destinations(100, mac(1)) == [ip(2), ip(3)]
    f.learn(100, mac(1), ip(3), T0)
    assert f.destinations(100, mac(1)) == [ip(3)]
    # Broadcast and multicast are always flooded.
    assert f.destinations(100, "ff:ff:ff:ff:ff:ff") == [ip(2), ip(3)]
    assert f.destinations(100, "01:00:5e:00:00:01") == [ip(2), ip(3)]
    assert f.flood_remove(100, ip(2)) is True
    assert f.flood_remove(100, ip(2)) is False
    assert f.flood_list(100) == [ip(3)]


def test_full_flood_list() -> None:
    f = Fdb()
    for i in range(1024):
        f.flood_add(i, ip(1))
    with pytest.raises(ValueError, match="flood list"):
        f.flood_add(5000, ip(1))


@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf, -math.inf])
def test_times_must_be_finite_and_non_negative(bad: float) -> None:
    f = Fdb()
    with pytest.raises(ValueError, match="now must be a finite, non-negative"):
        f.learn(1, mac(1), ip(1), bad)
    with pytest.raises(ValueError, match="now"):
        f.age(bad)
    with pytest.raises(ValueError, match="ageing_time"):
        Fdb(ageing_time=bad)
    with pytest.raises(ValueError, match="ageing_time"):
        f.ageing_time = bad


def test_bad_fdb_arguments() -> None:
    f = Fdb()
    with pytest.raises(ValueError, match="vni"):
        f.learn(1 << 24, mac(1), ip(1), 0)
    with pytest.raises(ValueError, match="mac"):
        f.learn(1, "02:00", ip(1), 0)
    with pytest.raises(ValueError, match="remote"):
        f.learn(1, mac(1), "not an address", 0)
    with pytest.raises(ValueError, match="max_entries"):
        Fdb(max_entries=-1)
    with pytest.raises(TypeError):
        f.learn(1, mac(1), ip(1), "now")  # type: ignore[arg-type]


# --- Vtep ------------------------------------------------------------------------------


INNER_SRC = "02:aa:00:00:00:01"


def frame_from(src_vtep: int, vni: int, gbp: GroupPolicy | None = None,
               inner_src: str = INNER_SRC) -> bytes:
    inner = bytes.fromhex("ffffffffffff" + inner_src.replace(":", "") + "0806") + bytes(46)
    return vxlan.encapsulate(inner, vni=vni, gbp=gbp, src_mac=f"02:00:00:00:00:{src_vtep:02x}",
                             dst_mac="02:00:00:00:00:01", src_ip=ip(src_vtep), dst_ip=ip(1))


def test_vtep_learns_from_received_frames() -> None:
    v = Vtep(max_entries=16)
    assert isinstance(v, Fdb) and v.learning
    v.flood_add(100, ip(2))
    v.flood_add(100, ip(3))
    assert v.destinations(100, INNER_SRC) == [ip(2), ip(3)]
    r = v.receive(frame_from(2, 100), now=5.0)
    assert r.learned == "new"
    assert r.frame.header.vni == 100 and r.frame.src_ip == ip(2)
    assert bytes(r.frame.inner[6:12]) == bytes.fromhex(INNER_SRC.replace(":", ""))
    assert v.destinations(100, INNER_SRC) == [ip(2)]
    assert v.receive(frame_from(2, 100), now=6.0).learned == "refreshed"
    assert v.receive(frame_from(3, 100), now=7.0).learned == "moved"
    assert v.lookup(100, INNER_SRC) == ip(3)
    # Group source addresses are never learned.
    assert v.receive(frame_from(2, 100, inner_src="03:00:00:00:00:01"), now=8.0).learned is None
    c = v.counters
    assert c["rx_accepted"] == 4 and c["learned"] == 1 and c["moved"] == 1
    assert v.age(7.0 + 300) == 1 and len(v) == 0


def test_vtep_gbp_dont_learn_and_learning_off() -> None:
    v = Vtep()
    r = v.receive(frame_from(2, 100, gbp=GroupPolicy(dont_learn=True)), now=1)
    assert r.learned is None and len(v) == 0
    assert v.counters["rx_dont_learn"] == 1
    v.learning = False
    assert v.receive(frame_from(2, 100), now=1).learned is None and len(v) == 0
    assert not v.learning


def test_vtep_allow_lists_reject_count_and_never_learn() -> None:
    v = Vtep()
    assert v.allowed_vnis is None and v.allowed_remotes is None
    v.allow_vni(100)
    v.allow_remote("10.0.0.2")
    assert v.allowed_vnis == frozenset({100})
    assert v.allowed_remotes == frozenset({ip(2)})
    with pytest.raises(RejectedError) as e:
        v.receive(frame_from(3, 100), now=1)
    assert (e.value.reason, e.value.value) == ("remote_not_allowed", ip(3))
    assert "10.0.0.3" in str(e.value)
    with pytest.raises(RejectedError) as e:
        v.receive(frame_from(2, 101), now=1)
    assert (e.value.reason, e.value.value) == ("vni_not_allowed", 101)
    assert len(v) == 0
    with pytest.raises(ParseError):
        v.receive(frame_from(2, 100)[:20], now=1)
    c = v.counters
    assert (c["rx_remote_rejected"], c["rx_vni_rejected"], c["rx_malformed"]) == (1, 1, 1)
    assert v.receive(frame_from(2, 100), now=1).learned == "new"
    assert v.counters["rx_accepted"] == 1
    v.allowed_vnis = [100, 101]
    assert v.allowed_vnis == frozenset({100, 101})
    v.receive(frame_from(2, 101), now=1)
    v.allowed_remotes = None
    v.allowed_vnis = None
    v.receive(frame_from(9, 9), now=1)
    with pytest.raises(ValueError, match="allowed_vnis"):
        v.allowed_vnis = range(300)
    with pytest.raises(TypeError):
        v.allowed_remotes = "10.0.0.1"


def test_vtep_decapsulation_settings() -> None:
    frame = vxlan.encapsulate(bytes(60), vni=1, dst_port=9999, udp_checksum="zero",
                              src_mac="02:00:00:00:00:02", dst_mac="02:00:00:00:00:01",
                              src_ip="fd00::2", dst_ip="fd00::1")
    with pytest.raises(ParseError):
        Vtep().receive(frame, now=0)
    v = Vtep(vxlan_ports=[9999], accept_ipv6_zero_checksum=True)
    assert v.receive(frame, now=0).frame.dst_port == 9999
    with pytest.raises(ValueError, match="now"):
        v.receive(frame, now=-1)


def test_vtep_on_the_real_capture(vxlan_pcap: Path) -> None:
    """The kernel's frames: 10.77.0.1 hides 76:ba:03:18:88:5c and 10.77.0.2 hides
    9e:4c:8b:8b:c2:14 on VNI 4242."""
    v = Vtep()
    outcomes = [v.receive(p.data, now=p.time - 1.7e9).learned for p in pcap.read(vxlan_pcap)]
    assert outcomes[:3] == ["new", "refreshed", "new"]
    assert v.lookup(4242, "76:ba:03:18:88:5c") == IPv4Address("10.77.0.1")
    assert v.lookup(4242, "9e:4c:8b:8b:c2:14") == IPv4Address("10.77.0.2")
    assert len(v) == 2 and v.counters["rx_accepted"] == 10
