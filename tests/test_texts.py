"""The held texts of data/texts/ as the reader reads them: hashes, adoption, paragraphs, every word."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing import DATA_DIR, texts
from briefing.texts import fidelity

pytestmark = pytest.mark.data

HELD = {h.symbol: h for h in texts.held_texts()}

# symbol: (adoption date, meeting as printed, preambular, operative)
EXPECTED = {
    "A/RES/67/264": (dt.date(2013, 5, 17), "82nd plenary meeting", 26, 22),
    "A/RES/65/283": (dt.date(2011, 6, 22), "102nd plenary meeting", 22, 18),
    "S/RES/1963 (2010)": (dt.date(2010, 12, 20), "6459th meeting", 23, 18),
    "S/RES/1624 (2005)": (dt.date(2005, 9, 14), "5261st meeting", 14, 7),
    "A/RES/3369 (XXX)": (None, "2 383rd plenary meeting", 1, 2),
    "A/RES/73/135": (dt.date(2018, 12, 13), "52nd plenary meeting", 29, 26),
    "A/RES/59/8": (dt.date(2004, 10, 22), "40th plenary meeting", 10, 12),
    "A/RES/61/49": (dt.date(2006, 12, 4), "65th plenary meeting", 14, 13),
    "A/RES/63/114": (dt.date(2008, 12, 5), "64th plenary meeting", 16, 16),
    "A/RES/65/140": (dt.date(2010, 12, 16), "68th plenary meeting", 15, 21),
    "S/PRST/2013/16": (dt.date(2013, 10, 28), "7050th meeting", 0, 11),
    "S/PV.7050": (dt.date(2013, 10, 28), "7050th meeting", 0, 0),
}


def test_every_held_text_is_listed_and_read():
    assert set(HELD) == set(EXPECTED)
    assert all(h.path.parent == DATA_DIR / "texts" for h in HELD.values())


@pytest.mark.parametrize("symbol", sorted(EXPECTED))
def test_symbol_adoption_and_paragraph_counts(symbol):
    doc = texts.read_document(HELD[symbol].path)
    date, meeting, n_pp, n_op = EXPECTED[symbol]
    assert doc.symbol == symbol
    assert doc.adoption.date == date and doc.adoption.meeting == meeting
    assert (len(doc.preamble), len(doc.operative)) == (n_pp, n_op)
    raw_lines = HELD[symbol].path.read_text(encoding="utf-8").split("\n")
    assert raw_lines[doc.adoption.line - 1].replace("\f", "") in doc.adoption.text
    assert [p.number for p in doc.operative] == list(range(1, n_op + 1))
    assert [p.anchor for p in doc.preamble] == [f"pp-{i}" for i in range(1, n_pp + 1)]


@pytest.mark.parametrize("symbol", sorted(EXPECTED))
def test_every_body_word_in_order_nothing_added(symbol):
    """Each text's words, line by line, against the raw file; furniture must look like furniture."""
    held = HELD[symbol]
    doc = texts.read_document(held.path)
    assert fidelity.problems(doc, held.path.read_text(encoding="utf-8")) == []


def test_the_word_check_fails_on_a_dropped_word():
    held = HELD["A/RES/67/264"]
    doc = texts.read_document(held.path)
    op13 = doc.paragraph("op-13")
    op13.text = op13.text.replace("Sierra Leone and ", "Sierra ", 1)
    assert fidelity.problems(doc, held.path.read_text(encoding="utf-8")) == ["op-13 (lines 258-262): word 47 reads 'Somalia;', the file has 'Leone'"]


def test_the_word_check_fails_on_a_line_set_aside_as_furniture():
    held = HELD["A/RES/67/264"]
    doc = texts.read_document(held.path)
    op13 = doc.paragraph("op-13")
    line = op13.lines[-1]
    doc.body = [ln for ln in doc.body if ln.number != line]
    doc.furniture.append(texts.Line(line, "in Afghanistan, Bosnia and Herzegovina, Sierra Leone and Somalia;"))
    found = fidelity.problems(doc, held.path.read_text(encoding="utf-8"))
    assert found == ["running head 'in Afghanistan, Bosnia and Herzegovina, Sierra Leone and Somalia;' heads only page [5] and is not the symbol"]


