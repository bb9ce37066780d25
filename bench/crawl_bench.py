"""Crawl benchmark (run by hand): articles archived per second end to end, peak memory, and our share of the
bare Scrapy ceiling on the same machine, for sites of growing size.

    .venv/bin/python bench/crawl_bench.py --sizes 1000,10000 --runs 5        # the results table in bench/README.md
    .venv/bin/python bench/crawl_bench.py --sizes 100000 --runs 1 --concurrency 16   # growth, the long one
    .venv/bin/python bench/crawl_bench.py --sizes 10000 --runs 1 --concurrency 1 --profile prof.txt   # hot spots

For each size an imitation site (bench/crawl_site.py, its own process) serves N articles behind robots.txt and
sitemaps. For each per-domain concurrency, each run crawls it twice in turn, each in a fresh process:
- `newsbot crawl http://127.0.0.1:PORT/` into a fresh archive (download, extraction, cleaning, dates, storage),
  then the archive must hold exactly N articles;
- the bare Scrapy spider (bench/bare_spider.py) downloading the same sitemaps and pages: the ceiling.
Both with DOWNLOAD_DELAY=0 and AutoThrottle off. Rates are N / Scrapy's elapsed_time_seconds (the crawl
itself); wall seconds add process start-up. Peak RSS comes from /usr/bin/time (each run a process of its own).
Before the crawls, a trivial keep-alive client measures the server's own ceiling, with the server's CPU share.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
NO_DELAYS = ("-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Run:
    crawl_s: float  # Scrapy's elapsed_time_seconds
    wall_s: float  # the process, start-up included
    peak_mb: float
    articles: int
    requests: int
    server_cpu: float  # the server's CPU seconds / wall seconds during the run
    cpu_s: float  # the crawl process's user + system CPU seconds, start-up included
    archive_bytes: int = 0  # the archive's files after the run (newsbot only)

    @property
    def rate(self) -> float:
        return self.articles / self.crawl_s


@dataclass
class Cell:
    """The runs of one crawler at one size and concurrency."""

    runs: list[Run] = field(default_factory=list)

    def spread(self, value: str) -> tuple[float, float, float]:
        """Median, min and max of a Run attribute."""
        values = [getattr(run, value) for run in self.runs]
        return statistics.median(values), min(values), max(values)


def server_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


@contextmanager
def imitation(size: int, pages: str) -> Iterator[tuple[str, int]]:
    """The site in a process of its own: (origin, pid)."""
    proc = subprocess.Popen([sys.executable, str(BENCH / "crawl_site.py"), "--size", str(size), "--pages", pages],
                            stdout=subprocess.PIPE, text=True)
    try:
        origin = proc.stdout.readline().strip() if proc.stdout else ""
        if not origin.startswith("http://"):
            raise SystemExit(f"the imitation site did not start (exit {proc.poll()})")
        yield origin, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=10)


async def _client(origin: str, connections: int, requests: int, size: int) -> float:
    """Seconds for `requests` article GETs over `connections` keep-alive connections."""
    host, port = origin.removeprefix("http://").split(":")
    per_connection = requests // connections

    async def one(k: int) -> None:
        reader, writer = await asyncio.open_connection(host, int(port))
        for i in range(per_connection):
            n = (k * per_connection + i) % size
            writer.write(f"GET /news/{n}/ HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
            await reader.readexactly(length)
        writer.close()

    start = time.perf_counter()
    await asyncio.gather(*(one(k) for k in range(connections)))
    return time.perf_counter() - start


def server_ceiling(origin: str, pid: int, size: int, connections: int, requests: int = 6000) -> tuple[float, float]:
    """Requests/s a trivial Python client gets from the server, and the server's CPU share meanwhile."""
    cpu = server_cpu_seconds(pid)
    seconds = asyncio.run(_client(origin, connections, requests, size))
    return requests / seconds, (server_cpu_seconds(pid) - cpu) / seconds


