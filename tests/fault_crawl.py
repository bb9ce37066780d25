"""What the fault suites (tests/test_faults_*.py) share: an imitation site whose home page links each fault
next to a good article, one real crawl of it through the CLI, and readers of what the run left behind."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conftest import FAST, run_cli
from site_helpers import NO_ROBOTS, query  # noqa: F401 (query: the fault tests import it from here)
from site_server import Answer, Site, serve

# Fault crawls give up at once: retries are the network suite's subject, not these.
NO_RETRIES = ("-s", "RETRY_TIMES=0")


def headline_home(*paths: str) -> Answer:
    """A home page whose headline links (the auto kind's last way in) lead to `paths`, in that order."""
    links = "".join(f"<h3><a href='{path}'>{path}</a></h3>" for path in paths)
    return Answer(f"<html><body><main>{links}</main></body></html>".encode())


def html(text: str, *, charset: str = "utf-8", status: int = 200, content_type: str | None = None) -> Answer:
    return Answer(text.encode(charset), content_type or f"text/html; charset={charset}", status)


def article_page(title: str, paragraph: str, *, lang: str = "ru", extra: str = "", meta_charset: str = "utf-8") -> str:
    """A plain article page: a headline, a date, and a paragraph repeated to an article's length."""
    body = " ".join([paragraph] * 8)
    meta = f"<meta charset='{meta_charset}'>" if meta_charset else ""
    return (f"<!DOCTYPE html><html lang='{lang}'><head>{meta}<title>{title}</title>"
            f"<meta property='og:type' content='article'>"
            f"<meta property='article:published_time' content='2025-07-01T10:00:00+05:00'></head>"
            f"<body><article><h1>{title}</h1><div class='entry-content'><p>{body}</p>{extra}"
            f"<p>{paragraph}</p></div></article></body></html>")


@dataclass
class Crawl:
    result: subprocess.CompletedProcess[str]
    db: Path
    site: Site
    paths: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The site's name in the archive: an unknown site is named by host and port."""
        return self.site.url.removeprefix("http://")

    def url(self, path: str) -> str:
        return self.site.url + path


def crawl_running(site: Site, db: Path, *args: str) -> Crawl:
    """One real crawl of a running imitation; `site.routes` may be changed between crawls."""
    seen = len(site.requests)
    result = run_cli("crawl", site.url + "/", "--db", str(db), *FAST, *NO_RETRIES, *args)
    return Crawl(result, db, site, site.paths()[seen:])


def crawl_site(routes: dict[str, Answer], db: Path, *args: str) -> Crawl:
    """One real crawl of the imitation `routes` (robots.txt allows everything unless given)."""
    with serve({**NO_ROBOTS, **routes}) as site:
        return crawl_running(site, db, *args)


def last_run(db: Path) -> dict[str, Any]:
    """The newest crawl_runs row, its JSON columns parsed."""
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        row = dict(conn.execute("select * from crawl_runs order by id desc limit 1").fetchone())
    row["dropped_by_reason"] = json.loads(row["dropped_by_reason"] or "{}")
    row["stats"] = json.loads(row["stats"] or "{}")
    return row


def no_traceback(stderr: str) -> bool:
    """Users never see a traceback, nor Scrapy's report of an error inside a pipeline or callback."""
    return "Traceback" not in stderr and 'File "' not in stderr and "Error processing" not in stderr


def assert_one_line_errors(stderr: str) -> None:
    assert no_traceback(stderr), stderr


def self_signed_tls(site: Site, tmp: Path) -> str:
    """Serve `site` over TLS with a certificate no one trusts (made here for 127.0.0.1); returns its https URL."""
    import datetime
    import ipaddress
    import ssl

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now)
            .not_valid_after(now + datetime.timedelta(days=3650))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    (tmp / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                    serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp / "cert.pem", tmp / "key.pem")
    site.server.socket = context.wrap_socket(site.server.socket, server_side=True)
    return site.url.replace("http://", "https://")
