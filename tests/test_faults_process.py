"""Process faults: SIGTERM mid-crawl (graceful: what was scraped is archived, the run is recorded
`interrupted`, exit 5), two runs at once on different archives, and a disk that fills up during a crawl's
write (a real small tmpfs: the run fails in one line, nothing half-written, and the next run completes).

SIGKILL mid-crawl and two runs on one archive are crawled in tests/test_govkz_crawl.py and
tests/test_incremental_crawl.py; docs/faults.md points at them.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FAST, run_cli, start_cli
from fault_crawl import (
    NO_RETRIES,
    article_page,
    assert_one_line_errors,
    crawl_running,
    headline_home,
    html,
    last_run,
    query,
)
from govkz_server import ApiBehaviour, GovKzImitation
from site_helpers import NO_ROBOTS
from site_server import Answer, serve

EXPECTED_ARTICLES = 14  # the gov.kz imitation's kk, ru and en releases


@pytest.mark.parametrize("govkz_api", [ApiBehaviour(delay=0.25)], indirect=True)
def test_sigterm_mid_crawl_archives_what_was_scraped_and_marks_the_run_interrupted(
    govkz_api: GovKzImitation, tmp_path: Path
) -> None:
    db = tmp_path / "a.sqlite"
    # Batches larger than the run: nothing is committed before the signal, everything after it.
    args = ("crawl", "mfa", "--base-url", govkz_api.url, "--db", str(db), *FAST)
    proc = start_cli(*args, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(govkz_api.news_requests()) < 3:
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 5, err
    assert_one_line_errors(err)
    assert err.strip().splitlines()[-1].startswith("newsbot: interrupted (SIGTERM or SIGINT)")
    assert "(interrupted)" in out
    run = last_run(db)
    scraped = run["stats"]["item_scraped_count"]
    assert run["status"] == "interrupted" and run["finished_at"] is not None
    assert 0 < scraped < EXPECTED_ARTICLES
    assert query(db, "select count(*) from articles") == [(scraped,)] and run["new"] == scraped
    assert query(db, "pragma integrity_check") == [("ok",)]
    rerun = run_cli(*args)
    assert rerun.returncode == 0, rerun.stderr
    assert query(db, "select count(*), count(distinct url) from articles") == [
        (EXPECTED_ARTICLES, EXPECTED_ARTICLES)]


@pytest.mark.parametrize("govkz_api", [ApiBehaviour(delay=0.4)], indirect=True)
def test_a_killed_run_shows_what_it_committed(govkz_api: GovKzImitation, tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    proc = start_cli("crawl", "mfa", "--base-url", govkz_api.url, "--db", str(db), *FAST, "-s", "NEWSBOT_BATCH_SIZE=1")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not (db.exists() and _committed(db) >= 3):
        time.sleep(0.1)
    proc.kill()
    proc.wait(timeout=20)
    kept = query(db, "select count(*) from articles")[0][0]
    (new, requests), = query(db, "select new, requests from crawl_runs order by id desc limit 1")
    assert kept >= 3 and new >= 3 and requests > 0  # the counts of every committed batch, not "0 new"
    shown = run_cli("runs", "--db", str(db))
    assert " killed " in shown.stdout and f"{new} new" in shown.stdout, shown.stdout


def _committed(db: Path) -> int:
    try:
        return query(db, "select count(*) from articles")[0][0]
    except sqlite3.OperationalError:
        return 0


def test_two_runs_on_different_archives_both_land(tmp_path: Path) -> None:
    page = html(article_page("Консультации", "Министерство иностранных дел сообщает о консультациях сторон."))
    with serve({**NO_ROBOTS, "/": headline_home("/news/a"), "/news/a": page}) as site:
        runs = [start_cli("crawl", site.url + "/", "--db", str(tmp_path / f"{n}.sqlite"), *FAST, *NO_RETRIES, text=True)
                for n in (1, 2)]
        codes = [proc.wait(timeout=60) for proc in runs]
    assert codes == [0, 0], [proc.communicate() for proc in runs]
    for n in (1, 2):
        assert query(tmp_path / f"{n}.sqlite", "select count(*) from articles") == [(1,)]


# --- a full disk -------------------------------------------------------------------------------------------

DISK_BYTES = 1024 * 1024
ARTICLES = 8


def _mount(where: Path, size: int, *, remount: bool = False) -> bool:
    options = f"{'remount,' if remount else ''}size={size}"
    command = ["mount", "-o", options, str(where)] if remount else ["mount", "-t", "tmpfs", "-o", options, "tmpfs",
                                                                     str(where)]
    return subprocess.run(command, capture_output=True).returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real filesystem of DISK_BYTES (tmpfs), so SQLite meets ENOSPC/SQLITE_FULL as on a full disk."""
    where = tmp_path / "disk"
    where.mkdir()
    if not _mount(where, DISK_BYTES):
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _big_article(n: int) -> Answer:
    """~17 KB of text that zlib cannot shrink much: a few of these fill the small disk."""
    rng = random.Random(n)
    words = " ".join("".join(rng.choice("абвгдеёжзийклмнопрстуфхцчшщыэюяәғқңөұүһі") for _ in range(7))
                     for _ in range(1200))
    return html(article_page(f"Статья {n}", f"Министерство сообщает {n}. {words}."))


def test_a_full_disk_mid_crawl_fails_in_one_line_with_nothing_half_written(small_disk: Path) -> None:
    db = small_disk / "a.sqlite"
    paths = [f"/news/{n}" for n in range(ARTICLES)]
    routes = {**NO_ROBOTS, "/": headline_home(*paths), **{path: _big_article(n) for n, path in enumerate(paths)}}
    with serve(routes) as site:
        crawl = crawl_running(site, db, "-s", "NEWSBOT_BATCH_SIZE=2")
        assert crawl.result.returncode == 1, crawl.result.stderr
        assert_one_line_errors(crawl.result.stderr)
        failures = [line for line in crawl.result.stderr.splitlines() if "archive write failed" in line]
        assert len(failures) == 1 and failures[0].endswith("database or disk is full"), crawl.result.stderr
        assert "errors (failed)" in crawl.result.stdout
        stored = query(db, "select count(*) from articles")[0][0]
        # Whole batches only: every stored article has its text, its FTS row and its raw response.
        assert 0 < stored < ARTICLES and stored % 2 == 0
        assert query(db, "select count(*) from articles_fts") == [(stored,)]
        assert query(db, "select count(*) from articles where raw_response_id is null or text = ''") == [(0,)]
        assert query(db, "pragma integrity_check") == [("ok",)]
        # With room again, the next run completes the work without duplicates.
        assert _mount(small_disk, 64 * 1024 * 1024, remount=True)
        again = crawl_running(site, db)
    assert again.result.returncode == 0, again.result.stderr
    assert query(db, "select count(*), count(distinct url) from articles") == [(ARTICLES, ARTICLES)]
    # The failed run records its end when the disk has room for that small update (it has, once the batch rolled
    # back); if it had not, the next run would mark the record killed.
    assert query(db, "select status from crawl_runs order by id") in ([("failed",), ("finished",)],
                                                                       [("killed",), ("finished",)])
