#!/usr/bin/env bash
# Records the linuxptp captures of tests/data/ptp/ again (its README.md says what each
# file holds and how it was made).
#
#   sudo bash scripts/record-ptp-captures.sh [OUTDIR]      # default: tests/data/ptp
#
# Needs root (network namespaces), and the Debian packages linuxptp (3.1, bookworm),
# tcpdump, iproute2 and python3. The power profile and ATOI captures need linuxptp 4.x,
# which bookworm does not have: the script downloads Debian trixie's linuxptp package
# with apt-get (into a temporary directory, without touching the system's apt sources)
# and runs its ptp4l and pmc from there; without it those captures are skipped.
#
# Every peer runs in its own network namespace joined by veth pairs with fixed MAC
# addresses (so clock identities are the same on every run). No ptp4l here ever adjusts
# a clock: each one runs with software timestamps, the nullf servo and free_running,
# and all namespaces share the one system clock. Only namespace addresses are used.
# CI does not run this script; the tests read the committed files.
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$(realpath -m "${1:-$ROOT/tests/data/ptp}")
[ "$(id -u)" -eq 0 ] || { echo "needs root (network namespaces)" >&2; exit 2; }
for c in ip tcpdump ptp4l pmc python3; do
  command -v "$c" >/dev/null || { echo "missing $c (apt-get install linuxptp tcpdump iproute2 python3)" >&2; exit 2; }
done
mkdir -p "$OUT"
W=$(mktemp -d)
ID=$$
M=mfrcm$ID S=mfrcs$ID T=mfrct$ID
# veth names (at most 15 characters)
VM=rm$ID VS=rs$ID VTM=rtm$ID VTS=rts$ID
MAC_M=02:00:00:00:01:01 MAC_S=02:00:00:00:02:02 MAC_TM=02:00:00:00:03:01 MAC_TS=02:00:00:00:03:02
PIDS=()

cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  for n in $M $S $T; do ip netns del "$n" 2>/dev/null; done
  rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

log() { printf '==> %s\n' "$*" >&2; }

# ------------------------------------------------------------------ linuxptp 4.x
P4=""
fetch_linuxptp4() {
  local a="$W/apt"
  mkdir -p "$a/lists/partial" "$a/cache/archives/partial"
  echo "deb http://deb.debian.org/debian trixie main" >"$a/sources.list"
  local o=(-o "Dir::Etc::SourceList=$a/sources.list" -o Dir::Etc::SourceParts=/dev/null
           -o "Dir::State::Lists=$a/lists" -o "Dir::Cache=$a/cache" -o APT::Sandbox::User=root)
  apt-get "${o[@]}" update -qq >/dev/null 2>&1 || return 1
  (cd "$a" && apt-get "${o[@]}" download linuxptp >/dev/null 2>&1) || return 1
  dpkg-deb -x "$a"/linuxptp_*.deb "$a/x" || return 1
  "$a/x/usr/sbin/ptp4l" -v >/dev/null 2>&1 || return 1
  P4="$a/x/usr/sbin"
}
if fetch_linuxptp4; then log "linuxptp $("$P4/ptp4l" -v) from Debian trixie in $P4"
else log "could not get linuxptp 4.x: power profile and ATOI captures will be skipped"; fi

# ------------------------------------------------------------------ namespaces
# two hosts: M (10.77.0.1) -- S (10.77.0.2)
two_hosts() {
  ip netns add $M; ip netns add $S
  ip link add $VM type veth peer name $VS
  ip link set $VM netns $M; ip link set $VS netns $S
  ip -n $M link set $VM address $MAC_M; ip -n $S link set $VS address $MAC_S
  ip -n $M addr add 10.77.0.1/24 dev $VM; ip -n $S addr add 10.77.0.2/24 dev $VS
  for n in $M $S; do ip -n "$n" link set lo up; done
  ip -n $M link set $VM up; ip -n $S link set $VS up
  sleep 1
}
# three hosts: M -- T (a transparent clock with two ports) -- S, Layer 2 only
three_hosts() {
  ip netns add $M; ip netns add $S; ip netns add $T
  ip link add $VM type veth peer name $VTM; ip link add $VS type veth peer name $VTS
  ip link set $VM netns $M; ip link set $VTM netns $T; ip link set $VS netns $S; ip link set $VTS netns $T
  ip -n $M link set $VM address $MAC_M; ip -n $S link set $VS address $MAC_S
  ip -n $T link set $VTM address $MAC_TM; ip -n $T link set $VTS address $MAC_TS
  for n in $M $S $T; do ip -n "$n" link set lo up; done
  ip -n $M link set $VM up; ip -n $S link set $VS up; ip -n $T link set $VTM up; ip -n $T link set $VTS up
  sleep 1
}
no_hosts() {
  for n in $M $S $T; do ip netns del "$n" 2>/dev/null; done
  sleep 0.5
}

