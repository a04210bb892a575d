"""Hold a read document against its file: every body word once, in order; nothing added.

:func:`problems` compares a :class:`~briefing.texts.document.Document` with the raw text it was read
from, and returns what does not match (an empty list when the reading is exact):

- every non-blank line of the file is either furniture or body, and each body line belongs to
  exactly one block of ``Document.blocks()``;
- each block's words are the words of its lines, in the same order; for a paragraph whose number
  was put back (``repaired``) the same words, the number in front;
- nothing is in a block that is not on its lines.

It does not trust the reader's furniture: each furniture line must look like furniture
(:func:`furniture_kind`), so a body line wrongly set aside is reported too.
"""

from __future__ import annotations

from collections import Counter

from .document import Document
from .furniture import BARCODE, BARE_NUMBER, DATE_CODE, JOB, JOB_AND_PAGE, PAGE_NUMBER, RECYCLE, RULE
from .reader import NUMBER_GLUED

__all__ = ["problems", "words", "furniture_kind"]


def words(text: str) -> list[str]:
    return text.split()


def _line_words(text: str) -> list[str]:
    """A file line's words; a number run into a word ("Secretary7.") counts as the word and the number."""
    out = []
    for w in text.split():
        m = NUMBER_GLUED.fullmatch(w)
        out += [m.group(1), m.group(2) + "."] if m and not w[:1].isdigit() else [w]
    return out


def furniture_kind(text: str, page: int, heads: set[str]) -> str | None:
    """What sort of page furniture a line is, or None if it is not furniture."""
    for kind, pattern in (
        ("job number", JOB),
        ("barcode", BARCODE),
        ("please recycle", RECYCLE),
        ("page number", PAGE_NUMBER),
        ("footnote rule", RULE),
        ("footer", JOB_AND_PAGE),
    ):
        if pattern.fullmatch(text):
            return kind
    if BARE_NUMBER.fullmatch(text) and int(text) == page:
        return "page number"
    if DATE_CODE.fullmatch(text) and page == 1:
        return "date code"
    if text in heads:
        return "running head"
    return None


def problems(doc: Document, raw: str) -> list[str]:
    out: list[str] = []
    lines = raw.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    page, pages, texts = 1, {}, {}
    for i, t in enumerate(lines, start=1):
        if t.startswith("\f"):
            page += 1
        pages[i] = page
        texts[i] = t.replace("\f", "").rstrip(" ")
    body = {ln.number for ln in doc.body}
    furniture = {ln.number for ln in doc.furniture}
    # running heads: the symbol, or a line that heads at least two pages
    heads = {
        ln.text
        for ln in doc.furniture
        if not any(p.fullmatch(ln.text) for p in (JOB, BARCODE, RECYCLE, PAGE_NUMBER, RULE, JOB_AND_PAGE, BARE_NUMBER, DATE_CODE))
    }
    for text in sorted(heads):
        atop = {pages[n] for n in furniture if texts[n] == text}
        if text != doc.symbol and not text.startswith(doc.symbol) and len(atop) < 2:
            out.append(f"running head {text!r} heads only page {sorted(atop)} and is not the symbol")
    for n, t in texts.items():
        if not t:
            continue
        if n in body and n in furniture:
            out.append(f"line {n} is both body and furniture")
        elif n in furniture:
            if furniture_kind(t, pages[n], heads) is None:
                out.append(f"line {n} set aside as furniture does not look like furniture: {t!r}")
        elif n not in body:
            out.append(f"line {n} lost: {t!r}")
        elif texts[n] != next(ln.text for ln in doc.body if ln.number == n):
            out.append(f"line {n} altered")
    seen: Counter = Counter()
    blocks = doc.blocks()
    for b in blocks:
        seen.update(b.lines)
    for n in sorted(body):
        if seen[n] == 0:
            out.append(f"line {n} in no block: {texts[n]!r}")
        elif seen[n] > 1:
            out.append(f"line {n} in {seen[n]} blocks: {texts[n]!r}")
    for b in blocks:
        expected = [w for n in b.lines for w in _line_words(texts[n])]
        got = words(b.text)
        if b.reordered:
            if Counter(got) != Counter(expected):
                out.append(
                    f"{b.anchor}: words differ from lines {b.lines[0]}-{b.lines[-1]}: "
                    f"{sorted((Counter(got) - Counter(expected)).elements())} added, "
                    f"{sorted((Counter(expected) - Counter(got)).elements())} lost"
                )
        elif got != expected:
            where = b.anchor or b.kind
            first = next((i for i, (a, e) in enumerate(zip(got, expected)) if a != e), min(len(got), len(expected)))
            out.append(
                f"{where} (lines {b.lines[0]}-{b.lines[-1]}): word {first + 1} reads "
                f"{got[first] if first < len(got) else 'nothing'!r}, the file has "
                f"{expected[first] if first < len(expected) else 'nothing'!r}"
            )
    return out


def body_words(doc: Document) -> list[str]:
    """The document's words in reading order (what the book's page must carry)."""
    return [w for b in doc.blocks() for w in words(b.text)]
