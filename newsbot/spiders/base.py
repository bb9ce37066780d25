"""What every newsbot spider shares: the site it crawls, run bounds, and one-line failure reports."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit

import scrapy
from itemadapter import ItemAdapter
from scrapy import exceptions as scrapy_errors
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from sqlalchemy import Engine
from twisted.internet import error as twisted_errors
from twisted.python.failure import Failure

from newsbot import signals as newsbot_signals
from newsbot.archive.runs import ESCAPED_ERRORS
from newsbot.archive.state import WalkState, known_keys, save_walk_state, walk_state
from newsbot.dates.zones import parse_instant
from newsbot.items import RawPage
from newsbot.middlewares.traps import TrapCut
from newsbot.sites import Site, resolve_site
from newsbot.spiders.incremental import Walk, WalkPolicy


def failure_reason(failure: Failure) -> str:
    """A short, stable name for why a request failed: used in log lines and as a stats key."""
    if is_too_large(failure):
        return "too_large"
    if failure.check(HttpError):
        return f"http_{failure.value.response.status}"
    if failure.check(scrapy_errors.DownloadTimeoutError, twisted_errors.TimeoutError, twisted_errors.TCPTimedOutError):
        return "timeout"
    if failure.check(scrapy_errors.CannotResolveHostError, twisted_errors.DNSLookupError):
        return "dns"
    if failure.check(scrapy_errors.DownloadConnectionRefusedError, twisted_errors.ConnectionRefusedError):
        return "connection_refused"
    if failure.check(scrapy_errors.ResponseDataLossError):
        return "data_loss"
    if failure.check(scrapy_errors.DownloadFailedError) and "certificate verify failed" in str(failure.value):
        # DOWNLOAD_VERIFY_CERTIFICATES: the site's chain does not lead to a trusted root (or names another host).
        return "certificate_not_trusted"
    return failure.type.__name__ if failure.type else "unknown"


def is_too_large(failure: Failure) -> bool:
    """The answer was larger than DOWNLOAD_MAXSIZE: announced or received (the download handler cancels it; it
    cancels for nothing else, a timeout being its own error), or decompressed (HttpCompressionMiddleware)."""
    if failure.check(scrapy_errors.DownloadCancelledError):
        return True
    return bool(failure.check(scrapy_errors.IgnoreRequest)) and "DOWNLOAD_MAXSIZE" in str(failure.value)


def describe_failure(reason: str, settings: Any) -> str:
    """The reason in words a person understands, for the one log line of a failure."""
    if reason == "too_large":
        return f"larger than {settings.getint('DOWNLOAD_MAXSIZE') / 2**20:g} MiB (DOWNLOAD_MAXSIZE)"
    if reason.startswith("http_"):
        return f"the site answered HTTP {reason.removeprefix('http_')}"
    return {
        "timeout": f"no complete answer within {settings.getfloat('DOWNLOAD_TIMEOUT'):g} s",
        "data_loss": "the connection closed before the whole page arrived",
        "connection_refused": "the site refused the connection",
        "dns": "the host name does not resolve",
        "certificate_not_trusted": "its TLS certificate is not trusted (a site's exception goes in sites.toml)",
    }.get(reason, reason)


FETCHED_SCHEMES = ("http", "https")


def off_http_redirect(failure: Failure) -> str | None:
    """The target of a redirect to a scheme we never fetch (file:, data:, ftp:...), which Scrapy left unfollowed."""
    if not failure.check(HttpError):
        return None
    response = failure.value.response
    location = response.headers.get("Location", b"").decode("latin-1").strip()
    if 300 <= response.status < 400 and location and urlsplit(location).scheme.lower() not in FETCHED_SCHEMES:
        return location
    return None


def since_instant(value: str | date | datetime | None) -> datetime | None:
    """`--since 2025-01-01` as an aware instant (a date is its start in UTC)."""
    if value in (None, ""):
        return None
    if isinstance(value, str):
        return parse_instant(value)
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _header_text(value: bytes) -> str:
    """A header as text: UTF-8, else latin-1 (every byte kept), as servers send cp1251 cookies and file names."""
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("latin-1")


def raw_page(response: Response, *, site: Site, lang: str | None, fetched_at: datetime,
             listed_in: str | None = None) -> RawPage:
    """The response as the archive keeps it for reprocessing."""
    headers = {_header_text(key): _header_text(b",".join(values)) for key, values in response.headers.items()}
    return RawPage(url=response.url, status=response.status, headers=headers, body=response.body,
                   fetched_at=fetched_at, site=site.name, kind=site.kind, lang=lang, listed_in=listed_in)


class NewsSpider(scrapy.Spider):
    """Base for the kind spiders. `site` is a registry name or spec (`mfa`, `govkz:economy`).

    Incremental walks, for every kind with a newest-first listing (API pages, feeds, WordPress, HTML lists):
    start one list request per `self.walks(lang)`; on each list page compute `(article_keys(url, id),
    published)` per entry, take the entries `self.policy.wanted(walk, keys, published)` (fetch them, or yield
    them when the list carries them whole), call `self.page_done(walk, page, last_item)` before yielding the
    page's last item, follow the next page while `self.policy.walk_on(walk, entries)`, and call
    `self.walk_ended(walk)` at the end of the list. The spider opens nothing: the store pipeline opens the archive
    once the crawl starts and announces it (newsbot.signals.archive_opened), then each committed batch
    (items_committed); without it (no store in ITEM_PIPELINES) a walk starts as on an empty archive.
    """

    kind: str = ""

    def __init__(
        self,
        site: str | Site = "mfa",
        base_url: str | None = None,
        lang: str | None = None,
        max_items: int | str | None = None,
        backfill: bool | str = False,
        since: str | date | datetime | None = None,
        recheck_days: int | str | None = None,
        **kwargs: Any,
    ) -> None:
        resolved = resolve_site(site, base_url=base_url, lang=lang)
        if resolved.kind != self.kind:
            raise ValueError(f"site {resolved.name!r} is of kind {resolved.kind!r}, not {self.kind!r}")
        super().__init__(name=self.name, **kwargs)
        self.site = resolved
        # Offsite links and redirects to other hosts are dropped unless the registry allows the host.
        self.allowed_domains = [urlsplit(resolved.origin).hostname or "", *resolved.allowed_domains]
        self.max_items = int(max_items) if max_items not in (None, "") else None
        self.items_emitted = 0
        self.backfill = backfill not in (False, "", "0", "false", "no", None)
        self.since = since_instant(since)
        self.recheck_days = int(recheck_days) if recheck_days not in (None, "") else None
        self.policy = WalkPolicy(backfill=self.backfill, since=self.since, recheck_after=datetime.now(UTC))
        self.walk_states: dict[str, WalkState] = {}
        # The archive the store opened for this crawl (newsbot.signals.archive_opened), for the walk's progress.
        self.archive: Engine | None = None
        self.walked_to_end: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        assert isinstance(spider, NewsSpider)
        if spider.site.delay is not None:
            # A registry politeness override (it always says why in sites.toml): Scrapy's per-host download
            # slot for this site's host gets its own delay, still one request at a time.
            host = urlsplit(spider.site.origin).hostname or ""
            slots = dict(crawler.settings.getdict("DOWNLOAD_SLOTS"))
            slots[host] = {"concurrency": 1, "delay": spider.site.delay}
            crawler.settings.set("DOWNLOAD_SLOTS", slots, priority="spider")
        if not spider.site.tls_verify:
            # The registry documents why this site's certificate does not verify (sites.toml [x.tls]). Each site
            # is its own crawler with its own download handler, so this reaches no other site of the run (and
            # offsite filtering keeps this one on its origin and allowed_domains).
            crawler.settings.set("DOWNLOAD_VERIFY_CERTIFICATES", False, priority="spider")
            spider.logger.info("%s: TLS certificates not verified: %s", spider.site.name, spider.site.tls_reason)
        # A bug that escapes a callback or a pipeline loses a page: an error of the run, never a silent loss.
        crawler.signals.connect(spider.on_callback_error, signal=signals.spider_error)
        crawler.signals.connect(spider.on_item_error, signal=signals.item_error)
        crawler.signals.connect(spider.prepare_walks, signal=newsbot_signals.archive_opened)
        crawler.signals.connect(spider.items_committed, signal=newsbot_signals.items_committed)
        return spider

    # Incremental walks (newsbot/spiders/incremental.py): what is archived is read once, here.

    def prepare_walks(self, archive: Engine) -> None:
        """The store opened the archive, before the first request: read what the walks start from."""
        days = self.recheck_days if self.recheck_days is not None else self.settings.getint("NEWSBOT_RECHECK_DAYS")
        self.policy.recheck_after = datetime.now(UTC) - timedelta(days=days)
        self.archive = archive
        for lang in self.site.languages:
            self.policy.known[lang] = known_keys(archive, self.site.name, lang)
            self.walk_states[lang] = walk_state(archive, self.site.name, lang)

    def walks(self, lang: str) -> list[tuple[Walk, int]]:
        """The walks of one language this run starts, each with its first list page."""
        return self.policy.walks(lang, self.walk_states.get(lang, WalkState()))

    def page_done(self, walk: Walk, page: int, last_item: Any | None) -> None:
        """A list page's items are all yielded: once the last is committed, a killed walk resumes after it."""
        if walk.checkpointed and last_item is not None:
            ItemAdapter(last_item)["completes"] = (walk.lang, page)

    def walk_ended(self, walk: Walk) -> None:
        """The walk reached the end of the list."""
        if walk.checkpointed:
            self.walked_to_end.add(walk.lang)

    def items_committed(self, items: list[Any]) -> None:
        """A batch is committed (newsbot.signals.items_committed): record the list pages it completes."""
        for item in items:
            completes = ItemAdapter(item).get("completes")
            if completes is not None and self.archive is not None:
                lang, page = completes
                save_walk_state(self.archive, self.site.name, lang, datetime.now(UTC), last_page=page)

    def closed(self, reason: str) -> None:
        if self.archive is None:
            return
        stats = self.crawler.stats
        if any(stats.get_value(f"newsbot/{key}") for key in ("archive/write_errors", *ESCAPED_ERRORS)):
            self.walked_to_end.clear()  # some articles were not stored: the next run walks again
        for lang in sorted(self.walked_to_end):
            save_walk_state(self.archive, self.site.name, lang, datetime.now(UTC), last_page=None,
                            walked_to_end_at=datetime.now(UTC))

    @staticmethod
    def fetch_time() -> datetime:
        """The fetch time stamped on items; page modules take it as an argument and never read a clock."""
        return datetime.now(UTC)

    def take_item(self) -> bool:
        """Whether one more item fits under --max-items; counts it when it does."""
        if self.max_items is not None and self.items_emitted >= self.max_items:
            return False
        self.items_emitted += 1
        return True

    def count(self, key: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"newsbot/{key}", n)

    def on_callback_error(self, failure: Failure, response: Response | Failure, spider: scrapy.Spider) -> None:
        """An exception escaped a callback (Scrapy has logged it in one line): what that page held is lost for
        this run, so the run counts an error (exit 1, `health` flags it) and the next run fetches it again."""
        self.count_escaped("callback", failure)

    def on_item_error(self, item: Any, response: Response | None, spider: scrapy.Spider, failure: Failure) -> None:
        """An exception escaped an item pipeline: the item is not archived this run."""
        self.count_escaped("pipeline", failure)

    def count_escaped(self, where: str, failure: Failure) -> None:
        self.count("errors")
        self.count(f"errors/{where}")
        self.count(f"errors/{where}/{failure.type.__name__ if failure.type else 'unknown'}")

    def on_request_error(self, failure: Failure) -> None:
        """Errback: Scrapy has already retried what is worth retrying; report the rest in one line."""
        if failure.check(TrapCut):
            return  # counted and logged where it was cut (newsbot/middlewares/traps.py)
        if failure.check(scrapy_errors.IgnoreRequest) and not failure.check(HttpError) and not is_too_large(failure):
            # robots.txt forbids it, or it leads off the site: skipping it is the polite outcome, not a failure.
            self.count("skipped/ignored")
            self.logger.info("%s: skipped %s (%s)", self.site.name, failure.request.url, failure.value)
            return
        if target := off_http_redirect(failure):
            # A page that sends us to a local file or another store: refused, counted, not a site failure.
            self.count("skipped/not_http")
            self.logger.warning("%s: skipped %s: it redirects to %s, which newsbot never fetches", self.site.name,
                                failure.request.url, target[:80])
            return
        reason = failure_reason(failure)
        self.count("errors")
        self.count(f"errors/{reason}")
        tries = failure.request.meta.get("retry_times", 0) + 1
        self.logger.error("%s: %s %s failed: %s (%s), after %d %s", self.site.name, failure.request.method,
                          failure.request.url, reason, describe_failure(reason, self.settings), tries,
                          "try" if tries == 1 else "tries")
