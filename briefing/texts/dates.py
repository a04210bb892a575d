"""Dates from the texts: fill the blank dates of ``data/`` and check the others against the texts.

What a held text states about dates:

- its own adoption (the reader's ``Document.adoption``: "Resolution adopted by the General
  Assembly on 17 May 2013", "Adopted by the Security Council at its 6459th meeting, on 20 December
  2010"), sourced as ``"A/RES/67/264, adoption line (data/texts/A-RES-67-264.txt, line 13)"``;
- the dates of the resolutions its first two preambular paragraphs recall ("Recalling its
  resolutions 37/4 of 22 October 1982, …"; "Recalling also its resolution 3369 (XXX) of
  10 October 1975"), sourced as ``"A/RES/67/264, first preambular paragraph (…, line 19)"``.

:func:`statements` lists them all. :func:`fill` writes them into the blank cells of
``instruments.csv`` (``date``, ``date_source``), ``ga_series.csv`` (``adopted``,
``adopted_source``) and the adoption events of ``events.csv`` (a ``resolution`` or ``statement``
row whose ``instrument`` is a held text: ``start``, ``date_precision``, ``date_source``, from the
text's own adoption line only), and adds to ``ga_series.csv`` the series members a text reveals
that it lacks (``python -m briefing texts fill-dates``). :func:`check` compares every date the data state with
what the texts state and raises one :class:`briefing.data.DataError` naming both::

    data/ga_series.csv, row 5, column "adopted": expected 1982-10-22 (A/RES/67/264, first preambular
    paragraph (data/texts/A-RES-67-264.txt, line 19)), found "1982-10-23"
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..data import DataError, data_dir_of
from . import held as held_module
from .document import Document
from .reader import DATE, parse_date, read_document

__all__ = ["Statement", "statements", "check", "fill", "SERIES_TITLES"]

# the titles of the Assembly's UN-OIC series, as the texts print them
SERIES_TITLES = (
    "Cooperation between the United Nations and the Organization of Islamic Cooperation",
    "Cooperation between the United Nations and the Organization of the Islamic Conference",
)
_RECALLED = re.compile(r"(\d+/\d+|\d+ \([IVXLC]+\)) of (" + DATE.pattern + ")")
_ORDINAL = {1: "first", 2: "second"}


@dataclass(frozen=True)
class Statement:
    symbol: str  # the resolution dated: "A/RES/49/15"
    date: dt.date
    source: str  # "A/RES/67/264, first preambular paragraph (data/texts/A-RES-67-264.txt, line 19)"
    by: str  # the text stating it: "A/RES/67/264"
    own: bool  # the text's own adoption line
    series: bool  # the stating text belongs to the Assembly's UN-OIC series


def _source(held: held_module.HeldText, what: str, line: int) -> str:
    return f"{held.symbol}, {what} (data/texts/{held.file}, line {line})"


def _document_statements(held: held_module.HeldText, doc: Document) -> list[Statement]:
    series = doc.kind == "ga_resolution" and doc.title in SERIES_TITLES
    out = []
    if doc.adoption.date:
        out.append(Statement(held.symbol, doc.adoption.date, _source(held, "adoption line", doc.adoption.line), held.symbol, True, series))
    if series:
        for i, p in enumerate(doc.preamble[:2], start=1):
            for m in _RECALLED.finditer(p.text):
                date = parse_date(m.group(2))
                if date:
                    out.append(
                        Statement("A/RES/" + m.group(1), date, _source(held, f"{_ORDINAL[i]} preambular paragraph", p.line), held.symbol, False, True)
                    )
    return out


def statements(root: str | os.PathLike | None = None) -> list[Statement]:
    """Every date the held texts state, in the order of ``texts.csv``, own adoption first."""
    out = []
    for held in held_module.held_texts(root):
        out += _document_statements(held, read_document(held.path))
    return out


def _best(found: list[Statement]) -> dict[str, Statement]:
    """Per symbol, the statement to source a date to: its own adoption line, else the earliest text."""
    best: dict[str, Statement] = {}
    for s in found:
        if s.symbol not in best or (s.own and not best[s.symbol].own):
            best[s.symbol] = s
    return best


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


# (file, key column, date column, source column, note column)
TABLES = [
    ("instruments.csv", "symbol", "date", "date_source", "date_note"),
    ("ga_series.csv", "resolution", "adopted", "adopted_source", "adopted_note"),
    ("after_meeting.csv", "symbol", "date", None, None),
]


# an event of one of these kinds, tied to a held text, is that text's adoption
ADOPTION_KINDS = ("resolution", "statement")


def _adoption_events(data_dir: Path, found: list[Statement]) -> tuple[list[str], list[dict[str, str]], list[tuple[int, dict[str, str], Statement]]]:
    """``events.csv``'s fields and rows, and its adoption events with their text's own adoption line."""
    path = data_dir / "events.csv"
    if not path.exists():
        return [], [], []
    own = {s.symbol: s for s in found if s.own}
    fields, rows = _read(path)
    tied = [
        (line, row, own[row.get("instrument", "")])
        for line, row in enumerate(rows, start=2)
        if row.get("kind") in ADOPTION_KINDS and row.get("instrument", "") in own
    ]
    return fields, rows, tied


def check(root: str | os.PathLike | None = None) -> None:
    """Stop (``DataError``) at the first date in ``data/`` that a held text contradicts, naming both."""
    data_dir = data_dir_of(root).resolve()
    found = statements(data_dir)
    for line, row, s in _adoption_events(data_dir, found)[2]:
        if row["start"] and row["start"] != s.date.isoformat():
            raise DataError("data/events.csv", line, "start", f"{s.date.isoformat()} ({s.source})", f'"{row["start"]}"', data_dir / "events.csv")
    for file, key, column, _, _ in TABLES:
        path = data_dir / file
        if not path.exists():
            continue
        _, rows = _read(path)
        for line, row in enumerate(rows, start=2):
            stated = row.get(column, "")
            if not stated:
                continue
            for s in found:
                if s.symbol == row.get(key) and s.date.isoformat() != stated:
                    raise DataError(f"data/{file}", line, column, f"{s.date.isoformat()} ({s.source})", f'"{stated}"', path)


def fill(root: str | os.PathLike | None = None) -> list[str]:
    """Write the texts' dates into the blank date cells; add the series members the texts reveal.

    Returns one line per change. Runs :func:`check` first, so it never overwrites a stated date.
    """
    data_dir = data_dir_of(root).resolve()
    check(data_dir)
    found = statements(data_dir)
    best = _best(found)
    changes = []
    fields, rows, tied = _adoption_events(data_dir, found)
    undated = [(line, row, s) for line, row, s in tied if not row["start"]]
    for line, row, s in undated:
        row["start"], row["date_precision"], row["date_source"] = s.date.isoformat(), "day", s.source
        changes.append(f"data/events.csv, row {line}: {row['id']} start {row['start']} ({s.source})")
    if undated:
        _write(data_dir / "events.csv", fields, rows)
    for file, key, column, source_column, note_column in TABLES[:2]:
        path = data_dir / file
        fields, rows = _read(path)
        if source_column not in fields:
            fields.insert(fields.index(column) + 1 + (note_column in fields), source_column)
            for row in rows:
                row.setdefault(source_column, "")
        present = {row[key] for row in rows}
        for line, row in enumerate(rows, start=2):
            s = best.get(row[key])
            if s and not row[column]:
                row[column], row[source_column] = s.date.isoformat(), s.source
                if note_column and "not confirmed" in row.get(note_column, ""):
                    row[note_column] = ""
                changes.append(f"data/{file}, row {line}: {row[key]} {column} {row[column]} ({s.source})")
        if file == "ga_series.csv":
            for symbol, s in best.items():
                if symbol in present or not s.series or not re.fullmatch(r"A/RES/\d+/\d+", symbol):
                    continue
                session = int(symbol.split("/")[2])
                rows.append(
                    {
                        "session": str(session),
                        "resolution": symbol,
                        "adopted": s.date.isoformat(),
                        "adopted_note": "",
                        "adopted_source": s.source,
                        "source": f"{s.source}; reference/texts/README.md",
                    }
                )
                changes.append(f"data/{file}: added {symbol} adopted {s.date.isoformat()} ({s.source})")
            rows.sort(key=lambda r: (int(r["session"]), r["resolution"]))
        _write(path, fields, rows)
    return changes
