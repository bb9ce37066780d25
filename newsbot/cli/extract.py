"""`newsbot extract`: saved pages in, their articles out as JSON (or why a page is no article).

`newsbot extract FILE --url URL` prints one page's article as an indented JSON object. Given several FILEs,
folders, `--urls MAP.tsv`, or no --url, it is a batch: one JSON line per page from one process, in order, each
with the page's `path`; a page that fails costs its own line only.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from newsbot.cli.common import CommandError
from newsbot.dates import languages_for, resolve_date
from newsbot.dates.zones import parse_instant
from newsbot.pages.declared_url import declared_url
from newsbot.pages.html_article import read_page
from newsbot.pages.rules import DEFAULT_TIMEZONE, PageRules, site_rules, theme_rules
from newsbot.settings import DOWNLOAD_MAXSIZE
from newsbot.sites import bare_host, registry, site_for_page
from newsbot.urls import absolute_url

# Exit codes: 1 the page (in a batch: at least one page) is no article, each with its reason in the JSON;
# 2 usage errors (click's own).
EXIT_NO_ARTICLE = 1
# What a folder holds that is read as pages: saved HTML, in every subfolder.
PAGE_SUFFIXES = (".html", ".htm")
# A crawl never keeps a larger body (Scrapy drops it), so a larger file is no page it could have saved.
MAX_PAGE_BYTES = DOWNLOAD_MAXSIZE
# A batch this long reports its progress on stderr every this many pages.
PROGRESS_EVERY = 100


def _fetched_at(value: str | None, path: Path) -> datetime:
    """--fetched-at, else the file's modification time: a saved page was fetched no later than that."""
    if value:
        return parse_instant(value)
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)


def page_rules(url: str, site_name: str | None) -> PageRules | None:
    """--site's rules (a registry name, else a theme's name), else those of the site the URL's host belongs to;
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


def _failure(url: str | None, reason: str, detail: str) -> dict[str, Any]:
    return {"url": url, "ok": False, "reason": reason, "detail": detail}


def extract_record(
    body: bytes, *, url: str, fetched: datetime, encoding: str | None, rules: PageRules | None,
    show_removed: bool,
) -> dict[str, Any]:
    """One page's JSON record: its article, or ok=false with the reason and a detail."""
    try:
        verdict, article = read_page(body, url=url, fetched_at=fetched, headers_encoding=encoding, rules=rules)
    except Exception as error:  # a crash on one odd page must still answer in JSON, never a traceback
        return _failure(url, "error", f"{type(error).__name__}: {error}")
    if article is None:
        return _failure(url, verdict.reason or "no-article", verdict.detail)
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
    return record


def _page_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Each FILE as given, each folder's pages (PAGE_SUFFIXES, any depth) sorted by path; each file once."""
    seen: set[Path] = set()
    for path in paths:
        found = sorted(p for p in path.rglob("*") if p.suffix.lower() in PAGE_SUFFIXES and p.is_file()) \
            if path.is_dir() else [path]
        for page in found:
            key = page.resolve()
            if key not in seen:
                seen.add(key)
                yield page


def read_url_map(map_file: Path) -> dict[Path, str]:
    """PATH<TAB>URL lines (blank lines and `#` comments skipped); a relative PATH is read from the map's folder."""
    urls: dict[Path, str] = {}
    try:
        lines = map_file.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise click.BadParameter(f"cannot read {map_file}: {error}", param_hint="--urls") from None
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        path, tab, url = line.partition("\t")
        url = url.strip()
        if not tab or not path or absolute_url(url, url) is None or not url:
            raise click.BadParameter(f"line {number} is not PATH<TAB>URL: {line[:80]!r}", param_hint="--urls")
        urls[(map_file.parent / path).resolve()] = url
    return urls


def _batch_record(
    page: Path, url: str | None, *, fetched_at: str | None, encoding: str | None, site_name: str | None,
    show_removed: bool, max_bytes: int,
) -> dict[str, Any]:
    """One page of a batch: read it, find its URL (the map's, else the one it declares) and extract it."""
    try:
        size = page.stat().st_size
        if size > max_bytes:
            return _failure(url, "too-large", f"{size} bytes, over {max_bytes}")
        body = page.read_bytes()
        fetched = _fetched_at(fetched_at, page)
    except OSError as error:
        return _failure(url, "unreadable", f"{type(error).__name__}: {error.strerror or error}")
    url = url or declared_url(body)
    if url is None:
        return _failure(None, "no-url", "not in --urls, and the page names no canonical link or og:url")
    return extract_record(body, url=url, fetched=fetched, encoding=encoding,
                          rules=page_rules(url, site_name), show_removed=show_removed)


