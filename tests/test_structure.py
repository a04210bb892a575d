"""The book's structure read the engine's way: the table of contents through sphinx_external_toc,
titles and the paper's regions from markdown-it tokens, on a small book made here."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing import book

pytestmark = pytest.mark.unit

FRONT_MATTER = "---\njupytext:\n  formats: md:myst\nkernelspec:\n  name: python3\n---\n\n"

TOC = """format: jb-book
root: book/index
parts:
  - caption: The paper
    numbered: true
    chapters:
      - file: book/one
      - file: book/two
        sections:
          - file: book/two-a
  - caption: Annexes
    chapters:
      - file: book/annex
"""

CHAPTERS = {
    "index": "# Front\n",
    "one": "```{code-cell} ipython3\n# not a title: a comment in a cell\nx = 1\n```\n\n(heading-one)=\n# *The* first [chapter](#x)\n",
    "two": "Some text first.\n\n# Second `code` chapter\n\n## Not this one\n",
    "two-a": "## Only a section heading\n",
    "annex": "# Annex\n",
}


@pytest.fixture
def project(tmp_path: Path) -> book.Project:
    (tmp_path / "_toc.yml").write_text(TOC, encoding="utf-8")
    (tmp_path / "book").mkdir()
    for name, body in CHAPTERS.items():
        (tmp_path / "book" / f"{name}.md").write_text(FRONT_MATTER + body, encoding="utf-8")
    return book.Project(tmp_path)


def test_project_names_the_folders_of_one_checkout(tmp_path):
    project = book.Project(tmp_path)
    assert (project.seeds, project.data, project.book, project.build) == (
        tmp_path.resolve() / "seeds",
        tmp_path.resolve() / "data",
        tmp_path.resolve() / "book",
        tmp_path.resolve() / "_build",
    )
    assert project.paper == tmp_path.resolve() / "seeds" / "S-2013-588.md"
    assert project.docname(tmp_path / "book" / "one.md") == "book/one"


def test_the_toc_gives_order_numbers_and_parts(project):
    entries = book.toc_entries(project)
    assert [(e.docname, e.number, e.part) for e in entries] == [
        ("book/one", 1, "The paper"),
        ("book/two", 2, "The paper"),
        ("book/two-a", None, "The paper"),  # a section: no chapter number of its own
        ("book/annex", None, "Annexes"),  # an unnumbered part
    ]
    assert [p.name for p in book.chapter_files(project)] == ["index.md", "one.md", "two.md", "two-a.md", "annex.md"]
    assert [e.docname for e in entries if not e.chapter] == ["book/two-a"]


def test_titles_are_the_first_level_one_heading_as_text(project):
    titles = {c.docname: c.title for c in book.chapters(project)}  # chapters, not their sections
    assert titles == {"book/one": "The first chapter", "book/two": "Second code chapter", "book/annex": "Annex"}
    assert book.chapter_title(project.root / "book" / "two-a.md") == "Two-a"
    assert book.title(FRONT_MATTER) is None


def test_regions_are_read_from_html_comments_only():
    text = "\n".join(
        [
            FRONT_MATTER,
            "<!-- paper: para-1..para-2 -->",
            "(para-1)=",
            "Words.",
            "<!-- /paper -->",
            "",
            "```{code-cell} ipython3",
            "# <!-- paper: para-3..para-3 --> quoted in a cell is no region",
            "```",
            "",
            "A marker in a code span, `<!-- paper: para-4..para-4 -->`, is none either.",
            "",
            "<!-- paper: q1..q7 -->",
            "- (q1)=",
            "  First.",
            "<!-- /paper -->",
        ]
    )
    regions = book.regions(text)
    assert [(r.first, r.last) for r in regions] == [("para-1", "para-2"), ("q1", "q7")]
    lines = text.splitlines()
    for r in regions:
        assert lines[r.lines[0]].startswith("<!-- paper:") and lines[r.lines[1]] == "<!-- /paper -->"
    assert regions[0]["first"] == "para-1"


def test_an_unclosed_region_is_not_a_region():
    assert book.regions("<!-- paper: para-1..para-2 -->\nWords.\n") == []


@pytest.mark.parametrize(
    "toc, where",
    [
        (TOC.replace("- file: book/one", "- fil: book/one"), "_toc.yml, entry /parts/0/chapters/0: entry does not contain one of"),
        (TOC.replace("    numbered: true", "\tnumbered: true"), "_toc.yml, line 5, column 1: not YAML (found character '\\t'"),
        ("- book/one\n", "_toc.yml: toc is not a mapping"),
        (TOC.replace("book/annex", "book/annexes"), "_toc.yml: book/annexes has no file book/annexes.md"),
    ],
    ids=["an entry without file", "a tab", "a list", "a missing chapter"],
)
def test_a_broken_toc_is_one_line_naming_where_and_what_was_expected(project, toc, where):
    project.toc.write_text(toc, encoding="utf-8")
    with pytest.raises(book.TocError) as raised:
        book.chapter_files(project)
    assert str(raised.value).startswith(where) and "expected" in str(raised.value) and "\n" not in str(raised.value)


def test_no_toc_is_named(project):
    project.toc.unlink()
    with pytest.raises(book.TocError, match=r"^_toc.yml: not found at the repository's top level; expected"):
        book.toc_entries(project)