def timed(cmd: list[str], pid: int, log: Path) -> tuple[float, float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds of a command, with the server's CPU share while it ran."""
    measure = log.with_suffix(".time")
    cpu = server_cpu_seconds(pid)
    with log.open("w") as out:
        done = subprocess.run(["/usr/bin/time", "-f", "%e %M %U %S", "-o", str(measure), *cmd], stdout=out,
                              stderr=subprocess.STDOUT, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"{cmd[2:4]} failed ({done.returncode}); its output is in {log}")
    wall, peak_kb, user, system = measure.read_text().split()[-4:]
    server = (server_cpu_seconds(pid) - cpu) / float(wall)
    return float(wall), int(peak_kb) / 1024, float(user) + float(system), server


def newsbot_run(origin: str, pid: int, size: int, concurrency: int, work: Path, profile: Path | None,
                overrides: tuple[str, ...] = ()) -> Run:
    db = work / f"archive-{time.monotonic_ns()}.sqlite"
    run = [sys.executable, "-m", "newsbot"]
    if profile is not None:
        # A 5 ms sampling interval keeps the profiler's own cost small next to the crawl's.
        run = [sys.executable, "-m", "pyinstrument", "-i", "0.005", "-r", "pyisession", "-o",
               str(profile.with_suffix(".pyisession")), "-m", "newsbot"]
    cmd = [*run, "crawl", f"{origin}/", "--db", str(db), *NO_DELAYS,
           "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={concurrency}", *(f"--set={o}" for o in overrides)]
    wall, peak, cpu, server = timed(cmd, pid, work / "newsbot.log")
    with sqlite3.connect(db) as conn:
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        stats = json.loads(conn.execute("SELECT stats FROM crawl_runs ORDER BY id DESC").fetchone()[0])
    if articles != size:
        raise SystemExit(f"newsbot archived {articles} articles of {size}; see {work / 'newsbot.log'}")
    files = list(work.glob(f"{db.name}*"))
    archive_bytes = sum(path.stat().st_size for path in files)
    for path in files:
        path.unlink()
    return Run(stats["elapsed_time_seconds"], wall, peak, articles, stats["downloader/request_count"], server, cpu,
               archive_bytes)


def bare_run(origin: str, pid: int, size: int, concurrency: int, work: Path) -> Run:
    stats_file = work / "bare-stats.json"
    cmd = [sys.executable, str(BENCH / "bare_spider.py"), origin, "--stats", str(stats_file), *NO_DELAYS,
           "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={concurrency}", "-s", "LOG_LEVEL=WARNING"]
    wall, peak, cpu, server = timed(cmd, pid, work / "bare.log")
    stats = json.loads(stats_file.read_text())
    pages = stats.get("bare/pages", 0)
    if pages != size:
        raise SystemExit(f"the bare spider downloaded {pages} articles of {size}; see {work / 'bare.log'}")
    return Run(stats["elapsed_time_seconds"], wall, peak, pages, stats["downloader/request_count"], server, cpu)


def load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def versions() -> str:
    import scrapy
    import sqlalchemy

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.machine())
    return (f"{datetime.now(UTC):%Y-%m-%d}, {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
            f"Scrapy {scrapy.__version__}, SQLAlchemy {sqlalchemy.__version__}, SQLite {sqlite3.sqlite_version}")


