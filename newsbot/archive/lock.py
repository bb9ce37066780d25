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
from sqlalchemy.pool import NullPool

from newsbot.archive.db import ArchiveError, to_url


class ArchiveLockedError(Exception):
    """Another process holds the archive's lock; the message is the one line a second run prints."""


def _database(db_url: str) -> Path | None:
    url = make_url(db_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database.removeprefix("file:").split("?", 1)[0])


def lock_path(db_url: str) -> Path | None:
    """`<archive>.lock` beside an SQLite file; None for other databases (they serialise writes themselves)."""
    database = _database(db_url)
    return None if database is None else database.with_name(database.name + ".lock")


def _lock_the_file(database: Path, how: int) -> int | None:
    """An flock on the archive file itself, so that every name of it (a hard link) shares one lock: its fd, or
    None when it does not exist yet; raises BlockingIOError when held. (SQLite locks with fcntl, which is
    independent of flock on Linux; the fd is closed only when no connection of ours is in a transaction.)"""
    try:
        fd = os.open(database, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        fcntl.flock(fd, how | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise
    return fd


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
        try:
            archive_fd = _lock_the_file(path.with_name(path.name.removesuffix(".lock")), fcntl.LOCK_EX)
        except BlockingIOError:
            fcntl.flock(fd, fcntl.LOCK_UN)
            raise ArchiveLockedError(f"another newsbot run holds the archive {path.name.removesuffix('.lock')} "
                                     "under another name (a hard link)") from None
        started = datetime.now(UTC).isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps({"pid": os.getpid(), "started": started}).encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            if archive_fd is not None:
                os.close(archive_fd)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def lock_is_held(db_url: str) -> bool:
    """Whether some process holds the archive's lock now (a 'running' run record without it was killed)."""
    database = _database(db_url)
    if database is None:
        return False
    try:
        archive_fd = _lock_the_file(database, fcntl.LOCK_SH)
    except BlockingIOError:
        return True
    if archive_fd is not None:
        os.close(archive_fd)
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


@contextmanager
def site_locks(db_url: str, sites: list[str]) -> Iterator[None]:
    """On a server database several runs share the archive, one run per site at a time: a session-level advisory
    lock per site, held on a connection of its own for the run's length (the server releases it when the
    connection dies, so a killed run leaves no stale lock). SQLite archives need none: the archive lock covers
    every site. Raises ArchiveLockedError at once when another run crawls one of the sites."""
    url = make_url(to_url(db_url))  # `postgresql://` names psycopg 3, as for the archive itself
    if url.get_backend_name() != "postgresql":
        yield
        return
    from sqlalchemy import create_engine, text

    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            for site in sites:
                if not conn.execute(text("SELECT pg_try_advisory_lock(hashtext(:key))"),
                                    {"key": f"newsbot:{site}"}).scalar():
                    raise ArchiveLockedError(f"another newsbot run is crawling {site} into this archive")
            conn.commit()
            yield  # the connection closes after the run, and with it every lock it holds
    finally:
        engine.dispose()


def sites_being_crawled(db_url: str, sites: set[str]) -> set[str]:
    """Which of `sites` a run is crawling now into a server database (their site_locks are held elsewhere); an
    SQLite archive has no per-site lock (see lock_is_held)."""
    url = make_url(to_url(db_url))
    if url.get_backend_name() != "postgresql" or not sites:
        return set()
    from sqlalchemy import create_engine, text

    engine = create_engine(url, poolclass=NullPool)
    held = set()
    try:
        with engine.connect() as conn:
            for site in sorted(sites):
                key = {"key": f"newsbot:{site}"}
                # Taking the lock for a moment is how to ask whether another session holds it.
                if conn.execute(text("SELECT pg_try_advisory_lock(hashtext(:key))"), key).scalar():
                    conn.execute(text("SELECT pg_advisory_unlock(hashtext(:key))"), key)
                else:
                    held.add(site)
            conn.commit()
    finally:
        engine.dispose()
    return held
