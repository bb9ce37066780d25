"""Which selectors read a page. A site's rules have one home, its registry entry (sites.toml): the theme it
names (a selector set in themes.toml) and its own selectors over that. `site_rules` is the one resolver; the
spider or CLI that knows the site calls it and hands the rules to the page functions, which never read the
registry. A page of a site without rules may still show a theme (`with_page_theme`)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources

import lxml.html

from newsbot.cleaning.css import select
from newsbot.sites import Site, registry

DEFAULT_TIMEZONE = "Asia/Almaty"


@dataclass(frozen=True)
class PageRules:
    """CSS selectors for one kind of page; empty tuples leave that part to the generic path."""

    title: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    theme: str | None = None
    site: str | None = None
    timezone: str | None = None
    # The site's usual charset, tried after the HTTP header and <meta> and before detection.
    encoding: str | None = None
    detect: tuple[str, ...] = field(default=(), repr=False)
    # The site names no theme and no selectors: a theme whose `detect` selector matches the page reads it.
    theme_from_page: bool = False


@cache
def _themes() -> dict:
    text = resources.files("newsbot.pages").joinpath("themes.toml").read_text(encoding="utf-8")
    return tomllib.loads(text).get("themes", {})


def theme_rules(name: str) -> PageRules:
    themes = _themes()
    if name not in themes:
        raise KeyError(f"unknown theme {name!r}; known: {', '.join(sorted(themes))}")
    entry = themes[name]
    return PageRules(**{key: tuple(entry.get(key, ())) for key in ("title", "body", "date", "drop", "detect")},
                     theme=name)


def site_rules(site: Site) -> PageRules | None:
    """A site's page rules, from its registry entry (whatever origin a run gives it: a mirror or a test server
    is read as the real site): its theme's selectors, its own over them, its zone and charset. None for a site
    the registry does not hold (a bare URL's): its pages show their theme and their zone."""
    entry = registry().get(site.name)
    if entry is None:
        return None
    base = theme_rules(entry.theme) if entry.theme else PageRules(theme_from_page=not entry.selectors)
    overrides: dict[str, tuple[str, ...]] = {}
    for key, selector in entry.selectors:
        overrides[key] = (*overrides.get(key, ()), selector)
    return replace(base, **overrides, site=entry.name, timezone=entry.timezone, encoding=entry.encoding)


def detect_theme(root: lxml.html.HtmlElement) -> PageRules | None:
    """A theme whose `detect` selector matches this page."""
    for name in _themes():
        rules = theme_rules(name)
        if any(select(root, selector) for selector in rules.detect):
            return rules
    return None


def with_page_theme(rules: PageRules | None, root: lxml.html.HtmlElement) -> PageRules:
    """The rules a page is read with: the site's; for a site without selectors (none known, or a registered one
    that names none), a theme the page shows, with the site's name, zone and charset kept."""
    if rules is not None and not rules.theme_from_page:
        return rules
    detected = detect_theme(root)
    if rules is None:
        return detected if detected is not None else PageRules()
    if detected is None:
        return rules
    return replace(detected, site=rules.site, timezone=rules.timezone, encoding=rules.encoding)
