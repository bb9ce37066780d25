"""Versions, canonical URLs, raw responses, fingerprints, translations and views on real SQLite files."""

from __future__ import annotations

import hashlib
import re
import zlib
from datetime import timedelta
from pathlib import Path

from archive_helpers import article, query, raw, write
from conftest import FETCHED_AT

from newsbot.archive.fingerprint import text_fingerprint
from newsbot.archive.writer import BatchResult
from newsbot.urls import canonical_url

LATER = FETCHED_AT + timedelta(hours=3)


def test_a_changed_text_is_a_new_version_and_an_unchanged_refetch_only_moves_last_seen(archive_db: str) -> None:
    db = archive_db
    write(db, article(1))
    assert write(db, article(1, fetched_at=LATER)) == BatchResult(unchanged=1)
    assert query(db, "select version, first_seen, last_seen, updated_at from articles") == [
        (1, "2026-11-21T06:00:00+00:00", "2026-11-21T09:00:00+00:00", "2026-11-21T06:00:00+00:00")]
    assert write(db, article(1, text="Text 1, corrected", fetched_at=LATER)) == BatchResult(updated=1)
    assert query(db, "select version, text, updated_at from articles") == [
        (2, "Text 1, corrected", "2026-11-21T09:00:00+00:00")]
    # The replaced content is kept with the time it was valid; the current one is the articles row.
    assert query(db, "select version, text, valid_from, valid_until from article_versions") == [
        (1, "Text 1", "2026-11-21T06:00:00+00:00", "2026-11-21T09:00:00+00:00")]


def test_a_change_outside_title_and_text_updates_without_a_new_version(archive_db: str) -> None:
    db = archive_db
    write(db, article(1))
    assert write(db, article(1, image_url="https://www.gov.kz/uploads/new.jpg", fetched_at=LATER)) == BatchResult(
        updated=1)
    assert query(db, "select version, image_url from articles") == [(1, "https://www.gov.kz/uploads/new.jpg")]
    assert query(db, "select count(*) from article_versions") == [(0,)]


def test_spellings_of_one_url_are_one_article(archive_db: str) -> None:
    db = archive_db
    base = "https://www.gov.kz/memleket/entities/mfa/press/news/details/1?lang=kk"
    spellings = ["http://www.gov.kz/memleket/entities/mfa/press/news/details/1/?lang=kk&utm_source=telegram",
                 "https://gov.kz/memleket/entities/mfa/press/news/details/1?fbclid=abc&lang=kk#top"]
    write(db, article(1, url=base))
    for url in spellings:
        write(db, article(1, url=url, fetched_at=LATER))
    assert query(db, "select count(*), min(canonical_url) from articles") == [
        (1, "https://gov.kz/memleket/entities/mfa/press/news/details/1?lang=kk")]


def test_query_parameters_that_select_content_are_kept() -> None:
    assert canonical_url("https://www.gov.kz/x/1?lang=kk") != canonical_url("https://www.gov.kz/x/1?lang=ru")
    assert canonical_url("https://a.kz/news?b=2&a=1") == canonical_url("https://a.kz/news/?a=1&b=2")


def test_raw_responses_are_stored_once_per_distinct_content_and_compressed(archive_db: str) -> None:
    db = archive_db
    page = raw(b'[{"id": 1}]' * 200)
    write(db, article(1, raw=page), article(2, raw=page))
    write(db, article(1, raw=page, fetched_at=LATER))  # the same bytes again
    write(db, article(1, raw=raw(b'[{"id": 1, "edited": true}]'), fetched_at=LATER))
    stored = query(db, "select id, size, body from raw_responses order by id")
    assert len(stored) == 2
    assert zlib.decompress(stored[0][2]) == page.body and len(stored[0][2]) < stored[0][1]
    assert query(db, "select raw_response_id from articles order by id") == [(2,), (1,)]


