#!/bin/sh
# Records Linux kernel VXLAN traffic (VNI 4242, UDP port 4789) between two network
# namespaces with `tcpdump -i any` on the receiving side, twice at once: in Linux cooked
# capture v2 (LINKTYPE_LINUX_SLL2, tcpdump's default for "any") and v1 (LINKTYPE_LINUX_SLL).
#
#   sudo ./record-linux-any.sh linux-vxlan-4789-any-sll2.pcap linux-vxlan-4789-any-sll.pcap
#
# Needs root, iproute2, tcpdump and python3. Creates namespaces mfcli_a and mfcli_b and
# deletes them on every exit path; sends only to the namespaces' own addresses.
set -eu
[ $# -eq 2 ] || { echo "usage: $0 SLL2.pcap SLL.pcap" >&2; exit 2; }
A=mfcli_a; B=mfcli_b
cleanup() { ip netns del $A 2>/dev/null || true; ip netns del $B 2>/dev/null || true; }
trap cleanup EXIT INT TERM
cleanup
ip netns add $A; ip netns add $B
ip link add mfcli_va type veth peer name mfcli_vb
ip link set mfcli_va netns $A; ip link set mfcli_vb netns $B
ip -n $A addr add 10.77.0.1/24 dev mfcli_va; ip -n $B addr add 10.77.0.2/24 dev mfcli_vb
ip -n $A link set mfcli_va up; ip -n $B link set mfcli_vb up
ip -n $A link set lo up; ip -n $B link set lo up
ip -n $A link add vx0 type vxlan id 4242 local 10.77.0.1 remote 10.77.0.2 dstport 4789
ip -n $B link add vx0 type vxlan id 4242 local 10.77.0.2 remote 10.77.0.1 dstport 4789
ip -n $A addr add 192.168.50.1/24 dev vx0; ip -n $B addr add 192.168.50.2/24 dev vx0
ip -n $A link set vx0 up; ip -n $B link set vx0 up
sleep 2
ip netns exec $B tcpdump -i any -U -w "$1" udp port 4789 2>/dev/null &
T1=$!
ip netns exec $B tcpdump -i any -y LINUX_SLL -U -w "$2" udp port 4789 2>/dev/null &
T2=$!
sleep 2
# From a: three UDP datagrams to a closed port (b answers ICMP port unreachable) and
# one ICMP echo request (b replies), all through the tunnel.
ip netns exec $A python3 -c '
import socket, struct, time
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(3):
    u.sendto(b"mediafabric %d" % i, ("192.168.50.2", 5004)); time.sleep(0.2)
icmp = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b)); s = (s >> 16) + (s & 0xffff); s += s >> 16
    return ~s & 0xffff
body = b"mediafabric echo"
hdr = struct.pack("!BBHHH", 8, 0, 0, 0x4d46, 1)
icmp.sendto(struct.pack("!BBHHH", 8, 0, csum(hdr + body), 0x4d46, 1) + body, ("192.168.50.2", 0))
time.sleep(0.2)
'
# libpcap delivers in blocks: give the last packets time to reach the files.
sleep 2
kill -INT $T1 $T2; wait $T1 $T2 || true
