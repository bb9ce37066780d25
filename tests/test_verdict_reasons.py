"""Log-in walls and server-error pages served with status 200 are not articles, and say so."""

from __future__ import annotations

import pytest
from conftest import FETCHED_AT

from newsbot.pages.html_article import read_page


def verdict_of(html: str) -> str | None:
    verdict, article = read_page(html.encode(), url="https://s.kz/a", fetched_at=FETCHED_AT)
    assert article is None
    return verdict.reason


def test_login_wall() -> None:
    page = ("<html><head><title>Вход</title></head><body><form><input name=u><input type=PASSWORD name=p>"
            "<button>Войти</button></form></body></html>")
    assert verdict_of(page) == "login-wall"


def test_server_error_with_status_200() -> None:
    assert verdict_of("<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>"
                      ) == "error-page"
    assert verdict_of("<html><body><h1>Сервис временно недоступен</h1><p>Зайдите позже</p></body></html>"
                      ) == "error-page"


def test_a_headline_with_a_number_is_not_an_error() -> None:
    text = " ".join(["Мектепте жаңа сынып ашылды, оқушылар қуанышты."] * 10)
    page = f"<html><head><title>500 мектепке жаңа компьютер</title></head><body><h1>500 мектепке жаңа компьютер</h1>" \
           f"<p>{text}</p></body></html>"
    verdict, article = read_page(page.encode(), url="https://s.kz/a", fetched_at=FETCHED_AT)
    assert verdict.ok and article is not None


SHORT = "Министерство сообщает о проведении брифинга в пятницу в 11:00 в Доме министерств."


def short_page(head: str = "", body: str = "") -> bytes:
    return (f"<html><head><title>Брифинг в пятницу</title>{head}</head><body>"
            f"{body or f'<h1>Брифинг в пятницу</h1><p>{SHORT}</p>'}</body></html>").encode()


@pytest.mark.parametrize(
    ("head", "body"),
    [
        ('<meta property="og:type" content="article">', ""),
        ('<meta property="article:published_time" content="2025-03-14T10:00:00+05:00">', ""),
        ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Брифинг"}</script>', ""),
        ("", f"<article><h1>Брифинг в пятницу</h1><div class='entry-content'><p>{SHORT}</p></div></article>"),
    ],
    ids=["og-type", "published-time", "json-ld", "article-element"],
)
def test_a_short_page_that_declares_itself_an_article_is_kept_with_a_flag(head: str, body: str) -> None:
    verdict, article = read_page(short_page(head, body), url="https://s.kz/a", fetched_at=FETCHED_AT)
    assert verdict.ok and "short" in verdict.notes
    assert article is not None and article.short and SHORT in article.text


def test_a_short_page_without_article_evidence_is_no_article() -> None:
    assert verdict_of(short_page().decode()) == "no-article"


@pytest.mark.parametrize(("listed_in", "kept"), [("feed", True), ("sitemap", True), (None, False), ("listing", False)])
def test_a_short_page_the_sites_feed_or_sitemap_lists_is_an_article(listed_in: str | None, kept: bool) -> None:
    # No markup says "article", but the site listed the page in its feed or sitemap, which list articles only.
    verdict, article = read_page(short_page(), url="https://s.kz/a", fetched_at=FETCHED_AT, listed_in=listed_in)
    assert (verdict.ok, verdict.reason) == ((True, None) if kept else (False, "no-article"))
    assert (article is not None and article.short) is kept


def test_a_long_article_is_not_flagged_short() -> None:
    text = " ".join([SHORT] * 5)
    verdict, article = read_page(short_page(body=f"<h1>Брифинг</h1><p>{text}</p>"), url="https://s.kz/a",
                                 fetched_at=FETCHED_AT)
    assert verdict.ok and verdict.notes == () and article is not None and not article.short


def test_an_element_with_100000_attributes_is_refused_before_parsing() -> None:
    attributes = " ".join(f"data-a{n}='x'" for n in range(100_000))
    page = f"<html><body><h1>Заголовок</h1><div {attributes}><p>{SHORT * 5}</p></div></body></html>"
    assert verdict_of(page) == "too-complex"


@pytest.mark.parametrize("hiding", ["<script>{}</script>", "<SCRIPT type='text/javascript'>{}</SCRIPT >",
                                    "<style>{}</style>", "<!-- {} -->"])
def test_script_style_and_comments_hide_no_tags_from_the_bound(hiding: str) -> None:
    # Minified script compares with `<` before a letter: no tag to the parser, and no reason to refuse the page.
    script = "for(var d=0;d<e;++d){" + "for(var b in a)i.call(a,b)&&(a[b]=new RegExp(a[b],'i')); " * 400 + "}"
    page = (f"<html><head><title>Брифинг</title>{hiding.format(script)}</head><body><h1>Брифинг</h1>"
            f"<p>{SHORT * 5}</p></body></html>")
    verdict, article = read_page(page.encode(), url="https://s.kz/a", fetched_at=FETCHED_AT)
    assert verdict.ok and article is not None
    # What follows a script is markup again: an element of 100,000 attributes after it is still refused.
    attributes = " ".join(f"data-a{n}='x'" for n in range(100_000))
    assert verdict_of(page.replace("<h1>", f"<div {attributes}><h1>")) == "too-complex"
    # An unclosed one is text to the end, as the parser reads it: the page has no body left, but is not refused
    # as too complex.
    unclosed = page.replace("</script>", "").replace("</SCRIPT >", "").replace("</style>", "").replace(" -->", "")
    verdict, _ = read_page(unclosed.encode(), url="https://s.kz/a", fetched_at=FETCHED_AT)
    assert verdict.reason != "too-complex"


def test_a_long_data_uri_is_not_too_complex() -> None:
    image = "<img src='data:image/png;base64," + "QUJD" * 20_000 + "=='>"
    page = f"<html><head><title>Брифинг</title></head><body><h1>Брифинг</h1>{image}<p>{SHORT * 5}</p></body></html>"
    verdict, article = read_page(page.encode(), url="https://s.kz/a", fetched_at=FETCHED_AT)
    assert verdict.ok and article is not None


def test_a_page_that_is_all_script_is_no_article() -> None:
    assert verdict_of("<html><body><script>" + "var a = 1;" * 50_000 + "</script></body></html>") == "no-article"
