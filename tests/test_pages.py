"""The pages on made-up data: every count, date and claim of agreement follows the frames given.

The frames here are built in the test, so a corrected fact in data/ never fails them; the seed is
the paper itself (its words are fixed). Today's data are checked in test_pages_data.py.
"""

from __future__ import annotations

import pandas as pd
import pytest

from briefing import data, glossary, markup, present, seed
from briefing.glossary import Entry, FirstUse
from briefing.pages import after as after_page
from briefing.pages import chronology, front, guide, keys, sources
from briefing.pages import glossary as glossary_page

pytestmark = pytest.mark.unit

KINDS = {"prst": "Presidential statement", "meeting_record": "Meeting record", "press_release": "Press release"}
ENTRIES = [
    Entry(
        "OIC", "acronym", "Organization of Islamic Cooperation", ("Organization of Islamic Cooperation", "OIC"), "An organization.", "S/2013/588 ¶4"
    ),
    Entry("Security Council", "name", None, ("Security Council",), "A principal organ.", "S/2013/588 ¶1"),
]


def frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows).astype("object").where(lambda f: f.notna(), None)


def event(id, start, kind="meeting", end=None, title="A meeting", instrument=None, origin="paper", source="S/2013/588 ¶8", **more):
    row = {"id": id, "start": start, "end": end, "title": title, "kind": kind, "instrument": instrument, "origin": origin,
           "source": source, "cities": None, "note": None, "date_source": None}  # fmt: skip
    return {**row, **more}


def document(id, kind, date, symbol=None, status="confirmed", likely=None, url=None, note=None, summary="It happened."):
    return {"id": id, "symbol": symbol, "symbol_status": status, "kind": kind, "title": "T", "body": None, "date": date,
            "date_note": note, "likely_symbol": likely, "url": url, "summary": summary, "source": "https://x.org/a"}  # fmt: skip


EVENTS = frame(
    [
        event("founded", "1969-09-25", kind="founding", origin="context", source="https://x.org/f"),
        event("observer", "1975-10-10", kind="resolution", instrument="A/RES/3369 (XXX)", source="S/2013/588 ¶6"),
        event("the-meeting", "2013-10-28", source="S/2013/588 ¶16"),
        event("undated-later", None, source="S/2013/588 ¶12"),
        event("undated-first", None, source="S/2013/588 ¶9"),
    ]
)
AFTER = frame(
    [
        document("record", "meeting_record", "2013-10-28", "S/PV.1", url="https://undocs.org/S/PV.1", note="10 a.m."),
        document("statement", "prst", "2013-10-28", status="unconfirmed", likely="S/PRST/2013/16", note="symbol not confirmed"),
        document("press", "press_release", None, "SC/1"),
        document("later", "press_release", "2014-01-02", "SC/2"),
    ]
)
KEYS = keys.Keys(
    frame(
        [
            {"key": "meeting", "resource": "events", "id": "the-meeting", "source": "S/2013/588 ¶16"},
            {"key": "meeting_record", "resource": "after_meeting", "id": "record", "source": "https://x.org/a"},
            {"key": "oic_observer_at_un", "resource": "events", "id": "observer", "source": "S/2013/588 ¶6"},
        ]
    )
)


def members(counts: dict[str, int], founding: int = 2) -> pd.DataFrame:
    rows = [{"name": f"{continent} {i}", "continent": continent, "joined_year": 1970} for continent, n in counts.items() for i in range(n)]
    for row in rows[:founding]:
        row["joined_year"] = 1969
    return frame(rows)


@pytest.fixture(scope="module")
def paper():
    return seed.load()


def glance(paper, members_frame, events=EVENTS, after=AFTER, rows=KEYS):
    instruments_data = frame([{"symbol": "A/RES/1/1", "kind": "ga_resolution", "title": "T"}])
    return front.glance(paper, members_frame, events, instruments_data, after, [], rows, KINDS)


def oic_card(g) -> str:
    return dict((title, body) for _, title, body in front.glance_sections(g, FirstUse(ENTRIES)))["The OIC in numbers"]


# --- the front page ----------------------------------------------------------------------------


def test_the_paper_s_membership_figure_is_read_from_the_seed(paper):
    claim = seed.membership_claim(paper)
    assert claim is not None and claim.words.startswith(f"{claim.members} member States from")
    assert claim.continents == 4  # "four", in words in ¶4


