"""What the imitation servers share: a threaded HTTP server on a free port of 127.0.0.1, started and stopped
around a test."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TypeVar


class LocalServer:
    """Subclasses give the request handler class; `running(server)` serves it for the length of a block."""

    # The loopback address to serve on; a benchmark of many hosts gives each its own (127.0.0.2, ...).
    bind_host = "127.0.0.1"

    def __init__(self) -> None:
        self.server = ThreadingHTTPServer((self.bind_host, 0), self._handler_class())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        raise NotImplementedError

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"


Server = TypeVar("Server", bound=LocalServer)


@contextmanager
def running(server: Server) -> Iterator[Server]:
    server.thread.start()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()
