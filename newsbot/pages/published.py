"""Where a page says when it was published: evidence in layers, and the first candidate that reads as a
plausible date wins.

1. <meta> of the publication time (Open Graph and article:, schema.org itemprop, Dublin Core, Parse.ly,
   Sailthru, …): "meta";
2. JSON-LD `datePublished` of the article (NewsArticle, BlogPosting, …), then of another object that is no
   page, list or breadcrumb: "jsonld";
3. `itemprop="datePublished"` on an element (its content, datetime or text), `<abbr class="published"
   title>`: "itemprop";
4. `<time datetime>` in the site's date element, in the article, then on the page: "time";
5. visible text: the site's own date selector, then short elements near the headline whose class or id says
   date, time, published, meta or info, and `<time>` without datetime: "text";
6. the date in the URL (`/2021/06/14/`), at day precision: "url";
7. htmldate's reading of the page, for what none of ours finds, at day precision: "htmldate". Not as a
   judge over our visible finds: tried so, it took the page header's "today" and a related post's date
   over the article's on our fixtures, and on the real-page sets it disagreed with us only where we were right.

Dates inside related-post tiles, asides, comments and embedded posts are never candidates. A candidate that
does not parse, is absurd or lies in the future gives way to the next one (a JSON-LD placeholder `0001-01-01`
falls through to the URL), and so does one more than a day away from the day the URL names.
Pure: the fetch time is the only clock.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from functools import cache
from itertools import chain, islice
from typing import NamedTuple

import htmldate
import lxml.html

from newsbot.cleaning.css import select
from newsbot.dates import ParsedDate, languages_for, resolve_date
from newsbot.dates.structured import parse_url_date, written_offset
from newsbot.dates.zones import country_zone, offset_zone
from newsbot.pages.api_json import load_json
from newsbot.pages.lang import declared_lang
from newsbot.pages.metadata import PageMeta, read_meta
from newsbot.pages.rules import DEFAULT_TIMEZONE, PageRules
from newsbot.sites import bare_host

# Names of <meta> (property, name or itemprop; compared lower-cased) that carry the publication time, most
# specific first.
PUBLISHED_META = (
    "article:published_time", "og:published_time", "og:article:published_time", "article:published",
    "datepublished", "pubdate", "publish-date", "publish_date", "publishdate", "publication_date",
    "sailthru.date", "parsely-pub-date", "vr:published-time", "sw-pubdate", "article.published",
    "original-publish-date", "originalpublicationdate", "cxenseparse:recs:publishtime", "rnews:datepublished",
    "dc.date.issued", "dcterms.issued", "dcterms.created", "dc.date.created",
)  # fmt: skip
# Plain `date` names, read after the article's JSON-LD and itemprop: some CMSs put the page's build date or a
# print edition's date there (Junge Welt's `date` is the next morning's paper).
WEAK_META = ("dc.date", "dcterms.date", "date")
MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified")

# schema.org types whose datePublished is the article's.
_ARTICLE_TYPES = re.compile(r"article|posting|report|story", re.IGNORECASE)
# Types whose dates are never the article's: a page, a list, a breadcrumb, an organisation, a person.
_NOT_ARTICLE_TYPES = re.compile(r"webpage|website|list|breadcrumb|organization|person|imageobject|videoobject",
                                re.IGNORECASE)
# A JSON-LD script larger than this is no article metadata (and json would spend seconds on it).
_MAX_JSONLD_CHARS = 500_000
_TRAILING_COMMA = re.compile(r",\s*([}\]])")

# Containers whose dates belong to something else: related posts, comments, embeds, asides.
_NOISE_TAGS = frozenset({"aside", "footer", "nav", "blockquote", "form", "header"})
_NOISE_CLASS = re.compile(
    r"related|comment|sidebar|widget|teaser|recommend|popular|most-?read|read-?more|more-?news|also|promo|"
    r"embed|instagram|twitter|tiktok|facebook|share|newsletter|footer|breaking|ticker|card|carousel|slider|"
    r"top-?bar|masthead|navbar|menu|weather|clock|calendar|archive",
    re.IGNORECASE,
)
# A <time> that says it is the modification time.
_MODIFIED_MARK = re.compile(r"modif|updat|aktualis|edited|обновл|жаңарт", re.IGNORECASE)
_PUBLISHED_MARK = re.compile(r"publi|entry-date|posted|created|datePublished", re.IGNORECASE)
# An element that says it is the article's publication date, not just some date.
_OWN_DATE_MARK = re.compile(r"publication[-_]?date|pubdate|date[-_]?published|article[-_]date", re.IGNORECASE)
# Elements whose class or id says they hold a date, and <time> without a machine-readable value.
_MARKED_XPATH = "//body//*[@class or @id] | //body//time[not(@datetime)]"
_DATE_MARK = re.compile(r"date|time|publi|posted|datum|meta|info|byline", re.IGNORECASE)
_CLOCK_ONLY = re.compile(r"\d{1,2}:\d{2}")
# A date line has few child elements (icons, a date and a time span).
_MAX_CHILDREN = 8
# A visible date line is short; longer text is a paragraph that mentions a date.
MAX_VISIBLE_CHARS = 80
# Visible candidates tried at most: each may cost a dateparser reading.
MAX_VISIBLE_CANDIDATES = 6


def _load_jsonld(text: str) -> object:
    if len(text) > _MAX_JSONLD_CHARS:
        return None
    for attempt in (text, _TRAILING_COMMA.sub(r"\1", text)):
        try:
            # strict=False: raw line breaks and tabs inside strings, as CMS templates leave them.
            return load_json(attempt, strict=False)
        except ValueError:  # not JSON, or nested thousands deep
            continue
    return None


def jsonld_objects(root: lxml.html.HtmlElement) -> Iterator[dict]:
    """Every JSON object of the page's JSON-LD scripts, @graph members included, outermost first."""
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        stack = [_load_jsonld(script.text or "")]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                if "@graph" in item:
                    stack.append(item["@graph"])


