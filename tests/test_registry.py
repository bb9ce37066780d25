"""Every registry entry loads, has saved pages, and its pages parse with its own rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FETCHED_AT

from newsbot.pages import PAGE_PARSERS
from newsbot.pages.rules import site_rules
from newsbot.pages.web import read_article
from newsbot.sites import UnknownSiteError, get_site, registry, resolve_site
from newsbot.spiders import SPIDERS_BY_KIND

FIXTURES = Path(__file__).parent / "fixtures"
# The saved pages each entry is checked against (tests/fixtures/pages/<family>/<name>.html, or gov.kz API pages).
SITE_FIXTURES = {
    "mfa": "govkz/mfa/ru.json",
    "mfa-london": "govkz/mfa/kk.json",
    "mfa-busan": "govkz/mfa/en.json",
    "economy": "govkz/mfa/ru.json",
    "akorda": "pages/akorda/ru_event.html",
    "primeminister": "pages/primeminister/ru_news.html",
    "inform-kk": "pages/inform/kk_article.html",
    "inform-ru": "pages/inform/ru_article.html",
    "mid": "pages/midru/ru_article.html",
    "mfa-by": "pages/mfagovby/ru_news_cp1251.html",
    "mfa-tj": "pages/other/ru_mfatj_holdout.html",
    "jana-kezen": "pages/jannah/seed003_kk.html",
    "el-kz": "pages/elkz/kk_article.html",
}


def test_every_entry_has_fixtures_and_a_spider() -> None:
    assert set(SITE_FIXTURES) == set(registry())
    for name, site in registry().items():
        assert (FIXTURES / SITE_FIXTURES[name]).is_file(), name
        assert site.kind in SPIDERS_BY_KIND and site.kind in PAGE_PARSERS, name
        assert site.origin.startswith("https://"), name
        site_rules(site)  # its theme exists (KeyError otherwise)


@pytest.mark.parametrize("name", sorted(SITE_FIXTURES))
def test_entry_pages_parse(name: str) -> None:
    site = registry()[name].with_origin("http://127.0.0.1:8")  # as in a crawl of a test server
    fixture = FIXTURES / SITE_FIXTURES[name]
    if site.kind == "govkz":
        articles = PAGE_PARSERS["govkz"](fixture.read_bytes(), url="", site=site, rules=None, lang=fixture.stem,
                                         fetched_at=FETCHED_AT)
        assert articles and all(a.site == name and a.title for a in articles)
        return
    want = json.loads(fixture.with_name(fixture.stem + ".expected.json").read_text(encoding="utf-8"))
    verdict, article = read_article(fixture.read_bytes(), url=f"{site.origin}/x", site=site, rules=site_rules(site),
                                    lang=None,
                                    fetched_at=FETCHED_AT)
    assert verdict.ok, verdict
    assert article is not None and article.site == name
    assert (article.title, article.text, article.published_raw) == (want["title"], want["text"],
                                                                     want.get("published_raw"))
    # `newsbot reprocess` reads the stored page through the same parser.
    again = PAGE_PARSERS[site.kind](fixture.read_bytes(), url=f"{site.origin}/x", site=site, rules=site_rules(site),
                                    lang=None,
                                    fetched_at=FETCHED_AT)
    assert [a.title for a in again] == [want["title"]]


def test_unconfirmed_facts_are_marked() -> None:
    for name in ("primeminister", "el-kz", "mfa-tj"):
        assert registry()[name].unconfirmed, name


def test_politeness_override_says_why() -> None:
    mid = registry()["mid"]
    assert mid.delay == 3.0 and mid.delay_reason and not mid.paginate


def test_a_url_resolves_without_network() -> None:
    # A folder URL names the site in that folder (a WordPress in a sub-folder, a section): host plus path.
    auto = resolve_site("https://www.some-site.kz/news/")
    assert (auto.kind, auto.name, auto.origin, auto.listing) == (
        "auto", "some-site.kz/news", "https://www.some-site.kz/news", ("https://www.some-site.kz/news/",))
    root = resolve_site("https://www.some-site.kz/list?page=2")
    assert (root.name, root.origin) == ("some-site.kz", "https://www.some-site.kz")
    govkz = get_site("https://www.gov.kz/memleket/entities/edu/press/news?lang=ru")
    assert (govkz.kind, govkz.project) == ("govkz", "edu")
    assert get_site("https://www.gov.kz/memleket/entities/mfa-london/press/news").name == "mfa-london"
    assert get_site("https://mfa.gov.kz/").name == "mfa"
    assert get_site("https://edu.gov.kz/ru/").name == "govkz:edu"
    with pytest.raises(UnknownSiteError, match=r"names no gov\.kz project"):
        get_site("https://www.gov.kz/")
    assert get_site("https://jana-kezen.kz/2020/12/23/x/").name == "jana-kezen"
    with pytest.raises(UnknownSiteError):
        get_site("nonsense")


def test_every_input_of_extraction_shows_in_the_extractor_version(monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    import newsbot.processing as processing

    def version_with(**patches: object) -> str:
        with monkeypatch.context() as patched:
            for name, value in patches.items():
                patched.setattr(processing, name, value)
            processing.extractor_version.cache_clear()
            try:
                return processing.extractor_version()
            finally:
                processing.extractor_version.cache_clear()

    sites = registry()
    base = version_with()
    selector = {**sites, "mid": replace(sites["mid"], selectors=(("body", "div.other"),))}
    zone = {**sites, "mid": replace(sites["mid"], timezone="Europe/Samara")}
    listing = {**sites, "mid": replace(sites["mid"], feeds=("/other.rss",), delay=9.0)}
    assert version_with(registry=lambda: selector) != base
    assert version_with(registry=lambda: zone) != base
    assert version_with(registry=lambda: listing) == base  # how a site is walked is no input of extraction
    installed = processing._installed
    newer = version_with(_installed=lambda p: "99.0" if p == "trafilatura" else installed(p))
    assert newer != base


def test_a_page_is_cleaned_once_and_the_sites_boilerplate_cut_after(monkeypatch: pytest.MonkeyPatch) -> None:
    import newsbot.pages.html_article as html_article
    from newsbot.cleaning.phrases import normalize
    from newsbot.processing import process_item

    calls: list[str] = []
    real_clean = html_article.clean_body
    monkeypatch.setattr(html_article, "clean_body", lambda raw, lang: calls.append(lang) or real_clean(raw, lang))
    site = registry()["jana-kezen"]
    fixture = FIXTURES / SITE_FIXTURES["jana-kezen"]
    _, article = read_article(fixture.read_bytes(), url=f"{site.origin}/x", site=site, rules=site_rules(site),
                              lang=None, fetched_at=FETCHED_AT)
    assert article is not None and calls == ["kk"]
    first, *rest = article.text.split("\n\n")
    process_item(article, site.timezone, frozenset({normalize(rest[-1])}))  # the site repeats the last block
    assert article.text.split("\n\n") == [first, *rest[:-1]] and calls == ["kk"]
    assert ("site-repeated", rest[-1]) in [(r.rule, r.text) for r in article.removed]
