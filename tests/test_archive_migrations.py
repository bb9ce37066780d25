"""Schema upgrades through the one Alembic revision chain, on SQLite and on the real PostgreSQL: older archives
reach the head with the shape schema.py defines, a current one is left alone (and opens without Alembic), a
newer one is refused."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from archive_helpers import article, query, write
from cli_client import cli_environment
from conftest import FIXTURES
from sqlalchemy import Connection, Engine, create_engine, inspect

from newsbot.archive.db import ArchiveError, open_archive, to_url
from newsbot.archive.migrations import (
    HEAD,
    REVISIONS,
    alembic_config,
    ensure_schema,
    include_object,
    write_revision,
)
from newsbot.archive.schema import SCHEMA_VERSION, metadata
from newsbot.archive.writer import ArchiveWriter

# The columns each revision adds, for building an archive as it stood before them.
ADDED_BY = {3: {"crawl_runs": ["worker"]},
            5: {"articles": ["published_precision", "published_zone", "published_zone_source"]},
            6: {"articles": ["short"]}}


def differences(engine: Engine) -> list:
    """What Alembic finds between the archive and schema.metadata: tables, columns, types, defaults, indexes."""
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include_object, "compare_type": True,
                                                         "compare_server_default": True})
        return compare_metadata(context, metadata)


def revision(engine: Engine) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(row) for row in conn.exec_driver_sql("SELECT version_num FROM alembic_version")]


def columns(engine: Engine, table: str) -> set[str]:
    return {column["name"] for column in inspect(engine).get_columns(table)}


def build_old(conn: Connection, version: int) -> None:
    """An archive as schema `version` left it: today's tables less the columns of later revisions."""
    metadata.create_all(conn)
    for number, tables in ADDED_BY.items():
        for table, names in tables.items():
            for name in names if number > version else []:
                conn.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN {name}")
    write_revision(conn, version)


@pytest.fixture
def pg(postgres_url: str) -> Iterator[Engine]:
    engine = create_engine(to_url(postgres_url))
    yield engine
    engine.dispose()


def test_the_revisions_are_one_chain_numbered_by_schema_ending_at_schema_version() -> None:
    scripts = ScriptDirectory.from_config(alembic_config())
    chain = [script.revision for script in scripts.walk_revisions("base", "heads")]
    assert chain == [f"{n:04d}" for n in range(SCHEMA_VERSION, 0, -1)]
    assert scripts.get_heads() == [HEAD]


