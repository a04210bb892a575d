"""The timeline: UN-OIC cooperation over time, one lane per field of cooperation."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from .. import PAPER_SYMBOL
from .common import (
    FigureText,
    When,
    blank,
    cap,
    check_areas,
    count,
    events_source_line,
    new_figure,
    parse_when,
)
from .labels import Candidate, Placer, shorten, text_size, wrap
from .style import AREA_COLOURS, GRID, INK, MUTED, SMALL_PT, TEXT_WIDTH_IN, TINY_PT, house_style

#: The columns of ``events`` the drawing reads (the figure cache keys on exactly these).
COLUMNS = ("id", "start", "date_precision", "title", "short_title", "area", "origin")


def drawn_part(events: pd.DataFrame) -> pd.DataFrame:
    """What of ``events`` the drawing reads: :data:`COLUMNS`, and a title only where it is drawn
    (an event without a short title, or an undated one, which the band lists by its title); so a
    changed title that no label shows does not make the timeline be drawn again."""
    frame = events[list(COLUMNS)]
    shown = [
        blank(short) or parse_when(start, precision) is None
        for short, start, precision in zip(frame["short_title"], frame["start"], frame["date_precision"])
    ]
    return frame.assign(title=frame["title"].where(shown, None))


_LABEL_PT = TINY_PT  # event labels
_HEADER_PT = SMALL_PT  # lane headers
_ROW_IN = 0.16  # one text row in a lane, inches
_LANE_GAP_IN = 0.07
_MARK_R_IN = 0.035  # half a dot
_PAD_IN = 0.05  # between a mark and its label, and between neighbours
_MAX_LABEL_IN = 2.6  # dated labels wrap at this width
_UNDATED_MAX_LINES = 3
_MAX_LINES_FALLBACK = 2  # a title with no short label wraps to two lines

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
    when: When | None
    short: str = ""
    label: str = ""
    lines: int = 1
    width: float = 0.0
    row: int = 0
    mark_x0: float = 0.0
    mark_x1: float = 0.0
    label_x: float = 0.0
    label_ha: str = "left"


def _timeline_items(events: pd.DataFrame, areas) -> list[_Item]:
    check_areas(events, areas)
    items = []
    for row in events.itertuples(index=False):
        items.append(
            _Item(
                id=str(row.id),
                title="" if blank(row.title) else str(row.title).strip(),
                lane=BACKGROUND_LANE if blank(row.area) else str(row.area),
                origin="context" if str(getattr(row, "origin", "paper")).strip() == "context" else "paper",
                when=parse_when(row.start, getattr(row, "date_precision", None)),
                short=_short_title(row),
            )
        )
    return items


def _short_title(row) -> str:
    """The row's ``short_title`` (the label beside its mark), or "" when it has none."""
    given = getattr(row, "short_title", None)
    return "" if blank(given) else str(given).strip()


def _split_items(events: pd.DataFrame, end_year: int, areas):
    """(dated within the chart, undated, dated after ``end_year``)."""
    items = _timeline_items(events, areas)
    dated = [it for it in items if it.when is not None and it.when.lo < end_year + 1]
    later = [it for it in items if it.when is not None and it.when.lo >= end_year + 1]
    undated = [it for it in items if it.when is None]
    return dated, undated, later


def _lanes(dated: list[_Item], areas) -> list[str]:
    lanes = list(areas)
    if any(it.lane == BACKGROUND_LANE for it in dated):
        lanes.append(BACKGROUND_LANE)
    return lanes


def _lane_colour(lane: str) -> str:
    return AREA_COLOURS.get(lane, BACKGROUND_COLOUR)


