"""Each chapter's record of its last execution under ``_build/.execution``, and whether it holds.

A record is the executed notebook and its manifest: the chapter's source and the package's
environment (sha256), the inputs it read whole (sha256 each), the inputs it read only through
loaders given ``columns=`` (``data.column_digest`` of exactly those columns), the generated files
it wrote and how long it took. :func:`manifest` writes what :func:`is_current` checks, so the two
sides of that contract stand together; ``execution.Runner`` writes records, the build reads them.

A record is written from the inputs as they are when the chapter ends, so the build also takes
the inputs' digests before it validates them (:func:`input_digests`) and compares them once the
chapters have run (:func:`changed_inputs`): an input saved meanwhile drops that build's records
(:func:`forget`) and stops it, rather than keying new bytes to output made from the old.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .chapters import environment_digest, sha256
from .layout import Layout


def _data():
    """``briefing.data``, imported on first use: the build guesses the stale chapters before it
    imports the data's readers (about 0.3 s), to start the kernels and Jupyter Book first."""
    from .. import data

    return data


def manifest_path(layout: Layout, chapter: Path) -> Path:
    return layout.execution / (chapter.relative_to(layout.root).with_suffix(".json").as_posix().replace("/", "__"))


def executed_path(layout: Layout, chapter: Path) -> Path:
    return manifest_path(layout, chapter).with_suffix(".ipynb")


def read_manifest(layout: Layout, chapter: Path) -> dict | None:
    try:
        return json.loads(manifest_path(layout, chapter).read_text())
    except (OSError, ValueError):
        return None


def manifest(
    layout: Layout, chapter: Path, env_digest: str, reads: list[str], columns: dict[str, list[str]], wrote: list[str], seconds: float
) -> dict:
    """The manifest of an execution that just ended: ``reads`` the inputs read whole, ``columns``
    those read only by columns (path -> the columns read), ``wrote`` its generated files."""
    root = layout.root
    return {
        "seconds": round(seconds, 2),
        "source": sha256(chapter.read_bytes()),
        "environment": env_digest,
        "reads": {r: sha256((root / r).read_bytes()) for r in reads},
        "columns": {r: {"columns": names, "digest": _data().column_digest(root / r, names)} for r, names in columns.items()},
        "wrote": wrote,
    }


def is_current(layout: Layout, chapter: Path, env_digest: str) -> bool:
    """The chapter's last execution still holds: same source and environment, its generated
    files all there, every input it read whole byte-identical, and every input it read only by
    columns (``briefing.data`` loaders given ``columns=``) the same in those columns and rows."""
    record = read_manifest(layout, chapter)
    if record is None or not executed_path(layout, chapter).exists():
        return False
    if record.get("source") != sha256(chapter.read_bytes()) or record.get("environment") != env_digest:
        return False
    if not all((layout.generated / rel).exists() for rel in record.get("wrote", [])):
        return False
    for rel, digest in record.get("reads", {}).items():
        path = layout.root / rel
        if not path.exists() or sha256(path.read_bytes()) != digest:
            return False
    for rel, read in record.get("columns", {}).items():
        data = _data()
        try:
            if data.column_digest(layout.root / rel, read["columns"]) != read["digest"]:
                return False
        except (OSError, KeyError, TypeError, data.DataError):  # gone, a column gone, bad data: run it
            return False
    return True


def stale_chapters(layout: Layout, chapters: list[Path], force: bool = False) -> list[Path]:
    env_digest = environment_digest(layout.root)
    return [c for c in chapters if force or not is_current(layout, c, env_digest)]


def last_seconds(layout: Layout, chapter: Path) -> float:
    """How long the chapter's last execution took (unknown: assume long)."""
    record = read_manifest(layout, chapter) or {}
    return float(record.get("seconds", 60.0))


# --- The inputs as the build found them ------------------------------------------------------------

INPUT_FOLDERS = ("data", "seeds")


def input_digests(layout: Layout, files: list[Path] | None = None) -> dict[str, str]:
    """sha256 of ``files`` (default: every file under ``data/`` and ``seeds/``), by path
    relative to the repository."""
    if files is None:
        files = [p for folder in INPUT_FOLDERS for p in sorted((layout.root / folder).rglob("*")) if p.is_file()]
    found = {}
    for path in files:
        try:
            found[layout.rel(path)] = sha256(path.read_bytes())
        except OSError:
            continue  # removed meanwhile: absent, as a file never there
    return found


def changed_inputs(layout: Layout, found: dict[str, str]) -> list[str]:
    """What differs from ``found`` (``input_digests``): files changed or gone, and files under
    ``data/`` and ``seeds/`` added since."""
    now = input_digests(layout)
    others = [layout.root / rel for rel in found if rel not in now and (layout.root / rel).is_file()]
    now.update(input_digests(layout, others))
    return sorted(rel for rel in found.keys() | now.keys() if found.get(rel) != now.get(rel))


def forget(layout: Layout, chapters: list[Path]) -> None:
    """Drop these chapters' records: the next build executes them again."""
    for chapter in chapters:
        manifest_path(layout, chapter).unlink(missing_ok=True)


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)
