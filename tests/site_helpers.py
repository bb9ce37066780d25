"""Building blocks for imitation sites in the crawl tests: WordPress REST pages, feeds, listings, queries."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from site_server import PAGES, Answer, xml

# The registry's per-site delays (mid.ru: 3 s) are for the real sites; a -s setting outranks them.
NO_SLOT_DELAYS = ("-s", "DOWNLOAD_SLOTS={}")
NO_ROBOTS = {"/robots.txt": Answer(b"User-agent: *\nDisallow: /wp-admin/\n", "text/plain")}
CLOSED = Answer(b'{"code":"rest_forbidden"}', "application/json", status=403)


def query(db: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def expected(fixture: str) -> dict:
    return json.loads((PAGES / f"{fixture}.expected.json").read_text(encoding="utf-8"))


def posts_path(page_number: int) -> str:
    return f"/wp-json/wp/v2/posts?per_page=100&page={page_number}&orderby=date&order=desc"


def post(number: int, title: str, date_gmt: str) -> dict:
    return {
        "id": number,
        "link": f"{{origin}}/2025/0{number}/post-{number}/",
        "date": date_gmt.replace("T", "T1"),  # local time: never used when date_gmt is there
        "date_gmt": date_gmt,
        "modified_gmt": date_gmt,
        "title": {"rendered": title},
        "content": {"rendered": "<p>" + " ".join([f"Мақала {number} мәтіні, сөйлем."] * 30) + "</p>"
                    "<p>Екінші абзац.</p>"},
        "excerpt": {"rendered": f"<p>Қысқаша {number}</p>"},
        "categories": [3],
    }


def wp_json(posts: list[dict], total_pages: int) -> Answer:
    return Answer(json.dumps(posts, ensure_ascii=False).encode(), "application/json",
                  headers={"X-WP-Total": str(total_pages * 2), "X-WP-TotalPages": str(total_pages)})


def rss(items: list[tuple[str, str, str]]) -> Answer:
    body = "".join(f"<item><title>{t}</title><link>{{origin}}{p}</link><pubDate>{d}</pubDate></item>"
                   for t, p, d in items)
    return xml(f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>{body}</channel></rss>',
               "application/rss+xml")


def akorda_listing(*links: str) -> Answer:
    cards = "".join(f'<div class="card"><h3><a href="{href}">t</a></h3><h5>21 марта 2026 года</h5></div>'
                    for href in links)
    return Answer(f"<html><body><nav><a href='/ru/tags/x'>tag</a></nav>{cards}"
                  "<a href='https://elsewhere.example/ru/x'>out</a></body></html>".encode())
