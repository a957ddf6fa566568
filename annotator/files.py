"""Atomic output files and folders: written under a temporary name beside the target and
renamed into place only when complete, so a failure or a cancel leaves the target as it was.

`atomic_file` writes one file; `Staging` stages several outputs (files and folders) and puts
them all in place at once with `commit` (an export's outputs, a brat folder). Every writer of
the app that replaces a user's file goes through them (project files excepted: SQLite and the
store write those). Qt-free.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, BinaryIO

__all__ = ["Staging", "append_file", "atomic_file", "default_mode", "move_tree"]


def default_mode(mode: int) -> int:
    """``mode`` (0o666 for files, 0o777 for folders) less the process umask: what ``open``
    and ``mkdir`` would give, unlike ``mkstemp``/``mkdtemp``'s private 0600/0700."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mode & ~mask


def _file_mode(target: Path) -> int:
    """The mode a new version of `target` gets: the old one's, else ``open``'s default."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        return default_mode(0o666)


def _temporary_file(target: Path, suffix: str = ".tmp") -> Path:
    """A new empty file beside `target` (its folder made if missing), with `target`'s mode."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent)
    os.close(fd)
    os.chmod(name, _file_mode(target))  # mkstemp makes it private (0600)
    return Path(name)


@contextmanager
def atomic_file(
    target: str | os.PathLike[str], *, binary: bool = False, sync: bool = False
) -> Iterator[IO[Any]]:
    """A stream (UTF-8 text with ``\\n`` newlines, or `binary`) whose content replaces
    `target` when the block ends without an exception (`sync`: flushed to the disk first);
    on an exception the temporary file is removed and `target` is untouched."""
    path = Path(target)
    temporary = _temporary_file(path)
    try:
        if binary:
            stream: IO[Any] = open(temporary, "wb")  # noqa: SIM115 - closed below
        else:
            stream = open(temporary, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
        with stream:
            yield stream
            if sync:
                stream.flush()
                os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


class Staging:
    """Temporary outputs beside their targets, renamed into place only by `commit`; whatever
    is staged and not committed is removed when the block ends."""

    def __init__(self) -> None:
        self.items: list[tuple[Path, Path]] = []  # (temporary, target)
        self.scratches: list[Path] = []
        self.committed = False

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc: object) -> None:
        for scratch in self.scratches:
            scratch.unlink(missing_ok=True)
        if not self.committed:
            for temporary, _ in self.items:
                if temporary.is_dir():
                    shutil.rmtree(temporary, ignore_errors=True)
                else:
                    temporary.unlink(missing_ok=True)

    def file(self, target: Path, *, replace: bool = False) -> Path:
        """A temporary file for `target` (`replace`: the one already staged for it, if any)."""
        if replace:
            for temporary, staged in self.items:
                if staged == target:
                    return temporary
        temporary = _temporary_file(target, ".part")
        self.items.append((temporary, target))
        return temporary

    def scratch(self, target: Path) -> Path:
        """A temporary file beside `target` that is never put in place: removed at the end."""
        temporary = _temporary_file(target, ".scratch")
        self.scratches.append(temporary)
        return temporary

    def directory(self, target: Path) -> Path:
        """A temporary folder path (not yet made) for the folder `target`."""
        target.parent.mkdir(parents=True, exist_ok=True)
        holder = Path(
            tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        )
        self.items.append((holder, target))
        return holder / "out"

    def commit(self) -> None:
        """Put every staged output in place (a folder's files into an existing folder)."""
        for temporary, target in self.items:
            if temporary.is_dir():
                move_tree(temporary / "out", target)
                shutil.rmtree(temporary, ignore_errors=True)
            else:
                os.replace(temporary, target)
        self.committed = True


def append_file(source: BinaryIO, target: BinaryIO) -> None:
    """Append the rest of file `source` to file `target`, inside the kernel where it can
    (`os.copy_file_range`, which refuses a target opened for appending)."""
    target.seek(0, os.SEEK_END)
    target.flush()
    try:
        while os.copy_file_range(source.fileno(), target.fileno(), 64 << 20):
            pass
    except (AttributeError, OSError):  # not Linux, or not between these file systems
        shutil.copyfileobj(source, target, 16 << 20)


def move_tree(source: Path, target: Path) -> None:
    """Move the folder `source` to `target`, or its files into `target` if it exists."""
    if not source.exists():
        source.mkdir(mode=default_mode(0o777))
    if not target.exists():
        os.chmod(source, default_mode(0o777))  # mkdtemp made it private (0700)
        os.replace(source, target)
        return
    if not target.is_dir():
        raise NotADirectoryError(f"{target} exists and is not a directory")
    for item in source.iterdir():
        destination = target / item.name
        if destination.is_dir() and item.is_dir():
            move_tree(item, destination)
        else:
            os.replace(item, destination)
