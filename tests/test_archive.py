"""The archive on real SQLite files: opening, refusing bad files, writing without duplicates."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from conftest import FETCHED_AT

from newsbot.archive.db import ArchiveError, open_archive
from newsbot.archive.schema import SCHEMA_VERSION
from newsbot.archive.writer import ArchiveWriter, BatchResult
from newsbot.items import Article


def article(n: int, **fields: object) -> Article:
    base = Article(site="mfa", url=f"https://www.gov.kz/memleket/entities/mfa/press/news/details/{n}?lang=kk",
                   lang="kk", title=f"Title {n}", text=f"Text {n}", html=f"<p>Text {n}</p>",
                   published_at=FETCHED_AT - timedelta(days=n), fetched_at=FETCHED_AT)
    return replace(base, **fields)


def rows(db: Path, sql: str = "select url, title, text, first_seen, last_seen from articles order by url") -> list:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_a_new_archive_is_created_with_its_folder_in_wal_mode(tmp_path: Path) -> None:
    db = tmp_path / "nested" / "archive.sqlite"
    open_archive(str(db)).dispose()
    assert rows(db, "pragma journal_mode") == [("wal",)]
    tables = {name for (name,) in rows(db, "select name from sqlite_master where type in ('table', 'view')")}
    assert {"articles", "article_versions", "raw_responses", "crawl_runs", "sites", "articles_fts",
            "articles_overview", "translations", "republications"} <= tables
    assert rows(db, "pragma user_version") == [(SCHEMA_VERSION,)]


def test_writing_twice_adds_no_duplicate_and_updates_what_changed(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    writer = ArchiveWriter(open_archive(str(db)))
    assert writer.write([article(1), article(2)]) == BatchResult(new=2)
    later = FETCHED_AT + timedelta(hours=1)
    result = writer.write([article(1, fetched_at=later), article(2, text="Edited", fetched_at=later)])
    assert result == BatchResult(updated=1, unchanged=1)
    stored = rows(db)
    assert len(stored) == 2
    assert stored[1][2] == "Edited"
    # first_seen stays; last_seen moves for both the unchanged and the changed article.
    assert {r[3] for r in stored} == {"2026-11-21T06:00:00+00:00"}
    assert {r[4] for r in stored} == {"2026-11-21T07:00:00+00:00"}


def test_a_url_twice_in_one_batch_is_one_row(tmp_path: Path) -> None:
    writer = ArchiveWriter(open_archive(str(tmp_path / "a.sqlite")))
    assert writer.write([article(1), article(1, title="Newer")]) == BatchResult(new=1)


def test_instants_are_stored_in_utc_and_read_back_aware(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    almaty = datetime.fromisoformat("2020-12-22T15:30:00+06:00")
    ArchiveWriter(open_archive(str(db))).write([article(1, published_at=almaty)])
    assert rows(db, "select published_at from articles") == [("2020-12-22T09:30:00+00:00",)]


def test_a_naive_datetime_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    writer = ArchiveWriter(open_archive(str(db)))
    with pytest.raises(Exception, match="naive datetime"):
        writer.write([article(1), article(2, published_at=datetime(2020, 1, 1))])
    assert rows(db) == []


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n")
    with pytest.raises(ArchiveError, match="is not an SQLite database"):
        open_archive(str(notes))
    assert notes.read_text() == "my notes\n"


def test_an_unwritable_path_is_one_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(ArchiveError, match="cannot create the folder"):
        open_archive(str(blocker / "sub" / "a.sqlite"))


def test_read_only_opening_needs_an_existing_archive(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="does not exist"):
        open_archive(str(tmp_path / "missing.sqlite"), readonly=True)
    assert not (tmp_path / "missing.sqlite").exists()


def test_a_short_article_is_stored_with_its_flag(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    ArchiveWriter(open_archive(str(db))).write([article(1, short=True), article(2)])
    assert rows(db, "select url like '%/1?lang=kk', short from articles order by url") == [(1, 1), (0, 0)]


def test_a_schema_2_archive_gains_the_short_flag(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    ArchiveWriter(open_archive(str(db))).write([article(1)])
    with sqlite3.connect(db) as conn:
        conn.execute("drop view if exists articles_overview")
        conn.execute("alter table articles drop column short")
        conn.execute("pragma user_version = 2")
    ArchiveWriter(open_archive(str(db))).write([article(2, short=True)])
    assert rows(db, "select short from articles order by url") == [(0,), (1,)]
    assert rows(db, "pragma user_version") == [(SCHEMA_VERSION,)]
