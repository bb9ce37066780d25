"""The one item type newsbot produces: a news article. Code reads it through ItemAdapter."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsbot.cleaning import Removal


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


# Field metadata Scrapy's feed exporters read (`scrapy crawl … -O file`): every format, marshal and CSV too,
# gets an instant as ISO 8601 text.
_INSTANT: dict[str, Any] = {"serializer": _iso}


# The ways a crawl finds a page that say it is an article, however short: a site lists its articles, and only
# them, in its feed and its sitemap.
LISTED_IN = ("feed", "sitemap")


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
    # How the crawl found the page (one of LISTED_IN), kept so that a reprocess judges it as the crawl did.
    listed_in: str | None = None


@dataclass
class Article:
    """One article in one language, as it moves from a page module through the pipelines.

    Page modules fill what the page alone decides: the raw body and its cleaning (`raw_html`; `html`, `text`,
    `removed`, and the credit and source the cleaning found), the title, and the publication date's evidence
    (`published_raw`). The pipelines add what needs more than the page: the site's repeated blocks from the
    archive (cut from `html` and `text`), and `published_at` in the site's zone. `newsbot reprocess` runs the
    same page module and steps on a stored response, so it gives the same record.
    """

    site: str
    url: str
    lang: str
    title: str = ""
    # The article body as the source gave it (an HTML fragment or a whole document); never stored.
    raw_html: str = ""
    # The body cleaned: safe HTML and its plain text.
    html: str = ""
    text: str = ""
    # What cleaning took out of the body, and by which rule (`newsbot extract --removed`); never stored.
    removed: list[Removal] = field(default_factory=list, repr=False)
    summary: str | None = None
    published_at: datetime | None = field(default=None, metadata=_INSTANT)
    # The string or field value the publication time came from, and where it came from ("api:created_date").
    published_raw: str | None = None
    published_source: str | None = None
    # How much of the instant the source said: "minute" or "day" (midnight then stands for the day).
    published_precision: str | None = None
    # The zone the page's local times are in, for a site outside the registry, and how it was known
    # ("page-offset", "tld", "default"); None means the site's registry zone.
    published_zone: str | None = None
    published_zone_source: str | None = None
    # True when the publication date had no year and the year was taken from the fetch time.
    published_year_inferred: bool = False
    modified_at: datetime | None = field(default=None, metadata=_INSTANT)
    modified_raw: str | None = None
    fetched_at: datetime | None = field(default=None, metadata=_INSTANT)
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
    # The list page of a checkpointed walk that this article is the last of, (language, page): once the article is
    # committed the walk's progress is saved, so a killed backfill resumes after that page. Never stored.
    completes: tuple[str, int] | None = field(default=None, repr=False, compare=False)


# What `scrapy crawl … -O file` writes: everything but the raw response, the raw body, the cleaning's log and the
# walk's bookkeeping.
FEED_FIELDS = [f.name for f in fields(Article) if f.name not in ("raw", "raw_html", "removed", "completes")]
