"""The spiders' callbacks on responses built from saved pages, in-process: what each way into a site asks for
next, and what an article page gives. No server and no crawl: a frozen page per site, as city-scrapers tests
its spiders. The real crawls (tests/test_crawl_*.py) check the same steps end to end through the CLI."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import scrapy
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, XmlResponse
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector

from newsbot.items import Article
from newsbot.sites import Site, registry, resolve_site
from newsbot.spiders import SPIDERS_BY_KIND

FIXTURES = Path(__file__).parent / "fixtures"
LISTING_SITES = [site for site in registry().values() if site.listing and site.kind == "html"]


def _registry_site_of(page: Path) -> Site | None:
    """The registry site (whole article pages, not the gov.kz API) a fixture's expected record names."""
    expected = page.with_suffix(".expected.json")
    name = json.loads(expected.read_text(encoding="utf-8")).get("site") if expected.exists() else None
    site = registry().get(name) if name else None
    return site if site is not None and site.kind != "govkz" else None


ARTICLE_PAGES = sorted(page for page in (FIXTURES / "pages").glob("*/*.html") if _registry_site_of(page))


def spider_for(site: Site) -> Any:
    # Not scrapy.utils.test.get_crawler: its settings are frozen, and a spider adds its site's download slot.
    settings = Settings()
    settings.setmodule("newsbot.settings", priority="project")
    settings.set("NEWSBOT_SINCE", "")
    crawler = Crawler(SPIDERS_BY_KIND[site.kind], settings)
    crawler.spider = crawler.spidercls.from_crawler(crawler, site=site)
    crawler.stats = MemoryStatsCollector(crawler)
    return crawler.spider


def collect(outputs: AsyncIterator[Any]) -> list[Any]:
    """What an async callback yields (article pages are read through the crawl's page pool, awaited)."""

    async def gather() -> list[Any]:
        return [output async for output in outputs]

    return asyncio.run(gather())


def requests_to(output: list[Any], callback: Any) -> list[scrapy.Request]:
    return [r for r in output if isinstance(r, scrapy.Request) and r.callback == callback]


@pytest.mark.parametrize("site", LISTING_SITES, ids=lambda site: site.name)
def test_a_listing_page_asks_for_each_article_on_it_and_the_next_page(site: Site) -> None:
    expected = json.loads((FIXTURES / "listings" / f"{site.name}.expected.json").read_text(encoding="utf-8"))
    spider = spider_for(site)
    response = HtmlResponse(expected["url"], body=(FIXTURES / "listings" / f"{site.name}.html").read_bytes(),
                            request=scrapy.Request(expected["url"]))
    output = list(spider.parse_listing(response, page=1, first=expected["url"], probe=False))
    assert [r.url for r in requests_to(output, spider.parse_article)] == expected["links"]
    following = requests_to(output, spider.parse_listing)
    assert [r.url for r in following] == ([expected["next"]] if expected["next"] and site.paginate else [])
    if following:
        assert following[0].cb_kwargs == {"page": 2, "first": expected["next"], "probe": False}
    # A listing is no feed or sitemap: what it links is judged by its own markup.
    assert all(r.cb_kwargs == {"listed_in": None} for r in requests_to(output, spider.parse_article))
    # The same page again (a site that answers every page number with page 1) asks for nothing new.
    assert list(spider.parse_listing(response, page=2, first=expected["url"], probe=False)) == []


def test_a_feed_asks_for_its_entries_as_pages_a_feed_listed() -> None:
    site = registry()["mid"]
    spider = spider_for(site)
    url = site.origin + site.feeds[0]
    items = "".join(f"<item><title>t{n}</title><link>{site.origin}/ru/foreign_policy/news/{n}/</link>"
                    f"<pubDate>Thu, 20 Aug 2026 1{n}:00:00 +0300</pubDate></item>" for n in range(3))
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>{items}</channel></rss>'
    output = list(spider.parse_feed(XmlResponse(url, body=body.encode(), request=scrapy.Request(url))))
    articles = requests_to(output, spider.parse_article)
    assert [r.url for r in articles] == [f"{site.origin}/ru/foreign_policy/news/{n}/" for n in range(3)]
    assert all(r.cb_kwargs == {"listed_in": "feed"} for r in articles)


def test_a_sitemap_asks_for_its_pages_newest_first_as_pages_a_sitemap_listed() -> None:
    site = resolve_site("https://news.example.kz/")
    spider = spider_for(site)
    entries = "".join(f"<url><loc>https://news.example.kz/2026/0{n}/a{n}/</loc><lastmod>2026-0{n}-01</lastmod></url>"
                      for n in (1, 3, 2))
    body = (f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{entries}</urlset>")
    url = "https://news.example.kz/sitemap.xml"
    output = list(spider.parse_sitemap(XmlResponse(url, body=body.encode(), request=scrapy.Request(url)),
                                       probe=False))
    articles = requests_to(output, spider.parse_article)
    assert [r.url for r in articles] == [f"https://news.example.kz/2026/0{n}/a{n}/" for n in (3, 2, 1)]
    assert all(r.cb_kwargs == {"listed_in": "sitemap"} for r in articles)


@pytest.mark.parametrize("page", ARTICLE_PAGES, ids=lambda path: f"{path.parent.name}/{path.stem}")
@pytest.mark.parametrize("listed_in", [None, "feed"])
def test_an_article_page_gives_the_article_of_its_fixture(page: Path, listed_in: str | None) -> None:
    expected = json.loads(page.with_suffix(".expected.json").read_text(encoding="utf-8"))
    site = registry()[expected["site"]]
    spider = spider_for(site)
    headers = {"Content-Type": f"text/html; charset={site.encoding}"} if site.encoding else {}
    response = HtmlResponse(expected["url"], body=page.read_bytes(), headers=headers,
                            request=scrapy.Request(expected["url"]))
    [article] = collect(spider.parse_article(response, listed_in=listed_in))
    assert isinstance(article, Article)
    assert (article.site, article.url, article.title) == (site.name, expected["url"], expected["title"])
    assert article.text == expected["text"]
    assert article.raw is not None and article.raw.body == page.read_bytes() and article.raw.listed_in == listed_in


def test_the_committed_last_article_of_a_walk_page_saves_the_walk(tmp_path: Path) -> None:
    """The page an article completes rides on the article itself, so what the store commits (here a copy, as a
    reader process would give back) saves the walk's progress; an article that completes nothing saves nothing."""
    import copy

    from newsbot.archive.db import open_archive
    from newsbot.archive.state import walk_state
    from newsbot.items import FEED_FIELDS
    from newsbot.spiders.incremental import Walk

    site = next(site for site in registry().values() if site.kind == "govkz")
    spider = spider_for(site)
    archive = open_archive(str(tmp_path / "archive.sqlite"))
    spider.prepare_walks(archive)
    last, other = (Article(site=site.name, url=f"https://www.gov.kz/x/{n}", lang="ru") for n in (1, 2))
    spider.page_done(Walk("ru", full=True, checkpointed=True), 7, last)
    spider.items_committed([other])
    assert walk_state(archive, site.name, "ru").last_page is None
    spider.items_committed([copy.deepcopy(last)])
    assert walk_state(archive, site.name, "ru").last_page == 7
    assert "completes" not in FEED_FIELDS
    archive.dispose()
