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
