"""A site known only by its URL: tries the WordPress REST API the home page announces, then the usual REST
root, feeds the home page links, the sitemaps robots.txt names, then the home page's headline links, and logs
which it chose. (gov.kz project URLs resolve to the govkz kind before a crawl starts: newsbot.sites.site_from_url.)

A site is its host and folder (`https://host/wp/`): every way in stays inside that folder. robots.txt is read
at the host's root, but a sitemap it names outside the folder belongs to another site on the host."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import scrapy
from scrapy.http import Response

from newsbot.pages.feeds import feed_links, rest_root, robots_sitemaps
from newsbot.sites import host_root, path_prefix, under_site
from newsbot.spiders.mixins.feeds import FeedPages
from newsbot.spiders.mixins.listings import ListingPages
from newsbot.spiders.mixins.sitemaps import SitemapPages
from newsbot.spiders.mixins.wordpress_rest import WordPressRest
from newsbot.spiders.web import Step
from newsbot.urls import absolute_url


class AutoSpider(WordPressRest, FeedPages, SitemapPages, ListingPages):
    name = "auto"
    kind = "auto"

    def steps(self) -> list[Step]:
        start = self.site.listing[0] if self.site.listing else "/"
        in_folder = [("the sitemap /wp-sitemap.xml", lambda: self.sitemap_request(self.url("/wp-sitemap.xml")))]
        return [
            ("the REST API the home page announces", lambda: self.probe(self.url("/"), self.parse_rest_link)),
            # The usual root, unless it is the one just tried.
            ("the REST API", lambda: None if self.rest_root else self.posts_request(1)),
            ("feeds linked from the home page", lambda: self.probe(self.url("/"), self.parse_home)),
            ("sitemaps in robots.txt", lambda: self.probe(host_root(self.site) + "/robots.txt", self.parse_robots)),
            # robots.txt is the host's: a WordPress in a sub-folder keeps its own sitemap in its folder.
            *(in_folder if path_prefix(self.site) else []),
            ("headline links", lambda: self.listing_request(self.url(start))),
        ]

    def parse_rest_link(self, response: Response) -> Iterator[scrapy.Request]:
        root = rest_root(response.headers.getlist("Link"), response.body, response.url)
        if root is None:
            yield from self.advance("the home page announces no REST API")
            return
        if not under_site(self.site, root):
            # A section (`/ru/`) of a site installed at the root: its posts API is the whole site's.
            yield from self.advance(f"its REST API {root} is outside {self.site.origin}/")
            return
        self.rest_root = root
        yield self.posts_request(1)

    def probe(self, url: str, callback: Callable[[Response], Iterator[scrapy.Request]]) -> scrapy.Request:
        # dont_filter: the listing step may fetch the same home page again, for its links.
        return scrapy.Request(url, callback=callback, errback=self.on_step_error, dont_filter=True)

    def parse_home(self, response: Response) -> Iterator[scrapy.Request]:
        feeds = [url for url in feed_links(response.body, response.url)
                 if not path_prefix(self.site) or under_site(self.site, url)]
        if not feeds:
            yield from self.advance("the home page links no feed")
            return
        yield self.feed_request(feeds[0])

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        # A relative `Sitemap: /sitemap.xml` is common, though the standard wants a full URL.
        sitemaps = [url for line in robots_sitemaps(response.text) if (url := absolute_url(response.url, line))]
        if path_prefix(self.site):
            sitemaps = [url for url in sitemaps if under_site(self.site, url)]
        if not sitemaps:
            yield from self.advance(f"robots.txt names no sitemap under {self.site.origin}/")
            return
        yield self.sitemap_request(sitemaps[0])