def _page_line(task: tuple[Path, str | None, dict[str, Any]]) -> dict[str, Any]:
    """A batch's JSON record for one page, whatever the page does (a worker process runs it with --jobs)."""
    page, url, options = task
    try:
        outcome = _batch_record(page, url, **options)
    except Exception as error:  # whatever one page does, the others still get their lines
        outcome = _failure(url, "error", f"{type(error).__name__}: {error}")
    return {"path": str(page), **outcome}


def _records(tasks: list[tuple[Path, str | None, dict[str, Any]]], jobs: int) -> Iterator[dict[str, Any]]:
    """The pages' records in the pages' order, from `jobs` processes (the page path is CPU work only)."""
    if jobs <= 1 or len(tasks) <= 1:
        yield from map(_page_line, tasks)
        return
    # Forked workers inherit the imported page path; a few pages a task keep the pickling overhead small.
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_page_line, tasks, chunksize=4)


def _run_batch(pages: list[Path], urls: dict[Path, str], jobs: int, **options: Any) -> int:
    options["max_bytes"] = MAX_PAGE_BYTES
    tasks = [(page, urls.get(page.resolve()), options) for page in pages]
    failed = 0
    for done, record in enumerate(_records(tasks, jobs), 1):
        failed += not record["ok"]
        click.echo(json.dumps(record, ensure_ascii=False))
        if len(pages) > PROGRESS_EVERY and done % PROGRESS_EVERY == 0 and done < len(pages):
            click.echo(f"newsbot extract: {done}/{len(pages)} pages, {failed} failed", err=True)
    click.echo(f"newsbot extract: {len(pages)} pages, {len(pages) - failed} articles, {failed} failed", err=True)
    return EXIT_NO_ARTICLE if failed else 0


def _run_one(
    file: Path, url: str, *, fetched_at: str | None, encoding: str | None, site_name: str | None,
    show_removed: bool,
) -> int:
    """The single-page form: an indented JSON object, or the failure on one line and its reason on stderr."""
    if absolute_url(url, url) is None:
        raise CommandError(f"--url takes the page's address, got {url[:80]!r}, which is no URL")
    try:
        fetched = _fetched_at(fetched_at, file)
    except ValueError:
        raise click.BadParameter(f"not an ISO 8601 time: {fetched_at!r}", param_hint="--fetched-at") from None
    record = extract_record(file.read_bytes(), url=url, fetched=fetched, encoding=encoding,
                            rules=page_rules(url, site_name), show_removed=show_removed)
    if not record["ok"]:
        click.echo(json.dumps(record, ensure_ascii=False))
        click.echo(f"newsbot extract: {record['reason']}: {record['detail']}", err=True)
        return EXIT_NO_ARTICLE
    click.echo(json.dumps(record, ensure_ascii=False, indent=2))
    return 0


@click.command("extract")
@click.argument("paths", metavar="FILE...", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--url", default=None, help="The URL the page was fetched from (picks the site's rules); one FILE.")
@click.option("--urls", "url_map", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A PATH<TAB>URL file naming each page's URL (relative paths from its folder); "
                   "with no FILE, its pages are the batch.")
@click.option("--site", "site_name", default=None, help="A registry site or known host whose rules to use.")
@click.option("--fetched-at", default=None, help="ISO 8601 fetch time (default: each file's mtime).")
@click.option("--encoding", default=None, help="The charset the HTTP header declared, if known.")
@click.option("--removed", "show_removed", is_flag=True, help="Also list what cleaning removed, and why.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Processes a batch uses [default: one per core].")
def command(
    paths: tuple[Path, ...], url: str | None, url_map: Path | None, site_name: str | None,
    fetched_at: str | None, encoding: str | None, show_removed: bool, jobs: int | None,
) -> None:
    """Extract the article from a saved HTML page and print it as JSON.

    FILE may be a folder: its .html and .htm files, at any depth. One FILE with --url prints one indented
    object; otherwise each page is one JSON line with its `path`, its URL taken from --urls or else from the
    page's canonical link or og:url. Exit 1 when a page (any page of a batch) is no article.
    """
    if site_name:
        page_rules("", site_name)  # an unknown --site is a usage error once, not an error on every page
    if fetched_at:
        try:
            parse_instant(fetched_at)
        except ValueError:
            raise click.BadParameter(f"not an ISO 8601 time: {fetched_at!r}", param_hint="--fetched-at") from None
    options = {"fetched_at": fetched_at, "encoding": encoding, "site_name": site_name, "show_removed": show_removed}
    if url is not None:
        if url_map is not None or len(paths) != 1 or paths[0].is_dir():
            raise click.UsageError("--url names the URL of one FILE; for several pages give --urls MAP.tsv")
        sys.exit(_run_one(paths[0], url, **options))
    urls = read_url_map(url_map) if url_map else {}
    if not paths and not urls:
        raise click.UsageError("give FILE... (pages or folders of pages), or --urls MAP.tsv, or FILE --url URL")
    pages = list(_page_files(paths or sorted(urls)))
    sys.exit(_run_batch(pages, urls, jobs or os.cpu_count() or 1, **options))
