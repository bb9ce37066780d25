"""Bugs: an exception that escapes a callback or a pipeline loses what that page held. It is never silent: one
line, an error of the run (`errors/callback`), shown in `newsbot runs`, flagged by `newsbot health`, exit 1.

The spider is made to raise by a subprocess that patches the page reader for one URL before running the CLI.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cli_client import cli_environment
from conftest import FAST, FETCHED_AT, run_cli
from fault_crawl import (
    NO_RETRIES,
    article_page,
    assert_one_line_errors,
    crawl_site,
    headline_home,
    html,
    last_run,
    query,
)
from site_helpers import NO_ROBOTS, rss
from site_server import Answer, serve, xml

from newsbot.middlewares.retry_after import retry_after_seconds
from newsbot.pages.govkz import UnexpectedPayloadError, articles_from_page
from newsbot.sites import resolve_site

# Runs the real CLI with the page reader raising for any URL containing "/bug" (a callback's bug) and the
# validation pipeline raising for any containing "/pipebug" (a pipeline's bug).
RAISING_CLI = """
import sys
import newsbot.spiders.mixins.articles as articles
import pipelines.validate as validate
real_read, real_validate = articles.read_article, validate.ValidatePipeline.process_item
def read_article(body, *, url, **kwargs):
    if "/bug" in url:
        raise RuntimeError("made to raise")
    return real_read(body, url=url, **kwargs)
def process_item(self, item):
    if "/pipebug" in item.url:
        raise KeyError("made to raise")
    return real_validate(self, item)
