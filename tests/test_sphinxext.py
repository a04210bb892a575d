"""``briefing.build.sphinxext``: figure numbers kept from the last build only when no page read
again can have changed them; otherwise Sphinx numbers every figure again.

A two-chapter Sphinx project (reStructuredText, ``numfig`` on, numbered continuously across the
chapters) is built in-process with the dummy builder: no book, no TeX.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from unittest.mock import ANY

import jinja2
import pytest
from sphinx.application import Sphinx
from sphinx.builders import latex as latex_builder
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors.toctree import TocTreeCollector
from sphinx.util.docutils import docutils_namespace
from sphinx_external_toc import collectors as external_toc_collectors

from briefing.build.sphinxext import TEMPLATE_CACHE, LaTeXTranslator, Unpickled, disable_builtin_toctree_collector

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


CHAPTERS = (
    "Book\n====\n\n.. toctree::\n   :numbered:\n\n   one\n   two\n",
    ".. _one:\n\nOne\n===\n\nSee :ref:`two` and :numref:`fig-b`.\n\n"
    + FIGURE.format(name="fig-a", caption="A chart.")
    + TABLES.replace("Tables\n======", "Tables\n------"),
    ".. _two:\n\nTwo\n===\n\nBack to :ref:`one`, :numref:`fig-a` and :doc:`index`.\n\n" + FIGURE.format(name="fig-b", caption="B chart."),
)


def test_the_book_wide_doctree_assembled_without_copies_writes_what_sphinx_writes(tmp_path):
    """``inline_all_toctrees`` without a copy of each page's doctree: the same ``.tex``."""
    texts, assembled = [], []
    original = latex_builder.inline_all_toctrees
    for extensions in ('["briefing.build.sphinxext"]', "[]"):
        src = tmp_path / f"src{len(texts)}"
        src.mkdir()
        conf = f"extensions = {extensions}\nnumfig = True\nlatex_documents = [('index', 'out.tex', 'T', 'A', 'manual')]\n"
        (src / "conf.py").write_text(conf, encoding="utf-8")
        (src / "pic.png").write_bytes(b"")
        for name, text in zip(("index", "one", "two"), CHAPTERS):
            (src / f"{name}.rst").write_text(text, encoding="utf-8")
        out = tmp_path / f"out{len(texts)}"
        with docutils_namespace():
            app = Sphinx(str(src), str(src), str(out / "latex"), str(out / "doctrees"), "latex", status=None, warning=io.StringIO())
            calls = []
            latex_builder.inline_all_toctrees = lambda *a, calls=calls, **k: calls.append(1) or original(*a, **k)
            app.build()
            assembled.append(len(calls))
        latex_builder.inline_all_toctrees = original
        texts.append((out / "latex" / "out.tex").read_text(encoding="utf-8"))
    assert assembled == [0, 1]  # Sphinx's own function: not called with the extension, once without
    assert "\\label{\\detokenize{two:two}}" in texts[0] and "A chart." in texts[0]
    assert texts[0] == texts[1]


LAYOUT = '{% extends "!layout.html" %}{% block footer %}<p id="mark">MARK</p>{% endblock %}'


def html_build(src: Path, out: Path, monkeypatch) -> list[str]:
    """Every page written; the templates Jinja2 compiled (by name) while writing them."""
    compiled: list[str] = []
    original = jinja2.Environment.compile
    monkeypatch.setattr(
        jinja2.Environment, "compile", lambda self, source, name=None, *a, **k: compiled.append(name) or original(self, source, name, *a, **k)
    )
    with docutils_namespace():
        app = Sphinx(str(src), str(src), str(out / "html"), str(out / "doctrees"), "html", status=None, warning=io.StringIO())
        app.build(force_all=True)
    monkeypatch.setattr(jinja2.Environment, "compile", original)
    return compiled


