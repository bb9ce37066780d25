"""Article pages: which listed URLs are fetched (new ones, and recent ones re-checked), each page behind the
"is this an article" verdict, and what is dropped or repaired, counted by reason."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from sqlalchemy import Engine
from twisted.python.failure import Failure

from newsbot.archive.state import known_urls
from newsbot.items import Article
from newsbot.pages.feeds import Entry, entry_time
from newsbot.pages.rules import site_rules
from newsbot.pages.web import read_article
from newsbot.spiders.base import FETCHED_SCHEMES, describe_failure, failure_reason, raw_page
from newsbot.spiders.page_pool import PagePool
from newsbot.spiders.web import WebSpider
from newsbot.urls import absolute_url, canonical_url


class ArticlePages(WebSpider):
    def __init__(self, *args: Any, page_pool: PagePool | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.article_requests = 0
        # Canonical URLs of the site's archived articles, read when the store opens the archive.
        self.known: set[str] = set()
        # Where article pages are read: the run's pool (`newsbot crawl` shares one between its sites), else one of
        # the spider's own made in from_crawler from NEWSBOT_PAGE_PROCESSES.
        self.page_pool = page_pool if page_pool is not None else PagePool(processes=0, after=0)
        self.owns_page_pool = page_pool is None

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ArticlePages:
        spider = super().from_crawler(crawler, *args, **kwargs)
        assert isinstance(spider, ArticlePages)
        if spider.owns_page_pool:
            spider.page_pool = PagePool.from_settings(crawler.settings)
            crawler.signals.connect(spider.page_pool.close, signal=signals.spider_closed)
        return spider

    def prepare_walks(self, archive: Engine) -> None:
        super().prepare_walks(archive)
        self.known = known_urls(archive, self.site.name)

    def wanted(self, url: str, published: datetime | None = None) -> bool:
        """Incremental runs fetch what is not archived yet, and re-check what was published within the
        re-check window (edits); --backfill fetches everything."""
        if self.backfill or canonical_url(url) not in self.known:
            return True
        return published is not None and published >= self.policy.recheck_after

    def room_for_more(self) -> bool:
        return self.max_items is None or self.article_requests < self.max_items

    def article_request(self, url: str, listed_in: str | None = None) -> scrapy.Request | None:
        """A request for one article page, or None once --max-items pages are queued. `listed_in`: the feed or
        sitemap that listed it, which makes it an article however short (newsbot.items.LISTED_IN)."""
        if not self.room_for_more():
            return None
        self.article_requests += 1
        return scrapy.Request(url, callback=self.parse_article, errback=self.on_article_error,
                              cb_kwargs={"listed_in": listed_in})

    def on_article_error(self, failure: Failure) -> None:
        """An article page larger than DOWNLOAD_MAXSIZE is what it is, every run: dropped by reason, not an
        error that would flag the site for a human forever. Other failures are errors."""
        if failure_reason(failure) == "too_large":
            self.too_large(failure.request.url, describe_failure("too_large", self.settings))
        else:
            self.on_request_error(failure)

    def too_large(self, url: str, why: str) -> None:
        """Never read, never stored in part: one line per page (they are rare), counted under too-large."""
        self.count("dropped")
        self.count("dropped/too-large")
        self.logger.warning("%s: %s: skipped, %s", self.site.name, url, why)

    def article_requests_for(
        self, urls: list[str], dates: list[datetime | None] | None = None, listed_in: str | None = None
    ) -> Iterator[scrapy.Request]:
        """Requests for the wanted article pages among `urls` (known ones are counted as skipped)."""
        for url, published in zip(urls, dates or [None] * len(urls), strict=True):
            if absolute_url(url, url) is None:  # from a listing or a REST page: no URL at all
                self.count("skipped/bad_url")
                continue
            if urlsplit(url).scheme.lower() not in FETCHED_SCHEMES:
                # A feed or sitemap entry pointing at file:, data:, ftp: or s3: is never fetched (no handler either).
                self.count("skipped/not_http")
                self.logger.warning("%s: skipped %s: newsbot fetches http and https only", self.site.name, url[:80])
                continue
            if not self.wanted(url, published):
                self.count("skipped_known")
                continue
            request = self.article_request(url, listed_in)
            if request is None:
                return
            yield request

    def usable(self, entries: list[Entry]) -> list[tuple[datetime | None, Entry]]:
        """The listed entries (of a feed, a sitemap) that can be followed, each with its date as an instant. One
        that cannot costs only itself (`skipped/bad_url`); a date that cannot be read costs nothing
        (`entries/unreadable_date`: the entry is taken as undated)."""
        found = []
        for entry in entries:
            if entry.problem:
                if self.count_first(f"skipped/{entry.problem.replace('-', '_')}"):
                    self.logger.warning("%s: skipped a listed link that is no URL: %r; more like it are only "
                                        "counted", self.site.name, entry.url[:80])
                continue
            found.append((self.entry_date(entry), entry))
        return found

    def entry_date(self, entry: Entry) -> datetime | None:
        try:
            when = entry_time(entry, self.site.timezone)
        except (ValueError, OverflowError, ArithmeticError, LookupError):
            when = None
        if when is None and entry.date and self.count_first("entries/unreadable_date"):
            self.logger.warning("%s: unreadable date %r for %s, taken as undated; more like it are only counted",
                                self.site.name, entry.date[:60], entry.url[:80])
        return when

    def lang_hint(self) -> str | None:
        return self.site.languages[0] if len(self.site.languages) == 1 else None

    async def parse_article(self, response: Response, listed_in: str | None = None) -> AsyncIterator[Article]:
        limit = self.settings.getint("NEWSBOT_MAX_ARTICLE_BYTES")
        if limit and len(response.body) > limit:
            self.too_large(response.url, f"{len(response.body) / 2**20:.1f} MiB, more than an article page may be "
                                         f"({limit / 2**20:g} MiB, NEWSBOT_MAX_ARTICLE_BYTES)")
            return
        fetched_at = self.fetch_time()
        verdict, article = await self.page_pool.run(
            self.count, read_article, response.body, url=response.url, site=self.site, rules=site_rules(self.site),
            lang=self.lang_hint(), fetched_at=fetched_at, listed_in=listed_in,
            headers_encoding=response.headers.get("Content-Type", b"").decode("latin-1") or None,
        )
        if article is None:
            self.drop(verdict.reason or "no-article", response.url, verdict.detail)
            return
        if not self.take_item():
            return
        for note in verdict.notes:
            self.note(note, response.url)
        article.raw = raw_page(response, site=self.site, lang=article.lang, fetched_at=fetched_at,
                               listed_in=listed_in)
        yield article

    def note(self, what: str, url: str) -> None:
        """Something done to a stored page (a repair): counted, logged once per kind."""
        if self.count_first(f"pages/{what}"):
            self.logger.warning("%s: %s %s (stored; more pages like it are only counted)", self.site.name,
                                what.replace("-", " "), url)

    def drop(self, reason: str, url: str, detail: str = "") -> None:
        """A page that is not an article: counted by reason, logged once per reason, never stored."""
        self.count("dropped")
        if self.count_first(f"dropped/{reason}"):
            self.logger.warning("%s: dropped %s: %s (%s); more pages like it are only counted", self.site.name,
                                url, reason, detail)
