"""Jupyter Book's HTML and PDF builds in one process, xelatex typesetting while HTML pages are written.

``python -m briefing.build.jbrun SRC OUT`` runs, as ``jupyter-book build SRC --path-output OUT
-n -W --keep-going`` would (each Sphinx application in its own docutils namespace, one Sphinx
environment in ``OUT/_build/.doctrees`` for both):

1. ``--builder latex``: Sphinx reads what changed and writes the ``.tex``;
2. ``make all-pdf`` in the LaTeX folder (what ``--builder pdflatex`` runs next: latexmk, xelatex),
   started in the background;
3. ``--builder html`` meanwhile: nothing left to read, so Sphinx only writes the pages;
4. wait for LaTeX.

xelatex is single-threaded, so on two cores the pages are written while it typesets, and no work
is done twice (one import of Sphinx and the extensions, one reading of the sources). Marker lines
tell the build which phase runs (``pdflatex`` begins first and ends last); LaTeX's output is
printed after the HTML build's, so the two never interleave. A warning fails the phase it comes
from; the HTML build runs even when the LaTeX writer failed, so that a warning both report is
named as the HTML build's. The exit code is 10 (HTML failed) or 11 (PDF failed). latexmk stays in
this process's session, so the build stops everything with one signal.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

from jupyter_book.cli.main import build

# Sphinx, MyST and the theme compile more distinct regular expressions per page than ``re`` keeps
# (512): with the default cache they are compiled again and again (about 2 s of an HTML build).
re._MAXCACHE = max(re._MAXCACHE, 4096)

BEGIN, DONE, FAILED = "=== briefing: {} begins ===", "=== briefing: {} built in {:.1f} s ===", "=== briefing: {} failed ==="


def jupyter_book(src: str, out: str, builder: str) -> int:
    try:
        build.main([src, "--path-output", out, "--builder", builder, "-n", "-W", "--keep-going"], standalone_mode=False)
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    except Exception:  # noqa: BLE001 - reported to the build, which reads this output
        traceback.print_exc(file=sys.stdout)
        code = 1
    sys.stdout.flush()
    return code


def main(argv: list[str]) -> int:
    src, out = argv
    started = time.perf_counter()
    print(BEGIN.format("pdflatex"), flush=True)
    latex_failed = jupyter_book(src, out, "latex")
    latexmk, log = None, tempfile.TemporaryFile(mode="w+", encoding="utf-8")
    if not latex_failed:
        # as Jupyter Book's pdflatex builder does, in the background
        log.write("Converting book latex into PDF...\n")
        log.flush()
        latexmk = subprocess.Popen(["make", "all-pdf"], cwd=Path(out) / "_build" / "latex", stdout=log, stderr=subprocess.STDOUT)
    print(BEGIN.format("html"), flush=True)
    html_started = time.perf_counter()
    html_failed = jupyter_book(src, out, "html")
    if latexmk is not None and latexmk.wait() != 0:
        log.write("Error: Failed to build pdf\n")
        latex_failed = 1
    log.seek(0)
    if html_failed:
        print(FAILED.format("html"), flush=True)
        sys.stdout.write(log.read())
        return 10
    print(DONE.format("html", time.perf_counter() - html_started), flush=True)
    sys.stdout.write(log.read())
    if latex_failed:
        print(FAILED.format("pdflatex"), flush=True)
        return 11
    print(DONE.format("pdflatex", time.perf_counter() - started), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
