"""The briefing apparatus: front page, discussion guide, chronology, glossary, after the meeting,
sources and method.

Counts are checked the way a reader would catch a typed number: change the data (on a copy, or a
changed DataFrame) and watch the page follow. The book-level checks read the built HTML and PDF.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
import yaml

from briefing import ROOT, apparatus, data, glossary, instruments, narrative, seed

DATA = ROOT / "data"


# --- helpers ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def paper():
    return seed.load()


@pytest.fixture(scope="module")
def found(paper):
    return instruments.citations(paper)


@pytest.fixture(scope="module")
def entries():
    return glossary.load()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def terms():
    return glossary.FirstUse(glossary.load())


def as_text(markdown: str) -> str:
    """What a reader sees of inline MyST: roles and links give their text, escapes go."""
    text = re.sub(r"\{term\}`([^`<]*?)(?:\s*<[^>]*>)?`", r"\1", markdown)
    text = re.sub(r"\{doc\}`([^`<]*?)(?:\s*<[^>]*>)?`", r"\1", text)
    text = re.sub(r"\[((?:\\.|[^\]\\])*)\]\((?:<[^>]*>|[^)\s]*)\)", r"\1", text)
    return re.sub(r"\\(.)", r"\1", text)


def glance_of(paper, found, root=DATA, **frames):
    inputs = {
        "members": data.load_members(root),
        "events": data.load_events(root),
        "instruments_data": data.load_instruments(root),
        "after": data.load_after_meeting(root),
    }
    inputs.update(frames)
    return apparatus.glance(paper, inputs["members"], inputs["events"], inputs["instruments_data"], inputs["after"], found)


def front_markdown(g) -> str:
    return apparatus.lead(g, terms()) + "\n\n" + apparatus.front_page(g, apparatus.chapters(), {}, terms())


# --- the front page: every count follows the data ---------------------------------------------------


def test_front_page_states_the_counts_of_the_data(paper, found):
    g = glance_of(paper, found)
    members = data.load_members()
    assert g.members == len(members) == 57
    assert g.continents == {"Africa": 27, "Asia": 27, "South America": 2, "Europe": 1}
    assert g.founding_year == 1969 and g.founding_members == int((members["joined_year"] == 1969).sum())
    assert (g.paper_members, g.paper_continents) == (57, 4)  # what ¶4 says, read from the seed
    assert g.observer_year == "1975" and g.observer_resolution == "A/RES/3369 (XXX)"
    assert g.meeting_date == "28 October 2013" and g.meeting_month == "October 2013"
    assert g.letter_date == "3 October 2013"
    summary = instruments.summary(found)
    assert (g.cited["instruments"], g.cited["citations"], g.cited["paragraphs"]) == (summary["instruments"], summary["citations"], summary["paragraphs"])
    assert g.cited["ibid"] == sum(1 for c in found if c.ibid and c.is_instrument)
    assert sum(n for _, _, n, _ in g.by_kind) == summary["instruments"]
    markdown = front_markdown(g)
    for needle in ["**57** member States (as", "**4** continents", "**25** founding members", "since **1975**",
                   f"**{summary['instruments']}** instruments, cited **{summary['citations']}** times",
                   "**Date:** 28 October 2013"]:
        assert needle in markdown, needle


def test_dropping_a_member_on_a_copy_of_the_data_changes_the_count(paper, found, data_copy):
    path = data_copy / "oic_members.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("Albania,")), encoding="utf-8")
    g = glance_of(paper, found, data_copy)
    assert g.members == 56
    assert g.continents.get("Europe") is None and len(g.continents) == 3  # Albania was the one in Europe
    markdown = front_markdown(g)
    assert "**56** member States" in markdown and "says 57)" in markdown  # the paper's figure no longer agrees
    assert "**3** continents" in markdown and "says 4)" in markdown


def test_every_other_front_page_fact_follows_a_changed_frame(paper, found):
    members = data.load_members()
    members.loc[members["name"] == "Algeria", "joined_year"] = 1970
    events = data.load_events()
    events.loc[events["id"] == "observer-status-1975", "start"] = "1976-01-02"
    events.loc[events["id"] == "council-briefing-2013", "start"] = "2013-11-05"
    after = data.load_after_meeting()
    after = after[after["id"] != "sc-11161"]
    g = glance_of(paper, found, members=members, events=events, after=after)
    assert g.founding_members == 24
    assert g.observer_year == "1976"
    assert g.meeting_date == "5 November 2013" and g.meeting_month == "November 2013"
    assert [symbol for _, symbol, _ in g.outcome] == ["S/PRST/2013/16"]
    markdown = front_markdown(g)
    assert "**24** founding members" in markdown and "since **1976**" in markdown
    assert "**Date:** 5 November 2013" in markdown and "presidency in November 2013" in markdown
    assert "SC/11161" not in markdown
    fewer = [c for c in found if c.symbol != "A/RES/67/264"]
    g = glance_of(paper, fewer)
    assert g.cited["instruments"] == instruments.summary(found)["instruments"] - 1
    assert f"**{g.cited['citations']}** times" in front_markdown(g)


def test_chapter_cards_cover_every_chapter_in_toc_order_with_computed_blurbs(paper, found, entries):
    chapters = apparatus.chapters()
    docs = [c.docname for c in chapters]
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    expected = [c["file"] for part in toc["parts"] for c in part["chapters"]]  # chapters, not their sections
    assert docs == expected
    assert [c.number for c in chapters] == list(range(1, len(chapters) + 1))
    assert {c.part for c in chapters} >= {"Preparing for the meeting", "Annexes"}
    events, after = data.load_events(), data.load_after_meeting()
    counts = apparatus.front_counts(paper, found, events, after, entries, data.load_schema())
    blurbs = apparatus.chapter_blurbs(counts, paper)
    assert blurbs["book/chronology"].startswith(f"{len(events)} events")
    assert blurbs["book/background"] == "The paper's ¶4\u2013¶14."
    counts = apparatus.front_counts(paper, found, events.iloc[:-1], after, entries, data.load_schema())
    assert apparatus.chapter_blurbs(counts, paper)["book/chronology"].startswith(f"{len(events) - 1} events")
    page = apparatus.front_page(glance_of(paper, found), chapters, blurbs, terms())
    for chapter in chapters:
        assert f":link: /{chapter.docname}" in page
    assert f":link: {apparatus.PDF_HREF}" in page


def test_front_page_has_cards_for_html_and_plain_sections_for_the_pdf(paper, found):
    page = apparatus.front_page(glance_of(paper, found), apparatus.chapters(), {}, terms())
    html, latex = page.split(":::::{only} latex")
    assert html.startswith(":::::{only} html") and html.count(":::{grid-item-card}") >= 5
    assert "{grid" not in latex and latex.count("{rubric}") == 4
    assert "{fa" not in page  # FontAwesome roles fail the strict LaTeX build; octicons do not
    for title in ["The meeting, as the paper announces it", "As held, after the fact", "The OIC in numbers", "What the paper cites"]:
        assert title in html and title in latex


# --- the discussion guide ------------------------------------------------------------------------


def test_guide_quotes_all_seven_questions_exactly_as_the_seed(paper):
    qs = apparatus.questions(data.load_table("questions"), paper)
    items = paper.block("questions").items
    assert len(qs) == len(items) == 7
    assert [q.id for q in qs] == [f"q{n}" for n in range(1, 8)]
    assert [q.text for q in qs] == [seed.plain_text(i) for i in items]
    section = apparatus.guide_section(qs, data.load_events(), terms())
    quotes = [as_text(line[2:]) for line in section.splitlines() if line.startswith("> ")]
    for q, quote in zip(qs, quotes, strict=True):
        assert quote.startswith(q.text + " (¶15, question"), quote
        assert f"](<#{q.id}>)" in section
    table, frame = apparatus.guide_table(qs)
    assert list(frame["question"]) == [q.id for q in qs] and list(frame["text"]) == [q.text for q in qs]
    assert all(f"(<#q{n}>)" in table for n in range(1, 8))


def test_guide_links_every_paragraph_instrument_and_activity_of_the_mapping(paper):
    frame = data.load_table("questions")
    qs = apparatus.questions(frame, paper)
    section = apparatus.guide_section(qs, data.load_events(), terms())
    for q in qs:
        for p in q.paragraphs:
            assert f"(<#para-{p}>)" in section
        for symbol in q.instruments:
            assert f"(<#{instruments.anchor(symbol)}>)" in section
        for event in q.events:
            assert f"(<#event-{event}>)" in section
    assert "Every paragraph from ¶1 to ¶14" in apparatus.guide_coverage(qs, paper)
    fewer = [q for q in qs if q.id != "q2"]
    assert "¶5" in apparatus.guide_coverage(fewer, paper)  # only question 2 draws on ¶5


def test_guide_refuses_a_missing_or_extra_question(paper):
    frame = data.load_table("questions")
    with pytest.raises(data.DataError, match="no row for q3"):
        apparatus.questions(frame[frame["question"] != "q3"], paper)
    extra = pd.concat([frame, frame.iloc[[0]].assign(question="q8")])
    with pytest.raises(data.DataError, match="rows for q8"):
        apparatus.questions(extra, paper)


def test_questions_csv_refers_only_to_known_rows():
    frame = data.load_table("questions")
    events = set(data.load_events()["id"])
    symbols = set(data.load_instruments()["symbol"])
    assert set().union(*(data.split_list(v) for v in frame["events"])) <= events
    assert set().union(*(data.split_list(v) for v in frame["instruments"])) <= symbols
    assert frame["source"].str.contains("S/2013/588 ¶", regex=False).all()


# --- the chronology ------------------------------------------------------------------------------


def test_chronology_lists_every_event_once_in_date_order():
    events = data.load_events()
    ordered = apparatus.chronology(events)
    assert sorted(ordered["id"]) == sorted(events["id"]) and ordered["id"].is_unique
    dated = ordered[ordered["start"].notna()]
    undated = ordered[ordered["start"].isna()]
    assert list(ordered["id"]) == list(dated["id"]) + list(undated["id"])  # undated last
    starts = list(dated["start"])
    assert starts == sorted(starts)  # ISO order: a year before the months and days within it
    assert starts[0] == "1969-09-25" and starts[-1] == "2018-12-13"
    shuffled = events.sample(frac=1, random_state=588)
    assert list(apparatus.chronology(shuffled)["id"]) == list(ordered["id"])
    table, frame = apparatus.chronology_table(events, terms())
    for event_id in events["id"]:
        assert table.count(f"(event-{event_id})=") == 1
    assert list(frame["id"]) == list(ordered["id"])


def test_chronology_dates_at_their_precision_and_sources_linked():
    events = data.load_events()
    table, frame = apparatus.chronology_table(events, terms())
    dates = dict(zip(frame["id"], frame["date"]))
    assert dates["first-foreign-ministers-1970"] == "March 1970"
    assert dates["un-observer-at-oic-1976"] == "1976"
    assert dates["jeddah-mediation-session-2012"] == "3\u20134 April 2012"
    assert dates["makkah-programme-2005"] == "7\u20138 December 2005"
    assert dates["matrix-of-activities"] == "not confirmed"
    assert "[S/2013/588 ¶12](<#para-12>)" in table
    assert "(<https://archive3.parliament.iq/en/2016/01/01/about-oic/>)" in table
    assert "not confirmed elsewhere" in table  # the Kabul office caveat travels with the row


def test_cite_links_paragraphs_and_addresses_and_nothing_else():
    md = apparatus.cite("S/2013/588 ¶8 (\"in 2012\"); S/2013/588 ¶9 ; see (Sapa-AFP, http://www.iol.co.za/a-1.1107787)")
    assert md.startswith("[S/2013/588 ¶8](<#para-8>)") and "; [S/2013/588 ¶9](<#para-9>); see" in md
    assert apparatus.cite("S/2013/588 ¶6; S/2013/588 ¶7") == "[S/2013/588 ¶6](<#para-6>), [¶7](<#para-7>)"
    assert "[iol\\.co\\.za](<http://www.iol.co.za/a-1.1107787>)\\)" in md
    assert "](" not in apparatus.cite("javascript:alert(1) <script>")
    assert apparatus.cite(None) == "not confirmed"
    assert apparatus.date_span("2012-04-03", "2012-04-04") == "3\u20134 April 2012"
    assert apparatus.date_span("2012-12-30", "2013-01-02") == "30 December 2012 \u2013 2 January 2013"


# --- the glossary ----------------------------------------------------------------------------------


def test_glossary_directive_has_every_term_with_its_source(entries, paper):
    directive = glossary.directive(entries, paper)
    assert directive.startswith("```{glossary}\n:sorted:")
    frame = data.load_table("glossary")
    terms_listed = [line for line in directive.splitlines()[3:] if line and not line.startswith((" ", "`"))]
    assert sorted(terms_listed) == sorted(frame["term"])
    for term in ["OIC", "CTED", "UNAMA", "OSCE", "Global Counterterrorism Forum",
                 "United Nations Alliance of Civilizations", "Islamic Summit Conference"]:
        assert term in terms_listed
    assert "*In full: not confirmed.*" in directive  # OCHA: no source spells it out
    assert "[S/2013/588 ¶11](<#para-11>)" in directive


def _prose_of_chapter(path: Path, paper) -> list[tuple[str, str]]:
    """(block id, kind, Markdown as the book's linker writes it) for every block of a chapter's regions."""
    link = narrative.chapter_linker(paper)
    out = []
    for m in narrative.regions(path.read_text(encoding="utf-8")):
        for block in paper.span(m["first"], m["last"]):
            out.append((block.id, block.kind, link(block.markdown, block.id)))
        for block in paper.span(m["first"], m["last"]):
            for label in block.footnotes:
                note = paper.footnotes[label]
                out.append((note.id, note.kind, link(note.markdown, note.id)))
    return out


def test_first_use_of_each_term_in_each_paper_chapter_links_to_it(paper, entries):
    linked_anywhere = set()
    for path in narrative.chapter_files():
        blocks = _prose_of_chapter(path, paper)
        prose = "\n".join(md for _, kind, md in blocks if kind in glossary.PROSE_KINDS)
        assert glossary.unlinked_first_uses(prose, entries) == [], path.name
        linked_anywhere |= {m[2] or m[1] for m in re.finditer(r"\{term\}`([^`<]*?)(?:\s*<([^>]*)>)?`", prose)}
        for block_id, kind, md in blocks:
            if kind not in glossary.PROSE_KINDS:
                assert "{term}" not in md, block_id  # headings, masthead, titles: untouched
            # the words stay the seed's: only links were added
            assert seed.plain_text(as_text(md)) == seed.plain_text(paper.block(block_id).markdown), block_id
        text = path.read_text(encoding="utf-8")
        for _, kind, md in blocks:
            if kind in ("paragraph", "letter"):
                assert md.replace("^a", "[^a]") in text or md in text, path.name  # the chapter on disk carries it
    used = {term for term, ids in glossary.uses_in_paper(entries, paper).items() if ids}
    assert used <= linked_anywhere


def test_first_use_never_links_inside_a_link_a_role_or_an_address(entries):
    state = glossary.FirstUse(entries)
    md = state.markdown("[Charter of OIC](#instrument-oic-charter-2008) names OIC; www.oic-oci.org and OIC again")
    assert md == "[Charter of OIC](#instrument-oic-charter-2008) names {term}`OIC`; www.oic-oci.org and OIC again"
    state = glossary.FirstUse(entries)
    md = state.markdown("The United Nations Assistance Mission in Afghanistan (UNAMA) and the Secretary General of OIC")
    assert "{term}`United Nations Assistance Mission in Afghanistan <UNAMA>` (UNAMA)" in md  # longest form first
    assert "{term}`Secretary General of OIC`" in md
    state = glossary.FirstUse(entries)
    assert state.markdown("United Nations-OIC collaboration") == "United Nations-OIC collaboration"  # not inside a compound
    assert state.text("OIC <b>&") == "{term}`OIC` \\<b\\>\\&"


def _column(table: str, index: int) -> list[str]:
    """The cells of one column of a MyST list-table, header row left out."""
    rows, cell = [], None
    for line in table.splitlines():
        if line.startswith("* - "):
            rows.append([line[4:]])
        elif line.startswith("  - ") and rows:
            rows[-1].append(line[4:])
        elif line.startswith("    ") and rows:
            rows[-1][-1] += "\n" + line[4:]
    return [r[index] for r in rows[1:]]


def test_first_uses_link_in_the_apparatus_pages(paper, entries):
    qs = apparatus.questions(data.load_table("questions"), paper)
    events = data.load_events()
    state = glossary.FirstUse(entries)
    guide = apparatus.guide_intro(qs, state) + apparatus.guide_section(qs, events, state)
    assert glossary.unlinked_first_uses(guide, entries) == []
    state = glossary.FirstUse(entries)
    summary = apparatus.chronology_summary(events, state)
    table, _ = apparatus.chronology_table(events, state)
    chronology = summary + "\n".join(_column(table, 1))
    assert glossary.unlinked_first_uses(chronology, entries) == []
    assert "{term}`OIC`" in chronology and "{term}`OCHA`" in chronology and "{term}`CTED`" in chronology
    state = glossary.FirstUse(entries)
    summary = apparatus.after_summary(data.load_after_meeting(), events, data.load_ga_series(), state)
    table, _ = apparatus.after_table(data.load_after_meeting(), state)
    assert glossary.unlinked_first_uses(summary + "\n".join(_column(table, 2)), entries) == []
    g = glance_of(paper, instruments.citations(paper))
    assert glossary.unlinked_first_uses(front_markdown(g).split(":::::{only} latex")[0], entries) == []


def test_glossary_refuses_ambiguous_forms_and_expansions_of_names():
    frame = data.load_table("glossary")
    clash = frame.copy()
    clash.loc[clash["term"] == "CTED", "forms"] = "CTED;OIC"
    with pytest.raises(data.DataError, match='forms no other term has'):
        glossary.entries_from(clash)
    named = frame.copy()
    named.loc[named["term"] == "Security Council", "expansion"] = "SC"
    with pytest.raises(data.DataError, match="expansion"):
        glossary.entries_from(named)


# --- after the meeting -----------------------------------------------------------------------------


def test_after_the_meeting_marks_the_statement_symbol_unconfirmed():
    after = data.load_after_meeting()
    unconfirmed = after["id"] == "prst-2013-10-28"  # as the data stood before the statement's text was held
    after.loc[unconfirmed, ["symbol", "symbol_status", "url"]] = [None, "unconfirmed", None]
    after.loc[unconfirmed, "date_note"] = "symbol not confirmed: probably S/PRST/2013/16 (S/PRST/2013/15 is dated 2 October 2013)"
    statement = after[unconfirmed].iloc[0]
    assert apparatus.statement_symbol(statement) == "probably S/PRST/2013/16, not confirmed"
    table, frame = apparatus.after_table(after, terms())
    assert "probably S/PRST/2013/16, not confirmed" in as_text(table)
    assert "undocs.org/S/PRST" not in table  # an unconfirmed symbol is never linked
    for symbol in ["S/PV.7050", "SC/11161", "A/RES/73/135"]:
        assert symbol in as_text(table)
    assert "(<https://undocs.org/S/PV.7050>)" in table
    assert list(frame["id"]) == ["s-pv-7050", "prst-2013-10-28", "sc-11161", "a-res-73-135"]
    blank = statement.copy()
    blank["date_note"] = None
    assert apparatus.statement_symbol(blank) == "not confirmed"


def test_after_summary_counts_follow_the_data():
    after, events, series = data.load_after_meeting(), data.load_events(), data.load_ga_series()
    text = as_text(apparatus.after_summary(after, events, series, terms()))
    unconfirmed = (after["symbol_status"] != "confirmed").sum()
    assert f"{len(after)} documents record what came of it; {unconfirmed} of them {'has' if unconfirmed == 1 else 'have'} a symbol" in text
    assert "resolution 73/135 of 13 December 2018" in text
    text = as_text(apparatus.after_summary(after.iloc[:2], events, series.iloc[:-1], terms()))
    assert "2 documents" in text and "73/135" not in text


# --- sources and method ------------------------------------------------------------------------------


def test_sources_cover_every_data_file_with_its_readme_paragraph():
    files = apparatus.data_files()
    descriptor = data.load_schema()
    assert [f.path for f in files] == [r["path"] for r in descriptor["resources"]]
    for f in files:
        if f.csv:
            assert f.rows == len(data.load_table(f.name)) and f.where_from, f.name
        assert f.where_from or f.description
    table = apparatus.sources_table(files, {f.name: f"_generated/data-{f.name}.csv" for f in files if f.csv})
    for f in files:
        assert f"`{f.path}`" in table
    details = apparatus.sources_details(files)
    assert "<" not in re.sub(r"\(<[^>]*>\)", "", details)  # README text reaches the page escaped
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for name in ("glossary", "questions"):
        assert f"`{name}.csv` | {len(data.load_table(name))} |" in readme


def test_example_error_is_the_validator_s_own_message():
    assert apparatus.example_error() == (
        '```text\ndata/events.csv, row 7, column "start": expected a date YYYY, YYYY-MM or YYYY-MM-DD, found "2013-02-30"\n```'
    )


# --- the built book --------------------------------------------------------------------------------


def _ids(html: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', html))


@pytest.mark.book
def test_front_page_cards_and_pdf_link_in_the_html(built_book):
    index = built_book.html / "book" / "index.html"
    page = index.read_text(encoding="utf-8")
    assert page.count('class="sd-card ') >= 5 or page.count("sd-card-title") >= 5
    for title in ["The meeting, as the paper announces it", "As held, after the fact", "The OIC in numbers", "What the paper cites"]:
        assert title in page
    assert f'href="{apparatus.PDF_HREF}"' in page
    linked = (index.parent / apparatus.PDF_HREF).resolve()
    assert linked.is_relative_to(built_book.html.resolve())  # inside the site: works served or on disk
    assert linked.read_bytes() == built_book.pdf.read_bytes()
    for doc in ["guide", "chronology", "glossary", "after", "sources", "background"]:
        assert f'href="{doc}.html"' in page, doc


@pytest.mark.book
def test_apparatus_pages_links_resolve(built_book):
    html_dir = built_book.html / "book"
    ids = {p.name: _ids(p.read_text(encoding="utf-8")) for p in html_dir.glob("*.html")}
    for name in ["index.html", "guide.html", "chronology.html", "glossary.html", "after.html", "sources.html", "background.html"]:
        page = (html_dir / name).read_text(encoding="utf-8")
        for target, anchor in re.findall(r'href="([a-z]*\.html)?#([^"]+)"', page):
            assert anchor in ids[target or name], (name, target, anchor)
    glossary_ids = ids["glossary.html"]
    for entry in glossary.load():
        assert entry.label in glossary_ids, entry.term
    background = (html_dir / "background.html").read_text(encoding="utf-8")
    assert 'href="glossary.html#term-OIC"' in background
    chronology = ids["chronology.html"]
    assert {f"event-{e}" for e in data.load_events()["id"]} <= chronology


@pytest.mark.book
@pytest.mark.pdf
def test_pdf_front_matter_states_the_at_a_glance_numbers(built_book, paper, found):
    g = glance_of(paper, found)
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "6", str(built_book.pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(first.split())
    for needle in [
        f"{g.members} member States",
        f"{len(g.continents)} continents",
        f"{g.founding_members} founding members",
        f"since {g.observer_year}",
        f"{g.cited['instruments']} instruments, cited {g.cited['citations']} times in {g.cited['paragraphs']} of",
        f"Date: {g.meeting_date}",
        "S/PRST/2013/16",
        "The OIC in numbers",
    ]:
        assert needle in flat, needle
    assert "sd-card" not in flat and "../../pdf" not in flat  # no card markup, no HTML-only link


@pytest.mark.book
@pytest.mark.pdf
def test_pdf_carries_the_annexes_in_order(built_book):
    text = " ".join(subprocess.run(["pdftotext", str(built_book.pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
    positions = [text.find(title, text.find("Instruments cited")) for title in
                 ["Discussion guide", "Chronology", "Glossary", "After the meeting", "Sources and method"]]
    assert all(p > 0 for p in positions) and positions == sorted(positions)
    assert "Table 8.1: Chronology of UN-OIC cooperation" in text or re.search(r"Table \d+\.1: Chronology", text)
