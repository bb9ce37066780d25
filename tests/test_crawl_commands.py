"""The archive's commands after a real crawl, on SQLite and on PostgreSQL: the same crawl exports the same records
from both, runs and health read it, `sql` stays read-only and bounded, search finds a word's forms, the report
renders. One crawl per backend (the crawl is a subprocess: Scrapy owns its process's reactor); the commands that
read it run in-process."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FAST, _postgres_database, backend, run_cli
from govkz_server import GovKzImitation, serve

from newsbot.cli import cli

# What depends on when and into which archive a crawl ran, not on what it archived.
RUN_FIELDS = {"id", "fetched_at", "first_seen", "last_seen", "updated_at"}
ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def crawl_into(db: str, api: GovKzImitation) -> None:
    result = run_cli("crawl", "mfa", "--base-url", api.url, "--db", db, *FAST)
    assert result.returncode == 0, result.stderr


def exported(db: str) -> list[dict]:
    result = invoke("export", "--db", db)
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    return sorted(({k: v for k, v in r.items() if k not in RUN_FIELDS} for r in records), key=lambda r: r["url"])


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def crawled(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An archive, on each backend, that one crawl of the gov.kz imitation filled; the tests only read it."""
    with serve() as api:
        if request.param == "sqlite":
            db = str(tmp_path_factory.mktemp("crawled") / "archive.sqlite")
            crawl_into(db, api)
            yield db
        else:
            for db in _postgres_database():
                crawl_into(db, api)
                yield db


def test_the_same_crawl_exports_the_same_records_from_both_archives(
    govkz_api: GovKzImitation, postgres_url: str, tmp_path: Path
) -> None:
    sqlite_db = str(tmp_path / "a.sqlite")
    crawl_into(sqlite_db, govkz_api)
    crawl_into(postgres_url, govkz_api)
    from_sqlite, from_postgres = exported(sqlite_db), exported(postgres_url)
    assert len(from_postgres) == 14
    assert from_postgres == from_sqlite


def test_runs_health_and_report_read_a_crawled_archive(crawled: str, tmp_path: Path) -> None:
    runs = invoke("runs", "--db", crawled)
    assert runs.exit_code == 0, runs.stderr
    assert runs.stdout.splitlines()[0].startswith("run  started")
    assert " mfa  finished " in runs.stdout and "14 new" in runs.stdout
    assert runs.stdout.splitlines()[1].split("  ")[5].split(":")[0]  # the worker: host:pid
    health = invoke("health", "--db", crawled)
    assert health.exit_code == 0 and health.stderr == ""
    report = invoke("report", "--db", crawled, "-o", str(tmp_path / "r.html"))
    assert report.exit_code == 0, report.stderr
    assert "<svg" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_sql_reads_and_nothing_else(crawled: str, tmp_path: Path) -> None:
    counted = invoke("sql", "SELECT lang, count(*) AS n FROM articles GROUP BY lang ORDER BY lang", "--format", "csv",
                     "--db", crawled)
    assert counted.exit_code == 0 and counted.stdout.splitlines() == ["lang,n", "en,4", "kk,5", "ru,5"]
    target = tmp_path / "written-by-the-server"
    refusals = [("DELETE FROM articles", "read-only"), (ENDLESS, "longer than --timeout 0.5 s")]
    if backend(crawled) == "postgresql":  # the server's own ways out of the archive
        refusals += [("SELECT pg_read_file('/etc/hostname')", "reads the archive's tables only"),
                     (f"COPY (SELECT 1) TO '{target}'", "SQL error"),
                     ("SELECT pg_sleep(5)", "longer than --timeout 0.5 s")]
    for query, said in refusals:
        refused = invoke("sql", query, "--timeout", "0.5", "--db", crawled)
        assert refused.exit_code == 2, (query, refused.stderr)
        assert said in refused.stderr and refused.stderr.count("\n") == 1, refused.stderr
    assert not target.exists()
    assert invoke("sql", "SELECT count(*) AS n FROM articles", "--format", "csv", "--db", crawled
                  ).stdout.splitlines() == ["n", "14"]


def test_search_finds_a_words_forms_in_each_language(crawled: str) -> None:
    def hits(*args: str) -> list[dict]:
        result = invoke("search", *args, "--format", "jsonl", "--db", crawled)
        assert result.exit_code == 0, result.stderr
        return [json.loads(line) for line in result.stdout.splitlines()]

    kazakh = hits("консультация", "--lang", "kk")  # the texts say консультациялар
    assert kazakh and all(hit["lang"] == "kk" for hit in kazakh)
    assert "[консультациялар]" in " ".join(hit["snippet"] for hit in kazakh)
    # The same articles (SQLite's bm25 ranks the form as written a little higher, so not in the same order).
    assert sorted(h["id"] for h in hits("министра")) == sorted(h["id"] for h in hits("министр"))
    assert len(hits("министр*")) >= len(hits("министр")) > 0
    phrase = hits('"Министр иностранных дел"')
    assert phrase and all(hit["lang"] == "ru" for hit in phrase)
    assert [hit["lang"] for hit in hits("Japan")] == ["en"]
    elsewhere = invoke("search", "Japan", "--site", "elsewhere", "--db", crawled)
    assert (elsewhere.exit_code, elsewhere.stdout) == (2, "")
    assert elsewhere.stderr == "Error: --site 'elsewhere': the archive has no such site; it has mfa\n"
    bad = invoke("search", "a & (", "--fts", "--db", crawled)
    assert bad.exit_code == 2 and bad.stderr.count("\n") == 1 and "cannot read the search query" in bad.stderr
