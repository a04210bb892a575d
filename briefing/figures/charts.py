"""The book's five charts wired to ``data/``: for each, what it reads, how it is drawn and its words.

A :class:`Chart` holds the figure's words (computed now, from the same data) and a ``draw``
callable with the exact inputs it reads (``inputs``): the figure cache keys on those, so a chart
is redrawn only when a row or column it uses changes, not when anything in the same file does.
Every fact comes from ``data/``: the fields of cooperation and their order from the ``area`` enum
in ``datapackage.json``; the timeline's short labels from ``event_labels.csv``; which side each actor is on
(OIC, UN, other) from ``actors.csv``; the map's cities
from ``cities.csv``, its aliases from ``map_aliases.csv``, which kinds it marks from
``event_kinds.csv`` and the boundaries' credit from the map resource's ``sources``; the General
Assembly notes from ``ga_notes.csv``; the date of the Council briefing from its row in
``events.csv`` (the row ``key_rows.csv`` names); the paper's membership claim from ¶4 of the seed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from matplotlib.figure import Figure

from .. import data
from . import by_area, ga_series, member_map, membership, timeline
from .common import FigureText, blank, iso_date
from .style import AREA_COLOURS


@dataclass
class Chart:
    """One figure of the book: its file stem, its words, and how to draw it from ``inputs``."""

    stem: str
    text: FigureText
    draw: Callable[[], Figure]
    inputs: dict = field(default_factory=dict)


Root = str | os.PathLike | None


def areas(root: Root = None) -> tuple[str, ...]:
    """The fields of cooperation in the book's order: the ``area`` enum of ``events``."""
    schema = data.load_schema(root)
    events = next(r for r in schema["resources"] if r["name"] == "events")
    spec = next(f for f in events["schema"]["fields"] if f["name"] == "area")
    found = tuple(spec["constraints"]["enum"])
    missing = [a for a in found if a not in AREA_COLOURS]
    if missing:
        raise ValueError(f"data/datapackage.json: events.area lists {missing}, which have no colour in briefing/figures/style.py AREA_COLOURS")
    return found


def map_source(root: Root = None, resource: str = "countries-50m") -> str:
    """The credit for the boundaries: the map resource's ``sources`` in datapackage.json."""
    schema = data.load_schema(root)
    spec = next(r for r in schema["resources"] if r["name"] == resource)
    titles = [s["title"] for s in spec.get("sources", []) if s.get("title")]
    return "; ".join(titles) if titles else f"data/{spec['path']} (source not confirmed)"


def meeting_date(events: pd.DataFrame, root: Root = None) -> date | None:
    """The day of the Council briefing: the start of the events.csv row that key_rows.csv names
    as the meeting; None if no row is named or its day is not confirmed."""
    keys = data.load_table("key_rows", root)
    named = keys[(keys["key"] == "meeting") & (keys["resource"] == "events")]
    rows = events[events["id"].isin(named["id"])]
    return None if rows.empty else iso_date(rows.iloc[0]["start"])


def _end_year(events: pd.DataFrame, root: Root = None) -> int:
    """The charts run to the year of the briefing (or, with its date not confirmed, the last year
    with a dated event)."""
    meeting = meeting_date(events, root)
    if meeting:
        return meeting.year
    years = [int(str(s)[:4]) for s in events["start"] if not blank(s)]
    return max(years)


def _with_labels(events: pd.DataFrame, labels: pd.DataFrame) -> pd.DataFrame:
    short = dict(zip(labels["id"], labels["short_title"]))
    return events.assign(short_title=[short.get(i) for i in events["id"]])


def _cities(frame: pd.DataFrame) -> dict[str, tuple[float, float] | None]:
    out = {}
    for row in frame.itertuples(index=False):
        confirmed = not blank(row.latitude) and not blank(row.longitude)
        out[str(row.city)] = (float(row.latitude), float(row.longitude)) if confirmed else None
    return out


def _marks(frame: pd.DataFrame) -> dict[str, str]:
    return dict(zip(frame["kind"].astype(str), frame["map_mark"].astype(str)))


