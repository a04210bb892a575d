"""What the held texts cite: the finder run over every official text the book carries.

Each held text (``briefing.texts``) is read into paragraphs; the finder (``briefing.citations``)
runs over each paragraph, and every mention becomes a ``Recall``: which text cites, in which
paragraph, which instrument. A text's mentions of its own symbol (a running head the reader kept,
a self-reference) are not recalls. The Assembly's UN-OIC series is the set of resolutions in
``data/ga_series.csv``; a recall is *in the series* when it cites one of them.

The chapter shows, from these recalls alone: a table of the series' held resolutions with the
earlier members each recalls and what else it cites (``series_table``), a table of everything the
held texts cite beyond the series (``beyond_table``), the figure (``briefing.figures.series_recalls``)
and a sentence of counts (``summary``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import PAPER_SYMBOL, ROOT, present, texts
from . import citations as symbols
from .instruments import anchor, format_date
from .texts import record
from .texts.pages import page_label, page_path


@dataclass(frozen=True)
class HeldDocument:
    """A held text as this module needs it: symbol, date (ISO, may be partial), paragraphs."""

    symbol: str
    date: str  # "2013-05-17"; "" when the text states none
    slug: str  # the page book/texts/<slug>.md; labels <slug>-<anchor>
    paragraphs: tuple[tuple[str, str], ...]  # (anchor, words) in reading order


@dataclass(frozen=True)
class Recall:
    citing: str  # the held text's symbol
    anchor: str  # the paragraph that cites ("pp-1", "op-3")
    cited: str  # canonical symbol of what it cites
    kind: str  # the finder's kind
    surface: str  # as the text writes it


def find_recalls(documents: Iterable[HeldDocument]) -> list[Recall]:
    """Every citation in every held text, in each text's reading order. The finder reads each
    paragraph as part of its document ("its resolution 59/8" in an Assembly text is A/RES/59/8)
    and marks the text's own symbol (``Mention.self``), which is left out."""
    out = []
    for doc in documents:
        own = symbols.slug(doc.symbol)
        for anchor_id, words in doc.paragraphs:
            for m in symbols.find_mentions(words, context=doc.symbol):
                if m.self or symbols.slug(m.symbol) == own:
                    continue
                out.append(Recall(doc.symbol, anchor_id, m.symbol, m.kind, m.surface))
    return out


def series_members(series: pd.DataFrame) -> list[str]:
    """The series in session order, as ``data/ga_series.csv`` lists it."""
    return list(series.sort_values("session")["resolution"])


def short(symbol: str) -> str:
    """How running text names an Assembly resolution: ``A/RES/67/264`` -> ``67/264``."""
    return symbol.removeprefix("A/RES/")


@dataclass(frozen=True)
class SeriesRow:
    symbol: str
    date: str  # adoption as data/ga_series.csv gives it (the texts fill it), else as the text states it
    slug: str
    recalled: tuple[str, ...]  # distinct series members it cites, series order
    beyond: tuple[str, ...]  # distinct other instruments it cites, first-cited order


def series_rows(documents: Sequence[HeldDocument], recalls: Sequence[Recall], series: pd.DataFrame) -> list[SeriesRow]:
    """One row per held text of the series, oldest first."""
    members = series_members(series)
    order = {s: i for i, s in enumerate(members)}
    adopted = {r["resolution"]: r["adopted"] for _, r in series.iterrows() if isinstance(r["adopted"], str) and r["adopted"]}
    rows = []
    for doc in sorted((d for d in documents if d.symbol in order), key=lambda d: order[d.symbol]):
        mine = [r for r in recalls if r.citing == doc.symbol]
        recalled = sorted({r.cited for r in mine if r.cited in order}, key=order.__getitem__)
        beyond = tuple(dict.fromkeys(r.cited for r in mine if r.cited not in order))
        rows.append(SeriesRow(doc.symbol, adopted.get(doc.symbol, doc.date), doc.slug, tuple(recalled), beyond))
    return rows


def _runs(recalled: Sequence[str], members: Sequence[str]) -> str:
    """``3369 (XXX), 35/36 to 48/24, 59/8``: consecutive members of the series as ranges."""
    index = [members.index(s) for s in recalled]
    parts, start = [], 0
    for i in range(1, len(index) + 1):
        if i == len(index) or index[i] != index[i - 1] + 1:
            first, last = recalled[start], recalled[i - 1]
            if i - start >= 3:
                parts.append(f"{short(first)} to {short(last)} ({i - start})")
            else:
                parts += [short(s) for s in recalled[start:i]]
            start = i
    return ", ".join(parts)


