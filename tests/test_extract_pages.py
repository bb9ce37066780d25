"""Whole-page extraction on the hand-written fixtures: title, text, metadata, and no chrome leaking."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import lxml.html
import pytest

from newsbot.cleaning.phrases import all_phrases
from newsbot.pages.html_article import extract_article, read_page
from newsbot.pages.rules import PageRules, site_rules
from newsbot.sites import site_for_page

FIXTURES = Path(__file__).parent / "fixtures" / "pages"
FETCHED_AT = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
ARTICLES = sorted(p for p in FIXTURES.glob("*/*.html") if p.parent.name != "bad")
BAD = sorted((FIXTURES / "bad").glob("*.html"))
# Lines a reader would call chrome in these fixtures, beyond the catalogue: menus, widgets, footers.
EXTRA_CHROME = ("USD - ", "USD 5", "EUR - ", "Back to top", "Жаңала", "Бөлісу", "Поделиться", "©")


def expected(page: Path) -> dict:
    return json.loads(page.with_name(page.stem + ".expected.json").read_text(encoding="utf-8"))


def url_rules(url: str) -> PageRules | None:
    """The rules of the registry site the URL is on, as `newsbot extract --url` finds them; None elsewhere."""
    site = site_for_page(url)
    return site_rules(site) if site is not None else None


def _id(page: Path) -> str:
    return f"{page.parent.name}/{page.stem}"


@pytest.fixture(scope="module", params=ARTICLES, ids=_id)
def case(request: pytest.FixtureRequest) -> tuple[Path, dict, object]:
    page: Path = request.param
    want = expected(page)
    return page, want, extract_article(page.read_bytes(), url=want["url"], fetched_at=FETCHED_AT,
                                       rules=url_rules(want["url"]))


def test_fixture_set_is_large_enough() -> None:
    assert len(ARTICLES) >= 14
    assert len(BAD) >= 9


def test_title(case) -> None:
    _, want, article = case
    assert article.title == want["title"]


def test_text_paragraphs(case) -> None:
    _, want, article = case
    assert article.text.split("\n\n") == want["text"].split("\n\n")


def test_no_chrome_leaks(case) -> None:
    _, want, article = case
    paragraphs = {p.casefold() for p in article.text.split("\n\n")}
    for phrase in all_phrases():
        assert phrase.casefold() not in paragraphs, phrase
    for fragment in EXTRA_CHROME:
        assert fragment not in article.text or fragment in want["text"], fragment


def test_metadata(case) -> None:
    _, want, article = case
    assert article.lang == want["lang"]
    assert article.published_raw == want["published_raw"]
    assert article.published_source == want["published_source"]
    assert article.image_credit == want["image_credit"]
    assert article.source == want["source"]
    if "site" in want:
        assert article.site == want["site"]
    assert article.url == want["url"]
    assert article.fetched_at == FETCHED_AT
    assert article.translation_key is None


def test_raw_html_is_the_body_and_cleans_to_the_same_text(case) -> None:
    from newsbot.cleaning import clean_body

    _, _, article = case
    assert article.raw_html
    assert clean_body(article.raw_html, article.lang).text == article.text


def test_image_url_is_absolute() -> None:
    page = FIXTURES / "jannah" / "ru_jannah.html"
    article = extract_article(page.read_bytes(), url=expected(page)["url"], fetched_at=FETCHED_AT)
    assert article.image_url == "https://dalanews.example.kz/wp-content/uploads/2025/03/tranzit.jpg"
    assert article.modified_raw == "2025-03-14T12:01:55+05:00"


@pytest.mark.parametrize("page", BAD, ids=_id)
def test_bad_input_is_refused_with_its_reason(page: Path) -> None:
    want = expected(page)
    verdict, article = read_page(page.read_bytes(), url=want["url"], fetched_at=FETCHED_AT,
                                 rules=url_rules(want["url"]))
    assert article is None
    assert verdict.reason == want["reason"]


@pytest.mark.parametrize("page", ARTICLES, ids=_id)
def test_articles_pass_the_verdict(page: Path) -> None:
    url = expected(page)["url"]
    verdict, article = read_page(page.read_bytes(), url=url, fetched_at=FETCHED_AT, rules=url_rules(url))
    assert verdict.ok, verdict
    assert article is not None


def test_extraction_drops_theme_chrome_but_leaves_the_parsed_page_for_the_verdict() -> None:
    from newsbot.pages.html_article import _extract, parse_document
    from newsbot.pages.rules import theme_rules

    paragraphs = "".join(f"<p>Абзац {n}: мемлекеттік бағдарлама бойынша жұмыс жалғасып жатыр.</p>" for n in range(4))
    page = (
        '<html lang="kk"><body><div id="tie-container"><h1 class="post-title entry-title">Тақырып</h1>'
        f'<div class="entry-content">{paragraphs}<div class="share-buttons">Бөлісу: Facebook</div>'
        "<p>Соңғы абзац.</p></div></div></body></html>"
    )
    root = parse_document(page)
    assert root is not None
    before = lxml.html.tostring(root)
    article = _extract(root, url="https://example.kz/a", fetched_at=FETCHED_AT, known=theme_rules("jannah"))
    assert "Бөлісу" not in article.raw_html and "Соңғы абзац." in article.text
    assert lxml.html.tostring(root) == before
