"""What the whole-page kinds (wordpress, feed, sitemap, html, auto) share: the site's URLs, the --since bound,
log lines said once, and ONE way to say where a crawl starts: `steps()`, a chain of ways in tried in order.

Each kind is composed of the ways in it uses (newsbot/spiders/mixins/: article pages, feeds, sitemaps, listing
pages, the WordPress REST API), the way Scrapy's SitemapSpider and CrawlSpider add one navigation each to
Spider. A kind names its steps; `start()` is this class's and is never overridden.

Extraction lives in newsbot.pages; these modules only decide what to fetch next.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from datetime import datetime
from typing import Any, final
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import scrapy
from twisted.python.failure import Failure

from newsbot.items import Article
from newsbot.sites import url_in
from newsbot.spiders.base import NewsSpider, failure_reason, since_instant

Output = Iterator[Article | scrapy.Request]
# A way into a site: a name for the log and a function giving its first requests (None or none: not applicable).
# A way that probes (its errback is on_step_error, its callback calls chose() or advance()) gives one request;
# one that is the registry's word (every feed it lists, every listing) gives them all and is not second-guessed.
Step = tuple[str, Callable[[], scrapy.Request | list[scrapy.Request] | None]]


def with_query(url: str, **params: str | int) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.update({key: str(value) for key, value in params.items()})
    return urlunsplit(parts._replace(query=urlencode(query)))


class WebSpider(NewsSpider):
    """Base of the whole-page kinds; a kind says which ways in it tries, in order, in `steps()`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Stats keys already said in the log: drops, repairs and cuts are said once per kind, then only counted.
        self.said: set[str] = set()
        self.plan: list[Step] = []
        self.chosen: str | None = None

    # --- the chain of ways in ------------------------------------------------------------------------

    def steps(self) -> list[Step]:
        raise NotImplementedError

    @final  # the one protocol: a kind says where it starts in steps()
    async def start(self) -> AsyncIterator[scrapy.Request]:
        self.plan = self.steps()
        for request in self.advance(None):
            yield request

    def advance(self, why: str | None) -> Iterator[scrapy.Request]:
        """The next way in, after the current one gave nothing (`why`)."""
        if why:
            self.logger.info("%s: %s gave nothing (%s); trying the next way in", self.site.name, self.chosen, why)
        while self.plan:
            name, make = self.plan.pop(0)
            made = make()
            requests = [made] if isinstance(made, scrapy.Request) else made or []
            if requests:
                self.chosen = name
                yield from requests
                return
        self.count("errors")
        self.count("errors/no_way_in")
        self.logger.error("%s: no way in worked (last: %s)%s", self.site.name, why or "nothing to try",
                          self.unconfirmed_hint())

    def chose(self, how: str) -> None:
        """A way in gave something: say which, once."""
        self.plan = []
        self.crawler.stats.set_value("newsbot/way_in", how)
        self.logger.info("%s: crawling through %s", self.site.name, how)

    def on_step_error(self, failure: Failure) -> Iterator[scrapy.Request]:
        """Errback of a way in: a refusal (401/403/404) or a failure moves on to the next way."""
        yield from self.advance(failure_reason(failure))

    # --- what the ways in share ----------------------------------------------------------------------

    def url(self, path_or_url: str) -> str:
        return url_in(self.site, path_or_url)

    def since_bound(self) -> datetime | None:
        """`--since` or NEWSBOT_SINCE (an ISO date): entries of feeds and sitemaps dated earlier are skipped."""
        if self.since is not None:
            return self.since
        return since_instant(self.settings.get("NEWSBOT_SINCE"))

    def count_first(self, key: str, n: int = 1) -> bool:
        """Counts `key`; True the first time, when the log should say it."""
        self.count(key, n)
        if key in self.said:
            return False
        self.said.add(key)
        return True

    def nothing_listed(self, url: str, what: str) -> None:
        """A start page the registry names lists nothing: a moved page or a changed selector, so a failure."""
        self.count("bad_payload")
        self.logger.warning("%s: %s: %s%s", self.site.name, url, what, self.unconfirmed_hint())

    def unconfirmed_hint(self) -> str:
        """When a site gives nothing, what its registry entry says is unconfirmed is the first suspect."""
        return f"; the registry marks as unconfirmed: {self.site.unconfirmed}" if self.site.unconfirmed else ""

    def inflate_limit(self) -> int:
        """A .xml.gz file inflates up to what a download may be (DOWNLOAD_MAXSIZE), like Content-Encoding."""
        return self.settings.getint("DOWNLOAD_MAXSIZE")
