"""Shared test helpers: where the captures are, and how a missing tool is handled."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
# Captures shared with the Rust tests (see tests/data/README.md at the repository root).
DATA = REPO / "tests" / "data"
# Captures only the Python tests use (see python/tests/data/README.md).
PY_DATA = HERE / "data"
# Where the project's reference captures live on the development machine; used only
# when the repository copy is missing.
SHARED = Path("/work/shared/captures/vxlan")

IN_CI = os.environ.get("CI", "").lower() == "true"


def capture(name: str) -> Path:
    """A capture of tests/data (falling back to the shared copy of the VXLAN one)."""
    for candidate in (DATA / name, SHARED / name):
        if candidate.is_file():
            return candidate
    pytest.fail(f"test capture {name} is missing from {DATA}")


def need_tool(name: str) -> str:
    """The path of an external tool; skips the test when it is missing, unless CI=true,
    where a missing peer is a failure."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (apt-get install tshark)"
        if IN_CI:
            pytest.fail(f"{message}; CI=true requires it")
        pytest.skip(message)
    return path


@pytest.fixture
def vxlan_pcap() -> Path:
    return capture("linux-vxlan-4789.pcap")
