"""Extraction speed: newsbot's whole page path against trafilatura on the same pages, run by hand.

    .venv/bin/python bench/extract_bench.py                  # 5 runs, medians with min and max
    .venv/bin/python bench/extract_bench.py --runs 7 --passes 40
    .venv/bin/python bench/extract_bench.py --profile generic   # pyinstrument over newsbot's path

Pages: every article fixture under tests/fixtures/pages/ (not bad/), split by the path newsbot takes: `theme`
(site or theme selectors find the body) and `generic` (trafilatura locates it). Rates are pages per CPU
second of this process (`time.process_time`), so other jobs on the machine change them little. One run is
`--passes` passes over all pages per system, the systems taking turns; the tables give the median over
`--runs` runs with the min and max.

Systems:
- newsbot: what a crawl runs per page, minus download and storage: `read_article` (bytes checks, decoding,
  the verdict, extraction, cleaning, sanitising, metadata) and then `process_item` (the clean, dates and
  validate pipelines' steps), for the site `newsbot crawl URL` would crawl.
- trafilatura: `trafilatura.extract(body, url=url)`, its defaults (plain text only).
- trafilatura-full: what newsbot gives, from trafilatura: `bare_extraction(with_metadata=True)` (title, date,
  plain text) and its HTML output (`build_html_output`) of the same extraction.
Quality columns come from bench/quality.py's scoring. The gov.kz API path (tests/fixtures/govkz: JSON pages
to articles, then `process_item`) is measured in items per CPU second.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import trafilatura
from quality import FETCHED_AT, Score, overall, pages, score
from trafilatura.htmlprocessing import build_html_output

from newsbot.pages.encoding import decode_html
from newsbot.pages.govkz import articles_from_page
from newsbot.pages.html_article import parse_document, selected_body
from newsbot.pages.rules import site_rules, with_page_theme
from newsbot.pages.web import read_article
from newsbot.processing import process_item
from newsbot.sites import Site, get_site, site_from_url

GOVKZ = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "govkz"
GROUPS = ("theme", "generic", "all")


@dataclass(frozen=True)
class Page:
    name: str
    body: bytes
    url: str
    site: Site
    path: str  # "theme" or "generic"
    want: dict


def newsbot_path(page: Page) -> tuple[str, str]:
    _, article = read_article(page.body, url=page.url, site=page.site, rules=site_rules(page.site), lang=None,
                              fetched_at=FETCHED_AT)
    if article is None:
        return "", ""
    process_item(article, page.site.timezone)
    return article.title, article.text


def trafilatura_default(page: Page) -> tuple[str, str]:
    return "", trafilatura.extract(page.body, url=page.url) or ""


def trafilatura_full(page: Page) -> tuple[str, str]:
    document = trafilatura.bare_extraction(page.body, url=page.url, with_metadata=True)
    if document is None:
        return "", ""
    text = document.text or ""
    build_html_output(document)  # the body as HTML too, as newsbot stores it
    return document.title or "", text


SYSTEMS: dict[str, Callable[[Page], tuple[str, str]]] = {
    "newsbot": newsbot_path,
    "trafilatura": trafilatura_default,
    "trafilatura-full": trafilatura_full,
}
# Systems whose output has no title: their title column says so instead of scoring 0.
NO_TITLE = {"trafilatura"}


def path_of(body: bytes, url: str, site: Site) -> str:
    """Which path newsbot's extraction takes on this page: selectors, or trafilatura as the locator."""
    known = site_rules(site)
    root = parse_document(decode_html(body, default=known.encoding if known else None).text)
    if root is None:
        return "generic"
    rules = with_page_theme(known, root)
    return "theme" if selected_body(root, rules) is not None else "generic"


def load_pages() -> list[Page]:
    loaded = []
    for path in pages():
        want = json.loads(path.with_name(path.stem + ".expected.json").read_text(encoding="utf-8"))
        body, url = path.read_bytes(), want["url"]
        site = site_from_url(url)
        loaded.append(Page(f"{path.parent.name}/{path.stem}", body, url, site, path_of(body, url, site), want))
    return loaded


def in_group(page: Page, group: str) -> bool:
    return group == "all" or page.path == group


def one_run(loaded: list[Page], passes: int) -> dict[str, dict[str, float]]:
    """Pages per CPU second, per system and group, from `passes` passes over every page."""
    seconds = {name: dict.fromkeys(GROUPS, 0.0) for name in SYSTEMS}
    for _ in range(passes):
        for name, system in SYSTEMS.items():
            for page in loaded:
                started = time.process_time()
                system(page)
                elapsed = time.process_time() - started
                for group in GROUPS:
                    if in_group(page, group):
                        seconds[name][group] += elapsed
    return {
        name: {group: passes * sum(in_group(p, group) for p in loaded) / spent[group] for group in GROUPS}
        for name, spent in seconds.items()
    }


