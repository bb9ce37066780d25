"""An imitation news site of N articles for the crawl benchmark, served from its own process on 127.0.0.1.

    .venv/bin/python bench/crawl_site.py --size 10000 [--pages theme|generic|mix]   # prints its URL, then serves

Articles are saved fixture pages (tests/fixtures/pages/) used as templates: each article n gets its own title
(`<title> №n`), its own first sentence, its own publication date (the template's, n minutes earlier, in the
template's own format) and its own URL, so nothing deduplicates. `theme` pages are Jannah and Newspaper
(tagDiv) pages that newsbot reads with theme selectors; `generic` pages have no known theme and go through the
generic path (trafilatura as a map, then newsbot's cleaning); `mix` alternates them.

The way in is robots.txt → sitemap index → sitemaps of at most 10,000 URLs → articles (`/news/<n>/`); the home
page and the WordPress API answer 404, so `newsbot crawl http://127.0.0.1:PORT/` finds the sitemap as it would
on a real site. Bodies are assembled from pre-encoded template pieces (one bytes join a request: nothing is
parsed or encoded while serving); the server is asyncio with HTTP/1.1 keep-alive, fast enough not to be the
bottleneck (crawl_bench.py measures its own ceiling).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

PAGES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "pages"
THEME_PAGES = ("jannah/seed003_kk", "jannah/ru_jannah", "newspaper/kk_tagdiv", "newspaper/ru_tagdiv")
GENERIC_PAGES = ("generic/kk_holdout", "generic/ru_wp_holdout", "generic/ru_unknown", "english/en_article")
PAGE_SETS = {"theme": THEME_PAGES, "generic": GENERIC_PAGES, "mix": THEME_PAGES + GENERIC_PAGES}
SITEMAP_SIZE = 10_000
_ARTICLE_PATH = re.compile(rb"^/news/(\d+)/$")


@dataclass(frozen=True)
class Template:
    """A fixture page cut at the places that vary per article: the title, the first sentence, the date."""

    name: str
    pieces: tuple[bytes | str, ...]  # literal bytes, or the name of a field
    title: str
    published: datetime | None  # the template's own publication instant (None: the page gives none)
    lead: str  # the start of the article's text, before which each article's own sentence goes

    def title_of(self, n: int) -> str:
        return f"{self.title} №{n}"

    def sentence_of(self, n: int) -> str:
        return f"Хабарлама {n}-{n * 7919 % 100003}. "

    def published_of(self, n: int) -> datetime | None:
        return None if self.published is None else self.published - timedelta(minutes=n)

    def render(self, n: int) -> bytes:
        published = self.published_of(n)
        values = {"title": self.title_of(n).encode(), "sentence": self.sentence_of(n).encode(),
                  "date": published.isoformat().encode() if published else b""}
        return b"".join(piece if isinstance(piece, bytes) else values[piece] for piece in self.pieces)


def _cut(text: str, marks: dict[str, str]) -> tuple[bytes | str, ...]:
    """`text` split at every occurrence of each mark's string, the marks replaced by their field names."""
    pattern = re.compile("|".join(re.escape(s) for s in sorted(marks.values(), key=len, reverse=True)))
    field_of = {s: name for name, s in marks.items()}
    pieces: list[bytes | str] = []
    last = 0
    for match in pattern.finditer(text):
        pieces += [text[last:match.start()].encode(), field_of[match.group()]]
        last = match.end()
    pieces.append(text[last:].encode())
    return tuple(pieces)


