"""Which list pages a run walks and which entries it takes: the incremental rules every spider kind shares.

Pure logic on what the spider read from the archive at start (known keys, walk state); no I/O here.

A *head* walk reads a listing newest first and stops after the first page that holds an entry it does not
want (known, and published before the re-check window): everything below that entry is older, and was
archived by the walks before. An entry that is never archived (dropped for an empty body) therefore costs
no extra page once a known entry follows it on its page. A *full* walk reads every page to the end (a
backfill, or the first walk of a site); when `checkpointed`, the pages it finished are recorded so that a
killed walk continues after them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from newsbot.archive.state import WalkState
from newsbot.urls import canonical_url


@dataclass(frozen=True)
class Walk:
    lang: str
    full: bool
    checkpointed: bool = False

    @property
    def name(self) -> str:
        return "full" if self.full else "head"


def article_keys(url: str, source_id: str | None) -> tuple[str, ...]:
    """The keys known_keys() returns for an archived article: its canonical URL and its source id."""
    return (canonical_url(url), f"id:{source_id}") if source_id else (canonical_url(url),)


@dataclass
class WalkPolicy:
    backfill: bool
    recheck_after: datetime
    since: datetime | None = None
    known: dict[str, set[str]] = field(default_factory=dict)

    def walks(self, lang: str, state: WalkState) -> list[tuple[Walk, int]]:
        """The walks to start for one language, each with its first page."""
        if self.since is not None:
            return [(Walk(lang, full=self.backfill), 1)]
        resume = (state.last_page or 0) + 1
        if self.backfill:
            return [(Walk(lang, full=True, checkpointed=True), resume)]
        if state.walked_to_end_at is not None:
            return [(Walk(lang, full=False), 1)]
        # No walk of this language ever reached the end: this run finishes it, after what is new on top.
        full = (Walk(lang, full=True, checkpointed=True), resume)
        return [full] if resume == 1 else [(Walk(lang, full=False), 1), full]

    def wanted(self, walk: Walk, keys: Iterable[str], published: datetime | None) -> bool:
        """Whether a listed entry is taken (fetched, or yielded where the list carries it whole)."""
        if self.since is not None and published is not None and published < self.since:
            return False
        if walk.full or self.known.get(walk.lang) is None or not set(keys) & self.known[walk.lang]:
            return True
        return published is not None and published >= self.recheck_after

    def walk_on(self, walk: Walk, entries: Sequence[tuple[Iterable[str], datetime | None]]) -> bool:
        """Whether to read the next list page after one holding these entries (newest first)."""
        if not entries:
            return False
        dates = [published for _, published in entries if published is not None]
        if self.since is not None and dates and min(dates) < self.since:
            return False
        return walk.full or all(self.wanted(walk, keys, published) for keys, published in entries)
