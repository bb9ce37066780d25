"""Scrapy settings for newsbot. Every changed default says why; URLs and secrets come from the environment."""

from __future__ import annotations

import os

from newsbot import __version__
from newsbot.items import FEED_FIELDS

BOT_NAME = "newsbot"
SPIDER_MODULES = ["newsbot.spiders"]
NEWSPIDER_MODULE = "newsbot.spiders"

# Honest identification: site operators can see who we are and reach whoever runs this installation.
NEWSBOT_CONTACT = os.environ.get("NEWSBOT_CONTACT", "set NEWSBOT_CONTACT to an e-mail or URL")
USER_AGENT = os.environ.get(
    "NEWSBOT_USER_AGENT", f"newsbot/{__version__} (news archive for research; contact: {NEWSBOT_CONTACT})"
)

# Politeness. Scrapy's default is to ignore robots.txt and send 8 requests at a time per domain.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS_PER_DOMAIN = 1
# Government portals are slow and shared with citizens: one request a second at most, slower if they are.
DOWNLOAD_DELAY = float(os.environ.get("NEWSBOT_DOWNLOAD_DELAY", "1.0"))
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = DOWNLOAD_DELAY
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# News pages answer in seconds or not at all; Scrapy's 180 s default stalls a cron run for minutes.
DOWNLOAD_TIMEOUT = 30
# API pages and articles are small; a 1 GiB default would let a broken server fill memory.
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
# Compressed answers count decompressed: Scrapy's HttpCompressionMiddleware stops inflating at DOWNLOAD_MAXSIZE,
# so a gzip, deflate or br bomb costs at most that much memory (brotli is a dependency of Scrapy itself).
# An article page larger than this is not read: extraction costs about 2 s per MiB of HTML in the one thread
# that also runs every download, and no news article is that large (measured on a 30,000-paragraph page).
NEWSBOT_MAX_ARTICLE_BYTES = 4 * 1024 * 1024
# A body cut short (fewer bytes than its Content-Length, a chunked body never ended) is a failed download,
# retried, never a page (Scrapy's default, kept on purpose: a truncated article must not be archived).
DOWNLOAD_FAIL_ON_DATALOSS = True
# 5xx and timeouts on gov.kz are usually transient: a few more tries than Scrapy's 2.
RETRY_TIMES = 3

# Items of one response go through the pipelines one at a time. Scrapy starts CONCURRENT_ITEMS asyncio tasks for
# every response (100 by default, for an article page's one item), and newsbot's pipelines never wait, so that
# parallelism bought nothing and cost a third of a crawl's speed (bench/crawl_bench.py, 2,000 pages: 144 against
# 216 articles/s). A project adding a pipeline that awaits I/O may raise it.
CONCURRENT_ITEMS = 1

# Nobody should be able to drive a running crawl from outside: no telnet console, no remote-control server.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

# Scrapy does not verify TLS certificates by default; we do (against the system's trust store), so that a crawl
# cannot be fed by whoever sits on the path. A site with a broken chain gets a documented exception in sites.toml
# ([x.tls] verify = false, reason): its spider turns verification off for its own crawl only (NewsSpider).
DOWNLOAD_VERIFY_CERTIFICATES = True
# News is fetched over HTTP(S) only: a link or redirect to file://, data:, s3:// or ftp:// must not read local
# files or other stores (Scrapy enables all of these by default).
DOWNLOAD_HANDLERS = {"file": None, "data": None, "s3": None, "ftp": None}

# Cookies stay on: gov.kz's access ticket is a cookie (newsbot/middlewares/govkz_access.py).
COOKIES_ENABLED = True

