"""The one error every problem in ``data/`` becomes: file, row, column, expected, found."""

from __future__ import annotations

import json
from pathlib import Path


class DataError(ValueError):
    """One problem in one place of ``data/``.

    Attributes: ``file`` (as shown, e.g. ``"data/events.csv"``), ``row`` (editor line number, the
    header is 1; ``None`` for a whole-file problem), ``column`` (``None`` when the problem is not
    in one column), ``expected`` and ``found`` (plain-language descriptions), ``path`` (the file).
    """

    def __init__(self, file: str, row: int | None, column: str | None, expected: str, found: str, path: Path | None = None):
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
            where += f", column {quoted(self.column)}"
        line = f"{where}: expected {self.expected}, found {self.found}"
        return line.replace("\r", "\\r").replace("\n", "\\n")  # one line, whatever a cell held

    def __str__(self) -> str:
        return self.message


def quoted(name: str) -> str:
    """A column name in quotes, on one line whatever it holds."""
    return json.dumps(name, ensure_ascii=False)


def show(value: str, limit: int = 80) -> str:
    """A cell value as quoted in a message (empty cells are described, long ones shortened)."""
    if value == "":
        return "an empty cell"
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return json.dumps(value, ensure_ascii=False)
