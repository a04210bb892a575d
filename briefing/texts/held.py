"""The held texts: ``data/texts/texts.csv``, each file checked against its sha256."""

from __future__ import annotations

import csv
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from ..data import DataError, data_dir_of

INDEX = "texts/texts.csv"


@dataclass(frozen=True)
class HeldText:
    """One text the book carries, as ``texts.csv`` lists it."""

    symbol: str  # "A/RES/67/264"
    slug: str  # "a-res-67-264" (briefing.citations.slug; the page's and labels' prefix)
    path: Path  # data/texts/A-RES-67-264.txt
    url: str  # the official address (undocs.org)
    repository_url: str  # the file in the corpus at its commit
    commit: str
    sha256: str
    kind: str  # ga_resolution, sc_resolution, prst, meeting_record
    derived_from: str  # for a cut: the original's file name; "" otherwise
    derived_lines: str  # for a cut: "1-14"
    caveats: str
    row: int  # the row of texts.csv (header = 1)

    @property
    def file(self) -> str:
        return self.path.name

    @property
    def display(self) -> str:
        """The file as messages name it: ``data/texts/A-RES-67-264.txt``."""
        return f"data/texts/{self.path.name}"


def _rows(data_dir: Path) -> list[tuple[int, dict[str, str]]]:
    path = data_dir / INDEX
    if not path.exists():
        raise DataError(f"data/{INDEX}", None, None, "the index of the held texts", "no such file", path)
    with path.open(encoding="utf-8", newline="") as fh:
        return [(i, row) for i, row in enumerate(csv.DictReader(fh), start=2)]


def _check_hash(data_dir: Path, line: int, row: dict[str, str]) -> Path:
    path = data_dir / "texts" / row["file"]
    display = f"data/texts/{row['file']}"
    if not path.exists():
        raise DataError(display, None, None, f"the text listed in data/{INDEX}, row {line}", "no such file", path)
    found = hashlib.sha256(path.read_bytes()).hexdigest()
    if found != row["sha256"]:
        raise DataError(display, None, None, f"sha256 {row['sha256']} (data/{INDEX}, row {line})", f"sha256 {found}", path)
    return path


def held_texts(root: str | os.PathLike | None = None, *, include_sources: bool = False) -> list[HeldText]:
    """The texts the book carries, in the order of ``texts.csv``, each checked against its sha256.

    ``root`` is the repository root or its ``data/`` (default: the project's). A text whose bytes
    differ raises :class:`briefing.data.DataError` (file, the hash expected and where, the hash
    found). ``include_sources`` adds the originals kept only as the source of a cut (and checks
    that a cut is exactly the named lines of its original).
    """
    data_dir = data_dir_of(root).resolve()
    out = []
    rows = _rows(data_dir)
    by_file = {row["file"]: (line, row) for line, row in rows}
    for line, row in rows:
        path = _check_hash(data_dir, line, row)
        if row["derived_from"]:
            _check_cut(data_dir, path, line, row, by_file)
        if row["use"] != "book" and not include_sources:
            continue
        out.append(
            HeldText(
                row["symbol"],
                row["slug"],
                path,
                row["url"],
                row["repository_url"],
                row["commit"],
                row["sha256"],
                row["kind"],
                row["derived_from"],
                row["derived_lines"],
                row["caveats"],
                line,
            )
        )
    return out


def _check_cut(data_dir: Path, path: Path, line: int, row: dict[str, str], by_file: dict) -> None:
    """A cut must be exactly the named lines of its (hash-checked) original."""
    original = row["derived_from"]
    if original not in by_file:
        raise DataError(f"data/{INDEX}", line, "derived_from", "a file listed in the same table", f'"{original}"')
    _check_hash(data_dir, *by_file[original])
    first, last = (int(n) for n in row["derived_lines"].split("-"))
    lines = (data_dir / "texts" / original).read_bytes().splitlines(keepends=True)
    expected = b"".join(lines[first - 1 : last])
    if path.read_bytes() != expected:
        raise DataError(f"data/texts/{row['file']}", None, None, f"lines {first}-{last} of data/texts/{original}, byte for byte", "other bytes", path)


def text_for(symbol: str, root: str | os.PathLike | None = None) -> HeldText | None:
    """The held text of ``symbol`` (canonical form), or None when the book does not hold it."""
    return next((t for t in held_texts(root) if t.symbol == symbol), None)
