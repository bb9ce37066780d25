"""gov.kz portal news (every ministry and embassy): walks the news API newest first, per language."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlencode

import scrapy
from scrapy.http import Response

from newsbot.items import Article
from newsbot.pages.govkz import NEWS_API_PATH, UnexpectedPayloadError, articles_from_page
from newsbot.spiders.base import NewsSpider, raw_page


class GovKzSpider(NewsSpider):
    name = "govkz"
    kind = "govkz"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seen_ids: dict[str, set[str]] = {lang: set() for lang in self.site.languages}

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for lang in self.site.languages:
            yield self.list_request(lang, page=1)

    def list_request(self, lang: str, page: int) -> scrapy.Request:
        query = urlencode(
            {
                "sort-by": "created_date:DESC",
                "projects": f"eq:{self.site.project}",
                "page": page,
                "size": self.settings.getint("NEWSBOT_GOVKZ_PAGE_SIZE"),
            },
            safe=":",
        )
        return scrapy.Request(
            f"{self.site.origin}{NEWS_API_PATH}?{query}",
            # The API picks the language from this header, not from the URL.
            headers={"Accept-Language": lang, "Accept": "application/json"},
            callback=self.parse_list,
            errback=self.on_request_error,
            cb_kwargs={"lang": lang, "page": page},
            # The URL is the same for every language (the header differs), so the dupe filter must not
            # judge these; the repeated-page check and NEWSBOT_MAX_LIST_PAGES bound the walk instead.
            dont_filter=True,
        )

    def parse_list(self, response: Response, lang: str, page: int) -> Iterator[Article | scrapy.Request]:
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
            return
        for problem in news.problems:
            self.count("bad_payload")
            self.logger.warning("%s: %s: skipped an entry: %s", self.site.name, response.url, problem)
        raw = raw_page(response, site=self.site, lang=lang, fetched_at=fetched_at)
        fresh = 0
        for article in news.articles:
            if not self.take_item():
                self.logger.info("%s: --max-items %d reached", self.site.name, self.max_items)
                return
            if article.source_id not in self.seen_ids[lang]:
                fresh += 1
                self.seen_ids[lang].add(article.source_id or "")
            article.raw = raw
            yield article
        # An API that ignores `page` answers the same page forever: stop when nothing is new.
        if fresh == 0:
            self.count("stopped/repeated_page")
            self.logger.warning("%s [%s]: page %d repeats earlier pages; stopping", self.site.name, lang, page)
            return
        if page >= self.settings.getint("NEWSBOT_MAX_LIST_PAGES"):
            self.count("stopped/max_list_pages")
            return
        yield self.list_request(lang, page + 1)
