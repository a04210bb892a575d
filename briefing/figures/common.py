"""What every chart shares: the words that go with a figure, small text helpers, dates at their
precision, and the source line of the event charts.

Nothing here reads a file; the charts take plain DataFrames (what ``briefing.data`` loads).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure

from .. import PAPER_SYMBOL

EVENTS_FILE = "data/events.csv"
MEMBERS_FILE = "data/oic_members.csv"
GA_FILE = "data/ga_series.csv"


@dataclass(frozen=True)
class FigureText:
    """The words that go with a figure: caption (its first sentence is the title), alt text for
    screen readers, and the source line printed under it."""

    caption: str
    alt: str
    source_line: str


# --- text -----------------------------------------------------------------------------------------
def blank(value) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        if pd.isna(value):
            return True
    except (TypeError, ValueError):
        pass
    return str(value).strip() == ""


def split(value) -> list[str]:
    """A ``;``-separated cell as a list (blank cell: empty list)."""
    if blank(value):
        return []
    return [part.strip() for part in str(value).split(";") if part.strip()]


def count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def join(items) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


_PARA_RE = re.compile(r"¶\s*(\d+)")


def paper_paragraphs(sources) -> list[int]:
    found = set()
    for source in sources:
        if not blank(source) and PAPER_SYMBOL in str(source):
            found.update(int(n) for n in _PARA_RE.findall(str(source)))
    return sorted(found)


def paragraph_range(numbers: list[int]) -> str:
    if not numbers:
        return ""
    if len(numbers) == 1:
        return f" ¶{numbers[0]}"
    return f" ¶{numbers[0]}–¶{numbers[-1]}"


def events_source_line(events: pd.DataFrame) -> str:
    paras = paper_paragraphs(events.get("source", pd.Series(dtype=object)))
    n_context = int((events["origin"].astype(str) == "context").sum()) if "origin" in events else 0
    line = f"Source: {PAPER_SYMBOL}{paragraph_range(paras)}"
    if n_context:
        line += f"; other public sources for {count(n_context, 'context event')}"
    return line + f"; {EVENTS_FILE}."


# --- drawing --------------------------------------------------------------------------------------
def new_figure(width: float, height: float) -> tuple[Figure, object]:
    """A pyplot-free figure with an Agg canvas attached (text can be measured before drawing)."""
    fig = Figure(figsize=(width, height))
    canvas = FigureCanvasAgg(fig)
    return fig, canvas.get_renderer()


def ink_on(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (WCAG relative luminance)."""

    def channel(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in to_rgb(colour))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "white" if luminance < 0.22 else "black"


def tint(colour: str, amount: float) -> tuple[float, float, float]:
    """``colour`` mixed with white (amount 0: unchanged, 1: white); solid, no transparency."""
    r, g, b = to_rgb(colour)
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


def check_areas(events: pd.DataFrame, areas) -> None:
    found = {str(a) for a in events["area"] if not blank(a)}
    unknown = sorted(found - set(areas))
    if unknown:
        raise ValueError(f"events: unknown area(s) {unknown}; expected one of {list(areas)}")


# --- dates at their precision ---------------------------------------------------------------------
def decimal_year(d: date) -> float:
    start = date(d.year, 1, 1).toordinal()
    days = date(d.year + 1, 1, 1).toordinal() - start
    return d.year + (d.toordinal() - start) / days


@dataclass(frozen=True)
class When:
    """Where an event sits in time: ``lo``..``hi`` in decimal years, and how it is drawn."""

    lo: float
    hi: float
    precision: str  # day, month, year

    @property
    def mid(self) -> float:
        return (self.lo + self.hi) / 2


def parse_when(start, precision) -> When | None:
    """An event's start at its precision; None if undated."""
    if blank(start) or (not blank(precision) and str(precision).strip() == "undated"):
        return None
    text = str(start).strip()
    parts = [int(p) for p in text.split("-")]
    stated = None if blank(precision) else str(precision).strip()
    precision = stated or {1: "year", 2: "month", 3: "day"}[len(parts)]
    if precision == "year":
        return When(parts[0], parts[0] + 1, "year")
    if precision == "month":
        lo = date(parts[0], parts[1], 1)
        hi = date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return When(decimal_year(lo), decimal_year(hi) if hi.year == lo.year else lo.year + 1, "month")
    d = date(*parts[:3])
    lo = decimal_year(d)
    return When(lo, lo + 1 / 365, "day")


def iso_date(value) -> date | None:
    """A full ISO day as a date; None for a blank or partial one."""
    if blank(value):
        return None
    parts = [int(p) for p in str(value).strip().split("-")]
    if len(parts) != 3:
        return None
    return date(*parts)


_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def number_word(n: int) -> str:
    """A small count in words ("three"), larger ones in figures."""
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)