def test_each_response_of_a_batch_gets_its_own_row_whether_stored_before_or_not(archive_db: str) -> None:
    db = archive_db
    pages = [raw(f"page {n}".encode(), url=f"https://jana-kezen.kz/kz/news/{n}/") for n in range(4)]
    write(db, article(1, raw=pages[1]), article(3, raw=pages[3]))
    # One batch: two responses stored before (one of them re-fetched with new bytes), two new ones.
    edited = raw(b"page 3, edited", url=pages[3].url)
    now = [pages[0], pages[1], pages[2], edited]
    write(db, *(article(n, raw=page, fetched_at=LATER) for n, page in enumerate(now)))
    stored = dict(query(db, "select id, body from raw_responses"))
    linked = dict(query(db, "select url, raw_response_id from articles"))
    assert len(stored) == 5 and len(set(linked.values())) == 4
    assert {url: zlib.decompress(stored[raw_id]) for url, raw_id in linked.items()} == {
        article(n).url: page.body for n, page in enumerate(now)}


def test_fingerprints_keep_their_definition_so_archived_ones_still_match() -> None:
    # The definition archives were written with: the case-folded words (letters and digits, never "_"),
    # joined by one space. Any faster way of computing it must give the very same digests.
    def defined(text: str) -> str:
        return hashlib.sha256(" ".join(re.sub(r"[\W_]+", " ", text.casefold()).split()).encode()).hexdigest()

    texts = ["", "  ", "Қазақстан мен Беларусь, 2020 ж.", "snake_case__and\u2028ΣΊΣΥΦΟΣ\x1cStraße", "a—b…c 1,5 «ё»",
             "\u0301combining e\u0301 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ½ ²"]
    for text in texts:
        assert text_fingerprint(text) == defined(text), text
    assert text_fingerprint("Hello,  world_!") == text_fingerprint("hello world")
    assert text_fingerprint(None) == defined("")


def test_the_same_text_on_two_sites_is_linked_with_who_had_it_first(archive_db: str) -> None:
    db = archive_db
    text = "Қазақстан мен Беларусь арасында консультациялар өтті."
    write(db, article(1, text=text, published_at=FETCHED_AT - timedelta(days=2)))
    write(db, article(2, site="jana-kezen", url="https://jana-kezen.kz/kz/news/123/", text=f"  {text.upper()} ",
                      published_at=FETCHED_AT - timedelta(days=1)))
    write(db, article(3, text="Another text."))
    assert query(db, "select site, first_site, copies from republications order by site") == [
        ("jana-kezen", "mfa", 2), ("mfa", "mfa", 2)]


def test_translations_share_a_key_queryable_in_sql(archive_db: str) -> None:
    db = archive_db
    write(db, *[article(1, lang=lang, url=f"https://www.gov.kz/n/1?lang={lang}", translation_key="govkz:1")
                for lang in ("kk", "ru", "en")])
    assert query(db, "select lang from translations where translation_key = 'govkz:1' order by lang") == [
        ("en",), ("kk",), ("ru",)]


def test_local_time_uses_the_site_zone_across_the_2024_change(archive_db: str) -> None:
    db = archive_db
    before = FETCHED_AT.replace(year=2020, month=12, day=22, hour=9, minute=30)
    after = FETCHED_AT.replace(year=2025, month=3, day=14, hour=6, minute=15)
    write(db, article(1, published_at=before), article(2, published_at=after))
    assert query(db, "select published_local from articles order by id") == [
        ("2020-12-22T15:30:00+06:00",), ("2025-03-14T11:15:00+05:00",)]
    assert query(db, "select published_date_local from articles_overview order by id") == [
        ("2020-12-22",), ("2025-03-14",)]


def test_full_text_index_follows_inserts_updates_and_deletes(tmp_path: Path) -> None:
    # SQLite's FTS5 table and its triggers; PostgreSQL's tsvector column is a generated one (search tests).
    db = tmp_path / "a.sqlite"
    write(db, article(1, text="Министр встретился с послом."))
    match = "select rowid from articles_fts where articles_fts match ?"
    assert query(db, match, ("министр",)) == [(1,)]
    write(db, article(1, text="Заместитель встретился с послом.", fetched_at=LATER))
    assert query(db, match, ("министр",)) == []
    assert query(db, match, ("заместитель",)) == [(1,)]
    query(db, "delete from article_versions")
    query(db, "delete from articles")
    assert query(db, match, ("заместитель",)) == []