def series_table(rows: Sequence[SeriesRow], series: pd.DataFrame) -> tuple[str, pd.DataFrame]:
    """The list-table and its CSV frame: per held resolution of the series, what it recalls."""
    members = series_members(series)
    cells, records = [], []
    for r in rows:
        earlier = [s for s in r.recalled if members.index(s) < members.index(r.symbol)]
        cells.append(
            [
                f"[{present.escape(short(r.symbol))}](#{page_label(r.slug)})",
                present.escape(format_date(r.date)),
                f"{len(r.recalled)}: {present.escape(_runs(r.recalled, members))}" if r.recalled else "none",
                f"{len(earlier)} of the {members.index(r.symbol)} before it" if members.index(r.symbol) else "none before it",
                present.escape(", ".join(r.beyond)) if r.beyond else "none",
            ]
        )
        records.append(
            {
                "resolution": r.symbol,
                "adopted": r.date,
                "recalls_in_series": "; ".join(r.recalled),
                "earlier_recalled": len(earlier),
                "earlier_in_series": members.index(r.symbol),
                "cites_beyond_series": "; ".join(r.beyond),
            }
        )
    columns = [
        present.Column("Resolution", 12),
        present.Column("Adopted", 17),
        present.Column("Recalls from the series", 31),
        present.Column("Earlier members recalled", 14),
        present.Column("Cites beyond the series", 26),
    ]
    table = present.list_table(cells, columns, "What the Assembly's UN-OIC resolutions held in this book recall", "table-series-recalls")
    return table, pd.DataFrame(records)


def beyond_table(documents: Sequence[HeldDocument], recalls: Sequence[Recall], series: pd.DataFrame) -> tuple[str, pd.DataFrame]:
    """Everything the held texts cite outside the series: instrument, kind, cited by whom, times."""
    members = set(series["resolution"])
    slugs = {d.symbol: d.slug for d in documents}
    grouped: dict[str, list[Recall]] = {}
    for r in recalls:
        if r.cited not in members:
            grouped.setdefault(r.cited, []).append(r)
    cells, records = [], []
    for cited, rs in sorted(grouped.items(), key=lambda kv: (-len({r.citing for r in kv[1]}), kv[0])):
        by = list(dict.fromkeys(r.citing for r in rs))
        held = f" ([held](#{page_label(slugs[cited])}))" if cited in slugs else ""
        cells.append(
            [
                present.escape(cited) + held,
                present.escape(rs[0].kind.replace("_", " ")),
                ", ".join(f"[{present.escape(s)}](#{page_label(slugs[s])})" for s in by),
                str(len(rs)),
            ]
        )
        records.append({"cited": cited, "kind": rs[0].kind, "cited_by": "; ".join(by), "mentions": len(rs)})
    columns = [present.Column("Cited", 30), present.Column("Kind", 16), present.Column("Cited by (held texts)", 40), present.Column("Mentions", 10)]
    table = present.list_table(cells, columns, "What the held texts cite beyond the series", "table-beyond-series")
    return table, pd.DataFrame(records)


def summary(documents: Sequence[HeldDocument], recalls: Sequence[Recall], series: pd.DataFrame) -> str:
    """The paragraph before the tables, every number counted from the recalls."""
    rows = series_rows(documents, recalls, series)
    members = series_members(series)
    if not rows:
        return "The book holds no resolution of the Assembly's UN-OIC series."
    every = [r for r in rows if members.index(r.symbol) and all(s in r.recalled for s in members[: members.index(r.symbol)])]
    latest = rows[-1]
    beyond = {r.cited for r in recalls if r.cited not in set(members)}
    out = (
        f"The finder read {len(documents)} held texts and found {len(recalls)} citations in them. "
        f"{len(rows)} of the texts belong to the Assembly's UN-OIC series of {len(members)} resolutions in "
        f"`data/ga_series.csv`; together they recall {len({s for r in rows for s in r.recalled})} distinct members "
        f"of it. The latest held, {present.escape(short(latest.symbol))}, recalls {len(latest.recalled)}, "
        f"of which {sum(1 for s in latest.recalled if members.index(s) < members.index(latest.symbol))} came before it."
    )
    if every:
        out += (
            f" {len(every)} of the {len(rows)} recall every earlier member of the series the data list"
            f" ({', '.join(present.escape(short(r.symbol)) for r in every)})."
        )
    out += f" Beyond the series, the held texts cite {len(beyond)} other instruments."
    return out


# --- After the meeting: the statement and the record, from their texts ---------------------------


