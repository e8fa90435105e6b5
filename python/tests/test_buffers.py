"""Byte inputs: every parser takes any bytes-like object, in place."""

from __future__ import annotations

import array
import mmap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import mediafabric
from mediafabric import pcap, vxlan


@pytest.fixture
def frame(vxlan_pcap: Path) -> bytes:
    return next(iter(pcap.read(vxlan_pcap))).data


def forms(data: bytes) -> list[Any]:
    """The same bytes as every kind of buffer we accept."""
    padded = b"\x00" * 3 + data + b"\xee" * 5
    out: list[Any] = [
        data,
        bytearray(data),
        memoryview(data),
        memoryview(padded)[3:-5],  # a slice that starts inside its buffer
        memoryview(bytearray(padded))[3:-5],
        array.array("B", data),
    ]
    if len(data) % 2 == 0:
        out.append(memoryview(data).cast("H"))  # read as bytes whatever the format
    return out


PARSERS: dict[str, Callable[[Any], Any]] = {
    "decode": lambda b: mediafabric.decode(b),
    "decapsulate": lambda b: vxlan.decapsulate(b),
    "vtep": lambda b: vxlan.Vtep().receive(b, now=0).frame,
    "packet": lambda b: pcap.Packet(b).data,
}


def normal(result: Any) -> Any:
    if isinstance(result, vxlan.Decapsulated):
        return (result.header, bytes(result.inner), result.inner_offset, result.src_ip)
    return result


@pytest.mark.parametrize("parser", sorted(PARSERS))
def test_every_buffer_form_gives_the_same_result(frame: bytes, parser: str) -> None:
    fn = PARSERS[parser]
    expected = normal(fn(frame))
    for form in forms(frame):
        assert normal(fn(form)) == expected, type(form)


def test_header_parse_and_encapsulate_take_buffers(frame: bytes) -> None:
    for form in forms(frame[42:50]):
        assert vxlan.Header.parse(form).vni == 4242
    inner = frame[50:]
    expected = vxlan.encapsulate(inner, vni=1, src_mac=b"\x02" * 6, dst_mac=b"\x04" * 6,
                                 src_ip="10.0.0.1", dst_ip="10.0.0.2")
    for form in forms(inner):
        assert vxlan.encapsulate(form, vni=1, src_mac=memoryview(b"\x02" * 6),
                                 dst_mac=bytearray(b"\x04" * 6), src_ip="10.0.0.1",
                                 dst_ip="10.0.0.2") == expected


def test_mmap_of_a_capture(tmp_path: Path, frame: bytes) -> None:
    path = tmp_path / "frame.bin"
    path.write_bytes(frame)
    with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
        d = vxlan.decapsulate(m)
        assert d.header.vni == 4242 and d.inner == frame[50:]
        assert mediafabric.decode(m) == mediafabric.decode(frame)
        del d  # the memoryview into the map must go before the map closes


def test_inner_is_a_zero_copy_view(frame: bytes) -> None:
    buf = bytearray(frame)
    d = vxlan.decapsulate(buf)
    assert d.inner.readonly and d.inner.obj is buf
    assert d.inner == frame[50:]
    # It is a view: a change of the input shows through...
    buf[50] ^= 0xFF
    assert d.inner[0] == frame[50] ^ 0xFF
    # ...and the input cannot be resized while the view exists.
    with pytest.raises(BufferError):
        buf.append(0)
    inner_copy = bytes(d.inner)
    d.inner.release()
    assert inner_copy[1:] == frame[51:]
    # A slice of a memoryview keeps offsets relative to what was passed in.
    d2 = vxlan.decapsulate(memoryview(b"junk" + frame)[4:])
    assert d2.inner_offset == 50 and d2.inner == frame[50:]


def test_text_and_non_buffers_are_type_errors(frame: bytes) -> None:
    for fn in (mediafabric.decode, vxlan.decapsulate, vxlan.Header.parse):
        with pytest.raises(TypeError, match="bytes-like object is required, not 'str'"):
            fn("0800000000109200")
        with pytest.raises(TypeError, match="bytes-like object is required, not 'list'"):
            fn([8, 0, 0, 0, 0, 16, 146, 0])
        with pytest.raises(TypeError, match="not 'NoneType'"):
            fn(None)


def test_non_contiguous_buffers_are_refused(frame: bytes) -> None:
    stepped = memoryview(frame)[::2]
    with pytest.raises(BufferError, match="contiguous"):
        mediafabric.decode(stepped)


def test_numpy_arrays(frame: bytes) -> None:
    np = pytest.importorskip("numpy")
    arr = np.frombuffer(frame, dtype=np.uint8)
    assert mediafabric.decode(arr) == mediafabric.decode(frame)
    d = vxlan.decapsulate(arr)
    assert d.inner == frame[50:]
    # A view into a larger array, and a 2-D C-contiguous array, are read as their bytes.
    big = np.zeros(len(frame) + 16, dtype=np.uint8)
    big[8:-8] = arr
    assert vxlan.decapsulate(big[8:-8]).header.vni == 4242
    if len(frame) % 2 == 0:
        assert vxlan.decapsulate(arr.reshape(2, -1)).inner == frame[50:]
    with pytest.raises(BufferError):
        mediafabric.decode(big[::2])
