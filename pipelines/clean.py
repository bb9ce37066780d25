"""Clean: the raw body becomes safe HTML and plain text, with the page chrome gone."""

from __future__ import annotations

from typing import Any

from newsbot.archive.boilerplate import enabled_keys
from newsbot.processing import clean_item
from pipelines.base import CrawlerPipeline


class CleanPipeline(CrawlerPipeline):
    site_blocks: frozenset[str] = frozenset()

    def open_spider(self) -> None:
        # The site's repeated blocks that `newsbot boilerplate` found, read through the archive the spider
        # opened at start for its incremental walk (a second engine on the same file is not needed).
        spider = self.crawler.spider
        self.site_blocks = enabled_keys(spider.archive, spider.site.name)

    def process_item(self, item: Any) -> Any:
        clean_item(item, self.site_blocks)
        return item
