"""The rows a page reads by name, and how the book names the values of a closed list.

``data/key_rows.csv`` says which row of which file plays a role (the meeting, its record, the two
observer statuses), so no page names a row id; ``labels()`` reads the ``x-labels`` of a field in
``data/datapackage.json``, so no page types the name of a kind of document.
"""

from __future__ import annotations

import pandas as pd

from .. import data
from ..markup import PartialDate

#: What :meth:`Keys.row` reads of the file it looks a role up in: the row's id.
ROW_COLUMNS = ("id",)
#: What :func:`meeting_date` reads of ``events.csv`` (load it with ``columns=MEETING_COLUMNS``).
MEETING_COLUMNS = (*ROW_COLUMNS, "start")


class Keys:
    """``data/key_rows.csv``: role -> (file, id)."""

    FILE = "data/key_rows.csv"

    def __init__(self, frame: pd.DataFrame):
        self.where = {row.key: (row.resource, row.id, line) for line, row in enumerate(frame.itertuples(index=False), start=2)}

    def row(self, key: str, frame: pd.DataFrame, resource: str) -> pd.Series | None:
        """The row of ``frame`` (the loaded ``resource``) that plays ``key``; None when the file has
        no such role or the role's row is not in ``frame`` (a changed copy of the data)."""
        if key not in self.where:
            return None
        named, row_id, line = self.where[key]
        if named != resource:
            raise data.DataError(self.FILE, line, "resource", f'"{resource}" for the role "{key}"', f'"{named}"')
        rows = frame[frame["id"] == row_id]
        return rows.iloc[0] if len(rows) else None

    def id(self, key: str) -> str | None:
        return self.where[key][1] if key in self.where else None


def labels(descriptor: dict, resource: str, field: str) -> dict[str, str]:
    """The ``x-labels`` of one field of ``datapackage.json``: value -> how the book names it."""
    for entry in descriptor["resources"]:
        if entry["name"] == resource:
            for spec in entry["schema"]["fields"]:
                if spec["name"] == field:
                    return dict(spec.get("x-labels", {}))
    return {}


def label(labels: dict[str, str], value: object) -> str:
    """A value's label; a value without one reads as itself, capitalised ("press release")."""
    return labels.get(str(value), str(value).replace("_", " ").capitalize())


def meeting_date(events: pd.DataFrame, keys: Keys) -> PartialDate | None:
    """The meeting's date, from its row in ``events.csv`` (``key_rows.csv`` names the row)."""
    meeting = keys.row("meeting", events, "events")
    return None if meeting is None else PartialDate.parse(meeting["start"])
