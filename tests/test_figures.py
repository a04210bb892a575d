"""The figures: they build, they are not empty, their words follow the data, labels do not
overlap, and saving is byte-for-byte repeatable.

Small hand-made frames drive most checks; the same checks then run on the project's real data
when ``briefing.data`` can load it.
"""
from __future__ import annotations

import hashlib
import itertools
import json

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.path import Path as MplPath
from matplotlib.text import Text

from briefing import figures as F
from briefing import topojson
from briefing.style import AREA_COLOURS, AREAS, TEXT_WIDTH_IN, save_figure

pytestmark = pytest.mark.data

EVENT_COLUMNS = ["id", "start", "end", "date_precision", "title", "kind", "area", "places", "cities",
                 "theatres", "actors", "instrument", "origin", "source"]


# -------------------------------------------------------------------------------------------------
# small frames
# -------------------------------------------------------------------------------------------------
def _events_small() -> pd.DataFrame:
    rows = [
        ("observer", "1975-10-10", None, "day", "General Assembly grants observer status", "resolution",
         "institutional cooperation", None, None, None, "General Assembly;OIC", "A/RES/3369 (XXX)", "paper",
         "S/2013/588 ¶6"),
        ("kabul", "2011", None, "year", "OIC opens an office in Kabul", "office",
         "conflict prevention and mediation", "AFG", "Kabul", "AFG", "OIC", None, "paper", "S/2013/588 ¶13"),
        ("mediation", "2012-04-03", "2012-04-04", "day", "Joint consultative session on mediation", "meeting",
         "conflict prevention and mediation", "SAU", "Jeddah", None, "OIC;UN;OSCE", None, "paper",
         "S/2013/588 ¶9"),
        ("ocha", "2011-11", None, "month", "OCHA and OIC sign a memorandum", "agreement",
         "humanitarian assistance and refugees", None, None, None, "OCHA;OIC", None, "context",
         "https://example.org/ocha"),
        ("darfur", None, None, "undated", "UN and OIC facilitate negotiations on Darfur", "joint work",
         "conflict prevention and mediation", None, None, "SDN", "UN;OIC", None, "paper", "S/2013/588 ¶13"),
        ("founded", "1969-09-25", None, "day", "OIC established at the Rabat summit", "founding", None,
         "MAR", "Rabat", None, "OIC", None, "context", "https://example.org/founded"),
        ("ct-meeting", "2013-05-28", "2013-05-30", "day", "Meeting on resolution 1624 (2005)", "meeting",
         "counter-terrorism", "SAU", "Jeddah", None, "OIC;CTED", None, "paper", "S/2013/588 ¶11"),
        ("later", "2018-12-13", None, "day", "A later resolution", "resolution", "institutional cooperation",
         None, None, None, "General Assembly;OIC", None, "context", "https://example.org/later"),
    ]
    return pd.DataFrame(rows, columns=EVENT_COLUMNS)


def _members_small() -> pd.DataFrame:
    rows = [
        ("Afghanistan", "AFG", 1969, "Asia", "Asian", "stated"),
        ("Saudi Arabia", "SAU", 1969, "Asia", "Arab", "inferred"),
        ("Senegal", "SEN", 1969, "Africa", "African", "inferred"),
        ("Sudan", "SDN", 1969, "Africa", "Arab", "inferred"),
        ("Albania", "ALB", 1992, "Europe", "Asian", "stated"),
        ("Guyana", "GUY", 1998, "South America", "Asian", "stated"),
    ]
    frame = pd.DataFrame(rows, columns=["name", "iso3", "joined_year", "continent", "oic_group", "oic_group_basis"])
    frame["sources"] = "test"
    return frame


ISO_SMALL = {"AFG": "004", "SAU": "682", "SEN": "686", "SDN": "729", "ALB": "008", "GUY": "328", "CHE": "756"}


