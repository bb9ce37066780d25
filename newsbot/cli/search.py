"""`newsbot search`: full-text search of the archive, ranked, with snippets."""

from __future__ import annotations

import sys

import click

from newsbot.archive.export import write_jsonl
from newsbot.archive.formats import write_csv
from newsbot.archive.queries import BadQueryError, search
from newsbot.cli.common import CommandError, archive, db_option, refuse_unheld


@click.command("search")
@click.argument("query")
@db_option
@click.option("--site", help="Only this site.")
@click.option("--lang", help="Only this language (kk, ru, en).")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--fts", "fts_syntax", is_flag=True,
              help="QUERY is the archive's own syntax: SQLite FTS5 (OR, NOT, NEAR, column:) or PostgreSQL tsquery "
                   "(&, |, !, <->).")
@click.option("--exact", is_flag=True, help="Match each word as written, not its other forms too.")
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl", "csv"]), default="text", show_default=True,
              help="text for reading; jsonl or csv (id, site, lang, title, url, published_at, snippet, score).")
def command(query: str, db: str | None, site: str | None, lang: str | None, limit: int, fts_syntax: bool,
            exact: bool, fmt: str) -> None:
    """Search titles and texts for all the words of QUERY, each in any of its forms (`министра` finds
    `министр`, `министров`); "an exact phrase" in quotes, prefix* with a star."""
    engine = archive(db, readonly=True)
    try:
        refuse_unheld(engine, site=site, lang=lang)
        hits = search(engine, query, site=site, lang=lang, limit=limit, fts_syntax=fts_syntax, stem=not exact)
    except BadQueryError as exc:
        raise CommandError(str(exc)) from None
    finally:
        engine.dispose()
    if fmt == "jsonl":
        write_jsonl(iter(hits), sys.stdout.buffer)
    elif fmt == "csv":
        write_csv(hits, sys.stdout.buffer)
    else:
        for hit in hits:
            published = hit["published_at"][:10] if hit["published_at"] else "????-??-??"
            click.echo(f"{published}  {hit['site']}  {hit['lang']}  {hit['title']}")
            click.echo(f"    {hit['url']}")
            click.echo(f"    {hit['snippet']}")
    sys.stdout.flush()
    click.echo(f"{len(hits)} hits" if hits else f"no article matches {query!r}", err=True)
