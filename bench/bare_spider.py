"""The crawl benchmark's reference: plain Scrapy downloading the same sitemap and pages, doing nothing else.

    .venv/bin/python bench/bare_spider.py http://127.0.0.1:PORT --stats stats.json -s DOWNLOAD_DELAY=0 ...

Scrapy's own SitemapSpider: robots.txt → sitemap index → sitemaps → article pages, whose callback does nothing.
No item pipelines, no extensions or middlewares of newsbot; the download settings are newsbot's own (robots.txt
obeyed, per-domain concurrency, timeouts, retries, User-Agent) with the same `-s` overrides as the newsbot run,
so the difference between the two is what newsbot does with a page: extraction, cleaning, dates, storage.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.http import Response
from scrapy.settings import Settings
from scrapy.spiders import SitemapSpider

from newsbot import settings as newsbot_settings

# newsbot's settings that decide how pages are downloaded; nothing that processes them.
DOWNLOAD_SETTINGS = (
    "USER_AGENT", "ROBOTSTXT_OBEY", "CONCURRENT_REQUESTS_PER_DOMAIN", "DOWNLOAD_DELAY", "AUTOTHROTTLE_ENABLED",
    "AUTOTHROTTLE_START_DELAY", "AUTOTHROTTLE_TARGET_CONCURRENCY", "DOWNLOAD_TIMEOUT", "DOWNLOAD_MAXSIZE",
    "DOWNLOAD_WARNSIZE", "RETRY_TIMES", "TELNETCONSOLE_ENABLED", "COOKIES_ENABLED", "LOG_LEVEL",
)


class BareSitemapSpider(SitemapSpider):
    name = "bare"

    def __init__(self, origin: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sitemap_urls = [f"{origin.rstrip('/')}/robots.txt"]

    def parse(self, response: Response) -> None:
        """The page is downloaded; the reference only counts it."""
        self.crawler.stats.inc_value("bare/pages")


def settings_for(overrides: list[str]) -> Settings:
    settings = Settings({name: getattr(newsbot_settings, name) for name in DOWNLOAD_SETTINGS})
    for pair in overrides:
        name, _, value = pair.partition("=")
        settings.set(name, value, priority="cmdline")
    return settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("origin")
    parser.add_argument("--stats", type=Path, required=True, help="the crawl's Scrapy stats go here, as JSON")
    parser.add_argument("-s", dest="overrides", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args()
    process = CrawlerProcess(settings_for(args.overrides))
    crawler = process.create_crawler(BareSitemapSpider)
    process.crawl(crawler, origin=args.origin)
    process.start()
    args.stats.write_text(json.dumps(crawler.stats.get_stats(), default=str, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
