"""Members over time, stacked by continent; the paper's membership claim read and checked."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import seed
from .common import MEMBERS_FILE, FigureText, join, new_figure
from .labels import text_size
from .style import CONTINENT_COLOURS, GRID, INK, MUTED, SMALL_PT, TEXT_WIDTH_IN, house_style

#: The columns the drawing reads (the figure cache keys on exactly these).
COLUMNS = ("iso3", "joined_year", "continent")


def paper_claim(paper: seed.Paper | None = None) -> dict:
    """The numbers ¶4 states ("With 57 member States from four continents") and its words, as
    ``seed.membership_claim`` reads them (the one reading of ¶4)."""
    claim = seed.membership_claim(paper or seed.load())
    if claim is None:
        raise ValueError("¶4 no longer states the membership as 'With N member States from M continents'")
    return {"members": claim.members, "continents": claim.continents, "words": claim.words}


def agrees(claim: dict, check: dict) -> bool:
    """Do the counted members and continents (:func:`membership_check`) match the paper's?"""
    return claim["members"] == check["members"] and claim["continents"] == check["continents"]


def _against(claim: dict | None, check: dict) -> str:
    """How the caption's count ends: agreement with the paper only when the data show it."""
    if claim is None:
        return "."
    if agrees(claim, check):
        return ", as the concept paper says."
    return f"; the concept paper (¶4) says “{claim['words']}”."


def _largest(ends: pd.Series) -> str:
    """Which continents hold most members (when two of them hold more than half), then the rest."""
    top = sorted(ends.index, key=lambda c: -int(ends[c]))[:2]
    if len(top) < 2 or int(ends[top].sum()) * 2 <= int(ends.sum()):
        return join([f"{c} has {int(n)}" for c, n in ends.items()])
    first, second = [c for c in ends.index if c in top]
    rest = join([f"{c} has {int(n)}" for c, n in ends.items() if c not in top])
    return f"{first} and {second} make up most of it" + (f"; {rest}" if rest else "")


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
    order = [c for c in CONTINENT_COLOURS if c in table.columns] + sorted(c for c in table.columns if c not in CONTINENT_COLOURS)
    return table[order]


def membership(members: pd.DataFrame, *, end_year: int, width: float = TEXT_WIDTH_IN) -> Figure:
    """Members over time, stacked by continent: a step in each year in which States joined.
    Continents are labelled at the right edge, with the total above them; the founding members
    are marked at the start."""
    table = _cumulative(members, end_year)
    check = membership_check(members)
    total = int(table.iloc[-1].sum())
    with house_style():
        height = 3.0
        fig, renderer = new_figure(width, height)
        labels = [f"{c} {int(n)}" for c, n in table.iloc[-1].items()]
        right_in = max(text_size(renderer, s, SMALL_PT)[0] for s in labels) + 0.45
        left_in, bottom_in, top_in = 0.55, 0.45, 0.1
        ax = fig.add_axes((left_in / width, bottom_in / height, (width - left_in - right_in) / width, (height - bottom_in - top_in) / height))
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
            ax.plot([x_edge, x_edge + dx * 0.6, x_edge + dx], [m, y, y], color=colour, linewidth=1.0, clip_on=False, solid_capstyle="butt")
            ax.text(x_edge + dx * 1.2, y, label, ha="left", va="center", fontsize=SMALL_PT, color=INK, clip_on=False)
        ax.text(
            x_edge - 0.3,
            total + ylim * 0.03,
            f"{check['members']} member States from {check['continents']} continents in {end_year}",
            ha="right",
            va="bottom",
            fontsize=SMALL_PT,
            fontweight="bold",
            color=INK,
        )
        first = int(table.index[0])
        ax.annotate(
            f"{check['founding']} founding members ({first})",
            xy=(first + 0.5, check["founding"]),
            xytext=(first + 0.5, float(table.iloc[:16].sum(axis=1).max()) + ylim * 0.06),
            ha="left",
            va="bottom",
            fontsize=SMALL_PT,
            color=INK,
            arrowprops=dict(arrowstyle="-", color=INK, linewidth=0.6, shrinkA=0, shrinkB=0, relpos=(0, 0)),
        )
    return fig


def membership_text(members: pd.DataFrame, *, end_year: int, claim: dict | None = None) -> FigureText:
    """Caption, alt text and source line. ``claim`` is what the paper states (:func:`paper_claim`):
    the caption says the data agree with it only when they do, and otherwise what it says."""
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
        f"{check['continents']} continents ({join([f'{c} {int(n)}' for c, n in ends.items()])})"
        f"{_against(claim, check)} {check['founding']} States are counted as founding members "
        f"({first}); the most joined in the {busiest_decade}s ({int(decade_counts[busiest_decade])}). "
        f"Continents are the UN M49 regions; the chart counts year of joining and does not show "
        f"suspensions."
    )
    alt = (
        f"Stacked step chart of OIC member States from {first} to {end_year}. It starts at "
        f"{check['founding']} members in {first}, rises to {int(table.loc[min(1980, end_year)].sum()) if 1980 in table.index else ''}"
        f"{' by 1980 and ' if 1980 in table.index else ''}{check['members']} by {int(after.max()) if len(after) else first}. " + _largest(ends) + "."
    )
    return FigureText(
        caption=caption,
        alt=alt,
        source_line=f"Source: {MEMBERS_FILE} (year of joining: OIC and Egypt SIS; continent: UN M49).",
    )
