"""The held texts in the built book: every word in the HTML and the PDF, anchors, links, search,
and a text the reader cannot read stopping the build with the old book kept."""
from __future__ import annotations

import csv
import hashlib
import re

import pytest
from bs4 import BeautifulSoup

from briefing import ROOT, fidelity, texts
from briefing.build import Layout
from briefing.texts import fidelity as text_fidelity
from briefing.texts import links, pages
from conftest import run_briefing

pytestmark = pytest.mark.book

HELD = texts.held_texts()


def needles(held) -> list[str]:
    """The text's blocks in reading order, normalised as the book's checks normalise."""
    return [fidelity.normalise(b.text) for b in texts.read_document(held.path).blocks()]


def page_text(built_book, held) -> str:
    return fidelity.html_text(built_book.html, [f"book/texts/{held.slug}.html"])


@pytest.fixture(scope="module")
def pdf_text(built_book):
    # a long literal line (the record's dot leaders) wraps, and a literal block breaks across pages,
    # with Sphinx's marks: typesetting, not words
    marks = r"␣|,→|\(continues on next page\)|\(continued from previous page\)"
    return fidelity.squash(re.sub(marks, "", fidelity.pdf_text(built_book.pdf)))


@pytest.mark.parametrize("held", HELD, ids=lambda h: h.slug)
def test_every_word_of_the_text_in_the_html_in_order(built_book, held):
    assert fidelity.missing_in_order(page_text(built_book, held), needles(held)) == []


@pytest.mark.pdf
@pytest.mark.parametrize("held", HELD, ids=lambda h: h.slug)
def test_every_word_of_the_text_in_the_pdf_in_order(pdf_text, held):
    wanted = [fidelity.squash(n) for n in needles(held)]
    assert fidelity.missing_in_order(pdf_text, wanted) == []


def test_the_html_check_fails_on_a_dropped_word(built_book):
    held = next(h for h in HELD if h.symbol == "A/RES/67/264")
    text = page_text(built_book, held)
    assert "Sierra Leone and Somalia" in text
    dropped = text.replace("Sierra Leone and Somalia", "Sierra and Somalia", 1)
    missing = fidelity.missing_in_order(dropped, needles(held))
    assert len(missing) == 1 and missing[0].startswith("13. Welcomes with appreciation")


@pytest.mark.pdf
def test_the_pdf_check_fails_on_a_dropped_word(pdf_text):
    held = next(h for h in HELD if h.symbol == "A/RES/67/264")
    wanted = [fidelity.squash(n) for n in needles(held)]
    dropped = pdf_text.replace("SierraLeoneandSomalia", "SierraandSomalia")
    assert len(fidelity.missing_in_order(dropped, wanted)) >= 1


def test_op_13_is_anchored_and_reads_as_the_text(built_book):
    soup = BeautifulSoup((built_book.html / "book/texts/a-res-67-264.html").read_text(encoding="utf-8"),
                         "html.parser")
    target = soup.find(id="a-res-67-264-op-13")
    assert target is not None
    paragraph = target if target.name == "p" else target.find_next("p")
    assert fidelity.normalise(paragraph.get_text(" ")).endswith(
        "reconstruction and development in Afghanistan, Bosnia and Herzegovina, Sierra Leone and Somalia;")
    doc = texts.read_document(ROOT / "data/texts/A-RES-67-264.txt")
    ids = {t["id"] for t in soup.find_all(id=True)}
    assert {f"a-res-67-264-{p.anchor}" for p in doc.paragraphs} <= ids


def test_the_part_is_in_the_contents_before_the_annexes():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    assert toc.index(f"caption: {pages.PART_CAPTION}") < toc.index("caption: Annexes")
    for entry in pages.toc_entries(ROOT):
        assert f"file: {entry}\n" in toc, entry


def test_pages_are_in_sync_with_the_texts():
    assert pages.sync(ROOT, write=False) == []