def test_a_count_agrees_with_the_paper_only_when_it_is_the_same(paper):
    claim = seed.membership_claim(paper)
    assert front.agree(claim.members, claim.members) == " (as [¶4](<#para-4>) says)"
    assert front.agree(claim.members, claim.members - 1) == f" ([¶4](<#para-4>) says {claim.members})"
    assert front.agree(None, 3) == ""
    agreeing = members({"Africa": claim.members - 3, "Asia": 1, "Europe": 1, "South America": 1})
    card = oic_card(glance(paper, agreeing))
    assert f"**{claim.members}** member States (as [¶4](<#para-4>) says)" in card
    assert "**4** continents (as [¶4](<#para-4>) says)" in card
    fewer = members({"Africa": 2, "Asia": 1})
    card = oic_card(glance(paper, fewer))
    assert f"**3** member States ([¶4](<#para-4>) says {claim.members})" in card
    assert "**2** continents ([¶4](<#para-4>) says 4): Africa 2, Asia 1" in card
    assert "as [¶4]" not in card


def test_the_front_page_reads_its_rows_by_role_not_by_id(paper):
    g = glance(paper, members({"Asia": 5}, founding=3))
    assert (g.meeting_date, g.meeting_month) == ("28 October 2013", "October 2013")
    assert (g.founding_year, g.founding_members) == (1969, 3)
    assert (g.observer_year, g.observer_resolution, g.un_observer_year) == ("1975", "A/RES/3369 (XXX)", None)
    assert (g.record_symbol, g.record_url) == ("S/PV.1", "https://undocs.org/S/PV.1")
    assert g.outcome == [
        ("Presidential statement", "probably S/PRST/2013/16, not confirmed", "It happened."),
        ("Press release", "SC/1", "It happened."),
    ]
    assert g.later == 1
    moved = EVENTS.assign(start=EVENTS["start"].where(EVENTS["id"] != "the-meeting", "2014-02"))
    g = glance(paper, members({"Asia": 5}), events=moved)
    assert (g.meeting_date, g.meeting_month, g.later) == ("February 2014", "February 2014", 0)
    g = glance(paper, members({"Asia": 5}), events=EVENTS[EVENTS["id"] != "the-meeting"])
    assert g.meeting_date == g.meeting_month == "not confirmed"


def test_a_key_row_pointing_at_the_wrong_file_is_refused_in_one_line():
    wrong = keys.Keys(frame([{"key": "meeting", "resource": "after_meeting", "id": "the-meeting", "source": "S/2013/588 ¶16"}]))
    with pytest.raises(data.DataError) as refused:
        wrong.row("meeting", EVENTS, "events")
    assert str(refused.value) == 'data/key_rows.csv, row 2, column "resource": expected "events" for the role "meeting", found "after_meeting"'


def test_kinds_are_named_from_the_descriptor_s_labels():
    descriptor = {"resources": [{"name": "after_meeting", "schema": {"fields": [{"name": "kind", "x-labels": {"prst": "Presidential statement"}}]}}]}
    labels = keys.labels(descriptor, "after_meeting", "kind")
    assert keys.label(labels, "prst") == "Presidential statement"
    assert keys.label(labels, "press_release") == "Press release"  # no label: the value, as words
    assert keys.labels(descriptor, "events", "kind") == {}


def test_front_page_cards_for_the_html_and_rubrics_for_the_pdf(paper):
    chapters = [front.book.Chapter("book/one", "One", 1, "Part"), front.book.Chapter("book/two", "Two", None, "Annexes")]
    page = front.front_page(glance(paper, members({"Asia": 2})), chapters, {"book/one": "The first."}, FirstUse(ENTRIES))
    html, latex = page.split(":::::{only} latex")
    assert html.count(":::{grid-item-card}") == 4 + 1 + 2 and latex.count("{rubric}") == 4 and "{grid" not in latex
    assert ":link: /book/one" in html and "1\\. One" in html and f":link: {front.PDF_HREF}" in html
    assert "{fa" not in page  # FontAwesome roles fail the strict LaTeX build; octicons do not


# --- after the meeting ---------------------------------------------------------------------------


def test_a_symbol_no_source_confirms_reads_not_confirmed_with_the_likely_one():
    rows = {r["id"]: r for _, r in AFTER.iterrows()}
    assert after_page.statement_symbol(rows["record"]) == "S/PV.1"
    assert after_page.statement_symbol(rows["statement"]) == "probably S/PRST/2013/16, not confirmed"
    assert after_page.statement_symbol({**rows["statement"], "likely_symbol": None}) == "not confirmed"
    table, records = after_page.after_table(AFTER, FirstUse(ENTRIES), KINDS)
    assert list(records["id"]) == ["record", "statement", "press", "later"]  # undated stays after the row before it
    assert "[S/PV\\.1](<https://undocs.org/S/PV.1>)" in table and "S/PRST/2013/16" in table
    assert "28\u00a0October\u00a02013, 10 a\\.m\\." in table  # a date in a table never breaks
    assert "*Note:* symbol not confirmed." in table


