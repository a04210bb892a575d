"""The book's five figures, each with the text that goes with it.

Every figure has two functions: ``<name>(...)`` returns a matplotlib :class:`~matplotlib.figure.Figure`
and ``<name>_text(...)`` returns a :class:`FigureText` (caption, alt text, source line) whose numbers
are computed from the same data, so a changed row changes the words too. The functions take plain
DataFrames and dicts (what ``briefing.data`` loads); nothing here reads files.

Figures are built with matplotlib's object API (``Figure``, not ``pyplot``), so building one never
touches pyplot's global figure list or the notebook's backend; no title is drawn inside the image
(the caption carries it). Write them with :func:`briefing.style.save_figure`.

The figures:

``timeline``    UN-OIC cooperation 1969-2013, one lane per field of cooperation
``by_area``     activities per field and who took part
``member_map``  the 57 member States by OIC group, with theatres, offices and meeting places
``membership``  members over time, stacked by continent (and ``membership_check``)
``ga_series``   the General Assembly's resolutions on UN-OIC cooperation
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PatchCollection
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch, Rectangle
from matplotlib.transforms import Bbox

from . import PAPER_SYMBOL
from . import topojson
from .style import (
    AREA_COLOURS,
    AREAS,
    CONTINENT_COLOURS,
    GRID,
    INK,
    LAND,
    MUTED,
    OIC_GROUP_COLOURS,
    OKABE_ITO,
    SMALL_PT,
    TEXT_WIDTH_IN,
    TINY_PT,
    house_style,
)

__all__ = [
    "CITY_COORDS",
    "FigureText",
    "by_area",
    "by_area_text",
    "ga_series",
    "ga_series_text",
    "member_map",
    "member_map_text",
    "membership",
    "membership_check",
    "membership_text",
    "timeline",
    "timeline_text",
]

#: Approximate coordinates (latitude, longitude in degrees) of the cities the events name, rounded
#: to two decimals from the GeoNames public gazetteer (https://www.geonames.org/). Only positions
#: for drawing a dot on a small map; no other facts.
CITY_COORDS: dict[str, tuple[float, float]] = {
    "Jeddah": (21.49, 39.19),
    "Geneva": (46.20, 6.15),
    "Makkah": (21.43, 39.83),
    "Mecca": (21.43, 39.83),
    "Kabul": (34.53, 69.17),
    "Mogadishu": (2.04, 45.34),
    "New York": (40.71, -74.01),
    "Dakar": (14.69, -17.44),
    "Istanbul": (41.01, 28.95),
    "Rabat": (34.01, -6.83),
    "Astana": (51.18, 71.45),
}

#: Natural Earth draws some areas apart from the member State they belong to for the UN: they are
#: filled with that State (by ISO 3166-1 numeric code).
MAP_ALIASES = {"Somaliland": "706"}  # Somalia

#: Borders are simplified (Douglas-Peucker) to this tolerance in degrees: under a tenth of a
#: point on the printed map, and about a third of the SVG's size without it.
MAP_TOLERANCE_DEG = 0.04

#: Members whose outline spans less than this (degrees, both ways) get a dot: at this scale they
#: are under an eighth of an inch wide (Bahrain, Maldives, Comoros, Lebanon, Palestine...).
SMALL_MEMBER_DEG = 2.0

#: Which events the map marks (by ``kind``), among events with a field of UN-OIC cooperation.
OFFICE_KINDS = ("office",)
MEETING_KINDS = ("meeting", "summit")

#: What the General Assembly figure annotates, by resolution number (as in "35/36").
GA_NOTES = {
    "3369 (XXX)": "observer status for the OIC",
    "35/36": "first resolution on UN–OIC cooperation",
    "67/264": "cited in the concept paper",
    "73/135": "recalls the 2013 Council briefing",
}

GA_COLOUR = OKABE_ITO["blue"]

#: The Council briefing the paper prepares (S/2013/588, letter and annex).
BRIEFING_DATE = date(2013, 10, 28)

EVENTS_FILE = "data/events.csv"
MEMBERS_FILE = "data/oic_members.csv"
GA_FILE = "data/ga_series.csv"
MAP_SOURCE = "Natural Earth 4.1.0 (public domain) via world-atlas 2.0.2"
MAP_DISCLAIMER = (
    "Boundaries are shown for orientation only and imply no position on the status of any "
    "territory."
)


@dataclass(frozen=True)
class FigureText:
    """The words that go with a figure: caption (its first sentence is the title), alt text for
    screen readers, and the source line printed under it."""

    caption: str
    alt: str
    source_line: str


# =================================================================================================
# small helpers
# =================================================================================================
def _blank(value) -> bool:
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


def _split(value) -> list[str]:
    """A ``;``-separated cell as a list (blank cell: empty list)."""
    if _blank(value):
        return []
    return [part.strip() for part in str(value).split(";") if part.strip()]


def _count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def _join(items: list[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


_PARA_RE = re.compile(r"¶\s*(\d+)")


def _paper_paragraphs(sources) -> list[int]:
    found = set()
    for source in sources:
        if not _blank(source) and PAPER_SYMBOL in str(source):
            found.update(int(n) for n in _PARA_RE.findall(str(source)))
    return sorted(found)


def _paragraph_range(numbers: list[int]) -> str:
    if not numbers:
        return ""
    if len(numbers) == 1:
        return f" ¶{numbers[0]}"
    return f" ¶{numbers[0]}–¶{numbers[-1]}"


def _events_source_line(events: pd.DataFrame) -> str:
    paras = _paper_paragraphs(events.get("source", pd.Series(dtype=object)))
    n_context = int((events["origin"].astype(str) == "context").sum()) if "origin" in events else 0
    line = f"Source: {PAPER_SYMBOL}{_paragraph_range(paras)}"
    if n_context:
        line += f"; other public sources for {_count(n_context, 'context event')}"
    return line + f"; {EVENTS_FILE}."


def _new_figure(width: float, height: float) -> tuple[Figure, object]:
    """A pyplot-free figure with an Agg canvas attached (text can be measured before drawing)."""
    fig = Figure(figsize=(width, height))
    canvas = FigureCanvasAgg(fig)
    return fig, canvas.get_renderer()


def _text_size(renderer, text: str, size: float, weight: str = "normal") -> tuple[float, float]:
    """Width and height in inches of ``text`` as matplotlib will lay it out (multi-line aware)."""
    prop = FontProperties(family="sans-serif", size=size, weight=weight)
    lines = text.split("\n")
    widths = [renderer.get_text_width_height_descent(line or " ", prop, ismath=False)[0] for line in lines]
    _, h, _ = renderer.get_text_width_height_descent("lp", prop, ismath=False)
    dpi = renderer.dpi
    line_h = h * 1.2  # matplotlib's default linespacing
    return max(widths) / dpi, (h + line_h * (len(lines) - 1)) / dpi


def _greedy_wrap(renderer, words: list[str], size: float, max_width: float) -> list[str]:
    lines: list[str] = []
    for word in words:
        if lines and _text_size(renderer, lines[-1] + " " + word, size)[0] <= max_width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _wrap(renderer, text: str, size: float, max_width: float) -> str:
    """Word wrap to ``max_width`` inches, measured with the real font, with balanced lines: the
    narrowest width that needs no more lines than ``max_width`` does (no lone last word)."""
    words = text.split()
    lines = _greedy_wrap(renderer, words, size, max_width)
    if len(lines) > 1:
        lo, hi = 0.3, max_width
        for _ in range(12):
            mid = (lo + hi) / 2
            if len(_greedy_wrap(renderer, words, size, mid)) <= len(lines):
                hi = mid
            else:
                lo = mid
        lines = _greedy_wrap(renderer, words, size, hi)
    return "\n".join(lines)


def _ink_on(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (WCAG relative luminance)."""
    def channel(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in to_rgb(colour))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "white" if luminance < 0.22 else "black"


def _tint(colour: str, amount: float) -> tuple[float, float, float]:
    """``colour`` mixed with white (amount 0: unchanged, 1: white); solid, no transparency."""
    r, g, b = to_rgb(colour)
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


# =================================================================================================
# dates at their precision
# =================================================================================================
def _decimal_year(d: date) -> float:
    start = date(d.year, 1, 1).toordinal()
    days = date(d.year + 1, 1, 1).toordinal() - start
    return d.year + (d.toordinal() - start) / days


@dataclass(frozen=True)
class _When:
    """Where an event sits in time: ``lo``..``hi`` in decimal years, and how it is drawn."""

    lo: float
    hi: float
    precision: str  # day, month, year

    @property
    def mid(self) -> float:
        return (self.lo + self.hi) / 2


