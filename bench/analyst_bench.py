"""Analyst-side benchmark (run by hand): `newsbot report` on a big archive, and export in each format against
the sqlite3 shell's JSON output of the same rows.

    .venv/bin/python bench/analyst_bench.py --report-rows 100000 --export-rows 1000000 --workdir /tmp/abench

- report: an archive of --report-rows articles over six sites and three years (some without a date, some with a
  day but no time), with 2,000 run records, built through the real ArchiveWriter; `newsbot report` in a
  subprocess: wall seconds and the HTML file's size;
- export: an archive of --export-rows articles (the report archive's rows copied with new URLs by SQL, which
  is much faster than the writer and gives the same rows); `newsbot export --format F` of every row to a file
  against `sqlite3 -json` of the same columns, --runs times each, median and range.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.archive_bench import paragraph  # noqa: E402
from newsbot.archive.db import open_archive  # noqa: E402
from newsbot.archive.export import EXPORT_COLUMNS  # noqa: E402
from newsbot.archive.runs import finish_run, register_site, start_run  # noqa: E402
from newsbot.archive.writer import ArchiveWriter  # noqa: E402
from newsbot.items import Article  # noqa: E402
from newsbot.sites import get_site  # noqa: E402

SITES = ("mfa", "govkz:economy", "akorda", "jana-kezen", "mid", "govkz:mfa-london")
FETCHED = datetime(2026, 11, 21, 6, 0, tzinfo=UTC)
SPAN = timedelta(days=3 * 365)
ALMATY = ZoneInfo("Asia/Almaty")


def generated(n: int, rng: random.Random) -> Article:
    site = SITES[n % len(SITES)]
    lang = ("kk", "ru", "en")[rng.randrange(3)]
    published: datetime | None = FETCHED - SPAN * rng.random()
    roll = rng.random()
    if roll < 0.05:
        published = None  # no date found
    elif roll < 0.25:  # a day only: local midnight, as the dates pipeline stores a date without a time
        published = published.astimezone(ALMATY).replace(hour=0, minute=0, second=0, microsecond=0)
    text = "\n\n".join(paragraph(rng, rng.randint(25, 60)) for _ in range(rng.randint(3, 7)))
    return Article(site=site, lang=lang, url=f"https://{site.replace(':', '.')}.example/news/{n}?lang={lang}",
                   title=paragraph(rng, 8), text=text, html="".join(f"<p>{p}</p>" for p in text.split("\n\n")),
                   published_at=published, fetched_at=FETCHED, translation_key=f"k:{n // 3}")


def build_report_archive(db: Path, rows: int, batch: int = 2000) -> None:
    rng = random.Random(1)
    engine = open_archive(str(db))
    for name in SITES:
        register_site(engine, get_site(name))
    writer = ArchiveWriter(engine, timezone="Asia/Almaty", extractor_version="bench")
    for first in range(0, rows, batch):
        writer.write([generated(n, rng) for n in range(first, min(rows, first + batch))])
    reasons = ("not_news", "no_text", "anti_bot", "soft_404")
    for day in range(2000 // len(SITES)):
        for name in SITES:
            started = FETCHED - timedelta(days=2000 // len(SITES) - day)
            run = start_run(engine, name, started)
            failed = rng.random() < 0.03
            stats = {f"newsbot/dropped/{r}": rng.randrange(5) for r in rng.sample(reasons, 2)}
            finish_run(engine, run, status="failed" if failed else "finished",
                       finished_at=started + timedelta(minutes=rng.randrange(1, 30)),
                       counts={"requests": rng.randrange(10, 200), "new": 0 if failed else rng.randrange(60),
                               "dropped": sum(stats.values()), "errors": 5 if failed else 0}, stats=stats)
    engine.dispose()


def multiply(source: Path, db: Path, rows: int) -> None:
    """DB holds ROWS articles: SOURCE's rows again and again with new ids and URLs."""
    db.write_bytes(source.read_bytes())
    with sqlite3.connect(db) as conn:
        have = conn.execute("select count(*) from articles").fetchone()[0]
        columns = [c[1] for c in conn.execute("pragma table_info(articles)") if c[1] != "id"]
        names = ", ".join(columns)
        copy = 1
        while have < rows:
            picked = ", ".join(f"url || '&copy={copy}'" if c in ("url", "canonical_url") else c for c in columns)
            take = min(rows - have, have)
            conn.execute(f"insert into articles ({names}) select {picked} from articles order by id limit {take}")
            conn.commit()
            have += take
            copy += 1
            print(f"  {have:,} rows", file=sys.stderr, flush=True)


def timed(cmd: list[str], stdout: Path) -> float:
    start = time.perf_counter()
    with stdout.open("wb") as out:
        subprocess.run(cmd, stdout=out, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def spread(values: list[float], digits: int = 2) -> str:
    return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def report_part(db: Path, work: Path, runs: int) -> None:
    seconds = []
    for _ in range(runs):
        out = work / "report.html"
        seconds.append(timed([sys.executable, "-m", "newsbot", "report", "--db", str(db), "-o", str(out)],
                             work / "report.txt"))
    print(f"report ({count(db):,} articles): {spread(seconds)} s, file {out.stat().st_size / 1e6:.2f} MB")


def export_part(db: Path, work: Path, runs: int, formats: list[str]) -> None:
    columns = ", ".join(c.name for c in EXPORT_COLUMNS)
    shell = [timed(["sqlite3", "-json", str(db), f"SELECT {columns} FROM articles ORDER BY id"], work / "shell.json")
             for _ in range(runs)]
    print(f"export ({count(db):,} rows): sqlite3 -json {spread(shell)} s")
    for fmt in formats:
        ours = [timed([sys.executable, "-m", "newsbot", "export", "--db", str(db), "--format", fmt,
                       "-o", str(work / f"out.{fmt}")], work / "export.log") for _ in range(runs)]
        ratios = [o / statistics.median(shell) for o in ours]
        size = (work / f"out.{fmt}").stat().st_size / 1e6
        print(f"  {fmt}: {spread(ours)} s, {spread(ratios)} times the shell's median; file {size:,.0f} MB")


def count(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("select count(*) from articles").fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--report-rows", type=int, default=100_000)
    parser.add_argument("--export-rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--formats", default="jsonl,csv,parquet")
    parser.add_argument("--parts", default="report,export")
    parser.add_argument("--workdir", type=Path, required=True, help="archives are built here once and reused")
    args = parser.parse_args()
    work = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    report_db = work / f"report-{args.report_rows}.sqlite"
    if not report_db.exists():
        build_report_archive(report_db, args.report_rows)
        print(json.dumps({"built": str(report_db)}), file=sys.stderr)
    if "report" in args.parts:
        report_part(report_db, work, args.runs)
    if "export" in args.parts:
        export_db = work / f"export-{args.export_rows}.sqlite"
        if not export_db.exists():
            multiply(report_db, export_db, args.export_rows)
        export_part(export_db, work, args.runs, args.formats.split(","))


if __name__ == "__main__":
    main()
