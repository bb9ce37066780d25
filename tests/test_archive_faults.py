"""The archive under bad files, old schemas, a full disk and two writers at once."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from archive_helpers import article, query, raw, write
from conftest import FIXTURES, backend
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from newsbot.archive.db import ArchiveError, open_archive
from newsbot.archive.schema import SCHEMA_VERSION
from newsbot.archive.writer import ArchiveWriter


def v1_archive(path: Path) -> Path:
    """An archive as newsbot 0.1's first schema wrote it (dumped from a real crawl of that version)."""
    with sqlite3.connect(path) as conn:
        conn.executescript((FIXTURES / "archives" / "v1_archive.sql").read_text(encoding="utf-8"))
    return path


# SQLite-only: the first schemas were SQLite files (a server archive's upgrades are the migration tests').
def test_an_archive_from_the_first_schema_is_upgraded_in_place_with_nothing_lost(tmp_path: Path) -> None:
    db = v1_archive(tmp_path / "old.sqlite")
    before = query(db, "select id, url, title, text, html, published_at, first_seen from articles order by id")
    assert len(before) == 14
    open_archive(str(db)).dispose()
    assert query(db, "pragma user_version") == [(SCHEMA_VERSION,)]
    assert query(db, "select id, url, title, text, html, published_at, first_seen from articles order by id") == before
    assert query(db, "select distinct version from articles") == [(1,)]
    assert query(db, "select count(distinct canonical_url), count(distinct fingerprint) from articles") == [(14, 14)]
    assert query(db, "select published_local from articles where source_id = '1001' and lang = 'kk'") == [
        ("2020-12-22T15:30:51+06:00",)]
    assert query(db, "select count(*) from articles_fts where articles_fts match 'Ташкент*'") == [(4,)]
    assert query(db, "pragma integrity_check") == [("ok",)]
    # Opening again applies nothing more.
    open_archive(str(db)).dispose()
    assert query(db, "select count(*) from articles") == [(14,)]


def test_an_archive_of_schema_2_gains_the_date_evidence_columns(tmp_path: Path) -> None:
    db = tmp_path / "v2.sqlite"
    open_archive(str(db)).dispose()
    for column in ("published_precision", "published_zone", "published_zone_source"):
        query(db, f"alter table articles drop column {column}")
    query(db, "pragma user_version = 2")
    open_archive(str(db)).dispose()
    assert query(db, "pragma user_version") == [(SCHEMA_VERSION,)]
    columns = {row[1] for row in query(db, "pragma table_info(articles)")}
    assert {"published_precision", "published_zone", "published_zone_source"} <= columns


def test_reading_commands_upgrade_an_old_archive_too(tmp_path: Path) -> None:
    db = v1_archive(tmp_path / "old.sqlite")
    engine = open_archive(str(db), readonly=True)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("select count(*) from articles_overview").scalar() == 14
    engine.dispose()


# SQLite-only: user_version is SQLite's record of the schema.
def test_an_archive_from_a_newer_newsbot_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite"
    open_archive(str(db)).dispose()
    query(db, "pragma user_version = 99")
    with pytest.raises(ArchiveError, match=f"schema version 99, newer than this newsbot's {SCHEMA_VERSION}"):
        open_archive(str(db))
    assert query(db, "pragma user_version") == [(99,)]


