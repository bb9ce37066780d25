"""`newsbot browse`: the archive in Datasette, read-only, with metadata (needs the `newsbot[web]` extra)."""

from __future__ import annotations

import click

from newsbot.archive.db import default_db, sqlite_file
from newsbot.cli.common import CommandError, archive, db_option


@click.command("browse")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("-p", "--port", type=click.IntRange(min=0, max=65535), default=8001, show_default=True)
def command(db: str | None, host: str, port: int) -> None:
    """Browse and search the archive in Datasette (http://HOST:PORT/), read-only."""
    try:
        import uvicorn

        from newsbot.archive.browse import articles_columns_redirect, database_name, make_datasette
    except ImportError:
        raise CommandError("browse needs Datasette: pip install 'newsbot[web]'") from None
    # Opened through newsbot first: a missing, foreign or old archive is one line (an old one is upgraded).
    path = sqlite_file(db or default_db())
    if path is None:
        raise CommandError("browse serves an SQLite archive; for another database use its own tools")
    archive(str(path), readonly=True).dispose()
    datasette = make_datasette(path)
    click.echo(f"serving {path} at http://{host}:{port}/{database_name(path)}/news (Ctrl-C stops)", err=True)
    uvicorn.run(articles_columns_redirect(datasette.app(), database_name(path)), host=host, port=port,
                log_level="warning")
