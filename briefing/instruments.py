"""The instruments the paper cites: found by the finder, described by ``data/instruments.csv``.

``citations()`` reads the paper block by block and returns every citation in reading order:
what ``briefing.citations`` finds, the OIC Charter (named in words, no UN symbol), and the paper's
five "ibid.". An "ibid." repeats the preceding *source citation in parentheses*, not the last
instrument named in the running text: a parenthesis that cites something (an instrument or a web
address) becomes the current source, and a parenthesis starting with "ibid." refers to it, with
its own pinpoint ("para. 109").

The same citations drive the links in the narrative (``link_citations``: each citation links to
its entry in the instruments chapter) and the "Cited in" column of that chapter's tables (links
back to the numbered paragraphs), so the two directions can never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from . import citations as symbols
from . import markup, present, seed
from .texts import links as text_links

if TYPE_CHECKING:
    import pandas as pd

OIC_CHARTER = "OIC Charter (2008)"
OIC_CHARTER_RE = re.compile(r"\bCharter of OIC\b")
WEB_RE = re.compile(r"\bwww\.[a-z0-9.-]+\.[a-z]{2,}(?:/[^\s)]*)?", re.I)
IBID_RE = re.compile(r"^\(\s*\*?ibid\.\*?\s*(?:,\s*(?P<pin>[^)]*))?\)$")
SEED_LINK_RE = re.compile(r"\[(?P<text>[^\]]*)\]\(#\)")

# The tables of the instruments chapter, in order, and which kinds each takes.
TABLES = [
    ("sc-resolutions", "Security Council resolutions", lambda r: r.kind == "sc_resolution"),
    ("ga-resolutions", "General Assembly resolutions", lambda r: r.kind == "ga_resolution"),
    ("sg-reports", "Reports of the Secretary-General", lambda r: r.kind == "document" and "report of the Secretary-General" in str(r.title)),
    (
        "letters-documents",
        "Letters and other documents",
        lambda r: r.kind in ("document", "draft", "meeting_record", "prst") and "report of the Secretary-General" not in str(r.title),
    ),
    ("charter-rules", "The Charter and the rules of procedure", lambda r: r.kind in ("charter", "rule")),
    ("oic-instruments", "OIC instruments", lambda r: r.kind == "oic_instrument"),
]


@dataclass(frozen=True)
class Citation:
    """One place where the paper invokes an instrument (or, for an ibid., a source)."""

    symbol: str  # canonical symbol, "OIC Charter (2008)", or a web address for an ibid. of one
    block_id: str  # "para-7"
    start: int  # offsets into the block's Markdown as the seed writes it
    end: int
    surface: str
    pinpoint: str = ""  # "paras. 106-116", "para. 13", "annex III", as written
    pin: symbols.Pinpoint | None = None  # the finder's structured pinpoint (kind, first, last)
    pin_start: int = -1  # where the pinpoint stands in the block's Markdown; -1 without one
    pin_end: int = -1
    ibid: bool = False

    @property
    def number(self) -> int | None:
        return int(self.block_id.split("-")[1]) if self.block_id.startswith("para-") else None

    @property
    def is_instrument(self) -> bool:
        return not WEB_RE.fullmatch(self.symbol)


def anchor(symbol: str) -> str:
    """The label of an instrument's entry in the instruments chapter."""
    return "instrument-" + symbols.slug(symbol)


def _parentheses(text: str) -> list[tuple[int, int]]:
    """Top-level ``( ... )`` spans (nested ones belong to their parent), Markdown escapes skipped."""
    spans, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if i and text[i - 1] == "\\":
            continue
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    return spans


def _pin_fields(pin: symbols.Pinpoint | None) -> tuple[str, symbols.Pinpoint | None, int, int]:
    """A citation's pinpoint fields from the finder's structured pinpoint."""
    return ("", None, -1, -1) if pin is None else (pin.surface, pin, pin.start, pin.end)


