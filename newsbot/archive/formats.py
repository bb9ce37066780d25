"""Export formats: each writer takes records and an already-open binary stream, and returns the count written.

JSON lines is in export.py (the search command shares it); CSV and Parquet are here. The Parquet writer needs
pyarrow (the `newsbot[parquet]` extra), imported only when it runs.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, BinaryIO

import orjson
from sqlalchemy import Boolean, Integer

from newsbot.archive.export import DERIVED_COLUMNS, EXPORT_COLUMNS, INSTANT_FIELDS, write_jsonl


class MissingWriterError(Exception):
    """The format needs a package that is not installed; the message says which."""


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    return orjson.dumps(value).decode()


def write_csv(records: Iterable[dict[str, Any]], out: BinaryIO) -> int:
    """RFC 4180 CSV with a header row, UTF-8; lists as JSON text, booleans as true/false, null as empty."""
    # Its own buffer (not write_through): a row is one small write, and a million of them through to the stream
    # cost a fifth of the export time.
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    try:
        writer = csv.writer(text, lineterminator="\r\n")
        count = 0
        special: list[int] = []  # the columns that are lists or booleans: the csv module writes the rest itself
        for record in records:
            values = list(record.values())
            if not count:
                writer.writerow(record.keys())
                special = [i for i, value in enumerate(values) if isinstance(value, bool | list | dict)]
            for i in special:
                values[i] = _csv_cell(values[i])
            writer.writerow(values)
            count += 1
        text.flush()
    finally:
        text.detach()  # the stream belongs to the caller: flushed, not closed
    return count


def _batches(records: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(records)
    while batch := list(islice(iterator, size)):
        yield batch


def arrow_schema(pa: Any) -> Any:
    """The Parquet columns of an exported record, from the archive's column types: instants as UTC timestamps,
    categories as a list of strings."""
    types = {Integer: pa.int64(), Boolean: pa.bool_()}
    fields = []
    for column in EXPORT_COLUMNS:
        if column.name in INSTANT_FIELDS:
            kind = pa.timestamp("s", tz="UTC")
        elif column.name == "categories":
            kind = pa.list_(pa.string())
        else:
            kind = next((t for base, t in types.items() if isinstance(column.type, base)), pa.string())
        fields.append(pa.field(column.name, kind, nullable=column.nullable or column.name in INSTANT_FIELDS))
    fields += [pa.field(column.name, pa.string()) for column in DERIVED_COLUMNS]
    return pa.schema(fields)


def write_parquet(records: Iterable[dict[str, Any]], out: BinaryIO, *, batch: int = 20_000) -> int:
    """Apache Parquet (zstd), one row group per batch of records; text values as str or UTF-8 bytes."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingWriterError("--format parquet needs pyarrow: pip install 'newsbot[parquet]'") from None
    schema = arrow_schema(pa)
    # Instants arrive as ISO 8601 text with offset: read as text, then parsed by Arrow in C.
    as_text = pa.schema([pa.field(f.name, pa.string()) if f.name in INSTANT_FIELDS else f for f in schema])
    instants = [i for i, f in enumerate(schema) if f.name in INSTANT_FIELDS]
    count = 0
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        for rows in _batches(records, batch):
            table = pa.Table.from_pylist(rows, schema=as_text)
            for i in instants:
                table = table.set_column(i, schema.field(i), table.column(i).cast(schema.field(i).type))
            writer.write_table(table)
            count += len(rows)
    return count


Writer = Callable[[Iterable[dict[str, Any]], BinaryIO], int]
WRITERS: dict[str, Writer] = {"jsonl": write_jsonl, "csv": write_csv, "parquet": write_parquet}
# Writers that take text as UTF-8 bytes (export.iter_records(text_as_bytes=True)): Arrow stores bytes, so reading
# them as bytes saves a decode and an encode per value.
TEXT_AS_BYTES = frozenset({"parquet"})
# File name endings that name a format when --format is not given.
SUFFIXES = {".jsonl": "jsonl", ".json": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet"}
