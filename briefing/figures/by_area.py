"""Activities per field of cooperation, and who took part (bars and a dot matrix)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .. import PAPER_SYMBOL
from .common import (
    FigureText,
    blank,
    cap,
    check_areas,
    count,
    events_source_line,
    ink_on,
    join,
    new_figure,
    parse_when,
    split,
    tint,
)
from .labels import text_size, wrap
from .style import AREA_COLOURS, GRID, INK, MUTED, SMALL_PT, TEXT_WIDTH_IN, TINY_PT, house_style

#: The columns of ``events`` the drawing reads (the figure cache keys on exactly these).
COLUMNS = ("start", "date_precision", "area", "actors", "origin")

Sides = dict[str, str]  # actor -> "OIC", "UN" or "other" (data/actors.csv)


def _side(actor: str, sides: Sides) -> str:
    """The actor's side; one whose side is not confirmed counts among the others."""
    side = sides.get(actor)
    return side if side in ("OIC", "UN") else "other"


def _with_area(events: pd.DataFrame, end_year: int, areas) -> pd.DataFrame:
    """Events with a field of cooperation, up to ``end_year`` (undated ones included)."""
    check_areas(events, areas)
    keep = []
    for row in events.itertuples(index=False):
        when = parse_when(row.start, getattr(row, "date_precision", None))
        keep.append(not blank(row.area) and (when is None or when.lo < end_year + 1))
    return events[keep]


def _actor_counts(events: pd.DataFrame, areas, sides: Sides) -> pd.DataFrame:
    """Events per (area, actor), areas in the book's order, actors OIC side, UN side, others,
    each by count then name."""
    rows = [(str(row.area), actor) for row in events.itertuples(index=False) for actor in dict.fromkeys(split(row.actors))]
    table = pd.DataFrame(rows, columns=["area", "actor"])
    counts = table.groupby(["area", "actor"]).size().unstack(fill_value=0) if rows else pd.DataFrame()
    counts = counts.reindex(index=list(areas), fill_value=0)
    rank = {"OIC": 0, "UN": 1, "other": 2}
    order = sorted(counts.columns, key=lambda a: (rank[_side(a, sides)], -int(counts[a].sum()), a))
    return counts[order]


def by_area(events: pd.DataFrame, *, areas: tuple[str, ...], sides: Sides, end_year: int, width: float = TEXT_WIDTH_IN) -> Figure:
    """Activities per field of cooperation, and who took part.

    Left, bars: events per field, from the paper (solid) and from other sources (light).
    Right, a dot matrix of field by actor, actors grouped OIC side, UN side, others: a dot's area
    grows with the number of events, and the number is printed in it. Events without a field
    (the OIC's own milestones) and events after ``end_year`` are left out.
    """
    events = _with_area(events, end_year, areas)
    origin = events["origin"].astype(str)
    paper = events[origin == "paper"]["area"].value_counts().reindex(list(areas), fill_value=0)
    context = events[origin != "paper"]["area"].value_counts().reindex(list(areas), fill_value=0)
    actors = _actor_counts(events, areas, sides)
    n_actors = len(actors.columns)

    with house_style():
        fig, renderer = new_figure(width, 4.0)
        area_labels = [wrap(renderer, cap(a), SMALL_PT, 1.45) for a in areas]
        left_in = max(text_size(renderer, s, SMALL_PT)[0] for s in area_labels) + 0.12
        row_in = 0.3
        top_in = max((text_size(renderer, a, TINY_PT)[0] for a in actors.columns), default=0.5) + 0.12
        bottom_in = 0.75
        rows_h = row_in * len(areas)
        height = top_in + rows_h + bottom_in
        fig.set_size_inches(width, height)
        bars_w, gap = 1.2, 0.22
        matrix_w = width - left_in - bars_w - gap - 0.08
        y0 = bottom_in / height
        ax = fig.add_axes((left_in / width, y0, bars_w / width, rows_h / height))
        mx = fig.add_axes(((left_in + bars_w + gap) / width, y0, matrix_w / width, rows_h / height), sharey=ax)

        y = np.arange(len(areas))
        colours = [AREA_COLOURS[a] for a in areas]
        ax.barh(y, paper.values, color=colours, edgecolor=colours, linewidth=0.6, height=0.62)
        ax.barh(y, context.values, left=paper.values, color=[tint(c, 0.7) for c in colours], edgecolor=colours, linewidth=0.6, height=0.62)
        totals = paper.values + context.values
        for yi, total in zip(y, totals):
            ax.text(total, yi, f" {int(total)}", va="center", ha="left", fontsize=SMALL_PT, color=INK)
        ax.set_xlim(0, max(int(totals.max()), 1) * 1.25)
        ax.set_ylim(len(areas) - 0.5, -0.5)
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
            for i, area in enumerate(areas):
                n = int(actors.loc[area, actor])
                if not n:
                    continue
                d = d_min + (d_max - d_min) * math.sqrt((n - 1) / max(biggest - 1, 1))
                colour = AREA_COLOURS[area]
                mx.scatter([j], [i], s=d**2, color=colour, edgecolor="none", zorder=3)
                mx.text(j, i, str(n), ha="center", va="center", fontsize=TINY_PT, color=ink_on(colour), zorder=4)
        mx.set_xlim(-0.5, max(n_actors, 1) - 0.5)
        mx.set_xticks(range(n_actors))
        mx.set_xticklabels(list(actors.columns), rotation=90, fontsize=TINY_PT)
        mx.xaxis.tick_top()
        mx.tick_params(axis="x", length=0, pad=3)
        mx.tick_params(axis="y", left=False, labelleft=False)
        for side in mx.spines:
            mx.spines[side].set_visible(False)
        for i in range(len(areas)):
            mx.axhline(i, color=GRID, linewidth=0.5, zorder=0)
        # brackets under the matrix: OIC side, UN side, others
        column_sides = [_side(a, sides) for a in actors.columns]
        names = {"OIC": "OIC", "UN": "United Nations", "other": "others"}
        start = 0
        for k in range(1, n_actors + 1):
            if k == n_actors or column_sides[k] != column_sides[start]:
                x0, x1 = start - 0.35, k - 1 + 0.35
                yb = len(areas) - 0.5 + 0.25
                mx.plot([x0, x0, x1, x1], [yb - 0.12, yb, yb, yb - 0.12], color=MUTED, linewidth=0.8, clip_on=False)
                mx.text((x0 + x1) / 2, yb + 0.12, names[column_sides[start]], ha="center", va="top", fontsize=TINY_PT, color=INK)
                if k < n_actors:
                    mx.axvline(k - 0.5, color=GRID, linewidth=0.8, zorder=0)
                start = k
        mx.set_xlabel("Who took part (events per actor)", labelpad=22)
        mx.xaxis.set_label_position("bottom")

        key = [
            Patch(facecolor=MUTED, edgecolor=MUTED, label=f"in {PAPER_SYMBOL}"),
            Patch(facecolor=tint(MUTED, 0.7), edgecolor=MUTED, label="from other sources"),
        ]
        fig.legend(
            handles=key,
            loc="lower left",
            bbox_to_anchor=(0.0, (bottom_in + rows_h + 0.08) / height),
            ncols=1,
            handlelength=1.2,
            borderaxespad=0.3,
            title="Activities",
            alignment="left",
        )
    return fig


