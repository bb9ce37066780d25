"""clean_body: structural and textual cleaning, credits and sources, never body sentences."""

from __future__ import annotations

import pytest

from newsbot.cleaning import CleanBody, clean_body
from newsbot.cleaning.structure import chrome_token_match

ARTICLE = "<p>Министрлер екіжақты ынтымақтастық мәселелерін талқылады.</p>"


def paragraphs(result: CleanBody) -> list[str]:
    return result.text.split("\n\n") if result.text else []


@pytest.mark.parametrize(
    ("names", "rule"),
    [
        (["comment-respond"], "comment"),
        (["comments"], "comments"),
        (["jp-relatedposts"], "relatedposts"),
        (["yarpp-related"], "related"),
        (["go-to-top"], "go-to-top"),
        (["share-buttons"], "share"),
        (["widget_custom_html"], "widget"),
        (["currency-block"], "currency"),
        (["post-meta"], "post-meta"),
        (["entry-content"], None),
        (["shareholders"], None),
        (["td-post-content"], None),
        (["advantage"], None),
        (["readability"], None),
    ],
)
def test_class_tokens_not_substrings(names: list[str], rule: str | None) -> None:
    assert chrome_token_match(names) == rule


def test_structural_chrome_dropped_and_body_kept() -> None:
    raw = (
        '<div class="entry-content">' + ARTICLE
        + '<p class="shareholders">Акционерлер жиналысы өтті.</p>'
        + '<div class="share-buttons"><a href="#">Facebook</a></div>'
        + '<nav id="breadcrumb"><a href="/">Басты</a></nav>'
        + '<div id="comments"><div id="respond" class="comment-respond"><h3>Пікір қалдыру</h3></div></div>'
        + '<div class="jp-relatedposts"><h3>Related</h3><p>Other story</p></div>'
        + '<a id="go-to-top" href="#"><span class="screen-reader-text">Back to top button</span></a>'
        + "</div>"
    )
    result = clean_body(raw, "kk")
    assert paragraphs(result) == [
        "Министрлер екіжақты ынтымақтастық мәселелерін талқылады.",
        "Акционерлер жиналысы өтті.",
    ]
    assert {r.rule.split(":")[0] for r in result.removed} >= {"structure", "tag"}


def test_container_itself_never_dropped() -> None:
    # The whole document's main column carries a chrome-looking token (Jannah: `sidebar-right`).
    long_text = " ".join(["Парламент заң жобасын бірінші оқылымда мақұлдады."] * 10)
    column = f'<div class="main sidebar-right"><p>{long_text}</p></div>'
    raw = f'<html><body class="sidebar-right">{column}</body></html>'
    assert clean_body(raw).text == long_text


def test_keeps_lists_quotes_tables_and_link_text() -> None:
    raw = (
        '<p>Келісім <a href="https://example.kz/doc">мәтіні</a> жарияланды.</p>'
        "<ul><li>бірінші</li><li>екінші</li></ul><blockquote>Дәйексөз</blockquote>"
        "<table><tr><td>Жыл</td><td>2020</td></tr></table><h2>Тақырыпша</h2>"
    )
    result = clean_body(raw, "kk")
    assert paragraphs(result) == [
        "Келісім мәтіні жарияланды.", "бірінші", "екінші", "Дәйексөз", "Жыл 2020", "Тақырыпша",
    ]
    assert '<a href="https://example.kz/doc">' in result.html


@pytest.mark.parametrize(
    ("lang", "chrome"),
    [
        ("kk", ["Валюта бағамы", "USD - 447.75", "EUR - 490.40", "RUB - 4.84"]),
        ("ru", ["Курс валют", "USD 447.75 EUR 490.40"]),
        ("kk", ["Басты"]),
        ("ru", ["Главная"]),
        ("en", ["Home"]),
        ("kk", ["Электрондық пошта мекенжайыңыз жарияланбайды. Қажетті өрістер (*) белгіленеді."]),
        ("ru", ["Ваш адрес email не будет опубликован. Обязательные поля помечены *"]),
        ("en", ["Your email address will not be published. Required fields are marked *"]),
        ("kk", ["captcha"]),
        ("en", ["Back to top button"]),
        ("ru", ["Наверх"]),
        ("ru", ["Просмотров: 1 245"]),
        (None, ["Back to top button", "Наверх"]),
    ],
)
def test_chrome_lines_leave_html_and_text(lang: str | None, chrome: list[str]) -> None:
    before = "".join(f"<p>{line}</p>" for line in chrome)
    raw = before + ARTICLE + "".join(f"<div>{line}</div>" for line in chrome)
    result = clean_body(raw, lang)
    assert paragraphs(result) == ["Министрлер екіжақты ынтымақтастық мәселелерін талқылады."]
    for line in chrome:
        assert line not in result.html


