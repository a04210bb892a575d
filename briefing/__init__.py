"""The UN-OIC briefing book: everything the notebooks and the build need.

The flow is one way: ``seeds/`` and ``data/`` are read here, turned into tables and figures here,
and the thin notebooks under ``book/`` only call into this package.
"""
from pathlib import Path

__version__ = "0.1.0"


def _find_root() -> Path:
    """The repository root: the folder holding ``_config.yml`` and ``seeds/``.

    Notebooks execute with their own folder as working directory, so paths are resolved from
    this file, not from the current directory. ``BRIEFING_ROOT`` points elsewhere (tests build
    copies of the repository).
    """
    import os

    override = os.environ.get("BRIEFING_ROOT")
    if override:
        return Path(override).resolve()
    return Path(__file__).resolve().parent.parent


ROOT = _find_root()
SEEDS_DIR = ROOT / "seeds"
DATA_DIR = ROOT / "data"
BOOK_DIR = ROOT / "book"
BUILD_DIR = ROOT / "_build"
PAPER_PATH = SEEDS_DIR / "S-2013-588.md"
PAPER_SYMBOL = "S/2013/588"


# --- Which files a chapter reads and writes ---------------------------------------------------
# The build executes each chapter with BRIEFING_TRACK_READS=1 and asks, after the last cell, for
# `files_touched()`: the files under data/ and seeds/ the chapter opened, and the generated files
# (figures, CSV downloads) it wrote. Its execution is reused only while those inputs are unchanged
# and those outputs still exist, which jupyter-cache alone cannot do (it keys a notebook on its
# code). An audit hook sees every open(), whichever library does it.
_reads: set[str] = set()
_writes: set[str] = set()


def files_touched() -> dict[str, list[str]]:
    """Inputs read (relative to the repository root) and generated files written (absolute)."""
    return {"read": sorted(_reads), "wrote": sorted(_writes)}


def _track_files() -> None:
    import os
    import sys

    watched = tuple(str(p) + os.sep for p in (DATA_DIR, SEEDS_DIR))
    generated = os.environ.get("BRIEFING_GENERATED_DIR", "")

    def hook(event: str, args: tuple) -> None:
        if event != "open" or not isinstance(args[0], (str, os.PathLike)):
            return
        path = os.path.abspath(os.fspath(args[0]))
        mode, flags = args[1], args[2]
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR)
        )
        if writing:
            if generated and path.startswith(generated + os.sep):
                _writes.add(path)
        elif path.startswith(watched):
            _reads.add(os.path.relpath(path, ROOT))

    sys.addaudithook(hook)


if __import__("os").environ.get("BRIEFING_TRACK_READS") == "1":
    _track_files()