PF='udp port 319 or udp port 320 or ether proto 0x88f7'
CAP=""
cap_start() { # file
  ip netns exec $S tcpdump -i $VS -w "$W/cap.pcap" -U "$PF" 2>/dev/null & CAP=$!
  PIDS+=("$CAP"); CAPFILE=$1; sleep 1
}
cap_stop() {
  sleep 2; kill "$CAP" 2>/dev/null; wait "$CAP" 2>/dev/null
  cp "$W/cap.pcap" "$OUT/$CAPFILE"; chmod 644 "$OUT/$CAPFILE"
  log "$CAPFILE: $(stat -c %s "$OUT/$CAPFILE") bytes"
}
# ptp4l that never adjusts a clock; its management sockets are private to this run.
# usage: run NS SECONDS BIN NAME args...
run() {
  local ns=$1 secs=$2 bin=$3 name=$4; shift 4
  local extra=()
  [ "$bin" != ptp4l ] && extra+=(--uds_ro_address="$W/$name.ro")
  ip netns exec "$ns" timeout "$secs" "$bin" -S -m --clock_servo=nullf --free_running=1 \
    --uds_address="$W/$name.uds" "${extra[@]}" "$@" >"$W/$name.log" 2>&1 &
  PIDS+=($!)
}
C=/usr/share/doc/linuxptp/configs
FAST=(--logAnnounceInterval=-2 --logSyncInterval=-3 --logMinDelayReqInterval=-3 --logMinPdelayReqInterval=-3)

# crafted messages for a real peer to answer: management requests
# pmc will not send, and a unicast CANCEL
cat >"$W/ptpcraft.py" <<'PY'
import socket, struct, sys, time

def header(mtype, length, seq, control, clock, port=1, domain=0, flags=0):
    return struct.pack(">BBHBBH8sI8sHHBb", mtype, 0x02, length, domain, 0, flags,
                       bytes(8), 0, clock, port, seq, control, 0x7F)

def clock_of(mac):
    b = bytes.fromhex(mac.replace(":", ""))
    return b[:3] + b"\xff\xfe" + b[3:]

def management(seq, action, mid, data, clock, length_field=None):
    tlv_len = 2 + len(data) if length_field is None else length_field
    tlv = struct.pack(">HHH", 1, tlv_len, mid) + data
    body = b"\xff" * 10 + struct.pack(">BBBB", 1, 1, action, 0)
    total = 34 + len(body) + len(tlv)
    return header(0x0D, total, seq, 4, clock) + body + tlv

def send(sock, dst, msg):
    sock.sendto(msg, (dst, 320))
    time.sleep(0.15)

cmd = sys.argv[1]
if cmd == "mgmt":
    src, mac = sys.argv[2], sys.argv[3]
    clock = clock_of(mac)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(src))
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 1)
    s.bind((src, 0))
    GET, SET, COMMAND, ACK = 0, 1, 3, 4
    reqs = [
        (GET, 0x200F, b""),            # TIME
        (GET, 0x2011, b""),            # UTC_PROPERTIES
        (GET, 0x2014, b""),            # UNICAST_NEGOTIATION_ENABLE
        (GET, 0x2015, b""),            # PATH_TRACE_LIST
        (GET, 0x2016, b""),            # PATH_TRACE_ENABLE
        (GET, 0x0006, b""),            # FAULT_LOG
        (GET, 0x2018, b""),            # UNICAST_MASTER_TABLE
        (GET, 0x201D, b""),            # ALTERNATE_MASTER
        (GET, 0x4000, b""),            # TRANSPARENT_CLOCK_DEFAULT_DATA_SET
        (GET, 0x4002, b""),            # PRIMARY_DOMAIN
        (GET, 0x1234, b""),            # a reserved managementId
        (SET, 0x2010, b"\x21\x00"),    # SET CLOCK_ACCURACY (GET-only)
        (SET, 0x2000, bytes(20)),      # SET DEFAULT_DATA_SET (GET-only)
        (SET, 0x2005, b"\x63\x00"),    # SET PRIORITY1
        (COMMAND, 0x200D, b""),        # ENABLE_PORT
        (COMMAND, 0x0005, b"\x00\x00"),  # INITIALIZE
        (COMMAND, 0x0003, b""),        # SAVE_IN_NON_VOLATILE_STORAGE
        (COMMAND, 0x2000, b""),        # COMMAND of a data set
        (ACK, 0x2005, b"\x00\x00"),    # an ACKNOWLEDGE
    ]
    for i, (action, mid, data) in enumerate(reqs):
        send(s, "224.0.1.129", management(200 + i, action, mid, data, clock))
    # a GET PRIORITY1 whose lengthField is odd (3): a WRONG_LENGTH candidate
    send(s, "224.0.1.129", management(250, GET, 0x2005, b"\x00\x00", clock, length_field=3))
