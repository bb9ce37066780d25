"""`newsbot extract` batch benchmark (run by hand): N saved pages in one call against one call per page.

    git clone -q /work/.mirror/flairNLP+fundus/repo /tmp/corpora/fundus          # and newspaper4k alike
    .venv/bin/python bench/extract_batch_bench.py /tmp/corpora/fundus /tmp/corpora/newspaper4k
    .venv/bin/python bench/extract_batch_bench.py ... --pages 1000 --calls 40 --runs 3

The pages: this repository's fixtures (tests/fixtures/pages, the bad ones included) and the real pages of the
clones given (Fundus's per-publisher test pages with their URLs from meta.info; newspaper4k's test pages with
the URL they declare), written --pages times round-robin into a temporary folder (never into this repository)
with a PATH<TAB>URL map. It times `newsbot extract FOLDER --urls map.tsv --jobs J` for each J of --jobs (--runs
times each, the median), and
--calls single calls `newsbot extract FILE --url URL` on pages spread over the set, whose mean, times --pages,
estimates one call per page (a thousand real calls would take half an hour on this machine). Each single call's
record must equal the batch's line for that page.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsbot.pages.declared_url import declared_url  # noqa: E402

NEWSBOT = str(Path(sys.executable).with_name("newsbot"))
FETCHED = "2026-12-01T00:00:00+00:00"


def fixture_pages() -> Iterator[tuple[str, bytes, str]]:
    for page in sorted((ROOT / "tests/fixtures/pages").rglob("*.html")):
        expected = page.with_name(page.stem + ".expected.json")
        if expected.exists():
            yield f"fixture-{page.parent.name}-{page.stem}", page.read_bytes(), json.loads(expected.read_text())["url"]


def fundus_pages(clone: Path) -> Iterator[tuple[str, bytes, str]]:
    for meta_file in sorted((clone / "tests/resources/parser/test_data").glob("*/meta.info")):
        meta = json.loads(meta_file.read_text())
        for name, entry in sorted(meta.items()):
            page = meta_file.parent / name
            if page.exists():
                yield f"fundus-{meta_file.parent.name}-{name.removesuffix('.html.gz')}", \
                    gzip.decompress(page.read_bytes()), entry["url"]


def newspaper4k_pages(clone: Path) -> Iterator[tuple[str, bytes, str]]:
    for page in sorted((clone / "tests/data/html").glob("*.html")):
        body = page.read_bytes()
        yield f"newspaper4k-{page.stem}", body, declared_url(body) or f"https://newspaper4k.example/{page.stem}"


def sources(clones: list[Path]) -> list[tuple[str, bytes, str]]:
    found = list(fixture_pages())
    for clone in clones:
        if (clone / "tests/resources/parser/test_data").is_dir():
            found += fundus_pages(clone)
        elif (clone / "tests/data/html").is_dir():
            found += newspaper4k_pages(clone)
        else:
            sys.exit(f"{clone}: neither a Fundus nor a newspaper4k clone")
    return found


def lay_out(folder: Path, found: list[tuple[str, bytes, str]], count: int) -> list[tuple[Path, str]]:
    pages = []
    for index in range(count):
        name, body, url = found[index % len(found)]
        path = folder / f"{index:05d}_{name}.html"
        path.write_bytes(body)
        pages.append((path, url))
    (folder / "map.tsv").write_text("".join(f"{p.name}\t{u}\n" for p, u in pages), encoding="utf-8")
    return pages


def run(argv: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(argv)} exited {done.returncode}: {done.stderr}")
    return elapsed, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("clones", nargs="*", type=Path, help="Fundus and newspaper4k clones")
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--calls", type=int, default=40, help="single calls timed (spread over the pages)")
    parser.add_argument("--runs", type=int, default=3, help="batch runs (median)")
    parser.add_argument("--jobs", default="1,2", help="the batch's --jobs values to time, comma-separated")
    args = parser.parse_args()
    found = sources(args.clones)
    with tempfile.TemporaryDirectory(prefix="extract-batch-") as work:
        folder = Path(work)
        pages = lay_out(folder, found, args.pages)
        batch_times: dict[int, list[float]] = {}
        outputs = set()
        for jobs in map(int, args.jobs.split(",")):
            for _ in range(args.runs):
                elapsed, output = run([NEWSBOT, "extract", str(folder), "--urls", str(folder / "map.tsv"),
                                       "--fetched-at", FETCHED, "--jobs", str(jobs)])
                batch_times.setdefault(jobs, []).append(elapsed)
                outputs.add(output)
        assert len(outputs) == 1, "the batch's lines differ between runs or --jobs values"
        records = {Path(r.pop("path")).name: r for r in map(json.loads, output.splitlines())}
        assert len(records) == len(pages), (len(records), len(pages))
        single_times = []
        step = max(1, len(pages) // args.calls)
        for path, url in pages[::step][: args.calls]:
            elapsed, out = run([NEWSBOT, "extract", str(path), "--url", url, "--fetched-at", FETCHED])
            single_times.append(elapsed)
            single, batch = json.loads(out), records[path.name]
            assert single == batch, f"{path.name}: the single call and the batch differ"
    ok = sum(r["ok"] for r in records.values())
    per_call = statistics.mean(single_times)
    print(f"pages: {len(pages)} ({len(found)} distinct: {sum(1 for n, _, _ in found if n.startswith('fixture'))}"
          f" fixtures, the rest from {', '.join(c.name for c in args.clones) or 'no clone'}); {ok} articles, "
          f"{len(records) - ok} failed")
    print(f"one call per page: {per_call:.3f} s mean of {len(single_times)} calls "
          f"({min(single_times):.3f}-{max(single_times):.3f}); x{len(pages)} = {per_call * len(pages):.0f} s")
    for jobs, times in batch_times.items():
        batch = statistics.median(times)
        print(f"one batch call, --jobs {jobs}: {batch:.1f} s median of {args.runs} ({min(times):.1f}-{max(times):.1f}),"
              f" {len(pages) / batch:.1f} pages/s; {per_call * len(pages) / batch:.1f}x faster than a call per page")


if __name__ == "__main__":
    main()
