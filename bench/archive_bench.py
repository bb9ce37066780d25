"""Archive benchmark (run by hand): insert, export and reprocessing rates, memory, bytes per article.

    .venv/bin/python bench/archive_bench.py                       # the table in bench/README.md (about an hour)
    .venv/bin/python bench/archive_bench.py --rows 100000 --insert-rows 20000 --runs 3   # a quick look

Each figure is the median, min and max of --runs runs (5 by default):
- insert: --insert-rows generated articles written into a fresh archive through the real ArchiveWriter
  (batches of 2,000; generating the articles is not counted), once per run; and the same SQL alone: every
  statement and parameter list the writer sent to SQLite in a run, recorded, then replayed with the sqlite3
  module into another fresh archive (the ceiling of any writer in Python: SQLite's own work on these rows),
  and replayed once more without the full-text index's insert trigger (what the search index costs);
- export: an archive of --rows articles (built once, also through the writer) exported by `newsbot export` in a
  subprocess (rows/s, peak RSS), against the sqlite3 shell's own JSON output of the same columns
  (`sqlite3 -json`), the speed limit for this job, each run both in turn;
- reprocess: `newsbot reprocess` over a second archive whose articles come from --pages stored gov.kz API pages
  (20 articles each), the stored extraction reset to "old" before each run;
- bytes per article of both archives (with and without raw responses).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import event

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsbot.archive.db import open_archive  # noqa: E402
from newsbot.archive.export import EXPORT_COLUMNS  # noqa: E402
from newsbot.archive.writer import ArchiveWriter  # noqa: E402
from newsbot.items import Article, RawPage  # noqa: E402

WORDS = (
    "Қазақстан", "Республикасының", "Сыртқы", "істер", "министрі", "кездесу", "барысында", "тараптар",
    "екіжақты", "ынтымақтастықтың", "өзекті", "мәселелерін", "талқылады", "Министр", "иностранных", "дел",
    "Республики", "Казахстан", "провёл", "переговоры", "с", "делегацией", "стороны", "обсудили", "вопросы",
    "торгово-экономического", "сотрудничества",
)
FETCHED = datetime(2026, 11, 21, 6, 0, tzinfo=UTC)


def paragraph(rng: random.Random, words: int) -> str:
    return " ".join(rng.choices(WORDS, k=words)).capitalize() + "."


def generated(n: int, rng: random.Random) -> Article:
    text = "\n\n".join(paragraph(rng, rng.randint(25, 60)) for _ in range(rng.randint(3, 7)))
    lang = ("kk", "ru", "en")[n % 3]
    return Article(
        site="mfa", lang=lang, url=f"https://www.gov.kz/memleket/entities/mfa/press/news/details/{n // 3}?lang={lang}",
        title=paragraph(rng, 8), text=text, html="".join(f"<p>{p}</p>" for p in text.split("\n\n")),
        published_at=FETCHED - timedelta(minutes=n), published_raw="x", published_source="api:created_date",
        fetched_at=FETCHED, translation_key=f"govkz:{n // 3}", source_id=str(n // 3),
    )


def build(db: Path, rows: int, batch: int = 2000,
          record: list[tuple[str, object, bool] | None] | None = None) -> tuple[float, float]:
    """Wall and CPU seconds spent in ArchiveWriter.write (generating the articles is not counted). The CPU
    seconds are the steadier figure on a shared machine: SQLite runs in this process. `record` receives every
    statement the writer sends (SQL, parameters, executemany or not), and None for each commit."""
    rng = random.Random(1)
    engine = open_archive(str(db))
    if record is not None:
        event.listen(engine, "before_cursor_execute",
                     lambda conn, cursor, sql, params, context, many: record.append((sql, params, many)))
        event.listen(engine, "commit", lambda conn: record.append(None))
    writer = ArchiveWriter(engine, timezone="Asia/Almaty", extractor_version="bench")
    elapsed = cpu = 0.0
    for first in range(0, rows, batch):
        items = [generated(n, rng) for n in range(first, min(rows, first + batch))]
        start, start_cpu = time.perf_counter(), time.process_time()
        writer.write(items)
        elapsed += time.perf_counter() - start
        cpu += time.process_time() - start_cpu
        if first and first % 100_000 == 0:
            print(f"  inserted {first} rows", file=sys.stderr)
    engine.dispose()
    return elapsed, cpu


# Runs a command and prints its peak RSS: getrusage(RUSAGE_CHILDREN) keeps the maximum over every child a
# process ever had, so each measured command gets a fresh parent of its own.
_PEAK = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
         "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)")


def timed(cmd: list[str], stdout: Path) -> tuple[float, float]:
    """Wall seconds and the command's peak RSS in MB."""
    start = time.perf_counter()
    with stdout.open("wb") as out:
        done = subprocess.run([sys.executable, "-c", _PEAK, *cmd], stdout=out, stderr=subprocess.PIPE, check=True)
    elapsed = time.perf_counter() - start
    return elapsed, int(done.stderr.split()[-1]) / 1024


