"""Export formats (JSON lines, CSV, Parquet) carry the same records; search answers in them too."""

from __future__ import annotations

import csv
import io
import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from archive_helpers import article, write
from click.testing import CliRunner
from conftest import FETCHED_AT

from newsbot.archive.export import INSTANT_FIELDS, RECORD_FIELDS
from newsbot.archive.formats import write_csv
from newsbot.cli import cli


@pytest.fixture
def archive_file(archive_db: str) -> str:
    db = archive_db
    write(db,
          article(1, title="Астана, \"кеңес\"", text="Бірінші жол\n\nЕкінші, жол", categories=["Пресс-служба", "a,b"]),
          article(2, lang="ru", title="Без даты", published_at=None),
          article(3, lang="en", published_at=FETCHED_AT - timedelta(hours=20)))
    return db


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def jsonl_records(db: str) -> list[dict]:
    result = invoke("export", "--db", db)
    assert result.exit_code == 0
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_records_carry_the_local_day_and_the_site_title(archive_file: str) -> None:
    records = {r["id"]: r for r in jsonl_records(archive_file)}
    assert list(records[1]) == RECORD_FIELDS
    # 2026-11-20T06:00Z is 11:00 in Almaty (UTC+5): the same day; 2026-11-20T10:00Z is 15:00 there.
    assert records[1]["published_date_local"] == "2026-11-20"
    assert records[2]["published_date_local"] is None
    assert records[1]["site_title"] is None  # a site row is written by a crawl, not by the writer alone


def test_csv_has_a_header_and_round_trips_the_text(archive_file: str, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = invoke("export", "--db", archive_file, "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert list(rows[0]) == RECORD_FIELDS
    by_id = {row["id"]: row for row in rows}
    assert by_id["1"]["title"] == 'Астана, "кеңес"'
    assert by_id["1"]["text"] == "Бірінші жол\n\nЕкінші, жол"
    assert json.loads(by_id["1"]["categories"]) == ["Пресс-служба", "a,b"]
    assert by_id["2"]["published_at"] == "" and by_id["1"]["published_year_inferred"] == "false"
    assert by_id["1"]["published_at"] == "2026-11-20T06:00:00+00:00"


def test_parquet_types_instants_and_lists(archive_file: str, tmp_path: Path) -> None:
    out = tmp_path / "out.parquet"
    result = invoke("export", "--db", archive_file, "-o", str(out), "--lang", "kk")
    assert result.exit_code == 0, result.output
    table = pq.read_table(out)
    assert table.column_names == RECORD_FIELDS
    row = table.to_pylist()[0]
    assert row["published_at"] == datetime(2026, 11, 20, 6, tzinfo=UTC)
    assert row["categories"] == ["Пресс-служба", "a,b"]
    assert row["id"] == 1 and row["published_year_inferred"] is False
    assert str(table.schema.field("published_at").type).endswith("tz=UTC]")


def test_every_format_has_the_same_records(archive_file: str, tmp_path: Path) -> None:
    expected = jsonl_records(archive_file)
    invoke("export", "--db", archive_file, "--format", "parquet", "-o", str(tmp_path / "x.data"))
    parquet = pq.read_table(tmp_path / "x.data").to_pylist()
    invoke("export", "--db", archive_file, "--format", "csv", "-o", str(tmp_path / "y.data"))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "y.data").read_text(encoding="utf-8"), newline="")))
    assert [r["title"] for r in parquet] == [r["title"] for r in rows] == [r["title"] for r in expected]
    for record, row, line in zip(expected, parquet, rows, strict=True):
        for name, value in record.items():
            if name in INSTANT_FIELDS:
                assert row[name] == (value and datetime.fromisoformat(value)), name
            else:
                assert row[name] == value, name
            shown = "" if value is None else json.dumps(value, ensure_ascii=False, separators=(",", ":")) \
                if isinstance(value, list | bool) \
                else str(value)
            assert line[name] == shown, name


def test_empty_exports_are_valid_files_in_every_format(archive_file: str, tmp_path: Path) -> None:
    for fmt in ("csv", "parquet", "jsonl"):
        out = tmp_path / f"empty.{fmt}"
        result = invoke("export", "--db", archive_file, "--since", "2030-01-01", "-o", str(out))
        assert result.exit_code == 0 and "exported 0 articles" in result.stderr
    assert pq.read_table(tmp_path / "empty.parquet").num_rows == 0
    assert pq.read_table(tmp_path / "empty.parquet").column_names == RECORD_FIELDS


