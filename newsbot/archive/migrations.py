"""Schema history: an archive written by an earlier newsbot is upgraded in place when opened.

Each step runs inside one transaction (SQLite DDL is transactional): it completes, or the archive is left
exactly as it was. `PRAGMA user_version` records the schema version; newsbot 0.1's first archives
(version 1) did not set it, and are recognised by their `articles` table.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Connection, inspect

from newsbot.archive.fingerprint import text_fingerprint
from newsbot.archive.localtime import local_iso
from newsbot.archive.schema import FTS_DDL, PG_SEARCH_DDL, PG_VIEWS_DDL, SCHEMA_VERSION, VIEWS_DDL, metadata
from newsbot.sites import UnknownSiteError, get_site
from newsbot.urls import canonical_url

logger = logging.getLogger(__name__)


class NewerSchemaError(Exception):
    pass


class ForeignDatabaseError(Exception):
    """An SQLite database of another program: newsbot writes only to an empty file or to its own archive."""


def _version(conn: Connection) -> int:
    """The schema version: `user_version`, or, when that is unset or nonsense (a backup made with `.dump` loses
    it), what the tables say: 0 for an empty database."""
    version = int(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0)
    if version > 0:
        return version
    inspector = inspect(conn)
    if inspector.has_table("articles"):
        columns = {column["name"] for column in inspector.get_columns("articles")}
        return 2 if "canonical_url" in columns else 1
    tables = [name for name in inspector.get_table_names() if not name.startswith("sqlite_")]
    if tables:
        shown = ", ".join(sorted(tables)[:5])
        raise ForeignDatabaseError(f"it is another program's SQLite database (tables: {shown}); newsbot writes only "
                                   "to an empty file or to its own archive")
    return 0


def _create_extras(conn: Connection) -> None:
    for ddl in (*FTS_DDL, *VIEWS_DDL):
        conn.exec_driver_sql(ddl)


def _local_time(utc_iso: str | None, site: str) -> str | None:
    if utc_iso is None:
        return None
    try:
        zone = get_site(site).timezone
    except UnknownSiteError:
        zone = "UTC"
    return local_iso(datetime.fromisoformat(utc_iso), zone)


def _upgrade_1_to_2(conn: Connection) -> None:
    """Canonical URL key, versions, raw responses, runs, sites, fingerprints, FTS and views."""
    dbapi = conn.connection.driver_connection
    dbapi.create_function("newsbot_canonical_url", 1, canonical_url, deterministic=True)
    dbapi.create_function("newsbot_fingerprint", 1, text_fingerprint, deterministic=True)
    dbapi.create_function("newsbot_local", 2, _local_time, deterministic=True)
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_articles_translation_key")
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_articles_site_lang_published")
    conn.exec_driver_sql("ALTER TABLE articles RENAME TO articles_v1")
    metadata.create_all(conn)
    shared = ("id, url, site, lang, title, text, html, summary, published_at, published_raw, published_source, "
              "modified_at, fetched_at, image_url, image_credit, source, translation_key, source_id, categories, "
              "content_hash, first_seen, last_seen")
    conn.exec_driver_sql(
        f"INSERT INTO articles ({shared}, canonical_url, fingerprint, version, extractor_version, updated_at, "
        "published_local, published_year_inferred) "
        f"SELECT {shared}, newsbot_canonical_url(url), newsbot_fingerprint(text), 1, 'newsbot 0.1 (schema 1)', "
        "last_seen, newsbot_local(published_at, site), 0 FROM articles_v1 ORDER BY id"
    )
    conn.exec_driver_sql("DROP TABLE articles_v1")
    _create_extras(conn)
    conn.exec_driver_sql("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")


def _add_missing_columns(conn: Connection, table: str, columns: dict[str, str]) -> None:
    """ALTER TABLE ... ADD COLUMN for each of `columns` (name → SQL type and default) the table lacks. An archive
    upgraded from schema 1 in the same opening has them all already: step 2 creates today's tables."""
    present = {column["name"] for column in inspect(conn).get_columns(table)}
    for name, declaration in columns.items():
        if name not in present:
            conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {name} {declaration}")


def _upgrade_2_to_3_run_worker(conn: Connection) -> None:
    """Run records name the machine and process that ran them (earlier runs stay unnamed)."""
    _add_missing_columns(conn, "crawl_runs", {"worker": "TEXT"})


def _upgrade_3_to_4_fts_for_datasette(conn: Connection) -> None:
    """The FTS table declared so that Datasette and sqlite-utils recognise it (`content="articles"`, see
    schema.FTS_CREATE), rebuilt from the articles; the `news` view for browsing comes with _create_extras."""
    for trigger in ("articles_ai", "articles_ad", "articles_au"):
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
    conn.exec_driver_sql("DROP TABLE IF EXISTS articles_fts")
    _create_extras(conn)
    conn.exec_driver_sql("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")


def _upgrade_4_to_5_date_evidence(conn: Connection) -> None:
    """How precise each publication date is, and the zone a site outside the registry was read in. Rows
    archived before stay NULL there (unknown) until a reprocess fills them."""
    _add_missing_columns(conn, "articles", {"published_precision": "TEXT", "published_zone": "TEXT",
                                            "published_zone_source": "TEXT"})


def _upgrade_5_to_6_short_article_flag(conn: Connection) -> None:
    """The `short` flag: articles below the usual length kept because the page declares itself one."""
    _add_missing_columns(conn, "articles", {"short": "BOOLEAN NOT NULL DEFAULT 0"})


UPGRADES: dict[int, Callable[[Connection], None]] = {
    2: _upgrade_1_to_2, 3: _upgrade_2_to_3_run_worker, 4: _upgrade_3_to_4_fts_for_datasette,
    5: _upgrade_4_to_5_date_evidence, 6: _upgrade_5_to_6_short_article_flag,
}


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


def ensure_schema(conn: Connection) -> list[int]:
    """Create the schema in an empty archive or upgrade an older one; returns the versions applied."""
    if conn.dialect.name != "sqlite":
        # Several workers may open a new server archive at the same moment: one creates, the others wait for its
        # transaction and then find the tables there (the lock ends with the transaction).
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(hashtext('newsbot:schema'))")
        metadata.create_all(conn)  # FTS5 and versions-by-pragma are SQLite's
        if conn.dialect.name == "postgresql":
            for ddl in (*PG_SEARCH_DDL, *PG_VIEWS_DDL):
                conn.exec_driver_sql(ddl)
            grant_reader(conn)
        return []
    version = _version(conn)
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(
            f"the archive has schema version {version}, newer than this newsbot's {SCHEMA_VERSION}: upgrade newsbot"
        )
    if version == 0:
        metadata.create_all(conn)
        _create_extras(conn)
        conn.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
        return []
    if conn.exec_driver_sql("PRAGMA user_version").scalar() != version:
        conn.exec_driver_sql(f"PRAGMA user_version = {version}")  # recognised by its tables: say so again
    applied = []
    for target in range(version + 1, SCHEMA_VERSION + 1):
        logger.warning("upgrading the archive from schema %d to %d", target - 1, target)
        UPGRADES[target](conn)
        conn.exec_driver_sql(f"PRAGMA user_version = {target}")
        applied.append(target)
    # Tables, views and triggers are created only where missing: recreate any a user dropped.
    metadata.create_all(conn)
    had_search = inspect(conn).has_table("articles_fts")
    _create_extras(conn)
    if not had_search:  # a dropped full-text table comes back with every article in it, not empty
        conn.exec_driver_sql("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
    check_columns(conn)
    return applied


class SchemaMismatchError(Exception):
    pass


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
