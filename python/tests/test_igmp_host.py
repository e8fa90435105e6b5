"""mediafabric.igmp.Host and mediafabric.mld.Host driven together with a Router over
simulated time: joins, source filters and leaves reach the router, the router's
queries are answered, an IGMPv2 querier puts the host in IGMPv2 compatibility mode; the
frames are valid IGMP/MLD (read back by the message API); drops and bad arguments."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address
from typing import Union

import pytest

from mediafabric import igmp, mld

S = 1_000_000_000
HOST_MAC = "02:00:00:00:00:02"

AnyRouter = Union[igmp.Router, mld.Router]
AnyHost = Union[igmp.Host, mld.Host]


class Link:
    """A host and a router on one link, run in time order."""

    def __init__(self, host: AnyHost, router: AnyRouter) -> None:
        self.host = host
        self.router = router
        self.sent: list[tuple[int, bytes]] = []
        self.queries = 0

    def host_poll(self, now: int) -> None:
        for frame in self.host.poll(now):
            assert frame[6:12] == bytes.fromhex(HOST_MAC.replace(":", ""))
            self.sent.append((now, frame))
            res = self.router.receive(frame[14:], now)
            assert res.accepted, res
            self.deliver(now, res.queries)

    def deliver(self, now: int, queries: object) -> None:
        for q in queries:  # type: ignore[attr-defined]
            got = self.host.receive(q, now)
            assert got.kind == "query"
            self.queries += 1

    def router_poll(self, now: int) -> None:
        _, queries = self.router.poll(now)
        self.deliver(now, queries)

    def run(self, until: int) -> None:
        while True:
            hd = self.host.next_deadline
            rd = self.router.next_deadline
            due = [d for d in (hd, rd) if d is not None and d <= until]
            if not due:
                return
            now = min(due)
            if hd == now:
                self.host_poll(now)
            if rd == now:
                self.router_poll(now)


@pytest.mark.parametrize("family", ["igmp", "mld"])
def test_host_and_router_agree(family: str) -> None:
    v6 = family == "mld"
    mod = mld if v6 else igmp
    asm, ssm = ("ff15::1", "ff35::1") if v6 else ("239.1.1.1", "232.1.1.1")
    s1, s2, other = ("2001:db8::1", "2001:db8::2", "2001:db8::9") if v6 else ("10.1.0.1", "10.1.0.2", "10.9.9.9")
    addr = IPv6Address if v6 else IPv4Address
    host = mod.Host(HOST_MAC, "fe80::2" if v6 else "10.77.0.2", seed=42)
    router = mod.Router("fe80::1" if v6 else "10.77.0.1")
    link = Link(host, router)
    link.run(10 * S)  # the startup query, answered with nothing
    assert link.queries == 1 and link.sent == []

    now = 11 * S
    assert host.join(1, asm, now)
    assert not host.join(1, asm, now)
    assert host.listen(2, ssm, "include", [s1, s2], now)
    g = host.group(ssm)
    assert g is not None and g.mode == "include" and g.pending == "sources" and g.listening
    assert g.sources == [addr(s1), addr(s2)] and g.change_due_ns == now
    assert host.interface_state(asm) == ("exclude", [])
    assert host.next_deadline == now
    link.run(now + 2 * S)
    # One report with both records at once, then RV - 1 = 1 retransmission each.
    first = [f for t, f in link.sent if t == now]
    assert len(first) == 1
    assert host.counters["records_sent"] == 4 and host.next_deadline is None
    rg = router.group(asm)
    assert rg is not None and rg.mode == "exclude"
    rs = router.group(ssm)
    assert rs is not None and rs.mode == "include"
    assert sorted(str(s.address) for s in rs.sources) == sorted([s1, s2])
    assert router.forwards(ssm, s1) and not router.forwards(ssm, other) and router.forwards(asm, other)
    # Every frame is a valid report to the v3 routers' group.
    for _, f in link.sent:
        if v6:
            p = mld.parse_packet(f, 14)
            assert p.hop_limit == 1 and p.router_alert and p.checksum_valid
            assert p.dst == IPv6Address("ff02::16") and isinstance(p.message, mld.V2Report)
        else:
            q = igmp.parse_packet(f, 14)
            assert q.ttl == 1 and q.router_alert and q.checksum_valid
            assert q.dst == IPv4Address("224.0.0.22") and isinstance(q.message, igmp.V3Report)

    # The router's next General Query is answered with the current state.
    link.sent.clear()
    t = router.next_deadline
    assert t == 31_250_000_000
    link.run(t)
    assert host.general_response_due_ns is not None and host.general_response_due_ns <= t + 10 * S
    link.run(t + 10 * S)
    assert len(link.sent) == 1
    # Leave the ASM group: the router asks twice, nobody answers, the group goes.
    now = t + 10 * S
    assert host.leave(1, asm, now)
    link.run(now + 3 * S)
    assert router.group(asm) is None and not router.forwards(asm, other)
    assert host.group(asm) is None and host.interface_state(asm) == ("include", [])
    # Close socket 2: its sources are blocked, queried and forgotten.
    now += 3 * S
    assert host.close_socket(2, now) == 1
    link.run(now + 3 * S)
    assert router.groups == [] and host.groups == []
    assert router.counters["dropped"] == 0
    assert host.compat_version == (2 if v6 else 3) and host.robustness == 2 and host.query_interval == 125.0


def test_igmpv2_querier_puts_the_host_in_v2_mode() -> None:
    host = igmp.Host(HOST_MAC, "10.77.0.2", seed=7)
    router = igmp.Router("10.77.0.1")
    q = igmp.Query(version=2, max_resp_code=100).frame("02:00:00:00:00:01", "10.77.0.1")[14:]
    got = host.receive(q, S)
    assert got.kind == "query" and got.version == 2 and got.group is None
    assert got.max_response_ns == 10 * S
    assert host.compat_version == 2
    link = Link(host, router)
    assert host.join(9, "239.3.3.3", 2 * S)
    link.host_poll(2 * S)
    (t, f), = link.sent
    msg = igmp.parse_packet(f, 14).message
    assert isinstance(msg, igmp.V2Report) and msg.group == IPv4Address("239.3.3.3")
    g = router.group("239.3.3.3")
    assert g is not None and g.compatibility_version == 2 and g.v2_host_present_ns == 2 * S + 260 * S
    hg = host.group("239.3.3.3")
    assert hg is not None and hg.last_reporter and hg.older_report_due_ns is not None
    link.run(13 * S)
    assert len(link.sent) == 2  # the unsolicited report, repeated once
    assert host.leave(9, "239.3.3.3", 14 * S)
    link.sent.clear()
    link.host_poll(14 * S)
    (_, f), = link.sent
    p = igmp.parse_packet(f, 14)
    assert isinstance(p.message, igmp.V2Leave) and p.dst == IPv4Address("224.0.0.2")
    assert router.counters["leaves"] == 1 and host.counters["leaves_sent"] == 1
    # Another host's report suppresses ours (RFC 2236 §3).
    assert host.join(9, "239.3.3.3", 15 * S)
    other = igmp.V2Report("239.3.3.3").frame("02:00:00:00:00:03", "10.77.0.3")[14:]
    got = host.receive(other, 15 * S)
    assert got.kind == "older_report" and got.suppressed and got.group == IPv4Address("239.3.3.3")
    assert host.counters["older_reports_suppressed"] == 1


def test_host_drops_and_errors() -> None:
    host = igmp.Host(HOST_MAC, "10.77.0.2")
    q = bytearray(igmp.Query().frame("02:00:00:00:00:01", "10.77.0.1")[14:])
    q[26] ^= 0xFF  # the IGMP checksum
    got = host.receive(q, 0)
    assert got.kind == "dropped" and got.reason == "checksum"
    got = host.receive(q[:7], 0)
    assert got.kind == "dropped" and got.reason == "malformed"
    assert host.counters["dropped_checksum"] == 1 and host.counters["dropped_malformed"] == 1
    m = mld.Host(HOST_MAC, "fe80::2")
    got = m.receive(mld.Query().frame("02:00:00:00:00:01", "2001:db8::1")[14:], 0)
    assert got.kind == "dropped" and got.reason == "source"

    with pytest.raises(ValueError, match="multicast"):
        host.join(1, "10.0.0.1", 0)
    with pytest.raises(ValueError, match="IPv4"):
        host.join(1, "ff15::1", 0)
    with pytest.raises(ValueError, match="mode"):
        host.listen(1, "239.1.1.1", "both", [], 0)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="str"):
        host.listen(1, "239.1.1.1", "include", "10.1.0.1", 0)
    many = [f"10.2.0.{i}" for i in range(igmp.MAX_HOST_SOURCES + 1)]
    with pytest.raises(ValueError, match="source list"):
        host.listen(1, "239.1.1.1", "exclude", many, 0)
    for s in range(igmp.MAX_HOST_MEMBERSHIPS):
        host.join(s, "239.1.1.1", 0)
    with pytest.raises(ValueError, match="membership"):
        host.join(10_000, "239.1.1.1", 0)
    with pytest.raises(TypeError, match="float"):
        host.poll(0.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="robustness"):
        igmp.Host(HOST_MAC, "10.0.0.2", robustness=0)
    with pytest.raises(ValueError, match="mtu"):
        igmp.Host(HOST_MAC, "10.0.0.2", mtu=20)
    with pytest.raises(ValueError, match="leave_policy"):
        igmp.Host(HOST_MAC, "10.0.0.2", leave_policy="never")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="MAC"):
        igmp.Host("02:00", "10.0.0.2")
    with pytest.raises(ValueError, match="IPv6"):
        mld.Host(HOST_MAC, "10.0.0.2")
    # Seeds make the report delays reproducible.
    delays = []
    for _ in range(2):
        h = igmp.Host(HOST_MAC, "10.0.0.2", seed=99)
        h.join(1, "239.1.1.1", 0)
        h.poll(0)
        delays.append(h.next_deadline)
    assert delays[0] == delays[1] and delays[0] is not None and 0 < delays[0] <= S
