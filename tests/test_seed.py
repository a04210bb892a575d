"""The seed: kept byte for byte, parsed into the paper's structure."""

import hashlib
from pathlib import Path

import pytest

from briefing import PAPER_PATH, seed

pytestmark = pytest.mark.data

SHARED_SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_675dc49bf67d1f24.txt"


# The digest of the paper as the project received it (../shared/seeds/000_675dc49bf67d1f24.txt),
# so the check holds on a checkout that has no shared/ folder beside it.
SEED_SHA256 = "0fa6b5be2dde21f3761d941ee071caaba040a5b3dabdd07330c6a7c9e67742a2"


def test_seed_bytes_are_as_given():
    assert hashlib.sha256(PAPER_PATH.read_bytes()).hexdigest() == SEED_SHA256
    if SHARED_SEED.exists():
        assert PAPER_PATH.read_bytes() == SHARED_SEED.read_bytes()


@pytest.fixture(scope="module")
def paper():
    return seed.load()


def test_concept_paper_has_sixteen_numbered_paragraphs(paper):
    numbers = [b.number for b in paper.paragraphs]
    assert numbers == list(range(1, 17))
    assert paper.block("para-4").text.startswith("With 57 member States from four continents")
    assert paper.block("para-16").text.startswith("The meeting will be held in a briefing format")


def test_sections_in_order(paper):
    headings = [b.text for b in paper.blocks if b.kind == "heading"]
    assert headings == ["Introduction", "Background", "Areas to be explored", "Format of the meeting"]
    assert {b.section for b in paper.paragraphs if b.number in (4, 14)} == {"Background"}


def test_letter_and_signature(paper):
    assert [b.id for b in paper.blocks if b.kind == "letter"] == ["letter-1", "letter-2"]
    assert paper.block("signature").markdown.splitlines() == [
        "(Signed) Agshin Mehdiyev",
        "Ambassador Extraordinary and Plenipotentiary",
        "Permanent Representative",
    ]
    assert paper.block("annex-byline").text == "Concept paper of Azerbaijan"


def test_seven_questions(paper):
    questions = paper.block("questions")
    assert len(questions.items) == 7
    assert questions.items[0].startswith("What are the opportunities and the appropriate approaches")
    assert questions.items[-1].endswith("strengthen their capacities for cooperation.")


def test_page_break_rejoined_and_footnote_lifted(paper):
    para12 = paper.block("para-12").text
    assert "peacekeeping, conflict resolution and post-conflict rehabilitation" in para12
    assert "Additional information" not in para12
    assert paper.block("para-11").footnotes == ["a"]
    assert paper.footnotes["a"].text.startswith("Additional information about the event")


def test_plain_text_strips_markdown_only():
    assert seed.plain_text("resolution [1963 \\(2010\\)](#) (*ibid.*).^a") == "resolution 1963 (2010) (ibid.)."


def test_unmatched_footnote_is_refused():
    with pytest.raises(seed.SeedFormatError, match="footnote"):
        seed.parse("Introduction\n\nA paragraph.^a\n")


def test_what_the_paper_says_of_itself(paper):
    claim = seed.membership_claim(paper)
    assert (claim.members, claim.continents, claim.words) == (57, 4, "57 member States from four continents")
    assert seed.letter_date(paper) == "3 October 2013"
    assert seed.theme(paper) == "Strengthening the partnership synergy between the United Nations and the Organization of Islamic Cooperation"
    assert seed.presiding(paper) == "Azerbaijan"
    assert seed.speakers(paper) == "the Secretary-General of the United Nations and the Secretary General of OIC"
    assert seed.questions(paper) == [seed.plain_text(item) for item in paper.block("questions").items]
