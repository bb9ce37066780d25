"""Is this an article at all? Pure checks a crawl and `newsbot extract` share, each naming its reason.

Reasons: empty, not-html:pdf|image|zip|binary, truncated, challenge (anti-bot page), not-found (soft 404),
error-page (a server error shown with status 200), listing (a list of links, not one article), login-wall (a
log-in form instead of the text), mojibake (garbled letters that could not be repaired), no-article (nothing
article-like extracted), too-complex (an element with thousands of attributes, which would take the parser
minutes: newsbot/pages/bounds.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html

from newsbot.cleaning.structure import chrome_reason
from newsbot.cleaning.text import letters as count_letters
from newsbot.items import Article
from newsbot.pages.bounds import too_complex
from newsbot.pages.encoding import still_mojibake

_MAGIC = (
    (b"%PDF-", "not-html:pdf"),
    (b"\x89PNG\r\n\x1a\n", "not-html:image"),
    (b"\xff\xd8\xff", "not-html:image"),
    (b"GIF87a", "not-html:image"),
    (b"GIF89a", "not-html:image"),
    (b"PK\x03\x04", "not-html:zip"),
    (b"\x1f\x8b", "not-html:gzip"),  # a compressed response saved without decompressing
    (b"\xd0\xcf\x11\xe0", "not-html:office"),
)
# Anti-bot interstitials (Cloudflare, DDoS-Guard, Servicepipe-style JS checks such as mid.ru's), lower case.
# Plain substring tests on the lower-cased page: a case-insensitive regex alternation took a millisecond a page.
_CHALLENGE_MARKERS = (
    # Not "challenge-platform": Cloudflare injects that script into ordinary pages too.
    "cf-browser-verification", "cf_chl_", "checking your browser", "just a moment...", "ddos-guard", "__js_p_",
    "servicepipe", "enable javascript and cookies", "проверка браузера", "проверяем ваш браузер",
    "please wait while we verify", "captcha-delivery", 'id="challenge',
)
_CLOSING = re.compile(r"</(body|html)\s*>", re.IGNORECASE)
# Soft 404s: a 200 page whose title or heading says the page does not exist (kk, ru, en).
_NOT_FOUND = re.compile(
    # A bare "404" is not enough: "404 мектеп" can be a headline.
    r"^\s*404\s*([|:–—-]|$)|\b404\s*(error|not found|ошибка|қате)|(error|ошибка|қате)\s*404|page not found"
    r"|can.t be found|page does not exist|страница не найдена|ничего не найдено|страница не существует"
    r"|бет табылмады|парақ табылмады|ештеңе табылмады|сұраған бетіңіз",
    re.IGNORECASE,
)
# Server errors a site shows with status 200: only in the <title> or the <h1>, where a headline would be.
_ERROR_PAGE = re.compile(
    r"^\s*(500|502|503)\s*([|:–—-]|$)|\b(500|502|503)\s*(error|ошибка|қате)|internal server error"
    r"|service (temporarily )?unavailable|bad gateway|database error|ошибка сервера|внутренняя ошибка"
    r"|сервис временно недоступен|сайт временно недоступен|сервер қатесі|уақытша қолжетімсіз",
    re.IGNORECASE,
)
# Fewer letters than this in the cleaned text is not an article (a caption, a teaser, a stub) ...
MIN_ARTICLE_CHARS = 200
# ... unless the page declares itself an article: ministries publish one-paragraph statements and
# announcements. Such a page is kept from this many letters (one sentence), with the note "short".
MIN_SHORT_ARTICLE_CHARS = 40
# A challenge page is short; a long article that merely mentions "captcha" is not one.
MAX_CHALLENGE_TEXT = 2000
# A listing: many headline links, no article markup, and less text than a long article.
LISTING_MIN_LINKS = 8
LISTING_MAX_LETTERS = 3000


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str | None = None
    detail: str = ""
    # What was done to a page that passed, for the run's stats: "repaired-mojibake".
    notes: tuple[str, ...] = ()


def check_bytes(body: bytes) -> Verdict:
    if not body or not body.strip():
        return Verdict(False, "empty", "no bytes")
    head = body.lstrip()[:16]
    for magic, reason in _MAGIC:
        if head.startswith(magic):
            return Verdict(False, reason, f"starts with {magic[:5]!r}")
    sample = body[:4096]
    if sample.count(b"\x00") > len(sample) // 20 and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Verdict(False, "not-html:binary", "NUL bytes")
    if why := too_complex(body):  # parsing it would stall the crawl (newsbot/pages/bounds.py)
        return Verdict(False, "too-complex", why)
    return Verdict(True)


def _is_challenge(text: str) -> bool:
    lowered = text.lower()
    return any(marker in lowered for marker in _CHALLENGE_MARKERS)


# A closing tag is nearly always within the page's last bytes; the whole text is searched only when it is not.
_TAIL_CHARS = 2048


def _closes(text: str) -> bool:
    return bool(_CLOSING.search(text, max(0, len(text) - _TAIL_CHARS)) or _CLOSING.search(text))


def check_document(text: str, root: lxml.html.HtmlElement | None) -> Verdict:
    if root is None:
        return Verdict(False, "empty", "no HTML document")
    if not _closes(text):
        return Verdict(False, "truncated", "no </body> or </html>: the download was cut off")
    # The markers first: most pages have none, and then their visible text need not be measured.
    if _is_challenge(text) and len(" ".join(root.text_content().split())) < MAX_CHALLENGE_TEXT:
        return Verdict(False, "challenge", "anti-bot interstitial")
    body = root.find("body")
    if body is not None and "error404" in (body.get("class") or "").split():  # WordPress 404 template
        return Verdict(False, "not-found", "WordPress error404 template")
    headings = [root.findtext(".//title") or ""] + [h.text_content() for h in root.iter("h1")]
    for heading in headings:
        if _NOT_FOUND.search(heading):
            return Verdict(False, "not-found", f"page says {' '.join(heading.split())[:80]!r}")
        if _ERROR_PAGE.search(heading):
            return Verdict(False, "error-page", f"page says {' '.join(heading.split())[:80]!r}")
    return Verdict(True)


_CHROME_AREAS = {"aside", "nav", "footer", "header"}


def _in_chrome_area(element: lxml.html.HtmlElement, known: dict[lxml.html.HtmlElement, bool]) -> bool:
    """Inside a sidebar, related-posts block, menu or footer: teasers there sit next to any article. `known`:
    the answers for elements asked before (a listing's links share their ancestors)."""
    parent = element.getparent()
    if parent is None or parent.tag in ("body", "html"):
        return False
    if parent not in known:
        known[parent] = (
            parent.tag in _CHROME_AREAS or chrome_reason(parent) is not None or _in_chrome_area(parent, known)
        )
    return known[parent]


def _headline_links(root: lxml.html.HtmlElement) -> int:
    """Links that are, or wrap, a heading outside chrome areas: one per teaser card on a listing page."""
    count = 0
    known: dict[lxml.html.HtmlElement, bool] = {}
    for link in root.iter("a"):
        parent = link.getparent()
        in_heading = parent is not None and parent.tag in ("h2", "h3", "h4")
        wraps_heading = any(child.tag in ("h2", "h3", "h4") for child in link)
        if (in_heading or wraps_heading) and link.text_content().strip() and not _in_chrome_area(link, known):
            count += 1
    return count


def _article_signals(root: lxml.html.HtmlElement) -> bool:
    """The page declares itself one article (Open Graph type, publication meta, JSON-LD type)."""
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").lower()
        value = (meta.get("content") or "").lower()
        if (key == "og:type" and value == "article") or key == "article:published_time":
            return True
    for script in root.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and re.search(
            r'"@type"\s*:\s*"(NewsArticle|Article|BlogPosting|ReportageNewsArticle)"', script.text or ""
        ):
            return True
    return False


def _headed_article(root: lxml.html.HtmlElement) -> bool:
    """An `<article>` element with a headline inside: a CMS's single-post template."""
    return any(
        heading.tag in ("h1", "h2") and heading.text_content().strip()
        for article in root.iter("article")
        for heading in article.iter("h1", "h2")
    )


def check_article(article: Article, root: lxml.html.HtmlElement | None = None, *, listed: bool = False) -> Verdict:
    """`listed`: the site's feed or sitemap listed the page, which says it is an article however short."""
    letters = count_letters(article.text)
    signals = root is not None and _article_signals(root)
    if root is not None:
        links = _headline_links(root)
        if links >= LISTING_MIN_LINKS and not signals and letters < LISTING_MAX_LETTERS:
            return Verdict(False, "listing", f"{links} headline links and no article markup")
    notes: tuple[str, ...] = ()
    if letters < MIN_ARTICLE_CHARS:
        # Not the CSS `[type="password" i]`: its case flag needs a newer cssselect than other packages may hold.
        if root is not None and any((field.get("type") or "").lower() == "password" for field in root.iter("input")):
            return Verdict(False, "login-wall", "a password field and no article text")
        declared = listed or (root is not None and (signals or _headed_article(root)))
        if letters < MIN_SHORT_ARTICLE_CHARS or not declared:
            return Verdict(False, "no-article", f"{letters} letters of article text")
        notes = ("short",)
    if not article.title:
        return Verdict(False, "no-article", "no title")
    if still_mojibake(article.title) or still_mojibake(article.text):
        return Verdict(False, "mojibake", "garbled letters that could not be repaired")
    return Verdict(True, notes=notes)


def judge_page(body: bytes, text: str, root: lxml.html.HtmlElement | None, article: Article) -> Verdict:
    """All checks in order; the first failure is the verdict."""
    for verdict in (check_bytes(body), check_document(text, root), check_article(article, root)):
        if not verdict.ok:
            return verdict
    return Verdict(True)