def citations(paper: seed.Paper | None = None) -> list[Citation]:
    """Every citation of the paper in reading order, ibid. attributed."""
    paper = paper or seed.load()
    found: list[Citation] = []
    source: tuple[str, str] | None = None  # the current parenthetical source: (symbol, block)
    for block in paper.blocks:
        text = block.markdown
        block_found = [Citation(m.symbol, block.id, m.start, m.end, m.surface, *_pin_fields(m.pinpoint)) for m in symbols.find_mentions(text)]
        block_found += [Citation(OIC_CHARTER, block.id, m.start(), m.end(), m[0]) for m in OIC_CHARTER_RE.finditer(text)]
        events: list[Citation] = []
        for start, end in _parentheses(text):
            group = text[start:end]
            ibid = IBID_RE.match(group)
            if ibid:
                if source is None:
                    raise ValueError(f"{block.id}: an ibid. with no source citation before it")
                at = text.index("ibid", start)
                surface_start = at - 1 if text[at - 1] == "*" else at
                surface_end = text.index(".", at) + 1 + (1 if text[text.index(".", at) + 1] == "*" else 0)
                pin = symbols.pinpoints.parse(ibid["pin"]) if ibid["pin"] else None
                if pin is not None:  # offsets into the block, as the finder gives them for a mention
                    shift = start + ibid.start("pin")
                    pin = replace(pin, start=pin.start + shift, end=pin.end + shift)
                pinpoint, pin, pin_start, pin_end = _pin_fields(pin)
                events.append(
                    Citation(
                        source[0], block.id, surface_start, surface_end, text[surface_start:surface_end], pinpoint, pin, pin_start, pin_end, True
                    )
                )
                continue
            inside = [c for c in block_found if start <= c.start < end]
            web = WEB_RE.search(group)
            if inside:
                source = (inside[0].symbol, block.id)
            elif web:
                source = (web[0], block.id)
        found += sorted(block_found + events, key=lambda c: c.start)
    return found


@lru_cache(maxsize=2)
def _cached_citations(source_text: str) -> tuple[Citation, ...]:
    return tuple(citations(seed.parse(source_text)))


def link_citations(markdown: str, block_id: str, pin_targets: Mapping[tuple[str, int], str] | None = None) -> str:
    """The block's Markdown with every citation linked to its entry (``narrative`` calls this).

    ``pin_targets`` maps (block id, pinpoint offset) to a ``#label``: each pinpoint so mapped
    ("para. 13") links to the cited paragraph in the book's copy of the text (``briefing.pinpoints``).
    """
    paper = seed.load()
    mine = [c for c in _cached_citations(paper.source) if c.block_id == block_id]
    if not mine:
        return SEED_LINK_RE.sub(lambda m: m["text"], markdown)
    spans: list[tuple[int, int, str | None, str]] = []  # start, end, surface (None: as written), target
    links = list(SEED_LINK_RE.finditer(markdown))
    for c in mine:
        start, end, surface = c.start, c.end, None
        # a citation inside the seed's empty link replaces the whole link
        enclosing = next((m for m in links if m.start() < start and end <= m.end()), None)
        if enclosing is not None:
            start, end, surface = enclosing.start(), enclosing.end(), enclosing["text"]
        spans.append((start, end, surface, f"#{anchor(c.symbol)}" if c.is_instrument else f"https://{c.symbol}"))
        target = (pin_targets or {}).get((block_id, c.pin_start))
        if target and c.pin_start >= 0:
            spans.append((c.pin_start, c.pin_end, None, target))
    out, position = [], 0
    for start, end, surface, target in sorted(spans, key=lambda s: s[0]):
        if start < position:
            continue  # a second mention inside one seed link ("Arts. 52 and 53" is not linked so)
        out.append(SEED_LINK_RE.sub(lambda m: m["text"], markdown[position:start]))
        out.append(f"[{markdown[start:end] if surface is None else surface}]({target})")
        position = end
    out.append(SEED_LINK_RE.sub(lambda m: m["text"], markdown[position:]))
    return "".join(out)


