"""`newsbot extract FILE --url URL`: one saved page in, one JSON object out (or why it is no article)."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from newsbot.cli.common import CommandError
from newsbot.dates import languages_for, resolve_date
from newsbot.dates.zones import parse_instant
from newsbot.pages.html_article import read_page
from newsbot.pages.rules import DEFAULT_TIMEZONE, PageRules, site_rules, theme_rules
from newsbot.sites import bare_host, registry, site_for_page
from newsbot.urls import absolute_url

# Exit codes: 1 the page is no article (reason in the JSON), 2 usage errors (click's own).
EXIT_NO_ARTICLE = 1


def _fetched_at(value: str | None, path: Path) -> datetime:
    """--fetched-at, else the file's modification time: a saved page was fetched no later than that."""
    if value:
        return parse_instant(value)
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)


def _rules(site_name: str | None, url: str) -> PageRules | None:
    """--site's rules (a registry name, else a theme's name), else those of the site --url's host belongs to;
    None: a site nobody registered, read as a crawl would read it."""
    if site_name is None:
        site = site_for_page(url)
        return site_rules(site) if site is not None else None
    if site_name in registry():
        return site_rules(registry()[site_name])
    try:
        return theme_rules(site_name)
    except KeyError:
        raise click.BadParameter(f"no site or theme {site_name!r}", param_hint="--site") from None


def _fail(url: str, reason: str, detail: str) -> None:
    click.echo(json.dumps({"url": url, "ok": False, "reason": reason, "detail": detail}, ensure_ascii=False))
    click.echo(f"newsbot extract: {reason}: {detail}", err=True)
    sys.exit(EXIT_NO_ARTICLE)


@click.command("extract")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--url", required=True, help="The URL the page was fetched from (picks the site's rules).")
@click.option("--site", "site_name", default=None,
              help="The registry site (or a theme) whose rules to use (default: the site of --url's host).")
@click.option("--fetched-at", default=None, help="ISO 8601 fetch time (default: the file's mtime).")
@click.option("--encoding", default=None, help="The charset the HTTP header declared, if known.")
@click.option("--removed", "show_removed", is_flag=True, help="Also list what cleaning removed, and why.")
def command(
    file: Path, url: str, site_name: str | None, fetched_at: str | None, encoding: str | None,
    show_removed: bool,
) -> None:
    """Extract the article from a saved HTML page and print it as JSON."""
    if absolute_url(url, url) is None:
        raise CommandError(f"--url takes the page's address, got {url[:80]!r}, which is no URL")
    try:
        fetched = _fetched_at(fetched_at, file)
    except ValueError:
        raise click.BadParameter(f"not an ISO 8601 time: {fetched_at!r}", param_hint="--fetched-at") from None
    rules = _rules(site_name, url)
    try:
        verdict, article = read_page(
            file.read_bytes(), url=url, fetched_at=fetched, headers_encoding=encoding, rules=rules
        )
    except Exception as error:  # a crash on one odd page must still answer in JSON, never a traceback
        _fail(url, "error", f"{type(error).__name__}: {error}")
        return
    if article is None:
        _fail(url, verdict.reason or "no-article", verdict.detail)
        return
    tz = (rules.timezone if rules else None) or article.published_zone or DEFAULT_TIMEZONE
    published = resolve_date(article.published_raw, article.published_source, tz=tz, fetched_at=fetched,
                             languages=languages_for(article.lang))
    record = {
        "url": article.url,
        "ok": True,
        "site": article.site or bare_host(url),
        "lang": article.lang,
        "title": article.title,
        "text": article.text,
        "published_at": published.value.isoformat() if published.value else None,
        "published_raw": article.published_raw,
        "published_source": article.published_source,
        "published_problem": published.problem,
        "published_precision": published.precision,
        "published_zone": article.published_zone,
        "published_zone_source": article.published_zone_source,
        "modified_raw": article.modified_raw,
        "image_url": article.image_url,
        "image_credit": article.image_credit,
        "source": article.source,
        "fetched_at": fetched.isoformat(),
    }
    if show_removed:
        record["removed"] = [{"rule": r.rule, "text": r.text} for r in article.removed]
    click.echo(json.dumps(record, ensure_ascii=False, indent=2))
