"""Every failure is one line naming what failed and where, the detail in the log file it names;
the book built before stays intact, and a build refused for bad data leaves ``_build`` untouched."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pytest
from conftest import run_briefing

from briefing.build import Layout

pytestmark = pytest.mark.book


def digest_tree(layout: Layout) -> str:
    h = hashlib.sha256()
    for path in sorted(layout.html.rglob("*")):
        if path.is_file():
            h.update(str(path.relative_to(layout.html)).encode() + path.read_bytes())
    h.update(layout.pdf.read_bytes())
    return h.hexdigest()


def digest_build_folder(layout: Layout) -> str:
    """Every name and byte under ``_build``, hidden records and logs included."""
    h = hashlib.sha256()
    for path in sorted(layout.build.rglob("*")):
        h.update(str(path.relative_to(layout.build)).encode() + b"\0")
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()


def one_line(result) -> str:
    """The build's verdict: exactly one line on stderr, and no traceback anywhere."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return lines[0]


LOG = "(details: {}/_build/logs/build.log)"
UNCHANGED = "; the book built before is unchanged"


def build_with_edit(repo, rel: str, edit, env=None):
    """Build ``repo`` with ``rel`` changed by ``edit(text) -> text``; the file is restored after."""
    path = repo / rel
    original = path.read_text(encoding="utf-8")
    path.write_text(edit(original), encoding="utf-8")
    try:
        return run_briefing("build", cwd=repo, env=env)
    finally:
        path.write_text(original, encoding="utf-8")


def test_a_failing_cell_stops_the_build_and_keeps_the_old_book(book_copy):
    layout = Layout(book_copy)
    before = digest_tree(layout)
    failing_cell = "notebook.setup()\n```\n\n```{code-cell} ipython3\nx = 1\n1 / 0\n```"
    result = build_with_edit(book_copy, "book/introduction.md", lambda t: t.replace("notebook.setup()\n```", failing_cell, 1))
    assert result.returncode == 1
    assert one_line(result) == (
        "[briefing] build stopped: book/introduction.md: code cell 2, line 2 (`1 / 0`) failed: "
        f"ZeroDivisionError: division by zero{UNCHANGED} {LOG.format(book_copy)}"
    )
    logged = layout.build.joinpath("logs", "build.log").read_text(encoding="utf-8")
    assert "ZeroDivisionError" in logged and "1 / 0" in logged
    assert digest_tree(layout) == before


def test_a_sphinx_warning_stops_the_build_naming_file_and_line(book_copy):
    layout = Layout(book_copy)
    before = digest_tree(layout)
    text = (book_copy / "book" / "index.md").read_text(encoding="utf-8")
    line = text.count("\n") + 2  # the appended line (after a blank one)
    result = build_with_edit(book_copy, "book/index.md", lambda t: t + "\nSee {ref}`no-such-label`.\n")
    assert result.returncode == 1
    message = one_line(result)
    assert message.startswith(f"[briefing] build stopped: Sphinx (html): book/index.md:{line}: "), message
    assert "no-such-label" in message and message.endswith(LOG.format(book_copy))
    assert digest_tree(layout) == before


def test_a_latex_error_stops_the_build_naming_the_error_and_chapter(book_copy):
    layout = Layout(book_copy)
    before = digest_tree(layout)
    raw = "\n```{raw} latex\n\\undefinedcommandforthetest\n```\n"
    result = build_with_edit(book_copy, "book/letter.md", lambda t: t + raw)
    assert result.returncode == 1
    message = one_line(result)
    assert message.startswith("[briefing] build stopped: LaTeX stopped: Undefined control sequence. (in chapter "), message
    assert message.endswith(LOG.format(book_copy))
    assert digest_tree(layout) == before


