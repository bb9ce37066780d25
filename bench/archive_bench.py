"""Archive benchmark (run by hand): insert, export and reprocessing rates, memory, bytes per article.

    .venv/bin/python bench/archive_bench.py --rows 1000000      # the issue's size; --rows 100000 for a quick look

Builds a generated archive in a temporary folder (or --workdir) through the real ArchiveWriter, then
- times `newsbot export` of every row to a file in a subprocess (rows/s, peak RSS), against the sqlite3
  shell's own JSON output of the same columns (`sqlite3 -json`), the speed limit for this job;
- times `newsbot reprocess` over a second archive whose articles come from stored gov.kz API pages;
- reports the archive's bytes per article with and without the raw responses.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

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
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def generated(n: int, rng: random.Random) -> Article:
    text = "\n\n".join(paragraph(rng, rng.randint(25, 60)) for _ in range(rng.randint(3, 7)))
    lang = ("kk", "ru", "en")[n % 3]
    return Article(
        site="mfa", lang=lang, url=f"https://www.gov.kz/memleket/entities/mfa/press/news/details/{n // 3}?lang={lang}",
        title=paragraph(rng, 8), text=text, html="".join(f"<p>{p}</p>" for p in text.split("\n\n")),
        published_at=FETCHED - timedelta(minutes=n), published_raw="x", published_source="api:created_date",
        fetched_at=FETCHED, translation_key=f"govkz:{n // 3}", source_id=str(n // 3),
    )


def build(db: Path, rows: int, batch: int = 2000) -> float:
    """Seconds spent in ArchiveWriter.write (generating the articles is not counted)."""
    rng = random.Random(1)
    engine = open_archive(str(db))
    writer = ArchiveWriter(engine, timezone="Asia/Almaty", extractor_version="bench")
    elapsed = 0.0
    for first in range(0, rows, batch):
        items = [generated(n, rng) for n in range(first, min(rows, first + batch))]
        start = time.perf_counter()
        writer.write(items)
        elapsed += time.perf_counter() - start
        if first and first % 100_000 == 0:
            print(f"  inserted {first} rows", file=sys.stderr)
    engine.dispose()
    return elapsed


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


def reprocess_figures(work: Path, pages: int) -> dict[str, float]:
    """An archive of gov.kz API pages (20 entries each) as a crawl stores them, then `newsbot reprocess`."""
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
        items = PAGE_PARSERS["govkz"](body, url=raw.url, site=site, lang="ru", fetched_at=FETCHED)
        for item in items:
            process_item(item, site.timezone)
            item.text += " (old extractor)"
            item.raw = raw
        writer.write(items)
    engine.dispose()
    with_raw = db.stat().st_size
    with sqlite3.connect(db) as conn:
        raw_sql = "SELECT sum(length(body) + length(headers) + length(url)) FROM raw_responses"
        raw_bytes = conn.execute(raw_sql).fetchone()[0]
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "newsbot", "reprocess", "--db", str(db)], check=True,
                   stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    return {"pages_s": pages / elapsed, "articles_s": pages * 20 / elapsed,
            "bytes_per_article_with_raw": with_raw / (pages * 20),
            "raw_bytes_per_article": raw_bytes / (pages * 20)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--pages", type=int, default=500, help="stored API pages for the reprocessing run")
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="newsbot-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / "archive.sqlite"
    try:
        if not db.exists():
            seconds = build(db, args.rows)
            print(f"insert: {args.rows} rows in {seconds:.1f} s = {args.rows / seconds:,.0f} rows/s")
        size = db.stat().st_size + sum(p.stat().st_size for p in work.glob("archive.sqlite-*"))
        print(f"archive without raw responses: {size / args.rows:,.0f} bytes/article ({size / 2**20:,.0f} MiB)")
        figures = export_figures(db, args.rows, work)
        print(f"export: newsbot {figures['newsbot_rows_s']:,.0f} rows/s, peak {figures['newsbot_peak_mb']:.0f} MB; "
              f"sqlite3 -json {figures['shell_rows_s']:,.0f} rows/s, peak {figures['shell_peak_mb']:.0f} MB; "
              f"newsbot takes {figures['ratio']:.2f}x the shell's time")
        re = reprocess_figures(work, args.pages)
        print(f"reprocess: {re['pages_s']:,.1f} stored pages/s = {re['articles_s']:,.0f} articles/s; "
              f"archive of API pages: {re['bytes_per_article_with_raw']:,.0f} bytes/article with raw responses, "
              f"of which the compressed responses are {re['raw_bytes_per_article']:,.0f}")
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    print(f"python {sys.version.split()[0]}, sqlite {__import__('sqlite3').sqlite_version}, "
          f"{os.cpu_count()} cores, {datetime.now(UTC):%Y-%m-%d}")


if __name__ == "__main__":
    main()
