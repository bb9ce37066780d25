"""Site-level repeated blocks on a generated site: found above the threshold, removed with a reason."""

from __future__ import annotations

import random

import pytest

from newsbot.cleaning.repeated import find_repeated, remove_repeated

WORDS = ("министр", "кездесу", "ынтымақтастық", "келісім", "сапар", "экономика", "жоба", "өңір", "даму",
         "мәселе", "талқылау", "шешім", "бағдарлама", "инвестиция", "көлік", "білім", "денсаулық")
FOOTER = "Материалдарды көшіріп басқанда сайтқа сілтеме міндетті."
SLOGAN = "Біздің Telegram арнамызға жазылыңыз!"
RARE = "Редакция пікірі автор пікірімен сәйкес келмеуі мүмкін."


def generated_site(pages: int = 40, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for index in range(pages):
        body = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))).capitalize() + "."
                for _ in range(rng.randint(2, 5))]
        if index % 10 != 0:  # 90% of pages
            body.append(FOOTER)
        if index % 5 < 3:  # 60% of pages, at the top
            body.insert(0, SLOGAN)
        if index % 10 == 3:  # 10% of pages
            body.append(RARE)
        texts.append("\n\n".join(body))
    return texts


def test_finds_blocks_above_the_threshold() -> None:
    found = find_repeated(generated_site(), min_share=0.5, min_pages=5)
    assert [block.text for block in found] == [FOOTER, SLOGAN]
    assert found[0].pages == 36 and found[0].share == pytest.approx(0.9)


def test_threshold_is_configurable() -> None:
    texts = generated_site()
    assert [b.text for b in find_repeated(texts, min_share=0.7)] == [FOOTER]
    assert RARE in [b.text for b in find_repeated(texts, min_share=0.05, min_pages=3)]
    assert find_repeated(texts[:4], min_share=0.5, min_pages=5) == []
    assert find_repeated([]) == []


def test_case_and_spacing_do_not_hide_a_repeat() -> None:
    texts = generated_site()
    texts[1] = texts[1].replace(FOOTER, FOOTER.upper().replace(" ", "  "))
    assert find_repeated(texts)[0].pages == 36


def test_remove_records_what_and_why() -> None:
    texts = generated_site()
    found = find_repeated(texts)
    cleaned, removed = remove_repeated(texts[1], found)
    assert FOOTER not in cleaned and SLOGAN not in cleaned
    assert [text for _, text in removed] == [SLOGAN, FOOTER]
    assert removed[0][0].startswith("repeated:24 pages")
    assert cleaned.split("\n\n") == [b for b in texts[1].split("\n\n") if b not in (FOOTER, SLOGAN)]


def test_article_paragraphs_are_never_repeats() -> None:
    texts = generated_site()
    found_keys = {b.text for b in find_repeated(texts)}
    for text in texts:
        for block in text.split("\n\n"):
            if block not in (FOOTER, SLOGAN, RARE):
                assert block not in found_keys


def test_site_blocks_are_cut_from_a_clean_body() -> None:
    from newsbot.cleaning import clean_body, cut_site_blocks
    from newsbot.cleaning.phrases import normalize

    raw = "<div><p>Облыс әкімі жаңа мектептің ашылу салтанатына қатысты.</p><p>Біздің арнаға жазылыңыз!</p></div>"
    plain = clean_body(raw, "kk")
    assert "жазылыңыз" in plain.text
    html, removed = cut_site_blocks(plain.html, {normalize("Біздің арнаға жазылыңыз!")})
    assert "жазылыңыз" not in html and "салтанатына" in html
    assert [(r.rule, r.text) for r in removed] == [("site-repeated", "Біздің арнаға жазылыңыз!")]
    assert cut_site_blocks(plain.html, {normalize("Басқа сөйлем")}) == (plain.html, ())
    assert clean_body(raw, "kk") == plain  # no memory between calls
