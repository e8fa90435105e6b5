#!/usr/bin/env bash
# Builds and tests the mediafabric C ABI, from any directory:
#
#   ffi/tests/run.sh
#
#  1. cargo build -p mediafabric-ffi --release   (libmediafabric.a, libmediafabric.so)
#  2. cargo test -p mediafabric-ffi              (Rust unit tests of the boundary)
#  3. header drift check                         (ffi/scripts/check-header.sh)
#  4. mediafabric.pc for the build tree          (ffi/scripts/gen-pc.sh), checked
#  5. C11 tests, -Wall -Wextra -Werror -pedantic, compiled with `pkg-config --cflags
#     --libs mediafabric`, linked against the shared and against the static library
#  6. the header as C++17 (-fsyntax-only, then built and run)
#  7. the example ffi/examples/vxlan_encap.c, built and run
#  8. the example ffi/examples/ptp_decode.c, built and run: it writes a capture of the
#     PTP messages it builds and decodes it again; tshark must decode the same header
#     fields and find every UDP checksum right, and (when tests/data/ptp/shared is
#     there, or MF_PTP_CAPTURES names a directory of pcaps) the example must decode
#     every message of the real captures exactly as tshark does
#  9. the example ffi/examples/igmp_router.c, built and run: the router fed the kernel's
#     IGMPv3 and MLDv2 captures (crates/igmp/tests/data/router/) must end with the
#     membership they imply, and the host-to-router demo must end with its one group;
#     the router is also created on a thread with a 64 KiB stack (ulimit -s 64)
# 10. the example ffi/examples/st2110_receive.c, built and run: GStreamer's ST 2110-20
#     capture received with its SDP must give GStreamer's own frames byte for byte
# 11. valgrind (--leak-check=full --errors-for-leak-kinds=all) on the C tests, the C++
#     check and the examples
# 12. AddressSanitizer + UndefinedBehaviorSanitizer build of the C tests (static)
#
# Needs cargo, gcc, g++, valgrind, pkg-config, readelf, tshark (Debian: build-essential
# valgrind pkg-config tshark) and cbindgen 0.29.4 (cargo install cbindgen --version
# 0.29.4 --locked). With CI=true a missing tool is a failure; otherwise g++, valgrind,
# cbindgen, tshark and the sanitizers are skipped with a message when missing. CC and
# CXX override the compilers.
# Exits non-zero on any failure.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
CC="${CC:-gcc}"
CXX="${CXX:-g++}"
CI="${CI:-}"
steps=0
skipped=()

step() {
    steps=$((steps + 1))
    printf '\n==> [%d] %s\n' "$steps" "$*"
}
run() {
    printf '    $ %s\n' "$*"
    "$@"
}
die() {
    echo "run.sh: FAILED: $*" >&2
    exit 1
}
have() { command -v "$1" >/dev/null 2>&1; }
# A tool that may be missing outside CI.
optional() {
    if have "$1"; then
        return 0
    fi
    if [ "$CI" = "true" ]; then
        die "$1 is not installed (CI=true: a missing tool is a failure). $2"
    fi
    echo "    SKIPPED: $1 is not installed. $2"
    skipped+=("$1")
    return 1
}
for tool in cargo "$CC" pkg-config readelf; do
    have "$tool" || die "$tool is not installed (apt-get install build-essential pkg-config)"
done

# Runs a test binary and checks it ends with "N passed, 0 failed".
run_test() {
    local out
    printf '    $ %s\n' "$*"
    if ! out="$("$@" 2>&1)"; then
        printf '%s\n' "$out"
        die "$1 exited with an error"
    fi
    printf '%s\n' "$out" | sed 's/^/    /'
    printf '%s\n' "$out" | tail -n1 | grep -Eq ': [1-9][0-9]* passed, 0 failed$' ||
        die "$1 did not report 'N passed, 0 failed'"
}

step "build the library (release)"
run cargo build -p mediafabric-ffi --release
target="$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
[ -n "$target" ] || die "cannot find cargo's target directory"
libdir="$target/release"
for f in libmediafabric.a libmediafabric.so; do
    [ -f "$libdir/$f" ] || die "$libdir/$f was not built"
    echo "    built $libdir/$f"
done
build="$target/mediafabric-ffi-c"
rm -rf "$build"
mkdir -p "$build/pkgconfig"

