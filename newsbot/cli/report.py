"""`newsbot report`: one self-contained HTML file with charts, and a short summary on standard output."""

from __future__ import annotations

from pathlib import Path

import click

from newsbot.cli.common import CommandError, archive, db_option, refuse_unheld
from newsbot.cli.export import parse_since
from newsbot.cli.files import atomic_file


@click.command("report")
@db_option
@click.option("-o", "--output", type=click.Path(dir_okay=False), default="report.html", show_default=True,
              help="The HTML file to write.")
@click.option("--site", help="Only this site.")
@click.option("--since", help="Only articles published (and runs started) at or after this date (ISO 8601).")
def command(db: str | None, output: str, site: str | None, since: str | None) -> None:
    """Write an HTML report of the archive (articles per site per week, dates, drops, last runs) and print a
    summary."""
    try:
        from newsbot.report.data import gather
        from newsbot.report.page import html_page, text_summary
    except ImportError:
        raise CommandError("report needs matplotlib: pip install 'newsbot[report]'") from None
    target = Path(output)
    if target.exists() and not target.is_file():
        raise CommandError(f"cannot write {output}: it is not a regular file")
    since_at = parse_since(since)
    engine = archive(db, readonly=True)
    try:
        refuse_unheld(engine, site=site)
        data = gather(engine, site=site, since=since_at)
        name = Path(engine.url.database or "archive").name.split("?", 1)[0]
    finally:
        engine.dispose()
    if not data.sites:
        what = f" for site {site}" if site else ""
        raise CommandError(f"the archive holds no articles{what}{' published since ' + since if since else ''}: "
                           "nothing to report (run newsbot crawl first)")
    page = html_page(data, name)
    try:
        with atomic_file(target) as out:
            out.write(page.encode("utf-8"))
    except OSError as exc:
        raise CommandError(f"cannot write {output}: {exc.strerror or exc}") from None
    click.echo(text_summary(data, name))
    click.echo(f"wrote {output} ({target.stat().st_size / 1024:,.0f} KB)", err=True)