def _types(item: dict) -> str:
    kind = item.get("@type")
    return " ".join(k for k in kind if isinstance(k, str)) if isinstance(kind, list) else str(kind or "")


def jsonld_dates(objects: Callable[[], list[dict]], key: str) -> Iterator[str]:
    """`key` values of the article objects first, then of other objects that are no page or list. The objects
    are asked for only when the values are: most pages never need their JSON-LD parsed."""
    articles: list[str] = []
    others: list[str] = []
    for item in objects():
        value = item.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # Unix seconds or milliseconds, as some CMSs write them
        if not isinstance(value, str) or not value.strip():
            continue
        kind = _types(item)
        if _ARTICLE_TYPES.search(kind):
            articles.append(value.strip())
        elif not _NOT_ARTICLE_TYPES.search(kind):
            others.append(value.strip())
    yield from articles
    yield from others


def _parsely_page_date(meta: PageMeta) -> str | None:
    """`pub_date` of Parse.ly's older JSON <meta name="parsely-page">."""
    content = meta.get("parsely-page")
    data = _load_jsonld(content) if content else None
    value = data.get("pub_date") if isinstance(data, dict) else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def in_noise(element: lxml.html.HtmlElement) -> bool:
    """Whether the element sits in a related-posts tile, an aside, a comment, an embedded post. An element
    that names itself the article's publication date (`article-publication-date`) inside the <article> may
    stand in an aside: templates put the article's own date and byline there."""
    own = f"{element.get('class') or ''} {element.get('id') or ''}"
    own_date = bool(_OWN_DATE_MARK.search(own))
    node: lxml.html.HtmlElement | None = element
    while node is not None and node.tag not in ("body", "html"):
        if node.tag in _NOISE_TAGS and not (own_date and node.tag == "aside" and _inside_article(node)):
            return True
        marks = f"{node.get('class') or ''} {node.get('id') or ''}"
        if marks.strip() and _NOISE_CLASS.search(marks):
            return True
        node = node.getparent()
    return False


def _inside_article(element: lxml.html.HtmlElement) -> bool:
    return any(ancestor.tag == "article" for ancestor in element.iterancestors())


