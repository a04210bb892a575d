"""Load and validate the sourced facts under ``data/``.

``data/datapackage.json`` (a Frictionless-style descriptor) is the one source of truth for the
files, their columns, types and closed lists; nothing here repeats it. Every loader goes through
the same strict parser as ``python -m briefing check-data``, so a notebook never sees a table
that has not passed validation.

The first problem found stops everything and is reported as a :class:`DataError` naming the file,
the row as an editor shows it (the header is row 1), the column and what was expected::

    data/events.csv, row 7, column "start": expected a date YYYY, YYYY-MM or YYYY-MM-DD, found "2013-02-30"

Blank cells mean "no source confirms this" and load as missing values (the book prints "not
confirmed"). Dates stay ISO strings (``start``/``end`` may be YYYY or YYYY-MM); ``;``-separated
cells (``places``, ``theatres``, ``actors``, ``cities``) stay strings: use :func:`split_list` or
:func:`explode_list`. Text such as ``<script>`` is data, kept verbatim; escaping is the renderer's job.
"""
from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

PACKAGE_FILE = "datapackage.json"

__all__ = [
    "DataError",
    "validate",
    "main",
    "load_schema",
    "load_instruments",
    "load_events",
    "load_members",
    "load_iso3166",
    "load_ga_series",
    "load_after_meeting",
    "load_world",
    "load_table",
    "split_list",
    "explode_list",
]


# --------------------------------------------------------------------------------------------
# The error
# --------------------------------------------------------------------------------------------
class DataError(ValueError):
    """One problem in one place of ``data/``.

    Attributes: ``file`` (as shown, e.g. ``"data/events.csv"``), ``row`` (editor line number, the
    header is 1; ``None`` for a whole-file problem), ``column`` (``None`` when the problem is not
    in one column), ``expected`` and ``found`` (plain-language descriptions), ``path`` (the file).
    """

    def __init__(self, file: str, row: int | None, column: str | None, expected: str, found: str,
                 path: Path | None = None):
        self.file = file
        self.row = row
        self.column = column
        self.expected = expected
        self.found = found
        self.path = path
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f', column "{self.column}"'
        return f"{where}: expected {self.expected}, found {self.found}"

    def __str__(self) -> str:
        return self.message


def _show(value: str, limit: int = 80) -> str:
    """A cell value as quoted in a message (empty cells are described, long ones shortened)."""
    if value == "":
        return "an empty cell"
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return json.dumps(value, ensure_ascii=False)


# --------------------------------------------------------------------------------------------
# Locating data/
# --------------------------------------------------------------------------------------------
def _default_data_dir() -> Path:
    from . import DATA_DIR

    return DATA_DIR


def _data_dir(root: str | os.PathLike | None) -> Path:
    """``root`` may be the data folder itself or a repository root holding ``data/``."""
    if root is None:
        return _default_data_dir()
    path = Path(root)
    if not (path / PACKAGE_FILE).exists() and (path / "data" / PACKAGE_FILE).exists():
        return path / "data"
    return path


# --------------------------------------------------------------------------------------------
# Cell checks
# --------------------------------------------------------------------------------------------
_PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_FULL_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_INTEGER = re.compile(r"-?[0-9]+")
_URL = re.compile(r"https?://[^\s/?#]+\.[^\s/?#]+\S*")
# a scheme followed directly by something: "javascript:alert(1)", "https://…", "data:text/html,…"
# ("joined: OIC-fr" and "¶11 fn. a: www…" have a space after the colon and are plain text)
_SCHEME = re.compile(r"(?<![A-Za-z0-9+.\-])([A-Za-z][A-Za-z0-9+.\-]*):(?=\S)")
_CITES = re.compile(r"S/2013/588 (¶[0-9]+|L[12])|https?://|reference/")

PRECISIONS = {1: "year", 2: "month", 3: "day"}


