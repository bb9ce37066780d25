"""Whole pages of registry sites (and unknown ones): the page parser the spiders of kinds wordpress, feed,
sitemap, html and auto share with `newsbot reprocess`. Pure: the caller resolves the site's rules
(`newsbot.pages.rules.site_rules`) and passes them in.
"""

from __future__ import annotations

from datetime import datetime

from newsbot.items import Article
from newsbot.pages.html_article import read_page
from newsbot.pages.rules import PageRules
from newsbot.pages.verdict import Verdict
from newsbot.pages.wordpress import looks_like_json, posts_from_json
from newsbot.sites import Site


def read_article(
    body: bytes,
    *,
    url: str,
    site: Site,
    rules: PageRules | None,
    lang: str | None,
    fetched_at: datetime,
    headers_encoding: str | None = None,
    listed_in: str | None = None,
) -> tuple[Verdict, Article | None]:
    """One article page: the verdict (is it an article at all) and the article, named after the site. `rules`:
    the site's, None for a site nobody registered; `listed_in`: the feed or sitemap that listed the page."""
    verdict, article = read_page(body, url=url, fetched_at=fetched_at, headers_encoding=headers_encoding,
                                 rules=rules, lang=lang or site.languages[0], listed_in=listed_in)
    if article is not None:
        article.site = site.name
    return verdict, article


def parse_web_page(body: bytes, *, url: str, site: Site, rules: PageRules | None, lang: str | None,
                   fetched_at: datetime, listed_in: str | None = None) -> list[Article]:
    """PAGE_PARSERS entry: a WordPress REST page gives its posts, an article page its article (or nothing)."""
    if looks_like_json(body):
        return posts_from_json(body, site=site, lang=lang, fetched_at=fetched_at)
    _, article = read_article(body, url=url, site=site, rules=rules, lang=lang, fetched_at=fetched_at,
                              listed_in=listed_in)
    return [article] if article is not None else []
