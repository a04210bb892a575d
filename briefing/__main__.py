"""Command line: ``python -m briefing COMMAND ...``.

Each command lives in its own module as ``main(argv) -> int``; this file only dispatches.
"""

import gc
import importlib
import os
import sys

COMMANDS = {
    "extract": ("briefing.citations.cli", "list the UN citations in a text (symbol, kind, offsets)"),
    "check-data": ("briefing.data", "validate every file under data/ and report the first error"),
    "narrative": ("briefing.narrative", "write the paper's words into the chapters from seeds/"),
    "build": ("briefing.build.cli", "validate, execute what changed, build HTML and PDF, swap in"),
    "notebooks": ("briefing.build.cli", "execute every chapter into _build/notebooks/"),
    "stop-servers": ("briefing.build.cli", "end the servers the builds keep for the next build"),
    "texts": ("briefing.texts.cli", "the held texts: check, pages, fill-dates, show FILE"),
}


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in COMMANDS:
        print("usage: python -m briefing COMMAND [ARGS]\n\ncommands:")
        for name, (_, help_text) in COMMANDS.items():
            print(f"  {name:<11} {help_text}")
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    name, rest = argv[0], argv[1:]
    if name in FAST_EXIT:
        # One build per process, ended without teardown: no cyclic collection (0.15-0.3 s of
        # collections while the data are validated, on the way to the first chapter; the
        # process's peak stays about 92 MiB).
        gc.disable()
    if name in FAST_EXIT:  # forked by the build server when one runs, else run here
        from briefing.build import buildserver

        return buildserver.run(argv)
    module = importlib.import_module(COMMANDS[name][0])
    if name == "stop-servers":
        return module.main_stop_servers(rest)
    return module.main(rest)


# Commands that end without the interpreter's teardown (freeing pandas, Sphinx's and the kernels'
# modules took about 0.6 s after the last line): by the time ``main`` returns the build has closed
# its lock and log, waited for Jupyter Book and killed its kernels; only the streams are left.
FAST_EXIT = ("build", "notebooks")


def exit_now(code: int) -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    status = main()
    if sys.argv[1:2] and sys.argv[1] in FAST_EXIT:
        exit_now(status)
    sys.exit(status)
