"""`newsbot sites`: the registry, one site a line; `--govkz` the gov.kz projects `govkz:*` expands to."""

from __future__ import annotations

import click

from newsbot.sites import registry


@click.command("sites")
@click.option("--govkz", "govkz_projects", is_flag=True,
              help="List the gov.kz projects instead: the crawl target, group and evidence for the slug.")
def command(govkz_projects: bool) -> None:
    """List the sites in the registry (tab-separated, with a header)."""
    if govkz_projects:
        from newsbot.govkz_projects import projects, site_name

        click.echo("target\tgroup\tevidence\ttitle")
        for project in projects().values():
            note = "" if project.evidence == "crawled" else " (unconfirmed slug)"
            click.echo(f"{site_name(project.slug)}\t{project.group}\t{project.evidence}\t{project.title}{note}")
        return
    click.echo("name\tkind\tlanguages\ttimezone\torigin\ttitle")
    for site in registry().values():
        langs = ",".join(site.languages)
        note = f" (unconfirmed: {site.unconfirmed})" if site.unconfirmed else ""
        click.echo(f"{site.name}\t{site.kind}\t{langs}\t{site.timezone}\t{site.origin}\t{site.title}{note}")