def _parse_when(start, precision) -> _When | None:
    """An event's start at its precision; None if undated."""
    if _blank(start) or (not _blank(precision) and str(precision).strip() == "undated"):
        return None
    text = str(start).strip()
    parts = [int(p) for p in text.split("-")]
    stated = None if _blank(precision) else str(precision).strip()
    precision = stated or {1: "year", 2: "month", 3: "day"}[len(parts)]
    if precision == "year":
        return _When(parts[0], parts[0] + 1, "year")
    if precision == "month":
        lo = date(parts[0], parts[1], 1)
        hi = date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return _When(_decimal_year(lo), _decimal_year(hi) if hi.year == lo.year else lo.year + 1, "month")
    d = date(*parts[:3])
    lo = _decimal_year(d)
    return _When(lo, lo + 1 / 365, "day")


def _iso_when(value) -> date | None:
    if _blank(value):
        return None
    parts = [int(p) for p in str(value).strip().split("-")]
    if len(parts) != 3:
        return None
    return date(*parts)


# =================================================================================================
# a. timeline
# =================================================================================================
_LABEL_PT = TINY_PT  # event labels
_HEADER_PT = SMALL_PT  # lane headers
_ROW_IN = 0.16  # one text row in a lane, inches
_LANE_GAP_IN = 0.07
_MARK_R_IN = 0.035  # half a dot
_PAD_IN = 0.05  # between a mark and its label, and between neighbours
_MAX_LABEL_IN = 2.6  # dated labels wrap at this width
_UNDATED_MAX_LINES = 3
_MAX_LINES_FALLBACK = 2  # a title with no short label wraps to two lines

#: Short labels for the timeline, by event id: the events' titles are full sentences, too long to
#: sit beside a mark. A ``short_title`` column in the events, if the data grows one, wins; an event
#: with neither shows its title, wrapped (tests check that every id here exists in the data).
SHORT_TITLES = {
    "oic-founded-1969": "OIC founded, Rabat",
    "first-foreign-ministers-1970": "First foreign ministers' conference",
    "first-oic-charter-1972": "First OIC Charter",
    "observer-status-1975": "Observer status at the GA, 3369 (XXX)",
    "un-observer-at-oic-1976": "UN observer at the OIC",
    "first-ga-cooperation-resolution-1980": "First GA resolution on cooperation, 35/36",
    "makkah-programme-2005": "Makkah summit: Ten-year Programme",
    "sg-addresses-dakar-summit-2008": "Secretary-General at the Dakar summit",
    "oic-charter-2008": "OIC Charter, Dakar",
    "general-meeting-istanbul-2010": "General meeting, Istanbul",
    "oic-renamed-2011": "OIC renamed, Astana",
    "oic-office-kabul-2011": "OIC office, Kabul",
    "oic-office-mogadishu-2011": "OIC office, Mogadishu",
    "ocha-oic-agreement-2011": "OCHA–OIC memorandum",
    "jeddah-mediation-session-2012": "OIC–UN–OSCE mediation session, Jeddah",
    "general-meeting-geneva-2012": "General meeting, Geneva",
    "sg-visits-oic-headquarters-2012": "Secretary-General visits OIC headquarters",
    "partnership-programme-2012": "Partnership programme: mediation unit",
    "syria-suspended-2012": "Syria suspended, Makkah",
    "sg-report-2012": "Secretary-General's report A/67/280",
    "jeddah-1624-meeting-2013": "OIC–CTED meeting on 1624 (2005), Jeddah",
    "council-briefing-2013": "Security Council briefing",
    "presidential-statement-2013": "Presidential statement",
    "ga-resolution-73-135-2018": "GA resolution 73/135",
}

BACKGROUND_LANE = "the OIC itself (background)"
BACKGROUND_COLOUR = MUTED


class _Scale:
    """A piecewise-linear time axis in inches: years before the break are compressed."""

    def __init__(self, segments: list[tuple[float, float, float, float]]):
        self.segments = segments  # (year0, year1, x0, x1)

    def __call__(self, year: float) -> float:
        for y0, y1, x0, x1 in self.segments:
            if year <= y1:
                break
        return x0 + (year - y0) / (y1 - y0) * (x1 - x0)


@dataclass
class _Item:
    id: str
    title: str
    lane: str
    origin: str
    when: _When | None
    short: str = ""
    label: str = ""
    lines: int = 1
    width: float = 0.0
    row: int = 0
    mark_x0: float = 0.0
    mark_x1: float = 0.0
    label_x: float = 0.0
    label_ha: str = "left"


def _check_areas(events: pd.DataFrame) -> None:
    areas = {str(a) for a in events["area"] if not _blank(a)}
    unknown = sorted(areas - set(AREAS))
    if unknown:
        raise ValueError(f"events: unknown area(s) {unknown}; expected one of {list(AREAS)}")


def _timeline_items(events: pd.DataFrame) -> list[_Item]:
    _check_areas(events)
    items = []
    for row in events.itertuples(index=False):
        items.append(
            _Item(
                id=str(row.id),
                title=str(row.title).strip(),
                lane=BACKGROUND_LANE if _blank(row.area) else str(row.area),
                origin="context" if str(getattr(row, "origin", "paper")).strip() == "context" else "paper",
                when=_parse_when(row.start, getattr(row, "date_precision", None)),
                short=_short_title(row),
            )
        )
    return items


def _short_title(row) -> str:
    given = getattr(row, "short_title", None)
    if not _blank(given):
        return str(given).strip()
    return SHORT_TITLES.get(str(row.id), "")


def _split_items(events: pd.DataFrame, end_year: int):
    """(dated within the chart, undated, dated after ``end_year``)."""
    items = _timeline_items(events)
    dated = [it for it in items if it.when is not None and it.when.lo < end_year + 1]
    later = [it for it in items if it.when is not None and it.when.lo >= end_year + 1]
    undated = [it for it in items if it.when is None]
    return dated, undated, later


def _short_label(renderer, title: str, max_width: float, max_lines: int = 2) -> str:
    """The title wrapped to ``max_width``; if it needs more than ``max_lines`` lines, the part
    before its first colon or comma, else its first words and an ellipsis (full titles are in the
    book's events table)."""
    wrapped = _wrap(renderer, title, _LABEL_PT, max_width)
    if wrapped.count("\n") < max_lines:
        return wrapped
    for sep in (": ", "; "):  # never at a comma: that could drop items of a list
        head = title.split(sep)[0]
        if head != title:
            wrapped = _wrap(renderer, head, _LABEL_PT, max_width)
            if wrapped.count("\n") < max_lines:
                return wrapped
    words = title.split()
    while words:
        words.pop()
        wrapped = _wrap(renderer, " ".join(words) + "…", _LABEL_PT, max_width)
        if wrapped.count("\n") < max_lines:
            return wrapped
    return title[:20] + "…"


def _free(occupied: dict[int, list[tuple[float, float]]], rows: range, x0: float, x1: float) -> bool:
    return all(x1 <= a or x0 >= b for r in rows for (a, b) in occupied.get(r, []))


def _occupy(occupied, rows: range, x0: float, x1: float) -> None:
    for r in rows:
        occupied.setdefault(r, []).append((x0, x1))


def _lanes(dated: list[_Item]) -> list[str]:
    lanes = list(AREAS)
    if any(it.lane == BACKGROUND_LANE for it in dated):
        lanes.append(BACKGROUND_LANE)
    return lanes


def _lane_colour(lane: str) -> str:
    return AREA_COLOURS.get(lane, BACKGROUND_COLOUR)