def export_figures(db: Path, rows: int, work: Path) -> dict[str, float]:
    newsbot = [sys.executable, "-m", "newsbot", "export", "--db", str(db), "-o", str(work / "out.jsonl")]
    ours, ours_mb = timed(newsbot, work / "newsbot.log")
    columns = ", ".join(c.name for c in EXPORT_COLUMNS)
    shell, shell_mb = timed(["sqlite3", "-json", str(db), f"SELECT {columns} FROM articles ORDER BY id"],
                            work / "shell.json")
    return {"newsbot_rows_s": rows / ours, "newsbot_peak_mb": ours_mb, "shell_rows_s": rows / shell,
            "shell_peak_mb": shell_mb, "ratio": ours / shell}


def reprocess_archive(work: Path, pages: int) -> tuple[Path, dict[str, float]]:
    """An archive of gov.kz API pages (20 entries each) as a crawl stores them, and its bytes per article."""
    from newsbot.pages import PAGE_PARSERS
    from newsbot.processing import process_item
    from newsbot.sites import get_site

    db = work / "raw.sqlite"
    rng = random.Random(2)
    site = get_site("mfa")
    engine = open_archive(str(db))
    writer = ArchiveWriter(engine, timezone=site.timezone, extractor_version="old")
    for p in range(pages):
        entries = [{"id": p * 20 + i, "title": paragraph(rng, 8), "created_date": "2025-03-14T06:15:00.000+0000",
                    "body": "".join(f"<p style='text-align: justify;'>{paragraph(rng, 40)}</p>" for _ in range(5))}
                   for i in range(20)]
        body = json.dumps(entries, ensure_ascii=False).encode()
        raw = RawPage(url=f"https://www.gov.kz/api/v1/public/content-manager/news?page={p}", status=200,
                      headers={}, body=body, fetched_at=FETCHED, site="mfa", kind="govkz", lang="ru")
        items = PAGE_PARSERS["govkz"](body, url=raw.url, site=site, rules=None, lang="ru", fetched_at=FETCHED)
        for item in items:
            process_item(item, site.timezone)
            item.text += " (old extractor)"
            item.raw = raw
        writer.write(items)
    engine.dispose()
    with sqlite3.connect(db) as conn:
        raw_sql = "SELECT sum(length(body) + length(headers) + length(url)) FROM raw_responses"
        raw_bytes = conn.execute(raw_sql).fetchone()[0]
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db, {"bytes_per_article_with_raw": db.stat().st_size / (pages * 20),
                "raw_bytes_per_article": raw_bytes / (pages * 20)}


def reprocess_seconds(db: Path) -> float:
    """One `newsbot reprocess` run over a copy of the archive, so that every run has the same work to do."""
    copy = db.with_name("reprocess-run.sqlite")
    shutil.copyfile(db, copy)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "newsbot", "reprocess", "--db", str(copy)], check=True,
                   stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    for path in copy.parent.glob(f"{copy.name}*"):
        path.unlink()
    return elapsed


def spread(values: list[float], digits: int = 0) -> str:
    """median (min-max)"""
    return (f"{statistics.median(values):,.{digits}f} ({min(values):,.{digits}f}-{max(values):,.{digits}f})")


