#!/usr/bin/env bash
# Runs every fuzz target for a fixed time each and fails if any of them finds a crash.
#
#   fuzz/run.sh [SECONDS]      (default 30 seconds per target)
#
# Needs the nightly toolchain and cargo-fuzz; when either is missing it installs them
# (rustup toolchain install nightly --profile minimal; cargo install cargo-fuzz --locked).
# Builds go to fuzz/target, never to the workspace's target directory. The committed
# seeds in fuzz/corpus/<target>/ are read, never written: what the fuzzer finds goes to
# fuzz/target/corpus/<target>/, crashes to fuzz/artifacts/<target>/.
set -euo pipefail

SECONDS_PER_TARGET="${1:-30}"
case "$SECONDS_PER_TARGET" in
    '' | *[!0-9]*) echo "usage: $0 [seconds per target]" >&2; exit 2 ;;
esac

FUZZ_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$FUZZ_DIR/.."
TARGETS=(vxlan_header decode_frame vtep ptp_message ptp_tlv igmp_message igmp_router st2110_sdp st2110_rtp st2110_depacketize)

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    echo "installing the nightly toolchain" >&2
    rustup toolchain install nightly --profile minimal
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz" >&2
    cargo install cargo-fuzz --locked
fi

# Never share (and so clobber) the workspace's target directory.
unset CARGO_TARGET_DIR
TARGET_DIR="$FUZZ_DIR/target"

cargo +nightly fuzz build --fuzz-dir "$FUZZ_DIR" --target-dir "$TARGET_DIR"

max_len() {
    case "$1" in
        vxlan_header) echo 64 ;;
        decode_frame) echo 2048 ;;
        vtep) echo 4096 ;;
        ptp_message) echo 1024 ;;
        ptp_tlv) echo 1024 ;;
        igmp_message) echo 1024 ;;
        igmp_router) echo 4096 ;;
        st2110_sdp) echo 4096 ;;
        st2110_rtp) echo 2048 ;;
        st2110_depacketize) echo 8192 ;;
    esac
}

failed=()
for t in "${TARGETS[@]}"; do
    work="$TARGET_DIR/corpus/$t"
    mkdir -p "$work" "$FUZZ_DIR/artifacts/$t"
    echo "=== $t: ${SECONDS_PER_TARGET}s" >&2
    if ! cargo +nightly fuzz run --fuzz-dir "$FUZZ_DIR" --target-dir "$TARGET_DIR" "$t" \
        "$work" "$FUZZ_DIR/corpus/$t" -- \
        -max_total_time="$SECONDS_PER_TARGET" -max_len="$(max_len "$t")" \
        -timeout=10 -rss_limit_mb=2048 -print_final_stats=1; then
        failed+=("$t")
    fi
done

if [ "${#failed[@]}" -ne 0 ]; then
    echo "FAILED: ${failed[*]}; reproducers:" >&2
    for t in "${failed[@]}"; do
        ls -1 "$FUZZ_DIR/artifacts/$t" >&2 || true
        echo "  reproduce: cargo +nightly fuzz run --fuzz-dir fuzz $t fuzz/artifacts/$t/<file>" >&2
    done
    exit 1
fi
echo "all fuzz targets ran ${SECONDS_PER_TARGET}s each without a crash" >&2
