"""The charts sit beside the paragraphs they illustrate, and the membership claim is checked."""
from __future__ import annotations

import re

import pytest

from briefing import activity, data

pytestmark = pytest.mark.data

# figure stem -> the paragraph it follows in the Background chapter
PLACES = {"membership": 4, "ga-series": 6, "by-area": 8, "timeline": 12, "member-map": 13}


def test_membership_claim_is_read_from_the_paper_and_checked():
    claim = activity.paper_membership_claim()
    assert claim == {"members": 57, "continents": 4, "words": "57 member States from four continents"}
    statement = activity.membership_statement()
    assert "57 member States on 4 continents" in statement and "the data agree" in statement


def test_membership_check_follows_the_data():
    members = data.load_members()
    fewer = members[members["name"] != "Albania"]  # the one European member
    statement = activity.membership_statement(fewer)
    assert "56 member States on 3 continents" in statement and "do not agree" in statement


@pytest.mark.book
def test_each_figure_sits_after_its_paragraph_with_caption_alt_and_source(built_book):
    page = (built_book.html / "book" / "background.html").read_text(encoding="utf-8")
    for stem, number in PLACES.items():
        figure = page.index(f'id="fig-{stem}"')
        assert page.index(f'id="para-{number}"') < figure < page.index(f'id="para-{number + 1}"'), stem
        block = page[figure: page.index("</figure>", figure)]
        img = re.search(r'<img alt="([^"]+)" src="([^"]+)"', block)
        assert img and len(img[1]) > 40, stem  # alt text says what the chart shows
        assert img[2].endswith(".svg") and (built_book.html / "book" / img[2]).exists()
        assert "Source:" in block and "Fig. 3." in block


@pytest.mark.book
def test_figures_are_deterministic_across_builds(book_copy, built_book):
    for stem in PLACES:
        for kind in ("svg", "pdf", "png"):
            ours = built_book.build / ".execution" / "generated" / f"{stem}.{kind}"
            theirs = book_copy / "_build" / ".execution" / "generated" / f"{stem}.{kind}"
            assert ours.read_bytes() == theirs.read_bytes(), f"{stem}.{kind}"
