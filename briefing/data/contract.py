"""The data contract: ``datapackage.json`` checked by frictionless, then by the project's rules.

Order: the descriptor; each resource in the descriptor's order (its file's structure, then every
cell and row: frictionless for types, constraints, enums and keys, :mod:`.checks` for the rest);
then the references between files; then the rules that join the data with the paper. The first
problem found is raised as one :class:`DataError`; nothing else escapes.

Frictionless sees the cells as read by :mod:`.read` (one record per line, so its row numbers
are the editor's) and a schema derived from the descriptor: ``x-`` keys dropped, and for
``x-list`` fields the enum and pattern left to :mod:`.checks`, which applies them to each item.

Frictionless's verdict on a table depends on that table and the columns its keys point at only,
so it is kept per table, by content (:func:`_key`): in this process, and across builds in
:class:`Verdicts` (the keys of the tables it found clean). A table whose key is known clean is
not given to frictionless again; every other check runs on every call.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

from .. import PAPER_PATH
from ..seed import Paper, SeedFormatError
from ..seed import load as load_paper
from . import checks
from .checks import REQUIRED, STANDARD, UNIQUE, Issue
from .errors import DataError, show
from .read import Contents, Table, display_of, read_descriptor, read_package

_CONSTRAINT = re.compile(r'constraint "(?P<name>\w+)"')
_POSITION = re.compile(r"position (?P<n>[0-9]+)")
_STANDARD_KEYS = ("name", "type", "format", "constraints", "title", "description")


# --------------------------------------------------------------------------------------------
# the standard part, by frictionless
# --------------------------------------------------------------------------------------------
def standard_schema(resource: dict, tables: dict[str, Table]) -> dict:
    """The resource's schema as plain Table Schema (what frictionless can check)."""
    schema = resource["schema"]
    fields = []
    lists = set()
    for spec in schema["fields"]:
        out = {k: v for k, v in spec.items() if k in _STANDARD_KEYS}
        if spec.get("x-list"):
            lists.add(spec["name"])
            out["constraints"] = {k: v for k, v in spec.get("constraints", {}).items() if k not in ("enum", "pattern")}
        fields.append(out)
    standard = {"fields": fields}
    if "primaryKey" in schema:
        standard["primaryKey"] = schema["primaryKey"]
    keys = [k for k in schema.get("foreignKeys", []) if k["fields"] not in lists and k["reference"]["resource"] in tables]
    if keys:
        standard["foreignKeys"] = [{"fields": k["fields"], "reference": k["reference"]} for k in keys]
    return standard


def _frictionless():
    """frictionless, imported on first use: it takes about half a second to import, and a check
    whose tables all passed before (a build after an edit of the paper or the data's README)
    never runs it."""
    import frictionless

    return frictionless


def _frictionless_resource(table: Table, tables: dict[str, Table]):
    fl = _frictionless()
    data = [table.names] + [[row[name] for name in table.names] for _, row in table.rows]
    return fl.Resource(name=table.name, data=data, schema=fl.Schema.from_descriptor(standard_schema(table.resource, tables)))


