"""Structural cleaning: parse a body (fragment or whole document) and drop elements that are never article.

Elements go by tag (scripts, forms, navigation) and by class/id *tokens*: `comment-respond` is the tokens
`comment` + `respond`, so `.entry-content` or a `.shareholders` paragraph never match `share`/`content` rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import lxml.html
from lxml import etree

from newsbot.cleaning.css import select
from newsbot.pages.bounds import too_complex
from newsbot.pages.encoding import parseable

# Elements that carry no article text in any news body we have seen.
CHROME_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "form", "input", "button",
    "select", "textarea", "nav", "header", "footer", "aside", "svg", "canvas", "link", "meta",
)

# Class/id token sequences that mark chrome. One entry is one token or a hyphenated run of tokens that must
# appear in that order inside a single class name or id (`go-to-top` matches id="go-to-top" only).
CHROME_TOKENS = (
    # comments and the WordPress comment form
    "comments", "comment", "respond", "reply", "disqus",
    # share bars
    "share", "sharing", "sharedaddy", "social", "addtoany", "a2a", "ya-share2", "likes",
    # related posts (YARPP, Jetpack, themes)
    "related", "relatedposts", "yarpp", "read-also", "more-news", "other-news", "see-also",
    # widgets, sidebars, navigation
    "widget", "widgets", "sidebar", "breadcrumb", "breadcrumbs", "crumbs", "pagination", "post-navigation",
    "pager", "menu", "go-to-top", "back-to-top", "scroll-top", "to-top", "screen-reader-text", "sr-only",
    # cookie banners, ads, captcha
    "cookie", "cookies", "gdpr", "consent", "ad", "ads", "adv", "advert", "advertisement", "adsbygoogle",
    "banner", "sponsored", "promo", "captcha",
    # tagDiv (Newspaper theme) ad slots: td-a-rec, td-a-rec-id-content
    "a-rec", "recaptcha", "newsletter", "subscribe", "subscription",
    # header widgets: currency, weather
    "currency", "currencies", "exchange", "rates", "kurs", "weather", "pogoda",
    # post meta and tags
    "post-meta", "entry-meta", "meta-item", "byline", "tags", "tagcloud", "post-tags", "tag-links",
    "author-box", "about-author", "post-views", "meta-views", "views-count", "view-count", "print",
    "printfriendly",
    # not "views" alone: Drupal wraps article bodies in `.views-field-body`
)
# ARIA landmarks that are never the article.
CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alert"}

# An aria-hidden element with this much text or more is content, not an icon or a label.
ARIA_HIDDEN_MAX_CHARS = 120
_TOKEN_SPLIT = re.compile(r"[-_\s]+")
# An element holding more than this share of the container's text is the article, whatever its class says
# (Jannah puts `sidebar-right` on the wrapper of the whole main column).
PROTECT_SHARE = 0.5
PROTECT_MIN_CHARS = 200


def _tokens(name: str) -> tuple[str, ...]:
    return tuple(t for t in _TOKEN_SPLIT.split(name.lower()) if t)


_PATTERNS = tuple(_tokens(entry) for entry in CHROME_TOKENS)


def _by_first_token(patterns: tuple[tuple[str, ...], ...]) -> dict[str, list[tuple[int, tuple[str, ...]]]]:
    index: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    for order, run in enumerate(patterns):
        index.setdefault(run[0], []).append((order, run))
    return index


# The patterns by their first token, each with its place in CHROME_TOKENS (the first pattern that matches names
# the rule): a name is checked against the few patterns its tokens start, not all of them.
_PATTERNS_BY_FIRST = _by_first_token(_PATTERNS)


def chrome_token_match(names: Iterable[str]) -> str | None:
    """The chrome rule that one of these class names/ids matches, or None."""
    for name in names:
        if rule := _name_rule(name):
            return rule
    return None


# Pages repeat their class names on many elements and across pages; this check ran for every element twice
# per page (the verdict, each cleaning) and took a tenth of the page path.
@lru_cache(maxsize=8192)
def _name_rule(name: str) -> str | None:
    tokens = _tokens(name)
    found = [
        (order, run)
        for i, token in enumerate(tokens)
        for order, run in _PATTERNS_BY_FIRST.get(token, ())
        if tokens[i : i + len(run)] == run
    ]
    return "-".join(min(found)[1]) if found else None


def chrome_reason(element: lxml.html.HtmlElement) -> str | None:
    """Why this element is chrome (`class:comments`, `id:go-to-top`, `role:navigation`), or None."""
    if element.get("hidden") is not None:
        return "attr:hidden"
    # aria-hidden hides from screen readers only: icons and repeated labels, but also paywalled paragraphs
    # that are on the page in full. Prose is the article.
    if element.get("aria-hidden") == "true" and len(element.text_content()) < ARIA_HIDDEN_MAX_CHARS:
        return "attr:aria-hidden"
    role = (element.get("role") or "").lower()
    if role in CHROME_ROLES:
        return f"role:{role}"
    element_id = element.get("id")
    if element_id and (rule := chrome_token_match([element_id])):
        return f"id:{rule}"
    classes = (element.get("class") or "").split()
    if classes and (rule := chrome_token_match(classes)):
        return f"class:{rule}"
    return None


def body_fragment(raw_html: str) -> lxml.html.HtmlElement | None:
    """A container element holding the body, whether the source gave a fragment or a whole `<html>` page; None
    when it is not markup or would take unbounded time to parse (newsbot/pages/bounds.py)."""
    if too_complex(raw_html):
        return None
    try:
        root = lxml.html.document_fromstring(parseable(raw_html))
    except (etree.ParserError, ValueError):
        return None
    body = root.find("body")
    return body if body is not None else root


def _text_len(element: lxml.html.HtmlElement) -> int:
    return len("".join(element.itertext()).strip())


def _snippet(element: lxml.html.HtmlElement) -> str:
    text = " ".join("".join(element.itertext()).split())
    return text[:80]


def remove_keeping_tail(element: lxml.html.HtmlElement) -> None:
    """Remove an element but keep its tail text, which belongs to the parent."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


