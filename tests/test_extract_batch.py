"""`newsbot extract` on many pages in one process: one JSON line per page, a failed page costs its own line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsbot.cli import cli, extract

FIXTURES = Path(__file__).parent / "fixtures" / "pages"
FETCHED = "2026-11-01T12:00:00+00:00"


def run(*args: str):
    return CliRunner().invoke(cli, ["extract", *args], catch_exceptions=False)


def lines(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def fixture_url(page: Path) -> str:
    return json.loads(page.with_name(page.stem + ".expected.json").read_text(encoding="utf-8"))["url"]


ARTICLES = [FIXTURES / "jannah" / "seed003_kk.html", FIXTURES / "akorda" / "kk_event.html",
            FIXTURES / "english" / "en_article.html"]


def saved(tmp_path: Path, pages: list[Path], *, with_map: bool = True) -> Path:
    """The pages copied into tmp_path/pages/<site>/ and, with_map, a map.tsv in tmp_path/pages."""
    folder = tmp_path / "pages"
    rows = []
    for page in pages:
        target = folder / page.parent.name / page.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page, target)
        rows.append(f"{page.parent.name}/{page.name}\t{fixture_url(page)}")
    if with_map:
        (folder / "map.tsv").write_text("# saved pages\n\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return folder


def test_a_folder_with_a_map_gives_the_single_page_records(tmp_path: Path) -> None:
    folder = saved(tmp_path, ARTICLES)
    result = run(str(folder), "--urls", str(folder / "map.tsv"), "--fetched-at", FETCHED)
    assert result.exit_code == 0, result.output
    records = lines(result)
    # Every page once, in path order, and nothing but .html/.htm (the map itself is no page).
    assert [Path(r["path"]).relative_to(folder).as_posix() for r in records] == sorted(
        f"{p.parent.name}/{p.name}" for p in ARTICLES)
    for record in records:
        page = FIXTURES / Path(record.pop("path")).relative_to(folder)
        single = run(str(page), "--url", fixture_url(page), "--fetched-at", FETCHED)
        assert single.exit_code == 0
        assert record == json.loads(single.stdout)
    assert "3 pages, 3 articles, 0 failed" in result.stderr


def test_the_map_alone_names_the_batch(tmp_path: Path) -> None:
    folder = saved(tmp_path, ARTICLES[:2])
    result = run("--urls", str(folder / "map.tsv"), "--fetched-at", FETCHED)
    assert result.exit_code == 0, result.output
    in_path_order = sorted(ARTICLES[:2], key=lambda p: (p.parent.name, p.name))
    assert [r["url"] for r in lines(result)] == [fixture_url(p) for p in in_path_order]


def test_without_a_map_the_page_names_its_url(tmp_path: Path) -> None:
    body = (FIXTURES / "english" / "en_article.html").read_text(encoding="utf-8")
    named = tmp_path / "named.htm"
    named.write_text(body.replace("<head>", '<head><link rel="canonical" href="https://www.gov.kz/x/1">', 1),
                     encoding="utf-8")
    unnamed = tmp_path / "unnamed.html"
    unnamed.write_text(body, encoding="utf-8")
    result = run(str(named), str(unnamed), "--fetched-at", FETCHED)
    assert result.exit_code == extract.EXIT_NO_ARTICLE
    first, second = lines(result)
    assert (first["ok"], first["url"]) == (True, "https://www.gov.kz/x/1")
    assert (second["ok"], second["reason"], second["url"]) == (False, "no-url", None)


def test_a_bad_page_costs_only_its_own_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = saved(tmp_path, [ARTICLES[0], FIXTURES / "bad" / "pdf_saved.html", FIXTURES / "bad" / "empty.html"])
    (folder / "binary.html").write_bytes(bytes(range(8)) * 2048)  # one byte in eight a NUL
    limit = ARTICLES[0].stat().st_size  # the largest page that is no too-large
    (folder / "huge.html").write_bytes(b"<html><body>" + b"<p>x</p>" * (limit // 8) + b"</body></html>")
    with (folder / "map.tsv").open("a", encoding="utf-8") as tsv:
        tsv.write("binary.html\thttps://example.kz/binary\nhuge.html\thttps://example.kz/huge\n"
                  "gone.html\thttps://example.kz/gone\n")
    monkeypatch.setattr(extract, "MAX_PAGE_BYTES", limit)
    result = run(str(folder), str(folder / "map.tsv"), "--urls", str(folder / "map.tsv"), "--fetched-at", FETCHED)
    assert result.exit_code == extract.EXIT_NO_ARTICLE
    by_name = {Path(r["path"]).name: r for r in lines(result)}
    assert set(by_name) == {"seed003_kk.html", "pdf_saved.html", "empty.html", "binary.html", "huge.html",
                            "map.tsv"}  # map.tsv: given by name, so read as a page
    assert by_name["seed003_kk.html"]["ok"] is True
    reasons = {name: r["reason"] for name, r in by_name.items() if not r["ok"]}
    assert reasons == {"pdf_saved.html": "not-html:pdf", "empty.html": "empty", "binary.html": "not-html:binary",
                       "huge.html": "too-large", "map.tsv": "no-url"}
    assert "Traceback" not in result.output
    # A map entry whose file is gone is one line too, when the map names the batch.
    result = run("--urls", str(folder / "map.tsv"), "--fetched-at", FETCHED)
    gone = [r for r in lines(result) if Path(r["path"]).name == "gone.html"]
    assert [(r["ok"], r["reason"], r["url"]) for r in gone] == [(False, "unreadable", "https://example.kz/gone")]


def test_progress_on_stderr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = saved(tmp_path, [*ARTICLES, FIXTURES / "akorda" / "ru_event.html", FIXTURES / "elkz" / "kk_article.html"])
    monkeypatch.setattr(extract, "PROGRESS_EVERY", 2)
    result = run(str(folder), "--urls", str(folder / "map.tsv"), "--fetched-at", FETCHED)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "newsbot extract: 2/5 pages, 0 failed", "newsbot extract: 4/5 pages, 0 failed",
        "newsbot extract: 5 pages, 5 articles, 0 failed"]


@pytest.mark.parametrize("args", [
    ["A", "B", "--url", "https://x.kz/"],      # --url names one page
    ["FOLDER", "--url", "https://x.kz/"],
    ["A", "--url", "https://x.kz/", "--urls", "MAP"],
    [],                                        # nothing to read
    ["--urls", "BADMAP"],
    ["A", "--fetched-at", "yesterday"],
    ["A", "--site", "no-such-site"],
])
def test_usage_errors(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "a.html").write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
    (tmp_path / "map.tsv").write_text("a.html\thttps://x.kz/a\n", encoding="utf-8")
    (tmp_path / "bad.tsv").write_text("a.html https://x.kz/a\n", encoding="utf-8")
    names = {"A": "a.html", "B": "map.tsv", "FOLDER": ".", "MAP": "map.tsv", "BADMAP": "bad.tsv"}
    result = run(*(str(tmp_path / names[a]) if a in names else a for a in args))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""


def test_several_processes_give_the_same_lines_in_the_same_order(tmp_path: Path) -> None:
    folder = saved(tmp_path, [*ARTICLES, FIXTURES / "bad" / "pdf_saved.html", FIXTURES / "akorda" / "ru_event.html"])
    args = (str(folder), "--urls", str(folder / "map.tsv"), "--fetched-at", FETCHED)
    alone, pooled = run(*args, "--jobs", "1"), run(*args, "--jobs", "2")
    assert (alone.exit_code, pooled.exit_code) == (1, 1)
    assert pooled.stdout == alone.stdout
    assert len(lines(alone)) == 5
