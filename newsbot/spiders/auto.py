"""A site known only by its URL: tries WordPress REST, feeds the home page links, the sitemaps robots.txt
names, then the home page's headline links, and logs which it chose. (gov.kz project URLs resolve to the
govkz kind before a crawl starts: newsbot.sites.site_from_url.)"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import scrapy
from scrapy.http import Response

from newsbot.pages.feeds import feed_links, robots_sitemaps
from newsbot.spiders.web import Step
from newsbot.spiders.wordpress import WordPressSpider
from newsbot.urls import absolute_url


class AutoSpider(WordPressSpider):
    name = "auto"
    kind = "auto"

    def steps(self) -> list[Step]:
        start = self.site.listing[0] if self.site.listing else "/"
        return [
            *self.rest_steps()[:1],
            ("feeds linked from the home page", lambda: self.probe(self.url("/"), self.parse_home)),
            ("sitemaps in robots.txt", lambda: self.probe(self.url("/robots.txt"), self.parse_robots)),
            ("headline links", lambda: self.listing_request(self.url(start))),
        ]

    def probe(self, url: str, callback: Callable[[Response], Iterator[scrapy.Request]]) -> scrapy.Request:
        # dont_filter: the listing step may fetch the same home page again, for its links.
        return scrapy.Request(url, callback=callback, errback=self.on_step_error, dont_filter=True)

    def parse_home(self, response: Response) -> Iterator[scrapy.Request]:
        feeds = feed_links(response.body, response.url)
        if not feeds:
            yield from self.advance("the home page links no feed")
            return
        yield self.feed_request(feeds[0])

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        # A relative `Sitemap: /sitemap.xml` is common, though the standard wants a full URL.
        sitemaps = [url for line in robots_sitemaps(response.text) if (url := absolute_url(response.url, line))]
        if not sitemaps:
            yield from self.advance("robots.txt names no sitemap")
            return
        yield self.sitemap_request(sitemaps[0])
