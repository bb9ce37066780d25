"""Spiders navigate, one per kind of site; extraction lives in newsbot.pages."""

from __future__ import annotations

from newsbot.spiders.base import NewsSpider
from newsbot.spiders.govkz import GovKzSpider

SPIDERS_BY_KIND: dict[str, type[NewsSpider]] = {spider.kind: spider for spider in (GovKzSpider,)}
