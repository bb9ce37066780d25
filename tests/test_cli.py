"""The CLI in-process (click's CliRunner), on archives written by the archive writer."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FETCHED_AT

from newsbot.archive.db import open_archive
from newsbot.archive.writer import ArchiveWriter
from newsbot.cli import cli
from newsbot.items import Article


@pytest.fixture
def archive_file(tmp_path: Path) -> Path:
    db = tmp_path / "archive.sqlite"
    items = []
    for n, lang in enumerate(["kk", "ru", "en", "kk"]):
        items.append(Article(
            site="mfa" if n < 3 else "govkz:economy", lang=lang, url=f"https://www.gov.kz/n/{n}?lang={lang}",
            title=f"Title {n}", text=f'Text {n} with "quotes" and <b>tags</b>\nline', html=f"<p>Text {n}</p>",
            published_at=FETCHED_AT - timedelta(days=365 * n), fetched_at=FETCHED_AT,
            translation_key="govkz:1", categories=["Пресс-служба"],
        ))
    engine = open_archive(str(db))
    ArchiveWriter(engine).write(items)
    engine.dispose()
    return db


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_export_writes_one_json_record_per_line_with_offsets(archive_file: Path) -> None:
    result = invoke("export", "--db", str(archive_file), "--format", "jsonl")
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 4
    first = records[0]
    for key in ("id", "site", "url", "lang", "title", "text", "published_at", "fetched_at", "translation_key"):
        assert key in first
    assert first["published_at"] == "2026-11-21T06:00:00+00:00"
    assert first["text"] == 'Text 0 with "quotes" and <b>tags</b>\nline'
    assert first["categories"] == ["Пресс-служба"]
    assert "content_hash" not in first


@pytest.mark.parametrize(
    ("args", "expected_titles"),
    [
        (["--site", "mfa"], ["Title 0", "Title 1", "Title 2"]),
        (["--lang", "kk"], ["Title 0", "Title 3"]),
        (["--since", "2025-06-01"], ["Title 0", "Title 1"]),
        (["--site", "mfa", "--lang", "en"], ["Title 2"]),
        (["--since", "2025-11-21T11:00+05:00"], ["Title 0", "Title 1"]),
        (["--since", "2025-11-21T11:01+05:00"], ["Title 0"]),
    ],
)
def test_export_filters(archive_file: Path, args: list[str], expected_titles: list[str]) -> None:
    result = invoke("export", "--db", str(archive_file), *args)
    assert [json.loads(line)["title"] for line in result.stdout.splitlines()] == expected_titles


def test_export_to_a_file(archive_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = invoke("export", "--db", str(archive_file), "-o", str(out))
    assert result.exit_code == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 4
    assert "exported 4 articles" in result.stderr
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_export_into_a_missing_folder_is_one_line(archive_file: Path, tmp_path: Path) -> None:
    result = invoke("export", "--db", str(archive_file), "-o", str(tmp_path / "no" / "out.jsonl"))
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: cannot write") and result.stderr.count("\n") == 1


def test_export_rejects_a_bad_since(archive_file: Path) -> None:
    result = invoke("export", "--db", str(archive_file), "--since", "last tuesday")
    assert result.exit_code == 2 and "--since takes an ISO date" in result.stderr


def test_sql_answers_a_query_as_a_table_csv_and_jsonl(archive_file: Path) -> None:
    query = "SELECT lang, count(*) AS n FROM articles GROUP BY lang ORDER BY lang"
    table = invoke("sql", query, "--db", str(archive_file))
    assert table.exit_code == 0
    assert table.stdout.splitlines()[0].split() == ["lang", "n"]
    assert table.stdout.splitlines()[2].split() == ["en", "1"]
    assert invoke("sql", query, "--db", str(archive_file), "--format", "csv").stdout.splitlines() == [
        "lang,n", "en,1", "kk,2", "ru,1"]
    lines = invoke("sql", query, "--db", str(archive_file), "--format", "jsonl").stdout.splitlines()
    assert json.loads(lines[1]) == {"lang": "kk", "n": 2}


def test_sql_tables_mark_a_cut_cell_and_say_when_there_are_no_rows(archive_file: Path) -> None:
    long = invoke("sql", "SELECT 'x' || printf('%.70c', 'y') AS v", "--db", str(archive_file)).stdout.splitlines()
    assert long[2] == "x" + "y" * 58 + "…" and len(long[2]) == 60
    empty = invoke("sql", "SELECT id FROM articles WHERE 0", "--db", str(archive_file)).stdout.splitlines()
    assert empty == ["id", "--", "(no rows)"]


@pytest.mark.parametrize("statement", [
    "DELETE FROM articles",
    "UPDATE articles SET title = 'x'",
    "DROP TABLE articles",
    "CREATE TABLE t (x)",
    # Hidden behind a comment and a CTE: the database refuses it, not a statement parser.
    "/* harmless */ WITH x AS (SELECT 1) DELETE FROM articles",
])
def test_sql_refuses_writes_at_the_database_level(archive_file: Path, statement: str) -> None:
    result = invoke("sql", statement, "--db", str(archive_file))
    assert result.exit_code == 2
    assert "read-only" in result.stderr and result.stderr.count("\n") == 1
    assert invoke("sql", "SELECT count(*) AS n FROM articles", "--db", str(archive_file),
                  "--format", "csv").stdout.splitlines() == ["n", "4"]


def test_sql_reports_a_syntax_error_in_one_line(archive_file: Path) -> None:
    result = invoke("sql", "SELEC nonsense", "--db", str(archive_file))
    assert result.exit_code == 2 and result.stderr.startswith("Error: SQL error:")


def test_a_file_that_is_not_an_archive_is_one_line_and_untouched(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database")
    for args in (["export", "--db", str(notes)], ["sql", "SELECT 1", "--db", str(notes)],
                 ["crawl", "mfa", "--db", str(notes)]):
        result = invoke(*args)
        assert result.exit_code == 2
        assert result.stderr == f"Error: archive {notes} is not an SQLite database\n"
    assert notes.read_text() == "not a database"


def test_crawl_refuses_an_unknown_site_or_language_before_starting(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    unknown = invoke("crawl", "nosuchsite", "--db", str(db))
    assert unknown.exit_code == 2 and "unknown site 'nosuchsite'" in unknown.stderr
    bad_lang = invoke("crawl", "mfa", "--lang", "de", "--db", str(db))
    assert bad_lang.exit_code == 2 and "--lang 'de'" in bad_lang.stderr
    assert not db.exists()


def test_sites_lists_the_registry() -> None:
    result = invoke("sites")
    lines = result.stdout.splitlines()
    assert lines[0] == "name\tkind\tlanguages\ttimezone\torigin\ttitle"
    assert lines[1].startswith("mfa\tgovkz\tkk,ru,en\tAsia/Almaty\thttps://www.gov.kz\t")
