"""Sources and method (``book/sources.md``): every file of ``data/datapackage.json`` with the
"Where from." paragraph of ``data/README.md``, its size and a CSV download."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .. import data, present
from ..book import Project
from ..markup import escape, inline


@dataclass(frozen=True)
class DataFile:
    name: str  # resource name
    path: str  # relative to data/
    title: str
    description: str
    where_from: str  # the README's "Where from." paragraph (or its first one), as written
    rows: int | None  # data rows of a CSV; shapes of a map
    columns: int | None
    csv: bool
    shared: bool = False  # the README describes this file together with others (maps/)


def readme_sections(readme: str) -> dict[str, str]:
    """``## heading`` -> the section's text."""
    sections: dict[str, str] = {}
    for m in re.finditer(r"^## (?P<head>.+?)\n(?P<body>.*?)(?=^## |\Z)", readme, re.M | re.S):
        sections[m["head"].strip()] = m["body"].strip()
    return sections


def _where_from(section: str) -> str:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", section) if p.strip()]
    for p in paragraphs:
        if p.startswith("**Where from.**"):
            return " ".join(p.removeprefix("**Where from.**").split())
    return " ".join(paragraphs[0].split()) if paragraphs and not paragraphs[0].startswith("|") else ""


def data_files(project: Project) -> list[DataFile]:
    """Every file of ``data/datapackage.json``, with its README paragraph and its size."""
    descriptor = data.load_schema(project.data)
    sections = readme_sections((project.data / "README.md").read_text(encoding="utf-8"))
    out = []
    for resource in descriptor["resources"]:
        path = resource["path"]
        shared = path not in sections
        section = sections.get(path) or sections.get(path.split("/")[0] + "/") or ""
        csv = resource.get("format") == "csv"
        if csv:
            frame = data.load_table(resource["name"], project.data)
            rows, columns = len(frame), len(frame.columns)
        else:
            topology = json.loads((project.data / path).read_text(encoding="utf-8"))
            rows, columns = len(topology["objects"][resource.get("x-object", "countries")]["geometries"]), None
        out.append(
            DataFile(
                resource["name"], path, resource.get("title", ""), resource.get("description", ""), _where_from(section), rows, columns, csv, shared
            )
        )
    return out


def sources_table(files: Sequence[DataFile], downloads: dict[str, str]) -> str:
    """File | What it holds | Rows | Download."""
    columns = [present.Column("File", 24), present.Column("What it holds", 48), present.Column("Rows", 12), present.Column("Download", 16)]
    rows = []
    for f in files:
        size = str(f.rows) if f.csv else f"{f.rows} shapes"
        download = present.download("CSV", downloads[f.name]) if f.name in downloads else "TopoJSON, in data/maps/"
        rows.append([f"`{f.path}`", escape(f.title), size, download])
    return present.list_table(rows, columns, "The data files behind the book", "table-data-files")


def sources_details(files: Sequence[DataFile]) -> str:
    """A definition list: each file and where it came from, in the README's words."""
    lines = []
    for f in files:
        body = inline(f.where_from) if f.where_from else escape(f.description)
        if f.shared and f.where_from:
            body = escape(f.description) + " " + body
        lines += [f"`{f.path}`", f": {body}", ""]
    return "\n".join(lines)


def example_error() -> str:
    """What the validator prints for a bad cell, made by the validator's own error class."""
    error = data.DataError("data/events.csv", 7, "start", "a date YYYY, YYYY-MM or YYYY-MM-DD", '"2013-02-30"')
    return "```text\n" + error.message + "\n```"


def save_downloads(files: Sequence[DataFile], project: Project) -> dict[str, str]:
    """Each CSV of data/ as a download (as loaded: the same columns and cells); name -> book path."""
    out = {}
    for f in files:
        if f.csv:
            out[f.name] = present.save_csv(data.load_table(f.name, project.data), f"data-{f.name}")
    return out
