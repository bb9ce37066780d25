"""Export formats: each writer takes records and an already-open binary stream, and returns the count written.

JSON lines is in export.py (the search command shares it); CSV and Parquet are here. The Parquet writer needs
pyarrow (the `newsbot[parquet]` extra), imported only when it runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, BinaryIO

import orjson
from sqlalchemy import Boolean, Integer

from newsbot.archive.export import DERIVED_COLUMNS, EXPORT_COLUMNS, INSTANT_FIELDS, write_jsonl, write_lines


class MissingWriterError(Exception):
    """The format needs a package that is not installed; the message says which."""


# CSV by hand: the csv module's C writer looks at every character of every field in Python's 4-byte
# representation, which made CSV the slowest export (2.2 times the sqlite3 shell at a million rows). A field
# needs quotes only for the four ASCII characters below, which in UTF-8 never occur inside another character,
# so bytes are checked and quoted with the bytes methods (memchr and one replace) and never decoded.
_NEEDS_QUOTES = (b'"', b",", b"\n", b"\r")


def _csv_field(value: Any) -> bytes:
    """One field as the csv module writes it (QUOTE_MINIMAL, RFC 4180), as UTF-8; None empty, booleans as
    true/false, lists and objects as JSON text."""
    if value.__class__ is bytes:
        data = value
    elif value.__class__ is str:
        data = value.encode()
    elif value is None:
        return b""
    elif value is True or value is False:
        return b"true" if value else b"false"
    elif isinstance(value, list | dict):
        data = orjson.dumps(value)
    else:
        data = str(value).encode()
    for special in _NEEDS_QUOTES:
        if special in data:
            return b'"' + data.replace(b'"', b'""') + b'"'
    return data


def _csv_lines(records: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    header = True
    for record in records:
        if header:
            yield b",".join(_csv_field(name) for name in record)
            header = False
        yield b",".join([_csv_field(value) for value in record.values()])


def write_csv(records: Iterable[dict[str, Any]], out: BinaryIO) -> int:
    """RFC 4180 CSV with a header row, UTF-8, CRLF line ends; text as str or UTF-8 bytes. Returns the records'
    count (the header is not one)."""
    return max(write_lines(_csv_lines(records), out, end=b"\r\n") - 1, 0)


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
# Writers that take text as UTF-8 bytes (export.iter_records(text_as_bytes=True)): Arrow stores bytes and CSV
# writes them, so reading them as bytes saves a decode and an encode per value.
TEXT_AS_BYTES = frozenset({"parquet", "csv"})
# File name endings that name a format when --format is not given.
SUFFIXES = {".jsonl": "jsonl", ".json": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet"}
