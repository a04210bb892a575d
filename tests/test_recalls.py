"""What the held texts cite: made-up texts (unit), the held texts and the after-meeting data (data)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from briefing import data, recalls, texts
from briefing.figures import series_recalls
from briefing.texts import record

SERIES = pd.DataFrame(
    [
        {"session": 30, "resolution": "A/RES/3369 (XXX)", "adopted": "1975-10-10"},
        {"session": 35, "resolution": "A/RES/35/36", "adopted": "1980-11-14"},
        {"session": 37, "resolution": "A/RES/37/4", "adopted": ""},
        {"session": 39, "resolution": "A/RES/39/7", "adopted": "1984-11-08"},
    ]
)
DOCS = [
    recalls.HeldDocument(
        "A/RES/37/4",
        "1982-10-22",
        "a-res-37-4",
        (
            ("pp-1", "Recalling its resolutions 3369 (XXX) of 10 October 1975 and 35/36 of 14 November 1980,"),
            ("op-1", "Takes note of the report of the Secretary-General (A/37/100); A/RES/37/4"),
        ),
    ),
    recalls.HeldDocument(
        "A/RES/39/7",
        "1984-11-08",
        "a-res-39-7",
        (
            ("pp-1", "Recalling its resolution 37/4 of 22 October 1982,"),
            ("op-1", "Bearing in mind Security Council resolution 1373 (2001) and Article 52 of the Charter,"),
        ),
    ),
]


@pytest.fixture(scope="module")
def found():
    return recalls.find_recalls(DOCS)


@pytest.mark.unit
def test_recalls_in_reading_order_without_the_texts_own_symbol(found):
    assert [(r.citing, r.anchor, r.cited) for r in found] == [
        ("A/RES/37/4", "pp-1", "A/RES/3369 (XXX)"),
        ("A/RES/37/4", "pp-1", "A/RES/35/36"),
        ("A/RES/37/4", "op-1", "A/37/100"),
        ("A/RES/39/7", "pp-1", "A/RES/37/4"),
        ("A/RES/39/7", "op-1", "S/RES/1373 (2001)"),
        ("A/RES/39/7", "op-1", "UN Charter Art. 52"),
    ]


@pytest.mark.unit
def test_series_rows_split_the_series_from_the_rest(found):
    rows = recalls.series_rows(DOCS, found, SERIES)
    assert [(r.symbol, r.recalled, r.beyond) for r in rows] == [
        ("A/RES/37/4", ("A/RES/3369 (XXX)", "A/RES/35/36"), ("A/37/100",)),
        ("A/RES/39/7", ("A/RES/37/4",), ("S/RES/1373 (2001)", "UN Charter Art. 52")),
    ]
    assert rows[0].date == "1982-10-22" and rows[1].date == "1984-11-08"  # the data's date when it has one


@pytest.mark.unit
def test_the_tables_and_the_summary_count_what_was_found(found):
    rows = recalls.series_rows(DOCS, found, SERIES)
    table, frame = recalls.series_table(rows, SERIES)
    assert list(frame["earlier_recalled"]) == [2, 1] and list(frame["earlier_in_series"]) == [2, 3]
    assert "[37/4](#text-a-res-37-4)" in table
    table, frame = recalls.beyond_table(DOCS, found, SERIES)
    assert set(frame["cited"]) == {"A/37/100", "S/RES/1373 (2001)", "UN Charter Art. 52"}
    text = recalls.summary(DOCS, found, SERIES)
    assert text.startswith("The finder read 2 held texts and found 6 citations in them. 2 of the texts belong")
    assert "together they recall 3 distinct members" in text and "1 of the 2 recall every earlier member" in text
    assert "cite 3 other instruments" in text


@pytest.mark.unit
def test_consecutive_members_read_as_ranges():
    members = [f"A/RES/{n}/1" for n in range(40, 48)]
    assert recalls._runs(members[:4] + members[6:7], members) == "40/1 to 43/1 (4), 46/1"


@pytest.mark.unit
def test_the_figure_is_drawn_from_the_rows_and_its_words_counted(found):
    rows = recalls.series_rows(DOCS, found, SERIES)
    fig = series_recalls.draw(rows, SERIES)
    marks = [line for line in fig.axes[0].get_lines() if len(line.get_xdata())]
    assert sum(len(line.get_xdata()) for line in marks if line.get_marker() == "s") == 3
    assert sum(len(line.get_xdata()) for line in marks if line.get_marker() == "D") == 2
    words = series_recalls.words(rows, SERIES)
    assert "1975–1984" in words.caption and "3 in all" in words.caption and "35/36" in words.caption
    assert "37/4 recalls 2 resolutions of the series, from 3369 (XXX) to 35/36." in words.alt


@pytest.mark.unit
def test_speakers_table_from_a_made_up_record():
    meeting = record.read_record(Path(__file__).parent / "fixtures" / "records" / "S-PV-9999.txt")
    found = recalls.speakers(meeting)
    instruments_data = pd.DataFrame({"symbol": ["S/RES/1963 (2010)"]})
    table, frame = recalls.speakers_table(meeting, found, instruments_data, [])
    assert list(frame["position"]) == [1, 2, 3, 4, 5, 6]
    assert "[S/RES/1963 \\(2010\\)](#instrument-s-res-1963-2010)" in table
    assert "Mr\\. Alpha (no label in the record)" in table
    text = recalls.record_summary(meeting, found, Path("S-PV-9999.txt"))
    assert "gives 6 turns of speech by 3 people" in text and "who also spoke once in a national capacity" in text


# --- today's held texts and data ---------------------------------------------------------------


@pytest.mark.data
def test_the_statement_is_confirmed_from_its_text():
    after, held = data.load_after_meeting(), texts.held_texts()
    confirmations = {c.row_id: c for c in recalls.confirm_after_meeting(after, held)}
    statement = confirmations["prst-2013-10-28"]
    assert statement.sourced and statement.date == "2013-10-28" and statement.symbol == "S/PRST/2013/16"
    note = recalls.statement_note(after, list(confirmations.values()))
    assert note.startswith("The presidential statement's symbol, S/PRST/2013/16, and its date, 28 October 2013, are confirmed from its text")


@pytest.mark.data
def test_the_note_says_not_confirmed_when_the_data_do_not_source_the_text():
    after, held = data.load_after_meeting(), texts.held_texts()
    after.loc[after["kind"] == "prst", "source"] = "reference/instruments.md: https://www.un.org/"
    note = recalls.statement_note(after, recalls.confirm_after_meeting(after, held))
    assert "not confirmed" in note and "S/PRST/2013/16" not in note


@pytest.mark.data
def test_a_date_the_text_contradicts_stops_with_one_line():
    after, held = data.load_after_meeting(), texts.held_texts()
    after.loc[after["kind"] == "prst", "date"] = "2013-10-29"
    with pytest.raises(ValueError) as caught:
        recalls.confirm_after_meeting(after, held)
    assert str(caught.value) == (
        "data/after_meeting.csv, row 3, column date: 2013-10-29, but data/texts/S-PRST-2013-16.txt, line 12 states '28 October 2013'"
    )


@pytest.mark.data
def test_the_series_recalls_itself():
    documents = recalls.held_documents()
    rows = recalls.series_rows(documents, recalls.find_recalls(documents), data.load_ga_series())
    members = recalls.series_members(data.load_ga_series())
    later = [r for r in rows if members.index(r.symbol) > 0]
    assert later and all(r.recalled for r in later)
    for earlier, newer in zip(later, later[1:]):  # each recalls what the one before it recalled, and that one
        assert set(earlier.recalled) | {earlier.symbol} <= set(newer.recalled)
