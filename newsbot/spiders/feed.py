"""Sites read through their RSS 2.0 or Atom feeds: every feed in the registry, each item followed to its page."""

from __future__ import annotations

from collections.abc import AsyncIterator

import scrapy

from newsbot.spiders.web import WebSpider


class FeedSpider(WebSpider):
    name = "feed"
    kind = "feed"

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.site.feeds:
            yield self.feed_request(self.url(url), probe=False)
