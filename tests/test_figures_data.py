"""The charts on today's data: what they say about it, and that no caption claims agreement with
the paper that the data do not show (checked on a copy of data/ with one member State removed).

A corrected fact in data/ may fail a test here; the charts' mechanics are in ``test_figures.py``.
"""

from __future__ import annotations

import csv
import itertools
import shutil

import pytest
from matplotlib.text import Text

from briefing import DATA_DIR, activity, data, figures
from briefing.figures import charts, topojson
from briefing.figures.member_map import MAP_TOLERANCE_DEG, event_cities

pytestmark = pytest.mark.data

#: Words that say the data agree with the paper.
AGREEMENT = ("as the concept paper says", "the data agree", "as the paper says")


@pytest.fixture(scope="module")
def today():
    return {stem: make() for stem, make in figures.CHARTS.items()}


@pytest.fixture(scope="module")
def drawn(today):
    return {stem: chart.draw() for stem, chart in today.items()}


def _words(chart: figures.Chart) -> str:
    return " ".join((chart.text.caption, chart.text.alt, chart.text.source_line))


def _overlapping(fig) -> list[tuple[str, str]]:
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in fig._briefing_labels if t.get_text().strip()]
    return [
        (a, b)
        for (a, p), (b, q) in itertools.combinations(boxes, 2)
        if min(p.x1, q.x1) - max(p.x0, q.x0) > 0.5 and min(p.y1, q.y1) - max(p.y0, q.y0) > 0.5
    ]


def test_membership_matches_the_paper_today(today):
    # the paper: "With 57 member States from four continents"; the OIC: 25 founding members
    assert figures.membership_check(data.load_members()) == {"members": 57, "continents": 4, "founding": 25}
    assert activity.paper_membership_claim() == {"members": 57, "continents": 4, "words": "57 member States from four continents"}
    assert "57 member States from 4 continents" in today["membership"].text.caption
    assert "as the concept paper says" in today["membership"].text.caption
    statement = activity.membership_statement()
    assert "57 member States on 4 continents" in statement and "the data agree" in statement


def test_map_caption_names_a_theatre_that_is_not_a_member(today):
    assert "Bosnia" in today["member-map"].text.caption  # named from iso3166.csv
    assert "boundaries Natural Earth 4.1.0" in today["member-map"].text.source_line


def test_ga_series_marks_the_briefing_from_its_event_row(today):
    assert charts.meeting_date(data.load_events()).isoformat() == "2013-10-28"
    assert today["ga-series"].text.caption.endswith("the Council briefing of 28 October 2013.")


@pytest.mark.parametrize("stem", list(figures.CHARTS))
def test_every_chart_builds_on_todays_data(today, drawn, stem):
    fig = drawn[stem]
    assert fig.get_size_inches()[0] == pytest.approx(6.3)
    assert all(t.get_fontsize() >= 8 for t in fig.findobj(Text) if t.get_text().strip())
    assert today[stem].text.source_line.startswith("Source:")


def test_labels_do_not_overlap_on_todays_data(drawn):
    assert len(drawn["timeline"]._briefing_labels) >= len(charts.areas())
    assert _overlapping(drawn["timeline"]) == []
    assert len(drawn["ga-series"]._briefing_labels) == 1 + len(data.load_table("ga_notes"))
    assert _overlapping(drawn["ga-series"]) == []


def test_every_marked_city_has_coordinates():
    cities = {r["city"]: r for r in data.load_table("cities").to_dict("records")}
    marks = dict(zip(data.load_table("event_kinds")["kind"], data.load_table("event_kinds")["map_mark"]))
    events = data.load_events()
    for mark in ("office", "meeting"):
        for city in event_cities(events, marks, mark):
            assert city in cities and cities[city]["latitude"], city


def test_the_map_has_every_member_and_the_small_islands():
    iso = data.load_iso3166()
    numeric = dict(zip(iso["alpha3"], iso["numeric"]))
    world = data.load_world()
    by_id = {f.id: f for f in topojson.features(world, tolerance=MAP_TOLERANCE_DEG)}
    for iso3 in ("BHR", "MDV", "COM"):  # Bahrain, Maldives, Comoros: missing from the 1:110m map
        assert numeric[iso3] in by_id
    for iso3 in data.load_members()["iso3"]:
        path = topojson.to_path(by_id[numeric[iso3]].polygons)
        assert len(path.vertices) >= 4, f"{iso3} thinned away"


# -------------------------------------------------------------------------------------------------
# no false claim: a copy of data/ with one member State removed
# -------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def one_member_fewer(tmp_path_factory):
    copy = tmp_path_factory.mktemp("data-copy") / "data"
    shutil.copytree(DATA_DIR, copy)
    path = copy / "oic_members.csv"
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    kept = [r for r in body if r[header.index("name")] != "Albania"]  # the one European member
    assert len(kept) == len(body) - 1
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([header, *kept])
    return copy


def test_no_caption_claims_agreement_the_data_do_not_show(one_member_fewer):
    texts = {stem: _words(make(one_member_fewer)) for stem, make in figures.CHARTS.items()}
    statement = activity.membership_statement(root=one_member_fewer)
    for where, words in [*texts.items(), ("statement", statement)]:
        for phrase in AGREEMENT:
            assert phrase not in words, f"{where}: {phrase!r}"
        # 57 appears only inside the paper's own words, quoted
        assert (
            words.replace("“57 member States from four continents”", "").replace('"57 member States from four continents"', "").count("57 member")
            == 0
        ), where
    caption = figures.CHARTS["membership"](one_member_fewer).text.caption
    assert (
        "56 member States from 3 continents (Africa 27, Asia 27 and South America 2); the concept paper "
        "(¶4) says “57 member States from four continents”."
    ) in caption
    assert "the data do not agree" in statement and "56 member States on 3 continents" in statement
    assert "The OIC's 56 member States" in texts["member-map"]
