"""The finder on real UN texts: every held text against its hand-written expected citations.

The expected lists (tests/corpus/expected/*.csv) were written by reading each text of
data/texts/ and of tests/corpus/texts/ (documents the finder was not built on) line by line;
the comparison is in tests/finder_corpus.py, which ``make finder-report`` also prints. A citation counts only when line, surface, symbol, kind, self and
pinpoint all agree.
"""

from __future__ import annotations

import csv
import hashlib

import pytest
from finder_corpus import COLUMNS, EXPECTED, TEXTS, UNSEEN, difference, documents, rows_expected, rows_found, scores, text_of, unseen

from briefing.citations import find_mentions

pytestmark = pytest.mark.unit

# What the finder is known to miss, each with its reason (the report lists these as "missed").
KNOWN_MISSES: dict[str, list[tuple[str, ...]]] = {}


def test_the_corpus_is_every_held_text_and_every_unseen_text():
    held = sorted(p.name for p in TEXTS.glob("*.txt"))
    assert unseen() and not set(unseen()) & set(held)
    assert documents() == sorted(held + unseen())


def test_unseen_texts_are_the_copies_recorded():
    """Each copied text has the characters and sha256 its provenance table records."""
    readme = (UNSEEN.parent / "README.md").read_text(encoding="utf-8")
    for name in unseen():
        data = (UNSEEN / name).read_bytes()
        row = next(line for line in readme.splitlines() if line.startswith(f"| {name} |"))
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert (int(cells[-2]), cells[-1]) == (len(data.decode("utf-8")), hashlib.sha256(data).hexdigest()), name


def test_a_year_in_the_running_text_and_an_unknown_year_in_real_text():
    """S/2001/1199 writes "resolution 1322 of 7 / October 2000"; S/2001/1001 writes "Security
    Council resolution 1088" with no year anywhere near it (it is 1088 (1996)): never guessed."""
    ms = find_mentions(text_of("S-2001-1199.txt"), "auto")
    (m,) = [m for m in ms if m.surface == "1322"]
    assert (m.symbol, m.inferred, m.year_unknown) == ("S/RES/1322 (2000)", "year", False)
    ms = find_mentions(text_of("S-2001-1001.txt"), "auto")
    (m,) = [m for m in ms if m.kind == "sc_resolution"]
    assert (m.symbol, m.year_unknown) == ("S/RES/1088", True)


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
            window = "\n".join(lines[at : at + 1 + surface.count("\n")])
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
        assert text[m.start : m.end] == m.surface
        if m.pinpoint:
            assert text[m.pinpoint.start : m.pinpoint.end] == m.pinpoint.surface