def test_a_new_archive_is_at_the_head_with_the_schema_of_schema_py(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    engine = open_archive(str(db))
    assert revision(engine) == [(HEAD,)]
    assert query(db, "pragma user_version") == [(SCHEMA_VERSION,)]
    assert differences(engine) == []
    engine.dispose()


def test_an_archive_of_the_first_schema_ends_with_the_shape_of_a_new_one(tmp_path: Path) -> None:
    db = tmp_path / "v1.sqlite"
    with sqlite3.connect(db) as conn:
        conn.executescript((FIXTURES / "archives" / "v1_archive.sql").read_text(encoding="utf-8"))
    engine = open_archive(str(db))
    assert revision(engine) == [(HEAD,)]
    assert differences(engine) == []
    engine.dispose()


@pytest.mark.parametrize("version", range(2, SCHEMA_VERSION))
def test_an_sqlite_archive_at_an_older_revision_gains_the_later_columns(tmp_path: Path, version: int) -> None:
    db = tmp_path / "old.sqlite"
    engine = create_engine(to_url(str(db)))
    with engine.begin() as conn:
        build_old(conn, version)
    engine.dispose()
    assert query(db, "pragma user_version") == [(version,)]
    engine = open_archive(str(db))
    assert revision(engine) == [(HEAD,)] and differences(engine) == []
    assert query(db, "pragma user_version") == [(SCHEMA_VERSION,)]
    engine.dispose()


def test_opening_a_current_archive_again_applies_nothing(tmp_path: Path) -> None:
    engine = open_archive(str(tmp_path / "a.sqlite"))
    with engine.begin() as conn:
        assert ensure_schema(conn) == []
    engine.dispose()


def test_an_older_archive_applies_the_later_revisions_once(tmp_path: Path) -> None:
    engine = create_engine(to_url(str(tmp_path / "old.sqlite")))
    with engine.begin() as conn:
        build_old(conn, 4)
        assert ensure_schema(conn) == list(range(5, SCHEMA_VERSION + 1))
        assert ensure_schema(conn) == []
    engine.dispose()


OPEN_AND_SAY = ("import sys; from newsbot.archive.db import open_archive; open_archive(sys.argv[1]).dispose(); "
                "print('alembic' in sys.modules)")


def imports_alembic(db: Path) -> bool:
    found = subprocess.run([sys.executable, "-c", OPEN_AND_SAY, str(db)], capture_output=True, text=True,
                           check=True, env=cli_environment())
    return found.stdout.split()[-1] == "True"


def test_only_an_upgrade_imports_alembic(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    assert not imports_alembic(db)  # created
    assert not imports_alembic(db)  # current
    query(db, "alter table articles drop column short")
    query(db, "pragma user_version = 5")
    assert imports_alembic(db)
    assert query(db, "pragma user_version") == [(SCHEMA_VERSION,)]


@pytest.mark.parametrize(("user_version", "upgrades"), [(SCHEMA_VERSION, False), (0, True)])
def test_an_sqlite_archive_from_before_alembic_is_recorded_at_the_head(tmp_path: Path, user_version: int,
                                                                       upgrades: bool) -> None:
    """Made by newsbot before Alembic (user_version 6, no alembic_version): recorded as it is. A `.dump` backup
    of one (no user_version either): recognised by its tables and passed through revisions 0003 to 0006."""
    db = tmp_path / "a.sqlite"
    write(db, article(1, short=True))
    query(db, "drop table alembic_version")
    query(db, f"pragma user_version = {user_version}")
    assert imports_alembic(db) is upgrades
    assert query(db, "select version_num from alembic_version") == [(HEAD,)]
    assert query(db, "pragma user_version") == [(SCHEMA_VERSION,)]
    assert query(db, "select title, short from articles") == [("Title 1", 1)]


def test_an_sqlite_archive_at_an_unknown_revision_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    open_archive(str(db)).dispose()
    query(db, "update alembic_version set version_num = 'f00d0007'")
    for readonly in (False, True):
        with pytest.raises(ArchiveError) as refused:
            open_archive(str(db), readonly=readonly)
        assert str(refused.value) == (
            f"cannot open archive {db}: the archive is at schema revision 'f00d0007', which this newsbot does not "
            f"know (its newest is {HEAD}): upgrade newsbot")
    assert query(db, "select version_num from alembic_version") == [("f00d0007",)]


def test_a_failed_upgrade_leaves_the_archive_as_it_was(tmp_path: Path) -> None:
    db = tmp_path / "v1.sqlite"
    with sqlite3.connect(db) as conn:
        conn.executescript((FIXTURES / "archives" / "v1_archive.sql").read_text(encoding="utf-8"))
        # Two spellings of one article: schema 2's canonical URL key cannot hold both.
        conn.execute("insert into articles (url, site, lang, title, text, html, fetched_at, content_hash, "
                     "first_seen, last_seen) select url || '&utm_source=x', site, lang, title, text, html, fetched_at,"
                     " content_hash, first_seen, last_seen from articles where id = (select min(id) from articles)")
    before = query(db, "select * from sqlite_master order by name"), query(db, "select * from articles order by id")
    with pytest.raises(Exception, match="UNIQUE"):
        open_archive(str(db))
    assert (query(db, "select * from sqlite_master order by name"),
            query(db, "select * from articles order by id")) == before
    assert query(db, "pragma user_version") == [(0,)]


def test_a_new_postgres_archive_is_at_the_head_with_the_schema_of_schema_py(postgres_url: str, pg: Engine) -> None:
    open_archive(postgres_url).dispose()
    assert revision(pg) == [(HEAD,)]
    assert differences(pg) == []
    engine = open_archive(postgres_url)
    with engine.begin() as conn:
        assert ensure_schema(conn) == []
    engine.dispose()


@pytest.mark.parametrize("version", [2, 5])
def test_a_postgres_archive_at_an_older_revision_gains_the_later_columns(postgres_url: str, pg: Engine,
                                                                         version: int) -> None:
    with pg.begin() as conn:
        build_old(conn, version)
        conn.exec_driver_sql(
            "INSERT INTO articles (url, canonical_url, site, lang, title, text, html, published_year_inferred, "
            "fetched_at, fingerprint, content_hash, version, extractor_version, first_seen, last_seen, updated_at) "
            "VALUES ('https://a.kz/1', 'https://a.kz/1', 'mfa', 'ru', 'Переговоры', 'Текст', '<p>Текст</p>', false, "
            "'2020-12-22T09:30:51+00:00', 'f', 'h', 1, 'old', '2020-12-22T09:30:51+00:00', "
            "'2020-12-22T09:30:51+00:00', '2020-12-22T09:30:51+00:00')")
    assert "short" not in columns(pg, "articles")
    open_archive(postgres_url).dispose()
    assert revision(pg) == [(HEAD,)]
    assert differences(pg) == []
    with pg.connect() as conn:
        assert conn.exec_driver_sql("SELECT short, search @@ to_tsquery('russian', 'переговор') FROM articles"
                                    ).all() == [(False, True)]


def test_a_postgres_archive_from_before_alembic_is_recognised_and_completed(postgres_url: str, pg: Engine) -> None:
    with pg.begin() as conn:
        build_old(conn, 5)
        conn.exec_driver_sql("DROP TABLE alembic_version")
    engine = open_archive(postgres_url)
    assert revision(pg) == [(HEAD,)] and differences(pg) == []
    assert {"short", "search"} <= columns(pg, "articles")
    ArchiveWriter(engine, extractor_version="test").write([article(1, short=True)])
    engine.dispose()


def test_workers_opening_an_older_postgres_archive_at_once_upgrade_it_once(postgres_url: str, pg: Engine) -> None:
    with pg.begin() as conn:
        build_old(conn, 2)

    def open_once(_: int) -> list[int]:
        engine = open_archive(postgres_url)  # the lock: one upgrades, the others find it current
        engine.dispose()
        return sorted(columns(pg, "articles") & {"short", "published_zone"})

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(open_once, range(4))) == [["published_zone", "short"]] * 4
    assert revision(pg) == [(HEAD,)]


def test_a_postgres_archive_at_an_unknown_revision_is_refused_untouched(postgres_url: str, pg: Engine) -> None:
    open_archive(postgres_url).dispose()
    with pg.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0099'")
    for readonly in (False, True):
        with pytest.raises(ArchiveError, match=r"^cannot open archive .*: the archive is at schema revision '0099', "
                                               r"which this newsbot does not know \(its newest is \d{4}\): upgrade "
                                               r"newsbot$"):
            open_archive(postgres_url, readonly=readonly)
    assert revision(pg) == [("0099",)]


def test_reading_commands_upgrade_an_older_postgres_archive(postgres_url: str, pg: Engine) -> None:
    with pg.begin() as conn:
        build_old(conn, 5)
    open_archive(postgres_url, readonly=True).dispose()
    assert revision(pg) == [(HEAD,)] and "short" in columns(pg, "articles")


NEXT_REVISION_BODY = '''def upgrade() -> None:
    op.add_column("articles", sa.Column("paywall", sa.Boolean(), nullable=False, server_default="0"))
    op.create_index("ix_articles_paywall", "articles", ["paywall"])
'''


@pytest.fixture
def next_revision(tmp_path: Path) -> Path:
    """The revisions with one more, made as docs/migrations.md says: from the template, numbered after the head."""
    from alembic import command

    folder = tmp_path / "revisions"
    shutil.copytree(REVISIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    config = alembic_config()
    config.set_main_option("script_location", str(folder))
    script = command.revision(config, "Articles behind a paywall", rev_id=f"{SCHEMA_VERSION + 1:04d}")
    path = Path(script.path)
    source = path.read_text(encoding="utf-8")
    assert f"down_revision = '{HEAD}'" in source
    path.write_text(source[:source.index("def upgrade")] + NEXT_REVISION_BODY, encoding="utf-8")
    return folder


def upgrade_with(folder: Path, engine: Engine) -> list[int]:
    from alembic import command

    with engine.begin() as conn:
        config = alembic_config(conn)
        config.set_main_option("script_location", str(folder))
        command.upgrade(config, "head")
    return config.attributes["applied"]


def test_a_next_revision_from_the_template_runs_on_sqlite(next_revision: Path, tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    engine = open_archive(str(db))
    ArchiveWriter(engine, extractor_version="test").write([article(1)])
    assert upgrade_with(next_revision, engine) == [SCHEMA_VERSION + 1]
    assert query(db, "select paywall from articles") == [(0,)]
    assert query(db, "pragma user_version") == [(SCHEMA_VERSION + 1,)]
    assert revision(engine) == [(f"{SCHEMA_VERSION + 1:04d}",)]
    engine.dispose()


def test_the_same_next_revision_runs_on_postgres(next_revision: Path, postgres_url: str) -> None:
    engine = open_archive(postgres_url)
    ArchiveWriter(engine, extractor_version="test").write([article(1)])
    assert upgrade_with(next_revision, engine) == [SCHEMA_VERSION + 1]
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT paywall FROM articles").all() == [(False,)]
    assert "ix_articles_paywall" in {index["name"] for index in inspect(engine).get_indexes("articles")}
    assert revision(engine) == [(f"{SCHEMA_VERSION + 1:04d}",)]
    engine.dispose()
