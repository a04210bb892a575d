"""Pinpoints taken to the held paragraph and checked: made-up papers and texts (unit)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from briefing import instruments, narrative, pinpoints, seed

pytestmark = pytest.mark.unit

ANNEX = "Annex to the letter\n\nA made-up concept paper\n\nOn cooperation\n\nBy nobody\n\n"
PAPER = seed.parse(
    ANNEX + "Introduction\n\n"
    "The two bodies have worked together on water and roads in Atlantis (General Assembly resolution 99/1, para. 2). "
    "They also share an interest in fishing (*ibid.*, para. 3), as well as in other things. "
    "Nothing here is in the report (A/99/100-S/2099/1, paras. 10-12).\n"
)
TEXT = pinpoints.HeldParagraphs(
    "A/RES/99/1",
    "a-res-99-1",
    {
        "pp-1": ("1", "Recalling its resolution 98/7,"),
        "op-2": ("2", "Notes the close cooperation between the two organizations on water and roads in Atlantis;"),
        "op-3": ("3", "Requests the secretariats to report on mountain climbing;"),
    },
)
GLOSSARY = pd.DataFrame([{"term": "UNX", "kind": "acronym", "expansion": "United Nations Example", "forms": "United Nations Example;UNX"}])


def lookup(symbol):
    return TEXT if symbol == TEXT.symbol else None


@pytest.fixture(scope="module")
def found():
    return pinpoints.checks(lookup, PAPER)


@pytest.mark.parametrize(
    "written, anchors",
    [
        ("para. 13", ("op-13",)),
        ("paras. 106-116", tuple(f"op-{n}" for n in range(106, 117))),
        ("paras. 4–5", ("op-4", "op-5")),
        ("annex III", ("annex-3",)),
        ("annex", ("annex",)),
        ("chap. 4", ()),
    ],
)
def test_pinpoints_are_read_through_the_finder(written, anchors):
    assert pinpoints.parse_pin(written).anchors == anchors


@pytest.mark.parametrize("written", ["paras. 9-3", "clause 4", "para."])
def test_an_unreadable_pinpoint_is_refused(written):
    with pytest.raises(ValueError, match=rf"^pinpoint '{re.escape(written)}': expected"):
        pinpoints.parse_pin(written)


def test_every_pinpoint_in_reading_order_ibid_attributed(found):
    assert [(c.citation.symbol, c.pin.written, c.citation.ibid) for c in found] == [
        ("A/RES/99/1", "para. 2", False),
        ("A/RES/99/1", "para. 3", True),
        ("A/99/100-S/2099/1", "paras. 10-12", False),
    ]
    assert [p.label for p in found[0].cited] == ["a-res-99-1-op-2"]


def test_the_claim_is_the_sentence_up_to_its_citation(found):
    assert found[0].claim == "The two bodies have worked together on water and roads in Atlantis"
    assert found[1].claim == "They also share an interest in fishing"


def test_a_paragraph_that_says_it_and_one_that_does_not(found):
    says, not_borne, not_held = found
    assert says.finding == pinpoints.SAYS and says.shared == ("two", "water", "roads", "atlantis")
    assert not_borne.finding == pinpoints.NOT_BORNE and not_borne.shared == ()
    assert not_held.finding == pinpoints.NOT_HELD and not not_held.held


def test_the_finding_follows_the_cited_words():
    changed = pinpoints.HeldParagraphs(TEXT.symbol, TEXT.slug, {**TEXT.paragraphs, "op-3": ("3", "Welcomes their shared interest in fishing;")})
    second = pinpoints.checks(lambda s: changed if s == changed.symbol else None, PAPER)[1]
    assert second.finding == pinpoints.SAYS and second.shared == ("interest", "fishing")


def test_acronyms_meet_their_expansion():
    acronyms = pinpoints._acronyms(GLOSSARY)
    words, shared = pinpoints.compare("UNX acts", "The United Nations Example acts;", acronyms)
    assert words == ("unx", "acts") and shared == ("unx", "acts")
    assert pinpoints.compare("UNX acts", "The United Nations Example acts;")[1] == ("acts",)


def test_a_named_paragraph_the_text_lacks_is_reported():
    paper = seed.parse(ANNEX + "Introduction\n\nA claim (General Assembly resolution 99/1, paras. 2-4).\n")
    c = pinpoints.checks(lookup, paper)[0]
    assert [p.anchor for p in c.cited] == ["op-2", "op-3"] and c.missing == ("op-4",)


def test_the_quotation_sits_after_the_paragraph_with_the_official_words(found):
    shown = pinpoints.beside("para-1", found)
    assert shown.count("{dropdown}") == 2 and shown.count("{only} latex") == 2
    assert "> Notes the close cooperation between the two organizations on water and roads in Atlantis;" in shown
    assert "[The text in full](#a-res-99-1-op-2)" in shown
    assert pinpoints.beside("para-2", found) == ""


def test_the_pinpoint_links_to_the_held_paragraph_and_the_words_stay(found, monkeypatch):
    monkeypatch.setattr(seed, "load", lambda path=None: PAPER)
    instruments._cached_citations.cache_clear()
    block = PAPER.block("para-1")
    linked = instruments.link_citations(block.markdown, "para-1", pinpoints.pin_targets(found))
    assert "[para. 2](#a-res-99-1-op-2)" in linked and "[para. 3](#a-res-99-1-op-3)" in linked
    assert "paras. 10-12)" in linked  # not held: not linked
    assert seed.plain_text(narrative.LINK_RE.sub(lambda m: m["text"], linked)) == seed.plain_text(block.markdown)
    instruments._cached_citations.cache_clear()


def test_summary_counts(found):
    text = pinpoints.summary(found)
    assert text.startswith("The paper gives 3 pinpoints") and "2 of them point into a text this book holds (A/RES/99/1)" in text
    assert "says what the paper says in 1 and does not bear it out in 1" in text


def test_a_pinpoint_to_a_paragraph_the_held_text_lacks_is_not_a_finding_against_it():
    paper = seed.parse(ANNEX + "Introduction\n\nA claim about water (General Assembly resolution 99/1, para. 9).\n")
    found = pinpoints.checks(lookup, paper)
    assert found[0].finding == pinpoints.NOT_FOUND and found[0].missing == ("op-9",)
    assert "In 1, the held text has no paragraph of the number given." in pinpoints.summary(found)