def parse_partial_date(value: str) -> tuple[str, dt.date, dt.date] | None:
    """``"2012"`` -> ("year", 2012-01-01, 2012-12-31); None if not a real YYYY[-MM[-DD]] date."""
    match = _PARTIAL_DATE.fullmatch(value)
    if not match:
        return None
    year, month, day = match.groups()
    try:
        if day is not None:
            first = last = dt.date(int(year), int(month), int(day))
            return "day", first, last
        if month is not None:
            m = int(month)
            first = dt.date(int(year), m, 1)
            last = dt.date(int(year), m, calendar.monthrange(int(year), m)[1])
            return "month", first, last
        return "year", dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)
    except ValueError:
        return None


def split_list(value: Any, separator: str = ";") -> list[str]:
    """``"SAU;CHE"`` -> ``["SAU", "CHE"]``; a missing value -> ``[]``."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA or value == "":
        return []
    return [item.strip() for item in str(value).split(separator)]


def explode_list(frame: pd.DataFrame, column: str, separator: str = ";") -> pd.DataFrame:
    """One row per item of a ``;``-separated column (rows with a blank cell are dropped)."""
    out = frame.copy()
    out[column] = out[column].map(lambda v: split_list(v, separator))
    out = out.explode(column)
    return out[out[column].notna()].reset_index(drop=True)


@dataclass
class _Field:
    name: str
    type: str
    required: bool = False
    enum: list[str] | None = None
    pattern: re.Pattern | None = None
    unique: bool = False
    minimum: int | None = None
    maximum: int | None = None
    uri: bool = False
    partial_date: bool = False
    separator: str | None = None
    addresses: bool = False
    cites: bool = False
    expected: str | None = None

    @classmethod
    def from_descriptor(cls, d: dict) -> "_Field":
        c = d.get("constraints", {})
        return cls(
            name=d["name"],
            type=d.get("type", "string"),
            required=bool(c.get("required", False)),
            enum=c.get("enum"),
            pattern=re.compile(c["pattern"]) if "pattern" in c else None,
            unique=bool(c.get("unique", False)),
            minimum=c.get("minimum"),
            maximum=c.get("maximum"),
            uri=d.get("format") == "uri",
            partial_date=d.get("x-date") == "partial",
            separator=d.get("x-list"),
            addresses=bool(d.get("x-addresses", False)),
            cites=bool(d.get("x-cites", False)),
            expected=d.get("x-expected"),
        )

    def check(self, value: str) -> tuple[str, str] | None:
        """(expected, found) for a bad non-empty cell, else None."""
        if value != value.strip():
            return "no spaces at either end of the cell", _show(value)
        if self.type == "integer":
            if not _INTEGER.fullmatch(value):
                return "a whole number", _show(value)
            number = int(value)
            if (self.minimum is not None and number < self.minimum) or (
                    self.maximum is not None and number > self.maximum):
                return f"a whole number from {self.minimum} to {self.maximum}", _show(value)
        if self.type == "date":
            match = _FULL_DATE.fullmatch(value)
            if not match or parse_partial_date(value) is None:
                return "a date YYYY-MM-DD", _show(value)
        if self.partial_date and parse_partial_date(value) is None:
            return "a date YYYY, YYYY-MM or YYYY-MM-DD", _show(value)
        if self.uri and not _URL.fullmatch(value):
            return "an http:// or https:// address", _show(value)
        if self.addresses:
            for match in _SCHEME.finditer(value):
                rest = value[match.start():]
                if not (match.group(1).lower() in ("http", "https") and value[match.end():].startswith("//")):
                    return ("addresses that start with http:// or https://",
                            _show(rest.split()[0] if rest.split() else rest))
        if self.cites and not _CITES.search(value):
            return ('a source: a paragraph of the paper ("S/2013/588 ¶6", "S/2013/588 L1") or a public address'
                    " (http://… or https://…, or a reference/ file)", _show(value))
        items = value.split(self.separator) if self.separator else [value]
        seen: set[str] = set()
        for raw in items:
            item = raw.strip()
            if item == "":
                return f"values separated by {self.separator} with none empty", _show(value)
            if item in seen:
                return f"each value once (separated by {self.separator})", _show(value)
            seen.add(item)
            if self.enum is not None and item not in self.enum:
                return "one of: " + ", ".join(self.enum), _show(item)
            if self.pattern is not None and not self.pattern.fullmatch(item):
                return self.expected or f"text matching {self.pattern.pattern}", _show(item)
        return None

    def items(self, value: str) -> list[str]:
        if value == "":
            return []
        return [v.strip() for v in value.split(self.separator)] if self.separator else [value]


# --------------------------------------------------------------------------------------------
# Reading one CSV strictly
# --------------------------------------------------------------------------------------------
@dataclass
class _Table:
    name: str
    display: str
    fields: list[_Field]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def _decode(path: Path, display: str) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(display, None, None, "the file that datapackage.json lists", "no such file", path) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataError(display, line, None, "UTF-8 text",
                        f"the byte 0x{raw[error.start]:02x}, which is not UTF-8 (save the file as UTF-8)",
                        path) from None
    return text[1:] if text.startswith("\ufeff") else text


def _read_records(text: str, display: str, path: Path) -> list[tuple[int, list[str]]]:
    """(editor line, cells) per record; one record per line, quoting well formed."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records = []
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            found = {
                "unexpected end of data": "a quote opened on this row that is not closed before the end of the file",
                "',' expected after '\"'": "text after the closing quote of a cell",
            }.get(str(error), f"a CSV error: {error}")
            if reader.line_num > start:
                found = f"a quote opened on this row that is not closed on it (the cell runs on to row {reader.line_num})"
            raise DataError(display, start, None,
                            "well-formed quoting (a cell in quotes ends with a quote; a quote inside is doubled)",
                            found, path) from None
        if reader.line_num != start:
            raise DataError(display, start, None,
                            "one record per line (a quote opened on this row is not closed, or a cell holds a line break)",
                            f"a record running on to row {reader.line_num}", path)
        if record:
            records.append((start, record))
    return records


