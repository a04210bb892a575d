"""Jupyter Book's HTML and PDF builds in one process: Sphinx and its extensions start once.

``python -m briefing.build.jbrun SRC OUT html pdflatex`` runs ``jupyter-book build SRC
--path-output OUT --builder B -n -W --keep-going`` for each builder in turn, as the command line
would (each Sphinx application in its own docutils namespace), and stops at the first that
fails. Marker lines tell the build which phase runs; the exit code is 10 + the failed builder's
position. Importing Sphinx, MyST-NB and the theme costs about as much as an incremental build,
so one process instead of two is a second off every build.
"""

from __future__ import annotations

import sys
import time
import traceback

from jupyter_book.cli.main import build

BEGIN, DONE, FAILED = "=== briefing: {} begins ===", "=== briefing: {} built in {:.1f} s ===", "=== briefing: {} failed ==="


def main(argv: list[str]) -> int:
    src, out, *builders = argv
    for index, builder in enumerate(builders):
        print(BEGIN.format(builder), flush=True)
        started = time.perf_counter()
        try:
            build.main([src, "--path-output", out, "--builder", builder, "-n", "-W", "--keep-going"], standalone_mode=False)
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
        except Exception:  # noqa: BLE001 - reported to the build, which reads this output
            traceback.print_exc(file=sys.stdout)
            code = 1
        sys.stdout.flush()
        if code:
            print(FAILED.format(builder), flush=True)
            return 10 + index
        print(DONE.format(builder, time.perf_counter() - started), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
