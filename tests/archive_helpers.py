"""Building archives for tests through the real writer."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from conftest import FETCHED_AT
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from newsbot.archive.db import open_archive, sqlite_file, to_url
from newsbot.archive.writer import ArchiveWriter, BatchResult
from newsbot.items import Article, RawPage


def article(n: int, **fields: object) -> Article:
    base = Article(site="mfa", url=f"https://www.gov.kz/memleket/entities/mfa/press/news/details/{n}?lang=kk",
                   lang="kk", title=f"Title {n}", text=f"Text {n}", html=f"<p>Text {n}</p>",
                   published_at=FETCHED_AT - timedelta(days=n), fetched_at=FETCHED_AT)
    return replace(base, **fields)


def raw(body: bytes, url: str = "https://www.gov.kz/api/v1/public/content-manager/news?page=1", **fields: object
        ) -> RawPage:
    base = RawPage(url=url, status=200, headers={"Content-Type": "application/json"}, body=body,
                   fetched_at=FETCHED_AT, site="mfa", kind="govkz", lang="kk")
    return replace(base, **fields)


def write(db: Path | str, *items: Article, timezone: str = "Asia/Almaty", **kwargs: object) -> BatchResult:
    engine = open_archive(str(db))
    try:
        return ArchiveWriter(engine, timezone=timezone, extractor_version="test").write(items, **kwargs)
    finally:
        engine.dispose()


def query(db: Path | str, sql: str, params: tuple = ()) -> list[tuple]:
    """The rows of `sql` (`?` placeholders) read straight from the archive, on either backend, committed."""
    if sqlite_file(str(db)) is not None:
        with sqlite3.connect(db) as conn:
            return conn.execute(sql, params).fetchall()
    engine = create_engine(to_url(str(db)), poolclass=NullPool)
    try:
        with engine.begin() as conn:
            # psycopg's placeholder is %s, and a literal % is written %%.
            result = conn.exec_driver_sql(sql.replace("%", "%%").replace("?", "%s"), params)
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        engine.dispose()
