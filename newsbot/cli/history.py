"""`newsbot history`: an article's versions and what changed between them."""

from __future__ import annotations

import itertools

import click

from newsbot.archive.queries import history, version_diff
from newsbot.cli.common import CommandError, archive, db_option


@click.command("history")
@click.argument("url")
@db_option
@click.option("--no-diff", is_flag=True, help="List the versions only.")
def command(url: str, db: str | None, no_diff: bool) -> None:
    """Show the versions of the article at URL and a text diff between each and the next."""
    engine = archive(db, readonly=True)
    try:
        found = history(engine, url)
    finally:
        engine.dispose()
    if found is None:
        raise CommandError(f"no article with URL {url} in the archive")
    article, versions = found
    click.echo(f"{article['url']}  ({article['site']}, {article['lang']}; first seen {article['first_seen']}, "
               f"last seen {article['last_seen']})")
    for version in versions:
        until = version.valid_until.isoformat() if version.valid_until else "now"
        click.echo(f"version {version.version}  {version.valid_from.isoformat()} .. {until}  "
                   f"{version.extractor_version}  {version.title}")
    if no_diff:
        return
    for old, new in itertools.pairwise(versions):
        click.echo()
        for line in version_diff(old, new):
            click.echo(line)
