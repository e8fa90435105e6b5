#!/usr/bin/env python3
"""Per-packet cost of mediafabric.decode against scapy's dissection of the same frames.

    python python/bench/bench_decode.py [capture.pcap] [--rounds N]

Both sides take the frame as bytes and dissect every layer: mediafabric.decode builds
the layer model (a dict per layer, VXLAN and the inner frame included) and scapy's
``Ether(frame)`` builds its packet objects (scapy binds UDP 4789 to VXLAN by default,
so it dissects the inner frame too). The capture defaults to the repository's
tests/data/linux-vxlan-4789.pcap: ten real VXLAN frames from the Linux kernel (MLDv2,
ARP, UDP, ICMP inside). Also timed, for scale: ``vxlan.decapsulate`` (outer checks and
a zero-copy view of the inner frame) and ``vxlan.Header.parse``.

Build the package with ``maturin develop --release`` (or python/run-tests.sh) first;
timing a debug build says nothing. scapy is optional (``pip install scapy``).
Timings are the best of several rounds of timeit, divided by the number of packets.
"""

from __future__ import annotations

import argparse
import platform
import sys
import timeit
from collections.abc import Callable
from pathlib import Path

import mediafabric
from mediafabric import pcap, vxlan

DEFAULT = Path(__file__).resolve().parents[2] / "tests" / "data" / "linux-vxlan-4789.pcap"


def per_packet_ns(fn: Callable[[bytes], object], frames: list[bytes], rounds: int) -> float:
    """Best-of-`rounds` time of one call, in nanoseconds, averaged over the frames."""

    def run() -> None:
        for f in frames:
            fn(f)

    timer = timeit.Timer(run)
    loops, _ = timer.autorange()
    best = min(timer.repeat(repeat=rounds, number=loops))
    return best / loops / len(frames) * 1e9


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("capture", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--rounds", type=int, default=7, help="timeit repeats (best is kept)")
    args = ap.parse_args()

    frames = [p.data for p in pcap.read(args.capture)]
    if not frames:
        print(f"{args.capture}: no packets", file=sys.stderr)
        return 1
    print(f"capture: {args.capture} ({len(frames)} frames, "
          f"{sum(map(len, frames)) / len(frames):.0f} bytes on average)")
    print(f"python {platform.python_version()} on {platform.machine()}, "
          f"mediafabric {mediafabric.__version__}")

    results: list[tuple[str, float]] = []
    results.append(("mediafabric.decode(frame)",
                    per_packet_ns(mediafabric.decode, frames, args.rounds)))

    vx_frames = []
    for f in frames:
        try:
            vxlan.decapsulate(f)
            vx_frames.append(f)
        except mediafabric.ParseError:
            pass
    if vx_frames:
        results.append(("mediafabric.vxlan.decapsulate(frame)",
                        per_packet_ns(vxlan.decapsulate, vx_frames, args.rounds)))
        headers = [vxlan.decapsulate(f).inner_offset - 8 for f in vx_frames]
        hdr_bytes = [f[h:h + 8] for f, h in zip(vx_frames, headers)]
        results.append(("mediafabric.vxlan.Header.parse(8 bytes)",
                        per_packet_ns(vxlan.Header.parse, hdr_bytes, args.rounds)))

    scapy_ns = None
    try:
        import scapy  # type: ignore[import-untyped]
        from scapy.layers.l2 import Ether  # type: ignore[import-untyped]
        from scapy.layers.vxlan import VXLAN  # type: ignore[import-untyped]
    except ImportError:
        print("scapy is not installed (pip install scapy): only mediafabric is timed")
    else:
        # Check that scapy really dissects the VXLAN layer and the inner frame.
        seen = [Ether(f) for f in frames]
        vnis = {p[VXLAN].vni for p in seen if VXLAN in p}
        print(f"scapy {scapy.VERSION}: VXLAN VNIs seen {sorted(vnis)}, "
              f"inner layers of frame 1: {seen[0][VXLAN].payload.summary()}")
        scapy_ns = per_packet_ns(Ether, frames, args.rounds)
        results.append(("scapy Ether(frame)", scapy_ns))

    print()
    width = max(len(name) for name, _ in results)
    decode_ns = results[0][1]
    for name, ns in results:
        print(f"  {name:<{width}}  {ns / 1000:9.2f} us/packet  {1e9 / ns:12,.0f} packets/s")
    if scapy_ns is not None:
        print(f"\n  mediafabric.decode is {scapy_ns / decode_ns:.0f}x faster than scapy here")
    return 0


if __name__ == "__main__":
    sys.exit(main())
