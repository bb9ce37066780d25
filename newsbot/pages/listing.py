"""Listing pages (a ministry's news list, a category archive): the article links on them and the next page.

Pure: bytes and URL in, URLs out. Only links on the listing's own host (or hosts the registry allows) count.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from urllib.parse import urldefrag, urlsplit

import lxml.html
from lxml import etree

from newsbot.cleaning.css import select
from newsbot.sites import bare_host
from newsbot.urls import absolute_url

# Links that are never one article: archives, calendars, tags, search, feeds, log-in, files.
_NOT_ARTICLE = re.compile(
    r"/(tag|tags|category|author|search|page|feed|wp-login\.php|wp-admin|calendar|login|register)(/|$)"
    r"|/\d{4}/\d{2}/?$|/\d{4}/\d{2}/\d{2}/?$|\.(pdf|jpe?g|png|gif|zip|docx?|xlsx?|mp4)$",
    re.IGNORECASE,
)
# Generic listings (no selector): article links are headline links, inside h2/h3/h4 or wrapping one.
_GENERIC_LINKS = "h2 a, h3 a, h4 a, a h2, a h3, a h4, article a, li.post-item a"
# A next-page link when the registry names none.
_NEXT = 'a[rel~="next"], link[rel~="next"], a.next, .pagination a.next, a.next.page-numbers'


def _document(body: bytes, encoding: str | None = None) -> lxml.html.HtmlElement | None:
    try:
        if encoding:
            return lxml.html.document_fromstring(body.decode(encoding, errors="replace"))
        return lxml.html.document_fromstring(body)
    except (etree.ParserError, ValueError, LookupError):
        return None


def _href(element: lxml.html.HtmlElement) -> str | None:
    if element.tag != "a":
        element = next(element.iterancestors("a"), None)  # type: ignore[assignment]
    return element.get("href") if element is not None else None


def listing_links(
    body: bytes,
    url: str,
    *,
    selector: str | None = None,
    article_path: str | None = None,
    hosts: Collection[str] = (),
    encoding: str | None = None,
) -> list[str]:
    """Article URLs on a listing page, in page order, without duplicates or offsite links."""
    root = _document(body, encoding)
    if root is None:
        return []
    allowed = {bare_host(url), *(bare_host(h) for h in hosts)}
    pattern = re.compile(article_path) if article_path else None
    found: dict[str, None] = {}
    # An article URL pattern makes any link a candidate; without one, only headline links are.
    for element in select(root, selector or ("a[href]" if pattern is not None else _GENERIC_LINKS)):
        href = _href(element)
        if not href or href.startswith(("mailto:", "javascript:", "tel:", "#")):
            continue
        joined = absolute_url(url, href)
        if joined is None:  # no URL at all (`http://[::1/x`): not a link to follow
            continue
        link = urldefrag(joined).url
        parts = urlsplit(link)
        offsite = bare_host(link) not in allowed
        if parts.scheme not in ("http", "https") or offsite or link.rstrip("/") == url.rstrip("/"):
            continue
        if pattern is not None:
            if not pattern.search(parts.path):
                continue
        elif _NOT_ARTICLE.search(parts.path) or parts.query:  # query strings: filters, sorting, calendars
            continue
        found[link] = None
    return list(found)


def next_page(body: bytes, url: str, selector: str | None = None) -> str | None:
    """The next listing page the page links to, on the same host; None at the end."""
    root = _document(body)
    if root is None:
        return None
    for element in select(root, selector or _NEXT):
        href = element.get("href")
        if href and (joined := absolute_url(url, href)) is not None:
            link = urldefrag(joined).url
            if bare_host(link) == bare_host(url) and link != url:
                return link
    return None