def test_br_separated_widget_lines_removed_line_by_line() -> None:
    result = clean_body("<div>Валюта бағамы<br>USD - 447.75<br>EUR - 490.40</div>" + ARTICLE, "kk")
    assert paragraphs(result) == ["Министрлер екіжақты ынтымақтастық мәселелерін талқылады."]


@pytest.mark.parametrize(
    ("marker", "lang"),
    [("Басқа жаңалықтар", "kk"), ("Другие новости", "ru"), ("Читайте также", "ru"), ("Related news", "en")],
)
def test_cutoff_drops_everything_after(marker: str, lang: str) -> None:
    raw = ARTICLE + f"<h3>{marker}</h3><ul><li><a href='/a'>Бір жаңалық</a></li></ul><p>Тағы бір жаңалық</p>"
    result = clean_body(raw, lang)
    assert paragraphs(result) == ["Министрлер екіжақты ынтымақтастық мәселелерін талқылады."]
    assert any(r.rule.startswith("cutoff:") for r in result.removed)


def test_cut_off_menu_fragment_at_the_very_end() -> None:
    result = clean_body(ARTICLE + "<p>captcha Жаңала</p>", "kk")
    assert paragraphs(result) == ["Министрлер екіжақты ынтымақтастық мәселелерін талқылады."]


@pytest.mark.parametrize(
    "sentence",
    [
        "Екі ел арасындағы тауар айналымы 1,2 млрд USD құрады.",
        "USD - 447.75 деген бағам кеше тіркелді, деді сарапшы.",
        "Басқа жаңалықтар арасында министр сапары ерекше аталды.",
        "Басқа да халықаралық ұйымдармен ынтымақтастық талқыланды.",
        "Другие новости недели касались экономики и торговли.",
        "Курс валют за неделю почти не изменился, отметил министр.",
        "Главная тема встречи – транзит и логистика.",
    ],
)
def test_body_sentences_with_chrome_words_stay(sentence: str) -> None:
    for position in ("first", "middle", "last"):
        parts = {
            "first": [sentence, ARTICLE], "middle": [ARTICLE, sentence, ARTICLE], "last": [ARTICLE, sentence],
        }
        raw = "".join(p if p.startswith("<") else f"<p>{p}</p>" for p in parts[position])
        assert sentence in paragraphs(clean_body(raw, None)), position


@pytest.mark.parametrize(
    ("line", "lang", "credit"),
    [
        ("Сурет mfa.gov.kz сайтынан алынды.", "kk", "mfa.gov.kz"),
        ("Фото: МИД РК", "ru", "МИД РК"),
        ("Фото: Акорда", "ru", "Акорда"),
        ("Photo: Kazinform", "en", "Kazinform"),
        ("Фото с сайта akorda.kz", "ru", "akorda.kz"),
    ],
)
def test_photo_credit_leaves_text_and_fills_image_credit(line: str, lang: str, credit: str) -> None:
    result = clean_body(ARTICLE + f"<p><em>{line}</em></p>", lang)
    assert result.image_credit == credit
    assert line not in result.text
    assert paragraphs(result) == ["Министрлер екіжақты ынтымақтастық мәселелерін талқылады."]


def test_credit_in_figcaption() -> None:
    raw = '<figure><img src="https://x.kz/a.jpg"><figcaption>Фото: МИД РК</figcaption></figure>' + ARTICLE
    result = clean_body(raw, "ru")
    assert result.image_credit == "МИД РК"
    assert "<img" in result.html


@pytest.mark.parametrize(
    ("paragraph", "lang", "source"),
    [
        ("Консультациялар өтті, деп хабарлайды Jana-kezen.kz.", "kk", "Jana-kezen.kz"),
        ("Министр провел встречу с послом, сообщает Kazinform.", "ru", "Kazinform"),
        ("Сенат одобрил закон, передает NUR.KZ.", "ru", "NUR.KZ"),
        ("Президент подписал указ, сообщает Kazinform со ссылкой на Акорду.", "ru", "Kazinform"),
        ("Как сообщает Tengrinews, заседание перенесли. Решение принято вчера.", "ru", "Tengrinews"),
    ],
)
def test_attribution_stays_and_fills_source(paragraph: str, lang: str, source: str) -> None:
    result = clean_body(f"<p>{paragraph}</p>" + ARTICLE, lang)
    assert result.source == source
    assert paragraph in result.text


