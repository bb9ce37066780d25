"""What every newsbot spider shares: the site it crawls, run bounds, and one-line failure reports."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import exceptions as scrapy_errors
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as twisted_errors
from twisted.python.failure import Failure

from newsbot.items import RawPage
from newsbot.logs import one_line_exceptions
from newsbot.offline_psl import use_bundled_suffix_list
from newsbot.sites import Site, resolve_site

use_bundled_suffix_list()


def failure_reason(failure: Failure) -> str:
    """A short, stable name for why a request failed: used in log lines and as a stats key."""
    if failure.check(HttpError):
        return f"http_{failure.value.response.status}"
    if failure.check(scrapy_errors.DownloadTimeoutError, twisted_errors.TimeoutError, twisted_errors.TCPTimedOutError):
        return "timeout"
    if failure.check(scrapy_errors.CannotResolveHostError, twisted_errors.DNSLookupError):
        return "dns"
    if failure.check(scrapy_errors.DownloadConnectionRefusedError, twisted_errors.ConnectionRefusedError):
        return "connection_refused"
    if failure.check(scrapy_errors.ResponseDataLossError):
        return "data_loss"
    return failure.type.__name__ if failure.type else "unknown"


def raw_page(response: Response, *, site: Site, lang: str | None, fetched_at: datetime) -> RawPage:
    """The response as the archive keeps it for reprocessing."""
    headers = dict(response.headers.to_unicode_dict())
    return RawPage(url=response.url, status=response.status, headers=headers, body=response.body,
                   fetched_at=fetched_at, site=site.name, kind=site.kind, lang=lang)


class NewsSpider(scrapy.Spider):
    """Base for the kind spiders. `site` is a registry name or spec (`mfa`, `govkz:economy`)."""

    kind: str = ""

    def __init__(
        self,
        site: str | Site = "mfa",
        base_url: str | None = None,
        lang: str | None = None,
        max_items: int | str | None = None,
        **kwargs: Any,
    ) -> None:
        resolved = resolve_site(site, base_url=base_url, lang=lang)
        if resolved.kind != self.kind:
            raise ValueError(f"site {resolved.name!r} is of kind {resolved.kind!r}, not {self.kind!r}")
        super().__init__(name=self.name, **kwargs)
        self.site = resolved
        # Offsite links and redirects to other hosts are dropped unless the registry allows the host.
        self.allowed_domains = [urlsplit(resolved.origin).hostname or "", *resolved.allowed_domains]
        self.max_items = int(max_items) if max_items not in (None, "") else None
        self.items_emitted = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        # Our errback reports each give-up in one line; RetryMiddleware's own ERROR line would repeat it.
        logging.getLogger("scrapy.downloadermiddlewares.retry").setLevel(logging.CRITICAL)
        # Scrapy has installed its log handler by now (it replaces it per crawler): tracebacks become one
        # line, except at DEBUG level, where a bug report wants them.
        if crawler.settings.get("LOG_LEVEL") != "DEBUG":
            one_line_exceptions()
        spider = super().from_crawler(crawler, *args, **kwargs)
        assert isinstance(spider, NewsSpider)
        if spider.site.delay is not None:
            # A registry politeness override (it always says why in sites.toml): Scrapy's per-host download
            # slot for this site's host gets its own delay, still one request at a time.
            host = urlsplit(spider.site.origin).hostname or ""
            slots = dict(crawler.settings.getdict("DOWNLOAD_SLOTS"))
            slots[host] = {"concurrency": 1, "delay": spider.site.delay}
            crawler.settings.set("DOWNLOAD_SLOTS", slots, priority="spider")
        return spider

    @staticmethod
    def fetch_time() -> datetime:
        """The fetch time stamped on items; page modules take it as an argument and never read a clock."""
        return datetime.now(UTC)

    def take_item(self) -> bool:
        """Whether one more item fits under --max-items; counts it when it does."""
        if self.max_items is not None and self.items_emitted >= self.max_items:
            return False
        self.items_emitted += 1
        return True

    def count(self, key: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"newsbot/{key}", n)

    def on_request_error(self, failure: Failure) -> None:
        """Errback: Scrapy has already retried what is worth retrying; report the rest in one line."""
        if failure.check(scrapy_errors.IgnoreRequest) and not failure.check(HttpError):
            # robots.txt forbids it, or it leads off the site: skipping it is the polite outcome, not a failure.
            self.count("skipped/ignored")
            self.logger.info("%s: skipped %s (%s)", self.site.name, failure.request.url, failure.value)
            return
        reason = failure_reason(failure)
        self.count("errors")
        self.count(f"errors/{reason}")
        self.logger.error("%s: %s %s failed: %s (after retries)", self.site.name, failure.request.method,
                          failure.request.url, reason)
