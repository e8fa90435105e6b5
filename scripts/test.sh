#!/usr/bin/env bash
# The whole mediafabric test suite, from a fresh clone on a fresh machine.
#
#   bash scripts/test.sh            # everything (needs root for packages and namespaces)
#   FUZZ_SECONDS=60 bash scripts/test.sh
#
# It installs what it needs (Debian packages for the real peers, the thumbv7em target,
# nightly + cargo-fuzz, cbindgen, a Python venv with maturin and pytest), then runs every
# check in turn and ends with a line "steps: N passed, M failed". It exits non-zero if
# any step failed. .ci/run calls exactly this script.
set -uo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
FUZZ_SECONDS=${FUZZ_SECONDS:-30}
export CARGO_TERM_COLOR=never
export DEBIAN_FRONTEND=noninteractive

log() { printf '\n==> %s\n' "$*"; }

# ---------------------------------------------------------------- installation
install_debian_packages() {
  # gstreamer1.0-*: the ST 2110-20 peer (rtpvrawpay/rtpvrawdepay in -good, pcapparse in
  # -bad, videotestsrc in -base); iproute2 brings `bridge` for the IGMP snooping tests.
  local want=(build-essential pkg-config valgrind tshark tcpdump tcpreplay iproute2 python3
    gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad)
  local missing=()
  for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "apt-get install ${missing[*]}"
    local SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    # wireshark-common asks whether non-root users may capture: answer no, quietly.
    echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

install_rust_tools() {
  rustup component add rustfmt clippy >/dev/null 2>&1 || true
  rustup target add thumbv7em-none-eabihf
  if ! rustup toolchain list | grep -q '^nightly'; then
    rustup toolchain install nightly --profile minimal
  fi
  command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
  # The committed header was generated with this cbindgen; another version may format
  # it differently, which the drift check would report.
  cbindgen --version 2>/dev/null | grep -q "0.29.4" || cargo install cbindgen --version 0.29.4 --locked --force
}

log "installing what the tests need"
install_debian_packages || { echo "could not install Debian packages"; exit 2; }
install_rust_tools || { echo "could not install Rust tools"; exit 2; }

# ---------------------------------------------------------------- the steps
passed=0
failed=0
failed_names=()
step() {
  local name=$1
  shift
  log "$name"
  local t0=$SECONDS
  if "$@"; then
    passed=$((passed + 1))
    echo "--- ok: $name ($((SECONDS - t0)) s)"
  else
    failed=$((failed + 1))
    failed_names+=("$name")
    echo "--- FAILED: $name ($((SECONDS - t0)) s)"
  fi
}

no_std_builds() {
  local c
  for c in ptp st2110 vxlan igmp; do
    cargo build -p "mediafabric-$c" --no-default-features --target thumbv7em-none-eabihf || return 1
  done
  cargo build -p mediafabric-vxlan --no-default-features --features alloc \
    --target thumbv7em-none-eabihf
}

step "cargo fmt --check" cargo fmt --all -- --check
step "cargo clippy (warnings are errors)" cargo clippy --workspace --all-targets -- -D warnings
step "cargo test (unit, proptest, interop)" cargo test --workspace
step "rustdoc (warnings are errors)" env RUSTDOCFLAGS=-Dwarnings cargo doc --workspace --no-deps
step "no_std builds for thumbv7em-none-eabihf" no_std_builds
step "C ABI: header drift, C11/C++17, valgrind" bash ffi/tests/run.sh
step "Python package: build, pytest, stubtest" bash python/run-tests.sh
step "fuzz targets (${FUZZ_SECONDS} s each)" bash fuzz/run.sh "$FUZZ_SECONDS"
step "benchmarks compile" cargo bench --workspace --no-run

echo
if [ ${#failed_names[@]} -gt 0 ]; then
  printf 'failed step: %s\n' "${failed_names[@]}"
fi
echo "steps: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
