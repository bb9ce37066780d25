"""The generic path: trafilatura's article first; our locator (the densest prose container on clear pages)
when trafilatura finds nothing."""

from __future__ import annotations

import lxml.html
import pytest

from newsbot.pages import generic
from newsbot.pages.locate import locate
from newsbot.pages.rules import PageRules

SENTENCE = "Министр иностранных дел провёл переговоры с коллегой о торговле, транзите и водных ресурсах региона."
TEASER = '<li><a href="/news/{n}">Короткий заголовок другой новости номер {n}</a></li>'


def page(article: str, aside: str = "") -> lxml.html.HtmlElement:
    menu = "".join(f'<li><a href="/s/{n}">Раздел {n}</a></li>' for n in range(6))
    teasers = "".join(TEASER.format(n=n) for n in range(8))
    return lxml.html.document_fromstring(
        f"<html><body><div class='top'><ul>{menu}</ul></div><div class='wrap'>"
        f"<div class='main'><h1>Заголовок</h1>{article}</div>"
        f"<div class='side'><ul>{teasers}</ul>{aside}</div></div>"
        "<div class='bottom'><p>© 2025 Сайт. Все права защищены.</p></div></body></html>"
    )


def paragraphs(count: int, css: str = "text") -> str:
    return f"<div class='{css}'>" + "".join(f"<p>{SENTENCE} Абзац {n}.</p>" for n in range(count)) + "</div>"


@pytest.fixture
def no_trafilatura(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """trafilatura asked, and finding nothing."""
    calls: list[str] = []

    def nothing(tree: lxml.html.HtmlElement, url: str) -> str:
        calls.append(url)
        return ""

    monkeypatch.setattr(generic, "trafilatura_html", nothing)
    return calls


def test_trafilaturas_article_comes_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generic, "trafilatura_html", lambda tree, url: "<html><body><p>found</p></body></html>")
    assert "found" in generic.generic_body(page(paragraphs(4)), "https://example.kz/1", PageRules())


def test_when_trafilatura_finds_nothing_the_densest_prose_container_is_the_body(no_trafilatura: list[str]) -> None:
    root = page(paragraphs(4))
    located = locate(root.find("body"))
    assert located is not None and located.container.get("class") == "text"
    assert located.first.text_content().endswith("Абзац 0.") and located.last.text_content().endswith("Абзац 3.")
    html = generic.generic_body(root, "https://example.kz/1", PageRules())
    assert html.count("<p>") == 4 and "Короткий заголовок" not in html and "Раздел" not in html
    assert no_trafilatura == ["https://example.kz/1"]


def test_a_link_list_inside_the_container_is_dropped_and_the_page_is_left_as_it_was(
    no_trafilatura: list[str],
) -> None:
    links = "<ul>" + "".join(TEASER.format(n=n) for n in range(3)) + "</ul>"
    root = page(paragraphs(3).replace("</div>", links + "<p class='date'>12.03.2025</p></div>"))
    before = lxml.html.tostring(root)
    html = generic.generic_body(root, "https://example.kz/1", PageRules(drop=(".date",)))
    assert "Короткий заголовок" not in html and "12.03.2025" not in html and html.count("<p>") == 3
    assert lxml.html.tostring(root) == before  # the verdict reads the same tree afterwards


@pytest.mark.parametrize(
    ("article", "aside", "why"),
    [
        (paragraphs(2, "one"), paragraphs(2, "two"), "two containers of equal prose: which is the article?"),
        ("<p>Коротко.</p>", "", "no prose at all"),
        (paragraphs(1), paragraphs(1, "other") + paragraphs(1, "third"), "most prose lies outside the best"),
        (paragraphs(5), paragraphs(3, "other"), "most prose is in the best, but another container is close"),
    ],
)
def test_an_unclear_page_gives_no_locator_answer(article: str, aside: str, why: str, no_trafilatura: list[str]) -> None:
    root = page(article, aside)
    assert locate(root.find("body")) is None, why
    assert generic.generic_body(root, "https://example.kz/2", PageRules()) == ""


def test_prose_in_page_chrome_areas_does_not_count() -> None:
    root = page(paragraphs(3), aside="<footer>" + paragraphs(6, "about") + "</footer>")
    located = locate(root.find("body"))
    assert located is not None and located.container.get("class") == "text"
