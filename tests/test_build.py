"""The build refuses a failing cell, names it, and leaves the book built before intact."""
from __future__ import annotations

import hashlib

import pytest

from briefing.build import Layout
from conftest import run_briefing

pytestmark = pytest.mark.book


def digest_tree(layout: Layout) -> str:
    h = hashlib.sha256()
    for path in sorted(layout.html.rglob("*")):
        if path.is_file():
            h.update(str(path.relative_to(layout.html)).encode() + path.read_bytes())
    h.update(layout.pdf.read_bytes())
    return h.hexdigest()


def test_a_failing_cell_stops_the_build_and_keeps_the_old_book(book_copy):
    layout = Layout(book_copy)
    before = digest_tree(layout)
    chapter = book_copy / "book" / "introduction.md"
    original = chapter.read_text(encoding="utf-8")
    chapter.write_text(
        original.replace("notebook.setup()\n```", "notebook.setup()\n```\n\n```{code-cell} ipython3\n1 / 0\n```", 1),
        encoding="utf-8",
    )
    try:
        result = run_briefing("build", cwd=book_copy)
    finally:
        chapter.write_text(original, encoding="utf-8")
    assert result.returncode != 0
    assert "book/introduction.md: code cell 2 (`1 / 0`) failed: ZeroDivisionError" in result.stderr
    assert "previously built book" in result.stderr
    assert digest_tree(layout) == before


def test_a_sphinx_warning_stops_the_build_and_keeps_the_old_book(book_copy):
    layout = Layout(book_copy)
    before = digest_tree(layout)
    index = book_copy / "book" / "index.md"
    original = index.read_text(encoding="utf-8")
    index.write_text(original + "\nSee {ref}`no-such-label`.\n", encoding="utf-8")
    try:
        result = run_briefing("build", cwd=book_copy)
    finally:
        index.write_text(original, encoding="utf-8")
    assert result.returncode != 0
    assert "no-such-label" in result.stderr
    assert digest_tree(layout) == before


def test_nothing_changed_means_nothing_rebuilt(book_copy):
    result = run_briefing("build", cwd=book_copy, check=True)
    assert "nothing changed since the last build" in result.stdout
    assert "executing" not in result.stdout
