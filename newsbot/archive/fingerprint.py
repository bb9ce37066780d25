"""Content fingerprints: the same text republished elsewhere gets the same fingerprint."""

from __future__ import annotations

import hashlib
import re

_NOT_WORD = re.compile(r"[\W_]+")


def text_fingerprint(text: str | None) -> str:
    """sha256 of the text's words, case-folded: spacing, punctuation and case differences do not count."""
    words = _NOT_WORD.sub(" ", (text or "").casefold()).split()
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()