def _square_arc(lon: float, lat: float, size: float, scale: float = 0.01) -> list[list[int]]:
    """A closed square as one quantised, delta-encoded arc (counter-clockwise)."""
    x0, y0, d = round((lon + 180) / scale), round((lat + 90) / scale), round(size / scale)
    return [[x0, y0], [d, 0], [0, d], [-d, 0], [0, -d]]


def _world_small() -> dict:
    places = {"004": (66, 33), "682": (45, 23), "686": (-15, 14), "729": (30, 13), "008": (20, 41),
              "328": (-59, 5), "756": (8, 46)}
    arcs, geometries = [], []
    for i, (code, (lon, lat)) in enumerate(places.items()):
        arcs.append(_square_arc(lon, lat, 4))
        geometries.append({"type": "Polygon", "id": code, "arcs": [[i]], "properties": {"name": code}})
    return {
        "type": "Topology",
        "transform": {"scale": [0.01, 0.01], "translate": [-180, -90]},
        "arcs": arcs,
        "objects": {"countries": {"type": "GeometryCollection", "geometries": geometries}},
    }


def _ga_small() -> pd.DataFrame:
    rows = [
        (30, "A/RES/3369 (XXX)", "1975-10-10", "src"),
        (35, "A/RES/35/36", "1980-11-14", "src"),
        (36, "A/RES/36/23", "1981-11-09", "src"),
        (49, "A/RES/49/15", None, "src"),
        (67, "A/RES/67/264", None, "S/2013/588 ¶6"),
        (73, "A/RES/73/135", "2018-12-13", "http://www.un.org/press/en/2018/ga12105.doc.htm"),
    ]
    return pd.DataFrame(rows, columns=["session", "resolution", "adopted", "source"])


# -------------------------------------------------------------------------------------------------
# the real data, when the loaders are there
# -------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def real():
    data = pytest.importorskip("briefing.data")
    try:
        iso = data.load_iso3166()
        return {
            "events": data.load_events(),
            "members": data.load_members(),
            "series": data.load_ga_series(),
            "world": data.load_world(),
            "iso_numeric": dict(zip(iso["alpha3"], iso["numeric"])),
            "names": dict(zip(iso["alpha3"], iso["name"])),
        }
    except (FileNotFoundError, KeyError, AttributeError) as exc:  # data not in place yet
        pytest.skip(f"real data not loadable: {exc}")


def _build_all(events, members, series, world, iso_numeric):
    return {
        "timeline": F.timeline(events),
        "by_area": F.by_area(events),
        "member_map": F.member_map(members, world, iso_numeric, events),
        "membership": F.membership(members),
        "ga_series": F.ga_series(series),
    }


@pytest.fixture(scope="module")
def small_figures():
    return _build_all(_events_small(), _members_small(), _ga_small(), _world_small(), ISO_SMALL)


@pytest.fixture(scope="module")
def real_figures(real):
    return _build_all(real["events"], real["members"], real["series"], real["world"], real["iso_numeric"])


# -------------------------------------------------------------------------------------------------
# helpers
# -------------------------------------------------------------------------------------------------
def _renderer(fig: Figure):
    fig.canvas.draw()
    return fig.canvas.get_renderer()


def _overlapping(texts: list[Text], renderer, tolerance: float = 0.5) -> list[tuple[str, str]]:
    """Pairs of texts whose drawn boxes overlap by more than ``tolerance`` pixels."""
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts if t.get_text().strip()]
    clashes = []
    for (a, p), (b, q) in itertools.combinations(boxes, 2):
        if (min(p.x1, q.x1) - max(p.x0, q.x0) > tolerance) and (min(p.y1, q.y1) - max(p.y0, q.y0) > tolerance):
            clashes.append((a, b))
    return clashes