articles.read_article = read_article
validate.ValidatePipeline.process_item = process_item
from newsbot.cli import main
sys.argv[0] = "newsbot"
main()
"""


def crawl_with_a_raising_callback(db: Path, bug: str = "/news/bug") -> subprocess.CompletedProcess[str]:
    good = html(article_page("Консультации", "Министерство иностранных дел сообщает о консультациях сторон."))
    routes = {**NO_ROBOTS, "/": headline_home(bug, "/news/good"), bug: good, "/news/good": good}
    env = cli_environment()
    with serve(routes) as site:
        return subprocess.run([sys.executable, "-c", RAISING_CLI, "crawl", site.url + "/", "--db", str(db), *FAST,
                               *NO_RETRIES], capture_output=True, text=True, timeout=60, env=env)


def test_an_exception_in_a_callback_is_an_error_of_the_run_shown_and_flagged(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    result = crawl_with_a_raising_callback(db)
    # Counted: exit 1, the summary line and the run record say one error.
    assert result.returncode == 1, result.stderr
    assert_one_line_errors(result.stderr)
    lines = [line for line in result.stderr.splitlines() if "a bug in newsbot lost" in line]
    assert len(lines) == 1 and "/news/bug" in lines[0] and "RuntimeError: made to raise" in lines[0], result.stderr
    assert "1 new, 0 updated, 0 unchanged, 0 dropped, 1 errors (finished)" in result.stdout
    run = last_run(db)
    assert (run["new"], run["errors"]) == (1, 1)
    assert run["stats"]["newsbot/errors/callback"] == 1
    assert run["stats"]["newsbot/errors/callback/RuntimeError"] == 1
    stored = query(db, "select url from articles")
    assert len(stored) == 1 and stored[0][0].endswith("/news/good")  # the page beside it is archived
    # Shown in `runs`, flagged by `health`.
    runs = run_cli("runs", "--db", str(db))
    assert "1 errors (1 lost to a bug in newsbot)" in runs.stdout, runs.stdout
    health = run_cli("health", "--db", str(db))
    assert health.returncode == 1 and "had 1 errors" in health.stdout, health.stdout


def test_an_exception_in_a_pipeline_is_an_error_of_the_run(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    result = crawl_with_a_raising_callback(db, "/news/pipebug")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    said = [line for line in result.stderr.splitlines() if "KeyError" in line]
    assert len(said) == 1 and "Error processing" in said[0] and "/news/pipebug" in said[0], result.stderr
    run = last_run(db)
    assert (run["new"], run["errors"], run["stats"]["newsbot/errors/pipeline"]) == (1, 1, 1)
    assert "1 errors (1 lost to a bug in newsbot)" in run_cli("runs", "--db", str(db)).stdout


# --- causes handled where they happen: one bad entry costs that entry (or nothing), counted by reason -----------

PARAGRAPH = "Министерство иностранных дел сообщает о консультациях сторон по вопросам сотрудничества."
# A cp1251 cookie: the header is not UTF-8 (http.server sends these characters as single bytes).
CP1251_COOKIE = {"Set-Cookie": "name=" + "Привет".encode("cp1251").decode("latin-1")}
DEEP_JSON_LD = f"<script type='application/ld+json'>{'[' * 100_000}{']' * 100_000}</script>"
OVERFLOW_RFC822 = "Wed, 11 Jun 2025 10:3000000000:00 GMT"
NOW = datetime(2026, 11, 21, 6, 0, tzinfo=UTC)


def page_with(title: str, extra: str = "") -> Answer:
    answer = html(article_page(title, PARAGRAPH, extra=extra))
    answer.headers.update(CP1251_COOKIE)
    return answer


def test_feed_and_sitemap_entries_and_pages_that_raised_cost_only_themselves(tmp_path: Path) -> None:
    feed = rss([("a", "/news/controls", OVERFLOW_RFC822), ("b", "http://[::1/x", "Wed, 11 Jun 2025 10:30:00 GMT"),
                ("c", "/news/json-ld", "Wed, 11 Jun 2025 10:30:00 GMT")])
    feed.body = feed.body.replace(b"{origin}http://[::1/x", b"http://[::1/x")  # absolute, and no URL
    home = Answer(b"<html><head><link rel='alternate' type='application/rss+xml' href='/feed'></head></html>")
    routes = {"/": home, "/feed": feed,
              # A raw control character and &#12; beside the paragraphs (lxml refuses them when text moves).
              "/news/controls": page_with("Управляющие символы", "\x01<p>Второй\x0c абзац&#12; текста.</p>\x01"),
              "/news/json-ld": page_with("Глубокий JSON-LD", DEEP_JSON_LD)}
    crawl = crawl_site(routes, tmp_path / "a.sqlite")
    assert crawl.result.returncode == 0, crawl.result.stderr
    assert_one_line_errors(crawl.result.stderr)
    assert "a bug in newsbot" not in crawl.result.stderr
    run = last_run(crawl.db)
    assert (run["status"], run["new"], run["errors"]) == ("finished", 2, 0)
    assert run["stats"]["newsbot/skipped/bad_url"] == 1
    texts = dict(query(crawl.db, "select title, text from articles"))
    assert "Второй абзац текста." in texts["Управляющие символы"]
    assert "\x01" not in texts["Управляющие символы"] and "\x0c" not in texts["Управляющие символы"]
    # The response headers are kept, the cp1251 bytes as latin-1 characters.
    (headers,) = query(crawl.db, "select headers from raw_responses limit 1")[0]
    assert json.loads(headers)["Set-Cookie"] == CP1251_COOKIE["Set-Cookie"]


def test_a_sitemap_lastmod_that_overflows_costs_nothing(tmp_path: Path) -> None:
    sitemap = xml("<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                  f"<url><loc>{{origin}}/news/a</loc><lastmod>2025-06-11T10:3000000000:00Z</lastmod></url>"
                  f"<url><loc>{{origin}}/news/b</loc><lastmod>{OVERFLOW_RFC822}</lastmod></url>"
                  "<url><loc>http://[::1/x</loc></url></urlset>")
    routes = {"/robots.txt": Answer(b"User-agent: *\nSitemap: /sitemap.xml\n", "text/plain"),
              "/": Answer(b"<html><body>home</body></html>"), "/sitemap.xml": sitemap,
              "/news/a": page_with("Первая статья"), "/news/b": page_with("Вторая статья")}
    crawl = crawl_site(routes, tmp_path / "a.sqlite")
    assert crawl.result.returncode == 0, crawl.result.stderr
    assert_one_line_errors(crawl.result.stderr)
    run = last_run(crawl.db)
    assert (run["new"], run["errors"]) == (2, 0)
    assert run["stats"]["newsbot/skipped/bad_url"] == 1


def _bomb(mib: int) -> bytes:
    return gzip.compress(b"<" + b" " * (mib * 2**20))


def test_a_gzip_sitemap_or_feed_file_is_inflated_only_up_to_the_download_limit(tmp_path: Path) -> None:
    good = "/news/good"
    routes = {"/robots.txt": Answer(b"User-agent: *\nSitemap: /sitemap.xml.gz\n", "text/plain"),
              "/": Answer(b"<html><head><link rel='alternate' type='application/rss+xml' href='/feed.gz'></head>"
                          b"<body><main><h3><a href='/news/good'>good</a></h3></main></body></html>"),
              "/feed.gz": Answer(_bomb(64), "application/gzip"),
              "/sitemap.xml.gz": Answer(_bomb(64), "application/x-gzip"),
              good: page_with("Хорошая статья")}
    crawl = crawl_site(routes, tmp_path / "a.sqlite", "-s", f"DOWNLOAD_MAXSIZE={8 * 2**20}")
    assert crawl.result.returncode == 0, crawl.result.stderr
    assert_one_line_errors(crawl.result.stderr)
    run = last_run(crawl.db)
    assert run["dropped_by_reason"] == {"too-large": 2} and run["new"] == 1
    assert f"{crawl.url('/feed.gz')}: skipped, inflates to more than 8 MiB" in crawl.result.stderr


def test_a_page_whose_parse_would_take_minutes_is_dropped_and_the_crawl_ends(tmp_path: Path) -> None:
    attributes = " ".join(f"data-a{n}='x'" for n in range(150_000))  # 1.9 MB, under the article size limit
    routes = {"/": headline_home("/news/slow", "/news/good"),
              "/news/slow": html(article_page("Медленная", PARAGRAPH, extra=f"<div {attributes}>x</div>")),
              "/news/good": page_with("Хорошая статья")}
    crawl = crawl_site(routes, tmp_path / "a.sqlite", "--max-runtime", "20")  # run_cli's 60 s timeout bounds it
    assert crawl.result.returncode == 0, crawl.result.stderr
    run = last_run(crawl.db)
    assert run["dropped_by_reason"] == {"too-complex": 1} and run["new"] == 1
    page = tmp_path / "slow.html"
    page.write_bytes(routes["/news/slow"].body)
    extract = run_cli("extract", str(page), "--url", "https://example.kz/news/slow")
    assert extract.returncode != 0 and "too-complex" in extract.stderr and extract.stderr.count("\n") == 1


GOOD_ENTRY = {"id": 1001, "title": "Good", "body": "<p>" + PARAGRAPH * 3 + "</p>",
              "created_date": "2025-06-11T09:30:51.123+0000", "heropic": "/img/1.jpg"}


def test_govkz_entries_with_a_bad_picture_url_a_huge_number_a_bad_id_or_an_object_cost_only_themselves(
    tmp_path: Path,
) -> None:
    entries = [
        GOOD_ENTRY,
        {**GOOD_ENTRY, "id": 1002, "heropic": "http://[::1/x"},  # the picture is lost, not the release
        {**GOOD_ENTRY, "id": 1003, "views": "HUGE"},
        {**GOOD_ENTRY, "id": "1001?lang=kk#"},  # would be stored under another release's URL
        {**GOOD_ENTRY, "id": 1005, "title": {"rendered": "Rendered"}},
        {**GOOD_ENTRY, "id": 1006, "title": ["a", "list"]},
    ]
    body = json.dumps(entries).replace('"HUGE"', "9" * 5000).encode()
    routes = {"/api/v1/public/content-manager/news": Answer(body, "application/json")}
    with serve({**NO_ROBOTS, **routes}) as site:
        result = run_cli("crawl", "mfa", "--base-url", site.url, "--lang", "en", "--db", str(tmp_path / "a.sqlite"),
                         *FAST, *NO_RETRIES)
        pages = len(site.paths()) - 1  # after robots.txt, every request is a list page (the same answer)
    assert_one_line_errors(result.stderr)
    assert "a bug in newsbot" not in result.stderr
    db = tmp_path / "a.sqlite"
    stored = dict(query(db, "select source_id, title from articles"))
    assert stored == {"1001": "Good", "1002": "Good", "1003": "Good", "1005": "Rendered"}
    assert query(db, "select image_url from articles where source_id = '1002'") == [(None,)]
    assert query(db, "select count(*) from articles where url like '%1001?lang=en'") == [(1,)]
    run = last_run(db)
    assert run["stats"]["newsbot/bad_payload"] == 2 * pages  # the bad id and the list, on each page
    assert result.returncode == 1  # a bad entry is the API's fault, for a human to see


def test_a_govkz_page_nested_100000_deep_is_one_bad_payload_not_an_exception() -> None:
    deep = "[" + '{"id": 1, "x": ' + "[" * 100_000 + "]" * 100_000 + "}]"
    with pytest.raises(UnexpectedPayloadError, match="nested too deep"):
        articles_from_page(deep, site=resolve_site("mfa"), lang="en", fetched_at=FETCHED_AT)


def test_retry_after_never_outlives_max_runtime_and_odd_values_are_not_waited_for(tmp_path: Path) -> None:
    assert retry_after_seconds("²", NOW) is None  # a digit to str.isdigit, not to float()
    assert retry_after_seconds("Wed, 11 Jun 99999 10:30:00 GMT", NOW) is None
    assert retry_after_seconds(OVERFLOW_RFC822, NOW) is None
    slow = page_with("Статья")
    slow.before = [(429, {"Retry-After": "3600"})] * 3
    routes = {"/": headline_home("/news/a"), "/news/a": slow}
    # NEWSBOT_MAX_RETRY_AFTER (120 s by default) would outlast run_cli's 60 s timeout; --max-runtime holds.
    crawl = crawl_site(routes, tmp_path / "a.sqlite", "--max-runtime", "4", "-s", "RETRY_TIMES=3")
    assert crawl.result.returncode == 0, crawl.result.stderr
    assert last_run(crawl.db)["status"] == "closespider_timeout"


def test_text_after_the_end_of_an_api_body_document_is_kept_and_its_edits_seen(tmp_path: Path) -> None:
    def answer(after: str) -> Answer:
        whole = f"<html><head><title>x</title></head><body><p>{PARAGRAPH}</p></body></html><p>{after}</p>"
        return Answer(json.dumps([{**GOOD_ENTRY, "body": whole}]).encode(), "application/json")

    db = tmp_path / "a.sqlite"
    path = "/api/v1/public/content-manager/news"
    with serve({**NO_ROBOTS, path: answer("После конца документа.")}) as site:
        args = ("crawl", "mfa", "--base-url", site.url, "--lang", "en", "--db", str(db), *FAST, *NO_RETRIES)
        first = run_cli(*args)
        site.routes[path] = answer("Исправлено после конца документа.")
        second = run_cli(*args, "--backfill")
    assert first.returncode == 0 and second.returncode == 0, (first.stderr, second.stderr)
    assert "1 updated" in second.stdout, second.stdout  # browsers show that text: an edit there is an edit
    ((text, version),) = query(db, "select text, version from articles")
    assert text.endswith("Исправлено после конца документа.") and version == 2
