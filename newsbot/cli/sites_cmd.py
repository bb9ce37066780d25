"""`newsbot sites`: the registry, one site a line."""

from __future__ import annotations

import click

from newsbot.sites import registry


@click.command("sites")
def command() -> None:
    """List the sites in the registry."""
    click.echo("name\tkind\tlanguages\ttimezone\torigin\ttitle")
    for site in registry().values():
        langs = ",".join(site.languages)
        note = f" (unconfirmed: {site.unconfirmed})" if site.unconfirmed else ""
        click.echo(f"{site.name}\t{site.kind}\t{langs}\t{site.timezone}\t{site.origin}\t{site.title}{note}")
