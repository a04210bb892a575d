"""What the reader of UN texts returns: a document's lines, paragraphs, adoption, footnotes and
annexes, and its blocks in reading order (``briefing.texts.reader`` fills them in)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


# --------------------------------------------------------------------------------------------
# What the reader returns
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Line:
    number: int  # 1-based line of the file, as an editor numbers it
    text: str  # the line without its line end and without form feeds


@dataclass
class SubParagraph:
    letter: str  # "a", "b", …
    text: str  # the sub-paragraph's words, without "(a)"
    line: int
    lines: list[int] = field(default_factory=list)


@dataclass
class Paragraph:
    kind: str  # "preamble", "operative" or "statement" (a presidential statement's)
    number: int  # printed number (operative), or position (preambular, statement)
    text: str  # the words before any sub-paragraph, lines joined by one space
    line: int  # first line of the paragraph's text
    subparagraphs: list[SubParagraph] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    number_line: int | None = None  # the line where an operative number is printed
    repaired: bool = False  # the number was printed after the paragraph's first line

    @property
    def anchor(self) -> str:
        return {"preamble": "pp", "operative": "op", "statement": "para"}[self.kind] + f"-{self.number}"

    @property
    def full_text(self) -> str:
        """The paragraph with its sub-paragraphs, as one string ("(a) …")."""
        return " ".join([self.text] + [f"({s.letter}) {s.text}".rstrip() for s in self.subparagraphs]).strip()


@dataclass
class Adoption:
    date: dt.date | None  # None when the printed date cannot be read (OCR "JO October 1975")
    date_text: str  # the date as printed: "17 May 2013"
    meeting: str | None  # as printed: "82nd plenary meeting", "6459th meeting"
    line: int  # the line the date was read from
    text: str  # that statement as printed (lines joined by one space)
    meeting_line: int | None = None


@dataclass
class Footnote:
    marker: str | None  # "1", "*"; None when the numbers and texts of a page do not pair
    text: str
    line: int
    lines: list[int] = field(default_factory=list)
    marker_line: int | None = None


@dataclass
class Annex:
    heading: str
    line: int
    body: list[Line] = field(default_factory=list)


@dataclass(frozen=True)
class Block:
    """One piece of the document in reading order, with the words exactly as printed."""

    kind: str  # heading, title, organ, intro, preamble, operative, subparagraph,
    # statement, closing, annex, footnote, record
    text: str
    lines: tuple[int, ...]
    anchor: str | None = None
    reordered: bool = False  # the words are the lines' words, but not in the lines' order
    # (a number put back in front, a footnote's number printed after it)


@dataclass
class Document:
    path: Path
    symbol: str
    kind: str  # ga_resolution, sc_resolution, prst, meeting_record
    title: str
    title_lines: list[Line]
    adoption: Adoption
    heading: list[Line]
    organ: Line | None
    intro: list[Line]
    preamble: list[Paragraph]
    operative: list[Paragraph]
    closing: list[Line]
    footnotes: list[Footnote]
    annexes: list[Annex]
    body: list[Line]  # every line kept (not furniture, not blank), in file order
    furniture: list[Line]  # every non-blank line set aside as page furniture

    @property
    def paragraphs(self) -> list[Paragraph]:
        return self.preamble + self.operative

    def paragraph(self, anchor: str) -> Paragraph:
        for p in self.paragraphs:
            if p.anchor == anchor:
                return p
        raise KeyError(f"{self.symbol} has no paragraph {anchor}")

    def blocks(self) -> list[Block]:
        """The document in reading order: every kept word once, as printed."""
        out: list[Block] = [Block("heading", ln.text, (ln.number,)) for ln in self.heading]
        if self.kind == "meeting_record":
            return out
        if self.title_lines:
            out.append(Block("title", " ".join(ln.text for ln in self.title_lines), tuple(ln.number for ln in self.title_lines)))
        if self.organ:
            out.append(Block("organ", self.organ.text, (self.organ.number,)))
        if self.intro:
            out.append(Block("intro", " ".join(ln.text for ln in self.intro), tuple(ln.number for ln in self.intro)))
        for p in self.preamble:
            out.append(Block("preamble", p.text, tuple(p.lines), p.anchor))
        for p in self.operative:
            own = set(p.lines) - {n for s in p.subparagraphs for n in s.lines}
            lines = tuple(sorted(own | ({p.number_line} if p.number_line else set())))
            text = p.text if p.kind == "statement" else f"{p.number}. {p.text}".rstrip()
            out.append(Block(p.kind, text, lines, p.anchor, p.repaired))
            for s in p.subparagraphs:
                out.append(Block("subparagraph", f"({s.letter}) {s.text}".rstrip(), tuple(s.lines), f"{p.anchor}-{s.letter}"))
        for ln in self.closing:
            out.append(Block("closing", ln.text, (ln.number,)))
        for a in self.annexes:
            out.append(Block("annex", a.heading, (a.line,)))
            out.extend(Block("annex", ln.text, (ln.number,)) for ln in a.body)
        for f in self.footnotes:
            text = f.text if f.marker is None else f"{f.marker} {f.text}"
            lines = tuple(sorted(set(f.lines) | ({f.marker_line} if f.marker_line else set())))
            out.append(
                Block("footnote", text, lines, None if f.marker is None else f"fn-{f.marker}", f.marker_line is not None and f.marker_line > f.line)
            )
        return out
