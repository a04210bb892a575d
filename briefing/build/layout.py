"""Where a build reads and writes.

Live outputs (what readers open): ``_build/html``, ``_build/pdf/briefing-book.pdf``,
``_build/notebooks``. They change only by renames at the end of a successful build.

Private to the build holding the lock (``_build/.lock``):

- ``_build/.execution``: one record per chapter (executed notebook, manifest) and the generated
  files (figures, CSV downloads) of the executions still valid; each record is written by rename
  after its chapter succeeded, so a killed build leaves either the old record or the new one.
- ``_build/.stage``: the Sphinx working tree (sources, doctrees, outputs), kept between builds so
  Sphinx and LaTeX redo only what changed; marked in use while Sphinx runs, and wiped when a build
  finds the mark of one that died.
- ``_build/.work/<pid>``: this build's scratch: each chapter's generated files while it runs, the
  new HTML tree, PDF and notebooks before they are renamed into place.
- ``_build/.html-next``: the HTML tree that was live before the last build's swap; the next
  build brings it up to date (only the changed files written) and swaps it in.
- ``_build/logs/build.log``: the full story of the last build that got past validation.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PDF_NAME = "briefing-book.pdf"


@dataclass(frozen=True)
class Layout:
    """The repository root and the paths under its ``_build`` folder."""

    root: Path

    @property
    def build(self) -> Path:
        return self.root / "_build"

    @property
    def lock_file(self) -> Path:
        return self.build / ".lock"

    @property
    def execution(self) -> Path:
        return self.build / ".execution"

    @property
    def generated(self) -> Path:
        """Figures and CSV downloads of the valid executions; staged as ``book/_generated/``."""
        return self.execution / "generated"

    @property
    def stage(self) -> Path:
        return self.build / ".stage"

    @property
    def stage_in_use(self) -> Path:
        return self.stage / ".in-use"

    @property
    def work_root(self) -> Path:
        return self.build / ".work"

    @property
    def work(self) -> Path:
        return self.work_root / str(os.getpid())

    @property
    def logs(self) -> Path:
        return self.build / "logs"

    @property
    def log_file(self) -> Path:
        return self.logs / "build.log"

    @property
    def html(self) -> Path:
        return self.build / "html"

    @property
    def html_next(self) -> Path:
        """The website the next build updates and swaps in (the one live before the last swap)."""
        return self.build / ".html-next"

    @property
    def pdf(self) -> Path:
        return self.build / "pdf" / PDF_NAME

    @property
    def notebooks(self) -> Path:
        return self.build / "notebooks"

    @property
    def stamp(self) -> Path:
        """Digest of the staged sources of the book now live (the no-op check)."""
        return self.build / ".built-from"

    def rel(self, path: Path) -> str:
        try:
            return Path(path).relative_to(self.root).as_posix()
        except ValueError:
            return str(path)