def check_integrity(instruments: pd.DataFrame, paper: seed.Paper | None = None) -> None:
    """Every instrument the paper cites has a row; every row is cited or marked context."""
    cited = {c.symbol for c in citations(paper) if c.is_instrument}
    rows = set(instruments["symbol"])
    missing = sorted(cited - rows)
    if missing:
        raise ValueError(f"data/instruments.csv: no row for {', '.join(missing)}, which the paper cites (add a row with its source)")
    roles = dict(zip(instruments["symbol"], instruments["role"]))
    uncited = sorted(s for s in rows - cited if roles.get(s) != "context")
    if uncited:
        raise ValueError(
            f'data/instruments.csv: {", ".join(uncited)} is not cited in the paper; expected role "context" for rows the paper does not cite'
        )


# --- The chapter's tables -----------------------------------------------------------------------

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]


def format_date(iso: object) -> str:
    """ISO 8601 at its precision, as a reader writes it; blank reads "not confirmed"."""
    if markup.blank(iso):
        return present.NOT_CONFIRMED
    parts = str(iso).split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


def cited_in(symbol: str, found: list[Citation]) -> tuple[str, int]:
    """Markdown links back to the paragraphs citing ``symbol`` (pinpoints kept), and the count."""
    mine = [c for c in found if c.symbol == symbol]
    by_block: dict[str, list[Citation]] = {}
    for c in mine:
        by_block.setdefault(c.block_id, []).append(c)
    parts = []
    for block_id, cs in by_block.items():
        label = f"¶{block_id.split('-')[1]}" if block_id.startswith("para-") else block_id
        details = [("ibid., " if c.ibid else "") + c.pinpoint for c in cs if c.pinpoint or c.ibid]
        times = f" ×{len(cs)}" if len(cs) > 1 else ""
        detail = " (" + present.escape("; ".join(d.rstrip(", ") for d in details)) + ")" if details else ""
        parts.append(f"[{label}](#{block_id}){times}{detail}")
    return ", ".join(parts), len(mine)


def summary(found: list[Citation] | None = None) -> dict[str, int]:
    """Counts the chapter's text states: instruments, citations, ibid., paragraphs citing."""
    found = found if found is not None else citations()
    instruments = [c for c in found if c.is_instrument]
    return {
        "instruments": len({c.symbol for c in instruments}),
        "citations": len(instruments),
        "ibid": sum(c.ibid for c in instruments),
        "paragraphs": len({c.block_id for c in instruments}),
    }


def tables(instruments: pd.DataFrame, found: list[Citation] | None = None) -> list[tuple[str, str, pd.DataFrame, str]]:
    """(stem, caption, rows as a frame for CSV, MyST list-table) for each non-empty table."""
    import pandas as pd  # here, not at the top: the build's own process links citations without pandas

    found = found if found is not None else citations()
    out = []
    columns = [present.Column("Date", 16), present.Column("Symbol", 24), present.Column("What it did", 40), present.Column("Cited in", 20)]
    for stem, caption, belongs in TABLES:
        rows = [r for r in instruments.itertuples() if belongs(r)]
        if not rows:
            continue
        rows.sort(key=lambda r: (str(r.date) if isinstance(r.date, str) else "9999", r.symbol))
        cells, records = [], []
        for r in rows:
            links, count = cited_in(r.symbol, found)
            date = format_date(r.date)
            symbol_cell = f"({anchor(r.symbol)})=\n" + (
                present.link(r.symbol, r.url) if isinstance(r.url, str) and r.url else present.escape(r.symbol)
            )
            what = present.escape(r.summary)
            if isinstance(r.title, str) and r.title:
                what = f"*{present.escape(r.title)}*. {what}"
            if isinstance(r.date_note, str) and r.date_note:
                what += f" Date: {present.escape(r.date_note)}."
            what += " " + text_links.text_link(r.symbol, r.url if isinstance(r.url, str) else None)
            cells.append([present.escape(date), symbol_cell, what, f"{links} — {count} citation{'s' if count != 1 else ''}"])
            records.append(
                {
                    "date": r.date,
                    "symbol": r.symbol,
                    "title": r.title,
                    "summary": r.summary,
                    "url": r.url,
                    "cited_in": ", ".join(sorted({c.block_id for c in found if c.symbol == r.symbol}, key=_block_order)),
                    "citations": count,
                    "source": r.source,
                }
            )
        name = f"table-{stem}"
        out.append((stem, caption, pd.DataFrame(records), present.list_table(cells, columns, caption, name)))
    return out


