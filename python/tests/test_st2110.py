"""mediafabric.st2110: GStreamer's ST 2110-20 capture depacketized byte for byte (read
with mediafabric.pcap, set up from its SDP), packetize/depacketize round trips, the
sample SDPs round trip and a named error, the exact ST 2110-21 schedule of 1080p59.94,
schedule-timed packets analyzed as narrow, timing, ST 2022-7, bad input.

The capture and SDPs are the Rust crate's (crates/st2110/tests/data, see its README).
"""

from __future__ import annotations

import random
from fractions import Fraction
from ipaddress import IPv4Address
from pathlib import Path
from typing import List

import pytest

import mediafabric
from mediafabric import pcap, st2110

DATA = Path(__file__).resolve().parents[2] / "crates" / "st2110" / "tests" / "data"


def udp_payloads(path: Path, port: int) -> List[bytes]:
    """The UDP payloads to `port` of an Ethernet/IPv4 capture."""
    out = []
    for p in pcap.read(path):
        d = p.data
        if d[12:14] != b"\x08\x00" or d[23] != 17:
            continue
        udp = 14 + (d[14] & 0x0F) * 4
        if int.from_bytes(d[udp + 2 : udp + 4], "big") == port:
            length = int.from_bytes(d[udp + 4 : udp + 6], "big")
            out.append(d[udp + 8 : udp + length])
    return out


@pytest.fixture(scope="module")
def gst() -> tuple[st2110.Sdp, List[bytes], bytes]:
    sdp = st2110.parse_sdp((DATA / "sdp" / "gst-rfc4175-uyvp-640x360.sdp").read_text())
    packets = udp_payloads(DATA / "gst-rfc4175-uyvp-640x360.pcap", sdp.legs[0].port)
    frames = (DATA / "gst-rfc4175-uyvp-640x360.frames").read_bytes()
    return sdp, packets, frames


def receiver(sdp: st2110.Sdp) -> st2110.Depacketizer:
    return st2110.Depacketizer(
        sdp.sampling, sdp.depth, sdp.width, sdp.height,
        interlaced=sdp.interlace, payload_type=sdp.payload_type,
    )


def test_gstreamer_capture_byte_for_byte(gst: tuple[st2110.Sdp, List[bytes], bytes]) -> None:
    sdp, packets, frames = gst
    assert (sdp.sampling, sdp.depth, sdp.width, sdp.height) == ("YCbCr-4:2:2", "10", 640, 360)
    assert sdp.rate == 50 and sdp.tp == "2110TPW" and sdp.legs[0].source == IPv4Address("10.77.0.1")
    rx = receiver(sdp)
    assert rx.frame_bytes == 576000 and len(frames) == 2 * rx.frame_bytes
    pictures = [p for packet in packets for p in rx.push(packet)]
    assert len(packets) == 840 and len(pictures) == 2
    for i, p in enumerate(pictures):
        assert p.complete and p.lost_bytes == 0 and p.lost == () and p.packets == 420
        assert p.data == frames[i * rx.frame_bytes : (i + 1) * rx.frame_bytes]
    assert pictures[1].rtp_timestamp == (pictures[0].rtp_timestamp or 0) + 1800
    c = rx.counters
    assert (c["packets"], c["complete"], c["invalid"], c["sequence_gaps"]) == (840, 2, 0, 0)


def test_picture_data_is_wrapped_without_copy(gst: tuple[st2110.Sdp, List[bytes], bytes]) -> None:
    sdp, packets, frames = gst
    rx = receiver(sdp)
    p = next(p for packet in packets for p in rx.push(packet))
    assert isinstance(p.data, bytes)
    view = memoryview(p.data)
    assert view.readonly and view.obj is p.data and view.nbytes == rx.frame_bytes
    np = pytest.importorskip("numpy")
    a = np.frombuffer(p.data, dtype=np.uint8)
    assert not a.flags.owndata and not a.flags.writeable
    assert np.shares_memory(a, np.frombuffer(view, dtype=np.uint8))
    assert a.base is p.data or getattr(a.base, "obj", None) is p.data
    assert bytes(a[:10]) == frames[:10]


