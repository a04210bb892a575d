"""``briefing.build.sphinxext``: figure numbers kept from the last build only when no page read
again can have changed them; otherwise Sphinx numbers every figure again.

A two-chapter Sphinx project (reStructuredText, ``numfig`` on, numbered continuously across the
chapters) is built in-process with the dummy builder: no book, no TeX.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from sphinx.application import Sphinx
from sphinx.environment.collectors.toctree import TocTreeCollector
from sphinx.util.docutils import docutils_namespace

from briefing.build.sphinxext import LaTeXTranslator

pytestmark = pytest.mark.unit

CONF = 'extensions = ["briefing.build.sphinxext"]\nnumfig = True\nnumfig_secnum_depth = 0\n'
INDEX = "Book\n====\n\n.. toctree::\n   :numbered:\n\n   one\n   two\n"
FIGURE = ".. figure:: pic.png\n   :name: {name}\n\n   {caption}\n\n"


def chapter(title: str, text: str, *figures: tuple[str, str]) -> str:
    return f"{title}\n{'=' * len(title)}\n\n{text}\n\n" + "".join(FIGURE.format(name=n, caption=c) for n, c in figures)


def write(src: Path, one: str, two: str) -> None:
    (src / "one.rst").write_text(one, encoding="utf-8")
    (src / "two.rst").write_text(two, encoding="utf-8")


def build(src: Path, out: Path, monkeypatch) -> tuple[dict, int]:
    """Build; the environment's figure numbers and how often Sphinx assigned them (a build that
    read no page: refused, the test would prove nothing)."""
    calls = []
    original = TocTreeCollector.assign_figure_numbers
    monkeypatch.setattr(TocTreeCollector, "assign_figure_numbers", lambda self, env: calls.append(1) or original(self, env))
    status, warnings = io.StringIO(), io.StringIO()
    with docutils_namespace():
        app = Sphinx(str(src), str(src), str(out / "dummy"), str(out / "doctrees"), "dummy", status=status, warning=warnings)
        app.build()
    assert warnings.getvalue() == ""
    assert re.search(r"\b[1-9]\d* (added|changed)", status.getvalue()), status.getvalue()
    return app.env.toc_fignumbers, len(calls)


@pytest.fixture
def project(tmp_path, monkeypatch):
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "index.rst").write_text(INDEX, encoding="utf-8")
    (src / "pic.png").write_bytes(b"")
    write(src, chapter("One", "First text.", ("fig-a", "A chart.")), chapter("Two", "Second text.", ("fig-b", "B chart.")))
    numbers, calls = build(src, tmp_path / "out", monkeypatch)
    assert calls == 1
    assert numbers == {"one": {"figure": {"fig-a": (1,)}}, "two": {"figure": {"fig-b": (2,)}}}
    return src


def clean_numbers(src: Path, tmp_path: Path, monkeypatch) -> dict:
    return build(src, tmp_path / "clean", monkeypatch)[0]


def test_a_page_read_again_with_the_same_figures_keeps_the_numbers(project, tmp_path, monkeypatch):
    write(project, chapter("One", "First text, edited.", ("fig-a", "A chart, new caption.")), chapter("Two", "Second text.", ("fig-b", "B chart.")))
    numbers, calls = build(project, tmp_path / "out", monkeypatch)
    assert calls == 0  # kept, not assigned again
    assert numbers == clean_numbers(project, tmp_path, monkeypatch)


def test_a_page_whose_figure_count_changes_is_numbered_again(project, tmp_path, monkeypatch):
    write(project, chapter("One", "First text.", ("fig-a", "A chart."), ("fig-c", "C chart.")), chapter("Two", "Second text.", ("fig-b", "B chart.")))
    numbers, calls = build(project, tmp_path / "out", monkeypatch)
    assert calls == 1
    assert numbers["two"] == {"figure": {"fig-b": (3,)}}  # the next chapter's figure moves on
    assert numbers == clean_numbers(project, tmp_path, monkeypatch)


def test_a_figure_losing_its_caption_is_numbered_again(project, tmp_path, monkeypatch):
    uncaptioned = "One\n===\n\nFirst text.\n\n.. figure:: pic.png\n   :name: fig-a\n\n"
    write(project, uncaptioned, chapter("Two", "Second text.", ("fig-b", "B chart.")))
    numbers, calls = build(project, tmp_path / "out", monkeypatch)
    assert calls == 1
    assert numbers == {"two": {"figure": {"fig-b": (1,)}}}
    assert numbers == clean_numbers(project, tmp_path, monkeypatch)


def test_a_new_section_is_numbered_again(project, tmp_path, monkeypatch):
    write(project, chapter("One", "First text.\n\nPart\n----\n\nMore.", ("fig-a", "A chart.")), chapter("Two", "Second text.", ("fig-b", "B chart.")))
    numbers, calls = build(project, tmp_path / "out", monkeypatch)
    assert calls == 1
    assert numbers == clean_numbers(project, tmp_path, monkeypatch)


TABLES = "Tables\n======\n\n" + "".join(
    f".. list-table:: Table {n}\n   :header-rows: 1\n\n   * - a\n     - b\n   * - {n}\n     - x\n\n" for n in range(3)
)


def test_the_latex_writer_with_its_templates_compiled_once_writes_what_sphinx_writes(tmp_path):
    texts = []
    for extensions in ('["briefing.build.sphinxext"]', "[]"):
        src = tmp_path / f"src{len(texts)}"
        src.mkdir()
        (src / "conf.py").write_text(f"extensions = {extensions}\nlatex_documents = [('index', 'out.tex', 'T', 'A', 'manual')]\n", encoding="utf-8")
        (src / "index.rst").write_text(TABLES, encoding="utf-8")
        out = tmp_path / f"out{len(texts)}"
        with docutils_namespace():
            app = Sphinx(str(src), str(src), str(out / "latex"), str(out / "doctrees"), "latex", status=None, warning=io.StringIO())
            app.build()
        ours = app.registry.get_translator_class(app.builder) is LaTeXTranslator
        assert ours == (not texts)  # the first build with the book's translator, the second Sphinx's
        texts.append((out / "latex" / "out.tex").read_text(encoding="utf-8"))
    assert texts[0].count("\\begin{tabulary}") + texts[0].count("\\begin{longtable}") == 3
    assert texts[0] == texts[1]
