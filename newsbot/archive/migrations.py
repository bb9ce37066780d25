"""Schema history: an archive written by an earlier newsbot is upgraded in place when opened, on SQLite and
PostgreSQL alike, by the Alembic revisions in newsbot/archive/revisions/versions/ (docs/migrations.md).

A revision's id is its schema number (`0006`). Where an archive stands is read cheaply first: a current archive
opens without importing Alembic. An older one is stamped at the revision it is at and upgraded to the head, in
the caller's transaction (SQLite and PostgreSQL DDL are transactional): the upgrade completes, or the archive is
left exactly as it was. Archives made before newsbot used Alembic have no `alembic_version` table: on SQLite
`PRAGMA user_version` says their schema (newsbot 0.1's first archives set none, and are recognised by their
`articles` table, as is a `.dump` backup, which loses it); a PostgreSQL one is recognised by its tables.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Column, Connection, inspect

from newsbot.archive.schema import (
    FTS_DDL,
    PG_SEARCH_DDL,
    PG_VIEWS_DDL,
    SCHEMA_VERSION,
    VIEWS_DDL,
    alembic_metadata,
    alembic_version,
    metadata,
)

if TYPE_CHECKING:
    from alembic.config import Config

logger = logging.getLogger(__name__)

REVISIONS = Path(__file__).with_name("revisions")
HEAD = f"{SCHEMA_VERSION:04d}"
KNOWN_REVISIONS = {f"{number:04d}": number for number in range(1, SCHEMA_VERSION + 1)}


class NewerSchemaError(Exception):
    pass


class ForeignDatabaseError(Exception):
    """An SQLite database of another program: newsbot writes only to an empty file or to its own archive."""


class SchemaMismatchError(Exception):
    pass


def revision_id(version: int) -> str:
    return f"{version:04d}"


def stored_revision(conn: Connection) -> str | None:
    """The revision in `alembic_version`, or None where there is none (an empty database, or an archive from before
    newsbot used Alembic)."""
    if not inspect(conn).has_table(alembic_version.name):
        return None
    return conn.execute(alembic_version.select()).scalar()


def recorded_version(conn: Connection) -> int | None:
    """The schema number the archive records, or None where it records none. Raises NewerSchemaError for a
    schema this newsbot does not know."""
    return _recorded(conn)[0]


def _recorded(conn: Connection) -> tuple[int | None, bool]:
    """The recorded schema number, and whether both records (`alembic_version`, and `user_version` on SQLite) say
    the head. On SQLite `PRAGMA user_version` speaks first: it is what other tools, and newsbot before Alembic,
    read and write."""
    revision = stored_revision(conn)
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise NewerSchemaError(f"the archive is at schema revision {revision!r}, which this newsbot does not know "
                               f"(its newest is {HEAD}): upgrade newsbot")
    at_head = revision == HEAD
    if conn.dialect.name == "sqlite":
        version = int(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0)
        if version > SCHEMA_VERSION:
            raise NewerSchemaError(f"the archive has schema version {version}, newer than this newsbot's "
                                   f"{SCHEMA_VERSION}: upgrade newsbot")
        at_head = at_head and version == SCHEMA_VERSION
        if version > 0:
            return version, at_head
    return (None if revision is None else KNOWN_REVISIONS[revision]), at_head


def _version_from_tables(conn: Connection) -> int:
    """The schema of an archive that records none: 1 before the canonical URL key, else 2 (revisions 0003 to 0006
    add only what is missing, so an archive that already has their columns passes through them unchanged); 0 for
    an empty database."""
    inspector = inspect(conn)
    if inspector.has_table("articles"):
        columns = {column["name"] for column in inspector.get_columns("articles")}
        return 2 if "canonical_url" in columns else 1
    tables = [name for name in inspector.get_table_names() if not name.startswith("sqlite_")]
    if tables and conn.dialect.name == "sqlite":  # a server database may hold other programs' tables beside ours
        shown = ", ".join(sorted(tables)[:5])
        raise ForeignDatabaseError(f"it is another program's SQLite database (tables: {shown}); newsbot writes only "
                                   "to an empty file or to its own archive")
    return 0


def write_revision(conn: Connection, version: int) -> None:
    """Record the archive's schema in `alembic_version` (and `user_version` on SQLite), as `alembic stamp` does."""
    alembic_metadata.create_all(conn)
    conn.execute(alembic_version.delete())
    conn.execute(alembic_version.insert().values(version_num=revision_id(version)))
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA user_version = {int(version)}")


def create_extras(conn: Connection) -> None:
    """What is built on the tables and holds no data of its own, created where missing: SQLite's FTS5 table, its
    triggers and the views; PostgreSQL's search column, its index and the views."""
    if conn.dialect.name == "sqlite":
        for ddl in (*FTS_DDL, *VIEWS_DDL):
            conn.exec_driver_sql(ddl)
    elif conn.dialect.name == "postgresql":
        for ddl in (*PG_SEARCH_DDL, *PG_VIEWS_DDL):
            conn.exec_driver_sql(ddl)


