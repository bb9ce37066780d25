"""The gov.kz page module: saved API JSON in, Article items out (no I/O, no clock)."""

from __future__ import annotations

import json

import pytest
from conftest import FETCHED_AT, load_fixture

from newsbot.pages.govkz import UnexpectedPayloadError, article_from_entry, parse_news_page
from newsbot.sites import get_site

MFA = get_site("mfa")


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_every_fixture_entry_becomes_an_article(lang: str) -> None:
    entries = parse_news_page(json.dumps(load_fixture("govkz", "mfa", f"{lang}.json")))
    articles = [article_from_entry(e, site=MFA, lang=lang, fetched_at=FETCHED_AT) for e in entries]
    assert [a.source_id for a in articles] == ["1005", "1004", "1003", "1002", "1001"]
    assert all(a.lang == lang and a.site == "mfa" and a.fetched_at == FETCHED_AT for a in articles)
    assert all(a.published_source == "api:created_date" for a in articles)


def test_article_fields_from_an_entry() -> None:
    entry = load_fixture("govkz", "mfa", "ru.json")[0]
    article = article_from_entry(entry, site=MFA, lang="ru", fetched_at=FETCHED_AT)
    assert article.url == "https://www.gov.kz/memleket/entities/mfa/press/news/details/1005?lang=ru"
    assert article.title == "Глава МИД Казахстана встретился с Послом Японии"
    assert article.translation_key == "govkz:1005"
    assert article.image_url == "https://www.gov.kz/uploads/2026/11/20/mfa-tokyo.jpg"
    assert article.published_raw == "2026-11-02T10:05:12.500+0000"
    assert article.categories == ["Пресс-служба"]
    assert article.raw_html.startswith("<p>Астана")


def test_a_project_spec_builds_that_projects_urls() -> None:
    entry = {"id": 7, "title": "Visit", "body": "<p>x</p>", "created_date": "2024-01-01T00:00:00.000+0000"}
    article = article_from_entry(entry, site=get_site("govkz:mfa-london"), lang="en", fetched_at=FETCHED_AT)
    assert article.url == "https://www.gov.kz/memleket/entities/mfa-london/press/news/details/7?lang=en"
    assert article.site == "govkz:mfa-london"
    assert article.image_url is None


def test_the_same_release_shares_its_translation_key_across_languages() -> None:
    keys = {
        lang: {
            article_from_entry(e, site=MFA, lang=lang, fetched_at=FETCHED_AT).translation_key
            for e in load_fixture("govkz", "mfa", f"{lang}.json")
        }
        for lang in ("kk", "ru", "en")
    }
    assert keys["kk"] == keys["ru"] == keys["en"]


def test_a_content_wrapped_page_is_accepted() -> None:
    entries = load_fixture("govkz", "mfa", "en.json")
    assert parse_news_page(json.dumps({"content": entries, "totalElements": 5})) == entries


def test_an_empty_page_ends_the_list() -> None:
    assert parse_news_page(b"[]") == []
    assert parse_news_page(b'{"content": []}') == []


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<html><body>Temporary error</body></html>", "not JSON"),
        (b'{"error": "notAllowed"}', "got a JSON dict"),
        (b"[1, 2]", "other values"),
        (b"\xff\xfe\x00", "not JSON"),
    ],
)
def test_other_answers_are_reported_not_guessed(body: bytes, reason: str) -> None:
    with pytest.raises(UnexpectedPayloadError, match=reason):
        parse_news_page(body)


def test_an_entry_without_id_or_slug_is_refused() -> None:
    with pytest.raises(UnexpectedPayloadError):
        article_from_entry({"title": "x", "body": "y"}, site=MFA, lang="kk", fetched_at=FETCHED_AT)


def test_a_slug_stands_in_for_a_missing_id() -> None:
    entry = {"slug": "vstrecha-ministra", "title": "x", "body": "<p>y</p>"}
    article = article_from_entry(entry, site=MFA, lang="ru", fetched_at=FETCHED_AT)
    assert article.url.endswith("/details/vstrecha-ministra?lang=ru")


def test_the_page_module_cleans_the_body_once_for_the_item() -> None:
    raw = ("<!DOCTYPE html><html><head><title>T</title><script>var a=1</script></head>"
           "<body><p>First&nbsp;paragraph.</p><p> </p><p>Second <a href='javascript:x()'>link</a>.</p></body></html>")
    article = article_from_entry({"id": 9, "title": "  A &amp; B ", "body": raw}, site=MFA, lang="en",
                                 fetched_at=FETCHED_AT)
    assert article.text == "First paragraph.\n\nSecond link."
    assert "script" not in article.html and "javascript" not in article.html and "<title>" not in article.html
    assert article.title == "A & B"
    assert article.raw_html == raw


def test_a_photo_credit_leaves_the_text_and_the_attribution_is_kept() -> None:
    raw = ("<p>Тараптар консультациялар өткізді, деп хабарлайды Jana-kezen.kz.</p>"
           "<p>Сурет mfa.gov.kz сайтынан алынды.</p>")
    article = article_from_entry({"id": 9, "title": "T", "body": raw}, site=MFA, lang="kk", fetched_at=FETCHED_AT)
    assert article.text == "Тараптар консультациялар өткізді, деп хабарлайды Jana-kezen.kz."
    assert article.image_credit and "mfa.gov.kz" in article.image_credit
    assert article.source == "Jana-kezen.kz"
    assert any("mfa.gov.kz" in removal.text for removal in article.removed)