def test_missing_tex_is_named_with_the_install_command(book_copy):
    import sys
    from pathlib import Path

    from briefing.build.errors import TEX_INSTALL

    layout = Layout(book_copy)
    before = digest_build_folder(layout)
    bare = {"PATH": str(Path(sys.executable).parent)}  # the environment's own tools, no TeX
    result = run_briefing("build", cwd=book_copy, env=bare)
    assert result.returncode == 1
    assert one_line(result) == (f"[briefing] build stopped: xelatex not found, so no PDF can be built; install TeX Live: {TEX_INSTALL}{UNCHANGED}")
    assert digest_build_folder(layout) == before


def test_nothing_changed_means_nothing_rebuilt(book_copy):
    result = run_briefing("build", cwd=book_copy, check=True)  # book_copy starts each test as built
    assert "nothing changed since the last build" in result.stdout
    assert "executing" not in result.stdout


def _bad_data_cases():
    from test_data import CASES

    return CASES


# The build's own entry point (``cli.main``, as ``python -m briefing build`` calls it) with the kernels'
# head start turned off: bad data are refused before any kernel is wanted. Importing the build takes
# seconds, so one server per session imports it once, in the copy as ``python -m briefing build``
# there would, and forks one fresh process per case. Importing reads nothing under data/ or seeds/
# (the server checks it), so each forked build reads that case's data as a new process would. A
# refusal with the head start on, in a process of its own: the uncited row below, the unreadable
# texts of tests/test_texts_book.py.
REFUSAL_SERVER = """
import json, os, sys, traceback
root = os.getcwd()
read = set()
def note(event, args):
    if read is not None and event == "open" and isinstance(args[0], str):
        path = os.path.abspath(args[0])
        if path.startswith((os.path.join(root, "data") + os.sep, os.path.join(root, "seeds") + os.sep)):
            read.add(path)
sys.addaudithook(note)
from briefing.build import cli, inputs, pipeline  # inputs: the readers, imported lazily by a build
pipeline.PRESTART = False
print(json.dumps(sorted(read)), flush=True)
read = None
for line in sys.stdin:
    request = json.loads(line)
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            for fd, name in ((1, "stdout"), (2, "stderr")):
                target = os.open(request[name], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
                os.dup2(target, fd)
                os.close(target)
            code = cli.main(request["argv"])
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    print(json.dumps(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])), flush=True)
"""