def test_a_path_in_a_table_may_break_after_its_slashes_and_a_symbol_or_an_address_never():
    cell = markup.cite("date: data/texts/S-PV-7050.txt, line 15 (reference/texts/README.md); https://x.org/a/b.txt; S/PV.7050, A/RES/67/264")
    table = present.list_table([[cell]], [present.Column("Source", 10)], "Sources", "sources")
    assert "data/<wbr>texts/<wbr>S\\-PV\\-7050\\.txt, line 15 \\(reference/<wbr>texts/<wbr>README\\.md\\)" in table
    assert "(<https://x.org/a/b.txt>)" in table  # the link's target as it was
    assert "S/PV\\.7050, A/RES/67/264" in table  # document symbols stay whole
    assert table.count("<wbr>") == 4


def test_after_summary_counts_what_it_is_given():
    series = frame([{"resolution": "A/RES/68/1", "adopted": "2013-12-01"}, {"resolution": "A/RES/67/1", "adopted": "2012-12-01"}])
    meeting = keys.meeting_date(EVENTS, KEYS)
    text = after_page.after_summary(AFTER, meeting, series, FirstUse(ENTRIES))
    assert "The meeting was held on 28 October 2013\\. 4 documents record what came of it; 1 of them has a symbol" in text
    assert "hold 1 resolution adopted after the meeting with a confirmed date\\: resolution 68/1 of 1 December 2013." in text
    assert "67/1" not in text
    text = after_page.after_summary(AFTER.iloc[:1], None, series, FirstUse(ENTRIES))
    assert "held on not confirmed" in text and "0 of them have" in text and "resolution" not in text


# --- chronology, guide, glossary, sources ----------------------------------------------------------


def test_chronology_in_iso_order_undated_last_by_paragraph():
    ordered = chronology.chronology(EVENTS.sample(frac=1, random_state=1))
    assert list(ordered["id"]) == ["founded", "observer", "the-meeting", "undated-first", "undated-later"]
    text = chronology.chronology_summary(EVENTS, FirstUse(ENTRIES))
    assert text.startswith("5 events, dated from 1969 to 2013\\: 4 the paper itself mentions and 1 milestones") and "2 have no date" in text
    table, records = chronology.chronology_table(EVENTS, FirstUse(ENTRIES))
    assert list(records["date"]) == ["25 September 1969", "10 October 1975", "28 October 2013", "not confirmed", "not confirmed"]
    assert all(table.count(f"(event-{e})=") == 1 for e in EVENTS["id"])


def test_guide_refuses_a_missing_or_extra_question_in_one_line(paper):
    n = len(seed.questions(paper))
    rows = frame([{"question": f"q{i}", "areas": "human rights", "paragraphs": "4", "instruments": None, "events": None,
                   "justification": "Because ¶4 says so.", "source": "S/2013/588 ¶4"} for i in range(1, n + 1)])  # fmt: skip
    qs = guide.questions(rows, paper)
    assert [q.text for q in qs] == seed.questions(paper)
    assert guide.guide_coverage(qs, paper).startswith("Paragraphs no question draws on: [¶1](<#para-1>)")
    with pytest.raises(data.DataError) as refused:
        guide.questions(rows[rows["question"] != "q3"], paper)
    expected = ", ".join(f"q{i}" for i in range(1, n + 1))
    assert (
        str(refused.value)
        == f'data/questions.csv, column "question": expected one row for each of the paper\'s {n} questions ({expected}), found no row for q3'
    )


def test_glossary_directive_lists_every_term_with_its_uses(paper):
    directive = glossary_page.directive(ENTRIES, paper)
    assert directive.startswith("```{glossary}\n:sorted:") and "\nOIC\n  **Organization of Islamic Cooperation**." in directive
    uses = glossary.uses_in_paper(ENTRIES, paper)["Security Council"]
    assert uses and f"In the paper: {glossary_page.block_link(uses[0], paper)}" in directive


def test_sources_read_the_readme_sections():
    readme = "# data\n\n## a.csv\n\n**Where from.** The `x` list, https://x.org/a.\n\n| col |\n\n## maps/\n\nShapes.\n"
    sections = sources.readme_sections(readme)
    assert list(sections) == ["a.csv", "maps/"]
    assert sources._where_from(sections["a.csv"]) == "The `x` list, https://x.org/a."
    assert sources._where_from(sections["maps/"]) == "Shapes."
    assert sources.example_error() == (
        '```text\ndata/events.csv, row 7, column "start": expected a date YYYY, YYYY-MM or YYYY-MM-DD, found "2013-02-30"\n```'
    )


def test_what_the_paper_says_of_itself_is_not_confirmed_when_it_no_longer_says_it(paper):
    blocks = tuple(seed.Block(b.id, b.kind, "With many member States.", b.number, b.section) if b.id == "para-4" else b for b in paper.blocks)
    changed = seed.Paper(paper.path, paper.source, blocks)
    assert seed.membership_claim(changed) is None
    g = glance(changed, members({"Asia": 2}))
    assert (g.paper_members, g.paper_continents) == (None, None)
    assert "**2** member States\n" in oic_card(g)  # no claim of agreement, and no difference to state
