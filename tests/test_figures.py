"""The charts' mechanics on small hand-made frames: they build, they are not empty, their words
follow the data, labels do not overlap, the label placer and the text measuring behave, saving is
byte-for-byte repeatable, and the figure cache redraws exactly when a chart's own inputs change.

Facts about today's data are checked in ``test_figures_data.py``.
"""

from __future__ import annotations

import itertools
from datetime import date

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.text import Text

from briefing.figures import by_area as BA
from briefing.figures import ga_series as GA
from briefing.figures import labels, publish, style, topojson
from briefing.figures import member_map as MM
from briefing.figures import membership as MS
from briefing.figures import timeline as TL
from briefing.figures.charts import Chart
from briefing.figures.common import FigureText
from briefing.figures.style import AREA_COLOURS, TEXT_WIDTH_IN, save_figure

pytestmark = pytest.mark.unit

#: The fields of cooperation as fixture data (the book reads them from datapackage.json).
AREAS = (
    "conflict prevention and mediation",
    "counter-terrorism",
    "humanitarian assistance and refugees",
    "human rights",
    "intercultural dialogue",
    "peacebuilding and reconstruction",
    "institutional cooperation",
)
END = 2013
BRIEFING = date(2013, 10, 28)
CITIES = {"Kabul": (34.53, 69.17), "Jeddah": (21.49, 39.19), "Rabat": (34.01, -6.83)}
MARKS = {"office": "office", "meeting": "meeting", "summit": "meeting"}
SIDES = {"OIC": "OIC", "UN": "UN", "CTED": "UN", "OCHA": "UN", "General Assembly": "UN", "OSCE": "other"}
CLAIM = {"members": 6, "continents": 4, "words": "6 member States from four continents"}
EVENT_COLUMNS = [
    "id",
    "start",
    "end",
    "date_precision",
    "title",
    "kind",
    "area",
    "places",
    "cities",
    "theatres",
    "actors",
    "instrument",
    "origin",
    "source",
]


