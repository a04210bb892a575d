"""Put a finished build in place of the live one by renames, so a reader never sees half a book.

The new HTML tree, PDF and notebooks are first written whole into the build's private folder.
Then each is exchanged with the live one in a single ``renameat2(RENAME_EXCHANGE)`` (Linux): at
every instant ``_build/html`` is either the old tree or the new one. Where the exchange is not
available, the live tree is renamed aside and the new one renamed in (two renames, no copying).
The PDF is one file, replaced by ``os.replace``.

The HTML tree the exchange puts aside is kept (``_build/.html-next``, :attr:`Layout.html_next`)
and becomes the next build's new tree: :func:`sync_tree` rewrites only the files whose bytes
changed and removes the ones gone, so a rebuild neither copies the whole website nor deletes a
tree of a hundred folders (removing folders is slow on this disk). A file already in a tree is
never written into (a reader or a hard link may share it): a changed file is written beside and
renamed over it. A build killed while the tree is brought up to date leaves it half done, and
private: the next build compares every file again.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
from pathlib import Path

from .layout import PDF_NAME, Layout
from .records import executed_path
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


def replace_dir(new: Path, live: Path, keep_old: bool = False) -> None:
    """``live`` becomes ``new``; the old tree is removed afterwards, or with ``keep_old`` left at ``new``'s path."""
    if not live.exists():
        new.rename(live)
        return
    if exchange(new, live):
        if not keep_old:
            shutil.rmtree(new, ignore_errors=True)  # now the old tree
        return
    old = new.with_name(new.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    live.rename(old)
    new.rename(live)
    if keep_old:
        old.rename(new)
    else:
        shutil.rmtree(old, ignore_errors=True)


def _same_file(source: Path, target: Path) -> bool:
    try:
        if target.is_symlink() or not target.is_file() or target.stat().st_size != source.stat().st_size:
            return False
        return target.read_bytes() == source.read_bytes()
    except OSError:
        return False


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def sync_tree(wanted: dict[str, Path], target: Path, scratch: Path) -> int:
    """Make ``target`` hold exactly ``wanted`` (relative path -> the file to copy); return how many files were written.

    A file with the same bytes is kept; a changed or new one is copied into ``scratch`` (on the same
    disk) and renamed into place; whatever else ``target`` holds is removed."""
    children: dict[str, set[str]] = {"": set()}  # folder -> the names it must hold
    for rel in wanted:
        parts = rel.split("/")
        for depth in range(len(parts)):
            children.setdefault("/".join(parts[:depth]), set()).add(parts[depth])
    for folder in sorted(children, key=lambda f: f.count("/") + bool(f)):  # parents first
        path = target / folder if folder else target
        if path.is_symlink() or (path.exists() and not path.is_dir()):
            path.unlink()
        path.mkdir(exist_ok=True)
        for entry in list(path.iterdir()):
            if entry.name not in children[folder]:
                _remove(entry)
    scratch.mkdir(parents=True, exist_ok=True)
    written = 0
    for rel, source in wanted.items():
        path = target / rel
        if _same_file(source, path):
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        partial = scratch / f"{written}.partial"
        shutil.copyfile(source, partial)
        os.replace(partial, path)
        written += 1
    return written


def files_under(top: Path) -> dict[str, Path]:
    """Every file under ``top`` by its relative path (as ``copytree`` would copy them)."""
    found = {}
    for folder, _, names in os.walk(top):
        for name in names:
            path = Path(folder) / name
            found[path.relative_to(top).as_posix()] = path
    return found


def prepare(layout: Layout, chapters: list[Path]) -> dict[str, Path]:
    """The new outputs, whole, in the private folder."""
    out = output_dir(layout)
    work = layout.work
    html = layout.html_next
    pdf = latex_dir(layout) / PDF_NAME
    # The PDF also sits in the HTML tree, so the website links it (from book/: ../briefing-book.pdf)
    wanted = {**files_under(out / "html"), PDF_NAME: pdf}
    if html.is_dir() and not html.is_symlink():
        sync_tree(wanted, html, work / "partial")  # the tree live before the last build
    else:
        if html.is_symlink() or html.exists():
            _remove(html)
        shutil.copytree(out / "html", html)
        shutil.copyfile(pdf, html / PDF_NAME)
    work.mkdir(parents=True, exist_ok=True)
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
    """Rename the prepared outputs into place: notebooks, PDF, then the website (the old one kept for the next build)."""
    layout.build.mkdir(parents=True, exist_ok=True)
    replace_dir(new["notebooks"], layout.notebooks)
    layout.pdf.parent.mkdir(parents=True, exist_ok=True)
    log_file = new["pdf"].with_suffix(".log")
    if log_file.exists():
        os.replace(log_file, layout.pdf.with_suffix(".log"))
    os.replace(new["pdf"], layout.pdf)
    replace_dir(new["html"], layout.html, keep_old=True)
