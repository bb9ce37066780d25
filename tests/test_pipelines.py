"""Each pipeline on its own, built the way Scrapy builds it (from_crawler)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import FETCHED_AT
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from newsbot.cleaning import clean_body
from newsbot.cleaning.phrases import normalize
from newsbot.items import Article
from newsbot.signals import archive_opened, items_committed
from newsbot.spiders.govkz import GovKzSpider
from newsbot.urls import canonical_url
from pipelines.boilerplate import BoilerplatePipeline
from pipelines.dates import DatesPipeline
from pipelines.store import StorePipeline
from pipelines.validate import ValidatePipeline


@pytest.fixture
def crawler(tmp_path: Path):  # type: ignore[no-untyped-def]
    crawler = get_crawler(GovKzSpider, {"NEWSBOT_DB": str(tmp_path / "a.sqlite"), "NEWSBOT_BATCH_SIZE": 2})
    crawler.spider = GovKzSpider.from_crawler(crawler, site="mfa")
    crawler.stats.open_spider()
    return crawler


def article(**fields: object) -> Article:
    base = Article(site="mfa", url="https://www.gov.kz/x?lang=kk", lang="kk", title="Title",
                   raw_html="<p>Body</p>", fetched_at=FETCHED_AT)
    return replace(base, **fields)


SLOGAN = "Біздің арнаға жазылыңыз!"
BODY = f"<div><p>Облыс әкімі жаңа мектептің ашылу салтанатына қатысты.</p><p>{SLOGAN}</p></div>"


def cleaned_article(raw: str) -> Article:
    """An item as a page module gives it: the body cleaned once, there."""
    body = clean_body(raw, "kk")
    return article(raw_html=raw, html=body.html, text=body.text, removed=list(body.removed))


def test_boilerplate_cuts_the_sites_repeated_blocks_from_the_clean_body(crawler) -> None:  # type: ignore[no-untyped-def]
    pipeline = BoilerplatePipeline.from_crawler(crawler)
    pipeline.site_blocks = frozenset({normalize(SLOGAN)})
    item = pipeline.process_item(cleaned_article(BODY))
    assert item.text == "Облыс әкімі жаңа мектептің ашылу салтанатына қатысты."
    assert SLOGAN not in item.html and "салтанатына" in item.html
    assert [(r.rule, r.text) for r in item.removed] == [("site-repeated", SLOGAN)]


def test_boilerplate_leaves_a_body_without_the_sites_blocks_as_the_page_cleaned_it(crawler) -> None:  # type: ignore[no-untyped-def]
    pipeline = BoilerplatePipeline.from_crawler(crawler)
    pipeline.site_blocks = frozenset({normalize("Жарнама орны")})
    page = cleaned_article(BODY)
    item = pipeline.process_item(replace(page))
    assert (item.html, item.text, item.removed) == (page.html, page.text, page.removed)
    empty = pipeline.process_item(article(raw_html=""))
    assert (empty.html, empty.text) == ("", "")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2020-12-22T09:30:51.123+0000", datetime(2020, 12, 22, 9, 30, 51, 123000, tzinfo=UTC)),
        # Migrated items carry midnight UTC: kept as the site gave it.
        ("2021-11-26T00:00:00.000+0000", datetime(2021, 11, 26, 0, 0, tzinfo=UTC)),
        # No offset: the site's zone, Asia/Almaty, UTC+6 before 2024-03-01.
        ("2020-12-22T15:30:00", datetime(2020, 12, 22, 9, 30, tzinfo=UTC)),
    ],
)
def test_dates_parse_the_api_field(crawler, raw: str, expected: datetime) -> None:  # type: ignore[no-untyped-def]
    item = DatesPipeline.from_crawler(crawler).process_item(article(published_raw=raw))
    assert item.published_at == expected


@pytest.mark.parametrize(("raw", "problem"), [("2204-01-01T00:00:00+0000", "future"),
                                              ("1970-01-01T00:00:00+0000", "absurd"),
                                              ("yesterday-ish", "unparsed")])
def test_a_bad_date_is_null_with_its_raw_kept_and_counted(crawler, raw: str, problem: str) -> None:  # type: ignore[no-untyped-def]
    item = DatesPipeline.from_crawler(crawler).process_item(article(published_raw=raw))
    assert item.published_at is None and item.published_raw == raw
    assert crawler.stats.get_value(f"newsbot/dates/{problem}") == 1


@pytest.mark.parametrize(("fields", "reason"), [({"title": " "}, "no_title"), ({"text": ""}, "empty_body"),
                                                ({"fetched_at": None}, "no_fetch_time")])
def test_validate_drops_with_a_counted_reason(crawler, fields: dict, reason: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DropItem, match=reason):
        ValidatePipeline.from_crawler(crawler).process_item(article(**{"text": "Body", **fields}))
    assert crawler.stats.get_value(f"newsbot/dropped/{reason}") == 1


def test_store_writes_in_batches_and_on_close(crawler, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = StorePipeline.from_crawler(crawler)
    store.open_spider()
    db = tmp_path / "a.sqlite"
    for n in range(3):
        store.process_item(article(url=f"https://www.gov.kz/{n}", text="Body", html="<p>Body</p>"))
    # Batch size 2: two rows are committed, the third waits for the next batch or the close.
    assert sqlite3.connect(db).execute("select count(*) from articles").fetchone() == (2,)
    store.close_spider()
    assert sqlite3.connect(db).execute("select count(*) from articles").fetchone() == (3,)
    assert crawler.stats.get_value("newsbot/archive/new") == 3


def test_a_visible_year_less_date_is_flagged_as_inferred(crawler) -> None:  # type: ignore[no-untyped-def]
    item = DatesPipeline.from_crawler(crawler).process_item(
        article(published_raw="15 наурыз, 10:30", published_source="text"))
    # The site's zone (Asia/Almaty, UTC+5 since 2024-03-01); the year from the fetch time, 2026.
    assert item.published_at == datetime(2026, 3, 15, 5, 30, tzinfo=UTC)
    assert item.published_year_inferred is True


def test_an_api_date_is_not_flagged_as_inferred(crawler) -> None:  # type: ignore[no-untyped-def]
    item = DatesPipeline.from_crawler(crawler).process_item(article(published_raw="2020-12-22T09:30:51+0000"))
    assert item.published_year_inferred is False


def new_crawler(db: Path):  # type: ignore[no-untyped-def]
    crawler = get_crawler(GovKzSpider, {"NEWSBOT_DB": str(db), "NEWSBOT_BATCH_SIZE": 2})
    crawler.spider = GovKzSpider.from_crawler(crawler, site="mfa")
    crawler.stats.open_spider()
    return crawler


def test_the_store_opens_the_one_archive_and_gives_the_spider_what_is_archived(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    first = new_crawler(db)
    assert not db.exists()  # building the spider opened nothing
    store = StorePipeline.from_crawler(first)
    store.open_spider()
    store.process_item(article(url="https://www.gov.kz/archived?lang=kk", text="Body", html="<p>Body</p>"))
    store.close_spider()
    second = new_crawler(db)
    store = StorePipeline.from_crawler(second)
    store.open_spider()
    spider = second.spider
    assert spider.archive is store.writer.engine  # one engine for the crawl, the store's
    assert spider.policy.known["kk"] == {canonical_url("https://www.gov.kz/archived?lang=kk")}
    assert spider.policy.known["ru"] == set()


def test_the_store_signals_each_committed_batch(tmp_path: Path) -> None:
    crawler = new_crawler(tmp_path / "a.sqlite")
    batches: list[list[Article]] = []
    crawler.signals.connect(lambda items: batches.append(items), signal=items_committed, weak=False)
    store = StorePipeline.from_crawler(crawler)
    store.open_spider()
    items = [article(url=f"https://www.gov.kz/{n}", text="Body", html="<p>Body</p>") for n in range(3)]
    for item in items:
        store.process_item(item)
    assert [[id(item) for item in batch] for batch in batches] == [[id(items[0]), id(items[1])]]
    store.close_spider()
    assert [[id(item) for item in batch] for batch in batches] == [[id(items[0]), id(items[1])], [id(items[2])]]


def test_a_receiver_that_cannot_read_the_archive_stops_the_crawl_before_it_starts(tmp_path: Path) -> None:
    crawler = new_crawler(tmp_path / "a.sqlite")

    def unreadable(archive: object) -> None:
        raise OSError("disk I/O error")

    crawler.signals.connect(unreadable, signal=archive_opened, weak=False)
    with pytest.raises(OSError, match="disk I/O error"):
        StorePipeline.from_crawler(crawler).open_spider()
    assert sqlite3.connect(tmp_path / "a.sqlite").execute("select count(*) from crawl_runs").fetchone() == (0,)
