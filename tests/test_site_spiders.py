"""Spider set-up from the registry, without crawling: hosts, download slots, start URLs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from scrapy.crawler import Crawler
from scrapy.settings import Settings

from newsbot.settings import DOWNLOADER_MIDDLEWARES
from newsbot.sites import registry, resolve_site
from newsbot.spiders import SPIDERS_BY_KIND
from newsbot.spiders.auto import AutoSpider
from newsbot.spiders.mixins.wordpress_rest import WordPressRest
from newsbot.spiders.web import WebSpider, with_query
from newsbot.spiders.wordpress import WordPressSpider


def spider_for(site_name: str, **settings: object):  # type: ignore[no-untyped-def]
    site = registry()[site_name]
    crawler = Crawler(SPIDERS_BY_KIND[site.kind], Settings({"NEWSBOT_SINCE": "", **settings}))
    crawler.spider = crawler.spidercls.from_crawler(crawler, site=site)
    return crawler


def test_registry_delay_becomes_a_download_slot_of_the_sites_host() -> None:
    crawler = spider_for("mid")
    assert crawler.settings.getdict("DOWNLOAD_SLOTS") == {"mid.ru": {"concurrency": 1, "delay": 3.0}}
    assert spider_for("akorda").settings.getdict("DOWNLOAD_SLOTS") == {}


def test_allowed_domains_come_from_the_origin_and_the_registry() -> None:
    site = replace(registry()["jana-kezen"], allowed_domains=("cdn.jana-kezen.kz",))
    spider = WordPressSpider(site=site)
    assert spider.allowed_domains == ["jana-kezen.kz", "cdn.jana-kezen.kz"]


def test_wordpress_asks_for_newest_posts_and_since() -> None:
    crawler = spider_for("jana-kezen", NEWSBOT_SINCE="2025-01-01")
    url = crawler.spider.posts_url(2)
    assert url == ("https://jana-kezen.kz/wp-json/wp/v2/posts?per_page=100&page=2&orderby=date&order=desc"
                   "&after=2025-01-01T00%3A00%3A00%2B00%3A00")
    assert crawler.spider.posts_url(1, rest_route=True).startswith(
        "https://jana-kezen.kz/?rest_route=%2Fwp%2Fv2%2Fposts&per_page=100&page=1")


def test_numbered_listing_pages() -> None:
    assert with_query("https://www.akorda.kz/ru/events", page=3) == "https://www.akorda.kz/ru/events?page=3"
    assert with_query("https://s.kz/news?page=2&x=1", page=3) == "https://s.kz/news?page=3&x=1"


def test_retry_after_sits_above_scrapy_retry() -> None:
    assert DOWNLOADER_MIDDLEWARES["newsbot.middlewares.retry_after.RetryAfterMiddleware"] > 550


def test_building_and_preparing_spiders_touches_no_archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The default archive is ./data/archive.sqlite, the user's own: building a spider must not create or open it.
    monkeypatch.chdir(tmp_path)
    for kind, spidercls in SPIDERS_BY_KIND.items():
        settings = Settings()
        settings.setmodule("newsbot.settings", priority="project")
        settings.set("NEWSBOT_DB", "data/archive.sqlite")
        crawler = Crawler(spidercls, settings)
        site = replace(resolve_site("https://example.com/"), kind=kind, languages=("ru",))
        crawler.spider = spidercls.from_crawler(crawler, site=site)
        # With no archive announced (no store pipeline), a walk starts as on an empty archive.
        assert crawler.spider.walks("ru")
    assert list(tmp_path.iterdir()) == []


def test_every_whole_page_kind_says_where_it_starts_through_steps_only() -> None:
    web_kinds = [spidercls for spidercls in SPIDERS_BY_KIND.values() if issubclass(spidercls, WebSpider)]
    assert {spidercls.kind for spidercls in web_kinds} == {"wordpress", "feed", "sitemap", "html", "auto"}
    for spidercls in web_kinds:
        assert spidercls.start is WebSpider.start
        assert spidercls.steps is not WebSpider.steps
    # auto shares the REST API way in with wordpress as a part, not by being a WordPress spider.
    assert not issubclass(AutoSpider, WordPressSpider)
    assert issubclass(AutoSpider, WordPressRest) and issubclass(WordPressSpider, WordPressRest)


def test_a_feed_site_starts_with_every_feed_of_the_registry_at_once() -> None:
    site = replace(resolve_site("https://example.com/"), kind="feed", feeds=("/rss/ru", "/rss/kk"))
    spider = SPIDERS_BY_KIND["feed"](site=site)
    spider.plan = spider.steps()
    requests = list(spider.advance(None))
    assert [request.url for request in requests] == ["https://example.com/rss/ru", "https://example.com/rss/kk"]
    assert all(request.cb_kwargs == {"probe": False} for request in requests)
    assert spider.plan == []
