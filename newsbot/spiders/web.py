"""Navigation shared by the whole-page kinds (wordpress, feed, sitemap, html, auto): article pages behind the
"is this an article" verdict, feeds, sitemaps, listing pages, and a chain of ways in tried in order.

Extraction lives in newsbot.pages; this module only decides what to fetch next.
"""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import scrapy
from scrapy.http import Response
from sqlalchemy import Engine
from twisted.python.failure import Failure

from newsbot.archive.state import known_urls
from newsbot.items import Article
from newsbot.pages.feeds import Entry, TooLargeError, entry_time, parse_feed, parse_sitemap
from newsbot.pages.listing import listing_links, next_page
from newsbot.pages.web import read_article
from newsbot.sites import url_in
from newsbot.spiders.base import (
    FETCHED_SCHEMES,
    NewsSpider,
    describe_failure,
    failure_reason,
    raw_page,
    since_instant,
)
from newsbot.urls import absolute_url, canonical_url

Output = Iterator[Article | scrapy.Request]
# A way into a site: a name for the log and a function giving the first request (None: not applicable).
Step = tuple[str, Callable[[], scrapy.Request | None]]
# Child sitemaps that list no articles (WordPress core and Yoast name them so).
_NOT_POST_SITEMAPS = ("taxonom", "users", "author", "category", "post_tag", "tag-sitemap", "page-sitemap")
# Below the article requests' priority (0): the next child sitemap waits until the queued articles are sent.
_NEXT_SITEMAP_PRIORITY = -1


def with_query(url: str, **params: str | int) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.update({key: str(value) for key, value in params.items()})
    return urlunsplit(parts._replace(query=urlencode(query)))


