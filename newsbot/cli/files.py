"""Where a command writes its output: a new or regular file written all at once or not at all, a FIFO or
standard output streamed, and nothing else (never the archive, a symlink or a device)."""

from __future__ import annotations

import gzip
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


class OutputRefusedError(ValueError):
    """The output path names something a command must not replace; the message is one line for the user."""


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _is_stdout(status: os.stat_result) -> bool:
    try:
        return _same_file(status, os.fstat(sys.stdout.fileno()))
    except (OSError, ValueError):  # no real standard output (a test runner's capture)
        return False


def output_kind(path: str, protected: tuple[Path, ...] = ()) -> str:
    """"stdout", "fifo" (stream into it), "file" (a regular file or a new one: replace it whole); raises
    OutputRefusedError for the archive (any hard link to it), a symlink, a device, a directory."""
    if path == "-":
        return "stdout"
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        return "file"
    try:
        target = os.stat(path)
    except OSError:
        raise OutputRefusedError(f"-o {path} is a broken symlink; give a file name") from None
    for guarded in protected:
        try:
            if _same_file(target, os.stat(guarded)):
                raise OutputRefusedError(f"-o {path} is the archive itself (or a link to it); give another file")
        except FileNotFoundError:
            continue
    if _is_stdout(target):
        return "stdout"  # /dev/stdout, /proc/self/fd/1
    if stat.S_ISFIFO(target.st_mode):
        return "fifo"
    if stat.S_ISLNK(link.st_mode):
        raise OutputRefusedError(f"-o {path} is a symlink; give the file it points to, or another name")
    if not stat.S_ISREG(target.st_mode):
        raise OutputRefusedError(f"-o {path} is not a regular file (a directory or a device); give a file name")
    return "file"


@contextmanager
def _gzipped(raw: BinaryIO, compress: bool) -> Iterator[BinaryIO]:
    if not compress:
        yield raw
        return
    with gzip.GzipFile(fileobj=raw, mode="wb", filename="") as out:
        yield out  # type: ignore[misc]


@contextmanager
def open_output(path: str, *, gzipped: bool = False, protected: tuple[Path, ...] = ()) -> Iterator[BinaryIO]:
    """The one way commands open their output (`-o PATH` or `-`). A file is written beside its name and renamed
    over it when complete (a failed export never leaves half a file), with the mode an existing file had or the
    umask's for a new one; a FIFO or standard output is streamed. `protected`: files never to write over."""
    kind = output_kind(path, protected)
    if kind == "stdout":
        sys.stdout.flush()
        with _gzipped(sys.stdout.buffer, gzipped) as out:
            yield out
        sys.stdout.buffer.flush()
        return
    if kind == "fifo":
        with open(path, "wb") as raw, _gzipped(raw, gzipped) as out:
            yield out
        return
    with atomic_file(path, gzipped=gzipped) as out:
        yield out


@contextmanager
def atomic_file(path: str | os.PathLike[str], *, gzipped: bool = False) -> Iterator[BinaryIO]:
    target = Path(path)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        os.fchmod(fd, mode)  # mkstemp makes 0600: give the file the mode any other new file would have
        with os.fdopen(fd, "wb") as raw, _gzipped(raw, gzipped) as out:
            yield out
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
