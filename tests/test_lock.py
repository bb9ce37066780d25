"""One run at a time per archive: the lock file beside it, and what a second run says."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsbot.archive.db import open_archive, to_url
from newsbot.archive.lock import ArchiveLockedError, archive_lock, lock_is_held, lock_path
from newsbot.archive.runs import start_run
from newsbot.cli import cli

HOLD = "import sys, time; from newsbot.archive.lock import archive_lock\nwith archive_lock(sys.argv[1]):\n" \
       "    print('held', flush=True); time.sleep(60)\n"


def test_the_lock_sits_beside_the_archive(tmp_path: Path) -> None:
    assert lock_path(to_url(str(tmp_path / "a.sqlite"))) == tmp_path / "a.sqlite.lock"
    assert lock_path("postgresql://host/db") is None


def test_a_second_holder_is_refused_with_the_first_ones_pid(tmp_path: Path) -> None:
    url = to_url(str(tmp_path / "a.sqlite"))
    with archive_lock(url):
        assert lock_is_held(url)
        with pytest.raises(ArchiveLockedError, match=r"another newsbot run \(pid \d+, started 20"), archive_lock(url):
            pass
    assert not lock_is_held(url)
    with archive_lock(url):  # released: taken again
        pass


def test_a_crawl_exits_3_at_once_while_another_run_holds_the_lock(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    with archive_lock(to_url(str(db))):
        started = time.monotonic()
        result = CliRunner().invoke(cli, ["crawl", "mfa", "--db", str(db), "--base-url", "http://127.0.0.1:9"])
    assert result.exit_code == 3
    assert result.output.startswith("another newsbot run (pid ")
    assert result.output.count("\n") == 1
    assert time.monotonic() - started < 5


def test_the_lock_of_a_killed_process_is_recovered_and_its_run_marked_killed(run_newsbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "a.sqlite"
    url = to_url(str(db))
    engine = open_archive(str(db))
    run_id = start_run(engine, "mfa", datetime.now(UTC))
    proc = subprocess.Popen([sys.executable, "-c", HOLD, url], stdout=subprocess.PIPE, text=True)
    assert proc.stdout and proc.stdout.readline().strip() == "held"
    assert lock_is_held(url)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert not lock_is_held(url)
    # A crawl (in a subprocess: it owns the reactor) of an unreachable server takes the lock, marks the dead run.
    result = run_newsbot("crawl", "mfa", "--db", str(db), "--base-url", "http://127.0.0.1:9", "--lang", "kk",
                         "-s", "RETRY_TIMES=0")
    assert result.returncode == 4, result.stderr
    with engine.connect() as conn:
        status = conn.exec_driver_sql(f"select status from crawl_runs where id = {run_id}").scalar()
    engine.dispose()
    assert status == "killed"
