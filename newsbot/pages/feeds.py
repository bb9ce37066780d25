"""RSS 2.0 and Atom feeds, sitemaps (indexes, news sitemaps) and robots.txt Sitemap lines: the URLs they list.

Pure: bytes in, entries out. The spiders decide which entries to follow.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from datetime import datetime

import lxml.html
from lxml import etree

from newsbot.dates.structured import parse_iso8601, parse_rfc822
from newsbot.urls import absolute_url

_PARSER = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")


@dataclass(frozen=True)
class Entry:
    url: str
    title: str = ""
    # The feed's pubDate/updated or the sitemap's lastmod, as written.
    date: str | None = None
    # Why the entry cannot be followed (`bad-url`: its link is no URL); its url is then the link as written.
    problem: str | None = None


# The most a gzip file may inflate to when the caller names no limit (the downloads' DOWNLOAD_MAXSIZE).
MAX_INFLATED = 32 * 2**20


class TooLargeError(ValueError):
    """A gzip file (a .xml.gz sitemap or feed) that inflates past the size limit."""


def _entry(base_url: str, link: str, title: str, date: str | None) -> Entry:
    url = absolute_url(base_url, link)
    return Entry(url, title, date) if url is not None else Entry(link, title, date, problem="bad-url")


def gunzip(body: bytes, limit: int | None) -> bytes | None:
    """A gzip file's content, inflated in steps so that a bomb never takes more than `limit` bytes of memory
    (TooLargeError past it); None when it is not valid gzip."""
    inflater = zlib.decompressobj(wbits=31)
    chunk = 1 << 20
    out: list[bytes] = []
    size = 0
    data = body
    try:
        while data:
            part = inflater.decompress(data, chunk)
            size += len(part)
            if limit and size > limit:
                raise TooLargeError(f"inflates to more than {limit / 2**20:g} MiB")
            out.append(part)
            data = inflater.unconsumed_tail
            if inflater.eof:
                break
    except zlib.error:
        return None
    return b"".join(out) if inflater.eof else None


@dataclass(frozen=True)
class Sitemap:
    is_index: bool
    entries: list[Entry]


def _root(body: bytes, limit: int | None = MAX_INFLATED) -> etree._Element | None:
    if body[:2] == b"\x1f\x8b":  # a .xml.gz sitemap served as a file, not as Content-Encoding
        inflated = gunzip(body, limit)
        if inflated is None:
            return None
        body = inflated
    body = body.lstrip()
    if not body:
        return None
    try:
        return etree.fromstring(body, _PARSER)
    except etree.XMLSyntaxError:
        return None


def _local(tag: object) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _child_text(element: etree._Element, *names: str) -> str:
    for child in element:
        if _local(child.tag) in names and (child.text or "").strip():
            return child.text.strip()
    return ""


def is_feed(body: bytes) -> bool:
    root = _root(body)
    return root is not None and _local(root.tag) in ("rss", "feed", "rdf")


def parse_feed(body: bytes, base_url: str, *, limit: int | None = MAX_INFLATED) -> list[Entry]:
    """Items of an RSS 2.0 (or RSS 1.0) feed or an Atom feed, in feed order; [] when it is not a feed.
    A gzip file inflating past `limit` bytes raises TooLargeError."""
    root = _root(body, limit)
    if root is None or _local(root.tag) not in ("rss", "feed", "rdf"):
        return []
    entries = []
    for item in root.iter():
        name = _local(item.tag)
        if name == "item":
            link = _child_text(item, "link") or _guid_link(item)
            date = _child_text(item, "pubdate", "date", "published", "updated")
        elif name == "entry":
            link = _atom_link(item)
            date = _child_text(item, "published", "updated")
        else:
            continue
        if link:
            title = " ".join(_child_text(item, "title").split())
            entries.append(_entry(base_url, link, title, date or None))
    return entries


def _guid_link(item: etree._Element) -> str:
    for child in item:
        if _local(child.tag) == "guid" and child.get("isPermaLink", "true") != "false":
            return (child.text or "").strip()
    return ""


def _atom_link(entry: etree._Element) -> str:
    links = [c for c in entry if _local(c.tag) == "link" and c.get("href")]
    for link in links:
        if link.get("rel", "alternate") == "alternate":
            return link.get("href", "")
    return links[0].get("href", "") if links else ""


def parse_sitemap(body: bytes, base_url: str, *, limit: int | None = MAX_INFLATED) -> Sitemap | None:
    """A sitemap index (child sitemaps) or a urlset (pages, with lastmod or news:publication_date).
    A gzip file inflating past `limit` bytes raises TooLargeError."""
    root = _root(body, limit)
    if root is None or _local(root.tag) not in ("sitemapindex", "urlset"):
        return None
    entries = []
    for node in root:
        if _local(node.tag) not in ("sitemap", "url"):
            continue
        loc = _child_text(node, "loc")
        if not loc:
            continue
        date = _child_text(node, "lastmod")
        title = ""
        for news in node.iter():
            if _local(news.tag) == "publication_date" and (news.text or "").strip():
                date = news.text.strip()
            if _local(news.tag) == "title" and (news.text or "").strip():
                title = " ".join(news.text.split())
        entries.append(_entry(base_url, loc, title, date or None))
    return Sitemap(_local(root.tag) == "sitemapindex", entries)


def entry_time(entry: Entry, tz: str = "UTC") -> datetime | None:
    """The entry's date as an instant, for filtering (ISO 8601 or RFC 822); None when absent or unreadable."""
    if not entry.date:
        return None
    return parse_iso8601(entry.date, tz) or parse_rfc822(entry.date, tz)


def robots_sitemaps(text: str) -> list[str]:
    return [m.group(1).strip() for m in re.finditer(r"(?im)^\s*sitemap\s*:\s*(\S+)", text)]


# WordPress names its REST root with this link relation, in the page head and in a Link header.
_REST_REL = "https://api.w.org/"
_LINK_HEADER = re.compile(r'<([^>]+)>\s*;[^,]*?rel\s*=\s*"?([^",;]+)"?')


def rest_root(link_headers: list[bytes], body: bytes, base_url: str) -> str | None:
    """The REST API root a WordPress page announces (`Link: <https://h/wp/wp-json/>; rel="https://api.w.org/"`
    or `<link rel="https://api.w.org/" href=...>`), or None."""
    for header in link_headers:
        for target, rel in _LINK_HEADER.findall(header.decode("latin-1")):
            if _REST_REL in rel.split():
                return absolute_url(base_url, target.strip())
    try:
        root = lxml.html.document_fromstring(body)
    except (etree.ParserError, ValueError):
        return None
    for link in root.iter("link"):
        if _REST_REL in (link.get("rel") or "").split() and link.get("href"):
            return absolute_url(base_url, link.get("href").strip())
    return None


def feed_links(body: bytes, base_url: str) -> list[str]:
    """Feeds a home page announces with <link rel="alternate" type="application/rss+xml">, comment feeds last."""
    try:
        root = lxml.html.document_fromstring(body)
    except (etree.ParserError, ValueError):
        return []
    found = [
        url
        for link in root.iter("link")
        if "alternate" in (link.get("rel") or "").lower().split()
        and (link.get("type") or "").lower() in _FEED_TYPES
        and link.get("href")
        and (url := absolute_url(base_url, link.get("href", ""))) is not None
    ]
    return sorted(dict.fromkeys(found), key=lambda url: "comment" in url.lower())