def load_template(name: str) -> Template:
    expected = json.loads((PAGES / f"{name}.expected.json").read_text(encoding="utf-8"))
    html = (PAGES / f"{name}.html").read_text(encoding="utf-8")
    # The text's first words as the page spells them (the longest prefix of up to six words found after <body>).
    words = expected["text"].split()[:6]
    body_at = html.find("<body")
    found = [" ".join(words[:k]) for k in range(len(words), 1, -1) if html.find(" ".join(words[:k]), body_at) >= 0]
    if not found:
        raise ValueError(f"{name}: the article's first words {' '.join(words)!r} are not in the page")
    lead = found[0]
    at = html.find(lead, body_at)
    # The sentence goes before the text's first word: a mark of its own, so that _cut places it.
    html = html[:at] + "\x00SENTENCE\x00" + html[at:]
    marks = {"title": expected["title"], "sentence": "\x00SENTENCE\x00"}
    raw = expected.get("published_raw")
    published = None
    if raw and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", raw):
        published = datetime.fromisoformat(raw)
        marks["date"] = raw
    return Template(name, _cut(html, marks), expected["title"], published, lead)


class ImitationSite:
    """The site's answers: robots.txt, the sitemap index, the sitemaps, N articles; 404 for anything else."""

    def __init__(self, size: int, pages: str, origin: str) -> None:
        self.size = size
        self.origin = origin
        self.templates = [load_template(name) for name in PAGE_SETS[pages]]
        sitemaps = (size + SITEMAP_SIZE - 1) // SITEMAP_SIZE
        self.fixed: dict[bytes, tuple[bytes, bytes]] = {
            b"/robots.txt": (b"text/plain", f"User-agent: *\nAllow: /\nSitemap: {origin}/sitemap_index.xml\n".encode()),
            b"/sitemap_index.xml": (b"application/xml", self._index(sitemaps)),
            **{f"/sitemap-{k}.xml".encode(): (b"application/xml", self._sitemap(k)) for k in range(sitemaps)},
        }
        self.requests = 0

    def template(self, n: int) -> Template:
        return self.templates[n % len(self.templates)]

    def article_url(self, n: int) -> str:
        return f"{self.origin}/news/{n}/"

    def _index(self, sitemaps: int) -> bytes:
        entries = "".join(f"<sitemap><loc>{self.origin}/sitemap-{k}.xml</loc></sitemap>" for k in range(sitemaps))
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/'
                f'sitemap/0.9">{entries}</sitemapindex>').encode()

    def _sitemap(self, k: int) -> bytes:
        urls = []
        for n in range(k * SITEMAP_SIZE, min(self.size, (k + 1) * SITEMAP_SIZE)):
            published = self.template(n).published_of(n)
            lastmod = f"<lastmod>{published.isoformat()}</lastmod>" if published else ""
            urls.append(f"<url><loc>{self.article_url(n)}</loc>{lastmod}</url>")
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"{''.join(urls)}</urlset>").encode()

    def answer(self, path: bytes) -> tuple[int, bytes, bytes]:
        """Status, content type and body for a request path."""
        self.requests += 1
        if path in self.fixed:
            return 200, *self.fixed[path]
        match = _ARTICLE_PATH.match(path)
        if match and int(match.group(1)) < self.size:
            n = int(match.group(1))
            return 200, b"text/html; charset=utf-8", self.template(n).render(n)
        return 404, b"text/html; charset=utf-8", b"<html><body><h1>Not Found</h1></body></html>"


_REASONS = {200: b"OK", 404: b"Not Found"}


async def _serve_connection(site: ImitationSite, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")  # GET only: no request bodies
            path = head.split(b" ", 2)[1]
            status, content_type, body = site.answer(path)
            writer.write(b"HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s"
                         % (status, _REASONS[status], content_type, len(body), body))
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def serve(size: int, pages: str, port: int = 0) -> None:
    holder: dict[str, ImitationSite] = {}
    server = await asyncio.start_server(lambda r, w: _serve_connection(holder["site"], r, w), "127.0.0.1", port,
                                        backlog=1024)
    bound = server.sockets[0].getsockname()[1]
    holder["site"] = ImitationSite(size, pages, f"http://127.0.0.1:{bound}")
    print(f"http://127.0.0.1:{bound}", flush=True)  # the parent reads this line: the site is ready
    async with server:
        await server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--pages", choices=sorted(PAGE_SETS), default="theme")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    try:
        asyncio.run(serve(args.size, args.pages, args.port))
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