def timeline(
    events: pd.DataFrame,
    *,
    start_year: int | None = None,
    end_year: int = 2013,
    break_year: int | None = 2005,
    width: float = TEXT_WIDTH_IN,
) -> Figure:
    """UN-OIC cooperation over time, one lane per field of cooperation.

    Each dated event sits in its field's lane at its date, drawn at the precision the data gives:
    a dot for a day or a month, a bar across the year for a year. Filled marks come from the
    concept paper, hollow ones from other sources (``origin`` = context). Events with no field
    (the OIC's own milestones) get a grey background lane. Events after ``end_year`` are left out
    (the caption counts them); undated strands of joint work are listed in a band under the axis,
    each with its field's colour. Years before ``break_year`` are compressed: few events, long
    span; a shaded band and a break on the axis say so.

    Labels are placed deterministically: in date order, each event takes the first text row of its
    lane where its mark and label (measured with the real font) touch nothing placed before,
    trying the label right of the mark, then left of it. Labels wrap at two lines; a longer title
    is cut at its first colon or comma, or shortened with an ellipsis.
    """
    dated, undated, _ = _split_items(events, end_year)
    if start_year is None:
        start_year = int(min((it.when.lo for it in dated), default=end_year - 10))
    t_end = end_year + 1
    lanes = _lanes(dated)
    margin_l, margin_r = 0.2, 0.12
    axes_w = width - margin_l - margin_r

    with house_style():
        fig, renderer = _new_figure(width, 6.0)
        # ---- time scale (inches from the axes' left edge) ----
        if break_year and start_year < break_year < t_end:
            xb = axes_w * 0.25
            scale = _Scale([(start_year, break_year, 0.0, xb), (break_year, t_end, xb, axes_w)])
        else:
            break_year = None
            scale = _Scale([(start_year, t_end, 0.0, axes_w)])

        # ---- place the dated events, lane by lane ----
        placed_lanes = []
        for lane in lanes:
            header = _cap(lane)
            header_w, _ = _text_size(renderer, header, _HEADER_PT, "bold")
            occupied: dict[int, list[tuple[float, float]]] = {}
            _occupy(occupied, range(0, 1), 0.0, 0.14 + header_w + _PAD_IN)
            members = sorted((it for it in dated if it.lane == lane), key=lambda it: (it.when.lo, it.id))
            for it in members:
                if it.short:
                    it.label = _wrap(renderer, it.short, _LABEL_PT, _MAX_LABEL_IN)
                else:
                    it.label = _short_label(renderer, it.title, _MAX_LABEL_IN, _MAX_LINES_FALLBACK)
                it.lines = it.label.count("\n") + 1
                it.width, _ = _text_size(renderer, it.label, _LABEL_PT)
                if it.when.precision == "year":
                    it.mark_x0, it.mark_x1 = scale(it.when.lo), scale(it.when.hi)
                else:
                    x = scale(it.when.mid)
                    it.mark_x0, it.mark_x1 = x - _MARK_R_IN, x + _MARK_R_IN
                options = (
                    (it.mark_x0, it.mark_x1 + _PAD_IN + it.width, it.mark_x1 + _PAD_IN, "left"),
                    (it.mark_x0 - _PAD_IN - it.width, it.mark_x1, it.mark_x0 - _PAD_IN, "right"),
                )
                for row in range(200):
                    rows = range(row, row + it.lines)
                    fits = [
                        o for o in options
                        if o[0] >= -0.06 and o[1] <= axes_w + 0.06 and _free(occupied, rows, o[0] - _PAD_IN / 2, o[1] + _PAD_IN / 2)
                    ]
                    if fits:
                        x0, x1, it.label_x, it.label_ha = fits[0]
                        _occupy(occupied, rows, x0 - _PAD_IN / 2, x1 + _PAD_IN / 2)
                        it.row = row
                        break
                else:  # pragma: no cover - 200 rows is far beyond any real lane
                    raise RuntimeError(f"timeline: no room for event {it.id!r}")
            used = max([it.row + it.lines for it in members] + [1])
            note = None
            if not members and any(it.lane == lane for it in undated):
                note = (0.14 + header_w + 2 * _PAD_IN, "undated only: see below")
            placed_lanes.append((lane, header, members, used, note))

        # ---- undated band: columns of wrapped titles, in field order ----
        n_cols = 2
        col_gap = 0.25
        col_w = (width - margin_l - margin_r - col_gap * (n_cols - 1)) / n_cols
        text_w = col_w - 2 * _MARK_R_IN - _PAD_IN
        order = {lane: i for i, lane in enumerate(lanes + [BACKGROUND_LANE])}
        band = sorted(undated, key=lambda it: (order.get(it.lane, 99), it.id))
        for it in band:
            it.label = _short_label(renderer, it.title, text_w, _UNDATED_MAX_LINES)
            it.lines = it.label.count("\n") + 1
        total_lines = sum(it.lines for it in band)
        per_col = math.ceil(total_lines / n_cols) if band else 0
        columns: list[list[_Item]] = [[] for _ in range(n_cols)]
        col, filled = 0, 0
        for it in band:  # column-major, never splitting an item
            if filled and filled + it.lines > per_col + 1 and col < n_cols - 1:
                col, filled = col + 1, 0
            it.row = filled
            columns[col].append(it)
            filled += it.lines
        band_rows = max((it.row + it.lines for it in band), default=0)
        line_in = _LABEL_PT * 1.2 / 72 + 0.012

        # ---- vertical geometry (inches) ----
        top_pad = 0.05
        lane_tops, y = [], top_pad
        for _, _, _, used, _ in placed_lanes:
            lane_tops.append(y)
            y += _ROW_IN * used + _LANE_GAP_IN
        lanes_h = y
        axis_h = 0.55  # tick labels and axis label
        band_h = (0.28 + band_rows * line_in + 0.08) if band else 0.0
        legend_h = 0.3
        height = lanes_h + axis_h + band_h + legend_h
        fig.set_size_inches(width, height)
        ax = fig.add_axes(
            (margin_l / width, (height - lanes_h) / height, axes_w / width, lanes_h / height)
        )
        ax.set_xlim(0, axes_w)
        ax.set_ylim(lanes_h, 0)
        for side in ("left", "right", "top"):
            ax.spines[side].set_visible(False)
        ax.tick_params(axis="y", left=False, labelleft=False)

        # ---- backgrounds, year grid, ticks, axis break ----
        if break_year:
            ax.add_patch(Rectangle((0, 0), scale(break_year), lanes_h, facecolor="#F3F3F3", edgecolor="none", zorder=0))
        for top in lane_tops[1:]:
            ax.axhline(top - _LANE_GAP_IN / 2, color=GRID, linewidth=0.6, zorder=0.5)
        ticks = _year_ticks(renderer, scale, start_year, break_year, t_end)
        ax.set_xticks([scale(t) for t in ticks])
        ax.set_xticklabels([str(t) for t in ticks])
        for t in ticks:
            ax.axvline(scale(t), color=GRID, linewidth=0.5, zorder=0.5)
        if break_year:
            xb = scale(break_year)
            for dx in (-0.022, 0.022):
                ax.plot([xb + dx - 0.018, xb + dx + 0.018], [lanes_h + 0.045, lanes_h - 0.045],
                        color=INK, linewidth=0.8, clip_on=False, zorder=5)
            ax.set_xlabel(f"Year (years before {break_year} compressed)", labelpad=3)
        else:
            ax.set_xlabel("Year", labelpad=3)

        labels = []
        # ---- lanes ----
        for (lane, header, members, used, note), top in zip(placed_lanes, lane_tops):
            colour = _lane_colour(lane)
            hy = top + _ROW_IN / 2
            ax.add_patch(Rectangle((0.0, hy - 0.045), 0.09, 0.09, facecolor=colour, edgecolor="none", zorder=3))
            labels.append(ax.text(0.14, hy, header, fontsize=_HEADER_PT, fontweight="bold", va="center",
                                  ha="left", color=INK, zorder=4, gid=f"timeline-header-{lanes.index(lane)}"))
            if note:
                labels.append(ax.text(note[0], hy, note[1], fontsize=_LABEL_PT, style="italic", va="center",
                                      ha="left", color=MUTED, gid=f"timeline-note-{lanes.index(lane)}"))
            for it in members:
                y_row = top + _ROW_IN * it.row
                y_mid = y_row + _ROW_IN / 2
                face = colour if it.origin == "paper" else "white"
                if it.when.precision == "year":
                    ax.add_patch(Rectangle((it.mark_x0, y_mid - 0.035), it.mark_x1 - it.mark_x0, 0.07,
                                           facecolor=face, edgecolor=colour, linewidth=1.0, zorder=3))
                else:
                    ax.plot([(it.mark_x0 + it.mark_x1) / 2], [y_mid], marker="o", markersize=5,
                            markerfacecolor=face, markeredgecolor=colour, markeredgewidth=1.0,
                            linestyle="none", zorder=3)
                labels.append(ax.text(
                    it.label_x, y_mid if it.lines == 1 else y_row + (_ROW_IN - line_in) / 2,
                    it.label, fontsize=_LABEL_PT, ha=it.label_ha, va="center" if it.lines == 1 else "top",
                    color=INK, zorder=4, gid=f"timeline-label-{it.id}", linespacing=1.2,
                ))

        # ---- undated band ----
        if band:
            bx = fig.add_axes((margin_l / width, legend_h / height, axes_w / width, band_h / height))
            bx.set_xlim(0, axes_w)
            bx.set_ylim(band_h, 0)
            bx.set_axis_off()
            n_paper = sum(it.origin == "paper" for it in band)
            heading = "Undated strands of joint work"
            if n_paper == len(band):
                heading += f" (all from {PAPER_SYMBOL})"
            labels.append(bx.text(0, 0.1, heading, fontsize=_HEADER_PT, fontweight="bold", va="center",
                                  ha="left", color=INK, gid="timeline-undated-heading"))
            for c, column in enumerate(columns):
                x = c * (col_w + col_gap)
                for it in column:
                    y_row = 0.26 + it.row * line_in
                    colour = _lane_colour(it.lane)
                    bx.plot([x + _MARK_R_IN], [y_row + line_in / 2], marker="o", markersize=5,
                            markerfacecolor=colour if it.origin == "paper" else "white",
                            markeredgecolor=colour, markeredgewidth=1.0, linestyle="none")
                    labels.append(bx.text(x + 2 * _MARK_R_IN + _PAD_IN, y_row, it.label, fontsize=_LABEL_PT,
                                          va="top", ha="left", color=INK, linespacing=1.2,
                                          gid=f"timeline-label-{it.id}"))

        # ---- key ----
        key = [
            Line2D([], [], marker="o", markersize=5, color=INK, markerfacecolor=INK, linestyle="none",
                   label=f"in {PAPER_SYMBOL}"),
            Line2D([], [], marker="o", markersize=5, color=INK, markerfacecolor="white", linestyle="none",
                   label="from other sources"),
            Patch(facecolor=INK, edgecolor=INK, label="dated to the year only (bar spans the year)"),
        ]
        fig.legend(handles=key, loc="lower left", bbox_to_anchor=(margin_l / width - 0.01, 0.0), ncols=3,
                   handlelength=1.2, handleheight=0.5, columnspacing=1.4, borderaxespad=0.2)
        fig._briefing_labels = labels  # for tests: the texts that must not overlap
    return fig


