"""Child processes that end with their parent (Linux): a queue worker's crawl, a crawl's page readers."""

from __future__ import annotations

import ctypes
import signal

PR_SET_PDEATHSIG = 1


def stop_with_parent(sig: signal.Signals) -> None:
    """In the child: `sig` when the parent dies, even by SIGKILL, so nothing runs on without it. Elsewhere than
    Linux nothing is set, and the child ends when it next finds its parent's pipe closed."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, sig)
    except (OSError, AttributeError):
        pass