def test_loss_is_reported_exactly(gst: tuple[st2110.Sdp, List[bytes], bytes]) -> None:
    sdp, packets, frames = gst
    rx = receiver(sdp)
    pictures = [p for i, packet in enumerate(packets) if i % 50 != 25 for p in rx.push(packet)]
    first = pictures[0]
    assert not first.complete and sum(n for _, n in first.lost) == first.lost_bytes > 0
    expected = bytearray(frames[: rx.frame_bytes])
    got = bytearray(first.data)
    for offset, n in first.lost:  # outside the lost ranges the picture is GStreamer's
        got[offset : offset + n] = expected[offset : offset + n]
    assert got == expected
    assert rx.counters["sequence_gaps"] > 0


@pytest.mark.parametrize(
    "sampling,depth,width,height,interlaced,packing,max_udp",
    [
        ("YCbCr-4:2:2", "10", 640, 360, False, "2110GPM", 1460),
        ("YCbCr-4:2:2", "10", 640, 360, False, "2110GPM", 8960),
        ("YCbCr-4:2:2", "10", 720, 486, True, "2110GPM", 1460),
        ("YCbCr-4:2:0", "8", 640, 360, False, "2110BPM", 1460),
        ("RGB", "8", 320, 240, False, "2110GPM", 1460),
    ],
)
def test_round_trip(
    sampling: str, depth: str, width: int, height: int, interlaced: bool, packing: str, max_udp: int
) -> None:
    tx = st2110.Packetizer(
        sampling, depth, width, height, interlaced=interlaced, packing=packing,
        max_udp=max_udp, payload_type=100, ssrc=7, first_sequence=0xFFFFFFF0,
    )
    rx = st2110.Depacketizer(sampling, depth, width, height, interlaced=interlaced, payload_type=100)
    frame = bytes((i * 13 + i // 997) & 0xFF for i in range(tx.frame_bytes))
    fields = 2 if interlaced else 1
    scan = "interlaced" if interlaced else "progressive"
    assert st2110.packets_per_frame(
        sampling, depth, width, height, scan=scan, packing=packing, max_udp=max_udp
    ) == fields * tx.npackets
    pictures = []
    for picture in range(2):
        for field in range(fields):
            ts = 1000 * picture + 500 * field
            if picture == 0:
                packets = tx.packets(bytearray(frame), rtp_timestamp=ts, field=field)
            else:
                parts = tx.parts(rtp_timestamp=ts, field=field)
                packets = [p.join(frame) for p in parts]
                assert [len(p) for p in parts] == [len(p) for p in packets]
                assert parts[-1].marker and not parts[0].marker or len(parts) == 1
            assert len(packets) == tx.npackets and max(map(len, packets)) <= max_udp
            for packet in packets:
                pictures += rx.push(packet)
    assert [(p.complete, p.rtp_timestamp) for p in pictures] == [(True, 0), (True, 1000)]
    assert all(p.data == frame for p in pictures)
    assert tx.next_sequence == (0xFFFFFFF0 + 2 * fields * tx.npackets) % (1 << 32)


def test_sample_sdps_round_trip() -> None:
    files = sorted((DATA / "sdp").glob("*.sdp"))
    assert len(files) == 6
    for f in files:
        sdp = st2110.parse_sdp(f.read_bytes())
        text = sdp.to_text()
        assert st2110.parse_sdp(text) == sdp, f
        assert st2110.parse_sdp(text).to_text() == text
    uhd = st2110.parse_sdp((DATA / "sdp" / "2160p50-bpm-hlg.sdp").read_text())
    assert (uhd.packing_mode, uhd.tcs, uhd.max_udp, uhd.troff, uhd.cmax) == ("2110BPM", "HLG", 8960, 37, 16)
    assert uhd.origin_ipv6 and uhd.legs[0].ref_clocks == ("ptp=IEEE1588-2008:traceable",)
    dup = st2110.parse_sdp((DATA / "sdp" / "1080p50-2022-7.sdp").read_text())
    assert [leg.mid for leg in dup.legs] == ["primary", "secondary"]


def test_sdp_written_from_scratch_and_named_errors() -> None:
    sdp = st2110.Sdp(
        session_name="Camera 1", origin_address="192.168.1.10", sampling="YCbCr-4:2:2",
        depth="10", width=1920, height=1080, rate=Fraction(60000, 1001),
        legs=(st2110.SdpLeg(5004, IPv4Address("239.1.1.1"), ("ptp=IEEE1588-2008:08-00-11-FF-FE-22-39-E4:127",),
                            ttl=64, sources=(IPv4Address("192.168.1.10"),)),),
    )
    text = sdp.to_text()
    assert "exactframerate=60000/1001; depth=10; colorimetry=BT709; PM=2110GPM" in text
    assert "a=source-filter: incl IN IP4 239.1.1.1 192.168.1.10\r\n" in text
    assert st2110.parse_sdp(text) == sdp
    with pytest.raises(st2110.SdpError) as e:
        sdp.replace(width=1921).validate()
    assert (e.value.line, e.value.field) == (0, "width")
    with pytest.raises(ValueError, match="sampling"):
        sdp.replace(sampling="YUV").to_text()

    broken = (DATA / "sdp" / "gst-rfc4175-uyvp-640x360.sdp").read_text().replace("; TP=2110TPW", "")
    with pytest.raises(st2110.SdpError) as e:
        st2110.parse_sdp(broken)
    err = e.value
    assert isinstance(err, mediafabric.ParseError) and isinstance(err, ValueError)
    assert (err.layer, err.line, err.field) == ("sdp", 9, "TP")
    assert broken[err.offset :].startswith("a=fmtp:96 ")
    assert str(err).startswith("sdp: line 9: TP: expected")


def test_schedule_1080p5994_is_exact() -> None:
    s = st2110.Schedule((60000, 1001), 1080, 4320)
    assert s.tro == Fraction(17217200, 27) and s.tro == s.tro_default
    assert s.trs == Fraction(100100, 27) and s.tframe == Fraction(50_050_000, 3)
    assert (s.cmax, s.vrx_full, s.ractive) == (6, 9, Fraction(24, 25))
    assert s.departure(1000, 10) == Fraction(450468218200, 27)
    assert s.departure_ns(1000, 10) == 16_684_008_082
    assert st2110.packets_per_frame("YCbCr-4:2:2", "10", 1920, 1080, single_row=True) == 4320
    with pytest.raises(ValueError, match="NPACKETS|packet"):
        s.departure(0, 4320)
    with pytest.raises(ValueError, match="TROFF"):
        st2110.Schedule(50, 1080, 100, troff=20000)
    assert st2110.Schedule(50, 1080, 4320, troff=37).tro == 37000


def paced_report(s: st2110.Schedule, first: int, frames: int, burst: bool) -> st2110.Report:
    an = st2110.Analyzer(s, start_at_first_packet=True)
    seq = 0
    closed = []
    for f in range(first, first + frames):
        ts = s.rtp_timestamp(f)
        start = s.departure_ns(f, 0)
        for j in range(s.npackets):
            t = start + 1000 * j if burst else s.departure_ns(f, j)
            summary = an.push(t, ts, marker=j == s.npackets - 1, sequence=seq & 0xFFFF, length=1460)
            seq += 1
            if summary is not None:
                closed.append(summary)
    last = an.finish()
    assert last is not None and len(closed) + 1 == frames
    assert all(c.packets == s.npackets for c in closed)
    with pytest.raises(ValueError, match="before"):
        an.push(0, 0, marker=False, sequence=0, length=0)
    return an.report()


def test_analyzer_says_narrow_for_paced_packets() -> None:
    s = st2110.Schedule((60000, 1001), 1080, 4320)
    first = 1767225637 * 60000 // 1001 + 1  # the first frame after 2026-01-01 TAI
    r = paced_report(s, first, 3, burst=False)
    assert r.compliance == "narrow" and r.worst is None and (r.frames, r.lost) == (3, 0)
    assert r.cinst_max is not None and r.cinst_max.value == 1
    assert r.vrx_max is not None and r.vrx_max.value == 0
    assert r.fpt_min is not None and s.tro <= r.fpt_min.value < s.tro + 1
    assert r.rtp_delta_min is not None and r.rtp_delta_min.value == 1501
    burst = paced_report(s, first, 2, burst=True)
    assert burst.compliance != "narrow" and burst.worst is not None
    assert burst.cinst_max is not None and int(burst.cinst_max.value) > burst.cmax_narrow


def test_timing() -> None:
    assert st2110.rtp_timestamp(10**18) == (9 * 10**13) % 2**32
    assert [st2110.rtp_timestamp_of_frame(f, Fraction(60000, 1001)) for f in range(4)] == [0, 1501, 3003, 4504]
    frame, at = st2110.next_alignment_point(10**18, (30000, 1001))
    assert frame == 29_970_029_971 and at == Fraction(30_000_000_000_971 * 10**9, 30_000)
    tc = st2110.time_code(3661 * 10**9 + 5 * 10**8, 25)
    assert (tc.hours, tc.minutes, tc.seconds, tc.frames, str(tc)) == (1, 1, 1, 12, "01:01:01:12")
    df = st2110.time_code((86400 - 3600) * 10**9 + 33_366_667, (30000, 1001), drop_frame=True, local_offset=3600)
    assert str(df) == "00:00:00;00"
    with pytest.raises(ValueError):
        st2110.time_code(0, 25, drop_frame=True)
    with pytest.raises(ValueError):
        st2110.rtp_timestamp(0, 0)


def test_merger() -> None:
    m = st2110.Merger()
    verdicts = []
    for a, b in zip([0, 1, 3, 4, 5], [0, 1, 2, 3, 5]):
        verdicts += [m.push("a", a), m.push("b", b)]
    assert verdicts.count("first") == 6 and m.push("b", 5) == "duplicate"
    m.finish()
    c = m.counters
    assert (c["merged_packets"], c["merged_lost"], c["a"]["gaps"], c["b"]["duplicates"]) == (6, 0, 1, 5)
    assert m.extend(7) == 7 and st2110.MERGER_WINDOW == 4096
    with pytest.raises(ValueError, match="leg"):
        m.push("c", 1)


def test_bad_packets_and_arguments_never_crash(gst: tuple[st2110.Sdp, List[bytes], bytes]) -> None:
    sdp, packets, _ = gst
    rx = receiver(sdp)
    rng = random.Random(2110)
    refused = 0
    for _ in range(2000):
        p = bytearray(rng.choice(packets))
        for _ in range(rng.randint(1, 4)):
            p[rng.randrange(min(40, len(p)))] ^= 1 << rng.randrange(8)
        if rng.random() < 0.25:
            p = p[: rng.randrange(len(p) + 1)]
        try:
            rx.push(p)
        except mediafabric.ParseError as e:
            refused += 1
            assert e.layer in ("rtp", "rfc4175") and 0 <= e.offset
    assert refused > 0 and rx.counters["invalid"] == refused
    text = (DATA / "sdp" / "gst-rfc4175-uyvp-640x360.sdp").read_bytes()
    for cut in range(len(text)):
        try:
            st2110.parse_sdp(text[:cut])
        except st2110.SdpError:
            pass
    with pytest.raises(TypeError):
        rx.push("not bytes")
    with pytest.raises(ValueError, match="width"):
        st2110.Packetizer("YCbCr-4:2:2", "10", 641, 360)
    with pytest.raises(ValueError, match="depth"):
        st2110.Depacketizer("YCbCr-4:2:2", "11", 640, 360)
    tx = st2110.Packetizer("YCbCr-4:2:2", "10", 640, 360)
    with pytest.raises(ValueError, match="frame"):
        tx.packets(b"short", rtp_timestamp=0)
    with pytest.raises(ValueError, match="field"):
        tx.parts(rtp_timestamp=0, field=1)
