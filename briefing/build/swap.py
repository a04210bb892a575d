"""Put a finished build in place of the live one by renames, so a reader never sees half a book.

The new HTML tree, PDF and notebooks are first written whole into the build's private folder.
Then each is exchanged with the live one in a single ``renameat2(RENAME_EXCHANGE)`` (Linux): at
every instant ``_build/html`` is either the old tree or the new one. Where the exchange is not
available, the live tree is renamed aside and the new one renamed in (two renames, no copying).
The PDF is one file, replaced by ``os.replace``.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
from pathlib import Path

from .execution import executed_path
from .layout import PDF_NAME, Layout
from .sphinx import latex_dir, output_dir

_RENAME_EXCHANGE = 2
_libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
_renameat2 = getattr(_libc, "renameat2", None)
_AT_FDCWD = -100


def exchange(new: Path, live: Path) -> bool:
    """Swap two directories atomically; False when the system cannot."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(live), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(live))


def replace_dir(new: Path, live: Path) -> None:
    """``live`` becomes ``new``; the old tree is removed afterwards."""
    if not live.exists():
        new.rename(live)
        return
    if exchange(new, live):
        shutil.rmtree(new, ignore_errors=True)  # now the old tree
        return
    old = new.with_name(new.name + ".old")
    live.rename(old)
    new.rename(live)
    shutil.rmtree(old, ignore_errors=True)


def prepare(layout: Layout, chapters: list[Path]) -> dict[str, Path]:
    """The new outputs, whole, in the private folder."""
    out = output_dir(layout)
    work = layout.work
    html = work / "html"
    shutil.rmtree(html, ignore_errors=True)
    shutil.copytree(out / "html", html)
    pdf = latex_dir(layout) / PDF_NAME
    # The PDF also sits in the HTML tree, so the website links it (from book/: ../briefing-book.pdf)
    shutil.copyfile(pdf, html / PDF_NAME)
    shutil.copyfile(pdf, work / PDF_NAME)
    latex_log = latex_dir(layout) / PDF_NAME.replace(".pdf", ".log")
    if latex_log.exists():
        shutil.copyfile(latex_log, work / PDF_NAME.replace(".pdf", ".log"))
    notebooks = work / "notebooks"
    shutil.rmtree(notebooks, ignore_errors=True)
    notebooks.mkdir(parents=True)
    for chapter in chapters:
        shutil.copyfile(executed_path(layout, chapter), notebooks / (chapter.stem + ".ipynb"))
    return {"html": html, "pdf": work / PDF_NAME, "notebooks": notebooks}


def swap_in(layout: Layout, new: dict[str, Path]) -> None:
    """Rename the prepared outputs into place: notebooks, PDF, then the website."""
    layout.build.mkdir(parents=True, exist_ok=True)
    replace_dir(new["notebooks"], layout.notebooks)
    layout.pdf.parent.mkdir(parents=True, exist_ok=True)
    log_file = new["pdf"].with_suffix(".log")
    if log_file.exists():
        os.replace(log_file, layout.pdf.with_suffix(".log"))
    os.replace(new["pdf"], layout.pdf)
    replace_dir(new["html"], layout.html)
