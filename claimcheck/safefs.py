"""Reading and writing only regular files, and reading only inside the registry.

A registry comes from a pull request as often as from its owner, so every file claimcheck reads
from it (records, documents, sidecars, the settings) goes through ``RegistryFiles``: the path is
resolved, symbolic links are followed only while they stay inside the root, the file is opened
without following a final link and without blocking (a FIFO would otherwise wait forever), and
only a regular file is read, never more than its size limit however large it claims to be.
Every refusal is a ``ClaimcheckError`` naming the file as the registry names it.

Where the platform can open relative to a folder's descriptor (``os.supports_dir_fd``), the path
is walked one name at a time from a descriptor of the root, each folder opened without following
a link: a folder swapped for a link between two reads (or in the middle of one) cannot lead the
walk outside, because no path is ever checked first and opened afterwards. A link met on the way
is resolved here, as the kernel would resolve it, and the walk goes on only while it stays
inside the root. Elsewhere the path is resolved first and opened afterwards.

The same module guards the few paths a user names on the command line: ``~`` is expanded where
it can be (and left as it is where it cannot, as a shell does), NUL bytes are refused, and an
output file is written only where a regular file is, or nothing is.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import weakref
from pathlib import Path, PurePosixPath

from .errors import ClaimcheckError, NotFoundError, ProblemKind
from .yamlio import decode_text

# Not on every platform (Windows has neither): there the checks after opening still hold.
O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_READ_FLAGS = os.O_RDONLY | O_NOFOLLOW | O_NONBLOCK | getattr(os, "O_BINARY", 0)
_FOLDER_FLAGS = os.O_RDONLY | O_NOFOLLOW | getattr(os, "O_DIRECTORY", 0)
_CHUNK = 1 << 20
_SLACK = 4096  # read past the size fstat gave, for a file that grows as it is read
# A walk by descriptors needs opening relative to a folder, links never followed by the open.
DESCRIPTOR_WALK = (
    os.open in os.supports_dir_fd
    and os.readlink in os.supports_dir_fd
    and bool(O_NOFOLLOW)
    and hasattr(os, "O_DIRECTORY")
)
MAX_LINKS_FOLLOWED = 40  # per path, as the Linux kernel's own bound: beyond it, a loop


def refuse_nul(text: str, what: str, path: str | None = None) -> None:
    """A NUL byte cannot stand in a file name; say so instead of letting ``open`` raise."""
    if "\0" in text:
        raise ClaimcheckError(
            f"{what} {text!r} holds a NUL byte, which no file name can hold",
            path,
            kind=ProblemKind.IO,
        )


def user_path(given: str | os.PathLike[str], what: str) -> Path:
    """A path from the command line or the environment, with ``~`` expanded where it names a
    home folder (``~nosuchuser`` is kept as written, as a shell keeps it)."""
    text = os.fspath(given)
    refuse_nul(text, what)
    try:
        return Path(text).expanduser()
    except (RuntimeError, KeyError):  # no such user, or no home folder to expand to
        return Path(text)


def size_text(size: int) -> str:
    return f"{size // (1 << 20)} MiB" if size % (1 << 20) == 0 else f"{size // 1024} KiB"


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _not_regular(mode: int, relpath: str) -> ClaimcheckError:
    kind = _kind_of(mode)
    if stat.S_ISDIR(mode):
        return ClaimcheckError("is a folder, not a file", relpath, kind=ProblemKind.IO)
    return ClaimcheckError(
        f"is {kind}, not a regular file; claimcheck reads only regular files",
        relpath,
        kind=ProblemKind.IO,
    )


def read_limited(
    fd: int, relpath: str, limit: int, what: str, info: os.stat_result | None = None
) -> bytes:
    """Every byte of an open regular file, refusing it as soon as it passes ``limit`` bytes
    (its recorded size may be wrong, or it may grow while it is read). ``info``: its
    ``fstat``, where the caller took it."""
    if info is None:
        info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        raise _not_regular(info.st_mode, relpath)

    def too_large() -> ClaimcheckError:
        return ClaimcheckError(
            f"the file is {max(info.st_size, limit + 1) / (1 << 20):.1f} MiB; "
            f"{what} is limited to {size_text(limit)}",
            relpath,
            1,
            kind=ProblemKind.TOO_LARGE,
        )

    if info.st_size > limit:
        raise too_large()  # refused before a byte is read
    chunks: list[bytes] = []
    total = 0
    while True:
        # What the size says is left, and a little more to see the end: a buffer the size of
        # the file, not of the limit (a 1 MiB buffer for a 2 KB record costs more than the read).
        wanted = min(max(info.st_size - total, 0) + _SLACK, _CHUNK, limit + 1 - total)
        chunk = os.read(fd, wanted)
        if not chunk:
            break
        total += len(chunk)
        if total > limit:
            raise too_large()
        chunks.append(chunk)
        if total == info.st_size and len(chunk) < wanted:
            break  # the size fstat gave, and a read that stopped short of what was asked: the end
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def read_named_file(path: Path, limit: int, what: str) -> str:
    """The UTF-8 text of a file a user named (it may lie outside the registry): a regular file
    only, opened without blocking, with ``limit`` applied while reading. Errors name ``path``."""
    shown = str(path)
    refuse_nul(shown, "the path")
    try:
        fd = os.open(path, os.O_RDONLY | O_NONBLOCK | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise NotFoundError("no such file", shown, kind=ProblemKind.IO) from None
    except IsADirectoryError:
        raise ClaimcheckError("is a folder, not a file", shown, kind=ProblemKind.IO) from None
    except OSError as err:
        raise ClaimcheckError(f"cannot read: {err.strerror}", shown, kind=ProblemKind.IO) from None
    try:
        raw = read_limited(fd, shown, limit, what)
    except OSError as err:
        raise ClaimcheckError(f"cannot read: {err.strerror}", shown, kind=ProblemKind.IO) from None
    finally:
        os.close(fd)
    try:
        return decode_text(raw)
    except ClaimcheckError as err:
        err.path = shown
        raise


class RegistryFiles:
    """The files of one registry, read only when they are regular files inside its root."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.real_root = os.path.realpath(root)
        self._plain_folders: set[str] = set()  # folders met already, known to be no link
        # Descriptors of folders a walk reached without a link (claims/, seeds/), with their
        # device and inode: the next file in one is opened from it, one open instead of a walk,
        # while the folder's name still names that folder. Closed with this object.
        self._walked: dict[tuple[str, ...], tuple[int, int, int, str]] = {}
        weakref.finalize(self, _close_all, self._walked)

    def is_inside(self, real_path: str) -> bool:
        return real_path == self.real_root or real_path.startswith(
            self.real_root.rstrip(os.sep) + os.sep
        )

    def _parts(self, relpath: str) -> tuple[str, ...]:
        refuse_nul(relpath, "the path", None)
        names = relpath.split("/")
        if "\\" not in relpath and "" not in names and "." not in names and ".." not in names:
            return tuple(names)  # what the parse below gives for a plain relative path
        parts = PurePosixPath(relpath.replace("\\", "/")).parts
        if not parts or PurePosixPath(relpath).is_absolute() or ".." in parts:
            raise ClaimcheckError(
                f"the path {relpath!r} must be relative to the registry root and stay inside it",
                kind=ProblemKind.IO,
            )
        return parts

    def _plain_path(self, parts: tuple[str, ...], relpath: str) -> str | None:
        """The absolute path when no folder on the way is a link (None when one is)."""
        current = self.real_root
        for part in parts[:-1]:
            current = os.path.join(current, part)
            if current in self._plain_folders:
                continue
            try:
                mode = os.lstat(current).st_mode
            except (FileNotFoundError, NotADirectoryError):
                raise NotFoundError("no such file", relpath, kind=ProblemKind.IO) from None
            if stat.S_ISLNK(mode):
                return None
            if not stat.S_ISDIR(mode):
                raise NotFoundError("no such file", relpath, kind=ProblemKind.IO)
            self._plain_folders.add(current)
        return os.path.join(current, parts[-1])

    def _open_through_links(self, parts: tuple[str, ...], relpath: str) -> int:
        """Open a path that passes through a link: only if it ends inside the root."""
        real = os.path.realpath(os.path.join(self.real_root, *parts))
        if not self.is_inside(real):
            raise _leads_outside(relpath)
        try:
            return os.open(real, _READ_FLAGS)
        except OSError as err:
            if err.errno in (errno.ELOOP, errno.EMLINK):
                raise _link_loop(relpath) from None
            if err.errno in (errno.ENOENT, errno.ENOTDIR):
                raise _dangling_link(relpath) from None
            raise ClaimcheckError(
                f"cannot read: {err.strerror}", relpath, kind=ProblemKind.IO
            ) from None

    def _open_by_walk(self, parts: tuple[str, ...], relpath: str) -> int:
        """Open the file by walking from a descriptor of the root, one name at a time, never
        letting ``open`` follow a link: a link met is read and its target walked in its place
        (from the root when it is absolute), ``..`` never climbing above the root."""
        try:
            root = os.open(self.real_root, _FOLDER_FLAGS)
        except OSError as err:
            raise _walk_error(err, relpath, 0) from None
        folders = [root]  # descriptors from the root down to the folder the walk stands in
        pending = list(parts)
        links_followed = 0
        try:
            while pending:
                name = pending.pop(0)
                if name == "..":
                    if len(folders) == 1:
                        raise _leads_outside(relpath)
                    os.close(folders.pop())
                    continue
                last = not pending
                try:
                    fd = os.open(name, _READ_FLAGS if last else _FOLDER_FLAGS, dir_fd=folders[-1])
                except OSError as err:
                    target = _link_target(name, folders[-1], err)
                    if target is None:
                        raise _walk_error(err, relpath, links_followed) from None
                    links_followed += 1
                    if links_followed > MAX_LINKS_FOLLOWED:
                        raise _link_loop(relpath) from None
                    if os.path.isabs(target):
                        inside = self._parts_inside(target)
                        if inside is None:
                            raise _leads_outside(relpath) from None
                        while len(folders) > 1:
                            os.close(folders.pop())
                        pending = [*inside, *pending]
                    else:
                        pending = [*_names(target), *pending]
                    continue
                if last:
                    if links_followed == 0 and len(folders) == len(parts):  # a plain walk
                        self._keep_folder(parts[:-1], folders[-1])
                    return fd
                folders.append(fd)
            # the names ran out on a folder (a link to "." or to a folder, say)
            raise ClaimcheckError("is a folder, not a file", relpath, kind=ProblemKind.IO)
        finally:
            for fd in folders:
                os.close(fd)

    def _keep_folder(self, names: tuple[str, ...], folder: int) -> None:
        if names not in self._walked:
            info = os.fstat(folder)
            path = os.path.join(self.real_root, *names)
            self._walked[names] = (os.dup(folder), info.st_dev, info.st_ino, path)

    def _kept_folder(self, names: tuple[str, ...]) -> int | None:
        """The kept descriptor of the folder these names lead to, if they still lead to it
        without a link (renamed, replaced or swapped for a link: walk again)."""
        kept = self._walked.get(names)
        if kept is None:
            return None
        folder, device, inode, path = kept
        try:
            info = os.lstat(path)
        except OSError:
            return None
        return folder if info.st_dev == device and info.st_ino == inode else None

    def _parts_inside(self, target: str) -> list[str] | None:
        """The names from the root to an absolute link target, or None when it lies outside
        (resolved only to find where to walk: the walk itself checks every name again)."""
        real = os.path.realpath(target)
        if not self.is_inside(real):
            return None
        return _names(os.path.relpath(real, self.real_root))

    def open(self, relpath: str) -> int:
        """A descriptor open for reading on the file, which lies inside the root."""
        parts = self._parts(relpath)
        if DESCRIPTOR_WALK:
            folder = self._kept_folder(parts[:-1])
            if folder is not None:
                try:
                    return os.open(parts[-1], _READ_FLAGS, dir_fd=folder)
                except OSError:
                    pass  # a link, or no such file: the walk follows it or says why
            return self._open_by_walk(parts, relpath)
        plain = self._plain_path(parts, relpath)
        if plain is None or (not O_NOFOLLOW and os.path.islink(plain)):
            return self._open_through_links(parts, relpath)
        try:
            return os.open(plain, _READ_FLAGS)
        except FileNotFoundError:
            raise NotFoundError("no such file", relpath, kind=ProblemKind.IO) from None
        except OSError as err:
            if os.path.islink(plain):  # O_NOFOLLOW refused a final link: see where it leads
                return self._open_through_links(parts, relpath)
            if err.errno == errno.EISDIR:
                raise ClaimcheckError(
                    "is a folder, not a file", relpath, kind=ProblemKind.IO
                ) from None
            raise ClaimcheckError(
                f"cannot read: {err.strerror}", relpath, kind=ProblemKind.IO
            ) from None

    def read_bytes(self, relpath: str, limit: int, what: str) -> bytes:
        return self.read_bytes_and_state(relpath, limit, what)[0]

    def read_bytes_and_state(
        self, relpath: str, limit: int, what: str
    ) -> tuple[bytes, os.stat_result]:
        """A file's bytes, and its state when it was opened (before a byte was read)."""
        fd = self.open(relpath)
        try:
            info = os.fstat(fd)
            return read_limited(fd, relpath, limit, what, info), info
        except OSError as err:
            raise ClaimcheckError(
                f"cannot read: {err.strerror}", relpath, kind=ProblemKind.IO
            ) from None
        finally:
            os.close(fd)

    def read_text(self, relpath: str, limit: int, what: str) -> str:
        """The UTF-8 text of a file; every error names ``relpath``, where it is wrong."""
        raw = self.read_bytes(relpath, limit, what)
        try:
            return decode_text(raw)
        except ClaimcheckError as err:
            err.path = relpath
            raise

    def state(self, relpath: str) -> os.stat_result | None:
        """The state of a regular file inside the root, nothing read: from the kept
        descriptor of its folder (one call), else from the file opened as ``open`` opens it
        (which keeps its folder). None where it cannot be had, or is not a regular file's (a
        link, where its folder is kept: reading it says what it is)."""
        if not DESCRIPTOR_WALK:
            return None
        parts = self._parts(relpath)
        folder = self._kept_folder(parts[:-1])
        try:
            if folder is not None:
                info = os.stat(parts[-1], dir_fd=folder, follow_symlinks=False)
            else:  # the first file of its folder: opened, so that the folder is kept
                opened = self.open(relpath)
                try:
                    info = os.fstat(opened)
                finally:
                    os.close(opened)
        except (OSError, ClaimcheckError):
            return None
        return info if stat.S_ISREG(info.st_mode) else None

    def lexists(self, relpath: str) -> bool:
        """Whether anything (a file, a link, a FIFO...) stands at the path."""
        return os.path.lexists(os.path.join(self.real_root, *self._parts(relpath)))