def _left_out(no_field: int, later: int, end_year: int) -> str:
    parts = []
    if no_field:
        parts.append(f"{count(no_field, 'OIC milestone')} without a field of cooperation")
    if later:
        parts.append(f"{count(later, 'event')} after {end_year}")
    return f" Not counted: {join(parts)}." if parts else ""


def by_area_text(events: pd.DataFrame, *, areas: tuple[str, ...], sides: Sides, end_year: int) -> FigureText:
    no_field = sum(blank(a) for a in events["area"])
    all_events = events
    events = _with_area(events, end_year, areas)
    later = len(all_events) - len(events) - no_field
    counts = events["area"].value_counts().reindex(list(areas), fill_value=0)
    actors = _actor_counts(events, areas, sides)
    ranked = sorted(areas, key=lambda a: (-int(counts[a]), areas.index(a)))
    top = ranked[0]
    fewest = min(int(counts[a]) for a in areas)
    lowest = [a for a in areas if int(counts[a]) == fewest]
    n_paper = int((events["origin"].astype(str) == "paper").sum())
    both = sum(1 for v in events["actors"] if {"OIC", "UN"} <= {_side(a, sides) for a in split(v)})
    others = [a for a in actors.columns if _side(a, sides) == "other"]
    caption = (
        f"UN–OIC cooperation by field, and who took part. {count(len(events), 'activity', 'activities')} "
        f"in {count(int((counts > 0).sum()), 'field')}: {top} has the most ({int(counts[top])}); "
        f"{join(lowest)} {'has' if len(lowest) == 1 else 'have'} {fewest} each. "
        f"{n_paper} come from {PAPER_SYMBOL}, {len(events) - n_paper} from other sources (light bars). "
        f"The dots count events per actor: {both} involve both a UN and an OIC body"
        + (f"; {count(len(others), 'other participant')}: {join(others)}" if others else "")
        + "."
        + _left_out(no_field, later, end_year)
    )
    alt = (
        "Horizontal bar chart of activities per field: "
        + "; ".join(f"{a} {int(counts[a])}" for a in areas)
        + ". Beside it a dot matrix of fields by actor: "
        + "; ".join(f"{actor} {int(actors[actor].sum())} in {count(int((actors[actor] > 0).sum()), 'field')}" for actor in actors.columns)
        + "."
    )
    return FigureText(caption=caption, alt=alt, source_line=events_source_line(events))
