#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets under fuzz/corpus/<target>/.

Seeds come from real bytes: every frame of tests/data/vxlan/linux-vxlan-4789.pcap
(a Linux kernel vxlan device, VNI 4242, copied from /work/shared/captures/vxlan/), and
the inner frames of that capture wrapped again here, independently of the Rust code,
in the other forms: GBP, GPE (4790) with Ethernet / IPv4 / IPv6 payloads, IPv6 outer,
802.1Q and 802.1ad tags, IPv4 options, the legacy port 8472, computed UDP checksums.

Run from anywhere: python3 fuzz/make_seeds.py. The output is deterministic.
"""

import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PCAP = os.path.join(HERE, "..", "tests", "data", "vxlan", "linux-vxlan-4789.pcap")
CORPUS = os.path.join(HERE, "corpus")


def read_pcap(path):
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    if magic in (0xA1B2C3D4, 0xA1B23C4D):
        end = "<"
    elif magic in (0xD4C3B2A1, 0x4D3CB2A1):
        end = ">"
    else:
        sys.exit(f"{path}: not a pcap file")
    linktype = struct.unpack(end + "I", data[20:24])[0]
    if linktype != 1:
        sys.exit(f"{path}: link type {linktype}, expected Ethernet (1)")
    frames, at = [], 24
    while at + 16 <= len(data):
        incl = struct.unpack(end + "I", data[at + 8:at + 12])[0]
        frames.append(data[at + 16:at + 16 + incl])
        at += 16 + incl
    return frames


def ones_sum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s > 0xFFFF:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def checksum(data):
    c = (~ones_sum(data)) & 0xFFFF
    return c


def ipv4(src, dst, payload, ident=0, ttl=64, tos=0, df=False, options=b""):
    ihl = 5 + len(options) // 4
    hdr = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, tos, ihl * 4 + len(payload), ident,
                      0x4000 if df else 0, ttl, 17, 0, bytes(src), bytes(dst)) + options
    hdr = hdr[:10] + struct.pack("!H", checksum(hdr)) + hdr[12:]
    return hdr + payload


def ipv6(src, dst, payload, tc=0, flow=0, hlim=64):
    first = (6 << 28) | (tc << 20) | flow
    return struct.pack("!IHBB16s16s", first, len(payload), 17, hlim, bytes(src), bytes(dst)) + payload


def udp(sport, dport, payload, pseudo_src=None, pseudo_dst=None):
    length = 8 + len(payload)
    hdr = struct.pack("!HHHH", sport, dport, length, 0)
    if pseudo_src is None:
        return hdr + payload
    pseudo = bytes(pseudo_src) + bytes(pseudo_dst)
    if len(pseudo_src) == 4:
        pseudo += struct.pack("!BBH", 0, 17, length)
    else:
        pseudo += struct.pack("!IxxxB", length, 17)
    c = checksum(pseudo + hdr + payload) or 0xFFFF
    return hdr[:6] + struct.pack("!H", c) + payload


def eth(dst, src, etype, payload, tag=None, tpid=0x8100):
    if tag is None:
        return bytes(dst) + bytes(src) + struct.pack("!H", etype) + payload
    return bytes(dst) + bytes(src) + struct.pack("!HHH", tpid, tag, etype) + payload


def vxlan(vni, gbp=None, gpe=None):
    """gbp = (D, A, policy id); gpe = (version, O, B, next protocol or None)."""
    if gbp is not None:
        d, a, gpid = gbp
        return struct.pack("!BBH", 0x88, (0x40 if d else 0) | (0x08 if a else 0), gpid) + \
            struct.pack("!I", vni << 8)
    if gpe is not None:
        ver, o, b, np = gpe
        flags = 0x08 | (ver << 4) | (0x04 if np is not None else 0) | (0x02 if b else 0) | (0x01 if o else 0)
        return struct.pack("!BxxB", flags, np or 0) + struct.pack("!I", vni << 8)
    return struct.pack("!Bxxx", 0x08) + struct.pack("!I", vni << 8)


V4A, V4B = [10, 77, 0, 1], [10, 77, 0, 2]
V6A = [0xFD] + [0] * 14 + [1]
V6B = [0xFD] + [0] * 14 + [2]
MAC_A, MAC_B = [2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2]


def wrap(inner, vx, v6=False, csum=False, dport=4789, tag=None, tpid=0x8100, options=b"", sport=49300):
    if v6:
        seg = udp(sport, dport, vx + inner, V6A, V6B)
        l3, et = ipv6(V6A, V6B, seg, tc=0xB8, flow=0x12345), 0x86DD
    else:
        seg = udp(sport, dport, vx + inner, V4A, V4B) if csum else udp(sport, dport, vx + inner)
        l3, et = ipv4(V4A, V4B, seg, ident=0x1234, df=True, options=options), 0x0800
    return eth(MAC_B, MAC_A, et, l3, tag=tag, tpid=tpid)


def write(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def main():
    frames = read_pcap(PCAP)
    inners = [f[50:] for f in frames]  # Ethernet + IPv4 (no options) + UDP + VXLAN = 50
    # Inner frames by kind: IPv6 (MLD report), ARP, IPv4/UDP.
    eth_v6 = next(i for i in inners if i[12:14] == b"\x86\xdd")
    eth_v4 = next(i for i in inners if i[12:14] == b"\x08\x00")
    arp = next(i for i in inners if i[12:14] == b"\x08\x06")

    decode = []
    for n, f in enumerate(frames):
        decode.append((f"linux-{n:02}", f))
    decode += [
        ("gbp-v4", wrap(eth_v4, vxlan(4242, gbp=(True, True, 0xBEEF)))),
        ("gbp-v4-csum", wrap(arp, vxlan(1, gbp=(False, True, 7)), csum=True)),
        ("gpe-eth", wrap(arp, vxlan(4242, gpe=(0, False, True, 3)), dport=4790)),
        ("gpe-ipv4", wrap(eth_v4[14:], vxlan(5, gpe=(0, False, False, 1)), dport=4790)),
        ("gpe-ipv6", wrap(eth_v6[14:], vxlan(6, gpe=(0, True, False, 2)), v6=True, dport=4790)),
        ("gpe-nsh-v1", wrap(b"\x00\x06\x01\x03" + bytes(20), vxlan(7, gpe=(1, False, False, 4)), dport=4790)),
        ("gpe-no-p", wrap(arp, vxlan(8, gpe=(0, False, False, None)), dport=4790)),
        ("v6-plain", wrap(eth_v6, vxlan(4242), v6=True)),
        ("v6-gbp", wrap(arp, vxlan(0xFFFFFF, gbp=(True, False, 1)), v6=True)),
        ("vlan-v4", wrap(eth_v4, vxlan(4242), tag=(5 << 13) | 100)),
        ("qinq-v6", wrap(arp, vxlan(9), v6=True, tag=(1 << 12) | 4095, tpid=0x88A8)),
        ("v4-options", wrap(arp, vxlan(10), options=b"\x01\x01\x01\x00")),
        ("v4-csum", wrap(eth_v6, vxlan(11), csum=True)),
        ("legacy-8472", wrap(arp, vxlan(12), dport=8472)),
        ("padded", wrap(arp, vxlan(13)) + bytes(16)),
    ]
    for name, f in decode:
        write("decode_frame", name, f)

    # vxlan_header: the 8 header bytes of each frame (after the outer UDP header), then
    # 8 bytes that the target builds a header from.
    for n, (name, f) in enumerate(decode):
        et = struct.unpack("!H", f[12:14])[0]
        at = 14
        if et in (0x8100, 0x88A8):
            et = struct.unpack("!H", f[16:18])[0]
            at = 18
        at += (f[at] & 0x0F) * 4 if et == 0x0800 else 40
        hdr = f[at + 8:at + 16]
        build = bytes([n * 37 & 0xFF, 0, 0x10, 0x92, n, n * 11 & 0xFF, 3, 1])
        write("vxlan_header", name, hdr + build)

    # vtep: programs (see fuzz_targets/vtep.rs for the opcodes).
    def raw(frame):
        return bytes([0]) + struct.pack("!H", len(frame)) + frame

    def synth(v, r, sel, kind, length):
        return bytes([1, v, r, sel, kind, length])

    prog = b"".join(raw(f) for f in frames) + bytes([3, 200]) + b"".join(raw(f) for f in frames) + \
        bytes([3, 200, 4])
    write("vtep", "linux-frames-age", prog)
    prog = b"".join(synth(v % 4, r % 4, m, 0, 10) for v, r, m in zip(range(12), range(12), range(12)))
    prog += bytes([4]) + synth(0, 1, 3, 0, 0) + bytes([6, 0, 3]) + synth(0, 1, 3, 0, 0)
    write("vtep", "full-table", prog)
    prog = bytes([7, 0, 1, 7, 0, 2, 7, 1, 3, 5, 0, 5, 2])  # flood lists, a static entry
    prog += synth(0, 1, 5, 0, 0) + synth(0, 0, 1, 1 | 0x80, 5) + synth(1, 2, 2, 2, 9)
    prog += synth(2, 3, 3, 3, 1) + synth(3, 0, 4, 4, 20) + synth(0, 1, 0x45, 0, 0)
    prog += bytes([9, 0, 10, 2]) + synth(1, 2, 6, 0, 0) + synth(0, 3, 7, 0, 0)
    prog += bytes([9, 0x80, 10, 0x80, 11]) + synth(0, 1, 8, 0, 0) + bytes([11])
    prog += bytes([12, 30, 3, 29, 4, 3, 1, 4, 8, 0, 1, 12, 0x80]) + synth(0, 0x81, 9, 0, 3)
    write("vtep", "management-mix", prog)
    prog = b"".join(raw(f) for _, f in decode[len(frames):]) + bytes([12, 0, 4])
    write("vtep", "every-form", prog)
    print(f"wrote {len(decode)} decode_frame, {len(decode)} vxlan_header and 4 vtep seeds")


if __name__ == "__main__":
    main()
