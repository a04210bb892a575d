"""The front page (``book/index.md``): the facts at a glance and a card for every chapter.

``glance()`` computes every fact the page states; ``lead()`` and ``front_page()`` lay them out, as
sphinx-design cards for the HTML and as plain rubrics and lists for the PDF, where cards degrade.
A sentence that holds a count against the paper (``agree()``) says "as ¶4 says" only when the
count and the paper's figure are the same, and states the difference otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from .. import book, instruments, markup, seed
from ..glossary import FirstUse
from ..markup import EN_DASH, NOT_CONFIRMED, PartialDate, escape, link, paragraph_link
from ..texts import pages as text_pages
from .after import after_order, statement_symbol
from .keys import MEETING_COLUMNS, Keys, label, meeting_date

# The PDF, as the HTML front page (_build/html/book/index.html) reaches it: the build copies the
# PDF into the site (_build/html/briefing-book.pdf), so the site works on its own, served or on disk.
PDF_HREF = "../briefing-book.pdf"

# What glance() and front_counts() read of the files the chapter loads by columns (a column not
# listed here is not loaded: reading it is a KeyError), so an edit of any other column leaves the
# front page's execution reused.
#: ``events.csv``: the meeting, the founding, the two observer statuses; the number of rows.
EVENT_COLUMNS = (*MEETING_COLUMNS, "kind", "instrument")
#: ``instruments.csv``: the symbol and what sorts it into the tables of ``instruments.TABLES``.
INSTRUMENT_COLUMNS = ("symbol", "kind", "title")
#: ``oic_members.csv``: the counts by continent and year of joining.
MEMBER_COLUMNS = ("joined_year", "continent")


@dataclass
class Glance:
    """Every fact the front page states, computed; the test changes the inputs and watches these."""

    meeting_date: str
    meeting_month: str
    letter_date: str
    theme: str
    presiding: str  # as the annex's byline names it
    speakers: str  # as ¶16 names them
    record_symbol: str | None
    record_url: str | None
    record_summary: str | None
    outcome: list[tuple[str, str, str]]  # (kind, symbol as the book writes it, summary): the meeting's other documents
    later: int  # documents in after_meeting.csv dated after the meeting
    members: int
    continents: dict[str, int]
    founding_year: int | None
    founding_members: int
    paper_members: int | None  # what ¶4 says
    paper_continents: int | None
    observer_year: str | None
    observer_resolution: str | None
    un_observer_year: str | None
    cited: dict[str, int]  # instruments, citations, ibid (of instruments), paragraphs, paper_paragraphs
    by_kind: list[tuple[str, str, int, int]] = field(default_factory=list)  # (table stem, caption, instruments, citations)


def _year(row: pd.Series | None, column: str = "start") -> str | None:
    date = None if row is None else PartialDate.parse(row[column])
    return None if date is None else str(date.year)


def glance(
    paper: seed.Paper,
    members: pd.DataFrame,
    events: pd.DataFrame,
    instruments_data: pd.DataFrame,
    after: pd.DataFrame,
    found: Sequence[instruments.Citation],
    keys: Keys,
    kinds: dict[str, str],
) -> Glance:
    """The front page's facts; ``kinds`` names the kinds of document (``x-labels`` of ``after_meeting.kind``)."""
    meeting = meeting_date(events, keys)
    record = keys.row("meeting_record", after, "after_meeting")
    record_id = keys.id("meeting_record")
    founding = events[events["kind"] == "founding"]
    founding_date = PartialDate.parse(founding.iloc[0]["start"]) if len(founding) else None
    founding_year = founding_date.year if founding_date else None
    joined = pd.to_numeric(members["joined_year"])
    claim = seed.membership_claim(paper)
    observer = keys.row("oic_observer_at_un", events, "events")
    summary = instruments.summary(list(found))
    summary["ibid"] = sum(1 for c in found if c.ibid and c.is_instrument)  # of the citations counted
    summary["paper_paragraphs"] = len(paper.paragraphs)
    by_kind = []
    for stem, caption, belongs in instruments.TABLES:
        symbols = {r.symbol for r in instruments_data.itertuples() if belongs(r)}
        if symbols:
            by_kind.append((stem, caption, len(symbols), sum(1 for c in found if c.symbol in symbols)))
    continents = sorted(members["continent"].value_counts().items(), key=lambda kv: (-kv[1], kv[0]))
    return Glance(
        meeting_date=str(meeting) if meeting else NOT_CONFIRMED,
        meeting_month=str(PartialDate(meeting.year, meeting.month)) if meeting and meeting.month else NOT_CONFIRMED,
        letter_date=seed.letter_date(paper) or NOT_CONFIRMED,
        theme=seed.theme(paper) or "",
        presiding=seed.presiding(paper) or NOT_CONFIRMED,
        speakers=seed.speakers(paper) or NOT_CONFIRMED,
        record_symbol=None if record is None else markup.text_or_none(record["symbol"]),
        record_url=None if record is None else markup.text_or_none(record["url"]),
        record_summary=None if record is None else markup.text_or_none(record["summary"]),
        outcome=[
            (label(kinds, r["kind"]), statement_symbol(r), str(r["summary"]))
            for _, r in after_order(after).iterrows()
            if r["id"] != record_id and not markup.later(r["date"], meeting)
        ],
        later=sum(1 for v in after["date"] if markup.later(v, meeting)),
        members=len(members),
        continents={str(k): int(v) for k, v in continents},
        founding_year=founding_year,
        founding_members=int((joined == founding_year).sum()) if founding_year else 0,
        paper_members=claim.members if claim else None,
        paper_continents=claim.continents if claim else None,
        observer_year=_year(observer),
        observer_resolution=None if observer is None else markup.text_or_none(observer["instrument"]),
        un_observer_year=_year(keys.row("un_observer_at_oic", events, "events")),
        cited=summary,
        by_kind=by_kind,
    )


