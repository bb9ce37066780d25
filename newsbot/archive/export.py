"""Reading articles out of the archive as plain records, streamed in constant memory."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any, TextIO

from sqlalchemy import Engine, select

from newsbot.archive.schema import articles

# Bookkeeping that means nothing outside the archive.
INTERNAL_COLUMNS = {"content_hash"}
EXPORT_COLUMNS = [c for c in articles.c if c.name not in INTERNAL_COLUMNS]


def iter_records(
    engine: Engine,
    *,
    site: str | None = None,
    lang: str | None = None,
    since: datetime | None = None,
    batch: int = 1000,
) -> Iterator[dict[str, Any]]:
    query = select(*EXPORT_COLUMNS).order_by(articles.c.id)
    if site:
        query = query.where(articles.c.site == site)
    if lang:
        query = query.where(articles.c.lang == lang)
    if since:
        query = query.where(articles.c.published_at >= since)
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=batch).execute(query)
        for row in result.mappings():
            record = dict(row)
            record["categories"] = json.loads(record["categories"] or "[]")
            yield record


def _json_default(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def write_jsonl(records: Iterator[dict[str, Any]], out: TextIO) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False, default=_json_default))
        out.write("\n")
        count += 1
    return count
