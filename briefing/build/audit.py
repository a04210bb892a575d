"""Which files a chapter reads and writes, seen by an audit hook inside its kernel.

The build executes each chapter with a hidden first cell (``kernel.configure``) that installs
this hook and a hidden last cell that prints :func:`files_touched`: the files under ``data/`` and
``seeds/`` the chapter opened, and the generated files (figures, CSV downloads) it wrote. The
chapter's execution is reused only while those inputs are unchanged and those outputs still
exist, which jupyter-cache alone cannot do (it keys a notebook on its code). An audit hook sees
every ``open()``, whichever library does it.

**Columns.** A loader of ``briefing.data`` given ``columns=`` raises ``data.READ_EVENT`` (path,
columns) before it opens the CSV file and ``data.READ_DONE_EVENT`` after: the opens of that file
between the two, in that thread, are that projected read, and the file is recorded under
``columns`` with the columns read. Every other open of the file (a raw ``open()``, pandas, a load
without ``columns``) records the whole file, which then counts alone: a file is keyed on some
of its columns only when every read of it was a projection.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

from ..data import READ_DONE_EVENT, READ_EVENT

_reads: set[str] = set()
_columns: dict[str, set[str]] = {}
_writes: set[str] = set()
_projecting: dict[int, list[str]] = {}  # thread -> absolute paths of the projected reads under way
_installed = False


def files_touched() -> dict:
    """Inputs read whole (relative to the repository root), inputs read only through projections
    (relative path -> the columns read) and generated files written (absolute)."""
    return {
        "read": sorted(_reads),
        "columns": {rel: sorted(names) for rel, names in sorted(_columns.items()) if rel not in _reads},
        "wrote": sorted(_writes),
    }


def track(root: Path, generated: Path) -> None:
    """Record opens under ``root/data`` and ``root/seeds``, and writes under ``generated``."""
    global _installed
    if _installed:
        return
    _installed = True
    root_text = str(root)
    watched = tuple(os.path.join(root_text, name) + os.sep for name in ("data", "seeds"))
    generated_text = str(generated) + os.sep

    def hook(event: str, args: tuple) -> None:
        if event == READ_EVENT:
            path = os.path.abspath(args[0])
            _projecting.setdefault(threading.get_ident(), []).append(path)
            if path.startswith(watched):
                rel = os.path.relpath(path, root_text)
                if args[1] is None:
                    _reads.add(rel)  # a load of the whole table
                else:
                    _columns.setdefault(rel, set()).update(args[1])
            return
        if event == READ_DONE_EVENT:
            under_way = _projecting.get(threading.get_ident(), [])
            path = os.path.abspath(args[0])
            if path in under_way:
                del under_way[len(under_way) - 1 - under_way[::-1].index(path)]  # the latest
            return
        if event != "open" or not isinstance(args[0], (str, os.PathLike)):
            return
        path = os.path.abspath(os.fspath(args[0]))
        mode, flags = args[1], args[2]
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR))
        if writing:
            if path.startswith(generated_text):
                _writes.add(path)
        elif path.startswith(watched):
            if path in _projecting.get(threading.get_ident(), ()):
                return  # the projected read announced just before: recorded with its columns
            _reads.add(os.path.relpath(path, root_text))

    sys.addaudithook(hook)
