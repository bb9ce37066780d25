"""Sitemaps as a way in: a sitemap or an index of them (nested, gzipped), newest entries first."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from newsbot.pages.feeds import TooLargeError, parse_sitemap
from newsbot.spiders.mixins.articles import ArticlePages
from newsbot.spiders.web import Output

# Child sitemaps that list no articles (WordPress core and Yoast name them so).
_NOT_POST_SITEMAPS = ("taxonom", "users", "author", "category", "post_tag", "tag-sitemap", "page-sitemap")
# Below the article requests' priority (0): the next child sitemap waits until the queued articles are sent.
_NEXT_SITEMAP_PRIORITY = -1


class SitemapPages(ArticlePages):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Child sitemaps not fetched yet, newest first (see parse_sitemap), and every sitemap requested.
        self.pending_sitemaps: deque[tuple[str, int]] = deque()  # (url, depth)
        self.requested_sitemaps: set[str] = set()

    def sitemap_request(self, url: str, probe: bool = True, depth: int = 0, priority: int = 0) -> scrapy.Request:
        self.requested_sitemaps.add(url)
        return scrapy.Request(url, callback=self.parse_sitemap, errback=self.on_step_error if probe
                              else self.on_child_sitemap_error, cb_kwargs={"probe": probe, "depth": depth},
                              priority=priority)

    def next_sitemap(self) -> Iterator[scrapy.Request]:
        """The next child sitemap of an index, once the articles queued before it are sent.

        An index's sitemaps are read one after another, not all at once: each holds up to 50,000 article URLs,
        and requesting them together would queue every article of the site in memory before the first is
        fetched (400 MB at 100,000 articles). This way the queue holds one sitemap's articles at most, and the
        newest sitemap's articles come first."""
        while self.pending_sitemaps and self.room_for_more():
            url, depth = self.pending_sitemaps.popleft()
            # Scrapy's dupefilter would drop a repeat without a callback, and the walk would stop there.
            if url not in self.requested_sitemaps:
                yield self.sitemap_request(url, probe=False, depth=depth, priority=_NEXT_SITEMAP_PRIORITY)
                return

    def on_child_sitemap_error(self, failure: Failure) -> Iterator[scrapy.Request]:
        """A child sitemap failed: reported like any request, and the next one is read."""
        self.on_request_error(failure)
        yield from self.next_sitemap()

    def parse_sitemap(self, response: Response, probe: bool = True, depth: int = 0) -> Output:
        try:
            sitemap = parse_sitemap(response.body, response.url, limit=self.inflate_limit())
        except TooLargeError as exc:
            self.too_large(response.url, str(exc))
            sitemap = None
        if sitemap is None or not sitemap.entries:
            if probe:
                yield from self.advance("not a sitemap, or an empty one")
            else:
                yield from self.next_sitemap()
            return
        if probe:
            self.chose(f"the sitemap {response.url}")
        self.count("list_pages")
        since = self.since_bound()
        dated = self.usable(sitemap.entries)
        if since is not None:
            dated = [(t, e) for t, e in dated if t is None or t >= since]
        # Newest first, so that --max-items and an interrupted run keep the latest articles.
        dated.sort(key=lambda pair: pair[0] or datetime.min.replace(tzinfo=UTC), reverse=True)
        if sitemap.is_index:
            if depth >= self.settings.getint("NEWSBOT_MAX_SITEMAP_DEPTH"):
                self.sitemap_trap(response.url, len(dated))
                yield from self.next_sitemap()
                return
            children = [(e.url, depth + 1) for _, e in dated
                        if not any(word in e.url.lower() for word in _NOT_POST_SITEMAPS)]
            self.pending_sitemaps.extendleft(reversed(children))  # a nested index's children before the rest
            yield from self.next_sitemap()
            return
        yield from self.article_requests_for([e.url for _, e in dated], [t for t, _ in dated], listed_in="sitemap")
        yield from self.next_sitemap()

    def sitemap_trap(self, url: str, children: int) -> None:
        """An index nested past NEWSBOT_MAX_SITEMAP_DEPTH: its children are cut, counted like the other traps."""
        if self.count_first("trap/sitemap_depth", children):
            self.logger.warning("%s: %s: not followed, a sitemap index nested more than %d deep; more like it "
                                "are only counted (newsbot/trap/sitemap_depth)", self.site.name, url,
                                self.settings.getint("NEWSBOT_MAX_SITEMAP_DEPTH"))
