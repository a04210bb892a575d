"""Partial dates: one notion for ``YYYY``, ``YYYY-MM`` and ``YYYY-MM-DD``, each a real calendar date."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_SHAPE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")

PRECISIONS = {1: "year", 2: "month", 3: "day"}


@dataclass(frozen=True)
class PartialDate:
    """A date at the precision a source gives: ``first`` and ``last`` are the days it may be."""

    text: str
    precision: str  # "year", "month" or "day"
    first: dt.date
    last: dt.date

    @classmethod
    def parse(cls, text: str) -> PartialDate | None:
        """``"2012"`` -> year 2012 (2012-01-01 to 2012-12-31); None if not a real YYYY[-MM[-DD]] date."""
        match = _SHAPE.fullmatch(text)
        if not match:
            return None
        year, month, day = match.groups()
        try:
            if day is not None:
                first = last = dt.date(int(year), int(month), int(day))
                return cls(text, "day", first, last)
            if month is not None:
                y, m = int(year), int(month)
                return cls(text, "month", dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1]))
            return cls(text, "year", dt.date(int(year), 1, 1), dt.date(int(year), 12, 31))
        except ValueError:
            return None

    @property
    def is_full(self) -> bool:
        return self.precision == "day"


def parse_partial_date(value: str) -> tuple[str, dt.date, dt.date] | None:
    """``"2012"`` -> ("year", 2012-01-01, 2012-12-31); None if not a real YYYY[-MM[-DD]] date."""
    parsed = PartialDate.parse(value)
    return None if parsed is None else (parsed.precision, parsed.first, parsed.last)