def _read_table(data_dir: Path, resource: dict) -> _Table:
    path = data_dir / resource["path"]
    display = f"{data_dir.name}/{resource['path']}"
    fields = [_Field.from_descriptor(d) for d in resource["schema"]["fields"]]
    table = _Table(resource["name"], display, fields)
    records = _read_records(_decode(path, display), display, path)
    if not records:
        raise DataError(display, 1, None, "a header row naming the columns", "an empty file", path)
    header_line, header = records[0]
    names = [f.name for f in fields]
    for position, name in enumerate(header):
        if name in header[:position]:
            raise DataError(display, header_line, name, "each column once in the header",
                            f'the column "{name}" twice', path)
    for name in names:
        if name not in header:
            raise DataError(display, header_line, name, f'a column "{name}" in the header', "no such column", path)
    for name in header:
        if name not in names:
            raise DataError(display, header_line, name,
                            "only the columns datapackage.json lists (" + ", ".join(names) + ")",
                            f'an unexpected column "{name}"', path)
    by_name = {f.name: f for f in fields}
    primary = resource["schema"].get("primaryKey")
    seen: dict[str, dict[str, int]] = {f.name: {} for f in fields if f.unique or f.name == primary}
    rules = resource["schema"].get("x-rules", [])
    for line, cells in records[1:]:
        if len(cells) != len(header):
            raise DataError(display, line, None,
                            f"{len(header)} cells, one per column of the header (a comma inside a cell needs quotes around the cell)",
                            f"{len(cells)} cells", path)
        row = dict(zip(header, cells))
        for name in names:
            spec, value = by_name[name], row[name]
            if value == "":
                if spec.required or name == primary:
                    raise DataError(display, line, name, "a value (this column is required)", "an empty cell", path)
                continue
            problem = spec.check(value)
            if problem:
                raise DataError(display, line, name, *problem, path=path)
            if name in seen:
                if value in seen[name]:
                    raise DataError(display, line, name, f"a value not used on another row (row {seen[name][value]} has it)",
                                    _show(value), path)
                seen[name][value] = line
        for rule in rules:
            _check_rule(rule, row, display, line, path)
        table.rows.append((line, {name: row[name] for name in names}))
    return table


