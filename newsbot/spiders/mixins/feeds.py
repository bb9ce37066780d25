"""Feeds as a way in: an RSS 2.0 or Atom feed, each entry followed to its article page."""

from __future__ import annotations

import scrapy
from scrapy.http import Response

from newsbot.pages.feeds import TooLargeError, parse_feed
from newsbot.spiders.mixins.articles import ArticlePages
from newsbot.spiders.web import Output


class FeedPages(ArticlePages):
    def feed_request(self, url: str, probe: bool = True) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse_feed, errback=self.on_step_error if probe
                              else self.on_request_error, cb_kwargs={"probe": probe})

    def parse_feed(self, response: Response, probe: bool = True) -> Output:
        since = self.since_bound()
        try:
            entries = parse_feed(response.body, response.url, limit=self.inflate_limit())
        except TooLargeError as exc:
            self.too_large(response.url, str(exc))
            entries = []
        if not entries:
            if probe:
                yield from self.advance("not a feed, or an empty one")
            else:
                self.nothing_listed(response.url, "not a feed, or an empty one")
            return
        if probe:
            self.chose(f"the feed {response.url}")
        self.count("list_pages")
        dated = [(t, e.url) for t, e in self.usable(entries)]
        fresh = [(t, url) for t, url in dated if since is None or t is None or t >= since]
        yield from self.article_requests_for([url for _, url in fresh], [t for t, _ in fresh], listed_in="feed")
