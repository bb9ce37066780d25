"""Page metadata: <meta> values, JSON-LD, and the raw publication date with where it came from.

Preference for the publication date: meta article:published_time ("meta") → JSON-LD datePublished
("jsonld") → <time datetime> ("time") → the site's visible date selector text ("text"). Visible dates may
be relative ("2 сағат бұрын") or carry view counters; structured values never do. Parsing is not done
here: newsbot.dates.resolve_date takes the raw value and its source.
"""

from __future__ import annotations

from collections.abc import Iterator

import lxml.html

from newsbot.cleaning.css import select
from newsbot.cleaning.text import squash
from newsbot.pages.api_json import load_json
from newsbot.pages.rules import PageRules

_PUBLISHED_META = ("article:published_time", "og:published_time", "datePublished", "pubdate",
                   "publish-date", "sailthru.date")
_MODIFIED_META = ("article:modified_time", "og:updated_time", "dateModified")


_META_KEYS = ("property", "name", "itemprop")


def meta_content(root: lxml.html.HtmlElement, name: str) -> str | None:
    """content of <meta property|name|itemprop=name>, stripped, or None. `property` wins over `name` over
    `itemprop` wherever they stand; the first non-empty content of each counts."""
    wanted = name.lower()
    for found in _meta_index(root):
        if value := found.get(wanted):
            return value
    return None


# (root, index) of the last page asked: a page's path asks for a dozen names (dates, og:image, og:title, ...),
# each a walk over every <meta>. Kept for the very same root object only; code that edits a tree calls
# `forget_meta_index` (html_article's drop selectors cut elements out of the body and put them back).
_last_index: tuple[lxml.html.HtmlElement, tuple[dict[str, str], ...]] | None = None


def forget_meta_index() -> None:
    global _last_index
    _last_index = None


def _meta_index(root: lxml.html.HtmlElement) -> tuple[dict[str, str], ...]:
    """Per attribute of _META_KEYS: lowercased name -> the first non-empty content, in document order."""
    global _last_index
    if _last_index is not None and _last_index[0] is root:
        return _last_index[1]
    index: tuple[dict[str, str], ...] = ({}, {}, {})
    for element in root.iter("meta"):
        content = (element.get("content") or "").strip()
        if not content:
            continue
        for found, attribute in zip(index, _META_KEYS, strict=True):
            if key := (element.get(attribute) or "").strip().lower():
                found.setdefault(key, content)
    _last_index = (root, index)
    return index


def _jsonld_objects(root: lxml.html.HtmlElement) -> Iterator[dict]:
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = load_json(script.text or "")
        except ValueError:  # not JSON, or a bomb (nested thousands deep): the page's other metadata still counts
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                if "@graph" in item:
                    stack.append(item["@graph"])


def jsonld_value(root: lxml.html.HtmlElement, key: str) -> str | None:
    for item in _jsonld_objects(root):
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _time_datetime(root: lxml.html.HtmlElement, rules: PageRules) -> str | None:
    # The site's own date element first, then <time> inside the article, then any <time> on the page.
    scopes = [el for selector in rules.date for el in select(root, selector)]
    scopes += [*root.iter("article"), root]
    for scope in scopes:
        elements = [scope] if scope.tag == "time" else list(scope.iter("time"))
        for element in elements:
            if value := (element.get("datetime") or "").strip():
                return value
    return None


def find_published(root: lxml.html.HtmlElement, rules: PageRules) -> tuple[str | None, str | None]:
    """(raw value, source) of the publication date, or (None, None)."""
    for name in _PUBLISHED_META:
        if value := meta_content(root, name):
            return value, "meta"
    if value := jsonld_value(root, "datePublished"):
        return value, "jsonld"
    if value := _time_datetime(root, rules):
        return value, "time"
    for selector in rules.date:
        for element in select(root, selector):
            if text := squash(element.text_content()):
                return text, "text"
    return None, None


def find_modified(root: lxml.html.HtmlElement) -> str | None:
    for name in _MODIFIED_META:
        if value := meta_content(root, name):
            return value
    return jsonld_value(root, "dateModified")
