"""Building archives for tests through the real writer."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from conftest import FETCHED_AT

from newsbot.archive.db import open_archive
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


def write(db: Path, *items: Article, timezone: str = "Asia/Almaty", **kwargs: object) -> BatchResult:
    engine = open_archive(str(db))
    try:
        return ArchiveWriter(engine, timezone=timezone, extractor_version="test").write(items, **kwargs)
    finally:
        engine.dispose()


def query(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()
