"""The one item type newsbot produces: a news article. Code reads it through ItemAdapter."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class RawPage:
    """A fetched response as the archive keeps it, so that `newsbot reprocess` can parse it again offline."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime
    site: str
    kind: str
    # The language the request asked for (gov.kz sends it in a header, so the URL does not say it).
    lang: str | None = None


@dataclass
class Article:
    """One article in one language, as it moves from a page module through the pipelines.

    Page modules fill the raw fields (`raw_html`, `published_raw`); the pipelines derive the clean ones
    (`html`, `text`, `published_at`) from them, so re-processing a stored page gives the same record.
    """

    site: str
    url: str
    lang: str
    title: str = ""
    # The article body as the source gave it (an HTML fragment or a whole document); never stored.
    raw_html: str = ""
    html: str = ""
    text: str = ""
    summary: str | None = None
    published_at: datetime | None = None
    # The string or field value the publication time came from, and where it came from ("api:created_date").
    published_raw: str | None = None
    published_source: str | None = None
    # True when the publication date had no year and the year was taken from the fetch time.
    published_year_inferred: bool = False
    modified_at: datetime | None = None
    modified_raw: str | None = None
    fetched_at: datetime | None = None
    image_url: str | None = None
    image_credit: str | None = None
    # Who the article says it reports from ("..., деп хабарлайды Jana-kezen.kz.").
    source: str | None = None
    # Links the kk/ru/en versions of one release (gov.kz: the release id).
    translation_key: str | None = None
    # The source's own identifier of the article, where it has one.
    source_id: str | None = None
    categories: list[str] = field(default_factory=list)
    # Shorter than an article usually is, kept because the page declares itself one (a one-paragraph statement).
    short: bool = False
    # The response the article came from; several articles may share one (an API page).
    raw: RawPage | None = field(default=None, repr=False)
