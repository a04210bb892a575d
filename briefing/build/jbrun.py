"""Jupyter Book's HTML and PDF builds in one process, xelatex typesetting while HTML pages are written.

``python -m briefing.build.jbrun SRC OUT`` runs, as ``jupyter-book build SRC --path-output OUT
-n -W --keep-going`` would (each Sphinx application in its own docutils namespace, one Sphinx
environment in ``OUT/_build/.doctrees`` for both):

1. ``--builder latex``: Sphinx reads what changed and writes the ``.tex``, while xelatex's first
   pass reads the last build's preamble (``typeset.Ahead``);
2. the xelatex passes the change needs (``typeset.passes``: what ``--builder pdflatex`` has
   latexmk do next), in a thread;
3. ``--builder html`` meanwhile: nothing left to read, so Sphinx only writes the pages;
4. wait for LaTeX.

xelatex is single-threaded, so on two cores the pages are written while it typesets, and no work
is done twice (one import of Sphinx and the extensions, one reading of the sources). Marker lines
tell the build which phase runs (``pdflatex`` begins first and ends last); LaTeX's output is
printed after the HTML build's, so the two never interleave. A warning fails the phase it comes
from; the HTML build runs even when the LaTeX writer failed, so that a warning both report is
named as the HTML build's. The exit code is 10 (HTML failed) or 11 (PDF failed). xelatex stays in
this process's session, so the build stops everything with one signal.

``python -m briefing.build.jbrun --wait SRC OUT MODULE...`` is the same, started at the start of
the build: it imports Jupyter Book, Sphinx, the extensions the configuration lists (``MODULE``) and
what the two applications import while they start (``PRELOADS``), unpickles the last build's
doctrees (the LaTeX writer asks for every page's; ``sphinxext.Unpickled`` hands out only those
whose files are unchanged), then waits for one line on stdin. ``go`` (the sources are staged): it builds as above, reading the configuration from the
staged ``_config.yml`` only then. Anything else, or the end of stdin (the build was refused, failed
or was killed): it exits at once, having written nothing. While it waits it dies with its parent
(``PR_SET_PDEATHSIG``); once building it outlives a killed build, holding the lock until it ends.
On Linux the build has it forked by a server kept between builds (``servers``; ``prepare`` is the
server's imports, ``child`` the forked process): its standard input is then a socket, and the go
brings the build's lock with it (``told_go``); a build that stops closes that socket, which ends it.
It imports under ``SCHED_IDLE`` (where it may return to the normal policy at the go): on two
cores the validation and the chapters come first, and it takes only the time they leave idle.
Jupyter Book and Sphinx are imported by name (``importlib``) so that this starts after the switch.

Python's cyclic garbage collector is off until the ``.tex`` is written: each collection walked
the unpickled doctrees and the assembled book (0.6 s of an ``events.csv`` edit's writers, 2 s of a
clean build's, measured); reference counting still frees all but cycles. Then what is there is
frozen (never walked again, never freed: this process ends with its build) and the collector is
on for the HTML writer, off the path beside xelatex: its collections cost 0.02 s after an edit,
0.3 s in a clean build. The clean build's peak of this process: 156 -> 208 MiB.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import importlib
import os
import re
import select
import signal
import socket
import stat
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

from . import typeset
from .layout import PDF_NAME

# Sphinx, MyST and the theme compile more distinct regular expressions per page than ``re`` keeps
# (512): with the default cache they are compiled again and again (about 2 s of an HTML build).
re._MAXCACHE = max(re._MAXCACHE, 4096)

# Imported by the applications' start beyond the extensions themselves (measured: the modules new
# in ``sys.modules`` after the first ``Sphinx()``): MyST-NB's Sphinx half and jupyter-cache,
# sphinx-design's directives, the external table of contents, the builders' transforms.
PRELOADS = (
    "jupyter_book.sphinx",
    "sphinx.cmd.build",
    "myst_nb.sphinx_ext",
    "myst_parser.sphinx_ext.main",
    "myst_parser.parsers.sphinx_",
    "sphinx_design.extension",
    "sphinx_external_toc.events",
    "sphinx_multitoc_numbering",
    "sphinx.ext.mathjax",
    "sphinx.builders.html.transforms",
    "sphinx.builders.latex.transforms",
    "docutils.languages.en",
    "xml.dom.minidom",
    "jinja2.ext",
    "babel.numbers",
)
PR_SET_PDEATHSIG = 1
JOB = PDF_NAME.removesuffix(".pdf")  # the .tex Sphinx writes (``latex_documents`` in _config.yml)

BEGIN, DONE, FAILED = "=== briefing: {} begins ===", "=== briefing: {} built in {:.1f} s ===", "=== briefing: {} failed ==="


def jupyter_book(src: str, out: str, builder: str) -> int:
    build = importlib.import_module("jupyter_book.cli.main").build  # imported by preload() when --wait
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


def install_replacements(unpickled=None) -> None:
    """The book's faster equivalents of functions Sphinx and its extensions call
    (``briefing.build.sphinxext``), set before the first application: sphinx-external-toc's
    collector switch and, when unpickled ahead, the last build's doctrees."""
    sphinxext = importlib.import_module("briefing.build.sphinxext")
    collectors = importlib.import_module("sphinx_external_toc.collectors")
    collectors.disable_builtin_toctree_collector = sphinxext.disable_builtin_toctree_collector
    if unpickled is not None:
        unpickled.install()


