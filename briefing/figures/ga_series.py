"""The General Assembly's resolutions on UN-OIC cooperation, on a strip of time."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

import pandas as pd
from matplotlib.figure import Figure

from .. import PAPER_SYMBOL
from .common import GA_FILE, FigureText, blank, count, decimal_year, iso_date, join, new_figure, ordinal
from .labels import Candidate, Placer, text_size
from .style import GRID, INK, MUTED, OKABE_ITO, SMALL_PT, TEXT_WIDTH_IN, TINY_PT, hollow_mark, house_style

#: The columns the drawing reads (the figure cache keys on exactly these).
COLUMNS = ("session", "resolution", "adopted", "chart_note")

GA_COLOUR = OKABE_ITO["blue"]

_RES_RE = re.compile(r"(?:A/RES/)?\s*(?P<num>\d+/\d+|\d+\s*\([XLVI]+\))", re.I)


def _short_resolution(value) -> str:
    if blank(value):
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
    note: str = ""

    @property
    def x(self) -> float:
        """Where the mark sits: the adoption date, or the middle of the session."""
        return decimal_year(self.adopted) if self.adopted else sum(self.session_span) / 2

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
                adopted=iso_date(row.adopted),
                note="" if blank(getattr(row, "chart_note", None)) else str(row.chart_note).strip(),
            )
        )
    return sorted(out, key=lambda r: (r.session, r.number))


def ga_series(series: pd.DataFrame, *, briefing: date | None, width: float = TEXT_WIDTH_IN) -> Figure:
    """One mark per resolution. Upper row: filled, at the adoption date a source confirms.
    Lower row: hollow, at the middle of the resolution's session (September to September), where
    the date is not confirmed. The dashed line is the Council briefing (``briefing``, the date of
    the meeting in ``data/events.csv``; no line when it is not confirmed); the resolutions with a
    ``chart_note`` in ``data/ga_series.csv`` are annotated with it."""
    res = _resolutions(series)
    confirmed = [r for r in res if r.adopted]
    pending = [r for r in res if not r.adopted]
    with house_style():
        height = 2.75
        fig, renderer = new_figure(width, height)
        row_labels = ["adoption date\nconfirmed", "date not\nconfirmed"]
        left_in = max(text_size(renderer, s, SMALL_PT)[0] for s in row_labels) + 0.2
        right_in, bottom_in, top_in = 0.25, 0.5, 0.05
        axes_w, axes_h = width - left_in - right_in, height - bottom_in - top_in
        ax = fig.add_axes((left_in / width, bottom_in / height, axes_w / width, axes_h / height))
        y_conf, y_pend = 1.0, 0.0
        ymin, ymax = -1.0, 2.75
        per_in = (ymax - ymin) / axes_h  # data units per inch, vertically

        xb = decimal_year(briefing) if briefing else None
        years = [decimal_year(r.adopted) for r in confirmed] + [x for r in pending for x in r.session_span]
        years += [xb] if briefing else []
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

        ax.plot(
            [decimal_year(r.adopted) for r in confirmed],
            [y_conf] * len(confirmed),
            marker="o",
            markersize=5.5,
            color=GA_COLOUR,
            linestyle="none",
            zorder=3,
        )
        ax.plot([r.x for r in pending], [y_pend] * len(pending), **hollow_mark(GA_COLOUR), zorder=3)
        if briefing:
            ax.axvline(xb, color=MUTED, linewidth=0.8, linestyle=(0, (3, 2)), zorder=1)

        # labels, placed where they touch no label placed before and their leaders cross none
        to_px = ax.transData.transform
        placer = Placer(touching=False)
        texts = []
        if briefing:
            line = ax.text(
                xb - 0.3,
                ymax - 0.05,
                f"Council briefing\n{briefing.day} {briefing:%b %Y}",
                fontsize=TINY_PT,
                color=MUTED,
                ha="right",
                va="top",
                gid="ga-label-briefing",
            )
            placer.take(tuple(line.get_window_extent(renderer).extents))
            texts.append(line)
        x_per_in = (x1 - x0) / axes_w
        fig_box = fig.bbox
        # right to left: a later note's leader then never has to cross an earlier note's text
        for r in sorted(res, key=lambda r: -r.x):
            if not r.note:
                continue
            when = f"{r.adopted.day} {r.adopted:%b %Y}" if r.adopted else f"{ordinal(r.session)} session"
            label = f"{r.number}, {when}:\n{r.note}"
            x = r.x
            y_row = y_conf if r.adopted else y_pend
            # above a confirmed mark first; below it when the notes placed before leave no room above
            directions = (True, False) if r.adopted else (False,)
            # the label measured once per alignment and side; each candidate only moves it
            texts_by_key = {
                (ha, up): ax.text(
                    x,
                    y_row,
                    label,
                    fontsize=TINY_PT,
                    color=INK,
                    ha=ha,
                    va="bottom" if up else "top",
                    zorder=5,
                    gid=f"ga-label-{r.number}",
                    bbox=dict(boxstyle="square,pad=0.1", facecolor="white", edgecolor="none"),
                )
                for up in directions
                for ha in ("left", "right")
            }
            # Text._get_layout: the extent before it is moved to its position (Text.get_window_extent
            # is exactly this box translated to the display position)
            layouts = {key: text._get_layout(renderer)[0] for key, text in texts_by_key.items()}
            candidates = []
            for up in directions:
                for level in range(4):
                    dy = (0.16 + 0.36 * level) * per_in
                    y_text = y_row + dy if up else y_row - dy
                    for ha in ("left", "right"):
                        tx = x + 0.05 * x_per_in if ha == "left" else x - 0.05 * x_per_in
                        box = layouts[(ha, up)].translated(*to_px((tx, y_text)))
                        inside = box.x0 >= fig_box.x0 + 2 and box.x1 <= fig_box.x1 - 2 and box.y0 >= fig_box.y0 and box.y1 <= fig_box.y1
                        if inside:
                            leader = _segment_box(to_px((x, y_row)), to_px((x, y_text)))
                            candidates.append(Candidate(tuple(box.extents), (ha, up, tx, y_text), also=(leader,)))
            chosen = placer.place(candidates)
            if chosen is None:  # pragma: no cover - four levels on either side suffice for the notes
                raise RuntimeError(f"ga_series: no room for the note on {r.number}")
            ha, up, tx, y_text = chosen
            text = texts_by_key.pop((ha, up))
            for other in texts_by_key.values():
                other.remove()
            text.set_position((tx, y_text))
            ax.plot([x, x], [y_row + (0.1 if up else -0.1), y_text], color=INK, linewidth=0.6, zorder=4)
            texts.append(text)
        fig._briefing_labels = texts
    return fig


def _segment_box(p, q) -> tuple[float, float, float, float]:
    """The box of a vertical leader from display point ``p`` to ``q``, its ends trimmed by 4 px
    (a leader may touch its own mark and its own label)."""
    (px, py), (qx, qy) = p, q
    return (min(px, qx) - 1, min(py, qy) + 4, max(px, qx) + 1, max(py, qy) - 4)


def ga_series_text(series: pd.DataFrame, *, briefing: date | None) -> FigureText:
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
        f"{count(len(res), 'resolution')} in {count(len(sessions), 'session')}, "
        f"{len(confirmed)} with a confirmed adoption date (filled) and {len(pending)} whose date is "
        f"not confirmed (hollow, placed in the middle of their session)."
    )
    if best[1] > best[0]:
        caption += (
            f" The Assembly adopted one at every session from the {ordinal(best[0])} to the "
            f"{ordinal(best[1])} (sessions opening {1945 + best[0]} to {1945 + best[1]})."
        )
    if briefing:
        caption += f" The dashed line marks the Council briefing of {briefing.day} {briefing:%B %Y}."
    notes = [f"{r.number} ({r.adopted.year if r.adopted else ordinal(r.session) + ' session'}, {r.note})" for r in res if r.note]
    alt = (
        f"Strip chart of {count(len(res), 'General Assembly resolution')} on UN–OIC cooperation. "
        f"Upper row: {len(confirmed)} at their adoption dates"
        + (f", from {confirmed[0].adopted.year} to {confirmed[-1].adopted.year}" if confirmed else "")
        + f". Lower row: {len(pending)} whose date is not confirmed, from sessions "
        + join([str(r.session) for r in pending])
        + "."
        + (" Annotated: " + "; ".join(notes) + "." if notes else "")
    )
    urls = re.findall(r"https?://[^\s;,)]+", " ".join(str(s) for s in series.get("source", []) if not blank(s)))
    hosts = sorted({".".join(re.sub(r"^https?://", "", u).split("/")[0].split(".")[-2:]) for u in urls})
    in_paper = any(PAPER_SYMBOL in str(s) for s in series.get("source", []) if not blank(s))
    seen = hosts + ([PAPER_SYMBOL] if in_paper else [])
    source = f"Source: {GA_FILE}, a source for each resolution" + (f" ({join(seen)})" if seen else "") + "."
    return FigureText(caption=caption, alt=alt, source_line=source)
