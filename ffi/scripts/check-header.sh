#!/usr/bin/env bash
# Checks that the committed ffi/include/mediafabric.h is what cbindgen generates from
# the current sources; prints the difference and fails when it is not.
#
#   check-header.sh           check (exit 1 with a diff on drift)
#   check-header.sh --update  regenerate the committed header
#
# MEDIAFABRIC_HEADER=PATH compares PATH instead of the committed header (run.sh uses
# it to prove that drift is caught).
#
# Needs cbindgen on PATH. The committed header was generated with the version in
# CBINDGEN_VERSION below (`cargo install cbindgen --version <it> --locked`); another
# version may format it differently, which shows up as drift. When it is missing the
# check fails under CI=true and is skipped with a message otherwise.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
CBINDGEN_VERSION="0.29.4"
header="${MEDIAFABRIC_HEADER:-$root/ffi/include/mediafabric.h}"

if ! command -v cbindgen >/dev/null 2>&1; then
    if [ "${CI:-}" = "true" ]; then
        echo "check-header: cbindgen not found (install it: cargo install cbindgen --version $CBINDGEN_VERSION --locked)" >&2
        exit 1
    fi
    echo "check-header: SKIPPED: cbindgen not found (install it: cargo install cbindgen --version $CBINDGEN_VERSION --locked)"
    exit 0
fi

generate() {
    # Run from the workspace root: cbindgen reads the crate through `cargo metadata`.
    (cd "$root" && cbindgen --quiet --config ffi/cbindgen.toml --crate mediafabric-ffi --output "$1")
}

if [ "${1:-}" = "--update" ]; then
    generate "$header"
    echo "check-header: regenerated $header with $(cbindgen --version)"
    exit 0
fi

have_version="$(cbindgen --version | awk '{print $2}')"
if [ "$have_version" != "$CBINDGEN_VERSION" ]; then
    echo "check-header: note: cbindgen $have_version here, the header was made with $CBINDGEN_VERSION;" \
        "install that one if the only differences are formatting" >&2
fi

tmp="$(mktemp "${TMPDIR:-/tmp}/mediafabric.h.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
generate "$tmp"
if diff -u --label "committed ffi/include/mediafabric.h" --label "generated from ffi/src" "$header" "$tmp"; then
    echo "check-header: ffi/include/mediafabric.h is up to date ($(cbindgen --version))"
else
    echo "check-header: ffi/include/mediafabric.h is out of date; run ffi/scripts/check-header.sh --update and commit it" >&2
    exit 1
fi