elif cmd == "cancel":
    # CANCEL_UNICAST_TRANSMISSION for Sync and Delay_Resp, from the master's address
    src, dst, mac, domain = sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((src, 0))
    tlvs = struct.pack(">HHBB", 6, 2, 0x00, 0) + struct.pack(">HHBB", 6, 2, 0x90, 0)
    total = 34 + 10 + len(tlvs)
    msg = header(0x0C, total, 0x4242, 5, clock_of(mac), domain=domain, flags=0x0400)
    msg += b"\xff" * 10 + tlvs
    s.sendto(msg, (dst, 320))
PY

# ------------------------------------------------------------------ gPTP (802.1AS)
log "gPTP"
two_hosts
cap_start ptp4l-gptp-l2-p2p.pcap
run $M 9 ptp4l gm -f $C/gPTP.cfg -i $VM --priority1=100 --neighborPropDelayThresh=100000000
run $S 9 ptp4l sl -f $C/gPTP.cfg -i $VS --neighborPropDelayThresh=100000000
sleep 10; cap_stop; no_hosts

log "802.1AS automotive profile (message interval request)"
two_hosts
cap_start ptp4l-automotive-l2.pcap
run $M 8 ptp4l gm -f $C/automotive-master.cfg -i $VM
run $S 8 ptp4l sl -f $C/automotive-slave.cfg -i $VS
sleep 9; cap_stop; no_hosts

# ------------------------------------------------------------------ G.8275.1
log "G.8275.1"
two_hosts
cap_start ptp4l-g8275.1-l2-domain24.pcap
run $M 5 ptp4l gm -f $C/G.8275.1.cfg -i $VM --domainNumber=24 --priority2=100
run $S 5 ptp4l sl -f $C/G.8275.1.cfg -i $VS --domainNumber=24 -s
sleep 6; cap_stop; no_hosts

# ------------------------------------------------------------------ G.8275.2 unicast
log "G.8275.2 (unicast negotiation)"
{ cat $C/G.8275.2.cfg
  printf 'unicast_req_duration\t10\n[unicast_master_table]\ntable_id\t1\nlogQueryInterval\t0\nUDPv4\t10.77.0.1\n[%s]\nunicast_master_table\t1\n' $VS
} >"$W/g8275.2-slave.cfg"
two_hosts
cap_start ptp4l-g8275.2-udp4-unicast.pcap
run $M 12 ptp4l gm -f $C/G.8275.2.cfg -i $VM -4 --domainNumber=44 --priority2=100
run $S 12 ptp4l sl -f "$W/g8275.2-slave.cfg" -i $VS -4 --domainNumber=44 -s
sleep 7
ip netns exec $M python3 "$W/ptpcraft.py" cancel 10.77.0.1 10.77.0.2 $MAC_M 44
sleep 6; cap_stop; no_hosts

log "UNICAST-MASTER / unicast client over Layer 2"
{ printf '[global]\nunicast_req_duration\t10\n[unicast_master_table]\ntable_id\t2\nlogQueryInterval\t0\nL2\t%s\n[%s]\nunicast_master_table\t2\n' $MAC_M $VS
} >"$W/unicast-slave.cfg"
two_hosts
cap_start ptp4l-unicast-l2.pcap
run $M 8 ptp4l gm -f $C/UNICAST-MASTER.cfg -i $VM -2 --priority1=100 "${FAST[@]}"
run $S 8 ptp4l sl -f "$W/unicast-slave.cfg" -i $VS -2 -s "${FAST[@]}"
sleep 9; cap_stop; no_hosts

# ------------------------------------------------------------------ transparent clocks
for tc in E2E P2P; do
  log "$tc transparent clock"
  lc=${tc,,}
  dm=""; [ $tc = P2P ] && dm="-P"
  three_hosts
  cap_start "ptp4l-$lc-tc-l2.pcap"
  run $T 9 ptp4l tc -f $C/$tc-TC.cfg -i $VTM -i $VTS
  run $M 9 ptp4l gm -i $VM -2 $dm --priority1=100 --logAnnounceInterval=-2 --logSyncInterval=-2 --logMinDelayReqInterval=-2 --logMinPdelayReqInterval=-1
  run $S 9 ptp4l sl -i $VS -2 $dm -s --logAnnounceInterval=-2 --logSyncInterval=-2 --logMinDelayReqInterval=-2 --logMinPdelayReqInterval=-1
  sleep 10; cap_stop; no_hosts
done

