"""Page metadata: <meta> values, read through one index per page (the publication date's evidence is in
published.py)."""

from __future__ import annotations

import lxml.html

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
