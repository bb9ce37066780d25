"""Writing articles: one transaction a batch, keyed on the URL, so a re-crawl adds no duplicate."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from itemadapter import ItemAdapter
from sqlalchemy import Engine, bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite

from newsbot.archive.schema import ARTICLE_FIELDS, CONTENT_FIELDS, articles


@dataclass
class BatchResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0

    def __iadd__(self, other: BatchResult) -> BatchResult:
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged
        return self


def _hashable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def content_hash(row: Mapping[str, Any]) -> str:
    payload = json.dumps([_hashable(row[f]) for f in CONTENT_FIELDS], ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def article_row(item: Any) -> dict[str, Any]:
    """The archive row for an item (any type ItemAdapter reads)."""
    adapter = ItemAdapter(item)
    row = {field: adapter.get(field) for field in ARTICLE_FIELDS}
    row["categories"] = json.dumps(row["categories"] or [], ensure_ascii=False)
    row["content_hash"] = content_hash(row)
    return row


def _insert_ignoring_conflicts(engine: Engine):  # type: ignore[no-untyped-def]
    dialects = {"sqlite": sqlite, "postgresql": postgresql}
    module = dialects.get(engine.dialect.name)
    if module is None:
        return articles.insert()
    return module.insert(articles).on_conflict_do_nothing(index_elements=["url"])


class ArchiveWriter:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._insert = _insert_ignoring_conflicts(engine)
        data_columns = {f: bindparam(f"v_{f}") for f in (*ARTICLE_FIELDS, "content_hash")}
        key = articles.c.url == bindparam("k_url")
        self._update_content = update(articles).where(key).values(**data_columns, last_seen=bindparam("v_seen"))
        self._touch = update(articles).where(key).values(last_seen=bindparam("v_seen"))

    def write(self, items: Iterable[Any]) -> BatchResult:
        """Store a batch in one transaction: all of it lands, or none of it does."""
        rows: dict[str, dict[str, Any]] = {}
        for item in items:
            row = article_row(item)
            rows[row["url"]] = row  # the last copy of a URL in a batch wins
        if not rows:
            return BatchResult()
        with self.engine.begin() as conn:
            query = select(articles.c.url, articles.c.content_hash).where(articles.c.url.in_(rows))
            known = {url: digest for url, digest in conn.execute(query)}
            new = [r | {"first_seen": r["fetched_at"], "last_seen": r["fetched_at"]}
                   for url, r in rows.items() if url not in known]
            changed = [r for url, r in rows.items() if url in known and known[url] != r["content_hash"]]
            same = [r for url, r in rows.items() if url in known and known[url] == r["content_hash"]]
            if new:
                conn.execute(self._insert, new)
            if changed:
                conn.execute(self._update_content, [self._update_params(r) for r in changed])
            if same:
                conn.execute(self._touch, [{"k_url": r["url"], "v_seen": r["fetched_at"]} for r in same])
        return BatchResult(new=len(new), updated=len(changed), unchanged=len(same))

    @staticmethod
    def _update_params(row: dict[str, Any]) -> dict[str, Any]:
        params = {f"v_{k}": v for k, v in row.items()}
        params["k_url"] = row["url"]
        params["v_seen"] = row["fetched_at"]
        return params