def govkz_pages() -> list[tuple[bytes, str, Site]]:
    site = get_site("mfa")
    return [(path.read_bytes(), path.stem, site) for path in sorted(GOVKZ.glob("mfa/*.json"))]


def govkz_path(api_pages: list[tuple[bytes, str, Site]]) -> int:
    items = 0
    for body, lang, site in api_pages:
        for article in articles_from_page(body, site=site, lang=lang, fetched_at=FETCHED_AT).articles:
            process_item(article, site.timezone)
            items += 1
    return items


def govkz_run(api_pages: list[tuple[bytes, str, Site]], passes: int) -> float:
    started = time.process_time()
    items = sum(govkz_path(api_pages) for _ in range(passes))
    return items / (time.process_time() - started)


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):,.0f} ({min(values):,.0f}–{max(values):,.0f})"


def quality_table(loaded: list[Page]) -> list[str]:
    lines = ["| system | group | pages | macro F1 | min F1 | titles exact | leaks |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for name, system in SYSTEMS.items():
        scores: dict[str, Score] = {}
        for page in loaded:
            title, text = system(page)
            scores[page.name] = score(title, text, page.want)
        for group in GROUPS:
            o = overall({p.name: scores[p.name] for p in loaded if in_group(p, group)})
            titles = "n/a" if name in NO_TITLE else f"{o['titles']}/{o['pages']}"
            lines.append(f"| {name} | {group} | {o['pages']} | {o['macro_f1']:.4f} | {o['min_f1']:.4f} | "
                         f"{titles} | {o['leaks']} |")
    return lines


def speed_tables(loaded: list[Page], api_pages: list, runs: int, passes: int) -> list[str]:
    results = [one_run(loaded, passes) for _ in range(runs)]
    govkz = [govkz_run(api_pages, passes) for _ in range(runs)]
    counts = {group: sum(in_group(p, group) for p in loaded) for group in GROUPS}
    lines = ["| system | " + " | ".join(f"{g} ({counts[g]} pages), pages/s" for g in GROUPS) + " |",
             "|---|" + "---:|" * len(GROUPS)]
    for name in SYSTEMS:
        lines.append(f"| {name} | " + " | ".join(spread([r[name][g] for r in results]) for g in GROUPS) + " |")
    for other in ("trafilatura", "trafilatura-full"):
        ratios = [[r["newsbot"][g] / r[other][g] for r in results] for g in GROUPS]
        lines.append(f"| newsbot / {other} | " + " | ".join(
            f"{statistics.median(x):.2f}x ({min(x):.2f}–{max(x):.2f})" for x in ratios) + " |")
    items = sum(len(articles_from_page(b, site=s, lang=lang, fetched_at=FETCHED_AT).articles)
                for b, lang, s in api_pages)
    lines += ["", f"gov.kz API bodies ({items} items in {len(api_pages)} pages, `process_item`): "
              f"{spread(govkz)} items/s"]
    return lines


def profile(loaded: list[Page], group: str, passes: int) -> str:
    from pyinstrument import Profiler  # the bench extra: pip install -e '.[bench]'

    chosen = [p for p in loaded if in_group(p, group)]
    api_pages = govkz_pages()
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(passes):
        if group == "govkz":
            govkz_path(api_pages)
        for page in chosen:
            newsbot_path(page)
    profiler.stop()
    return profiler.output_text(unicode=False, color=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs (default 5): median, min, max")
    parser.add_argument("--passes", type=int, default=20, help="passes over every page per run (default 20)")
    parser.add_argument("--profile", choices=(*GROUPS, "govkz"), help="profile newsbot's path on these pages")
    args = parser.parse_args(argv)
    loaded = load_pages()
    api_pages = govkz_pages()
    for page in loaded:  # warm up: imports, caches, the phrase catalogue, trafilatura's lazy parts
        for system in SYSTEMS.values():
            system(page)
    govkz_path(api_pages)
    if args.profile:
        print(profile(loaded, args.profile, args.passes))
        return 0
    print("pages: " + ", ".join(f"{p.name} ({p.path})" for p in loaded))
    print()
    print("\n".join(speed_tables(loaded, api_pages, args.runs, args.passes)))
    print()
    print("\n".join(quality_table(loaded)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