def _itemprop_dates(root: lxml.html.HtmlElement) -> Iterator[str]:
    for element in root.xpath("//*[@itemprop='datePublished' or @itemprop='datepublished'][not(self::meta)]"):
        if in_noise(element) or _in_foreign_item(element):
            continue
        value = element.get("content") or element.get("datetime") or element.text_content()
        if value and value.strip():
            yield value.strip()
    for element in root.xpath("//abbr[contains(concat(' ', @class, ' '), ' published ')][@title]"):
        if not in_noise(element):
            yield element.get("title").strip()


def _in_foreign_item(element: lxml.html.HtmlElement) -> bool:
    """A datePublished inside a cited work (a Book, a ScholarlyArticle in a reference list) is not ours."""
    for scope in element.iterancestors():
        if scope.get("itemscope") is not None:
            kind = scope.get("itemtype") or ""
            return bool(kind) and not (_ARTICLE_TYPES.search(kind) and "scholarly" not in kind.lower())
    return False


def _time_datetimes(root: lxml.html.HtmlElement, site_elements: list[lxml.html.HtmlElement]) -> Iterator[str]:
    """`<time datetime>` values, scope by scope (the site's date element, each article, the page); within an
    article the earliest first, so a live ticker's or an update's later stamps come after the publication's.
    A <time> marked as the modification time is no candidate."""
    scopes = [*site_elements, *root.iter("article"), root]
    seen: set[lxml.html.HtmlElement] = set()
    for scope in scopes:
        elements = [scope] if scope.tag == "time" else list(scope.iter("time"))
        values = []
        for element in elements:
            if element in seen:
                continue
            seen.add(element)
            value = (element.get("datetime") or "").strip()
            marks = _marks(element)
            # WordPress themes mark the publication <time> `entry-date updated` (hAtom): only a <time> marked
            # modified and not published is left out.
            if not value or (_MODIFIED_MARK.search(marks) and not _PUBLISHED_MARK.search(marks)):
                continue
            if scope in site_elements or not in_noise(element):
                values.append(value)
        if scope is root:
            yield from values  # the page at large: the first stamp, a later one is more often a teaser's
            continue
        # In an article, ISO strings sort in time order; others keep their place at the end.
        yield from sorted(values, key=lambda v: (not v[:4].isdigit(), v if v[:4].isdigit() else ""))


def _marks(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.get(name) or "" for name in ("class", "id", "itemprop"))


def _squash(text: str) -> str:
    return " ".join(text.split())


def _near_headline(root: lxml.html.HtmlElement) -> Callable[[lxml.html.HtmlElement], bool]:
    """Whether an element is where an article's date stands: after the headline in the page, or beside it
    (in the block that holds the <h1>). Dates above the headline outside that block are the page header's
    "today". A page without an <h1> has no such test."""
    heading = next(root.iter("h1"), None)
    if heading is None:
        return lambda element: True
    block = heading.getparent()
    if block is not None and block.getparent() is not None and block.tag not in ("body", "html"):
        block = block.getparent()
    order = {element: number for number, element in enumerate(root.iter())}
    start = order.get(heading, 0)

    def near(element: lxml.html.HtmlElement) -> bool:
        if order.get(element, 0) > start:
            return True
        return block is not None and block.tag not in ("body", "html") and any(
            ancestor is block for ancestor in element.iterancestors()
        )

    return near


def _visible_dates(root: lxml.html.HtmlElement) -> Iterator[str]:
    """Short texts of date-like elements outside noise, near the headline, in document order; a date and a
    time written in two sibling elements come joined (`12.03.2025` + `09:45`)."""
    tried = 0
    near = None
    for element in root.xpath(_MARKED_XPATH):
        if element.tag != "time" and not _DATE_MARK.search(f"{element.get('class') or ''} {element.get('id') or ''}"):
            continue
        if element.tag in ("script", "style") or len(element) > _MAX_CHILDREN:
            continue  # a wrapper named `page-meta` holds the page, not a date line: its text is not read
        text = _squash(element.text_content())
        if not text or len(text) > MAX_VISIBLE_CHARS or not any(ch.isdigit() for ch in text):
            continue
        if in_noise(element):
            continue
        near = near or _near_headline(root)
        if not near(element):
            continue
        tried += 1
        if tried > MAX_VISIBLE_CANDIDATES:
            return
        sibling = next((node for node in element.itersiblings() if isinstance(node.tag, str)), None)
        if sibling is not None and _CLOCK_ONLY.fullmatch(_squash(sibling.text_content())):
            yield f"{text} {_squash(sibling.text_content())}"
        yield text


