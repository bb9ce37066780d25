"""Opening the archive: a path or an SQLAlchemy URL in, a ready engine out, or one clear ArchiveError."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError

from newsbot.archive.migrations import (
    KNOWN_REVISIONS,
    ForeignDatabaseError,
    NewerSchemaError,
    SchemaMismatchError,
    check_columns,
    ensure_schema,
    recorded_version,
    stored_revision,
)
from newsbot.archive.schema import SCHEMA_VERSION

DEFAULT_DB = "data/archive.sqlite"
SQLITE_MAGIC = b"SQLite format 3\x00"
# Another writer (a second run, a user's sqlite3 shell) may hold the lock briefly: wait, don't fail.
BUSY_TIMEOUT_MS = 30_000


class ArchiveError(Exception):
    """The archive cannot be opened or written; the message is one line for the user."""


def default_db() -> str:
    return os.environ.get("NEWSBOT_DB") or DEFAULT_DB


def to_url(path_or_url: str) -> str:
    """`data/archive.sqlite` → `sqlite:////abs/data/archive.sqlite`; an SQLAlchemy URL stays as it is."""
    if "://" in path_or_url:
        # `postgresql://` means SQLAlchemy's default driver, psycopg2; newsbot's `postgres` extra installs psycopg 3.
        for bare in ("postgresql://", "postgres://"):
            if path_or_url.startswith(bare):
                return "postgresql+psycopg://" + path_or_url.removeprefix(bare)
        return path_or_url
    return f"sqlite:///{Path(path_or_url).expanduser().resolve()}"


def sqlite_file(path_or_url: str) -> Path | None:
    """The archive's SQLite file, or None for another database (or a URL that is none)."""
    try:
        return _sqlite_path(to_url(path_or_url))
    except ArgumentError:
        return None


def _sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


# Archive files this process has opened. Their header is read once, before any connection exists: closing any
# descriptor of an SQLite file drops every POSIX lock this process holds on it (fcntl semantics), so reading
# the header again while another engine (another site's store, a spider) has the archive open would break
# SQLite's locking, and a concurrent reader could then checkpoint away committed pages.
_opened: set[Path] = set()


def _check_sqlite_file(path: Path, *, create: bool) -> None:
    if path in _opened:
        return
    if path.exists():
        if path.is_dir():
            raise ArchiveError(f"archive {path} is a directory, not an SQLite file")
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
        if head and head != SQLITE_MAGIC:
            raise ArchiveError(f"archive {path} is not an SQLite database")
        if create and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
            # SQLite would open it read-only and fail at the first write, mid-run; the journal needs the folder.
            raise ArchiveError(f"cannot write archive {path}: the file or its folder is read-only")
    elif not create:
        raise ArchiveError(f"archive {path} does not exist (run `newsbot crawl` first, or pass --db)")
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ArchiveError(f"cannot create the folder for archive {path}: {exc.strerror}") from None
        if not os.access(path.parent, os.W_OK):
            raise ArchiveError(f"cannot write archive {path}: folder {path.parent} is not writable")


def _wal_unreachable(path: Path) -> bool:
    """The archive is in WAL mode (header bytes 18-19 are 2) and its folder cannot hold a new -shm file."""
    shm = path.with_name(path.name + "-shm")
    if shm.exists() or os.access(path.parent, os.W_OK):
        return False
    try:
        with path.open("rb") as fh:
            fh.seek(18)
            return fh.read(2) == b"\x02\x02"
    except OSError:
        return False