def _ga_with_notes(series: pd.DataFrame, notes: pd.DataFrame) -> pd.DataFrame:
    by_resolution = dict(zip(notes["resolution"], notes["note"]))
    return series.assign(chart_note=[by_resolution.get(r) for r in series["resolution"]])


# --- the five charts -------------------------------------------------------------------------------
def timeline_chart(root: Root = None) -> Chart:
    events = _with_labels(data.load_events(root), data.load_table("event_labels", root))
    fields, end_year = areas(root), _end_year(events, root)
    drawn = timeline.drawn_part(events)
    return Chart(
        "timeline",
        timeline.timeline_text(events, areas=fields, end_year=end_year),
        lambda: timeline.timeline(drawn, areas=fields, end_year=end_year),
        {"events": drawn, "areas": fields, "end_year": end_year},
    )


def _sides(frame: pd.DataFrame) -> dict[str, str]:
    return {str(a): ("" if blank(s) else str(s)) for a, s in zip(frame["actor"], frame["side"])}


def by_area_chart(root: Root = None) -> Chart:
    events = data.load_events(root)
    fields, end_year = areas(root), _end_year(events, root)
    sides = _sides(data.load_table("actors", root))
    drawn = events[list(by_area.COLUMNS)]
    return Chart(
        "by-area",
        by_area.by_area_text(events, areas=fields, sides=sides, end_year=end_year),
        lambda: by_area.by_area(drawn, areas=fields, sides=sides, end_year=end_year),
        {"events": drawn, "areas": fields, "sides": sides, "end_year": end_year},
    )


def member_map_chart(root: Root = None) -> Chart:
    members, events, iso = data.load_members(root), data.load_events(root), data.load_iso3166(root)
    numeric = dict(zip(iso["alpha3"], iso["numeric"]))
    names = dict(zip(iso["alpha3"], iso["name"]))
    cities = _cities(data.load_table("cities", root))
    aliases = {str(row.map_name): str(numeric[row.iso3]).zfill(3) for row in data.load_table("map_aliases", root).itertuples(index=False)}
    marks = _marks(data.load_table("event_kinds", root))
    world = data.load_world("50m", root)
    drawn_members = members[list(member_map.MEMBER_COLUMNS)]
    drawn_events = events[list(member_map.EVENT_COLUMNS)]
    text = member_map.member_map_text(members, events, marks=marks, map_source=map_source(root), cities=cities, country_names=names)
    return Chart(
        "member-map",
        text,
        lambda: member_map.member_map(drawn_members, world, numeric, drawn_events, cities=cities, aliases=aliases, marks=marks),
        {"members": drawn_members, "events": drawn_events, "world": world, "numeric": numeric, "cities": cities, "aliases": aliases, "marks": marks},
    )


def membership_chart(root: Root = None, claim: dict | None = None) -> Chart:
    """``claim``: the paper's membership claim (default: read from ¶4 of the seed)."""
    members, events = data.load_members(root), data.load_events(root)
    end_year = _end_year(events, root)
    claim = membership.paper_claim() if claim is None else claim
    drawn = members[list(membership.COLUMNS)]
    return Chart(
        "membership",
        membership.membership_text(members, end_year=end_year, claim=claim),
        lambda: membership.membership(drawn, end_year=end_year),
        {"members": drawn, "end_year": end_year},
    )


def ga_series_chart(root: Root = None) -> Chart:
    series = _ga_with_notes(data.load_ga_series(root), data.load_table("ga_notes", root))
    meeting = meeting_date(data.load_events(root), root)
    drawn = series[list(ga_series.COLUMNS)]
    return Chart(
        "ga-series",
        ga_series.ga_series_text(series, briefing=meeting),
        lambda: ga_series.ga_series(drawn, briefing=meeting),
        {"series": drawn, "briefing": meeting.isoformat() if meeting else None},
    )


CHARTS: dict[str, Callable[..., Chart]] = {
    "membership": membership_chart,
    "ga-series": ga_series_chart,
    "by-area": by_area_chart,
    "timeline": timeline_chart,
    "member-map": member_map_chart,
}
