"""Clean: the raw body becomes safe HTML and plain text, with the page chrome gone."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter

from newsbot.cleaning import clean_body, normalize_title
from pipelines.base import CrawlerPipeline


class CleanPipeline(CrawlerPipeline):
    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        adapter["title"] = normalize_title(adapter.get("title"))
        body = clean_body(adapter.get("raw_html") or "")
        adapter["html"] = body.html
        adapter["text"] = body.text
        return item
