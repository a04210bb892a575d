"""The figure of what the Assembly's UN-OIC resolutions recall, in the house style.

One row per held resolution of the series (oldest at the top), one mark per member of the series
it recalls, placed at that member's adoption date (or, where ``data/ga_series.csv`` has none, at
the opening of its session, hollow). The row's own resolution is a diamond: the marks to its left
are the series recalling itself. Drawn, cached and shown like the book's other charts
(``publish.show``): the cache keys on the rows and the series it plots.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..recalls import SeriesRow, series_members, short
from .charts import Chart
from .common import FigureText
from .publish import show as publish
from .style import GRID, MUTED, OKABE_ITO, SMALL_PT, TEXT_WIDTH_IN, house_style

MARK = OKABE_ITO["blue"]
OWN = OKABE_ITO["vermillion"]
STEM = "series-recalls"


def _when(row: pd.Series) -> tuple[float, bool]:
    """(decimal year, dated): the adoption date, else the opening of the session (September)."""
    adopted = row["adopted"]
    if isinstance(adopted, str) and adopted.strip():
        d = dt.date.fromisoformat(adopted.strip()[:10])
        return d.year + (d.timetuple().tm_yday - 1) / 366, True
    return 1945 + int(row["session"]) + 8 / 12, False  # session N opens in September of 1945 + N


def positions(series: pd.DataFrame) -> dict[str, tuple[float, bool]]:
    return {r["resolution"]: _when(r) for _, r in series.iterrows()}


def draw(rows: Sequence[SeriesRow], series: pd.DataFrame, width: float = TEXT_WIDTH_IN):
    at = positions(series)
    members = series_members(series)
    with house_style():
        height = 1.45 + 0.32 * max(len(rows), 1)
        fig = Figure(figsize=(width, height))
        ax = fig.subplots()
        fig.subplots_adjust(left=0.14, right=0.98, top=0.98, bottom=1.15 / height)
        for i, r in enumerate(rows):
            y = len(rows) - 1 - i
            earlier = members[: members.index(r.symbol)] if r.symbol in members else []
            dated = [at[s][0] for s in r.recalled if at[s][1]]
            undated = [at[s][0] for s in r.recalled if not at[s][1]]
            missed = [at[s][0] for s in earlier if s not in r.recalled]
            ax.plot(missed, [y] * len(missed), "o", color=MUTED, markersize=2.2, linestyle="none", zorder=2)
            ax.plot(dated, [y] * len(dated), "s", color=MARK, markersize=4.2, linestyle="none", zorder=3)
            ax.plot(
                undated,
                [y] * len(undated),
                "s",
                markerfacecolor="white",
                markeredgecolor=MARK,
                markeredgewidth=0.9,
                markersize=4.2,
                linestyle="none",
                zorder=3,
            )
            if r.symbol in at:
                ax.plot([at[r.symbol][0]], [y], "D", color=OWN, markersize=5.5, zorder=4)
            ax.axhline(y, color=GRID, linewidth=0.5, zorder=1)
        ax.set_yticks(range(len(rows)))
        ax.set_yticklabels([short(r.symbol) for r in reversed(rows)])
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        ax.set_ylim(-0.7, len(rows) - 0.3)
        xs = [v[0] for v in at.values()]
        ax.set_xlim(min(xs) - 1, max(xs) + 1)
        ax.set_xlabel("Year the recalled resolution was adopted", fontsize=SMALL_PT)
        ax.xaxis.get_major_locator().set_params(integer=True)
        handles = [
            Line2D([], [], marker="D", color=OWN, linestyle="none", markersize=5.5, label="the resolution itself"),
            Line2D([], [], marker="s", color=MARK, linestyle="none", markersize=4.2, label="recalls it"),
            Line2D(
                [],
                [],
                marker="s",
                markerfacecolor="white",
                markeredgecolor=MARK,
                linestyle="none",
                markersize=4.2,
                label="recalls it (date not confirmed)",
            ),
            Line2D([], [], marker="o", color=MUTED, linestyle="none", markersize=2.2, label="earlier, not recalled"),
        ]
        fig.legend(
            handles=handles,
            loc="lower center",
            ncol=2,
            frameon=False,
            fontsize=SMALL_PT,
            handletextpad=0.3,
            columnspacing=1.5,
            bbox_to_anchor=(0.55, 0.0),
        )
    return fig


def words(rows: Sequence[SeriesRow], series: pd.DataFrame) -> FigureText:
    members = series_members(series)
    years = sorted(int(p[0]) for p in positions(series).values())
    n_marks = sum(len(r.recalled) for r in rows)
    missed = sorted({s for r in rows if r.symbol in members for s in members[: members.index(r.symbol)] if s not in r.recalled}, key=members.index)
    caption = (
        f"What the Assembly's UN-OIC resolutions recall, {years[0]}–{years[-1]}: for each of the "
        f"{len(rows)} resolutions of the series held in this book (a row, its own place a diamond), "
        f"a square for each member of the series ({len(members)} in the data) it recalls, {n_marks} in all."
    )
    if missed:
        caption += f" Earlier members a held resolution does not recall are small dots: {', '.join(short(s) for s in missed)}."
    alt = "Dot chart. " + " ".join(
        f"{short(r.symbol)} recalls {len(r.recalled)} resolutions of the series"
        + (f", from {short(r.recalled[0])} to {short(r.recalled[-1])}." if r.recalled else ".")
        for r in rows
    )
    return FigureText(caption, alt, "Source: the finder over the held texts (data/texts/); dates from data/ga_series.csv.")


def chart(rows: Sequence[SeriesRow], series: pd.DataFrame) -> Chart:
    rows = list(rows)
    inputs = {"rows": [[r.symbol, list(r.recalled)] for r in rows], "series": series}
    return Chart(STEM, words(rows, series), lambda: draw(rows, series), inputs)


def show(rows: Sequence[SeriesRow], series: pd.DataFrame):
    return publish(chart(rows, series))
