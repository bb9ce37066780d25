"""The crawl's page pool: article pages read in worker processes once a crawl proves long, the same articles as
read in the crawl's own process, and a pool that breaks costs no page."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fault_crawl import assert_one_line_errors, crawl_site, headline_home, last_run, query
from site_server import PAGES, page

from newsbot.pages.rules import site_rules
from newsbot.pages.web import read_article
from newsbot.sites import resolve_site
from newsbot.spiders.page_pool import PagePool

FETCHED_AT = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)
GENERIC = sorted((PAGES / "generic").glob("*.html"))


async def read_in(pool: PagePool, path: Path) -> object:
    site = resolve_site("http://127.0.0.1:8000/")
    return await pool.run(ignore, read_article, path.read_bytes(), url=f"http://127.0.0.1:8000/news/{path.stem}",
                          site=site, rules=site_rules(site), lang=None, fetched_at=FETCHED_AT)


def read_all(pool: PagePool, paths: list[Path]) -> list[object]:
    """The pages one after another on one event loop, as a crawl's reactor reads them."""
    async def each() -> list[object]:
        return [await read_in(pool, path) for path in paths]
    return asyncio.run(each())


def ignore(key: str) -> None:
    pass


def test_the_first_pages_are_read_here_then_in_the_pool_with_the_same_articles() -> None:
    pool = PagePool(processes=1, after=2)

    async def crawl() -> tuple[list[object], list[object]]:
        first = [await read_in(pool, path) for path in GENERIC[:2]]
        assert not pool.started  # a short crawl starts no process
        later = [await read_in(pool, path) for path in GENERIC]
        assert pool.started
        return first, later

    try:
        first, later = asyncio.run(crawl())
    finally:
        pool.close()
    here = read_all(PagePool(processes=0, after=0), GENERIC)
    assert first == here[:2]
    assert later == here  # verdicts and every Article field, as read in the crawl's process
    assert sum(article is not None for _, article in here) >= 5


def test_a_pool_is_not_started_for_pages_cheaper_to_read_here_than_to_send() -> None:
    counted: list[str] = []
    pool = PagePool(processes=1, after=2, min_seconds=3600.0)  # no page takes an hour
    for path in GENERIC[:4]:
        asyncio.run(pool.run(counted.append, read_article_of, path))
    assert not pool.started and pool.declined and counted == ["page_pool/declined"]


def read_article_of(path: Path) -> object:
    site = resolve_site("http://127.0.0.1:8000/")
    return read_article(path.read_bytes(), url=f"http://127.0.0.1:8000/news/{path.stem}", site=site,
                        rules=site_rules(site), lang=None, fetched_at=FETCHED_AT)


def test_no_processes_means_every_page_is_read_here() -> None:
    pool = PagePool(processes=0, after=0)
    read_all(pool, GENERIC[:1])
    assert not pool.started


def in_a_reader() -> bool:
    return getattr(sys.modules["__main__"].__spec__, "name", None) == "newsbot.page_reader"


def exit_in_a_reader() -> str:
    """Dies when run in a reader process (as one the kernel kills for memory); answers when run in the crawl's."""
    if in_a_reader():
        os._exit(1)
    return "read here"


def test_a_reader_that_dies_costs_no_page(caplog: pytest.LogCaptureFixture) -> None:
    counted: list[str] = []
    pool = PagePool(processes=1, after=0)
    try:
        async def twice() -> list[str]:
            return [await pool.run(counted.append, exit_in_a_reader) for _ in range(2)]

        with caplog.at_level(logging.WARNING, logger="newsbot.spiders.page_pool"):
            assert asyncio.run(twice()) == ["read here", "read here"]
    finally:
        pool.close()
    assert pool.broken and counted == ["page_pool/broken"]
    assert [r.getMessage() for r in caplog.records].count(
        "a page reader process died (out of memory?); the rest of the crawl reads pages in its own process") == 1


