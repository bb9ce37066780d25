"""Whole HTML pages to an Article: theme/site selectors where known, trafilatura to find the body elsewhere,
our structural and textual cleaning on top in both cases. Pure: bytes and URL in, Article out.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from newsbot.cleaning import clean_body, normalize_title
from newsbot.items import Article
from newsbot.pages.encoding import decode_html
from newsbot.pages.lang import detect_lang, normalize_lang
from newsbot.pages.metadata import find_modified, find_published, meta_content
from newsbot.pages.rules import PageRules, resolve_rules, rules_for_url
from newsbot.sites import bare_host

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# Title suffixes a <title> or og:title carries: "Title | Site", "Title - Site", "Title — Site".
_TITLE_SUFFIX = re.compile(r"\s+[|—–-]\s+[^|—–-]{2,60}$")


def parse_document(text: str) -> lxml.html.HtmlElement | None:
    text = _XML_DECLARATION.sub("", text, count=1)
    if not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return None


def _first_text(root: lxml.html.HtmlElement, selectors: tuple[str, ...]) -> str:
    for selector in selectors:
        for element in root.cssselect(selector):
            if text := normalize_title(element.text_content()):
                return text
    return ""


def find_title(root: lxml.html.HtmlElement, rules: PageRules) -> str:
    if title := _first_text(root, rules.title):
        return title
    if title := _first_text(root, ("article h1", "h1.entry-title", "h1[itemprop=headline]")):
        return title
    headings = [h for h in root.iter("h1") if normalize_title(h.text_content())]
    if len(headings) == 1:
        return normalize_title(headings[0].text_content())
    for candidate in (meta_content(root, "og:title"), _first_text(root, ("title",))):
        if candidate:
            return _TITLE_SUFFIX.sub("", normalize_title(candidate))
    return ""


def _body_element(root: lxml.html.HtmlElement, rules: PageRules) -> lxml.html.HtmlElement | None:
    for selector in rules.body:
        matches = root.cssselect(selector)
        if matches:
            return max(matches, key=lambda el: len(el.text_content()))
    return None


def _generic_body(text: str, url: str) -> str:
    """trafilatura's main-content HTML (precision first, no comments), or "" when it finds none."""
    import trafilatura  # imported here: only pages without known selectors need it

    extracted = trafilatura.extract(
        text,
        url=url,
        output_format="html",
        include_comments=False,
        favor_precision=True,
        include_tables=True,
        include_images=False,
        include_links=False,
        with_metadata=False,
    )
    return extracted or ""


def _without_title(raw_html: str, title: str) -> str:
    """Generic extraction often repeats the headline as the first block; the title has its own field."""
    root = parse_document(raw_html)
    if root is None or not title:
        return raw_html
    body = root.find("body")
    container = body if body is not None else root
    for element in container.iter():
        if not isinstance(element.tag, str) or element is container or element.tag in ("body", "div"):
            continue
        text = normalize_title(element.text_content())
        if text:
            if text.casefold() == title.casefold():
                element.getparent().remove(element)
            break
    return lxml.html.tostring(container, encoding="unicode")


def extract_article(
    body: bytes,
    *,
    url: str,
    fetched_at: datetime,
    headers_encoding: str | None = None,
    rules: PageRules | None = None,
) -> Article:
    known = rules if rules is not None else rules_for_url(url)
    decoded = decode_html(body, headers_encoding, default=known.encoding if known else None)
    root = parse_document(decoded.text)
    host = bare_host(url)
    if root is None:
        return Article(site=host, url=url, lang="", fetched_at=fetched_at)
    rules = known if known is not None else resolve_rules(url, root)
    title = find_title(root, rules)
    published_raw, published_source = find_published(root, rules)
    element = _body_element(root, rules)
    if element is not None:
        for selector in rules.drop:
            for dropped in element.cssselect(selector):
                if dropped is not element and dropped.getparent() is not None:
                    dropped.getparent().remove(dropped)
        raw_html = lxml.html.tostring(element, encoding="unicode")
    else:
        raw_html = _without_title(_generic_body(decoded.text, url), title)
    lang = _page_lang(root, title, raw_html)
    cleaned = clean_body(raw_html, lang)
    image = meta_content(root, "og:image")
    return Article(
        site=rules.site or host,
        url=url,
        lang=lang,
        title=title,
        raw_html=raw_html,
        html=cleaned.html,
        text=cleaned.text,
        published_raw=published_raw,
        published_source=published_source,
        modified_raw=find_modified(root),
        fetched_at=fetched_at,
        image_url=urljoin(url, image) if image else None,
        image_credit=cleaned.image_credit,
        source=cleaned.source,
        translation_key=None,
    )


def _page_lang(root: lxml.html.HtmlElement, title: str, raw_html: str) -> str:
    declared = normalize_lang(root.get("lang")) or normalize_lang(meta_content(root, "og:locale"))
    if declared:
        return declared
    sample = title + " " + (lxml.html.fromstring(raw_html).text_content() if raw_html.strip() else "")
    return detect_lang(sample) or ""
