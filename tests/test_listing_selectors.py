"""Every registry site with listing pages: its selectors, run on a saved listing page of the site's markup,
find exactly the article links on it and the next listing page, as the spider walks them.

A site added to the registry with a `listing` needs `tests/fixtures/listings/<site>.html` and
`<site>.expected.json` (`url`, `links`, `next`); this test fails until both are there.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsbot.pages.listing import listing_links, next_page
from newsbot.sites import Site, registry
from newsbot.spiders.web import with_query

LISTINGS = Path(__file__).parent / "fixtures" / "listings"
LISTING_SITES = [site for site in registry().values() if site.listing]


def test_every_kind_with_listings_is_covered() -> None:
    assert {site.kind for site in LISTING_SITES} >= {"html", "wordpress"}


@pytest.mark.parametrize("site", LISTING_SITES, ids=lambda site: site.name)
def test_site_selectors_find_the_articles_of_its_listing(site: Site) -> None:
    page, expected_file = LISTINGS / f"{site.name}.html", LISTINGS / f"{site.name}.expected.json"
    assert page.exists() and expected_file.exists(), f"save a listing page of {site.name} as {page}"
    expected = json.loads(expected_file.read_text())
    url = expected["url"]
    assert url == site.origin + site.listing[0], "the fixture is the listing page the crawl starts from"
    body = page.read_bytes()

    links = listing_links(body, url, selector=site.links, article_path=site.article_path,
                          hosts=site.allowed_domains, encoding=site.encoding)
    following = next_page(body, url, site.next_page)
    if following is None and site.page_param:
        following = with_query(url, **{site.page_param: 2})

    assert links == expected["links"]
    assert following == expected["next"]
