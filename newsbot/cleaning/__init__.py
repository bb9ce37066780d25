"""Article body cleaning: raw body HTML in, safe clean HTML and plain text out.

`clean_body` is the one entry point the clean pipeline calls; it is a pure function of its input:
structural cleaning (tags, class/id tokens), then the phrase catalogue on block level, then sanitising.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from newsbot.cleaning.blocks import apply_phrase_rules
from newsbot.cleaning.phrases import catalogue
from newsbot.cleaning.repeated import drop_repeated_blocks
from newsbot.cleaning.sanitize import sanitize_html
from newsbot.cleaning.structure import body_fragment, drop_chrome_elements, drop_selectors
from newsbot.cleaning.text import html_to_text, normalize_title


@dataclass(frozen=True)
class Removal:
    """One piece of chrome taken out of a body, and the rule that took it (for debugging)."""

    rule: str
    text: str


@dataclass(frozen=True)
class CleanBody:
    html: str
    text: str
    image_credit: str | None = None
    source: str | None = None
    removed: tuple[Removal, ...] = ()


# (raw_html, (lang, drop, site_blocks), result) of the last call. A page is cleaned to judge it (is there
# article text at all?) and the clean pipeline cleans the same body again: that second call gets the first
# result. Only for the very same string object (immutable, so the same text), never for equal text.
_last: tuple[str, tuple[str | None, tuple[str, ...], frozenset[str]], CleanBody] | None = None


def clean_body(
    raw_html: str, lang: str | None = None, *, drop: Iterable[str] = (), site_blocks: Collection[str] = ()
) -> CleanBody:
    """Clean an article body. `lang` picks the phrase catalogue (every language when None); `drop` are
    extra CSS selectors a site's rules name as chrome; `site_blocks` are the normalised texts of blocks the
    archive found repeated across the site's pages (`newsbot boilerplate`)."""
    global _last
    options = (lang, tuple(drop), frozenset(site_blocks))
    if _last is not None and _last[0] is raw_html and _last[1] == options:
        return _last[2]
    result = _clean(raw_html, *options)
    _last = (raw_html, options, result)
    return result


def _clean(raw_html: str, lang: str | None, drop: tuple[str, ...], site_blocks: frozenset[str]) -> CleanBody:
    if not raw_html or not raw_html.strip():
        return CleanBody("", "")
    fragment = body_fragment(raw_html)
    if fragment is None:
        return CleanBody("", "")
    removed = drop_selectors(fragment, drop)
    removed += drop_chrome_elements(fragment)
    phrases = apply_phrase_rules(fragment, catalogue(lang))
    removed += phrases.removed
    removed += drop_repeated_blocks(fragment, site_blocks)
    html = sanitize_html(fragment)
    credit = "; ".join(dict.fromkeys(phrases.credits)) or None
    return CleanBody(
        html=html,
        text=html_to_text(html),
        image_credit=credit,
        source=phrases.source,
        removed=tuple(Removal(rule, text) for rule, text in removed),
    )


__all__ = ["CleanBody", "Removal", "clean_body", "normalize_title"]
