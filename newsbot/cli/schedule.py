"""`newsbot schedule`: a crontab line and a systemd service + timer pair for this installation."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

import click

from newsbot.archive.db import default_db
from newsbot.cli.common import CommandError
from newsbot.cli.queue_common import queue_url_or_fail
from newsbot.govkz_projects import expand_specs
from newsbot.sites import UnknownSiteError, resolve_site


def newsbot_executable() -> list[str]:
    """The `newsbot` beside this Python (the venv's), by absolute path; else this Python with -m newsbot."""
    script = Path(sys.executable).parent / "newsbot"
    return [str(script)] if script.exists() else [sys.executable, "-m", "newsbot"]


def crontab_line(crawl: list[str], health: list[str], log: Path, hour: int, minute: int, contact: str) -> str:
    # The crawl's summary lines and errors go to the log; only health's problems reach cron's mail. `;` runs
    # health whether the crawl succeeded or failed.
    return (f"{minute} {hour} * * * NEWSBOT_CONTACT={shlex.quote(contact)} {shlex.join(crawl)} "
            f">>{shlex.quote(str(log))} 2>&1; {shlex.join(health)}")


def _systemd_quote(assignment: str) -> str:
    """An Environment= value as systemd reads it: double quotes around one containing a space or a quote."""
    if any(c in assignment for c in " \t\"'\\"):
        return '"' + assignment.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return assignment


def systemd_units(crawl: list[str], health: list[str], log: Path, hour: int, minute: int, contact: str) -> str:
    return f"""# /etc/systemd/system/newsbot.service
[Unit]
Description=newsbot: crawl news into the archive
After=network-online.target
Wants=network-online.target

[Service]
Type=oneshot
Environment={_systemd_quote("NEWSBOT_CONTACT=" + contact)}
ExecStart={shlex.join(crawl)}
# ExecStopPost runs after the crawl whether it succeeded or failed (ExecStartPost would not run after a failure).
ExecStopPost={shlex.join(health)}
StandardOutput=append:{log}
StandardError=append:{log}

# /etc/systemd/system/newsbot.timer
[Unit]
Description=Run newsbot daily at {hour:02d}:{minute:02d}

[Timer]
OnCalendar=*-*-* {hour:02d}:{minute:02d}:00
Persistent=true

[Install]
WantedBy=timers.target
"""


def worker_unit(worker: list[str], log: Path, contact: str) -> str:
    return f"""# /etc/systemd/system/newsbot-worker.service (on each machine that crawls)
[Unit]
Description=newsbot: run crawl jobs from the shared queue
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
Environment={_systemd_quote("NEWSBOT_CONTACT=" + contact)}
ExecStart={shlex.join(worker)}
# A first SIGTERM stops the running crawl gracefully and puts its job back in the queue (exit 5).
KillSignal=SIGTERM
TimeoutStopSec=120
Restart=on-failure
RestartSec=30
StandardOutput=append:{log}
StandardError=append:{log}

[Install]
WantedBy=multi-user.target
"""


def archive_argument(db: str | None) -> str:
    """The archive as the scheduled commands name it: a database URL as it is, a file by its absolute path."""
    value = db or default_db()
    return value if "://" in value else str(Path(value).expanduser().resolve())


@click.command("schedule")
@click.argument("sites", nargs=-1, metavar="[SITE...]")
@click.option("--db", metavar="PATH", default=None, help="The archive [default: $NEWSBOT_DB or data/archive.sqlite].")
@click.option("--log-file", metavar="FILE", default=None, help="The log [default: newsbot.log beside the archive].")
@click.option("--at", "at", default="05:30", show_default=True, metavar="HH:MM", help="Time of day to run.")
@click.option("--contact", metavar="EMAIL_OR_URL", default=lambda: os.environ.get("NEWSBOT_CONTACT"),
              help="Sent in the User-Agent so site operators can reach you [default: $NEWSBOT_CONTACT].")
@click.option("--lang", metavar="kk,ru", help="Passed to crawl: only these languages.")
@click.option("--base-url", metavar="URL", help="Passed to crawl: another origin (a mirror).")
@click.option("--max-items", type=click.IntRange(min=1), help="Passed to crawl: at most this many articles a site.")
@click.option("--max-runtime", type=click.IntRange(min=1), metavar="SECONDS", help="Passed to crawl.")
@click.option("--recheck-days", type=click.IntRange(min=0), metavar="DAYS", help="Passed to crawl.")
@click.option("-s", "--set", "overrides", multiple=True, metavar="NAME=VALUE", help="Passed to crawl.")
@click.option("--queue", "queue_url", metavar="redis://HOST:PORT/N", default=None,
              help="Several machines: print the daily enqueue line and a worker service instead of a crawl.")
def command(sites: tuple[str, ...], db: str | None, log_file: str | None, at: str, contact: str | None,
            lang: str | None, base_url: str | None, max_items: int | None, max_runtime: int | None,
            recheck_days: int | None, overrides: tuple[str, ...], queue_url: str | None) -> None:
    """Print a crontab line and a systemd service + timer that crawl SITE (default mfa) daily; with --queue, the
    cron line that queues the crawls and the service that runs a worker on each machine."""
    try:
        hour, minute = (int(part) for part in at.split(":"))
        if not (0 <= hour < 24 and 0 <= minute < 60):
            raise ValueError
    except ValueError:
        raise click.BadParameter(f"{at!r} is not HH:MM", param_hint="--at") from None
    sites = sites or ("mfa",)
    try:
        for spec in expand_specs(sites):
            resolve_site(spec, base_url=base_url, lang=lang)
    except (UnknownSiteError, ValueError) as exc:
        raise CommandError(str(exc.args[0] if exc.args else exc)) from None
    if not contact or not contact.strip():
        raise CommandError("a scheduled crawl must say who runs it: pass --contact EMAIL_OR_URL or set "
                           "NEWSBOT_CONTACT (it goes into the User-Agent)")
    for pair in overrides:
        if "=" not in pair or pair.startswith("="):
            raise CommandError(f"-s takes NAME=VALUE, got {pair!r}")
    archive = archive_argument(db)
    beside = Path(archive).parent if "://" not in archive else Path(default_db()).expanduser().resolve().parent
    log = Path(log_file).expanduser().resolve() if log_file else beside / "newsbot.log"
    exe = newsbot_executable()
    passed = [*(["--lang", lang] if lang else []), *(["--base-url", base_url] if base_url else []),
              *(["--max-items", str(max_items)] if max_items else []),
              *(["--max-runtime", str(max_runtime)] if max_runtime else []),
              *(["--recheck-days", str(recheck_days)] if recheck_days is not None else [])]
    settings = [arg for pair in overrides for arg in ("-s", pair)]
    health = [*exe, "health", "--db", archive]
    if queue_url:
        url = queue_url_or_fail(queue_url)
        enqueue = [*exe, "enqueue", *sites, *passed, "--queue", url]
        worker = [*exe, "worker", "--queue", url, "--db", archive, "--log-file", str(log), *settings]
        click.echo("# crontab -e (on one machine): queue the crawls daily, check the archive two hours later")
        click.echo(f"{minute} {hour} * * * {shlex.join(enqueue)} >>{shlex.quote(str(log))} 2>&1")
        click.echo(f"{minute} {(hour + 2) % 24} * * * {shlex.join(health)}")
        click.echo()
        click.echo(worker_unit(worker, log, contact.strip()), nl=False)
        return
    crawl = [*exe, "crawl", *sites, *passed, *settings, "--db", archive, "--log-file", str(log)]
    click.echo("# crontab -e")
    click.echo(crontab_line(crawl, health, log, hour, minute, contact.strip()))
    click.echo()
    click.echo(systemd_units(crawl, health, log, hour, minute, contact.strip()), nl=False)