def _year_ticks(renderer, scale: _Scale, start: int, break_year: int | None, t_end: int) -> list[int]:
    """Year ticks that leave room for their labels: every year if it fits, else every second,
    fifth or tenth; in the compressed part only round decades and the first year."""
    label_w, _ = _text_size(renderer, "2000", SMALL_PT)
    room = label_w + 0.08
    chosen: list[int] = []

    def add(candidates):
        for year in candidates:
            if all(abs(scale(year) - scale(c)) >= room for c in chosen):
                chosen.append(year)

    late0 = break_year or start
    for step in (1, 2, 5, 10):
        xs = [scale(y) for y in range(late0, t_end, step)]
        if len(xs) < 2 or min(b - a for a, b in zip(xs, xs[1:])) >= room:
            break
    add(range(late0, t_end, step))
    if break_year:
        add([start] + [y for y in range(start + 1, break_year) if y % 10 == 0])
    return sorted(chosen)


def timeline_text(events: pd.DataFrame, *, end_year: int = 2013, break_year: int | None = 2005) -> FigureText:
    dated, undated, later = _split_items(events, end_year)
    shown = dated + undated
    cooperation = [it for it in shown if it.lane != BACKGROUND_LANE]
    background = len(shown) - len(cooperation)
    years = sorted(int(it.when.lo) for it in dated)
    per_lane = {lane: sum(it.lane == lane for it in shown) for lane in list(AREAS) + [BACKGROUND_LANE]}
    busiest = max(AREAS, key=lambda a: (per_lane[a], -AREAS.index(a)))
    in_paper = sum(it.origin == "paper" for it in shown)
    recent_from = max(years) - 2 if years else end_year
    recent = sum(y >= recent_from for y in years)
    span = f"{years[0]}–{years[-1]}" if years else "undated"
    n_fields = sum(per_lane[a] > 0 for a in AREAS)
    compressed = break_year is not None and bool(years) and years[0] < break_year <= years[-1]
    caption = (
        f"UN–OIC cooperation, {span}, by field: {_count(len(cooperation), 'event')} in "
        f"{_count(n_fields, 'field')}"
        + (f", with {_count(background, 'milestone')} of the OIC itself for background" if background else "")
        + f". Of these {len(shown)}, {len(dated)} are dated, each drawn at the precision known (dot: day or month; bar: the "
        f"year only); {_count(len(undated), 'undated strand')} of joint work "
        f"{'is' if len(undated) == 1 else 'are'} listed under the axis. Filled marks come from "
        f"{PAPER_SYMBOL} ({in_paper}), hollow marks from other public sources ({len(shown) - in_paper})."
        + (f" Years before {break_year} are compressed." if compressed else "")
        + " Long titles are shortened; the events table has them in full."
        + (f" Not shown: {_count(len(later), 'later event')} (after {end_year})." if later else "")
    )
    alt = (
        f"Timeline with one lane per field of UN–OIC cooperation, {span}. "
        f"{_cap(busiest)} has the most events ({per_lane[busiest]}). "
        f"{recent} of the {len(dated)} dated events fall in {recent_from}–{years[-1] if years else end_year}. "
        "Events per field: "
        + "; ".join(f"{a} {per_lane[a]}" for a in AREAS)
        + (f"; the OIC's own milestones {background}" if background else "")
        + f". {_count(len(undated), 'undated strand')} of joint work listed below the timeline."
    )
    return FigureText(caption=caption, alt=alt, source_line=_events_source_line(events))


# =================================================================================================
# b. by area
# =================================================================================================
#: Which side an actor belongs to, for ordering the dot matrix (anything else is "other").
OIC_SIDE = ("OIC", "OIC Secretary General", "Council of Foreign Ministers", "Islamic Summit Conference")
UN_SIDE = (
    "UN", "General Assembly", "Security Council", "UN Secretary-General", "CTED", "UNAMA", "OCHA",
    "UN Alliance of Civilizations",
)


def _side(actor: str) -> str:
    if actor in OIC_SIDE or actor.startswith("OIC"):
        return "OIC"
    if actor in UN_SIDE or actor.startswith("UN"):
        return "UN"
    return "other"


def _with_area(events: pd.DataFrame, end_year: int) -> pd.DataFrame:
    """Events with a field of cooperation, up to ``end_year`` (undated ones included)."""
    _check_areas(events)
    keep = []
    for row in events.itertuples(index=False):
        when = _parse_when(row.start, getattr(row, "date_precision", None))
        keep.append(not _blank(row.area) and (when is None or when.lo < end_year + 1))
    return events[keep]


def _actor_counts(events: pd.DataFrame) -> pd.DataFrame:
    """Events per (area, actor), areas in the book's order, actors OIC side, UN side, others,
    each by count then name."""
    rows = [
        (str(row.area), actor)
        for row in events.itertuples(index=False)
        for actor in dict.fromkeys(_split(row.actors))
    ]
    table = pd.DataFrame(rows, columns=["area", "actor"])
    counts = table.groupby(["area", "actor"]).size().unstack(fill_value=0) if rows else pd.DataFrame()
    counts = counts.reindex(index=list(AREAS), fill_value=0)
    sides = {"OIC": 0, "UN": 1, "other": 2}
    order = sorted(counts.columns, key=lambda a: (sides[_side(a)], -int(counts[a].sum()), a))
    return counts[order]