@dataclass(frozen=True)
class Confirmation:
    """A row of ``data/after_meeting.csv`` held against the text the book holds for it."""

    row_id: str
    symbol: str
    date: str  # ISO, as the data give it
    file: str  # "data/texts/S-PRST-2013-16.txt"
    symbol_line: int
    date_line: int
    date_text: str  # the line the date was read from, as printed
    sourced: bool  # the row's source names the text
    slug: str


def confirm_after_meeting(after: pd.DataFrame, held: Sequence[texts.HeldText]) -> list[Confirmation]:
    """Each confirmed row whose text is held, checked: symbol and date as the text states them.

    A disagreement stops with one line naming the data's cell and the text's line."""
    by_symbol = {h.symbol: h for h in held}
    out = []
    for row_number, (_, r) in enumerate(after.iterrows(), start=2):
        symbol = r["symbol"] if isinstance(r["symbol"], str) else ""
        h = by_symbol.get(symbol)
        if h is None or r["symbol_status"] != "confirmed":
            continue
        doc = texts.read_document(h.path)
        symbol_line = next((ln.number for ln in doc.heading if ln.text.strip() == doc.symbol), doc.heading[0].number if doc.heading else 1)
        if doc.symbol != symbol:
            raise ValueError(
                f"data/after_meeting.csv, row {row_number}, column symbol: {symbol}, but {h.display}, line {symbol_line} reads {doc.symbol}"
            )
        stated = doc.adoption.date.isoformat() if doc.adoption.date else ""
        date = r["date"] if isinstance(r["date"], str) else ""
        if stated and date and stated != date:
            raise ValueError(
                f"data/after_meeting.csv, row {row_number}, column date: {date}, but {h.display}, line {doc.adoption.line} "
                f"states {doc.adoption.date_text!r}"
            )
        out.append(
            Confirmation(
                str(r["id"]),
                symbol,
                date if date == stated else "",
                h.display,
                symbol_line,
                doc.adoption.line,
                doc.adoption.text,
                h.display in str(r["source"]),
                h.slug,
            )
        )
    return out


def text_page(slug: str, root: Path = ROOT) -> str | None:
    """The label of a held text's page, when the book has the page."""
    return page_label(slug) if page_path(slug, root).exists() else None


def held_link(label: str, slug: str, root: Path = ROOT) -> str:
    page = text_page(slug, root)
    return f"[{present.escape(label)}](#{page})" if page else present.escape(label)


def statement_note(after: pd.DataFrame, confirmations: Sequence[Confirmation], kind: str = "prst", root: Path = ROOT) -> str:
    """What the after-meeting chapter says of the presidential statement, from the data alone:
    confirmed from its text only when the data row is confirmed, sourced to the text, and the check
    above found symbol and date as the text states them."""
    rows = after[after["kind"] == kind]
    if rows.empty:
        return ""
    r = rows.iloc[0]
    c = next((c for c in confirmations if c.row_id == r["id"]), None)
    if c is None or not c.sourced or not c.date:
        return (
            "The presidential statement's symbol is "
            + present.escape(present.NOT_CONFIRMED)
            + " from a text this book holds; the table below gives what the sources say."
        )
    return (
        f"The presidential statement's symbol, {present.escape(c.symbol)}, and its date, {present.escape(format_date(c.date))}, "
        f"are confirmed from its text: `{c.file}`, line {c.symbol_line} (the symbol) and line {c.date_line} "
        f"(“{present.escape(c.date_text)}”). The statement is in this book in full: {held_link(c.symbol, c.slug, root)}."
    )


@dataclass(frozen=True)
class SpeakerCitations:
    statement: record.Statement
    cited: tuple[str, ...]  # distinct canonical symbols, first-cited order


def speakers(meeting: record.Record) -> list[SpeakerCitations]:
    """Each statement of the record with what the finder finds in it."""
    return [
        SpeakerCitations(s, tuple(dict.fromkeys(m.symbol for m in symbols.find_mentions(s.text, context=meeting.symbol) if not m.self)))
        for s in meeting.statements
    ]


#: What :func:`speakers_table` reads of ``instruments.csv`` (load it with these ``columns=``).
SPEAKER_INSTRUMENT_COLUMNS = ("symbol",)


def _cited_cell(symbol: str, instruments_data: pd.DataFrame, held: dict[str, texts.HeldText], root: Path) -> str:
    if symbol == PAPER_SYMBOL:
        return f"{{doc}}`{present.escape(symbol)} </book/letter>` (the concept paper)"
    if symbol in held and text_page(held[symbol].slug, root):
        return held_link(symbol, held[symbol].slug, root)
    if symbol in set(instruments_data["symbol"]):
        return f"[{present.escape(symbol)}](#{anchor(symbol)})"
    url = symbols.undocs_url(symbol)
    return present.link(symbol, url) if url else present.escape(symbol)