def timeline(
    events: pd.DataFrame,
    *,
    areas: tuple[str, ...],
    end_year: int,
    start_year: int | None = None,
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
    dated, undated, _ = _split_items(events, end_year, areas)
    if start_year is None:
        start_year = int(min((it.when.lo for it in dated), default=end_year - 10))
    t_end = end_year + 1
    lanes = _lanes(dated, areas)
    margin_l, margin_r = 0.2, 0.12
    axes_w = width - margin_l - margin_r

    with house_style():
        fig, renderer = new_figure(width, 6.0)
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
            header = cap(lane)
            header_w, _ = text_size(renderer, header, _HEADER_PT, "bold")
            # boxes in (inches across, text rows down): a label takes its rows beside its mark
            placer = Placer(touching=True)
            placer.take((0.0, 0, 0.14 + header_w + _PAD_IN, 1))
            members = sorted((it for it in dated if it.lane == lane), key=lambda it: (it.when.lo, it.id))
            for it in members:
                if it.short:
                    it.label = wrap(renderer, it.short, _LABEL_PT, _MAX_LABEL_IN)
                else:
                    it.label = shorten(renderer, it.title, _LABEL_PT, _MAX_LABEL_IN, _MAX_LINES_FALLBACK)
                it.lines = it.label.count("\n") + 1
                it.width, _ = text_size(renderer, it.label, _LABEL_PT)
                if it.when.precision == "year":
                    it.mark_x0, it.mark_x1 = scale(it.when.lo), scale(it.when.hi)
                else:
                    x = scale(it.when.mid)
                    it.mark_x0, it.mark_x1 = x - _MARK_R_IN, x + _MARK_R_IN
                options = (
                    (it.mark_x0, it.mark_x1 + _PAD_IN + it.width, it.mark_x1 + _PAD_IN, "left"),
                    (it.mark_x0 - _PAD_IN - it.width, it.mark_x1, it.mark_x0 - _PAD_IN, "right"),
                )
                candidates = (
                    Candidate((x0 - _PAD_IN / 2, row, x1 + _PAD_IN / 2, row + it.lines), (row, label_x, ha))
                    for row in range(200)  # far beyond any real lane
                    for x0, x1, label_x, ha in options
                    if x0 >= -0.06 and x1 <= axes_w + 0.06
                )
                chosen = placer.place(candidates)
                if chosen is None:  # pragma: no cover
                    raise RuntimeError(f"timeline: no room for event {it.id!r}")
                it.row, it.label_x, it.label_ha = chosen
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
            it.label = shorten(renderer, it.title, _LABEL_PT, text_w, _UNDATED_MAX_LINES)
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
        ax = fig.add_axes((margin_l / width, (height - lanes_h) / height, axes_w / width, lanes_h / height))
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
                ax.plot([xb + dx - 0.018, xb + dx + 0.018], [lanes_h + 0.045, lanes_h - 0.045], color=INK, linewidth=0.8, clip_on=False, zorder=5)
            ax.set_xlabel(f"Year (years before {break_year} compressed)", labelpad=3)
        else:
            ax.set_xlabel("Year", labelpad=3)

        labels = []
        # ---- lanes ----
        for (lane, header, members, used, note), top in zip(placed_lanes, lane_tops):
            colour = _lane_colour(lane)
            hy = top + _ROW_IN / 2
            ax.add_patch(Rectangle((0.0, hy - 0.045), 0.09, 0.09, facecolor=colour, edgecolor="none", zorder=3))
            labels.append(
                ax.text(
                    0.14,
                    hy,
                    header,
                    fontsize=_HEADER_PT,
                    fontweight="bold",
                    va="center",
                    ha="left",
                    color=INK,
                    zorder=4,
                    gid=f"timeline-header-{lanes.index(lane)}",
                )
            )
            if note:
                labels.append(
                    ax.text(
                        note[0],
                        hy,
                        note[1],
                        fontsize=_LABEL_PT,
                        style="italic",
                        va="center",
                        ha="left",
                        color=MUTED,
                        gid=f"timeline-note-{lanes.index(lane)}",
                    )
                )
            for it in members:
                y_row = top + _ROW_IN * it.row
                y_mid = y_row + _ROW_IN / 2
                face = colour if it.origin == "paper" else "white"
                if it.when.precision == "year":
                    ax.add_patch(
                        Rectangle(
                            (it.mark_x0, y_mid - 0.035), it.mark_x1 - it.mark_x0, 0.07, facecolor=face, edgecolor=colour, linewidth=1.0, zorder=3
                        )
                    )
                else:
                    ax.plot(
                        [(it.mark_x0 + it.mark_x1) / 2],
                        [y_mid],
                        marker="o",
                        markersize=5,
                        markerfacecolor=face,
                        markeredgecolor=colour,
                        markeredgewidth=1.0,
                        linestyle="none",
                        zorder=3,
                    )
                labels.append(
                    ax.text(
                        it.label_x,
                        y_mid if it.lines == 1 else y_row + (_ROW_IN - line_in) / 2,
                        it.label,
                        fontsize=_LABEL_PT,
                        ha=it.label_ha,
                        va="center" if it.lines == 1 else "top",
                        color=INK,
                        zorder=4,
                        gid=f"timeline-label-{it.id}",
                        linespacing=1.2,
                    )
                )

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
            labels.append(
                bx.text(0, 0.1, heading, fontsize=_HEADER_PT, fontweight="bold", va="center", ha="left", color=INK, gid="timeline-undated-heading")
            )
            for c, column in enumerate(columns):
                x = c * (col_w + col_gap)
                for it in column:
                    y_row = 0.26 + it.row * line_in
                    colour = _lane_colour(it.lane)
                    bx.plot(
                        [x + _MARK_R_IN],
                        [y_row + line_in / 2],
                        marker="o",
                        markersize=5,
                        markerfacecolor=colour if it.origin == "paper" else "white",
                        markeredgecolor=colour,
                        markeredgewidth=1.0,
                        linestyle="none",
                    )
                    labels.append(
                        bx.text(
                            x + 2 * _MARK_R_IN + _PAD_IN,
                            y_row,
                            it.label,
                            fontsize=_LABEL_PT,
                            va="top",
                            ha="left",
                            color=INK,
                            linespacing=1.2,
                            gid=f"timeline-label-{it.id}",
                        )
                    )

        # ---- key ----
        key = [
            Line2D([], [], marker="o", markersize=5, color=INK, markerfacecolor=INK, linestyle="none", label=f"in {PAPER_SYMBOL}"),
            Line2D([], [], marker="o", markersize=5, color=INK, markerfacecolor="white", linestyle="none", label="from other sources"),
            Patch(facecolor=INK, edgecolor=INK, label="dated to the year only (bar spans the year)"),
        ]
        fig.legend(
            handles=key,
            loc="lower left",
            bbox_to_anchor=(margin_l / width - 0.01, 0.0),
            ncols=3,
            handlelength=1.2,
            handleheight=0.5,
            columnspacing=1.4,
            borderaxespad=0.2,
        )
        fig._briefing_labels = labels  # for tests: the texts that must not overlap
    return fig


def _year_ticks(renderer, scale: _Scale, start: int, break_year: int | None, t_end: int) -> list[int]:
    """Year ticks that leave room for their labels: every year if it fits, else every second,
    fifth or tenth; in the compressed part only round decades and the first year."""
    label_w, _ = text_size(renderer, "2000", SMALL_PT)
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


def timeline_text(events: pd.DataFrame, *, areas: tuple[str, ...], end_year: int, break_year: int | None = 2005) -> FigureText:
    dated, undated, later = _split_items(events, end_year, areas)
    shown = dated + undated
    cooperation = [it for it in shown if it.lane != BACKGROUND_LANE]
    background = len(shown) - len(cooperation)
    years = sorted(int(it.when.lo) for it in dated)
    per_lane = {lane: sum(it.lane == lane for it in shown) for lane in list(areas) + [BACKGROUND_LANE]}
    busiest = max(areas, key=lambda a: (per_lane[a], -areas.index(a)))
    in_paper = sum(it.origin == "paper" for it in shown)
    recent_from = max(years) - 2 if years else end_year
    recent = sum(y >= recent_from for y in years)
    span = f"{years[0]}–{years[-1]}" if years else "undated"
    n_fields = sum(per_lane[a] > 0 for a in areas)
    compressed = break_year is not None and bool(years) and years[0] < break_year <= years[-1]
    caption = (
        f"UN–OIC cooperation, {span}, by field: {count(len(cooperation), 'event')} in "
        f"{count(n_fields, 'field')}"
        + (f", with {count(background, 'milestone')} of the OIC itself for background" if background else "")
        + f". Of these {len(shown)}, {len(dated)} are dated, each drawn at the precision known (dot: day or month; bar: the "
        f"year only); {count(len(undated), 'undated strand')} of joint work "
        f"{'is' if len(undated) == 1 else 'are'} listed under the axis. Filled marks come from "
        f"{PAPER_SYMBOL} ({in_paper}), hollow marks from other public sources ({len(shown) - in_paper})."
        + (f" Years before {break_year} are compressed." if compressed else "")
        + " Long titles are shortened; the events table has them in full."
        + (f" Not shown: {count(len(later), 'later event')} (after {end_year})." if later else "")
    )
    alt = (
        f"Timeline with one lane per field of UN–OIC cooperation, {span}. "
        f"{cap(busiest)} has the most events ({per_lane[busiest]}). "
        f"{recent} of the {len(dated)} dated events fall in {recent_from}–{years[-1] if years else end_year}. "
        "Events per field: "
        + "; ".join(f"{a} {per_lane[a]}" for a in areas)
        + (f"; the OIC's own milestones {background}" if background else "")
        + f". {count(len(undated), 'undated strand')} of joint work listed below the timeline."
    )
    return FigureText(caption=caption, alt=alt, source_line=events_source_line(events))