def by_area(events: pd.DataFrame, *, end_year: int = 2013, width: float = TEXT_WIDTH_IN) -> Figure:
    """Activities per field of cooperation, and who took part.

    Left, bars: events per field, from the paper (solid) and from other sources (light).
    Right, a dot matrix of field by actor, actors grouped OIC side, UN side, others: a dot's area
    grows with the number of events, and the number is printed in it. Events without a field
    (the OIC's own milestones) and events after ``end_year`` are left out.
    """
    events = _with_area(events, end_year)
    origin = events["origin"].astype(str)
    paper = events[origin == "paper"]["area"].value_counts().reindex(list(AREAS), fill_value=0)
    context = events[origin != "paper"]["area"].value_counts().reindex(list(AREAS), fill_value=0)
    actors = _actor_counts(events)
    n_actors = len(actors.columns)

    with house_style():
        fig, renderer = _new_figure(width, 4.0)
        area_labels = [_wrap(renderer, _cap(a), SMALL_PT, 1.45) for a in AREAS]
        left_in = max(_text_size(renderer, s, SMALL_PT)[0] for s in area_labels) + 0.12
        row_in = 0.3
        top_in = max((_text_size(renderer, a, TINY_PT)[0] for a in actors.columns), default=0.5) + 0.12
        bottom_in = 0.75
        rows_h = row_in * len(AREAS)
        height = top_in + rows_h + bottom_in
        fig.set_size_inches(width, height)
        bars_w, gap = 1.2, 0.22
        matrix_w = width - left_in - bars_w - gap - 0.08
        y0 = bottom_in / height
        ax = fig.add_axes((left_in / width, y0, bars_w / width, rows_h / height))
        mx = fig.add_axes(((left_in + bars_w + gap) / width, y0, matrix_w / width, rows_h / height), sharey=ax)

        y = np.arange(len(AREAS))
        colours = [AREA_COLOURS[a] for a in AREAS]
        ax.barh(y, paper.values, color=colours, edgecolor=colours, linewidth=0.6, height=0.62)
        ax.barh(y, context.values, left=paper.values, color=[_tint(c, 0.7) for c in colours],
                edgecolor=colours, linewidth=0.6, height=0.62)
        totals = paper.values + context.values
        for yi, total in zip(y, totals):
            ax.text(total, yi, f" {int(total)}", va="center", ha="left", fontsize=SMALL_PT, color=INK)
        ax.set_xlim(0, max(int(totals.max()), 1) * 1.25)
        ax.set_ylim(len(AREAS) - 0.5, -0.5)
        ax.set_yticks(y)
        ax.set_yticklabels(area_labels)
        ax.tick_params(axis="y", length=0)
        ax.set_xlabel("Activities (events)", labelpad=4)
        ax.xaxis.get_major_locator().set_params(integer=True, nbins=4)
        ax.grid(axis="x", color=GRID, linewidth=0.5)
        ax.spines["left"].set_visible(False)

        # dot matrix
        col_pt = matrix_w / max(n_actors, 1) * 72
        biggest = max(int(actors.values.max()) if actors.size else 1, 1)
        d_min, d_max = 10.0, min(15.0, col_pt * 0.95, row_in * 72 * 0.85)
        for j, actor in enumerate(actors.columns):
            for i, area in enumerate(AREAS):
                n = int(actors.loc[area, actor])
                if not n:
                    continue
                d = d_min + (d_max - d_min) * math.sqrt((n - 1) / max(biggest - 1, 1))
                colour = AREA_COLOURS[area]
                mx.scatter([j], [i], s=d ** 2, color=colour, edgecolor="none", zorder=3)
                mx.text(j, i, str(n), ha="center", va="center", fontsize=TINY_PT, color=_ink_on(colour), zorder=4)
        mx.set_xlim(-0.5, max(n_actors, 1) - 0.5)
        mx.set_xticks(range(n_actors))
        mx.set_xticklabels(list(actors.columns), rotation=90, fontsize=TINY_PT)
        mx.xaxis.tick_top()
        mx.tick_params(axis="x", length=0, pad=3)
        mx.tick_params(axis="y", left=False, labelleft=False)
        for side in mx.spines:
            mx.spines[side].set_visible(False)
        for i in range(len(AREAS)):
            mx.axhline(i, color=GRID, linewidth=0.5, zorder=0)
        # brackets under the matrix: OIC side, UN side, others
        sides = [_side(a) for a in actors.columns]
        names = {"OIC": "OIC", "UN": "United Nations", "other": "others"}
        start = 0
        for k in range(1, n_actors + 1):
            if k == n_actors or sides[k] != sides[start]:
                x0, x1 = start - 0.35, k - 1 + 0.35
                yb = len(AREAS) - 0.5 + 0.25
                mx.plot([x0, x0, x1, x1], [yb - 0.12, yb, yb, yb - 0.12], color=MUTED, linewidth=0.8, clip_on=False)
                mx.text((x0 + x1) / 2, yb + 0.12, names[sides[start]], ha="center", va="top", fontsize=TINY_PT,
                        color=INK)
                if k < n_actors:
                    mx.axvline(k - 0.5, color=GRID, linewidth=0.8, zorder=0)
                start = k
        mx.set_xlabel("Who took part (events per actor)", labelpad=22)
        mx.xaxis.set_label_position("bottom")

        key = [
            Patch(facecolor=MUTED, edgecolor=MUTED, label=f"in {PAPER_SYMBOL}"),
            Patch(facecolor=_tint(MUTED, 0.7), edgecolor=MUTED, label="from other sources"),
        ]
        fig.legend(handles=key, loc="lower left", bbox_to_anchor=(0.0, (bottom_in + rows_h + 0.08) / height),
                   ncols=1, handlelength=1.2, borderaxespad=0.3, title="Activities", alignment="left")
    return fig


def _left_out(no_field: int, later: int, end_year: int) -> str:
    parts = []
    if no_field:
        parts.append(f"{_count(no_field, 'OIC milestone')} without a field of cooperation")
    if later:
        parts.append(f"{_count(later, 'event')} after {end_year}")
    return f" Not counted: {_join(parts)}." if parts else ""


def by_area_text(events: pd.DataFrame, *, end_year: int = 2013) -> FigureText:
    no_field = sum(_blank(a) for a in events["area"])
    all_events = events
    events = _with_area(events, end_year)
    later = len(all_events) - len(events) - no_field
    counts = events["area"].value_counts().reindex(list(AREAS), fill_value=0)
    actors = _actor_counts(events)
    ranked = sorted(AREAS, key=lambda a: (-int(counts[a]), AREAS.index(a)))
    top = ranked[0]
    fewest = min(int(counts[a]) for a in AREAS)
    lowest = [a for a in AREAS if int(counts[a]) == fewest]
    n_paper = int((events["origin"].astype(str) == "paper").sum())
    both = sum(1 for v in events["actors"] if {"OIC", "UN"} <= {_side(a) for a in _split(v)})
    others = [a for a in actors.columns if _side(a) == "other"]
    caption = (
        f"UN–OIC cooperation by field, and who took part. {_count(len(events), 'activity', 'activities')} "
        f"in {_count(int((counts > 0).sum()), 'field')}: {top} has the most ({int(counts[top])}); "
        f"{_join(lowest)} {'has' if len(lowest) == 1 else 'have'} {fewest} each. "
        f"{n_paper} come from {PAPER_SYMBOL}, {len(events) - n_paper} from other sources (light bars). "
        f"The dots count events per actor: {both} involve both a UN and an OIC body"
        + (f"; {_count(len(others), 'other participant')}: {_join(others)}" if others else "")
        + "."
        + _left_out(no_field, later, end_year)
    )
    alt = (
        "Horizontal bar chart of activities per field: "
        + "; ".join(f"{a} {int(counts[a])}" for a in AREAS)
        + ". Beside it a dot matrix of fields by actor: "
        + "; ".join(
            f"{actor} {int(actors[actor].sum())} in {_count(int((actors[actor] > 0).sum()), 'field')}"
            for actor in actors.columns
        )
        + "."
    )
    return FigureText(caption=caption, alt=alt, source_line=_events_source_line(events))


# =================================================================================================
# c. member map
# =================================================================================================
def _theatres(events: pd.DataFrame) -> list[str]:
    found: dict[str, None] = {}
    for value in events.get("theatres", []):
        for iso3 in _split(value):
            found[iso3] = None
    return list(found)


def _event_cities(events: pd.DataFrame, kinds: tuple[str, ...]) -> list[str]:
    """Cities of the events of these kinds that belong to a field of UN-OIC cooperation (the
    OIC's own meetings, with no field, are left out), in order of first appearance."""
    found: dict[str, None] = {}
    for row in events.itertuples(index=False):
        if str(row.kind).strip() in kinds and not _blank(row.area):
            for city in _split(getattr(row, "cities", None)):
                found[city] = None
    return list(found)


def _numeric(iso_numeric: dict, iso3: str, what: str) -> str:
    try:
        return str(iso_numeric[iso3]).zfill(3)
    except KeyError:
        raise KeyError(f"member_map: no ISO 3166-1 numeric code for {what} {iso3!r}") from None


def _city(city: str, what: str) -> tuple[float, float]:
    try:
        return CITY_COORDS[city]
    except KeyError:
        raise KeyError(
            f"member_map: no coordinates for {what} city {city!r}; add it to CITY_COORDS "
            f"(known: {', '.join(sorted(CITY_COORDS))})"
        ) from None


def _group_labels(members: pd.DataFrame) -> dict[str, str]:
    labels = {}
    for group in OIC_GROUP_COLOURS:
        rows = members[members["oic_group"] == group]
        if rows.empty:
            continue
        inferred = int((rows.get("oic_group_basis", pd.Series("stated", index=rows.index)) == "inferred").sum())
        note = ""
        if inferred == len(rows):
            note = " (inferred)"
        elif inferred:
            note = f" ({inferred} inferred)"
        labels[group] = f"{group} group: {len(rows)}{note}"
    return labels