# Elements that HTML5 says are empty but libxml2's HTML parser does not know as such: it nests everything after
# an unclosed `<embed src=...>` inside it, so dropping the embed would drop the rest of the article.
_VOID_NESTERS = ("embed", "source", "track", "wbr", "keygen")


def drop_chrome_elements(container: lxml.html.HtmlElement) -> list[tuple[str, str]]:
    """Drop chrome from inside `container` (never the container itself); returns (rule, text) removed."""
    removed: list[tuple[str, str]] = []
    etree.strip_tags(container, *_VOID_NESTERS)  # the tags go, what libxml2 nested in them stays
    for element in list(container.iter(*CHROME_TAGS)):
        if element is not container:
            if _text_len(element):
                removed.append((f"tag:{element.tag}", _snippet(element)))
            remove_keeping_tail(element)
    etree.strip_tags(container, etree.Comment, etree.ProcessingInstruction)
    total = _text_len(container)
    candidates = [el for el in container.iterdescendants() if isinstance(el.tag, str)]
    for element in candidates:
        if element.getparent() is None or not _attached(element, container):
            continue
        reason = chrome_reason(element)
        if reason is None:
            continue
        length = _text_len(element)
        if length >= PROTECT_MIN_CHARS and length > PROTECT_SHARE * total:
            continue
        if length:
            removed.append((f"structure:{reason}", _snippet(element)))
        remove_keeping_tail(element)
    return removed


def _attached(element: lxml.html.HtmlElement, container: lxml.html.HtmlElement) -> bool:
    return any(ancestor is container for ancestor in element.iterancestors())


def drop_selectors(container: lxml.html.HtmlElement, selectors: Iterable[str]) -> list[tuple[str, str]]:
    """Drop the elements a site's rules name (CSS selectors), keeping the container."""
    removed: list[tuple[str, str]] = []
    for selector in selectors:
        for element in select(container, selector):
            if element is container or not _attached(element, container):
                continue
            if _text_len(element):
                removed.append((f"selector:{selector}", _snippet(element)))
            remove_keeping_tail(element)
    return removed
