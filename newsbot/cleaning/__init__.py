"""Article body cleaning: raw body HTML in, safe clean HTML and plain text out.

`clean_body` is the one entry point the clean pipeline calls; it is a pure function of its input.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsbot.cleaning.sanitize import sanitize_html
from newsbot.cleaning.structure import body_fragment, drop_chrome_elements
from newsbot.cleaning.text import html_to_text, normalize_title


@dataclass(frozen=True)
class CleanBody:
    html: str
    text: str


def clean_body(raw_html: str) -> CleanBody:
    if not raw_html or not raw_html.strip():
        return CleanBody("", "")
    fragment = body_fragment(raw_html)
    if fragment is None:
        return CleanBody("", "")
    drop_chrome_elements(fragment)
    html = sanitize_html(fragment)
    return CleanBody(html=html, text=html_to_text(html))


__all__ = ["CleanBody", "clean_body", "normalize_title"]