def _close_all(descriptors: dict[tuple[str, ...], tuple[int, int, int, str]]) -> None:
    for fd, *_ in descriptors.values():
        with contextlib.suppress(OSError):
            os.close(fd)
    descriptors.clear()


def _names(path: str) -> list[str]:
    """The names of a relative path, "." and empty names dropped (``a//b/.`` is ``a``, ``b``)."""
    return [name for name in path.split(os.sep) if name not in ("", ".")]


def _link_target(name: str, folder: int, err: OSError) -> str | None:
    """Where the link ``name`` in ``folder`` points, or None when ``name`` is no link (the
    open failed for another reason). Opening a link without following it fails with ELOOP,
    or ENOTDIR when a folder was asked for; a name that does not exist is no link."""
    if err.errno == errno.ENOENT:
        return None
    try:
        return os.readlink(name, dir_fd=folder)
    except OSError:
        return None


def _walk_error(err: OSError, relpath: str, links_followed: int) -> ClaimcheckError:
    if err.errno in (errno.ENOENT, errno.ENOTDIR):
        if links_followed:
            return _dangling_link(relpath)
        return NotFoundError("no such file", relpath, kind=ProblemKind.IO)
    if err.errno == errno.EISDIR:
        return ClaimcheckError("is a folder, not a file", relpath, kind=ProblemKind.IO)
    return ClaimcheckError(f"cannot read: {err.strerror}", relpath, kind=ProblemKind.IO)


