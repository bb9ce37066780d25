"""The generic path on pages of our own markup, one per failure class seen on real pages of unseen sites."""

from __future__ import annotations

from datetime import UTC, datetime

from newsbot.pages.html_article import extract_article

FETCHED_AT = datetime(2026, 11, 1, tzinfo=UTC)
SENTENCES = [
    "Министр иностранных дел провёл переговоры с коллегой о торговле, транзите и водных ресурсах региона.",
    "Стороны обсудили подготовку визита на высшем уровне и подписание соглашения о стратегическом партнёрстве.",
    "Особое внимание было уделено развитию транспортных коридоров через Каспийское море и железной дороги.",
    "По итогам встречи министры договорились провести заседание межправительственной комиссии осенью.",
]


def page(body: str) -> bytes:
    menu = "".join(f'<li><a href="/s/{n}">Раздел {n}</a></li>' for n in range(6))
    return (
        "<!DOCTYPE html><html lang='ru'><head><meta charset='utf-8'><title>Переговоры министров | Вестник</title>"
        "</head><body><div class='top'><ul>" + menu + "</ul></div><div class='wrap'><div class='col'>"
        "<h1>Переговоры министров</h1>" + body + "</div></div><div class='bottom'>Вестник, 2025</div></body></html>"
    ).encode()


def test_an_empty_comment_inside_a_paragraph_keeps_the_text_after_it() -> None:
    body = "".join(f"<p>{s.replace(', ', ',<!-- --> ', 1)}</p>" for s in SENTENCES)
    article = extract_article(page(body), url="https://vestnik.example.kz/news/1", fetched_at=FETCHED_AT)
    for sentence in SENTENCES:
        assert sentence in article.text


def test_a_list_dropped_between_kept_paragraphs_comes_back() -> None:
    items = "".join(f"<li>Узбекистан – {n},9 млн тонн;</li>" for n in range(1, 4))
    body = f"<p>{SENTENCES[0]}</p><p>{SENTENCES[1]}</p><ul>{items}</ul><p>{SENTENCES[2]}</p><p>{SENTENCES[3]}</p>"
    article = extract_article(page(body), url="https://vestnik.example.kz/news/2", fetched_at=FETCHED_AT)
    assert "Узбекистан – 2,9 млн тонн;" in article.text
    assert article.text.index(SENTENCES[1]) < article.text.index("Узбекистан – 1,9") < article.text.index(
        SENTENCES[2]
    )
    assert "Раздел" not in article.text


def test_a_logo_h1_is_not_the_title_when_og_title_and_the_title_tag_agree_on_the_headline() -> None:
    body = "".join(f"<p>{s}</p>" for s in SENTENCES)
    html = page(body).decode().replace("<h1>Переговоры министров</h1>", "<h2>Переговоры министров</h2>")
    html = html.replace("<div class='wrap'>", "<div class='logo'><h1>Вестник</h1></div><div class='wrap'>")
    html = html.replace("<title>", '<meta property="og:title" content="Переговоры министров"><title>')
    article = extract_article(html.encode(), url="https://vestnik.example.kz/news/3", fetched_at=FETCHED_AT)
    assert article.title == "Переговоры министров"


def test_the_one_h1_is_the_title_when_it_agrees_with_og_title() -> None:
    html = page("".join(f"<p>{s}</p>" for s in SENTENCES)).decode()
    html = html.replace("<title>", '<meta property="og:title" content="Переговоры министров"><title>')
    assert extract_article(html.encode(), url="https://vestnik.example.kz/news/4", fetched_at=FETCHED_AT).title == (
        "Переговоры министров")
