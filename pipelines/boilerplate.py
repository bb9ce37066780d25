"""Boilerplate: the blocks `newsbot boilerplate` found repeated across the site's pages leave the body.

The page module cleaned the body already (structure, phrases, sanitising); only this needs the archive."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from sqlalchemy import Engine

from newsbot.archive.boilerplate import enabled_keys
from newsbot.processing import cut_boilerplate
from newsbot.signals import archive_opened
from pipelines.base import CrawlerPipeline


class BoilerplatePipeline(CrawlerPipeline):
    site_blocks: frozenset[str] = frozenset()

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        crawler.signals.connect(self.read_site_blocks, signal=archive_opened)

    def read_site_blocks(self, archive: Engine) -> None:
        # The site's repeated blocks that `newsbot boilerplate` found, read through the archive the store
        # opened for the crawl (a second engine on the same file is not needed).
        self.site_blocks = enabled_keys(archive, self.crawler.spider.site.name)

    def process_item(self, item: Any) -> Any:
        cut_boilerplate(item, self.site_blocks)
        return item