def _candidates(
    root: lxml.html.HtmlElement, meta: PageMeta, jsonld: Callable[[], list[dict]],
    site_elements: list[lxml.html.HtmlElement], url: str,
) -> Iterator[tuple[str, str, bool]]:
    """(raw, source, found by the generic visible search) in order of trust."""
    for value in meta.values(PUBLISHED_META):
        yield value, "meta", False
    if value := _parsely_page_date(meta):
        yield value, "meta", False
    for value in jsonld_dates(jsonld, "datePublished"):
        yield value, "jsonld", False
    for value in _itemprop_dates(root):
        yield value, "itemprop", False
    for value in meta.values(WEAK_META):
        yield value, "meta", False
    for value in _time_datetimes(root, site_elements):
        yield value, "time", False
    for element in site_elements:
        if text := _squash(element.text_content()):
            yield text, "text", False
    for value in _visible_dates(root):
        yield value, "text", True
    if url:
        yield url, "url", False


class Published(NamedTuple):
    """The publication date's evidence: the raw value and where it was found, and for a site outside the
    registry the zone its local times are read in and how that zone was known."""

    raw: str | None
    source: str | None
    zone: str | None = None
    zone_source: str | None = None


def find_published(
    root: lxml.html.HtmlElement, rules: PageRules, *, url: str, fetched_at: datetime, meta: PageMeta | None = None
) -> Published:
    """The publication date's evidence, judged as the date step will read it: in the site's zone (the page's
    own for a site outside the registry) and the page's declared language. `meta`: the page's <meta> index,
    when the caller has read it already."""
    meta = meta if meta is not None else read_meta(root)
    site_elements = [element for selector in rules.date for element in select(root, selector)]

    @cache
    def jsonld() -> list[dict]:
        return list(jsonld_objects(root))

    lang = declared_lang(root, meta)
    zone, zone_source = page_timezone(root, meta, jsonld, url, fetched_at, lang) if not rules.timezone else (None, None)

    known = rules.timezone or zone

    def tz_for(source: str) -> str:
        if known:
            return known
        if zone_source == "default" and source != "text":
            return "UTC"  # a machine-written value without an offset: what CMSs store
        return DEFAULT_TIMEZONE  # a visible time is a wall clock; nothing says whose: newsbot's home zone

    languages = languages_for(lang)
    url_day = parse_url_date(url, tz_for("url")) if url else None
    judged = _Replay(
        (raw, source, generic, resolve_date(raw, source, tz=tz_for(source), fetched_at=fetched_at, languages=languages))
        for raw, source, generic in _candidates(root, meta, jsonld, site_elements, url)
    )
    for raw, source, generic, parsed in judged:
        if parsed.value is None:
            continue
        if generic and (parsed.inferred_year or parsed.method == "relative"):
            continue  # a generic element's `12 March` or `2 hours ago` is too weak to stand alone
        if url_day is not None and source != "url" and abs(parsed.value - url_day) > timedelta(days=2):
            continue  # the address names another day: this is some other date on the page
        if parsed.precision == "day":
            raw, source = _same_day_with_time(judged, parsed.value) or (raw, source)
        return Published(raw, source, tz_for(source) if zone_source else None, zone_source)
    found = _htmldate(root, url, fetched_at)
    day = resolve_date(found, "htmldate", tz=tz_for("htmldate"), fetched_at=fetched_at).value if found else None
    if found is None or day is None:
        return Published(None, None)
    raw, source = _same_day_with_time(judged, day) or (found, "htmldate")
    return Published(raw, source, tz_for(source) if zone_source else None, zone_source)


_Judged = tuple[str, str, bool, ParsedDate]


