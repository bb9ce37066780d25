"""Page metadata: <meta> values, JSON-LD, and the raw publication date with where it came from.

Preference for the publication date: meta article:published_time ("meta") → JSON-LD datePublished
("jsonld") → <time datetime> ("time") → the site's visible date selector text ("text"). Visible dates may
be relative ("2 сағат бұрын") or carry view counters; structured values never do. Parsing is not done
here: newsbot.dates.resolve_date takes the raw value and its source.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import lxml.html

from newsbot.cleaning.css import select
from newsbot.cleaning.text import squash
from newsbot.pages.rules import PageRules

_PUBLISHED_META = ("article:published_time", "og:published_time", "datePublished", "pubdate",
                   "publish-date", "sailthru.date")
_MODIFIED_META = ("article:modified_time", "og:updated_time", "dateModified")


_META_KEYS = ("property", "name", "itemprop")


def meta_content(root: lxml.html.HtmlElement, name: str) -> str | None:
    """content of <meta property|name|itemprop=name>, stripped, or None. `property` wins over `name` over
    `itemprop` wherever they stand; one pass over the <meta> elements finds all three."""
    wanted = name.lower()
    found: list[str | None] = [None, None, None]
    for element in root.iter("meta"):
        for index, attribute in enumerate(_META_KEYS):
            if found[index] is None and (element.get(attribute) or "").strip().lower() == wanted:
                found[index] = (element.get("content") or "").strip() or None
                if index == 0 and found[0]:
                    return found[0]
    return next((value for value in found if value), None)


def _jsonld_objects(root: lxml.html.HtmlElement) -> Iterator[dict]:
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except ValueError:
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