def _check_figure(fig: Figure) -> None:
    assert isinstance(fig, Figure)
    assert fig.get_size_inches()[0] == pytest.approx(TEXT_WIDTH_IN)
    assert fig.get_suptitle() == ""
    for ax in fig.axes:
        assert ax.get_title() == "" and ax.get_title("left") == "" and ax.get_title("right") == ""
    drawn = sum(len(ax.patches) + len(ax.lines) + len(ax.collections) for ax in fig.axes)
    assert drawn > 0, "the figure draws nothing"
    renderer = _renderer(fig)
    small = [
        (t.get_text(), t.get_fontsize())
        for t in fig.findobj(Text)
        if t.get_text().strip() and t.get_visible() and t.get_fontsize() < 8
    ]
    assert not small, f"text below 8 pt: {small}"
    # every visible text lies inside the figure
    outside = []
    for t in fig.findobj(Text):
        if t.get_text().strip() and t.get_visible():
            box = t.get_window_extent(renderer)
            if box.x0 < -1 or box.y0 < -1 or box.x1 > fig.bbox.x1 + 1 or box.y1 > fig.bbox.y1 + 1:
                outside.append(t.get_text())
    assert not outside, f"text outside the figure: {outside}"


# -------------------------------------------------------------------------------------------------
# TopoJSON
# -------------------------------------------------------------------------------------------------
def test_topojson_decodes_quantised_delta_arcs_and_reversed_arcs():
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.5, 0.25], "translate": [10, 20]},
        # arc 0: (0,0) -> (4,0) -> (4,4); arc 1: (4,4) -> (0,4) -> (0,0)
        "arcs": [[[0, 0], [4, 0], [0, 4]], [[4, 4], [-4, 0], [0, -4]]],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "id": "001", "arcs": [[0, 1]], "properties": {"name": "A"}},
            {"type": "Polygon", "id": "002", "arcs": [[~1, ~0]], "properties": {"name": "B"}},
            {"type": None, "id": "003", "properties": {"name": "empty"}},
        ]}},
    }
    a, b, empty = topojson.features(topology)
    ring = a.polygons[0][0]
    expected = np.array([[10, 20], [12, 20], [12, 21], [10, 21], [10, 20]], dtype=float)
    np.testing.assert_allclose(ring, expected)
    assert topojson.signed_area(ring) > 0  # exterior counter-clockwise
    # walking both arcs backwards gives the same ring, re-oriented counter-clockwise
    assert topojson.signed_area(b.polygons[0][0]) > 0
    assert sorted(map(tuple, b.polygons[0][0][:-1])) == sorted(map(tuple, expected[:-1]))
    assert empty.polygons == [] and a.name == "A" and a.bounds == (10, 20, 12, 21)


def test_topojson_holes_stay_empty():
    outer = [[0, 0], [10, 0], [0, 10], [-10, 0], [0, -10]]
    inner = [[3, 3], [4, 0], [0, 4], [-4, 0], [0, -4]]  # counter-clockwise too: must be flipped
    topology = {
        "type": "Topology", "transform": {"scale": [1, 1], "translate": [0, 0]}, "arcs": [outer, inner],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "MultiPolygon", "id": "1", "arcs": [[[0], [1]]]}]}},
    }
    (feature,) = topojson.features(topology)
    exterior, hole = feature.polygons[0]
    assert topojson.signed_area(exterior) > 0 > topojson.signed_area(hole)
    path = topojson.to_path(feature.polygons)
    assert path.codes[0] == MplPath.MOVETO and set(path.codes[1:5]) == {MplPath.LINETO}
    assert path.should_simplify or len(path.vertices) < 128
    # draw it: matplotlib fills by the non-zero rule, so the hole must come out white
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.patches import PathPatch

    fig = Figure(figsize=(1, 1), dpi=100)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    ax.add_patch(PathPatch(path, facecolor="black", edgecolor="none"))
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba())
    assert pixels[90, 10, 0] < 50  # (1, 1): filled
    assert pixels[50, 50, 0] > 200  # (5, 5): the hole


def test_topojson_rejects_what_it_is_not():
    with pytest.raises(ValueError, match="not a TopoJSON"):
        topojson.features({"type": "FeatureCollection"})
    with pytest.raises(KeyError, match="has no object 'countries'"):
        topojson.features({"type": "Topology", "arcs": [], "objects": {"land": {}}})


