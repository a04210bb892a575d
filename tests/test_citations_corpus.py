"""The finder on real UN texts: every held text against its hand-written expected citations.

The expected lists (tests/corpus/expected/*.csv) were written by reading each text of
data/texts/ line by line; the comparison is in tests/finder_corpus.py, which ``make
finder-report`` also prints. A citation counts only when line, surface, symbol, kind, self and
pinpoint all agree.
"""
from __future__ import annotations

import csv

import pytest

from finder_corpus import (COLUMNS, EXPECTED, TEXTS, difference, documents, rows_expected,
                           rows_found, scores, text_of)

from briefing.citations import find_mentions

pytestmark = pytest.mark.unit

# What the finder is known to miss, each with its reason (the report lists these as "missed").
KNOWN_MISSES: dict[str, list[tuple[str, ...]]] = {}


def test_the_corpus_is_every_held_text():
    held = sorted(p.name for p in TEXTS.glob("*.txt"))
    assert documents() == held


@pytest.mark.parametrize("name", sorted(p.stem + ".txt" for p in EXPECTED.glob("*.csv")))
def test_expected_lists_stand_where_the_text_says(name):
    """Each expected row's surface is written on its line (the list is checkable by hand)."""
    lines = text_of(name).split("\n")
    with open(EXPECTED / (name[:-4] + ".csv"), encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert tuple(reader.fieldnames) == COLUMNS
        for row in reader:
            at = int(row["line"]) - 1
            surface = row["surface"].replace("\\n", "\n")
            window = "\n".join(lines[at:at + 1 + surface.count("\n")])
            assert surface in window, (name, row)


@pytest.mark.parametrize("name", documents())
def test_finder_against_expected(name):
    extra, missed = difference(rows_found(name), rows_expected(name))
    assert extra == []
    assert missed == KNOWN_MISSES.get(name, [])


def test_precision_and_recall_over_the_corpus():
    s = scores()
    assert s["expected"] > 300
    assert s["precision"] >= 0.98 and s["recall"] >= 0.98, s


@pytest.mark.parametrize("name", documents())
def test_offsets_slice_to_the_surface_in_real_text(name):
    text = text_of(name)
    for m in find_mentions(text, "auto"):
        assert text[m.start:m.end] == m.surface
        if m.pinpoint:
            assert text[m.pinpoint.start:m.pinpoint.end] == m.pinpoint.surface
