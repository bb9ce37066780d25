"""CSS selectors compiled once: `element.cssselect(selector)` translates the selector to XPath on every call,
which was a tenth of the page path. Selectors come from the registry and the theme table, a small set."""

from __future__ import annotations

from functools import lru_cache

import lxml.html
from lxml.cssselect import CSSSelector


@lru_cache(maxsize=1024)
def _compiled(selector: str) -> CSSSelector:
    return CSSSelector(selector, translator="html")  # what HtmlElement.cssselect uses


def select(element: lxml.html.HtmlElement, selector: str) -> list[lxml.html.HtmlElement]:
    """`element.cssselect(selector)`, with the selector compiled once per process."""
    return _compiled(selector)(element)
