"""Benchmark: newsbot's resolve_date against plain dateparser.parse on a realistic mix of date values.

Run by hand, not a test:  .venv/bin/python bench/dates_bench.py [--size N] [--seed S]

The mix is drawn from the hand-checked table in tests/test_dates_cases.py, weighted so that it looks like
a crawl: mostly machine-written values (gov.kz API, WordPress date_gmt, RSS, meta), then numeric and
"D month YYYY" visible strings, some relative forms and some strings that are no date at all. Both
parsers get the same strings, zone, fetch time and dateparser settings; accuracy is against the table.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import dateparser

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from test_dates_cases import CASES, Case

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


def measure(parse: Callable[[Case], datetime | None], mix: list[Case]) -> tuple[float, float, float]:
    """Strings per CPU second on the mix (one timed run), accuracy on the table and on the mix."""
    table_right = sum(correct(case, parse(case)) for case in CASES)  # also warms caches and language data
    # CPU time of this process: the figure should not depend on what else the machine runs.
    started = time.process_time()
    values = [parse(case) for case in mix]
    elapsed = time.process_time() - started
    mix_right = sum(correct(case, value) for case, value in zip(mix, values, strict=True))
    return len(mix) / elapsed, table_right / len(CASES), mix_right / len(mix)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
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
    results = {}
    for name, parse in (("newsbot resolve_date", ours), ("dateparser.parse", plain_dateparser)):
        rate, table_accuracy, mix_accuracy = measure(parse, mix)
        results[name] = rate
        print(
            f"{name:22} {rate:10.0f} strings/s   accuracy: table {table_accuracy:.1%}, mix {mix_accuracy:.1%}"
        )
    ratio = results["newsbot resolve_date"] / results["dateparser.parse"]
    print(f"speed ratio: {ratio:.1f}x")
    parsers = (("newsbot", ours), ("dateparser", plain_dateparser))
    for name, parse in parsers if args.show_misses else parsers[:1]:
        for case in CASES:
            value = parse(case)
            if not correct(case, value):
                print(f"  {name} wrong: {case.raw!r} ({case.source}, {case.tz}): {value} != {case.expected}")


if __name__ == "__main__":
    main()
