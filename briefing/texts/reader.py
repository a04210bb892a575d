"""Read a UN resolution (or statement, or meeting record) as extracted by pdftotext.

The reader works line by line on the file as held (``data/texts/*.txt``, byte for byte):

1. **Page furniture** is recognised and set aside (``Document.furniture``): form feeds, job numbers
   (``12-49444``, ``10-70223* (E)``, ``13-53264 (E) 281013``), barcodes (``*1249444*``), "Please
   recycle" and its symbol, page numbers (``2/6``, or a bare ``2`` at the foot of page 2), footnote
   rules, and running heads (the lines at the top of the pages after the first that repeat, or
   that are the symbol).
2. **Footnotes** (the lines under a rule to the foot of the page, and a ``* Reissued…`` note) are
   read apart from the main text; their numbers are paired with their texts in order.
3. **The main text**: heading (the cover lines), the adoption line, the title, the organ ("The
   General Assembly,"), the preambular paragraphs, the numbered operative paragraphs with their
   sub-paragraphs, the closing lines ("82nd plenary meeting" / "17 May 2013"), annexes.

An operative number printed on its own line after its paragraph's first line (``…of Islamic`` /
``4.`` / ``Cooperation share…``) is put back in front of that paragraph (``Paragraph.repaired``).
Nothing else is changed: a paragraph's text is its lines joined by one space, so its words are the
file's words. What it returns is in ``document.py``; how it knows page furniture, in ``furniture.py``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..data import DataError
from .document import Adoption, Annex, Block, Document, Footnote, Line, Paragraph, SubParagraph
from .furniture import (
    BARE_NUMBER,
    RULE,
    SYMBOL_LINE,
    Raw,
    always_furniture,
    page_feet,
    raw_lines,
    running_heads,
)

__all__ = [
    "Adoption",
    "Annex",
    "Block",
    "Document",
    "Footnote",
    "Line",
    "Paragraph",
    "SubParagraph",
    "TextError",
    "label",
    "read_document",
    "read_text",
]

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
_DATE = r"(\d{1,2}|\S{1,3}) (" + "|".join(MONTHS) + r") (\d{4})"
DATE = re.compile(_DATE)


class TextError(DataError):
    """A held text the reader cannot read: file, line, what was expected, what was found."""

    @property
    def message(self) -> str:
        where = self.file if self.row is None else f"{self.file}, line {self.row}"
        return f"{where}: expected {self.expected}, found {self.found}"


def label(slug: str, anchor: str) -> str:
    """The book's label of a paragraph: ``label("a-res-67-264", "op-13")`` -> ``a-res-67-264-op-13``."""
    return f"{slug}-{anchor}"


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------
_TERMINAL = re.compile(r"[,;:.][”’\"]?(?: ?\d{1,2})?$")
_OPENERS = {"Mindful", "Aware", "Conscious", "Cognizant", "Deeply", "Gravely", "Further", "Bearing"}
_NOT_OPENERS = {"United", "Red", "Related", "Armed", "Advanced", "Least"}
NUMBER_ONLY = re.compile(r"(\d{1,2})\.")
NUMBER_INLINE = re.compile(r"(\d{1,2})\.\s+(\S.*)")
# the number run into the end of the first line where a line-end hyphen was dropped ("Secretary7.")
NUMBER_GLUED = re.compile(r"(.*[A-Za-z])(\d{1,2})\.")
SUB_ONLY = re.compile(r"\(([a-z])\)")
SUB_INLINE = re.compile(r"\(([a-z])\)\s+(\S.*)")
MEETING = re.compile(r"(\d[\d ]*(?:st|nd|rd|th) (?:plenary )?meeting)")
GA_ADOPTED = re.compile(r"Resolution adopted by the General Assembly(?: on (" + _DATE + r"))?")
SC_ADOPTED = re.compile(r"Adopted by the Security Council at its (\d+(?:st|nd|rd|th) meeting), on(?: (" + _DATE + r"))?")
PRST_ADOPTED = re.compile(r"At the (\d+(?:st|nd|rd|th) meeting) of the Security Council, held on (" + _DATE + r"),.*")
PV_DATE = re.compile(r"[A-Z][a-z]+day, (" + _DATE + r"), .*")
GA_TITLE = re.compile(r"(\d+/\d+|\d+ \([XVIL]+\))\.(?:\s+(\S.*))?")
SC_TITLE = re.compile(r"Resolution \d+ \(\d{4}\)")
ORGAN = re.compile(r"The (General Assembly|Security Council),")
ANNEX = re.compile(r"Annex(?: [IVX]+)?")


