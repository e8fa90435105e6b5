"""mediafabric.igmp.Router and mediafabric.mld.Router: the Linux kernel's reports replayed
at their capture times give the membership the capture implies and exactly the
group(-and-source)-specific queries RFC 9776 §6.6.3 asks for; the queries read back as
valid packets; querier election and failover between two routers; drop reasons with
their ParseError; bad arguments raise ValueError or TypeError."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address
from typing import Union

import pytest

from mediafabric import ParseError, igmp, mld, pcap

from conftest import PY_DATA

IGMP_CAPTURE = PY_DATA / "igmp" / "linux-igmpv3-host.pcap"
MLD_CAPTURE = PY_DATA / "igmp" / "linux-mldv2-host.pcap"
S = 1_000_000_000
# The replays start 100 s after the router, past its startup queries.
BASE = 100 * S

AnyRouter = Union[igmp.Router, mld.Router]


def packets(path: object) -> list[tuple[int, bytes]]:
    """(time relative to the first frame in ns, IP packet) of every frame."""
    frames = list(pcap.read(path))  # type: ignore[arg-type]
    t0 = frames[0].time_ns
    return [(f.time_ns - t0, f.data[14:]) for f in frames]


class Log:
    def __init__(self) -> None:
        self.events: list[tuple[str, object, object]] = []
        self.queries: list[tuple[int, bytes]] = []

    def take(self, now: int, events: object, queries: object) -> None:
        for e in events:  # type: ignore[attr-defined]
            self.events.append((e.kind, e.group, e.source))
        for q in queries:  # type: ignore[attr-defined]
            self.queries.append((now, q))


def run_until(r: AnyRouter, until: int, log: Log) -> None:
    while r.next_deadline is not None and r.next_deadline <= until:
        now = r.next_deadline
        events, queries = r.poll(now)
        log.take(now, events, queries)


def replay(r: AnyRouter, pkts: list[tuple[int, bytes]], log: Log) -> None:
    for rel, p in pkts:
        now = BASE + rel
        run_until(r, now, log)
        res = r.receive(p, now)
        assert isinstance(res, (igmp.Accepted, mld.Accepted)), res
        assert res.accepted and res.kind == "report_v3"
        log.take(now, res.events, res.queries)


def test_kernel_igmpv3_capture_drives_the_router() -> None:
    r = igmp.Router("10.77.0.1")
    log = Log()
    run_until(r, BASE - 1, log)
    # Startup: RV = 2 General Queries, QI / 4 apart.
    assert [t for t, _ in log.queries] == [0, 31_250_000_000]
    log.queries.clear()
    pkts = packets(IGMP_CAPTURE)
    replay(r, pkts[:6], log)
    # The host joined 239.1.1.1 for any source and 232.5.5.5 from .1, .2, .3.
    g239 = r.group("239.1.1.1")
    assert g239 is not None and g239.mode == "exclude" and g239.sources == []
    assert g239.compatibility_version == 3
    assert g239.group_timer_ns == BASE + pkts[1][0] + 270 * S  # GMI after the last TO_EX
    g232 = r.group("232.5.5.5")
    assert g232 is not None and g232.mode == "include" and g232.group_timer_ns is None
    assert sorted(str(s.address) for s in g232.sources) == ["10.1.0.1", "10.1.0.2", "10.1.0.3"]
    assert all(s.forwarding and s.expires_ns is not None for s in g232.sources)
    assert r.forwards("232.5.5.5", "10.1.0.2") and not r.forwards("232.5.5.5", "10.1.0.9")
    assert ("forward", IPv4Address("239.1.1.1"), None) in log.events

    replay(r, pkts[6:], log)
    run_until(r, BASE + 5 * S, log)
    assert r.groups == []
    assert ("stop_forwarding", IPv4Address("232.5.5.5"), IPv4Address("10.1.0.2")) in log.events
    assert ("stop_forwarding", IPv4Address("239.1.1.1"), None) in log.events
    specific = []
    for t, q in log.queries:
        p = igmp.parse_packet(q)
        assert p.ttl == 1 and p.router_alert and p.checksum_valid
        assert p.src == IPv4Address("10.77.0.1")
        m = p.message
        assert isinstance(m, igmp.Query) and m.version == 3
        if not m.is_general:
            assert p.dst == m.group and not m.s_flag
            specific.append(((t - BASE) // 1000, str(m.group), [str(s) for s in m.sources]))
    assert specific == [
        (1_300_014, "232.5.5.5", ["10.1.0.2"]),
        (1_700_027, "239.1.1.1", ["10.9.9.9"]),
        (2_300_014, "232.5.5.5", ["10.1.0.2"]),
        (2_504_064, "232.5.5.5", ["10.1.0.1", "10.1.0.3"]),
        (2_700_027, "239.1.1.1", []),
        (2_700_027, "239.1.1.1", ["10.9.9.9"]),
        (3_504_064, "232.5.5.5", ["10.1.0.1", "10.1.0.3"]),
        (3_700_027, "239.1.1.1", []),
    ]
    c = r.counters
    assert c["received"] == c["accepted"] == c["v3_reports"] == len(pkts) == 12
    assert c["dropped"] == 0 and c["group_queries_sent"] == 2 and c["source_queries_sent"] == 6
    assert sum(r.drops.values()) == 0


def test_kernel_mldv2_capture_drives_the_router() -> None:
    r = mld.Router("fe80::1")
    log = Log()
    run_until(r, BASE - 1, log)
    log.queries.clear()
    replay(r, packets(MLD_CAPTURE), log)
    run_until(r, BASE + 5 * S, log)
    # The SSM join without sources is ignored by an SSM-aware router; the ASM group
    # was joined and left.
    assert r.group("ff3e::8000:1") is None and r.group("ff15::1234") is None
    asm = IPv6Address("ff15::1234")
    assert ("forward", asm, None) in log.events and ("stop_forwarding", asm, None) in log.events
    specific = [q for _, q in log.queries if mld.parse_packet(q).message.group == asm]
    assert len(specific) == 2
    for q in specific:
        p = mld.parse_packet(q)
        assert p.hop_limit == 1 and p.router_alert and p.checksum_valid
        assert isinstance(p.message, mld.Query) and p.message.version == 2
    assert r.counters["records_ignored"] >= 1
    # A router that is not SSM-aware takes the SSM join.
    r2 = mld.Router("fe80::1", ssm_aware=False)
    r2.receive(packets(MLD_CAPTURE)[0][1], 5)
    g = r2.group("ff3e::8000:1")
    assert g is not None and g.mode == "exclude" and g.compatibility_version == 2


def test_querier_election_and_failover() -> None:
    a = igmp.Router("10.77.0.1")
    b = igmp.Router("10.77.0.2")
    assert b.querier.is_us and b.querier.startup_queries_left == 2
    _, qa = a.poll(0)
    _, qb = b.poll(0)
    res = b.receive(qa[0], 1000)
    assert isinstance(res, igmp.Accepted)
    assert res.kind == "query" and res.query_kind == "general" and res.querier_changed
    assert res.source == IPv4Address("10.77.0.1") and res.version == 3
    assert not b.querier.is_us and b.querier.address == IPv4Address("10.77.0.1")
    assert b.querier.other_querier_present_ns == 1000 + 255 * S
    res = a.receive(qb[0], 1000)
    assert isinstance(res, igmp.Accepted) and not res.querier_changed and a.querier.is_us
    own = a.receive(qa[0], 1000)
    assert isinstance(own, igmp.Dropped) and own.reason == "own-query" and not own
    # a goes silent: b takes over when the Other Querier Present timer runs out.
    assert b.poll(200 * S) == ([], [])
    assert b.next_deadline == 1000 + 255 * S
    _, queries = b.poll(1000 + 255 * S)
    assert b.querier.is_us and b.querier.address == IPv4Address("10.77.0.2")
    m = igmp.parse_packet(queries[0]).message
    assert isinstance(m, igmp.Query) and m.is_general and m.qrv == 2 and m.qqic == 125
    assert b.counters["became_querier"] == 2 and b.counters["lost_querier"] == 1
    assert a.drops["own-query"] == 1
    # Frames when the router has a MAC.
    f = igmp.Router("10.77.0.3", src_mac="02:00:00:00:00:03").poll(0)[1][0]
    assert f[:6] == bytes.fromhex("01005e000001") and f[6:12] == bytes.fromhex("020000000003")
    assert igmp.parse_packet(f, 14).src == IPv4Address("10.77.0.3")
    # A router that may not be querier follows whoever queries.
    c = igmp.Router("10.77.0.3", querier=False)
    assert c.next_deadline is None and c.querier.address is None
    c.receive(qb[0], 5)
    assert c.querier.address == IPv4Address("10.77.0.2") and not c.querier.is_us


def v2(kind: str, group: str, src: str, dst: str | None = None) -> bytes:
    msg = {"report": igmp.V2Report, "leave": igmp.V2Leave}[kind](group)
    return msg.frame("02:00:00:00:00:02", src, dst)[14:]


def test_drop_reasons() -> None:
    r = igmp.Router("10.77.0.1")
    ok = v2("report", "239.1.1.1", "10.77.0.2")
    cases: list[tuple[bytes, str]] = [
        (ok[:10], "malformed"),
        (ok[:9] + b"\x11" + ok[10:], "not-igmp"),  # UDP
        (ok[:26] + bytes([ok[26] ^ 0x55]) + ok[27:], "bad-checksum"),
        (v2("report", "224.0.0.1", "10.77.0.2"), "invalid-group"),
        (v2("report", "232.1.1.1", "10.77.0.2"), "ssm-older-version"),
        (v2("report", "239.1.1.1", "10.77.0.2", "10.77.0.9"), "wrong-destination"),
        (igmp.Query().frame("02:00:00:00:00:01", "0.0.0.0")[14:], "bad-source"),
        (igmp.Query().frame("02:00:00:00:00:01", "10.77.0.1")[14:], "own-query"),
    ]
    for p, reason in cases:
        res = r.receive(p, 1)
        assert isinstance(res, igmp.Dropped) and res.reason == reason, (reason, res)
        assert res.events == () and res.queries == ()
    truncated = r.receive(ok[:10], 1)
    assert isinstance(truncated, igmp.Dropped)
    err = truncated.error
    assert isinstance(err, ParseError) and isinstance(err, ValueError)
    assert err.layer == "ipv4" and err.offset == 0
    bad = r.receive(ok[:26] + bytes([ok[26] ^ 0x55]) + ok[27:], 1)
    assert isinstance(bad, igmp.Dropped) and bad.error is not None
    assert bad.error.layer == "igmp" and bad.error.offset == 26
    assert r.drops["malformed"] == 2 and r.drops["bad-checksum"] == 2 and r.drops["not-igmp"] == 1
    assert isinstance(r.receive(ok, 1), igmp.Accepted)
    leave = r.receive(v2("leave", "239.1.1.1", "10.77.0.2"), 2)
    assert isinstance(leave, igmp.Accepted) and leave.kind == "leave" and leave.group == IPv4Address("239.1.1.1")
    # The leave asks Q(G) at once.
    assert len(leave.queries) == 1
    assert igmp.parse_packet(leave.queries[0]).message.group == IPv4Address("239.1.1.1")
    # Off-link, and the older routers.
    assert r.counters["received"] == len(cases) + 4
    onlink = igmp.Router("10.77.0.1", prefix_len=24)
    res = onlink.receive(v2("report", "239.1.1.1", "10.78.0.2"), 1)
    assert isinstance(res, igmp.Dropped) and res.reason == "off-link"
    old = igmp.Router("10.77.0.1", version=2)
    v3 = igmp.V3Report([igmp.GroupRecord(igmp.RecordType.CHANGE_TO_EXCLUDE_MODE, "239.1.1.1")])
    res = old.receive(v3.frame("02:00:00:00:00:02", "10.77.0.2")[14:], 1)
    assert isinstance(res, igmp.Dropped) and res.reason == "unsupported-version"
    v1 = igmp.Router("10.77.0.1", version=1)
    res = v1.receive(v2("leave", "239.1.1.1", "10.77.0.2"), 1)
    assert isinstance(res, igmp.Dropped) and res.reason == "ignored-by-compatibility"
    # MLD: a report from a global address.
    m = mld.Router("fe80::1")
    res = m.receive(mld.V1Report("ff15::1").frame("02:00:00:00:00:02", "2001:db8::2")[14:], 1)
    assert isinstance(res, mld.Dropped) and res.reason == "bad-source"
    res = m.receive(mld.V1Report("ff15::1").frame("02:00:00:00:00:02", "fe80::2")[14:], 1)
    assert isinstance(res, mld.Accepted) and res.kind == "report" and res.version == 1


def test_group_limit() -> None:
    r = igmp.Router("10.77.0.1")
    for i in range(igmp.MAX_ROUTER_GROUPS):
        r.receive(v2("report", f"239.2.{i // 256}.{i % 256}", "10.77.0.2"), 1)
    res = r.receive(v2("report", "239.3.0.0", "10.77.0.2"), 1)
    assert isinstance(res, igmp.Accepted)
    assert [e.kind for e in res.events] == ["group_limit"]
    assert res.events[0].group == IPv4Address("239.3.0.0") and res.events[0].source is None
    assert len(r.groups) == igmp.MAX_ROUTER_GROUPS and r.counters["group_limit"] == 1


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="IPv4"):
        igmp.Router("fe80::1")
    with pytest.raises(ValueError, match="IPv6"):
        mld.Router("10.0.0.1")
    with pytest.raises(ValueError, match="link-local|unicast"):
        mld.Router("2001:db8::1")
    with pytest.raises(ValueError, match="version"):
        igmp.Router("10.0.0.1", version=4)
    with pytest.raises(ValueError, match="version"):
        mld.Router("fe80::1", version=3)
    with pytest.raises(ValueError, match="Robustness"):
        igmp.Router("10.0.0.1", robustness=0)
    with pytest.raises(ValueError, match="Query Response Interval"):
        igmp.Router("10.0.0.1", query_response_interval=125.0)
    with pytest.raises(ValueError, match="prefix_len"):
        igmp.Router("10.0.0.1", prefix_len=33)
    with pytest.raises(ValueError, match="query_interval"):
        igmp.Router("10.0.0.1", query_interval=-1.0)
    with pytest.raises(TypeError):
        igmp.Router("10.0.0.1", robustness=2.5)  # type: ignore[arg-type]
    r = igmp.Router("10.0.0.1")
    with pytest.raises(TypeError, match="float"):
        r.poll(1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="now_ns"):
        r.poll(-1)
    with pytest.raises(TypeError, match="str"):
        r.receive("not bytes", 0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="IPv4"):
        r.group("ff02::1")
    with pytest.raises(ValueError):
        r.forwards("239.1.1.1", "nonsense")
    # Any bytes-like object is read in place.
    res = r.receive(memoryview(bytearray(v2("report", "239.1.1.1", "10.0.0.2"))), 0)
    assert isinstance(res, igmp.Accepted)
    assert igmp.ns(1.5) == 1_500_000_000 and igmp.ns(0) == 0
    with pytest.raises(ValueError):
        igmp.ns(-1.0)
    assert r.timers == {
        "robustness": 2,
        "query_interval": 125.0,
        "query_response_interval": 10.0,
        "last_member_query_interval": 1.0,
    }
    assert r.address == IPv4Address("10.0.0.1") and r.version == 3
    assert mld.Router("fe80::1").version == 2


def test_mutated_packets_never_raise() -> None:
    import random

    rng = random.Random(7)
    r = igmp.Router("10.77.0.1")
    pkts = [p for _, p in packets(IGMP_CAPTURE)]
    fed = 0
    for p in pkts:
        for cut in range(len(p) + 1):
            r.receive(p[:cut], fed)
            fed += 1
        for _ in range(50):
            b = bytearray(p)
            for _ in range(rng.randint(1, 4)):
                b[rng.randrange(len(b))] ^= rng.randrange(1, 256)
            res = r.receive(bytes(b), fed)
            assert res.accepted == isinstance(res, igmp.Accepted)
            fed += 1
            r.poll(fed)
    c = r.counters
    assert c["received"] == fed == c["accepted"] + c["dropped"]
