"""search, history, reprocess and export in-process, on archives built through the real writer."""

from __future__ import annotations

import gzip
import json
from datetime import timedelta
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from archive_helpers import article, query, raw, write
from click.testing import CliRunner
from conftest import FETCHED_AT, FIXTURES, backend

from newsbot.cli import cli
from newsbot.processing import extractor_version

LATER = FETCHED_AT + timedelta(days=1)


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(resources.files("newsbot.archive").joinpath("article.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture
def news_db(archive_db: str) -> str:
    db = archive_db
    write(db,
          article(1, title="Министр встретился с послом Японии", text="Астана. Нұр-Сұлтан қаласында кездесу өтті.",
                  lang="ru", url="https://www.gov.kz/n/1?lang=ru"),
          article(2, title="Дипломатия", text="Вице-министр провёл консультации в Ташкенте.", lang="ru",
                  url="https://www.gov.kz/n/2?lang=ru"),
          article(3, title="Consultations", text="Consultations were held in Tashkent.", lang="en",
                  url="https://www.gov.kz/n/3?lang=en"))
    return db


def test_search_ranks_hits_with_snippets_in_cyrillic(news_db: str) -> None:
    result = invoke("search", "Ташкент*", "--db", news_db)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split("  ")[1:] == ["mfa", "ru", "Дипломатия"]
    assert "[Ташкенте]" in lines[2]
    assert result.stderr == "1 hits\n"


def test_search_takes_hyphenated_kazakh_words_and_case_folds(news_db: str) -> None:
    assert "Министр встретился" in invoke("search", "нұр-сұлтан", "--db", news_db).stdout
    assert invoke("search", "министр", "--lang", "en", "--db", news_db).stdout == ""


# --fts takes the backend's own syntax: SQLite's FTS5, or PostgreSQL's tsquery.
BROKEN_FTS = {"sqlite": ['"unbalanced', "AND", "NEAR(", "title:"], "postgresql": ["NEAR(", "a & (", "&", "a <->", "!"]}


def test_a_broken_fts_query_is_a_clean_error(news_db: str) -> None:
    for bad in BROKEN_FTS[backend(news_db)]:
        result = invoke("search", "--fts", bad, "--db", news_db)
        assert result.exit_code == 2, bad
        assert result.stderr.startswith("Error: cannot read the search query") and result.stderr.count("\n") == 1


def test_history_shows_versions_and_a_diff(archive_db: str) -> None:
    db = archive_db
    write(db, article(1, text="First paragraph.\n\nSecond paragraph."))
    write(db, article(1, text="First paragraph.\n\nSecond paragraph, corrected.", fetched_at=LATER))
    result = invoke("history", "http://gov.kz/memleket/entities/mfa/press/news/details/1/?lang=kk", "--db", db)
    assert result.exit_code == 0
    out = result.stdout.splitlines()
    assert out[1] == "version 1  2026-11-21T06:00:00+00:00 .. 2026-11-22T06:00:00+00:00  test  Title 1"
    assert out[2] == "version 2  2026-11-22T06:00:00+00:00 .. now  test  Title 1"
    assert "-Second paragraph." in out and "+Second paragraph, corrected." in out


def test_history_of_an_unknown_url(news_db: str) -> None:
    result = invoke("history", "https://example.org/nothing", "--db", news_db)
    assert result.exit_code == 2 and "no article with URL" in result.stderr


def test_reprocess_brings_todays_extraction_to_stored_pages(archive_db: str) -> None:
    db = archive_db
    page = (FIXTURES / "govkz" / "mfa" / "kk.json").read_bytes()
    entries = json.loads(page)
    # What an older, worse extractor had stored from this very response.
    stale = [article(0, url=f"https://www.gov.kz/memleket/entities/mfa/press/news/details/{e['id']}?lang=kk",
                     title=e["title"], text="OLD <p>extraction</p>", html="", raw=raw(page))
             for e in entries]
    write(db, *stale)
    result = invoke("reprocess", "--db", db)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"reprocessed 1 stored pages with extractor {extractor_version()}: 5 updated")
    texts = dict(query(db, "select source_id, text from articles"))
    assert texts["1004"] == ("Ташкент қаласында екі елдің Сыртқы істер министрліктері арасында консультациялар "
                             "өтті.\n\nБасқа да өзекті мәселелер бойынша пікір алмасылды.")
    assert query(db, "select distinct version, extractor_version from articles") == [(2, extractor_version())]
    assert query(db, "select distinct last_seen from articles") == [("2026-11-21T06:00:00+00:00",)]
    # A second pass finds nothing more to change.
    again = invoke("reprocess", "--db", db)
    assert "0 updated, 5 unchanged" in again.stdout


def test_export_validates_against_the_shipped_schema_and_escapes_hostile_text(archive_db: str) -> None:
    db = archive_db
    hostile = 'Robert"); DROP TABLE articles;-- <script>alert(1)</script>\x00\x07\u2028\x85\x1c end'
    write(db, article(1, title=hostile, text=hostile), article(2, published_at=None))
    result = invoke("export", "--db", db)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    # NUL is the one character no backend keeps as it came (PostgreSQL's text refuses it): a space.
    assert len(records) == 2 and records[0]["text"] == hostile.replace("\x00", " ")
    check = validator()
    assert [list(check.iter_errors(r)) for r in records] == [[], []]
    assert query(db, "select count(*) from articles") == [(2,)]


def test_export_gzip_and_changed_since(archive_db: str, tmp_path: Path) -> None:
    db = archive_db
    write(db, article(1), article(2))
    write(db, article(2, text="Changed", fetched_at=LATER))
    out = tmp_path / "changed.jsonl.gz"
    result = invoke("export", "--db", db, "--changed-since", "2026-11-22", "-o", str(out))
    assert result.exit_code == 0
    records = [json.loads(line) for line in gzip.decompress(out.read_bytes()).decode().splitlines()]
    assert [(r["source_id"], r["text"], r["version"]) for r in records] == [(None, "Changed", 2)]


def test_export_date_range(archive_db: str) -> None:
    db = archive_db
    write(db, *[article(n) for n in range(1, 6)])
    result = invoke("export", "--db", db, "--since", "2026-11-17", "--until", "2026-11-19T06:00:00+00:00")
    assert [json.loads(line)["title"] for line in result.stdout.splitlines()] == ["Title 3", "Title 4"]
