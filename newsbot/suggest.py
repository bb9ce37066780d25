"""Near misses: `mfaa` → "did you mean 'mfa'?" for sites, languages and commands."""

from __future__ import annotations

from collections.abc import Iterable

# Codes people type for a language: the country's (kz), or three letters.
LANGUAGE_ALIASES = {"kz": "kk", "kaz": "kk", "rus": "ru", "eng": "en"}


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """` (did you mean 'mfa'?)` for a near miss among KNOWN, else nothing."""
    import difflib  # here: only a mistyped word needs it, and every `newsbot` start imports this module

    known = list(known)
    alias = LANGUAGE_ALIASES.get(word.lower())
    close = [alias] if alias in known else difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