def _block_order(block_id: str) -> tuple[int, int]:
    kind, _, number = block_id.partition("-")
    return (0 if kind == "para" else 1, int(number) if number.isdigit() else 0)


def ibid_table(found: list[Citation] | None = None) -> str:
    """How each "ibid." of the paper is read: paragraph, what it repeats, pinpoint."""
    found = found if found is not None else citations()
    rows = []
    for c in (c for c in found if c.ibid):
        target = f"[{present.escape(c.symbol)}](#{anchor(c.symbol)})" if c.is_instrument else present.link(c.symbol, f"https://{c.symbol}")
        rows.append(
            [f"[¶{c.number}](#{c.block_id})", present.escape(c.surface.strip("*")), target, present.escape(c.pinpoint) if c.pinpoint else "none"]
        )
    columns = [
        present.Column("Paragraph", 15),
        present.Column("As written", 15),
        present.Column("Repeats the source", 45),
        present.Column("Pinpoint", 25),
    ]
    return present.list_table(rows, columns, 'How the paper\'s "ibid." are read', "table-ibid")


def overview(found: list[Citation] | None = None) -> str:
    """The chapter's opening sentence, every number counted from the citations."""
    found = found if found is not None else citations()
    n = summary(found)
    return (
        f"The concept paper cites {n['instruments']} instruments {n['citations']} times, in "
        f"{n['paragraphs']} of its {len(seed.load().paragraphs)} paragraphs ({n['ibid']} of the "
        f'citations by "ibid."). Each table below lists one kind of instrument with its date, its symbol '
        f"(linked to the United Nations Official Document System), what it did, and the paragraphs "
        f"that cite it (with the pinpoint the paper gives)."
    )


def ibid_note(found: list[Citation] | None = None) -> str:
    """Where reading "ibid." strictly gives a source the passage may not have meant."""
    found = found if found is not None else citations()
    notes = []
    for c in found:
        if c.ibid and c.block_id == "para-13" and c.symbol == "A/60/633-S/2005/826":
            notes.append(
                f'In [¶13](#para-13), "(ibid., {present.escape(c.pinpoint)})" follows the citation '
                "of A/60/633-S/2005/826 in ¶12, so read strictly it repeats that document. The "
                "passage (talks between Darfuri armed movements and the Government of the Sudan) is "
                "about the subject of the Secretary-General's report A/67/280-S/2012/614, "
                "paras. 106-116, which the paper cites in ¶7, ¶8 and ¶10; that the paper meant the "
                "report is likely but not confirmed."
            )
    return "\n\n".join(notes)


def table_section(stem: str, instruments: pd.DataFrame, found: list[Citation] | None = None) -> str:
    """One table of the chapter with its CSV download, or a sentence when the paper cites none."""
    for table_stem, caption, frame, markdown in tables(instruments, found):
        if table_stem == stem:
            csv = present.save_csv(frame, f"instruments-{stem}")
            return f"{markdown}\n\nDownload this table: {present.download('CSV', csv)}."
    if stem not in {t[0] for t in TABLES}:
        raise KeyError(f"no instruments table {stem!r}; tables: {', '.join(t[0] for t in TABLES)}")
    return "The paper cites none."
