"""Search finds a word's other forms (Snowball for ru/en, suffix rules for kk); phrases stay exact."""

from __future__ import annotations

import pytest
from archive_helpers import article, write
from click.testing import CliRunner
from conftest import backend

from newsbot.archive.db import open_archive
from newsbot.archive.queries import plain_query, search
from newsbot.archive.stemming import kazakh_stem, stems
from newsbot.cli import cli

TEXTS = {
    1: ("kk", "Ташкентте консультациялар өтті", "Екі министрліктің өкілдері Астанада кездесті."),
    2: ("ru", "Министр провёл консультации", "Министр иностранных дел встретился с послом."),
    3: ("ru", "Визит министра", "Министра встретили в Астане. Обсуждены вопросы министров."),
    4: ("en", "Consultations held", "The ministers met in Astana for consultation."),
    5: ("kk", "Астананың тарихы", "Елорданың тарихы туралы көрме Астанаға келді."),
    6: ("ru", "Выставка", "Проведена выставка «Министр и время» в музее."),
}


@pytest.fixture
def db(archive_db: str) -> str:
    path = archive_db
    write(path, *(article(n, lang=lang, title=title, text=text,
                          url=f"https://www.gov.kz/n/{n}?lang={lang}") for n, (lang, title, text) in TEXTS.items()))
    return path


def found(db: str, query: str, **kwargs: object) -> list[int]:
    engine = open_archive(db, readonly=True)
    try:
        return sorted(hit["id"] for hit in search(engine, query, **kwargs))  # type: ignore[arg-type]
    finally:
        engine.dispose()


def test_a_russian_word_finds_its_kazakh_plural_and_its_russian_forms(db: str) -> None:
    assert found(db, "консультация") == [1, 2]


def test_a_word_its_inflected_form_and_its_prefix_give_the_same_hits(db: str) -> None:
    # 1 has the Kazakh министрліктің (of the ministry), built on the same stem.
    assert found(db, "министр") == found(db, "министра") == found(db, "министр*") == [1, 2, 3, 6]


@pytest.mark.parametrize("archive_db", ["sqlite"], indirect=True)  # PostgreSQL indexes stems, not words (pg_search)
def test_exact_phrases_and_the_exact_option_match_as_written(db: str) -> None:
    assert found(db, '"министра встретили"') == [3]
    assert found(db, '"министр встретили"') == []
    assert found(db, "министра", stem=False) == [3]


def test_kazakh_case_endings_come_off(db: str) -> None:
    assert found(db, "Астанада", lang="kk") == [1, 5]
    assert found(db, "тарихы", lang="kk") == [5]


def test_english_words_find_their_plurals(db: str) -> None:
    assert found(db, "consultation") == [4]
    assert found(db, "minister") == [4]


@pytest.mark.parametrize(("word", "stem"), [
    ("консультациялар", "консультация"),
    ("министрлерінің", "министр"),
    ("астанада", "астана"),
    ("астанаға", "астана"),
    ("астананың", "астана"),
    ("астана", "астана"),  # the dative на is not taken for an ending
    ("елде", "елде"),  # fewer than three letters would remain
    ("кездесуі", "кездесу"),
    ("өкілдері", "өкіл"),
    ("министрліктердегі", "министрлік"),
])
def test_kazakh_suffix_rules(word: str, stem: str) -> None:
    assert kazakh_stem(word) == stem


def test_the_languages_of_a_word_come_from_its_letters() -> None:
    assert stems("Министра") == ["министр"]  # ru; as Kazakh, nothing comes off
    assert stems("Астанада") == ["астана"]  # ә/ғ/қ... absent but the Russian stem is the same as written
    assert stems("консультациялар") == ["консультация"]
    assert stems("өкілдері") == ["өкіл"]  # a Kazakh letter: not Russian
    assert stems("ministers") == ["minist"]
    assert stems("12345") == []


def test_the_match_expression_keeps_the_word_itself_and_is_never_an_operator() -> None:
    assert plain_query("министра") == '("министра" OR "министр"*)'
    assert plain_query('"a phrase" OR x:y дипломат*', stem=False) == '"a phrase" AND "OR" AND "x:y" AND "дипломат"*'


def test_the_search_command_stems_unless_told_exact(db: str) -> None:
    runner = CliRunner()
    stemmed = runner.invoke(cli, ["search", "министра", "--db", db, "--format", "csv"])
    exact = runner.invoke(cli, ["search", "министра", "--db", db, "--format", "csv", "--exact"])
    # On PostgreSQL --exact still finds the Russian forms (its index keeps stems), not the Kazakh министрліктің.
    assert len(stemmed.stdout.splitlines()) == 5
    assert len(exact.stdout.splitlines()) == {"sqlite": 2, "postgresql": 4}[backend(db)]
