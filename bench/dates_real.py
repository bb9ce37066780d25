"""Benchmark: publication dates on real saved pages of sites nobody here wrote, newsbot and htmldate side by side.

Run by hand, not a test:

    .venv/bin/python bench/dates_real.py CLONE... [--show wrong|none|all] [--json]

Each CLONE is a clone of a public repository whose test pages carry a known publication date; the layout
says which reader takes it (the pages are read in place, never copied into this repository):
  - Fundus (flairNLP/fundus): tests/resources/parser/test_data/<cc>/<Publisher>.json holds `publishing_date`
    per parser version, <Publisher>_<YYYY_MM_DD>.html.gz the page, meta.info its URL and crawl time;
  - newspaper4k: tests/data/metadata/<name>.json `publish_date` (a time of 00:00:00 without an offset is a
    day-only truth) for tests/data/html/<name>.html;
  - goose3: tests/data/publishdate/<name>.json `expected.publish_date` for <name>.html.

For every page both finders get the same parsed tree, URL and fetch time (the crawl time where the corpus
records one). Day accuracy compares the day in the truth's own offset (newsbot's instant is converted to it;
htmldate gives a calendar day); a day-only truth names the day the page wrote, so it is compared with the
day of the value as written; minute accuracy counts only pages whose truth has a time of day and
compares instants (htmldate's day-and-time output is read in the truth's offset). "none" is no date, "wrong"
a date on another day. Timing is the date finding alone on an already parsed tree, median per page.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import htmldate
import lxml.html

from newsbot.dates import languages_for, resolve_date
from newsbot.pages.encoding import decode_html
from newsbot.pages.html_article import parse_document
from newsbot.pages.lang import declared_lang
from newsbot.pages.metadata import read_meta
from newsbot.pages.published import find_published
from newsbot.pages.rules import DEFAULT_TIMEZONE, site_rules, with_page_theme
from newsbot.sites import site_for_page

# Pages of a corpus with no crawl time are read as if fetched on this day (after every truth in the sets).
DEFAULT_FETCH = datetime(2026, 12, 1, tzinfo=UTC)


@dataclass
class Case:
    corpus: str
    name: str
    url: str
    html: bytes
    truth: datetime
    has_time: bool
    fetched_at: datetime


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def fundus_cases(clone: Path) -> Iterator[Case]:
    root = clone / "tests/resources/parser/test_data"
    for country in sorted(p for p in root.iterdir() if p.is_dir()):
        meta_file = country / "meta.info"
        meta = json.loads(meta_file.read_text()) if meta_file.exists() else {}
        for truth_file in sorted(country.glob("*.json")):
            publisher = truth_file.stem
            versions = json.loads(truth_file.read_text())
            pages = sorted(country.glob(f"{publisher}_*.html.gz"))
            # One page per parser version, both in time order (V1, V1_1, V2 …; crawl dates ascending).
            if len(pages) != len(versions):
                continue
            for (version, data), page in zip(sorted(versions.items(), key=lambda kv: _version_key(kv[0])), pages,
                                             strict=True):
                if not data.get("publishing_date") or page.name not in meta:
                    continue
                truth = datetime.fromisoformat(data["publishing_date"])
                # Fundus writes a day-only date as midnight: no time of day to compare there.
                has_time = (truth.hour, truth.minute, truth.second) != (0, 0, 0)
                crawl = _aware(datetime.fromisoformat(meta[page.name]["crawl_date"]))
                if _aware(truth) > crawl + timedelta(days=1):
                    # Published after it was crawled: a truth with day and month swapped (2 of the set).
                    print(f"skipped {country.name}/{publisher}/{version}: truth {truth} after crawl {crawl}",
                          file=sys.stderr)
                    continue
                yield Case("fundus", f"{country.name}/{publisher}/{version}", meta[page.name]["url"],
                           gzip.decompress(page.read_bytes()), _aware(truth), has_time, crawl)


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.lstrip("V").split("_") if part.isdigit())


def newspaper4k_cases(clone: Path) -> Iterator[Case]:
    data = clone / "tests/data"
    for truth_file in sorted((data / "metadata").glob("*.json")):
        meta = json.loads(truth_file.read_text())
        page = data / "html" / f"{truth_file.stem}.html"
        if not meta.get("publish_date") or not page.exists() or not meta.get("url"):
            continue
        truth = datetime.fromisoformat(meta["publish_date"])
        has_time = truth.tzinfo is not None or (truth.hour, truth.minute, truth.second) != (0, 0, 0)
        yield Case("newspaper4k", truth_file.stem, meta["url"], page.read_bytes(), _aware(truth), has_time,
                   DEFAULT_FETCH)


def goose3_cases(clone: Path) -> Iterator[Case]:
    for truth_file in sorted((clone / "tests/data/publishdate").glob("*.json")):
        meta = json.loads(truth_file.read_text())
        page = truth_file.with_suffix(".html")
        raw = (meta.get("expected") or {}).get("publish_date")
        if not raw or not page.exists():
            continue
        truth = datetime.fromisoformat(raw)
        yield Case("goose3", truth_file.stem, meta.get("url") or "http://example.com/", page.read_bytes(),
                   _aware(truth), True, DEFAULT_FETCH)


def cases(clone: Path) -> Iterator[Case]:
    if (clone / "tests/resources/parser/test_data").is_dir():
        yield from fundus_cases(clone)
    elif (clone / "tests/data/metadata").is_dir():
        yield from newspaper4k_cases(clone)
    elif (clone / "tests/data/publishdate").is_dir():
        yield from goose3_cases(clone)
    else:
        sys.exit(f"{clone}: not a corpus this bench knows (Fundus, newspaper4k or goose3 clone)")


def _tree(html: bytes, url: str, *, strip: bool = False) -> lxml.html.HtmlElement | None:
    root = parse_document(decode_html(html, None).text)
    if root is not None and strip:
        # The harder variant: no <meta> and no JSON-LD, so the dates must come from the page's markup, its
        # visible text and its URL, as on the many sites that publish no metadata.
        for element in root.xpath("//meta | //script[@type='application/ld+json']"):
            element.getparent().remove(element)
    return root


def run_newsbot(case: Case, root: lxml.html.HtmlElement) -> tuple[datetime | None, str | None, float]:
    # What the page path has done before it looks for the date (rules, the title's <meta> index): not timed.
    site = site_for_page(case.url)
    rules = with_page_theme(site_rules(site) if site is not None else None, root)
    meta = read_meta(root)
    start = time.perf_counter()
    raw, source, zone, _ = find_published(root, rules, url=case.url, fetched_at=case.fetched_at, meta=meta)
    # As the date step reads it: the site's zone (the page's own for an unknown site), the page's language.
    parsed = resolve_date(raw, source, tz=rules.timezone or zone or DEFAULT_TIMEZONE, fetched_at=case.fetched_at,
                          languages=languages_for(declared_lang(root, meta)))
    elapsed = time.perf_counter() - start
    value = parsed.value
    if value is not None and parsed.precision == "day":
        # A day-only value names a calendar day, not an instant: compare it as written.
        value = value.replace(tzinfo=case.truth.tzinfo)
    return value, f"{source}: {raw}" if raw else None, elapsed


def run_htmldate(case: Case, root: lxml.html.HtmlElement) -> tuple[datetime | None, str | None, float]:
    start = time.perf_counter()
    try:
        found = htmldate.find_date(root, url=case.url, original_date=True, outputformat="%Y-%m-%d %H:%M",
                                   max_date=(case.fetched_at + timedelta(days=1)).strftime("%Y-%m-%d"))
    except ValueError:  # htmldate 1.11 on an offset of a day or more in a page's date
        found = None
    elapsed = time.perf_counter() - start
    if not found:
        return None, None, elapsed
    # htmldate's output is a wall-clock reading without an offset: take it in the truth's own offset.
    return datetime.fromisoformat(found).replace(tzinfo=case.truth.tzinfo), found, elapsed


@dataclass
class Score:
    pages: int = 0
    day: int = 0
    wrong: int = 0
    none: int = 0
    timed: int = 0
    minute: int = 0
    seconds: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def add(self, case: Case, value: datetime | None, evidence: str | None, seconds: float) -> str:
        self.pages += 1
        self.seconds.append(seconds)
        if case.has_time:
            self.timed += 1
        if value is None:
            self.none += 1
            verdict = "none"
        elif (value.astimezone(case.truth.tzinfo) if case.has_time else value).date() == case.truth.date():
            self.day += 1
            verdict = "right"
        else:
            self.wrong += 1
            verdict = "wrong"
        if case.has_time and value is not None and abs(value - case.truth) < timedelta(minutes=1):
            self.minute += 1
        if verdict != "right":
            self.misses.append(f"{verdict:5} {case.corpus}:{case.name} truth {case.truth.isoformat()} "
                               f"got {value.isoformat() if value else None} [{evidence}] {case.url}")
        return verdict

    def row(self, name: str) -> str:
        median_ms = statistics.median(self.seconds) * 1000 if self.seconds else 0.0
        return (f"| {name} | {self.pages} | {self.day} ({self.day / max(self.pages, 1):.1%}) | "
                f"{self.minute}/{self.timed} ({self.minute / max(self.timed, 1):.1%}) | {self.wrong} | "
                f"{self.none} | {median_ms:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("clones", nargs="+", type=Path)
    parser.add_argument("--show", choices=("wrong", "none", "all"), help="list newsbot's (and htmldate's) misses")
    parser.add_argument("--json", action="store_true", help="one JSON object per page instead of the table")
    parser.add_argument("--strip-metadata", action="store_true",
                        help="remove every <meta> and JSON-LD script first: dates from markup, text and URL only")
    args = parser.parse_args()
    scores = {"newsbot": Score(), "htmldate": Score()}
    per_corpus: dict[str, dict[str, Score]] = {}
    for clone in args.clones:
        for case in cases(clone):
            corpus = per_corpus.setdefault(case.corpus, {"newsbot": Score(), "htmldate": Score()})
            verdicts = {}
            for name, finder in (("newsbot", run_newsbot), ("htmldate", run_htmldate)):
                root = _tree(case.html, case.url, strip=args.strip_metadata)
                if root is None:
                    value, evidence, seconds = None, "unparsable page", 0.0
                else:
                    value, evidence, seconds = finder(case, root)
                verdicts[name] = (scores[name].add(case, value, evidence, seconds), evidence)
                corpus[name].add(case, value, evidence, seconds)
            if args.json:
                print(json.dumps({"page": f"{case.corpus}:{case.name}", "truth": case.truth.isoformat(),
                                  **{k: {"verdict": v, "evidence": e} for k, (v, e) in verdicts.items()}},
                                 ensure_ascii=False))
    if args.json:
        return
    header = "| finder | pages | right day | right minute (of pages with a time) | wrong | none | median ms |"
    print(header)
    print("|---|---:|---:|---:|---:|---:|---:|")
    for corpus, pair in per_corpus.items():
        for name, score in pair.items():
            print(score.row(f"{name} ({corpus})"))
    for name, score in scores.items():
        print(score.row(f"**{name} (all)**"))
    if args.show:
        for name, score in scores.items():
            print(f"\n{name} misses:")
            for line in score.misses:
                if args.show == "all" or line.startswith(args.show):
                    print("  " + line)


if __name__ == "__main__":
    main()
