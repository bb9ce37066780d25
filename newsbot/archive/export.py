"""Reading articles out of the archive as plain records, streamed in constant memory."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TextIO

from sqlalchemy import Engine, Select, func, select

from newsbot.archive.schema import articles

# Bookkeeping that means nothing outside the archive.
INTERNAL_COLUMNS = {"content_hash", "raw_response_id", "last_run_id"}
EXPORT_COLUMNS = [c for c in articles.c if c.name not in INTERNAL_COLUMNS]


@dataclass(frozen=True)
class ExportFilter:
    site: str | None = None
    lang: str | None = None
    since: datetime | None = None  # published at or after
    until: datetime | None = None  # published before
    changed_since: datetime | None = None  # new or changed at or after

    def apply(self, query: Select[Any]) -> Select[Any]:
        if self.site:
            query = query.where(articles.c.site == self.site)
        if self.lang:
            query = query.where(articles.c.lang == self.lang)
        if self.since:
            query = query.where(articles.c.published_at >= self.since)
        if self.until:
            query = query.where(articles.c.published_at < self.until)
        if self.changed_since:
            query = query.where(articles.c.updated_at >= self.changed_since)
        return query


def count_records(engine: Engine, where: ExportFilter) -> int:
    with engine.connect() as conn:
        return conn.execute(where.apply(select(func.count()).select_from(articles))).scalar_one()


def iter_records(engine: Engine, where: ExportFilter, *, batch: int = 1000) -> Iterator[dict[str, Any]]:
    query = where.apply(select(*EXPORT_COLUMNS)).order_by(articles.c.id)
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


# Characters that JSON allows raw but that many line readers (Python's splitlines, JavaScript) take for a
# line break: escaped, so that one record is always exactly one line.
_LINE_BREAKERS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def write_jsonl(records: Iterator[dict[str, Any]], out: TextIO) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False, default=_json_default).translate(_LINE_BREAKERS))
        out.write("\n")
        count += 1
    return count
