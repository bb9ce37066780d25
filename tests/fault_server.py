"""A fault-injection web server for the fault suite, run in a subprocess on a free port of 127.0.0.1.

Scrapy's own mockserver is the model: one endpoint per fault, and raw sockets (socketserver), so that every
byte on the wire is ours to break: stalled bodies, short Content-Length, connections dropped mid-body,
compression bombs, endless redirect and link traps. `python tests/fault_server.py` prints its URL and serves
until killed; tests start it through tests/fault_site.py, which also reads the request log (`/_log`).

Routes (every one answers with `Connection: close`, one request per connection):
  /list?links=/a,/b               a listing of headline links (what `newsbot crawl URL` reads when a site has no
                                  API, feed or sitemap); `/`, `/robots.txt` and the WordPress probe say so
  /article/<family>/<name>        a saved article, tests/fixtures/pages/<family>/<name>.html
  /status/<code>/<tag>            that status, every time
  /retry-after/<code>/<s>/<page>  first request: <code> with `Retry-After: <s>`; then /article/<page>
  /degrade/<fault>/<page>         first request: /article/<page>; then the fault: truncated, empty or 500
  /silent/<tag>                   reads the request and never answers
  /stall-body/<tag>               headers and a little of the body, then nothing
  /short/<page>                   Content-Length larger than the body, then the connection closes
  /drop/<framing>/<page>          half the page, then the connection closes (framing: length, chunked, close)
  /big/<framing>/<bytes>          a page of that many bytes (framing: length, chunked, close)
  /bomb/<encoding>                64 MiB of HTML compressed with gzip, deflate or br
  /text-node/<bytes>              an article whose body is one text node of that size
  /paragraphs/<n>                 an article of n paragraphs
  /loop/<a|b>                     a → b → a redirects
  /chain/<n>                      redirects to /chain/<n+1>, forever
  /calendar/<year>/<month>        a month listing one article, linking the previous month, forever
  /repeat/...                     a listing whose relative next link repeats the path's last segment
  /query?...                      a listing whose next link adds one more query parameter, forever
  /copy/<tag>                     an article (a trap's pages lead here)
  /_log, /_reset                  the requests seen (JSON: path and time.time()), and forgetting them
"""

from __future__ import annotations

import contextlib
import gzip
import json
import socket
import socketserver
import sys
import threading
import time
import zlib
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

PAGES = Path(__file__).parent / "fixtures" / "pages"
# The article every trap and size page is made of.
ARTICLE = "newspaper/ru_tagdiv"
BOMB_SIZE = 64 * 1024 * 1024
# How long a silent or stalled connection is held open (the client's timeout is far shorter).
HOLD_SECONDS = 30.0
NOT_FOUND = b"<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>"


def fixture(name: str) -> bytes:
    return (PAGES / f"{name}.html").read_bytes()


def article_html(title: str, body: str) -> bytes:
    return (f"<!doctype html><html lang='ru'><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta property='og:type' content='article'>"
            f"<meta property='article:published_time' content='2025-07-01T10:00:00+05:00'></head>"
            f"<body><article><h1>{title}</h1><div class='entry-content'>{body}</div></article></body></html>"
            ).encode()


def listing_html(links: list[str], next_link: str | None = None) -> bytes:
    cards = "".join(f"<h3><a href='{href}'>headline</a></h3>" for href in links)
    more = f"<a rel='next' href='{next_link}'>next</a>" if next_link else ""
    return f"<html><head><title>News</title></head><body><main>{cards}</main>{more}</body></html>".encode()