def _terminal(text: str) -> bool:
    return bool(_TERMINAL.search(text))


def _opens_preamble(text: str) -> bool:
    word = text.split(" ", 1)[0]
    if word in _OPENERS:
        return True
    return bool(re.fullmatch(r"[A-Z][a-z]+(?:ing|ed)", word)) and word not in _NOT_OPENERS


def parse_date(text: str) -> dt.date | None:
    m = DATE.search(text)
    if not m or not m.group(1).isdigit():
        return None
    try:
        return dt.date(int(m.group(3)), MONTHS.index(m.group(2)) + 1, int(m.group(1)))
    except ValueError:
        return None


def read_document(path: str | Path) -> Document:
    """Read one held text (see the module docstring); raise :class:`TextError` when it cannot."""
    path = Path(path)
    return read_text(path.read_text(encoding="utf-8"), path)


def _display(path: Path) -> str:
    return f"data/texts/{path.name}" if path.parent.name == "texts" else str(path)


def read_text(raw: str, path: Path) -> Document:
    """Read ``raw`` (the text of ``path``); ``path`` names the file in messages."""
    display = _display(path)

    def fail(line: int | None, expected: str, found: str) -> TextError:
        return TextError(display, line, None, expected, found, path)

    lines = raw_lines(raw)
    symbol_lines = {ln.text for ln in lines[:6] if SYMBOL_LINE.fullmatch(ln.text)}
    furniture = {ln.number for ln in lines if ln.text and always_furniture(ln.text)}
    furniture |= running_heads(lines, symbol_lines)
    is_record = any(t.startswith("S/PV.") for t in symbol_lines)
    if is_record:
        # the record's heads fall anywhere in its two columns: drop them wherever they stand
        heads = {ln.text for ln in lines if ln.number in furniture and not always_furniture(ln.text)}
        furniture |= {ln.number for ln in lines if ln.page > 1 and ln.text in heads}
    furniture |= page_feet(lines, furniture)

    # footnotes: under a rule to the foot of the page; "* …" notes
    rules = {ln.number for ln in lines if RULE.fullmatch(ln.text)}
    in_notes: dict[int, list[Raw]] = {}
    current_rule = None
    page_of_rule = None
    for ln in lines:
        if ln.number in rules:
            current_rule, page_of_rule = ln.number, ln.page
            in_notes[current_rule] = []
            continue
        if current_rule is not None and ln.page != page_of_rule:
            current_rule = None
        if current_rule is not None and ln.text and ln.number not in furniture:
            in_notes[current_rule].append(ln)
    noted = {ln.number for block in in_notes.values() for ln in block}
    star_notes = [ln for ln in lines if re.fullmatch(r"\* \S.*", ln.text) and ln.number not in furniture]
    noted |= {ln.number for ln in star_notes}

    footnotes: list[Footnote] = [Footnote("*", ln.text[2:], ln.number, [ln.number], ln.number) for ln in star_notes]
    for block in in_notes.values():
        footnotes.extend(_footnotes(block, furniture))

    body = [Line(ln.number, ln.text) for ln in lines if ln.text and ln.number not in furniture]
    main = [ln for ln in body if ln.number not in noted]
    furniture_lines = [Line(ln.number, ln.text) for ln in lines if ln.text and ln.number in furniture]

    symbol = next((SYMBOL_LINE.fullmatch(t).group(1) for t in symbol_lines), None)
    if is_record:
        return _record(path, symbol, body, furniture_lines, fail)
    if symbol and symbol.startswith("S/PRST/"):
        return _statement(path, symbol, main, footnotes, body, furniture_lines, fail)
    return _resolution(path, symbol, main, footnotes, body, furniture_lines, fail)


