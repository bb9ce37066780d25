"""The export writers in-process, on generated articles (run by hand): CPU seconds of the csv module's writer,
newsbot's CSV writer (text as str and as UTF-8 bytes, as export reads it) and JSON lines, on the same records.

    .venv/bin/python bench/export_writers_bench.py --records 20000

Each writer's output is checked: newsbot's CSV must be byte for byte the csv module's.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import time
from collections.abc import Callable
from typing import Any

import orjson

from newsbot.archive.export import write_jsonl
from newsbot.archive.formats import write_csv

# Words with every character CSV must quote, and Cyrillic and Kazakh letters, as article texts hold them.
WORDS = ["Астана", "министр", "visit", '"quoted"', "a,b", "line\nbreak", "Қазақстан", "text", "\r\n", "«ел»"]


def records(count: int, seed: int = 1) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    made = []
    for i in range(count):
        text = " ".join(rng.choice(WORDS) for _ in range(800))
        made.append({"id": i, "url": f"https://www.gov.kz/x/{i}", "title": f"Title, with comma {i}", "text": text,
                     "html": f'<p class="x">{text}</p>', "summary": None,
                     "published_at": "2025-01-01T10:00:00+05:00", "categories": ["a", "b"], "short": False})
    return made


def csv_module(rows: list[dict[str, Any]], out: io.BytesIO) -> int:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(rows[0].keys())
    for row in rows:
        writer.writerow([orjson.dumps(v).decode() if isinstance(v, list) else ("true" if v else "false")
                         if isinstance(v, bool) else v for v in row.values()])
    text.flush()
    text.detach()
    return len(rows)


def timed(write: Callable[[Any, io.BytesIO], int], rows: Any) -> tuple[float, bytes]:
    out = io.BytesIO()
    started = time.process_time()
    write(rows, out)
    return time.process_time() - started, out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=20_000)
    args = parser.parse_args()
    rows = records(args.records)
    as_bytes = [{k: v.encode() if isinstance(v, str) else v for k, v in row.items()} for row in rows]
    reference_seconds, reference = timed(csv_module, rows)
    print(f"csv module:            {reference_seconds:6.2f} s CPU, {len(reference):,} bytes")
    for name, write, given in (("newsbot csv (str)", write_csv, rows), ("newsbot csv (bytes)", write_csv, as_bytes)):
        seconds, data = timed(write, given)
        print(f"{name + ':':22} {seconds:6.2f} s CPU, {'same bytes' if data == reference else 'DIFFERENT BYTES'}")
    seconds, data = timed(lambda r, out: write_jsonl(iter(r), out), rows)
    print(f"json lines:            {seconds:6.2f} s CPU, {len(data):,} bytes")


if __name__ == "__main__":
    main()
