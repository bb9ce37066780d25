"""declared_url: the address a saved page names for itself."""

from __future__ import annotations

import pytest

from newsbot.pages.declared_url import declared_url


@pytest.mark.parametrize(("head", "expected"), [
    ('<link rel="canonical" href="https://a.kz/news/1">', "https://a.kz/news/1"),
    ("<LINK HREF='https://a.kz/news/1' REL='Canonical'>", "https://a.kz/news/1"),
    ('<link rel=canonical href=https://a.kz/news/1>', "https://a.kz/news/1"),
    ('<meta property="og:url" content="https://a.kz/news/2">', "https://a.kz/news/2"),
    ('<meta name="og:url" content="https://a.kz/news/2" />', "https://a.kz/news/2"),
    # canonical wins over og:url, whichever comes first
    ('<meta property="og:url" content="https://a.kz/og"><link rel="canonical" href="https://a.kz/c">',
     "https://a.kz/c"),
    # a relative canonical is resolved against og:url, and dropped without one
    ('<meta property="og:url" content="https://a.kz/x/og"><link rel="canonical" href="/c?id=1&amp;p=2">',
     "https://a.kz/c?id=1&p=2"),
    ('<link rel="canonical" href="/c">', None),
    ('<link rel="canonical" href="/c"><meta property="og:url" content="not a url">', None),
    ('<link rel="alternate" href="https://a.kz/kk/1"><link rel="stylesheet" href="https://a.kz/s.css">', None),
    ('<link rel="canonical" href="">', None),
    ('<link rel="canonical" href="javascript:void(0)">', None),
    ('<link rel="canonical" href="https://a.kz:99999/x">', None),
    ("", None),
])
def test_declared_url(head: str, expected: str | None) -> None:
    page = f"<html><head><title>t</title>{head}</head><body><p>text</p></body></html>"
    assert declared_url(page.encode()) == expected


def test_only_the_head_is_read() -> None:
    # A link in the body belongs to something the page embeds, not to the page.
    page = b'<html><head></head><body><link rel="canonical" href="https://other.kz/x"></body></html>'
    assert declared_url(page) is None


def test_binary_bytes_have_none() -> None:
    assert declared_url(bytes(range(256)) * 100) is None