step "Rust unit tests of the boundary"
run cargo test -p mediafabric-ffi

step "header drift check"
run ffi/scripts/check-header.sh
if have cbindgen; then
    # Prove the check catches drift: a stale copy must fail it.
    stale="$build/stale-mediafabric.h"
    sed 's/MF_STATUS_PANIC 12/MF_STATUS_PANIC 13/' ffi/include/mediafabric.h > "$stale"
    if MEDIAFABRIC_HEADER="$stale" ffi/scripts/check-header.sh > "$build/drift.log" 2>&1; then
        die "check-header.sh did not notice a changed header"
    fi
    echo "    a stale header is reported: $(grep -c '^[-+]#define' "$build/drift.log") changed line(s) shown"
fi

step "pkg-config file for the build tree"
run ffi/scripts/gen-pc.sh --libdir "$libdir" --includedir "$root/ffi/include" \
    --output "$build/pkgconfig/mediafabric.pc"
export PKG_CONFIG_PATH="$build/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
run pkg-config --exists --print-errors mediafabric
cflags="$(pkg-config --cflags mediafabric)"
libs="$(pkg-config --libs mediafabric)"
libs_static="$(pkg-config --static --libs mediafabric)"
version="$(pkg-config --modversion mediafabric)"
echo "    pkg-config --cflags --libs mediafabric: $cflags $libs"
echo "    pkg-config --static --libs mediafabric: $libs_static"
echo "    pkg-config --modversion mediafabric:    $version"
case " $cflags " in *" -I$root/ffi/include "*) ;; *) die "--cflags lacks -I$root/ffi/include" ;; esac
case " $libs " in *" -L$libdir "*) ;; *) die "--libs lacks -L$libdir" ;; esac
case " $libs " in *" -lmediafabric "*) ;; *) die "--libs lacks -lmediafabric" ;; esac
pkgid="$(cargo pkgid -p mediafabric-ffi)"
[ "$version" = "${pkgid##*[@#]}" ] || die "pc version $version is not the crate's (${pkgid##*[@#]})"

strict=(-std=c11 -Wall -Wextra -Werror -pedantic -O2 -g)
tests=(test_vxlan test_vxlan_fdb test_ptp test_ptp_build test_igmp test_igmp_router test_igmp_host test_st2110)
# The ST 2110 tests read GStreamer's capture and the sample SDPs from here.
st2110_data="$root/crates/st2110/tests/data"
test_defs=(-DMF_EXPECTED_VERSION="\"$version\"" -DMF_TEST_DATA="\"$st2110_data\"")
# Static linking: the same pkg-config flags, with the archive named explicitly so the
# linker cannot pick the shared object.
static_libs="${libs_static//-lmediafabric/-l:libmediafabric.a}"

step "C11 tests against the shared library"
for t in "${tests[@]}"; do
    # shellcheck disable=SC2086 # pkg-config output is a list of flags
    run "$CC" "${strict[@]}" "${test_defs[@]}" $cflags "ffi/tests/$t.c" \
        $libs -Wl,-rpath,"$libdir" -o "$build/$t"
    readelf -d "$build/$t" | grep -q 'NEEDED.*libmediafabric\.so' ||
        die "$t is not linked against libmediafabric.so"
    run_test "$build/$t"
done

step "C11 tests against the static library"
for t in "${tests[@]}"; do
    # shellcheck disable=SC2086
    run "$CC" "${strict[@]}" "${test_defs[@]}" $cflags "ffi/tests/$t.c" \
        $static_libs -o "$build/${t}_static"
    if readelf -d "$build/${t}_static" | grep -q 'NEEDED.*libmediafabric'; then
        die "${t}_static depends on libmediafabric.so"
    fi
    run_test "$build/${t}_static"
done

step "the header as C++17"
if optional "$CXX" "Install g++ (build-essential)."; then
    # shellcheck disable=SC2086
    run "$CXX" -std=c++17 -Wall -Wextra -Werror -pedantic -fsyntax-only $cflags ffi/tests/header_check.cpp
    # shellcheck disable=SC2086
    run "$CXX" -std=c++17 -Wall -Wextra -Werror -pedantic -O2 $cflags ffi/tests/header_check.cpp \
        $libs -Wl,-rpath,"$libdir" -o "$build/header_check"
    run "$build/header_check"
fi