# -------------------------------------------------------------------------------------------------
# small frames
# -------------------------------------------------------------------------------------------------
def _events_small() -> pd.DataFrame:
    rows = [
        (
            "observer",
            "1975-10-10",
            None,
            "day",
            "General Assembly grants observer status",
            "resolution",
            "institutional cooperation",
            None,
            None,
            None,
            "General Assembly;OIC",
            "A/RES/3369 (XXX)",
            "paper",
            "S/2013/588 ¶6",
        ),
        (
            "kabul",
            "2011",
            None,
            "year",
            "OIC opens an office in Kabul",
            "office",
            "conflict prevention and mediation",
            "AFG",
            "Kabul",
            "AFG",
            "OIC",
            None,
            "paper",
            "S/2013/588 ¶13",
        ),
        (
            "mediation",
            "2012-04-03",
            "2012-04-04",
            "day",
            "Joint consultative session on mediation",
            "meeting",
            "conflict prevention and mediation",
            "SAU",
            "Jeddah",
            None,
            "OIC;UN;OSCE",
            None,
            "paper",
            "S/2013/588 ¶9",
        ),
        (
            "ocha",
            "2011-11",
            None,
            "month",
            "OCHA and OIC sign a memorandum",
            "agreement",
            "humanitarian assistance and refugees",
            None,
            None,
            None,
            "OCHA;OIC",
            None,
            "context",
            "https://example.org/ocha",
        ),
        (
            "darfur",
            None,
            None,
            "undated",
            "UN and OIC facilitate negotiations on Darfur",
            "joint work",
            "conflict prevention and mediation",
            None,
            None,
            "SDN",
            "UN;OIC",
            None,
            "paper",
            "S/2013/588 ¶13",
        ),
        (
            "founded",
            "1969-09-25",
            None,
            "day",
            "OIC established at the Rabat summit",
            "founding",
            None,
            "MAR",
            "Rabat",
            None,
            "OIC",
            None,
            "context",
            "https://example.org/founded",
        ),
        (
            "ct-meeting",
            "2013-05-28",
            "2013-05-30",
            "day",
            "Meeting on resolution 1624 (2005)",
            "meeting",
            "counter-terrorism",
            "SAU",
            "Jeddah",
            None,
            "OIC;CTED",
            None,
            "paper",
            "S/2013/588 ¶11",
        ),
        (
            "later",
            "2018-12-13",
            None,
            "day",
            "A later resolution",
            "resolution",
            "institutional cooperation",
            None,
            None,
            None,
            "General Assembly;OIC",
            None,
            "context",
            "https://example.org/later",
        ),
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
    places = {"004": (66, 33), "682": (45, 23), "686": (-15, 14), "729": (30, 13), "008": (20, 41), "328": (-59, 5), "756": (8, 46)}
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


def _ga_noted() -> pd.DataFrame:
    notes = {
        "A/RES/3369 (XXX)": "observer status for the OIC",
        "A/RES/35/36": "first resolution",
        "A/RES/67/264": "cited in the concept paper",
        "A/RES/73/135": "recalls the briefing",
    }
    series = _ga_small()
    return series.assign(chart_note=[notes.get(r) for r in series["resolution"]])


def _events_labelled() -> pd.DataFrame:
    events = _events_small()
    return events.assign(short_title=["Observer status", "OIC office, Kabul", None, None, None, None, None, None])


def _timeline(events=None, **kw):
    return TL.timeline(_events_labelled() if events is None else events, areas=AREAS, end_year=END, **kw)


def _member_map(members=None, events=None, iso=None, cities=None):
    return MM.member_map(
        _members_small() if members is None else members,
        _world_small(),
        ISO_SMALL if iso is None else iso,
        _events_small() if events is None else events,
        cities=CITIES if cities is None else cities,
        aliases={},
        marks=MARKS,
    )


def _build_all():
    events = _events_labelled()
    return {
        "timeline": _timeline(events),
        "by_area": BA.by_area(events, areas=AREAS, sides=SIDES, end_year=END),
        "member_map": _member_map(),
        "membership": MS.membership(_members_small(), end_year=END),
        "ga_series": GA.ga_series(_ga_noted(), briefing=BRIEFING),
    }


@pytest.fixture(scope="module")
def small_figures():
    return _build_all()


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
    small = [(t.get_text(), t.get_fontsize()) for t in fig.findobj(Text) if t.get_text().strip() and t.get_visible() and t.get_fontsize() < 8]
    assert not small, f"text below 8 pt: {small}"
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
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "id": "001", "arcs": [[0, 1]], "properties": {"name": "A"}},
                    {"type": "Polygon", "id": "002", "arcs": [[~1, ~0]], "properties": {"name": "B"}},
                    {"type": None, "id": "003", "properties": {"name": "empty"}},
                ],
            }
        },
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
        "type": "Topology",
        "transform": {"scale": [1, 1], "translate": [0, 0]},
        "arcs": [outer, inner],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [{"type": "MultiPolygon", "id": "1", "arcs": [[[0], [1]]]}]}},
    }
    (feature,) = topojson.features(topology)
    exterior, hole = feature.polygons[0]
    assert topojson.signed_area(exterior) > 0 > topojson.signed_area(hole)
    path = topojson.to_path(feature.polygons)
    # two rings of five points each (the last repeats the first): a move and four lines each
    ring_codes = [MplPath.MOVETO] + [MplPath.LINETO] * 4
    assert list(path.codes) == ring_codes * 2
    # draw it: matplotlib fills by the non-zero rule, so the hole must come out white
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


def test_thinning_keeps_tiny_islands_and_shared_ends():
    island = np.array([[0, 0], [0.01, 0], [0.01, 0.01], [0, 0.01], [0, 0]], dtype=float)
    assert len(topojson.thin_arc(island, 0.04)) == len(island)
    border = np.array([[0, 0], [1, 0.001], [2, 0], [3, 0.5], [4, 0]], dtype=float)
    thinned = topojson.thin_arc(border, 0.04)
    assert thinned[0].tolist() == [0, 0] and thinned[-1].tolist() == [4, 0]
    assert [1, 0.001] not in thinned.tolist() and [3, 0.5] in thinned.tolist()


# -------------------------------------------------------------------------------------------------
# style and saving
# -------------------------------------------------------------------------------------------------
def test_every_area_has_its_own_colour():
    assert set(AREAS) <= set(AREA_COLOURS)
    assert len(set(AREA_COLOURS.values())) == len(AREA_COLOURS)