def _footnotes(block: list[Raw], furniture: set[int]) -> list[Footnote]:
    """Pair the numbers and the texts of one page's footnotes, in order (numbers sorted)."""
    numbers = [ln for ln in block if BARE_NUMBER.fullmatch(ln.text)]
    texts: list[list[Raw]] = []
    for ln in block:
        if BARE_NUMBER.fullmatch(ln.text):
            continue
        if not texts or _ends_note(texts[-1][-1].text):
            texts.append([ln])
        else:
            texts[-1].append(ln)
    page = block[0].page if block else 0
    while len(numbers) > len(texts) and any(int(n.text) == page for n in numbers):
        extra = max((n for n in numbers if int(n.text) == page), key=lambda n: n.number)
        numbers.remove(extra)
        furniture.add(extra.number)
    notes = []
    paired = len(numbers) == len(texts)
    numbers_sorted = sorted(numbers, key=lambda n: int(n.text))
    for i, t in enumerate(texts):
        marker = numbers_sorted[i] if paired else None
        notes.append(
            Footnote(
                marker.text if marker else None,
                " ".join(ln.text for ln in t),
                t[0].number,
                [ln.number for ln in t],
                marker.number if marker else None,
            )
        )
    if not paired:
        notes.extend(Footnote(n.text, "", n.number, [], n.number) for n in numbers)
    return notes


def _ends_note(text: str) -> bool:
    return text.endswith((".", ".)", ".”"))


def _split_heading(main: list[Line], start: re.Pattern, fail, what: str) -> int:
    for i, ln in enumerate(main):
        if start.fullmatch(ln.text):
            return i
    raise fail(None, what, "none")


def _adoption_in(heading: list[Line], pattern: re.Pattern, date_group: int) -> tuple[Line, str, str, re.Match] | None:
    """The adoption statement in the heading: its first line, its text, the date as printed."""
    for i, ln in enumerate(heading):
        m = pattern.fullmatch(ln.text)
        if not m:
            continue
        if m.group(date_group):
            return ln, ln.text, m.group(date_group), m
        nxt = heading[i + 1] if i + 1 < len(heading) else None
        if nxt:
            d = re.fullmatch(r"(?:on )?(" + _DATE + r")", nxt.text)
            if d:
                return nxt, f"{ln.text} {nxt.text}", d.group(1), m
    return None


def _resolution(path, symbol, main, footnotes, body, furniture, fail) -> Document:
    organ_i = _split_heading(main, ORGAN, fail, 'the organ line ("The General Assembly," or "The Security Council,")')
    organ = main[organ_i]
    before = main[:organ_i]
    sc = organ.text.startswith("The Security Council")
    title_i = next((i for i, ln in enumerate(before) if (SC_TITLE if sc else GA_TITLE).fullmatch(ln.text)), None)
    if title_i is None:
        raise fail(
            organ.number, "a title line before the organ line (" + ('"Resolution 1963 (2010)"' if sc else '"67/264. Cooperation …"') + ")", "none"
        )
    heading, title_lines = before[:title_i], before[title_i:]
    if sc:
        title = title_lines[0].text
        title_lines, heading = title_lines[:1], heading + title_lines[1:]
        # "Adopted by the Security Council at its 6459th meeting, on" / "20 December 2010" follow the title
        heading_after = before[title_i + 1 :]
    else:
        m = GA_TITLE.fullmatch(title_lines[0].text)
        title = " ".join(([m.group(2)] if m.group(2) else []) + [ln.text for ln in title_lines[1:]])
        heading_after = []
        if symbol is None:
            symbol = "A/RES/" + m.group(1)
    if symbol is None:
        raise fail(1, "the document symbol among the first lines", "none")

    rest = main[organ_i + 1 :]
    preamble, operative, closing, annexes, end = _paragraphs(rest, fail)
    where = heading_after if sc else heading
    found = _adoption_in(where, SC_ADOPTED if sc else GA_ADOPTED, 2 if sc else 1)
    meeting_ln = next((ln for ln in closing if MEETING.fullmatch(ln.text)), None)
    date_ln = next((ln for ln in closing if DATE.fullmatch(ln.text)), None)
    if found:
        line, text, date_text, m = found
        meeting = m.group(1) if sc else (meeting_ln.text if meeting_ln else None)
        adoption = Adoption(
            parse_date(date_text), date_text, meeting, line.number, text, line.number if sc else (meeting_ln.number if meeting_ln else None)
        )
        if not sc and date_ln and parse_date(date_ln.text) and parse_date(date_ln.text) != adoption.date:
            raise fail(date_ln.number, f'the date of the adoption line ("{date_text}", line {line.number})', f'"{date_ln.text}"')
    elif meeting_ln and date_ln:
        adoption = Adoption(parse_date(date_ln.text), date_ln.text, meeting_ln.text, date_ln.number, date_ln.text, meeting_ln.number)
    else:
        raise fail(
            None,
            "an adoption line ("
            + (
                '"Adopted by the Security Council at its …th meeting, on …"'
                if sc
                else '"Resolution adopted by the General Assembly on …", or a plenary meeting and its date after the last paragraph'
            )
            + ")",
            "none",
        )
    return Document(
        path,
        symbol,
        "sc_resolution" if sc else "ga_resolution",
        title,
        title_lines,
        adoption,
        heading,
        organ,
        [],
        preamble,
        operative,
        closing,
        footnotes,
        annexes,
        body,
        furniture,
    )


