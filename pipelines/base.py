"""What the pipelines share: Scrapy builds each from the crawler, which gives settings, stats and the spider."""

from __future__ import annotations

from typing import Self

from scrapy.crawler import Crawler


class CrawlerPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def count(self, key: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"newsbot/{key}", n)
