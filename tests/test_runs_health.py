"""`newsbot runs`, `newsbot health` and `newsbot schedule` in-process; health after a real crawl whose API changed."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from govkz_server import GovKzImitation
from test_govkz_crawl import crawl

from newsbot.archive.db import open_archive
from newsbot.archive.runs import finish_run, start_run
from newsbot.cli import cli

T0 = datetime(2026, 11, 1, 5, 30, tzinfo=UTC)


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def record(db: str, site: str, runs: list[tuple[str, dict[str, int]]]) -> None:
    engine = open_archive(db)
    for n, (status, counts) in enumerate(runs):
        started = T0 + timedelta(days=n)
        run_id = start_run(engine, site, started)
        stats = {"downloader/request_count": counts.get("requests", 3)}
        stats |= {f"newsbot/dropped/{k}": v for k, v in counts.items() if k.startswith("no_")}
        stats |= {k: v for k, v in counts.items() if k.startswith("newsbot/")}
        finish_run(engine, run_id, status=status, finished_at=started + timedelta(seconds=42),
                   counts={"requests": 3, **counts}, stats=stats)
    engine.dispose()


def ok(new: int = 0, unchanged: int = 0, dropped: int = 0, **more: int) -> tuple[str, dict[str, int]]:
    return "finished", {"new": new, "unchanged": unchanged, "dropped": dropped, **more}


@pytest.fixture
def almaty_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This process's local zone is Almaty's (UTC+5), as on an analyst's machine there."""
    monkeypatch.setenv("TZ", "Asia/Almaty")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_runs_lists_the_records_newest_first_in_local_time(archive_db: str, almaty_zone: None) -> None:
    db = archive_db
    record(db, "mfa", [ok(new=14, dropped=1, no_text=1), ok()])
    record(db, "govkz:economy", [("failed", {"errors": 2, "newsbot/errors/dns": 2})])
    record(db, "mid", [("failed", {"errors": 3, "newsbot/errors/timeout": 2, "newsbot/errors/http_503": 1})])
    result = invoke("runs", "--db", db)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "run  started  site  status  took  worker  what it did"
    assert lines[1].endswith("3 errors (mostly timeout, 2 of 3)")
    assert lines[2].startswith("#3  2026-11-01 10:30:00 +05  govkz:economy  failed  42s  -  3 requests, 0 new")
    assert lines[2].endswith("2 errors (dns)")
    assert lines[4] == ("#1  2026-11-01 10:30:00 +05  mfa  finished  42s  -  3 requests, 14 new, 0 updated, "
                        "0 unchanged, 1 (no_text 1) dropped, 0 errors")
    assert invoke("runs", "--db", db, "--site", "mfa", "--last", "1").output.splitlines()[1].startswith(
        "#2  2026-11-02")


def test_runs_says_so_when_there_are_none(archive_db: str) -> None:
    db = archive_db
    open_archive(db).dispose()
    result = invoke("runs", "--db", db, "--site", "mfa")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "no runs recorded for site mfa yet\n")


def test_health_is_quiet_and_exits_0_when_all_is_well(archive_db: str) -> None:
    db = archive_db
    record(db, "mfa", [ok(new=14), ok(new=1), ok(new=0), ok(new=2)])
    result = invoke("health", "--db", db)
    assert (result.exit_code, result.output) == (0, "")


@pytest.mark.parametrize(("runs", "problem"), [
    ([ok(new=5), ("failed", {"errors": 3})], "mfa: the last run (#2, 2026-11-02 05:30) ended 'failed'"),
    ([ok(new=5), ("killed", {})], "ended 'killed'"),
    ([ok(new=5), ok(errors=2)], "mfa: the last run (#2) had 2 errors"),
    ([ok(new=5), ok(new=3), ok(), ok(), ok()], "mfa: the last 3 runs archived nothing, earlier runs did"),
    ([ok(new=20, dropped=1), ok(new=2, dropped=9)], "mfa: 82% of items dropped in the last 1 runs, 5% before"),
])
def test_health_flags_one_line_per_problem_and_exits_1(archive_db: str, runs: list, problem: str) -> None:
    db = archive_db
    record(db, "mfa", runs)
    result = invoke("health", "--db", db, *(["--runs", "1"] if "dropped" in problem else []))
    assert result.exit_code == 1
    assert problem in result.output
    assert len(result.output.splitlines()) == 1


def test_health_after_the_api_stopped_sending_bodies(run_newsbot, govkz_api: GovKzImitation, archive_db: str) -> None:  # type: ignore[no-untyped-def]
    db = archive_db
    assert crawl(run_newsbot, govkz_api, db).returncode == 0
    assert invoke("health", "--db", db).exit_code == 0
    govkz_api.behaviour.drop_bodies = True
    again = crawl(run_newsbot, govkz_api, db, "--backfill")
    assert again.stdout.strip() == "mfa: 0 new, 0 updated, 0 unchanged, 15 dropped, 0 errors (finished)"
    health = invoke("health", "--db", db, "--runs", "1")
    assert health.exit_code == 1
    assert health.stdout.splitlines() == [
        "mfa: the last 1 runs archived nothing, earlier runs did",
        "mfa: 100% of items dropped in the last 1 runs, 7% before (a changed page layout?)"]
    runs = invoke("runs", "--db", db)
    assert "15 (empty_body 15) dropped" in runs.stdout.splitlines()[1]


