"""Whole HTML pages to an Article: theme/site selectors where known, the generic locator elsewhere,
our structural and textual cleaning on top in both cases. Pure: bytes and URL in, Article out.
"""

from __future__ import annotations

import html as html_lib
import re
from contextlib import nullcontext
from dataclasses import replace
from datetime import datetime
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from newsbot.cleaning import clean_body, normalize_title
from newsbot.cleaning.css import select
from newsbot.cleaning.phrases import catalogue
from newsbot.cleaning.text import letters
from newsbot.items import LISTED_IN, Article
from newsbot.pages.encoding import decode_html, parseable
from newsbot.pages.generic import generic_body
from newsbot.pages.lang import declared_lang, detect_lang
from newsbot.pages.metadata import PageMeta, read_meta
from newsbot.pages.published import find_modified, find_published
from newsbot.pages.rules import PageRules, with_page_theme
from newsbot.pages.treecut import elements_cut_out
from newsbot.pages.verdict import Verdict, check_article, check_bytes, check_document
from newsbot.sites import bare_host

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# Title suffixes a <title> or og:title carries: "Title | Site", "Title - Site", "Title — Site".
_TITLE_SUFFIX = re.compile(r"\s+[|—–-]\s+(?P<suffix>[^|—–-]{2,80})$")
_WORD = re.compile(r"\w{3,}")


# A body selector whose match holds fewer letters than this did not find the article.
MIN_SELECTED_LETTERS = 100



def parse_document(text: str) -> lxml.html.HtmlElement | None:
    text = _XML_DECLARATION.sub("", text, count=1)
    if not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(parseable(text))
    except (etree.ParserError, ValueError):
        return None


def _first_text(root: lxml.html.HtmlElement, selectors: tuple[str, ...]) -> str:
    for selector in selectors:
        for element in select(root, selector):
            if text := normalize_title(element.text_content()):
                return text
    return ""


def _without_site_suffix(title: str, meta: PageMeta, url: str) -> str:
    """Drop " | Site" only when the suffix names the site (og:site_name or a word of the host), so that
    "Казахстан - Китай: новые маршруты" keeps its second half."""
    match = _TITLE_SUFFIX.search(title)
    if match is None:
        return title
    suffix = re.sub(r"\W", "", match.group("suffix").casefold())  # "Dala News" vs host "dalanews"
    site_words = {w.casefold() for w in _WORD.findall(meta.get("og:site_name") or "")}
    site_words |= {w for w in _WORD.findall(bare_host(url)) if w not in ("www", "com", "org", "net")}
    if any(word in suffix for word in site_words):
        return title[: match.start()].strip()
    return title


def find_title(root: lxml.html.HtmlElement, rules: PageRules, url: str = "", meta: PageMeta | None = None) -> str:
    meta = meta if meta is not None else read_meta(root)
    if title := _first_text(root, rules.title):
        return title
    if title := _first_text(root, ("article h1", "h1.entry-title", "h1[itemprop=headline]")):
        return title
    headings = [h for h in root.iter("h1") if normalize_title(h.text_content())]
    if len(headings) == 1:
        heading = normalize_title(headings[0].text_content())
        if not _logo_heading(root, meta, heading):
            return heading
    for candidate in (meta.get("og:title"), _first_text(root, ("title",))):
        if candidate:
            candidate = normalize_title(candidate)
            return _heading_in(root, candidate) or _without_site_suffix(candidate, meta, url)
    return ""


# A logo or site name in an <h1> is a few words; a headline is longer.
_LOGO_WORDS = 4


def _agree(one: str, other: str) -> bool:
    """One holds the other, word for word (quotes, dashes and case aside)."""
    one, other = (" ".join(_WORD.findall(text.casefold())) for text in (one, other))
    return one in other or other in one


def _logo_heading(root: lxml.html.HtmlElement, meta: PageMeta, heading: str) -> bool:
    """The page's one `<h1>` is the site's logo ("India Post"): a name of a few words, and og:title and
    `<title>` agree on a headline that it is no part of."""
    if len(heading.split()) > _LOGO_WORDS:
        return False
    og_title = normalize_title(meta.get("og:title") or "")
    tag_title = _first_text(root, ("title",))
    return bool(og_title and tag_title) and _agree(og_title, tag_title) and not _agree(heading, og_title)


