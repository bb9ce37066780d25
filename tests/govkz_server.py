"""A local imitation of the gov.kz news API (docs/sites.md), served from tests/fixtures/govkz/.

Runs in a thread on a free port of 127.0.0.1. Knobs imitate what the real portal does: `{"content": ...}`
pages, the access-ticket cookie, transient 5xx answers, a page that is not JSON.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from local_server import LocalServer, running

FIXTURES = Path(__file__).parent / "fixtures" / "govkz"
NEWS_PATH = "/api/v1/public/content-manager/news"
TICKET_PATH = "/api/v1/public/_/c/k6"
TICKET_COOKIE = "kb_ticket=ok"


@dataclass
class ApiBehaviour:
    wrap_content: bool = False
    require_ticket: bool = False
    # The ticket endpoint hands out a cookie that the API still refuses (a changed front end).
    ticket_useless: bool = False
    # Answer 503 to the first N news requests.
    fail_first: int = 0
    # (lang, page) pairs answered with an HTML error page and status 200.
    not_json: set[tuple[str, int]] = field(default_factory=set)
    # Seconds to wait before answering each news request (for interrupting a crawl halfway).
    delay: float = 0.0
    # Answer 500 to `created_date=gt:` (the filter is unconfirmed); `gte:` always answers 500.
    date_filter_broken: bool = False
    # Answer entries without their bodies (a changed API: the crawl drops them all).
    drop_bodies: bool = False


@dataclass
class SeenRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    # When the request arrived and when its answer was written (time.monotonic()), for politeness checks.
    started: float = 0.0
    answered: float = 0.0


class GovKzImitation(LocalServer):
    def __init__(self, behaviour: ApiBehaviour | None = None, fixtures: Path = FIXTURES) -> None:
        self.behaviour = behaviour or ApiBehaviour()
        self.fixtures = fixtures
        self.requests: list[SeenRequest] = []
        # Runtime changes on top of the committed fixtures: (project, lang) → entries published since, and
        # (project, lang, id) → fields edited.
        self.published: dict[tuple[str, str], list[dict]] = {}
        self.edits: dict[tuple[str, str, int], dict] = {}
        # The fixture files, read once (a generated site of 10,000 entries would be parsed on every request).
        self.stored: dict[tuple[str, str], list[dict]] = {}
        self.lock = threading.Lock()
        super().__init__()

    def entries(self, project: str, lang: str) -> list[dict]:
        """Newest first, as the API sorts them: published items, then the fixtures, with edits applied."""
        with self.lock:
            if (project, lang) not in self.stored:
                path = self.fixtures / project / f"{lang}.json"
                self.stored[project, lang] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
            stored = self.stored[project, lang]
            entries = [*reversed(self.published.get((project, lang), [])), *stored]
            return [{**entry, **self.edits.get((project, lang, entry["id"]), {})} for entry in entries]

    def publish(self, project: str, lang: str, entry: dict) -> None:
        """A new item on top of the list (give it a created_date newer than the rest)."""
        with self.lock:
            self.published.setdefault((project, lang), []).append(entry)

    def edit(self, project: str, lang: str, entry_id: int, **fields: object) -> None:
        with self.lock:
            self.edits.setdefault((project, lang, entry_id), {}).update(fields)

    def reset_requests(self) -> None:
        with self.lock:
            self.requests.clear()

    def news_requests(self) -> list[SeenRequest]:
        return [r for r in self.requests if r.path == NEWS_PATH]

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        imitation = self

        class Handler(BaseHTTPRequestHandler):
            seen: SeenRequest | None = None

            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def _send(self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for key, value in (extra or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)
                self.wfile.flush()
                if self.seen is not None:
                    self.seen.answered = time.monotonic()

            def _record(self) -> SeenRequest:
                parts = urlsplit(self.path)
                seen = SeenRequest(self.command, parts.path, parse_qs(parts.query), dict(self.headers.items()),
                                   started=time.monotonic())
                self.seen = seen
                with imitation.lock:
                    imitation.requests.append(seen)
                return seen

            def do_POST(self) -> None:
                seen = self._record()
                if seen.path == TICKET_PATH:
                    cookie = "kb_ticket=stale" if imitation.behaviour.ticket_useless else TICKET_COOKIE
                    self._send(200, b"{}", "application/json", {"Set-Cookie": f"{cookie}; Path=/"})
                else:
                    self._send(404, b"not found", "text/plain")

            def do_GET(self) -> None:
                seen = self._record()
                if seen.path == "/robots.txt":
                    self._send(200, b"User-agent: *\nDisallow: /admin/\n", "text/plain")
                elif seen.path == NEWS_PATH:
                    self._news(seen)
                else:
                    self._send(404, b"not found", "text/plain")

            def _news(self, seen: SeenRequest) -> None:
                behaviour = imitation.behaviour
                if behaviour.delay:
                    time.sleep(behaviour.delay)
                with imitation.lock:
                    news_count = len(imitation.news_requests())
                if news_count <= behaviour.fail_first:
                    self._send(503, b"<html><body>Service Unavailable</body></html>", "text/html")
                    return
                if behaviour.require_ticket and TICKET_COOKIE not in seen.headers.get("Cookie", ""):
                    self._send(400, b'{"error":"notAllowed"}', "application/json")
                    return
                project = seen.query.get("projects", ["eq:"])[0].removeprefix("eq:")
                lang = seen.headers.get("Accept-Language", "kk")
                page = int(seen.query.get("page", ["1"])[0])
                size = int(seen.query.get("size", ["20"])[0])
                if (lang, page) in behaviour.not_json:
                    self._send(200, b"<html><body>Temporary error</body></html>", "text/html")
                    return
                entries = imitation.entries(project, lang)
                created = seen.query.get("created_date", [""])[0]
                if created.startswith("gte:") or (created and behaviour.date_filter_broken):
                    self._send(500, b'{"error":"internal"}', "application/json")
                    return
                if created.startswith("gt:"):
                    after = datetime.fromisoformat(created.removeprefix("gt:"))
                    after = after if after.tzinfo else after.replace(tzinfo=UTC)
                    entries = [e for e in entries if datetime.fromisoformat(e["created_date"]) > after]
                if behaviour.drop_bodies:
                    entries = [{k: v for k, v in e.items() if k != "body"} for e in entries]
                chunk = entries[(page - 1) * size : page * size]
                payload = {"content": chunk} if behaviour.wrap_content else chunk
                self._send(200, json.dumps(payload, ensure_ascii=False).encode(), "application/json")

        return Handler


@contextmanager
def serve(behaviour: ApiBehaviour | None = None) -> Iterator[GovKzImitation]:
    with running(GovKzImitation(behaviour)) as imitation:
        yield imitation
