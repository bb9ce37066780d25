"""Rules lookup (registry, host table, theme detection), language, metadata, verdict pieces."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import lxml.html
import pytest

from newsbot import sites
from newsbot.items import Article
from newsbot.pages.lang import detect_lang, normalize_lang
from newsbot.pages.published import find_published
from newsbot.pages.rules import PageRules, detect_theme, site_rules, theme_rules, with_page_theme
from newsbot.pages.verdict import check_article, check_bytes

FETCHED = datetime(2026, 11, 1, tzinfo=UTC)


def test_a_sites_rules_come_from_its_registry_entry() -> None:
    by = site_rules(sites.get_site("mfa-by"))
    assert by is not None and by.date == ("span.date._big",)
    assert (by.site, by.timezone, by.encoding) == ("mfa-by", "Europe/Minsk", "windows-1251")
    assert site_rules(sites.get_site("akorda")).site == "akorda"  # type: ignore[union-attr]
    assert site_rules(sites.get_site("mid")).timezone == "Europe/Moscow"  # type: ignore[union-attr]
    # Both Kazinform editions name one theme; a language subdomain's page belongs to the site.
    kk, ru = (site_rules(sites.get_site(name)) for name in ("inform-kk", "inform-ru"))
    assert kk is not None and ru is not None and kk.body == ru.body == (".article__body-text",)
    assert sites.site_for_page("https://kaz.inform.kz/x") == sites.get_site("inform-kk")
    assert sites.site_for_page("https://unknown.example.org/a") is None
    # A mirror or a test server (--base-url) is read with the real site's rules.
    mirror = sites.resolve_site("mid", base_url="http://127.0.0.1:8")
    assert site_rules(mirror) == site_rules(sites.get_site("mid"))
    assert site_rules(sites.resolve_site("https://unknown.example.org/")) is None


def test_registry_site_with_theme_and_selectors(monkeypatch: pytest.MonkeyPatch) -> None:
    site = sites.Site(
        name="janakezen", kind="wordpress", origin="https://jana-kezen.kz", languages=("kk",),
        timezone="Asia/Almaty", theme="jannah", selectors=(("date", "span.custom-date"),),
    )
    import newsbot.pages.rules as rules_module

    monkeypatch.setattr(rules_module, "registry", lambda: {"janakezen": site})
    rules = site_rules(site)
    assert rules is not None
    assert rules.theme == "jannah" and rules.body == ("div.entry-content",)
    assert rules.date == ("span.custom-date",)
    assert rules.site == "janakezen" and not rules.theme_from_page


def test_site_defaults_do_not_break_existing_entries() -> None:
    mfa = sites.get_site("mfa")
    assert (mfa.theme, mfa.selectors) == (None, ())
    assert sites.site_for_host("https://gov.kz/memleket/entities/mfa") == mfa
    assert sites.bare_host("https://WWW.Akorda.kz/ru") == "akorda.kz"


def test_a_site_without_selectors_reads_the_theme_its_page_shows() -> None:
    mfa = site_rules(sites.get_site("mfa"))
    assert mfa is not None and (mfa.site, mfa.timezone, mfa.body, mfa.theme_from_page) == (
        "mfa", "Asia/Almaty", (), True)
    jannah = lxml.html.document_fromstring('<html><body><div id="tie-wrapper"><p>x</p></div></body></html>')
    read = with_page_theme(mfa, jannah)
    assert (read.theme, read.site, read.timezone) == ("jannah", "mfa", "Asia/Almaty")
    assert with_page_theme(None, jannah).theme == "jannah"
    assert with_page_theme(PageRules(), jannah) == PageRules()  # rules given as they are: no detection


def test_page_functions_never_read_the_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsbot.pages.html_article import read_page

    def no_registry() -> dict:
        raise AssertionError("the page layer read the registry")

    page = ('<html lang="ru"><head><title>Консультации</title></head><body><article><h1>Консультации</h1><p>'
            + "Министерство сообщает о консультациях сторон. " * 10 + "</p></article></body></html>").encode()
    rules = site_rules(sites.get_site("akorda"))
    import newsbot.pages.rules as rules_module

    monkeypatch.setattr(sites, "registry", no_registry)
    monkeypatch.setattr(rules_module, "registry", no_registry)
    for given in (rules, None):
        verdict, article = read_page(page, url="https://www.akorda.kz/ru/1", fetched_at=FETCHED, rules=given)
        assert verdict.ok and article is not None and article.title == "Консультации"


def test_theme_detection() -> None:
    jannah = lxml.html.document_fromstring('<html><body><div id="tie-wrapper"><p>x</p></div></body></html>')
    tagdiv = lxml.html.document_fromstring('<html><body><div class="td-post-content">x</div></body></html>')
    plain = lxml.html.document_fromstring("<html><body><p>x</p></body></html>")
    assert detect_theme(jannah).theme == "jannah"  # type: ignore[union-attr]
    assert detect_theme(tagdiv).theme == "newspaper"  # type: ignore[union-attr]
    assert detect_theme(plain) is None
    with pytest.raises(KeyError):
        theme_rules("nope")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Қазақстан мен Беларусь арасында консультациялар өтті", "kk"),
        ("Казахстан и Беларусь провели консультации", "ru"),
        ("Kazakhstan and Belarus held consultations", "en"),
        ("12345", None),
        ("Die Regierung hat am Montag die neue Strategie für die Region vorgestellt und beschlossen", "und"),
        ("Le ministre a présenté la stratégie pour la région et les pays voisins", "und"),
    ],
)
def test_detect_lang(text: str, lang: str | None) -> None:
    assert detect_lang(text) == lang


@pytest.mark.parametrize(("value", "lang"), [("kk-KZ", "kk"), ("ru_RU", "ru"), ("kz", "kk"), ("en-US", "en"),
                                             ("de", "de"), ("de-AT", "de"), ("pt_BR", "pt"), ("und", None),
                                             ("x-klingon", None), (None, None)])
def test_normalize_lang(value: str | None, lang: str | None) -> None:
    assert normalize_lang(value) == lang


DATE_PAGE = """<html><head>{meta}{ld}</head><body>
<article>{time}<span class="d">2 сағат бұрын</span></article></body></html>"""


@pytest.mark.parametrize(
    ("meta", "ld", "time", "want"),
    [
        ('<meta property="article:published_time" content="2020-12-22T09:30:51+06:00">',
         '<script type="application/ld+json">{"datePublished": "2020-12-21"}</script>', "",
         ("2020-12-22T09:30:51+06:00", "meta")),
        ("", '<script type="application/ld+json">[{"@graph": [{"datePublished": "2020-12-21T10:00:00Z"}]}]'
             "</script>",
         '<time datetime="2020-12-20">x</time>', ("2020-12-21T10:00:00Z", "jsonld")),
        ("", '<script type="application/ld+json">{broken</script>', '<time datetime="2020-12-20">x</time>',
         ("2020-12-20", "time")),
        ("", "", "", ("2 сағат бұрын", "text")),
    ],
)
def test_published_preference(meta: str, ld: str, time: str, want: tuple[str, str]) -> None:
    root = lxml.html.document_fromstring(DATE_PAGE.format(meta=meta, ld=ld, time=time))
    fetched = datetime(2025, 6, 1, tzinfo=UTC)
    found = find_published(root, PageRules(date=("span.d",)), url="https://x.kz/n/1", fetched_at=fetched)
    assert (found.raw, found.source) == want


def test_verdict_pieces() -> None:
    assert check_bytes(b"").reason == "empty"
    assert check_bytes(b"   \n").reason == "empty"
    assert check_bytes(b"\xff\xd8\xff\xe0JFIF").reason == "not-html:image"
    assert check_bytes(b"<html></html>").ok
    short = Article(site="x", url="https://x/", lang="kk", title="Тақырып", text="Қысқа мәтін.")
    assert check_article(short).reason == "no-article"
    long = replace(short, text="Ұзын мәтін. " * 40)
    assert check_article(long).ok
    assert check_article(replace(long, title="")).reason == "no-article"


PARAGRAPHS = "".join(
    f"<p>Мемлекет басшысы {n}-ші мәселе бойынша Үкіметке нақты тапсырмалар берді, бақылауға алды.</p>"
    for n in range(1, 6)
)


def _page(title: str, sidebar_cards: int, extra_head: str = "", after_html: str = "") -> bytes:
    cards = "".join(
        f'<div class="card"><h5>20.03.2026</h5><h3><a href="/e/{n}">Оқиға {n} туралы хабар</a></h3></div>'
        for n in range(sidebar_cards)
    )
    return (
        f"<html><head><title>{title}</title>{extra_head}</head><body><main><h1>{title}</h1>"
        f'<div class="event-text">{PARAGRAPHS}</div></main><div class="events-sidebar">{cards}</div>'
        f"</body></html>{after_html}"
    ).encode()


@pytest.mark.parametrize(
    "body",
    [
        _page("Мемлекет басшысы Үкімет отырысын өткізді", sidebar_cards=12),
        _page("404 мектеп жаңа оқу жылына дайын", sidebar_cards=0),
        _page("Үкімет отырысы", 0, '<script src="/cdn-cgi/challenge-platform/scripts/jsd/main.js"></script>'),
        _page("Үкімет отырысы", 0, after_html="<script>" + "var analytics = 1;" * 400 + "</script>"),
    ],
    ids=["sidebar-cards", "404-in-headline", "cloudflare-injected-script", "scripts-after-html"],
)
def test_articles_that_look_like_bad_input_pass(body: bytes) -> None:
    from datetime import UTC, datetime

    from newsbot.pages.html_article import read_page

    fetched = datetime(2026, 1, 1, tzinfo=UTC)
    verdict, article = read_page(body, url="https://news.example.kz/a/1", fetched_at=fetched)
    assert verdict.ok, verdict
    assert article is not None and "5-ші мәселе" in article.text


@pytest.mark.parametrize(
    ("head", "url", "title"),
    [
        ("<title>Сенат одобрил закон | Dala News</title>", "https://dalanews.example.kz/a",
         "Сенат одобрил закон"),
        ('<meta property="og:site_name" content="Steppe Herald"><title>Wheat grows – Steppe Herald</title>',
         "https://x.example.com/a", "Wheat grows"),
        ("<title>Казахстан - Китай: новые маршруты</title>", "https://dalanews.example.kz/a",
         "Казахстан - Китай: новые маршруты"),
    ],
)
def test_title_fallback_drops_only_the_site_name(head: str, url: str, title: str) -> None:
    from newsbot.pages.html_article import find_title

    root = lxml.html.document_fromstring(f"<html><head>{head}</head><body><p>x</p></body></html>")
    assert find_title(root, PageRules(), url) == title


def test_theme_body_without_text_falls_back_to_the_generic_path() -> None:
    from datetime import UTC, datetime

    from newsbot.pages.html_article import extract_article

    body = (
        '<html><head><title>Жаңа саябақ ашылды</title></head><body><div id="tie-wrapper">'
        '<h1 class="post-title entry-title">Жаңа саябақ ашылды</h1><div class="entry-content"></div>'
        f'<div class="builder-section"><div class="builder-text">{PARAGRAPHS}</div></div>'
        "</div></body></html>"
    ).encode()
    fetched = datetime(2026, 1, 1, tzinfo=UTC)
    article = extract_article(body, url="https://news.example.kz/a", fetched_at=fetched)
    assert article.title == "Жаңа саябақ ашылды"
    assert "5-ші мәселе" in article.text


def test_js_shell_and_gzip_are_refused() -> None:
    from datetime import UTC, datetime

    from newsbot.pages.html_article import read_page

    fetched = datetime(2026, 1, 1, tzinfo=UTC)
    shell = b'<html><head><title>gov.kz</title></head><body><div id="root"></div>'
    shell += b'<script src="/app.js"></script></body></html>'
    url = "https://www.gov.kz/memleket/entities/mfa/press/news/details/1"
    assert read_page(shell, url=url, fetched_at=fetched)[0].reason == "no-article"
    assert read_page(b"\x1f\x8b\x08\x00rest", url=url, fetched_at=fetched)[0].reason == "not-html:gzip"


def test_generic_span_restores_a_dropped_list_but_not_distant_chrome(monkeypatch: pytest.MonkeyPatch) -> None:
    import newsbot.pages.generic as generic

    items = "".join(f"<li>Өңір {n} – {n} мың тонна;</li>" for n in range(1, 4))
    more = "<div class='more'><a href='/a'>Тағы бір жаңалық туралы толық мәтін</a></div>"
    story = f"{PARAGRAPHS}<p>Негізгі сатып алушылар:</p><ul>{items}</ul>{more}{PARAGRAPHS}"
    page = (
        "<html><body><div class='box'><p>Басқа бөлім</p></div><div class='story'>"
        f"{story}</div>"
        "<div class='foot'><p>Сайт туралы ақпарат және байланыс деректері.</p></div></body></html>"
    )
    # What trafilatura does on ru_table_holdout: the article without its list.
    without_list = f"<html><body>{PARAGRAPHS}<p>Негізгі сатып алушылар:</p>{PARAGRAPHS}</body></html>"
    monkeypatch.setattr(generic, "trafilatura_html", lambda tree, url: without_list)
    html = generic.generic_body(lxml.html.document_fromstring(page), "https://x.example.kz/a", PageRules())
    assert "Өңір 2 – 2 мың тонна;" in html
    assert "Басқа бөлім" not in html and "байланыс деректері" not in html and "Тағы бір" not in html


def test_title_from_a_heading_the_title_tag_starts_with() -> None:
    from newsbot.pages.html_article import find_title

    page = (
        "<html><head><title>Встреча Министра с Послом | Министерство иностранных дел</title></head>"
        "<body><h2>Последние новости</h2><h2>Встреча Министра с Послом</h2><p>x</p></body></html>"
    )
    assert find_title(lxml.html.document_fromstring(page), PageRules(), "https://mfa.tj/a") == (
        "Встреча Министра с Послом"
    )


def test_wordpress_error404_template_is_not_found() -> None:
    from newsbot.pages.verdict import check_document

    text = '<html><head><title>Ой!</title></head><body class="error404 tie-body"><p>Бос</p></body></html>'
    assert check_document(text, lxml.html.document_fromstring(text)).reason == "not-found"


def test_meta_values_are_read_per_page_and_from_the_body_as_cut() -> None:
    from newsbot.pages.html_article import extract_article
    from newsbot.pages.metadata import read_meta

    def doc(title: str, modified: str) -> bytes:
        return (
            f'<html lang="ru"><head><meta property="og:title" content="{title}"><meta name="og:title" content="x">'
            '</head><body><div class="story"><p>' + "Текст статьи о переговорах. " * 20 + "</p>"
            f'<div class="meta-box"><meta itemprop="dateModified" content="{modified}"></div></div></body></html>'
        ).encode()

    first = lxml.html.document_fromstring(doc("Первая", "2025-01-01").decode())
    second = lxml.html.document_fromstring(doc("Вторая", "2025-02-02").decode())
    assert read_meta(first).get("og:title") == "Первая" and read_meta(second).get("og:title") == "Вторая"
    assert read_meta(first).get("OG:Title") == "Первая" and read_meta(first).get("dateModified") == "2025-01-01"
    rules = PageRules(body=(".story",), drop=(".meta-box",))
    fetched = datetime(2026, 11, 1, tzinfo=UTC)
    dropped = extract_article(doc("Т", "2025-03-03"), url="https://x.kz/1", fetched_at=fetched, rules=rules)
    kept = extract_article(doc("Т", "2025-03-03"), url="https://x.kz/1", fetched_at=fetched,
                           rules=PageRules(body=(".story",)))
    assert (dropped.modified_raw, kept.modified_raw) == (None, "2025-03-03")  # drop selectors hide it, as before
