"""`newsbot sql` faults: a query that never ends, Ctrl-C, ATTACH, fts3_tokenizer, named parameters. The real CLI
in a subprocess; the archive is only ever read."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import pytest
from archive_helpers import article, write
from cli_client import newsbot_command
from conftest import run_cli
from endless_query import ENDLESS, wait_until_querying
from fault_crawl import assert_one_line_errors


@pytest.fixture
def db(archive_db: str) -> str:
    """Three articles, on each backend."""
    write(archive_db, *(article(n) for n in range(3)))
    return archive_db


def test_an_endless_query_stops_at_the_timeout_in_one_line(db: str) -> None:
    result = run_cli("sql", ENDLESS, "--db", db, "--timeout", "1", timeout=30)
    assert result.returncode == 2
    assert result.stderr == "Error: the query ran longer than --timeout 1 s and was stopped\n"


def test_ctrl_c_stops_a_running_query(db: str) -> None:
    proc = subprocess.Popen(newsbot_command("sql", ENDLESS, "--db", db), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    wait_until_querying(proc, db)  # a fixed sleep may end before the imports do on a loaded machine
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 5, err
    assert err.strip().endswith("newsbot sql: interrupted (Ctrl-C); the query was stopped")
    assert_one_line_errors(err)


@pytest.mark.parametrize("archive_db", ["sqlite"], indirect=True)  # SQLite's own statements and functions
def test_attach_and_fts3_tokenizer_are_refused_and_create_nothing(db: str, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.sqlite"
    for statement in (f"ATTACH DATABASE '{elsewhere}' AS x", "SELECT fts3_tokenizer('simple')",
                      f"SELECT * FROM (SELECT 1) WHERE 0; ATTACH '{elsewhere}' AS y"):
        result = run_cli("sql", statement, "--db", db)
        assert result.returncode == 2, result.stderr
        assert result.stderr.count("\n") == 1 and "Error:" in result.stderr
    assert not elsewhere.exists()


def test_the_sql_reaches_sqlite_untouched(db: str) -> None:
    named = run_cli("sql", "SELECT :x", "--db", db)
    assert named.returncode == 2 and named.stderr.startswith("Error: SQL error:"), named.stderr
    escaped = run_cli("sql", r"SELECT 'a\:b' AS v", "--db", db, "--format", "csv")
    assert escaped.returncode == 0 and escaped.stdout.split() == ["v", r"a\:b"]
