"""The address a saved page gives for itself (`<link rel=canonical>`, else `<meta property=og:url>`), read from
its bytes before anything else: `newsbot extract` needs it to pick the site's rules, and the rules name the
charset to decode and parse the page with."""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin, urlsplit

# Both tags belong in <head>; a page's head rarely passes 256 KB even with inline scripts and styles, and a
# bound keeps a huge page from being scanned twice.
_HEAD_BYTES = 256 * 1024
_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
_TAG = re.compile(rb"<(link|meta)\s[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(rb"""([A-Za-z:_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


def _attributes(tag: bytes) -> dict[bytes, bytes]:
    found: dict[bytes, bytes] = {}
    for name, double, single, bare in _ATTRIBUTE.findall(tag):
        found.setdefault(name.lower(), double or single or bare)
    return found


def _text(value: bytes) -> str:
    # URLs are ASCII or percent-encoded on nearly every page; a raw non-UTF-8 byte is replaced, not guessed.
    return html.unescape(value.decode("utf-8", "replace")).strip()


def _is_absolute(url: str) -> bool:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises on a bad port)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def declared_url(body: bytes) -> str | None:
    """The page's canonical URL, else its og:url, as an absolute http(s) URL; None when it names neither.

    A relative canonical link is resolved against og:url when there is one (and dropped when not)."""
    head = body[:_HEAD_BYTES]
    if end := _HEAD_END.search(head):
        head = head[: end.start()]
    canonical = og_url = None
    for match in _TAG.finditer(head):
        attributes = _attributes(match.group())
        if match.group(1).lower() == b"link":
            if canonical is None and b"canonical" in attributes.get(b"rel", b"").lower().split():
                canonical = _text(attributes.get(b"href", b"")) or None
        elif og_url is None:
            kind = attributes.get(b"property") or attributes.get(b"name") or b""
            if kind.strip().lower() == b"og:url":
                og_url = _text(attributes.get(b"content", b"")) or None
    base = og_url if og_url and _is_absolute(og_url) else None
    for candidate in (canonical and (urljoin(base, canonical) if base else canonical), base):
        if candidate and _is_absolute(candidate):
            return candidate
    return None
