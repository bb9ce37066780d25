"""WordPress REST API answers (`/wp-json/wp/v2/posts`) to Articles, bodies cleaned. Pure: bytes in, Articles out.

`content.rendered` is the post body without theme chrome; `date_gmt` is UTC written without an offset, so it
travels with published_source "wp:date_gmt" and the date step reads it as UTC (docs/sites.md).
"""

from __future__ import annotations

import html
from datetime import datetime

import lxml.html

from newsbot.cleaning import clean_body, normalize_title
from newsbot.items import Article
from newsbot.pages.api_json import load_json
from newsbot.pages.lang import detect_lang
from newsbot.sites import Site


class NotPostsError(ValueError):
    """The answer is not a list of WordPress posts (an error object, an HTML page)."""


def looks_like_json(body: bytes) -> bool:
    return body.lstrip()[:1] in (b"[", b"{")


def _rendered(post: dict, key: str) -> str:
    value = post.get(key)
    if isinstance(value, dict):
        value = value.get("rendered")
    return value if isinstance(value, str) else ""


def _plain(fragment: str) -> str:
    """Titles come as HTML-escaped text (`&#8220;`), sometimes with tags."""
    if not fragment.strip():
        return ""
    return " ".join(lxml.html.fromstring(f"<div>{fragment}</div>").text_content().split()) or html.unescape(fragment)


def posts_from_json(body: bytes, *, site: Site, lang: str | None, fetched_at: datetime) -> list[Article]:
    try:
        posts = load_json(body)
    except ValueError as exc:
        raise NotPostsError(f"not JSON: {exc}") from None
    if not isinstance(posts, list):
        raise NotPostsError(f"a JSON {type(posts).__name__}, not a list of posts")
    articles = []
    for post in posts:
        if not isinstance(post, dict) or not post.get("link"):
            continue
        title = _plain(_rendered(post, "title"))
        body_html = _rendered(post, "content")
        excerpt = _plain(_rendered(post, "excerpt")) or None
        post_lang = lang or (site.languages[0] if len(site.languages) == 1 else detect_lang(title) or "")
        cleaned = clean_body(body_html, post_lang)
        gmt = bool(post.get("date_gmt"))
        raw_date, source = (post.get("date_gmt"), "wp:date_gmt") if gmt else (post.get("date"), "wp:date")
        articles.append(Article(
            site=site.name,
            url=str(post["link"]),
            lang=post_lang,
            title=normalize_title(title),
            raw_html=body_html,
            html=cleaned.html,
            text=cleaned.text,
            removed=list(cleaned.removed),
            image_credit=cleaned.image_credit,
            source=cleaned.source,
            summary=excerpt,
            published_raw=raw_date,
            published_source=source if raw_date else None,
            modified_raw=post.get("modified_gmt") or None,
            fetched_at=fetched_at,
            source_id=str(post["id"]) if post.get("id") is not None else None,
            categories=[str(c) for c in post.get("categories") or []],
        ))
    return articles
