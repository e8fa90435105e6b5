#!/usr/bin/env python3
"""Seeds for the PTP and IGMP/MLD fuzz targets, cut from real captures.

    python3 fuzz/make_protocol_seeds.py

ptp_message: each distinct PTP message (UDP or Layer 2 payload) of tests/data/ptp/**.pcap
(linuxptp recordings, see tests/data/ptp/README.md); ptp_tlv: the TLV suffixes of those
messages that have one; igmp_message: the IGMP and MLD messages of
../shared/captures/igmp (the Linux kernel host). Files are named by content hash, so
running it again adds nothing new.
"""
import hashlib
import pathlib
import struct
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "fuzz" / "corpus"


def frames(path):
    d = path.read_bytes()
    magic = struct.unpack("<I", d[:4])[0]
    if magic not in (0xA1B2C3D4, 0xA1B23C4D):
        return
    off = 24
    while off + 16 <= len(d):
        _, _, cl, _ = struct.unpack("<IIII", d[off:off + 16])
        off += 16
        yield d[off:off + cl]
        off += cl


def l3(f):
    at = 12
    ty = struct.unpack(">H", f[at:at + 2])[0]
    while ty in (0x8100, 0x88A8):
        at += 4
        ty = struct.unpack(">H", f[at:at + 2])[0]
    return ty, at + 2


def ptp_message(f):
    ty, at = l3(f)
    if ty == 0x88F7:
        return f[at:]
    if ty == 0x0800 and f[at + 9] == 17:
        u = at + (f[at] & 15) * 4
    elif ty == 0x86DD and f[at + 6] == 17:
        u = at + 40
    else:
        return None
    if struct.unpack(">H", f[u + 2:u + 4])[0] not in (319, 320):
        return None
    return f[u + 8:]


BODY = {0: 10, 1: 10, 8: 10, 9: 20, 2: 20, 3: 20, 10: 20, 11: 30, 12: 10, 13: 14}


def save(target, data, seen):
    h = hashlib.sha1(data).hexdigest()[:16]
    if h in seen:
        return
    seen.add(h)
    d = OUT / target
    d.mkdir(parents=True, exist_ok=True)
    (d / h).write_bytes(data)


def main():
    seen = {"ptp_message": set(), "ptp_tlv": set(), "igmp_message": set()}
    types = {}
    for p in sorted((ROOT / "tests" / "data" / "ptp").rglob("*.pcap")):
        for f in frames(p):
            m = ptp_message(f)
            if m is None or len(m) < 34:
                continue
            mlen = struct.unpack(">H", m[2:4])[0]
            m = m[:mlen]
            key = (m[0] & 15, len(m))
            # A few of each message type and length are enough.
            if types.get(key, 0) >= 3:
                continue
            types[key] = types.get(key, 0) + 1
            save("ptp_message", m, seen["ptp_message"])
            b = BODY.get(m[0] & 15)
            if b is not None and len(m) > 34 + b:
                save("ptp_tlv", m[34 + b:], seen["ptp_tlv"])
    for p in sorted((ROOT.parent / "shared" / "captures" / "igmp").glob("*.pcap")):
        for f in frames(p):
            ty, at = l3(f)
            if ty == 0x0800 and f[at + 9] == 2:
                save("igmp_message", f[at + (f[at] & 15) * 4:], seen["igmp_message"])
            elif ty == 0x86DD and f[at + 6] == 0:
                hbh = at + 40
                save("igmp_message", f[hbh + (f[hbh + 1] + 1) * 8:], seen["igmp_message"])
    for t, s in seen.items():
        print(f"{t}: {len(s)} seeds", file=sys.stderr)


if __name__ == "__main__":
    main()