@pytest.mark.parametrize("name", ["ga_series", "member_map"])
def test_save_figure_is_byte_identical_across_builds(tmp_path, name):
    def build():
        return GA.ga_series(_ga_noted(), briefing=BRIEFING) if name == "ga_series" else _member_map()

    first = save_figure(build(), tmp_path / "a" / name)
    second = save_figure(build(), tmp_path / "b" / name)
    assert set(first) == {"svg", "pdf", "png"}
    for fmt in first:
        assert first[fmt].name == f"{name}.{fmt}"
        assert first[fmt].read_bytes() == second[fmt].read_bytes(), fmt
    svg = first["svg"].read_text()
    pdf = first["pdf"].read_bytes()
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg
    assert b"CreationDate" not in pdf and b"Matplotlib" not in pdf
    assert "<text" not in svg  # text as paths: the SVG needs no font
    assert first["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_save_figure_twice_on_one_figure(tmp_path):
    fig = MS.membership(_members_small(), end_year=END)
    a = save_figure(fig, tmp_path / "one")
    bytes_a = {k: v.read_bytes() for k, v in a.items()}
    b = save_figure(fig, tmp_path / "one")
    assert {k: v.read_bytes() for k, v in b.items()} == bytes_a


def test_pdfs_share_one_font_subset_per_process_and_fall_back_when_a_glyph_is_missing(monkeypatch):
    cuts = []

    def exact(fontfile, glyphs):
        cuts.append(frozenset(glyphs))
        return real(fontfile, glyphs)

    real = style._subset_exactly
    monkeypatch.setattr(style, "_subset_exactly", exact)
    monkeypatch.setattr(style, "_subsets", {})
    first = style.render(MS.membership(_members_small(), end_year=END), "pdf")
    style.render(GA.ga_series(_ga_noted(), briefing=BRIEFING), "pdf")
    assert len(cuts) == len(style._subsets) >= 1  # one cut per font, whatever the figures hold
    assert style.render(MS.membership(_members_small(), end_year=END), "pdf") == first
    members = _members_small().assign(continent=["Asia", "Asia", "Africa", "Africa", "Европа", "South America"])
    style.render(MS.membership(members, end_year=END), "pdf")  # Cyrillic: not in the repertoire
    assert len(cuts) == len(style._subsets) + 1
    assert not cuts[-1] <= style._subsets[next(iter(style._subsets))][0]


def test_png_is_200_dpi(tmp_path):
    from PIL import Image

    png = save_figure(MS.membership(_members_small(), end_year=END), tmp_path / "m")["png"]
    with Image.open(png) as image:
        width, _ = image.size
    assert width == round(TEXT_WIDTH_IN * 200)


# -------------------------------------------------------------------------------------------------
# the figures build
# -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["timeline", "by_area", "member_map", "membership", "ga_series"])
def test_small_figures_build(small_figures, name):
    _check_figure(small_figures[name])


def test_figures_do_not_touch_pyplot():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    MS.membership(_members_small(), end_year=END)
    _timeline()
    assert plt.get_fignums() == before


# -------------------------------------------------------------------------------------------------
# labels: measured once, placed without overlap
# -------------------------------------------------------------------------------------------------
class _CountingRenderer:
    """A renderer stand-in that counts how often each string is measured."""

    dpi = 100.0

    def __init__(self):
        self.calls: dict[str, int] = {}

    def get_text_width_height_descent(self, text, prop, ismath=False):
        self.calls[text] = self.calls.get(text, 0) + 1
        return 6.0 * len(text), 10.0, 2.0


@pytest.fixture
def fresh_measures(monkeypatch):
    monkeypatch.setattr(labels, "_sizes", {})


def test_text_is_measured_once_per_string_and_font(fresh_measures):
    renderer = _CountingRenderer()
    title = "General Assembly resolution on cooperation between the United Nations and the OIC"
    for _ in range(3):
        labels.wrap(renderer, title, 8.0, 1.5)
        labels.shorten(renderer, title, 8.0, 1.5, 2)
    assert renderer.calls and max(renderer.calls.values()) == 1
    assert labels.text_size(renderer, "ab\nabcd", 8.0) == (0.24, (10 + 12) / 100)
    bold = _CountingRenderer()
    labels.text_size(bold, "Lane", 8.0, "bold")
    labels.text_size(bold, "Lane", 8.0, "normal")
    assert bold.calls["Lane"] == 2  # another font is another measurement


def test_wrap_balances_lines_and_shorten_cuts_at_a_colon(fresh_measures):
    renderer = _CountingRenderer()  # 6 px per character at 100 dpi
    wrapped = labels.wrap(renderer, "aaaa bbbb cccc dddd", 8.0, 0.9)
    assert wrapped == "aaaa bbbb\ncccc dddd"
    assert labels.shorten(renderer, "Head words: " + "tail " * 40, 8.0, 0.9, 2) == "Head words"


def test_placer_takes_the_first_clear_candidate_and_keeps_it():
    placer = labels.Placer(touching=True)
    placer.take((0, 0, 10, 1))
    candidates = [labels.Candidate((5, 0, 15, 1), "overlaps"), labels.Candidate((10, 0, 20, 1), "touches"), labels.Candidate((30, 0, 40, 1), "far")]
    assert placer.place(candidates) == "touches"
    assert placer.placed[-1] == (10, 0, 20, 1)
    strict = labels.Placer(touching=False, placed=[(0, 0, 10, 1)])
    assert strict.place(candidates) == "far"
    assert strict.place([labels.Candidate((50, 0, 60, 1), "leader", also=[(35, 0, 36, 1)])]) is None
    assert strict.place([labels.Candidate((5, 5, 6, 6), "open")], obstacles=[(5, 5, 6, 6)]) is None
    # an upside-down box (a short leader trimmed at both ends) is turned the right way first
    assert not labels.apart((0, 4, 1, 0), (0.5, 1, 2, 2))


def test_timeline_labels_do_not_overlap_small(small_figures):
    fig = small_figures["timeline"]
    assert _overlapping(fig._briefing_labels, _renderer(fig)) == []


def test_timeline_labels_do_not_overlap_when_crowded():
    rows = []
    for k in range(14):  # fourteen events in one lane within two years, some with long titles
        rows.append(
            (
                f"e{k}",
                f"2012-{k % 12 + 1:02d}-01",
                None,
                "day",
                "Meeting " + "on a long subject " * (k % 4),
                "meeting",
                "counter-terrorism",
                None,
                None,
                None,
                "OIC",
                None,
                "paper" if k % 2 else "context",
                "S/2013/588 ¶11",
            )
        )
    rows.append(("y", "2013", None, "year", "Programme", "programme", "counter-terrorism", None, None, None, "UN", None, "paper", "S/2013/588 ¶10"))
    events = pd.DataFrame(rows, columns=EVENT_COLUMNS)
    fig = _timeline(events)
    labelled = [t for t in fig._briefing_labels if (t.get_gid() or "").startswith("timeline-label-")]
    assert len(labelled) == 15
    assert _overlapping(fig._briefing_labels, _renderer(fig)) == []
    _check_figure(fig)


def test_ga_series_notes_do_not_overlap(small_figures):
    fig = small_figures["ga_series"]
    texts = fig._briefing_labels
    assert [t.get_gid() for t in texts] == ["ga-label-briefing", "ga-label-73/135", "ga-label-67/264", "ga-label-35/36", "ga-label-3369 (XXX)"]
    assert texts[0].get_text() == "Council briefing\n28 Oct 2013"
    assert _overlapping(texts, _renderer(fig)) == []


def test_ga_series_without_a_confirmed_briefing_date_draws_no_line():
    fig = GA.ga_series(_ga_noted(), briefing=None)
    assert "ga-label-briefing" not in [t.get_gid() for t in fig._briefing_labels]
    assert "dashed line" not in GA.ga_series_text(_ga_noted(), briefing=None).caption


def test_timeline_places_each_event_by_its_precision(small_figures):
    fig = small_figures["timeline"]
    labels_by_gid = {t.get_gid(): t for t in fig._briefing_labels}
    for event_id in ("observer", "kabul", "mediation", "ocha", "darfur", "founded", "ct-meeting"):
        assert f"timeline-label-{event_id}" in labels_by_gid
    assert "timeline-label-later" not in labels_by_gid
    assert labels_by_gid["timeline-label-darfur"].axes is not labels_by_gid["timeline-label-kabul"].axes
    # a short title from the data is the label; without one the title is wrapped
    assert labels_by_gid["timeline-label-kabul"].get_text() == "OIC office, Kabul"
    assert labels_by_gid["timeline-label-ocha"].get_text().replace("\n", " ") == "OCHA and OIC sign a memorandum"


# -------------------------------------------------------------------------------------------------
# the words follow the data
# -------------------------------------------------------------------------------------------------
def _all_text(t: FigureText) -> str:
    assert isinstance(t, FigureText)
    assert t.caption and t.alt and t.source_line.startswith("Source:")
    return " ".join((t.caption, t.alt, t.source_line))


def test_timeline_text_follows_the_data():
    events = _events_small()
    text = TL.timeline_text(events, areas=AREAS, end_year=END)
    _all_text(text)
    # 8 rows: one after 2013, one with no field (the OIC's founding)
    assert "6 events in 4 fields, with 1 milestone of the OIC itself" in text.caption
    assert "Not shown: 1 later event" in text.caption
    assert "1 undated strand of joint work is listed" in text.caption
    assert "1969–2013" in text.caption and "Years before 2005 are compressed" in text.caption
    assert "¶6–¶13" in text.source_line
    fewer = TL.timeline_text(events[events["id"] != "founded"], areas=AREAS, end_year=END)
    assert "6 events in 4 fields." in fewer.caption and "1975–2013" in fewer.caption
    assert "milestone" not in fewer.caption
    more = pd.concat([events, events[events["id"] == "kabul"].assign(id="kabul2")], ignore_index=True)
    assert "7 events in 4 fields" in TL.timeline_text(more, areas=AREAS, end_year=END).caption


def test_by_area_text_follows_the_data():
    events = _events_small()
    text = BA.by_area_text(events, areas=AREAS, sides=SIDES, end_year=END)
    _all_text(text)
    assert "6 activities" in text.caption  # the founding has no field
    assert "conflict prevention and mediation has the most (3)" in text.caption
    assert "OSCE" in text.caption
    more = pd.concat([events, events[events["id"] == "ocha"].assign(id="ocha2")], ignore_index=True)
    assert "7 activities" in BA.by_area_text(more, areas=AREAS, sides=SIDES, end_year=END).caption


def test_by_area_groups_actors_by_the_side_the_data_give():
    events = _events_small()
    text = BA.by_area_text(events, areas=AREAS, sides=SIDES, end_year=END).caption
    assert "5 involve both a UN and an OIC body; 1 other participant: OSCE." in text
    unconfirmed = {k: v for k, v in SIDES.items() if k != "CTED"}  # CTED's side not confirmed
    text = BA.by_area_text(events, areas=AREAS, sides=unconfirmed, end_year=END).caption
    assert "4 involve both a UN and an OIC body; 2 other participants: CTED and OSCE." in text
    # OIC side first, then the UN side (each by count, then name), then the others
    assert list(BA._actor_counts(events, AREAS, SIDES).columns) == ["OIC", "General Assembly", "UN", "CTED", "OCHA", "OSCE"]


def _map_text(members=None, events=None, cities=None, **kw):
    return MM.member_map_text(
        _members_small() if members is None else members,
        _events_small() if events is None else events,
        marks=MARKS,
        map_source="Boundaries Inc.",
        cities=CITIES if cities is None else cities,
        **kw,
    )


def test_member_map_text_follows_the_data():
    text = _map_text(country_names={"SDN": "Sudan"})
    _all_text(text)
    assert "6 member States" in text.caption
    assert "African 1, Arab 2 and Asian 3" in text.caption
    assert "Afghanistan and Sudan" in text.caption  # theatres
    assert "1 OIC office (Kabul)" in text.caption and "Jeddah" in text.caption
    assert "in three colours" in text.alt and text.source_line.endswith("boundaries Boundaries Inc..")
    members = _members_small()
    moved = members.assign(oic_group=members["oic_group"].where(members["iso3"] != "SAU", "African"))
    assert "African 2, Arab 1 and Asian 3" in _map_text(members=moved).caption


def test_member_map_marks_the_kinds_the_data_marks():
    assert MM.event_cities(_events_small(), MARKS, "meeting") == ["Jeddah"]
    assert MM.event_cities(_events_small(), {"meeting": "office"}, "office") == ["Jeddah"]
    assert MM.event_cities(_events_small(), {}, "office") == []


def test_a_city_without_confirmed_coordinates_is_left_off_and_said_so():
    cities = {**CITIES, "Jeddah": None}
    fig = _member_map(cities=cities)
    drawn = {t.get_text() for t in fig.findobj(Text)}
    assert "Kabul" in drawn and "Jeddah" not in drawn
    assert "Not on the map, their position not confirmed: Jeddah." in _map_text(cities=cities).caption
    assert "not confirmed" not in _map_text().caption


def test_membership_check_and_text_follow_the_data():
    members = _members_small()
    assert MS.membership_check(members) == {"members": 6, "continents": 4, "founding": 4}
    text = MS.membership_text(members, end_year=END, claim=CLAIM)
    _all_text(text)
    assert "6 member States from 4 continents" in text.caption
    fewer = members[members["iso3"] != "GUY"]
    assert MS.membership_check(fewer) == {"members": 5, "continents": 3, "founding": 4}
    assert "5 member States from 3 continents" in MS.membership_text(fewer, end_year=END, claim=CLAIM).caption


def test_membership_caption_claims_agreement_only_when_the_data_agree():
    members = _members_small()
    agreeing = MS.membership_text(members, end_year=END, claim=CLAIM).caption
    assert "(Africa 2, Asia 2, Europe 1 and South America 1), as the concept paper says." in agreeing
    fewer = MS.membership_text(members[members["iso3"] != "ALB"], end_year=END, claim=CLAIM).caption
    assert "concept paper says." not in fewer and "the data agree" not in fewer
    assert (
        "5 member States from 3 continents (Africa 2, Asia 2 and South America 1); the concept paper (¶4) "
        "says “6 member States from four continents”."
    ) in fewer
    assert "concept paper" not in MS.membership_text(members, end_year=END).caption  # no claim given


def test_membership_alt_names_the_largest_continents_only_when_they_hold_most():
    members = _members_small()
    assert "Africa and Asia make up most of it; Europe has 1 and South America has 1." in MS.membership_text(members, end_year=END).alt
    spread = members[members["iso3"].isin(["AFG", "SEN", "ALB", "GUY"])]  # one per continent
    alt = MS.membership_text(spread, end_year=END).alt
    assert "make up most" not in alt and "Africa has 1, Asia has 1, Europe has 1 and South America has 1." in alt


def test_paper_claim_is_read_from_the_paragraph():
    class Para:
        text = "With 12 member States from three continents, it is large."

    class Paper:
        def block(self, name):
            assert name == "para-4"
            return Para()

    assert MS.paper_claim(Paper()) == {"members": 12, "continents": 3, "words": "12 member States from three continents"}
    Para.text = "It is large."
    with pytest.raises(ValueError, match="¶4 no longer states the membership"):
        MS.paper_claim(Paper())


def test_ga_series_text_follows_the_data():
    series = _ga_noted()
    text = GA.ga_series_text(series, briefing=BRIEFING)
    _all_text(text)
    assert "6 resolutions" in text.caption and "4 with a confirmed adoption date" in text.caption
    assert text.caption.endswith("The dashed line marks the Council briefing of 28 October 2013.")
    assert "Annotated: 3369 (XXX) (1975, observer status for the OIC);" in text.alt
    dated = series.assign(adopted=series["adopted"].where(series["session"] != 49, "1994-12-01"))
    assert "5 with a confirmed adoption date" in GA.ga_series_text(dated, briefing=BRIEFING).caption
    assert "un.org" in text.source_line and "S/2013/588" in text.source_line
    assert "Annotated" not in GA.ga_series_text(_ga_small(), briefing=BRIEFING).alt


# -------------------------------------------------------------------------------------------------
# bad input fails with a clear message
# -------------------------------------------------------------------------------------------------
def test_unknown_area_is_an_error():
    events = _events_labelled()
    events.loc[0, "area"] = "space exploration"
    with pytest.raises(ValueError, match="unknown area"):
        _timeline(events)


def test_unknown_city_is_an_error():
    events = _events_small()
    events.loc[1, "cities"] = "Atlantis"
    with pytest.raises(KeyError, match="no row for office city 'Atlantis' in data/cities.csv"):
        _member_map(events=events)


def test_member_without_numeric_code_is_an_error():
    iso = {k: v for k, v in ISO_SMALL.items() if k != "GUY"}
    with pytest.raises(KeyError, match="numeric code for member 'GUY'"):
        _member_map(iso=iso)


# -------------------------------------------------------------------------------------------------
# the figure cache
# -------------------------------------------------------------------------------------------------
def _by_area_chart(events: pd.DataFrame) -> Chart:
    drawn = events[list(BA.COLUMNS)]
    return Chart(
        "by-area",
        BA.by_area_text(events, areas=AREAS, sides=SIDES, end_year=END),
        lambda: BA.by_area(drawn, areas=AREAS, sides=SIDES, end_year=END),
        {"events": drawn, "areas": AREAS, "sides": SIDES, "end_year": END},
    )


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setitem(publish._settings, "cache_dir", tmp_path / "cache")
    return tmp_path / "cache"


def test_cache_redraws_only_when_the_charts_own_inputs_change(cache, tmp_path):
    events = _events_small()
    first, hit = publish.produce(_by_area_chart(events), tmp_path / "out1")
    assert not hit and sorted(p.name for p in first.values()) == ["by-area.pdf", "by-area.png", "by-area.svg"]
    again, hit = publish.produce(_by_area_chart(events), tmp_path / "out2")
    assert hit
    assert {f: p.read_bytes() for f, p in again.items()} == {f: p.read_bytes() for f, p in first.items()}
    # a title is not drawn by this chart: still cached
    retitled = events.assign(title=events["title"] + " (edited)")
    assert publish.produce(_by_area_chart(retitled), tmp_path / "out3")[1]
    # a field of cooperation is: redrawn, and the drawing differs
    moved = events.assign(area=events["area"].where(events["id"] != "ocha", "human rights"))
    redrawn, hit = publish.produce(_by_area_chart(moved), tmp_path / "out4")
    assert not hit and redrawn["svg"].read_bytes() != first["svg"].read_bytes()
    assert len(list(cache.iterdir())) == 2


def test_timeline_keys_on_titles_only_where_a_label_shows_them():
    events = _events_labelled()
    drawn = TL.drawn_part(events)
    assert pd.isna(drawn.set_index("id").loc["kabul", "title"])  # its short title is drawn instead
    assert drawn.set_index("id").loc["darfur", "title"] == "UN and OIC facilitate negotiations on Darfur"
    retitled = events.assign(title=events["title"].where(events["id"] != "kabul", "Another title"))
    assert TL.drawn_part(retitled).equals(drawn)
    svg = lambda frame: style.render(TL.timeline(frame, areas=AREAS, end_year=END), "svg")  # noqa: E731
    assert svg(drawn) == svg(events)  # the masked titles are not drawn


def test_cached_figures_are_written_through_open(cache, tmp_path, monkeypatch):
    """The build learns what a chapter wrote from its open() calls: a copy from the cache must
    open every output for writing too."""
    chart = _by_area_chart(_events_small())
    publish.produce(chart, tmp_path / "out")
    opened = []
    real_open = open

    def spy(path, mode="r", *args, **kwargs):
        opened.append((str(path), mode))
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr(publish, "open", spy, raising=False)
    files, hit = publish.produce(chart, tmp_path / "again")
    assert hit
    assert sorted(p for p, m in opened if "w" in m) == sorted(str(p) for p in files.values())


def test_cache_key_covers_inputs_and_source(monkeypatch):
    chart = _by_area_chart(_events_small())
    key = publish.key(chart)
    assert key == publish.key(_by_area_chart(_events_small()))
    assert key != publish.key(Chart("by-area", chart.text, chart.draw, {**chart.inputs, "end_year": 2014}))
    monkeypatch.setattr(publish, "_source_digest", "another version of the package")
    assert key != publish.key(chart)
    with pytest.raises(TypeError, match="cannot key on a object"):
        publish.key(Chart("x", chart.text, chart.draw, {"thing": object()}))
