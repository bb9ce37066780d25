"""`newsbot schedule`: a crontab line and a systemd service + timer pair for this installation."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import click

from newsbot.archive.db import default_db


def newsbot_executable() -> list[str]:
    """The `newsbot` beside this Python (the venv's), by absolute path; else this Python with -m newsbot."""
    script = Path(sys.executable).parent / "newsbot"
    return [str(script)] if script.exists() else [sys.executable, "-m", "newsbot"]


def crontab_line(crawl: list[str], health: list[str], log: Path, hour: int, minute: int) -> str:
    # The crawl's summary lines and errors go to the log; only health's problems reach cron's mail.
    return (f"{minute} {hour} * * * {shlex.join(crawl)} >>{shlex.quote(str(log))} 2>&1; {shlex.join(health)}")


def systemd_units(crawl: list[str], health: list[str], log: Path, hour: int, minute: int) -> str:
    return f"""# /etc/systemd/system/newsbot.service
[Unit]
Description=newsbot: crawl news into the archive
After=network-online.target
Wants=network-online.target

[Service]
Type=oneshot
ExecStart={shlex.join(crawl)}
ExecStartPost={shlex.join(health)}
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


@click.command("schedule")
@click.argument("sites", nargs=-1, metavar="[SITE...]")
@click.option("--db", metavar="PATH", default=None, help="The archive [default: $NEWSBOT_DB or data/archive.sqlite].")
@click.option("--log-file", metavar="FILE", default=None, help="The log [default: newsbot.log beside the archive].")
@click.option("--at", "at", default="05:30", show_default=True, metavar="HH:MM", help="Time of day to run.")
def command(sites: tuple[str, ...], db: str | None, log_file: str | None, at: str) -> None:
    """Print a crontab line and a systemd service + timer that crawl SITE (default mfa) daily."""
    try:
        hour, minute = (int(part) for part in at.split(":"))
        if not (0 <= hour < 24 and 0 <= minute < 60):
            raise ValueError
    except ValueError:
        raise click.BadParameter(f"{at!r} is not HH:MM", param_hint="--at") from None
    archive = Path(db or default_db()).expanduser().resolve()
    log = Path(log_file).expanduser().resolve() if log_file else archive.with_name("newsbot.log")
    exe = newsbot_executable()
    crawl = [*exe, "crawl", *(sites or ("mfa",)), "--db", str(archive), "--log-file", str(log)]
    health = [*exe, "health", "--db", str(archive)]
    click.echo("# crontab -e")
    click.echo(crontab_line(crawl, health, log, hour, minute))
    click.echo()
    click.echo(systemd_units(crawl, health, log, hour, minute), nl=False)
