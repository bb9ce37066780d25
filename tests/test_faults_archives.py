"""Archive faults: a backup made with `sqlite3 A .dump | sqlite3 B` (it loses `user_version`), a nonsense
`user_version`, another program's SQLite database. The real CLI in a subprocess."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from archive_helpers import article, query, write
from conftest import backend, run_cli
from fault_crawl import assert_one_line_errors

from newsbot.archive.db import to_url
from newsbot.archive.lock import archive_lock, lock_is_held
from newsbot.archive.schema import SCHEMA_VERSION


@pytest.fixture
def db(small_archive: Path) -> Path:
    return small_archive


def count(db: Path) -> list[str]:
    result = run_cli("sql", "select count(*) as n from articles", "--db", str(db), "--format", "csv")
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


# SQLite-only, as the next ones: a .dump backup, user_version, damaged bytes, the FTS5 table, a folder's mode and a
# hard link are an SQLite file's faults.
@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="needs the sqlite3 shell")
def test_a_backup_made_with_dump_is_recognised_by_its_tables(db: Path, tmp_path: Path) -> None:
    backup = tmp_path / "backup.sqlite"
    dump = subprocess.run(["sqlite3", str(db), ".dump"], capture_output=True, check=True).stdout
    subprocess.run(["sqlite3", str(backup)], input=dump, check=True, capture_output=True)
    assert query(backup, "pragma user_version") == [(0,)]
    assert count(backup) == ["n", "3"]
    exported = run_cli("export", "--db", str(backup))
    assert exported.returncode == 0 and len(exported.stdout.splitlines()) == 3, exported.stderr
    assert query(backup, "pragma user_version") == [(SCHEMA_VERSION,)]  # said again once recognised


def test_a_nonsense_user_version_is_recognised_by_the_tables(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("pragma user_version = -1")
    assert count(db) == ["n", "3"]
    assert query(db, "pragma user_version") == [(SCHEMA_VERSION,)]


def test_another_programs_database_is_refused_and_left_as_it_was(archive_db: str) -> None:
    other = archive_db
    query(other, "create table notes (id integer primary key, body text)")
    query(other, "insert into notes (id, body) values (1, 'mine')")
    sqlite = backend(other) == "sqlite"
    before = hashlib.sha256(Path(other).read_bytes()).hexdigest() if sqlite else tables(other)
    # A server database may hold other programs' tables beside an archive's (migrations.py): there only the
    # reading commands refuse it.
    for args in ([["crawl", "mfa"]] if sqlite else []) + [["export"], ["sql", "select 1"]]:
        result = run_cli(*args, "--db", other)
        assert result.returncode == 2, result.stderr
        assert_one_line_errors(result.stderr)
        assert result.stderr.count("\n") == 1 and ("another program" in result.stderr
                                                   or "not a newsbot archive" in result.stderr), result.stderr
    assert query(other, "select body from notes") == [("mine",)]
    if sqlite:
        assert hashlib.sha256(Path(other).read_bytes()).hexdigest() == before
        assert query(other, "pragma journal_mode") == [("delete",)]
        assert not Path(other + "-wal").exists()
    else:
        assert tables(other) == before == [("notes",)]


def tables(db: str) -> list[tuple]:
    """The tables and views of a PostgreSQL database's public schema."""
    return query(db, "select table_name from information_schema.tables where table_schema = 'public' order by 1")


def test_a_damaged_archive_is_one_clean_line_and_exit_2(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.sqlite"
    write(damaged, *(article(n, text="слово " * 300) for n in range(300)))
    size = damaged.stat().st_size
    with damaged.open("r+b") as fh:  # every other 4 KiB page after the first few: a bad disk, a copy gone wrong
        for offset in range(40 * 4096, size, 8192):
            fh.seek(offset)
            fh.write(bytes(range(256)) * 16)
    for args in (["export"], ["sql", "SELECT * FROM articles"],
                 ["crawl", "mfa", "--base-url", "http://127.0.0.1:9", "-s", "RETRY_TIMES=0"]):
        result = run_cli(*args, "--db", str(damaged))
        assert result.returncode == 2, (args, result.stderr)
        assert_one_line_errors(result.stderr)
        last = result.stderr.strip().splitlines()[-1]
        said = ("Error: the archive cannot be used: ", "Error: cannot open archive", "Error: SQL error:")
        assert last.startswith(said), result.stderr
        assert last.isprintable() and "\ufffd" not in last and len(last) < 300


def test_a_dropped_full_text_table_is_rebuilt_from_the_articles(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("drop table articles_fts")
    result = run_cli("search", "Text", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert all(f"Title {n}" in result.stdout for n in range(3)), result.stdout
    assert query(db, "select count(*) from articles_fts") == [(3,)]


def test_extract_with_a_url_that_is_no_url_is_one_line(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
    result = run_cli("extract", str(page), "--url", "http://[::1")
    assert result.returncode == 2
    assert result.stderr == "Error: --url takes the page's address, got 'http://[::1', which is no URL\n"


@pytest.fixture
def read_only_copy(db: Path, tmp_path: Path) -> Iterator[Path]:
    """The archive in a folder mounted read-only (a mounted backup): no -shm file can be made beside it."""
    source, view = tmp_path / "src", tmp_path / "ro"
    source.mkdir()
    view.mkdir()
    shutil.copy(db, source / db.name)  # in WAL mode, with no -wal or -shm file
    mounted = subprocess.run(["mount", "--bind", str(source), str(view)], capture_output=True).returncode == 0
    if not mounted:
        pytest.skip("cannot bind-mount here (needs root)")
    try:
        if subprocess.run(["mount", "-o", "remount,ro,bind", str(view)], capture_output=True).returncode != 0:
            pytest.skip("cannot remount read-only here")
        yield view / db.name
    finally:
        subprocess.run(["umount", "-l", str(view)], check=False)


def test_reading_commands_read_an_archive_in_a_read_only_folder(read_only_copy: Path) -> None:
    assert query(read_only_copy.parent.parent / "src" / read_only_copy.name, "pragma journal_mode") == [("wal",)]
    assert count(read_only_copy) == ["n", "3"]
    exported = run_cli("export", "--db", str(read_only_copy))
    assert exported.returncode == 0 and len(exported.stdout.splitlines()) == 3, exported.stderr
    crawl = run_cli("crawl", "mfa", "--base-url", "http://127.0.0.1:9", "--db", str(read_only_copy))
    assert crawl.returncode == 2 and crawl.stderr.count("\n") == 1, crawl.stderr  # writing: one line, exit 2


def test_a_hard_link_to_the_archive_shares_its_lock(db: Path, tmp_path: Path) -> None:
    other_name = tmp_path / "elsewhere" / "same.sqlite"
    other_name.parent.mkdir()
    os.link(db, other_name)
    with archive_lock(to_url(str(db))):
        assert lock_is_held(to_url(str(other_name)))
        result = run_cli("crawl", "mfa", "--db", str(other_name), "--base-url", "http://127.0.0.1:9")
        assert result.returncode == 3, result.stderr
        assert "holds the archive" in result.stderr and result.stderr.count("\n") == 1
    assert not lock_is_held(to_url(str(other_name)))
