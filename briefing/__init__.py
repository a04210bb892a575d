"""The UN-OIC briefing book: everything the notebooks and the build need.

The flow is one way: ``seeds/`` and ``data/`` are read here, turned into tables and figures here,
and the thin notebooks under ``book/`` only call into this package. No module reads environment
variables; the build (``briefing.build``) sets what a chapter's kernel needs through settings.
"""

from pathlib import Path

__version__ = "0.1.0"

# The repository root: the folder holding ``_config.yml`` and ``seeds/``, resolved from this
# file (notebooks execute with their own folder as working directory). The build points kernels
# and Sphinx at the repository it builds through PYTHONPATH, so a copy imports its own package.
ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "seeds"
DATA_DIR = ROOT / "data"
BOOK_DIR = ROOT / "book"
BUILD_DIR = ROOT / "_build"
PAPER_PATH = SEEDS_DIR / "S-2013-588.md"
PAPER_SYMBOL = "S/2013/588"