def _check_rule(rule: dict, row: dict[str, str], display: str, line: int, path: Path) -> None:
    name, other = rule["field"], rule["reference"]
    if rule["rule"] == "not-before":
        if row[name] and not row[other]:
            raise DataError(display, line, other, f'a date here, since "{name}" is given', "an empty cell", path)
        if row[name] and row[other]:
            end, start = parse_partial_date(row[name]), parse_partial_date(row[other])
            if end[2] < start[1]:
                raise DataError(display, line, name, f'a date not before "{other}" ({row[other]})', _show(row[name]), path)
    elif rule["rule"] == "precision-of":
        parsed = parse_partial_date(row[other]) if row[other] else None
        wanted = parsed[0] if parsed else "undated"
        if row[name] != wanted:
            reason = f'"{other}" is {row[other]}' if row[other] else f'"{other}" is blank'
            raise DataError(display, line, name, f'"{wanted}", since {reason}', _show(row[name]), path)
    else:
        raise DataError(f"{Path(display).parent}/{PACKAGE_FILE}", None, None,
                        "a known row rule (not-before, precision-of)", _show(rule["rule"]))


# --------------------------------------------------------------------------------------------
# The package
# --------------------------------------------------------------------------------------------
@dataclass
class _Package:
    data_dir: Path
    descriptor: dict
    tables: dict[str, _Table]
    topologies: dict[str, dict]

    @property
    def n_files(self) -> int:
        return len(self.tables) + len(self.topologies)

    @property
    def n_rows(self) -> int:
        return sum(len(t.rows) for t in self.tables.values())


def _read_descriptor(data_dir: Path) -> dict:
    display = f"{data_dir.name}/{PACKAGE_FILE}"
    path = data_dir / PACKAGE_FILE
    if not data_dir.is_dir():
        raise DataError(f"{data_dir}", None, None, "a data folder", "no such folder", data_dir)
    text = _decode(path, display) if path.exists() else None
    if text is None:
        raise DataError(display, None, None, "a datapackage.json describing the files", "no such file", path)
    try:
        descriptor = json.loads(text)
    except json.JSONDecodeError as error:
        raise DataError(display, error.lineno, None, "valid JSON", error.msg, path) from None
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list) or not resources:
        raise DataError(display, None, None, 'a "resources" list', "none", path)
    for resource in resources:
        if not isinstance(resource, dict) or not {"name", "path"} <= resource.keys():
            raise DataError(display, None, None, 'every resource with a "name" and a "path"', _show(str(resource)), path)
        if resource.get("format") == "csv":
            fields = resource.get("schema", {}).get("fields")
            if not isinstance(fields, list) or not all(isinstance(f, dict) and "name" in f for f in fields):
                raise DataError(display, None, None, f'a schema with named fields for "{resource["name"]}"',
                                "none", path)
            for f in fields:
                if f.get("type", "string") not in ("string", "integer", "date"):
                    raise DataError(display, None, None, "field types string, integer or date",
                                    _show(str(f.get("type"))), path)
    return descriptor


def _read_topology(data_dir: Path, resource: dict) -> dict:
    path = data_dir / resource["path"]
    display = f"{data_dir.name}/{resource['path']}"
    text = _decode(path, display)
    try:
        topology = json.loads(text)
    except json.JSONDecodeError as error:
        raise DataError(display, error.lineno, None, "valid JSON (TopoJSON)", error.msg, path) from None
    obj = resource.get("x-object", "countries")
    try:
        geometries = topology["objects"][obj]["geometries"]
        assert topology.get("type") == "Topology" and isinstance(geometries, list)
    except (KeyError, TypeError, AssertionError):
        raise DataError(display, None, None, f'a TopoJSON Topology with an object "{obj}"', "something else",
                        path) from None
    return topology


def _topology_ids(topology: dict, obj: str) -> set[str]:
    return {str(g["id"]) for g in topology["objects"][obj]["geometries"] if g.get("id") is not None}


