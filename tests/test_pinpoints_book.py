"""The built book carries the paper's pinpoints to the held texts, and the record's speakers."""

from __future__ import annotations

import re
import subprocess

import pytest
from bs4 import BeautifulSoup

from briefing import data, pinpoints, recalls
from briefing.texts import record

pytestmark = pytest.mark.book

OP_13_WORDS = "reconstruction and development in Afghanistan, Bosnia and Herzegovina, Sierra Leone and Somalia"


def soup(built_book, page: str) -> BeautifulSoup:
    return BeautifulSoup((built_book.html / page).read_text(encoding="utf-8"), "html.parser")


def flat(text: str) -> str:
    return " ".join(text.split())


def test_op_13_of_67_264_reads_as_the_text_does(built_book):
    paragraph = soup(built_book, "book/texts/a-res-67-264.html").find(id="a-res-67-264-op-13")
    assert paragraph is not None and flat(paragraph.get_text()).rstrip(";").endswith(OP_13_WORDS)


def test_paragraph_13s_citation_links_there_and_shows_it_in_place(built_book):
    page = soup(built_book, "book/background.html")
    para = page.find(id="para-13")
    links = {a.get_text(): a["href"] for a in para.find_all("a")}
    assert links["para. 13"] == "texts/a-res-67-264.html#a-res-67-264-op-13"
    assert links["para. 4"] == "texts/a-res-67-264.html#a-res-67-264-op-4"
    shown = para.find_next_siblings("details", class_="pinpoint")
    assert [flat(d.find("summary").get_text()) for d in shown[:2]] == [
        "A/RES/67/264, paragraph 13, as cited in ¶13",
        "A/RES/67/264, paragraph 4, as cited in ¶13",
    ]
    assert OP_13_WORDS in flat(shown[0].get_text())
    assert shown[0].find("a", href="texts/a-res-67-264.html#a-res-67-264-op-13") is not None
    # nothing is set inside the paper's paragraph itself
    assert para.find("details") is None and OP_13_WORDS not in flat(para.get_text())


def test_every_pinpoint_into_a_held_text_is_shown_once_under_its_paragraph(built_book):
    checks = [c for c in pinpoints.book_checks() if c.cited]
    pages = {}
    for c in checks:
        for chapter in ("introduction", "background", "areas", "format"):
            page = pages.setdefault(chapter, soup(built_book, f"book/{chapter}.html"))
            if page.find(id=c.citation.block_id):
                titles = [flat(d.find("summary").get_text()) for d in page.select("details.pinpoint")]
                for p in c.cited:
                    assert titles.count(pinpoints._title(c, p)) == 1


def test_the_instruments_chapter_states_each_check(built_book):
    table = soup(built_book, "book/instruments.html").find(id="table-pinpoints")
    text = flat(table.get_text(" "))
    checks = pinpoints.book_checks()
    assert text.count("The cited paragraph says this") == sum(c.finding == pinpoints.SAYS for c in checks)
    assert text.count("text not held in this book") == sum(not c.held for c in checks)


@pytest.mark.pdf
def test_the_pdf_quotes_the_cited_paragraph_under_the_citing_one(built_book):
    text = flat(subprocess.run(["pdftotext", str(built_book.pdf), "-"], capture_output=True, text=True, check=True).stdout)
    at = text.index("A/RES/67/264, paragraph 13, as cited in ¶13:")
    assert text.index("Security Council. A/RES/67/264, paragraph 13") < at  # after ¶13's last words
    assert re.sub(r"-\s", "", OP_13_WORDS).replace(" ", "") in re.sub(r"-\s", "", text[at : at + 800]).replace(" ", "")


def test_the_after_meeting_chapter_lists_the_speakers_from_the_record(built_book):
    page = soup(built_book, "book/after.html")
    table = page.find(id="table-record-speakers")
    rows = table.find("tbody").find_all("tr")
    meeting = record.read_record()
    assert len(rows) == len(meeting.statements)
    for row, statement in zip(rows, meeting.statements):
        cells = [flat(td.get_text(" ")) for td in row.find_all("td")]
        assert cells[0] == str(statement.position)
        assert cells[1] == (statement.label or f"{statement.speaker} (no label in the record)")
    note = flat(page.get_text(" ")).replace("’", "'")
    assert "The presidential statement's symbol, S/PRST/2013/16, and its date, 28 October 2013, are confirmed from its text" in note
    assert page.find("a", href=re.compile(r"texts/s-prst-2013-16\.html#text-s-prst-2013-16$")) is not None


def test_the_series_figure_and_tables_are_in_the_instruments_chapter(built_book):
    page = soup(built_book, "book/instruments.html")
    assert page.find(id="fig-series-recalls") is not None
    rows = page.find(id="table-series-recalls").find("tbody").find_all("tr")
    documents = recalls.held_documents()
    members = set(recalls.series_members(data.load_ga_series()))
    assert len(rows) == len([d for d in documents if d.symbol in members])