# ------------------------------------------------------------------ management
log "management: pmc GET of every ID it sends, SETs, crafted requests"
two_hosts
cap_start ptp4l-pmc-management-errors.pcap
run $M 16 ptp4l gm -i $VM -4 --priority1=100 --logAnnounceInterval=1 --logSyncInterval=1
sleep 2
GETS=()
for q in NULL_MANAGEMENT CLOCK_DESCRIPTION USER_DESCRIPTION DEFAULT_DATA_SET CURRENT_DATA_SET \
  PARENT_DATA_SET TIME_PROPERTIES_DATA_SET PORT_DATA_SET PRIORITY1 PRIORITY2 DOMAIN SLAVE_ONLY \
  LOG_ANNOUNCE_INTERVAL ANNOUNCE_RECEIPT_TIMEOUT LOG_SYNC_INTERVAL VERSION_NUMBER CLOCK_ACCURACY \
  TRACEABILITY_PROPERTIES TIMESCALE_PROPERTIES DELAY_MECHANISM LOG_MIN_PDELAY_REQ_INTERVAL \
  TIME_STATUS_NP GRANDMASTER_SETTINGS_NP PORT_DATA_SET_NP SUBSCRIBE_EVENTS_NP PORT_PROPERTIES_NP \
  PORT_STATS_NP; do GETS+=("GET $q"); done
ip netns exec $S timeout 8 pmc -4 -i $VS -b 1 "${GETS[@]}" >"$W/pmc1.out" 2>&1
ip netns exec $S timeout 2 pmc -4 -i $VS -b 1 -z "GET DEFAULT_DATA_SET" "GET PRIORITY1" "GET TIME_STATUS_NP" >>"$W/pmc1.out" 2>&1
ip netns exec $S timeout 2 pmc -4 -i $VS -b 1 "SET PRIORITY1 99" "SET PRIORITY2 120" >>"$W/pmc1.out" 2>&1
ip netns exec $S python3 "$W/ptpcraft.py" mgmt 10.77.0.2 $MAC_S
sleep 1; cap_stop; no_hosts

# ------------------------------------------------------------------ linuxptp 4.x
if [ -n "$P4" ]; then
  for v in 2011 2017; do
    log "IEEE C37.238-$v power profile"
    two_hosts
    cap_start ptp4l42-power$v-l2-p2p.pcap
    run $M 7 "$P4/ptp4l" gm -i $VM -2 -P --priority1=100 --logAnnounceInterval=-2 --logSyncInterval=-2 \
      --power_profile.version=$v --power_profile.grandmasterID=0x0103 \
      --power_profile.2011.grandmasterTimeInaccuracy=50 --power_profile.2011.networkTimeInaccuracy=200 \
      --power_profile.2017.totalTimeInaccuracy=250
    run $S 7 "$P4/ptp4l" sl -i $VS -2 -P -s --logAnnounceInterval=-2 --power_profile.version=$v
    sleep 8; cap_stop; no_hosts
  done

  log "ALTERNATE_TIME_OFFSET_INDICATOR and linuxptp 4.x management"
  two_hosts
  cap_start ptp4l42-atoi-management-udp4.pcap
  run $M 10 "$P4/ptp4l" gm -i $VM -4 --priority1=100 --logAnnounceInterval=-1 --logSyncInterval=0
  sleep 1
  ip netns exec $M "$P4/pmc" -u -s "$W/gm.uds" -i "$W/pmc-local" -b 0 \
    "SET ALTERNATE_TIME_OFFSET_PROPERTIES keyField 0 currentOffset 10800 jumpSeconds -3600 timeOfNextJump 1800000000" \
    "SET ALTERNATE_TIME_OFFSET_NAME keyField 0 displayName EEST" \
    "SET ALTERNATE_TIME_OFFSET_ENABLE keyField 0 enable 1" >"$W/pmc2.out" 2>&1
  sleep 3
  GETS=()
  for q in ALTERNATE_TIME_OFFSET_PROPERTIES ALTERNATE_TIME_OFFSET_NAME ALTERNATE_TIME_OFFSET_ENABLE \
    DEFAULT_DATA_SET PARENT_DATA_SET PORT_DATA_SET CLOCK_DESCRIPTION MASTER_ONLY \
    POWER_PROFILE_SETTINGS_NP PORT_SERVICE_STATS_NP UNICAST_MASTER_TABLE_NP PORT_HWCLOCK_NP \
    TIME_STATUS_NP PORT_PROPERTIES_NP; do GETS+=("GET $q"); done
  ip netns exec $S timeout 5 "$P4/pmc" -4 -i $VS -b 1 "${GETS[@]}" >>"$W/pmc2.out" 2>&1
  sleep 2; cap_stop; no_hosts
fi

ls -la "$OUT"/*.pcap >&2