class _Replay:
    """The judged candidates, each read and parsed once however often they are walked: a day-only winner walks
    them again for its time."""

    def __init__(self, items: Iterator[_Judged]) -> None:
        self._items = items
        self._seen: list[_Judged] = []

    def __iter__(self) -> Iterator[_Judged]:
        index = 0
        while True:
            if index == len(self._seen):
                item = next(self._items, None)
                if item is None:
                    return
                self._seen.append(item)
            yield self._seen[index]
            index += 1


def _same_day_with_time(judged: _Replay, day: datetime) -> tuple[str, str] | None:
    """Another candidate that names the same day with its time (a day-only `<meta>` before a JSON-LD instant,
    the URL's day and a visible `17.06.2025 16:30`): the minute, where the page gives it."""
    for raw, source, _, parsed in judged:
        if parsed.value is not None and parsed.precision == "minute" and parsed.value.date() == day.date():
            return raw, source
    return None


def page_timezone(
    root: lxml.html.HtmlElement, meta: PageMeta, jsonld: Callable[[], list[dict]], url: str, fetched_at: datetime,
    lang: str | None,
) -> tuple[str | None, str | None]:
    """(zone, its source) for the local times of a site outside the registry (whose rules carry no zone).
    Newsbot does not assume Almaty for every host: first an offset the page writes
    in a machine-readable date ("page-offset"), then the country of the host's top-level domain where that
    country keeps one clock ("tld"), then a language spoken in one such country only ("lang": Kazakh), else
    (None, "default"): the caller reads machine-written values as UTC and visible ones on newsbot's home zone.
    Offsets in embedded posts and asides are another site's; +00:00 is skipped like `Z`."""
    values = chain(  # lazily: most pages say their offset in the first <meta>
        meta.values(PUBLISHED_META + MODIFIED_META + WEAK_META),
        jsonld_dates(jsonld, "datePublished"),
        jsonld_dates(jsonld, "dateModified"),
        (time.get("datetime") or "" for time in islice(root.iter("time"), 8) if not in_noise(time)),
    )
    for value in values:
        offset = written_offset(value)
        # +00:00 is as often a CMS storing UTC as a site on UTC: it says nothing of the site's clock.
        if offset and (zone := offset_zone(offset)):
            return zone, "page-offset"
    country = bare_host(url).rsplit(".", 1)[-1]
    country = _TLD_COUNTRY.get(country, country)
    if len(country) == 2 and country not in _GENERIC_CCTLDS and (zone := country_zone(country, fetched_at)):
        return zone, "tld"
    if lang in _LANG_COUNTRY and (zone := country_zone(_LANG_COUNTRY[lang], fetched_at)):
        return zone, "lang"
    return None, "default"


# Country-code top-level domains that are not the country's ISO 3166 code.
_TLD_COUNTRY = {"uk": "gb", "su": "ru"}
# Country-code domains sold worldwide as generic names (`.io`, `.tv`, `.gg`): they say nothing of the clock.
_GENERIC_CCTLDS = frozenset({
    "ac", "ai", "am", "cc", "cd", "co", "fm", "gg", "gl", "im", "io", "la", "ly", "me", "ml", "ms", "nu", "sh",
    "so", "tk", "to", "tv", "vc", "ws",
})
# Languages written in essentially one country (of those newsbot reads).
_LANG_COUNTRY = {"kk": "kz"}


def _htmldate(root: lxml.html.HtmlElement, url: str, fetched_at: datetime) -> str | None:
    """htmldate's day for a page none of our readers found a date on. It copies the tree before pruning."""
    try:
        return htmldate.find_date(
            root, url=url or None, original_date=True, extensive_search=True,
            max_date=(fetched_at + timedelta(days=1)).strftime("%Y-%m-%d"),
        )
    except Exception:  # a third-party reader on any page (it raises ValueError on some offsets): no date
        return None


def find_modified(root: lxml.html.HtmlElement, meta: PageMeta | None = None) -> str | None:
    meta = meta if meta is not None else read_meta(root)
    return next(meta.values(MODIFIED_META), None) or next(
        jsonld_dates(lambda: list(jsonld_objects(root)), "dateModified"), None
    )
