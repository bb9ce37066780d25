"""Page modules: pure functions from a fetched response's content to Article items. No I/O here.

PAGE_PARSERS maps a site kind to the function that turns one stored response into articles; the spiders
and `newsbot reprocess` both go through it, so a stored page parses today exactly as a fresh one would. Each
takes the site's page rules (`newsbot.pages.rules.site_rules`), resolved by the caller.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from newsbot.items import Article
from newsbot.sites import Site

if TYPE_CHECKING:
    from newsbot.pages.rules import PageRules

PageParser = Callable[..., list[Article]]


def _govkz(body: bytes, *, url: str, site: Site, rules: PageRules | None, lang: str | None,
           fetched_at: datetime, listed_in: str | None = None) -> list[Article]:
    from newsbot.pages.govkz import articles_from_page

    return articles_from_page(body, site=site, lang=lang or site.languages[0], fetched_at=fetched_at).articles


def _web(body: bytes, *, url: str, site: Site, rules: PageRules | None, lang: str | None,
         fetched_at: datetime, listed_in: str | None = None) -> list[Article]:
    from newsbot.pages.web import parse_web_page

    return parse_web_page(body, url=url, site=site, rules=rules, lang=lang, fetched_at=fetched_at,
                          listed_in=listed_in)


PAGE_PARSERS: dict[str, PageParser] = {
    "govkz": _govkz,
    # Every other kind stores article pages (and WordPress stores REST answers): one parser reads both.
    **{kind: _web for kind in ("wordpress", "feed", "sitemap", "html", "auto")},
}
