"""The UN citation finder (briefing.citations): grammar cases, the paper as ground truth, the CLI.

Cases are written from the symbol grammar (shared/reference/un-symbols.md), not from the code.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from briefing.citations import KINDS, Context, Mention, canonical, detect_context, find_mentions, pinpoints, slug, undocs_url
from briefing.citations.cli import main

pytestmark = pytest.mark.unit

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
PAPER = ROOT / "seeds" / "S-2013-588.md"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "un_texts"


def symbols(text: str) -> list[str]:
    return [m.symbol for m in find_mentions(text)]


def pairs(text: str) -> list[tuple[str, str]]:
    return [(m.symbol, m.surface) for m in find_mentions(text)]


def check_offsets(text: str, mentions: list[Mention]) -> None:
    """Offsets slice to the surface, in text order, never overlapping; kinds are known."""
    last_end = 0
    for m in mentions:
        assert text[m.start : m.end] == m.surface, m
        assert m.start >= last_end, m
        assert m.kind in KINDS
        last_end = m.end


# --- the paper as ground truth ---------------------------------------------------------------
PAPER_EXPECTED = Counter(
    {
        "UN Charter Art. 24": 1,
        "UN Charter Ch. VIII": 1,
        "UN Charter Art. 52": 1,
        "UN Charter Art. 53": 1,
        "A/RES/67/264": 5,
        "A/RES/3369 (XXX)": 1,
        "S/96/Rev.7 rule 39": 1,
        "A/67/280-S/2012/614": 2,
        "A/RES/65/283": 1,
        "S/RES/1963 (2010)": 1,
        "S/RES/1624 (2005)": 1,
        "A/60/633-S/2005/826": 1,
    }
)


@pytest.fixture(scope="module")
def paper_text() -> str:
    return PAPER.read_bytes().decode("utf-8")


def test_paper_gives_exactly_the_cited_instruments(paper_text):
    mentions = find_mentions(paper_text)
    assert Counter(m.symbol for m in mentions) == PAPER_EXPECTED
    check_offsets(paper_text, mentions)


def test_paper_kinds_and_surfaces(paper_text):
    found = {(m.symbol, m.kind, m.surface) for m in find_mentions(paper_text)}
    assert found == {
        ("UN Charter Art. 24", "charter", "Art. 24"),
        ("UN Charter Ch. VIII", "charter", "Chapter VIII"),
        ("UN Charter Art. 52", "charter", "52"),
        ("UN Charter Art. 53", "charter", "53"),
        ("A/RES/67/264", "ga_resolution", "67/264"),
        ("A/RES/3369 (XXX)", "ga_resolution", "3369 (XXX)"),
        ("S/96/Rev.7 rule 39", "rule", "rule 39"),
        ("A/67/280-S/2012/614", "document", "A/67/280-S/2012/614"),
        ("A/RES/65/283", "ga_resolution", "65/283"),
        ("S/RES/1963 (2010)", "sc_resolution", r"1963 \(2010\)"),
        ("S/RES/1624 (2005)", "sc_resolution", r"1624 \(2005\)"),
        ("A/60/633-S/2005/826", "document", "A/60/633-S/2005/826"),
    }


def test_paper_link_mentions_point_at_the_link_text(paper_text):
    for m in find_mentions(paper_text):
        if paper_text[m.end : m.end + 4] == "](#)":
            assert paper_text[m.start - 1] == "["


def test_paper_lookalikes_are_not_mentions(paper_text):
    spans = [(m.start, m.end) for m in find_mentions(paper_text)]
    for lookalike in (
        "www.un.org/en/sc/ctc/news/2013-05-31_jeddah.html",
        "Sudan/Darfur",
        "paras. 106-116",
        "7 and 8 December 2005",
        "www.oic-oci.org",
    ):
        at = paper_text.index(lookalike)
        assert not any(s < at + len(lookalike) and at < e for s, e in spans), lookalike


# --- Security Council resolutions ------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("resolution 1963 (2010)", [("S/RES/1963 (2010)", "1963 (2010)")]),
        ("Security Council resolution 1963 (2010)", [("S/RES/1963 (2010)", "1963 (2010)")]),
        ("S/RES/1963 (2010)", [("S/RES/1963 (2010)", "S/RES/1963 (2010)")]),
        ("S/RES/1624(2005)", [("S/RES/1624 (2005)", "S/RES/1624(2005)")]),
        (r"resolution [1963 \(2010\)](#)", [("S/RES/1963 (2010)", r"1963 \(2010\)")]),
        ("Resolution 242 (1967)", [("S/RES/242 (1967)", "242 (1967)")]),
        ("SC res. 1325 (2000)", [("S/RES/1325 (2000)", "1325 (2000)")]),
        ("Security Council resolution 1963.", [("S/RES/1963", "1963")]),
        ("UNSCR 1325 on women", [("S/RES/1325", "1325")]),
        ("resolution\u00a01963\u00a0(2010)", [("S/RES/1963 (2010)", "1963\u00a0(2010)")]),
        ("[S/RES/1624(2005)](https://undocs.org/S/RES/1624(2005))", [("S/RES/1624 (2005)", "S/RES/1624(2005)")]),
    ],
)
def test_sc_resolutions(text, expected):
    assert pairs(text) == expected
    assert all(m.kind == "sc_resolution" for m in find_mentions(text))


@pytest.mark.parametrize(
    "text",
    [
        "in 2010 (2010) the Council met",  # a year in parentheses after no "resolution"
        "1963 (2010)",  # no designator
        "resolution 1963 of the Assembly",  # no year and no Security Council before it
        "Security Council resolution 2000 troops",  # a bare number followed by a word
        "the resolution (2010) was adopted",
        "resolution 1963 (1850)",  # no Council before 1946
        "Security Council resolutions (2010)",  # "(2010" is no member
    ],
)
def test_sc_resolution_lookalikes(text):
    assert symbols(text) == []


# --- General Assembly resolutions, every numbering era ---------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("General Assembly resolution 67/264", [("A/RES/67/264", "67/264")]),
        ("its resolution [67/264](#)", [("A/RES/67/264", "67/264")]),
        ("A/RES/67/264", [("A/RES/67/264", "A/RES/67/264")]),
        ("See A/RES/73/135.", [("A/RES/73/135", "A/RES/73/135")]),
        ("resolution 3369 (XXX)", [("A/RES/3369 (XXX)", "3369 (XXX)")]),
        ("A/RES/3369 (XXX)", [("A/RES/3369 (XXX)", "A/RES/3369 (XXX)")]),
        ("A/RES/217(III)", [("A/RES/217 (III)", "A/RES/217(III)")]),
        ("resolution 217 A (III)", [("A/RES/217 A (III)", "217 A (III)")]),
        ("resolution 3367 A (XXX)", [("A/RES/3367 A (XXX)", "3367 A (XXX)")]),
        ("resolution 3201 (S-VI)", [("A/RES/3201 (S-VI)", "3201 (S-VI)")]),
        ("resolution 2252 (ES-V)", [("A/RES/2252 (ES-V)", "2252 (ES-V)")]),
        ("resolution S-30/1", [("A/RES/S-30/1", "S-30/1")]),
        ("resolution ES-10/2", [("A/RES/ES-10/2", "ES-10/2")]),
        ("A/RES/S-30/1", [("A/RES/S-30/1", "A/RES/S-30/1")]),
        ("A/RES/ES-10/2", [("A/RES/ES-10/2", "A/RES/ES-10/2")]),
        ("resolution 31/6 A", [("A/RES/31/6 A", "31/6 A")]),
        ("resolution 31/6 A and B", [("A/RES/31/6 A", "31/6 A"), ("A/RES/31/6 B", "B")]),
        ("A/RES/31/6 A and B", [("A/RES/31/6 A", "A/RES/31/6 A"), ("A/RES/31/6 B", "B")]),
        ("resolutions 31/6 A and B and 32/7", [("A/RES/31/6 A", "31/6 A"), ("A/RES/31/6 B", "B"), ("A/RES/32/7", "32/7")]),
        ("resolution 67/264 and A/67/280", [("A/RES/67/264", "67/264"), ("A/67/280", "A/67/280")]),
    ],
)
def test_ga_resolutions(text, expected):
    assert pairs(text) == expected
    check_offsets(text, find_mentions(text))


@pytest.mark.parametrize(
    "text",
    [
        "67/264",  # bare: needs a designator or A/RES/
        "pages 2/3 and 1/2",  # fractions and page numbers
        "resolution 2/3",  # no Assembly session 2 numbered this way
        "resolution 31/05/2013",  # a date
        "Human Rights Council resolution 33/2",  # another body's resolution
        "Economic and Social Council resolution 2013/5",
        "Commission on Human Rights resolution 45/80",
        "resolution 3369 (IIII)",  # not a Roman numeral
        "S-30/1 and ES-10/2",  # special-session numbers without designator
    ],
)
def test_ga_resolution_lookalikes(text):
    assert symbols(text) == []


# --- plural designators ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("resolutions 1373 (2001) and 1624 (2005)", ["S/RES/1373 (2001)", "S/RES/1624 (2005)"]),
        ("resolutions 1267 (1999), 1989 (2011) and 2082 (2012)", ["S/RES/1267 (1999)", "S/RES/1989 (2011)", "S/RES/2082 (2012)"]),
        (
            "Recalling its resolutions 1631 (2005) of 17 October 2005, 2033 (2012) of 12 January 2012 and 2167 (2014) of 28 July 2014,",
            ["S/RES/1631 (2005)", "S/RES/2033 (2012)", "S/RES/2167 (2014)"],
        ),
        ("resolutions 1373 (2001), adopted on 28 September 2001, and 1624 (2005)", ["S/RES/1373 (2001)", "S/RES/1624 (2005)"]),
        (r"resolutions [1373 \(2001\)](#) and [1624 \(2005\)](#)", ["S/RES/1373 (2001)", "S/RES/1624 (2005)"]),
        ("its resolutions 3369 (XXX) of 10 October 1975, 35/36 of 14 November 1980 and 67/264", ["A/RES/3369 (XXX)", "A/RES/35/36", "A/RES/67/264"]),
        ("Security Council resolutions 1267, 1333 and 1390", ["S/RES/1267", "S/RES/1333", "S/RES/1390"]),
        ("resolutions 1373 (2001); 1624 (2005) as well as 2178 (2014)", ["S/RES/1373 (2001)", "S/RES/1624 (2005)", "S/RES/2178 (2014)"]),
        ("(resolutions 1267 (1999), 1989 (2011) and 2253 (2015)).", ["S/RES/1267 (1999)", "S/RES/1989 (2011)", "S/RES/2253 (2015)"]),
        ("resolutions ES-10/2 and ES-10/3", ["A/RES/ES-10/2", "A/RES/ES-10/3"]),
        ("resolution 1373 (2001) and resolution 1624 (2005)", ["S/RES/1373 (2001)", "S/RES/1624 (2005)"]),
        (
            "In resolution 1267 (1999) and subsequent resolutions (1333 (2000), 1390 (2002)),",
            ["S/RES/1267 (1999)", "S/RES/1333 (2000)", "S/RES/1390 (2002)"],
        ),
    ],
)
def test_plural_designators(text, expected):
    assert symbols(text) == expected
    check_offsets(text, find_mentions(text))


def test_list_stops_at_first_non_member():
    text = "resolutions 1373 (2001) and 1624 (2005), 15 members voting, and 2/3 of them"
    assert symbols(text) == ["S/RES/1373 (2001)", "S/RES/1624 (2005)"]


def test_list_member_surfaces():
    text = "resolutions 1373 (2001) of 28 September 2001 and 1624 (2005)"
    assert [m.surface for m in find_mentions(text)] == ["1373 (2001)", "1624 (2005)"]


# --- presidential statements and meeting records ---------------------------------------------
@pytest.mark.parametrize(
    "text, expected, kind",
    [
        ("S/PRST/2013/16", "S/PRST/2013/16", "prst"),
        ("the statement PRST/2013/16 of", "S/PRST/2013/16", "prst"),
        ("(S/PRST/2014/8)", "S/PRST/2014/8", "prst"),
        ("S/PV.7050", "S/PV.7050", "meeting_record"),
        ("A/67/PV.40", "A/67/PV.40", "meeting_record"),
        ("S/PV.7015 (Resumption 1)", "S/PV.7015 (Resumption 1)", "meeting_record"),
        ("S/PV.7015(Resumption1)", "S/PV.7015 (Resumption 1)", "meeting_record"),
        ("A/ES-10/PV.21", "A/ES-10/PV.21", "meeting_record"),
        ("A/C.5/67/SR.3", "A/C.5/67/SR.3", "meeting_record"),
    ],
)
def test_statements_and_records(text, expected, kind):
    found = find_mentions(text)
    assert [(m.symbol, m.kind) for m in found] == [(expected, kind)]
    check_offsets(text, found)


def test_prst_surface_keeps_the_written_form():
    assert pairs("see PRST/2013/16.") == [("S/PRST/2013/16", "PRST/2013/16")]
    assert pairs("S/PV.7015 (Resumption 1) and") == [("S/PV.7015 (Resumption 1)", "S/PV.7015 (Resumption 1)")]


# --- documents, joint symbols, drafts, modifiers ---------------------------------------------
@pytest.mark.parametrize(
    "text, expected, kind",
    [
        ("S/2013/588", "S/2013/588", "document"),
        ("(S/2014/713)", "S/2014/713", "document"),
        ("A/67/280", "A/67/280", "document"),
        ("S/26015", "S/26015", "document"),
        ("S/96/Rev.7", "S/96/Rev.7", "document"),
        ("S/2013/588/Corr.1", "S/2013/588/Corr.1", "document"),
        ("A/67/280/Add.1", "A/67/280/Add.1", "document"),
        ("A/67/280/Rev.1/Add.2.", "A/67/280/Rev.1/Add.2", "document"),
        ("A/HRC/23/2", "A/HRC/23/2", "document"),
        ("A/71/L.5", "A/71/L.5", "draft"),
        ("A/71/L.5/Rev.1", "A/71/L.5/Rev.1", "draft"),
        ("A/C.1/71/L.5", "A/C.1/71/L.5", "draft"),
        ("A/67/280-S/2012/614", "A/67/280-S/2012/614", "document"),
        ("A/67/280\u2013S/2012/614", "A/67/280-S/2012/614", "document"),
        ("A/67/280\u2014S/2012/614", "A/67/280-S/2012/614", "document"),
        ("A/67/280 \u2013 S/2012/614", "A/67/280-S/2012/614", "document"),
        ("A/67/742S/2013/95", "A/67/742-S/2013/95", "document"),
        ("[A/60/633-S/2005/826](#), annex III", "A/60/633-S/2005/826", "document"),
        ("seeS/2013/588", "S/2013/588", "document"),  # glued to the word before it
    ],
)
def test_documents(text, expected, kind):
    found = find_mentions(text)
    assert [(m.symbol, m.kind) for m in found] == [(expected, kind)]
    check_offsets(text, found)


def test_joint_symbol_surface_is_the_text_as_written():
    text = "(A/67/280\u2013S/2012/614, paras. 106-116)"
    assert pairs(text) == [("A/67/280-S/2012/614", "A/67/280\u2013S/2012/614")]


def test_symbols_separated_by_space_are_not_joint():
    assert symbols("A/67/280 S/2012/614") == ["A/67/280", "S/2012/614"]


@pytest.mark.parametrize(
    "text",
    [
        "Sudan/Darfur",
        "A/B testing",
        "S/N",
        "KAS/2013/5",
        "2A/67/280",
        "X-S/2013/5",
        "www.un.org/en/sc/ctc/news/2013-05-31_jeddah.html",
        "https://undocs.org/S/RES/1624(2005)",
        "http://www.un.org/Docs/sc/scrules.htm",
        "13-51234 (E) 050613 *1351234*",
        "Agenda item 121, page 2/3, 31/05/2013, 2013-05-31, tel. 1 212 963 1234",
    ],
)
def test_document_lookalikes(text):
    assert symbols(text) == []


# --- the Charter -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("(Art. 24)", [("UN Charter Art. 24", "Art. 24")]),
        ("(Arts. 52 and 53)", [("UN Charter Art. 52", "52"), ("UN Charter Art. 53", "53")]),
        ("(Article 52)", [("UN Charter Art. 52", "Article 52")]),
        ("Arts. 52 and 53", [("UN Charter Art. 52", "52"), ("UN Charter Art. 53", "53")]),
        ("Article 52 of the Charter", [("UN Charter Art. 52", "Article 52")]),
        ("Articles 52 and 53 of the Charter of the United Nations", [("UN Charter Art. 52", "52"), ("UN Charter Art. 53", "53")]),
        ("Article 52 and Article 53 of the Charter", [("UN Charter Art. 52", "Article 52"), ("UN Charter Art. 53", "53")]),
        ("Arts. 23-32", [("UN Charter Art. 23", "23"), ("UN Charter Art. 32", "32")]),
        ("Article 2, paragraph 4, of the Charter", [("UN Charter Art. 2", "Article 2")]),
        ("Article 2 (7) of the Charter", [("UN Charter Art. 2", "Article 2")]),
        ("article 2 (4) of the Charter", [("UN Charter Art. 2", "article 2")]),
        ("Chapter VIII of the Charter also encourages", [("UN Charter Ch. VIII", "Chapter VIII")]),
        ("Acting under Chapter VII of the Charter of the United Nations", [("UN Charter Ch. VII", "Chapter VII")]),
        ("acting under Chapter VII,", [("UN Charter Ch. VII", "Chapter VII")]),
        ("Chapters VI and VII of the Charter", [("UN Charter Ch. VI", "VI"), ("UN Charter Ch. VII", "VII")]),
        ("chapter VIII of the United Nations Charter", [("UN Charter Ch. VIII", "chapter VIII")]),
        ("the Charter's Chapter VIII", [("UN Charter Ch. VIII", "Chapter VIII")]),
        (
            "Recalling Chapter VI, including Article 33, paragraph 1, of the Charter, and",
            [("UN Charter Ch. VI", "Chapter VI"), ("UN Charter Art. 33", "Article 33")],
        ),
    ],
)
def test_charter(text, expected):
    assert pairs(text) == expected
    assert all(m.kind == "charter" for m in find_mentions(text))


@pytest.mark.parametrize(
    "text",
    [
        "article 5 of the Convention",
        "Article 5 of the North Atlantic Treaty",
        "Article 1 of the Charter of the Organization of Islamic Cooperation",
        "article 24",  # lower case: another instrument
        "\nArticle 1\nUse of terms\n",  # a heading in an annexed treaty
        "### **Article 12**\n",
        "Chapter VIII of the report",
        "Chapter VIII",  # no Charter context
        "Chapter VI, including Article 33 of the Convention",
        "Article 500 of the Charter",  # the Charter has 111 articles
        "Chapter XX of the Charter",  # and 19 chapters
        "the arts. 5 and 6",
        "The Charter of OIC, adopted in 2008",
    ],
)
def test_charter_lookalikes(text):
    assert symbols(text) == []


# --- rules of procedure ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("under rule 39 of its provisional rules of procedure", [("S/96/Rev.7 rule 39", "rule 39")]),
        ("In accordance with rule 37 of the Council's provisional rules of procedure", [("S/96/Rev.7 rule 37", "rule 37")]),
        ("Rule 39 of the provisional rules of procedure of the Security Council", [("S/96/Rev.7 rule 39", "Rule 39")]),
        ("rules 37 and 39 of its provisional rules of procedure", [("S/96/Rev.7 rule 37", "37"), ("S/96/Rev.7 rule 39", "39")]),
        ("rule 37 and rule 39 of the provisional rules of procedure", [("S/96/Rev.7 rule 37", "rule 37"), ("S/96/Rev.7 rule 39", "39")]),
    ],
)
def test_rules(text, expected):
    assert pairs(text) == expected
    assert all(m.kind == "rule" for m in find_mentions(text))


@pytest.mark.parametrize(
    "text",
    [
        "rule 78 of the rules of procedure of the General Assembly",
        "rule 39 of its rules of procedure",  # not "provisional": another organ's rules
        "invited under rule 39",  # no rules of procedure named
        "as a rule 39 members attend",
    ],
)
def test_rule_lookalikes(text):
    assert symbols(text) == []


# --- realistic texts -------------------------------------------------------------------------
FIXTURE_EXPECTED = {
    "sc_regional_cooperation.md": [
        ("S/RES/9999 (2014)", "9999 (2014)"),
        ("S/PV.7300", "7300th meeting"),  # "Adopted by the Security Council at its"
        ("S/RES/1631 (2005)", "1631 (2005)"),
        ("S/RES/2033 (2012)", "2033 (2012)"),
        ("S/RES/2167 (2014)", "2167 (2014)"),
        ("S/PRST/2013/12", "S/PRST/2013/12"),
        ("S/PRST/2014/27", "PRST/2014/27"),
        ("UN Charter Ch. VIII", "Chapter VIII"),
        ("UN Charter Art. 52", "52"),
        ("UN Charter Art. 54", "54"),
        ("UN Charter Art. 24", "Art. 24"),
        ("UN Charter Ch. VIII", "Chapter VIII"),
        ("S/2014/713", "S/2014/713"),
        ("A/67/280-S/2012/614", "A/67/280\u2013S/2012/614"),
        ("A/RES/65/283", "65/283"),
        ("A/RES/67/264", "67/264"),
        ("A/RES/73/135", "A/RES/73/135"),
        ("UN Charter Ch. VII", "Chapter VII"),
    ],
    "ga_oic_cooperation.md": [
        ("A/67/L.50", "A/67/L.50"),
        ("A/67/L.50/Add.1", "Add.1"),  # "A/67/L.50 and Add.1"
        ("A/RES/3369 (XXX)", "3369 (XXX)"),
        ("A/RES/35/36", "35/36"),
        ("A/RES/37/4", "37/4"),
        ("A/RES/67/264", "67/264"),
        ("A/RES/31/6 A", "31/6 A"),
        ("A/RES/31/6 B", "B"),
        ("A/RES/3367 A (XXX)", "3367 A (XXX)"),
        ("A/RES/ES-10/2", "ES-10/2"),
        ("A/RES/S-30/1", "S-30/1"),
        ("A/67/742-S/2013/95", "A/67/742S/2013/95"),
        ("A/67/PV.40", "A/67/PV.40"),
        ("S/PV.7050", "7050th meeting"),  # "the Council's 7050th meeting"
        ("S/PV.7050", "S/PV.7050"),
        ("A/71/L.5/Rev.1", "A/71/L.5/Rev.1"),
    ],
    "sc_meeting_record.md": [
        ("S/PV.7015 (Resumption 1)", "S/PV.7015 (Resumption 1)"),
        ("S/96/Rev.7 rule 37", "rule 37"),
        ("S/96/Rev.7 rule 39", "rule 39"),
        ("S/2013/446", "S/2013/446"),
        ("S/2013/588/Corr.1", "S/2013/588/Corr.1"),
        ("S/96/Rev.7", "S/96/Rev.7"),
        ("S/PV.7014", "S/PV.7014"),
        ("S/RES/1373 (2001)", "1373 (2001)"),
        ("S/RES/1624 (2005)", "1624 (2005)"),
        ("S/RES/2178 (2014)", "2178 (2014)"),
        ("S/RES/1325", "1325"),
    ],
}


@pytest.mark.parametrize("name", sorted(FIXTURE_EXPECTED))
def test_realistic_texts(name):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    found = find_mentions(text)
    assert [(m.symbol, m.surface) for m in found] == FIXTURE_EXPECTED[name]
    check_offsets(text, found)


def test_crlf_and_nbsp_text_keeps_offsets():
    text = "Recalling\r\nresolution\u00a01963 (2010)\r\nand A/67/280\u2013\r\nS/2012/614\r\n"
    found = find_mentions(text)
    assert [m.symbol for m in found] == ["S/RES/1963 (2010)", "A/67/280-S/2012/614"]
    check_offsets(text, found)


# --- the document's context (issue 13) -------------------------------------------------------
GA_HEAD = (
    "A/RES/59/8\n\nUnited Nations\n\nGeneral Assembly\n\nDistr.: General\n6 December 2004\n\n"
    "Fifty-ninth session\nAgenda item 56 (p)\n\nResolution adopted by the General Assembly "
    "on 22 October 2004\n\n59/8.\n\nCooperation between the United Nations and the\n"
)
SC_HEAD = (
    "S/RES/1624 (2005)\n\nUnited Nations\n\nSecurity Council\n\nDistr.: General\n\n"
    "Resolution 1624 (2005)\nAdopted by the Security Council at its 5261st meeting, on\n"
    "14 September 2005\n"
)
OLD_GA_HEAD = (
    "Resolution adopted without reference to a Main Committee\n\n3369 (XXX). Observer status for the Islamic\nConference at the United Nations\n"
)


@pytest.mark.parametrize(
    "head, expected",
    [
        (GA_HEAD, Context("A/RES/59/8", "ga", 59)),
        (SC_HEAD, Context("S/RES/1624 (2005)", "sc", None)),
        (OLD_GA_HEAD, Context("A/RES/3369 (XXX)", "ga", 30)),
        ("United Nations S/PV.7015 (Resumption 1)\n\nSecurity Council\n", Context("S/PV.7015 (Resumption 1)", "sc", None)),
        ("United Nations\n\nGeneral Assembly\n\nSixty-seventh session\nResolution adopted by the General Assembly\n", Context(None, "ga", 67)),
        ("The report (A/67/280) was noted.\n", Context(None, None, None)),  # not a masthead
    ],
)
def test_detect_context(head, expected):
    assert detect_context(head) == expected


@pytest.mark.parametrize(
    "symbol, expected",
    [
        ("A/RES/59/8", Context("A/RES/59/8", "ga", 59)),
        ("A/59/PV.40", Context("A/59/PV.40", "ga", 59)),
        ("A/RES/3369 (XXX)", Context("A/RES/3369 (XXX)", "ga", 30)),
        ("S/PV.7050", Context("S/PV.7050", "sc", None)),
    ],
)
def test_context_of_a_symbol(symbol, expected):
    assert Context.of(symbol) == expected


def test_self_references_are_marked():
    text = GA_HEAD + "Recalling its resolutions 57/42 and 59/8,\n\nA/RES/59/8\n"
    found = [(m.symbol, m.surface, m.self) for m in find_mentions(text, "auto")]
    assert found == [
        ("A/RES/59/8", "A/RES/59/8", True),
        ("A/RES/59/8", "59/8", True),
        ("A/RES/57/42", "57/42", False),
        ("A/RES/59/8", "59/8", True),
        ("A/RES/59/8", "A/RES/59/8", True),
    ]
    assert [m.self for m in find_mentions(text)] == [False, False, False, False]  # no context


@pytest.mark.parametrize(
    "text, context, expected",
    [
        # an Assembly meeting: the session comes from the document
        ("40th plenary meeting\n22 October 2004", "A/RES/59/8", ("A/59/PV.40", "40th plenary meeting")),
        ("82nd plenary meeting", "A/RES/67/264", ("A/67/PV.82", "82nd plenary meeting")),
        ("2 383rd plenary meeting", "A/RES/3369 (XXX)", ("A/PV.2383", "2 383rd plenary meeting")),
        # a Council meeting: the Council named, or a Council text
        ("Adopted by the Security Council at its 5261st meeting, on", None, ("S/PV.5261", "5261st meeting")),
        ("At the 7050th meeting of the Security Council, held on", None, ("S/PV.7050", "7050th meeting")),
        ("the Council's 7050th meeting", None, ("S/PV.7050", "7050th meeting")),
        ("decided at its 6459th meeting", "S/RES/1963 (2010)", ("S/PV.6459", "6459th meeting")),
        # a year in the same sentence
        ("resolution 1373 in 2001", None, ("S/RES/1373 (2001)", "1373")),
        ("resolution 1373, adopted in 2001, and", None, ("S/RES/1373 (2001)", "1373")),
        ("Security Council resolution 1373, adopted unanimously on 28 September 2001,", None, ("S/RES/1373 (2001)", "1373")),
        ("resolution 1373 of 28 September 2001", None, ("S/RES/1373 (2001)", "1373")),
        ("including resolution 1322 of 7\nOctober 2000,", "S/2001/1199", ("S/RES/1322 (2000)", "1322")),
        # the organ of "its resolution" is the document's
        ("Recalling its resolution 1373,", "S/RES/1963 (2010)", ("S/RES/1373", "1373")),
        ("Recalling its resolution 59/8,", "A/RES/61/49", ("A/RES/59/8", "59/8")),
    ],
)
def test_context_forms(text, context, expected):
    assert [(m.symbol, m.surface) for m in find_mentions(text, context)] == [expected]


@pytest.mark.parametrize(
    "text, context",
    [
        ("40th plenary meeting", None),  # no session to read
        ("40th plenary meeting", "S/RES/1963 (2010)"),  # not an Assembly text
        ("at its 45th meeting", None),  # no organ
        ("at its 45th meeting", "A/RES/59/8"),  # an Assembly committee's, perhaps
        ("the 12th meeting of the Human Rights Council", "S/PV.7050"),
        ("the Committee at its 45th meeting", "S/PV.7050"),
        ("the 10th anniversary of the meeting", "S/PV.7050"),
        ("resolution 1373 of the Assembly", None),  # no year, no organ: never guessed
        ("General Assembly resolution 3369 of 10 October 1975", None),  # an Assembly number
        ("Recalling its resolution 3369 of 10 October 1975", "A/RES/59/8"),
        ("resolution 1373 in paragraph 2001", None),
        ("resolution 1373 and, in 2001, resolution", None),
    ],
)
def test_context_forms_negative(text, context):
    assert symbols_in(text, context) == []


def symbols_in(text, context):
    return [m.symbol for m in find_mentions(text, context)]


def test_year_unknown_is_said_not_guessed():
    (m,) = find_mentions("Recalling its resolution 1373,", "S/RES/1963 (2010)")
    assert (m.symbol, m.year_unknown, m.inferred) == ("S/RES/1373", True, "organ")
    (m,) = find_mentions("resolution 1373, adopted in 2001")
    assert (m.year_unknown, m.inferred) == (False, "year")


# --- pinpoints -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("(see [A/67/280-S/2012/614](#), paras. 106-116)", ("para", 106, 116, "paras. 106-116")),
        ("(General Assembly resolution [67/264](#), para. 13)", ("para", 13, 13, "para. 13")),
        ("([A/60/633-S/2005/826](#), annex III)", ("annex", 3, 3, "annex III")),
        ("30 June 2012 (S/2012/522, annex).", ("annex", None, None, "annex")),
        ("(A/66/53),\nchap. II, sect. A.", ("chap", 2, 2, "chap. II")),
        ("Article 33, paragraph 1, of the Charter", ("para", 1, 1, "paragraph 1")),
        ("paragraphs 1 and 2 of resolution\n3236 (XXIX);", ("para", 1, 2, "paragraphs 1 and 2")),
        ("S/2013/588, sect. IV", ("sect", 4, 4, "sect. IV")),
        ("S/2013/588, footnote 3", ("footnote", 3, 3, "footnote 3")),
    ],
)
def test_pinpoints(text, expected):
    (m,) = find_mentions(text)
    p = m.pinpoint
    assert (p.kind, p.first, p.last, p.surface) == expected
    assert text[p.start : p.end] == p.surface
    assert p.as_dict() == {"kind": p.kind, "from": p.first, "to": p.last, "surface": p.surface, "start": p.start, "end": p.end}


@pytest.mark.parametrize(
    "text",
    [
        "S/2013/588, paragraph",
        "S/2013/588, paras. 116-106",
        "resolution 67/264 para. 13",
        "S/2013/588, and para. 3",
        "resolutions 1373 (2001), 1624 (2005)",
    ],
)
def test_no_pinpoint(text):
    assert all(m.pinpoint is None for m in find_mentions(text))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("para. 109", ("para", 109, 109)),
        ("paras. 106-116", ("para", 106, 116)),
        ("annex III", ("annex", 3, 3)),
        ("annex", ("annex", None, None)),
        ("chap. II", ("chap", 2, 2)),
    ],
)
def test_parse_pinpoint(text, expected):
    p = pinpoints.parse(text)
    assert (p.kind, p.first, p.last) == expected


@pytest.mark.parametrize("text", ["", "para.", "see para. 3", "annex XIIII", "para. 3 and more"])
def test_parse_pinpoint_rejects(text):
    assert pinpoints.parse(text) is None


def test_the_paper_keeps_its_pinpoints(paper_text):
    pins = sorted((m.symbol, m.pinpoint.surface) for m in find_mentions(paper_text) if m.pinpoint)
    assert pins == [
        ("A/60/633-S/2005/826", "annex III"),
        ("A/67/280-S/2012/614", "para. 108"),
        ("A/67/280-S/2012/614", "paras. 106-116"),
        ("A/RES/67/264", "para. 13"),
    ]


# --- lists in real texts ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("(A/59/L.12 and Add.1)]", [("A/59/L.12", "A/59/L.12"), ("A/59/L.12/Add.1", "Add.1")]),
        ("A/61/256 and Add.1.", [("A/61/256", "A/61/256"), ("A/61/256/Add.1", "Add.1")]),
        ("A/63/228-S/2008/531 and Corr.1.", [("A/63/228-S/2008/531", "A/63/228-S/2008/531"), ("A/63/228/Corr.1-S/2008/531/Corr.1", "Corr.1")]),
        (
            "These resolutions \u2014 822 (1993), 853 (1993), 874\n(1993) and 884 (1993) \u2014",
            [
                ("S/RES/822 (1993)", "822 (1993)"),
                ("S/RES/853 (1993)", "853 (1993)"),
                ("S/RES/874 (1993)", "874\n(1993)"),
                ("S/RES/884 (1993)", "884 (1993)"),
            ],
        ),
        ("recalls resolution 1904\n(2009) which", [("S/RES/1904 (2009)", "1904\n(2009)")]),
    ],
)
def test_list_forms_of_the_held_texts(text, expected):
    assert pairs(text) == expected


def test_a_year_two_lines_down_is_no_year():
    assert symbols("resolution 1904\n\n(2009)") == []


# --- canonical, undocs_url, slug -------------------------------------------------------------
@pytest.mark.parametrize(
    "written, expected",
    [
        ("S/RES/1963 (2010)", "S/RES/1963 (2010)"),
        ("S/RES/1963(2010)", "S/RES/1963 (2010)"),
        ("resolution 1963 (2010)", "S/RES/1963 (2010)"),
        (r"1963 \(2010\)", "S/RES/1963 (2010)"),
        ("Security Council resolution [1963 \\(2010\\)](#)", "S/RES/1963 (2010)"),
        ("67/264", "A/RES/67/264"),
        ("a/res/67/264", "A/RES/67/264"),
        ("General Assembly resolution 67/264", "A/RES/67/264"),
        ("3369 (XXX)", "A/RES/3369 (XXX)"),
        ("A/RES/3369(XXX)", "A/RES/3369 (XXX)"),
        ("S-30/1", "A/RES/S-30/1"),
        ("ES-10/2", "A/RES/ES-10/2"),
        ("PRST/2013/16", "S/PRST/2013/16"),
        ("s/prst/2013/16", "S/PRST/2013/16"),
        ("S/PV.7050", "S/PV.7050"),
        ("S/PV.7015(Resumption1)", "S/PV.7015 (Resumption 1)"),
        ("A/67/PV.40", "A/67/PV.40"),
        ("S/2013/588", "S/2013/588"),
        ("A/67/280\u2013S/2012/614", "A/67/280-S/2012/614"),
        ("A/67/742S/2013/95", "A/67/742-S/2013/95"),
        ("S/2012/614-A/67/280", "A/67/280-S/2012/614"),
        ("A/71/L.5", "A/71/L.5"),
        ("a/67/280/add.1", "A/67/280/Add.1"),
        ("Art. 24", "UN Charter Art. 24"),
        ("Article 24 of the Charter", "UN Charter Art. 24"),
        ("UN Charter Art. 24", "UN Charter Art. 24"),
        ("Chapter VIII", "UN Charter Ch. VIII"),
        ("Chapter VIII of the Charter", "UN Charter Ch. VIII"),
        ("Ch. VIII", "UN Charter Ch. VIII"),
        ("rule 39", "S/96/Rev.7 rule 39"),
        ("rule 39 of its provisional rules of procedure", "S/96/Rev.7 rule 39"),
        ("S/96/Rev.7 rule 39", "S/96/Rev.7 rule 39"),
        ("S/96/Rev.7", "S/96/Rev.7"),
    ],
)
def test_canonical(written, expected):
    assert canonical(written) == expected
    assert canonical(expected) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "1963",
        "2/3",
        "13-51234 (E)",
        "Article 500",
        "Chapter XX",
        "resolutions 1373 (2001) and 1624 (2005)",
        "2/3 and S/2013/588",
        "www.un.org/en/sc/ctc/news/2013-05-31_jeddah.html",
    ],
)
def test_canonical_rejects_non_symbols(text):
    with pytest.raises(ValueError):
        canonical(text)


@pytest.mark.parametrize(
    "symbol, url",
    [
        ("S/RES/1963 (2010)", "https://undocs.org/S/RES/1963(2010)"),
        ("A/RES/67/264", "https://undocs.org/A/RES/67/264"),
        ("A/RES/3369 (XXX)", "https://undocs.org/A/RES/3369(XXX)"),
        ("S/PRST/2013/16", "https://undocs.org/S/PRST/2013/16"),
        ("S/PV.7050", "https://undocs.org/S/PV.7050"),
        ("S/2013/588", "https://undocs.org/S/2013/588"),
        ("A/67/280-S/2012/614", "https://undocs.org/A/67/280"),
        ("A/71/L.5", "https://undocs.org/A/71/L.5"),
        ("S/96/Rev.7 rule 39", "https://undocs.org/S/96/Rev.7"),
        ("UN Charter Art. 24", None),
        ("UN Charter Ch. VIII", None),
    ],
)
def test_undocs_url(symbol, url):
    assert undocs_url(symbol) == url


@pytest.mark.parametrize(
    "symbol, expected",
    [
        ("A/RES/67/264", "a-res-67-264"),
        ("S/RES/1963 (2010)", "s-res-1963-2010"),
        ("A/67/280-S/2012/614", "a-67-280-s-2012-614"),
        ("A/67/280\u2013S/2012/614", "a-67-280-s-2012-614"),
        ("UN Charter Art. 24", "un-charter-art-24"),
        ("UN Charter Ch. VIII", "un-charter-ch-viii"),
        ("S/96/Rev.7 rule 39", "s-96-rev-7-rule-39"),
        ("S/PV.7015 (Resumption 1)", "s-pv-7015-resumption-1"),
        ("resolution 1963 (2010)", "s-res-1963-2010"),
    ],
)
def test_slug(symbol, expected):
    assert slug(symbol) == expected


def test_slugs_of_the_paper_are_distinct_and_anchor_safe(paper_text):
    symbols_ = {m.symbol for m in find_mentions(paper_text)}
    slugs = {slug(s) for s in symbols_}
    assert len(slugs) == len(symbols_)
    assert all(s and set(s) <= set("abcdefghijklmnopqrstuvwxyz0123456789-") for s in slugs)


def test_mention_is_frozen():
    m = find_mentions("S/2013/588")[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.symbol = "x"


# --- property-based --------------------------------------------------------------------------
try:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover
    st = None

if st is not None:
    ROMANS = ["I", "II", "III", "IV", "V", "IX", "X", "XV", "XX", "XXIV", "XXIX", "XXX"]
    DASHES = st.sampled_from(["-", "\u2013", "\u2014", "", " \u2013 "])

    @st.composite
    def instruments(draw):
        """(canonical symbol, a written form of it) for every kind of citation."""
        n = draw(st.integers(1, 2999))
        year = draw(st.integers(1946, 2030))
        session = draw(st.integers(31, 99))
        num = draw(st.integers(1, 350))
        roman = draw(st.sampled_from(ROMANS))
        paren = draw(st.sampled_from(["({})", " ({})", r" \({}\)", "( {} )"]))
        choice = draw(st.integers(0, 11))
        if choice == 0:
            written = draw(st.sampled_from([f"S/RES/{n}", f"resolution {n}", f"{n}"]))
            return f"S/RES/{n} ({year})", written + paren.format(year)
        if choice == 1:
            written = draw(st.sampled_from([f"A/RES/{session}/{num}", f"{session}/{num}", f"resolution {session}/{num}"]))
            return f"A/RES/{session}/{num}", written
        if choice == 2:
            written = draw(st.sampled_from([f"A/RES/{n}", f"{n}", f"resolution {n}"]))
            return f"A/RES/{n} ({roman})", written + paren.format(roman)
        if choice == 3:
            k = draw(st.sampled_from(["S", "ES"]))
            return f"A/RES/{k}-{session % 30 + 1}/{num}", f"{k}-{session % 30 + 1}/{num}"
        if choice == 4:
            y = draw(st.integers(1994, 2030))
            return f"S/PRST/{y}/{num}", draw(st.sampled_from(["S/", ""])) + f"PRST/{y}/{num}"
        if choice == 5:
            return f"S/PV.{n + 1000}", f"S/PV.{n + 1000}"
        if choice == 6:
            return f"A/{session}/PV.{num}", f"A/{session}/PV.{num}"
        if choice == 7:
            y = draw(st.integers(1994, 2030))
            mod = draw(st.sampled_from(["", "/Add.1", "/Corr.2", "/Rev.1"]))
            return f"S/{y}/{num}{mod}", f"S/{y}/{num}{mod}"
        if choice == 8:
            y = draw(st.integers(1994, 2030))
            a, s = f"A/{session}/{num}", f"S/{y}/{n}"
            return f"{a}-{s}", f"{a}{draw(DASHES)}{s}"
        if choice == 9:
            return f"A/{session}/L.{num}", f"A/{session}/L.{num}"
        if choice == 10:
            art = draw(st.integers(1, 111))
            return f"UN Charter Art. {art}", draw(st.sampled_from([f"Art. {art}", f"Article {art}"]))
        r = draw(st.integers(1, 200))
        return f"S/96/Rev.7 rule {r}", f"rule {r}"

    @settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
    @given(instruments())
    def test_canonical_round_trips(pair):
        symbol, written = pair
        assert canonical(written) == symbol
        assert canonical(symbol) == symbol
        assert slug(written) == slug(symbol)
        assert set(slug(symbol)) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")

    @settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
    @given(instruments())
    def test_written_symbol_found_in_a_sentence(pair):
        symbol, written = pair
        if symbol.startswith("UN Charter"):
            text = f"The Council recalls ({written}), as agreed."
        elif symbol.startswith(("S/RES", "A/RES")) and not written.startswith(("S/", "A/")):
            if written.startswith("resolution"):
                written = written[len("resolution ") :]
            text = f"Recalling its resolution {written}, and noting the report."
        elif " rule " in symbol:
            text = f"Invited under {written} of its provisional rules of procedure."
        else:
            text = f"See the report ({written}), para. 3."
        found = find_mentions(text)
        assert [m.symbol for m in found] == [symbol]
        check_offsets(text, found)

    @settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
    @given(
        st.lists(
            st.sampled_from(
                [
                    "resolution ",
                    "resolutions ",
                    "1963 ",
                    "(2010)",
                    r"\(",
                    r"\)",
                    "67/264",
                    " and ",
                    ", ",
                    "A/",
                    "S/",
                    "RES/",
                    "PRST/",
                    "PV.",
                    "2013/",
                    "588",
                    "-",
                    "\u2013",
                    "Art. ",
                    "Arts. ",
                    "Chapter ",
                    "VIII",
                    " of the Charter",
                    "rule ",
                    "39",
                    " of its provisional rules of procedure",
                    "[",
                    "](#)",
                    "www.",
                    "http://",
                    "\n",
                    " ",
                    "XXX",
                    "A ",
                    "B",
                    "Corr.1",
                    "/",
                    "(",
                    ")",
                    "of 17 October 2005",
                    "Security Council ",
                    "Human Rights Council ",
                ]
            ),
            max_size=30,
        ).map("".join)
    )
    def test_offsets_always_slice_to_surface(text):
        found = find_mentions(text)
        check_offsets(text, found)
        for m in found:
            assert canonical(m.symbol) == m.symbol


# --- command line ----------------------------------------------------------------------------
def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefing", "extract", *args], cwd=ROOT, input=stdin, capture_output=True, timeout=60)


def test_cli_jsonl_on_the_paper(paper_text):
    done = run_cli("seeds/S-2013-588.md", "--format", "jsonl")
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert Counter(r["symbol"] for r in records) == PAPER_EXPECTED
    for r in records:
        assert set(r) == {"symbol", "kind", "surface", "start", "end", "self", "pinpoint", "inferred", "year_unknown"}
        assert paper_text[r["start"] : r["end"]] == r["surface"]


def test_cli_reads_standard_input():
    text = "Recalling resolution 1963 (2010) \u2014 and A/67/280\u2013S/2012/614 \u00e9t\u00e9.\n"
    done = run_cli("-", stdin=text.encode("utf-8"))
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode("utf-8")
    assert "\u2013" in out  # ensure_ascii=False
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["symbol"] for r in records] == ["S/RES/1963 (2010)", "A/67/280-S/2012/614"]
    for r in records:
        assert text[r["start"] : r["end"]] == r["surface"]


def test_cli_default_format_is_jsonl():
    done = run_cli("-", stdin=b"S/2013/588")
    assert json.loads(done.stdout) == {
        "symbol": "S/2013/588",
        "kind": "document",
        "surface": "S/2013/588",
        "start": 0,
        "end": 10,
        "self": True,
        "pinpoint": None,
        "inferred": "",
        "year_unknown": False,
    }


def test_cli_csv(paper_text):
    done = run_cli("seeds/S-2013-588.md", "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout.decode("utf-8"))))
    assert list(rows[0]) == [
        "symbol",
        "kind",
        "surface",
        "start",
        "end",
        "self",
        "pinpoint_kind",
        "pinpoint_from",
        "pinpoint_to",
        "inferred",
        "year_unknown",
    ]
    assert len(rows) == sum(PAPER_EXPECTED.values())
    for r in rows:
        assert paper_text[int(r["start"]) : int(r["end"])] == r["surface"]


def test_cli_table(capsys):
    path = FIXTURES / "sc_meeting_record.md"
    assert main([str(path), "--format", "table", "--context", "none"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["symbol", "kind", "surface", "start", "end", "self", "pinpoint"]
    assert set(lines[1]) <= {"-", " "}
    assert len(lines) == 2 + len(FIXTURE_EXPECTED["sc_meeting_record.md"])
    assert "S/PV.7015 (Resumption 1)" in lines[2]


def test_cli_missing_file():
    done = run_cli("no/such/file.md")
    assert done.returncode == 2
    assert b"no such file: no/such/file.md" in done.stderr
    assert done.stdout == b""


def test_cli_not_utf8(tmp_path, capsys):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("r\u00e9solution 1963 (2010)".encode("latin-1"))
    assert main([str(bad)]) == 2
    assert "not UTF-8" in capsys.readouterr().err


# --- a paragraph number after a list ended by ";" (S/2001/1199: "338 (1973);" / "7.") --------
@pytest.mark.parametrize(
    "text, context, expected",
    [
        ("its resolutions 242 (1967) and 338 (1973);\n7.\n\nDecides", "S/2001/1199", ["S/RES/242 (1967)", "S/RES/338 (1973)"]),
        ("its resolutions 1267 (1999) and 1333 (2000);\n\f10. Decides", "S/RES/1963 (2010)", ["S/RES/1267 (1999)", "S/RES/1333 (2000)"]),
        ("Security Council resolutions 1267;\n  3. Requests", None, ["S/RES/1267"]),
    ],
)
def test_a_paragraph_number_does_not_continue_a_list(text, context, expected):
    assert symbols_in(text, context) == expected


@pytest.mark.parametrize(
    "text, context, expected",
    [
        # the list goes on: "and" before the number, a year after it, no line break, no full stop
        ("Security Council resolutions 1267, 1333 and\n1390.\n", None, ["S/RES/1267", "S/RES/1333", "S/RES/1390"]),
        ("Security Council resolutions 1267;\n1390 (2002).", None, ["S/RES/1267", "S/RES/1390 (2002)"]),
        ("Security Council resolutions 1267; 1333.", None, ["S/RES/1267", "S/RES/1333"]),
        ("Security Council resolutions 1267;\n1333, 1390", None, ["S/RES/1267", "S/RES/1333", "S/RES/1390"]),
        ("resolution 1373;\n7. Decides", "S/RES/1963 (2010)", ["S/RES/1373"]),  # a first member stands
    ],
)
def test_a_list_goes_on_where_no_paragraph_number_stands(text, context, expected):
    assert symbols_in(text, context) == expected
