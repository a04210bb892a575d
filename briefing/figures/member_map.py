"""The map: the OIC's member States by the OIC's geographical group, with the theatres of joint
work, the OIC's offices and the places of UN-OIC meetings."""

from __future__ import annotations

import math
from dataclasses import replace

import pandas as pd
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch, Rectangle

from .. import PAPER_SYMBOL
from . import topojson
from .common import (
    EVENTS_FILE,
    MEMBERS_FILE,
    FigureText,
    blank,
    count,
    join,
    new_figure,
    number_word,
    paper_paragraphs,
    paragraph_range,
    split,
)
from .labels import Candidate, Placer, text_size
from .style import INK, LAND, MUTED, OIC_GROUP_COLOURS, TEXT_WIDTH_IN, TINY_PT, hollow_mark, house_style

CITIES_FILE = "data/cities.csv"

#: The columns the drawing reads, per input (the figure cache keys on exactly these).
MEMBER_COLUMNS = ("iso3", "oic_group", "oic_group_basis")
EVENT_COLUMNS = ("kind", "area", "cities", "theatres")

#: Borders are simplified (Douglas-Peucker) to this tolerance in degrees: under a tenth of a
#: point on the printed map, and about a third of the SVG's size without it.
MAP_TOLERANCE_DEG = 0.04

#: Members whose outline spans less than this (degrees, both ways) get a dot: at this scale they
#: are under an eighth of an inch wide (Bahrain, Maldives, Comoros, Lebanon, Palestine...).
SMALL_MEMBER_DEG = 2.0

#: The house's statement under every map (a position of the book, not a fact about the data).
MAP_DISCLAIMER = "Boundaries are shown for orientation only and imply no position on the status of any territory."


def _theatres(events: pd.DataFrame) -> list[str]:
    found: dict[str, None] = {}
    for value in events.get("theatres", []):
        for iso3 in split(value):
            found[iso3] = None
    return list(found)


def event_cities(events: pd.DataFrame, marks: dict[str, str], mark: str) -> list[str]:
    """Cities of the events whose kind the map marks as ``mark`` (``marks``: kind to mark, from
    ``data/event_kinds.csv``) and that belong to a field of UN-OIC cooperation (the
    OIC's own meetings, with no field, are left out), in order of first appearance."""
    found: dict[str, None] = {}
    for row in events.itertuples(index=False):
        if marks.get(str(row.kind).strip()) == mark and not blank(row.area):
            for city in split(getattr(row, "cities", None)):
                found[city] = None
    return list(found)


def _numeric(iso_numeric: dict, iso3: str, what: str) -> str:
    try:
        return str(iso_numeric[iso3]).zfill(3)
    except KeyError:
        raise KeyError(f"member_map: no ISO 3166-1 numeric code for {what} {iso3!r}") from None


def _located(names: list[str], cities: dict, what: str) -> list[tuple[str, tuple[float, float]]]:
    """The cities with their (latitude, longitude); a city whose coordinates are blank (not
    confirmed) is left off the map, one missing from the file is an error."""
    out = []
    for city in names:
        if city not in cities:
            raise KeyError(f"member_map: no row for {what} city {city!r} in {CITIES_FILE} (known: {', '.join(sorted(cities))})")
        if cities[city] is not None:
            out.append((city, cities[city]))
    return out