step "example ffi/examples/vxlan_encap.c"
# shellcheck disable=SC2086
run "$CC" "${strict[@]}" $cflags ffi/examples/vxlan_encap.c $libs -Wl,-rpath,"$libdir" \
    -o "$build/vxlan_encap"
run "$build/vxlan_encap"
run "$build/vxlan_encap" 77 2001:db8::1 2001:db8::2 > "$build/vxlan_encap_v6.log" ||
    die "the example failed over IPv6 (see $build/vxlan_encap_v6.log)"
tail -n 2 "$build/vxlan_encap_v6.log" | sed 's/^/    /'
if "$build/vxlan_encap" 16777216 > /dev/null 2>&1; then
    die "the example accepted VNI 2^24"
fi

step "example ffi/examples/ptp_decode.c"
# shellcheck disable=SC2086
run "$CC" "${strict[@]}" $cflags ffi/examples/ptp_decode.c $libs -Wl,-rpath,"$libdir" \
    -o "$build/ptp_decode"
demo="$build/ptp_demo.pcap"
run "$build/ptp_decode" --write-demo "$demo"
printf '    $ %s\n' "$build/ptp_decode $demo"
"$build/ptp_decode" "$demo" > "$build/ptp_decode.log" ||
    die "the example did not decode its own capture (see $build/ptp_decode.log)"
sed 's/^/    /' "$build/ptp_decode.log"
tail -n1 "$build/ptp_decode.log" | grep -qx '9 frames: 9 PTP, 0 other, 0 malformed' ||
    die "the example's capture did not decode as 9 PTP messages"
if "$build/ptp_decode" "$root/ffi/tests/ptp_frames.h" > /dev/null 2>&1; then
    die "the example accepted a file that is not a pcap"