# PostgreSQL's search column and its index: made by create_extras from schema.PG_SEARCH_DDL, not in the metadata.
PG_SEARCH_OBJECTS = {("column", "search"), ("index", "ix_articles_search")}


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """What Alembic compares with schema.metadata (autogenerate): not the extras (FTS5 tables, views, PostgreSQL's
    search column), nor alembic_version."""
    if reflected and compare_to is None:
        return type_ != "table" and (type_, name) not in PG_SEARCH_OBJECTS
    return True


def add_missing_columns(table: str, *columns: Column) -> None:
    """For a revision: add each of `columns` the table lacks. An archive upgraded from schema 1 in the same opening
    has them all already (0002 creates that day's tables), and so may one recognised by its tables."""
    from alembic import op

    present = {column["name"] for column in inspect(op.get_bind()).get_columns(table)}
    for column in columns:
        if column.name not in present:
            op.add_column(table, column)


def alembic_config(conn: Connection | None = None) -> Config:
    """Alembic's configuration for newsbot's revisions, with no alembic.ini: env.py runs them on `conn`."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(REVISIONS).replace("%", "%%"))
    config.attributes["connection"] = conn
    config.attributes["applied"] = []
    return config


def _upgrade(conn: Connection, start: int) -> list[int]:
    """Stamp the archive at `start` and run every later revision on it; returns the schema numbers applied."""
    from alembic import command

    write_revision(conn, start)
    config = alembic_config(conn)
    command.upgrade(config, "head")
    return config.attributes["applied"]


def ensure_schema(conn: Connection) -> list[int]:
    """Create the schema in an empty archive or upgrade an older one; returns the schema numbers applied."""
    if conn.dialect.name == "postgresql":
        # Several workers may open the archive at the same moment: one creates or upgrades, the others wait for its
        # transaction and then find it current (the lock ends with the transaction).
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(hashtext('newsbot:schema'))")
    version, at_head = _recorded(conn)
    if version is None:
        version = _version_from_tables(conn)
        if version == 0:
            metadata.create_all(conn)
            create_extras(conn)
            version = SCHEMA_VERSION
    if version < SCHEMA_VERSION:
        applied = _upgrade(conn, version)
    else:
        applied = []
        if not at_head:  # new, or recognised by its tables or its user_version alone: say so
            write_revision(conn, SCHEMA_VERSION)
    # Tables, views and triggers are created only where missing: recreate any a user dropped.
    metadata.create_all(conn)
    # Before the views: PostgreSQL checks a view's columns when it is created, and a missing column would reach
    # the user as the server's error about a view instead of this one line.
    check_columns(conn)
    if conn.dialect.name == "sqlite":
        had_search = inspect(conn).has_table("articles_fts")
        create_extras(conn)
        if not had_search:  # a dropped full-text table comes back with every article in it, not empty
            conn.exec_driver_sql("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
    else:
        create_extras(conn)
    if conn.dialect.name == "postgresql":
        grant_reader(conn)
    return applied


def check_columns(conn: Connection) -> None:
    """Every table and column of this version is there: an archive edited by hand, or made by a development
    build of the same version, is reported instead of failing halfway through a run."""
    inspector = inspect(conn)
    for table in metadata.sorted_tables:
        if not inspector.has_table(table.name):
            raise SchemaMismatchError(f"table {table.name} is missing")
        present = {column["name"] for column in inspector.get_columns(table.name)}
        missing = [c.name for c in table.columns if c.name not in present]
        if missing:
            raise SchemaMismatchError(f"table {table.name} lacks column(s) {', '.join(missing)}")


# The role `newsbot sql` runs a user's query as on PostgreSQL: it may read the archive's tables and nothing else
# (no superuser, none of the roles that read or write the server's files or run its programs).
READER_ROLE = "newsbot_reader"


def grant_reader(conn: Connection) -> None:
    """Create the reader role where this login may (CREATEROLE), and let it read every table; without the
    privilege `newsbot sql` says what to ask the database's administrator for."""
    exists = conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %(role)s", {"role": READER_ROLE}).first()
    may_create = conn.exec_driver_sql("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user"
                                      ).scalar()
    if not exists and not may_create:
        return
    if not exists:  # roles belong to the whole server: another archive on it may create the same one meanwhile
        conn.exec_driver_sql(f"DO $$ BEGIN CREATE ROLE {READER_ROLE} NOLOGIN NOSUPERUSER NOINHERIT; "
                             "EXCEPTION WHEN duplicate_object THEN NULL; END $$")
    conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA public TO {READER_ROLE}")
    conn.exec_driver_sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {READER_ROLE}")
    if not conn.exec_driver_sql("SELECT pg_has_role(current_user, %(role)s, 'MEMBER')", {"role": READER_ROLE}
                                ).scalar():
        conn.exec_driver_sql(f"GRANT {READER_ROLE} TO current_user")
