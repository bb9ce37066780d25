"""Incremental runs against the gov.kz imitation: what a run costs when little is new, edits, --since, resuming."""

from __future__ import annotations

import signal
import sqlite3
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import FAST, run_cli, start_cli
from govkz_server import NEWS_PATH, ApiBehaviour, GovKzImitation
from test_govkz_crawl import EXPECTED_ARTICLES, crawl, query


def news_requests_by_lang(api: GovKzImitation) -> Counter[str]:
    return Counter(r.headers.get("Accept-Language", "") for r in api.news_requests())


def other_requests(api: GovKzImitation) -> set[str]:
    return {r.path for r in api.requests if r.path != NEWS_PATH}


def api_date(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000+0000")


def new_entry(n: int, lang: str) -> dict:
    return {"id": 2000 + n, "title": f"Жаңа хабар {n} ({lang})", "body": f"<p>Жаңа хабардың мәтіні, нөмірі {n}.</p>",
            "created_date": api_date(datetime.now(UTC) - timedelta(hours=10 - n)), "projects": ["mfa"]}


def test_nothing_new_costs_one_list_page_then_new_items_and_an_edit_are_caught(
    run_newsbot, govkz_api: GovKzImitation, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "archive.sqlite"
    first = crawl(run_newsbot, govkz_api, db)
    assert first.stdout.strip() == "mfa: 14 new, 0 updated, 0 unchanged, 1 dropped, 0 errors (finished)"
    # The first walk reads every page (5 entries, 2 a page, then the empty page that ends the list).
    assert news_requests_by_lang(govkz_api) == {"kk": 4, "ru": 4, "en": 4}

    govkz_api.reset_requests()
    second = crawl(run_newsbot, govkz_api, db)
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == "mfa: 0 new, 0 updated, 0 unchanged, 1 dropped, 0 errors (finished)"
    # One list page per language (English 1004, dropped for its empty body, sits beside a known 1005).
    assert news_requests_by_lang(govkz_api) == {"kk": 1, "ru": 1, "en": 1}
    assert other_requests(govkz_api) == {"/robots.txt"}

    for n in (1, 2, 3):
        govkz_api.publish("mfa", "kk", new_entry(n, "kk"))
    # 1005 (published 2026-11-02) is edited: a re-check window of 30 days re-reads it.
    govkz_api.edit("mfa", "kk", 1005, title="Түзетілген тақырып")
    govkz_api.reset_requests()
    third = crawl(run_newsbot, govkz_api, db, "--recheck-days", str((datetime.now(UTC) - datetime(
        2026, 11, 1, tzinfo=UTC)).days + 1))
    assert third.returncode == 0, third.stderr
    assert third.stdout.strip().startswith("mfa: 3 new, 1 updated, ")
    # kk: [2003, 2002] [2001, 1005] [1004, 1003]: the third page holds known, older entries. ru: 1005 is re-read
    # (in the window) beside 1004 (known, older); en: beside 1004 never archived, so page 2 too.
    assert news_requests_by_lang(govkz_api) == {"kk": 3, "ru": 1, "en": 2}
    assert query(db, "select title, version from articles where source_id = '1005' and lang = 'kk'") == [
        ("Түзетілген тақырып", 2)]
    assert query(db, "select count(*) from article_versions") == [(1,)]
    assert query(db, "select count(*), count(distinct canonical_url) from articles") == [(17, 17)]


def test_since_uses_the_date_filter(run_newsbot, govkz_api: GovKzImitation, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "archive.sqlite"
    result = crawl(run_newsbot, govkz_api, db, "--since", "2024-03-01", "--lang", "kk")
    assert result.returncode == 0, result.stderr
    assert query(db, "select source_id from articles order by source_id") == [("1004",), ("1005",)]
    assert all(r.query["created_date"] == ["gt:2024-02-29T00:00:00"] for r in govkz_api.news_requests())
    # 1003 (2024-02-29 19:30) passes the filter's day of margin; the walk itself leaves it out.
    assert len(govkz_api.news_requests()) == 2


@pytest.mark.parametrize("govkz_api", [ApiBehaviour(date_filter_broken=True)], indirect=True)
def test_since_falls_back_to_paging_when_the_filter_answers_500(run_newsbot, govkz_api, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "archive.sqlite"
    result = crawl(run_newsbot, govkz_api, db, "--since", "2024-03-01", "--lang", "kk")
    assert result.returncode == 0, result.stderr
    assert query(db, "select source_id from articles order by source_id") == [("1004",), ("1005",)]
    filtered = [r for r in govkz_api.news_requests() if "created_date" in r.query]
    assert len(filtered) == 1  # refused once, not retried
    # Page 2 holds 1003, older than --since: the walk stops there.
    assert [r.query["page"] for r in govkz_api.news_requests() if "created_date" not in r.query] == [["1"], ["2"]]


# The delay makes the crawl outlast the spread of two interpreters' start-up.
@pytest.mark.parametrize("govkz_api", [ApiBehaviour(delay=0.6)], indirect=True)
def test_two_runs_started_together_one_exits_3(govkz_api: GovKzImitation, tmp_path: Path) -> None:
    db = tmp_path / "archive.sqlite"
    args = ("crawl", "mfa", "--base-url", govkz_api.url, "--db", str(db), "--lang", "kk", *FAST)
    procs = [start_cli(*args, text=True) for _ in range(2)]
    results = sorted((p.wait(timeout=60), *p.communicate()) for p in procs)
    assert [code for code, _, _ in results] == [0, 3]
    _, out, err = results[1]
    assert out == "" and err.startswith("another newsbot run (pid ") and err.count("\n") == 1
    assert query(db, "select count(*) from articles") == [(5,)]


@pytest.mark.parametrize("govkz_api", [ApiBehaviour(delay=0.3)], indirect=True)
def test_a_killed_backfill_resumes_after_its_last_committed_page(govkz_api: GovKzImitation, tmp_path: Path) -> None:
    db = tmp_path / "archive.sqlite"
    args = ("crawl", "mfa", "--base-url", govkz_api.url, "--db", str(db), "--lang", "kk",
            "--backfill", *FAST, "-s", "NEWSBOT_GOVKZ_PAGE_SIZE=1", "-s", "NEWSBOT_BATCH_SIZE=1")
    proc = start_cli(*args)
    deadline = time.monotonic() + 30
    done = None
    while time.monotonic() < deadline and not done:
        time.sleep(0.05)
        try:
            done = query(db, "select last_page from crawl_state where lang = 'kk' and last_page >= 2")
        except sqlite3.OperationalError:
            done = None
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    (last_page,) = query(db, "select last_page from crawl_state where lang = 'kk'")[0]
    assert 2 <= last_page < 5
    govkz_api.reset_requests()
    rerun = run_cli(*args)
    assert rerun.returncode == 0, rerun.stderr
    assert int(govkz_api.news_requests()[0].query["page"][0]) == last_page + 1
    assert query(db, "select count(*), count(distinct canonical_url) from articles") == [(5, 5)]
    assert query(db, "select status from crawl_runs order by id") == [("killed",), ("finished",)]
    # The walk reached the end: the next run is incremental and costs one list page.
    assert query(db, "select last_page, walked_to_end_at is not null from crawl_state") == [(None, 1)]
    govkz_api.reset_requests()
    assert run_cli(*(a for a in args if a != "--backfill")).returncode == 0
    assert len(govkz_api.news_requests()) == 1


def test_an_unfinished_first_walk_is_completed_by_the_next_incremental_run(
    run_newsbot, govkz_api: GovKzImitation, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "archive.sqlite"
    # A first run bounded by --max-items finishes page 1 only: its walk did not reach the end of the list.
    assert crawl(run_newsbot, govkz_api, db, "--lang", "kk", "--max-items", "2").returncode == 0
    assert query(db, "select last_page, walked_to_end_at from crawl_state") == [(1, None)]
    govkz_api.reset_requests()
    result = crawl(run_newsbot, govkz_api, db, "--lang", "kk")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("mfa: 3 new, 0 updated, 0 unchanged")
    # Page 1 (the head: nothing new there), then pages 2.. to the end.
    assert sorted(int(r.query["page"][0]) for r in govkz_api.news_requests()) == [1, 2, 3, 4]
    assert query(db, "select count(*) from articles") == [(5,)]
    assert query(db, "select last_page, walked_to_end_at is not null from crawl_state") == [(None, 1)]


# 1 s an answer, one item a page: each language's walk is at least 5 answers one after the other (a page names
# the next), so no run finishes within the 3 s budget however fast the machine; and the first pages arrive after
# 1 s, which leaves 2 s to store them however loaded it is.
@pytest.mark.parametrize("govkz_api", [ApiBehaviour(delay=1.0)], indirect=True)
def test_max_runtime_stops_cleanly_keeping_what_was_done(run_newsbot, govkz_api, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "archive.sqlite"
    started = time.monotonic()
    result = crawl(run_newsbot, govkz_api, db, "--max-runtime", "3", "-s", "NEWSBOT_GOVKZ_PAGE_SIZE=1")
    assert time.monotonic() - started < 30  # returns; the status below says it was the budget that stopped it
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("(closespider_timeout)")
    kept = query(db, "select count(*) from articles")[0][0]
    assert 0 < kept < EXPECTED_ARTICLES
    assert query(db, "select status, new from crawl_runs") == [("closespider_timeout", kept)]
    assert result.stderr == ""  # quiet when not on a terminal: only the summary line
