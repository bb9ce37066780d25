"""A local imitation of any website for end-to-end crawls: a table of path → answer, served by a stdlib
ThreadingHTTPServer in a thread on a free port of 127.0.0.1. Paths may include the query string.

Bodies may contain `{origin}`, replaced by the server's own http://127.0.0.1:PORT when served.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from local_server import LocalServer, running

PAGES = Path(__file__).parent / "fixtures" / "pages"


@dataclass
class Answer:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    # Answer these statuses first, one per request, before the real answer (429, 503, ...).
    before: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def page(fixture: str) -> Answer:
    """A saved page from tests/fixtures/pages/<family>/<name>.html."""
    return Answer((PAGES / f"{fixture}.html").read_bytes())


def xml(text: str, content_type: str = "application/xml") -> Answer:
    return Answer(text.encode("utf-8"), content_type)


class Site(LocalServer):
    def __init__(self, routes: dict[str, Answer]) -> None:
        self.routes = routes
        self.requests: list[tuple[str, float]] = []
        self.lock = threading.Lock()
        super().__init__()

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                import time

                with site.lock:
                    site.requests.append((self.path, time.monotonic()))
                answer = site.routes.get(self.path) or site.routes.get(self.path.split("?")[0])
                if answer is None:
                    answer = Answer(b"<html><body><h1>Not Found</h1></body></html>", status=404)
                status, headers, body = answer.status, answer.headers, answer.body
                with site.lock:
                    if answer.before:
                        status, headers = answer.before.pop(0)
                        body = b"busy"
                body = body.replace(b"{origin}", site.url.encode())
                self.send_response(status)
                self.send_header("Content-Type", answer.content_type)
                self.send_header("Content-Length", str(len(body)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

        return Handler


@contextmanager
def serve(routes: dict[str, Answer]) -> Iterator[Site]:
    with running(Site(routes)) as site:
        yield site
