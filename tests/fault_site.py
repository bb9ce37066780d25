"""The fault server (tests/fault_server.py) seen from the tests: started once per session in a subprocess, its
request log read and reset over HTTP, and helpers to crawl it through the real CLI and read the run record."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conftest import FAST

SERVER = Path(__file__).parent / "fault_server.py"
# Fast local crawls with small network bounds: a fault shows in seconds, not in the product's 30.
QUICK = (*FAST, "-s", "DOWNLOAD_TIMEOUT=1", "-s", "RETRY_TIMES=1")


@dataclass
class SeenRequest:
    path: str
    time: float


class FaultServer:
    def __init__(self) -> None:
        self.process = subprocess.Popen([sys.executable, str(SERVER)], stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        started = json.loads(self.process.stdout.readline())
        self.url: str = started["url"]
        # A port of 127.0.0.1 that refuses connections.
        self.refused_url: str = started["refused"]

    def _control(self, path: str) -> Any:
        with urllib.request.urlopen(self.url + path, timeout=5) as answer:
            return json.loads(answer.read())

    def reset(self) -> None:
        self._control("/_reset")

    def requests(self) -> list[SeenRequest]:
        return [SeenRequest(r["path"], r["time"]) for r in self._control("/_log")]

    def paths(self) -> list[str]:
        return [r.path for r in self.requests()]

    def listing(self, *links: str) -> str:
        """The URL of a listing of these links: what `newsbot crawl URL` starts from."""
        return f"{self.url}/list?links={','.join(links)}"

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()


def crawl(run_newsbot: Callable[..., subprocess.CompletedProcess[str]], start: str, db: Path,
          *extra: str) -> subprocess.CompletedProcess[str]:
    """`newsbot crawl START` into DB with quick settings (later `-s` settings win)."""
    return run_newsbot("crawl", start, "--db", str(db), *QUICK, *extra)
