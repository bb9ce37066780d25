"""The gov.kz content-manager news API: its JSON pages to Article items.

Field names and URL shapes are the site's (docs/sites.md, gov.kz); they live here and nowhere else.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode

from newsbot.cleaning import clean_body, normalize_title
from newsbot.items import Article
from newsbot.pages.api_json import load_json
from newsbot.sites import Site
from newsbot.urls import absolute_url

NEWS_API_PATH = "/api/v1/public/content-manager/news"
# The human page of a release; its id was a slug before about 2020, digits since.
HUMAN_PATH = "/memleket/entities/{project}/press/news/details/{id}"
# What an id or a slug may be: anything else (`1001?lang=kk#`) would make another article's URL.
_RELEASE_ID = re.compile(r"[0-9]{1,20}|[A-Za-z0-9][A-Za-z0-9_-]{0,200}")


class UnexpectedPayloadError(ValueError):
    """The API answered, but not with a page of news."""


def parse_news_page(body: bytes | str) -> list[Mapping[str, Any]]:
    """The news entries of one API page: a bare JSON array, or `{"content": [...]}` in some clients."""
    try:
        payload = load_json(body)
    except ValueError as exc:
        raise UnexpectedPayloadError(f"not JSON ({exc.__class__.__name__}: {str(exc)[:80]})") from None
    if isinstance(payload, dict) and "content" in payload:
        payload = payload["content"]
    if not isinstance(payload, list):
        raise UnexpectedPayloadError(f"expected a list of news, got a JSON {type(payload).__name__}")
    entries = [entry for entry in payload if isinstance(entry, dict)]
    if len(entries) != len(payload):
        raise UnexpectedPayloadError("expected a list of news objects, got other values in it")
    return entries


def _text(entry: Mapping[str, Any], key: str) -> str | None:
    """A text field; a number is its digits, an object its one text (`{"rendered": "x"}`); anything else is a
    bad entry (never a Python repr stored as text)."""
    value = entry.get(key)
    if isinstance(value, dict):
        texts = [v for v in value.values() if isinstance(v, str)]
        value = texts[0] if len(texts) == 1 else value
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise UnexpectedPayloadError(f"news entry field {key!r} is a JSON {type(value).__name__}, not text")
    text = str(value).strip()
    return text or None


def human_url(site: Site, release_id: str, lang: str) -> str:
    """The release's page, built from parts: an API value never adds a path, a query or a fragment."""
    path = HUMAN_PATH.format(project=quote(site.project or "", safe=""), id=quote(release_id, safe=""))
    return f"{site.origin}{path}?{urlencode({'lang': lang})}"


def article_from_entry(entry: Mapping[str, Any], *, site: Site, lang: str, fetched_at: datetime) -> Article:
    """One API entry in one language as an Article, its body cleaned."""
    release_id = _text(entry, "id") or _text(entry, "slug")
    if release_id is None:
        raise UnexpectedPayloadError("news entry has neither id nor slug")
    if not _RELEASE_ID.fullmatch(release_id):
        raise UnexpectedPayloadError(f"news entry id {release_id[:40]!r} is neither digits nor a slug")
    heropic = _text(entry, "heropic")
    directions = entry.get("directions") or []
    if not isinstance(directions, list):
        directions = []
    raw_html = _text(entry, "body") or ""
    body = clean_body(raw_html, lang)
    return Article(
        site=site.name,
        url=human_url(site, release_id, lang),
        lang=lang,
        title=normalize_title(_text(entry, "title")),
        raw_html=raw_html,
        html=body.html,
        text=body.text,
        removed=list(body.removed),
        image_credit=body.image_credit,
        source=body.source,
        summary=_text(entry, "short_description"),
        published_raw=_text(entry, "created_date"),
        published_source="api:created_date",
        fetched_at=fetched_at,
        # A picture URL that is no URL costs the picture, not the release.
        image_url=absolute_url(site.origin + "/", heropic) if heropic else None,
        # The same id is the same release in kk, ru and en.
        translation_key=f"govkz:{release_id}",
        source_id=release_id,
        categories=[d["title"] for d in directions if isinstance(d, dict) and isinstance(d.get("title"), str)
                    and d["title"].strip()],
    )


@dataclass
class NewsPage:
    articles: list[Article]
    # One line per entry that could not become an article.
    problems: list[str]
    # Entries on the page, including those that failed: 0 means the list has ended.
    entries: int


def articles_from_page(body: bytes | str, *, site: Site, lang: str, fetched_at: datetime) -> NewsPage:
    """Every article of one API page; raises UnexpectedPayloadError when the page is not a news list."""
    entries = parse_news_page(body)
    page = NewsPage([], [], len(entries))
    for entry in entries:
        try:
            page.articles.append(article_from_entry(entry, site=site, lang=lang, fetched_at=fetched_at))
        except UnexpectedPayloadError as exc:
            page.problems.append(str(exc))
    return page