def test_csv_to_standard_output_and_gzip(archive_file: str, tmp_path: Path) -> None:
    result = invoke("export", "--db", archive_file, "--format", "csv")
    assert result.stdout.splitlines()[0].split(",")[:3] == ["id", "url", "canonical_url"]
    import gzip

    invoke("export", "--db", archive_file, "-o", str(tmp_path / "a.csv.gz"))
    assert gzip.decompress((tmp_path / "a.csv.gz").read_bytes()).startswith(b"id,url,")


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "xlsx"], "Invalid value for '--format'"),
    (["--format", "parquet", "--gzip", "-o", "x.parquet"], "Parquet compresses its own columns"),
    (["--lang", "de"], "--lang 'de': the archive has no such lang; it has en, kk, ru"),
    (["--lang", "kz"], "--lang 'kz': the archive has no such lang (did you mean 'kk'?); it has en, kk, ru"),
    (["--site", "mfaa"], "--site 'mfaa': the archive has no such site (did you mean 'mfa'?); it has mfa"),
])
def test_bad_export_requests_are_one_line_and_write_nothing(archive_file: str, tmp_path: Path, args: list[str],
                                                            message: str) -> None:
    result = CliRunner().invoke(cli, ["export", "--db", archive_file, *args], catch_exceptions=False)
    assert result.exit_code == 2
    assert message in result.stderr.strip().splitlines()[-1]
    assert result.stdout == ""
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("archive.sqlite")] == []


def test_search_answers_as_json_lines_or_csv(archive_file: str) -> None:
    lines = invoke("search", "екінші", "--db", archive_file, "--format", "jsonl").stdout.splitlines()
    hit = json.loads(lines[0])
    assert len(lines) == 1 and hit["id"] == 1 and "[Екінші]" in hit["snippet"] and isinstance(hit["score"], float)
    rows = list(csv.DictReader(io.StringIO(invoke("search", "астана", "--db", archive_file, "--format",
                                                  "csv").stdout, newline="")))
    assert [row["title"] for row in rows] == ['Астана, "кеңес"']


def test_a_search_that_finds_nothing_says_so(archive_file: str) -> None:
    result = invoke("search", "Париж", "--db", archive_file)
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == "no article matches 'Париж'\n"


def _csv_module_bytes(rows: list[dict]) -> bytes:
    """What the standard csv module writes for the same rows (lists as JSON, booleans true/false)."""
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(rows[0].keys())
    for row in rows:
        writer.writerow([json.dumps(v, ensure_ascii=False, separators=(",", ":")) if isinstance(v, list)
                         else ("true" if v else "false") if isinstance(v, bool) else v for v in row.values()])
    return text.getvalue().encode()


def test_csv_writer_writes_the_bytes_the_csv_module_writes() -> None:
    # The hand-written writer quotes by itself (for speed); on fields full of every character that could need
    # quoting, its bytes must be the standard module's, whether text arrives as str or as UTF-8 bytes.
    rng = random.Random(7)
    alphabet = ['"', ",", "\n", "\r", " ", "\t", "'", ";", "\x00", "\u2028", "\x85", "a", "Ә", "ё", "«", "€", "🙂",
                "\\"]
    rows = [{"id": i, "title": "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 12))),
             "text": "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40))),
             "summary": None if i % 3 == 0 else "", "short": i % 2 == 0, "categories": ["a,b", 'c"d'][: i % 3]}
            for i in range(2000)]
    expected = _csv_module_bytes(rows)
    for as_bytes in (False, True):
        given = [{k: v.encode() if as_bytes and isinstance(v, str) else v for k, v in row.items()} for row in rows]
        out = io.BytesIO()
        assert write_csv(given, out) == len(rows)
        assert out.getvalue() == expected


@pytest.mark.parametrize(("args", "message"), [
    (["search", "астана", "--site", "mfaa"], "--site 'mfaa': the archive has no such site (did you mean 'mfa'?)"),
    (["search", "астана", "--lang", "kz"], "--lang 'kz': the archive has no such lang (did you mean 'kk'?)"),
    (["report", "--site", "mfaa"], "--site 'mfaa': the archive has no such site (did you mean 'mfa'?)"),
])
def test_search_and_report_name_the_site_or_language_meant(archive_file: Path, tmp_path: Path, args: list[str],
                                                           message: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, [*args, "--db", str(archive_file)], catch_exceptions=False)
    assert result.exit_code == 2
    assert message in result.stderr.strip().splitlines()[-1]
    assert result.stdout == ""
    assert not (tmp_path / "report.html").exists()


def test_every_format_keeps_backslashes(archive_db: str, tmp_path: Path) -> None:
    # CSV and Parquet read text as bytes; PostgreSQL's text-to-bytea cast reads backslashes as escapes, so the
    # bytes come from convert_to there, or a text with a backslash fails the export.
    write(archive_db, article(1, title="C:\\путь\\x41", text="a \\ b \\\\ c, \"quoted\""))
    for fmt in ("jsonl", "csv", "parquet"):
        out = tmp_path / f"out.{fmt}"
        assert invoke("export", "--db", archive_db, "-o", str(out)).exit_code == 0
        if fmt == "jsonl":
            record = json.loads(out.read_text(encoding="utf-8"))
        elif fmt == "csv":
            record = next(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
        else:
            row = pq.read_table(out).to_pylist()[0]
            record = {k: v.decode() if isinstance(v, bytes) else v for k, v in row.items()}
        assert record["title"] == "C:\\путь\\x41" and record["text"] == "a \\ b \\\\ c, \"quoted\"", fmt
