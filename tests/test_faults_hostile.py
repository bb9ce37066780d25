"""Hostile text: an article body full of scripts, event handlers, `javascript:` links, iframes and CSS URLs; a
title that looks like SQL; full-text queries with broken syntax. The stored HTML has nothing active (nh3, the
Ammonia sanitiser), SQL goes through bound parameters only, and a bad search is one clean line.
"""

from __future__ import annotations

import json

import lxml.html
import pytest
from conftest import run_cli
from fault_crawl import Crawl, assert_one_line_errors, crawl_site, headline_home, html, last_run, query

SQL_TITLE = "Министерство'); DROP TABLE articles; -- сообщает \" OR 1=1"
PARAGRAPH = "Министерство иностранных дел сообщает о консультациях. Стороны обсудили вопросы сотрудничества."
HOSTILE = """
<script>alert('script-body')</script>
<p onclick="steal()">Нажмите <a href="javascript:alert(1)">здесь</a>, <a href=" JaVaScRiPt:alert(2)">там</a>,
<a href="https://www.gov.kz/ru/news" onmouseover="steal()">на сайте</a> или <a href="vbscript:x">тут</a>.</p>
<p><img src="https://example.kz/a.jpg" onerror="steal()" alt="фото"><img src="javascript:alert(3)"></p>
<iframe src="https://evil.example/frame" srcdoc="<script>alert(6)</script>"></iframe>
<div style="background:url(https://evil.example/track.png)">Стиль с адресом.</div>
<style>body{background:url("https://evil.example/x.png")}</style>
<svg onload="steal()"><circle r="1"/></svg>
<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/y.swf">
<form action="https://evil.example/post"><input name="q"><button formaction="javascript:alert(4)">Отправить</button>
</form>
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">данные</a>
<math><mtext><table><mglyph><style><img src=x onerror=alert(5)></style></mglyph></table></mtext></math>
<p>Конец <noscript><img src=x onerror=alert(7)></noscript> статьи.</p>
"""
ACTIVE_TAGS = {"script", "style", "iframe", "object", "embed", "form", "input", "button", "svg", "math", "meta",
               "link", "base", "noscript", "frame", "frameset", "applet"}


def hostile_page() -> str:
    body = " ".join([PARAGRAPH] * 6)
    return ("<!DOCTYPE html><html lang='ru'><head><meta charset='utf-8'><title>x</title>"
            "<base href='https://evil.example/'>"
            "</head><body><div id='tie-wrapper'><h1 class='post-title entry-title'>" + SQL_TITLE.replace("\"", "&quot;")
            + f"</h1><div class='entry-content'><p>{body}</p>{HOSTILE}</div></div></body></html>")


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    routes = {"/": headline_home("javascript:alert(0)", "/news/hostile"), "/news/hostile": html(hostile_page())}
    return crawl_site(routes, tmp_path_factory.mktemp("hostile") / "a.sqlite")


def stored_html(crawl: Crawl) -> str:
    [(html_text,)] = query(crawl.db, "select html from articles")
    return html_text


def test_the_hostile_article_is_archived_and_the_run_ends_well(crawl: Crawl) -> None:
    assert crawl.result.returncode == 0, crawl.result.stderr
    assert_one_line_errors(crawl.result.stderr)
    assert last_run(crawl.db)["new"] == 1
    assert not any("javascript" in path.lower() for path in crawl.paths)  # the listing's javascript: link


def test_the_stored_html_has_no_scripts_handlers_frames_or_css(crawl: Crawl) -> None:
    stored = stored_html(crawl)
    root = lxml.html.fragment_fromstring(stored, create_parent="div")
    assert not {el.tag for el in root.iter() if isinstance(el.tag, str)} & ACTIVE_TAGS
    for element in root.iter():
        assert not [name for name in element.attrib if name.lower().startswith("on") or name == "style"], element
    assert "url(" not in stored and "evil.example" not in stored


def test_the_stored_links_are_http_https_or_mailto_only(crawl: Crawl) -> None:
    root = lxml.html.fragment_fromstring(stored_html(crawl), create_parent="div")
    links = [el.get("href") or el.get("src") for el in root.iter("a", "img") if el.get("href") or el.get("src")]
    assert "https://www.gov.kz/ru/news" in links  # a safe link survives, its handler gone
    assert all(link.startswith(("https://", "http://", "mailto:")) for link in links), links


def test_script_text_does_not_reach_the_plain_text(crawl: Crawl) -> None:
    [(text,)] = query(crawl.db, "select text from articles")
    assert "alert" not in text and "background" not in text
    assert PARAGRAPH in text and "Конец" in text


def test_a_sql_looking_title_is_stored_as_text_and_found_through_bound_parameters(crawl: Crawl) -> None:
    assert query(crawl.db, "select title from articles") == [(SQL_TITLE,)]
    assert query(crawl.db, "select count(*) from sqlite_master where name = 'articles'") == [(1,)]
    found = run_cli("search", "DROP TABLE articles", "--db", str(crawl.db))
    assert found.returncode == 0, found.stderr
    assert SQL_TITLE in found.stdout
    # Input that would break a query built by pasting strings finds nothing, cleanly.
    for hostile in ("x' OR '1'='1", "'; DELETE FROM articles; --"):
        result = run_cli("search", hostile, "--db", str(crawl.db))
        assert (result.returncode, result.stdout, result.stderr) == (0, "", f"no article matches {hostile!r}\n")
        result = run_cli("search", "Конец", "--db", str(crawl.db), "--site", hostile)
        assert (result.returncode, result.stdout) == (2, "")
        assert result.stderr.startswith(f"Error: --site {hostile!r}: the archive has no such site"), result.stderr
    exported = run_cli("export", "-o", "-", "--db", str(crawl.db), "--site", "' OR 1=1 --")
    assert exported.returncode == 2, exported.stderr
    assert exported.stderr.startswith("Error: --site \"' OR 1=1 --\": the archive has no such site")
    assert exported.stdout == ""
    everything = run_cli("export", "-o", "-", "--db", str(crawl.db))
    assert json.loads(everything.stdout)["title"] == SQL_TITLE
    assert query(crawl.db, "select count(*) from articles") == [(1,)]


@pytest.mark.parametrize("broken", ['консультации AND ("', "NEAR(", "title: OR", '"unterminated', "*"])
def test_a_search_with_broken_fts_syntax_is_one_clean_line(crawl: Crawl, broken: str) -> None:
    result = run_cli("search", "--fts", broken, "--db", str(crawl.db))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: cannot read the search query")
    assert_one_line_errors(result.stderr)