def _paragraphs(rest: list[Line], fail):
    """Preambular and operative paragraphs, closing lines and annexes after the organ line."""
    preamble: list[Paragraph] = []
    operative: list[Paragraph] = []
    closing: list[Line] = []
    annexes: list[Annex] = []
    expected = 1
    pending: int | None = None  # a number printed alone, for the paragraph on the next line
    pending_line: int | None = None
    # a paragraph's lines as (line, text, sub-letter or None)
    parts: dict[int, list[tuple[Line, str | None]]] = {}
    current: Paragraph | None = None
    sub: str | None = None

    def start(kind: str, number: int, ln: Line, text: str, number_line=None, repaired=False) -> Paragraph:
        p = Paragraph(kind, number, "", ln.number, number_line=number_line, repaired=repaired)
        (operative if kind == "operative" else preamble).append(p)
        parts[id(p)] = [(Line(ln.number, text), None)]
        return p

    i = 0
    while i < len(rest):
        ln = rest[i]
        text = ln.text
        if annexes:
            if ANNEX.fullmatch(text):
                annexes.append(Annex(text, ln.number))
            else:
                annexes[-1].body.append(ln)
            i += 1
            continue
        if operative and pending is None and (MEETING.fullmatch(text) or (closing and DATE.fullmatch(text))):
            closing.append(ln)
            i += 1
            continue
        if closing:
            if ANNEX.fullmatch(text):
                annexes.append(Annex(text, ln.number))
                i += 1
                continue
            raise fail(ln.number, "nothing after the closing lines but an annex", f'"{text}"')
        only = NUMBER_ONLY.fullmatch(text)
        inline = NUMBER_INLINE.fullmatch(text)
        last = parts[id(current)][-1][0].text if current else None
        at_boundary = current is None or _terminal(last)
        if only:
            n = int(only.group(1))
            if n != expected:
                raise fail(ln.number, f"operative paragraph {expected}", f'"{text}"')
            if pending is not None:
                raise fail(ln.number, f"the text of operative paragraph {pending}", f'"{text}"')
            expected += 1
            entries = parts[id(current)] if current else []
            nxt = rest[i + 1].text if i + 1 < len(rest) else ""
            continues = nxt[:1].islower()  # the next line goes on with a sentence begun above
            if continues and len(entries) >= 2 and _terminal(entries[-2][0].text):
                first, _ = entries.pop()
                current = start("operative", n, first, first.text, ln.number, True)
                sub = None
            elif at_boundary:
                pending, pending_line = n, ln.number
            elif len(entries) >= 2 and _terminal(entries[-2][0].text):
                first, _ = entries.pop()
                current = start("operative", n, first, first.text, ln.number, True)
                sub = None
            elif len(entries) == 1 and current.kind == "preamble" and len(preamble) >= 1:
                # a one-line "paragraph" after the preamble is operative n's first line
                preamble.pop()
                first, _ = entries[0]
                current = start("operative", n, first, first.text, ln.number, True)
                sub = None
            else:
                raise fail(ln.number, f"operative paragraph {n} at the start of a paragraph", f'"{last}" before it')
            i += 1
            continue
        if pending is not None:
            current = start("operative", pending, ln, text, pending_line)
            pending = None
            sub = None
            i += 1
            continue
        glued = NUMBER_GLUED.fullmatch(text)
        if glued and at_boundary and int(glued.group(2)) == expected and pending is None:
            current = start("operative", expected, ln, glued.group(1), ln.number, True)
            expected += 1
            sub = None
            i += 1
            continue
        if inline and not at_boundary and int(inline.group(1)) == expected and current is not None:
            # a justified first line broken into one word a line before its number ("the" /
            # "periodic" / … / "16. Welcomes" / "Secretary-General of …"): the words follow the verb
            entries = parts[id(current)]
            k = len(entries)
            while k > 1 and " " not in entries[k - 1][0].text and entries[k - 1][1] is None:
                k -= 1
            if k < len(entries) and _terminal(entries[k - 1][0].text):
                fragment = entries[k:]
                del entries[k:]
                current = start("operative", expected, ln, inline.group(2), ln.number, True)
                parts[id(current)].extend(fragment)
                expected += 1
                sub = None
                i += 1
                continue
        if inline and at_boundary and int(inline.group(1)) == expected:
            current = start("operative", expected, ln, inline.group(2), ln.number)
            expected += 1
            sub = None
            i += 1
            continue
        if inline and at_boundary and 1 <= int(inline.group(1)) <= 99 and inline.group(2)[:1].isupper():
            raise fail(ln.number, f"operative paragraph {expected}", f'"{inline.group(1)}."')
        s_only, s_inline = SUB_ONLY.fullmatch(text), SUB_INLINE.fullmatch(text)
        if current is not None and current.kind == "operative" and (s_only or s_inline) and at_boundary:
            sub = (s_only or s_inline).group(1)
            parts[id(current)].append((Line(ln.number, s_inline.group(2) if s_inline else ""), sub))
            i += 1
            continue
        if not operative and (current is None or (at_boundary and _opens_preamble(text))):
            current = start("preamble", len(preamble) + 1, ln, text)
            sub = None
            i += 1
            continue
        if current is None:
            raise fail(ln.number, "a preambular or operative paragraph", f'"{text}"')
        parts[id(current)].append((ln, sub))
        i += 1
    if pending is not None:
        raise fail(pending_line, f"the text of operative paragraph {pending}", "the end of the text")
    if not operative:
        raise fail(None, "operative paragraphs numbered from 1", "none")
    for p in preamble + operative:
        own = [ln for ln, s in parts[id(p)] if s is None]
        p.text = " ".join(ln.text for ln in own if ln.text)
        p.lines = [ln.number for ln, _ in parts[id(p)]]
        for ln, s in parts[id(p)]:
            if s is None:
                continue
            if not p.subparagraphs or p.subparagraphs[-1].letter != s:
                p.subparagraphs.append(SubParagraph(s, "", ln.number))
            sp = p.subparagraphs[-1]
            sp.lines.append(ln.number)
            if ln.text:
                sp.text = f"{sp.text} {ln.text}".strip()
    return preamble, operative, closing, annexes, None


