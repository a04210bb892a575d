"""Citations of the paper: attributed (ibid. included), counted, linked both ways, checked."""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd
import pytest

from briefing import ROOT, data, instruments, narrative, present, seed

pytestmark = pytest.mark.data


@pytest.fixture(scope="module")
def found():
    return instruments.citations()


def test_every_instrument_and_how_often(found):
    counts = Counter(c.symbol for c in found if c.is_instrument)
    assert counts == {
        "A/RES/67/264": 6,  # five times by number, once by "ibid., para. 4"
        "A/67/280-S/2012/614": 4,  # ¶7, ¶10 and two ibid. (¶8 para. 106, ¶11 para. 109)
        "A/60/633-S/2005/826": 2,  # ¶12 and, read strictly, the ibid. of ¶13
        "UN Charter Art. 24": 1,
        "UN Charter Art. 52": 1,
        "UN Charter Art. 53": 1,
        "UN Charter Ch. VIII": 1,
        "A/RES/3369 (XXX)": 1,
        "S/96/Rev.7 rule 39": 1,
        "A/RES/65/283": 1,
        "S/RES/1963 (2010)": 1,
        "S/RES/1624 (2005)": 1,
        "OIC Charter (2008)": 1,
    }


def test_each_ibid_repeats_the_preceding_parenthetical_source(found):
    ibids = [(c.block_id, c.symbol, c.pinpoint) for c in found if c.ibid]
    assert ibids == [
        ("para-5", "www.oic-oci.org", ""),
        ("para-8", "A/67/280-S/2012/614", "para. 106"),
        ("para-11", "A/67/280-S/2012/614", "para. 109"),  # not resolution 1963 (2010), named just before
        ("para-13", "A/60/633-S/2005/826", "para. 107"),
        ("para-13", "A/RES/67/264", "para. 4"),
    ]


def test_pinpoints_are_kept(found):
    pins = {(c.block_id, c.symbol): c.pinpoint for c in found if c.pinpoint and not c.ibid}
    assert pins == {
        ("para-7", "A/67/280-S/2012/614"): "paras. 106-116",
        ("para-10", "A/67/280-S/2012/614"): "para. 108",
        ("para-12", "A/60/633-S/2005/826"): "annex III",
        ("para-13", "A/RES/67/264"): "para. 13",
    }


def test_ibid_rule_on_a_made_up_text():
    paper = seed.parse(
        "Introduction\n\nSee the report (A/67/280-S/2012/614, para. 3). Under resolution 1963 (2010) the Committee acted (*ibid.*, para. 9).\n"
    )
    ibid = [c for c in instruments.citations(paper) if c.ibid]
    assert [(c.symbol, c.pinpoint) for c in ibid] == [("A/67/280-S/2012/614", "para. 9")]


def test_every_citation_in_the_chapters_links_to_its_entry(found):
    text = "\n".join(p.read_text(encoding="utf-8") for p in narrative.chapter_files(ROOT))
    links = re.findall(r"\]\(#(instrument-[a-z0-9-]+)\)", text)
    expected = [instruments.anchor(c.symbol) for c in found if c.is_instrument and not c.block_id.startswith("footnote")]
    # "Arts. 52 and 53" is one phrase with two citations: each number links on its own
    assert Counter(links) == Counter(expected)
    assert "](#)" not in text  # the seed's empty links are all resolved


def test_cited_in_links_back_with_counts_and_pinpoints(found):
    cell, count = instruments.cited_in("A/RES/67/264", found)
    assert count == 6
    assert cell.startswith("[¶6](#para-6), [¶7](#para-7), [¶9](#para-9), [¶13](#para-13) ×2")
    assert present.escape("ibid., para. 4") in cell
    cell, count = instruments.cited_in("A/67/280-S/2012/614", found)
    assert present.escape("paras. 106-116") in cell and count == 4


def test_tables_cover_every_row_once_with_unknown_dates_not_confirmed(found):
    rows = data.load_instruments()
    tables = instruments.tables(rows, found)
    listed = [s for _, _, frame, _ in tables for s in frame["symbol"]]
    assert sorted(listed) == sorted(rows["symbol"])
    markdown = "\n".join(t[3] for t in tables)
    assert "not confirmed" in markdown  # A/RES/67/264 has no confirmed date
    assert "(<https://undocs.org/A/RES/67/264>)" in markdown


def test_overview_numbers_follow_the_citations(found):
    assert instruments.overview(found).startswith("The concept paper cites 13 instruments 22 times, in 11 of its 16 paragraphs (4 of the citations")
    fewer = [c for c in found if c.symbol != "A/RES/67/264"]
    assert "cites 12 instruments 16 times" in instruments.overview(fewer)


def test_integrity_names_a_missing_row():
    rows = data.load_instruments()
    with pytest.raises(ValueError, match=r"no row for S/RES/1624 \(2005\)"):
        instruments.check_integrity(rows[rows["symbol"] != "S/RES/1624 (2005)"])


def test_integrity_names_an_uncited_row():
    rows = data.load_instruments()
    extra = pd.concat([rows, rows.iloc[[0]].assign(symbol="S/RES/2000 (2011)", role="cited")])
    with pytest.raises(ValueError, match=r"S/RES/2000 \(2011\) is not cited"):
        instruments.check_integrity(extra)
    instruments.check_integrity(extra.assign(role=extra["role"].where(extra["symbol"] != "S/RES/2000 (2011)", "context")))


def test_data_never_reaches_the_page_as_markup():
    assert present.escape("<script>alert(1)</script>") == "\\<script\\>alert\\(1\\)\\</script\\>"
    assert present.escape(None) == "not confirmed" and present.escape("  ") == "not confirmed"
    with pytest.raises(ValueError, match="javascript"):
        present.link("x", "javascript:alert(1)")


@pytest.mark.book
def test_built_html_links_both_ways(built_book, found):
    background = (built_book.html / "book" / "background.html").read_text(encoding="utf-8")
    chapter = (built_book.html / "book" / "instruments.html").read_text(encoding="utf-8")
    for symbol in {c.symbol for c in found if c.is_instrument}:
        anchor = instruments.anchor(symbol)
        assert f'id="{anchor}"' in chapter, symbol
    assert 'href="instruments.html#instrument-a-res-67-264"' in background
    assert 'href="background.html#para-13"' in chapter
    for url in data.load_instruments()["url"].dropna():
        if "undocs.org" in url:
            assert f'href="{url}"' in chapter


@pytest.mark.book
@pytest.mark.pdf
def test_pdf_carries_real_tables_with_links(built_book):
    from pypdf import PdfReader

    reader = PdfReader(built_book.pdf)
    uris = {a.get_object()["/A"].get("/URI") for page in reader.pages for a in page.get("/Annots", []) or [] if a.get_object().get("/A")}
    for url in data.load_instruments()["url"].dropna():
        if "undocs.org" in url:
            assert url in uris, url
    import subprocess

    text = subprocess.run(["pdftotext", "-layout", str(built_book.pdf), "-"], capture_output=True, text=True, check=True).stdout
    for caption in ["Security Council resolutions", "General Assembly resolutions", "The Charter and the rules of procedure"]:
        assert re.search(rf"Table \d+\.\d+: {caption}", text), caption
