"""Incremental-run benchmark (run by hand): requests and seconds with k new articles against a full re-crawl.

    .venv/bin/python bench/incremental_bench.py                 # a site of 10,000; --size N for a quick look

Serves a generated gov.kz site (one language, --size entries, all published over a month ago, so the re-check
window holds none) from the test imitation (tests/govkz_server.py) with no delays, crawls it once into a
fresh archive, then for k = 0, 1, 10, 100 publishes k new entries and times an incremental `newsbot crawl`
(a subprocess, start-up included), and last a full re-crawl (`--backfill`). Requests are what the server
saw (robots.txt included).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from govkz_server import GovKzImitation  # noqa: E402

FAST = ("-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0")
START = datetime(2026, 10, 1, tzinfo=UTC)


def api_date(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.000+0000")


def entry(n: int, when: datetime) -> dict:
    text = " ".join(f"Сөйлем {n} нөмірі {i}: министрлік кездесу өткізді." for i in range(8))
    return {"id": 100000 + n, "title": f"Хабар {n}", "body": f"<p>{text}</p>", "created_date": api_date(when),
            "short_description": f"Хабар {n}", "projects": ["bench"]}


def generate(folder: Path, size: int) -> None:
    (folder / "bench").mkdir(parents=True)
    entries = [entry(n, START - timedelta(hours=n)) for n in range(size)]  # newest first
    (folder / "bench" / "kk.json").write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")


def run(api: GovKzImitation, db: Path, *extra: str) -> tuple[int, float, str]:
    api.reset_requests()
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "newsbot", "crawl", "govkz:bench", "--lang", "kk", "--base-url", api.url,
         "--db", str(db), *FAST, *extra], capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"crawl failed ({result.returncode}): {result.stderr[-2000:]}")
    return len(api.requests), seconds, result.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate(folder / "fixtures", args.size)
        api = GovKzImitation(fixtures=folder / "fixtures")
        api.thread.start()
        db = folder / "archive.sqlite"
        rows = []
        try:
            rows.append(("first crawl (empty archive)", *run(api, db)))
            published = 0
            for k in (0, 1, 10, 100):
                for _ in range(k):
                    published += 1
                    api.publish("bench", "kk", entry(args.size + published,
                                                     datetime.now(UTC) - timedelta(minutes=200 - published)))
                rows.append((f"incremental, k = {k}", *run(api, db)))
            rows.append(("full re-crawl (--backfill)", *run(api, db, "--backfill")))
        finally:
            api.server.shutdown()
            api.server.server_close()
    print(f"site of {args.size} entries, 20 per list page, no server delay\n")
    print("| run | requests | seconds | summary |")
    print("|---|---:|---:|---|")
    for name, requests, seconds, summary in rows:
        print(f"| {name} | {requests} | {seconds:.1f} | {summary.split(': ', 1)[-1]} |")


if __name__ == "__main__":
    main()