def test_whole_document_body_and_fragments() -> None:
    head = "<!DOCTYPE html><html><head><title>x</title><script>var a=1;</script></head>"
    doc = head + "<body>" + ARTICLE + "</body></html>"
    assert clean_body(doc).text == "Министрлер екіжақты ынтымақтастық мәселелерін талқылады."
    assert clean_body("Тек мәтін, тегсіз.").text == "Тек мәтін, тегсіз."
    assert clean_body("") == CleanBody("", "")


def test_pure_and_deterministic() -> None:
    raw = "<p>Басты</p>" + ARTICLE + "<p>Фото: МИД РК</p>"
    assert clean_body(raw, "ru") == clean_body(raw, "ru")


def test_loose_text_next_to_blocks_is_kept() -> None:
    result = clean_body("<div>Алғашқы сөйлем.<p>Екінші абзац.</p>Соңғы сөйлем.<br>Басты</div>", "kk")
    assert paragraphs(result) == ["Алғашқы сөйлем.", "Екінші абзац.", "Соңғы сөйлем."]


@pytest.mark.parametrize(
    ("line", "lang"),
    [
        ("Жарияланған уақыты: 14.02.2024", "kk"),
        ("Опубликовано: 12 мая 2025, 10:47", "ru"),
        ("Posted on June 11, 2025", "en"),
        ("12.05.2025 10:47 · Просмотров: 3 412", "ru"),
        ("28.11.2025, 19:54 18706", "kk"),
    ],
)
def test_date_and_counter_lines_at_the_edges(line: str, lang: str) -> None:
    result = clean_body(f"<p>{line}</p>" + ARTICLE, lang)
    assert paragraphs(result) == ["Министрлер екіжақты ынтымақтастық мәселелерін талқылады."]


@pytest.mark.parametrize(
    "sentence",
    ["Published reports suggest growth.", "Опубликовано постановление правительства о тарифах.",
     "Дата проведения форума пока не определена."],
)
def test_label_words_in_body_sentences_stay(sentence: str) -> None:
    for raw in (f"<p>{sentence}</p>" + ARTICLE, ARTICLE + f"<p>{sentence}</p>"):
        assert sentence in paragraphs(clean_body(raw, None))


def test_source_line_breaks_are_spaces_but_br_and_pre_keep_them() -> None:
    raw = "<p>Бірінші\nжол</p><table><tr>\n<td>Жыл</td>\n<td>2020</td>\n</tr></table>"
    raw += "<p>a<br>b</p><pre>x\ny</pre>"
    assert paragraphs(clean_body(raw, "kk")) == ["Бірінші жол", "Жыл 2020", "a\nb", "x\ny"]


def test_double_br_paragraphs_survive_a_removed_line() -> None:
    raw = "<div>Бірінші абзац.<br><br>\nЕкінші абзац.<br><br>\nСурет: ҚР СІМ</div>"
    result = clean_body(raw, "kk")
    assert paragraphs(result) == ["Бірінші абзац.", "Екінші абзац."]
    assert result.image_credit == "ҚР СІМ"


def test_drupal_views_body_wrapper_is_kept() -> None:
    raw = (
        '<div class="views-field views-field-body"><div class="field-content">' + ARTICLE + "</div></div>"
        '<span class="views-count">1 245</span>'
    )
    assert paragraphs(clean_body(raw, "kk")) == ["Министрлер екіжақты ынтымақтастық мәселелерін талқылады."]


@pytest.mark.parametrize(("heading", "lang"), [("Погода", "ru"), ("Weather", "en"), ("Комментарии", "ru")])
def test_ambiguous_words_as_subheadings_inside_the_article_stay(heading: str, lang: str) -> None:
    raw = ARTICLE + f"<h3>{heading}</h3>" + ARTICLE.replace("талқылады", "қарады")
    assert heading in paragraphs(clean_body(raw, lang))
    assert heading not in paragraphs(clean_body(f"<p>{heading}</p>" + ARTICLE, lang))