def test_the_instruments_chapter_links_each_text(built_book):
    html = (built_book.html / "book/instruments.html").read_text(encoding="utf-8")
    held = links.held_symbols()
    for symbol, slug in held.items():
        if symbol in ("A/RES/67/264", "A/RES/65/283", "A/RES/3369 (XXX)", "S/RES/1963 (2010)", "S/RES/1624 (2005)"):
            assert f'href="texts/{slug}.html#text-{slug}"' in html, symbol
    soup = BeautifulSoup(html, "html.parser")
    rows = [tr for tr in soup.find_all("tr") if "A/67/280-S/2012/614" in tr.get_text()]
    assert rows and links.NOT_HELD in rows[0].get_text(" ")
    assert rows[0].find("a", href="https://undocs.org/A/67/280") is not None


def test_the_texts_are_in_the_offline_search_index(built_book):
    index = (built_book.html / "searchindex.js").read_text(encoding="utf-8")
    for held in HELD:
        assert f'"book/texts/{held.slug}"' in index, held.slug
    assert re.search(r'"herzegovina":', index)


def _register(data_dir, name: str, raw: bytes) -> None:
    """Write a changed text and record its new hash, as a corrected text would be registered."""
    (data_dir / "texts" / name).write_bytes(raw)
    path = data_dir / "texts" / "texts.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        if row["file"] == name:
            row["sha256"] = hashlib.sha256(raw).hexdigest()
            row["characters"] = str(len(raw.decode("utf-8")))
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def _digest(layout: Layout) -> str:
    h = hashlib.sha256()
    for path in sorted(layout.html.rglob("*")):
        if path.is_file():
            h.update(str(path.relative_to(layout.html)).encode() + path.read_bytes())
    h.update(layout.pdf.read_bytes())
    return h.hexdigest()


@pytest.mark.parametrize("case", ["changed byte", "no adoption line", "numbers out of order"])
def test_a_text_the_reader_cannot_read_stops_the_build_and_keeps_the_book(book_copy, case):
    layout = Layout(book_copy)
    before = _digest(layout)
    data_dir = book_copy / "data"
    name = "A-RES-59-8.txt"
    saved = {p: p.read_bytes() for p in (data_dir / "texts" / name, data_dir / "texts" / "texts.csv")}
    raw = saved[data_dir / "texts" / name]
    try:
        if case == "changed byte":
            (data_dir / "texts" / name).write_bytes(raw.replace(b"Sierra Leone", b"Sierra  Leone", 1))
            expected = f"data/texts/{name}: expected sha256 {hashlib.sha256(raw).hexdigest()}"
        elif case == "no adoption line":
            text = raw.decode("utf-8").replace("Resolution adopted by the General Assembly on 22 October 2004\n", "")
            text = text.replace("40th plenary meeting\n", "")
            _register(data_dir, name, text.encode("utf-8"))
            expected = (f"data/texts/{name}: expected an adoption line (\"Resolution adopted by the General "
                        "Assembly on …\", or a plenary meeting and its date after the last paragraph), found none")
        else:
            text = raw.decode("utf-8").replace("\n10. Expresses", "\n11. Expresses", 1)
            _register(data_dir, name, text.encode("utf-8"))
            line = text.split("\n").index(next(ln for ln in text.split("\n") if ln.startswith("11. Expresses"))) + 1
            expected = f'data/texts/{name}, line {line}: expected operative paragraph 10, found "11."'
        result = run_briefing("build", cwd=book_copy)
    finally:
        for path, content in saved.items():
            path.write_bytes(content)
    assert result.returncode == 1
    assert f"[briefing] build stopped: {expected}" in result.stderr
    assert "Traceback" not in result.stderr
    assert _digest(layout) == before


def test_the_word_check_on_every_held_text_holds():
    for held in HELD:
        doc = texts.read_document(held.path)
        assert text_fidelity.problems(doc, held.path.read_text(encoding="utf-8")) == [], held.file
