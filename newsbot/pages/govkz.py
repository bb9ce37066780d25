"""The gov.kz content-manager news API: its JSON pages to Article items.

Field names and URL shapes are the site's (docs/sites.md, gov.kz); they live here and nowhere else.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

from newsbot.items import Article
from newsbot.sites import Site

NEWS_API_PATH = "/api/v1/public/content-manager/news"
# The human page of a release; `{id}` was a slug before about 2020, an id since.
HUMAN_URL = "{origin}/memleket/entities/{project}/press/news/details/{id}?lang={lang}"


class UnexpectedPayloadError(ValueError):
    """The API answered, but not with a page of news."""


def parse_news_page(body: bytes | str) -> list[Mapping[str, Any]]:
    """The news entries of one API page: a bare JSON array, or `{"content": [...]}` in some clients."""
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnexpectedPayloadError(f"not JSON ({exc.__class__.__name__})") from None
    if isinstance(payload, dict) and "content" in payload:
        payload = payload["content"]
    if not isinstance(payload, list):
        raise UnexpectedPayloadError(f"expected a list of news, got a JSON {type(payload).__name__}")
    entries = [entry for entry in payload if isinstance(entry, dict)]
    if len(entries) != len(payload):
        raise UnexpectedPayloadError("expected a list of news objects, got other values in it")
    return entries


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def article_from_entry(entry: Mapping[str, Any], *, site: Site, lang: str, fetched_at: datetime) -> Article:
    """One API entry in one language as an Article with its raw fields; pipelines clean the rest."""
    release_id = _text(entry.get("id")) or _text(entry.get("slug"))
    if release_id is None:
        raise UnexpectedPayloadError("news entry has neither id nor slug")
    heropic = _text(entry.get("heropic"))
    directions = entry.get("directions") or []
    return Article(
        site=site.name,
        url=HUMAN_URL.format(origin=site.origin, project=site.project, id=release_id, lang=lang),
        lang=lang,
        title=_text(entry.get("title")) or "",
        raw_html=_text(entry.get("body")) or "",
        summary=_text(entry.get("short_description")),
        published_raw=_text(entry.get("created_date")),
        published_source="api:created_date",
        fetched_at=fetched_at,
        image_url=urljoin(site.origin + "/", heropic) if heropic else None,
        # The same id is the same release in kk, ru and en.
        translation_key=f"govkz:{release_id}",
        source_id=release_id,
        categories=[d["title"] for d in directions if isinstance(d, dict) and _text(d.get("title"))],
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
