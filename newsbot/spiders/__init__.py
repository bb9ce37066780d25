"""Spiders navigate, one per kind of site; extraction lives in newsbot.pages."""

from __future__ import annotations

from newsbot.spiders.auto import AutoSpider
from newsbot.spiders.base import NewsSpider
from newsbot.spiders.feed import FeedSpider
from newsbot.spiders.govkz import GovKzSpider
from newsbot.spiders.html import HtmlSpider
from newsbot.spiders.sitemap import SitemapSpider
from newsbot.spiders.wordpress import WordPressSpider

SPIDERS_BY_KIND: dict[str, type[NewsSpider]] = {
    spider.kind: spider
    for spider in (GovKzSpider, WordPressSpider, FeedSpider, SitemapSpider, HtmlSpider, AutoSpider)
}
