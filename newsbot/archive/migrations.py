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
from newsbot.archive.schema import FTS_DDL, SCHEMA_VERSION, VIEWS_DDL, metadata
from newsbot.sites import UnknownSiteError, get_site
from newsbot.urls import canonical_url

logger = logging.getLogger(__name__)


class NewerSchemaError(Exception):
    pass


def _version(conn: Connection) -> int:
    version = conn.exec_driver_sql("PRAGMA user_version").scalar() or 0
    if version == 0 and inspect(conn).has_table("articles"):
        return 1
    return int(version)


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


def _upgrade_short_article_flag(conn: Connection) -> None:
    """The `short` flag: articles below the usual length kept because the page declares itself one. (An archive
    upgraded from schema 1 in the same run already has it: step 2 creates the tables of this version.)"""
    if "short" not in {column["name"] for column in inspect(conn).get_columns("articles")}:
        conn.exec_driver_sql("ALTER TABLE articles ADD COLUMN short BOOLEAN NOT NULL DEFAULT 0")


UPGRADES: dict[int, Callable[[Connection], None]] = {2: _upgrade_1_to_2, 3: _upgrade_short_article_flag}


def ensure_schema(conn: Connection) -> list[int]:
    """Create the schema in an empty archive or upgrade an older one; returns the versions applied."""
    if conn.dialect.name != "sqlite":
        metadata.create_all(conn)  # FTS, views and versions-by-pragma are SQLite's
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
    applied = []
    for target in range(version + 1, SCHEMA_VERSION + 1):
        logger.warning("upgrading the archive from schema %d to %d", target - 1, target)
        UPGRADES[target](conn)
        conn.exec_driver_sql(f"PRAGMA user_version = {target}")
        applied.append(target)
    # Tables, views and triggers are created only where missing: recreate any a user dropped.
    metadata.create_all(conn)
    _create_extras(conn)
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