def _heading_in(root: lxml.html.HtmlElement, title: str) -> str | None:
    """A heading on the page that the <title> starts with ("Headline | Ministry of ..."): the headline."""
    folded = title.casefold()
    best = None
    for heading in root.iter("h1", "h2", "h3"):
        text = normalize_title(heading.text_content())
        rest = folded[len(text):].lstrip()
        if text and folded.startswith(text.casefold()) and (not rest or rest[0] in "|—–-:·"):
            best = text if best is None or len(text) > len(best) else best
    return best


def selected_body(root: lxml.html.HtmlElement, rules: PageRules) -> lxml.html.HtmlElement | None:
    """The element the rules' body selectors pick, or None: the page then takes the generic path."""
    for selector in rules.body:
        matches = select(root, selector)
        if matches:
            element = max(matches, key=lambda el: len(el.text_content()))
            # Too few letters: the theme matched but the text lives elsewhere (a page builder).
            return element if letters(element.text_content()) >= MIN_SELECTED_LETTERS else None
    return None


# How many leading blocks of a generic body may repeat the visible date.
_LEADING_BLOCKS = 3
# The headline counts as the start of the article only in the first part of the extracted text.
_TITLE_ANCHOR_SHARE = 0.5


def _leaves(container: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return [
        el
        for el in container.iter()
        if isinstance(el.tag, str) and el is not container and not len(el)
        and normalize_title(el.text_content())
    ]


def _without_repeats(raw_html: str, title: str, dates: set[str]) -> str:
    """Generic extraction often keeps the headline (with menus before it) and the date line; both have
    their own fields. Content before a block repeating the headline is navigation, so it goes too."""
    root = parse_document(raw_html)
    if root is None:
        return raw_html
    body = root.find("body")
    container = body if body is not None else root
    leaves = _leaves(container)
    total = sum(len(el.text_content()) for el in leaves) or 1
    before = 0
    for index, element in enumerate(leaves):
        if before > _TITLE_ANCHOR_SHARE * total:
            break
        if title and normalize_title(element.text_content()).casefold() == title.casefold():
            for earlier in leaves[: index + 1]:
                _detach(earlier)
            break
        before += len(element.text_content())
    wanted = {d.casefold() for d in dates if d}
    for element in _leaves(container)[:_LEADING_BLOCKS]:
        if normalize_title(element.text_content()).casefold() in wanted:
            _detach(element)
    return lxml.html.tostring(container, encoding="unicode")


def _detach(element: lxml.html.HtmlElement) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def extract_article(
    body: bytes,
    *,
    url: str,
    fetched_at: datetime,
    headers_encoding: str | None = None,
    rules: PageRules | None = None,
    lang: str | None = None,
) -> Article:
    """The article of one page, its body cleaned. `rules`: the site's (`site_rules`), None for a site nobody
    registered; `lang`: the language to assume when the page neither declares nor shows one (the site's)."""
    decoded = decode_html(body, headers_encoding, default=rules.encoding if rules else None)
    return _extract(parse_document(decoded.text), url=url, fetched_at=fetched_at, known=rules, default_lang=lang)


def _extract(
    root: lxml.html.HtmlElement | None, *, url: str, fetched_at: datetime, known: PageRules | None,
    default_lang: str | None = None,
) -> Article:
    """The article of a parsed page; `root` is left as it was, so the verdict can read the same tree."""
    host = bare_host(url)
    if root is None:
        return Article(site=host, url=url, lang=default_lang or "", fetched_at=fetched_at)
    rules = with_page_theme(known, root)
    meta = read_meta(root)
    title = find_title(root, rules, url, meta)
    published = find_published(root, rules, url=url, fetched_at=fetched_at, meta=meta)
    element = selected_body(root, rules)
    # The rules' drop selectors stay cut out of the body while everything below reads the page.
    with elements_cut_out(element, rules.drop) if element is not None else nullcontext(0) as cut:
        if cut:  # what is read from here on is read from the page without them (a <meta> in a share box)
            meta = read_meta(root)
        if element is not None:
            raw_html = lxml.html.tostring(element, encoding="unicode")
        else:
            visible_dates = {_first_text(root, rules.date)} if rules.date else set()
            raw_html = _without_repeats(generic_body(root, url, rules), title, visible_dates)
        lang = _page_lang(root, meta, title, raw_html) or default_lang or ""
        # The one cleaning of this body: the verdict judges it, and the item carries it.
        cleaned = clean_body(raw_html, lang)
        image = meta.get("og:image")
        credit = cleaned.image_credit or _page_credit(root, lang)
        article = Article(
            site=rules.site or host,
            url=url,
            lang=lang,
            title=title,
            raw_html=raw_html,
            html=cleaned.html,
            text=cleaned.text,
            removed=list(cleaned.removed),
            published_raw=published.raw,
            published_source=published.source,
            published_zone=published.zone,
            published_zone_source=published.zone_source,
            modified_raw=find_modified(root, meta),
            fetched_at=fetched_at,
            image_url=urljoin(url, image) if image else None,
            image_credit=credit,
            source=cleaned.source,
            translation_key=None,
        )
    return article


# Where themes put an image caption or credit (checked against the credit phrases, so a loose match is safe).
_CAPTIONS = "figcaption, [class*=caption], [class*=credit], [class*=photo-source], [class*=photo__source]"


# A credit line is short; a long element that happens to start with "Фото:" is something else.
_MAX_CREDIT_CHARS = 120
# Words enough to make a line longer than that (a word and a space each); counting stops there, so the
# wrappers that hold the whole page are passed over without normalising all their text.
_MAX_CREDIT_WORDS = _MAX_CREDIT_CHARS // 2 + 1


def _page_credit(root: lxml.html.HtmlElement, lang: str) -> str | None:
    """A credit line the body lost: under the featured image, outside the body (Jannah `figcaption`), or
    dropped by the generic extractor. Captions first, then any short element that is a credit as a whole."""
    rules = catalogue(lang or None)
    # An element's credit line is a stretch of the page's text, so a page whose text no credit pattern finds
    # anything in has none: one search instead of every element's text (a fifth of the generic path's time).
    page_text = " ".join(html_lib.unescape(root.text_content()).split())
    if not any(rule.pattern.search(page_text) for rule in rules.credit):
        return None
    candidates = [*select(root, _CAPTIONS), *root.iter("p", "span", "div", "em", "small")]
    for element in candidates:
        raw = element.text_content()
        if len(raw.split(maxsplit=_MAX_CREDIT_WORDS)) > _MAX_CREDIT_WORDS:
            continue
        text = normalize_title(raw)
        if len(text) <= _MAX_CREDIT_CHARS and (match := rules.match_credit(text)):
            return match[1]
    return None


def _page_lang(root: lxml.html.HtmlElement, meta: PageMeta, title: str, raw_html: str) -> str:
    declared = declared_lang(root, meta)
    if declared:
        return declared
    sample = title + " " + (lxml.html.fromstring(raw_html).text_content() if raw_html.strip() else "")
    return detect_lang(sample) or ""


def read_page(
    body: bytes,
    *,
    url: str,
    fetched_at: datetime,
    headers_encoding: str | None = None,
    rules: PageRules | None = None,
    lang: str | None = None,
    listed_in: str | None = None,
) -> tuple[Verdict, Article | None]:
    """extract_article behind the "is this an article at all" checks; a crawl drops pages by reason. `listed_in`:
    the feed or sitemap that listed the page (newsbot.items.LISTED_IN), evidence that it is an article."""
    verdict = check_bytes(body)
    if not verdict.ok:
        return verdict, None
    decoded = decode_html(body, headers_encoding, default=rules.encoding if rules else None)
    root = parse_document(decoded.text)
    verdict = check_document(decoded.text, root)
    if not verdict.ok:
        return verdict, None
    # One decoding and one parse serve the verdict and the extraction.
    article = _extract(root, url=url, fetched_at=fetched_at, known=rules, default_lang=lang)
    verdict = check_article(article, root, listed=listed_in in LISTED_IN)
    if verdict.ok and decoded.repaired:
        verdict = replace(verdict, notes=(*verdict.notes, "repaired-mojibake"))
    if verdict.ok and "short" in verdict.notes:
        article.short = True
    return verdict, article if verdict.ok else None
