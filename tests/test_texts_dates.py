"""Dates from the texts: what they fill in data/, and the check that stops on a disagreement."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys

import pytest

from briefing import DATA_DIR, ROOT, data, texts
from briefing.texts import dates

pytestmark = pytest.mark.data


def rows(path):
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_67_264_is_dated_from_its_text():
    instruments = {r["symbol"]: r for r in rows(DATA_DIR / "instruments.csv")}
    row = instruments["A/RES/67/264"]
    assert row["date"] == "2013-05-17"
    assert row["date_source"] == "A/RES/67/264, adoption line (data/texts/A-RES-67-264.txt, line 13)"
    raw = (DATA_DIR / "texts" / "A-RES-67-264.txt").read_text(encoding="utf-8").split("\n")
    assert raw[12] == "Resolution adopted by the General Assembly on 17 May 2013"


def test_no_blank_date_that_a_held_text_states():
    series = {r["resolution"]: r for r in rows(DATA_DIR / "ga_series.csv")}
    instruments = {r["symbol"]: r for r in rows(DATA_DIR / "instruments.csv")}
    stated = dates.statements()
    assert len({s.symbol for s in stated}) >= 30
    for s in stated:
        for table, column in ((series, "adopted"), (instruments, "date")):
            if s.symbol in table:
                assert table[s.symbol][column] == s.date.isoformat(), (s.symbol, s.source)
    # the series members the texts reveal are rows, each sourced to a text
    for symbol in ("A/RES/63/114", "A/RES/65/140", "A/RES/69/317", "A/RES/72/74"):
        assert series[symbol]["adopted_source"].startswith(("A/RES/63/114", "A/RES/65/140", "A/RES/73/135"))
    assert series["A/RES/49/15"]["adopted_source"] == ("A/RES/67/264, first preambular paragraph (data/texts/A-RES-67-264.txt, line 19)")
    data.validate(DATA_DIR)


def test_every_stated_date_agrees_with_the_data():
    dates.check(DATA_DIR)  # raises on the first disagreement


@pytest.fixture
def data_copy(tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(DATA_DIR, root / "data")
    return root / "data"


def _edit(path, key, column, value):
    fields = list(rows(path)[0])
    table = rows(path)
    for r in table:
        if r[fields[0]] == key or r.get("resolution") == key:
            r[column] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(table)


def test_a_date_the_text_contradicts_stops_naming_both(data_copy):
    _edit(data_copy / "ga_series.csv", "A/RES/37/4", "adopted", "1982-10-23")
    with pytest.raises(data.DataError) as caught:
        texts.validate(data_copy)
    assert str(caught.value) == (
        'data/ga_series.csv, row 5, column "adopted": expected 1982-10-22 (A/RES/67/264, first preambular '
        'paragraph (data/texts/A-RES-67-264.txt, line 19)), found "1982-10-23"'
    )


def test_an_instrument_date_the_text_contradicts(data_copy):
    _edit(data_copy / "instruments.csv", "S/RES/1963 (2010)", "date", "2010-12-21")
    with pytest.raises(data.DataError) as caught:
        dates.check(data_copy)
    assert str(caught.value) == (
        'data/instruments.csv, row 11, column "date": expected 2010-12-20 (S/RES/1963 (2010), adoption line '
        '(data/texts/S-RES-1963-2010.txt, line 12)), found "2010-12-21"'
    )


def test_fill_dates_writes_a_blank_back_from_the_text(data_copy):
    _edit(data_copy / "instruments.csv", "A/RES/67/264", "date", "")
    _edit(data_copy / "instruments.csv", "A/RES/67/264", "date_source", "")
    changes = dates.fill(data_copy)
    assert changes == [
        "data/instruments.csv, row 8: A/RES/67/264 date 2013-05-17 (A/RES/67/264, adoption line (data/texts/A-RES-67-264.txt, line 13))"
    ]
    assert (data_copy / "instruments.csv").read_bytes() == (DATA_DIR / "instruments.csv").read_bytes()
    assert dates.fill(data_copy) == []  # nothing left to fill


def test_the_adoption_event_of_a_held_text_is_dated_from_it(data_copy):
    events = {r["id"]: r for r in rows(DATA_DIR / "events.csv")}
    assert events["ga-resolution-67-264"]["start"] == "2013-05-17"
    assert events["ga-resolution-67-264"]["date_precision"] == "day"
    for column in ("start", "date_source"):
        _edit(data_copy / "events.csv", "ga-resolution-67-264", column, "")
    _edit(data_copy / "events.csv", "ga-resolution-67-264", "date_precision", "undated")
    assert dates.fill(data_copy) == [
        "data/events.csv, row 29: ga-resolution-67-264 start 2013-05-17 (A/RES/67/264, adoption line (data/texts/A-RES-67-264.txt, line 13))"
    ]
    assert (data_copy / "events.csv").read_bytes() == (DATA_DIR / "events.csv").read_bytes()


def test_an_adoption_event_the_text_contradicts(data_copy):
    _edit(data_copy / "events.csv", "ga-resolution-67-264", "start", "2013-05-18")
    with pytest.raises(data.DataError) as caught:
        dates.check(data_copy)
    assert str(caught.value) == (
        'data/events.csv, row 29, column "start": expected 2013-05-17 (A/RES/67/264, adoption line '
        '(data/texts/A-RES-67-264.txt, line 13)), found "2013-05-18"'
    )
    # an event that merely cites the text (joint work under it) is not its adoption
    _edit(data_copy / "events.csv", "ga-resolution-67-264", "start", "2013-05-17")
    _edit(data_copy / "events.csv", "alliance-of-civilizations", "start", "2011")
    dates.check(data_copy)


def test_the_fill_dates_command_on_the_real_data_changes_nothing():
    before = {p.name: p.read_bytes() for p in DATA_DIR.glob("*.csv")}
    result = subprocess.run([sys.executable, "-m", "briefing", "texts", "fill-dates"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "no blank date that a held text states\n"
    assert {p.name: p.read_bytes() for p in DATA_DIR.glob("*.csv")} == before
