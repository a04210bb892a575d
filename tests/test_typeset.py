"""``briefing.build.typeset``: xelatex's passes on a small document, the first pass's preamble set
ahead, and what happens when the preamble or a package beside it changed meanwhile.

Each test typesets a two-page document with a cross-reference (so a fresh folder needs a second
pass) and reads the PDF back with poppler. Tier ``book``: it needs TeX Live, not the built book."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from briefing.build import typeset
from briefing.build.errors import latex_problem

pytestmark = [pytest.mark.book, pytest.mark.pdf]

if shutil.which("xelatex") is None or shutil.which("pdftotext") is None:
    pytest.skip("xelatex and poppler are installed by `make test`", allow_module_level=True)

PREAMBLE = "\\documentclass{article}\n\\usepackage{booknote}\n\\newcommand{\\Greeting}{GREETING-%s}\n"
BODY = "\\begin{document}\n\\section{First}\\label{first}\n\\Greeting{} %s, \\Note{} see section~\\ref{first}.\n\\newpage\nSecond page.\n\\end{document}\n"


def write(folder: Path, greeting: str = "A", body: str = "BODY-ONE", note: str = "NOTE-ONE") -> None:
    folder.mkdir(exist_ok=True)
    (folder / "booknote.sty").write_text(f"\\newcommand{{\\Note}}{{{note}}}\n", encoding="utf-8")
    (folder / "book.tex").write_text(PREAMBLE % greeting + BODY % body, encoding="utf-8")


def text_of(folder: Path) -> str:
    return subprocess.run(["pdftotext", str(folder / "book.pdf"), "-"], capture_output=True, text=True, check=True).stdout


def waiting_at_the_preambles_end(pid: int) -> None:
    """Until xelatex blocks reading its standard input (Linux: the read system call, number 0, on
    descriptor 0), that is, at the ``\\read`` after the preamble."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if Path(f"/proc/{pid}/syscall").read_text().startswith("0 0x0 "):
            return
        time.sleep(0.01)
    pytest.fail("xelatex never reached the end of the preamble")


def typeset_again(folder: Path, **edit) -> tuple[int, str]:
    """A second build: the pass started ahead on the last ``.tex``, then the edit written (what
    Sphinx's writer does meanwhile), then the passes."""
    ahead = typeset.Ahead.start(folder, "book")
    assert ahead is not None
    waiting_at_the_preambles_end(ahead.process.pid)  # it has read the files the edit changes
    write(folder, **edit)
    with (folder / "passes.log").open("w+", encoding="utf-8") as out:
        code = typeset.passes(folder, "book", out, ahead)
        out.seek(0)
        return code, out.read()


@pytest.fixture
def typeset_once(tmp_path) -> Path:
    write(tmp_path)
    with (tmp_path / "first.log").open("w", encoding="utf-8") as out:
        assert typeset.passes(tmp_path, "book", out) == 0
    return tmp_path


def test_a_fresh_folder_takes_the_passes_its_cross_references_need(typeset_once):
    log = (typeset_once / "first.log").read_text(encoding="utf-8")
    assert "pass 2" in log and "pass 3" not in log, log  # the .aux written, then read back unchanged
    text = text_of(typeset_once)
    assert "GREETING-A BODY-ONE, NOTE-ONE see section 1." in text, text
    assert "??" not in text


def test_an_unchanged_preamble_is_set_ahead_and_the_new_body_typeset_in_one_pass(typeset_once):
    code, log = typeset_again(typeset_once, body="BODY-TWO")
    assert code == 0
    assert "pass 1 (its preamble set ahead)" in log and "pass 2" not in log, log
    assert "GREETING-A BODY-TWO, NOTE-ONE see section 1." in text_of(typeset_once)


@pytest.mark.parametrize(
    "edit, expected",
    [
        ({"greeting": "B", "body": "BODY-TWO"}, "GREETING-B BODY-TWO, NOTE-ONE"),  # the preamble itself
        ({"note": "NOTE-TWO", "body": "BODY-TWO"}, "GREETING-A BODY-TWO, NOTE-TWO"),  # a package it read
    ],
    ids=["preamble edited", "package beside it edited"],
)
def test_a_changed_preamble_stops_the_pass_set_ahead_and_typesets_afresh(typeset_once, edit, expected):
    code, log = typeset_again(typeset_once, **edit)
    assert code == 0
    assert "pass 1 (its preamble set ahead)" in log
    assert expected in text_of(typeset_once), log
    assert "GREETING-A BODY-TWO, NOTE-ONE" not in text_of(typeset_once)


def test_an_error_in_the_body_set_ahead_names_the_tex_files_own_line(typeset_once):
    code, log = typeset_again(typeset_once, body="\\undefinedcommandforthetest")
    assert code != 0
    tex_lines = (typeset_once / "book.tex").read_text(encoding="utf-8").splitlines()
    wrong = next(i for i, line in enumerate(tex_lines, 1) if "undefinedcommandforthetest" in line)
    logged = (typeset_once / "book.log").read_text(encoding="utf-8")
    assert f"l.{wrong} " in logged, logged[-800:]
    assert latex_problem(typeset_once / "book.log", typeset_once / "book.tex").startswith("Undefined control sequence.")


def test_no_last_tex_means_no_pass_ahead(tmp_path):
    assert typeset.Ahead.start(tmp_path, "book") is None
    (tmp_path / "book.tex").write_text("no preamble's end here\n", encoding="utf-8")
    assert typeset.Ahead.start(tmp_path, "book") is None