def member_map(
    members: pd.DataFrame,
    world: dict,
    iso_numeric: dict[str, str],
    events: pd.DataFrame,
    *,
    office_kinds: tuple[str, ...] = OFFICE_KINDS,
    meeting_kinds: tuple[str, ...] = MEETING_KINDS,
    width: float = TEXT_WIDTH_IN,
) -> Figure:
    """The OIC's member States, filled by the OIC's geographical group, with the theatres of joint
    UN-OIC work hatched, the OIC offices (squares) and the places of meetings (circles).

    Colour by group rather than by decade of joining: the groups are how the OIC itself organises
    its members (seats on its bodies rotate by group), while joining dates have their own chart
    (``membership``). Groups the data marks as inferred are said so in the legend.

    Countries are plain longitude/latitude (equirectangular), stretched by 1/cos of the mean
    latitude so shapes near the Equator are not squashed. The frame spans the member States and
    the marked cities. Members too small to see at this scale get a dot in their group colour.
    """
    member_ids = {
        _numeric(iso_numeric, iso3, "member"): group
        for iso3, group in zip(members["iso3"], members["oic_group"])
    }
    theatre_ids = {_numeric(iso_numeric, iso3, "theatre") for iso3 in _theatres(events)}
    offices = [(c, _city(c, "office")) for c in _event_cities(events, office_kinds)]
    meetings = [(c, _city(c, "meeting")) for c in _event_cities(events, meeting_kinds)]

    feats = [
        replace(f, id=MAP_ALIASES[f.name]) if f.id is None and f.name in MAP_ALIASES else f
        for f in topojson.features(world, "countries", tolerance=MAP_TOLERANCE_DEG)
    ]
    found = {f.id for f in feats}
    missing = sorted(set(member_ids) - found)
    if missing:
        raise KeyError(f"member_map: member codes {missing} are not in the world map")

    # frame: members and marked cities, with a margin
    boxes = [f.bounds for f in feats if f.id in member_ids]
    lon0 = min(b[0] for b in boxes)
    lat0 = min(b[1] for b in boxes)
    lon1 = max(b[2] for b in boxes)
    lat1 = max(b[3] for b in boxes)
    for _, (lat, lon) in offices + meetings:
        lon0, lon1 = min(lon0, lon), max(lon1, lon)
        lat0, lat1 = min(lat0, lat), max(lat1, lat)
    lon0, lon1, lat0, lat1 = lon0 - 4, lon1 + 4, lat0 - 3, lat1 + 3
    aspect = 1 / math.cos(math.radians((lat0 + lat1) / 2))

    with house_style():
        map_h = width * (lat1 - lat0) * aspect / (lon1 - lon0)
        legend_h = 0.72
        height = map_h + legend_h
        fig, renderer = _new_figure(width, height)
        ax = fig.add_axes((0, legend_h / height, 1, map_h / height))
        ax.set_xlim(lon0, lon1)
        ax.set_ylim(lat0, lat1)
        ax.set_aspect(aspect)
        ax.set_axis_off()
        ax.add_patch(Rectangle((lon0, lat0), lon1 - lon0, lat1 - lat0, facecolor="white", edgecolor="none", zorder=0))

        clip = (lon0 - 2, lat0 - 2, lon1 + 2, lat1 + 2)  # a little beyond the frame: clip edges stay unseen
        plain, filled, small = [], [], []
        for f in feats:
            b = f.bounds
            if b[2] < lon0 or b[0] > lon1 or b[3] < lat0 or b[1] > lat1:
                continue
            path = topojson.to_path(f.polygons, clip)
            if not len(path.vertices):
                continue
            if f.id in member_ids:
                colour = OIC_GROUP_COLOURS[member_ids[f.id]]
                filled.append(PathPatch(path, facecolor=colour, edgecolor="white", linewidth=0.3))
                if max(b[2] - b[0], b[3] - b[1]) < SMALL_MEMBER_DEG:
                    small.append(((b[0] + b[2]) / 2, (b[1] + b[3]) / 2, colour))
            else:
                plain.append(PathPatch(path, facecolor=LAND, edgecolor="white", linewidth=0.3))
            if f.id in theatre_ids:
                ax.add_patch(
                    PathPatch(path, facecolor="none", edgecolor=INK, hatch="//////", linewidth=0.7, zorder=3)
                )
        ax.add_collection(PatchCollection(plain, match_original=True, zorder=1))
        ax.add_collection(PatchCollection(filled, match_original=True, zorder=2))
        for lon, lat, colour in small:
            ax.plot([lon], [lat], marker="o", markersize=4.2, markerfacecolor=colour, markeredgecolor=INK,
                    markeredgewidth=0.6, linestyle="none", zorder=4)

        # cities: markers, then labels placed where they touch no marker or label placed before
        points = {}
        for city, (lat, lon) in meetings:
            ax.plot([lon], [lat], marker="o", markersize=5.5, markerfacecolor="white", markeredgecolor=INK,
                    markeredgewidth=1.1, linestyle="none", zorder=6)
            points[city] = (lon, lat)
        for city, (lat, lon) in offices:
            ax.plot([lon], [lat], marker="s", markersize=5, markerfacecolor=INK, markeredgecolor="white",
                    markeredgewidth=0.6, linestyle="none", zorder=7)
            points[city] = (lon, lat)
        _place_city_labels(fig, ax, renderer, points)

        handles = [
            Patch(facecolor=OIC_GROUP_COLOURS[g], edgecolor="none", label=label)
            for g, label in _group_labels(members).items()
        ]
        handles.append(Patch(facecolor=LAND, edgecolor="none", label="not a member"))
        if theatre_ids:
            handles.append(Patch(facecolor="white", edgecolor=INK, hatch="//////", linewidth=0.7,
                                 label="theatre of joint work"))
        if offices:
            handles.append(Line2D([], [], marker="s", markersize=5, markerfacecolor=INK, markeredgecolor="white",
                                  linestyle="none", label="OIC office"))
        if meetings:
            handles.append(Line2D([], [], marker="o", markersize=5.5, markerfacecolor="white", markeredgecolor=INK,
                                  markeredgewidth=1.1, linestyle="none", label="meeting or summit"))
        if small:
            handles.append(Line2D([], [], marker="o", markersize=4.2, markerfacecolor=MUTED, markeredgecolor=INK,
                                  markeredgewidth=0.6, linestyle="none", label="small member (dot)"))
        fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 0.0), ncols=3, handlelength=1.4,
                   columnspacing=1.2, borderaxespad=0.3)
    return fig


def _place_city_labels(fig, ax, renderer, points: dict[str, tuple[float, float]]) -> None:
    """Label each city beside its marker: try eight directions, take the first where the label
    overlaps no marker and no label placed before; cities closer than the marker size share one
    label ("Jeddah, Makkah")."""
    to_px = ax.transData.transform
    names = list(points)
    clusters: list[list[str]] = []
    for name in names:
        x, y = to_px(points[name])
        for cluster in clusters:
            cx, cy = to_px(points[cluster[0]])
            if math.hypot(x - cx, y - cy) < 12:
                cluster.append(name)
                break
        else:
            clusters.append([name])
    marker_boxes = []
    for name in names:
        x, y = to_px(points[name])
        marker_boxes.append((x - 5, y - 5, x + 5, y + 5))
    placed = []
    offsets = [(6, 0, "left", "center"), (-6, 0, "right", "center"), (0, 6, "center", "bottom"),
               (0, -6, "center", "top"), (5, 5, "left", "bottom"), (-5, 5, "right", "bottom"),
               (5, -5, "left", "top"), (-5, -5, "right", "top")]
    for cluster in clusters:
        lon = sum(points[c][0] for c in cluster) / len(cluster)
        lat = sum(points[c][1] for c in cluster) / len(cluster)
        label = ", ".join(cluster)
        x, y = to_px((lon, lat))
        w, h = (v * renderer.dpi for v in _text_size(renderer, label, TINY_PT))
        choice = offsets[0]
        for dx, dy, ha, va in offsets:
            px, py = x + dx * renderer.dpi / 72, y + dy * renderer.dpi / 72
            x0 = px - (w if ha == "right" else w / 2 if ha == "center" else 0)
            y0 = py - (h if va == "top" else h / 2 if va == "center" else 0)
            box = (x0 - 1, y0 - 1, x0 + w + 1, y0 + h + 1)
            others = [m for m, n in zip(marker_boxes, names) if n not in cluster]
            frame = ax.bbox
            inside = box[0] >= frame.x0 and box[2] <= frame.x1 and box[1] >= frame.y0 and box[3] <= frame.y1
            if inside and all(_disjoint(box, o) for o in placed + others):
                choice = (dx, dy, ha, va)
                placed.append(box)
                break
        dx, dy, ha, va = choice
        ax.annotate(
            label, (lon, lat), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
            fontsize=TINY_PT, color=INK, zorder=8,
            bbox=dict(boxstyle="square,pad=0.08", facecolor="white", edgecolor="none", alpha=0.8),
        )


