#!/usr/bin/env bash
# Writes mediafabric.pc from ffi/mediafabric.pc.in.
#
#   gen-pc.sh --libdir DIR --includedir DIR [--prefix DIR] [--output FILE]
#
# For an installation under /usr/local:
#   gen-pc.sh --prefix /usr/local --libdir /usr/local/lib \
#             --includedir /usr/local/include --output /usr/local/lib/pkgconfig/mediafabric.pc
# For a build tree (what ffi/tests/run.sh does): libdir = target/release, includedir =
# ffi/include. The version is the crate's, read with `cargo pkgid`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ffi="$(dirname "$here")"
prefix="" libdir="" includedir="" output="mediafabric.pc"
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix="$2"; shift 2 ;;
        --libdir) libdir="$2"; shift 2 ;;
        --includedir) includedir="$2"; shift 2 ;;
        --output) output="$2"; shift 2 ;;
        -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
        *) echo "gen-pc.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
done
if [ -z "$libdir" ] || [ -z "$includedir" ]; then
    echo "gen-pc.sh: --libdir and --includedir are required" >&2
    exit 2
fi
[ -n "$prefix" ] || prefix="$(dirname "$libdir")"

# `cargo pkgid` prints e.g. path+file:///repo/ffi#mediafabric-ffi@0.1.0 (or ...#0.1.0).
pkgid="$(cd "$ffi" && cargo pkgid -p mediafabric-ffi)"
version="${pkgid##*[@#]}"
case "$version" in
    [0-9]*) ;;
    *) echo "gen-pc.sh: cannot read the version from '$pkgid'" >&2; exit 1 ;;
esac
url="$(sed -n 's/^repository *= *"\(.*\)"/\1/p' "$ffi/../Cargo.toml" | head -n1)"

# '|' as the sed delimiter: paths contain '/'. Escape '&', '\' and '|' in values.
esc() { printf '%s' "$1" | sed -e 's/[\\&|]/\\&/g'; }
sed -e "s|@PREFIX@|$(esc "$prefix")|g" \
    -e "s|@LIBDIR@|$(esc "$libdir")|g" \
    -e "s|@INCLUDEDIR@|$(esc "$includedir")|g" \
    -e "s|@VERSION@|$(esc "$version")|g" \
    -e "s|@URL@|$(esc "$url")|g" \
    "$ffi/mediafabric.pc.in" > "$output"
echo "wrote $output (version $version, libdir $libdir, includedir $includedir)"
