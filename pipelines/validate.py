"""Validate: an item without what every record needs is dropped, with its reason counted."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

# (field, reason): the first missing field names the drop reason.
REQUIRED = (
    ("url", "no_url"),
    ("site", "no_site"),
    ("lang", "no_lang"),
    ("fetched_at", "no_fetch_time"),
    ("title", "no_title"),
    ("text", "empty_body"),
)


class ValidatePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        for field, reason in REQUIRED:
            value = adapter.get(field)
            if value is None or (isinstance(value, str) and not value.strip()):
                self.crawler.stats.inc_value("newsbot/dropped")
                self.crawler.stats.inc_value(f"newsbot/dropped/{reason}")
                raise DropItem(reason)
        return item