def as_written(symbol: str | None) -> str:
    """How running text writes a resolution: "resolution 3369 (XXX)"."""
    if not symbol:
        return NOT_CONFIRMED
    for prefix in ("A/RES/", "S/RES/"):
        symbol = symbol.removeprefix(prefix)
    return "resolution " + symbol


def agree(stated: int | None, counted: int) -> str:
    """How a count stands against the paper's own figure in ¶4: computed, never assumed."""
    if stated is None:
        return ""
    where = paragraph_link(4)
    return f" (as {where} says)" if stated == counted else f" ({where} says {stated})"


def lead(g: Glance, terms: FirstUse) -> str:
    """The front page's opening lines: the meeting, its theme, what the book holds."""
    return "\n\n".join(
        [
            f"**{terms.text(f'Security Council briefing at ministerial level, {g.meeting_date}')}: “{terms.text(g.theme)}”.**",
            terms.text(
                f"This book carries the concept paper that {g.presiding}, presiding over the Council in {g.meeting_month}, "
                f"circulated for the meeting as document S/2013/588, word for word, with its paragraphs numbered "
                f"¶1 to ¶{g.cited['paper_paragraphs']} so that every table and chart can point at the sentence it rests on. "
                "Around it: the instruments the paper cites, a guide to its questions, a chronology, a glossary, "
                "what came of the meeting, and where every fact comes from."
            ),
            terms.text(
                "The paper's words are set from one copy of its text and never retyped; every table and chart is "
                "generated from the sourced files under data/, and what no source confirms reads “not confirmed”."
            ),
        ]
    )


def glance_sections(g: Glance, terms: FirstUse) -> list[tuple[str, str, str]]:
    """(octicon, title, Markdown body) of the four fact cards, in reading order."""
    para = paragraph_link
    meeting = [
        f"- **Date:** {escape(g.meeting_date)}",
        f"- **Organ and format:** {terms.text('Security Council')}, a briefing at ministerial level ({para(16)})",
        f"- **Presiding:** {escape(g.presiding)}, holding the Council's presidency in {escape(g.meeting_month)} ({para(3)}, {para(16)})",
        f"- **Expected to speak:** {terms.text(g.speakers)} ({para(16)})",
        f"- **The paper:** S/2013/588, sent with a letter dated {escape(g.letter_date)} ({link('letter', '#letter-1')})",
    ]
    held = []
    if g.record_summary:
        record = link(g.record_symbol, g.record_url) if g.record_symbol and g.record_url else escape(g.record_symbol)
        held.append(f"- **Record:** {record}. {terms.text(g.record_summary)}")
    for kind, symbol, summary in g.outcome:
        if symbol.startswith("probably"):
            held.append(f"- **{escape(kind)}** (symbol {escape(symbol)}): {terms.text(summary)}")
        else:
            held.append(f"- **{escape(kind)} {escape(symbol)}:** {terms.text(summary)}")
    later = f" (with {g.later} later document{'s' if g.later != 1 else ''})" if g.later else ""
    held.append("")
    held.append(f"*Not in the paper, which was written before the meeting.* The documents{later}: {{doc}}`After the meeting </book/after>`.")
    continents = ", ".join(f"{escape(name)} {count}" for name, count in g.continents.items())
    oic = [
        f"- **{g.members}** member States{agree(g.paper_members, g.members)}",
        f"- **{len(g.continents)}** continents{agree(g.paper_continents, len(g.continents))}: {continents}",
    ]
    if g.founding_year:
        oic.append(f"- **{g.founding_members}** founding members, joined in {g.founding_year}, the year the OIC was established")
    if g.observer_year:
        oic.append(
            f"- Observer in the {terms.text('General Assembly')} since **{g.observer_year}** ({escape(as_written(g.observer_resolution))}; {para(6)})"
        )
    if g.un_observer_year:
        oic.append(f"- The United Nations an observer at the OIC since **{g.un_observer_year}** *(context, not in the paper)*")
    oic += ["", "*From* `data/oic_members.csv` *and* `data/events.csv`; see {doc}`Sources and method </book/sources>`."]
    c = g.cited
    cites = [
        f"- **{c['instruments']}** instruments, cited **{c['citations']}** times in **{c['paragraphs']}** of the "
        f"paper's {c['paper_paragraphs']} paragraphs ({c['ibid']} of the citations by “ibid.”)",
    ]
    for stem, caption, n_instruments, n_citations in g.by_kind:
        cites.append(f"- {link(caption, f'#table-{stem}')}: **{n_instruments}**, cited {n_citations} time{'s' if n_citations != 1 else ''}")
    return [
        ("calendar", "The meeting, as the paper announces it", "\n".join(meeting)),
        ("history", "As held, after the fact", "\n".join(held)),
        ("globe", "The OIC in numbers", "\n".join(oic)),
        ("book", "What the paper cites", "\n".join(cites)),
    ]


