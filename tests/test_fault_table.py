"""docs/faults.md stays true: every row has a fault, an outcome and tests; every test it names exists; every test
in tests/test_faults_*.py is named in some row. Test names are found with `ast` (a parametrized test is one)."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).parent.parent
DOC = ROOT / "docs" / "faults.md"
HEADER = ("fault", "expected outcome", "test")
_REF = re.compile(r"^(?P<path>tests/[\w/]+\.py)::(?P<name>\w+)(\[[^\]]*\])?$")


@dataclass(frozen=True)
class Row:
    section: str
    line: int
    fault: str
    outcome: str
    tests: tuple[str, ...]


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def table_rows(text: str) -> list[Row]:
    """The rows of every `| fault | expected outcome | test |` table, with the section they are under."""
    rows: list[Row] = []
    section, in_table = "", False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("## "):
            section, in_table = line[3:].strip(), False
        elif not line.startswith("|"):
            in_table = False
        elif tuple(cell.lower() for cell in _cells(line)) == HEADER:
            in_table = True
        elif in_table and not re.fullmatch(r"\|[\s|:-]+\|", line.strip()):
            cells = [*_cells(line), "", "", ""]
            tests = tuple(ref.strip().strip("`") for ref in cells[2].split(",") if ref.strip())
            rows.append(Row(section, number, cells[0], cells[1], tests))
    return rows


def functions_in(path: Path) -> set[str]:
    """Module-level test functions of a test file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in tree.body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test_")}


def problems(doc: Path, root: Path) -> list[str]:
    """What makes the table untrue, one line each; empty when it holds."""
    found: list[str] = []
    rows = table_rows(doc.read_text(encoding="utf-8"))
    if not rows:
        found.append(f"{doc.name}: no fault table")
    named: set[tuple[str, str]] = set()
    for row in rows:
        where = f"{doc.name}:{row.line} ({row.section})"
        if not row.fault:
            found.append(f"{where}: a row without a fault")
        if not row.outcome:
            found.append(f"{where}: {row.fault!r} has no expected outcome")
        if not row.tests:
            found.append(f"{where}: {row.fault!r} names no test")
        for ref in row.tests:
            match = _REF.match(ref)
            if match is None:
                found.append(f"{where}: {ref!r} is not tests/<file>.py::<test>")
                continue
            path, name = match["path"], match["name"]
            if not (root / path).is_file():
                found.append(f"{where}: {path} does not exist")
            elif name not in functions_in(root / path):
                found.append(f"{where}: {path} has no test {name}")
            else:
                named.add((path, name))
    for path in sorted((root / "tests").glob("test_faults_*.py")):
        relative = path.relative_to(root).as_posix()
        for name in sorted(functions_in(path)):
            if (relative, name) not in named:
                found.append(f"{relative}::{name} is in no row of {doc.name}")
    return found


def test_the_fault_table_holds() -> None:
    assert problems(DOC, ROOT) == []


def test_the_fault_table_has_the_sections_of_issue_9() -> None:
    sections = {row.section for row in table_rows(DOC.read_text(encoding="utf-8"))}
    assert {"Content", "Encodings", "Hostile text", "Process", "Hardening"} <= sections


# --- the checker can fail ---------------------------------------------------------------------------------

GOOD_ROW = "| empty 200 | dropped: `empty` | tests/test_faults_x.py::test_a |"


def tree(tmp_path: Path, rows: list[str], tests: str = "def test_a():\n    pass\n") -> Path:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_faults_x.py").write_text(tests, encoding="utf-8")
    doc = tmp_path / "faults.md"
    doc.write_text("# F\n\n## Content\n\n| fault | expected outcome | test |\n|---|---|---|\n" + "\n".join(rows) + "\n",
                   encoding="utf-8")
    return doc


def test_a_true_table_passes(tmp_path: Path) -> None:
    doc = tree(tmp_path, [GOOD_ROW], "import pytest\n@pytest.mark.parametrize('x', [1, 2])\ndef test_a(x):\n    pass\n")
    assert problems(doc, tmp_path) == []
    assert table_rows(doc.read_text())[0] == Row("Content", 7, "empty 200", "dropped: `empty`",
                                                 ("tests/test_faults_x.py::test_a",))


def test_a_row_without_an_outcome_fails(tmp_path: Path) -> None:
    doc = tree(tmp_path, [GOOD_ROW, "| truncated |  | tests/test_faults_x.py::test_a |"])
    assert problems(doc, tmp_path) == ["faults.md:8 (Content): 'truncated' has no expected outcome"]


def test_a_row_naming_a_missing_test_or_file_fails(tmp_path: Path) -> None:
    doc = tree(tmp_path, [GOOD_ROW, "| x | y | tests/test_faults_x.py::test_gone, tests/test_nope.py::test_a |",
                          "| z | w | test_a |"])
    assert problems(doc, tmp_path) == [
        "faults.md:8 (Content): tests/test_faults_x.py has no test test_gone",
        "faults.md:8 (Content): tests/test_nope.py does not exist",
        "faults.md:9 (Content): 'test_a' is not tests/<file>.py::<test>",
    ]


def test_a_fault_test_in_no_row_fails(tmp_path: Path) -> None:
    doc = tree(tmp_path, [GOOD_ROW], "def test_a():\n    pass\n\ndef test_b():\n    pass\n\ndef helper():\n    pass\n")
    assert problems(doc, tmp_path) == ["tests/test_faults_x.py::test_b is in no row of faults.md"]