DOWNLOADER_MIDDLEWARES = {
    # Scrapy's cookie handling with the public suffix list it ships offline (newsbot/middlewares/offline_cookies.py)
    # in the stock one's place (700): the stock one downloads the list from GitHub on first use.
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": None,
    "newsbot.middlewares.offline_cookies.OfflineCookiesMiddleware": 700,
    # Below CookiesMiddleware (700), so the ticket's cookie is stored before the refused request is retried.
    "newsbot.middlewares.govkz_access.GovKzAccessMiddleware": 650,
    # Above RetryMiddleware (550): Scrapy retries 429/503 at once; a site's Retry-After is honoured first.
    "newsbot.middlewares.retry_after.RetryAfterMiddleware": 560,
    # Traps (newsbot/middlewares/traps.py): URL shapes checked before robots.txt is even asked (100); redirect
    # loops and chains seen before RedirectMiddleware (600) follows them.
    "newsbot.middlewares.traps.UrlTrapMiddleware": 60,
    "newsbot.middlewares.traps.RedirectTrapMiddleware": 610,
    # Last before the download (after DownloaderStats, 850), so a request holds its host's shared permit only
    # while it is really on the wire; off unless NEWSBOT_HOST_LIMITER names a Redis server.
    "newsbot.middlewares.host_limiter.HostLimiterMiddleware": 950,
}
# Workers on several machines keep one request in flight per host and the delay between them through this Redis
# server (`newsbot worker` sets it to its queue's); one process alone needs nothing beyond Scrapy's own slots.
NEWSBOT_HOST_LIMITER = os.environ.get("NEWSBOT_HOST_LIMITER") or None
# The name run records give the process (host:pid by default); a queue worker passes its own down to its crawls.
NEWSBOT_WORKER = os.environ.get("NEWSBOT_WORKER") or None
# Article pages are read (decoded, judged, extracted, cleaned) in this many processes beside the crawl's own, once
# NEWSBOT_PAGE_POOL_AFTER pages have been read in it: a long crawl's page path then runs off the reactor's thread,
# on every core, while a short one (a cron run's few new pages) starts no process. Empty: one per core; 0: none.
NEWSBOT_PAGE_PROCESSES = os.environ.get("NEWSBOT_PAGE_PROCESSES", "")
NEWSBOT_PAGE_POOL_AFTER = 200
# ... and only if those pages took at least this long each: sending a page and its Article between processes costs
# the crawl about 0.3 ms, so cheaper pages are read faster where they are.
NEWSBOT_PAGE_POOL_MIN_MS = 1.0
SPIDER_MIDDLEWARES = {
    # UrlTrapMiddleware checks the length of every request, redirects included, and counts the cut by name;
    # Scrapy's own check sees only what spiders yield and counts it under a stat nobody reads.
    "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None,
}
# A news page is one or two redirects away (http → https, a moved slug); Scrapy's 20 (Firefox's) only lets
# a redirect chain trap a request longer.
REDIRECT_MAX_TIMES = 5
# A path naming one segment more often than this is relative links resolved against themselves
# (/news/news/news/news/): a trap, not a page. Dates repeat a segment twice at most (/2025/07/07/).
NEWSBOT_MAX_SEGMENT_REPEATS = 3
# Sets of query parameter names per path: paging (?page=N) is one; filters multiplying (?page=2&sort=a&view=...)
# make many. A news list needs a handful.
NEWSBOT_MAX_QUERY_SHAPES = 8
# Sitemap indexes nested deeper than this are a generated trap: the protocol allows none (an index lists
# sitemaps), big sites nest one level (index → per-month index → sitemaps).
NEWSBOT_MAX_SITEMAP_DEPTH = 3
# The longest Retry-After we wait for; a site asking for more gets retried after this (then given up on).
NEWSBOT_MAX_RETRY_AFTER = 120.0

# One job each, in this order: cut the site's boilerplate from the body (the page module cleaned the rest), parse
# dates, validate, store.
ITEM_PIPELINES = {
    "pipelines.boilerplate.BoilerplatePipeline": 100,
    "pipelines.dates.DatesPipeline": 200,
    "pipelines.validate.ValidatePipeline": 300,
    "pipelines.store.StorePipeline": 900,
}

# The archive: a path or an SQLAlchemy URL (`newsbot crawl --db`, or the NEWSBOT_DB variable).
NEWSBOT_DB = os.environ.get("NEWSBOT_DB", "data/archive.sqlite")
# Articles written per transaction: a killed run loses at most this many, which the next run fetches again.
NEWSBOT_BATCH_SIZE = 50
NEWSBOT_GOVKZ_PAGE_SIZE = 20
# A bound on list pages per language, so that a site answering pages forever cannot trap a run.
NEWSBOT_MAX_LIST_PAGES = 2000

# Articles published within this many days are re-read even when archived, so that an edit becomes a new
# version (`newsbot crawl --recheck-days`).
NEWSBOT_RECHECK_DAYS = int(os.environ.get("NEWSBOT_RECHECK_DAYS", "7"))

FEED_EXPORT_ENCODING = "utf-8"
# `scrapy crawl … -O file`: the article's fields without the fetched response and the raw body (bytes and
# whole pages, which no feed format wants); instants are written as ISO 8601 (items.py, field serializers).
FEED_EXPORT_FIELDS = FEED_FIELDS
LOG_LEVEL = "INFO"
# One line per dropped item (URL and reason) instead of Scrapy's dump of the whole item.
LOG_FORMATTER = "newsbot.logformatter.NewsbotLogFormatter"

EXTENSIONS = {"newsbot.extensions.progress.TerminalProgress": 500}
# `newsbot crawl` turns this on; `scrapy crawl` keeps Scrapy's own log lines instead.
NEWSBOT_PROGRESS = False

# A bound on listing pages (html kind, and listing fallbacks), so that endless paging cannot trap a run.
NEWSBOT_MAX_LISTING_PAGES = 50
# An ISO date: feed items and sitemap entries dated earlier are skipped (empty: take everything).
NEWSBOT_SINCE = ""
