"""Site-level boilerplate: blocks that recur on a large share of one site's cleaned pages.

The phrase catalogue knows chrome that many sites share; this finds what only one site repeats (its own
disclaimer, a slogan under every article, a subscription plea). Pure functions: texts in, findings out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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