def test_real_world_map_has_the_small_island_members(real):
    ids = {f.id for f in topojson.features(real["world"])}
    for iso3 in ("BHR", "MDV", "COM"):  # Bahrain, Maldives, Comoros: missing from 110m
        assert real["iso_numeric"][iso3] in ids


# -------------------------------------------------------------------------------------------------
# style
# -------------------------------------------------------------------------------------------------
def test_every_area_has_its_own_colour():
    assert set(AREA_COLOURS) == set(AREAS)
    assert len(set(AREA_COLOURS.values())) == len(AREAS)


@pytest.mark.parametrize("name", ["timeline", "member_map"])
def test_save_figure_is_byte_identical_across_builds(tmp_path, name):
    def build():
        if name == "timeline":
            return F.timeline(_events_small())
        return F.member_map(_members_small(), _world_small(), ISO_SMALL, _events_small())

    first = save_figure(build(), tmp_path / "a" / name)
    second = save_figure(build(), tmp_path / "b" / name)
    assert set(first) == {"svg", "pdf", "png"}
    for fmt in first:
        assert first[fmt].name == f"{name}.{fmt}"
        assert hashlib.sha256(first[fmt].read_bytes()).digest() == hashlib.sha256(second[fmt].read_bytes()).digest(), fmt
    svg = first["svg"].read_text()
    pdf = first["pdf"].read_bytes()
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg
    assert b"CreationDate" not in pdf and b"Matplotlib" not in pdf
    assert "<text" not in svg  # text as paths: the SVG needs no font
    assert first["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_save_figure_twice_on_one_figure(tmp_path):
    fig = F.membership(_members_small())
    a = save_figure(fig, tmp_path / "one")
    bytes_a = {k: v.read_bytes() for k, v in a.items()}
    b = save_figure(fig, tmp_path / "one")
    assert {k: v.read_bytes() for k, v in b.items()} == bytes_a


def test_png_is_200_dpi(tmp_path):
    from PIL import Image

    fig = F.membership(_members_small())
    png = save_figure(fig, tmp_path / "m")["png"]
    with Image.open(png) as image:
        width, height = image.size
    assert width == round(TEXT_WIDTH_IN * 200)


# -------------------------------------------------------------------------------------------------
# the figures build, with small frames and with the real data
# -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["timeline", "by_area", "member_map", "membership", "ga_series"])
def test_small_figures_build(small_figures, name):
    _check_figure(small_figures[name])


@pytest.mark.parametrize("name", ["timeline", "by_area", "member_map", "membership", "ga_series"])
def test_real_figures_build(real_figures, name):
    _check_figure(real_figures[name])


def test_figures_do_not_touch_pyplot():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    F.membership(_members_small())
    F.timeline(_events_small())
    assert plt.get_fignums() == before


# -------------------------------------------------------------------------------------------------
# labels do not overlap
# -------------------------------------------------------------------------------------------------
def test_timeline_labels_do_not_overlap_small(small_figures):
    fig = small_figures["timeline"]
    assert _overlapping(fig._briefing_labels, _renderer(fig)) == []


def test_timeline_labels_do_not_overlap_real(real_figures):
    fig = real_figures["timeline"]
    labels = fig._briefing_labels
    assert len(labels) >= len(AREAS)
    assert _overlapping(labels, _renderer(fig)) == []


def test_timeline_labels_do_not_overlap_when_crowded():
    rows = []
    for k in range(14):  # fourteen events in one lane within two years, some with long titles
        rows.append((f"e{k}", f"2012-{k % 12 + 1:02d}-01", None, "day",
                     "Meeting " + "on a long subject " * (k % 4), "meeting", "counter-terrorism", None, None,
                     None, "OIC", None, "paper" if k % 2 else "context", "S/2013/588 ¶11"))
    rows.append(("y", "2013", None, "year", "Programme", "programme", "counter-terrorism", None, None, None,
                 "UN", None, "paper", "S/2013/588 ¶10"))
    events = pd.DataFrame(rows, columns=EVENT_COLUMNS)
    fig = F.timeline(events)
    assert _overlapping(fig._briefing_labels, _renderer(fig)) == []
    _check_figure(fig)


def test_ga_series_notes_do_not_overlap(real_figures, small_figures):
    for fig in (real_figures["ga_series"], small_figures["ga_series"]):
        texts = fig._briefing_labels
        assert len(texts) == 1 + 4  # the briefing line's label and the four notes
        assert _overlapping(texts, _renderer(fig)) == []


def test_timeline_places_each_event_by_its_precision(small_figures):
    fig = small_figures["timeline"]
    labels = {t.get_gid(): t for t in fig._briefing_labels}
    # every event but the one after 2013 is labelled; the undated one in the band
    for event_id in ("observer", "kabul", "mediation", "ocha", "darfur", "founded", "ct-meeting"):
        assert f"timeline-label-{event_id}" in labels
    assert "timeline-label-later" not in labels
    assert labels["timeline-label-darfur"].axes is not labels["timeline-label-kabul"].axes


def test_short_titles_name_real_events(real):
    ids = set(real["events"]["id"])
    stale = sorted(set(F.SHORT_TITLES) - ids)
    assert not stale, f"SHORT_TITLES has ids not in data/events.csv: {stale}"


# -------------------------------------------------------------------------------------------------
# the words follow the data
# -------------------------------------------------------------------------------------------------
def _all_text(t: F.FigureText) -> str:
    assert isinstance(t, F.FigureText)
    assert t.caption and t.alt and t.source_line.startswith("Source:")
    return " ".join((t.caption, t.alt, t.source_line))


def test_timeline_text_follows_the_data():
    events = _events_small()
    text = F.timeline_text(events)
    _all_text(text)
    # 8 rows: one after 2013, one with no field (the OIC's founding)
    assert "6 events in 4 fields, with 1 milestone of the OIC itself" in text.caption
    assert "Not shown: 1 later event" in text.caption
    assert "1 undated strand of joint work is listed" in text.caption
    assert "1969–2013" in text.caption and "Years before 2005 are compressed" in text.caption
    assert "¶6–¶13" in text.source_line
    fewer = F.timeline_text(events[events["id"] != "founded"])
    assert "6 events in 4 fields." in fewer.caption and "1975–2013" in fewer.caption
    assert "milestone" not in fewer.caption
    more = pd.concat([events, events[events["id"] == "kabul"].assign(id="kabul2")], ignore_index=True)
    assert "7 events in 4 fields" in F.timeline_text(more).caption


def test_by_area_text_follows_the_data():
    events = _events_small()
    text = F.by_area_text(events)
    _all_text(text)
    assert "6 activities" in text.caption  # the founding has no field
    assert "conflict prevention and mediation has the most (3)" in text.caption
    assert "OSCE" in text.caption
    more = pd.concat([events, events[events["id"] == "ocha"].assign(id="ocha2")], ignore_index=True)
    assert "7 activities" in F.by_area_text(more).caption


def test_member_map_text_follows_the_data():
    members, events = _members_small(), _events_small()
    text = F.member_map_text(members, events, country_names={"SDN": "Sudan"})
    _all_text(text)
    assert "6 member States" in text.caption
    assert "African 1, Arab 2 and Asian 3" in text.caption
    assert "Afghanistan and Sudan" in text.caption  # theatres
    assert "Kabul" in text.caption and "Jeddah" in text.caption
    moved = members.assign(oic_group=members["oic_group"].where(members["iso3"] != "SAU", "African"))
    assert "African 2, Arab 1 and Asian 3" in F.member_map_text(moved, events).caption


def test_membership_check_and_text_follow_the_data():
    members = _members_small()
    assert F.membership_check(members) == {"members": 6, "continents": 4, "founding": 4}
    text = F.membership_text(members)
    _all_text(text)
    assert "6 member States from 4 continents" in text.caption
    fewer = members[members["iso3"] != "GUY"]
    assert F.membership_check(fewer) == {"members": 5, "continents": 3, "founding": 4}
    assert "5 member States from 3 continents" in F.membership_text(fewer).caption


def test_ga_series_text_follows_the_data():
    series = _ga_small()
    text = F.ga_series_text(series)
    _all_text(text)
    assert "6 resolutions" in text.caption and "4 with a confirmed adoption date" in text.caption
    dated = series.assign(adopted=series["adopted"].where(series["session"] != 49, "1994-12-01"))
    assert "5 with a confirmed adoption date" in F.ga_series_text(dated).caption
    assert "un.org" in text.source_line and "S/2013/588" in text.source_line


def test_membership_check_on_real_data_matches_the_paper(real):
    # the paper: "With 57 member States from four continents"; the OIC: 25 founding members
    assert F.membership_check(real["members"]) == {"members": 57, "continents": 4, "founding": 25}


def test_real_texts(real):
    texts = [
        F.timeline_text(real["events"]),
        F.by_area_text(real["events"]),
        F.member_map_text(real["members"], real["events"], country_names=real["names"]),
        F.membership_text(real["members"]),
        F.ga_series_text(real["series"]),
    ]
    for text in texts:
        _all_text(text)
    assert "57 member States from 4 continents" in texts[3].caption
    assert "Bosnia" in texts[2].caption  # a theatre that is not a member, named from iso3166


# -------------------------------------------------------------------------------------------------
# bad input fails with a clear message
# -------------------------------------------------------------------------------------------------
def test_unknown_area_is_an_error():
    events = _events_small()
    events.loc[0, "area"] = "space exploration"
    with pytest.raises(ValueError, match="unknown area"):
        F.timeline(events)


def test_unknown_city_is_an_error():
    events = _events_small()
    events.loc[1, "cities"] = "Atlantis"
    with pytest.raises(KeyError, match="no coordinates for office city 'Atlantis'"):
        F.member_map(_members_small(), _world_small(), ISO_SMALL, events)


def test_member_without_numeric_code_is_an_error():
    iso = {k: v for k, v in ISO_SMALL.items() if k != "GUY"}
    with pytest.raises(KeyError, match="numeric code for member 'GUY'"):
        F.member_map(_members_small(), _world_small(), iso, _events_small())


def test_city_coordinates_cover_the_real_events(real):
    events = real["events"]
    for kinds in (F.OFFICE_KINDS, F.MEETING_KINDS):
        for city in F._event_cities(events, kinds):
            assert city in F.CITY_COORDS


def test_world_small_is_json_serialisable():
    json.dumps(_world_small())


def test_thinning_keeps_tiny_islands_and_shared_ends():
    island = np.array([[0, 0], [0.01, 0], [0.01, 0.01], [0, 0.01], [0, 0]], dtype=float)
    assert len(topojson.thin_arc(island, 0.04)) == len(island)
    border = np.array([[0, 0], [1, 0.001], [2, 0], [3, 0.5], [4, 0]], dtype=float)
    thinned = topojson.thin_arc(border, 0.04)
    assert thinned[0].tolist() == [0, 0] and thinned[-1].tolist() == [4, 0]
    assert [1, 0.001] not in thinned.tolist() and [3, 0.5] in thinned.tolist()


def test_real_map_keeps_every_member(real):
    feats = topojson.features(real["world"], tolerance=F.MAP_TOLERANCE_DEG)
    by_id = {f.id: f for f in feats}
    for iso3 in real["members"]["iso3"]:
        code = real["iso_numeric"][iso3]
        assert code in by_id, iso3
        path = topojson.to_path(by_id[code].polygons)
        assert len(path.vertices) >= 4, f"{iso3} thinned away"
