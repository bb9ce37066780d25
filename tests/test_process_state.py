"""Library code leaves the process as it found it: Scrapy's modules, logger levels, the log record factory.
Only the CLI changes logging, around its crawl, and puts it back."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

from scrapy import Request
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from newsbot.logs import QUIETED, crawl_log_rules
from newsbot.middlewares.offline_cookies import OfflineCookiesMiddleware
from newsbot.spiders import SPIDERS_BY_KIND

# Run in a fresh interpreter: this test process has imported newsbot long ago.
SNAPSHOT = """
import json, logging, sys
from scrapy.downloadermiddlewares import cookies

def snapshot():
    names = ("scrapy.downloadermiddlewares.retry", "scrapy.core.downloader.handlers.http11",
             "scrapy.downloadermiddlewares.httpcompression", "scrapy", "twisted", "")
    return {"split_domain": id(cookies._split_domain), "factory": id(logging.getLogRecordFactory()),
            "levels": {name: logging.getLogger(name).level for name in names}}

before = snapshot()
from scrapy.crawler import Crawler
from scrapy.settings import Settings
from dataclasses import replace
from newsbot.sites import registry, resolve_site
from newsbot.spiders import SPIDERS_BY_KIND
import newsbot.settings, pipelines.store, pipelines.boilerplate, newsbot.middlewares.offline_cookies
sites = {site.kind: site for site in registry().values()}
for kind, spidercls in SPIDERS_BY_KIND.items():
    settings = Settings()
    settings.setmodule("newsbot.settings", priority="project")
    settings.set("NEWSBOT_DB", sys.argv[1] + f"/{kind}.sqlite")
    crawler = Crawler(spidercls, settings)
    site = sites.get(kind) or replace(resolve_site("https://example.com/"), kind=kind)
    crawler.spider = spidercls.from_crawler(crawler, site=site)
print(json.dumps({"before": before, "after": snapshot()}))
"""


def test_importing_and_building_spiders_changes_nothing_process_wide(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-c", SNAPSHOT, str(tmp_path)], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    states = json.loads(result.stdout.strip().splitlines()[-1])
    assert states["after"] == states["before"]


def record(level: int = logging.ERROR) -> logging.LogRecord:
    try:
        raise ValueError("bad\nthing")
    except ValueError:
        return logging.getLogRecordFactory()("x", level, __file__, 1, "failed %s", ("here",), sys.exc_info())


def test_the_crawl_log_rules_hold_within_and_are_undone_after() -> None:
    factory = logging.getLogRecordFactory()
    levels = {name: logging.getLogger(name).level for name in QUIETED}
    with crawl_log_rules("INFO"):
        inside = record()
        assert {name: logging.getLogger(name).level for name in QUIETED} == QUIETED
    assert inside.exc_info is None and inside.getMessage() == "failed here [ValueError: bad thing]"
    assert logging.getLogRecordFactory() is factory
    assert {name: logging.getLogger(name).level for name in QUIETED} == levels
    assert record().exc_info is not None


def test_debug_keeps_tracebacks() -> None:
    with crawl_log_rules("DEBUG"):
        assert record().exc_info is not None


def test_the_rules_are_undone_when_the_crawl_raises() -> None:
    factory = logging.getLogRecordFactory()
    try:
        with crawl_log_rules("INFO"):
            raise RuntimeError
    except RuntimeError:
        pass
    assert logging.getLogRecordFactory() is factory


def cookie_headers(middleware: OfflineCookiesMiddleware, set_by: str, set_cookie: str, *urls: str) -> list[bytes]:
    request = Request(set_by)
    middleware.process_response(request, Response(set_by, headers={"Set-Cookie": set_cookie}, request=request))
    headers = []
    for url in urls:
        following = Request(url)
        middleware.process_request(following)
        headers.append(following.headers.get("Cookie") or b"")
    return headers


def test_cookies_are_scoped_by_the_bundled_suffix_list() -> None:
    crawler = get_crawler(SPIDERS_BY_KIND["html"], {"COOKIES_ENABLED": True})
    middleware = OfflineCookiesMiddleware.from_crawler(crawler)
    assert middleware.split_domain.suffix_list_urls == ()  # nothing to download
    # github.io is a public suffix (private section): a host under it cannot set a cookie for all of it.
    assert cookie_headers(middleware, "https://a.github.io/", "t=1; Domain=github.io",
                          "https://a.github.io/x", "https://b.github.io/") == [b"", b""]
    # example.com is not: its subdomains share it.
    assert cookie_headers(middleware, "https://www.example.com/", "s=2; Domain=example.com",
                          "https://news.example.com/") == [b"s=2"]
