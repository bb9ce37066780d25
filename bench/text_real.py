"""Article text on real pages of sites nobody here wrote: newsbot against trafilatura, in one run, by hand.

    .venv/bin/python bench/text_real.py /tmp/corpora/fundus /tmp/corpora/newspaper4k
    .venv/bin/python bench/text_real.py CLONE... --worst 15      # plus the pages newsbot loses most on
    .venv/bin/python bench/text_real.py CLONE... --json          # one JSON object, for tooling

Each CLONE is a local clone of a public repository whose tests carry saved pages with their true article text
(nothing of them is copied into this repository). Recognised layouts:
- Fundus (`tests/resources/parser/test_data/<cc>/<Publisher>_<date>.html.gz`, `<Publisher>.json` with one
  expected record per parser version, `meta.info` with each page's URL). A publisher's JSON holds one record
  per parser version; a page is paired with the record whose text its visible text holds most of (that reads
  only the page and the expectations, never a system's output). The true text is the body's summary, then each
  section's headlines and paragraphs.
- newspaper4k (`tests/data/html/<name>.html`, `tests/data/txt/<name>.txt`, URL from `tests/data/metadata`).
goose3's `tests/data/content` expectations are left out: its tests compare only a prefix of the text, so most
of them hold the first few words, which cannot score precision.

Scoring, the way public extraction benchmarks score text: both texts are lower-cased `\\w+` words, cut into
shingles of 4 consecutive words (counted as multisets); per page, precision = shared / predicted shingles,
recall = shared / true shingles. An empty prediction scores 0 and 0. Reported: mean precision, mean recall,
their harmonic mean (F1 of the means), the mean of per-page F1, and the share of pages above F1 0.9.

Systems, same pages, same process, taking turns page by page:
- newsbot: `read_page` (the verdict and the extraction a crawl runs; no site rules, as for a site nobody
  registered). A refused page scores 0 and counts under its reason.
- trafilatura: `trafilatura.extract(html, url=url)` with its defaults; None counts as a refusal ("none").
Seconds per page: median and mean of CPU time (`time.process_time`) per page.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import trafilatura

from newsbot.pages.html_article import read_page

FETCHED_AT = datetime(2026, 11, 1, tzinfo=UTC)
SHINGLE = 4
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    body: bytes
    gold: str


@dataclass
class Result:
    precision: float
    recall: float
    seconds: float
    refused: str | None = None
    text: str = ""

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Totals:
    results: dict[str, Result] = field(default_factory=dict)


def shingles(text: str) -> Counter[tuple[str, ...]]:
    words = _WORD.findall(text.casefold())
    if len(words) < SHINGLE:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


def precision_recall(predicted: str, gold: str) -> tuple[float, float]:
    got, want = shingles(predicted), shingles(gold)
    if not got or not want:
        return 0.0, 0.0
    shared = sum((got & want).values())
    return shared / sum(got.values()), shared / sum(want.values())


# --- corpora -------------------------------------------------------------------------------------------------


def _fundus_gold(record: dict) -> str:
    body = record.get("body") or {}
    parts = list(body.get("summary") or [])
    for section in body.get("sections") or []:
        parts += list(section.get("headline") or [])
        parts += list(section.get("paragraphs") or [])
    return "\n\n".join(parts)


def _visible_words(body: bytes) -> set[str]:
    import lxml.html

    try:
        root = lxml.html.document_fromstring(body)
    except Exception:  # a page lxml cannot read pairs with nothing
        return set()
    return set(_WORD.findall(root.text_content().casefold()))


def fundus_pages(clone: Path) -> list[Page]:
    base = clone / "tests" / "resources" / "parser" / "test_data"
    pages = []
    for meta_path in sorted(base.glob("*/meta.info")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        for html_path in sorted(meta_path.parent.glob("*.html.gz")):
            publisher = html_path.name.rsplit("_", 3)[0]
            expected = meta_path.parent / f"{publisher}.json"
            if not expected.exists() or html_path.name not in meta:
                continue
            body = gzip.decompress(html_path.read_bytes())
            golds = [_fundus_gold(record) for record in json.loads(expected.read_text(encoding="utf-8")).values()]
            golds = [g for g in golds if _WORD.search(g)]
            if not golds:
                continue
            visible = _visible_words(body)

            def held(gold: str, visible: set[str] = visible) -> float:
                words = _WORD.findall(gold.casefold())
                return sum(w in visible for w in words) / len(words)

            pages.append(Page(f"fundus/{meta_path.parent.name}/{html_path.name[:-8]}", meta[html_path.name]["url"],
                              body, max(golds, key=held)))
    return pages


def newspaper_pages(clone: Path) -> list[Page]:
    base = clone / "tests" / "data"
    pages = []
    for txt in sorted((base / "txt").glob("*.txt")):
        html = base / "html" / f"{txt.stem}.html"
        if not html.exists():
            continue
        meta_path = base / "metadata" / f"{txt.stem}.json"
        url = json.loads(meta_path.read_text(encoding="utf-8")).get("url", "") if meta_path.exists() else ""
        pages.append(Page(f"newspaper4k/{txt.stem}", url or f"https://example.org/{txt.stem}", html.read_bytes(),
                          txt.read_text(encoding="utf-8")))
    return pages


def load(clones: list[Path]) -> list[Page]:
    pages: list[Page] = []
    for clone in clones:
        if (clone / "tests" / "resources" / "parser" / "test_data").is_dir():
            pages += fundus_pages(clone)
        elif (clone / "tests" / "data" / "txt").is_dir():
            pages += newspaper_pages(clone)
        else:
            print(f"{clone}: no known layout, skipped", file=sys.stderr)
    return pages


# --- systems -------------------------------------------------------------------------------------------------


def run_newsbot(page: Page) -> tuple[str, str | None]:
    verdict, article = read_page(page.body, url=page.url, fetched_at=FETCHED_AT)
    if article is None:
        return "", verdict.reason or "refused"
    return article.text, None


def run_trafilatura(page: Page) -> tuple[str, str | None]:
    text = trafilatura.extract(page.body, url=page.url)
    return (text, None) if text else ("", "none")


SYSTEMS: dict[str, Callable[[Page], tuple[str, str | None]]] = {
    "newsbot": run_newsbot,
    "trafilatura": run_trafilatura,
}


def measure(pages: list[Page]) -> dict[str, dict[str, Result]]:
    results: dict[str, dict[str, Result]] = {name: {} for name in SYSTEMS}
    for page in pages:
        for name, system in SYSTEMS.items():
            started = time.process_time()
            try:
                text, refused = system(page)
            except Exception as error:  # a crash is a result here, counted by its type
                text, refused = "", f"crash:{type(error).__name__}"
            seconds = time.process_time() - started
            precision, recall = precision_recall(text, page.gold)
            results[name][page.name] = Result(precision, recall, seconds, refused, text)
    return results


def summary(results: dict[str, Result]) -> dict:
    values = list(results.values())
    precision = statistics.fmean(r.precision for r in values)
    recall = statistics.fmean(r.recall for r in values)
    return {
        "pages": len(values),
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "mean_page_f1": statistics.fmean(r.f1 for r in values),
        "above_0_9": sum(r.f1 > 0.9 for r in values) / len(values),
        "refusals": dict(Counter(r.refused for r in values if r.refused).most_common()),
        "median_seconds": statistics.median(r.seconds for r in values),
        "mean_seconds": statistics.fmean(r.seconds for r in values),
    }


def markdown(results: dict[str, dict[str, Result]], groups: dict[str, list[str]]) -> str:
    lines = ["| corpus | system | pages | precision | recall | F1 | mean page F1 | F1>0.9 | refusals | "
             "s/page median | s/page mean |", "|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|"]
    for group, names in groups.items():
        for system, by_page in results.items():
            s = summary({n: by_page[n] for n in names})
            refusals = ", ".join(f"{k} {v}" for k, v in s["refusals"].items()) or "0"
            lines.append(
                f"| {group} | {system} | {s['pages']} | {s['precision']:.4f} | {s['recall']:.4f} | {s['f1']:.4f} | "
                f"{s['mean_page_f1']:.4f} | {s['above_0_9']:.1%} | {refusals} | {s['median_seconds']:.4f} | "
                f"{s['mean_seconds']:.4f} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("clones", nargs="+", type=Path, help="local clones of Fundus and/or newspaper4k")
    parser.add_argument("--json", action="store_true", help="print JSON instead of markdown")
    parser.add_argument("--worst", type=int, default=0, help="list the N pages where newsbot trails most")
    parser.add_argument("--only", default="", help="only pages whose name contains this")
    args = parser.parse_args(argv)
    pages = [p for p in load(args.clones) if args.only in p.name]
    if not pages:
        print("no pages found", file=sys.stderr)
        return 1
    results = measure(pages)
    groups: dict[str, list[str]] = {}
    for page in pages:
        groups.setdefault(page.name.split("/")[0], []).append(page.name)
    groups["all"] = [p.name for p in pages]
    if args.json:
        print(json.dumps({g: {s: summary({n: results[s][n] for n in names}) for s in results}
                          for g, names in groups.items()}, indent=2))
        return 0
    print(markdown(results, groups))
    if args.worst:
        ours, theirs = results["newsbot"], results["trafilatura"]
        ranked = sorted(pages, key=lambda p: ours[p.name].f1 - theirs[p.name].f1)[: args.worst]
        print("\n| page | newsbot P/R/F1 (refused) | trafilatura P/R/F1 |\n|---|---|---|")
        for page in ranked:
            a, b = ours[page.name], theirs[page.name]
            print(f"| {page.name} | {a.precision:.2f}/{a.recall:.2f}/{a.f1:.2f} ({a.refused or ''}) | "
                  f"{b.precision:.2f}/{b.recall:.2f}/{b.f1:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
