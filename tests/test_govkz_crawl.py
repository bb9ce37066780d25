"""Real crawls through the real CLI against the local gov.kz imitation (tests/govkz_server.py)."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from archive_helpers import query
from conftest import FAST, backend, run_cli, start_cli
from govkz_server import ApiBehaviour, GovKzImitation
from sqlalchemy.exc import DBAPIError

# 5 releases in kk, ru and en; the English 1004 has an empty body and is dropped.
EXPECTED_ARTICLES = 14


def crawl(run_newsbot, api: GovKzImitation, db: Path | str, *extra: str):  # type: ignore[no-untyped-def]
    return run_newsbot("crawl", "mfa", "--base-url", api.url, "--db", str(db), *FAST, *extra)


def test_a_crawl_archives_every_release_in_three_languages(run_newsbot, govkz_api, archive_db: str) -> None:  # type: ignore[no-untyped-def]
    db = archive_db
    result = crawl(run_newsbot, govkz_api, db)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "mfa: 14 new, 0 updated, 0 unchanged, 1 dropped, 0 errors (finished)"
    assert query(db, "select lang, count(*) from articles group by lang order by lang") == [
        ("en", 4), ("kk", 5), ("ru", 5)]
    # Every release links its translations through one key.
    languages: dict[str, list[str]] = {}
    for key, lang in query(db, "select translation_key, lang from articles order by translation_key, lang"):
        languages.setdefault(key, []).append(lang)
    assert languages == {"govkz:1001": ["en", "kk", "ru"], "govkz:1002": ["en", "kk", "ru"],
                         "govkz:1003": ["en", "kk", "ru"], "govkz:1004": ["kk", "ru"], "govkz:1005": ["en", "kk", "ru"]}
    # The language travels in the Accept-Language header, as on the real portal.
    assert {r.headers.get("Accept-Language") for r in govkz_api.news_requests()} == {"kk", "ru", "en"}
    assert all(r.query["projects"] == ["eq:mfa"] and r.query["sort-by"] == ["created_date:DESC"]
               for r in govkz_api.news_requests())
    ((title, text, published, url),) = query(
        db, "select title, text, published_at, url from articles where source_id = '1002' and lang = 'ru'")
    assert title == "Состоялась традиционная встреча заместителей министров иностранных дел стран Центральной Азии"
    # A whole <html> document as body: only its paragraphs remain.
    assert text == (
        "В Ташкенте состоялась ежегодная встреча заместителей министров иностранных дел государств "
        "Центральной Азии.\n\nВо встрече приняли участие заместители министров пяти стран Центральной Азии."
    )
    assert published == "2021-11-26T00:00:00+00:00"
    assert url == f"{govkz_api.url}/memleket/entities/mfa/press/news/details/1002?lang=ru"
    assert query(db, "select published_at from articles where source_id = '1001' and lang = 'kk'") == [
        ("2020-12-22T09:30:51+00:00",)]
    assert query(db, "select count(*) from articles where text like '%<%' or text like '%&nbsp;%'") == [(0,)]


def test_a_second_crawl_adds_no_duplicate(run_newsbot, govkz_api, archive_db: str) -> None:  # type: ignore[no-untyped-def]
    db = archive_db
    assert crawl(run_newsbot, govkz_api, db).returncode == 0
    first = query(db, "select url, title, text, published_at, first_seen from articles order by url")
    again = crawl(run_newsbot, govkz_api, db, "--backfill")
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "mfa: 0 new, 0 updated, 14 unchanged, 1 dropped, 0 errors (finished)"
    assert query(db, "select url, title, text, published_at, first_seen from articles order by url") == first


def test_export_after_a_crawl(run_newsbot, govkz_api, archive_db: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = archive_db
    assert crawl(run_newsbot, govkz_api, db).returncode == 0
    out = tmp_path / "kk.jsonl"
    result = run_newsbot("export", "--db", str(db), "--lang", "kk", "--since", "2024-01-01", "-o", str(out))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["source_id"] for r in records] == ["1005", "1004", "1003"]
    assert records[0]["published_at"] == "2026-11-02T10:05:12+00:00"
    assert records[0]["fetched_at"].endswith("+00:00")


def test_lang_and_max_items_narrow_a_run(run_newsbot, govkz_api, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "archive.sqlite"
    result = crawl(run_newsbot, govkz_api, db, "--lang", "ru", "--max-items", "3")
    assert result.returncode == 0, result.stderr
    assert query(db, "select lang, count(*) from articles group by lang") == [("ru", 3)]


@pytest.mark.parametrize("govkz_api", [ApiBehaviour(wrap_content=True)], indirect=True)
def test_content_wrapped_pages(run_newsbot, govkz_api, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "archive.sqlite"
    assert crawl(run_newsbot, govkz_api, db).returncode == 0
    assert query(db, "select count(*) from articles") == [(EXPECTED_ARTICLES,)]


@pytest.mark.parametrize("govkz_api", [ApiBehaviour(require_ticket=True)], indirect=True)
def test_the_access_ticket_is_fetched_when_the_api_refuses(run_newsbot, govkz_api, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "archive.sqlite"
    result = crawl(run_newsbot, govkz_api, db)
    assert result.returncode == 0, result.stderr
    assert query(db, "select count(*) from articles") == [(EXPECTED_ARTICLES,)]
    assert any(r.method == "POST" and r.path == "/api/v1/public/_/c/k6" for r in govkz_api.requests)


@pytest.mark.parametrize("govkz_api", [ApiBehaviour(require_ticket=True, ticket_useless=True)], indirect=True)
def test_refused_access_is_said_plainly(run_newsbot, govkz_api, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "archive.sqlite"
    result = crawl(run_newsbot, govkz_api, db)
    assert result.returncode == 4  # nothing could run
    assert "gov.kz refused access to its news API" in result.stderr
    assert result.stderr.count("gov.kz refused access") == 1
    assert "Traceback" not in result.stderr
    assert query(db, "select count(*) from articles") == [(0,)]


@pytest.mark.parametrize("govkz_api", [ApiBehaviour(fail_first=2)], indirect=True)
def test_transient_5xx_answers_are_retried(run_newsbot, govkz_api, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "archive.sqlite"
    result = crawl(run_newsbot, govkz_api, db)
    assert result.returncode == 0, result.stderr
    assert query(db, "select count(*) from articles") == [(EXPECTED_ARTICLES,)]


@pytest.mark.parametrize("govkz_api", [ApiBehaviour(fail_first=1000)], indirect=True)
def test_a_dead_api_is_one_line_per_request_and_exit_1(run_newsbot, govkz_api, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "archive.sqlite"
    result = crawl(run_newsbot, govkz_api, db, "-s", "RETRY_TIMES=1")
    assert result.returncode == 4  # nothing could run
    assert result.stdout.strip() == "mfa: 0 new, 0 updated, 0 unchanged, 0 dropped, 3 errors (failed)"
    assert result.stderr.count("failed: http_503") == 3
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("govkz_api", [ApiBehaviour(not_json={("ru", 2)})], indirect=True)
def test_a_page_that_is_not_json_is_counted_and_the_crawl_goes_on(run_newsbot, govkz_api, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "archive.sqlite"
    result = crawl(run_newsbot, govkz_api, db)
    assert result.returncode == 1
    assert "unexpected API answer: not JSON" in result.stderr
    assert "page=2" in result.stderr and "Traceback" not in result.stderr
    # Russian stops at its broken page 2 (2 articles kept); kk and en are complete.
    assert query(db, "select lang, count(*) from articles group by lang order by lang") == [
        ("en", 4), ("kk", 5), ("ru", 2)]


@pytest.mark.parametrize("govkz_api", [ApiBehaviour(delay=2.0)], indirect=True)
def test_a_timeout_is_retried_then_reported_in_one_line(run_newsbot, govkz_api, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "archive.sqlite"
    result = crawl(run_newsbot, govkz_api, db, "--lang", "kk", "-s", "DOWNLOAD_TIMEOUT=0.5", "-s", "RETRY_TIMES=1")
    assert result.returncode == 4
    assert result.stderr.count("failed: timeout") == 1 and "Traceback" not in result.stderr
    assert len(govkz_api.news_requests()) == 2  # the first try and one retry


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
@pytest.mark.parametrize("govkz_api", [ApiBehaviour(delay=0.4)], indirect=True)
def test_an_interrupted_crawl_keeps_what_it_committed_and_the_next_run_completes(
    govkz_api, archive_db: str, sig: signal.Signals
) -> None:  # type: ignore[no-untyped-def]
    db = archive_db
    args = ("crawl", "mfa", "--base-url", govkz_api.url, "--db", db, *FAST, "-s", "NEWSBOT_BATCH_SIZE=1")
    proc = start_cli(*args)
    deadline = time.monotonic() + 30
    committed = 0
    while time.monotonic() < deadline and committed < 3:
        time.sleep(0.1)
        try:
            committed = query(db, "select count(*) from articles")[0][0]
        except (sqlite3.OperationalError, DBAPIError):  # no archive, or no table, yet
            committed = 0
    proc.send_signal(sig)
    proc.wait(timeout=20)
    kept = query(db, "select count(*) from articles")[0][0]
    assert 3 <= kept < EXPECTED_ARTICLES
    if backend(db) == "sqlite":
        assert query(db, "pragma integrity_check") == [("ok",)]
    rerun = run_cli(*args)
    assert rerun.returncode == 0, rerun.stderr
    assert query(db, "select count(*), count(distinct url) from articles") == [
        (EXPECTED_ARTICLES, EXPECTED_ARTICLES)]


def test_a_crawl_cuts_the_sites_boilerplate_rules(run_newsbot, govkz_api, archive_db: str) -> None:  # type: ignore[no-untyped-def]
    from newsbot.cleaning.phrases import normalize

    db = archive_db
    assert crawl(run_newsbot, govkz_api, db).returncode == 0
    block = "Басқа да өзекті мәселелер бойынша пікір алмасылды."
    query(db, "insert into site_boilerplate (site, key, text, pages, share, detected_at, enabled) "
              "values ('mfa', ?, ?, 5, 0.9, '2026-11-21T06:00:00+00:00', ?)", (normalize(block), block, True))
    again = crawl(run_newsbot, govkz_api, db, "--backfill")
    assert again.stdout.startswith("mfa: 0 new, 1 updated, 13 unchanged")
    assert query(db, "select text, version from articles where source_id = '1004' and lang = 'kk'") == [
        ("Ташкент қаласында екі елдің Сыртқы істер министрліктері арасында консультациялар өтті.", 2)]


def test_a_site_that_is_down_is_one_line_per_failure_without_traceback(run_newsbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    result = run_newsbot("crawl", "mfa", "--base-url", dead, "--db", str(tmp_path / "a.sqlite"), *FAST,
                         "-s", "RETRY_TIMES=0")
    assert result.returncode == 4  # nothing could run
    assert "Traceback" not in result.stderr
    assert result.stderr.count("failed: connection_refused (the site refused the connection), after 1 try") == 3
    assert result.stdout.strip() == "mfa: 0 new, 0 updated, 0 unchanged, 0 dropped, 3 errors (failed)"
    runs = run_newsbot("runs", "--db", str(tmp_path / "a.sqlite")).stdout.splitlines()
    assert "  mfa  failed  " in runs[1] and runs[1].endswith("3 errors (connection_refused)")


def test_scrapy_crawl_from_the_project_root_works_too(govkz_api, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import sys

    db = tmp_path / "archive.sqlite"
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "govkz", "-a", "site=mfa", "-a", f"base_url={govkz_api.url}",
         "-a", "lang=en", "-s", f"NEWSBOT_DB={db}", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0"],
        cwd=root, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert query(db, "select lang, count(*) from articles group by lang") == [("en", 4)]


def test_scrapy_feed_exports_work_in_every_format_without_the_raw_response(govkz_api, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import marshal
    import pickle
    import sys
    from xml.etree import ElementTree

    from scrapy.settings.default_settings import FEED_EXPORTERS_BASE

    formats = sorted(set(FEED_EXPORTERS_BASE) - {"jsonl"})  # jsonl is jsonlines under another name
    feeds = [arg for fmt in formats for arg in ("-O", f"{tmp_path / 'out'}.{fmt}:{fmt}")]
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "govkz", "-a", "site=mfa", "-a", f"base_url={govkz_api.url}",
         "-a", "lang=en", "-s", f"NEWSBOT_DB={tmp_path / 'a.sqlite'}", "-s", "DOWNLOAD_DELAY=0",
         "-s", "AUTOTHROTTLE_ENABLED=0", *feeds],
        cwd=Path(__file__).resolve().parent.parent, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "not JSON serializable" not in result.stderr and "ERROR" not in result.stderr
    out = {fmt: tmp_path / f"out.{fmt}" for fmt in formats}
    records = json.loads(out["json"].read_text(encoding="utf-8"))
    assert len(records) == 4
    assert "raw" not in records[0] and "raw_html" not in records[0]
    assert records[0]["published_at"].endswith("+00:00") and records[0]["title"]
    lines = [json.loads(line) for line in out["jsonlines"].read_text(encoding="utf-8").splitlines()]
    assert lines == records
    assert out["csv"].read_text(encoding="utf-8").splitlines()[0].startswith("site,url,lang,title,html,text")
    assert len(ElementTree.parse(out["xml"]).getroot()) == 4
    with out["pickle"].open("rb") as fh:
        assert pickle.load(fh)["url"] == records[0]["url"]
    with out["marshal"].open("rb") as fh:
        assert marshal.load(fh)["published_at"] == records[0]["published_at"]
