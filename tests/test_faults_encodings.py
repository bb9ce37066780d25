"""Encoding faults: a header that contradicts the body, pages that declare nothing in windows-1251, koi8-r and
the Kazakh KZ-1048 code page, and mojibake already in the source. The archive holds the letters the author
wrote; a page whose garbling cannot be undone is dropped as `mojibake`, never stored garbled.

One real crawl through the CLI of an imitation site serves the module's tests.
"""

from __future__ import annotations

import pytest
from fault_crawl import (
    Crawl,
    article_page,
    assert_one_line_errors,
    crawl_site,
    headline_home,
    last_run,
    query,
)
from site_server import Answer

RU_TITLE = "Министр иностранных дел провёл консультации"
RU = "Министерство иностранных дел сообщает о консультациях. Стороны обсудили вопросы сотрудничества."
KK_TITLE = "Сыртқы істер министрі әріптесімен кездесті"
# Every Kazakh-specific letter, upper and lower case: where KZ-1048 and windows-1251 differ.
KK = ("Қазақстан Республикасы Сыртқы істер министрлігі өкілдері ұлттық құндылықтар туралы айтты. "
      "Әріптестер Ғылым, Өнер, Ұлт, Үкімет, Һәм Іскерлік байланыстар мен кеңес жұмысын талқылады, жаңа "
      "бағдарлама үшін күш біріктірді.")


def no_charset(text: str, encoding: str, content_type: str = "text/html") -> Answer:
    """Bytes in `encoding` with no <meta> declaration and, unless given, no charset in the header."""
    return Answer(text.encode(encoding), content_type)


def source_mojibake(text: str, misread_as: str) -> Answer:
    """A page whose author's CMS read UTF-8 as `misread_as` and saved the result as UTF-8."""
    garbled = text.encode("utf-8").decode(misread_as, errors="replace")
    return Answer(garbled.encode("utf-8"), "text/html; charset=utf-8")


RU_PAGE = article_page(RU_TITLE, RU, meta_charset="")
KK_PAGE = article_page(KK_TITLE, KK, lang="kk", meta_charset="")
PAGES = {
    "/news/header-says-utf8": no_charset(RU_PAGE, "cp1251", "text/html; charset=utf-8"),
    "/news/cp1251": no_charset(RU_PAGE, "cp1251"),
    "/news/koi8r": no_charset(RU_PAGE, "koi8_r"),
    "/news/kz1048": no_charset(KK_PAGE, "kz1048"),
    "/news/kz1048-header-says-1251": no_charset(KK_PAGE, "kz1048", "text/html; charset=windows-1251"),
    # "РњРёРЅРёСЃС‚РµСЂ..." and "ÐœÐ¸Ð½Ð¸..." as the source serves them.
    "/news/mojibake-cp1251": source_mojibake(RU_PAGE, "cp1251"),
    "/news/mojibake-latin1": source_mojibake(KK_PAGE, "latin-1"),
    # Garbled, then upper-cased by the source: the bytes are gone and no repair can bring the letters back.
    "/news/mojibake-lost": Answer(article_page(RU_TITLE, RU).encode("utf-8").decode("cp1251").upper()
                                  .replace("<!DOCTYPE", "<!doctype").encode("utf-8"), "text/html; charset=utf-8"),
}
STORED = [path for path in PAGES if path != "/news/mojibake-lost"]


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    return crawl_site({"/": headline_home(*PAGES), **PAGES}, tmp_path_factory.mktemp("enc") / "a.sqlite")


def stored(crawl: Crawl, path: str) -> tuple[str, str]:
    rows = query(crawl.db, "select title, text from articles where url = ?", crawl.url(path))
    assert len(rows) == 1, f"{path} not archived: {crawl.result.stderr}"
    return rows[0]


def test_every_readable_page_is_archived_and_the_run_ends_well(crawl: Crawl) -> None:
    assert crawl.result.returncode == 0, crawl.result.stderr
    assert_one_line_errors(crawl.result.stderr)
    run = last_run(crawl.db)
    assert (run["status"], run["new"], run["dropped"], run["errors"]) == ("finished", len(STORED), 1, 0)


def test_a_header_that_contradicts_the_body_is_overruled(crawl: Crawl) -> None:
    title, text = stored(crawl, "/news/header-says-utf8")
    assert title == RU_TITLE and RU in text


@pytest.mark.parametrize("path", ["/news/cp1251", "/news/koi8r"])
def test_undeclared_windows_1251_and_koi8_r_are_detected(crawl: Crawl, path: str) -> None:
    title, text = stored(crawl, path)
    assert title == RU_TITLE and RU in text


@pytest.mark.parametrize("path", ["/news/kz1048", "/news/kz1048-header-says-1251"])
def test_kz1048_pages_keep_their_kazakh_letters(crawl: Crawl, path: str) -> None:
    title, text = stored(crawl, path)
    assert title == KK_TITLE and KK in text
    assert not set(text) & set("ЌќЋћЈјЅѕЎўҐґЄєЇї")  # windows-1251's letters at KZ-1048's places


def test_mojibake_at_the_source_is_repaired_counted_and_said_once(crawl: Crawl) -> None:
    assert stored(crawl, "/news/mojibake-cp1251") == stored(crawl, "/news/cp1251")
    title, text = stored(crawl, "/news/mojibake-latin1")
    assert title == KK_TITLE and KK in text
    assert last_run(crawl.db)["stats"]["newsbot/pages/repaired-mojibake"] == 2
    assert crawl.result.stderr.count(": repaired mojibake http://") == 1


def test_mojibake_that_cannot_be_repaired_is_dropped_not_stored(crawl: Crawl) -> None:
    assert query(crawl.db, "select count(*) from articles where url = ?", crawl.url("/news/mojibake-lost")) == [(0,)]
    assert last_run(crawl.db)["dropped_by_reason"] == {"mojibake": 1}
    assert f"dropped {crawl.url('/news/mojibake-lost')}: mojibake (" in crawl.result.stderr
