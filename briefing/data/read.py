"""Reading ``data/`` as files: the descriptor, the bytes, the CSV records, the header, the maps.

Structure only: what every later step relies on (UTF-8, one record per line, a header naming
exactly the columns ``datapackage.json`` lists, one cell per column). What the cells hold is
the contract's business (:mod:`briefing.data.contract`).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from .. import DATA_DIR
from .errors import DataError, quoted, show

PACKAGE_FILE = "datapackage.json"
#: Delimiters a spreadsheet may have saved instead of commas, and how the hint names them.
OTHER_DELIMITERS = {";": "`;`-separated", "\t": "tab-separated", "|": "`|`-separated"}


def default_data_dir() -> Path:
    return DATA_DIR


def data_dir_of(root: str | os.PathLike | None) -> Path:
    """``root`` may be the data folder itself or a repository root holding ``data/``."""
    if root is None:
        return default_data_dir().resolve()
    path = Path(root)
    if not (path / PACKAGE_FILE).exists() and (path / "data" / PACKAGE_FILE).exists():
        return (path / "data").resolve()
    return path.resolve()


@dataclass
class Table:
    """One CSV as read: ``rows`` are (editor line, {column: cell}) in schema order."""

    name: str
    display: str
    path: Path
    resource: dict
    header_line: int = 1
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)

    @property
    def fields(self) -> list[dict]:
        return self.resource["schema"]["fields"]

    @property
    def names(self) -> list[str]:
        return [f["name"] for f in self.fields]


def display_of(data_dir: Path, relative: str) -> str:
    return f"{data_dir.name}/{relative}"


def decode(path: Path, display: str) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(display, None, None, "the file that datapackage.json lists", "no such file", path) from None
    except IsADirectoryError:
        raise DataError(display, None, None, "the file that datapackage.json lists", "a folder", path) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataError(
            display, line, None, "UTF-8 text", f"the byte 0x{raw[error.start]:02x}, which is not UTF-8 (save the file as UTF-8)", path
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def read_descriptor(data_dir: Path) -> dict:
    display = display_of(data_dir, PACKAGE_FILE)
    path = data_dir / PACKAGE_FILE
    if not data_dir.is_dir():
        raise DataError(f"{data_dir}", None, None, "a data folder", "no such folder", data_dir)
    if not path.exists():
        raise DataError(display, None, None, "a datapackage.json describing the files", "no such file", path)
    text = decode(path, display)
    try:
        descriptor = json.loads(text)
    except json.JSONDecodeError as error:
        raise DataError(display, error.lineno, None, "valid JSON", error.msg, path) from None
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list) or not resources:
        raise DataError(display, None, None, 'a "resources" list', "none", path)
    for resource in resources:
        if not isinstance(resource, dict) or not {"name", "path"} <= resource.keys():
            raise DataError(display, None, None, 'every resource with a "name" and a "path"', show(str(resource)), path)
        if resource.get("format") == "csv":
            fields = resource.get("schema", {}).get("fields")
            if not isinstance(fields, list) or not all(isinstance(f, dict) and "name" in f for f in fields):
                raise DataError(display, None, None, f'a schema with named fields for "{resource["name"]}"', "none", path)
            for f in fields:
                if f.get("type", "string") not in ("string", "integer", "date"):
                    raise DataError(display, None, None, "field types string, integer or date", show(str(f.get("type"))), path)
    return descriptor


def resource_named(descriptor: dict, name: str) -> dict | None:
    return next((r for r in descriptor["resources"] if r["name"] == name), None)


def _records(text: str, display: str, path: Path) -> list[tuple[int, list[str]]]:
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
            raise DataError(
                display, start, None, "well-formed quoting (a cell in quotes ends with a quote; a quote inside is doubled)", found, path
            ) from None
        if reader.line_num != start:
            raise DataError(
                display,
                start,
                None,
                "one record per line (a quote opened on this row is not closed, or a cell holds a line break)",
                f"a record running on to row {reader.line_num}",
                path,
            )
        if record:
            records.append((start, record))
    return records


def _other_delimiter(header_text: str, names: list[str]) -> str | None:
    """The delimiter the header line was saved with, if not a comma and it names our columns."""
    for delimiter, label in OTHER_DELIMITERS.items():
        cells = [c.strip().strip('"') for c in header_text.split(delimiter)]
        if len(cells) > 1 and sum(c in names for c in cells) >= min(2, len(names)):
            return label
    return None


def read_table(data_dir: Path, resource: dict) -> Table:
    """A CSV resource read and its header checked against the schema; cells are left as text."""
    path = data_dir / resource["path"]
    display = display_of(data_dir, resource["path"])
    table = Table(resource["name"], display, path, resource)
    text = decode(path, display)
    names = table.names
    first_line = text.split("\n", 1)[0].rstrip("\r")
    if "," not in first_line and (label := _other_delimiter(first_line, names)):
        raise DataError(
            display, 1, None, "cells separated by commas", f"a header without commas (this file looks {label}; save it comma-separated)", path
        )
    records = _records(text, display, path)
    if not records:
        raise DataError(display, 1, None, "a header row naming the columns", "an empty file", path)
    header_line, header = records[0]
    table.header_line = header_line
    for position, name in enumerate(header):
        if name in header[:position]:
            raise DataError(display, header_line, name, "each column once in the header", f"the column {quoted(name)} twice", path)
    for name in names:
        if name not in header:
            raise DataError(display, header_line, name, f"a column {quoted(name)} in the header", "no such column", path)
    for name in header:
        if name not in names:
            raise DataError(
                display,
                header_line,
                name,
                "only the columns datapackage.json lists (" + ", ".join(names) + ")",
                f"an unexpected column {quoted(name)}",
                path,
            )
    for line, cells in records[1:]:
        if len(cells) != len(header):
            raise DataError(
                display,
                line,
                None,
                f"{len(header)} cells, one per column of the header (a comma inside a cell needs quotes around the cell)",
                f"{len(cells)} cells",
                path,
            )
        row = dict(zip(header, cells, strict=True))
        table.rows.append((line, {name: row[name] for name in names}))
    return table


_topologies: dict[tuple[str, bytes], dict] = {}


def read_topology(data_dir: Path, resource: dict, cache: bool = True) -> dict:
    """A TopoJSON resource. With ``cache``, parsed once per content (the 1:50m map takes a while)
    and shared: the caller must not change it."""
    path = data_dir / resource["path"]
    display = display_of(data_dir, resource["path"])
    try:
        digest = hashlib.sha256(path.read_bytes()).digest() if cache else b""
    except OSError:
        digest = b""
    key = (resource.get("x-object", "countries"), digest)
    if cache and key in _topologies:
        return _topologies[key]
    text = decode(path, display)
    try:
        topology = json.loads(text)
    except json.JSONDecodeError as error:
        raise DataError(display, error.lineno, None, "valid JSON (TopoJSON)", error.msg, path) from None
    obj = resource.get("x-object", "countries")
    try:
        geometries = topology["objects"][obj]["geometries"]
        if topology.get("type") != "Topology" or not isinstance(geometries, list) or not all(isinstance(g, dict) for g in geometries):
            raise TypeError
    except (KeyError, TypeError):
        raise DataError(display, None, None, f'a TopoJSON Topology with an object "{obj}"', "something else", path) from None
    if cache and digest:
        _topologies[key] = topology
    return topology


def topology_ids(topology: dict, obj: str) -> set[str]:
    return {str(g["id"]) for g in topology["objects"][obj]["geometries"] if g.get("id") is not None}


def check_file(data_dir: Path, resource: dict) -> None:
    """Any other resource (a text, an image): the file exists and, when the descriptor gives its
    ``hash`` ("sha256:<hex>", or bare hex for md5 as the standard says), has exactly those bytes."""
    path = data_dir / resource["path"]
    display = display_of(data_dir, resource["path"])
    if not path.is_file():
        raise DataError(display, None, None, "the file that datapackage.json lists", "no such file", path)
    given = resource.get("hash")
    if not given:
        return
    algorithm, _, expected = given.rpartition(":") if ":" in given else ("md5", "", given)
    if algorithm not in hashlib.algorithms_available:
        raise DataError(display_of(data_dir, PACKAGE_FILE), None, None, 'a hash such as "sha256:<hex>"', show(given), data_dir / PACKAGE_FILE)
    actual = hashlib.new(algorithm, path.read_bytes()).hexdigest()
    if actual != expected.lower():
        raise DataError(
            display,
            None,
            None,
            f"the bytes datapackage.json lists ({algorithm} {expected[:12]}…; a corrected text is a new "
            "file with its own provenance, never an edit of the original)",
            f"a file whose {algorithm} is {actual[:12]}…",
            path,
        )


@dataclass
class Contents:
    """Every file of a package as read: the descriptor, the tables, the maps."""

    data_dir: Path
    descriptor: dict
    tables: dict[str, Table]
    topologies: dict[str, dict]
    others: list[str] = field(default_factory=list)

    @property
    def n_files(self) -> int:
        return len(self.tables) + len(self.topologies) + len(self.others)

    @property
    def n_rows(self) -> int:
        return sum(len(t.rows) for t in self.tables.values())


def read_package(data_dir: Path) -> Contents:
    """The descriptor and every file it lists, structure checked; no CSV under data/ left unlisted."""
    descriptor = read_descriptor(data_dir)
    tables: dict[str, Table] = {}
    topologies: dict[str, dict] = {}
    others: list[str] = []
    listed = set()
    for resource in descriptor["resources"]:
        listed.add(Path(resource["path"]).as_posix())
        if resource.get("format") == "csv":
            tables[resource["name"]] = read_table(data_dir, resource)
        elif resource.get("format") == "topojson":
            topologies[resource["name"]] = read_topology(data_dir, resource)
        else:
            check_file(data_dir, resource)
            others.append(resource["name"])
    for path in sorted(data_dir.rglob("*.csv")):
        relative = path.relative_to(data_dir).as_posix()
        if relative not in listed:
            raise DataError(
                display_of(data_dir, relative),
                None,
                None,
                "a resource entry in datapackage.json",
                "a CSV file that datapackage.json does not list",
                path,
            )
    return Contents(data_dir, descriptor, tables, topologies, others)
