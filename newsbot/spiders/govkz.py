"""gov.kz portal news (every ministry and embassy): walks the news API newest first, per language."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import scrapy
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newsbot.dates.structured import parse_iso8601
from newsbot.items import Article
from newsbot.pages.govkz import NEWS_API_PATH, UnexpectedPayloadError, articles_from_page
from newsbot.spiders.base import NewsSpider, raw_page
from newsbot.spiders.incremental import Walk, article_keys


def created(article: Article, tz: str) -> datetime | None:
    """The API's created_date (`2020-12-22T09:30:51.123+0000`) as an instant, for the walk's decisions; None
    when unreadable (the walk then takes the entry as undated: it is fetched, and the date pipeline says why)."""
    try:
        return parse_iso8601(article.published_raw or "", tz)
    except (ValueError, OverflowError, ArithmeticError, LookupError):
        return None


def date_filter(since: datetime) -> str:
    """`created_date=gt:` a day before --since: migrated items carry their date at exactly T00:00:00, and the
    site's zone is not UTC; the walk applies --since exactly, the filter only spares the pages before it."""
    return f"gt:{(since - timedelta(days=1)).strftime('%Y-%m-%dT00:00:00')}"


class GovKzSpider(NewsSpider):
    name = "govkz"
    kind = "govkz"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seen_ids: dict[tuple[str, str], set[str]] = {}
        # `created_date=gt:` is unconfirmed (docs/sites.md): a 500 to it turns it off for the rest of the run.
        self.use_date_filter = self.since is not None

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for lang in self.site.languages:
            for walk, page in self.walks(lang):
                yield self.list_request(walk, page)

    def list_request(self, walk: Walk, page: int) -> scrapy.Request:
        lang = walk.lang
        params: dict[str, Any] = {
            "sort-by": "created_date:DESC",
            "projects": f"eq:{self.site.project}",
            "page": page,
            "size": self.settings.getint("NEWSBOT_GOVKZ_PAGE_SIZE"),
        }
        filtered = self.use_date_filter and self.since is not None
        if filtered and self.since is not None:
            params["created_date"] = date_filter(self.since)
        query = urlencode(params, safe=":")
        return scrapy.Request(
            f"{self.site.origin}{NEWS_API_PATH}?{query}",
            # The API picks the language from this header, not from the URL.
            headers={"Accept-Language": lang, "Accept": "application/json"},
            callback=self.parse_list,
            errback=self.on_filtered_list_error if filtered else self.on_request_error,
            cb_kwargs={"walk": walk, "page": page},
            # A filtered page that fails falls back at once to plain paging instead of being retried.
            meta={"dont_retry": True} if filtered else {},
            # The URL is the same for every language (the header differs), so the dupe filter must not
            # judge these; the repeated-page check and NEWSBOT_MAX_LIST_PAGES bound the walk instead.
            dont_filter=True,
        )

    def on_filtered_list_error(self, failure: Failure) -> Iterator[scrapy.Request]:
        """A 5xx to a page with `created_date=gt:`: walk that language again from page 1 without the filter."""
        if not (failure.check(HttpError) and failure.value.response.status >= 500):
            self.on_request_error(failure)
            return
        if self.use_date_filter:
            self.use_date_filter = False
            self.count("govkz/date_filter_refused")
            self.logger.warning("%s: the API refused created_date=gt: (HTTP %d); paging without it",
                                self.site.name, failure.value.response.status)
        yield self.list_request(failure.request.cb_kwargs["walk"], page=1)

    def parse_list(self, response: Response, walk: Walk, page: int) -> Iterator[Article | scrapy.Request]:
        lang = walk.lang
        self.count("list_pages")
        fetched_at = self.fetch_time()
        try:
            news = articles_from_page(response.body, site=self.site, lang=lang, fetched_at=fetched_at)
        except UnexpectedPayloadError as exc:
            self.count("bad_payload")
            self.logger.warning("%s: %s: unexpected API answer: %s", self.site.name, response.url, exc)
            return
        if not news.entries:
            self.logger.info("%s [%s]: end of the news list at page %d", self.site.name, lang, page)
            self.walk_ended(walk)
            return
        for problem in news.problems:
            self.count("bad_payload")
            self.logger.warning("%s: %s: skipped an entry: %s", self.site.name, response.url, problem)
        raw = raw_page(response, site=self.site, lang=lang, fetched_at=fetched_at)
        seen = self.seen_ids.setdefault((lang, walk.name), set())
        fresh = 0
        listed = [(article_keys(article.url, article.source_id), created(article, self.site.timezone))
                  for article in news.articles]
        taken: list[Article] = []
        complete = True
        for article, (keys, published) in zip(news.articles, listed, strict=True):
            if article.source_id not in seen:
                fresh += 1
                seen.add(article.source_id or "")
            if not self.policy.wanted(walk, keys, published):
                self.count("incremental/skipped_known")
                continue
            if not self.take_item():
                self.logger.info("%s: --max-items %d reached", self.site.name, self.max_items)
                complete = False
                break
            article.raw = raw
            taken.append(article)
        if complete:
            # Before yielding: the store may commit the last article as soon as it is yielded.
            self.page_done(walk, page, taken[-1] if taken else None)
        yield from taken
        if not complete:
            return
        # An API that ignores `page` answers the same page forever: stop when nothing is new.
        if fresh == 0:
            self.count("stopped/repeated_page")
            self.logger.warning("%s [%s]: page %d repeats earlier pages; stopping", self.site.name, lang, page)
            return
        if not self.policy.walk_on(walk, listed):
            self.count("stopped/known_page" if listed else "stopped/empty_page")
            return
        if page >= self.settings.getint("NEWSBOT_MAX_LIST_PAGES"):
            self.count("stopped/max_list_pages")
            return
        yield self.list_request(walk, page + 1)
