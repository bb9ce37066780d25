"""Publication dates on whole pages, one small page of our own per failure class: what the page path finds
(`extract_article`) and what the date step makes of it (`date_item`), as a crawl would. No network, no clock."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsbot.items import Article
from newsbot.pages.html_article import extract_article
from newsbot.pages.rules import site_rules
from newsbot.processing import date_item
from newsbot.sites import get_site

FETCHED = datetime(2025, 6, 20, 12, 0, tzinfo=UTC)
BODY = "".join(
    f"<p>Абзац {n}: министрлік өкілдері кездесуде ынтымақтастық мәселелерін талқылады.</p>" for n in range(4)
)


def _page(head: str = "", top: str = "", article: str = "", after: str = "", lang: str = "kk") -> bytes:
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>Жаңалық</title>{head}</head><body>'
        f'<header class="site-head"><a href="/">Портал</a></header>{top}'
        f"<main><article><h1>Министрлер кездесті</h1>{article}<div class='text'>{BODY}</div></article>{after}"
        "</main></body></html>"
    ).encode()


def _read(page: bytes, url: str = "https://news.example.kz/a/kezdesu") -> tuple[Article, str | None, str | None]:
    article = extract_article(page, url=url, fetched_at=FETCHED)
    parsed = date_item(article, "Asia/Almaty")
    value = article.published_at.isoformat() if article.published_at else None
    return article, value, parsed.precision


# 1. Visible dates on sites with no rules.
@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<div class="article-meta"><span class="date">12.03.2025</span> <span class="time">09:45</span></div>',
         "2025-03-12T09:45:00+05:00"),
        ("<time>14.05.2024, 08:17</time>", "2024-05-14T08:17:00+05:00"),
        ('<p class="published">10:05, 3 June 2025</p>', "2025-06-03T10:05:00+05:00"),
        ('<div id="news-time">09:12 04.10.2022</div>', "2022-10-04T09:12:00+06:00"),
        ('<div class="post-info">12 қаз, 2021 сағат 11:40</div>', "2021-10-12T11:40:00+06:00"),
        ('<div class="info">05.04.2023 10:20 | 987 қаралым</div>', "2023-04-05T10:20:00+06:00"),
    ],
)
def test_visible_date_near_the_headline(markup: str, expected: str) -> None:
    article, value, precision = _read(_page(article=markup))
    assert (value, article.published_source, precision) == (expected, "text", "minute")


@pytest.mark.parametrize(
    ("lang", "markup", "url", "expected"),
    [
        ("de", '<span class="datum">24. Juli 2017</span>', "https://zeitung.example.de/a/1", "2017-07-24"),
        ("pt", '<p class="data-publicacao">22 de novembro de 2020</p>', "https://jornal.example.pt/a/1",
         "2020-11-22"),
        ("fr", '<div class="date">Publié le 3 mars 2024</div>', "https://journal.example.fr/a/1", "2024-03-03"),
    ],
)
def test_month_names_of_the_page_language(lang: str, markup: str, url: str, expected: str) -> None:
    article, value, precision = _read(_page(article=markup, lang=lang), url)
    assert article.lang == lang
    assert value is not None and value.startswith(expected)
    assert precision == "day"


def test_header_date_of_today_is_not_the_article_date() -> None:
    top = '<div class="topbar"><span class="today-date">Friday, 20 June 2025</span></div>'
    _, value, _ = _read(_page(top=top, article='<div class="meta">17.06.2025 16:30</div>'))
    assert value == "2025-06-17T16:30:00+05:00"


# 2. Metadata.
INSTANT = "2024-02-01T10:15:00+05:00"
META_NAMES = [
    ("name", "date"), ("name", "dc.date"), ("name", "DC.date.issued"), ("name", "dcterms.created"),
    ("name", "dcterms.issued"), ("name", "pubdate"), ("name", "publication_date"), ("name", "sailthru.date"),
    ("name", "parsely-pub-date"), ("property", "og:article:published_time"), ("property", "vr:published-time"),
    ("name", "sw-pubdate"),
]


@pytest.mark.parametrize(
    "head",
    [f'<meta {attribute}="{name}" content="{INSTANT}">' for attribute, name in META_NAMES]
    + [f"""<meta name="parsely-page" content='{{"title": "x", "pub_date": "{INSTANT}"}}'>"""],
)
def test_publication_meta_names(head: str) -> None:
    article, value, precision = _read(_page(head=head))
    assert (value, article.published_source, precision) == (INSTANT, "meta", "minute")


@pytest.mark.parametrize(
    "markup",
    [
        f'<span itemprop="datePublished" content="{INSTANT}">1 ақпан</span>',
        f'<div itemprop="datePublished" datetime="{INSTANT}"></div>',
        f'<abbr class="published" title="{INSTANT}">1 ақпан</abbr>',
    ],
)
def test_itemprop_and_abbr(markup: str) -> None:
    article, value, _ = _read(_page(article=markup))
    assert (value, article.published_source) == (INSTANT, "itemprop")


# 3. JSON-LD.
def _ld(text: str) -> str:
    return f'<script type="application/ld+json">{text}</script>'


@pytest.mark.parametrize(
    "script",
    [
        # A raw line break inside a string, and a trailing comma: what CMS templates leave.
        _ld('{"@type": "NewsArticle", "headline": "Бірінші\nжол", "datePublished": "2024-02-01T10:15:00+05:00",}'),
        # The article's date in @graph, not the WebPage's or the breadcrumb's.
        _ld('{"@graph": [{"@type": "WebPage", "datePublished": "2019-01-01T00:00:00+05:00"},'
            '{"@type": "BreadcrumbList", "datePublished": "2018-01-01"},'
            '{"@type": ["NewsArticle"], "datePublished": "2024-02-01T10:15:00+05:00"}]}'),
    ],
)
def test_jsonld_article_date(script: str) -> None:
    article, value, _ = _read(_page(head=script))
    assert (value, article.published_source) == ("2024-02-01T10:15:00+05:00", "jsonld")


def test_jsonld_nested_too_deep_leaves_the_page_intact() -> None:
    article, value, _ = _read(_page(head=_ld("[" * 100_000 + "]" * 100_000),
                                    article='<div class="date">01.02.2024 10:15</div>'))
    assert article.title == "Министрлер кездесті"
    assert (value, article.published_source) == ("2024-02-01T10:15:00+06:00", "text")


# 4. Formats.
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("20220415T0930+0500", "2022-04-15T09:30:00+05:00"),
        ("20191105T07:41:12Z", "2019-11-05T07:41:12+00:00"),
        ("20210618", "2021-06-18T00:00:00+06:00"),
        ("1676551869", "2023-02-16T12:51:09+00:00"),
    ],
)
def test_machine_formats_in_meta(content: str, expected: str) -> None:
    _, value, _ = _read(_page(head=f'<meta property="article:published_time" content="{content}">'))
    assert value == expected


# 5. The wrong candidate.
@pytest.mark.parametrize(
    "noise",
    [
        '<aside><time datetime="2025-06-19T08:00:00+05:00">кеше</time></aside>',
        '<div class="related-posts"><div class="date">19.06.2025 08:00</div></div>',
        '<div class="comments"><span class="comment-date">19.06.2025 08:00</span></div>',
        '<blockquote class="instagram-media"><time datetime="2025-06-19T08:00:00+00:00">Jun 19</time></blockquote>',
    ],
)
def test_dates_of_other_things_are_not_candidates(noise: str) -> None:
    _, value, _ = _read(_page(article=noise + '<div class="date">17.06.2025 16:30</div>'))
    assert value == "2025-06-17T16:30:00+05:00"


def test_cited_reference_itemprop_is_not_the_article_date() -> None:
    cited = ('<div itemscope itemtype="https://schema.org/Book"><span itemprop="datePublished" '
             'content="1998-01-01">1998</span></div>')
    _, value, _ = _read(_page(article=cited + '<div class="date">17.06.2025 16:30</div>'))
    assert value == "2025-06-17T16:30:00+05:00"


def test_placeholder_gives_way_to_the_url() -> None:
    article, value, precision = _read(_page(head=_ld('{"@type": "Article", "datePublished": "0001-01-01"}')),
                                      "https://news.example.kz/2021/06/14/kezdesu/")
    assert (value, article.published_source, precision) == ("2021-06-14T00:00:00+06:00", "url", "day")


def test_persian_calendar_meta_gives_way_to_jsonld() -> None:
    head = '<meta name="date" content="1402/08/18">' + _ld(
        '{"@type": "NewsArticle", "datePublished": "2023-11-09T10:00:00+03:30"}')
    article, value, _ = _read(_page(head=head))
    assert (value, article.published_source) == ("2023-11-09T10:00:00+03:30", "jsonld")


def test_a_plain_date_meta_gives_way_to_the_article_jsonld() -> None:
    # A newspaper's `date` is its print edition, the morning after the article went online.
    head = '<meta name="date" content="2024-04-26">' + _ld(
        '{"@type": "NewsArticle", "datePublished": "2024-04-25T19:30:04+02:00"}')
    article, value, _ = _read(_page(head=head, lang="de"), "https://zeitung.example.de/artikel/1")
    assert (value, article.published_source) == ("2024-04-25T19:30:04+02:00", "jsonld")


def test_future_date_gives_way_to_the_next() -> None:
    head = '<meta property="article:published_time" content="2031-01-01T00:00:00+05:00">'
    _, value, _ = _read(_page(head=head, article='<div class="date">17.06.2025 16:30</div>'))
    assert value == "2025-06-17T16:30:00+05:00"


def test_a_date_far_from_the_url_day_gives_way() -> None:
    # The only <time> is a widget's; the address names the article's day.
    _, value, _ = _read(_page(article='<time datetime="2019-03-01T10:00:00+05:00">x</time>'),
                        "https://news.example.kz/2024/02/01/kezdesu/")
    assert value == "2024-02-01T00:00:00+05:00"


def test_an_update_stamp_or_a_later_ticker_entry_is_not_the_publication_time() -> None:
    times = ('<p>Жаңартылды: <time class="date-modified" datetime="2025-06-19T08:00:00+05:00">кеше</time></p>'
             '<div class="entry"><time datetime="2025-06-18T09:30:00+05:00">18 маусым</time></div>'
             '<div class="entry"><time datetime="2025-06-17T16:30:00+05:00">17 маусым</time></div>')
    _, value, _ = _read(_page(article=times))
    assert value == "2025-06-17T16:30:00+05:00"


def test_the_wordpress_entry_date_marked_updated_is_still_the_publication_time() -> None:
    markup = '<time class="entry-date updated" datetime="2025-03-05T12:20:31+05:00">05.03.2025</time>'
    _, value, _ = _read(_page(article=markup))
    assert value == "2025-03-05T12:20:31+05:00"


def test_a_machine_value_shown_as_text_keeps_its_offset() -> None:
    article, value, _ = _read(_page(article='<p class="byline">Posted at 2013-12-30T14:42:01-0700</p>'))
    assert (value, article.published_source) == ("2013-12-30T14:42:01-07:00", "text")


# 6. The URL.
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example.kz/2021/06/14/kezdesu/", "2021-06-14T00:00:00+06:00"),
        ("https://news.example.kz/news/20220415/kezdesu.html", "2022-04-15T00:00:00+06:00"),
        ("https://news.example.kz/kezdesu-2019-11-05", "2019-11-05T00:00:00+06:00"),
    ],
)
def test_the_url_is_a_day_precision_fallback(url: str, expected: str) -> None:
    article, value, precision = _read(_page(), url)
    assert (value, article.published_source, precision) == (expected, "url", "day")


# 7. The zone of a site outside the registry.
def test_naive_time_on_an_unregistered_site_takes_the_page_offset() -> None:
    head = ('<meta property="article:published_time" content="2024-04-26T20:44:00">'
            '<meta property="article:modified_time" content="2024-04-27T08:00:00+02:00">')
    article, value, _ = _read(_page(head=head, lang="de"), "https://zeitung.example.com/a/1")
    assert value == "2024-04-26T20:44:00+02:00"
    assert article.published_zone == "Etc/GMT-2"


def test_naive_time_on_an_unregistered_site_takes_its_country_clock() -> None:
    head = '<meta property="article:published_time" content="2024-04-26T20:44:00">'
    article, value, _ = _read(_page(head=head, lang="de"), "https://zeitung.example.de/a/1")
    assert value == "2024-04-26T20:44:00+02:00"
    assert article.published_zone == "Europe/Berlin"


def test_naive_time_on_an_unregistered_dot_com_is_utc_not_almaty() -> None:
    head = '<meta property="article:published_time" content="2024-09-03T04:03:19">'
    _, value, _ = _read(_page(head=head, lang="en"), "https://wire.example.com/a/1")
    assert value == "2024-09-03T04:03:19+00:00"


def test_kazakh_page_on_an_unregistered_dot_com_is_on_kazakhstan_clock() -> None:
    head = '<meta property="article:published_time" content="2025-06-03T10:05:00">'
    article, value, _ = _read(_page(head=head, lang="kk"), "https://zhana.example.com/a/1")
    assert value == "2025-06-03T10:05:00+05:00"
    assert (article.published_zone, article.published_zone_source) == ("Asia/Almaty", "lang")


def test_visible_time_with_no_zone_evidence_is_on_the_home_zone_not_utc() -> None:
    article, value, _ = _read(_page(article='<div class="date">03.06.2025 10:05</div>', lang="en"),
                              "https://monitor.example.com/a/1")
    assert value == "2025-06-03T10:05:00+05:00"
    assert (article.published_zone, article.published_zone_source) == ("Asia/Almaty", "default")


def test_a_registry_site_keeps_its_own_zone() -> None:
    head = '<meta property="article:published_time" content="2025-06-03T10:05:00">'
    url = "https://www.gov.kz/memleket/entities/mfa/press/news/details/1"
    article = extract_article(_page(head=head), url=url, fetched_at=FETCHED, rules=site_rules(get_site("mfa")))
    assert (article.published_zone, article.published_zone_source) == (None, None)


def test_a_vanity_country_domain_says_nothing_of_the_clock() -> None:
    head = '<meta property="article:published_time" content="2023-11-19T19:18:44">'
    article, value, _ = _read(_page(head=head, lang="en"), "https://esports.example.gg/a/1")
    assert article.published_zone_source == "default"
    assert value == "2023-11-19T19:18:44+00:00"


def test_an_instant_keeps_its_offset() -> None:
    head = '<meta property="article:published_time" content="2023-11-09T03:28:35+00:00">'
    _, value, _ = _read(_page(head=head, lang="en"), "https://paper.example.com/2023/11/08/story/")
    assert value == "2023-11-09T03:28:35+00:00"


# Nothing at all.
def test_a_page_without_any_date_gives_null() -> None:
    article, value, _ = _read(_page())
    assert value is None
    assert article.published_raw is None
