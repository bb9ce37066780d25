"""The incremental walk rules (newsbot/spiders/incremental.py), without a crawl."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newsbot.archive.state import WalkState
from newsbot.spiders.incremental import Walk, WalkPolicy, article_keys

NOW = datetime(2026, 11, 21, 6, 0, tzinfo=UTC)
OLD = NOW - timedelta(days=30)
RECENT = NOW - timedelta(days=1)
HEAD = Walk("kk", full=False)
FULL = Walk("kk", full=True, checkpointed=True)


def policy(**kwargs: object) -> WalkPolicy:
    defaults: dict = {"backfill": False, "recheck_after": NOW - timedelta(days=7), "known": {"kk": {"id:1", "id:2"}}}
    return WalkPolicy(**(defaults | kwargs))


def test_which_walks_a_run_starts() -> None:
    ended = WalkState(walked_to_end_at=OLD)
    assert policy().walks("kk", ended) == [(HEAD, 1)]
    assert policy().walks("kk", WalkState()) == [(FULL, 1)]
    assert policy().walks("kk", WalkState(last_page=4)) == [(HEAD, 1), (FULL, 5)]
    assert policy(backfill=True).walks("kk", ended) == [(FULL, 1)]
    assert policy(backfill=True).walks("kk", WalkState(last_page=4, walked_to_end_at=OLD)) == [(FULL, 5)]
    assert policy(since=OLD).walks("kk", WalkState(last_page=4)) == [(HEAD, 1)]
    assert policy(since=OLD, backfill=True).walks("kk", ended) == [(Walk("kk", full=True), 1)]


def test_wanted_entries() -> None:
    p = policy()
    assert p.wanted(HEAD, ["id:3"], OLD)  # unknown
    assert not p.wanted(HEAD, ["id:1"], OLD)  # known, older than the window
    assert p.wanted(HEAD, ["id:1"], RECENT)  # known, re-checked for edits
    assert not p.wanted(HEAD, ["id:1"], None)
    assert p.wanted(FULL, ["id:1"], OLD)
    assert not policy(since=NOW - timedelta(days=10)).wanted(FULL, ["id:3"], OLD)


def test_a_head_walk_stops_after_the_first_page_with_a_known_older_entry() -> None:
    p = policy()
    assert p.walk_on(HEAD, [(["id:4"], RECENT), (["id:3"], OLD)])
    assert not p.walk_on(HEAD, [(["id:3"], RECENT), (["id:2"], OLD)])
    assert p.walk_on(HEAD, [(["id:3"], RECENT), (["id:2"], RECENT)])  # both in the re-check window
    assert not p.walk_on(HEAD, [])
    assert p.walk_on(FULL, [(["id:1"], OLD)])
    assert not policy(since=RECENT).walk_on(FULL, [(["id:9"], NOW), (["id:8"], OLD)])


def test_keys_match_known_keys() -> None:
    assert article_keys("https://www.gov.kz/memleket/entities/mfa/press/news/details/1?lang=kk", "1")[1] == "id:1"
    assert len(article_keys("https://example.kz/news/1", None)) == 1