def _check_foreign_keys(package: _Package) -> None:
    resources = {r["name"]: r for r in package.descriptor["resources"]}
    for resource in package.descriptor["resources"]:
        if resource["name"] not in package.tables:
            continue
        table = package.tables[resource["name"]]
        by_name = {f.name: f for f in table.fields}
        for key in resource["schema"].get("foreignKeys", []):
            name = key["fields"]
            target_name, target_field = key["reference"]["resource"], key["reference"]["fields"]
            if target_name in package.tables:
                target = package.tables[target_name]
                allowed = {row[target_field] for _, row in target.rows}
                expected = key.get("x-expected") or f'a value listed in {target.display} (column "{target_field}")'
            elif target_name in package.topologies:
                allowed = _topology_ids(package.topologies[target_name], resources[target_name].get("x-object", "countries"))
                expected = key.get("x-expected") or f"a geometry id in {package.data_dir.name}/{resources[target_name]['path']}"
            else:
                raise DataError(f"{package.data_dir.name}/{PACKAGE_FILE}", None, None,
                                "foreign keys that name a resource of the package", _show(target_name))
            for line, row in table.rows:
                for item in by_name[name].items(row[name]):
                    if item not in allowed:
                        raise DataError(table.display, line, name, expected, _show(item), package.data_dir / resource["path"])


def _check(data_dir: Path) -> _Package:
    descriptor = _read_descriptor(data_dir)
    tables: dict[str, _Table] = {}
    topologies: dict[str, dict] = {}
    listed = set()
    for resource in descriptor["resources"]:
        listed.add(Path(resource["path"]).as_posix())
        if resource.get("format") == "csv":
            tables[resource["name"]] = _read_table(data_dir, resource)
        elif resource.get("format") == "topojson":
            topologies[resource["name"]] = _read_topology(data_dir, resource)
        else:
            raise DataError(f"{data_dir.name}/{PACKAGE_FILE}", None, None, 'resource formats "csv" or "topojson"',
                            _show(str(resource.get("format"))), data_dir / PACKAGE_FILE)
    for path in sorted(data_dir.rglob("*.csv")):
        relative = path.relative_to(data_dir).as_posix()
        if relative not in listed:
            raise DataError(f"{data_dir.name}/{relative}", None, None, "a resource entry in datapackage.json",
                            "a CSV file that datapackage.json does not list", path)
    package = _Package(data_dir, descriptor, tables, topologies)
    _check_foreign_keys(package)
    return package


_cache: dict[Path, tuple[tuple, _Package]] = {}
_settings = {"prevalidated": False}  # set by the build (briefing.build.kernel), never by the environment


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


def _package(root: str | os.PathLike | None) -> _Package:
    """The validated package, re-read whenever a file under data/ changes."""
    data_dir = _data_dir(root).resolve()
    stamp = _stamp(data_dir)
    cached = _cache.get(data_dir)
    if cached and cached[0] == stamp:
        return cached[1]
    package = _check(data_dir)
    _cache[data_dir] = (stamp, package)
    return package


def _prevalidated() -> bool:
    """True inside a chapter executed by the build, which validated all of data/ just before.

    A chapter then opens only the files it loads (plus datapackage.json), so the build's record of
    what each chapter read stays exact and an edit re-executes only the chapters that use it.
    Each file is still parsed with its own checks; only the checks across files are left to the
    build's validation.
    """
    return _settings["prevalidated"]


def set_prevalidated(flag: bool) -> None:
    """Called by the build inside a chapter's kernel: all of data/ was validated just before."""
    _settings["prevalidated"] = bool(flag)


def _resource(data_dir: Path, name: str) -> dict | None:
    return next((r for r in _read_descriptor(data_dir)["resources"] if r["name"] == name), None)


def _one_table(root: str | os.PathLike | None, name: str) -> _Table | None:
    data_dir = _data_dir(root).resolve()
    resource = _resource(data_dir, name)
    return None if resource is None or resource.get("format") != "csv" else _read_table(data_dir, resource)


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------
def validate(data_dir: str | os.PathLike | None = None) -> None:
    """Check every file under ``data_dir`` (default ``briefing.DATA_DIR``); raise the first :class:`DataError`."""
    _check(_data_dir(data_dir).resolve())


