#!/usr/bin/env bash
# Builds the mediafabric Python package into a virtual environment and tests it.
#
#   python/run-tests.sh            # from the repository root (or anywhere)
#
# Needs: python3 >= 3.9 with venv, cargo (the Rust toolchain of the workspace), and
# network access to PyPI for maturin, pytest and mypy. tshark (and editcap) are used
# by the interop tests: missing, those tests skip, unless CI=true, where they fail.
#
# Environment:
#   PYTHON    interpreter that creates the environment (default: python3)
#   VENV      the virtual environment (default: python/.venv); reused when it exists
#   PROFILE   "release" (default) or "dev": the cargo profile of the extension
#   CI        "true" makes a missing tshark or mypy a failure instead of a skip
#
# Steps: create the venv, install maturin/pytest/mypy (and numpy if it can), `maturin develop` the package
# into it, build the CLI (the decode tests compare against it), run pytest (exit code 5, "no tests collected", counts as a failure), then
# check the stubs with mypy (strict) and mypy.stubtest.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PYTHON:-python3}"
venv="${VENV:-$here/.venv}"
case "$venv" in /*) ;; *) venv="$PWD/$venv" ;; esac
profile="${PROFILE:-release}"
ci="${CI:-}"

say() { printf '==> %s\n' "$*"; }

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 9))' 2>/dev/null; then
    echo "run-tests.sh: $python is missing or older than Python 3.9" >&2
    exit 2
fi
command -v cargo >/dev/null || { echo "run-tests.sh: cargo is not on PATH" >&2; exit 2; }

if [ ! -x "$venv/bin/python" ]; then
    say "creating $venv with $("$python" -c 'import sys; print(sys.version.split()[0])')"
    "$python" -m venv "$venv"
fi
vpy="$venv/bin/python"

say "installing maturin, pytest, mypy"
"$vpy" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$vpy" -m pip install --quiet --disable-pip-version-check "maturin>=1.5,<2" "pytest>=7"
# numpy is optional: when it installs, the buffer tests also cover its arrays.
"$vpy" -m pip install --quiet --disable-pip-version-check numpy ||
    echo "run-tests.sh: numpy could not be installed: its buffer test will skip" >&2
have_mypy=1
if ! "$vpy" -m pip install --quiet --disable-pip-version-check "mypy>=1.18"; then
    have_mypy=0
    if [ "$ci" = "true" ]; then
        echo "run-tests.sh: mypy could not be installed; CI=true requires the stub check" >&2
        exit 1
    fi
    echo "run-tests.sh: mypy could not be installed: skipping the stub check" >&2
fi

say "building the extension ($profile) into $venv"
release=()
[ "$profile" = "release" ] && release=(--release)
(
    cd "$here"
    VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH" "$venv/bin/maturin" develop --quiet ${release[@]+"${release[@]}"}
)

# The decode tests compare the package's layer model with the CLI's output.
say "building the mediafabric CLI ($profile) for the cross-check"
(cd "$here/.." && cargo build --quiet -p mediafabric-cli ${release[@]+"${release[@]}"})
target_dir="$(cd "$here/.." && cargo metadata --format-version 1 --no-deps |
    "$vpy" -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
cli_profile="debug"
[ "$profile" = "release" ] && cli_profile="release"
export MEDIAFABRIC_CLI="$target_dir/$cli_profile/mediafabric"

say "pytest"
set +e
(cd "$here" && "$vpy" -m pytest)
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
    echo "run-tests.sh: pytest collected no tests" >&2
    exit 1
elif [ "$rc" -ne 0 ]; then
    exit "$rc"
fi

if [ "$have_mypy" -eq 1 ]; then
    say "mypy --strict on the package and its stubs"
    (cd "$here" && "$vpy" -m mypy)
    say "mypy.stubtest mediafabric"
    (cd "$here" && "$vpy" -m mypy.stubtest mediafabric)
fi
say "all Python checks passed"