# SQLite-only: damaged bytes of a file.
def test_a_corrupt_database_is_one_line(tmp_path: Path) -> None:
    db = tmp_path / "corrupt.sqlite"
    open_archive(str(db)).dispose()
    data = bytearray(db.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    db.write_bytes(bytes(data))
    with pytest.raises(ArchiveError, match="cannot open archive"):
        open_archive(str(db))


def test_an_sqlite_file_that_is_not_an_archive_is_not_read_as_one(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("create table notes (x)")
    with pytest.raises(ArchiveError, match="not a newsbot archive"):
        open_archive(str(other), readonly=True)


# SQLite-only: max_page_count stands in for a full disk.
def test_a_full_disk_mid_batch_rolls_the_whole_batch_back(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    write(db, article(1))
    engine = open_archive(str(db))
    pages = query(db, "pragma page_count")[0][0]

    @event.listens_for(engine, "connect")
    def _small_disk(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        # SQLite's own "database or disk is full" error, as on a full filesystem.
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages + 2}")

    engine.dispose()  # reconnect with the limit
    writer = ArchiveWriter(engine, timezone="Asia/Almaty", extractor_version="test")
    big = [article(n, text="Ж" * 20_000) for n in range(2, 40)]
    with pytest.raises(OperationalError, match="full"):
        writer.write(big)
    engine.dispose()
    assert query(db, "select count(*), max(text) from articles") == [(1, "Text 1")]
    assert query(db, "select count(*) from articles_fts") == [(1,)]
    assert query(db, "pragma integrity_check") == [("ok",)]
    assert write(db, *big).new == len(big)  # with room again, the next run completes the work


def _write_many(db: str, order: list[int], ready: Any) -> None:
    engine = open_archive(db)
    writer = ArchiveWriter(engine, timezone="Asia/Almaty", extractor_version="test")
    engine.connect().close()  # connected (the pool keeps it), so that both start writing together
    ready.wait()
    for n in order:
        page = raw(f"page {n}".encode(), url=f"https://www.gov.kz/api/v1/public/content-manager/news?page={n}")
        writer.write([article(k, raw=page) for k in range(n, n + 10)])
    engine.dispose()


def test_two_processes_writing_at_once_both_land(archive_db: str) -> None:
    db = archive_db
    open_archive(db).dispose()
    ctx = multiprocessing.get_context("spawn")
    ready = ctx.Barrier(2)
    # 0-199 and 100-299, both starting on the shared 100-199 at the same moment: the same new articles in
    # batches written at once (on PostgreSQL both would find them new without the writer's key locks).
    shared = list(range(100, 200, 10))
    orders = (shared + list(range(0, 100, 10)), shared + list(range(200, 300, 10)))
    workers = [ctx.Process(target=_write_many, args=(db, order, ready)) for order in orders]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert [w.exitcode for w in workers] == [0, 0]
    # One row each, no duplicate, nothing lost; each API page stored once.
    assert query(db, "select count(*), count(distinct canonical_url) from articles") == [(300, 300)]
    assert query(db, "select count(*), count(distinct url) from raw_responses") == [(30, 30)]
    # The overlap was written twice with the same content: unchanged, so no version was made.
    assert query(db, "select count(*), max(version) from articles") == [(300, 1)]
    if backend(db) == "sqlite":
        assert query(db, "pragma integrity_check") == [("ok",)]


def test_an_archive_missing_a_column_of_its_version_is_one_line(archive_db: str) -> None:
    db = archive_db
    write(db, article(1))
    query(db, "drop view articles_overview")
    query(db, "drop view news")
    query(db, "alter table articles drop column published_local")
    for readonly in (False, True):
        with pytest.raises(ArchiveError, match=r"table articles lacks column\(s\) published_local"):
            open_archive(db, readonly=readonly)


def test_a_version_2_archive_gets_its_search_index_declared_the_way_datasette_finds_it(tmp_path: Path) -> None:
    db = tmp_path / "v2.sqlite"
    write(db, article(1, title="Астана консультациялар"), article(2, title="Алматы"))
    # As schema 2 declared it: content='articles' in single quotes, which Datasette and sqlite-utils miss.
    with sqlite3.connect(db) as conn:
        conn.executescript("""
            DROP TRIGGER articles_ai; DROP TRIGGER articles_ad; DROP TRIGGER articles_au; DROP TABLE articles_fts;
            DROP VIEW news;
            CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='id',
                tokenize='unicode61 remove_diacritics 2');
            INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
            PRAGMA user_version = 2;""")
    open_archive(str(db)).dispose()
    assert query(db, "pragma user_version") == [(SCHEMA_VERSION,)]
    (sql,) = query(db, "select sql from sqlite_master where name = 'articles_fts'")[0]
    assert 'content="articles"' in sql
    assert query(db, "select rowid from articles_fts where articles_fts match 'астана'") == [(1,)]
    assert query(db, "select count(*) from news") == [(2,)]
    # The triggers came back: a new article is searchable.
    write(db, article(3, title="Астана"))
    assert query(db, "select count(*) from articles_fts where articles_fts match 'астана'") == [(2,)]
    assert query(db, "pragma integrity_check") == [("ok",)]
