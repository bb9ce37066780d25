"""Benchmark: newsbot's resolve_date against plain dateparser.parse on a realistic mix of date values.

Run by hand, not a test:  .venv/bin/python bench/dates_bench.py [--runs 5] [--size N] [--seed S]

The mix is drawn from the hand-checked table in tests/test_dates_cases.py, weighted so that it looks like
a crawl: mostly machine-written values (gov.kz API, WordPress date_gmt, RSS, meta), then numeric and
"D month YYYY" visible strings, some relative forms and some strings that are no date at all. Both
parsers get the same strings, zone, fetch time and dateparser settings; accuracy is against the table.
Each of --runs runs times both parsers on the whole mix, in turn; the figures are the median over the runs,
with the min and max. Also: how many strings of the mix newsbot hands to dateparser, and their share of its time.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import dateparser

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from test_dates_cases import CASES, Case

import newsbot.dates.visible as visible
from newsbot.dates import DEFAULT_LANGUAGES, resolve_date
from newsbot.dates.fallback import dateparser_settings

_NUMERIC = re.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}")
_RELATIVE = re.compile(r"ago|назад|бұрын|кеше|бүгін|вчера|позавчера|сегодня|yesterday", re.IGNORECASE)
# Share of each kind of value in the mix, per table row of that kind.
WEIGHTS = {"structured": 12, "numeric": 6, "textual": 4, "relative": 2, "rare": 1, "not a date": 1}


def kind(case: Case) -> str:
    if case.source != "text":
        return "structured"
    if case.expected is None:
        return "not a date"
    if case.rare:
        return "rare"
    if _RELATIVE.search(case.raw):
        return "relative"
    if _NUMERIC.search(case.raw):
        return "numeric"
    return "textual"


def build_mix(size: int, seed: int) -> list[Case]:
    rng = random.Random(seed)
    return rng.choices(CASES, weights=[WEIGHTS[kind(case)] for case in CASES], k=size)


def ours(case: Case) -> datetime | None:
    fetched = datetime.fromisoformat(case.fetched_at)
    return resolve_date(case.raw, case.source, tz=case.tz, fetched_at=fetched).value


def plain_dateparser(case: Case) -> datetime | None:
    fetched = datetime.fromisoformat(case.fetched_at)
    settings = dateparser_settings(case.tz, fetched, require_year=False)
    return dateparser.parse(case.raw, languages=list(DEFAULT_LANGUAGES), settings=settings)


def correct(case: Case, value: datetime | None) -> bool:
    if case.expected is None:
        return value is None
    return value is not None and value == datetime.fromisoformat(case.expected)


def accuracy(parse: Callable[[Case], datetime | None], mix: list[Case]) -> tuple[float, float]:
    """Share right on the table and on the mix (the first call also warms caches and language data)."""
    table_right = sum(correct(case, parse(case)) for case in CASES)
    mix_right = sum(correct(case, parse(case)) for case in mix)
    return table_right / len(CASES), mix_right / len(mix)


def rate(parse: Callable[[Case], datetime | None], mix: list[Case]) -> float:
    """Strings per CPU second of this process on the mix: the figure should not depend on other jobs."""
    started = time.process_time()
    for case in mix:
        parse(case)
    return len(mix) / (time.process_time() - started)


def dateparser_tail(mix: list[Case]) -> tuple[int, float]:
    """Strings of the mix newsbot hands to dateparser, and the share of its CPU time they take."""
    spent: list[float] = []
    asked: set[int] = set()
    real = visible.parse_with_dateparser

    def timed(text: str, **settings: object) -> datetime | None:
        started = time.process_time()
        try:
            return real(text, **settings)  # type: ignore[arg-type]
        finally:
            spent.append(time.process_time() - started)

    visible.parse_with_dateparser = timed  # type: ignore[assignment]
    try:
        started = time.process_time()
        for index, case in enumerate(mix):
            before = len(spent)
            ours(case)
            if len(spent) > before:
                asked.add(index)
        total = time.process_time() - started
    finally:
        visible.parse_with_dateparser = real
    return len(asked), sum(spent) / total


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):,.0f} ({min(values):,.0f}–{max(values):,.0f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs (default 5): median, min, max")
    parser.add_argument("--size", type=int, default=3000, help="strings in the mix (default 3000)")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument(
        "--show-misses", action="store_true", help="list the table rows dateparser gets wrong"
    )
    args = parser.parse_args()
    mix = build_mix(args.size, args.seed)
    shares = Counter(kind(case) for case in mix)
    print(
        f"mix: {len(mix)} strings from {len(CASES)} table rows: "
        + ", ".join(f"{name} {count / len(mix):.0%}" for name, count in shares.most_common())
    )
    parsers = (("newsbot resolve_date", ours), ("dateparser.parse", plain_dateparser))
    accuracies = {name: accuracy(parse, mix) for name, parse in parsers}
    rates: dict[str, list[float]] = {name: [] for name, _ in parsers}
    for _ in range(args.runs):
        for name, parse in parsers:
            rates[name].append(rate(parse, mix))
    print(f"strings per CPU second, median (min–max) of {args.runs} runs:")
    for name, _ in parsers:
        table_accuracy, mix_accuracy = accuracies[name]
        print(f"{name:22} {spread(rates[name]):>24}   accuracy: table {table_accuracy:.1%}, mix {mix_accuracy:.1%}")
    ratios = [a / b for a, b in zip(rates["newsbot resolve_date"], rates["dateparser.parse"], strict=True)]
    print(f"speed ratio: {statistics.median(ratios):.1f}x ({min(ratios):.1f}x–{max(ratios):.1f}x)")
    asked, share = dateparser_tail(mix)
    print(f"newsbot hands {asked} of {len(mix)} strings ({asked / len(mix):.1%}) to dateparser: "
          f"{share:.0%} of its time")
    for name, parse in (("newsbot", ours), ("dateparser", plain_dateparser))[: 2 if args.show_misses else 1]:
        for case in CASES:
            value = parse(case)
            if not correct(case, value):
                print(f"  {name} wrong: {case.raw!r} ({case.source}, {case.tz}): {value} != {case.expected}")


if __name__ == "__main__":
    main()
