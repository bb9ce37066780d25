"""Server-rendered sites: every listing in the registry, paged (bounded by NEWSBOT_MAX_LISTING_PAGES), article
links by the registry's selector or URL pattern; each article page is read by newsbot.pages."""

from __future__ import annotations

from collections.abc import AsyncIterator

import scrapy

from newsbot.spiders.web import WebSpider


class HtmlSpider(WebSpider):
    name = "html"
    kind = "html"

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.site.listing or ("/",):
            yield self.listing_request(self.url(url), probe=False)
