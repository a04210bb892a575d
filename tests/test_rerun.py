"""Rerunning: every chapter runs in a fresh kernel, and a data edit always reaches the book."""

from __future__ import annotations

import csv
import io
import subprocess

import jupytext
import pytest
from conftest import run_briefing
from nbclient import NotebookClient

from briefing import ROOT, narrative
from briefing.build import is_notebook

pytestmark = pytest.mark.book

CHAPTERS = [p for p in narrative.chapter_files(ROOT) if is_notebook(p)]


# From the chapter's own folder (as JupyterLab and the build run it) each chapter is run in a fresh
# kernel by tests/test_lab.py, which asserts no cell fails and every output equals the page's.
@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_runs_top_to_bottom_in_a_fresh_kernel_from_the_repository_root(chapter):
    notebook = jupytext.read(chapter)
    NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []


def _set_summary(copy, symbol: str, text: str) -> str:
    path = copy / "data" / "instruments.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    old = next(r for r in rows if r["symbol"] == symbol)["summary"]
    for row in rows:
        if row["symbol"] == symbol:
            row["summary"] = text
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return old


def _pdf_text(copy) -> str:
    out = subprocess.run(["pdftotext", str(copy / "_build" / "pdf" / "briefing-book.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


@pytest.mark.book
def test_a_csv_edit_reaches_html_and_pdf_and_back(book_copy):
    page = book_copy / "_build" / "html" / "book" / "instruments.html"
    marker = "Marker sentence for the rebuild test"
    original = _set_summary(book_copy, "S/RES/1963 (2010)", marker + ".")
    result = run_briefing("build", cwd=book_copy, check=True)
    assert "book/instruments.md: executing" in result.stdout
    assert "book/letter.md: inputs unchanged, execution reused" in result.stdout  # reads no CSV
    assert marker in page.read_text(encoding="utf-8")
    assert marker in _pdf_text(book_copy)

    _set_summary(book_copy, "S/RES/1963 (2010)", original)
    run_briefing("build", cwd=book_copy, check=True)
    assert marker not in page.read_text(encoding="utf-8")
    assert marker not in _pdf_text(book_copy)
    assert original.split(";")[0] in page.read_text(encoding="utf-8")


@pytest.mark.book
def test_each_page_offers_its_notebook(built_book):
    for chapter in CHAPTERS:
        rel = chapter.relative_to(ROOT).with_suffix(".ipynb")
        assert (built_book.html / "_sources" / rel).exists(), rel
        page = (built_book.html / rel.with_suffix(".html")).read_text(encoding="utf-8")
        assert f"_sources/{rel.as_posix()}" in page
        assert (built_book.notebooks / f"{chapter.stem}.ipynb").exists()
