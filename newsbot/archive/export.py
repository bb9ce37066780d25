"""Reading articles out of the archive as plain records, streamed in constant memory."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, BinaryIO

import orjson
from sqlalchemy import Engine, LargeBinary, Select, Text, func, select, type_coerce
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from newsbot.archive.schema import UTCDateTime, articles, sites

# Bookkeeping that means nothing outside the archive.
INTERNAL_COLUMNS = {"content_hash", "raw_response_id", "last_run_id"}
EXPORT_COLUMNS = [c for c in articles.c if c.name not in INTERNAL_COLUMNS]
# What a reader wants beside the article's own columns: its local publication day and its site's title.
DERIVED_COLUMNS = [func.substr(articles.c.published_local, 1, 10).label("published_date_local"),
                   sites.c.title.label("site_title")]
# Every field of an exported record, in order.
RECORD_FIELDS = [str(c.name) for c in EXPORT_COLUMNS] + [str(c.name) for c in DERIVED_COLUMNS]
# Instants are stored as ISO 8601 text with offset already: read as text, not parsed and printed again.
INSTANT_FIELDS = frozenset(c.name for c in EXPORT_COLUMNS if isinstance(c.type, UTCDateTime))
_SELECTED = [type_coerce(c, Text).label(c.name) if c.name in INSTANT_FIELDS else c for c in EXPORT_COLUMNS]


class utf8_bytes(FunctionElement[bytes]):
    """A text value as its UTF-8 bytes: CAST AS BLOB on SQLite; on PostgreSQL convert_to, because its cast to
    bytea reads backslashes as escapes."""

    type = LargeBinary()
    inherit_cache = True


@compiles(utf8_bytes)
def _utf8_bytes_cast(element: utf8_bytes, compiler: Any, **kw: Any) -> str:
    return f"CAST({compiler.process(element.clauses, **kw)} AS BLOB)"


@compiles(utf8_bytes, "postgresql")
def _utf8_bytes_postgresql(element: utf8_bytes, compiler: Any, **kw: Any) -> str:
    return f"convert_to({compiler.process(element.clauses, **kw)}, 'UTF8')"


# The same, every text column as its UTF-8 bytes: for a writer that wants bytes anyway (Parquet, CSV), this skips
# decoding each text in Python and encoding it again.
_SELECTED_BYTES = [type_coerce(utf8_bytes(c), LargeBinary).label(c.name)
                   if isinstance(c.type, Text | UTCDateTime) and c.name != "categories" else c
                   for c in (*_SELECTED, *DERIVED_COLUMNS)]


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


def iter_records(engine: Engine, where: ExportFilter, *, batch: int = 1000, text_as_bytes: bool = False
                 ) -> Iterator[dict[str, Any]]:
    """Records in id order; TEXT_AS_BYTES: text values as UTF-8 bytes (categories still a list)."""
    columns = _SELECTED_BYTES if text_as_bytes else [*_SELECTED, *DERIVED_COLUMNS]
    query = (where.apply(select(*columns))
             .select_from(articles.outerjoin(sites, sites.c.name == articles.c.site)).order_by(articles.c.id))
    names = RECORD_FIELDS  # plain str keys (orjson wants exactly str)
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=batch).execute(query)
        for row in result:
            record = dict(zip(names, row, strict=True))
            record["categories"] = orjson.loads(record["categories"] or "[]")
            yield record


# Characters that JSON allows raw but that many line readers (Python's splitlines, JavaScript) take for a
# line break: escaped, so that one record is always exactly one line.
_LINE_BREAKERS = ((b"\xe2\x80\xa8", b"\\u2028"), (b"\xe2\x80\xa9", b"\\u2029"), (b"\xc2\x85", b"\\u0085"))


def json_line(record: dict[str, Any]) -> bytes:
    """One record as one line of UTF-8 JSON (orjson: datetimes as ISO 8601 with offset, control chars escaped)."""
    line = orjson.dumps(record)
    for raw, escaped in _LINE_BREAKERS:
        if raw in line:
            line = line.replace(raw, escaped)
    return line


def write_lines(lines: Iterable[bytes], out: BinaryIO, *, end: bytes, chunk: int = 500) -> int:
    """Each line and its `end`, a chunk of lines a write (one write a line costs a fifth of an export's time);
    returns the count of lines."""
    count = 0
    pending: list[bytes] = []
    for line in lines:
        pending.append(line)
        count += 1
        if len(pending) >= chunk:
            out.write(end.join(pending) + end)
            pending.clear()
    if pending:
        out.write(end.join(pending) + end)
    return count


def write_jsonl(records: Iterable[dict[str, Any]], out: BinaryIO) -> int:
    return write_lines(map(json_line, records), out, end=b"\n")
