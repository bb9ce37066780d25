"""Network faults: real crawls through the real CLI of the fault server (tests/fault_server.py). Each fault sits
next to a good article, which must be archived: a fault costs its own page, never the run. docs/faults.md
lists the designed outcome of each."""

from __future__ import annotations

from pathlib import Path

from fault_crawl import last_run, no_traceback
from fault_site import crawl
from site_helpers import expected, query

GOOD = "/article/newspaper/ru_tagdiv"


def stored_urls(db: Path) -> set[str]:
    return {url for (url,) in query(db, "select url from articles")}


def test_server_errors_every_time_are_retried_then_counted_as_errors(run_newsbot, faults, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "a.sqlite"
    result = crawl(run_newsbot, faults.listing(GOOD, "/status/500/a", "/status/502/b"), db)
    assert result.returncode == 1, result.stderr  # some pages failed
    paths = faults.paths()
    assert paths.count("/status/500/a") == 2 and paths.count("/status/502/b") == 2  # RETRY_TIMES=1: one retry
    assert stored_urls(db) == {faults.url + GOOD}
    run = last_run(db)
    assert run["errors"] == 2 and run["new"] == 1
    assert run["stats"]["newsbot/errors/http_500"] == 1 and run["stats"]["newsbot/errors/http_502"] == 1
    line = f"GET {faults.url}/status/500/a failed: http_500 (the site answered HTTP 500), after 2 tries"
    assert line in result.stderr
    assert no_traceback(result.stderr)


def test_retry_after_is_waited_for_before_the_retry(run_newsbot, faults, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "a.sqlite"
    pages = {"/retry-after/429/2/generic/kk_holdout": "generic/kk_holdout",
             "/retry-after/503/2/generic/ru_unknown": "generic/ru_unknown"}
    result = crawl(run_newsbot, faults.listing(*pages), db)
    assert result.returncode == 0, result.stderr
    seen = faults.requests()
    for path in pages:
        times = [r.time for r in seen if r.path == path]
        assert len(times) == 2 and times[1] - times[0] >= 1.95, (path, times)  # the site asked for 2 s
    assert sorted(query(db, "select title from articles")) == sorted((expected(p)["title"],) for p in pages.values())
    assert last_run(db)["stats"]["newsbot/retry_after/waits"] == 2
    assert no_traceback(result.stderr)


def test_refused_connection_is_an_error_and_the_crawl_goes_on(run_newsbot, faults, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "a.sqlite"
    refused = faults.refused_url + "/news/1"
    result = crawl(run_newsbot, faults.listing(GOOD, refused), db)
    assert result.returncode == 1, result.stderr
    assert stored_urls(db) == {faults.url + GOOD}
    run = last_run(db)
    assert run["errors"] == 1 and run["stats"]["newsbot/errors/connection_refused"] == 1
    assert f"GET {refused} failed: connection_refused (the site refused the connection), after 2 tries" in result.stderr
    assert no_traceback(result.stderr)


def test_silence_and_a_stalled_body_time_out(run_newsbot, faults, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "a.sqlite"
    result = crawl(run_newsbot, faults.listing(GOOD, "/silent/a", "/stall-body/a"), db)
    assert result.returncode == 1, result.stderr
    assert faults.paths().count("/silent/a") == 2 and faults.paths().count("/stall-body/a") == 2
    assert stored_urls(db) == {faults.url + GOOD}
    run = last_run(db)
    assert run["errors"] == 2 and run["stats"]["newsbot/errors/timeout"] == 2
    for path in ("/silent/a", "/stall-body/a"):
        assert f"{faults.url}{path} failed: timeout (no complete answer within 1 s), after 2 tries" in result.stderr
    assert no_traceback(result.stderr)


def test_bodies_cut_short_are_never_stored(run_newsbot, faults, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "a.sqlite"
    cut = {  # fewer bytes than Content-Length, a chunked body never ended: failed downloads, retried
        "/short/generic/ru_unknown", "/drop/length/jannah/seed003_kk", "/drop/chunked/generic/kk_holdout"}
    # No length and no chunks: the connection's close ends the body, so only the page can tell it was cut.
    closed = "/drop/close/english/en_article"
    result = crawl(run_newsbot, faults.listing(GOOD, *cut, closed), db)
    assert result.returncode == 1, result.stderr
    assert all(faults.paths().count(path) == 2 for path in cut)
    assert stored_urls(db) == {faults.url + GOOD}
    run = last_run(db)
    assert run["stats"]["newsbot/errors/data_loss"] == 3 and run["errors"] == 3
    assert run["dropped_by_reason"] == {"truncated": 1}
    for path in cut:
        assert f"{faults.url}{path} failed: data_loss (the connection closed before the whole page " \
               "arrived), after 2 tries" in result.stderr
    assert f"dropped {faults.url}{closed}: truncated" in result.stderr
    assert "DOWNLOAD_FAIL_ON_DATALOSS" not in result.stderr  # Scrapy's hint to accept cut pages stays unsaid
    assert no_traceback(result.stderr)


def test_an_archived_article_is_not_overwritten_by_a_worse_version(run_newsbot, faults, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The pages answer well once, then cut short, empty or with an error: what was archived stays as it was."""
    db = tmp_path / "a.sqlite"
    pages = ["/degrade/truncated/generic/ru_unknown", "/degrade/empty/generic/kk_holdout",
             "/degrade/500/jannah/seed003_kk"]
    first = crawl(run_newsbot, faults.listing(*pages), db)
    assert first.returncode == 0, first.stderr
    before = query(db, "select url, title, text, html, version, content_hash from articles order by url")
    assert len(before) == 3 and all(len(text) > 200 for _, _, text, *_ in before)

    again = crawl(run_newsbot, faults.listing(*pages), db, "--backfill")  # fetch the archived pages again
    assert again.returncode == 4, again.stderr  # the only site failed and archived nothing this run
    assert all(faults.paths().count(path) >= 2 for path in pages)
    assert query(db, "select url, title, text, html, version, content_hash from articles order by url") == before
    assert query(db, "select count(*) from article_versions") == [(0,)]
    run = last_run(db)
    assert run["dropped_by_reason"] == {"truncated": 1, "empty": 1}
    assert run["stats"]["newsbot/errors/http_500"] == 1 and run["new"] == run["updated"] == 0
    assert no_traceback(again.stderr)
