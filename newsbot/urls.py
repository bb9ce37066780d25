"""Canonical URLs: one key per article however a site or a share link spells its address."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

# Tracking parameters that never select content.
TRACKING_PARAMS = {"fbclid", "gclid", "yclid", "dclid", "msclkid", "igshid", "mc_cid", "mc_eid", "_ga", "ref_src"}
DEFAULT_PORTS = {"http": 80, "https": 443}


def _is_tracking(name: str) -> bool:
    return name.lower().startswith("utm_") or name.lower() in TRACKING_PARAMS


def canonical_url(url: str) -> str:
    """https, no `www.`, no default port, no fragment, no trailing slash, no tracking parameters.

    Parameters that select content (gov.kz `?lang=`, `?id=`) are kept, sorted so their order does not matter.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme == "http":
        scheme = "https"
    host = (parts.hostname or "").lower().rstrip(".")
    host = host.removeprefix("www.")
    port = parts.port
    netloc = host if port is None or port in DEFAULT_PORTS.values() else f"{host}:{port}"
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k))
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def absolute_url(base: str, link: str) -> str | None:
    """`link` resolved against `base`; None when the result is no usable URL (`http://[::1/x`, a port of 99999),
    which urljoin, urlsplit and Scrapy would raise on, losing whatever listed it."""
    try:
        joined = urljoin(base, link.strip())
        parts = urlsplit(joined)
        parts.port  # noqa: B018 (raises on a bad port)
    except ValueError:
        return None
    return joined
