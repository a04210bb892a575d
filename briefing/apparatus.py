"""The briefing apparatus around the paper: front page, discussion guide, chronology, after the
meeting, sources and method.

Every function takes the loaded data (DataFrames, the parsed paper, the citations) and returns
MyST Markdown for a notebook cell to show, so a test can hand it a changed copy of a table and see
the page follow. Nothing here types a number: counts, dates and years come from ``data/`` or the
seed. Data reaches the page only through ``present.escape`` and ``present.link`` (and the glossary's
``FirstUse``, which escapes too).

Pages and their inputs:

- front page (``book/index.md``): ``glance()`` computes the facts, ``front_page()`` lays them out as
  sphinx-design cards for the HTML and as plain rubrics and lists for the PDF, where cards degrade;
- discussion guide (``book/guide.md``): ``guide_*`` from ``data/questions.csv`` and the seed's
  questions, quoted word for word;
- chronology (``book/chronology.md``): ``chronology*`` from ``data/events.csv``;
- after the meeting (``book/after.md``): ``after_*`` from ``data/after_meeting.csv``;
- sources and method (``book/sources.md``): ``data_files()`` from ``data/datapackage.json`` and the
  "Where from." paragraphs of ``data/README.md``.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from . import ROOT, data, instruments, present, seed
from .glossary import FirstUse
from .texts import pages as text_pages

# Rows the front page reads by key.
MEETING_EVENT = "council-briefing-2013"
OBSERVER_EVENT = "observer-status-1975"
UN_OBSERVER_EVENT = "un-observer-at-oic-1976"
RECORD_ROW = "s-pv-7050"
# The PDF, as the HTML front page (_build/html/book/index.html) reaches it: the build copies the
# PDF into the site (_build/html/briefing-book.pdf), so the site works on its own, served or on disk.
PDF_HREF = "../briefing-book.pdf"
EN_DASH = "\u2013"


def _blank(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) or str(value).strip() == ""


def _text(value: object) -> str | None:
    return None if _blank(value) else str(value)


def _fragment(text: str) -> str:
    """``present.escape`` for part of a sentence: spaces at either end kept."""
    core = text.strip()
    if not core:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    return lead + present.escape(core) + (" " if text != text.rstrip() else "")


# --- Sources and dates ---------------------------------------------------------------------------

_CITE = re.compile(
    r"(?P<para>S/2013/588 ¶(?P<n>[0-9]+)(?: fn\. (?P<fn>[a-z]))?)"
    r"|(?P<letter>S/2013/588 L(?P<l>[0-9]))"
    r"|(?P<url>https?://\S+)"
    r"|(?P<www>\bwww\.[a-z0-9.-]+\.[a-z]{2,}\S*)"
    r"|(?P<pilcrow>¶(?P<p>[0-9]+))"
)


def _trim_address(address: str) -> tuple[str, str]:
    """An address as written in running text, without the punctuation that follows it."""
    tail = ""
    while address and address[-1] in ".,;:)" and not (address[-1] == ")" and address.count("(") >= address.count(")")):
        tail = address[-1] + tail
        address = address[:-1]
    return address, tail


def _host(address: str) -> str:
    """What a link to ``address`` shows: its host, so long addresses never widen a table."""
    host = re.sub(r"^(https?://)?(www\.)?", "", address).split("/")[0]
    return host or address


def cite(text: object, terms: FirstUse | None = None) -> str:
    """A ``source`` cell as MyST: paragraphs of the paper link to ``#para-N``; an address is a link
    showing its host (the whole address is the link's target, and is in the CSV downloads). With
    ``terms``, first uses of glossary terms in the text between are linked too (notes)."""
    plain = (lambda piece: terms.text(piece, strip=False)) if terms else _fragment
    if _blank(text):
        return present.NOT_CONFIRMED
    text = re.sub(r"\s*;\s+", "; ", re.sub(r"\s+", " ", str(text)).strip())
    # "S/2013/588 ¶6; S/2013/588 ¶7" reads "S/2013/588 ¶6, ¶7"
    previous = None
    while previous != text:
        previous = text
        text = re.sub(r"(S/2013/588 ¶[0-9]+(?:, ¶[0-9]+)*)\s*;\s*S/2013/588 (¶[0-9]+)(?![0-9]| fn)", r"\1, \2", text)
    out, position = [], 0
    for m in _CITE.finditer(text):
        out.append(plain(text[position:m.start()]))
        tail = ""
        if m["para"]:
            label = f"S/2013/588 ¶{m['n']}" + (f" fn. {m['fn']}" if m["fn"] else "")
            out.append(present.link(label, f"#para-{m['n']}"))
        elif m["letter"]:
            out.append(present.link(f"S/2013/588 L{m['l']}", f"#letter-{m['l']}"))
        elif m["url"]:
            address, tail = _trim_address(m["url"])
            out.append(present.link(_host(address), address))
        elif m["www"]:
            address, tail = _trim_address(m["www"])
            out.append(present.link(_host(address), "https://" + address))
        else:
            out.append(present.link(f"¶{m['p']}", f"#para-{m['p']}"))
        out.append(_fragment(tail))
        position = m.end()
    out.append(plain(text[position:]))
    return "".join(out)


def prose(text: object, terms: FirstUse | None = None) -> str:
    """A sentence from the data as MyST: ``¶N`` linked to the paragraph, first uses of terms linked."""
    if _blank(text):
        return present.NOT_CONFIRMED
    text = re.sub(r"\s+", " ", str(text)).strip()
    pieces = re.split(r"(¶[0-9]+)", text)
    out = []
    for piece in pieces:
        if re.fullmatch(r"¶[0-9]+", piece):
            out.append(present.link(piece, f"#para-{piece[1:]}"))
        elif piece:
            out.append(terms.text(piece, strip=False) if terms else _fragment(piece))
    return "".join(out)


def date_span(start: object, end: object = None) -> str:
    """A date or a span at its precision: "28 October 2013", "3–4 April 2012", "March 2008"."""
    first = instruments.format_date(start)
    if _blank(start) or _blank(end) or str(end) == str(start):
        return first
    last = instruments.format_date(end)
    s, e = str(start).split("-"), str(end).split("-")
    if len(s) == len(e) == 3 and s[:2] == e[:2]:
        return f"{int(s[2])}{EN_DASH}{last}"
    if len(s) == len(e) == 3 and s[0] == e[0]:
        return f"{first.rsplit(' ', 1)[0]} {EN_DASH} {last}"
    return f"{first} {EN_DASH} {last}"


def _paper_paragraphs(source: object) -> list[int]:
    return [int(n) for n in re.findall(r"S/2013/588 ¶([0-9]+)", str(source or ""))]


# --- The book's chapters (for the front page) ----------------------------------------------------


@dataclass(frozen=True)
class Chapter:
    docname: str  # "book/background"
    title: str
    number: int | None  # as the numbered parts number it, None when unnumbered
    part: str


def chapter_title(path: Path) -> str:
    """The chapter's first level-one heading (inside a paper region or not), markup removed."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return seed.plain_text(line[2:]).strip()
    return path.stem.replace("_", " ").capitalize()


def chapters(root: Path = ROOT) -> list[Chapter]:
    """The chapters after the front page, in the order and numbering of ``_toc.yml``."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    out: list[Chapter] = []
    number = 0
    for part in toc.get("parts", []):
        for entry in part.get("chapters", []):
            if "file" not in entry:
                continue
            numbered = bool(part.get("numbered"))
            number += numbered
            out.append(Chapter(entry["file"], chapter_title(root / f"{entry['file']}.md"), number if numbered else None, part.get("caption", "")))
    return out


# --- The front page ------------------------------------------------------------------------------


_NUMBER_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten".split())}


@dataclass
class Glance:
    """Every fact the front page states, computed; the test changes the inputs and watches these."""

    meeting_date: str
    meeting_month: str
    letter_date: str
    theme: str
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


def _event(events: pd.DataFrame, event_id: str) -> pd.Series | None:
    rows = events[events["id"] == event_id]
    return rows.iloc[0] if len(rows) else None


def glance(
    paper: seed.Paper,
    members: pd.DataFrame,
    events: pd.DataFrame,
    instruments_data: pd.DataFrame,
    after: pd.DataFrame,
    found: Sequence[instruments.Citation],
) -> Glance:
    meeting = _event(events, MEETING_EVENT)
    meeting_start = None if meeting is None else _text(meeting["start"])
    letter_title = paper.block("letter-title").text
    letter_date = re.search(r"dated ([0-9]{1,2} [A-Z][a-z]+ [0-9]{4})", letter_title)
    theme = re.search(r"“([^”]+)”", paper.block("letter-1").text)
    record = after[after["id"] == RECORD_ROW]
    record = record.iloc[0] if len(record) else None
    founding = events[events["kind"] == "founding"]
    founding_year = int(str(founding.iloc[0]["start"])[:4]) if len(founding) and not _blank(founding.iloc[0]["start"]) else None
    joined = pd.to_numeric(members["joined_year"])
    para4 = re.search(r"([0-9]+) member States from ([a-z]+|[0-9]+) continents", paper.block("para-4").text)
    observer = _event(events, OBSERVER_EVENT)
    un_observer = _event(events, UN_OBSERVER_EVENT)
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
        meeting_date=instruments.format_date(meeting_start),
        meeting_month=instruments.format_date(meeting_start[:7]) if meeting_start and len(meeting_start) >= 7 else present.NOT_CONFIRMED,
        letter_date=letter_date[1] if letter_date else present.NOT_CONFIRMED,
        theme=theme[1] if theme else "",
        record_symbol=None if record is None else _text(record["symbol"]),
        record_url=None if record is None else _text(record["url"]),
        record_summary=None if record is None else _text(record["summary"]),
        outcome=[(KINDS.get(r["kind"], r["kind"]), statement_symbol(r), str(r["summary"])) for _, r in _after_order(after).iterrows()
                 if r["id"] != RECORD_ROW and not _later(r["date"], meeting_start)],
        later=sum(1 for v in after["date"] if _later(v, meeting_start)),
        members=len(members),
        continents={str(k): int(v) for k, v in continents},
        founding_year=founding_year,
        founding_members=int((joined == founding_year).sum()) if founding_year else 0,
        paper_members=int(para4[1]) if para4 else None,
        paper_continents=(int(para4[2]) if para4[2].isdigit() else _NUMBER_WORDS.get(para4[2])) if para4 else None,
        observer_year=None if observer is None or _blank(observer["start"]) else str(observer["start"])[:4],
        observer_resolution=None if observer is None else _text(observer["instrument"]),
        un_observer_year=None if un_observer is None or _blank(un_observer["start"]) else str(un_observer["start"])[:4],
        cited=summary,
        by_kind=by_kind,
    )


# How the book names a kind of document (``kind`` in after_meeting.csv).
KINDS = {"prst": "Presidential statement", "press_release": "Press release", "meeting_record": "Meeting record",
         "ga_resolution": "General Assembly resolution", "sc_resolution": "Security Council resolution"}


def _later(date: object, than: str | None) -> bool:
    return not _blank(date) and than is not None and str(date) > than


def _as_written(symbol: str | None) -> str:
    """How running text writes a resolution: "resolution 3369 (XXX)"."""
    if not symbol:
        return present.NOT_CONFIRMED
    return "resolution " + re.sub(r"^[AS]/RES/", "", symbol)


def _agree(stated: int | None, counted: int) -> str:
    """How a count stands against the paper's own figure in ¶4."""
    if stated is None:
        return ""
    where = present.link("¶4", "#para-4")
    return f" (as {where} says)" if stated == counted else f" ({where} says {stated})"


def lead(g: Glance, terms: FirstUse) -> str:
    """The front page's opening lines: the meeting, its theme, what the book holds."""
    return "\n\n".join([
        f"**{terms.text(f'Security Council briefing at ministerial level, {g.meeting_date}')}: "
        f"“{terms.text(g.theme)}”.**",
        terms.text(
            f"This book carries the concept paper that Azerbaijan, presiding over the Council in {g.meeting_month}, "
            f"circulated for the meeting as document S/2013/588, word for word, with its paragraphs numbered "
            f"¶1 to ¶{g.cited['paper_paragraphs']} so that every table and chart can point at the sentence it rests on. "
            "Around it: the instruments the paper cites, a guide to its questions, a chronology, a glossary, "
            "what came of the meeting, and where every fact comes from."
        ),
        terms.text(
            "The paper's words are set from one copy of its text and never retyped; every table and chart is "
            "generated from the sourced files under data/, and what no source confirms reads “not confirmed”."
        ),
    ])


def glance_sections(g: Glance, terms: FirstUse) -> list[tuple[str, str, str]]:
    """(octicon, title, Markdown body) of the four fact cards, in reading order."""
    para = lambda n: present.link(f"¶{n}", f"#para-{n}")  # noqa: E731
    meeting = [
        f"- **Date:** {present.escape(g.meeting_date)}",
        f"- **Organ and format:** {terms.text('Security Council')}, a briefing at ministerial level ({para(16)})",
        f"- **Presiding:** Azerbaijan, holding the Council's presidency in {present.escape(g.meeting_month)} ({para(3)}, {para(16)})",
        f"- **Expected to speak:** {terms.text('the Secretary-General of the United Nations and the Secretary General of OIC')} ({para(16)})",
        f"- **The paper:** S/2013/588, sent with a letter dated {present.escape(g.letter_date)} ({present.link('letter', '#letter-1')})",
    ]
    held = []
    if g.record_summary:
        record = present.link(g.record_symbol, g.record_url) if g.record_symbol and g.record_url else present.escape(g.record_symbol)
        held.append(f"- **Record:** {record}. {terms.text(g.record_summary)}")
    for kind, symbol, summary in g.outcome:
        if symbol.startswith("probably"):
            held.append(f"- **{present.escape(kind)}** (symbol {present.escape(symbol)}): {terms.text(summary)}")
        else:
            held.append(f"- **{present.escape(kind)} {present.escape(symbol)}:** {terms.text(summary)}")
    later = f" (with {g.later} later document{'s' if g.later != 1 else ''})" if g.later else ""
    held.append("")
    held.append(f"*Not in the paper, which was written before the meeting.* The documents{later}: {{doc}}`After the meeting </book/after>`.")
    continents = ", ".join(f"{present.escape(name)} {count}" for name, count in g.continents.items())
    oic = [
        f"- **{g.members}** member States{_agree(g.paper_members, g.members)}",
        f"- **{len(g.continents)}** continents{_agree(g.paper_continents, len(g.continents))}: {continents}",
    ]
    if g.founding_year:
        oic.append(f"- **{g.founding_members}** founding members, joined in {g.founding_year}, the year the OIC was established")
    if g.observer_year:
        oic.append(
            f"- Observer in the {terms.text('General Assembly')} since **{g.observer_year}** "
            f"({present.escape(_as_written(g.observer_resolution))}; {para(6)})"
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
        cites.append(
            f"- {present.link(caption, f'#table-{stem}')}: **{n_instruments}**, cited {n_citations} "
            f"time{'s' if n_citations != 1 else ''}"
        )
    return [
        ("calendar", "The meeting, as the paper announces it", "\n".join(meeting)),
        ("history", "As held, after the fact", "\n".join(held)),
        ("globe", "The OIC in numbers", "\n".join(oic)),
        ("book", "What the paper cites", "\n".join(cites)),
    ]


def front_counts(paper: seed.Paper, found: Sequence[instruments.Citation], events: pd.DataFrame, after: pd.DataFrame,
                 terms: Sequence, descriptor: dict) -> dict[str, int]:
    """The counts the chapter cards state."""
    return {
        "instruments": instruments.summary(list(found))["instruments"],
        "questions": len(seed_questions(paper)),
        "events": len(events),
        "terms": len(terms),
        "after": len(after),
        "files": len(descriptor["resources"]),
    }


def chapter_blurbs(counts: dict[str, int], paper: seed.Paper, root: Path = ROOT) -> dict[str, str]:
    """One line per chapter; the paper's chapters say which paragraphs they carry."""
    from . import narrative

    blurbs = {
        "book/instruments": f"The {counts.get('instruments', 0)} instruments the paper cites, by kind: date, symbol, what each did, where it is cited.",
        "book/guide": f"The paper's {counts.get('questions', 0)} questions, each with the paragraphs, instruments and activities that bear on it.",
        "book/chronology": f"{counts.get('events', 0)} events, from the paper and from context, in date order.",
        "book/glossary": f"{counts.get('terms', 0)} acronyms and bodies, with their sources.",
        "book/after": f"The meeting as held and the {counts.get('after', 0)} documents that record what came of it.",
        "book/sources": f"Where each of the {counts.get('files', 0)} data files comes from, how the tables are made, how to correct a fact.",
        "book/letter": "Azerbaijan's letter transmitting the concept paper, as circulated.",
        "book/texts/index": text_pages.blurb(root),
    }
    for path in narrative.chapter_files(root):
        docname = path.relative_to(root).with_suffix("").as_posix()
        blocks = [b for m in narrative.regions(path.read_text(encoding="utf-8")) for b in paper.span(m["first"], m["last"])]
        numbers = [b.number for b in blocks if b.number]
        if numbers and docname not in blurbs:
            span = f"¶{numbers[0]}" if len(numbers) == 1 else f"¶{numbers[0]}{EN_DASH}¶{numbers[-1]}"
            then = ", then its questions." if any(b.kind == "questions" for b in blocks) else "."
            blurbs[docname] = f"The paper's {span}{then}"
    return blurbs


def _card(title: str, body: str, icon: str | None = None, link: str | None = None, link_type: str = "doc") -> list[str]:
    header = f":::{{grid-item-card}} {'{octicon}`' + icon + '` ' if icon else ''}{title}"
    lines = [header]
    if link:
        lines += [f":link: {link}", f":link-type: {link_type}"]
    lines += ["", body, ":::", ""]
    return lines


def front_page(g: Glance, book_chapters: Sequence[Chapter], blurbs: dict[str, str], terms: FirstUse) -> str:
    """The at-a-glance cards (HTML) and the same facts as rubrics and lists (PDF)."""
    sections = glance_sections(g, terms)
    html = ["::::{grid} 1 1 2 2", ":gutter: 3", ""]
    for icon, title, body in sections:
        html += _card(present.escape(title), body, icon)
    html += ["::::", "", "::::{grid} 1", ":gutter: 3", ""]
    html += _card(
        "The whole book as a PDF",
        "For print (A4): the paper with its numbered paragraphs, every table and chart, and the annexes. "
        "Every table is also a CSV download on its own page.",
        "download", PDF_HREF, "url",
    )
    html += ["::::", ""]
    parts: dict[str, list[Chapter]] = {}
    for chapter in book_chapters:
        parts.setdefault(chapter.part, []).append(chapter)
    for part, members in parts.items():
        html += [f"**{present.escape(part)}**", "", "::::{grid} 1 2 2 2", ":gutter: 2", ""]
        for chapter in members:
            number = f"{chapter.number}. " if chapter.number else ""
            html += _card(present.escape(number + chapter.title), present.escape(blurbs.get(chapter.docname, "")) or " ", None, "/" + chapter.docname)
        html += ["::::", ""]
    latex = []
    for _, title, body in sections:
        latex += [f"```{{rubric}} {present.escape(title)}", "```", "", body, ""]
    return "\n".join([
        ":::::{only} html", "", *html, ":::::", "",
        ":::::{only} latex", "", *latex, ":::::",
    ])


# --- The discussion guide ------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    id: str  # "q1"
    number: int
    text: str  # word for word from the seed
    areas: tuple[str, ...]
    paragraphs: tuple[int, ...]
    instruments: tuple[str, ...]
    events: tuple[str, ...]
    justification: str
    source: str


def seed_questions(paper: seed.Paper) -> list[str]:
    """The questions of "Areas to be explored", word for word as the seed gives them."""
    return [seed.plain_text(item) for item in paper.block("questions").items]


def questions(frame: pd.DataFrame, paper: seed.Paper) -> list[Question]:
    """``questions.csv`` joined with the seed's questions; every question of the seed exactly once."""
    texts = seed_questions(paper)
    expected = [f"q{n}" for n in range(1, len(texts) + 1)]
    given = list(frame["question"])
    if sorted(given, key=lambda q: int(q[1:])) != expected:
        missing = sorted(set(expected) - set(given), key=lambda q: int(q[1:]))
        extra = sorted(set(given) - set(expected))
        raise data.DataError(
            "data/questions.csv", None, "question",
            f"one row for each of the paper's {len(texts)} questions ({', '.join(expected)})",
            "; ".join(filter(None, [f"no row for {', '.join(missing)}" if missing else "", f"rows for {', '.join(extra)}, which the paper does not have" if extra else ""])),
        )
    out = []
    for row in sorted(frame.itertuples(index=False), key=lambda r: int(r.question[1:])):
        n = int(row.question[1:])
        out.append(Question(
            row.question, n, texts[n - 1],
            tuple(data.split_list(row.areas)),
            tuple(int(p) for p in data.split_list(row.paragraphs)),
            tuple(data.split_list(row.instruments)),
            tuple(data.split_list(row.events)),
            row.justification, row.source,
        ))
    return out


def _event_link(event: pd.Series) -> str:
    when = date_span(event["start"], event["end"]) if not _blank(event["start"]) else f"date {present.NOT_CONFIRMED}"
    return f"{present.link(event['title'], '#event-' + event['id'])} ({present.escape(when)})"


def _instrument_link(symbol: str) -> str:
    return present.link(symbol, f"#{instruments.anchor(symbol)}")


def guide_intro(qs: Sequence[Question], terms: FirstUse) -> str:
    return terms.text(
        f"The concept paper closes its “Areas to be explored” with {len(qs)} questions on which the meeting "
        "“may focus”. For each question, in the paper's words, this guide gathers what the paper and the data "
        "say that bears on it: the paragraphs of the paper, the instruments it cites and the activities it "
        "records, with a short note on why, sourced to the paragraphs that say so. The guide maps; it takes no "
        "position on the answers, and the mapping is the book's reading of the paper (data/questions.csv), "
        "which anyone can correct."
    )


def guide_table(qs: Sequence[Question]) -> tuple[str, pd.DataFrame]:
    """The questions at a glance (MyST list-table) and the same rows for the CSV download."""
    columns = [present.Column("Question", 12), present.Column("Areas of cooperation", 30), present.Column("Paragraphs", 28),
               present.Column("Instruments", 15), present.Column("Activities", 15)]
    rows, records = [], []
    for q in qs:
        rows.append([
            present.link(f"Question {q.number}", f"#{q.id}"),
            present.escape("; ".join(q.areas)),
            ", ".join(present.link(f"¶{p}", f"#para-{p}") for p in q.paragraphs),
            str(len(q.instruments)),
            str(len(q.events)),
        ])
        records.append({
            "question": q.id, "text": q.text, "areas": ";".join(q.areas),
            "paragraphs": ";".join(str(p) for p in q.paragraphs), "instruments": ";".join(q.instruments),
            "events": ";".join(q.events), "justification": q.justification, "source": q.source,
        })
    table = present.list_table(rows, columns, "The paper's questions and what bears on each", "table-guide-questions")
    return table, pd.DataFrame(records)


def guide_section(qs: Sequence[Question], events: pd.DataFrame, terms: FirstUse) -> str:
    """Each question quoted from the seed, then its paragraphs, instruments, activities and why."""
    by_id = {r["id"]: r for _, r in events.iterrows()}
    parts = []
    for q in qs:
        lines = [
            f"### Question {q.number}",
            "",
            f"> {terms.text(q.text)} ({present.link(f'¶15, question {q.number}', f'#{q.id}')})",
            "",
            f"**Why these:** {prose(q.justification, terms)} *Source:* {cite(q.source)}.",
            "",
            f"- **Areas of cooperation:** {present.escape('; '.join(q.areas))}",
            f"- **Paragraphs of the paper:** {', '.join(present.link(f'¶{p}', f'#para-{p}') for p in q.paragraphs)}",
            f"- **Instruments:** {', '.join(_instrument_link(s) for s in q.instruments) or 'none'}",
            f"- **Activities:** {'; '.join(_event_link(by_id[e]) for e in q.events) or 'none'}",
            "",
        ]
        parts.append("\n".join(lines))
    return "\n".join(parts)


def guide_coverage(qs: Sequence[Question], paper: seed.Paper) -> str:
    """Which of the paper's paragraphs no question draws on (a sentence, computed)."""
    drawn = {p for q in qs for p in q.paragraphs}
    unused = [b.number for b in paper.paragraphs if b.number not in drawn and b.number != 15 and b.number != 16]
    if not unused:
        last = max(b.number for b in paper.paragraphs if b.section and "Areas" not in b.section and "Format" not in b.section)
        return f"Every paragraph from ¶1 to ¶{last} bears on at least one question."
    return "Paragraphs no question draws on: " + ", ".join(present.link(f"¶{n}", f"#para-{n}") for n in unused) + "."


# --- The chronology ------------------------------------------------------------------------------


def chronology(events: pd.DataFrame) -> pd.DataFrame:
    """Every event once, in date order: dated events by their start as ISO writes it (a year before
    the months and days within it), then the undated ones in the order of the paragraphs citing them;
    ties by id, so the file's row order never matters."""
    frame = events.copy()
    frame["_dated"] = frame["start"].map(lambda v: 0 if not _blank(v) else 1)
    frame["_start"] = frame["start"].map(lambda v: "" if _blank(v) else str(v))
    frame["_end"] = frame["end"].map(lambda v: "" if _blank(v) else str(v))
    frame["_para"] = frame["source"].map(lambda s: min(_paper_paragraphs(s) or [99]))
    frame = frame.sort_values(["_dated", "_start", "_end", "_para", "id"], kind="stable")
    return frame.drop(columns=["_dated", "_start", "_end", "_para"]).reset_index(drop=True)


def chronology_summary(events: pd.DataFrame, terms: FirstUse) -> str:
    paper = events[events["origin"] == "paper"]
    context = events[events["origin"] == "context"]
    dated = events[events["start"].map(lambda v: not _blank(v))]
    years = sorted(str(v)[:4] for v in dated["start"])
    span = f", dated from {years[0]} to {years[-1]}" if years else ""
    undated = len(events) - len(dated)
    return terms.text(
        f"{len(events)} events{span}: {len(paper)} the paper itself mentions and {len(context)} milestones "
        f"from public sources that give context. {undated} have no date the sources confirm; they close the "
        "list in the order of the paragraphs that mention them. Each date is given at the precision known "
        "(a day, a month or a year). Where a source more precise than the paper gives the day, the row says so."
    )


def chronology_table(events: pd.DataFrame, terms: FirstUse) -> tuple[str, pd.DataFrame]:
    """The chronology as a MyST list-table, and the rows for the CSV download."""
    ordered = chronology(events)
    columns = [present.Column("Date", 16), present.Column("What happened", 44), present.Column("From", 10), present.Column("Source", 30)]
    rows, records = [], []
    for _, e in ordered.iterrows():
        when = date_span(e["start"], e["end"])
        what = terms.text(e["title"])
        cities = [c for c in data.split_list(e["cities"]) if c not in str(e["title"])]
        if cities:
            what += f" ({present.escape(', '.join(cities))})"
        if _text(e["note"]):
            what += f"\n\n*Note:* {cite(e['note'], terms)}"
        source = cite(e["source"])
        if _text(e["date_source"]):
            source += f"\n\n*Date:* {cite(e['date_source'])}"
        origin = "the paper" if e["origin"] == "paper" else "context"
        # The row's label goes last in the (short) date cell: first in a cell it indents the cell's
        # text in the PDF, and last it takes a line of its own.
        rows.append([f"{present.escape(when)}\n\n(event-{e['id']})=", what, present.escape(origin), source])
        records.append({
            "id": e["id"], "date": when, "start": e["start"], "end": e["end"], "title": e["title"],
            "cities": e["cities"], "origin": e["origin"], "source": e["source"], "date_source": e["date_source"], "note": e["note"],
        })
    table = present.list_table(rows, columns, "Chronology of UN-OIC cooperation", "table-chronology")
    return table, pd.DataFrame(records)


# --- After the meeting ---------------------------------------------------------------------------

_PROBABLY = re.compile(r"probably (?P<symbol>[A-Z]+/[A-Z/]*[0-9][^\s,;()]*)")


def statement_symbol(row: pd.Series) -> str:
    """A row's symbol as the book writes it: the symbol, or "probably X, not confirmed"."""
    if row["symbol_status"] == "confirmed" and not _blank(row["symbol"]):
        return str(row["symbol"])
    likely = _PROBABLY.search(str(row.get("date_note") or ""))
    return f"probably {likely['symbol']}, {present.NOT_CONFIRMED}" if likely else present.NOT_CONFIRMED


def _after_order(after: pd.DataFrame) -> pd.DataFrame:
    """By date; a row without a confirmed date stays after the row before it in the file."""
    keys, last = [], ""
    for value in after["date"]:
        last = last if _blank(value) else str(value)
        keys.append(last)
    return after.assign(_key=keys, _row=range(len(after))).sort_values(["_key", "_row"], kind="stable").drop(columns=["_key", "_row"])


def after_table(after: pd.DataFrame, terms: FirstUse) -> tuple[str, pd.DataFrame]:
    """Date | Document (kind and symbol, linked) | What it did | Source: one row per document, oldest
    first, as Security Council Report tables documents. Official titles are in the CSV download."""
    columns = [present.Column("Date", 15), present.Column("Document", 22), present.Column("What it did", 37), present.Column("Source", 26)]
    rows, records = [], []
    for _, r in _after_order(after).iterrows():
        confirmed = r["symbol_status"] == "confirmed" and not _blank(r["symbol"])
        symbol = statement_symbol(r)
        symbol_cell = present.link(symbol, r["url"]) if confirmed and _text(r["url"]) else present.escape(symbol)
        kind = KINDS.get(r["kind"], str(r["kind"]).replace("_", " ").capitalize())
        when = instruments.format_date(r["date"])
        note = _text(r["date_note"])
        dated_note = note and confirmed and not _blank(r["date"])  # a time of day, for instance
        if dated_note:
            when += f", {note}"
        what = terms.text(r["summary"])
        if _text(r["body"]):
            what += f"\n\n*By:* {terms.text(r['body'])}"
        if note and not dated_note:
            what += f"\n\n*Note:* {terms.text(note)}."
        rows.append([f"{present.escape(when)}\n\n(after-{r['id']})=", f"**{present.escape(kind)}**\n\n{symbol_cell}", what, cite(r["source"])])
        records.append({"id": r["id"], "date": r["date"], "kind": kind, "symbol": symbol, "symbol_status": r["symbol_status"], "title": r["title"],
                        "body": r["body"], "summary": r["summary"], "note": r["date_note"], "url": r["url"], "source": r["source"]})
    table = present.list_table(rows, columns, "What came of the meeting", "table-after-meeting")
    return table, pd.DataFrame(records)


def after_summary(after: pd.DataFrame, events: pd.DataFrame, ga_series: pd.DataFrame, terms: FirstUse) -> str:
    """What the annex holds, counted; the Assembly's later resolutions from ga_series.csv."""
    meeting = _event(events, MEETING_EVENT)
    meeting_start = None if meeting is None else _text(meeting["start"])
    unconfirmed = after[after["symbol_status"] != "confirmed"]
    later = ga_series[ga_series["adopted"].map(lambda v: not _blank(v) and meeting_start is not None and str(v) > meeting_start)]
    sentences = [
        terms.text(
            f"The meeting was held on {instruments.format_date(meeting_start)}. {len(after)} documents record what came of it; "
            f"{len(unconfirmed)} of them {'has' if len(unconfirmed) == 1 else 'have'} a symbol no source at hand confirms, "
            "shown as “not confirmed” with what is likely."
        )
    ]
    if len(later):
        listed = ", ".join(
            f"{present.escape(_as_written(r['resolution']))} of {present.escape(instruments.format_date(r['adopted']))}" for _, r in later.iterrows()
        )
        sentences.append(terms.text(
            f"In the General Assembly's series on cooperation between the United Nations and OIC, the book's data hold "
            f"{len(later)} resolution{'s' if len(later) != 1 else ''} adopted after the meeting with a confirmed date:"
        ) + f" {listed}.")
    return " ".join(sentences)


# --- Sources and method ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DataFile:
    name: str  # resource name
    path: str  # relative to data/
    title: str
    description: str
    where_from: str  # the README's "Where from." paragraph (or its first one), as written
    rows: int | None  # data rows of a CSV; shapes of a map
    columns: int | None
    csv: bool
    shared: bool = False  # the README describes this file together with others (maps/)


def readme_sections(readme: str) -> dict[str, str]:
    """``## heading`` -> the section's text."""
    sections: dict[str, str] = {}
    for m in re.finditer(r"^## (?P<head>.+?)\n(?P<body>.*?)(?=^## |\Z)", readme, re.M | re.S):
        sections[m["head"].strip()] = m["body"].strip()
    return sections


def _where_from(section: str) -> str:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", section) if p.strip()]
    for p in paragraphs:
        if p.startswith("**Where from.**"):
            return " ".join(p.removeprefix("**Where from.**").split())
    return " ".join(paragraphs[0].split()) if paragraphs and not paragraphs[0].startswith("|") else ""


def data_files(root: Path = ROOT) -> list[DataFile]:
    """Every file of ``data/datapackage.json``, with its README paragraph and its size."""
    import json

    data_dir = root / "data"
    descriptor = data.load_schema(data_dir)
    sections = readme_sections((data_dir / "README.md").read_text(encoding="utf-8"))
    out = []
    for resource in descriptor["resources"]:
        path = resource["path"]
        shared = path not in sections
        section = sections.get(path) or sections.get(path.split("/")[0] + "/") or ""
        csv = resource.get("format") == "csv"
        if csv:
            frame = data.load_table(resource["name"], data_dir)
            rows, columns = len(frame), len(frame.columns)
        else:
            topology = json.loads((data_dir / path).read_text(encoding="utf-8"))
            rows, columns = len(topology["objects"][resource.get("x-object", "countries")]["geometries"]), None
        out.append(DataFile(resource["name"], path, resource.get("title", ""), resource.get("description", ""),
                            _where_from(section), rows, columns, csv, shared))
    return out


def readme_inline(text: str) -> str:
    """A README sentence as MyST: code spans kept, addresses linked, everything else escaped."""
    out, position = [], 0
    for m in re.finditer(r"`(?P<code>[^`]+)`|(?P<url>https?://\S+)|\*\*(?P<bold>[^*]+)\*\*", text):
        out.append(_fragment(text[position:m.start()]))
        if m["code"]:
            out.append(f"`{m['code']}`")
        elif m["url"]:
            address, tail = _trim_address(m["url"])
            out.append(present.link(address, address) + _fragment(tail))
        else:
            out.append(f"**{present.escape(m['bold'])}**")
        position = m.end()
    out.append(_fragment(text[position:]))
    return "".join(out)


def sources_table(files: Sequence[DataFile], downloads: dict[str, str]) -> str:
    """File | What it holds | Rows | Download."""
    columns = [present.Column("File", 24), present.Column("What it holds", 48), present.Column("Rows", 12), present.Column("Download", 16)]
    rows = []
    for f in files:
        size = str(f.rows) if f.csv else f"{f.rows} shapes"
        download = present.download("CSV", downloads[f.name]) if f.name in downloads else "TopoJSON, in data/maps/"
        rows.append([f"`{f.path}`", present.escape(f.title), size, download])
    return present.list_table(rows, columns, "The data files behind the book", "table-data-files")


def sources_details(files: Sequence[DataFile]) -> str:
    """A definition list: each file and where it came from, in the README's words."""
    lines = []
    for f in files:
        body = readme_inline(f.where_from) if f.where_from else present.escape(f.description)
        if f.shared and f.where_from:
            body = present.escape(f.description) + " " + body
        lines += [f"`{f.path}`", f": {body}", ""]
    return "\n".join(lines)


def example_error() -> str:
    """What the validator prints for a bad cell, made by the validator's own error class."""
    error = data.DataError("data/events.csv", 7, "start", "a date YYYY, YYYY-MM or YYYY-MM-DD", '"2013-02-30"')
    return "```text\n" + error.message + "\n```"


def save_downloads(files: Sequence[DataFile], root: Path = ROOT) -> dict[str, str]:
    """Each CSV of data/ as a download (as loaded: the same columns and cells); name -> book path."""
    out = {}
    for f in files:
        if f.csv:
            out[f.name] = present.save_csv(data.load_table(f.name, root / "data"), f"data-{f.name}")
    return out


def downloads_line(book_path: str, what: str = "this table") -> str:
    return f"Download {what}: {present.download('CSV', book_path)}."