class State:
    """What the server remembers: requests seen and hits per path (for first-then answers)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: list[dict[str, object]] = []
        self.hits: dict[str, int] = {}
        self.bombs: dict[str, bytes] = {}

    def record(self, path: str) -> int:
        """Logs a request; returns how many times this path was asked before."""
        with self.lock:
            self.requests.append({"path": path, "time": time.time()})
            seen = self.hits.get(path, 0)
            self.hits[path] = seen + 1
            return seen

    def bomb(self, encoding: str) -> bytes:
        with self.lock:
            if encoding not in self.bombs:
                html = b"<html><body><p>" + b"a" * BOMB_SIZE
                if encoding == "br":
                    import brotli

                    self.bombs[encoding] = brotli.compress(html, quality=5)
                elif encoding == "deflate":
                    self.bombs[encoding] = zlib.compress(html, 9)
                else:
                    self.bombs[encoding] = gzip.compress(html, 9)
            return self.bombs[encoding]


STATE = State()


class Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        # The client may give up on us at any point, as it should with a slow or huge answer.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.serve()

    def serve(self) -> None:
        request_line = self.rfile.readline(65536).decode("latin-1").strip()
        while self.rfile.readline(65536).strip():  # headers: not needed
            pass
        if not request_line:
            return
        target = request_line.split(" ")[1] if " " in request_line else "/"
        if target in ("/_log", "/_reset"):
            if target == "/_reset":
                with STATE.lock:
                    STATE.requests.clear()
                    STATE.hits.clear()
            with STATE.lock:
                self.answer(200, json.dumps(STATE.requests).encode(), "application/json")
            return
        seen = STATE.record(target)
        self.route(target, seen)

    # --- answers -------------------------------------------------------------------------------------

    def head(self, status: int, headers: dict[str, str]) -> None:
        lines = [f"HTTP/1.1 {status} X", "Connection: close", *(f"{k}: {v}" for k, v in headers.items())]
        self.wfile.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))

    def answer(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8",
               headers: dict[str, str] | None = None) -> None:
        self.head(status, {"Content-Type": content_type, "Content-Length": str(len(body)), **(headers or {})})
        self.wfile.write(body)

    def redirect(self, location: str) -> None:
        self.answer(302, b"", headers={"Location": location})

    def hold(self) -> None:
        """Keep the connection open, silent, until the client closes it (or HOLD_SECONDS pass)."""
        self.wfile.flush()
        self.connection.settimeout(HOLD_SECONDS)
        with contextlib.suppress(OSError):
            self.connection.recv(1)

    def framed(self, framing: str, chunks: list[bytes], total: int | None, complete: bool) -> None:
        """Send chunks with Content-Length (`total`), chunked transfer, or delimited by closing."""
        headers = {"Content-Type": "text/html; charset=utf-8"}
        if framing == "length":
            headers["Content-Length"] = str(total)
        elif framing == "chunked":
            headers["Transfer-Encoding"] = "chunked"
        self.head(200, headers)
        for chunk in chunks:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if framing == "chunked" else chunk)
        if framing == "chunked" and complete:
            self.wfile.write(b"0\r\n\r\n")

    # --- routes --------------------------------------------------------------------------------------

    def route(self, target: str, seen: int) -> None:
        parts = urlsplit(target)
        path, query = parts.path, dict(parse_qsl(parts.query))
        words = path.strip("/").split("/")
        first, rest = words[0], words[1:]
        if path == "/robots.txt":
            self.answer(200, b"User-agent: *\nDisallow:\n", "text/plain")
        elif path == "/":
            self.answer(200, b"<html><head><title>Home</title></head><body><p>nothing here</p></body></html>")
        elif first == "list":
            self.answer(200, listing_html([link for link in query.get("links", "").split(",") if link]))
        elif first == "article" and (PAGES / f"{'/'.join(rest)}.html").is_file():
            self.answer(200, fixture("/".join(rest)))
        elif first == "status":
            self.answer(int(rest[0]), b"<html><body><h1>Error</h1></body></html>")
        elif first == "retry-after":
            if seen == 0:
                self.answer(int(rest[0]), b"busy", "text/plain", {"Retry-After": rest[1]})
            else:
                self.answer(200, fixture("/".join(rest[2:])))
        elif first == "degrade":
            self.degrade(rest[0], fixture("/".join(rest[1:])), seen)
        elif first == "silent":
            self.hold()
        elif first == "stall-body":
            self.head(200, {"Content-Type": "text/html; charset=utf-8", "Content-Length": "100000"})
            self.wfile.write(fixture(ARTICLE)[:500])
            self.hold()
        elif first == "short":
            body = fixture("/".join(rest))
            self.head(200, {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(body) + 4096)})
            self.wfile.write(body)
        elif first == "drop":
            body = fixture("/".join(rest[1:]))
            half = len(body) // 2
            self.framed(rest[0], [body[: half // 2], body[half // 2 : half]], len(body), complete=False)
        elif first == "big":
            self.big(rest[0], int(rest[1]))
        elif first == "bomb":
            encoding = rest[0]
            self.answer(200, STATE.bomb(encoding), headers={"Content-Encoding": encoding})
        elif first == "text-node":
            words = "Сөз мәтін текст. " * (int(rest[0]) // len("Сөз мәтін текст. ".encode()))
            self.answer(200, article_html("Бір өте ұзын мәтін", f"<p>{words}</p>"))
        elif first == "paragraphs":
            paragraphs = "".join(f"<p>Абзац {i}.</p>" for i in range(int(rest[0])))
            self.answer(200, article_html("Көп абзацты мақала", paragraphs))
        elif first == "loop":
            self.redirect("/loop/b" if rest[0] == "a" else "/loop/a")
        elif first == "chain":
            self.redirect(f"/chain/{int(rest[0]) + 1}")
        elif first == "calendar":
            year, month = int(rest[0]), int(rest[1])
            before = (year, month - 1) if month > 1 else (year - 1, 12)
            self.answer(200, listing_html([f"/copy/{year}-{month:02d}"], f"/calendar/{before[0]}/{before[1]:02d}"))
        elif first == "repeat" and words[-1].startswith("item-"):
            self.answer(200, fixture(ARTICLE))
        elif first == "repeat":
            # Relative links: on /repeat/news/ they lead to /repeat/news/news/ and /repeat/news/item-2.
            self.answer(200, listing_html([f"item-{len(words)}"], f"{words[-1]}/"))
        elif first == "copy":
            self.answer(200, fixture(ARTICLE))
        elif first == "query":
            more = {**query, f"f{len(query)}": "x"}
            self.answer(200, listing_html([f"/copy/q{len(query)}"], f"/query?{urlencode(more)}"))
        else:
            self.answer(404, NOT_FOUND)

    def degrade(self, fault: str, good: bytes, seen: int) -> None:
        if seen == 0:
            self.answer(200, good)
        elif fault == "truncated":
            self.framed("close", [good[: len(good) // 2]], None, complete=False)
        elif fault == "empty":
            self.answer(200, b"")
        else:
            self.answer(int(fault), b"<html><body><h1>Error</h1></body></html>")

    def big(self, framing: str, size: int) -> None:
        block = b"<p>" + b"x" * 65530 + b"</p>\n"
        count = size // len(block) + 1
        self.framed(framing, [], count * len(block), complete=False)
        for _ in range(count):
            self.wfile.write(b"%x\r\n%s\r\n" % (len(block), block) if framing == "chunked" else block)
        if framing == "chunked":
            self.wfile.write(b"0\r\n\r\n")


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main() -> None:
    server = Server(("127.0.0.1", 0), Handler)
    # A port nothing listens on, for "connection refused": bound (so nobody else takes it) but not listening.
    refused = socket.socket()
    refused.bind(("127.0.0.1", 0))
    host, port = server.server_address[:2]
    print(json.dumps({"url": f"http://{host}:{port}", "refused": f"http://127.0.0.1:{refused.getsockname()[1]}"}),
          flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
