"""Crawler traps: URLs and redirects a broken or hostile site can generate forever. Each cut is counted under
`newsbot/trap/<reason>` (so the run record keeps it) and logged once per reason in a line a person reads.

- `UrlTrapMiddleware` (every request, redirects included): a URL longer than URLLENGTH_LIMIT, a path that
  repeats one segment more than NEWSBOT_MAX_SEGMENT_REPEATS times (`/news/news/news/news/`: relative links
  resolved against themselves), more than NEWSBOT_MAX_QUERY_SHAPES sets of query parameter names on one path
  (`?page=2&sort=a&view=grid&...`: faceted filters multiplying; only paths with a query are remembered, so
  memory does not grow with every article URL). Paging through one set of names (`?page=N`)
  is one shape however many pages there are; its bound is the spiders' page limits.
- `RedirectTrapMiddleware`: a redirect back to a URL of its own chain (Scrapy's duplicate filter would drop
  it without a word), and a chain longer than REDIRECT_MAX_TIMES.
"""

from __future__ import annotations

import logging
from collections import Counter
from urllib.parse import parse_qsl, urljoin, urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from newsbot.urls import canonical_url

logger = logging.getLogger(__name__)


class TrapCut(IgnoreRequest):
    """A request not sent (or a redirect not followed) because it leads into a trap; already counted and logged."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class TrapCounter:
    """Counts cuts by reason and logs the first of each reason."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.logged: set[str] = set()

    def cut(self, reason: str, url: str, why: str) -> TrapCut:
        if self.crawler.stats:
            self.crawler.stats.inc_value(f"newsbot/trap/{reason}")
        message = f"{url}: not followed, {why}"
        if reason not in self.logged:
            self.logged.add(reason)
            logger.warning("%s; more like it are only counted (newsbot/trap/%s)", message, reason)
        return TrapCut(reason, message)


def repeated_segment(url: str) -> tuple[str, int]:
    """The path segment a URL repeats most, and how often."""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    if not segments:
        return "", 0
    return Counter(segments).most_common(1)[0]


def query_shape(url: str) -> frozenset[str]:
    return frozenset(name for name, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True))


class UrlTrapMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.max_length = settings.getint("URLLENGTH_LIMIT")
        self.max_repeats = settings.getint("NEWSBOT_MAX_SEGMENT_REPEATS")
        self.max_shapes = settings.getint("NEWSBOT_MAX_QUERY_SHAPES")
        self.shapes: dict[tuple[str, str], set[frozenset[str]]] = {}
        self.traps = TrapCounter(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> UrlTrapMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        url = request.url
        if self.max_length and len(url) > self.max_length:
            raise self.traps.cut("url_too_long", url[:120] + "…", f"URL longer than {self.max_length} characters")
        segment, times = repeated_segment(url)
        if self.max_repeats and times > self.max_repeats:
            raise self.traps.cut("repeated_segments", url, f"the path repeats {segment!r} {times} times")
        parts = urlsplit(url)
        if not parts.query:
            return  # only paths with queries are remembered: one entry per article URL grew with the site
        shapes = self.shapes.setdefault((parts.netloc, parts.path), set())
        shape = query_shape(url)
        if shape not in shapes:
            if self.max_shapes and len(shapes) >= self.max_shapes:
                raise self.traps.cut("query_variants", url,
                                     f"{parts.path} already had {len(shapes)} sets of query parameters")
            shapes.add(shape)


class RedirectTrapMiddleware:
    """Sits above RedirectMiddleware (600), so it sees a redirect before it is followed."""

    def __init__(self, crawler: Crawler) -> None:
        self.max_times = crawler.settings.getint("REDIRECT_MAX_TIMES")
        self.traps = TrapCounter(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectTrapMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get("Location")
        if not 300 <= response.status < 400 or not location or request.meta.get("dont_redirect"):
            return response
        target = canonical_url(urljoin(request.url, location.decode("latin-1")))
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if target in {canonical_url(url) for url in chain}:
            raise self.traps.cut("redirect_loop", chain[0], f"its redirects loop back after {len(chain)}")
        if len(chain) > self.max_times:
            raise self.traps.cut("redirect_chain", chain[0], f"more than {self.max_times} redirects in a row")
        return response