def load_schema(root: str | os.PathLike | None = None) -> dict:
    """The parsed ``datapackage.json`` (after validating the package)."""
    if _prevalidated():
        return _read_descriptor(_data_dir(root).resolve())
    return json.loads(json.dumps(_package(root).descriptor))


def load_table(name: str, root: str | os.PathLike | None = None) -> pd.DataFrame:
    """One CSV resource as a DataFrame, columns in schema order; blanks are missing values."""
    table = _one_table(root, name) if _prevalidated() else None
    if table is None:
        package = _package(root)
        if name not in package.tables:
            raise KeyError(f"no table {name!r} in {package.data_dir / PACKAGE_FILE}; "
                           f"tables: {', '.join(package.tables)}")
        table = package.tables[name]
    columns = {}
    for spec in table.fields:
        values = [row[spec.name] or None for _, row in table.rows]
        if spec.type == "integer":
            columns[spec.name] = pd.array([None if v is None else int(v) for v in values], dtype="Int64")
        else:
            columns[spec.name] = pd.array(values, dtype="str")
    return pd.DataFrame(columns)


def load_instruments(root: str | os.PathLike | None = None) -> pd.DataFrame:
    """``instruments.csv``: one row per instrument the paper cites (symbol, kind, title, body, date, …)."""
    return load_table("instruments", root)


def load_events(root: str | os.PathLike | None = None) -> pd.DataFrame:
    """``events.csv``: UN-OIC activities; ``start``/``end`` are ISO strings at their precision."""
    return load_table("events", root)


def load_members(root: str | os.PathLike | None = None) -> pd.DataFrame:
    """``oic_members.csv``: the 57 OIC member States with joined_year, continent, group."""
    return load_table("oic_members", root)


def load_iso3166(root: str | os.PathLike | None = None) -> pd.DataFrame:
    """``iso3166.csv``: alpha3, numeric (string, e.g. "004", as the map ids are written), name."""
    return load_table("iso3166", root)


def load_ga_series(root: str | os.PathLike | None = None) -> pd.DataFrame:
    """``ga_series.csv``: the Assembly's resolutions on UN-OIC cooperation, by session."""
    return load_table("ga_series", root)


def load_after_meeting(root: str | os.PathLike | None = None) -> pd.DataFrame:
    """``after_meeting.csv``: S/PV.7050, the presidential statement (symbol unconfirmed), SC/11161, A/RES/73/135."""
    return load_table("after_meeting", root)


def load_world(resolution: str = "50m", root: str | os.PathLike | None = None) -> dict:
    """The Natural Earth TopoJSON (``"50m"`` or ``"110m"``) as a dict; geometry ids are ISO numeric strings."""
    name = f"countries-{resolution}"
    if _prevalidated():
        data_dir = _data_dir(root).resolve()
        resource = _resource(data_dir, name)
        if resource is not None:
            return _read_topology(data_dir, resource)
    package = _package(root)
    if name not in package.topologies:
        raise KeyError(f"no map {name!r}; maps: {', '.join(package.topologies)}")
    return json.loads(json.dumps(package.topologies[name]))


def main(argv: list[str] | None = None) -> int:
    """``python -m briefing check-data [DATA_DIR]``: validate, print a one-line verdict."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ("-h", "--help"):
        print("usage: python -m briefing check-data [DATA_DIR]\n\n"
              "Validate every file under DATA_DIR (default: the repository's data/) against\n"
              "data/datapackage.json; print the first error and exit 1, or a summary and exit 0.")
        return 0
    if len(argv) > 1:
        print("usage: python -m briefing check-data [DATA_DIR]", file=sys.stderr)
        return 2
    data_dir = _data_dir(argv[0] if argv else None).resolve()
    try:
        package = _check(data_dir)
    except DataError as error:
        print(error.message, file=sys.stderr)
        return 1
    print(f"{data_dir.name}/ OK: {package.n_files} files, {package.n_rows} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
