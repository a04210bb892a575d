"""Figures onto the page, each drawn only when its own inputs change.

:func:`show` returns the Markdown of a numbered figure and makes sure ``<stem>.svg`` (for the
HTML), ``<stem>.pdf`` (for LaTeX) and ``<stem>.png`` (a download, rendered from the same drawing)
are among the chapter's generated files.

**The figure cache.** The three files of a drawing are kept under ``_build/figures/`` in a folder
named by a key: the SHA-256 of the chart's stem, the exact inputs its ``draw`` reads (the columns
and rows passed to it, the closed lists and facts from ``data/``), the source of every module of
this package (so the house style and the label placer count), and the versions of matplotlib,
fontTools and NumPy. On a hit the files are copied, not drawn; the copies are written with
``open()``, so a build that records what a chapter writes (``briefing.files_touched``) sees them
as written either way. ``rm -rf _build`` empties the cache; the next build draws everything.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from datetime import date
from pathlib import Path

import fontTools
import matplotlib
import numpy
import pandas as pd

from .. import BUILD_DIR, present
from . import style
from .charts import Chart

#: Where drawings are kept between builds: ``_build/figures`` unless ``set_cache_dir`` says otherwise.
_settings: dict[str, Path | None] = {"cache_dir": None}
#: Drawings kept per figure (the newest): an edit and its undo both stay cached.
KEEP = 4


def _digest_sources() -> str:
    """The digest of this package's source and of the libraries that draw and write the files,
    taken when the package is imported: it describes the code that runs, even if a file is
    edited while a build is under way."""
    h = hashlib.sha256()
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for version in (matplotlib.__version__, fontTools.version, numpy.__version__):
        h.update(version.encode() + b"\0")
    return h.hexdigest()


_source_digest = _digest_sources()


def cache_dir() -> Path:
    return _settings["cache_dir"] or BUILD_DIR / "figures"


def set_cache_dir(path: Path | None) -> None:
    """Keep the drawings elsewhere (tests and benchmarks use a temporary folder)."""
    _settings["cache_dir"] = Path(path) if path else None


def source_digest() -> str:
    return _source_digest


def _encode(value) -> object:
    """What JSON cannot write itself, as values that are equal exactly when the inputs are."""
    if isinstance(value, pd.DataFrame):
        return {"columns": [str(c) for c in value.columns], "csv": value.to_csv(index=False, lineterminator="\n")}
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"figure cache: cannot key on a {type(value).__name__}")


def key(chart: Chart) -> str:
    """The cache key of a chart's drawing (see the module's docstring)."""
    h = hashlib.sha256()
    h.update(chart.stem.encode() + b"\0" + source_digest().encode() + b"\0")
    h.update(json.dumps(chart.inputs, sort_keys=True, separators=(",", ":"), default=_encode).encode())
    return h.hexdigest()


def _draw_into(chart: Chart, folder: Path) -> None:
    """Draw once, write the three formats into a fresh folder, then move it into place."""
    fig = chart.draw()
    tmp = folder.with_name(folder.name + f".tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    style.save_figure(fig, tmp / chart.stem)
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(tmp, folder)


def _prune(root: Path, stem: str, keep: Path) -> None:
    older = sorted((p for p in root.glob(f"{stem}-*") if p != keep and p.is_dir()), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for stale in older[KEEP - 1 :]:
        shutil.rmtree(stale, ignore_errors=True)


def produce(chart: Chart, out_dir: Path) -> tuple[dict[str, Path], bool]:
    """``<stem>.svg``, ``.pdf`` and ``.png`` in ``out_dir``, drawn or copied from the cache;
    returns the files by format and whether the drawing came from the cache."""
    root = cache_dir()
    folder = root / f"{chart.stem}-{key(chart)[:32]}"
    hit = all((folder / f"{chart.stem}.{fmt}").is_file() for fmt in style.FORMATS)
    if not hit:
        root.mkdir(parents=True, exist_ok=True)
        _draw_into(chart, folder)
        _prune(root, chart.stem, folder)
    else:
        os.utime(folder)  # most recently used: pruned last
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for fmt in style.FORMATS:
        target = out_dir / f"{chart.stem}.{fmt}"
        with open(folder / target.name, "rb") as src, open(target, "wb") as dst:  # open(): recorded
            shutil.copyfileobj(src, dst)
        written[fmt] = target
    return written, hit


def show(chart: Chart):
    """The chart as a numbered figure of the page (its files among the generated ones)."""
    produce(chart, present.generated_dir())
    return present.figure(chart.stem, chart.text.caption, chart.text.alt, chart.text.source_line)
