"""An incremental build leaves exactly what a clean build of the same inputs leaves.

After an ``events.csv`` edit (six chapters re-executed, the rest reused, Sphinx and LaTeX
incremental, Sphinx writing only some of the HTML pages), every page, figure, table and download
of the HTML tree (``_static`` and the search index ``searchindex.js`` with it), every executed
notebook and the PDF's text and pages must equal those of a clean build of a copy with the same
edit. The PDF's own dates and ID are left aside (xelatex stamps them).
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import run_briefing

from briefing.build import Layout

pytestmark = pytest.mark.book


def edit_first_title(repo: Path) -> None:
    path = repo / "data" / "events.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    column = rows[0].index("title")
    rows[1][column] += " (edited for the incremental test)"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def files(top: Path) -> dict[str, bytes]:
    return {p.relative_to(top).as_posix(): p.read_bytes() for p in sorted(top.rglob("*")) if p.is_file()}


def pdf_pages_and_text(pdf: Path) -> tuple[str, str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = next(line for line in info.splitlines() if line.startswith("Pages:"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return pages, text


def pages_written(layout: Layout) -> list[str]:
    """The pages Sphinx's HTML build wrote in the last build (its log)."""
    log = re.sub(r"\x1b\[[0-9;]*m", "", layout.log_file.read_text(encoding="utf-8"))
    html = log[log.index("=== briefing: html begins ===") :]
    return re.findall(r"^writing output\.\.\. \[\s*\d+%\] (\S+)$", html, flags=re.M)


def test_an_incremental_build_equals_a_clean_build(book_copy, tmp_path):
    # book_copy is put back as built after the test (tests/conftest.py): no rebuild to undo the edit
    edit_first_title(book_copy)
    incremental = run_briefing("build", cwd=book_copy, check=True)
    assert "inputs unchanged, execution reused" in incremental.stdout  # it was incremental
    written = pages_written(Layout(book_copy))
    clean_repo = tmp_path / "clean"
    shutil.copytree(book_copy, clean_repo, ignore=shutil.ignore_patterns("_build", ".venv", "__pycache__"))
    run_briefing("build", cwd=clean_repo, check=True)
    a, b = Layout(book_copy), Layout(clean_repo)
    html_a, html_b = files(a.html), files(b.html)
    html_a.pop(a.pdf.name), html_b.pop(b.pdf.name)  # the PDF, compared below without its dates
    assert sorted(html_a) == sorted(html_b)
    pages = pages_written(b)
    assert 0 < len(written) < len(pages)  # Sphinx wrote only some pages, a clean build all
    assert html_a["searchindex.js"] == html_b["searchindex.js"]
    assert {n: d for n, d in html_a.items() if n.startswith("_static/")} == {n: d for n, d in html_b.items() if n.startswith("_static/")}
    differing = [name for name in html_a if html_a[name] != html_b[name]]
    assert differing == []
    assert files(a.notebooks) == files(b.notebooks)
    assert pdf_pages_and_text(a.pdf) == pdf_pages_and_text(b.pdf)
