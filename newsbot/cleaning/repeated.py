"""Site-level boilerplate: blocks that recur on a large share of one site's cleaned pages.

The phrase catalogue knows chrome that many sites share; this finds what only one site repeats (its own
disclaimer, a slogan under every article, a subscription plea). Pure functions: texts in, findings out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

import lxml.html

from newsbot.cleaning.blocks import drop_element, leaf_blocks, prune_empty
from newsbot.cleaning.phrases import normalize

# Defaults: a block on at least half of the pages, and on 5 or more, is the site's, not the article's.
MIN_SHARE = 0.5
MIN_PAGES = 5
# Longer blocks that repeat are more likely one article reprinted than boilerplate; leave those to a human.
MAX_CHARS = 400


@dataclass(frozen=True)
class RepeatedBlock:
    text: str  # as first seen
    key: str  # normalized form used for matching
    pages: int
    share: float


def _blocks(text: str) -> list[str]:
    return [block.strip() for block in text.split("\n\n") if block.strip()]


def find_repeated(
    texts: Sequence[str],
    *,
    min_share: float = MIN_SHARE,
    min_pages: int = MIN_PAGES,
    max_chars: int = MAX_CHARS,
) -> list[RepeatedBlock]:
    """Blocks found on at least `min_pages` pages and at least `min_share` of them, most frequent first."""
    if not texts:
        return []
    counts: Counter[str] = Counter()
    first_seen: dict[str, str] = {}
    for text in texts:
        keys = set()
        for block in _blocks(text):
            key = normalize(block)
            if key and len(block) <= max_chars:
                keys.add(key)
                first_seen.setdefault(key, block)
        counts.update(keys)
    total = len(texts)
    found = [
        RepeatedBlock(first_seen[key], key, pages, pages / total)
        for key, pages in counts.items()
        if pages >= min_pages and pages / total >= min_share
    ]
    return sorted(found, key=lambda block: (-block.pages, block.key))


def remove_repeated(text: str, repeated: Iterable[RepeatedBlock]) -> tuple[str, list[tuple[str, str]]]:
    """The text without the repeated blocks, and (rule, text) for each block removed."""
    by_key = {block.key: block for block in repeated}
    kept: list[str] = []
    removed: list[tuple[str, str]] = []
    for block in _blocks(text):
        hit = by_key.get(normalize(block))
        if hit is None:
            kept.append(block)
        else:
            removed.append((f"repeated:{hit.pages} pages ({hit.share:.0%})", block))
    return "\n\n".join(kept), removed


def drop_repeated_blocks(container: lxml.html.HtmlElement, keys: Collection[str]) -> list[tuple[str, str]]:
    """Drop the leaf blocks whose normalised text is one of a site's repeated-block keys; (rule, text) each."""
    removed: list[tuple[str, str]] = []
    if not keys:
        return removed
    for unit in leaf_blocks(container):
        text = " ".join("".join(unit.itertext()).split())
        if text and normalize(text) in keys:
            removed.append(("site-repeated", text))
            drop_element(unit)
    if removed:
        prune_empty(container)
    return removed
