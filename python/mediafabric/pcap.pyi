from collections.abc import Iterable
from typing import Tuple, Union

from mediafabric._native import Packet as Packet, Reader as Reader, _BytesLike, _StrPath

__all__ = ["Packet", "Reader", "read", "write"]

def read(path: _StrPath) -> Reader: ...
def write(
    path: _StrPath,
    packets: Iterable[Union[Packet, Tuple[Union[int, float], _BytesLike]]],
    *,
    link_type: int = 1,
    nanosecond: bool = True,
) -> int: ...