def fmt(spread: tuple[float, float, float], digits: int = 0) -> str:
    median, low, high = spread
    return f"{median:,.{digits}f} ({low:,.{digits}f}-{high:,.{digits}f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000", help="articles on the site, comma-separated")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--concurrency", default="1,16", help="CONCURRENT_REQUESTS_PER_DOMAIN values")
    parser.add_argument("--pages", choices=("theme", "generic", "mix"), default="theme",
                        help="article pages read by theme selectors, by the generic path, or both")
    parser.add_argument("--profile", type=Path, help="profile one newsbot crawl with pyinstrument (text report)")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare Scrapy reference")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a setting for newsbot's crawls (NEWSBOT_PAGE_PROCESSES=0: no page pool)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    concurrencies = [int(c) for c in args.concurrency.split(",")]
    print(versions())
    results: dict[tuple[int, int, str], Cell] = {}
    with tempfile.TemporaryDirectory(prefix="newsbot-crawl-bench-") as tmp:
        work = Path(tmp)
        for size in sizes:
            with imitation(size, args.pages) as (origin, pid):
                for connections in concurrencies:
                    rate, cpu = server_ceiling(origin, pid, size, connections)
                    print(f"server ceiling, {connections} connection(s): {rate:,.0f} requests/s "
                          f"(server CPU {cpu:.0%}; {load()})", flush=True)
                if args.profile:
                    run = newsbot_run(origin, pid, size, concurrencies[0], work, args.profile, tuple(args.set))
                    session = str(args.profile.with_suffix(".pyisession"))
                    with args.profile.open("w") as out:  # newsbot's code, then everything (Scrapy, Twisted)
                        for shown in ([], ["--show-all"]):
                            subprocess.run([sys.executable, "-m", "pyinstrument", "--load", session, "-r", "text",
                                            "--no-color", *shown], stdout=out, check=True)
                    print(f"profiled crawl: {run.rate:,.0f}/s; profile in {args.profile} (session {session})")
                    continue
                for concurrency in concurrencies:
                    for i in range(args.runs):
                        for who in ("newsbot", "bare"):
                            if who == "bare" and args.no_bare:
                                continue
                            run = (newsbot_run(origin, pid, size, concurrency, work, None, tuple(args.set))
                                   if who == "newsbot" else bare_run(origin, pid, size, concurrency, work))
                            results.setdefault((size, concurrency, who), Cell()).runs.append(run)
                            print(f"  {size} articles, concurrency {concurrency}, {who} run {i + 1}: "
                                  f"{run.rate:,.0f}/s, crawl {run.crawl_s:.1f} s, wall {run.wall_s:.1f} s, "
                                  f"CPU {run.cpu_s:.1f} s, "
                                  f"peak {run.peak_mb:.0f} MB, server CPU {run.server_cpu:.0%} ({load()})", flush=True)
    if results:
        report(results, sizes, concurrencies, args.runs)


def ratios(top: Cell, bottom: Cell, value: str) -> tuple[float, float, float]:
    """Median, min and max of top/bottom over the run pairs (newsbot run i and bare run i ran in turn)."""
    values = [getattr(t, value) / getattr(b, value) for t, b in zip(top.runs, bottom.runs, strict=True)]
    return statistics.median(values), min(values), max(values)


def report(results: dict[tuple[int, int, str], Cell], sizes: list[int], concurrencies: list[int], runs: int) -> None:
    print(f"\nmedian (min-max) of {runs} run(s). Rates: articles per crawl second (Scrapy's elapsed time). "
          "Share: newsbot's rate / the bare spider's; CPU share: the bare spider's CPU seconds / newsbot's, "
          "whole processes, the steadier figure on a shared machine.\n")
    print("| articles | concurrency | newsbot articles/s | bare Scrapy pages/s | share | CPU share "
          "| newsbot CPU ms/article | newsbot peak MB | bare peak MB | newsbot wall s | archive bytes/article |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in sizes:
        for concurrency in concurrencies:
            ours = results.get((size, concurrency, "newsbot"))
            bare = results.get((size, concurrency, "bare"))
            if ours is None:
                continue
            share = fmt(ratios(ours, bare, "rate"), 2) if bare else "-"
            cpu_share = fmt(ratios(bare, ours, "cpu_s"), 2) if bare else "-"
            per_article = [1000 * r.cpu_s / r.articles for r in ours.runs]
            print(f"| {size:,} | {concurrency} | {fmt(ours.spread('rate'))} | "
                  f"{fmt(bare.spread('rate')) if bare else '-'} | {share} | {cpu_share} | "
                  f"{fmt((statistics.median(per_article), min(per_article), max(per_article)), 2)} | "
                  f"{fmt(ours.spread('peak_mb'))} | {fmt(bare.spread('peak_mb')) if bare else '-'} | "
                  f"{fmt(ours.spread('wall_s'), 1)} | {ours.runs[0].archive_bytes / size:,.0f} |")


if __name__ == "__main__":
    main()
