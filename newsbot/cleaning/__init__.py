"""Article body cleaning: raw body HTML in, safe clean HTML and plain text out.

`clean_body` is what page modules call, once per body; it is a pure function of its input: structural
cleaning (tags, class/id tokens), then the phrase catalogue on block level, then sanitising.
`cut_site_blocks` is the one step a page cannot run: the blocks a site repeats are known from the archive
(`newsbot boilerplate`), so the boilerplate pipeline cuts them from the page's clean HTML afterwards.
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


def clean_body(raw_html: str, lang: str | None = None, *, drop: Iterable[str] = ()) -> CleanBody:
    """Clean an article body. `lang` picks the phrase catalogue (every language when None or unknown); `drop`
    are extra CSS selectors a site's rules name as chrome."""
    if not raw_html or not raw_html.strip():
        return CleanBody("", "")
    fragment = body_fragment(raw_html)
    if fragment is None:
        return CleanBody("", "")
    removed = drop_selectors(fragment, tuple(drop))
    removed += drop_chrome_elements(fragment)
    phrases = apply_phrase_rules(fragment, catalogue(lang))
    removed += phrases.removed
    html = sanitize_html(fragment)
    credit = "; ".join(dict.fromkeys(phrases.credits)) or None
    return CleanBody(
        html=html,
        text=html_to_text(html),
        image_credit=credit,
        source=phrases.source,
        removed=tuple(Removal(rule, text) for rule, text in removed),
    )


def cut_site_blocks(html: str, site_blocks: Collection[str]) -> tuple[str, tuple[Removal, ...]]:
    """Clean HTML without the blocks the archive found repeated across the site's pages (`site_blocks`: their
    normalised texts). Returns (html, what was cut); the html is the very input when nothing matched."""
    if not site_blocks or not html:
        return html, ()
    fragment = body_fragment(html)
    if fragment is None:
        return html, ()
    removed = drop_repeated_blocks(fragment, site_blocks)
    if not removed:
        return html, ()
    return sanitize_html(fragment), tuple(Removal(rule, text) for rule, text in removed)


__all__ = ["CleanBody", "Removal", "clean_body", "cut_site_blocks", "html_to_text", "normalize_title"]
