"""The archive's commands on PostgreSQL, against the real server: the same crawl exports the same records as on
SQLite, runs and health read it, `sql` stays read-only and bounded, the report renders."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
from archive_helpers import article, write
from conftest import FAST, run_cli
from govkz_server import GovKzImitation

# What depends on when and into which archive a crawl ran, not on what it archived.
RUN_FIELDS = {"id", "fetched_at", "first_seen", "last_seen", "updated_at"}


def crawl_into(db: str, api: GovKzImitation) -> None:
    result = run_cli("crawl", "mfa", "--base-url", api.url, "--db", db, *FAST)
    assert result.returncode == 0, result.stderr


def exported(db: str) -> list[dict]:
    result = run_cli("export", "--db", db)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    return sorted(({k: v for k, v in r.items() if k not in RUN_FIELDS} for r in records), key=lambda r: r["url"])


def test_the_same_crawl_exports_the_same_records_from_both_archives(
    govkz_api: GovKzImitation, postgres_url: str, tmp_path: Path
) -> None:
    sqlite_db = str(tmp_path / "a.sqlite")
    crawl_into(sqlite_db, govkz_api)
    crawl_into(postgres_url, govkz_api)
    from_sqlite, from_postgres = exported(sqlite_db), exported(postgres_url)
    assert len(from_postgres) == 14
    assert from_postgres == from_sqlite


def test_runs_health_and_report_read_a_postgresql_archive(
    govkz_api: GovKzImitation, postgres_url: str, tmp_path: Path
) -> None:
    crawl_into(postgres_url, govkz_api)
    runs = run_cli("runs", "--db", postgres_url)
    assert runs.returncode == 0, runs.stderr
    assert runs.stdout.splitlines()[0].startswith("run  started")
    assert " mfa  finished " in runs.stdout and "14 new" in runs.stdout
    assert runs.stdout.splitlines()[1].split("  ")[5].split(":")[0]  # the worker: host:pid
    health = run_cli("health", "--db", postgres_url)
    assert health.returncode == 0 and health.stderr == ""
    report = run_cli("report", "--db", postgres_url, "-o", str(tmp_path / "r.html"))
    assert report.returncode == 0, report.stderr
    assert "<svg" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_sql_on_postgresql_reads_and_nothing_else(govkz_api: GovKzImitation, postgres_url: str,
                                                   tmp_path: Path) -> None:
    crawl_into(postgres_url, govkz_api)
    counted = run_cli("sql", "SELECT lang, count(*) AS n FROM articles GROUP BY lang ORDER BY lang",
                      "--format", "csv", "--db", postgres_url)
    assert counted.returncode == 0 and counted.stdout.splitlines() == ["lang,n", "en,4", "kk,5", "ru,5"]
    target = tmp_path / "written-by-the-server"
    for query, said in (("DELETE FROM articles", "read-only"),
                        ("SELECT pg_read_file('/etc/hostname')", "reads the archive's tables only"),
                        (f"COPY (SELECT 1) TO '{target}'", "SQL error"),
                        ("SELECT pg_sleep(5)", "longer than --timeout 0.5 s")):
        refused = run_cli("sql", query, "--timeout", "0.5", "--db", postgres_url)
        assert refused.returncode == 2, (query, refused.stderr)
        assert said in refused.stderr and refused.stderr.count("\n") == 1, refused.stderr
    assert not target.exists()
    assert run_cli("sql", "SELECT count(*) FROM articles", "--format", "csv", "--db", postgres_url
                   ).stdout.splitlines() == ["count", "14"]


def test_search_on_postgresql_finds_a_words_forms_in_each_language(govkz_api: GovKzImitation,
                                                                   postgres_url: str) -> None:
    crawl_into(postgres_url, govkz_api)

    def hits(*args: str) -> list[dict]:
        result = run_cli("search", *args, "--format", "jsonl", "--db", postgres_url)
        assert result.returncode == 0, result.stderr
        return [json.loads(line) for line in result.stdout.splitlines()]

    kazakh = hits("консультация", "--lang", "kk")  # the texts say консультациялар
    assert kazakh and all(hit["lang"] == "kk" for hit in kazakh)
    assert "[консультациялар]" in " ".join(hit["snippet"] for hit in kazakh)
    assert [h["id"] for h in hits("министра")] == [h["id"] for h in hits("министр")]
    assert len(hits("министр*")) >= len(hits("министр")) > 0
    phrase = hits('"Министр иностранных дел"')
    assert phrase and all(hit["lang"] == "ru" for hit in phrase)
    assert [hit["lang"] for hit in hits("Japan")] == ["en"]
    elsewhere = run_cli("search", "Japan", "--site", "elsewhere", "--db", postgres_url)
    assert (elsewhere.returncode, elsewhere.stdout) == (2, "")
    assert elsewhere.stderr == "Error: --site 'elsewhere': the archive has no such site; it has mfa\n"
    bad = run_cli("search", "a & (", "--fts", "--db", postgres_url)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "cannot read the search query" in bad.stderr


def test_every_export_format_keeps_backslashes_from_a_postgresql_archive(postgres_url: str, tmp_path: Path) -> None:
    # CSV and Parquet read text as bytes; PostgreSQL's text-to-bytea cast reads backslashes as escapes, so the
    # bytes must come from convert_to, or a text with a backslash fails the export.
    write(postgres_url, article(1, title="C:\\путь\\x41", text="a \\ b \\\\ c, \"quoted\""))
    for fmt in ("jsonl", "csv", "parquet"):
        out = tmp_path / f"out.{fmt}"
        result = run_cli("export", "--db", postgres_url, "-o", str(out))
        assert result.returncode == 0, result.stderr
        if fmt == "jsonl":
            record = json.loads(out.read_text(encoding="utf-8"))
        elif fmt == "csv":
            record = next(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
        else:
            row = pq.read_table(out).to_pylist()[0]
            record = {k: v.decode() if isinstance(v, bytes) else v for k, v in row.items()}
        assert record["title"] == "C:\\путь\\x41" and record["text"] == "a \\ b \\\\ c, \"quoted\"", fmt