def test_compiled_html_templates_are_kept_and_a_changed_template_is_compiled_again(tmp_path, monkeypatch):
    src, out = tmp_path / "src", tmp_path / "out"
    (src / "_templates").mkdir(parents=True)
    (src / "conf.py").write_text(
        'extensions = ["briefing.build.sphinxext"]\ntemplates_path = ["_templates"]\nhtml_theme = "basic"\n', encoding="utf-8"
    )
    (src / "index.rst").write_text("Home\n====\n\nText.\n", encoding="utf-8")
    (src / "_templates" / "layout.html").write_text(LAYOUT.replace("MARK", "first"), encoding="utf-8")
    page = out / "html" / "index.html"

    assert "layout.html" in html_build(src, out, monkeypatch)  # a first build compiles
    assert '<p id="mark">first</p>' in page.read_text(encoding="utf-8")
    assert list((out / TEMPLATE_CACHE / "html").glob("*.cache"))

    assert "layout.html" not in html_build(src, out, monkeypatch)  # the next loads it compiled
    assert '<p id="mark">first</p>' in page.read_text(encoding="utf-8")

    (src / "_templates" / "layout.html").write_text(LAYOUT.replace("MARK", "second"), encoding="utf-8")
    assert "layout.html" in html_build(src, out, monkeypatch)  # changed: compiled again, not served stale
    text = page.read_text(encoding="utf-8")
    assert '<p id="mark">second</p>' in text and "first" not in text


def listeners(app) -> list[tuple]:
    """(event, id, owner's class, handler) of every listener."""
    return sorted(
        (event, listener.id, type(getattr(listener.handler, "__self__", None)).__name__, listener.handler.__name__)
        for event, found in app.events.listeners.items()
        for listener in found
    )


def test_the_builtin_toctree_collector_is_disabled_as_sphinx_external_toc_does(tmp_path):
    """Found among the application's listeners instead of every object in memory: the same listeners left."""
    (tmp_path / "conf.py").write_text("", encoding="utf-8")
    (tmp_path / "index.rst").write_text("Home\n====\n", encoding="utf-8")
    left = []
    for disable in (external_toc_collectors.disable_builtin_toctree_collector, disable_builtin_toctree_collector):
        with docutils_namespace():
            app = Sphinx(str(tmp_path), str(tmp_path), str(tmp_path / "out"), str(tmp_path / "doctrees"), "dummy", status=None, warning=io.StringIO())
            before = listeners(app)
            disable(app)
            left.append(listeners(app))
    assert left[0] == left[1]
    assert [entry for entry in before if entry not in left[1]] == [
        (event, ANY, "TocTreeCollector", handler)
        for event, handler in sorted(
            [
                ("doctree-read", "process_doc"),
                ("env-get-outdated", "get_outdated_docs"),
                ("env-get-updated", "get_updated_docs"),
                ("env-merge-info", "merge_other"),
                ("env-purge-doc", "clear_doc"),
            ]
        )
    ]


def test_doctrees_unpickled_ahead_are_handed_out_once_and_only_while_their_files_are_unchanged(project, tmp_path, monkeypatch):
    doctrees = tmp_path / "out" / "doctrees"
    unpickled = Unpickled(doctrees)
    unpickled.unpickle(lambda: False)
    ahead = {doc: tree for doc, (_data, tree) in unpickled.trees.items()}
    assert set(ahead) == {"index", "one", "two"}
    monkeypatch.setattr(BuildEnvironment, "get_doctree", BuildEnvironment.get_doctree)  # restored after the test
    unpickled.install()
    (doctrees / "two.doctree").write_bytes((doctrees / "one.doctree").read_bytes())  # as if Sphinx wrote it anew
    with docutils_namespace():
        app = Sphinx(str(project), str(project), str(tmp_path / "out" / "dummy"), str(doctrees), "dummy", status=None, warning=io.StringIO())
        one = app.env.get_doctree("one")
        assert one is ahead["one"] and one.settings.env is app.env
        again = app.env.get_doctree("one")  # handed out once: a caller may have changed it
        assert again is not one and again.pformat() == one.pformat()
        two = app.env.get_doctree("two")  # its file changed: read from the file, as Sphinx does
        assert two is not ahead["two"] and "First text." in two.astext()
    assert unpickled.trees == {"index": unpickled.trees["index"]}
