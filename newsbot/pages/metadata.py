"""Page metadata: <meta> values, read through one index per page (the publication date's evidence is in
published.py). The page path reads the index once and passes it to whatever asks for a <meta> value."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import lxml.html

_META_KEYS = ("property", "name", "itemprop")


@dataclass(frozen=True)
class PageMeta:
    """Per attribute of _META_KEYS: lowercased name -> the first non-empty content, in document order."""

    by_key: tuple[dict[str, str], ...]

    def get(self, name: str) -> str | None:
        """content of <meta property|name|itemprop=name>, stripped, or None. `property` wins over `name` over
        `itemprop` wherever they stand; the first non-empty content of each counts."""
        wanted = name.lower()
        for found in self.by_key:
            if value := found.get(wanted):
                return value
        return None

    def values(self, names: tuple[str, ...]) -> Iterator[str]:
        """Contents of the named <meta>, in the order of `names`."""
        for name in names:
            if value := self.get(name):
                yield value


def read_meta(root: lxml.html.HtmlElement) -> PageMeta:
    """One walk over the page's <meta> elements (a page's path asks for a dozen names: dates, og:image, ...)."""
    index: tuple[dict[str, str], ...] = ({}, {}, {})
    for element in root.iter("meta"):
        content = (element.get("content") or "").strip()
        if not content:
            continue
        for found, attribute in zip(index, _META_KEYS, strict=True):
            if key := (element.get(attribute) or "").strip().lower():
                found.setdefault(key, content)
    return PageMeta(index)
