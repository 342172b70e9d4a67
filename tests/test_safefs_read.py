"""Reading a file whole within a limit (``safefs.read_limited``), whatever its size says."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from claimcheck import safefs
from claimcheck.errors import ClaimcheckError, ProblemKind


def read(path: Path, limit: int) -> bytes:
    fd = os.open(path, os.O_RDONLY)
    try:
        return safefs.read_limited(fd, path.name, limit, "a test file")
    finally:
        os.close(fd)


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, 4097, 100_000])
def test_a_file_is_read_whole(tmp_path: Path, size: int) -> None:
    path = tmp_path / "file"
    data = bytes(range(256)) * (size // 256) + bytes(size % 256)
    path.write_bytes(data)
    assert read(path, size) == data
    with pytest.raises(ClaimcheckError) as refused:
        read(path, size - 1) if size else read(path, -1)
    assert refused.value.kind is ProblemKind.TOO_LARGE


@pytest.mark.parametrize("said", [0, 10, 9_000])
def test_a_file_larger_than_its_size_says_is_read_whole_or_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, said: int
) -> None:
    """A file that grew after fstat (or whose size lies) is read to its end, and refused as
    soon as it passes the limit."""
    path = tmp_path / "file"
    data = b"x" * 20_000
    path.write_bytes(data)
    real_fstat = os.fstat

    def fstat(fd: int) -> Any:
        info = real_fstat(fd)
        values = list(info)
        values[6] = said  # st_size
        return os.stat_result(values)

    monkeypatch.setattr(safefs.os, "fstat", fstat)
    assert read(path, 1 << 20) == data
    with pytest.raises(ClaimcheckError, match="limited to"):
        read(path, 15_000)
