"""Validate: an item without what every record needs is dropped, with its reason counted."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from pipelines.base import CrawlerPipeline

# (field, reason): the first missing field names the drop reason.
REQUIRED = (
    ("url", "no_url"),
    ("site", "no_site"),
    ("lang", "no_lang"),
    ("fetched_at", "no_fetch_time"),
    ("title", "no_title"),
    ("text", "empty_body"),
)


class ValidatePipeline(CrawlerPipeline):
    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        for field, reason in REQUIRED:
            value = adapter.get(field)
            if value is None or (isinstance(value, str) and not value.strip()):
                self.count("dropped")
                self.count(f"dropped/{reason}")
                raise DropItem(reason)
        return item