def unplaced(events: pd.DataFrame, marks: dict[str, str], cities: dict) -> list[str]:
    """Marked cities the map cannot place: their coordinates are not confirmed."""
    names = event_cities(events, marks, "meeting") + event_cities(events, marks, "office")
    return [c for c in dict.fromkeys(names) if cities.get(c, ()) is None]


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
    cities: dict[str, tuple[float, float] | None],
    aliases: dict[str, str],
    marks: dict[str, str],
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

    ``cities``: city to (latitude, longitude), None where not confirmed (``data/cities.csv``);
    ``aliases``: map geometries without an id, by name, to the ISO 3166-1 numeric code of the
    State they are filled with (``data/map_aliases.csv``); ``marks``: event kind to the mark the
    map draws for it, "office" or "meeting" (``data/event_kinds.csv``).
    """
    member_ids = {_numeric(iso_numeric, iso3, "member"): group for iso3, group in zip(members["iso3"], members["oic_group"])}
    theatre_ids = {_numeric(iso_numeric, iso3, "theatre") for iso3 in _theatres(events)}
    offices = _located(event_cities(events, marks, "office"), cities, "office")
    meetings = _located(event_cities(events, marks, "meeting"), cities, "meeting")

    feats = [
        replace(f, id=aliases[f.name]) if f.id is None and f.name in aliases else f
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
        fig, renderer = new_figure(width, height)
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
                ax.add_patch(PathPatch(path, facecolor="none", edgecolor=INK, hatch="//////", linewidth=0.7, zorder=3))
        ax.add_collection(PatchCollection(plain, match_original=True, zorder=1))
        ax.add_collection(PatchCollection(filled, match_original=True, zorder=2))
        for lon, lat, colour in small:
            ax.plot([lon], [lat], **_small_member_mark(colour), zorder=4)

        # cities: markers, then labels placed where they touch no marker or label placed before
        points = {}
        for city, (lat, lon) in meetings:
            ax.plot([lon], [lat], **hollow_mark(INK), zorder=6)
            points[city] = (lon, lat)
        for city, (lat, lon) in offices:
            ax.plot(
                [lon], [lat], marker="s", markersize=5, markerfacecolor=INK, markeredgecolor="white", markeredgewidth=0.6, linestyle="none", zorder=7
            )
            points[city] = (lon, lat)
        _place_city_labels(fig, ax, renderer, points)

        handles = [Patch(facecolor=OIC_GROUP_COLOURS[g], edgecolor="none", label=label) for g, label in _group_labels(members).items()]
        handles.append(Patch(facecolor=LAND, edgecolor="none", label="not a member"))
        if theatre_ids:
            handles.append(Patch(facecolor="white", edgecolor=INK, hatch="//////", linewidth=0.7, label="theatre of joint work"))
        if offices:
            handles.append(
                Line2D([], [], marker="s", markersize=5, markerfacecolor=INK, markeredgecolor="white", linestyle="none", label="OIC office")
            )
        if meetings:
            handles.append(Line2D([], [], **hollow_mark(INK), label="meeting or summit"))
        if small:
            handles.append(Line2D([], [], **_small_member_mark(MUTED), label="small member (dot)"))
        fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 0.0), ncols=3, handlelength=1.4, columnspacing=1.2, borderaxespad=0.3)
    return fig


def _small_member_mark(face: str) -> dict:
    """The dot of a member too small to see at the map's scale (and its legend's, in grey)."""
    return dict(marker="o", markersize=4.2, markerfacecolor=face, markeredgecolor=INK, markeredgewidth=0.6, linestyle="none")


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
    placer = Placer(touching=True)
    frame = ax.bbox
    offsets = [
        (6, 0, "left", "center"),
        (-6, 0, "right", "center"),
        (0, 6, "center", "bottom"),
        (0, -6, "center", "top"),
        (5, 5, "left", "bottom"),
        (-5, 5, "right", "bottom"),
        (5, -5, "left", "top"),
        (-5, -5, "right", "top"),
    ]
    for cluster in clusters:
        lon = sum(points[c][0] for c in cluster) / len(cluster)
        lat = sum(points[c][1] for c in cluster) / len(cluster)
        label = ", ".join(cluster)
        x, y = to_px((lon, lat))
        w, h = (v * renderer.dpi for v in text_size(renderer, label, TINY_PT))
        candidates = []
        for dx, dy, ha, va in offsets:
            px, py = x + dx * renderer.dpi / 72, y + dy * renderer.dpi / 72
            x0 = px - (w if ha == "right" else w / 2 if ha == "center" else 0)
            y0 = py - (h if va == "top" else h / 2 if va == "center" else 0)
            box = (x0 - 1, y0 - 1, x0 + w + 1, y0 + h + 1)
            if box[0] >= frame.x0 and box[2] <= frame.x1 and box[1] >= frame.y0 and box[3] <= frame.y1:
                candidates.append(Candidate(box, (dx, dy, ha, va)))
        others = [m for m, n in zip(marker_boxes, names) if n not in cluster]
        # no room anywhere: the first direction, overlapping (it is then not kept as an obstacle)
        dx, dy, ha, va = placer.place(candidates, obstacles=others) or offsets[0]
        ax.annotate(
            label,
            (lon, lat),
            xytext=(dx, dy),
            textcoords="offset points",
            ha=ha,
            va=va,
            fontsize=TINY_PT,
            color=INK,
            zorder=8,
            bbox=dict(boxstyle="square,pad=0.08", facecolor="white", edgecolor="none", alpha=0.8),
        )


def member_map_text(
    members: pd.DataFrame,
    events: pd.DataFrame,
    *,
    marks: dict[str, str],
    map_source: str,
    cities: dict[str, tuple[float, float] | None] | None = None,
    country_names: dict[str, str] | None = None,
) -> FigureText:
    """Caption, alt text and source line for :func:`member_map`. ``country_names`` (ISO3 to
    name, e.g. from ``data/iso3166.csv``) names theatres that are not members; ``map_source``
    credits the boundaries (the map resource's source in ``data/datapackage.json``); ``cities``
    lets the caption name the marked cities whose position is not confirmed."""
    groups = members["oic_group"].value_counts()
    basis = members.get("oic_group_basis", pd.Series("stated", index=members.index))
    inferred = members[basis == "inferred"]
    names = {**(country_names or {}), **dict(zip(members["iso3"], members["name"]))}
    theatre_names = [names.get(t, t) for t in _theatres(events)]
    offices = event_cities(events, marks, "office")
    meetings = event_cities(events, marks, "meeting")
    missing = unplaced(events, marks, cities) if cities is not None else []
    group_list = join([f"{g} {int(groups[g])}" for g in OIC_GROUP_COLOURS if g in groups])
    continents = members["continent"].value_counts()
    caption = (
        f"The OIC's {len(members)} member States by the OIC's geographical group ({group_list}), with "
        f"the theatres of joint UN–OIC work hatched ({join(theatre_names) or 'none'}), "
        f"{count(len(offices), 'OIC office')} ({join(offices) or 'none'}) and "
        f"{count(len(meetings), 'place')} of UN–OIC meetings or summits "
        f"({join(meetings) or 'none'}). "
    )
    if len(inferred):
        by_group = inferred["oic_group"].value_counts()
        caption += (
            "Group membership is inferred, not published, for "
            + join([f"{int(by_group[g])} {g}" for g in OIC_GROUP_COLOURS if g in by_group])
            + f" States ({len(inferred)} of {len(members)}). "
        )
    if missing:
        caption += f"Not on the map, their position not confirmed: {join(missing)}. "
    caption += MAP_DISCLAIMER
    alt = (
        f"Map showing the {len(members)} OIC member States in {number_word(len(groups))} colours by group: {group_list}. "
        "By continent: "
        + join([f"{c} {int(n)}" for c, n in continents.items()])
        + ". Hatched theatres of joint work: "
        + (join(theatre_names) or "none")
        + ". Squares mark OIC offices in "
        + (join(offices) or "no city")
        + "; circles mark meetings in "
        + (join(meetings) or "no city")
        + "."
    )
    paras = paper_paragraphs(events.get("source", pd.Series(dtype=object)))
    source = (
        f"Source: members and groups {MEMBERS_FILE} (OIC, Egypt SIS, UN M49); theatres, offices and "
        f"meetings {EVENTS_FILE} ({PAPER_SYMBOL}{paragraph_range(paras)} and other public sources); "
        f"boundaries {map_source}."
    )
    return FigureText(caption=caption, alt=alt, source_line=source)
