"""Every output field of the page path on every page fixture, to compare two versions of the code, run by hand.

    .venv/bin/python bench/extract_snapshot.py before.json          # write a snapshot
    .venv/bin/python bench/extract_snapshot.py after.json --diff before.json   # and list what changed

Per HTML fixture under tests/fixtures/pages/ (bad/ included) three runs: the crawl's page path for the site
`newsbot crawl URL` would use (`read_article`, then `process_item`: verdict and every Article field),
`extract_article` with the URL's rules (bench/quality.py's newsbot row) and with no selectors at all (its "no
site/theme rules" row, every page through the generic path, in the site's zone); plus the gov.kz API items.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from quality import FETCHED_AT, FIXTURES, generic_rules, url_rules

from newsbot.items import Article
from newsbot.pages.govkz import articles_from_page
from newsbot.pages.html_article import extract_article
from newsbot.pages.rules import site_rules
from newsbot.pages.web import read_article
from newsbot.processing import process_item
from newsbot.sites import get_site, site_from_url

GOVKZ = FIXTURES.parent / "govkz"


def _fields(article: Article | None) -> dict | None:
    if article is None:
        return None
    values = {f.name: getattr(article, f.name) for f in dataclasses.fields(article) if f.name != "raw"}
    return json.loads(json.dumps(values, default=str, ensure_ascii=False))


def snapshot() -> dict[str, dict]:
    found: dict[str, dict] = {}
    for path in sorted(FIXTURES.glob("*/*.html")):
        want = json.loads(path.with_name(path.stem + ".expected.json").read_text(encoding="utf-8"))
        url = want.get("url") or f"https://example.kz/{path.stem}"
        body, name = path.read_bytes(), f"{path.parent.name}/{path.stem}"
        site = site_from_url(url)
        verdict, article = read_article(body, url=url, site=site, rules=site_rules(site), lang=None,
                                        fetched_at=FETCHED_AT)
        if article is not None:
            process_item(article, site.timezone)
        found[f"crawl {name}"] = {"verdict": [verdict.ok, verdict.reason, verdict.detail, list(verdict.notes)],
                                  "article": _fields(article)}
        for row, rules in (("rules", url_rules(url)), ("generic", generic_rules(url))):
            found[f"{row} {name}"] = _fields(extract_article(body, url=url, fetched_at=FETCHED_AT, rules=rules))
    site = get_site("mfa")
    for path in sorted(GOVKZ.glob("mfa/*.json")):
        for article in articles_from_page(path.read_bytes(), site=site, lang=path.stem, fetched_at=FETCHED_AT).articles:
            process_item(article, site.timezone)
            found[f"govkz {path.stem} {article.url}"] = _fields(article)
    return found


def differences(before: dict, after: dict) -> list[str]:
    lines = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if not isinstance(old, dict) or not isinstance(new, dict):
            lines.append(f"{key}: {old!r} -> {new!r}")
            continue
        flat_old = old.get("article", old) if "verdict" in old else old
        flat_new = new.get("article", new) if "verdict" in new else new
        if "verdict" in old and old["verdict"] != new.get("verdict"):
            lines.append(f"{key} verdict: {old['verdict']} -> {new.get('verdict')}")
        for name in sorted(set(flat_old or {}) | set(flat_new or {})):
            a, b = (flat_old or {}).get(name), (flat_new or {}).get(name)
            if a != b:
                lines.append(f"{key} {name}:\n  - {str(a)[:300]!r}\n  + {str(b)[:300]!r}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="where to write this version's snapshot (JSON)")
    parser.add_argument("--diff", type=Path, help="an earlier snapshot to compare with")
    args = parser.parse_args(argv)
    found = snapshot()
    args.output.write_text(json.dumps(found, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    print(f"{len(found)} outputs written to {args.output}")
    if args.diff:
        lines = differences(json.loads(args.diff.read_text(encoding="utf-8")), found)
        print("\n".join(lines) if lines else "no differences")
        return 1 if lines else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
