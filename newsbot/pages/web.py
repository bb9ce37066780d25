"""Whole pages of registry sites (and unknown ones): which rules read them, and the page parser the spiders
of kinds wordpress, feed, sitemap, html and auto share with `newsbot reprocess`. Pure.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from newsbot.items import Article
from newsbot.pages.html_article import read_page
from newsbot.pages.rules import PageRules, rules_for_url
from newsbot.pages.verdict import Verdict
from newsbot.pages.wordpress import looks_like_json, posts_from_json
from newsbot.sites import Site, registered_origin


def site_rules(site: Site) -> PageRules | None:
    """The rules of the site's registered host (its entry's theme/selectors, else themes.toml [hosts]), so a
    crawl of a mirror or a test server (--base-url) reads pages as the real site's. None: detect the theme."""
    rules = rules_for_url(registered_origin(site) + "/")
    if rules is None:
        return PageRules(site=site.name, timezone=site.timezone, encoding=site.encoding) if site.encoding else None
    return replace(rules, site=site.name, encoding=rules.encoding or site.encoding)


def read_article(
    body: bytes,
    *,
    url: str,
    site: Site,
    lang: str | None,
    fetched_at: datetime,
    headers_encoding: str | None = None,
) -> tuple[Verdict, Article | None]:
    """One article page: the verdict (is it an article at all) and the article, named after the site."""
    verdict, article = read_page(body, url=url, fetched_at=fetched_at, headers_encoding=headers_encoding,
                                 rules=site_rules(site), lang=lang or site.languages[0])
    if article is not None:
        article.site = site.name
    return verdict, article


def parse_web_page(body: bytes, *, url: str, site: Site, lang: str | None, fetched_at: datetime) -> list[Article]:
    """PAGE_PARSERS entry: a WordPress REST page gives its posts, an article page its article (or nothing)."""
    if looks_like_json(body):
        return posts_from_json(body, site=site, lang=lang, fetched_at=fetched_at)
    _, article = read_article(body, url=url, site=site, lang=lang, fetched_at=fetched_at)
    return [article] if article is not None else []
