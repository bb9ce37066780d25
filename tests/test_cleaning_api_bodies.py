"""clean_body on what APIs return: gov.kz `body` fragments and whole documents, WordPress content.rendered."""

from __future__ import annotations

from newsbot.cleaning import clean_body

GOVKZ_FRAGMENT = """<p style="text-align: justify;">Сыртқы істер министрінің орынбасары Ержан Ашықбаев
Ташкентте өткен кездесуге қатысты.</p>
<p style="text-align: justify;">Тараптар өңірлік ынтымақтастық мәселелерін талқылады.</p>
<p>&nbsp;</p>
<p><img src="https://www.gov.kz/uploads/2020/12/22/photo.jpg" alt="" /></p>
<p><em>Сурет mfa.gov.kz сайтынан алынды.</em></p>"""

GOVKZ_DOCUMENT = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>p.MsoNormal{margin:0}</style>
<script>window.x = 1;</script></head><body>
<p class="MsoNormal"><span lang="RU">Министр иностранных дел провел встречу с послом Японии.</span>
<o:p></o:p></p>
<p class="MsoNormal"><span lang="RU">Стороны обсудили подготовку визита, сообщает пресс-служба МИД.</span></p>
<p class="MsoNormal"><b>Фото: МИД РК</b></p>
</body></html>"""

WORDPRESS_RENDERED = """
<p>Қазақстан мен Беларусь арасында консультациялар өтті, деп хабарлайды Jana-kezen.kz.</p>
<p>Тараптар өзекті мәселелерді талқылады.</p>
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Бөлісу:</h3>
<ul><li>Facebook</li></ul></div>
<div id="jp-relatedposts" class="jp-relatedposts">
<h3 class="jp-relatedposts-headline"><em>Ұқсас</em></h3></div>
<h4>Басқа жаңалықтар</h4>
<ul><li><a href="/a">Елордада жаңа саябақ ашылды</a></li></ul>"""


def test_govkz_fragment() -> None:
    result = clean_body(GOVKZ_FRAGMENT, "kk")
    assert result.text.split("\n\n") == [
        "Сыртқы істер министрінің орынбасары Ержан Ашықбаев Ташкентте өткен кездесуге қатысты.",
        "Тараптар өңірлік ынтымақтастық мәселелерін талқылады.",
    ]
    assert result.image_credit == "mfa.gov.kz"
    assert '<img src="https://www.gov.kz/uploads/2020/12/22/photo.jpg"' in result.html
    assert "style=" not in result.html


def test_govkz_whole_document_with_word_markup() -> None:
    result = clean_body(GOVKZ_DOCUMENT, "ru")
    assert result.text.split("\n\n") == [
        "Министр иностранных дел провел встречу с послом Японии.",
        "Стороны обсудили подготовку визита, сообщает пресс-служба МИД.",
    ]
    assert result.image_credit == "МИД РК"
    assert result.source == "пресс-служба МИД"
    assert "window.x" not in result.html and "MsoNormal" not in result.html


def test_wordpress_rendered_content() -> None:
    result = clean_body(WORDPRESS_RENDERED, "kk")
    assert result.text.split("\n\n") == [
        "Қазақстан мен Беларусь арасында консультациялар өтті, деп хабарлайды Jana-kezen.kz.",
        "Тараптар өзекті мәселелерді талқылады.",
    ]
    assert result.source == "Jana-kezen.kz"
    rules = [removal.rule for removal in result.removed]
    assert "structure:class:sharedaddy" in rules
    assert any(rule.startswith("cutoff:kk:cutoff:Басқа жаңалықтар") for rule in rules)


def test_unknown_language_applies_every_catalogue() -> None:
    raw = "<p>Курс валют</p><p>Валюта бағамы</p><p>Тараптар өзекті мәселелерді талқылады.</p><p>Наверх</p>"
    assert clean_body(raw).text == "Тараптар өзекті мәселелерді талқылады."