def _statement(path, symbol, main, footnotes, body, furniture, fail) -> Document:
    title_i = next((i for i, ln in enumerate(main) if ln.text == "Statement by the President of the Security Council"), None)
    if title_i is None:
        raise fail(None, '"Statement by the President of the Security Council"', "none")
    heading, title_lines = main[:title_i], main[title_i : title_i + 1]
    rest = main[title_i + 1 :]
    if not rest or not PRST_ADOPTED.fullmatch(rest[0].text):
        raise fail(
            rest[0].number if rest else None,
            'an adoption line ("At the …th meeting of the Security Council, held on …")',
            f'"{rest[0].text}"' if rest else "none",
        )
    m = PRST_ADOPTED.fullmatch(rest[0].text)
    adoption = Adoption(parse_date(m.group(2)), m.group(2), m.group(1), rest[0].number, rest[0].text, rest[0].number)
    intro, paragraphs = [], []
    for ln in rest:
        if ln.text.startswith("“") and (not paragraphs or _terminal(paragraphs[-1].text)):
            paragraphs.append(Paragraph("statement", len(paragraphs) + 1, ln.text, ln.number, lines=[ln.number]))
        elif paragraphs:
            paragraphs[-1].text += " " + ln.text
            paragraphs[-1].lines.append(ln.number)
        else:
            intro.append(ln)
    if not paragraphs:
        raise fail(None, "the statement's paragraphs (each opening with “)", "none")
    return Document(
        path, symbol, "prst", title_lines[0].text, title_lines, adoption, heading, None, intro, [], paragraphs, [], footnotes, [], body, furniture
    )


def _record(path, symbol, body, furniture, fail) -> Document:
    date_ln = next((ln for ln in body[:40] if PV_DATE.fullmatch(ln.text)), None)
    meeting_ln = next((ln for ln in body[:40] if MEETING.fullmatch(ln.text)), None)
    if date_ln is None or meeting_ln is None:
        raise fail(None, 'the meeting and its date on the cover ("7050th meeting", "Monday, 28 October 2013, 10 a.m.")', "none")
    date_text = PV_DATE.fullmatch(date_ln.text).group(1)
    adoption = Adoption(parse_date(date_text), date_text, meeting_ln.text, date_ln.number, date_ln.text, meeting_ln.number)
    return Document(path, symbol, "meeting_record", "", [], adoption, list(body), None, [], [], [], [], [], [], body, furniture)
