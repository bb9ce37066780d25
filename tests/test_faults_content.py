"""Content faults: answers with status 200 that are not articles. Each is dropped with a named reason counted in
the run record and said once in the log, the good article beside them is archived, and an archived article
that later answers with a fault page keeps its archived version.

One real crawl through the CLI of an imitation site (tests/site_server.py) serves the module's tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fault_crawl import (
    Crawl,
    assert_one_line_errors,
    crawl_running,
    crawl_site,
    headline_home,
    html,
    last_run,
    query,
)
from site_helpers import NO_ROBOTS, expected
from site_server import PAGES, Answer, page, serve

SERVER_ERROR_200 = ("<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head><body>"
                    "<h1>Internal Server Error</h1><p>The server encountered an internal error.</p></body></html>")
FAULTS = {
    "/news/empty": Answer(b""),
    "/news/soft-404-kk": page("bad/soft404_kk"),
    "/news/soft-404-ru": page("bad/soft404_ru"),
    "/news/soft-404-en": page("bad/soft404_en"),
    "/news/report-pdf": Answer((PAGES / "bad/pdf_saved.html").read_bytes(), "application/pdf"),
    "/news/photo": Answer((PAGES / "bad/image_saved.html").read_bytes(), "image/png"),
    "/news/truncated": page("bad/truncated"),
    "/news/server-error": html(SERVER_ERROR_200),
    "/news/challenge": page("bad/challenge_midru"),
}
GOOD = "/news/good"


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    routes = {"/": headline_home(*FAULTS, GOOD), **FAULTS, GOOD: page("generic/kk_holdout")}
    return crawl_site(routes, tmp_path_factory.mktemp("content") / "a.sqlite")


def dropped_line(crawl: Crawl, path: str, reason: str) -> bool:
    return f"dropped {crawl.url(path)}: {reason} (" in crawl.result.stderr


def test_the_good_article_is_archived_next_to_the_faults_and_the_run_ends_well(crawl: Crawl) -> None:
    assert crawl.result.returncode == 0, crawl.result.stderr
    assert_one_line_errors(crawl.result.stderr)
    assert query(crawl.db, "select url, title from articles") == [
        (crawl.url(GOOD), expected("generic/kk_holdout")["title"])]
    run = last_run(crawl.db)
    assert (run["status"], run["new"], run["dropped"], run["errors"]) == ("finished", 1, len(FAULTS), 0)
    assert crawl.result.stdout.startswith(f"{crawl.name}: 1 new, 0 updated, 0 unchanged, {len(FAULTS)} dropped")
    assert all(path in crawl.paths for path in FAULTS)  # each fault was fetched, then judged
    assert query(crawl.db, "select count(*) from raw_responses") == [(1,)]  # no fault page stored


def test_an_empty_200_is_dropped_as_empty(crawl: Crawl) -> None:
    assert last_run(crawl.db)["dropped_by_reason"]["empty"] == 1
    assert dropped_line(crawl, "/news/empty", "empty")


def test_soft_404s_in_kazakh_russian_and_english_are_dropped_as_not_found(crawl: Crawl) -> None:
    assert last_run(crawl.db)["dropped_by_reason"]["not-found"] == 3
    # One line for whichever came first; the others are only counted.
    said = [path for path in FAULTS if dropped_line(crawl, path, "not-found")]
    assert len(said) == 1 and said[0].startswith("/news/soft-404-")
    assert "more pages like it are only counted" in crawl.result.stderr


def test_a_pdf_and_an_image_behind_article_links_are_dropped_as_not_html(crawl: Crawl) -> None:
    reasons = last_run(crawl.db)["dropped_by_reason"]
    assert (reasons["not-html:pdf"], reasons["not-html:image"]) == (1, 1)
    assert dropped_line(crawl, "/news/report-pdf", "not-html:pdf")
    assert dropped_line(crawl, "/news/photo", "not-html:image")


def test_truncated_html_is_dropped_as_truncated(crawl: Crawl) -> None:
    assert last_run(crawl.db)["dropped_by_reason"]["truncated"] == 1
    assert dropped_line(crawl, "/news/truncated", "truncated")
    assert "the download was cut off" in crawl.result.stderr


def test_a_server_error_page_with_status_200_is_dropped_as_error_page(crawl: Crawl) -> None:
    assert last_run(crawl.db)["dropped_by_reason"]["error-page"] == 1
    assert dropped_line(crawl, "/news/server-error", "error-page")


def test_a_javascript_challenge_page_is_dropped_as_challenge(crawl: Crawl) -> None:
    assert last_run(crawl.db)["dropped_by_reason"]["challenge"] == 1
    assert dropped_line(crawl, "/news/challenge", "challenge")


def test_an_archived_article_that_later_answers_a_fault_page_keeps_its_version(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    # Four archived articles; then each URL answers a different fault, and --backfill fetches them all again.
    later = {"/news/1": "/news/truncated", "/news/2": "/news/challenge", "/news/3": "/news/soft-404-ru",
             "/news/4": "/news/empty"}
    articles = ["generic/kk_holdout", "newspaper/ru_tagdiv", "generic/ru_unknown", "jannah/seed003_kk"]
    routes = {**NO_ROBOTS, "/": headline_home(*later),
              **{path: page(fixture) for path, fixture in zip(later, articles, strict=True)}}
    with serve(routes) as site:
        first = crawl_running(site, db)
        assert first.result.returncode == 0, first.result.stderr
        before = query(db, "select url, title, text, html, version, content_hash from articles order by url")
        assert [row[0] for row in before] == [site.url + path for path in later]
        for path, fault in later.items():
            site.routes[path] = FAULTS[fault]
        again = crawl_running(site, db, "--backfill")
    assert again.result.returncode == 0, again.result.stderr
    assert all(path in again.paths for path in later)
    assert query(db, "select url, title, text, html, version, content_hash from articles order by url") == before
    assert query(db, "select count(*) from article_versions") == [(0,)]
    assert last_run(db)["dropped_by_reason"] == {"truncated": 1, "challenge": 1, "not-found": 1, "empty": 1}