def _role(s: record.Statement, meeting: record.Record) -> str:
    if not s.label:
        return f"{s.affiliation}, speaking as {s.capacity}"
    if s.presiding:
        return f"presiding ({meeting.president}, {meeting.president_country}, on the cover)"
    if s.capacity:
        return f"{s.capacity} ({s.speaker}, as introduced by the President)" if s.speaker != s.label else s.capacity
    return s.affiliation


def speakers_table(
    meeting: record.Record, found: Sequence[SpeakerCitations], instruments_data: pd.DataFrame, held: Sequence[texts.HeldText], root: Path = ROOT
) -> tuple[str, pd.DataFrame]:
    """The speakers in the record's order: as printed, in what capacity, and what each cited."""
    by_symbol = {h.symbol: h for h in held}
    cells, records = [], []
    for f in found:
        s = f.statement
        who = present.escape(s.label) if s.label else f"{present.escape(s.speaker)} (no label in the record)"
        role = _role(s, meeting)
        cited = ", ".join(_cited_cell(c, instruments_data, by_symbol, root) for c in f.cited) or "nothing the finder recognises"
        cells.append([str(s.position), who, present.escape(role) if role else "", cited])
        records.append(
            {
                "position": s.position,
                "label": s.label,
                "speaker": s.speaker,
                "affiliation": s.affiliation,
                "language": s.language,
                "capacity": s.capacity,
                "line": s.line,
                "words": len(s.text.split()),
                "cited": "; ".join(f.cited),
            }
        )
    columns = [
        present.Column("No.", 6),
        present.Column("Speaker, as printed", 34),
        present.Column("Country, organisation or capacity", 26),
        present.Column("Cited", 34),
    ]
    return present.list_table(cells, columns, f"The speakers at the {meeting.meeting}, in the record's order", "table-record-speakers"), pd.DataFrame(
        records
    )


def record_summary(meeting: record.Record, found: Sequence[SpeakerCitations], path: Path = record.RECORD_PATH) -> str:
    """The sentence before the speakers' table, counted from the record."""
    file = Path(path).resolve().relative_to(ROOT).as_posix() if Path(path).resolve().is_relative_to(ROOT) else Path(path).name
    people = {meeting.president if f.statement.presiding else f.statement.speaker for f in found}
    national = [f for f in found if not f.statement.label]
    citing = Counter(c for f in found for c in f.cited)
    top = citing.most_common(1)
    out = (
        f"The record {present.escape(meeting.symbol)} (`{file}`), {present.escape(meeting.meeting)} of {present.escape(meeting.date)}, "
        f"{present.escape(meeting.time)}, gives {len(found)} turns of speech by {len(people)} people, in the order below; "
        f"the President named on its cover is {present.escape(meeting.president)} ({present.escape(meeting.president_country)})"
        + (
            f", who also spoke {'once' if len(national) == 1 else f'{len(national)} times'} in a national capacity, a statement the record "
            "gives no label of its own"
            if national
            else ""
        )
        + ". "
        f"The finder read each statement: {sum(1 for f in found if f.cited)} of them cite at least one document, "
        f"{len(citing)} documents in all."
    )
    if top:
        symbol, _ = top[0]
        by = sum(1 for f in found if symbol in f.cited)
        out += f" The most cited is {present.escape(symbol)}, in {by} statements."
    return out


# --- The held texts as this module reads them ------------------------------------------------------


def document_of(held: texts.HeldText) -> HeldDocument:
    """A held text's paragraphs for the finder: numbered paragraphs, footnotes and annexes of a
    resolution or statement; the statements of a meeting record (``briefing.texts.record``)."""
    doc = texts.read_document(held.path)
    date = doc.adoption.date.isoformat() if doc.adoption is not None and doc.adoption.date else ""
    if doc.kind == "meeting_record":
        meeting = record.read_record(held.path)
        paragraphs = tuple((f"statement-{s.position}", s.text) for s in meeting.statements)
    else:
        paragraphs = tuple((p.anchor, p.full_text) for p in doc.paragraphs)
        paragraphs += tuple((f"footnote-{f.marker or i}", f.text) for i, f in enumerate(doc.footnotes, 1))
        paragraphs += tuple((f"annex-{i}", " ".join(ln.text for ln in a.body)) for i, a in enumerate(doc.annexes, 1))
    return HeldDocument(doc.symbol, date, held.slug, paragraphs)


def held_documents(root: Path = ROOT) -> list[HeldDocument]:
    return [document_of(h) for h in texts.held_texts(root)]
