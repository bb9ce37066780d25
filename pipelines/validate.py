"""Validate: an item without what every record needs is dropped, with its reason counted."""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import DropItem

from newsbot.processing import missing_field
from pipelines.base import CrawlerPipeline


class ValidatePipeline(CrawlerPipeline):
    def process_item(self, item: Any) -> Any:
        reason = missing_field(item)
        if reason:
            self.count("dropped")
            self.count(f"dropped/{reason}")
            raise DropItem(reason)
        return item