def _map_error(error, table: Table) -> Issue:
    """One frictionless error as an :class:`Issue` in the project's words."""
    position = getattr(error, "row_number", None)
    line = table.rows[position - 2][0] if position and 2 <= position <= len(table.rows) + 1 else position
    column = getattr(error, "field_name", None)
    cell = getattr(error, "cell", None)
    cell = "" if cell is None else str(cell)
    by_name = {f["name"]: f for f in table.fields}
    spec = by_name.get(column, {})
    constraints = spec.get("constraints", {})
    kind = error.type
    if kind == "type-error":
        expected = {"integer": "a whole number", "date": "a date YYYY-MM-DD"}.get(spec.get("type"))
        if spec.get("format") == "uri":
            expected = "an http:// or https:// address"
        return checks.issue(table, line, column, expected or f"a value of type {spec.get('type')}", show(cell), STANDARD)
    if kind == "constraint-error":
        match = _CONSTRAINT.search(error.note or "")
        name = match["name"] if match else None
        if name == "required":
            return checks.issue(table, line, column, "a value (this column is required)", "an empty cell", REQUIRED)
        if name == "enum":
            return checks.issue(table, line, column, "one of: " + ", ".join(constraints["enum"]), show(cell), STANDARD)
        if name == "pattern":
            return checks.issue(table, line, column, spec.get("x-expected") or f"text matching {constraints['pattern']}", show(cell), STANDARD)
        if name in ("minimum", "maximum"):
            return checks.issue(
                table, line, column, f"a whole number from {constraints.get('minimum')} to {constraints.get('maximum')}", show(cell), STANDARD
            )
        return checks.issue(table, line, column, f"a value meeting the constraint {name}", show(cell), STANDARD)
    if kind in ("unique-error", "primary-key"):
        if kind == "primary-key":
            column = table.resource["schema"]["primaryKey"]
        value = table.rows[position - 2][1][column] if position and 2 <= position <= len(table.rows) + 1 else cell
        if value == "":
            return checks.issue(table, line, column, "a value (this column is required)", "an empty cell", REQUIRED)
        first = _POSITION.search(error.note or "")
        earlier = table.rows[int(first["n"]) - 2][0] if first else None
        return checks.issue(table, line, column, f"a value not used on another row (row {earlier} has it)", show(value), UNIQUE)
    if kind == "foreign-key":
        names = getattr(error, "field_names", None) or []
        key = next((k for k in table.resource["schema"].get("foreignKeys", []) if k["fields"] in names), None)
        column = key["fields"] if key else (names[0] if names else None)
        value = table.rows[position - 2][1][column] if column and position else ""
        target = key["reference"] if key else {"resource": "?", "fields": "?"}
        expected = (key or {}).get("x-expected") or f'a value listed in {target["resource"]} (column "{target["fields"]}")'
        return checks.issue(table, line, column, expected, show(value))
    if kind == "blank-row":
        return checks.issue(table, line, None, "a row with values (delete the empty row)", "an empty row", REQUIRED)
    return checks.issue(table, line, column, error.title.lower() if error.title else "valid data", error.note or kind, STANDARD)


def _key(table: Table, tables: dict[str, Table]) -> str:
    """What frictionless's verdict on ``table`` depends on: its schema, its cells, and each column
    its keys point at (the cells, and the field as that table's schema types it)."""
    schema = standard_schema(table.resource, tables)
    parts: list = [table.name, schema, [[row[n] for n in table.names] for _, row in table.rows]]
    for key in schema.get("foreignKeys", []):
        target = tables[key["reference"]["resource"]]
        column = key["reference"]["fields"]
        spec = next((f for f in standard_schema(target.resource, tables)["fields"] if f["name"] == column), None)
        parts.append([target.name, spec, [row[column] for _, row in target.rows]])
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()


@lru_cache(maxsize=1)
def _checker() -> str:
    """The checking code a verdict kept on disk was given by: frictionless's version and this package's source."""
    h = hashlib.sha256(importlib.metadata.version("frictionless").encode() + b"\0")
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        h.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def _lasting(key: str) -> str:
    """A table's key as kept across builds: :func:`_key` and the checking code."""
    return hashlib.sha256(f"{_checker()}\0{key}".encode()).hexdigest()


@dataclass
class Verdicts:
    """Frictionless's verdicts kept across builds, in one file: the keys of the tables it found clean.

    ``known`` is what the file held; after a :func:`check` that passed, ``now`` holds the key of
    every table, and :meth:`write` replaces the file by a rename. A check that fails never writes.
    """

    path: Path
    known: frozenset[str] = frozenset()
    now: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, path: str | os.PathLike) -> Verdicts:
        path = Path(path)
        try:
            found = json.loads(path.read_text(encoding="utf-8"))
            known = frozenset(k for k in found["clean"] if isinstance(k, str))
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
            known = frozenset()  # none yet, or unreadable: every table is checked
        return cls(path, known)

    def write(self) -> None:
        if self.now == self.known:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(f"{self.path.name}.{os.getpid()}")
        partial.write_text(json.dumps({"clean": sorted(self.now)}, indent=0) + "\n", encoding="utf-8")
        partial.replace(self.path)


#: frictionless's findings per table, by :func:`_key`: a table unchanged since the last check
#: (the other files edited, or a second check in one process) is not validated again.
_found: dict[str, list[SimpleNamespace]] = {}
_ERROR_ATTRIBUTES = ("type", "row_number", "field_name", "cell", "note", "field_names", "title")


