"""The folder-swap race: a folder of the registry swapped for a link to outside while files are
read must never let the outside file's content through. The walk by descriptors opens each
folder without following a link, so there is no moment between a check and an open.

The links that stay inside the registry are still followed (as in test_confinement.py), with
the kernel's rules: ``..`` never above the root, a bound on the links followed.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from claimcheck import safefs
from claimcheck.errors import ClaimcheckError

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or not safefs.DESCRIPTOR_WALK,
    reason="the walk by descriptors needs symlinks and os.open with dir_fd",
)

INSIDE = b"the registry's own article\n"
SECRET = b"SECRET-MARKER outside the registry\n"


def make_pair(base: Path) -> tuple[Path, Path]:
    """A registry with seeds/article.txt, and outside it a folder of the same shape."""
    root, outside = base / "reg", base / "outside"
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / "article.txt").write_bytes(INSIDE)
    (outside / "seeds").mkdir(parents=True)
    (outside / "seeds" / "article.txt").write_bytes(SECRET)
    return root, outside


def swap_for_link(root: Path, outside: Path) -> None:
    """seeds/ becomes a link to the outside folder of the same shape."""
    (root / "seeds").rename(root / "seeds.away")
    (root / "seeds").symlink_to(outside / "seeds")


def swap_back(root: Path) -> None:
    (root / "seeds").unlink()
    (root / "seeds.away").rename(root / "seeds")


def read_or_refusal(files: safefs.RegistryFiles, relpath: str) -> bytes | str:
    try:
        return files.read_bytes(relpath, 1 << 20, "a document")
    except ClaimcheckError as err:
        return err.message


def test_a_folder_swapped_just_before_each_open_is_never_followed_outside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The swap is made at the worst moment: inside ``os.open``, just before it runs, after
    every check claimcheck could have made. The first read sees the plain folder; the swap
    lands before the second read's open of the folder (or of the file)."""
    root, outside = make_pair(tmp_path)
    first = safefs.RegistryFiles(root)
    assert first.read_bytes("seeds/article.txt", 1 << 20, "a document") == INSIDE
    files = safefs.RegistryFiles(root)  # no folder kept from a first read: the walk itself
    real_open: Callable[..., int] = os.open
    swapped: list[bool] = []

    def open_after_swap(path: Any, flags: int, mode: int = 0o777, **kwargs: Any) -> int:
        if not swapped and os.fspath(path) != files.real_root:
            swap_for_link(root, outside)
            swapped.append(True)
        return real_open(path, flags, mode, **kwargs)

    monkeypatch.setattr(safefs.os, "open", open_after_swap)
    got = read_or_refusal(files, "seeds/article.txt")
    assert swapped == [True]
    assert got != SECRET
    assert isinstance(got, str) and "leads outside the registry" in got


