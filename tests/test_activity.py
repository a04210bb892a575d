"""The charts sit beside the paragraphs they illustrate, with caption, alt text and source, and
their files are the same from one build to the next. (The membership claim on today's data and
with a member removed: ``test_figures_data.py``.)"""

from __future__ import annotations

import json
import re

import pytest

pytestmark = pytest.mark.book  # every test reads the built book

# figure stem -> the paragraph it follows in the Background chapter
PLACES = {"membership": 4, "ga-series": 6, "by-area": 8, "timeline": 12, "member-map": 13}


def test_each_figure_sits_after_its_paragraph_with_caption_alt_and_source(built_book):
    page = (built_book.html / "book" / "background.html").read_text(encoding="utf-8")
    for stem, number in PLACES.items():
        figure = page.index(f'id="fig-{stem}"')
        assert page.index(f'id="para-{number}"') < figure < page.index(f'id="para-{number + 1}"'), stem
        block = page[figure : page.index("</figure>", figure)]
        img = re.search(r'<img alt="([^"]+)" src="([^"]+)"', block)
        assert img and len(img[1]) > 40, stem  # alt text says what the chart shows
        assert img[2].endswith(".svg") and (built_book.html / "book" / img[2]).exists()
        assert "Source:" in block and "Fig. 3." in block


def test_figures_are_deterministic_across_builds(book_copy, built_book):
    for stem in PLACES:
        for kind in ("svg", "pdf", "png"):
            ours = built_book.build / ".execution" / "generated" / f"{stem}.{kind}"
            theirs = book_copy / "_build" / ".execution" / "generated" / f"{stem}.{kind}"
            assert ours.read_bytes() == theirs.read_bytes(), f"{stem}.{kind}"


def test_the_chapter_records_every_figure_file_it_wrote(built_book):
    """Cached or drawn, each figure's three files are in the chapter's record of what it wrote."""
    record = json.loads((built_book.execution / "book__background.json").read_text(encoding="utf-8"))
    wrote = set(record["wrote"])
    assert {f"{stem}.{kind}" for stem in PLACES for kind in ("svg", "pdf", "png")} <= wrote