def _disjoint(a, b) -> bool:
    return a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def member_map_text(
    members: pd.DataFrame,
    events: pd.DataFrame,
    *,
    country_names: dict[str, str] | None = None,
    office_kinds: tuple[str, ...] = OFFICE_KINDS,
    meeting_kinds: tuple[str, ...] = MEETING_KINDS,
) -> FigureText:
    """Caption, alt text and source line for :func:`member_map`. ``country_names`` (ISO3 to
    name, e.g. from ``data/iso3166.csv``) names theatres that are not members."""
    groups = members["oic_group"].value_counts()
    basis = members.get("oic_group_basis", pd.Series("stated", index=members.index))
    inferred = members[basis == "inferred"]
    names = {**(country_names or {}), **dict(zip(members["iso3"], members["name"]))}
    theatre_names = [names.get(t, t) for t in _theatres(events)]
    offices = _event_cities(events, office_kinds)
    meetings = _event_cities(events, meeting_kinds)
    group_list = _join([f"{g} {int(groups[g])}" for g in OIC_GROUP_COLOURS if g in groups])
    continents = members["continent"].value_counts()
    caption = (
        f"The OIC's {len(members)} member States by the OIC's geographical group ({group_list}), with "
        f"the theatres of joint UN–OIC work hatched ({_join(theatre_names) or 'none'}), "
        f"{_count(len(offices), 'OIC office')} ({_join(offices) or 'none'}) and "
        f"{_count(len(meetings), 'place')} of UN–OIC meetings or summits "
        f"({_join(meetings) or 'none'}). "
    )
    if len(inferred):
        by_group = inferred["oic_group"].value_counts()
        caption += (
            "Group membership is inferred, not published, for "
            + _join([f"{int(by_group[g])} {g}" for g in OIC_GROUP_COLOURS if g in by_group])
            + f" States ({len(inferred)} of {len(members)}). "
        )
    caption += MAP_DISCLAIMER
    alt = (
        f"Map showing the {len(members)} OIC member States in three colours by group: {group_list}. "
        "By continent: "
        + _join([f"{c} {int(n)}" for c, n in continents.items()])
        + ". Hatched theatres of joint work: "
        + (_join(theatre_names) or "none")
        + ". Squares mark OIC offices in "
        + (_join(offices) or "no city")
        + "; circles mark meetings in "
        + (_join(meetings) or "no city")
        + "."
    )
    paras = _paper_paragraphs(events.get("source", pd.Series(dtype=object)))
    source = (
        f"Source: members and groups {MEMBERS_FILE} (OIC, Egypt SIS, UN M49); theatres, offices and "
        f"meetings {EVENTS_FILE} ({PAPER_SYMBOL}{_paragraph_range(paras)} and other public sources); "
        f"boundaries {MAP_SOURCE}."
    )
    return FigureText(caption=caption, alt=alt, source_line=source)


# =================================================================================================
# d. membership over time
# =================================================================================================
def membership_check(members: pd.DataFrame) -> dict[str, int]:
    """The paper's "57 member States from four continents", counted from the data, with the
    number of founding members (those that joined in the first year)."""
    years = pd.to_numeric(members["joined_year"], errors="raise").astype(int)
    return {
        "members": int(members["iso3"].nunique()),
        "continents": int(members["continent"].nunique()),
        "founding": int((years == years.min()).sum()),
    }


def _cumulative(members: pd.DataFrame, end_year: int) -> pd.DataFrame:
    years = pd.to_numeric(members["joined_year"]).astype(int)
    start = int(years.min())
    index = range(start, end_year + 1)
    table = pd.crosstab(years, members["continent"]).reindex(index, fill_value=0).cumsum()
    order = [c for c in CONTINENT_COLOURS if c in table.columns] + sorted(
        c for c in table.columns if c not in CONTINENT_COLOURS
    )
    return table[order]


def membership(members: pd.DataFrame, *, end_year: int = 2013, width: float = TEXT_WIDTH_IN) -> Figure:
    """Members over time, stacked by continent: a step in each year in which States joined.
    Continents are labelled at the right edge, with the total above them; the founding members
    are marked at the start."""
    table = _cumulative(members, end_year)
    check = membership_check(members)
    total = int(table.iloc[-1].sum())
    with house_style():
        height = 3.0
        fig, renderer = _new_figure(width, height)
        labels = [f"{c} {int(n)}" for c, n in table.iloc[-1].items()]
        right_in = max(_text_size(renderer, s, SMALL_PT)[0] for s in labels) + 0.45
        left_in, bottom_in, top_in = 0.55, 0.45, 0.1
        ax = fig.add_axes((left_in / width, bottom_in / height, (width - left_in - right_in) / width,
                           (height - bottom_in - top_in) / height))
        years = np.array(list(table.index) + [end_year + 1])
        values = [np.append(table[c].values, table[c].values[-1]) for c in table.columns]
        colours = [CONTINENT_COLOURS.get(c, MUTED) for c in table.columns]
        ax.stackplot(years, *values, colors=colours, step="post", edgecolor="white", linewidth=0.4)
        ax.set_xlim(years[0], years[-1])
        ax.set_ylim(0, max(math.ceil(total * 1.22 / 10) * 10, 10))
        ax.set_ylabel("Member States (cumulative)")
        ax.set_xlabel("Year of joining")
        ax.grid(axis="y", color=GRID, linewidth=0.5)
        ax.yaxis.get_major_locator().set_params(integer=True)

        # the right edge: one label per continent, pushed apart where bands are thin, and the total
        ends = table.iloc[-1]
        mids = list(ends.cumsum() - ends / 2)
        ylim = ax.get_ylim()[1]
        gap = ylim * 0.085
        label_y: list[float] = []
        for m in mids:
            label_y.append(m if not label_y else max(m, label_y[-1] + gap))
        x_edge = years[-1]
        dx = (years[-1] - years[0]) * 0.035
        for label, m, y, colour in zip(labels, mids, label_y, colours):
            ax.plot([x_edge, x_edge + dx * 0.6, x_edge + dx], [m, y, y], color=colour, linewidth=1.0,
                    clip_on=False, solid_capstyle="butt")
            ax.text(x_edge + dx * 1.2, y, label, ha="left", va="center", fontsize=SMALL_PT, color=INK,
                    clip_on=False)
        ax.text(x_edge - 0.3, total + ylim * 0.03,
                f"{check['members']} member States from {check['continents']} continents in {end_year}",
                ha="right", va="bottom", fontsize=SMALL_PT, fontweight="bold", color=INK)
        first = int(table.index[0])
        ax.annotate(
            f"{check['founding']} founding members ({first})",
            xy=(first + 0.5, check["founding"]),
            xytext=(first + 0.5, float(table.iloc[:16].sum(axis=1).max()) + ylim * 0.06),
            ha="left", va="bottom", fontsize=SMALL_PT, color=INK,
            arrowprops=dict(arrowstyle="-", color=INK, linewidth=0.6, shrinkA=0, shrinkB=0, relpos=(0, 0)),
        )
    return fig


