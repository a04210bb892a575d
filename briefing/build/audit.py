"""Which files a chapter reads and writes, seen by an audit hook inside its kernel.

The build executes each chapter with a hidden first cell (``kernel.configure``) that installs
this hook and a hidden last cell that prints :func:`files_touched`: the files under ``data/`` and
``seeds/`` the chapter opened, and the generated files (figures, CSV downloads) it wrote. The
chapter's execution is reused only while those inputs are unchanged and those outputs still
exist, which jupyter-cache alone cannot do (it keys a notebook on its code). An audit hook sees
every ``open()``, whichever library does it. Standard library only: it runs before anything else.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_reads: set[str] = set()
_writes: set[str] = set()
_installed = False


def files_touched() -> dict[str, list[str]]:
    """Inputs read (relative to the repository root) and generated files written (absolute)."""
    return {"read": sorted(_reads), "wrote": sorted(_writes)}


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
        if event != "open" or not isinstance(args[0], (str, os.PathLike)):
            return
        path = os.path.abspath(os.fspath(args[0]))
        mode, flags = args[1], args[2]
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR))
        if writing:
            if path.startswith(generated_text):
                _writes.add(path)
        elif path.startswith(watched):
            _reads.add(os.path.relpath(path, root_text))

    sys.addaudithook(hook)