def test_schedule_prints_absolute_paths(tmp_path: Path) -> None:
    result = invoke("schedule", "--db", str(tmp_path / "a.sqlite"), "--at", "04:15", "mfa", "govkz:economy",
                    "--contact", "ann@example.org")
    assert result.exit_code == 0
    cron = result.output.splitlines()[1]
    assert cron.startswith("15 4 * * * NEWSBOT_CONTACT=ann@example.org /")
    assert f"crawl mfa govkz:economy --db {tmp_path}/a.sqlite --log-file {tmp_path}/newsbot.log" in cron
    assert cron.endswith(f"2>&1; {cron.split()[6].rsplit('/', 1)[0]}/newsbot health --db {tmp_path}/a.sqlite")
    assert "OnCalendar=*-*-* 04:15:00" in result.output and "Type=oneshot" in result.output
    assert "\nEnvironment=NEWSBOT_CONTACT=ann@example.org\n" in result.output
    # Health runs after a failed crawl too: ExecStopPost, not ExecStartPost.
    assert "\nExecStopPost=" in result.output and "\nExecStartPost" not in result.output
    assert invoke("schedule", "--at", "25:00", "--contact", "x").exit_code == 2


def test_schedule_passes_crawl_options_through(tmp_path: Path) -> None:
    result = invoke("schedule", "mfa", "--db", str(tmp_path / "a.sqlite"), "--contact", "Ann <ann@example.org>",
                    "--lang", "kk,ru", "--base-url", "http://mirror.example", "--max-items", "50",
                    "--max-runtime", "600", "--recheck-days", "3", "-s", "DOWNLOAD_DELAY=2")
    assert result.exit_code == 0, result.output
    passed = ("crawl mfa --lang kk,ru --base-url http://mirror.example --max-items 50 --max-runtime 600 "
              "--recheck-days 3 -s DOWNLOAD_DELAY=2 --db")
    assert passed in result.output.splitlines()[1]
    assert "NEWSBOT_CONTACT='Ann <ann@example.org>' " in result.output
    assert '\nEnvironment="NEWSBOT_CONTACT=Ann <ann@example.org>"\n' in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["mfaa", "--contact", "x"], "unknown site 'mfaa' (did you mean 'mfa'?)"),
    (["mfa", "--lang", "kz", "--contact", "x"], "--lang 'kz' asks for others (did you mean 'kk'?)"),
    (["mfa"], "pass --contact EMAIL_OR_URL or set NEWSBOT_CONTACT"),
    (["mfa", "--contact", "x", "-s", "DELAY"], "-s takes NAME=VALUE"),
])
def test_schedule_refuses_what_would_fail_every_morning(monkeypatch: pytest.MonkeyPatch, args: list[str],
                                                        message: str) -> None:
    monkeypatch.delenv("NEWSBOT_CONTACT", raising=False)
    result = invoke("schedule", *args)
    assert result.exit_code == 2 and message in result.stderr and result.stdout == ""


def test_an_unknown_command_gets_the_nearest_name() -> None:
    result = CliRunner().invoke(cli, ["crwal", "mfa"])
    assert result.exit_code == 2
    assert "no command 'crwal' (did you mean 'crawl'?)" in result.stderr


def test_runs_shows_a_running_record_without_the_lock_as_killed(archive_db: str) -> None:
    from newsbot.archive.db import to_url
    from newsbot.archive.lock import archive_lock, site_locks

    db = archive_db
    engine = open_archive(db)
    start_run(engine, "mfa", T0)
    engine.dispose()
    assert "  mfa  killed  -  " in invoke("runs", "--db", db).output
    # What a crawl holds (newsbot/cli/crawl.py): the archive's lock on SQLite, its sites' locks on PostgreSQL.
    with site_locks(db, ["economy"]):
        assert "  mfa  killed  -  " in invoke("runs", "--db", db).output
    with archive_lock(to_url(db)), site_locks(db, ["mfa"]):
        assert "  mfa  running  -  " in invoke("runs", "--db", db).output


def test_schedule_keeps_a_database_url_and_prints_the_workers_form() -> None:
    url = "postgresql://newsbot@db.example/newsbot"
    result = invoke("schedule", "govkz:@embassy", "mid", "--db", url, "--queue", "redis://queue.example:6379/0",
                    "--contact", "ann@example.org", "--lang", "ru", "-s", "DOWNLOAD_DELAY=2", "--at", "23:30")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    enqueue, health = lines[1], lines[2]
    assert enqueue.startswith("30 23 * * * ") and " enqueue govkz:@embassy mid --lang ru --queue redis://" in enqueue
    assert health.startswith("30 1 * * * ") and f"health --db {url}" in health
    worker = next(line for line in lines if line.startswith("ExecStart="))
    assert f"worker --queue redis://queue.example:6379/0 --db {url}" in worker and "-s DOWNLOAD_DELAY=2" in worker
    assert "Environment=NEWSBOT_CONTACT=ann@example.org" in lines and "Restart=on-failure" in lines
    plain = invoke("schedule", "mfa", "--db", url, "--contact", "ann@example.org")
    assert f"crawl mfa --db {url} " in plain.output  # a URL is no file path
    refused = invoke("schedule", "mfa", "--queue", "queue.example:6379", "--contact", "ann@example.org")
    assert refused.exit_code == 2 and "Redis URL" in refused.stderr
