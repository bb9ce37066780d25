"""reprocess with worker processes writes exactly what it writes alone (the pages are parsed elsewhere, written
here in the same order)."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

from archive_helpers import article, query, raw, write
from conftest import FIXTURES

from newsbot.archive.db import open_archive
from newsbot.archive.reprocess import plan_reprocess, reprocess

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def stale_archive(db: Path) -> None:
    """What an older extractor stored from three gov.kz API pages, one a page no parser reads any more."""
    items = []
    for lang in ("kk", "ru", "en"):
        page = (FIXTURES / "govkz" / "mfa" / f"{lang}.json").read_bytes()
        # Three responses, not one stored three times.
        stored = raw(page, url=f"https://www.gov.kz/api/v1/public/content-manager/news?page=1&lang={lang}",
                     lang=lang, kind="govkz" if lang != "en" else "no-such-kind")
        items += [article(0, url=f"https://www.gov.kz/memleket/entities/mfa/press/news/details/{e['id']}?lang={lang}",
                          lang=lang, title=e["title"], text="OLD <p>extraction</p>", html="", raw=stored)
                  for e in json.loads(page)]
    write(db, *items)


def reprocessed(db: Path, jobs: int) -> tuple[object, list[tuple]]:
    engine = open_archive(str(db))
    try:
        result = reprocess(engine, plan_reprocess(engine), now=NOW, jobs=jobs)
    finally:
        engine.dispose()
    return result, query(db, "select * from articles order by id") + query(db, "select * from article_versions")


def test_workers_write_what_one_process_writes(tmp_path: Path) -> None:
    stale_archive(tmp_path / "one.sqlite")
    shutil.copyfile(tmp_path / "one.sqlite", tmp_path / "two.sqlite")
    alone, alone_rows = reprocessed(tmp_path / "one.sqlite", jobs=1)
    pooled, pooled_rows = reprocessed(tmp_path / "two.sqlite", jobs=2)
    assert alone.archive.updated == 10 and len(alone.failures) == 1  # kk and ru parsed again, en failed
    assert (pooled.pages, pooled.archive, pooled.failures) == (alone.pages, alone.archive, alone.failures)
    assert pooled_rows == alone_rows


def test_pages_written_in_one_transaction_keep_their_own_responses(tmp_path: Path) -> None:
    db = tmp_path / "archive.sqlite"
    stale_archive(db)
    result, _ = reprocessed(db, jobs=1)
    assert result.archive.updated == 10  # the kk and ru pages' articles, together in one write
    pairs = query(db, "select a.lang, r.lang, a.text from articles a join raw_responses r on r.id = a.raw_response_id")
    assert len(pairs) == 15
    assert all(article_lang == page_lang for article_lang, page_lang, _ in pairs)
    assert sum(text != "OLD <p>extraction</p>" for _, _, text in pairs) == 10
