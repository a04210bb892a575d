"""One loading path: every loader reads through :mod:`.read` and, outside the build, after the contract.

A notebook never sees a table that has not passed validation: either the loader validates the
whole package first (cached while no file under ``data/`` changes), or the chapter runs inside
the build, which validated everything just before (:func:`prevalidated`); the chapter then opens
only the files it loads, so the build's record of what each chapter read stays exact.

**Reads by column.** A loader given ``columns=`` returns only those columns (a later use of any
other column is a ``KeyError``, never a stale value) and announces the read with the audit event
:data:`READ_EVENT` (path, columns) before it opens the file and :data:`READ_DONE_EVENT` (path)
after, so a build that watches the opens (``briefing.build.audit``) can key the chapter on those
columns of the file (:func:`column_digest`) instead of its bytes. Any other open of the file
keeps it keyed on the whole file. The data layer only raises the events (``sys.audit``) and
never knows who listens.

pandas is imported by the loaders that return DataFrames, on first use: a process that only
validates (``check-data``, the build's first step) never pays for it.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import sys
from collections import namedtuple
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import PAPER_PATH
from .errors import DataError
from .read import (
    PACKAGE_FILE,
    Contents,
    Table,
    _records,
    data_dir_of,
    decode,
    display_of,
    read_descriptor,
    read_package,
    read_table,
    read_topology,
    resource_named,
)

if TYPE_CHECKING:
    import pandas as pd

_settings = {"prevalidated": False}  # set by the build (briefing.build.kernel), never by the environment


def prevalidated() -> bool:
    """True inside a chapter executed by the build, which validated all of data/ just before.

    The one switch for that mode: each file is then read for its structure only, and the checks
    of its cells and across files are left to the build's validation.
    """
    return _settings["prevalidated"]


def set_prevalidated(flag: bool) -> None:
    """Called by the build inside a chapter's kernel: all of data/ was validated just before."""
    _settings["prevalidated"] = bool(flag)


# --------------------------------------------------------------------------------------------
# validation, cached
# --------------------------------------------------------------------------------------------
def _contract():
    """:mod:`.contract`, imported on first use: frictionless takes about a second to import, and
    a chapter executed by the build (or a build whose inputs passed before) never needs it."""
    from . import contract

    return contract


def _stamp(data_dir: Path) -> tuple:
    files = [data_dir / PACKAGE_FILE, *sorted(data_dir.rglob("*.csv")), *sorted(data_dir.rglob("*.json"))]
    stamp = []
    for path in files:
        try:
            st = path.stat()
            stamp.append((str(path), st.st_mtime_ns, st.st_size))
        except FileNotFoundError:
            stamp.append((str(path), None, None))
    return tuple(stamp)


_checked: dict[Path, tuple[tuple, Contents | None]] = {}


def _package(root: str | os.PathLike | None) -> Contents:
    """The validated package, re-checked whenever a file under data/ changes.

    When this process's :func:`validate` passed the same files (the build's first step, or its
    cache), they are only read again, without frictionless."""
    data_dir = data_dir_of(root)
    stamp = _stamp(data_dir)
    cached = _checked.get(data_dir)
    if cached and cached[0] == stamp:
        if cached[1] is None:
            _checked[data_dir] = (stamp, read_package(data_dir))
        return _checked[data_dir][1]
    package = _contract().check(data_dir)
    _checked[data_dir] = (stamp, package)
    return package


