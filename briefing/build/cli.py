"""``python -m briefing build`` and ``python -m briefing notebooks``: one line per outcome.

Exit codes: 0 built (or nothing to do), 1 a failure (the line says which, the log has the
detail), 75 another build is running and ``--no-wait`` was given, 130 SIGINT, 143 SIGTERM.
A traceback reaches the terminal only with ``--debug``; it always goes to the log.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from .. import ROOT
from .errors import BuildError, Interrupted, disk_problem, handle_signals, log, log_file, record
from .pipeline import State, build, notebooks

UNCHANGED = "the book built before is unchanged"


def _arguments(prog: str, description: str, argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--root", type=Path, default=ROOT, help="repository to build (default: this one)")
    parser.add_argument("--force", action="store_true", help="re-execute every chapter and rebuild")
    parser.add_argument("--no-wait", action="store_true", help="stop at once if another build is running")
    parser.add_argument("--debug", action="store_true", help="print tracebacks on the terminal")
    if prog.endswith("build"):
        parser.add_argument("--jobs", type=int, default=None, help="chapters executed at once (default: 2 x cores)")
    return parser.parse_args(argv)


def _run(action, debug: bool, state: State) -> int:
    handle_signals()
    try:
        action()
    except Interrupted as interruption:
        if state.swapped:
            print("[briefing] interrupted; the new book was already in place", file=sys.stderr, flush=True)
        else:
            print(f"[briefing] interrupted; {UNCHANGED}", file=sys.stderr, flush=True)
        record(f"interrupted by {interruption}")
        return interruption.code
    except BuildError as error:
        return _report(str(error), error.detail, debug, error.code)
    except OSError as error:
        line = disk_problem(error) or f"{type(error).__name__}: {error}"
        return _report(line, traceback.format_exc(), debug, 1)
    except Exception as error:  # noqa: BLE001 - the last net: one line, the traceback in the log
        return _report(f"unexpected {type(error).__name__}: {error}", traceback.format_exc(), debug, 1)
    return 0


def _report(line: str, detail: str, debug: bool, code: int) -> int:
    if detail:
        record(detail)
    path = log_file()
    where = f" (details: {path})" if path and detail else ""
    suffix = f"; {UNCHANGED}" if code != 75 else ""
    print(f"[briefing] build stopped: {line}{suffix}{where}", file=sys.stderr, flush=True)
    if debug:
        traceback.print_exc()
    return code


def main(argv: list[str]) -> int:
    args = _arguments("python -m briefing build", "validate, execute what changed, build HTML and PDF, swap in", argv)
    state = State()
    return _run(lambda: build(args.root, force=args.force, jobs=args.jobs, wait=not args.no_wait, state=state), args.debug, state)


def main_notebooks(argv: list[str]) -> int:
    args = _arguments("python -m briefing notebooks", "execute every chapter into _build/notebooks/", argv)

    def action() -> None:
        path = notebooks(args.root, force=args.force, wait=not args.no_wait)
        log(f"executed notebooks: {path}")

    return _run(action, args.debug, State())


def main_stop_servers(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m briefing stop-servers", description="end the servers kept for the next build")
    parser.add_argument("--root", type=Path, default=ROOT, help="repository whose servers to end (default: this one)")
    args = parser.parse_args(argv)
    from . import servers

    servers.stop(str(args.root.resolve()))
    return 0