def _set_sqlite_pragmas(engine: Engine, *, readonly: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        # We issue BEGIN ourselves (below): pysqlite's own implicit transactions leave DDL outside them.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        if readonly:
            cur.execute("PRAGMA query_only = ON")
        else:
            cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        # IMMEDIATE takes the write lock up front, so a second writer waits (busy_timeout) instead of failing
        # when it later tries to upgrade a read lock.
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")


def open_archive(path_or_url: str | None = None, *, readonly: bool = False) -> Engine:
    """An engine on the archive, its schema created or upgraded when writable. Raises ArchiveError."""
    shown = path_or_url or default_db()
    url = to_url(shown)
    try:
        sqlite_path = _sqlite_path(url)
    except ArgumentError:
        raise ArchiveError(f"{shown!r} is neither a file path nor a database URL") from None
    if sqlite_path is not None:
        _check_sqlite_file(sqlite_path, create=not readonly)
        if readonly:
            # mode=ro: the database itself refuses writes, whatever the statement says.
            url = f"sqlite:///file:{sqlite_path}?mode=ro&uri=true"
            if _wal_unreachable(sqlite_path):
                # A WAL archive needs its -shm file, which a read-only folder (a mounted backup) cannot hold:
                # read it as immutable. No crawl can be writing there, and nothing it committed is lost unless
                # a -wal file was left beside it un-checkpointed (a copy taken mid-run).
                url += "&immutable=1"
    engine = _engine(url, shown, readonly=readonly)
    if sqlite_path is not None:
        _opened.add(sqlite_path)
    try:
        with engine.begin() as conn:
            if readonly:
                upgrade = _needs_upgrade(conn)
                _check_readable(conn, shown)
                if not upgrade:
                    check_columns(conn)
            else:
                upgrade = False
                ensure_schema(conn)
    except (NewerSchemaError, SchemaMismatchError, ForeignDatabaseError) as exc:
        engine.dispose()
        raise ArchiveError(f"cannot open archive {shown}: {exc}") from None
    except (OperationalError, DatabaseError) as exc:
        engine.dispose()
        # One line: psycopg adds a hint on a line of its own.
        raise ArchiveError(f"cannot open archive {shown}: {' '.join(str(exc.orig).split())}") from None
    if sqlite_path is not None and not readonly:
        # WAL: readers (sqlite3 shell, exports) never block the crawl's writes, nor the reverse. Set once the
        # file is known to be ours (it persists in the file): a refused database is left in its own mode.
        raw = engine.raw_connection()  # outside any transaction: SQLite changes the journal mode only there
        try:
            raw.driver_connection.execute("PRAGMA journal_mode = WAL")
        finally:
            raw.close()
    if upgrade:
        # Reading commands see the current schema too: upgrade once through a writable engine.
        engine.dispose()
        open_archive(path_or_url, readonly=False).dispose()
        return open_archive(path_or_url, readonly=True)
    return engine


def _engine(url: str, shown: str, *, readonly: bool) -> Engine:
    try:
        engine = create_engine(url)
    except (ArgumentError, ImportError) as exc:
        raise ArchiveError(f"cannot use database {shown!r}: {exc}") from None
    if engine.dialect.name == "sqlite":
        _set_sqlite_pragmas(engine, readonly=readonly)
    return engine


def _needs_upgrade(conn: Connection) -> bool:
    """An older schema, or a full-text table someone dropped: a writable open repairs it first. A server archive
    from before newsbot used Alembic records no schema: it is read as it is (its columns are checked)."""
    inspector = inspect(conn)
    if not inspector.has_table("articles"):
        return False
    if conn.dialect.name == "sqlite":
        version = conn.exec_driver_sql("PRAGMA user_version").scalar() or 0
        return version < SCHEMA_VERSION or not inspector.has_table("articles_fts")
    revision = stored_revision(conn)
    return revision is not None and KNOWN_REVISIONS.get(revision, SCHEMA_VERSION) < SCHEMA_VERSION


def _check_readable(conn: Connection, shown: str) -> None:
    recorded_version(conn)  # NewerSchemaError for a schema this newsbot does not know
    if not inspect(conn).has_table("articles"):
        kind = "an SQLite database" if conn.dialect.name == "sqlite" else "a database"
        raise ArchiveError(f"{shown} is {kind} but not a newsbot archive (no articles table)")