def test_a_kept_folder_is_read_while_it_is_the_one_named_and_walked_again_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder reached by a plain walk is kept open, and the next file in it opened from it.
    Swapped during that open, the file comes from the folder that was checked (moved, still in
    the registry), never from the link's target; once its name names a link, the walk
    decides again."""
    root, outside = make_pair(tmp_path)
    files = safefs.RegistryFiles(root)
    assert files.read_bytes("seeds/article.txt", 1 << 20, "a document") == INSIDE
    walks: list[str] = []
    real_walk = files._open_by_walk
    monkeypatch.setattr(files, "_open_by_walk", lambda parts, relpath: (
        walks.append(relpath), real_walk(parts, relpath))[1])  # fmt: skip
    assert files.read_bytes("seeds/article.txt", 1 << 20, "a document") == INSIDE
    assert walks == []  # one open, from the kept folder
    real_open: Callable[..., int] = os.open
    swapped: list[bool] = []

    def open_after_swap(path: Any, flags: int, mode: int = 0o777, **kwargs: Any) -> int:
        if not swapped:
            swap_for_link(root, outside)
            swapped.append(True)
        return real_open(path, flags, mode, **kwargs)

    monkeypatch.setattr(safefs.os, "open", open_after_swap)
    assert read_or_refusal(files, "seeds/article.txt") == INSIDE  # from seeds.away, inside
    assert swapped == [True] and walks == []
    got = read_or_refusal(files, "seeds/article.txt")
    assert walks == ["seeds/article.txt"]  # the name now names a link: walked, and refused
    assert isinstance(got, str) and "leads outside the registry" in got


def test_a_thread_swapping_a_folder_never_lets_the_outside_file_through(
    tmp_path: Path,
) -> None:
    root, outside = make_pair(tmp_path)
    files = safefs.RegistryFiles(root)
    stop = threading.Event()

    def swap_again_and_again() -> None:
        while not stop.is_set():
            swap_for_link(root, outside)
            time.sleep(0.0002)  # let the reader run while the link stands, and while it does not
            swap_back(root)
            time.sleep(0.0002)

    swapper = threading.Thread(target=swap_again_and_again)
    swapper.start()
    seen: dict[str, int] = {}
    try:
        for _ in range(3000):
            got = read_or_refusal(files, "seeds/article.txt")
            key = "secret" if got == SECRET else "inside" if got == INSIDE else "refused"
            seen[key] = seen.get(key, 0) + 1
    finally:
        stop.set()
        swapper.join()
    assert "secret" not in seen, seen
    assert seen.get("refused", 0) > 0, f"the swaps never met a read: {seen}"
    assert seen.get("inside", 0) > 0, f"no read ever found the folder in place: {seen}"


def test_a_relative_link_climbing_above_the_root_is_outside(tmp_path: Path) -> None:
    root, _ = make_pair(tmp_path)
    (root / "seeds" / "up.txt").symlink_to(Path("..", "..", "outside", "seeds", "article.txt"))
    got = read_or_refusal(safefs.RegistryFiles(root), "seeds/up.txt")
    assert isinstance(got, str) and "leads outside the registry" in got


def test_links_inside_are_followed_through_folders_and_back_up(tmp_path: Path) -> None:
    root, _ = make_pair(tmp_path)
    (root / "library" / "2016").mkdir(parents=True)
    (root / "library" / "2016" / "a.txt").write_bytes(b"a\n")
    (root / "shelf").symlink_to("library/2016")  # a folder link, relative
    (root / "seeds" / "a.txt").symlink_to(Path("..", "shelf", "..", "2016", "a.txt"))
    (root / "seeds" / "abs.txt").symlink_to(root / "shelf" / "a.txt")  # absolute, inside
    files = safefs.RegistryFiles(root)
    assert files.read_bytes("shelf/a.txt", 100, "a document") == b"a\n"
    # shelf/.. is library (where the link points), not the root: as the kernel resolves it
    assert files.read_bytes("seeds/a.txt", 100, "a document") == b"a\n"
    assert files.read_bytes("seeds/abs.txt", 100, "a document") == b"a\n"


def test_a_loop_through_folder_links_is_a_loop(tmp_path: Path) -> None:
    root, _ = make_pair(tmp_path)
    (root / "a").symlink_to("b")
    (root / "b").symlink_to("a")
    got = read_or_refusal(safefs.RegistryFiles(root), "a/article.txt")
    assert isinstance(got, str) and "symbolic link loop" in got


def test_a_long_chain_of_links_inside_is_followed_up_to_the_bound(tmp_path: Path) -> None:
    root, _ = make_pair(tmp_path)
    chain = safefs.MAX_LINKS_FOLLOWED
    (root / "l0").symlink_to("seeds/article.txt")
    for n in range(1, chain + 1):
        (root / f"l{n}").symlink_to(f"l{n - 1}")
    files = safefs.RegistryFiles(root)
    assert files.read_bytes(f"l{chain - 1}", 100, "a document") == INSIDE  # 40 links
    got = read_or_refusal(files, f"l{chain}")  # 41 links
    assert isinstance(got, str) and "symbolic link loop" in got


def test_without_the_walk_the_checked_path_still_refuses_a_link_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where dir_fd is not supported the path is resolved, checked, then opened."""
    monkeypatch.setattr(safefs, "DESCRIPTOR_WALK", False)
    root, outside = make_pair(tmp_path)
    (root / "out").symlink_to(outside / "seeds")
    files = safefs.RegistryFiles(root)
    assert files.read_bytes("seeds/article.txt", 100, "a document") == INSIDE
    got = read_or_refusal(files, "out/article.txt")
    assert isinstance(got, str) and "leads outside the registry" in got