def unpickle_while_waiting(out: str):
    """The last build's doctrees unpickled while nothing else is to do, until the go (a line on
    stdin) comes: the LaTeX writer uses every page's (``sphinxext.Unpickled``)."""
    unpickled = importlib.import_module("briefing.build.sphinxext").Unpickled(Path(out) / "_build" / ".doctrees")
    unpickled.unpickle(lambda: bool(select.select([sys.stdin], [], [], 0)[0]))
    return unpickled


def preload(extensions: list[str]) -> None:
    builtin = importlib.import_module("sphinx.application").builtin_extensions
    for name in ("jupyter_book.cli.main", *builtin, *PRELOADS, *extensions):
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001, S112 - Sphinx imports it again after the go and reports it
            continue


def _die_with_parent(sig: int) -> None:
    libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, sig)


def _idle(on: bool) -> bool:
    """This thread to ``SCHED_IDLE`` (or back to the normal policy); False where not allowed."""
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE if on else os.SCHED_OTHER, os.sched_param(0))
    except (AttributeError, OSError):
        return False
    return True


def _may_leave_idle() -> bool:
    """Leaving ``SCHED_IDLE`` needs a privilege or a nice limit: tried in a thread of its own
    (the policy is a thread's), so that the main thread never goes idle for good."""
    allowed: list[bool] = []
    probe = threading.Thread(target=lambda: allowed.append(_idle(True) and _idle(False)))
    probe.start()
    probe.join()
    return allowed == [True]


HELD: list[int] = []  # descriptors the go came with (the build's lock), open until this process ends


def told_go() -> bool:
    """The line on standard input is ``go``. From a server's fork (``servers.Child``) standard
    input is a socket, and the line brings the build's lock, held from then on."""
    if not stat.S_ISSOCK(os.fstat(0).st_mode):
        return sys.stdin.readline() == "go\n"
    line = b""
    with socket.socket(fileno=os.dup(0)) as stdin:
        while not line.endswith(b"\n"):
            data, fds, _, _ = socket.recv_fds(stdin, 64, 4)
            HELD.extend(fds)
            if not data:
                break
            line += data
    return line == b"go\n"


def main(argv: list[str]) -> int:
    gc.disable()  # for this process's one build (see above)
    if argv[0] == "--wait":
        src, out, *extensions = argv[1:]
        _die_with_parent(signal.SIGKILL)
        idle = _may_leave_idle() and _idle(True)
        preload(extensions)
        unpickled = unpickle_while_waiting(out)
        if not told_go():
            return 0  # refused, failed or killed (the end of stdin): nothing was written
        _die_with_parent(0)
        if idle:
            _idle(False)
    else:
        src, out = argv
        unpickled = None
    started = time.perf_counter()
    install_replacements(unpickled)
    print(BEGIN.format("pdflatex"), flush=True)
    latex = Path(out) / "_build" / "latex"
    ahead = typeset.Ahead.start(latex, JOB)  # the first pass's preamble while the writer runs
    latex_failed = jupyter_book(src, out, "latex")
    typesetting, log, passed = None, tempfile.TemporaryFile(mode="w+", encoding="utf-8"), []
    if latex_failed and ahead is not None:
        ahead.cancel()
    elif not latex_failed:
        log.write("Converting book latex into PDF...\n")
        log.flush()
        typesetting = threading.Thread(target=lambda: passed.append(typeset.passes(latex, JOB, log, ahead)), name="xelatex")
        typesetting.start()
    gc.freeze()  # what the LaTeX writer left (see above), never walked by the HTML writer's collections
    gc.enable()
    print(BEGIN.format("html"), flush=True)
    html_started = time.perf_counter()
    html_failed = jupyter_book(src, out, "html")
    if typesetting is not None:
        typesetting.join()
        if passed != [0]:
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


def prepare(extensions: list[str]) -> None:
    """The imports of the server this module names (``servers``), under ``SCHED_IDLE`` as a
    waiting process's are: each build's process is forked from it and runs ``main(["--wait", ...])``."""
    gc.disable()
    if _may_leave_idle():
        _idle(True)
    preload(extensions)
    gc.freeze()


def child(argv: list[str]) -> None:
    exit_now(main(argv))


def exit_now(code: int) -> None:
    """End without the interpreter's teardown: freeing two Sphinx applications' objects took
    about a second after the last line was printed. Everything is written by then (the
    environment and outputs by Sphinx, LaTeX waited for); only the streams are left to flush."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    exit_now(main(sys.argv[1:]))