class WebSpider(NewsSpider):
    """Base of the whole-page kinds; subclasses say which ways in they try, in `steps()`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Stats keys already said in the log: drops, repairs and cuts are said once per kind, then only counted.
        self.said: set[str] = set()
        self.article_requests = 0
        self.plan: list[Step] = []
        self.chosen: str | None = None
        self.seen_links: set[str] = set()
        self.known: set[str] = set()
        # Child sitemaps not fetched yet, newest first (see parse_sitemap), and every sitemap requested.
        self.pending_sitemaps: deque[tuple[str, int]] = deque()  # (url, depth)
        self.requested_sitemaps: set[str] = set()

    def prepare_walks(self, archive: Engine) -> None:
        super().prepare_walks(archive)
        self.known = known_urls(archive, self.site.name)

    def wanted(self, url: str, published: datetime | None = None) -> bool:
        """Incremental runs fetch what is not archived yet, and re-check what was published within the
        re-check window (edits); --backfill fetches everything."""
        if self.backfill or canonical_url(url) not in self.known:
            return True
        return published is not None and published >= self.policy.recheck_after

    # --- the chain of ways in ------------------------------------------------------------------------

    def steps(self) -> list[Step]:
        raise NotImplementedError

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
            request = make()
            if request is not None:
                self.chosen = name
                yield request
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

    def url(self, path_or_url: str) -> str:
        return url_in(self.site, path_or_url)

    def since_bound(self) -> datetime | None:
        """`--since` or NEWSBOT_SINCE (an ISO date): entries of feeds and sitemaps dated earlier are skipped."""
        if self.since is not None:
            return self.since
        return since_instant(self.settings.get("NEWSBOT_SINCE"))

    # --- article pages -------------------------------------------------------------------------------

    def room_for_more(self) -> bool:
        return self.max_items is None or self.article_requests < self.max_items

    def article_request(self, url: str) -> scrapy.Request | None:
        """A request for one article page, or None once --max-items pages are queued."""
        if not self.room_for_more():
            return None
        self.article_requests += 1
        return scrapy.Request(url, callback=self.parse_article, errback=self.on_article_error)

    def on_article_error(self, failure: Failure) -> None:
        """An article page larger than DOWNLOAD_MAXSIZE is what it is, every run: dropped by reason, not an
        error that would flag the site for a human forever. Other failures are errors."""
        if failure_reason(failure) == "too_large":
            self.too_large(failure.request.url, describe_failure("too_large", self.settings))
        else:
            self.on_request_error(failure)

    def too_large(self, url: str, why: str) -> None:
        """Never read, never stored in part: one line per page (they are rare), counted under too-large."""
        self.count("dropped")
        self.count("dropped/too-large")
        self.logger.warning("%s: %s: skipped, %s", self.site.name, url, why)

    def article_requests_for(
        self, urls: list[str], dates: list[datetime | None] | None = None
    ) -> Iterator[scrapy.Request]:
        """Requests for the wanted article pages among `urls` (known ones are counted as skipped)."""
        for url, published in zip(urls, dates or [None] * len(urls), strict=True):
            if absolute_url(url, url) is None:  # from a listing or a REST page: no URL at all
                self.count("skipped/bad_url")
                continue
            if urlsplit(url).scheme.lower() not in FETCHED_SCHEMES:
                # A feed or sitemap entry pointing at file:, data:, ftp: or s3: is never fetched (no handler either).
                self.count("skipped/not_http")
                self.logger.warning("%s: skipped %s: newsbot fetches http and https only", self.site.name, url[:80])
                continue
            if not self.wanted(url, published):
                self.count("skipped_known")
                continue
            request = self.article_request(url)
            if request is None:
                return
            yield request

    def lang_hint(self) -> str | None:
        return self.site.languages[0] if len(self.site.languages) == 1 else None

    def parse_article(self, response: Response) -> Output:
        limit = self.settings.getint("NEWSBOT_MAX_ARTICLE_BYTES")
        if limit and len(response.body) > limit:
            self.too_large(response.url, f"{len(response.body) / 2**20:.1f} MiB, more than an article page may be "
                                         f"({limit / 2**20:g} MiB, NEWSBOT_MAX_ARTICLE_BYTES)")
            return
        fetched_at = self.fetch_time()
        verdict, article = read_article(
            response.body, url=response.url, site=self.site, lang=self.lang_hint(), fetched_at=fetched_at,
            headers_encoding=response.headers.get("Content-Type", b"").decode("latin-1") or None,
        )
        if article is None:
            self.drop(verdict.reason or "no-article", response.url, verdict.detail)
            return
        if not self.take_item():
            return
        for note in verdict.notes:
            self.note(note, response.url)
        article.raw = raw_page(response, site=self.site, lang=article.lang, fetched_at=fetched_at)
        yield article

    def count_first(self, key: str, n: int = 1) -> bool:
        """Counts `key`; True the first time, when the log should say it."""
        self.count(key, n)
        if key in self.said:
            return False
        self.said.add(key)
        return True

    def note(self, what: str, url: str) -> None:
        """Something done to a stored page (a repair): counted, logged once per kind."""
        if self.count_first(f"pages/{what}"):
            self.logger.warning("%s: %s %s (stored; more pages like it are only counted)", self.site.name,
                                what.replace("-", " "), url)

    def drop(self, reason: str, url: str, detail: str = "") -> None:
        """A page that is not an article: counted by reason, logged once per reason, never stored."""
        self.count("dropped")
        if self.count_first(f"dropped/{reason}"):
            self.logger.warning("%s: dropped %s: %s (%s); more pages like it are only counted", self.site.name,
                                url, reason, detail)

    # --- feeds ---------------------------------------------------------------------------------------

    def feed_request(self, url: str, probe: bool = True) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse_feed, errback=self.on_step_error if probe
                              else self.on_request_error, cb_kwargs={"probe": probe})

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

    def usable(self, entries: list[Entry]) -> list[tuple[datetime | None, Entry]]:
        """The entries that can be followed, each with its date as an instant. One that cannot costs only
        itself (`skipped/bad_url`); a date that cannot be read costs nothing (`entries/unreadable_date`: the
        entry is taken as undated)."""
        found = []
        for entry in entries:
            if entry.problem:
                if self.count_first(f"skipped/{entry.problem.replace('-', '_')}"):
                    self.logger.warning("%s: skipped a listed link that is no URL: %r; more like it are only "
                                        "counted", self.site.name, entry.url[:80])
                continue
            found.append((self.entry_date(entry), entry))
        return found

    def entry_date(self, entry: Entry) -> datetime | None:
        try:
            when = entry_time(entry, self.site.timezone)
        except (ValueError, OverflowError, ArithmeticError, LookupError):
            when = None
        if when is None and entry.date and self.count_first("entries/unreadable_date"):
            self.logger.warning("%s: unreadable date %r for %s, taken as undated; more like it are only counted",
                                self.site.name, entry.date[:60], entry.url[:80])
        return when

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
        yield from self.article_requests_for([url for _, url in fresh], [t for t, _ in fresh])

    # --- sitemaps ------------------------------------------------------------------------------------

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
        yield from self.article_requests_for([e.url for _, e in dated], [t for t, _ in dated])
        yield from self.next_sitemap()

    def sitemap_trap(self, url: str, children: int) -> None:
        """An index nested past NEWSBOT_MAX_SITEMAP_DEPTH: its children are cut, counted like the other traps."""
        if self.count_first("trap/sitemap_depth", children):
            self.logger.warning("%s: %s: not followed, a sitemap index nested more than %d deep; more like it "
                                "are only counted (newsbot/trap/sitemap_depth)", self.site.name, url,
                                self.settings.getint("NEWSBOT_MAX_SITEMAP_DEPTH"))

    # --- listing pages -------------------------------------------------------------------------------

    def listing_request(self, url: str, page: int = 1, probe: bool = True) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse_listing, errback=self.on_step_error if probe
                              else self.on_request_error, cb_kwargs={"page": page, "first": url, "probe": probe})

    def parse_listing(self, response: Response, page: int, first: str, probe: bool = True) -> Output:
        links = listing_links(response.body, response.url, selector=self.site.links,
                              article_path=self.site.article_path, hosts=self.allowed_domains,
                              encoding=self.site.encoding)
        if not links:
            if probe:
                yield from self.advance("no article links on the listing page")
            elif page == 1:
                self.nothing_listed(response.url, "no article links on the listing page (a changed selector?)")
            return
        if probe:
            self.chose(f"the listing {response.url}")
        self.count("list_pages")
        fresh = [link for link in links if link not in self.seen_links]
        self.seen_links.update(fresh)
        yield from self.article_requests_for(fresh)
        if not fresh:  # a site that answers any page number with the same page
            self.count("stopped/repeated_page")
            return
        if not any(self.wanted(link) for link in fresh):
            # Newest first: a page of archived articles means the pages below hold only older ones.
            self.count("stopped/known")
            return
        if not self.site.paginate or not self.room_for_more():
            return
        if page >= self.settings.getint("NEWSBOT_MAX_LISTING_PAGES"):
            self.count("stopped/max_listing_pages")
            self.logger.info("%s: stopped at listing page %d (NEWSBOT_MAX_LISTING_PAGES)", self.site.name, page)
            return
        following = next_page(response.body, response.url, self.site.next_page)
        if following is None and self.site.page_param:
            following = with_query(first, **{self.site.page_param: page + 1})
        if following is not None:
            yield self.listing_request(following, page + 1, probe=False)
