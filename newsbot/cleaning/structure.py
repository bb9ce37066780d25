"""Structural cleaning: parse a body (fragment or whole document) and drop elements that are never article."""

from __future__ import annotations

import lxml.html
from lxml import etree

# Elements that carry no article text in any news body we have seen.
CHROME_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "form", "input", "button",
    "select", "textarea", "nav", "header", "footer", "aside", "svg", "canvas", "link", "meta",
)


def body_fragment(raw_html: str) -> lxml.html.HtmlElement | None:
    """A container element holding the body, whether the source gave a fragment or a whole `<html>` page."""
    try:
        root = lxml.html.document_fromstring(raw_html)
    except (etree.ParserError, ValueError):
        return None
    body = root.find("body")
    return body if body is not None else root


def drop_chrome_elements(container: lxml.html.HtmlElement) -> None:
    etree.strip_elements(container, *CHROME_TAGS, with_tail=False)
    etree.strip_tags(container, etree.Comment)