fi
# The header fields tshark prints for a PTP capture, in the example's --tsv columns.
tshark_fields() {
    tshark -r "$1" -Y ptp -T fields -E separator=, -e frame.number -e ptp.v2.messagetype \
        -e ptp.v2.sequenceid -e ptp.v2.domainnumber -e ptp.v2.messagelength -e ptp.v2.flags \
        -e ptp.v2.correction.ns 2>/dev/null
}
if optional tshark "Install tshark to cross-check the PTP example."; then
    printf '    $ %s\n' "$build/ptp_decode --tsv $demo"
    "$build/ptp_decode" --tsv "$demo" > "$build/ptp_demo.tsv"
    tshark_fields "$demo" > "$build/ptp_demo.tshark.tsv"
    diff -u "$build/ptp_demo.tshark.tsv" "$build/ptp_demo.tsv" ||
        die "tshark decodes the example's PTP messages differently"
    echo "    tshark decodes the $(wc -l < "$build/ptp_demo.tsv") built messages the same way"
    # Every UDP checksum the library wrote is right (1 = good); the Layer 2 frame has none.
    checks="$(tshark -r "$demo" -o udp.check_checksum:TRUE -Y udp -T fields -e udp.checksum.status 2>/dev/null | sort | uniq -c | tr -s ' ')"
    [ "$checks" = " 8 1" ] || die "tshark found UDP checksums that are not right: $checks"
    echo "    tshark: all 8 UDP checksums right"
    smpte="$(tshark -r "$demo" -Y 'frame.number == 9' -T fields -e ptp.v2.oe.smpte.defaultsystemframerate.numerator \
        -e ptp.v2.oe.smpte.defaultsystemframerate.denominator -e ptp.v2.oe.smpte.masterlockingstatus \
        -e ptp.v2.oe.smpte.currentlocaloffset 2>/dev/null)"
    [ "$smpte" = "$(printf '30000\t1001\t4\t-18000')" ] ||
        die "tshark reads the SMPTE TLV as '$smpte'"
    echo "    tshark reads the SMPTE ST 2059-2 TLV: 30000/1001, locked, -18000 s"
    # The shared linuxptp recordings, as committed under tests/data/ptp/shared.
    captures="${MF_PTP_CAPTURES:-$root/tests/data/ptp/shared}"
    if [ -d "$captures" ]; then
        for pcap in "$captures"/*.pcap; do
            "$build/ptp_decode" --tsv "$pcap" > "$build/capture.tsv" ||
                die "the example failed on $pcap"
            tshark_fields "$pcap" > "$build/capture.tshark.tsv"
            diff -u "$build/capture.tshark.tsv" "$build/capture.tsv" > /dev/null ||
                die "the example and tshark disagree on $pcap (diff $build/capture.tshark.tsv $build/capture.tsv)"
            echo "    $(basename "$pcap"): $(wc -l < "$build/capture.tsv") messages decoded as tshark does"
        done
    else
        echo "    SKIPPED: no directory of real PTP captures at $captures (set MF_PTP_CAPTURES)"
    fi
fi

step "example ffi/examples/igmp_router.c"
# shellcheck disable=SC2086
run "$CC" "${strict[@]}" $cflags ffi/examples/igmp_router.c $libs -Wl,-rpath,"$libdir" \
    -o "$build/igmp_router"
igmp_data="$root/crates/igmp/tests/data/router"
printf '    $ %s\n' "$build/igmp_router $igmp_data/linux-igmpv3-host.pcap"
"$build/igmp_router" "$igmp_data/linux-igmpv3-host.pcap" > "$build/igmp_router_v4.log" ||
    die "the example failed on the IGMPv3 capture (see $build/igmp_router_v4.log)"
tail -n 6 "$build/igmp_router_v4.log" | sed 's/^/    /'
# At the end of the capture the host still has 239.1.1.1 (EXCLUDE, 10.9.9.9 being
# queried) and 232.5.5.5 from .1 and .3 (its last BLOCK queried too); 10 s later, with
# nobody answering the queries, nothing is left.
grep -qx '  239.1.1.1 EXCLUDE {10.9.9.9} compat v3' "$build/igmp_router_v4.log" &&
    grep -qx '  232.5.5.5 INCLUDE {10.1.0.1, 10.1.0.3} compat v3' "$build/igmp_router_v4.log" &&
    tail -n 2 "$build/igmp_router_v4.log" | head -n 1 | grep -q 'membership: 0 group(s)' &&
    tail -n 1 "$build/igmp_router_v4.log" | grep -qx 'received 12, accepted 12, dropped 0' ||
    die "the router's membership from the IGMPv3 capture is not what the capture implies"
"$build/igmp_router" "$igmp_data/linux-mldv2-host.pcap" > "$build/igmp_router_v6.log" ||
    die "the example failed on the MLDv2 capture (see $build/igmp_router_v6.log)"
grep -q 'event forward      (\*, ff15::1234)' "$build/igmp_router_v6.log" &&
    grep -q 'event stop         (\*, ff15::1234)' "$build/igmp_router_v6.log" &&
    tail -n 1 "$build/igmp_router_v6.log" | grep -qx 'received 6, accepted 6, dropped 0' ||
    die "the router did not see ff15::1234 joined and left in the MLDv2 capture"
echo "    MLDv2 capture: ff15::1234 joined and left, all 6 reports accepted"
"$build/igmp_router" --demo > "$build/igmp_router_demo.log" ||
    die "the host/router demo failed (see $build/igmp_router_demo.log)"
tail -n 2 "$build/igmp_router_demo.log" | tr '\n' ' ' |
    grep -q 'membership: 1 group(s)   232.5.5.5 INCLUDE {10.1.0.1} compat v3' ||
    die "the host/router demo did not end with 232.5.5.5 from 10.1.0.1 only"
echo "    demo: the router ends with what the host asked for"
(ulimit -s 64 && "$build/igmp_router" "$igmp_data/linux-mldv2-host.pcap" > /dev/null) ||
    die "the router could not be created and run on a 64 KiB stack"
echo "    a 64 KiB stack is enough to create and run a router"
if "$build/igmp_router" "$root/ffi/tests/igmp_frames.h" > /dev/null 2>&1; then
    die "the example accepted a file that is not a pcap"
fi

step "example ffi/examples/st2110_receive.c"
# shellcheck disable=SC2086
run "$CC" "${strict[@]}" $cflags ffi/examples/st2110_receive.c $libs -Wl,-rpath,"$libdir" \
    -o "$build/st2110_receive"
gst_sdp="$st2110_data/sdp/gst-rfc4175-uyvp-640x360.sdp"
gst_pcap="$st2110_data/gst-rfc4175-uyvp-640x360.pcap"
printf '    $ %s\n' "$build/st2110_receive $gst_sdp $gst_pcap $build/st2110.frames"
"$build/st2110_receive" "$gst_sdp" "$gst_pcap" "$build/st2110.frames" > "$build/st2110_receive.log" ||
    die "the example failed on GStreamer's capture (see $build/st2110_receive.log)"
sed 's/^/    /' "$build/st2110_receive.log"
tail -n 1 "$build/st2110_receive.log" | grep -qx '2 pictures (2 complete), 840 packets, 0 refused, 0 sequence gaps' ||
    die "the example did not receive GStreamer's 2 pictures whole"
cmp "$build/st2110.frames" "$st2110_data/gst-rfc4175-uyvp-640x360.frames" ||
    die "the example's pictures differ from GStreamer's own frames"
echo "    the 2 pictures are byte for byte GStreamer's (gst-rfc4175-uyvp-640x360.frames)"
if "$build/st2110_receive" "$gst_pcap" "$gst_pcap" > /dev/null 2>&1; then
    die "the example accepted a pcap as an SDP"
fi

step "valgrind: no errors, no leaks"
if optional valgrind "Install valgrind."; then
    vg=(valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=all
        --show-leak-kinds=all)
    # Control: a program that never frees its table must fail this valgrind setup, or
    # the clean runs below would prove nothing.
    printf '%s\n' '#include "mediafabric.h"' \
        'int main(void) { mf_vxlan_fdb *f = 0; return mf_vxlan_fdb_new(8, &f) != MF_STATUS_OK; }' \
        > "$build/leak_control.c"
    # shellcheck disable=SC2086
    "$CC" "${strict[@]}" $cflags "$build/leak_control.c" $libs -Wl,-rpath,"$libdir" \
        -o "$build/leak_control"
    if "${vg[@]}" "$build/leak_control" > "$build/leak_control.log" 2>&1; then
        die "valgrind did not report a leaked mf_vxlan_fdb (control)"
    fi
    echo "    control: a leaked mf_vxlan_fdb is reported ($(grep -c 'definitely lost' "$build/leak_control.log") record(s))"
    for t in "${tests[@]}"; do
        run_test "${vg[@]}" "$build/$t"
    done
    run "${vg[@]}" "$build/vxlan_encap" > /dev/null
    echo "    vxlan_encap: clean"
    run "${vg[@]}" "$build/ptp_decode" --write-demo "$build/ptp_demo_vg.pcap" > /dev/null
    run "${vg[@]}" "$build/ptp_decode" "$build/ptp_demo_vg.pcap" > /dev/null
    cmp "$demo" "$build/ptp_demo_vg.pcap" || die "the example wrote a different capture under valgrind"
    echo "    ptp_decode: clean"
    run "${vg[@]}" "$build/igmp_router" "$igmp_data/linux-igmpv3-host.pcap" > /dev/null
    run "${vg[@]}" "$build/igmp_router" --demo > /dev/null
    echo "    igmp_router: clean"
    run "${vg[@]}" "$build/st2110_receive" "$gst_sdp" "$gst_pcap" "$build/st2110_vg.frames" > /dev/null
    cmp "$build/st2110_vg.frames" "$build/st2110.frames" || die "the example wrote other pictures under valgrind"
    echo "    st2110_receive: clean"
    if [ -x "$build/header_check" ]; then
        run "${vg[@]}" "$build/header_check" > /dev/null
        echo "    header_check: clean"
    fi
fi

step "AddressSanitizer and UndefinedBehaviorSanitizer (static library)"
# shellcheck disable=SC2054 # the comma belongs to the flag
san=(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
if echo 'int main(void){return 0;}' | "$CC" "${san[@]}" -x c - -o "$build/san_probe" 2>/dev/null &&
    "$build/san_probe"; then
    for t in "${tests[@]}"; do
        # shellcheck disable=SC2086
        run "$CC" "${strict[@]}" "${san[@]}" "${test_defs[@]}" $cflags \
            "ffi/tests/$t.c" $static_libs -o "$build/${t}_asan"
        ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 run_test "$build/${t}_asan"
    done
elif [ "$CI" = "true" ]; then
    die "$CC cannot build with -fsanitize=address,undefined (install libasan/libubsan)"
else
    echo "    SKIPPED: $CC cannot build with -fsanitize=address,undefined"
    skipped+=(sanitizers)
fi

echo
if [ ${#skipped[@]} -gt 0 ]; then
    echo "run.sh: all $steps steps passed, with skips: ${skipped[*]}"
else
    echo "run.sh: all $steps steps passed"
fi
