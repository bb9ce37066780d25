"""The item steps the pipelines run, as plain functions, so that `newsbot reprocess` runs the very same ones.

Each takes an item (any type ItemAdapter reads) and changes it in place.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter

from newsbot import __version__
from newsbot.cleaning import cut_site_blocks, html_to_text
from newsbot.dates import ParsedDate, languages_for, resolve_date

# (field, reason): the first missing field names the drop reason.
REQUIRED_FIELDS = (
    ("url", "no_url"),
    ("site", "no_site"),
    ("lang", "no_lang"),
    ("fetched_at", "no_fetch_time"),
    ("title", "no_title"),
    ("text", "empty_body"),
)


def cut_boilerplate(item: Any, site_blocks: Collection[str] = ()) -> None:
    """The site's repeated blocks (`newsbot boilerplate`, read from the archive) cut from the body the page
    module cleaned; the rest of cleaning is the page module's, done once."""
    adapter = ItemAdapter(item)
    html, removed = cut_site_blocks(adapter.get("html") or "", site_blocks)
    if removed:
        adapter["html"] = html
        adapter["text"] = html_to_text(html)
        adapter["removed"] = [*(adapter.get("removed") or ()), *removed]


def date_item(item: Any, tz: str) -> ParsedDate:
    """Sets published_at (and modified_at); returns the publication date's verdict for counting."""
    adapter = ItemAdapter(item)
    fetched_at = adapter.get("fetched_at")
    source = adapter.get("published_source")
    tz = adapter.get("published_zone") or tz  # a site outside the registry: the zone its page showed
    languages = languages_for(adapter.get("lang"))
    published = resolve_date(adapter.get("published_raw"), source, tz=tz, fetched_at=fetched_at, languages=languages)
    adapter["published_at"] = published.value
    adapter["published_precision"] = published.precision if published.value is not None else None
    adapter["published_year_inferred"] = published.inferred_year and published.value is not None
    if adapter.get("modified_raw"):
        adapter["modified_at"] = resolve_date(
            adapter["modified_raw"], source, tz=tz, fetched_at=fetched_at, languages=languages
        ).value
    return published


def missing_field(item: Any) -> str | None:
    """The drop reason of an item that lacks what every record needs, or None."""
    adapter = ItemAdapter(item)
    for field, reason in REQUIRED_FIELDS:
        value = adapter.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            return reason
    return None


@cache
def extractor_version() -> str:
    """newsbot's version plus a digest of the extraction code: any change to it shows in the archive."""
    root = Path(__file__).parent
    sources = [root / "processing.py", *sorted((root / "pages").rglob("*")), *sorted((root / "cleaning").rglob("*")),
               *sorted((root / "dates").rglob("*"))]
    digest = hashlib.sha256()
    for path in sources:
        if path.is_file() and path.suffix in {".py", ".toml", ".json", ".txt"}:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:10]}"


@dataclass(frozen=True)
class Processed:
    item: Any
    dropped: str | None
    date: ParsedDate


def process_item(item: Any, tz: str, site_blocks: Collection[str] = ()) -> Processed:
    """Cut the site's boilerplate, date and validate, in the pipelines' order."""
    cut_boilerplate(item, site_blocks)
    date = date_item(item, tz)
    return Processed(item, missing_field(item), date)
