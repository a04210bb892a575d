"""An incremental build leaves exactly what a clean build of the same inputs leaves.

After an ``events.csv`` title edit (the four chapters that read titles or the whole file
re-executed, the rest reused, the front page and "After the meeting" among them because they read
other columns only; Sphinx and LaTeX incremental, Sphinx writing only some of the HTML pages),
every page, figure, table and download of the HTML tree (``_static`` and the search index
``searchindex.js`` with it), every executed notebook and the PDF's text and pages must equal those
of a clean build of a copy with the same edit. The PDF's own dates and ID are left aside (xelatex
stamps them). And an edit of a column a chapter does read executes it again.
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


def edit_first_row(repo: Path, file: str, column: str, change) -> None:
    """Rewrite one cell of the first data row of ``data/<file>`` with ``change(old value)``."""
    path = repo / "data" / file
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    at = rows[0].index(column)
    rows[1][at] = change(rows[1][at])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def edit_first_title(repo: Path) -> None:
    edit_first_row(repo, "events.csv", "title", lambda v: v + " (edited for the incremental test)")


REUSED, EXECUTING = "{}: inputs unchanged, execution reused", "{}: executing"


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
    for chapter in ("book/index.md", "book/after.md"):  # they read no title of events.csv
        assert REUSED.format(chapter) in incremental.stdout
    for chapter in ("book/background.md", "book/chronology.md", "book/guide.md", "book/sources.md"):
        assert EXECUTING.format(chapter) in incremental.stdout
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


@pytest.mark.parametrize(
    ("file", "column", "change", "executing", "reused"),
    [
        # the founding day: a column the front page and after the meeting read (the meeting's
        # date, the founding year), though neither shows the day; the chronology shows it
        ("events.csv", "start", lambda v: v[:-2] + ("24" if v[-2:] != "24" else "23"), ["book/index.md", "book/after.md"], []),
        # a title of instruments.csv: the front page sorts instruments into tables by title
        ("instruments.csv", "title", lambda v: v + " (edited)", ["book/index.md", "book/instruments.md"], ["book/after.md"]),
        # a summary: only the instruments chapter shows it (and sources hashes every file)
        ("instruments.csv", "summary", lambda v: v + " Edited.", ["book/instruments.md", "book/sources.md"], ["book/index.md", "book/after.md"]),
    ],
    ids=["events-start", "instruments-title", "instruments-summary"],
)
def test_a_chapter_runs_again_when_a_column_it_reads_changes(book_copy, file, column, change, executing, reused):
    edit_first_row(book_copy, file, column, change)
    result = run_briefing("build", cwd=book_copy, check=True)
    for chapter in executing:
        assert EXECUTING.format(chapter) in result.stdout, chapter
    for chapter in reused:
        assert REUSED.format(chapter) in result.stdout, chapter
    again = run_briefing("build", cwd=book_copy, check=True)  # recorded with the new digest
    assert "executing" not in again.stdout


# The build as ``python -m briefing build`` runs it, with ``data/events.csv`` edited once more
# after the first chapter ran and before its record is written: as a reader saving the file while
# a build is under way. The record would key the new title to what the chapter made of the old.
EDITED_WHILE_BUILDING = """
import sys
from pathlib import Path
from briefing.build import cli, execution

commit = execution.Runner._commit

def edit_then_commit(self, *args):
    path = Path("data/events.csv")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(" (edited before)", " (edited while building)", 1), encoding="utf-8")
    return commit(self, *args)

execution.Runner._commit = edit_then_commit
sys.exit(cli.main([]))
"""


def test_an_input_edited_while_the_chapters_run_stops_the_build_and_runs_them_again_next_time(book_copy):
    import os
    import sys

    from test_build import digest_tree

    layout = Layout(book_copy)
    before = digest_tree(layout)
    edit_first_row(book_copy, "events.csv", "title", lambda v: v + " (edited before)")
    env = {**os.environ, "PYTHONPATH": str(book_copy)}
    env.pop("BRIEFING_ROOT", None)
    result = subprocess.run([sys.executable, "-c", EDITED_WHILE_BUILDING], cwd=book_copy, env=env, capture_output=True, text=True)
    assert EXECUTING.format("book/background.md") in result.stdout  # it ran on the first edit
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("[briefing] build stopped:")]
    assert len(lines) == 1 and "data/events.csv changed while the book was being built" in lines[0], result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert digest_tree(layout) == before  # the book built before
    again = run_briefing("build", cwd=book_copy, check=True)  # the chapters that read titles, on the file as it is now
    assert EXECUTING.format("book/background.md") in again.stdout, again.stdout
    assert REUSED.format("book/index.md") in again.stdout  # the front page reads other columns only
    assert "executing" not in run_briefing("build", cwd=book_copy, check=True).stdout
