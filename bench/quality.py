"""Cleaning quality on the page fixtures: newsbot against trafilatura, run by hand.

    .venv/bin/python bench/quality.py            # markdown tables
    .venv/bin/python bench/quality.py --json     # one JSON object, for tooling

Per page and overall: token-level F1 of the article text against the hand-written expected text, exact
title match, and leaks (lines of the output that the chrome catalogue calls chrome, or that contain one of
its multi-word phrases, and that are not in the expected text). Systems: newsbot as shipped; newsbot with
no site/theme rules (every page through the generic path); trafilatura bare (its defaults); trafilatura
tuned the way newsbot's generic path calls it (no comments, precision first).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import trafilatura

from newsbot.cleaning.phrases import all_phrases, catalogue, normalize
from newsbot.pages.html_article import extract_article
from newsbot.pages.rules import PageRules, site_rules
from newsbot.sites import site_for_page

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "pages"
FETCHED_AT = datetime(2026, 11, 1, tzinfo=UTC)
_TOKEN = re.compile(r"\w+")
_MULTIWORD = [normalize(p) for p in all_phrases() if len(p.split()) >= 2]


@dataclass
class Score:
    f1: float
    title_ok: bool
    leaks: list[str] = field(default_factory=list)
    overlap: int = 0
    predicted: int = 0
    gold: int = 0


def tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text.casefold()))


def leaks(text: str, expected: str) -> list[str]:
    rules = catalogue(None)
    allowed = {normalize(line) for line in expected.splitlines()}
    found = []
    for line in text.splitlines():
        key = normalize(line)
        if not key or key in allowed:
            continue
        if (
            rules.match_anywhere(line) or rules.match_edge(line) or rules.match_cutoff(line)
            or rules.match_credit(line) or any(phrase in key for phrase in _MULTIWORD)
        ):
            found.append(line.strip())
    return found


def score(title: str, text: str, want: dict) -> Score:
    got, gold = tokens(text), tokens(want["text"])
    overlap = sum((got & gold).values())
    precision = overlap / sum(got.values()) if got else 0.0
    recall = overlap / sum(gold.values()) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(
        f1=f1,
        title_ok=" ".join(title.split()) == want["title"],
        leaks=leaks(text, want["text"]),
        overlap=overlap,
        predicted=sum(got.values()),
        gold=sum(gold.values()),
    )


def url_rules(url: str) -> PageRules | None:
    """The rules of the registry site the URL belongs to, as `newsbot extract --url` resolves them."""
    site = site_for_page(url)
    return site_rules(site) if site is not None else None


def run_newsbot(body: bytes, url: str) -> tuple[str, str]:
    article = extract_article(body, url=url, fetched_at=FETCHED_AT, rules=url_rules(url))
    return article.title, article.text


def generic_rules(url: str) -> PageRules:
    """No selectors at all, only the zone of a registry site's host (the page's own zone elsewhere)."""
    known = url_rules(url)
    return PageRules(timezone=known.timezone if known is not None else None)


def run_newsbot_generic(body: bytes, url: str) -> tuple[str, str]:
    """newsbot with no site or theme rules: trafilatura finds the body, our cleaning runs on top."""
    article = extract_article(body, url=url, fetched_at=FETCHED_AT, rules=generic_rules(url))
    return article.title, article.text


def run_trafilatura_bare(body: bytes, url: str) -> tuple[str, str]:
    document = trafilatura.bare_extraction(body, url=url, with_metadata=True)
    if document is None:
        return "", ""
    return document.title or "", document.text or ""


def run_trafilatura_tuned(body: bytes, url: str) -> tuple[str, str]:
    document = trafilatura.bare_extraction(
        body, url=url, with_metadata=True, include_comments=False, favor_precision=True
    )
    if document is None:
        return "", ""
    return document.title or "", document.text or ""


SYSTEMS: dict[str, Callable[[bytes, str], tuple[str, str]]] = {
    "newsbot": run_newsbot,
    "newsbot-generic": run_newsbot_generic,
    "trafilatura": run_trafilatura_bare,
    "trafilatura-tuned": run_trafilatura_tuned,
}


def pages() -> list[Path]:
    return sorted(p for p in FIXTURES.glob("*/*.html") if p.parent.name != "bad")


def measure() -> dict[str, dict[str, Score]]:
    results: dict[str, dict[str, Score]] = {name: {} for name in SYSTEMS}
    for page in pages():
        want = json.loads(page.with_name(page.stem + ".expected.json").read_text(encoding="utf-8"))
        body = page.read_bytes()
        for name, system in SYSTEMS.items():
            title, text = system(body, want["url"])
            results[name][f"{page.parent.name}/{page.stem}"] = score(title, text, want)
    return results


def overall(scores: dict[str, Score]) -> dict[str, float]:
    overlap = sum(s.overlap for s in scores.values())
    predicted = sum(s.predicted for s in scores.values())
    gold = sum(s.gold for s in scores.values())
    precision, recall = overlap / predicted if predicted else 0.0, overlap / gold if gold else 0.0
    return {
        "macro_f1": sum(s.f1 for s in scores.values()) / len(scores),
        "micro_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "min_f1": min(s.f1 for s in scores.values()),
        "titles": sum(s.title_ok for s in scores.values()),
        "pages": len(scores),
        "leaks": sum(len(s.leaks) for s in scores.values()),
    }


def markdown(results: dict[str, dict[str, Score]]) -> str:
    names = list(SYSTEMS)
    lines = ["| system | macro F1 | micro F1 | min F1 | titles exact | leaks |", "|---|---|---|---|---|---|"]
    for name in names:
        o = overall(results[name])
        lines.append(f"| {name} | {o['macro_f1']:.4f} | {o['micro_f1']:.4f} | {o['min_f1']:.4f} | "
                     f"{o['titles']}/{o['pages']} | {o['leaks']} |")
    lines += ["", "| page | " + " | ".join(f"{n} F1 / title / leaks" for n in names) + " |",
              "|---|" + "---|" * len(names)]
    for page in results[names[0]]:
        cells = []
        for name in names:
            s = results[name][page]
            cells.append(f"{s.f1:.3f} / {'yes' if s.title_ok else 'no'} / {len(s.leaks)}")
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON instead of markdown")
    parser.add_argument("--leaks", action="store_true", help="list every leaked line")
    args = parser.parse_args(argv)
    results = measure()
    if args.json:
        payload = {
            name: {"overall": overall(scores),
                   "pages": {page: {"f1": s.f1, "title_ok": s.title_ok, "leaks": s.leaks}
                             for page, s in scores.items()}}
            for name, scores in results.items()
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    print(markdown(results))
    if args.leaks:
        for name, scores in results.items():
            for page, s in scores.items():
                for line in s.leaks:
                    print(f"{name}\t{page}\t{line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
