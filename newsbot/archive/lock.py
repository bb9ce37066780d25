"""One run at a time per archive: an flock on `<archive>.lock`, which the OS releases when its process dies.

A lock left by a killed run is therefore recovered by construction: nothing holds it any more. The file keeps
the holder's pid and start time for the message a second run prints.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from newsbot.archive.db import ArchiveError


class ArchiveLockedError(Exception):
    """Another process holds the archive's lock; the message is the one line a second run prints."""


def lock_path(db_url: str) -> Path | None:
    """`<archive>.lock` beside an SQLite file; None for other databases (they serialise writes themselves)."""
    url = make_url(db_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    database = url.database.removeprefix("file:").split("?", 1)[0]
    return Path(database).with_name(Path(database).name + ".lock")


def _holder(path: Path) -> str:
    try:
        info = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        info = {}
    return f"pid {info.get('pid', '?')}, started {info.get('started', '?')}"


@contextmanager
def archive_lock(db_url: str) -> Iterator[None]:
    """Hold the archive's lock for the duration; raises ArchiveLockedError at once when another run holds it."""
    path = lock_path(db_url)
    if path is None:
        yield
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise ArchiveError(f"cannot take the archive lock {path}: {exc.strerror}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ArchiveLockedError(f"another newsbot run ({_holder(path)}) holds the archive lock {path}") from None
        started = datetime.now(UTC).isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps({"pid": os.getpid(), "started": started}).encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def lock_is_held(db_url: str) -> bool:
    """Whether some process holds the archive's lock now (a 'running' run record without it was killed)."""
    path = lock_path(db_url)
    if path is None or not path.exists():
        return False
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False