def membership_text(members: pd.DataFrame, *, end_year: int = 2013) -> FigureText:
    check = membership_check(members)
    table = _cumulative(members, end_year)
    ends = table.iloc[-1]
    years = pd.to_numeric(members["joined_year"]).astype(int)
    first = int(years.min())
    decade_counts = (years // 10 * 10).value_counts().sort_index()
    later = decade_counts.drop(first // 10 * 10, errors="ignore")
    busiest_decade = int(later.idxmax()) if len(later) else first // 10 * 10
    after = years[years > first]
    caption = (
        f"OIC membership, {first}–{end_year}, by continent: {check['members']} member States from "
        f"{check['continents']} continents ({_join([f'{c} {int(n)}' for c, n in ends.items()])}), "
        f"as the concept paper says. {check['founding']} States are counted as founding members "
        f"({first}); the most joined in the {busiest_decade}s ({int(decade_counts[busiest_decade])}). "
        f"Continents are the UN M49 regions; the chart counts year of joining and does not show "
        f"suspensions."
    )
    alt = (
        f"Stacked step chart of OIC member States from {first} to {end_year}. It starts at "
        f"{check['founding']} members in {first}, rises to {int(table.loc[min(1980, end_year)].sum()) if 1980 in table.index else ''}"
        f"{' by 1980 and ' if 1980 in table.index else ''}{check['members']} by {int(after.max()) if len(after) else first}. "
        + "Africa and Asia make up most of it; "
        + _join([f"{c} has {int(n)}" for c, n in ends.items() if c not in ("Africa", "Asia")])
        + "."
    )
    return FigureText(
        caption=caption, alt=alt,
        source_line=f"Source: {MEMBERS_FILE} (year of joining: OIC and Egypt SIS; continent: UN M49).",
    )


# =================================================================================================
# e. the General Assembly's series
# =================================================================================================
_RES_RE = re.compile(r"(?:A/RES/)?\s*(?P<num>\d+/\d+|\d+\s*\([XLVI]+\))", re.I)


def _short_resolution(value) -> str:
    if _blank(value):
        return ""
    match = _RES_RE.search(str(value))
    return re.sub(r"\s+", " ", match["num"]) if match else str(value).strip()


def _session_number(value) -> int:
    match = re.search(r"\d+", str(value))
    if not match:
        raise ValueError(f"ga_series: session {value!r} has no number")
    return int(match.group())


@dataclass(frozen=True)
class _Resolution:
    number: str
    session: int
    adopted: date | None

    @property
    def x(self) -> float:
        """Where the mark sits: the adoption date, or the middle of the session."""
        return _decimal_year(self.adopted) if self.adopted else sum(self.session_span) / 2

    @property
    def session_span(self) -> tuple[float, float]:
        """A session opens in September of 1945 + session and runs about a year."""
        opens = 1945 + self.session
        return opens + 8 / 12, opens + 1 + 8 / 12


def _resolutions(series: pd.DataFrame) -> list[_Resolution]:
    out = []
    for row in series.itertuples(index=False):
        out.append(
            _Resolution(
                number=_short_resolution(row.resolution),
                session=_session_number(row.session),
                adopted=_iso_when(row.adopted),
            )
        )
    return sorted(out, key=lambda r: (r.session, r.number))


def ga_series(series: pd.DataFrame, *, width: float = TEXT_WIDTH_IN) -> Figure:
    """One mark per resolution. Upper row: filled, at the adoption date a source confirms.
    Lower row: hollow, at the middle of the resolution's session (September to September), where
    the date is not confirmed. The dashed line is the Council briefing of
    28 October 2013; four resolutions are annotated (``GA_NOTES``)."""
    res = _resolutions(series)
    confirmed = [r for r in res if r.adopted]
    pending = [r for r in res if not r.adopted]
    xb = _decimal_year(BRIEFING_DATE)
    with house_style():
        height = 2.75
        fig, renderer = _new_figure(width, height)
        row_labels = ["adoption date\nconfirmed", "date not\nconfirmed"]
        left_in = max(_text_size(renderer, s, SMALL_PT)[0] for s in row_labels) + 0.2
        right_in, bottom_in, top_in = 0.25, 0.5, 0.05
        axes_w, axes_h = width - left_in - right_in, height - bottom_in - top_in
        ax = fig.add_axes((left_in / width, bottom_in / height, axes_w / width, axes_h / height))
        y_conf, y_pend = 1.0, 0.0
        ymin, ymax = -1.0, 2.75
        per_in = (ymax - ymin) / axes_h  # data units per inch, vertically

        years = [_decimal_year(r.adopted) for r in confirmed] + [x for r in pending for x in r.session_span] + [xb]
        x0, x1 = math.floor(min(years)) - 1, math.ceil(max(years)) + 1
        ax.set_xlim(x0, x1)
        ax.set_ylim(ymin, ymax)
        ax.set_yticks([y_conf, y_pend])
        ax.set_yticklabels(row_labels)
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        ax.set_xlabel("Year of adoption (General Assembly sessions open in September)")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.grid(axis="x", color=GRID, linewidth=0.5)

        ax.plot([_decimal_year(r.adopted) for r in confirmed], [y_conf] * len(confirmed), marker="o",
                markersize=5.5, color=GA_COLOUR, linestyle="none", zorder=3)
        ax.plot([r.x for r in pending], [y_pend] * len(pending), marker="o", markersize=5.5,
                markerfacecolor="white", markeredgecolor=GA_COLOUR, markeredgewidth=1.1, linestyle="none",
                zorder=3)
        ax.axvline(xb, color=MUTED, linewidth=0.8, linestyle=(0, (3, 2)), zorder=1)

        # labels, placed in inches where they touch no label or leader placed before
        to_px = ax.transData.transform
        obstacles = []
        briefing = ax.text(xb - 0.3, ymax - 0.05, "Council briefing\n28 Oct 2013",
                           fontsize=TINY_PT, color=MUTED, ha="right", va="top", gid="ga-label-briefing")
        obstacles.append(briefing.get_window_extent(renderer))
        texts = [briefing]
        x_per_in = (x1 - x0) / axes_w
        # right to left: a later note's leader then never has to cross an earlier note's text
        for r in sorted(res, key=lambda r: -r.x):
            note = GA_NOTES.get(r.number)
            if not note:
                continue
            when = f"{r.adopted.day} {r.adopted:%b %Y}" if r.adopted else f"{_ordinal(r.session)} session"
            label = f"{r.number}, {when}:\n{note}"
            x = r.x
            y_row = y_conf if r.adopted else y_pend
            chosen = None
            # above a confirmed mark first; below it when the notes placed before leave no room above
            for up, level in [(d, lv) for d in ((True, False) if r.adopted else (False,)) for lv in range(4)]:
                dy = (0.16 + 0.36 * level) * per_in
                y_text = y_row + dy if up else y_row - dy
                for ha in ("left", "right"):
                    tx = x + 0.05 * x_per_in if ha == "left" else x - 0.05 * x_per_in
                    text = ax.text(tx, y_text, label, fontsize=TINY_PT, color=INK, ha=ha,
                                   va="bottom" if up else "top", zorder=5, gid=f"ga-label-{r.number}",
                                   bbox=dict(boxstyle="square,pad=0.1", facecolor="white", edgecolor="none"))
                    box = text.get_window_extent(renderer)
                    leader = _segment_box(to_px((x, y_row)), to_px((x, y_text)))
                    fig_box = fig.bbox
                    inside = box.x0 >= fig_box.x0 + 2 and box.x1 <= fig_box.x1 - 2 and box.y0 >= fig_box.y0 and box.y1 <= fig_box.y1
                    clear = all(not box.overlaps(o) for o in obstacles) and all(
                        not leader.overlaps(o) for o in obstacles if o is not None
                    )
                    if inside and clear:
                        chosen = (text, box, leader, y_text)
                        break
                    text.remove()
                if chosen:
                    break
            if chosen is None:  # pragma: no cover - four levels suffice for four notes
                raise RuntimeError(f"ga_series: no room for the note on {r.number}")
            text, box, leader, y_text = chosen
            ax.plot([x, x], [y_row + (0.1 if up else -0.1), y_text], color=INK, linewidth=0.6, zorder=4)
            obstacles += [box]
            texts.append(text)
        fig._briefing_labels = texts
    return fig


def _segment_box(p, q) -> Bbox:
    """The box of a vertical leader from display point ``p`` to ``q``, its ends trimmed by 4 px
    (a leader may touch its own mark and its own label)."""
    (px, py), (qx, qy) = p, q
    return Bbox([[min(px, qx) - 1, min(py, qy) + 4], [max(px, qx) + 1, max(py, qy) - 4]])


def ga_series_text(series: pd.DataFrame) -> FigureText:
    res = _resolutions(series)
    confirmed = [r for r in res if r.adopted]
    pending = [r for r in res if not r.adopted]
    sessions = sorted({r.session for r in res})
    # the longest run of consecutive sessions with a resolution
    best, run = (sessions[0], sessions[0]), [sessions[0]]
    for s in sessions[1:]:
        run = run + [s] if s == run[-1] + 1 else [s]
        if run[-1] - run[0] > best[1] - best[0]:
            best = (run[0], run[-1])
    years = [r.adopted.year for r in confirmed] + [1945 + r.session for r in pending]
    span = f"{min(years)}–{max(years)}" if years else ""
    caption = (
        f"The General Assembly's resolutions on UN–OIC cooperation, {span}: "
        f"{_count(len(res), 'resolution')} in {_count(len(sessions), 'session')}, "
        f"{len(confirmed)} with a confirmed adoption date (filled) and {len(pending)} whose date is "
        f"not confirmed (hollow, placed in the middle of their session)."
    )
    if best[1] > best[0]:
        caption += (
            f" The Assembly adopted one at every session from the {_ordinal(best[0])} to the "
            f"{_ordinal(best[1])} (sessions opening {1945 + best[0]} to {1945 + best[1]})."
        )
    caption += (
        f" The dashed line marks the Council briefing of {BRIEFING_DATE.day} {BRIEFING_DATE:%B %Y}."
    )
    notes = [
        f"{r.number} ({r.adopted.year if r.adopted else _ordinal(r.session) + ' session'}, {GA_NOTES[r.number]})"
        for r in res if r.number in GA_NOTES
    ]
    alt = (
        f"Strip chart of {_count(len(res), 'General Assembly resolution')} on UN–OIC cooperation. "
        f"Upper row: {len(confirmed)} at their adoption dates"
        + (f", from {confirmed[0].adopted.year} to {confirmed[-1].adopted.year}" if confirmed else "")
        + f". Lower row: {len(pending)} whose date is not confirmed, from sessions "
        + _join([str(r.session) for r in pending])
        + ". Annotated: "
        + "; ".join(notes)
        + "."
    )
    urls = re.findall(r"https?://[^\s;,)]+", " ".join(str(s) for s in series.get("source", []) if not _blank(s)))
    hosts = sorted({".".join(re.sub(r"^https?://", "", u).split("/")[0].split(".")[-2:]) for u in urls})
    in_paper = any(PAPER_SYMBOL in str(s) for s in series.get("source", []) if not _blank(s))
    seen = hosts + ([PAPER_SYMBOL] if in_paper else [])
    source = f"Source: {GA_FILE}, a source for each resolution" + (f" ({_join(seen)})" if seen else "") + "."
    return FigureText(caption=caption, alt=alt, source_line=source)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
