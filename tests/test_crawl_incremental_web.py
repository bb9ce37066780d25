"""Incremental runs of the whole-page kinds: a second run fetches only what is not archived yet."""

from __future__ import annotations

from pathlib import Path

from conftest import FAST
from site_helpers import NO_ROBOTS, NO_SLOT_DELAYS, akorda_listing, query, rss
from site_server import page, serve


def test_a_listing_site_second_run_reads_one_listing_page_and_no_article(run_newsbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    routes = {
        **NO_ROBOTS,
        "/ru/events": akorda_listing("/ru/glava-2132547"),
        "/ru/events?page=2": akorda_listing("/kz/memleket-2112612"),
        "/ru/events?page=3": akorda_listing(),
        "/ru/glava-2132547": page("akorda/ru_event"),
        "/kz/memleket-2112612": page("akorda/kk_event"),
    }
    db = tmp_path / "a.sqlite"
    with serve(routes) as site:
        first = run_newsbot("crawl", "akorda", "--base-url", site.url, "--db", str(db), *FAST)
        before = len(site.paths())
        second = run_newsbot("crawl", "akorda", "--base-url", site.url, "--db", str(db), *FAST)
        second_paths = site.paths()[before:]
        before = len(site.paths())
        backfill = run_newsbot("crawl", "akorda", "--backfill", "--base-url", site.url, "--db", str(db), *FAST)
        backfill_paths = site.paths()[before:]
    assert first.returncode == 0, first.stderr
    assert query(db, "select count(*) from articles") == [(2,)]
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == "akorda: 0 new, 0 updated, 0 unchanged, 0 dropped, 0 errors (finished)"
    assert [p for p in second_paths if p != "/robots.txt"] == ["/ru/events"]
    # --backfill walks every page and fetches every article again.
    assert backfill.stdout.strip() == "akorda: 0 new, 0 updated, 2 unchanged, 0 dropped, 0 errors (finished)"
    assert {"/ru/events?page=3", "/ru/glava-2132547", "/kz/memleket-2112612"} <= set(backfill_paths)


def test_a_feed_second_run_fetches_only_the_new_item(run_newsbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    old = ("n", "/ru/foreign_policy/news/1974312/", "Thu, 20 Aug 2026 10:00:00 +0300")
    routes = {**NO_ROBOTS, "/ru/rss.php": rss([old]), "/ru/foreign_policy/news/1974312/": page("midru/ru_article")}
    db = tmp_path / "a.sqlite"
    with serve(routes) as site:
        args = ("crawl", "mid", "--base-url", site.url, "--db", str(db), *FAST, *NO_SLOT_DELAYS,
                "--recheck-days", "0")
        assert run_newsbot(*args).returncode == 0
        routes["/ru/rss.php"] = rss([("m", "/ru/foreign_policy/news/2000000/", "Fri, 21 Aug 2026 10:00:00 +0300"),
                                     old])
        routes["/ru/foreign_policy/news/2000000/"] = page("midru/ru_article")
        before = len(site.paths())
        second = run_newsbot(*args)
        paths = site.paths()[before:]
    assert second.returncode == 0, second.stderr
    assert [p for p in paths if p != "/robots.txt"] == ["/ru/rss.php", "/ru/foreign_policy/news/2000000/"]
    assert query(db, "select count(*) from articles") == [(2,)]