def digest(data_dir: Path) -> str:
    """sha256 over what the verdict depends on: every file under data/, the paper, and the checking code."""
    paper = data_dir.parent / "seeds" / PAPER_PATH.name
    # the finder and the seed reader by path, not imported: the build's first guess at what is
    # stale reads column digests through this package before it imports anything heavy
    here = Path(__file__).resolve().parent
    finder = here.parent / "citations"
    code = [*sorted(here.glob("*.py")), *sorted(finder.glob("*.py")), here.parent / "seed.py"]
    h = hashlib.sha256()
    for path in [*sorted(p for p in data_dir.rglob("*") if p.is_file()), paper if paper.exists() else PAPER_PATH, *code]:
        h.update(str(path.relative_to(path.anchor)).encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def validate(data_dir: str | os.PathLike | None = None, cache: str | os.PathLike | None = None):
    """Check every file under ``data_dir`` (default ``briefing.DATA_DIR``); raise the first :class:`DataError`.

    With ``cache`` (a file), a digest of the inputs that passed is kept there and an unchanged
    package is not checked again; returns the number of files and rows checked, or None when the
    cache answered. Beside it (``<cache>.tables``), frictionless's verdicts per table: after an
    edit, frictionless checks only the tables whose content (or the columns their keys point at)
    changed, and every other check runs. Both files are written only when the whole check passed.
    """
    folder = data_dir_of(data_dir)
    stamp = _stamp(folder)
    key = None
    if cache is not None:
        cache = Path(cache)
        try:
            key = digest(folder)
        except OSError:
            key = None
        if key is not None and cache.exists() and cache.read_text(encoding="utf-8").strip() == key:
            if _checked.get(folder, (None, None))[0] != stamp:
                _checked[folder] = (stamp, None)  # passed: the loaders read these files without checking again
            return None
    contract = _contract()
    verdicts = contract.Verdicts.read(cache.with_name(cache.name + ".tables")) if cache is not None else None
    package = contract.check(folder, verdicts=verdicts)
    _checked[folder] = (stamp, package)
    if verdicts is not None:
        verdicts.write()
    if key is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_name(f"{cache.name}.{os.getpid()}")
        partial.write_text(key + "\n", encoding="utf-8")
        partial.replace(cache)
    return package.n_files, package.n_rows


# --------------------------------------------------------------------------------------------
# the loaders
# --------------------------------------------------------------------------------------------
def _pandas():
    """pandas, imported by the first loader that returns a DataFrame (about 0.7 s)."""
    import pandas

    return pandas


def _missing(value: Any) -> bool:
    """None, a float NaN or pandas' NA (a value from a DataFrame: pandas is loaded then)."""
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    pandas = sys.modules.get("pandas")
    return pandas is not None and value is pandas.NA


def split_list(value: Any, separator: str = ";") -> list[str]:
    """``"SAU;CHE"`` -> ``["SAU", "CHE"]``; a missing value -> ``[]``."""
    if _missing(value) or value == "":
        return []
    return [item.strip() for item in str(value).split(separator)]


def explode_list(frame: pd.DataFrame, column: str, separator: str = ";") -> pd.DataFrame:
    """One row per item of a ``;``-separated column (rows with a blank cell are dropped)."""
    out = frame.copy()
    out[column] = out[column].map(lambda v: split_list(v, separator))
    out = out.explode(column)
    return out[out[column].notna()].reset_index(drop=True)


def load_schema(root: str | os.PathLike | None = None) -> dict:
    """The parsed ``datapackage.json`` (after validating the package)."""
    if prevalidated():
        return read_descriptor(data_dir_of(root))
    return copy.deepcopy(_package(root).descriptor)


#: Audit event raised (path, columns) just before a loader given ``columns=`` opens a CSV file,
#: and :data:`READ_DONE_EVENT` (path) just after: the opens between are that projected read.
READ_EVENT = "briefing.data.read"
READ_DONE_EVENT = "briefing.data.read.done"


@contextmanager
def _announced(path: Path, columns: tuple[str, ...] | None):
    """Bracket a read of ``path`` by the audit events (``columns`` None: the whole file)."""
    sys.audit(READ_EVENT, str(path), columns)
    try:
        yield
    finally:
        sys.audit(READ_DONE_EVENT, str(path))


def _projection(columns: Iterable[str] | None) -> tuple[str, ...] | None:
    if columns is None:
        return None
    if isinstance(columns, str):
        raise TypeError(f"columns must be a list of column names, not the string {columns!r}")
    names = tuple(dict.fromkeys(str(c) for c in columns))
    if not names:
        raise ValueError("columns=: name at least one column")
    return names


def _check_columns(table: Table, columns: tuple[str, ...] | None) -> None:
    if columns is None:
        return
    unknown = [c for c in columns if c not in table.names]
    if unknown:
        raise KeyError(f"{table.display} has no column {', '.join(map(repr, unknown))}; columns: {', '.join(table.names)}")


def _table(name: str, root: str | os.PathLike | None, columns: tuple[str, ...] | None = None) -> Table:
    if prevalidated():
        data_dir = data_dir_of(root)
        resource = resource_named(read_descriptor(data_dir), name)
        if resource is not None and resource.get("format") == "csv":
            with _announced(data_dir / resource["path"], columns):
                table = read_table(data_dir, resource)
            _check_columns(table, columns)
            return table
    package = _package(root)
    if name not in package.tables:
        raise KeyError(f"no table {name!r} in {package.data_dir / PACKAGE_FILE}; tables: {', '.join(package.tables)}")
    _check_columns(package.tables[name], columns)
    return package.tables[name]


def frame_of(table: Table, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """A table as a DataFrame, columns in schema order (only ``columns``, when given); blanks are
    missing values, integers Int64."""
    pd = _pandas()
    wanted = None if columns is None else set(columns)
    frame = {}
    for spec in table.fields:
        if wanted is not None and spec["name"] not in wanted:
            continue
        values = [row[spec["name"]] or None for _, row in table.rows]
        if spec.get("type") == "integer":
            frame[spec["name"]] = pd.array([None if v is None else int(v) for v in values], dtype="Int64")
        else:
            frame[spec["name"]] = pd.array(values, dtype="str")
    return pd.DataFrame(frame, index=pd.RangeIndex(len(table.rows)))


def _cells(path: Path, names: Sequence[str]) -> list[list[str]]:
    """Every row's cells in the columns ``names`` (in that order), rows in file order, read by
    the same parse as the loaders (:mod:`.read`): what :func:`read_columns` returns and
    :func:`column_digest` hashes."""
    display = display_of(path.parent, path.name)
    records = _records(decode(path, display), display, path)
    if not records:
        raise DataError(display, 1, None, "a header row naming the columns", "an empty file", path)
    header = records[0][1]
    missing = [c for c in names if c not in header]
    if missing:
        raise KeyError(f"{display} has no column {', '.join(map(repr, missing))}; columns: {', '.join(header)}")
    at = [header.index(c) for c in names]
    rows = []
    for line, cells in records[1:]:
        if len(cells) != len(header):
            raise DataError(display, line, None, f"{len(header)} cells, one per column of the header", f"{len(cells)} cells", path)
        rows.append([cells[i] for i in at])
    return rows


def column_digest(path: str | os.PathLike, columns: Iterable[str]) -> str:
    """sha256 of the columns ``columns`` of the CSV file ``path``: their names (sorted) and every
    row's cells in them, rows in file order (so an added, removed or reordered row counts, and a
    change in any other column does not). What a loader given ``columns`` returns is a function of
    exactly these cells, so the build keys a chapter that read the file only through projections
    on this digest (``briefing.build.execution``), both when it records an execution and when it
    decides whether that execution still holds. Raises :class:`DataError` for a file whose
    structure does not read, ``KeyError`` for a column the header lacks."""
    names = sorted(set(columns))
    h = hashlib.sha256()
    h.update(json.dumps(names, ensure_ascii=False).encode() + b"\n")
    for cells in _cells(Path(path), names):
        h.update(json.dumps(cells, ensure_ascii=False).encode() + b"\n")
    return h.hexdigest()


def read_columns(path: str | os.PathLike, columns: Sequence[str]) -> list[dict[str, str]]:
    """The rows of the CSV file ``path`` as text, each with only ``columns`` (not validated: for a
    reader below the contract, such as the text pages' grouping); announced like a loader's
    projection, so a chapter that reads a file only this way is keyed on those columns."""
    names = _projection(columns)
    path = Path(path)
    with _announced(path, names):
        rows = _cells(path, names)
    return [dict(zip(names, cells)) for cells in rows]


def load_table(name: str, root: str | os.PathLike | None = None, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """One CSV resource as a DataFrame, columns in schema order; blanks are missing values.

    With ``columns``, only those columns (a name the schema lacks is a ``KeyError``), and the
    read is announced as reading only them (see the module's docstring)."""
    wanted = _projection(columns)
    return frame_of(_table(name, root, wanted), wanted)


def load_rows(name: str, root: str | os.PathLike | None = None) -> list[tuple]:
    """One CSV resource as named tuples, in the file's order: the cells :func:`load_table` gives
    (blanks None, integers int), without pandas. For the build's own process, which checks the
    narrative against ``glossary.csv`` and never needs pandas otherwise (about 0.5 s to import)."""
    table = _table(name, root)
    row = namedtuple("Row", [spec["name"] for spec in table.fields], rename=True)
    kinds = [spec.get("type") for spec in table.fields]
    return [row(*(None if not v else int(v) if kind == "integer" else v for v, kind in zip(cells.values(), kinds))) for _, cells in table.rows]


def records(table: pd.DataFrame | Iterable[tuple]) -> Iterable[tuple]:
    """The rows of a DataFrame (``itertuples``) or of :func:`load_rows`, alike: named tuples."""
    return table.itertuples(index=False) if hasattr(table, "itertuples") else table


def load_instruments(root: str | os.PathLike | None = None, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """``instruments.csv``: one row per instrument the paper cites (symbol, kind, title, body, date, …)."""
    return load_table("instruments", root, columns)


def load_events(root: str | os.PathLike | None = None, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """``events.csv``: UN-OIC activities; ``start``/``end`` are ISO strings at their precision."""
    return load_table("events", root, columns)


def load_members(root: str | os.PathLike | None = None, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """``oic_members.csv``: the 57 OIC member States with joined_year, continent, group."""
    return load_table("oic_members", root, columns)


def load_iso3166(root: str | os.PathLike | None = None, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """``iso3166.csv``: alpha3, numeric (string, e.g. "004", as the map ids are written), name."""
    return load_table("iso3166", root, columns)


def load_ga_series(root: str | os.PathLike | None = None, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """``ga_series.csv``: the Assembly's resolutions on UN-OIC cooperation, by session."""
    return load_table("ga_series", root, columns)


def load_after_meeting(root: str | os.PathLike | None = None, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """``after_meeting.csv``: S/PV.7050, the presidential statement (symbol unconfirmed), SC/11161, A/RES/73/135."""
    return load_table("after_meeting", root, columns)


def load_world(resolution: str = "50m", root: str | os.PathLike | None = None) -> dict:
    """The Natural Earth TopoJSON (``"50m"`` or ``"110m"``) as a dict; geometry ids are ISO numeric strings."""
    name = f"countries-{resolution}"
    if prevalidated():
        data_dir = data_dir_of(root)
        resource = resource_named(read_descriptor(data_dir), name)
        if resource is not None:
            return read_topology(data_dir, resource, cache=False)
    package = _package(root)
    if name not in package.topologies:
        raise KeyError(f"no map {name!r}; maps: {', '.join(package.topologies)}")
    return json.loads(json.dumps(package.topologies[name]))


__all__ = [
    "DataError",
    "prevalidated",
    "validate",
    "digest",
    "split_list",
    "explode_list",
    "load_schema",
    "load_table",
    "load_rows",
    "records",
    "frame_of",
    "column_digest",
    "read_columns",
    "READ_EVENT",
    "READ_DONE_EVENT",
    "load_instruments",
    "load_events",
    "load_members",
    "load_iso3166",
    "load_ga_series",
    "load_after_meeting",
    "load_world",
]