def front_counts(
    paper: seed.Paper, found: Sequence[instruments.Citation], events: pd.DataFrame, after: pd.DataFrame, terms: Sequence, descriptor: dict
) -> dict[str, int]:
    """The counts the chapter cards state."""
    return {
        "instruments": instruments.summary(list(found))["instruments"],
        "questions": len(seed.questions(paper)),
        "events": len(events),
        "terms": len(terms),
        "after": len(after),
        "files": len(descriptor["resources"]),
    }


def chapter_blurbs(counts: dict[str, int], paper: seed.Paper, project: book.Project) -> dict[str, str]:
    """One line per chapter; the paper's chapters say which paragraphs they carry."""
    presiding = seed.presiding(paper)
    letter = f"{presiding}'s letter" if presiding else "The letter"
    blurbs = {
        "book/instruments": f"The {counts.get('instruments', 0)} instruments the paper cites, by kind: date, symbol, what each did, where it is cited.",
        "book/guide": f"The paper's {counts.get('questions', 0)} questions, each with the paragraphs, instruments and activities that bear on it.",
        "book/chronology": f"{counts.get('events', 0)} events, from the paper and from context, in date order.",
        "book/glossary": f"{counts.get('terms', 0)} acronyms and bodies, with their sources.",
        "book/after": f"The meeting as held and the {counts.get('after', 0)} documents that record what came of it.",
        "book/sources": f"Where each of the {counts.get('files', 0)} data files comes from, how the tables are made, how to correct a fact.",
        "book/letter": f"{letter} transmitting the concept paper, as circulated.",
        "book/texts/index": text_pages.blurb(project.root),
    }
    for path in book.chapter_files(project):
        docname = project.docname(path)
        blocks = [b for r in book.regions(path.read_text(encoding="utf-8")) for b in paper.span(r.first, r.last)]
        numbers = [b.number for b in blocks if b.number]
        if numbers and docname not in blurbs:
            span = f"¶{numbers[0]}" if len(numbers) == 1 else f"¶{numbers[0]}{EN_DASH}¶{numbers[-1]}"
            then = ", then its questions." if any(b.kind == "questions" for b in blocks) else "."
            blurbs[docname] = f"The paper's {span}{then}"
    return blurbs


def _card(title: str, body: str, icon: str | None = None, target: str | None = None, link_type: str = "doc") -> list[str]:
    header = f":::{{grid-item-card}} {'{octicon}`' + icon + '` ' if icon else ''}{title}"
    lines = [header]
    if target:
        lines += [f":link: {target}", f":link-type: {link_type}"]
    lines += ["", body, ":::", ""]
    return lines


def front_page(g: Glance, book_chapters: Sequence[book.Chapter], blurbs: dict[str, str], terms: FirstUse) -> str:
    """The at-a-glance cards (HTML) and the same facts as rubrics and lists (PDF)."""
    sections = glance_sections(g, terms)
    html = ["::::{grid} 1 1 2 2", ":gutter: 3", ""]
    for icon, title, body in sections:
        html += _card(escape(title), body, icon)
    html += ["::::", "", "::::{grid} 1", ":gutter: 3", ""]
    html += _card(
        "The whole book as a PDF",
        "For print (A4): the paper with its numbered paragraphs, every table and chart, and the annexes. "
        "Every table is also a CSV download on its own page.",
        "download",
        PDF_HREF,
        "url",
    )
    html += ["::::", ""]
    parts: dict[str, list[book.Chapter]] = {}
    for chapter in book_chapters:
        parts.setdefault(chapter.part, []).append(chapter)
    for part, members in parts.items():
        html += [f"**{escape(part)}**", "", "::::{grid} 1 2 2 2", ":gutter: 2", ""]
        for chapter in members:
            number = f"{chapter.number}. " if chapter.number else ""
            html += _card(escape(number + chapter.title), escape(blurbs.get(chapter.docname, "")) or " ", None, "/" + chapter.docname)
        html += ["::::", ""]
    latex = []
    for _, title, body in sections:
        latex += [f"```{{rubric}} {escape(title)}", "```", "", body, ""]
    return "\n".join([":::::{only} html", "", *html, ":::::", "", ":::::{only} latex", "", *latex, ":::::"])