def _validate(todo: list[str], tables: dict[str, Table], keys: dict[str, str]) -> None:
    """Run frictionless on the tables in ``todo`` (with the tables their keys point at) and keep its findings."""
    needed = set(todo) | {k["reference"]["resource"] for name in todo for k in standard_schema(tables[name].resource, tables).get("foreignKeys", [])}
    package = _frictionless().Package(resources=[_frictionless_resource(t, tables) for t in tables.values() if t.name in needed])
    for name in todo:
        report = package.get_resource(name).validate()
        _found[keys[name]] = [SimpleNamespace(**{a: getattr(e, a, None) for a in _ERROR_ATTRIBUTES}) for task in report.tasks for e in task.errors]


def standard_issues(tables: dict[str, Table], data_dir: Path, verdicts: Verdicts | None = None) -> tuple[dict[str, list[Issue]], list[Issue]]:
    """Frictionless's findings: per resource (types, constraints, keys), and the foreign keys.

    A table found clean before (in this process, or in ``verdicts``) is not validated again;
    ``verdicts.now`` gets the lasting key of every table frictionless finds clean."""
    keys = {name: _key(table, tables) for name, table in tables.items()}
    lasting = {name: _lasting(key) for name, key in keys.items()} if verdicts is not None else {}
    known = verdicts.known if verdicts is not None else frozenset()
    todo = [name for name in tables if keys[name] not in _found and lasting.get(name) not in known]
    if todo:
        fl = _frictionless()
        try:
            _validate(todo, tables, keys)
        except fl.FrictionlessException as error:  # the descriptor says something frictionless cannot read
            raise DataError(display_of(data_dir, "datapackage.json"), None, None, "schemas that frictionless accepts", error.error.message) from None
    per_table: dict[str, list[Issue]] = {name: [] for name in tables}
    foreign: list[Issue] = []
    for name, table in tables.items():
        found = _found.get(keys[name], [])  # not there: clean in an earlier build
        if verdicts is not None and not found:
            verdicts.now.add(lasting[name])
        for error in found:
            mapped = _map_error(error, table)
            (foreign if error.type == "foreign-key" else per_table[name]).append(mapped)
    return per_table, foreign


# --------------------------------------------------------------------------------------------
# the whole contract
# --------------------------------------------------------------------------------------------
def paper_for(data_dir: Path) -> Path:
    """The seed beside ``data/`` (a copy of the repository), else the repository's own."""
    beside = data_dir.parent / "seeds" / PAPER_PATH.name
    return beside if beside.exists() else PAPER_PATH


def _first(issues: list[Issue]) -> None:
    if issues:
        raise min(issues).error


def check(data_dir: Path, paper: Paper | None = None, verdicts: Verdicts | None = None) -> Contents:
    """Validate every file under ``data_dir``; raise the first :class:`DataError`, or return the package.

    With ``verdicts``, frictionless skips the tables it found clean in earlier builds; the caller
    writes ``verdicts`` once the check (and whatever else must pass) has passed."""
    descriptor = read_descriptor(data_dir)
    _first(checks.descriptor_issues(descriptor, data_dir))
    contents = read_package(data_dir)
    tables, topologies = contents.tables, contents.topologies
    per_table, foreign = standard_issues(tables, data_dir, verdicts)
    for name, table in tables.items():
        _first(per_table[name] + checks.cell_issues(table))
    for table in tables.values():
        _first(checks.unique_item_issues(table))
    _first(foreign + checks.list_key_issues(tables, topologies, descriptor, data_dir))
    _first(paper_issues(tables, data_dir, paper))
    return contents


def paper_issues(tables: dict[str, Table], data_dir: Path, paper: Paper | None = None) -> list[Issue]:
    """The rules that join the data with the paper (seeds/S-2013-588.md)."""
    if paper is None:
        path = paper_for(data_dir)
        try:
            paper = load_paper(path)
        except (OSError, UnicodeDecodeError, SeedFormatError) as error:
            raise DataError(
                f"{path.parent.name}/{path.name}",
                None,
                None,
                "the concept paper's seed, readable",
                str(error).splitlines()[0] if str(error) else type(error).__name__,
                path,
            ) from None
    issues = checks.paper_reference_issues(tables, paper)
    if "questions" in tables:
        issues += checks.question_issues(tables["questions"], paper)
    if "instruments" in tables:
        issues += checks.instrument_issues(tables["instruments"], checks.cited_instruments(paper))
    return issues
