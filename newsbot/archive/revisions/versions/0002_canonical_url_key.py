"""Schema 2: the canonical URL key, article versions, raw responses, crawl runs, sites and fingerprints.

SQLite only: newsbot 0.1 wrote no archive on PostgreSQL. The articles of schema 1 are copied into the tables as
they stood at schema 6 (frozen here, so that a revision after 0006 meets the shape it expects); revisions 0003 to
0006 find their columns already there. Full-text search comes with 0004, the views after the last revision.
"""

from datetime import datetime

from alembic import op

from newsbot.archive.fingerprint import text_fingerprint
from newsbot.archive.localtime import local_iso
from newsbot.sites import UnknownSiteError, get_site
from newsbot.urls import canonical_url

revision = "0002"
down_revision = "0001"

SCHEMA_6_TABLES = (
    """CREATE TABLE IF NOT EXISTS crawl_runs (
        id INTEGER NOT NULL,
        site TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status TEXT NOT NULL,
        newsbot_version TEXT NOT NULL,
        worker TEXT,
        new INTEGER NOT NULL,
        updated INTEGER NOT NULL,
        unchanged INTEGER NOT NULL,
        dropped INTEGER NOT NULL,
        errors INTEGER NOT NULL,
        requests INTEGER NOT NULL,
        dropped_by_reason TEXT,
        stats TEXT,
        PRIMARY KEY (id)
)""",
    """CREATE TABLE IF NOT EXISTS crawl_state (
        site TEXT NOT NULL,
        lang TEXT NOT NULL,
        last_page INTEGER,
        walked_to_end_at TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (site, lang)
)""",
    """CREATE TABLE IF NOT EXISTS raw_responses (
        id INTEGER NOT NULL,
        url TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        status INTEGER NOT NULL,
        headers TEXT NOT NULL,
        body BLOB NOT NULL,
        size INTEGER NOT NULL,
        fetched_at TEXT NOT NULL,
        site TEXT NOT NULL,
        kind TEXT NOT NULL,
        lang TEXT,
        PRIMARY KEY (id),
        CONSTRAINT uq_raw_responses_url_sha256 UNIQUE (url, sha256)
)""",
    """CREATE INDEX IF NOT EXISTS ix_raw_responses_site_fetched ON raw_responses (site, fetched_at)""",
    """CREATE TABLE IF NOT EXISTS site_boilerplate (
        id INTEGER NOT NULL,
        site TEXT NOT NULL,
        "key" TEXT NOT NULL,
        text TEXT NOT NULL,
        pages INTEGER NOT NULL,
        share FLOAT NOT NULL,
        detected_at TEXT NOT NULL,
        enabled BOOLEAN NOT NULL,
        PRIMARY KEY (id),
        CONSTRAINT uq_site_boilerplate_site_key UNIQUE (site, "key")
)""",
    """CREATE TABLE IF NOT EXISTS sites (
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        title TEXT,
        origin TEXT NOT NULL,
        timezone TEXT NOT NULL,
        PRIMARY KEY (name)
)""",
    """CREATE TABLE IF NOT EXISTS articles (
        id INTEGER NOT NULL,
        url TEXT NOT NULL,
        canonical_url TEXT NOT NULL,
        site TEXT NOT NULL,
        lang TEXT NOT NULL,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        html TEXT NOT NULL,
        summary TEXT,
        published_at TEXT,
        published_local TEXT,
        published_raw TEXT,
        published_source TEXT,
        published_year_inferred BOOLEAN NOT NULL,
        published_precision TEXT,
        published_zone TEXT,
        published_zone_source TEXT,
        modified_at TEXT,
        fetched_at TEXT NOT NULL,
        image_url TEXT,
        image_credit TEXT,
        source TEXT,
        translation_key TEXT,
        source_id TEXT,
        categories TEXT,
        short BOOLEAN DEFAULT '0' NOT NULL,
        fingerprint TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        version INTEGER NOT NULL,
        extractor_version TEXT NOT NULL,
        raw_response_id INTEGER,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        last_run_id INTEGER,
        PRIMARY KEY (id),
        UNIQUE (canonical_url),
        FOREIGN KEY(raw_response_id) REFERENCES raw_responses (id),
        FOREIGN KEY(last_run_id) REFERENCES crawl_runs (id)
)""",
    """CREATE INDEX IF NOT EXISTS ix_articles_fingerprint ON articles (fingerprint)""",
    """CREATE INDEX IF NOT EXISTS ix_articles_site_lang_published ON articles (site, lang, published_at)""",
    """CREATE INDEX IF NOT EXISTS ix_articles_translation_key ON articles (translation_key)""",
    """CREATE INDEX IF NOT EXISTS ix_articles_updated_at ON articles (updated_at)""",
    """CREATE TABLE IF NOT EXISTS article_versions (
        id INTEGER NOT NULL,
        article_id INTEGER NOT NULL,
        version INTEGER NOT NULL,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        html TEXT NOT NULL,
        published_at TEXT,
        valid_from TEXT NOT NULL,
        valid_until TEXT NOT NULL,
        extractor_version TEXT NOT NULL,
        raw_response_id INTEGER,
        replaced_by_run_id INTEGER,
        PRIMARY KEY (id),
        CONSTRAINT uq_article_versions_article_version UNIQUE (article_id, version),
        FOREIGN KEY(article_id) REFERENCES articles (id),
        FOREIGN KEY(raw_response_id) REFERENCES raw_responses (id),
        FOREIGN KEY(replaced_by_run_id) REFERENCES crawl_runs (id)
)""",
)
# The columns schema 1 and schema 2 share; the rest are computed or start at their first value.
SHARED = ("id, url, site, lang, title, text, html, summary, published_at, published_raw, published_source, "
          "modified_at, fetched_at, image_url, image_credit, source, translation_key, source_id, categories, "
          "content_hash, first_seen, last_seen")


def _local_time(utc_iso: str | None, site: str) -> str | None:
    if utc_iso is None:
        return None
    try:
        zone = get_site(site).timezone
    except UnknownSiteError:
        zone = "UTC"
    return local_iso(datetime.fromisoformat(utc_iso), zone)


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    dbapi = conn.connection.driver_connection
    dbapi.create_function("newsbot_canonical_url", 1, canonical_url, deterministic=True)
    dbapi.create_function("newsbot_fingerprint", 1, text_fingerprint, deterministic=True)
    dbapi.create_function("newsbot_local", 2, _local_time, deterministic=True)
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_articles_translation_key")
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_articles_site_lang_published")
    conn.exec_driver_sql("ALTER TABLE articles RENAME TO articles_v1")
    for ddl in SCHEMA_6_TABLES:
        conn.exec_driver_sql(ddl)
    conn.exec_driver_sql(
        f"INSERT INTO articles ({SHARED}, canonical_url, fingerprint, version, extractor_version, updated_at, "
        "published_local, published_year_inferred) "
        f"SELECT {SHARED}, newsbot_canonical_url(url), newsbot_fingerprint(text), 1, 'newsbot 0.1 (schema 1)', "
        "last_seen, newsbot_local(published_at, site), 0 FROM articles_v1 ORDER BY id"
    )
    conn.exec_driver_sql("DROP TABLE articles_v1")