def test_cutoff_heading_at_the_top_does_not_empty_the_body() -> None:
    raw = "<h4>Другие новости</h4>" + ARTICLE + "<p>Стороны договорились продолжить переговоры.</p>"
    result = clean_body(raw, "ru")
    assert "Стороны договорились продолжить переговоры." in paragraphs(result)
    assert "Другие новости" not in paragraphs(result)  # still chrome: a cut-off word on its own at the edge


@pytest.mark.parametrize("void", ["<embed src='https://example.kz/v.swf'>", "<source src='a.mp4'>", "<wbr>"])
def test_an_unclosed_html5_void_element_does_not_swallow_the_rest_of_the_body(void: str) -> None:
    # libxml2 nests what follows these inside them; dropping an embed used to drop the article's end with it.
    raw = f"<div><p>{'Бірінші абзац мәтіні. ' * 5}</p>{void}<p>{'Соңғы абзац мәтіні. ' * 5}</p></div>"
    result = clean_body(raw, "kk")
    assert "Соңғы абзац" in result.text
    assert "embed" not in result.html and "source" not in result.html


PROSE = (
    "<p>Министр встретился с делегацией и обсудил вопросы торговли, транзита и водных ресурсов региона.</p>"
    "<p>Стороны договорились провести следующее заседание межправительственной комиссии осенью в Астане.</p>"
)


@pytest.mark.parametrize("marker", ["Читайте также", "Related news", "Read more"])
def test_a_related_box_inside_the_article_goes_and_the_article_after_it_stays(marker: str) -> None:
    box = f"<h4>{marker}</h4><p><a href='/n/1'>Заголовок другой новости</a></p><p>Ещё один заголовок</p>"
    result = clean_body(ARTICLE + box + PROSE, None)
    assert paragraphs(result)[0] == "Министрлер екіжақты ынтымақтастық мәселелерін талқылады."
    assert "Стороны договорились" in result.text and "Заголовок другой" not in result.text
    assert "Ещё один заголовок" not in result.text and marker not in result.text
    assert any(r.rule.startswith("box:") for r in result.removed)


def test_aria_hidden_prose_is_the_article_but_an_aria_hidden_icon_is_not() -> None:
    raw = ARTICLE + f"<div aria-hidden='true'>{PROSE}</div><span aria-hidden='true'>▶ Смотреть</span>"
    result = clean_body(raw, "ru")
    assert "Стороны договорились" in result.text and "Смотреть" not in result.text


@pytest.mark.parametrize(
    "line", ["© 2025 «Новости Сарыарки». Перепечатка материалов только с разрешения редакции.",
             "Copyright 2024-2025 Example News. All rights reserved", "(c) Сайт, 2025"]
)
def test_a_copyright_line_at_the_foot_is_chrome(line: str) -> None:
    result = clean_body(ARTICLE + f"<p>{line}</p>", None)
    assert paragraphs(result) == ["Министрлер екіжақты ынтымақтастық мәселелерін талқылады."]


@pytest.mark.parametrize("label", ["- Реклама -", "— Жарнама —", "Advertisement", "· Sponsored ·"])
def test_an_advertising_label_and_the_tagdiv_ad_slot_are_chrome(label: str) -> None:
    ad = "<div class='td-a-rec td-a-rec-id-content'><p>Курсы английского языка со скидкой 50%!</p></div>"
    result = clean_body(ARTICLE + f"<p>{label}</p>" + ad + PROSE, None)
    assert "Курсы английского" not in result.text and label.strip("-—· ") not in result.text
    assert "Стороны договорились" in result.text


def test_a_class_name_names_the_first_chrome_pattern_it_holds() -> None:
    """_name_rule looks patterns up by their first token; it must answer as trying every pattern in order did."""
    import random

    from newsbot.cleaning.structure import _PATTERNS, _name_rule, _tokens

    def every_pattern(name: str) -> str | None:
        tokens = _tokens(name)
        for run in _PATTERNS:
            if any(tokens[i : i + len(run)] == run for i in range(len(tokens) - len(run) + 1)):
                return "-".join(run)
        return None

    words = [*sorted({token for run in _PATTERNS for token in run}), "article", "body", "main", "x1", "content"]
    rng = random.Random(5)
    names = [
        rng.choice(["-", "_", " "]).join(rng.choice(words) for _ in range(rng.randrange(1, 5))) for _ in range(4000)
    ]
    assert sum(every_pattern(name) is not None for name in names) > 1000
    assert [_name_rule(name) for name in names] == [every_pattern(name) for name in names]