@pytest.fixture(scope="module")
def build_without_prestart(_built_copy, tmp_path_factory):
    """``build_without_prestart(repo)``: the build of the session's copy, forked from the server."""
    copy = _built_copy[0]
    env = {**os.environ, "PYTHONPATH": str(copy)}
    env.pop("BRIEFING_ROOT", None)
    outputs = tmp_path_factory.mktemp("refusals")
    with subprocess.Popen(
        [sys.executable, "-c", REFUSAL_SERVER], cwd=copy, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as server:
        assert json.loads(server.stdout.readline()) == []  # importing the build read no data

        def build(repo):
            assert repo == copy
            out, err = outputs / "stdout", outputs / "stderr"
            server.stdin.write(json.dumps({"argv": [], "stdout": str(out), "stderr": str(err)}) + "\n")
            server.stdin.flush()
            returncode = json.loads(server.stdout.readline())
            return subprocess.CompletedProcess([], returncode, out.read_text(encoding="utf-8"), err.read_text(encoding="utf-8"))

        yield build
        server.stdin.close()  # the server ends with its input; leaving the block waits for it


@pytest.mark.parametrize("case", _bad_data_cases(), ids=lambda c: c[0])
def test_bad_data_stops_the_build_before_it_starts_and_keeps_the_old_book(book_copy, build_without_prestart, case):
    import shutil

    _, file, edit, column, words = case
    layout = Layout(book_copy)
    before = digest_build_folder(layout)
    data_dir = book_copy / "data"
    saved = book_copy.parent / (book_copy.name + "-data-saved")
    shutil.rmtree(saved, ignore_errors=True)
    shutil.copytree(data_dir, saved)
    try:
        row = edit(data_dir)
        result = build_without_prestart(book_copy)
    finally:
        shutil.rmtree(data_dir)
        shutil.copytree(saved, data_dir)
    assert result.returncode != 0
    where = f"data/{file}" + (f", row {row}" if row else "") + (f', column "{column}"' if column else "")
    message = [line for line in result.stderr.splitlines() if line.startswith("[briefing] build stopped:")]
    assert len(message) == 1 and where in message[0] and words in message[0], result.stderr
    assert "executing" not in result.stdout  # refused before any chapter ran
    assert "Traceback" not in result.stdout + result.stderr
    assert digest_build_folder(layout) == before  # not one byte written under _build


# The book's own structure files broken as a hand edit might: file, the edit, the line's words.
BREAKAGES = {
    "a toc entry without file": (
        "_toc.yml",
        lambda toc: toc.replace("- file: book/introduction", "- fil: book/introduction"),
        "_toc.yml, entry /parts/0/chapters/1: entry does not contain",
    ),
    "a toc not YAML": ("_toc.yml", lambda toc: toc + "  - caption: [unclosed\n", "_toc.yml, line "),
    "a toc chapter with no file": (
        "_toc.yml",
        lambda toc: toc.replace("- file: book/background", "- file: book/backgrounds"),
        "_toc.yml: book/backgrounds has no file book/backgrounds.md",
    ),
    "a config not YAML": ("_config.yml", lambda config: config + "title: [unclosed\n", "_config.yml, line "),
    "a config not a mapping": ("_config.yml", lambda config: "- a list\n", "_config.yml: a list, not a mapping"),
    "a front matter not YAML": (
        "book/areas.md",
        lambda text: text.replace("jupytext:", "jupytext: [unclosed", 1),
        "book/areas.md, line 3, column 10: not YAML",
    ),
}


@pytest.mark.parametrize("breakage", BREAKAGES, ids=str)
def test_a_broken_toc_config_or_front_matter_stops_the_build_in_one_line_and_keeps_the_old_book(book_copy, build_without_prestart, breakage):
    rel, edit, words = BREAKAGES[breakage]
    layout = Layout(book_copy)
    before = digest_build_folder(layout)
    path = book_copy / rel
    saved = path.read_text(encoding="utf-8")
    try:
        path.write_text(edit(saved), encoding="utf-8")
        result = build_without_prestart(book_copy)
    finally:
        path.write_text(saved, encoding="utf-8")
    assert result.returncode == 1
    message = [line for line in result.stderr.splitlines() if line.startswith("[briefing] build stopped:")]
    assert len(message) == 1 and words in message[0] and "expected" in message[0], result.stderr
    assert "unexpected" not in result.stderr and "Traceback" not in result.stdout + result.stderr
    assert "executing" not in result.stdout  # refused before any chapter ran
    assert digest_build_folder(layout) == before


def test_an_uncited_instrument_row_stops_the_build_naming_it(book_copy):
    def add_uncited_row(text: str) -> str:  # a copy of a cited row under a new symbol
        return text + "S/RES/2000 (2011)," + text.splitlines()[1].split(",", 1)[1] + "\n"

    result = build_with_edit(book_copy, "data/instruments.csv", add_uncited_row)
    assert result.returncode != 0
    assert "S/RES/2000 (2011) is not cited" in result.stderr
    assert "executing" not in result.stdout


def test_make_notebooks_writes_every_executed_chapter(book_copy):
    import nbformat

    result = run_briefing("notebooks", cwd=book_copy, check=True)
    assert "executed notebooks:" in result.stdout
    written = sorted((book_copy / "_build" / "notebooks").glob("*.ipynb"))
    assert {p.stem for p in written} >= {"introduction", "background", "instruments"}
    background = nbformat.read(book_copy / "_build" / "notebooks" / "background.ipynb", as_version=4)
    outputs = [o for c in background.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert any("fig-membership" in str(o.get("data", {}).get("text/markdown", "")) for o in outputs)
