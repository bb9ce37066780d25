"""`newsbot boilerplate`: a site's own repeated blocks, found in the archive, cut from its articles."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from newsbot.archive import boilerplate
from newsbot.archive.reprocess import plan_reprocess, reprocess
from newsbot.cleaning.repeated import MIN_PAGES, MIN_SHARE
from newsbot.cli.common import CommandError, archive, db_option


def _reapply(engine, site: str) -> str:  # type: ignore[no-untyped-def]
    result = reprocess(engine, plan_reprocess(engine, site=site), now=datetime.now(UTC))
    return (f"re-cleaned {site}'s stored pages: {result.archive.updated} articles changed, "
            f"{result.archive.unchanged} unchanged")


@click.command("boilerplate")
@click.argument("site")
@db_option
@click.option("--apply", "apply_found", is_flag=True, help="Keep what is found as rules and re-clean the site.")
@click.option("--disable", "disable_id", type=int, metavar="ID", help="Stop cutting rule ID (a false positive).")
@click.option("--enable", "enable_id", type=int, metavar="ID", help="Cut rule ID again.")
@click.option("--min-share", type=click.FloatRange(0.05, 1.0), default=MIN_SHARE, show_default=True,
              help="Share of the site's pages a block must be on.")
@click.option("--min-pages", type=click.IntRange(min=2), default=MIN_PAGES, show_default=True)
def command(site: str, db: str | None, apply_found: bool, disable_id: int | None, enable_id: int | None,
            min_share: float, min_pages: int) -> None:
    """Find blocks repeated on many of SITE's archived pages (its own chrome), list them and the rules kept.

    Without --apply nothing changes. Rules are kept in the archive's site_boilerplate table with the share of
    pages they were found on; a disabled rule stays disabled when the search runs again.
    """
    engine = archive(db)
    try:
        for rule_id, enabled in ((disable_id, False), (enable_id, True)):
            if rule_id is not None:
                if not boilerplate.set_enabled(engine, site, rule_id, enabled):
                    raise CommandError(f"site {site} has no boilerplate rule {rule_id}")
                click.echo(_reapply(engine, site))
        found = boilerplate.detect(engine, site, min_share=min_share, min_pages=min_pages)
        for block in found:
            click.echo(f"found  {block.pages} pages ({block.share:.0%})  {block.text}")
        if apply_found and found:
            added = boilerplate.save(engine, site, found, datetime.now(UTC))
            click.echo(f"kept {added} new rules")
            click.echo(_reapply(engine, site))
        rules = boilerplate.rules(engine, site)
        for rule in rules:
            state = "enabled " if rule.enabled else "disabled"
            click.echo(f"rule {rule.id}  {state}  {rule.pages} pages ({rule.share:.0%})  {rule.text}")
        if not found and not rules:
            click.echo(f"{site}: no block repeats on {min_share:.0%} or more of its archived pages (and on at least "
                       f"{min_pages}); no rules kept")
    finally:
        engine.dispose()