def _leads_outside(relpath: str) -> ClaimcheckError:
    return ClaimcheckError(
        "is a symbolic link (or lies under one) that leads outside the registry; "
        "claimcheck reads only files inside it: put the file itself in the registry",
        relpath,
        kind=ProblemKind.IO,
    )


def _link_loop(relpath: str) -> ClaimcheckError:
    return ClaimcheckError(
        "is a symbolic link loop; point the link at a file, or delete it",
        relpath,
        kind=ProblemKind.IO,
    )


def _dangling_link(relpath: str) -> ClaimcheckError:
    return ClaimcheckError(
        "is a symbolic link to a file that does not exist (a dangling link)",
        relpath,
        kind=ProblemKind.IO,
    )


def regular_output(path: Path) -> Path:
    """Where an output file may be written: through links to the regular file they name, and
    nowhere but a regular file (a device, a FIFO or a folder is refused, never replaced)."""
    refuse_nul(os.fspath(path), "the output path")
    shown = str(path)
    real = Path(os.path.realpath(path))
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        if not real.parent.is_dir():
            raise ClaimcheckError(f"no such folder {str(real.parent)!r}", shown) from None
        return real
    except OSError as err:
        if err.errno in (errno.ELOOP, errno.EMLINK):
            raise ClaimcheckError("is a symbolic link loop", shown) from None
        raise ClaimcheckError(f"cannot write: {err.strerror}", shown) from None
    if stat.S_ISDIR(mode):
        raise ClaimcheckError("is a folder; give the path of a file to write", shown)
    if not stat.S_ISREG(mode):
        raise ClaimcheckError(
            f"is {_kind_of(mode)}, not a regular file; claimcheck writes only regular files "
            "and never replaces anything else",
            shown,
        )
    return real
