"""Files written all at once or not at all."""

from __future__ import annotations

import gzip
import io
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


@contextmanager
def atomic_text_file(path: str | os.PathLike[str], *, gzipped: bool = False) -> Iterator[TextIO]:
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as raw:
            binary = gzip.GzipFile(fileobj=raw, mode="wb", filename="") if gzipped else raw
            with io.TextIOWrapper(binary, encoding="utf-8", newline="\n", write_through=False) as out:
                yield out
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
