"""Size faults: pages over the limits, compression bombs, huge text, many paragraphs. Real crawls through the
real CLI of the fault server (tests/fault_server.py); docs/faults.md lists the designed outcome of each."""

from __future__ import annotations

from pathlib import Path

from fault_crawl import last_run, no_traceback
from fault_site import crawl
from site_helpers import query

GOOD = "/article/newspaper/ru_tagdiv"
MiB = 1024 * 1024
# A smaller DOWNLOAD_MAXSIZE than the product's 32 MiB keeps the test quick; the bombs inflate to 64 MiB.
LIMITS = ("-s", f"DOWNLOAD_MAXSIZE={8 * MiB}", "-s", "DOWNLOAD_TIMEOUT=20")


def test_pages_over_the_size_limits_and_compression_bombs_are_skipped(run_newsbot, faults, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "a.sqlite"
    over = [f"/big/{framing}/{10 * MiB}" for framing in ("length", "chunked", "close")]
    bombs = [f"/bomb/{encoding}" for encoding in ("gzip", "deflate", "br")]
    # Under DOWNLOAD_MAXSIZE but over NEWSBOT_MAX_ARTICLE_BYTES (4 MiB): a 6 MB text node is not read at all.
    text_node = "/text-node/6000000"
    result = crawl(run_newsbot, faults.listing(GOOD, *over, *bombs, text_node), db, *LIMITS)
    assert result.returncode == 0, result.stderr  # pages that are what they are: dropped, not errors
    assert query(db, "select url from articles") == [(faults.url + GOOD,)]
    assert all(faults.paths().count(path) == 1 for path in [*over, *bombs])  # not retried
    run = last_run(db)
    assert run["dropped_by_reason"] == {"too-large": 7} and run["errors"] == 0
    for path in [*over, *bombs]:
        assert f"{faults.url}{path}: skipped, larger than 8 MiB (DOWNLOAD_MAXSIZE)" in result.stderr
    assert (f"{faults.url}{text_node}: skipped, 5.7 MiB, more than an article page may be (4 MiB, "
            "NEWSBOT_MAX_ARTICLE_BYTES)") in result.stderr
    assert result.stderr.count("\n") == 7  # one line each, no Scrapy warnings beside them
    assert no_traceback(result.stderr)


def test_a_megabyte_text_node_and_30000_paragraphs_are_stored_whole(run_newsbot, faults, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "a.sqlite"
    result = crawl(run_newsbot, faults.listing("/paragraphs/30000", "/text-node/1000000"), db, *LIMITS)
    assert result.returncode == 0, result.stderr
    ((paragraphs,),) = query(db, "select text from articles where url like '%/paragraphs/%'")
    assert paragraphs.split("\n\n") == [f"Абзац {i}." for i in range(30000)]  # every one, in order
    ((node,),) = query(db, "select text from articles where url like '%/text-node/%'")
    words = "Сөз мәтін текст. "
    assert node == (words * (1000000 // len(words.encode()))).strip()
    assert no_traceback(result.stderr)
