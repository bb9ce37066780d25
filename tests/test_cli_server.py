"""The tests' CLI runs (forks of tests/cli_server.py) report what a new interpreter running the CLI reports, run to
their end or ended by a signal while they go on."""

from __future__ import annotations

import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
from archive_helpers import article, write
from cli_client import cli_environment, newsbot_command
from conftest import run_cli, start_cli
from endless_query import ENDLESS, wait_until_querying


@pytest.mark.parametrize("args", [
    ("--version",),
    ("crawl", "нет-такого-сайта"),  # a one-line error naming it, exit 2
    ("sql", "select 1 as one, 'ä' as letter", "--format", "csv"),
    ("sql", "select * from no_such_table"),
])
def test_a_forked_run_reports_what_a_new_interpreter_reports(args: tuple[str, ...], tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # both runs' default archive is ./data/archive.sqlite here, never the user's
    monkeypatch.setenv("NEWSBOT_DB", str(tmp_path / "from-the-environment.sqlite"))  # dropped by both
    env = cli_environment()
    fresh = subprocess.run(newsbot_command(*args), capture_output=True, text=True, env=env, timeout=60)
    forked = run_cli(*args)
    assert (forked.returncode, forked.stdout, forked.stderr) == (fresh.returncode, fresh.stdout, fresh.stderr)
    assert not (tmp_path / "from-the-environment.sqlite").exists()


def test_a_run_that_outlives_its_timeout_is_stopped_as_subprocess_run_stops_it(tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as silent:  # takes connections, never answers
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/"
        started = time.monotonic()
        with pytest.raises(subprocess.TimeoutExpired):
            run_cli("crawl", url, "--db", str(tmp_path / "a.sqlite"), timeout=2)
        assert time.monotonic() - started < 30  # stopped, not left to its download timeout
    assert run_cli("--version").returncode == 0  # and the next run goes on


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_a_started_run_ended_by_a_signal_reports_what_a_new_interpreter_reports(sig: signal.Signals,
                                                                                tmp_path: Path) -> None:
    db = str(tmp_path / "a.sqlite")
    write(db, article(1))
    env = cli_environment()
    fresh = subprocess.Popen(newsbot_command("sql", ENDLESS, "--db", db), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env)
    forked = start_cli("sql", ENDLESS, "--db", db, text=True)
    ended = []
    for proc in (fresh, forked):
        wait_until_querying(proc, db)
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=20)
        ended.append((proc.returncode, out, err))
    assert ended[0] == ended[1]
    assert ended[0][0] == (5 if sig == signal.SIGINT else -signal.SIGKILL)
    assert forked.poll() == ended[1][0]  # asked again, the same status
