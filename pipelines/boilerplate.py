"""Boilerplate: the blocks `newsbot boilerplate` found repeated across the site's pages leave the body.

The page module cleaned the body already (structure, phrases, sanitising); only this needs the archive."""

from __future__ import annotations

from typing import Any

from newsbot.archive.boilerplate import enabled_keys
from newsbot.processing import cut_boilerplate
from pipelines.base import CrawlerPipeline


class BoilerplatePipeline(CrawlerPipeline):
    site_blocks: frozenset[str] = frozenset()

    def open_spider(self) -> None:
        # Read through the archive the spider opened at start for its incremental walk (a second engine on
        # the same file is not needed).
        spider = self.crawler.spider
        self.site_blocks = enabled_keys(spider.archive, spider.site.name)

    def process_item(self, item: Any) -> Any:
        cut_boilerplate(item, self.site_blocks)
        return item