def archive_bytes(db: Path, rows: int) -> float:
    size = db.stat().st_size + sum(p.stat().st_size for p in db.parent.glob(f"{db.name}-*"))
    return size / rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="articles in the export archive")
    parser.add_argument("--insert-rows", type=int, default=100_000, help="articles written per insert run")
    parser.add_argument("--pages", type=int, default=200, help="stored API pages for the reprocessing runs")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--parts", default="insert,export,reprocess", help="which figures to measure")
    parser.add_argument("--workdir", type=Path, help="keep the files here (an existing export archive is reused)")
    args = parser.parse_args()
    print(f"{datetime.now(UTC):%Y-%m-%d}, python {sys.version.split()[0]}, sqlite {sqlite3.sqlite_version}, "
          f"{os.cpu_count()} cores; load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="newsbot-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        parts = set(args.parts.split(","))
        if "insert" in parts:
            insert_part(work, args.insert_rows, args.runs)
        if "export" in parts:
            export_part(work, args.rows, args.runs)
        if "reprocess" in parts:
            reprocess_part(work, args.pages, args.runs)
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)


def insert_part(work: Path, rows: int, runs: int) -> None:
    inserts, insert_cpu, replays, unindexed = [], [], [], []
    for run in range(runs):
        statements: list[tuple[str, object, bool] | None] = []
        wall, cpu = build(work / "insert.sqlite", rows, record=statements)
        inserts.append(rows / wall)
        insert_cpu.append(rows / cpu)
        replays.append(rows / replayed(work / "replay.sqlite", statements))
        unindexed.append(rows / replayed(work / "replay-no-fts.sqlite", statements, without_search_index=True))
        for path in [*work.glob("insert.sqlite*"), *work.glob("replay*.sqlite*")]:
            path.unlink()
        print(f"  insert run {run + 1}: {inserts[-1]:,.0f} rows/s; its SQL alone {replays[-1]:,.0f} rows/s, "
              f"without the search index {unindexed[-1]:,.0f} rows/s", file=sys.stderr, flush=True)
    print(f"insert ({rows:,} rows, fresh archive): {spread(inserts)} rows/s, {spread(insert_cpu)} rows per CPU second; "
          f"the same SQL replayed without the writer: {spread(replays)} rows/s, and without the full-text index's "
          f"insert trigger: {spread(unindexed)} rows/s")


def replayed(db: Path, statements: list[tuple[str, object, bool] | None], *,
             without_search_index: bool = False) -> float:
    """Seconds SQLite takes to run the writer's recorded statements (None: a commit) in a fresh archive."""
    open_archive(str(db)).dispose()  # the same schema, indexes, FTS triggers and WAL
    conn = sqlite3.connect(db, isolation_level=None)
    if without_search_index:
        conn.execute("DROP TRIGGER articles_ai")  # the one that feeds articles_fts a new article's title and text
    conn.execute("PRAGMA synchronous = NORMAL")  # as open_archive sets it for every connection
    conn.execute("PRAGMA foreign_keys = ON")
    start = time.perf_counter()
    for statement in statements:  # the writer's own BEGIN (open_archive issues it) among them
        if statement is None:
            conn.execute("COMMIT")
        elif statement[2]:
            conn.executemany(statement[0], statement[1])
        else:
            conn.execute(statement[0], statement[1])
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def export_part(work: Path, rows: int, runs: int) -> None:
    db = work / "archive.sqlite"
    if not db.exists():
        wall, cpu = build(db, rows)
        print(f"insert ({rows:,} rows, once, building the export archive): {rows / wall:,.0f} rows/s, "
              f"{rows / cpu:,.0f} rows per CPU second")
    print(f"archive without raw responses: {archive_bytes(db, rows):,.0f} bytes/article")
    exports = [export_figures(db, rows, work) for _ in range(runs)]
    column = {key: [f[key] for f in exports] for key in exports[0]}
    print(f"export ({rows:,} rows): newsbot {spread(column['newsbot_rows_s'])} rows/s, "
          f"peak {spread(column['newsbot_peak_mb'])} MB; sqlite3 -json {spread(column['shell_rows_s'])} rows/s, "
          f"peak {spread(column['shell_peak_mb'])} MB; newsbot's time / the shell's {spread(column['ratio'], 2)}")


def reprocess_part(work: Path, pages: int, runs: int) -> None:
    raw_db, sizes = reprocess_archive(work, pages)
    seconds = [reprocess_seconds(raw_db) for _ in range(runs)]
    rates = [pages * 20 / s for s in seconds]
    print(f"reprocess ({pages} stored API pages): {spread(rates)} articles/s; "
          f"archive of API pages: {sizes['bytes_per_article_with_raw']:,.0f} bytes/article with raw responses, "
          f"of which the compressed responses are {sizes['raw_bytes_per_article']:,.0f}")


if __name__ == "__main__":
    main()
