"""The built book: every sentence of the paper in the HTML and the PDF, and the PDF's shape."""

from __future__ import annotations

import random
import re
import subprocess

import pytest

from briefing import ROOT, fidelity, narrative, seed

pytestmark = pytest.mark.book


@pytest.fixture(scope="module")
def paper():
    return seed.load()


@pytest.fixture(scope="module")
def html_text(built_book):
    pages = [str(p.relative_to(ROOT).with_suffix(".html")) for p in narrative.chapter_files(ROOT)]
    return fidelity.html_text(built_book.html, pages)


@pytest.fixture(scope="module")
def pdf_text(built_book):
    return fidelity.pdf_text(built_book.pdf)


def test_every_sentence_in_the_html_in_order(html_text, paper):
    assert fidelity.check_html_text(html_text, paper) == []


@pytest.mark.pdf
def test_every_sentence_in_the_pdf_in_order(pdf_text, paper):
    assert fidelity.check_pdf_text(pdf_text, paper) == []


def _mutations(text: str, sentence: str) -> dict[str, str]:
    """Copies of ``text`` with one word of ``sentence`` dropped, added, altered; and two moved."""
    words = sentence.split(" ")
    i = len(words) // 2
    dropped = " ".join(words[:i] + words[i + 1 :])
    added = " ".join(words[:i] + ["not"] + words[i:])
    altered = " ".join(words[:i] + [words[i] + "s"] + words[i + 1 :])
    return {
        "dropped": text.replace(sentence, dropped, 1),
        "added": text.replace(sentence, added, 1),
        "altered": text.replace(sentence, altered, 1),
    }


def _sample(paper, n=6):
    rng = random.Random(588)
    long_ones = [s for s in fidelity.sentences(paper) if len(s.split()) >= 8]
    return rng.sample(long_ones, n)


def test_html_check_fails_on_a_dropped_added_or_altered_word(html_text, paper):
    for sentence in _sample(paper):
        assert sentence in html_text
        for how, mutated in _mutations(html_text, sentence).items():
            assert sentence in fidelity.check_html_text(mutated, paper), how


def test_html_check_fails_on_sentences_out_of_order(html_text, paper):
    first, second = fidelity.sentences(paper)[20], fidelity.sentences(paper)[30]
    swapped = html_text.replace(first, "\0").replace(second, first).replace("\0", second)
    assert fidelity.check_html_text(swapped, paper) != []


@pytest.mark.pdf
def test_pdf_check_fails_on_a_dropped_added_or_altered_word(pdf_text, paper):
    for sentence in _sample(paper):
        # the PDF breaks lines inside sentences: mutate a copy of the squashed text
        squashed = fidelity.squash(pdf_text)
        target = fidelity.squash(sentence)
        assert target in squashed
        words = [w for w in re.split(r"\s+", sentence) if len(w) > 3]
        word = fidelity.squash(words[len(words) // 2])
        for how, replacement in {"dropped": "", "added": "not" + word, "altered": word + "s"}.items():
            mutated_sentence = target.replace(word, replacement, 1)
            mutated = squashed.replace(target, mutated_sentence, 1)
            assert sentence in fidelity.check_pdf_text(mutated, paper), how


@pytest.mark.pdf
def test_pdf_title_page_contents_and_numbered_chapters(built_book):
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(built_book.pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(first.split())
    assert "Strengthening the partnership synergy between the United Nations and the Organization of Islamic Cooperation" in flat
    assert "28 October 2013" in flat and "S/2013/588" in flat
    contents = subprocess.run(["pdftotext", "-f", "2", "-l", "3", str(built_book.pdf), "-"], capture_output=True, text=True, check=True).stdout
    for number, title in enumerate(["Letter of transmittal", "Introduction", "Background", "Areas to be explored", "Format of the meeting"], 1):
        assert re.search(rf"{number}\s+{title}", contents), title


@pytest.mark.pdf
def test_pdf_bookmarks_and_metadata(built_book):
    from pypdf import PdfReader
    from test_pdf import outline_titles

    reader = PdfReader(built_book.pdf)
    bookmarks = outline_titles(built_book.pdf)
    for title in ["Letter of transmittal", "Introduction", "Background", "Areas to be explored", "Format of the meeting"]:
        assert any(title in b for b in bookmarks), (title, bookmarks)
    assert "S/2013/588" in reader.metadata.title
    assert "Organization of Islamic Cooperation" in reader.metadata.subject


def test_html_pages_numbered_and_titled(built_book):
    page = (built_book.html / "book" / "background.html").read_text(encoding="utf-8")
    assert re.search(r"<h1>\s*(<span class=\"section-number\">3\. </span>)?Background", page)
    assert 'id="para-11"' in page and "¶11" in page
    index = (built_book.html / "book" / "index.html").read_text(encoding="utf-8")
    assert "<title>" in index and "S/2013/588" in index