def test_op_13_of_67_264_and_its_label():
    doc = texts.read_document(HELD["A/RES/67/264"].path)
    op13 = doc.paragraph("op-13")
    assert op13.text.startswith("Welcomes with appreciation the continuing cooperation")
    assert op13.text.endswith("reconstruction and development in Afghanistan, Bosnia and Herzegovina, Sierra Leone and Somalia;")
    assert texts.label(HELD["A/RES/67/264"].slug, op13.anchor) == "a-res-67-264-op-13"


def test_numbers_printed_after_the_first_line_are_put_back():
    doc = texts.read_document(HELD["A/RES/67/264"].path)
    op4 = doc.paragraph("op-4")
    assert op4.repaired and op4.text.startswith("Affirms that the United Nations and the Organization of Islamic Cooperation share a common goal")
    assert [p.number for p in doc.operative if p.repaired] == [4, 5, 6, 7, 8, 9]
    assert [p.number for p in texts.read_document(HELD["A/RES/65/283"].path).operative if p.repaired] == [1, 2, 3, 4, 5, 6, 7, 9]
    assert [p.number for p in texts.read_document(HELD["S/RES/1963 (2010)"].path).operative if p.repaired] == [1, 3, 4, 5, 6, 7, 8, 9]


def test_furniture_is_removed_and_listed():
    doc = texts.read_document(HELD["A/RES/67/264"].path)
    furniture = {ln.text for ln in doc.furniture}
    assert {
        "12-49444",
        "*1249444*",
        "Please recycle",
        "2/6",
        "6/6",
        "A/RES/67/264",
        "Cooperation between the United Nations and the Organization of Islamic Cooperation",
    } <= furniture
    body = " ".join(b.text for b in doc.blocks())
    assert "12-49444" not in body and "*1249444*" not in body and "\f" not in body
    assert "2/6" not in [ln.text for ln in doc.body]
    # the symbol on the cover is the document's, not furniture
    assert doc.heading[1].text == "A/RES/67/264"


def test_subparagraphs_and_footnotes():
    doc = texts.read_document(HELD["S/RES/1624 (2005)"].path)
    op1 = doc.paragraph("op-1")
    assert [s.letter for s in op1.subparagraphs] == ["a", "b", "c"]
    assert op1.subparagraphs[0].text == "Prohibit by law incitement to commit a terrorist act or acts;"
    notes = {f.marker: f.text for f in texts.read_document(HELD["A/RES/67/264"].path).footnotes}
    assert notes["3"] == "A/67/280-S/2012/614."
    assert notes["2"] == "A/60/633-S/2005/826, annex III."


def test_the_3369_cut_is_the_resolution_alone():
    held = HELD["A/RES/3369 (XXX)"]
    assert held.file == "A-RES-3369-XXX-cut.txt" and held.derived_from == "A-RES-3369-XXX.txt"
    original = (DATA_DIR / "texts" / "A-RES-3369-XXX.txt").read_bytes().splitlines(keepends=True)
    assert held.path.read_bytes() == b"".join(original[0:14])
    doc = texts.read_document(held.path)
    assert doc.title == "Observer status for the Islamic Conference at the United Nations"
    assert doc.adoption.date is None and doc.adoption.date_text == "JO October 1975"
    assert "3375" not in held.path.read_text(encoding="utf-8")


def test_statement_and_record():
    prst = texts.read_document(HELD["S/PRST/2013/16"].path)
    assert prst.adoption.text.startswith("At the 7050th meeting of the Security Council, held on 28 October 2013")
    assert prst.operative[0].anchor == "para-1" and prst.operative[0].text.startswith("“The Security Council recalls")
    record = texts.read_document(HELD["S/PV.7050"].path)
    assert (record.symbol, record.adoption.text) == ("S/PV.7050", "Monday, 28 October 2013, 10 a.m.")