def test_a_crawl_with_its_pages_read_in_processes_archives_what_one_without_does(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    paths = {f"/news/{path.stem}": page(f"generic/{path.stem}") for path in GENERIC}
    routes = {"/": headline_home(*paths), **paths}
    pooled = crawl_site(routes, tmp_path_factory.mktemp("pooled") / "a.sqlite",
                        "-s", "NEWSBOT_PAGE_POOL_AFTER=0", "-s", "NEWSBOT_PAGE_POOL_MIN_MS=0",
                        "-s", "NEWSBOT_PAGE_PROCESSES=2")
    alone = crawl_site(routes, tmp_path_factory.mktemp("alone") / "a.sqlite", "-s", "NEWSBOT_PAGE_PROCESSES=0")
    for crawl in (pooled, alone):
        assert crawl.result.returncode == 0, crawl.result.stderr
        assert_one_line_errors(crawl.result.stderr)
    stats = last_run(pooled.db)["stats"]
    assert stats["newsbot/page_pool/pages"] == len(GENERIC)
    assert "newsbot/page_pool/pages" not in last_run(alone.db)["stats"]
    columns = "title, text, html, lang, published_at, short"
    assert query(pooled.db, f"select {columns} from articles order by title") == query(
        alone.db, f"select {columns} from articles order by title")
    assert len(query(pooled.db, "select id from articles")) >= 5
    assert last_run(pooled.db)["status"] == last_run(alone.db)["status"] == "finished"


def test_every_registry_site_and_its_rules_can_be_sent_to_a_reader() -> None:
    """A reader gets the site and its rules pickled: a registry entry that could not be would fail every page of
    a long crawl of it."""
    import pickle

    from newsbot.sites import registry

    for site in registry().values():
        assert pickle.loads(pickle.dumps((site, site_rules(site)))) == (site, site_rules(site))


def test_pages_are_timed_only_until_they_decide_the_pool() -> None:
    """A crawl without readers, or past its first `after` pages, keeps no record of each page's time."""
    for pool in (PagePool(processes=0, after=3), PagePool(processes=1, after=3, min_seconds=3600.0)):
        for path in GENERIC[:5]:
            asyncio.run(pool.run(ignore, read_article_of, path))
        assert len(pool.seconds_here) == (0 if pool.processes == 0 else 3)
        assert not pool.started


def refuse_in_a_reader() -> str:
    if in_a_reader():
        raise ValueError("a page no reader can read")
    return "read here"


def test_an_error_in_a_reader_is_raised_where_the_page_was_asked_for_and_the_pool_goes_on() -> None:
    counted: list[str] = []
    pool = PagePool(processes=1, after=0)

    async def asks() -> str:
        with pytest.raises(ValueError, match="a page no reader can read"):
            await pool.run(counted.append, refuse_in_a_reader)
        return await pool.run(counted.append, os.getpid)

    try:
        reader_pid = asyncio.run(asks())
        readers = [reader.process for reader in pool._readers]
    finally:
        pool.close()
    assert reader_pid != os.getpid() and not pool.broken  # the next page was still read in the reader
    assert counted == ["page_pool/pages"]
    assert readers and all(process.poll() is not None for process in readers)  # closing ended them


def print_and_answer() -> str:
    print("a library talking on stdout")  # what the reader must survive
    return "answered"


def test_a_page_that_prints_does_not_garble_the_readers_answers(capfd: pytest.CaptureFixture[str]) -> None:
    pool = PagePool(processes=1, after=0)

    async def asks() -> list[str]:
        return [await pool.run(ignore, print_and_answer) for _ in range(3)]

    try:
        assert asyncio.run(asyncio.wait_for(asks(), timeout=60)) == ["answered"] * 3  # garbled, it would hang
        assert pool.started and not pool.broken
    finally:
        pool.close()
    assert "a library talking on stdout" in capfd.readouterr().err
